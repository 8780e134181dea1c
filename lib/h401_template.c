/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "h401_template_internal.h"

/* ---- values ---- */

h401_vars *h401_vars_make(apr_pool_t *p, const h401_vars *parent)
{
    h401_vars *v = apr_pcalloc(p, sizeof(*v));
    v->pool = p;
    v->parent = parent;
    return v;
}

/* FNV-1a: names are short, and a page looks up a few hundred of them */
static unsigned name_hash(const char *name)
{
    unsigned h = 2166136261u;

    for (; *name; name++) {
        h = (h ^ (unsigned char)*name) * 16777619u;
    }
    return h;
}

/* A new entry in front: it hides any older one of the same name, so
 * setting a value never has to search. */
static var_entry *new_entry(h401_vars *v, const char *name, unsigned hash)
{
    var_entry *e = apr_pcalloc(v->pool, sizeof(*e));

    e->name = name;
    e->hash = hash;
    e->next = v->entries;
    v->entries = e;
    return e;
}

const var_entry *h401_vars_own(const h401_vars *v, const char *name, unsigned hash)
{
    const var_entry *e;

    for (e = v->entries; e; e = e->next) {
        if (e->hash == hash && strcmp(e->name, name) == 0) {
            return e;
        }
    }
    return NULL;
}

static var_entry *own_entry(h401_vars *v, const char *name)
{
    unsigned hash = name_hash(name);
    var_entry *e = (var_entry *)h401_vars_own(v, name, hash);

    return e ? e : new_entry(v, name, hash);
}

void h401_vars_set(h401_vars *v, const char *name, const char *value)
{
    new_entry(v, name, name_hash(name))->value = value;
}

void h401_vars_set_tpl(h401_vars *v, const char *name, const h401_tpl *tpl)
{
    new_entry(v, name, name_hash(name))->tpl = tpl;
}

h401_vars *h401_vars_add_item(h401_vars *v, const char *name)
{
    var_entry *e = own_entry(v, name);
    h401_vars *item = h401_vars_make(v->pool, v);

    if (!e->items) {
        e->items = apr_array_make(v->pool, 4, sizeof(h401_vars *));
    }
    APR_ARRAY_PUSH(e->items, h401_vars *) = item;
    return item;
}

const var_entry *h401_vars_find(const h401_vars *v, const char *name, unsigned hash)
{
    for (; v; v = v->parent) {
        const var_entry *e = h401_vars_own(v, name, hash);
        if (e) {
            return e;
        }
    }
    return NULL;
}


const char *h401_vars_get(const h401_vars *v, const char *name)
{
    const var_entry *e = h401_vars_find(v, name, name_hash(name));
    return e ? e->value : NULL;
}

/* ---- compiling ---- */

typedef struct {
    apr_pool_t *pool;
    const char *origin;
    const h401_tpl_options *opt;
    const char *s;
    int line;
    const char *error;
} compiler;

static int fail(compiler *c, const char *fmt, const char *what)
{
    c->error = apr_psprintf(c->pool, "%s:%d: %s", c->origin, c->line,
                            apr_psprintf(c->pool, fmt, what));
    return 0;
}

static void count_lines(compiler *c, const char *from, const char *to)
{
    for (; from < to; from++) {
        if (*from == '\n') {
            c->line++;
        }
    }
}

static int name_ok(const char *name)
{
    const char *s = name;

    if (!*s) {
        return 0;
    }
    for (; *s; s++) {
        if (!apr_isalnum(*s) && *s != '_' && *s != '-' && *s != '.') {
            return 0;
        }
    }
    return 1;
}

static int known(const compiler *c, const char *name)
{
    const char *const *k = c->opt->known;

    if (!k) {
        return 1;
    }
    for (; *k; k++) {
        if (strcmp(*k, name) == 0) {
            return 1;
        }
    }
    return 0;
}

static node *add_node(compiler *c, node_kind kind, const char *text, apr_size_t len,
                      node ***tail)
{
    node *n = apr_pcalloc(c->pool, sizeof(*n));

    n->kind = kind;
    n->text = text;
    n->len = len;
    n->line = c->line;
    **tail = n;
    *tail = &n->next;
    return n;
}

/* The schemes a message may link to: nothing that runs (javascript:),
 * embeds (data:) or leaves the browser for an unknown handler. */
static int link_scheme_ok(const char *href)
{
    static const char *const schemes[] = { "https://", "http://", "mailto:", "tel:", NULL };
    const char *const *sc;

    for (sc = schemes; *sc; sc++) {
        apr_size_t n = strlen(*sc);
        if (strncasecmp(href, *sc, n) == 0 && href[n]) {
            return 1;
        }
    }
    return 0;
}

/*
 * The text from s to end: plain text, and where links are on, each
 * "[words](address)" as a link. An address is what the parentheses hold,
 * with no space in it; anything else in brackets stays text.
 */
static int add_text(compiler *c, const char *s, const char *end, node ***tail)
{
    const char *open = s;

    while (c->opt->links != H401_LINKS_NONE
           && (open = memchr(open, '[', (apr_size_t)(end - open))) != NULL) {
        const char *close = open + 1, *paren, *href;
        apr_size_t wlen;

        while (close < end && *close != ']' && *close != '[' && *close != '\n') {
            close++;
        }
        if (close + 1 >= end || *close != ']' || close[1] != '(' || close == open + 1) {
            open++;
            continue;
        }
        for (paren = close + 2; paren < end && *paren != ')' && !apr_isspace(*paren)
             && !apr_iscntrl(*paren); paren++) {
        }
        if (paren >= end || *paren != ')' || paren == close + 2) {
            open++;
            continue;
        }
        href = apr_pstrmemdup(c->pool, close + 2, (apr_size_t)(paren - close - 2));
        wlen = (apr_size_t)(close - open - 1);
        if (open > s) {
            add_node(c, NODE_TEXT, s, (apr_size_t)(open - s), tail);
            count_lines(c, s, open);
        }
        if (c->opt->links == H401_LINKS_REFUSE) {
            return fail(c, "a title cannot hold a link ('%s'): browsers show it as "
                        "text in the tab; put the link in the explanation or a remedy",
                        href);
        }
        if (!link_scheme_ok(href)) {
            return fail(c, "the link to '%s' is refused: only http://, https://, "
                        "mailto: and tel: addresses may be linked", href);
        }
        add_node(c, NODE_LINK, open + 1, wlen, tail)->href = href;
        s = open = paren + 1;
    }
    if (end > s) {
        add_node(c, NODE_TEXT, s, (apr_size_t)(end - s), tail);
        count_lines(c, s, end);
    }
    return 1;
}

/* Parses nodes until {{/close}} (or the end when close is NULL). */
static int parse_nodes(compiler *c, const char *close, node **out)
{
    node **tail = out;
    int open_line = c->line;

    *out = NULL;
    for (;;) {
        const char *tag = strstr(c->s, "{{");
        const char *end;
        char sigil;
        char *name;
        node *n;

        if (!tag) {
            tag = c->s + strlen(c->s);
        }
        if (tag > c->s && !add_text(c, c->s, tag, &tail)) {
            return 0;
        }
        if (!*tag) {
            if (close) {
                c->line = open_line;
                return fail(c, "section '%s' is never closed", close);
            }
            return 1;
        }
        end = strstr(tag + 2, "}}");
        if (!end) {
            c->s = tag;
            return fail(c, "%s", "'{{' without a closing '}}'");
        }
        sigil = tag[2];
        if (strchr("#^/>!", sigil) == NULL) {
            sigil = 0;
        }
        name = apr_pstrmemdup(c->pool, tag + 2 + (sigil ? 1 : 0),
                              (apr_size_t)(end - tag - 2 - (sigil ? 1 : 0)));
        apr_collapse_spaces(name, name);   /* returns the end, not name */
        c->s = end + 2;
        if (sigil == '!') {
            count_lines(c, tag, c->s);
            continue;
        }
        if (!name_ok(name)) {
            return fail(c, "bad tag name '%s'", name);
        }
        if (sigil == '/') {
            if (!close || strcmp(close, name) != 0) {
                return fail(c, "'{{/%s}}' closes no open section", name);
            }
            return 1;
        }
        n = apr_pcalloc(c->pool, sizeof(*n));
        n->text = name;
        n->hash = name_hash(name);
        n->line = c->line;
        if (sigil == '>') {
            n->kind = NODE_PARTIAL;
            n->partial = c->opt->partial ? c->opt->partial(c->opt->baton, name) : NULL;
            if (!n->partial) {
                return fail(c, "unknown partial '%s'", name);
            }
        }
        else {
            if (!known(c, name)) {
                return fail(c, "unknown variable '%s'", name);
            }
            n->kind = sigil == '#' ? NODE_SECTION
                    : sigil == '^' ? NODE_INVERTED : NODE_VAR;
            if (sigil == '#' || sigil == '^') {
                if (!parse_nodes(c, name, &n->children)) {
                    return 0;
                }
            }
        }
        *tail = n;
        tail = &n->next;
    }
}

const char *h401_tpl_compile(apr_pool_t *p, const char *origin,
                             const char *text, const h401_tpl_options *opt,
                             const h401_tpl **tpl)
{
    compiler c;
    h401_tpl *t = apr_pcalloc(p, sizeof(*t));

    memset(&c, 0, sizeof(c));
    c.pool = p;
    c.origin = origin;
    c.opt = opt;
    c.s = text;
    c.line = opt->first_line > 0 ? opt->first_line : 1;
    *tpl = NULL;
    if (!parse_nodes(&c, NULL, &t->first)) {
        return c.error;
    }
    t->origin = origin;
    t->mode = opt->mode;
    t->escape_literal = opt->escape_literal;
    *tpl = t;
    return NULL;
}

int h401_var_truthy(const var_entry *e)
{
    return e && ((e->value && *e->value) || e->tpl
                 || (e->items && e->items->nelts > 0));
}

const char *h401_tpl_origin(const h401_tpl *tpl)
{
    return tpl->origin;
}

static void collect_nodes(const node *n, apr_hash_t *names, apr_hash_t *seen)
{
    for (; n; n = n->next) {
        switch (n->kind) {
        case NODE_VAR:
        case NODE_SECTION:
        case NODE_INVERTED:
            apr_hash_set(names, n->text, APR_HASH_KEY_STRING, n->text);
            collect_nodes(n->children, names, seen);
            break;
        case NODE_PARTIAL:
            /* once each: partials may use each other many times over */
            if (!apr_hash_get(seen, &n->partial, sizeof(n->partial))) {
                apr_hash_set(seen, &n->partial, sizeof(n->partial), "");
                collect_nodes(n->partial->first, names, seen);
            }
            break;
        default:
            break;
        }
    }
}

void h401_tpl_collect_names(const h401_tpl *tpl, apr_hash_t *names)
{
    collect_nodes(tpl->first, names, apr_hash_make(apr_hash_pool_get(names)));
}
