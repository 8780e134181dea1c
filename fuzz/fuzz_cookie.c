/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Fuzzes h401_find_session_cookie and h401_session_payload_expiry: one
 * input is one Cookie header value (and, for the second, one cookie value);
 * and h401_cookie_deleted and h401_cookie_date, the input being a
 * Set-Cookie value and a date too. */
#include <string.h>
#include "fuzz.h"
#include "h401_cookie.h"

static apr_array_header_t *names;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *const *n;

    (void)argc;
    (void)argv;
    fuzz_setup();
    names = apr_array_make(fuzz_static_pool, 8, sizeof(const char *));
    for (n = h401_common_session_cookies; *n; n++) {
        APR_ARRAY_PUSH(names, const char *) = *n;
    }
    APR_ARRAY_PUSH(names, const char *) = "";   /* an empty name matches nothing */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *header = fuzz_cstr(data, size);
    const char *found;
    apr_int64_t expiry = -1;

    found = h401_find_session_cookie(fuzz_pool, header, names);
    if (found) {
        /* a cookie name is taken from the header, never made up */
        FUZZ_ASSERT(*found && strstr(header, found) != NULL);
        FUZZ_ASSERT(strchr(found, ';') == NULL && strchr(found, '=') == NULL);
    }
    found = h401_find_session_cookie(fuzz_pool, header, NULL);
    if (found) {
        FUZZ_ASSERT(*found && strstr(header, found) != NULL);
    }
    if (h401_session_payload_expiry(header, &expiry)) {
        /* at most 18 digits: never negative, never overflowed */
        FUZZ_ASSERT(expiry >= 0);
        FUZZ_ASSERT(strstr(header, "expiry=") != NULL);
    }
    else {
        FUZZ_ASSERT(expiry == -1);
    }
    {
        apr_array_header_t *set = apr_array_make(fuzz_pool, 1, sizeof(const char *));
        apr_int64_t when = -1;
        int i;

        APR_ARRAY_PUSH(set, const char *) = header;
        i = h401_cookie_deleted(header, set, 1700000000);
        FUZZ_ASSERT(i == -1 || i == 0);
        FUZZ_ASSERT(h401_cookie_deleted("sid=x", set, 1700000000) == -1
                    || strncmp(header + strspn(header, " \t"), "sid", 3) == 0);
        if (h401_cookie_date(header, strlen(header), &when)) {
            /* 1601-01-01 to 9999-12-31 */
            FUZZ_ASSERT(when >= APR_INT64_C(-11644473600) && when <= APR_INT64_C(253402300799));
        }
        else {
            FUZZ_ASSERT(when == -1);
        }
    }
    FUZZ_ASSERT(fuzz_allocated() <= FUZZ_LINEAR_BOUND(size));
    fuzz_reset();
    return 0;
}
