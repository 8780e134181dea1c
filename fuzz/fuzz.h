/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file fuzz.h
 * @brief What every fuzz target of lib/ shares (fuzz_common.c).
 *
 * Each target defines LLVMFuzzerTestOneInput (ending with fuzz_reset),
 * and LLVMFuzzerInitialize (calling fuzz_setup) when it sets up more than
 * fuzz_common.c's default does. The same objects link
 * with libFuzzer (make fuzz) or with replay.c (make sanitize).
 *
 * Pool memory: APR carves apr_palloc() memory out of 8 KiB blocks, where
 * AddressSanitizer cannot see a read or write past the end of one
 * allocation. fuzz_common.c therefore interposes apr_palloc/apr_pcalloc:
 * for the per-input pool (fuzz_pool) every allocation is its own malloc()
 * (with ASan's red zones), freed by fuzz_reset(). Other pools are left to
 * APR. It also counts the bytes asked for, so a target can assert that an
 * input's cost stays proportional to its size.
 */
#ifndef H401_FUZZ_H
#define H401_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <apr_pools.h>

/** The per-input pool: cleared (and its guarded memory freed) by fuzz_reset. */
extern apr_pool_t *fuzz_pool;
/** A pool that lives for the whole run, for what a target sets up once. */
extern apr_pool_t *fuzz_static_pool;

/** apr_initialize and the pools; safe to call more than once. */
void fuzz_setup(void);

/** Ends one input: clears fuzz_pool and frees its memory. */
void fuzz_reset(void);

/** Bytes requested from fuzz_pool since the last fuzz_reset. */
size_t fuzz_allocated(void);

/** A NUL-terminated copy of the input, exactly size + 1 bytes, in fuzz_pool. */
char *fuzz_cstr(const uint8_t *data, size_t size);

/** Reads every byte of s (NULL allowed), so ASan checks it is a live string. */
void fuzz_touch(const char *s);

/** Aborts, naming the broken property; libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond)                                                  \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: fuzz property failed: %s\n",           \
                    __FILE__, __LINE__, #cond);                            \
            abort();                                                       \
        }                                                                  \
    } while (0)

/** The cost bound used for the header parsers: linear in the input. */
#define FUZZ_LINEAR_BOUND(size) ((size_t)(size) * 64 + 65536)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
