/* meta_text.c -- the DOM as the metadata readers see it: an element's
 * text gathered (bounded, squashed, bylines' glued fields parted), an
 * element's class and id lower-cased with the attributes the walk reads,
 * the class words that hint at a byline or a date line
 * (data/vocab/class_hints.txt), and the subtrees whose dates and bylines
 * are not the article's (nav, forms, ARIA landmarks, the boilerplate class
 * words of data/vocab/class_words.txt). */
#include "meta_walk.h"

/* Text that, glued to a word, starts another field: a word ("May"), or
 * punctuation before words (", Founder"); a bare ", " or " and " between
 * two names is a list. */
static bool glued_field(const char *d, size_t n)
{
    if (gl_meta_word_byte(d[0])) return true;
    if (gl_is_ascii_ws((unsigned char)d[0])) return false;
    for (size_t i = 1; i < n && i < 8; i++)
        if (gl_meta_word_byte(d[i])) return true;
    return false;
}

/* Text of `n`'s subtree, bounded, squashed, into `out` (NUL-terminated);
 * elements for which `over` says so are stepped over with their subtree
 * (scripts and styles always). With `glue`, text of two elements that
 * touch without a space ("Jane Doe</a><span>May 3") is parted by '|':
 * in a byline they are two fields laid out apart by the style sheet. */
size_t gl_meta_gather_ex(const gl_node *n, char *out, size_t cap,
                        bool (*over)(const gl_node *), bool glue)
{
    size_t o = 0, visited = 0;
    const gl_node *c = n, *last = NULL;
    while (c && visited < GL_META_GATHER_MAX_NODES) {
        visited++;
        bool skip = false;
        if (c->type == GALLEY_NODE_TEXT) {
            if (glue && last && c->parent != last->parent && o && o + 2 < cap &&
                c->data_len && gl_meta_word_byte(out[o - 1]) && glued_field(c->data, c->data_len))
                out[o++] = '|';
            last = c;
            size_t k = c->data_len;
            if (o + k + 1 >= cap) k = cap - o - 1;
            memcpy(out + o, c->data, k);
            o += k;
            if (o + 1 >= cap) break;
        } else if (c->type == GALLEY_NODE_ELEMENT && c != n) {
            if (c->tag == GL_TAG_SCRIPT || c->tag == GL_TAG_STYLE) {
                skip = true;
            } else if (over && over(c)) {
                /* what the skipped part stood between stays apart */
                skip = true;
                if (o && o + 1 < cap && out[o - 1] != ' ') out[o++] = ' ';
            }
            else if (o && o + 1 < cap &&
                     (c->tag == GL_TAG_BR || c->tag == GL_TAG_P || c->tag == GL_TAG_DIV ||
                      c->tag == GL_TAG_LI))
                out[o++] = '\n';
        }
        c = gl_walk_next(n, c, skip);
    }
    /* the cap may cut the last character in two: drop its leading bytes */
    size_t e = o;
    while (e && o - e < 3 && ((unsigned char)out[e - 1] & 0xC0) == 0x80) e--;
    if (e && (unsigned char)out[e - 1] >= 0xC0) {
        unsigned char l = (unsigned char)out[e - 1];
        if (o - (e - 1) < (l >= 0xF0 ? 4u : l >= 0xE0 ? 3u : 2u)) o = e - 1;
    }
    out[o] = 0;
    /* keep line breaks as separators for bylines: squash spaces only */
    size_t w = 0;
    bool sp = false;
    for (size_t i = 0; i < o; i++) {
        unsigned char ch = (unsigned char)out[i];
        if (ch == '\n') {
            while (w && out[w - 1] == ' ') w--;
            if (w && out[w - 1] != '\n') out[w++] = '\n';
            sp = false;
            continue;
        }
        bool ws = ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f';
        if (!ws && ch == 0xc2 && i + 1 < o && (unsigned char)out[i + 1] == 0xa0) {
            ws = true;
            i++;
        }
        if (ws) {
            sp = w > 0 && out[w - 1] != '\n';
            continue;
        }
        if (sp) out[w++] = ' ';
        sp = false;
        out[w++] = (char)ch;
    }
    while (w && (out[w - 1] == ' ' || out[w - 1] == '\n')) w--;
    out[w] = 0;
    return w;
}

/* The text nodes of a small subtree, each followed by a space. */
size_t gl_meta_gather_parts(const gl_node *n, char *out, size_t cap)
{
    size_t o = 0, visited = 0;
    for (const gl_node *c = n->first_child; c && visited < 32; c = gl_walk_next(n, c, false)) {
        visited++;
        if (c->type != GALLEY_NODE_TEXT) continue;
        if (o + c->data_len + 2 >= cap) break;
        memcpy(out + o, c->data, c->data_len);
        o += c->data_len;
        out[o++] = ' ';
    }
    out[o] = 0;
    return o;
}

size_t gl_meta_gather(const gl_node *n, char *out, size_t cap)
{
    return gl_meta_gather_ex(n, out, cap, NULL, false);
}

size_t gl_meta_gather_byline(const gl_node *n, char *out, size_t cap)
{
    return gl_meta_gather_ex(n, out, cap, NULL, true);
}

/* ASCII lower-case copy of k bytes, eight at a time: class lists are
 * copied for most elements of the page. Bytes >= 0x80 pass unchanged. */
static void lower_copy(char *out, const char *in, size_t k)
{
    size_t i = 0;
    for (; i + 8 <= k; i += 8) {
        uint64_t x;
        memcpy(&x, in + i, 8);
        uint64_t h = x & 0x7f7f7f7f7f7f7f7full;
        uint64_t ge_a = h + 0x3f3f3f3f3f3f3f3full; /* high bit: byte >= 'A' */
        uint64_t gt_z = h + 0x2525252525252525ull; /* high bit: byte > 'Z' */
        x |= (ge_a & ~gt_z & ~x & 0x8080808080808080ull) >> 2;
        memcpy(out + i, &x, 8);
    }
    for (; i < k; i++) out[i] = (char)gl_lower((unsigned char)in[i]);
}

/* Lower-cased "class id " from the two attributes (either may be NULL),
 * bounded, NUL-terminated; returns its length. */
static size_t class_id_copy(const gl_attr *cl, const gl_attr *id, char *out, size_t cap)
{
    size_t o = 0;
    const gl_attr *two[2] = {cl, id};
    for (int k = 0; k < 2; k++) {
        const gl_attr *a = two[k];
        if (!a) continue;
        size_t m = o + 2 < cap ? cap - 2 - o : 0;
        if (m > a->value_len) m = a->value_len;
        lower_copy(out + o, a->value, m);
        o += m;
        if (o + 1 < cap) out[o++] = ' '; /* a full class leaves no room */
    }
    out[o] = 0;
    return o;
}

/* Lower-cased copy of class + " " + id, bounded; only when `want` (else
 * empty): inside boilerplate most elements never look at it. */
size_t gl_meta_class_id(const gl_node *n, char *out, size_t cap, bool want, gl_meta_elem_attrs *ea)
{
    /* one pass over the attributes: class, id, itemprop, property, role, rel,
     * aria-modal */
    const gl_attr *cl = NULL, *id = NULL;
    ea->itemprop = ea->property = ea->role = ea->rel = NULL;
    ea->modal = false;
    if (!n->nattrs) {
        out[0] = 0; /* most elements */
        return 0;
    }
    for (uint32_t i = 0; i < n->nattrs; i++) {
        const gl_attr *a = &n->attrs[i];
        switch (a->name_len) {
        case 2: if (a->name[0] == 'i' && a->name[1] == 'd') id = a; break;
        case 3:
            /* the first in no namespace, as gl_node_attr finds it */
            if (!ea->rel && a->ns == GALLEY_NS_NONE && memcmp(a->name, "rel", 3) == 0) ea->rel = a;
            break;
        case 4:
            if (!ea->role && a->ns == GALLEY_NS_NONE && memcmp(a->name, "role", 4) == 0)
                ea->role = a;
            break;
        case 5: if (memcmp(a->name, "class", 5) == 0) cl = a; break;
        case 8:
            if (memcmp(a->name, "itemprop", 8) == 0) ea->itemprop = a;
            else if (memcmp(a->name, "property", 8) == 0) ea->property = a;
            break;
        case 10:
            if (a->ns == GALLEY_NS_NONE && memcmp(a->name, "aria-modal", 10) == 0 &&
                gl_ascii_ieq(a->value, a->value_len, "true"))
                ea->modal = true;
            break;
        default: break;
        }
    }
    return class_id_copy(want ? cl : NULL, want ? id : NULL, out, cap);
}

/* Words in a class/id string that hint at a byline or a date line:
 * data/vocab/class_hints.txt. */
static const gl_vocab_entry *const ck_words = gl_vocab_class_hints;
_Static_assert(GL_VOCAB_CLASS_HINTS_N <= 16, "gl_meta_class_kinds keeps a 16-bit mask of the words");

/* What a class/id string hints at, in one pass: this runs for every
 * element with a class, so a table test on each letter pair (no branch
 * on the letter itself) and a compare of only the words that start with
 * the letter where the pair could start one. */
unsigned gl_meta_class_kinds(gl_meta_class_rows *r, const char *ci)
{
    enum { NW = GL_VOCAB_CLASS_HINTS_N };
    if (!r->built) {
        for (unsigned j = 0; j < NW; j++) {
            r->row[(unsigned char)ck_words[j].s[0]] |= 1u << (ck_words[j].s[1] & 31);
            r->first[(unsigned char)ck_words[j].s[0]] |= (uint16_t)(1u << j);
        }
        r->built = true;
    }
    unsigned k = 0;
    for (const char *p = ci; *p; p++) {
        if (!((r->row[(unsigned char)p[0]] >> (p[1] & 31)) & 1u)) continue;
        for (unsigned m = r->first[(unsigned char)p[0]]; m; m &= m - 1) {
            unsigned j = (unsigned)__builtin_ctz(m);
            size_t i = 1; /* p[i] stops at the NUL: no word holds one */
            while (i < ck_words[j].n && p[i] == ck_words[j].s[i]) i++;
            if (i == ck_words[j].n) k |= ck_words[j].tags;
        }
    }
    return k;
}

static void bp_build(gl_meta_bp_rows *r)
{
    memset(r, 0, sizeof *r);
    for (size_t j = 0; j < GL_VOCAB_CLASS_WORDS_N; j++) {
        const gl_vocab_entry *e = &gl_vocab_class_words[j];
        unsigned f = (unsigned)(unsigned char)e->s[0] - 'a';
        if ((e->tags & GL_VOCAB_CLASS_WORDS_TOKEN) && f < 26 && r->n[f] < GL_META_BP_PER_LETTER)
            r->word[f][r->n[f]++] = (uint8_t)j;
    }
    r->built = true;
}

/* A class token that starts with a boilerplate word. */
static bool bp_word(const gl_meta_bp_rows *r, const char *t, size_t len)
{
    unsigned f = (unsigned)(unsigned char)*t - 'a';
    if (f >= 26) return false;
    for (unsigned j = 0; j < r->n[f]; j++) {
        const gl_vocab_entry *e = &gl_vocab_class_words[r->word[f][j]];
        if (len >= e->n && memcmp(t, e->s, e->n) == 0) return true;
    }
    return false;
}

/* A class token with a later part "comment(s)" ("recipe-comment-box",
 * "post_comments"): a reader's comment, whose date is not the story's. A
 * leading "has-"/"no-"/"with-" names a page state, and "-count"/"-link"
 * endings are the story's own comment counter. */
static bool comment_part(const char *t, size_t len)
{
    if (len < 9 || (len >= 4 && (memcmp(t, "has-", 4) == 0 || memcmp(t, "no-", 3) == 0 ||
                                 memcmp(t, "with-", 5) == 0)))
        return false;
    for (size_t i = 1; i + 8 <= len; i++) {
        if ((t[i - 1] != '-' && t[i - 1] != '_') || memcmp(t + i, "comment", 7) != 0) continue;
        const char *rest = t + i + 7;
        size_t rn = len - i - 7;
        if (rn && *rest == 's') rest++, rn--;
        if (rn == 0 || *rest == '-' || *rest == '_') {
            /* "-comment-count", "-comments-link": a counter in the story's meta line */
            if ((rn > 5 && memcmp(rest + 1, "count", 5) == 0) ||
                (rn > 4 && memcmp(rest + 1, "link", 4) == 0) ||
                (rn > 6 && memcmp(rest + 1, "number", 6) == 0))
                return false;
            return true;
        }
    }
    return false;
}

/* subtrees whose dates and bylines are not the article's */
bool gl_meta_boilerplate(gl_meta_bp_rows *bpr, const gl_node *n, const char *ci, const gl_attr *role,
                        bool in_article)
{
    if (n->tag == GL_TAG_NAV || n->tag == GL_TAG_FORM || n->tag == GL_TAG_SELECT ||
        n->tag == GL_TAG_BUTTON)
        return true;
    /* an article's own <footer>/<aside> often holds its date and author */
    if (n->tag == GL_TAG_FOOTER || n->tag == GL_TAG_ASIDE) return !in_article;
    /* ARIA landmarks that say the same as <nav>/<aside>/<footer> */
    if (role && !in_article &&
        (gl_ascii_ieq(role->value, role->value_len, "complementary") ||
         gl_ascii_ieq(role->value, role->value_len, "navigation") ||
         gl_ascii_ieq(role->value, role->value_len, "contentinfo")))
        return true;
    if (!*ci || n->tag == GL_TAG_BODY || n->tag == GL_TAG_HTML || n->tag == GL_TAG_MAIN ||
        n->tag == GL_TAG_ARTICLE)
        return false;
    /* page-wide wrappers carry theme classes ("has-sidebar", "menu-open") */
    if (n->depth < 3) return false;
    /* class tokens that start with a boilerplate word ("comments-area",
     * "related-posts", "sidebar"); layout modifiers such as "right-sidebar"
     * or "has-comments" name the page, not the element */
    bool comments = strstr(ci, "comment") != NULL; /* one search, not one per token */
    if (!bpr->built) bp_build(bpr);
    for (const char *t = ci; *t;) {
        while (*t == ' ') t++;
        const char *e = t;
        while (*e && *e != ' ') e++;
        if (e > t && bp_word(bpr, t, (size_t)(e - t))) return true;
        if (comments && e > t && comment_part(t, (size_t)(e - t))) return true;
        t = e;
    }
    return false;
}

const char *gl_meta_attr(const gl_node *n, const char *name, size_t *len)
{
    const gl_attr *a = gl_node_attr(n, name);
    if (!a) return NULL;
    if (len) *len = a->value_len;
    return a->value;
}

bool gl_meta_url_like(const char *s, size_t n)
{
    return (n >= 4 && (memcmp(s, "http", 4) == 0 || memcmp(s, "www.", 4) == 0)) ||
           (n >= 1 && s[0] == '/');
}

/* Bytes of `s` that are not white space, counted up to `cap`: the length
 * of a text as read, whatever its indentation. */
size_t gl_meta_ink(const char *s, size_t n, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap; i++)
        if (!gl_is_ascii_ws((unsigned char)s[i])) k++;
    return k;
}

/* Whether an element sits in a list item or a table cell, a few levels up. */
bool gl_meta_in_list(const gl_node *n)
{
    int up = 0;
    for (const gl_node *p = n; p && up < 8; p = p->parent, up++)
        if (gl_is_html(p, GL_TAG_LI) || gl_is_html(p, GL_TAG_TD) || gl_is_html(p, GL_TAG_DD))
            return true;
    return false;
}

/* Lower-cased class + " " + id of one element, bounded: read for the few
 * headline elements and their children only. */
void gl_meta_class_of(const gl_node *e, char *out, size_t cap)
{
    class_id_copy(gl_node_attr(e, "class"), gl_node_attr(e, "id"), out, cap);
}
