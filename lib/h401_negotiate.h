/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_negotiate.h
 * @brief Choosing the page's format from Accept and its language from
 *        Accept-Language.
 *
 * Both parse the header in place: no allocation, and time linear in the
 * header's length (times the number of available languages), so a hostile
 * header costs no more than reading it.
 *
 * Elements of both headers are "value *( OWS ';' OWS name [ OWS '=' OWS
 * value ] )"; spaces and tabs around ',', ';' and '=' are allowed, empty
 * elements (",,") are skipped, and a parameter value may be a quoted-string
 * (its ',' and ';' do not end the element). The weight is the first "q"
 * parameter (name case-insensitive); one that is not a valid qvalue makes
 * the whole element ignored.
 */
#ifndef H401_NEGOTIATE_H
#define H401_NEGOTIATE_H

#include <apr.h>
#include <apr_tables.h>

/** The formats the page comes in. */
typedef enum {
    H401_FORMAT_HTML = 0,   /* text/html */
    H401_FORMAT_JSON,       /* application/problem+json (RFC 9457) */
    H401_FORMAT_TEXT        /* text/plain */
} h401_format;

/** Media type (with charset) sent for a format, e.g. "text/html; charset=utf-8",
 *  "application/problem+json", "text/plain; charset=utf-8".
 *  An unknown format gets HTML's. */
const char *h401_format_content_type(h401_format format);

/**
 * Picks the format for an Accept header value (NULL when absent).
 * q-values per RFC 9110 12.5.1: text/html and application/xhtml+xml count
 * for HTML; application/problem+json and application/json for JSON;
 * text/plain for text. A specific range beats text/\* which beats *\/\*
 * for the same type. The format with the highest q wins; ties go to
 * HTML, then JSON, then text. Absent header, empty header, or all q=0 -> HTML.
 * Parameters other than q are ignored; media types compare case-insensitively.
 *
 * Details: (wildcards are written text/\* here: a slash-star would open a
 * comment.) application/\* counts for JSON only (HTML is sent as text/html).
 * The type actually sent (text/html, application/problem+json) is more
 * specific than its stand-in (application/xhtml+xml, application/json), so
 * "application/json, application/problem+json;q=0.1" gives JSON q=0.1.
 * When one range appears twice, the higher q counts. A format no range
 * matches has q=0. So "text/html;q=0, *\/\*" gives JSON: HTML is
 * refused by its specific range, JSON and text get q=1 from the wildcard,
 * and the tie goes to JSON.
 */
h401_format h401_negotiate_format(const char *accept);

/**
 * Picks the language for an Accept-Language value (NULL when absent) among
 * available (array of const char *, lower-case tags such as "en", "de",
 * "pt-br"). RFC 4647 lookup-ish: a range matches a tag equal to it
 * (case-insensitive), or a tag that is its prefix at a '-' boundary
 * ("de-AT" matches "de"), or a tag it is a prefix of ("de" matches "de-ch"
 * if "de" itself is not available). Highest q wins; equal q: the earlier
 * range in the header wins. "*" matches default_lang. q=0 excludes.
 * Returns the matching element of available, or default_lang when nothing
 * matches.
 *
 * Details: ranges must be RFC 4647 basic language ranges (1*8ALPHA
 * *("-" 1*8alphanum), or "*"); others are ignored. For one range, an equal
 * tag beats the longest shortened one ("de-at" before "de" for "de-AT-1996"),
 * which beats the first available tag beneath it. A q=0 range excludes the
 * tags it equals and those beneath it ("de;q=0" rules out "de" and "de-ch",
 * "de-AT;q=0" leaves "de" alone), whatever other ranges say; "*;q=0"
 * excludes nothing. default_lang need not be in available; it may be NULL
 * (then "*" matches nothing and NULL is returned when nothing matches).
 * available may be NULL or hold NULL entries, which are skipped.
 */
const char *h401_negotiate_language(const char *accept_language,
                                    const apr_array_header_t *available,
                                    const char *default_lang);

/** Whether value is a valid q-value per RFC 9110 ("0", "0.5", "1.000"); parses into *q1000 (0..1000).
 *  Exactly len bytes are read (no NUL needed) and no surrounding space is
 *  allowed; *q1000 is left alone when invalid, and q1000 may be NULL. */
int h401_parse_qvalue(const char *value, apr_size_t len, int *q1000);

#endif
