/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "h401_cookie.h"

/* Frameworks' defaults, then the single sign-on modules' for httpd:
 * mod_auth_openidc (its session is split into _chunks, _0, _1... when
 * large), mod_auth_mellon (MellonVarName "cookie"), Shibboleth (the
 * application's hash follows the prefix), mod_auth_cas (plain and
 * secure), mod_auth_tkt, mod_auth_pubtkt and oauth2-proxy. Their state
 * cookies during a login (mod_auth_openidc_state_..., _shibstate_...) are
 * no session and are left out. */
const char *const h401_common_session_cookies[] = {
    "PHPSESSID", "JSESSIONID", "ASP.NET_SessionId", "connect.sid",
    "laravel_session", "sessionid", "session",
    "mod_auth_openidc_session*", "mellon-cookie", "_shibsession_*",
    "MOD_AUTH_CAS", "MOD_AUTH_CAS_S", "auth_tkt", "auth_pubtkt", "_oauth2_proxy",
    NULL
};

int h401_cookie_name_matches(const char *want, const char *name, apr_size_t len)
{
    apr_size_t n = strlen(want);

    if (n && want[n - 1] == '*') {
        return len >= n - 1 && memcmp(want, name, n - 1) == 0;
    }
    return n == len && memcmp(want, name, len) == 0;
}

int h401_session_payload_expiry(const char *value, apr_int64_t *expiry)
{
    const char *at = value;

    /* mod_session writes "key=value&key=value", expiry among them */
    while ((at = strstr(at, "expiry=")) != NULL) {
        if (at == value || at[-1] == '&') {
            const char *digits = at + 7;
            const char *end = digits;
            while (apr_isdigit(*end)) {
                end++;
            }
            if (end > digits && end - digits <= 18
                && (*end == '\0' || *end == '&' || *end == '"')) {
                *expiry = apr_atoi64(digits);
                return 1;
            }
        }
        at += 7;
    }
    return 0;
}

const char *h401_find_session_cookie(apr_pool_t *p, const char *header,
                                     const apr_array_header_t *names)
{
    const char *s = header;

    if (!header) {
        return NULL;
    }
    while (*s) {
        const char *name_start, *name_end, *value_start, *value_end;
        apr_int64_t expiry;
        const char *value;
        int i;

        while (*s == ' ' || *s == '\t' || *s == ';') {
            s++;
        }
        if (!*s) {
            break;
        }
        name_start = s;
        while (*s && *s != '=' && *s != ';') {
            s++;
        }
        name_end = s;
        while (name_end > name_start && (name_end[-1] == ' ' || name_end[-1] == '\t')) {
            name_end--;
        }
        value_start = value_end = s;
        if (*s == '=') {
            value_start = ++s;
            while (*s && *s != ';') {
                s++;
            }
            value_end = s;
        }
        if (name_end == name_start || value_end == value_start) {
            continue;   /* a nameless or empty cookie logs nobody in */
        }
        for (i = 0; names && i < names->nelts; i++) {
            if (h401_cookie_name_matches(APR_ARRAY_IDX(names, i, const char *), name_start,
                                         (apr_size_t)(name_end - name_start))) {
                return apr_pstrmemdup(p, name_start, (apr_size_t)(name_end - name_start));
            }
        }
        value = apr_pstrmemdup(p, value_start, (apr_size_t)(value_end - value_start));
        if (h401_session_payload_expiry(value, &expiry)) {
            return apr_pstrmemdup(p, name_start, (apr_size_t)(name_end - name_start));
        }
    }
    return NULL;
}
