#!/usr/bin/perl
# An API that refuses an expired token the RFC 6750 way, in JSON.
print "Status: 401 Unauthorized\n";
print "WWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"The access token expired\"\n";
print "Content-Type: application/json\n\n";
print "{\"error\":\"invalid_token\",\"from\":\"the application\"}\n";
