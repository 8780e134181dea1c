#!/usr/bin/perl
print "Content-Type: text/plain\n\nall fine from the application\n";
