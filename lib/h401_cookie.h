/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_cookie.h
 * @brief Spotting a login session cookie in a request's Cookie header.
 */
#ifndef H401_COOKIE_H
#define H401_COOKIE_H

#include <apr_pools.h>
#include <apr_tables.h>

/** The session cookie names most frameworks use, NULL-terminated. */
extern const char *const h401_common_session_cookies[];

/**
 * Looks through a Cookie header for a login session: a cookie whose name
 * is in names (an array of const char *, compared case-sensitively as
 * browsers do), or one whose value is a mod_session payload.
 * Returns the cookie's name, or NULL when there is none.
 */
const char *h401_find_session_cookie(apr_pool_t *p, const char *header,
                                     const apr_array_header_t *names);

/**
 * Tells whether a cookie value is mod_session's clear-text encoding
 * (url-encoded pairs with an "expiry" member) and, if so, stores that
 * expiry (microseconds since the epoch) in *expiry. Returns 1 or 0.
 */
int h401_session_payload_expiry(const char *value, apr_int64_t *expiry);

#endif
