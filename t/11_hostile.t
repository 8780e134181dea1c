# Hostile requests: huge credentials and headers, invalid base64 and
# UTF-8, broken syntax, absurd JWTs, template-looking text. Each is still
# answered 401 with the exact challenge, in one of our three formats, with
# the right Content-Length, in valid UTF-8, with nothing of the request
# raw in the markup; afterwards the server still answers and no child died.
#
# The requests go out as raw HTTP/1.1 over a socket, byte for byte: a
# client library would encode the URL, refuse bytes in headers, or join
# lines.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest ();
use Encode ();
use MIME::Base64 qw(encode_base64);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth jwt raw_get first_header json_of html_lang cause_of
                without_request_id error_log);

my $HTML = 'text/html; charset=utf-8';
my $JSON = 'application/problem+json';
my $TEXT = 'text/plain; charset=utf-8';
my $BASIC = 'Basic realm="Staff area"';
my $BEARER = 'Bearer realm="api"';
my $DIGEST = qr/^Digest realm="Digest area", nonce="[^"]+", algorithm=MD5, qop="auth"$/;
my $FFFD = "\xef\xbf\xbd";   # U+REPLACEMENT CHARACTER, in UTF-8
my $BAD_UTF8 = "\xff\xfe\xc3\x28";
my $LIMIT = 8190;            # httpd's default LimitRequestFieldSize
my $TEMPLATE = '{{title}} {{#remedies}}x{{/remedies}} {{> x}}';
my $TEMPLATE_HTML = '{{title}} {{#remedies}}x{{/remedies}} {{&gt; x}}';
my $now = time;

# -- building hostile headers

# A header line, checked to fit httpd's limit (a longer one is httpd's
# 400, never our page).
sub header {
    my ($name, $value) = @_;
    my $line = "$name: $value";
    die "$name: " . length($line) . " bytes, over $LIMIT\n" if length($line) > $LIMIT;
    return $line;
}
sub basic { header(Authorization => basic_auth(shift)) }
sub bearer { header(Authorization => 'Bearer ' . shift) }
# A Digest answer with every field mod_auth_digest needs (so it does not
# answer 400 before the user is looked up), for a user that does not exist.
sub digest_for {
    my $user = shift;
    return header(Authorization => qq{Digest username="$user", realm="Digest area", }
                  . q{nonce="bm9uY2U=", uri="/digest/", response="0123456789abcdef0123456789abcdef", }
                  . q{qop=auth, nc=00000001, cnonce="abc"});
}

# Header lines of exactly $LIMIT bytes (base64 comes in fours: a second
# space after "Basic" makes up the difference).
my $full_basic = header(Authorization => 'Basic  ' . encode_base64(('v' x 6123) . ':pw', ''));
my $full_bearer = bearer('B' x ($LIMIT - length('Authorization: Bearer ')));
length($_) == $LIMIT or die "not $LIMIT bytes: " . length($_) . "\n" for $full_basic, $full_bearer;

# 300 cookies in one header, session-looking ones among them.
my $cookies = join '; ', (map { sprintf 'c%03d=v%03d', $_, $_ } 1 .. 290),
    'PHPSESSID=0123456789abcdef', 'JSESSIONID=ABCDEF0123456789', 'session=expiry=1000000',
    'connect.sid=s%3Aabc.def', 'laravel_session=eyJpdiI6IjEifQ%3D%3D', 'sessionid=x',
    'ASP.NET_SessionId=abc', 'theme=dark', 'lang=de', 'session=expiry=99999999999999999999999';
my $junk_cookies = join '; ', ('=', ';;', '=novalue', 'noequals', 'expiry=', 'session=',
    'a=expiry=&expiry=x', "\xff=\xfe", '"quoted"="v"') x 30;

# 399 languages the templates do not have, then French, preferred
my @languages = grep { !/^(de|en|es|fr|ja)$/ } 'aa' .. 'zz';
my $accept_language = join ', ', (map { sprintf '%s-%s;q=0.%03d', $languages[$_], uc $languages[-$_ - 1], 1 + $_ % 998 }
                                  0 .. 398), 'fr;q=0.999';
my $junk_languages = join ',', (';q=', 'q=abc', '*;q=2', '-', 'de;q=abc', ',;,', 'de-',
    'ja;q=1.0001', 'es;q=-1', 'toolongtag-abc') x 40;

# -- the cases

# name; url; headers; module (the vhost, default the main server);
# challenge; type (Content-Type); cause; language; checks: [label,
# sub { what the response gives }, expected] on top of the common ones.
my @cases = (
    # sizes near LimitRequestFieldSize
    { name => 'Basic credentials of 8000 base64 bytes', url => '/basic/',
      headers => [ basic(('u' x 3000) . ':' . ('p' x 2999)) ],
      cause => 'bad-credentials',
      checks => [ [ 'the 3000-byte user name on the page, shortened to 1024 bytes and marked',
                    sub { has(shift->{body}, ('u' x 1024) . "\x{e2}\x{80}\x{a6}") }, 1 ],
                  [ 'not in full', sub { has(shift->{body}, 'u' x 1025) }, 0 ],
                  [ 'the password never shown', sub { has(shift->{body}, 'p' x 64) }, 0 ] ] },
    { name => 'Basic credentials filling the header line to the byte', url => '/basic/',
      headers => [ $full_basic ], cause => 'bad-credentials' },
    { name => 'opaque Bearer token of 8000 bytes', url => '/api/big',
      headers => [ bearer('A' x 8000) ], challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'opaque Bearer token filling the header line to the byte', url => '/api/big',
      headers => [ $full_bearer ], challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'expired JWT of 8000 bytes', url => '/api/big',
      headers => [ bearer(jwt('{"pad":"' . ('x' x 5900) . qq{","exp":} . ($now - 7200 - 30) . '}')) ],
      challenge => $BEARER, cause => 'expired-token',
      checks => [ [ 'still reads its exp', sub { has(shift->{body}, 'expired 2 hours ago') }, 1 ] ] },

    # long and junk Accept-Language
    { name => '400-entry Accept-Language', url => '/basic/',
      headers => [ header('Accept-Language' => $accept_language) ],
      cause => 'no-credentials', language => 'fr' },
    { name => '400 junk Accept-Language entries', url => '/basic/',
      headers => [ header('Accept-Language' => $junk_languages) ],
      cause => 'no-credentials', language => 'en' },

    # 300 cookies
    { name => '300 cookies, session ones among them, in a Basic area', url => '/basic/',
      headers => [ header(Cookie => $cookies) ], cause => 'no-credentials' },
    { name => '300 cookies, session ones among them, in a Bearer API', url => '/api/c',
      headers => [ header(Cookie => $cookies) ], challenge => $BEARER, cause => 'stale-session' },
    { name => '270 junk cookies in a Bearer API', url => '/api/c',
      headers => [ header(Cookie => $junk_cookies) ], challenge => $BEARER, cause => 'no-credentials' },

    # invalid base64, invalid UTF-8
    { name => 'Basic that is not base64', url => '/basic/',
      headers => [ header(Authorization => 'Basic !!!notbase64===') ], cause => 'malformed-credentials' },
    { name => 'Basic with padding inside', url => '/basic/',
      headers => [ header(Authorization => 'Basic YWJj=ZA==') ], cause => 'malformed-credentials' },
    { name => 'Basic of raw invalid UTF-8 bytes', url => '/basic/',
      headers => [ header(Authorization => "Basic $BAD_UTF8") ], cause => 'malformed-credentials',
      checks => [ no_raw_bytes() ] },
    { name => 'Basic whose decoded user name is invalid UTF-8 and markup', url => '/basic/',
      headers => [ basic("$BAD_UTF8<x-h401>:pw") ], cause => 'bad-credentials',
      checks => [ no_raw_bytes(),
                  [ 'user name shown with U+FFFD, markup escaped',
                    sub { has(shift->{body}, "<dd>$FFFD$FFFD$FFFD(&lt;x-h401&gt;</dd>") }, 1 ],
                  [ 'no raw markup from the user name', sub { has(shift->{body}, '<x-h401') }, 0 ] ] },
    { name => 'Basic whose password is invalid UTF-8', url => '/basic/',
      headers => [ basic("eve:$BAD_UTF8") ], cause => 'bad-credentials',
      checks => [ no_raw_bytes(), [ 'the user name', sub { has(shift->{body}, '<dd>eve</dd>') }, 1 ] ] },
    { name => 'Basic, invalid UTF-8 user name, JSON page', url => '/basic/',
      headers => [ basic("$BAD_UTF8\"}]<:pw"), 'Accept: application/json' ],
      type => $JSON, cause => 'bad-credentials',
      checks => [ no_raw_bytes(),
                  [ 'JSON parses', sub { ref(json_of(shift->{body})) }, 'HASH' ],
                  [ 'the user name in the detail, with U+FFFD', sub { (json_of(shift->{body}) || {})->{detail} },
                    qr/\x{FFFD}\x{FFFD}\x{FFFD}\(\"\}\]</ ] ] },
    { name => 'Basic, invalid UTF-8 user name, text page', url => '/basic/',
      headers => [ basic("$BAD_UTF8\r\n\e[31m:pw"), 'Accept: text/plain' ],
      type => $TEXT, cause => 'bad-credentials',
      checks => [ no_raw_bytes(),
                  [ 'user name with U+FFFD, controls dropped', sub { has(shift->{body}, ": $FFFD$FFFD$FFFD(\n[31m\n") }, 1 ] ] },
    { name => 'Digest whose user name is invalid UTF-8 and markup', url => '/digest/',
      headers => [ digest_for("$BAD_UTF8<x-h401>") ], challenge => $DIGEST, cause => 'bad-credentials',
      checks => [ no_raw_bytes(),
                  [ 'user name shown with U+FFFD, markup escaped',
                    sub { has(shift->{body}, "<dd>$FFFD$FFFD$FFFD(&lt;x-h401&gt;</dd>") }, 1 ],
                  [ 'no raw markup from the user name', sub { has(shift->{body}, '<x-h401') }, 0 ] ] },
    { name => 'invalid UTF-8 in the URL, percent-encoded', url => '/basic/%ff%fe%c3%28/x',
      cause => 'no-credentials', checks => [ no_raw_bytes() ] },
    { name => 'invalid UTF-8 and markup in the URL, raw', url => "/basic/$BAD_UTF8?q=$BAD_UTF8<x-h401>",
      cause => 'no-credentials',
      checks => [ no_raw_bytes(),
                  [ 'the address with U+FFFD, markup escaped',
                    sub { has(shift->{body}, "/basic/$FFFD$FFFD$FFFD(?q=$FFFD$FFFD$FFFD(&lt;x-h401&gt;</dd>") }, 1 ] ] },
    { name => 'invalid UTF-8 in a session cookie name', url => '/api/c',
      headers => [ header(Cookie => "$BAD_UTF8<x-h401>=expiry=1000000") ],
      challenge => $BEARER, cause => 'stale-session',
      checks => [ no_raw_bytes(), [ 'no raw markup from the cookie', sub { has(shift->{body}, '<x-h401') }, 0 ] ] },

    # no scheme, or nothing after it
    { name => 'empty Authorization', url => '/basic/',
      headers => [ 'Authorization: ' ], cause => 'malformed-credentials' },
    { name => 'Authorization with two spaces and a word', url => '/basic/',
      headers => [ 'Authorization:  abc' ], cause => 'wrong-scheme' },
    { name => 'Authorization of white space only', url => '/basic/',
      headers => [ "Authorization: \t \t" ], cause => 'malformed-credentials' },
    { name => 'a scheme and nothing else', url => '/basic/',
      headers => [ 'Authorization: Basic' ], cause => 'malformed-credentials' },
    { name => 'junk where the scheme goes', url => '/api/x',
      headers => [ 'Authorization: ,,"Bearer"' ], challenge => $BEARER, cause => 'malformed-credentials' },

    # Digest with broken quoting
    { name => 'Digest with an unterminated quote', url => '/digest/',
      headers => [ 'Authorization: Digest username="carol' ], challenge => $DIGEST,
      cause => 'malformed-credentials' },
    { name => 'Digest with every field, one quote unterminated', url => '/digest/',
      headers => [ 'Authorization: Digest username="carol", realm="Digest area", nonce="abc, '
                   . 'uri="/digest/", response="0123456789abcdef0123456789abcdef' ],
      challenge => $DIGEST, cause => 'malformed-credentials' },
    { name => 'Digest ending in a backslash inside quotes', url => '/digest/',
      headers => [ 'Authorization: Digest username="carol\\' ], challenge => $DIGEST,
      cause => 'malformed-credentials' },
    { name => 'Digest of quotes only', url => '/digest/',
      headers => [ 'Authorization: Digest """""""' ], challenge => $DIGEST,
      cause => 'malformed-credentials' },

    # JWTs with absurd claims: read only to explain, never trusted
    { name => 'JWT with exp 1e999', url => '/api/j',
      headers => [ bearer(jwt('{"exp":1e999}')) ], challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'JWT with 20-digit negative exp and nbf', url => '/api/j',
      headers => [ bearer(jwt('{"exp":-99999999999999999999,"nbf":-99999999999999999999}')) ],
      challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'JWT with exp of 400 digits', url => '/api/j',
      headers => [ bearer(jwt('{"exp":' . ('9' x 400) . '.5e-390}')) ],
      challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'JWT with nested objects for exp and nbf', url => '/api/j',
      headers => [ bearer(jwt('{"exp":{"a":{"b":[1,{"c":null}]}},"nbf":[[{}]]}')) ],
      challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'JWT with claims of the wrong types', url => '/api/j',
      headers => [ bearer(jwt('{"exp":"1000","nbf":true,"iat":null,"sub":[1]}')) ],
      challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'JWT whose header alg is a number', url => '/api/j',
      headers => [ bearer(jwt('{"exp":1000}', '{"alg":256}')) ],
      challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'JWT with invalid UTF-8 in its claims', url => '/api/j',
      headers => [ bearer(jwt(qq{{"sub":"$BAD_UTF8<x-h401>","exp":1000}})) ],
      challenge => $BEARER, cause => 'expired-token',
      checks => [ no_raw_bytes() ] },
    { name => 'JWT nested 3000 deep before its exp, within the limit', url => '/api/j',
      headers => [ bearer(jwt('{"deep":' . ('[' x 3000) . (']' x 3000) . ',"exp":1000}')) ],
      challenge => $BEARER, cause => 'expired-token' },
    { name => 'JWT of 6000 unclosed brackets, within the limit', url => '/api/j',
      headers => [ bearer(jwt('{"exp":' . ('[' x 6000))) ],
      challenge => $BEARER, cause => 'bad-credentials' },
    { name => 'JWT nested 10000 deep before its exp (LimitRequestFieldSize 65536)',
      url => '/api/j', module => 'h401_bighdr',
      headers => [ 'Authorization: Bearer ' . jwt('{"deep":' . ('[{"a":' x 5000) . '0'
                                                  . ('}]' x 5000) . ',"exp":1000}') ],
      challenge => $BEARER, cause => 'expired-token' },
    { name => 'JWT of 40000 unclosed brackets (LimitRequestFieldSize 65536)',
      url => '/api/j', module => 'h401_bighdr',
      headers => [ 'Authorization: Bearer ' . jwt('{"a":' . ('[' x 40000)) ],
      challenge => $BEARER, cause => 'bad-credentials' },

    # template-looking text: printed as it is, never expanded
    { name => 'template tags in the Basic user name', url => '/basic/',
      headers => [ basic("$TEMPLATE:pw") ], cause => 'bad-credentials',
      checks => [ [ 'the user name printed literally', sub { has(shift->{body}, "<dd>$TEMPLATE_HTML</dd>") }, 1 ],
                  [ 'and in the explanation', sub { has(shift->{body}, "“$TEMPLATE_HTML”") }, 1 ],
                  same_page_as('otherwise the page of a plain user name', [ basic('plain:pw') ],
                               sub { $_[0] =~ s/\Q$TEMPLATE_HTML\E/plain/g }) ] },
    # (a raw '#' would start a fragment: httpd's 400)
    { name => 'template tags in the URL query',
      url => '/basic/?q={{title}}{{^remedies}}x{{/remedies}}{{>x}}',
      cause => 'no-credentials',
      checks => [ [ 'the address printed literally',
                    sub { has(shift->{body}, '/basic/?q={{title}}{{^remedies}}x{{/remedies}}{{&gt;x}}</dd>') }, 1 ] ] },
    { name => 'template tags in the URL path, percent-encoded, JSON page',
      url => '/basic/%7B%7Btitle%7D%7D%7B%7B%23remedies%7D%7D', headers => [ 'Accept: application/json' ],
      type => $JSON, cause => 'no-credentials',
      checks => [ [ 'the decoded path printed literally', sub { (json_of(shift->{body}) || {})->{instance} },
                    '/basic/{{title}}{{#remedies}}' ] ] },
    { name => 'template tags in a session cookie name', url => '/basic/',
      headers => [ header(Cookie => '{{title}}=expiry=1; {{#remedies}}=1; {{> x}}=2') ],
      cause => 'no-credentials',
      checks => [ [ 'the cookie name printed literally', sub { has(shift->{body}, '<code>{{title}}</code>') }, 1 ] ] },
    { name => 'template tags in Accept-Language', url => '/basic/',
      headers => [ header('Accept-Language' => "$TEMPLATE, {{lang}};q=0.9, de;q=0.5") ],
      cause => 'no-credentials', language => 'de',
      checks => [ same_page_as('the page of a plain Accept-Language', [ header('Accept-Language' => 'de') ]) ] },
    { name => 'template tags in JWT claims', url => '/api/j',
      headers => [ bearer(jwt(qq{{"sub":"$TEMPLATE","exp":"{{#remedies}}","{{> x}}":1}})) ],
      challenge => $BEARER, cause => 'bad-credentials',
      checks => [ same_page_as('the page of a plain token', [ bearer('opaque') ], undef, '/api/j') ] },

    # hostile Accept
    { name => 'Accept of 8000 bytes', url => '/basic/',
      headers => [ header(Accept => join(', ', ('x/y;q=0.5') x 700, 'application/problem+json')) ],
      type => $JSON, cause => 'no-credentials',
      checks => [ [ 'JSON parses', sub { ref(json_of(shift->{body})) }, 'HASH' ] ] },
    { name => 'Accept of only commas', url => '/basic/',
      headers => [ header(Accept => ',' x 8000) ], cause => 'no-credentials' },
    { name => 'Accept with q=abc', url => '/basic/',
      headers => [ header(Accept => 'application/json;q=abc, text/plain;q=abc') ], cause => 'no-credentials' },
    { name => 'Accept with an unterminated quoted parameter', url => '/basic/',
      headers => [ header(Accept => 'text/plain;x="a, application/json, text/html') ],
      type => $TEXT, cause => 'no-credentials' },
    { name => 'Accept with 1500 parameters', url => '/basic/',
      headers => [ header(Accept => 'application/json' . (';a=b' x 1500)) ],
      type => $JSON, cause => 'no-credentials' },
    { name => 'Accept with junk q-values everywhere', url => '/basic/',
      headers => [ header(Accept => 'text/plain;q=1.5, application/json;q=-1, text/html;q=, */*;q="1"') ],
      cause => 'no-credentials' },
);

my $per_case = 7;
my $tests = 4;
$tests += $per_case + @{ $_->{checks} || [] } for @cases;
plan tests => $tests, need_module qw(helpful401 rewrite headers auth_digest);

for my $case (@cases) {
    my $name = $case->{name};
    my $res = raw_get($case->{module}, $case->{url}, @{ $case->{headers} || [] });
    my $type = $case->{type} || $HTML;

    ok t_cmp($res->{status}, 401, "$name: 401");
    my $challenge = $case->{challenge} || $BASIC;
    ok t_cmp(join("\n", @{ $res->{headers}{'www-authenticate'} || [] }), $challenge,
             "$name: the challenge, exactly and once");
    ok t_cmp(first_header($res, 'content-type'), $type, "$name: Content-Type");
    ok t_cmp(first_header($res, 'content-length'), length($res->{body}), "$name: Content-Length is the body's");
    ok t_cmp(utf8_error($res->{body}), '', "$name: the page is valid UTF-8");
    ok t_cmp(cause_of($res->{body}, $type, language_of($res)), $case->{cause}, "$name: cause");
    ok t_cmp(language_of($res), $case->{language} || 'en', "$name: the page's language");
    for my $check (@{ $case->{checks} || [] }) {
        my ($label, $got, $want) = @$check;
        ok t_cmp($got->($res), $want, "$name: $label");
    }
}

# -- afterwards: still serving, and no child died
my $after = raw_get(undef, '/basic/');
ok t_cmp($after->{status}, 401, 'afterwards: a plain request still gets 401');
ok t_cmp(cause_of($after->{body}, $HTML, language_of($after)), 'no-credentials',
         'afterwards: and the helpful page');
my $good = raw_get(undef, '/basic/', basic('bob:correct horse'));
ok t_cmp($good->{body}, "<p>secret basic</p>\n", 'afterwards: the right password still opens the page');

# A child's crash is logged by the parent when it reaps the child, which
# it checks about once a second.
sleep 2;
my @crashes = grep { /Segmentation fault|exit signal|AH00052/ } split /^/m, error_log();
print "# $_" for @crashes;
ok t_cmp(scalar(@crashes), 0, 'error_log: no crash, no child killed by a signal');

# -- helpers

# <html lang> of an HTML page, Content-Language of the other formats.
sub language_of {
    my $res = shift;
    return html_lang($res->{body}) // first_header($res, 'content-language');
}

sub has { return index($_[0], $_[1]) >= 0 ? 1 : 0 }

# '' for valid UTF-8, else where it breaks.
sub utf8_error {
    my $bytes = shift;
    return eval { Encode::decode('UTF-8', $bytes, Encode::FB_CROAK | Encode::LEAVE_SRC); '' }
        // "not UTF-8: $@";
}

# The bytes of $BAD_UTF8 never come back as they are.
sub no_raw_bytes {
    return [ 'none of the invalid bytes back raw',
             sub { my $b = shift->{body}; $b =~ /[\xf8-\xff]|\xc3\x28/ ? 'raw bytes' : 'none' }, 'none' ];
}

# The page is the one a harmless twin of the request gets (the request id
# of mod_unique_id aside): the hostile text changed nothing else. $fix may
# edit the hostile page first (where it rightly shows what was sent).
sub same_page_as {
    my ($label, $twin_headers, $fix, $url) = @_;
    return [ $label, sub {
        my $res = shift;
        my $page = $res->{body};
        $fix->($page) if $fix;
        my $twin = raw_get(undef, $url || '/basic/', @$twin_headers)->{body};
        ($page, $twin) = map { without_request_id($_) } $page, $twin;
        return $page eq $twin ? 'same page' : "differs:\n$page\n---\n$twin";
    }, 'same page' ];
}
