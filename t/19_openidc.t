# mod_auth_openidc, configured offline (static endpoints on a port nothing
# listens on): a login by redirect that answers 401 without a challenge.
# No session is no-credentials with the words of a login by redirect (not
# server-misconfigured); a dead session cookie is stale-session, known by
# its name or because the response deletes it; the module's own headers
# (no WWW-Authenticate, its Set-Cookie) go out as it made them.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(cause_of first_header json_of message raw_get slurp);

plan tests => 42, need_module qw(helpful401 auth_openidc);

my $logs = Apache::Test::vars('t_logs');
my $start = -s "$logs/cause_log" || 0;
my $DELETED = qr/^mod_auth_openidc_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT/;

# name, URL, request headers, cause, reason, the Set-Cookie wanted (undef: none)
my @cases = (
    [ 'no session', '/oidc/', [], 'no-credentials', 'nothing-sent', undef ],
    [ 'a dead session cookie', '/oidc/', [ Cookie => 'mod_auth_openidc_session=garbage' ],
      'stale-session', 'session-cookie-refused', $DELETED ],
    [ 'a dead session in chunks', '/oidc/',
      [ Cookie => 'mod_auth_openidc_session_chunks=2; mod_auth_openidc_session_0=aa; mod_auth_openidc_session_1=bb' ],
      'stale-session', 'session-cookie-refused', undef ],
    [ 'a login under way (state cookie only)', '/oidc/',
      [ Cookie => 'mod_auth_openidc_state_abc=xyz' ], 'no-credentials', 'nothing-sent', undef ],
    [ 'OIDCCookie renamed: the response deletes it', '/oidc-renamed/',
      [ Cookie => 'h401_oidc_session=garbage' ], 'stale-session', 'session-cookie-deleted',
      qr/^h401_oidc_session=; Path=\/; Expires=Thu, 01 Jan 1970/ ],
    [ 'the default action, XMLHttpRequest', '/oidc-default/',
      [ 'X-Requested-With' => 'XMLHttpRequest' ], 'no-credentials', 'nothing-sent', undef ],
);
for my $case (@cases) {
    my ($name, $url, $headers, $cause, $reason, $cookie) = @$case;
    my $res = GET $url, @$headers;
    my $body = $res->content;
    my @set_cookie = $res->header('Set-Cookie');

    ok t_cmp($res->code, 401, "$name: 401");
    ok t_cmp(scalar(() = $res->header('WWW-Authenticate')), 0, "$name: no challenge, as mod_auth_openidc answers");
    ok t_cmp(cause_of($body, 'text/html'), $cause, "$name: $cause");
    ok t_cmp($body, qr{<dt>Decided by</dt><dd><code>\Q$reason\E</code>}, "$name: decided by $reason");
    ok t_cmp(defined $cookie ? $set_cookie[0] // '' : scalar @set_cookie,
             defined $cookie ? $cookie : 0, "$name: the module's Set-Cookie, as it made it");
}

# the words of a login by redirect, not of a password box or a broken site
my $none = GET '/oidc/';
ok t_cmp(index($none->content, '<dt>Sign-in method</dt>'), -1,
         'no session: no configuration word (openid-connect) as a sign-in method');
ok t_cmp($none->content, qr{<li>Sign in from the site&#39;s home page},
         'no session: sign in, not "sign in again" (the visitor never did)');
ok t_cmp(index($none->content, message('en', 'cause.no-credentials.explanation.redirect')) >= 0 ? 1 : 0, 1,
         'no session: the explanation of a login by redirect');
ok t_cmp(index($none->content, message('en', 'remedy.allow-cookies')) >= 0 ? 1 : 0, 1,
         'no session: cookies allowed');
ok t_cmp($none->content =~ /Caps Lock|user name and password/ ? 'password words' : 'none', 'none',
         'no session: no word of a password box');

# problem+json: the same cause, an empty list of challenges
my $json = json_of(GET('/oidc/', Accept => 'application/json')->content) || {};
ok t_cmp($json->{cause}, 'no-credentials', 'JSON: no-credentials');
ok t_cmp(ref $json->{challenges} eq 'ARRAY' ? scalar @{ $json->{challenges} } : -1, 0, 'JSON: no challenges');

# the default action sends a browser to the provider: a redirect, not ours
# (sent as is: a client library would follow the redirect)
my $browser = raw_get(undef, '/oidc-default/', 'Accept: text/html');
ok t_cmp($browser->{status}, 302, 'the default action, a browser: sent to the provider');
ok t_cmp(first_header($browser, 'location') // '', qr{^https://127\.0\.0\.1:9/authorize\?},
         'the default action: to its authorization endpoint');

# the causes in the access log
my $access = '';
for (1 .. 50) {
    $access = substr(slurp("$logs/cause_log"), $start);
    last if $access =~ m{^/oidc-default/ 302 }m;
    select undef, undef, undef, 0.1;
}
ok t_cmp($access, qr{^/oidc/ 401 no-credentials openid-connect -$}m, 'access log: no session');
ok t_cmp($access, qr{^/oidc/ 401 stale-session openid-connect -$}m, 'access log: a dead session');
ok t_cmp($access, qr{^/oidc-default/ 302 - - -$}m, 'access log: the redirect is not ours');
