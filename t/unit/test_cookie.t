#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_cookie" or die "t/unit/bin/test_cookie: $!  (run make first)\n";
