/*
 * select.c -- scores containers and picks the main content.
 *
 * Every block element with enough text of its own gives a content score
 * (commas and sentence ends, length) to its parent, half to its grandparent
 * and less further up (the propagation of Arc90's Readability, a published
 * algorithm). A container's final score is weighed by its link density and
 * by its tag and class words; the best one wins, and siblings that look
 * like continuations of the same article join it.
 */
#include <stdlib.h>

#include "extract_int.h"

#define GL_LEAD_MAX 32 /* at least lead_max_parts + lead_prose_max_parts */

static double density(uint32_t l, uint32_t t) { return t ? (double)l / t : 0.0; }

static float tag_bonus(const gl_xtune *t, const gl_node *n)
{
    if (n->ns != GALLEY_NS_HTML) return 0;
    switch (n->tag) {
    case GL_TAG_DIV: case GL_TAG_ARTICLE: case GL_TAG_MAIN: case GL_TAG_SECTION:
        return t->tag_bonus_box;
    case GL_TAG_PRE: case GL_TAG_TD: case GL_TAG_BLOCKQUOTE: return t->tag_bonus_cell;
    case GL_TAG_ADDRESS: case GL_TAG_OL: case GL_TAG_UL: case GL_TAG_DL: case GL_TAG_DD:
    case GL_TAG_DT: case GL_TAG_LI: case GL_TAG_FORM: return t->tag_bonus_list;
    case GL_TAG_H1: case GL_TAG_H2: case GL_TAG_H3: case GL_TAG_H4: case GL_TAG_H5:
    case GL_TAG_H6: case GL_TAG_TH: return t->tag_bonus_heading;
    default: return 0;
    }
}

static float class_weight(gl_xctx *c, const gl_node *n)
{
    const gl_xtune *t = c->tune;
    uint16_t ev = gl_x(c, n)->ev;
    float w = 0;
    if (ev & (GL_EV_ABS | GL_EV_STRUCT | GL_EV_LINKY | GL_EV_COMMENT)) w += t->class_weight_negative;
    if (ev & GL_EV_POS) w += t->class_weight_positive;
    if (ev & GL_EV_BODY) w += t->class_weight_body;
    if (gl_is_html(n, GL_TAG_ARTICLE) || gl_is_html(n, GL_TAG_MAIN)) w += t->class_weight_article_tag;
    return w;
}

float gl_extract_para_score(const gl_xtune *t, const gl_node *n, const gl_xnode *x)
{
    if (x->own < t->para_min_chars ||
        (uint64_t)x->own_l * 100 >= (uint64_t)x->own * t->para_max_link_pct)
        return 0;
    unsigned punct = x->punct;
    if (punct > x->own / t->para_chars_per_punct) punct = x->own / t->para_chars_per_punct;
    /* one block is one paragraph's worth at most: a list of names written
     * as one cell ("A, writer<br>B, author ...") is all commas */
    if (punct > t->para_max_punct) punct = t->para_max_punct;
    uint32_t len = x->own / t->para_chars_per_point;
    if (len > t->para_max_length_points) len = t->para_max_length_points;
    float s = 1.0f + (float)punct + (float)len;
    /* list items are prose less often than paragraphs: reference lists,
     * teaser lists, link lists with a line each */
    if (gl_is_html(n, GL_TAG_LI) || gl_is_html(n, GL_TAG_DD)) s *= t->para_item_factor;
    return s;
}

/* A sibling box with the same tag and class as the choice is the same
 * body split in two (by an ad slot, a "Continue reading" break, a
 * newsletter prompt): the part before the break is often the lede, too
 * little mass to score. */
static bool same_box(const gl_node *a, const gl_node *b)
{
    if (a->tag != b->tag || a->ns != b->ns || a->name_len != b->name_len ||
        memcmp(a->name, b->name, a->name_len) != 0)
        return false;
    const gl_attr *ca = gl_node_attr(a, "class"), *cb = gl_node_attr(b, "class");
    return ca && cb && ca->value_len > 0 && ca->value_len == cb->value_len &&
           memcmp(ca->value, cb->value, ca->value_len) == 0;
}

static bool split_part(gl_xctx *c, const gl_node *s, const gl_node *a)
{
    if (s == a || s->type != GALLEY_NODE_ELEMENT || !same_box(s, a)) return false;
    const gl_xnode *xs = gl_x(c, s);
    return xs->state == GL_X_KEEP && xs->tot > 0 &&
           density(xs->glchars, xs->gchars) < c->tune->split_max_density;
}

static bool in_roots(const gl_buf *roots, const gl_node *n)
{
    const gl_node *const *v = (const gl_node *const *)(const void *)roots->data;
    for (size_t i = 0; i < roots->len / sizeof *v; i++)
        if (v[i] == n) return true;
    return false;
}

/* Adds the other parts of a split body (same_box siblings of the choice
 * or of one of its split_max_up nearest ancestors) to `roots`, in
 * document order. False on OOM. */
static bool add_split_parts(gl_xctx *c, gl_node *top, gl_buf *roots)
{
    gl_node *a = top;
    for (int up = 0; up <= c->tune->split_max_up && a->parent && a->parent->type == GALLEY_NODE_ELEMENT &&
                     !gl_is_html(a, GL_TAG_BODY) && !gl_is_html(a->parent, GL_TAG_BODY);
         up++, a = a->parent) {
        bool any = false;
        for (gl_node *s = a->parent->first_child; s && !any; s = s->next)
            any = split_part(c, s, a) && !in_roots(roots, s);
        if (!any) continue;
        gl_buf nb;
        gl_buf_init(&nb);
        for (gl_node *s = a->parent->first_child; s; s = s->next) {
            /* beside the choice itself the roots are its siblings: keep
             * them in their places; further up they all lie inside `a` */
            if (s == a && up > 0) {
                gl_buf_append(&nb, roots->data, roots->len);
                continue;
            }
            bool part = split_part(c, s, a) && !in_roots(roots, s);
            if (!part && !(up == 0 && in_roots(roots, s))) continue;
            gl_buf_append(&nb, (const char *)&s, sizeof s);
            if (part && c->tr)
                gl_xtrace_mark(c, s, "select.split_part", true,
                               GL_FIGS({"levels_up", up}, {"chars", gl_x(c, s)->gchars},
                                       {"link_density",
                                        density(gl_x(c, s)->glchars, gl_x(c, s)->gchars)},
                                       {"max_link_density", c->tune->split_max_density}));
        }
        if (nb.failed) {
            gl_buf_free(&nb);
            return false;
        }
        gl_buf_free(roots);
        *roots = nb;
        return true;
    }
    return true;
}

/* A box whose own text runs between block children (text, <br>s, then a
 * share bar in the same <div>) holds that text as if in an unmarked
 * paragraph: the box is the text's container, not its parent. */
static bool loose_text(const gl_node *n)
{
    if (n->ns != GALLEY_NS_HTML) return false;
    switch (n->tag) {
    case GL_TAG_DIV: case GL_TAG_SECTION: case GL_TAG_ARTICLE: case GL_TAG_MAIN:
    case GL_TAG_TD: case GL_TAG_CENTER:
        break;
    default:
        return false;
    }
    /* each node is looked at once, by itself: linear over the tree */
    for (const gl_node *k = n->first_child; k; k = k->next)
        if (k->type == GALLEY_NODE_ELEMENT && gl_extract_is_block_tag(k) && !gl_is_html(k, GL_TAG_HR))
            return true;
    return false;
}

static bool add_cand(gl_xctx *c, gl_buf *cands, gl_node *n)
{
    gl_xnode *x = gl_x(c, n);
    if (x->flags & GL_XF_CAND) return true;
    x->flags |= GL_XF_CAND;
    x->score = tag_bonus(c->tune, n);
    return gl_buf_append(cands, (const char *)&n, sizeof n);
}

/* Class words scale the content score rather than add to it, so that a
 * well-named box with one line cannot beat the prose of the page. */
static float final_score(gl_xctx *c, const gl_node *n)
{
    const gl_xnode *x = gl_x(c, n);
    float w = 1.0f + class_weight(c, n) / c->tune->class_weight_scale;
    if (w < c->tune->class_factor_floor) w = c->tune->class_factor_floor;
    return (float)(x->score * w * (1.0 - density(x->glchars, x->gchars)));
}

static bool is_ancestor(const gl_node *a, const gl_node *n)
{
    for (const gl_node *p = n; p; p = p->parent)
        if (p == a) return true;
    return false;
}

/* The lead paragraph (standfirst, intro, excerpt) often sits between the
 * headline and the body's box, outside the box: it is looked for, by its
 * class words, on the way back from the body to the headline (select.lead).
 * With the headline found, any prose on that way is the story's beginning
 * too (select.lead_prose): a lede and the first part of a long story set in
 * a box of their own, with the headline, apart from the rest (a magazine
 * layout, a page builder's rows), scoring under the rest. It must be a
 * paragraph, be kept by the boilerplate pass with all its ancestors, lie
 * outside figures and lists, be nearly link-free, and all of it hold
 * lead_prose_min_mass of prose (a dek or a caption alone does not). At most
 * lead_max_parts lead boxes and lead_prose_max_parts paragraphs, the
 * nearest to the body; `prose[i]` says which rule took out[i]. */
static bool lead_prose(gl_xctx *c, gl_node *n)
{
    const gl_xtune *t = c->tune;
    const gl_xnode *x = gl_x(c, n);
    /* a paragraph of its own: boxes around them are not taken whole, as
     * a slideshow's box holds its captions */
    if (gl_extract_para_score(t, n, x) <= 0 || x->chars < t->lead_min_chars ||
        density(x->lchars, x->chars) > t->lead_prose_max_density)
        return false;
    /* bounded by the tree's depth cap, for at most lead_steps_to_headline nodes */
    for (gl_node *p = n; p && p->type == GALLEY_NODE_ELEMENT; p = p->parent)
        if (gl_x(c, p)->state != GL_X_KEEP || gl_is_html(p, GL_TAG_FIGURE) ||
            gl_is_html(p, GL_TAG_FIGCAPTION) || gl_is_html(p, GL_TAG_LI) ||
            gl_is_html(p, GL_TAG_UL) || gl_is_html(p, GL_TAG_OL))
            return false;
    return true;
}

static size_t find_leads(gl_xctx *c, gl_node *first, gl_node **out, bool *prose)
{
    const gl_xtune *t = c->tune;
    gl_node *head = c->headline ? c->headline : c->first_h1;
    if (head && (is_ancestor(first, head) || head->index > first->index)) head = NULL;
    /* without a headline to stop at, only the body's close neighbours */
    int max_steps = head ? t->lead_steps_to_headline : t->lead_steps_alone;
    gl_node *lead[GL_LEAD_MAX], *spine = first->parent; /* the body's next ancestor */
    bool lp[GL_LEAD_MAX];
    size_t nl = 0;
    int steps = 0;
    /* reverse document order, bounded: a lead is a few nodes away */
    for (gl_node *n = first; n && n != head && steps < max_steps; steps++) {
        if (n->prev) {
            n = n->prev;
            while (n->last_child) n = n->last_child;
        } else {
            n = n->parent;
            if (!n || n == c->body || n->type != GALLEY_NODE_ELEMENT) break;
            if (n == spine) {
                /* an ancestor of the body; past the headline's box, stop */
                if (head && is_ancestor(n, head)) break;
                spine = n->parent;
                continue;
            }
        }
        if (n == head || n->type != GALLEY_NODE_ELEMENT) continue;
        gl_xnode *x = gl_x(c, n);
        bool is_prose = false;
        if (!(x->ev & GL_EV_LEAD) || gl_is_html(n, GL_TAG_FIGURE) || x->chars < t->lead_min_chars ||
            x->chars > t->lead_max_chars || (uint64_t)x->lchars * t->lead_max_link_part > x->chars) {
            if (!head || !t->lead_prose || !lead_prose(c, n)) continue;
            is_prose = true;
        }
        bool ok = true;
        for (gl_node *p = n; p && ok; p = p->parent)
            if (gl_x(c, p)->state == GL_X_HARD) ok = false;
        if (!ok) continue;
        /* a box holding leads found before replaces them */
        size_t k = 0;
        for (size_t i = 0; i < nl; i++)
            if (!is_ancestor(n, lead[i])) lead[k] = lead[i], lp[k++] = lp[i];
        nl = k;
        size_t same = 0;
        for (size_t i = 0; i < nl; i++) same += lp[i] == is_prose;
        if (nl < GL_LEAD_MAX && same < (is_prose ? t->lead_prose_max_parts : t->lead_max_parts))
            lead[nl] = n, lp[nl++] = is_prose;
    }
    /* the prose found must add up to a story's opening, not a dek or a
     * caption on its own */
    float mass = 0;
    for (size_t i = 0; i < nl; i++)
        if (lp[i]) mass += gl_x(c, lead[i])->tot;
    size_t k = 0;
    for (size_t i = 0; i < nl; i++)
        if (!lp[i] || mass >= t->lead_prose_min_mass) lead[k] = lead[i], lp[k++] = lp[i];
    nl = k;
    /* found walking back: put them in reading order */
    for (size_t i = 0; i < nl; i++) out[i] = lead[nl - 1 - i], prose[i] = lp[nl - 1 - i];
    return nl;
}

galley_status gl_extract_select(gl_xctx *c, gl_node ***out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    gl_node *root = c->doc->root;
    const gl_xtune *t = c->tune;
    gl_buf cands;
    gl_buf_init(&cands);

    for (gl_node *n = root; n;) {
        gl_xnode *xn = gl_x(c, n);
        bool skip = n->type != GALLEY_NODE_ELEMENT && n != root;
        if (n->type == GALLEY_NODE_ELEMENT) {
            if (xn->state != GL_X_KEEP) skip = true;
            else if (n->parent && n->parent->type == GALLEY_NODE_ELEMENT &&
                     gl_extract_para_score(t, n, xn) > 0) {
                float s = gl_extract_para_score(t, n, xn);
                gl_node *p = loose_text(n) ? n : n->parent;
                for (int lvl = 0; lvl < t->propagate_levels && p && p->type == GALLEY_NODE_ELEMENT;
                     lvl++, p = p->parent) {
                    if (!add_cand(c, &cands, p)) break;
                    float div = lvl == 0 ? 1.0f : lvl == 1 ? 2.0f : (float)lvl * 3.0f;
                    gl_x(c, p)->score += s / div;
                }
            }
        }
        if (gl_extract_tick(c)) break;
        n = gl_walk_next(root, n, skip);
    }
    if (c->timed_out) {
        gl_buf_free(&cands);
        return GALLEY_ERR_TIMEOUT;
    }
    if (cands.failed) {
        gl_buf_free(&cands);
        return GALLEY_ERR_NOMEM;
    }

    size_t ncand = cands.len / sizeof(gl_node *);
    gl_node **cv = (gl_node **)(void *)cands.data;
    gl_node *top = NULL;
    float best = 0;
    for (size_t i = 0; i < ncand; i++) {
        float f = final_score(c, cv[i]);
        if (!top || f > best) {
            top = cv[i];
            best = f;
        }
    }
    if (!top) top = c->body ? c->body : root;
    const char *top_rule = "select.best_score";
    if (c->tr)
        gl_trace_add_step(c->tr, top_rule,
                      GL_FIGS({"score", best}, {"candidates", ncand}));

    /* A lone child adds nothing of its own: its parent holds the same. */
    while (top->parent && top->parent->type == GALLEY_NODE_ELEMENT &&
           !gl_is_html(top->parent, GL_TAG_BODY) && top->parent->first_child == top->parent->last_child) {
        top = top->parent;
        top_rule = "select.lone_child";
    }

    /* Prose spread over several boxes (landing pages, documentation): an
     * ancestor holding clearly more paragraph mass than the choice, without
     * turning into a link farm, is the real container. */
    if (t->climb) {
        /* the text the ancestor adds must itself read as prose, not as
         * teasers (headline links with a line each) */
        float grow = c->declared_article ? t->climb_mass_declared : t->climb_mass;
        double max_ld = c->declared_article ? t->climb_max_density_declared : t->climb_max_density;
        for (;;) {
            gl_node *up = NULL;
            gl_xnode *xt = gl_x(c, top);
            float want = xt->tot * grow;
            for (gl_node *p = top->parent; p && p->type == GALLEY_NODE_ELEMENT &&
                                           !gl_is_html(p, GL_TAG_BODY) &&
                                           !gl_is_html(p, GL_TAG_HTML);
                 p = p->parent) {
                gl_xnode *xp = gl_x(c, p);
                if (density(xp->glchars, xp->gchars) > t->climb_path_max_density) break;
                if (xp->tot >= want) {
                    uint32_t ec = xp->gchars - xt->gchars, el = xp->glchars - xt->glchars;
                    if (density(el, ec) <= max_ld) up = p;
                    break;
                }
            }
            if (!up) break;
            if (c->tr) {
                const gl_xnode *xu = gl_x(c, up);
                gl_trace_add_step(c->tr, "select.grow_ancestor",
                              GL_FIGS({"mass", xt->tot}, {"ancestor_mass", xu->tot},
                                      {"grow", grow}, {"max_link_density", max_ld}));
            }
            top = up;
            top_rule = "select.grow_ancestor";
        }
    }

    /* Listings, indexes and link-driven pages have no prose to score: a
     * choice holding a sliver of the page's text gives way to the box that
     * holds most of it (descending while one child keeps 60% of it). */
    gl_node *page = c->body ? c->body : root;
    uint32_t page_g = gl_x(c, page)->gchars;
    /* but a link-free choice holding half the page's text outside links
     * (and a few paragraphs of it) is the article among sliders of linked
     * teasers */
    uint32_t page_u = page_g - gl_x(c, page)->glchars;
    uint32_t top_u = gl_x(c, top)->gchars - gl_x(c, top)->glchars;
    uint32_t below_pct = c->declared_article ? t->listing_below_pct_declared : t->listing_below_pct;
    gl_node *run = NULL, *grid = NULL;
    if (c->strategy == GL_STRAT_LISTING || c->strategy == GL_STRAT_COLLECTION) {
        uint32_t nt, rc;
        run = gl_strategy_teaser_run(c, &nt, &rc);
        if (run) {
            if (c->tr)
                gl_trace_add_step(c->tr, "select.teaser_run",
                                  GL_FIGS({"teasers", nt}, {"run_chars", rc},
                                          {"page_chars", page_g},
                                          {"min_teasers", t->listing_min_teasers},
                                          {"teaser_min_chars", t->teaser_min_chars}));
            /* a collection: the grid beside the intro the article's choice
             * found, unless one holds the other */
            if (c->strategy == GL_STRAT_COLLECTION && !is_ancestor(run, top)) {
                if (!is_ancestor(top, run)) grid = run;
            } else {
                top = run;
                top_rule = "select.teaser_run";
            }
            c->listing = true;
            c->teasers = nt;
        }
    }
    if (!run && (t->listing && page_g > 0 &&
        (uint64_t)gl_x(c, top)->gchars * 100 < (uint64_t)page_g * below_pct &&
        ((uint64_t)top_u * 100 < (uint64_t)page_u * t->listing_spare_unlinked_pct ||
         top_u < t->listing_spare_min_unlinked ||
         (uint64_t)gl_x(c, top)->glchars * 100 >
             (uint64_t)gl_x(c, top)->gchars * t->listing_spare_max_link_pct))) {
        gl_node *cur = page;
        for (;;) {
            gl_node *bestc = NULL;
            uint32_t bg = 0;
            for (gl_node *k = cur->first_child; k; k = k->next) {
                if (k->type != GALLEY_NODE_ELEMENT || gl_x(c, k)->state != GL_X_KEEP) continue;
                if (gl_x(c, k)->gchars > bg) {
                    bg = gl_x(c, k)->gchars;
                    bestc = k;
                }
            }
            if (!bestc ||
                (uint64_t)bg * 100 < (uint64_t)gl_x(c, cur)->gchars * t->listing_descend_pct)
                break;
            cur = bestc;
        }
        if (c->tr)
            gl_trace_add_step(c->tr, "select.listing",
                          GL_FIGS({"chosen_chars", gl_x(c, top)->gchars}, {"page_chars", page_g},
                                  {"max_share_pct", below_pct},
                                  {"chosen_unlinked", top_u}, {"page_unlinked", page_u}));
        top = cur;
        top_rule = "select.listing";
        c->listing = true;
    }

    /* siblings that continue the article */
    gl_buf roots;
    gl_buf_init(&roots);
    gl_node *parent = top->parent;
    if (!parent || parent->type != GALLEY_NODE_ELEMENT || gl_is_html(top, GL_TAG_BODY) ||
        c->listing) {
        gl_buf_append(&roots, (const char *)&top, sizeof top);
    } else {
        float thr = best * t->sibling_score_share;
        if (thr < t->sibling_min_score) thr = t->sibling_min_score;
        for (gl_node *s = parent->first_child; s; s = s->next) {
            if (s == top) {
                gl_buf_append(&roots, (const char *)&s, sizeof s);
                continue;
            }
            if (s->type != GALLEY_NODE_ELEMENT) continue;
            gl_xnode *xs = gl_x(c, s);
            if (xs->state != GL_X_KEEP || xs->gchars == 0) continue;
            bool take = false;
            if ((xs->flags & GL_XF_CAND) && final_score(c, s) >= thr) take = true;
            else if (gl_is_html(s, GL_TAG_P)) {
                double ld = density(xs->glchars, xs->gchars);
                if (xs->gchars > t->sibling_para_min_chars && ld < t->sibling_para_max_density)
                    take = true;
                else if (xs->gchars <= t->sibling_para_min_chars && ld == 0 && xs->punct > 0)
                    take = true;
            }
            if (take) {
                gl_buf_append(&roots, (const char *)&s, sizeof s);
                if (c->tr)
                    gl_xtrace_mark(c, s, "select.sibling", true,
                                   GL_FIGS({"score", (xs->flags & GL_XF_CAND) ? final_score(c, s) : 0},
                                           {"threshold", thr}, {"chars", xs->gchars},
                                           {"link_density", density(xs->glchars, xs->gchars)}));
            }
        }
    }
    if (grid) {
        /* in page order: the intro usually comes first */
        if (grid->index < top->index) {
            gl_buf_append(&roots, (const char *)&grid, sizeof grid);
            if (!roots.failed) {
                memmove(roots.data + sizeof grid, roots.data, roots.len - sizeof grid);
                memcpy(roots.data, &grid, sizeof grid);
            }
        } else {
            gl_buf_append(&roots, (const char *)&grid, sizeof grid);
        }
        if (c->tr)
            gl_xtrace_mark(c, grid, "select.collection_grid", true,
                           GL_FIGS({"teasers", c->teasers}, {"chars", gl_x(c, grid)->gchars}));
    }
    if (t->split_parts && !c->listing && !roots.failed &&
        !add_split_parts(c, top, &roots))
        roots.failed = true;
    if (c->tr)
        gl_xtrace_mark(c, top, top_rule, true,
                       GL_FIGS({"score", final_score(c, top)}, {"best", best},
                               {"chars", gl_x(c, top)->gchars},
                               {"link_density",
                                density(gl_x(c, top)->glchars, gl_x(c, top)->gchars)}));
    if (t->leads && !c->listing && roots.len) {
        gl_node *first;
        memcpy(&first, roots.data, sizeof first);
        gl_node *lead[GL_LEAD_MAX];
        bool prose[GL_LEAD_MAX];
        size_t nl = find_leads(c, first, lead, prose);
        if (nl && gl_buf_append(&roots, (const char *)lead, nl * sizeof *lead)) {
            size_t sz = nl * sizeof *lead;
            memmove(roots.data + sz, roots.data, roots.len - sz);
            memcpy(roots.data, lead, sz);
            /* boilerplate marks on their box (a page header) do not apply */
            for (size_t i = 0; i < nl; i++) {
                for (gl_node *n = lead[i]; n; n = gl_walk_next(lead[i], n, false))
                    if (n->type == GALLEY_NODE_ELEMENT && gl_x(c, n)->state != GL_X_HARD) {
                        gl_x(c, n)->state = GL_X_KEEP;
                        if (c->tr) c->why[n->index] = NULL;
                    }
                if (c->tr)
                    gl_xtrace_mark(c, lead[i], prose[i] ? "select.lead_prose" : "select.lead", true,
                                   GL_FIGS({"chars", gl_x(c, lead[i])->chars},
                                           {"links_chars", gl_x(c, lead[i])->lchars},
                                           {"prose_mass", gl_x(c, lead[i])->tot}));
            }
        }
    }
    if (c->strategy == GL_STRAT_PRODUCT && !roots.failed)
        gl_strategy_drop_teasers(c, (gl_node *const *)(void *)roots.data,
                                 roots.len / sizeof(gl_node *));
    gl_buf_free(&cands);
    if (roots.failed) {
        gl_buf_free(&roots);
        return GALLEY_ERR_NOMEM;
    }
    *nout = roots.len / sizeof(gl_node *);
    *out = (gl_node **)(void *)gl_buf_detach(&roots, NULL);
    return GALLEY_OK;
}
