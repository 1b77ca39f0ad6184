/*
 * blocks.c -- turns the chosen subtrees into typed blocks: headings,
 * paragraphs with inline spans, lists, quotes, tables, figures, code, rules.
 *
 * One iterative enter/leave walk per root. Inline text accumulates in one
 * buffer (whitespace collapsed, except in <pre>) with its spans; a
 * block-level element flushes it into a paragraph of the innermost
 * container (the article, a quote). Headings, list items, table cells and
 * <pre> "capture" their descendants: nested block elements only separate
 * words there. Frames for elements with work to do on leave sit on a
 * bounded stack; deeper elements are treated as plain containers.
 */
#include <stdlib.h>

#include "extract_int.h"

enum {
    F_NONE = 0, F_FLUSH, F_HEADING, F_LIST, F_ITEM, F_QUOTE, F_TABLE, F_ROW, F_CELL, F_PRE,
    F_SPAN
};

#define MAX_FRAMES 256
#define MAX_OPEN_SPANS 32
#define SPAN_OPEN UINT32_MAX

typedef struct frame {
    const gl_node *node;
    gl_block *blk;
    int32_t span;
    uint8_t kind;
} frame;

typedef struct builder {
    gl_xctx *c;
    gl_article *a;
    bool comments;
    gl_buf text;  /* inline text of the block being built */
    gl_buf spans; /* gl_span[] over `text` */
    bool space;   /* a collapsed space is pending */
    frame fr[MAX_FRAMES];
    int nfr;
    int capture; /* > 0 inside heading, item, cell, pre */
    int pre;     /* > 0 inside pre */
    int nblocks; /* top-level blocks emitted so far */
    bool title_dropped;
    bool oom;
    gl_xctx *tc;        /* c when the trace is on and this is the body, else NULL */
    uint32_t text_pos;  /* trace: the first text node in `text` */
    uint32_t taken_pos; /* trace: text_pos of the text take_text took last */
    const gl_node *text_node, *taken_node; /* the same as nodes, trace or not */
} builder;


/* ---- inline accumulation */

static void put_text(builder *b, const char *s, size_t n)
{
    if (b->pre) {
        if (!gl_buf_append(&b->text, s, n)) b->oom = true;
        return;
    }
    size_t i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        bool ws = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f';
        size_t adv = 1;
        if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            ws = true; /* U+00A0 NO-BREAK SPACE reads as a space */
            adv = 2;
        }
        if (ws) {
            b->space = true;
            i += adv;
            continue;
        }
        /* invisible characters split words for a reader's search: U+00AD
         * SOFT HYPHEN, U+200B ZERO WIDTH SPACE, U+FEFF ZERO WIDTH NO-BREAK SPACE */
        if (ch == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAD) {
            i += 2;
            continue;
        }
        if ((ch == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
             (unsigned char)s[i + 2] == 0x8B) ||
            (ch == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB &&
             (unsigned char)s[i + 2] == 0xBF)) {
            i += 3;
            continue;
        }
        /* copy a run of non-space bytes at once */
        size_t j = i;
        while (j < n) {
            unsigned char cj = (unsigned char)s[j];
            if (cj == ' ' || cj == '\n' || cj == '\t' || cj == '\r' || cj == '\f') break;
            if (cj == 0xC2 && j + 1 < n &&
                ((unsigned char)s[j + 1] == 0xA0 || (unsigned char)s[j + 1] == 0xAD))
                break;
            if ((cj == 0xE2 || cj == 0xEF) && j + 2 < n &&
                (((unsigned char)s[j + 1] == 0x80 && (unsigned char)s[j + 2] == 0x8B) ||
                 ((unsigned char)s[j + 1] == 0xBB && (unsigned char)s[j + 2] == 0xBF)))
                break;
            j++;
        }
        if (b->space && b->text.len) {
            char last = b->text.data[b->text.len - 1];
            if (last != ' ' && last != '\n') gl_buf_putc(&b->text, ' ');
        }
        b->space = false;
        if (!gl_buf_append(&b->text, s + i, j - i)) b->oom = true;
        i = j;
    }
}

/* A word break from a nested block inside a capturing element. */
static void put_sep(builder *b)
{
    if (b->pre) return;
    b->space = true;
}

static void put_break(builder *b)
{
    if (b->text.len == 0) return;
    /* drop trailing spaces before the break */
    while (b->text.len && b->text.data[b->text.len - 1] == ' ') b->text.len--;
    gl_span sp = {(uint32_t)b->text.len, (uint32_t)b->text.len, GL_SPAN_BREAK, NULL};
    if (b->text.len && b->text.data[b->text.len - 1] == '\n') return;
    gl_buf_append(&b->spans, (const char *)&sp, sizeof sp);
    gl_buf_putc(&b->text, '\n');
    b->space = false;
}

static size_t nspans(const builder *b) { return b->spans.len / sizeof(gl_span); }
static gl_span *span_at(builder *b, size_t i) { return (gl_span *)(void *)b->spans.data + i; }

/* Takes the accumulated text (trimmed) into the article's arena; closes
 * open spans at the end (a span does not continue into the next block). */
static char *take_text(builder *b, uint32_t *len_out, gl_span **spans_out, uint32_t *nsp_out)
{
    b->taken_pos = b->text_pos;
    b->text_pos = 0;
    b->taken_node = b->text_node;
    b->text_node = NULL;
    size_t start = 0, end = b->text.len;
    const char *t = b->text.data;
    if (!b->pre) {
        while (start < end && (t[start] == ' ' || t[start] == '\n')) start++;
        while (end > start && (t[end - 1] == ' ' || t[end - 1] == '\n')) end--;
    } else {
        while (start < end && t[start] == '\n') start++;
        while (end > start && (t[end - 1] == '\n' || t[end - 1] == ' ' || t[end - 1] == '\r'))
            end--;
    }
    char *out = NULL;
    *len_out = 0;
    *spans_out = NULL;
    *nsp_out = 0;
    if (end > start) {
        out = (char *)gl_article_strdup(b->a, t + start, end - start);
        if (!out) b->oom = true;
        *len_out = (uint32_t)(end - start);
        size_t ns = nspans(b), k = 0;
        if (out && ns) {
            gl_span *sv = gl_arena_alloc(&b->a->arena, ns * sizeof *sv);
            if (sv) {
                for (size_t i = 0; i < ns; i++) {
                    gl_span s = *span_at(b, i);
                    if (s.end == SPAN_OPEN) s.end = (uint32_t)b->text.len;
                    if (s.kind == 0) continue;
                    if (s.end <= start && s.kind != GL_SPAN_BREAK) continue;
                    if (s.start >= end && !(s.kind == GL_SPAN_BREAK && s.start < end)) continue;
                    s.start = s.start < start ? 0 : (uint32_t)(s.start - start);
                    s.end = s.end > end ? (uint32_t)(end - start) : (uint32_t)(s.end - start);
                    if (s.end < s.start) s.end = s.start;
                    if (s.kind != GL_SPAN_BREAK && s.end == s.start) continue;
                    sv[k++] = s;
                }
                *spans_out = k ? sv : NULL;
                *nsp_out = (uint32_t)k;
            }
        }
    }
    /* open spans end here */
    for (int i = 0; i < b->nfr; i++)
        if (b->fr[i].kind == F_SPAN) b->fr[i].span = -1;
    b->text.len = 0;
    b->spans.len = 0;
    b->space = false;
    return out;
}

/* ---- containers */

static gl_block *container(builder *b)
{
    for (int i = b->nfr - 1; i >= 0; i--)
        if (b->fr[i].kind == F_QUOTE && b->fr[i].blk) return b->fr[i].blk;
    return NULL;
}

static void emit_at(builder *b, gl_block *blk, uint32_t pos)
{
    if (b->tc) gl_xtrace_emit(b->tc, blk, pos);
    gl_block *p = container(b);
    if (p) gl_block_append_child(p, blk);
    else if (b->comments) gl_article_append_comment(b->a, blk);
    else gl_article_append_block(b->a, blk);
    if (!p) b->nblocks++;
}

/* A block made of the text take_text took last. */
static void emit(builder *b, gl_block *blk) { emit_at(b, blk, b->taken_pos); }

static void flush(builder *b)
{
    if (b->capture) return;
    uint32_t len, ns;
    gl_span *sp;
    char *t = take_text(b, &len, &sp, &ns);
    if (!t) return;
    gl_block *blk = gl_block_new(b->a, GALLEY_BLOCK_PARAGRAPH);
    if (!blk) {
        b->oom = true;
        return;
    }
    blk->text = t;
    blk->text_len = len;
    blk->spans = sp;
    blk->nspans = ns;
    blk->from = b->taken_node;
    emit(b, blk);
}

static frame *push(builder *b, const gl_node *n, uint8_t kind, gl_block *blk)
{
    if (b->nfr >= MAX_FRAMES) return NULL;
    frame *f = &b->fr[b->nfr++];
    f->node = n;
    f->kind = kind;
    f->blk = blk;
    f->span = -1;
    return f;
}

/* ---- helpers over attributes */

static const char *attr(const gl_node *n, const char *name) { return gl_node_attr_value(n, name); }

static bool small_dim(const gl_xtune *t, const gl_node *n)
{
    const char *w = attr(n, "width"), *h = attr(n, "height");
    if (w && *w >= '0' && *w <= '9' && atoi(w) < t->figure_min_px) return true;
    if (h && *h >= '0' && *h <= '9' && atoi(h) < t->figure_min_px) return true;
    return false;
}

/* First URL of a srcset ("a.jpg 1x, b.jpg 2x"): the largest would cost a
 * parse of descriptors; the first is what the author listed first. */
static const char *srcset_first(const char *s, size_t *len)
{
    while (*s == ' ' || *s == ',') s++;
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != ',') n++;
    *len = n;
    return n ? s : NULL;
}

static bool usable_src(const char *s)
{
    if (!s || !*s) return false;
    if (strncmp(s, "data:", 5) == 0) return false; /* placeholders of lazy loaders */
    return true;
}

/* The image URL of an <img>, preferring lazy-load attributes over the
 * placeholder that sits in src. */
static const char *img_src(builder *b, const gl_node *img)
{
    static const char *const lazy[] = {"data-src", "data-lazy-src", "data-original",
                                       "data-lazy", "data-url", "data-hi-res-src"};
    const char *base = b->c->base_url;
    for (size_t i = 0; i < sizeof lazy / sizeof *lazy; i++) {
        const char *v = attr(img, lazy[i]);
        if (usable_src(v)) return gl_url_resolve(b->a, base, v, strlen(v));
    }
    const char *v = attr(img, "src");
    if (usable_src(v)) return gl_url_resolve(b->a, base, v, strlen(v));
    static const char *const sets[] = {"data-srcset", "srcset", "data-lazy-srcset"};
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
        v = attr(img, sets[i]);
        size_t l;
        const char *u = v ? srcset_first(v, &l) : NULL;
        if (u && usable_src(u)) return gl_url_resolve(b->a, base, u, l);
    }
    return NULL;
}

/* Gathers the collapsed text of a subtree (figcaption) into the arena. */
static const char *subtree_text(builder *b, const gl_node *root)
{
    gl_buf t;
    gl_buf_init(&t);
    t.cap = 1 << 16;
    bool space = false;
    for (const gl_node *n = root->first_child; n;) {
        bool skip = false;
        if (n->type == GALLEY_NODE_ELEMENT) {
            if (gl_x(b->c, n)->state == GL_X_HARD) skip = true;
            else if (gl_extract_is_block_tag(n) || gl_is_html(n, GL_TAG_BR)) space = true;
        } else if (n->type == GALLEY_NODE_TEXT) {
            if (b->tc) b->tc->seen[n->index] = 1;
            for (uint32_t i = 0; i < n->data_len; i++) {
                unsigned char ch = (unsigned char)n->data[i];
                if (gl_is_ascii_ws(ch)) {
                    space = true;
                    continue;
                }
                if (space && t.len) gl_buf_putc(&t, ' ');
                space = false;
                gl_buf_putc(&t, (char)ch);
            }
        }
        n = gl_walk_next(root, n, skip);
    }
    const char *r = t.len && !t.failed ? gl_article_strdup(b->a, t.data, t.len) : NULL;
    gl_buf_free(&t);
    return r;
}

static const gl_node *find_img(const gl_node *root)
{
    if (gl_is_html(root, GL_TAG_IMG)) return root;
    for (const gl_node *n = root->first_child; n; n = gl_walk_next(root, n, false))
        if (gl_is_html(n, GL_TAG_IMG) || gl_is_html(n, GL_TAG_AMP_IMG)) return n;
    return NULL;
}

static const gl_node *find_tag(const gl_node *root, uint16_t tag)
{
    for (const gl_node *n = root->first_child; n; n = gl_walk_next(root, n, false))
        if (gl_is_html(n, tag)) return n;
    return NULL;
}

/* Whether a <figure> holds a quotation, a code listing, a table or a list
 * with text besides its picture (HTML, "The figure element": a figure's
 * content is any flow content; a quote figure carries the speaker's
 * portrait). Such a figure is read as a container: its pictures are
 * figures of their own and its text is text. Loose text or a <p> beside
 * the picture is a caption outside <figcaption>, not this. */
static bool figure_text(gl_xctx *c, const gl_node *fig)
{
    for (const gl_node *n = fig->first_child; n;) {
        bool skip = false;
        if (n->type == GALLEY_NODE_ELEMENT) {
            skip = gl_x(c, n)->state == GL_X_HARD || gl_is_html(n, GL_TAG_FIGCAPTION);
            if (!skip && n->ns == GALLEY_NS_HTML &&
                (n->tag == GL_TAG_BLOCKQUOTE || n->tag == GL_TAG_PRE || n->tag == GL_TAG_TABLE ||
                 n->tag == GL_TAG_UL || n->tag == GL_TAG_OL || n->tag == GL_TAG_DL) &&
                gl_x(c, n)->chars > 0)
                return true;
        }
        n = gl_walk_next(fig, n, skip);
    }
    return false;
}

/* Emits a figure for an <img>, <picture> or <figure> holding one. Returns
 * false when there is nothing to show. */
static bool emit_figure(builder *b, const gl_node *n)
{
    const gl_node *img = find_img(n);
    const char *src = NULL, *alt = NULL;
    if (img) {
        if (small_dim(b->c->tune, img)) return false;
        src = img_src(b, img);
        const char *al = attr(img, "alt");
        if (al && *al) alt = gl_article_strdup(b->a, al, strlen(al));
    }
    if (!src) {
        /* <picture><source srcset> without a usable <img src> */
        const gl_node *s = find_tag(n, GL_TAG_SOURCE);
        const char *v = s ? attr(s, "srcset") : NULL;
        if (!v && s) v = attr(s, "data-srcset");
        size_t l;
        const char *u = v ? srcset_first(v, &l) : NULL;
        if (u && usable_src(u)) src = gl_url_resolve(b->a, b->c->base_url, u, l);
    }
    const gl_node *fc = gl_is_html(n, GL_TAG_FIGURE) ? find_tag(n, GL_TAG_FIGCAPTION) : NULL;
    const char *cap = fc && gl_x(b->c, fc)->state == GL_X_KEEP ? subtree_text(b, fc) : NULL;
    /* a <figure> without a <figcaption> whose text sits beside the picture
     * (a credit line in a <p>, a product card's name and price): that text
     * is its caption, not lost; a longer one is a card's teaser, no caption */
    if (!fc && gl_is_html(n, GL_TAG_FIGURE) &&
        gl_x(b->c, n)->chars <= b->c->tune->figure_loose_caption_max_chars)
        cap = subtree_text(b, n);
    if (!src && !cap) return false;
    flush(b);
    gl_block *blk = gl_block_new(b->a, GALLEY_BLOCK_FIGURE);
    if (!blk) {
        b->oom = true;
        return false;
    }
    blk->src = src;
    blk->alt = alt;
    /* a caption that repeats the alt text appears once */
    if (cap && alt && strcmp(cap, alt) == 0) blk->alt = NULL;
    blk->caption = cap;
    if (cap) {
        blk->text = (char *)cap;
        blk->text_len = (uint32_t)strlen(cap);
    }
    emit_at(b, blk, n->index);
    return true;
}

/* class="language-x" / "lang-x" on a <pre> or its <code>. */
static const char *code_language(builder *b, const gl_node *pre)
{
    const gl_node *cands[2] = {pre, NULL};
    for (const gl_node *ch = pre->first_child; ch; ch = ch->next)
        if (gl_is_html(ch, GL_TAG_CODE)) {
            cands[1] = ch;
            break;
        }
    for (int i = 0; i < 2; i++) {
        const char *cl = cands[i] ? attr(cands[i], "class") : NULL;
        if (!cl) continue;
        for (const char *p = cl; *p;) {
            while (*p == ' ') p++;
            const char *e = p;
            while (*e && *e != ' ') e++;
            size_t l = (size_t)(e - p);
            size_t skip = 0;
            if (l > 9 && strncmp(p, "language-", 9) == 0) skip = 9;
            else if (l > 5 && strncmp(p, "lang-", 5) == 0) skip = 5;
            if (skip) return gl_article_strdup(b->a, p + skip, l - skip);
            p = e;
        }
    }
    return NULL;
}

/* A data table has rows of several cells; a layout table (one cell, one
 * column, or prose in its cells) is read as plain containers. */
static bool is_data_table(gl_xctx *c, const gl_node *t)
{
    size_t rows = 0, maxcols = 0, long_cells = 0;
    for (const gl_node *s = t->first_child; s; s = s->next) {
        const gl_node *r0 = s, *rend = NULL;
        if (gl_is_html(s, GL_TAG_TBODY) || gl_is_html(s, GL_TAG_THEAD) ||
            gl_is_html(s, GL_TAG_TFOOT)) {
            r0 = s->first_child;
            rend = NULL;
        } else if (!gl_is_html(s, GL_TAG_TR)) {
            continue;
        } else {
            rend = s->next;
        }
        for (const gl_node *r = r0; r && r != rend; r = r->next) {
            if (!gl_is_html(r, GL_TAG_TR)) continue;
            rows++;
            size_t cols = 0;
            for (const gl_node *cell = r->first_child; cell; cell = cell->next) {
                if (!gl_is_html(cell, GL_TAG_TD) && !gl_is_html(cell, GL_TAG_TH)) continue;
                cols++;
                if (gl_x(c, cell)->gchars > c->tune->table_cell_max_chars) long_cells++;
                for (const gl_node *k = cell->first_child; k; k = k->next)
                    if (gl_is_html(k, GL_TAG_TABLE) || gl_is_html(k, GL_TAG_P) ||
                        gl_is_html(k, GL_TAG_DIV) || gl_is_html(k, GL_TAG_UL))
                        long_cells++;
            }
            if (cols > maxcols) maxcols = cols;
            if (rows > 4096) break;
        }
        if (gl_is_html(s, GL_TAG_TR)) {
            /* rows directly under <table> (fragment parse): counted above */
        }
    }
    if (rows == 0 || maxcols < 2) return false;
    if (long_cells) return false;
    return true;
}

/* A thread whose posts are the items of a list (a conversation <ul>):
 * each item holds a post -- boxes for the poster (often lists of their
 * own: name, rank, join date) and for the text -- so the list is read as
 * the posts it holds, not as a list of one line per item. Looked at only
 * on pages read as threads; each item and its children once. */
static bool post_list(gl_xctx *c, const gl_node *list)
{
    const gl_xtune *t = c->tune;
    uint32_t items = 0, posts = 0;
    for (const gl_node *li = list->first_child; li; li = li->next) {
        if (!gl_is_html(li, GL_TAG_LI)) continue;
        items++;
        const gl_xnode *x = gl_x(c, li);
        if (x->gchars < t->post_item_min_chars ||
            (uint64_t)x->glchars * 100 >= (uint64_t)x->gchars * t->post_item_max_link_pct)
            continue;
        uint32_t boxes = 0;
        for (const gl_node *k = li->first_child; k; k = k->next)
            if (gl_extract_is_block_tag(k) && !gl_is_html(k, GL_TAG_UL) &&
                !gl_is_html(k, GL_TAG_OL) && gl_x(c, k)->gchars > 0)
                boxes++;
        if (boxes >= 2) posts++;
    }
    return posts >= t->post_list_min_posts && (uint64_t)posts * 2 >= items;
}

static bool equals_title(builder *b, const char *h, size_t hl)
{
    const char *t = b->a->field[GALLEY_FIELD_TITLE];
    if (!t || !hl) return false;
    size_t tl = strlen(t);
    /* compare lower-cased ASCII letters and all non-ASCII bytes, skipping
     * spaces and punctuation */
    char nh[512], nt[512];
    size_t a = 0, c = 0;
    for (size_t i = 0; i < hl && a < sizeof nh; i++) {
        unsigned char ch = (unsigned char)h[i];
        if (ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z'))
            nh[a++] = (char)gl_lower(ch);
    }
    for (size_t i = 0; i < tl && c < sizeof nt; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z'))
            nt[c++] = (char)gl_lower(ch);
    }
    if (a == 0 || c == 0) return false;
    if (a == c) return memcmp(nh, nt, a) == 0;
    /* "Headline | Site" titles: the heading is most of the title */
    const char *lng = a > c ? nh : nt, *sh = a > c ? nt : nh;
    size_t ll = a > c ? a : c, sl = a > c ? c : a;
    if ((uint64_t)sl * 100 < (uint64_t)ll * b->c->tune->title_min_share_pct) return false;
    for (size_t i = 0; i + sl <= ll; i++)
        if (memcmp(lng + i, sh, sl) == 0) return true;
    return false;
}

/* ---- enter / leave */

static bool skip_marked(builder *b, const gl_node *n)
{
    uint8_t mark = b->c->meta_mark ? b->c->meta_mark[n->index] : 0;
    if (!mark) return false;
    uint32_t chars = gl_x(b->c, n)->gchars;
    uint32_t max = b->c->tune->meta_mark_max_chars; /* a bigger box: meta overreached */
    if (chars >= max) return false;
    if (b->tc)
        gl_xtrace_mark(b->tc, n,
                       mark == GL_XMARK_HEADLINE  ? "blocks.headline_mark"
                       : mark == GL_XMARK_BYLINE ? "blocks.byline_mark"
                                                 : "blocks.dateline_mark",
                       false, GL_FIGS({"chars", chars}, {"max_chars", max}));
    return true;
}

static bool enter(builder *b, const gl_node *n)
{
    gl_xctx *c = b->c;
    gl_xnode *xn = gl_x(c, n);
    if (xn->state == GL_X_HARD) return false;
    if (xn->state != GL_X_KEEP && !b->comments && !c->ignore_soft) return false;
    if (skip_marked(b, n)) return false;
    if (n->ns != GALLEY_NS_HTML) return true;
    const galley_options *o = c->opts;
    switch (n->tag) {
    case GL_TAG_BR:
        if (b->pre) put_text(b, "\n", 1);
        else put_break(b);
        return false;
    case GL_TAG_WBR:
        return false;
    case GL_TAG_IMG: case GL_TAG_PICTURE: case GL_TAG_AMP_IMG:
        if (!b->capture && o->images) emit_figure(b, n);
        return false;
    case GL_TAG_FIGURE:
        if (b->capture) break;
        if ((find_img(n) || find_tag(n, GL_TAG_SOURCE)) && !figure_text(b->c, n)) {
            if (o->images) emit_figure(b, n);
            return false;
        }
        break;
    case GL_TAG_HR:
        if (b->capture) {
            put_sep(b);
            return false;
        }
        flush(b);
        {
            gl_block *blk = gl_block_new(b->a, GALLEY_BLOCK_RULE);
            if (blk) emit(b, blk);
        }
        return false;
    case GL_TAG_H1: case GL_TAG_H2: case GL_TAG_H3: case GL_TAG_H4: case GL_TAG_H5:
    case GL_TAG_H6:
        if (b->capture) {
            put_sep(b);
            return true;
        }
        flush(b);
        if (push(b, n, F_HEADING, NULL)) b->capture++;
        return true;
    case GL_TAG_PRE: case GL_TAG_LISTING: case GL_TAG_XMP: case GL_TAG_PLAINTEXT:
        if (b->capture) {
            put_sep(b);
            return true;
        }
        flush(b);
        if (push(b, n, F_PRE, NULL)) {
            b->capture++;
            b->pre++;
        }
        return true;
    case GL_TAG_UL: case GL_TAG_OL: case GL_TAG_MENU: case GL_TAG_DIR: {
        /* a nested list inside an item: the item's text so far is kept, the
         * list becomes the item's child */
        frame *item = NULL;
        if (b->nfr && b->fr[b->nfr - 1].kind == F_ITEM) item = &b->fr[b->nfr - 1];
        if (b->capture && !item) {
            put_sep(b);
            return true;
        }
        if (!item && c->declared_forum && post_list(c, n)) {
            flush(b);
            push(b, n, F_FLUSH, NULL);
            if (c->tr)
                gl_xtrace_mark(c, n, "blocks.post_list", true,
                               GL_FIGS({"min_posts", c->tune->post_list_min_posts}));
            return true;
        }
        gl_block *list = gl_block_new(b->a, GALLEY_BLOCK_LIST);
        if (!list) {
            b->oom = true;
            return false;
        }
        if (n->tag == GL_TAG_OL) {
            list->level = 1;
            const char *st = attr(n, "start");
            list->start = st ? atoi(st) : 1;
        }
        if (item) {
            uint32_t len, ns;
            gl_span *sp;
            char *t = take_text(b, &len, &sp, &ns);
            if (t && item->blk && item->blk->text_len == 0) {
                item->blk->text = t;
                item->blk->text_len = len;
                item->blk->spans = sp;
                item->blk->nspans = ns;
            }
            if (item->blk) gl_block_append_child(item->blk, list);
        } else {
            flush(b);
            emit(b, list);
        }
        if (push(b, n, F_LIST, list)) b->capture = 0;
        return true;
    }
    case GL_TAG_LI: {
        frame *lf = b->nfr ? &b->fr[b->nfr - 1] : NULL;
        if (!lf || lf->kind != F_LIST) {
            if (b->capture) {
                put_sep(b);
                return true;
            }
            flush(b);
            return true; /* stray <li>: a paragraph */
        }
        gl_block *it = gl_block_new(b->a, GALLEY_BLOCK_LIST_ITEM);
        if (!it) {
            b->oom = true;
            return false;
        }
        gl_block_append_child(lf->blk, it);
        take_text(b, &(uint32_t){0}, &(gl_span *){NULL}, &(uint32_t){0});
        if (push(b, n, F_ITEM, it)) b->capture++;
        return true;
    }
    case GL_TAG_BLOCKQUOTE:
        if (b->capture) {
            put_sep(b);
            return true;
        }
        flush(b);
        {
            gl_block *q = gl_block_new(b->a, GALLEY_BLOCK_QUOTE);
            if (!q) {
                b->oom = true;
                return false;
            }
            emit(b, q);
            push(b, n, F_QUOTE, q);
        }
        return true;
    case GL_TAG_TABLE:
        if (b->capture) {
            put_sep(b);
            return true;
        }
        if (!is_data_table(c, n)) {
            flush(b);
            push(b, n, F_FLUSH, NULL);
            return true;
        }
        if (!o->tables) return false;
        flush(b);
        {
            gl_block *t = gl_block_new(b->a, GALLEY_BLOCK_TABLE);
            if (!t) {
                b->oom = true;
                return false;
            }
            emit(b, t);
            push(b, n, F_TABLE, t);
        }
        return true;
    case GL_TAG_TR: {
        frame *tf = NULL;
        for (int i = b->nfr - 1; i >= 0; i--)
            if (b->fr[i].kind == F_TABLE) {
                tf = &b->fr[i];
                break;
            } else if (b->fr[i].kind != F_FLUSH) {
                break;
            }
        if (!tf || b->capture) {
            if (b->capture) put_sep(b);
            else flush(b);
            return true;
        }
        gl_block *r = gl_block_new(b->a, GALLEY_BLOCK_TABLE_ROW);
        if (!r) {
            b->oom = true;
            return false;
        }
        gl_block_append_child(tf->blk, r);
        push(b, n, F_ROW, r);
        return true;
    }
    case GL_TAG_TD: case GL_TAG_TH: {
        frame *rf = b->nfr ? &b->fr[b->nfr - 1] : NULL;
        if (!rf || rf->kind != F_ROW) {
            if (b->capture) put_sep(b);
            else flush(b);
            if (!b->capture) push(b, n, F_FLUSH, NULL);
            return true;
        }
        gl_block *cell = gl_block_new(b->a, GALLEY_BLOCK_TABLE_CELL);
        if (!cell) {
            b->oom = true;
            return false;
        }
        cell->level = n->tag == GL_TAG_TH;
        gl_block_append_child(rf->blk, cell);
        take_text(b, &(uint32_t){0}, &(gl_span *){NULL}, &(uint32_t){0});
        if (push(b, n, F_CELL, cell)) b->capture++;
        return true;
    }
    case GL_TAG_CAPTION:
        /* table caption: a paragraph before the table's rows would need
         * reordering; read it as a word-separated part of the flow */
        if (b->capture) put_sep(b);
        return true;
    case GL_TAG_A: case GL_TAG_EM: case GL_TAG_I: case GL_TAG_STRONG: case GL_TAG_B:
    case GL_TAG_CODE: case GL_TAG_KBD: case GL_TAG_SAMP: case GL_TAG_TT: case GL_TAG_SUB:
    case GL_TAG_SUP: {
        if (b->pre) return true;
        uint8_t kind = 0;
        const char *href = NULL;
        switch (n->tag) {
        case GL_TAG_A:
            if (!o->links) return true;
            {
                const char *h = attr(n, "href");
                if (!h) return true;
                href = gl_url_resolve(b->a, c->base_url, h, strlen(h));
                if (!href) return true;
            }
            kind = GL_SPAN_LINK;
            break;
        case GL_TAG_EM: case GL_TAG_I: kind = GL_SPAN_EM; break;
        case GL_TAG_STRONG: case GL_TAG_B: kind = GL_SPAN_STRONG; break;
        case GL_TAG_SUB: kind = GL_SPAN_SUB; break;
        case GL_TAG_SUP: kind = GL_SPAN_SUP; break;
        default: kind = GL_SPAN_CODE; break;
        }
        if (nspans(b) >= 4096) return true;
        int open = 0;
        for (int i = 0; i < b->nfr; i++) open += b->fr[i].kind == F_SPAN && b->fr[i].span >= 0;
        if (open >= MAX_OPEN_SPANS) return true;
        frame *f = push(b, n, F_SPAN, NULL);
        if (!f) return true;
        /* the pending space belongs before the span */
        if (b->space && b->text.len) {
            char last = b->text.data[b->text.len - 1];
            if (last != ' ' && last != '\n') gl_buf_putc(&b->text, ' ');
            b->space = false;
        }
        gl_span sp = {(uint32_t)b->text.len, SPAN_OPEN, kind, href};
        if (gl_buf_append(&b->spans, (const char *)&sp, sizeof sp))
            f->span = (int32_t)(nspans(b) - 1);
        return true;
    }
    default:
        break;
    }
    if (gl_extract_is_block_tag(n)) {
        if (b->capture) put_sep(b);
        else {
            flush(b);
            push(b, n, F_FLUSH, NULL);
        }
    }
    return true;
}

static void leave(builder *b, const gl_node *n)
{
    if (!b->nfr || b->fr[b->nfr - 1].node != n) {
        if (b->capture && n->type == GALLEY_NODE_ELEMENT && gl_extract_is_block_tag(n))
            put_sep(b);
        return;
    }
    frame f = b->fr[--b->nfr];
    uint32_t len, ns;
    gl_span *sp;
    switch (f.kind) {
    case F_FLUSH:
        flush(b);
        break;
    case F_HEADING: {
        b->capture--;
        char *t = take_text(b, &len, &sp, &ns);
        if (!t) break;
        int max_before = b->c->tune->title_cut_max_blocks;
        if (!b->title_dropped && b->nblocks < max_before && equals_title(b, t, len)) {
            b->title_dropped = true;
            if (b->tc)
                gl_xtrace_cut(b->tc, b->taken_pos, t, len, "blocks.title_heading",
                              GL_FIGS({"blocks_before", b->nblocks},
                                      {"max_blocks_before", max_before}));
            break;
        }
        gl_block *h = gl_block_new(b->a, GALLEY_BLOCK_HEADING);
        if (!h) {
            b->oom = true;
            break;
        }
        h->level = (uint8_t)(n->tag - GL_TAG_H1 + 1);
        h->text = t;
        h->text_len = len;
        h->spans = sp;
        h->nspans = ns;
        emit(b, h);
        break;
    }
    case F_PRE: {
        b->capture--;
        char *t = take_text(b, &len, &sp, &ns);
        b->pre--;
        if (!t) break;
        gl_block *code = gl_block_new(b->a, GALLEY_BLOCK_CODE);
        if (!code) {
            b->oom = true;
            break;
        }
        code->text = t;
        code->text_len = len;
        code->language = code_language(b, n);
        emit(b, code);
        break;
    }
    case F_ITEM:
    case F_CELL: {
        b->capture--;
        char *t = take_text(b, &len, &sp, &ns);
        if (t && f.blk) {
            if (f.blk->text_len == 0) {
                f.blk->text = t;
                f.blk->text_len = len;
                f.blk->spans = sp;
                f.blk->nspans = ns;
                if (b->tc) gl_xtrace_emit(b->tc, f.blk, b->taken_pos);
            } else {
                /* text after a nested list: appended (spans dropped) */
                size_t ol = f.blk->text_len;
                char *m = gl_arena_alloc(&b->a->arena, ol + 1 + len + 1);
                if (m) {
                    memcpy(m, f.blk->text, ol);
                    m[ol] = ' ';
                    memcpy(m + ol + 1, t, len);
                    m[ol + 1 + len] = '\0';
                    f.blk->text = m;
                    f.blk->text_len = (uint32_t)(ol + 1 + len);
                }
            }
        }
        break;
    }
    case F_LIST: {
        /* capture resumes for the enclosing item, if any */
        int cap = 0;
        for (int i = 0; i < b->nfr; i++)
            if (b->fr[i].kind == F_HEADING || b->fr[i].kind == F_ITEM ||
                b->fr[i].kind == F_CELL || b->fr[i].kind == F_PRE)
                cap++;
        b->capture = cap;
        break;
    }
    case F_QUOTE:
        flush(b);
        break;
    case F_SPAN:
        if (f.span >= 0 && (size_t)f.span < nspans(b)) {
            gl_span *s = span_at(b, (size_t)f.span);
            s->end = (uint32_t)b->text.len;
            /* trailing collapsed space stays outside the span */
        }
        break;
    default:
        break;
    }
}

static void walk(builder *b, const gl_node *root)
{
    const gl_node *n = root;
    for (;;) {
        bool descend = true;
        if (n->type == GALLEY_NODE_TEXT) {
            if (b->tc) {
                b->tc->seen[n->index] = 1;
                if (!b->text_pos) b->text_pos = n->index;
            }
            if (!b->text_node) b->text_node = n;
            put_text(b, n->data, n->data_len);
            descend = false;
        } else if (n->type == GALLEY_NODE_ELEMENT) {
            descend = enter(b, n);
        } else {
            descend = false;
        }
        if (gl_extract_tick(b->c) || b->oom) return;
        if (descend && n->first_child) {
            n = n->first_child;
            continue;
        }
        for (;;) {
            if (descend && n->type == GALLEY_NODE_ELEMENT) leave(b, n);
            descend = true;
            if (n == root) return;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

galley_status gl_extract_blocks(gl_xctx *c, gl_node *const *roots, size_t nroots, bool comments)
{
    builder *b = calloc(1, sizeof *b);
    if (!b) return GALLEY_ERR_NOMEM;
    b->c = c;
    b->a = c->a;
    b->comments = comments;
    b->tc = c->tr && !comments ? c : NULL;
    b->text.cap = 1u << 26;
    for (size_t i = 0; i < nroots && !b->oom && !c->timed_out; i++) {
        walk(b, roots[i]);
        while (b->nfr) leave(b, b->fr[b->nfr - 1].node);
        b->capture = b->pre = 0;
        flush(b);
    }
    bool oom = b->oom || b->text.failed;
    gl_buf_free(&b->text);
    gl_buf_free(&b->spans);
    free(b);
    if (c->timed_out) return GALLEY_ERR_TIMEOUT;
    return oom ? GALLEY_ERR_NOMEM : GALLEY_OK;
}
