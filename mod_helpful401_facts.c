/* Licensed under the Apache License, Version 2.0; see LICENSE. */

/*
 * From a refused request to its page: gathers the facts lib/ needs
 * (credentials, challenges, cookies, a broken .htaccess, a bearer token's
 * times), applies the admin's own causes, and hands the rest to
 * h401_diagnose(); then exports, logs and renders what was found. Runs
 * only for 401 responses.
 */

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"

#include "apr_strings.h"

#include "mod_helpful401.h"
#include "lib/h401_cookie.h"
#include "lib/h401_htaccess_cache.h"
#include "lib/h401_jwt.h"

APLOG_USE_MODULE(helpful401);

/* -------------------------------------------------------------------- */
/* Facts                                                                */

/* Every WWW-Authenticate value of t, in order, parsed into challenges and
 * kept as sent in headers. A walk over the table rather than
 * apr_table_do(): a 401 has few headers, and this runs for each one. */
static void collect_challenges(const apr_table_t *t, apr_array_header_t *challenges,
                               apr_array_header_t *headers)
{
    const apr_array_header_t *elts = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)elts->elts;
    int i;

    for (i = 0; i < elts->nelts; i++) {
        if (e[i].key && (e[i].key[0] == 'W' || e[i].key[0] == 'w')
            && strcasecmp(e[i].key, "WWW-Authenticate") == 0) {
            APR_ARRAY_PUSH(headers, const char *) = e[i].val;
            h401_parse_challenges(challenges->pool, e[i].val, challenges);
        }
    }
}

/* The area's AuthType: as the auth module that refused the request read
 * it, else from the configuration (an expression, evaluated again). */
static const char *auth_type_of(request_rec *r)
{
    return r->ap_auth_type ? r->ap_auth_type : ap_auth_type(r);
}

/* The .htaccess scan, through the child's cache when there is one. */
static int scan_htaccess(request_rec *r, const char *path, h401_htaccess_auth *auth,
                         int *first_time)
{
    h401_htaccess_cache *cache = h401_htaccess_cache_of_process();
    h401_htaccess_cache *own;

    if (!cache) {
        /* no cache (its creation failed): a throwaway one per request */
        if (h401_htaccess_cache_make(r->pool, 1, &own) != APR_SUCCESS) {
            return 0;
        }
        cache = own;
    }
    return h401_htaccess_cache_get(cache, r->pool, path, auth, first_time) == APR_SUCCESS;
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
            h401_broken_authfile broken;
            int first_time;

            if (!scan_htaccess(r, path, &auth, &first_time)) {
                continue;
            }
            if (h401_htaccess_find_broken(r->pool, &auth, ap_server_root_relative, &broken)) {
                out->htaccess = path;
                out->line = auth.protect_line;
                out->auth_name = auth.auth_name;
                out->directive = broken.directive;
                out->directive_line = broken.line;
                out->file = broken.path;
                out->state = broken.state;
                if (first_time) {
                    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                                  "H401007: %s:%d protects %s but its %s %s "
                                  "(line %d) is %s: nobody can log in there",
                                  path, auth.protect_line, h->dir, broken.directive,
                                  broken.path, broken.line, h401_file_state_name(broken.state));
                }
                return 1;
            }
            break;   /* httpd reads only the first access file it finds */
        }
    }
    return 0;
}

/* What a Bearer JWT says of its own lifetime. */
static void read_token_times(request_rec *r, const char *authorization,
                             h401_token_times *out)
{
    const char *token = authorization;
    h401_jwt_claims claims;

    memset(out, 0, sizeof(*out));
    while (*token && *token != ' ') {
        token++;
    }
    while (*token == ' ') {
        token++;
    }
    if (h401_jwt_read(r->pool, token, strlen(token), &claims)) {
        out->has_exp = claims.has_exp;
        out->exp = claims.exp;
        out->has_nbf = claims.has_nbf;
        out->nbf = claims.nbf;
    }
}

/* The admin's Helpful401Cause list, in order; NULL when none applies. */
static const char *custom_cause(request_rec *r, const h401_dir_conf *conf)
{
    int i;

    for (i = 0; conf->causes && i < conf->causes->nelts; i++) {
        const h401_custom_cause *c = &APR_ARRAY_IDX(conf->causes, i, h401_custom_cause);
        const char *err = NULL;
        int rc = ap_expr_exec(r, c->expr, &err);

        if (rc < 0) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "H401008: Helpful401Cause %s: "
                          "cannot evaluate its expression: %s", c->id, err);
        }
        else if (rc > 0) {
            if (h401_pageset_has_cause(h401_conf_pages(conf), c->id)) {
                return c->id;
            }
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, "H401009: Helpful401Cause "
                          "%s applies, but this location's templates have no "
                          "words for it", c->id);
        }
    }
    return NULL;
}

void h401_diagnose_request(request_rec *r, const h401_dir_conf *conf,
                           h401_finding *out)
{
    const char *authorization = apr_table_get(r->headers_in, "Authorization");
    apr_array_header_t *challenges = apr_array_make(r->pool, 2, sizeof(h401_challenge));
    apr_array_header_t *headers = apr_array_make(r->pool, 2, sizeof(const char *));

    memset(out, 0, sizeof(*out));
    /* challenges are in err_headers_out until ap_send_error_response
     * swaps the tables; look in both, in the order they are sent */
    collect_challenges(r->headers_out, challenges, headers);
    collect_challenges(r->err_headers_out, challenges, headers);
    out->challenge_headers = headers;
    out->facts.challenges = challenges;
    h401_parse_authorization(r->pool, authorization, &out->facts.credentials);
    /* a token's times only matter where the area asks for one */
    if (h401_scheme_is(out->facts.credentials.scheme, "Bearer")
        && h401_find_challenge(challenges, "Bearer")) {
        read_token_times(r, authorization, &out->facts.token);
    }
    out->facts.now = apr_time_sec(r->request_time);
    out->facts.clock_skew = h401_conf_clock_skew(conf);
    /* only a 401 without a challenge is judged by its AuthType */
    out->facts.auth_type = challenges->nelts ? NULL : auth_type_of(r);
    out->facts.session_cookie = h401_find_session_cookie(
        r->pool, apr_table_get(r->headers_in, "Cookie"), h401_conf_session_cookies(conf));
    out->facts.leftover_htaccess = find_leftover_htaccess(r, &out->leftover);
    h401_diagnose(&out->facts, &out->diagnosis);
    out->cause_id = custom_cause(r, conf);
    out->custom = out->cause_id != NULL;
    if (!out->custom) {
        out->cause_id = h401_cause_id(out->diagnosis.cause);
    }
}

/* -------------------------------------------------------------------- */
/* Telling the admin                                                    */

/* The name of one of our variables with prefix ("" or "REDIRECT_"). */
static const char *env_name(request_rec *r, const char *prefix, const char *name)
{
    return *prefix ? apr_pstrcat(r->pool, prefix, name, NULL) : name;
}

/*
 * Makes what was found available to logs, SSI, CGI and ErrorDocuments.
 * The first time on a request the names are added, not set: set looks
 * for the name first (some 250 instructions a 401), and nothing else
 * writes these names on a refused request. A request whose ErrorDocument
 * was refused in turn had them written when it was redirected (see
 * h401_post_read_request), maybe for another challenge: those are
 * replaced.
 */
void h401_export_finding(request_rec *r, apr_table_t *env, const char *prefix,
                         const h401_finding *f)
{
    const h401_diagnosis *d = &f->diagnosis;
    void (*put)(apr_table_t *, const char *, const char *)
        = r->next ? apr_table_setn : apr_table_addn;

    put(env, env_name(r, prefix, "HELPFUL401_CAUSE"), f->cause_id);
    if (d->expected_scheme) {
        put(env, env_name(r, prefix, "HELPFUL401_SCHEME"), d->expected_scheme);
    }
    if (d->realm) {
        put(env, env_name(r, prefix, "HELPFUL401_REALM"), d->realm);
    }
}

void h401_log_finding(request_rec *r, const h401_finding *f, const char *via)
{
    const char *user = f->facts.credentials.user;
    const char *extra = "";

    if (!APLOG_R_IS_LEVEL(r, APLOG_INFO)) {
        return;
    }
    if (user) {
        extra = apr_pstrcat(r->pool, " user=", ap_escape_logitem(r->pool, user), NULL);
    }
    if (via) {
        extra = apr_pstrcat(r->pool, extra, " via=", via, NULL);
    }
    if (f->facts.leftover_htaccess && !f->custom) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "H401001: cause=%s url=%s htaccess=%s:%d %s=%s "
                      "(line %d: %s)%s", f->cause_id,
                      ap_escape_logitem(r->pool, r->unparsed_uri),
                      f->leftover.htaccess, f->leftover.line,
                      f->leftover.directive, f->leftover.file,
                      f->leftover.directive_line,
                      h401_file_state_name(f->leftover.state), extra);
    }
    else {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "H401002: cause=%s reason=%s url=%s%s", f->cause_id,
                      f->custom ? "Helpful401Cause" : f->diagnosis.reason,
                      ap_escape_logitem(r->pool, r->unparsed_uri), extra);
    }
}

static int is_loopback(request_rec *r)
{
    const char *ip = r->useragent_ip;

    return ip && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0
                  || strncmp(ip, "::ffff:127.", 11) == 0);
}

static int detail_allowed(request_rec *r, const h401_dir_conf *conf)
{
    const char *err = NULL;

    switch (conf->detail) {
    case H401_DETAIL_OFF:
        return 0;
    case H401_DETAIL_ON:
        return 1;
    case H401_DETAIL_EXPR:
        if (ap_expr_exec(r, conf->detail_expr, &err) > 0) {
            return 1;
        }
        if (err) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "H401010: Helpful401Detail: "
                          "cannot evaluate its expression: %s", err);
        }
        return 0;
    default:
        return is_loopback(r);
    }
}

static void add_detail(apr_array_header_t *items, const char *name, const char *value)
{
    h401_detail_item *item;

    if (value && *value) {
        item = apr_array_push(items);
        item->name = name;
        item->value = value;
    }
}

/* The next step for the admin, in English like httpd's own logs. */
static const char *fix_for(request_rec *r, const h401_finding *f)
{
    const h401_leftover *l = &f->leftover;

    if (f->custom) {
        return "This is one of your own causes (Helpful401Cause).";
    }
    switch (f->diagnosis.cause) {
    case H401_CAUSE_LEFTOVER_HTACCESS:
        if (l->state == H401_FILE_UNREADABLE) {
            return apr_psprintf(r->pool, "Let the server's user read %s "
                                "(e.g. chgrp www-data and chmod 640), or remove "
                                "the protection from %s.", l->file, l->htaccess);
        }
        if (strcmp(l->directive, "AuthUserFile") == 0) {
            return apr_psprintf(r->pool, "Create the user file with: htpasswd -c %s "
                                "USERNAME, or remove the protection from %s (line %d).",
                                l->file, l->htaccess, l->line);
        }
        return apr_psprintf(r->pool, "Create %s (%s, line %d of %s), or remove the "
                            "protection from %s.", l->file, l->directive,
                            l->directive_line, l->htaccess, l->htaccess);
    case H401_CAUSE_SERVER_MISCONFIGURED:
        return "Send a WWW-Authenticate challenge with this 401 (AuthType with "
               "AuthName, or \"Header always set WWW-Authenticate\"), or answer "
               "403 if no login can help.";
    case H401_CAUSE_WRONG_SCHEME:
        return "The client sent a scheme this area does not offer: check the "
               "client, or add the scheme it uses (AuthType).";
    case H401_CAUSE_BAD_CREDENTIALS:
        return "See the auth module's error log line for this request: it says "
               "whether the user is unknown or the password wrong.";
    default:
        return NULL;
    }
}

static const apr_array_header_t *detail_for(request_rec *r, const h401_finding *f)
{
    apr_array_header_t *items = apr_array_make(r->pool, 10, sizeof(h401_detail_item));
    const h401_leftover *l = &f->leftover;
    int i;

    add_detail(items, "Cause", f->cause_id);
    add_detail(items, "Decided by", f->custom ? "Helpful401Cause" : f->diagnosis.reason);
    for (i = 0; i < f->challenge_headers->nelts; i++) {
        add_detail(items, "WWW-Authenticate", APR_ARRAY_IDX(f->challenge_headers, i,
                                                            const char *));
    }
    if (f->challenge_headers->nelts == 0) {
        add_detail(items, "WWW-Authenticate", "(none)");
    }
    add_detail(items, "AuthType", auth_type_of(r));
    add_detail(items, "AuthName", ap_auth_name(r));
    add_detail(items, "Authorization scheme sent", f->facts.credentials.scheme);
    add_detail(items, "Session cookie sent", f->facts.session_cookie);
    if (f->diagnosis.token_delta_known) {
        add_detail(items, f->diagnosis.not_yet_valid ? "Token nbf" : "Token exp",
                   apr_psprintf(r->pool, "%" APR_INT64_T_FMT " (%+" APR_INT64_T_FMT
                                " s from now)",
                                f->diagnosis.not_yet_valid ? f->facts.token.nbf
                                                          : f->facts.token.exp,
                                f->diagnosis.token_delta));
    }
    if (f->facts.leftover_htaccess) {
        add_detail(items, ".htaccess", apr_psprintf(r->pool, "%s, line %d",
                                                   l->htaccess, l->line));
        add_detail(items, l->directive, apr_psprintf(r->pool, "%s (line %d): %s",
                                                    l->file, l->directive_line,
                                                    h401_file_state_name(l->state)));
    }
    add_detail(items, "File", r->filename);
    return items;
}

/* -------------------------------------------------------------------- */
/* The page                                                             */

/* Helpful401Contact, else ServerAdmin when it is an address or a URL
 * (not httpd's "[no address given]"). */
static const h401_fixed_text *contact_for(request_rec *r, const h401_dir_conf *conf)
{
    if (conf->contact) {
        return *conf->contact->text ? conf->contact : NULL;
    }
    return h401_server_contact(r->server);
}

/* The action button's address where no login page is configured. */
static const h401_fixed_text site_root = { "/", { "/", "/", "/" }, { 1, 1, 1 } };

static void set_part(struct iovec *part, const char *text, apr_size_t len)
{
    part->iov_base = (void *)text;
    part->iov_len = len;
}

/* What ap_construct_url() gives, without the printf it uses for a port:
 * this runs for every page. */
static const char *request_url(request_rec *r)
{
    const char *scheme = ap_http_scheme(r), *host = ap_get_server_name_for_url(r);
    apr_port_t port = ap_get_server_port(r);
    char digits[8], *d = digits + sizeof(digits);
    struct iovec part[5];
    apr_size_t n = 0;

    set_part(&part[n++], scheme, strlen(scheme));
    set_part(&part[n++], "://", 3);
    set_part(&part[n++], host, strlen(host));
    if (!ap_is_default_port(port, r)) {
        do {
            *--d = (char)('0' + port % 10);
            port /= 10;
        } while (port);
        *--d = ':';
        set_part(&part[n++], d, (apr_size_t)(digits + sizeof(digits) - d));
    }
    set_part(&part[n++], r->unparsed_uri, strlen(r->unparsed_uri));
    return apr_pstrcatv(r->pool, part, n, NULL);
}

const char *h401_render(request_rec *r, const h401_dir_conf *conf,
                        const h401_finding *f, h401_format format,
                        const char *lang, apr_size_t *len)
{
    h401_page_facts facts;
    h401_buf buf;

    memset(&facts, 0, sizeof(facts));
    facts.cause = f->diagnosis.cause;
    facts.cause_id = f->custom ? f->cause_id : NULL;
    facts.lang = lang;
    facts.format = format;
    facts.realm = f->diagnosis.realm;
    facts.scheme = f->diagnosis.expected_scheme;
    facts.sent_scheme = f->facts.credentials.scheme;
    facts.user = f->facts.credentials.user;
    facts.url = request_url(r);
    facts.path = r->uri;
    facts.contact = contact_for(r, conf);
    facts.login_url = conf->login_url;
    facts.home_url = &site_root;
    facts.request_id = apr_table_get(r->subprocess_env, "UNIQUE_ID");
    facts.challenges = f->facts.challenges;
    facts.challenge_headers = f->challenge_headers;
    facts.not_yet_valid = f->diagnosis.not_yet_valid;
    facts.token_delta_known = f->diagnosis.token_delta_known;
    facts.token_delta = f->diagnosis.token_delta;
    if (detail_allowed(r, conf)) {
        facts.detail = detail_for(r, f);
        facts.detail_fix = fix_for(r, f);
    }
    /* the shipped pages are 3 to 4 KB; a bigger one grows the buffer */
    h401_buf_init(&buf, r->pool, 4096);
    h401_page_render(h401_conf_pages(conf), &facts, &buf);
    *len = buf.len;
    return buf.data;
}
