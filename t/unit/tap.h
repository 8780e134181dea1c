/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file tap.h
 * @brief A tiny header-only TAP producer for the C unit tests of lib/.
 *
 *   ok(cond, "name %s", arg)         passes when cond is true
 *   is_str(got, want, "name")        string equality (NULL equals NULL only)
 *   is_int(got, want, "name")        integer equality
 *   has_str(text, part, "name")      text contains part
 *   lacks_str(text, part, "name")    text does not contain part
 *   skip("reason")                   one skipped test
 *   diag("fmt", ...)                 a "# " comment line
 *   plan(n)                          announce n tests up front (optional)
 *   return done_testing();           prints "1..N" (if no plan) and gives
 *                                    the exit status: 0 when all passed
 *
 * Names are printf formats; pass "%s" and the text for a name that is not
 * a literal. A failure prints file:line and, for the comparisons, what was
 * got and what was wanted, as TAP diagnostics on stderr.
 */
#ifndef H401_TAP_H
#define H401_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define TAP_UNUSED __attribute__((unused))
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TAP_UNUSED
#define TAP_PRINTF(f, a)
#endif

typedef struct {
    int run;        /* tests run so far */
    int failed;     /* of which failed */
    int planned;    /* announced plan, or -1 */
} tap_state;

static inline TAP_UNUSED tap_state *tap_st(void)
{
    static tap_state st = { 0, 0, -1 };
    return &st;
}

static inline TAP_UNUSED void plan(int n)
{
    tap_st()->planned = n;
    printf("1..%d\n", n);
    fflush(stdout);
}

/* Prints each line of text as a TAP comment on stderr. */
static inline TAP_UNUSED void tap_comment(const char *text)
{
    const char *s = text;

    fflush(stdout);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        fprintf(stderr, "# %.*s\n", (int)n, s);
        s += n + (nl ? 1 : 0);
    }
    fflush(stderr);
}

static inline TAP_UNUSED TAP_PRINTF(1, 2) void diag(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    tap_comment(msg);
}

/* Prints the "ok N - name" line; '#' in a name is escaped as TAP asks. */
static inline TAP_UNUSED TAP_PRINTF(4, 0)
int tap_result(int pass, const char *file, int line, const char *fmt, va_list ap)
{
    tap_state *st = tap_st();
    char name[1024];
    const char *s;

    vsnprintf(name, sizeof(name), fmt, ap);
    st->run++;
    if (!pass) {
        st->failed++;
    }
    printf("%sok %d - ", pass ? "" : "not ", st->run);
    for (s = name; *s; s++) {
        if (*s == '#') {
            fputs("\\#", stdout);
        }
        else if (*s == '\n') {
            fputs("\\n", stdout);
        }
        else {
            putchar(*s);
        }
    }
    putchar('\n');
    fflush(stdout);
    if (!pass) {
        fprintf(stderr, "#   Failed test '%s'\n#   at %s line %d.\n", name, file, line);
        fflush(stderr);
    }
    return pass;
}

/* Shows a string for a diagnostic: quoted, control characters escaped,
 * cut after limit bytes. */
static inline TAP_UNUSED void tap_show(const char *label, const char *s,
                                       size_t limit)
{
    size_t i;

    if (!s) {
        fprintf(stderr, "#   %8s: NULL\n", label);
        return;
    }
    fprintf(stderr, "#   %8s: \"", label);
    for (i = 0; s[i] && i < limit; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            fputs("\\n", stderr);
        }
        else if (c == '"' || c == '\\') {
            fprintf(stderr, "\\%c", c);
        }
        else if (c < 0x20 || c == 0x7f) {
            fprintf(stderr, "\\x%02x", c);
        }
        else {
            fputc(c, stderr);
        }
    }
    fprintf(stderr, "\"%s (%lu bytes)\n", s[i] ? "..." : "",
            (unsigned long)strlen(s));
    fflush(stderr);
}

static inline TAP_UNUSED TAP_PRINTF(4, 5)
int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    pass = tap_result(pass, file, line, fmt, ap);
    va_end(ap);
    return pass;
}

static inline TAP_UNUSED TAP_PRINTF(5, 6)
int tap_is_str(const char *got, const char *want, const char *file, int line,
               const char *fmt, ...)
{
    int pass = (got == NULL && want == NULL)
               || (got && want && strcmp(got, want) == 0);
    va_list ap;

    va_start(ap, fmt);
    tap_result(pass, file, line, fmt, ap);
    va_end(ap);
    if (!pass) {
        tap_show("got", got, 4000);
        tap_show("expected", want, 4000);
    }
    return pass;
}

static inline TAP_UNUSED TAP_PRINTF(5, 6)
int tap_is_int(long long got, long long want, const char *file, int line,
               const char *fmt, ...)
{
    int pass = got == want;
    va_list ap;

    va_start(ap, fmt);
    tap_result(pass, file, line, fmt, ap);
    va_end(ap);
    if (!pass) {
        fprintf(stderr, "#        got: %lld\n#   expected: %lld\n", got, want);
        fflush(stderr);
    }
    return pass;
}

/* has_str (want_found 1) and lacks_str (want_found 0). */
static inline TAP_UNUSED TAP_PRINTF(6, 7)
int tap_has_str(const char *text, const char *part, int want_found,
                const char *file, int line, const char *fmt, ...)
{
    const char *at = (text && part) ? strstr(text, part) : NULL;
    int pass = text && part && ((at != NULL) == want_found);
    va_list ap;

    va_start(ap, fmt);
    tap_result(pass, file, line, fmt, ap);
    va_end(ap);
    if (!pass) {
        tap_show(want_found ? "missing" : "found", part, 4000);
        if (at) {
            tap_show("at", at, 200);
        }
        else {
            tap_show("in", text, 1000);
        }
    }
    return pass;
}

static inline TAP_UNUSED TAP_PRINTF(1, 2) void skip(const char *fmt, ...)
{
    char why[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    printf("ok %d # skip %s\n", ++tap_st()->run, why);
    fflush(stdout);
}

/* Ends the run: prints the plan when none was given, and returns the exit
 * status for main (the number of failures, at most 254; 255 for a plan
 * that does not match). */
static inline TAP_UNUSED int done_testing(void)
{
    tap_state *st = tap_st();

    if (st->planned < 0) {
        printf("1..%d\n", st->run);
    }
    fflush(stdout);
    if (st->failed) {
        fprintf(stderr, "# Looks like you failed %d test%s of %d.\n",
                st->failed, st->failed == 1 ? "" : "s", st->run);
    }
    if (st->planned >= 0 && st->planned != st->run) {
        fprintf(stderr, "# Looks like you planned %d tests but ran %d.\n",
                st->planned, st->run);
        return 255;
    }
    return st->failed > 254 ? 254 : st->failed;
}

#define ok(cond, ...) \
    tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) \
    tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
    tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define has_str(text, part, ...) \
    tap_has_str((text), (part), 1, __FILE__, __LINE__, __VA_ARGS__)
#define lacks_str(text, part, ...) \
    tap_has_str((text), (part), 0, __FILE__, __LINE__, __VA_ARGS__)

#endif
