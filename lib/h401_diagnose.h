/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_diagnose.h
 * @brief From the facts of one refused request to the likely cause.
 */
#ifndef H401_DIAGNOSE_H
#define H401_DIAGNOSE_H

#include <apr_tables.h>
#include "h401_auth.h"
#include "h401_jwt.h"

/** The built-in causes, in order of precedence. Their ids are stable. */
typedef enum {
    H401_CAUSE_LEFTOVER_HTACCESS = 0,
    H401_CAUSE_SERVER_MISCONFIGURED,
    H401_CAUSE_WRONG_SCHEME,
    H401_CAUSE_MALFORMED_CREDENTIALS,
    H401_CAUSE_EXPIRED_TOKEN,
    H401_CAUSE_BAD_CREDENTIALS,
    H401_CAUSE_STALE_SESSION,
    H401_CAUSE_NO_CREDENTIALS,
    H401_CAUSE_COUNT
} h401_cause;


/** What is known of a refused request. */
typedef struct {
    h401_credentials credentials;       /**< scheme NULL: no Authorization */
    const apr_array_header_t *challenges;   /**< h401_challenge, may be empty */
    const char *auth_type;      /**< the area's AuthType, NULL if none; read
                                     only when there is no challenge */
    const char *session_cookie; /**< name of a session cookie sent, or NULL */
    int leftover_htaccess;      /**< an .htaccess protection that cannot work */
    h401_token_times token;     /**< claims of a Bearer JWT, if any */
    apr_int64_t now;            /**< seconds since the epoch */
    apr_int64_t clock_skew;     /**< seconds of tolerance for exp and nbf */
} h401_facts;

/** What the diagnosis found. */
typedef struct {
    h401_cause cause;
    const char *reason;            /**< how it was decided: a stable word */
    const char *expected_scheme;   /**< scheme the site asks for, or NULL */
    const char *realm;             /**< realm of that challenge, or NULL */
    const h401_challenge *answered;    /**< the challenge the client answered */
    int not_yet_valid;             /**< expired-token: nbf is in the future */
    int token_delta_known;
    apr_int64_t token_delta;       /**< exp or nbf minus now, in seconds */
} h401_diagnosis;

void h401_diagnose(const h401_facts *facts, h401_diagnosis *out);

/** The stable lower-case id of a cause ("no-credentials"). */
const char *h401_cause_id(h401_cause cause);

/** The cause for an id, or -1 when the id is unknown. */
int h401_cause_from_id(const char *id);

#endif
