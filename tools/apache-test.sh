#!/bin/sh
# Runs every test under t/ with Apache::Test against Debian's apache2 and
# the module as built in this tree. Must run as a normal user.
# Environment: TEST_PORT, the server's first port (default: a free one).
set -e
cd "$(dirname "$0")/.."

APXS=${APXS:-$(command -v apxs || echo /usr/bin/apxs)}
HTTPD=${HTTPD:-$(command -v apache2 || echo /usr/sbin/apache2)}
MODS=${MODS:-/etc/apache2/mods-available}

# Apache::Test copies the LoadModule lines of the "inherited" httpd.conf;
# Debian's own apache2.conf needs its envvars, so hand it just the modules
# the tests use (the MPM is prefork, for mod_cgi).
conf=t/conf/modules.conf
: > "$conf.tmp"
for m in mpm_prefork authz_core authz_host authz_user authz_groupfile \
         authn_core authn_file auth_basic auth_digest auth_form request \
         session session_cookie rewrite include cgi mime dir alias headers \
         env setenvif remoteip unique_id filter deflate http2; do
    grep -h '^LoadModule' "$MODS/$m.load" >> "$conf.tmp"
done
echo "LoadModule helpful401_module $PWD/.libs/mod_helpful401.so" >> "$conf.tmp"
mv "$conf.tmp" "$conf"

# Files whose state the tests need but git cannot keep.
: > t/data/empty-users
mkdir -p t/htdocs/leftover-unreadable
rm -f t/data/unreadable-users
cp t/data/users t/data/unreadable-users
chmod 000 t/data/unreadable-users

# The port: TEST_PORT if set, else "-port select": Apache::Test takes 8529
# if it is free, else the first free one of 8549, 8569, ... (the virtual
# hosts get the next free ports above it), so that a server already on
# 8529 does not stop the suite.
t/TEST.PL -clean >/dev/null 2>&1 || true
exec perl t/TEST.PL -apxs "$APXS" -httpd "$HTTPD" -httpd_conf "$PWD/$conf" \
    -port "${TEST_PORT:-select}" "$@"
