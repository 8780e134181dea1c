/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_auth.h
 * @brief Reading the two sides of HTTP authentication: the credentials a
 * client sent (Authorization) and the challenges the server asks with
 * (WWW-Authenticate), as RFC 9110 section 11 writes them.
 *
 * These are read only to explain a refusal; nothing here grants access.
 */
#ifndef H401_AUTH_H
#define H401_AUTH_H

#include <apr_pools.h>
#include <apr_tables.h>

/** What a client's Authorization header says, as far as it can be read. */
typedef struct {
    const char *scheme;   /**< as sent ("Basic", "bearer"); NULL: no header */
    int malformed;        /**< the scheme's own syntax is broken */
    const char *user;     /**< Basic or Digest user name, when readable */
    const char *realm;    /**< Digest realm the client answered */
    int ntlm;             /**< Negotiate carrying a raw NTLM message instead of
                               SPNEGO: its type (1 negotiate, 2 challenge,
                               3 authenticate); 0 when it is not one */
} h401_credentials;

/** One challenge of a WWW-Authenticate header. */
typedef struct {
    const char *scheme;   /**< auth-scheme token, as sent */
    const char *realm;    /**< the realm parameter, unquoted; NULL if none */
    const char *error;    /**< RFC 6750 error ("invalid_token"), or NULL */
    const char *error_description;  /**< RFC 6750 error_description */
    const char *scope;    /**< RFC 6750 scope: the scope a token needs, space-separated */
    int stale;            /**< Digest stale=true: the nonce, not the password, was refused */
} h401_challenge;

/**
 * Reads an Authorization header value (NULL when the request has none).
 * Basic must be valid base64 of "user:password"; Digest must be a
 * parameter list with username, realm, nonce, uri and response;
 * Negotiate must be base64, and an NTLM message in it is told apart.
 * Other schemes are taken as they are: only their presence is known.
 */
void h401_parse_authorization(apr_pool_t *p, const char *value,
                              h401_credentials *out);

/** The challenges read from one WWW-Authenticate value, at most. */
#define H401_MAX_CHALLENGES 32

/**
 * Appends to challenges (an array of h401_challenge) every challenge in
 * one WWW-Authenticate value, up to H401_MAX_CHALLENGES; a value may hold
 * several, comma-separated. Returns the number of challenges read.
 */
int h401_parse_challenges(apr_pool_t *p, const char *value,
                          apr_array_header_t *challenges);

/** Case-insensitive auth-scheme comparison. */
int h401_scheme_is(const char *scheme, const char *name);

/** The first of challenges (h401_challenge; NULL allowed) that asks for
 *  scheme, or NULL. */
const h401_challenge *h401_find_challenge(const apr_array_header_t *challenges,
                                          const char *scheme);

#endif
