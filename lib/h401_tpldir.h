/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_tpldir.h
 * @brief An admin's template directory (Helpful401Templates) read from
 * disk: which languages it has, and its files, each refused unless it is
 * a regular file that can be read whole.
 *
 * Used by the module when it reads its configuration and by the preview
 * tool (tools/preview.c), so that both see a directory the same way.
 */
#ifndef H401_TPLDIR_H
#define H401_TPLDIR_H

#include <apr_pools.h>
#include <apr_tables.h>

/** The most bytes one template file may hold. */
#define H401_TPLDIR_FILE_MAX (1024 * 1024)

typedef struct h401_tpldir h401_tpldir;

/** Whether s is a language tag as directories and directives spell it
 *  ("en", "pt-BR"): letters and digits in parts of 1 to 8, joined by '-'. */
int h401_is_language_tag(const char *s);

/**
 * Opens the template directory dir (NULL: none, only the shipped
 * languages) and lists its languages: "en" first, then the other shipped
 * ones, then each subdirectory named like a language tag that holds a
 * messages.txt, in lower case.
 */
h401_tpldir *h401_tpldir_open(apr_pool_t *p, const char *dir);

/** The language tags (const char *), the default ("en") first. */
const apr_array_header_t *h401_tpldir_languages(const h401_tpldir *d);

/**
 * An h401_file_fn (baton: the h401_tpldir) giving the text of path
 * ("page.html", "pt-br/messages.txt") in the directory, or NULL. NULL
 * with no error means the directory has no such file; a file that exists
 * but is no regular file (a FIFO, a device, a directory), cannot be read,
 * is larger than H401_TPLDIR_FILE_MAX or holds a NUL byte also gives
 * NULL, and h401_tpldir_error() then says why. A FIFO never blocks.
 */
const char *h401_tpldir_get(void *baton, apr_pool_t *p, const char *path);

/** The first file that could not be read and why, or NULL. */
const char *h401_tpldir_error(const h401_tpldir *d);

#endif
