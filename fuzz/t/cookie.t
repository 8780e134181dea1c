#!/usr/bin/perl
# Replays fuzz/corpus/cookie through fuzz/fuzz_cookie.c under ASan and UBSan
# (make sanitize builds the driver); one TAP test per input.
exec "t/unit/asan/replay_cookie", "fuzz/corpus/cookie"
    or die "t/unit/asan/replay_cookie: $!  (run make sanitize)\n";
