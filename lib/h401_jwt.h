/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_jwt.h
 * @brief Reading the time claims (exp, nbf) of a bearer token that is a
 * JWT (RFC 7519), to tell a client its token has expired.
 *
 * Claims are read only to explain a refusal, never trusted for access:
 * the signature is not checked.
 */
#ifndef H401_JWT_H
#define H401_JWT_H

#include <apr.h>
#include <apr_pools.h>

/** What a bearer token's own claims say of its lifetime: read to
 *  explain, never trusted. */
typedef struct {
    int has_exp;          /**< exp present and a usable NumericDate */
    apr_int64_t exp;      /**< seconds since the epoch */
    int has_nbf;
    apr_int64_t nbf;
} h401_token_times;

/**
 * Reads exp and nbf from a JWT in compact form (header.payload.signature,
 * each base64url without padding; the signature part may be empty for
 * alg=none). Returns 1 when token has three dot-separated base64url parts
 * whose first two decode to JSON objects (the header must have an "alg"
 * string member), else 0; *out is cleared first, so it says "absent" for
 * both claims after a 0. Token need not be NUL-terminated: len bytes are
 * read. Any '=' makes it not a JWT (RFC 7515 drops the padding).
 *
 * The JSON must be strict RFC 8259 text, one object with nothing after it
 * but white space; anything else (junk after a number such as
 * 1700000000.5x, "01", a trailing comma, a raw control character or a bad
 * escape in a string, a NUL byte anywhere) makes the token unreadable: 0.
 * Bytes >= 0x80 in strings are taken as they are, valid UTF-8 or not.
 *
 * A claim that is absent, not a number, not finite (1e999), negative, or
 * beyond year 9999 (> 253402300799) is reported absent (has_* = 0).
 * Fractional seconds like 1700000000.5 are truncated; exponent forms are
 * read exactly when their value is in range (1.7e9 is 1700000000, 1e-3
 * is 0). -0 and -0.0 are 0; -0.5 is negative, so absent.
 * Only top-level members count: an "exp" inside a nested object or array
 * is ignored. Member names are compared after unescaping ("\u0065xp" is
 * exp). When a name repeats, the last member counts, as with JavaScript's
 * JSON.parse and most JWT libraries, even when it is not usable.
 */
int h401_jwt_read(apr_pool_t *p, const char *token, apr_size_t len,
                  h401_token_times *out);

/** Decodes base64url (no padding, or correct '=' padding) into pool memory;
 *  returns NULL on any invalid character or impossible length.
 *  The result has a NUL after its out_len bytes (out_len may be NULL);
 *  unused low bits of the last character are ignored, as most decoders do. */
char *h401_base64url_decode(apr_pool_t *p, const char *in, apr_size_t len,
                            apr_size_t *out_len);

#endif
