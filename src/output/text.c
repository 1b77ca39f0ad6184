/* text.c -- plain text and Markdown (CommonMark + GFM tables).
 *
 * Both share one line writer: blocks are separated by a blank line, and
 * every line starts with the prefix its containers give it (list markers
 * and their indentation; "> " for block quotes in Markdown), computed from
 * the walker's stack when the line starts. */
#include <stdlib.h>

#include "output_int.h"

typedef struct tw {
    gl_buf *out;
    gl_bwalk *w;
    bool md;
    bool captions; /* plain text: a figure is its caption (else left out) */
    bool bol;   /* at the start of a line: prefix not yet written */
    bool fresh; /* nothing written since the last block separator */
    const gl_block *marker_item; /* list item whose marker is not yet written */
    const gl_block *last_exit;   /* block just finished, if nothing began since */
    /* Markdown: a list right after a list of the same kind would continue
     * it; CommonMark starts a new list when the bullet character or the
     * ordered delimiter changes, so such lists alternate "-"/"*" and
     * "."/")". alt[d] is the choice of the list at walker depth d + 1. */
    uint8_t *alt;
    size_t alt_cap;
    bool last_alt; /* the choice of last_exit, when it is a list */
} tw;

static int marker_width(const tw *t, const gl_block *list, size_t k, size_t index, char *mk)
{
    bool alt = t->md && k > 0 && k - 1 < t->alt_cap && t->alt[k - 1];
    if (list && list->type == GALLEY_BLOCK_LIST && list->level) {
        long long n = (long long)gl_list_start(list) + (long long)index;
        return snprintf(mk, 32, alt ? "%lld) " : "%lld. ", n);
    }
    memcpy(mk, alt ? "* " : "- ", 3);
    return 2;
}

/* Records the marker choice of the list just entered (depth d = w->depth). */
static bool tw_set_alt(tw *t, size_t d, bool alt)
{
    if (d > t->alt_cap) {
        size_t nc = t->alt_cap ? t->alt_cap * 2 : 16;
        while (nc < d) nc *= 2;
        uint8_t *na = realloc(t->alt, nc);
        if (!na) return false;
        memset(na + t->alt_cap, 0, nc - t->alt_cap);
        t->alt = na;
        t->alt_cap = nc;
    }
    t->alt[d - 1] = alt;
    return true;
}

/* Writes the prefix of the frames [0, upto). Markers are written only for
 * the pending item and only when `markers`. */
/* Containers deeper than this add no more indentation: without a cap, a
 * long code block inside deeply nested lists would make output quadratic
 * in size (every line repeating a long prefix). */
#define TW_MAX_PREFIX_LEVELS 16

static void tw_prefix(tw *t, size_t upto, bool markers)
{
    size_t levels = 0;
    for (size_t k = 0; k < upto; k++) {
        const gl_block *f = t->w->stack[k].b;
        bool room = levels < TW_MAX_PREFIX_LEVELS;
        if (f->type == GALLEY_BLOCK_QUOTE && t->md) {
            if (room) gl_buf_append(t->out, "> ", 2);
            levels++;
        } else if (f->type == GALLEY_BLOCK_LIST_ITEM) {
            char mk[32];
            int wd = marker_width(t, k ? t->w->stack[k - 1].b : NULL, k, t->w->stack[k].index, mk);
            if (markers && f == t->marker_item) {
                gl_buf_append(t->out, mk, (size_t)wd);
                t->marker_item = NULL;
            } else if (room) {
                for (int i = 0; i < wd; i++) gl_buf_putc(t->out, ' ');
            }
            levels++;
        }
    }
}

static void tw_newline(tw *t)
{
    gl_buf_putc(t->out, '\n');
    t->bol = true;
}

/* Text through the line writer: prefixes at line starts. */
static void tw_write(tw *t, const char *s, size_t n)
{
    if (n == 0) return; /* s may be NULL (an empty buffer) */
    const char *e = s + n;
    while (s < e) {
        if (t->bol) {
            tw_prefix(t, t->w->depth, true);
            t->bol = false;
        }
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        const char *stop = nl ? nl : e;
        gl_buf_append(t->out, s, (size_t)(stop - s));
        t->fresh = false;
        if (!nl) break;
        tw_newline(t);
        s = nl + 1;
    }
}

static void tw_puts(tw *t, const char *s) { tw_write(t, s, strlen(s)); }

/* A pending list marker with nothing after it yet (an item whose content
 * starts with a table or code fence, or an empty item). */
static void tw_flush_marker(tw *t)
{
    if (t->bol) {
        tw_prefix(t, t->w->depth, true);
        t->bol = false;
        t->fresh = false;
    }
}

/* Separator before a block: none at the start of a container, a line break
 * between list items and table rows, a blank line otherwise. */
static void tw_separate(tw *t, const gl_block *b)
{
    if (t->fresh) return;
    if (!t->bol) tw_newline(t);
    const gl_block *parent = gl_bwalk_up(t->w, 0);
    bool tight = b->type == GALLEY_BLOCK_LIST_ITEM || b->type == GALLEY_BLOCK_TABLE_ROW ||
                 (b->type == GALLEY_BLOCK_LIST && parent &&
                  parent->type == GALLEY_BLOCK_LIST_ITEM);
    if (!tight) {
        size_t before = t->out->len;
        tw_prefix(t, t->w->depth - 1, false);
        while (t->out->len > before && t->out->data[t->out->len - 1] == ' ') t->out->len--;
        tw_newline(t);
    }
    t->fresh = true;
}

static bool blank(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (!gl_is_ascii_ws((unsigned char)*s)) return false;
    return true;
}

/* Blocks with nothing to show are left out, separator included. */
static bool is_empty(const tw *t, const gl_block *b)
{
    switch (b->type) {
    case GALLEY_BLOCK_FIGURE:
        if (t->md) return !(b->src && gl_url_is_safe(b->src)) && blank(b->caption);
        return !t->captions || blank(b->caption);
    case GALLEY_BLOCK_RULE:
        return !t->md;
    case GALLEY_BLOCK_CODE:
        return b->text_len == 0;
    default:
        return b->text_len == 0 && !b->first_child;
    }
}

/* ---- Markdown inline rendering */

typedef struct md_inline {
    gl_buf *out;
    bool line_start; /* next text byte starts a line */
    bool one_line;   /* headings and table cells: breaks become spaces */
    bool cell;       /* escape '|' */
    bool in_link;    /* inside [link text]: brackets must not pair up */
    unsigned code;   /* code spans open: markup inside them is left out */
    /* the block's text and the offset of the run md_text is given, so that
     * an escape can look at the characters around it; NULL for plain
     * strings (then the run is the whole text) */
    const char *text;
    uint32_t text_len;
} md_inline;

static size_t longest_backtick_run(const char *s, size_t n)
{
    size_t best = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > best) best = run;
    }
    return best;
}

static void md_fence(gl_buf *out, const gl_block *b, const gl_span *s, bool open)
{
    const char *c = b->text + s->start;
    size_t n = s->end - s->start;
    size_t k = longest_backtick_run(c, n) + 1;
    bool pad = c[0] == '`' || c[n - 1] == '`';
    if (!open && pad) gl_buf_putc(out, ' ');
    for (size_t i = 0; i < k; i++) gl_buf_putc(out, '`');
    if (open && pad) gl_buf_putc(out, ' ');
}

static void md_url(gl_buf *out, const char *url)
{
    /* <...> form when the URL has spaces or parentheses; in it, only '<',
     * '>' and '\' need escaping */
    bool angle = false;
    for (const char *p = url; *p; p++)
        if (*p == ' ' || *p == '(' || *p == ')' || (unsigned char)*p < 0x20) angle = true;
    if (angle) gl_buf_putc(out, '<');
    for (const char *p = url; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20) {
            gl_buf_printf(out, "%%%02X", c);
            continue;
        }
        if (c == '<' || c == '>' || c == '\\') gl_buf_putc(out, '\\');
        gl_buf_putc(out, (char)c);
    }
    if (angle) gl_buf_putc(out, '>');
}

/* CommonMark character classes around a delimiter run: 0 white space or
 * the edge of the text, 1 punctuation, 2 anything else. Non-ASCII
 * punctuation is approximated by the General Punctuation and CJK Symbols
 * blocks and the Latin-1 quotes, which covers the quotes news text uses. */
static int char_class(const char *t, uint32_t len, uint32_t pos, bool before)
{
    if (before ? pos == 0 : pos >= len) return 0;
    uint32_t i = pos;
    if (before) {
        i--;
        while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80) i--;
    }
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        if (gl_is_ascii_ws(c)) return 0;
        if ((c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
            (c >= '{' && c <= '~'))
            return 1;
        return 2;
    }
    size_t adv;
    uint32_t cp = gl_utf8_decode(t + i, len - i, &adv);
    if (cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A)) return 0;
    if ((cp >= 0x2010 && cp <= 0x206F) || (cp >= 0x3001 && cp <= 0x303F) || cp == 0xAB ||
        cp == 0xBB || cp == 0xA1 || cp == 0xBF)
        return 1;
    return 2;
}

/* True when '*' delimiters around the span open and close emphasis under
 * CommonMark's flanking rules; otherwise the span is written as inline HTML
 * (<em>, <strong>), which CommonMark also renders. */
static bool md_delims_flank(const gl_block *b, const gl_span *s)
{
    int before = char_class(b->text, b->text_len, s->start, true);
    int first = char_class(b->text, b->text_len, s->start, false);
    int last = char_class(b->text, b->text_len, s->end, true);
    int after = char_class(b->text, b->text_len, s->end, false);
    /* a link or code span next to a delimiter puts its punctuation there
     * ("**[word](url)**x": ')' then '*') */
    for (uint32_t i = 0; i < b->nspans; i++) {
        gl_span o = b->spans[i];
        if ((o.kind != GL_SPAN_LINK && o.kind != GL_SPAN_CODE) || !gl_span_trim(b, &o)) continue;
        if (o.start == s->start) first = 1;
        if (o.end == s->end) last = 1;
        if (o.end == s->start) before = 1;
        if (o.start == s->end) after = 1;
    }
    bool left = first != 0 && (first != 1 || before != 2);
    bool right = last != 0 && (last != 1 || after != 2);
    return left && right;
}

/* Markup for a span, or NULL when Markdown has none for it: emphasis that
 * '*' cannot express under the flanking rules, subscripts and superscripts
 * are written as plain text (no inline HTML in the output). */
static const char *md_delim(const gl_block *b, const gl_span *s)
{
    switch (s->kind) {
    case GL_SPAN_EM: return md_delims_flank(b, s) ? "*" : NULL;
    case GL_SPAN_STRONG: return md_delims_flank(b, s) ? "**" : NULL;
    default: return NULL;
    }
}

static void md_open(void *ctx, const gl_block *b, const gl_span *s)
{
    md_inline *m = ctx;
    m->line_start = false;
    if (s->kind == GL_SPAN_CODE) {
        md_fence(m->out, b, s, true);
        m->code++;
        return;
    }
    if (m->code) return; /* a code span shows no markup */
    const char *d = md_delim(b, s);
    if (d) gl_buf_puts(m->out, d);
    if (s->kind == GL_SPAN_LINK && gl_url_is_safe(s->href)) {
        /* "!" right before "[" would make the link an image */
        gl_buf *o = m->out;
        if (o->len && o->data[o->len - 1] == '!' && (o->len < 2 || o->data[o->len - 2] != '\\')) {
            o->data[o->len - 1] = '\\';
            gl_buf_putc(o, '!');
        }
        gl_buf_putc(o, '[');
        m->in_link = true;
    }
}

static void md_close(void *ctx, const gl_block *b, const gl_span *s)
{
    md_inline *m = ctx;
    if (s->kind == GL_SPAN_CODE) {
        md_fence(m->out, b, s, false);
        if (m->code) m->code--;
        return;
    }
    if (m->code) return;
    const char *d = md_delim(b, s);
    if (d) gl_buf_puts(m->out, d);
    if (s->kind == GL_SPAN_LINK && gl_url_is_safe(s->href)) {
        gl_buf_append(m->out, "](", 2);
        md_url(m->out, s->href);
        gl_buf_putc(m->out, ')');
        m->in_link = false;
    }
}

static bool is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* '&' starts an entity only when "&name;" or "&#...;" follows. */
static bool entity_like(const char *s, const char *e)
{
    const char *p = s + 1;
    if (p < e && *p == '#') p++;
    const char *q = p;
    while (q < e && is_alnum((unsigned char)*q) && q - p < 40) q++;
    return q > p && q < e && *q == ';';
}

static bool is_ascii_punct(unsigned char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

/* Escapes for a character at the start of a line, where it would begin a
 * block: ATX heading "# ", list items "- ", "+ ", "* ", "1. ", "1) ",
 * block quote ">", thematic break / setext underline lines of '-', '=',
 * '*' or '_'. Returns the bytes consumed (0: nothing special here). */
static size_t md_line_start(gl_buf *out, const char *s, const char *e)
{
    unsigned char c = (unsigned char)*s;
    const char *nl = memchr(s, '\n', (size_t)(e - s));
    const char *le = nl ? nl : e; /* end of this line within the run */
    const char *q = s;
    if (c == '>') goto escape;
    if (c == '#') {
        while (q < le && *q == '#') q++;
        if (q - s <= 6 && (q == le || *q == ' ' || *q == '\t')) goto escape;
        return 0;
    }
    if (c == '-' || c == '+' || c == '*') {
        if (s + 1 == le || s[1] == ' ' || s[1] == '\t') goto escape;
    }
    if (c == '-' || c == '=' || c == '*' || c == '_') {
        /* a line of only these (and blanks) is a rule or an underline */
        for (q = s; q < le && (*q == (char)c || *q == ' ' || *q == '\t'); q++) {}
        if (q == le) goto escape;
        return 0;
    }
    if (c >= '0' && c <= '9') {
        while (q < le && *q >= '0' && *q <= '9') q++;
        if (q < le && (*q == '.' || *q == ')') && q - s <= 9 &&
            (q + 1 == le || q[1] == ' ' || q[1] == '\t')) {
            gl_buf_append(out, s, (size_t)(q - s));
            gl_buf_putc(out, '\\');
            gl_buf_putc(out, *q);
            return (size_t)(q - s) + 1;
        }
    }
    return 0;
escape:
    gl_buf_putc(out, '\\');
    gl_buf_putc(out, (char)c);
    return 1;
}

/* Character classes (char_class) just before and just after byte s of the
 * run [r, e), looking into the block's text beyond the run when known. */
static void md_neighbours(const md_inline *m, const char *r, const char *s, const char *e,
                          int *before, int *after)
{
    if (m->text && s >= m->text && s < m->text + m->text_len) {
        uint32_t pos = (uint32_t)(s - m->text);
        *before = char_class(m->text, m->text_len, pos, true);
        *after = char_class(m->text, m->text_len, pos + 1, false);
        return;
    }
    *before = char_class(r, (uint32_t)(e - r), (uint32_t)(s - r), true);
    *after = char_class(r, (uint32_t)(e - r), (uint32_t)(s - r) + 1, false);
}

/* Writes text with a backslash only before characters that would
 * otherwise change the meaning (CommonMark 0.30 + GFM): never intraword
 * '_', never '.', '#' or '-' outside a line start, '<' only before what
 * could be a tag or an autolink, ']' only before '(' ':' or '['. */
static void md_text(void *ctx, const char *s, size_t n, bool in_code)
{
    md_inline *m = ctx;
    const char *r = s;
    const char *e = s + n;
    if (in_code) {
        /* code spans are literal; a line break would end them */
        for (; s < e; s++) gl_buf_putc(m->out, *s == '\n' ? ' ' : *s);
        return;
    }
    while (s < e) {
        unsigned char c = (unsigned char)*s;
        if (m->line_start) {
            /* leading blanks would make an indented code block */
            if (c == ' ' || c == '\t') {
                s++;
                continue;
            }
            m->line_start = false;
            size_t k = md_line_start(m->out, s, e);
            if (k) {
                s += k;
                continue;
            }
        }
        unsigned char next = s + 1 < e ? (unsigned char)s[1] : 0;
        bool esc = false;
        int before, after;
        switch (c) {
        case '\n':
            if (m->one_line) {
                gl_buf_putc(m->out, ' ');
            } else {
                gl_buf_append(m->out, "\\\n", 2); /* hard line break */
                m->line_start = true;
            }
            s++;
            continue;
        case '\r':
            gl_buf_putc(m->out, ' ');
            s++;
            continue;
        case '\\':
            /* a backslash escapes only punctuation (and makes a break
             * before a line end) */
            esc = next == 0 || next == '\n' || is_ascii_punct(next);
            break;
        case '`': case '~':
            esc = true;
            break;
        case '*':
            /* a '*' with blanks on both sides can neither open nor close */
            md_neighbours(m, r, s, e, &before, &after);
            esc = !(before == 0 && after == 0);
            break;
        case '_':
            /* intraword '_' cannot open or close emphasis */
            md_neighbours(m, r, s, e, &before, &after);
            esc = !(before == 2 && after == 2);
            break;
        case '[':
            esc = m->in_link;
            break;
        case ']':
            esc = m->in_link || next == '(' || next == ':' || next == '[' || next == 0;
            break;
        case '<':
            esc = next == 0 || next == '/' || next == '!' || next == '?' ||
                  ((next | 32) >= 'a' && (next | 32) <= 'z');
            break;
        case '|':
            esc = m->cell;
            break;
        case '&':
            esc = entity_like(s, e);
            break;
        default:
            break;
        }
        if (esc) gl_buf_putc(m->out, '\\');
        gl_buf_putc(m->out, (char)c);
        s++;
    }
}

/* A heading ending in " #", " ##"... would lose them as a closing
 * sequence: escape the first '#' of that run. */
static void md_heading_tail(gl_buf *b)
{
    size_t end = b->len;
    while (end && b->data[end - 1] == ' ') end--;
    size_t k = end;
    while (k && b->data[k - 1] == '#') k--;
    if (k == end || (k && b->data[k - 1] != ' ' && b->data[k - 1] != '\t')) return;
    if (k && b->data[k - 1] == '\\') return;
    if (!gl_buf_putc(b, 0)) return;
    memmove(b->data + k + 1, b->data + k, b->len - 1 - k);
    b->data[k] = '\\';
}

/* Renders b's inline content as Markdown into t (through the prefixes). */
static bool md_inline_block(tw *t, const gl_block *b, bool one_line, bool cell)
{
    gl_buf tmp;
    gl_buf_init(&tmp);
    /* headings and cells hold inline content only: nothing there can
     * start a block */
    md_inline m = {&tmp, !one_line, one_line, cell, false, 0, b->text, b->text_len};
    gl_inline_sink sink = {md_open, md_close, md_text, &m};
    bool ok = gl_render_inline(b, GL_INLINE_NO_MARKUP_IN_CODE, &sink);
    /* a trailing hard break has nothing to break */
    for (;;) {
        if (tmp.len >= 2 && tmp.data[tmp.len - 1] == '\n' && tmp.data[tmp.len - 2] == '\\')
            tmp.len -= 2;
        else if (tmp.len && tmp.data[tmp.len - 1] == ' ')
            tmp.len--;
        else
            break;
    }
    if (one_line && !cell) md_heading_tail(&tmp);
    if (!tmp.failed) tw_write(t, tmp.data, tmp.len);
    ok = ok && !tmp.failed;
    gl_buf_free(&tmp);
    return ok;
}

/* Escaped plain string (captions, alt text) as Markdown inline text. */
static void md_plain(gl_buf *out, const char *s, bool one_line)
{
    md_inline m = {out, false, one_line, false, false, 0, NULL, 0};
    md_text(&m, s, strlen(s), false);
}

static void md_table(tw *t, const gl_block *table)
{
    size_t ncols = 0;
    for (const gl_block *r = table->first_child; r; r = r->next) {
        size_t c = 0;
        for (const gl_block *cell = r->first_child; cell; cell = cell->next) c++;
        if (c > ncols) ncols = c;
    }
    if (ncols == 0) return;
    bool first = true;
    for (const gl_block *r = table->first_child; r; r = r->next) {
        if (r->type != GALLEY_BLOCK_TABLE_ROW) continue;
        if (!first) tw_newline(t);
        tw_puts(t, "|");
        size_t c = 0;
        for (const gl_block *cell = r->first_child; cell; cell = cell->next, c++) {
            tw_puts(t, " ");
            md_inline_block(t, cell, true, true);
            tw_puts(t, " |");
        }
        for (; c < ncols; c++) tw_puts(t, "  |");
        if (first) {
            /* GFM needs a header row: the first row serves as it */
            tw_newline(t);
            tw_puts(t, "|");
            for (c = 0; c < ncols; c++) tw_puts(t, " --- |");
            first = false;
        }
    }
}

static void md_code(tw *t, const gl_block *b)
{
    size_t run = 0, best = 0, indent = 0;
    bool bol = true;
    /* a fence longer than any backtick run starting a line of the code
     * (after up to three spaces, as a closing fence may) */
    for (uint32_t i = 0; i < b->text_len; i++) {
        char c = b->text[i];
        if (c == '`' && (bol || run)) run++;
        else run = 0;
        if (run > best) best = run;
        if (c == '\n') bol = true, indent = 0;
        else if (c == ' ' && bol && !run && indent < 3) indent++;
        else if (c != '`') bol = false;
    }
    size_t k = best >= 3 ? best + 1 : 3;
    char fence[64];
    if (k > sizeof fence - 1) k = sizeof fence - 1;
    memset(fence, '`', k);
    fence[k] = '\0';
    tw_puts(t, fence);
    if (b->language && *b->language) {
        /* the info string ends at white space and may not hold a backtick */
        for (const char *p = b->language; *p && !gl_is_ascii_ws((unsigned char)*p); p++)
            if (*p != '`') gl_buf_putc(t->out, *p);
    }
    tw_newline(t);
    uint32_t n = b->text_len;
    while (n && b->text[n - 1] == '\n') n--;
    tw_write(t, b->text, n);
    tw_newline(t);
    tw_puts(t, fence);
}

static void md_figure(tw *t, const gl_block *b)
{
    bool img = b->src && gl_url_is_safe(b->src);
    if (img) {
        gl_buf tmp;
        gl_buf_init(&tmp);
        gl_buf_append(&tmp, "![", 2);
        const char *alt = b->alt ? b->alt : "";
        md_inline m = {&tmp, false, true, false, true, 0, NULL, 0}; /* brackets: as link text */
        md_text(&m, alt, strlen(alt), false);
        gl_buf_append(&tmp, "](", 2);
        md_url(&tmp, b->src);
        gl_buf_putc(&tmp, ')');
        if (!tmp.failed) tw_write(t, tmp.data, tmp.len);
        gl_buf_free(&tmp);
    }
    if (!blank(b->caption)) {
        if (img) tw_newline(t);
        gl_buf tmp;
        gl_buf_init(&tmp);
        const char *c = b->caption;
        while (gl_is_ascii_ws((unsigned char)*c)) c++;
        size_t n = strlen(c);
        while (n && gl_is_ascii_ws((unsigned char)c[n - 1])) n--;
        gl_buf_putc(&tmp, '*');
        md_inline m = {&tmp, false, true, false, false, 0, NULL, 0};
        md_text(&m, c, n, false);
        gl_buf_putc(&tmp, '*');
        if (!tmp.failed) tw_write(t, tmp.data, tmp.len);
        gl_buf_free(&tmp);
    }
}

/* ---- the block walk shared by both formats */

static bool render_blocks(tw *t, const gl_block *first)
{
    gl_bwalk w;
    gl_bwalk_init(&w, first);
    t->w = &w;
    const gl_block *b;
    gl_bwalk_ev ev;
    bool ok = true;
    while ((ev = gl_bwalk_next(&w, &b)) != GL_BWALK_DONE) {
        if (ev == GL_BWALK_EXIT) {
            if (b->type == GALLEY_BLOCK_LIST_ITEM && t->marker_item == b) tw_flush_marker(t);
            if (!is_empty(t, b)) {
                t->last_exit = b;
                t->last_alt = w.depth <= t->alt_cap && t->alt[w.depth - 1];
            }
            continue;
        }
        if (is_empty(t, b)) {
            gl_bwalk_skip(&w);
            continue;
        }
        if (t->md && b->type == GALLEY_BLOCK_LIST) {
            bool follows = t->last_exit && t->last_exit->type == GALLEY_BLOCK_LIST &&
                           !t->last_exit->level == !b->level;
            if (!tw_set_alt(t, w.depth, follows && !t->last_alt)) ok = false;
        }
        t->last_exit = NULL;
        tw_separate(t, b);
        switch (b->type) {
        case GALLEY_BLOCK_HEADING:
            if (t->md) {
                int lv = b->level < 1 ? 1 : b->level > 6 ? 6 : b->level;
                for (int i = 0; i < lv; i++) tw_puts(t, "#");
                tw_puts(t, " ");
                ok = md_inline_block(t, b, true, false) && ok;
            } else {
                tw_write(t, b->text, b->text_len);
            }
            break;
        case GALLEY_BLOCK_LIST:
            break; /* its items carry the markers */
        case GALLEY_BLOCK_LIST_ITEM:
            t->marker_item = b;
            if (b->text_len) {
                if (t->md) ok = md_inline_block(t, b, false, false) && ok;
                else tw_write(t, b->text, b->text_len);
            } else if (b->first_child && b->first_child->type != GALLEY_BLOCK_PARAGRAPH &&
                       b->first_child->type != GALLEY_BLOCK_HEADING) {
                /* "- " then a nested list/table on the next lines */
                tw_flush_marker(t);
            }
            break;
        case GALLEY_BLOCK_TABLE:
            if (t->md) {
                md_table(t, b);
                gl_bwalk_skip(&w);
            }
            break;
        case GALLEY_BLOCK_TABLE_ROW: {
            bool firstcell = true;
            for (const gl_block *c = b->first_child; c; c = c->next) {
                if (!firstcell) tw_puts(t, " | ");
                firstcell = false;
                /* one line per row: breaks inside a cell become spaces */
                for (uint32_t i = 0; i < c->text_len; i++) {
                    char ch = c->text[i] == '\n' ? ' ' : c->text[i];
                    tw_write(t, &ch, 1);
                }
            }
            gl_bwalk_skip(&w);
            break;
        }
        case GALLEY_BLOCK_FIGURE:
            if (t->md) {
                md_figure(t, b);
            } else {
                const char *c = b->caption;
                while (gl_is_ascii_ws((unsigned char)*c)) c++;
                size_t n = strlen(c);
                while (n && gl_is_ascii_ws((unsigned char)c[n - 1])) n--;
                tw_write(t, c, n);
            }
            gl_bwalk_skip(&w);
            break;
        case GALLEY_BLOCK_CODE:
            if (t->md) {
                md_code(t, b);
            } else {
                uint32_t n = b->text_len;
                while (n && b->text[n - 1] == '\n') n--;
                tw_write(t, b->text, n);
            }
            gl_bwalk_skip(&w);
            break;
        case GALLEY_BLOCK_RULE:
            tw_puts(t, "---");
            gl_bwalk_skip(&w);
            break;
        default: /* paragraphs, quotes' own text, cells out of place */
            if (b->text_len) {
                if (t->md) ok = md_inline_block(t, b, false, false) && ok;
                else tw_write(t, b->text, b->text_len);
            }
            break;
        }
    }
    ok = ok && !w.failed;
    gl_bwalk_free(&w);
    free(t->alt);
    t->alt = NULL;
    t->alt_cap = 0;
    t->w = NULL;
    return ok && !t->out->failed;
}

/* Whether any block but a figure holds text: a body that is only its
 * pictures (a photo story) is told by their captions, never an empty
 * text. */
static bool has_prose(const gl_block *first)
{
    gl_bwalk w;
    gl_bwalk_init(&w, first);
    bool prose = false;
    for (const gl_block *b; !prose && (b = gl_bwalk_next_block(&w)) != NULL;)
        prose = b->type != GALLEY_BLOCK_FIGURE && b->text_len > 0;
    gl_bwalk_free(&w);
    return prose;
}

bool gl_render_text(gl_buf *out, const gl_block *first, bool captions)
{
    size_t start = out->len;
    tw t = {.out = out, .captions = captions || !has_prose(first), .bol = true, .fresh = true};
    bool ok = render_blocks(&t, first);
    gl_strip_controls(out, start);
    return ok;
}

bool gl_render_markdown(gl_buf *out, const gl_article *a)
{
    size_t start = out->len;
    const char *title = a->field[GALLEY_FIELD_TITLE];
    if (!blank(title) && !gl_body_repeats_title(a)) {
        gl_buf_append(out, "# ", 2);
        md_plain(out, title, true);
        gl_buf_append(out, "\n\n", 2);
    }
    tw t = {.out = out, .md = true, .bol = true, .fresh = true};
    bool ok = render_blocks(&t, a->blocks);
    if (a->comments) {
        if (out->len > start) gl_buf_append(out, "\n\n", 2);
        gl_buf_puts(out, "## Comments\n\n");
        tw c = {.out = out, .md = true, .bol = true, .fresh = true};
        ok = render_blocks(&c, a->comments) && ok;
    }
    gl_strip_controls(out, start);
    if (out->len > start && out->data[out->len - 1] != '\n') gl_buf_putc(out, '\n');
    return ok && !out->failed;
}
