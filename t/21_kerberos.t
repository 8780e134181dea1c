# Kerberos single sign-on with the real mod_auth_gssapi, its keytab for a
# realm no KDC serves: nothing sent, NTLM offered inside Negotiate (the
# client had no ticket), a token that is not base64, a ticket refused, and
# Basic sent instead. Each gets its cause in the page and the log, the
# challenge as mod_auth_gssapi made it, and never a word of passwords.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use FindBin ();
use lib "$FindBin::Bin/lib";
use H401Test qw(basic_auth cause_of error_log);

plan tests => 47, need_module qw(helpful401 auth_gssapi);

# A keytab (MIT format 0x502) with one AES-256 key for HTTP/localhost in
# the realm H401.TEST; mod_auth_gssapi reads it per request.
sub write_keytab {
    my $file = shift;
    my $counted = sub { pack 'n/a*', $_[0] };
    my $entry = pack('n', 2) . $counted->('H401.TEST') . $counted->('HTTP')
              . $counted->('localhost') . pack('NNCn', 1, 0, 1, 18)
              . $counted->(pack 'C*', 0 .. 31) . pack('N', 1);
    open my $fh, '>:raw', $file or die "$file: $!";
    print $fh "\x05\x02", pack('N', length $entry), $entry;
    close $fh or die;
}
write_keytab(Apache::Test::vars('serverroot') . '/data/h401-http.keytab');

my $NTLM = 'Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==';
# a Kerberos (SPNEGO) token that no key here can open
my $TICKET = 'Negotiate YIIBAAYGKwYBBQUCoIH1MIHyoA0wCwYJKoZIhvcSAQICooHgBIHd';

# name, Authorization, cause, reason, the challenge wanted
my @cases = (
    [ 'nothing sent', undef, 'no-credentials', 'negotiate-no-ticket', 'Negotiate' ],
    [ 'NTLM inside Negotiate', $NTLM, 'no-credentials', 'negotiate-ntlm', 'Negotiate' ],
    [ 'a token that is not base64', 'Negotiate !!!notbase64', 'malformed-credentials',
      undef, 'Negotiate' ],
    [ 'a ticket refused', $TICKET, 'bad-credentials', 'credentials-refused',
      qr/^Negotiate [A-Za-z0-9+\/=]+$/ ],
    [ 'Basic sent instead', basic_auth('bob:x'), 'wrong-scheme', 'scheme-not-offered',
      'Negotiate' ],
);
for my $case (@cases) {
    my ($name, $auth, $cause, $reason, $challenge) = @$case;
    my $res = GET '/kerberos/', defined $auth ? (Authorization => $auth) : ();
    my $body = $res->content;
    my @challenges = $res->header('WWW-Authenticate');

    ok t_cmp($res->code, 401, "$name: 401");
    ok t_cmp(scalar @challenges, 1, "$name: one challenge");
    ok t_cmp($challenges[0], $challenge, "$name: the challenge as mod_auth_gssapi made it");
    ok t_cmp(cause_of($body, 'text/html'), $cause, "$name: $cause");
    if (defined $reason) {
        ok t_cmp($body, qr{<dt>Decided by</dt><dd><code>\Q$reason\E</code>}, "$name: decided by $reason");
    }
    else {
        ok t_cmp($body, qr{<dt>Decided by</dt><dd><code>[a-z-]+</code>}, "$name: a reason given");
    }
    ok t_cmp($body =~ /password|Caps Lock/i ? 'password words' : 'none', 'none',
             "$name: no word of passwords");
    ok t_cmp(index($body, 'sign-in page'), -1, "$name: no sign-in page where there is none");
    ok t_cmp($body, qr{<dt>Sign-in method</dt><dd>Negotiate</dd>}, "$name: the sign-in method");
}

# the single sign-on words where nothing or NTLM came
my $none = GET '/kerberos/';
ok t_cmp($none->content, qr{<h1>This page needs your organisation&#39;s single sign-on</h1>},
         'nothing sent: the headline of single sign-on');
ok t_cmp($none->content, qr/VPN/, 'nothing sent: be on the network or its VPN');
ok t_cmp($none->content, qr/full host name/, 'nothing sent: use the full host name');
ok t_cmp($none->content, qr/AuthServerAllowlist/, 'nothing sent: the browser must be allowed to use it');

# the admin's hint names mod_auth_gssapi's log line, not a password
my $refused = GET '/kerberos/', Authorization => $TICKET;
ok t_cmp($refused->content, qr/GSS ERROR/, 'a ticket refused: the admin is sent to the GSS ERROR line');
ok t_cmp(error_log(), qr{H401002: cause=no-credentials reason=negotiate-ntlm url=/kerberos/},
         'error log: NTLM inside Negotiate');
ok t_cmp(error_log(), qr{H401002: cause=bad-credentials reason=credentials-refused url=/kerberos/},
         'error log: a ticket refused');
