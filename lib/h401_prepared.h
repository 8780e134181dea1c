/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_prepared.h
 * @brief Templates prepared at start-up for everything but a request's
 * own facts.
 *
 * A page's words, its cause's texts and its markup are the same for every
 * request with that cause, language and format; only a few values (the
 * address, the realm, the user name...) differ. Preparing renders the
 * template once with the fixed values, already escaped, and keeps holes
 * for the values a request fills, named by slot number. Rendering a
 * prepared template is then copying its text and escaping those values.
 *
 * The output is what h401_tpl_render() gives for the same values, with
 * one difference: inside a list item, a name the item does not set is
 * looked up in the enclosing list items too, not only at the top.
 */
#ifndef H401_PREPARED_H
#define H401_PREPARED_H

#include <apr_pools.h>
#include "h401_template.h"

/** A value a request fills. */
typedef struct {
    const char *name;
    int is_list;          /**< a list of items, each a full set of slots */
} h401_slot_name;

/** A value of one list item: slot number and text. */
typedef struct {
    int slot;
    const char *text;
} h401_item_value;

/** One list item: the values it sets (other slots show the values
 *  around the list). Lists do not nest. */
typedef struct {
    const h401_item_value *values;
    int nvalues;
} h401_item;

/** One slot's value for one rendering: a text, or a list of items. */
typedef struct {
    const char *text;         /**< NULL or "" counts as unset in sections */
    const char *ready;        /**< text already escaped for the page, or NULL */
    apr_size_t ready_len;
    const h401_item *items;
    int nitems;
} h401_slot;

typedef struct h401_prepared h401_prepared;

/**
 * Prepares tpl: every name not among the nslots slot names takes its
 * value from vars now (texts, templates, lists); slot names become holes.
 * Work and depth have the same bounds as h401_tpl_render().
 */
const h401_prepared *h401_prepare(apr_pool_t *p, const h401_tpl *tpl,
                                  const h401_vars *vars,
                                  const h401_slot_name *slots, int nslots);

/** Renders t with the request's values: slots[i] for slot name i. Returns
 *  1 when all of it was rendered, 0 when preparing or rendering stopped at
 *  a bound on work or depth (the output is then cut short). */
int h401_prepared_render(const h401_prepared *t, const h401_slot *slots,
                          h401_buf *buf);

/** The escaping the page's holes get (its template's). */
h401_esc_mode h401_prepared_mode(const h401_prepared *t);

/** Whether t may show slot: a request need not work out the others. */
int h401_prepared_uses(const h401_prepared *t, int slot);

/** Bytes of fixed text in t: what a buffer for its page needs at least. */
apr_size_t h401_prepared_size(const h401_prepared *t);

#endif
