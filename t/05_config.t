# The directives: what they change on the page, and how bad values stop
# `apache2 -t` with the file, the line and the reason.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use File::Temp qw(tempdir);

my @bad = (
    [ 'Helpful401 Maybe',                   qr/Helpful401 must be On or Off/ ],
    [ 'Helpful401Contact not-an-address',   qr/Helpful401Contact: 'not-an-address' is not an e-mail address, a mailto: or http\(s\):\/\/ URL, or Off/ ],
    [ 'Helpful401Contact ftp://example.test/', qr/Helpful401Contact: 'ftp:\/\/example.test\/' is not/ ],
    [ 'Helpful401LoginURL login.html',      qr/Helpful401LoginURL: 'login.html' is not a local path \(\/login\) or an http\(s\):\/\/ URL/ ],
    [ 'Helpful401SessionCookie "bad;name"', qr/Helpful401SessionCookie: 'bad;name' is not a valid cookie name/ ],
);
my @good = (
    'Helpful401 Off',
    'Helpful401Contact help@example.test',
    'Helpful401Contact Off',
    'Helpful401LoginURL https://sso.example.test/login',
    'Helpful401SessionCookie PHPSESSID my_sid',
);

plan tests => 8 + 3 * @bad + @good, need_module 'helpful401';

# -- what the directives change on the page
my $url = GET '/contact-url/';
ok t_cmp($url->content, qr{<dd><a href="https://help\.example\.test/ask\?a=1&amp;b=2">https://help\.example\.test/ask\?a=1&amp;b=2</a></dd>},
         'Helpful401Contact URL: the link, escaped');
ok t_cmp($url->content, qr{<a class="action" href="/sign-in\?next=/contact-url/">Go to the sign-in page</a>},
         'Helpful401LoginURL: the main action');
my $default = GET '/basic/';
ok t_cmp($default->content, qr{<a href="mailto:webmaster\@example\.test">webmaster\@example\.test</a>},
         'default contact: ServerAdmin');
ok t_cmp($default->content, qr{<a class="action" href="/">Go to the site&#39;s home page</a>},
         'no login URL: the home page');
my $off = GET '/contact-off/';
ok t_cmp(index($off->content, 'Site contact'), -1, 'Helpful401Contact Off: no contact line');
ok t_cmp(index($off->content, 'mailto:'), -1, 'Helpful401Contact Off: no address');
ok t_cmp($off->content, qr/reference: no-credentials\./, 'Helpful401Contact Off: still the helpful page');

# -- `apache2 -t` with each value
my $httpd = Apache::Test::vars('httpd');
my $modules = Apache::Test::vars('t_conf') . '/modules.conf';
my $dir = tempdir(CLEANUP => 1);

for my $case (@bad) {
    my ($line, $why) = @$case;
    my ($status, $out, $file, $lineno) = configtest($line);
    ok t_cmp($status, qr/^[1-9]/, "'$line' fails apache2 -t");
    ok t_cmp($out, qr/on line $lineno of \Q$file\E/, "'$line': file and line named");
    ok t_cmp($out, $why, "'$line': the reason");
}
for my $line (@good) {
    my ($status, $out) = configtest($line);
    ok t_cmp("$status $out", qr/^0 Syntax OK/, "'$line' passes apache2 -t");
}

# LoadModule alone serves the helpful page (no other directive needed).
my ($status, $out) = configtest('');
ok t_cmp("$status $out", qr/^0 Syntax OK/, 'LoadModule alone passes apache2 -t');

# Writes a minimal config that ends with $line and runs apache2 -t on it.
sub configtest {
    my $line = shift;
    my $file = "$dir/httpd.conf";
    open my $fh, '<', $modules or die "$modules: $!";
    my @load = grep { /mpm_prefork|authz_core|helpful401/ } <$fh>;
    close $fh;
    my @conf = (
        "ServerRoot $dir\n", "ServerName localhost\n", "PidFile $dir/pid\n",
        "ErrorLog $dir/error_log\n", "Listen 127.0.0.1:65010\n", @load,
        "<Location /x>\n", "$line\n", "</Location>\n",
    );
    open $fh, '>', $file or die "$file: $!";
    print $fh @conf;
    close $fh;
    my $out = `$httpd -t -f $file 2>&1`;
    return ($? >> 8, $out, $file, scalar(@conf) - 1);
}
