/*
 * parse-bench -- galley's HTML parser against libxml2's, same pages, same run.
 *
 *   parse-bench DIR [--rounds N]
 *
 * Reads every .html / .html.gz page of DIR into memory, then parses all of
 * them N times (default 5) with galley_parse() and with libxml2's
 * htmlReadMemory(), alternating the two parsers round by round so that a
 * noisy neighbour hurts both alike. Throughput is the best round of each, in
 * process CPU time (MB = 10^6 bytes of page as served, before decoding).
 * Each parse includes encoding sniffing and decoding, tree building and
 * freeing the tree.
 *
 * Peak memory: every page is parsed once more with galley while a counting
 * allocator (the link wraps malloc/calloc/realloc/free, see CMakeLists.txt)
 * follows the bytes galley holds; the peak of that count over the page's
 * size is the figure.
 *
 * Last line: `galley: X MB/s  libxml2: Y MB/s  ratio: Z`.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "galley.h"

#include "corpus.h"

/* ---- counting allocator (single-threaded benchmark, so plain globals) */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static int count_on;
static int64_t count_live, count_peak;

static void count_add(int64_t d)
{
    count_live += d;
    if (count_live > count_peak)
        count_peak = count_live;
}

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    if (p && count_on)
        count_add((int64_t)malloc_usable_size(p));
    return p;
}

void *__wrap_calloc(size_t n, size_t m)
{
    void *p = __real_calloc(n, m);
    if (p && count_on)
        count_add((int64_t)malloc_usable_size(p));
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    int64_t old = (p && count_on) ? (int64_t)malloc_usable_size(p) : 0;
    void *q = __real_realloc(p, n);
    if (q && count_on)
        count_add((int64_t)malloc_usable_size(q) - old);
    return q;
}

void __wrap_free(void *p)
{
    if (p && count_on)
        count_add(-(int64_t)malloc_usable_size(p));
    __real_free(p);
}

/* ---- parsers */
static void run_galley(const bench_corpus *c, size_t *failed)
{
    *failed = 0;
    for (size_t i = 0; i < c->n; i++) {
        galley_doc *d = galley_parse(c->pages[i].data, c->pages[i].len, NULL, NULL, NULL);
        if (!d) {
            (*failed)++;
            continue;
        }
        galley_doc_free(d);
    }
}

static const int XML_OPTS = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_NONET;

static void run_libxml2(const bench_corpus *c, size_t *failed)
{
    *failed = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->pages[i].len > INT32_MAX) {
            (*failed)++;
            continue;
        }
        htmlDocPtr d = htmlReadMemory(c->pages[i].data, (int)c->pages[i].len, NULL, NULL,
                                      XML_OPTS);
        if (!d) {
            (*failed)++;
            continue;
        }
        xmlFreeDoc(d);
    }
}

/* Element counts of both trees, so that a parser that skips work shows up
 * beside its speed. Both walks are iterative. */
static size_t count_galley(const galley_doc *d)
{
    size_t n = 0;
    const galley_node *root = galley_doc_root(d), *x = root;
    while (x) {
        if (galley_node_get_type(x) == GALLEY_NODE_ELEMENT)
            n++;
        const galley_node *c = galley_node_first_child(x);
        if (c) {
            x = c;
            continue;
        }
        while (x != root && !galley_node_next(x))
            x = galley_node_parent(x);
        x = (x == root) ? NULL : galley_node_next(x);
    }
    return n;
}

static size_t count_libxml2(xmlNodePtr root)
{
    size_t n = 0;
    xmlNodePtr x = root;
    while (x) {
        if (x->type == XML_ELEMENT_NODE)
            n++;
        if (x->children && x->type != XML_ENTITY_REF_NODE) {
            x = x->children;
            continue;
        }
        while (x != root && !x->next)
            x = x->parent;
        x = (x == root) ? NULL : x->next;
    }
    return n;
}

static void count_elements(const bench_corpus *c, size_t *g, size_t *x)
{
    *g = *x = 0;
    for (size_t i = 0; i < c->n; i++) {
        galley_doc *d = galley_parse(c->pages[i].data, c->pages[i].len, NULL, NULL, NULL);
        if (d)
            *g += count_galley(d);
        galley_doc_free(d);
        if (c->pages[i].len > INT32_MAX)
            continue;
        htmlDocPtr h = htmlReadMemory(c->pages[i].data, (int)c->pages[i].len, NULL, NULL,
                                      XML_OPTS);
        if (h)
            *x += count_libxml2((xmlNodePtr)h);
        xmlFreeDoc(h);
    }
}

static void quiet_xml(void *ctx, const char *msg, ...) { (void)ctx, (void)msg; }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    int rounds = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !dir)
            dir = argv[i];
        else {
            fprintf(stderr, "usage: parse-bench DIR [--rounds N]\n");
            return 2;
        }
    }
    if (!dir || rounds < 1) {
        fprintf(stderr, "usage: parse-bench DIR [--rounds N]\n");
        return 2;
    }

    bench_corpus c;
    if (bench_load(dir, &c) != 0)
        return 1;
    double mb = (double)c.bytes / 1e6;
    printf("corpus: %zu pages, %.2f MB (%s)\n", c.n, mb, dir);

    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet_xml);

    /* one untimed warm-up pass each: page faults, caches, lazy init */
    size_t gfail = 0, xfail = 0;
    run_galley(&c, &gfail);
    run_libxml2(&c, &xfail);

    double gbest = 1e300, xbest = 1e300;
    for (int r = 0; r < rounds; r++) {
        double t0 = bench_now();
        run_galley(&c, &gfail);
        double t1 = bench_now();
        run_libxml2(&c, &xfail);
        double t2 = bench_now();
        double g = t1 - t0, x = t2 - t1;
        printf("round %d: galley %.3f s  libxml2 %.3f s\n", r + 1, g, x);
        if (g < gbest)
            gbest = g;
        if (x < xbest)
            xbest = x;
    }
    if (gfail || xfail)
        printf("failed parses: galley %zu, libxml2 %zu (of %zu)\n", gfail, xfail, c.n);

    size_t gel, xel;
    count_elements(&c, &gel, &xel);
    printf("elements: galley %zu, libxml2 %zu\n", gel, xel);

    /* peak bytes held by galley during one parse, per page */
    double *ratio = malloc(c.n * sizeof *ratio);
    size_t nr = 0, worst = 0;
    for (size_t i = 0; ratio && i < c.n; i++) {
        if (c.pages[i].len == 0)
            continue;
        count_live = count_peak = 0;
        count_on = 1;
        galley_doc *d = galley_parse(c.pages[i].data, c.pages[i].len, NULL, NULL, NULL);
        galley_doc_free(d);
        count_on = 0;
        ratio[nr] = (double)count_peak / (double)c.pages[i].len;
        if (nr == 0 || ratio[nr] > ratio[worst])
            worst = nr;
        nr++;
    }
    if (nr) {
        /* map the worst ratio back to its page before sorting */
        double max = ratio[worst];
        const char *wname = NULL;
        for (size_t i = 0, k = 0; i < c.n; i++) {
            if (c.pages[i].len == 0)
                continue;
            if (k++ == worst) {
                wname = c.pages[i].name;
                break;
            }
        }
        qsort(ratio, nr, sizeof *ratio, cmp_double);
        printf("peak memory: median %.1fx, worst page %s\n", ratio[nr / 2],
               wname ? wname : "?");
        printf("peak memory: max %.1fx document size\n", max);
    }
    free(ratio);

    double gs = mb / gbest, xs = mb / xbest;
    printf("galley: %.1f MB/s  libxml2: %.1f MB/s  ratio: %.2f\n", gs, xs, gs / xs);
    xmlCleanupParser();
    bench_free(&c);
    return 0;
}
