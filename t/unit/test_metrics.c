/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_metrics: the series' labels and their text. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "h401_metrics.h"
#include "tap.h"

static void test_labels(void)
{
    int slot;

    for (slot = 0; slot < H401_CAUSE_COUNT; slot++) {
        is_str(h401_metric_label(slot), h401_cause_id((h401_cause)slot),
               "slot %d is the cause %s", slot, h401_cause_id((h401_cause)slot));
    }
    is_str(h401_metric_label(H401_METRIC_ERROR_DOCUMENT), "error_document",
           "ErrorDocument pages have a label of their own");
    is_str(h401_metric_label(H401_METRIC_UPSTREAM_PASSED_ON), "upstream_passed_on",
           "an application's 401 passed on has a label of its own");
    is_str(h401_metric_label(H401_METRIC_ADMIN_OTHER), "other_admin_cause",
           "admin causes beyond the slots share one label");
    ok(h401_metric_label(H401_METRIC_FIRST_ADMIN) == NULL,
       "an admin's slot has no fixed label");
    ok(h401_metric_label(-1) == NULL && h401_metric_label(H401_METRICS_SLOTS) == NULL,
       "no label outside the slots");
    for (slot = H401_CAUSE_COUNT; slot < H401_METRIC_FIRST_ADMIN; slot++) {
        const char *label = h401_metric_label(slot);
        ok(strchr(label, '_') && h401_cause_from_id(label) < 0,
           "%s holds a '_', which no cause id can", label);
    }
}

static void test_prometheus(apr_pool_t *p)
{
    const h401_metric m[] = {
        { "no-credentials", 3 },
        { "bad-credentials", 0 },
        { "error_document", APR_UINT64_C(18446744073709551615) },
    };
    const h401_metric odd[] = { { "a\"b\\c\nd", 1 } };

    is_str(h401_metrics_prometheus(p, m, 3),
           "# HELP helpful401_responses_total 401 responses mod_helpful401 handled, by cause.\n"
           "# TYPE helpful401_responses_total counter\n"
           "helpful401_responses_total{cause=\"no-credentials\"} 3\n"
           "helpful401_responses_total{cause=\"bad-credentials\"} 0\n"
           "helpful401_responses_total{cause=\"error_document\"} 18446744073709551615\n",
           "exposition text: HELP, TYPE, one line per series, zeros and 2^64-1 too");
    has_str(h401_metrics_prometheus(p, odd, 1),
            "helpful401_responses_total{cause=\"a\\\"b\\\\c\\nd\"} 1\n",
            "a label's quote, backslash and newline are escaped");
    is_str(h401_metrics_prometheus(p, m, 0),
           "# HELP helpful401_responses_total 401 responses mod_helpful401 handled, by cause.\n"
           "# TYPE helpful401_responses_total counter\n",
           "no series: the HELP and TYPE lines alone");
    is_str(H401_METRICS_CONTENT_TYPE, "text/plain; version=0.0.4",
           "the content type Prometheus expects of this format");
}

static void test_status_lines(apr_pool_t *p)
{
    const h401_metric m[] = {
        { "no-credentials", 3 },
        { "upstream_passed_on", 0 },
        { "x: y]z\n", 7 },
    };

    is_str(h401_metrics_status_lines(p, m, 3),
           "H401Responses[no-credentials]: 3\n"
           "H401Responses[upstream_passed_on]: 0\n"
           "H401Responses[x__y_z_]: 7\n",
           "?auto: one Key: value line per series, nothing in a key that splits it");
    is_str(h401_metrics_status_lines(p, m, 0), "", "no series: no line");
}

int main(void)
{
    apr_pool_t *p;

    apr_initialize();
    apr_pool_create(&p, NULL);
    test_labels();
    test_prometheus(p);
    test_status_lines(p);
    apr_pool_destroy(p);
    apr_terminate();
    return done_testing();
}
