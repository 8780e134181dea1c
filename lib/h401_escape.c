/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include "h401_escape.h"

void h401_buf_init(h401_buf *b, apr_pool_t *p, apr_size_t initial)
{
    b->pool = p;
    b->cap = initial ? initial : 256;
    b->data = apr_palloc(p, b->cap);
    b->len = 0;
    b->data[0] = '\0';
}

static void buf_reserve(h401_buf *b, apr_size_t more)
{
    char *bigger;
    apr_size_t need = b->len + more + 1;

    if (need <= b->cap) {
        return;
    }
    while (b->cap < need) {
        b->cap *= 2;
    }
    bigger = apr_palloc(b->pool, b->cap);
    memcpy(bigger, b->data, b->len + 1);
    b->data = bigger;
}

void h401_buf_add(h401_buf *b, const char *s, apr_size_t len)
{
    buf_reserve(b, len);
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void h401_buf_adds(h401_buf *b, const char *s)
{
    h401_buf_add(b, s, strlen(s));
}

/*
 * Writes at out, which has room for 6 bytes, what mode puts for c (a byte
 * special[] marks for mode), and returns its length.
 */
static apr_size_t escape_byte(char *out, unsigned char c, h401_esc_mode mode)
{
    static const char hex[] = "0123456789abcdef";
    const char *e;
    apr_size_t n;

    if (mode == H401_ESC_HTML) {
        switch (c) {
        case '&':  e = "&amp;";  break;
        case '<':  e = "&lt;";   break;
        case '>':  e = "&gt;";   break;
        case '"':  e = "&quot;"; break;
        default:   e = "&#39;";  break;   /* the one left: ' */
        }
    }
    else if (mode == H401_ESC_JSON) {
        switch (c) {
        case '"':  e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\n': e = "\\n";  break;
        case '\r': e = "\\r";  break;
        case '\t': e = "\\t";  break;
        default:
            /* Control characters and '<' (so JSON can sit inside a script
             * tag) become \u escapes. */
            memcpy(out, "\\u00", 4);
            out[4] = hex[c >> 4];
            out[5] = hex[c & 0xf];
            return 6;
        }
    }
    else {
        return 0;   /* text: c is a control character, and is dropped */
    }
    n = strlen(e);
    memcpy(out, e, n);
    return n;
}

/*
 * The length of the well-formed UTF-8 sequence at s (Unicode, table 3-7:
 * no overlong forms, no surrogates, nothing past U+10FFFF), or 0 when it
 * is ill-formed; *bad is then the length of its maximal subpart, the
 * bytes one U+FFFD replaces.
 */
static apr_size_t utf8_sequence(const unsigned char *s, const unsigned char *end,
                                apr_size_t *bad)
{
    unsigned char lo = 0x80, hi = 0xbf;
    apr_size_t need, i;

    if (s[0] < 0x80) {
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        need = 1;
    }
    else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        need = 2;
        lo = s[0] == 0xe0 ? 0xa0 : 0x80;
        hi = s[0] == 0xed ? 0x9f : 0xbf;
    }
    else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        need = 3;
        lo = s[0] == 0xf0 ? 0x90 : 0x80;
        hi = s[0] == 0xf4 ? 0x8f : 0xbf;
    }
    else {
        *bad = 1;
        return 0;
    }
    for (i = 1; i <= need; i++) {
        if (s + i >= end || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xbf;
    }
    return need + 1;
}

/*
 * Which bytes each mode cannot copy as they are: its special ASCII bytes,
 * and every byte >= 0x80, whose UTF-8 must be checked. With it, the
 * escapers find runs of plain bytes with one lookup a byte, and copy each
 * run with one memcpy, instead of deciding byte by byte.
 */
enum { ESC_HTML = 1, ESC_JSON = 2, ESC_TEXT = 4 };
#define C_  (ESC_JSON | ESC_TEXT)            /* control: \u00XX, or dropped */
#define U_  (ESC_HTML | ESC_JSON | ESC_TEXT) /* >= 0x80: UTF-8 to check */
#define HJ  (ESC_HTML | ESC_JSON)
#define H_  ESC_HTML
#define J_  ESC_JSON
#define U16 U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_
static const unsigned char special[256] = {
    C_, C_, C_, C_, C_, C_, C_, C_, C_, J_, J_, C_, C_, C_, C_, C_, /* \t \n */
    C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_, C_,
    0,  0,  HJ, 0,  0,  0,  H_, H_, 0,  0,  0,  0,  0,  0,  0,  0,  /* " & ' */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  HJ, 0,  H_, 0,  /* < > */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  J_, 0,  0,  0,  /* \ */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  C_, /* DEL */
    U16, U16, U16, U16, U16, U16, U16, U16
};
#undef C_
#undef U_
#undef HJ
#undef H_
#undef J_
#undef U16

static unsigned char mode_flag(h401_esc_mode mode)
{
    switch (mode) {
    case H401_ESC_HTML: return ESC_HTML;
    case H401_ESC_JSON: return ESC_JSON;
    default:            return ESC_TEXT;
    }
}

/* The end of the run at p that the mode copies unchanged: bytes it has no
 * escape for, and well-formed UTF-8. */
static const unsigned char *plain_run(const unsigned char *p,
                                      const unsigned char *end,
                                      unsigned char flag)
{
    apr_size_t n, bad;

    for (;;) {
        /* four bytes a step, then one */
        while (end - p >= 4 && !((special[p[0]] | special[p[1]] | special[p[2]]
                                  | special[p[3]]) & flag)) {
            p += 4;
        }
        while (p < end && !(special[*p] & flag)) {
            p++;
        }
        if (p == end || *p < 0x80 || !(n = utf8_sequence(p, end, &bad))) {
            return p;
        }
        p += n;
    }
}

apr_size_t h401_utf8_valid_prefix(const char *s, apr_size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    apr_size_t n, bad;

    while (p < end) {
        if (*p < 0x80) {
            p++;
        }
        else if ((n = utf8_sequence(p, end, &bad)) > 0) {
            p += n;
        }
        else {
            break;
        }
    }
    return (apr_size_t)(p - (const unsigned char *)s);
}

/* Whether the n-byte UTF-8 character at p is U+2028 or U+2029. */
static int is_line_separator(const unsigned char *p, apr_size_t n)
{
    return n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9);
}

void h401_buf_add_escaped(h401_buf *b, const char *s, h401_esc_mode mode)
{
    if (s) {
        h401_buf_add_escaped_len(b, s, strlen(s), mode);
    }
}

/*
 * Copies as it scans, four plain bytes a step, straight into room made
 * once: most values (a realm, a URL, a user name) have nothing to escape,
 * and are short enough that a separate scan and copy would cost more than
 * the bytes themselves.
 */
void h401_buf_add_escaped_len(h401_buf *b, const char *s, apr_size_t len,
                              h401_esc_mode mode)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;
    unsigned char flag = mode_flag(mode);
    apr_size_t n, bad;
    char *out;

    /* room for the rest of the input, and for one escape (6 bytes) */
    buf_reserve(b, len + 6);
    out = b->data + b->len;
    for (;;) {
        while (end - p >= 4 && !((special[p[0]] | special[p[1]] | special[p[2]]
                                  | special[p[3]]) & flag)) {
            memcpy(out, p, 4);
            out += 4;
            p += 4;
        }
        while (p < end && !(special[*p] & flag)) {
            *out++ = (char)*p++;
        }
        if (p == end) {
            break;
        }
        if (*p < 0x80) {
            out += escape_byte(out, *p++, mode);
        }
        else if ((n = utf8_sequence(p, end, &bad)) > 0) {
            if (mode == H401_ESC_JSON && is_line_separator(p, n)) {
                /* they end a line in JavaScript, not in JSON: escaped,
                 * the document is safe inside a script too */
                memcpy(out, p[2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
                out += 6;
            }
            else {
                memcpy(out, p, n);
                out += n;
            }
            p += n;
        }
        else {
            /* the page is UTF-8: bytes that are not become U+FFFD */
            memcpy(out, "\xef\xbf\xbd", 3);
            out += 3;
            p += bad;
        }
        /* an escape is longer than its byte: room again for the rest */
        b->len = (apr_size_t)(out - b->data);
        buf_reserve(b, (apr_size_t)(end - p) + 6);
        out = b->data + b->len;
    }
    b->len = (apr_size_t)(out - b->data);
    b->data[b->len] = '\0';
}

const char *h401_escape_html(apr_pool_t *p, const char *s)
{
    const unsigned char *end;
    apr_size_t len;
    h401_buf b;

    if (!s) {
        return s;
    }
    /* clean: nothing to escape, and UTF-8 throughout */
    len = strlen(s);
    end = (const unsigned char *)s + len;
    if (plain_run((const unsigned char *)s, end, ESC_HTML) == end) {
        return s;
    }
    h401_buf_init(&b, p, len + 32);
    h401_buf_add_escaped_len(&b, s, len, H401_ESC_HTML);
    return b.data;
}
