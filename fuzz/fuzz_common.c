/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Shared by every fuzz target: APR set-up and the guarded per-input pool
 * (see fuzz.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <string.h>
#include <apr_general.h>
#include <apr_pools.h>
#include "fuzz.h"

apr_pool_t *fuzz_pool;
apr_pool_t *fuzz_static_pool;

typedef void *(*palloc_fn)(apr_pool_t *, apr_size_t);

static palloc_fn real_palloc;
static void **blocks;          /* malloc()ed for fuzz_pool since the reset */
static size_t nblocks, capblocks;
static size_t allocated;

static palloc_fn find_real_palloc(void)
{
    if (!real_palloc) {
        real_palloc = (palloc_fn)(uintptr_t)dlsym(RTLD_NEXT, "apr_palloc");
        if (!real_palloc) {
            fprintf(stderr, "fuzz: cannot find APR's apr_palloc: %s\n", dlerror());
            abort();
        }
    }
    return real_palloc;
}

/* libapr calls apr_palloc through its PLT too (apr_pstrdup, apr_array_push,
 * apr_hash_set ...), so these definitions see every allocation. */
#undef apr_palloc
#undef apr_pcalloc
/* apr_pools.h declares it only when it is not its own memset macro */
void *apr_pcalloc(apr_pool_t *p, apr_size_t size);
void *apr_palloc(apr_pool_t *p, apr_size_t size)
{
    void *m;

    if (fuzz_pool == NULL || p != fuzz_pool) {
        return find_real_palloc()(p, size);
    }
    m = malloc(size ? size : 1);
    if (!m) {
        abort();
    }
    if (nblocks == capblocks) {
        void **bigger;
        capblocks = capblocks ? capblocks * 2 : 1024;
        bigger = realloc(blocks, capblocks * sizeof(*blocks));
        if (!bigger) {
            abort();
        }
        blocks = bigger;
    }
    blocks[nblocks++] = m;
    allocated += size;
    return m;
}

void *apr_pcalloc(apr_pool_t *p, apr_size_t size)
{
    void *m = apr_palloc(p, size);
    memset(m, 0, size);
    return m;
}

void fuzz_setup(void)
{
    if (fuzz_pool) {
        return;
    }
    find_real_palloc();
    if (apr_initialize() != APR_SUCCESS
        || apr_pool_create(&fuzz_static_pool, NULL) != APR_SUCCESS
        || apr_pool_create(&fuzz_pool, NULL) != APR_SUCCESS) {
        fprintf(stderr, "fuzz: APR would not start\n");
        abort();
    }
}

/*
 * The start of a target with nothing of its own to set up. Weak, so that
 * a target that sets up more (cookie names, templates) defines its own.
 */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

void fuzz_reset(void)
{
    size_t i;

    /* cleanups (registered in guarded memory) run first */
    apr_pool_clear(fuzz_pool);
    for (i = 0; i < nblocks; i++) {
        free(blocks[i]);
    }
    nblocks = 0;
    allocated = 0;
}

size_t fuzz_allocated(void)
{
    return allocated;
}

char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = apr_palloc(fuzz_pool, size + 1);

    if (size) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    return s;
}

void fuzz_touch(const char *s)
{
    volatile size_t sink;

    if (s) {
        sink = strlen(s);
        (void)sink;
    }
}
