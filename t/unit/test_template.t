#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_template" or die "t/unit/bin/test_template: $!  (run make first)\n";
