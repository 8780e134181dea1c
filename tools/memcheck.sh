#!/bin/sh
# `make memcheck`: the Apache::Test suite (t/*.t, the files `make test`
# runs) against httpd started with -X under valgrind's memcheck. Fails on
# any invalid read or write, use of uninitialised values, mismatched or
# invalid free, or a definite leak whose stack is in the module's code.
#
# Usage: tools/memcheck.sh [-verbose] [t/NN_name.t ...] (default: t/*.t;
# not t/unit/, whose C tests need no httpd).
# Environment: TEST_PORT (default: the first free port Apache::Test finds
# from 8529 up, as for `make test`), MEMCHECK_LOGS (log directory, default a new
# /tmp/helpful401-memcheck.XXXXXX), H401_TEST_USER (as root; h401test).
set -e
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
HTTPD=${HTTPD:-$(command -v apache2 || echo /usr/sbin/apache2)}
# valgrind slows httpd's start-up many times over; Apache::Test waits 60 s
APACHE_TEST_STARTUP_TIMEOUT=${APACHE_TEST_STARTUP_TIMEOUT:-600}
export HTTPD APACHE_TEST_STARTUP_TIMEOUT
logs=${MEMCHECK_LOGS:-$(mktemp -d /tmp/helpful401-memcheck.XXXXXX)}
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)
start=$(date +%s)

# As root: this script again, as the unprivileged test user over a copy
# of the tree (tools/as-test-user.sh); the logs outlive the copy.
if [ "$(id -u)" = 0 ]; then
    exec tools/as-test-user.sh --give "$logs" env MAKE="$MAKE" MEMCHECK_LOGS="$logs" \
        MEMCHECK_START="$start" sh tools/memcheck.sh "$@"
fi
start=${MEMCHECK_START:-$start}
rm -f "$logs"/valgrind.*.log "$logs"/tests.*   # a reused MEMCHECK_LOGS: this run's only

# The module, built by this user in this tree (a root-owned build would
# not be writable here).
$MAKE --no-print-directory all

# Apache::Test's "httpd": valgrind when started to serve, which with
# -one-process it does as `httpd -D ONE_PROCESS ...` (httpd 2's form; here
# made -X, as the issue asks); apache2 itself for the rest (-v, -V, -l to
# learn the server; -t in 05_config.t). exec: valgrind then has httpd's pid,
# the one in httpd.pid that Apache::Test signals to stop it.
# --keep-debuginfo: stacks stay readable should the module be unloaded.
wrapper=$logs/httpd-valgrind
cat > "$wrapper" <<EOF
#!/bin/bash
case " \$* " in
    *" -D ONE_PROCESS "*|*" -X "*) ;;
    *) exec "$HTTPD" "\$@" ;;
esac
args=()
while [ \$# -gt 0 ]; do
    if [ "\$1" = -D ] && [ "\$2" = ONE_PROCESS ]; then args+=(-X); shift 2
    else args+=("\$1"); shift; fi
done
exec valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \\
    --track-origins=yes --keep-debuginfo=yes --num-callers=40 --error-limit=no \\
    --log-file="$logs/valgrind.%p.log" "$HTTPD" "\${args[@]}"
EOF
chmod 755 "$wrapper"

# The files `make test` runs (t/*.t; t/unit/ has no httpd), in one
# process (-one-process): output in tests.log.
[ $# -gt 0 ] || set -- t/*.t
echo "memcheck: Apache::Test on port ${TEST_PORT:-select (a free one)}, httpd -X under valgrind; logs in $logs"
{
    rc=0
    # H401_ONE_PROCESS: tests that need a second worker (a proxy in front
    # of the same server) skip
    H401_ONE_PROCESS=1 HTTPD="$wrapper" tools/apache-test.sh -one-process "$@" || rc=$?
    echo "$rc" > "$logs/tests.rc"
} 2>&1 | tee "$logs/tests.log"
tests_rc=$(cat "$logs/tests.rc")

# The harness's "Test Summary Report" as "file: failed tests" lines.
failures=$(awk '
    /^Test Summary Report/                { on = 1; next }
    /^Files=/                             { on = 0 }
    on && /^t\//                          { f = $1 }
    on && /Failed tests?:/                { sub(/.*Failed tests?: */, ""); print f ": " $0 }
    on && /Non-zero|Parse errors|No plan/ { print f ": " $0 }' "$logs/tests.log")
# Apache::Test gives up waiting after ~20 s; valgrind's leak check may take
# longer: wait for every valgrind process to finish its log.
for log in "$logs"/valgrind.*.log; do
    [ -e "$log" ] || continue
    pid=${log##*/valgrind.}; pid=${pid%.log}
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
        echo "memcheck: httpd $pid still running, stopping it" >&2
        kill -TERM "$pid" 2>/dev/null || true
        sleep 10
    fi
done

# -- the verdict
nlogs=$(find "$logs" -name 'valgrind.*.log' | wc -l)
errors=$(cat "$logs"/valgrind.*.log 2>/dev/null |
    sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' | awk '{ n += $1 } END { print n + 0 }')
bad=$(cat "$logs"/valgrind.*.log 2>/dev/null |
    grep -cE "Invalid (read|write|free)|uninitialised|Mismatched free" || true)
# a leak record runs from "definitely lost in loss record" to a blank line
leaks=$(cat "$logs"/valgrind.*.log 2>/dev/null | awk '
    /definitely lost in loss record/ { inrec = 1; hit = 0; next }
    inrec && /h401_|mod_helpful401/   { hit = 1 }
    inrec && /^==[0-9]+== *$/         { n += hit; inrec = 0 }
    END                               { print n + 0 }')
# the harness's totals: "Files=13, Tests=891, ...", "Failed 1/891 subtests"
ntests=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$logs/tests.log")
nfailed=$(sed -n 's/.*Failed \([0-9]*\)\/[0-9]* subtests.*/\1/p' "$logs/tests.log")
ntests=${ntests:-0}
nfailed=${nfailed:-0}
[ "$tests_rc" = 0 ] || [ "$nfailed" != 0 ] || nfailed="?"

echo
echo "== memcheck summary ($(( $(date +%s) - start )) s)"
echo "tests run under valgrind: $ntests, passed: $( [ "$nfailed" = "?" ] && echo "?" || echo $((ntests - nfailed)) ) (tests exit $tests_rc)"
[ -z "$failures" ] || printf '%s\n' "$failures" | sed 's/^/failed: /'
grep -E '^t/[^ ]+ *\.+ *skipped' "$logs/tests.log" | sed 's/^/skipped: /' || true
echo "valgrind logs: $nlogs (one per httpd process, and one per CGI forked from it)"
echo "ERROR SUMMARY total: $errors errors"
echo "reports of invalid read/write/free, uninitialised value, mismatched free: $bad"
echo "definite leaks in the module (h401_, mod_helpful401): $leaks"
echo "logs: $logs"

status=0
if [ "$nlogs" = 0 ]; then
    echo "memcheck: no valgrind log: httpd never ran under valgrind" >&2; status=1
fi
if [ "$bad" != 0 ]; then
    echo "memcheck: memory errors; grep -E 'Invalid|uninitialised|Mismatched' $logs/valgrind.*.log" >&2; status=1
fi
if [ "$leaks" != 0 ]; then
    echo "memcheck: a definite leak in the module; grep -A40 'definitely lost in' $logs/valgrind.*.log" >&2; status=1
fi
if [ "$tests_rc" != 0 ]; then
    echo "memcheck: the suite failed under valgrind (see $logs/tests.log)" >&2; status=1
fi
[ $status = 0 ] && echo "memcheck: OK: no invalid access, no definite leak in the module"
exit $status
