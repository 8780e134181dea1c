/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include "h401_diagnose.h"
#include "h401_cookie.h"

static const char *const cause_ids[H401_CAUSE_COUNT] = {
    "leftover-htaccess",
    "server-misconfigured",
    "wrong-scheme",
    "malformed-credentials",
    "expired-token",
    "not-permitted",
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

static const char *const signin_ids[H401_SIGNIN_COUNT] = {
    "", "basic", "digest", "bearer", "negotiate", "redirect"
};

const char *h401_signin_id(h401_signin method)
{
    return (unsigned)method < H401_SIGNIN_COUNT ? signin_ids[method] : "";
}

int h401_signin_from_id(const char *id)
{
    int i;

    for (i = 1; id && i < H401_SIGNIN_COUNT; i++) {
        if (strcmp(id, signin_ids[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static h401_signin signin_of_scheme(const char *scheme)
{
    if (h401_scheme_is(scheme, "Basic")) {
        return H401_SIGNIN_BASIC;
    }
    if (h401_scheme_is(scheme, "Digest")) {
        return H401_SIGNIN_DIGEST;
    }
    if (h401_scheme_is(scheme, "Bearer")) {
        return H401_SIGNIN_BEARER;
    }
    if (h401_scheme_is(scheme, "Negotiate")) {
        return H401_SIGNIN_NEGOTIATE;
    }
    return H401_SIGNIN_OTHER;
}

/* AuthTypes of modules that always ask with a challenge: mod_auth_kerb's,
 * mod_auth_gssapi's, a Bearer module's, mod_auth_openidc's resource
 * server. Without one, theirs is a broken area, not a login page. */
static const char *const challenge_auth_types[] = {
    "Kerberos", "KerberosV5", "KerberosV4", "GSSAPI", "Bearer", "oauth20", NULL
};

h401_signin h401_signin_of_auth_type(const char *auth_type)
{
    const char *const *t;

    if (!auth_type || strcasecmp(auth_type, "None") == 0) {
        return H401_SIGNIN_OTHER;
    }
    if (strcasecmp(auth_type, "Basic") == 0) {
        return H401_SIGNIN_BASIC;
    }
    if (strcasecmp(auth_type, "Digest") == 0) {
        return H401_SIGNIN_DIGEST;
    }
    for (t = challenge_auth_types; *t; t++) {
        if (strcasecmp(auth_type, *t) == 0) {
            return H401_SIGNIN_OTHER;
        }
    }
    return H401_SIGNIN_REDIRECT;
}

/*
 * The method the page speaks of: that of the challenge the client
 * answered; else that of every challenge, when they agree (an area that
 * offers Negotiate and Basic could be either: the plain words); else,
 * with no challenge, the AuthType's.
 */
static h401_signin signin_of(const h401_facts *facts, const h401_diagnosis *d)
{
    const apr_array_header_t *challenges = facts->challenges;
    h401_signin m;
    int i;

    if (d->answered) {
        return signin_of_scheme(d->answered->scheme);
    }
    if (!challenges || challenges->nelts == 0) {
        return h401_signin_of_auth_type(facts->auth_type);
    }
    m = signin_of_scheme(APR_ARRAY_IDX(challenges, 0, h401_challenge).scheme);
    for (i = 1; i < challenges->nelts; i++) {
        if (signin_of_scheme(APR_ARRAY_IDX(challenges, i, h401_challenge).scheme) != m) {
            return H401_SIGNIN_OTHER;
        }
    }
    return m;
}

/* Schemes a browser answers by itself: Basic and Digest with its login
 * dialog, Negotiate with the computer's Kerberos ticket. */
static int is_browser_scheme(const char *scheme)
{
    return h401_scheme_is(scheme, "Basic") || h401_scheme_is(scheme, "Digest")
           || h401_scheme_is(scheme, "Negotiate");
}

/* Whether every challenge asks for Negotiate (and there is one). */
static int negotiate_only(const apr_array_header_t *challenges)
{
    int i;

    for (i = 0; challenges && i < challenges->nelts; i++) {
        if (!h401_scheme_is(APR_ARRAY_IDX(challenges, i, h401_challenge).scheme,
                            "Negotiate")) {
            return 0;
        }
    }
    return challenges && challenges->nelts > 0;
}

/* Whether text holds word (ASCII, any case). */
static int mentions(const char *text, const char *word)
{
    apr_size_t n = strlen(word);

    for (; *text; text++) {
        if (strncasecmp(text, word, n) == 0) {
            return 1;
        }
    }
    return 0;
}

static int error_is(const h401_challenge *c, const char *error)
{
    return c->error && strcmp(c->error, error) == 0;
}

/* What an invalid_token's error_description says of the token. */
typedef enum {
    TOKEN_SAYS_NOTHING,   /* no invalid_token, no description, or the stock one */
    TOKEN_SAYS_EXPIRED,
    TOKEN_SAYS_OTHER      /* a reason of the application's that is not expiry */
} token_words;

/*
 * RFC 6750 lets a resource server say why a token failed; "expired" in
 * whatever case or form ("Token expired", "the access token has expired")
 * is what servers write. But section 3.1 also gives invalid_token a stock
 * description, "The access token provided is expired, revoked, malformed,
 * or invalid for other reasons", which many send as it is: it lists every
 * possibility and so says none. A description that names expiry along
 * with revocation or damage is read as that list, however it is worded.
 * Only the challenge the client answered counts.
 */
static token_words token_words_of(const h401_challenge *c)
{
    const char *d = c->error_description;

    if (!error_is(c, "invalid_token") || !d || !*d) {
        return TOKEN_SAYS_NOTHING;
    }
    if (!mentions(d, "expir")) {
        return TOKEN_SAYS_OTHER;
    }
    if (mentions(d, "revok") || mentions(d, "malform")) {
        return TOKEN_SAYS_NOTHING;
    }
    return TOKEN_SAYS_EXPIRED;
}

/* The credential causes, once the client is known to have sent some. */
static void diagnose_credentials(const h401_facts *facts, h401_diagnosis *out)
{
    const h401_credentials *cred = &facts->credentials;
    const h401_challenge *answered = h401_find_challenge(facts->challenges, cred->scheme);
    token_words words;

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
    out->scope = answered->scope;
    if (cred->malformed) {
        out->cause = H401_CAUSE_MALFORMED_CREDENTIALS;
        out->reason = "unreadable-credentials";
        return;
    }
    /*
     * An NTLM opening message in place of SPNEGO is what Windows sends
     * when it has no Kerberos ticket for the site (not on the network or
     * the VPN, not signed in to the domain, a short host name or an IP
     * address, no service principal for the name). httpd's Kerberos
     * modules cannot take it. No Kerberos credentials were sent, and the
     * remedies are those of a missing ticket: no-credentials, not a
     * refused account (bad-credentials) nor damaged data (malformed).
     * A type-3 message is another matter: the server took part in NTLM
     * and refused its result, which is bad-credentials.
     */
    if (cred->ntlm == 1 && h401_scheme_is(cred->scheme, "Negotiate")) {
        out->cause = H401_CAUSE_NO_CREDENTIALS;
        out->reason = "negotiate-ntlm";
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
    /*
     * What the application says of the request (RFC 6750 section 3.1)
     * beats what we read of it: a JWT's exp is only unverified claims.
     */
    if (error_is(answered, "invalid_request")) {
        out->cause = H401_CAUSE_MALFORMED_CREDENTIALS;
        out->reason = "rfc6750-invalid-request";
        return;
    }
    if (error_is(answered, "insufficient_scope")) {
        out->cause = H401_CAUSE_NOT_PERMITTED;
        out->reason = "rfc6750-insufficient-scope";
        return;
    }
    words = token_words_of(answered);
    if (words == TOKEN_SAYS_OTHER) {
        out->cause = H401_CAUSE_BAD_CREDENTIALS;
        out->reason = "rfc6750-invalid-token";
        return;
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
    if (words == TOKEN_SAYS_EXPIRED) {
        out->cause = H401_CAUSE_EXPIRED_TOKEN;
        out->reason = "rfc6750-expired";
        return;
    }
    out->cause = H401_CAUSE_BAD_CREDENTIALS;
    out->reason = "credentials-refused";
}

/* The cause, and what it was decided from. */
static void decide(const h401_facts *facts, h401_diagnosis *out)
{
    const apr_array_header_t *challenges = facts->challenges;
    int has_challenge = challenges && challenges->nelts > 0;

    memset(out, 0, sizeof(*out));
    if (has_challenge) {
        const h401_challenge *first = &APR_ARRAY_IDX(challenges, 0, h401_challenge);
        out->expected_scheme = first->scheme;
        out->realm = first->realm;
        out->scope = first->scope;
    }
    else if (facts->auth_type && strcasecmp(facts->auth_type, "None") != 0) {
        out->expected_scheme = facts->auth_type;
    }

    if (facts->leftover_htaccess) {
        out->cause = H401_CAUSE_LEFTOVER_HTACCESS;
        out->reason = "htaccess-file-broken";
        return;
    }
    /* a protection no password can pass, as a broken .htaccess is */
    if (facts->no_password_check != H401_PASSWORD_CHECK_OK) {
        out->cause = H401_CAUSE_LEFTOVER_HTACCESS;
        out->reason = facts->no_password_check == H401_PASSWORD_CHECK_NO_PROVIDER
                      ? "no-authn-provider" : "no-auth-user-file";
        return;
    }
    /* a login by redirect (form, OpenID Connect, SAML, CAS...) asks with
     * its login page, everything else must say how to authenticate (RFC
     * 9110 section 15.5.2) */
    if (!has_challenge && h401_signin_of_auth_type(facts->auth_type) != H401_SIGNIN_REDIRECT) {
        out->cause = H401_CAUSE_SERVER_MISCONFIGURED;
        out->reason = "no-challenge";
        return;
    }
    /* httpd itself says the sign-in worked: whatever was sent, and
     * whatever our reading of it, it is not the credentials */
    if (facts->authz_refused) {
        out->cause = H401_CAUSE_NOT_PERMITTED;
        out->reason = "authz-refused";
        out->answered = h401_find_challenge(challenges, facts->credentials.scheme);
        if (out->answered) {
            out->expected_scheme = out->answered->scheme;
            out->realm = out->answered->realm;
            out->scope = out->answered->scope;
        }
        return;
    }
    if (facts->credentials.scheme) {
        diagnose_credentials(facts, out);
        return;
    }
    /* a browser with a Kerberos ticket would have sent it */
    if (negotiate_only(challenges)) {
        out->cause = H401_CAUSE_NO_CREDENTIALS;
        out->reason = "negotiate-no-ticket";
        return;
    }
    /*
     * A session cookie only explains the refusal where a cookie is what
     * logs people in: not where the browser is asked for Basic, Digest or
     * Negotiate credentials, which it sends on its own. A response that
     * deletes a cookie the request sent says that cookie was a session it
     * no longer takes, whatever its name.
     */
    if (!(out->expected_scheme && is_browser_scheme(out->expected_scheme))) {
        int deleting;

        if (facts->session_cookie) {
            out->cause = H401_CAUSE_STALE_SESSION;
            out->reason = "session-cookie-refused";
            return;
        }
        deleting = h401_cookie_deleted(facts->cookie_header, facts->set_cookies, facts->now);
        if (deleting >= 0) {
            out->cause = H401_CAUSE_STALE_SESSION;
            out->reason = "session-cookie-deleted";
            out->deleting_set_cookie = APR_ARRAY_IDX(facts->set_cookies, deleting,
                                                     const char *);
            return;
        }
    }
    out->cause = H401_CAUSE_NO_CREDENTIALS;
    out->reason = "nothing-sent";
}

void h401_diagnose(const h401_facts *facts, h401_diagnosis *out)
{
    decide(facts, out);
    out->method = signin_of(facts, out);
    /* r->user is set from the header before the password is checked
     * (mod_auth_basic): it is the account only once authorization ran */
    out->user = facts->authz_refused && facts->authenticated_user
                ? facts->authenticated_user : facts->credentials.user;
}
