# The response around the page: headers, HEAD, escaping, and the
# responses that must stay exactly as httpd makes them.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET HEAD POST);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth raw_get reference_re);

plan tests => 44, need_module 'helpful401';

# -- the headers of the helpful page
my $get = GET '/basic/';
ok t_cmp($get->code, 401, 'GET: 401');
ok t_cmp($get->header('Content-Type'), 'text/html; charset=utf-8', 'GET: UTF-8 HTML');
ok t_cmp($get->header('Cache-Control'), undef, 'GET: no Cache-Control (no cache stores a 401 without one)');
ok t_cmp($get->header('Vary'), qr/^Accept,\s*Accept-Language$/, 'GET: Vary, as for any negotiated response (RFC 9110 12.5.5)');
ok t_cmp($get->header('Content-Security-Policy'), undef, 'GET: no CSP: nothing on the page runs or loads');
my $csp = GET '/csp/';
ok t_cmp($csp->header('Content-Security-Policy'), "default-src 'none'; style-src 'unsafe-inline'",
         "the README's mod_headers recipe puts a CSP on the 401");
ok t_cmp($csp->content, reference_re('no-credentials'), 'and the page is still the helpful one');
ok t_cmp($get->header('Content-Language'), 'en', 'GET: Content-Language, as on httpd\'s own negotiated pages');
ok t_cmp($get->header('Content-Length'), length($get->content), 'GET: Content-Length is the body length');
ok t_cmp($get->content, qr/^<!DOCTYPE html>\n<html lang="en">/, 'GET: HTML5 page in English');
ok t_cmp(scalar(() = $get->content =~ /<script|src=|url\(/g), 0, 'GET: no script, no external resource');

# -- HEAD: the same headers, no body
my $head = HEAD '/basic/';
ok t_cmp($head->code, 401, 'HEAD: 401');
ok t_cmp($head->header('Content-Length'), $get->header('Content-Length'), 'HEAD: same Content-Length');
ok t_cmp($head->header('Content-Type'), 'text/html; charset=utf-8', 'HEAD: same Content-Type');
ok t_cmp($head->header('WWW-Authenticate'), 'Basic realm="Staff area"', 'HEAD: challenge');
ok t_cmp($head->content, '', 'HEAD: no body');

# -- every challenge kept, in number and order: the same as httpd sends
# with the module Off for the same area
my $two = GET '/two-challenges/';
my @challenges = $two->header('WWW-Authenticate');
my @stock = GET('/two-challenges/off/')->header('WWW-Authenticate');
ok t_cmp(scalar(@challenges), 2, 'two challenges: both kept');
ok t_cmp(join("\n", @challenges), join("\n", @stock), 'two challenges: same bytes, same order as without the module');
ok t_cmp([sort @challenges], ['Basic realm="Both"', 'Bearer realm="api", error="invalid_token"'], 'two challenges: the exact values');
ok t_cmp($two->content, reference_re('no-credentials'), 'two challenges: helpful page');

# -- nothing a visitor sends comes back as markup
# (a password with '!', which no mod_unique_id request id on the page has)
my $user = GET '/basic/', Authorization => basic_auth('<b>bob</b>"x:s3cr!t');
ok t_cmp($user->content, qr/“&lt;b&gt;bob&lt;\/b&gt;&quot;x”/, 'user name escaped');
ok t_cmp(index($user->content, '<b>bob'), -1, 'user name never raw');
ok t_cmp(index($user->content, 's3cr!t'), -1, 'password never shown');
my $markup = GET '/markup/';
ok t_cmp($markup->content, qr{<dd>Tag &lt;i&gt;area&lt;/i&gt; &amp; &quot;co&quot;</dd>}, 'realm escaped');
ok t_cmp($markup->header('WWW-Authenticate'), 'Basic realm="Tag <i>area</i> & \"co\""', 'realm challenge untouched');

my $raw = raw_get(undef, '/basic/?q=<script>alert(1)</script>&x="y"')->{raw};
ok t_cmp($raw, qr{<dd>http://[^<]*/basic/\?q=&lt;script&gt;alert\(1\)&lt;/script&gt;&amp;x=&quot;y&quot;</dd>}, 'URL escaped');
ok t_cmp(index($raw, '<script>'), -1, 'no raw script from the URL');

# -- a request line in absolute form ("GET http://host:port/x"): the page
# shows the address once, as for the same request in origin form
my $hostport = Apache::TestRequest::hostport();
my $absolute = raw_request("GET http://$hostport/basic/x?q=1 HTTP/1.1\r\nHost: $hostport\r\n"
                           . "Accept: text/plain\r\nConnection: close\r\n\r\n");
my $origin = raw_request("GET /basic/x?q=1 HTTP/1.1\r\nHost: $hostport\r\n"
                         . "Accept: text/plain\r\nConnection: close\r\n\r\n");
my ($abs_url) = $absolute =~ /^Address: (.*)$/m;
my ($origin_url) = $origin =~ /^Address: (.*)$/m;
ok t_cmp($abs_url, "http://$hostport/basic/x?q=1", 'absolute form: the address, once');
ok t_cmp($abs_url, $origin_url, 'absolute form: the same address as in origin form');
ok t_cmp($absolute, qr{\r\nWWW-Authenticate: Basic realm="Staff area"\r\n}, 'absolute form: the challenge');

# -- Helpful401 Off: httpd's own page, byte for byte
my $off = GET '/off/';
ok t_cmp($off->code, 401, 'Off: 401');
ok t_cmp($off->content, stock_401(), 'Off: stock page byte for byte');
ok t_cmp($off->header('Content-Type'), 'text/html; charset=iso-8859-1', 'Off: stock Content-Type');
ok t_cmp(GET('/off/', Accept => 'application/json')->header('Content-Language'), undef,
         'Off: a JSON client gets no header of ours either');
ok t_cmp(GET('/off/on-again/')->content, reference_re('no-credentials'), 'Off then On in a nested section: helpful page');

# -- ErrorDocument 401 "text": the admin's words
my $text = GET '/errtext/';
ok t_cmp($text->code, 401, 'ErrorDocument text: 401');
ok t_cmp($text->content, 'Custom words from the admin', 'ErrorDocument text: untouched');

# -- other statuses pass untouched
my $ok = GET '/open/index.html', Accept => 'application/json', 'Accept-Language' => 'fr';
ok t_cmp($ok->code, 200, '200: status');
ok t_cmp($ok->content, "<p>secret open</p>\n", '200: body untouched');
ok t_cmp($ok->header('Content-Language'), undef, '200: no header of ours');
my $nf = GET '/no/such/page';
ok t_cmp($nf->code, 404, '404: status');
ok t_cmp($nf->content, qr/<title>404 Not Found<\/title>/, '404: httpd page');
ok t_cmp($nf->header('Content-Type'), 'text/html; charset=iso-8859-1', '404: stock Content-Type');
my $good = GET '/basic/', Authorization => basic_auth('bob:correct horse');
ok t_cmp($good->content, "<p>secret basic</p>\n", 'right password: the page itself');

# httpd's own 401 page, as http_protocol.c writes it.
sub stock_401 {
    return qq{<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n}
         . qq{<html><head>\n<title>401 Unauthorized</title>\n</head><body>\n<h1>Unauthorized</h1>\n}
         . qq{<p>This server could not verify that you\nare authorized to access the document\n}
         . qq{requested.  Either you supplied the wrong\ncredentials (e.g., bad password), or your\n}
         . qq{browser doesn't understand how to supply\nthe credentials required.</p>\n}
         . signature()
         . qq{</body></html>\n};
}

sub signature {
    my $vars = Apache::Test::vars();
    # Apache::Test's config leaves ServerSignature at its default (Off)
    return '';
}

# A whole request sent as is; the whole response as it came.
sub raw_request {
    my $request = shift;
    my $sock = Apache::TestRequest::vhost_socket();
    print $sock $request;
    local $/;
    my $all = <$sock>;
    return defined $all ? $all : '';
}
