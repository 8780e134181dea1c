# The page as a visitor meets it, in a real browser: headless Chromium,
# driven over the DevTools protocol (t/lib/CDP.pm), answers the login box
# as a person does (Cancel, a wrong password, the right one) and the test
# reads what the visitor reads: the headline, the first remedy, where the
# main button leads. Then how the page looks: on a phone the headline and
# the button are on the first screen; in dark mode and in forced-colors
# mode the button still looks like a button; text and links reach 7:1
# contrast; the reference code does not break at its hyphen. And what the
# remedies claim browsers do is checked here, in Chromium: a reload
# brings the box back, the browser keeps a password it was given until it
# quits but lets go of one the server refused, a private window starts
# without it, a stale Digest nonce is answered without asking.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use FindBin ();
use Time::HiRes ();
use lib "$FindBin::Bin/lib";
use H401Test ();
use Encode ();

my $chromium = (grep { -x } '/usr/bin/chromium', '/usr/bin/chromium-browser')[0];

# (need_module takes a list: inside it, a need {...} would be read as one
# more module name, and never skip)
plan tests => 77, need need_module('helpful401'),
    { 'chromium (Debian package chromium)' => defined $chromium };

require CDP;

# The shipped English words of a key, as characters (the browser's text is).
sub message { Encode::decode('UTF-8', H401Test::message($_[0], $_[1])) }

# A browser that hangs fails the test rather than the suite.
local $SIG{ALRM} = sub { die "t/13_browser.t: the browser took longer than 90 seconds\n" };
alarm 90;

my $base = 'http://' . Apache::Test::vars('servername') . ':' . Apache::Test::vars('port');
my $cdp = CDP->new(chromium => $chromium, timeout => 20);
my $tab = open_tab($cdp);

# -- answering the login box

# A tab whose login boxes are answered from its queue of answers; what
# the page logs as an error is kept. private => 1: in a browser context of
# its own, as a private window is (its passwords go with it).
sub open_tab {
    my ($c, %opt) = @_;
    my ($s, $context) = $c->open_page(%opt);
    my $t = { cdp => $c, s => $s, context => $context, answers => [], boxes => [], errors => [] };
    $c->call($_, {}, $s) for qw(Log.enable Network.enable);
    # from the server every time: a page kept in the cache would answer
    # for the browser's memory of a password
    $c->call('Network.setCacheDisabled', { cacheDisabled => JSON::PP::true }, $s);
    $c->call('Fetch.enable', { handleAuthRequests => JSON::PP::true,
                               patterns => [ { urlPattern => '*' } ] }, $s);
    $c->on('Fetch.requestPaused', sub {
        my ($p, $m) = @_;
        return if $m->{sessionId} ne $s;
        $c->post('Fetch.continueRequest', { requestId => $p->{requestId} }, $s);
    });
    $c->on('Fetch.authRequired', sub {
        my ($p, $m) = @_;
        return if $m->{sessionId} ne $s;
        push @{ $t->{boxes} }, $p->{authChallenge};
        my $a = shift @{ $t->{answers} } || ['CancelAuth'];
        my %r = (response => $a->[0]);
        @r{qw(username password)} = @$a[1, 2] if @$a > 1;
        $c->post('Fetch.continueWithAuth', { requestId => $p->{requestId}, authChallengeResponse => \%r }, $s);
    });
    my $err = sub { my ($m, $what) = @_; push @{ $t->{errors} }, $what if $m->{sessionId} eq $s };
    $c->on('Log.entryAdded', sub {
        my ($p, $m) = @_;
        my $e = $p->{entry};
        # the document's own status is logged as a failed load: that is
        # the 401 itself, not a fault of the page
        return if $e->{level} ne 'error'
               || ($e->{source} eq 'network' && $e->{text} =~ /status of 40[13]/)
               || ($e->{url} // '') =~ m{/favicon\.ico$};
        $err->($m, "$e->{source}: $e->{text}");
    });
    $c->on('Runtime.exceptionThrown', sub { $err->($_[1], "exception: $_[0]{exceptionDetails}{text}") });
    $c->on('Runtime.consoleAPICalled', sub {
        $err->($_[1], "console.$_[0]{type}") if $_[0]{type} =~ /error|warning|assert/;
    });
    return $t;
}

# Opens an address (or reloads, or follows the main button) answering
# each login box with the next answer: [ 'CancelAuth' ] or
# [ 'ProvideCredentials', user, password ]. Returns what the visitor sees.
sub visit {
    my ($t, $how, @answers) = @_;
    my ($c, $s) = @$t{qw(cdp s)};
    @$t{qw(answers boxes errors)} = ([@answers], [], []);
    $c->forget_events($s);
    if ($how eq 'reload') {
        $c->call('Page.reload', { ignoreCache => JSON::PP::true }, $s);
    } elsif ($how eq 'button') {
        $c->eval_js($s, 'document.querySelector("a.action").click(), 1');
    } else {
        my $r = $c->call('Page.navigate', { url => $how }, $s);
        die "$how: $r->{errorText}\n" if $r->{errorText};
    }
    $c->wait_event('Page.loadEventFired', $s);
    my $seen = $c->eval_js($s, <<'JS');
(() => {
    const q = s => document.querySelector(s), txt = s => q(s) ? q(s).textContent.trim() : null;
    const b = q('a.action');
    return { url: location.href, title: document.title, lang: document.documentElement.lang,
             h1: txt('h1'), remedy: txt('ol li'), body: document.body.innerText,
             button: b ? b.textContent.trim() : null, href: b ? b.href : null };
})()
JS
    $seen->{boxes} = [ @{ $t->{boxes} } ];
    $seen->{errors} = [ @{ $t->{errors} } ];
    return $seen;
}

# A message with its {{#name}}..{{/name}} sections and {{name}} values
# filled in, as the page shows it.
sub fill {
    my ($text, %v) = @_;
    $text =~ s/\{\{#(\w+)\}\}(.*?)\{\{\/\1\}\}/defined $v{$1} ? $2 : ''/ge;
    $text =~ s/\{\{(\w+)\}\}/$v{$1}/g;
    return $text;
}

sub boxes { my $seen = shift; join ', ', map { "$_->{scheme} \"$_->{realm}\"" } @{ $seen->{boxes} } }

my %en = map { $_ => message('en', $_) } qw(ui.go_reload cause.no-credentials.title
    cause.bad-credentials.title remedy.reload-sign-in remedy.retype);
my $cancel = ['CancelAuth'];

# Basic and Digest, the box cancelled: the page says to sign in, its first
# remedy says a reload brings the box back, and its button reloads this
# address.
for my $area ([ basic => 'Staff area' ], [ digest => 'Digest area' ]) {
    my ($scheme, $realm) = @$area;
    my $url = "$base/$scheme/";
    my $seen = visit($tab, $url, $cancel);
    ok t_cmp(boxes($seen), qq{$scheme "$realm"}, "$scheme, cancelled: the browser asked once");
    ok t_cmp($seen->{h1}, $en{'cause.no-credentials.title'}, "$scheme, cancelled: the headline");
    ok t_cmp($seen->{remedy}, $en{'remedy.reload-sign-in'}, "$scheme, cancelled: the first remedy");
    ok t_cmp($seen->{button}, $en{'ui.go_reload'}, "$scheme, cancelled: the button's words");
    ok t_cmp($seen->{href}, $url, "$scheme, cancelled: the button reloads the same address");
    ok t_cmp("@{ $seen->{errors} }", '', "$scheme, cancelled: no error in the console");

    # the first remedy's promise: a reload asks again
    my $again = visit($tab, 'reload', $cancel);
    ok t_cmp(boxes($again), qq{$scheme "$realm"}, "$scheme: a reload brings the box back");
    ok t_cmp($again->{h1}, $en{'cause.no-credentials.title'}, "$scheme: cancelled again, the same page");
}

# A wrong password, then Cancel: the page says it was not accepted, and
# to type it again; the button reloads, the box comes back, and the right
# password gets in. In a window of its own (a browser context, as a
# private window is), so that the password it keeps goes with it.
{
    my $url = "$base/basic/";
    my $own = open_tab($cdp, private => 1);
    my $seen = visit($own, $url, [ ProvideCredentials => 'bob', 'wrong' ], $cancel);
    ok t_cmp(scalar @{ $seen->{boxes} }, 2, 'wrong password: the box came back, then was cancelled');
    ok t_cmp($seen->{h1}, $en{'cause.bad-credentials.title'}, 'wrong password: the headline');
    ok t_cmp($seen->{remedy}, $en{'remedy.retype'}, 'wrong password: the first remedy');
    ok t_cmp($seen->{body}, qr/^\Q@{[ message('en', 'ui.user') ]}\E\s*\nbob$/m,
             'wrong password: the page names the user name sent');
    ok t_cmp($seen->{href}, $url, 'wrong password: the button reloads the same address');

    # the browser does not keep a refused password (restart-browser once
    # said it keeps sending it): it sends nothing and asks again
    my $again = visit($own, 'reload', $cancel);
    ok t_cmp(scalar @{ $again->{boxes} }, 1, 'after a wrong password, a reload asks again');
    ok t_cmp($again->{h1}, $en{'cause.no-credentials.title'},
             'after a wrong password and Cancel, the browser sent nothing');

    my $in = visit($own, 'button', [ ProvideCredentials => 'bob', 'correct horse' ]);
    ok t_cmp(scalar @{ $in->{boxes} }, 1, 'the button: the box again');
    ok t_cmp($in->{body}, 'secret basic', 'the button: the right password gets in');

    # what other-account-box says: the browser keeps the name and
    # password typed into its box, and sends them on its own
    my $kept = visit($own, $url);
    ok t_cmp(boxes($kept), '', 'signed in: the browser does not ask again');
    ok t_cmp($kept->{body}, 'secret basic', 'signed in: it sends the kept password on its own');
    my $other = visit($own, "$base/basic/other", $cancel);
    ok t_cmp(boxes($other), '', 'signed in: it sends it for the rest of the area too');

    # what private-window and other-account say: a private window starts
    # without that sign-in
    my $private = open_tab($cdp, private => 1);
    my $p = visit($private, $url, $cancel);
    ok t_cmp(boxes($p), 'basic "Staff area"', 'a private window starts without the sign-in');
    $cdp->call('Target.disposeBrowserContext', { browserContextId => $_->{context} }) for $own, $private;
}

# Signed in but not let in (not-permitted, Basic): after the refusal the
# browser asks again at once, and a reload asks again too: it no longer
# sends the refused account, so another can be typed in (other-account-box
# said the browser kept it until it quit, which is not so).
{
    my $own = open_tab($cdp, private => 1);
    my $seen = visit($own, "$base/only-alice/", [ ProvideCredentials => 'bob', 'correct horse' ], $cancel);
    ok t_cmp(boxes($seen), 'basic "Alice only", basic "Alice only"',
             'not permitted: the browser asks again after the refusal');
    ok t_cmp($seen->{h1}, fill(message('en', 'cause.not-permitted.title.basic'), user => 'bob'),
             'not permitted: the headline');
    ok t_cmp($seen->{remedy}, message('en', 'remedy.other-account-box'), 'not permitted: the first remedy');
    ok t_cmp($seen->{href}, "$base/only-alice/", 'not permitted: the button reloads the same address');
    my $again = visit($own, 'button', $cancel);
    ok t_cmp(boxes($again), 'basic "Alice only"', 'not permitted: the button brings the box back');
    ok t_cmp($again->{h1}, $en{'cause.no-credentials.title'},
             'not permitted: the browser no longer sends the refused account');
    $cdp->call('Target.disposeBrowserContext', { browserContextId => $own->{context} });
}

# Digest, one realm for two areas: the browser offers the account it
# keeps to the second on its own, and once that refuses it, forgets it
# for the whole realm.
{
    my $own = open_tab($cdp, private => 1);
    my $in = visit($own, "$base/digest/", [ ProvideCredentials => 'dave', 'secret' ]);
    ok t_cmp($in->{body}, 'secret digest', 'Digest: signed in as dave');
    my $np = visit($own, "$base/digest-carol/", $cancel);
    ok t_cmp(scalar @{ $np->{boxes} }, 1, 'Digest, not permitted: the kept account sent unasked, then the box');
    ok t_cmp($np->{h1}, fill(message('en', 'cause.not-permitted.title.basic'), user => 'dave'),
             'Digest, not permitted: the headline names dave');
    my $back = visit($own, "$base/digest/", $cancel);
    ok t_cmp(boxes($back), 'digest "Digest area"',
             'Digest: after the refusal the browser asks again in the whole realm');
    $cdp->call('Target.disposeBrowserContext', { browserContextId => $own->{context} });
}

# Digest's stale nonce (expired-token.digest, nonce-reload): the browser
# answers the new challenge with the password it has, without asking. In
# a window of its own: the browser would offer dave's password to the
# whole realm after.
{
    my $own = open_tab($cdp, private => 1);
    my $in = visit($own, "$base/digest-brief/", [ ProvideCredentials => 'dave', 'secret' ]);
    ok t_cmp(boxes($in), 'digest "Digest area"', 'Digest, short nonces: signed in through the box');
    ok t_cmp($in->{body}, 'secret digest', 'Digest, short nonces: in');
    Time::HiRes::sleep(1.5);    # AuthDigestNonceLifetime 1
    my $later = visit($own, 'reload');
    ok t_cmp(boxes($later), '', 'a stale nonce: the browser answers anew without asking');
    ok t_cmp($later->{body}, 'secret digest', 'a stale nonce: still in');
    $cdp->call('Target.disposeBrowserContext', { browserContextId => $own->{context} });
}

# Pages without a login box still show in full, with no console error
# (a CSP of the README's recipe included).
for my $case ([ '/api/orders', 'cause.no-credentials.title.bearer' ],
              [ '/app/data', 'cause.server-misconfigured.title' ],
              [ '/form-plain/', 'cause.no-credentials.title' ],
              [ '/csp/', 'cause.no-credentials.title' ]) {
    my ($path, $key) = @$case;
    my $seen = visit($tab, "$base$path", $cancel);
    ok t_cmp($seen->{title}, message('en', $key), "$path: the title");
    ok t_cmp($seen->{h1}, message('en', $key), "$path: the headline");
    ok t_cmp($seen->{lang}, 'en', "$path: lang attribute");
    ok t_cmp("@{ $seen->{errors} }", '', "$path: no error in the console");
}

# -- how it looks

# The colours of each piece of text, of the main button and of what is
# behind them, as sRGB [r, g, b, a] from the computed styles; the
# background is composed walking up to the canvas.
my $styles_js = <<'JS';
(() => {
    const rgba = c => {
        const n = c.match(/[\d.]+/g).map(Number);
        if (/^color\(/.test(c)) return [n[0] * 255, n[1] * 255, n[2] * 255, n.length > 3 ? n[3] : 1];
        return n.length > 3 ? n : [...n, 1];
    };
    const probe = document.createElement('div');
    probe.style.cssText = 'background:Canvas';
    document.body.append(probe);
    const canvas = rgba(getComputedStyle(probe).backgroundColor);
    probe.remove();
    const behind = e => {
        const layers = [];
        for (let p = e; p; p = p.parentElement) layers.push(rgba(getComputedStyle(p).backgroundColor));
        return [canvas, ...layers.reverse()];
    };
    const texts = [];
    for (const e of document.body.querySelectorAll('*')) {
        const own = [...e.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
        if (!own.length || !e.getClientRects().length) continue;
        texts.push({ what: e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''),
                     text: own[0].textContent.trim().slice(0, 30),
                     color: rgba(getComputedStyle(e).color), bg: behind(e) });
    }
    const b = document.querySelector('a.action'), bs = getComputedStyle(b);
    const border = parseFloat(bs.borderTopWidth) > 0 && !/none|hidden/.test(bs.borderTopStyle)
                   ? rgba(bs.borderTopColor) : null;
    return { texts, button: { color: rgba(bs.color), bg: behind(b), border,
                              underline: /underline/.test(bs.textDecorationLine),
                              behind: behind(b.parentElement) } };
})()
JS

# Colour layers (bottom first) composed into one opaque colour.
sub compose {
    my @acc = @{ $_[0][0] }[0 .. 2];
    for my $c (@{ $_[0] }[1 .. $#{ $_[0] }]) {
        my $a = $c->[3];
        @acc = map { $c->[$_] * $a + $acc[$_] * (1 - $a) } 0 .. 2;
    }
    return \@acc;
}

# WCAG 2 contrast ratio of two opaque colours.
sub luminance {
    my @l = map { my $v = $_ / 255; $v <= 0.04045 ? $v / 12.92 : (($v + 0.055) / 1.055)**2.4 } @{ $_[0] };
    return 0.2126 * $l[0] + 0.7152 * $l[1] + 0.0722 * $l[2];
}
sub contrast {
    my ($x, $y) = sort { $b <=> $a } map { luminance($_) } @_;
    return ($x + 0.05) / ($y + 0.05);
}
sub css_hex { sprintf '#%02x%02x%02x', map { int($_ + 0.5) } @{ $_[0] } }

# The text below 7:1 in the current mode, as readable lines.
sub low_contrast {
    my $st = shift;
    my @low;
    for my $t (@{ $st->{texts} }) {
        my ($fg, $bg) = (compose([ compose($t->{bg}), $t->{color} ]), compose($t->{bg}));
        my $r = contrast($fg, $bg);
        push @low, sprintf('%s "%s" %s on %s: %.2f', $t->{what}, $t->{text}, css_hex($fg), css_hex($bg), $r)
            if $r < 7;
    }
    return @low;
}

# Why the main button would not look like a button, or '': its edge (its
# own background, or its border) must stand out at 3:1 from what is
# behind it (WCAG's non-text contrast), its label at 7:1 from its
# background, and it must not be underlined like a link.
sub not_a_button {
    my $b = shift->{button};
    my ($around, $face) = (compose($b->{behind}), compose($b->{bg}));
    my $edge = contrast($face, $around);
    $edge = contrast(compose([ $around, $b->{border} ]), $around)
        if $b->{border} && contrast(compose([ $around, $b->{border} ]), $around) > $edge;
    my $label = contrast(compose([ $face, $b->{color} ]), $face);
    my @why;
    push @why, sprintf('its edge stands out only %.2f:1 (%s on %s)', $edge, css_hex($face), css_hex($around))
        if $edge < 3;
    push @why, sprintf('its label has %.2f:1', $label) if $label < 7;
    push @why, 'it is underlined' if $b->{underline};
    return join '; ', @why;
}

sub emulate {
    my ($t, %m) = @_;
    $cdp->call('Emulation.setEmulatedMedia',
               { features => [ map { { name => $_, value => $m{$_} } } sort keys %m ] }, $t->{s});
}

{
    my $url = "$base/basic/";
    my %modes = (light => { 'prefers-color-scheme' => 'light' },
                 dark  => { 'prefers-color-scheme' => 'dark' },
                 'forced colors' => { 'forced-colors' => 'active' },
                 'forced colors, dark' => { 'forced-colors' => 'active',
                                            'prefers-color-scheme' => 'dark' });
    for my $mode ('light', 'dark', 'forced colors', 'forced colors, dark') {
        emulate($tab, %{ $modes{$mode} });
        visit($tab, $url, $cancel);
        my $st = $cdp->eval_js($tab->{s}, $styles_js);
        ok t_cmp(not_a_button($st), '', "$mode: the main button looks like a button");
        next if $mode =~ /forced/;
        ok t_cmp(join('; ', low_contrast($st)), '', "$mode: text and links reach 7:1 contrast");
    }
    emulate($tab);
}

# On a phone (390 by 844 CSS pixels) the headline and the main button are
# on the first screen, and nothing is wider than it; for the pages of
# Basic and Digest, and of a refused password.
$cdp->call('Emulation.setDeviceMetricsOverride',
           { width => 390, height => 844, deviceScaleFactor => 3, mobile => JSON::PP::true }, $tab->{s});
for my $case ([ 'basic, cancelled', '/basic/', $cancel ],
              [ 'digest, cancelled', '/digest/', $cancel ],
              [ 'basic, wrong password', '/basic/', [ ProvideCredentials => 'bob', 'wrong' ], $cancel ]) {
    my ($name, $path, @answers) = @$case;
    visit($tab, "$base$path", @answers);
    my $fit = $cdp->eval_js($tab->{s}, <<'JS');
(() => {
    const bottom = s => Math.ceil(document.querySelector(s).getBoundingClientRect().bottom);
    return { h1: bottom('h1'), button: bottom('a.action'), screen: innerHeight,
             width: document.documentElement.scrollWidth, vw: innerWidth };
})()
JS
    ok t_cmp($fit->{screen}, 844, "phone, $name: the screen is 844 pixels high");
    my $below = join ', ', map { "$_ ends at $fit->{$_}px" } grep { $fit->{$_} > $fit->{screen} } qw(h1 button);
    ok t_cmp($below, '', "phone, $name: headline and button on the first screen");
    ok t_cmp($fit->{width}, $fit->{vw}, "phone, $name: nothing wider than the screen");
}

# The reference code at the foot stays whole: at every width of the
# footer from 100 to 700 pixels, its characters are on one line.
{
    visit($tab, "$base/basic/", $cancel);
    my $broken = $cdp->eval_js($tab->{s}, <<'JS');
(() => {
    const f = document.querySelector('footer');
    const walk = document.createTreeWalker(f, NodeFilter.SHOW_TEXT);
    let node, m;
    while ((node = walk.nextNode()) && !(m = /no[-\u2011]credentials/.exec(node.textContent)));
    if (!m) return 'no reference code in the footer';
    const r = document.createRange();
    r.setStart(node, m.index);
    r.setEnd(node, m.index + m[0].length);
    const bad = [];
    for (let w = 100; w <= 700; w += 2) {
        f.style.width = w + 'px';
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        if (tops.size > 1) bad.push(w);
    }
    f.style.width = '';
    return bad.length ? 'broken at widths ' + bad.slice(0, 5).join(', ') + (bad.length > 5 ? '...' : '') : '';
})()
JS
    ok t_cmp($broken, '', 'the reference code never breaks at its hyphen');
}

# What restart-browser and other-account-box say: a browser closed and
# started again (the same profile) has forgotten the password it kept.
{
    my $url = "$base/basic/";
    my $in = visit($tab, $url, [ ProvideCredentials => 'bob', 'correct horse' ]);
    ok t_cmp($in->{body}, 'secret basic', 'before the restart: signed in');
    $cdp->quit;
    my $restarted = CDP->new(chromium => $chromium, timeout => 20, profile => $cdp->{profile});
    my $r = visit(open_tab($restarted), $url, $cancel);
    ok t_cmp(boxes($r), 'basic "Staff area"', 'the browser restarted: it asks for the password again');
    $restarted->quit;
}

alarm 0;
