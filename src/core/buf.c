/* buf.c -- growable byte buffers and UTF-8 helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core.h"

void gl_buf_init(gl_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void gl_buf_free(gl_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
}

bool gl_buf_reserve(gl_buf *b, size_t extra)
{
    if (b->failed) return false;
    if (extra > SIZE_MAX / 2 - b->len) goto fail;
    size_t need = b->len + extra + 1;
    if (b->cap && need - 1 > b->cap) goto fail;
    if (need <= b->alloc) return true;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need) n *= 2; /* doubling: appends are amortised O(1) */
    char *d = realloc(b->data, n);
    if (!d) goto fail;
    b->data = d;
    b->alloc = n;
    return true;
fail:
    b->failed = true;
    return false;
}

bool gl_buf_append(gl_buf *b, const char *s, size_t n)
{
    if (!gl_buf_reserve(b, n)) return false;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    return true;
}

bool gl_buf_puts(gl_buf *b, const char *s)
{
    return gl_buf_append(b, s, strlen(s));
}

bool gl_buf_putc(gl_buf *b, char c)
{
    if (gl_likely(b->len + 1 < b->alloc && !b->failed && (!b->cap || b->len < b->cap))) {
        b->data[b->len++] = c;
        return true;
    }
    return gl_buf_append(b, &c, 1);
}

bool gl_buf_printf(gl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return false;
    if ((size_t)n < sizeof tmp) return gl_buf_append(b, tmp, (size_t)n);
    if (!gl_buf_reserve(b, (size_t)n)) return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

bool gl_buf_put_cp(gl_buf *b, uint32_t cp)
{
    char tmp[4];
    return gl_buf_append(b, tmp, gl_utf8_encode(cp, tmp));
}

char *gl_buf_cstr(gl_buf *b)
{
    if (!b->data || b->len + 1 > b->alloc) {
        bool f = b->failed;
        b->failed = false;
        size_t cap = b->cap;
        b->cap = 0;
        bool ok = gl_buf_reserve(b, 0);
        b->cap = cap;
        b->failed = f || !ok;
        if (!ok) return NULL;
    }
    b->data[b->len] = '\0';
    return b->data;
}

char *gl_buf_detach(gl_buf *b, size_t *len)
{
    char *d = gl_buf_cstr(b);
    if (len) *len = d ? b->len : 0;
    if (!d) gl_buf_free(b);
    gl_buf_init(b);
    return d;
}

/* The lower case of the two-byte UTF-8 capital b0 b1 of the scripts the
 * vocabulary lists are written in, in place: Latin-1 (U+00C0-U+00DE but
 * the multiplication sign), Latin Extended-A (U+0100-U+017E, where case
 * pairs alternate: even capitals, but odd ones in U+0139-U+0148 and
 * U+0179-U+017E; U+0130, U+0138, U+0149 and U+017F stand alone), Greek
 * (U+0391-U+03A9) and Cyrillic (U+0400-U+042F). Unicode's case mappings
 * (UnicodeData.txt) for these ranges are these offsets. */
void gl_utf8_lower2(unsigned char *b0, unsigned char *b1)
{
    unsigned cp = ((unsigned)(*b0 & 0x1F) << 6) | (*b1 & 0x3F);
    unsigned lo = cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) lo = cp + 0x20;
    else if (cp >= 0x100 && cp <= 0x17E && cp != 0x130 && cp != 0x138 && cp != 0x149) {
        bool odd_caps = (cp >= 0x139 && cp <= 0x148) || cp >= 0x179;
        if ((cp & 1) == (odd_caps ? 1u : 0u)) lo = cp + 1;
        if (cp == 0x178) lo = 0xFF; /* Y WITH DIAERESIS */
    } else if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) lo = cp + 0x20;
    else if (cp >= 0x410 && cp <= 0x42F) lo = cp + 0x20;
    else if (cp >= 0x400 && cp <= 0x40F) lo = cp + 0x50;
    if (lo == cp || lo > 0x7FF) return;
    *b0 = (unsigned char)(0xC0 | (lo >> 6));
    *b1 = (unsigned char)(0x80 | (lo & 0x3F));
}

void gl_utf8_lower_copy(const char *s, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0xC3 && ch <= 0xD0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            unsigned char b0 = ch, b1 = (unsigned char)s[i + 1];
            gl_utf8_lower2(&b0, &b1);
            out[i] = (char)b0;
            out[++i] = (char)b1;
        } else {
            out[i] = (char)gl_lower(ch);
        }
    }
}

size_t gl_utf8_encode(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x10000) return gl_utf8_encode(cp, o);
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

uint32_t gl_utf8_decode(const char *s, size_t n, size_t *adv)
{
    const unsigned char *p = (const unsigned char *)s;
    *adv = 1;
    if (n == 0) return 0xFFFD;
    unsigned c = p[0];
    if (c < 0x80) return c;
    size_t need;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
    else return 0xFFFD;
    if (n < need + 1) return 0xFFFD;
    for (size_t i = 1; i <= need; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
    *adv = need + 1;
    return cp;
}

bool gl_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    while (p < e) {
        /* skip ASCII eight bytes at a time */
        while (e - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (w & 0x8080808080808080ull) break;
            p += 8;
        }
        if (p >= e) break;
        if (*p < 0x80) {
            p++;
            continue;
        }
        size_t adv;
        uint32_t cp = gl_utf8_decode((const char *)p, (size_t)(e - p), &adv);
        if (cp == 0xFFFD && !(adv == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBD))
            return false;
        p += adv;
    }
    return true;
}

