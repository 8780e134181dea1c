# A password record that can never match: the AuthUserFile line of the
# user sent holds a value apr cannot verify on this system (plain text, an
# LDAP {SSHA}, an Argon2 hash). The visitor reads bad-credentials and
# nothing of the file or whether the account exists; the admin's section
# names the file, the line and why; the error log says it once per file.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth cause_of error_log slurp);

plan tests => 39, need_module qw(helpful401 authn_file auth_basic);

my $logs = Apache::Test::vars('t_logs');
my $errors_start = length error_log();
my $access_start = -s "$logs/cause_log" || 0;
# one connection, so one child: its warning is the one to count
Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

my @REMOTE = ("X-Forwarded-For" => "203.0.113.9");

# name, URL, user:password, realm, the file, its line, why
my @broken = (
    [ 'plain text', '/password-plain/', 'bob:secret', 'Plain area', 'plain-users', 3,
      qr/is stored as plain text, which apr checks only on Windows/ ],
    [ 'LDAP {SSHA}', '/password-ssha/', 'carol:whatever', 'LDAP area', 'ssha-users', 2,
      qr/is stored as \{SSHA\}, which apr does not know/ ],
    [ 'Argon2, from an .htaccess', '/password-htaccess/', 'dave:whatever', 'Argon area',
      'argon2-users', 1, qr/is stored as \$argon2id\$, which neither apr nor this system/ ],
);
for my $case (@broken) {
    my ($name, $url, $credentials, $realm, $file, $line, $why) = @$case;
    my ($user) = split /:/, $credentials;

    # a visitor from elsewhere: bad-credentials, and not a word more
    my $far = GET $url, Authorization => basic_auth($credentials), @REMOTE;
    my $body = $far->content;
    ok t_cmp($far->code, 401, "$name, remote: 401");
    ok t_cmp($far->header('WWW-Authenticate'), qq{Basic realm="$realm"},
             "$name, remote: the challenge as httpd made it");
    ok t_cmp(cause_of($body, 'text/html'), 'bad-credentials', "$name, remote: bad-credentials");
    ok t_cmp($body =~ /\Q$file\E|line $line|apr|htpasswd|AuthUserFile/ ? 'tells' : 'silent',
             'silent', "$name, remote: nothing of the file, the line or why");

    # the admin on the host itself: the file, the line and why
    my $near = GET $url, Authorization => basic_auth($credentials);
    $body = $near->content;
    ok t_cmp(cause_of($body, 'text/html'), 'bad-credentials', "$name, local: still bad-credentials");
    ok t_cmp($body, qr{<dt>AuthUserFile</dt><dd><code>[^<]*/data/\Q$file\E \(line $line\): [^<]*</code>},
             "$name, local: the section names the file and the line");
    ok t_cmp($body, $why, "$name, local: and why");
    ok t_cmp($body, qr{line $line of [^<]*/data/\Q$file\E: the password of &#39;\Q$user\E&#39; [^<]*htpasswd -B [^<]*\Q$file\E \Q$user\E},
             "$name, local: the next step: hash it with htpasswd -B");

    # again: the warning is not repeated
    GET $url, Authorization => basic_auth($credentials);
}

# users whose records are in order, or who have none: as before
my @fine = (
    [ 'a hashed user, wrong password', '/password-plain/', 'alice:nope' ],
    [ 'an unknown user', '/password-plain/', 'mallory:secret' ],
);
for my $case (@fine) {
    my ($name, $url, $credentials) = @$case;
    my $res = GET $url, Authorization => basic_auth($credentials);
    ok t_cmp(cause_of($res->content, 'text/html'), 'bad-credentials', "$name: bad-credentials");
    ok t_cmp(index($res->content, '<dt>AuthUserFile</dt>'), -1, "$name: no word of a record");
    ok t_cmp($res->content, qr/See the auth module&#39;s error log line/, "$name: the usual next step");
}
my $in = GET '/password-plain/', Authorization => basic_auth('alice:wonderland');
ok t_cmp($in->code, 200, 'a hashed user, right password: in');

# the error log: once per file, with the line and why
my $errors = substr(error_log(), $errors_start);
for my $case (@broken) {
    my ($name, undef, $credentials, undef, $file, $line) = @$case;
    my ($user) = split /:/, $credentials;
    my @warned = $errors =~ /(H401012: line \Q$line\E of \S*\/data\/\Q$file\E: the password of '\Q$user\E' .*)$/mg;
    ok t_cmp(scalar @warned, 1, "$name: H401012 once for the file");
    ok t_cmp($warned[0] // '', qr/hash it with htpasswd -B \S+\Q$file\E \Q$user\E; nobody can log in as that user/,
             "$name: the warning says how to fix it");
}
ok t_cmp($errors =~ /H401012[^\n]*(alice|mallory)/ ? 'warned' : 'not', 'not',
         'no warning for a hashed or an unknown user');

# the cause in the access log
my $access = '';
for (1 .. 50) {
    $access = substr(slurp("$logs/cause_log"), $access_start);
    last if $access =~ m{^/password-plain/ 200 }m;
    select undef, undef, undef, 0.1;
}
ok t_cmp($access, qr{^/password-plain/ 401 bad-credentials Basic Plain area$}m,
         'HELPFUL401_CAUSE in the access log: bad-credentials');
