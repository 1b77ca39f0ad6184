/* walk.c -- inline span rendering and escapers shared by the serializers
 * (the block walker is src/article/bwalk.c). */
#include <stdlib.h>

#include "output_int.h"

/* ---- inline spans */

static bool is_ws_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int span_cmp(const void *pa, const void *pb)
{
    const gl_span *a = pa, *b = pb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end > b->end ? -1 : 1; /* longer first: outer */
    return (int)a->kind - (int)b->kind;
}

/* Index of the code span covering byte `pos`, or -1. Code spans in `v` are
 * sorted and disjoint, so a binary search suffices. */
static long code_at(const gl_span *v, size_t n, uint32_t pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].end <= pos) lo = mid + 1;
        else hi = mid;
    }
    if (lo < n && v[lo].start <= pos && pos < v[lo].end) return (long)lo;
    return -1;
}

bool gl_render_inline(const gl_block *b, unsigned flags, const gl_inline_sink *sink)
{
    const char *t = b->text ? b->text : "";
    uint32_t tlen = b->text ? b->text_len : 0;
    if (b->nspans == 0 || !b->spans) {
        if (tlen) sink->text(sink->ctx, t, tlen, false);
        return true;
    }
    gl_span *sp = malloc((size_t)b->nspans * sizeof *sp);
    if (!sp) return false;
    size_t n = 0;
    for (uint32_t i = 0; i < b->nspans; i++) {
        gl_span s = b->spans[i];
        if (s.kind < GL_SPAN_EM || s.kind > GL_SPAN_SUP || s.kind == GL_SPAN_BREAK) continue;
        if (s.kind == GL_SPAN_LINK && !s.href) continue;
        if (!gl_span_trim(b, &s)) continue;
        sp[n++] = s;
    }
    qsort(sp, n, sizeof *sp, span_cmp);
    /* One span of a kind at a time: a later span overlapping an earlier one
     * of the same kind is dropped. Sorted by start, one sweep per kind. Links
     * never nest in links, so this also settles links. */
    uint32_t maxend[GL_SPAN_SUP + 1] = {0};
    size_t last[GL_SPAN_SUP + 1]; /* index in sp[0, m) of the last kept of a kind */
    for (size_t k = 0; k <= GL_SPAN_SUP; k++) last[k] = SIZE_MAX;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t k = sp[i].kind;
        if (sp[i].start < maxend[k]) continue;
        if (last[k] != SIZE_MAX && sp[i].start == maxend[k] && k != GL_SPAN_LINK) {
            /* <b>Game D</b><b>ay</b>: one span, or Markdown would write
             * "**Game D****ay**", which reads as neither; two code spans
             * side by side ("`a``b`") would read as one odd span */
            sp[last[k]].end = sp[i].end;
            maxend[k] = sp[i].end;
            continue;
        }
        maxend[k] = sp[i].end;
        last[k] = m;
        sp[m++] = sp[i];
    }
    n = m;
    if (flags & GL_INLINE_NO_MARKUP_IN_CODE) {
        /* a copy: compaction below overwrites sp[] in place */
        gl_span *codes = malloc((n ? n : 1) * sizeof *codes);
        if (!codes) {
            free(sp);
            return false;
        }
        size_t nc = 0;
        for (size_t i = 0; i < n; i++)
            if (sp[i].kind == GL_SPAN_CODE) codes[nc++] = sp[i];
        m = 0;
        for (size_t i = 0; i < n; i++) {
            gl_span s = sp[i];
            if (s.kind != GL_SPAN_CODE && nc) {
                /* a code span that is not inside s but overlaps it covers
                 * s's first or last byte */
                long c1 = code_at(codes, nc, s.start), c2 = code_at(codes, nc, s.end - 1);
                bool bad = false;
                if (c1 >= 0 && (codes[c1].start < s.start || codes[c1].end > s.end)) bad = true;
                if (c2 >= 0 && (codes[c2].start < s.start || codes[c2].end > s.end)) bad = true;
                if (bad) continue;
            }
            sp[m++] = s;
        }
        n = m;
        free(codes);
    }

    /* Sweep the boundaries. At most one span of each kind is open, so the
     * open stack holds at most 7 entries and closing/reopening is O(1). */
    const gl_span *open[GL_SPAN_SUP + 1];
    size_t nopen = 0, next = 0, codeopen = 0;
    uint32_t pos = 0;
    while (pos < tlen || nopen) {
        /* close spans ending here; reopen those above them that go on */
        for (;;) {
            size_t lowest = nopen;
            for (size_t k = 0; k < nopen; k++)
                if (open[k]->end <= pos) {
                    lowest = k;
                    break;
                }
            if (lowest == nopen) break;
            const gl_span *reopen[GL_SPAN_SUP + 1];
            size_t nre = 0;
            while (nopen > lowest) {
                const gl_span *s = open[--nopen];
                sink->close(sink->ctx, b, s);
                if (s->kind == GL_SPAN_CODE) codeopen--;
                if (s->end > pos) reopen[nre++] = s;
            }
            while (nre) {
                const gl_span *s = reopen[--nre];
                sink->open(sink->ctx, b, s);
                if (s->kind == GL_SPAN_CODE) codeopen++;
                open[nopen++] = s;
            }
        }
        while (next < n && sp[next].start <= pos) {
            const gl_span *s = &sp[next++];
            if (s->end <= pos) continue;
            sink->open(sink->ctx, b, s);
            if (s->kind == GL_SPAN_CODE) codeopen++;
            open[nopen++] = s;
        }
        if (pos >= tlen) {
            /* unreachable with clamped spans; keeps the loop finite */
            while (nopen) sink->close(sink->ctx, b, open[--nopen]);
            break;
        }
        uint32_t stop = tlen;
        if (next < n && sp[next].start < stop) stop = sp[next].start;
        for (size_t k = 0; k < nopen; k++)
            if (open[k]->end < stop) stop = open[k]->end;
        sink->text(sink->ctx, t + pos, stop - pos, codeopen > 0);
        pos = stop;
    }
    free(sp);
    return true;
}

/* ---- escapers */

static const char hexd[] = "0123456789abcdef";

/* JSON string; `yaml` also escapes what YAML's double-quoted scalars may
 * not hold raw (U+FEFF, U+FFFE, U+FFFF): a JSON string is otherwise a valid
 * YAML 1.2 (and 1.1) double-quoted scalar. */
static bool quoted_str(gl_buf *out, const char *s, size_t n, bool yaml)
{
    const unsigned char *p = (const unsigned char *)(s ? s : ""), *e = p + (s ? n : 0);
    if (!gl_buf_reserve(out, n + 2)) return false;
    gl_buf_putc(out, '"');
    while (p < e) {
        const unsigned char *q = p;
        /* copy the run of bytes that need no escaping in one go */
        while (q < e && *q >= 0x20 && *q < 0x7F && *q != '"' && *q != '\\') q++;
        if (q > p) gl_buf_append(out, (const char *)p, (size_t)(q - p));
        p = q;
        if (p >= e) break;
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            switch (c) {
            case '"': gl_buf_append(out, "\\\"", 2); break;
            case '\\': gl_buf_append(out, "\\\\", 2); break;
            case '\n': gl_buf_append(out, "\\n", 2); break;
            case '\t': gl_buf_append(out, "\\t", 2); break;
            case '\r': gl_buf_append(out, "\\r", 2); break;
            case '\b': gl_buf_append(out, "\\b", 2); break;
            case '\f': gl_buf_append(out, "\\f", 2); break;
            default: {
                char u[6] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15]};
                gl_buf_append(out, u, 6);
            }
            }
            continue;
        }
        size_t adv;
        uint32_t cp = gl_utf8_decode((const char *)p, (size_t)(e - p), &adv);
        if (yaml && (cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)) {
            gl_buf_printf(out, "\\u%04X", (unsigned)cp);
        } else if (cp == 0x2028 || cp == 0x2029) {
            /* legal JSON, but not JavaScript before ES2019 */
            gl_buf_append(out, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
        } else if (cp >= 0x80 && cp <= 0x9F) {
            /* C1 controls: U+0085 (NEL) breaks lines for many line readers */
            char u[6] = {'\\', 'u', '0', '0', hexd[cp >> 4], hexd[cp & 15]};
            gl_buf_append(out, u, 6);
        } else if (cp == 0xFFFD && adv == 1) {
            gl_buf_append(out, "\xEF\xBF\xBD", 3); /* invalid byte */
        } else {
            gl_buf_append(out, (const char *)p, adv);
        }
        p += adv;
    }
    gl_buf_putc(out, '"');
    return !out->failed;
}

bool gl_json_str(gl_buf *out, const char *s, size_t n) { return quoted_str(out, s, n, false); }

bool gl_yaml_str(gl_buf *out, const char *s, size_t n) { return quoted_str(out, s, n, true); }

bool gl_json_cstr_or_null(gl_buf *out, const char *s)
{
    if (!s) return gl_buf_append(out, "null", 4);
    return gl_json_str(out, s, strlen(s));
}

bool gl_markup_escape(gl_buf *out, const char *s, size_t n, bool attr)
{
    const unsigned char *p = (const unsigned char *)(s ? s : ""), *e = p + (s ? n : 0);
    while (p < e) {
        const unsigned char *q = p;
        while (q < e && *q >= 0x20 && *q < 0x7F && *q != '&' && *q != '<' && *q != '>' &&
               *q != '"')
            q++;
        if (q > p) gl_buf_append(out, (const char *)p, (size_t)(q - p));
        p = q;
        if (p >= e) break;
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            switch (c) {
            case '&': gl_buf_append(out, "&amp;", 5); break;
            case '<': gl_buf_append(out, "&lt;", 4); break;
            case '>': gl_buf_append(out, "&gt;", 4); break;
            case '"':
                if (attr) gl_buf_append(out, "&quot;", 6);
                else gl_buf_putc(out, '"');
                break;
            case '\t': attr ? gl_buf_append(out, "&#9;", 4) : gl_buf_putc(out, '\t'); break;
            case '\n': attr ? gl_buf_append(out, "&#10;", 5) : gl_buf_putc(out, '\n'); break;
            case '\r': gl_buf_append(out, "&#13;", 5); break;
            default: gl_buf_append(out, "\xEF\xBF\xBD", 3); /* C0 controls, DEL */
            }
            continue;
        }
        size_t adv;
        uint32_t cp = gl_utf8_decode((const char *)p, (size_t)(e - p), &adv);
        /* XML 1.0 Char excludes U+FFFE, U+FFFF and C1 controls are
         * discouraged; invalid bytes decode to U+FFFD with adv 1 */
        if ((cp == 0xFFFD && adv == 1) || cp == 0xFFFE || cp == 0xFFFF ||
            (cp >= 0x80 && cp <= 0x9F))
            gl_buf_append(out, "\xEF\xBF\xBD", 3);
        else
            gl_buf_append(out, (const char *)p, adv);
        p += adv;
    }
    return !out->failed;
}

void gl_strip_controls(gl_buf *out, size_t from)
{
    unsigned char *d = (unsigned char *)out->data;
    size_t w = from, n = out->len;
    if (!d) return;
    for (size_t r = from; r < n; r++) {
        unsigned char c = d[r];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) continue;
        if (c == 0xC2 && r + 1 < n && d[r + 1] >= 0x80 && d[r + 1] <= 0x9F) { /* U+0080-U+009F */
            r++;
            continue;
        }
        d[w++] = c;
    }
    out->len = w;
}

bool gl_url_is_safe(const char *url)
{
    if (!url) return false;
    /* browsers ignore leading spaces/controls and embedded tabs/newlines in
     * schemes, so compare the scheme with those removed */
    char scheme[16];
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)url;
    while (*p && *p <= 0x20) p++;
    for (; *p && *p != ':' && k < sizeof scheme - 1; p++) {
        if (*p == '\t' || *p == '\n' || *p == '\r') continue;
        if (*p == '/' || *p == '?' || *p == '#') return true; /* relative URL */
        scheme[k++] = (char)gl_lower(*p);
    }
    if (*p != ':') return true;
    scheme[k] = '\0';
    return strcmp(scheme, "javascript") != 0 && strcmp(scheme, "vbscript") != 0 &&
           strcmp(scheme, "data") != 0;
}

const char *gl_block_type_name(unsigned type)
{
    switch (type) {
    case GALLEY_BLOCK_HEADING: return "heading";
    case GALLEY_BLOCK_PARAGRAPH: return "paragraph";
    case GALLEY_BLOCK_LIST: return "list";
    case GALLEY_BLOCK_LIST_ITEM: return "list_item";
    case GALLEY_BLOCK_QUOTE: return "quote";
    case GALLEY_BLOCK_TABLE: return "table";
    case GALLEY_BLOCK_TABLE_ROW: return "table_row";
    case GALLEY_BLOCK_TABLE_CELL: return "table_cell";
    case GALLEY_BLOCK_FIGURE: return "figure";
    case GALLEY_BLOCK_CODE: return "code";
    case GALLEY_BLOCK_RULE: return "rule";
    default: return "paragraph"; /* unknown types read as text */
    }
}

const char *gl_field_json_name(galley_field f)
{
    static const char *const names[GALLEY_FIELD_COUNT_] = {
        [GALLEY_FIELD_TITLE] = "title",
        [GALLEY_FIELD_PUBLISHED] = "published",
        [GALLEY_FIELD_MODIFIED] = "modified",
        [GALLEY_FIELD_SITE_NAME] = "site_name",
        [GALLEY_FIELD_DESCRIPTION] = "description",
        [GALLEY_FIELD_LANGUAGE] = "language",
        [GALLEY_FIELD_URL] = "url",
        [GALLEY_FIELD_IMAGE] = "image",
        [GALLEY_FIELD_PAGE_TYPE] = "page_type",
        [GALLEY_FIELD_FREE] = "free",
        [GALLEY_FIELD_AUTHORS] = "authors",
        [GALLEY_FIELD_CATEGORIES] = "categories",
        [GALLEY_FIELD_TAGS] = "tags",
        [GALLEY_FIELD_ORGANIZATIONS] = "organizations",
        [GALLEY_FIELD_HOSTNAME] = "hostname",
        [GALLEY_FIELD_LICENSE] = "license",
    };
    if ((unsigned)f >= GALLEY_FIELD_COUNT_) return NULL;
    return names[f];
}

/* Compares with white space runs folded and the ends trimmed. */
static bool same_text(const char *x, size_t xn, const char *y, size_t yn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < xn && is_ws_byte((unsigned char)x[i])) i++;
        while (j < yn && is_ws_byte((unsigned char)y[j])) j++;
        if (i >= xn || j >= yn) return i >= xn && j >= yn;
        /* both at a word: compare it */
        while (i < xn && j < yn && !is_ws_byte((unsigned char)x[i]) &&
               !is_ws_byte((unsigned char)y[j])) {
            if (x[i] != y[j]) return false;
            i++, j++;
        }
        bool xe = i >= xn || is_ws_byte((unsigned char)x[i]);
        bool ye = j >= yn || is_ws_byte((unsigned char)y[j]);
        if (xe != ye) return false;
    }
}

bool gl_body_repeats_title(const gl_article *a)
{
    const char *t = a->field[GALLEY_FIELD_TITLE];
    const gl_block *b = a->blocks;
    return t && b && b->type == GALLEY_BLOCK_HEADING && same_text(t, strlen(t), b->text, b->text_len);
}
