/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_escape.h
 * @brief A growing text buffer and the escapers for each output syntax.
 *
 * Everything a visitor sent reaches the page through one of these, so the
 * escaping rule lives in one place per syntax.
 */
#ifndef H401_ESCAPE_H
#define H401_ESCAPE_H

#include <apr_pools.h>

/** A byte buffer that grows in its pool; text is always NUL-terminated. */
typedef struct {
    apr_pool_t *pool;
    char *data;
    apr_size_t len;
    apr_size_t cap;
} h401_buf;

/** The syntax a template renders into; picks the escaper for {{var}}. */
typedef enum {
    H401_ESC_HTML = 0,
    H401_ESC_TEXT,
    H401_ESC_JSON
} h401_esc_mode;

#define H401_ESC_MODES 3

void h401_buf_init(h401_buf *b, apr_pool_t *p, apr_size_t initial);
void h401_buf_add(h401_buf *b, const char *s, apr_size_t len);
void h401_buf_adds(h401_buf *b, const char *s);

/** Appends s escaped for mode: HTML entities, JSON string body (with
 *  U+2028 and U+2029 as escapes), or text with control characters
 *  dropped. In every mode, bytes that are not
 *  well-formed UTF-8 become U+FFFD, so the page stays valid UTF-8. */
void h401_buf_add_escaped(h401_buf *b, const char *s, h401_esc_mode mode);

/** Like h401_buf_add_escaped for the len bytes at s. */
void h401_buf_add_escaped_len(h401_buf *b, const char *s, apr_size_t len,
                              h401_esc_mode mode);

/** Returns s HTML-escaped (& < > " ', and U+FFFD for bytes that are not
 *  UTF-8) in pool p; s itself when clean. */
const char *h401_escape_html(apr_pool_t *p, const char *s);

/** How many bytes at the start of the len bytes at s are well-formed
 *  UTF-8: len when all of them are. */
apr_size_t h401_utf8_valid_prefix(const char *s, apr_size_t len);

#endif
