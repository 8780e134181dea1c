/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/*
 * helpful401-preview: the pages a template set gives, written to files,
 * so that an admin sees their branding before reloading httpd. It loads
 * the set as the module does (lib/, the shipped set under it), so a set
 * apache2 -t would refuse is refused here with the same message.
 *
 *   helpful401-preview [-c CONTACT] [-n NAME] [-l LOGIN_URL] [-m METHOD]
 *                      [-C CAUSE] TEMPLATES_DIR|- OUT_DIR
 *
 * Writes OUT_DIR/CAUSE.LANG.html, .json and .txt for every cause (the
 * built-in ones and the set's own) and every language of the set, and
 * OUT_DIR/index.html linking them. The request is an invented one: the
 * address https://www.example.com/staff/, the realm "Staff area", the
 * user name "alice" where a cause has one, signing in by METHOD (basic,
 * digest, bearer, negotiate, redirect; default basic). CONTACT, NAME and
 * LOGIN_URL stand for Helpful401Contact and Helpful401LoginURL; -C
 * writes the pages of that one cause only. Exits 1
 * with the reason when the set does not load, 2 on bad usage.
 * tools/preview.sh (make preview) also takes screenshots.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <apr_file_io.h>
#include "h401_auth.h"
#include "h401_builtin.h"
#include "h401_escape.h"
#include "h401_page.h"
#include "h401_tpldir.h"

static const char *const formats[] = { "html", "json", "txt" };
static const h401_format format_ids[] = { H401_FORMAT_HTML, H401_FORMAT_JSON, H401_FORMAT_TEXT };

static int usage(void)
{
    fprintf(stderr, "usage: helpful401-preview [-c CONTACT] [-n NAME] [-l LOGIN_URL] "
            "[-m basic|digest|bearer|negotiate|redirect] [-C CAUSE] TEMPLATES_DIR|- OUT_DIR\n");
    return 2;
}

static int write_file(apr_pool_t *p, const char *path, const char *data, apr_size_t len)
{
    apr_file_t *f;
    apr_size_t n = len;

    if (apr_file_open(&f, path, APR_FOPEN_WRITE | APR_FOPEN_CREATE | APR_FOPEN_TRUNCATE,
                      APR_FPROT_OS_DEFAULT, p) != APR_SUCCESS
        || apr_file_write_full(f, data, len, &n) != APR_SUCCESS) {
        fprintf(stderr, "helpful401-preview: cannot write %s\n", path);
        return 0;
    }
    apr_file_close(f);
    return 1;
}

/* The scheme a challenge of METHOD names, NULL for a login by redirect. */
static const char *scheme_of(h401_signin m)
{
    switch (m) {
    case H401_SIGNIN_DIGEST:    return "Digest";
    case H401_SIGNIN_BEARER:    return "Bearer";
    case H401_SIGNIN_NEGOTIATE: return "Negotiate";
    case H401_SIGNIN_REDIRECT:  return NULL;
    default:                    return "Basic";
    }
}

/* An invented request that fits cause id. */
static void facts_for(apr_pool_t *p, const char *id, h401_signin method, h401_page_facts *f)
{
    int builtin = h401_cause_from_id(id);
    const char *scheme = scheme_of(method);
    apr_array_header_t *challenges = apr_array_make(p, 1, sizeof(h401_challenge));
    apr_array_header_t *headers = apr_array_make(p, 1, sizeof(const char *));

    f->cause = builtin >= 0 ? (h401_cause)builtin : H401_CAUSE_NO_CREDENTIALS;
    f->cause_id = builtin >= 0 ? NULL : id;
    f->method = method;
    f->url = "https://www.example.com/staff/";
    f->path = "/staff/";
    f->home_url = "/";
    f->status = 401;
    if (scheme && f->cause != H401_CAUSE_SERVER_MISCONFIGURED) {
        h401_challenge *c = apr_array_push(challenges);

        memset(c, 0, sizeof(*c));
        c->scheme = scheme;
        c->realm = "Staff area";
        f->scheme = scheme;
        f->realm = "Staff area";
        APR_ARRAY_PUSH(headers, const char *) = apr_psprintf(p, "%s realm=\"Staff area\"",
                                                             scheme);
        f->challenges = challenges;
        f->challenge_headers = headers;
    }
    switch (f->cause) {
    case H401_CAUSE_BAD_CREDENTIALS:
    case H401_CAUSE_NOT_PERMITTED:
    case H401_CAUSE_MALFORMED_CREDENTIALS:
        f->sent_scheme = scheme ? scheme : "Basic";
        f->user = method == H401_SIGNIN_BEARER || method == H401_SIGNIN_NEGOTIATE
                  ? NULL : "alice";
        break;
    case H401_CAUSE_WRONG_SCHEME:
        f->sent_scheme = method == H401_SIGNIN_BEARER ? "Basic" : "Bearer";
        break;
    case H401_CAUSE_EXPIRED_TOKEN:
        f->sent_scheme = "Bearer";
        f->token_delta_known = 1;
        f->token_delta = -7200;
        break;
    default:
        break;
    }
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    const char *contact = NULL, *name = NULL, *login = NULL, *only = NULL, *dir, *out, *err;
    h401_signin method = H401_SIGNIN_BASIC;
    h401_pageset *shipped, *set;
    h401_tpldir *files;
    const apr_array_header_t *langs, *causes;
    h401_buf index;
    int i, j, k, written = 0;

    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);
    for (i = 1; i + 1 < argc && argv[i][0] == '-' && argv[i][1] && !argv[i][2]; i += 2) {
        switch (argv[i][1]) {
        case 'c': contact = argv[i + 1]; break;
        case 'n': name = argv[i + 1]; break;
        case 'l': login = argv[i + 1]; break;
        case 'C': only = argv[i + 1]; break;
        case 'm':
            method = (h401_signin)h401_signin_from_id(argv[i + 1]);
            if ((int)method <= 0) {
                return usage();
            }
            break;
        default:
            return usage();
        }
    }
    if (argc - i != 2) {
        return usage();
    }
    dir = strcmp(argv[i], "-") == 0 ? NULL : argv[i];
    out = argv[i + 1];
    if (contact && strchr(contact, '@') && !strchr(contact, ':')) {
        contact = apr_pstrcat(pool, "mailto:", contact, NULL);
    }

    files = h401_tpldir_open(pool, NULL);
    if ((err = h401_pageset_load(pool, h401_builtin_get, NULL, h401_tpldir_languages(files),
                                 NULL, "templates/", &shipped))) {
        fprintf(stderr, "helpful401-preview: the shipped templates: %s\n", err);
        return 1;
    }
    set = shipped;
    if (dir) {
        files = h401_tpldir_open(pool, dir);
        err = h401_pageset_load(pool, h401_tpldir_get, files, h401_tpldir_languages(files),
                                shipped, apr_pstrcat(pool, dir, "/", NULL), &set);
        if (h401_tpldir_error(files) || err) {
            fprintf(stderr, "helpful401-preview: %s\n",
                    h401_tpldir_error(files) ? h401_tpldir_error(files) : err);
            return 1;
        }
    }
    if (apr_dir_make_recursive(out, APR_FPROT_OS_DEFAULT, pool) != APR_SUCCESS) {
        fprintf(stderr, "helpful401-preview: cannot make %s\n", out);
        return 1;
    }

    langs = h401_pageset_languages(set);
    causes = h401_pageset_causes(pool, set);
    if (only) {
        apr_array_header_t *one = apr_array_make(pool, 1, sizeof(const char *));

        for (i = 0; i < causes->nelts; i++) {
            if (strcmp(APR_ARRAY_IDX(causes, i, const char *), only) == 0) {
                APR_ARRAY_PUSH(one, const char *) = only;
            }
        }
        if (one->nelts == 0) {
            fprintf(stderr, "helpful401-preview: the set has no cause '%s'\n", only);
            return 1;
        }
        causes = one;
    }
    h401_buf_init(&index, pool, 4096);
    h401_buf_adds(&index, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
                  "<title>helpful401 preview</title></head>\n<body>\n<h1>helpful401 preview: ");
    h401_buf_add_escaped(&index, dir ? dir : "the shipped templates", H401_ESC_HTML);
    h401_buf_adds(&index, "</h1>\n<table>\n<tr><th>cause</th>");
    for (j = 0; j < langs->nelts; j++) {
        h401_buf_adds(&index, "<th>");
        h401_buf_add_escaped(&index, APR_ARRAY_IDX(langs, j, const char *), H401_ESC_HTML);
        h401_buf_adds(&index, "</th>");
    }
    h401_buf_adds(&index, "</tr>\n");
    for (i = 0; i < causes->nelts; i++) {
        const char *id = APR_ARRAY_IDX(causes, i, const char *);

        h401_buf_adds(&index, "<tr><td>");
        h401_buf_add_escaped(&index, id, H401_ESC_HTML);
        h401_buf_adds(&index, "</td>");
        for (j = 0; j < langs->nelts; j++) {
            const char *tag = APR_ARRAY_IDX(langs, j, const char *);
            const h401_language *lang = h401_pageset_language(set, tag, tag);

            h401_buf_adds(&index, "<td>");
            for (k = 0; k < 3; k++) {
                apr_pool_t *page_pool;
                h401_page_facts f;
                h401_buf buf;
                const char *file = apr_psprintf(pool, "%s.%s.%s", id, tag, formats[k]);

                apr_pool_create(&page_pool, pool);
                memset(&f, 0, sizeof(f));
                facts_for(page_pool, id, method, &f);
                f.lang = lang;
                f.format = format_ids[k];
                f.contact = contact;
                f.contact_label = contact ? name : NULL;
                f.login_url = login;
                h401_buf_init(&buf, page_pool, 8192);
                h401_page_render(set, &f, &buf);
                if (!write_file(page_pool, apr_pstrcat(page_pool, out, "/", file, NULL),
                                buf.data, buf.len)) {
                    return 1;
                }
                written++;
                apr_pool_destroy(page_pool);
                h401_buf_adds(&index, k ? " <a href=\"" : "<a href=\"");
                h401_buf_add_escaped(&index, file, H401_ESC_HTML);
                h401_buf_adds(&index, "\">");
                h401_buf_adds(&index, formats[k]);
                h401_buf_adds(&index, "</a>");
            }
            h401_buf_adds(&index, "</td>");
        }
        h401_buf_adds(&index, "</tr>\n");
    }
    h401_buf_adds(&index, "</table>\n</body>\n</html>\n");
    if (!write_file(pool, apr_pstrcat(pool, out, "/index.html", NULL), index.data, index.len)) {
        return 1;
    }
    printf("%d pages (%d causes, %d languages, 3 formats) in %s/\n", written, causes->nelts,
           langs->nelts, out);
    apr_pool_destroy(pool);
    apr_terminate();
    return 0;
}
