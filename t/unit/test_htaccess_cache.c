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
typedef struct {
    h401_htaccess_cache *cache;
    const char *path;
    int warned;       /* how many gets said warn */
    int failed;       /* gets that failed or did not match */
} worker_state;

static void *APR_THREAD_FUNC worker(apr_thread_t *thread, void *data)
{
    worker_state *w = data;
    apr_pool_t *p;
    int i;

    apr_pool_create_unmanaged(&p);
    for (i = 0; i < 200; i++) {
        h401_htaccess_auth auth;
        int warn = 0;
        apr_pool_t *sub;

        apr_pool_create(&sub, p);
        if (h401_htaccess_cache_get(w->cache, sub, w->path, &auth, &warn) != APR_SUCCESS
            || !auth.auth_name || strcmp(auth.auth_name, "New staff") != 0
            || auth.files->nelts != 2) {
            w->failed++;
        }
        w->warned += warn;
        apr_pool_destroy(sub);
    }
    apr_pool_destroy(p);
    apr_thread_exit(thread, APR_SUCCESS);
    return NULL;
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
    /* threads sharing the cache: one read, one warn in all */
    {
        h401_htaccess_cache *shared = NULL;
        apr_thread_t *threads[8];
        worker_state states[8];
        int i, warned = 0, failed = 0, started = 0;

        h401_htaccess_cache_make(pool, 16, &shared);
        for (i = 0; i < 8; i++) {
            states[i].cache = shared;
            states[i].path = path2;
            states[i].warned = 0;
            states[i].failed = 0;
            if (apr_thread_create(&threads[i], NULL, worker, &states[i], pool) == APR_SUCCESS) {
                started++;
            }
        }
        for (i = 0; i < started; i++) {
            apr_status_t trv;
            apr_thread_join(&trv, threads[i]);
            warned += states[i].warned;
            failed += states[i].failed;
        }
        is_int(started, 8, "threads: eight started");
        is_int(failed, 0, "threads: every get gave the scan");
        is_int(warned, 1, "threads: one warn in all");
        is_int(h401_htaccess_cache_reads(shared), 1, "threads: one read in all");
    }
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
