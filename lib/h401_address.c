/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/*
 * The address the visitor used: what a reverse proxy says of it, and a
 * reference back to it that needs none of that.
 */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "h401_address.h"

/* The first comma-separated value of a header, trimmed; NULL if empty. */
static const char *first_value(apr_pool_t *p, const char *header)
{
    const char *end;

    if (!header) {
        return NULL;
    }
    while (*header == ' ' || *header == '\t') {
        header++;
    }
    end = header + strcspn(header, ",");
    while (end > header && (end[-1] == ' ' || end[-1] == '\t')) {
        end--;
    }
    return end > header ? apr_pstrmemdup(p, header, end - header) : NULL;
}

/* The value of parameter name (host, proto) in the first element of a
 * Forwarded header: token or quoted-string, its quotes and escapes taken
 * off. NULL when that element does not have it. */
static const char *forwarded_param(apr_pool_t *p, const char *header, const char *name)
{
    apr_size_t len = strlen(name);
    const char *s = header;

    while (s && *s && *s != ',') {
        while (*s == ' ' || *s == '\t' || *s == ';') {
            s++;
        }
        if (strncasecmp(s, name, len) == 0 && s[len] == '=') {
            const char *v = s + len + 1;
            char *out, *o;

            if (*v != '"') {
                return apr_pstrmemdup(p, v, strcspn(v, ";, \t"));
            }
            o = out = apr_palloc(p, strlen(v));
            for (v++; *v && *v != '"'; v++) {
                if (*v == '\\' && v[1]) {
                    v++;
                }
                *o++ = *v;
            }
            *o = '\0';
            return *v == '"' ? out : NULL;   /* unterminated: not read */
        }
        /* the next parameter: past this one's value, quoted or not */
        while (*s && *s != ';' && *s != ',') {
            if (*s++ == '"') {
                while (*s && *s != '"') {
                    s += (*s == '\\' && s[1]) ? 2 : 1;
                }
                if (*s) {
                    s++;
                }
            }
        }
    }
    return NULL;
}

static int host_can_be_shown(const char *host)
{
    const char *c;

    if (!host || !*host) {
        return 0;
    }
    for (c = host; *c; c++) {
        if (apr_iscntrl(*c) || *c == ' ' || strchr("/?#@\\", *c)) {
            return 0;
        }
    }
    return 1;
}

static const char *known_scheme(const char *proto)
{
    if (proto && strcasecmp(proto, "https") == 0) {
        return "https";
    }
    if (proto && strcasecmp(proto, "http") == 0) {
        return "http";
    }
    return NULL;
}

int h401_forwarded_origin(apr_pool_t *p, const char *forwarded,
                          const char *x_forwarded_host,
                          const char *x_forwarded_proto,
                          const char **host, const char **scheme)
{
    const char *h = NULL, *proto = NULL;

    if (forwarded) {
        h = forwarded_param(p, forwarded, "host");
        proto = forwarded_param(p, forwarded, "proto");
    }
    if (!h) {
        h = first_value(p, x_forwarded_host);
        proto = first_value(p, x_forwarded_proto);
    }
    if (!host_can_be_shown(h)) {
        return 0;
    }
    *host = h;
    *scheme = known_scheme(proto);
    return 1;
}

int h401_ip_is_loopback(const char *ip)
{
    return ip && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0
                  || strncmp(ip, "::ffff:127.", 11) == 0);
}

int h401_host_is_loopback(const char *host)
{
    apr_size_t n;

    if (!host) {
        return 0;
    }
    if (host[0] == '[') {
        return strncmp(host, "[::1]", 5) == 0;
    }
    n = strcspn(host, ":");
    if (n == 9 && strncasecmp(host, "localhost", 9) == 0) {
        return 1;
    }
    return strncmp(host, "127.", 4) == 0;
}

const char *h401_reload_reference(apr_pool_t *p, const char *target)
{
    apr_size_t path_len = strcspn(target, "?");
    const char *last = target + path_len;

    while (last > target && last[-1] != '/') {
        last--;
    }
    /* "./" keeps a segment with a ':' from reading as a scheme */
    return apr_pstrcat(p, "./", last, NULL);
}
