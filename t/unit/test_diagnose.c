/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_diagnose: from the facts to the cause. The facts
 * are built with the real parsers, as the module builds them. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include "h401_auth.h"
#include "h401_diagnose.h"
#include "tap.h"

typedef struct {
    const char *name;
    const char *authorization;   /* Authorization header, or NULL */
    const char *challenge;       /* WWW-Authenticate value, or NULL */
    const char *auth_type;
    const char *session_cookie;
    int leftover;
    h401_cause want;
    const char *want_scheme;     /* expected_scheme */
    const char *want_realm;
} diag_case;

#define BASIC_OK "Basic dXNlcjpwYXNz"
#define BASIC_BAD "Basic dXNlcg=="
#define DIGEST_OK "Digest username=\"bob\", realm=\"Staff\", nonce=\"n\", uri=\"/\", " \
    "response=\"0123\""

/* In order of precedence, each with what it wins over. */
static const diag_case diag_cases[] = {
    { "leftover .htaccess wins over credentials",
      BASIC_OK, "Basic realm=\"Staff\"", "Basic", "PHPSESSID", 1,
      H401_CAUSE_LEFTOVER_HTACCESS, "Basic", "Staff" },
    { "leftover .htaccess wins over malformed credentials",
      BASIC_BAD, NULL, "Basic", NULL, 1,
      H401_CAUSE_LEFTOVER_HTACCESS, "Basic", NULL },
    { "leftover .htaccess with nothing sent",
      NULL, NULL, NULL, NULL, 1,
      H401_CAUSE_LEFTOVER_HTACCESS, NULL, NULL },
    { "wrong scheme: Bearer sent, Basic asked",
      "Bearer abc.def", "Basic realm=\"Staff\"", "Basic", NULL, 0,
      H401_CAUSE_WRONG_SCHEME, "Basic", "Staff" },
    { "wrong scheme wins over a malformed credential",
      "Bearer", "Basic realm=\"Staff\"", "Basic", NULL, 0,
      H401_CAUSE_WRONG_SCHEME, "Basic", "Staff" },
    { "wrong scheme: Basic sent, only Digest asked",
      BASIC_OK, "Digest realm=\"D\", nonce=\"x\"", "Digest", NULL, 0,
      H401_CAUSE_WRONG_SCHEME, "Digest", "D" },
    { "wrong scheme without challenges: AuthType Basic, Bearer sent",
      "Bearer abc", NULL, "Basic", NULL, 0,
      H401_CAUSE_WRONG_SCHEME, "Basic", NULL },
    { "malformed Basic",
      BASIC_BAD, "Basic realm=\"Staff\"", "Basic", NULL, 0,
      H401_CAUSE_MALFORMED_CREDENTIALS, "Basic", "Staff" },
    { "malformed Basic wins over a session cookie",
      "Basic !!!!", "Basic realm=\"Staff\"", "Basic", "PHPSESSID", 0,
      H401_CAUSE_MALFORMED_CREDENTIALS, "Basic", "Staff" },
    { "malformed Basic without challenges, AuthType Basic",
      "Basic", NULL, "Basic", NULL, 0,
      H401_CAUSE_MALFORMED_CREDENTIALS, "Basic", NULL },
    { "bad credentials: valid Basic refused",
      BASIC_OK, "Basic realm=\"Staff\"", "Basic", NULL, 0,
      H401_CAUSE_BAD_CREDENTIALS, "Basic", "Staff" },
    { "bad credentials: scheme matched case-insensitively",
      "basic dXNlcjpwYXNz", "BASIC realm=\"Staff\"", "Basic", NULL, 0,
      H401_CAUSE_BAD_CREDENTIALS, "BASIC", "Staff" },
    { "bad credentials: Digest against a Digest challenge",
      DIGEST_OK, "Digest realm=\"Staff\", nonce=\"abc\", qop=\"auth\"", "Digest", NULL, 0,
      H401_CAUSE_BAD_CREDENTIALS, "Digest", "Staff" },
    { "bad credentials: the answered challenge gives scheme and realm",
      DIGEST_OK, "Basic realm=\"B\", Digest realm=\"D\", nonce=\"x\"", "Digest", NULL, 0,
      H401_CAUSE_BAD_CREDENTIALS, "Digest", "D" },
    { "bad credentials wins over a session cookie",
      BASIC_OK, "Basic realm=\"Staff\"", "Basic", "PHPSESSID", 0,
      H401_CAUSE_BAD_CREDENTIALS, "Basic", "Staff" },
    { "bad credentials without challenges, same scheme as AuthType",
      BASIC_OK, NULL, "Basic", NULL, 0,
      H401_CAUSE_BAD_CREDENTIALS, "Basic", NULL },
    { "stale session: form login, cookie, no Authorization, no challenge",
      NULL, NULL, "form", "PHPSESSID", 0,
      H401_CAUSE_STALE_SESSION, "form", NULL },
    { "stale session: no AuthType known at all",
      NULL, NULL, NULL, "session", 0,
      H401_CAUSE_STALE_SESSION, NULL, NULL },
    { "stale session: cookie with a Bearer challenge",
      NULL, "Bearer realm=\"api\"", NULL, "sessionid", 0,
      H401_CAUSE_STALE_SESSION, "Bearer", "api" },
    { "session cookie with a Basic challenge: no credentials",
      NULL, "Basic realm=\"Staff\"", "Basic", "PHPSESSID", 0,
      H401_CAUSE_NO_CREDENTIALS, "Basic", "Staff" },
    { "session cookie with a Digest challenge: no credentials",
      NULL, "Digest realm=\"D\", nonce=\"x\"", "Digest", "PHPSESSID", 0,
      H401_CAUSE_NO_CREDENTIALS, "Digest", "D" },
    { "session cookie, no challenge, AuthType Basic: no credentials",
      NULL, NULL, "Basic", "PHPSESSID", 0,
      H401_CAUSE_NO_CREDENTIALS, "Basic", NULL },
    { "no credentials: Basic challenge, nothing sent",
      NULL, "Basic realm=\"Staff area\"", "Basic", NULL, 0,
      H401_CAUSE_NO_CREDENTIALS, "Basic", "Staff area" },
    { "no credentials: nothing known at all",
      NULL, NULL, NULL, NULL, 0,
      H401_CAUSE_NO_CREDENTIALS, NULL, NULL },
    { "AuthType None is no expected scheme",
      NULL, NULL, "None", NULL, 0,
      H401_CAUSE_NO_CREDENTIALS, NULL, NULL },
};

static void test_diagnose(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(diag_cases) / sizeof(diag_cases[0]); i++) {
        const diag_case *c = &diag_cases[i];
        apr_array_header_t *challenges = apr_array_make(p, 2, sizeof(h401_challenge));
        h401_facts facts;
        h401_diagnosis d;

        memset(&facts, 0, sizeof(facts));
        h401_parse_authorization(p, c->authorization, &facts.credentials);
        h401_parse_challenges(p, c->challenge, challenges);
        facts.challenges = challenges;
        facts.auth_type = c->auth_type;
        facts.session_cookie = c->session_cookie;
        facts.leftover_htaccess = c->leftover;

        memset(&d, 0x5a, sizeof(d));
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), h401_cause_id(c->want), "%s: cause", c->name);
        is_str(d.expected_scheme, c->want_scheme, "%s: expected scheme", c->name);
        is_str(d.realm, c->want_realm, "%s: realm", c->name);
    }

    /* challenges may be NULL rather than an empty array */
    {
        h401_facts facts;
        h401_diagnosis d;

        memset(&facts, 0, sizeof(facts));
        h401_parse_authorization(p, BASIC_OK, &facts.credentials);
        facts.auth_type = "Basic";
        h401_diagnose(&facts, &d);
        is_str(h401_cause_id(d.cause), "bad-credentials", "NULL challenges array: cause");
        is_str(d.expected_scheme, "Basic", "NULL challenges array: expected scheme");
    }
}

static void test_ids(void)
{
    static const char *const ids[H401_CAUSE_COUNT] = {
        "leftover-htaccess", "wrong-scheme", "malformed-credentials",
        "bad-credentials", "stale-session", "no-credentials"
    };
    int i;

    is_int(H401_CAUSE_COUNT, 6, "six causes");
    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        is_str(h401_cause_id((h401_cause)i), ids[i], "cause %d has id %s", i, ids[i]);
        is_int(h401_cause_from_id(ids[i]), i, "id %s maps back to cause %d", ids[i], i);
        is_int(h401_cause_from_id(h401_cause_id((h401_cause)i)), i,
               "cause %d round-trips", i);
    }
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
    test_ids();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
