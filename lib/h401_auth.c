/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "h401_auth.h"

/* RFC 9110 tchar */
static int is_tchar(unsigned char c)
{
    return apr_isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 7235 token68 adds '/' and trailing '=' to the base64 alphabet */
static int is_token68_char(unsigned char c)
{
    return apr_isalnum(c) || (c && strchr("-._~+/", c) != NULL);
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return s;
}

int h401_scheme_is(const char *scheme, const char *name)
{
    return scheme && name && strcasecmp(scheme, name) == 0;
}

/* Reads a token at *s; returns it (or NULL when none) and advances *s. */
static const char *read_token(apr_pool_t *p, const char **s)
{
    const char *start = *s;

    while (is_tchar((unsigned char)**s)) {
        (*s)++;
    }
    return *s > start ? apr_pstrmemdup(p, start, (apr_size_t)(*s - start))
                      : NULL;
}

/*
 * Reads a quoted-string at *s (which points at the opening quote) and
 * returns its unescaped content, or NULL if it is not terminated.
 */
static const char *read_quoted(apr_pool_t *p, const char **s)
{
    const char *q = *s + 1, *end;
    apr_size_t n = 0;
    char *out, *o;

    /* find the closing quote first: the copy is the value's size, not the
     * rest of the header's, so many quoted values cost linear memory */
    for (end = q; *end && *end != '"'; end++, n++) {
        if (*end == '\\') {
            if (!end[1]) {
                return NULL;
            }
            end++;
        }
    }
    if (*end != '"') {
        return NULL;
    }
    out = o = apr_palloc(p, n + 1);
    for (; q < end; q++) {
        if (*q == '\\') {
            q++;
        }
        *o++ = *q;
    }
    *o = '\0';
    *s = end + 1;
    return out;
}

/*
 * Reads "name = value" at *s. Returns 1 and fills name/value on success;
 * 0 when *s is not an auth-param (nothing consumed); -1 when it starts
 * like one but the value is broken (unterminated quote, no value).
 */
static int read_param(apr_pool_t *p, const char **s, const char **name,
                      const char **value)
{
    const char *cur = *s;
    const char *n = read_token(p, &cur);

    if (!n) {
        return 0;
    }
    cur = skip_ws(cur);
    if (*cur != '=') {
        return 0;
    }
    cur = skip_ws(cur + 1);
    if (*cur == '=' || *cur == ',' || *cur == '\0') {
        return 0;   /* token68 with '=' padding, not a parameter */
    }
    if (*cur == '"') {
        *value = read_quoted(p, &cur);
        if (!*value) {
            return -1;
        }
    }
    else {
        *value = read_token(p, &cur);
        if (!*value) {
            return -1;
        }
    }
    *name = n;
    *s = cur;
    return 1;
}

/* Skips a token68 at *s; returns 1 if one was there. */
static int skip_token68(const char **s)
{
    const char *cur = *s;

    while (is_token68_char((unsigned char)*cur)) {
        cur++;
    }
    if (cur == *s) {
        return 0;
    }
    while (*cur == '=') {
        cur++;
    }
    *s = cur;
    return 1;
}

int h401_parse_challenges(apr_pool_t *p, const char *value,
                          apr_array_header_t *challenges)
{
    const char *s = value;
    h401_challenge *current = NULL;
    int count = 0;

    if (!s) {
        return 0;
    }
    while (*s) {
        const char *name, *pvalue;
        int got;

        s = skip_ws(s);
        if (*s == ',') {
            s++;
            continue;
        }
        if (!*s) {
            break;
        }
        if (current) {
            got = read_param(p, &s, &name, &pvalue);
            if (got == 1) {
                if (strcasecmp(name, "realm") == 0 && !current->realm) {
                    current->realm = pvalue;
                }
                else if (strcasecmp(name, "error") == 0 && !current->error) {
                    current->error = pvalue;
                }
                else if (strcasecmp(name, "error_description") == 0
                         && !current->error_description) {
                    current->error_description = pvalue;
                }
                else if (strcasecmp(name, "stale") == 0) {
                    current->stale = strcasecmp(pvalue, "true") == 0;
                }
                continue;
            }
            if (got < 0) {
                break;   /* broken parameter: keep what was read so far */
            }
        }
        /* not a parameter: a new challenge starts with its scheme */
        name = read_token(p, &s);
        if (!name) {
            s++;     /* stray character: skip it rather than loop */
            continue;
        }
        current = apr_array_push(challenges);
        memset(current, 0, sizeof(*current));
        current->scheme = name;
        count++;
        s = skip_ws(s);
        {
            const char *look = s;
            const char *n2, *v2;
            /* a token68 right after the scheme (e.g. "Negotiate abc==") */
            if (read_param(p, &look, &n2, &v2) == 0 && *s != ',') {
                const char *t = s;
                if (skip_token68(&t) && (*skip_ws(t) == ',' || !*skip_ws(t))) {
                    s = t;
                }
            }
        }
    }
    return count;
}

static int base64_char_ok(unsigned char c)
{
    return apr_isalnum(c) || c == '+' || c == '/';
}

/* Strict base64: alphabet, length a multiple of 4, '=' only at the end. */
static char *decode_base64_strict(apr_pool_t *p, const char *in,
                                  apr_size_t *out_len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    apr_size_t n = strlen(in), i, pad = 0, o = 0;
    unsigned char *out;
    apr_uint32_t acc = 0;

    if (n == 0 || n % 4 != 0) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '=') {
            if (i < n - 2) {
                return NULL;
            }
            pad++;
        }
        else if (pad || !base64_char_ok(c)) {
            return NULL;
        }
    }
    out = apr_palloc(p, n / 4 * 3 + 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        acc = (acc << 6)
              | (c == '=' ? 0u : (apr_uint32_t)(strchr(alphabet, c) - alphabet));
        if (i % 4 == 3) {
            out[o++] = (unsigned char)(acc >> 16);
            out[o++] = (unsigned char)(acc >> 8);
            out[o++] = (unsigned char)acc;
            acc = 0;
        }
    }
    o -= pad;
    out[o] = '\0';
    *out_len = o;
    return (char *)out;
}

static void parse_basic(apr_pool_t *p, const char *rest, h401_credentials *out)
{
    apr_size_t len = 0;
    char *decoded = decode_base64_strict(p, rest, &len);
    char *colon;

    if (!decoded || memchr(decoded, '\0', len) != NULL) {
        out->malformed = 1;
        return;
    }
    colon = strchr(decoded, ':');
    if (!colon) {
        out->malformed = 1;
        return;
    }
    *colon = '\0';
    out->user = decoded;
}

static void parse_digest(apr_pool_t *p, const char *rest,
                         h401_credentials *out)
{
    static const char *const required[] = {
        "username", "realm", "nonce", "uri", "response"
    };
    int seen[5] = { 0, 0, 0, 0, 0 };
    const char *s = rest;
    apr_size_t i;

    while (*s) {
        const char *name, *value;

        s = skip_ws(s);
        if (!*s) {
            break;
        }
        if (read_param(p, &s, &name, &value) != 1) {
            out->malformed = 1;
            return;
        }
        for (i = 0; i < 5; i++) {
            if (strcasecmp(name, required[i]) == 0) {
                seen[i] = 1;
            }
        }
        if (strcasecmp(name, "username") == 0) {
            out->user = value;
        }
        else if (strcasecmp(name, "realm") == 0) {
            out->realm = value;
        }
        s = skip_ws(s);
        if (*s == ',') {
            s++;
        }
        else if (*s) {
            out->malformed = 1;
            return;
        }
    }
    for (i = 0; i < 5; i++) {
        if (!seen[i]) {
            out->malformed = 1;
            return;
        }
    }
}

void h401_parse_authorization(apr_pool_t *p, const char *value,
                              h401_credentials *out)
{
    const char *s;
    const char *rest;

    memset(out, 0, sizeof(*out));
    if (!value) {
        return;
    }
    s = skip_ws(value);
    out->scheme = read_token(p, &s);
    if (!out->scheme || (*s && *s != ' ' && *s != '\t')) {
        /* "Authorization:" with nothing, or junk where a scheme goes */
        out->scheme = out->scheme ? out->scheme : "";
        out->malformed = 1;
        return;
    }
    rest = skip_ws(s);
    if (h401_scheme_is(out->scheme, "Basic")) {
        char *trimmed = apr_pstrdup(p, rest);
        apr_size_t n = strlen(trimmed);
        while (n && (trimmed[n - 1] == ' ' || trimmed[n - 1] == '\t')) {
            trimmed[--n] = '\0';
        }
        parse_basic(p, trimmed, out);
    }
    else if (h401_scheme_is(out->scheme, "Digest")) {
        parse_digest(p, rest, out);
    }
    else if (!*rest) {
        out->malformed = 1;   /* a scheme with no credentials at all */
    }
}
