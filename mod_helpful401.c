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
 * The work is in lib/ (no httpd headers): diagnose -> negotiate -> render.
 * The glue follows a refused request through its files:
 *   mod_helpful401.c         the hooks and the two output filters: the
 *                            request in, the response out
 *   mod_helpful401_config.c  directives, merging, template sets, start-up
 *   mod_helpful401_facts.c   the request's facts and their diagnosis
 *   mod_helpful401_page.c    the page's language and values, rendered
 *
 * How a 401 reaches us: an auth module (or mod_rewrite R=401) returns
 * HTTP_UNAUTHORIZED, ap_die() calls ap_send_error_response(), which runs
 * the insert_error_filter hook before writing the stock page. There we
 * add our filter HELPFUL401_ERROR, which drops httpd's page and sends
 * ours in its place; when ours cannot be made, httpd's goes out as it
 * is. A 401 made by a handler (CGI, proxy) never goes that way: where
 * Helpful401Upstream is On, insert_filter adds the other filter,
 * HELPFUL401 (the one an admin may add by name), which replaces it for
 * browsers only. Neither touches the WWW-Authenticate headers. A local
 * ErrorDocument 401 is an internal redirect instead: we leave the admin's
 * page alone and hand it the cause in REDIRECT_HELPFUL401_CAUSE from
 * post_read_request.
 */

/* first, so that APR_OFFSETOF (in the brigade macros) is offsetof: without
 * it APR subtracts from a null pointer, which clang's -Wextra refuses */
#include <stddef.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "mod_core.h"
#include "util_filter.h"

#include "apr_strings.h"

#include "mod_helpful401_config.h"
#include "mod_helpful401_facts.h"
#include "mod_helpful401_metrics.h"
#include "mod_helpful401_page.h"

/* After mod_headers' error filter (AP_FTYPE_CONTENT_SET), so that a
 * challenge added by "Header always set" is seen; before the protocol
 * filters that count the body and write the headers. */
#define H401_FILTER_TYPE (AP_FTYPE_CONTENT_SET + 5)

/* The two filters: HELPFUL401_ERROR for the 401s httpd answers itself
 * (ap_send_error_response), HELPFUL401 for those a handler makes. */
static ap_filter_rec_t *h401_error_filter_handle;
static ap_filter_rec_t *h401_upstream_filter_handle;

/* -------------------------------------------------------------------- */
/* The output filters                                                   */

/* A filter's context: the page that replaces the body, made on the
 * first brigade. A filter without one has not seen the response yet. */
typedef struct {
    const char *page;
    apr_size_t len;
} h401_filter_ctx;

/*
 * The helpful response's own headers, as httpd's own negotiated pages
 * have them:
 * - Content-Language in every format (<html lang> says it in HTML too).
 * - Vary: Accept, Accept-Language, merged into any Vary already set:
 *   RFC 9110 12.5.5 asks it of every response chosen by those headers,
 *   whether a cache may keep it or not.
 * - No CSP: the page has no script, loads nothing, and every value on it
 *   is escaped (the templates have no unescaped form). The README shows
 *   how to add one with mod_headers.
 */
static void set_page_headers(request_rec *r, h401_format format, const char *lang)
{
    ap_set_content_type(r, h401_format_content_type(format));
    r->content_languages = apr_array_make(r->pool, 1, sizeof(const char *));
    APR_ARRAY_PUSH(r->content_languages, const char *) = lang;
    apr_table_mergen(r->headers_out, "Vary", "Accept, Accept-Language");
}

/* An application's headers describe the body we drop, not ours; a CGI's
 * are in err_headers_out (ap_scan_script_header_err puts them there). */
static void unset_body_headers(request_rec *r)
{
    static const char *const names[] = {
        "Content-Length", "Content-Encoding", "Content-Range", "Content-Disposition",
        "Content-Language", "ETag", "Last-Modified", NULL
    };
    const char *const *n;

    r->content_encoding = NULL;
    for (n = names; *n; n++) {
        apr_table_unset(r->headers_out, *n);
        apr_table_unset(r->err_headers_out, *n);
    }
}

/* Whether r is a page an ErrorDocument redirect serves: the admin's own.
 * (Other internal redirects, a front controller's RewriteRule, come from
 * a request that did not fail.) */
static int is_error_document(const request_rec *r)
{
    return r->prev && ap_is_HTTP_ERROR(r->prev->status);
}

/*
 * Makes the page of finding in format, sets its headers and returns the
 * filter's context for it. NULL when there is no page (an admin's
 * template that renders empty): the response goes out as it is, with
 * nothing of ours in it, and the log says so (instead names what).
 */
static h401_filter_ctx *start_page(request_rec *r, const h401_dir_conf *conf,
                                   const h401_finding *finding, h401_format format,
                                   const char *instead)
{
    h401_request_page page;
    h401_filter_ctx *ctx;
    const char *err = h401_request_page_make(r, conf, finding, format, &page);

    if (err) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "H401003: the page for %s "
                      "%s; sending %s", finding->cause_id, err, instead);
        return NULL;
    }
    set_page_headers(r, page.format, page.lang);
    ctx = apr_palloc(r->pool, sizeof(*ctx));
    ctx->page = page.body;
    ctx->len = page.len;
    return ctx;
}

/* Drops the original body, httpd's page or an application's; at its end
 * sends ours, in one piece, so that the content-length filter below can
 * count it. A HEAD request's brigade is its end alone (httpd writes no
 * body for HEAD): the page is counted, and so HEAD gets the Content-Length
 * GET gets, then the header filter drops it. FLUSH buckets go too: one
 * passed before the page would send the headers without a length. */
static apr_status_t send_page(ap_filter_t *f, apr_bucket_brigade *bb)
{
    h401_filter_ctx *ctx = f->ctx;
    apr_bucket *b;

    while ((b = APR_BRIGADE_FIRST(bb)) != APR_BRIGADE_SENTINEL(bb)) {
        if (APR_BUCKET_IS_EOS(b)) {
            apr_bucket *page = apr_bucket_pool_create(ctx->page, ctx->len, f->r->pool,
                                                      f->c->bucket_alloc);
            APR_BUCKET_INSERT_BEFORE(b, page);
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        apr_bucket_delete(b);
    }
    return APR_SUCCESS;
}

/* HELPFUL401_ERROR: a 401 httpd answers itself, added from
 * insert_error_filter. Its first brigade holds httpd's page (or, for
 * HEAD, only its end); that page stays when ours cannot be made. */
static apr_status_t h401_error_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    if (!f->ctx) {
        request_rec *r = f->r;
        const h401_dir_conf *conf = h401_get_dir_conf(r);
        h401_finding finding;

        if (!h401_conf_pages(conf)) {
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        h401_diagnose_request(r, conf, &finding);
        /* a 500 is ours to explain only as the broken protection it is */
        if (r->status != HTTP_UNAUTHORIZED
            && !(finding.diagnosis.cause == H401_CAUSE_LEFTOVER_HTACCESS && !finding.custom)) {
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        h401_export_finding(r, r->subprocess_env, "", &finding);
        h401_log_finding(r, &finding, NULL);
        f->ctx = start_page(r, conf, &finding,
                            h401_negotiate_format(apr_table_get(r->headers_in, "Accept")),
                            "httpd's own page");
        if (!f->ctx) {
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        h401_metrics_count_finding(&finding);
    }
    return send_page(f, bb);
}

/* HELPFUL401: a 401 a handler (CGI, proxy, an application) makes, added
 * from insert_filter where Helpful401Upstream is On, or by name with
 * SetOutputFilter. Every other response passes as it is, and so does the
 * 401 for a client that is not a browser: an API client keeps the
 * application's answer. */
static apr_status_t h401_upstream_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    if (!f->ctx) {
        request_rec *r = f->r;
        const h401_dir_conf *conf = h401_get_dir_conf(r);
        const char *accept = apr_table_get(r->headers_in, "Accept");
        h401_format format;
        h401_finding finding;
        int for_browser;

        /* added by name (SetOutputFilter), it heeds Helpful401 Off, an
         * ErrorDocument page and a forward proxy's foreign answers too */
        if (r->status != HTTP_UNAUTHORIZED || !h401_conf_pages(conf)
            || !h401_conf_enabled(conf) || is_error_document(r)
            || r->proxyreq == PROXYREQ_PROXY || !h401_claim_response(r)) {
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        /* a browser: a client that asks for text/html and prefers it */
        format = h401_negotiate_format(accept);
        for_browser = format == H401_FORMAT_HTML && accept
                      && ap_strcasestr(accept, "text/html");
        h401_diagnose_request(r, conf, &finding);
        h401_export_finding(r, r->subprocess_env, "", &finding);
        h401_log_finding(r, &finding, for_browser ? "upstream" : "upstream, passed on");
        if (for_browser) {
            f->ctx = start_page(r, conf, &finding, format,
                                "the application's response as it is");
        }
        if (!f->ctx) {
            /* the application's own answer, but chosen by Accept */
            apr_table_mergen(r->headers_out, "Vary", "Accept");
            h401_metrics_count(H401_METRIC_UPSTREAM_PASSED_ON);
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        h401_metrics_count_finding(&finding);
        unset_body_headers(r);
    }
    return send_page(f, bb);
}

/* -------------------------------------------------------------------- */
/* Hooks                                                                */

/* An admin's "ErrorDocument 401 text" (or 500) is what they chose to show. */
static int has_text_error_document(request_rec *r)
{
    const char *custom = ap_response_code_string(r, ap_index_of_response(r->status));
    return custom && custom[0] == '"';
}

/* A 500 that may be a protection no password can pass: once a visitor
 * types a name, mod_authn_file cannot open the AuthUserFile that is gone
 * (AH01620), or there is no AuthUserFile (AH01619) or no provider at all
 * (AH01600), and httpd answers 500 instead of 401. Only where the area
 * asks for a login; the filter then checks. */
static int may_be_leftover_500(request_rec *r)
{
    return r->status == HTTP_INTERNAL_SERVER_ERROR && ap_auth_type(r);
}

/* A 401 httpd itself answers: from ap_send_error_response(). */
static void h401_insert_error_filter(request_rec *r)
{
    const h401_dir_conf *conf = h401_get_dir_conf(r);

    if (!(r->status == HTTP_UNAUTHORIZED || may_be_leftover_500(r)) || r->assbackwards
        || !h401_conf_enabled(conf) || !h401_conf_pages(conf)
        || has_text_error_document(r)) {
        return;
    }
    ap_add_output_filter_handle(h401_error_filter_handle, NULL, r, r->connection);
}

/* A response a handler makes: only where the admin asked for it, so that
 * everywhere else the filter is not even added. */
static void h401_insert_filter(request_rec *r)
{
    const h401_dir_conf *conf = h401_get_dir_conf(r);

    if (!h401_conf_upstream(conf) || !h401_conf_enabled(conf) || r->main
        || is_error_document(r) || r->proxyreq == PROXYREQ_PROXY) {
        return;   /* a forward proxy's 401s are another site's */
    }
    ap_add_output_filter_handle(h401_upstream_filter_handle, NULL, r, r->connection);
}

/*
 * A local "ErrorDocument 401 /page" is an internal redirect: the admin's
 * page is served as it is, and learns the cause as HELPFUL401_CAUSE and
 * REDIRECT_HELPFUL401_CAUSE (the name a CGI or SSI page reads).
 */
static int h401_post_read_request(request_rec *r)
{
    request_rec *orig = r->prev;
    const h401_dir_conf *conf;
    h401_finding finding;

    if (!orig || r->main || orig->status != HTTP_UNAUTHORIZED
        || r->status != HTTP_UNAUTHORIZED) {
        return DECLINED;
    }
    conf = h401_get_dir_conf(orig);
    if (!h401_conf_enabled(conf)) {
        return DECLINED;
    }
    h401_diagnose_request(orig, conf, &finding);
    h401_export_finding(orig, orig->subprocess_env, "", &finding);
    h401_export_finding(r, r->subprocess_env, "", &finding);
    h401_export_finding(r, r->subprocess_env, "REDIRECT_", &finding);
    h401_log_finding(orig, &finding, "ErrorDocument");
    h401_metrics_count_error_document(r);
    return DECLINED;
}

static void register_hooks(apr_pool_t *p)
{
    h401_error_filter_handle = ap_register_output_filter(
        "HELPFUL401_ERROR", h401_error_filter, NULL, H401_FILTER_TYPE);
    h401_upstream_filter_handle = ap_register_output_filter(
        "HELPFUL401", h401_upstream_filter, NULL, H401_FILTER_TYPE);
    ap_hook_pre_config(h401_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_check_config(h401_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(h401_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    /* where our filters run among the others is set by their type */
    ap_hook_insert_error_filter(h401_insert_error_filter, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_insert_filter(h401_insert_filter, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_read_request(h401_post_read_request, NULL, NULL, APR_HOOK_MIDDLE);
    /* to tell "signed in, but not allowed" from a refused password: first
     * among the authz hooks, and before any fixup that may answer 401 */
    ap_hook_check_authz(h401_note_authz_entered, NULL, NULL, APR_HOOK_FIRST,
                        AP_AUTH_INTERNAL_PER_CONF);
    ap_hook_fixups(h401_note_authz_passed, NULL, NULL, APR_HOOK_REALLY_FIRST);
    h401_metrics_register_hooks(p);
}

/* the one symbol httpd looks up: the rest is built hidden (Makefile) */
#if defined(__GNUC__) && __GNUC__ >= 4
__attribute__((visibility("default")))
#endif
AP_DECLARE_MODULE(helpful401) = {
    STANDARD20_MODULE_STUFF,
    h401_create_dir_conf,
    h401_merge_dir_conf,
    NULL,
    NULL,
    h401_cmds,
    register_hooks,
#if defined(AP_MODULE_FLAG_NONE)
    AP_MODULE_FLAG_NONE
#endif
};
