/*
 * tuning.h -- every threshold of body extraction, by name, per mode.
 * Private to src/extract.
 *
 * One row per threshold: its type, its name, and its value in precision,
 * balanced and recall mode (GALLEY_OPT_MODE), with what it guards. The
 * passes read them from the gl_xtune of the page's mode (c->tune) and
 * never hold a number of their own, so a model fitted over them, or a new
 * mode, is a change to this table alone. The trace reports the values a
 * rule compared with under the same names.
 *
 * Rows that tools/fit-tune.py fitted take the value in tuning_fitted.h in
 * balanced and recall mode (that header is generated; the table keeps the
 * value the fit started from).
 *
 * Shares are written as the pass compares them: `_pct` in percent of the
 * whole, `_density` as a fraction of characters inside links. The soft_*
 * thresholds are all doubles: the trace reads them by offset.
 */
#ifndef GL_EXTRACT_TUNING_H
#define GL_EXTRACT_TUNING_H

#include <stdbool.h>
#include <stdint.h>

/*  X(type, name, precision, balanced, recall) */
#define GL_XTUNE_TABLE(X) \
    /* ---- readings of the page (extract.c) */ \
    /* a short post under a discussion many times its size is re-read as a thread */ \
    X(bool, read_thread, false, true, true) \
    X(uint32_t, thread_max_post_chars, 1500, 1500, 1500) /* the post is shorter */ \
    X(float, thread_mass_ratio, 4, 4, 4) /* replies' prose mass over this times the post's */ \
    X(float, thread_mass_slack, 20, 20, 20) /* ... plus this */ \
    /* a choice holding under this share of the body's text gives way to the body */ \
    X(bool, read_whole_body, false, false, true) \
    X(uint32_t, whole_body_below_pct, 50, 50, 50) \
    /* nothing survived post-processing: the body again, boilerplate marks ignored */ \
    X(bool, read_ignore_soft, false, true, true) \
    /* a reading under this many characters reads hidden elements too ... */ \
    X(bool, read_reveal, false, true, true) \
    X(uint32_t, reveal_below_chars, 200, 200, 200) \
    /* ... and is kept only when it gives this many times as much plus reveal_below_chars */ \
    X(uint32_t, reveal_gain_factor, 2, 2, 2) \
    /* the page type's reading (strategy.c) is tried when the classifier, seeing the \
     * first body, gives the article under this probability ... */ \
    X(double, strategy_max_article_p, 0.5, 0.5, 0.5) \
    /* ... a thread's reading when it says forum with this probability or more */ \
    X(bool, read_forum, false, true, true) \
    X(double, forum_min_p, 0.5, 0.5, 0.5) \
    /* ... a listing's reading (the runs of teasers), kept when the classifier \
     * then says listing with this probability or more */ \
    X(bool, read_listing, false, true, true) \
    X(double, listing_accept_p, 0.5, 0.5, 0.5) \
    X(uint32_t, listing_min_teasers, 4, 4, 4) /* a run has this many teasers ... */ \
    X(uint32_t, teaser_min_chars, 40, 40, 40) /* ... each this long, with a link */ \
    X(uint32_t, listing_join_run_pct, 25, 25, 25) /* runs this share of the longest join it */ \
    X(float, listing_gain_factor, 1.5f, 1.5f, 1.5f) /* ... and it holds this many times the text */ \
    /* ... a collection's reading (the grid of teasers beside the intro text the first \
     * reading chose), kept when the classifier then says collection or listing with \
     * this probability or more */ \
    X(bool, read_collection, false, true, true) \
    X(double, collection_accept_p, 0.5, 0.5, 0.5) \
    /* ... and the body with the grid holds at most this many times the intro's text */ \
    X(float, collection_max_gain, 1.5f, 1.5f, 1.5f) \
    /* ... a product's reading (its body without the runs of teasers in it: other \
     * products), when the classifier says product with this probability, before and after; \
     * a run of this many teasers ... */ \
    X(bool, read_product, false, true, true) \
    X(double, product_min_p, 0.5, 0.5, 0.5) \
    X(uint32_t, product_min_teasers, 4, 4, 4) \
    X(uint32_t, product_max_run_pct, 50, 50, 50) /* ... holding under this share of the body */ \
    /* ... and, last, the page read again without its class and id words (structure \
     * alone) when the classifier, seeing the body, calls it one of these types: class \
     * words are written for articles and mislead on shop categories and service pages \
     * (read.class_blind). Which types: fitted (tools/fit-tune.py, tuning_fitted.h) */ \
    X(bool, read_class_blind, false, true, true) \
    X(bool, class_blind_listing, false, false, false) \
    X(bool, class_blind_collection, false, false, false) \
    X(bool, class_blind_product, false, false, false) \
    X(bool, class_blind_forum, false, false, false) \
    X(bool, class_blind_docs, false, false, false) \
    X(bool, class_blind_service, false, false, false) \
    /* ... kept when it holds this many times the text of the body it would replace: \
     * class words fail there by dropping cards, so a shorter reading means they helped */ \
    X(float, class_blind_min_gain, 1, 1, 1) \
    \
    /* ---- prose mass of one block (select.c gl_extract_para_score) */ \
    X(uint32_t, para_min_chars, 25, 25, 25) /* own text under this is no prose */ \
    X(uint32_t, para_max_link_pct, 50, 50, 50) /* own text this much in links is no prose */ \
    X(uint32_t, para_chars_per_punct, 8, 8, 8) /* punctuation counts one per this many chars */ \
    X(uint32_t, para_max_punct, 24, 24, 24) /* one block is one paragraph's worth at most */ \
    X(uint32_t, para_chars_per_point, 100, 100, 100) /* length adds a point per this many chars */ \
    X(uint32_t, para_max_length_points, 3, 3, 3) /* ... up to this many */ \
    X(float, para_item_factor, 0.5f, 0.5f, 0.5f) /* list items are prose less often */ \
    X(uint32_t, para_count_min_chars, 40, 40, 40) /* a block this long counts as a paragraph */ \
    \
    /* ---- boilerplate marks (clean.c soft_state) */ \
    /* a box holding this share of the page's prose mass is too big to be boilerplate */ \
    X(float, big_mass_share, 0.5f, 0.5f, 0.5f) \
    X(uint32_t, big_text_pct, 60, 60, 60) /* ... or this share of its text */ \
    X(double, big_text_max_density, 0.3, 0.3, 0.3) /* ... at under this link density */ \
    X(double, soft_noscript_min_chars, 200, 200, 200) /* a <noscript> this long is the page */ \
    X(double, soft_small_chars, 200, 200, 200) /* a form or class-marked box under it is small */ \
    X(double, soft_linky_density, 0.3, 0.3, 0.3) /* link density that gives a box away */ \
    X(double, soft_pos_linky_density, 0.5, 0.5, 0.5) /* ... when its words also say "content" */ \
    X(double, soft_abs_prose_mass, 12, 12, 12) /* prose mass no ad class outweighs ... */ \
    X(double, soft_abs_prose_density, 0.15, 0.15, 0.15) /* ... at under this link density */ \
    X(double, soft_abs_pos_chars, 500, 500, 500) /* an ad-classed "content" box needs this */ \
    X(double, soft_lead_min_chars, 40, 40, 40) /* a link-free lead-classed box this long */ \
    \
    /* ---- scores of candidate boxes (select.c) */ \
    X(int, propagate_levels, 5, 5, 5) /* a paragraph scores its ancestors this far up */ \
    X(float, tag_bonus_box, 5, 5, 5) /* div, article, main, section */ \
    X(float, tag_bonus_cell, 3, 3, 3) /* pre, td, blockquote */ \
    X(float, tag_bonus_list, -3, -3, -3) /* lists, their items, address, form */ \
    X(float, tag_bonus_heading, -5, -5, -5) /* headings, th */ \
    X(float, class_weight_negative, -25, -25, -25) /* boilerplate, structure, layout, comment */ \
    X(float, class_weight_positive, 25, 25, 25) /* article, content, entry, post, ... */ \
    X(float, class_weight_body, 50, 50, 50) /* articleBody, entry-content */ \
    X(float, class_weight_article_tag, 10, 10, 10) /* <article>, <main> */ \
    X(float, class_weight_scale, 50, 50, 50) /* the score is times 1 + weight / this ... */ \
    X(float, class_factor_floor, 0.25f, 0.25f, 0.25f) /* ... but never under this */ \
    \
    /* ---- moves of the choice (select.c) */ \
    /* climb to an ancestor holding this many times the chosen prose mass ... */ \
    X(bool, climb, false, true, true) \
    X(float, climb_mass, 1.5f, 1.5f, 1.2f) \
    X(double, climb_max_density, 0.4, 0.4, 0.5) /* ... when the text it adds is this linky */ \
    X(float, climb_mass_declared, 1.5f, 1.5f, 1.2f) /* the same on declared articles */ \
    X(double, climb_max_density_declared, 0.15, 0.15, 0.5) \
    X(double, climb_path_max_density, 0.4, 0.4, 0.4) /* no climbing past a link farm */ \
    /* a choice holding under this share of the page's text is read as a listing ... */ \
    X(bool, listing, false, true, true) \
    X(uint32_t, listing_below_pct, 25, 25, 25) \
    X(uint32_t, listing_below_pct_declared, 10, 10, 10) /* ... on declared articles */ \
    /* ... unless it holds this share of the page's unlinked text, this much of it, */ \
    X(uint32_t, listing_spare_unlinked_pct, 50, 50, 50) \
    X(uint32_t, listing_spare_min_unlinked, 800, 800, 800) \
    X(uint32_t, listing_spare_max_link_pct, 10, 10, 10) /* ... and this share of links at most */ \
    X(uint32_t, listing_descend_pct, 60, 60, 60) /* descend while one child holds this share */ \
    X(float, sibling_score_share, 0.1f, 0.1f, 0.1f) /* a sibling scoring this share of the best */ \
    X(float, sibling_min_score, 10, 10, 10) /* ... and at least this joins the choice */ \
    X(uint32_t, sibling_para_min_chars, 80, 80, 80) /* a sibling <p> this long ... */ \
    X(double, sibling_para_max_density, 0.25, 0.25, 0.25) /* ... at under this density joins */ \
    /* a box of the choice's class beside it (or beside one of its split_max_up nearest \
     * ancestors) at under this link density is the rest of a split body */ \
    X(bool, split_parts, false, true, true) \
    X(double, split_max_density, 0.25, 0.25, 0.25) \
    X(int, split_max_up, 2, 2, 2) \
    /* the lead paragraph before the body's box is looked for ... */ \
    X(bool, leads, false, true, true) \
    X(int, lead_steps_to_headline, 300, 300, 300) /* ... this many nodes back to the headline */ \
    X(int, lead_steps_alone, 40, 40, 40) /* ... or this many without a headline */ \
    X(uint32_t, lead_min_chars, 40, 40, 40) \
    X(uint32_t, lead_max_chars, 1500, 1500, 1500) \
    X(uint32_t, lead_max_link_part, 3, 3, 3) /* over one char in this many in links: a teaser */ \
    X(uint32_t, lead_max_parts, 2, 2, 2) /* lead boxes taken, the nearest to the body ... */ \
    /* ... and, the headline found, any paragraph on the way back to it (select.lead_prose) */ \
    X(bool, lead_prose, false, true, true) \
    X(uint32_t, lead_prose_max_parts, 24, 24, 24) /* ... and prose paragraphs */ \
    X(float, lead_prose_min_mass, 20, 20, 20) /* ... all of them this much prose mass */ \
    X(double, lead_prose_max_density, 0.1, 0.1, 0.1) /* ... each at most this linked */ \
    \
    /* ---- blocks (blocks.c) */ \
    X(int, figure_min_px, 50, 50, 50) /* an image declared smaller is an icon */ \
    X(uint32_t, meta_mark_max_chars, 400, 400, 400) /* a meta mark on a bigger box overreaches */ \
    /* on a thread, a list with this many items holding a post (boxes for poster and \
     * text, this long, under this share in links) is read as posts, not as a list */ \
    X(uint32_t, post_list_min_posts, 2, 2, 2) \
    X(uint32_t, post_item_min_chars, 80, 80, 80) \
    X(uint32_t, post_item_max_link_pct, 50, 50, 50) \
    X(int, title_cut_max_blocks, 4, 4, 4) /* the heading repeating the title comes early */ \
    X(uint32_t, title_min_share_pct, 50, 50, 50) /* the heading is this much of the title */ \
    X(uint32_t, table_cell_max_chars, 400, 400, 400) /* a longer cell makes a layout table */ \
    /* a <figure>'s text beside its picture, no <figcaption>, is its caption up to */ \
    X(uint32_t, figure_loose_caption_max_chars, 300, 300, 300) \
    \
    /* ---- post-processing (post.c) */ \
    X(uint32_t, first_para_min_chars, 80, 80, 80) /* fragments before such a paragraph are bars */ \
    X(uint32_t, prompt_max_chars, 160, 160, 160) /* prompts ("Sign up for ...") are short */ \
    /* a naming phrase ("comments") this many words into a sentence of ... */ \
    X(uint32_t, prompt_prose_min_before, 3, 3, 3) \
    X(uint32_t, prompt_prose_min_words, 8, 8, 8) /* ... this many words is prose (post.prompt_in_prose) */ \
    /* list items and quotation lines this long are checked for repeats */ \
    X(uint32_t, item_repeat_min_chars, 40, 40, 40) \
    X(uint32_t, label_max_chars, 40, 40, 40) /* a heading under it said again is a section label */ \
    /* a paragraph said again after this many new paragraphs is content (post.repeat_content) */ \
    X(uint32_t, repeat_min_between, 1, 1, 1) \
    X(uint32_t, link_para_max_chars, 400, 400, 400) /* a paragraph under it ... */ \
    X(uint32_t, link_para_min_link_pct, 80, 80, 80) /* ... this much in links is a link line */ \
    X(uint32_t, byline_max_chars, 80, 80, 80) /* "By X" lines are short */ \
    X(uint32_t, byline_sentence_min_chars, 40, 40, 40) /* a byline this long ends unlike a sentence */ \
    X(uint32_t, numeric_fragment_max_chars, 60, 60, 60) /* date bars, weather, tickers */ \
    X(uint32_t, numeric_fragment_digit_part, 3, 3, 3) /* one char in this many a digit */ \
    X(bool, drop_more_heading, true, true, false) /* "More in X" and the list under it */ \
    X(bool, drop_link_list, true, true, false) /* lists whose items are mostly links */ \
    X(uint32_t, link_item_min_link_pct, 70, 70, 70) /* an item this much in links is a link */ \
    X(uint32_t, link_list_min_item_pct, 60, 60, 60) /* a list this much link items is a link list */ \
    /* post.model (blockmodel.c): a fitted second opinion on post.link_paragraph and \
     * post.link_list, its weights and cut-off in blockmodel_weights.h: it judges and \
     * traces each block they would drop ... */ \
    X(bool, post_model, true, true, false) \
    /* ... and keeps those it finds the article's. Off: cross-validated, it did not beat \
     * the rules alone (README); tools/fit-fold.sh turns it on in its copy of the tree */ \
    X(bool, post_model_keeps, false, false, false) \
    X(bool, drop_closing_line, true, true, false) /* an unpunctuated closing credit line */ \
    X(uint32_t, closing_max_chars, 40, 40, 40) \
    /* the paragraphs ending the body that carry a legal notice (legal_notices.txt) \
     * and are no longer than this are the site's footer */ \
    X(bool, drop_legal_notice, true, true, true) \
    X(uint32_t, legal_notice_max_chars, 600, 600, 600) \
    X(uint32_t, legal_tail_blocks, 4, 4, 4) /* ... from one of the last this many blocks on */ \
    /* a run of this many captioned pictures is a slideshow ... */ \
    X(bool, drop_gallery, true, true, false) \
    X(uint32_t, gallery_min_figures, 10, 10, 10) \
    X(uint32_t, gallery_caption_max_chars, 300, 300, 300) /* ... its slide lines are shorter */ \
    X(uint32_t, gallery_story_min_chars, 200, 200, 200) /* ... and it leaves this much story */

typedef struct gl_xtune {
#define GL_XTUNE_FIELD(type, name, p, b, r) type name;
    GL_XTUNE_TABLE(GL_XTUNE_FIELD)
#undef GL_XTUNE_FIELD
} gl_xtune;

/* The thresholds of `mode` (a galley_mode; out of range: balanced).
 * Static storage, never NULL, read-only: safe from any thread. */
const gl_xtune *gl_xtune_for(int mode);

/* The thresholds of `o`'s mode with its overrides applied
 * (galley_options_set_tune): the static table when it has none, else
 * `scratch` filled in. NULL `o`: balanced. */
struct galley_options;
const gl_xtune *gl_xtune_with(const struct galley_options *o, gl_xtune *scratch);

#endif
