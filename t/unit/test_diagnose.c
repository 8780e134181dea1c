/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_diagnose: from the facts to the cause. The facts
 * are built with the real parsers, as the module builds them. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include "h401_auth.h"
#include "h401_diagnose.h"
#include "tap.h"

#define NOW  1700000000
#define SKEW 60

typedef struct {
    const char *name;
    const char *authorization;   /* Authorization header, or NULL */
    const char *challenge;       /* WWW-Authenticate value, or NULL */
    const char *auth_type;
    const char *session_cookie;
    int leftover;                /* 1: a broken .htaccess; 2, 3: a Basic area
                                    with no provider, no AuthUserFile */
    h401_token_times token;      /* { has_exp, exp, has_nbf, nbf } */
    apr_int64_t skew;
    h401_cause want;
    const char *want_reason;
    const char *want_scheme;     /* expected_scheme */
    const char *want_realm;
    int want_answered;           /* index of the answered challenge; -1: none */
    int want_not_yet_valid;
    int want_delta_known;
    apr_int64_t want_delta;
} diag_case;

#define BASIC_OK "Basic dXNlcjpwYXNz"
#define BASIC_BAD "Basic dXNlcg=="
#define DIGEST_AS(realm) "Digest username=\"bob\", realm=\"" realm "\", nonce=\"n\", " \
    "uri=\"/\", response=\"0123\""
#define DIGEST_OK DIGEST_AS("Staff")
#define BEARER "Bearer eyJhbGciOi.eyJzdWIi.SflKxw"
#define NO_TOKEN { 0, 0, 0, 0 }
#define EXP(t) { 1, (t), 0, 0 }
#define NBF(t) { 0, 0, 1, (t) }
#define BEARER_CHALLENGE "Bearer realm=\"api\""
#define RFC6750_STOCK "The access token provided is expired, revoked, malformed, " \
    "or invalid for other reasons"
#define EXPIRED_CHALLENGE(desc) \
    "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"" desc "\""

/* Grouped by cause, in order of precedence; the precedence pairs name
 * what they beat. */
static const diag_case diag_cases[] = {
    /* leftover-htaccess */
    { "leftover .htaccess beats credentials",
      BASIC_OK, "Basic realm=\"Staff\"", "Basic", "PHPSESSID", 1, NO_TOKEN, SKEW,
      H401_CAUSE_LEFTOVER_HTACCESS, "htaccess-file-broken", "Basic", "Staff", -1, 0, 0, 0 },
    { "leftover .htaccess beats no challenge",
      NULL, NULL, "Basic", NULL, 1, NO_TOKEN, SKEW,
      H401_CAUSE_LEFTOVER_HTACCESS, "htaccess-file-broken", "Basic", NULL, -1, 0, 0, 0 },
    { "leftover .htaccess beats no challenge with malformed credentials",
      BASIC_BAD, NULL, "Basic", NULL, 1, NO_TOKEN, SKEW,
      H401_CAUSE_LEFTOVER_HTACCESS, "htaccess-file-broken", "Basic", NULL, -1, 0, 0, 0 },
    { "leftover .htaccess beats an expired token",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 1, EXP(NOW - 3600), SKEW,
      H401_CAUSE_LEFTOVER_HTACCESS, "htaccess-file-broken", "Bearer", "api", -1, 0, 0, 0 },
    { "leftover .htaccess with nothing known",
      NULL, NULL, NULL, NULL, 1, NO_TOKEN, SKEW,
      H401_CAUSE_LEFTOVER_HTACCESS, "htaccess-file-broken", NULL, NULL, -1, 0, 0, 0 },
    { "no authn provider beats a refused password",
      BASIC_OK, "Basic realm=\"Staff\"", "Basic", NULL, 2, NO_TOKEN, SKEW,
      H401_CAUSE_LEFTOVER_HTACCESS, "no-authn-provider", "Basic", "Staff", -1, 0, 0, 0 },
    { "no AuthUserFile beats nothing sent",
      NULL, "Basic realm=\"Staff\"", "Basic", NULL, 3, NO_TOKEN, SKEW,
      H401_CAUSE_LEFTOVER_HTACCESS, "no-auth-user-file", "Basic", "Staff", -1, 0, 0, 0 },

    /* server-misconfigured: a 401 with no challenge outside a form area */
    { "no challenge, AuthType Basic, nothing sent",
      NULL, NULL, "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", "Basic", NULL, -1, 0, 0, 0 },
    { "no challenge beats valid credentials",
      BASIC_OK, NULL, "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", "Basic", NULL, -1, 0, 0, 0 },
    { "no challenge beats malformed credentials",
      "Basic", NULL, "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", "Basic", NULL, -1, 0, 0, 0 },
    { "no challenge beats a wrong scheme",
      "Bearer abc", NULL, "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", "Basic", NULL, -1, 0, 0, 0 },
    { "no challenge beats an expired token",
      BEARER, NULL, "Bearer", NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", "Bearer", NULL, -1, 0, 0, 0 },
    { "no challenge beats a session cookie",
      NULL, NULL, "Basic", "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", "Basic", NULL, -1, 0, 0, 0 },
    { "no challenge and no AuthType known at all",
      NULL, NULL, NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", NULL, NULL, -1, 0, 0, 0 },
    { "no challenge, no AuthType, a session cookie",
      NULL, NULL, NULL, "session", 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", NULL, NULL, -1, 0, 0, 0 },
    { "AuthType None is no expected scheme",
      NULL, NULL, "None", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", NULL, NULL, -1, 0, 0, 0 },
    { "an empty challenge header is no challenge",
      NULL, " , ", "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", "Basic", NULL, -1, 0, 0, 0 },

    /* form areas ask with their login page, not with a challenge */
    { "form area, no challenge, nothing sent",
      NULL, NULL, "form", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", "form", NULL, -1, 0, 0, 0 },
    { "AuthType FORM compares case-insensitively",
      NULL, NULL, "FORM", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", "FORM", NULL, -1, 0, 0, 0 },
    { "form area with a session cookie",
      NULL, NULL, "form", "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_STALE_SESSION, "session-cookie-refused", "form", NULL, -1, 0, 0, 0 },
    { "form area with Basic credentials: wrong scheme",
      BASIC_OK, NULL, "Form", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "Form", NULL, -1, 0, 0, 0 },
    { "form area with malformed credentials: wrong scheme",
      BASIC_BAD, NULL, "form", "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "form", NULL, -1, 0, 0, 0 },
    { "form area with an expired Bearer token: wrong scheme",
      BEARER, NULL, "form", NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "form", NULL, -1, 0, 0, 0 },

    /* wrong-scheme */
    { "wrong scheme: Bearer sent, Basic asked",
      "Bearer abc.def", "Basic realm=\"Staff\"", "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "Basic", "Staff", -1, 0, 0, 0 },
    { "wrong scheme beats malformed credentials",
      "Bearer", "Basic realm=\"Staff\"", "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "Basic", "Staff", -1, 0, 0, 0 },
    { "wrong scheme beats an expired token",
      BEARER, "Basic realm=\"Staff\"", "Basic", NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "Basic", "Staff", -1, 0, 0, 0 },
    { "wrong scheme: Basic sent, only Digest asked",
      BASIC_OK, "Digest realm=\"D\", nonce=\"x\"", "Digest", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "Digest", "D", -1, 0, 0, 0 },
    { "wrong scheme: the first challenge is the one expected",
      BASIC_OK, "Negotiate, Bearer realm=\"api\"", "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "Negotiate", NULL, -1, 0, 0, 0 },

    /* malformed-credentials */
    { "malformed Basic",
      BASIC_BAD, "Basic realm=\"Staff\"", "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "unreadable-credentials", "Basic", "Staff", 0, 0, 0, 0 },
    { "malformed Basic beats a session cookie",
      "Basic !!!!", "Basic realm=\"Staff\"", "Basic", "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "unreadable-credentials", "Basic", "Staff", 0, 0, 0, 0 },
    { "malformed Digest beats a stale nonce",
      "Digest username=\"bob\", realm=\"Staff\"",
      "Digest realm=\"Staff\", nonce=\"n\", stale=true", "Digest", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "unreadable-credentials", "Digest", "Staff", 0, 0, 0, 0 },
    { "malformed Bearer beats an expired token",
      "Bearer", BEARER_CHALLENGE, NULL, NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "unreadable-credentials", "Bearer", "api", 0, 0, 0, 0 },
    { "malformed: the answered challenge gives scheme and realm",
      "Basic !!!!", "Bearer realm=\"api\", Basic realm=\"B\"", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "unreadable-credentials", "Basic", "B", 1, 0, 0, 0 },

    /* expired-token: Digest */
    { "Digest answered to a stale nonce",
      DIGEST_OK, "Digest realm=\"Staff\", nonce=\"n2\", stale=true", "Digest", NULL, 0,
      NO_TOKEN, SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "digest-stale-nonce", "Digest", "Staff", 0, 0, 0, 0 },
    { "a stale nonce beats another realm (expired beats bad credentials)",
      DIGEST_AS("Other"), "Digest realm=\"Staff\", nonce=\"n2\", stale=TRUE", "Digest", NULL,
      0, NO_TOKEN, SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "digest-stale-nonce", "Digest", "Staff", 0, 0, 0, 0 },
    { "stale on another scheme's challenge does not count",
      DIGEST_OK, "Basic realm=\"B\", stale=true, Digest realm=\"Staff\", nonce=\"n\"", NULL,
      NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Digest", "Staff", 1, 0, 0, 0 },
    { "stale on Basic: Basic credentials are simply refused",
      BASIC_OK, "Basic realm=\"B\", stale=true", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Basic", "B", 0, 0, 0, 0 },

    /* expired-token: a Bearer JWT's own times */
    { "JWT exp an hour ago",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-exp-passed", "Bearer", "api", 0, 0, 1, -3600 },
    { "JWT exp = now - skew is not expired",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, EXP(NOW - SKEW), SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "JWT exp = now - skew - 1 is expired",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, EXP(NOW - SKEW - 1), SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-exp-passed", "Bearer", "api", 0, 0, 1, -SKEW - 1 },
    { "JWT exp just passed, no skew",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, EXP(NOW - 1), 0,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-exp-passed", "Bearer", "api", 0, 0, 1, -1 },
    { "JWT exp = now, no skew: not expired",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, EXP(NOW), 0,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "JWT exp in the future",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, EXP(NOW + 3600), SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "an exp without has_exp is not read",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, { 0, NOW - 3600, 0, 0 }, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "JWT nbf two hours ahead",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, NBF(NOW + 7200), SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-nbf-ahead", "Bearer", "api", 0, 1, 1, 7200 },
    { "JWT nbf = now + skew is valid",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, NBF(NOW + SKEW), SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "JWT nbf = now + skew + 1 is not yet valid",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, NBF(NOW + SKEW + 1), SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-nbf-ahead", "Bearer", "api", 0, 1, 1, SKEW + 1 },
    { "an nbf without has_nbf is not read",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, { 0, 0, 0, NOW + 7200 }, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "exp passed and nbf ahead: exp is told",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, { 1, NOW - 600, 1, NOW + 600 }, SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-exp-passed", "Bearer", "api", 0, 0, 1, -600 },
    { "token times are read for Bearer only",
      BASIC_OK, "Basic realm=\"Staff\"", "Basic", NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Basic", "Staff", 0, 0, 0, 0 },
    { "bearer scheme matched case-insensitively",
      "bearer abc", "BEARER realm=\"api\"", NULL, NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-exp-passed", "BEARER", "api", 0, 0, 1, -3600 },
    { "JWT exp beats the server's invalid_token words",
      BEARER, EXPIRED_CHALLENGE("The access token expired"), NULL, NULL, 0,
      EXP(NOW - 100), SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-exp-passed", "Bearer", "api", 0, 0, 1, -100 },

    /* expired-token: the server says so (RFC 6750) */
    { "invalid_token whose description says expired",
      BEARER, EXPIRED_CHALLENGE("The access token expired"), NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "rfc6750-expired", "Bearer", "api", 0, 0, 0, 0 },
    { "'expir' in any case and form",
      BEARER, EXPIRED_CHALLENGE("Token EXPIRY reached"), NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "rfc6750-expired", "Bearer", "api", 0, 0, 0, 0 },
    { "'Expired' at the start of the description",
      BEARER, EXPIRED_CHALLENGE("Expired"), NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "rfc6750-expired", "Bearer", "api", 0, 0, 0, 0 },
    { "invalid_token for another reason: the token refused",
      BEARER, EXPIRED_CHALLENGE("The signature is invalid"), NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "rfc6750-invalid-token", "Bearer", "api", 0, 0, 0, 0 },
    { "'expir' cut short ('expi') does not count",
      BEARER, EXPIRED_CHALLENGE("token expi"), NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "rfc6750-invalid-token", "Bearer", "api", 0, 0, 0, 0 },
    { "the application's reason beats the JWT's exp",
      BEARER, EXPIRED_CHALLENGE("Signature verification failed"), NULL, NULL, 0,
      EXP(NOW - 3600), SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "rfc6750-invalid-token", "Bearer", "api", 0, 0, 0, 0 },
    { "the application's reason beats the JWT's nbf",
      BEARER, EXPIRED_CHALLENGE("Unknown key id"), NULL, NULL, 0, NBF(NOW + 7200), SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "rfc6750-invalid-token", "Bearer", "api", 0, 0, 0, 0 },
    { "the application says expired, the JWT does not: expired",
      BEARER, EXPIRED_CHALLENGE("Token has expired"), NULL, NULL, 0, EXP(NOW + 3600), SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "rfc6750-expired", "Bearer", "api", 0, 0, 0, 0 },
    /* RFC 6750 section 3.1's stock words list every reason: they say none */
    { "the RFC's stock description is no expiry",
      BEARER, EXPIRED_CHALLENGE(RFC6750_STOCK), NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "the stock description, worded a little otherwise",
      BEARER, EXPIRED_CHALLENGE("access token is EXPIRED, Revoked or Malformed"), NULL, NULL,
      0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "expired or revoked lists two reasons: no expiry",
      BEARER, EXPIRED_CHALLENGE("token expired or revoked"), NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "the stock description leaves the JWT's exp to decide",
      BEARER, EXPIRED_CHALLENGE(RFC6750_STOCK), NULL, NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_EXPIRED_TOKEN, "jwt-exp-passed", "Bearer", "api", 0, 0, 1, -3600 },
    { "an empty description says nothing",
      BEARER, EXPIRED_CHALLENGE(""), NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "error codes are case-sensitive: Invalid_Token is none",
      BEARER, "Bearer realm=\"api\", error=\"Invalid_Token\", error_description=\"bad sig\"",
      NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    /* invalid_request: the request is malformed */
    { "invalid_request: malformed",
      BEARER, "Bearer realm=\"api\", error=\"invalid_request\"", NULL, NULL, 0, NO_TOKEN,
      SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "rfc6750-invalid-request", "Bearer", "api", 0, 0, 0, 0 },
    { "invalid_request beats the JWT's exp",
      BEARER, "Bearer realm=\"api\", error=\"invalid_request\", "
      "error_description=\"token expired\"", NULL, NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "rfc6750-invalid-request", "Bearer", "api", 0, 0, 0, 0 },
    { "an invalid_request on a challenge not answered does not count",
      BASIC_OK, "Basic realm=\"Staff\", Bearer realm=\"api\", error=\"invalid_request\"",
      NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Basic", "Staff", 0, 0, 0, 0 },
    { "invalid_token without a description",
      BEARER, "Bearer realm=\"api\", error=\"invalid_token\"", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Bearer", "api", 0, 0, 0, 0 },
    { "insufficient_scope: not permitted, though it says expired",
      BEARER, "Bearer realm=\"api\", error=\"insufficient_scope\", "
      "error_description=\"scope expired\"", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NOT_PERMITTED, "rfc6750-insufficient-scope", "Bearer", "api", 0, 0, 0, 0 },
    { "insufficient_scope beats the JWT's exp",
      BEARER, "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"admin\"", NULL,
      NULL, 0, EXP(NOW - 3600), SKEW,
      H401_CAUSE_NOT_PERMITTED, "rfc6750-insufficient-scope", "Bearer", "api", 0, 0, 0, 0 },
    { "an expired Bearer challenge does not explain refused Basic credentials",
      BASIC_OK, "Basic realm=\"Staff\", Bearer realm=\"api\", error=\"invalid_token\", "
      "error_description=\"expired\"", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Basic", "Staff", 0, 0, 0, 0 },

    /* an Authorization header with no scheme at all */
    { "empty Authorization header",
      "", "Basic realm=\"Staff\"", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "no-scheme", "Basic", "Staff", -1, 0, 0, 0 },
    { "junk where the scheme goes",
      "=abc", "Basic realm=\"Staff\"", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "no-scheme", "Basic", "Staff", -1, 0, 0, 0 },

    /* bad-credentials */
    { "valid Basic refused",
      BASIC_OK, "Basic realm=\"Staff\"", "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Basic", "Staff", 0, 0, 0, 0 },
    { "scheme matched case-insensitively",
      "basic dXNlcjpwYXNz", "BASIC realm=\"Staff\"", "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "BASIC", "Staff", 0, 0, 0, 0 },
    { "Digest against a Digest challenge of the same realm",
      DIGEST_OK, "Digest realm=\"Staff\", nonce=\"abc\", qop=\"auth\"", "Digest", NULL, 0,
      NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Digest", "Staff", 0, 0, 0, 0 },
    { "Digest answered for another realm",
      DIGEST_AS("Old staff"), "Digest realm=\"Staff\", nonce=\"abc\"", "Digest", NULL, 0,
      NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "digest-other-realm", "Digest", "Staff", 0, 0, 0, 0 },
    { "Digest realms compare case-sensitively",
      DIGEST_AS("staff"), "Digest realm=\"Staff\", nonce=\"abc\"", "Digest", NULL, 0,
      NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "digest-other-realm", "Digest", "Staff", 0, 0, 0, 0 },
    { "Digest against a challenge without a realm",
      DIGEST_OK, "Digest nonce=\"abc\"", "Digest", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Digest", NULL, 0, 0, 0, 0 },
    { "the answered challenge gives scheme and realm",
      DIGEST_OK, "Basic realm=\"B\", Digest realm=\"Staff\", nonce=\"x\"", "Digest", NULL, 0,
      NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Digest", "Staff", 1, 0, 0, 0 },
    { "bad credentials beat a session cookie",
      BASIC_OK, "Basic realm=\"Staff\"", "Basic", "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Basic", "Staff", 0, 0, 0, 0 },

    /* stale-session */
    { "cookie with a Bearer challenge",
      NULL, BEARER_CHALLENGE, NULL, "sessionid", 0, NO_TOKEN, SKEW,
      H401_CAUSE_STALE_SESSION, "session-cookie-refused", "Bearer", "api", -1, 0, 0, 0 },
    { "session cookie with a Basic challenge: no credentials",
      NULL, "Basic realm=\"Staff\"", "Basic", "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", "Basic", "Staff", -1, 0, 0, 0 },
    { "session cookie with a Digest challenge: no credentials",
      NULL, "Digest realm=\"D\", nonce=\"x\"", "Digest", "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", "Digest", "D", -1, 0, 0, 0 },

    /* Negotiate: Kerberos single sign-on */
    { "Negotiate only, nothing sent: no ticket",
      NULL, "Negotiate", "GSSAPI", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "negotiate-no-ticket", "Negotiate", NULL, -1, 0, 0, 0 },
    { "Negotiate only, nothing sent, a session cookie: no ticket all the same",
      NULL, "Negotiate", NULL, "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "negotiate-no-ticket", "Negotiate", NULL, -1, 0, 0, 0 },
    { "Negotiate twice (two headers), nothing sent",
      NULL, "Negotiate, negotiate", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "negotiate-no-ticket", "Negotiate", NULL, -1, 0, 0, 0 },
    { "Negotiate and Basic, nothing sent: the password box was an option",
      NULL, "Negotiate, Basic realm=\"K\"", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", "Negotiate", NULL, -1, 0, 0, 0 },
    { "Negotiate first, a session cookie: the browser answers Negotiate itself",
      NULL, "Negotiate, Basic realm=\"K\"", NULL, "PHPSESSID", 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", "Negotiate", NULL, -1, 0, 0, 0 },
    { "an NTLM opener in Negotiate: no Kerberos ticket",
      "Negotiate TlRMTVNTUAABAAAAB4IIog==", "Negotiate", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "negotiate-ntlm", "Negotiate", NULL, 0, 0, 0, 0 },
    { "an NTLM opener where Basic is offered too",
      "Negotiate TlRMTVNTUAABAAAAB4IIog==", "Negotiate, Basic realm=\"K\"", NULL, NULL, 0,
      NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "negotiate-ntlm", "Negotiate", NULL, 0, 0, 0, 0 },
    { "an NTLM answer (type 3) refused: the server spoke NTLM and said no",
      "Negotiate TlRMTVNTUAADAAAAGAAYAA==", "Negotiate", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Negotiate", NULL, 0, 0, 0, 0 },
    { "a SPNEGO token refused",
      "Negotiate YIIGhgYGKwYBBQUCoA==", "Negotiate", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", "Negotiate", NULL, 0, 0, 0, 0 },
    { "a Negotiate token that is not base64: damaged",
      "Negotiate YIIG-gYG_wYB", "Negotiate", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "unreadable-credentials", "Negotiate", NULL, 0, 0, 0,
      0 },
    { "Negotiate with nothing after it: damaged",
      "Negotiate", "Negotiate", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_MALFORMED_CREDENTIALS, "unreadable-credentials", "Negotiate", NULL, 0, 0, 0,
      0 },
    { "an NTLM opener under the NTLM scheme where only Negotiate is asked",
      "NTLM TlRMTVNTUAABAAAAB4IIog==", "Negotiate", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "Negotiate", NULL, -1, 0, 0, 0 },
    { "Basic sent where only Negotiate is asked",
      BASIC_OK, "Negotiate", NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", "Negotiate", NULL, -1, 0, 0, 0 },

    /* no-credentials */
    { "Basic challenge, nothing sent",
      NULL, "Basic realm=\"Staff area\"", "Basic", NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", "Basic", "Staff area", -1, 0, 0, 0 },
    { "Bearer challenge, nothing sent",
      NULL, BEARER_CHALLENGE, NULL, NULL, 0, NO_TOKEN, SKEW,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", "Bearer", "api", -1, 0, 0, 0 },
};

/* Every reason h401_diagnose gives (lib/h401_diagnose.c). */
static const char *const all_reasons[] = {
    "htaccess-file-broken", "no-challenge", "scheme-not-offered",
    "unreadable-credentials", "digest-stale-nonce", "digest-other-realm",
    "jwt-exp-passed", "jwt-nbf-ahead", "rfc6750-expired", "credentials-refused",
    "session-cookie-refused", "nothing-sent", "no-scheme", "authz-refused",
    "rfc6750-invalid-request", "rfc6750-insufficient-scope", "rfc6750-invalid-token",
    "negotiate-no-ticket", "negotiate-ntlm", "session-cookie-deleted",
    "no-authn-provider", "no-auth-user-file"
};
#define NREASONS (sizeof(all_reasons) / sizeof(all_reasons[0]))

/* The causes and reasons the tables below give, for test_coverage(). */
static int causes_seen[H401_CAUSE_COUNT];
static int reasons_seen[NREASONS];

static void seen(h401_cause cause, const char *reason)
{
    size_t r;

    if ((unsigned)cause < H401_CAUSE_COUNT) {
        causes_seen[cause] = 1;
    }
    for (r = 0; r < NREASONS; r++) {
        if (strcmp(reason, all_reasons[r]) == 0) {
            reasons_seen[r] = 1;
        }
    }
}

static void test_coverage(void)
{
    size_t r;
    int c;

    for (c = 0; c < H401_CAUSE_COUNT; c++) {
        ok(causes_seen[c], "the tables cover cause %s", h401_cause_id((h401_cause)c));
    }
    for (r = 0; r < NREASONS; r++) {
        ok(reasons_seen[r], "the tables cover reason %s", all_reasons[r]);
    }
}

/* The facts of a request: what it sent, what the area asks with (one
 * WWW-Authenticate value, parsed) and its AuthType, at NOW with SKEW;
 * each table sets what more it tests. */
static void request_facts(apr_pool_t *p, h401_facts *facts, const char *authorization,
                          const char *challenge, const char *auth_type)
{
    apr_array_header_t *challenges = apr_array_make(p, 2, sizeof(h401_challenge));

    memset(facts, 0, sizeof(*facts));
    h401_parse_authorization(p, authorization, &facts->credentials);
    h401_parse_challenges(p, challenge, challenges);
    facts->challenges = challenges;
    facts->auth_type = auth_type;
    facts->now = NOW;
    facts->clock_skew = SKEW;
}

/* A table row's broken-protection column: 1 a broken .htaccess, 2 a
 * Basic area with no provider, 3 one with no AuthUserFile. */
static void set_broken(h401_facts *facts, int leftover)
{
    facts->leftover_htaccess = leftover == 1;
    facts->no_password_check = leftover >= 2 ? (h401_no_password_check)(leftover - 1)
                                             : H401_PASSWORD_CHECK_OK;
}

/* The challenge at index i of facts (-1: none), as the diagnosis names it. */
static const h401_challenge *challenge_at(const h401_facts *facts, int i)
{
    return i >= 0 && i < facts->challenges->nelts
           ? &APR_ARRAY_IDX(facts->challenges, i, h401_challenge) : NULL;
}

static void test_diagnose(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(diag_cases) / sizeof(diag_cases[0]); i++) {
        const diag_case *c = &diag_cases[i];
        const h401_challenge *want_answered;
        h401_facts facts;
        h401_diagnosis d;

        request_facts(p, &facts, c->authorization, c->challenge, c->auth_type);
        facts.session_cookie = c->session_cookie;
        set_broken(&facts, c->leftover);
        facts.token = c->token;
        facts.clock_skew = c->skew;
        want_answered = challenge_at(&facts, c->want_answered);

        memset(&d, 0x5a, sizeof(d));
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), h401_cause_id(c->want), "%s: cause", c->name);
        is_str(d.reason, c->want_reason, "%s: reason", c->name);
        is_str(d.expected_scheme, c->want_scheme, "%s: expected scheme", c->name);
        is_str(d.realm, c->want_realm, "%s: realm", c->name);
        ok(d.answered == want_answered, "%s: answered challenge %d", c->name,
           c->want_answered + 1);
        is_int(d.not_yet_valid, c->want_not_yet_valid, "%s: not_yet_valid", c->name);
        is_int(d.token_delta_known, c->want_delta_known, "%s: token_delta_known", c->name);
        if (c->want_delta_known) {
            is_int(d.token_delta, c->want_delta, "%s: token_delta", c->name);
        }
        else {
            is_int(d.token_delta, 0, "%s: token_delta is 0 when unknown", c->name);
        }

        seen(c->want, c->want_reason);
    }

    /* challenges may be NULL rather than an empty array */
    {
        h401_facts facts;
        h401_diagnosis d;

        memset(&facts, 0, sizeof(facts));
        h401_parse_authorization(p, BASIC_OK, &facts.credentials);
        facts.auth_type = "Basic";
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), "server-misconfigured", "NULL challenges array: cause");
        is_str(d.reason, "no-challenge", "NULL challenges array: reason");
        is_str(d.expected_scheme, "Basic", "NULL challenges array: expected scheme");

        memset(&facts, 0, sizeof(facts));
        facts.auth_type = "form";
        facts.session_cookie = "session";
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), "stale-session",
               "NULL challenges array, form area, cookie: cause");

        memset(&facts, 0, sizeof(facts));
        h401_parse_authorization(p, BASIC_OK, &facts.credentials);
        facts.auth_type = "form";
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), "wrong-scheme",
               "NULL challenges array, form area, Basic sent: cause");
        ok(d.answered == NULL, "NULL challenges array: nothing answered");
    }
}

/* ---- signed in, but not allowed: httpd's authorization refused ---- */

typedef struct {
    const char *name;
    const char *authorization;
    const char *challenge;
    const char *auth_type;
    const char *session_cookie;
    int leftover;
    h401_token_times token;
    int authz_refused;
    const char *authenticated_user;
    h401_cause want;
    const char *want_reason;
    h401_signin want_method;
    const char *want_user;
    int want_answered;           /* index of the answered challenge; -1: none */
} authz_case;

#define NEGOTIATE_TOKEN "Negotiate YIIGhgYGKwYBBQUCoA=="

static const authz_case authz_cases[] = {
    { "Basic accepted, Require refused",
      BASIC_OK, "Basic realm=\"Staff\"", NULL, NULL, 0, NO_TOKEN, 1, "user",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_BASIC, "user", 0 },
    { "Digest accepted, Require group refused",
      DIGEST_OK, "Digest realm=\"Staff\", nonce=\"n\"", NULL, NULL, 0, NO_TOKEN, 1, "bob",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_DIGEST, "bob", 0 },
    { "the user the server authenticated, not the one sent",
      BASIC_OK, "Basic realm=\"Staff\"", NULL, NULL, 0, NO_TOKEN, 1, "USER",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_BASIC, "USER", 0 },
    { "refused beats an expired JWT: the token was accepted",
      BEARER, BEARER_CHALLENGE, NULL, NULL, 0, EXP(NOW - 3600), 1, "svc",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_BEARER, "svc", 0 },
    { "refused beats credentials our parser finds damaged: httpd read them",
      "Basic !!!!", "Basic realm=\"Staff\"", NULL, NULL, 0, NO_TOKEN, 1, "x",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_BASIC, "x", 0 },
    { "Negotiate accepted, Require refused",
      NEGOTIATE_TOKEN, "Negotiate", NULL, NULL, 0, NO_TOKEN, 1, "alice@EXAMPLE.ORG",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_NEGOTIATE, "alice@EXAMPLE.ORG",
      0 },
    { "a form login's session accepted: not a stale session",
      NULL, NULL, "form", "session", 0, NO_TOKEN, 1, "alice",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_REDIRECT, "alice", -1 },
    { "an application's session (no header) with a Bearer challenge",
      NULL, BEARER_CHALLENGE, NULL, "PHPSESSID", 0, NO_TOKEN, 1, "alice",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_BEARER, "alice", -1 },
    { "the answered challenge among several",
      BASIC_OK, "Negotiate, Basic realm=\"K\"", NULL, NULL, 0, NO_TOKEN, 1, "user",
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_BASIC, "user", 1 },
    { "refused with no user name known: none shown",
      BASIC_OK, "Basic realm=\"Staff\"", NULL, NULL, 0, NO_TOKEN, 1, NULL,
      H401_CAUSE_NOT_PERMITTED, "authz-refused", H401_SIGNIN_BASIC, "user", 0 },
    { "a leftover .htaccess beats it (an empty AuthGroupFile lets nobody in)",
      BASIC_OK, "Basic realm=\"Staff\"", NULL, NULL, 1, NO_TOKEN, 1, "user",
      H401_CAUSE_LEFTOVER_HTACCESS, "htaccess-file-broken", H401_SIGNIN_BASIC, "user", -1 },
    { "no challenge beats it",
      BASIC_OK, NULL, "Basic", NULL, 0, NO_TOKEN, 1, "user",
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", H401_SIGNIN_BASIC, "user", -1 },
    { "without authz_refused the authenticated user is not shown",
      BASIC_OK, "Basic realm=\"Staff\"", NULL, NULL, 0, NO_TOKEN, 0, "mallory",
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", H401_SIGNIN_BASIC, "user", 0 },
    { "without authz_refused: today's causes",
      NULL, NULL, "form", "session", 0, NO_TOKEN, 0, NULL,
      H401_CAUSE_STALE_SESSION, "session-cookie-refused", H401_SIGNIN_REDIRECT, NULL, -1 },
};

static void test_authz(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(authz_cases) / sizeof(authz_cases[0]); i++) {
        const authz_case *c = &authz_cases[i];
        const h401_challenge *want_answered;
        h401_facts facts;
        h401_diagnosis d;

        request_facts(p, &facts, c->authorization, c->challenge, c->auth_type);
        facts.session_cookie = c->session_cookie;
        set_broken(&facts, c->leftover);
        facts.token = c->token;
        facts.authz_refused = c->authz_refused;
        facts.authenticated_user = c->authenticated_user;
        want_answered = challenge_at(&facts, c->want_answered);
        memset(&d, 0x5a, sizeof(d));
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), h401_cause_id(c->want), "%s: cause", c->name);
        is_str(d.reason, c->want_reason, "%s: reason", c->name);
        is_str(h401_signin_id(d.method), h401_signin_id(c->want_method), "%s: method", c->name);
        is_str(d.user, c->want_user, "%s: user shown", c->name);
        ok(d.answered == want_answered, "%s: answered challenge %d", c->name,
           c->want_answered + 1);
        seen(c->want, c->want_reason);
    }
}

/* ---- logins by redirect, and a response that deletes the sent cookie ---- */

typedef struct {
    const char *name;
    const char *authorization;
    const char *challenge;
    const char *auth_type;
    const char *session_cookie;  /* as h401_find_session_cookie found it */
    const char *cookie_header;   /* the request's Cookie */
    const char *set_cookie;      /* one Set-Cookie of the response, or NULL */
    h401_cause want;
    const char *want_reason;
    h401_signin want_method;
    int want_deleting;           /* deleting_set_cookie is set_cookie */
} redirect_case;

#define DELETE_SID "sid=; Max-Age=0; Path=/"

static const redirect_case redirect_cases[] = {
    { "OpenID Connect, nothing sent: sign in, not a broken site",
      NULL, NULL, "openid-connect", NULL, NULL, NULL,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", H401_SIGNIN_REDIRECT, 0 },
    { "auth-openidc, nothing sent", NULL, NULL, "auth-openidc", NULL, NULL, NULL,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", H401_SIGNIN_REDIRECT, 0 },
    { "Mellon with its session cookie: stale", NULL, NULL, "Mellon", "mellon-cookie",
      "mellon-cookie=1bc7", NULL,
      H401_CAUSE_STALE_SESSION, "session-cookie-refused", H401_SIGNIN_REDIRECT, 0 },
    { "shibboleth, a cookie the response deletes: stale",
      NULL, NULL, "shibboleth", NULL, "_shibsession_abc=_x; sid=1",
      "_shibsession_abc=; expires=Thu, 01 Jan 1970 00:00:00 GMT",
      H401_CAUSE_STALE_SESSION, "session-cookie-deleted", H401_SIGNIN_REDIRECT, 1 },
    { "form, a cookie of no known name deleted", NULL, NULL, "form", NULL, "sid=abc",
      DELETE_SID,
      H401_CAUSE_STALE_SESSION, "session-cookie-deleted", H401_SIGNIN_REDIRECT, 1 },
    { "a session cookie and a deletion: the session cookie is told",
      NULL, NULL, "form", "session", "session=x; sid=abc", DELETE_SID,
      H401_CAUSE_STALE_SESSION, "session-cookie-refused", H401_SIGNIN_REDIRECT, 0 },
    { "CAS, the response deletes a cookie that was not sent",
      NULL, NULL, "CAS", NULL, "theme=dark", DELETE_SID,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", H401_SIGNIN_REDIRECT, 0 },
    { "a response that sets a cookie does not delete it",
      NULL, NULL, "form", NULL, "sid=abc", "sid=new; Max-Age=3600",
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", H401_SIGNIN_REDIRECT, 0 },
    { "an application with a Bearer challenge deletes its cookie",
      NULL, BEARER_CHALLENGE, NULL, NULL, "sid=abc", DELETE_SID,
      H401_CAUSE_STALE_SESSION, "session-cookie-deleted", H401_SIGNIN_BEARER, 1 },
    { "a Basic area: a deleted cookie is not why",
      NULL, "Basic realm=\"Staff\"", NULL, NULL, "sid=abc", DELETE_SID,
      H401_CAUSE_NO_CREDENTIALS, "nothing-sent", H401_SIGNIN_BASIC, 0 },
    { "a Negotiate area: a deleted cookie is not why",
      NULL, "Negotiate", NULL, NULL, "sid=abc", DELETE_SID,
      H401_CAUSE_NO_CREDENTIALS, "negotiate-no-ticket", H401_SIGNIN_NEGOTIATE, 0 },
    { "credentials sent: the deletion is not read",
      BASIC_OK, "Basic realm=\"Staff\"", NULL, NULL, "sid=abc", DELETE_SID,
      H401_CAUSE_BAD_CREDENTIALS, "credentials-refused", H401_SIGNIN_BASIC, 0 },
    { "a form area with Basic credentials: wrong scheme",
      BASIC_OK, NULL, "openid-connect", NULL, "sid=abc", DELETE_SID,
      H401_CAUSE_WRONG_SCHEME, "scheme-not-offered", H401_SIGNIN_REDIRECT, 0 },
    /* no challenge and no login by redirect: broken */
    { "AuthType Basic, no challenge, a deleted cookie: broken",
      NULL, NULL, "Basic", NULL, "sid=abc", DELETE_SID,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", H401_SIGNIN_BASIC, 0 },
    { "AuthType Digest, no challenge", NULL, NULL, "Digest", NULL, NULL, NULL,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", H401_SIGNIN_DIGEST, 0 },
    { "AuthType None, no challenge", NULL, NULL, "None", "session", "session=1", NULL,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", H401_SIGNIN_OTHER, 0 },
    { "no AuthType, no challenge, a deleted cookie", NULL, NULL, NULL, NULL, "sid=abc",
      DELETE_SID,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", H401_SIGNIN_OTHER, 0 },
    { "AuthType GSSAPI without its challenge: broken, not a login page",
      NULL, NULL, "GSSAPI", NULL, NULL, NULL,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", H401_SIGNIN_OTHER, 0 },
    { "AuthType oauth20 without its challenge", NULL, NULL, "oauth20", NULL, NULL, NULL,
      H401_CAUSE_SERVER_MISCONFIGURED, "no-challenge", H401_SIGNIN_OTHER, 0 },
};

static void test_redirect(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(redirect_cases) / sizeof(redirect_cases[0]); i++) {
        const redirect_case *c = &redirect_cases[i];
        apr_array_header_t *set_cookies = apr_array_make(p, 1, sizeof(const char *));
        h401_facts facts;
        h401_diagnosis d;

        request_facts(p, &facts, c->authorization, c->challenge, c->auth_type);
        facts.session_cookie = c->session_cookie;
        facts.cookie_header = c->cookie_header;
        if (c->set_cookie) {
            APR_ARRAY_PUSH(set_cookies, const char *) = c->set_cookie;
        }
        facts.set_cookies = set_cookies;
        memset(&d, 0x5a, sizeof(d));
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), h401_cause_id(c->want), "%s: cause", c->name);
        is_str(d.reason, c->want_reason, "%s: reason", c->name);
        is_str(h401_signin_id(d.method), h401_signin_id(c->want_method), "%s: method", c->name);
        ok(d.deleting_set_cookie == (c->want_deleting ? c->set_cookie : NULL),
           "%s: %s", c->name, c->want_deleting ? "the Set-Cookie that deletes it"
                                                : "no deleting Set-Cookie");
        seen(c->want, c->want_reason);
    }
}

/* ---- the scope a token needs: that of the challenge the page speaks of ---- */

typedef struct {
    const char *name;
    const char *authorization;
    const char *challenge;
    const char *want_cause;
    const char *want_scope;
} scope_case;

static const scope_case scope_cases[] = {
    { "insufficient_scope names the scope",
      BEARER, "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"reports:read\"",
      "not-permitted", "reports:read" },
    { "insufficient_scope without one", BEARER, "Bearer error=\"insufficient_scope\"",
      "not-permitted", NULL },
    { "the answered challenge's, not the first's",
      BEARER, "Basic realm=\"B\", Bearer error=\"insufficient_scope\", scope=\"a b\"",
      "not-permitted", "a b" },
    { "nothing sent: the first challenge's", NULL, "Bearer realm=\"api\", scope=\"openid\"",
      "no-credentials", "openid" },
    { "no scope anywhere", BEARER, BEARER_CHALLENGE, "bad-credentials", NULL },
};

static void test_scope(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(scope_cases) / sizeof(scope_cases[0]); i++) {
        const scope_case *c = &scope_cases[i];
        h401_facts facts;
        h401_diagnosis d;

        request_facts(p, &facts, c->authorization, c->challenge, NULL);
        memset(&d, 0x5a, sizeof(d));
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), c->want_cause, "scope, %s: cause", c->name);
        is_str(d.scope, c->want_scope, "scope, %s: scope", c->name);
    }
}

/* ---- the sign-in method the page speaks of ---- */

typedef struct {
    const char *name;
    const char *authorization;
    const char *challenge;
    const char *auth_type;       /* read only when there is no challenge */
    h401_signin want;
} method_case;

static const method_case method_cases[] = {
    { "a Basic challenge", NULL, "Basic realm=\"Staff\"", NULL, H401_SIGNIN_BASIC },
    { "a Digest challenge", NULL, "Digest realm=\"D\", nonce=\"n\"", NULL,
      H401_SIGNIN_DIGEST },
    { "a Bearer challenge", NULL, BEARER_CHALLENGE, NULL, H401_SIGNIN_BEARER },
    { "a Negotiate challenge", NULL, "Negotiate", NULL, H401_SIGNIN_NEGOTIATE },
    { "schemes in any case", NULL, "nEgOtIaTe", NULL, H401_SIGNIN_NEGOTIATE },
    { "a scheme with no words of its own", NULL, "NTLM", NULL, H401_SIGNIN_OTHER },
    { "two challenges of one method", NULL, "Basic realm=\"a\", basic realm=\"b\"", NULL,
      H401_SIGNIN_BASIC },
    { "Negotiate and Basic offered, nothing sent: either", NULL,
      "Negotiate, Basic realm=\"K\"", NULL, H401_SIGNIN_OTHER },
    { "Basic and Digest offered are two methods", NULL,
      "Digest realm=\"D\", nonce=\"n\", Basic realm=\"B\"", NULL, H401_SIGNIN_OTHER },
    { "the answered challenge decides among several", BASIC_OK,
      "Negotiate, Basic realm=\"K\"", NULL, H401_SIGNIN_BASIC },
    { "the answered Bearer among several", BEARER, "Basic realm=\"B\", " BEARER_CHALLENGE,
      NULL, H401_SIGNIN_BEARER },
    { "a scheme not offered: the area's method", BEARER, "Basic realm=\"B\"", NULL,
      H401_SIGNIN_BASIC },
    { "a Digest answer to a stale nonce: digest, for the nonce's words", DIGEST_OK,
      "Digest realm=\"Staff\", nonce=\"n2\", stale=true", NULL, H401_SIGNIN_DIGEST },
    { "challenges beat the AuthType", NULL, BEARER_CHALLENGE, "form", H401_SIGNIN_BEARER },
    /* no challenge: the AuthType */
    { "no challenge, no AuthType", NULL, NULL, NULL, H401_SIGNIN_OTHER },
    { "no challenge, AuthType None", NULL, NULL, "None", H401_SIGNIN_OTHER },
    { "no challenge, AuthType Basic", NULL, NULL, "Basic", H401_SIGNIN_BASIC },
    { "no challenge, AuthType digest", NULL, NULL, "digest", H401_SIGNIN_DIGEST },
    { "AuthType form is a login by redirect", NULL, NULL, "form", H401_SIGNIN_REDIRECT },
    { "AuthType openid-connect", NULL, NULL, "openid-connect", H401_SIGNIN_REDIRECT },
    { "AuthType auth-openidc", NULL, NULL, "auth-openidc", H401_SIGNIN_REDIRECT },
    { "AuthType Mellon", NULL, NULL, "Mellon", H401_SIGNIN_REDIRECT },
    { "AuthType shibboleth", NULL, NULL, "shibboleth", H401_SIGNIN_REDIRECT },
    { "AuthType CAS", NULL, NULL, "CAS", H401_SIGNIN_REDIRECT },
    { "AuthType GSSAPI always challenges: no redirect", NULL, NULL, "GSSAPI",
      H401_SIGNIN_OTHER },
    { "AuthType Kerberos always challenges", NULL, NULL, "Kerberos", H401_SIGNIN_OTHER },
    { "AuthType KerberosV5 always challenges", NULL, NULL, "kerberosv5", H401_SIGNIN_OTHER },
    { "AuthType oauth20 (a resource server) always challenges", NULL, NULL, "oauth20",
      H401_SIGNIN_OTHER },
    { "AuthType Bearer always challenges", NULL, NULL, "Bearer", H401_SIGNIN_OTHER },
};

static void test_methods(apr_pool_t *p)
{
    size_t i;
    int m;

    for (i = 0; i < sizeof(method_cases) / sizeof(method_cases[0]); i++) {
        const method_case *c = &method_cases[i];
        h401_facts facts;
        h401_diagnosis d;

        request_facts(p, &facts, c->authorization, c->challenge, c->auth_type);
        memset(&d, 0x5a, sizeof(d));
        h401_diagnose(&facts, &d);
        is_str(h401_signin_id(d.method), h401_signin_id(c->want), "method: %s", c->name);
    }

    is_str(h401_signin_id(H401_SIGNIN_OTHER), "", "the plain method has the id \"\"");
    for (m = 1; m < H401_SIGNIN_COUNT; m++) {
        const char *id = h401_signin_id((h401_signin)m);
        ok(*id != '\0', "method %d has an id (%s)", m, id);
        is_int(h401_signin_from_id(id), m, "id %s maps back to method %d", id, m);
    }
    is_str(h401_signin_id(H401_SIGNIN_BASIC), "basic", "basic");
    is_str(h401_signin_id(H401_SIGNIN_NEGOTIATE), "negotiate", "negotiate");
    is_str(h401_signin_id(H401_SIGNIN_REDIRECT), "redirect", "redirect");
    is_int(h401_signin_from_id(""), -1, "the plain method's \"\" is no id to look up");
    is_int(h401_signin_from_id("Basic"), -1, "method ids are case-sensitive");
    is_int(h401_signin_from_id("kerberos"), -1, "an unknown method id");
    is_int(h401_signin_from_id(NULL), -1, "NULL method id");
    is_str(h401_signin_id(H401_SIGNIN_COUNT), "", "a method out of range: \"\"");

    /* zeroed facts: today's behaviour, the plain words */
    {
        h401_facts facts;
        h401_diagnosis d;

        memset(&facts, 0, sizeof(facts));
        h401_diagnose(&facts, &d);
        is_int(d.method, H401_SIGNIN_OTHER, "zeroed facts: the plain method");
    }
}

static void test_ids(void)
{
    static const char *const ids[H401_CAUSE_COUNT] = {
        "leftover-htaccess", "server-misconfigured", "wrong-scheme",
        "malformed-credentials", "expired-token", "not-permitted", "bad-credentials",
        "stale-session", "no-credentials"
    };
    int i;

    is_int(H401_CAUSE_COUNT, 9, "nine causes");
    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        is_str(h401_cause_id((h401_cause)i), ids[i], "cause %d has id %s", i, ids[i]);
        is_int(h401_cause_from_id(ids[i]), i, "id %s maps back to cause %d", ids[i], i);
    }
    is_int(H401_CAUSE_LEFTOVER_HTACCESS, 0, "leftover-htaccess comes first");
    ok(H401_CAUSE_SERVER_MISCONFIGURED < H401_CAUSE_WRONG_SCHEME
       && H401_CAUSE_MALFORMED_CREDENTIALS < H401_CAUSE_EXPIRED_TOKEN
       && H401_CAUSE_EXPIRED_TOKEN < H401_CAUSE_NOT_PERMITTED
       && H401_CAUSE_NOT_PERMITTED < H401_CAUSE_BAD_CREDENTIALS
       && H401_CAUSE_BAD_CREDENTIALS < H401_CAUSE_STALE_SESSION
       && H401_CAUSE_STALE_SESSION < H401_CAUSE_NO_CREDENTIALS,
       "enum order is the precedence");
    is_int(h401_cause_from_id("no-such-cause"), -1, "unknown id is -1");
    is_int(h401_cause_from_id("No-Credentials"), -1, "ids are case-sensitive");
    is_int(h401_cause_from_id("no-credentials "), -1, "trailing space is another id");
    is_int(h401_cause_from_id(""), -1, "empty id is -1");
    is_int(h401_cause_from_id(NULL), -1, "NULL id is -1");
    is_str(h401_cause_id(H401_CAUSE_COUNT), "unknown", "cause out of range has id unknown");
    is_str(h401_cause_id((h401_cause)-1), "unknown", "negative cause has id unknown");
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_diagnose(pool);
    test_authz(pool);
    test_redirect(pool);
    test_scope(pool);
    test_methods(pool);
    test_ids();
    test_coverage();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
