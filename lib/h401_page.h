/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_page.h
 * @brief The helpful page: its templates (one per format) and the words
 * of each language, loaded and compiled once, and the rendering of one
 * refused request's page from them.
 *
 * Files of a template set, relative to its directory:
 *   page.html, page.json, page.txt    one per format
 *   partials/NAME.html|json|txt       pieces used as {{> NAME}}
 *   LANG/messages.txt                 the words of language LANG
 */
#ifndef H401_PAGE_H
#define H401_PAGE_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "h401_diagnose.h"
#include "h401_messages.h"
#include "h401_negotiate.h"
#include "h401_escape.h"

typedef struct h401_pageset h401_pageset;

/** One language of a set: its words and its prepared pages. */
typedef struct h401_language h401_language;

/** Returns the text of a file of the set by its relative path
 *  ("page.html", "en/messages.txt"), or NULL when there is none. */
typedef const char *(*h401_file_fn)(void *baton, apr_pool_t *p,
                                    const char *path);

/**
 * Loads and compiles a template set. langs lists the language tags to
 * load (const char *); the first is the default. Over base (the shipped
 * set; NULL when loading the shipped set itself) a file the set lacks is
 * taken from base, and a key a messages file lacks keeps base's text.
 * where names the set in errors ("/etc/apache2/h401/"). Returns NULL on
 * success or an error naming the file and line.
 */
const char *h401_pageset_load(apr_pool_t *p, h401_file_fn get_file,
                              void *baton, const apr_array_header_t *langs,
                              const h401_pageset *base, const char *where,
                              h401_pageset **out);

/** The language tags of the set (const char *), the default first. */
const apr_array_header_t *h401_pageset_languages(const h401_pageset *set);

/**
 * The visitor's language among the set's, from Accept-Language (NULL when
 * absent); default_tag when none fits; the set's first language when the
 * set lacks default_tag too. Never NULL.
 */
const h401_language *h401_pageset_language(const h401_pageset *set,
                                           const char *accept_language,
                                           const char *default_tag);

/** The language's tag ("de"), for Content-Language. */
const char *h401_language_tag(const h401_language *lang);

/** Whether every language of the set has words for cause id. */
int h401_pageset_has_cause(const h401_pageset *set, const char *id);

/** A line of the administrator's section. */
typedef struct {
    const char *name;
    const char *value;
} h401_detail_item;

/** Everything the page tells. Unknown values are NULL. */
typedef struct {
    h401_cause cause;
    const char *cause_id;     /**< the admin's own cause; overrides cause */
    const h401_language *lang;   /**< of the set rendering the page */
    h401_format format;
    h401_signin method;       /**< how the area signs in: picks the words */
    const char *realm;        /**< realm the site asks for */
    const char *scheme;       /**< scheme the site asks for */
    const char *scope;        /**< scope a token needs (RFC 6750), if known */
    const char *sent_scheme;  /**< scheme the client sent */
    const char *user;         /**< user name the client sent */
    const char *url;          /**< the address that was refused */
    const char *reload_url;   /**< the same, relative to itself (reload) */
    const char *path;         /**< its path, for problem+json "instance" */
    const char *contact;      /**< mailto: or http(s) URL */
    const char *login_url;    /**< where to sign in */
    const char *home_url;     /**< the site's main page */
    const char *problem_type; /**< problem+json "type"; NULL: about:blank */
    int status;               /**< the response's status; 0: 401 */
    const char *request_id;   /**< mod_unique_id's id */
    const apr_array_header_t *challenges;   /**< h401_challenge */
    const apr_array_header_t *challenge_headers;  /**< const char *, as sent */
    int not_yet_valid;        /**< expired-token: nbf ahead */
    int token_delta_known;
    apr_int64_t token_delta;  /**< seconds: exp/nbf minus now */
    const apr_array_header_t *detail;   /**< h401_detail_item; NULL: none */
    const char *detail_fix;   /**< the admin's next step */
} h401_page_facts;

/** Renders the page for facts into buf from the pages prepared when the
 *  set was loaded. Returns how many values were shortened and list items
 *  left out to keep the page within its limits (0: all of it shown). */
int h401_page_render(const h401_pageset *set, const h401_page_facts *facts,
                     h401_buf *buf);

/** The same page prepared now with every value fixed, nothing ahead:
 *  the bytes h401_page_render() gives (for the tests and the fuzzer).
 *  Returns 1, or 0 when it cannot be prepared. */
int h401_page_render_unprepared(const h401_pageset *set,
                                const h401_page_facts *facts, h401_buf *buf);

/** The variables templates may use, NULL-terminated (for the README). */
extern const char *const h401_page_variables[];

#endif
