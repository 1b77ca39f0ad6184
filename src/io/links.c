/*
 * links.c -- the links of an HTML page that discovery follows: feed links
 * (<link rel="alternate" type="application/rss+xml" | atom+xml |
 * rdf+xml>, the feed auto-discovery convention) and anchors (<a href>,
 * <area href>), each resolved against the page's <base href> or URL and
 * normalised (urlnorm.c). The page is parsed by galley's own HTML parser,
 * under the caller's caps, and walked once without recursion.
 */
#include <stdlib.h>

#include "../dom/dom.h"
#include "../html/parser.h"
#include "discover.h"

static bool has_token(const char *list, const char *tok)
{
    size_t n = strlen(tok);
    for (const char *p = list; *p;) {
        while (*p && gl_is_ascii_ws((unsigned char)*p)) p++;
        const char *s = p;
        while (*p && !gl_is_ascii_ws((unsigned char)*p)) p++;
        if ((size_t)(p - s) == n && gl_ascii_ieq(s, n, tok)) return true;
    }
    return false;
}

static bool feed_type(const char *t)
{
    static const char *const types[] = {"application/rss+xml", "application/atom+xml",
                                        "application/rdf+xml"};
    size_t n = strlen(t);
    while (n && gl_is_ascii_ws((unsigned char)t[n - 1])) n--;
    const char *semi = memchr(t, ';', n); /* "application/rss+xml; charset=..." */
    if (semi) n = (size_t)(semi - t);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (gl_ascii_ieq(t, n, types[i])) return true;
    return false;
}

galley_status gl_page_links(const char *body, size_t len, const char *charset, const char *url,
                            const galley_options *opts, gl_link_fn fn, void *ud)
{
    gl_deadline dl;
    gl_deadline_start(&dl, opts->timeout_ms);
    galley_error err;
    gl_doc *doc = gl_parse_bytes(NULL, body, len, charset, opts, &dl, &err);
    if (!doc) return err.code ? err.code : GALLEY_ERR_NOMEM;
    const char *base = url;
    /* the first <base href> sets the base URL (HTML's document base URL) */
    for (gl_node *n = doc->root; n; n = gl_walk_next(doc->root, n, false)) {
        if (gl_is_html(n, GL_TAG_BASE)) {
            const char *h = gl_node_attr_value(n, "href");
            if (h && *h) {
                base = h; /* resolved against `url` below, like any link */
                break;
            }
        }
        if (gl_is_html(n, GL_TAG_BODY)) break;
    }
    char *base_abs = base != url ? gl_url_normalize(url, base, strlen(base)) : NULL;
    if (base_abs) base = base_abs;
    galley_status st = GALLEY_OK;
    for (gl_node *n = doc->root; n && st == GALLEY_OK; n = gl_walk_next(doc->root, n, false)) {
        gl_link_kind kind;
        if (gl_is_html(n, GL_TAG_A) || gl_is_html(n, GL_TAG_AREA)) {
            kind = GL_LINK_ANCHOR;
        } else if (gl_is_html(n, GL_TAG_LINK)) {
            const char *rel = gl_node_attr_value(n, "rel");
            const char *type = gl_node_attr_value(n, "type");
            if (!rel || !type || !has_token(rel, "alternate") || !feed_type(type)) continue;
            kind = GL_LINK_FEED;
        } else {
            continue;
        }
        const char *href = gl_node_attr_value(n, "href");
        if (!href || !*href) continue;
        char *u = gl_url_normalize(base, href, strlen(href));
        if (!u) continue; /* mailto:, javascript:, another scheme */
        if (!fn(ud, u, kind)) st = GALLEY_ERR_NOMEM;
        free(u);
    }
    free(base_abs);
    gl_doc_free(doc);
    return st;
}
