/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file mod_helpful401_metrics.h
 * @brief Per-cause counters of the 401s the module handles, shared by
 * every child and thread, and the two ways to read them: the handler
 * helpful401-metrics (Prometheus) and mod_status's page.
 */
#ifndef MOD_HELPFUL401_METRICS_H
#define MOD_HELPFUL401_METRICS_H

#include "httpd.h"

#include "lib/h401_metrics.h"
#include "mod_helpful401_facts.h"

/** Registers the metrics' hooks: post_config (the shared memory), the
 *  handler, and mod_status's status_hook (when mod_status is loaded). */
void h401_metrics_register_hooks(apr_pool_t *p);

/** Counts one response explained with finding's cause. */
void h401_metrics_count_finding(const h401_finding *finding);

/** Counts the ErrorDocument page r (an internal redirect of a 401) in
 *  error_document once it is sent. */
void h401_metrics_count_error_document(request_rec *r);

/** Counts one response in the series of slot (an H401_METRIC_* value). */
void h401_metrics_count(int slot);

#endif
