/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Fuzzes h401_htpasswd_find and h401_hash_check: one input is a user name
 * (its first line, at most 64 bytes of it) and an AuthUserFile (the rest,
 * passed as it is, with a length); then the whole input as one stored
 * value. */
#include <string.h>
#include "fuzz.h"
#include "h401_htpasswd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t user_len = nl ? (size_t)(nl - data) : size;
    size_t rest = nl ? size - user_len - 1 : 0;
    const char *text = (const char *)(nl ? nl + 1 : data + size);
    char *user = fuzz_cstr(data, user_len > 64 ? 64 : user_len);
    h401_htpasswd_record rec;
    const char *scheme;
    size_t lines = 1, i;
    int found;

    for (i = 0; i < rest; i++) {
        lines += text[i] == '\n';
    }
    found = h401_htpasswd_find(fuzz_pool, text, rest, user, &rec);
    FUZZ_ASSERT(found == 0 || found == 1);
    if (found) {
        FUZZ_ASSERT(rec.line >= 1 && (size_t)rec.line <= lines);
        FUZZ_ASSERT(rec.hash != NULL && strchr(rec.hash, ':') == NULL);
        FUZZ_ASSERT(h401_hash_check(fuzz_pool, rec.hash, NULL) == rec.problem);
        FUZZ_ASSERT((rec.scheme != NULL) == (rec.problem == H401_HASH_LDAP_SCHEME
                                             || rec.problem == H401_HASH_UNKNOWN_CRYPT));
        fuzz_touch(h401_hash_problem_why(fuzz_pool, &rec));
    }
    else {
        FUZZ_ASSERT(rec.line == 0 && rec.hash == NULL);
    }
    /* the whole input as a stored value */
    rec.problem = h401_hash_check(fuzz_pool, fuzz_cstr(data, size), &scheme);
    rec.scheme = scheme;
    FUZZ_ASSERT(strcmp(h401_hash_problem_name(rec.problem), "") != 0);
    if (scheme) {
        FUZZ_ASSERT(scheme[0] == '{' || scheme[0] == '$');
    }
    fuzz_touch(h401_hash_problem_why(fuzz_pool, &rec));
    FUZZ_ASSERT(fuzz_allocated() <= FUZZ_LINEAR_BOUND(size));
    fuzz_reset();
    return 0;
}
