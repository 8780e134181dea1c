/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "h401_cookie.h"

const char *const h401_common_session_cookies[] = {
    "PHPSESSID", "JSESSIONID", "ASP.NET_SessionId", "connect.sid",
    "laravel_session", "sessionid", "session", NULL
};

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
            const char *want = APR_ARRAY_IDX(names, i, const char *);
            if (strlen(want) == (apr_size_t)(name_end - name_start)
                && memcmp(want, name_start, (apr_size_t)(name_end - name_start)) == 0) {
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
