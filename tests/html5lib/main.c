/*
 * html5lib-tests runner: `html5lib-tests CONFORMANCE_DIR [-v] [suite]`.
 * Reads the upstream data files as they are and prints, as its last lines,
 *   tokenizer: N passed, M failed
 *   tree-construction: N passed, M failed, K skipped
 *   encoding: N passed, M failed
 * Exits 77 (skipped) when the conformance folder is absent, 1 when a suite
 * falls short of its bar (tokenizer and encoding: all; tree: 99%).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "h5.h"

char *h5_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *only = NULL;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) verbose = 1;
        else if (!dir) dir = argv[i];
        else only = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "usage: html5lib-tests CONFORMANCE_DIR [-v] [tokenizer|tree|encoding]\n");
        return 2;
    }
    char h5dir[4096], known[4096];
    snprintf(h5dir, sizeof h5dir, "%s/html5lib-tests", dir);
    struct stat st;
    if (stat(h5dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("html5lib-tests: skipped (no %s)\n", h5dir);
        return 77;
    }
    snprintf(known, sizeof known, "%s/known-failures.txt", TESTS_H5_DIR);

    h5_counts tok = {0}, tree = {0}, enc = {0};
    int rc = 0;
    if (!only || strcmp(only, "tokenizer") == 0)
        if (h5_run_tokenizer(h5dir, &tok, verbose) != 0) rc = 1;
    if (!only || strcmp(only, "tree") == 0)
        if (h5_run_tree(h5dir, known, &tree, verbose) != 0) rc = 1;
    if (!only || strcmp(only, "encoding") == 0)
        if (h5_run_encoding(h5dir, &enc, verbose) != 0) rc = 1;

    /* The bars of the parser issue: every tokenizer run (7,032 counting each
     * initial state), 99% of tree-construction cases, all 82 sniffing tests. */
    if (!only || strcmp(only, "tokenizer") == 0)
        if (tok.failed > 0 || tok.passed < 7032) rc = 1;
    if (!only || strcmp(only, "tree") == 0) {
        int run = tree.passed + tree.failed;
        if (run == 0 || tree.passed * 100 < (tree.passed + tree.failed + tree.skipped) * 99 ||
            tree.passed + tree.failed + tree.skipped < 1796)
            rc = 1;
    }
    if (!only || strcmp(only, "encoding") == 0)
        if (enc.failed > 0 || enc.passed < 82) rc = 1;

    printf("tokenizer: %d passed, %d failed\n", tok.passed, tok.failed);
    printf("tree-construction: %d passed, %d failed, %d skipped\n", tree.passed, tree.failed,
           tree.skipped);
    printf("encoding: %d passed, %d failed\n", enc.passed, enc.failed);
    return rc;
}
