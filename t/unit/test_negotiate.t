#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_negotiate" or die "t/unit/bin/test_negotiate: $!  (run make first)\n";
