#!/usr/bin/perl
# Replays fuzz/corpus/accept through fuzz/fuzz_accept.c under ASan and UBSan
# (make sanitize builds the driver); one TAP test per input.
exec "t/unit/asan/replay_accept", "fuzz/corpus/accept"
    or die "t/unit/asan/replay_accept: $!  (run make sanitize)\n";
