# Each cause, as a visitor meets it: status, the challenge kept byte for
# byte, the cause in the page, and its headline.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth reference_re);

my @cases = (
    # name, url, request headers, challenge, cause, words on the page
    [ 'no credentials', '/basic/', [],
      'Basic realm="Staff area"', 'no-credentials',
      [ 'This page needs you to sign in', 'Staff area' ] ],
    [ 'refused password', '/basic/', [ Authorization => basic_auth('bob:wrong') ],
      'Basic realm="Staff area"', 'bad-credentials',
      [ 'Your user name or password was not accepted', '“bob”' ] ],
    [ 'unknown user', '/basic/', [ Authorization => basic_auth('mallory:x') ],
      'Basic realm="Staff area"', 'bad-credentials',
      [ 'Your user name or password was not accepted', '“mallory”' ] ],
    [ 'bearer where basic is asked', '/basic/', [ Authorization => 'Bearer abc.def.ghi' ],
      'Basic realm="Staff area"', 'wrong-scheme',
      [ 'You signed in a way this site does not accept', 'only takes Basic sign-in' ] ],
    [ 'bad base64', '/basic/', [ Authorization => 'Basic !!!notbase64' ],
      'Basic realm="Staff area"', 'malformed-credentials',
      [ 'Your sign-in details could not be read' ] ],
    [ 'no colon', '/basic/', [ Authorization => basic_auth('justaname') ],
      'Basic realm="Staff area"', 'malformed-credentials',
      [ 'Your sign-in details could not be read' ] ],
    [ 'intended .htaccess', '/intended/', [],
      'Basic realm="Intended area"', 'no-credentials',
      [ 'This page needs you to sign in', 'Intended area' ] ],
    [ 'leftover .htaccess, user file gone', '/leftover-missing/', [],
      'Basic realm="Old members"', 'leftover-htaccess',
      [ 'protection is broken', 'Nothing on your side is wrong' ] ],
    [ 'leftover .htaccess, empty user file', '/leftover-empty/', [],
      'Basic realm="Emptied area"', 'leftover-htaccess',
      [ 'protection is broken' ] ],
    [ 'leftover .htaccess, unreadable user file', '/leftover-unreadable/', [],
      'Basic realm="Locked area"', 'leftover-htaccess',
      [ 'protection is broken' ] ],
    [ 'leftover .htaccess, group file gone', '/leftover-group/', [],
      'Basic realm="Group area"', 'leftover-htaccess',
      [ 'protection is broken' ] ],
    [ 'mod_rewrite R=401: no challenge at all', '/app/data', [],
      undef, 'server-misconfigured',
      [ 'This page cannot be opened because of a problem on the site', 'not something you did' ] ],
    [ 'no challenge wins over a session cookie', '/app/data', [ Cookie => 'PHPSESSID=1' ],
      undef, 'server-misconfigured',
      [ 'problem on the site' ] ],
    [ 'form login, nothing sent', '/form-plain/', [],
      undef, 'no-credentials',
      [ 'This page needs you to sign in' ] ],
    [ 'form login, stale PHPSESSID', '/form-plain/', [ Cookie => 'theme=dark; PHPSESSID=0123456789abcdef' ],
      undef, 'stale-session',
      [ 'Your session has ended', 'Delete this site&#39;s cookies' ] ],
    [ 'form login, expired mod_session cookie', '/form-plain/', [ Cookie => 'session=expiry=1000000' ],
      undef, 'stale-session',
      [ 'Your session has ended' ] ],
    [ 'Helpful401SessionCookie names the cookie', '/form-plain/custom-cookie/x', [ Cookie => 'my_app_sid=42' ],
      undef, 'stale-session',
      [ 'Your session has ended' ] ],
    [ 'Helpful401SessionCookie replaces the defaults', '/form-plain/custom-cookie/x', [ Cookie => 'PHPSESSID=42' ],
      undef, 'no-credentials',
      [ 'This page needs you to sign in' ] ],
    [ 'Basic area ignores a session cookie', '/basic/', [ Cookie => 'PHPSESSID=1' ],
      'Basic realm="Staff area"', 'no-credentials',
      [ 'This page needs you to sign in' ] ],
    [ 'digest, nothing sent', '/digest/', [],
      qr/^Digest realm="Digest area", nonce="[^"]+", algorithm=MD5, qop="auth"$/, 'no-credentials',
      [ 'Digest area', 'Digest' ] ],
    [ 'digest answered with basic', '/digest/', [ Authorization => basic_auth('carol:x') ],
      qr/^Digest realm="Digest area"/, 'wrong-scheme',
      [ 'only takes Digest sign-in' ] ],
    [ 'broken digest', '/digest/', [ Authorization => 'Digest username="carol", realm="Digest area' ],
      qr/^Digest realm="Digest area"/, 'malformed-credentials',
      [ 'could not be read' ] ],
);

plan tests => 5 * @cases, need_module 'helpful401';

for my $case (@cases) {
    my ($name, $url, $headers, $challenge, $cause, $words) = @$case;
    my $res = GET $url, @$headers;
    my $body = $res->content;

    ok t_cmp($res->code, 401, "$name: status");
    my @got = $res->header('WWW-Authenticate');
    if (!defined $challenge) {
        ok t_cmp(scalar(@got), 0, "$name: no challenge added");
    }
    else {
        ok t_cmp("@got", $challenge, "$name: challenge kept");
    }
    ok t_cmp($body, reference_re($cause), "$name: cause $cause on the page");
    my @missing = grep { index($body, $_) < 0 } @$words;
    ok t_cmp("@missing", '', "$name: words on the page");
    ok t_cmp($body, qr/<title>[^<]+<\/title>/, "$name: helpful page, not httpd's")
        && $body !~ /could not verify/;
}
