/*
 * plan.c -- the readings of the page, as a table.
 *
 * A reading is passes 1-5 (marks, choice, blocks, post-processing) run with
 * some settings; gl_extract_run (extract.c) is one. The plan below lists
 * every reading galley may make of a page, in the order it tries them. A
 * row names its rule (the trace's id), where it steps in (its stage), when
 * it is tried (`when`: its tuning flag and precondition, whose figures go
 * to the trace), what it does (`run`) and, for a reading of the whole page,
 * the acceptance test its body must pass to replace the body before it
 * (`accept`) and how a refused reading is undone (`refused`).
 *
 *   CHOICE rows step in inside a reading once the content is chosen;
 *   BODY rows after its post-processing;
 *   PAGE rows read the whole page again after the reading before them.
 */
#include <stdlib.h>

#include "extract_int.h"

void gl_xplan_figs(gl_xctx *c, const gl_trace_fig *fig, size_t nfig)
{
    if (nfig > GL_XPLAN_FIGS) nfig = GL_XPLAN_FIGS;
    memcpy(c->plan.fig, fig, nfig * sizeof *fig);
    c->plan.nfig = nfig;
}

/* ---- read.thread: a short post under a discussion many times its size is
 * a thread (link aggregators, forums without forum markup), whose replies
 * are the content */

static bool thread_when(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    gl_xplan *p = &c->plan;
    if (c->declared_forum || c->declared_article || !t->read_thread) return false;
    float chosen = 0;
    uint32_t chars = 0;
    for (size_t i = 0; i < p->nroots; i++) {
        chosen += gl_x(c, p->roots[i])->tot;
        chars += gl_x(c, p->roots[i])->gchars;
    }
    /* a post marked as an article's body (entry-content) is the article,
     * whatever follows it */
    bool body = false;
    for (gl_node *n = p->nroots ? p->roots[0] : NULL; n && !body; n = n->parent)
        body = n->type == GALLEY_NODE_ELEMENT && (gl_x(c, n)->ev & GL_EV_BODY);
    if (body || chars >= t->thread_max_post_chars ||
        !(c->comment_tot > t->thread_mass_ratio * chosen + t->thread_mass_slack))
        return false;
    gl_xplan_figs(c, GL_FIGS({"chosen_chars", chars},
                             {"max_post_chars", t->thread_max_post_chars},
                             {"chosen_mass", chosen}, {"comment_mass", c->comment_tot},
                             {"mass_ratio", t->thread_mass_ratio},
                             {"mass_slack", t->thread_mass_slack}));
    return true;
}

static galley_status thread_run(gl_xctx *c)
{
    gl_xplan *p = &c->plan;
    gl_node *post = p->nroots ? p->roots[0] : NULL;
    free(p->roots);
    p->roots = NULL;
    p->nroots = 0;
    gl_extract_forget_reading(c);
    c->declared_forum = true;
    galley_status s = gl_extract_clean(c);
    if (s == GALLEY_OK) s = gl_extract_select(c, &p->roots, &p->nroots);
    /* the post the replies answer comes first */
    if (s == GALLEY_OK && post && p->nroots && post->index < p->roots[0]->index &&
        gl_x(c, post)->state == GL_X_KEEP) {
        bool inside = false;
        for (gl_node *n = post; n && !inside; n = n->parent)
            for (size_t i = 0; i < p->nroots && !inside; i++) inside = n == p->roots[i];
        for (gl_node *n = p->roots[0]; n && !inside; n = n->parent) inside = n == post;
        gl_node **r = inside ? NULL : realloc(p->roots, (p->nroots + 1) * sizeof *r);
        if (r) {
            gl_xtrace_mark(c, post, "select.thread_post", true, GL_NOFIGS);
            memmove(r + 1, r, p->nroots * sizeof *r);
            r[0] = post;
            p->roots = r;
            p->nroots++;
        }
    }
    return s;
}

/* ---- read.recall_whole_body: in recall mode, a choice much smaller than
 * the page's prose gives way to the whole body (boilerplate marks still
 * apply) */

static gl_node *whole_page(gl_xctx *c) { return c->body ? c->body : c->doc->root; }

static bool whole_body_when(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    gl_xplan *p = &c->plan;
    size_t chosen = 0;
    for (size_t i = 0; i < p->nroots; i++) chosen += gl_x(c, p->roots[i])->gchars;
    size_t total = gl_x(c, whole_page(c))->gchars;
    if (!t->read_whole_body || (uint64_t)chosen * 100 >= (uint64_t)total * t->whole_body_below_pct ||
        !p->nroots)
        return false;
    gl_xplan_figs(c, GL_FIGS({"chosen_chars", (double)chosen}, {"page_chars", (double)total}));
    return true;
}

static galley_status whole_body_run(gl_xctx *c)
{
    gl_xplan *p = &c->plan;
    gl_node *page = whole_page(c);
    p->roots[0] = page;
    p->nroots = 1;
    gl_xtrace_mark(c, page, "read.recall_whole_body", true, p->fig, p->nfig);
    return GALLEY_OK;
}

/* ---- read.ignore_soft: nothing survived: the whole body, boilerplate
 * marks ignored (pages whose only text sits in boxes that look like
 * widgets) */

static bool ignore_soft_when(gl_xctx *c)
{
    return !c->a->blocks && c->body && c->tune->read_ignore_soft;
}

static galley_status ignore_soft_run(gl_xctx *c)
{
    gl_node *page = c->body;
    c->ignore_soft = true;
    gl_xtrace_mark(c, page, "read.ignore_soft", true, GL_NOFIGS);
    galley_status s = gl_extract_blocks(c, &page, 1, false);
    if (s == GALLEY_OK) gl_extract_post(c);
    return s;
}

/* ---- read.reveal_hidden: Next.js-style pages hide the whole page until
 * scripts run (a visibility:hidden veil, parts parked in hidden boxes):
 * when the visible page gives almost nothing, hidden elements are read
 * too, and the second reading is kept if it finds clearly more. */

static bool reveal_when(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    size_t got = gl_extract_blocks_chars(c->a);
    if (got >= t->reveal_below_chars || !t->read_reveal) return false;
    gl_xplan_figs(c, GL_FIGS({"first_chars", got}, {"below_chars", t->reveal_below_chars}));
    return true;
}

static galley_status reveal_run(gl_xctx *c)
{
    c->reveal = true;
    return gl_extract_run(c);
}

static bool reveal_accept(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    return gl_extract_blocks_chars(c->a) >=
           c->plan.first_chars * t->reveal_gain_factor + t->reveal_below_chars;
}

static galley_status reveal_refused(gl_xctx *c)
{
    c->reveal = false;
    return GALLEY_OK;
}

/* ---- read.class_blind: class words (data/vocab/class_words.txt) are
 * written from articles; on a shop's category page or a service page they
 * mark the product cards and the offer boxes as teasers and widgets. When
 * the classifier, seeing the body so far, calls the page one of the types
 * the table names (class_blind_*), the page is read again by its structure
 * alone, and that body is kept if it holds at least as much text
 * (class_blind_min_gain times as much): class words fail on these pages by
 * dropping the cards, so a shorter reading means they were right. */

static bool class_blind_type(const gl_xtune *t, int type)
{
    switch (type) {
    case GL_PT_LISTING: return t->class_blind_listing;
    case GL_PT_COLLECTION: return t->class_blind_collection;
    case GL_PT_PRODUCT: return t->class_blind_product;
    case GL_PT_FORUM: return t->class_blind_forum;
    case GL_PT_DOCS: return t->class_blind_docs;
    case GL_PT_SERVICE: return t->class_blind_service;
    default: return false;
    }
}

static bool class_blind_when(gl_xctx *c)
{
    if (!c->tune->read_class_blind || !c->plan.scan || !c->a->blocks) return false;
    double p = 0;
    int type = gl_page_guess(c->plan.scan, c->a, &p, NULL);
    if (!class_blind_type(c->tune, type)) return false;
    gl_xplan_figs(c, GL_FIGS({"guess_type", type}, {"p_type", p}));
    return true;
}

static galley_status class_blind_run(gl_xctx *c)
{
    /* the same reading as the body's, the page type's one included */
    c->strategy = c->plan.body_strategy; /* a thread's reading left declared_forum set */
    c->blind_classes = true;
    galley_status s = gl_extract_run(c);
    c->blind_classes = false;
    return s;
}

static bool class_blind_accept(gl_xctx *c)
{
    size_t chars = gl_extract_blocks_chars(c->a);
    float gain = c->tune->class_blind_min_gain;
    gl_xplan_figs(c, GL_FIGS({"first_chars", c->plan.first_chars}, {"chars", chars},
                             {"min_gain", gain}));
    return chars > 0 && (double)chars >= (double)c->plan.first_chars * gain;
}

static galley_status class_blind_refused(gl_xctx *c)
{
    if (!c->opts->comments) return GALLEY_OK;
    /* the comments pass reads the marks: the kept body's (its reading's
     * strategy is still set, class words read again) */
    gl_extract_forget_reading(c);
    return gl_extract_clean(c);
}

/* ---- the plan */

static const gl_reading read_page = {
    .rule = "read.page", .stage = GL_XSTAGE_PAGE, .run = gl_extract_run};
static const gl_reading read_thread = {
    .rule = "read.thread", .stage = GL_XSTAGE_CHOICE, .when = thread_when, .run = thread_run};
static const gl_reading read_whole_body = {.rule = "read.recall_whole_body",
                                           .stage = GL_XSTAGE_CHOICE,
                                           .step = true,
                                           .when = whole_body_when,
                                           .run = whole_body_run};
static const gl_reading read_ignore_soft = {.rule = "read.ignore_soft",
                                            .stage = GL_XSTAGE_BODY,
                                            .when = ignore_soft_when,
                                            .run = ignore_soft_run};
static const gl_reading read_reveal = {.rule = "read.reveal_hidden",
                                       .stage = GL_XSTAGE_PAGE,
                                       .when = reveal_when,
                                       .run = reveal_run,
                                       .accept = reveal_accept,
                                       .refused = reveal_refused};

static const gl_reading read_class_blind = {.rule = "read.class_blind",
                                            .stage = GL_XSTAGE_PAGE,
                                            .when = class_blind_when,
                                            .run = class_blind_run,
                                            .accept = class_blind_accept,
                                            .refused = class_blind_refused};

static const gl_reading *const plan[] = {
    &read_page,       /* the article strategy, first */
    &read_thread,     /* ... which may read the page as a thread */
    &read_whole_body, /* ... or take the whole body (recall) */
    &read_ignore_soft, /* ... or, left with nothing, ignore the boilerplate marks */
    &read_reveal,     /* almost nothing: hidden elements too */
    &gl_read_forum,   /* the page type's readings (strategy.c); one guess */
    &gl_read_product, /* picks at most one of them */
    &gl_read_collection,
    &gl_read_listing,
    &read_class_blind, /* last: the page type, seeing the body, may call for no class words */
};

#define NPLAN (sizeof plan / sizeof plan[0])

galley_status gl_extract_plan_stage(gl_xctx *c, uint8_t stage)
{
    for (size_t i = 0; i < NPLAN; i++) {
        const gl_reading *r = plan[i];
        if (r->stage != stage) continue;
        c->plan.nfig = 0;
        if (r->when && !r->when(c)) continue;
        if (c->tr && r->step) gl_trace_add_step(c->tr, r->rule, c->plan.fig, c->plan.nfig);
        else if (c->tr) gl_trace_begin_reading(c->tr, r->rule, c->plan.fig, c->plan.nfig);
        galley_status s = r->run(c);
        if (s != GALLEY_OK) return s;
    }
    return GALLEY_OK;
}

/* A PAGE row: the page read again; the body before it stays unless the new
 * one passes the row's acceptance test. */
static galley_status read_again(gl_xctx *c, const gl_reading *r, uint16_t *won)
{
    gl_article *a = c->a;
    gl_xplan *p = &c->plan;
    if (c->tr) gl_trace_begin_reading(c->tr, r->rule, p->fig, p->nfig);
    gl_block *b0 = a->blocks, *t0 = a->blocks_tail;
    p->first_chars = gl_extract_blocks_chars(a);
    gl_extract_forget_reading(c);
    a->blocks = a->blocks_tail = NULL;
    c->ignore_soft = false;
    galley_status s = r->run(c);
    bool ok = true;
    if (s == GALLEY_OK && r->accept) {
        p->nfig = 0;
        ok = r->accept(c);
        if (c->tr && p->nfig)
            gl_trace_add_step(c->tr, ok ? "read.accepted" : "read.refused", p->fig, p->nfig);
    }
    if (!ok) {
        a->blocks = b0;
        a->blocks_tail = t0;
        if (r->refused) s = r->refused(c);
    } else {
        p->body_strategy = c->strategy;
        if (c->tr) *won = c->tr->reading;
    }
    c->strategy = GL_STRAT_NONE;
    return s;
}

galley_status gl_extract_plan(gl_xctx *c)
{
    galley_status s = GALLEY_OK;
    uint16_t won = 0;
    for (size_t i = 0; i < NPLAN && s == GALLEY_OK; i++) {
        const gl_reading *r = plan[i];
        if (r->stage != GL_XSTAGE_PAGE) continue;
        c->plan.nfig = 0;
        if (r->when && !r->when(c)) continue;
        s = read_again(c, r, &won);
    }
    if (c->tr) gl_trace_reading_won(c->tr, won);
    return s;
}
