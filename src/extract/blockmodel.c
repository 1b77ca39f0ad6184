/*
 * blockmodel.c -- post.model: a fitted second opinion on the drop of link
 * lists and link paragraphs.
 *
 * post.link_list and post.link_paragraph drop a block by its share of
 * link text alone; on some pages such a block is the article (a list of
 * references, a paragraph of linked names). When one of them would drop a
 * block, a logistic model over the figures hand-set rules look at --
 * length, link density, punctuation, digits, the block's type, where it
 * sits, its neighbours' links -- gives the probability that the block
 * belongs to the article; at or over the fitted cut-off it stays (rule
 * post.model), under it the rule drops it. The weights and the cut-off are
 * fitted by tools/fit-blocks.py on the datasets' gold bodies and generated
 * into blockmodel_weights.h; tools/fit-fold.sh refits them per fold for
 * tools/cv.py --fit. The verdict is applied only with the tuning switch
 * post_model_keeps, off in every mode: cross-validated by site, the model
 * did not beat the rules alone (README). Off, every drop stays with its
 * rule and the trace still shows what the model would have said.
 *
 * The trace gives every judged block each feature's value, its
 * contribution (weight x value, "c.FEATURE"), the probability and the
 * cut-off, on the note of post.model or of the rule that dropped it: the
 * fit script reads the features back from there, so there is one feature
 * extractor, this one.
 *
 * Cost: one walk of the body's text when the post pass starts, one dot
 * product per judged block.
 */
#include <math.h>
#include <stdlib.h>

#include "../article/bwalk.h"
#include "extract_int.h"

/* X(name, expression over the block's figures `s` and the body's `g`) */
#define BM_FEATURES(X) \
    X(bias, 1) \
    X(heading, s->type == GALLEY_BLOCK_HEADING) \
    X(list, s->type == GALLEY_BLOCK_LIST) \
    X(quote, s->type == GALLEY_BLOCK_QUOTE) \
    X(table, s->type == GALLEY_BLOCK_TABLE) \
    X(log_chars, log1p((double)s->chars)) \
    X(log_chars_sq, log1p((double)s->chars) * log1p((double)s->chars) / 10) \
    X(link_density, ratio(s->link_bytes, s->bytes)) \
    X(punct_rate, fmin(1.0, 10.0 * ratio(s->punct, s->chars))) \
    X(digit_share, ratio(s->digits, s->chars)) \
    X(ends_sentence, s->ends_sentence) \
    X(position, g->n > 1 ? (double)s->index / (double)(g->n - 1) : 0.0) \
    X(first, s->index == 0) \
    X(last, s->index + 1 == g->n) \
    X(before_first_para, g->first_para >= 0 && (long)s->index < g->first_para) \
    X(after_last_para, g->last_para >= 0 && (long)s->index > g->last_para) \
    X(share, ratio(s->chars, g->chars)) \
    X(log_body_chars, log1p((double)g->chars)) \
    X(log_blocks, log1p((double)g->n)) \
    X(prev_link_density, s->prev_ld) \
    X(next_link_density, s->next_ld) \
    X(listing, g->listing) \
    X(link_items, ratio(s->link_items, s->items)) \
    X(log_items, log1p((double)s->items)) \
    X(after_heading, s->after_heading) \
    X(log_item_chars, log1p(ratio(s->chars, s->items))) \
    X(log_prev_chars, log1p((double)s->prev_chars)) \
    X(log_next_chars, log1p((double)s->next_chars)) \
    X(body_link_density, ratio(g->link_bytes, g->bytes))

enum {
#define BM_ENUM(n, e) BM_##n,
    BM_FEATURES(BM_ENUM)
#undef BM_ENUM
    BM_N
};

#include "blockmodel_weights.h"

_Static_assert(sizeof bm_weights / sizeof bm_weights[0] == BM_N,
               "blockmodel_weights.h is stale: rerun tools/fit-blocks.py --write");

#define BM_NAME(n, e) #n,
static const char *const bm_name[BM_N] = {BM_FEATURES(BM_NAME)};
#undef BM_NAME
#define BM_CNAME(n, e) "c." #n,
static const char *const bm_cname[BM_N] = {BM_FEATURES(BM_CNAME)};
#undef BM_CNAME

/* the figures of one top-level block */
typedef struct bm_stats {
    gl_block *b;
    uint8_t type;
    bool ends_sentence, after_heading;
    uint32_t index;
    size_t bytes, link_bytes, chars, punct, digits, items, link_items;
    size_t prev_chars, next_chars;
    double prev_ld, next_ld;
} bm_stats;

/* the figures of the body */
typedef struct bm_body {
    uint32_t n;
    long first_para, last_para; /* indexes of the first and last long paragraph, or -1 */
    size_t chars, bytes, link_bytes;
    bool listing;
} bm_body;

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }

static void add_text(bm_stats *st, const gl_block *b)
{
    if (!b->text_len) return;
    st->bytes += b->text_len;
    st->link_bytes += gl_extract_link_bytes(b);
    st->chars += gl_extract_count_chars(b->text, b->text_len);
    st->punct += gl_extract_count_punct(b->text, b->text_len);
    for (uint32_t i = 0; i < b->text_len; i++)
        if (b->text[i] >= '0' && b->text[i] <= '9') st->digits++;
    st->ends_sentence = gl_extract_ends_sentence(b->text, b->text_len, true);
}

/* The block's figures over its text and its descendants' (iterative;
 * past 64 levels of nesting the rest is not counted); an item counts as a
 * link as post.link_list counts it (link_item_min_link_pct). */
static void measure(const gl_xtune *t, bm_stats *st, gl_block *b)
{
    st->b = b;
    st->type = b->type;
    add_text(st, b);
    gl_bwalk w;
    gl_bwalk_init_tree(&w, b);
    for (const gl_block *p; (p = gl_bwalk_next_block(&w));) {
        if (p == b) continue;
        add_text(st, p);
        if (p->type == GALLEY_BLOCK_LIST_ITEM) {
            st->items++;
            if (p->text_len && (uint64_t)gl_extract_link_bytes(p) * 100 >=
                                   (uint64_t)p->text_len * t->link_item_min_link_pct)
                st->link_items++;
        }
    }
    gl_bwalk_free(&w);
}

static void features(const bm_stats *s, const bm_body *g, double *x)
{
#define BM_VAL(n, e) x[BM_##n] = (double)(e);
    BM_FEATURES(BM_VAL)
#undef BM_VAL
}

struct gl_bmodel {
    bm_stats *sv;
    bm_body g;
};

gl_bmodel *gl_blockmodel_new(gl_xctx *c)
{
    gl_bmodel *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->g = (bm_body){0, -1, -1, 0, 0, 0, c->listing};
    bm_body *g = &m->g;
    for (gl_block *b = c->a->blocks; b; b = b->next) g->n++;
    m->sv = calloc(g->n ? g->n : 1, sizeof *m->sv);
    if (!m->sv) {
        free(m);
        return NULL;
    }
    bm_stats *sv = m->sv;
    uint32_t i = 0;
    for (gl_block *b = c->a->blocks; b; b = b->next, i++) {
        sv[i].index = i;
        measure(c->tune, &sv[i], b);
        g->chars += sv[i].chars;
        g->bytes += sv[i].bytes;
        g->link_bytes += sv[i].link_bytes;
        if (b->type == GALLEY_BLOCK_PARAGRAPH && sv[i].chars >= c->tune->first_para_min_chars) {
            if (g->first_para < 0) g->first_para = (long)i;
            g->last_para = (long)i;
        }
    }
    for (i = 0; i < g->n; i++) {
        sv[i].prev_ld = i ? ratio(sv[i - 1].link_bytes, sv[i - 1].bytes) : 0.0;
        sv[i].next_ld = i + 1 < g->n ? ratio(sv[i + 1].link_bytes, sv[i + 1].bytes) : 0.0;
        sv[i].after_heading = i && sv[i - 1].type == GALLEY_BLOCK_HEADING;
        sv[i].prev_chars = i ? sv[i - 1].chars : 0;
        sv[i].next_chars = i + 1 < g->n ? sv[i + 1].chars : 0;
    }
    return m;
}

void gl_blockmodel_free(gl_bmodel *m)
{
    if (!m) return;
    free(m->sv);
    free(m);
}

bool gl_blockmodel_keeps(gl_xctx *c, const gl_bmodel *m, uint32_t index, const char *rule,
                         const gl_trace_fig *fig, size_t nfig)
{
    if (!m || index >= m->g.n) return false;
    const bm_stats *s = &m->sv[index];
    double x[BM_N], z = 0;
    features(s, &m->g, x);
    for (int k = 0; k < BM_N; k++) z += bm_weights[k] * x[k];
    double p = 1.0 / (1.0 + exp(-z));
    bool keep = c->tune->post_model_keeps && p >= GL_BLOCKMODEL_KEEP_P;
    if (c->tr) {
        enum { EXTRA = 8 };
        gl_trace_fig f[EXTRA + 2 * BM_N + 4];
        size_t nf = 0;
        for (size_t k = 0; k < nfig && k < EXTRA; k++) f[nf++] = fig[k];
        f[nf++] = (gl_trace_fig){"p", p};
        f[nf++] = (gl_trace_fig){"keep_p", GL_BLOCKMODEL_KEEP_P};
        f[nf++] = (gl_trace_fig){"keeps", c->tune->post_model_keeps};
        f[nf++] = (gl_trace_fig){"block", (double)index};
        for (int k = 0; k < BM_N; k++) {
            f[nf++] = (gl_trace_fig){bm_name[k], x[k]};
            f[nf++] = (gl_trace_fig){bm_cname[k], bm_weights[k] * x[k]};
        }
        gl_xtrace_judge(c, s->b, keep ? "post.model" : rule, keep, f, nf);
    }
    return keep;
}
