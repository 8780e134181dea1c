# Challenges in the order httpd sends them. ap_http_header_filter sends
# err_headers_out before headers_out (it overlays the first on the
# second), so a challenge "Header always add" puts in err_headers_out can
# go out before the auth module's, and one "Header add" puts in
# headers_out after an application's. The page's challenges, its admin
# section, the scheme it names and HELPFUL401_SCHEME follow the wire:
# every order here is compared as it is, never sorted.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use JSON::PP ();

plan tests => 17, need need_module(qw(helpful401 headers)), need_cgi;

my $browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
my $logs = Apache::Test::vars('t_logs');
# only what this run writes: the log may hold an earlier run's lines
my $start = -s "$logs/cause_log" || 0;

my @stock = GET('/two-challenges/off/')->header('WWW-Authenticate');
my @auth_module_last = ('Bearer realm="api", error="invalid_token"', 'Basic realm="Both"');
ok t_cmp(\@stock, \@auth_module_last,
         "httpd without the module: Header always add's challenge before the auth module's");

# name; url; Accept; the challenges on the wire, in order
my @cases = (
    [ "httpd's 401, text", '/two-challenges/order-text', 'text/plain', \@auth_module_last ],
    [ "httpd's 401, HTML", '/two-challenges/order-html', $browser, \@auth_module_last ],
    [ "an application's 401, HTML", '/challenge-order/expired.cgi', $browser,
      [ 'Bearer realm="app", error="invalid_token", error_description="The access token expired"',
        'Digest realm="always", nonce="n"', 'Basic realm="added"' ] ],
);
for my $case (@cases) {
    my ($name, $url, $accept, $wire) = @$case;
    my $res = GET $url, Accept => $accept;
    my @sent = $res->header('WWW-Authenticate');
    my $first = (split / /, $wire->[0])[0];
    ok t_cmp(\@sent, $wire, "$name: the challenges on the wire");
    ok t_cmp([admin_challenges($res)], \@sent, "$name: the admin section, in the wire's order");
    ok t_cmp(named_scheme($res), $first, "$name: the page names the first challenge's scheme");
}

my $json = GET '/two-challenges/order-json', Accept => 'application/json';
my @json_sent = $json->header('WWW-Authenticate');
ok t_cmp(\@json_sent, \@auth_module_last, "httpd's 401, JSON: the challenges on the wire");
ok t_cmp([map { $_->{scheme} } @{ JSON::PP::decode_json($json->content)->{challenges} }],
         [map { (split / /)[0] } @json_sent], "httpd's 401, JSON: its challenges in the wire's order");
ok t_cmp([map { $_->{realm} } @{ JSON::PP::decode_json($json->content)->{challenges} }],
         [ 'api', 'Both' ], "httpd's 401, JSON: and their realms");

# HELPFUL401_SCHEME and _REALM: the first challenge on the wire
my $access = '';
for (1 .. 100) {
    $access = substr(slurp("$logs/cause_log"), $start);
    last if $access =~ m{^/two-challenges/order-json }m;
    select undef, undef, undef, 0.1;
}
for my $url ('/two-challenges/order-text', '/two-challenges/order-html', '/two-challenges/order-json') {
    ok t_cmp($access, qr{^\Q$url\E 401 no-credentials Bearer api$}m, "HELPFUL401_SCHEME for $url");
}
ok t_cmp($access, qr{^/challenge-order/expired\.cgi 401 no-credentials Bearer app$}m,
         "HELPFUL401_SCHEME for an application's 401");

# The administrator's section's WWW-Authenticate lines, as sent.
sub admin_challenges {
    my $res = shift;
    my $body = $res->content;
    if ($res->header('Content-Type') =~ m{^text/plain}) {
        return $body =~ /^  WWW-Authenticate: (.*)$/mg;
    }
    return map { unescape_html($_) } $body =~ m{<dt>WWW-Authenticate</dt><dd><code>(.*?)</code></dd>}g;
}

# The scheme the page says the area asks for.
sub named_scheme {
    my $res = shift;
    my $body = $res->content;
    return $1 if $body =~ /^Sign-in method: (.*)$/m;
    return $1 if $body =~ m{<dt>Sign-in method</dt><dd>(.*?)</dd>};
    return undef;
}

sub unescape_html {
    my $s = shift;
    my %entity = (quot => '"', amp => '&', lt => '<', gt => '>', '#39' => "'");
    $s =~ s/&(quot|amp|lt|gt|#39);/$entity{$1}/g;
    return $s;
}

sub slurp {
    my $file = shift;
    open my $fh, '<', $file or return '';
    local $/;
    return <$fh>;
}
