/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Fuzzes the template compiler, its preparation and rendering, and the
 * messages.txt loader: one input is one template text, and one messages
 * file. */
#include <string.h>
#include "fuzz.h"
#include "h401_template.h"
#include "h401_messages.h"
#include "h401_page.h"
#include "h401_builtin.h"
#include "h401_prepared.h"

static const h401_tpl *footer[3];   /* a partial, one per mode */
static const h401_tpl *message;     /* a message template, as pages get them */
static const h401_messages *english;
static const h401_pageset *shipped;   /* the shipped set, under the input's */

static const char *const known_names[] = {
    "realm", "user", "empty", "remedies", "text", "title", "self", "msg", NULL
};

static const h401_tpl *compile_or_die(const char *text, h401_esc_mode mode,
                                      int escape_literal)
{
    h401_tpl_options opt;
    const h401_tpl *tpl;
    const char *err;

    memset(&opt, 0, sizeof(opt));
    opt.mode = mode;
    opt.escape_literal = escape_literal;
    err = h401_tpl_compile(fuzz_static_pool, "init", text, &opt, &tpl);
    if (err) {
        fprintf(stderr, "fuzz_template: %s\n", err);
        abort();
    }
    return tpl;
}

static const h401_tpl *find_partial(void *baton, const char *name)
{
    const h401_tpl *const *by_mode = baton;

    return strcmp(name, "footer") == 0 ? *by_mode : NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    h401_messages *m;
    const char *err;
    int i;

    (void)argc;
    (void)argv;
    fuzz_setup();
    for (i = 0; i < 3; i++) {
        footer[i] = compile_or_die("<footer>{{realm}}{{#remedies}}[{{text}}]{{/remedies}}</footer>",
                                   (h401_esc_mode)i, 0);
    }
    message = compile_or_die("Log in to {{realm}}{{^user}} (no user){{/user}} <&>\"'",
                             H401_ESC_TEXT, 1);
    err = h401_messages_load(fuzz_static_pool, "en/messages.txt",
                             h401_builtin_get(NULL, fuzz_static_pool, "en/messages.txt"),
                             NULL, h401_page_variables, &m);
    if (err) {
        fprintf(stderr, "fuzz_template: %s\n", err);
        abort();
    }
    english = m;
    {
        apr_array_header_t *langs = apr_array_make(fuzz_static_pool, 1, sizeof(const char *));
        h401_pageset *set;

        APR_ARRAY_PUSH(langs, const char *) = "en";
        err = h401_pageset_load(fuzz_static_pool, h401_builtin_get, NULL, langs, NULL,
                                "templates/", &set);
        if (err) {
            fprintf(stderr, "fuzz_template: %s\n", err);
            abort();
        }
        shipped = set;
    }
    return 0;
}

/* The values a page would give, with the compiled input among them as a
 * message when self is not NULL (a message may name other messages, or
 * itself). */
static h401_vars *make_vars(const h401_tpl *self)
{
    h401_vars *v = h401_vars_make(fuzz_pool, NULL);
    h401_vars *item;

    h401_vars_set(v, "realm", "Staff <\"only\"> & 'co'\x01\x7f\n\t\\");
    h401_vars_set(v, "user", "bob");
    h401_vars_set(v, "empty", "");
    h401_vars_set_tpl(v, "msg", message);
    if (self) {
        h401_vars_set_tpl(v, "self", self);
    }
    item = h401_vars_add_item(v, "remedies");
    h401_vars_set(item, "text", "one");
    item = h401_vars_add_item(v, "remedies");
    h401_vars_set_tpl(item, "text", message);
    h401_vars_set(item, "user", NULL);
    return v;
}

/* What the escapers promise, as far as the template's own text cannot
 * have put it there: no '<' from a value in HTML or JSON (the footer
 * partial's tags aside), no control character from a value in JSON or
 * text (text keeps tab and newline). */
static void check_escaped(const char *text, const char *out, size_t len,
                          h401_esc_mode mode)
{
    /* libc's scans, with lengths: a byte loop here would be traced by the
     * fuzzer's instrumentation on every byte of output, and repeated
     * strchr() would cost the square of it under strict_string_checks */
    static const char controls[] =
        "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f";
    const char *s, *end = out + len;
    const char *c;

    if (mode != H401_ESC_TEXT && !strchr(text, '<')) {
        for (s = memchr(out, '<', len); s; s = memchr(s + 1, '<', (size_t)(end - s - 1))) {
            FUZZ_ASSERT(strncmp(s, "<footer>", 8) == 0 || strncmp(s, "</footer>", 9) == 0);
        }
    }
    if (text[strcspn(text, controls)]) {
        return;   /* the template's own text has control characters */
    }
    for (c = controls; *c; c++) {
        /* JSON escapes them all; text keeps tab and newline */
        if (mode == H401_ESC_JSON || (mode == H401_ESC_TEXT && *c != '\t' && *c != '\n')) {
            FUZZ_ASSERT(memchr(out, *c, len) == NULL);
        }
    }
}

/* The one semantics, two ways: the template prepared at load with holes
 * for realm, user and a list "items" of two, then filled, as pages are;
 * and the same template prepared with all those values fixed. Where both
 * can be prepared (a hole counts its longest value against the page's
 * limit, a fixed value its own length against the work limit, so one may
 * be refused alone), they give the very same bytes. */
static void prepare_and_render(const h401_tpl *tpl, const h401_vars *vars,
                               const char *text, h401_esc_mode mode)
{
    static const h401_slot_name slot_names[] = {
        { "realm", 0 }, { "user", 0 }, { "items", 1 }, { "name", 0 }
    };
    static const h401_item_value first[] = { { 3, "<first> \x01" } };
    static const h401_item_value second[] = { { 3, NULL }, { 0, "item realm" } };
    static const h401_item items[] = { { first, 1 }, { second, 2 } };
    const h401_prepared *with_holes, *all_fixed;
    h401_slot slots[4];
    h401_buf buf, whole;
    const char *err;

    memset(slots, 0, sizeof(slots));
    slots[0].text = h401_vars_get(vars, "realm");
    slots[1].text = h401_vars_get(vars, "user");
    slots[2].items = items;
    slots[2].nitems = 2;
    err = h401_prepare(fuzz_pool, tpl, vars, slot_names, 4, &with_holes);
    FUZZ_ASSERT(!err == !!with_holes);
    if (err) {
        FUZZ_ASSERT(strncmp(err, "fuzz.tpl:", 9) == 0 || strncmp(err, "init:", 5) == 0);
        return;
    }
    h401_buf_init(&buf, fuzz_pool, 64);
    FUZZ_ASSERT(h401_prepared_render(with_holes, slots, &buf) == 0);
    FUZZ_ASSERT(buf.data[buf.len] == '\0' && strlen(buf.data) == buf.len);
    check_escaped(text, buf.data, buf.len, mode);
    if (h401_prepare(fuzz_pool, tpl, h401_slots_to_vars(fuzz_pool, vars, slot_names, slots, 4),
                     NULL, 0, &all_fixed)) {
        return;
    }
    h401_buf_init(&whole, fuzz_pool, 64);
    h401_prepared_render(all_fixed, NULL, &whole);
    FUZZ_ASSERT(buf.len == whole.len && memcmp(buf.data, whole.data, buf.len) == 0);
}

static void compile_and_render(const char *text, h401_esc_mode mode,
                               const char *const *known, int escape_literal,
                               int as_message)
{
    h401_tpl_options opt;
    const h401_tpl *tpl = (const h401_tpl *)&opt;   /* must become NULL on error */
    const h401_vars *vars;
    const char *err;
    h401_buf buf;

    memset(&opt, 0, sizeof(opt));
    opt.mode = mode;
    opt.escape_literal = escape_literal;
    opt.known = known;
    opt.partial = find_partial;
    opt.baton = (void *)&footer[mode];
    err = h401_tpl_compile(fuzz_pool, "fuzz.tpl", text, &opt, &tpl);
    if (err) {
        FUZZ_ASSERT(tpl == NULL);
        FUZZ_ASSERT(strncmp(err, "fuzz.tpl:", 9) == 0);
        return;
    }
    FUZZ_ASSERT(tpl != NULL);
    vars = make_vars(as_message ? tpl : NULL);
    h401_buf_init(&buf, fuzz_pool, 64);
    h401_tpl_render(tpl, vars, &buf);
    FUZZ_ASSERT(buf.data[buf.len] == '\0' && strlen(buf.data) == buf.len);
    check_escaped(text, buf.data, buf.len, mode);
    prepare_and_render(tpl, vars, text, mode);
}

/* The input as the en/messages.txt of a set over the shipped one: where
 * it loads, every cause's page renders in each format, prepared at load
 * and filled, as the module does, to the bytes the same page prepared
 * with every value fixed gives. */
static const char *input_file(void *baton, apr_pool_t *p, const char *path)
{
    return strcmp(path, "en/messages.txt") == 0 ? baton : h401_builtin_get(NULL, p, path);
}

static void render_pages(const char *text)
{
    apr_array_header_t *langs = apr_array_make(fuzz_pool, 1, sizeof(const char *));
    apr_array_header_t *sent = apr_array_make(fuzz_pool, 1, sizeof(const char *));
    h401_page_facts f;
    h401_pageset *set;
    int cause, format;

    APR_ARRAY_PUSH(langs, const char *) = "en";
    if (h401_pageset_load(fuzz_pool, input_file, (void *)text, langs, shipped, "fuzz/",
                          &set)) {
        return;
    }
    APR_ARRAY_PUSH(sent, const char *) = "Basic realm=\"<r>\"";
    memset(&f, 0, sizeof(f));
    f.lang = h401_pageset_language(set, NULL, "en");
    f.realm = "<r> & \"q\"\x01";
    f.user = text;   /* the input, up to its first NUL: a value of any length */
    f.url = "http://example.org/a?b=<c>";
    f.contact = "mailto:a@example.org";
    f.challenge_headers = sent;
    f.token_delta_known = 1;
    f.token_delta = -7200;
    f.scope = "read <all>";
    /* one sign-in method an input, so that inputs with method keys
     * (cause.ID.title.bearer) reach their pages */
    f.method = (h401_signin)(strlen(text) % H401_SIGNIN_COUNT);
    for (cause = 0; cause < H401_CAUSE_COUNT; cause++) {
        for (format = 0; format < 3; format++) {
            h401_buf filled, fixed;

            f.cause = (h401_cause)cause;
            f.format = (h401_format)format;
            h401_buf_init(&filled, fuzz_pool, 4096);
            h401_buf_init(&fixed, fuzz_pool, 4096);
            if (h401_page_render(set, &f, &filled) == 0
                && h401_page_render_unprepared(set, &f, &fixed)) {
                FUZZ_ASSERT(filled.len == fixed.len
                            && memcmp(filled.data, fixed.data, filled.len) == 0);
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    h401_messages *m = (h401_messages *)text;   /* must become NULL on error */
    const char *err;
    int mode;

    /* the input is also a message naming itself in one mode only: such
     * input may fan out to the work limit of preparing, which is slow
     * enough under the sanitizers to cost the fuzzer much of its speed if
     * done six times */
    for (mode = H401_ESC_HTML; mode <= H401_ESC_JSON; mode++) {
        compile_and_render(text, (h401_esc_mode)mode, NULL, 0, 0);
        compile_and_render(text, (h401_esc_mode)mode, known_names,
                           mode == H401_ESC_TEXT, mode == (int)(size % 3));
    }

    err = h401_messages_load(fuzz_pool, "fuzz.txt", text, english,
                             h401_page_variables, &m);
    if (err) {
        FUZZ_ASSERT(m == NULL && strncmp(err, "fuzz.txt", 8) == 0);
    }
    else {
        FUZZ_ASSERT(m != NULL);
        render_pages(text);
    }
    m = (h401_messages *)text;
    err = h401_messages_load(fuzz_pool, "fuzz.txt", text, NULL, NULL, &m);
    if (err) {
        FUZZ_ASSERT(m == NULL);
    }
    else {
        FUZZ_ASSERT(m != NULL);
    }
    fuzz_reset();
    return 0;
}
