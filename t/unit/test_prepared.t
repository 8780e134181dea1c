#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_prepared" or die "t/unit/bin/test_prepared: $!  (run make first)\n";
