/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Fuzzes h401_parse_challenges: one input is one WWW-Authenticate value. */
#include <string.h>
#include "fuzz.h"
#include "h401_auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_array_header_t *list = apr_array_make(fuzz_pool, 1, sizeof(h401_challenge));
    char *value = fuzz_cstr(data, size);
    int n, i;

    n = h401_parse_challenges(fuzz_pool, value, list);
    FUZZ_ASSERT(n == list->nelts);
    FUZZ_ASSERT((size_t)n <= size);
    for (i = 0; i < n; i++) {
        const h401_challenge *c = &APR_ARRAY_IDX(list, i, h401_challenge);

        /* every challenge starts with a non-empty auth-scheme token */
        FUZZ_ASSERT(c->scheme && *c->scheme);
        FUZZ_ASSERT(strcspn(c->scheme, " \t,=\"") == strlen(c->scheme));
        FUZZ_ASSERT(c->stale == 0 || c->stale == 1);
        fuzz_touch(c->realm);
        fuzz_touch(c->error);
        fuzz_touch(c->error_description);
        fuzz_touch(c->scope);
    }
    /* appending to a list that already holds challenges keeps them */
    if (n > 0) {
        int again = h401_parse_challenges(fuzz_pool, value, list);
        FUZZ_ASSERT(again == n && list->nelts == 2 * n);
    }
    FUZZ_ASSERT(h401_parse_challenges(fuzz_pool, NULL, list) == 0);
    FUZZ_ASSERT(fuzz_allocated() <= 2 * FUZZ_LINEAR_BOUND(size));
    fuzz_reset();
    return 0;
}
