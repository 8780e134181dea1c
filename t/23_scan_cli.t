# helpful401-scan on a tree made here: which .htaccess it calls broken or
# sound, the fix it gives, its JSON, a link loop, an unreadable directory,
# and its exit status. Needs no server; ./helpful401-scan is built by
# make test.
use strict;
use warnings FATAL => 'all';

use Test::More;
use File::Temp qw(tempdir);
use File::Path qw(make_path);
use JSON::PP ();

my $scan = './helpful401-scan';
plan skip_all => "$scan is not built (make)" unless -x $scan;

my $top = tempdir('helpful401-scan.XXXXXX', TMPDIR => 1, CLEANUP => 1);
chmod 0755, $top;   # as root the scan checks as www-data, who must get in
my $srv = "$top/srv";

sub write_file {
    my ($path, $text, $mode) = @_;
    (my $dir = $path) =~ s{/[^/]+$}{};
    make_path($dir);
    open my $fh, '>', $path or die "$path: $!";
    print $fh $text;
    close $fh;
    chmod $mode // 0644, $path;
}

# The user and group files, in the ServerRoot ($top): relative names in
# the .htaccess files are taken from there.
write_file("$top/users", "alice:\$apr1\$abcdefgh\$0123456789abcdefghijkl\n");
write_file("$top/groups", "staff: alice\n");
write_file("$top/empty-users", '');
write_file("$top/locked-users", "alice:x\n", 0000);

my $basic = "AuthType Basic\nAuthName \"Area\"\n";
# directory => [ .htaccess text, what the scan says: broken state or
#                'sound' or undef (no protection), the line it points at ]
my %areas = (
    sound          => [ "# works\n${basic}AuthUserFile users\nRequire valid-user\n", 'sound', 2 ],
    'sound-groups' => [ "${basic}AuthUserFile $top/users\nAuthGroupFile groups\nRequire group staff\n",
                        'sound', 1 ],
    missing        => [ "# left behind\n\n${basic}AuthUserFile gone-users\nRequire valid-user\n",
                        'missing', 5 ],
    empty          => [ "${basic}AuthUserFile empty-users\nRequire valid-user\n", 'empty', 3 ],
    'group-gone'   => [ "${basic}AuthUserFile users\nAuthGroupFile gone-groups\nRequire group staff\n",
                        'missing', 4 ],
    quoted         => [ "${basic}AuthUserFile \"no such users\"\nRequire valid-user\n", 'missing', 3 ],
    continued      => [ "${basic}AuthUserFile \\\n    gone-users\nRequire valid-user\n", 'missing', 3 ],
    'deep/a/b/c'   => [ "Require user alice\nAuthUserFile gone-users\n", 'missing', 2 ],
    open           => [ "Require all granted\nAuthUserFile gone-users\n", undef ],
    'type-none'    => [ "AuthType None\nAuthUserFile gone-users\n", undef ],
);
$areas{unreadable} = [ "${basic}AuthUserFile locked-users\nRequire valid-user\n", 'unreadable', 3 ];
while (my ($dir, $a) = each %areas) {
    write_file("$srv/$dir/.htaccess", $a->[0]);
}
# sound in itself, below a broken one: the module explains a 401 there by
# the broken one, so the scan does not call it sound
write_file("$srv/missing/inner/.htaccess", "${basic}AuthUserFile users\nRequire valid-user\n");
write_file("$srv/plain/index.html", "hello\n");
# two ways into one directory, and a loop back to the top
symlink("$srv/missing", "$srv/second-way-in") or die "symlink: $!";
symlink('..', "$srv/deep/a/loop") or die "symlink: $!";
symlink("$srv", "$srv/deep/a/b/to-top") or die "symlink: $!";
symlink("$top/nowhere", "$srv/dangling") or die "symlink: $!";
# a directory the server's user cannot read, with a broken file inside
write_file("$srv/locked/inner/.htaccess", "${basic}AuthUserFile gone-users\nRequire valid-user\n");
chmod 0000, "$srv/locked";

my $as_root = $> == 0;

# Runs the scan; returns (exit status, stdout, stderr). timeout ends a
# scan that never stops (one that follows a loop).
sub run_scan {
    my @args = @_;
    my ($out, $err) = ("$top/out", "$top/err");
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        open STDOUT, '>', $out or die;
        open STDERR, '>', $err or die;
        exec 'timeout', '60', $scan, @args or die "exec: $!";
    }
    waitpid $pid, 0;
    my $status = $? >> 8;
    local $/;
    open my $o, '<', $out or die; my $stdout = <$o>;
    open my $e, '<', $err or die; my $stderr = <$e>;
    return ($status, $stdout, $stderr);
}

# -- JSON: every verdict
my ($status, $out, $err) = run_scan('--json', '--server-root', $top, $srv);
is($status, 1, 'a tree with broken protections: exit 1');
my $doc = eval { JSON::PP->new->utf8->decode($out) };
ok($doc, 'the output is one JSON document') or diag("$@\n$out");
$doc ||= { broken => [], sound => [], errors => [], skipped => [] };
is($err, '', '--json: nothing on stderr');

my %broken = map { ($_->{htaccess} => $_) } @{ $doc->{broken} };
my %sound  = map { ($_->{htaccess} => $_) } @{ $doc->{sound} };
is(scalar @{ $doc->{broken} }, scalar keys %broken, 'each broken file reported once');
for my $dir (sort keys %areas) {
    my (undef, $want, $line) = @{ $areas{$dir} };
    my $file = "$srv/$dir/.htaccess";
    if (!defined $want) {
        ok(!$broken{$file} && !$sound{$file}, "$dir: protects nothing, so neither");
    }
    elsif ($want eq 'sound') {
        ok($sound{$file} && !$broken{$file}, "$dir: sound");
        is($sound{$file} && $sound{$file}{line}, $line, "$dir: its protection's line");
    }
    else {
        my $b = $broken{$file};
        ok($b, "$dir: broken") or next;
        is($b->{state}, $want, "$dir: the file is $want");
        is($b->{directive_line}, $line, "$dir: the line of the directive at fault");
        is($b->{directory}, "$srv/$dir", "$dir: the directory it protects");
        like($b->{file}, qr{^\Q$top\E/}, "$dir: the file resolved against the ServerRoot");
    }
}
is($broken{"$srv/missing/.htaccess"}{fix},
   "Create the user file with: htpasswd -c $top/gone-users USERNAME, or remove the "
   . "protection from $srv/missing/.htaccess (line 3).",
   'the fix: the htpasswd command, as the module words it');
is($broken{"$srv/group-gone/.htaccess"}{directive}, 'AuthGroupFile', 'the group file named');
is($broken{"$srv/quoted/.htaccess"}{file}, "$top/no such users", 'a quoted name read whole');
is_deeply([ map { [ $_->{htaccess}, $_->{broken_htaccess} ] } @{ $doc->{below_broken} } ],
          [ [ "$srv/missing/inner/.htaccess", "$srv/missing/.htaccess" ] ],
          'a sound file below a broken one: listed apart, with the broken one');
ok(!$sound{"$srv/missing/inner/.htaccess"}, '... and not called sound');
ok(!grep({ m{/second-way-in/} } keys %broken, keys %sound),
   'a second link to a directory already scanned is not scanned again');
ok(!grep({ m{/(loop|to-top)/} } keys %broken, keys %sound), 'no file reported through a loop');
my %skipped = map { ($_->{path} => 1) } @{ $doc->{skipped} };
ok($skipped{"$srv/deep/a/loop"} && $skipped{"$srv/deep/a/b/to-top"}, 'the loops are listed as skipped')
    or diag(explain($doc->{skipped}));
is_deeply([ map { $_->{path} } @{ $doc->{errors} } ], [ "$srv/locked" ],
          'the unreadable directory is the one error')
    or diag(explain($doc->{errors}));
like($doc->{errors}[0]{error} // '', qr/cannot read the directory: Permission denied/,
     'the error says why');
ok(!$broken{"$srv/locked/inner/.htaccess"}, 'what is inside it is not guessed at');
is($doc->{htaccess_files}, 1 + keys %areas, 'every access file read counted');

# -- text: file:line: why, then the fix
($status, $out, $err) = run_scan('--server-root', $top, $srv);
is($status, 1, 'text: exit 1');
like($out, qr{^\Q$srv\E/missing/\.htaccess:5: AuthUserFile \Q$top\E/gone-users is missing, so the protection from line 3 lets nobody log in\n    fix: Create the user file with: htpasswd -c \Q$top\E/gone-users USERNAME, }m,
     'text: file:line: why, and the htpasswd command');
like($out, qr{^\Q$srv\E/unreadable/\.htaccess:3: AuthUserFile \Q$top\E/locked-users is unreadable, .*\n    fix: Let the server's user read }m,
     'text: an unreadable user file, and the permissions to give');
my @lines = grep { !/^    fix: / } split /\n/, $out;
is(scalar @lines, scalar keys %broken, 'text: one line per broken protection, each with its fix');
like($err, qr{^helpful401-scan: \Q$srv\E/locked: cannot read the directory: Permission denied$}m,
     'text: the unreadable directory on stderr');
like($err, qr{protections broken: 7, sound: 2; not readable: 1$}m, 'text: the summary');

# -- exit status
($status, $out, $err) = run_scan('--server-root', $top, "$srv/sound", "$srv/sound-groups", "$srv/open");
is($status, 0, 'only sound protections: exit 0');
is($out, '', 'only sound protections: nothing to report');
($status, $out) = run_scan('--json', '-q', '--server-root', $top, "$srv/sound");
is($status, 0, '--json, all well: exit 0');
is_deeply((eval { JSON::PP->new->decode($out) } || {})->{broken}, [], '--json, all well: broken is empty');
($status, $out, $err) = run_scan('--server-root', $top, "$srv/sound", "$srv/locked");
is($status, 1, 'an unreadable directory alone: exit 1 (the scan is not complete)');
($status, $out, $err) = run_scan('-q', '--server-root', $top, "$srv/sound");
is($err, '', '-q: no summary');

# which access file: the first of the names present, in the order given
write_file("$srv/names/.htaccess", "${basic}AuthUserFile users\nRequire valid-user\n");
write_file("$srv/names/.access", "${basic}AuthUserFile gone-users\nRequire valid-user\n");
($status) = run_scan('-q', '--server-root', $top, "$srv/names");
is($status, 0, 'by default only .htaccess is read');
($status, $out) = run_scan('-q', '-a', '.access', '-a', '.htaccess', '--server-root', $top, "$srv/names");
is($status, 1, '-a .access -a .htaccess: the first one present is judged');
like($out, qr{^\Q$srv\E/names/\.access:3: }m, '... and named');
($status) = run_scan('-q', '-a', '.nothing', '-a', '.htaccess', '--server-root', $top, "$srv/names");
is($status, 0, 'a name not present is passed over');

for my $bad ([ [], 'no DIR' ], [ [ '--bogus', $srv ], 'an unknown option' ],
             [ [ "$top/nowhere" ], 'a DIR that is not there' ],
             [ [ "$top/users" ], 'a DIR that is a file' ],
             [ [ '--server-root', "$top/nowhere", $srv ], 'a ServerRoot that is not there' ],
             [ [ '-a', 'x/y', $srv ], 'an access file name with a slash' ],
             [ [ '--server-root' ], 'an option without its value' ]) {
    my ($args, $name) = @$bad;
    ($status, $out, $err) = run_scan(@$args);
    is($status, 2, "bad usage, $name: exit 2");
    like($err, qr/^helpful401-scan: .*\nTry 'helpful401-scan --help'\.$/, "bad usage, $name: says so");
}
SKIP: {
    skip 'as root --user switches', 1 if $as_root;
    ($status) = run_scan('--user', 'root', $srv);
    is($status, 2, '--user as another user than ours, not being root: exit 2');
}
($status, $out) = run_scan('--help');
is($status, 0, '--help: exit 0');
like($out, qr/^Usage: helpful401-scan \[options\] DIR\.\.\./, '--help: the usage');

chmod 0755, "$srv/locked";   # so that the temporary tree can be removed
done_testing();
