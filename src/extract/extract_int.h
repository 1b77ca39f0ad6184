/*
 * extract_int.h -- shared state of the extraction passes (clean, score,
 * blocks, post). Private to src/extract.
 *
 * Every per-node datum lives in side arrays indexed by gl_node.index, so the
 * DOM is never restructured and memory is O(1) per node.
 */
#ifndef GL_EXTRACT_INT_H
#define GL_EXTRACT_INT_H

#include "extract.h"
#include "tuning.h"

#define GL_X_EVCACHE 1024 /* evidence cache slots (power of two) */

/* node states (gl_xnode.state) */
enum {
    GL_X_KEEP = 0,
    GL_X_HARD = 1,     /* script, hidden, form control: never text */
    GL_X_SOFT = 2,     /* boilerplate by tag, class words, link density */
    GL_X_COMMENTS = 3, /* the comment thread: never in the body */
};

/* class/id/role/itemprop evidence (gl_xnode.ev) */
enum {
    GL_EV_ABS = 1,     /* boilerplate whatever its size (share, related, cookie) */
    GL_EV_STRUCT = 2,  /* boilerplate unless it holds prose (sidebar, meta, tags) */
    GL_EV_LINKY = 4,   /* layout words given away only by links (widget, menu) */
    GL_EV_POS = 8,     /* article, content, entry, post, story, text */
    GL_EV_COMMENT = 16,
    GL_EV_BODY = 32,   /* articleBody, entry-content */
    GL_EV_HIDDEN = 64, /* assistive-only text */
    GL_EV_LEAD = 128,  /* lead, intro, standfirst, excerpt: the article's summary */
    GL_EV_OVERLAY = 256, /* consent banners and pop-ups (cookie, consent, modal) */
    GL_EV_REVIEW = 512,  /* customers' reviews (review, itemprop=review) */
};

/* the page-type readings (gl_xctx.strategy) */
enum { GL_STRAT_NONE = 0, GL_STRAT_LISTING, GL_STRAT_FORUM, GL_STRAT_COLLECTION,
       GL_STRAT_PRODUCT };

typedef struct gl_xctx gl_xctx;

/* Where the plan (plan.c) tries a reading. */
enum {
    GL_XSTAGE_CHOICE = 1, /* in a reading, once the content is chosen: chooses again */
    GL_XSTAGE_BODY = 2,   /* in a reading, after post-processing: builds the body again */
    GL_XSTAGE_PAGE = 3,   /* after a whole reading: reads the page again, from its marks
                           * up; the new body is kept when its acceptance test passes */
};

/* One reading of the page: a row of the plan (plan.c). */
typedef struct gl_reading {
    const char *rule; /* its id in the trace, read.* */
    uint8_t stage;    /* GL_XSTAGE_* */
    bool step;        /* the trace records it as a step of the current reading,
                       * not as a reading of its own */
    /* whether it is tried: its tuning flag and its precondition; it puts the
     * figures it looked at in c->plan (they go to the trace). NULL: always */
    bool (*when)(gl_xctx *c);
    /* the reading; a PAGE row's starts from no marks and no body */
    galley_status (*run)(gl_xctx *c);
    /* PAGE rows: its acceptance test, true keeps the new body; figures it
     * puts in c->plan go to the trace as a step read.accepted or
     * read.refused. NULL: always kept */
    bool (*accept)(gl_xctx *c);
    /* PAGE rows: undoes its settings once refused (the body is put back
     * already). NULL: nothing to undo */
    galley_status (*refused)(gl_xctx *c);
} gl_reading;

#define GL_XPLAN_FIGS 8 /* figures of one test; the most a row gives is 7 */

/* The state of the plan for one page. */
typedef struct gl_xplan {
    const gl_page_scan *scan; /* the classifier's scan, for the page type's readings; may be NULL */
    gl_node **roots;          /* the current reading's choice (malloc'ed) */
    size_t nroots;
    size_t first_chars;       /* characters of the body a PAGE reading would replace */
    bool forum;               /* c->declared_forum before a page type's reading */
    /* the classifier's guess over the body before the page type's readings,
     * made once: the reading (GL_STRAT_*) it calls for */
    bool guessed;
    uint8_t strategy;
    uint8_t body_strategy; /* the page type's reading (GL_STRAT_*) the body so far came from */
    int type;
    double p_type, p_article;
    /* the figures of the last test, for the trace */
    gl_trace_fig fig[GL_XPLAN_FIGS];
    size_t nfig;
} gl_xplan;

/* gl_xnode.flags */
enum {
    GL_XF_CAND = 1,     /* received a score */
    GL_XF_HEAD_ANC = 2, /* the headline is inside */
};

typedef struct gl_xnode {
    /* after hard drops (pass 1) */
    uint32_t chars;  /* visible characters (code points, whitespace collapsed) */
    uint32_t lchars; /* of which inside links */
    /* after soft drops (pass 2) */
    uint32_t gchars, glchars;
    uint32_t own, own_l; /* characters whose nearest block ancestor is this node */
    uint16_t punct;      /* commas and sentence ends owned by this node (capped) */
    uint16_t paras;      /* paragraph-like descendants */
    float score;         /* content score (candidates only) */
    float tot;           /* sum of the paragraph scores in the subtree, undecayed */
    float rtot;          /* the same before boilerplate marks (pass 1) */
    uint8_t state;
    uint8_t flags;       /* GL_XF_* bits */
    uint16_t ev;         /* GL_EV_* bits */
} gl_xnode;

/* What the metadata pass marked, in the order a node marked twice is
 * reported (headline over byline over date line). */
enum { GL_XMARK_DATELINE = 1, GL_XMARK_BYLINE = 2, GL_XMARK_HEADLINE = 3 };

struct gl_xctx {
    gl_doc *doc;
    gl_article *a;
    const galley_options *opts;
    const gl_deadline *deadline;
    const char *base_url; /* page URL or <base href>, may be NULL */
    gl_xnode *x;
    size_t nx;
    const gl_xtune *tune; /* the thresholds of the page's mode */
    uint32_t page_chars; /* visible characters of the whole page */
    float page_tot;      /* paragraph mass of the whole page (pass 1) */
    float comment_tot;   /* paragraph mass of the comment threads (pass 1) */
    gl_node *body;
    gl_node *headline; /* the metadata's headline element, once seen visible */
    const gl_node *hint_headline; /* the metadata's headline element, if any */
    uint8_t *meta_mark; /* by node index: GL_XMARK_* of the metadata's hints; NULL: none */
    gl_node *first_h1; /* the page's first visible <h1> */
    gl_buf tmp;        /* scratch */
    size_t ticks;
    bool timed_out;
    bool declared_article; /* metadata says the page is an article */
    bool declared_forum;   /* ... a discussion thread */
    bool declared_product; /* ... a product (schema.org Product, og:type product) */
    bool listing;          /* no prose found: the page is read as a listing */
    bool ignore_soft;      /* last resort: boilerplate marks are ignored */
    bool blind_classes;    /* read.class_blind: class, id, role and itemprop words
                              give no evidence but assistive-only, comment and
                              overlay marks */
    bool reveal;           /* retry: hidden elements are read as visible */
    uint8_t strategy;      /* GL_STRAT_*: the page type's reading, if any */
    uint32_t teasers;      /* teasers in the run the listing reading chose */
    gl_xplan plan;         /* the readings of the page (plan.c) */
    uint8_t wb[26][32], wn[26]; /* class word list bucketed by first letter */
    uint32_t big[26];           /* first-letter -> second letters in use */
    uint64_t evkey[GL_X_EVCACHE];  /* class string hash -> evidence */
    uint16_t evval[GL_X_EVCACHE];
    /* the trace (NULL when off): per node, the decision that marked it
     * (inherited down the tree when a reading ends), and whether its text
     * reached a block */
    gl_trace *tr;
    const gl_trace_note **why;
    uint8_t *seen;
};

static inline gl_xnode *gl_x(gl_xctx *c, const gl_node *n) { return &c->x[n->index]; }

/* extract.c */
/* One reading of the page: marks, choice, blocks, clean-up. */
galley_status gl_extract_run(gl_xctx *c);
/* Forgets what a reading of the page marked and found, for another
 * reading with other settings. */
void gl_extract_forget_reading(gl_xctx *c);
/* Characters of the body's blocks, down to their grandchildren: the
 * figure readings are compared by. */
size_t gl_extract_blocks_chars(const gl_article *a);

/* plan.c: the table of the readings of the page (gl_reading rows). */
/* Reads the page: every PAGE row whose `when` holds, in order; the trace
 * records the reading whose body stays in c->a. */
galley_status gl_extract_plan(gl_xctx *c);
/* In a reading: every row of `stage` (GL_XSTAGE_CHOICE, _BODY) whose `when` holds. */
galley_status gl_extract_plan_stage(gl_xctx *c, uint8_t stage);
/* Puts figures in c->plan for the trace: gl_xplan_figs(c, GL_FIGS(...)). */
void gl_xplan_figs(gl_xctx *c, const gl_trace_fig *fig, size_t nfig);

/* strategy.c: the page type's readings, tried after the first readings when
 * the classifier doubts the page is an article (rows of the plan). */
extern const gl_reading gl_read_forum, gl_read_product, gl_read_collection, gl_read_listing;
/* The parent of the page's longest run of teasers (same tag and class,
 * each with a link), or NULL; their number and characters. */
gl_node *gl_strategy_teaser_run(gl_xctx *c, uint32_t *nteasers, uint32_t *run_chars);

/* Marks boilerplate every run of teasers under the roots that holds under
 * product_max_run_pct of its root's text (a product page's grids of other
 * products). */
void gl_strategy_drop_teasers(gl_xctx *c, gl_node *const *roots, size_t nroots);

/* iterative walk helpers: enter/leave order without recursion */
bool gl_extract_tick(gl_xctx *c);

/* clean.c */
void gl_extract_words_init(gl_xctx *c);
galley_status gl_extract_clean(gl_xctx *c);
bool gl_extract_is_block_tag(const gl_node *n);
/* Commas and sentence ends in `s` (ASCII and CJK), as prose scoring counts them. */
unsigned gl_extract_count_punct(const char *s, size_t n);
/* post.c: whether text ends as a sentence (":" counts with `colon`) */
bool gl_extract_ends_sentence(const char *s, size_t n, bool colon);

/* Content score of a block from its own text (0 when it is not prose). */
float gl_extract_para_score(const gl_xtune *t, const gl_node *n, const gl_xnode *x);

/* select.c */
galley_status gl_extract_select(gl_xctx *c, gl_node ***out, size_t *nout);

/* post.c: bytes of a block's own text inside links (its spans). */
uint32_t gl_extract_link_bytes(const gl_block *b);

/* blockmodel.c: post.model, the fitted second opinion on post.link_list
 * and post.link_paragraph. gl_blockmodel_new measures the body's blocks as
 * the post pass starts (NULL on OOM: the rules decide alone; free with
 * gl_blockmodel_free, NULL is fine). gl_blockmodel_keeps: whether the block
 * at `index` (its place in that list) stays although `rule` would drop it;
 * with the trace on, it writes the block's note (post.model when kept,
 * else `rule`), `fig` (the rule's own, up to 8) first. */
typedef struct gl_bmodel gl_bmodel;
gl_bmodel *gl_blockmodel_new(gl_xctx *c);
void gl_blockmodel_free(gl_bmodel *m);
bool gl_blockmodel_keeps(gl_xctx *c, const gl_bmodel *m, uint32_t index, const char *rule,
                         const gl_trace_fig *fig, size_t nfig);

/* blocks.c */
galley_status gl_extract_blocks(gl_xctx *c, gl_node *const *roots, size_t nroots,
                                bool comments);

/* xtrace.c: the trace's view of extraction; every call is a no-op when
 * c->tr is NULL, and callers test c->tr first where the figures cost. */
/* Notes the decision `rule` (dropping unless `kept`) on node `n`. */
void gl_xtrace_mark(gl_xctx *c, const gl_node *n, const char *rule, bool kept,
                    const gl_trace_fig *fig, size_t nfig);
/* A block emitted from the text at node index `pos`. */
void gl_xtrace_emit(gl_xctx *c, gl_block *b, uint32_t pos);
/* Text at node index `pos` read and then cut (the title heading). */
void gl_xtrace_cut(gl_xctx *c, uint32_t pos, const char *text, size_t len, const char *rule,
                   const gl_trace_fig *fig, size_t nfig);
/* Block `b` (and the blocks inside it) kept or dropped by `rule`. */
void gl_xtrace_judge(gl_xctx *c, const gl_block *b, const char *rule, bool kept,
                     const gl_trace_fig *fig, size_t nfig);
/* The same, dropped. */
void gl_xtrace_drop(gl_xctx *c, const gl_block *b, const char *rule, const gl_trace_fig *fig,
                    size_t nfig);
/* Block `b` kept by `rule` where another rule would have dropped it. */
void gl_xtrace_keep(gl_xctx *c, const gl_block *b, const char *rule, const gl_trace_fig *fig,
                    size_t nfig);
/* The end of a reading: text never read into a block is recorded with the
 * decision that kept it out; kept blocks get their root's rule. */
void gl_xtrace_reading_end(gl_xctx *c);
/* Forgets the per-node decisions, for the next reading. */
void gl_xtrace_forget(gl_xctx *c);

/* post.c */
void gl_extract_post(gl_xctx *c);
/* text helpers */
size_t gl_extract_count_chars(const char *s, size_t n);
bool gl_extract_is_ad_label(const char *s, size_t n);

#endif
