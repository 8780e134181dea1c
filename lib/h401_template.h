/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_template.h
 * @brief A small logic-less template language, compiled once at start-up.
 *
 * Syntax (a subset of mustache):
 *   {{name}}            the value, escaped for the template's syntax
 *   {{#name}}..{{/name}}  repeated for each item of a list, or shown
 *                       once when the value is set and not empty
 *   {{^name}}..{{/name}}  shown when the value is unset or empty
 *   {{> partial}}       another template of the same set, inlined
 *   {{! comment}}       dropped
 *   [words](https://..) a link, in messages only (h401_tpl_links)
 * There is no unescaped form: a value can never become markup.
 */
#ifndef H401_TEMPLATE_H
#define H401_TEMPLATE_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include "h401_escape.h"

typedef struct h401_tpl h401_tpl;
typedef struct h401_vars h401_vars;

/** Finds a partial by name for the compiler; returns NULL if unknown. */
typedef const h401_tpl *(*h401_partial_fn)(void *baton, const char *name);

/**
 * Links in a message's text: "[words](address)", where the address is
 * http:, https:, mailto: or tel: (any other is an error at compile time).
 * The page shows <a href="address">words</a> in HTML and "words
 * (address)" in text and JSON; both are escaped like the text.
 */
typedef enum {
    H401_LINKS_NONE = 0,         /**< brackets are plain text (templates) */
    H401_LINKS_ALLOW,            /**< links are compiled (messages) */
    H401_LINKS_REFUSE            /**< a link is an error (a title: it is the
                                      browser tab's text too) */
} h401_tpl_links;

/** How a template is compiled. */
typedef struct {
    h401_esc_mode mode;          /**< escaper for {{var}} */
    int escape_literal;          /**< escape the template's own text too
                                      (for messages: plain text) */
    const char *const *known;    /**< allowed variable names, NULL-terminated;
                                      NULL allows any */
    h401_partial_fn partial;     /**< resolves {{> name}}; NULL: none */
    void *baton;
    int first_line;              /**< line of the text's start in its file
                                      (a messages.txt entry); 0 means 1 */
    h401_tpl_links links;        /**< whether [words](address) is a link */
} h401_tpl_options;

/**
 * Compiles text into *tpl. On error returns a message naming origin and
 * the line ("page.html:12: unclosed section 'remedies'") and sets *tpl
 * to NULL; returns NULL on success.
 */
const char *h401_tpl_compile(apr_pool_t *p, const char *origin,
                             const char *text, const h401_tpl_options *opt,
                             const h401_tpl **tpl);

/** Where tpl came from, as errors name it ("page.html"). */
const char *h401_tpl_origin(const h401_tpl *tpl);

/** Adds to names (a hash of const char *, in its pool) every name tpl
 *  and the partials it includes use as a value or a section; each partial
 *  is walked once. */
void h401_tpl_collect_names(const h401_tpl *tpl, apr_hash_t *names);

/** A set of values for rendering; lookups fall back to the parent. */
h401_vars *h401_vars_make(apr_pool_t *p, const h401_vars *parent);

/** Sets a text value; NULL or "" counts as unset in sections. */
void h401_vars_set(h401_vars *v, const char *name, const char *value);

/** Sets a value that is itself a template, rendered in the same vars. */
void h401_vars_set_tpl(h401_vars *v, const char *name, const h401_tpl *tpl);

/** Appends an item to the list called name and returns its vars. */
h401_vars *h401_vars_add_item(h401_vars *v, const char *name);

/** The text value of name (searching parents), or NULL. */
const char *h401_vars_get(const h401_vars *v, const char *name);

#endif
