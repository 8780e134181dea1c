#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_escape" or die "t/unit/bin/test_escape: $!  (run make first)\n";
