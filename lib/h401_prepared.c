/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include "h401_prepared.h"
#include "h401_template_internal.h"

typedef enum { PART_TEXT, PART_HOLE, PART_SECTION, PART_INVERTED } part_kind;

/* A prepared template is a list of parts: fixed text, already escaped,
 * and holes and sections over the slots a request fills. */
typedef struct part part;
struct part {
    part_kind kind;
    const char *text;     /* TEXT */
    apr_size_t len;
    int slot;             /* HOLE, SECTION, INVERTED */
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
    apr_size_t cost;      /* EACH: its body's ops and text bytes */
    int memo;             /* HOLE outside lists whose slot shows more than
                           * once there: 1 + its place among those; else 0 */
} op;

struct h401_prepared {
    op *ops;
    int nops;
    int nmemos;             /* slots that repeat outside lists, at most MEMOS */
    int stopped;            /* preparing stopped at a bound */
    h401_esc_mode mode;
    const char *is_list;    /* by slot: 1 for a list */
    const char *uses;       /* by slot: 1 when a hole or section names it */
    apr_size_t size;
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
    int stopped;              /* at a bound: the page is cut short */
    apr_size_t size;
    char *uses;
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

static part *list_add(preparer *pr, part_list *l, part_kind kind)
{
    part *n = apr_pcalloc(pr->scratch, sizeof(*n));

    n->kind = kind;
    *l->tail = n;
    l->tail = &n->next;
    return n;
}

static void list_flush(preparer *pr, part_list *l)
{
    part *n;

    if (l->pending.len == 0) {
        return;
    }
    n = list_add(pr, l, PART_TEXT);
    n->text = apr_pstrmemdup(pr->pool, l->pending.data, l->pending.len);
    n->len = l->pending.len;
    pr->size += n->len;
    l->pending.len = 0;
    l->pending.data[0] = '\0';
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
    if (*slot >= 0) {
        pr->uses[*slot] = 1;   /* may still be fixed here: only ever more */
    }
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

/* A section or inverted section over a slot: its own list of parts. */
static void add_slot_section(preparer *pr, const h401_tpl *t, const node *n,
                             int slot, const scope *sc, part_list *out, int depth)
{
    part_list inner;
    part *sect;
    scope in_item;
    int over_items = n->kind == NODE_SECTION && pr->slots[slot].is_list;

    list_flush(pr, out);
    sect = list_add(pr, out, n->kind == NODE_SECTION ? PART_SECTION : PART_INVERTED);
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
    if (depth > H401_TPL_MAX_DEPTH) {
        pr->stopped = 1;
        return;
    }
    for (; n; n = n->next) {
        const var_entry *e = NULL;
        int slot, i;

        if (pr->work > H401_TPL_MAX_WORK) {
            pr->stopped = 1;
            return;
        }
        pr->work++;
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
                list_add(pr, out, PART_HOLE)->slot = slot;
            }
            else if (e && e->tpl) {
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
            prepare_nodes(pr, t, n->partial->first, sc, out, depth + 1);
            break;
        }
    }
}

static int count_ops(const part *n)
{
    int count = 0;

    for (; n; n = n->next) {
        count += 1 + (n->kind == PART_SECTION || n->kind == PART_INVERTED
                      ? count_ops(n->children) : 0);
    }
    return count;
}

/* What running n ops once costs at most: each op, each byte of text. */
static apr_size_t body_cost(const op *ops, int n)
{
    apr_size_t cost = (apr_size_t)n;
    int i;

    for (i = 0; i < n; i++) {
        cost += ops[i].kind == OP_TEXT ? ops[i].len : ops[i].cost;
    }
    return cost;
}

/* Writes the parts from n on as ops at out; returns how many. */
static int lay_out(op *out, const part *n, const h401_slot_name *slots)
{
    int at = 0;

    for (; n; n = n->next) {
        op *o = &out[at++];
        o->slot = n->slot;
        switch (n->kind) {
        case PART_TEXT:
            o->kind = OP_TEXT;
            o->text = n->text;
            o->len = n->len;
            break;
        case PART_HOLE:
            o->kind = OP_HOLE;
            break;
        case PART_SECTION:
        case PART_INVERTED:
            o->kind = n->kind == PART_INVERTED ? OP_UNLESS
                    : slots[n->slot].is_list ? OP_EACH : OP_IF;
            o->len = (apr_size_t)lay_out(out + at, n->children, slots);
            o->cost = body_cost(out + at, (int)o->len);
            at += (int)o->len;
            break;
        }
    }
    return at;
}

/* How many slots' first escaped copies a render keeps. */
#define MEMOS 8

/*
 * Marks the holes outside lists whose slot shows more than once there
 * (a scheme, a realm): rendering escapes such a value once and copies it
 * where it repeats. A slot's first hole may sit in a section that does
 * not show, so every one of them is marked alike.
 */
static int mark_repeats(op *ops, int nops, int nslots, apr_pool_t *scratch)
{
    int *seen = apr_pcalloc(scratch, sizeof(int) * (apr_size_t)nslots);
    int *memo = apr_pcalloc(scratch, sizeof(int) * (apr_size_t)nslots);
    int pass, at, list_end, nmemos = 0;

    for (pass = 0; pass < 2; pass++) {
        for (at = 0, list_end = 0; at < nops; at++) {
            op *o = &ops[at];

            if (at < list_end) {
                continue;
            }
            if (o->kind == OP_EACH) {
                list_end = at + 1 + (int)o->len;
            }
            else if (o->kind == OP_HOLE && pass == 0) {
                seen[o->slot]++;
            }
            else if (o->kind == OP_HOLE && seen[o->slot] > 1) {
                if (!memo[o->slot] && nmemos < MEMOS) {
                    memo[o->slot] = ++nmemos;
                }
                o->memo = memo[o->slot];
            }
        }
    }
    return nmemos;
}

const h401_prepared *h401_prepare(apr_pool_t *p, const h401_tpl *tpl,
                                  const h401_vars *vars,
                                  const h401_slot_name *slots, int nslots)
{
    h401_prepared *t = apr_pcalloc(p, sizeof(*t));
    preparer pr;
    part_list out;
    char *is_list;
    int i;

    memset(&pr, 0, sizeof(pr));
    pr.pool = p;
    /* a page set has a hundred pages: what building them leaves behind
     * would stay in every child for good */
    apr_pool_create(&pr.scratch, p);
    pr.vars = vars;
    pr.slots = slots;
    pr.nslots = nslots;
    pr.mode = tpl->mode;
    pr.uses = apr_pcalloc(p, (apr_size_t)nslots);
    list_init(&pr, &out);
    prepare_nodes(&pr, tpl, tpl->first, NULL, &out, 0);
    list_flush(&pr, &out);
    t->nops = count_ops(out.first);
    t->ops = apr_pcalloc(p, sizeof(op) * (apr_size_t)(t->nops ? t->nops : 1));
    lay_out(t->ops, out.first, slots);
    t->nmemos = mark_repeats(t->ops, t->nops, nslots, pr.scratch);
    apr_pool_destroy(pr.scratch);
    t->mode = tpl->mode;
    is_list = apr_pcalloc(p, (apr_size_t)nslots);
    for (i = 0; i < nslots; i++) {
        is_list[i] = (char)(slots[i].is_list != 0);
    }
    t->is_list = is_list;
    t->stopped = pr.stopped;
    t->uses = pr.uses;
    t->size = pr.size;
    return t;
}

h401_esc_mode h401_prepared_mode(const h401_prepared *t)
{
    return t->mode;
}

int h401_prepared_uses(const h401_prepared *t, int slot)
{
    return t->uses[slot];
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

static void add_text(h401_buf *buf, const char *text, apr_size_t len)
{
    if (buf->len + len < buf->cap) {   /* the usual case: no call */
        memcpy(buf->data + buf->len, text, len);
        buf->len += len;
    }
    else {
        h401_buf_add(buf, text, len);
    }
}

/* Where a slot's text, escaped, first went into the page. */
typedef struct {
    apr_size_t at;
    apr_size_t len;       /* 0: not escaped yet */
} first_copy;

typedef struct {
    const h401_prepared *t;
    const h401_slot *slots;
    h401_buf *buf;
    apr_size_t work;
    int stopped;               /* at a bound: the page is cut short */
    first_copy first[MEMOS];   /* by op memo - 1 */
} renderer;

/* A hole outside lists: a fixed text as it is, else the slot's text
 * escaped, or copied from where it was escaped before. */
static void fill_hole(renderer *rd, const op *o)
{
    const h401_slot *s = &rd->slots[o->slot];
    h401_buf *buf = rd->buf;
    first_copy *first = o->memo ? &rd->first[o->memo - 1] : NULL;
    apr_size_t at;

    if (s->ready) {
        add_text(buf, s->ready, s->ready_len);
    }
    else if (first && first->len) {
        add_text(buf, buf->data + first->at, first->len);
    }
    else if (s->text) {
        at = buf->len;
        h401_buf_add_escaped_len(buf, s->text, strlen(s->text), rd->t->mode);
        if (first) {
            first->at = at;
            first->len = buf->len - at;
        }
    }
}

/*
 * Runs ops[from, to). Ops run once, but a list's body once per item: lists
 * within lists multiply the work, so, as h401_tpl_render() does, it is
 * counted (a body's ops and text, and values inside lists) and rendering
 * stops past H401_TPL_MAX_WORK.
 */
static void run_ops(renderer *rd, int from, int to, const frame *f, int depth)
{
    const h401_prepared *t = rd->t;
    const h401_slot *slots = rd->slots;
    const op *ops = t->ops;
    const char *text;
    apr_size_t len;
    int at, i;

    if (depth > H401_TPL_MAX_DEPTH) {
        rd->stopped = 1;
        return;
    }
    for (at = from; at < to; at++) {
        const op *o = &ops[at];

        switch (o->kind) {
        case OP_TEXT:
            add_text(rd->buf, o->text, o->len);
            break;
        case OP_HOLE:
            if (!f) {
                fill_hole(rd, o);
                break;
            }
            text = find_text(f, slots, o->slot);
            if (text) {
                len = strlen(text);
                if ((rd->work += len) > H401_TPL_MAX_WORK) {
                    rd->stopped = 1;
                    return;
                }
                h401_buf_add_escaped_len(rd->buf, text, len, t->mode);
            }
            break;
        case OP_IF:
            text = f ? find_text(f, slots, o->slot) : slots[o->slot].text;
            if (!text || !*text) {
                at += (int)o->len;
            }
            break;
        case OP_UNLESS:
            if (t->is_list[o->slot] ? slots[o->slot].nitems > 0 : ((text = f
                    ? find_text(f, slots, o->slot) : slots[o->slot].text) && *text)) {
                at += (int)o->len;
            }
            break;
        case OP_EACH:
            for (i = 0; i < slots[o->slot].nitems; i++) {
                frame item;

                if ((rd->work += o->cost) > H401_TPL_MAX_WORK) {
                    rd->stopped = 1;
                    return;
                }
                item.item = &slots[o->slot].items[i];
                item.parent = f;
                run_ops(rd, at + 1, at + 1 + (int)o->len, &item, depth + 1);
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
    rd.work = 0;
    rd.stopped = 0;
    memset(rd.first, 0, sizeof(rd.first[0]) * (apr_size_t)t->nmemos);
    run_ops(&rd, 0, t->nops, NULL, 0);
    buf->data[buf->len] = '\0';
    return !(t->stopped || rd.stopped);
}
