#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_auth" or die "t/unit/bin/test_auth: $!  (run make first)\n";
