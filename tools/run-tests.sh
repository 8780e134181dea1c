#!/bin/sh
# `make test`: the C unit tests and the Apache::Test suite, all run by one
# TAP harness. Apache::Test will not start httpd as root, so as root the
# suite runs as an unprivileged user over a copy of the tree it can write.
set -e
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}

if [ "$(id -u)" != 0 ]; then
    exec $MAKE --no-print-directory test-suite
fi

user=${H401_TEST_USER:-h401test}
if ! id "$user" >/dev/null 2>&1; then
    useradd --system --user-group --create-home --home-dir "/var/lib/$user" \
        --shell /bin/sh "$user"
fi
work=$(mktemp -d /tmp/helpful401-test.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
# the tree as it is, build products and old test output left out
tar --exclude=./.git --exclude=./.libs --exclude=./t/logs --exclude=./t/unit/bin \
    -cf - . | tar -C "$work" -xf -
chown -R "$user" "$work"
chmod 755 "$work"
echo "Running the tests as user '$user' in $work (Apache::Test refuses root)"
runuser -u "$user" -- env HOME="/var/lib/$user" $MAKE --no-print-directory -C "$work" test-suite
