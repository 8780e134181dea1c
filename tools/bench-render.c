/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* The render micro-benchmark of `make bench` (tools/bench.sh): the shipped
 * template set loaded once, as the module loads it at start-up, then one
 * prepared page rendered COUNT times, each into a fresh buffer in a pool
 * cleared between pages, as a request's pool is.
 *
 *   bench-render [COUNT [PAGE]]     (COUNT 200000 by default)
 *
 * The page is the one the benchmark's no-credentials request gets: English
 * HTML for /staff/, a Basic area with the realm "Staff area", a contact
 * address, no administrator's section; with PAGE, it is also written to
 * that file (bench.sh compares it with the module's). Prints one line:
 *   bytes=B pages=COUNT ns_per_page=T
 * Under callgrind the difference between two COUNTs gives instructions
 * per page; the time is only meaningful without it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include "h401_auth.h"
#include "h401_builtin.h"
#include "h401_page.h"

#define CHALLENGE "Basic realm=\"Staff area\""

/* Every language shipped, English first: what the module loads. */
static apr_array_header_t *shipped_languages(apr_pool_t *p)
{
    apr_array_header_t *langs = apr_array_make(p, 8, sizeof(const char *));
    const h401_builtin_file *f;

    APR_ARRAY_PUSH(langs, const char *) = "en";
    for (f = h401_builtin_files; f->path; f++) {
        const char *slash = strchr(f->path, '/');
        if (slash && strcmp(slash, "/messages.txt") == 0
            && strncmp(f->path, "en/", 3) != 0) {
            APR_ARRAY_PUSH(langs, const char *) =
                apr_pstrmemdup(p, f->path, (apr_size_t)(slash - f->path));
        }
    }
    return langs;
}

/* The facts of the benchmark's no-credentials request. */
static void no_credentials_facts(apr_pool_t *p, const h401_pageset *set,
                                 h401_page_facts *facts)
{
    apr_array_header_t *challenges = apr_array_make(p, 1, sizeof(h401_challenge));
    apr_array_header_t *headers = apr_array_make(p, 1, sizeof(const char *));

    h401_parse_challenges(p, CHALLENGE, challenges);
    APR_ARRAY_PUSH(headers, const char *) = CHALLENGE;
    memset(facts, 0, sizeof(*facts));
    facts->cause = H401_CAUSE_NO_CREDENTIALS;
    facts->method = H401_SIGNIN_BASIC;
    facts->lang = h401_pageset_language(set, NULL, "en");
    facts->format = H401_FORMAT_HTML;
    facts->realm = "Staff area";
    facts->scheme = "Basic";
    facts->url = "http://127.0.0.1:8701/staff/";
    facts->path = "/staff/";
    facts->contact = "mailto:webmaster@bench.example";
    facts->home_url = "/";
    facts->challenges = challenges;
    facts->challenge_headers = headers;
}

static int write_page(const char *path, const h401_buf *buf)
{
    FILE *out = fopen(path, "wb");

    if (!out || fwrite(buf->data, 1, buf->len, out) != buf->len || fclose(out) != 0) {
        fprintf(stderr, "bench-render: cannot write %s\n", path);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : 200000, i;
    apr_pool_t *pool, *page_pool;
    h401_pageset *set;
    h401_page_facts facts;
    h401_buf buf;
    struct timespec t0, t1;
    const char *err;
    apr_size_t bytes = 0;
    double ns;

    if (count < 1) {
        fprintf(stderr, "usage: %s [COUNT]\n", argv[0]);
        return 2;
    }
    apr_initialize();
    apr_pool_create(&pool, NULL);
    apr_pool_create(&page_pool, pool);
    err = h401_pageset_load(pool, h401_builtin_get, NULL, shipped_languages(pool),
                            NULL, "templates/", &set);
    if (err) {
        fprintf(stderr, "bench-render: the shipped templates do not load: %s\n", err);
        return 1;
    }
    no_credentials_facts(pool, set, &facts);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < count; i++) {
        apr_pool_clear(page_pool);
        h401_buf_init(&buf, page_pool, 4096);   /* as the module does */
        h401_page_render(set, &facts, &buf);
        bytes = buf.len;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec))
         / (double)count;
    printf("bytes=%lu pages=%ld ns_per_page=%.1f\n", (unsigned long)bytes, count, ns);
    if (argc > 2 && !write_page(argv[2], &buf)) {
        return 1;
    }
    apr_pool_destroy(pool);
    apr_terminate();
    return bytes ? 0 : 1;
}
