#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_htaccess_cache" or die "t/unit/bin/test_htaccess_cache: $!  (run make first)\n";
