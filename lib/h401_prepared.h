/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_prepared.h
 * @brief What a template means: preparing it at start-up, and rendering
 * the prepared form with a request's values.
 *
 * This is the template language's one semantics. Preparing walks a
 * compiled template with the values that are the same for every request
 * of a cause, language and format (its words and markup) and writes them
 * out, already escaped; the values a request brings (the address, the
 * realm, the user name...) become holes, named by slot number. Rendering
 * copies the fixed text and fills the holes. A template prepared with no
 * slots at all renders the same bytes as one prepared with holes and then
 * given those values (the fuzzer checks it).
 *
 * Names are looked up as in Mustache: inside a list item, the item's own
 * values first, then those of the enclosing items, then the rest.
 *
 * Limits are decided when preparing, never while rendering: a template
 * whose page could grow past H401_PAGE_MAX (a message that names itself,
 * partials that fan out, holes repeated in lists within lists) is refused
 * with its file, line and why. A request's values are each cut to
 * H401_VALUE_MAX bytes and its lists to H401_LIST_MAX items, so no page
 * is ever cut off.
 */
#ifndef H401_PREPARED_H
#define H401_PREPARED_H

#include <apr_pools.h>
#include "h401_template.h"

/** The most bytes of one request value a page shows; a longer value is
 *  cut at a character boundary and ends in "…". */
#define H401_VALUE_MAX 1024
/** The most items of one list a page shows. */
#define H401_LIST_MAX 16
/** The most a page may grow to, with every value and list at its limit. */
#define H401_PAGE_MAX ((apr_size_t)1024 * 1024)

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
 *  around the list). */
typedef struct {
    const h401_item_value *values;
    int nvalues;
} h401_item;

/** One slot's value for one rendering: a text, or a list of items. */
typedef struct {
    const char *text;         /**< NULL or "" counts as unset in sections */
    const h401_item *items;
    int nitems;
} h401_slot;

typedef struct h401_prepared h401_prepared;

/**
 * Prepares tpl: every name not among the nslots slot names takes its
 * value from vars now (texts, templates, lists); slot names become holes.
 * Returns NULL and sets *out, or returns why the template cannot serve
 * ("page.html:12: ...") and sets *out to NULL.
 */
const char *h401_prepare(apr_pool_t *p, const h401_tpl *tpl,
                         const h401_vars *vars, const h401_slot_name *slots,
                         int nslots, const h401_prepared **out);

/** Renders t with the request's values, slots[i] for slot name i, into
 *  buf. Returns how many values it shortened and list items it left out
 *  (0 when the page shows everything). */
int h401_prepared_render(const h401_prepared *t, const h401_slot *slots,
                         h401_buf *buf);

/** Bytes of fixed text in t: what a buffer for its page needs at least. */
apr_size_t h401_prepared_size(const h401_prepared *t);

/** The same values as vars, under their slot names, over parent: what
 *  prepares a template with nothing left to fill. */
h401_vars *h401_slots_to_vars(apr_pool_t *p, const h401_vars *parent,
                              const h401_slot_name *names, const h401_slot *slots,
                              int nslots);

/** Renders tpl with every value fixed from vars (prepared with no slots):
 *  for the words of messages, and for tests. Returns 1, or 0 when tpl
 *  cannot be prepared (buf then holds nothing). */
int h401_tpl_render(const h401_tpl *tpl, const h401_vars *vars, h401_buf *buf);

#endif
