/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include "h401_diagnose.h"

static const char *const cause_ids[H401_CAUSE_COUNT] = {
    "leftover-htaccess",
    "wrong-scheme",
    "malformed-credentials",
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

static const h401_challenge *find_challenge(const apr_array_header_t *list,
                                            const char *scheme)
{
    int i;

    for (i = 0; list && i < list->nelts; i++) {
        const h401_challenge *c = &APR_ARRAY_IDX(list, i, h401_challenge);
        if (h401_scheme_is(c->scheme, scheme)) {
            return c;
        }
    }
    return NULL;
}

void h401_diagnose(const h401_facts *facts, h401_diagnosis *out)
{
    const apr_array_header_t *challenges = facts->challenges;
    const h401_credentials *cred = &facts->credentials;
    const h401_challenge *answered = NULL;

    memset(out, 0, sizeof(*out));
    if (challenges && challenges->nelts > 0) {
        const h401_challenge *first = &APR_ARRAY_IDX(challenges, 0, h401_challenge);
        out->expected_scheme = first->scheme;
        out->realm = first->realm;
    }
    else if (facts->auth_type && strcasecmp(facts->auth_type, "None") != 0) {
        out->expected_scheme = facts->auth_type;
    }

    if (facts->leftover_htaccess) {
        out->cause = H401_CAUSE_LEFTOVER_HTACCESS;
        return;
    }

    if (cred->scheme) {
        if (challenges && challenges->nelts > 0) {
            answered = find_challenge(challenges, cred->scheme);
            if (!answered) {
                out->cause = H401_CAUSE_WRONG_SCHEME;
                return;
            }
            out->expected_scheme = answered->scheme;
            out->realm = answered->realm;
        }
        else if (facts->auth_type && is_browser_scheme(facts->auth_type)
                 && !h401_scheme_is(cred->scheme, facts->auth_type)) {
            out->cause = H401_CAUSE_WRONG_SCHEME;
            return;
        }
        out->cause = cred->malformed ? H401_CAUSE_MALFORMED_CREDENTIALS
                                     : H401_CAUSE_BAD_CREDENTIALS;
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
        return;
    }
    out->cause = H401_CAUSE_NO_CREDENTIALS;
}
