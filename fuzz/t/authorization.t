#!/usr/bin/perl
# Replays fuzz/corpus/authorization through fuzz/fuzz_authorization.c under ASan and UBSan
# (make sanitize builds the driver); one TAP test per input.
exec "t/unit/asan/replay_authorization", "fuzz/corpus/authorization"
    or die "t/unit/asan/replay_authorization: $!  (run make sanitize)\n";
