/* Licensed under the Apache License, Version 2.0; see LICENSE. */

/*
 * The page for a refused request, from what mod_helpful401_facts.c found:
 * the values a page shows beside the cause (the refused address, whom to
 * contact, where the button leads, the admin's section with the next
 * step), its language among the area's template set, and its rendering.
 * Everything the visitor sent reaches the page through lib/'s escapers.
 */

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"

#include "apr_strings.h"
#include "apr_uri.h"

#include "mod_helpful401_page.h"
#include "lib/h401_address.h"

APLOG_USE_MODULE(helpful401);

/* -------------------------------------------------------------------- */
/* Whom to contact, and the refused address                             */

/* Helpful401Contact, else ServerAdmin when it is an address or a URL
 * (not httpd's "[no address given]"). */
static const char *contact_for(request_rec *r, const h401_dir_conf *conf)
{
    if (conf->contact) {
        return *conf->contact ? conf->contact : NULL;
    }
    return h401_server_contact(r->pool, r->server);
}

/* The request target as the client sent it (not decoded): its path and
 * query. A request line in absolute form ("GET http://host:port/x")
 * carries the scheme and host too: only its path and query are kept
 * (httpd took r->hostname and the port from them). */
static const char *request_target(request_rec *r)
{
    const char *target = r->unparsed_uri;
    apr_uri_t uri;

    if (strcmp(target, "*") == 0) {
        return "/";   /* OPTIONS *: the server as a whole */
    }
    if (target[0] != '/' && apr_uri_parse(r->pool, target, &uri) == APR_SUCCESS) {
        if (!uri.path) {
            uri.path = "/";   /* "GET http://host": httpd's r->uri is "/" too */
        }
        target = apr_uri_unparse(r->pool, &uri, APR_URI_UNP_OMITSITEPART);
    }
    return target;
}

/* Whether a proxy says it passed the request on. Behind nginx, Varnish or
 * a TLS terminator on the same host every visitor comes from 127.0.0.1,
 * so loopback alone does not make a visitor local. */
static int came_through_proxy(request_rec *r)
{
    static const char *const headers[] = {
        "Forwarded", "X-Forwarded-For", "X-Real-IP", "Via", NULL
    };
    const char *const *h;

    for (h = headers; *h; h++) {
        if (apr_table_get(r->headers_in, *h)) {
            return 1;
        }
    }
    return 0;
}

/* Whether mod_remoteip has put the real client in place: useragent_ip is
 * no longer the connection's address. */
static int remoteip_replaced_client(request_rec *r)
{
    return strcmp(r->useragent_ip, r->connection->client_ip) != 0;
}

/* The refused address, as the visitor used it. Directly, that is the
 * target after the scheme, name and port httpd uses for links to
 * itself. Behind a reverse proxy, Host is often the backend's own
 * 127.0.0.1:port: the host (and scheme) the proxy says the visitor used,
 * else Host when it is not a loopback name, else the path alone. A
 * scheme no proxy names is left off rather than guessed: TLS may end at
 * the proxy. */
static const char *request_url(request_rec *r, const char *target)
{
    const char *host = NULL, *scheme = NULL;
    int proxied = came_through_proxy(r) || remoteip_replaced_client(r);

    if (!h401_forwarded_origin(r->pool, apr_table_get(r->headers_in, "Forwarded"),
                               apr_table_get(r->headers_in, "X-Forwarded-Host"),
                               apr_table_get(r->headers_in, "X-Forwarded-Proto"),
                               &host, &scheme)) {
        if (!proxied) {
            return ap_construct_url(r->pool, target, r);
        }
        host = apr_table_get(r->headers_in, "Host");
        if (!host || h401_host_is_loopback(host)) {
            return target;
        }
    }
    return apr_pstrcat(r->pool, scheme ? scheme : "", scheme ? "://" : "", host, target,
                       NULL);
}

/* -------------------------------------------------------------------- */
/* The administrator's section                                          */

/* Helpful401Detail Local: a loopback client that is the visitor itself.
 * Where mod_remoteip has put the real client in place, that address
 * decides. */
static int is_local_visitor(request_rec *r)
{
    if (remoteip_replaced_client(r)) {
        return h401_ip_is_loopback(r->useragent_ip);
    }
    return h401_ip_is_loopback(r->useragent_ip) && !came_through_proxy(r);
}

static int detail_allowed(request_rec *r, const h401_dir_conf *conf)
{
    const char *err = NULL;

    switch (h401_conf_detail(conf)) {
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
    case H401_DETAIL_LOCAL:
    default:
        return is_local_visitor(r);
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
    h401_broken_authfile broken;

    if (f->custom) {
        return "This is one of your own causes (Helpful401Cause).";
    }
    switch (f->diagnosis.cause) {
    case H401_CAUSE_LEFTOVER_HTACCESS:
        switch (f->facts.no_password_check) {
        case H401_PASSWORD_CHECK_NO_PROVIDER:
            return "mod_auth_basic has no provider to check passwords with: load "
                   "mod_authn_file (a2enmod authn_file) and set AuthUserFile, or name "
                   "another provider with AuthBasicProvider. Once a name is typed, "
                   "httpd answers 500 here (AH01600).";
        case H401_PASSWORD_CHECK_NO_USER_FILE:
            return "This Basic area names no AuthUserFile and no other "
                   "AuthBasicProvider: create one with htpasswd -c FILE USERNAME and "
                   "set AuthUserFile FILE, or remove the protection. Once a name is "
                   "typed, httpd answers 500 here (AH01619).";
        default:
            break;
        }
        broken.directive = l->directive;
        broken.line = l->directive_line;
        broken.path = l->file;
        broken.state = l->state;
        return h401_htaccess_fix(r->pool, l->htaccess, l->line, &broken);
    case H401_CAUSE_SERVER_MISCONFIGURED:
        return "Send a WWW-Authenticate challenge with this 401 (AuthType with "
               "AuthName, or \"Header always set WWW-Authenticate\"), or answer "
               "403 if no login can help.";
    case H401_CAUSE_WRONG_SCHEME:
        return "The client sent a scheme this area does not offer: check the "
               "client, or add the scheme it uses (AuthType).";
    case H401_CAUSE_BAD_CREDENTIALS:
        if (f->password.file) {
            return apr_psprintf(r->pool, "The password sent cannot be the reason: %s.",
                                h401_password_record_text(r, &f->password));
        }
        switch (f->diagnosis.method) {
        case H401_SIGNIN_NEGOTIATE:
            return "See the auth module's error log line for this request: "
                   "mod_auth_gssapi's \"GSS ERROR\" says why Kerberos refused the "
                   "ticket (for example a service key the keytab lacks, or clocks too "
                   "far apart).";
        case H401_SIGNIN_BEARER:
            return "See the application's or the auth module's log for why the "
                   "token was refused.";
        default:
            return "See the auth module's error log line for this request: it says "
                   "whether the user is unknown or the password wrong.";
        }
    case H401_CAUSE_NOT_PERMITTED:
        return f->diagnosis.answered && f->diagnosis.scope
               ? "The application refused the token's scope (insufficient_scope): "
                 "the client needs a token with the scope it names."
               : "The user signed in, and a Require of this area refused them: the "
                 "error log line AH01631 for this request names the user and the "
                 "URI. Grant the user access (Require user, a group), or set "
                 "AuthzSendForbiddenOnFailure On to answer 403 instead of 401.";
    default:
        return NULL;
    }
}

static const apr_array_header_t *detail_for(request_rec *r, const h401_finding *f)
{
    apr_array_header_t *items = apr_array_make(r->pool, 10, sizeof(h401_detail_item));
    const h401_leftover *l = &f->leftover;

    /* the challenges are the page's challenge_headers, which the section
     * shows after these (in JSON as one array, so no name repeats) */
    add_detail(items, "Cause", f->cause_id);
    add_detail(items, "Decided by", f->custom ? "Helpful401Cause" : f->diagnosis.reason);
    add_detail(items, "AuthType", h401_auth_type_of(r));
    add_detail(items, "AuthName", ap_auth_name(r));
    add_detail(items, "Authorization scheme sent", f->facts.credentials.scheme);
    add_detail(items, "Session cookie sent", f->facts.session_cookie);
    if (f->facts.authz_refused) {
        add_detail(items, "Authenticated user, refused by Require", f->facts.authenticated_user);
    }
    add_detail(items, "Set-Cookie deleting it", f->diagnosis.deleting_set_cookie);
    add_detail(items, "Scope asked for", f->diagnosis.scope);
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
    if (f->password.file) {
        add_detail(items, "AuthUserFile", apr_psprintf(
            r->pool, "%s (line %d): the password of this user %s", f->password.file,
            f->password.record.line, h401_hash_problem_why(r->pool, &f->password.record)));
    }
    add_detail(items, "File", r->filename);
    return items;
}

/* -------------------------------------------------------------------- */
/* The page                                                             */

const char *h401_request_page_make(request_rec *r, const h401_dir_conf *conf,
                                   const h401_finding *f, h401_format format,
                                   h401_request_page *out)
{
    const h401_pageset *pages = h401_conf_pages(conf);
    /* one language for the whole page: one that has this cause's words */
    const h401_language *lang = h401_pageset_language_for(
        pages, apr_table_get(r->headers_in, "Accept-Language"),
        h401_conf_default_language(conf),
        f->custom ? f->cause_id : h401_cause_id(f->diagnosis.cause));
    h401_page_facts facts;
    const char *target;
    h401_buf buf;
    int shortened;

    memset(&facts, 0, sizeof(facts));
    facts.cause = f->diagnosis.cause;
    facts.cause_id = f->custom ? f->cause_id : NULL;
    facts.lang = lang;
    facts.format = format;
    facts.realm = f->diagnosis.realm;
    facts.scheme = f->diagnosis.expected_scheme;
    /* a login by redirect has no scheme a visitor would know ("form",
     * "openid-connect" are configuration words): the page names its area
     * by its AuthName instead */
    if (f->diagnosis.method == H401_SIGNIN_REDIRECT
        && (!f->facts.challenges || f->facts.challenges->nelts == 0)) {
        facts.scheme = NULL;
        facts.realm = ap_auth_name(r);
    }
    facts.sent_scheme = f->facts.credentials.scheme;
    facts.user = f->diagnosis.user;
    facts.scope = f->diagnosis.scope;
    facts.method = f->diagnosis.method;
    target = request_target(r);
    facts.url = request_url(r, target);
    facts.reload_url = h401_reload_reference(r->pool, target);
    facts.path = r->uri;
    facts.contact = contact_for(r, conf);
    facts.contact_label = conf->contact && *conf->contact ? conf->contact_label : NULL;
    facts.login_url = conf->login_url;
    facts.status = r->status;
    if (conf->problem_types) {
        facts.problem_type = apr_pstrcat(r->pool, conf->problem_types, f->cause_id, NULL);
    }
    facts.home_url = "/";   /* where no login page is configured */
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
    shortened = h401_page_render(pages, &facts, &buf);
    if (!buf.len) {
        return "rendered empty (check the templates)";
    }
    if (shortened) {
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r, "H401011: the page for %s "
                      "shortened %d over-long values or list items to stay "
                      "within its limits", f->cause_id, shortened);
    }
    out->body = buf.data;
    out->len = buf.len;
    out->format = format;
    out->lang = h401_language_tag(lang);
    return NULL;
}
