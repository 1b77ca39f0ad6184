/*
 * discover.h -- the io module's discovery and politeness parts (internal):
 * URL normalisation (urlnorm.c), robots.txt (robots.c), the sitemap and feed
 * reader (sitemap.c), links and feed links of an HTML page (links.c), and
 * the discovery driver with its crawl frontier (discover.c, crawl.c).
 * docs/discovery.md describes the behaviour.
 */
#ifndef GL_DISCOVER_H
#define GL_DISCOVER_H

#include "../core/core.h"

typedef struct gl_fetch gl_fetch; /* io.h */

/* ---- URL normalisation (urlnorm.c) */

/* `ref` (len bytes) resolved against `base` (may be NULL) by the one RFC
 * 3986 resolver, then normalised: http and https only, scheme and host
 * lower-cased, a trailing dot of the host and the default port dropped, an
 * empty path made "/", the fragment dropped, tracking parameters (rule
 * url.tracking_param) removed from the query, an empty query dropped.
 * Returns a malloc'd string (caller frees), or NULL when the result is no
 * absolute http(s) URL, and on OOM. */
char *gl_url_normalize(const char *base, const char *ref, size_t len);
/* Whether a query parameter name is a tracking parameter ("utm_*", click
 * identifiers): rule url.tracking_param. */
bool gl_url_is_tracking_param(const char *name, size_t n);
/* "scheme://host[:port]" of an absolute URL, lower-cased, default port
 * dropped, into `out`: what robots.txt and the per-host delay are kept
 * by. Returns its length, 0 when `url` has none or `cap` is too small. */
size_t gl_url_origin(const char *url, char *out, size_t cap);
/* The path and query of `url` (a pointer into it, "/" when empty): what
 * robots.txt rules are matched against. */
const char *gl_url_path_query(const char *url);

/* ---- robots.txt (robots.c), RFC 9309 */
#define GL_ROBOTS_MAX_BYTES ((size_t)500 << 10) /* RFC 9309 2.5: at least 500 KiB */
#define GL_ROBOTS_MAX_SITEMAPS 1000

typedef struct galley_robots gl_robots; /* the public handle */
/* Parses robots.txt for the crawler whose User-Agent is `user_agent` (its
 * product token, the part before "/", names the group). Never fails on
 * content; NULL on OOM. Linear in `len`. */
gl_robots *gl_robots_parse(const char *txt, size_t len, const char *user_agent);
/* Rules for a robots.txt that could not be read (a 5xx answer): every path
 * but /robots.txt disallowed (RFC 9309 2.3.1.4). NULL on OOM. */
gl_robots *gl_robots_disallow_all(void);
void gl_robots_free(gl_robots *r);
/* Whether the path (with its query) may be fetched. NULL `r`: allowed. */
bool gl_robots_allowed(const gl_robots *r, const char *path);
/* Crawl-delay of the group that applies in ms, -1 when none. */
int64_t gl_robots_delay_ms(const gl_robots *r);
size_t gl_robots_nsitemaps(const gl_robots *r);
const char *gl_robots_sitemap(const gl_robots *r, size_t i);

/* ---- sitemaps and feeds (sitemap.c), with expat */
#define GL_URLSET_MAX_ENTRIES 50000 /* the sitemaps.org cap for one file */

typedef enum gl_urlset_kind {
    GL_URLSET_UNKNOWN = 0,
    GL_URLSET_SITEMAP = 1, /* <urlset> */
    GL_URLSET_INDEX = 2,   /* <sitemapindex>: entries are sitemaps */
    GL_URLSET_RSS = 3,
    GL_URLSET_ATOM = 4,
    GL_URLSET_RDF = 5      /* RSS 1.0 */
} gl_urlset_kind;

typedef struct gl_url_entry {
    char *url;       /* normalised (gl_url_normalize) */
    char *date;      /* ISO 8601 of the first date given (news publication
                        date, lastmod, published, updated, pubDate, dc:date),
                        or NULL */
    int64_t date_s;  /* that date in unix seconds (a date alone: its first
                        second UTC), INT64_MIN when none */
    char *title;     /* news:title or the item's title, or NULL */
    bool sitemap;    /* from a sitemap index: a sitemap, not a page */
} gl_url_entry;

typedef struct galley_urlset gl_urlset; /* the public handle */
struct galley_urlset {
    gl_urlset_kind kind;
    gl_url_entry *e; /* in document order */
    size_t n, cap, max_entries;
    size_t dropped;  /* entries without a usable http(s) URL */
    galley_status status; /* GALLEY_OK, or why reading stopped (the entries
                             before the stop are kept) */
    char msg[160];
};

/* Reads a sitemap, sitemap index or feed (gzip or not) from data[0, len);
 * relative URLs resolve against `base`. Caps: `max_bytes` (<= 0: 64 MiB)
 * before and after inflating, `max_depth` element nesting (<= 0: 512),
 * `max_entries` (0: GL_URLSET_MAX_ENTRIES). Always returns a set (status
 * and msg tell a failure), NULL only on OOM. Caller frees. */
gl_urlset *gl_urlset_parse(const char *data, size_t len, const char *base, int64_t max_bytes,
                           int max_depth, size_t max_entries);
void gl_urlset_free(gl_urlset *set);

/* ---- links of an HTML page (links.c) */
typedef enum gl_link_kind {
    GL_LINK_ANCHOR = 1, /* <a href>, <area href> */
    GL_LINK_FEED = 2    /* <link rel="alternate" type="application/rss+xml"...> */
} gl_link_kind;
/* Called with each link, normalised; false stops (out of memory). */
typedef bool (*gl_link_fn)(void *ud, const char *url, gl_link_kind kind);
/* Parses the page (galley's HTML parser, `opts`' caps and time budget) and
 * calls `fn` for each link in document order, resolved against <base href>
 * or `url`. GALLEY_OK, the parse's failure, or GALLEY_ERR_NOMEM. */
galley_status gl_page_links(const char *body, size_t len, const char *charset, const char *url,
                            const galley_options *opts, gl_link_fn fn, void *ud);

/* ---- the set of URLs seen (crawl.c): strings, copied */
typedef struct gl_seen {
    char **slot;
    size_t n, cap;
} gl_seen;
/* 1 when added, 0 when already there, -1 on OOM. */
int gl_seen_add(gl_seen *s, const char *url);
void gl_seen_free(gl_seen *s);

/* ---- the crawl frontier (crawl.c) */
typedef struct gl_crawl gl_crawl;
/* `opts` (kept, not copied) caps the parse of each page for its links. */
gl_crawl *gl_crawl_new(int max_depth, uint64_t max_pages, const galley_options *opts);
void gl_crawl_free(gl_crawl *c);
/* Adds a start URL (depth 0) and its host. False on OOM. */
bool gl_crawl_seed(gl_crawl *c, const char *url);
/* The next URL to fetch (malloc'd, caller frees) and its depth; false when
 * the frontier is empty (for now: pages in flight may add more) or
 * max_pages were taken. */
bool gl_crawl_next(gl_crawl *c, char **url, int *depth);
/* True when nothing more will be taken unless a page adds links. */
bool gl_crawl_done(const gl_crawl *c);
/* A page fetched at `depth` whose final URL is `final_url`: its links on
 * the crawl's hosts join the frontier at depth + 1 (up to max_depth). False
 * on OOM. */
bool gl_crawl_page(gl_crawl *c, const char *final_url, int depth, const char *body, size_t len,
                   const char *charset);
/* Where a listing crawl reports. */
typedef struct gl_crawl_sink {
    void *ud;
    void (*page)(void *ud, const char *url);
    void (*fail)(void *ud, const char *url, galley_status st, const char *msg);
    bool (*stop)(void *ud); /* may be NULL */
} gl_crawl_sink;
/* Runs the crawl through `f` (`par` pages in flight) only to list it: each
 * page fetched is reported to sink->page (its final URL) or sink->fail.
 * False on OOM. */
bool gl_crawl_list(gl_fetch *f, gl_crawl *c, size_t par, gl_crawl_sink *sink);

/* ---- discovery from sitemaps and feeds (discover.c) */
typedef struct gl_disc_page {
    char *url;  /* normalised */
    char *date; /* ISO 8601, or NULL */
} gl_disc_page;

/* What discovery found, and how it reports a failed source. */
typedef struct gl_disc_out {
    gl_disc_page *pages; /* in discovery order, de-duplicated */
    size_t n, cap;
    gl_seen seen;
    uint64_t undated, older;    /* left out by --since */
    uint64_t older_sitemaps;    /* sitemaps an index dated before --since */
    uint64_t over;              /* past --max-pages */
    uint64_t skipped_sources;   /* past --max-sitemaps */
    uint64_t dropped;           /* entries without a usable URL */
    uint64_t feeds_found;       /* feed links found in --feed pages */
    uint64_t failed;            /* sources reported through `fail` */
    void *ud;
    void (*fail)(void *ud, const char *source, galley_status st, const char *msg);
    bool (*stop)(void *ud);     /* may be NULL: true ends discovery early */
} gl_disc_out;

/* Reads cfg's sitemaps and feeds through `f` into `out` (whose ud, fail and
 * stop the caller sets). False on OOM. */
bool gl_discover_sources(gl_fetch *f, const galley_batch_config *cfg, const galley_options *opts,
                         gl_disc_out *out);
void gl_disc_out_free(gl_disc_out *o);
/* --since as unix seconds (INT64_MIN for NULL or ""): false when it is no
 * date. */
bool gl_discover_since(const char *since, int64_t *out);

#endif
