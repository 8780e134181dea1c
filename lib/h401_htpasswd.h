/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_htpasswd.h
 * @brief A user's record in an AuthUserFile whose password can never match.
 *
 * mod_authn_file hands the value stored for a user to apr-util's
 * apr_password_validate(), which knows bcrypt ($2a$, $2y$), its own MD5
 * ($apr1$) and {SHA}, and gives everything else to the system's crypt().
 * A value neither knows (plain text, which apr compares as it is only on
 * Windows, NetWare and BeOS; an LDAP {SSHA}; an $argon2id$ of another
 * tool) refuses every password, and the visitor is told only that the
 * password was wrong. These functions find the user's line in the file's
 * text, as mod_authn_file reads it, and say whether and why its value can
 * never be verified on this system, so that the admin can be told.
 */
#ifndef H401_HTPASSWD_H
#define H401_HTPASSWD_H

#include <apr_pools.h>

/** Why a stored password can never be verified. */
typedef enum {
    H401_HASH_OK = 0,          /**< apr may verify it (or it cannot be told
                                    from a form apr verifies) */
    H401_HASH_EMPTY,           /**< nothing after the ':' */
    H401_HASH_PLAIN_TEXT,      /**< no hash at all */
    H401_HASH_LOCKED,          /**< starts with '!' or '*': locked */
    H401_HASH_LDAP_SCHEME,     /**< {SSHA}, {SHA256}, {MD5}...: not {SHA} */
    H401_HASH_UNKNOWN_CRYPT    /**< $argon2id$, $pbkdf2-sha256$...: a $id$
                                    that crypt() does not know */
} h401_hash_problem;

/** The user's record in a user file. */
typedef struct {
    int line;                  /**< 1-based line; 0 when the user has none */
    const char *hash;          /**< the value stored, as mod_authn_file
                                    reads it (up to the next ':') */
    h401_hash_problem problem; /**< whether and why it can never match */
    const char *scheme;        /**< the scheme it names ("{SSHA}",
                                    "$argon2id$"), or NULL */
} h401_htpasswd_record;

/**
 * The record of user in an AuthUserFile's text of len bytes, as
 * mod_authn_file finds it: lines trimmed of white space, those empty or
 * starting with '#' skipped, the first whose name before ':' is user
 * exactly; its value is what follows, up to the next ':'. Returns 1 and
 * fills *out when the user has a line, else 0 (out->line is then 0).
 */
int h401_htpasswd_find(apr_pool_t *p, const char *text, apr_size_t len,
                       const char *user, h401_htpasswd_record *out);

/**
 * Whether apr_password_validate() on this kind of system (not Windows,
 * NetWare or BeOS; libxcrypt's crypt(), as on Debian 12) can ever accept
 * a password for the stored value hash; *scheme (may be NULL) is set to
 * the scheme named by an LDAP or crypt prefix, else NULL.
 */
h401_hash_problem h401_hash_check(apr_pool_t *p, const char *hash, const char **scheme);

/** A stable word for a problem: "ok", "empty", "plain-text", "locked",
 *  "ldap-scheme" or "unknown-crypt". */
const char *h401_hash_problem_name(h401_hash_problem problem);

/**
 * The why, in English as httpd's logs are, to follow "the password of
 * 'bob' ": "is stored as plain text, which apr checks only on Windows",
 * with the record's scheme where it names one.
 */
const char *h401_hash_problem_why(apr_pool_t *p, const h401_htpasswd_record *rec);

#endif
