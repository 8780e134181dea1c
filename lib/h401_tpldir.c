/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_hash.h>
#include <apr_file_io.h>
#include <apr_file_info.h>
#include "h401_tpldir.h"
#include "h401_builtin.h"

struct h401_tpldir {
    const char *dir;
    apr_array_header_t *langs;   /* const char *, "en" first */
    apr_hash_t *lang_dirs;       /* tag (lower case) -> the directory's name */
    const char *error;
};

int h401_is_language_tag(const char *s)
{
    int n = 0;

    for (; *s; s++) {
        if (*s == '-') {
            if (n == 0) {
                return 0;
            }
            n = 0;
        }
        else if (!apr_isalnum(*s) || ++n > 8) {
            return 0;
        }
    }
    return n > 0;
}

static int listed(const apr_array_header_t *langs, const char *tag)
{
    int i;

    for (i = 0; i < langs->nelts; i++) {
        if (strcmp(APR_ARRAY_IDX(langs, i, const char *), tag) == 0) {
            return 1;
        }
    }
    return 0;
}

h401_tpldir *h401_tpldir_open(apr_pool_t *p, const char *dir)
{
    h401_tpldir *d = apr_pcalloc(p, sizeof(*d));
    const h401_builtin_file *f;
    apr_dir_t *dh;
    apr_finfo_t entry;

    d->dir = dir;
    d->langs = apr_array_make(p, 8, sizeof(const char *));
    d->lang_dirs = apr_hash_make(p);
    APR_ARRAY_PUSH(d->langs, const char *) = "en";
    for (f = h401_builtin_files; f->path; f++) {
        const char *slash = strchr(f->path, '/');
        if (slash && strcmp(slash, "/messages.txt") == 0) {
            const char *tag = apr_pstrmemdup(p, f->path, (apr_size_t)(slash - f->path));
            if (!listed(d->langs, tag)) {
                APR_ARRAY_PUSH(d->langs, const char *) = tag;
            }
        }
    }
    if (dir && apr_dir_open(&dh, dir, p) == APR_SUCCESS) {
        while (apr_dir_read(&entry, APR_FINFO_NAME | APR_FINFO_TYPE, dh) == APR_SUCCESS) {
            apr_finfo_t probe;
            char *tag, *lower;

            if (entry.filetype != APR_DIR || entry.name[0] == '.'
                || !h401_is_language_tag(entry.name)
                || apr_stat(&probe, apr_pstrcat(p, dir, "/", entry.name, "/messages.txt",
                                                NULL), APR_FINFO_TYPE, p) != APR_SUCCESS) {
                continue;
            }
            tag = apr_pstrdup(p, entry.name);
            for (lower = tag; *lower; lower++) {
                *lower = (char)apr_tolower(*lower);
            }
            apr_hash_set(d->lang_dirs, tag, APR_HASH_KEY_STRING, apr_pstrdup(p, entry.name));
            if (!listed(d->langs, tag)) {
                APR_ARRAY_PUSH(d->langs, const char *) = tag;
            }
        }
        apr_dir_close(dh);
    }
    return d;
}

const apr_array_header_t *h401_tpldir_languages(const h401_tpldir *d)
{
    return d->langs;
}

const char *h401_tpldir_error(const h401_tpldir *d)
{
    return d->error;
}

static const char *type_name(apr_filetype_e type)
{
    switch (type) {
    case APR_DIR:  return "a directory";
    case APR_PIPE: return "a FIFO";
    case APR_CHR:  return "a character device";
    case APR_BLK:  return "a block device";
    case APR_SOCK: return "a socket";
    default:       return "not a regular file";
    }
}

static const char *refuse(h401_tpldir *d, apr_pool_t *p, const char *why)
{
    if (!d->error) {
        d->error = apr_pstrdup(p, why);
    }
    return NULL;
}

const char *h401_tpldir_get(void *baton, apr_pool_t *p, const char *path)
{
    h401_tpldir *d = baton;
    const char *slash = strchr(path, '/');
    const char *lang_dir = slash ? apr_hash_get(d->lang_dirs, path,
                                                (apr_ssize_t)(slash - path)) : NULL;
    /* "pt-br/messages.txt" is read from the directory as it is spelt (pt-BR) */
    const char *full = lang_dir ? apr_pstrcat(p, d->dir, "/", lang_dir, slash, NULL)
                                : apr_pstrcat(p, d->dir, "/", path, NULL);
    apr_file_t *fd;
    apr_finfo_t info;
    apr_status_t rv;
    char *text, msg[120];
    apr_size_t len;

    if (!d->dir) {
        return NULL;
    }
    /* non-blocking, so that a FIFO in the directory cannot hold up the
     * start (or apache2 -t) waiting for a writer; it is refused below */
    rv = apr_file_open(&fd, full, APR_FOPEN_READ | APR_FOPEN_NONBLOCK, APR_OS_DEFAULT, p);
    if (APR_STATUS_IS_ENOENT(rv) || APR_STATUS_IS_ENOTDIR(rv)) {
        return NULL;   /* not in the directory: the shipped file serves */
    }
    if (rv != APR_SUCCESS) {
        return refuse(d, p, apr_psprintf(p, "%s: cannot be opened (%s)", full,
                                         apr_strerror(rv, msg, sizeof(msg))));
    }
    if ((rv = apr_file_info_get(&info, APR_FINFO_TYPE | APR_FINFO_SIZE, fd)) != APR_SUCCESS) {
        apr_file_close(fd);
        return refuse(d, p, apr_psprintf(p, "%s: cannot be read (%s)", full,
                                         apr_strerror(rv, msg, sizeof(msg))));
    }
    if (info.filetype != APR_REG) {
        apr_file_close(fd);
        return refuse(d, p, apr_psprintf(p, "%s: is %s, not a regular file", full,
                                         type_name(info.filetype)));
    }
    if (info.size > H401_TPLDIR_FILE_MAX) {
        apr_file_close(fd);
        return refuse(d, p, apr_psprintf(p, "%s: larger than %d bytes", full,
                                         H401_TPLDIR_FILE_MAX));
    }
    len = (apr_size_t)info.size;
    text = apr_palloc(p, len + 1);
    rv = apr_file_read_full(fd, text, len, &len);
    apr_file_close(fd);
    if (rv != APR_SUCCESS && !(APR_STATUS_IS_EOF(rv) && len == 0)) {
        return refuse(d, p, apr_psprintf(p, "%s: cannot be read (%s)", full,
                                         apr_strerror(rv, msg, sizeof(msg))));
    }
    text[len] = '\0';
    if (strlen(text) != len) {
        return refuse(d, p, apr_psprintf(p, "%s: contains a NUL byte", full));
    }
    return text;
}
