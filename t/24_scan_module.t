# helpful401-scan and the module agree on the same tree: every .htaccess
# below t/htdocs that the scan calls broken gets a leftover-htaccess page
# naming the same file and line, every sound one below a broken one gets
# that page too, naming the broken one, and every one it calls sound gets
# another cause. The scan runs as the server does (the same user, the
# same ServerRoot), over the document root the server serves.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(json_of);

my $scan = Apache::Test::vars('top_dir') . '/helpful401-scan';
my $docroot = Apache::Test::vars('documentroot');
my $root = Apache::Test::vars('serverroot');

# what the scan says, read before the plan: one case per verdict
my $json = -x $scan ? `'$scan' --json --server-root '$root' '$docroot'` : '';
my $status = $? >> 8;
my $doc = json_of($json) || { broken => [], sound => [] };
my @broken = @{ $doc->{broken} || [] };
my @sound = @{ $doc->{sound} || [] };
my @below = @{ $doc->{below_broken} || [] };

plan tests => 5 + 5 * @broken + 2 * @sound + 2 * @below, need_module 'helpful401';

ok t_cmp($status, 1, 'the scan of t/htdocs finds broken protections (exit 1)');
ok t_cmp(scalar(@{ $doc->{errors} || [ 'no document' ] }), 0, 'and reads all of it');
# the areas the suite keeps for this: a floor, so that a scan that finds
# nothing cannot pass
ok t_cmp(scalar @broken >= 7, 1, 'at least the 7 broken areas of t/htdocs')
    or t_debug(join ' ', map { $_->{htaccess} } @broken);
ok t_cmp(scalar @sound >= 5, 1, 'at least the 5 sound areas of t/htdocs')
    or t_debug(join ' ', map { $_->{htaccess} } @sound);
ok t_cmp(scalar @below >= 1, 1, 'at least the sound area below a broken one');

# The URL of a directory below the document root.
sub url_of {
    my $dir = shift;
    (my $path = $dir) =~ s{^\Q$docroot\E}{};
    return "$path/";
}

for my $b (@broken) {
    my $url = url_of($b->{directory});
    my $res = GET $url, Accept => 'application/json';
    my $page = json_of($res->content) || {};
    my $admin = $page->{admin} || {};
    ok t_cmp($res->code, 401, "scan: broken, $url: 401");
    ok t_cmp($page->{cause}, 'leftover-htaccess', "$url: the module says leftover-htaccess");
    ok t_cmp($res->header('Content-Type'), qr{^application/problem\+json}, "$url: its JSON page");
    ok t_cmp($admin->{'.htaccess'}, "$b->{htaccess}, line $b->{line}",
             "$url: the same .htaccess and line");
    ok t_cmp($admin->{ $b->{directive} }, "$b->{file} (line $b->{directive_line}): $b->{state}",
             "$url: the same $b->{directive}, line and state");
}

for my $s (@sound) {
    my $url = url_of($s->{directory});
    my $res = GET $url, Accept => 'application/json';
    my $page = json_of($res->content) || {};
    ok t_cmp($res->code, 401, "scan: sound, $url: 401, a login asked for");
    ok t_cmp(($page->{cause} // '') ne 'leftover-htaccess' && defined $page->{cause}, 1,
             "$url: the module finds another cause (" . ($page->{cause} // 'none') . ')');
}

for my $s (@below) {
    my $url = url_of($s->{directory});
    my $res = GET $url, Accept => 'application/json';
    my $page = json_of($res->content) || {};
    ok t_cmp($page->{cause}, 'leftover-htaccess',
             "scan: below a broken one, $url: the module says leftover-htaccess");
    ok t_cmp(($page->{admin} || {})->{'.htaccess'}, qr/^\Q$s->{broken_htaccess}\E, line \d+$/,
             "$url: and names the broken .htaccess above");
}
