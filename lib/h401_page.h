/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_page.h
 * @brief The helpful page: its templates and words, loaded once, and the
 * rendering of one refused request's page from them.
 */
#ifndef H401_PAGE_H
#define H401_PAGE_H

#include <apr_pools.h>
#include "h401_diagnose.h"
#include "h401_messages.h"
#include "h401_escape.h"

typedef struct h401_pageset h401_pageset;

/** Returns the text of a template file by its path under templates/
 *  ("page.html", "en/messages.txt"), or NULL when there is none. */
typedef const char *(*h401_file_fn)(void *baton, apr_pool_t *p,
                                    const char *path);

/**
 * Loads and compiles the page and the English words through get_file.
 * Returns NULL on success or an error naming the file and line.
 */
const char *h401_pageset_load(apr_pool_t *p, h401_file_fn get_file,
                              void *baton, h401_pageset **out);

/** Everything the page tells the visitor. Unknown values are NULL. */
typedef struct {
    h401_cause cause;
    const char *realm;        /**< realm the site asks for */
    const char *scheme;       /**< scheme the site asks for */
    const char *sent_scheme;  /**< scheme the client sent */
    const char *user;         /**< user name the client sent */
    const char *url;          /**< the address that was refused */
    const char *contact;      /**< mailto: or http(s) URL */
    const char *login_url;    /**< where to log in */
    const char *home_url;     /**< the site's main page */
} h401_page_facts;

/** Renders the HTML page for facts into buf. */
void h401_page_render(const h401_pageset *set, const h401_page_facts *facts,
                      h401_buf *buf);

/** The language of the rendered page ("en"). */
const char *h401_page_lang(const h401_pageset *set);

#endif
