# The section for the site's administrator: shown to local clients by
# default, never to remote ones, and what it tells.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth reference_re);

plan tests => 36, need_module qw(helpful401 remoteip);

my $remote = [ 'X-Forwarded-For' => '203.0.113.9' ];

my $local = GET '/leftover-missing/';
my $body = $local->content;
ok t_cmp($body, qr/For the site&#39;s administrator/, 'local client: admin section');
ok t_cmp($body, qr{<code>[^<]*/htdocs/leftover-missing/\.htaccess, line 2</code>}, 'local: the .htaccess and its line');
ok t_cmp($body, qr{<dt>AuthUserFile</dt><dd><code>[^<]*/data/users-that-were-deleted \(line 4\): missing</code>}, 'local: the broken file');
ok t_cmp($body, qr{htpasswd -c [^ ]*/data/users-that-were-deleted USERNAME}, 'local: the command that fixes it');
ok t_cmp($body, qr{<dt>Decided by</dt><dd><code>htaccess-file-broken</code>}, 'local: how it was decided');

my $far = GET '/leftover-missing/', @$remote;
my $fbody = $far->content;
ok t_cmp($far->code, 401, 'remote client: 401');
ok t_cmp($fbody, reference_re('leftover-htaccess'), 'remote: the cause');
for my $secret ('htdocs', '.htaccess', 'AuthUserFile', 'users-that-were-deleted', 'For the site&#39;s administrator', 'mod_') {
    ok t_cmp(index($fbody, $secret), -1, "remote: no '$secret' on the page");
}

# Behind a proxy on the same host every visitor comes from 127.0.0.1: a
# proxy header mod_remoteip did not act on makes the request not local.
for my $via ([ 'X-Real-IP' => '203.0.113.9' ], [ Forwarded => 'for=203.0.113.9;proto=https' ],
             [ Via => '1.1 varnish' ]) {
    ok t_cmp(index(GET('/leftover-missing/', @$via)->content, 'For the site&#39;s administrator'), -1,
             "loopback through a proxy ($via->[0]): no admin section");
}
ok t_cmp(GET('/leftover-missing/', 'X-Forwarded-For' => '127.0.0.1')->content,
         qr/For the site&#39;s administrator/,
         'mod_remoteip found the real client on loopback: the admin section');

# Once a visitor types a name there, mod_authn_file cannot open the
# missing file and httpd answers 500 (AH01620): the same broken
# protection, explained, and the status stays 500.
my $typed = GET '/leftover-missing/', Authorization => basic_auth('bob:correct horse');
ok t_cmp($typed->code, 500, 'leftover .htaccess, a name typed: 500, as httpd answers');
ok t_cmp($typed->content, reference_re('leftover-htaccess'), 'leftover, 500: the broken protection explained');
ok t_cmp($typed->content, qr/Error 500/, 'leftover, 500: the status line says 500');
my $typed_json = GET '/leftover-missing/', Authorization => basic_auth('bob:correct horse'),
                     Accept => 'application/problem+json';
ok t_cmp($typed_json->content, qr/"status": 500,/, 'leftover, 500: problem+json status 500');
ok t_cmp($typed_json->content, qr/"cause": "leftover-htaccess"/, 'leftover, 500: problem+json cause');
ok t_cmp($typed->content, qr{htpasswd -c [^ ]*/data/users-that-were-deleted USERNAME}, 'leftover, 500: the fix for the admin');

# A Basic area with no AuthUserFile at all: the same broken protection,
# before and after a name is typed (then httpd answers 500, AH01619).
my $nofile = GET '/no-user-file/';
ok t_cmp($nofile->code, 401, 'no AuthUserFile: 401 with its challenge');
ok t_cmp($nofile->header('WWW-Authenticate'), 'Basic realm="Forgotten file"', 'no AuthUserFile: the challenge kept');
ok t_cmp($nofile->content, reference_re('leftover-htaccess'), 'no AuthUserFile: the broken protection');
ok t_cmp($nofile->content, qr{<dt>Decided by</dt><dd><code>no-auth-user-file</code>}, 'no AuthUserFile: decided by no-auth-user-file');
ok t_cmp($nofile->content, qr{AH01619}, 'no AuthUserFile: the admin is told of the 500 to come');
my $nofile_typed = GET '/no-user-file/', Authorization => basic_auth('bob:correct horse');
ok t_cmp($nofile_typed->code, 500, 'no AuthUserFile, a name typed: 500, as httpd answers');
ok t_cmp($nofile_typed->content, reference_re('leftover-htaccess'), 'no AuthUserFile, 500: explained');
ok t_cmp(GET('/no-user-file/', Authorization => basic_auth('bob:correct horse'), @$remote)->content,
         qr/^(?!.*AH01619)/s, 'no AuthUserFile, remote: no admin detail');

my $bad = GET '/basic/', @$remote, Authorization => basic_auth('nosuchuser:x');
ok t_cmp($bad->content, reference_re('bad-credentials'), 'remote, unknown user: bad-credentials');
ok t_cmp($bad->content !~ /unknown|does not exist|no such user/i ? 1 : 0, 1,
         'remote, unknown user: nothing tells whether the user exists');

ok t_cmp(index(GET('/leftover-missing/detail-off/')->content, 'For the site&#39;s administrator'), -1,
         'Helpful401Detail Off: none, even locally');
ok t_cmp(index(GET('/detail-expr/')->content, 'For the site&#39;s administrator'), -1,
         'Helpful401Detail expr= false: none');
ok t_cmp(GET('/detail-expr/', 'X-Admin' => 'yes')->content, qr/For the site&#39;s administrator/,
         'Helpful401Detail expr= true: shown');
