/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/*
 * The inside of compiled templates and their values, shared by the
 * template compiler and renderer (h401_template.c) and the start-up
 * preparation of pages (h401_prepared.c). Nothing else includes this.
 */
#ifndef H401_TEMPLATE_INTERNAL_H
#define H401_TEMPLATE_INTERNAL_H

#include "h401_template.h"

typedef enum { NODE_TEXT, NODE_VAR, NODE_SECTION, NODE_INVERTED, NODE_PARTIAL } node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    const char *text;        /* TEXT: the text; others: the name */
    apr_size_t len;
    unsigned hash;           /* of the name, so lookups rarely strcmp */
    node *children;          /* SECTION, INVERTED */
    const h401_tpl *partial; /* PARTIAL */
    node *next;
};

struct h401_tpl {
    node *first;
    h401_esc_mode mode;
    int escape_literal;
};

typedef struct var_entry var_entry;
struct var_entry {
    const char *name;
    unsigned hash;
    const char *value;
    const h401_tpl *tpl;
    apr_array_header_t *items;   /* of h401_vars * */
    var_entry *next;
};

struct h401_vars {
    apr_pool_t *pool;
    const h401_vars *parent;
    var_entry *entries;
};

/* Bounds on the work of one rendering or preparation; see h401_template.c. */
#define H401_TPL_MAX_DEPTH 16
#ifndef H401_TPL_MAX_WORK   /* the fuzzers build with a smaller one */
#define H401_TPL_MAX_WORK  ((apr_size_t)1024 * 1024)
/* Whether a section over e shows: a non-empty text, a template, a list
 * with items. */
int h401_var_truthy(const var_entry *e);

#endif

/* The entry for n's name in v itself (not its parents), or NULL. */
const var_entry *h401_vars_own(const h401_vars *v, const char *name, unsigned hash);
/* The entry for name, searching v and then its parents, or NULL. */
const var_entry *h401_vars_find(const h401_vars *v, const char *name, unsigned hash);

/* Whether a section over e shows: a non-empty text, a template, a list
 * with items. */
int h401_var_truthy(const var_entry *e);

#endif
