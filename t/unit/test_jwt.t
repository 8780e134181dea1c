#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_jwt" or die "t/unit/bin/test_jwt: $!  (run make first)\n";
