# Signed in, but not allowed, on the real providers: a right password that
# Require user, Require group (mod_authz_groupfile), Require expr or a
# Digest area's Require refuses is not-permitted, never "the password was
# wrong"; a 401 after authorization let the user in is not a refusal of
# the user. And a Negotiate-only area speaks of single sign-on.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth cause_of message error_log slurp);

plan tests => 48, need_module qw(helpful401 authz_user authz_groupfile auth_digest rewrite headers);

my $bob = basic_auth('bob:correct horse');
my $logs = Apache::Test::vars('t_logs');
my $start = -s "$logs/cause_log" || 0;

my @refused = (
    [ 'Require user',  '/only-alice/', 'Alice only' ],
    [ 'Require group', '/admins/',     'Admins' ],
    [ 'Require expr',  '/expr-alice/', 'Expression' ],
);
for my $case (@refused) {
    my ($name, $url, $realm) = @$case;
    my $res = GET $url, Authorization => $bob;
    my $body = $res->content;
    ok t_cmp($res->code, 401, "$name: 401");
    ok t_cmp($res->header('WWW-Authenticate'), qq{Basic realm="$realm"}, "$name: the challenge, byte for byte");
    ok t_cmp(cause_of($body, 'text/html'), 'not-permitted', "$name: not-permitted");
    ok t_cmp($body, qr{<h1>You are signed in as “bob” and your password was accepted, but this account may not open this page</h1>},
             "$name: signed in as bob, the password accepted");
    ok t_cmp(index($body, 'Caps Lock'), -1, "$name: not told to retype the password");
    ok t_cmp($body, qr/AuthzSendForbiddenOnFailure On/, "$name: the admin section names the 403 switch");
    ok t_cmp($body, qr/AH01631/, "$name: the admin section names the log line that says why");
}

# the same area, a wrong password: as before
my $wrong = GET '/only-alice/', Authorization => basic_auth('bob:nope');
ok t_cmp(cause_of($wrong->content, 'text/html'), 'bad-credentials', 'Require user, wrong password: bad-credentials');

# problem+json and text
my $json = GET '/only-alice/', Authorization => $bob, Accept => 'application/problem+json';
ok t_cmp($json->content, qr/"cause": "not-permitted"/, 'JSON: not-permitted');
my $text = GET '/admins/', Authorization => $bob, Accept => 'text/plain';
ok t_cmp($text->content, qr/signed in as “bob”/, 'text: signed in as bob');

# a remote visitor is told the same, without the admin section
my $far = GET '/only-alice/', Authorization => $bob, 'X-Forwarded-For' => '203.0.113.9';
ok t_cmp(cause_of($far->content, 'text/html'), 'not-permitted', 'remote: not-permitted too');
ok t_cmp(index($far->content, 'AuthzSendForbiddenOnFailure'), -1, 'remote: no admin section');

# Digest, answered by a real Digest client (LWP) as dave, whom the area's
# Require user carol refuses after his password was checked
# (curl answers the Digest challenge itself, as a browser does)
my $digest = curl_digest('/digest-carol/', 'dave:secret');
ok t_cmp($digest->{status}, 401, 'Digest, dave: 401');
ok t_cmp($digest->{sent}, qr/^Authorization: Digest username="dave"/m, 'Digest, dave: the client answered the challenge');
ok t_cmp(cause_of($digest->{body}, 'text/html'), 'not-permitted', 'Digest, dave: not-permitted');
ok t_cmp($digest->{body}, qr/signed in as “dave”/, 'Digest, dave: named');
my $digest_wrong = curl_digest('/digest-carol/', 'dave:wrong');
ok t_cmp(cause_of($digest_wrong->{body}, 'text/html'), 'bad-credentials', 'Digest, wrong password: bad-credentials');

# a 401 from a fixup (mod_rewrite) after authorization passed
my $after = GET '/rewrite-after-login/', Authorization => $bob;
ok t_cmp($after->code, 401, 'R=401 after login: 401');
ok t_cmp(cause_of($after->content, 'text/html') ne 'not-permitted' ? 1 : 0, 1,
         'R=401 after login: not taken for a refusal of the user');

# environment and log
my $access = substr(slurp("$logs/cause_log"), $start);
ok t_cmp($access, qr{^/only-alice/ 401 not-permitted Basic Alice only$}m, 'HELPFUL401_CAUSE in the access log');
ok t_cmp(error_log(), qr{H401002: cause=not-permitted reason=authz-refused url=/admins/}, 'error log: cause and reason');

# -- a Negotiate-only area: single sign-on words, never passwords
my @negotiate = (
    [ 'nothing sent', [], 'no-credentials', 'negotiate-no-ticket' ],
    [ 'an NTLM token', [ Authorization => 'Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==' ],
      'no-credentials', 'negotiate-ntlm' ],
    [ 'a token that is not base64', [ Authorization => 'Negotiate ***not base64***' ],
      'malformed-credentials', 'unreadable-credentials' ],
);
for my $case (@negotiate) {
    my ($name, $headers, $cause, $reason) = @$case;
    my $res = GET '/negotiate/', @$headers;
    my $body = $res->content;
    ok t_cmp($res->header('WWW-Authenticate'), 'Negotiate', "Negotiate, $name: the challenge");
    ok t_cmp(cause_of($body, 'text/html'), $cause, "Negotiate, $name: $cause");
    ok t_cmp($body, qr{<dt>Decided by</dt><dd><code>\Q$reason\E</code>}, "Negotiate, $name: decided by $reason");
    ok t_cmp($body =~ /password|Caps Lock/i ? 'speaks of passwords' : 'no password', 'no password',
             "Negotiate, $name: no word of passwords");
}
my $sso = GET '/negotiate/';
ok t_cmp($sso->content, qr{AuthServerAllowlist}, 'Negotiate, nothing sent: how to let the browser sign in');

# curl --digest: the last response's status and body, and what curl sent.
# The body goes to a file of its own: on one pipe with curl's -v lines,
# a page over curl's 4 KB buffer came back with a line of curl's inside.
sub curl_digest {
    my ($path, $user) = @_;
    my $url = Apache::TestRequest::resolve_url($path);
    my $file = Apache::Test::vars('t_logs') . '/curl-digest-body';
    my $out = `curl -s -v --digest -u '$user' -o '$file' '$url' 2>&1`;
    my @sent = $out =~ /^> (.*?)\r?$/mg;
    my ($status) = ($out =~ /^< HTTP\/[\d.]+ (\d{3})/mg)[-1];
    return { status => $status, sent => join("\n", @sent), body => slurp($file) };
}
