package H401Test;
# What the server tests t/*.t share: credentials and tokens to send, a
# request sent byte for byte, reading the page that comes back (its cause,
# language, JSON), the shipped words, and the server's logs.
#
#   use FindBin ();
#   use lib "$FindBin::Bin/lib";
#   use H401Test qw(basic_auth raw_get ...);
use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use Apache::Test ();
use Apache::TestRequest ();
use JSON::PP ();
use MIME::Base64 qw(encode_base64 encode_base64url);

our @EXPORT_OK = qw(basic_auth jwt raw_get first_header json_of html_lang
                    cause_of reference_re message without_request_id slurp error_log);

# -- what a client sends

# An Authorization value for Basic: basic_auth('bob:secret').
sub basic_auth { return 'Basic ' . encode_base64(shift, '') }

# A JSON Web Token with the given payload (and header) JSON and a made-up
# signature: read to explain a refusal, never verified.
sub jwt {
    my ($payload, $head) = @_;
    return join '.', encode_base64url($head || '{"alg":"HS256","typ":"JWT"}'),
                     encode_base64url($payload), 'c2lnbmF0dXJl';
}

# A GET sent as is, for what a client library would encode, refuse or
# join: raw_get(VHOST, TARGET, HEADER_LINE...), VHOST undef for the main
# server. Returns { status, headers (lower-case name => [values]), body,
# raw (the whole response) }, read to the end (Connection: close).
sub raw_get {
    my ($module, $target, @lines) = @_;
    my $sock = Apache::TestRequest::vhost_socket($module) or die "no socket: $!";
    binmode $sock;
    print $sock "GET $target HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
                map({ "$_\r\n" } @lines), "\r\n";
    my $all = do { local $/; <$sock> };
    $all = '' unless defined $all;
    my ($head, $body) = split /\r\n\r\n/, $all, 2;
    my ($status_line, @header_lines) = split /\r\n/, $head // '';
    my %headers;
    for (@header_lines) {
        my ($k, $v) = /^([^:]+):\s*(.*)$/ or next;
        push @{ $headers{lc $k} }, $v;
    }
    my ($status) = ($status_line // '') =~ m{^HTTP/1\.\d (\d{3})};
    return { status => $status, headers => \%headers, body => $body // '', raw => $all };
}

# -- reading the answer

# The first value of a header in a { headers => ... } response.
sub first_header { my ($res, $name) = @_; return ($res->{headers}{$name} || [])->[0] }

# The document in JSON bytes, or undef (and $@) when they do not parse.
sub json_of {
    my $bytes = shift;
    return eval { JSON::PP->new->utf8->decode($bytes) };
}

# <html lang> of an HTML page, or undef.
sub html_lang {
    my $body = shift;
    return $body =~ /^<!DOCTYPE html>\n<html lang="([^"]+)">/ ? $1 : undef;
}

# The cause a page states: "cause" of a JSON page, else what stands where
# ui.reference of its language (default: the HTML page's, or en) has it.
sub cause_of {
    my ($body, $type, $lang) = @_;
    if ($type =~ /json/) {
        my $doc = json_of($body) || {};
        return $doc->{cause};
    }
    $lang ||= html_lang($body) || 'en';
    my ($before, $after) = split /\{\{reference\}\}/, message($lang, 'ui.reference'), 2;
    if ($type =~ /html/) {   # as the page escapes its words
        for ($before, $after) {
            s/&/&amp;/g; s/</&lt;/g; s/>/&gt;/g; s/"/&quot;/g; s/'/&#39;/g;
        }
    }
    return undef unless $body =~ /\Q$before\E((?:[a-z0-9-]|\xE2\x80\x91)+)\Q$after\E/;
    (my $cause = $1) =~ s/\xE2\x80\x91/-/g;
    return $cause;
}

# The English reference line of an HTML page for a cause, as a pattern:
# the page writes the id's hyphens as non-breaking ones (U+2011, here in
# UTF-8 bytes, as a response's content is).
sub reference_re {
    (my $shown = shift) =~ s/-/\xE2\x80\x91/g;
    return qr/reference: \Q$shown\E\./;
}

# A page with mod_unique_id's request id taken out (it differs from
# request to request), HTML or JSON.
sub without_request_id {
    my $page = shift;
    $page =~ s{ <span class="rid">\([^)]*\)</span>}{};
    $page =~ s{,\n  "request_id": "[^"]*"}{};
    return $page;
}

# -- files

# The words of KEY in a language's shipped messages.txt: the tests look
# them up rather than copy them, as they get edited.
sub message {
    my ($lang, $key) = @_;
    my $file = Apache::Test::vars('top_dir') . "/templates/$lang/messages.txt";
    open my $fh, '<', $file or die "$file: $!";
    while (my $line = <$fh>) {
        return $1 if $line =~ /^\Q$key\E = (.*?)\s*$/;
    }
    die "no $key in $file";
}

sub slurp {
    my $file = shift;
    open my $fh, '<', $file or die "$file: $!";
    local $/;
    return scalar <$fh>;
}

# The server's error_log as it is now.
sub error_log { return slurp(Apache::Test::vars('t_logs') . '/error_log') }

1;
