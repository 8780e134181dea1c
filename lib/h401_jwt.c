/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "h401_jwt.h"

/* 9999-12-31T23:59:59Z, the last second a four-digit year can show; it
 * has 12 digits, so a value with more integer digits is past it. */
#define H401_JWT_MAX_TIME    APR_INT64_C(253402300799)
#define H401_JWT_MAX_DIGITS  12

/* An exponent stops growing here: the digits it moves the point over are
 * bounded by the input's length, which is far smaller, so the result is
 * the same and the arithmetic cannot overflow. */
#define H401_JWT_EXP_CAP     APR_INT64_C(1000000000000000)

/* ------------------------------------------------------------------ */
/* base64url (RFC 4648 section 5)                                      */

/* Each byte's 6-bit value in the base64url alphabet plus one; 0 for a
 * byte outside it. A table: every byte of a token goes through it. */
static const unsigned char b64url_plus1[256] = {
    ['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6,
    ['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12,
    ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18,
    ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
    ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30,
    ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
    ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
    ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
    ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54,
    ['2'] = 55, ['3'] = 56, ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60,
    ['8'] = 61, ['9'] = 62, ['-'] = 63, ['_'] = 64
};

static int b64url_value(unsigned char c)
{
    return (int)b64url_plus1[c] - 1;
}

/* Whether decoding would succeed (the signature is checked, not used). */
static int base64url_valid(const char *in, apr_size_t len)
{
    apr_size_t i;

    for (i = 0; i < len; i++) {
        if (!b64url_plus1[(unsigned char)in[i]]) {
            return 0;
        }
    }
    return len % 4 != 1;
}

char *h401_base64url_decode(apr_pool_t *p, const char *in, apr_size_t len,
                            apr_size_t *out_len)
{
    apr_size_t n = len, i, o = 0;
    unsigned char *out;
    apr_uint32_t acc = 0;

    /* padding, if any, must complete the last quantum: "Zg==", not "Zg=" */
    while (n > 0 && len - n < 2 && in[n - 1] == '=') {
        n--;
    }
    if (n < len && len % 4 != 0) {
        return NULL;
    }
    /* one leftover character carries only 6 bits: not even a byte */
    if (n % 4 == 1) {
        return NULL;
    }
    out = apr_palloc(p, n / 4 * 3 + (n % 4) + 1);
    /* whole quanta first, four characters at a time */
    for (i = 0; i + 4 <= n; i += 4) {
        unsigned a = b64url_plus1[(unsigned char)in[i]];
        unsigned b = b64url_plus1[(unsigned char)in[i + 1]];
        unsigned c = b64url_plus1[(unsigned char)in[i + 2]];
        unsigned d = b64url_plus1[(unsigned char)in[i + 3]];

        if (!a || !b || !c || !d) {
            return NULL;
        }
        acc = ((apr_uint32_t)(a - 1) << 18) | ((apr_uint32_t)(b - 1) << 12)
              | ((apr_uint32_t)(c - 1) << 6) | (apr_uint32_t)(d - 1);
        out[o++] = (unsigned char)(acc >> 16);
        out[o++] = (unsigned char)(acc >> 8);
        out[o++] = (unsigned char)acc;
    }
    acc = 0;
    for (; i < n; i++) {   /* the last two or three characters */
        int v = b64url_value((unsigned char)in[i]);

        if (v < 0) {
            return NULL;
        }
        acc = (acc << 6) | (apr_uint32_t)v;
    }
    if (n % 4 == 2) {
        out[o++] = (unsigned char)(acc >> 4);
    }
    else if (n % 4 == 3) {
        out[o++] = (unsigned char)(acc >> 10);
        out[o++] = (unsigned char)(acc >> 2);
    }
    out[o] = '\0';
    if (out_len) {
        *out_len = o;
    }
    return (char *)out;
}

/* ------------------------------------------------------------------ */
/* A strict JSON (RFC 8259) scanner: it validates and skips values, and */
/* reports where the top-level members of one object are.              */

typedef enum {
    JSON_BAD = -1,   /* not JSON */
    JSON_NONE,       /* no such member */
    JSON_OBJECT,
    JSON_ARRAY,
    JSON_STRING,
    JSON_NUMBER,
    JSON_LITERAL     /* true, false or null */
} json_type;

typedef struct {
    const char *s;      /* next byte to read */
    const char *end;
} json_in;

/* A top-level member the caller asks for, and what the last one so named
 * held. */
typedef struct {
    const char *name;
    json_type type;
    const char *value;
    const char *value_end;
} json_member;

/* JSON's white space, and the bytes a string holds as they are (not the
 * quote, the backslash or a control character): one lookup a byte. */
enum { J_WS = 1, J_PLAIN = 2 };
#define P_ J_PLAIN
#define P16 P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_
static const unsigned char json_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, J_WS, J_WS, 0, 0, J_WS, 0, 0,     /* \t \n \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    J_WS | P_, P_, 0, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, /* ' ', '"' */
    P16, P16,
    P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, 0, P_, P_, P_,   /* '\\' */
    P16, P16,
    P16, P16, P16, P16, P16, P16, P16, P16
};
#undef P_
#undef P16

static void skip_ws(json_in *in)
{
    while (in->s < in->end && (json_byte[(unsigned char)*in->s] & J_WS)) {
        in->s++;
    }
}

static int at(const json_in *in, char c)
{
    return in->s < in->end && *in->s == c;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Skips a string at in->s (its opening quote). Bytes >= 0x80 pass as they
 * are: only the structure matters here, not whether it is UTF-8. */
static int scan_string(json_in *in)
{
    const char *s = in->s + 1;

    while (s < in->end) {
        unsigned char c;

        while (s < in->end && (json_byte[(unsigned char)*s] & J_PLAIN)) {
            s++;
        }
        if (s == in->end) {
            return 0;
        }
        c = (unsigned char)*s;
        if (c == '"') {
            in->s = s + 1;
            return 1;
        }
        if (c < 0x20) {
            return 0;   /* control characters must be escaped */
        }
        if (in->end - s < 2) {
            return 0;
        }
        c = (unsigned char)s[1];
        if (c == 'u') {
            int i;

            if (in->end - s < 6) {
                return 0;
            }
            for (i = 2; i < 6; i++) {
                if (hex_value((unsigned char)s[i]) < 0) {
                    return 0;
                }
            }
            s += 6;
        }
        else if (c && strchr("\"\\/bfnrt", c)) {
            s += 2;
        }
        else {
            return 0;
        }
    }
    return 0;
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int scan_number(json_in *in)
{
    const char *s = in->s, *e = in->end, *digits;

    if (s < e && *s == '-') {
        s++;
    }
    if (s < e && *s == '0') {
        s++;   /* "01" stops here, and the caller trips over the 1 */
    }
    else if (s < e && *s >= '1' && *s <= '9') {
        while (s < e && apr_isdigit(*s)) {
            s++;
        }
    }
    else {
        return 0;
    }
    if (s < e && *s == '.') {
        digits = ++s;
        while (s < e && apr_isdigit(*s)) {
            s++;
        }
        if (s == digits) {
            return 0;
        }
    }
    if (s < e && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < e && (*s == '+' || *s == '-')) {
            s++;
        }
        digits = s;
        while (s < e && apr_isdigit(*s)) {
            s++;
        }
        if (s == digits) {
            return 0;
        }
    }
    in->s = s;
    return 1;
}

static int scan_word(json_in *in, const char *word)
{
    apr_size_t n = strlen(word);

    if ((apr_size_t)(in->end - in->s) < n || memcmp(in->s, word, n) != 0) {
        return 0;
    }
    in->s += n;
    return 1;
}

/* Any value but an object or an array. */
static json_type scan_scalar(json_in *in)
{
    if (in->s >= in->end) {
        return JSON_BAD;
    }
    switch (*in->s) {
    case '"':
        return scan_string(in) ? JSON_STRING : JSON_BAD;
    case 't':
        return scan_word(in, "true") ? JSON_LITERAL : JSON_BAD;
    case 'f':
        return scan_word(in, "false") ? JSON_LITERAL : JSON_BAD;
    case 'n':
        return scan_word(in, "null") ? JSON_LITERAL : JSON_BAD;
    default:
        return scan_number(in) ? JSON_NUMBER : JSON_BAD;
    }
}

/* Reads `"name" :` and the white space after it; the name's content (still
 * escaped) is [*name, *name_end). */
static int scan_key(json_in *in, const char **name, const char **name_end)
{
    if (!at(in, '"')) {
        return 0;
    }
    *name = in->s + 1;
    if (!scan_string(in)) {
        return 0;
    }
    *name_end = in->s - 1;
    skip_ws(in);
    if (!at(in, ':')) {
        return 0;
    }
    in->s++;
    skip_ws(in);
    return 1;
}

/* One bit per open level: set for an object, clear for an array. */
static void stack_set(unsigned char *stack, apr_size_t depth, int is_object)
{
    unsigned char bit = (unsigned char)(1u << (depth % 8));

    if (is_object) {
        stack[depth / 8] |= bit;
    }
    else {
        stack[depth / 8] &= (unsigned char)~bit;
    }
}

static int stack_is_object(const unsigned char *stack, apr_size_t depth)
{
    return (stack[depth / 8] >> (depth % 8)) & 1;
}

/*
 * Skips one value of any depth at in->s and returns its type. No
 * recursion, so hostile nesting cannot exhaust the C stack: open levels
 * live in a bit stack, and as each level takes at least one input byte,
 * stack (of len / 8 + 1 bytes for len bytes of input) cannot overflow.
 */
static json_type skip_value(json_in *in, unsigned char *stack)
{
    apr_size_t depth = 0;
    json_type type = JSON_BAD;

    for (;;) {
        const char *name, *name_end;

        /* a value is due */
        skip_ws(in);
        if (at(in, '{') || at(in, '[')) {
            int is_object = *in->s == '{';

            if (depth == 0) {
                type = is_object ? JSON_OBJECT : JSON_ARRAY;
            }
            stack_set(stack, depth++, is_object);
            in->s++;
            skip_ws(in);
            if (at(in, is_object ? '}' : ']')) {
                in->s++;
                depth--;
            }
            else if (is_object) {
                if (!scan_key(in, &name, &name_end)) {
                    return JSON_BAD;
                }
                continue;
            }
            else {
                continue;
            }
        }
        else {
            json_type t = scan_scalar(in);

            if (t == JSON_BAD || depth == 0) {
                return t;
            }
        }

        /* a value ended: close levels until one has another value due */
        for (;;) {
            int is_object;

            if (depth == 0) {
                return type;
            }
            skip_ws(in);
            is_object = stack_is_object(stack, depth - 1);
            if (at(in, ',')) {
                in->s++;
                skip_ws(in);
                if (is_object && !scan_key(in, &name, &name_end)) {
                    return JSON_BAD;
                }
                break;
            }
            if (!at(in, is_object ? '}' : ']')) {
                return JSON_BAD;
            }
            in->s++;
            depth--;
        }
    }
}

/* Compares a member name, still escaped, with an ASCII name. */
static int name_is(const char *s, const char *end, const char *want)
{
    while (s < end) {
        unsigned int c = (unsigned char)*s++;

        if (c == '\\') {
            c = (unsigned char)*s++;
            if (c == 'u') {
                c = (unsigned int)(hex_value((unsigned char)s[0]) << 12
                                   | hex_value((unsigned char)s[1]) << 8
                                   | hex_value((unsigned char)s[2]) << 4
                                   | hex_value((unsigned char)s[3]));
                s += 4;
            }
            else if (c != '"' && c != '\\' && c != '/') {
                c = 0x01;   /* \b \f \n \r \t: in no name we look for */
            }
        }
        if (*want == '\0' || c != (unsigned char)*want) {
            return 0;
        }
        want++;
    }
    return *want == '\0';
}

/*
 * Checks that [buf, buf + len) is exactly one JSON object, and fills in
 * the members asked for from its top level. A name that repeats keeps the
 * last member, as JSON.parse does.
 */
static int scan_object(apr_pool_t *p, const char *buf, apr_size_t len,
                       json_member *want, int nwant)
{
    json_in in;
    unsigned char small[64], *stack;
    int i;

    for (i = 0; i < nwant; i++) {
        want[i].type = JSON_NONE;
    }
    /* (a NUL, which would cut the text short for a C consumer, is no
     * JSON outside strings, and a control character within them) */
    stack = len / 8 + 1 <= sizeof(small) ? small : apr_palloc(p, len / 8 + 1);
    in.s = buf;
    in.end = buf + len;
    skip_ws(&in);
    if (!at(&in, '{')) {
        return 0;
    }
    in.s++;
    skip_ws(&in);
    if (at(&in, '}')) {
        in.s++;
    }
    else {
        for (;;) {
            const char *name, *name_end, *value;
            json_type type;

            if (!scan_key(&in, &name, &name_end)) {
                return 0;
            }
            value = in.s;
            type = skip_value(&in, stack);
            if (type == JSON_BAD) {
                return 0;
            }
            for (i = 0; i < nwant; i++) {
                if (name_is(name, name_end, want[i].name)) {
                    want[i].type = type;
                    want[i].value = value;
                    want[i].value_end = in.s;
                }
            }
            skip_ws(&in);
            if (at(&in, ',')) {
                in.s++;
                skip_ws(&in);
                continue;
            }
            if (!at(&in, '}')) {
                return 0;
            }
            in.s++;
            break;
        }
    }
    skip_ws(&in);
    return in.s == in.end;
}

/* ------------------------------------------------------------------ */
/* NumericDate                                                         */

/* The i-th significant-or-not digit of a number: integer digits first,
 * then the fraction's. */
static int digit_at(const char *int_digits, apr_int64_t n_int,
                    const char *frac_digits, apr_int64_t i)
{
    return (i < n_int ? int_digits[i] : frac_digits[i - n_int]) - '0';
}

/*
 * Turns a JSON number (already checked against the grammar) into whole
 * seconds, truncating any fraction, without floating point: the digits are
 * read as one string with the decimal point n_int + exponent digits in.
 * Returns 0 for a negative value or one past year 9999.
 */
static int numeric_date(const char *s, const char *end, apr_int64_t *out)
{
    const char *int_digits, *frac_digits = NULL;
    apr_int64_t n_int, n_frac = 0, n, exponent = 0, point, first, i;
    apr_int64_t value = 0;
    int negative = 0;

    /* the usual form, whole seconds such as 1700000000: read directly */
    if (end - s <= H401_JWT_MAX_DIGITS && s[0] != '-' && s[0] != '0') {
        const char *d = s;

        for (value = 0; d < end && *d >= '0' && *d <= '9'; d++) {
            value = value * 10 + (*d - '0');
        }
        if (d == end) {
            if (value > H401_JWT_MAX_TIME) {
                return 0;
            }
            *out = value;
            return 1;
        }
        value = 0;
    }
    if (*s == '-') {
        negative = 1;
        s++;
    }
    int_digits = s;
    while (s < end && apr_isdigit(*s)) {
        s++;
    }
    n_int = s - int_digits;
    if (s < end && *s == '.') {
        frac_digits = ++s;
        while (s < end && apr_isdigit(*s)) {
            s++;
        }
        n_frac = s - frac_digits;
    }
    if (s < end) {
        int exp_negative = 0;

        s++;   /* 'e' or 'E' */
        if (*s == '+' || *s == '-') {
            exp_negative = *s == '-';
            s++;
        }
        for (; s < end; s++) {
            if (exponent < H401_JWT_EXP_CAP) {
                exponent = exponent * 10 + (*s - '0');
            }
        }
        if (exp_negative) {
            exponent = -exponent;
        }
    }

    n = n_int + n_frac;
    for (first = 0; first < n; first++) {
        if (digit_at(int_digits, n_int, frac_digits, first) != 0) {
            break;
        }
    }
    if (first == n) {
        *out = 0;   /* zero, "-0" and "0.0e5" included */
        return 1;
    }
    if (negative) {
        return 0;
    }
    point = n_int + exponent;
    if (point - first > H401_JWT_MAX_DIGITS) {
        return 0;
    }
    /* at most 12 digits, so value stays far below APR_INT64_MAX */
    for (i = first; i < point; i++) {
        value = value * 10
                + (i < n ? digit_at(int_digits, n_int, frac_digits, i) : 0);
    }
    if (value > H401_JWT_MAX_TIME) {
        return 0;
    }
    *out = value;
    return 1;
}

static int read_time(const json_member *m, apr_int64_t *out)
{
    return m->type == JSON_NUMBER && numeric_date(m->value, m->value_end, out);
}

/* ------------------------------------------------------------------ */

int h401_jwt_read(apr_pool_t *p, const char *token, apr_size_t len,
                  h401_token_times *out)
{
    json_member header[] = { { "alg", JSON_NONE, NULL, NULL } };
    json_member claims[] = { { "exp", JSON_NONE, NULL, NULL },
                             { "nbf", JSON_NONE, NULL, NULL } };
    const char *dot1, *dot2, *end;
    const char *header_json, *payload_json;
    apr_size_t header_len, payload_len;

    memset(out, 0, sizeof(*out));
    if (!token || len == 0) {
        return 0;
    }
    end = token + len;
    dot1 = memchr(token, '.', len);
    if (!dot1) {
        return 0;
    }
    dot2 = memchr(dot1 + 1, '.', (apr_size_t)(end - dot1 - 1));
    if (!dot2) {
        return 0;   /* two parts; five (JWE) fail the signature's check */
    }
    /* RFC 7515 strips base64url padding: a '=' means something else (and
     * fails the signature's check there) */
    if (memchr(token, '=', (apr_size_t)(dot2 - token))) {
        return 0;
    }
    header_json = h401_base64url_decode(p, token, (apr_size_t)(dot1 - token),
                                        &header_len);
    payload_json = h401_base64url_decode(p, dot1 + 1,
                                         (apr_size_t)(dot2 - dot1 - 1),
                                         &payload_len);
    if (!header_json || !payload_json
        || !base64url_valid(dot2 + 1, (apr_size_t)(end - dot2 - 1))) {
        return 0;
    }
    if (!scan_object(p, header_json, header_len, header, 1)
        || header[0].type != JSON_STRING) {
        return 0;
    }
    if (!scan_object(p, payload_json, payload_len, claims, 2)) {
        return 0;
    }
    out->has_exp = read_time(&claims[0], &out->exp);
    out->has_nbf = read_time(&claims[1], &out->nbf);
    return 1;
}
