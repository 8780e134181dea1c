#!/bin/sh
# The suite's own LDAP server, for the mod_authnz_ldap cases.
# Usage: tools/slapd.sh start DIR    prints the port it listens on
#        tools/slapd.sh stop DIR
# start makes DIR afresh: slapd.conf from t/ldap/slapd.conf.in, an MDB
# database loaded from t/ldap/users.ldif with slapadd, and a slapd on
# 127.0.0.1 on a free port, tried at random from 20000 up: slapd opens its
# listener before it detaches, so a port taken by someone else is a failed
# start and the next one is tried. stop ends that slapd and waits for it.
set -e
cd "$(dirname "$0")/.."
PATH=$PATH:/usr/sbin
cmd=$1 dir=$2
[ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

case $cmd in
start)
    rm -rf "$dir"
    mkdir -p "$dir/db"
    sed "s|@DIR@|$dir|g" t/ldap/slapd.conf.in > "$dir/slapd.conf"
    slapadd -q -f "$dir/slapd.conf" -l t/ldap/users.ldif
    tries=0
    while :; do
        port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000))
        if slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/" 2> "$dir/slapd.err"; then
            break
        fi
        tries=$((tries + 1))
        if [ $tries -ge 20 ]; then
            echo "slapd would not start:" >&2
            cat "$dir/slapd.err" >&2
            exit 1
        fi
    done
    # up once it answers
    i=0
    until ldapsearch -x -LLL -H "ldap://127.0.0.1:$port/" -b dc=example,dc=test \
            -s base dn >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -lt 50 ] || { echo "slapd on port $port does not answer" >&2; exit 1; }
        sleep 0.1
    done
    echo "$port"
    ;;
stop)
    [ -f "$dir/slapd.pid" ] || exit 0
    pid=$(cat "$dir/slapd.pid")
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
        i=$((i + 1))
        sleep 0.1
    done
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
