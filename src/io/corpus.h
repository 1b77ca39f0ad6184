/*
 * corpus.h -- what a corpus run keeps: the filters (filter.c) and duplicate
 * removal (dedup.c). Internal to the io module; batch.c drives them.
 */
#ifndef GL_CORPUS_H
#define GL_CORPUS_H

#include "../article/article.h"

/* ---- filters (filter.c) */
/* NULL when the filter settings of `cfg` are valid, else a message (in
 * `msg`) naming the bad value. */
const char *gl_filter_validate(const galley_batch_config *cfg, char *msg, size_t cap);
/* -1 when `a` passes every filter of `cfg`, else the first galley_filter_reason
 * it fails, in the order page type, confidence, language, require, min
 * words. Thread-safe (reads only). */
int gl_filter_check(const galley_batch_config *cfg, const gl_article *a);

/* ---- duplicate removal (dedup.c): exact (same normalised text) or near
 * (SimHash fingerprints within a Hamming distance). Not thread-safe: the
 * batch calls it from its writer, in input order. */

#define GL_DEDUP_DISTANCE_MAX 7  /* 8 bands: past that a band is too narrow to index */

typedef struct gl_dedup {
    galley_dedup mode;
    int distance;
    size_t n, cap;        /* kept documents; slots allocated */
    uint64_t *set;        /* exact: open-addressing set of text hashes */
    uint64_t *fps;        /* near: kept fingerprints, by index */
    unsigned nbands;
    unsigned shift[GL_DEDUP_DISTANCE_MAX + 1], bits[GL_DEDUP_DISTANCE_MAX + 1];
    uint32_t *heads[GL_DEDUP_DISTANCE_MAX + 1]; /* per band: 2^bits chain heads */
    uint32_t *next[GL_DEDUP_DISTANCE_MAX + 1];  /* per band: chain link per index */
} gl_dedup;

/* `distance` (near only) is clamped to 0..GL_DEDUP_DISTANCE_MAX. False on
 * OOM (gl_dedup_free still applies). */
bool gl_dedup_init(gl_dedup *d, galley_dedup mode, int distance);
/* 1: a duplicate of a document seen before; 0: new, now remembered; -1:
 * out of memory (not remembered). */
int gl_dedup_check(gl_dedup *d, uint64_t text_hash, uint64_t fingerprint);
void gl_dedup_free(gl_dedup *d);

#endif /* GL_CORPUS_H */
