/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_hash.h>
#include "h401_messages.h"

struct h401_messages {
    const char *lang;
    apr_hash_t *causes;        /* id -> cause_words */
    apr_hash_t *texts;         /* key -> const h401_tpl * (all single texts) */
    apr_array_header_t *word_names;   /* const char *, ui/time/admin keys */
    apr_hash_t *remedy_ids;    /* "id" or "id.METHOD" -> apr_array_header_t of
                                  const char *, for the lists it has */
    const char *origin;        /* the file, for errors */
    apr_array_header_t *own;   /* own_key: the keys this file itself sets */
};

/* A key the file sets, and its line. */
typedef struct {
    const char *key;
    int line;
} own_key;

/* A cause's words for each sign-in method; a method with no words of its
 * own points to those it falls back to (digest to basic, the others to
 * the plain ones), so equal words are one pointer. */
typedef struct {
    const h401_cause_text *method[H401_SIGNIN_COUNT];
    const char *lang;   /* of the file that wrote its title */
} cause_words;

typedef struct {
    const char *value;
    int line;
} entry;

typedef struct {
    apr_pool_t *pool;
    const char *origin;
    const char *const *known;
    apr_hash_t *entries;            /* key -> entry */
    apr_array_header_t *order;      /* keys in file order */
    apr_hash_t *remedy_ids;         /* the new set's: cause id -> remedy ids */
    const char *lang;               /* the file's language */
} reader;

static char *trim(char *s)
{
    char *end;

    while (apr_isspace(*s)) {
        s++;
    }
    end = s + strlen(s);
    while (end > s && apr_isspace(end[-1])) {
        *--end = '\0';
    }
    return s;
}

static int is_word_key(const char *key)
{
    return strncmp(key, "ui.", 3) == 0 || strncmp(key, "time.", 5) == 0
           || strncmp(key, "admin.", 6) == 0;
}

/* The three words of a cause, as its keys write them. */
static const char *const cause_kinds[] = { "title", "explanation", "remedies", "client", NULL };

/*
 * Reads a key "cause.ID.KIND" or "cause.ID.KIND.METHOD": *id (copied) and
 * *kind (one of cause_kinds) and *method (-1 for none, or
 * H401_SIGNIN_COUNT for a fourth part that is no method id). Returns 0
 * for any other key.
 */
static int cause_key(apr_pool_t *p, const char *key, const char **id, const char **kind,
                     int *method)
{
    const char *last, *before;
    const char *const *k;
    apr_size_t n;

    if (strncmp(key, "cause.", 6) != 0 || !(last = strrchr(key + 6, '.'))) {
        return 0;
    }
    for (k = cause_kinds; *k; k++) {
        if (strcmp(last + 1, *k) == 0 && last > key + 6) {
            *id = apr_pstrmemdup(p, key + 6, (apr_size_t)(last - key - 6));
            *kind = *k;
            *method = -1;
            return 1;
        }
    }
    before = last - 1;
    while (before > key + 6 && *before != '.') {
        before--;
    }
    if (before <= key + 6) {
        return 0;
    }
    n = (apr_size_t)(last - before - 1);
    for (k = cause_kinds; *k; k++) {
        if (strlen(*k) == n && strncmp(before + 1, *k, n) == 0) {
            int m = h401_signin_from_id(last + 1);
            *id = apr_pstrmemdup(p, key + 6, (apr_size_t)(before - key - 6));
            *kind = *k;
            *method = m > 0 ? m : H401_SIGNIN_COUNT;
            return 1;
        }
    }
    return 0;
}

/* Whether a key is a list of remedies rather than a text. */
static int is_remedies_key(apr_pool_t *p, const char *key)
{
    const char *id, *kind;
    int method;

    return cause_key(p, key, &id, &kind, &method)
           && (strcmp(kind, "remedies") == 0 || strcmp(kind, "client") == 0);
}

/* Reads "key = value" lines into rd->entries. */
static const char *read_entries(reader *rd, const char *text)
{
    apr_pool_t *p = rd->pool;
    const char *s = text;
    int lineno = 0;

    while (*s) {
        const char *eol = strchr(s, '\n');
        char *line, *key, *eq;
        entry *e;

        lineno++;
        line = apr_pstrmemdup(p, s, eol ? (apr_size_t)(eol - s) : strlen(s));
        s = eol ? eol + 1 : s + strlen(s);
        line = trim(line);
        if (!*line || *line == '#') {
            continue;
        }
        eq = strchr(line, '=');
        if (!eq) {
            return apr_psprintf(p, "%s:%d: expected 'key = text'", rd->origin, lineno);
        }
        *eq = '\0';
        key = trim(line);
        if (!*key) {
            return apr_psprintf(p, "%s:%d: a line with no key", rd->origin, lineno);
        }
        if (apr_hash_get(rd->entries, key, APR_HASH_KEY_STRING)) {
            return apr_psprintf(p, "%s:%d: '%s' is defined twice", rd->origin,
                                lineno, key);
        }
        e = apr_palloc(p, sizeof(*e));
        e->value = trim(eq + 1);
        e->line = lineno;
        apr_hash_set(rd->entries, key, APR_HASH_KEY_STRING, e);
        APR_ARRAY_PUSH(rd->order, const char *) = key;
    }
    return NULL;
}

/* Whether a key is a cause's title, which is the browser tab's text too. */
static int is_title_key(apr_pool_t *p, const char *key)
{
    const char *id, *kind;
    int method;

    return cause_key(p, key, &id, &kind, &method) && strcmp(kind, "title") == 0;
}

static const char *compile_entry(reader *rd, const char *key, const entry *e,
                                 const h401_tpl **tpl)
{
    h401_tpl_options opt;

    memset(&opt, 0, sizeof(opt));
    opt.mode = H401_ESC_TEXT;
    opt.escape_literal = 1;
    opt.known = rd->known;
    opt.first_line = e->line;
    opt.links = is_title_key(rd->pool, key) ? H401_LINKS_REFUSE : H401_LINKS_ALLOW;
    return h401_tpl_compile(rd->pool, rd->origin, e->value, &opt, tpl);
}

/* The text of key: this file's, else the fallback's; NULL with *err unset
 * when neither has it. */
static const char *text_for(reader *rd, const h401_messages *fallback,
                            const char *key, const h401_tpl **tpl)
{
    const entry *e = apr_hash_get(rd->entries, key, APR_HASH_KEY_STRING);

    *tpl = NULL;
    if (e) {
        return compile_entry(rd, key, e, tpl);
    }
    if (fallback) {
        *tpl = apr_hash_get(fallback->texts, key, APR_HASH_KEY_STRING);
    }
    return NULL;
}

/*
 * The remedies of key rkey ("cause.ID.remedies" or its ".METHOD" form,
 * whose lists are recorded under list_id, "ID" or "ID.METHOD"): this
 * file's list; else the fallback's list, with this file's text for a
 * remedy it gives; else *out is NULL, for the caller to inherit.
 */
static const char *load_remedies(reader *rd, const h401_messages *fallback,
                                 const char *rkey, const char *list_id,
                                 apr_array_header_t **out)
{
    apr_pool_t *p = rd->pool;
    const entry *re = apr_hash_get(rd->entries, rkey, APR_HASH_KEY_STRING);
    const apr_array_header_t *base_ids = fallback
        ? apr_hash_get(fallback->remedy_ids, list_id, APR_HASH_KEY_STRING) : NULL;
    apr_array_header_t *ids = apr_array_make(p, 6, sizeof(const char *));
    apr_array_header_t *remedies;
    const char *err;
    int i;

    *out = NULL;
    if (re) {
        char *list = apr_pstrdup(p, re->value), *rid, *state;

        remedies = apr_array_make(p, 6, sizeof(const h401_tpl *));
        for (rid = apr_strtok(list, ", ", &state); rid;
             rid = apr_strtok(NULL, ", ", &state)) {
            const h401_tpl *tpl;

            err = text_for(rd, fallback, apr_pstrcat(p, "remedy.", rid, NULL), &tpl);
            if (err) {
                return err;
            }
            if (!tpl) {
                return apr_psprintf(p, "%s:%d: unknown remedy '%s' (no 'remedy.%s' line)",
                                    rd->origin, re->line, rid, rid);
            }
            APR_ARRAY_PUSH(remedies, const h401_tpl *) = tpl;
            APR_ARRAY_PUSH(ids, const char *) = rid;
        }
        if (remedies->nelts == 0) {
            return apr_psprintf(p, "%s:%d: '%s' lists no remedy", rd->origin,
                                re->line, rkey);
        }
    }
    else if (base_ids) {
        /* the fallback's list, with this file's text for a remedy it gives */
        remedies = apr_array_make(p, base_ids->nelts, sizeof(const h401_tpl *));
        for (i = 0; i < base_ids->nelts; i++) {
            const char *rid = APR_ARRAY_IDX(base_ids, i, const char *);
            const h401_tpl *tpl;

            if ((err = text_for(rd, fallback, apr_pstrcat(p, "remedy.", rid, NULL), &tpl))) {
                return err;
            }
            APR_ARRAY_PUSH(remedies, const h401_tpl *) = tpl;
            APR_ARRAY_PUSH(ids, const char *) = rid;
        }
    }
    else {
        return NULL;
    }
    apr_hash_set(rd->remedy_ids, list_id, APR_HASH_KEY_STRING, ids);
    *out = remedies;
    return NULL;
}

/*
 * A cause's words for one method: the keys "cause.ID.KIND.METHOD" of this
 * file or the fallback, each kind apart; a kind neither has is parent's.
 * *out is parent itself when the method has no key of its own.
 */
static const char *load_method(reader *rd, const h401_messages *fallback, const char *id,
                               int method, const h401_cause_text *parent,
                               const h401_cause_text **out)
{
    apr_pool_t *p = rd->pool;
    const char *m = h401_signin_id((h401_signin)method);
    const char *prefix = apr_pstrcat(p, "cause.", id, NULL);
    h401_cause_text *ct = apr_pcalloc(p, sizeof(*ct));
    const char *err;

    *out = parent;
    if ((err = text_for(rd, fallback, apr_pstrcat(p, prefix, ".title.", m, NULL), &ct->title))
        || (err = text_for(rd, fallback, apr_pstrcat(p, prefix, ".explanation.", m, NULL),
                           &ct->explanation))
        || (err = load_remedies(rd, fallback, apr_pstrcat(p, prefix, ".remedies.", m, NULL),
                                apr_pstrcat(p, id, ".", m, NULL), &ct->remedies))
        || (err = load_remedies(rd, fallback, apr_pstrcat(p, prefix, ".client.", m, NULL),
                                apr_pstrcat(p, id, ".client.", m, NULL), &ct->client))) {
        return err;
    }
    if (!ct->title && !ct->explanation && !ct->remedies && !ct->client) {
        return NULL;
    }
    ct->title = ct->title ? ct->title : parent->title;
    ct->explanation = ct->explanation ? ct->explanation : parent->explanation;
    ct->remedies = ct->remedies ? ct->remedies : parent->remedies;
    ct->client = ct->client ? ct->client : parent->client;
    *out = ct;
    return NULL;
}

static const char *load_cause(reader *rd, const h401_messages *fallback,
                              const char *id, cause_words **out)
{
    apr_pool_t *p = rd->pool;
    const char *prefix = apr_pstrcat(p, "cause.", id, NULL);
    const char *rkey = apr_pstrcat(p, prefix, ".remedies", NULL);
    const cause_words *base_words = fallback
        ? apr_hash_get(fallback->causes, id, APR_HASH_KEY_STRING) : NULL;
    const h401_cause_text *base = base_words ? base_words->method[H401_SIGNIN_OTHER] : NULL;
    cause_words *words = apr_pcalloc(p, sizeof(*words));
    h401_cause_text *ct = apr_pcalloc(p, sizeof(*ct));
    const char *err;
    int m;

    if ((err = text_for(rd, fallback, apr_pstrcat(p, prefix, ".title", NULL), &ct->title))
        || (err = text_for(rd, fallback, apr_pstrcat(p, prefix, ".explanation", NULL),
                           &ct->explanation))) {
        return err;
    }
    if (!ct->title && base) {
        ct->title = base->title;
    }
    if (!ct->explanation && base) {
        ct->explanation = base->explanation;
    }
    if (!ct->title || !ct->explanation) {
        return apr_psprintf(p, "%s: '%s.%s' is missing", rd->origin, prefix,
                            ct->title ? "explanation" : "title");
    }
    if ((err = load_remedies(rd, fallback, rkey, id, &ct->remedies))) {
        return err;
    }
    if (!ct->remedies && base) {
        ct->remedies = base->remedies;
    }
    if (!ct->remedies) {
        return apr_psprintf(p, "%s: '%s' is missing", rd->origin, rkey);
    }
    if ((err = load_remedies(rd, fallback, apr_pstrcat(p, prefix, ".client", NULL),
                             apr_pstrcat(p, id, ".client", NULL), &ct->client))) {
        return err;
    }
    if (!ct->client && base) {
        ct->client = base->client;
    }
    words->method[H401_SIGNIN_OTHER] = ct;
    /* basic before digest, which falls back to it */
    for (m = 1; m < H401_SIGNIN_COUNT; m++) {
        const h401_cause_text *parent = m == H401_SIGNIN_DIGEST
                                        ? words->method[H401_SIGNIN_BASIC] : ct;

        if ((err = load_method(rd, fallback, id, m, parent, &words->method[m]))) {
            return err;
        }
    }
    /* a title this file leaves out is its fallback's, in the fallback's
     * language (which may be another) */
    words->lang = apr_hash_get(rd->entries, apr_pstrcat(p, prefix, ".title", NULL),
                               APR_HASH_KEY_STRING) ? rd->lang
                  : base_words ? base_words->lang : fallback ? fallback->lang : rd->lang;
    *out = words;
    return NULL;
}

/* Every key is one of the kinds a messages file has; every
 * "cause.ID.KIND[.METHOD]" key names a method and a cause that has words:
 * a typo would otherwise leave the words unused, unseen. */
static const char *check_cause_keys(reader *rd, const h401_messages *m)
{
    int i;

    for (i = 0; i < rd->order->nelts; i++) {
        const char *key = APR_ARRAY_IDX(rd->order, i, const char *);
        const entry *e = apr_hash_get(rd->entries, key, APR_HASH_KEY_STRING);
        const char *id, *kind;
        int method;

        if (!cause_key(rd->pool, key, &id, &kind, &method)) {
            if (strcmp(key, "lang") == 0 || is_word_key(key)
                || (strncmp(key, "remedy.", 7) == 0 && key[7])) {
                continue;
            }
            return apr_psprintf(rd->pool, "%s:%d: unknown key '%s' (a messages file "
                                "has lang, cause.ID.title, cause.ID.explanation, "
                                "cause.ID.remedies, remedy.ID, ui.NAME, time.NAME and "
                                "admin.NAME)", rd->origin, e->line, key);
        }
        if (method < 0) {
            if (!apr_hash_get(m->causes, id, APR_HASH_KEY_STRING)) {
                return apr_psprintf(rd->pool, "%s:%d: '%s': the cause '%s' has no title "
                                    "('cause.%s.title'), so these words are never "
                                    "shown", rd->origin, e->line, key, id, id);
            }
            continue;
        }
        if (method == H401_SIGNIN_COUNT) {
            return apr_psprintf(rd->pool, "%s:%d: '%s': '%s' is no sign-in method (basic, "
                                "digest, bearer, negotiate or redirect)", rd->origin,
                                e->line, key, strrchr(key, '.') + 1);
        }
        if (!apr_hash_get(m->causes, id, APR_HASH_KEY_STRING)) {
            return apr_psprintf(rd->pool, "%s:%d: '%s': the cause '%s' has no words "
                                "('cause.%s.title')", rd->origin, e->line, key, id, id);
        }
    }
    return NULL;
}

const char *h401_messages_load(apr_pool_t *p, const char *origin,
                               const char *text, const h401_messages *fallback,
                               const char *const *known, h401_messages **out)
{
    h401_messages *m = apr_pcalloc(p, sizeof(*m));
    apr_hash_index_t *hi;
    const entry *lang;
    const char *err;
    reader rd;
    int i;

    *out = NULL;
    rd.pool = p;
    rd.origin = origin;
    rd.known = known;
    rd.entries = apr_hash_make(p);
    rd.order = apr_array_make(p, 64, sizeof(const char *));
    if ((err = read_entries(&rd, text)) != NULL) {
        return err;
    }
    m->causes = apr_hash_make(p);
    m->texts = fallback ? apr_hash_copy(p, fallback->texts) : apr_hash_make(p);
    m->word_names = apr_array_make(p, 32, sizeof(const char *));
    m->remedy_ids = apr_hash_make(p);
    rd.remedy_ids = m->remedy_ids;
    lang = apr_hash_get(rd.entries, "lang", APR_HASH_KEY_STRING);
    m->lang = lang ? lang->value : fallback ? fallback->lang : "en";
    rd.lang = m->lang;

    /* every single text, so that later lookups and fallbacks find them */
    for (i = 0; i < rd.order->nelts; i++) {
        const char *key = APR_ARRAY_IDX(rd.order, i, const char *);
        const h401_tpl *tpl;

        if (strcmp(key, "lang") == 0 || is_remedies_key(p, key)) {
            continue;
        }
        if ((err = compile_entry(&rd, key, apr_hash_get(rd.entries, key, APR_HASH_KEY_STRING),
                                 &tpl))) {
            return err;
        }
        apr_hash_set(m->texts, key, APR_HASH_KEY_STRING, tpl);
    }
    /* the built-in causes must all have words; the admin's may add more */
    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        cause_words *ct;
        const char *id = h401_cause_id((h401_cause)i);
        if ((err = load_cause(&rd, fallback, id, &ct))) {
            return err;
        }
        apr_hash_set(m->causes, id, APR_HASH_KEY_STRING, ct);
    }
    for (i = 0; i < rd.order->nelts; i++) {
        const char *key = APR_ARRAY_IDX(rd.order, i, const char *);
        const char *kind;
        cause_words *ct;
        int method;

        if (!cause_key(p, key, &key, &kind, &method) || method >= 0
            || strcmp(kind, "title") != 0) {
            continue;
        }
        if (!apr_hash_get(m->causes, key, APR_HASH_KEY_STRING)) {
            if ((err = load_cause(&rd, fallback, key, &ct))) {
                return err;
            }
            apr_hash_set(m->causes, key, APR_HASH_KEY_STRING, ct);
        }
    }
    if (fallback) {   /* the fallback's own extra causes, with this file's words */
        for (hi = apr_hash_first(p, fallback->causes); hi; hi = apr_hash_next(hi)) {
            const void *key;
            cause_words *ct;

            apr_hash_this(hi, &key, NULL, NULL);
            if (!apr_hash_get(m->causes, key, APR_HASH_KEY_STRING)) {
                if ((err = load_cause(&rd, fallback, key, &ct))) {
                    return err;
                }
                apr_hash_set(m->causes, key, APR_HASH_KEY_STRING, ct);
            }
        }
    }
    if ((err = check_cause_keys(&rd, m))) {
        return err;
    }
    m->origin = origin;
    m->own = apr_array_make(p, rd.order->nelts, sizeof(own_key));
    for (i = 0; i < rd.order->nelts; i++) {
        own_key *k = apr_array_push(m->own);
        k->key = APR_ARRAY_IDX(rd.order, i, const char *);
        k->line = ((const entry *)apr_hash_get(rd.entries, k->key, APR_HASH_KEY_STRING))->line;
    }
    for (hi = apr_hash_first(p, m->texts); hi; hi = apr_hash_next(hi)) {
        const void *key;
        apr_hash_this(hi, &key, NULL, NULL);
        if (is_word_key(key)) {
            APR_ARRAY_PUSH(m->word_names, const char *) = key;
        }
    }
    *out = m;
    return NULL;
}

void h401_messages_adopt_causes(h401_messages *m, const h401_messages *from)
{
    apr_hash_index_t *hi;

    for (hi = apr_hash_first(NULL, from->causes); hi; hi = apr_hash_next(hi)) {
        const void *key;
        void *val;
        apr_hash_this(hi, &key, NULL, &val);
        if (!apr_hash_get(m->causes, key, APR_HASH_KEY_STRING)) {
            apr_hash_set(m->causes, key, APR_HASH_KEY_STRING, val);
        }
    }
}

const h401_cause_text *h401_messages_cause(const h401_messages *m,
                                           h401_cause cause)
{
    const h401_cause_text *ct = h401_messages_cause_by_id(m, h401_cause_id(cause));
    return ct ? ct : h401_messages_cause_by_id(m, "no-credentials");
}

const char *h401_messages_cause_lang(const h401_messages *m, const char *id)
{
    const cause_words *words = id ? apr_hash_get(m->causes, id, APR_HASH_KEY_STRING) : NULL;

    return words ? words->lang : NULL;
}

const h401_cause_text *h401_messages_cause_by_id(const h401_messages *m,
                                                 const char *id)
{
    return h401_messages_cause_for(m, id, H401_SIGNIN_OTHER);
}

const h401_cause_text *h401_messages_cause_for(const h401_messages *m, const char *id,
                                               h401_signin method)
{
    const cause_words *words = id ? apr_hash_get(m->causes, id, APR_HASH_KEY_STRING) : NULL;

    if (!words) {
        return NULL;
    }
    return words->method[(unsigned)method < H401_SIGNIN_COUNT ? method : H401_SIGNIN_OTHER];
}

const apr_array_header_t *h401_messages_cause_ids(apr_pool_t *p,
                                                 const h401_messages *m)
{
    apr_array_header_t *ids = apr_array_make(p, 16, sizeof(const char *));
    apr_hash_index_t *hi;

    for (hi = apr_hash_first(p, m->causes); hi; hi = apr_hash_next(hi)) {
        const void *key;
        apr_hash_this(hi, &key, NULL, NULL);
        APR_ARRAY_PUSH(ids, const char *) = key;
    }
    return ids;
}

const h401_tpl *h401_messages_get(const h401_messages *m, const char *key)
{
    return apr_hash_get(m->texts, key, APR_HASH_KEY_STRING);
}

void h401_messages_set_words(const h401_messages *m, h401_vars *vars)
{
    int i;

    for (i = 0; i < m->word_names->nelts; i++) {
        const char *key = APR_ARRAY_IDX(m->word_names, i, const char *);
        h401_vars_set_tpl(vars, key, h401_messages_get(m, key));
    }
}

const apr_array_header_t *h401_messages_word_names(const h401_messages *m)
{
    return m->word_names;
}

const char *h401_messages_lang(const h401_messages *m)
{
    return m->lang;
}

void h401_messages_collect_names(const h401_messages *m, apr_hash_t *names, int words)
{
    apr_pool_t *p = apr_hash_pool_get(names);
    apr_hash_index_t *hi;
    int i;

    for (hi = apr_hash_first(p, m->remedy_ids); hi; hi = apr_hash_next(hi)) {
        void *val;
        const apr_array_header_t *ids;

        apr_hash_this(hi, NULL, NULL, &val);
        ids = val;
        for (i = 0; i < ids->nelts; i++) {
            const char *key = apr_pstrcat(p, "remedy.", APR_ARRAY_IDX(ids, i, const char *),
                                          NULL);
            apr_hash_set(names, key, APR_HASH_KEY_STRING, key);
        }
    }
    for (i = 0; words && i < m->word_names->nelts; i++) {
        const char *key = APR_ARRAY_IDX(m->word_names, i, const char *);
        apr_hash_set(names, key, APR_HASH_KEY_STRING, key);
    }
}

/* The edit distance of a and b, when it is at most 2; else 3. */
static int near(const char *a, const char *b)
{
    apr_size_t la = strlen(a), lb = strlen(b), i, j;
    int row[64], prev, cur, best;

    if (la >= 63 || lb >= 63 || (la > lb ? la - lb : lb - la) > 2) {
        return 3;
    }
    for (j = 0; j <= lb; j++) {
        row[j] = (int)j;
    }
    for (i = 1; i <= la; i++) {
        prev = row[0];
        row[0] = (int)i;
        best = row[0];
        for (j = 1; j <= lb; j++) {
            cur = row[j];
            row[j] = a[i - 1] == b[j - 1] ? prev
                   : 1 + (prev < row[j] ? (prev < row[j - 1] ? prev : row[j - 1])
                                        : (row[j] < row[j - 1] ? row[j] : row[j - 1]));
            prev = cur;
            best = row[j] < best ? row[j] : best;
        }
        if (best > 2) {
            return 3;
        }
    }
    return row[lb] > 2 ? 3 : row[lb];
}

const char *h401_messages_check_names(const h401_messages *m, apr_hash_t *known)
{
    apr_pool_t *p = apr_hash_pool_get(known);
    int i;

    for (i = 0; m->own && i < m->own->nelts; i++) {
        const own_key *k = &APR_ARRAY_IDX(m->own, i, own_key);
        const char *what, *like = NULL;
        apr_hash_index_t *hi;
        int best = 3;

        if (strncmp(k->key, "remedy.", 7) == 0) {
            what = "no cause lists this remedy";
        }
        else if (is_word_key(k->key)) {
            what = "no template of the set uses it, nor the page itself";
        }
        else {
            continue;
        }
        if (apr_hash_get(known, k->key, APR_HASH_KEY_STRING)) {
            continue;
        }
        for (hi = apr_hash_first(p, known); hi; hi = apr_hash_next(hi)) {
            const void *name;
            int d;

            apr_hash_this(hi, &name, NULL, NULL);
            if ((d = near(k->key, name)) < best
                || (d == best && d < 3 && strcmp(name, like) < 0)) {
                best = d;
                like = name;
            }
        }
        return apr_psprintf(p, "%s:%d: unknown key '%s': %s%s%s%s", m->origin, k->line,
                            k->key, what, like ? " (did you mean '" : "",
                            like ? like : "", like ? "'?)" : "");
    }
    return NULL;
}
