#!/usr/bin/perl
# Replays fuzz/corpus/challenges through fuzz/fuzz_challenges.c under ASan and UBSan
# (make sanitize builds the driver); one TAP test per input.
exec "t/unit/asan/replay_challenges", "fuzz/corpus/challenges"
    or die "t/unit/asan/replay_challenges: $!  (run make sanitize)\n";
