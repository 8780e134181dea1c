# The real directory and database stacks: mod_authnz_ldap against the
# suite's own slapd (tools/slapd.sh, dc=example,dc=test), and mod_authn_dbd
# with mod_authz_dbd on SQLite through mod_dbd (t/data/dbd.sql). A refused
# password, or a user the directory does not know, is bad-credentials and
# the page does not tell the two apart; a right password that the group
# check refuses is not-permitted; a member gets in.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth cause_of without_request_id slurp);

my @cases = (
    # name, url, user:password, status, realm, cause, words on the page
    [ 'LDAP, wrong password', '/ldap/', 'bob:nope', 401, 'LDAP area', 'bad-credentials',
      qr{<h1>Your user name or password was not accepted</h1>} ],
    [ 'LDAP, unknown user', '/ldap/', 'mallory:nope', 401, 'LDAP area', 'bad-credentials',
      qr{for the user name “mallory”} ],
    [ 'LDAP, bob outside cn=admins', '/ldap-admins/', 'bob:correct horse', 401, 'LDAP admins', 'not-permitted',
      qr{<h1>You are signed in as “bob” and your password was accepted, but this account may not open this page</h1>} ],
    [ 'LDAP, alice in cn=admins', '/ldap-admins/', 'alice:wonderland', 200, undef, undef,
      qr{Behind ldap-admins} ],
    [ 'DBD, wrong password', '/dbd-admins/', 'bob:nope', 401, 'DBD admins', 'bad-credentials',
      qr{<h1>Your user name or password was not accepted</h1>} ],
    [ 'DBD, bob outside admins', '/dbd-admins/', 'bob:correct horse', 401, 'DBD admins', 'not-permitted',
      qr{<h1>You are signed in as “bob” and your password was accepted, but this account may not open this page</h1>} ],
    [ 'DBD, alice in admins', '/dbd-admins/', 'alice:wonderland', 200, undef, undef,
      qr{Behind dbd-admins} ],
);

plan tests => 6 * @cases + 4,
    need need_module(qw(helpful401 ldap authnz_ldap dbd authn_dbd authz_dbd)),
         { 'the suite\'s slapd (tools/apache-test.sh starts it)' => !!$ENV{H401_LDAP_PORT} };

my $logs = Apache::Test::vars('t_logs');
my $start = -s "$logs/cause_log" || 0;
my %page;

for my $case (@cases) {
    my ($name, $url, $user, $status, $realm, $cause, $words) = @$case;
    my $res = GET $url, Authorization => basic_auth($user);
    my $body = $res->content;
    $page{$name} = $body;
    ok t_cmp($res->code, $status, "$name: $status");
    ok t_cmp($res->header('WWW-Authenticate'), defined $realm ? qq{Basic realm="$realm"} : undef,
             "$name: the challenge, byte for byte");
    ok t_cmp(cause_of($body, 'text/html'), $cause, "$name: the cause on the page");
    ok t_cmp($body, $words, "$name: the words");
    ok t_cmp(index($body, 'Caps Lock') >= 0 ? 'retype' : 'no retype',
             defined $cause && $cause eq 'bad-credentials' ? 'retype' : 'no retype',
             "$name: told to retype the password only when it was refused");
}

# Each request's line in the access log (the path, the status, then
# cause scheme realm; a 200 is logged for the index page it ends on),
# read once httpd has written them all: it logs after it answered.
my $access = '';
for (1 .. 50) {
    $access = substr(slurp("$logs/cause_log"), $start);
    last if ($access =~ tr/\n//) >= @cases;
    select undef, undef, undef, 0.1;
}
my @lines = split /\n/, $access;
for my $i (0 .. $#cases) {
    my ($name, $url, $user, $status, $realm, $cause) = @{ $cases[$i] };
    my $line = defined $cause ? "$url $status $cause Basic $realm" : "${url}index.html $status - - -";
    ok t_cmp($lines[$i], $line, "$name: HELPFUL401_CAUSE in the access log");
}

# A user the directory does not know gets the page of a known user whose
# password was wrong, word for word but for the name sent.
(my $unknown = without_request_id($page{'LDAP, unknown user'})) =~ s/mallory/NAME/g;
my $known = without_request_id(GET('/ldap/', Authorization => basic_auth('bob:nope'))->content);
$known =~ s/\bbob\b/NAME/g;
ok t_cmp($unknown, $known, 'LDAP: an unknown user\'s page is a known user\'s with a wrong password');
ok t_cmp($unknown =~ /not found|no such|unknown user|does not exist|not exist/i ? 'says' : 'silent',
         'silent', 'LDAP: no word of whether the user exists');
# and the same from afar, where no admin section is shown
my $far = GET '/ldap/', Authorization => basic_auth('mallory:nope'), 'X-Forwarded-For' => '203.0.113.9';
ok t_cmp(cause_of($far->content, 'text/html'), 'bad-credentials', 'LDAP, unknown user, remote: bad-credentials');
ok t_cmp($far->content =~ /not found|no such|unknown user|does not exist/i ? 'says' : 'silent',
         'silent', 'LDAP, unknown user, remote: no word of whether the user exists');
