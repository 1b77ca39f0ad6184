/*
 * url.c -- resolving link and image references against the page URL
 * (RFC 3986 section 5.2, reference resolution, for the forms found in HTML).
 */
#include "extract_int.h"

static bool has_scheme(const char *s, size_t n)
{
    if (n == 0 || !((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z')) return false;
    for (size_t i = 1; i < n; i++) {
        char ch = s[i];
        if (ch == ':') return true;
        if (!((ch | 32) >= 'a' && (ch | 32) <= 'z') && !(ch >= '0' && ch <= '9') && ch != '+' &&
            ch != '-' && ch != '.')
            return false;
    }
    return false;
}

/* RFC 3986 5.2.4: removes "." and ".." segments from the path that starts
 * at out->data[from] (up to '?' or '#'). Linear: each segment is copied
 * once and popped at most once. */
static void remove_dots(gl_buf *out, size_t from)
{
    size_t end = from;
    while (end < out->len && out->data[end] != '?' && out->data[end] != '#') end++;
    size_t w = from; /* write position; the path written so far is [from, w) */
    size_t r = from;
    while (r < end) {
        /* segment: '/' + name */
        size_t s = r + 1;
        size_t e = s;
        while (e < end && out->data[e] != '/') e++;
        size_t sl = e - s;
        if (out->data[r] != '/') { /* relative head without slash: copy */
            e = r;
            while (e < end && out->data[e] != '/') e++;
            memmove(out->data + w, out->data + r, e - r);
            w += e - r;
            r = e;
            continue;
        }
        if (sl == 1 && out->data[s] == '.') {
            if (e == end) out->data[w++] = '/';
        } else if (sl == 2 && out->data[s] == '.' && out->data[s + 1] == '.') {
            /* pop the last "/segment" written */
            while (w > from && out->data[w - 1] != '/') w--;
            if (w > from) w--;
            if (e == end) out->data[w++] = '/';
        } else {
            memmove(out->data + w, out->data + r, e - r);
            w += e - r;
        }
        r = e;
    }
    if (w == from && end > from) out->data[w++] = '/';
    memmove(out->data + w, out->data + end, out->len - end);
    out->len = w + (out->len - end);
}

const char *gl_extract_resolve(gl_article *a, const char *base, const char *ref, size_t len)
{
    while (len && gl_is_ascii_ws((unsigned char)*ref)) ref++, len--;
    while (len && gl_is_ascii_ws((unsigned char)ref[len - 1])) len--;
    if (len == 0) return NULL;
    if (len >= 11 && gl_ascii_ieq(ref, 11, "javascript:")) return NULL;
    if (has_scheme(ref, len) || !base || !*base) return gl_article_strdup(a, ref, len);

    size_t bl = strlen(base);
    size_t se = 0; /* end of "scheme:" */
    while (se < bl && base[se] != ':') se++;
    if (se == bl) return gl_article_strdup(a, ref, len);
    se++;
    size_t ae = se; /* end of "//authority" */
    if (bl - se >= 2 && base[se] == '/' && base[se + 1] == '/') {
        ae = se + 2;
        while (ae < bl && base[ae] != '/' && base[ae] != '?' && base[ae] != '#') ae++;
    }
    size_t pe = ae; /* end of path */
    while (pe < bl && base[pe] != '?' && base[pe] != '#') pe++;
    size_t qe = pe; /* end of query */
    while (qe < bl && base[qe] != '#') qe++;

    gl_buf out;
    gl_buf_init(&out);
    out.cap = 1 << 16;
    size_t path_from;
    if (len >= 2 && ref[0] == '/' && ref[1] == '/') {
        gl_buf_append(&out, base, se);
        gl_buf_append(&out, ref, len);
        path_from = out.len; /* authority in ref: leave the path as given */
    } else if (ref[0] == '/') {
        gl_buf_append(&out, base, ae);
        path_from = out.len;
        gl_buf_append(&out, ref, len);
        remove_dots(&out, path_from);
    } else if (ref[0] == '?') {
        gl_buf_append(&out, base, pe);
        gl_buf_append(&out, ref, len);
    } else if (ref[0] == '#') {
        gl_buf_append(&out, base, qe);
        gl_buf_append(&out, ref, len);
    } else {
        size_t dir = pe;
        while (dir > ae && base[dir - 1] != '/') dir--;
        gl_buf_append(&out, base, ae);
        path_from = out.len;
        if (dir == ae) gl_buf_putc(&out, '/');
        else gl_buf_append(&out, base + ae, dir - ae);
        gl_buf_append(&out, ref, len);
        if (!out.failed) remove_dots(&out, path_from);
    }
    const char *r = out.failed ? NULL : gl_article_strdup(a, out.data, out.len);
    gl_buf_free(&out);
    return r;
}
