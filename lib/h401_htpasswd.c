/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "h401_htpasswd.h"

/*
 * What apr_password_validate() (apr-util 1.6, crypto/apr_passwd.c) can
 * verify where it is not built for Windows, NetWare or BeOS:
 *   $2a$ and $2y$      its own bcrypt
 *   $apr1$             its own MD5 (apr_md5.c)
 *   {SHA}              its own SHA-1, base64
 *   anything else      crypt(): on Debian 12 libxcrypt 4.4, which knows
 *                      the $id$ forms below, DES (13 characters of
 *                      [./0-9A-Za-z]) and BSDi DES (_ and 19 of them),
 *                      and answers "*0" for any other value
 * Plain text reaches crypt() too, which reads it as a DES salt and never
 * gives it back: it is compared as it is only on those other systems.
 * Each of these was checked against apr_password_validate() on Debian 12.
 */
static const char *const crypt_ids[] = {
    "1", "2a", "2b", "2x", "2y", "3", "5", "6", "7", "gy", "y", "sha1",
    "apr1", NULL
};

static int is_crypt_char(char c)
{
    return apr_isalnum(c) || c == '.' || c == '/';
}

static int all_crypt_chars(const char *s, apr_size_t n)
{
    apr_size_t i;

    for (i = 0; i < n; i++) {
        if (!s[i] || !is_crypt_char(s[i])) {
            return 0;
        }
    }
    return 1;
}

h401_hash_problem h401_hash_check(apr_pool_t *p, const char *hash, const char **scheme)
{
    apr_size_t len = strlen(hash);
    const char *unused;

    if (!scheme) {
        scheme = &unused;
    }
    *scheme = NULL;
    if (!len) {
        return H401_HASH_EMPTY;
    }
    if (hash[0] == '!' || hash[0] == '*') {
        return H401_HASH_LOCKED;
    }
    if (hash[0] == '{') {
        const char *close = strchr(hash, '}');

        if (strncmp(hash, "{SHA}", 5) == 0) {
            return H401_HASH_OK;
        }
        if (close) {
            *scheme = apr_pstrmemdup(p, hash, (apr_size_t)(close - hash + 1));
            return H401_HASH_LDAP_SCHEME;
        }
        return H401_HASH_PLAIN_TEXT;
    }
    if (hash[0] == '$') {
        /* $id$ or $id, (Sun's $md5,rounds=...$) */
        apr_size_t n = strcspn(hash + 1, "$,");
        int i;

        if (hash[1 + n] == '\0') {
            return H401_HASH_PLAIN_TEXT;   /* "$secret": no $id$ */
        }
        if (n == 3 && strncmp(hash + 1, "md5", 3) == 0) {
            return H401_HASH_OK;
        }
        for (i = 0; crypt_ids[i]; i++) {
            if (strlen(crypt_ids[i]) == n && strncmp(hash + 1, crypt_ids[i], n) == 0) {
                return H401_HASH_OK;
            }
        }
        *scheme = apr_pstrmemdup(p, hash, n + 2);
        return H401_HASH_UNKNOWN_CRYPT;
    }
    if (len == 13 && all_crypt_chars(hash, 13)) {
        return H401_HASH_OK;   /* DES, or plain text that looks like it */
    }
    if (len == 20 && hash[0] == '_' && all_crypt_chars(hash + 1, 19)) {
        return H401_HASH_OK;   /* BSDi extended DES */
    }
    return H401_HASH_PLAIN_TEXT;
}

const char *h401_hash_problem_name(h401_hash_problem problem)
{
    switch (problem) {
    case H401_HASH_EMPTY:         return "empty";
    case H401_HASH_PLAIN_TEXT:    return "plain-text";
    case H401_HASH_LOCKED:        return "locked";
    case H401_HASH_LDAP_SCHEME:   return "ldap-scheme";
    case H401_HASH_UNKNOWN_CRYPT: return "unknown-crypt";
    default:                      return "ok";
    }
}

const char *h401_hash_problem_why(apr_pool_t *p, const h401_htpasswd_record *rec)
{
    switch (rec->problem) {
    case H401_HASH_EMPTY:
        return "is empty, which no password matches";
    case H401_HASH_PLAIN_TEXT:
        return "is stored as plain text, which apr checks only on Windows";
    case H401_HASH_LOCKED:
        return "starts with '!' or '*' (a locked account), which no password matches";
    case H401_HASH_LDAP_SCHEME:
        return apr_psprintf(p, "is stored as %s, which apr does not know (of "
                            "these it knows {SHA} only)", rec->scheme);
    case H401_HASH_UNKNOWN_CRYPT:
        return apr_psprintf(p, "is stored as %s, which neither apr nor this "
                            "system's crypt() knows", rec->scheme);
    default:
        return "can be verified";
    }
}

/* One line as ap_cfg_getline() gives it to mod_authn_file: without its
 * line end, and trimmed of white space at both ends. */
static void trim(const char **start, const char **end)
{
    while (*start < *end && apr_isspace(**start)) {
        (*start)++;
    }
    while (*end > *start && apr_isspace((*end)[-1])) {
        (*end)--;
    }
}

int h401_htpasswd_find(apr_pool_t *p, const char *text, apr_size_t len,
                       const char *user, h401_htpasswd_record *out)
{
    const char *s = text, *end = text + len;
    apr_size_t user_len = strlen(user);
    int lineno = 0;

    memset(out, 0, sizeof(*out));
    while (s < end) {
        const char *eol = memchr(s, '\n', (apr_size_t)(end - s));
        const char *start = s, *stop = eol ? eol : end;
        const char *colon;

        lineno++;
        s = eol ? eol + 1 : end;
        trim(&start, &stop);
        if (start == stop || *start == '#') {
            continue;
        }
        colon = memchr(start, ':', (apr_size_t)(stop - start));
        /* ap_getword(':'): the whole line is the name when it has no ':' */
        if ((colon ? (apr_size_t)(colon - start) : (apr_size_t)(stop - start)) != user_len
            || memcmp(start, user, user_len) != 0 || memchr(start, '\0', user_len)) {
            continue;
        }
        if (colon) {
            const char *v = colon + 1;
            const char *next = memchr(v, ':', (apr_size_t)(stop - v));

            out->hash = apr_pstrmemdup(p, v, (apr_size_t)((next ? next : stop) - v));
        }
        else {
            out->hash = "";
        }
        out->line = lineno;
        out->problem = h401_hash_check(p, out->hash, &out->scheme);
        return 1;
    }
    return 0;
}
