/*
 * batch.h -- the crawl-scale driver behind the CLI: enumerates inputs
 * (files, directories, WARC records, URLs, stdin), extracts them on a pool
 * of workers with bounded memory, and writes records in input order.
 */
#ifndef GL_BATCH_H
#define GL_BATCH_H

#include <stdio.h>

#include "../output/output.h"

typedef struct gl_batch_config {
    const char *const *inputs; /* paths; "-" is stdin */
    size_t ninputs;
    const char *const *urls;   /* --url, repeatable */
    size_t nurls;
    const char *urls_file;     /* --urls FILE, or NULL */
    galley_format format;
    bool jsonl;                /* one JSON object a line for every record */
    const char *output_dir;    /* one file per document, or NULL */
    int jobs;                  /* worker threads; <= 0: number of cores */
    bool quiet;                /* no progress line */
    const galley_options *opts;
    int64_t max_bytes;         /* per document after decompression */
    int64_t max_member_bytes;  /* per WARC member decompressed (bomb cap) */
    int64_t fetch_timeout_ms;
    FILE *out;                 /* where records go (stdout) */
    FILE *err;                 /* progress and summary (stderr) */
} gl_batch_config;

typedef struct gl_batch_summary {
    uint64_t read;      /* documents read (records in) */
    uint64_t extracted; /* records written with status ok */
    uint64_t skipped;   /* non-HTML WARC records and the like */
    uint64_t errors;    /* error records written */
    uint64_t errors_by_status[GALLEY_STATUS_COUNT_];
    uint64_t bytes;
    double elapsed_s;
} gl_batch_summary;

/* Exit codes of the CLI. */
enum { GL_EXIT_OK = 0, GL_EXIT_USAGE = 2, GL_EXIT_IO = 3, GL_EXIT_NOMEM = 4 };

/* Runs the batch; returns an exit code (GL_EXIT_OK when the run completed,
 * whatever per-document errors it recorded). */
int gl_batch_run(const gl_batch_config *cfg, gl_batch_summary *sum);

#endif
