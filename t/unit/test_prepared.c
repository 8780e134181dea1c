/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_prepared: a template prepared at start-up with
 * holes and rendered with a request's values gives the very bytes that
 * the same template prepared with every value fixed gives. Checked over
 * the shipped pages (every format, language and cause, with many sets of
 * request values) and over small templates aimed at each rule; and the
 * limits: templates refused when preparing, values shortened when
 * rendering. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "h401_builtin.h"
#include "h401_messages.h"
#include "h401_page.h"
#include "h401_prepared.h"
#include "h401_template.h"
#include "tap.h"

static apr_pool_t *pool;

/* The request's values: the names the shipped pages fill (the lists'
 * items set the last four, and scheme and realm). */
enum {
    SLOT_REALM, SLOT_SCHEME, SLOT_SENT_SCHEME, SLOT_USER, SLOT_URL, SLOT_PATH,
    SLOT_CONTACT, SLOT_CONTACT_LABEL, SLOT_LOGIN_URL, SLOT_HOME_URL,
    SLOT_ACTION_URL, SLOT_ACTION_IS_LOGIN, SLOT_REQUEST_ID, SLOT_NOT_YET_VALID,
    SLOT_TOKEN_WHEN, SLOT_CHALLENGES, SLOT_CHALLENGE_HEADERS, SLOT_DETAIL,
    SLOT_DETAIL_FIX, SLOT_FIRST, SLOT_HEADER, SLOT_NAME, SLOT_VALUE,
    NSLOTS
};
static const h401_slot_name slot_names[NSLOTS] = {
    { "realm", 0 }, { "scheme", 0 }, { "sent_scheme", 0 }, { "user", 0 },
    { "url", 0 }, { "path", 0 }, { "contact", 0 }, { "contact_label", 0 },
    { "login_url", 0 }, { "home_url", 0 }, { "action_url", 0 },
    { "action_is_login", 0 }, { "request_id", 0 }, { "not_yet_valid", 0 },
    { "token_when", 0 }, { "challenges", 1 }, { "challenge_headers", 1 },
    { "detail", 1 }, { "detail_fix", 0 }, { "first", 0 }, { "header", 0 },
    { "name", 0 }, { "value", 0 }
};

/* The same request values, as vars (to prepare with every value fixed)
 * and as slots (to fill holes). */
typedef struct {
    h401_vars *vars;
    h401_slot slots[NSLOTS];
} request_values;

static void request_init(request_values *rv, const h401_vars *fixed)
{
    rv->vars = h401_vars_make(pool, fixed);
    memset(rv->slots, 0, sizeof(rv->slots));
}

static void request_set(request_values *rv, int slot, const char *text)
{
    h401_vars_set(rv->vars, slot_names[slot].name, text);
    rv->slots[slot].text = text;
}

/* A list of n items; item i sets the given slots to values[i][k]. */
static void request_list(request_values *rv, int list, int n, const int *item_slots,
                         int nitem_slots, const char *const *values)
{
    h401_item *items = apr_pcalloc(pool, sizeof(h401_item) * (apr_size_t)(n ? n : 1));
    int i, k;

    for (i = 0; i < n; i++) {
        h401_vars *v = h401_vars_add_item(rv->vars, slot_names[list].name);
        h401_item_value *iv = apr_pcalloc(pool, sizeof(*iv) * (apr_size_t)(nitem_slots + 1));

        h401_vars_set(v, "first", i == 0 ? "1" : NULL);
        iv[0].slot = SLOT_FIRST;
        iv[0].text = i == 0 ? "1" : NULL;
        for (k = 0; k < nitem_slots; k++) {
            const char *val = values[i * nitem_slots + k];
            h401_vars_set(v, slot_names[item_slots[k]].name, val);
            iv[k + 1].slot = item_slots[k];
            iv[k + 1].text = val;
        }
        items[i].values = iv;
        items[i].nvalues = nitem_slots + 1;
    }
    rv->slots[list].items = items;
    rv->slots[list].nitems = n;
}

/* With every value fixed; *complete (if given) says whether it could be
 * prepared. */
static const char *render_whole(const h401_tpl *tpl, const h401_vars *vars, int *complete)
{
    h401_buf b;
    int all;

    h401_buf_init(&b, pool, 16);
    all = h401_tpl_render(tpl, vars, &b);
    if (complete) {
        *complete = all;
    }
    return b.data;
}

/* With holes; *shortened (if given) counts what was cut. */
static const char *render_prepared(const h401_prepared *t, const h401_slot *slots,
                                   int *shortened)
{
    h401_buf b;
    int cut;

    if (!t) {
        return "(not prepared)";
    }
    h401_buf_init(&b, pool, 16);
    cut = h401_prepared_render(t, slots, &b);
    if (shortened) {
        *shortened = cut;
    }
    return b.data;
}

static const h401_prepared *prepare(const h401_tpl *tpl, const h401_vars *fixed,
                                    const char **err)
{
    const h401_prepared *t;
    const char *why = h401_prepare(pool, tpl, fixed, slot_names, NSLOTS, &t);

    if (err) {
        *err = why;
    }
    return t;
}

/* The sets of request values every shipped page is rendered with. */
#define NCASES 6
static void fill_case(h401_page_facts *f, int c)
{
    static const char *const headers[] = {
        "Basic realm=\"Staff\"", "Bearer realm=\"api\", error=\"invalid_token\""
    };
    static const h401_detail_item detail[] = {
        { "Cause", "no-credentials" }, { "Decided by", "no Authorization header" },
        { "WWW-Authenticate", "Basic realm=\"<x>\"" }, { "File", "/var/www/a&b" }
    };
    apr_array_header_t *challenges = apr_array_make(pool, 3, sizeof(h401_challenge));
    apr_array_header_t *sent = apr_array_make(pool, 2, sizeof(const char *));
    apr_array_header_t *items = apr_array_make(pool, 4, sizeof(h401_detail_item));
    int i;

    h401_parse_challenges(pool, "Basic realm=\"Staff <area> & \\\"friends\\\"\", Digest "
                          "realm=\"d\", nonce=\"n\", Bearer realm=\"api\"", challenges);
    for (i = 0; i < 2; i++) {
        APR_ARRAY_PUSH(sent, const char *) = headers[i];
    }
    for (i = 0; i < 4; i++) {
        APR_ARRAY_PUSH(items, h401_detail_item) = detail[i];
    }
    f->cause_id = NULL;
    switch (c) {
    case 0:   /* nothing known */
        break;
    case 1:   /* a typical browser request */
        f->realm = "Staff area";
        f->scheme = "Basic";
        f->url = "http://example.org/staff/";
        f->path = "/staff/";
        f->home_url = "/";
        challenges->nelts = 1;
        sent->nelts = 1;
        f->challenges = challenges;
        f->challenge_headers = sent;
        break;
    case 2:   /* everything set, hostile text everywhere */
        f->realm = "<script>alert('r')</script> & \"q\"";
        f->scheme = "Digest";
        f->sent_scheme = "Basic\x01\x7f";
        f->user = "b\xc3\xb6" "b {{user}} \xff\xfe";
        f->url = "http://example.org/a?b=<c>&d=\"e\"\\\n";
        f->path = "/a";
        f->contact = "mailto:web@example.org";
        f->login_url = "/login?next=/a&x=1";
        f->home_url = "/";
        f->request_id = "ZxY-1_2";
        f->token_delta_known = 1;
        f->token_delta = -3 * 3600;
        f->detail_fix = "Create the file <here> & there.";
        f->challenges = challenges;
        f->challenge_headers = sent;
        f->detail = items;
        break;
    case 3:   /* a token not valid yet */
        f->sent_scheme = "Bearer";
        f->scheme = "Bearer";
        f->not_yet_valid = 1;
        f->token_delta_known = 1;
        f->token_delta = 2 * 86400;
        break;
    case 4:   /* empty strings: set, but false in sections */
        f->realm = "";
        f->user = "";
        f->contact = "";
        f->login_url = "";
        items->nelts = 0;
        f->detail = items;
        break;
    default:  /* a list item without a realm must not show the top one */
        f->realm = "Top realm";
        f->challenges = challenges;
        items->nelts = 1;
        f->detail = items;
        f->cause_id = "no-such-cause";
        break;
    }
}

/* Every shipped page, through the page API: the pages prepared when the
 * set loads, filled with a request's values, give the bytes the same page
 * prepared with all of those values fixed gives. */
static void test_shipped_pages(void)
{
    static const char *const shipped[] = { "en", "de", "fr", "es", "ja" };
    apr_array_header_t *langs = apr_array_make(pool, 5, sizeof(const char *));
    const apr_array_header_t *tags;
    h401_pageset *set;
    const char *err;
    int l, f, c, k, same = 0, total = 0;

    for (l = 0; l < 5; l++) {
        APR_ARRAY_PUSH(langs, const char *) = shipped[l];
    }
    err = h401_pageset_load(pool, h401_builtin_get, NULL, langs, NULL, "templates/", &set);
    if (!ok(err == NULL, "the shipped set loads (%s)", err ? err : "ok")) {
        return;
    }
    tags = h401_pageset_languages(set);
    for (l = 0; l < tags->nelts; l++) {
        const char *tag = APR_ARRAY_IDX(tags, l, const char *);
        for (f = 0; f < 3; f++) {
            for (k = 0; k < H401_CAUSE_COUNT; k++) {
                for (c = 0; c < NCASES; c++) {
                    h401_page_facts facts;
                    h401_buf filled, fixed;
                    int cut, all;

                    memset(&facts, 0, sizeof(facts));
                    facts.cause = (h401_cause)k;
                    facts.lang = h401_pageset_language(set, tag, tag);
                    facts.format = (h401_format)f;
                    fill_case(&facts, c);
                    h401_buf_init(&filled, pool, 64);
                    h401_buf_init(&fixed, pool, 64);
                    cut = h401_page_render(set, &facts, &filled);
                    all = h401_page_render_unprepared(set, &facts, &fixed);
                    total++;
                    if (strcmp(filled.data, fixed.data) == 0 && all && !cut) {
                        same++;
                    }
                    else {
                        is_str(filled.data, fixed.data, "%s format %d %s, values %d", tag, f,
                               h401_cause_id((h401_cause)k), c);
                    }
                }
            }
        }
    }
    is_int(same, total, "shipped pages: with holes filled and with every value fixed, "
           "the same bytes");
    ok(total == 5 * 3 * H401_CAUSE_COUNT * NCASES,
       "every language, format, cause and value set (%d)", total);
}

/* One small template: prepared over fixed with holes and rendered with
 * rv gives what the same template prepared with rv's values fixed gives;
 * or, when complete is 0, both refuse it. */
static void check_ends(const char *name, const char *text, h401_esc_mode mode,
                       const h401_vars *fixed, request_values *rv, const char *want,
                       int complete)
{
    h401_tpl_options opt;
    const h401_tpl *tpl;
    const h401_prepared *prep;
    const char *err, *fast, *whole;
    int whole_all;

    memset(&opt, 0, sizeof(opt));
    opt.mode = mode;
    err = h401_tpl_compile(pool, name, text, &opt, &tpl);
    if (err) {
        ok(0, "%s: compiles (%s)", name, err);
        return;
    }
    prep = prepare(tpl, fixed, &err);
    whole = render_whole(tpl, rv->vars, &whole_all);
    is_int(prep != NULL, complete, "%s: %s", name, complete ? "prepares" : "is refused");
    is_int(whole_all, complete, "%s: with every value fixed, %s", name,
           complete ? "prepares" : "is refused");
    if (!complete) {
        ok(err && strstr(err, ":1: "), "%s: the reason names the template and line (%s)",
           name, err ? err : "none");
        return;
    }
    fast = render_prepared(prep, rv->slots, NULL);
    is_str(fast, whole, "%s: as with every value fixed", name);
    if (want) {
        is_str(fast, want, "%s: text", name);
    }
}

static void check(const char *name, const char *text, h401_esc_mode mode,
                  const h401_vars *fixed, request_values *rv, const char *want)
{
    check_ends(name, text, mode, fixed, rv, want, 1);
}

static const h401_tpl *message(const char *text)
{
    h401_tpl_options opt;
    const h401_tpl *tpl;

    memset(&opt, 0, sizeof(opt));
    opt.mode = H401_ESC_TEXT;
    opt.escape_literal = 1;
    return h401_tpl_compile(pool, "msg", text, &opt, &tpl) ? NULL : tpl;
}

static void test_rules(void)
{
    request_values rv;
    h401_vars *fixed, *item;
    static const int detail_slots[] = { SLOT_NAME, SLOT_VALUE };
    static const char *const detail[] = { "a", "<1>", "b", "2", "c", "" };

    /* one set holds the fixed values and the request's: preparing never
     * reads a slot's name from it */
    request_init(&rv, NULL);
    fixed = rv.vars;
    h401_vars_set(fixed, "word", "R&D");
    h401_vars_set(fixed, "empty", "");
    h401_vars_set_tpl(fixed, "msg", message("<b>{{realm}}</b>{{#user}} as {{user}}{{/user}}"));
    h401_vars_set_tpl(fixed, "loop", message("[{{loop}}]"));
    item = h401_vars_add_item(fixed, "fixed_list");
    h401_vars_set(item, "text", "one");
    h401_vars_set(item, "first", "1");
    item = h401_vars_add_item(fixed, "fixed_list");
    h401_vars_set(item, "text", "two");
    request_set(&rv, SLOT_REALM, "<Staff>");
    request_set(&rv, SLOT_USER, "bob");
    request_list(&rv, SLOT_DETAIL, 3, detail_slots, 2, detail);

    check("fixed text and values escaped once", "<p>{{word}}</p>{{nothing}}",
          H401_ESC_HTML, fixed, &rv, "<p>R&amp;D</p>");
    check("a hole is escaped for the format", "{{realm}}|", H401_ESC_JSON, fixed, &rv,
          "\\u003cStaff>|");
    check("a message's own text and holes are escaped", "{{msg}}", H401_ESC_HTML, fixed,
          &rv, "&lt;b&gt;&lt;Staff&gt;&lt;/b&gt; as bob");
    check("fixed sections and inverted sections", "{{#word}}w{{/word}}{{^word}}x{{/word}}"
          "{{#empty}}e{{/empty}}{{^empty}}n{{/empty}}", H401_ESC_TEXT, fixed, &rv, "wn");
    check("a fixed list expands, its items' names fixed",
          "{{#fixed_list}}{{#first}}*{{/first}}{{text}};{{/fixed_list}}", H401_ESC_TEXT,
          fixed, &rv, "*one;two;");
    check("a slot list's items and their first", "{{#detail}}{{#first}}({{/first}}"
          "{{name}}={{value}}{{^value}}-{{/value}} {{word}};{{/detail}}", H401_ESC_HTML,
          fixed, &rv, "(a=&lt;1&gt; R&amp;D;b=2 R&amp;D;c=- R&amp;D;");
    check("a slot section over text keeps fixed items' names",
          "{{#fixed_list}}{{#realm}}{{text}}{{/realm}}{{/fixed_list}}", H401_ESC_TEXT,
          fixed, &rv, "onetwo");
    check("a top-level value inside a slot list's item",
          "{{#detail}}{{realm}}{{/detail}}", H401_ESC_TEXT, fixed, &rv,
          "<Staff><Staff><Staff>");
    check("an unset slot's sections", "{{#login_url}}L{{/login_url}}{{^login_url}}-{{/login_url}}",
          H401_ESC_TEXT, fixed, &rv, "-");
    check_ends("a message naming itself", "{{loop}}", H401_ESC_TEXT, fixed, &rv, NULL, 0);
    check("inverted sections over lists", "{{^challenges}}none{{/challenges}}"
          "{{^detail}}no detail{{/detail}}", H401_ESC_TEXT, fixed, &rv, "none");
    check("a list used as a value shows nothing", "[{{detail}}{{fixed_list}}]",
          H401_ESC_TEXT, fixed, &rv, "[]");
    /* a list within a list: names are looked up in the inner item, then
     * the outer one, then outside (Mustache's context stack) */
    check("a list within itself sees the outer item",
          "{{#fixed_list}}{{#fixed_list}}({{first}}){{/fixed_list}}{{/fixed_list}}",
          H401_ESC_TEXT, fixed, &rv, "(1)(1)(1)()");
    check("a repeated value, each time escaped",
          "{{realm}}|{{user}}|{{realm}}|{{#detail}}{{realm}}{{/detail}}|{{realm}}",
          H401_ESC_HTML, fixed, &rv,
          "&lt;Staff&gt;|bob|&lt;Staff&gt;|&lt;Staff&gt;&lt;Staff&gt;&lt;Staff&gt;|&lt;Staff&gt;");
    check("a repeated value first in a section that does not show",
          "{{#login_url}}{{realm}}{{/login_url}}[{{realm}}][{{realm}}]", H401_ESC_JSON,
          fixed, &rv, "[\\u003cStaff>][\\u003cStaff>]");
    check("a repeated value in a list's items and after it",
          "{{#detail}}{{value}},{{/detail}}{{value}}{{value}}", H401_ESC_HTML, fixed, &rv,
          "&lt;1&gt;,2,,");
    request_set(&rv, SLOT_SCHEME, "a");
    request_set(&rv, SLOT_SENT_SCHEME, "b");
    request_set(&rv, SLOT_URL, "c");
    request_set(&rv, SLOT_PATH, "d");
    request_set(&rv, SLOT_REQUEST_ID, "e");
    request_set(&rv, SLOT_TOKEN_WHEN, "f");
    request_set(&rv, SLOT_DETAIL_FIX, "<g>");
    check("nine values, each shown twice",
          "{{realm}}{{scheme}}{{sent_scheme}}{{user}}{{url}}{{path}}{{request_id}}"
          "{{token_when}}{{detail_fix}}|{{realm}}{{scheme}}{{sent_scheme}}{{user}}{{url}}"
          "{{path}}{{request_id}}{{token_when}}{{detail_fix}}", H401_ESC_HTML, fixed, &rv,
          "&lt;Staff&gt;abbobcdef&lt;g&gt;|&lt;Staff&gt;abbobcdef&lt;g&gt;");
}

/* A compiled template for the limit tests (NULL on error). */
static const h401_tpl *page(const char *origin, const char *text, h401_esc_mode mode)
{
    h401_tpl_options opt;
    const h401_tpl *tpl;

    memset(&opt, 0, sizeof(opt));
    opt.mode = mode;
    return h401_tpl_compile(pool, origin, text, &opt, &tpl) ? NULL : tpl;
}

/* What a request brings past the limits is cut, marked and counted;
 * what cannot fit in any case is refused when preparing. */
static void test_limits(void)
{
    static const int header_slots[] = { SLOT_HEADER };
    request_values rv;
    const h401_prepared *t;
    const char *err, *out;
    char *long_value, *headers[20];
    apr_size_t i;
    int cut, n;

    /* a value of 3000 bytes, é (2 bytes) after 1023 x: the cut may not
     * split it */
    long_value = apr_palloc(pool, 3001);
    memset(long_value, 'x', 3000);
    long_value[1023] = '\xc3';
    long_value[1024] = '\xa9';
    long_value[3000] = '\0';
    request_init(&rv, NULL);
    request_set(&rv, SLOT_USER, long_value);
    request_set(&rv, SLOT_REALM, "short");
    t = prepare(page("limits.html", "[{{user}}][{{realm}}]", H401_ESC_HTML), NULL, &err);
    out = render_prepared(t, rv.slots, &cut);
    is_int(cut, 1, "a value past H401_VALUE_MAX: counted as shortened");
    is_int(strlen(out), 1 + 1023 + 3 + 1 + 7, "its first 1023 bytes, the mark, the rest");
    ok(strncmp(out + 1 + 1023, "\xe2\x80\xa6]", 4) == 0,
       "cut before the character that crosses the limit, then \"\xe2\x80\xa6\"");
    has_str(out, "][short]", "the values after it whole");

    for (i = 0; i < 20; i++) {
        headers[i] = apr_psprintf(pool, "h%lu", (unsigned long)i);
    }
    request_init(&rv, NULL);
    request_list(&rv, SLOT_CHALLENGE_HEADERS, 20, header_slots, 1,
                 (const char *const *)headers);
    t = prepare(page("limits.json", "[{{#challenge_headers}}{{^first}},{{/first}}"
                     "\"{{header}}\"{{/challenge_headers}}]", H401_ESC_JSON), NULL, &err);
    out = render_prepared(t, rv.slots, &cut);
    is_int(cut, 20 - H401_LIST_MAX, "a list past H401_LIST_MAX: the items left out counted");
    has_str(out, "\"h15\"]", "the first H401_LIST_MAX items, and the list still closes");
    lacks_str(out, "h16", "no item past the limit");

    /* lists of holes within lists: 16 x 16 x 16 values of up to 6 KB */
    t = prepare(page("nested.html", "{{#detail}}\n{{#challenges}}{{#challenge_headers}}"
                     "{{header}}{{/challenge_headers}}{{/challenges}}{{/detail}}",
                     H401_ESC_HTML), NULL, &err);
    ok(t == NULL, "lists of holes within lists that could pass H401_PAGE_MAX: refused");
    has_str(err ? err : "", "nested.html:2: with the longest values a request may bring",
            "the reason names the file, the line of the list that passes it, and why");

    /* a message that repeats the next four times, 15 deep: 4^15 copies */
    {
        h401_vars *fixed = h401_vars_make(pool, NULL);
        char name[8];

        for (n = 15; n >= 0; n--) {
            h401_tpl_options opt;
            const h401_tpl *m;
            const char *text = n == 15 ? "x"
                : apr_psprintf(pool, "{{m%d}}{{m%d}}{{m%d}}{{m%d}}", n + 1, n + 1, n + 1, n + 1);

            memset(&opt, 0, sizeof(opt));
            opt.mode = H401_ESC_TEXT;
            opt.escape_literal = 1;
            opt.first_line = 40 + n;
            h401_tpl_compile(pool, "en/messages.txt", text, &opt, &m);
            apr_snprintf(name, sizeof(name), "m%d", n);
            h401_vars_set_tpl(fixed, apr_pstrdup(pool, name), m);
        }
        t = prepare(page("fan.html", "{{m0}}", H401_ESC_HTML), fixed, &err);
        ok(t == NULL, "messages that fan out 4^15 times: refused");
        has_str(err ? err : "", "en/messages.txt:", "the reason names the messages file");
        has_str(err ? err : "", "grows past", "and says the page grows too much");
    }
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_shipped_pages();
    test_rules();
    test_limits();
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
