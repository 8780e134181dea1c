/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_page: loading the page set and rendering pages. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "h401_builtin.h"
#include "h401_page.h"
#include "tap.h"

static apr_pool_t *pool;
static const char *messages_txt;   /* the shipped en/messages.txt */

/* The text of "key = text" in the messages file, read independently of
 * the loader: the words are edited, so the tests look them up. */
static const char *file_value(const char *key)
{
    const char *s = messages_txt;
    size_t klen = strlen(key);

    while (s && *s) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);

        if (n > klen && strncmp(s, key, klen) == 0
            && (s[klen] == ' ' || s[klen] == '=')) {
            const char *v = s + klen;
            while (*v == ' ' || *v == '=') {
                v++;
            }
            n -= (size_t)(v - s);
            while (n && (v[n - 1] == ' ' || v[n - 1] == '\r')) {
                n--;
            }
            return apr_pstrmemdup(pool, v, n);
        }
        s = eol ? eol + 1 : NULL;
    }
    return NULL;
}

/* A message as it shows in the page: HTML-escaped (for texts without
 * tags, which is what the tests below use). */
static const char *html_words(const char *key)
{
    const char *v = file_value(key);

    if (!v) {
        diag("no '%s' line in en/messages.txt", key);
        return "(missing message)";
    }
    return h401_escape_html(pool, v);
}

static int count(const char *text, const char *part)
{
    int n = 0;
    const char *at = text;

    while ((at = strstr(at, part)) != NULL) {
        n++;
        at += strlen(part);
    }
    return n;
}

static const char *render(const h401_pageset *set, const h401_page_facts *f)
{
    h401_buf b;

    h401_buf_init(&b, pool, 64);
    h401_page_render(set, f, &b);
    return b.data;
}

#define REALM       "Staff \"area\" & <x>"
#define REALM_HTML  "Staff &quot;area&quot; &amp; &lt;x&gt;"
#define USER        "<b>bob</b>"
#define USER_HTML   "&lt;b&gt;bob&lt;/b&gt;"
#define URL         "/private/?a=1&b=<2>"
#define URL_HTML    "/private/?a=1&amp;b=&lt;2&gt;"

static void test_causes(const h401_pageset *set)
{
    int i, j;

    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        const char *id = h401_cause_id((h401_cause)i);
        const char *title = html_words(apr_pstrcat(pool, "cause.", id, ".title", NULL));
        const char *list = file_value(apr_pstrcat(pool, "cause.", id, ".remedies", NULL));
        char *ids, *rid, *state;
        int nremedies = 0;
        h401_page_facts f;
        const char *page;

        memset(&f, 0, sizeof(f));
        f.cause = (h401_cause)i;
        f.realm = REALM;
        f.scheme = "Basic";
        f.sent_scheme = "Bearer";
        f.user = USER;
        f.url = URL;
        f.contact = "mailto:webmaster@example.org";
        f.home_url = "/";
        page = render(set, &f);

        ok(strncmp(page, "<!DOCTYPE html>", 15) == 0, "%s: page starts with a doctype", id);
        has_str(page, "<html lang=\"en\">", "%s: <html lang=\"en\">", id);
        has_str(page, apr_pstrcat(pool, "<title>", title, "</title>", NULL),
                "%s: <title> is the cause's title", id);
        has_str(page, apr_pstrcat(pool, "<h1>", title, "</h1>", NULL),
                "%s: <h1> is the cause's title", id);
        for (j = 0; j < H401_CAUSE_COUNT; j++) {
            if (j != i) {
                lacks_str(page, html_words(apr_pstrcat(pool, "cause.",
                                                       h401_cause_id((h401_cause)j),
                                                       ".title", NULL)),
                          "%s: no title of %s", id, h401_cause_id((h401_cause)j));
            }
        }
        has_str(page, "<dd>" REALM_HTML "</dd>", "%s: realm shown, escaped", id);
        has_str(page, "<dd>" USER_HTML "</dd>", "%s: user shown, escaped", id);
        has_str(page, "<dd>" URL_HTML "</dd>", "%s: address shown, escaped", id);
        has_str(page, "<dd>Basic</dd>", "%s: scheme shown", id);
        lacks_str(page, "<x>", "%s: no raw markup from the realm", id);
        lacks_str(page, "<b>bob", "%s: no raw markup from the user name", id);
        lacks_str(page, "<2>", "%s: no raw markup from the address", id);
        lacks_str(page, "{{", "%s: no '{{' left", id);
        has_str(page, id, "%s: the cause id is given as the reference", id);

        ids = apr_pstrdup(pool, list ? list : "");
        for (rid = apr_strtok(ids, ", ", &state); rid; rid = apr_strtok(NULL, ", ", &state)) {
            const char *text = file_value(apr_pstrcat(pool, "remedy.", rid, NULL));
            const char *tag = text ? strstr(text, "{{") : NULL;
            const char *start = text ? apr_pstrmemdup(pool, text,
                                                      tag ? (apr_size_t)(tag - text)
                                                          : strlen(text))
                                     : "(missing remedy)";
            nremedies++;
            has_str(page, apr_pstrcat(pool, "<li>", h401_escape_html(pool, start), NULL),
                    "%s: remedy %s listed", id, rid);
        }
        ok(nremedies >= 1, "%s: the file lists remedies", id);
        is_int(count(page, "<li>"), nremedies, "%s: one <li> per remedy", id);
    }
}

static void test_values(const h401_pageset *set)
{
    h401_page_facts f;
    const char *page, *expl;

    /* the cause's words use the values, escaped */
    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_BAD_CREDENTIALS;
    f.user = USER;
    page = render(set, &f);
    expl = file_value("cause.bad-credentials.explanation");
    if (expl && strstr(expl, "{{user}}")) {
        is_int(count(page, USER_HTML), 2, "bad-credentials: user escaped in explanation and details");
    }
    else {
        skip("cause.bad-credentials.explanation does not name {{user}}");
    }

    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_WRONG_SCHEME;
    f.scheme = "Basic";
    f.sent_scheme = "Bearer<script>";
    page = render(set, &f);
    has_str(page, "Bearer&lt;script&gt;", "wrong-scheme: sent scheme escaped in the words");
    lacks_str(page, "<script>", "wrong-scheme: no raw markup from the sent scheme");

    /* unknown values leave their lines out */
    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NO_CREDENTIALS;
    page = render(set, &f);
    lacks_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.realm"), "</dt>", NULL),
              "no realm: no realm line");
    lacks_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.user"), "</dt>", NULL),
              "no user: no user line");
    lacks_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.scheme"), "</dt>", NULL),
              "no scheme: no scheme line");
    lacks_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.contact"), "</dt>", NULL),
              "no contact: no contact line");
    lacks_str(page, "class=\"action\"", "neither login nor home URL: no action link");
    has_str(page, "<dd></dd>", "no URL: empty address");
    lacks_str(page, "{{", "all values unknown: no '{{' left");
    has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.address"), "</dt>", NULL),
            "the address line is always there");

    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NO_CREDENTIALS;
    f.realm = "R";
    f.user = "u";
    f.scheme = "Digest";
    page = render(set, &f);
    has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.realm"), "</dt><dd>R</dd>", NULL),
            "realm known: realm line");
    has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.user"), "</dt><dd>u</dd>", NULL),
            "user known: user line");
    has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.scheme"), "</dt><dd>Digest</dd>",
                              NULL),
            "scheme known: scheme line");
}

typedef struct {
    const char *name;
    const char *login_url;
    const char *home_url;
    const char *want_href;     /* NULL: no action link */
    const char *want_words;    /* ui.* key of the link text */
} action_case;

static const action_case action_cases[] = {
    { "login URL only", "/login?next=/private&x=1", NULL,
      "/login?next=/private&amp;x=1", "ui.go_login" },
    { "home URL only", NULL, "https://example.org/", "https://example.org/", "ui.go_home" },
    { "both: login wins", "/login", "/", "/login", "ui.go_login" },
    { "neither", NULL, NULL, NULL, NULL },
};

static void test_action(const h401_pageset *set)
{
    size_t i;

    for (i = 0; i < sizeof(action_cases) / sizeof(action_cases[0]); i++) {
        const action_case *c = &action_cases[i];
        h401_page_facts f;
        const char *page;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_STALE_SESSION;
        f.login_url = c->login_url;
        f.home_url = c->home_url;
        page = render(set, &f);
        if (c->want_href) {
            has_str(page, apr_pstrcat(pool, "<a class=\"action\" href=\"", c->want_href,
                                      "\">", html_words(c->want_words), "</a>", NULL),
                    "action link, %s: goes to %s", c->name, c->want_href);
            is_int(count(page, "class=\"action\""), 1, "action link, %s: only one", c->name);
            if (strcmp(c->want_words, "ui.go_login") == 0) {
                lacks_str(page, html_words("ui.go_home"), "action link, %s: no home words",
                          c->name);
            }
            else {
                lacks_str(page, html_words("ui.go_login"), "action link, %s: no login words",
                          c->name);
            }
        }
        else {
            lacks_str(page, "class=\"action\"", "action link, %s: none", c->name);
        }
    }
}

typedef struct {
    const char *name;
    const char *contact;
    const char *want;
} contact_case;

static const contact_case contact_cases[] = {
    { "mailto shown without its label", "mailto:webmaster@example.org",
      "<a href=\"mailto:webmaster@example.org\">webmaster@example.org</a>" },
    { "web address shown as it is", "https://example.org/contact?a=1&b=2",
      "<a href=\"https://example.org/contact?a=1&amp;b=2\">"
      "https://example.org/contact?a=1&amp;b=2</a>" },
    { "markup in a contact escaped", "mailto:\"><script>@x",
      "<a href=\"mailto:&quot;&gt;&lt;script&gt;@x\">&quot;&gt;&lt;script&gt;@x</a>" },
};

static void test_contact(const h401_pageset *set)
{
    size_t i;

    for (i = 0; i < sizeof(contact_cases) / sizeof(contact_cases[0]); i++) {
        const contact_case *c = &contact_cases[i];
        h401_page_facts f;
        const char *page;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_NO_CREDENTIALS;
        f.contact = c->contact;
        page = render(set, &f);
        has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.contact"), "</dt><dd>",
                                  c->want, "</dd>", NULL),
                "contact: %s", c->name);
        lacks_str(page, ">mailto:", "contact: %s: no 'mailto:' as text", c->name);
    }
}

/* ---- page sets served by a test h401_file_fn ---- */

typedef struct {
    const char *path;
    const char *text;
} served_file;

static const char *serve(void *baton, apr_pool_t *p, const char *path)
{
    const served_file *f;

    (void)p;
    for (f = baton; f->path; f++) {
        if (strcmp(f->path, path) == 0) {
            return f->text;
        }
    }
    return NULL;
}

typedef struct {
    const char *name;
    const char *messages;    /* NULL: not served; "builtin": the shipped one */
    const char *page;        /* NULL: not served */
    const char *partial_a;   /* partials/a.html, or NULL */
    const char *partial_b;   /* partials/b.html, or NULL */
    const char *want_error;  /* NULL: loads */
    const char *want_page;   /* for a set that loads: the page for stale-session */
} set_case;

static const set_case set_cases[] = {
    { "page.html with an unclosed section", "builtin",
      "<html>\n<body>\n<ol>{{#remedies}}<li>{{text}}</li>\n</ol>\n</body>\n", NULL, NULL,
      "page.html:3: section 'remedies' is never closed", NULL },
    { "page.html with an unknown variable", "builtin",
      "<title>{{title}}</title>\n<h1>{{titel}}</h1>\n", NULL, NULL,
      "page.html:2: unknown variable 'titel'", NULL },
    { "page.html with an unknown ui word", "builtin",
      "{{ui.status}}\n\n{{ui.no_such_word}}\n", NULL, NULL,
      "page.html:3: unknown variable 'ui.no_such_word'", NULL },
    { "page.html naming a partial that is not there", "builtin",
      "<p>\n{{> a}}\n", NULL, NULL,
      "page.html:2: unknown partial 'a'", NULL },
    { "a partial with an unclosed section", "builtin",
      "<p>{{> a}}</p>", "x\ny\n{{#user}}", NULL,
      "partials/a.html:3: section 'user' is never closed", NULL },
    { "a partial with an unknown variable", "builtin",
      "<p>{{> a}}</p>", "{{bogus}}", NULL,
      "partials/a.html:1: unknown variable 'bogus'", NULL },
    { "an error in a partial of a partial names the inner file", "builtin",
      "<p>{{> a}}</p>", "a{{> b}}", "\nb{{/x}}",
      "partials/b.html:2: '{{/x}}' closes no open section", NULL },
    { "partials including each other fail instead of recursing", "builtin",
      "<p>{{> a}}</p>", "a{{> b}}", "b{{> a}}",
      "partials/a.html: partials nest more than 16 deep", NULL },
    { "page.html missing", "builtin", NULL, NULL, NULL, "page.html: not found", NULL },
    { "messages missing", NULL, "<p></p>", NULL, NULL, "en/messages.txt: not found", NULL },
    { "messages broken", "lang = en\nno equals sign here\n", "<p></p>", NULL, NULL,
      "en/messages.txt:2: expected 'key = text'", NULL },
    { "a page with partials loads and renders", "builtin",
      "<html lang=\"{{lang}}\">{{> a}}</html>", "<h1>{{title}}</h1>{{> b}}",
      "<i>{{cause}} {{user}}</i>", NULL,
      "<html lang=\"en\"><h1>TITLE</h1><i>stale-session &lt;u&gt;</i></html>" },
};

static void test_sets(void)
{
    size_t i;

    for (i = 0; i < sizeof(set_cases) / sizeof(set_cases[0]); i++) {
        const set_case *c = &set_cases[i];
        served_file files[5];
        int n = 0;
        h401_pageset *set = (h401_pageset *)&set;   /* must become NULL on error */
        const char *err;

        if (c->messages) {
            files[n].path = "en/messages.txt";
            files[n++].text = strcmp(c->messages, "builtin") == 0 ? messages_txt : c->messages;
        }
        if (c->page) {
            files[n].path = "page.html";
            files[n++].text = c->page;
        }
        if (c->partial_a) {
            files[n].path = "partials/a.html";
            files[n++].text = c->partial_a;
        }
        if (c->partial_b) {
            files[n].path = "partials/b.html";
            files[n++].text = c->partial_b;
        }
        files[n].path = NULL;
        files[n].text = NULL;

        err = h401_pageset_load(pool, serve, files, &set);
        is_str(err, c->want_error, "page set: %s", c->name);
        if (c->want_error) {
            ok(set == NULL, "page set: %s: no set", c->name);
        }
        else if (ok(set != NULL, "page set: %s: a set", c->name)) {
            h401_page_facts f;
            const char *title = html_words("cause.stale-session.title");
            const char *want = c->want_page;
            const char *at = strstr(want, "TITLE");

            memset(&f, 0, sizeof(f));
            f.cause = H401_CAUSE_STALE_SESSION;
            f.user = "<u>";
            if (at) {
                want = apr_pstrcat(pool, apr_pstrmemdup(pool, want, (apr_size_t)(at - want)),
                                   title, at + 5, NULL);
            }
            is_str(render(set, &f), want, "page set: %s: rendered", c->name);
        }
    }
}

int main(int argc, const char *const *argv)
{
    h401_pageset *set = NULL;
    const char *err;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    messages_txt = h401_builtin_get(NULL, pool, "en/messages.txt");
    ok(messages_txt != NULL, "en/messages.txt is built in");
    ok(h401_builtin_get(NULL, pool, "page.html") != NULL, "page.html is built in");
    ok(h401_builtin_get(NULL, pool, "no/such.file") == NULL, "an unknown file is NULL");

    err = h401_pageset_load(pool, h401_builtin_get, NULL, &set);
    is_str(err, NULL, "the shipped page set loads");
    if (ok(set != NULL, "and gives a page set")) {
        is_str(h401_page_lang(set), "en", "page language is en");
        test_causes(set);
        test_values(set);
        test_action(set);
        test_contact(set);
    }
    test_sets();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
