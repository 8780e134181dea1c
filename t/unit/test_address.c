/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_address: the address the visitor used behind a
 * reverse proxy, and the reference that leads back to it. */
#include <apr_general.h>
#include <apr_pools.h>
#include "h401_address.h"
#include "tap.h"

typedef struct {
    const char *name;
    const char *forwarded, *x_host, *x_proto;
    const char *want_host;     /* NULL: no host can be told */
    const char *want_scheme;
} origin_case;

static const origin_case origin_cases[] = {
    { "no proxy header", NULL, NULL, NULL, NULL, NULL },
    { "mod_proxy: X-Forwarded-Host only", NULL, "www.example.org", NULL,
      "www.example.org", NULL },
    { "nginx/Traefik: host and proto", NULL, "www.example.org:8443", "https",
      "www.example.org:8443", "https" },
    { "several proxies: the first (the visitor's) values", NULL,
      "www.example.org, inner.example", "https, http", "www.example.org", "https" },
    { "blanks around the value", NULL, "  www.example.org  ", " HTTP ",
      "www.example.org", "http" },
    { "an unknown proto is not guessed", NULL, "www.example.org", "gopher",
      "www.example.org", NULL },
    { "Forwarded: host and proto", "for=192.0.2.60;proto=https;host=www.example.org",
      NULL, NULL, "www.example.org", "https" },
    { "Forwarded: quoted host with a port", "for=\"[2001:db8::1]:4711\";host=\"www.example.org:8443\"",
      NULL, NULL, "www.example.org:8443", NULL },
    { "Forwarded: names case-insensitive", "For=x;Host=www.example.org;Proto=HTTPS",
      NULL, NULL, "www.example.org", "https" },
    { "Forwarded: only the first element", "for=x, host=later.example", NULL, NULL,
      NULL, NULL },
    { "Forwarded without host: X-Forwarded-Host", "for=192.0.2.60", "www.example.org", "https",
      "www.example.org", "https" },
    { "Forwarded wins over X-Forwarded-Host", "host=a.example", "b.example", "https",
      "a.example", NULL },
    { "a quoted value holding ';' and ','", "for=\"a;b,c\";host=www.example.org", NULL,
      NULL, "www.example.org", NULL },
    { "unterminated quoted host", "host=\"www.example.org", NULL, NULL, NULL, NULL },
    { "IPv6 host", NULL, "[2001:db8::1]:8080", NULL, "[2001:db8::1]:8080", NULL },
    { "a path is not a host", NULL, "www.example.org/evil", NULL, NULL, NULL },
    { "user info is not a host", NULL, "user@www.example.org", NULL, NULL, NULL },
    { "a space is not a host", NULL, "www.example.org evil", NULL, NULL, NULL },
    { "a control byte is not a host", NULL, "www.example.org\x01", NULL, NULL, NULL },
    { "empty", NULL, "", "https", NULL, NULL },
    { "only commas", NULL, " , ", NULL, NULL, NULL },
};

static void test_origin(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < sizeof(origin_cases) / sizeof(origin_cases[0]); i++) {
        const origin_case *c = &origin_cases[i];
        const char *host = NULL, *scheme = NULL;
        int found = h401_forwarded_origin(p, c->forwarded, c->x_host, c->x_proto,
                                          &host, &scheme);

        is_int(found, c->want_host != NULL, "%s: %s", c->name,
               c->want_host ? "a host" : "no host");
        is_str(found ? host : NULL, c->want_host, "%s: the host", c->name);
        is_str(found ? scheme : NULL, c->want_scheme, "%s: the scheme", c->name);
    }
}

static void test_loopback(void)
{
    static const struct { const char *host; int want; } cases[] = {
        { "127.0.0.1:8080", 1 }, { "127.0.0.1", 1 }, { "127.1.2.3", 1 },
        { "localhost", 1 }, { "LOCALHOST:80", 1 }, { "[::1]:8080", 1 }, { "[::1]", 1 },
        { "localhost.example.org", 0 }, { "www.example.org", 0 }, { "[2001:db8::1]", 0 },
        { "1270.0.0.1", 0 }, { "", 0 }, { NULL, 0 },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        is_int(h401_host_is_loopback(cases[i].host), cases[i].want, "loopback host '%s'",
               cases[i].host ? cases[i].host : "(none)");
    }
}

static void test_ip_loopback(void)
{
    static const struct { const char *ip; int want; } cases[] = {
        { "127.0.0.1", 1 }, { "127.8.9.10", 1 }, { "::1", 1 }, { "::ffff:127.0.0.1", 1 },
        { "192.0.2.1", 0 }, { "::ffff:192.0.2.1", 0 }, { "2001:db8::1", 0 }, { "", 0 },
        { NULL, 0 },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        is_int(h401_ip_is_loopback(cases[i].ip), cases[i].want, "loopback client '%s'",
               cases[i].ip ? cases[i].ip : "(none)");
    }
}

static void test_reload(apr_pool_t *p)
{
    static const struct { const char *target, *want; } cases[] = {
        { "/", "./" },
        { "/staff/", "./" },
        { "/staff/report.pdf", "./report.pdf" },
        { "/staff/?a=1&b=2", "./?a=1&b=2" },
        { "/staff/list?q=/x/y", "./list?q=/x/y" },
        { "/a:b", "./a:b" },
        { "/%7Ebob/", "./" },
        { "/files/name%20with%20space", "./name%20with%20space" },
        { "?x", "./?x" },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        is_str(h401_reload_reference(p, cases[i].target), cases[i].want,
               "reload reference of %s", cases[i].target);
    }
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_origin(pool);
    test_loopback();
    test_ip_loopback();
    test_reload(pool);

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
