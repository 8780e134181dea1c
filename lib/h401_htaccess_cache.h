/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_htaccess_cache.h
 * @brief Reading each .htaccess at most once per change.
 *
 * A site with a broken protection answers every visitor with a 401; the
 * file behind it need not be read and scanned for each of them. Entries
 * are keyed by path and revalidated with one stat: a file whose mtime,
 * ctime, size, inode or device changed is read again. When full, the
 * cache drops the entry used least recently. Safe for threaded MPMs: the
 * lock is held to look up, insert and copy out, never while a file is
 * read.
 */
#ifndef H401_HTACCESS_CACHE_H
#define H401_HTACCESS_CACHE_H

#include <apr_pools.h>
#include "h401_htaccess.h"

typedef struct h401_htaccess_cache h401_htaccess_cache;

/**
 * What an entry keeps of a scan, so that no .htaccess (thousands of
 * AuthUserFile lines, a value of megabytes) makes it big: the first
 * H401_HTACCESS_CACHE_MAX_FILES user and group files, and values of at
 * most H401_HTACCESS_CACHE_MAX_VALUE bytes. A longer AuthType or AuthName
 * is cut; a file with a longer path is left out, since a cut path would
 * name another file. An entry then holds ten values at most, some 5.5 KB,
 * besides its key (the .htaccess path); the cache that times its number
 * of entries.
 */
#define H401_HTACCESS_CACHE_MAX_FILES 8
#define H401_HTACCESS_CACHE_MAX_VALUE 512

/**
 * A size for a child's cache: more .htaccess files than most sites have,
 * so that one requested in turn with thousands of others stays cached.
 * An entry for a usual file takes a few hundred bytes, about 1 MB for
 * all; at worst (every entry as big as the caps let it be, its path as
 * long as the system allows) about 40 MB.
 */
#define H401_HTACCESS_CACHE_DEFAULT_ENTRIES 4096

/** Creates a cache living in p (a child process's pool). */
apr_status_t h401_htaccess_cache_make(apr_pool_t *p, apr_size_t max_entries,
                                      h401_htaccess_cache **out);

/**
 * The auth directives of the .htaccess at path, read and scanned only if
 * the file is new to the cache or changed; the result, as an entry keeps
 * it (see H401_HTACCESS_CACHE_MAX_FILES), is copied into p.
 * Returns APR_SUCCESS, or the error of stat/read (the file is then
 * treated as absent). *warn is set to 1 the first time a caller asks for
 * it for this version of the file (for "log once per file"), and again
 * once after the cache dropped it to make room.
 */
apr_status_t h401_htaccess_cache_get(h401_htaccess_cache *cache, apr_pool_t *p,
                                     const char *path, h401_htaccess_auth *out,
                                     int *warn);

/** How many times a file was read (for tests and the benchmark). */
apr_size_t h401_htaccess_cache_reads(const h401_htaccess_cache *cache);

/** The bytes its entries take now, each in a block of its own. */
apr_size_t h401_htaccess_cache_bytes(const h401_htaccess_cache *cache);

#endif
