# What the module tells the admin: HELPFUL401_* in the request's
# environment (so a LogFormat can show them) and one line in the error log.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth slurp error_log);

plan tests => 11, need_module 'helpful401';

my $logs = Apache::Test::vars('t_logs');
# only what this run writes: the log may hold an earlier run's lines
my $start = -s "$logs/cause_log" || 0;

GET '/basic/logcheck-none';
GET '/basic/logcheck-bad', Authorization => basic_auth('bob:nope');
GET '/leftover-missing/logcheck';
my $recur = GET '/recur/logcheck';
GET '/off/logcheck';

# httpd writes a request's log line after its response: wait for the last
my $access = '';
for (1 .. 100) {
    $access = substr(slurp("$logs/cause_log"), $start);
    last if $access =~ m{^/off/logcheck }m;
    select undef, undef, undef, 0.1;
}
ok t_cmp($access, qr{^/basic/logcheck-none 401 no-credentials Basic Staff area$}m,
         'LogFormat %<{HELPFUL401_CAUSE}e, _SCHEME and _REALM');
ok t_cmp($access, qr{^/basic/logcheck-bad 401 bad-credentials Basic Staff area$}m,
         'LogFormat: refused password');
ok t_cmp($access, qr{^/leftover-missing/logcheck 401 leftover-htaccess Basic Old members$}m,
         'LogFormat: leftover .htaccess');
ok t_cmp($access, qr{^/off/logcheck 401 - - -$}m, 'Helpful401 Off: nothing exported');

# an ErrorDocument refused in turn: the page, the challenge and the log
# all speak of the area whose challenge went out
ok t_cmp($recur->code, 401, 'ErrorDocument refused in turn: 401');
ok t_cmp($recur->header('WWW-Authenticate'), 'Basic realm="Inner area"',
         'ErrorDocument refused in turn: the challenge sent');
ok t_cmp($recur->content, qr{<dd>Inner area</dd>}, 'ErrorDocument refused in turn: the page');
ok t_cmp($access, qr{^/recur/logcheck 401 no-credentials Basic Inner area$}m,
         'ErrorDocument refused in turn: the log, as the page');

my $errors = error_log();
ok t_cmp($errors, qr{\[helpful401:info\] .*H401002: cause=no-credentials reason=nothing-sent url=/basic/logcheck-none$}m,
         'error log: cause and URL at helpful401:info');
ok t_cmp($errors, qr{\[helpful401:info\] .*H401001: cause=leftover-htaccess url=/leftover-missing/logcheck htaccess=\S+/htdocs/leftover-missing/\.htaccess:2 AuthUserFile=\S+/data/users-that-were-deleted \(line 4: missing\)$}m,
         'error log: the .htaccess, its line and the missing file');
ok t_cmp(scalar(() = $errors =~ m{url=/off/logcheck}g), 0, 'Helpful401 Off: nothing logged');
