/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include "h401_diagnose.h"

static const char *const cause_ids[H401_CAUSE_COUNT] = {
    "leftover-htaccess",
    "server-misconfigured",
    "wrong-scheme",
    "malformed-credentials",
    "expired-token",
    "bad-credentials",
    "stale-session",
    "no-credentials"
};

const char *h401_cause_id(h401_cause cause)
{
    return (unsigned)cause < H401_CAUSE_COUNT ? cause_ids[cause] : "unknown";
}

int h401_cause_from_id(const char *id)
{
    int i;

    for (i = 0; id && i < H401_CAUSE_COUNT; i++) {
        if (strcmp(id, cause_ids[i]) == 0) {
            return i;
        }
    }
    return -1;
}

/* Schemes a browser answers by itself with its login dialog. */
static int is_browser_scheme(const char *scheme)
{
    return h401_scheme_is(scheme, "Basic") || h401_scheme_is(scheme, "Digest");
}

/* RFC 6750 lets a resource server say why a token failed; "expired" in
 * whatever case or form ("Token expired", "the access token has expired")
 * is what servers write. Only the challenge the client answered counts. */
static int says_expired(const h401_challenge *c)
{
    const char *d = c->error_description;

    if (!c->error || strcmp(c->error, "invalid_token") != 0 || !d) {
        return 0;
    }
    for (; *d; d++) {
        if (strncasecmp(d, "expir", 5) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The credential causes, once the client is known to have sent some. */
static void diagnose_credentials(const h401_facts *facts, h401_diagnosis *out)
{
    const h401_credentials *cred = &facts->credentials;
    const h401_challenge *answered = h401_find_challenge(facts->challenges, cred->scheme);

    if (!*cred->scheme) {
        /* "Authorization:" with nothing, or junk where a scheme goes */
        out->cause = H401_CAUSE_MALFORMED_CREDENTIALS;
        out->reason = "no-scheme";
        return;
    }
    if (!answered) {
        out->cause = H401_CAUSE_WRONG_SCHEME;
        out->reason = "scheme-not-offered";
        return;
    }
    out->answered = answered;
    out->expected_scheme = answered->scheme;
    out->realm = answered->realm;
    if (cred->malformed) {
        out->cause = H401_CAUSE_MALFORMED_CREDENTIALS;
        out->reason = "unreadable-credentials";
        return;
    }
    if (h401_scheme_is(cred->scheme, "Digest")) {
        if (answered->stale) {
            /* the browser's nonce ran out; the password was not checked */
            out->cause = H401_CAUSE_EXPIRED_TOKEN;
            out->reason = "digest-stale-nonce";
            return;
        }
        if (cred->realm && answered->realm && strcmp(cred->realm, answered->realm) != 0) {
            out->cause = H401_CAUSE_BAD_CREDENTIALS;
            out->reason = "digest-other-realm";
            return;
        }
    }
    if (h401_scheme_is(cred->scheme, "Bearer")) {
        const h401_token_times *t = &facts->token;
        if (t->has_exp && t->exp + facts->clock_skew < facts->now) {
            out->cause = H401_CAUSE_EXPIRED_TOKEN;
            out->reason = "jwt-exp-passed";
            out->token_delta_known = 1;
            out->token_delta = t->exp - facts->now;
            return;
        }
        if (t->has_nbf && t->nbf - facts->clock_skew > facts->now) {
            out->cause = H401_CAUSE_EXPIRED_TOKEN;
            out->reason = "jwt-nbf-ahead";
            out->not_yet_valid = 1;
            out->token_delta_known = 1;
            out->token_delta = t->nbf - facts->now;
            return;
        }
    }
    if (says_expired(answered)) {
        out->cause = H401_CAUSE_EXPIRED_TOKEN;
        out->reason = "rfc6750-expired";
        return;
    }
    out->cause = H401_CAUSE_BAD_CREDENTIALS;
    out->reason = "credentials-refused";
}

void h401_diagnose(const h401_facts *facts, h401_diagnosis *out)
{
    const apr_array_header_t *challenges = facts->challenges;
    int has_challenge = challenges && challenges->nelts > 0;

    memset(out, 0, sizeof(*out));
    if (has_challenge) {
        const h401_challenge *first = &APR_ARRAY_IDX(challenges, 0, h401_challenge);
        out->expected_scheme = first->scheme;
        out->realm = first->realm;
    }
    else if (facts->auth_type && strcasecmp(facts->auth_type, "None") != 0) {
        out->expected_scheme = facts->auth_type;
    }

    if (facts->leftover_htaccess) {
        out->cause = H401_CAUSE_LEFTOVER_HTACCESS;
        out->reason = "htaccess-file-broken";
        return;
    }
    /* a form login asks with its login page, everything else must say
     * how to authenticate (RFC 9110 section 15.5.2) */
    if (!has_challenge && !(facts->auth_type && strcasecmp(facts->auth_type, "form") == 0)) {
        out->cause = H401_CAUSE_SERVER_MISCONFIGURED;
        out->reason = "no-challenge";
        return;
    }
    if (facts->credentials.scheme) {
        diagnose_credentials(facts, out);
        return;
    }
    /*
     * A session cookie only explains the refusal where a cookie is what
     * logs people in: not where the browser is asked for Basic or Digest
     * credentials, which it sends on its own.
     */
    if (facts->session_cookie && !(out->expected_scheme
                                   && is_browser_scheme(out->expected_scheme))) {
        out->cause = H401_CAUSE_STALE_SESSION;
        out->reason = "session-cookie-refused";
        return;
    }
    out->cause = H401_CAUSE_NO_CREDENTIALS;
    out->reason = "nothing-sent";
}
