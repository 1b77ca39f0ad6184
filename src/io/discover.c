/*
 * discover.c -- the page URLs of sites, from their sitemaps and feeds
 * (docs/discovery.md). Sources are read one at a time, in order, through
 * the polite fetcher:
 *   - a --sitemap site root ("https://example.com/") reads the Sitemap
 *     lines of its robots.txt (the fetcher's copy: it is fetched once), or
 *     else /sitemap.xml; any other --sitemap URL is a sitemap;
 *   - a sitemap index queues its sitemaps after the sources already
 *     queued (breadth-first), skipping those whose lastmod is before
 *     --since; a urlset gives page URLs in document order;
 *   - a --feed URL that answers HTML is a page: its feed links
 *     (<link rel="alternate">) are read in its place.
 * Page URLs are normalised, de-duplicated, filtered by --since (an undated
 * entry is left out then) and capped by --max-pages; sitemaps and feeds
 * read are capped by --max-sitemaps. Every source that fails is reported
 * once, with its status.
 */
#include <stdlib.h>

#include "../core/core.h"
#include "../meta/meta_int.h"
#include "discover.h"
#include "io.h"

typedef enum src_kind { SRC_ROOT, SRC_SITEMAP, SRC_FEED, SRC_FEED_LINKED } src_kind;

typedef struct src {
    char *url;
    src_kind kind;
} src;

typedef struct disc {
    gl_fetch *f;
    const galley_batch_config *cfg;
    const galley_options *opts;
    gl_disc_out *out;
    src *q;               /* sources, read in order */
    size_t qn, qcap, qi;
    gl_seen srcs;         /* sources queued (normalised) */
    uint64_t read;        /* sitemaps and feeds read */
    uint64_t max_sitemaps, max_pages;
    int64_t since;        /* INT64_MIN: no --since */
    /* the transfer in flight */
    bool done;
    gl_fetch_result res;
} disc;

static bool queue_src(disc *d, const char *url, src_kind kind)
{
    int fresh = gl_seen_add(&d->srcs, url);
    if (fresh <= 0) return fresh == 0;
    if (d->qn == d->qcap) {
        size_t nc = d->qcap ? d->qcap * 2 : 16;
        src *nq = realloc(d->q, nc * sizeof *nq);
        if (!nq) return false;
        d->q = nq;
        d->qcap = nc;
    }
    if (!(d->q[d->qn].url = strdup(url))) return false;
    d->q[d->qn++].kind = kind;
    return true;
}

static void on_done(void *ud, void *tag, gl_fetch_result *r)
{
    (void)tag;
    disc *d = ud;
    d->res = *r;
    r->body = r->url = r->charset = r->content_type = NULL; /* taken */
    d->done = true;
}

/* Fetches `url` (any type; GL_FETCH_* `flags`) and waits for it. */
static void fetch_one(disc *d, const char *url, unsigned flags)
{
    memset(&d->res, 0, sizeof d->res);
    d->done = false;
    if (!gl_fetch_add(d->f, url, d, flags | GL_FETCH_ANY_TYPE)) {
        d->res.status = GALLEY_ERR_NOMEM;
        snprintf(d->res.msg, sizeof d->res.msg, "out of memory");
        return;
    }
    while (!d->done) gl_fetch_poll(d->f, 100, on_done, d);
}

static void release(disc *d)
{
    free(d->res.body);
    free(d->res.url);
    free(d->res.charset);
    free(d->res.content_type);
    memset(&d->res, 0, sizeof d->res);
}

static bool emit_page(disc *d, const gl_url_entry *e)
{
    gl_disc_out *o = d->out;
    if (d->since != INT64_MIN) {
        if (e->date_s == INT64_MIN) {
            o->undated++;
            return true;
        }
        if (e->date_s < d->since) {
            o->older++;
            return true;
        }
    }
    if (o->n >= d->max_pages) {
        o->over++;
        return true;
    }
    int fresh = gl_seen_add(&o->seen, e->url);
    if (fresh <= 0) return fresh == 0;
    if (o->n == o->cap) {
        size_t nc = o->cap ? o->cap * 2 : 256;
        gl_disc_page *np = realloc(o->pages, nc * sizeof *np);
        if (!np) return false;
        o->pages = np;
        o->cap = nc;
    }
    gl_disc_page *p = &o->pages[o->n];
    p->url = strdup(e->url);
    p->date = e->date ? strdup(e->date) : NULL;
    if (!p->url || (e->date && !p->date)) {
        free(p->url);
        free(p->date);
        return false;
    }
    o->n++;
    return true;
}

/* Whether a --feed answer is an HTML page (to look for feed links in)
 * rather than the feed: its type, else its first tag. */
static bool looks_html(const gl_fetch_result *r)
{
    const char *ct = r->content_type;
    if (ct && gl_ctype_is_html(ct, strlen(ct))) return true;
    if (ct && (strstr(ct, "xml") || strstr(ct, "rss") || strstr(ct, "atom"))) return false;
    size_t i = 0;
    while (i < r->len && gl_is_ascii_ws((unsigned char)r->body[i])) i++;
    const char *s = r->body + i;
    size_t n = r->len - i;
    return (n >= 14 && gl_ascii_ieq(s, 14, "<!doctype html")) || (n >= 5 && gl_ascii_ieq(s, 5, "<html"));
}

static bool on_feed_link(void *ud, const char *url, gl_link_kind kind)
{
    disc *d = ud;
    if (kind != GL_LINK_FEED) return true;
    d->out->feeds_found++;
    return queue_src(d, url, SRC_FEED_LINKED);
}

static void fail(disc *d, const char *source, galley_status st, const char *msg)
{
    d->out->failed++;
    d->out->fail(d->out->ud, source, st, msg);
}

/* Reads one source. False on OOM. */
static bool read_src(disc *d, const src *s)
{
    if (s->kind == SRC_ROOT) {
        fetch_one(d, s->url, GL_FETCH_ROBOTS);
        const gl_robots *r = gl_fetch_robots(d->f, s->url);
        size_t n = gl_robots_nsitemaps(r);
        release(d);
        for (size_t i = 0; i < n; i++) {
            const char *sm = gl_robots_sitemap(r, i);
            char *u = gl_url_normalize(s->url, sm, strlen(sm));
            bool ok = !u || queue_src(d, u, SRC_SITEMAP);
            free(u);
            if (!ok) return false;
        }
        if (n) return true;
        char *u = gl_url_normalize(s->url, "/sitemap.xml", 12);
        bool ok = !u || queue_src(d, u, SRC_SITEMAP);
        free(u);
        return ok;
    }
    if (d->read >= d->max_sitemaps) {
        d->out->skipped_sources++;
        return true;
    }
    d->read++;
    fetch_one(d, s->url, 0);
    if (d->res.status != GALLEY_OK) {
        fail(d, s->url, d->res.status, d->res.msg);
        release(d);
        return true;
    }
    const char *base = d->res.url ? d->res.url : s->url;
    if (s->kind == SRC_FEED && looks_html(&d->res)) {
        /* a page that names its feeds */
        uint64_t before = d->out->feeds_found;
        galley_status st = gl_page_links(d->res.body, d->res.len, d->res.charset, base, d->opts,
                                         on_feed_link, d);
        if (st == GALLEY_ERR_NOMEM) {
            release(d);
            return false;
        }
        if (st != GALLEY_OK) fail(d, s->url, st, "the page could not be read for feed links");
        else if (d->out->feeds_found == before)
            fail(d, s->url, GALLEY_ERR_NOT_HTML, "an HTML page without a feed link "
                                                 "(<link rel=\"alternate\" type=\"application/rss+xml\">)");
        release(d);
        return true;
    }
    gl_urlset *set = gl_urlset_parse(d->res.body, d->res.len, base, d->cfg->max_bytes,
                                     d->opts->max_depth, 0);
    release(d);
    if (!set) return false;
    bool ok = true;
    for (size_t i = 0; i < set->n && ok; i++) {
        const gl_url_entry *e = &set->e[i];
        if (!e->sitemap) {
            ok = emit_page(d, e);
        } else if (d->since != INT64_MIN && e->date_s != INT64_MIN && e->date_s < d->since) {
            d->out->older_sitemaps++; /* nothing in it is newer than its lastmod */
        } else {
            ok = queue_src(d, e->url, SRC_SITEMAP);
        }
    }
    d->out->dropped += set->dropped;
    if (set->status != GALLEY_OK) fail(d, s->url, set->status, set->msg);
    gl_urlset_free(set);
    return ok;
}

bool gl_discover_since(const char *since, int64_t *out)
{
    gl_date dt;
    if (!since || !*since) {
        *out = INT64_MIN;
        return true;
    }
    if (!gl_meta_date_parse(since, strlen(since), 0, &dt)) return false;
    int64_t t = gl_meta_date_days(&dt) * 86400;
    if (dt.has_time) t += (int64_t)dt.h * 3600 + dt.mi * 60 + dt.s;
    if (dt.has_tz) t -= (int64_t)dt.tz_min * 60;
    *out = t;
    return true;
}

bool gl_discover_sources(gl_fetch *f, const galley_batch_config *cfg, const galley_options *opts,
                         gl_disc_out *out)
{
    disc d;
    memset(&d, 0, sizeof d);
    d.f = f;
    d.cfg = cfg;
    d.opts = opts;
    d.out = out;
    d.max_sitemaps = cfg->max_sitemaps > 0 ? (uint64_t)cfg->max_sitemaps : GL_DEFAULT_MAX_SITEMAPS;
    d.max_pages = cfg->max_pages > 0 ? (uint64_t)cfg->max_pages : GL_DEFAULT_MAX_PAGES;
    if (!gl_discover_since(cfg->since, &d.since)) d.since = INT64_MIN; /* checked before */
    bool ok = true;
    for (size_t i = 0; i < cfg->nsitemaps && ok; i++) {
        const char *u = cfg->sitemaps[i];
        char *n = gl_url_normalize(NULL, u, strlen(u));
        if (!n) {
            fail(&d, u, GALLEY_ERR_FETCH, "not an absolute http or https URL");
            continue;
        }
        ok = queue_src(&d, n, strcmp(gl_url_path_query(n), "/") == 0 ? SRC_ROOT : SRC_SITEMAP);
        free(n);
    }
    for (size_t i = 0; i < cfg->nfeeds && ok; i++) {
        const char *u = cfg->feeds[i];
        char *n = gl_url_normalize(NULL, u, strlen(u));
        if (!n) {
            fail(&d, u, GALLEY_ERR_FETCH, "not an absolute http or https URL");
            continue;
        }
        ok = queue_src(&d, n, SRC_FEED);
        free(n);
    }
    /* the queue grows while it is read: an index adds its sitemaps */
    for (; d.qi < d.qn && ok && !(out->stop && out->stop(out->ud)); d.qi++) ok = read_src(&d, &d.q[d.qi]);
    for (size_t i = 0; i < d.qn; i++) free(d.q[i].url);
    free(d.q);
    gl_seen_free(&d.srcs);
    return ok;
}

void gl_disc_out_free(gl_disc_out *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free(o->pages[i].url);
        free(o->pages[i].date);
    }
    free(o->pages);
    gl_seen_free(&o->seen);
}
