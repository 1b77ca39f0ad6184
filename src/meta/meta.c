/* meta.c -- the metadata pass's walk: one walk over the DOM hands each
 * element and text to the readers (meta_walk.h: <meta> and link tags,
 * JSON-LD and other scripts, microdata and RDFa, <time> and date lines,
 * bylines, headings), which offer candidates for every field to the board
 * (meta_board.c); it keeps where it is (boilerplate, <article>, after the
 * headline) and the budgets of the searches. After it, each field family
 * decides its fields (meta_title.c, meta_dates.c, meta_authors.c,
 * meta_site.c). Also the second pass (gl_meta_finish): dates and the
 * language from the body's text. */
#include <stdlib.h>
#include <time.h>

#include "../article/bwalk.h"
#include "meta_walk.h"

enum {
    CK_AUTHOR = GL_VOCAB_CLASS_HINTS_AUTHOR,
    CK_DATE = GL_VOCAB_CLASS_HINTS_DATE,
    CK_USER = GL_VOCAB_CLASS_HINTS_USER
};

#define TEXT_DATE_WINDOW 3000 /* bytes of text after the headline searched */
#define WEAK_DATE_BUDGET 40000 /* bytes of page text searched for any date */

/* An element whose class or id hints at a byline, a user name or a date
 * line (data/vocab/class_hints.txt); an author hint outranks a date hint. */
static void class_candidates(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *ci)
{
    if (w->in_boiler || n->tag == GL_TAG_BODY || n->tag == GL_TAG_HTML ||
        n->tag == GL_TAG_ARTICLE || n->tag == GL_TAG_MAIN || n->tag == GL_TAG_SECTION ||
        n->tag == GL_TAG_SCRIPT || n->tag == GL_TAG_STYLE || n->tag == GL_TAG_META ||
        n->tag == GL_TAG_IMG)
        return;
    unsigned kinds = gl_meta_class_kinds(&w->ckr, ci);
    if (kinds == CK_USER)
        gl_meta_byline_user(c, n, ci);
    else if (kinds & CK_AUTHOR)
        gl_meta_byline_class(c, w, n, ci);
    else if ((kinds & CK_DATE) && gl_meta_need_dates(c))
        gl_meta_dateline_class(c, w, n, ci);
}

/* A pop-up: <dialog>, role="dialog" or "alertdialog", aria-modal="true"
 * (WAI-ARIA 1.2: a consent banner, a sign-up or log-in box). */
static bool is_dialog(const gl_node *n, const gl_meta_elem_attrs *ea)
{
    if (n->ns == GALLEY_NS_HTML && n->tag == GL_TAG_DIALOG) return true;
    const gl_attr *role = ea->role;
    return ea->modal || (role && (gl_ascii_ieq(role->value, role->value_len, "dialog") ||
                                  gl_ascii_ieq(role->value, role->value_len, "alertdialog")));
}

static void walk(gl_meta_ctx *c, gl_meta_walk *w, gl_doc *doc, const gl_deadline *deadline)
{
    char ci[160]; /* long utility-class lists say nothing more after this */
    size_t steps = 0;
    gl_node *n = doc->root;
    while (n) {
        if ((++steps & 4095) == 0 && deadline && gl_deadline_passed(deadline)) return;
        if (w->in_boiler && n == w->boiler_end) w->in_boiler = false;
        if (w->in_article && n == w->article_end) w->in_article = false;
        if (w->in_dialog && n == w->dialog_end) w->in_dialog = false;
        bool skip = false;
        if (n->type == GALLEY_NODE_TEXT) {
            if (w->in_boiler && !w->boiler_date_found) gl_meta_boiler_date(c, w, n);
            /* the weak whole-page search has a budget: a date that far in
             * is no publication date */
            if (!w->weak_date_found && !w->in_boiler) {
                w->weak_scanned += n->data_len;
                if (w->weak_scanned > WEAK_DATE_BUDGET) w->weak_date_found = true;
            }
            if (w->pre_h1_set && w->pre_h1_text < 24)
                w->pre_h1_text += gl_meta_ink(n->data, n->data_len, 24);
            if (!w->in_boiler && (!w->text_date_found || !w->weak_date_found)) {
                if (w->after_h1 && !w->text_date_found) {
                    w->text_after_h1 += n->data_len;
                    if (w->text_after_h1 > TEXT_DATE_WINDOW) {
                        w->text_date_found = true;
                        c->past_window = true;
                    }
                }
                gl_meta_read_text_date(c, w, n);
            }
        } else if (n->type == GALLEY_NODE_ELEMENT) {
            gl_meta_elem_attrs ea;
            gl_meta_class_id(n, ci, sizeof ci, !w->in_boiler || n->tag == GL_TAG_TIME, &ea);
            const gl_attr *ipa = ea.itemprop, *pra = ea.property;
            if (!w->in_dialog && is_dialog(n, &ea)) {
                w->in_dialog = true;
                w->dialog_end = gl_walk_next(doc->root, n, true);
            }
            if (!w->in_boiler && gl_meta_boilerplate(&w->bpr, n, ci, ea.role, w->in_article)) {
                w->in_boiler = true;
                w->boiler_end = gl_walk_next(doc->root, n, true);
            }
            if (!w->in_article && n->tag == GL_TAG_ARTICLE && !w->in_boiler) {
                w->in_article = true;
                w->article_end = gl_walk_next(doc->root, n, true);
            }
            switch (n->ns == GALLEY_NS_HTML ? n->tag : GL_TAG_UNKNOWN) {
            case GL_TAG_HTML: gl_meta_read_html_lang(c, n); break;
            case GL_TAG_TITLE:
                if (!w->title_node) w->title_node = n;
                skip = true;
                break;
            case GL_TAG_META: gl_meta_read_meta(c, &w->mki, n); break;
            case GL_TAG_LINK: gl_meta_read_link(c, n, ea.rel); break;
            case GL_TAG_SCRIPT:
                gl_meta_read_script(c, w, n);
                skip = true;
                break;
            case GL_TAG_NOSCRIPT:
                /* parsed as markup (scripting off): in the body it can hold a
                 * forum's or a shop's whole crawler view, with its bylines
                 * and microdata; in the head only pixels and styles */
                skip = n->parent && n->parent->tag == GL_TAG_HEAD;
                break;
            case GL_TAG_STYLE:
            case GL_TAG_TEMPLATE:
            case GL_TAG_SVG:
            case GL_TAG_SELECT:
            case GL_TAG_TEXTAREA:
                skip = true;
                break;
            case GL_TAG_H1:
                /* a pop-up's heading ("Your choice regarding cookies") is
                 * never the page's headline (meta.title skips it) */
                if (w->in_dialog) break;
                /* the headline is never inside boilerplate: the guess was wrong */
                if (w->in_boiler && w->hd.nh1 == 0) w->in_boiler = false;
                if (w->hd.nh1 < GL_META_MAX_H1 && !w->in_boiler) {
                    gl_meta_read_h1(c, &w->hd, n, ci);
                    gl_meta_headline_date(c, w);
                    if (!w->after_h1) {
                        w->after_h1 = true;
                        w->text_after_h1 = 0;
                    }
                }
                break;
            case GL_TAG_TIME: gl_meta_read_time(c, w, n, ci); break;
            case GL_TAG_A:
                /* licence links sit in footers: boilerplate is no bar */
                gl_meta_read_license_link(c, n, ea.rel);
                if (!w->in_boiler) gl_meta_byline_rel(c, w, n, ea.rel);
                break;
            case GL_TAG_P:
            case GL_TAG_DIV:
            case GL_TAG_SPAN:
            case GL_TAG_H2:
            case GL_TAG_H3:
            case GL_TAG_H4:
            case GL_TAG_H5:
            case GL_TAG_H6:
            case GL_TAG_LI:
            case GL_TAG_ADDRESS:
            case GL_TAG_DT:
            case GL_TAG_STRONG:
            case GL_TAG_B:
                if (n->tag == GL_TAG_LI && !w->sd.lastmod_set) gl_meta_read_wiki_lastmod(c, w, n);
                if (n->tag == GL_TAG_H2 && !w->in_boiler) gl_meta_read_h2(c, &w->hd, n);
                if (!w->in_boiler && n->first_child) gl_meta_byline_line(c, w, n);
                break;
            default: break;
            }
            if (!skip) {
                if (ipa && n->tag != GL_TAG_META)
                    gl_meta_read_itemprop(c, w, n, ipa->value, ipa->value_len, "microdata");
                else if (!ipa && pra && n->tag != GL_TAG_META)
                    gl_meta_read_itemprop(c, w, n, pra->value, pra->value_len, "rdfa");
                if (ci[0] && n->tag != GL_TAG_TIME && n->tag != GL_TAG_H1 &&
                    !(n->tag == GL_TAG_A && ea.rel))
                    class_candidates(c, w, n, ci);
            }
        }
        n = gl_walk_next(doc->root, n, skip);
    }
}

galley_status gl_meta_extract(gl_doc *doc, gl_article *a, const char *url,
                              const galley_options *opts, const gl_deadline *deadline,
                              gl_page_hints *hints)
{
    if (hints) memset(hints, 0, sizeof *hints);
    if (!doc || !a || !doc->root) return GALLEY_ERR_INVALID_ARG;
    if (!opts) opts = gl_options_default();
    gl_meta_ctx *c = calloc(1, sizeof *c);
    gl_meta_walk *w = calloc(1, sizeof *w);
    if (!c || !w) {
        free(c);
        free(w);
        return GALLEY_ERR_NOMEM;
    }
    gl_arena_init(&c->scratch, 16384);
    gl_board_init(&c->b, &c->scratch, a->trace);
    c->a = a;
    c->opts = opts;
    c->ref_time = opts->reference_time > 0 ? opts->reference_time : (int64_t)time(NULL);
    /* ambiguous numeric dates read month-first only on US English pages:
     * decided from <html lang> before the walk would be nicer; the walk
     * sees <html> first, so the flag is set there */
    const gl_node *html = NULL;
    for (gl_node *k = doc->root->first_child; k; k = k->next)
        if (gl_is_html(k, GL_TAG_HTML)) html = k;
    if (html) {
        const char *l = gl_node_attr_value(html, "lang");
        if (l && (gl_ascii_ieq(l, strlen(l), "en-us") || gl_ascii_ieq(l, strlen(l), "en_us")))
            c->date_flags |= GL_DATE_MDY;
    }
    walk(c, w, doc, deadline);

    /* the site name first: the title and authors compare against it */
    gl_board_publish(&c->b, a, GALLEY_FIELD_SITE_NAME);
    char title_text[GL_META_GATHER_MAX];
    if (w->title_node) {
        gl_meta_gather(w->title_node, title_text, sizeof title_text);
        w->hd.title = title_text;
    }
    c->headline = gl_meta_title_settle(c, &w->hd);

    gl_meta_dates_seen(c, &w->sd, c->headline);
    /* the script date is offered below everything else the page says:
     * the scripts are read only when it can still win */
    if (w->nscripts && c->b.field[GALLEY_FIELD_PUBLISHED].prio < SCRIPT_DATE_PRIO)
        gl_meta_scan_scripts(c, w);
    gl_meta_dates_settle(c, &w->sd, w->hd.title, url);
    gl_meta_site_settle(c, url);
    gl_meta_authors_settle(c);

    if (hints) {
        *hints = w->marks;
        hints->headline = c->headline;
        /* the declared type goes to the extractor as a hint; the page type
         * field is the classifier's to write */
        const char *pt = c->b.field[GALLEY_FIELD_PAGE_TYPE].v;
        hints->declared_type = pt ? gl_article_strdup(a, pt, strlen(pt)) : NULL;
    }

    gl_meta_jsonld_free(c);
    gl_arena_destroy(&c->scratch);
    free(c);
    free(w);
    if (deadline && gl_deadline_passed(deadline)) return GALLEY_ERR_TIMEOUT;
    return GALLEY_OK;
}

/* body bytes given to the language detector: CLD2 is the costliest part of
 * the metadata pass and a few KB identify a language well */
#define LANG_TEXT_MAX 3072

/* Plain text of the body blocks, bounded. */
static void body_text(const gl_article *a, gl_buf *out)
{
    gl_bwalk w;
    gl_bwalk_init(&w, a->blocks);
    for (const gl_block *b; out->len < LANG_TEXT_MAX && (b = gl_bwalk_next_block(&w));) {
        if (b->text && *b->text) {
            /* only the head of a long block: whole, it would overrun the
             * buffer's cap and leave nothing (reported as out of memory) */
            size_t k = b->text_len, room = LANG_TEXT_MAX - out->len;
            if (k > room) {
                k = room;
                while (k && ((unsigned char)b->text[k] & 0xC0) == 0x80) k--;
            }
            gl_buf_append(out, b->text, k);
            gl_buf_putc(out, '\n');
        }
    }
    gl_bwalk_free(&w);
}

galley_status gl_meta_finish(gl_doc *doc, gl_article *a, const galley_options *opts)
{
    GL_UNUSED(doc);
    if (!a) return GALLEY_ERR_INVALID_ARG;
    if (!opts) opts = gl_options_default();
    gl_buf text;
    gl_buf_init(&text);
    text.cap = LANG_TEXT_MAX + 4096;
    body_text(a, &text);
    if (text.failed && !text.len) {
        gl_buf_free(&text);
        return GALLEY_ERR_NOMEM;
    }

    gl_meta_dates_from_body(a, &text, opts);
    gl_meta_language_settle(a, &text, opts);
    gl_buf_free(&text);
    return GALLEY_OK;
}
