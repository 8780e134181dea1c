/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Fuzzes h401_negotiate_format, h401_negotiate_language and
 * h401_parse_qvalue: one input is one Accept or Accept-Language value
 * (and, for the last, one q-value of exactly the input's bytes). */
#include <string.h>
#include "fuzz.h"
#include "h401_negotiate.h"

static apr_array_header_t *available;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const tags[] = {
        "en", "de", "de-ch", "pt-br", "fr", NULL, "ja", "zh-hant-tw"
    };
    size_t i;

    (void)argc;
    (void)argv;
    fuzz_setup();
    available = apr_array_make(fuzz_static_pool, 8, sizeof(const char *));
    for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        APR_ARRAY_PUSH(available, const char *) = tags[i];   /* a NULL is skipped */
    }
    return 0;
}

/* RFC 9110: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
static int reference_qvalue(const uint8_t *v, size_t len, int *q)
{
    size_t i;
    int value, scale = 100;

    if (len < 1 || len > 5 || (v[0] != '0' && v[0] != '1') || (len > 1 && v[1] != '.')) {
        return 0;
    }
    value = (v[0] - '0') * 1000;
    for (i = 2; i < len; i++) {
        if (v[i] < '0' || v[i] > '9' || (v[0] == '1' && v[i] != '0')) {
            return 0;
        }
        value += (v[i] - '0') * scale;
        scale /= 10;
    }
    *q = value;
    return 1;
}

static void check_language(const char *header, const char *dflt)
{
    const char *got = h401_negotiate_language(header, available, dflt);
    int i, listed = 0;

    for (i = 0; i < available->nelts; i++) {
        listed |= got && got == APR_ARRAY_IDX(available, i, const char *);
    }
    /* the answer is one of the tags offered, or the default */
    FUZZ_ASSERT(listed || got == dflt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *header = fuzz_cstr(data, size);
    h401_format f = h401_negotiate_format(header);
    int q = -1, want = -1, ok;

    FUZZ_ASSERT(f == H401_FORMAT_HTML || f == H401_FORMAT_JSON || f == H401_FORMAT_TEXT);
    FUZZ_ASSERT(h401_format_content_type(f) != NULL);

    /* one default a run, by the input's size: "xx" is not available, and
     * with NULL nothing may be the answer (each call reads the header once
     * per available tag, so three would cost the fuzzer two thirds of its
     * speed) */
    check_language(header, size % 3 == 0 ? "en" : size % 3 == 1 ? "xx" : NULL);
    FUZZ_ASSERT(h401_negotiate_language(header, NULL, "en") != NULL);

    ok = h401_parse_qvalue((const char *)data, size, &q);
    FUZZ_ASSERT(ok == reference_qvalue(data, size, &want));
    FUZZ_ASSERT(q == want);
    FUZZ_ASSERT(h401_parse_qvalue((const char *)data, size, NULL) == ok);
    /* negotiation parses in place: nothing from the pool but the copy */
    FUZZ_ASSERT(fuzz_allocated() == size + 1);
    fuzz_reset();
    return 0;
}
