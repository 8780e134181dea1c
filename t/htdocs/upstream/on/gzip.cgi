#!/usr/bin/perl
# An application that compresses its own 401 body (PHP's output
# compression does): its Content-Encoding describes that body, not ours.
print "Status: 401 Unauthorized\n";
print "WWW-Authenticate: Bearer realm=\"app\"\n";
print "Content-Encoding: gzip\n";
print "Content-Disposition: attachment; filename=\"denied.json.gz\"\n";
print "Content-Type: application/json\n\n";
print "\x1f\x8b\x08\x00";
