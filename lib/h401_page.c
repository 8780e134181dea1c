/* Licensed under the Apache License, Version 2.0; see LICENSE. */
#include <string.h>
#include <apr_strings.h>
#include "h401_page.h"
#include "h401_template.h"

struct h401_pageset {
    const h401_tpl *html;
    h401_messages *messages;
};

/* The names a page template may use; anything else is a typo. */
static const char *const page_vars[] = {
    "lang", "cause", "title", "explanation", "remedies", "text", "realm",
    "scheme", "sent_scheme", "user", "url", "contact", "contact_label",
    "login_url", "home_url", "action_url", "action_is_login",
    NULL
};

typedef struct {
    apr_pool_t *pool;
    h401_file_fn get_file;
    void *baton;
    apr_array_header_t *known;   /* page_vars plus the ui.* names */
    int depth;                   /* partials being compiled, one in another */
    const char *error;           /* the first (innermost) partial error */
} loader;

static const h401_tpl *load_partial(void *baton, const char *name)
{
    loader *l = baton;
    const char *path = apr_pstrcat(l->pool, "partials/", name, ".html", NULL);
    const char *text = l->get_file(l->baton, l->pool, path);
    const h401_tpl *tpl = NULL;
    h401_tpl_options opt;
    const char *err;

    if (!text) {
        return NULL;
    }
    if (l->depth >= 16) {
        /* partials including each other would recurse without end */
        if (!l->error) {
            l->error = apr_pstrcat(l->pool, path, ": partials nest more than 16 deep",
                                   NULL);
        }
        return NULL;
    }
    memset(&opt, 0, sizeof(opt));
    opt.mode = H401_ESC_HTML;
    opt.known = (const char *const *)l->known->elts;
    opt.partial = load_partial;
    opt.baton = l;
    l->depth++;
    err = h401_tpl_compile(l->pool, path, text, &opt, &tpl);
    l->depth--;
    if (err && !l->error) {
        /* the outer files then only say "unknown partial": keep this one */
        l->error = err;
    }
    return tpl;
}

/* The page's variables and the ui.* words, NULL-terminated. */
static void collect_known(const h401_messages *m, apr_array_header_t *known)
{
    const apr_array_header_t *ui = h401_messages_ui_names(m);
    const char *const *v;

    for (v = page_vars; *v; v++) {
        APR_ARRAY_PUSH(known, const char *) = *v;
    }
    apr_array_cat(known, ui);
    APR_ARRAY_PUSH(known, const char *) = NULL;
}

const char *h401_pageset_load(apr_pool_t *p, h401_file_fn get_file,
                              void *baton, h401_pageset **out)
{
    h401_pageset *set = apr_pcalloc(p, sizeof(*set));
    const char *text, *err;
    h401_tpl_options opt;
    loader l;

    *out = NULL;
    text = get_file(baton, p, "en/messages.txt");
    if (!text) {
        return "en/messages.txt: not found";
    }
    if ((err = h401_messages_load(p, "en/messages.txt", text, &set->messages))) {
        return err;
    }
    text = get_file(baton, p, "page.html");
    if (!text) {
        return "page.html: not found";
    }
    memset(&l, 0, sizeof(l));
    l.pool = p;
    l.get_file = get_file;
    l.baton = baton;
    l.known = apr_array_make(p, 48, sizeof(const char *));
    collect_known(set->messages, l.known);
    memset(&opt, 0, sizeof(opt));
    opt.mode = H401_ESC_HTML;
    opt.known = (const char *const *)l.known->elts;
    opt.partial = load_partial;
    opt.baton = &l;
    err = h401_tpl_compile(p, "page.html", text, &opt, &set->html);
    if (err) {
        return l.error ? l.error : err;
    }
    *out = set;
    return NULL;
}

const char *h401_page_lang(const h401_pageset *set)
{
    return h401_messages_lang(set->messages);
}

void h401_page_render(const h401_pageset *set, const h401_page_facts *f,
                      h401_buf *buf)
{
    const h401_cause_text *ct = h401_messages_cause(set->messages, f->cause);
    h401_vars *vars = h401_vars_make(buf->pool, NULL);
    int i;

    h401_messages_set_ui(set->messages, vars);
    h401_vars_set(vars, "lang", h401_messages_lang(set->messages));
    h401_vars_set(vars, "cause", h401_cause_id(f->cause));
    h401_vars_set(vars, "realm", f->realm);
    h401_vars_set(vars, "scheme", f->scheme);
    h401_vars_set(vars, "sent_scheme", f->sent_scheme);
    h401_vars_set(vars, "user", f->user);
    h401_vars_set(vars, "url", f->url);
    h401_vars_set(vars, "contact", f->contact);
    h401_vars_set(vars, "contact_label",
                  f->contact && strncmp(f->contact, "mailto:", 7) == 0
                  ? f->contact + 7 : f->contact);
    h401_vars_set(vars, "login_url", f->login_url);
    h401_vars_set(vars, "home_url", f->home_url);
    h401_vars_set(vars, "action_url", f->login_url ? f->login_url : f->home_url);
    h401_vars_set(vars, "action_is_login", f->login_url ? "1" : NULL);
    h401_vars_set_tpl(vars, "title", ct->title);
    h401_vars_set_tpl(vars, "explanation", ct->explanation);
    for (i = 0; i < ct->remedies->nelts; i++) {
        h401_vars *item = h401_vars_add_item(vars, "remedies");
        h401_vars_set_tpl(item, "text", APR_ARRAY_IDX(ct->remedies, i, const h401_tpl *));
    }
    h401_tpl_render(set->html, vars, buf);
}
