#!/bin/sh
# `make memcheck`: the demo site's requests (every cause, each format, a
# few hostile ones) through valgrind's memcheck on `apache2 -X`. Fails on
# any invalid read or write, use of uninitialised memory, or a definite
# leak in the module's own code.
set -e
cd "$(dirname "$0")/.."
PORT=${PORT:-8497}
HTTPD=${HTTPD:-/usr/sbin/apache2}
base="http://127.0.0.1:$PORT"

run=$(DEMO_CONFIG_ONLY=1 PORT=$PORT tools/demo.sh | tail -n 1)
log=$run/logs/memcheck.log
touch "$log" && chmod 666 "$log"
valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
    --log-file="$log" "$HTTPD" -X -f "$run/httpd.conf" &
vg=$!
for i in $(seq 1 60); do
    curl -s -o /dev/null "$base/" && break
    sleep 1
done

b64() { base64 | tr -d '=\n' | tr '/+' '_-'; }
jwt="$(printf '{"alg":"HS256"}' | b64).$(printf '{"exp":%d}' $(($(date +%s) - 7200)) | b64).sig"
for accept in 'text/html' 'application/json' 'text/plain'; do
    for lang in en de ja; do
        h="-H Accept:$accept -H Accept-Language:$lang"
        # shellcheck disable=SC2086
        {
            curl -s -o /dev/null $h "$base/staff/"
            curl -s -o /dev/null $h -u demo:wrong "$base/staff/"
            curl -s -o /dev/null $h -H 'Authorization: Bearer abc' "$base/staff/"
            curl -s -o /dev/null $h -H 'Authorization: Basic !!!' "$base/staff/"
            curl -s -o /dev/null $h -H "Authorization: Bearer $jwt" "$base/api/orders"
            curl -s -o /dev/null $h -H 'Cookie: PHPSESSID=1' "$base/shop/"
            curl -s -o /dev/null $h "$base/old-members/"
            curl -s -o /dev/null $h "$base/app/orders"
            curl -s -o /dev/null $h "$base/members/"
            curl -s -o /dev/null $h "$base/quiet/"
            curl -s -o /dev/null $h "$base/index.html"
            curl -s -o /dev/null $h "$base/nope.html"
            curl -s -o /dev/null -I $h "$base/staff/"
        }
    done
done
curl -s -o /dev/null -H "Authorization: Digest username=\"x, realm=\"" "$base/digest/"
curl -s -o /dev/null -u "$(printf '\377\376{{title}}<b>'):x" "$base/staff/"
curl -s -o /dev/null -H "Accept-Language: $(printf 'x-%d;q=0.%d,' $(seq 1 300))" "$base/staff/"

kill -TERM $vg 2>/dev/null || true
wait $vg 2>/dev/null || true
grep -E "ERROR SUMMARY|definitely lost" "$log" | tail -n 2
if grep -qE "Invalid (read|write)|uninitialised|Mismatched free" "$log"; then
    echo "memcheck: memory errors, see $log" >&2
    exit 1
fi
if grep -A30 "definitely lost in" "$log" | grep -q "h401_\|mod_helpful401"; then
    echo "memcheck: a definite leak in the module, see $log" >&2
    exit 1
fi
echo "memcheck: no invalid access, no definite leak in the module ($log)"
