#!/usr/bin/perl
# An application's own 401, long enough for mod_deflate to compress (it
# leaves bodies under about 70 bytes alone): JSON, or HTML with ?html.
my $html = ($ENV{QUERY_STRING} || '') eq 'html';
print "Status: 401 Unauthorized\n";
print "WWW-Authenticate: Bearer realm=\"zipped app\", error=\"invalid_token\"\n";
print "Content-Type: ", ($html ? 'text/html' : 'application/json'), "\n\n";
my $pad = 'the application refuses this token; ' x 20;
print $html ? "<p>$pad</p>\n" : qq{{"error":"invalid_token","from":"the zipped application","pad":"$pad"}\n};
