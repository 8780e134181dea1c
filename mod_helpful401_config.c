/* Licensed under the Apache License, Version 2.0; see LICENSE. */

/*
 * mod_helpful401's configuration: the per-directory record, its create
 * and merge, the value each setting takes when unset, the directives and
 * their checks (a bad value stops `apache2 -t` with the reason), and the
 * template sets: the shipped one, compiled into the module and loaded in
 * pre_config, and the admin's (Helpful401Templates), compiled when the
 * directive is read so that a broken template never reaches a request.
 * Also the start-up hooks: pre/check/post_config and child_init.
 */

/* first, so that APR_OFFSETOF (in the command table) is offsetof: without
 * it APR subtracts from a null pointer, which clang's -Wextra refuses */
#include <stddef.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"

#include "apr_strings.h"
#include "apr_lib.h"
#include "apr_file_io.h"
#include "apr_file_info.h"
#include "apr_hash.h"
#if APR_HAS_THREADS
#include "apr_thread_mutex.h"
#endif

#include "mod_helpful401_config.h"
#include "lib/h401_builtin.h"
#include "lib/h401_cookie.h"
#include "lib/h401_tpldir.h"

APLOG_USE_MODULE(helpful401);

/* "Not set here", so that merging can tell it from an explicit value. */
#define H401_UNSET (-1)

#define H401_DEFAULT_CLOCK_SKEW 60

/* The shipped templates, compiled once per configuration load. */
static h401_pageset *builtin_pages;

/* Helpful401Cause declarations seen while reading the configuration, to
 * check in check_config that some template set has words for them. */
typedef struct {
    const char *id;
    const char *file;
    int line;
} declared_cause;
static apr_array_header_t *declared_causes;
static apr_array_header_t *loaded_sets;    /* const h401_pageset * */

static apr_array_header_t *default_cookies;

/* Each child's cache of scanned .htaccess files. */
static h401_htaccess_cache *htaccess_cache;

/* Each child's keys already warned about (h401_first_time), in a pool of
 * their own so that starting over gives their memory back. */
static apr_pool_t *once_pool;
static apr_hash_t *once_seen;
#if APR_HAS_THREADS
static apr_thread_mutex_t *once_mutex;
#endif

/* -------------------------------------------------------------------- */
/* Create and merge                                                     */

/* Nothing set: NULL for the pointers, H401_UNSET for the numbers. */
void *h401_create_dir_conf(apr_pool_t *p, char *dir)
{
    h401_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    (void)dir;
    conf->enabled = H401_UNSET;
    conf->upstream = H401_UNSET;
    conf->clock_skew = H401_UNSET;
    conf->detail = H401_UNSET;
    return conf;
}

/* As httpd's own modules merge: a new record, each field from the inner
 * section (add) where it set it, else from the outer one (base). */
void *h401_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const h401_dir_conf *base = basev, *add = addv;
    h401_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    conf->enabled = add->enabled != H401_UNSET ? add->enabled : base->enabled;
    conf->upstream = add->upstream != H401_UNSET ? add->upstream : base->upstream;
    /* the name goes with its address */
    conf->contact = add->contact ? add->contact : base->contact;
    conf->contact_label = add->contact ? add->contact_label : base->contact_label;
    conf->login_url = add->login_url ? add->login_url : base->login_url;
    conf->problem_types = add->problem_types ? add->problem_types : base->problem_types;
    conf->session_cookies = add->session_cookies ? add->session_cookies
                                                 : base->session_cookies;
    conf->pages = add->pages ? add->pages : base->pages;
    conf->default_language = add->default_language ? add->default_language
                                                   : base->default_language;
    conf->clock_skew = add->clock_skew != H401_UNSET ? add->clock_skew : base->clock_skew;
    /* the expression goes with its Helpful401Detail */
    if (add->detail != H401_UNSET) {
        conf->detail = add->detail;
        conf->detail_expr = add->detail_expr;
    }
    else {
        conf->detail = base->detail;
        conf->detail_expr = base->detail_expr;
    }
    /* the inner section's causes are tried first, then the outer's */
    if (add->causes && base->causes) {
        conf->causes = apr_array_append(p, add->causes, base->causes);
    }
    else {
        conf->causes = add->causes ? add->causes : base->causes;
    }
    /* as mod_authn_file has it: the innermost section's file */
    conf->auth_user_file = add->auth_user_file ? add->auth_user_file
                                               : base->auth_user_file;
    conf->basic_providers = add->basic_providers ? add->basic_providers
                                                 : base->basic_providers;
    return conf;
}

/* -------------------------------------------------------------------- */
/* Effective values                                                     */

const h401_dir_conf *h401_get_dir_conf(request_rec *r)
{
    return ap_get_module_config(r->per_dir_config, &helpful401_module);
}

int h401_conf_enabled(const h401_dir_conf *conf)
{
    return conf->enabled != 0;
}

int h401_conf_upstream(const h401_dir_conf *conf)
{
    return conf->upstream == 1;
}

const h401_pageset *h401_conf_pages(const h401_dir_conf *conf)
{
    return conf->pages ? conf->pages : builtin_pages;
}

int h401_conf_has_cause(const h401_dir_conf *conf, const char *id)
{
    return h401_pageset_has_cause(h401_conf_pages(conf), id);
}

const char *h401_conf_default_language(const h401_dir_conf *conf)
{
    return conf->default_language ? conf->default_language : "en";
}

apr_int64_t h401_conf_clock_skew(const h401_dir_conf *conf)
{
    return conf->clock_skew != H401_UNSET ? conf->clock_skew : H401_DEFAULT_CLOCK_SKEW;
}

const apr_array_header_t *h401_conf_session_cookies(const h401_dir_conf *conf)
{
    return conf->session_cookies ? conf->session_cookies : default_cookies;
}

h401_detail_mode h401_conf_detail(const h401_dir_conf *conf)
{
    return conf->detail != H401_UNSET ? (h401_detail_mode)conf->detail : H401_DETAIL_LOCAL;
}

h401_htaccess_cache *h401_htaccess_cache_of_process(void)
{
    return htaccess_cache;
}

int h401_first_time(const char *key)
{
    int first = 0;

    if (!once_pool) {
        return 1;   /* no child_init (it failed): every time */
    }
#if APR_HAS_THREADS
    apr_thread_mutex_lock(once_mutex);
#endif
    if (!apr_hash_get(once_seen, key, APR_HASH_KEY_STRING)) {
        if (apr_hash_count(once_seen) >= H401_ONCE_MAX_KEYS) {
            apr_pool_clear(once_pool);   /* its keys go, the hash too */
            once_seen = apr_hash_make(once_pool);
        }
        apr_hash_set(once_seen, apr_pstrdup(once_pool, key), APR_HASH_KEY_STRING, "");
        first = 1;
    }
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(once_mutex);
#endif
    return first;
}

/* -------------------------------------------------------------------- */
/* Directives                                                           */

static int is_http_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

static int has_ctl_or_space(const char *s)
{
    for (; *s; s++) {
        if (apr_iscntrl(*s) || *s == ' ') {
            return 1;
        }
    }
    return 0;
}

/* A tel: URI (RFC 3966) as people write one: a number of digits, with
 * an optional leading '+' and the visual separators - . ( ). */
static int is_tel(const char *s)
{
    int digits = 0;

    if (strncasecmp(s, "tel:", 4) != 0) {
        return 0;
    }
    for (s += 4, s += *s == '+'; *s; s++) {
        if (apr_isdigit(*s)) {
            digits++;
        }
        else if (!strchr("-.()", *s)) {
            return 0;
        }
    }
    return digits > 0;
}

/* An e-mail address or mailto:/tel:/http(s) URL as a link; NULL otherwise. */
static const char *contact_link(apr_pool_t *p, const char *value)
{
    if (!value || has_ctl_or_space(value)) {
        return NULL;
    }
    if (is_http_url(value) || (strncasecmp(value, "mailto:", 7) == 0 && value[7])
        || is_tel(value)) {
        return value;
    }
    if (strchr(value, '@') && value[0] != '@' && !strchr(value, ':')) {
        return apr_pstrcat(p, "mailto:", value, NULL);
    }
    return NULL;
}

/* The ServerAdmin that httpd and Debian ship (you@example.com,
 * webmaster@localhost) or any address at localhost or an example domain
 * (RFC 2606): nobody reads mail there, so no visitor is sent to it. */
static int is_placeholder_admin(const char *addr)
{
    static const char *const domains[] = {
        "localhost", "example.com", "example.net", "example.org", NULL
    };
    const char *at = addr ? strrchr(addr, '@') : NULL;
    const char *const *d;

    if (!at) {
        return 0;
    }
    for (d = domains; *d; d++) {
        apr_size_t n = strlen(*d), len = strlen(at + 1);

        if (strcasecmp(at + 1, *d) == 0
            || (len > n && at[len - n] == '.' && strcasecmp(at + 1 + len - n, *d) == 0)) {
            return 1;
        }
    }
    return 0;
}

/* Each server's ServerAdmin as a link ("" for none), worked out once in
 * check_config: keyed by the server_rec, not kept in a module record,
 * since a virtual host that sets none of our directives shares the main
 * server's (httpd gives it the base's) while its ServerAdmin may be its
 * own. */
static apr_hash_t *server_contacts;

static const char *server_contact_of(apr_pool_t *p, const server_rec *s)
{
    return is_placeholder_admin(s->server_admin) ? NULL : contact_link(p, s->server_admin);
}

const char *h401_server_contact(apr_pool_t *p, const server_rec *s)
{
    const char *link = server_contacts
        ? apr_hash_get(server_contacts, &s, sizeof(s)) : NULL;

    if (!link) {
        return server_contact_of(p, s);   /* a server check_config did not see */
    }
    return *link ? link : NULL;
}

#define H401_CONTACT_LABEL_MAX 200

/* Helpful401Contact address|Off, or Helpful401Contact "name" address */
static const char *set_contact(cmd_parms *cmd, void *dconf, const char *first,
                               const char *second)
{
    h401_dir_conf *conf = dconf;
    const char *arg = second ? second : first;
    const char *label = second ? first : NULL;
    const char *link, *s;

    if (!second && strcasecmp(arg, "Off") == 0) {
        conf->contact = "";
        conf->contact_label = NULL;
        return NULL;
    }
    if (label) {
        for (s = label; *s && !apr_iscntrl(*s); s++) {
        }
        if (!*label || *s || strlen(label) > H401_CONTACT_LABEL_MAX) {
            return apr_psprintf(cmd->pool, "%s: the name '%s' must be 1 to %d bytes "
                                "with no control characters", cmd->cmd->name, label,
                                H401_CONTACT_LABEL_MAX);
        }
    }
    if (has_ctl_or_space(arg)) {
        return apr_psprintf(cmd->pool, "%s: '%s' must not contain spaces",
                            cmd->cmd->name, arg);
    }
    if (!(link = contact_link(cmd->pool, arg))) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not an e-mail address, a "
                            "mailto:, tel: or http(s):// URL%s",
                            cmd->cmd->name, arg, label ? "" : ", or Off");
    }
    conf->contact = link;
    conf->contact_label = label;
    return NULL;
}

static const char *set_login_url(cmd_parms *cmd, void *dconf, const char *arg)
{
    h401_dir_conf *conf = dconf;

    if (has_ctl_or_space(arg) || !(arg[0] == '/' || is_http_url(arg))) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a local path (/login) "
                            "or an http(s):// URL", cmd->cmd->name, arg);
    }
    conf->login_url = arg;
    return NULL;
}

static const char *set_problem_types(cmd_parms *cmd, void *dconf, const char *arg)
{
    h401_dir_conf *conf = dconf;

    if (has_ctl_or_space(arg) || !is_http_url(arg)) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not an http(s):// URL",
                            cmd->cmd->name, arg);
    }
    conf->problem_types = arg;
    return NULL;
}

static const char *add_session_cookie(cmd_parms *cmd, void *dconf,
                                      const char *arg)
{
    h401_dir_conf *conf = dconf;
    const char *s;

    for (s = arg; *s; s++) {
        if (apr_iscntrl(*s) || strchr(" \t\"(),/:;<=>?@[\\]{}", *s)) {
            return apr_psprintf(cmd->pool, "%s: '%s' is not a valid cookie name",
                                cmd->cmd->name, arg);
        }
    }
    /* the first name given in a section replaces the inherited list */
    if (!conf->session_cookies) {
        conf->session_cookies = apr_array_make(cmd->pool, 4, sizeof(const char *));
    }
    APR_ARRAY_PUSH(conf->session_cookies, const char *) = arg;
    return NULL;
}

static const char *set_default_language(cmd_parms *cmd, void *dconf, const char *arg)
{
    h401_dir_conf *conf = dconf;
    char *tag = apr_pstrdup(cmd->pool, arg);

    if (!h401_is_language_tag(tag)) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a language tag (en, de, pt-br)",
                            cmd->cmd->name, arg);
    }
    ap_str_tolower(tag);
    conf->default_language = tag;
    return NULL;
}

static const char *set_clock_skew(cmd_parms *cmd, void *dconf, const char *arg)
{
    h401_dir_conf *conf = dconf;
    char *end;
    apr_int64_t v = apr_strtoi64(arg, &end, 10);

    if (!*arg || *end || v < 0 || v > 86400) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a number of seconds "
                            "between 0 and 86400", cmd->cmd->name, arg);
    }
    conf->clock_skew = v;
    return NULL;
}

static const char *set_detail(cmd_parms *cmd, void *dconf, const char *arg)
{
    h401_dir_conf *conf = dconf;

    if (strcasecmp(arg, "Off") == 0) {
        conf->detail = H401_DETAIL_OFF;
    }
    else if (strcasecmp(arg, "Local") == 0) {
        conf->detail = H401_DETAIL_LOCAL;
    }
    else if (strcasecmp(arg, "On") == 0) {
        conf->detail = H401_DETAIL_ON;
    }
    else if (strncasecmp(arg, "expr=", 5) == 0) {
        const char *err = NULL;
        conf->detail_expr = ap_expr_parse_cmd(cmd, arg + 5, 0, &err, NULL);
        if (err) {
            return apr_psprintf(cmd->pool, "%s: cannot parse expression '%s': %s",
                                cmd->cmd->name, arg + 5, err);
        }
        conf->detail = H401_DETAIL_EXPR;
    }
    else {
        return apr_psprintf(cmd->pool, "%s: '%s' is not Off, Local, On or "
                            "\"expr=...\"", cmd->cmd->name, arg);
    }
    return NULL;
}

static int is_cause_id(const char *s)
{
    if (!apr_islower(*s)) {
        return 0;
    }
    for (; *s; s++) {
        if (!apr_islower(*s) && !apr_isdigit(*s) && *s != '-') {
            return 0;
        }
    }
    return 1;
}

static const char *add_cause(cmd_parms *cmd, void *dconf, const char *id,
                             const char *expr)
{
    h401_dir_conf *conf = dconf;
    h401_custom_cause *cause;
    declared_cause *d;
    const char *err = NULL;

    if (!is_cause_id(id)) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a cause id (lower-case "
                            "letters, digits and '-', e.g. vpn-only)",
                            cmd->cmd->name, id);
    }
    if (h401_cause_from_id(id) >= 0) {
        return apr_psprintf(cmd->pool, "%s: '%s' is a built-in cause; choose "
                            "another id", cmd->cmd->name, id);
    }
    if (!conf->causes) {
        conf->causes = apr_array_make(cmd->pool, 2, sizeof(h401_custom_cause));
    }
    cause = apr_array_push(conf->causes);
    cause->id = id;
    cause->expr = ap_expr_parse_cmd(cmd, expr, 0, &err, NULL);
    if (err) {
        return apr_psprintf(cmd->pool, "%s %s: cannot parse expression '%s': %s",
                            cmd->cmd->name, id, expr, err);
    }
    d = apr_array_push(declared_causes);
    d->id = id;
    d->file = cmd->directive->filename;
    d->line = cmd->directive->line_num;
    return NULL;
}

static const char *set_templates(cmd_parms *cmd, void *dconf, const char *arg)
{
    h401_dir_conf *conf = dconf;
    const char *dir = ap_server_root_relative(cmd->pool, arg);
    h401_pageset *set;
    apr_finfo_t info;
    h401_tpldir *files;
    const char *err;

    if (!dir || apr_stat(&info, dir, APR_FINFO_TYPE, cmd->temp_pool) != APR_SUCCESS
        || info.filetype != APR_DIR) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a directory",
                            cmd->cmd->name, arg);
    }
    if (!builtin_pages) {
        return apr_psprintf(cmd->pool, "%s: the shipped templates did not load",
                            cmd->cmd->name);
    }
    files = h401_tpldir_open(cmd->pool, dir);   /* its tags stay in the set */
    err = h401_pageset_load(cmd->pool, h401_tpldir_get, files,
                            h401_tpldir_languages(files), builtin_pages,
                            apr_pstrcat(cmd->pool, dir, "/", NULL), &set);
    if (h401_tpldir_error(files) || err) {
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name,
                            h401_tpldir_error(files) ? h401_tpldir_error(files) : err);
    }
    conf->pages = set;
    APR_ARRAY_PUSH(loaded_sets, const h401_pageset *) = set;
    return NULL;
}

/*
 * mod_authn_file's AuthUserFile, read as it passes: which file a Basic
 * area checks passwords against, so that a refused password can be
 * traced to a record that can never match (mod_helpful401_facts.c).
 * mod_authn_file keeps the path in a struct of its own that no header
 * declares, so ap_get_module_config() on its config would copy a private
 * layout; walking the configuration tree at post_config would have to
 * redo httpd's matching of sections to requests (Location, Directory,
 * If, .htaccess). Instead the directive is ours too: the handler keeps
 * the path, resolved as mod_authn_file resolves it (ServerRoot), and
 * returns DECLINE_CMD, on which httpd hands the directive to the next
 * module that has it, mod_authn_file, which sets it as always. Our merge
 * then gives, for every request, the innermost section's file (in
 * .htaccess files too), as mod_authn_file's default merge does.
 * httpd asks the modules loaded last first: this works when
 * mod_helpful401 is loaded after mod_authn_file (Debian's a2enmod order,
 * alphabetical, does so); loaded before, it never sees the directive and
 * says nothing of password records.
 */
/* A directive read as it passes, where the module it belongs to is not
 * loaded: no module would take it after us and it would pass without a
 * word, so it is refused as httpd refuses a directive it does not know. */
static const char *unknown_without(cmd_parms *cmd, const char *owner)
{
    return apr_psprintf(cmd->pool, "Invalid command '%s', perhaps misspelled or "
                        "defined by a module not included in the server "
                        "configuration (%s)", cmd->cmd->name, owner);
}

static const char *note_auth_user_file(cmd_parms *cmd, void *dconf, const char *file,
                                       const char *type)
{
    h401_dir_conf *conf = dconf;

    (void)type;   /* mod_authn_file checks it */
    if (!ap_find_linked_module("mod_authn_file.c")) {
        return unknown_without(cmd, "mod_authn_file");
    }
    conf->auth_user_file = ap_server_root_relative(cmd->pool, file);
    return DECLINE_CMD;
}

/* mod_auth_basic's AuthBasicProvider, read the same way: the AuthUserFile
 * explains a refused password only where the file provider checked it. */
static const char *note_basic_provider(cmd_parms *cmd, void *dconf, const char *args)
{
    h401_dir_conf *conf = dconf;

    if (!ap_find_linked_module("mod_auth_basic.c")) {
        return unknown_without(cmd, "mod_auth_basic");
    }
    conf->basic_providers = apr_pstrdup(cmd->pool, args);
    return DECLINE_CMD;
}

const command_rec h401_cmds[] = {
    AP_INIT_FLAG("Helpful401", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(h401_dir_conf, enabled),
                 RSRC_CONF | ACCESS_CONF,
                 "On to explain 401 responses with a helpful page (the "
                 "default), Off for httpd's own page"),
    AP_INIT_TAKE12("Helpful401Contact", set_contact, NULL,
                   RSRC_CONF | ACCESS_CONF,
                   "Whom visitors should contact: [\"name\"] and an e-mail "
                   "address, a mailto:, tel: or http(s):// URL; or Off "
                   "(default: ServerAdmin)"),
    AP_INIT_TAKE1("Helpful401LoginURL", set_login_url, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "Where visitors sign in: a local path or an http(s):// URL "
                  "(default: the site's home page)"),
    AP_INIT_TAKE1("Helpful401ProblemTypes", set_problem_types, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "The site's own base URL for problem+json types: the cause "
                  "id is appended (default: none, the type is about:blank)"),
    AP_INIT_ITERATE("Helpful401SessionCookie", add_session_cookie, NULL,
                    RSRC_CONF | ACCESS_CONF,
                    "Names of the cookies that carry a login session "
                    "(default: common framework names and mod_session's)"),
    AP_INIT_TAKE1("Helpful401Templates", set_templates, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "A directory laid out like the shipped templates/; files "
                  "it lacks come from the shipped ones"),
    AP_INIT_TAKE1("Helpful401DefaultLanguage", set_default_language, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "The page's language when Accept-Language matches none "
                  "(default: en)"),
    AP_INIT_TAKE1("Helpful401ClockSkew", set_clock_skew, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "Seconds of tolerance when judging a token's exp and nbf "
                  "(default: 60)"),
    AP_INIT_TAKE1("Helpful401Detail", set_detail, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "Who sees the section for the site's administrator: Off, "
                  "Local (default: loopback clients), On, or \"expr=...\""),
    AP_INIT_TAKE2("Helpful401Cause", add_cause, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "An admin's own cause: an id and an ap_expr; tried in order "
                  "before the built-in causes"),
    AP_INIT_FLAG("Helpful401Upstream", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(h401_dir_conf, upstream),
                 RSRC_CONF | ACCESS_CONF,
                 "On to also explain 401s made by handlers (CGI, proxy) to "
                 "browsers; default Off"),
    AP_INIT_TAKE12("AuthUserFile", note_auth_user_file, NULL, OR_AUTHCFG,
                   "mod_authn_file's user file, read by mod_helpful401 too"),
    AP_INIT_RAW_ARGS("AuthBasicProvider", note_basic_provider, NULL, OR_AUTHCFG,
                     "mod_auth_basic's providers, read by mod_helpful401 too"),
    { 0 }
};

/* -------------------------------------------------------------------- */
/* Hooks                                                                */

int h401_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
    const char *const *n;
    const char *err;

    (void)plog;
    (void)ptemp;
    declared_causes = apr_array_make(pconf, 4, sizeof(declared_cause));
    loaded_sets = apr_array_make(pconf, 4, sizeof(const h401_pageset *));
    default_cookies = apr_array_make(pconf, 8, sizeof(const char *));
    for (n = h401_common_session_cookies; *n; n++) {
        APR_ARRAY_PUSH(default_cookies, const char *) = *n;
    }
    /* the set keeps the language tags: they live in pconf */
    err = h401_pageset_load(pconf, h401_builtin_get, NULL,
                            h401_tpldir_languages(h401_tpldir_open(pconf, NULL)),
                            NULL, "templates/", &builtin_pages);
    if (err) {
        /* a build defect: keep serving httpd's own pages */
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, NULL,
                     "H401004: shipped templates do not load: %s", err);
        builtin_pages = NULL;
    }
    else {
        APR_ARRAY_PUSH(loaded_sets, const h401_pageset *) = builtin_pages;
    }
    return OK;
}

/* Every Helpful401Cause needs words in some template set; runs for
 * `apache2 -t` too, after all directives are read. */
/* Whether httpd hands AuthUserFile and AuthBasicProvider to us before
 * mod_authn_file and mod_auth_basic (we are loaded after them, and so
 * asked first): only then does an unset value mean the area has none. */
static int sees_auth_directives_first;
/* Whether mod_authn_file is loaded: looked up once, not per request */
static int authn_file_loaded;

int h401_conf_sees_auth_directives(void)
{
    return sees_auth_directives_first;
}

int h401_conf_authn_file_loaded(void)
{
    return authn_file_loaded;
}

static void note_auth_modules(void)
{
    const module *m;

    authn_file_loaded = ap_find_linked_module("mod_authn_file.c") != NULL;
    for (m = ap_top_module; m; m = m->next) {
        if (strcmp(m->name, "mod_authn_file.c") == 0 || strcmp(m->name, "mod_auth_basic.c") == 0) {
            sees_auth_directives_first = 0;
            return;
        }
        if (m == &helpful401_module) {
            sees_auth_directives_first = 1;
            return;
        }
    }
}

int h401_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                      server_rec *s)
{
    int i, j;

    (void)plog;
    (void)ptemp;
    note_auth_modules();
    for (i = 0; declared_causes && i < declared_causes->nelts; i++) {
        const declared_cause *d = &APR_ARRAY_IDX(declared_causes, i, declared_cause);
        int found = 0;
        for (j = 0; j < loaded_sets->nelts && !found; j++) {
            found = h401_pageset_has_cause(APR_ARRAY_IDX(loaded_sets, j, const h401_pageset *),
                                           d->id);
        }
        if (!found) {
            ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_EMERG, 0, s,
                         "H401005: Helpful401Cause %s (%s:%d): no template set "
                         "has words for it: add cause.%s.title, "
                         "cause.%s.explanation and cause.%s.remedies to "
                         "en/messages.txt of a Helpful401Templates directory",
                         d->id, d->file, d->line, d->id, d->id, d->id);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    /* for apache2 -t at LogLevel info: why a page names nobody to contact */
    server_contacts = apr_hash_make(pconf);
    for (; s; s = s->next) {
        const char *link = server_contact_of(pconf, s);
        const server_rec **key = apr_pmemdup(pconf, &s, sizeof(s));

        apr_hash_set(server_contacts, key, sizeof(s), link ? link : "");
        if (s->server_admin && is_placeholder_admin(s->server_admin)) {
            ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_INFO, 0, s,
                         "H401013: ServerAdmin %s (%s:%u) is a placeholder: the "
                         "helpful pages name no contact there until it is a real "
                         "address or Helpful401Contact names one", s->server_admin,
                         s->defn_name ? s->defn_name : "main server", s->defn_line_number);
        }
    }
    return OK;
}

apr_array_header_t *h401_admin_cause_ids(apr_pool_t *p)
{
    apr_array_header_t *ids = apr_array_make(p, 4, sizeof(const char *));
    apr_hash_t *seen = apr_hash_make(p);
    int i;

    for (i = 0; declared_causes && i < declared_causes->nelts; i++) {
        const char *id = APR_ARRAY_IDX(declared_causes, i, declared_cause).id;
        if (!apr_hash_get(seen, id, APR_HASH_KEY_STRING)) {
            apr_hash_set(seen, id, APR_HASH_KEY_STRING, id);
            APR_ARRAY_PUSH(ids, const char *) = id;
        }
    }
    return ids;
}

void h401_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_status_t rv = h401_htaccess_cache_make(pchild, H401_HTACCESS_CACHE_DEFAULT_ENTRIES,
                                               &htaccess_cache);

    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s,
                     "H401006: no .htaccess cache; files are read on each 401");
        htaccess_cache = NULL;
    }
    if (apr_pool_create(&once_pool, pchild) != APR_SUCCESS
#if APR_HAS_THREADS
        || apr_thread_mutex_create(&once_mutex, APR_THREAD_MUTEX_DEFAULT, pchild)
           != APR_SUCCESS
#endif
        ) {
        once_pool = NULL;
        return;
    }
    once_seen = apr_hash_make(once_pool);
}
