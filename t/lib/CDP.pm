package CDP;
# Headless Chromium driven over the DevTools protocol, with nothing but
# Perl's core modules: Chromium started with --remote-debugging-pipe reads
# commands from its file descriptor 3 and writes results and events to its
# descriptor 4, each message one JSON text ended by a NUL byte. No
# WebSocket, no npm.
#
#   my $cdp = CDP->new(chromium => '/usr/bin/chromium');
#   my $s = $cdp->open_page;                     # a tab: its session id
#   $cdp->on('Fetch.requestPaused', sub { ... });  # called as events come
#   $cdp->call('Page.navigate', { url => $u }, $s);
#   my $ev = $cdp->wait_event('Page.loadEventFired', $s);
#
# Every wait has a time-out (timeout => seconds, default 15), so a browser
# that hangs fails the test instead of hanging the suite. The browser is
# killed and its profile removed when the object goes (or at exit).
use strict;
use warnings FATAL => 'all';

use Carp qw(croak);
use File::Temp qw(tempdir);
use IO::Handle ();
use JSON::PP ();
use POSIX ();
use Time::HiRes ();

my %live;    # pid => object, for END

sub new {
    my ($class, %opt) = @_;
    my $self = bless {
        chromium => $opt{chromium} || croak('no chromium'),
        timeout  => $opt{timeout} || 15,
        profile  => $opt{profile},
        own_profile => !$opt{profile},
        json     => JSON::PP->new->utf8->canonical,
        id       => 0,
        buf      => '',
        results  => {},    # id => message, of calls not yet collected
        events   => [],    # events not yet waited for
        handlers => {},    # method => [code...]
    }, $class;
    $self->{profile} ||= tempdir('h401-chromium.XXXXXX', TMPDIR => 1);
    $self->start(@{ $opt{args} || [] });
    return $self;
}

# Starts the browser on about:blank with pipes on its fds 3 and 4.
sub start {
    my ($self, @args) = @_;
    pipe(my $cmd_r, my $cmd_w) or croak "pipe: $!";
    pipe(my $out_r, my $out_w) or croak "pipe: $!";
    my @cmd = ($self->{chromium}, '--headless=new', '--remote-debugging-pipe', '--no-sandbox',
               '--disable-gpu', '--no-first-run', '--no-default-browser-check',
               '--disable-background-networking', '--disable-component-update',
               '--disable-sync', '--disable-extensions', '--disable-quic',
               '--password-store=basic', '--mute-audio', '--hide-scrollbars',
               "--user-data-dir=$self->{profile}", @args, 'about:blank');
    my $pid = fork;
    croak "fork: $!" unless defined $pid;
    if (!$pid) {
        # the child: dup the pipe ends out of the way first (either may
        # already be 3 or 4), then onto 3 and 4 (dup2 clears close-on-exec)
        my $in  = POSIX::dup(fileno $cmd_r);
        my $out = POSIX::dup(fileno $out_w);
        POSIX::dup2($in, 3) or POSIX::_exit(126);
        POSIX::dup2($out, 4) or POSIX::_exit(126);
        POSIX::close($in) if $in != 3 && $in != 4;
        POSIX::close($out) if $out != 3 && $out != 4;
        open STDIN, '<', '/dev/null';
        open STDOUT, '>>', "$self->{profile}/chromium.log";
        open STDERR, '>&', \*STDOUT;
        { no warnings 'exec'; exec { $cmd[0] } @cmd; }
        POSIX::_exit(127);
    }
    close $cmd_r;
    close $out_w;
    $cmd_w->autoflush(1);
    @$self{qw(pid cmd_w out_r buf)} = ($pid, $cmd_w, $out_r, '');
    $live{$pid} = $self;
    return $self;
}

# Sends a command and returns its id, without waiting for the result.
sub post {
    my ($self, $method, $params, $session) = @_;
    my $id = ++$self->{id};
    my %msg = (id => $id, method => $method, params => $params || {});
    $msg{sessionId} = $session if defined $session;
    my $bytes = $self->{json}->encode(\%msg) . "\0";
    local $SIG{PIPE} = 'IGNORE';
    my $fh = $self->{cmd_w} or croak "$method: the browser is gone";
    defined syswrite($fh, $bytes) or croak "$method: cannot write to the browser: $!";
    return $id;
}

# Sends a command and waits for its result (a hash); dies on a protocol
# error or when no answer comes in time. Events meanwhile are queued and
# handed to their handlers.
sub call {
    my ($self, $method, $params, $session, $timeout) = @_;
    my $id = $self->post($method, $params, $session);
    my $msg = $self->_until(sub { delete $self->{results}{$id} }, $timeout, "the result of $method");
    croak "$method: $msg->{error}{message}" if $msg->{error};
    return $msg->{result};
}

# Waits for an event by method name (and session, if given), returns its
# params; takes it off the queue. Dies when it does not come in time.
sub wait_event {
    my ($self, $method, $session, $timeout) = @_;
    my $ev = $self->_until(sub { $self->take_event($method, $session) }, $timeout, "event $method");
    return $ev->{params};
}

# The first queued event of that name (and session), removed, or undef.
sub take_event {
    my ($self, $method, $session) = @_;
    my $q = $self->{events};
    for my $i (0 .. $#$q) {
        next if $q->[$i]{method} ne $method;
        next if defined $session && ($q->[$i]{sessionId} // '') ne $session;
        return splice @$q, $i, 1;
    }
    return undef;
}

# Drops the queued events (of one session, if given): what came before
# an action cannot answer a wait for what follows it.
sub forget_events {
    my ($self, $session) = @_;
    $self->{events} = defined $session
        ? [ grep { ($_->{sessionId} // '') ne $session } @{ $self->{events} } ] : [];
    return;
}

# Reads what the browser has sent for up to $seconds; queues it.
sub pump {
    my ($self, $seconds) = @_;
    my $end = Time::HiRes::time() + $seconds;
    while ((my $left = $end - Time::HiRes::time()) > 0) {
        $self->_read($left);
    }
    return;
}

# Calls $code (with the event's params and the whole message) for each
# event of that name as it comes; its return value is ignored. A handler
# answers with post(), never call().
sub on {
    my ($self, $method, $code) = @_;
    push @{ $self->{handlers}{$method} }, $code;
    return;
}

sub off { my ($self, $method) = @_; delete $self->{handlers}{$method}; return }

# -- a tab

# A new tab (in a fresh browser context, like a private window, when
# asked), attached in flat mode: returns its session id (and the
# context's id, for Target.disposeBrowserContext).
sub open_page {
    my ($self, %opt) = @_;
    my %p = (url => 'about:blank');
    if ($opt{private}) {
        $p{browserContextId} = $self->call('Target.createBrowserContext')->{browserContextId};
    }
    my $target = $self->call('Target.createTarget', \%p)->{targetId};
    my $s = $self->call('Target.attachToTarget', { targetId => $target, flatten => JSON::PP::true })
                 ->{sessionId};
    $self->call($_, {}, $s) for qw(Page.enable Runtime.enable);
    return wantarray ? ($s, $p{browserContextId}) : $s;
}

# The value of a JavaScript expression in the tab (returned by value).
sub eval_js {
    my ($self, $s, $expr) = @_;
    my $r = $self->call('Runtime.evaluate',
                        { expression => $expr, returnByValue => JSON::PP::true,
                          awaitPromise => JSON::PP::true }, $s);
    croak "evaluate: $r->{exceptionDetails}{text}: "
          . ($r->{exceptionDetails}{exception}{description} // '') if $r->{exceptionDetails};
    return $r->{result}{value};
}

# -- the plumbing

sub _until {
    my ($self, $found, $timeout, $what) = @_;
    my $end = Time::HiRes::time() + ($timeout || $self->{timeout});
    while (1) {
        my $got = $found->();
        return $got if $got;
        my $left = $end - Time::HiRes::time();
        croak "no $what from the browser within " . ($timeout || $self->{timeout}) . 's'
            if $left <= 0;
        $self->_read($left);
    }
}

# Waits up to $left seconds for bytes; splits them into messages.
sub _read {
    my ($self, $left) = @_;
    my $fh = $self->{out_r} or croak 'the browser is gone';
    my $rin = '';
    vec($rin, fileno($fh), 1) = 1;
    my $n = select(my $rout = $rin, undef, undef, $left);
    return if $n <= 0;
    my $got = sysread($fh, $self->{buf}, 1 << 16, length $self->{buf});
    croak "reading from the browser: $!" unless defined $got;
    if (!$got) {
        close $fh;
        $self->{out_r} = undef;
        croak 'the browser closed its pipe (crashed?): ' . $self->log_tail;
    }
    while ((my $nul = index $self->{buf}, "\0") >= 0) {
        my $text = substr $self->{buf}, 0, $nul + 1, '';
        chop $text;
        my $msg = $self->{json}->decode($text);
        if (defined $msg->{id}) {
            $self->{results}{ $msg->{id} } = $msg;
            next;
        }
        push @{ $self->{events} }, $msg;
        $_->($msg->{params}, $msg) for @{ $self->{handlers}{ $msg->{method} } || [] };
    }
    return;
}

# The last lines the browser printed, for a failure message.
sub log_tail {
    my $self = shift;
    open my $fh, '<', "$self->{profile}/chromium.log" or return '';
    my @lines = <$fh>;
    return join '', grep { defined } @lines[-5 .. -1];
}

# Ends the browser: asks it to close, then kills it if it lingers.
sub quit {
    my $self = shift;
    my $pid = delete $self->{pid} or return;
    delete $live{$pid};
    eval { $self->post('Browser.close') };
    close $self->{cmd_w} if $self->{cmd_w};
    $self->{cmd_w} = undef;
    my $end = Time::HiRes::time() + 3;
    while (waitpid($pid, POSIX::WNOHANG()) == 0) {
        if (Time::HiRes::time() > $end) {
            kill 'KILL', $pid;
            waitpid $pid, 0;
            last;
        }
        Time::HiRes::sleep(0.05);
    }
    close $self->{out_r} if $self->{out_r};
    $self->{out_r} = undef;
    return;
}

sub DESTROY {
    my $self = shift;
    local ($@, $!, $?);
    $self->quit;
    if ($self->{own_profile} && $self->{profile} && -d $self->{profile}) {
        require File::Path;
        File::Path::remove_tree($self->{profile});
    }
}

END { $_->DESTROY for values %live }

1;
