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

#endif
