#!/bin/sh
# The Debian package as an admin meets it, printing TAP: `make deb` builds
# it, lintian finds no error in it, dpkg installs it, a2enmod enables it,
# `apache2ctl -t` passes, and the system's apache2 answers a refused
# request on a port of its own with the helpful page, from the templates
# the package ships. Then the package is purged, and the machine is left
# as it was: the same files under /etc/apache2 and /var/lib/apache2, and
# the system's apache2 running or stopped as before (only that server is
# started or stopped: it is the one named by /etc/apache2/envvars's pid
# file).
#
# Needs root (dpkg, a2enmod, the system's apache2); run as anyone else, or
# where the package or a `make install` is in place already, it skips.
# `make test` runs it as root after the unprivileged suite.
# Port: DEB_TEST_PORT (default 8670), on 127.0.0.1.
set -u
export LC_ALL=C
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
port=${DEB_TEST_PORT:-8670}
pkg=libapache2-mod-helpful401
conf=helpful401-deb-test
confdir=/etc/apache2/conf-available

skip_all() {
    echo "1..0 # SKIP $1"
    exit 0
}

[ "$(id -u)" = 0 ] ||
    skip_all "needs root: it installs the package with dpkg and runs the system's apache2"
command -v dpkg-query >/dev/null 2>&1 || skip_all "not a Debian system (no dpkg)"
case "$(dpkg-query -W -f='${Status}' $pkg 2>/dev/null)" in
    ""|*not-installed*) ;;
    *) skip_all "$pkg is installed here: the test would replace and purge it" ;;
esac
for f in /usr/lib/apache2/modules/mod_helpful401.so /etc/apache2/mods-available/helpful401.load; do
    [ -e "$f" ] && skip_all "$f is there (make install?): the package would take it over"
done

tools/deps.sh deb >&2 || { echo "Bail out! tools/deps.sh deb failed"; exit 1; }
[ -e "$confdir/$conf.conf" ] && { echo "Bail out! $confdir/$conf.conf is left from an earlier run"; exit 1; }
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; [ $? != 7 ]; then
    echo "Bail out! port $port is in use (set DEB_TEST_PORT)"
    exit 1
fi

work=$(mktemp -d /tmp/helpful401-deb-test.XXXXXX)
chmod 755 "$work"
n=0
failed=0
ok() {  # ok CONDITION-STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
    fi
}
diag() { sed 's/^/# /'; }

# The system's apache2: its pid file, as apache2ctl finds it.
pidfile=$(set +u; . /etc/apache2/envvars && echo "${APACHE_PID_FILE:-/var/run/apache2/apache2.pid}")
running() { [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
under_systemd() { [ -d /run/systemd/system ]; }
apache() {  # apache start|stop|restart: the system's service, and only it
    if under_systemd; then
        systemctl "$1" apache2
    else
        apache2ctl "$1" || return 1
        if [ "$1" = stop ]; then  # -k stop returns before the server is gone
            i=0
            while running && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
        fi
    fi
}
# What the package and the test may leave behind: anything of theirs by
# name, the state directories of a2enmod and a2enconf, and the content of
# every file of /etc/apache2 (compared for the files there before, so that
# a package someone installs meanwhile is no failure here).
snapshot() {
    find /etc/apache2 /var/lib/apache2 /usr/lib/apache2/modules /usr/share/apache2 \
        /usr/share/doc /usr/bin /usr/share/man/man1 /var/lib/dpkg/info \
        \( -name '*helpful401*' -o -path '/var/lib/apache2/*' -type d \) \
        -printf '%p %y %m %l\n' 2>/dev/null | sort
}
etc_sums() { find /etc/apache2 -type f -exec md5sum {} + | sort -k 2; }
snapshot > "$work/before"
etc_sums > "$work/etc-before"
was_running=no
running && was_running=yes

# Whatever happens, the machine ends as it began.
cleanup_done=no
cleanup() {
    [ $cleanup_done = yes ] && return
    cleanup_done=yes
    if [ -e "$confdir/$conf.conf" ]; then
        a2disconf -q -p $conf >/dev/null 2>&1
        rm -f "$confdir/$conf.conf"
    fi
    case "$(dpkg-query -W -f='${Status}' $pkg 2>/dev/null)" in
        ""|*not-installed*) ;;
        *) dpkg --purge $pkg > "$work/purge.log" 2>&1 ;;
    esac
    # a2enconf and a2dismod make state directories that stay, empty
    for d in $(find /var/lib/apache2 -mindepth 1 -type d -empty); do
        grep -q "^$d d " "$work/before" || rmdir "$d"
    done
    if [ $was_running = yes ]; then
        apache restart > "$work/restore.log" 2>&1 || apache start >> "$work/restore.log" 2>&1
    elif running; then
        apache stop > "$work/restore.log" 2>&1
    fi
}
trap 'cleanup; rm -rf "$work"' EXIT
trap 'exit 1' HUP INT PIPE TERM

# ---- the build ----
version=$(dpkg-parsechangelog -S Version)
git status --porcelain > "$work/tree-before" 2>/dev/null
arch=$(dpkg --print-architecture)
deb=build/deb/${pkg}_${version}_$arch.deb
$MAKE --no-print-directory deb > "$work/build.log" 2>&1
status=$?
[ $status = 0 ] || tail -30 "$work/build.log" | diag
[ $status = 0 ] && [ -f "$deb" ]
ok $? "make deb builds $deb"
[ -f "$deb" ] || { echo "Bail out! no package to test"; exit 1; }
git status --porcelain > "$work/tree-after" 2>/dev/null
diff "$work/tree-before" "$work/tree-after" | diag
cmp -s "$work/tree-before" "$work/tree-after"
ok $? "make deb leaves the tree as it was, but for build/ (git status)"

lintian --tag-display-limit 0 "build/deb/${pkg}_${version}_$arch.changes" > "$work/lintian" 2>&1
grep -v '^running with root privileges' "$work/lintian" | diag
! grep -q '^E:' "$work/lintian"
ok $? "lintian reports no error"

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|; s|/$||' > "$work/contents"
want="/usr/lib/apache2/modules/mod_helpful401.so
/etc/apache2/mods-available/helpful401.load
/etc/apache2/mods-available/helpful401.conf
/usr/share/apache2/helpful401/templates/page.html
/usr/share/apache2/helpful401/templates/en/messages.txt
/usr/share/doc/$pkg/README.md.gz
/usr/share/doc/$pkg/changelog.gz
/usr/share/doc/$pkg/copyright"
# the scan, where this tree has it (its make install puts both there)
has_scan=no
[ -f docs/helpful401-scan.1 ] && has_scan=yes
if [ $has_scan = yes ]; then
    want="$want
/usr/bin/helpful401-scan
/usr/share/man/man1/helpful401-scan.1.gz"
fi
missing=$(echo "$want" | grep -vxF -f "$work/contents")
[ -z "$missing" ] || echo "$missing" | sed 's/^/missing: /' | diag
[ -z "$missing" ]
ok $? "the package holds the module, its .load and .conf, the templates, the docs"

# The API the module was built against is the one this apache2-bin provides.
depends=$(dpkg-deb -f "$deb" Depends)
api=$(dpkg-query -W -f='${Provides}' apache2-bin | tr ',' '\n' | grep -o 'apache2-api-[0-9]*' | head -1)
echo "Depends: $depends" | diag
[ -n "$api" ] && echo "$depends" | tr ',' '\n' | grep -qx " *$api *"
ok $? "it depends on $api, the API of the apache2 it was built against"

# ---- installed ----
dpkg -i "$deb" > "$work/install.log" 2>&1
status=$?
[ $status = 0 ] || diag < "$work/install.log"
[ "$(dpkg-query -W -f='${Status}' $pkg 2>/dev/null)" = "install ok installed" ]
ok $? "dpkg -i installs it"

a2enmod helpful401 > "$work/a2enmod.log" 2>&1 && a2query -q -m helpful401
ok $? "a2enmod helpful401 enables it"

htpasswd -bc "$work/users" alice right > /dev/null 2>&1
chmod 644 "$work/users"
cat > "$confdir/$conf.conf" <<EOF
# Written by mod_helpful401's tools/test-deb.sh; removed when it ends.
Listen 127.0.0.1:$port
<VirtualHost 127.0.0.1:$port>
    ServerName helpful401-deb-test.invalid
    ServerAdmin webmaster@helpful401-deb-test.invalid
    DocumentRoot $work
    # the copy the package ships, so that it must be a complete set
    Helpful401Templates /usr/share/apache2/helpful401/templates
    <Location /private/>
        AuthType Basic
        AuthName "Packaged area"
        AuthUserFile $work/users
        Require valid-user
    </Location>
</VirtualHost>
EOF
a2enconf -q $conf > /dev/null 2>&1
apache2ctl -t > "$work/configtest" 2>&1
status=$?
diag < "$work/configtest"
[ $status = 0 ] && grep -q 'Syntax OK' "$work/configtest"
ok $? "apache2ctl -t passes with the module enabled"

apache2ctl -M 2>/dev/null | grep -q 'helpful401_module (shared)'
ok $? "apache2ctl -M lists helpful401_module"

if running; then apache restart; else apache start; fi > "$work/start.log" 2>&1
status=$?
i=0
while [ $i -lt 50 ] && ! curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.2; i=$((i + 1)); done
[ $status = 0 ] || diag < "$work/start.log"
[ $status = 0 ] && running
ok $? "the system's apache2 runs with it"

url=http://127.0.0.1:$port/private/
curl -s -D "$work/h1" -o "$work/b1" "$url"
grep -q '^HTTP/[0-9.]* 401' "$work/h1" &&
    grep -qi '^WWW-Authenticate: Basic realm="Packaged area"' "$work/h1"
ok $? "a request without credentials gets 401 and its Basic challenge"
grep -qi '^Content-Type: text/html; charset=utf-8' "$work/h1" &&
    grep -q '<title>[^<]' "$work/b1" && ! grep -q 'could not verify' "$work/b1"
ok $? "its page is the helpful one, not httpd's"
# the cause by its id, from the JSON form of the page (the words change)
json() { curl -s -H 'Accept: application/json' "$@" "$url"; }
json | grep -q '"cause": "no-credentials"'
ok $? "the page names the cause: no-credentials"
curl -s -u alice:wrong -D "$work/h2" -o "$work/b2" "$url"
grep -q '^HTTP/[0-9.]* 401' "$work/h2" && grep -q 'alice' "$work/b2" &&
    json -u alice:wrong | grep -q '"cause": "bad-credentials"'
ok $? "a refused password gets the bad-credentials page, naming the user"
code=$(curl -s -u alice:right -o /dev/null -w '%{http_code}' "$url")
[ "$code" = 404 ]
ok $? "the right password passes (404 for the missing file, got $code)"

# The packaged scan finds a protection whose user file is gone.
if [ $has_scan = yes ]; then
    mkdir -p "$work/site/old"
    printf 'AuthType Basic\nAuthName "Old"\nAuthUserFile %s/gone\nRequire valid-user\n' \
        "$work" > "$work/site/old/.htaccess"
    /usr/bin/helpful401-scan --quiet "$work/site" > "$work/scan.out" 2>&1
    status=$?
    diag < "$work/scan.out"
    [ $status = 1 ] && grep -q "^$work/site/old/.htaccess:3: " "$work/scan.out"
    ok $? "the packaged helpful401-scan reports a protection whose user file is gone"
fi

# ---- gone ----
a2disconf -q -p $conf > /dev/null 2>&1
rm -f "$confdir/$conf.conf"
dpkg --purge $pkg > "$work/purge.log" 2>&1
status=$?
[ $status = 0 ] || diag < "$work/purge.log"
[ $status = 0 ] && ! dpkg-query -W $pkg > /dev/null 2>&1
ok $? "dpkg --purge removes it"

cleanup
if running; then now_running=yes; else now_running=no; fi
[ $now_running = $was_running ]
ok $? "the system's apache2 is back as it was (running: $was_running)"

snapshot > "$work/after"
diff "$work/before" "$work/after" | diag
cmp -s "$work/before" "$work/after"
ok $? "nothing of the package or the test is left, a2enmod's state as it was"

# join on the path: files gone or changed, not files others added
changed=$(etc_sums | join -1 2 -2 2 -o 1.1,2.1,0 -a 1 -e gone "$work/etc-before" - | awk '$1 != $2')
[ -z "$changed" ] || echo "$changed" | sed 's/^/changed or gone: /' | diag
[ -z "$changed" ]
ok $? "every file of /etc/apache2 is as it was"

echo "1..$n"
[ $failed = 0 ]
