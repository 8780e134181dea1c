# A reverse proxy on the same host (mod_proxy, in front of a backend that
# has no mod_remoteip): every visitor reaches the backend from 127.0.0.1.
# Nothing about the server reaches a visitor who came through it, the
# page names the address the visitor used, not the backend's, and its
# button leads back there; asked directly from the host, the backend
# still shows its administrator the section.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth cause_of);

# the proxy and the backend are the same server: under -X (make memcheck)
# its one process cannot answer itself
plan tests => 25, need need_module(qw(helpful401 proxy_http)),
    need { 'a server of more than one process' => !$ENV{H401_ONE_PROCESS} };

my $admin = qr/For the site&#39;s administrator/;

Apache::TestRequest::module('h401_backend');
my $backend = Apache::TestRequest::hostport();
my $direct = GET '/leftover-missing/';
ok t_cmp($direct->code, 401, 'directly: 401');
ok t_cmp($direct->content, $admin, 'directly from the host: the admin section');
ok t_cmp($direct->content, qr{<dd>http://\Q$backend\E/leftover-missing/</dd>},
         'directly: the address as asked');

Apache::TestRequest::module('h401_proxy');
my $front = Apache::TestRequest::hostport();
my $proxied = GET '/leftover-missing/';
my $body = $proxied->content;
ok t_cmp($proxied->code, 401, 'through the proxy: 401');
ok t_cmp(cause_of($body, 'text/html'), 'leftover-htaccess', 'through the proxy: the cause');
ok t_cmp($body, qr{<dd>\Q$front\E/leftover-missing/</dd>},
         'through the proxy: the address the visitor used (no scheme: the proxy names none)');
for my $secret ('For the site&#39;s administrator', 'htdocs', '.htaccess', 'AuthUserFile',
                'users-that-were-deleted', 'htpasswd', $backend, '127.0.0.1') {
    ok t_cmp(index($body, $secret), -1, "through the proxy: no '$secret' on the page");
}

# the scheme when the proxy names it (a TLS terminator's X-Forwarded-Proto)
my $https = GET '/basic/', 'X-Forwarded-Proto' => 'https';
ok t_cmp($https->content, qr{<dd>https://\Q$front\E/basic/</dd>},
         'X-Forwarded-Proto: https: the address with its scheme');
ok t_cmp($https->header('WWW-Authenticate'), 'Basic realm="Staff area"',
         'through the proxy: the challenge as the backend sent it');
# the button reloads wherever the visitor is, whatever the proxy maps
ok t_cmp($https->content, qr{<a class="action" href="\./">Reload and sign in</a>},
         'through the proxy: the button reloads the address relative to itself');
my $query = GET '/basic/list?a=1&b=2';
ok t_cmp($query->content, qr{<a class="action" href="\./list\?a=1&amp;b=2">},
         'the button keeps the last path segment and the query');

# a wrong password through the proxy is still a wrong password
my $bad = GET '/basic/', Authorization => basic_auth('bob:wrong');
ok t_cmp(cause_of($bad->content, 'text/html'), 'bad-credentials', 'through the proxy: bad-credentials');
ok t_cmp(index($bad->content, 'For the site&#39;s administrator'), -1,
         'through the proxy, bad password: no admin section');

# problem+json through the proxy: no server path either
my $json = GET '/leftover-missing/', Accept => 'application/problem+json';
ok t_cmp($json->content, qr/"cause": "leftover-htaccess"/, 'problem+json through the proxy: the cause');
ok t_cmp(index($json->content, 'users-that-were-deleted'), -1, 'problem+json through the proxy: no file');
ok t_cmp(index($json->content, 'htdocs'), -1, 'problem+json through the proxy: no path');

# text through the proxy
my $text = GET '/leftover-missing/', Accept => 'text/plain';
ok t_cmp(index($text->content, 'htdocs'), -1, 'text through the proxy: no path');
ok t_cmp($text->content, qr{: \Q$front\E/leftover-missing/\n}, 'text through the proxy: the address used');

Apache::TestRequest::module('default');
