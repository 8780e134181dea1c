/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/*
 * The inside of compiled templates and their values, shared by the
 * compiler (h401_template.c) and the preparation and rendering of pages
 * (h401_prepared.c). Nothing else includes this.
 */
#ifndef H401_TEMPLATE_INTERNAL_H
#define H401_TEMPLATE_INTERNAL_H

#include "h401_template.h"

typedef enum { NODE_TEXT, NODE_VAR, NODE_SECTION, NODE_INVERTED, NODE_PARTIAL,
               NODE_LINK } node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    const char *text;        /* TEXT: the text; LINK: its words;
                                others: the name */
    apr_size_t len;
    const char *href;        /* LINK: the address, its scheme checked */
    unsigned hash;           /* of the name, so lookups rarely strcmp */
    int line;                /* in the template's file, for errors */
    node *children;          /* SECTION, INVERTED */
    const h401_tpl *partial; /* PARTIAL */
    node *next;
};

struct h401_tpl {
    node *first;
    const char *origin;      /* the file, for errors */
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

/* The entry for name in v itself (not its parents), or NULL. */
const var_entry *h401_vars_own(const h401_vars *v, const char *name, unsigned hash);
/* The entry for name, searching v and then its parents, or NULL. */
const var_entry *h401_vars_find(const h401_vars *v, const char *name, unsigned hash);

/* Whether a section over e shows: a non-empty text, a template, a list
 * with items. */
int h401_var_truthy(const var_entry *e);

#endif
