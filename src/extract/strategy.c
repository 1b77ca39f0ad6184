/*
 * strategy.c -- the page type's own reading of the page.
 *
 * The first reading of a page is the article strategy (extract.c). When
 * the page classifier, looking at that reading's body, is not sure the
 * page is an article, the reading of its likely type is tried:
 *
 *   read.listing     a listing (blog home, grid of link cards): the
 *                    runs of repeated teasers are the body, not the prose
 *                    of a side widget.
 *   read.collection  a category page: its intro text (the article
 *                    strategy's choice) and the grid of teasers beside it,
 *                    not the filter sidebar; kept only when the grid is a
 *                    small addition (a catalogue many times the intro's
 *                    size is not the page's text).
 *   read.product     a product page: its body without the runs of teasers
 *                    in it (other products: related, also viewed).
 *   read.forum       a thread: the replies are content, and a list whose
 *                    items are posts is read as posts (blocks.c).
 *
 * Each reading has an acceptance test (the rows below); a reading that
 * fails it leaves the first reading's body in place. Every threshold is a
 * field of the per-mode tuning table.
 */
#include <stdlib.h>

#include "extract_int.h"

/* ------------------------------------------------------ teaser runs */

/* Children of one parent that share a tag and a class are one template's
 * repetitions; a run of them holding links and text is a teaser list. */
typedef struct run_slot {
    uint64_t sig;
    uint32_t n, chars;
} run_slot;

#define RUN_SLOTS 8 /* distinct templates tracked per parent; more are rare */

static uint64_t signature(const gl_node *n)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)n->tag;
    const gl_attr *cl = gl_node_attr(n, "class");
    if (cl)
        for (size_t i = 0; i < cl->value_len; i++) h = (h ^ (unsigned char)cl->value[i]) * 1099511628211ull;
    return h;
}

static size_t depth_of(const gl_node *n)
{
    size_t d = 0;
    for (; n; n = n->parent) d++;
    return d;
}

static gl_node *common_ancestor(gl_node *a, gl_node *b)
{
    size_t da = depth_of(a), db = depth_of(b);
    for (; da > db; da--) a = a->parent;
    for (; db > da; db--) b = b->parent;
    while (a != b) {
        a = a->parent;
        b = b->parent;
    }
    return a;
}

/* Is `k` a teaser: kept, this long, with a link? */
static bool is_teaser(gl_xctx *c, const gl_node *k)
{
    if (k->type != GALLEY_NODE_ELEMENT) return false;
    const gl_xnode *xk = gl_x(c, k);
    return xk->state == GL_X_KEEP && xk->glchars > 0 && xk->gchars >= c->tune->teaser_min_chars;
}

/* The templates of p's teaser children, with their counts and characters;
 * returns how many (at most RUN_SLOTS). Linear in p's children. */
static size_t teaser_slots(gl_xctx *c, const gl_node *p, run_slot *slot)
{
    size_t ns = 0;
    for (gl_node *k = p->first_child; k; k = k->next) {
        if (!is_teaser(c, k)) continue;
        uint64_t sig = signature(k);
        size_t i = 0;
        while (i < ns && slot[i].sig != sig) i++;
        if (i == ns) {
            if (ns == RUN_SLOTS) continue;
            slot[ns++] = (run_slot){sig, 0, 0};
        }
        slot[i].n++;
        slot[i].chars += gl_x(c, k)->gchars;
    }
    return ns;
}

#define MAX_RUNS 32 /* runs joined into one listing; bounds the ancestor climbs */

gl_node *gl_strategy_teaser_run(gl_xctx *c, uint32_t *nteasers, uint32_t *run_chars)
{
    const gl_xtune *t = c->tune;
    gl_node *root = c->body ? c->body : c->doc->root;
    gl_node *runs[MAX_RUNS];
    uint32_t rchars[MAX_RUNS], rn[MAX_RUNS];
    size_t nruns = 0;
    uint32_t best_chars = 0;
    /* each element is looked at once as a parent and once as a child:
     * linear in the tree */
    for (gl_node *p = root; p;) {
        bool skip = p->type != GALLEY_NODE_ELEMENT || gl_x(c, p)->state != GL_X_KEEP;
        if (!skip) {
            run_slot slot[RUN_SLOTS];
            size_t ns = teaser_slots(c, p, slot);
            size_t bi = RUN_SLOTS;
            for (size_t i = 0; i < ns; i++)
                if (slot[i].n >= t->listing_min_teasers && (bi == RUN_SLOTS || slot[i].chars > slot[bi].chars))
                    bi = i;
            if (bi < RUN_SLOTS) {
                /* full: the smallest run gives way */
                size_t at = nruns;
                if (nruns == MAX_RUNS) {
                    at = 0;
                    for (size_t i = 1; i < nruns; i++)
                        if (rchars[i] < rchars[at]) at = i;
                    if (rchars[at] >= slot[bi].chars) at = MAX_RUNS;
                } else {
                    nruns++;
                }
                if (at < MAX_RUNS) {
                    runs[at] = p;
                    rchars[at] = slot[bi].chars;
                    rn[at] = slot[bi].n;
                }
                if (slot[bi].chars > best_chars) best_chars = slot[bi].chars;
            }
        }
        if (gl_extract_tick(c)) break;
        p = gl_walk_next(root, p, skip);
    }
    /* the listing is every run of a good size: their nearest common box */
    gl_node *box = NULL;
    uint32_t n = 0, chars = 0;
    for (size_t i = 0; i < nruns; i++) {
        if ((uint64_t)rchars[i] * 100 < (uint64_t)best_chars * t->listing_join_run_pct) continue;
        box = box ? common_ancestor(box, runs[i]) : runs[i];
        n += rn[i];
        chars += rchars[i];
    }
    *nteasers = n;
    *run_chars = chars;
    return box;
}

/* A product page's body without the grids of other products (related,
 * also viewed, complete the look): every run of teasers under the roots
 * holding under half of the root's text is marked boilerplate. Each
 * element is looked at as a parent once and as a child at most twice:
 * linear in the tree. */
void gl_strategy_drop_teasers(gl_xctx *c, gl_node *const *roots, size_t nroots)
{
    const gl_xtune *t = c->tune;
    for (size_t r = 0; r < nroots; r++) {
        uint64_t root_chars = gl_x(c, roots[r])->gchars;
        for (gl_node *p = roots[r]; p;) {
            bool skip = p->type != GALLEY_NODE_ELEMENT || gl_x(c, p)->state != GL_X_KEEP;
            if (!skip) {
                run_slot slot[RUN_SLOTS];
                size_t ns = teaser_slots(c, p, slot);
                for (gl_node *k = p->first_child; k; k = k->next) {
                    if (!is_teaser(c, k)) continue;
                    uint64_t sig = signature(k);
                    size_t i = 0;
                    while (i < ns && slot[i].sig != sig) i++;
                    /* a run holding half the body is the body (a grid the
                     * classifier took for a product, a product's reviews) */
                    if (i == ns || slot[i].n < t->product_min_teasers ||
                        (uint64_t)slot[i].chars * 100 > root_chars * t->product_max_run_pct)
                        continue;
                    gl_x(c, k)->state = GL_X_SOFT;
                    if (c->tr)
                        gl_xtrace_mark(c, k, "select.product_teasers", false,
                                       GL_FIGS({"teasers", slot[i].n},
                                               {"min_teasers", t->product_min_teasers},
                                               {"run_chars", slot[i].chars},
                                               {"body_chars", root_chars},
                                               {"max_run_pct", t->product_max_run_pct}));
                }
            }
            if (gl_extract_tick(c)) return;
            p = gl_walk_next(roots[r], p, skip);
        }
    }
}

/* ------------------------------------------------------ the readings */

/* The reading to try for the classifier's guess over the first body. */
static uint8_t choose(const gl_xctx *c, int type, double p_type, double p_article)
{
    const gl_xtune *t = c->tune;
    if (p_article >= t->strategy_max_article_p) return GL_STRAT_NONE;
    /* a page with forum markup was read as a thread already */
    if (type == GL_PT_FORUM)
        return t->read_forum && p_type >= t->forum_min_p && !c->declared_forum ? GL_STRAT_FORUM
                                                                                : GL_STRAT_NONE;
    if (t->read_product && type == GL_PT_PRODUCT && p_type >= t->product_min_p)
        return GL_STRAT_PRODUCT;
    if (t->read_collection && type == GL_PT_COLLECTION) return GL_STRAT_COLLECTION;
    if (t->read_listing && (type == GL_PT_LISTING || type == GL_PT_COLLECTION || type == GL_PT_ARTICLE))
        return GL_STRAT_LISTING;
    return GL_STRAT_NONE;
}

/* Is the reading's body what the page type wants? The classifier looks
 * at the new body: a listing reading must leave the page looking like a
 * listing, confidently, a collection's like a collection or a listing with
 * a grid no bigger than half its intro (a catalogue's cards are not the
 * page's text), a thread's reading like a forum. */
static bool accept(gl_xctx *c, const gl_page_scan *scan, uint8_t st, size_t first_chars,
                   double *p_out)
{
    const gl_xtune *t = c->tune;
    if (!c->a->blocks) return false;
    double p;
    int type = gl_page_guess(scan, c->a, &p, NULL);
    *p_out = p;
    switch (st) {
    case GL_STRAT_LISTING:
        /* the first reading chose a widget beside the teasers: the listing
         * holds many times its text */
        return c->teasers >= t->listing_min_teasers &&
               gl_extract_blocks_chars(c->a) >= first_chars * t->listing_gain_factor &&
               type == GL_PT_LISTING && p >= t->listing_accept_p;
    case GL_STRAT_COLLECTION:
        return c->teasers >= t->listing_min_teasers &&
               (type == GL_PT_COLLECTION || type == GL_PT_LISTING) && p >= t->collection_accept_p &&
               gl_extract_blocks_chars(c->a) <= first_chars * t->collection_max_gain;
    case GL_STRAT_PRODUCT:
        return type == GL_PT_PRODUCT && p >= t->product_min_p;
    case GL_STRAT_FORUM:
        return type == GL_PT_FORUM && p >= t->forum_min_p;
    default:
        return false;
    }
}

galley_status gl_extract_strategy(gl_xctx *c, const gl_page_scan *scan, uint16_t *won)
{
    gl_article *a = c->a;
    const gl_xtune *t = c->tune;
    double p, pa;
    int type = gl_page_guess(scan, a, &p, &pa);
    uint8_t st = choose(c, type, p, pa);
    if (st == GL_STRAT_NONE) return GALLEY_OK;
    uint32_t nt, rc;
    /* no teasers, no listing: the marks of the last reading are the ones
     * the listing reading would make */
    if ((st == GL_STRAT_LISTING || st == GL_STRAT_COLLECTION) &&
        !gl_strategy_teaser_run(c, &nt, &rc))
        return GALLEY_OK;
    const char *rule = st == GL_STRAT_LISTING      ? "read.listing"
                       : st == GL_STRAT_COLLECTION ? "read.collection"
                       : st == GL_STRAT_PRODUCT    ? "read.product"
                                                   : "read.forum";
    if (c->tr)
        gl_trace_begin_reading(c->tr, rule,
                               GL_FIGS({"guess_type", type}, {"p_type", p}, {"p_article", pa},
                                       {"max_article_p", t->strategy_max_article_p}));
    gl_block *b0 = a->blocks, *t0 = a->blocks_tail;
    size_t first_chars = gl_extract_blocks_chars(a);
    bool forum = c->declared_forum;
    gl_extract_forget_reading(c);
    a->blocks = a->blocks_tail = NULL;
    c->ignore_soft = false;
    c->strategy = st;
    if (st == GL_STRAT_FORUM) c->declared_forum = true;
    galley_status s = gl_extract_run(c);
    double pn = 0;
    bool ok = s == GALLEY_OK && accept(c, scan, st, first_chars, &pn);
    if (c->tr && (st == GL_STRAT_LISTING || st == GL_STRAT_COLLECTION)) {
        /* the listing wants a body many times the first, the collection
         * one at most a little bigger */
        bool listing = st == GL_STRAT_LISTING;
        gl_trace_add_step(c->tr, ok ? "read.accepted" : "read.refused",
                          GL_FIGS({"p_type_after", pn},
                                  {"accept_p", listing ? t->listing_accept_p : t->collection_accept_p},
                                  {"teasers", c->teasers}, {"min_teasers", t->listing_min_teasers},
                                  {"first_chars", first_chars},
                                  {"chars", gl_extract_blocks_chars(a)},
                                  {listing ? "gain_factor" : "max_gain",
                                   listing ? t->listing_gain_factor : t->collection_max_gain}));
    } else if (c->tr) {
        double accept_p = st == GL_STRAT_PRODUCT ? t->product_min_p : t->forum_min_p;
        gl_trace_add_step(c->tr, ok ? "read.accepted" : "read.refused",
                          GL_FIGS({"p_type_after", pn}, {"accept_p", accept_p}));
    }
    if (s == GALLEY_OK && !ok) {
        a->blocks = b0;
        a->blocks_tail = t0;
        if (c->declared_forum != forum && c->opts->comments) {
            /* the comments pass reads the marks: the first reading's */
            gl_extract_forget_reading(c);
            c->declared_forum = forum;
            s = gl_extract_clean(c);
        }
        c->declared_forum = forum;
    } else if (ok && c->tr) {
        *won = c->tr->reading;
    }
    c->strategy = GL_STRAT_NONE;
    return s;
}
