/*
 * defaults.h -- the one owner of every batch setting's default value.
 *
 * galley_batch_config_init() writes these into a config, and each reader
 * of a setting (the batch, the fetcher, discovery, the WARC reader) falls
 * back to the same constant when a caller leaves the field at zero or a
 * negative value. include/galley.h and docs/cli.md document them; the CLI
 * starts from galley_batch_config_init(), so it has no defaults of its own.
 */
#ifndef GL_IO_DEFAULTS_H
#define GL_IO_DEFAULTS_H

#include <stdint.h>

#define GL_DEFAULT_TIMEOUT_MS 1000                    /* per document, 0: none */
#define GL_DEFAULT_MAX_BYTES ((uint64_t)64 << 20)     /* a document, decompressed */
#define GL_DEFAULT_MAX_MEMBER_BYTES ((uint64_t)256 << 20) /* one gzip member / zstd frame */
#define GL_DEFAULT_FETCH_TIMEOUT_MS 30000             /* a whole transfer */
#define GL_DEFAULT_FETCH_CONNECT_MS 10000             /* connecting */
#define GL_DEFAULT_FETCH_PARALLEL 4                   /* transfers at a time */
#define GL_DEFAULT_DELAY_MS 1000                      /* between requests to one host */
#define GL_DEFAULT_PER_HOST 1                         /* requests at a time per host */
#define GL_DEFAULT_RETRIES 2                          /* for 429, 503, resets */
#define GL_DEFAULT_MAX_RETRY_AFTER_MS 60000           /* longest Retry-After honoured */
#define GL_DEFAULT_MAX_REDIRECTS 10
#define GL_DEFAULT_MAX_HOSTS 10000                    /* hosts the fetcher remembers */
#define GL_DEFAULT_MAX_PAGES 10000                    /* discovered URLs fetched */
#define GL_DEFAULT_CRAWL_DEPTH 2                      /* links followed from a crawl's start */
#define GL_DEFAULT_MAX_SITEMAPS 1000                  /* sitemap files read */
#define GL_DEFAULT_MIN_LANGUAGE_CONFIDENCE 0.5
#define GL_DEFAULT_DEDUP_DISTANCE 5 /* tools/dedup-eval.py: recall 0.87, no false match */

#endif
