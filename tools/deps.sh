#!/bin/sh
# Makes sure Debian's packages for a task are installed: as root it
# installs what is missing; otherwise it prints the apt-get line to run.
# Usage: tools/deps.sh build|test|demo|bench|memcheck|screenshots|fuzz|deb
set -e
case "${1:-test}" in
    build) want="apache2-dev gcc libc6-dev make" ;;
    demo)  want="apache2 apache2-dev apache2-utils curl gcc libc6-dev make" ;;
    screenshots) want="apache2 apache2-dev apache2-utils curl gcc libc6-dev make chromium fonts-noto-cjk" ;;
    test)  want="apache2 apache2-dev apache2-utils libapache2-mod-perl2 libapache2-mod-auth-openidc libapache2-mod-auth-gssapi curl gcc clang libc6-dev make perl chromium slapd ldap-utils libaprutil1-ldap sqlite3 libaprutil1-dbd-sqlite3" ;;
    bench) want="apache2 apache2-dev apache2-utils valgrind wrk curl gcc libc6-dev make" ;;
    memcheck) want="apache2 apache2-dev apache2-utils libapache2-mod-perl2 libapache2-mod-auth-openidc libapache2-mod-auth-gssapi valgrind curl gcc libc6-dev make perl chromium slapd ldap-utils libaprutil1-ldap sqlite3 libaprutil1-dbd-sqlite3" ;;
    fuzz)  want="clang libclang-rt-14-dev llvm" ;;   # libFuzzer, ASan and UBSan for clang 14; llvm-symbolizer
    # make deb (debian/control's Build-Depends; apache2-dev provides
    # dh-apache2), and what tools/test-deb.sh checks the package with
    deb)   want="apache2-dev debhelper dpkg-dev gcc libc6-dev make perl apache2 curl lintian" ;;
    *) echo "usage: $0 build|test|demo|bench|memcheck|screenshots|fuzz|deb" >&2; exit 2 ;;
esac

missing=""
for pkg in $want; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    echo "Installing from Debian's packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    # The suite runs a slapd of its own (tools/slapd.sh) on a free port;
    # without this Debian's slapd would make a directory of its own and
    # start serving it on port 389.
    case " $missing " in
        *" slapd "*) echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections ;;
    esac
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    # Debian starts the packaged apache2 on port 80; the tests and the
    # demo run their own httpd and do not need it. The tests run their own
    # slapd too, and the unconfigured packaged one does not start.
else
    echo "Missing Debian packages:$missing" >&2
    echo "Install them with:" >&2
    echo "    sudo apt-get install -y$missing" >&2
    exit 1
fi
