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

/* ---- a response that deletes a cookie ---- */

static int is_blank(int c)
{
    return c == ' ' || c == '\t';
}

/* RFC 6265 section 5.1.1: the bytes between a date's tokens. */
static int is_date_delimiter(unsigned char c)
{
    return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40)
           || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

/* 1 to max digits at s (of n bytes) into *v, then a non-digit or the end
 * (what follows it is ignored); the number of digits read, or 0. */
static apr_size_t date_digits(const char *s, apr_size_t n, apr_size_t min,
                              apr_size_t max, int *v)
{
    apr_size_t i = 0;

    *v = 0;
    while (i < n && apr_isdigit(s[i])) {
        if (i == max) {
            return 0;
        }
        *v = *v * 10 + (s[i] - '0');
        i++;
    }
    return i >= min ? i : 0;
}

/* hms-time: 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then a non-digit or the end. */
static int date_time(const char *s, apr_size_t n, int *h, int *m, int *sec)
{
    apr_size_t a, b, c;

    if (!(a = date_digits(s, n, 1, 2, h)) || a >= n || s[a] != ':'
        || !(b = date_digits(s + a + 1, n - a - 1, 1, 2, m)) || a + 1 + b >= n
        || s[a + 1 + b] != ':') {
        return 0;
    }
    c = date_digits(s + a + b + 2, n - a - b - 2, 1, 2, sec);
    return c != 0;
}

static int date_month(const char *s, apr_size_t n)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    int i;

    if (n < 3) {
        return 0;
    }
    for (i = 0; i < 12; i++) {
        if (apr_tolower(s[0]) == months[i * 3] && apr_tolower(s[1]) == months[i * 3 + 1]
            && apr_tolower(s[2]) == months[i * 3 + 2]) {
            return i + 1;
        }
    }
    return 0;
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static apr_int64_t days_from_civil(apr_int64_t y, int m, int d)
{
    apr_int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int h401_cookie_date(const char *s, apr_size_t len, apr_int64_t *out)
{
    static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int have_time = 0, have_day = 0, have_month = 0, have_year = 0;
    int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
    apr_size_t i = 0;
    int leap;

    while (i < len) {
        apr_size_t start, n;
        int v;

        while (i < len && is_date_delimiter((unsigned char)s[i])) {
            i++;
        }
        start = i;
        while (i < len && !is_date_delimiter((unsigned char)s[i])) {
            i++;
        }
        if ((n = i - start) == 0) {
            break;
        }
        /* each token is tried as a time, a day, a month, then a year,
         * each taken once, as the RFC reads it */
        if (!have_time && date_time(s + start, n, &hour, &minute, &second)) {
            have_time = 1;
        }
        else if (!have_day && date_digits(s + start, n, 1, 2, &v)) {
            have_day = 1;
            day = v;
        }
        else if (!have_month && (v = date_month(s + start, n)) != 0) {
            have_month = 1;
            month = v;
        }
        else if (!have_year && date_digits(s + start, n, 2, 4, &v)) {
            have_year = 1;
            year = v;
        }
    }
    if (have_year && year >= 70 && year <= 99) {
        year += 1900;
    }
    else if (have_year && year <= 69) {
        year += 2000;
    }
    if (!have_time || !have_day || !have_month || !have_year || day < 1 || year < 1601
        || hour > 23 || minute > 59 || second > 59) {
        return 0;
    }
    leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > mdays[month - 1] || (month == 2 && day == 29 && !leap)) {
        return 0;   /* no such date */
    }
    *out = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return 1;
}

/* Max-Age's value (RFC 6265 section 5.2.2): an optional '-' and digits,
 * nothing else; *gone is whether it is 0 or less. */
static int max_age_gone(const char *v, apr_size_t n, int *gone)
{
    apr_size_t i = (n && *v == '-') ? 1 : 0;
    int nonzero = 0;

    if (i == n) {
        return 0;
    }
    for (; i < n; i++) {
        if (!apr_isdigit(v[i])) {
            return 0;
        }
        nonzero |= v[i] != '0';
    }
    *gone = *v == '-' || !nonzero;
    return 1;
}

/*
 * Reads one Set-Cookie value: its name (*name, *name_len) and whether it
 * deletes the cookie. Attributes are split at ';' and their names
 * compared in any case; the last readable Max-Age counts, else the last
 * readable Expires, as a browser stores the cookie (RFC 6265 section 5.3).
 */
static int set_cookie_deletes(const char *v, apr_int64_t now, const char **name,
                              apr_size_t *name_len)
{
    const char *s = v, *end;
    int has_max_age = 0, max_age_past = 0, has_expires = 0;
    apr_int64_t expires = 0;

    while (is_blank(*s)) {
        s++;
    }
    *name = s;
    while (*s && *s != '=' && *s != ';') {
        s++;
    }
    if (*s != '=') {
        return 0;   /* no name-value pair: the browser ignores it */
    }
    end = s;
    while (end > *name && is_blank(end[-1])) {
        end--;
    }
    *name_len = (apr_size_t)(end - *name);
    while (*s && *s != ';') {
        s++;
    }
    while (*s == ';') {
        const char *a, *a_end, *val, *val_end;
        apr_int64_t t;
        int gone;

        s++;
        while (is_blank(*s)) {
            s++;
        }
        a = s;
        while (*s && *s != ';' && *s != '=') {
            s++;
        }
        a_end = s;
        while (a_end > a && is_blank(a_end[-1])) {
            a_end--;
        }
        val = val_end = s;
        if (*s == '=') {
            val = ++s;
            while (is_blank(*val)) {
                val++;
            }
            while (*s && *s != ';') {
                s++;
            }
            val_end = s;
            while (val_end > val && is_blank(val_end[-1])) {
                val_end--;
            }
        }
        if (a_end - a == 7 && strncasecmp(a, "max-age", 7) == 0) {
            if (max_age_gone(val, (apr_size_t)(val_end - val), &gone)) {
                has_max_age = 1;
                max_age_past = gone;
            }
        }
        else if (a_end - a == 7 && strncasecmp(a, "expires", 7) == 0) {
            if (h401_cookie_date(val, (apr_size_t)(val_end - val), &t)) {
                has_expires = 1;
                expires = t;
            }
        }
    }
    return has_max_age ? max_age_past : has_expires && expires < now;
}

/* Whether the Cookie header sent a cookie of that name, with a value. */
static int cookie_sent(const char *header, const char *name, apr_size_t len)
{
    const char *s = header;

    while (*s) {
        const char *n, *n_end;

        while (is_blank(*s) || *s == ';') {
            s++;
        }
        n = s;
        while (*s && *s != '=' && *s != ';') {
            s++;
        }
        n_end = s;
        while (n_end > n && is_blank(n_end[-1])) {
            n_end--;
        }
        if (*s == '=') {
            const char *value = ++s;
            while (*s && *s != ';') {
                s++;
            }
            if (s > value && (apr_size_t)(n_end - n) == len && memcmp(n, name, len) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

int h401_cookie_deleted(const char *cookie_header,
                        const apr_array_header_t *set_cookies, apr_int64_t now)
{
    int i;

    for (i = 0; cookie_header && set_cookies && i < set_cookies->nelts; i++) {
        const char *v = APR_ARRAY_IDX(set_cookies, i, const char *);
        const char *name;
        apr_size_t len;

        if (v && set_cookie_deletes(v, now, &name, &len) && len
            && cookie_sent(cookie_header, name, len)) {
            return i;
        }
    }
    return -1;
}
