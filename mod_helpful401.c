/* Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements; and licensed under the Apache License,
 * Version 2.0 (the "License"); you may not use this file except in
 * compliance with the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/*
 * mod_helpful401: replaces httpd's bare "401 Unauthorized" page with one
 * that says why the request was refused and what the visitor can do.
 *
 * The work is in lib/ (no httpd headers): diagnose -> render. This file
 * is the glue: configuration, gathering a request's facts, the output
 * filter that swaps the page, and the hooks.
 *
 * How a 401 reaches us: an auth module (or mod_rewrite R=401) returns
 * HTTP_UNAUTHORIZED, ap_die() calls ap_send_error_response(), which runs
 * the insert_error_filter hook before writing the stock page. Our filter,
 * inserted there, drops the stock body and sends ours; it never touches
 * the WWW-Authenticate headers. A local ErrorDocument 401 is an internal
 * redirect instead: we leave the admin's page alone and hand it the cause
 * in REDIRECT_HELPFUL401_CAUSE from post_read_request.
 */

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "mod_core.h"
#include "util_filter.h"

#include "apr_strings.h"
#include "apr_file_io.h"
#include "apr_lib.h"

#include "lib/h401_auth.h"
#include "lib/h401_builtin.h"
#include "lib/h401_cookie.h"
#include "lib/h401_diagnose.h"
#include "lib/h401_htaccess.h"
#include "lib/h401_page.h"

module AP_MODULE_DECLARE_DATA helpful401_module;

#define H401_FILTER_NAME "HELPFUL401"

/* Never read more of an .htaccess than this: it only has to be scanned. */
#define H401_HTACCESS_MAX (256 * 1024)

#define H401_CSP "default-src 'none'; style-src 'unsafe-inline'; " \
                 "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/* -------------------------------------------------------------------- */
/* Configuration                                                        */

/* Unset values are told apart from set ones so that merging can let an
 * inner section inherit what it does not set itself. */
#define H401_UNSET (-1)

typedef struct {
    int enabled;                        /* On/Off; H401_UNSET = On */
    const char *contact;                /* URL; "" = Off; NULL = unset */
    const char *login_url;              /* NULL = unset */
    apr_array_header_t *session_cookies;    /* const char *; NULL = unset */
} h401_dir_conf;

static ap_filter_rec_t *h401_filter_handle;

/* The shipped templates, compiled once per configuration load. */
static h401_pageset *h401_builtin_pages;

static void *create_dir_conf(apr_pool_t *p, char *dir)
{
    h401_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    (void)dir;
    conf->enabled = H401_UNSET;
    return conf;
}

static void *merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    h401_dir_conf *base = basev, *add = addv;
    h401_dir_conf *conf = apr_palloc(p, sizeof(*conf));

    conf->enabled = add->enabled != H401_UNSET ? add->enabled : base->enabled;
    conf->contact = add->contact ? add->contact : base->contact;
    conf->login_url = add->login_url ? add->login_url : base->login_url;
    conf->session_cookies = add->session_cookies ? add->session_cookies
                                                 : base->session_cookies;
    return conf;
}

static int is_http_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

static int has_ctl_or_space(const char *s)
{
    for (; *s; s++) {
        if (apr_iscntrl(*s) || *s == ' ') {
            return 1;
        }
    }
    return 0;
}

static const char *set_contact(cmd_parms *cmd, void *dconf, const char *arg)
{
    h401_dir_conf *conf = dconf;

    if (strcasecmp(arg, "Off") == 0) {
        conf->contact = "";
    }
    else if (has_ctl_or_space(arg)) {
        return apr_psprintf(cmd->pool, "%s: '%s' must not contain spaces",
                            cmd->cmd->name, arg);
    }
    else if (is_http_url(arg) || (strncasecmp(arg, "mailto:", 7) == 0 && arg[7])) {
        conf->contact = arg;
    }
    else if (strchr(arg, '@') && arg[0] != '@' && !strchr(arg, ':')) {
        conf->contact = apr_pstrcat(cmd->pool, "mailto:", arg, NULL);
    }
    else {
        return apr_psprintf(cmd->pool, "%s: '%s' is not an e-mail address, a "
                            "mailto: or http(s):// URL, or Off",
                            cmd->cmd->name, arg);
    }
    return NULL;
}

static const char *set_login_url(cmd_parms *cmd, void *dconf, const char *arg)
{
    h401_dir_conf *conf = dconf;

    if (has_ctl_or_space(arg) || !(arg[0] == '/' || is_http_url(arg))) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a local path (/login) "
                            "or an http(s):// URL", cmd->cmd->name, arg);
    }
    conf->login_url = arg;
    return NULL;
}

static const char *add_session_cookie(cmd_parms *cmd, void *dconf,
                                      const char *arg)
{
    h401_dir_conf *conf = dconf;
    const char *s;

    for (s = arg; *s; s++) {
        if (apr_iscntrl(*s) || strchr(" \t\"(),/:;<=>?@[\\]{}", *s)) {
            return apr_psprintf(cmd->pool, "%s: '%s' is not a valid cookie name",
                                cmd->cmd->name, arg);
        }
    }
    /* the first name given in a section replaces the inherited list */
    if (!conf->session_cookies) {
        conf->session_cookies = apr_array_make(cmd->pool, 4, sizeof(const char *));
    }
    APR_ARRAY_PUSH(conf->session_cookies, const char *) = arg;
    return NULL;
}

static const command_rec h401_cmds[] = {
    AP_INIT_FLAG("Helpful401", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(h401_dir_conf, enabled),
                 RSRC_CONF | ACCESS_CONF,
                 "On to explain 401 responses with a helpful page (the "
                 "default), Off for httpd's own page"),
    AP_INIT_TAKE1("Helpful401Contact", set_contact, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "Whom visitors should contact: an e-mail address, a mailto: "
                  "or http(s):// URL, or Off (default: ServerAdmin)"),
    AP_INIT_TAKE1("Helpful401LoginURL", set_login_url, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "Where visitors sign in: a local path or an http(s):// URL "
                  "(default: the site's home page)"),
    AP_INIT_ITERATE("Helpful401SessionCookie", add_session_cookie, NULL,
                    RSRC_CONF | ACCESS_CONF,
                    "Names of the cookies that carry a login session "
                    "(default: common framework names and mod_session's)"),
    { NULL }
};

/* -------------------------------------------------------------------- */
/* Gathering the facts of a refused request                             */

/* Where an .htaccess protection that cannot work was found. */
typedef struct {
    const char *htaccess;        /* path of the .htaccess file */
    int line;                    /* line of its AuthType/Require */
    const char *directive;       /* AuthUserFile, AuthGroupFile, ... */
    int directive_line;
    const char *file;            /* the file it names, resolved */
    h401_file_state state;
} h401_leftover;

typedef struct {
    h401_facts facts;
    h401_diagnosis diagnosis;
    h401_leftover leftover;
} h401_finding;

static int collect_challenge(void *rec, const char *key, const char *value)
{
    apr_array_header_t *challenges = rec;

    (void)key;
    h401_parse_challenges(challenges->pool, value, challenges);
    return 1;
}

static const char *read_small_file(apr_pool_t *p, const char *path,
                                   apr_size_t *len)
{
    apr_file_t *fd;
    char *text;

    if (apr_file_open(&fd, path, APR_FOPEN_READ, APR_OS_DEFAULT, p) != APR_SUCCESS) {
        return NULL;
    }
    text = apr_palloc(p, H401_HTACCESS_MAX + 1);
    *len = H401_HTACCESS_MAX;
    if (apr_file_read_full(fd, text, *len, len) != APR_SUCCESS && *len == 0) {
        apr_file_close(fd);
        return NULL;
    }
    apr_file_close(fd);
    text[*len] = '\0';
    return text;
}

/*
 * Looks for an .htaccess (among those httpd read for this request, the
 * innermost first) that asks for a login against a user or group file
 * that is missing, unreadable or empty. Such protection lets nobody in.
 */
static int find_leftover_htaccess(request_rec *r, h401_leftover *out)
{
    core_server_config *core = ap_get_core_module_config(r->server->module_config);
    const struct htaccess_result *h;

    for (h = r->htaccess; h; h = h->next) {
        const char *names = core->access_name;

        if (!h->htaccess || !r->filename
            || strncmp(r->filename, h->dir, strlen(h->dir)) != 0) {
            continue;   /* no file there, or not on this request's path */
        }
        while (*names) {
            const char *name = ap_getword_conf(r->pool, &names);
            const char *path = ap_make_full_path(r->pool, h->dir, name);
            h401_htaccess_auth auth;
            apr_size_t len;
            const char *text = read_small_file(r->pool, path, &len);
            int i;

            if (!text) {
                continue;
            }
            h401_htaccess_scan(r->pool, text, len, &auth);
            if (!auth.protects) {
                break;
            }
            for (i = 0; i < auth.files->nelts; i++) {
                const h401_authfile *f = &APR_ARRAY_IDX(auth.files, i, h401_authfile);
                const char *file = ap_server_root_relative(r->pool, f->path);
                h401_file_state state = file ? h401_authfile_check(r->pool, f->directive, file)
                                             : H401_FILE_MISSING;
                if (state != H401_FILE_OK) {
                    out->htaccess = path;
                    out->line = auth.protect_line;
                    out->directive = f->directive;
                    out->directive_line = f->line;
                    out->file = file ? file : f->path;
                    out->state = state;
                    return 1;
                }
            }
            break;   /* httpd reads only the first access file it finds */
        }
    }
    return 0;
}

/* Works out why request r (answered 401) was refused. */
static void diagnose_request(request_rec *r, const h401_dir_conf *conf,
                             h401_finding *out)
{
    apr_array_header_t *challenges = apr_array_make(r->pool, 2, sizeof(h401_challenge));
    const apr_array_header_t *cookie_names = conf->session_cookies;

    memset(out, 0, sizeof(*out));
    /* challenges are in err_headers_out until ap_send_error_response
     * swaps the tables; look in both */
    apr_table_do(collect_challenge, challenges, r->headers_out, "WWW-Authenticate", NULL);
    apr_table_do(collect_challenge, challenges, r->err_headers_out, "WWW-Authenticate", NULL);
    out->facts.challenges = challenges;
    h401_parse_authorization(r->pool, apr_table_get(r->headers_in, "Authorization"),
                             &out->facts.credentials);
    out->facts.auth_type = ap_auth_type(r);
    if (!cookie_names) {
        apr_array_header_t *defaults = apr_array_make(r->pool, 8, sizeof(const char *));
        const char *const *n;
        for (n = h401_common_session_cookies; *n; n++) {
            APR_ARRAY_PUSH(defaults, const char *) = *n;
        }
        cookie_names = defaults;
    }
    out->facts.session_cookie = h401_find_session_cookie(
        r->pool, apr_table_get(r->headers_in, "Cookie"), cookie_names);
    out->facts.leftover_htaccess = find_leftover_htaccess(r, &out->leftover);
    h401_diagnose(&out->facts, &out->diagnosis);
}

/* Makes what was found available to logs, SSI, CGI and ErrorDocuments. */
static void export_finding(request_rec *r, apr_table_t *env, const char *prefix,
                           const h401_finding *f)
{
    const h401_diagnosis *d = &f->diagnosis;

    apr_table_setn(env, apr_pstrcat(r->pool, prefix, "HELPFUL401_CAUSE", NULL),
                   h401_cause_id(d->cause));
    if (d->expected_scheme) {
        apr_table_setn(env, apr_pstrcat(r->pool, prefix, "HELPFUL401_SCHEME", NULL),
                       d->expected_scheme);
    }
    if (d->realm) {
        apr_table_setn(env, apr_pstrcat(r->pool, prefix, "HELPFUL401_REALM", NULL),
                       d->realm);
    }
}

static void log_finding(request_rec *r, const h401_finding *f)
{
    if (f->diagnosis.cause == H401_CAUSE_LEFTOVER_HTACCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "H401001: cause=%s url=%s htaccess=%s:%d %s=%s "
                      "(line %d: %s)",
                      h401_cause_id(f->diagnosis.cause), r->unparsed_uri,
                      f->leftover.htaccess, f->leftover.line,
                      f->leftover.directive, f->leftover.file,
                      f->leftover.directive_line,
                      h401_file_state_name(f->leftover.state));
    }
    else {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "H401002: cause=%s url=%s", h401_cause_id(f->diagnosis.cause),
                      r->unparsed_uri);
    }
}

/* -------------------------------------------------------------------- */
/* The page                                                             */

/* ServerAdmin as a link, when it is an address or a URL. */
static const char *contact_for(request_rec *r, const h401_dir_conf *conf)
{
    const char *admin = r->server->server_admin;

    if (conf->contact) {
        return *conf->contact ? conf->contact : NULL;
    }
    if (!admin || has_ctl_or_space(admin)) {
        return NULL;   /* e.g. httpd's "[no address given]" */
    }
    if (is_http_url(admin) || strncasecmp(admin, "mailto:", 7) == 0) {
        return admin;
    }
    if (strchr(admin, '@') && !strchr(admin, ':')) {
        return apr_pstrcat(r->pool, "mailto:", admin, NULL);
    }
    return NULL;
}

static const char *render_page(request_rec *r, const h401_dir_conf *conf,
                               const h401_finding *f, apr_size_t *len)
{
    h401_page_facts facts;
    h401_buf buf;

    memset(&facts, 0, sizeof(facts));
    facts.cause = f->diagnosis.cause;
    facts.realm = f->diagnosis.realm;
    facts.scheme = f->diagnosis.expected_scheme;
    facts.sent_scheme = f->facts.credentials.scheme;
    facts.user = f->facts.credentials.user;
    facts.url = ap_construct_url(r->pool, r->unparsed_uri, r);
    facts.contact = contact_for(r, conf);
    facts.login_url = conf->login_url;
    facts.home_url = "/";
    h401_buf_init(&buf, r->pool, 8192);
    h401_page_render(h401_builtin_pages, &facts, &buf);
    *len = buf.len;
    return buf.data;
}

/* -------------------------------------------------------------------- */
/* The output filter                                                    */

typedef struct {
    const char *page;
    apr_size_t len;
} h401_filter_ctx;

/*
 * Runs on the first brigade: diagnoses, renders and sets the headers.
 * Returns NULL when the response is not ours to replace.
 */
static h401_filter_ctx *start_page(ap_filter_t *f)
{
    request_rec *r = f->r;
    h401_dir_conf *conf = ap_get_module_config(r->per_dir_config, &helpful401_module);
    h401_filter_ctx *ctx;
    h401_finding finding;

    if (r->status != HTTP_UNAUTHORIZED || !h401_builtin_pages) {
        return NULL;
    }
    diagnose_request(r, conf, &finding);
    export_finding(r, r->subprocess_env, "", &finding);
    log_finding(r, &finding);

    ctx = apr_palloc(r->pool, sizeof(*ctx));
    ctx->page = render_page(r, conf, &finding, &ctx->len);
    if (!ctx->page || !ctx->len) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "H401003: the page for %s rendered empty; sending "
                      "httpd's own page", h401_cause_id(finding.diagnosis.cause));
        return NULL;
    }
    ap_set_content_type(r, "text/html; charset=utf-8");
    r->content_languages = apr_array_make(r->pool, 1, sizeof(const char *));
    APR_ARRAY_PUSH(r->content_languages, const char *) = h401_page_lang(h401_builtin_pages);
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    apr_table_setn(r->headers_out, "Content-Security-Policy", H401_CSP);
    apr_table_unset(r->headers_out, "Content-Length");
    return ctx;
}

static apr_status_t h401_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    h401_filter_ctx *ctx = f->ctx;
    apr_bucket *b;

    if (!ctx) {
        ctx = f->ctx = start_page(f);
        if (!ctx) {
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
    }
    /* drop httpd's page; at its end send ours, in one piece, so that the
     * content-length filter below can count it (for HEAD too) */
    while ((b = APR_BRIGADE_FIRST(bb)) != APR_BRIGADE_SENTINEL(bb)) {
        if (APR_BUCKET_IS_EOS(b)) {
            apr_bucket *page = apr_bucket_immortal_create(ctx->page, ctx->len,
                                                          f->c->bucket_alloc);
            APR_BUCKET_INSERT_BEFORE(b, page);
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        apr_bucket_delete(b);
    }
    return APR_SUCCESS;
}

/* -------------------------------------------------------------------- */
/* Hooks                                                                */

/* An admin's "ErrorDocument 401 text" is what they chose to show. */
static int has_text_error_document(request_rec *r)
{
    const char *custom = ap_response_code_string(r, ap_index_of_response(HTTP_UNAUTHORIZED));
    return custom && custom[0] == '"';
}

static void h401_insert_error_filter(request_rec *r)
{
    h401_dir_conf *conf;

    if (r->status != HTTP_UNAUTHORIZED || r->assbackwards) {
        return;
    }
    conf = ap_get_module_config(r->per_dir_config, &helpful401_module);
    if (conf->enabled == 0 || has_text_error_document(r)) {
        return;
    }
    ap_add_output_filter_handle(h401_filter_handle, NULL, r, r->connection);
}

/*
 * A local "ErrorDocument 401 /page" is an internal redirect: the admin's
 * page is served as it is, and learns the cause as HELPFUL401_CAUSE and
 * REDIRECT_HELPFUL401_CAUSE (the name a CGI or SSI page reads).
 */
static int h401_post_read_request(request_rec *r)
{
    request_rec *orig = r->prev;
    h401_dir_conf *conf;
    h401_finding finding;

    if (!orig || r->main || orig->status != HTTP_UNAUTHORIZED
        || r->status != HTTP_UNAUTHORIZED) {
        return DECLINED;
    }
    conf = ap_get_module_config(orig->per_dir_config, &helpful401_module);
    if (conf->enabled == 0) {
        return DECLINED;
    }
    diagnose_request(orig, conf, &finding);
    export_finding(orig, orig->subprocess_env, "", &finding);
    export_finding(r, r->subprocess_env, "", &finding);
    export_finding(r, r->subprocess_env, "REDIRECT_", &finding);
    log_finding(orig, &finding);
    return DECLINED;
}

static int h401_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                            apr_pool_t *ptemp, server_rec *s)
{
    const char *err;

    (void)plog;
    (void)ptemp;
    err = h401_pageset_load(pconf, h401_builtin_get, NULL, &h401_builtin_pages);
    if (err) {
        /* a build defect: keep serving httpd's own pages */
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     "H401004: shipped templates do not load: %s", err);
        h401_builtin_pages = NULL;
    }
    return OK;
}

static void register_hooks(apr_pool_t *p)
{
    (void)p;
    h401_filter_handle = ap_register_output_filter(H401_FILTER_NAME, h401_filter,
                                                   NULL, AP_FTYPE_CONTENT_SET);
    ap_hook_insert_error_filter(h401_insert_error_filter, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_read_request(h401_post_read_request, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(h401_post_config, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(helpful401) = {
    STANDARD20_MODULE_STUFF,
    create_dir_conf,
    merge_dir_conf,
    NULL,
    NULL,
    h401_cmds,
    register_hooks,
#if defined(AP_MODULE_FLAG_NONE)
    AP_MODULE_FLAG_NONE
#endif
};
