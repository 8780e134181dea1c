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
exec tools/as-test-user.sh $MAKE --no-print-directory test-suite
