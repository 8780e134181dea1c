#!/bin/sh
# Usage: tools/as-test-user.sh [--give DIR]... COMMAND [ARG...]
# Runs COMMAND as an unprivileged user (H401_TEST_USER, default h401test,
# created if missing) in a copy of the tree that user can write, then
# removes the copy: Apache::Test will not start httpd as root. --give DIR
# hands the user a directory outside the copy too (one that outlives it).
# Used by tools/run-tests.sh (make test) and tools/memcheck.sh as root.
set -e
cd "$(dirname "$0")/.."
give=""
while [ "${1:-}" = --give ]; do
    give="$give $2"
    shift 2
done

user=${H401_TEST_USER:-h401test}
if ! id "$user" >/dev/null 2>&1; then
    useradd --system --user-group --create-home --home-dir "/var/lib/$user" \
        --shell /bin/sh "$user"
fi
work=$(mktemp -d /tmp/helpful401-test.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
# the tree as it is, build products and old test output left out
tar --exclude=./.git --exclude=./.libs --exclude=./t/logs --exclude=./t/unit/bin \
    --exclude=./t/unit/asan --exclude=./fuzz/bin --exclude=./build -cf - . | tar -C "$work" -xf -
# shellcheck disable=SC2086
chown -R "$user" "$work" $give
# shellcheck disable=SC2086
chmod 755 "$work" $give
echo "Running as user '$user' in $work (Apache::Test refuses root)"
cd "$work"
runuser -u "$user" -- env HOME="/var/lib/$user" "$@"
