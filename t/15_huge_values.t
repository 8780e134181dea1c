# Values far past anything a page should show: twelve challenges of 90 KB
# each, added with "Header always add", and an application's 401 with 1 MB
# of challenges (Helpful401Upstream On). The challenges go out byte for
# byte; the page stays whole in every format, its over-long values
# shortened and marked, and the error log says so. Such a configuration
# needs lines of 90 KB, so this test writes its own and starts its own
# httpd on a free port, with the suite's modules.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Encode ();
use File::Temp qw(tempdir);
use IO::Socket::INET;
use JSON::PP ();

plan tests => 28, need_module qw(helpful401 headers auth_basic cgi);

my $httpd = Apache::Test::vars('httpd');
my $modules = Apache::Test::vars('t_conf') . '/modules.conf';
my $users = Apache::Test::vars('serverroot') . '/data/users';
my $dir = tempdir(CLEANUP => 1);
my $MARK = "\xe2\x80\xa6";   # U+2026, what marks a value shortened

my @challenges = map { sprintf 'Basic realm="huge %02d %s"', $_, 'r' x (90 * 1024) } 1 .. 12;
my $port = free_port();

open my $fh, '<', $modules or die "$modules: $!";
my @load = grep { /mpm_prefork|authz_core|authz_user|authn_core|authn_file|auth_basic|headers|cgi_module|alias|helpful401/ } <$fh>;
close $fh;
write_file("$dir/httpd.conf", join '',
    "ServerRoot $dir\n", "ServerName localhost\n", "PidFile $dir/httpd.pid\n",
    "ErrorLog $dir/error_log\n", "LogLevel info\n", "Listen 127.0.0.1:$port\n",
    "DocumentRoot $dir\n", "ServerAdmin webmaster\@example.test\n", @load,
    "<Location /huge>\n", "    AuthType Basic\n", "    AuthName \"Huge\"\n",
    "    AuthUserFile $users\n", "    Require valid-user\n", "    Helpful401Detail On\n",
    (map { (my $v = $_) =~ s/"/\\"/g; "    Header always add WWW-Authenticate \"$v\"\n" } @challenges),
    "</Location>\n",
    "ScriptAlias /app/ $dir/app/\n",
    "<Location /app>\n", "    Helpful401Upstream On\n", "</Location>\n",
    "<Location /short>\n", "    AuthType Basic\n", "    AuthName \"Huge\"\n",
    "    AuthUserFile $users\n", "    Require valid-user\n", "</Location>\n");

# An application whose 401 carries 200 challenges of 5 KB: 1 MB of them.
my @app_challenges = map { sprintf 'Bearer realm="api %03d %s"', $_, 'a' x 5000 } 1 .. 200;
mkdir "$dir/app";
write_file("$dir/app/login", join '', "#!/usr/bin/perl\n",
    "print \"Status: 401 Unauthorized\\r\\n\";\n",
    (map { "print q{WWW-Authenticate: $_}, \"\\r\\n\";\n" } @app_challenges),
    "print \"Content-Type: text/plain\\r\\n\\r\\nthe application's own body\\n\";\n");
chmod 0755, "$dir/app/login";

system($httpd, '-f', "$dir/httpd.conf", '-k', 'start') == 0 or die "httpd did not start";
wait_for_port($port);

my $html = get('/huge/', 'text/html');
ok t_cmp($html->{status}, 401, 'HTML: 401');
my @sent = @{ $html->{headers}{'www-authenticate'} || [] };
ok t_cmp(scalar(@sent), 13, 'thirteen challenges: the auth module\'s and the twelve added');
ok t_cmp(join("\n", grep { /^Basic realm="huge/ } @sent), join("\n", @challenges),
         'the twelve go out byte for byte, in order');
ok t_cmp(length($html->{body}) < 1024 * 1024, 1, 'HTML: the page stays under a MiB');
ok t_cmp(substr($html->{body}, -8), "</html>\n", 'HTML: whole, ending with </html>');
ok t_cmp(utf8_ok($html->{body}), 1, 'HTML: valid UTF-8');
ok t_cmp(index($html->{body}, 'r' x 1025), -1, 'HTML: no value shown in full');
ok t_cmp(index($html->{body}, "r$MARK") >= 0, 1, 'HTML: the values shortened, and marked');
ok t_cmp(first($html, 'content-length'), length($html->{body}), 'HTML: Content-Length is the page\'s');

my $json = get('/huge/', 'application/problem+json');
my $doc = eval { JSON::PP->new->utf8->decode($json->{body}) };
ok t_cmp(ref $doc, 'HASH', 'JSON: parses');
ok t_cmp($doc && $doc->{cause}, 'no-credentials', 'JSON: the cause');
ok t_cmp($doc && scalar(@{ $doc->{challenges} || [] }), 13, 'JSON: every challenge listed');
ok t_cmp($doc && (grep { ($_->{realm} // '') =~ /^huge 01 r+\x{2026}$/ } @{ $doc->{challenges} }) ? 1 : 0, 1,
         'JSON: a long realm shortened, ending in the mark');
ok t_cmp(scalar(grep { /^Basic realm="huge/ } @{ $json->{headers}{'www-authenticate'} || [] }), 12,
         'JSON: the challenges still go out');

my $text = get('/huge/', 'text/plain');
ok t_cmp($text->{status}, 401, 'text: 401');
ok t_cmp(utf8_ok($text->{body}), 1, 'text: valid UTF-8');
my $short = get('/short/', 'text/plain');
my ($last_short) = $short->{body} =~ /([^\n]*\n)\z/;
my ($last_text) = $text->{body} =~ /([^\n]*\n)\z/;
ok t_cmp($last_text, $last_short, 'text: ends with the line a short page ends with');
ok t_cmp(index($text->{body}, "r$MARK") >= 0, 1, 'text: the values shortened, and marked');

my $head = get('/huge/', 'text/html', 'HEAD');
ok t_cmp($head->{status}, 401, 'HEAD: 401');
ok t_cmp(scalar(@{ $head->{headers}{'www-authenticate'} || [] }), 13, 'HEAD: the challenges');

my $app = get('/app/login', 'text/html');
ok t_cmp($app->{status}, 401, 'application: 401');
# httpd joins a CGI's repeated headers into one (util_script.c): a single
# challenge header of 1 MB, as httpd made it
ok t_cmp(join("\n", @{ $app->{headers}{'www-authenticate'} || [] }), join(', ', @app_challenges),
         'application: its 200 challenges byte for byte, in order, as httpd joins them');
ok t_cmp(substr($app->{body}, -8), "</html>\n", 'application: the page whole, ending with </html>');
ok t_cmp(index($app->{body}, "application's own body"), -1, 'application: its body replaced');
ok t_cmp(index($app->{body}, "a$MARK") >= 0, 1, 'application: the values shortened, and marked');
ok t_cmp(first($app, 'content-length'), length($app->{body}), 'application: Content-Length is the page\'s');

system($httpd, '-f', "$dir/httpd.conf", '-k', 'stop');
sleep 1;
open $fh, '<', "$dir/error_log" or die "$dir/error_log: $!";
my @log = <$fh>;
close $fh;
ok t_cmp(scalar(grep { /H401011: the page for no-credentials shortened \d+ over-long values/ } @log) >= 3, 1,
         'error log: each shortened page said so');
ok t_cmp(scalar(grep { /Segmentation fault|exit signal/ } @log), 0, 'error log: no crash');

# A request sent as is; the response read to the end.
sub get {
    my ($path, $accept, $method) = @_;
    $method //= 'GET';
    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Timeout => 20)
        or die "connect: $!";
    binmode $sock;
    print $sock "$method $path HTTP/1.1\r\nHost: localhost\r\nAccept: $accept\r\nConnection: close\r\n\r\n";
    my $all = do { local $/; <$sock> } // '';
    my ($head, $body) = split /\r\n\r\n/, $all, 2;
    my ($status_line, @lines) = split /\r\n/, $head // '';
    my %headers;
    for (@lines) {
        my ($k, $v) = /^([^:]+):\s*(.*)$/s or next;
        push @{ $headers{lc $k} }, $v;
    }
    my ($status) = ($status_line // '') =~ m{^HTTP/1\.\d (\d{3})};
    return { status => $status, headers => \%headers, body => $body // '' };
}

sub first { my ($res, $name) = @_; return ($res->{headers}{$name} || [])->[0] }

sub utf8_ok {
    my $bytes = shift;
    return eval { Encode::decode('UTF-8', $bytes, Encode::FB_CROAK | Encode::LEAVE_SRC); 1 } ? 1 : 0;
}

sub free_port {
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 1)
        or die "no free port: $!";
    my $p = $s->sockport;
    close $s;
    return $p;
}

sub wait_for_port {
    my $p = shift;
    for (1 .. 50) {
        return if IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $p);
        select undef, undef, undef, 0.1;
    }
    die "httpd is not listening on $p";
}

sub write_file {
    my ($file, $text) = @_;
    open my $out, '>', $file or die "$file: $!";
    print $out $text;
    close $out;
}
