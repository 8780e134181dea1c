# The admin's own templates, per location, and their own causes.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);

plan tests => 12, need_module 'helpful401';

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
