#!/usr/bin/perl
# Every directive is created, merged and documented: a TAP test that reads
# the glue (mod_helpful401*.c and mod_helpful401*.h, however it is split)
# and README.md, and fails when
#
#  - the module structure (AP_DECLARE_MODULE) does not name a per-directory
#    create, merge and command table, or h401_dir_conf cannot be read;
#  - a directive of the command table sets no field of h401_dir_conf that
#    can be seen (through an APR_OFFSETOF slot, or an assignment to a
#    h401_dir_conf * in its handler or a glue function the handler calls);
#  - create does not allocate with apr_pcalloc (NULL is the unset value of
#    pointer fields), or leaves a field that is not a pointer (where 0 is
#    a setting, e.g. Off) without an explicit unset value;
#  - merge does not allocate a fresh struct with apr_pcalloc, returns
#    anything but that struct (a shortcut that hands back base or add
#    makes every new field a trap), or does not assign every field of
#    h401_dir_conf explicitly;
#  - README.md has no "### Name" section for a directive, or its
#    Directives section has one for a directive the table does not have.
#
# It reads C the simple way (comments and strings blanked, brackets
# matched), enough for code written as the glue is; a directive of the
# server config (not h401_dir_conf) would need it taught.
#
# Usage: tools/check-directives.pl   (prove runs it; so does make test)
use strict;
use warnings;

use FindBin ();
use Test::More;

my $top = "$FindBin::Bin/..";
my @glue = sort(glob("$top/mod_helpful401*.c"), glob("$top/mod_helpful401*.h"));
my $readme = "$top/README.md";
my $STRUCT = 'h401_dir_conf';

# -- reading C

# The text with comments blanked out ("code") and, for finding structure,
# string and character literals blanked too ("skel"); same length, same
# line breaks, so that an offset in one is the same place in the other.
sub strip_c {
    my $text = shift;
    my ($code, $skel) = ('', '');
    my $n = length $text;
    my $i = 0;
    while ($i < $n) {
        my $c = substr($text, $i, 1);
        my $two = substr($text, $i, 2);
        if ($two eq '/*') {
            my $end = index($text, '*/', $i + 2);
            $end = $end < 0 ? $n : $end + 2;
            (my $blank = substr($text, $i, $end - $i)) =~ s/[^\n]/ /g;
            $code .= $blank; $skel .= $blank; $i = $end;
        }
        elsif ($two eq '//') {
            my $end = index($text, "\n", $i);
            $end = $n if $end < 0;
            my $blank = ' ' x ($end - $i);
            $code .= $blank; $skel .= $blank; $i = $end;
        }
        elsif ($c eq '"' || $c eq "'") {
            my $j = $i + 1;
            while ($j < $n && substr($text, $j, 1) ne $c) {
                $j += substr($text, $j, 1) eq '\\' ? 2 : 1;
            }
            $j++;
            my $lit = substr($text, $i, $j - $i);
            (my $blank = $lit) =~ s/[^\n]/ /g;
            $code .= $lit; $skel .= $c . substr($blank, 1, -1) . $c; $i = $j;
        }
        else {
            $code .= $c; $skel .= $c; $i++;
        }
    }
    # preprocessor lines are not C: blank them in the skeleton
    $skel =~ s/^([ \t]*#.*)$/' ' x length($1)/gme;
    return ($code, $skel);
}

# The offset just past the bracket that closes the one at $open.
sub closing {
    my ($skel, $open) = @_;
    my %pair = ('(' => ')', '{' => '}', '[' => ']');
    my ($o, $c) = (substr($skel, $open, 1), $pair{substr($skel, $open, 1)});
    my $depth = 0;
    for (my $i = $open; $i < length $skel; $i++) {
        my $ch = substr($skel, $i, 1);
        $depth++ if $ch eq $o;
        $depth-- if $ch eq $c;
        return $i + 1 if $depth == 0;
    }
    return undef;
}

# The parts of a list between brackets, split at commas outside brackets.
sub split_top {
    my ($skel, $from, $to) = @_;
    my @parts;
    my ($depth, $start) = (0, $from);
    for (my $i = $from; $i < $to; $i++) {
        my $ch = substr($skel, $i, 1);
        $depth++ if $ch =~ /[({\[]/;
        $depth-- if $ch =~ /[)}\]]/;
        if ($ch eq ',' && $depth == 0) {
            push @parts, [ $start, $i ];
            $start = $i + 1;
        }
    }
    push @parts, [ $start, $to ];
    return grep { substr($skel, $_->[0], $_->[1] - $_->[0]) =~ /\S/ } @parts;
}

sub trim { my $s = shift; $s =~ s/^\s+|\s+$//g; $s =~ s/\s+/ /g; return $s }

my (%code, %skel);
for my $file (@glue) {
    open my $fh, '<', $file or die "$file: $!";
    my $text = do { local $/; <$fh> };
    ($code{$file}, $skel{$file}) = strip_c($text);
}
sub short { (my $f = shift) =~ s{^\Q$top\E/}{}; return $f }

# Every function defined in the glue: name => { file, params, body }.
my %functions;
for my $file (@glue) {
    my $skel = $skel{$file};
    while ($skel =~ /\b([A-Za-z_]\w*)\s*\(/g) {
        my ($name, $open) = ($1, pos($skel) - 1);
        next if $name =~ /^(if|while|for|switch|return|sizeof)$/;
        my $close = closing($skel, $open) or next;
        my $rest = substr($skel, $close);
        next unless $rest =~ /^\s*\{/;
        # a definition starts a line (after its return type), not an
        # expression
        my $line_start = rindex($skel, "\n", $open) + 1;
        next if substr($skel, $line_start, $open - $line_start) =~ /[=,(]/;
        my $brace = $close + index($rest, '{');
        my $end = closing($skel, $brace) or next;
        $functions{$name} ||= { file => $file,
                                params => substr($skel, $open + 1, $close - $open - 2),
                                body => substr($skel, $brace, $end - $brace) };
        pos($skel) = $end;
    }
}

# -- what the glue says

# h401_dir_conf's fields: name => 1 if a pointer (or array), 0 if not.
my (%fields, @field_order);
for my $file (@glue) {
    my $skel = $skel{$file};
    my $body;
    while ($skel =~ /\b(?:typedef\s+struct\s*\w*|struct\s+\Q$STRUCT\E)\s*\{/g) {
        my $typedef = $& =~ /^typedef/;
        my $open = pos($skel) - 1;
        my $end = closing($skel, $open) or last;
        if (!$typedef || substr($skel, $end) =~ /^\s*\Q$STRUCT\E\s*;/) {
            $body = substr($skel, $open + 1, $end - $open - 2);
            last;
        }
        pos($skel) = $end;
    }
    next unless defined $body;
    for my $decl (split /;/, $body) {
        next unless $decl =~ /\S/;
        die short($file) . ": cannot read the field '" . trim($decl) . "' of $STRUCT\n"
            if $decl =~ /[{}]/;
        my @declarators;
        if ($decl =~ /\(\s*\*\s*(\w+)\s*\)\s*\(/) {   # a function pointer
            @declarators = ([ '*', $1, '' ]);
        }
        else {
            # "type *a, b[2]": the first declarator is the last name of the
            # first piece; the stars before a name are its own
            my ($first, @more) = split /,/, $decl;
            for my $d ($first, @more) {
                my ($stars, $name, $array) = $d =~ /(\**)\s*(\w+)\s*(\[[^\]]*\])?\s*(?::\s*\d+\s*)?$/
                    or die short($file) . ": cannot read the field '" . trim($decl) . "' of $STRUCT\n";
                push @declarators, [ $stars, $name, $array // '' ];
            }
        }
        for my $d (@declarators) {
            my ($stars, $name, $array) = @$d;
            push @field_order, $name unless exists $fields{$name};
            $fields{$name} = ($stars || $array) ? 1 : 0;
        }
    }
    last;
}

# The module structure: which functions are the per-directory create and
# merge, and which array is the command table.
my ($create, $merge, $cmds);
for my $file (@glue) {
    my $skel = $skel{$file};
    next unless $skel =~ /(?:AP_DECLARE_MODULE\s*\(\s*\w+\s*\)|\bmodule\s+AP_MODULE_DECLARE_DATA\s+\w+)\s*=\s*\{/g;
    my $open = pos($skel) - 1;
    my $end = closing($skel, $open) or next;
    my @parts = map { trim(substr($skel, $_->[0], $_->[1] - $_->[0])) }
                split_top($skel, $open + 1, $end - 1);
    shift @parts if @parts && $parts[0] =~ /MODULE_STUFF/;
    ($create, $merge, $cmds) = @parts[0, 1, 4];
    last;
}

# The command table: [ name, handler, the cmd_data argument ].
my @directives;
if ($cmds) {
    for my $file (@glue) {
        my ($skel, $code) = ($skel{$file}, $code{$file});
        next unless $skel =~ /\bcommand_rec\s+\Q$cmds\E\s*\[\s*\]\s*=\s*\{/g;
        my $open = pos($skel) - 1;
        my $end = closing($skel, $open) or next;
        my $table = substr($skel, $open, $end - $open);
        while ($table =~ /\bAP_INIT_\w+\s*\(/g) {
            my $p = $open + pos($table) - 1;
            my $close = closing($skel, $p);
            my @args = map { trim(substr($code, $_->[0], $_->[1] - $_->[0])) }
                       split_top($skel, $p + 1, $close - 1);
            (my $name = $args[0] // '') =~ s/^"(.*)"$/$1/;
            push @directives, [ $name, $args[1] // '', $args[2] // '' ];
        }
        last;
    }
}

# The h401_dir_conf fields a function assigns, through any variable or
# parameter declared as a h401_dir_conf *, and those of the glue functions
# it calls (once each).
sub fields_set {
    my ($name, $seen) = @_;
    my $f = $functions{$name} or return ();
    return () if $seen->{$name}++;
    my $text = "$f->{params};$f->{body}";
    my %vars = map { $_ => 1 } $text =~ /\b\Q$STRUCT\E\s*\*\s*(?:const\s+)?(\w+)/g;
    my %set;
    for my $v (keys %vars) {
        while ($text =~ /(?:\b\Q$v\E\s*->\s*(\w+)\s*(?:[-+*\/|&^]?=(?!=)|\+\+|--)
                          |(?:\+\+|--|&)\s*\Q$v\E\s*->\s*(\w+))/gx) {
            my $field = $1 // $2;
            $set{$field} = 1 if exists $fields{$field};
        }
    }
    # and through a cast: ((h401_dir_conf *)dconf)->field = ...
    while ($text =~ /\(\s*\Q$STRUCT\E\s*\*\s*\)\s*\w+\s*\)\s*->\s*(\w+)\s*(?:[-+*\/|&^]?=(?!=)|\+\+|--)/g) {
        $set{$1} = 1 if exists $fields{$1};
    }
    for my $callee ($f->{body} =~ /\b(\w+)\s*\(/g) {
        $set{$_} = 1 for fields_set($callee, $seen);
    }
    return keys %set;
}

# The fields a directive sets: its slot, or what its handler assigns.
sub directive_fields {
    my ($handler, $data) = @_;
    if ($handler =~ /^ap_set_\w+_slot\w*$/) {
        return $data =~ /(?:APR_OFFSETOF|offsetof)\s*\(\s*\Q$STRUCT\E\s*,\s*(\w+)\s*\)/ ? ($1) : ();
    }
    return fields_set($handler, {});
}

# -- the checks

ok(@glue, 'the glue is there: ' . join(' ', map { short($_) } @glue))
    or BAIL_OUT('no mod_helpful401*.c in ' . $top);
ok(defined $create && defined $merge && defined $cmds,
   'the module structure names the per-directory create, merge and command table')
    or BAIL_OUT('no AP_DECLARE_MODULE(...) = { ... } with create, merge and commands');
ok(%fields, "$STRUCT has fields: @field_order")
    or BAIL_OUT("no $STRUCT in " . join(' ', map { short($_) } @glue));
ok(@directives, "the command table $cmds has directives: " . join(' ', map { $_->[0] } @directives));
ok($functions{$create}, "create ($create) is defined in the glue");
ok($functions{$merge}, "merge ($merge) is defined in the glue");

my $create_body = $functions{$create} ? "$functions{$create}{params};$functions{$create}{body}" : '';
my $merge_body = $functions{$merge} ? "$functions{$merge}{params};$functions{$merge}{body}" : '';
my %create_sets = map { $_ => 1 } fields_set($create, {});
my %merge_sets = map { $_ => 1 } fields_set($merge, {});

# create
ok($create_body =~ /\bapr_pcalloc\s*\(/,
   "create ($create) allocates with apr_pcalloc: NULL is the unset value of the pointers");
for my $field (grep { !$fields{$_} } @field_order) {
    ok($create_sets{$field}, "create gives $field (not a pointer: 0 is a value) an unset value");
}

# merge
my ($fresh) = $merge_body =~ /\b(\w+)\s*=\s*apr_pcalloc\s*\(/;
ok($fresh, "merge ($merge) allocates a fresh $STRUCT with apr_pcalloc");
my @returns = map { trim($_) } $merge_body =~ /\breturn\b([^;]*);/g;
my @others = grep { !defined $fresh || $_ ne $fresh } @returns;
ok($fresh && @returns && !@others, "merge returns only the struct it allocated"
   . (@others ? " (it returns: " . join(', ', @returns) . ')' : ''));
for my $field (@field_order) {
    ok($merge_sets{$field}, "merge assigns $field explicitly");
}

# each directive
my @sections;
my %sections;
{
    open my $fh, '<', $readme or die "$readme: $!";
    my $in = 0;
    while (my $line = <$fh>) {
        if ($line =~ /^##\s+(.*?)\s*$/ && $line !~ /^###/) {
            $in = $1 =~ /^Directives\b/;
        }
        if ($line =~ /^###\s+(\S+)\s*$/) {
            $sections{$1} = 1;
            push @sections, $1 if $in;
        }
    }
}
my %in_table = map { $_->[0] => 1 } @directives;
for my $d (@directives) {
    my ($name, $handler, $data) = @$d;
    my @set = sort(directive_fields($handler, $data));
    ok(@set, "$name sets $STRUCT" . (@set ? ": @set" : " (no field of it seen: from $handler)"));
    my @not_created = grep { !$fields{$_} && !$create_sets{$_} } @set;
    ok(@set && !@not_created && $create_body =~ /\bapr_pcalloc\s*\(/,
       "$name is created" . (@not_created ? " (no unset value for: @not_created)" : ''));
    my @not_merged = grep { !$merge_sets{$_} } @set;
    ok(@set && !@not_merged, "$name is merged" . (@not_merged ? " (not assigned: @not_merged)" : ''));
    ok($sections{$name}, "$name is documented (a section of its name in README.md)");
}
for my $section (@sections) {
    ok($in_table{$section}, "README.md's Directives section $section is a directive of $cmds");
}

done_testing();
