#!/usr/bin/perl
# Runs the compiled C unit test; it prints TAP itself.
exec "t/unit/bin/test_messages" or die "t/unit/bin/test_messages: $!  (run make first)\n";
