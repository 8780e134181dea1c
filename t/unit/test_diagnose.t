#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_diagnose" or die "t/unit/bin/test_diagnose: $!  (run make first)\n";
