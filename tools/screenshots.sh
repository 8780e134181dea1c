#!/bin/sh
# `make screenshots`: renders the page of every cause (and each language
# for one cause) with headless Chromium into docs/screenshots/*.png.
# The pages are fetched with curl, which can send the headers each cause
# needs, and rendered from a file: they load nothing from elsewhere.
set -e
cd "$(dirname "$0")/.."
top=$PWD
PORT=${PORT:-8498}
CHROMIUM=${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}
out=$top/docs/screenshots
base="http://127.0.0.1:$PORT"

run=$(DEMO_DETACH=1 PORT=$PORT tools/demo.sh | tail -n 1)
trap '/usr/sbin/apache2 -f "$run/httpd.conf" -k stop >/dev/null 2>&1 || true' EXIT INT TERM
sleep 1
mkdir -p "$out/html"
profile=$(mktemp -d /tmp/helpful401-chromium.XXXXXX)

jwt_expired() {
    b64() { base64 | tr -d '=\n' | tr '/+' '_-'; }
    echo "$(printf '{"alg":"HS256"}' | b64).$(printf '{"exp":%d}' $(($(date +%s) - 7200)) | b64).sig"
}

shot() {   # shot NAME WIDTHxHEIGHT [extra chromium flags] -- curl args...
    name=$1; size=$2; shift 2
    flags=""
    while [ "$1" != "--" ]; do flags="$flags $1"; shift; done
    shift
    curl -s -H 'X-Forwarded-For: 203.0.113.9' -H 'X-Forwarded-Host: intranet.example.org' -H 'X-Forwarded-Proto: https' "$@" > "$out/html/$name.html"
    # shellcheck disable=SC2086
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" --window-size="$size" $flags \
        --screenshot="$out/$name.png" "file://$out/html/$name.html" >/dev/null 2>&1
    echo "docs/screenshots/$name.png"
}

shot no-credentials 900,1000 -- "$base/staff/"
shot bad-credentials 900,1000 -- -u demo:wrong "$base/staff/"
shot wrong-scheme 900,1000 -- -H 'Authorization: Bearer abc.def.ghi' "$base/staff/"
shot malformed-credentials 900,1000 -- -H 'Authorization: Basic !!!' "$base/staff/"
shot expired-token 900,1000 -- -H "Authorization: Bearer $(jwt_expired)" "$base/api/orders"
shot stale-session 900,1000 -- -H 'Cookie: PHPSESSID=0123456789abcdef' "$base/shop/"
shot leftover-htaccess 900,1000 -- "$base/old-members/"
shot leftover-htaccess-admin 900,1400 -- -H 'X-Forwarded-For:' "$base/old-members/"
shot server-misconfigured 900,1000 -- "$base/app/orders"
for lang in de fr es ja; do
    shot "no-credentials-$lang" 900,1000 -- -H "Accept-Language: $lang" "$base/staff/"
done
shot no-credentials-phone 390,900 -- "$base/staff/"
shot no-credentials-dark 900,1000 --force-dark-mode --blink-settings=preferredColorScheme=0 -- "$base/staff/"
rm -rf "$profile" "$out/html"
