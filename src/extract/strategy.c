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
 * Each is a row of the plan (plan.c) with its acceptance test; a reading
 * that fails it leaves the first reading's body in place. Every threshold
 * is a field of the per-mode tuning table.
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

/* The reading the classifier's guess over the body so far calls for, made
 * once per page (the body changes as the readings go). */
static uint8_t guess(gl_xctx *c)
{
    gl_xplan *p = &c->plan;
    if (!p->scan) return GL_STRAT_NONE;
    if (!p->guessed) {
        p->guessed = true;
        p->type = gl_page_guess(p->scan, c->a, &p->p_type, &p->p_article);
        p->strategy = choose(c, p->type, p->p_type, p->p_article);
    }
    return p->strategy;
}

static void guess_figs(gl_xctx *c)
{
    const gl_xplan *p = &c->plan;
    gl_xplan_figs(c, GL_FIGS({"guess_type", p->type}, {"p_type", p->p_type},
                             {"p_article", p->p_article},
                             {"max_article_p", c->tune->strategy_max_article_p}));
}

static bool guess_when(gl_xctx *c, uint8_t st)
{
    if (guess(c) != st) return false;
    guess_figs(c);
    return true;
}

static bool forum_when(gl_xctx *c) { return guess_when(c, GL_STRAT_FORUM); }

static bool product_when(gl_xctx *c) { return guess_when(c, GL_STRAT_PRODUCT); }

/* no teasers, no listing: the marks of the last reading are the ones the
 * listing reading would make */
static bool teasers_when(gl_xctx *c, uint8_t st)
{
    uint32_t nt, rc;
    if (guess(c) != st || !gl_strategy_teaser_run(c, &nt, &rc)) return false;
    guess_figs(c);
    return true;
}

static bool listing_when(gl_xctx *c) { return teasers_when(c, GL_STRAT_LISTING); }

static bool collection_when(gl_xctx *c) { return teasers_when(c, GL_STRAT_COLLECTION); }

static galley_status strategy_run(gl_xctx *c, uint8_t st)
{
    c->plan.forum = c->declared_forum;
    c->strategy = st;
    if (st == GL_STRAT_FORUM) c->declared_forum = true;
    return gl_extract_run(c);
}

static galley_status forum_run(gl_xctx *c) { return strategy_run(c, GL_STRAT_FORUM); }

static galley_status listing_run(gl_xctx *c) { return strategy_run(c, GL_STRAT_LISTING); }

static galley_status collection_run(gl_xctx *c) { return strategy_run(c, GL_STRAT_COLLECTION); }

static galley_status product_run(gl_xctx *c) { return strategy_run(c, GL_STRAT_PRODUCT); }

/* Is the reading's body what the page type wants? The classifier looks
 * at the new body: a listing reading must leave the page looking like a
 * listing, confidently, a collection's like a collection or a listing with
 * a grid no bigger than half its intro (a catalogue's cards are not the
 * page's text), a thread's reading like a forum. */
/* The classifier's guess over the new body: its type, with its probability
 * in *p (0 when the reading found nothing). */
static int guess_after(gl_xctx *c, double *p)
{
    *p = 0;
    return c->a->blocks ? gl_page_guess(c->plan.scan, c->a, p, NULL) : GL_PT_ARTICLE;
}

/* The figures of a teaser reading's test, for the trace. */
static void teaser_figs(gl_xctx *c, double p, double accept_p, size_t chars, const char *gain,
                        double gain_v)
{
    gl_xplan_figs(c, GL_FIGS({"p_type_after", p}, {"accept_p", accept_p},
                             {"teasers", c->teasers}, {"min_teasers", c->tune->listing_min_teasers},
                             {"first_chars", c->plan.first_chars}, {"chars", chars},
                             {gain, gain_v}));
}

static bool listing_accept(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    double p;
    int type = guess_after(c, &p);
    /* the first reading chose a widget beside the teasers: the listing
     * holds many times its text */
    size_t chars = gl_extract_blocks_chars(c->a);
    teaser_figs(c, p, t->listing_accept_p, chars, "gain_factor", t->listing_gain_factor);
    return c->a->blocks && c->teasers >= t->listing_min_teasers &&
           chars >= c->plan.first_chars * t->listing_gain_factor && type == GL_PT_LISTING &&
           p >= t->listing_accept_p;
}

static bool collection_accept(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    double p;
    int type = guess_after(c, &p);
    /* the collection wants a body at most a little bigger than the first */
    size_t chars = gl_extract_blocks_chars(c->a);
    teaser_figs(c, p, t->collection_accept_p, chars, "max_gain", t->collection_max_gain);
    return c->a->blocks && c->teasers >= t->listing_min_teasers &&
           (type == GL_PT_COLLECTION || type == GL_PT_LISTING) && p >= t->collection_accept_p &&
           chars <= c->plan.first_chars * t->collection_max_gain;
}

static bool product_accept(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    double p;
    int type = guess_after(c, &p);
    gl_xplan_figs(c, GL_FIGS({"p_type_after", p}, {"accept_p", t->product_min_p}));
    return c->a->blocks && type == GL_PT_PRODUCT && p >= t->product_min_p;
}

static bool forum_accept(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    double p;
    int type = guess_after(c, &p);
    gl_xplan_figs(c, GL_FIGS({"p_type_after", p}, {"accept_p", t->forum_min_p}));
    return c->a->blocks && type == GL_PT_FORUM && p >= t->forum_min_p;
}

static galley_status strategy_refused(gl_xctx *c)
{
    galley_status s = GALLEY_OK;
    bool forum = c->plan.forum;
    if (c->declared_forum != forum && c->opts->comments) {
        /* the comments pass reads the marks: the first reading's */
        gl_extract_forget_reading(c);
        c->declared_forum = forum;
        s = gl_extract_clean(c);
    }
    c->declared_forum = forum;
    return s;
}

const gl_reading gl_read_forum = {.rule = "read.forum",
                                  .stage = GL_XSTAGE_PAGE,
                                  .when = forum_when,
                                  .run = forum_run,
                                  .accept = forum_accept,
                                  .refused = strategy_refused};

const gl_reading gl_read_listing = {.rule = "read.listing",
                                    .stage = GL_XSTAGE_PAGE,
                                    .when = listing_when,
                                    .run = listing_run,
                                    .accept = listing_accept,
                                    .refused = strategy_refused};

const gl_reading gl_read_collection = {.rule = "read.collection",
                                       .stage = GL_XSTAGE_PAGE,
                                       .when = collection_when,
                                       .run = collection_run,
                                       .accept = collection_accept,
                                       .refused = strategy_refused};

const gl_reading gl_read_product = {.rule = "read.product",
                                    .stage = GL_XSTAGE_PAGE,
                                    .when = product_when,
                                    .run = product_run,
                                    .accept = product_accept,
                                    .refused = strategy_refused};
