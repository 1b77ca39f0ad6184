/*
 * corpus.h -- loads every page of a directory into memory for the
 * benchmarks, so that disk and gunzip time stay out of the measurement.
 * Header-only: each benchmark is one C file plus this.
 */
#ifndef BENCH_CORPUS_H
#define BENCH_CORPUS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

typedef struct bench_page {
    char *name;
    char *data;
    size_t len;
} bench_page;

typedef struct bench_corpus {
    bench_page *pages;
    size_t n;
    size_t bytes; /* sum of page lengths, uncompressed */
} bench_corpus;

/* A single page above this is skipped: galley's own default input cap. */
#define BENCH_MAX_PAGE ((size_t)64 << 20)

static int bench_has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int bench_is_page(const char *name)
{
    return bench_has_suffix(name, ".html") || bench_has_suffix(name, ".htm") ||
           bench_has_suffix(name, ".html.gz") || bench_has_suffix(name, ".htm.gz");
}

static int bench_cmp_page(const void *a, const void *b)
{
    return strcmp(((const bench_page *)a)->name, ((const bench_page *)b)->name);
}

/* gzread reads plain files as they are, so one reader serves both kinds. */
static char *bench_read_file(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= BENCH_MAX_PAGE)
                break;
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        int r = gzread(f, buf + n, (unsigned)(cap - n));
        if (r < 0) {
            free(buf);
            buf = NULL;
        } else if (r == 0) {
            break;
        } else {
            n += (size_t)r;
        }
    }
    gzclose(f);
    if (buf && n >= BENCH_MAX_PAGE) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Returns 0 on success; prints the reason and returns -1 otherwise. Pages
 * are sorted by name so that every run sees the same order. */
static int bench_load(const char *dir, bench_corpus *c)
{
    memset(c, 0, sizeof *c);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", dir);
        return -1;
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!bench_is_page(e->d_name))
            continue;
        size_t plen = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(plen);
        if (!path)
            break;
        snprintf(path, plen, "%s/%s", dir, e->d_name);
        size_t len = 0;
        char *data = bench_read_file(path, &len);
        if (!data) {
            fprintf(stderr, "skipping %s (unreadable or over %zu MiB)\n", path,
                    BENCH_MAX_PAGE >> 20);
            free(path);
            continue;
        }
        if (c->n == cap) {
            cap = cap ? cap * 2 : 256;
            bench_page *np = realloc(c->pages, cap * sizeof *np);
            if (!np) {
                free(data);
                free(path);
                break;
            }
            c->pages = np;
        }
        c->pages[c->n].name = path;
        c->pages[c->n].data = data;
        c->pages[c->n].len = len;
        c->n++;
        c->bytes += len;
    }
    closedir(d);
    if (c->n == 0) {
        fprintf(stderr, "no .html or .html.gz pages in %s\n", dir);
        return -1;
    }
    qsort(c->pages, c->n, sizeof *c->pages, bench_cmp_page);
    return 0;
}

static void bench_free(bench_corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->pages[i].name);
        free(c->pages[i].data);
    }
    free(c->pages);
    memset(c, 0, sizeof *c);
}

/* CPU seconds of the process, not wall time: the benchmarks are
 * single-threaded, and on a shared machine time spent descheduled must not
 * count against either parser. */
static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
