# The visitor's language (Accept-Language) and the client's format
# (Accept): HTML, application/problem+json, text/plain.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(json_of html_lang message);

plan tests => 46, need_module 'helpful401';

my @languages = (
    # Accept-Language, expected page language, words of the no-credentials title
    [ 'de-AT,de;q=0.9,en;q=0.5', 'de' ],
    [ 'fr-CA,fr;q=0.8',          'fr' ],
    [ 'es-419,es;q=0.9',         'es' ],
    [ 'ja,en;q=0.5',             'ja' ],
    [ 'zh-CN,zh;q=0.9',          'en' ],
    [ 'en-GB',                   'en' ],
);
my %title = map { $_ => message($_, 'cause.no-credentials.title') } qw(en de fr es ja);

for my $case (@languages) {
    my ($header, $lang) = @$case;
    my $res = GET '/basic/', 'Accept-Language' => $header;
    ok t_cmp(html_lang($res->content), $lang, "$header: <html lang=\"$lang\">");
    ok t_cmp($res->header('Content-Language'), $lang, "$header: Content-Language $lang on HTML too");
    ok t_cmp(index($res->content, "<h1>$title{$lang}</h1>") >= 0 ? 1 : 0, 1, "$header: the $lang title");
}
my $default = GET '/german-default/', 'Accept-Language' => 'zh';
ok t_cmp(html_lang($default->content), 'de', 'Helpful401DefaultLanguage de when nothing matches');
ok t_cmp(html_lang(GET('/german-default/', 'Accept-Language' => 'fr')->content), 'fr',
         'Helpful401DefaultLanguage does not override a match');

# -- application/problem+json
my $res = GET '/basic/?x=1', Accept => 'application/json', 'Accept-Language' => 'fr';
ok t_cmp($res->code, 401, 'JSON: 401');
ok t_cmp($res->header('Content-Type'), 'application/problem+json', 'JSON: problem+json');
ok t_cmp($res->header('WWW-Authenticate'), 'Basic realm="Staff area"', 'JSON: challenge kept');
ok t_cmp($res->header('Content-Language'), 'fr', 'JSON: Content-Language fr');
ok t_cmp($res->header('Content-Length'), length($res->content), 'JSON: Content-Length');
my $problem = json_of($res->content);
ok t_cmp(ref $problem, 'HASH', 'JSON: parses') or print "# $@\n";
$problem ||= {};
ok t_cmp($problem->{status}, 401, 'JSON: status 401');
ok t_cmp($problem->{type}, 'about:blank', 'JSON: type about:blank, naming no module (RFC 9457 4.2.1)');
ok t_cmp($problem->{cause}, 'no-credentials', 'JSON: cause');
ok t_cmp($problem->{title}, decode($title{fr}), 'JSON: title in French');
ok t_cmp($problem->{instance}, '/basic/', 'JSON: instance');
ok t_cmp(ref $problem->{remedies} eq 'ARRAY' && @{ $problem->{remedies} } >= 3 ? 1 : 0, 1, 'JSON: remedies');
ok t_cmp($problem->{challenges}, [ { scheme => 'Basic', realm => 'Staff area' } ], 'JSON: challenges');
# a program gets a program's remedies: send the name and password, not
# "reload and answer your browser's box"
my $api = json_of(GET('/basic/', Accept => 'application/problem+json')->content) || {};
ok t_cmp(($api->{remedies} || [])->[0] // '', qr/^If an app or a script of yours sends this request, have it send a user name and password with Basic authentication/,
         'JSON, Basic area: the first remedy is for the program');
ok t_cmp(scalar(grep { /browser|Reload/ } @{ $api->{remedies} || [] }), 0,
         'JSON, Basic area: no browser advice');
ok t_cmp(GET('/basic/')->content, qr{<li>Reload this page: your browser asks},
         'HTML, the same area: the browser\'s advice');
ok t_cmp(length($problem->{detail} || ''), qr/^[1-9]\d+$/, 'JSON: detail');
my $problem_json = GET '/markup/', Accept => 'application/problem+json';
my $p2 = json_of($problem_json->content) || {};
ok t_cmp($p2->{challenges}[0]{realm}, 'Tag <i>area</i> & "co"', 'JSON: realm escaped for JSON, intact after decoding');

# -- text/plain
my $text = GET '/basic/', Accept => 'text/plain';
ok t_cmp($text->header('Content-Type'), 'text/plain; charset=utf-8', 'text: text/plain');
ok t_cmp($text->content, qr/^Error 401/, 'text: starts with the status line');
ok t_cmp($text->content, qr/\nThis page needs you to sign in\n/, 'text: the title');
ok t_cmp(index($text->content, '<'), -1, 'text: no markup');
ok t_cmp($text->header('Content-Language'), 'en', 'text: Content-Language');

# -- Vary on every negotiated page, merged with the Vary already there
# (here mod_headers gives the 401 a max-age and a Vary of its own)
my $cached = GET '/cached-401/', Accept => 'application/json';
ok t_cmp($cached->header('Cache-Control'), 'max-age=60', 'cacheable 401: its Cache-Control');
ok t_cmp($cached->header('Vary'), qr/^Origin,\s*Accept,\s*Accept-Language$/, 'cacheable 401: Vary merged');
ok t_cmp($cached->header('Content-Type'), 'application/problem+json', 'cacheable 401: JSON');

sub decode { my $s = shift; utf8::decode($s); return $s }
