/*
 * treebuilder.c -- HTML Standard 13.2.6 "Tree construction": the insertion
 * modes, the stack of open elements, the list of active formatting
 * elements, the adoption agency algorithm, foster parenting, templates and
 * foreign content. Section numbers in comments follow the standard.
 *
 * Linear time on hostile input: every "in scope" check and end-tag search is
 * O(1) from per-entry stack indexes (nearest special / HTML / boundary
 * element below each entry, topmost entry per element name); the adoption
 * agency re-derives only the stack range it changes; the formatting list is
 * searched only when its per-tag count says the target is there; the
 * Noah's Ark scan is bounded; text nodes grow by doubling; a tripped node
 * cap stops parsing. tests/unit/test_parser.c holds the cases.
 *
 * The current standard's select parsing is followed (select content is
 * parsed "in body"; option/optgroup/hr rules; selectedcontent copies).
 */
#include <stdlib.h>

#include "treebuilder.h"

typedef struct tb_tok {
    galley_token_type type;
    uint16_t tag;
    const char *name;
    size_t name_len;
    const galley_token_attr *attrs;
    size_t nattrs;
    bool self_closing;
    const galley_token *raw; /* DOCTYPE and COMMENT data */
} tb_tok;

enum { DONE = 0, REPROCESS = 1 };

/* ------------------------------------------------------------------------
 * Tag sets (13.2.4.3 "special" category, scopes, implied end tags)
 * ---------------------------------------------------------------------- */
enum {
    F_SPECIAL = 1u << 0,
    F_SCOPE = 1u << 1,      /* boundary of "in scope" (HTML part) */
    F_IMPLIED = 1u << 2,    /* generate implied end tags */
    F_THOROUGH = 1u << 3,   /* ... thoroughly */
    F_FORMAT = 1u << 4,     /* end tag runs the adoption agency */
    F_CLOSE_P = 1u << 5,    /* start tag closes a p in button scope, then inserts */
    F_END_BLOCK = 1u << 6,  /* end tag: generate implied, pop until same */
    F_HEAD_VOID = 1u << 7,  /* base basefont bgsound link meta */
    F_BREAKOUT = 1u << 8,   /* start tag leaves foreign content */
    F_TABLEISH = 1u << 9,   /* table tbody tfoot thead tr: foster targets */
    F_HEADING = 1u << 10,
};

#define T(x) GL_TAG_##x
static const uint16_t tag_flags[GL_TAG_COUNT_] = {
    [T(ADDRESS)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(APPLET)] = F_SPECIAL | F_SCOPE,
    [T(AREA)] = F_SPECIAL,
    [T(ARTICLE)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(ASIDE)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(A)] = F_FORMAT,
    [T(B)] = F_FORMAT | F_BREAKOUT,
    [T(BASE)] = F_SPECIAL | F_HEAD_VOID,
    [T(BASEFONT)] = F_SPECIAL | F_HEAD_VOID,
    [T(BGSOUND)] = F_SPECIAL | F_HEAD_VOID,
    [T(BIG)] = F_FORMAT | F_BREAKOUT,
    [T(BLOCKQUOTE)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK | F_BREAKOUT,
    [T(BODY)] = F_SPECIAL | F_BREAKOUT,
    [T(BR)] = F_SPECIAL | F_BREAKOUT,
    [T(BUTTON)] = F_SPECIAL | F_END_BLOCK,
    [T(CAPTION)] = F_SPECIAL | F_SCOPE | F_THOROUGH,
    [T(CENTER)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK | F_BREAKOUT,
    [T(CODE)] = F_FORMAT | F_BREAKOUT,
    [T(COL)] = F_SPECIAL,
    [T(COLGROUP)] = F_SPECIAL | F_THOROUGH,
    [T(DD)] = F_SPECIAL | F_IMPLIED | F_THOROUGH | F_BREAKOUT,
    [T(DETAILS)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(DIALOG)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(DIR)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(DIV)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK | F_BREAKOUT,
    [T(DL)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK | F_BREAKOUT,
    [T(DT)] = F_SPECIAL | F_IMPLIED | F_THOROUGH | F_BREAKOUT,
    [T(EM)] = F_FORMAT | F_BREAKOUT,
    [T(EMBED)] = F_SPECIAL | F_BREAKOUT,
    [T(FIELDSET)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(FIGCAPTION)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(FIGURE)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(FONT)] = F_FORMAT,
    [T(FOOTER)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(FORM)] = F_SPECIAL,
    [T(FRAME)] = F_SPECIAL,
    [T(FRAMESET)] = F_SPECIAL,
    [T(H1)] = F_SPECIAL | F_HEADING | F_BREAKOUT,
    [T(H2)] = F_SPECIAL | F_HEADING | F_BREAKOUT,
    [T(H3)] = F_SPECIAL | F_HEADING | F_BREAKOUT,
    [T(H4)] = F_SPECIAL | F_HEADING | F_BREAKOUT,
    [T(H5)] = F_SPECIAL | F_HEADING | F_BREAKOUT,
    [T(H6)] = F_SPECIAL | F_HEADING | F_BREAKOUT,
    [T(HEAD)] = F_SPECIAL | F_BREAKOUT,
    [T(HEADER)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(HGROUP)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(HR)] = F_SPECIAL | F_BREAKOUT,
    [T(HTML)] = F_SPECIAL | F_SCOPE,
    [T(I)] = F_FORMAT | F_BREAKOUT,
    [T(IFRAME)] = F_SPECIAL,
    [T(IMG)] = F_SPECIAL | F_BREAKOUT,
    [T(INPUT)] = F_SPECIAL,
    [T(KEYGEN)] = F_SPECIAL,
    [T(LI)] = F_SPECIAL | F_IMPLIED | F_THOROUGH | F_BREAKOUT,
    [T(LINK)] = F_SPECIAL | F_HEAD_VOID,
    [T(LISTING)] = F_SPECIAL | F_END_BLOCK | F_BREAKOUT,
    [T(MAIN)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(MARQUEE)] = F_SPECIAL | F_SCOPE,
    [T(MENU)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK | F_BREAKOUT,
    [T(META)] = F_SPECIAL | F_HEAD_VOID | F_BREAKOUT,
    [T(NAV)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(NOBR)] = F_FORMAT | F_BREAKOUT,
    [T(NOEMBED)] = F_SPECIAL,
    [T(NOFRAMES)] = F_SPECIAL,
    [T(NOSCRIPT)] = F_SPECIAL,
    [T(OBJECT)] = F_SPECIAL | F_SCOPE,
    [T(OL)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK | F_BREAKOUT,
    [T(OPTGROUP)] = F_IMPLIED | F_THOROUGH,
    [T(OPTION)] = F_IMPLIED | F_THOROUGH,
    [T(P)] = F_SPECIAL | F_CLOSE_P | F_IMPLIED | F_THOROUGH | F_BREAKOUT,
    [T(PARAM)] = F_SPECIAL,
    [T(PLAINTEXT)] = F_SPECIAL,
    [T(PRE)] = F_SPECIAL | F_END_BLOCK | F_BREAKOUT,
    [T(RB)] = F_IMPLIED | F_THOROUGH,
    [T(RP)] = F_IMPLIED | F_THOROUGH,
    [T(RT)] = F_IMPLIED | F_THOROUGH,
    [T(RTC)] = F_IMPLIED | F_THOROUGH,
    [T(RUBY)] = F_BREAKOUT,
    [T(S)] = F_FORMAT | F_BREAKOUT,
    [T(SCRIPT)] = F_SPECIAL,
    [T(SEARCH)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(SECTION)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(SELECT)] = F_END_BLOCK,
    [T(SMALL)] = F_FORMAT | F_BREAKOUT,
    [T(SOURCE)] = F_SPECIAL,
    [T(SPAN)] = F_BREAKOUT,
    [T(STRIKE)] = F_FORMAT | F_BREAKOUT,
    [T(STRONG)] = F_FORMAT | F_BREAKOUT,
    [T(STYLE)] = F_SPECIAL,
    [T(SUB)] = F_BREAKOUT,
    [T(SUMMARY)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK,
    [T(SUP)] = F_BREAKOUT,
    [T(TABLE)] = F_SPECIAL | F_SCOPE | F_TABLEISH | F_BREAKOUT,
    [T(TBODY)] = F_SPECIAL | F_THOROUGH | F_TABLEISH,
    [T(TD)] = F_SPECIAL | F_SCOPE | F_THOROUGH,
    [T(TEMPLATE)] = F_SPECIAL | F_SCOPE,
    [T(TEXTAREA)] = F_SPECIAL,
    [T(TFOOT)] = F_SPECIAL | F_THOROUGH | F_TABLEISH,
    [T(TH)] = F_SPECIAL | F_SCOPE | F_THOROUGH,
    [T(THEAD)] = F_SPECIAL | F_THOROUGH | F_TABLEISH,
    [T(TITLE)] = F_SPECIAL,
    [T(TR)] = F_SPECIAL | F_THOROUGH | F_TABLEISH,
    [T(TRACK)] = F_SPECIAL,
    [T(TT)] = F_FORMAT | F_BREAKOUT,
    [T(U)] = F_FORMAT | F_BREAKOUT,
    [T(UL)] = F_SPECIAL | F_CLOSE_P | F_END_BLOCK | F_BREAKOUT,
    [T(VAR)] = F_BREAKOUT,
    [T(WBR)] = F_SPECIAL,
    [T(XMP)] = F_SPECIAL,
};

static inline bool html_is(const gl_node *n, uint16_t tag)
{
    return n->ns == GALLEY_NS_HTML && n->tag == tag;
}
static inline bool html_has(const gl_node *n, unsigned flag)
{
    return n->ns == GALLEY_NS_HTML && (tag_flags[n->tag] & flag);
}
static inline bool is_mathml_text_ip(const gl_node *n)
{
    return n->ns == GALLEY_NS_MATHML &&
           (n->tag == T(MI) || n->tag == T(MO) || n->tag == T(MN) || n->tag == T(MS) ||
            n->tag == T(MTEXT));
}
static inline bool is_html_ip(const gl_node *n)
{
    if (n->ns == GALLEY_NS_SVG)
        return n->tag == T(FOREIGNOBJECT) || n->tag == T(DESC) || n->tag == T(TITLE);
    return n->ns == GALLEY_NS_MATHML && n->tag == T(ANNOTATION_XML) &&
           (n->flags & GL_NF_HTML_INTEGRATION);
}
/* The foreign members of the "special" category and of every scope. */
static inline bool foreign_special(const gl_node *n)
{
    if (n->ns == GALLEY_NS_MATHML) return is_mathml_text_ip(n) || n->tag == T(ANNOTATION_XML);
    if (n->ns == GALLEY_NS_SVG)
        return n->tag == T(FOREIGNOBJECT) || n->tag == T(DESC) || n->tag == T(TITLE);
    return false;
}
static inline bool is_special(const gl_node *n)
{
    return n->ns == GALLEY_NS_HTML ? (tag_flags[n->tag] & F_SPECIAL) != 0 : foreign_special(n);
}
static inline bool ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
static size_t ws_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && ws(s[i])) i++;
    return i;
}
static size_t nonws_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !ws(s[i])) i++;
    return i;
}
static bool all_ws(const char *s, size_t n)
{
    return ws_prefix(s, n) == n;
}

static inline void perr(gl_parser *p)
{
    p->errors++;
}

/* ------------------------------------------------------------------------
 * Stack of open elements (13.2.4.3)
 *
 * Beside each entry the builder keeps where the nearest special element,
 * HTML element, scope boundary and "reset the insertion mode" element sit
 * at or below it, and, per element name (its key), the topmost entry with
 * that name plus a link to the previous one. Every "in scope" question and
 * every end-tag search then answers in O(1) instead of walking a stack that
 * hostile input can make 100,000 deep. Removing or inserting in the middle
 * (adoption agency, head removal) re-derives the entries above, which costs
 * what the memmove costs.
 * ---------------------------------------------------------------------- */
enum { SC_DEFAULT, SC_LIST, SC_BUTTON, SC_TABLE, SC_COUNT };

struct tb_entry {
    int32_t prev_same, next_same; /* same-key chain, -1 at the ends */
    int32_t below_special, below_html, below_reset, below_listop;
    int32_t below_scope[SC_COUNT];
    uint32_t key;
};

static inline gl_node *current(const gl_parser *p)
{
    return p->nstack ? p->stack[p->nstack - 1] : NULL;
}
static inline gl_node *adjusted_current(const gl_parser *p)
{
    if (p->fragment && p->nstack == 1) return p->context;
    return current(p);
}
static inline int32_t top_index(const gl_parser *p)
{
    return (int32_t)p->nstack - 1;
}

static void oom(gl_parser *p)
{
    p->fail = GALLEY_ERR_NOMEM;
    p->stop = true;
}

/* ---- names without an interned id get keys from a small hash map.
 * Foreign names are matched ASCII case-insensitively (the end-tag rule of
 * 13.2.6.5 lower-cases the element's name), HTML ones exactly. */
static uint32_t name_hash(const char *s, size_t n, bool foreign)
{
    uint32_t h = foreign ? 0x9e3779b9u : 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (uint32_t)gl_lower((unsigned char)s[i])) * 16777619u;
    return h;
}

static bool name_eq(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn) return false;
    for (size_t i = 0; i < an; i++)
        if (gl_lower((unsigned char)a[i]) != gl_lower((unsigned char)b[i])) return false;
    return true;
}

static bool grow_top(gl_parser *p, size_t need)
{
    if (need <= p->ntop) return true;
    size_t cap = p->ntop ? p->ntop : 256;
    while (cap < need) cap *= 2;
    int32_t *t = realloc(p->top, cap * sizeof *t);
    if (!t) return false;
    p->top = t;
    struct tb_keytmp *k = realloc(p->keytmp, cap * sizeof *k);
    if (!k) return false;
    p->keytmp = k;
    for (size_t i = p->ntop; i < cap; i++) {
        t[i] = -1;
        k[i].stamp = 0;
    }
    p->ntop = cap;
    return true;
}

/* Key of a name: its tag id for interned HTML names, else a map id past
 * GL_TAG_COUNT_. With `add` false, an unknown name gives UINT32_MAX. */
static uint32_t name_key(gl_parser *p, const char *s, size_t n, bool foreign, bool add)
{
    if (!p->capkeys && !add) return UINT32_MAX;
    if (add && p->nkeys * 2 >= p->capkeys) {
        size_t cap = p->capkeys ? p->capkeys * 2 : 64;
        struct tb_key *k = calloc(cap, sizeof *k);
        if (!k) {
            oom(p);
            return UINT32_MAX;
        }
        for (size_t i = 0; i < p->capkeys; i++) {
            struct tb_key *e = &p->keys[i];
            if (!e->name) continue;
            size_t j = e->hash & (cap - 1);
            while (k[j].name) j = (j + 1) & (cap - 1);
            k[j] = *e;
        }
        free(p->keys);
        p->keys = k;
        p->capkeys = cap;
    }
    uint32_t h = name_hash(s, n, foreign);
    size_t j = h & (p->capkeys - 1);
    for (; p->keys[j].name; j = (j + 1) & (p->capkeys - 1)) {
        struct tb_key *e = &p->keys[j];
        if (e->hash == h && e->foreign == foreign &&
            (foreign ? name_eq(e->name, e->len, s, n)
                     : (e->len == n && memcmp(e->name, s, n) == 0)))
            return e->id;
    }
    if (!add) return UINT32_MAX;
    uint32_t id = (uint32_t)(GL_TAG_COUNT_ + p->nkeys);
    if (!grow_top(p, (size_t)id + 1)) {
        oom(p);
        return UINT32_MAX;
    }
    p->keys[j] = (struct tb_key){s, (uint32_t)n, h, id, foreign};
    p->nkeys++;
    return id;
}

static uint32_t node_key(gl_parser *p, const gl_node *n)
{
    if (n->ns == GALLEY_NS_HTML && n->tag) return n->tag;
    return name_key(p, n->name, n->name_len, n->ns != GALLEY_NS_HTML, true);
}

static bool scope_boundary(const gl_node *n, int scope);
static bool reset_relevant(const gl_node *n);

static void meta_derive(gl_parser *p, size_t i);

/* Links entry i into its key's chain and derives its fields. */
static void meta_push(gl_parser *p, size_t i)
{
    gl_node *n = p->stack[i];
    struct tb_entry *e = &p->meta[i];
    int32_t ii = (int32_t)i;
    uint32_t k = node_key(p, n);
    if (k == UINT32_MAX) k = 0; /* OOM already recorded; key 0 never matches */
    e->key = k;
    e->prev_same = p->top[k];
    e->next_same = -1;
    if (e->prev_same >= 0) p->meta[e->prev_same].next_same = ii;
    p->top[k] = ii;
    meta_derive(p, i);
    n->flags |= GL_NF_OPEN;
}

/* The "nearest ... at or below" fields of entry i, from entry i-1. */
static void meta_derive(gl_parser *p, size_t i)
{
    gl_node *n = p->stack[i];
    struct tb_entry *e = &p->meta[i];
    const struct tb_entry *b = i ? &p->meta[i - 1] : NULL;
    int32_t ii = (int32_t)i;
    bool special = is_special(n);
    e->below_special = special ? ii : b ? b->below_special : -1;
    e->below_listop = special && !html_is(n, T(ADDRESS)) && !html_is(n, T(DIV)) &&
                              !html_is(n, T(P))
                          ? ii
                      : b ? b->below_listop
                          : -1;
    e->below_html = n->ns == GALLEY_NS_HTML ? ii : b ? b->below_html : -1;
    e->below_reset = reset_relevant(n) ? ii : b ? b->below_reset : -1;
    for (int s = 0; s < SC_COUNT; s++)
        e->below_scope[s] = scope_boundary(n, s) ? ii : b ? b->below_scope[s] : -1;
}
static void meta_unlink(gl_parser *p, size_t i)
{
    int32_t prev = p->meta[i].prev_same;
    p->top[p->meta[i].key] = prev;
    if (prev >= 0) p->meta[prev].next_same = -1;
}
static void meta_pop(gl_parser *p, size_t i)
{
    meta_unlink(p, i);
    p->stack[i]->flags &= (uint16_t)~GL_NF_OPEN;
}

static bool stack_reserve(gl_parser *p)
{
    if (p->nstack < p->capstack) return true;
    size_t cap = p->capstack ? p->capstack * 2 : 256;
    gl_node **s = realloc(p->stack, cap * sizeof *s);
    if (!s) return false;
    p->stack = s;
    struct tb_entry *m = realloc(p->meta, cap * sizeof *m);
    if (!m) return false;
    p->meta = m;
    p->capstack = cap;
    return true;
}

static void push(gl_parser *p, gl_node *n)
{
    if (!n) return;
    if (!stack_reserve(p)) {
        oom(p);
        return;
    }
    p->stack[p->nstack] = n;
    meta_push(p, p->nstack);
    p->nstack++;
}
static void option_closed(gl_parser *p, gl_node *option);

static gl_node *pop(gl_parser *p)
{
    if (!p->nstack) return NULL;
    p->nstack--;
    meta_pop(p, p->nstack);
    gl_node *n = p->stack[p->nstack];
    if (gl_unlikely(p->sc_node != NULL) && n->ns == GALLEY_NS_HTML && n->tag == T(OPTION))
        option_closed(p, n);
    return n;
}
static long stack_index(const gl_parser *p, const gl_node *n)
{
    if (!(n->flags & GL_NF_OPEN)) return -1;
    if (n->ns == GALLEY_NS_HTML && n->tag) {
        /* along the same-name chain: only same-named elements are passed */
        for (int32_t i = p->top[n->tag]; i >= 0; i = p->meta[i].prev_same)
            if (p->stack[i] == n) return i;
        return -1;
    }
    for (size_t i = p->nstack; i-- > 0;)
        if (p->stack[i] == n) return (long)i;
    return -1;
}
static void stack_remove_at(gl_parser *p, size_t i)
{
    for (size_t j = p->nstack; j-- > i;) meta_pop(p, j);
    memmove(p->stack + i, p->stack + i + 1, (p->nstack - i - 1) * sizeof *p->stack);
    p->nstack--;
    for (size_t j = i; j < p->nstack; j++) meta_push(p, j);
}
static void stack_remove(gl_parser *p, gl_node *n)
{
    long i = stack_index(p, n);
    if (i >= 0) stack_remove_at(p, (size_t)i);
}
/* Replaces entry i by a node with the same name (adoption agency). */
static void stack_replace_at(gl_parser *p, size_t i, gl_node *n)
{
    p->stack[i]->flags &= (uint16_t)~GL_NF_OPEN;
    p->stack[i] = n;
    n->flags |= GL_NF_OPEN;
}

/* Re-derives the fields of the entries above `from` until one comes out
 * unchanged: those above it derive from it alone. */
static void meta_settle(gl_parser *p, size_t from)
{
    for (size_t k = from; k < p->nstack; k++) {
        struct tb_entry old = p->meta[k];
        meta_derive(p, k);
        if (memcmp(&old, &p->meta[k], sizeof old) == 0) break;
    }
}

/* The adoption agency's last step when nothing between the formatting
 * element (index a) and the furthest block (index b) was removed: the
 * formatting element leaves, `ne` (same name) enters just above the
 * furthest block. Entries above b keep their indices, so only [a, b] is
 * re-derived, plus the few entries above that pointed into it: the cost
 * is that of the range, not of the whole stack. */
static void stack_rotate(gl_parser *p, size_t a, size_t b, gl_node *ne)
{
    uint32_t stamp = ++p->keystamp;
    if (!stamp) { /* wrapped: clear the stamps once */
        for (size_t i = 0; i < p->ntop; i++) p->keytmp[i].stamp = 0;
        stamp = p->keystamp = 1;
    }
    /* remember, per key in the range, the chain neighbours outside it */
    for (size_t i = a; i <= b; i++) {
        struct tb_entry *e = &p->meta[i];
        struct tb_keytmp *kt = &p->keytmp[e->key];
        if (kt->stamp != stamp) {
            kt->stamp = stamp;
            kt->below = e->prev_same;
        }
        kt->above = e->next_same;
    }
    p->stack[a]->flags &= (uint16_t)~GL_NF_OPEN;
    uint32_t fe_key = p->meta[a].key;
    for (size_t i = a; i < b; i++) {
        p->stack[i] = p->stack[i + 1];
        p->meta[i].key = p->meta[i + 1].key;
    }
    p->stack[b] = ne;
    p->meta[b].key = fe_key;
    ne->flags |= GL_NF_OPEN;
    /* relink each key's chain through the range, in index order */
    uint32_t stamp2 = ++p->keystamp;
    for (size_t i = a; i <= b; i++) {
        struct tb_entry *e = &p->meta[i];
        struct tb_keytmp *kt = &p->keytmp[e->key];
        int32_t prev = kt->stamp == stamp2 ? kt->last : kt->below;
        kt->stamp = stamp2;
        kt->last = (int32_t)i;
        e->prev_same = prev;
        e->next_same = -1;
        if (prev >= 0) p->meta[prev].next_same = (int32_t)i;
    }
    for (size_t i = a; i <= b; i++) {
        struct tb_entry *e = &p->meta[i];
        struct tb_keytmp *kt = &p->keytmp[e->key];
        if (kt->last != (int32_t)i) continue;
        e->next_same = kt->above;
        if (kt->above >= 0) p->meta[kt->above].prev_same = (int32_t)i;
        else p->top[e->key] = (int32_t)i;
    }
    for (size_t i = a; i <= b; i++) meta_derive(p, i);
    meta_settle(p, b + 1);
}

/* The adoption agency's last step when its inner loop dropped elements
 * (their OPEN flag already cleared): compacts the stack from index a,
 * drops the formatting element there and puts `ne` above `fb`. */
static void stack_compact(gl_parser *p, size_t a, gl_node *fb, gl_node *ne)
{
    for (size_t j = p->nstack; j-- > a;) meta_unlink(p, j);
    p->stack[a]->flags &= (uint16_t)~GL_NF_OPEN;
    size_t w = a, n = p->nstack;
    gl_node *carry = NULL;
    for (size_t i = a; i < n; i++) {
        gl_node *x = p->stack[i];
        if (!(x->flags & GL_NF_OPEN)) continue;
        p->stack[w++] = x;
        if (x == fb) {
            /* ne goes right after fb: shift by holding one node back */
            carry = ne;
            gl_node *hold = NULL;
            for (size_t j = i + 1; j < n; j++) {
                gl_node *y = p->stack[j];
                if (!(y->flags & GL_NF_OPEN)) continue;
                hold = y;
                p->stack[w++] = carry;
                carry = hold;
            }
            p->stack[w++] = carry;
            break;
        }
    }
    p->nstack = w;
    for (size_t i = a; i < p->nstack; i++) meta_push(p, i);
}

/* Topmost open HTML element with interned `tag`, or -1. */
static inline int32_t top_of_tag(const gl_parser *p, uint16_t tag)
{
    return p->top[tag];
}
static inline bool open_tag(const gl_parser *p, uint16_t tag)
{
    return p->top[tag] >= 0;
}

static bool scope_boundary(const gl_node *n, int scope)
{
    if (n->ns == GALLEY_NS_HTML) {
        if (scope == SC_TABLE)
            return n->tag == T(HTML) || n->tag == T(TABLE) || n->tag == T(TEMPLATE);
        if (tag_flags[n->tag] & F_SCOPE) return true;
        if (scope == SC_LIST) return n->tag == T(OL) || n->tag == T(UL);
        if (scope == SC_BUTTON) return n->tag == T(BUTTON);
        return false;
    }
    return scope != SC_TABLE && foreign_special(n);
}

static bool reset_relevant(const gl_node *n)
{
    if (n->ns != GALLEY_NS_HTML) return false;
    switch (n->tag) {
    case T(TD): case T(TH): case T(TR): case T(TBODY): case T(THEAD): case T(TFOOT):
    case T(CAPTION): case T(COLGROUP): case T(TABLE): case T(TEMPLATE): case T(HEAD):
    case T(BODY): case T(FRAMESET): case T(HTML): return true;
    default: return false;
    }
}

/* 13.2.4.2 "has an element in scope": the topmost such element must sit
 * at or above the nearest boundary (the walk tests a node for the target
 * before testing it as a boundary). */
static bool in_scope(const gl_parser *p, uint16_t tag, int scope)
{
    int32_t at = top_of_tag(p, tag);
    return at >= 0 && at >= p->meta[p->nstack - 1].below_scope[scope];
}
static bool heading_in_scope(const gl_parser *p)
{
    for (uint16_t t = T(H1); t <= T(H6); t++)
        if (in_scope(p, t, SC_DEFAULT)) return true;
    return false;
}
static bool node_in_scope(const gl_parser *p, const gl_node *target)
{
    long i = stack_index(p, target);
    return i >= 0 && i >= p->meta[p->nstack - 1].below_scope[SC_DEFAULT];
}
static void pop_until_tag(gl_parser *p, uint16_t tag)
{
    if (!open_tag(p, tag)) return;
    while (p->nstack) {
        gl_node *n = pop(p);
        if (html_is(n, tag)) break;
    }
}
static void pop_until_node(gl_parser *p, gl_node *target)
{
    if (!(target->flags & GL_NF_OPEN)) return;
    while (p->nstack && pop(p) != target) {
    }
}
/* 13.2.6.3 generate implied end tags, except for `except` (0: none) */
static void implied_end(gl_parser *p, uint16_t except)
{
    gl_node *c;
    while ((c = current(p)) && html_has(c, F_IMPLIED) && c->tag != except) pop(p);
}
static void implied_end_thorough(gl_parser *p)
{
    gl_node *c;
    while ((c = current(p)) && html_has(c, F_THOROUGH)) pop(p);
}
static bool template_open(const gl_parser *p)
{
    return open_tag(p, T(TEMPLATE));
}

/* ------------------------------------------------------------------------
 * Node creation (13.2.6.1)
 * ---------------------------------------------------------------------- */
static gl_node *new_node(gl_parser *p, galley_node_type type)
{
    if (p->stop) return NULL;
    if (p->doc->node_count >= p->max_nodes) {
        if (p->doc->status == GALLEY_OK) p->doc->status = GALLEY_LIMIT_NODES;
        p->stop = true;
        return NULL;
    }
    /* Arena chunks would double up to 4 MiB; for one document, chunks of
     * about a quarter of its size waste less (peak memory is a budget) */
    if (p->doc->arena.chunk_size > p->chunk_cap) p->doc->arena.chunk_size = p->chunk_cap;
    gl_node *n = gl_node_new(p->doc, type);
    if (!n) {
        p->fail = GALLEY_ERR_NOMEM;
        p->stop = true;
    }
    return n;
}

static char *arena_dup(gl_parser *p, const char *s, size_t n)
{
    char *r = gl_arena_strndup(&p->doc->arena, s, n);
    if (!r) {
        p->fail = GALLEY_ERR_NOMEM;
        p->stop = true;
    }
    return r;
}

/* 13.2.6.5 "adjust SVG tag name": lower-case spelling -> SVG spelling */
static const char *const svg_tag_names[] = {
    "altGlyph", "altGlyphDef", "altGlyphItem", "animateColor", "animateMotion",
    "animateTransform", "clipPath", "feBlend", "feColorMatrix", "feComponentTransfer",
    "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
    "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    "foreignObject", "glyphRef", "linearGradient", "radialGradient", "textPath", NULL};

/* "adjust SVG attributes" */
static const char *const svg_attr_names[] = {
    "attributeName", "attributeType", "baseFrequency", "baseProfile", "calcMode",
    "clipPathUnits", "diffuseConstant", "edgeMode", "filterUnits", "glyphRef",
    "gradientTransform", "gradientUnits", "kernelMatrix", "kernelUnitLength", "keyPoints",
    "keySplines", "keyTimes", "lengthAdjust", "limitingConeAngle", "markerHeight",
    "markerUnits", "markerWidth", "maskContentUnits", "maskUnits", "numOctaves",
    "pathLength", "patternContentUnits", "patternTransform", "patternUnits", "pointsAtX",
    "pointsAtY", "pointsAtZ", "preserveAlpha", "preserveAspectRatio", "primitiveUnits",
    "refX", "refY", "repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures",
    "specularConstant", "specularExponent", "spreadMethod", "startOffset", "stdDeviation",
    "stitchTiles", "surfaceScale", "systemLanguage", "tableValues", "targetX", "targetY",
    "textLength", "viewBox", "viewTarget", "xChannelSelector", "yChannelSelector",
    "zoomAndPan", NULL};

static const char *lookup_ci(const char *const *table, const char *s, size_t n)
{
    for (const char *const *t = table; *t; t++)
        if (strlen(*t) == n && gl_ascii_ieq(s, n, *t)) return *t;
    return NULL;
}

/* "adjust foreign attributes" */
static const struct {
    const char *qname, *prefix, *local;
    uint8_t ns;
} foreign_attrs[] = {
    {"xlink:actuate", "xlink", "actuate", GALLEY_NS_XLINK},
    {"xlink:arcrole", "xlink", "arcrole", GALLEY_NS_XLINK},
    {"xlink:href", "xlink", "href", GALLEY_NS_XLINK},
    {"xlink:role", "xlink", "role", GALLEY_NS_XLINK},
    {"xlink:show", "xlink", "show", GALLEY_NS_XLINK},
    {"xlink:title", "xlink", "title", GALLEY_NS_XLINK},
    {"xlink:type", "xlink", "type", GALLEY_NS_XLINK},
    {"xml:lang", "xml", "lang", GALLEY_NS_XML},
    {"xml:space", "xml", "space", GALLEY_NS_XML},
    {"xmlns", NULL, "xmlns", GALLEY_NS_XMLNS},
    {"xmlns:xlink", "xmlns", "xlink", GALLEY_NS_XMLNS},
};

/* Names of the most frequent attributes share static storage instead of
 * an arena copy each: attribute-heavy pages are the memory budget's worst
 * case. */
static const char *common_attr_name(const char *s, size_t n)
{
    /* by length first: most names are rejected by one compare */
    static const char *const by_len[][6] = {
        [2] = {"id"},
        [3] = {"rel", "alt", "src"},
        [4] = {"href", "name", "type", "role", "lang"},
        [5] = {"class", "style", "title", "width", "value"},
        [6] = {"height", "srcset", "target", "action", "method"},
        [7] = {"content", "loading", "charset", "onclick", "colspan"},
        [8] = {"property", "itemprop", "data-src", "tabindex"},
        [10] = {"aria-label", "http-equiv"},
        [11] = {"aria-hidden"},
    };
    if (n >= sizeof by_len / sizeof *by_len) return NULL;
    for (size_t i = 0; i < 6 && by_len[n][i]; i++)
        if (by_len[n][i][0] == s[0] && memcmp(by_len[n][i], s, n) == 0) return by_len[n][i];
    return NULL;
}

static bool copy_attrs(gl_parser *p, gl_node *n, const tb_tok *t, galley_ns ns)
{
    if (!t->nattrs) return true;
    gl_attr *a = gl_arena_alloc(&p->doc->arena, t->nattrs * sizeof *a);
    if (!a) {
        p->fail = GALLEY_ERR_NOMEM;
        p->stop = true;
        return false;
    }
    for (size_t i = 0; i < t->nattrs; i++) {
        const galley_token_attr *ta = &t->attrs[i];
        gl_attr *x = &a[i];
        x->ns = GALLEY_NS_NONE;
        x->prefix = NULL;
        const char *name = NULL;
        size_t nlen = ta->name_len;
        if (ns != GALLEY_NS_HTML) {
            if (ns == GALLEY_NS_SVG) name = lookup_ci(svg_attr_names, ta->name, ta->name_len);
            else if (nlen == 13 && memcmp(ta->name, "definitionurl", 13) == 0)
                name = "definitionURL";
            for (size_t k = 0; !name && k < sizeof foreign_attrs / sizeof *foreign_attrs; k++) {
                if (strlen(foreign_attrs[k].qname) == nlen &&
                    memcmp(foreign_attrs[k].qname, ta->name, nlen) == 0) {
                    name = foreign_attrs[k].local;
                    nlen = strlen(name);
                    x->prefix = foreign_attrs[k].prefix;
                    x->ns = foreign_attrs[k].ns;
                }
            }
        }
        if (!name) name = common_attr_name(ta->name, ta->name_len);
        x->name = name ? name : arena_dup(p, ta->name, ta->name_len);
        x->value = arena_dup(p, ta->value ? ta->value : "", ta->value_len);
        if (!x->name || !x->value) return false;
        x->name_len = (uint32_t)nlen;
        x->value_len = (uint32_t)ta->value_len;
    }
    n->attrs = a;
    n->nattrs = (uint32_t)t->nattrs;
    return true;
}

static gl_node *create_element(gl_parser *p, const tb_tok *t, galley_ns ns)
{
    gl_node *n = new_node(p, GALLEY_NODE_ELEMENT);
    if (!n) return NULL;
    n->ns = (uint8_t)ns;
    n->tag = t->tag;
    const char *name = NULL;
    if (ns == GALLEY_NS_SVG) name = lookup_ci(svg_tag_names, t->name, t->name_len);
    if (!name && t->tag) {
        /* strncmp stops at the canonical name's end: no strlen per element */
        const char *canon = gl_tag_name(t->tag);
        if (strncmp(canon, t->name, t->name_len) == 0 && canon[t->name_len] == '\0')
            name = canon;
    }
    n->name = name ? name : arena_dup(p, t->name, t->name_len);
    if (!n->name) return NULL;
    n->name_len = (uint32_t)t->name_len;
    if (!copy_attrs(p, n, t, ns)) return NULL;
    if (t->self_closing) n->flags |= GL_NF_SELF_CLOSING;
    n->flags |= GL_NF_PARSER_INSERTED;
    if (ns == GALLEY_NS_HTML && t->tag == T(TEMPLATE)) {
        gl_node *c = new_node(p, GALLEY_NODE_FRAGMENT);
        if (!c) return NULL;
        n->u.template_content = c;
    }
    if (ns == GALLEY_NS_MATHML && t->tag == T(ANNOTATION_XML)) {
        for (size_t i = 0; i < t->nattrs; i++) {
            const galley_token_attr *a = &t->attrs[i];
            if (a->name_len == 8 && memcmp(a->name, "encoding", 8) == 0 &&
                (gl_ascii_ieq(a->value, a->value_len, "text/html") ||
                 gl_ascii_ieq(a->value, a->value_len, "application/xhtml+xml")))
                n->flags |= GL_NF_HTML_INTEGRATION;
        }
    }
    return n;
}

/* A new element with the same name and attributes (the formatting list's
 * "create an element for the token for which the element was created");
 * the attribute array is shared, read-only. */
static gl_node *clone_element(gl_parser *p, const gl_node *src)
{
    gl_node *n = new_node(p, GALLEY_NODE_ELEMENT);
    if (!n) return NULL;
    n->ns = src->ns;
    n->tag = src->tag;
    n->name = src->name;
    n->name_len = src->name_len;
    n->attrs = src->attrs;
    n->nattrs = src->nattrs;
    n->flags = (uint16_t)(src->flags & (GL_NF_SELF_CLOSING | GL_NF_PARSER_INSERTED));
    return n;
}

static tb_tok synth(uint16_t tag)
{
    tb_tok t = {0};
    t.type = GALLEY_TOKEN_START_TAG;
    t.tag = tag;
    t.name = gl_tag_name(tag);
    t.name_len = strlen(t.name);
    return t;
}

/* ------------------------------------------------------------------------
 * Insertion (13.2.6.1)
 * ---------------------------------------------------------------------- */
typedef struct tb_loc {
    gl_node *parent, *before;
} tb_loc;

static inline gl_node *template_target(gl_node *n)
{
    return (n->type == GALLEY_NODE_ELEMENT && html_is(n, T(TEMPLATE)) && n->u.template_content)
               ? n->u.template_content
               : n;
}

/* "appropriate place for inserting a node", with foster parenting */
static tb_loc appropriate_place(gl_parser *p, gl_node *override)
{
    gl_node *target = override ? override : current(p);
    tb_loc loc = {target, NULL};
    if (p->foster && html_has(target, F_TABLEISH)) {
        /* the last table is near the top: foster parenting only happens
         * while the current node is table-ish */
        long ltemplate = -1, ltable = -1;
        for (size_t i = p->nstack; i-- > 0;) {
            gl_node *n = p->stack[i];
            if (ltemplate < 0 && html_is(n, T(TEMPLATE))) ltemplate = (long)i;
            if (html_is(n, T(TABLE))) {
                ltable = (long)i;
                break;
            }
        }
        if (ltemplate >= 0 && (ltable < 0 || ltemplate > ltable)) {
            loc.parent = p->stack[ltemplate];
        } else if (ltable < 0) {
            loc.parent = p->stack[0];
        } else if (p->stack[ltable]->parent) {
            loc.parent = p->stack[ltable]->parent;
            loc.before = p->stack[ltable];
            return loc;
        } else {
            loc.parent = p->stack[ltable - 1];
        }
    }
    loc.parent = template_target(loc.parent);
    return loc;
}

static void insert_at(gl_parser *p, tb_loc loc, gl_node *n)
{
    /* Depth cap: an element that would sit deeper than the cap is attached
     * at the cap, as browsers do; the tree stays valid. */
    if (n->type == GALLEY_NODE_ELEMENT && loc.parent->type == GALLEY_NODE_ELEMENT &&
        loc.parent->depth >= p->max_depth && loc.parent->parent) {
        if (p->doc->status == GALLEY_OK) p->doc->status = GALLEY_LIMIT_DEPTH;
        loc.parent = loc.parent->parent;
        loc.before = NULL;
    }
    gl_node_insert_before(loc.parent, n, loc.before);
}

static void selectedcontent_inserted(gl_parser *p, gl_node *n);

static gl_node *insert_element_ns(gl_parser *p, const tb_tok *t, galley_ns ns)
{
    tb_loc loc = appropriate_place(p, NULL);
    gl_node *n = create_element(p, t, ns);
    if (!n) return NULL;
    insert_at(p, loc, n);
    push(p, n);
    if (gl_unlikely(!t->tag) && ns == GALLEY_NS_HTML && t->name_len == 15 &&
        memcmp(t->name, "selectedcontent", 15) == 0)
        selectedcontent_inserted(p, n);
    return n;
}

/* Copies the children of `src` under `dst`, iteratively. */
static void clone_children_into(gl_parser *p, const gl_node *src, gl_node *dst)
{
    const gl_node *s = src->first_child;
    gl_node *d = dst;
    while (s) {
        /* copies are budgeted in proportion to the input: nested options
         * would otherwise copy the same contents once per level */
        if (!p->sc_budget) return;
        p->sc_budget--;
        gl_node *c;
        if (s->type == GALLEY_NODE_ELEMENT) {
            c = clone_element(p, s);
        } else {
            c = new_node(p, (galley_node_type)s->type);
            if (c && (s->type == GALLEY_NODE_TEXT || s->type == GALLEY_NODE_COMMENT)) {
                c->data = arena_dup(p, s->data, s->data_len);
                c->data_len = s->data_len;
                if (!c->data) c = NULL;
            }
        }
        if (!c) return;
        gl_node_append(d, c);
        if (s->first_child) {
            s = s->first_child;
            d = c;
            continue;
        }
        while (s != src && !s->next) {
            s = s->parent;
            d = d->parent;
        }
        if (s == src) break;
        s = s->next;
    }
}

/* The select's first selectedcontent element takes copies of the selected
 * option: the first option closed, or a later one with `selected`. */
static void selectedcontent_inserted(gl_parser *p, gl_node *n)
{
    int32_t at = top_of_tag(p, T(SELECT));
    if (at < 0) return;
    gl_node *select = p->stack[at];
    if (p->sc_select == select) return;
    p->sc_node = n;
    p->sc_select = select;
    p->sc_first_done = p->sc_has_selected = false;
}

/* True when `a` is `b` or one of its ancestors; a chain longer than any
 * capped tree counts as yes. */
static bool contains(const gl_node *a, const gl_node *b)
{
    for (int i = 0; b && i < 4096; i++, b = b->parent)
        if (a == b) return true;
    return b != NULL;
}

static void option_closed(gl_parser *p, gl_node *option)
{
    int32_t at = top_of_tag(p, T(SELECT));
    if (at < 0 || p->stack[at] != p->sc_select) return;
    /* a copy into itself or into its own contents would never end */
    if (contains(option, p->sc_node) || contains(p->sc_node, option)) return;
    bool selected = gl_node_attr(option, "selected") != NULL;
    if (selected) p->sc_has_selected = true;
    else if (p->sc_has_selected || p->sc_first_done) return;
    p->sc_first_done = true;
    gl_node *sc = p->sc_node, *c;
    while ((c = sc->first_child)) gl_node_detach(c);
    /* the option's copy is new: none of its nodes is in the grown cache */
    clone_children_into(p, option, sc);
}
static gl_node *insert_html(gl_parser *p, const tb_tok *t)
{
    return insert_element_ns(p, t, GALLEY_NS_HTML);
}
static gl_node *insert_void(gl_parser *p, const tb_tok *t)
{
    gl_node *n = insert_html(p, t);
    if (n) pop(p);
    return n;
}
static void insert_synth(gl_parser *p, uint16_t tag)
{
    tb_tok t = synth(tag);
    insert_html(p, &t);
}

static void insert_comment_in(gl_parser *p, const tb_tok *t, gl_node *parent)
{
    gl_node *c = new_node(p, GALLEY_NODE_COMMENT);
    if (!c) return;
    const galley_token *r = t->raw;
    c->data = arena_dup(p, r->data ? r->data : "", r->data_len);
    if (!c->data) return;
    c->data_len = (uint32_t)r->data_len;
    if (parent) {
        gl_node_append(parent, c);
    } else {
        tb_loc loc = appropriate_place(p, NULL);
        gl_node_insert_before(loc.parent, c, loc.before);
    }
}
static void insert_comment(gl_parser *p, const tb_tok *t)
{
    insert_comment_in(p, t, NULL);
}

/* Appends to a text node, doubling its arena capacity when it must move,
 * so a node grown piecemeal costs amortised O(1) per byte. */
static void text_append(gl_parser *p, gl_node *t, const char *s, size_t n)
{
    size_t old = t->data_len;
    if ((size_t)UINT32_MAX - old - 1 < n) return;
    unsigned slot = 4;
    for (unsigned i = 0; i < 4; i++)
        if (p->grown[i] == t) slot = i;
    if (slot < 4 && old + n + 1 <= p->grown_cap[slot]) {
        memcpy(t->data + old, s, n);
    } else {
        size_t cap = (old + n + 1) * 2;
        char *d = gl_arena_grow(&p->doc->arena, t->data, old + 1, cap);
        if (!d) {
            oom(p);
            return;
        }
        memcpy(d + old, s, n);
        t->data = d;
        if (slot == 4) {
            slot = p->grown_next;
            p->grown_next = (p->grown_next + 1) & 3;
        }
        p->grown[slot] = t;
        p->grown_cap[slot] = cap;
    }
    t->data_len = (uint32_t)(old + n);
    t->data[old + n] = '\0';
}

/* 13.2.6.1 "insert a character", for a run of characters */
static void insert_chars(gl_parser *p, const char *s, size_t n)
{
    if (!n || !p->nstack) return;
    tb_loc loc = appropriate_place(p, NULL);
    if (loc.parent->type == GALLEY_NODE_DOCUMENT) return;
    gl_node *prev = loc.before ? loc.before->prev : loc.parent->last_child;
    if (prev && prev->type == GALLEY_NODE_TEXT) {
        text_append(p, prev, s, n);
        return;
    }
    gl_node *t = new_node(p, GALLEY_NODE_TEXT);
    if (!t) return;
    t->data = arena_dup(p, s, n);
    if (!t->data) return;
    t->data_len = (uint32_t)n;
    gl_node_insert_before(loc.parent, t, loc.before);
}

/* ------------------------------------------------------------------------
 * List of active formatting elements (13.2.4.3)
 * ---------------------------------------------------------------------- */
static bool afe_grow(gl_parser *p)
{
    if (p->nafe < p->capafe) return true;
    size_t cap = p->capafe ? p->capafe * 2 : 64;
    gl_node **a = realloc(p->afe, cap * sizeof *a);
    if (!a) {
        p->fail = GALLEY_ERR_NOMEM;
        p->stop = true;
        return false;
    }
    p->afe = a;
    p->capafe = cap;
    return true;
}
static void afe_mark(gl_parser *p)
{
    if (afe_grow(p)) p->afe[p->nafe++] = NULL;
}
static void afe_set(gl_parser *p, size_t i, gl_node *n)
{
    p->afe[i] = n;
    n->flags |= GL_NF_AFE;
    p->afe_count[n->tag]++;
}
static void afe_unset(gl_parser *p, size_t i)
{
    gl_node *n = p->afe[i];
    if (!n) return;
    n->flags &= (uint16_t)~GL_NF_AFE;
    p->afe_count[n->tag]--;
}
static void afe_remove_at(gl_parser *p, size_t i)
{
    afe_unset(p, i);
    memmove(p->afe + i, p->afe + i + 1, (p->nafe - i - 1) * sizeof *p->afe);
    p->nafe--;
}
static long afe_index(const gl_parser *p, const gl_node *n)
{
    if (!(n->flags & GL_NF_AFE)) return -1;
    for (size_t i = p->nafe; i-- > 0;)
        if (p->afe[i] == n) return (long)i;
    return -1;
}
static void afe_remove(gl_parser *p, gl_node *n)
{
    long i = afe_index(p, n);
    if (i >= 0) afe_remove_at(p, (size_t)i);
}
static void afe_insert_at(gl_parser *p, size_t i, gl_node *n)
{
    if (!afe_grow(p)) return;
    memmove(p->afe + i + 1, p->afe + i, (p->nafe - i) * sizeof *p->afe);
    p->nafe++;
    afe_set(p, i, n);
}
static bool same_attrs(const gl_node *a, const gl_node *b)
{
    if (a->nattrs != b->nattrs) return false;
    if (a->attrs == b->attrs) return true;
    for (uint32_t i = 0; i < a->nattrs; i++) {
        const gl_attr *x = &a->attrs[i];
        bool found = false;
        for (uint32_t j = 0; j < b->nattrs && !found; j++) {
            const gl_attr *y = &b->attrs[j];
            found = x->ns == y->ns && x->name_len == y->name_len &&
                    x->value_len == y->value_len && memcmp(x->name, y->name, x->name_len) == 0 &&
                    memcmp(x->value, y->value, x->value_len) == 0;
        }
        if (!found) return false;
    }
    return true;
}
/* Push with the Noah's Ark clause. The scan for earlier equal entries looks
 * at most AFE_ARK_SCAN entries back: only pathological input has more open
 * formatting elements than that, and an unbounded scan would be quadratic. */
#define AFE_ARK_SCAN 64
static void afe_push(gl_parser *p, gl_node *n)
{
    if (p->afe_count[n->tag] >= 3) {
        int same = 0;
        size_t lim = p->nafe > AFE_ARK_SCAN ? p->nafe - AFE_ARK_SCAN : 0;
        for (size_t i = p->nafe; i-- > lim;) {
            gl_node *e = p->afe[i];
            if (!e) break;
            if (e->tag == n->tag && e->ns == n->ns && e->name_len == n->name_len &&
                memcmp(e->name, n->name, n->name_len) == 0 && same_attrs(e, n)) {
                if (++same == 3) {
                    afe_remove_at(p, i);
                    break;
                }
            }
        }
    }
    if (afe_grow(p)) afe_set(p, p->nafe++, n);
}
static void afe_clear_to_marker(gl_parser *p)
{
    while (p->nafe) {
        gl_node *e = p->afe[--p->nafe];
        if (!e) break;
        e->flags &= (uint16_t)~GL_NF_AFE;
        p->afe_count[e->tag]--;
    }
}
/* Last element with `tag` after the last marker, or -1. */
static long afe_find_tag(const gl_parser *p, uint16_t tag)
{
    if (!p->afe_count[tag]) return -1;
    for (size_t i = p->nafe; i-- > 0;) {
        gl_node *e = p->afe[i];
        if (!e) return -1;
        if (html_is(e, tag)) return (long)i;
    }
    return -1;
}

/* 13.2.4.3 "reconstruct the active formatting elements" */
static void reconstruct_afe(gl_parser *p)
{
    if (!p->nafe) return;
    gl_node *last = p->afe[p->nafe - 1];
    if (!last || (last->flags & GL_NF_OPEN)) return;
    size_t i = p->nafe - 1;
    while (i > 0) {
        gl_node *e = p->afe[i - 1];
        if (!e || (e->flags & GL_NF_OPEN)) break;
        i--;
    }
    for (; i < p->nafe; i++) {
        gl_node *old = p->afe[i];
        tb_loc loc = appropriate_place(p, NULL);
        gl_node *n = clone_element(p, old);
        if (!n) return;
        insert_at(p, loc, n);
        push(p, n);
        afe_unset(p, i);
        afe_set(p, i, n);
    }
}

/* ------------------------------------------------------------------------
 * 13.2.6.4.7 the adoption agency algorithm. Returns false when the caller
 * must run "any other end tag" instead.
 * ---------------------------------------------------------------------- */
static bool adoption_agency(gl_parser *p, const tb_tok *t)
{
    uint16_t subject = t->tag;
    gl_node *cur = current(p);
    if (cur && html_is(cur, subject) && !(cur->flags & GL_NF_AFE)) {
        pop(p);
        return true;
    }
    for (int outer = 0; outer < 8; outer++) {
        long fi = afe_find_tag(p, subject);
        if (fi < 0) return false;
        gl_node *fe = p->afe[fi];
        if (!(fe->flags & GL_NF_OPEN)) {
            perr(p);
            afe_remove_at(p, (size_t)fi);
            return true;
        }
        if (!node_in_scope(p, fe)) {
            perr(p);
            return true;
        }
        if (fe != current(p)) perr(p);
        long fe_idx = stack_index(p, fe);
        long fb_idx = -1;
        for (size_t i = (size_t)fe_idx + 1; i < p->nstack; i++) {
            if (is_special(p->stack[i])) {
                fb_idx = (long)i;
                break;
            }
        }
        if (fb_idx < 0) {
            pop_until_node(p, fe);
            afe_remove(p, fe);
            return true;
        }
        gl_node *fb = p->stack[fb_idx];
        gl_node *common = p->stack[fe_idx - 1];
        long bookmark = fi;
        gl_node *last = fb;
        long node_idx = fb_idx;
        size_t removed = 0;
        for (int inner = 1;; inner++) {
            node_idx--;
            gl_node *node = p->stack[node_idx];
            if (node == fe) break;
            long ni = afe_index(p, node);
            if (inner > 3 && ni >= 0) {
                afe_remove_at(p, (size_t)ni);
                if (ni < bookmark) bookmark--;
                ni = -1;
            }
            if (ni < 0) {
                /* dropped from the stack; compacted once, at the end */
                node->flags &= (uint16_t)~GL_NF_OPEN;
                removed++;
                continue;
            }
            gl_node *nn = clone_element(p, node);
            if (!nn) return true;
            afe_unset(p, (size_t)ni);
            afe_set(p, (size_t)ni, nn);
            stack_replace_at(p, (size_t)node_idx, nn);
            node = nn;
            if (last == fb) bookmark = ni + 1;
            gl_node_detach(last);
            gl_node_append(node, last);
            last = node;
        }
        gl_node_detach(last);
        tb_loc loc = appropriate_place(p, common);
        insert_at(p, loc, last);
        gl_node *ne = clone_element(p, fe);
        if (!ne) return true;
        gl_node *c;
        while ((c = fb->first_child)) {
            gl_node_detach(c);
            gl_node_append(ne, c);
        }
        gl_node_append(fb, ne);
        long fi2 = afe_index(p, fe);
        if (fi2 >= 0) {
            afe_remove_at(p, (size_t)fi2);
            if (fi2 < bookmark) bookmark--;
        }
        if (bookmark > (long)p->nafe) bookmark = (long)p->nafe;
        afe_insert_at(p, (size_t)bookmark, ne);
        if (!removed) stack_rotate(p, (size_t)fe_idx, (size_t)fb_idx, ne);
        else stack_compact(p, (size_t)fe_idx, fb, ne);
    }
    return true;
}

/* ------------------------------------------------------------------------
 * Helpers shared by the modes
 * ---------------------------------------------------------------------- */
static void set_tokenizer_state(gl_parser *p, galley_tokenizer_state s)
{
    gl_tokenizer_set_state(p->tok, s);
}

/* 13.2.6.2 generic raw text / RCDATA element parsing */
static void generic_text(gl_parser *p, const tb_tok *t, galley_tokenizer_state s)
{
    insert_html(p, t);
    set_tokenizer_state(p, s);
    p->orig_mode = p->mode;
    p->mode = TB_TEXT;
}

static void close_p(gl_parser *p)
{
    implied_end(p, T(P));
    if (!html_is(current(p), T(P))) perr(p);
    pop_until_tag(p, T(P));
}
static void close_p_in_button_scope(gl_parser *p)
{
    if (in_scope(p, T(P), SC_BUTTON)) close_p(p);
}

static void tmode_push(gl_parser *p, gl_tb_mode m)
{
    if (p->ntmodes == p->captmodes) {
        size_t cap = p->captmodes ? p->captmodes * 2 : 16;
        uint8_t *a = realloc(p->tmodes, cap);
        if (!a) {
            p->fail = GALLEY_ERR_NOMEM;
            p->stop = true;
            return;
        }
        p->tmodes = a;
        p->captmodes = cap;
    }
    p->tmodes[p->ntmodes++] = (uint8_t)m;
}
static void tmode_pop(gl_parser *p)
{
    if (p->ntmodes) p->ntmodes--;
}
static void tmode_set(gl_parser *p, gl_tb_mode m)
{
    if (p->ntmodes) p->tmodes[p->ntmodes - 1] = (uint8_t)m;
}

/* 13.2.4.1 "reset the insertion mode appropriately" */
static void reset_mode(gl_parser *p)
{
    for (size_t i = p->nstack; i-- > 0;) {
        /* only the listed elements decide: skip to the nearest one */
        if (i > 0 && p->meta[i].below_reset != (int32_t)i) {
            int32_t j = p->meta[i].below_reset;
            if (j < 0) j = 0;
            i = (size_t)j + 1;
            continue;
        }
        gl_node *node = p->stack[i];
        bool last = i == 0;
        if (last && p->fragment) node = p->context;
        if (node->ns != GALLEY_NS_HTML) {
            if (last) break;
            continue;
        }
        switch (node->tag) {
        case T(TD):
        case T(TH):
            if (!last) {
                p->mode = TB_IN_CELL;
                return;
            }
            break;
        case T(TR): p->mode = TB_IN_ROW; return;
        case T(TBODY):
        case T(THEAD):
        case T(TFOOT): p->mode = TB_IN_TABLE_BODY; return;
        case T(CAPTION): p->mode = TB_IN_CAPTION; return;
        case T(COLGROUP): p->mode = TB_IN_COLUMN_GROUP; return;
        case T(TABLE): p->mode = TB_IN_TABLE; return;
        case T(TEMPLATE):
            p->mode = p->ntmodes ? (gl_tb_mode)p->tmodes[p->ntmodes - 1] : TB_IN_BODY;
            return;
        case T(HEAD):
            if (!last) {
                p->mode = TB_IN_HEAD;
                return;
            }
            break;
        case T(BODY): p->mode = TB_IN_BODY; return;
        case T(FRAMESET): p->mode = TB_IN_FRAMESET; return;
        case T(HTML): p->mode = p->head ? TB_AFTER_HEAD : TB_BEFORE_HEAD; return;
        default: break;
        }
        if (last) break;
    }
    p->mode = TB_IN_BODY;
}

static bool attr_is(const tb_tok *t, const char *name, const char *value)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < t->nattrs; i++) {
        const galley_token_attr *a = &t->attrs[i];
        if (a->name_len == n && memcmp(a->name, name, n) == 0)
            return value ? gl_ascii_ieq(a->value, a->value_len, value) : true;
    }
    return false;
}

/* "add the attribute ... if it is not already present" */
static void merge_attrs(gl_parser *p, gl_node *n, const tb_tok *t)
{
    for (size_t i = 0; i < t->nattrs; i++) {
        const galley_token_attr *a = &t->attrs[i];
        bool present = false;
        for (uint32_t j = 0; j < n->nattrs && !present; j++)
            present = n->attrs[j].ns == GALLEY_NS_NONE && n->attrs[j].name_len == a->name_len &&
                      memcmp(n->attrs[j].name, a->name, a->name_len) == 0;
        if (!present && !gl_node_add_attr(p->doc, n, a->name, a->name_len,
                                          a->value ? a->value : "", a->value_len)) {
            p->fail = GALLEY_ERR_NOMEM;
            p->stop = true;
            return;
        }
    }
}

/* ------------------------------------------------------------------------
 * 13.2.6.4.1 the "initial" insertion mode: DOCTYPE and quirks
 * ---------------------------------------------------------------------- */
static const char *const quirks_prefixes[] = {
    "+//silmaril//dtd html pro v0r11 19970101//",
    "-//as//dtd html 3.0 aswedit + extensions//",
    "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
    "-//ietf//dtd html 2.0 level 1//",
    "-//ietf//dtd html 2.0 level 2//",
    "-//ietf//dtd html 2.0 strict level 1//",
    "-//ietf//dtd html 2.0 strict level 2//",
    "-//ietf//dtd html 2.0 strict//",
    "-//ietf//dtd html 2.0//",
    "-//ietf//dtd html 2.1e//",
    "-//ietf//dtd html 3.0//",
    "-//ietf//dtd html 3.2 final//",
    "-//ietf//dtd html 3.2//",
    "-//ietf//dtd html 3//",
    "-//ietf//dtd html level 0//",
    "-//ietf//dtd html level 1//",
    "-//ietf//dtd html level 2//",
    "-//ietf//dtd html level 3//",
    "-//ietf//dtd html strict level 0//",
    "-//ietf//dtd html strict level 1//",
    "-//ietf//dtd html strict level 2//",
    "-//ietf//dtd html strict level 3//",
    "-//ietf//dtd html strict//",
    "-//ietf//dtd html//",
    "-//metrius//dtd metrius presentational//",
    "-//microsoft//dtd internet explorer 2.0 html strict//",
    "-//microsoft//dtd internet explorer 2.0 html//",
    "-//microsoft//dtd internet explorer 2.0 tables//",
    "-//microsoft//dtd internet explorer 3.0 html strict//",
    "-//microsoft//dtd internet explorer 3.0 html//",
    "-//microsoft//dtd internet explorer 3.0 tables//",
    "-//netscape comm. corp.//dtd html//",
    "-//netscape comm. corp.//dtd strict html//",
    "-//o'reilly and associates//dtd html 2.0//",
    "-//o'reilly and associates//dtd html extended 1.0//",
    "-//o'reilly and associates//dtd html extended relaxed 1.0//",
    "-//sq//dtd html 2.0 hotmetal + extensions//",
    "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
    "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
    "-//spyglass//dtd html 2.0 extended//",
    "-//sun microsystems corp.//dtd hotjava html//",
    "-//sun microsystems corp.//dtd hotjava strict html//",
    "-//w3c//dtd html 3 1995-03-24//",
    "-//w3c//dtd html 3.2 draft//",
    "-//w3c//dtd html 3.2 final//",
    "-//w3c//dtd html 3.2//",
    "-//w3c//dtd html 3.2s draft//",
    "-//w3c//dtd html 4.0 frameset//",
    "-//w3c//dtd html 4.0 transitional//",
    "-//w3c//dtd html experimental 19960712//",
    "-//w3c//dtd html experimental 970421//",
    "-//w3c//dtd w3 html//",
    "-//w3o//dtd w3 html 3.0//",
    "-//webtechs//dtd mozilla html 2.0//",
    "-//webtechs//dtd mozilla html//",
    NULL};

static bool ci_prefix(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++)
        if (gl_lower((unsigned char)s[i]) != prefix[i]) return false;
    return true;
}

static int doctype_quirks(const galley_token *d)
{
    if (d->force_quirks) return 1;
    if (!d->data || d->data_len != 4 || memcmp(d->data, "html", 4) != 0) return 1;
    const char *pub = d->public_id, *sys = d->system_id;
    size_t pl = d->public_id_len, sl = d->system_id_len;
    if (pub) {
        if (gl_ascii_ieq(pub, pl, "-//W3O//DTD W3 HTML Strict 3.0//EN//") ||
            gl_ascii_ieq(pub, pl, "-/W3C/DTD HTML 4.0 Transitional/EN") ||
            gl_ascii_ieq(pub, pl, "HTML"))
            return 1;
        for (const char *const *q = quirks_prefixes; *q; q++)
            if (ci_prefix(pub, pl, *q)) return 1;
        bool html401 = ci_prefix(pub, pl, "-//w3c//dtd html 4.01 frameset//") ||
                       ci_prefix(pub, pl, "-//w3c//dtd html 4.01 transitional//");
        if (!sys && html401) return 1;
        if (ci_prefix(pub, pl, "-//w3c//dtd xhtml 1.0 frameset//") ||
            ci_prefix(pub, pl, "-//w3c//dtd xhtml 1.0 transitional//"))
            return 2;
        if (sys && html401) return 2;
    }
    if (sys && gl_ascii_ieq(sys, sl, "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"))
        return 1;
    return 0;
}

static void insert_doctype(gl_parser *p, const galley_token *d)
{
    gl_node *n = new_node(p, GALLEY_NODE_DOCTYPE);
    if (!n) return;
    n->name = arena_dup(p, d->data ? d->data : "", d->data ? d->data_len : 0);
    n->name_len = d->data ? (uint32_t)d->data_len : 0;
    if (d->public_id) n->u.doctype.public_id = arena_dup(p, d->public_id, d->public_id_len);
    if (d->system_id) n->u.doctype.system_id = arena_dup(p, d->system_id, d->system_id_len);
    gl_node_append(p->doc->root, n);
}

/* ------------------------------------------------------------------------
 * Character tokens: each mode consumes a prefix of the run and returns its
 * length; 0 means "the mode changed, reprocess the rest".
 * ---------------------------------------------------------------------- */
static size_t body_chars(gl_parser *p, const char *s, size_t n)
{
    if (s[0] == '\0') {
        size_t k = 0;
        while (k < n && s[k] == '\0') k++;
        perr(p);
        return k;
    }
    const char *z = memchr(s, '\0', n);
    size_t k = z ? (size_t)(z - s) : n;
    reconstruct_afe(p);
    insert_chars(p, s, k);
    if (p->frameset_ok && !all_ws(s, k)) p->frameset_ok = false;
    return k;
}

static bool table_ish_current(const gl_parser *p)
{
    gl_node *c = current(p);
    return c && (html_has(c, F_TABLEISH) || html_is(c, T(TEMPLATE)));
}

static size_t chars_in_mode(gl_parser *p, gl_tb_mode mode, const char *s, size_t n)
{
    size_t k;
    switch (mode) {
    case TB_INITIAL:
        if ((k = ws_prefix(s, n))) return k;
        if (!p->fragment) p->doc->quirks_mode = 1;
        p->mode = TB_BEFORE_HTML;
        return 0;
    case TB_BEFORE_HTML:
        if ((k = ws_prefix(s, n))) return k;
        {
            tb_tok t = synth(T(HTML));
            gl_node *h = create_element(p, &t, GALLEY_NS_HTML);
            if (!h) return n;
            gl_node_append(p->doc->root, h);
            push(p, h);
        }
        p->mode = TB_BEFORE_HEAD;
        return 0;
    case TB_BEFORE_HEAD:
        if ((k = ws_prefix(s, n))) return k;
        insert_synth(p, T(HEAD));
        p->head = current(p);
        p->mode = TB_IN_HEAD;
        return 0;
    case TB_IN_HEAD:
        if ((k = ws_prefix(s, n))) {
            insert_chars(p, s, k);
            return k;
        }
        pop(p);
        p->mode = TB_AFTER_HEAD;
        return 0;
    case TB_IN_HEAD_NOSCRIPT:
        if ((k = ws_prefix(s, n))) {
            insert_chars(p, s, k);
            return k;
        }
        perr(p);
        pop(p);
        p->mode = TB_IN_HEAD;
        return 0;
    case TB_AFTER_HEAD:
        if ((k = ws_prefix(s, n))) {
            insert_chars(p, s, k);
            return k;
        }
        insert_synth(p, T(BODY));
        p->mode = TB_IN_BODY;
        return 0;
    case TB_IN_BODY:
    case TB_IN_CAPTION:
    case TB_IN_CELL:
    case TB_IN_TEMPLATE:
        return body_chars(p, s, n);
    case TB_TEXT:
        insert_chars(p, s, n);
        return n;
    case TB_IN_TABLE:
    case TB_IN_TABLE_BODY:
    case TB_IN_ROW:
        if (table_ish_current(p)) {
            gl_buf_clear(&p->table_text);
            p->table_text_dirty = false;
            p->orig_mode = p->mode;
            p->mode = TB_IN_TABLE_TEXT;
            return 0;
        }
        perr(p);
        p->foster = true;
        k = body_chars(p, s, n);
        p->foster = false;
        return k;
    case TB_IN_TABLE_TEXT:
        if (s[0] == '\0') {
            perr(p);
            k = 0;
            while (k < n && s[k] == '\0') k++;
            return k;
        }
        {
            const char *z = memchr(s, '\0', n);
            k = z ? (size_t)(z - s) : n;
            if (!gl_buf_append(&p->table_text, s, k)) {
                p->fail = GALLEY_ERR_NOMEM;
                p->stop = true;
            }
            if (!p->table_text_dirty && !all_ws(s, k)) p->table_text_dirty = true;
            return k;
        }
    case TB_IN_COLUMN_GROUP:
        if ((k = ws_prefix(s, n))) {
            insert_chars(p, s, k);
            return k;
        }
        if (!html_is(current(p), T(COLGROUP))) {
            perr(p);
            return nonws_prefix(s, n);
        }
        pop(p);
        p->mode = TB_IN_TABLE;
        return 0;
    case TB_AFTER_BODY:
    case TB_AFTER_AFTER_BODY:
        if ((k = ws_prefix(s, n))) return body_chars(p, s, k);
        perr(p);
        p->mode = TB_IN_BODY;
        return 0;
    case TB_IN_FRAMESET:
    case TB_AFTER_FRAMESET:
        if ((k = ws_prefix(s, n))) {
            insert_chars(p, s, k);
            return k;
        }
        perr(p);
        return nonws_prefix(s, n);
    case TB_AFTER_AFTER_FRAMESET:
        if ((k = ws_prefix(s, n))) return body_chars(p, s, k);
        perr(p);
        return nonws_prefix(s, n);
    }
    return n;
}

/* 13.2.6.5 characters in foreign content */
static size_t foreign_chars(gl_parser *p, const char *s, size_t n)
{
    if (s[0] == '\0') {
        size_t k = 0;
        while (k < n && s[k] == '\0') {
            perr(p);
            insert_chars(p, "\xEF\xBF\xBD", 3);
            k++;
        }
        return k;
    }
    const char *z = memchr(s, '\0', n);
    size_t k = z ? (size_t)(z - s) : n;
    insert_chars(p, s, k);
    if (p->frameset_ok && !all_ws(s, k)) p->frameset_ok = false;
    return k;
}

/* The tree construction dispatcher's test for character tokens. */
static bool chars_html_rules(const gl_parser *p)
{
    if (!p->nstack) return true;
    const gl_node *a = adjusted_current(p);
    return a->ns == GALLEY_NS_HTML || is_mathml_text_ip(a) || is_html_ip(a);
}

static void process_chars(gl_parser *p, const char *s, size_t n)
{
    int idle = 0;
    while (n && !p->stop) {
        size_t k = chars_html_rules(p) ? chars_in_mode(p, p->mode, s, n) : foreign_chars(p, s, n);
        if (k > n) k = n;
        if (!k) {
            if (++idle > 64) return; /* defensive: a mode that never consumes */
            continue;
        }
        idle = 0;
        s += k;
        n -= k;
    }
}

/* ------------------------------------------------------------------------
 * The insertion modes for non-character tokens
 * ---------------------------------------------------------------------- */
static int step(gl_parser *p, gl_tb_mode mode, const tb_tok *t);

#define START(x) (t->type == GALLEY_TOKEN_START_TAG && t->tag == T(x))
#define END(x) (t->type == GALLEY_TOKEN_END_TAG && t->tag == T(x))
#define IS_START (t->type == GALLEY_TOKEN_START_TAG)
#define IS_END (t->type == GALLEY_TOKEN_END_TAG)

static bool tag_in(uint16_t tag, const uint16_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == tag) return true;
    return false;
}
#define TAG_IN(tag, ...)                                                                   \
    tag_in((tag), (const uint16_t[]){__VA_ARGS__},                                         \
           sizeof((const uint16_t[]){__VA_ARGS__}) / sizeof(uint16_t))

/* 13.2.6.4.1 */
static int mode_initial(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment_in(p, t, p->doc->root);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE) {
        insert_doctype(p, t->raw);
        p->doc->quirks_mode = doctype_quirks(t->raw);
        p->mode = TB_BEFORE_HTML;
        return DONE;
    }
    if (!p->fragment) p->doc->quirks_mode = 1;
    perr(p);
    p->mode = TB_BEFORE_HTML;
    return REPROCESS;
}

/* 13.2.6.4.2 */
static int mode_before_html(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_DOCTYPE) return DONE;
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment_in(p, t, p->doc->root);
        return DONE;
    }
    if (START(HTML)) {
        gl_node *h = create_element(p, t, GALLEY_NS_HTML);
        if (!h) return DONE;
        gl_node_append(p->doc->root, h);
        push(p, h);
        p->mode = TB_BEFORE_HEAD;
        return DONE;
    }
    if (IS_END && !TAG_IN(t->tag, T(HEAD), T(BODY), T(HTML), T(BR))) return DONE;
    tb_tok h = synth(T(HTML));
    gl_node *e = create_element(p, &h, GALLEY_NS_HTML);
    if (!e) return DONE;
    gl_node_append(p->doc->root, e);
    push(p, e);
    p->mode = TB_BEFORE_HEAD;
    return REPROCESS;
}

/* 13.2.6.4.3 */
static int mode_before_head(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment(p, t);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE) return DONE;
    if (START(HTML)) return step(p, TB_IN_BODY, t);
    if (START(HEAD)) {
        p->head = insert_html(p, t);
        p->mode = TB_IN_HEAD;
        return DONE;
    }
    if (IS_END && !TAG_IN(t->tag, T(HEAD), T(BODY), T(HTML), T(BR))) return DONE;
    insert_synth(p, T(HEAD));
    p->head = current(p);
    p->mode = TB_IN_HEAD;
    return REPROCESS;
}

/* 13.2.6.4.4 */
static int mode_in_head(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment(p, t);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE) return DONE;
    if (IS_START) {
        switch (t->tag) {
        case T(HTML): return step(p, TB_IN_BODY, t);
        case T(BASE):
        case T(BASEFONT):
        case T(BGSOUND):
        case T(LINK):
        case T(META): insert_void(p, t); return DONE;
        case T(TITLE): generic_text(p, t, GALLEY_TS_RCDATA); return DONE;
        case T(NOSCRIPT):
            if (!p->scripting) {
                insert_html(p, t);
                p->mode = TB_IN_HEAD_NOSCRIPT;
                return DONE;
            }
            generic_text(p, t, GALLEY_TS_RAWTEXT);
            return DONE;
        case T(NOFRAMES):
        case T(STYLE): generic_text(p, t, GALLEY_TS_RAWTEXT); return DONE;
        case T(SCRIPT): generic_text(p, t, GALLEY_TS_SCRIPT_DATA); return DONE;
        case T(TEMPLATE):
            insert_html(p, t);
            afe_mark(p);
            p->frameset_ok = false;
            p->mode = TB_IN_TEMPLATE;
            tmode_push(p, TB_IN_TEMPLATE);
            return DONE;
        case T(HEAD): perr(p); return DONE;
        default: break;
        }
    } else if (IS_END) {
        switch (t->tag) {
        case T(HEAD):
            pop(p);
            p->mode = TB_AFTER_HEAD;
            return DONE;
        case T(BODY):
        case T(HTML):
        case T(BR): break;
        case T(TEMPLATE):
            if (!template_open(p)) {
                perr(p);
                return DONE;
            }
            implied_end_thorough(p);
            if (!html_is(current(p), T(TEMPLATE))) perr(p);
            pop_until_tag(p, T(TEMPLATE));
            afe_clear_to_marker(p);
            tmode_pop(p);
            reset_mode(p);
            return DONE;
        default: perr(p); return DONE;
        }
    }
    pop(p);
    p->mode = TB_AFTER_HEAD;
    return REPROCESS;
}

/* 13.2.6.4.5 */
static int mode_in_head_noscript(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_DOCTYPE) return DONE;
    if (START(HTML)) return step(p, TB_IN_BODY, t);
    if (END(NOSCRIPT)) {
        pop(p);
        p->mode = TB_IN_HEAD;
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_COMMENT ||
        (IS_START && TAG_IN(t->tag, T(BASEFONT), T(BGSOUND), T(LINK), T(META), T(NOFRAMES),
                            T(STYLE))))
        return step(p, TB_IN_HEAD, t);
    if ((IS_START && TAG_IN(t->tag, T(HEAD), T(NOSCRIPT))) || (IS_END && !END(BR))) {
        perr(p);
        return DONE;
    }
    perr(p);
    pop(p);
    p->mode = TB_IN_HEAD;
    return REPROCESS;
}

/* 13.2.6.4.6 */
static int mode_after_head(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment(p, t);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE) return DONE;
    if (IS_START) {
        switch (t->tag) {
        case T(HTML): return step(p, TB_IN_BODY, t);
        case T(BODY):
            insert_html(p, t);
            p->frameset_ok = false;
            p->mode = TB_IN_BODY;
            return DONE;
        case T(FRAMESET):
            insert_html(p, t);
            p->mode = TB_IN_FRAMESET;
            return DONE;
        case T(BASE):
        case T(BASEFONT):
        case T(BGSOUND):
        case T(LINK):
        case T(META):
        case T(NOFRAMES):
        case T(SCRIPT):
        case T(STYLE):
        case T(TEMPLATE):
        case T(TITLE): {
            perr(p);
            gl_node *head = p->head;
            if (!head) return DONE;
            push(p, head);
            int r = step(p, TB_IN_HEAD, t);
            stack_remove(p, head);
            return r;
        }
        case T(HEAD): perr(p); return DONE;
        default: break;
        }
    } else if (IS_END) {
        if (END(TEMPLATE)) return step(p, TB_IN_HEAD, t);
        if (!TAG_IN(t->tag, T(BODY), T(HTML), T(BR))) {
            perr(p);
            return DONE;
        }
    }
    insert_synth(p, T(BODY));
    p->mode = TB_IN_BODY;
    return REPROCESS;
}

/* "any other end tag" of 13.2.6.4.7: the walk from the current node stops
 * at the first special element, so a same-named HTML element matches only
 * if the topmost one sits at or above it. */
static void body_other_end(gl_parser *p, const tb_tok *t)
{
    uint32_t k = t->tag ? t->tag : name_key(p, t->name, t->name_len, false, false);
    int32_t at = k == UINT32_MAX ? -1 : p->top[k];
    if (at < 0 || at < p->meta[p->nstack - 1].below_special) {
        perr(p);
        return;
    }
    gl_node *node = p->stack[at];
    implied_end(p, t->tag ? t->tag : 0xffff);
    if (current(p) != node) perr(p);
    pop_until_node(p, node);
}

/* The walk of the li / dd, dt start tags stops at the first special
 * element other than address, div and p; the per-entry index of that
 * element and the topmost li / dd / dt answer it in O(1). */
static void body_start_li(gl_parser *p, const tb_tok *t)
{
    p->frameset_ok = false;
    int32_t at = t->tag == T(LI) ? p->top[T(LI)]
                                 : (p->top[T(DD)] > p->top[T(DT)] ? p->top[T(DD)] : p->top[T(DT)]);
    if (at >= 0 && at >= p->meta[p->nstack - 1].below_listop) {
        gl_node *node = p->stack[at];
        implied_end(p, node->tag);
        if (current(p) != node) perr(p);
        pop_until_node(p, node);
    }
    close_p_in_button_scope(p);
    insert_html(p, t);
}

static void insert_foreign_start(gl_parser *p, const tb_tok *t, galley_ns ns)
{
    gl_node *n = insert_element_ns(p, t, ns);
    if (n && t->self_closing) pop(p);
}

static bool select_context(const gl_parser *p)
{
    return p->fragment && html_is(p->context, T(SELECT));
}

/* 13.2.6.4.7 the "in body" insertion mode */
static int mode_in_body(gl_parser *p, const tb_tok *t)
{
    switch (t->type) {
    case GALLEY_TOKEN_COMMENT: insert_comment(p, t); return DONE;
    case GALLEY_TOKEN_DOCTYPE: perr(p); return DONE;
    case GALLEY_TOKEN_EOF:
        if (p->ntmodes) return step(p, TB_IN_TEMPLATE, t);
        return DONE;
    case GALLEY_TOKEN_START_TAG: break;
    case GALLEY_TOKEN_END_TAG: goto end_tag;
    default: return DONE;
    }

    /* start tags */
    if (tag_flags[t->tag] & F_CLOSE_P) {
        close_p_in_button_scope(p);
        insert_html(p, t);
        return DONE;
    }
    if (tag_flags[t->tag] & F_HEADING) {
        close_p_in_button_scope(p);
        if (html_has(current(p), F_HEADING)) {
            perr(p);
            pop(p);
        }
        insert_html(p, t);
        return DONE;
    }
    if (tag_flags[t->tag] & F_HEAD_VOID) return step(p, TB_IN_HEAD, t);
    switch (t->tag) {
    case T(HTML):
        perr(p);
        if (!template_open(p) && p->nstack) merge_attrs(p, p->stack[0], t);
        return DONE;
    case T(NOFRAMES):
    case T(SCRIPT):
    case T(STYLE):
    case T(TEMPLATE):
    case T(TITLE): return step(p, TB_IN_HEAD, t);
    case T(BODY):
        perr(p);
        if (p->nstack < 2 || !html_is(p->stack[1], T(BODY)) || template_open(p)) return DONE;
        p->frameset_ok = false;
        merge_attrs(p, p->stack[1], t);
        return DONE;
    case T(FRAMESET):
        perr(p);
        if (p->nstack < 2 || !html_is(p->stack[1], T(BODY)) || !p->frameset_ok) return DONE;
        gl_node_detach(p->stack[1]);
        while (p->nstack > 1) pop(p);
        insert_html(p, t);
        p->mode = TB_IN_FRAMESET;
        return DONE;
    case T(PRE):
    case T(LISTING):
        close_p_in_button_scope(p);
        insert_html(p, t);
        p->skip_lf = true;
        p->frameset_ok = false;
        return DONE;
    case T(FORM):
        if (p->form && !template_open(p)) {
            perr(p);
            return DONE;
        }
        close_p_in_button_scope(p);
        {
            gl_node *f = insert_html(p, t);
            if (!template_open(p)) p->form = f;
        }
        return DONE;
    case T(LI):
    case T(DD):
    case T(DT): body_start_li(p, t); return DONE;
    case T(PLAINTEXT):
        close_p_in_button_scope(p);
        insert_html(p, t);
        set_tokenizer_state(p, GALLEY_TS_PLAINTEXT);
        return DONE;
    case T(BUTTON):
        if (in_scope(p, T(BUTTON), SC_DEFAULT)) {
            perr(p);
            implied_end(p, 0);
            pop_until_tag(p, T(BUTTON));
        }
        reconstruct_afe(p);
        insert_html(p, t);
        p->frameset_ok = false;
        return DONE;
    case T(A): {
        long i = afe_find_tag(p, T(A));
        if (i >= 0) {
            gl_node *a = p->afe[i];
            perr(p);
            tb_tok e = *t;
            e.type = GALLEY_TOKEN_END_TAG;
            if (!adoption_agency(p, &e)) body_other_end(p, &e);
            afe_remove(p, a);
            stack_remove(p, a);
        }
        reconstruct_afe(p);
        gl_node *n = insert_html(p, t);
        if (n) afe_push(p, n);
        return DONE;
    }
    case T(B):
    case T(BIG):
    case T(CODE):
    case T(EM):
    case T(FONT):
    case T(I):
    case T(S):
    case T(SMALL):
    case T(STRIKE):
    case T(STRONG):
    case T(TT):
    case T(U): {
        reconstruct_afe(p);
        gl_node *n = insert_html(p, t);
        if (n) afe_push(p, n);
        return DONE;
    }
    case T(NOBR): {
        reconstruct_afe(p);
        if (in_scope(p, T(NOBR), SC_DEFAULT)) {
            perr(p);
            tb_tok e = *t;
            e.type = GALLEY_TOKEN_END_TAG;
            if (!adoption_agency(p, &e)) body_other_end(p, &e);
            reconstruct_afe(p);
        }
        gl_node *n = insert_html(p, t);
        if (n) afe_push(p, n);
        return DONE;
    }
    case T(APPLET):
    case T(MARQUEE):
    case T(OBJECT):
        reconstruct_afe(p);
        insert_html(p, t);
        afe_mark(p);
        p->frameset_ok = false;
        return DONE;
    case T(TABLE):
        if (p->doc->quirks_mode != 1) close_p_in_button_scope(p);
        insert_html(p, t);
        p->frameset_ok = false;
        p->mode = TB_IN_TABLE;
        return DONE;
    case T(AREA):
    case T(BR):
    case T(EMBED):
    case T(IMG):
    case T(KEYGEN):
    case T(WBR):
        reconstruct_afe(p);
        insert_void(p, t);
        p->frameset_ok = false;
        return DONE;
    case T(INPUT):
        if (select_context(p)) {
            perr(p);
            return DONE;
        }
        if (in_scope(p, T(SELECT), SC_DEFAULT)) {
            perr(p);
            pop_until_tag(p, T(SELECT));
        }
        reconstruct_afe(p);
        insert_void(p, t);
        if (!attr_is(t, "type", "hidden")) p->frameset_ok = false;
        return DONE;
    case T(PARAM):
    case T(SOURCE):
    case T(TRACK): insert_void(p, t); return DONE;
    case T(HR):
        close_p_in_button_scope(p);
        if (in_scope(p, T(SELECT), SC_DEFAULT)) {
            implied_end(p, 0);
            if (in_scope(p, T(OPTION), SC_DEFAULT) || in_scope(p, T(OPTGROUP), SC_DEFAULT))
                perr(p);
        }
        insert_void(p, t);
        p->frameset_ok = false;
        return DONE;
    case T(IMAGE): {
        perr(p);
        tb_tok e = *t;
        e.tag = T(IMG);
        e.name = "img";
        e.name_len = 3;
        return step(p, TB_IN_BODY, &e);
    }
    case T(TEXTAREA):
        insert_html(p, t);
        p->skip_lf = true;
        set_tokenizer_state(p, GALLEY_TS_RCDATA);
        p->orig_mode = p->mode;
        p->frameset_ok = false;
        p->mode = TB_TEXT;
        return DONE;
    case T(XMP):
        close_p_in_button_scope(p);
        reconstruct_afe(p);
        p->frameset_ok = false;
        generic_text(p, t, GALLEY_TS_RAWTEXT);
        return DONE;
    case T(IFRAME):
        p->frameset_ok = false;
        generic_text(p, t, GALLEY_TS_RAWTEXT);
        return DONE;
    case T(NOEMBED): generic_text(p, t, GALLEY_TS_RAWTEXT); return DONE;
    case T(NOSCRIPT):
        if (p->scripting) {
            generic_text(p, t, GALLEY_TS_RAWTEXT);
            return DONE;
        }
        break;
    case T(SELECT):
        if (select_context(p)) {
            perr(p);
            return DONE;
        }
        if (in_scope(p, T(SELECT), SC_DEFAULT)) {
            perr(p);
            pop_until_tag(p, T(SELECT));
            return DONE;
        }
        reconstruct_afe(p);
        insert_html(p, t);
        p->frameset_ok = false;
        return DONE;
    case T(OPTION):
        if (in_scope(p, T(SELECT), SC_DEFAULT)) {
            implied_end(p, T(OPTGROUP));
            if (in_scope(p, T(OPTION), SC_DEFAULT)) perr(p);
        } else if (html_is(current(p), T(OPTION))) {
            pop(p);
        }
        reconstruct_afe(p);
        insert_html(p, t);
        return DONE;
    case T(OPTGROUP):
        if (in_scope(p, T(SELECT), SC_DEFAULT)) {
            implied_end(p, 0);
            if (in_scope(p, T(OPTION), SC_DEFAULT) || in_scope(p, T(OPTGROUP), SC_DEFAULT))
                perr(p);
        } else if (html_is(current(p), T(OPTION))) {
            pop(p);
        }
        reconstruct_afe(p);
        insert_html(p, t);
        return DONE;
    case T(RB):
    case T(RTC):
        if (in_scope(p, T(RUBY), SC_DEFAULT)) {
            implied_end(p, 0);
            if (!html_is(current(p), T(RUBY))) perr(p);
        }
        insert_html(p, t);
        return DONE;
    case T(RP):
    case T(RT):
        if (in_scope(p, T(RUBY), SC_DEFAULT)) {
            implied_end(p, T(RTC));
            if (!html_is(current(p), T(RTC)) && !html_is(current(p), T(RUBY))) perr(p);
        }
        insert_html(p, t);
        return DONE;
    case T(MATH):
        reconstruct_afe(p);
        insert_foreign_start(p, t, GALLEY_NS_MATHML);
        return DONE;
    case T(SVG):
        reconstruct_afe(p);
        insert_foreign_start(p, t, GALLEY_NS_SVG);
        return DONE;
    case T(CAPTION):
    case T(COL):
    case T(COLGROUP):
    case T(FRAME):
    case T(HEAD):
    case T(TBODY):
    case T(TD):
    case T(TFOOT):
    case T(TH):
    case T(THEAD):
    case T(TR): perr(p); return DONE;
    default: break;
    }
    reconstruct_afe(p);
    insert_html(p, t);
    return DONE;

end_tag:
    if (tag_flags[t->tag] & F_END_BLOCK) {
        if (!in_scope(p, t->tag, SC_DEFAULT)) {
            perr(p);
            return DONE;
        }
        implied_end(p, 0);
        if (!html_is(current(p), t->tag)) perr(p);
        pop_until_tag(p, t->tag);
        return DONE;
    }
    if (tag_flags[t->tag] & F_HEADING) {
        if (!heading_in_scope(p)) {
            perr(p);
            return DONE;
        }
        implied_end(p, 0);
        if (!html_is(current(p), t->tag)) perr(p);
        while (p->nstack && !html_has(pop(p), F_HEADING)) {
        }
        return DONE;
    }
    if (tag_flags[t->tag] & F_FORMAT) {
        if (!adoption_agency(p, t)) body_other_end(p, t);
        return DONE;
    }
    switch (t->tag) {
    case T(TEMPLATE): return step(p, TB_IN_HEAD, t);
    case T(BODY):
    case T(HTML):
        if (!in_scope(p, T(BODY), SC_DEFAULT)) {
            perr(p);
            return DONE;
        }
        p->mode = TB_AFTER_BODY;
        return t->tag == T(HTML) ? REPROCESS : DONE;
    case T(FORM):
        if (!template_open(p)) {
            gl_node *node = p->form;
            p->form = NULL;
            if (!node || !node_in_scope(p, node)) {
                perr(p);
                return DONE;
            }
            implied_end(p, 0);
            if (current(p) != node) perr(p);
            stack_remove(p, node);
        } else {
            if (!in_scope(p, T(FORM), SC_DEFAULT)) {
                perr(p);
                return DONE;
            }
            implied_end(p, 0);
            if (!html_is(current(p), T(FORM))) perr(p);
            pop_until_tag(p, T(FORM));
        }
        return DONE;
    case T(P):
        if (!in_scope(p, T(P), SC_BUTTON)) {
            perr(p);
            insert_synth(p, T(P));
        }
        close_p(p);
        return DONE;
    case T(LI):
    case T(DD):
    case T(DT):
        if (!in_scope(p, t->tag, t->tag == T(LI) ? SC_LIST : SC_DEFAULT)) {
            perr(p);
            return DONE;
        }
        implied_end(p, t->tag);
        if (!html_is(current(p), t->tag)) perr(p);
        pop_until_tag(p, t->tag);
        return DONE;
    case T(APPLET):
    case T(MARQUEE):
    case T(OBJECT):
        if (!in_scope(p, t->tag, SC_DEFAULT)) {
            perr(p);
            return DONE;
        }
        implied_end(p, 0);
        if (!html_is(current(p), t->tag)) perr(p);
        pop_until_tag(p, t->tag);
        afe_clear_to_marker(p);
        return DONE;
    case T(BR): {
        perr(p);
        tb_tok s = synth(T(BR));
        return step(p, TB_IN_BODY, &s);
    }
    default: body_other_end(p, t); return DONE;
    }
}

/* 13.2.6.4.8 the "text" insertion mode */
static int mode_text(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_EOF) {
        perr(p);
        pop(p);
        p->mode = p->orig_mode;
        return REPROCESS;
    }
    if (IS_END) {
        pop(p);
        p->mode = p->orig_mode;
    }
    return DONE;
}

static void clear_to_table_context(gl_parser *p)
{
    gl_node *c;
    while ((c = current(p)) && !html_is(c, T(TABLE)) && !html_is(c, T(TEMPLATE)) &&
           !html_is(c, T(HTML)))
        pop(p);
}
static void clear_to_table_body_context(gl_parser *p)
{
    gl_node *c;
    while ((c = current(p)) && !html_is(c, T(TBODY)) && !html_is(c, T(TFOOT)) &&
           !html_is(c, T(THEAD)) && !html_is(c, T(TEMPLATE)) && !html_is(c, T(HTML)))
        pop(p);
}
static void clear_to_table_row_context(gl_parser *p)
{
    gl_node *c;
    while ((c = current(p)) && !html_is(c, T(TR)) && !html_is(c, T(TEMPLATE)) &&
           !html_is(c, T(HTML)))
        pop(p);
}

/* 13.2.6.4.9 the "in table" insertion mode */
static int mode_in_table(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment(p, t);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE) {
        perr(p);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_EOF) return step(p, TB_IN_BODY, t);
    if (IS_START) {
        switch (t->tag) {
        case T(CAPTION):
            clear_to_table_context(p);
            afe_mark(p);
            insert_html(p, t);
            p->mode = TB_IN_CAPTION;
            return DONE;
        case T(COLGROUP):
            clear_to_table_context(p);
            insert_html(p, t);
            p->mode = TB_IN_COLUMN_GROUP;
            return DONE;
        case T(COL):
            clear_to_table_context(p);
            insert_synth(p, T(COLGROUP));
            p->mode = TB_IN_COLUMN_GROUP;
            return REPROCESS;
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD):
            clear_to_table_context(p);
            insert_html(p, t);
            p->mode = TB_IN_TABLE_BODY;
            return DONE;
        case T(TD):
        case T(TH):
        case T(TR):
            clear_to_table_context(p);
            insert_synth(p, T(TBODY));
            p->mode = TB_IN_TABLE_BODY;
            return REPROCESS;
        case T(TABLE):
            perr(p);
            if (!in_scope(p, T(TABLE), SC_TABLE)) return DONE;
            pop_until_tag(p, T(TABLE));
            reset_mode(p);
            return REPROCESS;
        case T(STYLE):
        case T(SCRIPT):
        case T(TEMPLATE): return step(p, TB_IN_HEAD, t);
        case T(INPUT):
            if (!attr_is(t, "type", "hidden")) break;
            perr(p);
            insert_void(p, t);
            return DONE;
        case T(FORM):
            perr(p);
            if (template_open(p) || p->form) return DONE;
            p->form = insert_void(p, t);
            return DONE;
        default: break;
        }
    } else if (IS_END) {
        switch (t->tag) {
        case T(TABLE):
            if (!in_scope(p, T(TABLE), SC_TABLE)) {
                perr(p);
                return DONE;
            }
            pop_until_tag(p, T(TABLE));
            reset_mode(p);
            return DONE;
        case T(BODY):
        case T(CAPTION):
        case T(COL):
        case T(COLGROUP):
        case T(HTML):
        case T(TBODY):
        case T(TD):
        case T(TFOOT):
        case T(TH):
        case T(THEAD):
        case T(TR): perr(p); return DONE;
        case T(TEMPLATE): return step(p, TB_IN_HEAD, t);
        default: break;
        }
    }
    perr(p);
    p->foster = true;
    int r = step(p, TB_IN_BODY, t);
    p->foster = false;
    return r;
}

/* 13.2.6.4.10 the "in table text" insertion mode: any non-character token
 * flushes the pending characters */
static int mode_in_table_text(gl_parser *p, const tb_tok *t)
{
    (void)t;
    gl_buf *b = &p->table_text;
    if (b->len) {
        if (p->table_text_dirty) {
            perr(p);
            p->foster = true;
            reconstruct_afe(p);
            insert_chars(p, b->data, b->len);
            p->frameset_ok = false;
            p->foster = false;
        } else {
            insert_chars(p, b->data, b->len);
        }
    }
    gl_buf_clear(b);
    p->table_text_dirty = false;
    p->mode = p->orig_mode;
    return REPROCESS;
}

/* 13.2.6.4.11 the "in caption" insertion mode */
static int mode_in_caption(gl_parser *p, const tb_tok *t)
{
    bool end_caption = END(CAPTION);
    if (end_caption || END(TABLE) ||
        (IS_START && TAG_IN(t->tag, T(CAPTION), T(COL), T(COLGROUP), T(TBODY), T(TD),
                            T(TFOOT), T(TH), T(THEAD), T(TR)))) {
        if (!in_scope(p, T(CAPTION), SC_TABLE)) {
            perr(p);
            return DONE;
        }
        implied_end(p, 0);
        if (!html_is(current(p), T(CAPTION))) perr(p);
        pop_until_tag(p, T(CAPTION));
        afe_clear_to_marker(p);
        p->mode = TB_IN_TABLE;
        return end_caption ? DONE : REPROCESS;
    }
    if (IS_END && TAG_IN(t->tag, T(BODY), T(COL), T(COLGROUP), T(HTML), T(TBODY), T(TD),
                         T(TFOOT), T(TH), T(THEAD), T(TR))) {
        perr(p);
        return DONE;
    }
    return step(p, TB_IN_BODY, t);
}

/* 13.2.6.4.12 the "in column group" insertion mode */
static int mode_in_column_group(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment(p, t);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE) return DONE;
    if (START(HTML)) return step(p, TB_IN_BODY, t);
    if (START(COL)) {
        insert_void(p, t);
        return DONE;
    }
    if (END(COLGROUP)) {
        if (!html_is(current(p), T(COLGROUP))) {
            perr(p);
            return DONE;
        }
        pop(p);
        p->mode = TB_IN_TABLE;
        return DONE;
    }
    if (END(COL)) {
        perr(p);
        return DONE;
    }
    if (START(TEMPLATE) || END(TEMPLATE)) return step(p, TB_IN_HEAD, t);
    if (t->type == GALLEY_TOKEN_EOF) return step(p, TB_IN_BODY, t);
    if (!html_is(current(p), T(COLGROUP))) {
        perr(p);
        return DONE;
    }
    pop(p);
    p->mode = TB_IN_TABLE;
    return REPROCESS;
}

/* 13.2.6.4.13 the "in table body" insertion mode */
static int mode_in_table_body(gl_parser *p, const tb_tok *t)
{
    if (START(TR)) {
        clear_to_table_body_context(p);
        insert_html(p, t);
        p->mode = TB_IN_ROW;
        return DONE;
    }
    if (START(TH) || START(TD)) {
        perr(p);
        clear_to_table_body_context(p);
        insert_synth(p, T(TR));
        p->mode = TB_IN_ROW;
        return REPROCESS;
    }
    if (IS_END && TAG_IN(t->tag, T(TBODY), T(TFOOT), T(THEAD))) {
        if (!in_scope(p, t->tag, SC_TABLE)) {
            perr(p);
            return DONE;
        }
        clear_to_table_body_context(p);
        pop(p);
        p->mode = TB_IN_TABLE;
        return DONE;
    }
    if ((IS_START && TAG_IN(t->tag, T(CAPTION), T(COL), T(COLGROUP), T(TBODY), T(TFOOT),
                            T(THEAD))) ||
        END(TABLE)) {
        if (!in_scope(p, T(TBODY), SC_TABLE) && !in_scope(p, T(THEAD), SC_TABLE) &&
            !in_scope(p, T(TFOOT), SC_TABLE)) {
            perr(p);
            return DONE;
        }
        clear_to_table_body_context(p);
        pop(p);
        p->mode = TB_IN_TABLE;
        return REPROCESS;
    }
    if (IS_END && TAG_IN(t->tag, T(BODY), T(CAPTION), T(COL), T(COLGROUP), T(HTML), T(TD),
                         T(TH), T(TR))) {
        perr(p);
        return DONE;
    }
    return mode_in_table(p, t);
}

/* 13.2.6.4.14 the "in row" insertion mode */
static int mode_in_row(gl_parser *p, const tb_tok *t)
{
    if (START(TH) || START(TD)) {
        clear_to_table_row_context(p);
        insert_html(p, t);
        p->mode = TB_IN_CELL;
        afe_mark(p);
        return DONE;
    }
    if (END(TR)) {
        if (!in_scope(p, T(TR), SC_TABLE)) {
            perr(p);
            return DONE;
        }
        clear_to_table_row_context(p);
        pop(p);
        p->mode = TB_IN_TABLE_BODY;
        return DONE;
    }
    if ((IS_START && TAG_IN(t->tag, T(CAPTION), T(COL), T(COLGROUP), T(TBODY), T(TFOOT),
                            T(THEAD), T(TR))) ||
        END(TABLE)) {
        if (!in_scope(p, T(TR), SC_TABLE)) {
            perr(p);
            return DONE;
        }
        clear_to_table_row_context(p);
        pop(p);
        p->mode = TB_IN_TABLE_BODY;
        return REPROCESS;
    }
    if (IS_END && TAG_IN(t->tag, T(TBODY), T(TFOOT), T(THEAD))) {
        if (!in_scope(p, t->tag, SC_TABLE)) {
            perr(p);
            return DONE;
        }
        if (!in_scope(p, T(TR), SC_TABLE)) return DONE;
        clear_to_table_row_context(p);
        pop(p);
        p->mode = TB_IN_TABLE_BODY;
        return REPROCESS;
    }
    if (IS_END && TAG_IN(t->tag, T(BODY), T(CAPTION), T(COL), T(COLGROUP), T(HTML), T(TD),
                         T(TH))) {
        perr(p);
        return DONE;
    }
    return mode_in_table(p, t);
}

static void close_cell(gl_parser *p)
{
    implied_end(p, 0);
    gl_node *c = current(p);
    if (!html_is(c, T(TD)) && !html_is(c, T(TH))) perr(p);
    while (p->nstack) {
        gl_node *n = pop(p);
        if (html_is(n, T(TD)) || html_is(n, T(TH))) break;
    }
    afe_clear_to_marker(p);
    p->mode = TB_IN_ROW;
}

/* 13.2.6.4.15 the "in cell" insertion mode */
static int mode_in_cell(gl_parser *p, const tb_tok *t)
{
    if (END(TD) || END(TH)) {
        if (!in_scope(p, t->tag, SC_TABLE)) {
            perr(p);
            return DONE;
        }
        implied_end(p, 0);
        if (!html_is(current(p), t->tag)) perr(p);
        pop_until_tag(p, t->tag);
        afe_clear_to_marker(p);
        p->mode = TB_IN_ROW;
        return DONE;
    }
    if (IS_START && TAG_IN(t->tag, T(CAPTION), T(COL), T(COLGROUP), T(TBODY), T(TD), T(TFOOT),
                           T(TH), T(THEAD), T(TR))) {
        if (!in_scope(p, T(TD), SC_TABLE) && !in_scope(p, T(TH), SC_TABLE)) {
            perr(p);
            return DONE;
        }
        close_cell(p);
        return REPROCESS;
    }
    if (IS_END && TAG_IN(t->tag, T(BODY), T(CAPTION), T(COL), T(COLGROUP), T(HTML))) {
        perr(p);
        return DONE;
    }
    if (IS_END && TAG_IN(t->tag, T(TABLE), T(TBODY), T(TFOOT), T(THEAD), T(TR))) {
        if (!in_scope(p, t->tag, SC_TABLE)) {
            perr(p);
            return DONE;
        }
        close_cell(p);
        return REPROCESS;
    }
    return step(p, TB_IN_BODY, t);
}

/* 13.2.6.4.18 the "in template" insertion mode */
static int mode_in_template(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT || t->type == GALLEY_TOKEN_DOCTYPE)
        return step(p, TB_IN_BODY, t);
    if (IS_START) {
        gl_tb_mode m = TB_IN_BODY;
        switch (t->tag) {
        case T(BASE):
        case T(BASEFONT):
        case T(BGSOUND):
        case T(LINK):
        case T(META):
        case T(NOFRAMES):
        case T(SCRIPT):
        case T(STYLE):
        case T(TEMPLATE):
        case T(TITLE): return step(p, TB_IN_HEAD, t);
        case T(CAPTION):
        case T(COLGROUP):
        case T(TBODY):
        case T(TFOOT):
        case T(THEAD): m = TB_IN_TABLE; break;
        case T(COL): m = TB_IN_COLUMN_GROUP; break;
        case T(TR): m = TB_IN_TABLE_BODY; break;
        case T(TD):
        case T(TH): m = TB_IN_ROW; break;
        default: break;
        }
        tmode_set(p, m);
        p->mode = m;
        return REPROCESS;
    }
    if (END(TEMPLATE)) return step(p, TB_IN_HEAD, t);
    if (IS_END) {
        perr(p);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_EOF) {
        if (!template_open(p)) return DONE;
        perr(p);
        pop_until_tag(p, T(TEMPLATE));
        afe_clear_to_marker(p);
        tmode_pop(p);
        reset_mode(p);
        return REPROCESS;
    }
    return DONE;
}

/* 13.2.6.4.19 the "after body" insertion mode */
static int mode_after_body(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment_in(p, t, p->nstack ? p->stack[0] : p->doc->root);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE) return DONE;
    if (START(HTML)) return step(p, TB_IN_BODY, t);
    if (END(HTML)) {
        if (p->fragment) {
            perr(p);
            return DONE;
        }
        p->mode = TB_AFTER_AFTER_BODY;
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_EOF) return DONE;
    perr(p);
    p->mode = TB_IN_BODY;
    return REPROCESS;
}

/* 13.2.6.4.20 the "in frameset" insertion mode */
static int mode_in_frameset(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment(p, t);
        return DONE;
    }
    if (START(HTML)) return step(p, TB_IN_BODY, t);
    if (START(FRAMESET)) {
        insert_html(p, t);
        return DONE;
    }
    if (END(FRAMESET)) {
        if (p->nstack == 1 && html_is(current(p), T(HTML))) {
            perr(p);
            return DONE;
        }
        pop(p);
        if (!p->fragment && !html_is(current(p), T(FRAMESET))) p->mode = TB_AFTER_FRAMESET;
        return DONE;
    }
    if (START(FRAME)) {
        insert_void(p, t);
        return DONE;
    }
    if (START(NOFRAMES)) return step(p, TB_IN_HEAD, t);
    if (t->type == GALLEY_TOKEN_EOF) return DONE;
    perr(p);
    return DONE;
}

/* 13.2.6.4.21 the "after frameset" insertion mode */
static int mode_after_frameset(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment(p, t);
        return DONE;
    }
    if (START(HTML)) return step(p, TB_IN_BODY, t);
    if (END(HTML)) {
        p->mode = TB_AFTER_AFTER_FRAMESET;
        return DONE;
    }
    if (START(NOFRAMES)) return step(p, TB_IN_HEAD, t);
    return DONE;
}

/* 13.2.6.4.22-23 the "after after body" / "after after frameset" modes */
static int mode_after_after(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment_in(p, t, p->doc->root);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE || START(HTML)) return step(p, TB_IN_BODY, t);
    if (t->type == GALLEY_TOKEN_EOF) return DONE;
    if (p->mode == TB_AFTER_AFTER_FRAMESET) {
        if (START(NOFRAMES)) return step(p, TB_IN_HEAD, t);
        perr(p);
        return DONE;
    }
    perr(p);
    p->mode = TB_IN_BODY;
    return REPROCESS;
}

static int step(gl_parser *p, gl_tb_mode mode, const tb_tok *t)
{
    if (p->stop) return DONE;
    switch (mode) {
    case TB_INITIAL: return mode_initial(p, t);
    case TB_BEFORE_HTML: return mode_before_html(p, t);
    case TB_BEFORE_HEAD: return mode_before_head(p, t);
    case TB_IN_HEAD: return mode_in_head(p, t);
    case TB_IN_HEAD_NOSCRIPT: return mode_in_head_noscript(p, t);
    case TB_AFTER_HEAD: return mode_after_head(p, t);
    case TB_IN_BODY: return mode_in_body(p, t);
    case TB_TEXT: return mode_text(p, t);
    case TB_IN_TABLE: return mode_in_table(p, t);
    case TB_IN_TABLE_TEXT: return mode_in_table_text(p, t);
    case TB_IN_CAPTION: return mode_in_caption(p, t);
    case TB_IN_COLUMN_GROUP: return mode_in_column_group(p, t);
    case TB_IN_TABLE_BODY: return mode_in_table_body(p, t);
    case TB_IN_ROW: return mode_in_row(p, t);
    case TB_IN_CELL: return mode_in_cell(p, t);
    case TB_IN_TEMPLATE: return mode_in_template(p, t);
    case TB_AFTER_BODY: return mode_after_body(p, t);
    case TB_IN_FRAMESET: return mode_in_frameset(p, t);
    case TB_AFTER_FRAMESET: return mode_after_frameset(p, t);
    case TB_AFTER_AFTER_BODY:
    case TB_AFTER_AFTER_FRAMESET: return mode_after_after(p, t);
    }
    return DONE;
}

/* ------------------------------------------------------------------------
 * 13.2.6.5 the rules for parsing tokens in foreign content
 * ---------------------------------------------------------------------- */
static bool font_breakout(const tb_tok *t)
{
    return attr_is(t, "color", NULL) || attr_is(t, "face", NULL) || attr_is(t, "size", NULL);
}

static int foreign(gl_parser *p, const tb_tok *t)
{
    if (t->type == GALLEY_TOKEN_COMMENT) {
        insert_comment(p, t);
        return DONE;
    }
    if (t->type == GALLEY_TOKEN_DOCTYPE) {
        perr(p);
        return DONE;
    }
    if ((IS_START && ((tag_flags[t->tag] & F_BREAKOUT) || (t->tag == T(FONT) && font_breakout(t)))) ||
        END(BR) || END(P)) {
        perr(p);
        gl_node *c;
        while ((c = current(p)) && c->ns != GALLEY_NS_HTML && !is_mathml_text_ip(c) &&
               !is_html_ip(c))
            pop(p);
        return step(p, p->mode, t);
    }
    if (IS_START) {
        gl_node *a = adjusted_current(p);
        insert_foreign_start(p, t, (galley_ns)a->ns);
        return DONE;
    }
    if (IS_END) {
        /* the walk compares the current node, then foreign elements down to
         * the nearest HTML element, where HTML rules take over */
        int32_t topi = top_index(p);
        gl_node *cur = p->stack[topi];
        if (topi == 0) return DONE;
        if (name_eq(cur->name, cur->name_len, t->name, t->name_len)) {
            pop(p);
            return DONE;
        }
        perr(p);
        uint32_t k = name_key(p, t->name, t->name_len, true, false);
        int32_t at = k == UINT32_MAX ? -1 : p->top[k];
        int32_t html = p->meta[topi].below_html;
        if (at >= 0 && at > html && at < topi) {
            pop_until_node(p, p->stack[at]);
            return DONE;
        }
        return step(p, p->mode, t);
    }
    return DONE;
}

/* The tree construction dispatcher (13.2.6) for non-character tokens. */
static bool html_rules(const gl_parser *p, const tb_tok *t)
{
    if (!p->nstack || t->type == GALLEY_TOKEN_EOF) return true;
    const gl_node *a = adjusted_current(p);
    if (a->ns == GALLEY_NS_HTML) return true;
    if (IS_START) {
        if (is_mathml_text_ip(a) && t->tag != T(MGLYPH) && t->tag != T(MALIGNMARK)) return true;
        if (a->ns == GALLEY_NS_MATHML && a->tag == T(ANNOTATION_XML) && t->tag == T(SVG))
            return true;
        if (is_html_ip(a)) return true;
    }
    return false;
}

static void process(gl_parser *p, const tb_tok *t)
{
    for (int round = 0; round < 64 && !p->stop; round++) {
        int r = html_rules(p, t) ? step(p, p->mode, t) : foreign(p, t);
        if (r != REPROCESS) return;
    }
}

#ifdef GL_TB_CHECK
/* Debug builds only: re-derives every stack index from scratch and traps
 * on a difference. */
static void check_stack(gl_parser *p)
{
    for (size_t i = 0; i < p->nstack; i++) {
        struct tb_entry want;
        const struct tb_entry *b = i ? &p->meta[i - 1] : NULL;
        gl_node *n = p->stack[i];
        int32_t ii = (int32_t)i;
        if (!(n->flags & GL_NF_OPEN)) __builtin_trap();
        uint32_t k = p->meta[i].key;
        if (k != node_key(p, n)) __builtin_trap();
        int32_t prev = -1, next = -1;
        for (size_t j = i; j-- > 0;)
            if (p->meta[j].key == k) { prev = (int32_t)j; break; }
        for (size_t j = i + 1; j < p->nstack; j++)
            if (p->meta[j].key == k) { next = (int32_t)j; break; }
        if (p->meta[i].prev_same != prev || p->meta[i].next_same != next) __builtin_trap();
        if (next < 0 && p->top[k] != ii) __builtin_trap();
        want = p->meta[i];
        meta_derive(p, i);
        if (memcmp(&want, &p->meta[i], sizeof want) != 0) __builtin_trap();
        (void)b;
    }
}
#endif

int gl_tb_sink(void *ud, const galley_token *tk)
{
    gl_parser *p = ud;
    if (p->stop) return 1;
    if (tk->type == GALLEY_TOKEN_CHARACTER) {
        const char *s = tk->data;
        size_t n = tk->data_len;
        if (p->skip_lf) {
            p->skip_lf = false;
            if (n && s[0] == '\n') {
                s++;
                n--;
            }
        }
        process_chars(p, s, n);
    } else {
        p->skip_lf = false;
        tb_tok t = {0};
        t.type = tk->type;
        t.raw = tk;
        if (tk->type == GALLEY_TOKEN_START_TAG || tk->type == GALLEY_TOKEN_END_TAG) {
            t.name = tk->data;
            t.name_len = tk->data_len;
            t.tag = gl_tag_lookup(tk->data, tk->data_len);
            t.attrs = tk->attrs;
            t.nattrs = tk->nattrs;
            t.self_closing = tk->self_closing != 0;
        }
        process(p, &t);
    }
#ifdef GL_TB_CHECK
    check_stack(p);
#endif
    gl_node *a = p->nstack ? adjusted_current(p) : NULL;
    gl_tokenizer_set_cdata_allowed(p->tok, a && a->ns != GALLEY_NS_HTML);
    return p->stop ? 1 : 0;
}

/* ------------------------------------------------------------------------
 * Set-up and tear-down
 * ---------------------------------------------------------------------- */
static void reset_state(gl_parser *p, const galley_options *opts)
{
    if (!opts) opts = gl_options_default();
    p->fail = GALLEY_OK;
    p->stop = false;
    p->scripting = opts->scripting != 0;
    p->max_depth = opts->max_depth > 0 ? (size_t)opts->max_depth : 512;
    if (p->max_depth > 65000) p->max_depth = 65000;
    p->max_nodes = opts->max_nodes > 0 ? (size_t)opts->max_nodes : SIZE_MAX;
    if (p->nodes_per_input && p->max_nodes > p->nodes_per_input)
        p->max_nodes = p->nodes_per_input;
    p->errors = 0;
    p->mode = TB_INITIAL;
    p->orig_mode = TB_INITIAL;
    p->frameset_ok = true;
    p->skip_lf = false;
    p->fragment = false;
    p->foster = false;
    p->head = p->form = p->context = NULL;
    p->nstack = 0;
    if (p->capkeys) memset(p->keys, 0, p->capkeys * sizeof *p->keys);
    p->nkeys = 0;
    if (!grow_top(p, GL_TAG_COUNT_)) oom(p);
    for (size_t i = 0; i < p->ntop; i++) p->top[i] = -1;
    p->nafe = 0;
    memset(p->afe_count, 0, sizeof p->afe_count);
    p->ntmodes = 0;
    gl_buf_clear(&p->table_text);
    p->table_text_dirty = false;
    memset(p->grown, 0, sizeof p->grown);
    p->grown_next = 0;
    p->sc_node = p->sc_select = NULL;
    p->sc_first_done = p->sc_has_selected = false;
}

void gl_tb_begin(gl_parser *p, const galley_options *opts)
{
    reset_state(p, opts);
}

bool gl_tb_begin_fragment(gl_parser *p, const galley_options *opts, const char *context,
                          galley_ns ns)
{
    reset_state(p, opts);
    p->fragment = true;
    tb_tok ct = {0};
    ct.type = GALLEY_TOKEN_START_TAG;
    ct.name = context;
    ct.name_len = strlen(context);
    ct.tag = gl_tag_lookup(context, ct.name_len);
    p->context = create_element(p, &ct, ns);
    if (!p->context) return false;
    if (ns == GALLEY_NS_HTML) {
        switch (ct.tag) {
        case T(TITLE):
        case T(TEXTAREA): set_tokenizer_state(p, GALLEY_TS_RCDATA); break;
        case T(STYLE):
        case T(XMP):
        case T(IFRAME):
        case T(NOEMBED):
        case T(NOFRAMES): set_tokenizer_state(p, GALLEY_TS_RAWTEXT); break;
        case T(SCRIPT): set_tokenizer_state(p, GALLEY_TS_SCRIPT_DATA); break;
        case T(NOSCRIPT):
            if (p->scripting) set_tokenizer_state(p, GALLEY_TS_RAWTEXT);
            break;
        case T(PLAINTEXT): set_tokenizer_state(p, GALLEY_TS_PLAINTEXT); break;
        default: break;
        }
        /* no start tag has been emitted: no end tag is "appropriate" yet */
    }
    tb_tok h = synth(T(HTML));
    gl_node *html = create_element(p, &h, GALLEY_NS_HTML);
    if (!html) return false;
    gl_node_append(p->doc->root, html);
    push(p, html);
    if (html_is(p->context, T(TEMPLATE))) tmode_push(p, TB_IN_TEMPLATE);
    reset_mode(p);
    /* the form element pointer stays NULL: the context has no ancestors */
    gl_tokenizer_set_cdata_allowed(p->tok, ns != GALLEY_NS_HTML);
    return !p->stop;
}

void gl_tb_finish(gl_parser *p)
{
    while (p->nstack) pop(p);
    for (size_t i = 0; i < p->nafe; i++)
        if (p->afe[i]) p->afe[i]->flags &= (uint16_t)~GL_NF_AFE;
    p->nafe = 0;
    p->doc->parse_errors += p->errors;
    if (p->fragment) {
        /* the fragment's nodes are the children of the html element */
        gl_node *root = p->doc->root;
        gl_node *html = root->first_child;
        while (html && html->type != GALLEY_NODE_ELEMENT) html = html->next;
        if (html) {
            gl_node *c;
            while ((c = html->first_child)) {
                gl_node_detach(c);
                gl_node_insert_before(root, c, html);
            }
            gl_node_detach(html);
            /* depths were counted below the html element: recount */
            for (gl_node *n = root->first_child; n; n = gl_walk_next(root, n, false))
                if (n->type == GALLEY_NODE_ELEMENT && n->parent)
                    n->depth = (uint16_t)(n->parent->type == GALLEY_NODE_ELEMENT
                                              ? (n->parent->depth < 65535 ? n->parent->depth + 1
                                                                          : 65535)
                                              : 1);
        }
    }
}
