/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_messages: loading a messages.txt, alone or over
 * a fallback. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "h401_builtin.h"
#include "h401_messages.h"
#include "h401_page.h"
#include "h401_prepared.h"
#include "tap.h"
#include "messages_file.h"

static apr_pool_t *pool;

static const char *const languages[] = { "en", "de", "fr", "es", "ja" };
#define NLANGUAGES ((int)(sizeof(languages) / sizeof(languages[0])))

static const char *render(const h401_tpl *tpl, const h401_vars *vars)
{
    h401_buf b;

    if (!tpl) {
        return NULL;
    }
    h401_buf_init(&b, pool, 64);
    h401_tpl_render(tpl, vars ? vars : h401_vars_make(pool, NULL), &b);
    return b.data;
}

/* The text of "key = text" in a messages file, read independently of the
 * loader (the files are edited, so the tests read the words from them). */
static const char *file_value(const char *text, const char *key)
{
    return messages_file_value(pool, text, key);
}

/* The keys of a messages file starting with ui., time. or admin., as a
 * hash (key -> key). */
static apr_hash_t *file_word_keys(const char *text)
{
    apr_hash_t *keys = apr_hash_make(pool);
    const char *s;

    for (s = text; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
        const char *end = s + strcspn(s, " =\n");
        if (strncmp(s, "ui.", 3) == 0 || strncmp(s, "time.", 5) == 0
            || strncmp(s, "admin.", 6) == 0) {
            const char *key = apr_pstrmemdup(pool, s, (apr_size_t)(end - s));
            apr_hash_set(keys, key, APR_HASH_KEY_STRING, key);
        }
    }
    return keys;
}

/* The keys of a messages file for one sign-in method
 * ("cause.ID.KIND.METHOD"), as a hash (key -> key). */
static apr_hash_t *file_method_keys(const char *text)
{
    apr_hash_t *keys = apr_hash_make(pool);
    const char *s;

    for (s = text; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
        const char *end = s + strcspn(s, " =\n");
        const char *key = apr_pstrmemdup(pool, s, (apr_size_t)(end - s));
        const char *last = strrchr(key, '.');

        if (strncmp(key, "cause.", 6) == 0 && last && h401_signin_from_id(last + 1) > 0) {
            apr_hash_set(keys, key, APR_HASH_KEY_STRING, key);
        }
    }
    return keys;
}

/* Whether names (const char *, any order) holds exactly the keys of want,
 * each once; says what differs. */
static int same_names(const apr_array_header_t *names, apr_hash_t *want, const char *what)
{
    apr_hash_t *seen = apr_hash_make(pool);
    apr_hash_index_t *hi;
    int i, same = 1;

    for (i = 0; names && i < names->nelts; i++) {
        const char *n = APR_ARRAY_IDX(names, i, const char *);
        if (apr_hash_get(seen, n, APR_HASH_KEY_STRING)) {
            diag("%s: '%s' listed twice", what, n);
            same = 0;
        }
        apr_hash_set(seen, n, APR_HASH_KEY_STRING, n);
        if (!apr_hash_get(want, n, APR_HASH_KEY_STRING)) {
            diag("%s: '%s' listed but not wanted", what, n);
            same = 0;
        }
    }
    for (hi = apr_hash_first(pool, want); hi; hi = apr_hash_next(hi)) {
        const void *k;
        apr_hash_this(hi, &k, NULL, NULL);
        if (!apr_hash_get(seen, k, APR_HASH_KEY_STRING)) {
            diag("%s: '%s' wanted but not listed", what, (const char *)k);
            same = 0;
        }
    }
    return names && same;
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

/* The number of ids in a "a, b,c" list. */
static int count_ids(const char *list)
{
    char *ids = apr_pstrdup(pool, list ? list : ""), *state, *rid;
    int n = 0;

    for (rid = apr_strtok(ids, ", ", &state); rid; rid = apr_strtok(NULL, ", ", &state)) {
        n++;
    }
    return n;
}

static const char *shipped(const char *lang)
{
    return h401_builtin_get(NULL, pool, apr_pstrcat(pool, lang, "/messages.txt", NULL));
}

/* ---- the shipped English file ---- */

static h401_messages *test_shipped(void)
{
    const char *text = shipped("en");
    h401_messages *m = NULL;
    const char *err;
    h401_vars *vars;
    int i, j;

    if (!ok(text != NULL, "the shipped en/messages.txt is built in")) {
        return NULL;
    }
    err = h401_messages_load(pool, "en/messages.txt", text, NULL, h401_page_variables, &m);
    is_str(err, NULL, "the shipped en/messages.txt loads alone, with the page's variables");
    if (!ok(m != NULL, "and gives a messages set")) {
        return NULL;
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

        ok(h401_messages_cause_by_id(m, id) == ct, "%s: by id is the same words", id);
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
        static const char *const names[] = { "realm", "user", "sent_scheme", "scheme",
                                             "token_when" };
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

    /* expired-token's title depends on not_yet_valid */
    {
        h401_vars *v = h401_vars_make(pool, NULL);
        const char *expired = render(h401_messages_cause(m, H401_CAUSE_EXPIRED_TOKEN)->title, v);
        const char *ahead;

        h401_vars_set(v, "not_yet_valid", "1");
        ahead = render(h401_messages_cause(m, H401_CAUSE_EXPIRED_TOKEN)->title, v);
        is_str(expired, "Your access token has expired", "expired-token title: expired");
        is_str(ahead, "Your access token is not valid yet", "expired-token title: nbf ahead");
    }

    /* the words: every ui.*, time.* and admin.* key of the file, in any order */
    ok(same_names(h401_messages_word_names(m), file_word_keys(text), "en words"),
       "word names are the file's ui.*, time.* and admin.* keys (%d)",
       h401_messages_word_names(m)->nelts);
    ok(h401_messages_word_names(m)->nelts >= 20, "at least 20 words (ui and time)");

    /* set_words puts them in vars as message templates, rendered escaped
     * for the page's syntax */
    {
        const apr_array_header_t *words = h401_messages_word_names(m);
        h401_vars *v = h401_vars_make(pool, NULL);
        h401_tpl_options opt;

        memset(&opt, 0, sizeof(opt));
        opt.mode = H401_ESC_HTML;
        h401_messages_set_words(m, v);
        h401_vars_set(v, "cause", "CAUSE-MARK");
        h401_vars_set(v, "n", "7");
        h401_vars_set(v, "amount", "AMOUNT");
        for (j = 0; j < words->nelts; j++) {
            const char *name = APR_ARRAY_IDX(words, j, const char *);
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
                ok(want && starts_with(got, apr_pstrcat(pool, "<i>",
                                                h401_escape_html(pool, literal_prefix(want)),
                                                NULL))
                   && (strstr(got, "CAUSE-MARK") != NULL) == (strstr(want, "{{cause}}") != NULL)
                   && !strstr(got, "{{"),
                   "%s renders its text with values", name);
            }
        }
        is_str(h401_vars_get(v, "ui.status"), NULL, "words are templates, not text values");
        is_str(render(h401_messages_get(m, "time.hours"), v), "7 hours",
               "time.hours renders {{n}} hours");
        is_str(render(h401_messages_get(m, "time.ago"), v), "AMOUNT ago",
               "time.ago renders {{amount}} ago");
    }

    /* h401_messages_get */
    ok(h401_messages_get(m, "ui.status") != NULL, "get: ui.status");
    is_str(render(h401_messages_get(m, "time.now"), NULL), "just now", "get: time.now");
    is_str(render(h401_messages_get(m, "remedy.check-clock"), NULL),
           file_value(text, "remedy.check-clock"), "get: a remedy's text");
    is_str(render(h401_messages_get(m, "cause.no-credentials.title"), NULL),
           file_value(text, "cause.no-credentials.title"), "get: a cause title");
    ok(h401_messages_get(m, "no.such.key") == NULL, "get: unknown key is NULL");
    ok(h401_messages_get(m, "ui.stat") == NULL, "get: a key's prefix is not the key");
    ok(h401_messages_cause_by_id(m, "no-such-cause") == NULL, "cause_by_id: unknown id");
    ok(h401_messages_cause_by_id(m, NULL) == NULL, "cause_by_id: NULL id");
    return m;
}

/* ---- the other shipped languages, over English ---- */

static void test_languages(const h401_messages *en)
{
    const char *en_text = shipped("en");
    apr_hash_t *en_words = file_word_keys(en_text);
    int l, i;

    for (l = 1; l < NLANGUAGES; l++) {
        const char *tag = languages[l];
        const char *text = shipped(tag);
        const char *origin = apr_pstrcat(pool, tag, "/messages.txt", NULL);
        h401_messages *m = NULL, *alone = NULL;
        const char *err;

        if (!ok(text != NULL, "%s: shipped", origin)) {
            continue;
        }
        err = h401_messages_load(pool, origin, text, en, h401_page_variables, &m);
        is_str(err, NULL, "%s loads over en without error", origin);
        err = h401_messages_load(pool, origin, text, NULL, h401_page_variables, &alone);
        is_str(err, NULL, "%s is complete: it loads without a fallback too", origin);
        if (!m) {
            continue;
        }
        is_str(h401_messages_lang(m), tag, "%s: lang = %s", origin, tag);
        ok(same_names(h401_messages_word_names(m), en_words, tag),
           "%s: the same words as en", origin);
        {
            /* the same method keys as en: none left to English words */
            apr_hash_t *mine = file_method_keys(text);
            apr_array_header_t *names = apr_array_make(pool, 64, sizeof(const char *));
            apr_hash_index_t *hi;

            for (hi = apr_hash_first(pool, mine); hi; hi = apr_hash_next(hi)) {
                const void *k;
                apr_hash_this(hi, &k, NULL, NULL);
                APR_ARRAY_PUSH(names, const char *) = k;
            }
            ok(same_names(names, file_method_keys(en_text), tag),
               "%s: the same sign-in method keys as en (%d)", origin, names->nelts);
            for (i = 0; i < names->nelts; i++) {
                const char *key = APR_ARRAY_IDX(names, i, const char *);
                const char *last = strrchr(key, '.'), *kind = last;
                const h401_cause_text *ct;
                const char *id;

                while (kind > key && kind[-1] != '.') {
                    kind--;
                }
                if (strncmp(kind, "remedies.", 9) != 0) {
                    continue;
                }
                id = apr_pstrmemdup(pool, key + 6, (apr_size_t)(kind - key - 7));
                ct = h401_messages_cause_for(m, id, (h401_signin)h401_signin_from_id(last + 1));
                is_int(ct ? ct->remedies->nelts : -1, count_ids(file_value(text, key)),
                       "%s: %s gives the file's remedies", origin, key);
            }
        }
        for (i = 0; i < H401_CAUSE_COUNT; i++) {
            const char *id = h401_cause_id((h401_cause)i);
            const h401_cause_text *ct = h401_messages_cause_by_id(m, id);
            const h401_cause_text *ect = h401_messages_cause(en, (h401_cause)i);
            const char *title = file_value(text, apr_pstrcat(pool, "cause.", id, ".title",
                                                             NULL));
            const char *list = file_value(text, apr_pstrcat(pool, "cause.", id, ".remedies",
                                                            NULL));
            const char *got;

            if (!ok(ct && ct->title && ct->explanation && ct->remedies,
                    "%s: has words for %s", tag, id)) {
                continue;
            }
            got = render(ct->title, NULL);
            ok(title && !strstr(title, "{{") ? strcmp(got, title) == 0
               : got && *got && !strstr(got, "{{"),
               "%s: %s title is the file's (%s)", tag, id, got);
            ok(strcmp(got, render(ect->title, NULL)) != 0, "%s: %s title is not en's", tag, id);
            ok(strcmp(render(ct->explanation, NULL), render(ect->explanation, NULL)) != 0,
               "%s: %s explanation is not en's", tag, id);
            is_int(ct->remedies->nelts, count_ids(list), "%s: %s has the file's %d remedies",
                   tag, id, count_ids(list));
        }
        is_str(render(h401_messages_get(m, "time.ago"), NULL),
               render(h401_messages_get(alone, "time.ago"), NULL),
               "%s: time.ago is its own", tag);
    }
}

/* ---- a file that gives some keys, over a fallback ---- */

static void test_partial(const h401_messages *en)
{
    h401_messages *m = NULL;
    const char *err;
    int i, j;

    err = h401_messages_load(pool, "p.txt",
                             "# only one title\ncause.no-credentials.title = Sign in, please\n",
                             en, h401_page_variables, &m);
    is_str(err, NULL, "a file with one title loads over en");
    if (!m) {
        return;
    }
    is_str(render(h401_messages_cause(m, H401_CAUSE_NO_CREDENTIALS)->title, NULL),
           "Sign in, please", "the file's title replaces en's");
    ok(h401_messages_cause(en, H401_CAUSE_NO_CREDENTIALS)->title
       != h401_messages_cause(m, H401_CAUSE_NO_CREDENTIALS)->title,
       "and en's own title is left alone");
    is_str(render(h401_messages_cause(m, H401_CAUSE_NO_CREDENTIALS)->explanation, NULL),
           render(h401_messages_cause(en, H401_CAUSE_NO_CREDENTIALS)->explanation, NULL),
           "the explanation stays en's");
    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        const h401_cause_text *ct = h401_messages_cause(m, (h401_cause)i);
        const h401_cause_text *ect = h401_messages_cause(en, (h401_cause)i);
        const char *id = h401_cause_id((h401_cause)i);
        int same = ct->remedies->nelts == ect->remedies->nelts;

        if (i != H401_CAUSE_NO_CREDENTIALS) {
            is_str(render(ct->title, NULL), render(ect->title, NULL), "%s: title stays en's", id);
            is_str(render(ct->explanation, NULL), render(ect->explanation, NULL),
                   "%s: explanation stays en's", id);
        }
        for (j = 0; same && j < ct->remedies->nelts; j++) {
            same = strcmp(render(APR_ARRAY_IDX(ct->remedies, j, const h401_tpl *), NULL),
                          render(APR_ARRAY_IDX(ect->remedies, j, const h401_tpl *), NULL)) == 0;
        }
        ok(same, "%s: remedies stay en's (%d)", id, ct->remedies->nelts);
    }
    is_str(h401_messages_lang(m), "en", "without a lang line, the fallback's lang");
    ok(same_names(h401_messages_word_names(m), file_word_keys(shipped("en")), "partial"),
       "the words are en's");
    is_str(render(h401_messages_get(m, "ui.status"), NULL),
           render(h401_messages_get(en, "ui.status"), NULL), "ui.status stays en's");

    /* a remedy's text given alone replaces it wherever en lists it */
    m = NULL;
    err = h401_messages_load(pool, "p.txt", "remedy.contact = Call the help desk.\n"
                             "ui.status = Oops\nui.extra = Extra word\n",
                             en, h401_page_variables, &m);
    is_str(err, NULL, "a file with a remedy and ui words loads over en");
    if (m) {
        const h401_cause_text *ct = h401_messages_cause(m, H401_CAUSE_NO_CREDENTIALS);
        const h401_cause_text *ect = h401_messages_cause(en, H401_CAUSE_NO_CREDENTIALS);
        apr_hash_t *want = file_word_keys(shipped("en"));
        h401_vars *v = h401_vars_make(pool, NULL);

        is_int(ct->remedies->nelts, ect->remedies->nelts, "remedy override: same list");
        is_str(render(APR_ARRAY_IDX(ct->remedies, ct->remedies->nelts - 1, const h401_tpl *),
                      NULL), "Call the help desk.",
               "remedy override: no-credentials' last remedy (contact) has the new text");
        is_str(render(APR_ARRAY_IDX(ct->remedies, 0, const h401_tpl *), NULL),
               render(APR_ARRAY_IDX(ect->remedies, 0, const h401_tpl *), NULL),
               "remedy override: the other remedies stay en's");
        ct = h401_messages_cause(m, H401_CAUSE_LEFTOVER_HTACCESS);
        for (j = 0; j < ct->remedies->nelts; j++) {
            lacks_str(render(APR_ARRAY_IDX(ct->remedies, j, const h401_tpl *), NULL),
                      "help desk", "remedy override: leftover-htaccess (no contact) remedy %d",
                      j + 1);
        }
        apr_hash_set(want, "ui.extra", APR_HASH_KEY_STRING, "ui.extra");
        ok(same_names(h401_messages_word_names(m), want, "extra word"),
           "words: en's and the file's new ui.extra");
        h401_messages_set_words(m, v);
        is_str(render(h401_messages_get(m, "ui.status"), v), "Oops", "ui.status replaced");
        {
            const h401_tpl *t = NULL;
            h401_tpl_options opt;

            memset(&opt, 0, sizeof(opt));
            opt.mode = H401_ESC_TEXT;
            h401_tpl_compile(pool, "t", "{{ui.status}}|{{ui.extra}}|{{time.now}}", &opt, &t);
            is_str(render(t, v), "Oops|Extra word|just now",
                   "set_words: the file's, its new and en's words");
        }
    }

    /* an empty file over en is en */
    m = NULL;
    is_str(h401_messages_load(pool, "e.txt", "", en, h401_page_variables, &m), NULL,
           "an empty file loads over en");
    ok(m && render(h401_messages_cause(m, H401_CAUSE_STALE_SESSION)->title, NULL)
       && strcmp(render(h401_messages_cause(m, H401_CAUSE_STALE_SESSION)->title, NULL),
                 render(h401_messages_cause(en, H401_CAUSE_STALE_SESSION)->title, NULL)) == 0,
       "and has en's words");
}

/* ---- variables: known lists ---- */

typedef struct {
    const char *name;
    const char *text;
    const char *const *known;
    const char *want;
} known_case;

static const char *const only_user[] = { "user", NULL };

static const known_case known_cases[] = {
    { "unknown variable in an explanation",
      "# x\n\ncause.no-credentials.explanation = Hello {{x}}\n", h401_page_variables,
      "k.txt:3: unknown variable 'x'" },
    { "unknown section name in a title",
      "cause.bad-credentials.title = Bad{{#sender}} for {{sender}}{{/sender}}\n",
      h401_page_variables, "k.txt:1: unknown variable 'sender'" },
    { "unknown variable in a remedy",
      "lang = en\nremedy.contact = Write to {{contact_mail}}\n", h401_page_variables,
      "k.txt:2: unknown variable 'contact_mail'" },
    { "unknown variable in a ui word",
      "ui.status = 401 for {{usr}}\n", h401_page_variables,
      "k.txt:1: unknown variable 'usr'" },
    { "unknown variable in a new cause",
      "cause.mine.title = Mine\ncause.mine.explanation = {{whatever}}\n"
      "cause.mine.remedies = contact\n", h401_page_variables,
      "k.txt:2: unknown variable 'whatever'" },
    { "a word is no variable of the messages",
      "ui.status = {{ui.reference}}\n", h401_page_variables,
      "k.txt:1: unknown variable 'ui.reference'" },
    { "a short known list", "cause.no-credentials.title = {{user}} {{realm}}\n", only_user,
      "k.txt:1: unknown variable 'realm'" },
    { "the page's variables are known",
      "cause.no-credentials.title = {{user}} {{realm}} {{token_when}} {{#not_yet_valid}}"
      "{{/not_yet_valid}}\n", h401_page_variables, NULL },
    { "a short known list allows its names", "cause.no-credentials.title = {{user}}\n",
      only_user, NULL },
    { "no known list allows any name", "cause.no-credentials.title = {{whatever}}\n", NULL,
      NULL },
};

static void test_known(const h401_messages *en)
{
    size_t i;

    for (i = 0; i < sizeof(known_cases) / sizeof(known_cases[0]); i++) {
        const known_case *c = &known_cases[i];
        h401_messages *m = (h401_messages *)&m;   /* must become NULL on error */
        const char *err = h401_messages_load(pool, "k.txt", c->text, en, c->known, &m);

        is_str(err, c->want, "known variables: %s", c->name);
        ok(c->want ? m == NULL : m != NULL, "known variables: %s: %s", c->name,
           c->want ? "no set" : "a set");
    }
}

/* ---- the admin's own causes ---- */

#define MAINTENANCE \
    "cause.maintenance.title = Down for maintenance\n" \
    "cause.maintenance.explanation = Back soon at {{url}}.\n" \
    "cause.maintenance.remedies = come-back, later, contact\n" \
    "remedy.later = Try again after {{realm}}.\n"

static void test_custom(const h401_messages *en)
{
    h401_messages *m = NULL, *m2 = NULL;
    const h401_cause_text *ct;
    const char *err;
    h401_vars *v = h401_vars_make(pool, NULL);

    h401_vars_set(v, "url", "/x");
    h401_vars_set(v, "realm", "noon");
    err = h401_messages_load(pool, "c.txt", MAINTENANCE, en, h401_page_variables, &m);
    is_str(err, NULL, "a new cause with title, explanation and remedies loads over en");
    if (!m) {
        return;
    }
    ct = h401_messages_cause_by_id(m, "maintenance");
    if (ok(ct != NULL, "the new cause has words")) {
        is_str(render(ct->title, v), "Down for maintenance", "new cause: title");
        is_str(render(ct->explanation, v), "Back soon at /x.", "new cause: explanation");
        is_int(ct->remedies->nelts, 3, "new cause: three remedies");
        is_str(render(APR_ARRAY_IDX(ct->remedies, 0, const h401_tpl *), v),
               render(h401_messages_get(en, "remedy.come-back"), v),
               "new cause: remedy 1 is en's come-back");
        is_str(render(APR_ARRAY_IDX(ct->remedies, 1, const h401_tpl *), v),
               "Try again after noon.", "new cause: remedy 2 is the file's own");
        is_str(render(APR_ARRAY_IDX(ct->remedies, 2, const h401_tpl *), v),
               render(h401_messages_get(en, "remedy.contact"), v),
               "new cause: remedy 3 is en's contact");
    }
    ok(h401_messages_cause_by_id(en, "maintenance") == NULL, "en itself has no new cause");
    is_str(render(h401_messages_cause(m, H401_CAUSE_NO_CREDENTIALS)->title, NULL),
           render(h401_messages_cause(en, H401_CAUSE_NO_CREDENTIALS)->title, NULL),
           "the built-in causes stay en's");

    /* a file over one that has the cause may give only some of its keys */
    err = h401_messages_load(pool, "d.txt", "lang = de\ncause.maintenance.title = Wartung\n",
                             m, h401_page_variables, &m2);
    is_str(err, NULL, "a title for the fallback's own cause loads");
    if (m2 && (ct = h401_messages_cause_by_id(m2, "maintenance")) != NULL) {
        is_str(render(ct->title, v), "Wartung", "fallback's cause: the file's title");
        is_str(render(ct->explanation, v), "Back soon at /x.",
               "fallback's cause: the fallback's explanation");
        is_int(ct->remedies->nelts, 3, "fallback's cause: the fallback's remedies");
    }
    else {
        ok(0, "the fallback's cause has words");
    }

    m2 = NULL;
    err = h401_messages_load(pool, "d.txt", "cause.maintenance.explanation = Bis bald.\n"
                             "remedy.later = Später.\n", m, h401_page_variables, &m2);
    is_str(err, NULL, "an explanation and a remedy for the fallback's cause load");
    if (m2 && (ct = h401_messages_cause_by_id(m2, "maintenance")) != NULL) {
        is_str(render(ct->title, v), "Down for maintenance",
               "fallback's cause, explanation given: the fallback's title");
        is_str(render(ct->explanation, v), "Bis bald.",
               "fallback's cause, explanation given: the file's explanation");
        is_str(render(APR_ARRAY_IDX(ct->remedies, 1, const h401_tpl *), v), "Später.",
               "fallback's cause, remedy given: the file's remedy text");
    }
    else {
        ok(0, "the fallback's cause has words");
    }

    m2 = NULL;
    err = h401_messages_load(pool, "d.txt", "", m, h401_page_variables, &m2);
    ok(!err && m2 && h401_messages_cause_by_id(m2, "maintenance") != NULL,
       "an empty file over it keeps the new cause");

    /* errors */
    m2 = (h401_messages *)&m2;
    is_str(h401_messages_load(pool, "c.txt",
                              "cause.maintenance.title = Down\n"
                              "cause.maintenance.remedies = contact\n",
                              en, h401_page_variables, &m2),
           "c.txt: 'cause.maintenance.explanation' is missing",
           "a new cause without an explanation names it");
    ok(m2 == NULL, "and gives no set");
    m2 = (h401_messages *)&m2;
    is_str(h401_messages_load(pool, "c.txt",
                              "cause.maintenance.title = Down\n"
                              "cause.maintenance.explanation = Down.\n",
                              en, h401_page_variables, &m2),
           "c.txt: 'cause.maintenance.remedies' is missing",
           "a new cause without remedies names them");
    ok(m2 == NULL, "and gives no set");
    m2 = (h401_messages *)&m2;
    is_str(h401_messages_load(pool, "c.txt",
                              "cause.maintenance.title = Down\n"
                              "cause.maintenance.explanation = Down.\n"
                              "cause.maintenance.remedies = contact, nosuch\n",
                              en, h401_page_variables, &m2),
           "c.txt:3: unknown remedy 'nosuch' (no 'remedy.nosuch' line)",
           "a new cause with an unknown remedy");
    ok(m2 == NULL, "and gives no set");
    m2 = (h401_messages *)&m2;
    is_str(h401_messages_load(pool, "c.txt",
                              "\ncause.maintenance.title = Down\n"
                              "cause.maintenance.explanation = Down.\n"
                              "cause.maintenance.remedies =\n",
                              en, h401_page_variables, &m2),
           "c.txt:4: 'cause.maintenance.remedies' lists no remedy",
           "a new cause with an empty remedies list");
    ok(m2 == NULL, "and gives no set");
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
    /*  9 */ "cause.server-misconfigured.title = Misconfigured",
    /* 10 */ "cause.server-misconfigured.explanation = No challenge",
    /* 11 */ "cause.server-misconfigured.remedies = contact",
    /* 12 */ "cause.wrong-scheme.title = Wrong scheme",
    /* 13 */ "cause.wrong-scheme.explanation = Sent {{sent_scheme}}",
    /* 14 */ "cause.wrong-scheme.remedies = retry, contact",
    /* 15 */ "cause.malformed-credentials.title = Malformed",
    /* 16 */ "cause.malformed-credentials.explanation = Unreadable",
    /* 17 */ "cause.malformed-credentials.remedies = contact",
    /* 18 */ "cause.expired-token.title = Expired",
    /* 19 */ "cause.expired-token.explanation = Expired {{token_when}}",
    /* 20 */ "cause.expired-token.remedies = retry",
    /* 21 */ "cause.bad-credentials.title = Bad",
    /* 22 */ "cause.bad-credentials.explanation = Refused {{user}}",
    /* 23 */ "cause.bad-credentials.remedies = retry,contact",
    /* 24 */ "cause.stale-session.title = Stale",
    /* 25 */ "cause.stale-session.explanation = Session over",
    /* 26 */ "cause.stale-session.remedies = contact",
    /* 27 */ "cause.no-credentials.title = None",
    /* 28 */ "cause.no-credentials.explanation = Nothing sent",
    /* 29 */ "cause.no-credentials.remedies = retry",
    /* 30 */ "remedy.retry = Try again",
    /* 31 */ "remedy.contact = Contact {{contact}}",
    /* 32 */ "time.ago = {{amount}} ago",
    /* 33 */ "admin.note = Note & more",
    /* 34 */ "cause.not-permitted.title = Not for you",
    /* 35 */ "cause.not-permitted.explanation = Signed in as {{user}}",
    /* 36 */ "cause.not-permitted.remedies = contact",
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
    apr_hash_t *words = apr_hash_make(pool);

    err = h401_messages_load(pool, "t.txt", build(0, NULL, "\n"), NULL, NULL, &m);
    is_str(err, NULL, "small complete file loads");
    if (!m) {
        return;
    }
    is_str(h401_messages_lang(m), "xx", "lang read");
    ct = h401_messages_cause(m, H401_CAUSE_BAD_CREDENTIALS);
    h401_vars_set(vars, "user", "<bob>");
    h401_vars_set(vars, "contact", "me@example.org");
    h401_vars_set(vars, "amount", "3 days");
    is_str(render(ct->title, vars), "Bad", "title read, spaces around '=' trimmed");
    is_str(render(ct->explanation, vars), "Refused <bob>",
           "explanation uses values (text mode: no HTML escaping)");
    is_int(ct->remedies->nelts, 2, "'retry,contact' is two remedies");
    is_str(render(APR_ARRAY_IDX(ct->remedies, 0, const h401_tpl *), vars), "Try again",
           "remedies in listed order: first");
    is_str(render(APR_ARRAY_IDX(ct->remedies, 1, const h401_tpl *), vars),
           "Contact me@example.org", "remedies in listed order: second");
    is_str(render(h401_messages_cause(m, H401_CAUSE_SERVER_MISCONFIGURED)->title, vars),
           "Misconfigured", "server-misconfigured read");
    is_str(render(h401_messages_cause(m, H401_CAUSE_EXPIRED_TOKEN)->title, vars),
           "Expired", "expired-token read");
    apr_hash_set(words, "ui.hello", APR_HASH_KEY_STRING, "");
    apr_hash_set(words, "ui.bye", APR_HASH_KEY_STRING, "");
    apr_hash_set(words, "time.ago", APR_HASH_KEY_STRING, "");
    apr_hash_set(words, "admin.note", APR_HASH_KEY_STRING, "");
    ok(same_names(h401_messages_word_names(m), words, "small"),
       "words: the two ui, the time and the admin key");
    {
        h401_vars *v = h401_vars_make(pool, vars);
        const h401_tpl *t = NULL;
        h401_tpl_options opt;

        memset(&opt, 0, sizeof(opt));
        opt.mode = H401_ESC_HTML;
        h401_tpl_compile(pool, "t", "{{ui.hello}}|{{ui.bye}}|{{time.ago}}|{{admin.note}}",
                         &opt, &t);
        h401_messages_set_words(m, v);
        is_str(render(t, v), "Hello &lt;bob&gt;|Bye &amp; &lt;bye&gt;|3 days ago|Note &amp; more",
               "set_words sets ui.*, time.* and admin.* words, escaped for the page");
    }

    m = NULL;
    err = h401_messages_load(pool, "t.txt", build(0, NULL, "\r\n"), NULL, NULL, &m);
    is_str(err, NULL, "same file with CRLF line endings loads");
    ok(m && strcmp(h401_messages_lang(m), "xx") == 0, "CRLF: lang has no stray CR");
    if (m) {
        is_str(render(h401_messages_cause(m, H401_CAUSE_STALE_SESSION)->title, vars), "Stale",
               "CRLF: title has no stray CR");
    }

    m = NULL;
    err = h401_messages_load(pool, "t.txt", build(2, "# no lang line", "\n"), NULL, NULL, &m);
    is_str(err, NULL, "a file without lang loads");
    ok(m && strcmp(h401_messages_lang(m), "en") == 0, "lang defaults to en");

    m = NULL;
    err = h401_messages_load(pool, "t.txt",
                             build(31, "remedy.contact = a = b", "\n"), NULL, NULL, &m);
    is_str(err, NULL, "'=' inside the text is fine");
    if (m) {
        is_str(render(APR_ARRAY_IDX(h401_messages_cause(m, H401_CAUSE_STALE_SESSION)->remedies,
                                    0, const h401_tpl *), vars),
               "a = b", "text keeps its own '='");
    }

    m = NULL;
    err = h401_messages_load(pool, "t.txt", build(0, NULL, "\n"), NULL, h401_page_variables,
                             &m);
    is_str(err, NULL, "small file loads with the page's variables as the known list");
}

/* ---- words for one sign-in method ---- */

/* The small base file with more lines after it. */
static const char *with_lines(const char *more)
{
    return apr_pstrcat(pool, build(0, NULL, "\n"), more, NULL);
}

/* The plain text of a remedy list, joined by '|'. */
static const char *remedy_texts(const apr_array_header_t *remedies)
{
    const char *out = "";
    int i;

    for (i = 0; remedies && i < remedies->nelts; i++) {
        out = apr_pstrcat(pool, out, i ? "|" : "",
                          render(APR_ARRAY_IDX(remedies, i, const h401_tpl *), NULL), NULL);
    }
    return out;
}

static void test_methods(void)
{
    h401_messages *m = NULL, *over = NULL;
    const h401_cause_text *plain, *ct;
    const char *err;
    int i;

    err = h401_messages_load(pool, "t.txt", with_lines(
                                 "cause.no-credentials.title.negotiate = Single sign-on\n"
                                 "cause.no-credentials.remedies.negotiate = contact\n"
                                 "cause.bad-credentials.explanation.basic = Box refused\n"
                                 "cause.bad-credentials.remedies.digest = contact, retry\n"
                                 "cause.stale-session.title.redirect = Logged out\n"),
                             NULL, NULL, &m);
    is_str(err, NULL, "a file with method keys loads");
    if (!m) {
        return;
    }
    plain = h401_messages_cause_by_id(m, "no-credentials");
    ok(h401_messages_cause_for(m, "no-credentials", H401_SIGNIN_OTHER) == plain,
       "the plain method is cause_by_id's words");
    ct = h401_messages_cause_for(m, "no-credentials", H401_SIGNIN_NEGOTIATE);
    ok(ct && ct != plain, "negotiate has words of its own");
    if (ct) {
        is_str(render(ct->title, NULL), "Single sign-on", "negotiate: its own title");
        ok(ct->explanation == plain->explanation, "negotiate: the plain explanation");
        is_str(remedy_texts(ct->remedies), "Contact ", "negotiate: its own remedies");
    }
    ok(h401_messages_cause_for(m, "no-credentials", H401_SIGNIN_BEARER) == plain,
       "a method without keys: the very plain words");
    ok(h401_messages_cause_for(m, "no-credentials", H401_SIGNIN_BASIC) == plain,
       "basic without keys: the plain words");
    ok(h401_messages_cause_for(m, "no-credentials", (h401_signin)42) == plain,
       "a method out of range: the plain words");
    ok(h401_messages_cause_for(m, "no-such-cause", H401_SIGNIN_BASIC) == NULL,
       "an unknown cause: NULL for a method too");
    ok(h401_messages_cause_for(m, NULL, H401_SIGNIN_BASIC) == NULL, "a NULL id: NULL");

    plain = h401_messages_cause_by_id(m, "bad-credentials");
    ct = h401_messages_cause_for(m, "bad-credentials", H401_SIGNIN_BASIC);
    ok(ct != plain && ct && strcmp(render(ct->explanation, NULL), "Box refused") == 0
       && ct->title == plain->title && ct->remedies == plain->remedies,
       "basic: its explanation, the rest plain");
    ct = h401_messages_cause_for(m, "bad-credentials", H401_SIGNIN_DIGEST);
    ok(ct && strcmp(render(ct->explanation, NULL), "Box refused") == 0,
       "digest falls back to basic's explanation");
    is_str(ct ? remedy_texts(ct->remedies) : NULL, "Contact |Try again",
           "digest: its own remedies, in order");
    ok(h401_messages_cause_for(m, "stale-session", H401_SIGNIN_DIGEST)
       == h401_messages_cause_by_id(m, "stale-session"),
       "digest without keys, basic without keys: the plain words");
    ok(h401_messages_cause_for(m, "bad-credentials", H401_SIGNIN_NEGOTIATE) == plain,
       "basic's words are not those of the other methods");
    ct = h401_messages_cause_for(m, "stale-session", H401_SIGNIN_REDIRECT);
    is_str(ct ? render(ct->title, NULL) : NULL, "Logged out", "redirect: its title");
    ok(h401_messages_get(m, "cause.no-credentials.remedies.negotiate") == NULL,
       "a method's remedies list is no text");
    ok(h401_messages_get(m, "cause.no-credentials.title.negotiate") != NULL,
       "a method's title is a text, as others are");

    /* over it, key by key: the fallback's method list, this file's texts */
    err = h401_messages_load(pool, "o.txt",
                             "remedy.contact = Write to us\n"
                             "cause.no-credentials.title = Please sign in\n"
                             "cause.stale-session.title.redirect = Signed out\n",
                             m, NULL, &over);
    is_str(err, NULL, "a file over one with method keys loads");
    if (over) {
        ct = h401_messages_cause_for(over, "no-credentials", H401_SIGNIN_NEGOTIATE);
        is_str(ct ? render(ct->title, NULL) : NULL, "Single sign-on",
               "over: the fallback's method title stays (it is the more specific key)");
        is_str(ct ? remedy_texts(ct->remedies) : NULL, "Write to us",
               "over: the fallback's method list, with this file's remedy text");
        ct = h401_messages_cause_for(over, "no-credentials", H401_SIGNIN_BEARER);
        is_str(ct ? render(ct->title, NULL) : NULL, "Please sign in",
               "over: a method without keys gets this file's plain title");
        ct = h401_messages_cause_for(over, "stale-session", H401_SIGNIN_REDIRECT);
        is_str(ct ? render(ct->title, NULL) : NULL, "Signed out", "over: its own method title");
        ct = h401_messages_cause_for(over, "bad-credentials", H401_SIGNIN_DIGEST);
        is_str(ct ? remedy_texts(ct->remedies) : NULL, "Write to us|Try again",
               "over: digest's list from the fallback, this file's texts");
    }

    /* errors */
    {
        static const struct {
            const char *name;
            const char *lines;
            const char *want;
        } bad[] = {
            { "a method that is none", "cause.no-credentials.title.kerberos = K\n",
              "t.txt:37: 'cause.no-credentials.title.kerberos': 'kerberos' is no sign-in "
              "method (basic, digest, bearer, negotiate or redirect)" },
            { "a method id in the wrong case", "cause.no-credentials.remedies.Basic = retry\n",
              "t.txt:37: 'cause.no-credentials.remedies.Basic': 'Basic' is no sign-in "
              "method (basic, digest, bearer, negotiate or redirect)" },
            { "the plain method's empty id", "cause.no-credentials.title. = K\n",
              "t.txt:37: 'cause.no-credentials.title.': '' is no sign-in method (basic, "
              "digest, bearer, negotiate or redirect)" },
            { "a method key of a cause without words", "cause.nosuch.title.basic = X\n",
              "t.txt:37: 'cause.nosuch.title.basic': the cause 'nosuch' has no words "
              "('cause.nosuch.title')" },
            { "an unknown remedy in a method list",
              "cause.bad-credentials.remedies.bearer = retry, gone\n",
              "t.txt:37: unknown remedy 'gone' (no 'remedy.gone' line)" },
            { "an empty method list", "cause.bad-credentials.remedies.bearer =\n",
              "t.txt:37: 'cause.bad-credentials.remedies.bearer' lists no remedy" },
            { "an unclosed section in a method title",
              "cause.bad-credentials.title.bearer = {{#user}}x\n",
              "t.txt:37: section 'user' is never closed" },
        };
        for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
            h401_messages *e = (h401_messages *)&e;
            is_str(h401_messages_load(pool, "t.txt", with_lines(bad[i].lines), NULL, NULL, &e),
                   bad[i].want, "error for %s", bad[i].name);
            ok(e == NULL, "no messages set for %s", bad[i].name);
        }
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
    { "a duplicate cause title", 25, "cause.stale-session.title = Again",
      "t.txt:25: 'cause.stale-session.title' is defined twice" },
    { "an unknown remedy id", 23, "cause.bad-credentials.remedies = retry, nosuch",
      "t.txt:23: unknown remedy 'nosuch' (no 'remedy.nosuch' line)" },
    { "a remedy id without its remedy line", 30, "# remedy.retry removed",
      "t.txt:14: unknown remedy 'retry' (no 'remedy.retry' line)" },
    { "a missing cause title", 24, "# title removed",
      "t.txt: 'cause.stale-session.title' is missing" },
    { "a missing cause explanation", 7, "",
      "t.txt: 'cause.leftover-htaccess.explanation' is missing" },
    { "a missing remedies line", 29, "#",
      "t.txt: 'cause.no-credentials.remedies' is missing" },
    { "server-misconfigured is required", 10, "# no explanation",
      "t.txt: 'cause.server-misconfigured.explanation' is missing" },
    { "expired-token is required", 18, "# no title",
      "t.txt: 'cause.expired-token.title' is missing" },
    { "an empty remedies list", 26, "cause.stale-session.remedies =",
      "t.txt:26: 'cause.stale-session.remedies' lists no remedy" },
    { "a remedies list of only commas", 26, "cause.stale-session.remedies = , ,",
      "t.txt:26: 'cause.stale-session.remedies' lists no remedy" },
    { "an unclosed section in an explanation", 22,
      "cause.bad-credentials.explanation = Refused {{#user}}",
      "t.txt:22: section 'user' is never closed" },
    { "a stray close in a remedy", 30, "remedy.retry = Try {{/x}} again",
      "t.txt:30: '{{/x}}' closes no open section" },
    { "'{{' without '}}' in a ui word", 4, "ui.hello = Hello {{user",
      "t.txt:4: '{{' without a closing '}}'" },
};

static void test_errors(const h401_messages *en)
{
    size_t i;

    for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
        const error_case *c = &error_cases[i];
        h401_messages *m = (h401_messages *)&m;   /* must become NULL */
        const char *err = h401_messages_load(pool, "t.txt", build(c->line, c->with, "\n"),
                                             NULL, NULL, &m);

        is_str(err, c->want, "error for %s", c->name);
        ok(m == NULL, "no messages set for %s", c->name);
    }

    {
        h401_messages *m = NULL;
        is_str(h401_messages_load(pool, "empty.txt", "", NULL, NULL, &m),
               "empty.txt: 'cause.leftover-htaccess.title' is missing",
               "an empty file without a fallback names the first missing key");
    }

    /* an empty remedies list is an error over a fallback too: it does not
     * mean "keep the fallback's" */
    {
        h401_messages *m = (h401_messages *)&m;
        is_str(h401_messages_load(pool, "e.txt", "# none\ncause.no-credentials.remedies = \n",
                                  en, h401_page_variables, &m),
               "e.txt:2: 'cause.no-credentials.remedies' lists no remedy",
               "an empty remedies list over en is an error");
        ok(m == NULL, "and gives no set");
    }
}

int main(int argc, const char *const *argv)
{
    h401_messages *en;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    en = test_shipped();
    if (en) {
        test_languages(en);
        test_partial(en);
        test_known(en);
        test_custom(en);
    }
    test_small_valid();
    test_methods();
    if (en) {
        test_errors(en);
    }

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
