#!/usr/bin/perl
# Replays fuzz/corpus/jwt through fuzz/fuzz_jwt.c under ASan and UBSan
# (make sanitize builds the driver); one TAP test per input.
exec "t/unit/asan/replay_jwt", "fuzz/corpus/jwt"
    or die "t/unit/asan/replay_jwt: $!  (run make sanitize)\n";
