# The preview tool (make preview): every page of a template set written
# to files, from lib/ as the module loads the set, with screenshots where
# Chromium is; a set apache2 -t refuses is refused the same way.
use strict;
use warnings FATAL => 'all';

use Test::More;
use File::Temp qw(tempdir);
use FindBin ();

my $top = "$FindBin::Bin/..";
my $chromium = (grep { -x } '/usr/bin/chromium', '/usr/bin/chromium-browser')[0];
my $dir = tempdir(CLEANUP => 1);

plan tests => 21;

system("make -s -C '$top' tools/bin/helpful401-preview >/dev/null") == 0
    or BAIL_OUT('tools/bin/helpful401-preview does not build');

sub preview {
    my ($args) = @_;
    my $out = `cd '$top' && SHOTS=0 timeout 60 tools/preview.sh $args 2>&1`;
    return ($? >> 8, $out);
}
sub slurp {
    my ($file) = @_;
    open my $fh, '<:raw', $file or return '';
    local $/;
    return <$fh>;
}

# Every cause x language x format of t/templates-brand.
my $out = "$dir/brand";
my ($status, $said) = preview("-c tel:+4930123456 -n 'IT help desk' t/templates-brand $out");
is($status, 0, 'the brand set: previewed');
like($said, qr{^135 pages \(9 causes, 5 languages, 3 formats\) in \Q$out\E/$}m, 'every cause, language and format counted');
my @files = glob "$out/*.*.*";
is(scalar(@files), 135, '135 files written');
ok(-s "$out/$_", "$_ written") for qw(no-credentials.en.html expired-token.ja.json stale-session.de.txt leftover-htaccess.fr.html);
my $html = slurp("$out/no-credentials.en.html");
like($html, qr{<header class="brand"><img src="/logo\.svg"}, 'the header partial on the page');
like($html, qr{<a href="https://id\.example\.test/reset\?from=401&amp;lang=en">Reset it here</a>}, 'the admin\'s link');
like($html, qr{<a href="tel:\+4930123456">IT help desk</a>}, 'the named contact');
like(slurp("$out/no-credentials.en.txt"), qr{Site contact: IT help desk \(\+4930123456\)}, 'the text page');
like(slurp("$out/expired-token.de.json"), qr{"cause": "expired-token"}, 'a JSON page');
my $index = slurp("$out/index.html");
like($index, qr{<a href="bad-credentials\.es\.html">html</a>}, 'index.html links the pages');

# The admin's own cause is previewed too.
($status, $said) = preview("-C maintenance t/templates-custom $dir/custom");
is($status, 0, 'one cause of the admin\'s own: previewed');
like(slurp("$dir/custom/maintenance.de.html"), qr{<h1>Das Intranet wird gerade gewartet</h1>}, 'its German page');

# A broken set: the message apache2 -t gives, and no hang on a FIFO.
my $bad = "$dir/bad";
mkdir $bad; mkdir "$bad/en";
open my $fh, '>', "$bad/en/messages.txt" or die $!;
print $fh "# typo\nui.go_homee = Home\n";
close $fh;
($status, $said) = preview("$bad $dir/bad-out");
is($status, 1, 'a misspelt key: refused');
like($said, qr{\Q$bad\E/en/messages\.txt:2: unknown key 'ui\.go_homee'.*did you mean 'ui\.go_home'}, 'the file, the line and the nearest key');
unlink "$bad/en/messages.txt";
system('mkfifo', "$bad/page.html") == 0 or die "mkfifo: $!";
($status, $said) = preview("$bad $dir/bad-out");
is($status, 1, 'a FIFO as page.html: refused, not waited on');
like($said, qr{\Q$bad\E/page\.html: is a FIFO, not a regular file}, 'the FIFO named');

# Screenshots of one cause, in each language and dark.
SKIP: {
    skip 'no chromium (Debian package chromium)', 2 unless $chromium;
    my $shots = "$dir/shots";
    my $said2 = `cd '$top' && timeout 300 tools/preview.sh -C no-credentials t/templates-brand $shots 2>&1`;
    like($said2, qr{^6 screenshots in }m, 'screenshots: each language, and the dark theme');
    is(slurp("$shots/no-credentials.en.dark.png") =~ /^\x89PNG\r\n/ ? 1 : 0, 1, 'a PNG');
}
