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
#include <stddef.h>
#include <stdlib.h>

#include "../article/vocab.h"
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

unsigned gl_extract_count_punct(const char *s, size_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 'A' && b < 0xE3) continue; /* letters and most of UTF-8 */
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

/* Inline style that hides the element: display:none, visibility:hidden. */
static bool style_hidden(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ch = gl_lower((unsigned char)s[i]);
        if (ch != 'd' && ch != 'v') continue;
        size_t k;
        if (ieq_prefix(s + i, n - i, "display")) k = i + 7;
        else if (ieq_prefix(s + i, n - i, "visibility")) k = i + 10;
        else continue;
        while (k < n && s[k] == ' ') k++;
        if (k >= n || s[k] != ':') continue;
        k++;
        while (k < n && s[k] == ' ') k++;
        if (ieq_prefix(s + k, n - k, "none") || ieq_prefix(s + k, n - k, "hidden")) return true;
    }
    return false;
}

/* A class token of the CSS frameworks' "display: none" utilities (hidden,
 * d-none, is-hidden, hide, invisible), on an element no other token shows
 * again at some screen width ("hidden md:block", "d-none d-lg-flex",
 * "hide show-for-large"): hidden for every reader. */
static bool class_hidden(const char *s, size_t n)
{
    static const char *const hide[] = {"hidden", "d-none", "is-hidden", "hide", "invisible"};
    bool hidden = false;
    for (size_t i = 0; i < n;) {
        while (i < n && gl_is_ascii_ws((unsigned char)s[i])) i++;
        size_t j = i;
        while (j < n && !gl_is_ascii_ws((unsigned char)s[j])) j++;
        const char *t = s + i;
        size_t tl = j - i;
        if (tl) {
            bool is_hide = false;
            for (size_t k = 0; k < sizeof hide / sizeof hide[0] && !is_hide; k++)
                is_hide = gl_ascii_ieq(t, tl, hide[k]);
            if (is_hide) hidden = true;
            /* a breakpoint variant or a show-again utility */
            else if (memchr(t, ':', tl) || memchr(t, '@', tl) || (tl > 2 && t[0] == 'd' && t[1] == '-') ||
                     (tl > 5 && memcmp(t, "show-", 5) == 0) || (tl > 8 && memcmp(t, "visible-", 8) == 0))
                return false;
        }
        i = j;
    }
    return hidden;
}

/* React's streaming markup parks each finished part of the page in
 * <div hidden id="S:n"> and a script moves it into place: the article is
 * there, waiting, not hidden. */
static bool streamed_part(const gl_node *n)
{
    const char *id = gl_node_attr_value(n, "id");
    return id && id[0] == 'S' && id[1] == ':' && id[2];
}

/* Whether a class or id token names a disclosure widget's panel. */
static bool panel_word(const char *s, size_t n)
{
    static const char *const w[] = {"collaps", "expander", "tab-pane", "tabpanel",
                                    "tab-panel", "tab_panel", "tabs-panel"};
    for (size_t i = 0; i < n; i++) {
        int ch = gl_lower((unsigned char)s[i]);
        if (ch != 'c' && ch != 'e' && ch != 't') continue; /* no word starts here */
        for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
            if (w[k][0] == ch && ieq_prefix(s + i, n - i, w[k])) return true;
    }
    return false;
}

/* A disclosure widget's panel: a tab's panel (role="tabpanel"), an
 * accordion's section (role="region", or a box labelled by its header
 * through aria-labelledby; WAI-ARIA Authoring Practices, "Accordion" and
 * "Tabs"), or a box its class calls one. Collapsed, it is hidden until the
 * reader opens it: content, not a leftover. A modal dialog is not one. */
static bool disclosure_panel(const gl_node *n)
{
    bool panel = false;
    for (uint32_t i = 0; i < n->nattrs; i++) {
        const gl_attr *a = &n->attrs[i];
        if (a->ns != GALLEY_NS_NONE) continue;
        if (a->name_len == 4 && memcmp(a->name, "role", 4) == 0) {
            if (gl_ascii_ieq(a->value, a->value_len, "tabpanel") ||
                gl_ascii_ieq(a->value, a->value_len, "region"))
                panel = true;
            else if (gl_ascii_ieq(a->value, a->value_len, "dialog") ||
                     gl_ascii_ieq(a->value, a->value_len, "alertdialog") ||
                     gl_ascii_ieq(a->value, a->value_len, "menu"))
                return false;
        } else if (a->name_len == 10 && memcmp(a->name, "aria-modal", 10) == 0) {
            return false;
        } else if (a->name_len == 15 && memcmp(a->name, "aria-labelledby", 15) == 0) {
            if (a->value_len) panel = true;
        } else if ((a->name_len == 5 && memcmp(a->name, "class", 5) == 0) ||
                   (a->name_len == 2 && memcmp(a->name, "id", 2) == 0)) {
            if (panel_word(a->value, a->value_len)) panel = true;
        }
    }
    return panel;
}

/* The rule that drops element `n` whatever its text (the trace's id), or
 * NULL. */
static const char *hard_drop(const gl_xctx *c, const gl_node *n)
{
    if (n->ns != GALLEY_NS_HTML) {
        /* SVG and MathML carry no article prose; MathML text is kept. */
        return n->ns == GALLEY_NS_SVG ? "hard.svg" : NULL;
    }
    switch (n->tag) {
    case GL_TAG_SCRIPT: case GL_TAG_STYLE: case GL_TAG_TEMPLATE: case GL_TAG_HEAD:
    case GL_TAG_TITLE: case GL_TAG_META: case GL_TAG_LINK: case GL_TAG_BASE:
    case GL_TAG_NOFRAMES: case GL_TAG_NOEMBED:
        return "hard.non_text";
    case GL_TAG_BUTTON:
        /* an accordion's header: the button is the heading's text (WAI-ARIA
         * APG, "Accordion": a button inside an h1-h6) */
        if (n->parent && n->parent->ns == GALLEY_NS_HTML && n->parent->tag >= GL_TAG_H1 &&
            n->parent->tag <= GL_TAG_H6)
            break;
        return "hard.tag";
    case GL_TAG_SVG: case GL_TAG_CANVAS: case GL_TAG_IFRAME: case GL_TAG_INPUT:
    case GL_TAG_SELECT: case GL_TAG_TEXTAREA: case GL_TAG_OPTION:
    case GL_TAG_OPTGROUP: case GL_TAG_DATALIST: case GL_TAG_OBJECT: case GL_TAG_EMBED:
    case GL_TAG_FRAMESET: case GL_TAG_FRAME: case GL_TAG_DIALOG: case GL_TAG_APPLET: case GL_TAG_AUDIO:
    case GL_TAG_VIDEO: case GL_TAG_MAP: case GL_TAG_AREA: case GL_TAG_KEYGEN:
    case GL_TAG_OUTPUT: case GL_TAG_PROGRESS: case GL_TAG_METER: case GL_TAG_PARAM:
    case GL_TAG_TRACK: case GL_TAG_RP: case GL_TAG_RT: case GL_TAG_RTC: case GL_TAG_LABEL:
        return "hard.tag";
    default:
        break;
    }
    const char *hid = NULL;
    for (uint32_t i = 0; i < n->nattrs && !hid; i++) {
        const gl_attr *a = &n->attrs[i];
        if (a->ns != GALLEY_NS_NONE) continue;
        switch (a->name_len) {
        case 6:
            if (memcmp(a->name, "hidden", 6) == 0 && !c->reveal && !streamed_part(n))
                hid = "hard.hidden_attr";
            break;
        case 5:
            if (memcmp(a->name, "style", 5) == 0 && !c->reveal &&
                style_hidden(a->value, a->value_len))
                hid = "hard.style_hidden";
            if (memcmp(a->name, "class", 5) == 0 && !c->reveal &&
                class_hidden(a->value, a->value_len))
                hid = "hard.class_hidden";
            break;
        case 11:
            if (memcmp(a->name, "aria-hidden", 11) == 0 && !c->reveal &&
                gl_ascii_ieq(a->value, a->value_len, "true"))
                hid = "hard.aria_hidden";
            break;
        default:
            break;
        }
    }
    return hid && !disclosure_panel(n) ? hid : NULL;
}

/* ---- class/id/role/itemprop words: data/vocab/class_words.txt */

#define CW(tag) GL_VOCAB_CLASS_WORDS_##tag
#define NWORDS GL_VOCAB_CLASS_WORDS_N
static const gl_vocab_entry *const words = gl_vocab_class_words;
_Static_assert(NWORDS <= 256, "the buckets hold word indices in a byte");

static bool is_alnum(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
}

void gl_extract_words_init(gl_xctx *c)
{
    memset(c->wn, 0, sizeof c->wn);
    memset(c->big, 0, sizeof c->big);
    for (size_t k = 0; k < NWORDS; k++) {
        int b = words[k].s[0] - 'a';
        if (b >= 0 && b < 26 && c->wn[b] < sizeof c->wb[0]) c->wb[b][c->wn[b]++] = (uint8_t)k;
        int b2 = words[k].s[1] - 'a';
        if (b >= 0 && b < 26) c->big[b] |= b2 >= 0 && b2 < 26 ? 1u << b2 : 1u << 26;
    }
}

/* Matches the word list at every position of `s`; the first letter picks
 * a bucket of a few words, so the cost is about 4 comparisons a byte. */
static uint16_t scan_words(const gl_xctx *c, const char *s, size_t n)
{
    uint16_t ev = 0;
    for (size_t i = 0; i < n; i++) {
        int b = s[i] - 'a';
        if (b < 0 || b >= 26 || i + 1 >= n) continue;
        /* bigram filter: most positions start no word */
        int b2 = s[i + 1] - 'a';
        if (!(c->big[b] & (b2 >= 0 && b2 < 26 ? 1u << b2 : 1u << 26))) continue;
        for (unsigned j = 0; j < c->wn[b]; j++) {
            const gl_vocab_entry *w = &words[c->wb[b][j]];
            if (n - i < w->n || s[i + 1] != w->s[1] || memcmp(s + i, w->s, w->n) != 0)
                continue;
            unsigned t = w->tags;
            if ((t & CW(START)) && i > 0 && is_alnum(s[i - 1])) continue;
            if ((t & CW(END)) && i + w->n < n && is_alnum(s[i + w->n])) continue;
            /* "commentary" is an article genre, not a thread */
            if ((t & CW(COMMENT)) && !(n - i >= 10 && memcmp(s + i, "commentary", 10) == 0))
                ev |= GL_EV_COMMENT;
            if (t & CW(ABS)) ev |= GL_EV_ABS;
            if (t & CW(STRUCT)) ev |= GL_EV_STRUCT;
            if (t & CW(LINKY)) ev |= GL_EV_LINKY;
            if (t & CW(POS)) ev |= GL_EV_POS;
            if (t & CW(BODY)) ev |= GL_EV_BODY | GL_EV_POS;
            if (t & CW(HIDDEN)) ev |= GL_EV_HIDDEN;
            if (t & CW(LEAD)) ev |= GL_EV_LEAD;
            if (t & CW(OVERLAY)) ev |= GL_EV_ABS | GL_EV_OVERLAY;
            if (t & CW(REVIEW)) ev |= GL_EV_REVIEW;
        }
    }
    return ev;
}

/* A token that says what a box has not or hides ("no-ads", "no-sidebar",
 * "hide-read-more-ad", "without-comments") is no evidence of what it is:
 * its words are blanked out of the lower-cased value `s` before the scan;
 * "no-print" is the exception, the mark of what a printout leaves out. */
static void blank_negated(char *s, size_t n)
{
    static const struct {
        const char *p;
        size_t n;
    } neg[] = {{"no-", 3}, {"no_", 3}, {"hide-", 5}, {"hide_", 5}, {"without-", 8}, {"not-", 4}, {"has-no-", 7}};
    for (size_t i = 0; i < n;) {
        while (i < n && gl_is_ascii_ws((unsigned char)s[i])) i++;
        size_t j = i;
        while (j < n && !gl_is_ascii_ws((unsigned char)s[j])) j++;
        /* most tokens start with none of the prefixes' letters */
        char f = i < n ? s[i] : 0;
        for (size_t k = 0; (f == 'n' || f == 'h' || f == 'w') && k < sizeof neg / sizeof neg[0]; k++) {
            size_t m = neg[k].n;
            /* "no-print" says "not on paper": a share bar, a menu */
            if (j - i > m && neg[k].p[0] == f && memcmp(s + i, neg[k].p, m) == 0 &&
                !(j - i - m == 5 && memcmp(s + i + m, "print", 5) == 0)) {
                memset(s + i, ' ', j - i);
                break;
            }
        }
        i = j;
    }
}

/* Evidence of one attribute value. Class strings repeat across a page
 * (every card, every grid cell), so each distinct value is remembered by
 * its 64-bit hash. */
static uint16_t evidence_value(gl_xctx *c, const char *v, size_t n)
{
    char buf[256];
    if (n > sizeof buf) n = sizeof buf;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        buf[i] = (char)gl_lower((unsigned char)v[i]);
        h ^= (unsigned char)buf[i];
        h *= 1099511628211ull;
    }
    h |= 1; /* 0 marks an empty slot */
    size_t slot = (size_t)(h >> 40) & (GL_X_EVCACHE - 1);
    if (c->evkey[slot] == h) return c->evval[slot];
    blank_negated(buf, n);
    uint16_t ev = scan_words(c, buf, n);
    c->evkey[slot] = h;
    c->evval[slot] = ev;
    return ev;
}

/* Evidence from class, id, role and itemprop; and aria-modal="true": a
 * modal dialog (WAI-ARIA 1.2, aria-modal) -- a consent banner, a sign-up
 * or log-in pop-up -- is an overlay whatever its class says. */
static uint16_t evidence_of(gl_xctx *c, const gl_node *n)
{
    uint16_t ev = 0;
    for (uint32_t i = 0; i < n->nattrs; i++) {
        const gl_attr *a = &n->attrs[i];
        if (a->ns != GALLEY_NS_NONE || a->value_len == 0) continue;
        if (a->name_len == 10 && memcmp(a->name, "aria-modal", 10) == 0 &&
            gl_ascii_ieq(a->value, a->value_len, "true"))
            ev |= GL_EV_ABS | GL_EV_OVERLAY;
        bool want = (a->name_len == 5 && memcmp(a->name, "class", 5) == 0) ||
                    (a->name_len == 2 && memcmp(a->name, "id", 2) == 0) ||
                    (a->name_len == 4 && memcmp(a->name, "role", 4) == 0) ||
                    (a->name_len == 8 && memcmp(a->name, "itemprop", 8) == 0);
        if (want) ev |= evidence_value(c, a->value, a->value_len);
    }
    return ev;
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
    /* a text node's own punctuation was counted once, in pass 1 */
    unsigned p = xo->punct + gl_x(c, t)->punct;
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
            xn->ev = n->nattrs ? evidence_of(c, n) : 0;
            /* read.class_blind: what a box is for is left to its structure;
             * what is never the article stays known (assistive-only text, the
             * comment thread, consent banners and pop-ups) */
            if (c->blind_classes) xn->ev &= GL_EV_HIDDEN | GL_EV_COMMENT | GL_EV_OVERLAY;
            if (n->nattrs && !c->declared_forum) {
                /* microdata of a discussion thread: the replies are content */
                const char *it = gl_node_attr_value(n, "itemtype");
                if (it && (strstr(it, "DiscussionForumPosting") || strstr(it, "QAPage")))
                    c->declared_forum = true;
            }
            const char *hr = (xn->ev & GL_EV_HIDDEN) ? "hard.assistive_class" : hard_drop(c, n);
            if (hr) {
                xn->state = GL_X_HARD;
                skip = true;
                if (c->tr) gl_xtrace_mark(c, n, hr, false, GL_NOFIGS);
            } else {
                if (n == c->hint_headline && !c->headline) c->headline = n;
                if (!c->first_h1 && gl_is_html(n, GL_TAG_H1)) c->first_h1 = n;
                if (gl_extract_is_block_tag(n) &&
                    !gl_buf_append(stack, (const char *)&n, sizeof n))
                    skip = true;
                if (gl_is_html(n, GL_TAG_A)) in_link++;
            }
        } else if (n->type == GALLEY_NODE_TEXT) {
            xn->chars = (uint32_t)gl_extract_count_chars(n->data, n->data_len);
            if (xn->chars) {
                unsigned p = gl_extract_count_punct(n->data, n->data_len);
                xn->punct = (uint16_t)(p > 65535 ? 65535 : p);
            }
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
                xn->rtot += gl_extract_para_score(c->tune, n, xn);
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

/* The soft rules: each drops a box that looks like boilerplate unless it
 * is too big or too much prose to be one (thresholds: tuning.h, soft_*). */
#define SOFT_NOSCRIPT_PROBE_NODES 64 /* nodes looked at for a <noscript>'s first text */
typedef struct soft_rule {
    const char *id;
    const char *fig[2]; /* the thresholds it compares with, by name */
    size_t off[2];      /* ... and where they sit in gl_xtune (a double) */
} soft_rule;

enum {
    SR_COMMENTS, SR_REVIEWS, SR_NOSCRIPT, SR_NOSCRIPT_MARKUP, SR_OVERLAY, SR_NAV, SR_ASIDE, SR_HEADER, SR_FORM, SR_ABS, SR_ABS_POS,
    SR_STRUCT, SR_STRUCT_POS, SR_LINKY
};
/* The figures of a threshold in the trace: its name and its field. */
#define TH2(a, fa, b, fb) {a, b}, {offsetof(gl_xtune, fa), offsetof(gl_xtune, fb)}
static const soft_rule soft_rules[] = {
    [SR_COMMENTS] = {"soft.comments", {NULL, NULL}, {0, 0}},
    [SR_REVIEWS] = {"soft.reviews", {NULL, NULL}, {0, 0}},
    [SR_NOSCRIPT] = {"soft.noscript", {"min_chars", NULL},
                     {offsetof(gl_xtune, soft_noscript_min_chars), 0}},
    [SR_NOSCRIPT_MARKUP] = {"soft.noscript_markup", {NULL, NULL}, {0, 0}},
    [SR_OVERLAY] = {"soft.overlay", {NULL, NULL}, {0, 0}},
    [SR_NAV] = {"soft.nav", {NULL, NULL}, {0, 0}},
    [SR_ASIDE] = {"soft.aside_footer", {NULL, NULL}, {0, 0}},
    [SR_HEADER] = {"soft.header", {NULL, NULL}, {0, 0}},
    [SR_FORM] = {"soft.form",
                 TH2("small_chars", soft_small_chars, "max_link_density", soft_linky_density)},
    [SR_ABS] = {"soft.class_boilerplate",
                TH2("prose_mass_keeps", soft_abs_prose_mass, "prose_max_link_density",
                    soft_abs_prose_density)},
    [SR_ABS_POS] = {"soft.class_boilerplate_content",
                    TH2("min_chars", soft_abs_pos_chars, "max_link_density", soft_linky_density)},
    [SR_STRUCT] = {"soft.class_structure",
                   TH2("small_chars", soft_small_chars, "max_link_density", soft_linky_density)},
    [SR_STRUCT_POS] = {"soft.class_structure_content", {"max_link_density", NULL},
                       {offsetof(gl_xtune, soft_pos_linky_density), 0}},
    [SR_LINKY] = {"soft.class_layout_links",
                  TH2("max_link_density", soft_linky_density, "content_max_link_density",
                      soft_pos_linky_density)},
};

/* Whether a <noscript>'s text is escaped markup ("&lt;img src=..."): its
 * first words of text open a tag. A crawler view served in <noscript> is
 * parsed into elements, so its text never starts so; escaped markup is a
 * tracking pixel, an ad tag or a "JavaScript is disabled" box that a
 * browser would show as raw source. Looks at a bounded number of nodes. */
static bool noscript_is_markup(const gl_node *ns)
{
    const gl_node *n = ns->first_child;
    for (int seen = 0; n && seen < SOFT_NOSCRIPT_PROBE_NODES; seen++) {
        if (n->type == GALLEY_NODE_TEXT) {
            const char *s = n->data, *e = n->data + n->data_len;
            while (s < e && gl_is_ascii_ws((unsigned char)*s)) s++;
            if (s < e) {
                if (*s != '<' || e - s < 3) return false;
                unsigned char c = (unsigned char)s[1];
                return c == '/' || c == '!' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
            }
        }
        if (n->first_child) {
            n = n->first_child;
            continue;
        }
        while (n != ns && !n->next) n = n->parent;
        n = n == ns ? NULL : n->next;
    }
    return false;
}

/* Decides whether element `n` is boilerplate; `*rule` gets the rule that
 * marked it. */
static uint8_t soft_state(gl_xctx *c, gl_node *n, gl_xnode *xn, const soft_rule **rule)
{
#define SOFT(r) return (*rule = &soft_rules[r], GL_X_SOFT)
    if (n->ns != GALLEY_NS_HTML) return GL_X_KEEP;
    if (n->tag == GL_TAG_HTML || n->tag == GL_TAG_BODY) return GL_X_KEEP;
    const gl_xtune *t = c->tune;
    double ld = density(xn->lchars, xn->chars);
    uint32_t ch = xn->chars;
    /* holds most of the page's prose, or most of its text without being a
     * link farm: too big to be a widget, whatever its class says */
    bool big = (c->page_tot > 0 && xn->rtot >= c->page_tot * t->big_mass_share) ||
               (ch > 0 && (uint64_t)ch * 100 >= (uint64_t)c->page_chars * t->big_text_pct &&
                ld < t->big_text_max_density);
    bool has_head = xn->flags & GL_XF_HEAD_ANC;
    const uint16_t e = xn->ev;
    const struct {
        bool abs, strct, linky, pos, comment, body;
    } ev = {e & GL_EV_ABS, e & GL_EV_STRUCT, e & GL_EV_LINKY, e & GL_EV_POS, e & GL_EV_COMMENT,
            e & GL_EV_BODY};

    /* on a forum page the replies are the content */
    if (ev.comment && !has_head && !ev.body && !c->declared_forum) {
        *rule = &soft_rules[SR_COMMENTS];
        return GL_X_COMMENTS;
    }
    /* on a product page the customers' reviews are its comment thread; not
     * a box holding the headline or most of the page (a review article) */
    if ((e & GL_EV_REVIEW) && (c->strategy == GL_STRAT_PRODUCT || c->declared_product) &&
        !has_head && !ev.body && !big) {
        *rule = &soft_rules[SR_REVIEWS];
        return GL_X_COMMENTS;
    }

    /* a consent banner or a pop-up is never the content, even when its
     * prose outweighs the page's (listings, shops): no size protects it,
     * only the headline inside or a body class word on the box itself */
    if ((e & GL_EV_OVERLAY) && !has_head && !ev.body) SOFT(SR_OVERLAY);

    switch (n->tag) {
    case GL_TAG_NOSCRIPT:
        /* parsed as markup (scripting off): some sites serve their whole
         * crawler view in it; small ones are pixels and "enable JavaScript" */
        if (noscript_is_markup(n)) SOFT(SR_NOSCRIPT_MARKUP);
        if (ch >= t->soft_noscript_min_chars) return GL_X_KEEP;
        SOFT(SR_NOSCRIPT);
    case GL_TAG_NAV: case GL_TAG_MENU:
        if (big) return GL_X_KEEP;
        SOFT(SR_NAV);
    case GL_TAG_ASIDE: case GL_TAG_FOOTER:
        if (big || has_head) return GL_X_KEEP;
        SOFT(SR_ASIDE);
    case GL_TAG_HEADER:
        if (!big && !has_head && !inside_article(n)) SOFT(SR_HEADER);
        break;
    case GL_TAG_FORM:
        if (!big && (ch < t->soft_small_chars || ld > t->soft_linky_density)) SOFT(SR_FORM);
        break;
    default:
        break;
    }
    if (ev.body || big || has_head) return GL_X_KEEP;
    if (ev.abs) {
        /* several paragraphs of link-free prose are no ad, whatever the
         * class says */
        if (xn->rtot >= t->soft_abs_prose_mass && ld < t->soft_abs_prose_density) return GL_X_KEEP;
        if (!ev.pos) SOFT(SR_ABS);
        if (ch < t->soft_abs_pos_chars || ld > t->soft_linky_density) SOFT(SR_ABS_POS);
    }
    /* "teaser-text" over an article is its lead; teaser cards have links */
    if (ev.strct && !((e & GL_EV_LEAD) && xn->lchars == 0 && ch >= t->soft_lead_min_chars)) {
        if (!ev.pos && (ch < t->soft_small_chars || ld > t->soft_linky_density)) SOFT(SR_STRUCT);
        if (ev.pos && ld > t->soft_pos_linky_density) SOFT(SR_STRUCT_POS);
    }
    /* words that name a layout box more often than boilerplate: only links
     * give them away */
    if (ev.linky && ld > (ev.pos ? t->soft_pos_linky_density : t->soft_linky_density)) SOFT(SR_LINKY);
    return GL_X_KEEP;
#undef SOFT
}

/* The trace's note for a box a soft rule marked: what it measured, and
 * the thresholds the rule compared with. */
static void soft_note(gl_xctx *c, const gl_node *n, const gl_xnode *xn, const soft_rule *r)
{
    gl_trace_fig f[8] = {
        {"chars", xn->chars},
        {"link_density", density(xn->lchars, xn->chars)},
        {"prose_mass", xn->rtot},
        {"page_prose_mass", c->page_tot},
        {"page_chars", c->page_chars},
    };
    size_t k = 5;
    for (int i = 0; i < 2; i++)
        if (r->fig[i]) {
            double v;
            memcpy(&v, (const char *)c->tune + r->off[i], sizeof v);
            f[k++] = (gl_trace_fig){r->fig[i], v};
        }
    gl_xtrace_mark(c, n, r->id, false, f, k);
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
                const soft_rule *sr = NULL;
                xn->state = soft_state(c, n, xn, &sr);
                if (xn->state == GL_X_COMMENTS) c->comment_tot += xn->rtot;
                if (c->tr && sr) soft_note(c, n, xn, sr);
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
                const gl_xtune *t = c->tune;
                if (xn->own >= t->para_count_min_chars &&
                    (uint64_t)xn->own_l * 100 < (uint64_t)xn->own * t->para_max_link_pct &&
                    xn->paras < 65535)
                    xn->paras++;
                xn->tot += gl_extract_para_score(c->tune, n, xn);
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
    gl_extract_words_init(c);
    pass_hard(c, root);
    if (c->timed_out) return GALLEY_ERR_TIMEOUT;
    c->page_chars = gl_x(c, root)->chars;
    c->page_tot = gl_x(c, root)->rtot;
    for (gl_node *p = c->headline; p; p = p->parent) gl_x(c, p)->flags |= GL_XF_HEAD_ANC;
    pass_soft(c, root);
    if (c->timed_out) return GALLEY_ERR_TIMEOUT;
    if (c->tmp.failed) return GALLEY_ERR_NOMEM;
    return GALLEY_OK;
}
