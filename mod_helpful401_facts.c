/* Licensed under the Apache License, Version 2.0; see LICENSE. */

/*
 * From a refused request to its cause: gathers the facts lib/ needs
 * (credentials, challenges, cookies, a broken .htaccess, a bearer token's
 * times), applies the admin's own causes, and hands the rest to
 * h401_diagnose(); then tells the admin what was found, in the request's
 * environment and the error log. Runs only for 401 responses. The page
 * is made from the finding in mod_helpful401_page.c.
 */

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"

#include "apr_strings.h"

#include "mod_helpful401_facts.h"
#include "lib/h401_cookie.h"
#include "lib/h401_jwt.h"

APLOG_USE_MODULE(helpful401);

/* -------------------------------------------------------------------- */
/* Facts                                                                */

/* The response headers the diagnosis reads, from one table in order:
 * every WWW-Authenticate value, parsed into challenges and kept as sent
 * in headers, and, when set_cookies is not NULL, every Set-Cookie value.
 * One walk of the table: a 401 has few headers, and this runs for each. */
static void collect_response_headers(const apr_table_t *t, apr_array_header_t *challenges,
                                     apr_array_header_t *headers,
                                     apr_array_header_t *set_cookies)
{
    const apr_array_header_t *elts = apr_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)elts->elts;
    int i;

    for (i = 0; i < elts->nelts; i++) {
        const char *key = e[i].key;

        if (!key) {
            continue;
        }
        if ((key[0] == 'W' || key[0] == 'w') && strcasecmp(key, "WWW-Authenticate") == 0) {
            APR_ARRAY_PUSH(headers, const char *) = e[i].val;
            h401_parse_challenges(challenges->pool, e[i].val, challenges);
        }
        else if (set_cookies && (key[0] == 'S' || key[0] == 's')
                 && strcasecmp(key, "Set-Cookie") == 0) {
            APR_ARRAY_PUSH(set_cookies, const char *) = e[i].val;
        }
    }
}

/*
 * Whether authentication succeeded and authorization then refused. Not
 * r->user alone: mod_auth_basic sets it from the header before it checks
 * the password. httpd runs the check_authz phase only once a user is
 * authenticated, and fixups only once authorization passed (a 401 from
 * there on, mod_rewrite's R=401 or an application's, is no refusal of
 * the user).
 */
typedef struct {
    int authz_entered;
    int authz_passed;
    int explained;       /* a filter has taken the response (h401_claim_response) */
} request_notes;

static request_notes *notes_of(request_rec *r)
{
    request_notes *n = ap_get_module_config(r->request_config, &helpful401_module);

    if (!n) {
        n = apr_pcalloc(r->pool, sizeof(*n));
        ap_set_module_config(r->request_config, &helpful401_module, n);
    }
    return n;
}

int h401_note_authz_entered(request_rec *r)
{
    notes_of(r)->authz_entered = 1;
    return DECLINED;
}

int h401_claim_response(request_rec *r)
{
    request_notes *n = notes_of(r);

    if (n->explained) {
        return 0;
    }
    n->explained = 1;
    return 1;
}

int h401_note_authz_passed(request_rec *r)
{
    request_notes *n = ap_get_module_config(r->request_config, &helpful401_module);

    if (n) {
        n->authz_passed = 1;
    }
    return DECLINED;
}

static int authz_refused(request_rec *r)
{
    const request_notes *n = ap_get_module_config(r->request_config, &helpful401_module);

    return n && n->authz_entered && !n->authz_passed && r->user;
}

/* As the auth module that refused the request read it, else from the
 * configuration (an expression, evaluated again). */
const char *h401_auth_type_of(request_rec *r)
{
    return r->ap_auth_type ? r->ap_auth_type : ap_auth_type(r);
}

/* The .htaccess scan, through the child's cache when there is one. */
static int scan_htaccess(request_rec *r, const char *path, h401_htaccess_auth *auth,
                         int *first_time)
{
    h401_htaccess_cache *cache = h401_htaccess_cache_of_process();
    h401_htaccess_cache *own;

    if (!cache) {
        /* no cache (its creation failed): a throwaway one per request */
        if (h401_htaccess_cache_make(r->pool, 1, &own) != APR_SUCCESS) {
            return 0;
        }
        cache = own;
    }
    return h401_htaccess_cache_get(cache, r->pool, path, auth, first_time) == APR_SUCCESS;
}

/*
 * Whether a Basic area has anything to check a password against. With no
 * AuthBasicProvider, mod_auth_basic asks the file provider: when
 * mod_authn_file is not loaded (AH01600), or no AuthUserFile applies
 * (AH01619), no password can pass, and httpd answers 500 once one is
 * typed. Said only where the module reads those directives before their
 * modules do, so that an unset value means the area has none.
 */
static h401_no_password_check password_check_of(request_rec *r, const h401_dir_conf *conf)
{
    const char *type = ap_auth_type(r);

    if (!type || strcasecmp(type, "Basic") != 0 || conf->basic_providers) {
        return H401_PASSWORD_CHECK_OK;
    }
    if (!h401_conf_authn_file_loaded()) {
        return H401_PASSWORD_CHECK_NO_PROVIDER;
    }
    if (!conf->auth_user_file && h401_conf_sees_auth_directives()) {
        return H401_PASSWORD_CHECK_NO_USER_FILE;
    }
    return H401_PASSWORD_CHECK_OK;
}

/*
 * Looks for an .htaccess (among those httpd read for this request, the
 * innermost first) that asks for a login against a user or group file
 * that is missing, unreadable or empty. Such protection lets nobody in.
 */
static int find_leftover_htaccess(request_rec *r, h401_leftover *out)
{
    core_server_config *core = ap_get_core_module_config(r->server->module_config);
    const struct htaccess_result *h;

    for (h = r->htaccess; h; h = h->next) {
        const char *names = core->access_name;

        if (!h->htaccess || !r->filename
            || strncmp(r->filename, h->dir, strlen(h->dir)) != 0) {
            continue;   /* no file there, or not on this request's path */
        }
        while (*names) {
            const char *name = ap_getword_conf(r->pool, &names);
            const char *path = ap_make_full_path(r->pool, h->dir, name);
            h401_htaccess_auth auth;
            h401_broken_authfile broken;
            int first_time;

            if (!scan_htaccess(r, path, &auth, &first_time)) {
                continue;
            }
            if (h401_htaccess_find_broken(r->pool, &auth, ap_server_root_relative, &broken)) {
                out->htaccess = path;
                out->line = auth.protect_line;
                out->auth_name = auth.auth_name;
                out->directive = broken.directive;
                out->directive_line = broken.line;
                out->file = broken.path;
                out->state = broken.state;
                if (first_time) {
                    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r,
                                  "H401007: %s:%d protects %s but its %s %s "
                                  "(line %d) is %s: nobody can log in there",
                                  ap_escape_logitem(r->pool, path), auth.protect_line,
                                  ap_escape_logitem(r->pool, h->dir), broken.directive,
                                  ap_escape_logitem(r->pool, broken.path), broken.line,
                                  h401_file_state_name(broken.state));
                }
                return 1;
            }
            break;   /* httpd reads only the first access file it finds */
        }
    }
    return 0;
}

/* -------------------------------------------------------------------- */
/* A password record that can never match                               */

/* Never read more of a user file than this. mod_authn_file reads it all
 * for every login; a user past the first MiB is not looked for. */
#define MAX_USER_FILE_BYTES (1024 * 1024)

const char *h401_password_record_text(request_rec *r, const h401_password_record *pw)
{
    const char *user = ap_escape_logitem(r->pool, pw->user);
    const char *fix;

    if (pw->record.problem == H401_HASH_LOCKED) {
        fix = apr_psprintf(r->pool, "if the account is not meant to be locked, set a "
                           "password with htpasswd -B %s %s", pw->file, user);
    }
    else {
        fix = apr_psprintf(r->pool, "hash it with htpasswd -B %s %s", pw->file, user);
    }
    return apr_psprintf(r->pool, "line %d of %s: the password of '%s' %s: %s",
                        pw->record.line, pw->file, user,
                        h401_hash_problem_why(r->pool, &pw->record), fix);
}

/* Whether mod_authn_file checked the password: AuthBasicProvider names
 * file, or is not set (file is mod_auth_basic's default). An LDAP or DBD
 * area that also inherits an AuthUserFile is not judged by that file. */
static int file_provider_checks(const h401_dir_conf *conf)
{
    const char *p = conf->basic_providers;
    apr_size_t n;

    if (!p) {
        return 1;
    }
    for (; *p; p += n) {
        p += strspn(p, " \t");
        n = strcspn(p, " \t");
        if (n == 4 && strncasecmp(p, "file", 4) == 0) {
            return 1;
        }
    }
    return 0;
}

/*
 * For a refused Basic password: the user's record in the area's
 * AuthUserFile (see note_auth_user_file in mod_helpful401_config.c for
 * how we know which), when its value can never be verified. Read only
 * here, on a bad-credentials 401 with a user name, at most
 * MAX_USER_FILE_BYTES; nothing is cached but whether this version of the
 * file (path, mtime, ctime, size, inode) was warned about, once per child.
 * Fills *out and returns 1 for such a record; 0 when the file cannot be
 * read, the user has no line (an unknown user: no word of it), or the
 * value is one apr can verify.
 */
static int find_password_record(request_rec *r, const h401_dir_conf *conf,
                                const char *user, h401_password_record *out)
{
    apr_file_t *fd;
    apr_finfo_t info;
    apr_size_t len;
    char *text;
    apr_status_t rv;
    const char *version;

    if (!conf->auth_user_file || !user || !file_provider_checks(conf)
        || apr_file_open(&fd, conf->auth_user_file, APR_FOPEN_READ, APR_OS_DEFAULT,
                         r->pool) != APR_SUCCESS) {
        return 0;
    }
    memset(&info, 0, sizeof(info));
    rv = apr_file_info_get(&info, APR_FINFO_MTIME | APR_FINFO_CTIME | APR_FINFO_SIZE
                                  | APR_FINFO_INODE | APR_FINFO_DEV, fd);
    if ((rv != APR_SUCCESS && !APR_STATUS_IS_INCOMPLETE(rv)) || info.size <= 0) {
        apr_file_close(fd);
        return 0;
    }
    len = info.size < MAX_USER_FILE_BYTES ? (apr_size_t)info.size : MAX_USER_FILE_BYTES;
    text = apr_palloc(r->pool, len);
    rv = apr_file_read_full(fd, text, len, &len);
    apr_file_close(fd);
    if ((apr_off_t)len < info.size) {
        /* cut at the limit: the last line read may be part of a record */
        while (len > 0 && text[len - 1] != '\n') {
            len--;
        }
    }
    if ((rv != APR_SUCCESS && !APR_STATUS_IS_EOF(rv))
        || !h401_htpasswd_find(r->pool, text, len, user, &out->record)
        || out->record.problem == H401_HASH_OK) {
        return 0;
    }
    out->file = conf->auth_user_file;
    out->user = user;
    version = apr_psprintf(r->pool, "%s|%" APR_TIME_T_FMT "|%" APR_TIME_T_FMT "|%"
                           APR_OFF_T_FMT "|%" APR_UINT64_T_FMT "|%" APR_UINT64_T_FMT,
                           out->file, info.mtime, info.ctime, info.size,
                           (apr_uint64_t)info.inode, (apr_uint64_t)info.device);
    if (h401_first_time(version)) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, "H401012: %s; nobody can log "
                      "in as that user",
                      ap_escape_logitem(r->pool, h401_password_record_text(r, out)));
    }
    return 1;
}

/* What a Bearer JWT says of its own lifetime. */
static void read_token_times(request_rec *r, const char *authorization,
                             h401_token_times *out)
{
    const char *token = authorization;

    while (*token && *token != ' ') {
        token++;
    }
    while (*token == ' ') {
        token++;
    }
    h401_jwt_read(r->pool, token, strlen(token), out);
}

/* The admin's Helpful401Cause list, in order; NULL when none applies. */
static const char *custom_cause(request_rec *r, const h401_dir_conf *conf)
{
    int i;

    for (i = 0; conf->causes && i < conf->causes->nelts; i++) {
        const h401_custom_cause *c = &APR_ARRAY_IDX(conf->causes, i, h401_custom_cause);
        const char *err = NULL;
        int rc = ap_expr_exec(r, c->expr, &err);

        if (rc < 0) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "H401008: Helpful401Cause %s: "
                          "cannot evaluate its expression: %s", c->id, err);
        }
        else if (rc > 0) {
            if (h401_conf_has_cause(conf, c->id)) {
                return c->id;
            }
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, "H401009: Helpful401Cause "
                          "%s applies, but this location's templates have no "
                          "words for it", c->id);
        }
    }
    return NULL;
}

void h401_diagnose_request(request_rec *r, const h401_dir_conf *conf,
                           h401_finding *out)
{
    const char *authorization = apr_table_get(r->headers_in, "Authorization");
    apr_array_header_t *challenges = apr_array_make(r->pool, 2, sizeof(h401_challenge));
    apr_array_header_t *headers = apr_array_make(r->pool, 2, sizeof(const char *));
    const char *cookie = apr_table_get(r->headers_in, "Cookie");
    /* a response that deletes a cookie matters only if one was sent */
    apr_array_header_t *set_cookies = cookie ? apr_array_make(r->pool, 1, sizeof(const char *))
                                             : NULL;

    memset(out, 0, sizeof(*out));
    /* in the order they are sent: ap_http_header_filter puts
     * err_headers_out before headers_out. (On httpd's own 401 the auth
     * module's challenge is in headers_out by now, since
     * ap_send_error_response swapped the tables, and "Header always"
     * ones are in err_headers_out; a CGI's are in err_headers_out.) */
    collect_response_headers(r->err_headers_out, challenges, headers, set_cookies);
    collect_response_headers(r->headers_out, challenges, headers, set_cookies);
    out->challenge_headers = headers;
    out->facts.challenges = challenges;
    h401_parse_authorization(r->pool, authorization, &out->facts.credentials);
    /* a token's times only matter where the area asks for one */
    if (h401_scheme_is(out->facts.credentials.scheme, "Bearer")
        && h401_find_challenge(challenges, "Bearer")) {
        read_token_times(r, authorization, &out->facts.token);
    }
    out->facts.now = apr_time_sec(r->request_time);
    out->facts.clock_skew = h401_conf_clock_skew(conf);
    /* only a 401 without a challenge is judged by its AuthType */
    out->facts.auth_type = challenges->nelts ? NULL : h401_auth_type_of(r);
    out->facts.cookie_header = cookie;
    out->facts.session_cookie = h401_find_session_cookie(r->pool, cookie,
                                                         h401_conf_session_cookies(conf));
    out->facts.set_cookies = set_cookies;
    out->facts.authz_refused = authz_refused(r);
    out->facts.authenticated_user = r->user;
    out->facts.leftover_htaccess = find_leftover_htaccess(r, &out->leftover);
    out->facts.no_password_check = password_check_of(r, conf);
    h401_diagnose(&out->facts, &out->diagnosis);
    out->cause_id = custom_cause(r, conf);
    out->custom = out->cause_id != NULL;
    if (!out->custom) {
        out->cause_id = h401_cause_id(out->diagnosis.cause);
        /* the visitor still reads bad-credentials: the record is for
         * the admin's section and the log only */
        if (out->diagnosis.cause == H401_CAUSE_BAD_CREDENTIALS
            && h401_scheme_is(out->facts.credentials.scheme, "Basic")) {
            find_password_record(r, conf, out->facts.credentials.user, &out->password);
        }
    }
}

/* -------------------------------------------------------------------- */
/* Telling the admin                                                    */

/* The name of one of our variables with prefix ("" or "REDIRECT_"). */
static const char *env_name(request_rec *r, const char *prefix, const char *name)
{
    return *prefix ? apr_pstrcat(r->pool, prefix, name, NULL) : name;
}

/* Makes what was found available to logs, SSI, CGI and ErrorDocuments.
 * Set, not added: a request whose ErrorDocument was refused in turn had
 * them written when it was redirected, maybe for another challenge. */
void h401_export_finding(request_rec *r, apr_table_t *env, const char *prefix,
                         const h401_finding *f)
{
    const h401_diagnosis *d = &f->diagnosis;

    apr_table_setn(env, env_name(r, prefix, "HELPFUL401_CAUSE"), f->cause_id);
    if (d->expected_scheme) {
        apr_table_setn(env, env_name(r, prefix, "HELPFUL401_SCHEME"), d->expected_scheme);
    }
    if (d->realm) {
        apr_table_setn(env, env_name(r, prefix, "HELPFUL401_REALM"), d->realm);
    }
}

void h401_log_finding(request_rec *r, const h401_finding *f, const char *via)
{
    const char *user = f->facts.credentials.user;
    const char *extra = "";

    if (!APLOG_R_IS_LEVEL(r, APLOG_INFO)) {
        return;
    }
    if (user) {
        extra = apr_pstrcat(r->pool, " user=", ap_escape_logitem(r->pool, user), NULL);
    }
    if (via) {
        extra = apr_pstrcat(r->pool, extra, " via=", via, NULL);
    }
    if (f->facts.leftover_htaccess && !f->custom) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "H401001: cause=%s url=%s htaccess=%s:%d %s=%s "
                      "(line %d: %s)%s", f->cause_id,
                      ap_escape_logitem(r->pool, r->unparsed_uri),
                      f->leftover.htaccess, f->leftover.line,
                      f->leftover.directive, f->leftover.file,
                      f->leftover.directive_line,
                      h401_file_state_name(f->leftover.state), extra);
    }
    else {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "H401002: cause=%s reason=%s url=%s%s", f->cause_id,
                      f->custom ? "Helpful401Cause" : f->diagnosis.reason,
                      ap_escape_logitem(r->pool, r->unparsed_uri), extra);
    }
}
