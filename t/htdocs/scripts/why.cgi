#!/usr/bin/perl
# ErrorDocument for /cgierr: shows what mod_helpful401 passed along.
print "Content-Type: text/plain\n\n";
for my $name (qw(REDIRECT_HELPFUL401_CAUSE HELPFUL401_CAUSE REDIRECT_HELPFUL401_REALM REDIRECT_STATUS)) {
    print "$name=", (defined $ENV{$name} ? $ENV{$name} : ''), "\n";
}
