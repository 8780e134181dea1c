/* Licensed under the Apache License, Version 2.0; see LICENSE. */

/*
 * helpful401-scan: walks directory trees and reports every .htaccess
 * protection that cannot work, the leftover-htaccess cause of the module
 * found before any visitor meets it. Each .htaccess is read and judged by
 * lib/ exactly as the module reads and judges it (through the same cache
 * code, with its limits: 256 KiB of file, 8 user or group files, 512-byte
 * paths), its user and group files resolved against ServerRoot as httpd
 * does, and the fix is lib's words, the ones the module's page gives.
 *
 * The walk reads each directory's entries once (their type from the
 * directory itself, no stat per file), follows symbolic links to
 * directories as httpd's FollowSymLinks does, and enters every directory
 * once only, by device and inode, so that no link loop is followed. A
 * directory that cannot be read is reported and the walk goes on.
 *
 * Exit status: 0 when nothing is broken, 1 when a protection is broken or
 * something could not be read, 2 on bad usage.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <pwd.h>
#include <grp.h>
#include <sys/types.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include <apr_getopt.h>

#include "h401_htaccess.h"
#include "h401_htaccess_cache.h"
#include "h401_escape.h"

#ifndef H401_SERVER_ROOT
#define H401_SERVER_ROOT "/etc/apache2"   /* Debian's; the Makefile sets apxs's */
#endif
#ifndef H401_SERVER_USER
#define H401_SERVER_USER "www-data"       /* Debian's APACHE_RUN_USER */
#endif

#define EXIT_ALL_WELL 0
#define EXIT_BROKEN   1
#define EXIT_USAGE    2

static const char *progname = "helpful401-scan";

/* ServerRoot, for the resolver: h401_path_resolver takes no context. */
static const char *server_root;

/* As httpd's ap_server_root_relative(): merged onto ServerRoot, an
 * absolute path as it is; NULL when no path can be made of it. */
static char *server_root_relative(apr_pool_t *p, const char *path)
{
    char *full;

    if (apr_filepath_merge(&full, server_root, path, APR_FILEPATH_TRUENAME, p)
        != APR_SUCCESS) {
        return NULL;
    }
    return full;
}

typedef struct {
    apr_pool_t *pool;                  /* lives as long as the scan */
    const apr_array_header_t *names;   /* AccessFileName: const char * */
    int json;
    h401_htaccess_cache *cache;
    apr_hash_t *entered;               /* "device:inode" of each directory */
    apr_size_t directories;
    apr_size_t htaccess_files;
    apr_size_t sound_count;
    apr_size_t broken_count;
    apr_size_t error_count;
    /* the JSON arrays' members, comma-separated */
    h401_buf broken;
    h401_buf sound;
    h401_buf errors;
    h401_buf skipped;
    h401_buf below_broken;
} scan_ctx;

/* -------------------------------------------------------------------- */
/* Output                                                               */

/* A name as a line of text may carry it: control characters dropped, so
 * that no file name can forge a line of the report. */
static const char *text_safe(apr_pool_t *p, const char *s)
{
    h401_buf b;

    h401_buf_init(&b, p, strlen(s) + 1);
    h401_buf_add_escaped(&b, s, H401_ESC_TEXT);
    return b.data;
}

static void json_str(h401_buf *b, const char *name, const char *value)
{
    h401_buf_adds(b, "\"");
    h401_buf_adds(b, name);
    h401_buf_adds(b, "\": ");
    if (!value) {
        h401_buf_adds(b, "null");
        return;
    }
    h401_buf_adds(b, "\"");
    h401_buf_add_escaped(b, value, H401_ESC_JSON);
    h401_buf_adds(b, "\"");
}

static void json_int(h401_buf *b, const char *name, apr_size_t value)
{
    char num[32];

    apr_snprintf(num, sizeof(num), "%" APR_SIZE_T_FMT, value);
    h401_buf_adds(b, "\"");
    h401_buf_adds(b, name);
    h401_buf_adds(b, "\": ");
    h401_buf_adds(b, num);
}

/* Starts the next member of one of the arrays. */
static void json_member(h401_buf *b)
{
    h401_buf_adds(b, b->len ? ",\n    { " : "\n    { ");
}

static void json_array(const char *name, const h401_buf *b, int last)
{
    printf("  \"%s\": [%s%s]%s\n", name, b->data ? b->data : "", b->len ? "\n  " : "",
           last ? "" : ",");
}

/* Something that could not be read: the scan is not complete. */
static void report_error(scan_ctx *c, apr_pool_t *p, const char *path, const char *what,
                         apr_status_t rv)
{
    char err[256];

    apr_strerror(rv, err, sizeof(err));
    c->error_count++;
    if (c->json) {
        json_member(&c->errors);
        json_str(&c->errors, "path", path);
        h401_buf_adds(&c->errors, ", ");
        json_str(&c->errors, "error", apr_pstrcat(p, what, ": ", err, NULL));
        h401_buf_adds(&c->errors, " }");
    }
    else {
        fflush(stdout);
        fprintf(stderr, "%s: %s: %s: %s\n", progname, text_safe(p, path), what, err);
    }
}

/* A protection's JSON object up to its own members: where it is. */
static void json_protection(h401_buf *j, const char *htaccess,
                            const h401_htaccess_auth *auth, const char *dir)
{
    json_member(j);
    json_str(j, "htaccess", htaccess);
    h401_buf_adds(j, ", ");
    json_int(j, "line", (apr_size_t)auth->protect_line);
    h401_buf_adds(j, ", ");
    json_str(j, "directory", dir);
    h401_buf_adds(j, ", ");
}

static void report_broken(scan_ctx *c, apr_pool_t *p, const char *htaccess,
                          const char *dir, const h401_htaccess_auth *auth,
                          const h401_broken_authfile *b)
{
    const char *fix = h401_htaccess_fix(p, htaccess, auth->protect_line, b);

    c->broken_count++;
    if (c->json) {
        h401_buf *j = &c->broken;

        json_protection(j, htaccess, auth, dir);
        json_str(j, "auth_name", auth->auth_name);
        h401_buf_adds(j, ",\n      ");
        json_str(j, "directive", b->directive);
        h401_buf_adds(j, ", ");
        json_int(j, "directive_line", (apr_size_t)b->line);
        h401_buf_adds(j, ", ");
        json_str(j, "file", b->path);
        h401_buf_adds(j, ", ");
        json_str(j, "state", h401_file_state_name(b->state));
        h401_buf_adds(j, ",\n      ");
        json_str(j, "fix", fix);
        h401_buf_adds(j, " }");
    }
    else {
        printf("%s:%d: %s %s is %s, so the protection from line %d lets nobody log in\n"
               "    fix: %s\n",
               text_safe(p, htaccess), b->line, b->directive, text_safe(p, b->path),
               h401_file_state_name(b->state), auth->protect_line, text_safe(p, fix));
    }
}

/* A protection sound in itself, in a directory below a broken one
 * (below_broken, else NULL): the module, which looks at every .htaccess
 * read for a request, explains a 401 there by the broken one, so it is not
 * called sound but listed apart, in the JSON only (the broken one has its
 * line of text). */
static void report_sound(scan_ctx *c, const char *htaccess, const char *dir,
                         const h401_htaccess_auth *auth, const char *below_broken)
{
    if (below_broken) {
        h401_buf *j = &c->below_broken;

        if (c->json) {
            json_protection(j, htaccess, auth, dir);
            json_str(j, "broken_htaccess", below_broken);
            h401_buf_adds(j, " }");
        }
        return;
    }
    c->sound_count++;
    if (c->json) {
        h401_buf *j = &c->sound;

        json_protection(j, htaccess, auth, dir);
        json_str(j, "auth_name", auth->auth_name);
        h401_buf_adds(j, " }");
    }
}

/* A link to a directory already entered: a loop, or a second way in. */
static void report_skipped(scan_ctx *c, const char *path)
{
    if (c->json) {
        json_member(&c->skipped);
        json_str(&c->skipped, "path", path);
        h401_buf_adds(&c->skipped, ", ");
        json_str(&c->skipped, "reason", "directory already scanned (a link loop or a "
                 "second link to it)");
        h401_buf_adds(&c->skipped, " }");
    }
}

/* -------------------------------------------------------------------- */
/* The walk                                                             */

/* The directory's access file judged as the module judges it: the first
 * of the AccessFileName names that is there is the one httpd reads.
 * below_broken is the nearest broken access file above (or NULL); returns
 * the one for the directories below: this one when it is broken. */
static const char *judge_dir(scan_ctx *c, apr_pool_t *p, const char *dir,
                             const char *const *found, const char *below_broken)
{
    int i;

    for (i = 0; i < c->names->nelts; i++) {
        const char *htaccess;
        h401_htaccess_auth auth;
        h401_broken_authfile broken;
        apr_status_t rv;
        int first;

        if (!found[i]) {
            continue;
        }
        htaccess = found[i];
        rv = h401_htaccess_cache_get(c->cache, p, htaccess, &auth, &first);
        if (APR_STATUS_IS_ENOENT(rv) || APR_STATUS_IS_ENOTDIR(rv)) {
            continue;   /* a dangling link: httpd tries the next name */
        }
        if (rv != APR_SUCCESS) {
            /* httpd refuses every request there (403) */
            report_error(c, p, htaccess, "cannot read it", rv);
            return below_broken;
        }
        c->htaccess_files++;
        if (h401_htaccess_find_broken(p, &auth, server_root_relative, &broken)) {
            report_broken(c, p, htaccess, dir, &auth, &broken);
            return apr_pstrdup(c->pool, htaccess);
        }
        if (auth.protects) {
            report_sound(c, htaccess, dir, &auth, below_broken);
        }
        return below_broken;
    }
    return below_broken;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *join(apr_pool_t *p, const char *dir, const char *name)
{
    apr_size_t len = strlen(dir);

    return apr_pstrcat(p, dir, len && dir[len - 1] == '/' ? "" : "/", name, NULL);
}

/* Enters the directory at path (known to be one) unless it was entered
 * before; judges its access file (below_broken: the nearest broken one on
 * the way there, or NULL), then walks its subdirectories in name order. Each directory's entries are read and it is closed before any
 * subdirectory is opened, so a deep tree holds one descriptor at a time. */
static void walk(scan_ctx *c, apr_pool_t *parent, const char *path, const char *below_broken)
{
    apr_pool_t *p;
    apr_finfo_t info;
    apr_dir_t *d;
    apr_status_t rv;
    apr_array_header_t *subdirs;
    const char **found;
    const char *key;
    int i;

    apr_pool_create(&p, parent);
    rv = apr_stat(&info, path, APR_FINFO_TYPE | APR_FINFO_INODE | APR_FINFO_DEV, p);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_INCOMPLETE(rv)) {
        report_error(c, p, path, "cannot look at it", rv);
        apr_pool_destroy(p);
        return;
    }
    key = apr_psprintf(p, "%" APR_UINT64_T_FMT ":%" APR_UINT64_T_FMT,
                       (apr_uint64_t)info.device, (apr_uint64_t)info.inode);
    if (apr_hash_get(c->entered, key, APR_HASH_KEY_STRING)) {
        report_skipped(c, path);
        apr_pool_destroy(p);
        return;
    }
    key = apr_pstrdup(c->pool, key);
    apr_hash_set(c->entered, key, APR_HASH_KEY_STRING, key);

    if ((rv = apr_dir_open(&d, path, p)) != APR_SUCCESS) {
        report_error(c, p, path, "cannot read the directory", rv);
        apr_pool_destroy(p);
        return;
    }
    c->directories++;
    subdirs = apr_array_make(p, 8, sizeof(const char *));
    found = apr_pcalloc(p, (apr_size_t)c->names->nelts * sizeof(*found));
    for (;;) {
        apr_finfo_t e;
        const char *name;

        rv = apr_dir_read(&e, APR_FINFO_NAME | APR_FINFO_TYPE, d);
        if (APR_STATUS_IS_ENOENT(rv)) {
            break;   /* the end */
        }
        if (rv != APR_SUCCESS && !APR_STATUS_IS_INCOMPLETE(rv)) {
            report_error(c, p, path, "cannot read the directory", rv);
            break;
        }
        name = e.name;
        if (!name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
            continue;
        }
        for (i = 0; i < c->names->nelts; i++) {
            if (strcmp(name, APR_ARRAY_IDX(c->names, i, const char *)) == 0) {
                found[i] = join(p, path, name);
            }
        }
        if (e.filetype == APR_LNK || e.filetype == APR_UNKFILE || e.filetype == APR_NOFILE) {
            /* where it leads (a dangling link leads nowhere) */
            apr_finfo_t target;
            const char *full = join(p, path, name);

            if (apr_stat(&target, full, APR_FINFO_TYPE, p) == APR_SUCCESS
                && target.filetype == APR_DIR) {
                APR_ARRAY_PUSH(subdirs, const char *) = apr_pstrdup(p, name);
            }
        }
        else if (e.filetype == APR_DIR) {
            APR_ARRAY_PUSH(subdirs, const char *) = apr_pstrdup(p, name);
        }
    }
    apr_dir_close(d);

    below_broken = judge_dir(c, p, path, found, below_broken);
    qsort(subdirs->elts, (size_t)subdirs->nelts, sizeof(const char *), by_name);
    for (i = 0; i < subdirs->nelts; i++) {
        walk(c, p, join(p, path, APR_ARRAY_IDX(subdirs, i, const char *)), below_broken);
    }
    apr_pool_destroy(p);
}

/* -------------------------------------------------------------------- */
/* Running as the server's user                                         */

/* The server reads the files as its own user, not as root: checked as
 * root, an unreadable user file would seem fine. Returns NULL or why not. */
static const char *become(apr_pool_t *p, const char *user)
{
    struct passwd *pw;

    errno = 0;
    if ((pw = getpwnam(user)) == NULL) {
        return apr_psprintf(p, "no user %s on this system", user);
    }
    if (pw->pw_uid == geteuid()) {
        return NULL;
    }
    if (geteuid() != 0) {
        return apr_psprintf(p, "only root can check the files as %s", user);
    }
    if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0
        || setuid(pw->pw_uid) != 0) {
        return apr_psprintf(p, "cannot become %s: %s", user, strerror(errno));
    }
    return NULL;
}

/* -------------------------------------------------------------------- */
/* Usage and main                                                       */

static void usage(FILE *to)
{
    fprintf(to,
        "Usage: %s [options] DIR...\n"
        "Reports each .htaccess protection under DIR that lets nobody log in: its\n"
        "AuthUserFile or AuthGroupFile missing, unreadable or empty.\n"
        "\n"
        "  -j, --json             one JSON document on standard output\n"
        "  -r, --server-root DIR  resolve relative file names against DIR, as httpd's\n"
        "                         ServerRoot (default %s)\n"
        "  -a, --access-file NAME the AccessFileName; may be given more than once, in\n"
        "                         httpd's order (default .htaccess)\n"
        "  -u, --user USER        check the files as USER, the server's user; as root\n"
        "                         the default is %s when it exists\n"
        "  -q, --quiet            no summary on standard error\n"
        "  -h, --help             this text\n"
        "\n"
        "Exit status: 0 nothing broken, 1 a protection broken or something unreadable,\n"
        "2 bad usage.\n", progname, H401_SERVER_ROOT, H401_SERVER_USER);
}

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", progname);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help'.\n", progname);
    return EXIT_USAGE;
}

static int run(apr_pool_t *pool, int argc, const char *const *argv)
{
    static const apr_getopt_option_t options[] = {
        { "json",        'j', 0, "JSON output" },
        { "server-root", 'r', 1, "ServerRoot" },
        { "access-file", 'a', 1, "AccessFileName" },
        { "user",        'u', 1, "the server's user" },
        { "quiet",       'q', 0, "no summary" },
        { "help",        'h', 0, "help" },
        { NULL, 0, 0, NULL }
    };
    apr_getopt_t *opt;
    apr_status_t rv;
    int ch, i, quiet = 0;
    const char *arg, *user = NULL, *why;
    apr_array_header_t *names = apr_array_make(pool, 1, sizeof(const char *));
    apr_array_header_t *dirs = apr_array_make(pool, 4, sizeof(const char *));
    scan_ctx c;

    memset(&c, 0, sizeof(c));
    c.pool = pool;
    server_root = H401_SERVER_ROOT;
    apr_getopt_init(&opt, pool, argc, argv);
    opt->errfn = NULL;   /* our own message */
    while ((rv = apr_getopt_long(opt, options, &ch, &arg)) == APR_SUCCESS) {
        switch (ch) {
        case 'j': c.json = 1; break;
        case 'r': server_root = arg; break;
        case 'a':
            if (!*arg || strchr(arg, '/')) {
                return bad_usage("--access-file takes a file name, not '%s'", arg);
            }
            APR_ARRAY_PUSH(names, const char *) = arg;
            break;
        case 'u': user = arg; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return EXIT_ALL_WELL;
        }
    }
    if (rv != APR_EOF) {
        return bad_usage("unknown option or missing value near '%s'",
                         argv[opt->ind - 1 > 0 ? opt->ind - 1 : 0]);
    }
    if (opt->ind >= argc) {
        return bad_usage("%s", "which directories? Name at least one DIR");
    }
    if (!names->nelts) {
        APR_ARRAY_PUSH(names, const char *) = ".htaccess";
    }
    c.names = names;
    {
        apr_finfo_t info;
        char *root;

        if (apr_filepath_merge(&root, NULL, server_root, APR_FILEPATH_TRUENAME, pool)
            != APR_SUCCESS
            || apr_stat(&info, root, APR_FINFO_TYPE, pool) != APR_SUCCESS
            || info.filetype != APR_DIR) {
            return bad_usage("the ServerRoot %s is no directory (--server-root)",
                             server_root);
        }
        server_root = root;
    }
    for (i = opt->ind; i < argc; i++) {
        apr_finfo_t info;
        char *dir = apr_pstrdup(pool, argv[i]);
        apr_size_t len = strlen(dir);

        while (len > 1 && dir[len - 1] == '/') {
            dir[--len] = '\0';
        }
        if (apr_stat(&info, dir, APR_FINFO_TYPE, pool) != APR_SUCCESS
            || info.filetype != APR_DIR) {
            return bad_usage("%s is no directory", dir);
        }
        APR_ARRAY_PUSH(dirs, const char *) = dir;
    }
    if (!user && geteuid() == 0 && getpwnam(H401_SERVER_USER)) {
        user = H401_SERVER_USER;
    }
    if (user && (why = become(pool, user)) != NULL) {
        return bad_usage("%s (--user)", why);
    }

    if ((rv = h401_htaccess_cache_make(pool, 1, &c.cache)) != APR_SUCCESS) {
        fprintf(stderr, "%s: out of memory\n", progname);
        return EXIT_BROKEN;
    }
    c.entered = apr_hash_make(pool);
    h401_buf_init(&c.broken, pool, 256);
    h401_buf_init(&c.sound, pool, 256);
    h401_buf_init(&c.errors, pool, 64);
    h401_buf_init(&c.skipped, pool, 64);
    h401_buf_init(&c.below_broken, pool, 64);
    for (i = 0; i < dirs->nelts; i++) {
        walk(&c, pool, APR_ARRAY_IDX(dirs, i, const char *), NULL);
    }

    if (c.json) {
        h401_buf head;

        h401_buf_init(&head, pool, 256);
        h401_buf_adds(&head, "{\n  ");
        json_str(&head, "server_root", server_root);
        h401_buf_adds(&head, ",\n  ");
        json_str(&head, "user", user);
        h401_buf_adds(&head, ",\n  ");
        json_int(&head, "directories", c.directories);
        h401_buf_adds(&head, ",\n  ");
        json_int(&head, "htaccess_files", c.htaccess_files);
        h401_buf_adds(&head, ",\n");
        fputs(head.data, stdout);
        json_array("broken", &c.broken, 0);
        json_array("sound", &c.sound, 0);
        json_array("below_broken", &c.below_broken, 0);
        json_array("errors", &c.errors, 0);
        json_array("skipped", &c.skipped, 1);
        fputs("}\n", stdout);
    }
    else if (!quiet) {
        fflush(stdout);
        fprintf(stderr, "%s: scanned %" APR_SIZE_T_FMT " directories and %"
                APR_SIZE_T_FMT " access files; protections broken: %" APR_SIZE_T_FMT
                ", sound: %" APR_SIZE_T_FMT "; not readable: %" APR_SIZE_T_FMT "\n",
                progname, c.directories, c.htaccess_files, c.broken_count,
                c.sound_count, c.error_count);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: cannot write the report: %s\n", progname, strerror(errno));
        return EXIT_BROKEN;
    }
    return c.broken_count || c.error_count ? EXIT_BROKEN : EXIT_ALL_WELL;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    int status;

    if (apr_app_initialize(&argc, &argv, NULL) != APR_SUCCESS
        || apr_pool_create(&pool, NULL) != APR_SUCCESS) {
        fprintf(stderr, "%s: cannot start APR\n", progname);
        return EXIT_BROKEN;
    }
    status = run(pool, argc, argv);
    apr_pool_destroy(pool);
    apr_terminate();
    return status;
}
