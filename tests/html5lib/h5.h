/* h5.h -- the html5lib-tests runner's parts: one file per suite. */
#ifndef H5_H
#define H5_H

#include <stddef.h>

typedef struct h5_counts {
    int passed, failed, skipped;
} h5_counts;

/* Each runs one suite from `dir` (the html5lib-tests folder), prints each
 * failure when `verbose`, and fills `c`. Returns 0, or -1 when the suite's
 * files could not be read. */
int h5_run_tokenizer(const char *dir, h5_counts *c, int verbose);
int h5_run_tree(const char *dir, const char *known_failures, h5_counts *c, int verbose);
int h5_run_encoding(const char *dir, h5_counts *c, int verbose);

/* Reads a whole file (caller frees); NULL on failure. */
char *h5_read_file(const char *path, size_t *len);

#endif
