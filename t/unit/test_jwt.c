/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_jwt: reading exp and nbf from a bearer JWT. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "h401_jwt.h"
#include "tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define TYPICAL_HEADER  "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
#define TYPICAL_PAYLOAD "{\"sub\":\"1\",\"exp\":1700000000}"

/* The encoder the tests build their tokens with (RFC 4648 section 5,
 * without padding). */
static char *b64url(apr_pool_t *p, const char *data, apr_size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const unsigned char *in = (const unsigned char *)data;
    char *out = apr_palloc(p, len / 3 * 4 + 4 + 1);
    char *o = out;
    apr_size_t i;

    for (i = 0; i + 2 < len; i += 3) {
        *o++ = alphabet[in[i] >> 2];
        *o++ = alphabet[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
        *o++ = alphabet[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
        *o++ = alphabet[in[i + 2] & 63];
    }
    if (len - i == 1) {
        *o++ = alphabet[in[i] >> 2];
        *o++ = alphabet[(in[i] & 3) << 4];
    }
    else if (len - i == 2) {
        *o++ = alphabet[in[i] >> 2];
        *o++ = alphabet[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
        *o++ = alphabet[(in[i + 1] & 15) << 2];
    }
    *o = '\0';
    return out;
}

static char *b64url_str(apr_pool_t *p, const char *text)
{
    return b64url(p, text, strlen(text));
}

/* header.payload.signature from JSON texts. */
static char *make_jwt(apr_pool_t *p, const char *header, const char *payload,
                      const char *signature)
{
    return apr_pstrcat(p, b64url_str(p, header), ".", b64url_str(p, payload),
                       ".", signature, NULL);
}

/* Calls h401_jwt_read on an exact-size heap copy without a NUL, so that
 * AddressSanitizer catches any read past len. */
static int read_exact(apr_pool_t *p, const char *token, apr_size_t len,
                      h401_token_times *out)
{
    char *copy = malloc(len ? len : 1);
    int rv;

    memcpy(copy, token, len);
    rv = h401_jwt_read(p, copy, len, out);
    free(copy);
    return rv;
}

static char *describe(apr_pool_t *p, int rv, const h401_token_times *c)
{
    return apr_psprintf(p, "rv=%d has_exp=%d exp=%" APR_INT64_T_FMT
                        " has_nbf=%d nbf=%" APR_INT64_T_FMT,
                        rv, c->has_exp, c->exp, c->has_nbf, c->nbf);
}

/* Reads token and checks everything h401_jwt_read reports at once. */
static void check_read(apr_pool_t *p, const char *token, apr_size_t len,
                       int want_rv, int has_exp, apr_int64_t exp,
                       int has_nbf, apr_int64_t nbf, const char *name)
{
    h401_token_times got, want;
    int rv;

    memset(&got, 0x5a, sizeof(got));   /* must be cleared, even on 0 */
    rv = read_exact(p, token, len, &got);
    want.has_exp = has_exp;
    want.exp = exp;
    want.has_nbf = has_nbf;
    want.nbf = nbf;
    is_str(describe(p, rv, &got), describe(p, want_rv, &want), "%s", name);
}

/* ------------------------------------------------------------------ */

typedef struct {
    const char *name;
    const char *payload;    /* JSON text; the header is TYPICAL_HEADER */
    int rv;
    int has_exp;
    apr_int64_t exp;
    int has_nbf;
    apr_int64_t nbf;
} payload_case;

#define REJECT 0, 0, 0, 0, 0

static const payload_case payload_cases[] = {
    /* what real tokens hold */
    { "typical: sub and exp", TYPICAL_PAYLOAD, 1, 1, 1700000000, 0, 0 },
    { "exp and nbf", "{\"nbf\":1699990000,\"exp\":1700000000}",
      1, 1, 1700000000, 1, 1699990000 },
    { "nbf only", "{\"sub\":\"1\",\"nbf\":1699990000}", 1, 0, 0, 1, 1699990000 },
    { "no exp", "{\"sub\":\"1\",\"iat\":1700000000}", 1, 0, 0, 0, 0 },
    { "empty object", "{}", 1, 0, 0, 0, 0 },
    { "white space everywhere",
      " \t\r\n{ \"exp\" \n: 1700000000 ,\r\n\"nbf\"\t:\t1 } \n", 1, 1, 1700000000, 1, 1 },

    /* not usable as a NumericDate: absent */
    { "exp as a string", "{\"exp\":\"1700000000\"}", 1, 0, 0, 0, 0 },
    { "exp true", "{\"exp\":true}", 1, 0, 0, 0, 0 },
    { "exp false", "{\"exp\":false}", 1, 0, 0, 0, 0 },
    { "exp null", "{\"exp\":null}", 1, 0, 0, 0, 0 },
    { "exp an object", "{\"exp\":{\"exp\":5}}", 1, 0, 0, 0, 0 },
    { "exp an array", "{\"exp\":[1700000000]}", 1, 0, 0, 0, 0 },
    { "exp 1e999 (infinite as a double)", "{\"exp\":1e999}", 1, 0, 0, 0, 0 },
    { "exp -5", "{\"exp\":-5}", 1, 0, 0, 0, 0 },
    { "exp -0.5 is negative", "{\"exp\":-0.5}", 1, 0, 0, 0, 0 },
    { "exp -1e-9 is negative", "{\"exp\":-1e-9}", 1, 0, 0, 0, 0 },
    { "exp 99999999999999999999 (20 digits)",
      "{\"exp\":99999999999999999999}", 1, 0, 0, 0, 0 },
    { "exp -99999999999999999999 (20 digits, negative)",
      "{\"exp\":-99999999999999999999}", 1, 0, 0, 0, 0 },
    { "exp 9223372036854775808 (INT64_MAX + 1)",
      "{\"exp\":9223372036854775808}", 1, 0, 0, 0, 0 },
    { "exp 253402300800 (year 10000)", "{\"exp\":253402300800}", 1, 0, 0, 0, 0 },
    { "exp 1000000000000 (13 digits)", "{\"exp\":1000000000000}", 1, 0, 0, 0, 0 },
    { "exp 1e12", "{\"exp\":1e12}", 1, 0, 0, 0, 0 },
    { "exp with a 30-digit exponent",
      "{\"exp\":1e999999999999999999999999999999}", 1, 0, 0, 0, 0 },
    { "nbf -1, exp fine", "{\"nbf\":-1,\"exp\":1700000000}", 1, 1, 1700000000, 0, 0 },

    /* numbers that are whole seconds once read */
    { "exp 0", "{\"exp\":0}", 1, 1, 0, 0, 0 },
    { "exp -0 is zero, not negative", "{\"exp\":-0}", 1, 1, 0, 0, 0 },
    { "exp -0.0e5 is zero", "{\"exp\":-0.0e5}", 1, 1, 0, 0, 0 },
    { "exp 1700000000.75 truncated", "{\"exp\":1700000000.75}", 1, 1, 1700000000, 0, 0 },
    { "exp 1700000000.5 truncated", "{\"exp\":1700000000.5}", 1, 1, 1700000000, 0, 0 },
    { "exp 0.999 truncated to 0", "{\"exp\":0.999}", 1, 1, 0, 0, 0 },
    { "exp 253402300799 (last second of 9999)", "{\"exp\":253402300799}",
      1, 1, APR_INT64_C(253402300799), 0, 0 },
    { "exp 253402300799.9 still in 9999", "{\"exp\":253402300799.9}",
      1, 1, APR_INT64_C(253402300799), 0, 0 },
    { "exp 1.5e3", "{\"exp\":1.5e3}", 1, 1, 1500, 0, 0 },
    { "exp 1.7E9", "{\"exp\":1.7E9}", 1, 1, 1700000000, 0, 0 },
    { "exp 1.7e+9", "{\"exp\":1.7e+9}", 1, 1, 1700000000, 0, 0 },
    { "exp 17e8", "{\"exp\":17e8}", 1, 1, 1700000000, 0, 0 },
    { "exp 1.70000000075e9 truncated", "{\"exp\":1.70000000075e9}",
      1, 1, 1700000000, 0, 0 },
    { "exp 170000000000e-2", "{\"exp\":170000000000e-2}", 1, 1, 1700000000, 0, 0 },
    { "exp 1e-5 truncated to 0", "{\"exp\":1e-5}", 1, 1, 0, 0, 0 },
    { "exp 1e11", "{\"exp\":1e11}", 1, 1, APR_INT64_C(100000000000), 0, 0 },
    { "exp 0.00000000000000000017e28 (leading zeros)",
      "{\"exp\":0.00000000000000000017e28}", 1, 1, 1700000000, 0, 0 },
    { "exp 1e-999999999999999999999 is 0",
      "{\"exp\":1e-999999999999999999999}", 1, 1, 0, 0, 0 },
    { "exp 0e999999999999999999999 is 0",
      "{\"exp\":0e999999999999999999999}", 1, 1, 0, 0, 0 },
    { "exp with 30 digits of fraction",
      "{\"exp\":1700000000.123456789012345678901234567890}", 1, 1, 1700000000, 0, 0 },

    /* only top-level members count */
    { "exp nested in an object", "{\"a\":{\"exp\":5}}", 1, 0, 0, 0, 0 },
    { "exp nested in an array", "{\"a\":[{\"exp\":5},\"exp\",5]}", 1, 0, 0, 0, 0 },
    { "nested exp, then the top-level one",
      "{\"a\":{\"exp\":5,\"b\":[{\"exp\":6}]},\"exp\":1700000000}",
      1, 1, 1700000000, 0, 0 },
    { "\"exp\" as a value is not a member", "{\"a\":\"exp\"}", 1, 0, 0, 0, 0 },
    { "member name is case-sensitive", "{\"EXP\":5,\"Nbf\":6}", 1, 0, 0, 0, 0 },
    { "\"exp \" is another name", "{\"exp \":5}", 1, 0, 0, 0, 0 },
    { "\"ex\" is another name", "{\"ex\":5}", 1, 0, 0, 0, 0 },
    { "escaped name \\u0065xp is exp", "{\"\\u0065xp\":5,\"n\\u0062\\u0066\":6}",
      1, 1, 5, 1, 6 },
    { "\\u0000 in a name", "{\"exp\\u0000\":5}", 1, 0, 0, 0, 0 },

    /* a repeated name: the last member counts */
    { "duplicate exp: last wins", "{\"exp\":1,\"exp\":2}", 1, 1, 2, 0, 0 },
    { "duplicate exp: an unusable last one wins",
      "{\"exp\":1700000000,\"exp\":\"soon\"}", 1, 0, 0, 0, 0 },
    { "duplicate exp: a usable last one wins",
      "{\"exp\":null,\"exp\":1700000000}", 1, 1, 1700000000, 0, 0 },

    /* strings: escapes and bytes */
    { "every escape before exp",
      "{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\uD83D\\uDE00 \\uABCD\","
      "\"exp\":5}", 1, 1, 5, 0, 0 },
    { "UTF-8 in strings", "{\"name\":\"J\xc3\xa9r\xc3\xb4me \xe2\x9c\x93\",\"exp\":5}",
      1, 1, 5, 0, 0 },
    { "invalid UTF-8 in strings taken as is",
      "{\"\xff\xfe\":\"\x80\xc3\",\"exp\":5}", 1, 1, 5, 0, 0 },
    { "DEL is not a control character", "{\"a\":\"\x7f\",\"exp\":5}", 1, 1, 5, 0, 0 },
    { "a lone surrogate escape is structure enough", "{\"a\":\"\\uD800\",\"exp\":5}",
      1, 1, 5, 0, 0 },
    { "every kind of value before exp",
      "{\"a\":[1,-2.5e-3,true,false,null,\"x\",{},[],{\"b\":[[]]}],"
      "\"c\":0,\"exp\":5}", 1, 1, 5, 0, 0 },

    /* not JSON: the token is unreadable */
    { "exp 01 (leading zero)", "{\"exp\":01}", REJECT },
    { "exp -01", "{\"exp\":-01}", REJECT },
    { "exp 1.", "{\"exp\":1.}", REJECT },
    { "exp .5", "{\"exp\":.5}", REJECT },
    { "exp +1", "{\"exp\":+1}", REJECT },
    { "exp -", "{\"exp\":-}", REJECT },
    { "exp 1e", "{\"exp\":1e}", REJECT },
    { "exp 1e+", "{\"exp\":1e+}", REJECT },
    { "exp 0x10", "{\"exp\":0x10}", REJECT },
    { "exp NaN", "{\"exp\":NaN}", REJECT },
    { "exp Infinity", "{\"exp\":Infinity}", REJECT },
    { "exp 1700000000.5x (junk after a number)", "{\"exp\":1700000000.5x}", REJECT },
    { "exp 1 2", "{\"exp\":1 2}", REJECT },
    { "exp tru", "{\"exp\":tru}", REJECT },
    { "exp True", "{\"exp\":True}", REJECT },
    { "exp nulll", "{\"exp\":nulll}", REJECT },
    { "garbage after the object", "{\"exp\":1700000000}x", REJECT },
    { "a second object after the first", "{\"exp\":1700000000}{}", REJECT },
    { "a comma after the object", "{\"exp\":1700000000},", REJECT },
    { "unterminated object", "{\"exp\":1700000000", REJECT },
    { "unterminated string", "{\"exp\":1700000000,\"a\":\"abc}", REJECT },
    { "unterminated name", "{\"exp", REJECT },
    { "raw newline in a string", "{\"a\":\"x\ny\",\"exp\":5}", REJECT },
    { "raw tab in a string", "{\"a\":\"x\ty\",\"exp\":5}", REJECT },
    { "raw 0x01 in a string", "{\"a\":\"x\x01y\",\"exp\":5}", REJECT },
    { "bad escape \\x", "{\"a\":\"\\x41\",\"exp\":5}", REJECT },
    { "bad escape \\'", "{\"a\":\"\\'\",\"exp\":5}", REJECT },
    { "short \\u escape", "{\"a\":\"\\u12\",\"exp\":5}", REJECT },
    { "non-hex \\u escape", "{\"a\":\"\\u12G4\",\"exp\":5}", REJECT },
    { "backslash at the very end", "{\"a\":\"\\", REJECT },
    { "trailing comma in the object", "{\"exp\":5,}", REJECT },
    { "trailing comma in an array", "{\"a\":[1,],\"exp\":5}", REJECT },
    { "leading comma", "{,\"exp\":5}", REJECT },
    { "missing colon", "{\"exp\" 5}", REJECT },
    { "missing value", "{\"exp\":}", REJECT },
    { "missing comma", "{\"a\":1 \"exp\":5}", REJECT },
    { "unquoted name", "{exp:5}", REJECT },
    { "single-quoted name", "{'exp':5}", REJECT },
    { "number as a name", "{1:5}", REJECT },
    { "array closed by }", "{\"a\":[1},\"exp\":5}", REJECT },
    { "object closed by ]", "{\"a\":{\"b\":1],\"exp\":5}", REJECT },
    { "nested member without a value", "{\"a\":{\"b\"},\"exp\":5}", REJECT },
    { "payload an array", "[{\"exp\":5}]", REJECT },
    { "payload a string", "\"exp\"", REJECT },
    { "payload a number", "1700000000", REJECT },
    { "payload null", "null", REJECT },
    { "payload empty", "", REJECT },
    { "payload only white space", " \n", REJECT },
    { "payload not JSON at all", "hello, world", REJECT },
    { "payload with a byte order mark", "\xef\xbb\xbf{\"exp\":5}", REJECT },
    { "payload with a comment", "{\"exp\":5 /* later */}", REJECT },
    { "form feed is not JSON white space", "{\"exp\":5}\f", REJECT },
};

static void test_payloads(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < COUNT(payload_cases); i++) {
        const payload_case *c = &payload_cases[i];
        const char *token = make_jwt(p, TYPICAL_HEADER, c->payload, "c2ln");

        check_read(p, token, strlen(token), c->rv, c->has_exp, c->exp,
                   c->has_nbf, c->nbf, c->name);
    }
}

/* ------------------------------------------------------------------ */

typedef struct {
    const char *name;
    const char *header;     /* JSON text; the payload is TYPICAL_PAYLOAD */
    int rv;
} header_case;

static const header_case header_cases[] = {
    { "typical header", TYPICAL_HEADER, 1 },
    { "alg alone", "{\"alg\":\"RS256\"}", 1 },
    { "alg none", "{\"alg\":\"none\"}", 1 },
    { "alg empty string", "{\"alg\":\"\"}", 1 },
    { "alg after other members",
      "{\"typ\":\"JWT\",\"kid\":\"k1\",\"alg\":\"ES256\"}", 1 },
    { "escaped name \\u0061lg", "{\"\\u0061lg\":\"HS256\"}", 1 },
    { "duplicate alg, last a string", "{\"alg\":5,\"alg\":\"HS256\"}", 1 },
    { "duplicate alg, last not a string", "{\"alg\":\"HS256\",\"alg\":5}", 0 },
    { "alg missing", "{\"typ\":\"JWT\"}", 0 },
    { "empty header", "{}", 0 },
    { "alg a number", "{\"alg\":256}", 0 },
    { "alg null", "{\"alg\":null}", 0 },
    { "alg an array", "{\"alg\":[\"HS256\"]}", 0 },
    { "alg only nested", "{\"x\":{\"alg\":\"HS256\"}}", 0 },
    { "ALG is another name", "{\"ALG\":\"HS256\"}", 0 },
    { "header an array", "[\"alg\",\"HS256\"]", 0 },
    { "header not JSON", "HS256", 0 },
    { "header unterminated", "{\"alg\":\"HS256\"", 0 },
    { "garbage after the header", "{\"alg\":\"HS256\"}x", 0 },
    { "raw control character in the header", "{\"alg\":\"HS\x02" "256\"}", 0 },
};

static void test_headers(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < COUNT(header_cases); i++) {
        const header_case *c = &header_cases[i];
        const char *token = make_jwt(p, c->header, TYPICAL_PAYLOAD, "");

        check_read(p, token, strlen(token), c->rv, c->rv, c->rv ? 1700000000 : 0,
                   0, 0, c->name);
    }
}

/* ------------------------------------------------------------------ */

typedef struct {
    const char *name;
    const char *shape;      /* {H} and {P}: the typical header and payload */
    int rv;
} token_case;

static const token_case token_cases[] = {
    { "three parts, signature empty (alg none)", "{H}.{P}.", 1 },
    { "three parts with a signature", "{H}.{P}.c2lnbmF0dXJl", 1 },
    { "signature with '-' and '_'", "{H}.{P}.ab-_cd", 1 },
    { "signature with 2 leftover characters", "{H}.{P}.c2lnbg", 1 },
    { "opaque token", "abc123", 0 },
    { "empty token", "", 0 },
    { "one dot", ".", 0 },
    { "two dots only", "..", 0 },
    { "three dots only", "...", 0 },
    { "two parts (one dot)", "{H}.{P}", 0 },
    { "four parts (three dots)", "{H}.{P}.c2ln.c2ln", 0 },
    { "five parts (four dots, JWE-like)", "{H}.{P}.c2ln.c2ln.c2ln", 0 },
    { "a trailing dot makes four parts", "{H}.{P}.c2ln.", 0 },
    { "empty header part", ".{P}.c2ln", 0 },
    { "empty payload part", "{H}..c2ln", 0 },
    { "header and payload swapped", "{P}.{H}.", 0 },
    { "'+' in the payload (base64, not base64url)", "{H}.+{P}.", 0 },
    { "'/' in the signature", "{H}.{P}.c2ln/bmF0", 0 },
    { "'+' in the signature", "{H}.{P}.c2ln+bmF0", 0 },
    { "'=' padding on the signature", "{H}.{P}.c2lnbg==", 0 },
    { "'=' padding on the payload", "{H}.e30=.", 0 },
    { "'=' in the middle of the payload", "{H}.e3=0.", 0 },
    { "signature of impossible length (4n+1)", "{H}.{P}.c2lnb", 0 },
    { "payload of impossible length (4n+1)", "{H}.e30Ab.", 0 },
    { "space inside the token", "{H}.{P}.c2ln bmF0", 0 },
    { "leading space", " {H}.{P}.", 0 },
    { "trailing newline", "{H}.{P}.\n", 0 },
    { "with the Bearer prefix", "Bearer {H}.{P}.", 0 },
    { "quoted token", "\"{H}.{P}.\"", 0 },
};

static const char *expand_shape(apr_pool_t *p, const char *shape)
{
    const char *h = b64url_str(p, TYPICAL_HEADER);
    const char *pl = b64url_str(p, TYPICAL_PAYLOAD);
    const char *out = "";
    const char *s = shape;

    while (*s) {
        if (strncmp(s, "{H}", 3) == 0) {
            out = apr_pstrcat(p, out, h, NULL);
            s += 3;
        }
        else if (strncmp(s, "{P}", 3) == 0) {
            out = apr_pstrcat(p, out, pl, NULL);
            s += 3;
        }
        else {
            out = apr_pstrcat(p, out, apr_pstrndup(p, s, 1), NULL);
            s++;
        }
    }
    return out;
}

static void test_token_shapes(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < COUNT(token_cases); i++) {
        const token_case *c = &token_cases[i];
        const char *token = expand_shape(p, c->shape);

        check_read(p, token, strlen(token), c->rv, c->rv, c->rv ? 1700000000 : 0,
                   0, 0, c->name);
    }
}

/* Tokens with NUL bytes, and len cutting a buffer short. */
static void test_lengths_and_nuls(apr_pool_t *p)
{
    static const char nul_at_end[] = "{\"exp\":5}\0";
    static const char nul_in_string[] = "{\"a\":\"x\0y\",\"exp\":5}";
    static const char nul_in_header[] = "{\"alg\":\"HS256\"}\0";
    const char *h = b64url_str(p, TYPICAL_HEADER);
    const char *token = make_jwt(p, TYPICAL_HEADER, TYPICAL_PAYLOAD, "c2ln");
    apr_size_t len = strlen(token);
    h401_token_times c;
    char *t, *buf;

    t = apr_pstrcat(p, h, ".", b64url(p, nul_at_end, sizeof(nul_at_end) - 1), ".", NULL);
    check_read(p, t, strlen(t), 0, 0, 0, 0, 0, "NUL byte after the payload object");
    t = apr_pstrcat(p, h, ".", b64url(p, nul_in_string, sizeof(nul_in_string) - 1),
                    ".", NULL);
    check_read(p, t, strlen(t), 0, 0, 0, 0, 0, "NUL byte inside a payload string");
    t = apr_pstrcat(p, b64url(p, nul_in_header, sizeof(nul_in_header) - 1), ".",
                    b64url_str(p, TYPICAL_PAYLOAD), ".", NULL);
    check_read(p, t, strlen(t), 0, 0, 0, 0, 0, "NUL byte after the header object");

    buf = apr_pstrdup(p, token);
    buf[len - 2] = '\0';
    check_read(p, buf, len, 0, 0, 0, 0, 0, "NUL byte in the signature, len past it");
    buf = apr_pstrdup(p, token);
    buf[strlen(h) + 3] = '\0';
    check_read(p, buf, len, 0, 0, 0, 0, 0, "NUL byte in the payload part, len past it");

    buf = apr_pstrcat(p, token, " trailing junk.with.dots", NULL);
    check_read(p, buf, len, 1, 1, 1700000000, 0, 0,
               "token inside a longer buffer: only len bytes read");
    check_read(p, token, len - 4, 1, 1, 1700000000, 0, 0,
               "len stops before the signature: empty signature");
    check_read(p, token, len - 5, 0, 0, 0, 0, 0, "len stops at the last dot: two parts");
    check_read(p, token, len - 10, 0, 0, 0, 0, 0, "len cuts the payload short");
    check_read(p, token, 0, 0, 0, 0, 0, 0, "len 0");

    memset(&c, 0x5a, sizeof(c));
    is_int(h401_jwt_read(p, NULL, 0, &c), 0, "NULL token: 0");
    ok(!c.has_exp && !c.has_nbf, "NULL token: claims cleared");
}

/* ------------------------------------------------------------------ */

/* A fixed pseudo-random sequence, so that a failure can be replayed. */
static apr_uint32_t lcg_next(apr_uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 16;
}

static void random_b64url(char *buf, apr_size_t len, apr_uint32_t seed)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    apr_size_t i;

    for (i = 0; i < len; i++) {
        buf[i] = alphabet[lcg_next(&seed) % 64];
    }
}

static void test_hostile_sizes(apr_pool_t *p)
{
    const apr_size_t big = 64 * 1024;
    char *buf = apr_palloc(p, big + 1);
    char *json;
    const char *t;
    apr_size_t i;
    apr_uint32_t seed = 42;

    random_b64url(buf, big, 1);
    check_read(p, buf, big, 0, 0, 0, 0, 0, "64 KB of random base64url, no dots");

    random_b64url(buf, big, 2);
    buf[21844] = '.';      /* parts of 21844, 21843 and 21847 characters: */
    buf[43688] = '.';      /* lengths that decode, into random bytes */
    check_read(p, buf, big, 0, 0, 0, 0, 0, "64 KB of random base64url in three parts");

    random_b64url(buf, big, 3);
    buf[100] = '.';
    buf[201] = '.';
    check_read(p, buf, big, 0, 0, 0, 0, 0,
               "random header, random payload, 64 KB random signature");

    memset(buf, '.', big);
    check_read(p, buf, big, 0, 0, 0, 0, 0, "64 KB of dots");

    memset(buf, 'A', big);
    buf[100] = '.';
    buf[201] = '.';
    check_read(p, buf, big, 0, 0, 0, 0, 0,
               "64 KB of 'A' in three parts (NUL bytes once decoded)");

    /* random bytes, validly encoded, as the payload */
    for (i = 0; i < 48 * 1024; i++) {
        buf[i] = (char)lcg_next(&seed);
    }
    t = apr_pstrcat(p, b64url_str(p, TYPICAL_HEADER), ".", b64url(p, buf, 48 * 1024),
                    ".", NULL);
    check_read(p, t, strlen(t), 0, 0, 0, 0, 0,
               "48 KB of random bytes as the payload (valid base64url, not JSON)");

    /* a 64 KB token that is fine: a long string, then exp */
    json = apr_palloc(p, 48 * 1024 + 64);
    i = (apr_size_t)apr_snprintf(json, 64, "{\"blob\":\"");
    memset(json + i, 'x', 48 * 1024);
    i += 48 * 1024;
    apr_cpystrn(json + i, "\",\"exp\":1700000000}", 64);
    t = make_jwt(p, TYPICAL_HEADER, json, "c2ln");
    ok(strlen(t) > 64 * 1000, "the long valid token is about 64 KB (%lu bytes)",
       (unsigned long)strlen(t));
    check_read(p, t, strlen(t), 1, 1, 1700000000, 0, 0,
               "64 KB valid token with a 48 KB string member");
}

/* "[[[...]]]" or "{"a":{"a":...}}" or a mix, depth levels deep, as the
 * value of member "deep", then tail (e.g. ",\"exp\":5}"). */
static char *nested(apr_pool_t *p, int depth, const char *open_kind,
                    const char *bottom, const char *tail, int break_at)
{
    apr_size_t cap = (apr_size_t)depth * 12 + strlen(bottom) + strlen(tail) + 32;
    char *out = apr_palloc(p, cap);
    char *o = out;
    int i;

    o += apr_snprintf(o, cap, "{\"deep\":");
    for (i = 0; i < depth; i++) {
        char kind = open_kind[i % strlen(open_kind)];
        if (kind == '{') {
            memcpy(o, "{\"a\":", 5);
            o += 5;
        }
        else {
            *o++ = '[';
        }
    }
    memcpy(o, bottom, strlen(bottom));
    o += strlen(bottom);
    for (i = depth - 1; i >= 0; i--) {
        char kind = open_kind[i % strlen(open_kind)];
        char close = kind == '{' ? '}' : ']';

        if (i == break_at) {
            close = kind == '{' ? ']' : '}';   /* the wrong bracket */
        }
        *o++ = close;
    }
    memcpy(o, tail, strlen(tail) + 1);
    return out;
}

static void check_deep(apr_pool_t *p, const char *payload, int rv, int has_exp,
                       apr_int64_t exp, const char *name)
{
    const char *t = make_jwt(p, TYPICAL_HEADER, payload, "");

    check_read(p, t, strlen(t), rv, has_exp, exp, 0, 0, name);
}

static void test_deep_nesting(apr_pool_t *p)
{
    check_deep(p, nested(p, 5000, "[", "1", ",\"exp\":1700000000}", -1),
               1, 1, 1700000000, "exp after arrays 5000 deep");
    check_deep(p, nested(p, 5000, "{", "1", ",\"exp\":1700000000}", -1),
               1, 1, 1700000000, "exp after objects 5000 deep");
    check_deep(p, nested(p, 10000, "[{[[{", "{\"exp\":5}", ",\"exp\":1700000000}", -1),
               1, 1, 1700000000, "exp after arrays and objects mixed 10000 deep");
    check_deep(p, nested(p, 10000, "[", "[]", ",\"exp\":1700000000}", -1),
               1, 1, 1700000000, "exp after arrays 10000 deep, empty at the bottom");
    check_deep(p, nested(p, 100000, "{[", "{}", ",\"exp\":1700000000}", -1),
               1, 1, 1700000000, "exp after 100000 levels");
    check_deep(p, nested(p, 10000, "{", "{\"exp\":5}", "}", -1),
               1, 0, 0, "exp only at the bottom of 10000 levels: absent");
    check_deep(p, nested(p, 10000, "[{", "1", ",\"exp\":1700000000}", 9999),
               0, 0, 0, "10000 levels, the deepest closed by the wrong bracket");
    check_deep(p, nested(p, 10000, "[{", "1", ",\"exp\":1700000000}", 0),
               0, 0, 0, "10000 levels, the outermost closed by the wrong bracket");
    check_deep(p, nested(p, 10000, "[", "1", "]]],\"exp\":1700000000}", -1),
               0, 0, 0, "10000 levels, closed three times too many");
    {
        apr_size_t n = 10000;
        char *s = apr_palloc(p, n + 16);

        memcpy(s, "{\"deep\":", 8);
        memset(s + 8, '[', n);
        s[8 + n] = '\0';
        check_deep(p, s, 0, 0, 0, "10000 unclosed arrays");
        memset(s + 8, '{', n);
        check_deep(p, s, 0, 0, 0, "10000 unclosed '{' (no member names)");
    }
}

/* ------------------------------------------------------------------ */

typedef struct {
    const char *name;
    const char *in;
    const char *want;       /* NULL: must be refused */
    apr_size_t want_len;
} decode_case;

static const decode_case decode_cases[] = {
    /* RFC 4648 section 10, without padding */
    { "RFC 4648: empty", "", "", 0 },
    { "RFC 4648: Zg", "Zg", "f", 1 },
    { "RFC 4648: Zm8", "Zm8", "fo", 2 },
    { "RFC 4648: Zm9v", "Zm9v", "foo", 3 },
    { "RFC 4648: Zm9vYg", "Zm9vYg", "foob", 4 },
    { "RFC 4648: Zm9vYmE", "Zm9vYmE", "fooba", 5 },
    { "RFC 4648: Zm9vYmFy", "Zm9vYmFy", "foobar", 6 },
    /* and with their padding */
    { "RFC 4648 padded: Zg==", "Zg==", "f", 1 },
    { "RFC 4648 padded: Zm8=", "Zm8=", "fo", 2 },
    { "RFC 4648 padded: Zm9vYg==", "Zm9vYg==", "foob", 4 },
    { "RFC 4648 padded: Zm9vYmE=", "Zm9vYmE=", "fooba", 5 },
    /* the two characters base64url changes */
    { "'-' is 62 and '_' is 63", "-_-_", "\xfb\xff\xbf", 3 },
    { "'_' in the last quantum", "__8", "\xff\xff", 2 },
    { "all zero bits", "AAAA", "\0\0\0", 3 },
    { "unused low bits are ignored", "Zh", "f", 1 },
    { "high bytes", "_-A", "\xff\xe0", 2 },
    /* refused */
    { "length 4n+1 (1)", "Z", NULL, 0 },
    { "length 4n+1 (5)", "Zm9vY", NULL, 0 },
    { "'+' is base64, not base64url", "Zm+v", NULL, 0 },
    { "'/' is base64, not base64url", "Zm/v", NULL, 0 },
    { "'=' in the middle", "Zg==Zg==", NULL, 0 },
    { "'=' alone", "=", NULL, 0 },
    { "'==' alone", "==", NULL, 0 },
    { "'====' alone", "====", NULL, 0 },
    { "three '='", "Zg===", NULL, 0 },
    { "incomplete padding Zg=", "Zg=", NULL, 0 },
    { "padding on a full quantum", "Zm9v=", NULL, 0 },
    { "padding on a full quantum, two", "Zm9v==", NULL, 0 },
    { "too much padding Zm8==", "Zm8==", NULL, 0 },
    { "padding making 4n+1", "Z===", NULL, 0 },
    { "space", "Zm9 v", NULL, 0 },
    { "newline at the end", "Zm9v\n", NULL, 0 },
    { "dot", "Zm.v", NULL, 0 },
    { "byte 0x80", "Zm9\x80", NULL, 0 },
};

static void test_decode(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < COUNT(decode_cases); i++) {
        const decode_case *c = &decode_cases[i];
        apr_size_t in_len = strlen(c->in);
        char *copy = malloc(in_len ? in_len : 1);
        apr_size_t got_len = 12345;
        char *got;

        memcpy(copy, c->in, in_len);   /* exact size: no NUL to lean on */
        got = h401_base64url_decode(p, copy, in_len, &got_len);
        free(copy);
        if (!c->want) {
            ok(got == NULL, "decode refuses: %s", c->name);
            continue;
        }
        ok(got && got_len == c->want_len && memcmp(got, c->want, got_len) == 0
           && got[got_len] == '\0',
           "decode: %s", c->name);
        if (!got || got_len != c->want_len) {
            diag("got %s, %lu bytes; want %lu bytes", got ? "a result" : "NULL",
                 (unsigned long)got_len, (unsigned long)c->want_len);
        }
    }
    is_str(h401_base64url_decode(p, "Zm9vYmFy", 4, NULL), "foo",
           "decode: only len bytes are read, out_len may be NULL");
    is_str(h401_base64url_decode(p, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", 36, NULL),
           TYPICAL_HEADER, "decode: the typical JWT header");
    {
        /* every byte value round-trips through the test's encoder */
        char all[256];
        apr_size_t n, len = 0;
        char *enc, *dec;

        for (n = 0; n < 256; n++) {
            all[n] = (char)n;
        }
        enc = b64url(p, all, 256);
        dec = h401_base64url_decode(p, enc, strlen(enc), &len);
        ok(dec && len == 256 && memcmp(dec, all, 256) == 0,
           "decode: all 256 byte values round-trip");
        for (n = 0; n < 3; n++) {
            enc = b64url(p, all + 4, 250 + n);
            dec = h401_base64url_decode(p, enc, strlen(enc), &len);
            ok(dec && len == 250 + n && memcmp(dec, all + 4, len) == 0,
               "decode: %lu bytes round-trip (length %% 3 == %lu)",
               (unsigned long)(250 + n), (unsigned long)((250 + n) % 3));
        }
    }
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_payloads(pool);
    test_headers(pool);
    test_token_shapes(pool);
    test_lengths_and_nuls(pool);
    test_hostile_sizes(pool);
    test_deep_nesting(pool);
    test_decode(pool);

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
