/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_hash.h>
#include "h401_messages.h"

struct h401_messages {
    const char *lang;
    h401_cause_text causes[H401_CAUSE_COUNT];
    apr_array_header_t *ui_names;   /* const char * */
    apr_array_header_t *ui_tpls;    /* const h401_tpl * */
};

typedef struct {
    const char *value;
    int line;
} entry;

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

/* Reads "key = value" lines into a hash of entry. */
static const char *read_entries(apr_pool_t *p, const char *origin,
                                const char *text, apr_hash_t *entries,
                                apr_array_header_t *order)
{
    char *copy = apr_pstrdup(p, text);
    char *line;
    int lineno = 0;
    const char *s = copy;

    /* apr_strtok would skip empty lines and lose the numbering */
    while (*s) {
        const char *eol = strchr(s, '\n');
        char *key, *eq;
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
            return apr_psprintf(p, "%s:%d: expected 'key = text'", origin, lineno);
        }
        *eq = '\0';
        key = trim(line);
        if (!*key) {
            return apr_psprintf(p, "%s:%d: a line with no key", origin, lineno);
        }
        if (apr_hash_get(entries, key, APR_HASH_KEY_STRING)) {
            return apr_psprintf(p, "%s:%d: '%s' is defined twice", origin,
                                lineno, key);
        }
        e = apr_palloc(p, sizeof(*e));
        e->value = trim(eq + 1);
        e->line = lineno;
        apr_hash_set(entries, key, APR_HASH_KEY_STRING, e);
        APR_ARRAY_PUSH(order, const char *) = key;
    }
    return NULL;
}

static const char *compile_entry(apr_pool_t *p, const char *origin,
                                 const entry *e, const h401_tpl **tpl)
{
    h401_tpl_options opt;
    const char *err;

    memset(&opt, 0, sizeof(opt));
    opt.mode = H401_ESC_TEXT;
    opt.escape_literal = 1;
    err = h401_tpl_compile(p, "", e->value, &opt, tpl);
    if (err) {
        /* the compiler counts lines within the value (":1: what"): keep
         * only what went wrong and name the file's line */
        const char *what = strstr(err, ": ");
        return apr_psprintf(p, "%s:%d: %s", origin, e->line, what ? what + 2 : err);
    }
    return NULL;
}

static const char *required(apr_pool_t *p, const char *origin,
                            apr_hash_t *entries, const char *key,
                            const h401_tpl **tpl)
{
    const entry *e = apr_hash_get(entries, key, APR_HASH_KEY_STRING);

    if (!e) {
        return apr_psprintf(p, "%s: '%s' is missing", origin, key);
    }
    return compile_entry(p, origin, e, tpl);
}

static const char *load_remedies(apr_pool_t *p, const char *origin,
                                 apr_hash_t *entries, const char *cause_id,
                                 h401_cause_text *out)
{
    const char *key = apr_pstrcat(p, "cause.", cause_id, ".remedies", NULL);
    const entry *e = apr_hash_get(entries, key, APR_HASH_KEY_STRING);
    char *list, *id, *state;

    if (!e) {
        return apr_psprintf(p, "%s: '%s' is missing", origin, key);
    }
    out->remedies = apr_array_make(p, 6, sizeof(const h401_tpl *));
    list = apr_pstrdup(p, e->value);
    for (id = apr_strtok(list, ", ", &state); id;
         id = apr_strtok(NULL, ", ", &state)) {
        const entry *r = apr_hash_get(entries, apr_pstrcat(p, "remedy.", id, NULL),
                                      APR_HASH_KEY_STRING);
        const h401_tpl *tpl;
        const char *err;

        if (!r) {
            return apr_psprintf(p, "%s:%d: unknown remedy '%s' (no 'remedy.%s' line)",
                                origin, e->line, id, id);
        }
        if ((err = compile_entry(p, origin, r, &tpl)) != NULL) {
            return err;
        }
        APR_ARRAY_PUSH(out->remedies, const h401_tpl *) = tpl;
    }
    return NULL;
}

const char *h401_messages_load(apr_pool_t *p, const char *origin,
                               const char *text, h401_messages **out)
{
    apr_hash_t *entries = apr_hash_make(p);
    apr_array_header_t *order = apr_array_make(p, 64, sizeof(const char *));
    h401_messages *m = apr_pcalloc(p, sizeof(*m));
    const entry *lang;
    const char *err;
    int i;

    *out = NULL;
    if ((err = read_entries(p, origin, text, entries, order)) != NULL) {
        return err;
    }
    lang = apr_hash_get(entries, "lang", APR_HASH_KEY_STRING);
    m->lang = lang ? lang->value : "en";
    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        const char *id = h401_cause_id((h401_cause)i);
        h401_cause_text *ct = &m->causes[i];

        if ((err = required(p, origin, entries,
                            apr_pstrcat(p, "cause.", id, ".title", NULL),
                            &ct->title))
            || (err = required(p, origin, entries,
                               apr_pstrcat(p, "cause.", id, ".explanation", NULL),
                               &ct->explanation))
            || (err = load_remedies(p, origin, entries, id, ct))) {
            return err;
        }
    }
    m->ui_names = apr_array_make(p, 16, sizeof(const char *));
    m->ui_tpls = apr_array_make(p, 16, sizeof(const h401_tpl *));
    for (i = 0; i < order->nelts; i++) {
        const char *key = APR_ARRAY_IDX(order, i, const char *);
        const h401_tpl *tpl;

        if (strncmp(key, "ui.", 3) != 0) {
            continue;
        }
        err = compile_entry(p, origin, apr_hash_get(entries, key, APR_HASH_KEY_STRING),
                            &tpl);
        if (err) {
            return err;
        }
        APR_ARRAY_PUSH(m->ui_names, const char *) = key;
        APR_ARRAY_PUSH(m->ui_tpls, const h401_tpl *) = tpl;
    }
    *out = m;
    return NULL;
}

const h401_cause_text *h401_messages_cause(const h401_messages *m,
                                           h401_cause cause)
{
    return &m->causes[(unsigned)cause < H401_CAUSE_COUNT ? cause
                                                         : H401_CAUSE_NO_CREDENTIALS];
}

void h401_messages_set_ui(const h401_messages *m, h401_vars *vars)
{
    int i;

    for (i = 0; i < m->ui_names->nelts; i++) {
        h401_vars_set_tpl(vars, APR_ARRAY_IDX(m->ui_names, i, const char *),
                          APR_ARRAY_IDX(m->ui_tpls, i, const h401_tpl *));
    }
}

const apr_array_header_t *h401_messages_ui_names(const h401_messages *m)
{
    return m->ui_names;
}

const char *h401_messages_lang(const h401_messages *m)
{
    return m->lang;
}
