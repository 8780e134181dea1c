/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <apr_strings.h>
#include "h401_escape.h"
#include "h401_metrics.h"

static const char *const own_labels[] = {
    "error_document",        /* H401_METRIC_ERROR_DOCUMENT */
    "upstream_passed_on",    /* H401_METRIC_UPSTREAM_PASSED_ON */
    "other_admin_cause"      /* H401_METRIC_ADMIN_OTHER */
};

const char *h401_metric_label(int slot)
{
    if (slot >= 0 && slot < H401_CAUSE_COUNT) {
        return h401_cause_id((h401_cause)slot);
    }
    if (slot >= H401_METRIC_ERROR_DOCUMENT && slot < H401_METRIC_FIRST_ADMIN) {
        return own_labels[slot - H401_METRIC_ERROR_DOCUMENT];
    }
    return NULL;
}

static void add_count(h401_buf *b, apr_uint64_t count)
{
    char num[32];

    apr_snprintf(num, sizeof(num), "%" APR_UINT64_T_FMT, count);
    h401_buf_adds(b, num);
}

char *h401_metrics_prometheus(apr_pool_t *p, const h401_metric *m, int n)
{
    h401_buf b;
    int i;

    h401_buf_init(&b, p, 256 + (apr_size_t)n * 64);
    h401_buf_adds(&b, "# HELP " H401_METRIC_NAME " 401 responses mod_helpful401 "
                  "handled, by cause.\n"
                  "# TYPE " H401_METRIC_NAME " counter\n");
    for (i = 0; i < n; i++) {
        const char *s;

        h401_buf_adds(&b, H401_METRIC_NAME "{cause=\"");
        for (s = m[i].label; *s; s++) {
            switch (*s) {
            case '\\': h401_buf_adds(&b, "\\\\"); break;
            case '"':  h401_buf_adds(&b, "\\\""); break;
            case '\n': h401_buf_adds(&b, "\\n"); break;
            default:   h401_buf_add(&b, s, 1); break;
            }
        }
        h401_buf_adds(&b, "\"} ");
        add_count(&b, m[i].count);
        h401_buf_adds(&b, "\n");
    }
    return b.data;
}

char *h401_metrics_status_lines(apr_pool_t *p, const h401_metric *m, int n)
{
    h401_buf b;
    int i;

    h401_buf_init(&b, p, 64 + (apr_size_t)n * 48);
    for (i = 0; i < n; i++) {
        const char *s;

        h401_buf_adds(&b, "H401Responses[");
        for (s = m[i].label; *s; s++) {
            unsigned char c = (unsigned char)*s;
            h401_buf_add(&b, (c <= ' ' || c >= 0x7f || c == ':' || c == ']') ? "_" : s, 1);
        }
        h401_buf_adds(&b, "]: ");
        add_count(&b, m[i].count);
        h401_buf_adds(&b, "\n");
    }
    return b.data;
}
