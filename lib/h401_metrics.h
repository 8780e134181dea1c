/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_metrics.h
 * @brief The series of the module's metrics (one per cause, and two for
 * the 401s it did not explain itself) and their text: the Prometheus
 * exposition format and mod_status's machine-readable lines.
 *
 * The counters themselves live in shared memory (mod_helpful401_metrics.c);
 * this part only names the series and writes out a snapshot of them.
 */
#ifndef H401_METRICS_H
#define H401_METRICS_H

#include <apr_pools.h>
#include "h401_diagnose.h"

/**
 * The series, by slot: each built-in cause at its own h401_cause value,
 * then these, then the admin's causes (Helpful401Cause) in the order
 * they were first seen. Labels of the module's own series hold a '_',
 * which an admin's cause id cannot (lower-case letters, digits, '-').
 */
enum {
    /** a local ErrorDocument 401 page, which got the cause to read */
    H401_METRIC_ERROR_DOCUMENT = H401_CAUSE_COUNT,
    /** a handler's 401 passed on as it was (Helpful401Upstream, not a browser) */
    H401_METRIC_UPSTREAM_PASSED_ON,
    /** an admin's cause beyond the H401_METRICS_ADMIN_MAX that have a slot */
    H401_METRIC_ADMIN_OTHER,
    H401_METRIC_FIRST_ADMIN
};

/** How many admin cause ids get a series of their own. */
#define H401_METRICS_ADMIN_MAX 64

/** Every slot there is. */
#define H401_METRICS_SLOTS (H401_METRIC_FIRST_ADMIN + H401_METRICS_ADMIN_MAX)

/** The label of a slot before H401_METRIC_FIRST_ADMIN; NULL for others. */
const char *h401_metric_label(int slot);

/** One series of a snapshot. */
typedef struct {
    const char *label;     /**< the cause label's value */
    apr_uint64_t count;
} h401_metric;

/** The metric's name, as Prometheus shows it. */
#define H401_METRIC_NAME "helpful401_responses_total"

/** The Content-Type of h401_metrics_prometheus's text. */
#define H401_METRICS_CONTENT_TYPE "text/plain; version=0.0.4"

/**
 * The Prometheus text exposition format (version 0.0.4) of n series, in
 * p: "# HELP", "# TYPE ... counter", then one line per series, in order,
 * the label value escaped as the format asks (\\, \" and \n).
 */
char *h401_metrics_prometheus(apr_pool_t *p, const h401_metric *m, int n);

/**
 * mod_status's "?auto" form of n series, in p: one "Key: value" line each,
 * the key "H401Responses[LABEL]" (a label with a character outside
 * the printable ASCII, or ':', ']' or space, has them as '_').
 */
char *h401_metrics_status_lines(apr_pool_t *p, const h401_metric *m, int n);

#endif
