/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "h401_page.h"
#include "h401_prepared.h"
#include "h401_template.h"

#define FORMATS 3

static const char *const page_files[FORMATS] = {
    "page.html", "page.json", "page.txt"
};
static const char *const partial_suffix[FORMATS] = { ".html", ".json", ".txt" };
static const h401_esc_mode format_mode[FORMATS] = {
    H401_ESC_HTML, H401_ESC_JSON, H401_ESC_TEXT
};

const char *const h401_page_variables[] = {
    "lang", "cause", "title", "explanation", "remedies", "text", "first",
    "realm", "scheme", "sent_scheme", "user", "url", "path", "contact",
    "contact_label", "contact_name", "contact_address", "login_url", "home_url", "action_url", "action_is_login",
    "action_is_reload",
    "request_id", "challenges", "challenge_headers", "header", "token_when", "not_yet_valid",
    "detail", "name", "value", "detail_fix", "has_detail", "problem_type", "status", "n",
    "amount", "scope", "reference",
    NULL
};

/* The values a request fills into a page, as slots of its prepared
 * templates; every other value of a page is fixed for its cause, language
 * and format. */
enum {
    SLOT_REALM, SLOT_SCHEME, SLOT_SENT_SCHEME, SLOT_USER, SLOT_URL, SLOT_PATH,
    SLOT_CONTACT, SLOT_CONTACT_LABEL, SLOT_CONTACT_NAME, SLOT_CONTACT_ADDRESS,
    SLOT_LOGIN_URL, SLOT_HOME_URL,
    SLOT_ACTION_URL, SLOT_ACTION_IS_LOGIN, SLOT_ACTION_IS_RELOAD,
    SLOT_REQUEST_ID, SLOT_NOT_YET_VALID, SLOT_TOKEN_WHEN,
    SLOT_CHALLENGES, SLOT_CHALLENGE_HEADERS, SLOT_DETAIL, SLOT_DETAIL_FIX,
    SLOT_HAS_DETAIL, SLOT_PROBLEM_TYPE, SLOT_SCOPE, SLOT_STATUS,
    SLOT_FIRST, SLOT_HEADER, SLOT_NAME, SLOT_VALUE,
    SLOT_COUNT
};

/* Their names, as the templates write them, in the same order; lists
 * are sets of items. */
static const h401_slot_name page_slots[SLOT_COUNT] = {
    { "realm", 0 }, { "scheme", 0 }, { "sent_scheme", 0 }, { "user", 0 },
    { "url", 0 }, { "path", 0 },
    { "contact", 0 }, { "contact_label", 0 }, { "contact_name", 0 }, { "contact_address", 0 },
    { "login_url", 0 }, { "home_url", 0 },
    { "action_url", 0 }, { "action_is_login", 0 }, { "action_is_reload", 0 },
    { "request_id", 0 }, { "not_yet_valid", 0 }, { "token_when", 0 },
    { "challenges", 1 }, { "challenge_headers", 1 }, { "detail", 1 }, { "detail_fix", 0 },
    { "has_detail", 0 }, { "problem_type", 0 }, { "scope", 0 }, { "status", 0 },
    { "first", 0 }, { "header", 0 }, { "name", 0 }, { "value", 0 }
};

/* The words of a token's time ("3 hours ago"), prepared like pages with
 * their number and amount as slots. */
enum {
    TIME_NOW, TIME_SECONDS, TIME_MINUTE, TIME_MINUTES, TIME_HOUR, TIME_HOURS,
    TIME_DAY, TIME_DAYS, TIME_AGO, TIME_IN, TIME_WORDS
};
static const char *const time_keys[TIME_WORDS] = {
    "time.now", "time.seconds", "time.minute", "time.minutes", "time.hour",
    "time.hours", "time.day", "time.days", "time.ago", "time.in"
};
enum { TIME_N, TIME_AMOUNT, TIME_SLOTS };
static const h401_slot_name time_slots[TIME_SLOTS] = { { "n", 0 }, { "amount", 0 } };

/* One cause's page in each format, ready but for the request's values. */
typedef struct {
    const h401_prepared *format[FORMATS];
} cause_pages;

/* A cause's pages for each sign-in method; methods with the same words
 * (most have none of their own) share one. */
typedef struct {
    const cause_pages *method[H401_SIGNIN_COUNT];
} cause_methods;

struct h401_language {
    const char *tag;
    h401_messages *messages;
    h401_vars *words;        /* its ui.*, time.* words, set once at load */
    apr_hash_t *pages;       /* cause id -> cause_methods */
    const cause_methods *builtin[H401_CAUSE_COUNT];
    const h401_prepared *time_words[TIME_WORDS];   /* NULL: no such word */
};
typedef struct h401_language language;

struct h401_pageset {
    const h401_tpl *page[FORMATS];
    apr_array_header_t *languages;   /* language */
    apr_array_header_t *tags;        /* const char * */
    /* cause id -> the tags (const char *) of the languages whose words
     * for it are in their own tongue, for causes some language lacks
     * words of its own for (an admin's cause written in one language) */
    apr_hash_t *cause_tags;
    /* the shipped files, for a set loaded over them: what it lacks of
     * page.* and partials/ comes from there */
    h401_file_fn shipped_get;
    void *shipped_baton;
    const char *shipped_where;
};

/* The most template text one set compiles, partials included: each is
 * compiled once, however often it is used. */
#define COMPILE_BUDGET ((apr_size_t)16 * 1024 * 1024)

/* Where a set's files come from: its own, and those of the set it is
 * loaded over (get NULL when there is none). */
typedef struct {
    h401_file_fn get;
    void *baton;
    const char *where;
} file_source;

typedef struct {
    apr_pool_t *pool;
    file_source own, base;
    int format;
    const char *const *known;
    apr_hash_t *partials;     /* path -> its h401_tpl, or "compiling" */
    apr_size_t compiled;      /* bytes of template text so far */
    const char *error;        /* the first error, from the innermost partial */
} loader;

/*
 * The text of path from src, or NULL when src has none; NULL also when
 * it is not UTF-8, and *err then says where (the file and line of the
 * first bad byte). *origin names the file as errors do.
 */
static const char *fetch(apr_pool_t *p, const file_source *src, const char *path,
                         const char **origin, const char **err)
{
    const char *text = src->get ? src->get(src->baton, p, path) : NULL;
    apr_size_t len, good;
    int line = 1;
    const char *s;

    *origin = apr_pstrcat(p, src->where ? src->where : "", path, NULL);
    if (!text) {
        return NULL;
    }
    len = strlen(text);
    if ((good = h401_utf8_valid_prefix(text, len)) == len) {
        return text;
    }
    for (s = text; s < text + good; s++) {
        line += *s == '\n';
    }
    if (!*err) {
        *err = apr_psprintf(p, "%s:%d: byte 0x%02X is not UTF-8 (the templates and "
                            "messages are read as UTF-8; save the file so)", *origin,
                            line, (unsigned)(unsigned char)text[good]);
    }
    return NULL;
}

/* The set's own file at path, else the one it is loaded over. */
static const char *fetch_either(loader *l, const char *path, const char **origin)
{
    const char *err = NULL;
    const char *text = fetch(l->pool, &l->own, path, origin, &err);

    if (!text && !err && l->base.get) {
        text = fetch(l->pool, &l->base, path, origin, &err);
    }
    if (err && !l->error) {
        l->error = err;
    }
    return text;
}

/* Marks a partial being compiled, to find one that includes itself. */
static const char compiling;

static const char *compile_file(loader *l, const char *origin, const char *text,
                                const h401_tpl **tpl);

static const h401_tpl *load_partial(void *baton, const char *name)
{
    loader *l = baton;
    const char *path = apr_pstrcat(l->pool, "partials/", name,
                                   partial_suffix[l->format], NULL);
    const void *seen = apr_hash_get(l->partials, path, APR_HASH_KEY_STRING);
    const h401_tpl *tpl = seen;
    const char *text, *err, *origin;

    if (seen == &compiling) {
        if (!l->error) {
            l->error = apr_psprintf(l->pool, "%s%s: includes itself (through "
                                    "{{> %s}})", l->own.where, path, name);
        }
        return NULL;
    }
    if (tpl || !(text = fetch_either(l, path, &origin))) {
        return tpl;
    }
    apr_hash_set(l->partials, path, APR_HASH_KEY_STRING, &compiling);
    err = compile_file(l, origin, text, &tpl);
    if (err && !l->error) {
        l->error = err;
    }
    apr_hash_set(l->partials, path, APR_HASH_KEY_STRING, tpl);
    return tpl;
}

/* Compiles one file of the set, within the set's budget. */
static const char *compile_file(loader *l, const char *origin, const char *text,
                                const h401_tpl **tpl)
{
    h401_tpl_options opt;

    *tpl = NULL;
    l->compiled += strlen(text);
    if (l->compiled > COMPILE_BUDGET) {
        return apr_psprintf(l->pool, "%s: the set's templates pass %" APR_SIZE_T_FMT
                            " bytes", origin, COMPILE_BUDGET);
    }
    memset(&opt, 0, sizeof(opt));
    opt.mode = format_mode[l->format];
    opt.known = l->known;
    opt.partial = load_partial;
    opt.baton = l;
    return h401_tpl_compile(l->pool, origin, text, &opt, tpl);
}

/* The page's variables and every language's words, NULL-terminated. */
static const char *const *collect_known(apr_pool_t *p, const apr_array_header_t *languages)
{
    apr_array_header_t *known = apr_array_make(p, 96, sizeof(const char *));
    apr_hash_t *seen = apr_hash_make(p);
    const char *const *v;
    int i, j;

    for (v = h401_page_variables; *v; v++) {
        APR_ARRAY_PUSH(known, const char *) = *v;
    }
    for (i = 0; i < languages->nelts; i++) {
        const apr_array_header_t *words = h401_messages_word_names(
            APR_ARRAY_IDX(languages, i, language).messages);
        for (j = 0; j < words->nelts; j++) {
            const char *w = APR_ARRAY_IDX(words, j, const char *);
            if (!apr_hash_get(seen, w, APR_HASH_KEY_STRING)) {
                apr_hash_set(seen, w, APR_HASH_KEY_STRING, w);
                APR_ARRAY_PUSH(known, const char *) = w;
            }
        }
    }
    APR_ARRAY_PUSH(known, const char *) = NULL;
    return (const char *const *)known->elts;
}

static const h401_messages *base_messages(const h401_pageset *base, const char *tag)
{
    int i;

    for (i = 0; base && i < base->languages->nelts; i++) {
        const language *lang = &APR_ARRAY_IDX(base->languages, i, language);
        if (strcmp(lang->tag, tag) == 0) {
            return lang->messages;
        }
    }
    return NULL;
}

/* The words a language takes what its file lacks from: the same tag in
 * base (the shipped set); for a region ("de-ch") its language, from the
 * set being loaded (langs[0..loaded)) or from base; else the set's first
 * language, else base's English. */
static const h401_messages *fallback_of(const h401_pageset *base,
                                        const apr_array_header_t *loaded,
                                        const char *tag, const h401_messages *first)
{
    const h401_messages *m = base_messages(base, tag);
    const char *dash = strchr(tag, '-');
    int i;

    if (m) {
        return m;
    }
    if (dash) {
        apr_size_t n = (apr_size_t)(dash - tag);

        for (i = 0; i < loaded->nelts; i++) {
            const language *lang = &APR_ARRAY_IDX(loaded, i, language);
            if (strncmp(lang->tag, tag, n) == 0 && lang->tag[n] == '\0') {
                return lang->messages;
            }
        }
        for (i = 0; base && i < base->languages->nelts; i++) {
            const language *lang = &APR_ARRAY_IDX(base->languages, i, language);
            if (strncmp(lang->tag, tag, n) == 0 && lang->tag[n] == '\0') {
                return lang->messages;
            }
        }
    }
    return first ? first : base_messages(base, "en");
}

/* The cause id as prose in that format quotes it ({{reference}}): an
 * HTML page gets a non-breaking hyphen (U+2011) for each hyphen, so that
 * the reference a visitor is asked to quote stays on one line on a narrow
 * screen (browsers break lines after "-"); JSON and text, and {{cause}}
 * everywhere (an admin's page may build a class or a link from it), keep
 * the id as it is. */
static const char *reference_of(apr_pool_t *p, const char *id, int format)
{
    apr_size_t n = 0;
    const char *c;
    char *out, *o;

    if (format_mode[format] != H401_ESC_HTML || !strchr(id, '-')) {
        return id;
    }
    for (c = id; *c; c++) {
        n += *c == '-' ? 3 : 1;
    }
    o = out = apr_palloc(p, n + 1);
    for (c = id; *c; c++) {
        if (*c == '-') {
            memcpy(o, "\xE2\x80\x91", 3);
            o += 3;
        } else {
            *o++ = *c;
        }
    }
    *o = '\0';
    return out;
}

/* The values of a cause's page that are the same for every request:
 * its words, in the language's, for a format (FORMATS index). */
static h401_vars *cause_vars(apr_pool_t *p, const language *lang, const char *id,
                             const h401_cause_text *ct, int format)
{
    h401_vars *vars = h401_vars_make(p, lang->words);
    const apr_array_header_t *remedies;
    int i;

    h401_vars_set(vars, "lang", lang->tag);
    h401_vars_set(vars, "cause", id);
    h401_vars_set(vars, "reference", reference_of(p, id, format));
    h401_vars_set_tpl(vars, "title", ct->title);
    h401_vars_set_tpl(vars, "explanation", ct->explanation);
    /* problem+json is read by programs: their remedies where the words
     * have some (cause.ID.client) */
    remedies = format == H401_FORMAT_JSON && ct->client ? ct->client : ct->remedies;
    for (i = 0; i < remedies->nelts; i++) {
        h401_vars *item = h401_vars_add_item(vars, "remedies");
        h401_vars_set(item, "first", i == 0 ? "1" : NULL);
        h401_vars_set_tpl(item, "text", APR_ARRAY_IDX(remedies, i, const h401_tpl *));
    }
    return vars;
}

/* A cause's page in every format for each sign-in method, with its words
 * and texts fixed; one page for the methods whose words are the same. */
static const char *prepare_cause(apr_pool_t *p, const h401_pageset *set,
                                 const language *lang, const char *id,
                                 const cause_methods **out)
{
    cause_methods *methods = apr_pcalloc(p, sizeof(*methods));
    const h401_cause_text *words[H401_SIGNIN_COUNT];
    const char *err;
    int m, i;

    for (m = 0; m < H401_SIGNIN_COUNT; m++) {
        cause_pages *pages;
        h401_vars *vars;

        words[m] = h401_messages_cause_for(lang->messages, id, (h401_signin)m);
        i = 0;
        while (i < m && words[i] != words[m]) {
            i++;
        }
        if (i < m) {
            methods->method[m] = methods->method[i];
            continue;
        }
        pages = apr_pcalloc(p, sizeof(*pages));
        for (i = 0; i < FORMATS; i++) {
            vars = cause_vars(p, lang, id, words[m], i);
            if ((err = h401_prepare(p, set->page[i], vars, page_slots, SLOT_COUNT,
                                    &pages->format[i]))) {
                return apr_psprintf(p, "%s (preparing %s for %s%s%s in %s)", err,
                                    page_files[i], id, m ? " signing in by " : "",
                                    h401_signin_id((h401_signin)m), lang->tag);
            }
        }
        methods->method[m] = pages;
    }
    *out = methods;
    return NULL;
}

static const char *prepare_language(apr_pool_t *p, const h401_pageset *set,
                                    language *lang)
{
    const apr_array_header_t *ids = h401_messages_cause_ids(p, lang->messages);
    const char *err;
    int i;

    for (i = 0; i < TIME_WORDS; i++) {
        const h401_tpl *tpl = h401_messages_get(lang->messages, time_keys[i]);

        lang->time_words[i] = NULL;
        if (tpl && (err = h401_prepare(p, tpl, h401_vars_make(p, NULL), time_slots,
                                       TIME_SLOTS, &lang->time_words[i]))) {
            return err;
        }
    }
    lang->pages = apr_hash_make(p);
    for (i = 0; i < ids->nelts; i++) {
        const char *id = APR_ARRAY_IDX(ids, i, const char *);
        const cause_methods *pages = NULL;
        int builtin = h401_cause_from_id(id);

        if ((err = prepare_cause(p, set, lang, id, &pages))) {
            return err;
        }
        apr_hash_set(lang->pages, id, APR_HASH_KEY_STRING, pages);
        if (builtin >= 0) {
            lang->builtin[builtin] = pages;
        }
    }
    return NULL;
}

/*
 * Refuses a word (ui.*, time.*, admin.*) or remedy a messages file of the
 * set gives that nothing shows: a misspelt ui.go_homee would otherwise be
 * unused, and the page keep the shipped words without a sign. Known are
 * the names the set's templates use, the time words the page code uses,
 * the shipped set's words, and the remedies any cause list names. A
 * cause's keys (the admin's causes) are checked when loading.
 */
static const char *check_names(apr_pool_t *p, const h401_pageset *set,
                               const h401_pageset *base)
{
    apr_pool_t *scratch;
    apr_hash_t *known;
    const char *err = NULL;
    int i;

    apr_pool_create(&scratch, p);
    known = apr_hash_make(scratch);
    for (i = 0; i < FORMATS; i++) {
        h401_tpl_collect_names(set->page[i], known);
    }
    for (i = 0; i < TIME_WORDS; i++) {
        apr_hash_set(known, time_keys[i], APR_HASH_KEY_STRING, time_keys[i]);
    }
    for (i = 0; base && i < base->languages->nelts; i++) {
        h401_messages_collect_names(APR_ARRAY_IDX(base->languages, i, language).messages,
                                    known, 1);
    }
    for (i = 0; i < set->languages->nelts; i++) {
        h401_messages_collect_names(APR_ARRAY_IDX(set->languages, i, language).messages,
                                    known, 0);
    }
    for (i = 0; !err && i < set->languages->nelts; i++) {
        err = h401_messages_check_names(APR_ARRAY_IDX(set->languages, i, language).messages,
                                        known);
        err = err ? apr_pstrdup(p, err) : NULL;
    }
    apr_pool_destroy(scratch);
    return err;
}

/* Whether two language tags share their primary subtag ("de", "de-CH"). */
static int same_language(const char *a, const char *b)
{
    apr_size_t n = strcspn(a, "-");

    return n == strcspn(b, "-") && strncasecmp(a, b, n) == 0;
}

/* For each cause whose words some language has only in another's tongue
 * (from a fallback, or adopted from the first language), the languages
 * that have them in their own: a page never mixes two. */
static apr_hash_t *languages_by_cause(apr_pool_t *p, const h401_pageset *set)
{
    apr_hash_t *by_cause = apr_hash_make(p);
    apr_hash_t *ids = apr_hash_make(p);
    apr_hash_index_t *hi;
    int i;

    for (i = 0; i < set->languages->nelts; i++) {
        const apr_array_header_t *some = h401_messages_cause_ids(
            p, APR_ARRAY_IDX(set->languages, i, language).messages);
        int j;

        for (j = 0; j < some->nelts; j++) {
            apr_hash_set(ids, APR_ARRAY_IDX(some, j, const char *), APR_HASH_KEY_STRING, "");
        }
    }
    for (hi = apr_hash_first(p, ids); hi; hi = apr_hash_next(hi)) {
        const void *id;
        apr_array_header_t *tags = apr_array_make(p, set->languages->nelts,
                                                  sizeof(const char *));

        apr_hash_this(hi, &id, NULL, NULL);
        for (i = 0; i < set->languages->nelts; i++) {
            const language *lang = &APR_ARRAY_IDX(set->languages, i, language);
            const char *words = h401_messages_cause_lang(lang->messages, id);

            if (words && same_language(words, lang->tag)) {
                APR_ARRAY_PUSH(tags, const char *) = lang->tag;
            }
        }
        if (tags->nelts > 0 && tags->nelts < set->languages->nelts) {
            apr_hash_set(by_cause, id, APR_HASH_KEY_STRING, tags);
        }
    }
    return by_cause;
}

const char *h401_pageset_load(apr_pool_t *p, h401_file_fn get_file,
                              void *baton, const apr_array_header_t *langs,
                              const h401_pageset *base, const char *where,
                              h401_pageset **out)
{
    h401_pageset *set = apr_pcalloc(p, sizeof(*set));
    const h401_messages *first = NULL;
    const char *const *message_known;
    const char *const *known;
    const char *err = NULL;
    file_source own, shipped;
    int i;

    *out = NULL;
    where = where ? where : "";
    own.get = get_file;
    own.baton = baton;
    own.where = where;
    set->shipped_get = base ? base->shipped_get : get_file;
    set->shipped_baton = base ? base->shipped_baton : baton;
    set->shipped_where = base ? base->shipped_where : where;
    shipped.get = base ? base->shipped_get : NULL;
    shipped.baton = base ? base->shipped_baton : NULL;
    shipped.where = base ? base->shipped_where : NULL;
    if (!langs || langs->nelts == 0) {
        return apr_psprintf(p, "%s: no language directory with a messages.txt", where);
    }
    set->languages = apr_array_make(p, langs->nelts, sizeof(language));
    set->tags = apr_array_make(p, langs->nelts, sizeof(const char *));
    message_known = h401_page_variables;
    for (i = 0; i < langs->nelts; i++) {
        const char *tag = APR_ARRAY_IDX(langs, i, const char *);
        const char *path = apr_pstrcat(p, tag, "/messages.txt", NULL);
        const char *origin;
        const char *text = fetch(p, &own, path, &origin, &err);
        const h401_messages *fallback = fallback_of(base, set->languages, tag, first);
        language *lang;

        if (err) {
            return err;
        }
        if (!text && !fallback) {
            return apr_psprintf(p, "%s%s: not found", where, path);
        }
        lang = apr_array_push(set->languages);
        lang->tag = tag;
        /* a language the set lacks still gets its own copy, so that
         * adopting causes below never touches base's */
        if ((err = h401_messages_load(p, origin, text ? text : "", fallback, message_known,
                                      &lang->messages))) {
            return err;
        }
        APR_ARRAY_PUSH(set->tags, const char *) = tag;
        if (!first) {
            first = lang->messages;
        }
    }
    /* the admin's causes, written in the default language, reach the
     * others; the words every page sets are set once, here */
    for (i = 0; i < set->languages->nelts; i++) {
        language *lang = &APR_ARRAY_IDX(set->languages, i, language);
        if (i > 0) {
            h401_messages_adopt_causes(lang->messages, first);
        }
        lang->words = h401_vars_make(p, NULL);
        h401_messages_set_words(lang->messages, lang->words);
    }
    set->cause_tags = languages_by_cause(p, set);
    known = collect_known(p, set->languages);
    for (i = 0; i < FORMATS; i++) {
        const char *text, *origin;
        loader l;

        memset(&l, 0, sizeof(l));
        l.pool = p;
        l.own = own;
        l.base = shipped;
        l.format = i;
        l.known = known;
        l.partials = apr_hash_make(p);
        /* a page the set lacks is the shipped one, compiled here so that
         * the set's partials (a header, a footer) reach it */
        if (!(text = fetch_either(&l, page_files[i], &origin))) {
            return l.error ? l.error
                           : apr_psprintf(p, "%s%s: not found", where, page_files[i]);
        }
        err = compile_file(&l, origin, text, &set->page[i]);
        if (err || l.error) {
            return l.error ? l.error : err;
        }
    }
    if ((err = check_names(p, set, base))) {
        return err;
    }
    for (i = 0; i < set->languages->nelts; i++) {
        if ((err = prepare_language(p, set, &APR_ARRAY_IDX(set->languages, i, language)))) {
            return err;
        }
    }
    *out = set;
    return NULL;
}

const apr_array_header_t *h401_pageset_languages(const h401_pageset *set)
{
    return set->tags;
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const apr_array_header_t *h401_pageset_causes(apr_pool_t *p, const h401_pageset *set)
{
    const language *first = &APR_ARRAY_IDX(set->languages, 0, language);
    apr_array_header_t *ids = apr_array_make(p, H401_CAUSE_COUNT + 4, sizeof(const char *));
    apr_hash_index_t *hi;
    int i, builtin;

    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        APR_ARRAY_PUSH(ids, const char *) = h401_cause_id((h401_cause)i);
    }
    for (hi = apr_hash_first(p, first->pages); hi; hi = apr_hash_next(hi)) {
        const void *key;

        apr_hash_this(hi, &key, NULL, NULL);
        if (h401_cause_from_id(key) < 0) {
            APR_ARRAY_PUSH(ids, const char *) = key;
        }
    }
    builtin = H401_CAUSE_COUNT;
    qsort(ids->elts + builtin * ids->elt_size, (size_t)(ids->nelts - builtin),
          (size_t)ids->elt_size, compare_ids);
    return ids;
}

int h401_pageset_has_cause(const h401_pageset *set, const char *id)
{
    int i;

    for (i = 0; i < set->languages->nelts; i++) {
        if (!h401_messages_cause_by_id(APR_ARRAY_IDX(set->languages, i, language).messages,
                                       id)) {
            return 0;
        }
    }
    return 1;
}

const h401_language *h401_pageset_language(const h401_pageset *set,
                                           const char *accept_language,
                                           const char *default_tag)
{
    return h401_pageset_language_for(set, accept_language, default_tag, NULL);
}

static int has_tag(const apr_array_header_t *tags, const char *tag)
{
    int i;

    for (i = 0; i < tags->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(tags, i, const char *), tag) == 0) {
            return 1;
        }
    }
    return 0;
}

static const language *language_tagged(const h401_pageset *set, const char *tag)
{
    int i;

    for (i = 0; tag && i < set->languages->nelts; i++) {
        const language *lang = &APR_ARRAY_IDX(set->languages, i, language);
        if (strcmp(lang->tag, tag) == 0) {
            return lang;
        }
    }
    return NULL;
}

const h401_language *h401_pageset_language_for(const h401_pageset *set,
                                               const char *accept_language,
                                               const char *default_tag,
                                               const char *cause_id)
{
    /* a set whose languages all have every cause's words (the shipped
     * one) has nothing to look up */
    const apr_array_header_t *tags = cause_id && apr_hash_count(set->cause_tags)
        ? apr_hash_get(set->cause_tags, cause_id, APR_HASH_KEY_STRING) : NULL;
    const language *lang;

    if (!tags) {
        lang = language_tagged(set, h401_negotiate_language(accept_language, set->tags,
                                                        default_tag));
        /* a Helpful401DefaultLanguage the set does not have: its first */
        return lang ? lang : &APR_ARRAY_IDX(set->languages, 0, language);
    }
    /* only the languages that have the cause's words in their own tongue:
     * the visitor's next choice among them, else the default, else the
     * first of them */
    lang = language_tagged(set, h401_negotiate_language(accept_language, tags, default_tag));
    if (!lang || !has_tag(tags, lang->tag)) {
        lang = language_tagged(set, APR_ARRAY_IDX(tags, 0, const char *));
    }
    return lang;
}

const char *h401_language_tag(const h401_language *lang)
{
    return lang->tag;
}

/* Renders one of the time words with value as its slot. */
static const char *word(apr_pool_t *p, const language *lang, int key, int slot,
                        const char *value)
{
    const h401_prepared *t = lang->time_words[key];
    h401_slot s[TIME_SLOTS];
    h401_buf buf;

    if (!t) {
        return value;
    }
    memset(s, 0, sizeof(s));
    s[slot].text = value;
    h401_buf_init(&buf, p, h401_prepared_size(t) + 24);
    h401_prepared_render(t, s, &buf);
    return buf.data;
}

/* "2 hours ago", "in 3 days", "just now", in the page's language. */
static const char *when(apr_pool_t *p, const language *lang, apr_int64_t delta)
{
    apr_int64_t secs = delta < 0 ? -delta : delta;
    const char *amount;

    if (secs < 5) {
        return word(p, lang, TIME_NOW, TIME_N, "0");
    }
    if (secs < 60) {
        amount = word(p, lang, TIME_SECONDS, TIME_N, apr_ltoa(p, (long)secs));
    }
    else if (secs < 3600) {
        amount = secs < 120 ? word(p, lang, TIME_MINUTE, TIME_N, "1")
               : word(p, lang, TIME_MINUTES, TIME_N, apr_ltoa(p, (long)(secs / 60)));
    }
    else if (secs < 86400) {
        amount = secs < 7200 ? word(p, lang, TIME_HOUR, TIME_N, "1")
               : word(p, lang, TIME_HOURS, TIME_N, apr_ltoa(p, (long)(secs / 3600)));
    }
    else {
        amount = secs < 172800 ? word(p, lang, TIME_DAY, TIME_N, "1")
               : word(p, lang, TIME_DAYS, TIME_N,
                      apr_off_t_toa(p, (apr_off_t)(secs / 86400)));
    }
    return word(p, lang, delta < 0 ? TIME_AGO : TIME_IN, TIME_AMOUNT, amount);
}

/* Makes slot a list of n items of k values each, and returns the values:
 * item i's start at [i * (k + 1)]; its last is "first", set here. */
static h401_item_value *make_list(apr_pool_t *p, h401_slot *slot, int n, int k)
{
    h401_item *items = apr_palloc(p, sizeof(h401_item) * (apr_size_t)n);
    h401_item_value *v = apr_palloc(p, sizeof(h401_item_value) * (apr_size_t)(n * (k + 1)));
    int i;

    for (i = 0; i < n; i++) {
        items[i].values = v + i * (k + 1);
        items[i].nvalues = k + 1;
        v[i * (k + 1) + k].slot = SLOT_FIRST;
        v[i * (k + 1) + k].text = i == 0 ? "1" : NULL;
    }
    slot->items = items;
    slot->nitems = n;
    return v;
}

static void set_value(h401_item_value *v, int slot, const char *text)
{
    v->slot = slot;
    v->text = text;
}

static int count(const apr_array_header_t *a)
{
    return a ? a->nelts : 0;
}

/* Whether the browser's own box, asked again, can get the visitor in:
 * in a Basic or Digest area where no credentials were sent or they were
 * refused, or an account was let in but not allowed (the browser lets go
 * of the refused account and asks again, so another can be typed in).
 * Not where the protection is broken or the site asks wrongly, nor for
 * the admin's own causes. */
static int box_can_help(const h401_page_facts *f)
{
    return (f->method == H401_SIGNIN_BASIC || f->method == H401_SIGNIN_DIGEST) && !f->cause_id
           && (f->cause == H401_CAUSE_NO_CREDENTIALS || f->cause == H401_CAUSE_BAD_CREDENTIALS
               || f->cause == H401_CAUSE_MALFORMED_CREDENTIALS
               || f->cause == H401_CAUSE_EXPIRED_TOKEN || f->cause == H401_CAUSE_NOT_PERMITTED);
}

/* The request's values, slot by slot: what the page fills in. */
static void page_values(apr_pool_t *p, const language *lang, const h401_page_facts *f,
                        h401_slot *s)
{
    h401_item_value *v;
    int i, n;

    memset(s, 0, sizeof(*s) * SLOT_COUNT);
    s[SLOT_REALM].text = f->realm;
    s[SLOT_SCHEME].text = f->scheme;
    s[SLOT_SENT_SCHEME].text = f->sent_scheme;
    s[SLOT_USER].text = f->user;
    s[SLOT_URL].text = f->url;
    s[SLOT_PATH].text = f->path;
    s[SLOT_CONTACT].text = f->contact;
    /* an address reads better without its scheme; the admin's name for
     * it (Helpful401Contact "IT help desk" tel:…) better still */
    s[SLOT_CONTACT_ADDRESS].text = !f->contact ? NULL
                                   : strncmp(f->contact, "mailto:", 7) == 0 ? f->contact + 7
                                   : strncmp(f->contact, "tel:", 4) == 0 ? f->contact + 4
                                   : f->contact;
    s[SLOT_CONTACT_NAME].text = f->contact ? f->contact_label : NULL;
    s[SLOT_CONTACT_LABEL].text = s[SLOT_CONTACT_NAME].text ? s[SLOT_CONTACT_NAME].text
                                 : s[SLOT_CONTACT_ADDRESS].text;
    s[SLOT_LOGIN_URL].text = f->login_url;
    s[SLOT_HOME_URL].text = f->home_url;
    /* the main button: the sign-in page; else, where the browser's own box
     * signs people in, this address again (reloading brings the box back);
     * else the home page */
    s[SLOT_ACTION_IS_LOGIN].text = f->login_url ? "1" : NULL;
    s[SLOT_ACTION_IS_RELOAD].text = !f->login_url && f->reload_url && box_can_help(f)
                                    ? "1" : NULL;
    s[SLOT_ACTION_URL].text = f->login_url ? f->login_url
                              : s[SLOT_ACTION_IS_RELOAD].text ? f->reload_url : f->home_url;
    s[SLOT_REQUEST_ID].text = f->request_id;
    s[SLOT_NOT_YET_VALID].text = f->not_yet_valid ? "1" : NULL;
    s[SLOT_TOKEN_WHEN].text = f->token_delta_known ? when(p, lang, f->token_delta) : NULL;
    s[SLOT_DETAIL_FIX].text = f->detail_fix;
    s[SLOT_HAS_DETAIL].text = count(f->detail) > 0 ? "1" : NULL;
    /* RFC 9457 4.2.1: about:blank when the site names no type of its own */
    s[SLOT_PROBLEM_TYPE].text = f->problem_type ? f->problem_type : "about:blank";
    s[SLOT_SCOPE].text = f->scope;
    s[SLOT_STATUS].text = f->status ? apr_itoa(p, f->status) : "401";
    if ((n = count(f->challenges)) > 0) {
        v = make_list(p, &s[SLOT_CHALLENGES], n, 2);
        for (i = 0; i < n; i++) {
            const h401_challenge *c = &APR_ARRAY_IDX(f->challenges, i, h401_challenge);
            set_value(&v[i * 3], SLOT_SCHEME, c->scheme);
            set_value(&v[i * 3 + 1], SLOT_REALM, c->realm);
        }
    }
    if ((n = count(f->challenge_headers)) > 0) {
        v = make_list(p, &s[SLOT_CHALLENGE_HEADERS], n, 1);
        for (i = 0; i < n; i++) {
            set_value(&v[i * 2], SLOT_HEADER,
                      APR_ARRAY_IDX(f->challenge_headers, i, const char *));
        }
    }
    if ((n = count(f->detail)) > 0) {
        v = make_list(p, &s[SLOT_DETAIL], n, 2);
        for (i = 0; i < n; i++) {
            const h401_detail_item *d = &APR_ARRAY_IDX(f->detail, i, h401_detail_item);
            set_value(&v[i * 3], SLOT_NAME, d->name);
            set_value(&v[i * 3 + 1], SLOT_VALUE, d->value);
        }
    }
}

static const language *language_of(const h401_pageset *set, const h401_page_facts *f)
{
    return f->lang ? f->lang : &APR_ARRAY_IDX(set->languages, 0, language);
}

static h401_signin method_of(const h401_page_facts *f)
{
    return (unsigned)f->method < H401_SIGNIN_COUNT ? f->method : H401_SIGNIN_OTHER;
}

/* The pages of the admin's cause when the language has them, else those
 * of the built-in cause, for the area's sign-in method; *id says which. */
static const cause_pages *pages_of(const language *lang, const h401_page_facts *f,
                                   const char **id)
{
    const cause_methods *pages = NULL;
    h401_cause cause = (unsigned)f->cause < H401_CAUSE_COUNT
                       ? f->cause : H401_CAUSE_NO_CREDENTIALS;

    if (f->cause_id) {
        pages = apr_hash_get(lang->pages, f->cause_id, APR_HASH_KEY_STRING);
        *id = f->cause_id;
    }
    if (!pages) {
        pages = lang->builtin[cause];
        *id = h401_cause_id(cause);
    }
    return pages->method[method_of(f)];
}

static int format_of(const h401_page_facts *f)
{
    return (unsigned)f->format < FORMATS ? (int)f->format : 0;
}

int h401_page_render(const h401_pageset *set, const h401_page_facts *f,
                     h401_buf *buf)
{
    const language *lang = language_of(set, f);
    const char *id;
    const cause_pages *pages = pages_of(lang, f, &id);
    h401_slot s[SLOT_COUNT];

    page_values(buf->pool, lang, f, s);
    return h401_prepared_render(pages->format[format_of(f)], s, buf);
}

int h401_page_render_unprepared(const h401_pageset *set, const h401_page_facts *f,
                                h401_buf *buf)
{
    const language *lang = language_of(set, f);
    const char *id;
    h401_slot s[SLOT_COUNT];
    h401_vars *vars;

    pages_of(lang, f, &id);
    page_values(buf->pool, lang, f, s);
    vars = h401_slots_to_vars(buf->pool, cause_vars(buf->pool, lang, id,
                              h401_messages_cause_for(lang->messages, id, method_of(f)),
                              format_of(f)), page_slots, s, SLOT_COUNT);
    return h401_tpl_render(set->page[format_of(f)], vars, buf);
}
