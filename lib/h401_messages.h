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
 *   cause.ID.title.METHOD, cause.ID.explanation.METHOD,
 *   cause.ID.remedies.METHOD              optional: the words for one
 *                                         sign-in method (basic, digest,
 *                                         bearer, negotiate, redirect)
 *   remedy.ID                             the text of one remedy
 *   ui.NAME, time.NAME, admin.NAME        the page's other words
 * A page uses the most specific words there are, each of the three
 * apart: the method's key, else (for digest) basic's, else the plain one.
 * A file may leave keys out when it is loaded over a fallback (another
 * language, or the shipped file of the same language): those keys keep
 * the fallback's text, method keys included, key by key.
 */
#ifndef H401_MESSAGES_H
#define H401_MESSAGES_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_hash.h>
#include "h401_template.h"
#include "h401_diagnose.h"

typedef struct h401_messages h401_messages;

/** One cause's words. */
typedef struct {
    const h401_tpl *title;
    const h401_tpl *explanation;
    apr_array_header_t *remedies;  /**< const h401_tpl *, best first */
    apr_array_header_t *client;    /**< what a program can do, for
                                        problem+json; NULL: remedies */
} h401_cause_text;

/**
 * Compiles a messages file over fallback (NULL: the file must hold every
 * built-in cause). known lists the variables texts may use (NULL-terminated;
 * NULL allows any). Returns NULL on success, else a message with origin
 * and line.
 */
const char *h401_messages_load(apr_pool_t *p, const char *origin,
                               const char *text, const h401_messages *fallback,
                               const char *const *known, h401_messages **out);

/** The words for a built-in cause. */
const h401_cause_text *h401_messages_cause(const h401_messages *m,
                                           h401_cause cause);

/** The language (its lang line) of the file that wrote the title of a
 *  cause's words here: another language's when they came from a
 *  fallback in that language; NULL when the cause has no words. */
const char *h401_messages_cause_lang(const h401_messages *m, const char *id);

/** The words for any cause id, built-in or the admin's; NULL if none. */
const h401_cause_text *h401_messages_cause_by_id(const h401_messages *m,
                                                 const char *id);

/**
 * The words for a cause id when the area signs in by method (one out of
 * range is H401_SIGNIN_OTHER); NULL when the id has none. A method with
 * no words of its own gives the very pointer of those it falls back to,
 * so that equal words are told apart by pointer.
 */
const h401_cause_text *h401_messages_cause_for(const h401_messages *m, const char *id,
                                               h401_signin method);

/** The ids of every cause m has words for (const char *), in p. */
const apr_array_header_t *h401_messages_cause_ids(apr_pool_t *p,
                                                 const h401_messages *m);

/** Gives m every cause of from that m has no words for (the admin's
 *  causes, written in one language, reach the others). */
void h401_messages_adopt_causes(h401_messages *m, const h401_messages *from);

/** The compiled text of one key (e.g. "time.hours"), or NULL. */
const h401_tpl *h401_messages_get(const h401_messages *m, const char *key);

/** Sets every ui.*, time.* and admin.* word into vars under its key. */
void h401_messages_set_words(const h401_messages *m, h401_vars *vars);

/** The names of those words (const char *). */
const apr_array_header_t *h401_messages_word_names(const h401_messages *m);

/** Adds to names (a hash of const char *, allocated in its pool) the
 *  remedies m's cause lists name, as "remedy.ID", and when words is set
 *  its ui.*, time.* and admin.* keys. */
void h401_messages_collect_names(const h401_messages *m, apr_hash_t *names, int words);

/** Refuses a remedy.ID or ui.*, time.*, admin.* key that the file itself
 *  sets and that is not in known (a misspelt key would otherwise be
 *  silently unused): returns "FILE:LINE: unknown key ..." naming the
 *  nearest known key, or NULL. */
const char *h401_messages_check_names(const h401_messages *m, apr_hash_t *known);

/** The language tag the file declares (key "lang"), e.g. "en". */
const char *h401_messages_lang(const h401_messages *m);

#endif
