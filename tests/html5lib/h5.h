/* h5.h -- the html5lib-tests runner's parts: one file per suite. */
#ifndef H5_H
#define H5_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct h5_counts {
    int passed, failed, skipped;
} h5_counts;

/* Each runs one suite from `dir` (the html5lib-tests folder), prints each
 * failure when `verbose`, and fills `c`. Returns 0, or -1 when the suite's
 * files could not be read. */
int h5_run_tokenizer(const char *dir, h5_counts *c, int verbose);
int h5_run_tree(const char *dir, const char *known_failures, h5_counts *c, int verbose);
int h5_run_encoding(const char *dir, h5_counts *c, int verbose);

/* A growable byte string, always NUL-terminated; out of memory is fatal in
 * this test program. */
typedef struct sbuf {
    char *d;
    size_t n, cap;
} sbuf;

static inline void sb_put(sbuf *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *d = realloc(b->d, cap);
        if (!d) abort();
        b->d = d;
        b->cap = cap;
    }
    if (n) memcpy(b->d + b->n, s, n);
    b->n += n;
    b->d[b->n] = '\0';
}

static inline void sb_str(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

/* Reads a whole file (caller frees); NULL on failure. */
char *h5_read_file(const char *path, size_t *len);

#endif
