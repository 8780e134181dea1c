/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* For the unit tests: the text of "key = text" in a messages file, read
 * independently of lib/h401_messages.c. The shipped words get edited, so
 * tests look them up rather than hard-code them. */
#ifndef MESSAGES_FILE_H
#define MESSAGES_FILE_H

#include <string.h>
#include <apr_strings.h>

static const char *messages_file_value(apr_pool_t *p, const char *text,
                                       const char *key)
{
    const char *s = text;
    size_t klen = strlen(key);

    while (s && *s) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);

        if (n > klen && strncmp(s, key, klen) == 0
            && (s[klen] == ' ' || s[klen] == '=')) {
            const char *v = s + klen;
            while (*v == ' ' || *v == '=') {
                v++;
            }
            n -= (size_t)(v - s);
            while (n && (v[n - 1] == ' ' || v[n - 1] == '\r')) {
                n--;
            }
            return apr_pstrmemdup(p, v, n);
        }
        s = eol ? eol + 1 : NULL;
    }
    return NULL;
}

#endif
