# The admin's own templates, per location, and their own causes.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET HEAD);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(error_log);

plan tests => 27 + 8 + 3 + 3 + 10 + 2, need_module 'helpful401';

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
# Its words are in English and German only: a French or Japanese visitor
# gets the whole page in their next choice among those, else the default
# (English), never French around English words.
for my $case ([ 'fr', 'en', qr{<h1>The intranet is down for maintenance</h1>} ],
              [ 'fr, de;q=0.5', 'de', qr{<h1>Das Intranet wird gerade gewartet</h1>} ],
              [ 'ja', 'en', qr{<h1>The intranet is down for maintenance</h1>} ]) {
    my ($asked, $lang, $h1) = @$case;
    my $res = GET '/custom/', 'X-Test-Maintenance' => 'on', 'Accept-Language' => $asked;
    ok t_cmp($res->content, $h1, "words in en and de only, '$asked' asked: the cause in $lang");
    ok t_cmp($res->content, qr{<html lang="\Q$lang\E">}, "'$asked' asked: <html lang=\"$lang\">");
    ok t_cmp($res->header('Content-Language'), $lang, "'$asked' asked: Content-Language $lang");
}
ok t_cmp(GET('/custom/', 'Accept-Language' => 'fr')->content, qr{<html lang="fr">},
         'a built-in cause in French still: every language has its words');

# A region's directory (de-CH, spelt with a capital, as admins write it)
# serves visitors who ask for it, and takes what it lacks from de.
my $ch = GET '/custom/', 'X-Test-Maintenance' => 'on', 'Accept-Language' => 'de-CH, de;q=0.8';
ok t_cmp($ch->content, qr{<html lang="de-ch">}, 'de-CH: its own directory');
ok t_cmp($ch->content, qr{<h1>Das Intranet wird gerade gewartet \(Schweiz\)</h1>}, 'de-CH: its own words');
ok t_cmp($ch->content, qr{Während des Updates ist die Anmeldung abgeschaltet}, 'de-CH: what it lacks from de, not English');
my $ch_basic = GET '/custom/', 'Accept-Language' => 'de-ch';
ok t_cmp($ch_basic->content, qr{<h1>Bitte melden Sie sich mit Ihrem ACME-Konto an</h1>}, 'de-CH: the set\'s de words for a built-in cause');

ok t_cmp(GET('/basic/')->content, qr{<h1>This page needs you to sign in</h1>}, 'other locations keep the shipped page');

# An admin's page that renders nothing for this request: httpd's own page
# goes out instead, untouched (the README's promise), the challenge kept
# byte for byte, and the error log says why. /off/ is httpd's page for the
# same 401 with the module Off.
my $empty = GET '/empty-text/', Accept => 'text/plain';
my $stock = GET '/off/';
ok t_cmp($empty->code, 401, 'empty page: 401');
ok t_cmp($empty->content, qr{<p>This server could not verify that you\nare authorized}, "empty page: httpd's own page instead");
ok t_cmp($empty->content, $stock->content, "empty page: httpd's page byte for byte");
ok t_cmp($empty->header('Content-Type'), 'text/html; charset=iso-8859-1', "empty page: httpd's Content-Type");
ok t_cmp($empty->header('WWW-Authenticate'), 'Basic realm="Empty"', 'empty page: challenge kept');
ok t_cmp($empty->header('Content-Language'), undef, 'empty page: no header of ours');
my $empty_head = HEAD '/empty-text/', Accept => 'text/plain';
my $stock_head = HEAD '/off/';
ok t_cmp($empty_head->header('Content-Type'), 'text/html; charset=iso-8859-1', "empty page, HEAD: httpd's Content-Type");
ok t_cmp($empty_head->header('Content-Length'), $stock_head->header('Content-Length'), "empty page, HEAD: httpd's Content-Length (none)");
ok t_cmp($empty_head->header('WWW-Authenticate'), 'Basic realm="Empty"', 'empty page, HEAD: challenge kept');
my $log = error_log();
ok t_cmp($log, qr{\[helpful401:error\] .*H401003: the page for no-credentials rendered empty \(check the templates\); sending httpd's own page},
         'empty page: the error log says which page, and what went out');
ok t_cmp(GET('/empty-text/', Accept => 'text/plain', Authorization => 'Basic Ym9iOm5vcGU=')->content,
         "User name sent: bob\n", 'the same page with a user name sent: its text');

# The shipped page's hooks: a set with only partials/head.html,
# header.html and footer.html gets the shipped page with them in place;
# the shipped partials are empty.
my $brand = GET '/brand/';
ok t_cmp($brand->content, qr{</style>\n<style>:root\{--accent:#7a1fa2\}</style>\n</head>}, 'head.html: at the end of <head>, after the shipped style');
ok t_cmp($brand->content, qr{<main>\n<header class="brand"><img src="/logo\.svg" alt="Example Corp"[^>]*></header>\n<div class="card">}, 'header.html: above the card');
ok t_cmp($brand->content, qr{</footer>\n<p class="brand-footer">Example Corp, <a href="https://www\.example\.test/privacy">privacy</a></p>\n</main>}, 'footer.html: below the reference line');
ok t_cmp($brand->content, qr{<h1>This page needs you to sign in</h1>}, 'the shipped page and words');
my $plain = GET('/basic/')->content;
ok t_cmp($plain, qr{</style>\n</head>\n<body>\n<main>\n<div class="card">}, 'the shipped partials add nothing');
ok t_cmp($plain, qr{</footer>\n</main>}, 'the shipped footer partial adds nothing');
# one accent colour: the button and the links take it in light and dark
ok t_cmp($plain, qr#\.action\{[^}]*background:var\(--accent\)#, 'the button uses --accent');
ok t_cmp($plain, qr#\(prefers-color-scheme:dark\)\{:root\{(?![^}]*--accent:)[^}]*--link:color-mix\(in srgb,var\(--accent\)#, 'dark theme: links derived from the same --accent, which it does not set');

# An admin's link in a remedy: a link in HTML, words and address in text
# and JSON, escaped in each; resolved when the configuration was read.
ok t_cmp($brand->content, qr{<li>Forgot your password\? <a href="https://id\.example\.test/reset\?from=401&amp;lang=en">Reset it here</a>, or <a href="tel:\+4930123456">call the help desk</a>\.</li>},
         'a link in a remedy: HTML');
ok t_cmp(GET('/brand/', Accept => 'text/plain')->content,
         qr{Forgot your password\? Reset it here \(https://id\.example\.test/reset\?from=401&lang=en\), or call the help desk \(tel:\+4930123456\)\.},
         'a link in a remedy: text');
ok t_cmp(GET('/brand/', Accept => 'application/json')->content,
         qr{"Forgot your password\? Reset it here \(https://id\.example\.test/reset\?from=401&lang=en\), or call the help desk \(tel:\+4930123456\)\."},
         'a link in a remedy: JSON');

# Helpful401Contact with a name: the name is the link's text, the text
# answer gives both.
ok t_cmp($brand->content, qr{<dd><a href="tel:\+4930123456">IT help desk</a></dd>}, 'a named contact: the name, linking to tel:');
ok t_cmp(GET('/brand/', Accept => 'text/plain')->content, qr{\nSite contact: IT help desk \(\+4930123456\)\n}, 'a named contact in text: name and number');
ok t_cmp(GET('/basic/', Accept => 'text/plain')->content, qr{\nSite contact: webmaster\@example\.test\n}, 'an unnamed contact in text: the address, as before');
ok t_cmp(GET('/brand/', Accept => 'application/problem+json')->content,
         qr{"contact": "tel:\+4930123456",\n  "contact_name": "IT help desk"}, 'a named contact in JSON: address and name');
ok t_cmp(index(GET('/basic/', Accept => 'application/problem+json')->content, 'contact_name'), -1,
         'an unnamed contact in JSON: no contact_name');
