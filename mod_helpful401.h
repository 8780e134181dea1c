/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file mod_helpful401.h
 * @brief What the module's three glue files share: the per-directory
 * configuration and the finding made for one refused request.
 *   mod_helpful401.c         hooks and the output filter
 *   mod_helpful401_config.c  directives, merging, template sets
 *   mod_helpful401_facts.c   facts of a request -> finding -> page
 */
#ifndef MOD_HELPFUL401_H
#define MOD_HELPFUL401_H

#include "httpd.h"
#include "http_config.h"
#include "ap_expr.h"

#include "lib/h401_auth.h"
#include "lib/h401_diagnose.h"
#include "lib/h401_htaccess.h"
#include "lib/h401_negotiate.h"
#include "lib/h401_page.h"

extern module AP_MODULE_DECLARE_DATA helpful401_module;

/* "Not set here", so that merging can tell it from an explicit value. */
#define H401_UNSET (-1)

typedef enum {
    H401_DETAIL_OFF = 0,
    H401_DETAIL_LOCAL,       /* loopback clients only: the default */
    H401_DETAIL_ON,
    H401_DETAIL_EXPR
} h401_detail_mode;

/** Helpful401Cause ID "expr" */
typedef struct {
    const char *id;
    ap_expr_info_t *expr;
} h401_custom_cause;

typedef struct {
    int enabled;                        /* On/Off; unset = On */
    int upstream;                       /* Helpful401Upstream; unset = Off */
    const char *contact;                /* URL; "" = Off; NULL = unset */
    const char *login_url;
    apr_array_header_t *session_cookies;    /* const char * */
    const h401_pageset *pages;          /* NULL = the shipped set */
    const char *default_language;       /* NULL = "en" */
    apr_int64_t clock_skew;             /* seconds; unset = 60 */
    int detail;                         /* h401_detail_mode; unset = Local */
    ap_expr_info_t *detail_expr;
    apr_array_header_t *causes;         /* h401_custom_cause, in order */
} h401_dir_conf;

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

/** Everything found out about one refused request. */
typedef struct {
    h401_facts facts;
    h401_diagnosis diagnosis;
    const char *cause_id;        /* the admin's cause, or the built-in one */
    int custom;                  /* cause_id is the admin's */
    h401_leftover leftover;
    apr_array_header_t *challenge_headers;   /* const char *, as sent */
} h401_finding;

/* mod_helpful401_config.c */
extern const command_rec h401_cmds[];
void *h401_create_dir_conf(apr_pool_t *p, char *dir);
void *h401_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);
int h401_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp);
int h401_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                      server_rec *s);
void h401_child_init(apr_pool_t *pchild, server_rec *s);
void *h401_create_server_conf(apr_pool_t *p, server_rec *s);
int h401_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                     server_rec *s);
/* ServerAdmin of s as a link (mailto: or http(s)), or NULL. */
const char *h401_server_contact(const server_rec *s);
const h401_dir_conf *h401_get_dir_conf(request_rec *r);
int h401_conf_enabled(const h401_dir_conf *conf);
int h401_conf_upstream(const h401_dir_conf *conf);
const h401_pageset *h401_conf_pages(const h401_dir_conf *conf);
const char *h401_conf_default_language(const h401_dir_conf *conf);
apr_int64_t h401_conf_clock_skew(const h401_dir_conf *conf);
const apr_array_header_t *h401_conf_session_cookies(const h401_dir_conf *conf);
struct h401_htaccess_cache *h401_htaccess_cache_of_process(void);
/* An e-mail address or mailto:/http(s) URL as a link; NULL otherwise. */
const char *h401_contact_link(apr_pool_t *p, const char *value);

/* mod_helpful401_facts.c */
void h401_diagnose_request(request_rec *r, const h401_dir_conf *conf,
                           h401_finding *out);
void h401_export_finding(request_rec *r, apr_table_t *env, const char *prefix,
                         const h401_finding *f);
void h401_log_finding(request_rec *r, const h401_finding *f, const char *via);
const char *h401_render(request_rec *r, const h401_dir_conf *conf,
                        const h401_finding *f, h401_format format,
                        const h401_language *lang, apr_size_t *len);

#endif
