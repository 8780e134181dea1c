#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_htaccess" or die "t/unit/bin/test_htaccess: $!  (run make first)\n";
