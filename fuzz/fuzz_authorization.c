/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Fuzzes h401_parse_authorization: one input is one Authorization value. */
#include <string.h>
#include "fuzz.h"
#include "h401_auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    h401_credentials c;
    char *value = fuzz_cstr(data, size);

    h401_parse_authorization(fuzz_pool, value, &c);
    /* a header that is there always has a scheme ("" for junk) */
    FUZZ_ASSERT(c.scheme != NULL);
    FUZZ_ASSERT(c.malformed == 0 || c.malformed == 1);
    fuzz_touch(c.scheme);
    fuzz_touch(c.user);
    fuzz_touch(c.realm);
    if (c.user && h401_scheme_is(c.scheme, "Basic")) {
        /* the name is what comes before the first ':' */
        FUZZ_ASSERT(strchr(c.user, ':') == NULL);
    }
    if (!*c.scheme) {
        FUZZ_ASSERT(c.malformed);
    }
    /* an NTLM message is only seen in a readable Negotiate token */
    FUZZ_ASSERT(c.ntlm >= 0 && c.ntlm <= 3);
    if (c.ntlm) {
        FUZZ_ASSERT(h401_scheme_is(c.scheme, "Negotiate") && !c.malformed);
    }
    FUZZ_ASSERT(fuzz_allocated() <= FUZZ_LINEAR_BOUND(size));
    fuzz_reset();
    return 0;
}
