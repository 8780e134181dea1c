#!/bin/sh
# How long helpful401-scan takes over a large tree: 100,000 files in
# 5,100 directories (FILES and DIRS to change), one .htaccess in ten of
# them broken. Prints the wall-clock time of a first and a second run
# (the second with the tree in the page cache) and what was found. An
# indication, not a test: times vary with the machine and its load.
set -e
cd "$(dirname "$0")/.."
scan=./helpful401-scan
[ -x "$scan" ] || { echo "$scan is not built (make)" >&2; exit 2; }
dirs=${DIRS:-5000}
per_dir=$(( ${FILES:-100000} / dirs ))
tree=$(mktemp -d /tmp/helpful401-bench-scan.XXXXXX)
trap 'rm -rf "$tree"' EXIT INT TERM
chmod 755 "$tree"   # as root the scan checks as www-data
perl -e '
    my ($top, $dirs, $per) = @ARGV;
    for my $d (0 .. $dirs - 1) {
        my $dir = sprintf "%s/d%03d/e%03d", $top, $d / 50, $d % 50;
        mkdir sprintf("%s/d%03d", $top, $d / 50);
        mkdir $dir or die "$dir: $!";
        for my $f (1 .. $per) { open my $fh, ">", "$dir/f$f.html" or die; }
        next if $d % 10;
        open my $fh, ">", "$dir/.htaccess" or die;
        print $fh "AuthType Basic\nAuthName Old\nAuthUserFile /nonexistent/users\nRequire valid-user\n";
    }' "$tree" "$dirs" "$per_dir"
echo "tree: $(find "$tree" -type f | wc -l) files in $(find "$tree" -type d | wc -l) directories"
for run in first second; do
    perl -MTime::HiRes=time -e '
        my ($run, @cmd) = @ARGV;
        open STDOUT, ">", "/dev/null" or die;
        my $start = time;
        system(@cmd) == -1 and die "$cmd[0]: $!";
        my $rc = $? >> 8;
        die "$cmd[0] exited with $rc\n" if $rc > 1;
        printf STDERR "%s run: %.3f s\n", $run, time - $start;' "$run" "$scan" -q "$tree"
done
"$scan" "$tree" 2>&1 >/dev/null | tail -1 || true
