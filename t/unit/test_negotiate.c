/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_negotiate: page format from Accept, language from
 * Accept-Language, and q-values. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "h401_negotiate.h"
#include "tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *format_name(h401_format f)
{
    switch (f) {
    case H401_FORMAT_HTML:
        return "HTML";
    case H401_FORMAT_JSON:
        return "JSON";
    case H401_FORMAT_TEXT:
        return "TEXT";
    }
    return "?";
}

/* ---- h401_parse_qvalue ---- */

typedef struct {
    const char *value;
    int valid;
    int q1000;            /* when valid */
} qvalue_case;

static const qvalue_case qvalue_cases[] = {
    { "0", 1, 0 },
    { "1", 1, 1000 },
    { "0.5", 1, 500 },
    { "0.05", 1, 50 },
    { "0.005", 1, 5 },
    { "0.123", 1, 123 },
    { "0.999", 1, 999 },
    { "0.001", 1, 1 },
    { "0.000", 1, 0 },
    { "0.", 1, 0 },
    { "1.", 1, 1000 },
    { "1.0", 1, 1000 },
    { "1.000", 1, 1000 },
    { "", 0, 0 },
    { "2", 0, 0 },
    { "1.001", 0, 0 },
    { "1.5", 0, 0 },
    { "1.0000", 0, 0 },
    { "0.1234", 0, 0 },
    { "0.12345", 0, 0 },
    { "-1", 0, 0 },
    { "+1", 0, 0 },
    { "-0", 0, 0 },
    { "abc", 0, 0 },
    { ".5", 0, 0 },
    { "00", 0, 0 },
    { "01", 0, 0 },
    { "0,5", 0, 0 },
    { "0.5x", 0, 0 },
    { "0.x", 0, 0 },
    { "1e0", 0, 0 },
    { " 0.5", 0, 0 },
    { "0.5 ", 0, 0 },
    { "0.5\t", 0, 0 },
};

static void test_qvalue(void)
{
    size_t i;
    int q;

    for (i = 0; i < COUNT(qvalue_cases); i++) {
        const qvalue_case *c = &qvalue_cases[i];

        q = -7;
        is_int(h401_parse_qvalue(c->value, strlen(c->value), &q), c->valid,
               "qvalue \"%s\" is %s", c->value, c->valid ? "valid" : "invalid");
        is_int(q, c->valid ? c->q1000 : -7, "qvalue \"%s\": %s", c->value,
               c->valid ? "parsed" : "output untouched");
    }

    q = -7;
    ok(h401_parse_qvalue("0.5;level=1", 3, &q) && q == 500,
       "qvalue reads only len bytes: \"0.5\" of \"0.5;level=1\"");
    ok(h401_parse_qvalue("1.0000", 5, &q) && q == 1000,
       "qvalue reads only len bytes: \"1.000\" of \"1.0000\"");
    ok(!h401_parse_qvalue("0.5", 0, &q), "qvalue of length 0 is invalid");
    ok(!h401_parse_qvalue(NULL, 3, &q), "qvalue NULL is invalid");
    ok(h401_parse_qvalue("0.25", 4, NULL), "qvalue with NULL output just validates");
}

/* ---- h401_format_content_type ---- */

static void test_content_type(void)
{
    is_str(h401_format_content_type(H401_FORMAT_HTML), "text/html; charset=utf-8",
           "content type of HTML");
    is_str(h401_format_content_type(H401_FORMAT_JSON), "application/problem+json",
           "content type of JSON (RFC 9457 problem details)");
    is_str(h401_format_content_type(H401_FORMAT_TEXT), "text/plain; charset=utf-8",
           "content type of text");
    is_str(h401_format_content_type((h401_format)42), "text/html; charset=utf-8",
           "content type of an unknown format is HTML's");
}

/* ---- h401_negotiate_format ---- */

typedef struct {
    const char *name;
    const char *accept;
    h401_format want;
} format_case;

static const format_case format_cases[] = {
    /* what clients send */
    { "Firefox", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      H401_FORMAT_HTML },
    { "Chrome", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
      "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
      H401_FORMAT_HTML },
    { "curl default */*: tie of all three goes to HTML", "*/*", H401_FORMAT_HTML },
    { "Java default (its q=.2 is invalid, so those ranges are ignored)",
      "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", H401_FORMAT_HTML },
    { "fetch() asking for JSON", "application/json", H401_FORMAT_JSON },
    { "problem+json", "application/problem+json", H401_FORMAT_JSON },
    { "JSON with charset parameter", "application/json; charset=utf-8", H401_FORMAT_JSON },
    { "application/* counts for JSON", "application/*", H401_FORMAT_JSON },
    { "text/plain", "text/plain", H401_FORMAT_TEXT },
    { "application/xhtml+xml alone is HTML", "application/xhtml+xml", H401_FORMAT_HTML },

    /* weights */
    { "higher q wins: html 0.9 over json 0.5",
      "application/json;q=0.5, text/html;q=0.9", H401_FORMAT_HTML },
    { "higher q wins: json 0.9 over html 0.5",
      "text/html;q=0.5, application/json;q=0.9", H401_FORMAT_JSON },
    { "higher q wins: text 0.6 over json 0.5 and html 0.4",
      "text/html;q=0.4, application/json;q=0.5, text/plain;q=0.6", H401_FORMAT_TEXT },
    { "q=0.001 is still acceptable", "text/plain;q=0.001", H401_FORMAT_TEXT },
    { "tie json/html goes to HTML", "application/json, text/html", H401_FORMAT_HTML },
    { "tie text/json goes to JSON", "text/plain, application/json", H401_FORMAT_JSON },
    { "tie at q=0.5 goes to JSON over text",
      "text/plain;q=0.5, application/json;q=0.5", H401_FORMAT_JSON },
    { "repeated range: the higher q counts",
      "text/plain;q=0.2, application/json;q=0.5, text/plain;q=0.9", H401_FORMAT_TEXT },

    /* specificity */
    { "text/* covers html and text: tie goes to HTML", "text/*", H401_FORMAT_HTML },
    { "text/plain beats text/*;q=0.5 for text", "text/*;q=0.5, text/plain",
      H401_FORMAT_TEXT },
    { "text/html;q=0 with */*: HTML refused, json and text tie at 1 -> JSON",
      "text/html;q=0, */*", H401_FORMAT_JSON },
    { "text/plain;q=0 with text/*: HTML from text/*",
      "text/plain;q=0, text/*", H401_FORMAT_HTML },
    { "text/* is more specific than */*: text/*;q=0.3 vs */*;q=0.5 -> JSON",
      "text/*;q=0.3, */*;q=0.5", H401_FORMAT_JSON },
    { "text/plain;q=0.5 over */*;q=0.1", "text/plain;q=0.5, */*;q=0.1", H401_FORMAT_TEXT },
    { "application/json;q=0 with */*: json refused, html wins the tie",
      "application/json;q=0, */*", H401_FORMAT_HTML },
    { "problem+json is what is sent: its q beats application/json's",
      "application/json, application/problem+json;q=0.1, text/plain;q=0.5",
      H401_FORMAT_TEXT },
    { "text/html is what is sent: its q=0 beats application/xhtml+xml",
      "text/html;q=0, application/xhtml+xml, text/plain;q=0.5", H401_FORMAT_TEXT },
    { "application/json stands in for problem+json",
      "application/json;q=0.8, text/plain;q=0.5", H401_FORMAT_JSON },

    /* nothing acceptable */
    { "application/xml: nothing matches -> HTML", "application/xml", H401_FORMAT_HTML },
    { "image/png: nothing matches -> HTML", "image/png", H401_FORMAT_HTML },
    { "all refused -> HTML", "text/html;q=0, application/json;q=0, text/plain;q=0",
      H401_FORMAT_HTML },
    { "*/*;q=0 -> HTML", "*/*;q=0", H401_FORMAT_HTML },
    { "empty header -> HTML", "", H401_FORMAT_HTML },
    { "spaces only -> HTML", "  \t ", H401_FORMAT_HTML },

    /* case, spaces and parameters */
    { "uppercase TEXT/PLAIN", "TEXT/PLAIN", H401_FORMAT_TEXT },
    { "mixed case Application/Problem+JSON", "Application/Problem+JSON", H401_FORMAT_JSON },
    { "uppercase Q parameter", "text/html;Q=0.1, text/plain;Q=0.2", H401_FORMAT_TEXT },
    { "spaces around ';' and '='", "text/plain ; q = 0.9 , text/html;q=0.8",
      H401_FORMAT_TEXT },
    { "tabs around ',' ';' '='", "text/html;q=0.1\t,\tapplication/json\t;\tq\t=\t0.7",
      H401_FORMAT_JSON },
    { "empty elements skipped", ",, ,text/plain,,", H401_FORMAT_TEXT },
    { "other parameters ignored", "text/plain;format=flowed;q=0.9, text/html;q=0.8",
      H401_FORMAT_TEXT },
    { "parameter without value ignored", "text/plain;flowed;q=0.9, text/html;q=0.8",
      H401_FORMAT_TEXT },
    { "only the first q is the weight",
      "text/plain;q=0.5;q=0.9, application/json;q=0.7", H401_FORMAT_JSON },
    { "quoted parameter value may hold ',' and ';'",
      "text/html;x=\"a, application/json; b\";q=0.1, text/plain;q=0.2", H401_FORMAT_TEXT },
    { "quoted parameter value with an escaped quote",
      "text/html;q=0.1;x=\"a\\\", text/plain, b\"", H401_FORMAT_HTML },
    { "unterminated quote swallows the rest",
      "text/plain;x=\"a, text/html;q=1", H401_FORMAT_TEXT },
    { "a near miss does not match: text/htm", "text/htm", H401_FORMAT_HTML },
    { "a near miss does not match: text/plainx", "text/plainx", H401_FORMAT_HTML },
    { "a near miss does not match: application/jsonp", "application/jsonp",
      H401_FORMAT_HTML },
    { "spaces inside a media type do not match", "text / plain", H401_FORMAT_HTML },

    /* invalid q: the element is ignored */
    { "q=2 ignored", "text/plain;q=2, application/json;q=0.5", H401_FORMAT_JSON },
    { "q=abc ignored, nothing left -> HTML", "text/plain;q=abc", H401_FORMAT_HTML },
    { "q=-1 ignored", "application/json;q=-1, text/plain;q=0.1", H401_FORMAT_TEXT },
    { "q=0.12345 ignored", "text/plain;q=0.12345, application/json;q=0.001",
      H401_FORMAT_JSON },
    { "q=1.0000 ignored", "text/plain;q=1.0000", H401_FORMAT_HTML },
    { "q without value ignored", "text/plain;q, application/json;q=0.1",
      H401_FORMAT_JSON },
    { "q then junk without '=' ignored", "text/plain;q x, application/json;q=0.1",
      H401_FORMAT_JSON },
    { "q= empty ignored", "text/plain;q=, application/json;q=0.1", H401_FORMAT_JSON },
    { "quoted q ignored", "text/plain;q=\"0.5\", application/json;q=0.1",
      H401_FORMAT_JSON },
    { "junk after q ignored", "text/plain;q=0.5 x, application/json;q=0.1",
      H401_FORMAT_JSON },
    { "invalid q on a refusal ignored too: application/* still counts",
      "application/json;q=-0, application/*;q=0.5, text/plain;q=0.4", H401_FORMAT_JSON },

    /* hostile */
    { "only commas", ",,,,,,,,", H401_FORMAT_HTML },
    { "only semicolons", ";;;;;;;;", H401_FORMAT_HTML },
    { "q=1 without a type", ";q=1", H401_FORMAT_HTML },
    { "bare q=1", "q=1", H401_FORMAT_HTML },
    { "stray equals and quotes", "=\"=;=,\"\";", H401_FORMAT_HTML },
};

static void test_format(void)
{
    char *big;
    size_t i;
    int n;

    for (i = 0; i < COUNT(format_cases); i++) {
        const format_case *c = &format_cases[i];
        is_str(format_name(h401_negotiate_format(c->accept)), format_name(c->want),
               "Accept %s", c->name);
    }
    is_str(format_name(h401_negotiate_format(NULL)), "HTML", "Accept absent (NULL) -> HTML");

    /* 100 KB of junk, then a real range at the end */
    big = malloc(100 * 1024 + 64);
    memset(big, 'a', 100 * 1024);
    strcpy(big + 100 * 1024, ", text/plain");
    is_str(format_name(h401_negotiate_format(big)), "TEXT",
           "Accept: 100 KB token, then text/plain");
    for (n = 0; n < 100 * 1024; n += 2) {
        big[n] = ',';
        big[n + 1] = ';';
    }
    is_str(format_name(h401_negotiate_format(big)), "TEXT",
           "Accept: 100 KB of \",;\", then text/plain");
    memset(big, ';', 100 * 1024);
    big[0] = 'x';
    is_str(format_name(h401_negotiate_format(big)), "TEXT",
           "Accept: one element with 100 KB of empty parameters, then text/plain");
    memset(big, 'a', 100 * 1024);
    memcpy(big, "x;a=\"", 5);
    is_str(format_name(h401_negotiate_format(big)), "HTML",
           "Accept: 100 KB unterminated quote (text/plain is inside it)");
    memset(big, '"', 100 * 1024);
    memcpy(big, "x;a=", 4);
    is_str(format_name(h401_negotiate_format(big)), "TEXT",
           "Accept: 100 KB of quotes (one empty quoted-string, then junk)");
    free(big);
}

/* ---- h401_negotiate_language ---- */

typedef struct {
    const char *name;
    const char *header;
    const char *want;
} lang_case;

/* available: en, de, fr, es, ja; default en */
static const lang_case lang_cases[] = {
    /* what browsers send */
    { "Austrian German browser", "de-AT,de;q=0.9,en;q=0.8", "de" },
    { "Canadian French falls back to fr", "fr-CA", "fr" },
    { "Brazilian Portuguese: nothing available -> default", "pt-BR,pt;q=0.9", "en" },
    { "US English, mixed case", "EN-us", "en" },
    { "Japanese Chrome", "ja,en-US;q=0.9,en;q=0.8", "ja" },
    { "Swiss German with q fallback", "de-CH, fr;q=0.9, en;q=0.8", "de" },
    { "a long range cut down to de", "de-Latn-AT-1996", "de" },

    /* weights and order */
    { "higher q wins regardless of order", "ja;q=0.5, es;q=0.6", "es" },
    { "equal q: earlier range wins", "es, fr", "es" },
    { "equal q: earlier range wins (reversed)", "fr, es", "fr" },
    { "equal explicit q: earlier wins", "ja;q=0.7, de;q=0.7", "ja" },
    { "unavailable first choice is passed over", "zh, fr;q=0.2", "fr" },
    { "de-AT at q=1 beats en at 0.95 (cut to de)", "de-AT, en;q=0.95, de;q=0.9", "de" },
    { "q=0.001 still acceptable", "ja;q=0.001", "ja" },

    /* the wildcard */
    { "* alone -> default", "*", "en" },
    { "de refused, * -> default", "de;q=0, *", "en" },
    { "* refused, nothing matched -> default", "zh, *;q=0", "en" },
    { "*;q=0 does not exclude listed ranges", "fr, *;q=0", "fr" },
    { "* at 0.5 beats de at 0.4", "*;q=0.5, de;q=0.4", "en" },
    { "de at 0.4 beats * at 0.3", "*;q=0.3, de;q=0.4", "de" },
    { "en refused: * cannot bring it back, de next",
      "en;q=0, *, de;q=0.5", "de" },

    /* q=0 excludes */
    { "q=0 alone -> default", "fr;q=0", "en" },
    { "de refused: de-AT cannot fall back to it", "de-AT, de;q=0, fr;q=0.5", "fr" },
    { "de-AT refused leaves de alone", "de-AT;q=0, de;q=0.5", "de" },
    { "refusal after acceptance still refuses", "fr, es;q=0.5, fr;q=0", "es" },
    { "q=0.000 refuses", "fr;q=0.000, ja;q=0.1", "ja" },

    /* case, spaces, parameters */
    { "uppercase range", "FR", "fr" },
    { "uppercase Q", "fr;Q=0.5, ja;Q=0.6", "ja" },
    { "spaces around ';' and '='", " fr ; q = 0.5 , ja ; q=0.6 ", "ja" },
    { "tabs around ',' ';' '='", "fr\t;\tq\t=\t0.5\t,\tja;q=0.4", "fr" },
    { "empty elements skipped", ",,de,,", "de" },
    { "other parameters ignored", "fr;foo=bar;q=0.5, ja;q=0.4", "fr" },

    /* invalid q or range: the element is ignored */
    { "q=2 ignored", "fr;q=2, de;q=0.5", "de" },
    { "q=abc ignored", "fr;q=abc, ja;q=0.1", "ja" },
    { "q=-1 ignored, nothing left -> default", "fr;q=-1", "en" },
    { "q=0.12345 ignored", "fr;q=0.12345, de;q=0.1", "de" },
    { "invalid q on a refusal ignored too", "de;q=-0, de-AT", "de" },
    { "underscore is not a range", "fr_FR", "en" },
    { "subtag of 9 letters is not a range", "frenchfry", "en" },
    { "digit in the first subtag is not a range", "f1", "en" },
    { "empty subtag is not a range", "fr--ca", "en" },
    { "trailing '-' is not a range", "fr-", "en" },
    { "spaces inside a range do not match", "fr ca", "en" },
    { "prefix must end at '-': french is not fr", "french", "en" },
    { "prefix must end at '-': e is not en", "e", "en" },

    /* hostile */
    { "only commas", ",,,,,,,,", "en" },
    { "only semicolons", ";;;;;;;;", "en" },
    { "q=1 without a tag", "q=1", "en" },
    { ";q=1 without a tag", ";q=1", "en" },
    { "empty header", "", "en" },
    { "stray equals and quotes", "=\"=;=,\"\";", "en" },
    { "unterminated quote swallows the rest", "zh;x=\"a, fr", "en" },
};

static apr_array_header_t *tags(apr_pool_t *p, const char *list)
{
    apr_array_header_t *a = apr_array_make(p, 8, sizeof(const char *));
    char *copy = apr_pstrdup(p, list), *last, *tok;

    for (tok = apr_strtok(copy, " ", &last); tok; tok = apr_strtok(NULL, " ", &last)) {
        APR_ARRAY_PUSH(a, const char *) = tok;
    }
    return a;
}

/* A case with its own available list and default. */
typedef struct {
    const char *name;
    const char *available;  /* space-separated */
    const char *default_lang;
    const char *header;
    const char *want;
} lang_avail_case;

static const lang_avail_case lang_avail_cases[] = {
    { "pt matches pt-br beneath it", "en pt-br", "en", "pt", "pt-br" },
    { "pt-BR matches pt-br exactly", "en pt-br", "en", "pt-BR", "pt-br" },
    { "pt-PT does not match pt-br", "en pt-br", "en", "pt-PT", "en" },
    { "pt: first available beneath it", "en pt-pt pt-br", "en", "pt", "pt-pt" },
    { "de preferred over de-ch when both available", "de-ch de en", "en", "de", "de" },
    { "de-CH preferred over de when both available", "de de-ch en", "en", "de-CH", "de-ch" },
    { "de-AT-1996: closest cut wins (de-at over de)", "de de-at en", "en",
      "de-AT-1996", "de-at" },
    { "de refused rules out de-ch beneath it", "de-ch en", "en", "de;q=0, de-CH, fr",
      "en" },
    { "de-CH refused leaves de", "de de-ch en", "en", "de-CH;q=0, de", "de" },
    { "de-CH refused: de falls to de-at beneath it", "de-ch de-at en", "en",
      "de-CH;q=0, de", "de-at" },
    { "default not available: * gives the default", "de fr", "en", "*", "en" },
    { "default not available: a range naming it does not", "de fr", "en",
      "en, fr;q=0.5", "fr" },
    { "default not available: nothing matches -> default", "de fr", "en", "ja", "en" },
    { "default not available: refused, * cannot bring it back", "de fr", "en",
      "en;q=0, *, fr;q=0.1", "fr" },
    { "default written in upper case still matched by *", "de en fr", "EN", "*", "en" },
    { "other default: * gives it", "en de fr", "fr", "*", "fr" },
    { "other default: nothing matches", "en de fr", "fr", "zh", "fr" },
    { "empty available: default", "", "en", "de, fr", "en" },
    { "empty available, *: default", "", "en", "*", "en" },
    { "available in mixed case still matched", "En De", "En", "de", "De" },
};

static void test_language(apr_pool_t *p)
{
    apr_array_header_t *avail = tags(p, "en de fr es ja"), *a;
    const char *got, *r;
    char *big, *at;
    size_t i;
    int n;

    for (i = 0; i < COUNT(lang_cases); i++) {
        const lang_case *c = &lang_cases[i];
        is_str(h401_negotiate_language(c->header, avail, "en"), c->want,
               "Accept-Language %s", c->name);
    }
    for (i = 0; i < COUNT(lang_avail_cases); i++) {
        const lang_avail_case *c = &lang_avail_cases[i];
        is_str(h401_negotiate_language(c->header, tags(p, c->available), c->default_lang),
               c->want, "Accept-Language %s", c->name);
    }
    is_str(h401_negotiate_language(NULL, avail, "en"), "en",
           "Accept-Language absent (NULL) -> default");
    is_str(h401_negotiate_language("de", NULL, "en"), "en",
           "Accept-Language with NULL available -> default");
    ok(h401_negotiate_language("zh", avail, NULL) == NULL,
       "Accept-Language NULL default, nothing matches -> NULL");
    ok(h401_negotiate_language("*", avail, NULL) == NULL,
       "Accept-Language NULL default, * matches nothing -> NULL");
    is_str(h401_negotiate_language("fr", avail, NULL), "fr",
           "Accept-Language NULL default, fr still found");

    got = h401_negotiate_language("FR-ca", avail, "en");
    ok(got == APR_ARRAY_IDX(avail, 2, const char *),
       "Accept-Language returns the element of available itself");
    ok(h401_negotiate_language("zh", avail, "xx") != NULL
       && strcmp(h401_negotiate_language("zh", avail, "xx"), "xx") == 0,
       "Accept-Language returns default_lang when nothing matches");

    a = tags(p, "en de");
    APR_ARRAY_PUSH(a, const char *) = NULL;
    APR_ARRAY_PUSH(a, const char *) = "fr";
    is_str(h401_negotiate_language("fr", a, "en"), "fr",
           "Accept-Language skips NULL entries of available");

    /* hostile: very long ranges */
    big = malloc(100 * 1024 + 64);
    memset(big, 'x', 10000);
    big[10000] = '\0';
    is_str(h401_negotiate_language(big, avail, "en"), "en",
           "Accept-Language: a 10000-character tag -> default");
    strcpy(big + 10000, ", fr;q=0.1");
    is_str(h401_negotiate_language(big, avail, "en"), "fr",
           "Accept-Language: a 10000-character tag, then fr");
    memcpy(big, "de", 2);
    for (n = 2; n + 9 <= 10000; n += 9) {
        memcpy(big + n, "-aaaaaaaa", 9);
    }
    big[n] = '\0';
    is_str(h401_negotiate_language(big, avail, "en"), "de",
           "Accept-Language: a valid %d-character range under de", n);

    /* hostile: 100 KB */
    for (n = 0; n < 100 * 1024; n += 2) {
        big[n] = ',';
        big[n + 1] = ';';
    }
    strcpy(big + 100 * 1024, ", ja;q=0.2");
    is_str(h401_negotiate_language(big, avail, "en"), "ja",
           "Accept-Language: 100 KB of \",;\", then ja");
    memset(big, ';', 100 * 1024);
    big[0] = 'x';
    big[100 * 1024] = '\0';
    is_str(h401_negotiate_language(big, avail, "en"), "en",
           "Accept-Language: one element with 100 KB of empty parameters");
    free(big);

    /* hostile: 400 bogus entries, then the one that matches */
    big = malloc(400 * 32 + 64);
    at = big;
    for (n = 0; n < 400; n++) {
        at += sprintf(at, "%s%s;q=0.%03d, ", n % 2 ? "zz-" : "qx",
                      n % 3 ? "bogus" : "x-y-z", 999 - n);
    }
    strcpy(at, "de;q=0.1");
    is_str(h401_negotiate_language(big, avail, "en"), "de",
           "Accept-Language: 400 bogus entries, then de;q=0.1 (%d bytes)",
           (int)strlen(big));
    r = NULL;
    for (n = 0; n < 1000; n++) {
        r = h401_negotiate_language(big, avail, "en");
        if (strcmp(r, "de") != 0) {
            break;
        }
    }
    is_int(n, 1000, "Accept-Language: 1000 runs over the 400-entry header, all \"de\"");
    for (n = 0; n < 1000; n++) {
        if (h401_negotiate_format(big) != H401_FORMAT_HTML) {
            break;
        }
    }
    is_int(n, 1000, "Accept: 1000 runs over the 400-entry header, all HTML");
    free(big);
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_qvalue();
    test_content_type();
    test_format();
    test_language(pool);

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
