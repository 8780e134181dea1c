/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_lib.h>
#include "h401_negotiate.h"

/* One element of a comma-separated header, pointing into the header. */
typedef struct {
    const char *name;       /* media range or language range, trimmed */
    apr_size_t len;
    int q1000;              /* the weight; 1000 without a q parameter */
    int valid;              /* 0 when the q parameter is malformed */
} list_elem;

#define IS_OWS(c) ((c) == ' ' || (c) == '\t')

static const char *skip_ows(const char *s)
{
    while (IS_OWS(*s)) {
        s++;
    }
    return s;
}

/* The end of the text from start to s with trailing spaces dropped. */
static const char *trim_end(const char *start, const char *s)
{
    while (s > start && IS_OWS(s[-1])) {
        s--;
    }
    return s;
}

/* ASCII only: header tokens are ASCII, and no locale applies to them. */
static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether the len bytes at s equal want, ignoring ASCII case. */
static int mem_ieq(const char *s, apr_size_t len, const char *want)
{
    apr_size_t i;

    for (i = 0; i < len; i++) {
        if (!want[i]
            || ascii_lower((unsigned char)s[i]) != ascii_lower((unsigned char)want[i])) {
            return 0;
        }
    }
    return want[len] == '\0';
}

/* Reads the element at s into *e and returns where it ends (its ',' or
 * the NUL), or NULL when only separators are left. Every call consumes at
 * least one byte, and no byte is looked at twice, so a header is parsed
 * in linear time. */
static const char *next_elem(const char *s, list_elem *e)
{
    int seen_q = 0;

    while (IS_OWS(*s) || *s == ',') {
        s++;
    }
    if (!*s) {
        return NULL;
    }
    e->name = s;
    while (*s && *s != ',' && *s != ';') {
        s++;
    }
    e->len = (apr_size_t)(trim_end(e->name, s) - e->name);
    e->q1000 = 1000;
    e->valid = 1;

    while (*s == ';') {
        const char *pname, *value = NULL;
        apr_size_t pname_len, value_len = 0;
        int quoted = 0;

        s = skip_ows(s + 1);
        pname = s;
        while (*s && *s != ',' && *s != ';' && *s != '=' && !IS_OWS(*s)) {
            s++;
        }
        pname_len = (apr_size_t)(s - pname);
        s = skip_ows(s);
        if (*s == '=') {
            s = skip_ows(s + 1);
            if (*s == '"') {
                /* a quoted-string may hold ',' and ';' that end nothing */
                quoted = 1;
                value = ++s;
                while (*s && *s != '"') {
                    if (*s == '\\' && s[1]) {
                        s++;
                    }
                    s++;
                }
                value_len = (apr_size_t)(s - value);
                if (*s == '"') {
                    s = skip_ows(s + 1);
                }
            }
            else {
                value = s;
                while (*s && *s != ',' && *s != ';') {
                    s++;
                }
                value_len = (apr_size_t)(trim_end(value, s) - value);
            }
        }
        /* skip what follows a quoted-string or a value-less name */
        while (*s && *s != ',' && *s != ';') {
            s++;
        }
        /* later q parameters would be RFC 7231 accept-ext: not weights */
        if (pname_len == 1 && ascii_lower((unsigned char)*pname) == 'q' && !seen_q) {
            seen_q = 1;
            if (!value || quoted
                || !h401_parse_qvalue(value, value_len, &e->q1000)) {
                e->valid = 0;
            }
        }
    }
    return s;
}

int h401_parse_qvalue(const char *value, apr_size_t len, int *q1000)
{
    int q, scale = 100;
    apr_size_t i;

    /* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
    if (!value || len == 0 || len > 5 || (value[0] != '0' && value[0] != '1')) {
        return 0;
    }
    q = (value[0] - '0') * 1000;
    if (len > 1 && value[1] != '.') {
        return 0;
    }
    for (i = 2; i < len; i++) {
        if (!apr_isdigit(value[i])) {
            return 0;
        }
        q += (value[i] - '0') * scale;
        scale /= 10;
    }
    if (q > 1000) {
        return 0;
    }
    if (q1000) {
        *q1000 = q;
    }
    return 1;
}

/* ---- Accept ---- */

#define N_FORMATS 3

/* The ranges that count for each format, and how specific each is: the
 * type we send (3), a stand-in for it (2), its type's wildcard (1), any (0). */
#define RULE(range, format, specificity) { range, sizeof(range) - 1, format, specificity }
static const struct {
    const char *range;
    apr_size_t len;
    h401_format format;
    int specificity;
} media_rules[] = {
    RULE("text/html",                H401_FORMAT_HTML, 3),
    RULE("application/xhtml+xml",    H401_FORMAT_HTML, 2),
    RULE("text/*",                   H401_FORMAT_HTML, 1),
    RULE("*/*",                      H401_FORMAT_HTML, 0),
    RULE("application/problem+json", H401_FORMAT_JSON, 3),
    RULE("application/json",         H401_FORMAT_JSON, 2),
    RULE("application/*",            H401_FORMAT_JSON, 1),
    RULE("*/*",                      H401_FORMAT_JSON, 0),
    RULE("text/plain",               H401_FORMAT_TEXT, 3),
    RULE("text/*",                   H401_FORMAT_TEXT, 1),
    RULE("*/*",                      H401_FORMAT_TEXT, 0),
};
#undef RULE

const char *h401_format_content_type(h401_format format)
{
    switch (format) {
    case H401_FORMAT_JSON:
        return "application/problem+json";
    case H401_FORMAT_TEXT:
        return "text/plain; charset=utf-8";
    case H401_FORMAT_HTML:
    default:
        return "text/html; charset=utf-8";
    }
}

h401_format h401_negotiate_format(const char *accept)
{
    int spec[N_FORMATS] = { -1, -1, -1 };
    int q[N_FORMATS] = { 0, 0, 0 };
    int f, best = H401_FORMAT_HTML;
    const char *s = accept;
    list_elem e;

    if (!accept || strcmp(accept, "*/*") == 0) {
        return H401_FORMAT_HTML;   /* what most non-browser clients send */
    }
    while ((s = next_elem(s, &e)) != NULL) {
        apr_size_t i;

        if (!e.valid) {
            continue;
        }
        for (i = 0; i < sizeof(media_rules) / sizeof(media_rules[0]); i++) {
            if (e.len != media_rules[i].len || !mem_ieq(e.name, e.len, media_rules[i].range)) {
                continue;
            }
            f = media_rules[i].format;
            /* the most specific range decides; repeats of it, the best q */
            if (media_rules[i].specificity > spec[f]) {
                spec[f] = media_rules[i].specificity;
                q[f] = e.q1000;
            }
            else if (media_rules[i].specificity == spec[f] && e.q1000 > q[f]) {
                q[f] = e.q1000;
            }
        }
    }
    /* strictly greater, so ties keep the earlier format; all 0 keeps HTML */
    for (f = 0; f < N_FORMATS; f++) {
        if (q[f] > q[best]) {
            best = f;
        }
    }
    return (h401_format)best;
}

/* ---- Accept-Language ---- */

/* Whether the len bytes at s are an RFC 4647 basic language range other
 * than "*": 1*8ALPHA *("-" 1*8alphanum). */
static int is_language_range(const char *s, apr_size_t len)
{
    apr_size_t i, run = 0;
    int first = 1;

    for (i = 0; i < len; i++) {
        if (s[i] == '-') {
            if (run == 0) {
                return 0;
            }
            run = 0;
            first = 0;
        }
        else if (first ? apr_isalpha(s[i]) : apr_isalnum(s[i])) {
            if (++run > 8) {
                return 0;
            }
        }
        else {
            return 0;
        }
    }
    return run > 0;
}

/* How range r matches tag t, case-insensitively: LANG_NONE; LANG_BELOW when
 * t lies beneath r ("de-ch" for "de"); otherwise t is r or r cut at a '-'
 * ("de" for "de-AT") and the result is 2 + t's length, the closer the
 * larger. */
#define LANG_NONE  0
#define LANG_BELOW 1

static apr_size_t lang_match(const char *r, apr_size_t rlen,
                             const char *t, apr_size_t tlen)
{
    apr_size_t i, n = rlen < tlen ? rlen : tlen;

    for (i = 0; i < n; i++) {
        if (ascii_lower((unsigned char)r[i]) != ascii_lower((unsigned char)t[i])) {
            return LANG_NONE;
        }
    }
    if (rlen == tlen) {
        return 2 + tlen;
    }
    if (tlen < rlen) {
        return r[tlen] == '-' ? 2 + tlen : LANG_NONE;
    }
    return t[rlen] == '-' ? LANG_BELOW : LANG_NONE;
}

/* How well the header asks for one tag. */
typedef struct {
    int q1000;              /* 0: not asked for, or ruled out */
    apr_size_t pos;         /* index of the range that gave q1000 */
    apr_size_t closeness;   /* lang_match() of that range */
} lang_score;

/* Scores tag against the whole header: the highest, then earliest, range
 * that matches it, unless a q=0 range rules it out. is_default lets "*"
 * match it; listed is 0 for a default_lang missing from available, which
 * only "*" may pick. One pass over the header. */
static void score_language(const char *header, const char *tag, int is_default,
                           int listed, lang_score *sc)
{
    apr_size_t pos, tlen = strlen(tag);
    const char *s = header;
    list_elem e;

    sc->q1000 = 0;
    sc->pos = 0;
    sc->closeness = LANG_NONE;
    for (pos = 0; (s = next_elem(s, &e)) != NULL; pos++) {
        apr_size_t m;

        if (!e.valid) {
            continue;
        }
        if (e.len == 1 && e.name[0] == '*') {
            /* "*" stands for the default language, and excludes nothing */
            m = is_default ? LANG_BELOW : LANG_NONE;
        }
        else if (!is_language_range(e.name, e.len)) {
            continue;
        }
        else {
            m = lang_match(e.name, e.len, tag, tlen);
            if (m != LANG_NONE && e.q1000 == 0 && e.len <= tlen) {
                sc->q1000 = 0;      /* the tag or its parent refused */
                return;
            }
            if (!listed) {
                continue;
            }
        }
        if (m != LANG_NONE && e.q1000 > sc->q1000) {
            sc->q1000 = e.q1000;
            sc->pos = pos;
            sc->closeness = m;
        }
    }
}

const char *h401_negotiate_language(const char *accept_language,
                                    const apr_array_header_t *available,
                                    const char *default_lang)
{
    int i, n = available ? available->nelts : 0, default_seen = 0;
    const char *winner = NULL;
    lang_score best, sc;

    if (!accept_language) {
        return default_lang;
    }
    best.q1000 = 0;
    best.pos = 0;
    best.closeness = LANG_NONE;
    /* each available tag, then default_lang if it was not among them */
    for (i = 0; i <= n; i++) {
        const char *tag;
        int is_default;

        if (i < n) {
            tag = APR_ARRAY_IDX(available, i, const char *);
            if (!tag) {
                continue;
            }
            is_default = !default_seen && default_lang
                         && mem_ieq(tag, strlen(tag), default_lang);
        }
        else {
            if (default_seen || !default_lang) {
                break;
            }
            tag = default_lang;
            is_default = 1;
        }
        default_seen |= is_default;
        score_language(accept_language, tag, is_default, i < n, &sc);
        /* strictly better, so on a full tie the earlier available tag stays */
        if (sc.q1000 > best.q1000
            || (sc.q1000 > 0 && sc.q1000 == best.q1000
                && (sc.pos < best.pos
                    || (sc.pos == best.pos && sc.closeness > best.closeness)))) {
            best = sc;
            winner = tag;
        }
    }
    return winner ? winner : default_lang;
}
