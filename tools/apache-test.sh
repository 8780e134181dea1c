#!/bin/sh
# Runs the tests with one TAP harness: Apache::Test starts Debian's apache2
# with the module as built in this tree, prove runs the check that every
# directive is created, merged and documented, the C unit tests (the
# binaries print TAP) and the server tests t/*.t against it, Apache::Test
# stops it. Must run as a normal user (Apache::Test refuses root).
#
# Usage: tools/apache-test.sh [-verbose] [-option[=value]...] [TEST...]
#   TEST     what prove runs (default: tools/check-directives.pl,
#            t/unit/bin/test_* and t/*.t)
#   -verbose prove's -v; any other -option goes to Apache::Test when it
#            configures and starts the server (e.g. -one-process)
# Environment: TEST_PORT, the server's first port (default: the first free
# one Apache::Test finds from 8529 up, in steps of 20); APXS, HTTPD, MODS.
set -e
cd "$(dirname "$0")/.."

APXS=${APXS:-$(command -v apxs || echo /usr/bin/apxs)}
HTTPD=${HTTPD:-$(command -v apache2 || echo /usr/sbin/apache2)}
MODS=${MODS:-/etc/apache2/mods-available}

start_opts=""
prove_opts=""
tests=""
for arg; do
    case $arg in
        -v|-verbose) prove_opts="$prove_opts -v" ;;
        -*) start_opts="$start_opts $arg" ;;
        *) tests="$tests $arg" ;;
    esac
done
[ -n "$tests" ] || tests="tools/check-directives.pl $(echo t/unit/bin/test_*) $(echo t/*.t)"

# Apache::Test copies the LoadModule lines of the "inherited" httpd.conf;
# Debian's own apache2.conf needs its envvars, so hand it just the modules
# the tests use (the MPM is prefork, for mod_cgi).
conf=t/conf/modules.conf
: > "$conf.tmp"
for m in mpm_prefork authz_core authz_host authz_user authz_groupfile \
         authn_core authn_file auth_basic auth_digest auth_form request \
         session session_cookie rewrite include cgi mime dir alias headers \
         env setenvif remoteip unique_id filter deflate http2 proxy proxy_http \
         ldap authnz_ldap dbd authn_dbd authz_dbd; do
    grep -h '^LoadModule' "$MODS/$m.load" >> "$conf.tmp"
done
# mod_auth_openidc (libapache2-mod-auth-openidc) when it is installed: its
# tests need it, the rest of the suite runs without it
for m in auth_openidc; do
    if [ -f "$MODS/$m.load" ]; then
        grep -h '^LoadModule' "$MODS/$m.load" >> "$conf.tmp"
    fi
done
echo "LoadModule helpful401_module $PWD/.libs/mod_helpful401.so" >> "$conf.tmp"
mv "$conf.tmp" "$conf"

# Files whose state the tests need but git cannot keep.
: > t/data/empty-users
mkdir -p t/htdocs/leftover-unreadable
rm -f t/data/unreadable-users
cp t/data/users t/data/unreadable-users
chmod 000 t/data/unreadable-users
# the SQLite database of the mod_authn_dbd cases
rm -f t/data/users.sqlite
sqlite3 t/data/users.sqlite < t/data/dbd.sql

# Apache::Test's own harness (t/TEST with no -start/-stop) runs only *.t
# files, through perl; prove runs the unit binaries too. The server tests
# read the port and the rest from t/conf/apache_test_config.pm, which the
# start writes. "-port select": Apache::Test takes 8529 if it is free,
# else the first free one of 8549, 8569, ...; the virtual hosts the next
# free ports above it.
# The suite's own slapd for the LDAP cases starts first, on a port found
# free now, and httpd's config reads that port from H401_LDAP_PORT
# (${H401_LDAP_PORT} in t/conf/extra.conf.in; mod_ldap connects only when
# a request comes). Both are stopped on the way out, tests failed or not.
t/TEST.PL -clean >/dev/null 2>&1 || true
slapd_dir=$(mktemp -d /tmp/helpful401-slapd.XXXXXX)
httpd_started=
stop_services() {
    [ -z "$httpd_started" ] || perl t/TEST.PL -stop-httpd
    tools/slapd.sh stop "$slapd_dir"
}
trap stop_services EXIT
trap 'exit 130' INT TERM
H401_LDAP_PORT=$(tools/slapd.sh start "$slapd_dir")
export H401_LDAP_PORT
# shellcheck disable=SC2086
perl t/TEST.PL -apxs "$APXS" -httpd "$HTTPD" -httpd_conf "$PWD/$conf" \
    -port "${TEST_PORT:-select}" $start_opts -start-httpd
httpd_started=1
# shellcheck disable=SC2086
prove $prove_opts $tests
