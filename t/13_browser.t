# The page in a real browser: headless Chromium loads it from the test
# server, with the module's own headers, and must render
# its title and log no console error.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Temp qw(tempdir);

my $chromium = (grep { -x } '/usr/bin/chromium', '/usr/bin/chromium-browser')[0];

plan tests => 12, need_module 'helpful401',
    need { 'chromium (Debian package chromium)' => defined $chromium };

my $base = 'http://' . Apache::Test::vars('servername') . ':' . Apache::Test::vars('port');

# Headless Chromium has no login box: a Basic or Digest challenge fails
# the load (ERR_INVALID_AUTH_CREDENTIALS), as cancelling the box would
# not. A Bearer challenge, a form login and no challenge show the page.
for my $case ([ '/api/orders', 'This address needs an access token' ],
              [ '/app/data', 'This page cannot be opened because of a problem on the site' ],
              [ '/form-plain/', 'This page needs you to sign in' ]) {
    my ($path, $title) = @$case;
    my ($dom, $log) = chromium_dump("$base$path");
    ok t_cmp($dom, qr{<title>\Q$title\E</title>}, "$path: rendered with its title");
    ok t_cmp($dom, qr{<h1>\Q$title\E</h1>}, "$path: the headline in the DOM");
    my @errors = grep { /CONSOLE|Refused to|Content Security Policy|Uncaught/ } split /\n/, $log;
    ok t_cmp(scalar(@errors), 0, "$path: no console error")
        or print map { "# $_\n" } @errors;
    ok t_cmp($dom, qr{<html lang="en">}, "$path: lang attribute");
}

sub chromium_dump {
    my $url = shift;
    my $profile = tempdir(CLEANUP => 1);
    my @cmd = ($chromium, qw(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
                 --disable-background-networking --disable-component-update --disable-sync
                 --enable-logging=stderr --v=0), "--user-data-dir=$profile", '--dump-dom', $url);
    my $errfile = "$profile/stderr";
    open my $save, '>&', \*STDERR or die;
    open STDERR, '>', $errfile or die;
    my $dom = qx{@cmd};
    open STDERR, '>&', $save or die;
    open my $fh, '<', $errfile or die;
    local $/;
    my $log = <$fh>;
    return ($dom, defined $log ? $log : '');
}
