/*
 * sniff.c -- HTML Standard 13.2.3 "determining the character encoding":
 * BOM, transport charset, the <meta> prescan (13.2.3.2), the XML
 * declaration, then evidence (valid UTF-8, else windows-1252).
 */
#include "encoding.h"

/* galley_sniff_encoding's prescan window, as the standard encourages. */
#define PRESCAN_LIMIT 1024
/* Longest attribute name/value kept; longer ones are truncated (a label is
 * at most GL_ENC_LABEL_MAX bytes, a content value holds more). */
#define ATTR_MAX 512

int gl_enc_bom(const unsigned char *p, size_t n, size_t *bom_len)
{
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *bom_len = 3;
        return GL_ENC_UTF_8;
    }
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        *bom_len = 2;
        return GL_ENC_UTF_16BE;
    }
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        *bom_len = 2;
        return GL_ENC_UTF_16LE;
    }
    *bom_len = 0;
    return -1;
}

static inline bool is_ws(unsigned c) /* TAB LF FF CR SPACE */
{
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

static inline bool is_alpha(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

typedef struct attr_str {
    char s[ATTR_MAX];
    size_t n;
} attr_str;

static inline void attr_put(attr_str *a, unsigned c)
{
    if (a->n < ATTR_MAX) a->s[a->n++] = (char)gl_lower((int)c);
}

/* 13.2.3.2 "get an attribute". Returns 1 with name/value filled, 0 when
 * there is no attribute (a '>' was found: *pos points at it), -1 when the
 * bytes ran out (the prescan then fails). */
static int get_attribute(const unsigned char *p, size_t n, size_t *pos, attr_str *name,
                         attr_str *value)
{
    size_t i = *pos;
    name->n = value->n = 0;
    while (i < n && (is_ws(p[i]) || p[i] == '/'))
        i++;
    if (i >= n) return -1;
    if (p[i] == '>') {
        *pos = i;
        return 0;
    }
    /* the attribute name */
    for (;; i++) {
        if (i >= n) return -1;
        unsigned c = p[i];
        if (c == '=' && name->n > 0) {
            i++;
            goto value;
        }
        if (is_ws(c)) break;
        if (c == '/' || c == '>') {
            *pos = i;
            return 1;
        }
        attr_put(name, c);
    }
    /* spaces before a possible '=' */
    while (i < n && is_ws(p[i]))
        i++;
    if (i >= n) return -1;
    if (p[i] != '=') {
        *pos = i;
        return 1;
    }
    i++;
value:
    while (i < n && is_ws(p[i]))
        i++;
    if (i >= n) return -1;
    if (p[i] == '"' || p[i] == '\'') {
        unsigned q = p[i++];
        for (;; i++) {
            if (i >= n) return -1;
            if (p[i] == q) {
                *pos = i + 1;
                return 1;
            }
            attr_put(value, p[i]);
        }
    }
    if (p[i] == '>') {
        *pos = i;
        return 1;
    }
    attr_put(value, p[i++]);
    for (;; i++) {
        if (i >= n) return -1;
        if (is_ws(p[i]) || p[i] == '>') {
            *pos = i;
            return 1;
        }
        attr_put(value, p[i]);
    }
}

/* 2.6 "extracting a character encoding from a meta element", over the
 * (already lower-cased) content attribute value. -1 for nothing. */
static int charset_from_content(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        /* find "charset" from i */
        size_t k = i;
        for (; k + 7 <= n; k++)
            if (memcmp(s + k, "charset", 7) == 0) break;
        if (k + 7 > n) return -1;
        i = k + 7;
        while (i < n && is_ws((unsigned char)s[i]))
            i++;
        if (i >= n) return -1;
        if (s[i] != '=') continue; /* loop again from just before s[i] */
        i++;
        while (i < n && is_ws((unsigned char)s[i]))
            i++;
        if (i >= n) return -1;
        if (s[i] == '"' || s[i] == '\'') {
            char q = s[i];
            size_t j = i + 1;
            while (j < n && s[j] != q)
                j++;
            if (j >= n) return -1; /* unmatched quote */
            return gl_enc_from_label(s + i + 1, j - i - 1);
        }
        size_t j = i;
        while (j < n && !is_ws((unsigned char)s[j]) && s[j] != ';')
            j++;
        return gl_enc_from_label(s + i, j - i);
    }
}

/* Position after the first '>' at or after i, or n. */
static size_t skip_to_gt(const unsigned char *p, size_t n, size_t i)
{
    const unsigned char *g = memchr(p + i, '>', n - i);
    return g ? (size_t)(g - p) : n;
}

/* The <meta> part of the prescan: -1 when nothing is found. */
static int prescan_meta(const unsigned char *p, size_t n)
{
    attr_str name, value;
    size_t i = 0;
    while (i < n) {
        if (p[i] != '<') {
            const unsigned char *lt = memchr(p + i, '<', n - i);
            if (!lt) break;
            i = (size_t)(lt - p);
        }
        /* U+003C LESS-THAN SIGN at i */
        if (n - i >= 4 && p[i + 1] == '!' && p[i + 2] == '-' && p[i + 3] == '-') {
            /* comment: ends at the first '>' preceded by "--", which may
             * overlap the opening "<!--" */
            size_t j = i + 2;
            for (; j + 2 < n; j++)
                if (p[j] == '-' && p[j + 1] == '-' && p[j + 2] == '>') break;
            if (j + 2 >= n) return -1;
            i = j + 3;
            continue;
        }
        if (n - i >= 6 && gl_ascii_ieq((const char *)p + i + 1, 4, "meta") &&
            (is_ws(p[i + 5]) || p[i + 5] == '/')) {
            size_t pos = i + 6;
            /* attribute names seen, each at most once: only the three that
             * matter are tracked, as the others change nothing */
            bool seen_he = false, seen_content = false, seen_charset = false;
            bool got_pragma = false;
            int need_pragma = -1; /* null */
            int charset = -1;
            int r;
            while ((r = get_attribute(p, n, &pos, &name, &value)) == 1) {
                if (name.n == 10 && memcmp(name.s, "http-equiv", 10) == 0) {
                    if (seen_he) continue;
                    seen_he = true;
                    if (value.n == 12 && memcmp(value.s, "content-type", 12) == 0)
                        got_pragma = true;
                } else if (name.n == 7 && memcmp(name.s, "content", 7) == 0) {
                    if (seen_content) continue;
                    seen_content = true;
                    int e = charset_from_content(value.s, value.n);
                    if (e >= 0 && charset < 0) {
                        charset = e;
                        need_pragma = 1;
                    }
                } else if (name.n == 7 && memcmp(name.s, "charset", 7) == 0) {
                    if (seen_charset) continue;
                    seen_charset = true;
                    charset = gl_enc_from_label(value.s, value.n);
                    need_pragma = 0;
                }
            }
            if (r < 0) return -1;
            /* Processing */
            if (need_pragma >= 0 && !(need_pragma == 1 && !got_pragma) && charset >= 0) {
                if (charset == GL_ENC_UTF_16BE || charset == GL_ENC_UTF_16LE)
                    charset = GL_ENC_UTF_8;
                else if (charset == GL_ENC_X_USER_DEFINED)
                    charset = GL_ENC_WINDOWS_1252;
                return charset;
            }
            i = pos + 1;
            continue;
        }
        if (n - i >= 2 &&
            (is_alpha(p[i + 1]) || (p[i + 1] == '/' && n - i >= 3 && is_alpha(p[i + 2])))) {
            /* a start or end tag: skip its name, then its attributes */
            size_t pos = i + 1;
            while (pos < n && !is_ws(p[pos]) && p[pos] != '>')
                pos++;
            int r;
            while ((r = get_attribute(p, n, &pos, &name, &value)) == 1) {
            }
            if (r < 0) return -1;
            i = pos + 1;
            continue;
        }
        if (n - i >= 2 && (p[i + 1] == '!' || p[i + 1] == '/' || p[i + 1] == '?')) {
            i = skip_to_gt(p, n, i + 1) + 1;
            continue;
        }
        i++;
    }
    return -1;
}

/* "get an XML encoding": the encoding pseudo-attribute of a leading
 * <?xml ...?> declaration. -1 for none. */
static int xml_encoding(const unsigned char *p, size_t n)
{
    if (n < 5 || memcmp(p, "<?xml", 5) != 0) return -1;
    const unsigned char *gt = memchr(p, '>', n);
    if (!gt) return -1;
    size_t end = (size_t)(gt - p), i = 5;
    for (; i + 8 <= end; i++)
        if (memcmp(p + i, "encoding", 8) == 0) break;
    if (i + 8 > end) return -1;
    i += 8;
    while (i < end && p[i] <= 0x20)
        i++;
    if (i >= end || p[i] != '=') return -1;
    i++;
    while (i < end && p[i] <= 0x20)
        i++;
    if (i >= end || (p[i] != '"' && p[i] != '\'')) return -1;
    unsigned q = p[i++];
    size_t j = i;
    while (j < end && p[j] != q)
        j++;
    if (j >= end) return -1;
    for (size_t k = i; k < j; k++)
        if (p[k] <= 0x20) return -1;
    int e = gl_enc_from_label((const char *)p + i, j - i);
    if (e == GL_ENC_UTF_16BE || e == GL_ENC_UTF_16LE) e = GL_ENC_UTF_8;
    return e;
}

int gl_enc_prescan(const unsigned char *p, size_t n, size_t window, galley_encoding_basis *basis)
{
    if (!p) return -1;
    if (n > window) n = window;
    /* UTF-16 without a BOM announces itself by "<?x" in two-byte units. */
    if (n >= 6 && memcmp(p, "<\0?\0x\0", 6) == 0) {
        *basis = GALLEY_ENC_XML;
        return GL_ENC_UTF_16LE;
    }
    if (n >= 6 && memcmp(p, "\0<\0?\0x", 6) == 0) {
        *basis = GALLEY_ENC_XML;
        return GL_ENC_UTF_16BE;
    }
    int e = prescan_meta(p, n);
    if (e >= 0) {
        *basis = GALLEY_ENC_META;
        return e;
    }
    e = xml_encoding(p, n);
    if (e >= 0) *basis = GALLEY_ENC_XML;
    return e;
}

GALLEY_API const char *galley_prescan_encoding(const char *bytes, size_t len)
{
    galley_encoding_basis b;
    int e = gl_enc_prescan((const unsigned char *)bytes, bytes ? len : 0, SIZE_MAX, &b);
    return e < 0 ? NULL : gl_enc_table[e].name;
}

GALLEY_API const char *galley_sniff_encoding(const char *bytes, size_t len,
                                             const char *transport_charset,
                                             galley_encoding_basis *basis)
{
    const unsigned char *p = (const unsigned char *)(bytes ? bytes : "");
    size_t n = bytes ? len : 0, bom_len;
    galley_encoding_basis b;
    int e = gl_enc_bom(p, n, &bom_len);
    if (e >= 0)
        b = GALLEY_ENC_BOM;
    else if (transport_charset && (e = gl_enc_from_transport(transport_charset)) >= 0)
        b = GALLEY_ENC_TRANSPORT;
    else if ((e = gl_enc_prescan(p, n, PRESCAN_LIMIT, &b)) >= 0) {
    } else {
        gl_utf8_stats st;
        gl_utf8_scan(p, n, &st);
        if (gl_utf8_stats_valid(&st)) {
            e = GL_ENC_UTF_8;
            b = GALLEY_ENC_VALID_UTF8;
        } else {
            e = GL_ENC_WINDOWS_1252;
            b = GALLEY_ENC_DEFAULT;
        }
    }
    if (basis) *basis = b;
    return gl_enc_table[e].name;
}
