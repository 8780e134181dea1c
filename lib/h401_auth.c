/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include "h401_auth.h"

/*
 * These parsers run on every 401, so they look at each byte once, through
 * tables, and copy only the values they keep: parameter names and unused
 * values are compared in place, never allocated.
 */

/* Byte classes: RFC 9110 tchar, RFC 7235 token68 (without its '='
 * padding), both ASCII only as the RFCs define them; and the bytes that
 * stop a run of plain quoted-string content. */
enum { C_TCHAR = 1, C_T68 = 2, C_QEND = 4 };
#define T_  C_TCHAR
#define K_  C_T68
#define TK  (C_TCHAR | C_T68)
#define Q_  C_QEND
static const unsigned char char_class[256] = {
    /* 0x00-0x1f: controls; NUL ends a quoted-string too (unterminated) */
    Q_, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* sp  !   "   #   $   %   &   '   (   )   *   +   ,   -   .   /  */
    0,  T_, Q_, T_, T_, T_, T_, T_, 0,  0,  T_, TK, 0,  TK, TK, K_,
    /* 0   1   2   3   4   5   6   7   8   9   :   ;   <   =   >   ?  */
    TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, 0,  0,  0,  0,  0,  0,
    /* @   A   B   C   D   E   F   G   H   I   J   K   L   M   N   O  */
    0,  TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK,
    /* P   Q   R   S   T   U   V   W   X   Y   Z   [   \   ]   ^   _  */
    TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, 0,  Q_, 0,  T_, TK,
    /* `   a   b   c   d   e   f   g   h   i   j   k   l   m   n   o  */
    T_, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK,
    /* p   q   r   s   t   u   v   w   x   y   z   {   |   }   ~  DEL */
    TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, TK, 0,  T_, 0,  TK, 0,
    /* 0x80-0xff: 0 */
};
#undef T_
#undef K_
#undef TK
#undef Q_

/* Base64 (RFC 4648 section 4) value of each byte plus one; 0: not in the
 * alphabet ('=' included: padding is checked apart). */
static const unsigned char b64_plus1[256] = {
    /* 0x00-0x1f */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* sp  !   "   #   $   %   &   '   (   )   *   +   ,   -   .   /  */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  63, 0,  0,  0,  64,
    /* 0-9 */
    53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 0,  0,  0,  0,  0,  0,
    /* A-O */
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
    /* P-Z */
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 0,  0,  0,  0,  0,
    /* a-o */
    0,  27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41,
    /* p-z */
    42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 0,  0,  0,  0,  0,
    /* 0x80-0xff: 0 */
};

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return s;
}

/* The end of the token starting at s (s itself when there is none). */
static const char *token_end(const char *s)
{
    while (char_class[(unsigned char)*s] & C_TCHAR) {
        s++;
    }
    return s;
}

/* Whether byte c is w (a lower-case letter, a digit or '_') in any case,
 * as strcasecmp() sees it in the C locale. */
static int byte_is(int c, int w)
{
    return c == w || (w >= 'a' && w <= 'z' && c == w - ('a' - 'A'));
}

/* Whether the n bytes at s spell word, in any case. */
static int span_is(const char *s, apr_size_t n, const char *word,
                   apr_size_t word_len)
{
    apr_size_t i;

    if (n != word_len) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!byte_is((unsigned char)s[i], (unsigned char)word[i])) {
            return 0;
        }
    }
    return 1;
}
#define SPAN_IS(s, n, word) span_is((s), (n), word, sizeof(word) - 1)

int h401_scheme_is(const char *scheme, const char *name)
{
    /* most tell apart at the first letter: folded as ASCII (| 0x20 folds
     * letters and keeps other unequal bytes unequal) it spares a call */
    return scheme && name && (*scheme | 0x20) == (*name | 0x20)
           && strcasecmp(scheme, name) == 0;
}

const h401_challenge *h401_find_challenge(const apr_array_header_t *challenges,
                                          const char *scheme)
{
    int i;

    for (i = 0; challenges && i < challenges->nelts; i++) {
        const h401_challenge *c = &APR_ARRAY_IDX(challenges, i, h401_challenge);
        if (h401_scheme_is(c->scheme, scheme)) {
            return c;
        }
    }
    return NULL;
}

/* An auth-param as found in the header: nothing copied yet. */
typedef struct {
    const char *name;
    apr_size_t name_len;
    const char *value;        /* a token, or what is between the quotes */
    apr_size_t value_len;     /* raw length, backslashes included */
    apr_size_t unescaped_len; /* length once quoted-pairs are undone */
} auth_param;

#define NAME_IS(ap, word) SPAN_IS((ap)->name, (ap)->name_len, word)

/*
 * Finds the closing quote of the quoted-string whose content starts at q;
 * NULL if it is not terminated. *n gets the unescaped length, so a copy
 * is the value's size, not the rest of the header's (the fuzzers once
 * found quadratic memory with many quoted values).
 */
static const char *quoted_end(const char *q, apr_size_t *n)
{
    const char *start = q;
    apr_size_t escapes = 0;

    /* a run of plain bytes, then a quoted-pair, the closing quote or NUL */
    for (;;) {
        while (!(char_class[(unsigned char)*q] & C_QEND)) {
            q++;
        }
        if (*q != '\\') {
            break;
        }
        if (!q[1]) {
            return NULL;
        }
        q += 2;
        escapes++;
    }
    if (*q != '"') {
        return NULL;
    }
    *n = (apr_size_t)(q - start) - escapes;
    return q;
}

/*
 * Reads "name = value" at *s, in place. Returns 1 and fills *ap on
 * success; 0 when *s is not an auth-param (nothing consumed); -1 when it
 * starts like one but the value is broken (unterminated quote, no value).
 */
static int scan_param(const char **s, auth_param *ap)
{
    const char *name = *s;
    const char *cur = token_end(name);
    const char *end;

    if (cur == name) {
        return 0;
    }
    ap->name = name;
    ap->name_len = (apr_size_t)(cur - name);
    cur = skip_ws(cur);
    if (*cur != '=') {
        return 0;
    }
    cur = skip_ws(cur + 1);
    if (*cur == '=' || *cur == ',' || *cur == '\0') {
        return 0;   /* token68 with '=' padding, not a parameter */
    }
    if (*cur == '"') {
        end = quoted_end(cur + 1, &ap->unescaped_len);
        if (!end) {
            return -1;
        }
        ap->value = cur + 1;
        ap->value_len = (apr_size_t)(end - ap->value);
        cur = end + 1;
    }
    else {
        end = token_end(cur);
        if (end == cur) {
            return -1;
        }
        ap->value = cur;
        ap->value_len = ap->unescaped_len = (apr_size_t)(end - cur);
        cur = end;
    }
    *s = cur;
    return 1;
}

/* A copy of the parameter's value, quoted-pairs undone. */
static const char *param_value(apr_pool_t *p, const auth_param *ap)
{
    const char *v = ap->value, *end = v + ap->value_len;
    char *out, *o;

    if (ap->unescaped_len == ap->value_len) {
        return apr_pstrmemdup(p, v, ap->value_len);   /* no backslash */
    }
    out = o = apr_palloc(p, ap->unescaped_len + 1);
    for (; v < end; v++) {
        if (*v == '\\') {
            v++;
        }
        *o++ = *v;
    }
    *o = '\0';
    return out;
}

/* Whether the unescaped value spells word, in any case. */
static int param_value_is(const auth_param *ap, const char *word,
                          apr_size_t word_len)
{
    const char *v = ap->value, *end = v + ap->value_len;

    if (ap->unescaped_len != word_len) {
        return 0;
    }
    for (; v < end; v++, word++) {
        if (*v == '\\') {
            v++;
        }
        if (!byte_is((unsigned char)*v, (unsigned char)*word)) {
            return 0;
        }
    }
    return 1;
}

/* Keeps the parameters a challenge records; the others are only skipped. */
static void keep_challenge_param(apr_pool_t *p, h401_challenge *c,
                                 const auth_param *ap)
{
    if (NAME_IS(ap, "realm")) {
        if (!c->realm) {
            c->realm = param_value(p, ap);
        }
    }
    else if (NAME_IS(ap, "error")) {
        if (!c->error) {
            c->error = param_value(p, ap);
        }
    }
    else if (NAME_IS(ap, "error_description")) {
        if (!c->error_description) {
            c->error_description = param_value(p, ap);
        }
    }
    else if (NAME_IS(ap, "scope")) {
        if (!c->scope) {
            c->scope = param_value(p, ap);
        }
    }
    else if (NAME_IS(ap, "stale")) {
        c->stale = param_value_is(ap, "true", 4);   /* the last one counts */
    }
}

/* Skips a token68 at *s; returns 1 if one was there. */
static int skip_token68(const char **s)
{
    const char *cur = *s;

    while (char_class[(unsigned char)*cur] & C_T68) {
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
    auth_param ap;
    int count = 0;
    int got;

    if (!s) {
        return 0;
    }
    while (*s) {
        const char *scheme;

        s = skip_ws(s);
        if (*s == ',') {
            s++;
            continue;
        }
        if (!*s) {
            break;
        }
        if (current) {
            got = scan_param(&s, &ap);
            if (got == 1) {
                keep_challenge_param(p, current, &ap);
                continue;
            }
            if (got < 0) {
                break;   /* broken parameter: keep what was read so far */
            }
        }
        /* not a parameter: a new challenge starts with its scheme */
        scheme = s;
        s = token_end(s);
        if (s == scheme) {
            s++;     /* stray character: skip it rather than loop */
            continue;
        }
        if (count == H401_MAX_CHALLENGES) {
            break;   /* no real response offers more; memory stays small */
        }
        current = apr_array_push(challenges);
        memset(current, 0, sizeof(*current));
        current->scheme = apr_pstrmemdup(p, scheme, (apr_size_t)(s - scheme));
        count++;
        s = skip_ws(s);
        /* The first parameter is read here, once: it also tells whether
         * a token68 follows instead (e.g. "Negotiate abc=="). */
        got = scan_param(&s, &ap);
        if (got == 1) {
            keep_challenge_param(p, current, &ap);
        }
        else if (got < 0) {
            break;
        }
        else if (*s != ',') {
            const char *t = s;
            if (skip_token68(&t) && (*skip_ws(t) == ',' || !*skip_ws(t))) {
                s = t;
            }
        }
    }
    return count;
}

/*
 * Strict base64 of the n bytes at in: the alphabet, a length that is a
 * multiple of 4, at most two '=' and only at the end. Decodes as it
 * checks, with no copy of the input.
 */
static char *decode_base64_strict(apr_pool_t *p, const char *in, apr_size_t n,
                                  apr_size_t *out_len)
{
    apr_size_t i, pad = 0, o = 0;
    unsigned char *out;
    apr_uint32_t acc = 0;

    if (n == 0 || n % 4 != 0) {
        return NULL;
    }
    if (in[n - 1] == '=') {
        pad = in[n - 2] == '=' ? 2 : 1;
    }
    out = apr_palloc(p, n / 4 * 3 + 1);
    for (i = 0; i < n - pad; i++) {
        unsigned int v = b64_plus1[(unsigned char)in[i]];

        if (!v) {
            return NULL;   /* outside the alphabet, or '=' too early */
        }
        acc = (acc << 6) | (v - 1);
        if (i % 4 == 3) {
            out[o++] = (unsigned char)(acc >> 16);
            out[o++] = (unsigned char)(acc >> 8);
            out[o++] = (unsigned char)acc;
            acc = 0;
        }
    }
    if (pad) {
        /* the last group's '=' read as zero bits: 2 bytes, or 1 */
        acc <<= 6 * pad;
        out[o++] = (unsigned char)(acc >> 16);
        if (pad == 1) {
            out[o++] = (unsigned char)(acc >> 8);
        }
    }
    out[o] = '\0';
    *out_len = o;
    return (char *)out;
}

static void parse_basic(apr_pool_t *p, const char *rest, h401_credentials *out)
{
    apr_size_t n = strlen(rest), len = 0;
    char *decoded, *colon;

    /* trailing blanks are not part of the token68 */
    while (n && (rest[n - 1] == ' ' || rest[n - 1] == '\t')) {
        n--;
    }
    decoded = decode_base64_strict(p, rest, n, &len);
    if (!decoded || memchr(decoded, '\0', len) != NULL) {
        out->malformed = 1;
        return;
    }
    colon = memchr(decoded, ':', len);
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
    /* one bit per required parameter */
    enum { USERNAME = 1, REALM = 2, NONCE = 4, URI = 8, RESPONSE = 16,
           ALL = 31 };
    unsigned int seen = 0;
    const char *s = rest;
    auth_param ap;

    while (*s) {
        s = skip_ws(s);
        if (!*s) {
            break;
        }
        if (scan_param(&s, &ap) != 1) {
            out->malformed = 1;
            return;
        }
        /* only username and realm are copied; the last one counts */
        if (NAME_IS(&ap, "username")) {
            seen |= USERNAME;
            out->user = param_value(p, &ap);
        }
        else if (NAME_IS(&ap, "realm")) {
            seen |= REALM;
            out->realm = param_value(p, &ap);
        }
        else if (NAME_IS(&ap, "nonce")) {
            seen |= NONCE;
        }
        else if (NAME_IS(&ap, "uri")) {
            seen |= URI;
        }
        else if (NAME_IS(&ap, "response")) {
            seen |= RESPONSE;
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
    if (seen != ALL) {
        out->malformed = 1;
    }
}

/*
 * A Negotiate token (RFC 4559) is the base64 of a GSS-API token. httpd's
 * Kerberos modules decode it leniently (apr_base64_decode), so only what
 * none of them can read is taken as damaged: a byte outside the alphabet,
 * or '=' other than one or two at the end; a padding that does not add
 * up is decoded all the same, so it is let through. Windows, when it
 * has no Kerberos ticket for the site, sends a raw NTLM message in its
 * place; its signature "NTLMSSP\0" and 32-bit type are the first 12
 * bytes, the first 16 characters, decoded here without a copy.
 */
static void parse_negotiate(const char *rest, h401_credentials *out)
{
    static const char ntlm_signature[8] = "NTLMSSP";   /* with its NUL */
    apr_size_t n = strlen(rest), data = 0, i, o = 0;
    unsigned char head[12];
    apr_uint32_t acc = 0, type;

    while (n && (rest[n - 1] == ' ' || rest[n - 1] == '\t')) {
        n--;
    }
    while (data < n && b64_plus1[(unsigned char)rest[data]]) {
        data++;
    }
    i = data;
    while (i < n && rest[i] == '=') {
        i++;
    }
    if (data == 0 || i != n || n - data > 2) {
        out->malformed = 1;
        return;
    }
    if (data < 16) {
        return;
    }
    for (i = 0; i < 16; i++) {
        acc = (acc << 6) | (apr_uint32_t)(b64_plus1[(unsigned char)rest[i]] - 1);
        if (i % 4 == 3) {
            head[o++] = (unsigned char)(acc >> 16);
            head[o++] = (unsigned char)(acc >> 8);
            head[o++] = (unsigned char)acc;
            acc = 0;
        }
    }
    type = (apr_uint32_t)head[8] | (apr_uint32_t)head[9] << 8
           | (apr_uint32_t)head[10] << 16 | (apr_uint32_t)head[11] << 24;
    if (memcmp(head, ntlm_signature, sizeof(ntlm_signature)) == 0
        && type >= 1 && type <= 3) {
        out->ntlm = (int)type;
    }
}

void h401_parse_authorization(apr_pool_t *p, const char *value,
                              h401_credentials *out)
{
    const char *scheme, *s, *rest;
    apr_size_t len;

    memset(out, 0, sizeof(*out));
    if (!value) {
        return;
    }
    scheme = skip_ws(value);
    s = token_end(scheme);
    len = (apr_size_t)(s - scheme);
    out->scheme = len ? apr_pstrmemdup(p, scheme, len) : "";
    if (!len || (*s && *s != ' ' && *s != '\t')) {
        /* "Authorization:" with nothing, or junk where a scheme goes */
        out->malformed = 1;
        return;
    }
    rest = skip_ws(s);
    if (SPAN_IS(scheme, len, "basic")) {
        parse_basic(p, rest, out);
    }
    else if (SPAN_IS(scheme, len, "digest")) {
        parse_digest(p, rest, out);
    }
    else if (SPAN_IS(scheme, len, "negotiate")) {
        parse_negotiate(rest, out);
    }
    else if (!*rest) {
        out->malformed = 1;   /* a scheme with no credentials at all */
    }
}
