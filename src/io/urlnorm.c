/*
 * urlnorm.c -- the URL normalisation discovery applies before de-duplicating
 * and fetching (docs/discovery.md, "URL normalisation"): resolved by the one
 * RFC 3986 resolver, http(s) only, scheme and host lower-cased, default
 * ports dropped, an empty path made "/", the fragment dropped, and tracking
 * parameters removed from the query under one named rule.
 */
#include <stdlib.h>

#include "../article/article.h"
#include "discover.h"

/* Rule url.tracking_param: a query parameter is dropped when its name
 * starts with "utm_" or is one of these click and campaign identifiers.
 * They say who sent the reader, never which page is shown, so two URLs that
 * differ only in them are one page. */
static const char *const tracking_params[] = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
    "mc_cid", "mc_eid", "igshid", "_ga",  "_gl",   "mkt_tok",
};

bool gl_url_is_tracking_param(const char *name, size_t n)
{
    if (n >= 4 && gl_ascii_ieq(name, 4, "utm_")) return true;
    for (size_t i = 0; i < sizeof tracking_params / sizeof tracking_params[0]; i++)
        if (strlen(tracking_params[i]) == n && gl_ascii_ieq(name, n, tracking_params[i]))
            return true;
    return false;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* The host and port of an authority (user info left out), lower-cased,
 * the scheme's default port dropped. Appends to `d`; returns the end. */
static char *put_authority(char *d, const gl_url_parts *p, bool https)
{
    const char *h = p->auth, *e = p->auth + p->auth_n;
    for (const char *q = h; q < e; q++)
        if (*q == '@') h = q + 1;
    const char *port = NULL;
    const char *hend = e;
    if (h < e && *h == '[') {
        const char *rb = memchr(h, ']', (size_t)(e - h));
        if (rb && rb + 1 < e && rb[1] == ':') port = rb + 2, hend = rb + 1;
    } else {
        const char *c = memchr(h, ':', (size_t)(e - h));
        if (c) port = c + 1, hend = c;
    }
    while (hend > h && hend[-1] == '.') hend--; /* "example.com." is example.com */
    for (const char *q = h; q < hend; q++) *d++ = lower(*q);
    if (port && port < e) {
        size_t pn = (size_t)(e - port);
        bool dflt = (https && pn == 3 && memcmp(port, "443", 3) == 0) ||
                    (!https && pn == 2 && memcmp(port, "80", 2) == 0);
        if (!dflt) {
            *d++ = ':';
            memcpy(d, port, pn);
            d += pn;
        }
    }
    return d;
}

/* What the WHATWG URL parser does before parsing: tabs and newlines
 * anywhere are removed; then every byte that may not stand in a URL
 * (controls, space, '"', '<', '>', '`', '{', '}', '|', '\\', '^', and
 * non-ASCII) is percent-encoded, so that the result is plain ASCII and
 * normalising it again changes nothing. Returns a malloc'd copy. */
static char *clean_bytes(const char *s, size_t n)
{
    char *out = malloc(n * 3 + 1);
    if (!out) return NULL;
    char *d = out;
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t' || c == '\n' || c == '\r') continue;
        if (c <= 0x20 || c >= 0x7f || strchr("\"<>`{}|\\^", c)) {
            *d++ = '%';
            *d++ = hex[c >> 4];
            *d++ = hex[c & 15];
        } else {
            *d++ = (char)c;
        }
    }
    *d = 0;
    return out;
}

char *gl_url_normalize(const char *base, const char *ref, size_t len)
{
    /* space at the edges is layout, as for any link (the resolver trims it) */
    while (len && (unsigned char)*ref <= 0x20) ref++, len--;
    while (len && (unsigned char)ref[len - 1] <= 0x20) len--;
    char *clean = clean_bytes(ref, len);
    if (!clean) return NULL;
    char *abs = gl_url_resolve_heap(base, clean, strlen(clean));
    free(clean);
    if (!abs) return NULL;
    gl_url_parts p;
    gl_url_split(abs, strlen(abs), &p);
    bool https = p.scheme_n == 5 && gl_ascii_ieq(p.scheme, 5, "https");
    bool http = p.scheme_n == 4 && gl_ascii_ieq(p.scheme, 4, "http");
    if ((!http && !https) || !p.has_auth || p.auth_n == 0) {
        free(abs);
        return NULL;
    }
    /* the result is never longer than the resolved URL plus a "/" */
    char *out = malloc(strlen(abs) + 2);
    if (!out) {
        free(abs);
        return NULL;
    }
    char *d = out;
    memcpy(d, https ? "https://" : "http://", https ? 8 : 7);
    d += https ? 8 : 7;
    char *host = d;
    d = put_authority(d, &p, https);
    if (d == host) { /* "http://:80/" names no host */
        free(abs);
        free(out);
        return NULL;
    }
    if (p.path_n == 0) *d++ = '/';
    memcpy(d, p.path, p.path_n);
    d += p.path_n;
    if (p.has_query) {
        char *q0 = d;
        *d++ = '?';
        const char *q = p.query, *qe = p.query + p.query_n;
        /* linear: each parameter is looked at once */
        while (q < qe) {
            const char *amp = memchr(q, '&', (size_t)(qe - q));
            const char *pe = amp ? amp : qe;
            const char *eq = memchr(q, '=', (size_t)(pe - q));
            size_t nn = (size_t)((eq ? eq : pe) - q);
            if (pe > q && !gl_url_is_tracking_param(q, nn)) {
                if (d > q0 + 1) *d++ = '&';
                memcpy(d, q, (size_t)(pe - q));
                d += pe - q;
            }
            q = pe + (amp != NULL);
        }
        if (d == q0 + 1) d = q0; /* nothing left: no "?" either */
    }
    *d = 0;
    free(abs);
    return out;
}

size_t gl_url_origin(const char *url, char *out, size_t cap)
{
    gl_url_parts p;
    gl_url_split(url, strlen(url), &p);
    if (!p.has_scheme || !p.has_auth || p.auth_n == 0 || cap < p.scheme_n + 3 + p.auth_n + 1)
        return 0;
    bool https = p.scheme_n == 5 && gl_ascii_ieq(p.scheme, 5, "https");
    char *d = out;
    for (size_t i = 0; i < p.scheme_n; i++) *d++ = lower(p.scheme[i]);
    memcpy(d, "://", 3);
    d += 3;
    d = put_authority(d, &p, https);
    *d = 0;
    return (size_t)(d - out);
}

const char *gl_url_path_query(const char *url)
{
    gl_url_parts p;
    gl_url_split(url, strlen(url), &p);
    if (p.path_n) return p.path;
    return p.has_query ? p.query - 1 : "/";
}
