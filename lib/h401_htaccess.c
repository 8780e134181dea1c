/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include "h401_htaccess.h"

static const char *const file_directives[] = {
    "AuthUserFile", "AuthGroupFile", "AuthDBMUserFile", "AuthDBMGroupFile",
    "AuthDigestFile", NULL
};

/* Splits one config line's next argument, honouring quotes like httpd. */
static const char *next_word(apr_pool_t *p, const char **s)
{
    const char *start;
    char quote = 0;

    while (apr_isspace(**s)) {
        (*s)++;
    }
    if (!**s) {
        return NULL;
    }
    if (**s == '"' || **s == '\'') {
        quote = *(*s)++;
    }
    start = *s;
    while (**s && (quote ? **s != quote : !apr_isspace(**s))) {
        (*s)++;
    }
    {
        const char *word = apr_pstrmemdup(p, start, (apr_size_t)(*s - start));
        if (quote && **s) {
            (*s)++;
        }
        return word;
    }
}

static void scan_line(apr_pool_t *p, const char *line, int lineno,
                      h401_htaccess_auth *out)
{
    const char *s = line;
    const char *directive = next_word(p, &s);
    const char *arg;
    int i;

    if (!directive || directive[0] == '#' || directive[0] == '<') {
        return;
    }
    arg = next_word(p, &s);
    if (strcasecmp(directive, "AuthType") == 0) {
        if (arg && strcasecmp(arg, "None") != 0) {
            out->auth_type = arg;
            if (!out->protects) {
                out->protects = 1;
                out->protect_line = lineno;
            }
        }
        return;
    }
    if (strcasecmp(directive, "AuthName") == 0) {
        out->auth_name = arg;
        return;
    }
    if (strcasecmp(directive, "Require") == 0) {
        const char *what = arg;
        if (what && strcasecmp(what, "not") == 0) {
            return;
        }
        if (what && (strcasecmp(what, "all") == 0 || strcasecmp(what, "ip") == 0
                     || strcasecmp(what, "host") == 0 || strcasecmp(what, "local") == 0
                     || strcasecmp(what, "env") == 0 || strcasecmp(what, "method") == 0
                     || strcasecmp(what, "expr") == 0)) {
            return;   /* not a login requirement */
        }
        if (what && !out->protects) {
            out->protects = 1;
            out->protect_line = lineno;
        }
        return;
    }
    for (i = 0; file_directives[i]; i++) {
        if (strcasecmp(directive, file_directives[i]) == 0 && arg) {
            h401_authfile *f = apr_array_push(out->files);
            f->directive = file_directives[i];
            f->path = arg;
            f->line = lineno;
            return;
        }
    }
}

/* A logical line being joined from physical ones. It grows by doubling, so
 * a long run of continuation lines costs linear time and memory. */
typedef struct {
    char *data;
    apr_size_t len, cap;
} line_buf;

/* Appends the len bytes at s, up to a NUL (the line is a C string). */
static void line_add(apr_pool_t *p, line_buf *b, const char *s, apr_size_t len)
{
    const char *nul = memchr(s, '\0', len);

    if (nul) {
        len = (apr_size_t)(nul - s);
    }
    if (b->len + len + 1 > b->cap) {
        apr_size_t cap = b->cap ? b->cap : len + 1;
        char *bigger;

        while (cap < b->len + len + 1) {
            cap *= 2;
        }
        bigger = apr_palloc(p, cap);
        if (b->len) {
            memcpy(bigger, b->data, b->len);
        }
        b->data = bigger;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

static void line_trim(line_buf *b)
{
    while (b->len && (b->data[b->len - 1] == '\r' || b->data[b->len - 1] == ' ')) {
        b->data[--b->len] = '\0';
    }
}

void h401_htaccess_scan(apr_pool_t *p, const char *text, apr_size_t len,
                        h401_htaccess_auth *out)
{
    const char *end = text + len;
    const char *s = text;
    int lineno = 0;

    memset(out, 0, sizeof(*out));
    out->files = apr_array_make(p, 2, sizeof(h401_authfile));
    while (s < end) {
        const char *eol = memchr(s, '\n', (apr_size_t)(end - s));
        line_buf line = { NULL, 0, 0 };
        int first = ++lineno;

        if (!eol) {
            eol = end;
        }
        line_add(p, &line, s, (apr_size_t)(eol - s));
        s = eol < end ? eol + 1 : end;
        line_trim(&line);
        /* a trailing backslash joins the next line, as in httpd.conf */
        while (line.len && line.data[line.len - 1] == '\\' && s < end) {
            const char *eol2 = memchr(s, '\n', (apr_size_t)(end - s));
            if (!eol2) {
                eol2 = end;
            }
            line.data[--line.len] = '\0';
            line_add(p, &line, s, (apr_size_t)(eol2 - s));
            s = eol2 < end ? eol2 + 1 : end;
            lineno++;
            line_trim(&line);
        }
        scan_line(p, line.data, first, out);
    }
}

static h401_file_state check_one(apr_pool_t *p, const char *path)
{
    apr_finfo_t info;
    apr_file_t *fd;
    apr_status_t rv;

    rv = apr_stat(&info, path, APR_FINFO_SIZE | APR_FINFO_TYPE, p);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_INCOMPLETE(rv)) {
        return APR_STATUS_IS_EACCES(rv) ? H401_FILE_UNREADABLE : H401_FILE_MISSING;
    }
    if (info.filetype != APR_REG) {
        return H401_FILE_MISSING;
    }
    rv = apr_file_open(&fd, path, APR_FOPEN_READ, APR_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        return H401_FILE_UNREADABLE;
    }
    apr_file_close(fd);
    return info.size == 0 ? H401_FILE_EMPTY : H401_FILE_OK;
}

h401_file_state h401_authfile_check(apr_pool_t *p, const char *directive,
                                    const char *path)
{
    h401_file_state state = check_one(p, path);

    if (state == H401_FILE_MISSING && strstr(directive, "DBM")) {
        static const char *const suffixes[] = { ".db", ".pag", ".dir", NULL };
        int i;
        for (i = 0; suffixes[i]; i++) {
            h401_file_state s2 = check_one(p, apr_pstrcat(p, path, suffixes[i], NULL));
            if (s2 != H401_FILE_MISSING) {
                return s2;
            }
        }
    }
    return state;
}

const char *h401_file_state_name(h401_file_state state)
{
    switch (state) {
    case H401_FILE_MISSING:    return "missing";
    case H401_FILE_UNREADABLE: return "unreadable";
    case H401_FILE_EMPTY:      return "empty";
    default:                   return "ok";
    }
}

int h401_htaccess_find_broken(apr_pool_t *p, const h401_htaccess_auth *auth,
                              h401_path_resolver *resolve,
                              h401_broken_authfile *out)
{
    int i;

    if (!auth->protects || !auth->files) {
        return 0;
    }
    for (i = 0; i < auth->files->nelts; i++) {
        const h401_authfile *f = &APR_ARRAY_IDX(auth->files, i, h401_authfile);
        const char *resolved = resolve(p, f->path);
        h401_file_state state = resolved ? h401_authfile_check(p, f->directive, resolved)
                                         : H401_FILE_MISSING;

        if (state != H401_FILE_OK) {
            out->directive = f->directive;
            out->line = f->line;
            out->path = resolved ? resolved : f->path;
            out->state = state;
            return 1;
        }
    }
    return 0;
}

/* A path as a shell reads it back as one word: as it is when every byte
 * is one no shell treats specially, else in single quotes (a quote in it
 * written '\''), so that the command can be pasted as it stands. */
static const char *shell_word(apr_pool_t *p, const char *s)
{
    apr_size_t quotes = 0;
    int plain = *s != '\0';
    const char *c;
    char *out, *o;

    for (c = s; *c; c++) {
        plain = plain && (apr_isalnum(*c) || strchr("/._-+:@%,=", *c));
        quotes += *c == '\'';
    }
    if (plain) {
        return s;
    }
    o = out = apr_palloc(p, strlen(s) + 3 * quotes + 3);
    *o++ = '\'';
    for (c = s; *c; c++) {
        if (*c == '\'') {
            memcpy(o, "'\\''", 4);   /* end the quotes, a quote, quote again */
            o += 4;
        }
        else {
            *o++ = *c;
        }
    }
    *o++ = '\'';
    *o = '\0';
    return out;
}

const char *h401_htaccess_fix(apr_pool_t *p, const char *htaccess, int protect_line,
                              const h401_broken_authfile *broken)
{
    if (broken->state == H401_FILE_UNREADABLE) {
        return apr_psprintf(p, "Let the server's user read %s (e.g. chgrp www-data "
                            "and chmod 640), or remove the protection from %s.",
                            broken->path, htaccess);
    }
    if (strcmp(broken->directive, "AuthUserFile") == 0) {
        return apr_psprintf(p, "Create the user file with: htpasswd -c %s USERNAME, "
                            "or remove the protection from %s (line %d).",
                            shell_word(p, broken->path), htaccess, protect_line);
    }
    return apr_psprintf(p, "Create %s (%s, line %d of %s), or remove the protection "
                        "from %s.", broken->path, broken->directive, broken->line,
                        htaccess, htaccess);
}
