/*
 * extract-bench -- article extraction throughput, one thread.
 *
 *   extract-bench DIR [--no-metadata] [--no-links] [--trace] [--rounds N] [--timeout-ms N]
 *
 * Reads every .html / .html.gz page of DIR into memory, then runs
 * galley_extract() + galley_article_free() over all of them N times (default
 * 3) after one untimed warm-up pass, and reports the best round in process
 * CPU time. With --no-metadata, GALLEY_OPT_METADATA is 0 (body only), so
 * that running both ways gives the cost of the metadata passes; --no-links
 * likewise sets GALLEY_OPT_LINKS to 0 (links are on by default). With
 * --trace, GALLEY_OPT_TRACE is 1 and each trace is rendered as JSON
 * (galley_article_trace), as --explain does: the cost of the trace. With
 * --timeout-ms N (default 0: none, the library's default) every page runs
 * under the time budget the CLI gives it (1000), so the cost of reading the
 * clock in the hot loops is in the figure. Peak RSS (getrusage) includes
 * the corpus held in memory, printed on the first line.
 *
 * Last line: `galley: N pages/s  X MB/s  peak RSS Y MB`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "galley.h"

#include "corpus.h"

static void run(const bench_corpus *c, const galley_options *o, size_t *failed,
                size_t *nocontent)
{
    *failed = *nocontent = 0;
    for (size_t i = 0; i < c->n; i++) {
        galley_article *a =
            galley_extract(c->pages[i].data, c->pages[i].len, NULL, NULL, o, NULL);
        if (!a) {
            (*failed)++;
            continue;
        }
        if (galley_article_status(a) == GALLEY_ERR_NO_CONTENT)
            (*nocontent)++;
        if (galley_options_get_int(o, GALLEY_OPT_TRACE) && !galley_article_trace(a, NULL))
            (*failed)++;
        galley_article_free(a);
    }
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    int rounds = 3, metadata = 1, trace = 0, links = 1, timeout_ms = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-metadata") == 0)
            metadata = 0;
        else if (strcmp(argv[i], "--trace") == 0)
            trace = 1;
        else if (strcmp(argv[i], "--no-links") == 0)
            links = 0;
        else if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc)
            timeout_ms = atoi(argv[++i]);
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !dir)
            dir = argv[i];
        else
            dir = NULL, rounds = 0, i = argc;
    }
    if (!dir || rounds < 1) {
        fprintf(stderr, "usage: extract-bench DIR [--no-metadata] [--no-links] [--trace] "
                        "[--rounds N] [--timeout-ms N]\n");
        return 2;
    }

    bench_corpus c;
    if (bench_load(dir, &c) != 0)
        return 1;
    double mb = (double)c.bytes / 1e6;
    printf("corpus: %zu pages, %.2f MB (%s), metadata %s, trace %s, links %s, timeout %d ms\n",
           c.n, mb, dir, metadata ? "on" : "off", trace ? "on" : "off", links ? "on" : "off",
           timeout_ms);

    galley_options *o = galley_options_new();
    if (!o || galley_options_set_int(o, GALLEY_OPT_METADATA, metadata) != GALLEY_OK ||
        galley_options_set_int(o, GALLEY_OPT_TRACE, trace) != GALLEY_OK ||
        galley_options_set_int(o, GALLEY_OPT_LINKS, links) != GALLEY_OK ||
        galley_options_set_int(o, GALLEY_OPT_TIMEOUT_MS, timeout_ms) != GALLEY_OK) {
        fprintf(stderr, "cannot set options\n");
        return 1;
    }

    size_t failed = 0, nocontent = 0;
    run(&c, o, &failed, &nocontent);
    double best = 1e300;
    for (int r = 0; r < rounds; r++) {
        double t0 = bench_now();
        run(&c, o, &failed, &nocontent);
        double t = bench_now() - t0;
        printf("round %d: %.3f s\n", r + 1, t);
        if (t < best)
            best = t;
    }
    if (failed || nocontent)
        printf("failed: %zu, no content: %zu (of %zu)\n", failed, nocontent, c.n);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("galley: %.1f pages/s  %.1f MB/s  peak RSS %.1f MB\n", (double)c.n / best,
           mb / best, (double)ru.ru_maxrss / 1024.0);
    galley_options_free(o);
    bench_free(&c);
    return 0;
}
