# The admin's own templates, per location, and their own causes.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(error_log);

plan tests => 18, need_module 'helpful401';

my $page = GET '/custom/';
ok t_cmp($page->code, 401, 'custom templates: 401');
ok t_cmp($page->header('WWW-Authenticate'), 'Basic realm="Branded area"', 'custom templates: challenge kept');
ok t_cmp($page->content, qr{<header>ACME Corporation intranet</header>}, 'custom page.html');
ok t_cmp($page->content, qr{<h1>Please sign in with your ACME account</h1>}, 'custom words over the shipped ones');
ok t_cmp($page->content, qr{<li>Check the address:}, 'words it lacks come from the shipped file');
ok t_cmp($page->content, qr{<p class="acme-contact">ACME help desk: <a href="mailto:webmaster\@example\.test">}, 'custom partial');

my $json = GET '/custom/', Accept => 'application/json';
ok t_cmp($json->content, qr/"title": "Please sign in with your ACME account"/, 'files it lacks (page.json) come from the shipped set, with its words');

my $maint = GET '/custom/', 'X-Test-Maintenance' => 'on';
ok t_cmp($maint->content, qr{<h1>The intranet is down for maintenance</h1>}, 'Helpful401Cause: the admin\'s cause');
ok t_cmp($maint->content, qr{Reference: maintenance}, 'Helpful401Cause: its id');
ok t_cmp($maint->header('WWW-Authenticate'), 'Basic realm="Branded area"', 'Helpful401Cause: challenge kept');
my $de = GET '/custom/', 'X-Test-Maintenance' => 'on', 'Accept-Language' => 'de';
ok t_cmp($de->content, qr{<h1>Das Intranet wird gerade gewartet</h1>}, 'Helpful401Cause in German');

ok t_cmp(GET('/basic/')->content, qr{<h1>This page needs you to sign in</h1>}, 'other locations keep the shipped page');

# An admin's page that renders nothing for this request: a one-line text
# page, the challenge kept, and the error log says why.
my $empty = GET '/empty-text/', Accept => 'text/plain';
ok t_cmp($empty->code, 401, 'empty page: 401');
ok t_cmp($empty->content, "401 Unauthorized\n", 'empty page: a one-line text instead');
ok t_cmp($empty->header('Content-Type'), 'text/plain; charset=utf-8', 'empty page: as text');
ok t_cmp($empty->header('WWW-Authenticate'), 'Basic realm="Empty"', 'empty page: challenge kept');
my $log = error_log();
ok t_cmp($log, qr{\[helpful401:error\] .*H401003: the page for no-credentials rendered empty},
         'empty page: the error log says which page');
ok t_cmp(GET('/empty-text/', Accept => 'text/plain', Authorization => 'Basic Ym9iOm5vcGU=')->content,
         "User name sent: bob\n", 'the same page with a user name sent: its text');
