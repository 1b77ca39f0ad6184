/*
 * crawl.c -- the frontier of a bounded site crawl, and the set of URLs
 * discovery has seen. The crawl is breadth-first: every page at depth d
 * before any at d + 1; within a depth, links that look like articles' (the
 * page classifier's URL features, gl_page_url_article_prob) come first, then
 * the order they were found. It stays on the hosts it started from (and
 * the hosts those start pages redirected to), never takes a URL twice, and
 * stops after `max_pages` pages or past `max_depth` links from a start.
 */
#include <stdlib.h>

#include "../extract/pagetype.h"
#include "discover.h"
#include "io.h"

/* ---- the seen set: open addressing on FNV-1a, doubled at half full, so
 * an insert costs O(1) on average and the set is never quadratic */
static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void gl_seen_free(gl_seen *s)
{
    for (size_t i = 0; i < s->cap; i++) free(s->slot[i]);
    free(s->slot);
    memset(s, 0, sizeof *s);
}

int gl_seen_add(gl_seen *s, const char *url)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        char **ns = calloc(nc, sizeof *ns);
        if (!ns) return -1;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->slot[i]) continue;
            size_t k = hash_str(s->slot[i]) & (nc - 1);
            while (ns[k]) k = (k + 1) & (nc - 1);
            ns[k] = s->slot[i];
        }
        free(s->slot);
        s->slot = ns;
        s->cap = nc;
    }
    size_t k = hash_str(url) & (s->cap - 1);
    while (s->slot[k]) {
        if (strcmp(s->slot[k], url) == 0) return 0;
        k = (k + 1) & (s->cap - 1);
    }
    if (!(s->slot[k] = strdup(url))) return -1;
    s->n++;
    return 1;
}

/* ---- the frontier: a binary heap */
typedef struct crawl_item {
    char *url;
    int depth;
    double score;
    uint64_t seq;
} crawl_item;

struct gl_crawl {
    crawl_item *heap;
    size_t n, cap;
    uint64_t seq;
    int max_depth;
    uint64_t max_pages, taken;
    size_t max_frontier;
    uint64_t dropped;     /* links past the frontier cap */
    char **hosts;         /* origins the crawl may visit */
    size_t nhosts;
    gl_seen seen;
    const galley_options *opts;
};

static bool before(const crawl_item *a, const crawl_item *b)
{
    if (a->depth != b->depth) return a->depth < b->depth;
    if (a->score != b->score) return a->score > b->score;
    return a->seq < b->seq;
}

static bool heap_push(gl_crawl *c, crawl_item it)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 256;
        crawl_item *nh = realloc(c->heap, nc * sizeof *nh);
        if (!nh) return false;
        c->heap = nh;
        c->cap = nc;
    }
    size_t i = c->n++;
    while (i > 0 && before(&it, &c->heap[(i - 1) / 2])) {
        c->heap[i] = c->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    c->heap[i] = it;
    return true;
}

static crawl_item heap_pop(gl_crawl *c)
{
    crawl_item top = c->heap[0], last = c->heap[--c->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        const crawl_item *best = &last;
        if (l < c->n && before(&c->heap[l], best)) m = l, best = &c->heap[l];
        if (r < c->n && before(&c->heap[r], best)) m = r;
        if (m == i) break;
        c->heap[i] = c->heap[m];
        i = m;
    }
    if (c->n) c->heap[i] = last;
    return top;
}

gl_crawl *gl_crawl_new(int max_depth, uint64_t max_pages, const galley_options *opts)
{
    gl_crawl *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->max_depth = max_depth;
    c->max_pages = max_pages;
    /* links kept waiting: enough for every page's links to compete, not
     * every link of a site */
    c->max_frontier = max_pages > 1000 ? (size_t)max_pages * 20 : 20000;
    c->opts = opts;
    return c;
}

void gl_crawl_free(gl_crawl *c)
{
    if (!c) return;
    while (c->n) free(heap_pop(c).url);
    free(c->heap);
    for (size_t i = 0; i < c->nhosts; i++) free(c->hosts[i]);
    free(c->hosts);
    gl_seen_free(&c->seen);
    free(c);
}

static bool on_host(const gl_crawl *c, const char *url)
{
    char o[512];
    if (!gl_url_origin(url, o, sizeof o)) return false;
    for (size_t i = 0; i < c->nhosts; i++)
        if (strcmp(c->hosts[i], o) == 0) return true;
    return false;
}

static bool add_host(gl_crawl *c, const char *url)
{
    char o[512];
    if (!gl_url_origin(url, o, sizeof o) || on_host(c, url)) return true;
    char **nh = realloc(c->hosts, (c->nhosts + 1) * sizeof *nh);
    if (!nh) return false;
    c->hosts = nh;
    return (c->hosts[c->nhosts] = strdup(o)) != NULL && ++c->nhosts;
}

static bool push_url(gl_crawl *c, const char *url, int depth)
{
    if (c->n >= c->max_frontier) {
        c->dropped++;
        return true;
    }
    int added = gl_seen_add(&c->seen, url);
    if (added <= 0) return added == 0;
    crawl_item it = {strdup(url), depth, gl_page_url_article_prob(url), c->seq++};
    return it.url && heap_push(c, it);
}

bool gl_crawl_seed(gl_crawl *c, const char *url)
{
    char *u = gl_url_normalize(NULL, url, strlen(url));
    if (!u) return true; /* the caller reports a bad start URL */
    bool ok = add_host(c, u) && push_url(c, u, 0);
    free(u);
    return ok;
}

bool gl_crawl_next(gl_crawl *c, char **url, int *depth)
{
    if (!c->n || c->taken >= c->max_pages) return false;
    crawl_item it = heap_pop(c);
    c->taken++;
    *url = it.url;
    *depth = it.depth;
    return true;
}

bool gl_crawl_done(const gl_crawl *c) { return !c->n || c->taken >= c->max_pages; }

typedef struct link_ctx {
    gl_crawl *c;
    int depth;
    bool ok;
} link_ctx;

static bool on_link(void *ud, const char *url, gl_link_kind kind)
{
    link_ctx *k = ud;
    if (kind != GL_LINK_ANCHOR || !on_host(k->c, url)) return true;
    if (!push_url(k->c, url, k->depth)) k->ok = false;
    return k->ok;
}

bool gl_crawl_page(gl_crawl *c, const char *final_url, int depth, const char *body, size_t len,
                   const char *charset)
{
    /* a start page that redirected (example.com to www.example.com) brings
     * its new host into the crawl; later redirects do not */
    if (depth == 0 && final_url && !add_host(c, final_url)) return false;
    if (final_url) gl_seen_add(&c->seen, final_url);
    if (depth >= c->max_depth || c->taken >= c->max_pages) return true;
    link_ctx k = {c, depth + 1, true};
    galley_status st = gl_page_links(body, len, charset, final_url, c->opts, on_link, &k);
    return k.ok && st != GALLEY_ERR_NOMEM;
}

/* ---- a crawl that only lists (--list): pages fetched for their links */
typedef struct list_ctx {
    gl_crawl *c;
    size_t inflight;
    bool ok;
    gl_crawl_sink *sink;
} list_ctx;

typedef struct list_tag {
    char *url;
    int depth;
} list_tag;

static void on_listed(void *ud, void *tag, gl_fetch_result *r)
{
    list_ctx *k = ud;
    list_tag *t = tag;
    k->inflight--;
    if (r->status == GALLEY_OK) {
        const char *u = r->url ? r->url : t->url;
        if (!gl_crawl_page(k->c, u, t->depth, r->body, r->len, r->charset)) k->ok = false;
        k->sink->page(k->sink->ud, u);
    } else {
        k->sink->fail(k->sink->ud, t->url, r->status, r->msg);
    }
    free(t->url);
    free(t);
}

bool gl_crawl_list(gl_fetch *f, gl_crawl *c, size_t par, gl_crawl_sink *sink)
{
    list_ctx k = {c, 0, true, sink};
    while (k.ok && !(sink->stop && sink->stop(sink->ud))) {
        char *url;
        int depth;
        while (k.inflight < par && gl_crawl_next(c, &url, &depth)) {
            list_tag *t = malloc(sizeof *t);
            if (!t || !gl_fetch_add(f, url, t, 0)) {
                free(t);
                free(url);
                k.ok = false;
                break;
            }
            t->url = url;
            t->depth = depth;
            k.inflight++;
        }
        if (k.inflight == 0) break; /* nothing in flight can add links */
        gl_fetch_poll(f, 100, on_listed, &k);
    }
    while (k.inflight) gl_fetch_poll(f, 100, on_listed, &k); /* every tag comes back */
    return k.ok;
}
