#!/usr/bin/perl
# Writes a C file holding every file under the given templates directory,
# so that the module serves its shipped pages without any install step.
# Usage: embed-templates.pl templates > lib/h401_builtin.c
use strict;
use warnings;
use File::Find;

my $dir = shift or die "usage: $0 TEMPLATES_DIR\n";
my @files;
find({ no_chdir => 1, wanted => sub {
    push @files, $File::Find::name if -f $_ && !/~$/;
} }, $dir);

print "/* Generated from $dir/ by tools/embed-templates.pl: do not edit. */\n";
print "#include <string.h>\n#include \"h401_builtin.h\"\n\n";
print "const h401_builtin_file h401_builtin_files[] = {\n";
for my $path (sort @files) {
    open my $fh, '<:raw', $path or die "$path: $!\n";
    my $text = do { local $/; <$fh> };
    die "$path: contains a NUL byte\n" if $text =~ /\0/;
    (my $rel = $path) =~ s{^\Q$dir\E/}{};
    print "    { \"$rel\",\n";
    for my $line (split /(?<=\n)/, $text) {
        $line =~ s/([\\"])/\\$1/g;
        $line =~ s/\n/\\n/g;
        $line =~ s/\t/\\t/g;
        $line =~ s/([\x00-\x1f\x7f])/sprintf("\\%03o", ord $1)/ge;
        $line =~ s/\?\?/?\\?/g;   # no trigraphs
        print "      \"$line\"\n";
    }
    print "    },\n";
}
print "    { NULL, NULL }\n};\n\n";
print <<'C';
const char *h401_builtin_get(void *baton, apr_pool_t *p, const char *path)
{
    const h401_builtin_file *f;

    (void)baton;
    (void)p;
    for (f = h401_builtin_files; f->path; f++) {
        if (strcmp(f->path, path) == 0) {
            return f->text;
        }
    }
    return NULL;
}
C
