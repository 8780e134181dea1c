/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#if APR_HAS_THREADS
#include <apr_thread_mutex.h>
#endif
#include "h401_htaccess_cache.h"

/* Never read more of an .htaccess than this: it only has to be scanned. */
#define MAX_HTACCESS_BYTES (256 * 1024)

/* What tells one version of a file from another. mtime and size alone
 * miss an edit that keeps both (cp -p, rsync -t, tar restore the mtime):
 * such an edit changes the ctime, and a file put in place by rename has
 * another inode. */
typedef struct {
    apr_time_t mtime;
    apr_time_t ctime;
    apr_off_t size;
    apr_ino_t inode;
    apr_dev_t device;
} file_version;

#define VERSION_WANTED (APR_FINFO_MTIME | APR_FINFO_CTIME | APR_FINFO_SIZE \
                        | APR_FINFO_INODE | APR_FINFO_DEV)

typedef struct {
    file_version version;
    int warned;
    h401_htaccess_auth auth;     /* in the cache's pool */
} cache_entry;

struct h401_htaccess_cache {
    apr_pool_t *pool;            /* entries; cleared when full */
    apr_hash_t *entries;
    apr_size_t max_entries;
    apr_size_t reads;
#if APR_HAS_THREADS
    apr_thread_mutex_t *mutex;
#endif
};

apr_status_t h401_htaccess_cache_make(apr_pool_t *p, apr_size_t max_entries,
                                      h401_htaccess_cache **out)
{
    h401_htaccess_cache *c = apr_pcalloc(p, sizeof(*c));
    apr_status_t rv;

    if ((rv = apr_pool_create(&c->pool, p)) != APR_SUCCESS) {
        return rv;
    }
#if APR_HAS_THREADS
    if ((rv = apr_thread_mutex_create(&c->mutex, APR_THREAD_MUTEX_DEFAULT, p))
        != APR_SUCCESS) {
        return rv;
    }
#endif
    c->entries = apr_hash_make(c->pool);
    c->max_entries = max_entries ? max_entries : 1;
    *out = c;
    return APR_SUCCESS;
}

static void copy_auth(apr_pool_t *p, const h401_htaccess_auth *from,
                      h401_htaccess_auth *to)
{
    int i;

    *to = *from;
    to->auth_type = from->auth_type ? apr_pstrdup(p, from->auth_type) : NULL;
    to->auth_name = from->auth_name ? apr_pstrdup(p, from->auth_name) : NULL;
    to->files = apr_array_make(p, from->files->nelts ? from->files->nelts : 1,
                               sizeof(h401_authfile));
    for (i = 0; i < from->files->nelts; i++) {
        const h401_authfile *f = &APR_ARRAY_IDX(from->files, i, h401_authfile);
        h401_authfile *g = apr_array_push(to->files);
        g->directive = f->directive;   /* a static string */
        g->path = apr_pstrdup(p, f->path);
        g->line = f->line;
    }
}

/* The version of the file at path; a field the system cannot give stays 0,
 * the same for every version. */
static apr_status_t stat_version(apr_pool_t *p, const char *path, file_version *out)
{
    apr_finfo_t info;
    apr_status_t rv;

    memset(&info, 0, sizeof(info));
    rv = apr_stat(&info, path, VERSION_WANTED, p);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_INCOMPLETE(rv)) {
        return rv;
    }
    out->mtime = info.mtime;
    out->ctime = info.ctime;
    out->size = info.size;
    out->inode = info.inode;
    out->device = info.device;
    return APR_SUCCESS;
}

static int same_version(const file_version *a, const file_version *b)
{
    return a->mtime == b->mtime && a->ctime == b->ctime && a->size == b->size
           && a->inode == b->inode && a->device == b->device;
}

static apr_status_t read_and_scan(apr_pool_t *p, const char *path,
                                  h401_htaccess_auth *auth)
{
    apr_file_t *fd;
    apr_size_t len = MAX_HTACCESS_BYTES;
    char *text;
    apr_status_t rv;

    if ((rv = apr_file_open(&fd, path, APR_FOPEN_READ, APR_OS_DEFAULT, p)) != APR_SUCCESS) {
        return rv;
    }
    text = apr_palloc(p, len + 1);
    rv = apr_file_read_full(fd, text, len, &len);
    apr_file_close(fd);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_EOF(rv)) {
        return rv;
    }
    text[len] = '\0';
    h401_htaccess_scan(p, text, len, auth);
    return APR_SUCCESS;
}

apr_status_t h401_htaccess_cache_get(h401_htaccess_cache *c, apr_pool_t *p,
                                     const char *path, h401_htaccess_auth *out,
                                     int *warn)
{
    file_version version;
    cache_entry *e;
    apr_status_t rv;

    *warn = 0;
    if ((rv = stat_version(p, path, &version)) != APR_SUCCESS) {
        return rv;
    }
#if APR_HAS_THREADS
    apr_thread_mutex_lock(c->mutex);
#endif
    e = apr_hash_get(c->entries, path, APR_HASH_KEY_STRING);
    if (!e || !same_version(&e->version, &version)) {
        h401_htaccess_auth fresh;

        rv = read_and_scan(p, path, &fresh);
        c->reads++;
        if (rv == APR_SUCCESS) {
            if (!e && apr_hash_count(c->entries) >= c->max_entries) {
                apr_pool_clear(c->pool);    /* simple and bounded */
                c->entries = apr_hash_make(c->pool);
            }
            if (!e) {
                e = apr_pcalloc(c->pool, sizeof(*e));
                apr_hash_set(c->entries, apr_pstrdup(c->pool, path),
                             APR_HASH_KEY_STRING, e);
            }
            /* a changed file leaks its old copy into the cache pool until
             * the next clear: bounded by max_entries times the changes */
            e->version = version;
            e->warned = 0;
            copy_auth(c->pool, &fresh, &e->auth);
        }
    }
    if (rv == APR_SUCCESS) {
        copy_auth(p, &e->auth, out);
        if (!e->warned) {
            e->warned = 1;
            *warn = 1;
        }
    }
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(c->mutex);
#endif
    return rv;
}

apr_size_t h401_htaccess_cache_reads(const h401_htaccess_cache *c)
{
    return c->reads;
}
