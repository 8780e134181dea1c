#!/bin/sh
# `make demo`: builds a small site with one area for each cause and serves
# it with the module on 127.0.0.1:$PORT in the foreground. Ctrl-C stops it.
set -e
cd "$(dirname "$0")/.."
. tools/site-areas.sh
top=$PWD
PORT=${PORT:-8401}
HTTPD=${HTTPD:-/usr/sbin/apache2}
MODS=${MODS:-/etc/apache2/mods-available}

# As root httpd serves files as www-data, which may not reach this tree.
if [ "$(id -u)" = 0 ]; then
    run=/tmp/helpful401-demo
    user_lines="User www-data
Group www-data"
else
    run=$top/demo/run
    user_lines=""
fi
rm -rf "$run"
mkdir -p "$run/htdocs" "$run/logs" "$run/data"
cp "$top/.libs/mod_helpful401.so" "$run/mod_helpful401.so"

htpasswd -bc "$run/data/users" demo demo >/dev/null 2>&1
printf 'demo:Digest demo:%s\n' "$(printf 'demo:Digest demo:demo' | md5sum | cut -d' ' -f1)" \
    > "$run/data/digest-users"

area() {   # area DIR TITLE
    mkdir -p "$run/htdocs/$1"
    printf '<!DOCTYPE html><meta charset="utf-8"><title>%s</title><p>You are in: %s.</p>\n' "$2" "$2" \
        > "$run/htdocs/$1/index.html"
}
area staff "Staff area (Basic)"
area digest "Digest area"
area intended "Intended .htaccess protection"
area old-members "Old members (leftover .htaccess)"
area members "Members (form login)"
area quiet "Quiet area (module Off)"
area shop "Shop (form login, the module's page)"
mkdir -p "$run/htdocs/app" "$run/htdocs/api"

cat > "$run/htdocs/intended/.htaccess" <<HT
AuthType Basic
AuthName "Intended area"
AuthUserFile $run/data/users
Require valid-user
HT
cat > "$run/htdocs/old-members/.htaccess" <<HT
# Left over from a site that moved: its password file is gone.
AuthType Basic
AuthName "Old members"
AuthUserFile $run/data/old-passwords
Require valid-user
HT
cat > "$run/htdocs/login.shtml" <<'HT'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Members: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">
<h1>Members: sign in</h1>
<p>This is the site's own login page (an ErrorDocument). mod_helpful401 told it
why you are here: <strong><!--#echo var="REDIRECT_HELPFUL401_CAUSE" --></strong>.</p>
<form method="post" action="/dologin">
<p><label>User name <input name="httpd_username" value="demo"></label></p>
<p><label>Password <input type="password" name="httpd_password" value="demo"></label></p>
<p><button>Sign in</button></p>
</form>
</body></html>
HT

base="http://127.0.0.1:$PORT"
cat > "$run/htdocs/index.html" <<HT
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mod_helpful401 demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
code,pre{background:#f2f3f5;padding:.1rem .3rem;border-radius:.25rem}pre{padding:.6rem;overflow:auto}</style></head>
<body>
<h1>mod_helpful401 demo</h1>
<p>Each link below is refused with a 401 for a different reason; the page you get explains it.
The user name and password that work everywhere are <code>demo</code> / <code>demo</code>.</p>
<ul>
<li><a href="/staff/">/staff/</a>: HTTP Basic. Cancel the login box for <em>no-credentials</em>, type a wrong password for <em>bad-credentials</em>.</li>
<li><a href="/digest/">/digest/</a>: HTTP Digest.</li>
<li><a href="/intended/">/intended/</a>: protected by a working .htaccess (<em>no-credentials</em>).</li>
<li><a href="/old-members/">/old-members/</a>: a leftover .htaccess whose password file is gone (<em>leftover-htaccess</em>).</li>
<li><a href="/members/">/members/</a>: a form login with mod_session; its ErrorDocument login page shows the cause.</li>
<li><a href="/shop/">/shop/</a>: a form login without an ErrorDocument: the module's own page (send an old cookie for <em>stale-session</em>).</li>
<li><a href="/api/orders">/api/orders</a>: a Bearer API (mod_rewrite and <code>Header always set WWW-Authenticate</code>).</li>
<li><a href="/app/orders">/app/orders</a>: refused by <code>mod_rewrite [R=401]</code> with no challenge at all (<em>server-misconfigured</em>).</li>
<li><a href="/quiet/">/quiet/</a>: <code>Helpful401 Off</code>, httpd's own page.</li>
</ul>
<h2>The causes a browser cannot easily show</h2>
<pre>
# wrong-scheme: a Bearer token where Basic is asked
curl -i -H 'Authorization: Bearer abc.def.ghi' $base/staff/

# malformed-credentials: Basic credentials that are not base64
curl -i -H 'Authorization: Basic !!!' $base/staff/

# bad-credentials: a wrong password
curl -i -u demo:wrong $base/staff/

# stale-session: an old session cookie in a form-login area
curl -i -H 'Cookie: PHPSESSID=0123456789abcdef' $base/shop/

# expired-token: a JWT whose exp passed two hours ago
curl -i -H "Authorization: Bearer \$(printf '{"alg":"HS256"}' | base64 | tr -d '=' | tr '/+' '_-').\$(printf '{"exp":%d}' \$((\$(date +%s) - 7200)) | base64 | tr -d '=' | tr '/+' '_-').sig" $base/api/orders

# the same page in German, as problem+json, as plain text
curl -i -H 'Accept-Language: de' $base/staff/
curl -i -H 'Accept: application/json' $base/staff/
curl -i -H 'Accept: text/plain' $base/staff/

# the cause, as your log files can show it
tail -f $run/logs/cause_log
</pre>
</body></html>
HT

cat > "$run/httpd.conf" <<CONF
# Generated by tools/demo.sh
ServerRoot $run
ServerName 127.0.0.1
ServerAdmin webmaster@demo.example
Listen 127.0.0.1:$PORT
PidFile $run/logs/httpd.pid
ErrorLog /dev/stderr
LogLevel warn helpful401:info
$user_lines
$(for m in mpm_prefork authz_core authz_user authn_core authn_file auth_basic auth_digest \
           auth_form request session session_cookie rewrite include mime dir headers remoteip; do
      grep -h '^LoadModule' "$MODS/$m.load"; done)
LoadModule helpful401_module $run/mod_helpful401.so

# tools/screenshots.sh shows a remote visitor's page with X-Forwarded-For
RemoteIPHeader X-Forwarded-For
RemoteIPInternalProxy 127.0.0.1
TypesConfig /etc/mime.types
AddType text/html .shtml
AddOutputFilter INCLUDES .shtml
DirectoryIndex index.html
LogFormat "%h \"%r\" %>s cause=%{HELPFUL401_CAUSE}e" cause
CustomLog $run/logs/cause_log cause

DocumentRoot $run/htdocs
<Directory $run/htdocs>
    AllowOverride AuthConfig
    Options +Includes
    Require all granted
</Directory>

$(site_areas "$run")
<Location /digest>
    AuthType Digest
    AuthName "Digest demo"
    AuthDigestProvider file
    AuthUserFile $run/data/digest-users
    Require valid-user
</Location>
<Location /members>
    AuthType form
    AuthName "Members"
    AuthFormProvider file
    AuthUserFile $run/data/users
    Require valid-user
    Session On
    SessionCookieName session path=/
    SessionMaxAge 120
    ErrorDocument 401 /login.shtml
</Location>
<Location /dologin>
    SetHandler form-login-handler
    Require all granted
    AuthType form
    AuthName "Members"
    AuthFormProvider file
    AuthUserFile $run/data/users
    AuthFormLoginSuccessLocation /members/
    Session On
    SessionCookieName session path=/
    SessionMaxAge 120
</Location>
<Location /quiet>
    AuthType Basic
    AuthName "Quiet area"
    AuthUserFile $run/data/users
    Require valid-user
    Helpful401 Off
</Location>
CONF

chmod -R a+rX "$run"
"$HTTPD" -t -f "$run/httpd.conf"
if [ -n "${DEMO_DETACH:-}" ]; then
    # for tools/screenshots.sh: start in the background, log to a file
    sed -i "s|^ErrorLog /dev/stderr|ErrorLog $run/logs/error_log|" "$run/httpd.conf"
    "$HTTPD" -f "$run/httpd.conf" -k start
    echo "$run"
    exit 0
fi
echo
echo "mod_helpful401 demo: $base/   (Ctrl-C stops it)"
echo "Try: curl -i $base/staff/"
echo
exec "$HTTPD" -X -f "$run/httpd.conf"
