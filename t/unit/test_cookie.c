/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_cookie: spotting a login session cookie, and a
 * response that deletes one. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_tables.h>
#include "h401_cookie.h"
#include "tap.h"

typedef struct {
    const char *name;
    const char *header;
    const char *want;     /* cookie name found, or NULL */
} find_case;

static const find_case find_cases[] = {
    { "PHPSESSID among several cookies",
      "theme=dark; PHPSESSID=9f2c1e7a; lang=en", "PHPSESSID" },
    { "the only cookie", "JSESSIONID=ABC123", "JSESSIONID" },
    { "no spaces after ';'", "a=1;b=2;sessionid=xyz", "sessionid" },
    { "spaces around the name", "a=1;  PHPSESSID =v", "PHPSESSID" },
    { "first listed name sent wins by position in the header",
      "JSESSIONID=1; PHPSESSID=2", "JSESSIONID" },
    { "exact case only: phpsessid is not PHPSESSID", "phpsessid=abc", NULL },
    { "exact case only: SESSION is not session", "SESSION=abc", NULL },
    { "name must match whole: PHPSESSID2", "PHPSESSID2=abc", NULL },
    { "name must match whole: prefix", "PHPSESS=abc", NULL },
    { "empty value ignored", "PHPSESSID=", NULL },
    { "empty value ignored, another cookie follows", "PHPSESSID=; theme=dark", NULL },
    { "empty value then a real one", "PHPSESSID=; JSESSIONID=x", "JSESSIONID" },
    { "no '=' at all ignored", "PHPSESSID; theme=dark", NULL },
    { "nameless cookie ignored", "=abc; x=1", NULL },
    { "mod_session payload under any name",
      "theme=dark; app_auth=user=bob&expiry=1700000000000000", "app_auth" },
    { "mod_session payload with expiry first", "s=expiry=1700000000000000&user=bob", "s" },
    { "mod_session payload, quoted", "s=\"user=bob&expiry=17\"", "s" },
    { "'expiry' inside another key is not a payload", "s=user=bob&notexpiry=17", NULL },
    { "expiry without digits is not a payload", "s=user=bob&expiry=", NULL },
    { "expiry with letters is not a payload", "s=user=bob&expiry=17x", NULL },
    /* the single sign-on modules' cookies */
    { "mod_auth_openidc's session", "mod_auth_openidc_session=73a19120; x=1",
      "mod_auth_openidc_session" },
    { "mod_auth_openidc's session in chunks",
      "mod_auth_openidc_session_chunks=2; mod_auth_openidc_session_0=ab",
      "mod_auth_openidc_session_chunks" },
    { "mod_auth_openidc's state cookie is no session",
      "mod_auth_openidc_state_kHl2=abc", NULL },
    { "mod_auth_mellon's cookie", "mellon-cookie=1bc7128f", "mellon-cookie" },
    { "Shibboleth's session, named after its application",
      "_shibsession_64656661756c74=_8f2e", "_shibsession_64656661756c74" },
    { "Shibboleth's state cookie is no session", "_shibstate_1700000000_ab=x", NULL },
    { "a prefix matches from the start only", "x_shibsession_abc=1", NULL },
    { "mod_auth_cas, plain", "MOD_AUTH_CAS=ST-98765", "MOD_AUTH_CAS" },
    { "mod_auth_cas, secure", "MOD_AUTH_CAS_S=XYZ330012", "MOD_AUTH_CAS_S" },
    { "mod_auth_tkt", "auth_tkt=YWJj", "auth_tkt" },
    { "oauth2-proxy", "_oauth2_proxy=abc|123", "_oauth2_proxy" },
    { "no session cookie at all", "theme=dark; lang=en", NULL },
    { "empty header", "", NULL },
    { "only separators", " ; ;  ", NULL },
};

static void test_find(apr_pool_t *p)
{
    apr_array_header_t *names = apr_array_make(p, 8, sizeof(const char *));
    const char *const *n;
    size_t i;

    for (n = h401_common_session_cookies; *n; n++) {
        APR_ARRAY_PUSH(names, const char *) = *n;
    }
    for (i = 0; i < sizeof(find_cases) / sizeof(find_cases[0]); i++) {
        const find_case *c = &find_cases[i];
        is_str(h401_find_session_cookie(p, c->header, names), c->want, "%s", c->name);
    }

    ok(h401_find_session_cookie(p, NULL, names) == NULL, "NULL header: no cookie");
    is_str(h401_find_session_cookie(p, "PHPSESSID=abc; s=user=a&expiry=5", NULL), "s",
           "no names given: only a mod_session payload is spotted");

    names = apr_array_make(p, 1, sizeof(const char *));
    APR_ARRAY_PUSH(names, const char *) = "my_login";
    is_str(h401_find_session_cookie(p, "PHPSESSID=abc; my_login=1", names), "my_login",
           "a configured name other than the common ones");
    is_str(h401_find_session_cookie(p, "PHPSESSID=abc", names), NULL,
           "common names are not searched unless listed");
    APR_ARRAY_PUSH(names, const char *) = "shop_*";
    is_str(h401_find_session_cookie(p, "theme=x; shop_eu=1", names), "shop_eu",
           "a configured prefix: the name as sent");
}

static void test_common_names(void)
{
    static const char *const must[] = {
        "PHPSESSID", "JSESSIONID", "mod_auth_openidc_session*", "mellon-cookie",
        "_shibsession_*", "MOD_AUTH_CAS", "MOD_AUTH_CAS_S"
    };
    const char *const *n;
    size_t i;
    int count = 0;

    for (n = h401_common_session_cookies; *n; n++) {
        count++;
    }
    ok(count >= 2, "common session cookie list is not empty (%d names)", count);
    for (i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
        int found = 0;
        for (n = h401_common_session_cookies; *n; n++) {
            found |= strcmp(*n, must[i]) == 0;
        }
        ok(found, "common names include %s", must[i]);
    }
}

typedef struct {
    const char *want;
    const char *name;
    int matches;
} match_case;

static const match_case match_cases[] = {
    { "PHPSESSID", "PHPSESSID", 1 },
    { "PHPSESSID", "phpsessid", 0 },
    { "PHPSESSID", "PHPSESSID2", 0 },
    { "PHPSESSID", "PHPSESS", 0 },
    { "_shibsession_*", "_shibsession_abc", 1 },
    { "_shibsession_*", "_shibsession_", 1 },
    { "_shibsession_*", "_shibsession", 0 },
    { "_shibsession_*", "_SHIBSESSION_abc", 0 },
    { "_shibsession_*", "x_shibsession_abc", 0 },
    { "*", "anything", 1 },
    { "a*b", "a*b", 1 },
    { "a*b", "axb", 0 },
    { "", "", 1 },
    { "", "x", 0 },
};

static void test_name_matches(void)
{
    size_t i;

    for (i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
        const match_case *c = &match_cases[i];
        is_int(h401_cookie_name_matches(c->want, c->name, strlen(c->name)), c->matches,
               "'%s' %s '%s'", c->want, c->matches ? "matches" : "does not match", c->name);
    }
    /* the length is the cookie's, not the string's */
    ok(h401_cookie_name_matches("sid", "sid=1", 3), "only len bytes of the name are read");
    ok(!h401_cookie_name_matches("sid", "sid=1", 5), "and all of them");
}

typedef struct {
    const char *name;
    const char *value;
    int found;
    apr_int64_t expiry;
} payload_case;

static const payload_case payload_cases[] = {
    { "expiry after another pair", "user=bob&expiry=1700000000000000", 1,
      APR_INT64_C(1700000000000000) },
    { "expiry first", "expiry=42&user=bob", 1, 42 },
    { "expiry alone", "expiry=7", 1, 7 },
    { "expiry then a closing quote", "user=bob&expiry=99\"", 1, 99 },
    { "18 digits is the most", "expiry=123456789012345678", 1,
      APR_INT64_C(123456789012345678) },
    { "19 digits is too many", "expiry=1234567890123456789", 0, 0 },
    { "no expiry member", "user=bob&id=3", 0, 0 },
    { "part of another key", "user=bob&xexpiry=3", 0, 0 },
    { "no digits", "user=bob&expiry=&x=1", 0, 0 },
    { "digits then junk", "expiry=12;", 0, 0 },
    { "a later valid expiry after a broken one", "xexpiry=1&expiry=2", 1, 2 },
    { "plain session id", "9f2c1e7a", 0, 0 },
    { "empty", "", 0, 0 },
};

static void test_payload(void)
{
    size_t i;

    for (i = 0; i < sizeof(payload_cases) / sizeof(payload_cases[0]); i++) {
        const payload_case *c = &payload_cases[i];
        apr_int64_t expiry = -1;
        int found = h401_session_payload_expiry(c->value, &expiry);

        is_int(found, c->found, "payload %s: %s", c->found ? "found" : "not found", c->name);
        is_int(expiry, c->found ? c->expiry : -1, "payload expiry %s: %s",
               c->found ? "read" : "untouched", c->name);
    }
}

/* ---- a response that deletes a cookie the request sent ---- */

typedef struct {
    const char *name;
    const char *text;
    int read;
    apr_int64_t when;
} date_case;

static const date_case date_cases[] = {
    { "RFC 1123", "Thu, 01 Jan 1970 00:00:00 GMT", 1, 0 },
    { "RFC 1123, a later date", "Tue, 14 Nov 2023 22:13:20 GMT", 1, 1700000000 },
    { "RFC 850, two-digit year 70 is 1970", "Thursday, 01-Jan-70 00:00:01 GMT", 1, 1 },
    { "two-digit year 23 is 2023", "Tue, 14-Nov-23 22:13:20 GMT", 1, 1700000000 },
    { "asctime", "Thu Jan  1 00:00:00 1970", 1, 0 },
    { "month in any case, and longer", "01 JANUARY 1970 00:00:00", 1, 0 },
    { "no weekday, no zone", "14 Nov 2023 22:13:20", 1, 1700000000 },
    { "one-digit day, hour, minute, second", "Tue, 1 Jan 2030 1:2:3 GMT", 1,
      APR_INT64_C(1893459723) },
    { "leap day of a leap year", "Thu, 29 Feb 2024 00:00:00 GMT", 1, 1709164800 },
    { "the year 1601 is the earliest", "Mon, 01 Jan 1601 00:00:00 GMT", 1,
      APR_INT64_C(-11644473600) },
    { "the year 1600 is too early", "Sat, 01 Jan 1600 00:00:00 GMT", 0, 0 },
    { "29 February of a year that is not leap", "29 Feb 2023 00:00:00", 0, 0 },
    { "31 April", "31 Apr 2023 00:00:00", 0, 0 },
    { "day 0", "00 Jan 2023 00:00:00", 0, 0 },
    { "day 32", "32 Jan 2023 00:00:00", 0, 0 },
    { "hour 24", "01 Jan 2023 24:00:00", 0, 0 },
    { "minute 60", "01 Jan 2023 00:60:00", 0, 0 },
    { "second 60 (no leap seconds)", "01 Jan 2023 00:00:60", 0, 0 },
    { "no time", "Thu, 01 Jan 1970 GMT", 0, 0 },
    { "no year", "Thu, 01 Jan 00:00:00 GMT", 0, 0 },
    { "no month", "Thu, 01 1970 00:00:00 GMT", 0, 0 },
    { "a three-digit day is no day", "001 Jan 1970 00:00:00", 0, 0 },
    { "a five-digit year is no year", "01 Jan 19700 00:00:00", 0, 0 },
    { "a number", "0", 0, 0 },
    { "empty", "", 0, 0 },
};

static void test_cookie_date(void)
{
    size_t i;

    for (i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++) {
        const date_case *c = &date_cases[i];
        apr_int64_t when = -42;

        is_int(h401_cookie_date(c->text, strlen(c->text), &when), c->read, "date %s: %s",
               c->read ? "read" : "not read", c->name);
        is_int(when, c->read ? c->when : -42, "date %s: %s", c->read ? "value" : "untouched",
               c->name);
    }
}

#define SENT "theme=dark; sid=abc123; empty=; lang=en"
#define NOW  1700000000

typedef struct {
    const char *name;
    const char *set_cookie;      /* one Set-Cookie value */
    int deletes;
} deleted_case;

static const deleted_case deleted_cases[] = {
    { "Max-Age=0", "sid=; Max-Age=0; Path=/", 1 },
    { "Max-Age negative", "sid=x; max-age=-1", 1 },
    { "Max-Age=00", "sid=x; Max-Age=00", 1 },
    { "Max-Age in the future", "sid=new; Max-Age=3600", 0 },
    { "Expires in 1970", "sid=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/", 1 },
    { "Expires a second ago", "sid=; Expires=Tue, 14 Nov 2023 22:13:19 GMT", 1 },
    { "Expires now is not past", "sid=; Expires=Tue, 14 Nov 2023 22:13:20 GMT", 0 },
    { "Expires in the future", "sid=new; Expires=Wed, 01 Jan 2031 00:00:00 GMT", 0 },
    { "Max-Age beats Expires: kept", "sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60",
      0 },
    { "Max-Age beats Expires: deleted",
      "sid=x; Max-Age=0; Expires=Wed, 01 Jan 2031 00:00:00 GMT", 1 },
    { "the last Max-Age counts", "sid=x; Max-Age=0; Max-Age=60", 0 },
    { "an unreadable Max-Age is ignored, Expires counts",
      "sid=x; Max-Age=soon; Expires=Thu, 01 Jan 1970 00:00:00 GMT", 1 },
    { "Max-Age with junk after the digits is ignored", "sid=x; Max-Age=0s", 0 },
    { "an unreadable Expires is ignored", "sid=x; Expires=yesterday", 0 },
    { "attribute names in any case, blanks around", "sid=x ;  MAX-AGE = 0 ", 1 },
    { "blanks around the name", "  sid  =x; Max-Age=0", 1 },
    { "a session cookie without an expiry is kept", "sid=new; Path=/; HttpOnly", 0 },
    { "another cookie deleted", "other=; Max-Age=0", 0 },
    { "a cookie sent with no value is no cookie", "empty=; Max-Age=0", 0 },
    { "names are case-sensitive", "SID=; Max-Age=0", 0 },
    { "a longer name", "sid2=; Max-Age=0", 0 },
    { "no '=' in the pair: ignored, as browsers do", "sid; Max-Age=0", 0 },
    { "nameless", "=x; Max-Age=0", 0 },
    { "Max-Age as a flag without a value", "sid=x; Max-Age", 0 },
    { "Max-Age inside another attribute's value", "sid=x; Comment=Max-Age=0", 0 },
    { "empty", "", 0 },
};

static void test_deleted(apr_pool_t *p)
{
    apr_array_header_t *list;
    size_t i;

    for (i = 0; i < sizeof(deleted_cases) / sizeof(deleted_cases[0]); i++) {
        const deleted_case *c = &deleted_cases[i];

        list = apr_array_make(p, 1, sizeof(const char *));
        APR_ARRAY_PUSH(list, const char *) = c->set_cookie;
        is_int(h401_cookie_deleted(SENT, list, NOW), c->deletes ? 0 : -1, "Set-Cookie %s: %s",
               c->deletes ? "deletes" : "does not delete", c->name);
    }
    list = apr_array_make(p, 3, sizeof(const char *));
    APR_ARRAY_PUSH(list, const char *) = "a=1; Max-Age=0";
    APR_ARRAY_PUSH(list, const char *) = "lang=en; Max-Age=60";
    APR_ARRAY_PUSH(list, const char *) = "lang=; Max-Age=0";
    is_int(h401_cookie_deleted(SENT, list, NOW), 2, "several Set-Cookie: the index of the one");
    is_int(h401_cookie_deleted(NULL, list, NOW), -1, "no Cookie header: nothing deleted");
    is_int(h401_cookie_deleted(SENT, NULL, NOW), -1, "no Set-Cookie list");
    APR_ARRAY_PUSH(list, const char *) = NULL;
    is_int(h401_cookie_deleted("a=x", list, NOW), 0, "the first that deletes one");
    is_int(h401_cookie_deleted("b=x", list, NOW), -1, "a NULL value in the list is skipped");
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_find(pool);
    test_common_names();
    test_name_matches();
    test_payload();
    test_cookie_date();
    test_deleted(pool);

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
