#!/usr/bin/perl
# Replays fuzz/corpus/template through fuzz/fuzz_template.c under ASan and UBSan
# (make sanitize builds the driver); one TAP test per input.
exec "t/unit/asan/replay_template", "fuzz/corpus/template"
    or die "t/unit/asan/replay_template: $!  (run make sanitize)\n";
