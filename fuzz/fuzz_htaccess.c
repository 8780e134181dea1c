/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Fuzzes h401_htaccess_scan: one input is one .htaccess file. The API takes
 * a length, so the input is passed as it is, without a NUL after it. */
#include <string.h>
#include "fuzz.h"
#include "h401_htaccess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    h401_htaccess_auth out;
    size_t lines = 1, i;
    int k;

    for (i = 0; i < size; i++) {
        lines += data[i] == '\n';
    }
    h401_htaccess_scan(fuzz_pool, (const char *)data, size, &out);
    FUZZ_ASSERT(out.files != NULL);
    FUZZ_ASSERT(out.protects == 0 || out.protects == 1);
    if (out.protects) {
        FUZZ_ASSERT(out.protect_line >= 1 && (size_t)out.protect_line <= lines);
    }
    fuzz_touch(out.auth_type);
    fuzz_touch(out.auth_name);
    for (k = 0; k < out.files->nelts; k++) {
        const h401_authfile *f = &APR_ARRAY_IDX(out.files, k, h401_authfile);
        FUZZ_ASSERT(f->directive && f->path);
        FUZZ_ASSERT(f->line >= 1 && (size_t)f->line <= lines);
        fuzz_touch(f->path);
    }
    FUZZ_ASSERT(fuzz_allocated() <= FUZZ_LINEAR_BOUND(size));
    fuzz_reset();
    return 0;
}
