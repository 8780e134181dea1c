/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <stdlib.h>
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

/* One file's scan, in a block of memory of its own (malloc'd): its key,
 * values and files are in it, so that replacing or dropping the entry
 * gives all of it back. Only what the cache keeps of a scan (see
 * H401_HTACCESS_CACHE_MAX_FILES) is copied, so no file makes a big one. */
typedef struct cache_entry cache_entry;
struct cache_entry {
    cache_entry *newer;          /* the list from the most recently used */
    cache_entry *older;
    apr_size_t bytes;            /* the size of the block */
    const char *path;            /* the key */
    file_version version;
    int warned;
    int protects;
    int protect_line;
    const char *auth_type;
    const char *auth_name;
    int nfiles;
    h401_authfile *files;
};

/* When full, the cache drops the entry used least recently: a site with
 * more broken .htaccess files than entries then still keeps the ones its
 * visitors come back to, where dropping them all made each a miss. */
struct h401_htaccess_cache {
    apr_hash_t *entries;         /* path -> cache_entry */
    cache_entry *newest;
    cache_entry *oldest;
    apr_size_t max_entries;
    apr_size_t bytes;            /* the blocks of all entries */
    apr_size_t reads;
#if APR_HAS_THREADS
    apr_thread_mutex_t *mutex;
#endif
};

/* How much of a value an entry keeps: all of it up to the cap; a longer
 * one is cut there, before a UTF-8 character rather than inside it. */
static apr_size_t kept_length(const char *value)
{
    apr_size_t len = strlen(value);
    int back;

    if (len <= H401_HTACCESS_CACHE_MAX_VALUE) {
        return len;
    }
    len = H401_HTACCESS_CACHE_MAX_VALUE;
    for (back = 0; back < 3 && ((unsigned char)value[len] & 0xC0) == 0x80; back++) {
        len--;
    }
    return len;
}

/* A file whose path is longer than the cap is not kept: cut, the path
 * would name another file. */
static int keeps_file(const h401_authfile *f)
{
    return strlen(f->path) <= H401_HTACCESS_CACHE_MAX_VALUE;
}

/* Copies len bytes of value to *at with a NUL after them; moves *at on. */
static const char *put(char **at, const char *value, apr_size_t len)
{
    char *copy = *at;

    memcpy(copy, value, len);
    copy[len] = '\0';
    *at += len + 1;
    return copy;
}

/* The entry for the scan of one version of a file, in one malloc'd block;
 * NULL when there is no memory for it. */
static cache_entry *entry_make(const char *path, const file_version *version,
                               const h401_htaccess_auth *auth)
{
    apr_size_t head = APR_ALIGN_DEFAULT(sizeof(cache_entry));
    apr_size_t path_len = strlen(path);
    apr_size_t type_len = auth->auth_type ? kept_length(auth->auth_type) : 0;
    apr_size_t name_len = auth->auth_name ? kept_length(auth->auth_name) : 0;
    apr_size_t strings = path_len + 1 + type_len + 1 + name_len + 1;
    apr_size_t bytes;
    cache_entry *e;
    char *at;
    int i, nfiles = 0;

    for (i = 0; i < auth->files->nelts && nfiles < H401_HTACCESS_CACHE_MAX_FILES; i++) {
        const h401_authfile *f = &APR_ARRAY_IDX(auth->files, i, h401_authfile);
        if (keeps_file(f)) {
            strings += strlen(f->path) + 1;
            nfiles++;
        }
    }
    bytes = head + (apr_size_t)nfiles * sizeof(h401_authfile) + strings;
    if ((e = malloc(bytes)) == NULL) {
        return NULL;
    }
    e->bytes = bytes;
    e->version = *version;
    e->warned = 0;
    e->protects = auth->protects;
    e->protect_line = auth->protect_line;
    e->nfiles = nfiles;
    e->files = (h401_authfile *)((char *)e + head);
    at = (char *)(e->files + nfiles);
    e->path = put(&at, path, path_len);
    e->auth_type = auth->auth_type ? put(&at, auth->auth_type, type_len) : NULL;
    e->auth_name = auth->auth_name ? put(&at, auth->auth_name, name_len) : NULL;
    nfiles = 0;
    for (i = 0; i < auth->files->nelts && nfiles < e->nfiles; i++) {
        const h401_authfile *f = &APR_ARRAY_IDX(auth->files, i, h401_authfile);
        if (keeps_file(f)) {
            h401_authfile *kept = &e->files[nfiles++];
            kept->directive = f->directive;   /* a static string */
            kept->path = put(&at, f->path, strlen(f->path));
            kept->line = f->line;
        }
    }
    return e;
}

/* The entry's scan, copied into p: the caller keeps it after the entry
 * is gone. */
static void entry_copy_out(apr_pool_t *p, const cache_entry *e, h401_htaccess_auth *out)
{
    int i;

    out->protects = e->protects;
    out->protect_line = e->protect_line;
    out->auth_type = e->auth_type ? apr_pstrdup(p, e->auth_type) : NULL;
    out->auth_name = e->auth_name ? apr_pstrdup(p, e->auth_name) : NULL;
    out->files = apr_array_make(p, e->nfiles ? e->nfiles : 1, sizeof(h401_authfile));
    for (i = 0; i < e->nfiles; i++) {
        h401_authfile *f = apr_array_push(out->files);
        f->directive = e->files[i].directive;
        f->path = apr_pstrdup(p, e->files[i].path);
        f->line = e->files[i].line;
    }
}

static void list_unlink(h401_htaccess_cache *c, cache_entry *e)
{
    if (e->newer) {
        e->newer->older = e->older;
    }
    else {
        c->newest = e->older;
    }
    if (e->older) {
        e->older->newer = e->newer;
    }
    else {
        c->oldest = e->newer;
    }
    e->newer = e->older = NULL;
}

static void list_push_newest(h401_htaccess_cache *c, cache_entry *e)
{
    e->newer = NULL;
    e->older = c->newest;
    if (c->newest) {
        c->newest->newer = e;
    }
    else {
        c->oldest = e;
    }
    c->newest = e;
}

static void entry_drop(h401_htaccess_cache *c, cache_entry *e)
{
    list_unlink(c, e);
    apr_hash_set(c->entries, e->path, APR_HASH_KEY_STRING, NULL);
    c->bytes -= e->bytes;
    free(e);
}

/* Adds e as the most recent entry, dropping the least recent one when
 * the cache is full. */
static void entry_add(h401_htaccess_cache *c, cache_entry *e)
{
    if (apr_hash_count(c->entries) >= c->max_entries) {
        entry_drop(c, c->oldest);
    }
    apr_hash_set(c->entries, e->path, APR_HASH_KEY_STRING, e);
    list_push_newest(c, e);
    c->bytes += e->bytes;
}

static void drop_all(h401_htaccess_cache *c)
{
    while (c->oldest) {
        entry_drop(c, c->oldest);
    }
}

/* The entries' memory goes back when the cache's pool goes. */
static apr_status_t cache_cleanup(void *data)
{
    drop_all(data);
    return APR_SUCCESS;
}

apr_status_t h401_htaccess_cache_make(apr_pool_t *p, apr_size_t max_entries,
                                      h401_htaccess_cache **out)
{
    h401_htaccess_cache *c = apr_pcalloc(p, sizeof(*c));
#if APR_HAS_THREADS
    apr_status_t rv;

    if ((rv = apr_thread_mutex_create(&c->mutex, APR_THREAD_MUTEX_DEFAULT, p))
        != APR_SUCCESS) {
        return rv;
    }
#endif
    /* in p itself: a subpool would be gone before cache_cleanup runs
     * (the hash reuses its deleted slots, so it grows no further than
     * the number of entries) */
    c->entries = apr_hash_make(p);
    c->max_entries = max_entries ? max_entries : 1;
    apr_pool_cleanup_register(p, c, cache_cleanup, apr_pool_cleanup_null);
    *out = c;
    return APR_SUCCESS;
}

/* The version a stat gave; a field the system cannot give stays 0, the
 * same for every version. */
static void version_of(const apr_finfo_t *info, file_version *out)
{
    out->mtime = info->mtime;
    out->ctime = info->ctime;
    out->size = info->size;
    out->inode = info->inode;
    out->device = info->device;
}

static apr_status_t stat_version(apr_pool_t *p, const char *path, file_version *out)
{
    apr_finfo_t info;
    apr_status_t rv;

    memset(&info, 0, sizeof(info));
    rv = apr_stat(&info, path, VERSION_WANTED, p);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_INCOMPLETE(rv)) {
        return rv;
    }
    version_of(&info, out);
    return APR_SUCCESS;
}

static int same_version(const file_version *a, const file_version *b)
{
    return a->mtime == b->mtime && a->ctime == b->ctime && a->size == b->size
           && a->inode == b->inode && a->device == b->device;
}

/* Reads the file and scans it. The version is the open file's: the path
 * may have been given another file (by rename) since it was looked at,
 * and then that one is read, and its version kept with its scan. */
static apr_status_t read_and_scan(apr_pool_t *p, const char *path, file_version *version,
                                  h401_htaccess_auth *auth)
{
    apr_finfo_t info;
    apr_file_t *fd;
    apr_size_t len;
    char *text;
    apr_status_t rv;

    if ((rv = apr_file_open(&fd, path, APR_FOPEN_READ, APR_OS_DEFAULT, p)) != APR_SUCCESS) {
        return rv;
    }
    memset(&info, 0, sizeof(info));
    rv = apr_file_info_get(&info, VERSION_WANTED, fd);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_INCOMPLETE(rv)) {
        apr_file_close(fd);
        return rv;
    }
    version_of(&info, version);
    len = info.size < MAX_HTACCESS_BYTES ? (apr_size_t)info.size : MAX_HTACCESS_BYTES;
    text = apr_palloc(p, len + 1);
    rv = len ? apr_file_read_full(fd, text, len, &len) : APR_SUCCESS;
    apr_file_close(fd);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_EOF(rv)) {
        return rv;
    }
    text[len] = '\0';
    h401_htaccess_scan(p, text, len, auth);
    return APR_SUCCESS;
}

/* The scan of e into out, e now the most recently used; *warn set the
 * first time its version is handed out. Called with the lock held. */
static void entry_hand_out(h401_htaccess_cache *c, apr_pool_t *p, cache_entry *e,
                           h401_htaccess_auth *out, int *warn)
{
    if (e != c->newest) {
        list_unlink(c, e);
        list_push_newest(c, e);
    }
    entry_copy_out(p, e, out);
    *warn = !e->warned;
    e->warned = 1;
}

static void lock(const h401_htaccess_cache *c)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(c->mutex);
#else
    (void)c;
#endif
}

static void unlock(const h401_htaccess_cache *c)
{
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(c->mutex);
#else
    (void)c;
#endif
}

/* The lock is held to look up, insert and copy out, never for stat or
 * read: a slow disk then holds up only the request that reads it. */
apr_status_t h401_htaccess_cache_get(h401_htaccess_cache *c, apr_pool_t *p,
                                     const char *path, h401_htaccess_auth *out,
                                     int *warn)
{
    file_version version;
    h401_htaccess_auth fresh;
    cache_entry *e, *made = NULL;
    apr_status_t rv;

    *warn = 0;
    if ((rv = stat_version(p, path, &version)) != APR_SUCCESS) {
        return rv;
    }
    lock(c);
    e = apr_hash_get(c->entries, path, APR_HASH_KEY_STRING);
    if (e && same_version(&e->version, &version)) {
        entry_hand_out(c, p, e, out, warn);
        unlock(c);
        return APR_SUCCESS;
    }
    unlock(c);

    rv = read_and_scan(p, path, &version, &fresh);
    if (rv == APR_SUCCESS) {
        made = entry_make(path, &version, &fresh);
    }

    lock(c);
    c->reads++;
    /* looked up again: another thread may have read the file meanwhile */
    e = apr_hash_get(c->entries, path, APR_HASH_KEY_STRING);
    if (e && same_version(&e->version, &version)) {
        entry_hand_out(c, p, e, out, warn);   /* its entry, and its warning */
        rv = APR_SUCCESS;
    }
    else if (made) {
        /* the version last read wins, even when an older one: the next
         * stat tells, and that file is read again */
        if (e) {
            entry_drop(c, e);
        }
        entry_add(c, made);
        entry_hand_out(c, p, made, out, warn);
        made = NULL;
    }
    else if (rv == APR_SUCCESS) {
        *out = fresh;   /* no memory to keep it: answered uncached */
        *warn = 1;
    }
    unlock(c);
    free(made);   /* when another thread's entry was used */
    return rv;
}

apr_size_t h401_htaccess_cache_reads(const h401_htaccess_cache *c)
{
    apr_size_t reads;

    lock(c);
    reads = c->reads;
    unlock(c);
    return reads;
}

apr_size_t h401_htaccess_cache_bytes(const h401_htaccess_cache *c)
{
    apr_size_t bytes;

    lock(c);
    bytes = c->bytes;
    unlock(c);
    return bytes;
}
