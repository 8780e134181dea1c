# The metrics (SetHandler helpful401-metrics, mod_status): exact counts
# of each cause from concurrent clients served by several children, under
# the prefork MPM and the event MPM (children and threads), a flood that
# loses no increment, nothing counted for a 200, and counts kept across a
# graceful restart and a restart, not across a stop.
#
# Apache::Test's own server is one prefork child at a time and must not be
# restarted under the other tests, so this test starts an httpd of its own
# for each MPM: the same apache2 and module, its config and documents in
# t/logs/metrics-MPM/, on the first free port from Apache::Test's port +
# 40 (H401_METRICS_PORT to choose one).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth jwt slurp);
use File::Path qw(make_path remove_tree);
use IO::Socket::INET ();
use POSIX ();

my $mods = $ENV{MODS} || '/etc/apache2/mods-available';
my @mpms = qw(prefork event);
my @needed = (map({ "mpm_$_" } @mpms), qw(authn_core authn_file auth_basic authz_core
              authz_host authz_user rewrite headers status asis mime dir));
my @missing = grep { !-f "$mods/$_.load" } @needed;
my $ab = '/usr/bin/ab';

my $per_mpm = 23;
plan tests => $per_mpm * @mpms,
    need need_module('helpful401'),
         { 'no ' . join(', ', map { "$mods/$_.load" } @missing) => !@missing },
         { "no $ab (apache2-utils)" => -x $ab };

my $t_dir = Apache::Test::vars('t_dir');
my $httpd = Apache::Test::vars('httpd');
my $module_so = do {
    my ($line) = grep { /^LoadModule helpful401_module / } split /\n/, slurp("$t_dir/conf/modules.conf");
    (split ' ', $line)[2];
};

# The causes, each with a request that has it and how many of it to send:
# a different number each, so that one counted as another shows.
my $past = time - 7200;
my @cases = (
    # label, path, request headers, expected status, how many
    [ 'no-credentials',        '/basic/', [], 401, 17 ],
    [ 'bad-credentials',       '/basic/', [ 'Authorization: ' . basic_auth('bob:wrong') ], 401, 13 ],
    [ 'malformed-credentials', '/basic/', [ 'Authorization: Basic !!!notbase64' ], 401, 11 ],
    [ 'wrong-scheme',          '/basic/', [ 'Authorization: Bearer abc.def.ghi' ], 401, 7 ],
    [ 'not-permitted',         '/only-alice/', [ 'Authorization: ' . basic_auth('bob:correct horse') ], 401, 5 ],
    [ 'expired-token',         '/api/', [ 'Authorization: Bearer ' . jwt(qq({"exp":$past})) ], 401, 9 ],
    [ 'stale-session',         '/api/', [ 'Cookie: PHPSESSID=0123456789abcdef' ], 401, 6 ],
    [ 'server-misconfigured',  '/app/', [], 401, 4 ],
    [ 'leftover-htaccess',     '/leftover/', [], 401, 8 ],
    [ 'maintenance',           '/custom/', [ 'X-Test-Maintenance: on' ], 401, 3 ],
    [ 'error_document',        '/errdoc/', [], 401, 10 ],
    # an ErrorDocument page that is not there: httpd answers the 401
    # itself, which gets the page and counts once, under its cause
    [ 'no-credentials',        '/errdoc-missing/', [], 401, 3 ],
    [ 'upstream_passed_on',    '/upstream/app.asis', [ 'Accept: application/json' ], 401, 12 ],
    # a browser gets the page for the application's 401: its cause
    [ 'no-credentials',        '/upstream/app.asis', [ 'Accept: text/html' ], 401, 2 ],
    # a 200 counts nothing
    [ undef,                   '/open/', [], 200, 15 ],
);
my @labels = qw(leftover-htaccess server-misconfigured wrong-scheme malformed-credentials
                expired-token not-permitted bad-credentials stale-session no-credentials
                error_document upstream_passed_on other_admin_cause maintenance);
my $clients = 6;

my %mpm_conf = (
    # each connection a child of its own
    prefork => "StartServers 8\nMinSpareServers 8\nMaxSpareServers 10\n"
             . "ServerLimit 10\nMaxRequestWorkers 10\n",
    # two threads a child: six connections held at once need three children
    event   => "StartServers 4\nServerLimit 5\nThreadLimit 2\nThreadsPerChild 2\n"
             . "MinSpareThreads 8\nMaxSpareThreads 10\nMaxRequestWorkers 10\n",
);

my ($port, $dir, $running_conf);
my $test_pid = $$;
END { stop_httpd() if $running_conf && $$ == $test_pid }

for my $mpm (@mpms) {
    $dir = "$t_dir/logs/metrics-$mpm";
    $port = free_port();
    write_site($mpm);
    start_httpd();

    # before any request: every series, at zero
    my $res = get('/metrics');
    ok t_cmp($res->{status}, 200, "$mpm: the metrics are served");
    ok t_cmp($res->{headers}{'content-type'}, 'text/plain; version=0.0.4',
             "$mpm: in Prometheus' text format");
    ok t_cmp($res->{body}, qr{\A# HELP helpful401_responses_total .+\n# TYPE helpful401_responses_total counter\n},
             "$mpm: HELP and TYPE lines first");
    my %zero = map { $_ => 0 } @labels;
    is_deeply_counts(metrics($res->{body}), \%zero, "$mpm: every cause's series, at 0");
    ok t_cmp(get('/metrics-for-nobody')->{status}, 403,
             "$mpm: a Require refuses them as it would server-status");

    # the causes from six clients at once, each on a connection of its own
    my %want = %zero;
    my @requests;
    for my $c (@cases) {
        my ($label, $path, $headers, $status, $n) = @$c;
        $want{$label} += $n if defined $label;
        push @requests, ([ $path, $headers, $status ]) x $n;
    }
    my ($failed, $pids) = run_clients(\@requests);
    ok t_cmp($failed, 0, "$mpm: every request got the status expected");
    ok t_cmp(scalar(keys %$pids) >= 3, 1,
             "$mpm: served by at least three children (" . join(' ', sort keys %$pids) . ")");
    my $after = metrics(get('/metrics')->{body});
    is_deeply_counts($after, \%want, "$mpm: each cause counted exactly");

    # mod_status: a table, and one machine-readable line per cause
    my $status = get('/server-status')->{body};
    ok t_cmp($status, qr{<h2>mod_helpful401: 401 responses by cause</h2>},
             "$mpm: /server-status shows the counts");
    ok t_cmp($status, qr{<tr><td>not-permitted</td><td>$want{'not-permitted'}</td></tr>},
             "$mpm: /server-status: a cause and its count in a row");
    my %auto = get('/server-status?auto')->{body} =~ /^H401Responses\[([^\]]+)\]: (\d+)$/mg;
    is_deeply_counts(\%auto, \%want, "$mpm: /server-status?auto: a line per cause");

    # a 200 counts nothing
    my ($ok200) = run_clients([ ([ '/open/', [], 200 ]) x 40 ]);
    ok t_cmp($ok200, 0, "$mpm: forty 200s");
    is_deeply_counts(metrics(get('/metrics')->{body}), \%want, "$mpm: a 200 counts nothing");

    # a flood: ab, twenty at a time, every increment kept
    my $flood = 3000;
    my $out = `$ab -q -n $flood -c 20 http://127.0.0.1:$port/basic/ 2>&1`;
    my ($complete) = $out =~ /^Complete requests:\s+(\d+)$/m;
    my ($refused) = $out =~ /^Non-2xx responses:\s+(\d+)$/m;
    t_debug($out) unless ($complete // 0) == $flood;
    ok t_cmp($complete, $flood, "$mpm: ab sent $flood requests");
    ok t_cmp($refused, $flood, "$mpm: all of them refused");
    $want{'no-credentials'} += $flood;
    is_deeply_counts(metrics(get('/metrics')->{body}), \%want,
                     "$mpm: $flood refused at once, $flood counted");

    # a graceful restart (logrotate's nightly reload) keeps them, with an
    # admin cause added ahead of the one there was: each id keeps its own
    my $gen = generation();
    write_conf($mpm, 1);
    system($httpd, '-d', $t_dir, '-f', "$dir/httpd.conf", '-k', 'graceful') == 0
        or die "apache2 -k graceful failed";
    my $new_gen = wait_for(sub { my $g = generation(); $g > $gen ? $g : 0 });
    ok t_cmp($new_gen, $gen + 1, "$mpm: a new generation after apache2 -k graceful");
    $want{'vpn-only'} = 0;
    is_deeply_counts(metrics(get('/metrics')->{body}), \%want,
                     "$mpm: the counts survive it, and the new cause starts at 0");
    my ($after_graceful) = run_clients([ ([ '/basic/', [ 'Authorization: ' . basic_auth('bob:x') ], 401 ]) x 30,
                                         ([ '/vpn/', [], 401 ]) x 4 ]);
    ok t_cmp($after_graceful, 0, "$mpm: thirty refused passwords and four of the new cause after it");
    $want{'bad-credentials'} += 30;
    $want{'vpn-only'} += 4;
    is_deeply_counts(metrics(get('/metrics')->{body}), \%want, "$mpm: and counting goes on from there");

    # so does a restart: the parent stays
    $gen = generation();
    system($httpd, '-d', $t_dir, '-f', "$dir/httpd.conf", '-k', 'restart') == 0
        or die "apache2 -k restart failed";
    $new_gen = wait_for(sub { my $g = generation(); $g > $gen ? $g : 0 });
    ok t_cmp($new_gen, $gen + 1, "$mpm: a new generation after apache2 -k restart");
    is_deeply_counts(metrics(get('/metrics')->{body}), \%want, "$mpm: the counts survive it too");

    # stopped and started again, httpd starts from zero
    stop_httpd();
    start_httpd();
    is_deeply_counts(metrics(get('/metrics')->{body}), { %zero, 'vpn-only' => 0 },
                     "$mpm: a new httpd starts from 0");
    stop_httpd();
}

# -- the counts

# label => count of an exposition text; a line that does not parse dies.
sub metrics {
    my $text = shift;
    my %m;
    for my $line (split /\n/, $text) {
        next if $line =~ /^# (?:HELP|TYPE) helpful401_responses_total /;
        $line =~ /^helpful401_responses_total\{cause="([^"\\]+)"\} (\d+)$/
            or die "not a line of the format: '$line'";
        die "$1 twice" if exists $m{$1};
        $m{$1} = $2;
    }
    return \%m;
}

# One test: got and want have the same labels and counts; the differences
# as diagnostics.
sub is_deeply_counts {
    my ($got, $want, $name) = @_;
    my @diff;
    my %all = (%$got, %$want);
    for my $k (sort keys %all) {
        my ($g, $w) = ($got->{$k} // 'none', $want->{$k} // 'none');
        push @diff, "$k: got $g, want $w" if $g ne $w;
    }
    t_debug($_) for @diff;
    ok t_cmp(scalar(@diff), 0, $name);
}

# -- the server

sub free_port {
    return $ENV{H401_METRICS_PORT} if $ENV{H401_METRICS_PORT};
    for my $p (Apache::Test::vars('port') + 40 .. Apache::Test::vars('port') + 60) {
        my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $p,
                                      Proto => 'tcp', Listen => 1, ReuseAddr => 1);
        next unless $s;
        close $s;
        return $p;
    }
    die 'no free port';
}

sub write_site {
    my $mpm = shift;
    remove_tree($dir);
    make_path("$dir/templates/en",
              map { "$dir/htdocs/$_" } qw(basic only-alice api app leftover custom errdoc upstream open vpn));
    for my $d (qw(basic only-alice api app leftover custom errdoc open vpn)) {
        write_file("$dir/htdocs/$d/index.html", "<p>$d</p>\n");
    }
    write_file("$dir/htdocs/errdoc-page.html", "<p>the admin's own page</p>\n");
    write_file("$dir/htdocs/leftover/.htaccess",
               "AuthType Basic\nAuthName \"Old\"\nAuthUserFile data/metrics-users-long-gone\n"
               . "Require valid-user\n");
    write_file("$dir/htdocs/upstream/app.asis",
               "Status: 401 Unauthorized\nWWW-Authenticate: Basic realm=\"App\"\n"
               . "Content-Type: application/json\n\n{\"error\":\"sign in\"}\n");
    write_file("$dir/templates/en/messages.txt",
               "cause.vpn-only.title = Only from the office network\n"
               . "cause.vpn-only.explanation = Connect to the VPN first.\n"
               . "cause.vpn-only.remedies = contact\n");
    write_conf($mpm, 0);
}

# The server's config; with $vpn, an admin cause declared before the
# one it always has.
sub write_conf {
    my ($mpm, $vpn) = @_;
    my $vpn_area = !$vpn ? '' : <<"VPN";
<Location /vpn>
    AuthType Basic
    AuthName "Office"
    AuthUserFile data/users
    Require valid-user
    Helpful401Templates $dir/templates
    Helpful401Cause vpn-only "true"
</Location>
VPN
    my $loads = join '', map { my ($l) = grep { /^LoadModule/ } split /\n/, slurp("$mods/$_.load"); "$l\n" }
                grep { !/^mpm_/ || $_ eq "mpm_$mpm" } @needed;
    write_file("$dir/httpd.conf", <<"CONF");
$loads
LoadModule helpful401_module $module_so
$mpm_conf{$mpm}
Listen 127.0.0.1:$port
ServerName 127.0.0.1
PidFile $dir/httpd.pid
DefaultRuntimeDir $dir
ErrorLog $dir/error_log
LogLevel warn
LogFormat "%P %>s %U" pid
CustomLog $dir/access_log pid
TypesConfig /dev/null
AddHandler send-as-is asis
KeepAlive On
MaxKeepAliveRequests 0
DocumentRoot $dir/htdocs
<Directory $dir/htdocs>
    AllowOverride AuthConfig
    Require all granted
</Directory>
<Location /basic>
    AuthType Basic
    AuthName "Staff area"
    AuthUserFile data/users
    Require valid-user
</Location>
<Location /only-alice>
    AuthType Basic
    AuthName "Alice only"
    AuthUserFile data/users
    Require user alice
</Location>
<Location /api>
    RewriteEngine On
    RewriteRule ^ - [R=401]
    Header always set WWW-Authenticate "Bearer realm=\\"api\\""
</Location>
<Location /app>
    RewriteEngine On
    RewriteRule ^ - [R=401]
</Location>
$vpn_area<Location /custom>
    AuthType Basic
    AuthName "Branded area"
    AuthUserFile data/users
    Require valid-user
    Helpful401Templates $t_dir/templates-custom
    Helpful401Cause maintenance "%{HTTP:X-Test-Maintenance} == 'on'"
</Location>
<Location /errdoc>
    AuthType Basic
    AuthName "Own page"
    AuthUserFile data/users
    Require valid-user
    ErrorDocument 401 /errdoc-page.html
</Location>
<Location /errdoc-missing>
    AuthType Basic
    AuthName "Lost page"
    AuthUserFile data/users
    Require valid-user
    ErrorDocument 401 /no-such-page.html
</Location>
<Location /upstream>
    Helpful401Upstream On
</Location>
<Location /metrics>
    SetHandler helpful401-metrics
    Require ip 127.0.0.1
</Location>
<Location /metrics-for-nobody>
    SetHandler helpful401-metrics
    Require ip 192.0.2.1
</Location>
<Location /server-status>
    SetHandler server-status
    Require ip 127.0.0.1
</Location>
CONF
}

sub write_file {
    my ($file, $text) = @_;
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh or die "$file: $!";
}

sub start_httpd {
    unlink "$dir/httpd.pid";
    system($httpd, '-d', $t_dir, '-f', "$dir/httpd.conf", '-k', 'start') == 0
        or die "apache2 did not start:\n" . (-f "$dir/error_log" ? slurp("$dir/error_log") : '');
    $running_conf = "$dir/httpd.conf";
    wait_for(sub { my $s = IO::Socket::INET->new("127.0.0.1:$port") or return 0; close $s; 1 })
        or die "apache2 does not answer on $port";
}

sub stop_httpd {
    my $pid = -f "$dir/httpd.pid" ? slurp("$dir/httpd.pid") : undef;
    system($httpd, '-d', $t_dir, '-f', $running_conf, '-k', 'stop');
    undef $running_conf;
    chomp $pid if defined $pid;
    wait_for(sub { !kill 0, $pid }) if $pid;
}

# Calls check every 0.1 s until it returns true, for up to 15 s; returns
# what it returned last.
sub wait_for {
    my $check = shift;
    my $got;
    for (1 .. 150) {
        last if $got = $check->();
        select undef, undef, undef, 0.1;
    }
    return $got;
}

sub generation {
    my ($g) = get('/server-status?auto')->{body} =~ /^ParentServerConfigGeneration: (\d+)$/m;
    return $g // 0;
}

# -- the clients

sub connect_server {
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp')
        or die "connect to $port: $!";
    binmode $s;
    $s->autoflush(1);
    return $s;
}

sub request_text {
    my ($path, $headers) = @_;
    return "GET $path HTTP/1.1\r\nHost: 127.0.0.1\r\n" . join('', map { "$_\r\n" } @$headers) . "\r\n";
}

# One response from a keep-alive connection: { status, headers, body }.
sub read_response {
    my $s = shift;
    local $/ = "\r\n";
    my $line = <$s>;
    return { status => 0, headers => {}, body => '', close => 1 } unless defined $line;
    my ($status) = $line =~ m{^HTTP/1\.\d (\d{3})};
    my %h;
    while (defined($line = <$s>) && $line ne "\r\n") {
        $line =~ s/\r\n\z//;
        my ($k, $v) = split /:\s*/, $line, 2;
        $h{lc $k} = $v;
    }
    my $body = '';
    if (defined $h{'content-length'}) {
        read($s, $body, $h{'content-length'}) if $h{'content-length'};
    }
    elsif (($h{'transfer-encoding'} // '') =~ /chunked/i) {
        while (defined(my $size = <$s>)) {
            $size = hex $size;
            if (!$size) { <$s>; last }
            read($s, my $chunk, $size);
            $body .= $chunk;
            <$s>;
        }
    }
    else {
        local $/;
        $body = <$s> // '';
        $h{connection} = 'close';
    }
    return { status => $status // 0, headers => \%h, body => $body,
             close => ($h{connection} // '') =~ /close/i ? 1 : 0 };
}

sub get {
    my $s = connect_server();
    print $s request_text(shift, [ 'Connection: close' ]);
    return read_response($s);
}

# Sends the requests ([path, headers, status]) from $clients processes at
# once, dealt out in turn, each on one keep-alive connection. Every
# client first sends all of its first request but the blank line and
# waits until all have: so many requests under way at once hold that
# many workers. Returns how many answers had another status than
# expected, and the pids of the children that served them (from the
# access log).
sub run_clients {
    my $requests = shift;
    my $log_start = -s "$dir/access_log" || 0;
    pipe(my $go_r, my $go_w) or die "pipe: $!";
    pipe(my $ready_r, my $ready_w) or die "pipe: $!";
    pipe(my $result_r, my $result_w) or die "pipe: $!";
    my @kids;
    for my $i (0 .. $clients - 1) {
        my @mine = @$requests[ grep { $_ % $clients == $i } 0 .. $#$requests ];
        my $kid = fork // die "fork: $!";
        if (!$kid) {
            close $go_w; close $ready_r; close $result_r;
            my $s = connect_server();
            my $first = request_text(@{ $mine[0] }[0, 1]);
            print $s substr($first, 0, -2);
            syswrite $ready_w, "r";
            sysread $go_r, my $nothing, 1;   # EOF: all are ready
            print $s "\r\n";
            for my $n (0 .. $#mine) {
                my ($path, $headers, $want) = @{ $mine[$n] };
                print $s request_text($path, $headers) if $n;
                my $res = read_response($s);
                if (!$res->{status}) {
                    # closed while idle (the event MPM closes kept-alive
                    # connections when its workers run short), before it
                    # read the request: again, on a new connection
                    $s = connect_server();
                    print $s request_text($path, $headers);
                    $res = read_response($s);
                }
                syswrite $result_w, "$path (@$headers): $res->{status}, not $want\n"
                    if $res->{status} != $want;
                $s = connect_server() if $res->{close};
            }
            POSIX::_exit(0);
        }
        push @kids, $kid;
    }
    close $go_r; close $ready_w; close $result_w;
    my $ready = 0;
    while ($ready < $clients && sysread $ready_r, my $r, 1) { $ready++ }
    close $go_w;
    my @wrong = <$result_r>;
    t_debug($_) for @wrong;
    waitpid $_, 0 for @kids;
    my $failed = @wrong + $clients - $ready;
    # the access log is written after each response: give the last a moment
    select undef, undef, undef, 0.2;
    open my $log, '<', "$dir/access_log" or die "access_log: $!";
    seek $log, $log_start, 0;
    my %pids;
    while (<$log>) { $pids{$1} = 1 if m{^(\d+) } }
    return ($failed, \%pids);
}
