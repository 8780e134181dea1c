/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_htaccess: scanning .htaccess text and checking
 * the user and group files it names. */
#include <unistd.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include <apr_time.h>
#include "h401_htaccess.h"
#include "tap.h"

typedef struct {
    const char *directive;
    const char *path;
    int line;
} want_file;

typedef struct {
    const char *name;
    const char *text;
    int protects;
    int protect_line;
    const char *auth_type;
    const char *auth_name;
    int nfiles;
    want_file files[4];
} scan_case;

static const scan_case scan_cases[] = {
    { "typical Basic protection with comments",
      "# Staff only\n"
      "\n"
      "AuthType Basic\n"
      "AuthName \"Staff area\"\n"
      "   # the password file\n"
      "AuthUserFile /srv/www/.htpasswd\n"
      "Require valid-user\n",
      1, 3, "Basic", "Staff area", 1,
      { { "AuthUserFile", "/srv/www/.htpasswd", 6 } } },
    { "CRLF line endings",
      "# Windows editor\r\n"
      "AuthType Basic\r\n"
      "AuthName \"Staff area\"\r\n"
      "AuthUserFile /srv/www/.htpasswd\r\n"
      "Require valid-user\r\n",
      1, 2, "Basic", "Staff area", 1,
      { { "AuthUserFile", "/srv/www/.htpasswd", 4 } } },
    { "no newline at the end",
      "AuthUserFile /a/b\nRequire user bob",
      1, 2, NULL, NULL, 1, { { "AuthUserFile", "/a/b", 1 } } },
    { "backslash continuation",
      "# line 1\n"
      "AuthName \"Staff \\\n"
      "area\"\n"
      "AuthUserFile \\\n"
      "   /etc/apache2/users\n"
      "Require \\\n"
      "  valid-user\n"
      "AuthGroupFile /etc/apache2/groups\n",
      1, 6, NULL, "Staff area", 2,
      { { "AuthUserFile", "/etc/apache2/users", 4 },
        { "AuthGroupFile", "/etc/apache2/groups", 8 } } },
    { "backslash continuation with CRLF",
      "AuthType \\\r\n"
      "  Basic\r\n"
      "AuthUserFile /x/users\r\n",
      1, 1, "Basic", NULL, 1, { { "AuthUserFile", "/x/users", 3 } } },
    { "Require before AuthType: protect_line is the first of them",
      "AuthUserFile /p\n"
      "Require user alice bob\n"
      "AuthName Staff\n"
      "AuthType Basic\n",
      1, 2, "Basic", "Staff", 1, { { "AuthUserFile", "/p", 1 } } },
    { "Require all granted alone does not protect",
      "Require all granted\n",
      0, 0, NULL, NULL, 0, { { NULL, NULL, 0 } } },
    { "Require ip, host, local, env, method, expr, not do not protect",
      "Require ip 10.0.0.0/8\nRequire host example.org\nRequire local\n"
      "Require env OK\nRequire method GET\nRequire expr true\nRequire not ip 1.2.3.4\n",
      0, 0, NULL, NULL, 0, { { NULL, NULL, 0 } } },
    { "Require all granted, then a login requirement",
      "Require all granted\n<Files secret.html>\nRequire valid-user\n</Files>\n",
      1, 3, NULL, NULL, 0, { { NULL, NULL, 0 } } },
    { "AuthType None does not protect",
      "AuthType None\nAuthName \"x\"\n",
      0, 0, NULL, "x", 0, { { NULL, NULL, 0 } } },
    { "AuthGroupFile and AuthDBMUserFile recorded",
      "AuthType Basic\n"
      "AuthBasicProvider dbm\n"
      "AuthDBMUserFile /var/lib/auth/users\n"
      "AuthGroupFile \"/etc/apache2/group file\"\n"
      "AuthDBMGroupFile /var/lib/auth/groups\n"
      "Require group staff\n",
      1, 1, "Basic", NULL, 3,
      { { "AuthDBMUserFile", "/var/lib/auth/users", 3 },
        { "AuthGroupFile", "/etc/apache2/group file", 4 },
        { "AuthDBMGroupFile", "/var/lib/auth/groups", 5 } } },
    { "directive names are case-insensitive, recorded canonically",
      "authtype digest\nauthname 'Private'\nauthdigestfile /d/digest\nrequire valid-user\n",
      1, 1, "digest", "Private", 1, { { "AuthDigestFile", "/d/digest", 3 } } },
    { "commented-out protection is ignored",
      "#AuthType Basic\n# AuthUserFile /old/.htpasswd\n#Require valid-user\n",
      0, 0, NULL, NULL, 0, { { NULL, NULL, 0 } } },
    { "unrelated directives only",
      "Options -Indexes\nRewriteEngine On\nRewriteRule ^old$ /new [R=301,L]\n",
      0, 0, NULL, NULL, 0, { { NULL, NULL, 0 } } },
    { "AuthUserFile without an argument is not recorded",
      "AuthUserFile\nRequire valid-user\n",
      1, 2, NULL, NULL, 0, { { NULL, NULL, 0 } } },
    { "empty text", "", 0, 0, NULL, NULL, 0, { { NULL, NULL, 0 } } },
};

static void test_scan(apr_pool_t *p)
{
    size_t i;
    int j;

    for (i = 0; i < sizeof(scan_cases) / sizeof(scan_cases[0]); i++) {
        const scan_case *c = &scan_cases[i];
        h401_htaccess_auth a;

        memset(&a, 0x5a, sizeof(a));
        h401_htaccess_scan(p, c->text, strlen(c->text), &a);
        is_int(a.protects, c->protects, "%s: %s", c->name,
               c->protects ? "protects" : "does not protect");
        is_int(a.protect_line, c->protect_line, "%s: protect_line", c->name);
        is_str(a.auth_type, c->auth_type, "%s: AuthType", c->name);
        is_str(a.auth_name, c->auth_name, "%s: AuthName", c->name);
        ok(a.files != NULL, "%s: files array made", c->name);
        if (!a.files) {
            continue;
        }
        is_int(a.files->nelts, c->nfiles, "%s: number of files", c->name);
        for (j = 0; j < c->nfiles && j < a.files->nelts; j++) {
            const h401_authfile *f = &APR_ARRAY_IDX(a.files, j, h401_authfile);
            is_str(f->directive, c->files[j].directive, "%s: file %d directive", c->name, j + 1);
            is_str(f->path, c->files[j].path, "%s: file %d path", c->name, j + 1);
            is_int(f->line, c->files[j].line, "%s: file %d line", c->name, j + 1);
        }
    }

    /* only len bytes are read, the text need not be NUL-terminated there */
    {
        const char *text = "AuthType Basic\nAuthUserFile /a\nAuthGroupFile /b\n";
        h401_htaccess_auth a;
        h401_htaccess_scan(p, text, strlen("AuthType Basic\nAuthUserFile /a\n"), &a);
        is_int(a.files->nelts, 1, "scan stops at len bytes");
        h401_htaccess_scan(p, text, strlen("AuthType Basic\nAuthUserFile /a"), &a);
        is_str(APR_ARRAY_IDX(a.files, 0, h401_authfile).path, "/a",
               "a last line cut by len, without newline");
    }
}

/* ---- file checks ---- */

static const char *write_file(apr_pool_t *p, const char *dir, const char *name,
                              const char *content)
{
    const char *path = apr_pstrcat(p, dir, "/", name, NULL);
    apr_file_t *f;
    apr_size_t n = strlen(content);

    if (apr_file_open(&f, path, APR_FOPEN_WRITE | APR_FOPEN_CREATE | APR_FOPEN_TRUNCATE,
                      APR_FPROT_UREAD | APR_FPROT_UWRITE, p) != APR_SUCCESS) {
        diag("cannot create %s", path);
        return path;
    }
    if (n) {
        apr_file_write(f, content, &n);
    }
    apr_file_close(f);
    return path;
}

typedef struct {
    const char *name;
    const char *directive;
    const char *file;     /* under the temp dir */
    h401_file_state want;
} check_case;

static const check_case check_cases[] = {
    { "existing non-empty user file", "AuthUserFile", "htpasswd", H401_FILE_OK },
    { "empty user file", "AuthUserFile", "empty", H401_FILE_EMPTY },
    { "missing user file", "AuthUserFile", "no-such-file", H401_FILE_MISSING },
    { "missing file in a missing directory", "AuthUserFile", "nodir/htpasswd",
      H401_FILE_MISSING },
    { "a directory is not a user file", "AuthUserFile", "subdir", H401_FILE_MISSING },
    { "DBM user file found with its .db suffix", "AuthDBMUserFile", "users", H401_FILE_OK },
    { "DBM group file found with its .pag suffix", "AuthDBMGroupFile", "groups",
      H401_FILE_OK },
    { "DBM file found under its exact name", "AuthDBMUserFile", "htpasswd", H401_FILE_OK },
    { "DBM empty .db file", "AuthDBMUserFile", "emptydbm", H401_FILE_EMPTY },
    { "DBM with no file at all", "AuthDBMUserFile", "nodbm", H401_FILE_MISSING },
    { "suffixes are not tried for a plain user file", "AuthUserFile", "users",
      H401_FILE_MISSING },
    { "suffixes are not tried for a plain group file", "AuthGroupFile", "groups",
      H401_FILE_MISSING },
};

static void test_check(apr_pool_t *p)
{
    const char *tmp, *dir, *locked, *lockdir;
    apr_status_t rv;
    size_t i;

    rv = apr_temp_dir_get(&tmp, p);
    if (!ok(rv == APR_SUCCESS, "found a temp dir")) {
        return;
    }
    dir = apr_psprintf(p, "%s/h401-unit-%ld-%" APR_TIME_T_FMT, tmp, (long)getpid(),
                       apr_time_now());
    rv = apr_dir_make(dir, APR_FPROT_OS_DEFAULT, p);
    if (!ok(rv == APR_SUCCESS, "made temp dir %s", dir)) {
        return;
    }
    write_file(p, dir, "htpasswd", "bob:$apr1$x$y\n");
    write_file(p, dir, "empty", "");
    write_file(p, dir, "users.db", "dbm data");
    write_file(p, dir, "groups.pag", "dbm data");
    write_file(p, dir, "emptydbm.db", "");
    apr_dir_make(apr_pstrcat(p, dir, "/subdir", NULL), APR_FPROT_OS_DEFAULT, p);

    for (i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]); i++) {
        const check_case *c = &check_cases[i];
        h401_file_state got = h401_authfile_check(p, c->directive,
                                                  apr_pstrcat(p, dir, "/", c->file, NULL));
        is_str(h401_file_state_name(got), h401_file_state_name(c->want), "%s", c->name);
    }

    /* permission cases: root reads anything, so they only mean something
     * for other users */
    locked = write_file(p, dir, "locked", "bob:x\n");
    apr_file_perms_set(locked, 0);
    lockdir = apr_pstrcat(p, dir, "/lockdir", NULL);
    apr_dir_make(lockdir, APR_FPROT_OS_DEFAULT, p);
    write_file(p, lockdir, "htpasswd", "bob:x\n");
    apr_file_perms_set(lockdir, 0);
    if (geteuid() == 0) {
        skip("chmod 000 user file is unreadable: running as root, who reads it anyway");
        skip("file in a chmod 000 directory is unreadable: running as root");
    }
    else {
        is_str(h401_file_state_name(h401_authfile_check(p, "AuthUserFile", locked)),
               "unreadable", "chmod 000 user file is unreadable");
        is_str(h401_file_state_name(h401_authfile_check(
                   p, "AuthUserFile", apr_pstrcat(p, lockdir, "/htpasswd", NULL))),
               "unreadable", "file in a chmod 000 directory is unreadable");
    }

    /* clean up */
    apr_file_perms_set(lockdir, APR_FPROT_UREAD | APR_FPROT_UWRITE | APR_FPROT_UEXECUTE);
    apr_file_remove(apr_pstrcat(p, lockdir, "/htpasswd", NULL), p);
    apr_dir_remove(lockdir, p);
    apr_file_remove(locked, p);
    apr_file_remove(apr_pstrcat(p, dir, "/htpasswd", NULL), p);
    apr_file_remove(apr_pstrcat(p, dir, "/empty", NULL), p);
    apr_file_remove(apr_pstrcat(p, dir, "/users.db", NULL), p);
    apr_file_remove(apr_pstrcat(p, dir, "/groups.pag", NULL), p);
    apr_file_remove(apr_pstrcat(p, dir, "/emptydbm.db", NULL), p);
    apr_dir_remove(apr_pstrcat(p, dir, "/subdir", NULL), p);
    rv = apr_dir_remove(dir, p);
    ok(rv == APR_SUCCESS, "temp dir cleaned up");
}

/* ---- which file breaks a protection ---- */

/* The test's ServerRoot; "unresolvable/..." stands for a path httpd
 * cannot make one of. */
static const char *server_root;

static char *resolve_in_root(apr_pool_t *p, const char *path)
{
    if (strncmp(path, "unresolvable/", 13) == 0) {
        return NULL;
    }
    return path[0] == '/' ? apr_pstrdup(p, path) : apr_pstrcat(p, server_root, "/", path, NULL);
}

/* text with each '@' replaced by the ServerRoot */
static const char *in_root(apr_pool_t *p, const char *text)
{
    const char *at;
    const char *done = "";

    while ((at = strchr(text, '@')) != NULL) {
        done = apr_pstrcat(p, done, apr_pstrmemdup(p, text, (apr_size_t)(at - text)),
                           server_root, NULL);
        text = at + 1;
    }
    return apr_pstrcat(p, done, text, NULL);
}

typedef struct {
    const char *name;
    const char *text;        /* the .htaccess, '@' for the ServerRoot */
    int found;
    const char *directive;
    int line;
    const char *path;        /* '@' for the ServerRoot */
    h401_file_state state;
} broken_case;

static const broken_case broken_cases[] = {
    { "protects nothing: a missing file does not matter",
      "AuthUserFile gone\nRequire all granted\n",
      0, NULL, 0, NULL, H401_FILE_OK },
    { "protection with no file named",
      "AuthType Basic\nRequire valid-user\n",
      0, NULL, 0, NULL, H401_FILE_OK },
    { "a user file that can serve logins",
      "AuthType Basic\nAuthUserFile htpasswd\nRequire valid-user\n",
      0, NULL, 0, NULL, H401_FILE_OK },
    { "a DBM user file found with its suffix",
      "AuthType Basic\nAuthDBMUserFile users\nRequire valid-user\n",
      0, NULL, 0, NULL, H401_FILE_OK },
    { "a missing user file, relative to ServerRoot",
      "AuthType Basic\nAuthName Staff\nAuthUserFile gone\nRequire valid-user\n",
      1, "AuthUserFile", 3, "@/gone", H401_FILE_MISSING },
    { "an absolute path is checked as written",
      "AuthType Basic\nAuthUserFile @/empty\nRequire valid-user\n",
      1, "AuthUserFile", 2, "@/empty", H401_FILE_EMPTY },
    { "the first broken file in the order written",
      "AuthType Basic\nAuthUserFile htpasswd\nAuthGroupFile empty\n"
      "AuthDBMGroupFile gone\nRequire group staff\n",
      1, "AuthGroupFile", 3, "@/empty", H401_FILE_EMPTY },
    { "a directory is not a user file",
      "Require valid-user\nAuthUserFile subdir\n",
      1, "AuthUserFile", 2, "@/subdir", H401_FILE_MISSING },
    { "a path ServerRoot cannot resolve is missing, shown as written",
      "AuthType Basic\nAuthUserFile htpasswd\nAuthUserFile unresolvable/users\n"
      "Require valid-user\n",
      1, "AuthUserFile", 3, "unresolvable/users", H401_FILE_MISSING },
};

static void test_find_broken(apr_pool_t *p)
{
    const char *tmp;
    size_t i;

    if (!ok(apr_temp_dir_get(&tmp, p) == APR_SUCCESS, "broken: found a temp dir")) {
        return;
    }
    server_root = apr_psprintf(p, "%s/h401-root-%ld-%" APR_TIME_T_FMT, tmp, (long)getpid(),
                               apr_time_now());
    if (!ok(apr_dir_make(server_root, APR_FPROT_OS_DEFAULT, p) == APR_SUCCESS,
            "broken: made ServerRoot %s", server_root)) {
        return;
    }
    write_file(p, server_root, "htpasswd", "bob:$apr1$x$y\n");
    write_file(p, server_root, "empty", "");
    write_file(p, server_root, "users.db", "dbm data");
    apr_dir_make(apr_pstrcat(p, server_root, "/subdir", NULL), APR_FPROT_OS_DEFAULT, p);

    for (i = 0; i < sizeof(broken_cases) / sizeof(broken_cases[0]); i++) {
        const broken_case *c = &broken_cases[i];
        const char *text = in_root(p, c->text);
        h401_htaccess_auth auth;
        h401_broken_authfile got;
        int found;

        h401_htaccess_scan(p, text, strlen(text), &auth);
        memset(&got, 0, sizeof(got));
        found = h401_htaccess_find_broken(p, &auth, resolve_in_root, &got);
        is_int(found, c->found, "%s: %s", c->name, c->found ? "broken" : "not broken");
        if (!c->found || !found) {
            continue;
        }
        is_str(got.directive, c->directive, "%s: directive", c->name);
        is_int(got.line, c->line, "%s: line", c->name);
        is_str(got.path, in_root(p, c->path), "%s: path", c->name);
        is_str(h401_file_state_name(got.state), h401_file_state_name(c->state),
               "%s: state", c->name);
    }

    apr_file_remove(apr_pstrcat(p, server_root, "/htpasswd", NULL), p);
    apr_file_remove(apr_pstrcat(p, server_root, "/empty", NULL), p);
    apr_file_remove(apr_pstrcat(p, server_root, "/users.db", NULL), p);
    apr_dir_remove(apr_pstrcat(p, server_root, "/subdir", NULL), p);
    ok(apr_dir_remove(server_root, p) == APR_SUCCESS, "broken: ServerRoot cleaned up");
}

static void test_state_names(void)
{
    is_str(h401_file_state_name(H401_FILE_OK), "ok", "state name: ok");
    is_str(h401_file_state_name(H401_FILE_MISSING), "missing", "state name: missing");
    is_str(h401_file_state_name(H401_FILE_UNREADABLE), "unreadable", "state name: unreadable");
    is_str(h401_file_state_name(H401_FILE_EMPTY), "empty", "state name: empty");
}

/* The admin's next step, as the page and helpful401-scan both give it. */
typedef struct {
    const char *name;
    h401_broken_authfile broken;
    const char *want;
} fix_case;

static const fix_case fix_cases[] = {
    { "missing user file: the htpasswd command",
      { "AuthUserFile", 4, "/etc/apache2/old-users", H401_FILE_MISSING },
      "Create the user file with: htpasswd -c /etc/apache2/old-users USERNAME, "
      "or remove the protection from /srv/www/.htaccess (line 2)." },
    { "empty user file: the htpasswd command too",
      { "AuthUserFile", 4, "/etc/apache2/users", H401_FILE_EMPTY },
      "Create the user file with: htpasswd -c /etc/apache2/users USERNAME, "
      "or remove the protection from /srv/www/.htaccess (line 2)." },
    { "a name with a space: quoted for the shell",
      { "AuthUserFile", 4, "/etc/apache2/old users", H401_FILE_MISSING },
      "Create the user file with: htpasswd -c '/etc/apache2/old users' USERNAME, "
      "or remove the protection from /srv/www/.htaccess (line 2)." },
    { "a name with a quote and a dollar: quoted, the quote too",
      { "AuthUserFile", 4, "/etc/it's $HOME", H401_FILE_MISSING },
      "Create the user file with: htpasswd -c '/etc/it'\\''s $HOME' USERNAME, "
      "or remove the protection from /srv/www/.htaccess (line 2)." },
    { "unreadable user file: its permissions",
      { "AuthUserFile", 4, "/etc/apache2/users", H401_FILE_UNREADABLE },
      "Let the server's user read /etc/apache2/users (e.g. chgrp www-data and "
      "chmod 640), or remove the protection from /srv/www/.htaccess." },
    { "missing group file: create it, where it is named",
      { "AuthGroupFile", 5, "/etc/apache2/groups", H401_FILE_MISSING },
      "Create /etc/apache2/groups (AuthGroupFile, line 5 of /srv/www/.htaccess), "
      "or remove the protection from /srv/www/.htaccess." },
};

static void test_fix(apr_pool_t *p)
{
    apr_size_t i;

    for (i = 0; i < sizeof(fix_cases) / sizeof(fix_cases[0]); i++) {
        const fix_case *c = &fix_cases[i];
        is_str(h401_htaccess_fix(p, "/srv/www/.htaccess", 2, &c->broken), c->want,
               "fix: %s", c->name);
    }
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_scan(pool);
    test_state_names();
    test_check(pool);
    test_find_broken(pool);
    test_fix(pool);

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
