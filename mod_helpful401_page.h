/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file mod_helpful401_page.h
 * @brief The page for one refused request: its language, the values it
 * shows (the address, whom to contact, where to sign in, the admin's
 * section) and its rendering with the area's template set.
 */
#ifndef MOD_HELPFUL401_PAGE_H
#define MOD_HELPFUL401_PAGE_H

#include "httpd.h"

#include "lib/h401_negotiate.h"
#include "mod_helpful401_config.h"
#include "mod_helpful401_facts.h"

/** A page made for one request, ready to send. */
typedef struct {
    const char *body;
    apr_size_t len;
    h401_format format;
    const char *lang;            /* its language tag, for Content-Language */
} h401_request_page;

/**
 * Makes the page of finding f for r in format, in the visitor's language
 * among the area's template set. Returns NULL and fills out when there is
 * a page to send; otherwise why not, for the log (then out is unset).
 */
const char *h401_request_page_make(request_rec *r, const h401_dir_conf *conf,
                                   const h401_finding *f, h401_format format,
                                   h401_request_page *out);

#endif
