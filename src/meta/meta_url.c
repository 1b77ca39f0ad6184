/* meta_url.c -- fields read from URLs: the hostname (from the URL field)
 * and the licence (rel="license" links, JSON-LD "license"). */
#include "meta_int.h"

/* Creative Commons licence URLs read as their short names:
 * .../licenses/by-sa/4.0/ -> "CC BY-SA 4.0", .../publicdomain/zero/1.0/ ->
 * "CC0 1.0". Writes into out (cap bytes); 0 when `u` is no such URL. */
#define CC_HOST "creativecommons.org/"
static size_t cc_name(const char *u, char *out, size_t cap)
{
    const char *h = strstr(u, CC_HOST);
    if (!h) return 0;
    const char *p = h + strlen(CC_HOST);
    const char *kind;
    if (strncmp(p, "licenses/", 9) == 0) {
        p += 9;
        kind = "CC ";
    } else if (strncmp(p, "publicdomain/zero/", 18) == 0) {
        p += 18;
        kind = "CC0";
    } else {
        return 0;
    }
    char name[24] = "", ver[12] = "";
    size_t k = 0;
    if (kind[2] == ' ') { /* licence elements: by, by-sa, by-nc-nd, ... */
        for (; *p && *p != '/' && k < sizeof name - 1; p++) {
            char ch = *p;
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '-')) return 0;
            name[k++] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        }
        name[k] = 0;
        if (!k || *p != '/') return 0;
        p++;
    }
    k = 0;
    for (; *p && *p != '/' && *p != '?' && *p != '#' && k < sizeof ver - 1; p++) {
        if (!((*p >= '0' && *p <= '9') || *p == '.')) return 0;
        ver[k++] = *p;
    }
    ver[k] = 0;
    int n = kind[2] == ' ' ? snprintf(out, cap, "CC %s%s%s", name, k ? " " : "", ver)
                           : snprintf(out, cap, "CC0%s%s", k ? " " : "", ver);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

void gl_meta_offer_license(gl_meta_ctx *c, const char *v, size_t n, bool is_url, int prio,
                           const char *src)
{
    while (n && gl_is_ascii_ws((unsigned char)*v)) v++, n--;
    while (n && gl_is_ascii_ws((unsigned char)v[n - 1])) n--;
    if (!n || n > GL_META_LICENSE_MAX) return;
    if (is_url) {
        const char *u = gl_url_resolve(c->a, c->a->base_url, v, n);
        if (!u) return;
        char name[48];
        size_t k = cc_name(u, name, sizeof name);
        if (k) gl_meta_offer(c, GALLEY_FIELD_LICENSE, name, k, prio, src);
        else gl_meta_offer(c, GALLEY_FIELD_LICENSE, u, strlen(u), prio, src);
        return;
    }
    gl_meta_offer(c, GALLEY_FIELD_LICENSE, v, n, prio, src);
}

bool gl_meta_rel_has(const char *rel, size_t n, const char *tok)
{
    size_t tl = strlen(tok);
    for (size_t i = 0; i < n;) {
        while (i < n && gl_is_ascii_ws((unsigned char)rel[i])) i++;
        size_t s = i;
        while (i < n && !gl_is_ascii_ws((unsigned char)rel[i])) i++;
        if (i - s == tl && gl_ascii_ieq(rel + s, tl, tok)) return true;
    }
    return false;
}

void gl_meta_offer_hostname(gl_meta_ctx *c)
{
    const char *u = c->b.field[GALLEY_FIELD_URL].v;
    size_t n;
    const char *h = u ? gl_url_host(u, &n) : NULL;
    if (!h || !n) return;
    char *v = gl_arena_strndup(&c->scratch, h, n);
    if (!v) return;
    for (char *p = v; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    gl_board_decide(&c->b, GALLEY_FIELD_HOSTNAME, v, strlen(v), GL_PRIO_URL, "url",
                    "meta.hostname.url");
}
