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
    H401_CAUSE_NOT_PERMITTED,
    H401_CAUSE_BAD_CREDENTIALS,
    H401_CAUSE_STALE_SESSION,
    H401_CAUSE_NO_CREDENTIALS,
    H401_CAUSE_COUNT
} h401_cause;


/**
 * How the area signs people in, as far as the diagnosis can tell: the
 * page's words follow it (cause.ID.title.METHOD and the like in
 * messages.txt, see h401_messages.h). Their ids are stable.
 */
typedef enum {
    H401_SIGNIN_OTHER = 0,   /**< not known, or several: the plain words */
    H401_SIGNIN_BASIC,       /**< Basic: the browser's own sign-in box */
    H401_SIGNIN_DIGEST,      /**< Digest: that box too (words fall back to basic) */
    H401_SIGNIN_BEARER,      /**< an access token (RFC 6750), for apps and scripts */
    H401_SIGNIN_NEGOTIATE,   /**< Negotiate: Kerberos single sign-on */
    H401_SIGNIN_REDIRECT,    /**< a login page or single sign-on service (form,
                                  OpenID Connect, SAML, CAS...), no challenge */
    H401_SIGNIN_COUNT
} h401_signin;

/** Why a Basic area cannot check any password (httpd answers 500 once a
 *  name is typed): nothing to say, no provider module (AH01600), or the
 *  file provider with no AuthUserFile (AH01619). */
typedef enum {
    H401_PASSWORD_CHECK_OK = 0,
    H401_PASSWORD_CHECK_NO_PROVIDER,
    H401_PASSWORD_CHECK_NO_USER_FILE
} h401_no_password_check;

/** What is known of a refused request. */
typedef struct {
    h401_credentials credentials;       /**< scheme NULL: no Authorization */
    const apr_array_header_t *challenges;   /**< h401_challenge, may be empty */
    const char *auth_type;      /**< the area's AuthType, NULL if none; read
                                     only when there is no challenge */
    const char *session_cookie; /**< name of a session cookie sent, or NULL */
    int leftover_htaccess;      /**< an .htaccess protection that cannot work */
    h401_no_password_check no_password_check;   /**< a Basic area with
                                     nothing to check a password against */
    h401_token_times token;     /**< claims of a Bearer JWT, if any */
    apr_int64_t now;            /**< seconds since the epoch */
    apr_int64_t clock_skew;     /**< seconds of tolerance for exp and nbf */
    int authz_refused;          /**< authentication succeeded, then an
                                     authorization provider (Require user,
                                     group, ldap-group, expr...) refused, and
                                     the answer is 401 */
    const char *authenticated_user;  /**< with authz_refused: the user the
                                          server authenticated (r->user) */
    const char *cookie_header;  /**< the request's Cookie header, or NULL */
    const apr_array_header_t *set_cookies;  /**< const char *: the response's
                                                 Set-Cookie values, one a
                                                 header; NULL: none known */
} h401_facts;

/**
 * What the diagnosis found. The reason is a stable word, logged and shown
 * to admins, one of (by cause):
 *   leftover-htaccess      htaccess-file-broken, no-authn-provider,
 *                          no-auth-user-file
 *   server-misconfigured   no-challenge
 *   wrong-scheme           scheme-not-offered
 *   malformed-credentials  no-scheme, unreadable-credentials,
 *                          rfc6750-invalid-request
 *   expired-token          digest-stale-nonce, jwt-exp-passed, jwt-nbf-ahead,
 *                          rfc6750-expired
 *   not-permitted          authz-refused, rfc6750-insufficient-scope
 *   bad-credentials        digest-other-realm, rfc6750-invalid-token,
 *                          credentials-refused
 *   stale-session          session-cookie-refused, session-cookie-deleted
 *   no-credentials         negotiate-ntlm, negotiate-no-ticket, nothing-sent
 */
typedef struct {
    h401_cause cause;
    const char *reason;            /**< how it was decided: a stable word */
    const char *expected_scheme;   /**< scheme the site asks for, or NULL */
    const char *realm;             /**< realm of that challenge, or NULL */
    const char *scope;             /**< RFC 6750 scope of that challenge, or NULL */
    const char *user;              /**< the user name to show: the one the
                                        server authenticated (not-permitted),
                                        else the one sent, or NULL */
    const h401_challenge *answered;    /**< the challenge the client answered */
    int not_yet_valid;             /**< expired-token: nbf is in the future */
    int token_delta_known;
    apr_int64_t token_delta;       /**< exp or nbf minus now, in seconds */
    h401_signin method;            /**< how the area signs people in */
    const char *deleting_set_cookie;   /**< stale-session by
                                            session-cookie-deleted: the
                                            Set-Cookie value that deletes a
                                            cookie the request sent */
} h401_diagnosis;

void h401_diagnose(const h401_facts *facts, h401_diagnosis *out);

/** The stable lower-case id of a cause ("no-credentials"). */
const char *h401_cause_id(h401_cause cause);

/** The cause for an id, or -1 when the id is unknown. */
int h401_cause_from_id(const char *id);

/** The stable lower-case id of a sign-in method ("negotiate"); "" for
 *  H401_SIGNIN_OTHER, which has no words of its own. */
const char *h401_signin_id(h401_signin method);

/** The method for an id, or -1 when the id is unknown ("" included). */
int h401_signin_from_id(const char *id);

/**
 * The method of an area that asks with no challenge, from its AuthType
 * (NULL: none): Basic and Digest are theirs; None, and the modules that
 * always ask with a challenge (Kerberos, GSSAPI, Bearer, oauth20), are
 * H401_SIGNIN_OTHER; any other AuthType is a login by redirect.
 */
h401_signin h401_signin_of_auth_type(const char *auth_type);

#endif
