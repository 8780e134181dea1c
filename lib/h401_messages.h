/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_messages.h
 * @brief The words of one language: a messages.txt file, checked and
 * compiled once.
 *
 * Format: one "key = text" a line, '#' starts a comment line. Text may use
 * the page's variables ({{realm}}, {{user}}, ...) and sections; it is
 * plain text and is escaped for whatever format it lands in.
 *   cause.ID.title, cause.ID.explanation  for every cause
 *   cause.ID.remedies = id, id, ...      remedies, best first
 *   remedy.ID                             the text of one remedy
 *   ui.NAME                               the page's fixed words
 */
#ifndef H401_MESSAGES_H
#define H401_MESSAGES_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "h401_template.h"
#include "h401_diagnose.h"

typedef struct h401_messages h401_messages;

/** One cause's words. */
typedef struct {
    const h401_tpl *title;
    const h401_tpl *explanation;
    apr_array_header_t *remedies;  /**< const h401_tpl *, best first */
} h401_cause_text;

/**
 * Compiles a messages file. Returns NULL on success, else a message with
 * origin and line; a missing cause text or an unknown remedy is an error.
 */
const char *h401_messages_load(apr_pool_t *p, const char *origin,
                               const char *text, h401_messages **out);

/** The words for a cause. */
const h401_cause_text *h401_messages_cause(const h401_messages *m,
                                           h401_cause cause);

/** Sets every ui.NAME message into vars under the name "ui.NAME". */
void h401_messages_set_ui(const h401_messages *m, h401_vars *vars);

/** The names of the ui.* words (const char *), in file order. */
const apr_array_header_t *h401_messages_ui_names(const h401_messages *m);

/** The language tag the file declares (key "lang"), e.g. "en". */
const char *h401_messages_lang(const h401_messages *m);

#endif
