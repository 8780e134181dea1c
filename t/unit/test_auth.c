/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_auth: Authorization and WWW-Authenticate. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_strings.h>
#include "h401_auth.h"
#include "tap.h"

typedef struct {
    const char *name;
    const char *header;     /* Authorization value; NULL: none sent */
    const char *scheme;     /* expected; NULL: none */
    int malformed;
    const char *user;
    const char *realm;
} cred_case;

#define DIGEST_REST "realm=\"testrealm@host.com\", " \
    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", " \
    "qop=auth, nc=00000001, cnonce=\"0a4f113b\""
#define DIGEST_RESPONSE "response=\"6629fae49393a05397450978507c4ef1\""

static const cred_case cred_cases[] = {
    { "no Authorization header", NULL, NULL, 0, NULL, NULL },
    /* Basic */
    { "Basic valid", "Basic dXNlcjpwYXNz", "Basic", 0, "user", NULL },
    { "Basic lower-case scheme", "basic dXNlcjpwYXNz", "basic", 0, "user", NULL },
    { "Basic with spaces around the token", "  Basic   dXNlcjpwYXNz  ", "Basic", 0,
      "user", NULL },
    { "Basic empty password", "Basic Ym9iOg==", "Basic", 0, "bob", NULL },
    { "Basic empty user name", "Basic OnNlY3JldA==", "Basic", 0, "", NULL },
    { "Basic password with a colon", "Basic Ym9iOmE6Yg==", "Basic", 0, "bob", NULL },
    { "Basic one padding char", "Basic dXNlcjpwYXM=", "Basic", 0, "user", NULL },
    { "Basic bad base64 characters", "Basic !!!!", "Basic", 1, NULL, NULL },
    { "Basic base64url alphabet is not base64", "Basic dXN-cjpw", "Basic", 1, NULL, NULL },
    { "Basic no colon after decoding", "Basic dXNlcg==", "Basic", 1, NULL, NULL },
    { "Basic empty after the scheme", "Basic", "Basic", 1, NULL, NULL },
    { "Basic only spaces after the scheme", "Basic   ", "Basic", 1, NULL, NULL },
    { "Basic missing padding", "Basic dXNlcjpwYXM", "Basic", 1, NULL, NULL },
    { "Basic padding too short", "Basic dXNlcjpwYQ=", "Basic", 1, NULL, NULL },
    { "Basic padding in the middle", "Basic dXNl=jpwYXNz", "Basic", 1, NULL, NULL },
    { "Basic three padding chars", "Basic dXNlc===", "Basic", 1, NULL, NULL },
    { "Basic three padding chars after a valid \"a:b\"", "Basic YTpic===", "Basic", 1,
      NULL, NULL },
    { "Basic decodes to a NUL byte", "Basic AAAA", "Basic", 1, NULL, NULL },
    { "Basic two tokens", "Basic dXNlcjpwYXNz dXNlcjpwYXNz", "Basic", 1, NULL, NULL },
    /* Digest */
    { "Digest with all required parameters",
      "Digest username=\"Mufasa\", " DIGEST_REST ", " DIGEST_RESPONSE,
      "Digest", 0, "Mufasa", "testrealm@host.com" },
    { "Digest lower-case scheme and parameter names",
      "digest USERNAME=\"Mufasa\", REALM=\"r\", Nonce=\"n\", URI=\"/\", Response=\"x\"",
      "digest", 0, "Mufasa", "r" },
    { "Digest quoted values with escaped quotes and backslash",
      "Digest username=\"Mu\\\"fa\\\\sa\", realm=\"say \\\"hi\\\", ok\", nonce=\"n\", "
      "uri=\"/\", response=\"r\"",
      "Digest", 0, "Mu\"fa\\sa", "say \"hi\", ok" },
    { "Digest token (unquoted) user name",
      "Digest username=bob, realm=\"r\", nonce=n, uri=\"/\", response=abc",
      "Digest", 0, "bob", "r" },
    { "Digest missing response",
      "Digest username=\"Mufasa\", " DIGEST_REST, "Digest", 1, "Mufasa",
      "testrealm@host.com" },
    { "Digest missing username",
      "Digest " DIGEST_REST ", " DIGEST_RESPONSE, "Digest", 1, NULL,
      "testrealm@host.com" },
    { "Digest unterminated quote",
      "Digest username=\"Mufasa\", " DIGEST_REST ", response=\"6629fae4",
      "Digest", 1, "Mufasa", "testrealm@host.com" },
    { "Digest backslash at the very end of a quoted value",
      "Digest realm=\"r\", username=\"abc\\", "Digest", 1, NULL, "r" },
    { "Digest with nothing after the scheme", "Digest", "Digest", 1, NULL, NULL },
    { "Digest parameters without commas",
      "Digest username=\"a\" realm=\"r\" nonce=\"n\" uri=\"/\" response=\"x\"",
      "Digest", 1, "a", NULL },
    { "Digest parameter without a value",
      "Digest username=, realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
      "Digest", 1, NULL, NULL },
    /* other schemes */
    { "Bearer token", "Bearer eyJhbGciOi.eyJzdWIi.SflKxw", "Bearer", 0, NULL, NULL },
    { "Bearer alone", "Bearer", "Bearer", 1, NULL, NULL },
    { "Bearer followed by spaces only", "Bearer  ", "Bearer", 1, NULL, NULL },
    { "Negotiate token", "Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag==", "Negotiate", 0,
      NULL, NULL },
    /* junk */
    { "junk instead of a scheme", "=abc", "", 1, NULL, NULL },
    { "empty header value", "", "", 1, NULL, NULL },
    { "only spaces", "   ", "", 1, NULL, NULL },
    { "junk right after the scheme", "Basic:dXNlcjpwYXNz", "Basic", 1, NULL, NULL },
    /* the scheme, base64 padding and Digest names compared in place */
    { "Basic upper-case scheme", "BASIC dXNlcjpwYXNz", "BASIC", 0, "user", NULL },
    { "Basic trailing tab", "Basic dXNlcjpwYXNz\t", "Basic", 0, "user", NULL },
    { "Basic one padding char, empty password", "Basic YTo=", "Basic", 0, "a", NULL },
    { "Basic only padding", "Basic ====", "Basic", 1, NULL, NULL },
    { "Basic padding then data", "Basic YQ==YTo=", "Basic", 1, NULL, NULL },
    { "Basics is not Basic", "Basics dXNlcjpwYXNz", "Basics", 0, NULL, NULL },
    { "Digest the last username and realm count",
      "Digest username=a, realm=\"r1\", username=\"b\", nonce=n, uri=u, response=x, "
      "realm=\"r\\2\"", "Digest", 0, "b", "r2" },
    { "Digest names that only start like required ones",
      "Digest usernames=a, realm=r, nonce=n, uri=u, response=x", "Digest", 1, NULL, "r" },
};

static void test_credentials(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(cred_cases) / sizeof(cred_cases[0]); i++) {
        const cred_case *c = &cred_cases[i];
        h401_credentials cred;

        /* poison first: the parser must fill every field */
        memset(&cred, 0x5a, sizeof(cred));
        h401_parse_authorization(p, c->header, &cred);
        is_str(cred.scheme, c->scheme, "%s: scheme", c->name);
        is_int(cred.malformed, c->malformed, "%s: %s", c->name,
               c->malformed ? "malformed" : "not malformed");
        is_str(cred.user, c->user, "%s: user", c->name);
        is_str(cred.realm, c->realm, "%s: realm", c->name);
    }
}

/* Negotiate (RFC 4559): base64 or damaged, and an NTLM message told
 * apart from SPNEGO by its signature. */
typedef struct {
    const char *name;
    const char *header;
    int malformed;
    int ntlm;             /* NTLM message type; 0: not NTLM */
} negotiate_case;

#define NTLM_TYPE1 "TlRMTVNTUAABAAAAB4IIog=="     /* "NTLMSSP\0", type 1, flags */
#define NTLM_TYPE3 "TlRMTVNTUAADAAAAGAAYAA=="     /* type 3 */
#define SPNEGO     "YIIGhgYGKwYBBQUCoA=="          /* 0x60 0x82 ...: a GSS-API token */

static const negotiate_case negotiate_cases[] = {
    { "a SPNEGO token", "Negotiate " SPNEGO, 0, 0 },
    { "lower-case scheme", "negotiate " SPNEGO, 0, 0 },
    { "without its padding", "Negotiate YIIGhgYGKwYBBQUCoA", 0, 0 },
    { "padding that does not add up is decoded all the same",
      "Negotiate YIIGhgYGKwYBBQUCoA=", 0, 0 },
    { "trailing blanks", "Negotiate " SPNEGO " \t", 0, 0 },
    { "NTLM negotiate message (no Kerberos ticket)", "Negotiate " NTLM_TYPE1, 0, 1 },
    { "NTLM authenticate message", "Negotiate " NTLM_TYPE3, 0, 3 },
    { "NTLM signature with a type that is none", "Negotiate TlRMTVNTUAAJAAAA", 0, 0 },
    { "NTLM signature, no room for a type", "Negotiate TlRMTVNTUAA=", 0, 0 },
    { "almost the signature (\"NTLMSSP@\"), type 1", "Negotiate TlRMTVNTUEABAAAA", 0, 0 },
    { "the signature and type 1, nothing more", "Negotiate TlRMTVNTUAABAAAA", 0, 1 },
    { "nothing after the scheme", "Negotiate", 1, 0 },
    { "only blanks after the scheme", "Negotiate   ", 1, 0 },
    { "base64url is not base64", "Negotiate YIIG-gYG_wYB", 1, 0 },
    { "a byte outside the alphabet", "Negotiate YIIGhg!GKwYB", 1, 0 },
    { "two tokens", "Negotiate " SPNEGO " " SPNEGO, 1, 0 },
    { "padding in the middle", "Negotiate YIIG=hgYGKwYB", 1, 0 },
    { "three padding characters", "Negotiate YIIGhgY===", 1, 0 },
    { "only padding", "Negotiate ==", 1, 0 },
    { "a parameter list is not a token", "Negotiate realm=\"x\"", 1, 0 },
};

static void test_negotiate(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(negotiate_cases) / sizeof(negotiate_cases[0]); i++) {
        const negotiate_case *c = &negotiate_cases[i];
        h401_credentials cred;

        memset(&cred, 0x5a, sizeof(cred));
        h401_parse_authorization(p, c->header, &cred);
        is_int(cred.malformed, c->malformed, "Negotiate %s: %s", c->name,
               c->malformed ? "malformed" : "not malformed");
        is_int(cred.ntlm, c->ntlm, "Negotiate %s: NTLM type %d", c->name, c->ntlm);
        ok(cred.user == NULL && cred.realm == NULL, "Negotiate %s: no user, no realm",
           c->name);
    }
    /* the signature only means NTLM under Negotiate */
    {
        h401_credentials cred;

        h401_parse_authorization(p, "Bearer " NTLM_TYPE1, &cred);
        is_int(cred.ntlm, 0, "an NTLM message as a Bearer token is not taken as NTLM");
        h401_parse_authorization(p, "NTLM " NTLM_TYPE1, &cred);
        is_int(cred.ntlm, 0, "the NTLM scheme itself is not read");
    }
}

typedef struct {
    const char *scheme;
    const char *realm;
} want_challenge;

typedef struct {
    const char *name;
    const char *value;
    int count;
    want_challenge want[3];
} chal_case;

static const chal_case chal_cases[] = {
    { "Basic with a quoted realm", "Basic realm=\"Staff area\"", 1,
      { { "Basic", "Staff area" } } },
    { "two challenges in one value",
      "Basic realm=\"a\", Bearer realm=\"b\", error=\"invalid_token\"", 2,
      { { "Basic", "a" }, { "Bearer", "b" } } },
    { "Digest with many parameters, commas in quoted strings",
      "Digest qop=\"auth, auth-int\", algorithm=SHA-256, "
      "realm=\"http-auth@example.org, main\", "
      "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"", 1,
      { { "Digest", "http-auth@example.org, main" } } },
    { "Digest then Basic",
      "Digest realm=\"d\", nonce=\"a,b\", qop=\"auth\", Basic realm=\"b\", charset=\"UTF-8\"", 2,
      { { "Digest", "d" }, { "Basic", "b" } } },
    { "token68 then another challenge", "Negotiate abc123==, Basic realm=\"x\"", 2,
      { { "Negotiate", NULL }, { "Basic", "x" } } },
    { "token68 without padding", "Negotiate abc/123+x, Basic realm=\"x\"", 2,
      { { "Negotiate", NULL }, { "Basic", "x" } } },
    { "scheme only", "Negotiate", 1, { { "Negotiate", NULL } } },
    { "two schemes only", "Negotiate, NTLM", 2, { { "Negotiate", NULL }, { "NTLM", NULL } } },
    { "empty string", "", 0, { { NULL, NULL } } },
    { "only commas and spaces", " , ,", 0, { { NULL, NULL } } },
    { "unterminated quote keeps the scheme", "Basic realm=\"Staff", 1,
      { { "Basic", NULL } } },
    { "unterminated quote in the second challenge",
      "Basic realm=\"a\", Bearer realm=\"b", 2, { { "Basic", "a" }, { "Bearer", NULL } } },
    { "backslash at the very end of a quoted realm", "Basic realm=\"abc\\", 1,
      { { "Basic", NULL } } },
    { "realm in a token, case-insensitive name", "basic REALM=staff", 1,
      { { "basic", "staff" } } },
    { "first realm wins", "Basic realm=\"one\", realm=\"two\"", 1, { { "Basic", "one" } } },
    { "escaped quote in realm", "Basic realm=\"the \\\"inner\\\" area\"", 1,
      { { "Basic", "the \"inner\" area" } } },
    { "spaces around '='", "Basic realm = \"x\"", 1, { { "Basic", "x" } } },
    { "empty quoted realm", "Basic realm=\"\"", 1, { { "Basic", "" } } },
    { "names that only start like realm", "Basic realms=\"a\", real=\"b\", realm=c", 1,
      { { "Basic", "c" } } },
    { "a parameter right after a token68 is a new challenge",
      "Negotiate abc==, Basic realm=\"x\", charset=UTF-8", 2,
      { { "Negotiate", NULL }, { "Basic", "x" } } },
    { "stray character after the scheme, parameter kept", "Basic ; realm=\"x\"", 1,
      { { "Basic", "x" } } },
    { "broken first parameter keeps the scheme", "Bearer realm=;, Basic realm=\"x\"", 1,
      { { "Bearer", NULL } } },
};

static void test_challenges(apr_pool_t *p)
{
    size_t i;
    apr_array_header_t *list;
    int j;

    for (i = 0; i < sizeof(chal_cases) / sizeof(chal_cases[0]); i++) {
        const chal_case *c = &chal_cases[i];
        int n;

        list = apr_array_make(p, 1, sizeof(h401_challenge));
        n = h401_parse_challenges(p, c->value, list);
        is_int(n, c->count, "%s: count", c->name);
        is_int(list->nelts, c->count, "%s: challenges appended", c->name);
        for (j = 0; j < c->count && j < list->nelts; j++) {
            const h401_challenge *got = &APR_ARRAY_IDX(list, j, h401_challenge);
            is_str(got->scheme, c->want[j].scheme, "%s: challenge %d scheme", c->name, j + 1);
            is_str(got->realm, c->want[j].realm, "%s: challenge %d realm", c->name, j + 1);
        }
    }

    /* several header values append to one list, as headers repeat */
    list = apr_array_make(p, 1, sizeof(h401_challenge));
    is_int(h401_parse_challenges(p, "Basic realm=\"one\"", list), 1, "first header value");
    is_int(h401_parse_challenges(p, "Bearer", list), 1, "second header value");
    is_int(list->nelts, 2, "both values appended to the same list");
    is_str(APR_ARRAY_IDX(list, 1, h401_challenge).scheme, "Bearer",
           "second value's challenge comes after the first");
    is_int(h401_parse_challenges(p, NULL, list), 0, "NULL value reads no challenge");
    is_int(list->nelts, 2, "NULL value appends nothing");
}

/* The RFC 6750 error and scope parameters and Digest's stale flag. */
typedef struct {
    const char *name;
    const char *value;
    int index;                     /* which challenge to look at */
    const char *realm;
    const char *error;
    const char *error_description;
    const char *scope;
    int stale;
} param_case;

static const param_case param_cases[] = {
    { "Bearer with error and error_description",
      "Bearer realm=\"api\", error=\"invalid_token\", "
      "error_description=\"The access token expired\"", 0,
      "api", "invalid_token", "The access token expired", NULL, 0 },
    { "error as a token, error_description quoted with escapes",
      "Bearer error=invalid_token, error_description=\"say \\\"hi\\\", ok\"", 0,
      NULL, "invalid_token", "say \"hi\", ok", NULL, 0 },
    { "parameter names are case-insensitive",
      "Bearer ERROR=\"invalid_token\", Error_Description=\"gone\"", 0,
      NULL, "invalid_token", "gone", NULL, 0 },
    { "the first error and error_description win",
      "Bearer error=\"a\", error_description=\"one\", error=\"b\", "
      "error_description=\"two\"", 0, NULL, "a", "one", NULL, 0 },
    { "error without a description", "Bearer error=\"insufficient_scope\"", 0,
      NULL, "insufficient_scope", NULL, NULL, 0 },
    { "no error parameters", "Bearer realm=\"api\"", 0, "api", NULL, NULL, NULL, 0 },
    { "error belongs to its own challenge: first has none",
      "Basic realm=\"a\", Bearer realm=\"b\", error=\"invalid_token\"", 0,
      "a", NULL, NULL, NULL, 0 },
    { "error belongs to its own challenge: second has it",
      "Basic realm=\"a\", Bearer realm=\"b\", error=\"invalid_token\"", 1,
      "b", "invalid_token", NULL, NULL, 0 },
    { "Digest stale=true",
      "Digest realm=\"r\", nonce=\"n2\", stale=true, qop=\"auth\"", 0,
      "r", NULL, NULL, NULL, 1 },
    { "Digest stale=TRUE (any case)", "Digest realm=\"r\", nonce=\"n\", stale=TRUE", 0,
      "r", NULL, NULL, NULL, 1 },
    { "Digest stale=\"true\" quoted", "Digest realm=\"r\", stale=\"true\", nonce=\"n\"", 0,
      "r", NULL, NULL, NULL, 1 },
    { "Digest stale=false", "Digest realm=\"r\", nonce=\"n\", stale=false", 0,
      "r", NULL, NULL, NULL, 0 },
    { "Digest stale=\"t\\rue\" (quoted-pair)", "Digest realm=\"r\", stale=\"t\\rue\"", 0,
      "r", NULL, NULL, NULL, 1 },
    { "Digest the last stale counts", "Digest realm=\"r\", stale=true, stale=false", 0,
      "r", NULL, NULL, NULL, 0 },
    { "Digest stale=truex is not true", "Digest realm=\"r\", stale=truex", 0,
      "r", NULL, NULL, NULL, 0 },
    { "names that only start like error ones",
      "Bearer errors=\"a\", error_descriptio=\"b\", ERROR_description=\"c\"", 0,
      NULL, NULL, "c", NULL, 0 },
    { "Digest stale=yes is not true", "Digest realm=\"r\", nonce=\"n\", stale=yes", 0,
      "r", NULL, NULL, NULL, 0 },
    { "Digest without stale", "Digest realm=\"r\", nonce=\"n\"", 0, "r", NULL, NULL, NULL, 0 },
    { "stale on the first challenge only: second is not stale",
      "Digest realm=\"r\", nonce=\"n\", stale=true, Basic realm=\"b\"", 1,
      "b", NULL, NULL, NULL, 0 },
    { "stale on the second challenge only",
      "Basic realm=\"b\", Digest realm=\"r\", nonce=\"n\", stale=true", 1,
      "r", NULL, NULL, NULL, 1 },
    { "insufficient_scope with the scope asked for",
      "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"read:reports admin\"", 0,
      "api", "insufficient_scope", NULL, "read:reports admin", 0 },
    { "scope as a token, any case of its name",
      "Bearer SCOPE=read, error=insufficient_scope", 0,
      NULL, "insufficient_scope", NULL, "read", 0 },
    { "the first scope wins", "Bearer scope=\"a\", scope=\"b\"", 0, NULL, NULL, NULL, "a", 0 },
    { "scope belongs to its own challenge",
      "Bearer realm=\"b\", scope=\"x\", Basic realm=\"a\"", 1, "a", NULL, NULL, NULL, 0 },
    { "names that only start like scope", "Bearer scopes=\"a\", scop=\"b\"", 0,
      NULL, NULL, NULL, NULL, 0 },
};

static void test_challenge_params(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(param_cases) / sizeof(param_cases[0]); i++) {
        const param_case *c = &param_cases[i];
        apr_array_header_t *list = apr_array_make(p, 4, sizeof(h401_challenge));
        h401_challenge *junk;
        const h401_challenge *got;

        /* leave garbage where the parser's challenges will go: it must
         * clear every field it does not read */
        junk = apr_array_push(list);
        memset(junk, 0x5a, sizeof(*junk));
        junk = apr_array_push(list);
        memset(junk, 0x5a, sizeof(*junk));
        list->nelts = 0;

        h401_parse_challenges(p, c->value, list);
        if (!ok(list->nelts > c->index, "%s: challenge %d read", c->name, c->index + 1)) {
            continue;
        }
        got = &APR_ARRAY_IDX(list, c->index, h401_challenge);
        is_str(got->realm, c->realm, "%s: realm", c->name);
        is_str(got->error, c->error, "%s: error", c->name);
        is_str(got->error_description, c->error_description, "%s: error_description",
               c->name);
        is_str(got->scope, c->scope, "%s: scope", c->name);
        is_int(got->stale, c->stale, "%s: stale", c->name);
    }
}

static void test_scheme_is(void)
{
    ok(h401_scheme_is("Basic", "Basic"), "scheme_is: same case");
    ok(h401_scheme_is("bAsIc", "Basic"), "scheme_is: any case");
    ok(!h401_scheme_is("Bearer", "Basic"), "scheme_is: other scheme");
    ok(!h401_scheme_is("Basics", "Basic"), "scheme_is: longer word");
    ok(!h401_scheme_is(NULL, "Basic"), "scheme_is: NULL scheme");
    ok(!h401_scheme_is("Basic", NULL), "scheme_is: NULL name");
    ok(!h401_scheme_is("@x", "`x"), "scheme_is: bytes one bit apart that are no letters");
    ok(h401_scheme_is("", ""), "scheme_is: empty and empty");
    ok(!h401_scheme_is("", "Basic"), "scheme_is: empty and a scheme");
}

/* A value with more challenges than any server sends: the first ones are
 * read, and what the parser allocates stays small. */
static void test_find_challenge(apr_pool_t *p)
{
    apr_array_header_t *list = apr_array_make(p, 2, sizeof(h401_challenge));

    ok(h401_find_challenge(NULL, "Basic") == NULL, "find_challenge: no list");
    ok(h401_find_challenge(list, "Basic") == NULL, "find_challenge: an empty list");
    h401_parse_challenges(p, "Bearer realm=\"a\", Basic realm=\"b\", basic realm=\"c\"", list);
    is_str(h401_find_challenge(list, "BASIC")->realm, "b",
           "find_challenge: in any case, the first that asks for it");
    is_str(h401_find_challenge(list, "bearer")->realm, "a", "find_challenge: the first one");
    ok(h401_find_challenge(list, "Digest") == NULL, "find_challenge: a scheme not asked for");
}

static void test_many_challenges(apr_pool_t *pool)
{
    apr_array_header_t *list = apr_array_make(pool, 1, sizeof(h401_challenge));
    char *value = apr_pstrdup(pool, "Basic realm=\"first\"");
    int i, n;

    for (i = 1; i < 2000; i++) {
        value = apr_pstrcat(pool, value, ", A", NULL);
    }
    n = h401_parse_challenges(pool, value, list);
    is_int(n, H401_MAX_CHALLENGES, "2000 challenges in one value: the first %d read",
           H401_MAX_CHALLENGES);
    is_int(list->nelts, H401_MAX_CHALLENGES, "and no more kept");
    is_str(APR_ARRAY_IDX(list, 0, h401_challenge).realm, "first", "the first one whole");
    n = h401_parse_challenges(pool, "Basic, Digest realm=\"x\"", list);
    is_int(n, 2, "a next value is read in full");
    is_int(list->nelts, H401_MAX_CHALLENGES + 2, "and appended");
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_credentials(pool);
    test_negotiate(pool);
    test_challenges(pool);
    test_challenge_params(pool);
    test_scheme_is();
    test_find_challenge(pool);
    test_many_challenges(pool);

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
