/*
 * discover_api.c -- the public discovery helpers: galley_robots_* and
 * galley_url_normalize, thin over src/io (robots.c, urlnorm.c).
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
