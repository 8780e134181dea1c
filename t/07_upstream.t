# 401s made by applications (CGI): replaced for browsers only where
# Helpful401Upstream is On; API clients keep the application's answer.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(error_log reference_re);

plan tests => 34, need_module 'helpful401', need_cgi;

my $browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
my $challenge = 'Bearer realm="app", error="invalid_token", error_description="The access token expired"';
my $app_body = qq{{"error":"invalid_token","from":"the application"}\n};

my $page = GET '/upstream/on/expired.cgi', Accept => $browser, Authorization => 'Bearer abc';
ok t_cmp($page->code, 401, 'browser: 401');
ok t_cmp($page->header('WWW-Authenticate'), $challenge, 'browser: the application\'s challenge, byte for byte');
ok t_cmp($page->header('Content-Type'), 'text/html; charset=utf-8', 'browser: our page');
ok t_cmp($page->content, reference_re('expired-token'), 'browser: RFC 6750 error_description feeds the cause');
ok t_cmp($page->header('Content-Length'), length($page->content), 'browser: Content-Length of our page');

my $api = GET '/upstream/on/expired.cgi', Accept => 'application/json', Authorization => 'Bearer abc';
ok t_cmp($api->header('Vary'), qr/\bAccept\b/, 'API client: the application\'s answer, with Vary: Accept (chosen by it)');
ok t_cmp($api->code, 401, 'API client: 401');
ok t_cmp($api->content, $app_body, 'API client: the application\'s JSON untouched');
ok t_cmp($api->header('Content-Type'), 'application/json', 'API client: its Content-Type');
ok t_cmp($api->header('WWW-Authenticate'), $challenge, 'API client: challenge untouched');

my $curl = GET '/upstream/on/expired.cgi', Accept => '*/*';
ok t_cmp($curl->content, $app_body, 'Accept */*: not a browser, untouched');

my $off = GET '/upstream/off/expired.cgi', Accept => $browser;
ok t_cmp($off->code, 401, 'Upstream Off: 401');
ok t_cmp($off->content, $app_body, 'Upstream Off: untouched even for a browser');
ok t_cmp($off->header('Content-Type'), 'application/json', 'Upstream Off: its Content-Type');

# the application's Content-Encoding and Content-Disposition (a CGI's go
# to err_headers_out) describe its body, not the page that replaces it
my $gz = GET '/upstream/on/gzip.cgi', Accept => $browser;
ok t_cmp($gz->header('Content-Encoding'), undef, 'compressed 401: no Content-Encoding on the page');
ok t_cmp($gz->header('Content-Disposition'), undef, 'compressed 401: no Content-Disposition either');
ok t_cmp($gz->content, qr/^<!DOCTYPE html>/, 'compressed 401: the page, as plain HTML');
ok t_cmp($gz->header('WWW-Authenticate'), 'Bearer realm="app"', 'compressed 401: the challenge kept');

my $none = GET '/upstream/on/nochallenge.cgi', Accept => $browser;
ok t_cmp($none->code, 401, 'no challenge: 401');
ok t_cmp($none->content, reference_re('server-misconfigured'), 'no challenge: server-misconfigured');
ok t_cmp($none->header('WWW-Authenticate'), undef, 'no challenge: none invented');

my $fine = GET '/upstream/on/ok.cgi', Accept => $browser;
ok t_cmp($fine->code, 200, '200 from the application: status');
ok t_cmp($fine->content, "all fine from the application\n", '200 from the application: untouched');
ok t_cmp($fine->header('Content-Type'), qr{^text/plain\b}, '200 from the application: its own Content-Type');

# SetOutputFilter HELPFUL401: the filter by name works as for upstream
# 401s, and leaves every other response alone
my $named_ok = GET '/named-filter/ok.cgi', Accept => $browser;
ok t_cmp($named_ok->code, 200, 'filter by name, a 200: status');
ok t_cmp($named_ok->content, "all fine from the application\n", 'filter by name, a 200: untouched');
my $named = GET '/named-filter/expired.cgi', Accept => $browser, Authorization => 'Bearer abc';
ok t_cmp($named->code, 401, 'filter by name, a 401: status');
ok t_cmp($named->header('WWW-Authenticate'), $challenge, 'filter by name, a 401: the challenge');
ok t_cmp($named->content, reference_re('expired-token'), 'filter by name, a 401: our page for a browser');

# added by name where Helpful401Upstream On adds it too: one page, whole
my $twice = GET '/filter-twice/expired.cgi?twice=1', Accept => $browser, Authorization => 'Bearer abc';
ok t_cmp($twice->code, 401, 'filter on twice: 401');
ok t_cmp(scalar(() = $twice->content =~ /<!DOCTYPE html>/g), 1, 'filter on twice: one page');
ok t_cmp($twice->header('Content-Length') // length($twice->content), length($twice->content),
         'filter on twice: Content-Length is the page\'s');
ok t_cmp($twice->content, reference_re('expired-token'), 'filter on twice: the cause');
my $logged = () = error_log() =~ m{H401002: cause=expired-token [^\n]*url=/filter-twice/expired\.cgi\?twice=1}g;
ok t_cmp($logged, 1, 'filter on twice: explained, logged (and counted) once');
