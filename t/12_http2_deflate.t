# The helpful page over HTTP/2 (h2c, prior knowledge, with curl) and next
# to mod_deflate: status, challenges, Content-Type and Content-Length stay
# right, and the body is our page.
#
# mod_http2 (v2.0.42 with Debian's httpd 2.4.71) logs AH10034 at startup,
# "The mpm module (prefork.c) is not supported ... the HTTP/2 protocol
# will be inactive", yet under the suite's prefork MPM h2c does answer:
# the checks below see "HTTP/2 401" from curl.
#
# What mod_deflate really does with a 401 (httpd 2.4):
#
#  - A 401 httpd makes itself (mod_auth_basic, mod_rewrite R=401, ...) is
#    never compressed, however DEFLATE is configured. The refusal comes
#    from ap_process_request_internal(), before ap_invoke_handler() runs
#    the insert_filter hook, so neither SetOutputFilter (core) nor
#    AddOutputFilterByType (mod_filter) has added anything yet; and
#    ap_send_error_response() resets r->output_filters to the protocol
#    filters and runs only the insert_error_filter hook (mod_headers'
#    "Header always", and our HELPFUL401 filter). So the page goes out
#    plain, with its Content-Length, whatever Accept-Encoding says; that
#    is always allowed (identity is acceptable unless refused with q=0).
#  - A 401 made by a handler (a CGI, a proxied application) does pass the
#    resource and content filters. AddOutputFilterByType still leaves it
#    alone: mod_filter's harness removes itself from any response whose
#    status is not 200 (unless the "filter-errordocs" variable is set).
#    SetOutputFilter DEFLATE, though, compresses it: the application's own
#    answer (passed on to an API client) goes out gzipped, and where we
#    replace it (Helpful401Upstream On, a browser), DEFLATE
#    (AP_FTYPE_CONTENT_SET + 1) has already run before our filter
#    (AP_FTYPE_CONTENT_SET + 5) and set Content-Encoding: gzip; we drop
#    its compressed body and that header, and send our page plain.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use File::Temp qw(tempdir);
use IO::Uncompress::Gunzip qw(gunzip $GunzipError);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth first_header cause_of without_request_id);

my $HTML = 'text/html; charset=utf-8';
my $browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
my $gzip = 'Accept-Encoding: gzip';

my $curl_h2 = sub { (`curl -V 2>/dev/null` // '') =~ /^Features:.*\bHTTP2\b/m };
sub basic { 'Authorization: ' . basic_auth(shift) }

# Over HTTP/2 (h2c with prior knowledge, on the h401_h2 vhost).
my @h2 = (
    # name, path, request headers, challenge(s) (a sub: as over HTTP/1.1),
    # Content-Type, cause
    [ 'no credentials', '/basic/', [],
      'Basic realm="Staff area"', $HTML, 'no-credentials' ],
    [ 'refused password', '/basic/', [ basic('bob:wrong') ],
      'Basic realm="Staff area"', $HTML, 'bad-credentials' ],
    [ 'Bearer API, challenge from mod_headers', '/api/orders', [ 'Authorization: Bearer abc.def' ],
      'Bearer realm="api"', $HTML, 'bad-credentials' ],
    [ 'Digest', '/digest/', [],
      qr/^Digest realm="Digest area", nonce="[^"]+", algorithm=MD5, qop="auth"$/, $HTML, 'no-credentials' ],
    [ 'two challenges', '/two-challenges/', [],
      sub { join "\n", GET('/two-challenges/')->header('WWW-Authenticate') }, $HTML, 'no-credentials' ],
    [ 'problem+json', '/basic/', [ 'Accept: application/json' ],
      'Basic realm="Staff area"', 'application/problem+json', 'no-credentials' ],
    [ 'text/plain', '/basic/', [ 'Accept: text/plain' ],
      'Basic realm="Staff area"', 'text/plain; charset=utf-8', 'no-credentials' ],
    [ 'gzip asked in a DEFLATE area', '/deflate/', [ $gzip ],
      'Basic realm="Zipped area"', $HTML, 'no-credentials' ],
);

# Next to mod_deflate, over HTTP/1.1: each asked with and without gzip.
my @deflate = (
    # name, path, request headers, challenge, cause
    [ 'AddOutputFilterByType, HTML', '/deflate/', [ Accept => $browser ],
      'Basic realm="Zipped area"', 'no-credentials' ],
    [ 'AddOutputFilterByType, problem+json', '/deflate/', [ Accept => 'application/problem+json' ],
      'Basic realm="Zipped area"', 'no-credentials' ],
    [ 'SetOutputFilter', '/deflate-set/', [ Accept => $browser, Authorization => 'Basic Ym9iOm5vcGU=' ],
      'Basic realm="Zipped set"', 'bad-credentials' ],
    [ 'handler 401, AddOutputFilterByType', '/deflate-upstream/refuse.cgi?html', [ Accept => $browser ],
      'Bearer realm="zipped app", error="invalid_token"', 'no-credentials' ],
    [ 'handler 401, SetOutputFilter (DEFLATE ran before us)', '/deflate-upstream-set/refuse.cgi?html',
      [ Accept => $browser ], 'Bearer realm="zipped app", error="invalid_token"', 'no-credentials' ],
);

plan tests => 6 * @h2 + 5 + 8 * @deflate + 1 + 6 + 5,
    need 'helpful401', 'http2', 'deflate', 'filter', 'headers', 'rewrite', need_cgi(), { 'curl with HTTP/2 support is needed' => $curl_h2 };

my $tmp = tempdir(CLEANUP => 1);

# -- HTTP/2

for my $case (@h2) {
    my ($name, $path, $headers, $challenge, $type, $cause) = @$case;
    my $res = h2_request($path, @$headers);
    $challenge = $challenge->() if ref $challenge eq 'CODE';
    ok t_cmp($res->{status_line}, qr{^HTTP/2 401\b}, "h2 $name: HTTP/2, 401");
    ok t_cmp(join("\n", @{ $res->{headers}{'www-authenticate'} || [] }), $challenge,
             "h2 $name: www-authenticate, exactly");
    ok t_cmp(first_header($res, 'content-type'), $type, "h2 $name: content-type");
    ok t_cmp(first_header($res, 'content-length'), length($res->{body}), "h2 $name: content-length is the body's");
    ok t_cmp(cause_of($res->{body}, $type), $cause, "h2 $name: the page's cause");
    ok t_cmp(first_header($res, 'content-encoding'), undef, "h2 $name: not encoded");
}

my $head = h2_request('/basic/', '-HEAD');
my $get = h2_request('/basic/');
ok t_cmp($head->{status_line}, qr{^HTTP/2 401\b}, 'h2 HEAD: 401');
ok t_cmp(first_header($head, 'content-length'), first_header($get, 'content-length'), 'h2 HEAD: the content-length of GET');
ok t_cmp(first_header($head, 'www-authenticate'), 'Basic realm="Staff area"', 'h2 HEAD: challenge');
ok t_cmp(length($head->{body}), 0, 'h2 HEAD: no body');
my $ok = h2_request('/basic/', basic('bob:correct horse'));
ok t_cmp($ok->{status_line} . $ok->{body}, qr{^HTTP/2 200\b.*<p>secret basic</p>\n$}s,
         'h2: the right password still opens the page');

# -- mod_deflate

for my $case (@deflate) {
    my ($name, $path, $headers, $challenge, $cause) = @$case;
    my %plain = @$headers;
    my $type = ($plain{Accept} || '') =~ /json/ ? 'application/problem+json' : $HTML;
    my $zipped = GET $path, @$headers, 'Accept-Encoding' => 'gzip';
    my $ident = GET $path, @$headers;
    ok t_cmp($zipped->code, 401, "deflate $name, gzip asked: 401");
    ok t_cmp(join("\n", $zipped->header('WWW-Authenticate')), $challenge, "deflate $name, gzip asked: challenge");
    ok t_cmp($zipped->header('Content-Type'), $type, "deflate $name, gzip asked: Content-Type");
    ok t_cmp($zipped->header('Content-Encoding'), undef, "deflate $name, gzip asked: sent plain");
    ok t_cmp($zipped->header('Content-Length'), length($zipped->content),
             "deflate $name, gzip asked: Content-Length is the body's");
    ok t_cmp(cause_of($zipped->content, $type), $cause, "deflate $name, gzip asked: our page");
    ok t_cmp(without_request_id($zipped->content), without_request_id($ident->content),
             "deflate $name: the same page as without Accept-Encoding");
    ok t_cmp($ident->header('Content-Length'), length($ident->content),
             "deflate $name, no Accept-Encoding: Content-Length is the body's");
}

my $after_deflate = GET '/deflate-upstream-set/refuse.cgi?html', Accept => $browser, 'Accept-Encoding' => 'gzip';
ok t_cmp($after_deflate->header('Vary'), qr/\bAccept-Encoding\b/,
         'handler 401, SetOutputFilter: DEFLATE did run before our filter (its Vary)');

# The DEFLATE areas do compress: a 200, and an application's own 401 where
# SetOutputFilter is used (handed on untouched to an API client).
for my $case ([ '/deflate/', 'AddOutputFilterByType' ], [ '/deflate-set/', 'SetOutputFilter' ]) {
    my ($path, $how) = @$case;
    my $res = GET $path, Authorization => basic_auth('bob:correct horse'),
                         'Accept-Encoding' => 'gzip';
    ok t_cmp($res->code, 200, "deflate $how, right password: 200");
    ok t_cmp($res->header('Content-Encoding'), 'gzip', "deflate $how, right password: gzipped");
    ok t_cmp(gunzipped($res->content), qr{^<p>secret deflate: (compressible text )+</p>\n$},
             "deflate $how, right password: gunzips to the page");
}
my $app = GET '/deflate-upstream-set/refuse.cgi', Accept => 'application/json', 'Accept-Encoding' => 'gzip';
ok t_cmp($app->code, 401, 'handler 401 to an API client, SetOutputFilter: 401');
ok t_cmp($app->header('Content-Encoding'), 'gzip', 'handler 401 to an API client, SetOutputFilter: gzipped');
ok t_cmp(gunzipped($app->content), qr/^\{"error":"invalid_token","from":"the zipped application"/,
         'handler 401 to an API client, SetOutputFilter: the application\'s own JSON');
my $app_bytype = GET '/deflate-upstream/refuse.cgi', Accept => 'application/json', 'Accept-Encoding' => 'gzip';
ok t_cmp($app_bytype->header('Content-Encoding'), undef,
         'handler 401 to an API client, AddOutputFilterByType: not compressed (status is not 200)');
ok t_cmp($app_bytype->content, qr/^\{"error":"invalid_token","from":"the zipped application"/,
         'handler 401 to an API client, AddOutputFilterByType: the application\'s own JSON');

# -- helpers

# One request with curl over h2c; '-HEAD' among the headers sends HEAD.
sub h2_request {
    my ($path, @headers) = @_;
    my $head_only = grep { $_ eq '-HEAD' } @headers;
    @headers = grep { $_ ne '-HEAD' } @headers;
    Apache::TestRequest::module('h401_h2');
    my $hostport = Apache::TestRequest::hostport();
    Apache::TestRequest::module('default');
    my ($hfile, $bfile) = ("$tmp/headers", "$tmp/body");
    unlink $hfile, $bfile;
    # (-X HEAD, not --head: so that curl reads whatever DATA comes; it
    # then exits 18, as the content-length it was told never arrives)
    my $rc = system('curl', '-s', '--http2-prior-knowledge', '--max-time', '20',
                    ($head_only ? ('-X', 'HEAD') : ()), '-D', $hfile, '-o', $bfile,
                    (map { ('-H', $_) } @headers), "http://$hostport$path") >> 8;
    print "# curl exited $rc\n" if $rc && !($head_only && $rc == 18);
    my %headers;
    open my $hfh, '<', $hfile or return { status_line => '', headers => {}, body => '' };
    my $status_line = <$hfh> // '';
    $status_line =~ s/\r?\n$//;
    while (my $line = <$hfh>) {
        $line =~ s/\r?\n$//;
        my ($k, $v) = $line =~ /^([^:]+):\s*(.*)$/ or next;
        push @{ $headers{lc $k} }, $v;
    }
    my $body = '';
    if (open my $bfh, '<:raw', $bfile) { local $/; $body = <$bfh> // '' }
    return { status_line => $status_line, headers => \%headers, body => $body };
}

sub gunzipped {
    my $in = shift;
    my $out;
    gunzip(\$in => \$out) or return "gunzip failed: $GunzipError";
    return $out;
}
