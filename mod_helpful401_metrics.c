/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/*
 * The metrics: how many 401s the module handled, by cause, across every
 * child process and thread of whatever MPM runs.
 *
 * The counters are one array of 64-bit integers in shared memory, made
 * by the parent in post_config before it starts any child, so that every
 * child inherits it; a request adds to its cause's counter with one
 * atomic increment (apr_atomic_inc64: a locked add on x86-64 and the
 * like), with no lock and no system call, and only on the 401 path.
 *
 * The segment lives in the process pool and its address in the parent's
 * retained data (ap_retained_data_create), which outlive the reload of
 * the configuration and of this module's DSO on a graceful restart (and
 * on "apachectl restart" too, where the parent stays): the next
 * generation finds the same counters and goes on from them. Only a new
 * parent, after httpd stopped, starts from zero. The key names the
 * layout, so that a module of another layout loaded by a restart makes a
 * segment of its own instead of reading this one wrong.
 *
 * The admin's causes (Helpful401Cause) get a slot each when first seen,
 * and keep it for as long as the parent lives: children of an older
 * generation still finishing requests after a graceful restart count
 * into the slot the new generation reads. Ids beyond the slots there are
 * share the series other_admin_cause.
 */

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "util_filter.h"

#include "apr_atomic.h"
#include "apr_optional_hooks.h"
#include "apr_shm.h"
#include "apr_strings.h"

#include "mod_status.h"

#include "mod_helpful401_config.h"
#include "mod_helpful401_metrics.h"

APLOG_USE_MODULE(helpful401);

#define METRICS_HANDLER "helpful401-metrics"
#define RETAINED_KEY "mod_helpful401_metrics-1"

/* What the parent keeps from one generation to the next. */
typedef struct {
    apr_shm_t *shm;
    volatile apr_uint64_t *counts;     /* H401_METRICS_SLOTS, in shm */
    int admin_slots;                   /* admin ids given a slot so far */
    const char *admin_ids[H401_METRICS_ADMIN_MAX];   /* in the process pool */
} metrics_retained;

/* One admin cause of this generation's configuration, and its slot. */
typedef struct {
    const char *id;
    int slot;
} admin_series;

/* This generation's view, set in post_config, inherited by the children.
 * counters NULL: no shared memory, nothing is counted. */
static metrics_retained *counters;
static apr_array_header_t *admin_series_list;   /* admin_series */

static ap_filter_rec_t *error_document_filter_handle;

/* -------------------------------------------------------------------- */
/* Counting                                                             */

void h401_metrics_count(int slot)
{
    if (counters && slot >= 0 && slot < H401_METRICS_SLOTS) {
        apr_atomic_inc64(&counters->counts[slot]);
    }
}

void h401_metrics_count_finding(const h401_finding *finding)
{
    int i;

    if (!finding->custom) {
        h401_metrics_count((int)finding->diagnosis.cause);
        return;
    }
    for (i = 0; admin_series_list && i < admin_series_list->nelts; i++) {
        const admin_series *a = &APR_ARRAY_IDX(admin_series_list, i, admin_series);
        if (strcmp(a->id, finding->cause_id) == 0) {
            h401_metrics_count(a->slot);
            return;
        }
    }
    h401_metrics_count(H401_METRIC_ADMIN_OTHER);
}

/* HELPFUL401_COUNT: counts an ErrorDocument page once it goes out. Had
 * it been counted when the redirect began, a page that then fails (a
 * missing file, a CGI's error) would count twice: httpd answers the
 * original 401 instead, which gets our page and its cause. */
static apr_status_t error_document_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    h401_metrics_count(H401_METRIC_ERROR_DOCUMENT);
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

void h401_metrics_count_error_document(request_rec *r)
{
    if (counters) {
        ap_add_output_filter_handle(error_document_filter_handle, NULL, r, r->connection);
    }
}

/* -------------------------------------------------------------------- */
/* Reading                                                              */

/* A snapshot of every series this generation shows, in p: the fixed
 * ones, then the admin's causes of its configuration. Each counter is
 * read atomically; the set of them is not one instant, as with any
 * scrape of counters that keep moving. */
static h401_metric *snapshot(apr_pool_t *p, int *n)
{
    int fixed = H401_METRIC_FIRST_ADMIN;
    int admins = admin_series_list ? admin_series_list->nelts : 0;
    h401_metric *m = apr_palloc(p, sizeof(*m) * (apr_size_t)(fixed + admins));
    int i;

    for (i = 0; i < fixed; i++) {
        m[i].label = h401_metric_label(i);
        m[i].count = apr_atomic_read64(&counters->counts[i]);
    }
    for (i = 0; i < admins; i++) {
        const admin_series *a = &APR_ARRAY_IDX(admin_series_list, i, admin_series);
        m[fixed + i].label = a->id;
        m[fixed + i].count = apr_atomic_read64(&counters->counts[a->slot]);
    }
    *n = fixed + admins;
    return m;
}

/* SetHandler helpful401-metrics: the Prometheus text format. Who may
 * read it is the admin's to say with Require, as for server-status. */
static int metrics_handler(request_rec *r)
{
    h401_metric *m;
    int n;

    if (!r->handler || r->handler[0] != METRICS_HANDLER[0]
        || strcmp(r->handler, METRICS_HANDLER) != 0) {
        return DECLINED;
    }
    r->allowed |= (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    if (!counters) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "H401015: no metrics to "
                      "show: their shared memory could not be made at start-up "
                      "(H401014)");
        return HTTP_SERVICE_UNAVAILABLE;
    }
    ap_set_content_type(r, H401_METRICS_CONTENT_TYPE);
    if (r->header_only) {
        return OK;
    }
    m = snapshot(r->pool, &n);
    ap_rputs(h401_metrics_prometheus(r->pool, m, n), r);
    return OK;
}

/* mod_status: a table on /server-status, a line per series with ?auto. */
static int metrics_status_hook(request_rec *r, int flags)
{
    h401_metric *m;
    int n, i;

    if (!counters) {
        return OK;
    }
    m = snapshot(r->pool, &n);
    if (flags & AP_STATUS_SHORT) {
        ap_rputs(h401_metrics_status_lines(r->pool, m, n), r);
        return OK;
    }
    ap_rputs("<hr />\n<h2>mod_helpful401: 401 responses by cause</h2>\n", r);
    if (flags & AP_STATUS_NOTABLE) {
        for (i = 0; i < n; i++) {
            ap_rprintf(r, "%s: %" APR_UINT64_T_FMT "<br />\n",
                       ap_escape_html(r->pool, m[i].label), m[i].count);
        }
        return OK;
    }
    ap_rputs("<table border=\"0\">\n<tr><th>cause</th><th>responses</th></tr>\n", r);
    for (i = 0; i < n; i++) {
        ap_rprintf(r, "<tr><td>%s</td><td>%" APR_UINT64_T_FMT "</td></tr>\n",
                   ap_escape_html(r->pool, m[i].label), m[i].count);
    }
    ap_rputs("</table>\n", r);
    return OK;
}

/* -------------------------------------------------------------------- */
/* Start-up                                                             */

/* The counters' segment: anonymous shared memory where the system has
 * it, else a file in the runtime directory. In the process pool, so that
 * it lasts as long as the parent. */
static apr_status_t make_segment(metrics_retained *kept, server_rec *s)
{
    apr_pool_t *p = s->process->pool;
    apr_size_t size = sizeof(apr_uint64_t) * H401_METRICS_SLOTS;
    apr_status_t rv = apr_shm_create(&kept->shm, size, NULL, p);

    if (rv == APR_ENOTIMPL) {
        const char *file = ap_runtime_dir_relative(p, "helpful401-metrics.shm");
        apr_shm_remove(file, p);   /* one a crashed parent left */
        rv = apr_shm_create(&kept->shm, size, file, p);
    }
    if (rv != APR_SUCCESS) {
        kept->shm = NULL;
        return rv;
    }
    kept->counts = apr_shm_baseaddr_get(kept->shm);
    memset((void *)kept->counts, 0, size);
    return APR_SUCCESS;
}

/* This generation's admin causes, each given the slot its id had in an
 * earlier generation, else the next free one. */
static void map_admin_causes(apr_pool_t *pconf, metrics_retained *kept, server_rec *s)
{
    apr_array_header_t *ids = h401_admin_cause_ids(pconf);
    int i, j;

    admin_series_list = apr_array_make(pconf, ids->nelts, sizeof(admin_series));
    for (i = 0; i < ids->nelts; i++) {
        const char *id = APR_ARRAY_IDX(ids, i, const char *);
        admin_series *a;

        for (j = 0; j < kept->admin_slots && strcmp(kept->admin_ids[j], id) != 0; j++) {
        }
        if (j == kept->admin_slots) {
            if (kept->admin_slots == H401_METRICS_ADMIN_MAX) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, "H401016: "
                             "Helpful401Cause %s has no series of its own in the "
                             "metrics (%d admin causes have one until httpd "
                             "stops): it is counted as %s", id,
                             H401_METRICS_ADMIN_MAX,
                             h401_metric_label(H401_METRIC_ADMIN_OTHER));
                continue;
            }
            kept->admin_ids[j] = apr_pstrdup(s->process->pool, id);
            kept->admin_slots++;
        }
        a = apr_array_push(admin_series_list);
        a->id = kept->admin_ids[j];
        a->slot = H401_METRIC_FIRST_ADMIN + j;
    }
}

static int metrics_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                               server_rec *s)
{
    metrics_retained *kept;
    apr_status_t rv;

    (void)plog;
    (void)ptemp;
    counters = NULL;
    admin_series_list = NULL;
    /* the first reading of the configuration serves nothing (and the
     * parent may yet detach from the shell): the next one makes it */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    kept = ap_retained_data_get(RETAINED_KEY);
    if (!kept) {
        kept = ap_retained_data_create(RETAINED_KEY, sizeof(*kept));
    }
    if (!kept->shm && (rv = make_segment(kept, s)) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s, "H401014: no shared memory "
                     "for the metrics: nothing is counted");
        return OK;   /* the pages do not need it */
    }
    counters = kept;
    map_admin_causes(pconf, kept, s);
    return OK;
}

void h401_metrics_register_hooks(apr_pool_t *p)
{
    (void)p;
    error_document_filter_handle = ap_register_output_filter(
        "HELPFUL401_COUNT", error_document_filter, NULL, AP_FTYPE_CONTENT_SET);
    ap_hook_post_config(metrics_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(metrics_handler, NULL, NULL, APR_HOOK_MIDDLE);
    APR_OPTIONAL_HOOK(ap, status_hook, metrics_status_hook, NULL, NULL, APR_HOOK_MIDDLE);
}
