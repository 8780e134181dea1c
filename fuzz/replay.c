/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/*
 * Runs inputs through a fuzz target without libFuzzer, printing TAP, so
 * that the corpus is a regression test (make sanitize runs it under
 * AddressSanitizer and UBSan).
 *
 *   replay_<target> [FILE|DIR ...]
 *
 * Every file named, and every file directly inside a directory named
 * (names starting with '.' or "README" left out), sorted, is one test:
 * "ok N - fuzz/corpus/<target>/<file>". An input that crashes ends the
 * run there (the sanitizer prints why), which a TAP harness reports as a
 * failure; one that cannot be read is "not ok". With no argument, the
 * directory REPLAY_CORPUS names when the driver is built (the Makefile:
 * fuzz/corpus/<target>, from the top of the tree), so that prove can run
 * the driver as it is.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

/* The input being run, named when a sanitizer or an assertion stops the run. */
static const char *current;

static void name_current(void)
{
    if (current) {
        fprintf(stderr, "# the input that stopped the run: %s\n", current);
        fflush(stderr);
    }
}

static void on_abort(int sig)
{
    name_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* In the ASan/UBSan runtimes of both gcc and clang; absent without them. */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

typedef struct {
    char **paths;
    size_t n, cap;
} path_list;

static void add_path(path_list *l, const char *dir, const char *name)
{
    size_t len = strlen(name) + (dir ? strlen(dir) + 1 : 0) + 1;
    char *path = malloc(len);

    if (!path) {
        abort();
    }
    if (dir) {
        snprintf(path, len, "%s/%s", dir, name);
    }
    else {
        snprintf(path, len, "%s", name);
    }
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->paths = realloc(l->paths, l->cap * sizeof(char *));
        if (!l->paths) {
            abort();
        }
    }
    l->paths[l->n++] = path;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a whole file into a buffer of exactly its size (no NUL after it,
 * as libFuzzer hands inputs over). */
static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, got;

    if (!f) {
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            unsigned char *bigger;
            cap = cap ? cap * 2 : 4096;
            bigger = realloc(buf, cap);
            if (!bigger) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = bigger;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            break;
        }
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    /* an exact-size copy, so that a read past the end is caught */
    {
        unsigned char *exact = malloc(len ? len : 1);
        if (!exact) {
            abort();
        }
        memcpy(exact, buf, len);
        free(buf);
        *size = len;
        return exact;
    }
}

int main(int argc, char **argv)
{
    path_list files = { NULL, 0, 0 };
    int i, failed = 0;
    size_t k;
#ifdef REPLAY_CORPUS
    char corpus[] = REPLAY_CORPUS;
    char *corpus_argv[3];

    if (argc < 2) {
        corpus_argv[0] = argv[0];
        corpus_argv[1] = corpus;
        corpus_argv[2] = NULL;
        argc = 2;
        argv = corpus_argv;
    }
#endif

    for (i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "# %s: %s\n", argv[i], strerror(errno));
            add_path(&files, NULL, argv[i]);   /* reported as not ok below */
        }
        else if (S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *de;
            size_t first = files.n;

            if (!d) {
                fprintf(stderr, "# %s: %s\n", argv[i], strerror(errno));
                add_path(&files, NULL, argv[i]);
                continue;
            }
            while ((de = readdir(d)) != NULL) {
                char *path;
                size_t len;

                if (de->d_name[0] == '.' || strncmp(de->d_name, "README", 6) == 0) {
                    continue;
                }
                len = strlen(argv[i]) + strlen(de->d_name) + 2;
                path = malloc(len);
                if (!path) {
                    abort();
                }
                snprintf(path, len, "%s/%s", argv[i], de->d_name);
                if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                    add_path(&files, argv[i], de->d_name);
                }
                free(path);
            }
            closedir(d);
            qsort(files.paths + first, files.n - first, sizeof(char *), by_name);
        }
        else {
            add_path(&files, NULL, argv[i]);
        }
    }

    if (__sanitizer_set_death_callback) {
        __sanitizer_set_death_callback(name_current);
    }
    signal(SIGABRT, on_abort);
    LLVMFuzzerInitialize(&argc, &argv);
    printf("1..%lu\n", (unsigned long)files.n);
    if (files.n == 0) {
        printf("# no inputs given\n");
    }
    fflush(stdout);
    for (k = 0; k < files.n; k++) {
        size_t size = 0;
        unsigned char *data = read_file(files.paths[k], &size);

        if (!data) {
            printf("not ok %lu - %s (cannot read: %s)\n", (unsigned long)(k + 1),
                   files.paths[k], strerror(errno));
            failed++;
        }
        else {
            current = files.paths[k];
            LLVMFuzzerTestOneInput(data, size);
            current = NULL;
            free(data);
            printf("ok %lu - %s\n", (unsigned long)(k + 1), files.paths[k]);
        }
        fflush(stdout);
        free(files.paths[k]);
    }
    free(files.paths);
    return failed ? 1 : 0;
}
