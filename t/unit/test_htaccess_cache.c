/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_htaccess_cache: each .htaccess read once per
 * change, its scan kept, and "warn" once per version of a file. */
#include <unistd.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include <apr_time.h>
#if APR_HAS_THREADS
#include <apr_atomic.h>
#include <apr_thread_proc.h>
#endif
#include "h401_htaccess_cache.h"
#include "tap.h"

/* The process's resident memory is known on Linux; a sanitizer keeps
 * freed memory aside for a while, so there it says nothing. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#if defined(__linux__) && !defined(UNDER_SANITIZER)
#define RSS_KNOWN 1
#else
#define RSS_KNOWN 0
#endif

static apr_pool_t *pool;

#define TEXT_A \
    "# old site\n" \
    "AuthType Basic\n" \
    "AuthName \"Old staff\"\n" \
    "AuthUserFile /nonexistent/h401/users\n" \
    "Require valid-user\n"

/* longer than TEXT_A */
#define TEXT_B \
    "AuthType Digest\n" \
    "AuthName \"New staff\"\n" \
    "AuthDigestProvider file\n" \
    "AuthUserFile /nonexistent/h401/digest\n" \
    "AuthGroupFile /nonexistent/h401/groups\n" \
    "Require group staff\n"

/* as long as TEXT_B, other words */
#define TEXT_C \
    "AuthType Digest\n" \
    "AuthName \"Old staff\"\n" \
    "AuthDigestProvider file\n" \
    "AuthUserFile /nonexistent/h401/digest\n" \
    "AuthGroupFile /nonexistent/h401/groupz\n" \
    "Require group staff\n"

/* Writes text to path in place, its file structure in p. Cut to its new
 * length after writing rather than emptied first: ext4 flushes a file
 * emptied and written again when it is closed, which made 6,000 edits
 * take seconds. */
static int write_file_in(apr_pool_t *p, const char *path, const char *text)
{
    apr_file_t *f;
    apr_size_t len = strlen(text);

    if (apr_file_open(&f, path, APR_FOPEN_WRITE | APR_FOPEN_CREATE,
                      APR_FPROT_OS_DEFAULT, p) != APR_SUCCESS) {
        return 0;
    }
    if (apr_file_write_full(f, text, len, NULL) != APR_SUCCESS
        || apr_file_trunc(f, (apr_off_t)len) != APR_SUCCESS) {
        apr_file_close(f);
        return 0;
    }
    return apr_file_close(f) == APR_SUCCESS;
}

static int write_file(const char *path, const char *text)
{
    return write_file_in(pool, path, text);
}

static apr_time_t mtime_of(const char *path)
{
    apr_finfo_t info;

    return apr_stat(&info, path, APR_FINFO_MTIME, pool) == APR_SUCCESS ? info.mtime : -1;
}

static apr_time_t ctime_of(const char *path)
{
    apr_finfo_t info;

    return apr_stat(&info, path, APR_FINFO_CTIME, pool) == APR_SUCCESS ? info.ctime : -1;
}

/* Sets the mtime of path back to mtime, as cp -p does after writing, and
 * again until the ctime has moved on from ctime_before: a ctime moves in
 * clock ticks, and an edit within the tick of the one before it cannot
 * be told from no edit. */
static int restore_mtime(const char *path, apr_time_t mtime, apr_time_t ctime_before)
{
    int i;

    for (i = 0; i < 2000; i++) {
        if (apr_file_mtime_set(path, mtime, pool) != APR_SUCCESS) {
            return 0;
        }
        if (mtime_of(path) == mtime && ctime_of(path) != ctime_before) {
            return 1;
        }
        apr_sleep(1000);
    }
    return 0;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Whether got is what h401_htaccess_scan makes of text; says what differs. */
static int same_as_scan(const h401_htaccess_auth *got, const char *text)
{
    h401_htaccess_auth want;
    int i, same = 1;

    h401_htaccess_scan(pool, text, strlen(text), &want);
    if (got->protects != want.protects || got->protect_line != want.protect_line) {
        diag("protects %d line %d, scan says %d line %d", got->protects, got->protect_line,
             want.protects, want.protect_line);
        same = 0;
    }
    if (!same_str(got->auth_type, want.auth_type) || !same_str(got->auth_name, want.auth_name)) {
        diag("AuthType %s AuthName %s, scan says %s %s",
             got->auth_type ? got->auth_type : "NULL", got->auth_name ? got->auth_name : "NULL",
             want.auth_type ? want.auth_type : "NULL", want.auth_name ? want.auth_name : "NULL");
        same = 0;
    }
    if (!got->files || got->files->nelts != want.files->nelts) {
        diag("%d files, scan says %d", got->files ? got->files->nelts : -1, want.files->nelts);
        return 0;
    }
    for (i = 0; i < want.files->nelts; i++) {
        const h401_authfile *g = &APR_ARRAY_IDX(got->files, i, h401_authfile);
        const h401_authfile *w = &APR_ARRAY_IDX(want.files, i, h401_authfile);
        if (!same_str(g->directive, w->directive) || !same_str(g->path, w->path)
            || g->line != w->line) {
            diag("file %d: %s %s line %d, scan says %s %s line %d", i + 1, g->directive,
                 g->path, g->line, w->directive, w->path, w->line);
            same = 0;
        }
    }
    return same;
}

/* One get in a pool of its own, destroyed at once: what the caller keeps
 * must not depend on it, and the cache must not either. */
static apr_status_t get_in_subpool(h401_htaccess_cache *cache, const char *path,
                                   const char *want_text, int *warn, int *matches)
{
    apr_pool_t *sub;
    h401_htaccess_auth auth;
    apr_status_t rv;

    apr_pool_create(&sub, pool);
    memset(&auth, 0, sizeof(auth));
    *warn = -1;
    rv = h401_htaccess_cache_get(cache, sub, path, &auth, warn);
    *matches = rv == APR_SUCCESS && want_text ? same_as_scan(&auth, want_text) : 0;
    apr_pool_destroy(sub);
    return rv;
}

/* ---- which entries a full cache keeps ---- */

typedef struct {
    const char *name;
    char file;        /* a, b, c or d: files a cache of three shares */
    int read;         /* whether the get reads the file (and warns) */
} lru_step;

static const lru_step lru_steps[] = {
    { "a, new",                                         'a', 1 },
    { "b, new",                                         'b', 1 },
    { "c, new: the cache is full",                      'c', 1 },
    { "a again: cached, now the most recent",           'a', 0 },
    { "d, new: b goes, the least recent",               'd', 1 },
    { "a again: kept",                                  'a', 0 },
    { "c again: kept",                                  'c', 0 },
    { "d again: kept",                                  'd', 0 },
    { "b again: it went; a goes, the least recent now", 'b', 1 },
    { "c again: kept",                                  'c', 0 },
    { "a again: it went; d goes",                       'a', 1 },
    { "d again: it went; b goes",                       'd', 1 },
    { "c again: kept",                                  'c', 0 },
    { "a again: kept",                                  'a', 0 },
    { "d again: kept",                                  'd', 0 },
};

static void test_least_recently_used(const char *dir)
{
    h401_htaccess_cache *cache = NULL;
    const char *paths[4], *texts[4];
    apr_size_t reads = 0;
    size_t i;
    int f;

    for (f = 0; f < 4; f++) {
        paths[f] = apr_psprintf(pool, "%s/lru-%c.htaccess", dir, 'a' + f);
        texts[f] = apr_psprintf(pool, "AuthType Basic\nAuthName \"Area %c\"\n"
                                "AuthUserFile /nonexistent/h401/users-%c\n"
                                "Require valid-user\n", 'a' + f, 'a' + f);
        write_file(paths[f], texts[f]);
    }
    h401_htaccess_cache_make(pool, 3, &cache);
    for (i = 0; i < sizeof(lru_steps) / sizeof(lru_steps[0]); i++) {
        const lru_step *step = &lru_steps[i];
        int warn, matches;
        apr_status_t rv;

        f = step->file - 'a';
        rv = get_in_subpool(cache, paths[f], texts[f], &warn, &matches);
        reads += (apr_size_t)step->read;
        ok(rv == APR_SUCCESS && matches, "LRU %d, %s: the file's scan", (int)i + 1, step->name);
        is_int(h401_htaccess_cache_reads(cache), reads, "LRU %d, %s: %s", (int)i + 1,
               step->name, step->read ? "read" : "not read");
        is_int(warn, step->read, "LRU %d, %s: %s", (int)i + 1, step->name,
               step->read ? "warn" : "no warn");
    }
    for (f = 0; f < 4; f++) {
        apr_file_remove(paths[f], pool);
    }
}

/* ---- memory ---- */

/* The process's resident memory in kB (VmRSS), or -1 where it is not
 * known. Pools and malloc alike are in it. */
static long rss_kb(void)
{
#if RSS_KNOWN
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;

    if (!f) {
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) {
            break;
        }
    }
    fclose(f);
    return kb;
#else
    return -1;
#endif
}

/* An .htaccess whose AuthName is name_len bytes of one letter. */
static const char *long_name_text(apr_pool_t *p, int name_len, char letter)
{
    char *name = apr_palloc(p, (apr_size_t)name_len + 1);

    memset(name, letter, (apr_size_t)name_len);
    name[name_len] = '\0';
    return apr_pstrcat(p, "AuthType Basic\nAuthName \"", name, "\"\n"
                       "AuthUserFile /nonexistent/h401/users\nRequire valid-user\n", NULL);
}

/* One file rewritten 6,000 times with an AuthName of about 2 KB, a get
 * after each: each version replaces the one before, in memory of the
 * same size, and the process does not grow with the versions. */
static void test_memory_under_churn(const char *dir)
{
    const char *path = apr_pstrcat(pool, dir, "/churn.htaccess", NULL);
    h401_htaccess_cache *cache = NULL;
    apr_size_t first_bytes = 0, max_bytes = 0;
    apr_size_t bound = 256 + strlen(path) + 1 + sizeof("Basic") + H401_HTACCESS_CACHE_MAX_VALUE
                       + 1 + sizeof("/nonexistent/h401/users");
    long rss_before = 0, rss_after;
    int i, warned = 0, wrong = 0;

    h401_htaccess_cache_make(pool, 16, &cache);
    for (i = 0; i < 6000; i++) {
        apr_pool_t *sub;
        h401_htaccess_auth auth;
        int warn = 0;

        if (i == 100) {
            rss_before = rss_kb();   /* the pools have their blocks by now */
        }
        apr_pool_create(&sub, pool);
        /* another size each time, so that every edit is a new version */
        if (!write_file_in(sub, path, long_name_text(sub, 2000 + i % 97, (char)('a' + i % 26)))
            || h401_htaccess_cache_get(cache, sub, path, &auth, &warn) != APR_SUCCESS
            || !auth.auth_name || auth.auth_name[0] != 'a' + i % 26 || auth.files->nelts != 1) {
            wrong++;
        }
        warned += warn;
        if (i == 0) {
            first_bytes = h401_htaccess_cache_bytes(cache);
        }
        if (h401_htaccess_cache_bytes(cache) > max_bytes) {
            max_bytes = h401_htaccess_cache_bytes(cache);
        }
        apr_pool_destroy(sub);
    }
    rss_after = rss_kb();
    is_int(wrong, 0, "churn: each of 6,000 versions read right");
    is_int(warned, 6000, "churn: a warn for each version");
    is_int(h401_htaccess_cache_reads(cache), 6000, "churn: each version read once");
    ok(first_bytes > 0 && first_bytes <= bound, "churn: one entry takes %lu bytes (at most %lu)",
       (unsigned long)first_bytes, (unsigned long)bound);
    is_int(max_bytes, first_bytes, "churn: the cache never holds more than that one entry");
    if (rss_before >= 0 && rss_after >= 0) {
        ok(rss_after - rss_before < 1024, "churn: resident memory grew by %ld kB "
           "over 5,900 versions (less than 1 MB)", rss_after - rss_before);
    }
    else {
        skip("churn: resident memory is only known on Linux without a sanitizer");
    }
    apr_file_remove(path, pool);
}

/* A pathological file: an AuthName of 128 KB, a path longer than the cap,
 * then thousands of AuthGroupFile lines (the whole within the 256 KB of
 * a file that are read). */
static void test_entry_caps(const char *dir)
{
    const char *path = apr_pstrcat(pool, dir, "/huge.htaccess", NULL);
    h401_htaccess_cache *cache = NULL;
    apr_size_t name_len = 128 * 1024;
    char *name = apr_palloc(pool, name_len + 1);
    char *long_path = apr_palloc(pool, H401_HTACCESS_CACHE_MAX_VALUE + 2);
    apr_array_header_t *lines;
    const char *text, *euros = "";
    h401_htaccess_auth auth;
    int i, warn, first_kept_ok = 1;
    apr_size_t bound;

    memset(name, 'n', name_len);
    name[name_len] = '\0';
    long_path[0] = '/';
    memset(long_path + 1, 'p', H401_HTACCESS_CACHE_MAX_VALUE);
    long_path[H401_HTACCESS_CACHE_MAX_VALUE + 1] = '\0';
    lines = apr_array_make(pool, 2004, sizeof(const char *));
    APR_ARRAY_PUSH(lines, const char *) = "AuthType Basic\n";
    APR_ARRAY_PUSH(lines, const char *) = apr_pstrcat(pool, "AuthName \"", name, "\"\n", NULL);
    APR_ARRAY_PUSH(lines, const char *) = apr_pstrcat(pool, "AuthUserFile ", long_path, "\n",
                                                      NULL);
    for (i = 0; i < 2000; i++) {
        APR_ARRAY_PUSH(lines, const char *) =
            apr_psprintf(pool, "AuthGroupFile /nonexistent/h401/group-%04d\n", i);
    }
    APR_ARRAY_PUSH(lines, const char *) = "Require valid-user\n";
    text = apr_array_pstrcat(pool, lines, 0);
    ok(write_file(path, text), "caps: wrote a file of %lu bytes", (unsigned long)strlen(text));

    h401_htaccess_cache_make(pool, 4, &cache);
    is_int(h401_htaccess_cache_get(cache, pool, path, &auth, &warn), APR_SUCCESS,
           "caps: the file is read");
    ok(auth.protects && auth.protect_line == 1, "caps: it protects, from line 1");
    is_int(auth.auth_name ? (long long)strlen(auth.auth_name) : -1,
           H401_HTACCESS_CACHE_MAX_VALUE, "caps: AuthName cut to the cap");
    ok(auth.auth_name && strncmp(auth.auth_name, name, H401_HTACCESS_CACHE_MAX_VALUE) == 0,
       "caps: the AuthName kept is its start");
    is_int(auth.files->nelts, H401_HTACCESS_CACHE_MAX_FILES, "caps: the first files kept");
    for (i = 0; i < auth.files->nelts; i++) {
        const h401_authfile *f = &APR_ARRAY_IDX(auth.files, i, h401_authfile);
        first_kept_ok &= strcmp(f->path, apr_psprintf(pool, "/nonexistent/h401/group-%04d", i))
                         == 0 && f->line == 4 + i && strcmp(f->directive, "AuthGroupFile") == 0;
    }
    ok(first_kept_ok, "caps: the path longer than the cap left out, the next ones kept in order");
    bound = 256 + strlen(path) + 1 + sizeof("Basic") + H401_HTACCESS_CACHE_MAX_VALUE + 1
            + H401_HTACCESS_CACHE_MAX_FILES * (sizeof(h401_authfile)
                                               + sizeof("/nonexistent/h401/group-0000"));
    ok(h401_htaccess_cache_bytes(cache) <= bound, "caps: the entry takes %lu bytes (at most %lu)",
       (unsigned long)h401_htaccess_cache_bytes(cache), (unsigned long)bound);

    /* a cut falls before a UTF-8 character, not inside it */
    for (i = 0; i < 200; i++) {
        euros = apr_pstrcat(pool, euros, "\xe2\x82\xac", NULL);
    }
    ok(write_file(path, apr_pstrcat(pool, "AuthName \"", euros, "\"\n", NULL)),
       "caps: wrote an AuthName of 200 euro signs (600 bytes)");
    h401_htaccess_cache_get(cache, pool, path, &auth, &warn);
    is_int(auth.auth_name ? (long long)strlen(auth.auth_name) : -1,
           H401_HTACCESS_CACHE_MAX_VALUE / 3 * 3, "caps: cut after a whole character");
    ok(auth.auth_name && strncmp(auth.auth_name, euros, strlen(auth.auth_name)) == 0,
       "caps: the euro signs kept are the first ones");
    apr_file_remove(path, pool);
}

#if APR_HAS_THREADS
/* ---- threads ---- */

/* The thread functions return rather than call apr_thread_exit(): under
 * AddressSanitizer, pthread_exit leaves stack poison behind that it then
 * reports when the thread is torn down. */

#define SHARED_FILES 16     /* files all threads get, in turn */
#define GETS_PER_THREAD 400
#define THREADS 8

typedef struct {
    h401_htaccess_cache *cache;
    const char *const *paths;   /* SHARED_FILES, then the one flipped */
    int with_flipped;           /* whether to get the flipped file too */
    int first;                  /* which file this thread starts at */
    int warned;                 /* how many gets said warn */
    int wrong;                  /* gets that failed, or mixed versions */
} getter_state;

static int same_name(const h401_htaccess_auth *a, const char *name)
{
    return a->auth_name && strcmp(a->auth_name, name) == 0;
}

static int same_file(const h401_htaccess_auth *a, int i, const char *path, int line)
{
    const h401_authfile *f = &APR_ARRAY_IDX(a->files, i, h401_authfile);

    return strcmp(f->path, path) == 0 && f->line == line;
}

static const char *shared_text(apr_pool_t *p, int n)
{
    return apr_psprintf(p, "AuthType Basic\nAuthName \"Area %d\"\n"
                        "AuthUserFile /nonexistent/h401/users-%d\nRequire valid-user\n", n, n);
}

/* The two versions of the flipped file, told apart by every field. */
#define FLIP_ONE "AuthType Basic\nAuthName \"One\"\nAuthUserFile /nonexistent/one\n" \
                 "Require valid-user\n"
#define FLIP_TWO "AuthType Digest\nAuthName \"Two\"\nAuthGroupFile /nonexistent/two-a\n" \
                 "AuthUserFile /nonexistent/two-b\nRequire group two\n"

/* Whether a is the scan of file n whole: of one version, not a mix. */
static int whole_scan(apr_pool_t *p, const h401_htaccess_auth *a, int n)
{
    if (n < SHARED_FILES) {
        return a->protects && same_name(a, apr_psprintf(p, "Area %d", n))
               && a->files->nelts == 1
               && same_file(a, 0, apr_psprintf(p, "/nonexistent/h401/users-%d", n), 3);
    }
    if (same_name(a, "One")) {
        return strcmp(a->auth_type, "Basic") == 0 && a->files->nelts == 1
               && same_file(a, 0, "/nonexistent/one", 3);
    }
    return same_name(a, "Two") && strcmp(a->auth_type, "Digest") == 0
           && a->files->nelts == 2 && same_file(a, 0, "/nonexistent/two-a", 3)
           && same_file(a, 1, "/nonexistent/two-b", 4);
}

static void *APR_THREAD_FUNC getter(apr_thread_t *thread, void *data)
{
    getter_state *g = data;
    int files = SHARED_FILES + (g->with_flipped ? 1 : 0);
    apr_pool_t *p;
    int i;

    (void)thread;
    apr_pool_create_unmanaged(&p);
    for (i = 0; i < GETS_PER_THREAD; i++) {
        int n = (g->first + i) % files, warn = 0;
        h401_htaccess_auth auth;
        apr_pool_t *sub;

        apr_pool_create(&sub, p);
        if (h401_htaccess_cache_get(g->cache, sub, g->paths[n], &auth, &warn) != APR_SUCCESS
            || !whole_scan(sub, &auth, n)) {
            g->wrong++;
        }
        g->warned += warn;
        apr_pool_destroy(sub);
    }
    apr_pool_destroy(p);
    return NULL;
}

/* Puts the two versions of the flipped file in place in turn, each
 * written beside it and renamed over it, as a deployment would. */
static void *APR_THREAD_FUNC flipper(apr_thread_t *thread, void *data)
{
    const char *path = data;
    apr_pool_t *p;
    int i;

    (void)thread;
    apr_pool_create_unmanaged(&p);
    for (i = 0; i < 300; i++) {
        const char *next = apr_pstrcat(p, path, ".next", NULL);
        if (write_file_in(p, next, i % 2 ? FLIP_ONE : FLIP_TWO)) {
            apr_file_rename(next, path, p);
        }
    }
    apr_pool_destroy(p);
    return NULL;
}

/* Runs THREADS getters over one cache, and the flipper when asked;
 * gives the warnings and wrong answers of all getters. */
static int run_getters(h401_htaccess_cache *cache, const char *const *paths, int flip,
                       int *warned, int *wrong)
{
    apr_thread_t *threads[THREADS + 1];
    getter_state states[THREADS];
    int i, started = 0, flipping = 0;
    apr_status_t trv;

    *warned = *wrong = 0;
    if (flip && apr_thread_create(&threads[THREADS], NULL, flipper,
                                  (void *)paths[SHARED_FILES], pool) == APR_SUCCESS) {
        flipping = 1;
    }
    for (i = 0; i < THREADS; i++) {
        states[i].cache = cache;
        states[i].paths = paths;
        states[i].with_flipped = flip;
        states[i].first = i * 5;
        states[i].warned = states[i].wrong = 0;
        if (apr_thread_create(&threads[started], NULL, getter, &states[i], pool)
            == APR_SUCCESS) {
            started++;
        }
    }
    for (i = 0; i < started; i++) {
        apr_thread_join(&trv, threads[i]);
        *warned += states[i].warned;
        *wrong += states[i].wrong;
    }
    if (flipping) {
        apr_thread_join(&trv, threads[THREADS]);
    }
    return started == THREADS && flipping == flip;
}

/* A get of a cached file while another thread's read cannot go on: the
 * other file is a FIFO, whose opening waits for a writer, standing for
 * a slow disk. */
typedef struct {
    h401_htaccess_cache *cache;
    const char *path;
    apr_uint32_t done;
} waiting_get;

static void *APR_THREAD_FUNC get_and_say(apr_thread_t *thread, void *data)
{
    waiting_get *w = data;
    apr_pool_t *p;
    h401_htaccess_auth auth;
    int warn;

    (void)thread;
    apr_pool_create_unmanaged(&p);
    h401_htaccess_cache_get(w->cache, p, w->path, &auth, &warn);
    apr_atomic_set32(&w->done, 1);
    apr_pool_destroy(p);
    return NULL;
}

static void test_no_io_under_lock(const char *dir)
{
    const char *cached = apr_pstrcat(pool, dir, "/cached.htaccess", NULL);
    const char *fifo = apr_pstrcat(pool, dir, "/fifo.htaccess", NULL);
    waiting_get slow = { NULL, NULL, 0 }, quick = { NULL, NULL, 0 };
    apr_thread_t *slow_thread, *quick_thread;
    h401_htaccess_cache *cache = NULL;
    h401_htaccess_auth auth;
    apr_file_t *writer;
    apr_status_t trv;
    int i, warn;

    h401_htaccess_cache_make(pool, 16, &cache);
    ok(write_file(cached, TEXT_A)
       && h401_htaccess_cache_get(cache, pool, cached, &auth, &warn) == APR_SUCCESS,
       "no I/O under the lock: a file cached");
    if (!ok(apr_file_namedpipe_create(fifo, APR_FPROT_UREAD | APR_FPROT_UWRITE, pool)
            == APR_SUCCESS, "no I/O under the lock: made a FIFO")) {
        return;
    }
    slow.cache = quick.cache = cache;
    slow.path = fifo;
    quick.path = cached;
    apr_thread_create(&slow_thread, NULL, get_and_say, &slow, pool);
    apr_sleep(apr_time_from_msec(100));   /* it waits in open() by now */
    apr_thread_create(&quick_thread, NULL, get_and_say, &quick, pool);
    for (i = 0; i < 200 && !apr_atomic_read32(&quick.done); i++) {
        apr_sleep(apr_time_from_msec(10));
    }
    ok(apr_atomic_read32(&quick.done) && !apr_atomic_read32(&slow.done),
       "no I/O under the lock: the cached file is had while another waits to be read");
    /* a writer lets the FIFO's reader go on; it reads nothing */
    if (apr_file_open(&writer, fifo, APR_FOPEN_WRITE, APR_FPROT_OS_DEFAULT, pool)
        == APR_SUCCESS) {
        apr_file_close(writer);
    }
    apr_thread_join(&trv, slow_thread);
    apr_thread_join(&trv, quick_thread);
    ok(apr_atomic_read32(&slow.done) && apr_atomic_read32(&quick.done),
       "no I/O under the lock: both gets done");
    apr_file_remove(fifo, pool);
    apr_file_remove(cached, pool);
}

static void test_threads(const char *dir)
{
    const char *paths[SHARED_FILES + 1];
    h401_htaccess_cache *roomy = NULL, *tight = NULL;
    int n, warned, wrong;
    apr_size_t reads;

    for (n = 0; n < SHARED_FILES; n++) {
        paths[n] = apr_psprintf(pool, "%s/shared-%02d.htaccess", dir, n);
        write_file(paths[n], shared_text(pool, n));
    }
    paths[SHARED_FILES] = apr_pstrcat(pool, dir, "/flipped.htaccess", NULL);
    write_file(paths[SHARED_FILES], FLIP_ONE);

    /* room for every file: each read at least once, warned once in all */
    h401_htaccess_cache_make(pool, 2 * SHARED_FILES, &roomy);
    ok(run_getters(roomy, paths, 0, &warned, &wrong), "threads, roomy cache: %d started",
       THREADS);
    is_int(wrong, 0, "threads, roomy cache: every get gave its file's scan");
    is_int(warned, SHARED_FILES, "threads, roomy cache: one warn for each file in all");
    reads = h401_htaccess_cache_reads(roomy);
    ok(reads >= SHARED_FILES && reads <= SHARED_FILES * THREADS,
       "threads, roomy cache: %lu reads (each file by one thread or a few at once)",
       (unsigned long)reads);

    /* room for a quarter, and a file replaced all the while: entries go
     * and come back under the threads' hands */
    h401_htaccess_cache_make(pool, SHARED_FILES / 4, &tight);
    ok(run_getters(tight, paths, 1, &warned, &wrong), "threads, tight cache: %d started, "
       "and one flipping a file", THREADS);
    is_int(wrong, 0, "threads, tight cache: every get gave one whole version of its file");
    ok(h401_htaccess_cache_reads(tight) > SHARED_FILES,
       "threads, tight cache: files dropped were read again");

    for (n = 0; n <= SHARED_FILES; n++) {
        apr_file_remove(paths[n], pool);
    }
    apr_file_remove(apr_pstrcat(pool, paths[SHARED_FILES], ".next", NULL), pool);
    test_no_io_under_lock(dir);
}
#endif

int main(int argc, const char *const *argv)
{
    h401_htaccess_cache *cache = NULL, *small = NULL;
    const char *tmp, *dir, *path, *path2, *path3;
    h401_htaccess_auth auth;
    apr_status_t rv;
    apr_time_t t0, ctime_c;
    int warn, matches;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);
#if APR_HAS_THREADS
    apr_atomic_init(pool);
#endif

    if (!ok(apr_temp_dir_get(&tmp, pool) == APR_SUCCESS, "found a temp dir")) {
        return done_testing();
    }
    dir = apr_psprintf(pool, "%s/h401-cache-%ld-%" APR_TIME_T_FMT, tmp, (long)getpid(),
                       apr_time_now());
    if (!ok(apr_dir_make(dir, APR_FPROT_OS_DEFAULT, pool) == APR_SUCCESS, "made %s", dir)) {
        return done_testing();
    }
    path = apr_pstrcat(pool, dir, "/.htaccess", NULL);
    path2 = apr_pstrcat(pool, dir, "/other.htaccess", NULL);
    path3 = apr_pstrcat(pool, dir, "/.htaccess.new", NULL);

    is_int(h401_htaccess_cache_make(pool, 16, &cache), APR_SUCCESS, "cache made");
    is_int(h401_htaccess_cache_reads(cache), 0, "a new cache has read nothing");

    /* first version */
    ok(write_file(path, TEXT_A), "wrote version A");
    rv = get_in_subpool(cache, path, TEXT_A, &warn, &matches);
    is_int(rv, APR_SUCCESS, "A, first get: success");
    ok(matches, "A, first get: the auth is h401_htaccess_scan's of the text");
    is_int(warn, 1, "A, first get: warn");
    is_int(h401_htaccess_cache_reads(cache), 1, "A, first get: one read");

    rv = get_in_subpool(cache, path, TEXT_A, &warn, &matches);
    is_int(rv, APR_SUCCESS, "A, second get: success");
    ok(matches, "A, second get: the same auth, from the cache");
    is_int(warn, 0, "A, second get: no warn");
    is_int(h401_htaccess_cache_reads(cache), 1, "A, second get: still one read");

    memset(&auth, 0, sizeof(auth));
    warn = -1;
    rv = h401_htaccess_cache_get(cache, pool, path, &auth, &warn);
    ok(rv == APR_SUCCESS && auth.protects == 1 && auth.protect_line == 2
       && same_str(auth.auth_type, "Basic") && same_str(auth.auth_name, "Old staff")
       && auth.files->nelts == 1
       && same_str(APR_ARRAY_IDX(auth.files, 0, h401_authfile).path, "/nonexistent/h401/users")
       && APR_ARRAY_IDX(auth.files, 0, h401_authfile).line == 4,
       "A, third get: AuthType, AuthName and the user file with its line");
    is_int(warn, 0, "A, third get: no warn");
    is_int(h401_htaccess_cache_reads(cache), 1, "A, third get: still one read");

    /* a new version of another size */
    t0 = mtime_of(path);
    ok(write_file(path, TEXT_B), "wrote version B (another size)");
    ok(apr_file_mtime_set(path, t0, pool) == APR_SUCCESS && mtime_of(path) == t0,
       "B: mtime set back to A's: only the size tells");
    rv = get_in_subpool(cache, path, TEXT_B, &warn, &matches);
    is_int(rv, APR_SUCCESS, "B, first get: success");
    ok(matches, "B, first get: the new scan");
    is_int(warn, 1, "B, first get: warn again for the new version");
    is_int(h401_htaccess_cache_reads(cache), 2, "B, first get: two reads");
    rv = get_in_subpool(cache, path, TEXT_B, &warn, &matches);
    ok(rv == APR_SUCCESS && matches, "B, second get: the new scan, from the cache");
    is_int(warn, 0, "B, second get: no warn");
    is_int(h401_htaccess_cache_reads(cache), 2, "B, second get: still two reads");

    /* same size, other words, other mtime: read again */
    ok(write_file(path, TEXT_C) && strlen(TEXT_B) == strlen(TEXT_C), "wrote version C "
       "(same size)");
    ok(apr_file_mtime_set(path, t0 - apr_time_from_sec(100), pool) == APR_SUCCESS,
       "C: mtime set to another time");
    rv = get_in_subpool(cache, path, TEXT_C, &warn, &matches);
    ok(rv == APR_SUCCESS && matches, "C, same size, other mtime: the new scan");
    is_int(warn, 1, "C: warn for the new version");
    is_int(h401_htaccess_cache_reads(cache), 3, "C: three reads");

    /* same size and mtime, as cp -p leaves them: the ctime tells */
    ctime_c = ctime_of(path);
    ok(write_file(path, TEXT_B), "wrote version B again in place (same size as C)");
    ok(restore_mtime(path, t0 - apr_time_from_sec(100), ctime_c),
       "B again: mtime set back to C's (as cp -p does)");
    rv = get_in_subpool(cache, path, TEXT_B, &warn, &matches);
    ok(rv == APR_SUCCESS && matches, "same size and mtime, edited in place: B's scan");
    is_int(warn, 1, "same size and mtime, edited in place: warn for it");
    is_int(h401_htaccess_cache_reads(cache), 4, "same size and mtime, edited in place: read");

    /* same size and mtime, put in place by rename (rsync, tar): the inode tells */
    ok(write_file(path3, TEXT_C) && apr_file_mtime_set(path3, t0 - apr_time_from_sec(100), pool)
       == APR_SUCCESS, "wrote version C beside it, with the same mtime");
    ok(apr_file_rename(path3, path, pool) == APR_SUCCESS
       && mtime_of(path) == t0 - apr_time_from_sec(100),
       "renamed it over the cached file (as rsync does)");
    rv = get_in_subpool(cache, path, TEXT_C, &warn, &matches);
    ok(rv == APR_SUCCESS && matches, "same size and mtime, renamed over: C's scan");
    is_int(warn, 1, "same size and mtime, renamed over: warn for it");
    is_int(h401_htaccess_cache_reads(cache), 5, "same size and mtime, renamed over: read");
    rv = get_in_subpool(cache, path, TEXT_C, &warn, &matches);
    ok(rv == APR_SUCCESS && matches && warn == 0, "then C is cached, no warn");
    is_int(h401_htaccess_cache_reads(cache), 5, "and not read again");

    /* another file has its own entry */
    ok(write_file(path2, "AuthType Basic\nRequire user bob\n"), "wrote a second file");
    rv = get_in_subpool(cache, path2, "AuthType Basic\nRequire user bob\n", &warn, &matches);
    ok(rv == APR_SUCCESS && matches, "second file: its own scan");
    is_int(warn, 1, "second file: warn once for it too");
    is_int(h401_htaccess_cache_reads(cache), 6, "second file: six reads");
    rv = get_in_subpool(cache, path, TEXT_C, &warn, &matches);
    ok(rv == APR_SUCCESS && matches && warn == 0, "the first file is still cached, no warn");
    is_int(h401_htaccess_cache_reads(cache), 6, "and not read again");

    /* an empty file */
    ok(write_file(path2, ""), "emptied the second file");
    rv = get_in_subpool(cache, path2, "", &warn, &matches);
    ok(rv == APR_SUCCESS && matches, "an empty file: nothing protects");
    memset(&auth, 0x5a, sizeof(auth));
    rv = h401_htaccess_cache_get(cache, pool, path2, &auth, &warn);
    ok(rv == APR_SUCCESS && auth.protects == 0 && auth.auth_type == NULL
       && auth.auth_name == NULL && auth.files && auth.files->nelts == 0,
       "an empty file: every field set");

    /* missing files */
    warn = -1;
    rv = h401_htaccess_cache_get(cache, pool, apr_pstrcat(pool, dir, "/missing", NULL),
                                 &auth, &warn);
    ok(rv != APR_SUCCESS && APR_STATUS_IS_ENOENT(rv), "a missing file: ENOENT");
    is_int(warn, 0, "a missing file: no warn");
    is_int(h401_htaccess_cache_reads(cache), 7, "a missing file is not read");
    ok(apr_file_remove(path, pool) == APR_SUCCESS, "removed the cached file");
    warn = -1;
    rv = h401_htaccess_cache_get(cache, pool, path, &auth, &warn);
    ok(rv != APR_SUCCESS && APR_STATUS_IS_ENOENT(rv),
       "a cached file that was removed: ENOENT, not the old scan");
    is_int(warn, 0, "a removed file: no warn");
    rv = h401_htaccess_cache_get(cache, pool, dir, &auth, &warn);
    ok(rv != APR_SUCCESS, "a directory: an error");
    is_int(warn, 0, "a directory: no warn");

    /* written again after removal: read again, warn again */
    ok(write_file(path, TEXT_A), "wrote version A again");
    rv = get_in_subpool(cache, path, TEXT_A, &warn, &matches);
    ok(rv == APR_SUCCESS && matches, "A again: A's scan");
    is_int(warn, 1, "A again: warn for it");

    /* a cache with room for one file still answers right */
    is_int(h401_htaccess_cache_make(pool, 1, &small), APR_SUCCESS, "a cache of one entry");
    ok(write_file(path2, TEXT_B), "second file is version B");
    rv = get_in_subpool(small, path, TEXT_A, &warn, &matches);
    ok(rv == APR_SUCCESS && matches && warn == 1, "small cache: first file");
    rv = get_in_subpool(small, path2, TEXT_B, &warn, &matches);
    ok(rv == APR_SUCCESS && matches && warn == 1, "small cache: second file");
    rv = get_in_subpool(small, path, TEXT_A, &warn, &matches);
    ok(rv == APR_SUCCESS && matches, "small cache: first file again, right scan");
    is_int(h401_htaccess_cache_reads(small), 3, "small cache: the first file was read again");
    rv = get_in_subpool(small, path, TEXT_A, &warn, &matches);
    ok(rv == APR_SUCCESS && matches && warn == 0, "small cache: then cached, no warn");
    is_int(h401_htaccess_cache_reads(small), 3, "small cache: no more reads");

#if APR_HAS_THREADS
    test_threads(dir);
#else
    skip("no threads");
#endif

    test_least_recently_used(dir);
    test_memory_under_churn(dir);
    test_entry_caps(dir);

    apr_file_remove(path, pool);
    apr_file_remove(path2, pool);
    ok(apr_dir_remove(dir, pool) == APR_SUCCESS, "temp dir cleaned up");

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
