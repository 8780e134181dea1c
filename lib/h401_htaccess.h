/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_htaccess.h
 * @brief Finding protection in an .htaccess file that can no longer work.
 *
 * A site moved or cleaned up often keeps an .htaccess whose AuthUserFile
 * is gone: every visitor then gets a 401 that no password can pass. These
 * functions read such a file's auth directives and check the files they
 * name.
 */
#ifndef H401_HTACCESS_H
#define H401_HTACCESS_H

#include <apr_pools.h>
#include <apr_tables.h>

/** A user or group file named by an .htaccess. */
typedef struct {
    const char *directive;  /**< e.g. "AuthUserFile" */
    const char *path;       /**< as written in the file */
    int line;               /**< 1-based line number */
} h401_authfile;

/** The auth directives found in one .htaccess text. */
typedef struct {
    int protects;            /**< has AuthType or a Require other than "all granted" */
    int protect_line;        /**< line of the first AuthType/Require */
    const char *auth_type;   /**< AuthType argument, NULL if absent */
    const char *auth_name;   /**< AuthName argument, NULL if absent */
    apr_array_header_t *files;   /**< h401_authfile */
} h401_htaccess_auth;

/** Why a user or group file cannot serve logins. */
typedef enum {
    H401_FILE_OK = 0,
    H401_FILE_MISSING,
    H401_FILE_UNREADABLE,
    H401_FILE_EMPTY
} h401_file_state;

/** Reads the auth directives of an .htaccess text of len bytes. */
void h401_htaccess_scan(apr_pool_t *p, const char *text, apr_size_t len,
                        h401_htaccess_auth *out);

/**
 * Checks a user or group file by absolute path. DBM files may be stored
 * with a suffix (.db, .pag), so for DBM directives those are tried too.
 */
h401_file_state h401_authfile_check(apr_pool_t *p, const char *directive,
                                    const char *path);

/** A stable word for a file state: "missing", "unreadable", "empty". */
const char *h401_file_state_name(h401_file_state state);

/**
 * Makes a path written in an .htaccess absolute, as httpd reads it:
 * relative to ServerRoot. NULL when it cannot be made a path. httpd's
 * ap_server_root_relative() has this type.
 */
typedef char *h401_path_resolver(apr_pool_t *p, const char *path);

/** The user or group file that keeps an .htaccess protection from working. */
typedef struct {
    const char *directive;   /**< e.g. "AuthUserFile" */
    int line;                /**< its line in the .htaccess */
    const char *path;        /**< the file checked: resolved, or as written
                                  when resolve gave NULL */
    h401_file_state state;   /**< missing, unreadable or empty */
} h401_broken_authfile;

/**
 * Why a scanned .htaccess lets nobody log in, if it does: the first of the
 * files it names (in the order written) that is missing, unreadable or
 * empty, each checked at the path resolve makes of it; a path resolve
 * cannot make counts as missing. Returns 1 and fills *out for such a
 * file; 0 when the .htaccess protects nothing, names no file, or every
 * file it names can serve logins.
 */
int h401_htaccess_find_broken(apr_pool_t *p, const h401_htaccess_auth *auth,
                              h401_path_resolver *resolve,
                              h401_broken_authfile *out);

/**
 * The admin's next step for a broken protection: the htpasswd command
 * that makes a missing or empty user file, the permissions an unreadable
 * one needs, or what to create, each with the other way out (remove the
 * protection from htaccess, whose protection starts at protect_line).
 * In English, like httpd's logs; the module's page and helpful401-scan
 * both say it, so they give the same advice.
 */
const char *h401_htaccess_fix(apr_pool_t *p, const char *htaccess, int protect_line,
                              const h401_broken_authfile *broken);

#endif
