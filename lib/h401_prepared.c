/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include "h401_prepared.h"
#include "h401_template_internal.h"

/* Bounds on preparing one page: messages that name each other and
 * partials that use each other several times multiply the text. Every
 * node visited and every byte it adds counts; past H401_TPL_MAX_WORK the
 * template is refused. A page of the shipped templates costs under 5,000. */
#define H401_TPL_MAX_DEPTH 16
#ifndef H401_TPL_MAX_WORK   /* the fuzzers build with a smaller one */
#define H401_TPL_MAX_WORK H401_PAGE_MAX
#endif

/* Marks a value cut to H401_VALUE_MAX: U+2026, the same in every syntax. */
#define SHORTENED_MARK "\xe2\x80\xa6"

/* What one hole can add at most: a value at its limit and the mark, each
 * byte escaped to at most 6 ("&quot;", "\u001b"). */
#define HOLE_MAX (((apr_size_t)H401_VALUE_MAX + sizeof(SHORTENED_MARK)) * 6)

typedef enum { PART_TEXT, PART_HOLE, PART_SECTION, PART_INVERTED } part_kind;

/* While preparing, a template becomes a list of parts: fixed text,
 * already escaped, and holes and sections over the slots a request fills. */
typedef struct part part;
struct part {
    part_kind kind;
    const char *text;     /* TEXT */
    apr_size_t len;
    int slot;             /* HOLE, SECTION, INVERTED */
    const char *origin;   /* where it was written, for errors */
    int line;
    part *children;       /* SECTION, INVERTED */
    part *next;
};

/*
 * What rendering runs: the parts laid out flat, so that a section is a
 * jump rather than a call. A section whose slot is false skips its body;
 * a list runs its body once per item.
 */
typedef enum {
    OP_TEXT,        /* copy text, len bytes */
    OP_HOLE,        /* the slot's text, escaped */
    OP_IF,          /* unless the slot's text is true, skip len ops */
    OP_UNLESS,      /* if it is (a list: has items), skip len ops */
    OP_EACH         /* the next len ops, once per item of the list slot */
} op_kind;

typedef struct {
    op_kind kind;
    int slot;
    apr_size_t len;
    const char *text;
} op;

struct h401_prepared {
    op *ops;
    int nops;
    h401_esc_mode mode;
    const char *is_list;    /* by slot: 1 for a list */
    apr_size_t size;        /* bytes of fixed text */
};

/* ---- preparing ---- */

/* Where a name is looked up while preparing, innermost first: the items
 * of a fixed list (their own values), the items of a list the request
 * fills (only slots can be set there), and at the end the fixed values. */
typedef struct scope scope;
struct scope {
    const h401_vars *item;   /* a fixed list's item; NULL: a slot list's */
    const scope *parent;
};

typedef struct {
    apr_pool_t *pool;         /* the prepared page's texts */
    apr_pool_t *scratch;      /* the parts and buffers of the work */
    const h401_vars *vars;
    const h401_slot_name *slots;
    int nslots;
    h401_esc_mode mode;
    apr_size_t work;
    apr_size_t size;
    const char *error;        /* the first reason to refuse the template */
} preparer;

/* Parts being built: fixed text gathers in pending until a hole or a
 * section ends it. */
typedef struct {
    part *first;
    part **tail;
    h401_buf pending;
} part_list;

static void list_init(preparer *pr, part_list *l)
{
    l->first = NULL;
    l->tail = &l->first;
    h401_buf_init(&l->pending, pr->scratch, 256);
}

static part *list_add(preparer *pr, part_list *l, part_kind kind,
                      const h401_tpl *t, const node *n)
{
    part *pt = apr_pcalloc(pr->scratch, sizeof(*pt));

    pt->kind = kind;
    pt->origin = t ? t->origin : NULL;
    pt->line = n ? n->line : 0;
    *l->tail = pt;
    l->tail = &pt->next;
    return pt;
}

static void list_flush(preparer *pr, part_list *l)
{
    part *pt;

    if (l->pending.len == 0) {
        return;
    }
    pt = list_add(pr, l, PART_TEXT, NULL, NULL);
    pt->text = apr_pstrmemdup(pr->pool, l->pending.data, l->pending.len);
    pt->len = l->pending.len;
    pr->size += pt->len;
    l->pending.len = 0;
    l->pending.data[0] = '\0';
}

static void refuse(preparer *pr, const h401_tpl *t, const node *n, const char *why)
{
    if (!pr->error) {
        pr->error = apr_psprintf(pr->pool, "%s:%d: %s", t->origin ? t->origin : "",
                                 n->line, why);
    }
}

static int slot_of(const preparer *pr, const node *n)
{
    int i;

    for (i = 0; i < pr->nslots; i++) {
        if (strcmp(pr->slots[i].name, n->text) == 0) {
            return i;
        }
    }
    return -1;
}

/* The fixed value of n's name (*e, NULL when unset) and 1, or 0 when it
 * is a slot the request fills (*slot). */
static int resolve(const preparer *pr, const scope *sc, const node *n,
                   const var_entry **e, int *slot)
{
    *slot = slot_of(pr, n);
    for (; sc; sc = sc->parent) {
        if (sc->item) {
            if ((*e = h401_vars_own(sc->item, n->text, n->hash))) {
                return 1;
            }
        }
        else if (*slot >= 0) {
            return 0;
        }
    }
    if (*slot >= 0) {
        return 0;
    }
    *e = h401_vars_find(pr->vars, n->text, n->hash);
    return 1;
}

static void prepare_nodes(preparer *pr, const h401_tpl *t, const node *n,
                          const scope *sc, part_list *out, int depth);

/* Whether going into n (a partial, a message, a section) would nest past
 * the limit; then the template is refused, naming n. */
static int too_deep(preparer *pr, const h401_tpl *t, const node *n, int depth)
{
    if (depth < H401_TPL_MAX_DEPTH) {
        return 0;
    }
    refuse(pr, t, n, apr_psprintf(pr->scratch, "'%s' leads back to itself, or "
                                  "partials, sections and messages nest deeper "
                                  "than %d", n->text, H401_TPL_MAX_DEPTH));
    return 1;
}

/* A section or inverted section over a slot: its own list of parts. */
static void add_slot_section(preparer *pr, const h401_tpl *t, const node *n,
                             int slot, const scope *sc, part_list *out, int depth)
{
    part_list inner;
    part *sect;
    scope in_item;
    int over_items = n->kind == NODE_SECTION && pr->slots[slot].is_list;

    list_flush(pr, out);
    sect = list_add(pr, out, n->kind == NODE_SECTION ? PART_SECTION : PART_INVERTED,
                    t, n);
    sect->slot = slot;
    in_item.item = NULL;
    in_item.parent = sc;
    list_init(pr, &inner);
    prepare_nodes(pr, t, n->children, over_items ? &in_item : sc, &inner, depth + 1);
    list_flush(pr, &inner);
    sect->children = inner.first;
}

static void prepare_nodes(preparer *pr, const h401_tpl *t, const node *n,
                          const scope *sc, part_list *out, int depth)
{
    for (; n && !pr->error; n = n->next) {
        const var_entry *e = NULL;
        int slot, i;

        if (n->kind != NODE_TEXT && n->kind != NODE_VAR && too_deep(pr, t, n, depth)) {
            return;
        }
        if (++pr->work > H401_TPL_MAX_WORK) {
            refuse(pr, t, n, apr_psprintf(pr->scratch, "the page grows past %"
                                          APR_SIZE_T_FMT " bytes of work here "
                                          "(messages or partials that repeat each "
                                          "other?)", (apr_size_t)H401_TPL_MAX_WORK));
            return;
        }
        switch (n->kind) {
        case NODE_TEXT:
            pr->work += n->len;
            if (t->escape_literal) {
                h401_buf_add_escaped_len(&out->pending, n->text, n->len, pr->mode);
            }
            else {
                h401_buf_add(&out->pending, n->text, n->len);
            }
            break;
        case NODE_VAR:
            if (!resolve(pr, sc, n, &e, &slot)) {
                list_flush(pr, out);
                list_add(pr, out, PART_HOLE, t, n)->slot = slot;
            }
            else if (e && e->tpl && !too_deep(pr, t, n, depth)) {
                /* a message: plain text, escaped for this syntax */
                h401_tpl sub = *e->tpl;
                sub.escape_literal = 1;
                prepare_nodes(pr, &sub, sub.first, sc, out, depth + 1);
            }
            else if (e && e->value) {
                pr->work += strlen(e->value);
                h401_buf_add_escaped(&out->pending, e->value, pr->mode);
            }
            break;
        case NODE_SECTION:
        case NODE_INVERTED:
            if (!resolve(pr, sc, n, &e, &slot)) {
                add_slot_section(pr, t, n, slot, sc, out, depth);
            }
            else if (n->kind == NODE_INVERTED) {
                if (!h401_var_truthy(e)) {
                    prepare_nodes(pr, t, n->children, sc, out, depth + 1);
                }
            }
            else if (h401_var_truthy(e) && e->items) {
                for (i = 0; i < e->items->nelts; i++) {
                    scope in_item;
                    in_item.item = APR_ARRAY_IDX(e->items, i, const h401_vars *);
                    in_item.parent = sc;
                    prepare_nodes(pr, t, n->children, &in_item, out, depth + 1);
                }
            }
            else if (h401_var_truthy(e)) {
                prepare_nodes(pr, t, n->children, sc, out, depth + 1);
            }
            break;
        case NODE_PARTIAL:
            prepare_nodes(pr, n->partial, n->partial->first, sc, out, depth + 1);
            break;
        case NODE_LINK:
            /* an admin's link, checked when compiled: markup in HTML, the
             * words and the address in the other syntaxes */
            pr->work += n->len + strlen(n->href);
            if (pr->mode == H401_ESC_HTML) {
                h401_buf_adds(&out->pending, "<a href=\"");
                h401_buf_add_escaped(&out->pending, n->href, pr->mode);
                h401_buf_adds(&out->pending, "\">");
                h401_buf_add_escaped_len(&out->pending, n->text, n->len, pr->mode);
                h401_buf_adds(&out->pending, "</a>");
            }
            else {
                h401_buf_add_escaped_len(&out->pending, n->text, n->len, pr->mode);
                if (strlen(n->href) != n->len || memcmp(n->href, n->text, n->len) != 0) {
                    h401_buf_adds(&out->pending, " (");
                    h401_buf_add_escaped(&out->pending, n->href, pr->mode);
                    h401_buf_adds(&out->pending, ")");
                }
            }
            break;
        }
    }
}

static int count_ops(const part *pt)
{
    int count = 0;

    for (; pt; pt = pt->next) {
        count += 1 + (pt->kind == PART_SECTION || pt->kind == PART_INVERTED
                      ? count_ops(pt->children) : 0);
    }
    return count;
}

/* Writes the parts from pt on as ops at out; returns how many. */
static int lay_out(op *out, const part *pt, const h401_slot_name *slots)
{
    int at = 0;

    for (; pt; pt = pt->next) {
        op *o = &out[at++];
        o->slot = pt->slot;
        switch (pt->kind) {
        case PART_TEXT:
            o->kind = OP_TEXT;
            o->text = pt->text;
            o->len = pt->len;
            break;
        case PART_HOLE:
            o->kind = OP_HOLE;
            break;
        case PART_SECTION:
        case PART_INVERTED:
            o->kind = pt->kind == PART_INVERTED ? OP_UNLESS
                    : slots[pt->slot].is_list ? OP_EACH : OP_IF;
            o->len = (apr_size_t)lay_out(out + at, pt->children, slots);
            at += (int)o->len;
            break;
        }
    }
    return at;
}

/* The most the parts from pt on can write, with every value and list at
 * its limit, capped just past H401_PAGE_MAX. *where names the part at
 * which the sum first passed the limit. */
static apr_size_t max_size(const part *pt, const h401_slot_name *slots,
                           const part **where)
{
    apr_size_t sum = 0, add;

    for (; pt; pt = pt->next) {
        switch (pt->kind) {
        case PART_TEXT:
            add = pt->len;
            break;
        case PART_HOLE:
            add = HOLE_MAX;
            break;
        default:
            add = max_size(pt->children, slots, where);
            if (pt->kind == PART_SECTION && slots[pt->slot].is_list) {
                add = add > H401_PAGE_MAX ? add : add * H401_LIST_MAX;
            }
            break;
        }
        sum += add > H401_PAGE_MAX ? H401_PAGE_MAX + 1 : add;
        if (sum > H401_PAGE_MAX) {
            if (!*where) {
                *where = pt;
            }
            return H401_PAGE_MAX + 1;
        }
    }
    return sum;
}

const char *h401_prepare(apr_pool_t *p, const h401_tpl *tpl,
                         const h401_vars *vars, const h401_slot_name *slots,
                         int nslots, const h401_prepared **out)
{
    h401_prepared *t = apr_pcalloc(p, sizeof(*t));
    const part *where = NULL;
    preparer pr;
    part_list parts;
    char *is_list;
    int i;

    *out = NULL;
    memset(&pr, 0, sizeof(pr));
    pr.pool = p;
    /* a page set has a hundred pages: what building them leaves behind
     * would stay in every child for good */
    apr_pool_create(&pr.scratch, p);
    pr.vars = vars;
    pr.slots = slots;
    pr.nslots = nslots;
    pr.mode = tpl->mode;
    list_init(&pr, &parts);
    prepare_nodes(&pr, tpl, tpl->first, NULL, &parts, 0);
    list_flush(&pr, &parts);
    if (!pr.error && max_size(parts.first, slots, &where) > H401_PAGE_MAX) {
        pr.error = apr_psprintf(p, "%s:%d: with the longest values a request may "
                                "bring (%d bytes each, %d items a list), the page "
                                "could grow past %" APR_SIZE_T_FMT " bytes here",
                                where->origin ? where->origin : tpl->origin,
                                where->line, H401_VALUE_MAX, H401_LIST_MAX,
                                H401_PAGE_MAX);
    }
    if (pr.error) {
        apr_pool_destroy(pr.scratch);
        return pr.error;
    }
    t->nops = count_ops(parts.first);
    t->ops = apr_pcalloc(p, sizeof(op) * (apr_size_t)(t->nops ? t->nops : 1));
    lay_out(t->ops, parts.first, slots);
    apr_pool_destroy(pr.scratch);
    t->mode = tpl->mode;
    is_list = apr_pcalloc(p, (apr_size_t)(nslots ? nslots : 1));
    for (i = 0; i < nslots; i++) {
        is_list[i] = (char)(slots[i].is_list != 0);
    }
    t->is_list = is_list;
    t->size = pr.size;
    *out = t;
    return NULL;
}

apr_size_t h401_prepared_size(const h401_prepared *t)
{
    return t->size;
}

/* ---- rendering ---- */

/* The values in scope: a list item's, then those around its list. */
typedef struct frame frame;
struct frame {
    const h401_item *item;
    const frame *parent;
};

static const char *find_text(const frame *f, const h401_slot *slots, int slot)
{
    int i;

    for (; f; f = f->parent) {
        for (i = 0; i < f->item->nvalues; i++) {
            if (f->item->values[i].slot == slot) {
                return f->item->values[i].text;
            }
        }
    }
    return slots[slot].text;
}

typedef struct {
    const h401_prepared *t;
    const h401_slot *slots;
    h401_buf *buf;
    int shortened;          /* values cut and list items left out */
} renderer;

/* A request's value, escaped; one past H401_VALUE_MAX is cut at the start
 * of a UTF-8 character and marked. */
static void add_value(renderer *rd, const char *text)
{
    apr_size_t len = strlen(text);

    if (len <= H401_VALUE_MAX) {
        h401_buf_add_escaped_len(rd->buf, text, len, rd->t->mode);
        return;
    }
    len = H401_VALUE_MAX;
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) {
        len--;
    }
    h401_buf_add_escaped_len(rd->buf, text, len, rd->t->mode);
    h401_buf_add(rd->buf, SHORTENED_MARK, sizeof(SHORTENED_MARK) - 1);
    rd->shortened++;
}

/* Runs ops[from, to) with the values of frame f (NULL: outside lists). */
static void run_ops(renderer *rd, int from, int to, const frame *f)
{
    const h401_prepared *t = rd->t;
    const h401_slot *slots = rd->slots;
    const op *ops = t->ops;
    const char *text;
    int at, i, n;

    for (at = from; at < to; at++) {
        const op *o = &ops[at];

        switch (o->kind) {
        case OP_TEXT:
            h401_buf_add(rd->buf, o->text, o->len);
            break;
        case OP_HOLE:
            if ((text = find_text(f, slots, o->slot))) {
                add_value(rd, text);
            }
            break;
        case OP_IF:
            text = find_text(f, slots, o->slot);
            if (!text || !*text) {
                at += (int)o->len;
            }
            break;
        case OP_UNLESS:
            if (t->is_list[o->slot] ? slots[o->slot].nitems > 0
                : ((text = find_text(f, slots, o->slot)) && *text)) {
                at += (int)o->len;
            }
            break;
        case OP_EACH:
            n = slots[o->slot].nitems;
            if (n > H401_LIST_MAX) {
                rd->shortened += n - H401_LIST_MAX;
                n = H401_LIST_MAX;
            }
            for (i = 0; i < n; i++) {
                frame item;

                item.item = &slots[o->slot].items[i];
                item.parent = f;
                run_ops(rd, at + 1, at + 1 + (int)o->len, &item);
            }
            at += (int)o->len;
            break;
        }
    }
}

int h401_prepared_render(const h401_prepared *t, const h401_slot *slots,
                         h401_buf *buf)
{
    renderer rd;

    rd.t = t;
    rd.slots = slots;
    rd.buf = buf;
    rd.shortened = 0;
    run_ops(&rd, 0, t->nops, NULL);
    return rd.shortened;
}

h401_vars *h401_slots_to_vars(apr_pool_t *p, const h401_vars *parent,
                              const h401_slot_name *names, const h401_slot *slots,
                              int nslots)
{
    h401_vars *vars = h401_vars_make(p, parent);
    int i, j, k;

    for (i = 0; i < nslots; i++) {
        const h401_slot *s = &slots[i];

        if (!names[i].is_list) {
            h401_vars_set(vars, names[i].name, s->text);
            continue;
        }
        for (j = 0; j < s->nitems; j++) {
            h401_vars *item = h401_vars_add_item(vars, names[i].name);

            for (k = 0; k < s->items[j].nvalues; k++) {
                const h401_item_value *v = &s->items[j].values[k];
                h401_vars_set(item, names[v->slot].name, v->text);
            }
        }
    }
    return vars;
}

int h401_tpl_render(const h401_tpl *tpl, const h401_vars *vars, h401_buf *buf)
{
    const h401_prepared *t;
    apr_pool_t *scratch;
    int ok;

    apr_pool_create(&scratch, buf->pool);
    ok = h401_prepare(scratch, tpl, vars, NULL, 0, &t) == NULL;
    if (ok) {
        h401_prepared_render(t, NULL, buf);
    }
    apr_pool_destroy(scratch);
    return ok;
}
