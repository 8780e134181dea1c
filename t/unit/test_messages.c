/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_messages: loading a messages.txt. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "h401_builtin.h"
#include "h401_messages.h"
#include "tap.h"

static apr_pool_t *pool;

static const char *render(const h401_tpl *tpl, const h401_vars *vars)
{
    h401_buf b;

    if (!tpl) {
        return NULL;
    }
    h401_buf_init(&b, pool, 64);
    h401_tpl_render(tpl, vars, &b);
    return b.data;
}

/* ---- the shipped English file ---- */

/* The text of "key = text" in a messages file, read independently of the
 * loader (the file is edited, so the tests read the words from it). */
static const char *file_value(const char *text, const char *key)
{
    const char *s = text;
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

/* The part of a message before its first tag: what renders as is. */
static const char *literal_prefix(const char *value)
{
    const char *tag = value ? strstr(value, "{{") : NULL;

    return tag ? apr_pstrmemdup(pool, value, (apr_size_t)(tag - value)) : value;
}

static int starts_with(const char *s, const char *prefix)
{
    return s && prefix && strncmp(s, prefix, strlen(prefix)) == 0;
}

static void test_shipped(void)
{
    const char *text = h401_builtin_get(NULL, pool, "en/messages.txt");
    h401_messages *m = NULL;
    const char *err;
    const apr_array_header_t *ui;
    h401_vars *vars;
    int i, j, nui;
    const char *s;

    if (!ok(text != NULL, "the shipped en/messages.txt is built in")) {
        return;
    }
    err = h401_messages_load(pool, "en/messages.txt", text, &m);
    is_str(err, NULL, "the shipped en/messages.txt loads without error");
    if (!ok(m != NULL, "and gives a messages set")) {
        return;
    }
    is_str(h401_messages_lang(m), "en", "it declares lang = en");

    vars = h401_vars_make(pool, NULL);
    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        const char *id = h401_cause_id((h401_cause)i);
        const h401_cause_text *ct = h401_messages_cause(m, (h401_cause)i);
        const char *title = file_value(text, apr_pstrcat(pool, "cause.", id, ".title", NULL));
        const char *expl = file_value(text, apr_pstrcat(pool, "cause.", id,
                                                        ".explanation", NULL));
        const char *list = file_value(text, apr_pstrcat(pool, "cause.", id,
                                                        ".remedies", NULL));
        char *ids, *rid, *state;
        int nlisted = 0;

        ok(title && *title, "%s: the file has a title line", id);
        ok(ct->title != NULL, "%s has a title", id);
        ok(title && starts_with(render(ct->title, vars), literal_prefix(title))
           && strlen(render(ct->title, vars)) > 10,
           "%s title renders the file's words (%s)", id, title ? title : "none");
        ok(ct->explanation != NULL, "%s has an explanation", id);
        ok(expl && starts_with(render(ct->explanation, vars), literal_prefix(expl))
           && strlen(render(ct->explanation, vars)) > 40,
           "%s explanation renders the file's sentence", id);
        ok(ct->remedies && ct->remedies->nelts >= 1, "%s has at least one remedy", id);
        if (!ct->remedies || !list) {
            continue;
        }
        ids = apr_pstrdup(pool, list);
        for (rid = apr_strtok(ids, ", ", &state); rid; rid = apr_strtok(NULL, ", ", &state)) {
            const char *want = file_value(text, apr_pstrcat(pool, "remedy.", rid, NULL));
            nlisted++;
            if (nlisted <= ct->remedies->nelts) {
                const char *got = render(APR_ARRAY_IDX(ct->remedies, nlisted - 1,
                                                       const h401_tpl *), vars);
                ok(got && *got && starts_with(got, literal_prefix(want)),
                   "%s remedy %d is remedy.%s", id, nlisted, rid);
            }
        }
        is_int(ct->remedies->nelts, nlisted, "%s has the %d remedies listed", id, nlisted);
    }

    /* the texts use the page's values: each value shows in an explanation
     * exactly when the file's text names it */
    {
        static const char *const names[] = { "realm", "user", "sent_scheme", "scheme" };
        h401_vars *marked = h401_vars_make(pool, NULL);
        size_t k;

        for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
            h401_vars_set(marked, names[k], apr_pstrcat(pool, "<", names[k], "-MARK>", NULL));
        }
        for (i = 0; i < H401_CAUSE_COUNT; i++) {
            const char *id = h401_cause_id((h401_cause)i);
            const char *expl = file_value(text, apr_pstrcat(pool, "cause.", id,
                                                            ".explanation", NULL));
            const char *got = render(h401_messages_cause(m, (h401_cause)i)->explanation,
                                     marked);
            for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
                const char *tag = apr_pstrcat(pool, "{{", names[k], "}}", NULL);
                const char *mark = apr_pstrcat(pool, "<", names[k], "-MARK>", NULL);
                int uses = expl && strstr(expl, tag) != NULL;
                ok(got && (strstr(got, mark) != NULL) == uses,
                   "%s explanation %s %s", id, uses ? "shows" : "has no", names[k]);
            }
            lacks_str(got, "{{", "%s explanation has no tag left", id);
        }
    }
    has_str(file_value(text, "cause.no-credentials.explanation"), "{{#realm}}",
            "no-credentials explanation has a realm section");
    lacks_str(render(h401_messages_cause(m, H401_CAUSE_NO_CREDENTIALS)->explanation, vars),
              "(“", "no-credentials explanation leaves the realm part out when unknown");
    is_str(render(h401_messages_cause(m, (h401_cause)99)->title, vars),
           render(h401_messages_cause(m, H401_CAUSE_NO_CREDENTIALS)->title, vars),
           "an out-of-range cause gets the no-credentials words");

    ui = h401_messages_ui_names(m);
    nui = 0;
    for (s = text; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
        const char *end = s + strcspn(s, " =\n");
        if (strncmp(s, "ui.", 3) == 0) {
            const char *want = apr_pstrmemdup(pool, s, (apr_size_t)(end - s));
            is_str(nui < ui->nelts ? APR_ARRAY_IDX(ui, nui, const char *) : NULL, want,
                   "ui name %d in file order is %s", nui + 1, want);
            nui++;
        }
    }
    ok(nui >= 10, "the file has the page's ui words (%d)", nui);
    is_int(ui->nelts, nui, "every ui.* word of the file is listed");
    for (j = 0; j < ui->nelts; j++) {
        ok(starts_with(APR_ARRAY_IDX(ui, j, const char *), "ui."),
           "ui name %s starts with ui.", APR_ARRAY_IDX(ui, j, const char *));
    }

    /* set_ui puts them in vars as message templates, rendered escaped for
     * the page's syntax */
    {
        h401_vars *v = h401_vars_make(pool, NULL);
        h401_tpl_options opt;

        memset(&opt, 0, sizeof(opt));
        opt.mode = H401_ESC_HTML;
        h401_messages_set_ui(m, v);
        h401_vars_set(v, "cause", "CAUSE-MARK");
        for (j = 0; j < ui->nelts; j++) {
            const char *name = APR_ARRAY_IDX(ui, j, const char *);
            const char *want = file_value(text, name);
            const h401_tpl *page = NULL;
            const char *got;

            h401_tpl_compile(pool, "p", apr_pstrcat(pool, "<i>{{", name, "}}</i>", NULL),
                             &opt, &page);
            got = render(page, v);
            if (want && !strstr(want, "{{")) {
                is_str(got, apr_pstrcat(pool, "<i>", h401_escape_html(pool, want), "</i>",
                                        NULL),
                       "%s renders its text, HTML-escaped", name);
            }
            else {
                ok(starts_with(got, apr_pstrcat(pool, "<i>",
                                                h401_escape_html(pool, literal_prefix(want)),
                                                NULL))
                   && (strstr(got, "CAUSE-MARK") != NULL) == (strstr(want, "{{cause}}") != NULL)
                   && !strstr(got, "{{"),
                   "%s renders its text with values", name);
            }
        }
        is_str(h401_vars_get(v, "ui.status"), NULL, "ui words are templates, not text values");
    }
}

/* ---- small files and their errors ---- */

static const char *const base_lines[] = {
    /*  1 */ "# test messages",
    /*  2 */ "lang = xx",
    /*  3 */ "",
    /*  4 */ "ui.hello = Hello {{user}}",
    /*  5 */ "ui.bye = Bye & <bye>",
    /*  6 */ "cause.leftover-htaccess.title = Broken",
    /*  7 */ "cause.leftover-htaccess.explanation = Broken protection",
    /*  8 */ "cause.leftover-htaccess.remedies = contact",
    /*  9 */ "cause.wrong-scheme.title = Wrong scheme",
    /* 10 */ "cause.wrong-scheme.explanation = Sent {{sent_scheme}}",
    /* 11 */ "cause.wrong-scheme.remedies = retry, contact",
    /* 12 */ "cause.malformed-credentials.title = Malformed",
    /* 13 */ "cause.malformed-credentials.explanation = Unreadable",
    /* 14 */ "cause.malformed-credentials.remedies = contact",
    /* 15 */ "cause.bad-credentials.title = Bad",
    /* 16 */ "cause.bad-credentials.explanation = Refused {{user}}",
    /* 17 */ "cause.bad-credentials.remedies = retry,contact",
    /* 18 */ "cause.stale-session.title = Stale",
    /* 19 */ "cause.stale-session.explanation = Expired",
    /* 20 */ "cause.stale-session.remedies = contact",
    /* 21 */ "cause.no-credentials.title = None",
    /* 22 */ "cause.no-credentials.explanation = Nothing sent",
    /* 23 */ "cause.no-credentials.remedies = retry",
    /* 24 */ "remedy.retry = Try again",
    /* 25 */ "remedy.contact = Contact {{contact}}",
};
#define BASE_LINES ((int)(sizeof(base_lines) / sizeof(base_lines[0])))

/* The base text with line number `line` (1-based; 0: none) replaced by
 * `with`, joined with eol. */
static const char *build(int line, const char *with, const char *eol)
{
    h401_buf b;
    int i;

    h401_buf_init(&b, pool, 1024);
    for (i = 0; i < BASE_LINES; i++) {
        h401_buf_adds(&b, i + 1 == line ? with : base_lines[i]);
        h401_buf_adds(&b, eol);
    }
    return b.data;
}

static void test_small_valid(void)
{
    h401_messages *m = NULL;
    const char *err;
    h401_vars *vars = h401_vars_make(pool, NULL);
    const h401_cause_text *ct;

    err = h401_messages_load(pool, "t.txt", build(0, NULL, "\n"), &m);
    is_str(err, NULL, "small complete file loads");
    if (!m) {
        return;
    }
    is_str(h401_messages_lang(m), "xx", "lang read");
    ct = h401_messages_cause(m, H401_CAUSE_BAD_CREDENTIALS);
    h401_vars_set(vars, "user", "<bob>");
    h401_vars_set(vars, "contact", "me@example.org");
    is_str(render(ct->title, vars), "Bad", "title read, spaces around '=' trimmed");
    is_str(render(ct->explanation, vars), "Refused <bob>",
           "explanation uses values (text mode: no HTML escaping)");
    is_int(ct->remedies->nelts, 2, "'retry,contact' is two remedies");
    is_str(render(APR_ARRAY_IDX(ct->remedies, 0, const h401_tpl *), vars), "Try again",
           "remedies in listed order: first");
    is_str(render(APR_ARRAY_IDX(ct->remedies, 1, const h401_tpl *), vars),
           "Contact me@example.org", "remedies in listed order: second");
    is_int(h401_messages_ui_names(m)->nelts, 2, "two ui words");

    m = NULL;
    err = h401_messages_load(pool, "t.txt", build(0, NULL, "\r\n"), &m);
    is_str(err, NULL, "same file with CRLF line endings loads");
    ok(m && strcmp(h401_messages_lang(m), "xx") == 0, "CRLF: lang has no stray CR");
    if (m) {
        is_str(render(h401_messages_cause(m, H401_CAUSE_STALE_SESSION)->title, vars), "Stale",
               "CRLF: title has no stray CR");
    }

    m = NULL;
    err = h401_messages_load(pool, "t.txt", build(2, "# no lang line", "\n"), &m);
    is_str(err, NULL, "a file without lang loads");
    ok(m && strcmp(h401_messages_lang(m), "en") == 0, "lang defaults to en");

    m = NULL;
    err = h401_messages_load(pool, "t.txt",
                             build(25, "remedy.contact = a = b", "\n"), &m);
    is_str(err, NULL, "'=' inside the text is fine");
    if (m) {
        is_str(render(APR_ARRAY_IDX(h401_messages_cause(m, H401_CAUSE_STALE_SESSION)->remedies,
                                    0, const h401_tpl *), vars),
               "a = b", "text keeps its own '='");
    }
}

typedef struct {
    const char *name;
    int line;            /* line of the base text to replace */
    const char *with;
    const char *want;
} error_case;

static const error_case error_cases[] = {
    { "a line without '='", 5, "ui.bye Bye", "t.txt:5: expected 'key = text'" },
    { "a line with no key", 3, " = orphan text", "t.txt:3: a line with no key" },
    { "a duplicate key", 3, "lang = yy", "t.txt:3: 'lang' is defined twice" },
    { "a duplicate cause title", 19, "cause.stale-session.title = Again",
      "t.txt:19: 'cause.stale-session.title' is defined twice" },
    { "an unknown remedy id", 17, "cause.bad-credentials.remedies = retry, nosuch",
      "t.txt:17: unknown remedy 'nosuch' (no 'remedy.nosuch' line)" },
    { "a remedy id without its remedy line", 24, "# remedy.retry removed",
      "t.txt:11: unknown remedy 'retry' (no 'remedy.retry' line)" },
    { "a missing cause title", 18, "# title removed",
      "t.txt: 'cause.stale-session.title' is missing" },
    { "a missing cause explanation", 7, "",
      "t.txt: 'cause.leftover-htaccess.explanation' is missing" },
    { "a missing remedies line", 23, "#",
      "t.txt: 'cause.no-credentials.remedies' is missing" },
    { "an unclosed section in an explanation", 16,
      "cause.bad-credentials.explanation = Refused {{#user}}",
      "t.txt:16: section 'user' is never closed" },
    { "a stray close in a remedy", 24, "remedy.retry = Try {{/x}} again",
      "t.txt:24: '{{/x}}' closes no open section" },
    { "'{{' without '}}' in a ui word", 4, "ui.hello = Hello {{user",
      "t.txt:4: '{{' without a closing '}}'" },
};

static void test_errors(void)
{
    size_t i;

    for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
        const error_case *c = &error_cases[i];
        h401_messages *m = (h401_messages *)&m;   /* must become NULL */
        const char *err = h401_messages_load(pool, "t.txt", build(c->line, c->with, "\n"), &m);

        is_str(err, c->want, "error for %s", c->name);
        ok(m == NULL, "no messages set for %s", c->name);
    }

    {
        h401_messages *m = NULL;
        is_str(h401_messages_load(pool, "empty.txt", "", &m),
               "empty.txt: 'cause.leftover-htaccess.title' is missing",
               "an empty file names the first missing key");
    }
}

int main(int argc, const char *const *argv)
{
    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_shipped();
    test_small_valid();
    test_errors();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
