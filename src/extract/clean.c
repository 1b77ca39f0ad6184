/*
 * clean.c -- the two marking passes of extraction.
 *
 * Pass 1 (hard): marks elements that never carry article text (scripts,
 * form controls, hidden elements) and counts visible characters and link
 * characters per subtree. Pass 2 (soft): weighs tags and class/id words
 * against each subtree's text and link density, marks boilerplate and the
 * comment thread, and counts the characters that remain, per subtree and per
 * nearest block ancestor ("own" text, what scoring feeds on).
 *
 * Both passes are iterative enter/leave walks: O(nodes) time, and the only
 * extra memory is the side array plus a stack of block ancestors.
 */
#include <stdlib.h>
#ifdef GL_XDEBUG
#include <stdio.h>
#endif

#include "extract_int.h"

bool gl_extract_tick(gl_xctx *c)
{
    if ((++c->ticks & 4095) == 0 && gl_deadline_passed(c->deadline)) c->timed_out = true;
    return c->timed_out;
}

/* Characters of `s` as a reader sees them: code points, each whitespace run
 * counted once. Counting characters, not bytes or words, keeps CJK text from
 * looking short. */
size_t gl_extract_count_chars(const char *s, size_t n)
{
    size_t k = 0;
    bool ws = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f') {
            if (!ws) k++;
            ws = true;
        } else if ((b & 0xC0) != 0x80) {
            k++;
            ws = false;
        }
    }
    return k;
}

static unsigned count_punct(const char *s, size_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b == ',' || b == '.' || b == ';' || b == '?' || b == '!') k++;
        /* U+3001 IDEOGRAPHIC COMMA, U+3002 FULL STOP, U+FF0C FULLWIDTH COMMA */
        else if (b == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0x81 || (unsigned char)s[i + 2] == 0x82))
            k++;
        else if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC &&
                 (unsigned char)s[i + 2] == 0x8C)
            k++;
    }
    return k;
}

bool gl_extract_is_block_tag(const gl_node *n)
{
    if (n->type != GALLEY_NODE_ELEMENT || n->ns != GALLEY_NS_HTML) return false;
    switch (n->tag) {
    case GL_TAG_ADDRESS: case GL_TAG_ARTICLE: case GL_TAG_ASIDE: case GL_TAG_BLOCKQUOTE:
    case GL_TAG_BODY: case GL_TAG_CAPTION: case GL_TAG_CENTER: case GL_TAG_DD:
    case GL_TAG_DETAILS: case GL_TAG_DIALOG: case GL_TAG_DIR: case GL_TAG_DIV: case GL_TAG_DL:
    case GL_TAG_DT: case GL_TAG_FIELDSET: case GL_TAG_FIGCAPTION: case GL_TAG_FIGURE:
    case GL_TAG_FOOTER: case GL_TAG_FORM: case GL_TAG_H1: case GL_TAG_H2: case GL_TAG_H3:
    case GL_TAG_H4: case GL_TAG_H5: case GL_TAG_H6: case GL_TAG_HEADER: case GL_TAG_HGROUP:
    case GL_TAG_HR: case GL_TAG_HTML: case GL_TAG_LI: case GL_TAG_LISTING: case GL_TAG_MAIN:
    case GL_TAG_MENU: case GL_TAG_NAV: case GL_TAG_OL: case GL_TAG_P: case GL_TAG_PRE:
    case GL_TAG_SEARCH: case GL_TAG_SECTION: case GL_TAG_SUMMARY: case GL_TAG_TABLE:
    case GL_TAG_TBODY: case GL_TAG_TD: case GL_TAG_TFOOT: case GL_TAG_TH: case GL_TAG_THEAD:
    case GL_TAG_TR: case GL_TAG_UL: case GL_TAG_XMP: case GL_TAG_PLAINTEXT:
        return true;
    default:
        return false;
    }
}

static bool ieq_prefix(const char *s, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (n < m) return false;
    for (size_t i = 0; i < m; i++)
        if (gl_lower((unsigned char)s[i]) != lit[i]) return false;
    return true;
}

/* Inline style that hides the element. */
static bool style_hidden(const char *s)
{
    for (const char *p = s; *p; p++) {
        int ch = gl_lower((unsigned char)*p);
        if (ch != 'd' && ch != 'v') continue;
        size_t rest = strlen(p);
        const char *v = NULL;
        if (ieq_prefix(p, rest, "display")) v = p + 7;
        else if (ieq_prefix(p, rest, "visibility")) v = p + 10;
        if (!v) continue;
        while (*v == ' ') v++;
        if (*v != ':') continue;
        v++;
        while (*v == ' ') v++;
        size_t vl = strlen(v);
        if (ieq_prefix(v, vl, "none") || ieq_prefix(v, vl, "hidden")) return true;
    }
    return false;
}

/* Class words of assistive-only text ("opens in a new window"). */
static bool sr_only(const char *cls)
{
    static const char *const words[] = {"sr-only", "screen-reader", "visually-hidden",
                                        "visuallyhidden", "screenreader", "sr_only"};
    size_t n = strlen(cls);
    for (size_t i = 0; i < n; i++)
        for (size_t w = 0; w < sizeof words / sizeof *words; w++)
            if (ieq_prefix(cls + i, n - i, words[w])) return true;
    return false;
}

static bool hard_drop(const gl_node *n)
{
    if (n->ns != GALLEY_NS_HTML) {
        /* SVG and MathML carry no article prose; MathML text is kept. */
        return n->ns == GALLEY_NS_SVG;
    }
    switch (n->tag) {
    case GL_TAG_SCRIPT: case GL_TAG_STYLE: case GL_TAG_NOSCRIPT: case GL_TAG_TEMPLATE:
    case GL_TAG_SVG: case GL_TAG_CANVAS: case GL_TAG_IFRAME: case GL_TAG_INPUT:
    case GL_TAG_BUTTON: case GL_TAG_SELECT: case GL_TAG_TEXTAREA: case GL_TAG_OPTION:
    case GL_TAG_OPTGROUP: case GL_TAG_DATALIST: case GL_TAG_OBJECT: case GL_TAG_EMBED:
    case GL_TAG_HEAD: case GL_TAG_TITLE: case GL_TAG_META: case GL_TAG_LINK:
    case GL_TAG_BASE: case GL_TAG_FRAMESET: case GL_TAG_FRAME: case GL_TAG_NOFRAMES:
    case GL_TAG_NOEMBED: case GL_TAG_DIALOG: case GL_TAG_APPLET: case GL_TAG_AUDIO:
    case GL_TAG_VIDEO: case GL_TAG_MAP: case GL_TAG_AREA: case GL_TAG_KEYGEN:
    case GL_TAG_OUTPUT: case GL_TAG_PROGRESS: case GL_TAG_METER: case GL_TAG_PARAM:
    case GL_TAG_TRACK: case GL_TAG_RP: case GL_TAG_LABEL:
        return true;
    default:
        break;
    }
    for (uint32_t i = 0; i < n->nattrs; i++) {
        const gl_attr *a = &n->attrs[i];
        if (a->ns != GALLEY_NS_NONE) continue;
        switch (a->name_len) {
        case 6:
            if (memcmp(a->name, "hidden", 6) == 0) return true;
            break;
        case 5:
            if (memcmp(a->name, "style", 5) == 0 && style_hidden(a->value)) return true;
            if (memcmp(a->name, "class", 5) == 0 && sr_only(a->value)) return true;
            break;
        case 11:
            if (memcmp(a->name, "aria-hidden", 11) == 0 && gl_ascii_ieq(a->value, a->value_len, "true"))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

/* ---- class/id/role/itemprop words */

enum { W_ABS = 1, W_STRUCT = 2, W_POS = 3, W_COMMENT = 4, W_BODY = 5, W_LINKY = 6 };
enum { B_START = 1, B_END = 2 }; /* required word boundaries */

typedef struct word {
    const char *w;
    uint8_t len, kind, bound;
} word;

#define WD(s, k, b) {s, (uint8_t)(sizeof(s) - 1), k, b}
static const word words[] = {
    /* comment thread */
    WD("comment", W_COMMENT, 0), WD("disqus", W_COMMENT, 0), WD("respond", W_COMMENT, B_START),
    /* boilerplate whatever its size */
    WD("cookie", W_ABS, 0), WD("consent", W_ABS, 0), WD("gdpr", W_ABS, 0),
    WD("newsletter", W_ABS, 0), WD("subscri", W_ABS, 0), WD("signup", W_ABS, 0),
    WD("sign-up", W_ABS, 0), WD("related", W_ABS, 0), WD("recommend", W_ABS, 0),
    WD("share", W_ABS, 0), WD("sharing", W_ABS, 0), WD("social", W_ABS, 0),
    WD("breadcrumb", W_ABS, 0), WD("advert", W_ABS, 0), WD("sponsor", W_ABS, 0),
    WD("promo", W_ABS, 0), WD("popup", W_ABS, 0), WD("modal", W_ABS, 0),
    WD("skip", W_ABS, B_START), WD("mostread", W_ABS, 0), WD("most-read", W_ABS, 0),
    WD("most_read", W_ABS, 0), WD("popular", W_ABS, 0), WD("trending", W_ABS, 0),
    WD("paginat", W_ABS, 0), WD("pager", W_ABS, B_START), WD("author-bio", W_ABS, 0),
    WD("authorbio", W_ABS, 0), WD("about-author", W_ABS, 0), WD("author-info", W_ABS, 0),
    WD("author-box", W_ABS, 0), WD("byline", W_ABS, 0), WD("outbrain", W_ABS, 0),
    WD("taboola", W_ABS, 0), WD("ticker", W_ABS, 0), WD("weather", W_ABS, 0),
    WD("masthead", W_ABS, 0), WD("read-more", W_ABS, 0), WD("readmore", W_ABS, 0),
    WD("print", W_ABS, B_START), WD("adsense", W_ABS, 0), WD("adslot", W_ABS, 0),
    WD("ad-slot", W_ABS, 0), WD("ad-container", W_ABS, 0), WD("ad-wrap", W_ABS, 0),
    WD("ad", W_ABS, B_START | B_END), WD("ads", W_ABS, B_START | B_END),
    WD("dfp", W_ABS, B_START), WD("gpt", W_ABS, B_START | B_END), WD("banner-ad", W_ABS, 0),
    WD("toolbar", W_ABS, 0), WD("login", W_ABS, 0),
    /* structure: boilerplate unless it holds prose */
    WD("sidebar", W_STRUCT, 0), WD("widget", W_LINKY, 0), WD("menu", W_LINKY, 0),
    WD("nav", W_STRUCT, B_START), WD("footer", W_STRUCT, 0), WD("header", W_LINKY, 0),
    WD("banner", W_LINKY, 0), WD("rail", W_STRUCT, B_START | B_END),
    WD("tags", W_STRUCT, B_START | B_END), WD("tag-list", W_STRUCT, 0),
    WD("taglist", W_STRUCT, 0), WD("tagcloud", W_STRUCT, 0), WD("tag-cloud", W_STRUCT, 0),
    WD("meta", W_STRUCT, B_START | B_END), WD("date", W_STRUCT, B_START | B_END),
    WD("stock", W_STRUCT, B_START), WD("search", W_STRUCT, 0), WD("tools", W_STRUCT, B_END),
    WD("utility", W_STRUCT, 0), WD("more", W_STRUCT, B_START | B_END),
    WD("links", W_STRUCT, B_START | B_END), WD("copyright", W_STRUCT, 0),
    WD("disclaimer", W_STRUCT, 0), WD("teaser", W_STRUCT, 0), WD("complementary", W_STRUCT, 0),
    WD("contentinfo", W_STRUCT, 0), WD("secondary", W_STRUCT, 0),
    /* content */
    WD("articlebody", W_BODY, 0), WD("article-body", W_BODY, 0), WD("article__body", W_BODY, 0),
    WD("entry-content", W_BODY, 0), WD("post-content", W_BODY, 0),
    WD("article", W_POS, 0), WD("content", W_POS, 0), WD("entry", W_POS, 0),
    WD("post", W_POS, B_START), WD("story", W_POS, 0), WD("body", W_POS, 0),
    WD("text", W_POS, B_START), WD("main", W_POS, B_START), WD("prose", W_POS, 0),
    WD("blog", W_POS, 0), WD("hentry", W_POS, 0),
};

static bool is_alnum(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
}

typedef struct evidence {
    bool abs, strct, linky, pos, comment, body;
} evidence;

static void scan_words(const char *s, size_t n, evidence *ev)
{
    for (size_t i = 0; i < n; i++) {
        int ch = s[i];
        if (!is_alnum(ch)) continue;
        for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
            const word *w = &words[k];
            if (w->w[0] != ch || n - i < w->len || memcmp(s + i, w->w, w->len) != 0) continue;
            if ((w->bound & B_START) && i > 0 && is_alnum(s[i - 1])) continue;
            if ((w->bound & B_END) && i + w->len < n && is_alnum(s[i + w->len])) continue;
            switch (w->kind) {
            case W_COMMENT:
                /* "commentary" is an article genre, not a thread */
                if (n - i >= 10 && memcmp(s + i, "commentary", 10) == 0) break;
                ev->comment = true;
                break;
            case W_ABS: ev->abs = true; break;
            case W_STRUCT: ev->strct = true; break;
            case W_LINKY: ev->linky = true; break;
            case W_POS: ev->pos = true; break;
            case W_BODY: ev->body = ev->pos = true; break;
            default: break;
            }
        }
    }
}

/* Lower-cases class, id, role and itemprop into one string. */
static size_t attr_words(const gl_node *n, char *out, size_t cap)
{
    size_t k = 0;
    for (uint32_t i = 0; i < n->nattrs && k < cap; i++) {
        const gl_attr *a = &n->attrs[i];
        if (a->ns != GALLEY_NS_NONE || a->value_len == 0) continue;
        bool want = (a->name_len == 5 && memcmp(a->name, "class", 5) == 0) ||
                    (a->name_len == 2 && memcmp(a->name, "id", 2) == 0) ||
                    (a->name_len == 4 && memcmp(a->name, "role", 4) == 0) ||
                    (a->name_len == 8 && memcmp(a->name, "itemprop", 8) == 0);
        if (!want) continue;
        if (k) out[k++] = ' ';
        for (uint32_t j = 0; j < a->value_len && k < cap; j++)
            out[k++] = (char)gl_lower((unsigned char)a->value[j]);
    }
    return k;
}

static bool has_attr_value(const gl_node *n, const char *name, const char *val)
{
    const gl_attr *a = gl_node_attr(n, name);
    return a && gl_ascii_ieq(a->value, a->value_len, val);
}

/* ---- pass 1 */

/* Adds a text node's characters to its nearest block ancestor. */
static void own_text(gl_xctx *c, gl_buf *stack, const gl_node *t, uint32_t chars, bool in_link)
{
    if (!stack->len || !chars) return;
    gl_node *owner;
    memcpy(&owner, stack->data + stack->len - sizeof owner, sizeof owner);
    gl_xnode *xo = gl_x(c, owner);
    xo->own += chars;
    if (in_link) xo->own_l += chars;
    unsigned p = xo->punct + count_punct(t->data, t->data_len);
    xo->punct = (uint16_t)(p > 65535 ? 65535 : p);
}

static void pass_hard(gl_xctx *c, gl_node *root)
{
    gl_buf *stack = &c->tmp; /* block ancestors, for "own" text */
    gl_buf_clear(stack);
    unsigned in_link = 0;
    gl_node *n = root;
    for (;;) {
        bool skip = false;
        gl_xnode *xn = gl_x(c, n);
        if (n->type == GALLEY_NODE_ELEMENT) {
            if (hard_drop(n)) {
                xn->state = GL_X_HARD;
                skip = true;
            } else {
                if ((n->flags & GL_NF_HEADLINE) && !c->headline) c->headline = n;
                if (gl_extract_is_block_tag(n) &&
                    !gl_buf_append(stack, (const char *)&n, sizeof n))
                    skip = true;
                if (gl_is_html(n, GL_TAG_A)) in_link++;
            }
        } else if (n->type == GALLEY_NODE_TEXT) {
            xn->chars = (uint32_t)gl_extract_count_chars(n->data, n->data_len);
            own_text(c, stack, n, xn->chars, in_link > 0);
        } else if (n->type != GALLEY_NODE_DOCUMENT && n->type != GALLEY_NODE_FRAGMENT) {
            skip = true;
        }
        if (gl_extract_tick(c)) return;
        if (!skip && n->first_child) {
            n = n->first_child;
            continue;
        }
        for (;;) {
            xn = gl_x(c, n);
            if (n->type == GALLEY_NODE_ELEMENT && xn->state != GL_X_HARD) {
                if (gl_is_html(n, GL_TAG_A)) {
                    xn->lchars = xn->chars;
                    if (in_link) in_link--;
                }
                if (gl_extract_is_block_tag(n) && stack->len >= sizeof n) stack->len -= sizeof n;
                /* the prose mass before boilerplate marks; pass 2 recounts */
                xn->rtot += gl_extract_para_score(xn);
                xn->own = xn->own_l = 0;
                xn->punct = 0;
            }
            if (n == root) return;
            gl_xnode *xp = gl_x(c, n->parent);
            xp->chars += xn->chars;
            xp->lchars += xn->lchars;
            xp->rtot += xn->rtot;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

/* ---- pass 2 */

static bool inside_article(const gl_node *n)
{
    for (const gl_node *p = n->parent; p; p = p->parent)
        if (gl_is_html(p, GL_TAG_ARTICLE) || gl_is_html(p, GL_TAG_MAIN)) return true;
    return false;
}

static double density(uint32_t l, uint32_t t) { return t ? (double)l / t : 0.0; }

/* Decides whether element `n` is boilerplate. */
static uint8_t soft_state(gl_xctx *c, gl_node *n, gl_xnode *xn)
{
    if (n->ns != GALLEY_NS_HTML) return GL_X_KEEP;
    if (n->tag == GL_TAG_HTML || n->tag == GL_TAG_BODY) return GL_X_KEEP;
    double ld = density(xn->lchars, xn->chars);
    uint32_t ch = xn->chars;
    /* holds most of the page's prose, or most of its text without being a
     * link farm: too big to be a widget, whatever its class says */
    bool big = (c->page_tot > 0 && xn->rtot * 2 >= c->page_tot) ||
               (ch > 0 && ch * 10 >= c->page_chars * 6 && ld < 0.3);
    bool has_head = c->headline && n->index <= c->headline->index;
    if (has_head) {
        const gl_node *p = c->headline;
        while (p && p != n) p = p->parent;
        has_head = p == n;
    }
    char buf[384];
    size_t len = attr_words(n, buf, sizeof buf);
    evidence ev = {0};
    if (len) scan_words(buf, len, &ev);
    if (has_attr_value(n, "itemprop", "articlebody")) ev.body = ev.pos = true;

    if (ev.comment && !has_head && !ev.body) return GL_X_COMMENTS;

    switch (n->tag) {
    case GL_TAG_NAV: case GL_TAG_MENU:
        return big ? GL_X_KEEP : GL_X_SOFT;
    case GL_TAG_ASIDE: case GL_TAG_FOOTER:
        return (big || has_head) ? GL_X_KEEP : GL_X_SOFT;
    case GL_TAG_HEADER:
        if (!big && !has_head && !inside_article(n)) return GL_X_SOFT;
        break;
    case GL_TAG_FORM:
        if (!big && (ch < 200 || ld > 0.3)) return GL_X_SOFT;
        break;
    default:
        break;
    }
    if (ev.body || big || has_head) return GL_X_KEEP;
    if (ev.abs) {
        if (!ev.pos) return GL_X_SOFT;
        if (ch < 500 || ld > 0.3) return GL_X_SOFT;
    }
    if (ev.strct) {
        if (!ev.pos && (ch < 200 || ld > 0.3)) return GL_X_SOFT;
        if (ev.pos && ld > 0.5) return GL_X_SOFT;
    }
    /* words that name a layout box more often than boilerplate: only links
     * give them away */
    if (ev.linky && ld > (ev.pos ? 0.5 : 0.3)) return GL_X_SOFT;
    return GL_X_KEEP;
}

static void pass_soft(gl_xctx *c, gl_node *root)
{
    gl_buf *stack = &c->tmp; /* block ancestors, for "own" text */
    gl_buf_clear(stack);
    unsigned in_link = 0;
    gl_node *n = root;
    for (;;) {
        bool skip = false;
        gl_xnode *xn = gl_x(c, n);
        if (n->type == GALLEY_NODE_ELEMENT) {
            if (xn->state == GL_X_HARD) {
                skip = true;
            } else {
                xn->state = soft_state(c, n, xn);
#ifdef GL_XDEBUG
                if (xn->state && xn->chars > 500)
                    fprintf(stderr, "drop%d <%s class=%.60s id=%s> chars %u l %u\n", xn->state, n->name,
                            gl_node_attr_value(n, "class"), gl_node_attr_value(n, "id"), xn->chars, xn->lchars);
#endif
                if (xn->state != GL_X_KEEP) skip = true;
            }
            if (!skip) {
                if (gl_extract_is_block_tag(n) &&
                    !gl_buf_append(stack, (const char *)&n, sizeof n))
                    skip = true; /* OOM: leave the subtree out */
                if (gl_is_html(n, GL_TAG_A)) in_link++;
            }
        } else if (n->type == GALLEY_NODE_TEXT) {
            xn->gchars = xn->chars;
            if (in_link) xn->glchars = xn->chars;
            own_text(c, stack, n, xn->chars, in_link > 0);
        } else if (n->type != GALLEY_NODE_DOCUMENT && n->type != GALLEY_NODE_FRAGMENT) {
            skip = true;
        }
        if (gl_extract_tick(c)) return;
        if (!skip && n->first_child) {
            n = n->first_child;
            continue;
        }
        for (;;) {
            xn = gl_x(c, n);
            if (n->type == GALLEY_NODE_ELEMENT && xn->state == GL_X_KEEP) {
                if (gl_extract_is_block_tag(n) && stack->len >= sizeof n) stack->len -= sizeof n;
                if (gl_is_html(n, GL_TAG_A) && in_link) in_link--;
                if (xn->own >= 40 && xn->own_l * 2 < xn->own && xn->paras < 65535) xn->paras++;
                xn->tot += gl_extract_para_score(xn);
            }
            if (n == root) return;
            gl_xnode *xp = gl_x(c, n->parent);
            if (xn->state == GL_X_KEEP) {
                xp->gchars += xn->gchars;
                xp->glchars += xn->glchars;
                xp->tot += xn->tot;
                unsigned pp = (unsigned)xp->paras + xn->paras;
                xp->paras = (uint16_t)(pp > 65535 ? 65535 : pp);
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

galley_status gl_extract_clean(gl_xctx *c)
{
    gl_node *root = c->doc->root;
    pass_hard(c, root);
    if (c->timed_out) return GALLEY_ERR_TIMEOUT;
    c->page_chars = gl_x(c, root)->chars;
    c->page_tot = gl_x(c, root)->rtot;
    pass_soft(c, root);
    if (c->timed_out) return GALLEY_ERR_TIMEOUT;
    if (c->tmp.failed) return GALLEY_ERR_NOMEM;
    return GALLEY_OK;
}
