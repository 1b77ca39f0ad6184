/*
 * discover_api.c -- the public discovery helpers: galley_robots_* and
 * galley_url_normalize, galley_urlset_*, thin over src/io (robots.c,
 * urlnorm.c, sitemap.c).
 */
#include <stdlib.h>

#include "../io/discover.h"

GALLEY_API galley_robots *galley_robots_parse(const char *txt, size_t len,
                                              const char *user_agent)
{
    if (!txt && len) return NULL;
    return gl_robots_parse(txt ? txt : "", len, user_agent);
}

GALLEY_API int galley_robots_allowed(const galley_robots *r, const char *path)
{
    return path && gl_robots_allowed(r, path);
}

GALLEY_API int64_t galley_robots_crawl_delay_ms(const galley_robots *r)
{
    return gl_robots_delay_ms(r);
}

GALLEY_API size_t galley_robots_sitemap_count(const galley_robots *r)
{
    return gl_robots_nsitemaps(r);
}

GALLEY_API const char *galley_robots_sitemap(const galley_robots *r, size_t i)
{
    return gl_robots_sitemap(r, i);
}

GALLEY_API void galley_robots_free(galley_robots *r) { gl_robots_free(r); }

GALLEY_API char *galley_url_normalize(const char *base, const char *url)
{
    return url ? gl_url_normalize(base, url, strlen(url)) : NULL;
}

GALLEY_API galley_urlset *galley_urlset_parse(const char *data, size_t len, const char *base,
                                              const galley_options *opts)
{
    if (!data && len) return NULL;
    if (!opts) opts = gl_options_default();
    return gl_urlset_parse(data ? data : "", len, base, opts->max_input_bytes, opts->max_depth, 0);
}

GALLEY_API galley_status galley_urlset_status(const galley_urlset *s, const char **msg)
{
    if (msg) *msg = s ? s->msg : "";
    return s ? s->status : GALLEY_ERR_INVALID_ARG;
}

GALLEY_API const char *galley_urlset_kind(const galley_urlset *s)
{
    static const char *const names[] = {"", "urlset", "sitemapindex", "rss", "atom", "rdf"};
    return s && (unsigned)s->kind < sizeof names / sizeof names[0] ? names[s->kind] : "";
}

GALLEY_API size_t galley_urlset_count(const galley_urlset *s) { return s ? s->n : 0; }

GALLEY_API const char *galley_urlset_url(const galley_urlset *s, size_t i)
{
    return s && i < s->n ? s->e[i].url : NULL;
}

GALLEY_API const char *galley_urlset_date(const galley_urlset *s, size_t i)
{
    return s && i < s->n ? s->e[i].date : NULL;
}

GALLEY_API const char *galley_urlset_title(const galley_urlset *s, size_t i)
{
    return s && i < s->n ? s->e[i].title : NULL;
}

GALLEY_API void galley_urlset_free(galley_urlset *s) { gl_urlset_free(s); }
