/*
 * url.c -- the one URL resolver: every link, image, figure, canonical URL
 * and <base href> goes through gl_url_resolve() (RFC 3986 section 5.2,
 * reference resolution, with section 5.2.4's dot-segment removal).
 */
#include <stdlib.h>

#include "article.h"

typedef gl_url_parts url_parts;

static bool is_alpha(char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

/* RFC 3986 appendix B's regular expression, by hand. */
void gl_url_split(const char *s, size_t n, url_parts *p)
{
    memset(p, 0, sizeof *p);
    size_t i = 0;
    if (n && is_alpha(s[0])) {
        size_t k = 1;
        while (k < n && (is_alpha(s[k]) || (s[k] >= '0' && s[k] <= '9') || s[k] == '+' ||
                         s[k] == '-' || s[k] == '.'))
            k++;
        if (k < n && s[k] == ':') {
            p->has_scheme = true;
            p->scheme = s;
            p->scheme_n = k;
            i = k + 1;
        }
    }
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        size_t k = i + 2;
        while (k < n && s[k] != '/' && s[k] != '?' && s[k] != '#') k++;
        p->has_auth = true;
        p->auth = s + i + 2;
        p->auth_n = k - i - 2;
        i = k;
    }
    size_t k = i;
    while (k < n && s[k] != '?' && s[k] != '#') k++;
    p->path = s + i;
    p->path_n = k - i;
    i = k;
    if (i < n && s[i] == '?') {
        k = i + 1;
        while (k < n && s[k] != '#') k++;
        p->has_query = true;
        p->query = s + i + 1;
        p->query_n = k - i - 1;
        i = k;
    }
    if (i < n && s[i] == '#') {
        p->has_frag = true;
        p->frag = s + i + 1;
        p->frag_n = n - i - 1;
    }
}

/* RFC 3986 5.2.4 over the path p[0, n), in place; returns the new length.
 * Linear: each segment is copied once and popped at most once. */
static size_t remove_dots(char *p, size_t n)
{
    size_t r = 0, w = 0;
    while (r < n) {
        /* A: leading "../" or "./" */
        if (n - r >= 3 && p[r] == '.' && p[r + 1] == '.' && p[r + 2] == '/') { r += 3; continue; }
        if (n - r >= 2 && p[r] == '.' && p[r + 1] == '/') { r += 2; continue; }
        /* B: "/./" or a final "/." becomes "/" */
        if (n - r >= 3 && p[r] == '/' && p[r + 1] == '.' && p[r + 2] == '/') { r += 2; continue; }
        if (n - r == 2 && p[r] == '/' && p[r + 1] == '.') { p[w++] = '/'; break; }
        /* C: "/../" or a final "/.." pops the last segment written */
        bool up3 = n - r >= 4 && p[r] == '/' && p[r + 1] == '.' && p[r + 2] == '.' && p[r + 3] == '/';
        bool up_end = n - r == 3 && p[r] == '/' && p[r + 1] == '.' && p[r + 2] == '.';
        if (up3 || up_end) {
            while (w > 0 && p[w - 1] != '/') w--;
            if (w > 0) w--;
            if (up_end) { p[w++] = '/'; break; }
            r += 3;
            continue;
        }
        /* D: a lone "." or ".." */
        if ((n - r == 1 && p[r] == '.') || (n - r == 2 && p[r] == '.' && p[r + 1] == '.')) break;
        /* E: move the first segment (with its leading '/') */
        size_t e = r + (p[r] == '/');
        while (e < n && p[e] != '/') e++;
        memmove(p + w, p + r, e - r);
        w += e - r;
        r = e;
    }
    return w;
}

static char *put(char *d, const char *s, size_t n)
{
    memcpy(d, s, n);
    return d + n;
}

/* Resolution with the result's storage from `alloc` (the article's arena,
 * or malloc for callers outside an article). */
static char *resolve(void *(*alloc)(void *, size_t), void *ctx, const char *base, const char *ref,
                     size_t len)
{
    while (len && gl_is_ascii_ws((unsigned char)*ref)) ref++, len--;
    while (len && gl_is_ascii_ws((unsigned char)ref[len - 1])) len--;
    if (len == 0) return NULL;
    if (len >= 11 && gl_ascii_ieq(ref, 11, "javascript:")) return NULL;
    url_parts r, b;
    gl_url_split(ref, len, &r);
    size_t bl = base ? strlen(base) : 0;
    gl_url_split(base ? base : "", bl, &b);
    /* a relative reference with no absolute base stays as written */
    if (!r.has_scheme && !b.has_scheme) {
        char *c = alloc(ctx, len + 1);
        if (c) memcpy(c, ref, len), c[len] = 0;
        return c;
    }

    /* 5.2.2: the target's components, each taken from R or B */
    url_parts t = r;
    const char *merge_dir = NULL; /* merged paths: B's path up to its last '/' */
    size_t merge_n = 0;
    bool merge_root = false;      /* B has an authority and an empty path */
    if (!r.has_scheme) {
        t.scheme = b.scheme, t.scheme_n = b.scheme_n, t.has_scheme = true;
        if (!r.has_auth) {
            t.auth = b.auth, t.auth_n = b.auth_n, t.has_auth = b.has_auth;
            if (r.path_n == 0) {
                t.path = b.path, t.path_n = b.path_n;
                if (!r.has_query)
                    t.query = b.query, t.query_n = b.query_n, t.has_query = b.has_query;
            } else if (r.path[0] != '/') {
                if (b.has_auth && b.path_n == 0) {
                    merge_root = true;
                } else {
                    merge_n = b.path_n;
                    while (merge_n && b.path[merge_n - 1] != '/') merge_n--;
                    merge_dir = b.path;
                }
            }
        }
    }
    /* 5.3: recomposition, into the arena; dot removal only shrinks it */
    size_t cap = t.scheme_n + 1 + 2 + t.auth_n + 1 + merge_n + t.path_n + 1 + t.query_n + 1 +
                 t.frag_n + 1;
    char *out = alloc(ctx, cap);
    if (!out) return NULL;
    char *d = out;
    d = put(d, t.scheme, t.scheme_n);
    *d++ = ':';
    if (t.has_auth) {
        d = put(d, "//", 2);
        d = put(d, t.auth, t.auth_n);
    }
    char *path = d;
    if (merge_root) *d++ = '/';
    if (merge_dir) d = put(d, merge_dir, merge_n);
    d = put(d, t.path, t.path_n);
    d = path + remove_dots(path, (size_t)(d - path));
    if (t.has_query) {
        *d++ = '?';
        d = put(d, t.query, t.query_n);
    }
    if (t.has_frag) {
        *d++ = '#';
        d = put(d, t.frag, t.frag_n);
    }
    *d = '\0';
    return out;
}

static void *arena_alloc(void *ctx, size_t n) { return gl_arena_alloc(ctx, n); }
static void *heap_alloc(void *ctx, size_t n) { (void)ctx; return malloc(n); }

const char *gl_url_resolve(gl_article *a, const char *base, const char *ref, size_t len)
{
    return resolve(arena_alloc, &a->arena, base, ref, len);
}

char *gl_url_resolve_heap(const char *base, const char *ref, size_t len)
{
    return resolve(heap_alloc, NULL, base, ref, len);
}

const char *gl_url_host(const char *url, size_t *n)
{
    url_parts p;
    gl_url_split(url, strlen(url), &p);
    if (!p.has_scheme || !p.has_auth) return NULL;
    const char *h = p.auth, *e = p.auth + p.auth_n;
    for (const char *q = h; q < e; q++)
        if (*q == '@') h = q + 1; /* user info */
    const char *end = e;
    if (h < e && *h == '[') {
        const char *rb = memchr(h, ']', (size_t)(e - h));
        if (rb) end = rb + 1;
    } else {
        const char *colon = memchr(h, ':', (size_t)(e - h));
        if (colon) end = colon;
    }
    *n = (size_t)(end - h);
    return *n ? h : NULL;
}

const char *gl_url_document_base(gl_article *a, gl_node *root, const char *url)
{
    /* the first <base href> in <head>: HTML's document base URL */
    for (gl_node *h = root ? root->first_child : NULL; h; h = h->next) {
        if (!gl_is_html(h, GL_TAG_HTML)) continue;
        for (gl_node *hd = h->first_child; hd; hd = hd->next) {
            if (!gl_is_html(hd, GL_TAG_HEAD)) continue;
            for (gl_node *e = hd->first_child; e; e = e->next) {
                if (!gl_is_html(e, GL_TAG_BASE)) continue;
                const char *href = gl_node_attr_value(e, "href");
                if (href && *href) {
                    const char *r = gl_url_resolve(a, url, href, strlen(href));
                    if (r) return r;
                }
            }
        }
    }
    return url ? gl_url_resolve(a, NULL, url, strlen(url)) : NULL;
}
