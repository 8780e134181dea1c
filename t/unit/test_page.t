#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_page" or die "t/unit/bin/test_page: $!  (run make first)\n";
