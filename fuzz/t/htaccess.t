#!/usr/bin/perl
# Replays fuzz/corpus/htaccess through fuzz/fuzz_htaccess.c under ASan and UBSan
# (make sanitize builds the driver); one TAP test per input.
exec "t/unit/asan/replay_htaccess", "fuzz/corpus/htaccess"
    or die "t/unit/asan/replay_htaccess: $!  (run make sanitize)\n";
