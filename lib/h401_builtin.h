/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_builtin.h
 * @brief The shipped templates/, compiled into the module so that it
 * works with nothing but a LoadModule line. h401_builtin.c is generated
 * from templates/ by tools/embed-templates.pl at build time.
 */
#ifndef H401_BUILTIN_H
#define H401_BUILTIN_H

#include <apr_pools.h>

typedef struct {
    const char *path;   /**< relative to templates/, e.g. "en/messages.txt" */
    const char *text;
} h401_builtin_file;

/** The shipped files, ending with a {NULL, NULL} entry. */
extern const h401_builtin_file h401_builtin_files[];

/** An h401_file_fn over the shipped files (baton unused). */
const char *h401_builtin_get(void *baton, apr_pool_t *p, const char *path);

#endif
