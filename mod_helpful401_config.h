/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file mod_helpful401_config.h
 * @brief The module's configuration: the per-directory record that the
 * directives fill and the merge combines, what each value is when the
 * admin set nothing, and the start-up hooks that load the template sets.
 */
#ifndef MOD_HELPFUL401_CONFIG_H
#define MOD_HELPFUL401_CONFIG_H

#include "httpd.h"
#include "http_config.h"
#include "ap_expr.h"

#include "lib/h401_htaccess_cache.h"
#include "lib/h401_page.h"

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

/** One section's settings; read them through the h401_conf_* functions
 *  where a value may be unset. */
typedef struct {
    int enabled;                        /* On/Off; unset = On */
    int upstream;                       /* Helpful401Upstream; unset = Off */
    const char *contact;                /* URL; "" = Off; NULL = unset */
    const char *contact_label;          /* its name on the page; NULL = none
                                           (goes with contact) */
    const char *login_url;              /* NULL = unset (the site's root) */
    const char *problem_types;          /* base URL; NULL = unset (about:blank) */
    apr_array_header_t *session_cookies;    /* const char *; NULL = unset */
    const h401_pageset *pages;          /* NULL = the shipped set */
    const char *default_language;       /* NULL = "en" */
    apr_int64_t clock_skew;             /* seconds; unset = 60 */
    int detail;                         /* h401_detail_mode; unset = Local */
    ap_expr_info_t *detail_expr;        /* with H401_DETAIL_EXPR */
    apr_array_header_t *causes;         /* h401_custom_cause, in order */
    const char *auth_user_file;         /* mod_authn_file's AuthUserFile,
                                           resolved; NULL = none (see
                                           note_auth_user_file) */
    const char *basic_providers;        /* AuthBasicProvider as written;
                                           NULL = unset (mod_auth_basic's
                                           default, file) */
} h401_dir_conf;

/* The module record's parts (mod_helpful401.c holds the record). */
extern const command_rec h401_cmds[];
void *h401_create_dir_conf(apr_pool_t *p, char *dir);
void *h401_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);

/* Start-up hooks: the shipped templates (pre_config), the admin's causes
 * checked against them (check_config, so `apache2 -t` fails), ServerAdmin
 * as a link (post_config), each child's .htaccess cache (child_init). */
int h401_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp);
int h401_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                      server_rec *s);
void h401_child_init(apr_pool_t *pchild, server_rec *s);

/** The ids of this configuration's Helpful401Cause directives, each once,
 *  in the order read (const char *), in p; for the metrics' series. */
apr_array_header_t *h401_admin_cause_ids(apr_pool_t *p);

/* The settings that apply to r, and each value as it takes effect. */
const h401_dir_conf *h401_get_dir_conf(request_rec *r);
int h401_conf_enabled(const h401_dir_conf *conf);
int h401_conf_upstream(const h401_dir_conf *conf);
const h401_pageset *h401_conf_pages(const h401_dir_conf *conf);
/** Whether the section's template set has words for the admin's cause id. */
int h401_conf_has_cause(const h401_dir_conf *conf, const char *id);
const char *h401_conf_default_language(const h401_dir_conf *conf);
apr_int64_t h401_conf_clock_skew(const h401_dir_conf *conf);
/* Whether the module reads AuthUserFile and AuthBasicProvider before
 * their own modules do (see note_auth_user_file), so that their absence
 * from a conf is known. */
int h401_conf_sees_auth_directives(void);
/* Whether mod_authn_file is loaded (known from check_config on). */
int h401_conf_authn_file_loaded(void);
const apr_array_header_t *h401_conf_session_cookies(const h401_dir_conf *conf);
h401_detail_mode h401_conf_detail(const h401_dir_conf *conf);

/** ServerAdmin of s as a link (mailto: or http(s)), in p; NULL when it is
 *  none, or a placeholder such as webmaster@localhost. */
const char *h401_server_contact(apr_pool_t *p, const server_rec *s);

/** This child's cache of scanned .htaccess files; NULL if it has none. */
h401_htaccess_cache *h401_htaccess_cache_of_process(void);

/** 1 the first time this child is asked about key (for "warn once"), 0
 *  after; it keeps at most H401_ONCE_MAX_KEYS keys and then starts over. */
int h401_first_time(const char *key);
#define H401_ONCE_MAX_KEYS 1024

#endif
