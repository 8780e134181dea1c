# Bearer APIs behind mod_rewrite + mod_headers: the challenge comes from
# "Header always set", tokens expire, and the page says when.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth jwt reference_re);

plan tests => 29, need_module qw(helpful401 rewrite headers);

# A token with these claims (values as JSON), in the order of their names.
sub jwt_with {
    my %claims = @_;
    return jwt('{' . join(',', map { qq{"$_":$claims{$_}} } sort keys %claims) . '}');
}

my $now = time;
my $challenge = 'Bearer realm="api"';
my @cases = (
    # name, Authorization, cause, words
    [ 'no token', undef, 'no-credentials', [ 'This address needs an access token' ] ],
    [ 'JWT expired two hours ago', 'Bearer ' . jwt_with(sub => '"u1"', exp => $now - 7200 - 30),
      'expired-token', [ 'Your access token has expired', 'expired 2 hours ago' ] ],
    [ 'JWT valid only in three days', 'Bearer ' . jwt_with(nbf => $now + 3 * 86400 + 600, exp => $now + 9 * 86400),
      'expired-token', [ 'Your access token is not valid yet', 'becomes valid in 3 days' ] ],
    [ 'JWT expired within the clock skew', 'Bearer ' . jwt_with(exp => $now - 20),
      'bad-credentials', [ 'was not accepted' ] ],
    [ 'unexpired JWT refused', 'Bearer ' . jwt_with(exp => $now + 3600),
      'bad-credentials', [ 'was not accepted' ] ],
    [ 'opaque token refused', 'Bearer 8f14e45fceea167a5a36dedd4bea2543',
      'bad-credentials', [ 'was not accepted' ] ],
    [ 'Basic sent to a Bearer API', basic_auth('bob:x'),
      'wrong-scheme', [ 'only takes Bearer sign-in' ] ],
    [ 'JWT with absurd claims', 'Bearer ' . jwt_with(exp => '1e999', nbf => '-99999999999999999999'),
      'bad-credentials', [ 'was not accepted' ] ],
);

for my $case (@cases) {
    my ($name, $auth, $cause, $words) = @$case;
    my $res = GET '/api/orders', defined $auth ? (Authorization => $auth) : ();
    my $body = $res->content;
    ok t_cmp($res->code, 401, "$name: 401");
    ok t_cmp(join('|', $res->header('WWW-Authenticate')), $challenge,
             "$name: the challenge of 'Header always set', once, byte for byte");
    my @missing = grep { index($body, $_) < 0 } @$words;
    ok t_cmp("$cause @missing", "$cause ", "$name: $cause and its words")
        && $body =~ reference_re($cause);
}

# an API client with an expired token is told to get a new one, not to
# sign in again from a sign-in page that a token API does not have
my $expired = GET '/api/orders', Authorization => 'Bearer ' . jwt_with(exp => $now - 7200 - 30),
                  Accept => 'application/problem+json';
ok t_cmp($expired->content, qr/"remedies": \[\n\s+"[^"]*fetch a fresh token/,
         'expired token, problem+json: the first remedy is a new token');
ok t_cmp(index($expired->content, 'sign-in page'), -1, 'expired token: no sign-in page to go to');

my $ok = GET '/api/orders', Authorization => 'Bearer good-token';
ok t_cmp($ok->code, 404, 'the right token passes the rewrite (then 404: no such file)');
my $vary = GET '/api/orders';
ok t_cmp($vary->header('Vary'), qr/^Origin,\s*Accept,\s*Accept-Language$/, 'the Vary mod_headers set, with the page\'s merged in');
ok t_cmp($vary->header('WWW-Authenticate'), $challenge, 'mod_headers challenge kept with Vary');
