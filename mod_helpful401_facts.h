/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file mod_helpful401_facts.h
 * @brief One refused request: its facts (challenges, credentials,
 * cookies, a broken .htaccess), the cause found from them, and what the
 * admin is told of it (environment variables, the error log).
 */
#ifndef MOD_HELPFUL401_FACTS_H
#define MOD_HELPFUL401_FACTS_H

#include "httpd.h"

#include "lib/h401_diagnose.h"
#include "lib/h401_htaccess.h"
#include "lib/h401_htpasswd.h"
#include "mod_helpful401_config.h"

/** Where an .htaccess protection that cannot work was found. */
typedef struct {
    const char *htaccess;        /* path of the .htaccess file */
    int line;                    /* line of its AuthType/Require */
    const char *auth_name;
    const char *directive;       /* AuthUserFile, AuthGroupFile, ... */
    int directive_line;
    const char *file;            /* the file it names, resolved */
    h401_file_state state;
} h401_leftover;

/** A refused Basic user whose record in the AuthUserFile can never match. */
typedef struct {
    const char *file;            /* the AuthUserFile; NULL: nothing found */
    const char *user;            /* the user name sent */
    h401_htpasswd_record record; /* its line, value and why */
} h401_password_record;

/** Everything found out about one refused request. */
typedef struct {
    h401_facts facts;
    h401_diagnosis diagnosis;
    const char *cause_id;        /* the admin's cause, or the built-in one */
    int custom;                  /* cause_id is the admin's */
    h401_leftover leftover;
    h401_password_record password;   /* with bad-credentials, when found */
    apr_array_header_t *challenge_headers;   /* const char *, as sent */
} h401_finding;

/** Gathers the facts of r and finds its cause: the admin's causes first,
 *  then the built-in ones. */
void h401_diagnose_request(request_rec *r, const h401_dir_conf *conf,
                           h401_finding *out);

/** Sets HELPFUL401_CAUSE, _SCHEME and _REALM in env, each name with
 *  prefix ("" or "REDIRECT_"). */
void h401_export_finding(request_rec *r, apr_table_t *env, const char *prefix,
                         const h401_finding *f);

/** One line at LogLevel info; via says which way the 401 came, or NULL
 *  for httpd's own. */
void h401_log_finding(request_rec *r, const h401_finding *f, const char *via);

/** check_authz hook: r's user is authenticated, authorization begins. */
int h401_note_authz_entered(request_rec *r);

/** Whether this filter instance may explain r's response: 1 the first
 *  time it is asked for a request, 0 after (SetOutputFilter HELPFUL401
 *  where Helpful401Upstream On adds it too puts it on twice). */
int h401_claim_response(request_rec *r);

/** fixups hook: authorization let r through. */
int h401_note_authz_passed(request_rec *r);

/** "line 3 of FILE: the password of 'bob' is stored as ...: hash it with
 *  htpasswd -B FILE bob", for the log and the admin's section. */
const char *h401_password_record_text(request_rec *r, const h401_password_record *pw);

/** The area's AuthType, as the auth module that refused r read it. */
const char *h401_auth_type_of(request_rec *r);

#endif
