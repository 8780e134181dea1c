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

static const char *html_entity(unsigned char c)
{
    switch (c) {
    case '&':  return "&amp;";
    case '<':  return "&lt;";
    case '>':  return "&gt;";
    case '"':  return "&quot;";
    case '\'': return "&#39;";
    default:   return NULL;
    }
}

static void add_json_char(h401_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    char esc[7];

    switch (c) {
    case '"':  h401_buf_add(b, "\\\"", 2); return;
    case '\\': h401_buf_add(b, "\\\\", 2); return;
    case '\n': h401_buf_add(b, "\\n", 2);  return;
    case '\r': h401_buf_add(b, "\\r", 2);  return;
    case '\t': h401_buf_add(b, "\\t", 2);  return;
    default:
        break;
    }
    /* Control characters and '<' (so JSON can sit inside a script tag)
     * become \u escapes. */
    if (c < 0x20 || c == 0x7f || c == '<') {
        memcpy(esc, "\\u00", 4);
        esc[4] = hex[c >> 4];
        esc[5] = hex[c & 0xf];
        h401_buf_add(b, esc, 6);
        return;
    }
    h401_buf_add(b, (const char *)&c, 1);
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

void h401_buf_add_escaped(h401_buf *b, const char *s, h401_esc_mode mode)
{
    if (s) {
        h401_buf_add_escaped_len(b, s, strlen(s), mode);
    }
}

void h401_buf_add_escaped_len(h401_buf *b, const char *s, apr_size_t len,
                              h401_esc_mode mode)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;
    const unsigned char *run = p;

    for (; p < end; p++) {
        const char *entity = NULL;
        int plain;

        if (*p >= 0x80) {
            /* the page is UTF-8: bytes that are not become U+FFFD */
            apr_size_t bad = 1, n = utf8_sequence(p, end, &bad);

            if (n) {
                p += n - 1;
                continue;
            }
            h401_buf_add(b, (const char *)run, (apr_size_t)(p - run));
            h401_buf_add(b, "\xef\xbf\xbd", 3);
            p += bad - 1;
            run = p + 1;
            continue;
        }
        switch (mode) {
        case H401_ESC_HTML:
            entity = html_entity(*p);
            plain = (entity == NULL);
            break;
        case H401_ESC_JSON:
            plain = !(*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\'
                      || *p == '<');
            break;
        default: /* text: keep tabs and newlines, drop other controls */
            plain = !((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f);
            break;
        }
        if (plain) {
            continue;
        }
        h401_buf_add(b, (const char *)run, (apr_size_t)(p - run));
        run = p + 1;
        if (entity) {
            h401_buf_adds(b, entity);
        }
        else if (mode == H401_ESC_JSON) {
            add_json_char(b, *p);
        }
    }
    h401_buf_add(b, (const char *)run, (apr_size_t)(p - run));
}

const char *h401_escape_html(apr_pool_t *p, const char *s)
{
    const unsigned char *u, *end;
    apr_size_t n, bad;
    h401_buf b;

    if (!s) {
        return s;
    }
    /* clean: nothing to escape, and UTF-8 throughout */
    end = (const unsigned char *)s + strlen(s);
    for (u = (const unsigned char *)s; u < end; u += n) {
        n = utf8_sequence(u, end, &bad);
        if (!n || html_entity(*u)) {
            break;
        }
    }
    if (u == end) {
        return s;
    }
    h401_buf_init(&b, p, strlen(s) + 32);
    h401_buf_add_escaped(&b, s, H401_ESC_HTML);
    return b.data;
}
