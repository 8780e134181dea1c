#!/usr/bin/perl
# An application that answers 401 without saying how to authenticate.
print "Status: 401 Unauthorized\nContent-Type: text/html\n\n<p>go away</p>\n";
