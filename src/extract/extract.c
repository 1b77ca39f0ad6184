/*
 * extract.c -- gl_extract_body: the extraction pipeline over one DOM.
 *
 *   clean (hard marks, then boilerplate marks)  clean.c
 *   score and pick the main content            select.c
 *   build typed blocks                          blocks.c
 *   post-process, page type, confidence         post.c
 *
 * That is one reading of the page (gl_extract_run); the plan (plan.c) says
 * which readings are made and which one's body is kept.
 *
 * Per-node state lives in one side array indexed by gl_node.index.
 */
#include <stdlib.h>

#include "../article/bwalk.h"
#include "extract_int.h"

static gl_node *find_body(gl_node *root)
{
    for (gl_node *h = root->first_child; h; h = h->next) {
        if (!gl_is_html(h, GL_TAG_HTML)) continue;
        for (gl_node *b = h->first_child; b; b = b->next)
            if (gl_is_html(b, GL_TAG_BODY) || gl_is_html(b, GL_TAG_FRAMESET)) return b;
    }
    return NULL;
}

static size_t max_index(gl_node *root, gl_xctx *c)
{
    size_t m = root->index;
    for (gl_node *n = root; n; n = gl_walk_next(root, n, false)) {
        if (n->index > m) m = n->index;
        if (gl_extract_tick(c)) break;
    }
    return m;
}

/* Readings are compared by the text of their blocks down to this level (top
 * blocks, their children, grandchildren): deeper text (the sub-lists of a
 * nested menu) does not make a reading win. */
#define READING_CHARS_DEPTH 3

size_t gl_extract_blocks_chars(const gl_article *a)
{
    size_t t = 0;
    gl_bwalk w;
    gl_bwalk_init(&w, a->blocks);
    for (const gl_block *b; (b = gl_bwalk_next_block(&w));) {
        t += b->text_len;
        if (w.depth == READING_CHARS_DEPTH) gl_bwalk_skip(&w);
    }
    gl_bwalk_free(&w);
    return t;
}

static galley_status comments_pass(gl_xctx *c)
{
    gl_buf roots;
    gl_buf_init(&roots);
    gl_node *root = c->doc->root;
    for (gl_node *n = root; n;) {
        bool skip = false;
        if (n->type == GALLEY_NODE_ELEMENT) {
            uint8_t st = gl_x(c, n)->state;
            if (st == GL_X_COMMENTS) {
                if (gl_x(c, n)->chars > 0) gl_buf_append(&roots, (const char *)&n, sizeof n);
                skip = true;
            } else if (st == GL_X_HARD) {
                skip = true;
            }
        } else if (n != root) {
            skip = true;
        }
        if (gl_extract_tick(c)) break;
        n = gl_walk_next(root, n, skip);
    }
    galley_status s = GALLEY_OK;
    if (roots.failed) s = GALLEY_ERR_NOMEM;
    else if (roots.len)
        s = gl_extract_blocks(c, (gl_node *const *)(void *)roots.data,
                              roots.len / sizeof(gl_node *), true);
    gl_buf_free(&roots);
    return s;
}

void gl_extract_forget_reading(gl_xctx *c)
{
    memset(c->x, 0, c->nx * sizeof *c->x);
    c->headline = c->first_h1 = NULL;
    c->listing = false;
    c->teasers = 0;
    c->comment_tot = 0;
    gl_xtrace_forget(c);
}

galley_status gl_extract_run(gl_xctx *c)
{
    gl_xplan *p = &c->plan;
    p->roots = NULL;
    p->nroots = 0;
    galley_status s = gl_extract_clean(c);
    if (s == GALLEY_OK) s = gl_extract_select(c, &p->roots, &p->nroots);
    if (s == GALLEY_OK) s = gl_extract_plan_stage(c, GL_XSTAGE_CHOICE);
    if (s == GALLEY_OK) s = gl_extract_blocks(c, p->roots, p->nroots, false);
    if (s == GALLEY_OK) {
        gl_extract_post(c);
        s = gl_extract_plan_stage(c, GL_XSTAGE_BODY);
    }
    gl_xtrace_reading_end(c);
    free(p->roots);
    p->roots = NULL;
    p->nroots = 0;
    return s;
}

/* The metadata's elements by node index, for the block builder to leave
 * out; NULL (nothing to mark) when the hints name none. */
static uint8_t *meta_marks(const gl_page_hints *h, size_t nx, bool *oom)
{
    *oom = false;
    if (!h || (!h->headline && !h->nbylines && !h->ndatelines)) return NULL;
    uint8_t *m = calloc(nx, 1);
    if (!m) {
        *oom = true;
        return NULL;
    }
    /* lowest first: a node marked twice reports the stronger mark */
    for (size_t i = 0; i < h->ndatelines; i++)
        if (h->datelines[i]->index < nx) m[h->datelines[i]->index] = GL_XMARK_DATELINE;
    for (size_t i = 0; i < h->nbylines; i++)
        if (h->bylines[i]->index < nx) m[h->bylines[i]->index] = GL_XMARK_BYLINE;
    if (h->headline && h->headline->index < nx) m[h->headline->index] = GL_XMARK_HEADLINE;
    return m;
}

galley_status gl_extract_body(gl_doc *doc, gl_article *a, const char *url,
                              const gl_page_hints *hints, const gl_page_scan *scan,
                              const galley_options *opts,
                              const gl_deadline *deadline)
{
    if (!doc || !a || !doc->root) return GALLEY_ERR_INVALID_ARG;
    static const gl_deadline none = {0};
    gl_xctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.a = a;
    c.opts = opts ? opts : gl_options_default();
    c.deadline = deadline ? deadline : &none;
    gl_xtune tuned; /* the mode's table with the options' overrides */
    c.tune = gl_xtune_with(c.opts, &tuned);
    gl_buf_init(&c.tmp);

    c.nx = max_index(doc->root, &c) + 1;
    if (c.timed_out) return GALLEY_ERR_TIMEOUT;
    c.x = calloc(c.nx, sizeof *c.x);
    if (!c.x) return GALLEY_ERR_NOMEM;
    bool oom;
    c.meta_mark = meta_marks(hints, c.nx, &oom);
    if (oom) {
        free(c.x);
        return GALLEY_ERR_NOMEM;
    }
    c.hint_headline = hints ? hints->headline : NULL;
    if (a->trace) {
        c.why = calloc(c.nx, sizeof *c.why);
        c.seen = calloc(c.nx, 1);
        if (!c.why || !c.seen) {
            free(c.why);
            free(c.seen);
            free(c.x);
            free(c.meta_mark);
            return GALLEY_ERR_NOMEM;
        }
        c.tr = a->trace;
    }
    c.body = find_body(doc->root);
    const char *pt = hints ? hints->declared_type : NULL;
    c.declared_article = pt && strcmp(pt, "article") == 0;
    c.declared_forum = pt && strcmp(pt, "forum") == 0;
    c.declared_product = pt && strcmp(pt, "product") == 0;
    c.base_url = a->base_url;
    c.plan.scan = scan;
    GL_UNUSED(url);

    galley_status s = gl_extract_plan(&c);
    if (s == GALLEY_OK && c.opts->comments) s = comments_pass(&c);
    free(c.x);
    free(c.meta_mark);
    free(c.why);
    free(c.seen);
    gl_buf_free(&c.tmp);
    if (s != GALLEY_OK) return s;
    return a->blocks ? GALLEY_OK : GALLEY_ERR_NO_CONTENT;
}
