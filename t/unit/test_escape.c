/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_escape: the growing buffer and the escapers. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "h401_escape.h"
#include "tap.h"

typedef struct {
    const char *name;
    h401_esc_mode mode;
    const char *in;
    apr_size_t len;      /* 0: strlen(in) */
    const char *want;
} esc_case;

static const esc_case esc_cases[] = {
    /* HTML */
    { "html: ampersand", H401_ESC_HTML, "a&b", 0, "a&amp;b" },
    { "html: less-than", H401_ESC_HTML, "<script>", 0, "&lt;script&gt;" },
    { "html: double quote", H401_ESC_HTML, "say \"hi\"", 0, "say &quot;hi&quot;" },
    { "html: single quote", H401_ESC_HTML, "it's", 0, "it&#39;s" },
    { "html: all five together", H401_ESC_HTML, "&<>\"'", 0,
      "&amp;&lt;&gt;&quot;&#39;" },
    { "html: an entity is escaped again", H401_ESC_HTML, "&amp;", 0, "&amp;amp;" },
    { "html: clean text unchanged", H401_ESC_HTML, "Staff area 42", 0, "Staff area 42" },
    { "html: UTF-8 passes through", H401_ESC_HTML, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d", 0,
      "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d" },
    { "html: control characters kept", H401_ESC_HTML, "a\tb\nc", 0, "a\tb\nc" },
    { "html: empty string", H401_ESC_HTML, "", 0, "" },
    /* JSON */
    { "json: double quote", H401_ESC_JSON, "a\"b", 0, "a\\\"b" },
    { "json: backslash", H401_ESC_JSON, "C:\\dir", 0, "C:\\\\dir" },
    { "json: newline, return, tab", H401_ESC_JSON, "a\nb\rc\td", 0, "a\\nb\\rc\\td" },
    { "json: other control chars as \\u00XX", H401_ESC_JSON, "\x01x\x1f", 0,
      "\\u0001x\\u001f" },
    { "json: escape and form feed", H401_ESC_JSON, "\x1b\x0c", 0, "\\u001b\\u000c" },
    { "json: DEL", H401_ESC_JSON, "a\x7f", 0, "a\\u007f" },
    { "json: '<' so it can sit in a script tag", H401_ESC_JSON, "</script>", 0,
      "\\u003c/script>" },
    { "json: & > ' unchanged", H401_ESC_JSON, "a&b>c'd", 0, "a&b>c'd" },
    { "json: UTF-8 passes through", H401_ESC_JSON, "\xc3\xa9", 0, "\xc3\xa9" },
    { "json: U+2028 and U+2029 escaped (they end lines in JavaScript)", H401_ESC_JSON,
      "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 0, "a\\u2028b\\u2029c" },
    { "json: their neighbours U+2027 and U+202A pass", H401_ESC_JSON,
      "\xe2\x80\xa7\xe2\x80\xaa", 0, "\xe2\x80\xa7\xe2\x80\xaa" },
    { "html: U+2028 passes", H401_ESC_HTML, "\xe2\x80\xa8", 0, "\xe2\x80\xa8" },
    { "json: NUL inside a length-counted string", H401_ESC_JSON, "a\0b", 3, "a\\u0000b" },
    /* text */
    { "text: keeps newline and tab", H401_ESC_TEXT, "a\tb\nc", 0, "a\tb\nc" },
    { "text: drops CR, ESC, BEL and DEL", H401_ESC_TEXT, "a\rb\x1b[31mc\x07\x7f", 0,
      "ab[31mc" },
    { "text: markup left alone", H401_ESC_TEXT, "<b>&\"'", 0, "<b>&\"'" },
    { "text: only control chars gives nothing", H401_ESC_TEXT, "\x01\x02\r", 0, "" },
    /* ill-formed UTF-8: one U+FFFD per maximal subpart, in every mode */
    { "utf-8: lone continuation byte", H401_ESC_HTML, "a\x80" "b", 0,
      "a\xef\xbf\xbd" "b" },
    { "utf-8: truncated 3-byte sequence is one U+FFFD", H401_ESC_HTML, "\xe2\x82" "x", 0,
      "\xef\xbf\xbd" "x" },
    { "utf-8: truncated 4-byte sequence at the end", H401_ESC_TEXT, "ok\xf0\x9f\x98", 0,
      "ok\xef\xbf\xbd" },
    { "utf-8: overlong C0 AF is two", H401_ESC_HTML, "\xc0\xaf", 0,
      "\xef\xbf\xbd\xef\xbf\xbd" },
    { "utf-8: surrogate ED A0 80 is three", H401_ESC_JSON, "\xed\xa0\x80", 0,
      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "utf-8: past U+10FFFF is four", H401_ESC_TEXT, "\xf4\x90\x80\x80", 0,
      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "utf-8: E0 80 is two", H401_ESC_JSON, "\xe0\x80", 0,
      "\xef\xbf\xbd\xef\xbf\xbd" },
    { "utf-8: FF next to markup", H401_ESC_HTML, "<\xff>", 0,
      "&lt;\xef\xbf\xbd&gt;" },
    { "utf-8: 4-byte emoji kept, cut one replaced", H401_ESC_JSON,
      "\xf0\x9f\x98\x80\"\xf0\x9f\x98<", 0,
      "\xf0\x9f\x98\x80\\\"\xef\xbf\xbd\\u003c" },
    { "utf-8: lead byte before a control in text", H401_ESC_TEXT, "\xc3\x01\xc3\xa9", 0,
      "\xef\xbf\xbd\xc3\xa9" },
};

static void test_escapers(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
        const esc_case *c = &esc_cases[i];
        h401_buf b;

        h401_buf_init(&b, p, 4);   /* small, so escaping has to grow it */
        if (c->len) {
            h401_buf_add_escaped_len(&b, c->in, c->len, c->mode);
        }
        else {
            h401_buf_add_escaped(&b, c->in, c->mode);
        }
        is_str(b.data, c->want, "%s", c->name);
        is_int(b.len, strlen(c->want), "%s: length", c->name);
    }
}

static void test_escape_html(apr_pool_t *p)
{
    const char *clean = "nothing to escape here";
    const char *got;

    got = h401_escape_html(p, clean);
    ok(got == clean, "h401_escape_html returns a clean string itself");
    is_str(h401_escape_html(p, "<b>bob</b> & 'al'"),
           "&lt;b&gt;bob&lt;/b&gt; &amp; &#39;al&#39;",
           "h401_escape_html escapes tags, ampersand and quotes");
    ok(h401_escape_html(p, NULL) == NULL, "h401_escape_html(NULL) is NULL");
    is_str(h401_escape_html(p, "\""), "&quot;", "h401_escape_html of a lone quote");
    is_str(h401_escape_html(p, "caf\xc3\xa9 \xe9"), "caf\xc3\xa9 \xef\xbf\xbd",
           "h401_escape_html replaces bytes that are not UTF-8");
    got = "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d";
    ok(h401_escape_html(p, got) == got, "h401_escape_html returns clean UTF-8 itself");
}

static void test_buffer(apr_pool_t *p)
{
    h401_buf b;
    char *want;
    int i;
    apr_size_t j;
    int intact = 1;

    h401_buf_init(&b, p, 0);
    is_int(b.len, 0, "buffer starts empty");
    is_str(b.data, "", "an empty buffer is an empty string");
    is_int(b.cap, 256, "initial size 0 means 256");

    h401_buf_add_escaped(&b, NULL, H401_ESC_HTML);
    is_int(b.len, 0, "escaping NULL adds nothing");

    h401_buf_init(&b, p, 16);
    h401_buf_adds(&b, "abc");
    h401_buf_add(&b, "defXXX", 3);
    is_str(b.data, "abcdef", "h401_buf_add takes exactly len bytes");
    is_int(b.len, 6, "length after two adds");

    /* 10000 bytes through a 16-byte start: 1000 times "0123456789" */
    h401_buf_init(&b, p, 16);
    for (i = 0; i < 1000; i++) {
        h401_buf_adds(&b, "0123456789");
    }
    is_int(b.len, 10000, "10000 appended bytes counted");
    ok(b.cap > 10000, "capacity grew past the content (cap %lu)",
       (unsigned long)b.cap);
    for (j = 0; j < 10000; j++) {
        if (b.data[j] != (char)('0' + j % 10)) {
            intact = 0;
            diag("byte %lu is '%c'", (unsigned long)j, b.data[j]);
            break;
        }
    }
    ok(intact, "10000 appended bytes intact after growing");
    is_int(b.data[10000], '\0', "grown buffer stays NUL-terminated");

    /* one big add past the initial size in a single step */
    want = apr_palloc(p, 5001);
    memset(want, 'x', 5000);
    want[5000] = '\0';
    h401_buf_init(&b, p, 8);
    h401_buf_adds(&b, "<");
    h401_buf_adds(&b, want);
    is_int(b.len, 5001, "one 5000-byte add into an 8-byte buffer");
    is_str(b.data + 1, want, "the 5000 bytes are intact");
    is_int(b.data[0], '<', "and what was there before too");

    /* escaping that grows the buffer many times */
    h401_buf_init(&b, p, 1);
    for (i = 0; i < 2000; i++) {
        h401_buf_add_escaped(&b, "<&>", H401_ESC_HTML);
    }
    is_int(b.len, 2000 * strlen("&lt;&amp;&gt;"), "escaped output grows the buffer");
    is_str(b.data + b.len - 13, "&lt;&amp;&gt;", "last escaped piece intact");
    ok(strncmp(b.data, "&lt;&amp;&gt;&lt;", 17) == 0, "first escaped pieces intact");
}

/* How much of a template file is UTF-8: where apache2 -t says the first
 * bad byte is. */
static void test_utf8_prefix(void)
{
    static const struct {
        const char *name, *text;
        apr_size_t want;
    } cases[] = {
        { "ASCII: all of it", "key = text\n", 11 },
        { "empty", "", 0 },
        { "two- to four-byte characters", "caf\xc3\xa9 \xe2\x80\x9c \xf0\x9f\x98\x80", 14 },
        { "Latin-1 byte", "sch\xf6n", 3 },
        { "lone continuation byte", "a\x80", 1 },
        { "cut at the end", "ok \xe2\x82", 3 },
        { "overlong", "\xc0\xaf", 0 },
        { "surrogate", "x\xed\xa0\x80", 1 },
        { "past U+10FFFF", "\xf4\x90\x80\x80", 0 },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ok(h401_utf8_valid_prefix(cases[i].text, strlen(cases[i].text)) == cases[i].want,
           "utf8 prefix: %s", cases[i].name);
    }
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_escapers(pool);
    test_escape_html(pool);
    test_buffer(pool);
    test_utf8_prefix();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
