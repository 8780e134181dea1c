# A local ErrorDocument 401 is the admin's page: it is served as it is and
# reads the cause. Covers a CGI page and mod_auth_form's login form (SSI)
# with a mod_session cookie.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET POST);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth);

plan tests => 21, need need_module(qw(helpful401 auth_form session_cookie include)), need_cgi;

# -- CGI ErrorDocument
my $cgi = GET '/cgierr/';
ok t_cmp($cgi->code, 401, 'CGI ErrorDocument: status stays 401');
ok t_cmp($cgi->header('WWW-Authenticate'), 'Basic realm="CGI area"', 'CGI ErrorDocument: challenge kept');
ok t_cmp($cgi->content, qr/^REDIRECT_HELPFUL401_CAUSE=no-credentials$/m, 'CGI ErrorDocument: reads the cause');
ok t_cmp($cgi->content, qr/^REDIRECT_HELPFUL401_REALM=CGI area$/m, 'CGI ErrorDocument: reads the realm');
ok t_cmp($cgi->content, qr/^HELPFUL401_CAUSE=no-credentials$/m, 'CGI ErrorDocument: HELPFUL401_CAUSE too');
ok t_cmp(index($cgi->content, '<html'), -1, 'CGI ErrorDocument: the admin page, not ours');

my $cgi_bad = GET '/cgierr/', Authorization => basic_auth('bob:nope');
ok t_cmp($cgi_bad->content, qr/^REDIRECT_HELPFUL401_CAUSE=bad-credentials$/m, 'CGI ErrorDocument: refused password');

# -- mod_auth_form + mod_session, the login form as ErrorDocument (SSI)
my $form = GET '/form/';
ok t_cmp($form->code, 401, 'form login: 401');
ok t_cmp($form->header('WWW-Authenticate'), undef, 'form login: no challenge invented');
ok t_cmp($form->content, qr/<p id="cause">cause=no-credentials<\/p>/, 'form login: SSI reads no-credentials');
ok t_cmp($form->content, qr/<form method="post" action="\/dologin">/, 'form login: the admin login form');

# a real login works, so the area is set up right
my $login = POST '/dologin', content => 'httpd_username=bob&httpd_password=correct+horse';
ok t_cmp($login->code, 302, 'form login: login redirects');
my ($cookie) = ($login->header('Set-Cookie') || '') =~ /^(session=[^;]*)/;
ok t_cmp($cookie, qr/^session=.+/, 'form login: session cookie set');
my $in = GET '/form/', Cookie => $cookie;
ok t_cmp($in->code, 200, 'form login: the session logs in');
ok t_cmp($in->content, "<p>secret form</p>\n", 'form login: the protected page');

# the same session once it has expired: mod_session drops it
(my $expired = $cookie) =~ s/expiry=\d+/expiry=1000000/;
ok t_cmp($expired, qr/expiry=1000000/, 'form login: cookie carries an expiry');
my $stale = GET '/form/', Cookie => $expired;
ok t_cmp($stale->code, 401, 'expired session: 401');
ok t_cmp($stale->content, qr/<p id="cause">cause=stale-session<\/p>/, 'expired session: SSI reads stale-session');
ok t_cmp($stale->content, qr/<p id="stale">Your session has ended/, 'expired session: the README\'s #if example');
ok t_cmp(index($form->content, 'id="stale"'), -1, 'no session: the #if branch stays out');

my $logout = GET '/form/', Cookie => 'session=';
ok t_cmp($logout->content, qr/cause=no-credentials/, 'empty session cookie: no-credentials');
