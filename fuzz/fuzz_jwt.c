/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Fuzzes h401_jwt_read and h401_base64url_decode. Each input is used three
 * ways: as a compact token as it is (no NUL after it: the API takes a
 * length), and as the JSON of a token's payload, then of its header, put
 * into a token here so that the JSON reader sees the bytes directly. */
#include <string.h>
#include "fuzz.h"
#include "h401_jwt.h"

#define MAX_TIME APR_INT64_C(253402300799)

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* base64url without padding, into pool memory; *out_len its length */
static char *encode(const uint8_t *in, size_t len, size_t *out_len)
{
    char *out = apr_palloc(fuzz_pool, len / 3 * 4 + 5);
    size_t i, o = 0;

    for (i = 0; i + 2 < len; i += 3) {
        apr_uint32_t v = (apr_uint32_t)in[i] << 16 | (apr_uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = b64url[v >> 18];
        out[o++] = b64url[(v >> 12) & 63];
        out[o++] = b64url[(v >> 6) & 63];
        out[o++] = b64url[v & 63];
    }
    if (len - i == 1) {
        out[o++] = b64url[in[i] >> 2];
        out[o++] = b64url[(in[i] & 3) << 4];
    }
    else if (len - i == 2) {
        apr_uint32_t v = (apr_uint32_t)in[i] << 8 | in[i + 1];
        out[o++] = b64url[v >> 10];
        out[o++] = b64url[(v >> 4) & 63];
        out[o++] = b64url[(v << 2) & 63];
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

static void check_claims(int ok, const h401_token_times *c)
{
    FUZZ_ASSERT(ok == 0 || ok == 1);
    if (!ok) {
        FUZZ_ASSERT(!c->has_exp && !c->has_nbf);
    }
    if (c->has_exp) {
        FUZZ_ASSERT(c->exp >= 0 && c->exp <= MAX_TIME);
    }
    if (c->has_nbf) {
        FUZZ_ASSERT(c->nbf >= 0 && c->nbf <= MAX_TIME);
    }
}

/* "<header>.<payload>.<sig>" from raw JSON texts, then read */
static void read_built(const uint8_t *header, size_t hlen,
                       const uint8_t *payload, size_t plen)
{
    size_t a, b, n;
    const char *eh = encode(header, hlen, &a);
    const char *ep = encode(payload, plen, &b);
    char *token = apr_palloc(fuzz_pool, a + b + 6);
    h401_token_times c;

    memcpy(token, eh, a);
    token[a] = '.';
    memcpy(token + a + 1, ep, b);
    memcpy(token + a + 1 + b, ".sig", 4);
    n = a + b + 5;
    check_claims(h401_jwt_read(fuzz_pool, token, n, &c), &c);
}

static void check_decode(const uint8_t *data, size_t size)
{
    apr_size_t out_len = (apr_size_t)-1, n = size, enc_len, i;
    const char *out = h401_base64url_decode(fuzz_pool, (const char *)data, size, &out_len);
    const char *again;

    if (!out) {
        return;
    }
    while (n > 0 && data[n - 1] == '=') {
        n--;
    }
    /* the length a decoder must give, and the NUL after it */
    FUZZ_ASSERT(n % 4 != 1);
    FUZZ_ASSERT(out_len == n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0));
    FUZZ_ASSERT(out[out_len] == '\0');
    for (i = 0; i < n; i++) {
        FUZZ_ASSERT(strchr(b64url, data[i]) != NULL && data[i] != '\0');
    }
    /* encoding it again gives the input back, but for the unused low bits
     * of a last partial character */
    again = encode((const uint8_t *)out, out_len, &enc_len);
    FUZZ_ASSERT(enc_len == n);
    if (n % 4 == 0) {
        FUZZ_ASSERT(memcmp(again, data, n) == 0);
    }
    else {
        FUZZ_ASSERT(memcmp(again, data, n - 1) == 0);
    }
    /* out_len may be NULL */
    FUZZ_ASSERT(h401_base64url_decode(fuzz_pool, (const char *)data, size, NULL) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char good_header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    static const char some_claims[] = "{\"exp\":1700000000}";
    h401_token_times c;

    check_claims(h401_jwt_read(fuzz_pool, (const char *)data, size, &c), &c);
    check_decode(data, size);
    read_built((const uint8_t *)good_header, sizeof(good_header) - 1, data, size);
    read_built(data, size, (const uint8_t *)some_claims, sizeof(some_claims) - 1);
    FUZZ_ASSERT(fuzz_allocated() <= 4 * FUZZ_LINEAR_BOUND(size));
    fuzz_reset();
    return 0;
}
