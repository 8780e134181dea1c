# Sourced by tools/demo.sh and tools/bench.sh: the protected areas both
# sites have, one for each way to a 401 that needs no files of its own.
# site_areas RUN prints them for a site whose users file is RUN/data/users.
site_areas() {
    cat <<CONF
<Location /staff>
    AuthType Basic
    AuthName "Staff area"
    AuthUserFile $1/data/users
    Require valid-user
</Location>
<Location /shop>
    AuthType form
    AuthName "Shop"
    AuthFormProvider file
    AuthUserFile $1/data/users
    Require valid-user
    Session On
    SessionCookieName session path=/
</Location>
<Location /api>
    RewriteEngine On
    RewriteCond %{HTTP:Authorization} !^Bearer\ demo-token\$
    RewriteRule ^ - [R=401]
    Header always set WWW-Authenticate "Bearer realm=\"orders API\""
</Location>
RewriteEngine On
RewriteRule ^/app/ - [R=401]
CONF
}
