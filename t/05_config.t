# The directives: what they change on the page, and how bad values stop
# `apache2 -t` with the file, the line and the reason.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(raw_get reference_re);
use File::Temp qw(tempdir);

my @bad = (
    [ 'Helpful401 Maybe',                   qr/Helpful401 must be On or Off/ ],
    [ 'Helpful401Contact not-an-address',   qr/Helpful401Contact: 'not-an-address' is not an e-mail address, a mailto:, tel: or http\(s\):\/\/ URL, or Off/ ],
    [ 'Helpful401Contact tel:call-us',      qr/Helpful401Contact: 'tel:call-us' is not an e-mail address, a mailto:, tel: or http\(s\):\/\/ URL, or Off/ ],
    [ 'Helpful401Contact "IT help desk" Off', qr/Helpful401Contact: 'Off' is not an e-mail address, a mailto:, tel: or http\(s\):\/\/ URL$/m ],
    [ 'Helpful401Contact "' . ('x' x 201) . '" help@example.test', qr/Helpful401Contact: the name 'x{201}' must be 1 to 200 bytes with no control characters/ ],
    [ 'Helpful401Contact "IT help desk" javascript:alert(1)', qr/Helpful401Contact: 'javascript:alert\(1\)' is not an e-mail address/ ],
    [ 'Helpful401Contact a b c',            qr/Helpful401Contact takes 1-2 arguments/ ],
    [ 'Helpful401Contact ftp://example.test/', qr/Helpful401Contact: 'ftp:\/\/example.test\/' is not/ ],
    [ 'Helpful401LoginURL login.html',      qr/Helpful401LoginURL: 'login.html' is not a local path \(\/login\) or an http\(s\):\/\/ URL/ ],
    [ 'Helpful401SessionCookie "bad;name"', qr/Helpful401SessionCookie: 'bad;name' is not a valid cookie name/ ],
    [ 'Helpful401Templates /no/such/dir',   qr/Helpful401Templates: '\/no\/such\/dir' is not a directory/ ],
    [ 'Helpful401DefaultLanguage "en_US"',  qr/Helpful401DefaultLanguage: 'en_US' is not a language tag/ ],
    [ 'Helpful401ClockSkew soon',           qr/Helpful401ClockSkew: 'soon' is not a number of seconds between 0 and 86400/ ],
    [ 'Helpful401ClockSkew -5',             qr/Helpful401ClockSkew: '-5' is not a number/ ],
    [ 'Helpful401Detail Sometimes',         qr/Helpful401Detail: 'Sometimes' is not Off, Local, On or "expr=\.\.\."/ ],
    [ 'Helpful401Detail "expr=%{REMOTE_ADDR"', qr/Helpful401Detail: cannot parse expression/ ],
    [ 'Helpful401Cause no-credentials "true"', qr/Helpful401Cause: 'no-credentials' is a built-in cause/ ],
    [ 'Helpful401Cause Bad_Id "true"',      qr/Helpful401Cause: 'Bad_Id' is not a cause id/ ],
    [ 'Helpful401Cause vpn-only "%{"',      qr/Helpful401Cause vpn-only: cannot parse expression/ ],
    [ 'Helpful401Upstream Sometimes',       qr/Helpful401Upstream must be On or Off/ ],
    [ 'Helpful401ProblemTypes urn:x',       qr/Helpful401ProblemTypes: 'urn:x' is not an http\(s\):\/\/ URL/ ],
    # ours too (we note it and pass it on): without mod_authn_file (not
    # loaded here) it is refused as httpd refuses a directive it lacks
    [ 'AuthUserFile /etc/apache2/users',    qr/Invalid command 'AuthUserFile', perhaps misspelled or defined by a module not included/ ],
);
my @good = (
    'Helpful401 Off',
    'Helpful401Contact help@example.test',
    'Helpful401Contact Off',
    'Helpful401Contact tel:+49-30-123456',
    'Helpful401Contact "IT help desk" tel:+4930123456',
    'Helpful401Contact "Password reset" https://id.example.test/reset',
    'Helpful401LoginURL https://sso.example.test/login',
    'Helpful401SessionCookie PHPSESSID my_sid',
    'Helpful401Templates ' . Apache::Test::vars('serverroot') . '/templates-custom',
    'Helpful401DefaultLanguage pt-BR',
    'Helpful401ClockSkew 300',
    'Helpful401Detail "expr=-R \'10.0.0.0/8\'"',
    'Helpful401Upstream On',
    'Helpful401ProblemTypes https://example.test/problems/',
);

plan tests => 15 + 3 * @bad + @good + 13 + 4 * 3 * 2 + 3 + 8 * 2 + 1 + 2, need_module 'helpful401';

# -- what the directives change on the page
my $url = GET '/contact-url/';
ok t_cmp($url->content, qr{<dd><a href="https://help\.example\.test/ask\?a=1&amp;b=2">https://help\.example\.test/ask\?a=1&amp;b=2</a></dd>},
         'Helpful401Contact URL: the link, escaped');
ok t_cmp($url->content, qr{<a class="action" href="/sign-in\?next=/contact-url/">Go to the sign-in page</a>},
         'Helpful401LoginURL: the main action');
# The placeholder ServerAdmin Debian ships is never offered to visitors.
{
    my $page = raw_get('h401_placeholder', '/basic/')->{body};
    ok t_cmp(index($page, 'webmaster@localhost'), -1, 'placeholder ServerAdmin: not on the page');
    ok t_cmp(index($page, 'mailto:'), -1, 'placeholder ServerAdmin: no contact link at all');
    ok t_cmp($page, reference_re('no-credentials'), 'placeholder ServerAdmin: still the helpful page');
}
my $typed = GET '/contact-url/', Accept => 'application/problem+json';
ok t_cmp($typed->content, qr{"type": "https://help\.example\.test/problems/no-credentials"},
         'Helpful401ProblemTypes: the site\'s own problem type, with the cause');
my $default = GET '/basic/';
ok t_cmp($default->content, qr{<a href="mailto:webmaster\@example\.test">webmaster\@example\.test</a>},
         'default contact: ServerAdmin');
ok t_cmp($default->content, qr{<a class="action" href="\./">Reload and sign in</a>},
         'no login URL, a Basic area: the button reloads the address (the browser asks anew)');
ok t_cmp($default->content, qr{<ol>\n<li>Reload this page: your browser asks for your user name and password again},
         'no login URL, a Basic area: reloading is the first remedy');
my $form_page = GET('/form-plain/')->content;
ok t_cmp($form_page, qr{<dt>Protected area</dt><dd>Shop</dd>}, 'a form login: its AuthName as the protected area');
ok t_cmp(index($form_page, '<dd>form</dd>'), -1, 'a form login: "form" is not shown as a sign-in method');
ok t_cmp(GET('/form-plain/')->content, qr{<a class="action" href="/">Go to the site&#39;s home page</a>},
         'no login URL, a form login: the home page');
my $off = GET '/contact-off/';
ok t_cmp(index($off->content, 'Site contact'), -1, 'Helpful401Contact Off: no contact line');
ok t_cmp(index($off->content, 'mailto:'), -1, 'Helpful401Contact Off: no address');
ok t_cmp($off->content, reference_re('no-credentials'), 'Helpful401Contact Off: still the helpful page');

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

# A broken copy of the templates is refused with the file and the line.
my $broken = "$dir/broken";
mkdir $broken; mkdir "$broken/en";
write_file("$broken/page.html", "<p>{{title}}</p>\n<ul>\n{{#remedies}}<li>{{text}}</li>\n</ul>\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($status, qr/^[1-9]/, 'unclosed section: apache2 -t fails');
ok t_cmp($out, qr{Helpful401Templates: \Q$broken\E/page\.html:3: section 'remedies' is never closed}, 'unclosed section: file, line and reason');
write_file("$broken/page.html", "<p>{{title}}</p>\n<p>{{titel}}</p>\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($out, qr{\Q$broken\E/page\.html:2: unknown variable 'titel'}, 'unknown variable: file, line and name');
write_file("$broken/page.html", "{{> sidebar}}\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($out, qr{\Q$broken\E/page\.html:1: unknown partial 'sidebar'}, 'unknown partial: named');
unlink "$broken/page.html";
write_file("$broken/en/messages.txt", "# ok\ncause.no-credentials.title = Hello {{nobody}}\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($out, qr{\Q$broken\E/en/messages\.txt:2: unknown variable 'nobody'}, 'messages: file, line and name');

# Limits are decided when the configuration is read: a page that could
# grow without bound is refused by apache2 -t, with the file and line.
unlink "$broken/en/messages.txt";
write_file("$broken/en/messages.txt", "# a title that names itself\ncause.no-credentials.title = Again: {{title}}\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($status, qr/^[1-9]/, 'a message naming itself: apache2 -t fails');
ok t_cmp($out, qr{\Q$broken\E/en/messages\.txt:2: 'title' leads back to itself}, 'a message naming itself: file, line and why');
unlink "$broken/en/messages.txt";
write_file("$broken/page.html", "<ul>\n{{#detail}}{{#challenges}}<li>{{realm}}</li>{{/challenges}}{{/detail}}\n"
                                 . "{{#challenge_headers}}{{#detail}}{{value}}{{/detail}}{{/challenge_headers}}</ul>\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($out, qr{\Q$broken\E/page\.html:\d+: with the longest values a request may bring .* the page could grow past 1048576 bytes},
         'lists of values within lists: the page could grow past its limit, with file and line');
# Partials fanning out 15 deep, each using the next four times (4^15
# copies if each use were compiled or inlined): refused at once, in bounded
# memory (ulimit -v: 400 MB, where today's server needs some 100).
mkdir "$broken/partials";
write_file("$broken/page.html", "<p>{{> p0}}</p>\n");
for my $n (0 .. 14) {
    my $next = 'p' . ($n + 1);
    write_file("$broken/partials/p$n.html", "{{> $next}}{{> $next}}{{> $next}}{{> $next}}\n");
}
write_file("$broken/partials/p15.html", "x");
($status, $out) = configtest("Helpful401Templates $broken", 'ulimit -v 400000;');
ok t_cmp($status, qr/^[1-9]/, 'partials fanning out: apache2 -t fails');
ok t_cmp($out, qr{\Q$broken\E/partials/p\d+\.html:1: .*grows past}, 'partials fanning out: the partial named, and why');
unlink glob "$broken/partials/*";
rmdir "$broken/partials";
write_file("$broken/page.html", "<p>{{> loop}}</p>\n");
mkdir "$broken/partials";
write_file("$broken/partials/loop.html", "again {{> loop}}\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($out, qr{\Q$broken\E/partials/loop\.html: includes itself}, 'a partial including itself: named');
unlink "$broken/partials/loop.html", "$broken/page.html";
rmdir "$broken/partials";
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp("$status $out", qr/^0 Syntax OK/, 'the directory emptied again: apache2 -t passes');

# A template path that is no regular file is refused, not read: a FIFO
# would hold apache2 -t waiting for a writer (timeout: 20 s), /dev/zero
# would read as an empty page, a directory cannot be read. A file that
# exists but cannot be read is refused too, rather than quietly replaced
# by the shipped one.
{
    my @odd = (
        [ 'a FIFO',       sub { system('mkfifo', $_[0]) == 0 or die "mkfifo: $!" }, qr/is a FIFO, not a regular file/ ],
        [ '/dev/zero',    sub { symlink('/dev/zero', $_[0]) or die "symlink: $!" }, qr/is a character device, not a regular file/ ],
        [ 'a directory',  sub { mkdir $_[0] or die "mkdir: $!" },                  qr/is a directory, not a regular file/ ],
        [ 'unreadable',   sub { write_file($_[0], "x\n"); chmod 0, $_[0] },         qr/cannot be opened \(Permission denied\)/ ],
    );
    for my $case (@odd) {
        my ($what, $make, $why) = @$case;
        for my $rel ('page.html', 'partials/header.html', 'en/messages.txt') {
            my $set = "$dir/odd";
            system('rm', '-rf', $set);
            mkdir $set; mkdir "$set/partials"; mkdir "$set/en";
            $make->("$set/$rel");
            my ($st, $o, $f, $n) = configtest("Helpful401Templates $set", 'timeout 20');
            ok t_cmp($st, qr/^[1-9]/, "$rel as $what: apache2 -t fails");
            ok t_cmp($o, qr{on line $n of \Q$f\E:\nHelpful401Templates: \Q$set/$rel\E: $why}, "$rel as $what: file, line and why");
        }
        chmod 0644, "$dir/odd/en/messages.txt";
    }
    system('rm', '-rf', "$dir/odd");
}

# Bytes that are not UTF-8 (a file saved as Latin-1) are refused with the
# file and the line of the first one.
write_file("$broken/en/messages.txt", "# Latin-1\n\ncause.no-credentials.title = Bitte anmelden, sch\xf6n\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($status, qr/^[1-9]/, 'messages in Latin-1: apache2 -t fails');
ok t_cmp($out, qr{\Q$broken\E/en/messages\.txt:3: byte 0xF6 is not UTF-8}, 'messages in Latin-1: file, line and byte');
unlink "$broken/en/messages.txt";
mkdir "$broken/partials";
write_file("$broken/partials/footer.html", "<p>ok</p>\n<p>\xe2\x82</p>\n");
($status, $out) = configtest("Helpful401Templates $broken");
ok t_cmp($out, qr{\Q$broken\E/partials/footer\.html:2: byte 0xE2 is not UTF-8}, 'a partial cut inside a character: file, line and byte');
unlink "$broken/partials/footer.html";
rmdir "$broken/partials";

# A key no page shows is refused, with its file and line and the nearest
# known key: a misspelt word would otherwise be unused, unseen. The
# words of the admin's own causes and of the set's own templates count.
{
    my @keys = (
        [ "ui.go_homee = Home page\n",           qr{en/messages\.txt:2: unknown key 'ui\.go_homee': no template of the set uses it, nor the page itself \(did you mean 'ui\.go_home'\?\)}, 'a misspelt ui word' ],
        [ "remedy.chek-address = Look again\n",      qr{en/messages\.txt:2: unknown key 'remedy\.chek-address': no cause lists this remedy \(did you mean 'remedy\.check-address'\?\)}, 'a remedy no cause lists' ],
        [ "titel = Sign in\n",                   qr{en/messages\.txt:2: unknown key 'titel' \(a messages file has lang, cause\.ID\.title}, 'a key of no kind' ],
        [ "cause.no-credentials.titel = Hi\n",   qr{en/messages\.txt:2: unknown key 'cause\.no-credentials\.titel'}, 'a misspelt part of a cause key' ],
        [ "cause.vpn-onyl.explanation = VPN\n",  qr{en/messages\.txt:2: 'cause\.vpn-onyl\.explanation': the cause 'vpn-onyl' has no title}, 'words for a cause that has none' ],
        [ "remedy.contact = [Reset](javascript:reset())\n", qr{en/messages\.txt:2: the link to 'javascript:reset\(' is refused: only http://, https://, mailto: and tel: addresses may be linked}, 'a javascript: link' ],
        [ "cause.no-credentials.title = [Sign in](https://x.test/)\n", qr{en/messages\.txt:2: a title cannot hold a link}, 'a link in a title' ],
        [ "time.hourz = {{n}} hours\n",          qr{en/messages\.txt:2: unknown key 'time\.hourz'.*did you mean 'time\.hours?'}, 'a misspelt time word' ],
    );
    for my $case (@keys) {
        my ($line, $why, $name) = @$case;
        write_file("$broken/en/messages.txt", "# one wrong key\n$line");
        my ($st, $o) = configtest("Helpful401Templates $broken");
        ok t_cmp($st, qr/^[1-9]/, "$name: apache2 -t fails");
        ok t_cmp($o, $why, "$name: file, line and the nearest known key");
    }
    # a custom cause, a word the set's own partial uses, a shipped word
    mkdir "$broken/partials";
    write_file("$broken/partials/footer.html", "<p>{{ui.privacy}}</p>\n");
    write_file("$broken/en/messages.txt", "ui.privacy = Privacy\nui.go_home = Home\n"
               . "cause.vpn-only.title = VPN only\ncause.vpn-only.explanation = Connect first.\n"
               . "cause.vpn-only.remedies = vpn\nremedy.vpn = Start the VPN.\n");
    my ($st, $o) = configtest("Helpful401Templates $broken");
    ok t_cmp("$st $o", qr/^0 Syntax OK/, 'words of a custom cause and of the set\'s own partial: accepted');
    unlink "$broken/partials/footer.html", "$broken/en/messages.txt";
    rmdir "$broken/partials";
}

# apache2 -t at LogLevel info says why a page names nobody.
($status, $out) = configtest('', '', "ServerAdmin you\@example.com\nLogLevel info\n");
ok t_cmp($out, qr/H401013: ServerAdmin you\@example\.com .* is a placeholder/, 'apache2 -t at LogLevel info: the placeholder ServerAdmin named');

# A cause of the admin's needs words in some template set.
($status, $out) = configtest('Helpful401Cause vpn-only "-R \'10.0.0.0/8\'"');
ok t_cmp($out, qr/Helpful401Cause vpn-only \(\Q$dir\E\/httpd\.conf:\d+\): no template set has words for it/, 'Helpful401Cause without words: refused with file and line');

sub write_file {
    my ($file, $text) = @_;
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh;
}

# Writes a minimal config that ends with $line and runs apache2 -t on it
# (after $shell, a shell command such as a ulimit, if given).
sub configtest {
    my ($line, $shell, $server_lines, $flags) = @_;
    $shell //= '';
    $server_lines //= '';
    $flags //= '';
    my $file = "$dir/httpd.conf";
    open my $fh, '<', $modules or die "$modules: $!";
    my @load = grep { /mpm_prefork|authz_core|helpful401/ } <$fh>;
    close $fh;
    my @conf = (
        "ServerRoot $dir\n", "ServerName localhost\n", "PidFile $dir/pid\n",
        "ErrorLog $dir/error_log\n", "Listen 127.0.0.1:65010\n", @load,
        ($server_lines ne "" ? $server_lines : ()),
        "<Location /x>\n", "$line\n", "</Location>\n",
    );
    open $fh, '>', $file or die "$file: $!";
    print $fh @conf;
    close $fh;
    my $out = `$shell $httpd -t $flags -f $file 2>&1`;
    return ($? >> 8, $out, $file, scalar(@conf) - 1);
}
