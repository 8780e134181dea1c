/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/*
 * The values a request fills into a page (h401_page.c), as slots of a
 * prepared template; every other value of a page is fixed for its cause,
 * language and format. Shared with the unit tests, which check that the
 * prepared pages render as the whole templates do.
 */
#ifndef H401_PAGE_SLOTS_H
#define H401_PAGE_SLOTS_H

#include "h401_prepared.h"

enum {
    SLOT_REALM, SLOT_SCHEME, SLOT_SENT_SCHEME, SLOT_USER, SLOT_URL, SLOT_PATH,
    SLOT_CONTACT, SLOT_CONTACT_LABEL, SLOT_LOGIN_URL, SLOT_HOME_URL,
    SLOT_ACTION_URL, SLOT_ACTION_IS_LOGIN, SLOT_REQUEST_ID, SLOT_NOT_YET_VALID,
    SLOT_TOKEN_WHEN, SLOT_CHALLENGES, SLOT_CHALLENGE_HEADERS, SLOT_DETAIL,
    SLOT_DETAIL_FIX, SLOT_FIRST, SLOT_HEADER, SLOT_NAME, SLOT_VALUE,
    SLOT_COUNT
};

/* Their names, as the templates write them; lists are sets of items. */
static const h401_slot_name h401_page_slots[SLOT_COUNT] = {
    { "realm", 0 }, { "scheme", 0 }, { "sent_scheme", 0 }, { "user", 0 },
    { "url", 0 }, { "path", 0 }, { "contact", 0 }, { "contact_label", 0 },
    { "login_url", 0 }, { "home_url", 0 }, { "action_url", 0 },
    { "action_is_login", 0 }, { "request_id", 0 }, { "not_yet_valid", 0 },
    { "token_when", 0 }, { "challenges", 1 }, { "challenge_headers", 1 },
    { "detail", 1 }, { "detail_fix", 0 }, { "first", 0 }, { "header", 0 },
    { "name", 0 }, { "value", 0 }
};

#endif
