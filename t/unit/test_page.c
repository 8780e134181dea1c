/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_page: loading page sets (the shipped one and an
 * admin's over it) and rendering pages in every format and language. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "h401_builtin.h"
#include "h401_page.h"
#include "h401_prepared.h"
#include "tap.h"
#include "messages_file.h"

static apr_pool_t *pool;

/* The language the module would pick for a visitor asking for tag. */
static const h401_language *lang_of(const h401_pageset *set, const char *tag)
{
    return h401_pageset_language(set, tag, tag);
}
static const char *messages_txt;   /* the shipped en/messages.txt */

static const char *const lang_tags[] = { "en", "de", "fr", "es", "ja" };
#define NLANGS ((int)(sizeof(lang_tags) / sizeof(lang_tags[0])))
static h401_messages *lang_messages[NLANGS];   /* loaded here, as the page set does */

static const char *const format_names[] = { "html", "json", "text" };

/* The text of "key = text" in the messages file, read independently of
 * the loader: the words are edited, so the tests look them up. */
static const char *file_value(const char *key)
{
    return messages_file_value(pool, messages_txt, key);
}

/* A message as it shows in the page: HTML-escaped (for texts without
 * tags, which is what the tests below use). */
static const char *html_words(const char *key)
{
    const char *v = file_value(key);

    if (!v) {
        diag("no '%s' line in en/messages.txt", key);
        return "(missing message)";
    }
    return h401_escape_html(pool, v);
}

static int count(const char *text, const char *part)
{
    int n = 0;
    const char *at = text;

    while ((at = strstr(at, part)) != NULL) {
        n++;
        at += strlen(part);
    }
    return n;
}

static const char *render(const h401_pageset *set, const h401_page_facts *f)
{
    h401_buf b;

    h401_buf_init(&b, pool, 64);
    h401_page_render(set, f, &b);
    return b.data;
}

/* A message template rendered as plain text with vars (NULL: none). */
static const char *plain(const h401_tpl *msg, h401_vars *vars)
{
    h401_vars *v = h401_vars_make(pool, vars);
    const h401_tpl *t = NULL;
    h401_tpl_options opt;
    h401_buf b;

    if (!msg) {
        return "(no such message)";
    }
    memset(&opt, 0, sizeof(opt));
    opt.mode = H401_ESC_TEXT;
    h401_tpl_compile(pool, "plain", "{{m}}", &opt, &t);
    h401_vars_set_tpl(v, "m", msg);
    h401_buf_init(&b, pool, 64);
    h401_tpl_render(t, v, &b);
    return b.data;
}

static int lang_index(const char *tag)
{
    int i;

    for (i = 0; i < NLANGS; i++) {
        if (strcmp(lang_tags[i], tag) == 0) {
            return i;
        }
    }
    return 0;
}

/* The plain-text title of a cause in a language (not_yet_valid unset). */
static const char *title_of(const char *tag, h401_cause cause)
{
    return plain(h401_messages_cause(lang_messages[lang_index(tag)], cause)->title, NULL);
}

/* ---- a strict JSON parser (RFC 8259), enough to check the pages ---- */

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jtype;

typedef struct jval jval;
struct jval {
    jtype type;
    const char *str;              /* J_STRING: decoded, UTF-8 */
    apr_size_t len;               /* J_STRING: bytes (may hold NUL) */
    double num;
    apr_array_header_t *keys;     /* J_OBJECT: const char * */
    apr_array_header_t *items;    /* J_ARRAY, J_OBJECT: jval * */
};

typedef struct {
    const char *s;
    const char *start;
    const char *error;
    int depth;
} jparser;

static int jfail(jparser *jp, const char *what)
{
    if (!jp->error) {
        jp->error = apr_psprintf(pool, "%s at byte %ld", what, (long)(jp->s - jp->start));
    }
    return 0;
}

static void jws(jparser *jp)
{
    while (*jp->s == ' ' || *jp->s == '\t' || *jp->s == '\n' || *jp->s == '\r') {
        jp->s++;
    }
}

static int jhex4(const char *s, unsigned *out)
{
    int i;

    *out = 0;
    for (i = 0; i < 4; i++) {
        if (!apr_isxdigit(s[i])) {
            return 0;
        }
        *out = *out * 16 + (unsigned)(apr_isdigit(s[i]) ? s[i] - '0'
                                      : apr_tolower(s[i]) - 'a' + 10);
    }
    return 1;
}

static void jutf8(h401_buf *b, unsigned cp)
{
    char u[4];
    apr_size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    }
    else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    }
    else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    }
    else {
        u[0] = (char)(0xf0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    h401_buf_add(b, u, n);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static int jutf8_len(const unsigned char *s)
{
    int n, i;

    if (s[0] < 0x80) {
        return 1;
    }
    n = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (!n || (n == 2 && s[0] < 0xc2)) {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    return n;
}

static int jstring(jparser *jp, jval *v)
{
    h401_buf b;

    h401_buf_init(&b, pool, 64);
    jp->s++;   /* the opening quote */
    for (;;) {
        unsigned char c = (unsigned char)*jp->s;
        if (c == '"') {
            jp->s++;
            break;
        }
        if (c == '\0') {
            return jfail(jp, "unterminated string");
        }
        if (c < 0x20) {
            return jfail(jp, "raw control character in a string");
        }
        if (c == '\\') {
            static const char escapes[] = "\"\\/bfnrt";
            static const char decoded[] = "\"\\/\b\f\n\r\t";
            unsigned cp, lo;
            char e = jp->s[1];
            const char *simple = e ? strchr(escapes, e) : NULL;
            if (simple) {
                h401_buf_add(&b, &decoded[simple - escapes], 1);
                jp->s += 2;
                continue;
            }
            if (e != 'u' || !jhex4(jp->s + 2, &cp)) {
                return jfail(jp, "bad escape");
            }
            jp->s += 6;
            if (cp >= 0xd800 && cp < 0xdc00) {
                if (jp->s[0] != '\\' || jp->s[1] != 'u' || !jhex4(jp->s + 2, &lo)
                    || lo < 0xdc00 || lo > 0xdfff) {
                    return jfail(jp, "lone high surrogate");
                }
                jp->s += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            else if (cp >= 0xdc00 && cp < 0xe000) {
                return jfail(jp, "lone low surrogate");
            }
            jutf8(&b, cp);
            continue;
        }
        {
            int n = jutf8_len((const unsigned char *)jp->s);
            if (!n) {
                return jfail(jp, "invalid UTF-8");
            }
            h401_buf_add(&b, jp->s, (apr_size_t)n);
            jp->s += n;
        }
    }
    v->type = J_STRING;
    v->str = b.data;
    v->len = b.len;
    return 1;
}

static int jnumber(jparser *jp, jval *v)
{
    const char *s = jp->s;

    if (*s == '-') {
        s++;
    }
    if (*s == '0') {
        s++;
    }
    else if (*s >= '1' && *s <= '9') {
        while (apr_isdigit(*s)) {
            s++;
        }
    }
    else {
        return jfail(jp, "bad number");
    }
    if (*s == '.') {
        s++;
        if (!apr_isdigit(*s)) {
            return jfail(jp, "bad fraction");
        }
        while (apr_isdigit(*s)) {
            s++;
        }
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') {
            s++;
        }
        if (!apr_isdigit(*s)) {
            return jfail(jp, "bad exponent");
        }
        while (apr_isdigit(*s)) {
            s++;
        }
    }
    v->type = J_NUMBER;
    v->num = strtod(apr_pstrmemdup(pool, jp->s, (apr_size_t)(s - jp->s)), NULL);
    jp->s = s;
    return 1;
}

static int jvalue(jparser *jp, jval *v);

static int jcontainer(jparser *jp, jval *v, char close)
{
    if (++jp->depth > 64) {
        return jfail(jp, "nested too deep");
    }
    v->type = close == '}' ? J_OBJECT : J_ARRAY;
    v->items = apr_array_make(pool, 4, sizeof(jval *));
    v->keys = apr_array_make(pool, 4, sizeof(const char *));
    jp->s++;
    jws(jp);
    if (*jp->s == close) {
        jp->s++;
        jp->depth--;
        return 1;
    }
    for (;;) {
        jval *item = apr_pcalloc(pool, sizeof(*item));
        jws(jp);
        if (close == '}') {
            jval key;
            int i;
            if (*jp->s != '"') {
                return jfail(jp, "expected a member name");
            }
            if (!jstring(jp, &key)) {
                return 0;
            }
            for (i = 0; i < v->keys->nelts; i++) {
                if (strcmp(APR_ARRAY_IDX(v->keys, i, const char *), key.str) == 0) {
                    return jfail(jp, apr_psprintf(pool, "duplicate member \"%s\"", key.str));
                }
            }
            APR_ARRAY_PUSH(v->keys, const char *) = key.str;
            jws(jp);
            if (*jp->s != ':') {
                return jfail(jp, "expected ':'");
            }
            jp->s++;
        }
        if (!jvalue(jp, item)) {
            return 0;
        }
        APR_ARRAY_PUSH(v->items, jval *) = item;
        jws(jp);
        if (*jp->s == ',') {
            jp->s++;
            continue;   /* a value must follow: ",]" and ",}" fail there */
        }
        if (*jp->s == close) {
            jp->s++;
            jp->depth--;
            return 1;
        }
        return jfail(jp, "expected ',' or a closing bracket");
    }
}

static int jvalue(jparser *jp, jval *v)
{
    jws(jp);
    switch (*jp->s) {
    case '{':
        return jcontainer(jp, v, '}');
    case '[':
        return jcontainer(jp, v, ']');
    case '"':
        return jstring(jp, v);
    case 't':
    case 'f':
    case 'n':
        if (strncmp(jp->s, "true", 4) == 0 || strncmp(jp->s, "null", 4) == 0) {
            v->type = *jp->s == 'n' ? J_NULL : J_BOOL;
            jp->s += 4;
            return 1;
        }
        if (strncmp(jp->s, "false", 5) == 0) {
            v->type = J_BOOL;
            jp->s += 5;
            return 1;
        }
        return jfail(jp, "bad literal");
    default:
        return jnumber(jp, v);
    }
}

/* Parses text as one JSON document; NULL and *error set when invalid. */
static jval *json_parse(const char *text, const char **error)
{
    jparser jp;
    jval *v = apr_pcalloc(pool, sizeof(*v));

    jp.s = jp.start = text;
    jp.error = NULL;
    jp.depth = 0;
    if (jvalue(&jp, v)) {
        jws(&jp);
        if (*jp.s) {
            jfail(&jp, "text after the document");
        }
    }
    *error = jp.error;
    return jp.error ? NULL : v;
}

/* A member of an object, or NULL. */
static const jval *jget(const jval *obj, const char *key)
{
    int i;

    for (i = 0; obj && obj->type == J_OBJECT && i < obj->keys->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(obj->keys, i, const char *), key) == 0) {
            return APR_ARRAY_IDX(obj->items, i, jval *);
        }
    }
    return NULL;
}

/* A string member, or NULL when absent or not a string. */
static const char *jstr(const jval *obj, const char *key)
{
    const jval *v = jget(obj, key);
    return v && v->type == J_STRING ? v->str : NULL;
}

static const jval *jat(const jval *arr, int i)
{
    return arr && arr->type == J_ARRAY && i < arr->items->nelts
           ? APR_ARRAY_IDX(arr->items, i, jval *) : NULL;
}

static void test_json_parser(void)
{
    static const char *const good[] = {
        "{}", "[]", "{\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\ud83d\\ude00\"]}",
        " {\"a\" : {\"b\" : []} } ", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "0",
    };
    static const char *const bad[] = {
        "{\"a\": 1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\": 1", "[", "{\"a\": 01}",
        "\"a\tb\"", "\"\\x\"", "\"\\ud800\"", "{a: 1}", "{\"a\": 1} x", "[1,,2]",
        "{\"a\": 1, \"a\": 2}", "", "tru", "\"\xc3\"", "[-]", "[1.]",
    };
    size_t i;
    const char *err;
    const jval *v;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        const jval *parsed = json_parse(good[i], &err);
        ok(parsed != NULL, "JSON checker accepts %s (%s)", good[i], err ? err : "ok");
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ok(json_parse(bad[i], &err) == NULL, "JSON checker refuses %s", bad[i]);
    }
    v = json_parse("{\"s\": \"a\\u003c/b\\u0001\\\"\\\\\", \"n\": 401}", &err);
    is_str(jstr(v, "s"), "a</b\x01\"\\", "JSON checker decodes escapes");
    ok(jget(v, "n") && jget(v, "n")->type == J_NUMBER && jget(v, "n")->num == 401,
       "JSON checker reads numbers");
}

/* ---- every cause, in every format and language ---- */

static apr_array_header_t *challenge_list(void)
{
    apr_array_header_t *list = apr_array_make(pool, 2, sizeof(h401_challenge));
    h401_challenge *c = apr_array_push(list);

    memset(c, 0, sizeof(*c));
    c->scheme = "Basic";
    c->realm = "Staff area";
    c = apr_array_push(list);
    memset(c, 0, sizeof(*c));
    c->scheme = "Bearer";
    return list;
}

/* Facts with no character any syntax escapes. */
static void plain_facts(h401_page_facts *f, const h401_pageset *set, h401_cause cause,
                        const char *lang, h401_format format)
{
    apr_array_header_t *headers = apr_array_make(pool, 1, sizeof(const char *));

    APR_ARRAY_PUSH(headers, const char *) = "Basic realm=\"Staff area\"";
    memset(f, 0, sizeof(*f));
    f->cause = cause;
    f->lang = lang_of(set, lang);
    f->format = format;
    f->realm = "Staff area";
    f->scheme = "Basic";
    f->sent_scheme = "Bearer";
    f->user = "bob";
    f->url = "https://example.org/private/";
    f->path = "/private/";
    f->contact = "mailto:webmaster@example.org";
    f->login_url = "/login";
    f->request_id = "Zx9-abc";
    f->challenges = challenge_list();
    f->challenge_headers = headers;
    f->token_delta_known = 1;
    f->token_delta = -7200;
}

static void test_matrix(const h401_pageset *set)
{
    int l, i, j;

    for (l = 0; l < NLANGS; l++) {
        const char *tag = lang_tags[l];
        for (i = 0; i < H401_CAUSE_COUNT; i++) {
            const char *id = h401_cause_id((h401_cause)i);
            const h401_cause_text *ct = h401_messages_cause(lang_messages[l], (h401_cause)i);
            const char *title;
            const char *html, *json, *text, *err;
            const jval *doc, *remedies, *challenges;
            const apr_array_header_t *want;
            h401_page_facts f;
            h401_vars *fvars;

            plain_facts(&f, set, (h401_cause)i, tag, H401_FORMAT_HTML);
            fvars = h401_vars_make(pool, NULL);
            h401_vars_set(fvars, "realm", f.realm);
            h401_vars_set(fvars, "scheme", f.scheme);
            h401_vars_set(fvars, "sent_scheme", f.sent_scheme);
            h401_vars_set(fvars, "user", f.user);
            h401_vars_set(fvars, "url", f.url);
            h401_vars_set(fvars, "contact", f.contact);
            title = plain(ct->title, fvars);   /* not-permitted's names the user */
            html = render(set, &f);
            f.format = H401_FORMAT_JSON;
            json = render(set, &f);
            f.format = H401_FORMAT_TEXT;
            text = render(set, &f);

            /* HTML */
            ok(strncmp(html, "<!DOCTYPE html>\n", 16) == 0, "%s %s html: doctype", tag, id);
            is_int(count(html, apr_pstrcat(pool, "<html lang=\"", tag, "\">", NULL)), 1,
                   "%s %s html: <html lang=\"%s\">", tag, id, tag);
            has_str(html, apr_pstrcat(pool, "<title>", h401_escape_html(pool, title),
                                      "</title>", NULL),
                    "%s %s html: <title> is the cause's title", tag, id);
            has_str(html, apr_pstrcat(pool, "<h1>", h401_escape_html(pool, title), "</h1>",
                                      NULL),
                    "%s %s html: <h1> is the cause's title", tag, id);
            is_int(count(html, "<li>"), ct->remedies->nelts, "%s %s html: one <li> per remedy",
                   tag, id);
            lacks_str(html, "{{", "%s %s html: no '{{' left", tag, id);
            ok(strlen(html) >= 8 && strcmp(html + strlen(html) - 8, "</html>\n") == 0,
               "%s %s html: ends with </html>", tag, id);

            /* JSON */
            doc = json_parse(json, &err);
            if (!ok(doc && doc->type == J_OBJECT, "%s %s json: valid JSON object (%s)",
                    tag, id, err ? err : "ok")) {
                diag("%s", json);
                continue;
            }
            ok(jget(doc, "status") && jget(doc, "status")->type == J_NUMBER
               && jget(doc, "status")->num == 401, "%s %s json: \"status\": 401", tag, id);
            is_str(jstr(doc, "cause"), id, "%s %s json: \"cause\"", tag, id);
            is_str(jstr(doc, "type"), "about:blank",
                   "%s %s json: \"type\"", tag, id);
            is_str(jstr(doc, "title"), title, "%s %s json: \"title\"", tag, id);
            ok(jstr(doc, "detail") && strlen(jstr(doc, "detail")) > 20,
               "%s %s json: \"detail\" is the explanation", tag, id);
            is_str(jstr(doc, "instance"), "/private/", "%s %s json: \"instance\"", tag, id);
            is_str(jstr(doc, "contact"), "mailto:webmaster@example.org",
                   "%s %s json: \"contact\"", tag, id);
            is_str(jstr(doc, "login_url"), "/login", "%s %s json: \"login_url\"", tag, id);
            is_str(jstr(doc, "request_id"), "Zx9-abc", "%s %s json: \"request_id\"", tag, id);
            ok(jget(doc, "admin") == NULL, "%s %s json: no \"admin\" without detail", tag, id);
            /* a program's remedies where the cause has some */
            remedies = jget(doc, "remedies");
            want = ct->client ? ct->client : ct->remedies;
            ok(remedies && remedies->type == J_ARRAY
               && remedies->items->nelts == want->nelts,
               "%s %s json: %d remedies", tag, id, want->nelts);
            for (j = 0; remedies && j < want->nelts; j++) {
                const jval *r = jat(remedies, j);
                is_str(r && r->type == J_STRING ? r->str : NULL,
                       plain(APR_ARRAY_IDX(want, j, const h401_tpl *), fvars),
                       "%s %s json: remedy %d", tag, id, j + 1);
            }
            challenges = jget(doc, "challenges");
            ok(challenges && challenges->type == J_ARRAY && challenges->items->nelts == 2
               && strcmp(jstr(jat(challenges, 0), "scheme"), "Basic") == 0
               && strcmp(jstr(jat(challenges, 0), "realm"), "Staff area") == 0
               && strcmp(jstr(jat(challenges, 1), "scheme"), "Bearer") == 0
               && jget(jat(challenges, 1), "realm") == NULL,
               "%s %s json: both challenges, a realm only where there is one", tag, id);

            /* text */
            ok(strchr(text, '<') == NULL, "%s %s text: no '<'", tag, id);
            lacks_str(text, "{{", "%s %s text: no '{{' left", tag, id);
            has_str(text, apr_pstrcat(pool, "\n", title, "\n", NULL),
                    "%s %s text: the title on its own line", tag, id);
            if (jstr(doc, "detail")) {
                has_str(text, jstr(doc, "detail"), "%s %s text: the explanation, as in JSON",
                        tag, id);
                has_str(html, h401_escape_html(pool, jstr(doc, "detail")),
                        "%s %s html: the explanation, as in JSON", tag, id);
            }
            for (j = 0; remedies && j < ct->remedies->nelts; j++) {
                const jval *r = jat(remedies, j);
                if (r && r->type == J_STRING) {
                    has_str(text, apr_pstrcat(pool, "  - ", r->str, "\n", NULL),
                            "%s %s text: remedy %d", tag, id, j + 1);
                }
            }
            has_str(text, "(Zx9-abc)", "%s %s text: request id", tag, id);
        }
    }
}

/* ---- escaping of what visitors send, in JSON ---- */

#define NASTY_USER  "bo\"b\\ \x01\x1f\t\n</script><b>"
#define NASTY_REALM "R\"\\\x02</script>'&"

static void test_json_escaping(const h401_pageset *set)
{
    h401_page_facts f;
    apr_array_header_t *challenges = apr_array_make(pool, 1, sizeof(h401_challenge));
    h401_challenge *c = apr_array_push(challenges);
    const char *json, *err;
    const jval *doc;
    int i;

    memset(c, 0, sizeof(*c));
    c->scheme = "Basic";
    c->realm = NASTY_REALM;
    for (i = 0; i < 2; i++) {
        h401_cause cause = i == 0 ? H401_CAUSE_BAD_CREDENTIALS : H401_CAUSE_NO_CREDENTIALS;
        const char *id = h401_cause_id(cause);

        memset(&f, 0, sizeof(f));
        f.cause = cause;
        f.lang = lang_of(set, "en");
        f.format = H401_FORMAT_JSON;
        f.user = NASTY_USER;
        f.realm = NASTY_REALM;
        f.path = "/a\"b</script>";
        f.contact = "mailto:\"x\"@example.org";
        f.request_id = "id\\\"";
        f.challenges = challenges;
        json = render(set, &f);
        doc = json_parse(json, &err);
        if (!ok(doc != NULL, "%s json with quotes, backslashes, controls: valid (%s)", id,
                err ? err : "ok")) {
            diag("%s", json);
            continue;
        }
        lacks_str(json, "</script>", "%s json: no '</script>' in the raw text", id);
        lacks_str(json, "<b>", "%s json: no raw '<' from values", id);
        ok(!strchr(json, '\x01') && !strchr(json, '\x02') && !strchr(json, '\x1f')
           && !strchr(json, '\t'), "%s json: no raw control characters", id);
        is_str(jstr(jat(jget(doc, "challenges"), 0), "realm"), NASTY_REALM,
               "%s json: the challenge's realm decodes to what was sent", id);
        is_str(jstr(doc, "instance"), "/a\"b</script>", "%s json: the path decodes back", id);
        is_str(jstr(doc, "contact"), "mailto:\"x\"@example.org",
               "%s json: the contact decodes back", id);
        is_str(jstr(doc, "request_id"), "id\\\"", "%s json: the request id decodes back", id);
        if (cause == H401_CAUSE_BAD_CREDENTIALS) {
            has_str(jstr(doc, "detail"), "“" NASTY_USER "”",
                    "%s json: the user name in the explanation decodes to what was sent", id);
        }
        else {
            has_str(jstr(doc, "detail"), "(“" NASTY_REALM "”)",
                    "%s json: the realm in the explanation decodes to what was sent", id);
        }
    }

    /* the same values in HTML and text */
    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_BAD_CREDENTIALS;
    f.user = NASTY_USER;
    f.realm = NASTY_REALM;
    f.format = H401_FORMAT_HTML;
    json = render(set, &f);
    lacks_str(json, "</script>", "html: no '</script>' from values");
    lacks_str(json, "<b>", "html: no '<b>' from values");
    has_str(json, "bo&quot;b\\ ", "html: the user name escaped");
    f.format = H401_FORMAT_TEXT;
    json = render(set, &f);
    has_str(json, "bo\"b\\ \t\n</script><b>", "text: the user name as sent, but for controls");
    ok(!strchr(json, '\x01') && !strchr(json, '\x1f'), "text: control characters dropped");
}

/* ---- the administrator's section ---- */

static void test_detail(const h401_pageset *set)
{
    apr_array_header_t *detail = apr_array_make(pool, 2, sizeof(h401_detail_item));
    apr_array_header_t *one = apr_array_make(pool, 1, sizeof(h401_detail_item));
    h401_detail_item *d;
    const char *heading = html_words("ui.detail_heading");
    const char *plain_heading = file_value("ui.detail_heading");
    h401_page_facts f;
    const char *page, *err;
    const jval *doc, *admin;
    int l;

    d = apr_array_push(detail);
    d->name = "AuthUserFile";
    d->value = "/etc/apache2/users<x>";
    d = apr_array_push(detail);
    d->name = "htaccess";
    d->value = "/var/www/old/.htaccess:2";
    d = apr_array_push(one);
    d->name = "cause";
    d->value = "leftover \"quoted\"";

    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_LEFTOVER_HTACCESS;
    f.lang = lang_of(set, "en");

    /* without detail: nothing of it, in any format */
    f.detail_fix = NULL;
    f.format = H401_FORMAT_HTML;
    page = render(set, &f);
    lacks_str(page, "class=\"admin\"", "no detail: no admin section in HTML");
    lacks_str(page, heading, "no detail: no admin heading in HTML");
    f.format = H401_FORMAT_JSON;
    page = render(set, &f);
    doc = json_parse(page, &err);
    ok(doc && jget(doc, "admin") == NULL, "no detail: no \"admin\" in JSON");
    lacks_str(page, "\"admin\"", "no detail: no \"admin\" text in JSON");
    f.format = H401_FORMAT_TEXT;
    page = render(set, &f);
    lacks_str(page, plain_heading, "no detail: no admin heading in text");

    /* an empty list is no section either */
    f.detail = apr_array_make(pool, 1, sizeof(h401_detail_item));
    f.format = H401_FORMAT_HTML;
    lacks_str(render(set, &f), "class=\"admin\"", "empty detail: no admin section in HTML");
    f.format = H401_FORMAT_JSON;
    doc = json_parse(render(set, &f), &err);
    ok(doc && jget(doc, "admin") == NULL, "empty detail: valid JSON without \"admin\"");

    /* with detail */
    f.detail = detail;
    f.detail_fix = "Create /etc/apache2/users & reload";
    f.format = H401_FORMAT_HTML;
    page = render(set, &f);
    is_int(count(page, "class=\"admin\""), 1, "detail: one admin section in HTML");
    has_str(page, apr_pstrcat(pool, "<h2 id=\"h-admin\">", heading, "</h2>", NULL),
            "detail: the admin heading in HTML");
    has_str(page, "<dt>AuthUserFile</dt><dd><code>/etc/apache2/users&lt;x&gt;</code></dd>\n"
            "<dt>htaccess</dt><dd><code>/var/www/old/.htaccess:2</code></dd>\n"
            "<dt>WWW-Authenticate</dt><dd>(none)</dd>\n</dl>",
            "detail: both items in HTML, in order, escaped, the challenges (none), then the "
            "list ends once");
    is_int(count(page, "<dl>"), count(page, "</dl>"), "detail: <dl> balanced in HTML");
    has_str(page, "<p>Create /etc/apache2/users &amp; reload</p>", "detail: the fix in HTML");

    f.format = H401_FORMAT_JSON;
    page = render(set, &f);
    doc = json_parse(page, &err);
    admin = jget(doc, "admin");
    if (ok(admin && admin->type == J_OBJECT && admin->items->nelts == 3,
           "detail: JSON \"admin\" object with two members and the challenges (%s)",
           err ? err : "ok")) {
        is_str(jstr(admin, "AuthUserFile"), "/etc/apache2/users<x>", "detail: JSON item 1");
        is_str(jstr(admin, "htaccess"), "/var/www/old/.htaccess:2", "detail: JSON item 2");
        ok(jget(admin, "WWW-Authenticate") && jget(admin, "WWW-Authenticate")->type == J_ARRAY
           && jget(admin, "WWW-Authenticate")->items->nelts == 0,
           "detail: JSON \"WWW-Authenticate\", an empty array where none was sent");
    }
    else {
        diag("%s", page);
    }

    {
        apr_array_header_t *two = apr_array_make(pool, 2, sizeof(const char *));
        const jval *list;

        APR_ARRAY_PUSH(two, const char *) = "Bearer realm=\"api\"";
        APR_ARRAY_PUSH(two, const char *) = "Basic realm=\"Staff\"";
        f.challenge_headers = two;
        page = render(set, &f);
        doc = json_parse(page, &err);
        list = jget(jget(doc, "admin"), "WWW-Authenticate");
        ok(list && list->type == J_ARRAY && list->items->nelts == 2
           && strcmp(jat(list, 0)->str, "Bearer realm=\"api\"") == 0
           && strcmp(jat(list, 1)->str, "Basic realm=\"Staff\"") == 0,
           "detail: two challenges, one JSON array in the order sent (%s)", err ? err : "ok");
        is_int(count(page, "\"WWW-Authenticate\""), 1, "detail: no key repeats in JSON");
        f.format = H401_FORMAT_HTML;
        has_str(render(set, &f), "<dt>WWW-Authenticate</dt><dd><code>Bearer realm=&quot;api&quot;"
                "</code></dd>\n<dt>WWW-Authenticate</dt><dd><code>Basic realm=&quot;Staff&quot;"
                "</code></dd>\n</dl>", "detail: two challenges in HTML, in order");
        f.challenge_headers = NULL;
    }

    f.format = H401_FORMAT_TEXT;
    page = render(set, &f);
    has_str(page, apr_pstrcat(pool, "\n", plain_heading, ":\n  AuthUserFile: /etc/apache2/users<x>\n"
                              "  htaccess: /var/www/old/.htaccess:2\n", NULL),
            "detail: heading and both items in text");
    has_str(page, "  -> Create /etc/apache2/users & reload\n", "detail: the fix in text");
    is_int(count(page, plain_heading), 1, "detail: one admin heading in text");

    /* one item, every language: still valid JSON, and the section's heading
     * is the language's */
    for (l = 0; l < NLANGS; l++) {
        const char *words = plain(h401_messages_get(lang_messages[l], "ui.detail_heading"), NULL);
        const char *colon = plain(h401_messages_get(lang_messages[l], "ui.colon"), NULL);

        f.lang = lang_of(set, lang_tags[l]);
        f.detail = one;
        f.detail_fix = NULL;
        f.format = H401_FORMAT_JSON;
        doc = json_parse(render(set, &f), &err);
        admin = jget(doc, "admin");
        ok(admin && admin->items->nelts == 2
           && strcmp(jstr(admin, "cause"), "leftover \"quoted\"") == 0,
           "detail, one item, %s: JSON \"admin\" (%s)", lang_tags[l], err ? err : "ok");
        f.format = H401_FORMAT_HTML;
        has_str(render(set, &f), apr_pstrcat(pool, "<h2 id=\"h-admin\">",
                                             h401_escape_html(pool, words), "</h2>", NULL),
                "detail, %s: the language's heading in HTML", lang_tags[l]);
        f.format = H401_FORMAT_TEXT;
        has_str(render(set, &f), apr_pstrcat(pool, words, colon,
                                             "\n  cause: leftover \"quoted\"\n", NULL),
                "detail, %s: the language's heading and colon in text", lang_tags[l]);
    }
}

/* ---- when a token expired, in words ---- */

typedef struct {
    const char *lang;
    apr_int64_t delta;
    const char *want;     /* in the text page */
} when_case;

static const when_case when_cases[] = {
    { "en", -3, "token that expired just now." },
    { "en", 3, "only becomes valid just now." },
    { "en", -4, "expired just now." },
    { "en", -5, "expired 5 seconds ago." },
    { "en", -45, "expired 45 seconds ago." },
    { "en", -59, "expired 59 seconds ago." },
    { "en", -60, "expired 1 minute ago." },
    { "en", -90, "expired 1 minute ago." },
    { "en", -119, "expired 1 minute ago." },
    { "en", -120, "expired 2 minutes ago." },
    { "en", -3599, "expired 59 minutes ago." },
    { "en", -3600, "expired 1 hour ago." },
    { "en", -7199, "expired 1 hour ago." },
    { "en", -7200, "expired 2 hours ago." },
    { "en", -86399, "expired 23 hours ago." },
    { "en", -86400, "expired 1 day ago." },
    { "en", -172799, "expired 1 day ago." },
    { "en", -172800, "expired 2 days ago." },
    { "en", 172800 * 2, "only becomes valid in 4 days." },
    { "en", 61, "only becomes valid in 1 minute." },
    { "de", -7200, "das vor 2 Stunden abgelaufen ist." },
    { "de", 172800 * 2, "das erst in 4 Tagen gültig wird." },
    { "de", -3600, "das vor einer Stunde abgelaufen ist." },
    { "de", 86400, "das erst in einem Tag gültig wird." },
    { "fr", -45, "qui a expiré il y a 45 secondes." },
    { "fr", -86400, "qui a expiré il y a un jour." },
    { "ja", -7200, "期限が切れたのは2時間前です" },
};

static void test_token_when(const h401_pageset *set)
{
    size_t i;

    for (i = 0; i < sizeof(when_cases) / sizeof(when_cases[0]); i++) {
        const when_case *c = &when_cases[i];
        h401_page_facts f;
        const char *page;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_EXPIRED_TOKEN;
        f.lang = lang_of(set, c->lang);
        f.format = H401_FORMAT_TEXT;
        f.sent_scheme = "Bearer";
        f.token_delta_known = 1;
        f.token_delta = c->delta;
        f.not_yet_valid = c->delta > 0;
        page = render(set, &f);
        has_str(page, c->want, "token_when %s %+ld: \"%s\"", c->lang, (long)c->delta, c->want);
    }

    /* not_yet_valid picks the title */
    {
        h401_page_facts f;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_EXPIRED_TOKEN;
        f.format = H401_FORMAT_TEXT;
        f.token_delta_known = 1;
        f.token_delta = 600;
        f.not_yet_valid = 1;
        has_str(render(set, &f), "\nYour access token is not valid yet\n",
                "not_yet_valid: the not-yet-valid title");
        f.not_yet_valid = 0;
        f.token_delta = -600;
        has_str(render(set, &f), "\nYour access token has expired\n",
                "expired: the expired title");
        has_str(render(set, &f), "expired 10 minutes ago.", "expired: 10 minutes ago");
        f.token_delta_known = 0;
        lacks_str(render(set, &f), "10 minutes", "delta unknown: no time told");
    }
}

/* ---- template sets served by a test h401_file_fn, over the shipped one ---- */

typedef struct {
    const char *path;
    const char *text;
} served_file;

/* Serves an array of served_file ending with a NULL path. */
static const char *serve(void *baton, apr_pool_t *p, const char *path)
{
    const served_file *f;

    (void)p;
    for (f = baton; f->path; f++) {
        if (strcmp(f->path, path) == 0) {
            return f->text;
        }
    }
    return NULL;
}

static apr_array_header_t *tags(const char *list)
{
    apr_array_header_t *a = apr_array_make(pool, 4, sizeof(const char *));
    char *copy = apr_pstrdup(pool, list), *state, *t;

    for (t = apr_strtok(copy, " ", &state); t; t = apr_strtok(NULL, " ", &state)) {
        APR_ARRAY_PUSH(a, const char *) = t;
    }
    return a;
}

#define WHERE "/etc/apache2/h401/"
#define MAX_FILES 5

typedef struct {
    const char *name;
    const char *langs;              /* space-separated */
    served_file files[MAX_FILES];   /* the set's own files */
    const char *want_error;         /* NULL: loads */
    h401_format format;             /* for a set that loads: render stale-session */
    const char *want_page;          /* "TITLE" stands for the stale-session title */
} set_case;

static const set_case set_cases[] = {
    { "page.html with an unclosed section", "en",
      { { "page.html", "<html>\n<body>\n<ol>{{#remedies}}<li>{{text}}</li>\n</ol>\n</body>\n" } },
      WHERE "page.html:3: section 'remedies' is never closed", 0, NULL },
    { "page.html with an unknown variable", "en",
      { { "page.html", "<title>{{title}}</title>\n<h1>{{titel}}</h1>\n" } },
      WHERE "page.html:2: unknown variable 'titel'", 0, NULL },
    { "page.html with an unknown ui word", "en",
      { { "page.html", "{{ui.status}}\n\n{{ui.no_such_word}}\n" } },
      WHERE "page.html:3: unknown variable 'ui.no_such_word'", 0, NULL },
    { "page.html naming a partial that is not there", "en",
      { { "page.html", "<p>\n{{> a}}\n" } },
      WHERE "page.html:2: unknown partial 'a'", 0, NULL },
    { "a partial with an unclosed section", "en",
      { { "page.html", "<p>{{> a}}</p>" }, { "partials/a.html", "x\ny\n{{#user}}" } },
      WHERE "partials/a.html:3: section 'user' is never closed", 0, NULL },
    { "a partial with an unknown variable", "en",
      { { "page.html", "<p>{{> a}}</p>" }, { "partials/a.html", "{{bogus}}" } },
      WHERE "partials/a.html:1: unknown variable 'bogus'", 0, NULL },
    { "an error in a partial of a partial names the inner file", "en",
      { { "page.html", "<p>{{> a}}</p>" }, { "partials/a.html", "a{{> b}}" },
        { "partials/b.html", "\nb{{/x}}" } },
      WHERE "partials/b.html:2: '{{/x}}' closes no open section", 0, NULL },
    { "partials including each other fail instead of recursing", "en",
      { { "page.html", "<p>{{> a}}</p>" }, { "partials/a.html", "a{{> b}}" },
        { "partials/b.html", "b{{> a}}" } },
      WHERE "partials/a.html: includes itself (through {{> a}})", 0, NULL },
    { "page.json does not use the HTML partials", "en",
      { { "page.json", "{\"a\": \"{{> a}}\"}" }, { "partials/a.html", "x" } },
      WHERE "page.json:1: unknown partial 'a'", 0, NULL },
    { "page.json with '{{' left open", "en",
      { { "page.json", "{\n\"t\": \"{{title}\"\n}\n" } },
      WHERE "page.json:2: '{{' without a closing '}}'", 0, NULL },
    { "page.txt with a stray close", "en",
      { { "page.txt", "{{title}}\n{{#detail}}\n{{/detail_fix}}\n" } },
      WHERE "page.txt:3: '{{/detail_fix}}' closes no open section", 0, NULL },
    { "a JSON partial with an unknown variable", "en",
      { { "page.json", "{\"a\": \"{{> q}}\"}" }, { "partials/q.json", "\n\n{{nope}}" } },
      WHERE "partials/q.json:3: unknown variable 'nope'", 0, NULL },
    { "messages broken", "en",
      { { "en/messages.txt", "lang = en\nno equals sign here\n" } },
      WHERE "en/messages.txt:2: expected 'key = text'", 0, NULL },
    { "messages with an unknown variable", "en de",
      { { "de/messages.txt", "lang = de\n\ncause.no-credentials.title = Hallo {{nutzer}}\n" } },
      WHERE "de/messages.txt:3: unknown variable 'nutzer'", 0, NULL },
    { "messages with a new cause without explanation", "en",
      { { "en/messages.txt", "cause.maintenance.title = Down\n"
                             "cause.maintenance.remedies = contact\n" } },
      WHERE "en/messages.txt: 'cause.maintenance.explanation' is missing", 0, NULL },
    { "messages with an empty remedies list", "en",
      { { "en/messages.txt", "# words\ncause.stale-session.remedies =\n" } },
      WHERE "en/messages.txt:2: 'cause.stale-session.remedies' lists no remedy", 0, NULL },
    { "no language", "", { { NULL, NULL } },
      WHERE ": no language directory with a messages.txt", 0, NULL },

    { "a page with partials loads and renders", "en",
      { { "page.html", "<html lang=\"{{lang}}\">{{> a}}</html>" },
        { "partials/a.html", "<h1>{{title}}</h1>{{> b}}" },
        { "partials/b.html", "<i>{{cause}} {{user}}</i>" } },
      NULL, H401_FORMAT_HTML,
      "<html lang=\"en\"><h1>TITLE</h1><i>stale-session &lt;u&gt;</i></html>" },
    { "a JSON page with a JSON partial", "en",
      { { "page.json", "{\"c\": \"{{> q}}\"}" }, { "partials/q.json", "{{cause}} {{user}}" } },
      NULL, H401_FORMAT_JSON, "{\"c\": \"stale-session \\u003cu>\"}" },
    { "a text page with a text partial", "en",
      { { "page.txt", "{{title}}{{> q}}" }, { "partials/q.txt", " / {{user}}" } },
      NULL, H401_FORMAT_TEXT, "TITLE / <u>" },
    { "a word of the set's own messages is known to its pages", "en",
      { { "page.html", "{{ui.slogan}}|{{cause}}" }, { "en/messages.txt", "ui.slogan = ACME & co\n" } },
      NULL, H401_FORMAT_HTML, "ACME &amp; co|stale-session" },
    { "a word of a new language only is known too", "en pt",
      { { "page.txt", "[{{ui.ola}}]" }, { "pt/messages.txt", "lang = pt\nui.ola = Olá\n" } },
      NULL, H401_FORMAT_TEXT, "[]" },
    { "only page.html given: the JSON page is the shipped one", "en de",
      { { "page.html", "<p>{{title}}</p>" } },
      NULL, H401_FORMAT_JSON, "SHIPPED" },
    { "only page.html given: the text page is the shipped one", "en de",
      { { "page.html", "<p>{{title}}</p>" } },
      NULL, H401_FORMAT_TEXT, "SHIPPED" },
    { "only page.html given: the HTML page is the set's", "en de",
      { { "page.html", "<p>{{title}}</p>" } },
      NULL, H401_FORMAT_HTML, "<p>TITLE</p>" },
    { "an empty set: every page is the shipped one", "en de fr es ja",
      { { NULL, NULL } }, NULL, H401_FORMAT_HTML, "SHIPPED" },
};

static void test_sets(const h401_pageset *shipped)
{
    size_t i;

    for (i = 0; i < sizeof(set_cases) / sizeof(set_cases[0]); i++) {
        const set_case *c = &set_cases[i];
        served_file files[MAX_FILES + 1];
        h401_pageset *set = (h401_pageset *)&set;   /* must become NULL on error */
        const char *err;
        int n;

        for (n = 0; n < MAX_FILES && c->files[n].path; n++) {
            files[n] = c->files[n];
        }
        files[n].path = NULL;
        files[n].text = NULL;

        err = h401_pageset_load(pool, serve, files, tags(c->langs), shipped, WHERE, &set);
        is_str(err, c->want_error, "set: %s", c->name);
        if (c->want_error) {
            ok(set == NULL, "set: %s: no set", c->name);
        }
        else if (ok(set != NULL, "set: %s: a set", c->name)) {
            h401_page_facts f;
            const char *want = c->want_page;
            const char *at = strstr(want, "TITLE");

            memset(&f, 0, sizeof(f));
            f.cause = H401_CAUSE_STALE_SESSION;
            f.format = c->format;
            f.user = "<u>";
            if (strcmp(want, "SHIPPED") == 0) {
                want = render(shipped, &f);
            }
            else if (at) {
                const char *title = title_of("en", H401_CAUSE_STALE_SESSION);
                want = apr_pstrcat(pool, apr_pstrmemdup(pool, want, (apr_size_t)(at - want)),
                                   c->format == H401_FORMAT_HTML
                                   ? h401_escape_html(pool, title) : title, at + 5, NULL);
            }
            is_str(render(set, &f), want, "set: %s: rendered %s", c->name,
                   format_names[c->format]);
            if (strcmp(c->name, "a word of a new language only is known too") == 0) {
                f.lang = lang_of(set, "pt");
                is_str(render(set, &f), "[Olá]", "set: %s: rendered for pt", c->name);
            }
        }
    }
}

/* The shipped set without a base: each page and the first language are required. */
static void test_shipped_required(void)
{
    static const char *const partials[] = {
        "partials/head.html", "partials/header.html", "partials/footer.html"
    };
    served_file files[7];
    h401_pageset *set = NULL;
    int i;

    files[0].path = "en/messages.txt";
    files[0].text = messages_txt;
    files[1].path = "page.html";
    files[1].text = h401_builtin_get(NULL, pool, "page.html");
    files[2].path = "page.txt";
    files[2].text = h401_builtin_get(NULL, pool, "page.txt");
    for (i = 0; i < 3; i++) {   /* the shipped page.html includes them */
        files[3 + i].path = partials[i];
        files[3 + i].text = h401_builtin_get(NULL, pool, partials[i]);
    }
    files[6].path = NULL;
    is_str(h401_pageset_load(pool, serve, files, tags("en"), NULL, "templates/", &set),
           "templates/page.json: not found", "no base: a missing page.json is an error");
    ok(set == NULL, "no base: and no set");
    is_str(h401_pageset_load(pool, h401_builtin_get, NULL, tags("xx en"), NULL, "templates/",
                             &set),
           "templates/xx/messages.txt: not found",
           "no base: a missing first language is an error");
    set = NULL;
    is_str(h401_pageset_load(pool, h401_builtin_get, NULL, tags("en xx"), NULL, NULL, &set),
           NULL, "no base: a later language without a file takes the first one's words");
    if (set) {
        h401_page_facts f;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_NO_CREDENTIALS;
        f.lang = lang_of(set, "xx");
        has_str(render(set, &f), "<html lang=\"xx\">", "the language without a file: its tag");
        has_str(render(set, &f), h401_escape_html(pool, title_of("en", H401_CAUSE_NO_CREDENTIALS)),
                "the language without a file: the first language's words");
    }
}

/* An admin's messages over the shipped set: new causes and changed words. */
static void test_custom_causes(const h401_pageset *shipped)
{
    static const served_file files[] = {
        { "en/messages.txt",
          "# ACME\n"
          "cause.no-credentials.title = Please sign in with your ACME account\n"
          "cause.maintenance.title = The intranet is down for maintenance\n"
          "cause.maintenance.explanation = Back at {{url}}.\n"
          "cause.maintenance.remedies = come-back, contact\n" },
        { "page.html", "<html lang=\"{{lang}}\"><h1>{{title}}</h1>{{#remedies}}<li>{{text}}</li>"
          "{{/remedies}}<p>{{cause}}</p></html>" },
        { NULL, NULL }
    };
    const apr_array_header_t *got;
    h401_pageset *set = NULL;
    h401_page_facts f;
    const char *page, *err;
    const jval *doc;
    int i;

    err = h401_pageset_load(pool, serve, (void *)files, tags("en de"), shipped, WHERE, &set);
    is_str(err, NULL, "a set with a new cause loads over the shipped one");
    if (!set) {
        return;
    }
    got = h401_pageset_languages(set);
    ok(got->nelts == 2 && strcmp(APR_ARRAY_IDX(got, 0, const char *), "en") == 0
       && strcmp(APR_ARRAY_IDX(got, 1, const char *), "de") == 0,
       "its languages: en, de, in order");
    ok(h401_pageset_has_cause(set, "maintenance"), "it has the new cause in every language");
    ok(!h401_pageset_has_cause(shipped, "maintenance"), "the shipped set does not");
    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        ok(h401_pageset_has_cause(set, h401_cause_id((h401_cause)i)),
           "custom set has %s", h401_cause_id((h401_cause)i));
    }
    ok(!h401_pageset_has_cause(set, "no-such-cause"), "no unknown cause");

    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NO_CREDENTIALS;
    f.cause_id = "maintenance";
    f.url = "/x";
    f.lang = lang_of(set, "en");
    page = render(set, &f);
    has_str(page, "<h1>The intranet is down for maintenance</h1>", "cause_id: the new title");
    has_str(page, "<p>maintenance</p>", "cause_id: {{cause}} is the new id");
    is_int(count(page, "<li>"), 2, "cause_id: its two remedies");
    f.lang = lang_of(set, "de");
    page = render(set, &f);
    has_str(page, "<html lang=\"de\"><h1>The intranet is down for maintenance</h1>",
            "cause_id in German: the words of the default language");
    is_int(count(page, "<li>"), 2, "cause_id in German: its two remedies");
    /* which is why a page about it is never chosen in German: the whole
     * page goes to a language that has its words in its own */
    is_str(h401_language_tag(h401_pageset_language_for(set, "de", "en", "maintenance")), "en",
           "language for a cause only English has words for, 'de' asked: en");
    is_str(h401_language_tag(h401_pageset_language_for(set, "de", "de", "maintenance")), "en",
           "the same with German the default: still en");
    is_str(h401_language_tag(h401_pageset_language_for(set, "de", "en", "no-credentials")), "de",
           "a built-in cause, 'de' asked: de (the shipped German words)");
    is_str(h401_language_tag(h401_pageset_language_for(set, "de", "en", NULL)), "de",
           "no cause named: de");
    is_str(h401_language_tag(h401_pageset_language_for(shipped, "fr", "en", "no-credentials")), "fr",
           "the shipped set: the visitor's language for every cause");
    f.format = H401_FORMAT_JSON;
    doc = json_parse(render(set, &f), &err);
    is_str(jstr(doc, "cause"), "maintenance", "cause_id: JSON (shipped page) \"cause\"");
    is_str(jstr(doc, "type"), "about:blank", "cause_id: JSON \"type\", the site naming none");
    f.problem_type = "https://example.org/problems/maintenance";
    doc = json_parse(render(set, &f), &err);
    is_str(jstr(doc, "type"), "https://example.org/problems/maintenance",
           "cause_id: JSON \"type\", the site's own");
    f.problem_type = NULL;
    is_str(jstr(doc, "detail"), "Back at /x.", "cause_id: JSON \"detail\"");

    f.cause_id = "no-such-cause";
    f.format = H401_FORMAT_JSON;
    doc = json_parse(render(set, &f), &err);
    is_str(jstr(doc, "cause"), "no-credentials", "an unknown cause_id: the built-in cause");
    f.cause_id = "maintenance";
    f.lang = lang_of(shipped, "de");
    doc = json_parse(render(shipped, &f), &err);
    is_str(jstr(doc, "cause"), "no-credentials",
           "a cause_id the set has no words for: the built-in cause");

    f.cause_id = NULL;
    f.format = H401_FORMAT_HTML;
    f.lang = lang_of(set, "en");
    has_str(render(set, &f), "<h1>Please sign in with your ACME account</h1>",
            "the set's own title for a built-in cause");
    f.lang = lang_of(set, "de");
    has_str(render(set, &f), apr_pstrcat(pool, "<h1>",
                                         h401_escape_html(pool, title_of("de",
                                                          H401_CAUSE_NO_CREDENTIALS)),
                                         "</h1>", NULL),
            "German keeps the shipped German title");
}

/* ---- the words of the area's sign-in method ---- */

static void test_methods(const h401_pageset *shipped)
{
    static const served_file files[] = {
        { "en/messages.txt",
          "cause.no-credentials.title.negotiate = Sign in to the domain\n"
          "cause.no-credentials.explanation.bearer = A token{{#scope}} for {{scope}}{{/scope}}"
          " is needed.\n"
          "cause.no-credentials.remedies.bearer = contact\n"
          "cause.maintenance.title = Down\n"
          "cause.maintenance.title.redirect = Down, sign in later\n"
          "cause.maintenance.explanation = Back soon.\n"
          "cause.maintenance.remedies = come-back\n" },
        { "page.html", "<h1>{{title}}</h1><p>{{explanation}}</p>{{#remedies}}<li>{{text}}"
          "{{/remedies}}" },
        { NULL, NULL }
    };
    const char *plain_title = h401_escape_html(pool, title_of("en", H401_CAUSE_NO_CREDENTIALS));
    h401_pageset *set = NULL;
    h401_page_facts f;
    const char *page;
    h401_buf fixed;
    int m, f_i;

    is_str(h401_pageset_load(pool, serve, (void *)files, tags("en de"), shipped, WHERE, &set),
           NULL, "a set with words per method loads");
    if (!set) {
        return;
    }
    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NO_CREDENTIALS;
    f.lang = lang_of(set, "en");
    f.method = H401_SIGNIN_NEGOTIATE;
    has_str(render(set, &f), "<h1>Sign in to the domain</h1>", "negotiate: its own title");
    f.method = H401_SIGNIN_BASIC;
    has_str(render(set, &f), apr_pstrcat(pool, "<h1>", plain_title, "</h1>", NULL),
            "basic, which has no words here: the plain title");
    f.method = (h401_signin)77;
    has_str(render(set, &f), apr_pstrcat(pool, "<h1>", plain_title, "</h1>", NULL),
            "a method out of range: the plain title");
    f.method = H401_SIGNIN_BEARER;
    f.scope = "read <all>";
    page = render(set, &f);
    has_str(page, "<p>A token for read &lt;all&gt; is needed.</p>",
            "bearer: its explanation with {{scope}}, escaped");
    is_int(count(page, "<li>"), 1, "bearer: its one remedy");
    f.scope = NULL;
    has_str(render(set, &f), "<p>A token is needed.</p>", "bearer without a scope");
    f.lang = lang_of(set, "de");
    lacks_str(render(set, &f), "A token",
              "de: the shipped German words, not the set's English ones for bearer");

    /* the admin's own cause, per method too */
    f.lang = lang_of(set, "en");
    f.cause_id = "maintenance";
    f.method = H401_SIGNIN_REDIRECT;
    has_str(render(set, &f), "<h1>Down, sign in later</h1>", "a cause_id: its redirect title");
    f.method = H401_SIGNIN_OTHER;
    has_str(render(set, &f), "<h1>Down</h1>", "a cause_id: its plain title");

    /* prepared or not, per method: the same bytes */
    f.cause_id = NULL;
    f.scope = "s";
    f.user = "bob";
    for (m = 0; m < H401_SIGNIN_COUNT; m++) {
        for (f_i = 0; f_i < 3; f_i++) {
            f.method = (h401_signin)m;
            f.format = (h401_format)f_i;
            h401_buf_init(&fixed, pool, 64);
            ok(h401_page_render_unprepared(set, &f, &fixed), "unprepared %s %s: renders",
               h401_signin_id((h401_signin)m), format_names[f_i]);
            is_str(render(set, &f), fixed.data, "method '%s', %s: prepared and unprepared agree",
                   h401_signin_id((h401_signin)m), format_names[f_i]);
        }
    }

    /* the shipped set: zeroed facts are the plain words of today */
    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NO_CREDENTIALS;
    f.lang = lang_of(shipped, "en");
    has_str(render(shipped, &f), apr_pstrcat(pool, "<h1>", plain_title, "</h1>", NULL),
            "shipped, zeroed method: the plain title");
}

/* Every cause's page for every method, in every language: the method's
 * words (those the messages give it, after their fallbacks). */
static void test_method_words(const h401_pageset *set)
{
    h401_vars *vars = h401_vars_make(pool, NULL);
    h401_page_facts f;
    const char *page;
    int l, c, m;

    h401_vars_set(vars, "user", "alice");
    h401_vars_set(vars, "realm", "Staff area");
    for (l = 0; l < NLANGS; l++) {
        for (c = 0; c < H401_CAUSE_COUNT; c++) {
            const char *cause = h401_cause_id((h401_cause)c);

            for (m = 0; m < H401_SIGNIN_COUNT; m++) {
                const h401_cause_text *ct = h401_messages_cause_for(lang_messages[l], cause,
                                                                   (h401_signin)m);
                const char *id = m ? h401_signin_id((h401_signin)m) : "plain";

                memset(&f, 0, sizeof(f));
                f.cause = (h401_cause)c;
                f.lang = lang_of(set, lang_tags[l]);
                f.method = (h401_signin)m;
                f.user = "alice";
                f.realm = "Staff area";
                f.format = H401_FORMAT_TEXT;
                page = render(set, &f);
                if (!has_str(page, apr_pstrcat(pool, "\n", plain(ct->title, vars), "\n", NULL),
                             "%s %s, %s: the method's title", lang_tags[l], cause, id)
                    || !has_str(page, plain(ct->explanation, vars),
                                "%s %s, %s: the method's explanation", lang_tags[l], cause, id)
                    || !is_int(count(page, "\n  - "), ct->remedies->nelts,
                               "%s %s, %s: the method's %d remedies", lang_tags[l], cause, id,
                               ct->remedies->nelts)) {
                    continue;
                }
                if (c == H401_CAUSE_NOT_PERMITTED && m != H401_SIGNIN_BEARER) {
                    has_str(plain(ct->title, vars), "alice",
                            "%s not-permitted, %s: the title names the user", lang_tags[l], id);
                }
            }
        }
    }
}

/* not-permitted: the words of each method, the user and the scope */
static void test_not_permitted(const h401_pageset *set)
{
    h401_page_facts f;
    const char *page;

    /* the words differ where they should */
    ok(h401_messages_cause_for(lang_messages[0], "not-permitted", H401_SIGNIN_BASIC)
       != h401_messages_cause_by_id(lang_messages[0], "not-permitted"),
       "not-permitted: the browser's box has words of its own");
    ok(h401_messages_cause_for(lang_messages[0], "not-permitted", H401_SIGNIN_DIGEST)
       == h401_messages_cause_for(lang_messages[0], "not-permitted", H401_SIGNIN_BASIC),
       "not-permitted: Digest's are Basic's");
    ok(h401_messages_cause_for(lang_messages[0], "not-permitted", H401_SIGNIN_REDIRECT)
       == h401_messages_cause_by_id(lang_messages[0], "not-permitted"),
       "not-permitted: a login by redirect has the plain words");

    /* a token's scope, in every format, escaped */
    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NOT_PERMITTED;
    f.lang = lang_of(set, "en");
    f.method = H401_SIGNIN_BEARER;
    f.scope = "reports:read <x>";
    f.format = H401_FORMAT_HTML;
    is_int(count(render(set, &f), "reports:read &lt;x&gt;"), 2,
           "bearer with a scope, html: in the explanation and a remedy, escaped");
    f.format = H401_FORMAT_JSON;
    is_int(count(render(set, &f), "reports:read \\u003cx>"), 2,
           "bearer with a scope, json: twice, escaped");
    f.scope = NULL;
    f.format = H401_FORMAT_TEXT;
    page = render(set, &f);
    lacks_str(page, "“”", "bearer without a scope: no empty quotes");
    has_str(page, plain(APR_ARRAY_IDX(h401_messages_cause_for(lang_messages[0], "not-permitted",
                                                              H401_SIGNIN_BEARER)->remedies, 0,
                                      const h401_tpl *), NULL),
            "bearer without a scope: the remedy's words for none");
}

/* ---- no Negotiate or Bearer page speaks of passwords ---- */

/* The words of passwords, per language (lang_tags' order), their resets
 * included (they name the password too), and Caps Lock. */
static const char *const password_words[NLANGS][5] = {
    { "password", "caps lock", NULL },
    { "passwort", "kennwort", "caps lock", "feststelltaste", NULL },
    { "mot de passe", "caps lock", "verrouillage des majuscules", NULL },
    { "contraseña", "caps lock", "bloq mayús", "bloqueo de mayúsculas", NULL },
    { "パスワード", "caps lock", "キャップスロック", NULL },
};

/* The first of words in text, ASCII letters in any case; NULL if none. */
static const char *first_word_in(const char *text, const char *const *words)
{
    for (; *words; words++) {
        apr_size_t n = strlen(*words);
        const char *t;

        for (t = text; *t; t++) {
            apr_size_t i = 0;
            while (i < n && apr_tolower((unsigned char)t[i]) == (unsigned char)(*words)[i]) {
                i++;
            }
            if (i == n) {
                return *words;
            }
        }
    }
    return NULL;
}

static void test_no_password_words(const h401_pageset *set)
{
    static const h401_signin methods[] = { H401_SIGNIN_BEARER, H401_SIGNIN_NEGOTIATE };
    static const char *const schemes[] = { "Bearer", "Negotiate" };
    int l, c, m, f_i;

    for (l = 0; l < NLANGS; l++) {
        const char *const *words = password_words[l];
        int clean = 1;
        h401_page_facts f;
        const char *found;

        for (m = 0; m < 2; m++) {
            for (c = 0; c < H401_CAUSE_COUNT; c++) {
                for (f_i = 0; f_i < 3; f_i++) {
                    plain_facts(&f, set, (h401_cause)c, lang_tags[l], (h401_format)f_i);
                    f.method = methods[m];
                    f.scheme = f.sent_scheme = schemes[m];
                    f.scope = "reports:read";
                    f.not_yet_valid = c % 2;
                    if ((found = first_word_in(render(set, &f), words)) != NULL) {
                        clean = 0;
                        diag("%s %s %s, %s: speaks of '%s'", lang_tags[l],
                             h401_cause_id((h401_cause)c), h401_signin_id(methods[m]),
                             format_names[f_i], found);
                    }
                }
            }
        }
        ok(clean, "%s: no %d causes x bearer, negotiate x 3 formats page speaks of passwords",
           lang_tags[l], H401_CAUSE_COUNT);

        /* the words are the ones pages use: a Basic refusal has them */
        plain_facts(&f, set, H401_CAUSE_BAD_CREDENTIALS, lang_tags[l], H401_FORMAT_TEXT);
        f.method = H401_SIGNIN_BASIC;
        ok(first_word_in(render(set, &f), words) != NULL,
           "%s: a Basic bad-credentials page does speak of passwords (the list finds them)",
           lang_tags[l]);
        f.format = H401_FORMAT_HTML;
        ok(first_word_in(render(set, &f), words + 1) != NULL,
           "%s: and of Caps Lock, in HTML", lang_tags[l]);
    }
}

/* A cause id as an HTML page's words quote it: non-breaking hyphens. */
static const char *html_reference(const char *id)
{
    const char *out = "";
    const char *dash;

    while ((dash = strchr(id, '-')) != NULL) {
        out = apr_pstrcat(pool, out, apr_pstrmemdup(pool, id, (apr_size_t)(dash - id)),
                          "\xE2\x80\x91", NULL);
        id = dash + 1;
    }
    return apr_pstrcat(pool, out, id, NULL);
}

/* text without the cause id "expired-token" (the reference line, JSON's
 * "cause" and "type"), which is no word of the page's. */
static const char *without_cause_id(const char *text)
{
    const char *const forms[] = { "expired-token", html_reference("expired-token") };
    const char *out = "";
    int i;

    for (i = 0; i < 2; i++) {
        const char *at;

        out = "";
        while ((at = strstr(text, forms[i])) != NULL) {
            out = apr_pstrcat(pool, out, apr_pstrmemdup(pool, text, (apr_size_t)(at - text)),
                              NULL);
            text = at + strlen(forms[i]);
        }
        text = apr_pstrcat(pool, out, text, NULL);
    }
    return text;
}

/* A Digest answer to a stale nonce: expired-token's words for Digest
 * speak of the nonce, not of a token. */
static void test_stale_nonce(const h401_pageset *set)
{
    static const char *const token_word[NLANGS] = { "token", "token", "jeton", "token",
                                                    "トークン" };
    static const char *const nonce[] = { "nonce", NULL };
    const char *const *words;
    int l, f_i;

    for (l = 0; l < NLANGS; l++) {
        const char *token[2];
        h401_page_facts f;

        token[0] = token_word[l];
        token[1] = NULL;
        words = token;
        for (f_i = 0; f_i < 3; f_i++) {
            const char *page;

            plain_facts(&f, set, H401_CAUSE_EXPIRED_TOKEN, lang_tags[l], (h401_format)f_i);
            f.method = H401_SIGNIN_DIGEST;
            f.scheme = f.sent_scheme = "Digest";
            f.token_delta_known = 0;
            page = without_cause_id(render(set, &f));
            ok(first_word_in(page, words) == NULL,
               "%s expired-token digest, %s: no '%s'", lang_tags[l], format_names[f_i],
               token_word[l]);
            ok(first_word_in(page, nonce) != NULL, "%s expired-token digest, %s: the nonce",
               lang_tags[l], format_names[f_i]);
            /* the token's words are there for a token, so the check can fail */
            f.method = H401_SIGNIN_BEARER;
            f.scheme = f.sent_scheme = "Bearer";
            ok(first_word_in(without_cause_id(render(set, &f)), words) != NULL,
               "%s expired-token bearer, %s: speaks of the '%s'", lang_tags[l],
               format_names[f_i], token_word[l]);
        }
    }
}

/* The text format's colons are the language's: a full-width one in
 * Japanese, with no space after it; English keeps ": ". */
typedef struct {
    const char *lang;
    const char *label_colon;   /* between a label and its value */
    const char *colon;         /* at the end of a heading */
} colon_case;

static const colon_case colon_cases[] = {
    { "en", ": ", ":" },
    { "es", ": ", ":" },
    { "de", ": ", ":" },
    { "fr", "\xc2\xa0: ", "\xc2\xa0:" },   /* U+00A0 NO-BREAK SPACE */
    { "ja", "\xef\xbc\x9a", "\xef\xbc\x9a" },   /* U+FF1A FULLWIDTH COLON */
};

static void test_text_colons(const h401_pageset *set)
{
    size_t i;

    for (i = 0; i < sizeof(colon_cases) / sizeof(colon_cases[0]); i++) {
        const colon_case *c = &colon_cases[i];
        h401_messages *m = lang_messages[lang_index(c->lang)];
        const char *address = plain(h401_messages_get(m, "ui.address"), NULL);
        const char *heading = plain(h401_messages_get(m, "ui.remedies_heading"), NULL);
        h401_page_facts f;
        const char *page;

        plain_facts(&f, set, H401_CAUSE_NO_CREDENTIALS, c->lang, H401_FORMAT_TEXT);
        page = render(set, &f);
        has_str(page, apr_pstrcat(pool, "\n", address, c->label_colon,
                                  "https://example.org/private/\n", NULL),
                "%s text: the address after the label and the language's colon", c->lang);
        has_str(page, apr_pstrcat(pool, "\n", heading, c->colon, "\n", NULL),
                "%s text: the remedies heading ends with the language's colon", c->lang);
        if (strcmp(c->lang, "ja") == 0) {
            lacks_str(page, ": ", "ja text: no half-width colon and space anywhere");
            lacks_str(page, ":\n", "ja text: no line ends with a half-width colon");
        }
    }
}

static void test_languages(const h401_pageset *set)
{
    const apr_array_header_t *got = h401_pageset_languages(set);
    h401_page_facts f;
    int i;

    ok(got && got->nelts == NLANGS, "the shipped set has %d languages", NLANGS);
    for (i = 0; got && i < NLANGS && i < got->nelts; i++) {
        is_str(APR_ARRAY_IDX(got, i, const char *), lang_tags[i], "language %d is %s", i + 1,
               lang_tags[i]);
    }
    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        ok(h401_pageset_has_cause(set, h401_cause_id((h401_cause)i)), "shipped set has %s",
           h401_cause_id((h401_cause)i));
    }
    ok(!h401_pageset_has_cause(set, "maintenance"), "shipped set has no maintenance cause");

    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NO_CREDENTIALS;
    f.lang = lang_of(set, NULL);
    has_str(render(set, &f), "<html lang=\"en\">", "no language: the default, en");
    f.lang = lang_of(set, "pt");
    has_str(render(set, &f), "<html lang=\"en\">", "an unknown language: the default, en");
    f.lang = lang_of(set, "de");
    has_str(render(set, &f), "<html lang=\"de\">", "de: <html lang=\"de\">");
    f.format = (h401_format)7;
    ok(strncmp(render(set, &f), "<!DOCTYPE html>", 15) == 0, "an unknown format: HTML");
    f.format = H401_FORMAT_TEXT;
    f.cause = (h401_cause)42;
    has_str(render(set, &f), title_of("de", H401_CAUSE_NO_CREDENTIALS),
            "an unknown cause: the no-credentials words");
}

static void test_variables(void)
{
    static const char *const must[] = {
        "lang", "cause", "title", "explanation", "remedies", "text", "first", "realm",
        "scheme", "sent_scheme", "user", "url", "path", "contact", "contact_label",
        "login_url", "home_url", "action_url", "action_is_login", "request_id",
        "challenges", "challenge_headers", "header", "token_when", "not_yet_valid",
        "detail", "name", "value", "detail_fix", "status", "n", "amount", "scope",
    };
    size_t i;
    int n = 0, dup = 0, j;

    while (h401_page_variables[n]) {
        n++;
    }
    for (i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
        int found = 0;
        for (j = 0; j < n; j++) {
            found |= strcmp(h401_page_variables[j], must[i]) == 0;
        }
        ok(found, "h401_page_variables has %s", must[i]);
    }
    for (j = 0; j < n; j++) {
        int k;
        for (k = j + 1; k < n; k++) {
            dup |= strcmp(h401_page_variables[j], h401_page_variables[k]) == 0;
        }
    }
    ok(!dup, "h401_page_variables has no name twice (%d names)", n);
}

/* ---- the HTML page's details ---- */

#define REALM       "Staff \"area\" & <x>"
#define REALM_HTML  "Staff &quot;area&quot; &amp; &lt;x&gt;"
#define USER        "<b>bob</b>"
#define USER_HTML   "&lt;b&gt;bob&lt;/b&gt;"
#define URL         "/private/?a=1&b=<2>"
#define URL_HTML    "/private/?a=1&amp;b=&lt;2&gt;"

static void test_html_escaping(const h401_pageset *set)
{
    int i;

    for (i = 0; i < H401_CAUSE_COUNT; i++) {
        const char *id = h401_cause_id((h401_cause)i);
        h401_page_facts f;
        const char *page;

        memset(&f, 0, sizeof(f));
        f.cause = (h401_cause)i;
        f.realm = REALM;
        f.scheme = "Basic";
        f.sent_scheme = "Bearer";
        f.user = USER;
        f.url = URL;
        f.contact = "mailto:webmaster@example.org";
        f.home_url = "/";
        page = render(set, &f);
        has_str(page, "<dd>" REALM_HTML "</dd>", "%s: realm shown, escaped", id);
        has_str(page, "<dd>" USER_HTML "</dd>", "%s: user shown, escaped", id);
        has_str(page, "<dd>" URL_HTML "</dd>", "%s: address shown, escaped", id);
        has_str(page, "<dd>Basic</dd>", "%s: scheme shown", id);
        lacks_str(page, "<x>", "%s: no raw markup from the realm", id);
        lacks_str(page, "<b>bob", "%s: no raw markup from the user name", id);
        lacks_str(page, "<2>", "%s: no raw markup from the address", id);
        has_str(page, html_reference(id), "%s: the cause id is given as the reference", id);
    }
}

/* The reference at the foot of an HTML page cannot break at a hyphen (a
 * browser would break "no-credentials" after "no-" on a narrow screen);
 * JSON and text keep the id as it is, and so does {{cause}}. */
static void test_reference_unbroken(const h401_pageset *set)
{
    const h401_page_facts base = { 0 };
    h401_page_facts f = base;
    const char *html, *text;

    f.cause = H401_CAUSE_NO_CREDENTIALS;
    f.method = H401_SIGNIN_BASIC;
    f.url = URL;
    html = render(set, &f);
    has_str(html, "mention this reference: no\xE2\x80\x91" "credentials.",
            "html: the reference has a non-breaking hyphen");
    lacks_str(html, "no-credentials", "html: and no breakable one");
    f.format = H401_FORMAT_TEXT;
    text = render(set, &f);
    has_str(text, "mention this reference: no-credentials.", "text: the reference as it is");
    f.format = H401_FORMAT_JSON;
    has_str(render(set, &f), "\"cause\": \"no-credentials\"", "json: the cause as it is");
}
static void test_values(const h401_pageset *set)
{
    h401_page_facts f;
    const char *page, *expl;

    /* the cause's words use the values, escaped */
    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_BAD_CREDENTIALS;
    f.user = USER;
    page = render(set, &f);
    expl = file_value("cause.bad-credentials.explanation");
    if (expl && strstr(expl, "{{user}}")) {
        is_int(count(page, USER_HTML), 2, "bad-credentials: user escaped in explanation and details");
    }
    else {
        skip("cause.bad-credentials.explanation does not name {{user}}");
    }

    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_WRONG_SCHEME;
    f.scheme = "Basic";
    f.sent_scheme = "Bearer<script>";
    page = render(set, &f);
    has_str(page, "Bearer&lt;script&gt;", "wrong-scheme: sent scheme escaped in the words");
    lacks_str(page, "<script>", "wrong-scheme: no raw markup from the sent scheme");

    /* unknown values leave their lines out */
    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NO_CREDENTIALS;
    page = render(set, &f);
    lacks_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.realm"), "</dt>", NULL),
              "no realm: no realm line");
    lacks_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.user"), "</dt>", NULL),
              "no user: no user line");
    lacks_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.scheme"), "</dt>", NULL),
              "no scheme: no scheme line");
    lacks_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.contact"), "</dt>", NULL),
              "no contact: no contact line");
    lacks_str(page, "class=\"action\"", "neither login nor home URL: no action link");
    has_str(page, "<dd></dd>", "no URL: empty address");
    lacks_str(page, "{{", "all values unknown: no '{{' left");
    has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.address"), "</dt>", NULL),
            "the address line is always there");

    memset(&f, 0, sizeof(f));
    f.cause = H401_CAUSE_NO_CREDENTIALS;
    f.realm = "R";
    f.user = "u";
    f.scheme = "Digest";
    page = render(set, &f);
    has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.realm"), "</dt><dd>R</dd>", NULL),
            "realm known: realm line");
    has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.user"), "</dt><dd>u</dd>", NULL),
            "user known: user line");
    has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.scheme"), "</dt><dd>Digest</dd>",
                              NULL),
            "scheme known: scheme line");
}

typedef struct {
    const char *name;
    const char *login_url;
    const char *home_url;
    const char *want_href;     /* NULL: no action link */
    const char *want_words;    /* ui.* key of the link text */
} action_case;

static const action_case action_cases[] = {
    { "login URL only", "/login?next=/private&x=1", NULL,
      "/login?next=/private&amp;x=1", "ui.go_login" },
    { "home URL only", NULL, "https://example.org/", "https://example.org/", "ui.go_home" },
    { "both: login wins", "/login", "/", "/login", "ui.go_login" },
    { "neither", NULL, NULL, NULL, NULL },
};

static void test_action(const h401_pageset *set)
{
    size_t i;

    for (i = 0; i < sizeof(action_cases) / sizeof(action_cases[0]); i++) {
        const action_case *c = &action_cases[i];
        h401_page_facts f;
        const char *page;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_STALE_SESSION;
        f.login_url = c->login_url;
        f.home_url = c->home_url;
        page = render(set, &f);
        if (c->want_href) {
            has_str(page, apr_pstrcat(pool, "<a class=\"action\" href=\"", c->want_href,
                                      "\">", html_words(c->want_words), "</a>", NULL),
                    "action link, %s: goes to %s", c->name, c->want_href);
            is_int(count(page, "class=\"action\""), 1, "action link, %s: only one", c->name);
            if (strcmp(c->want_words, "ui.go_login") == 0) {
                lacks_str(page, html_words("ui.go_home"), "action link, %s: no home words",
                          c->name);
            }
            else {
                lacks_str(page, html_words("ui.go_login"), "action link, %s: no login words",
                          c->name);
            }
        }
        else {
            lacks_str(page, "class=\"action\"", "action link, %s: none", c->name);
        }
    }
}

/* Where the browser's own box signs people in (Basic, Digest) and the
 * site names no sign-in page, the button and the first remedy bring the
 * box back: reload this address. */
static void test_reload_action(const h401_pageset *set)
{
    static const h401_signin methods[] = { H401_SIGNIN_BASIC, H401_SIGNIN_DIGEST,
                                           H401_SIGNIN_BEARER, H401_SIGNIN_REDIRECT };
    static const char *const method_names[] = { "basic", "digest", "bearer", "redirect" };
    const char *reload = html_words("remedy.reload-sign-in");
    size_t i;

    for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        int box = methods[i] == H401_SIGNIN_BASIC || methods[i] == H401_SIGNIN_DIGEST;
        h401_page_facts f;
        const char *page, *first;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_NO_CREDENTIALS;
        f.method = methods[i];
        f.url = "https://example.org/staff/?a=1&b=2";
        f.reload_url = "./?a=1&b=2";
        f.home_url = "/";
        page = render(set, &f);
        first = strstr(page, "<li>");
        is_int(first && strncmp(first + 4, reload, strlen(reload)) == 0, box,
               "%s, no sign-in page: the first remedy %s reload and the box",
               method_names[i], box ? "is to" : "is not to");
        is_int(count(page, apr_pstrcat(pool, "<a class=\"action\" href=\"./?a=1&amp;b=2\">", html_words("ui.go_reload"), "</a>",
                                       NULL)), box,
               "%s, no sign-in page: the button %s this address", method_names[i],
               box ? "reloads" : "does not reload");
        f.login_url = "/login";
        has_str(render(set, &f), "<a class=\"action\" href=\"/login\">",
                "%s with a sign-in page: the button goes there", method_names[i]);
    }
    /* where the box cannot get anyone in, the button does not offer it */
    {
        static const h401_cause no_box[] = { H401_CAUSE_LEFTOVER_HTACCESS,
                                             H401_CAUSE_SERVER_MISCONFIGURED };
        h401_page_facts f;

        for (i = 0; i < sizeof(no_box) / sizeof(no_box[0]); i++) {
            memset(&f, 0, sizeof(f));
            f.cause = no_box[i];
            f.method = H401_SIGNIN_BASIC;
            f.url = "https://example.org/old/";
            f.reload_url = "./";
            f.home_url = "/";
            lacks_str(render(set, &f), html_words("ui.go_reload"),
                      "basic, %s: no button to reload and sign in", h401_cause_id(no_box[i]));
        }
    }
    /* an account let in but not allowed: the box comes back on a reload
     * (the browser lets go of the refused account), so the button offers
     * it, for Basic and Digest */
    for (i = 0; i < 2; i++) {
        h401_page_facts f;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_NOT_PERMITTED;
        f.method = i ? H401_SIGNIN_DIGEST : H401_SIGNIN_BASIC;
        f.user = "bob";
        f.url = "https://example.org/admins/";
        f.reload_url = "./";
        f.home_url = "/";
        has_str(render(set, &f),
                apr_pstrcat(pool, "<a class=\"action\" href=\"./\">",
                            html_words("ui.go_reload"), "</a>", NULL),
                "%s, not-permitted: the button reloads this address", i ? "digest" : "basic");
    }
}

typedef struct {
    const char *name;
    const char *contact;
    const char *want;
} contact_case;

static const contact_case contact_cases[] = {
    { "mailto shown without its label", "mailto:webmaster@example.org",
      "<a href=\"mailto:webmaster@example.org\">webmaster@example.org</a>" },
    { "web address shown as it is", "https://example.org/contact?a=1&b=2",
      "<a href=\"https://example.org/contact?a=1&amp;b=2\">"
      "https://example.org/contact?a=1&amp;b=2</a>" },
    { "markup in a contact escaped", "mailto:\"><script>@x",
      "<a href=\"mailto:&quot;&gt;&lt;script&gt;@x\">&quot;&gt;&lt;script&gt;@x</a>" },
};

static void test_contact(const h401_pageset *set)
{
    size_t i;

    for (i = 0; i < sizeof(contact_cases) / sizeof(contact_cases[0]); i++) {
        const contact_case *c = &contact_cases[i];
        h401_page_facts f;
        const char *page;

        memset(&f, 0, sizeof(f));
        f.cause = H401_CAUSE_NO_CREDENTIALS;
        f.contact = c->contact;
        page = render(set, &f);
        has_str(page, apr_pstrcat(pool, "<dt>", html_words("ui.contact"), "</dt><dd>",
                                  c->want, "</dd>", NULL),
                "contact: %s", c->name);
        lacks_str(page, ">mailto:", "contact: %s: no 'mailto:' as text", c->name);
    }
}


int main(int argc, const char *const *argv)
{
    h401_pageset *set = NULL;
    const char *err;
    int l;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_json_parser();
    test_variables();

    messages_txt = h401_builtin_get(NULL, pool, "en/messages.txt");
    ok(messages_txt != NULL, "en/messages.txt is built in");
    ok(h401_builtin_get(NULL, pool, "page.html") != NULL, "page.html is built in");
    ok(h401_builtin_get(NULL, pool, "page.json") != NULL, "page.json is built in");
    ok(h401_builtin_get(NULL, pool, "page.txt") != NULL, "page.txt is built in");
    ok(h401_builtin_get(NULL, pool, "no/such.file") == NULL, "an unknown file is NULL");

    /* the words of each language, loaded as the page set loads them */
    for (l = 0; l < NLANGS; l++) {
        const char *text = h401_builtin_get(NULL, pool,
                                            apr_pstrcat(pool, lang_tags[l], "/messages.txt",
                                                        NULL));
        err = h401_messages_load(pool, lang_tags[l], text ? text : "",
                                 l ? lang_messages[0] : NULL, h401_page_variables,
                                 &lang_messages[l]);
        if (!ok(err == NULL && lang_messages[l], "%s/messages.txt loads (%s)", lang_tags[l],
                err ? err : "ok")) {
            return done_testing();
        }
    }

    err = h401_pageset_load(pool, h401_builtin_get, NULL, tags("en de fr es ja"), NULL,
                            "templates/", &set);
    is_str(err, NULL, "the shipped page set loads");
    if (ok(set != NULL, "and gives a page set")) {
        test_languages(set);
        test_text_colons(set);
        test_matrix(set);
        test_json_escaping(set);
        test_detail(set);
        test_token_when(set);
        test_html_escaping(set);
        test_reference_unbroken(set);
        test_values(set);
        test_action(set);
        test_reload_action(set);
        test_contact(set);
        test_sets(set);
        test_custom_causes(set);
        test_methods(set);
        test_method_words(set);
        test_not_permitted(set);
        test_no_password_words(set);
        test_stale_nonce(set);
    }
    test_shipped_required();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
