/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_cookie.h
 * @brief Spotting a login session cookie in a request's Cookie header, and
 * a response that deletes one.
 */
#ifndef H401_COOKIE_H
#define H401_COOKIE_H

#include <apr_pools.h>
#include <apr_tables.h>

/** The session cookie names most frameworks and single sign-on modules
 *  use, NULL-terminated; an entry ending in '*' is a prefix. */
extern const char *const h401_common_session_cookies[];

/**
 * Whether the len bytes at name are the cookie name want: the same bytes
 * (case-sensitively, as browsers compare them), or, when want ends in
 * '*', bytes that start with what comes before it.
 */
int h401_cookie_name_matches(const char *want, const char *name, apr_size_t len);

/**
 * Looks through a Cookie header for a login session: a cookie whose name
 * matches one of names (an array of const char *, see
 * h401_cookie_name_matches), or one whose value is a mod_session payload.
 * Returns the cookie's name as sent, or NULL when there is none.
 */
const char *h401_find_session_cookie(apr_pool_t *p, const char *header,
                                     const apr_array_header_t *names);

/**
 * Tells whether a cookie value is mod_session's clear-text encoding
 * (url-encoded pairs with an "expiry" member) and, if so, stores that
 * expiry (microseconds since the epoch) in *expiry. Returns 1 or 0.
 */
int h401_session_payload_expiry(const char *value, apr_int64_t *expiry);

/**
 * Reads a cookie's Expires date as browsers do (RFC 6265 section 5.1.1):
 * leniently, from the first len bytes of s, in any of the forms servers
 * write ("Thu, 01 Jan 1970 00:00:00 GMT", "Thursday, 01-Jan-70 00:00:00
 * GMT", asctime's). Stores seconds since the epoch in *out and returns
 * 1; 0 when no date can be read.
 */
int h401_cookie_date(const char *s, apr_size_t len, apr_int64_t *out);

/**
 * Whether a response deletes a cookie the request sent: set_cookies
 * holds the response's Set-Cookie values (const char *, one a header;
 * NULL allowed), cookie_header the request's Cookie header (NULL when
 * none). A Set-Cookie deletes a cookie when it names it with a Max-Age
 * of 0 or less, or, with no Max-Age it can read, with an Expires before
 * now (seconds since the epoch). Set-Cookie values are read leniently, as
 * browsers read them; Path and Domain are not compared. A cookie sent
 * with an empty value is no cookie. Returns the index in set_cookies of
 * the first value that deletes one, or -1. Allocates nothing.
 */
int h401_cookie_deleted(const char *cookie_header,
                        const apr_array_header_t *set_cookies, apr_int64_t now);

#endif
