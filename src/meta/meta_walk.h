/*
 * meta_walk.h -- the metadata walk (meta.c) and the readers it calls: the
 * walk's state, the DOM text helpers every reader uses (meta_text.c), and
 * one entry per reader file. The field families that decide after the
 * walk (meta_title.c, meta_dates.c, meta_authors.c, meta_site.c) need
 * none of this: they see gl_meta_ctx (meta_int.h). Internal to src/meta.
 *
 *   meta_text.c       element text gathered, class/id words, boilerplate
 *   meta_tags.c       <html lang>, <meta>, <link rel>, <a rel=license>
 *   meta_microdata.c  itemprop (microdata) and property (RDFa) elements
 *   meta_bylines.c    bylines: author classes, rel="author", "By X" lines
 *   meta_datelines.c  <time>, date classes, dates in the page's text
 *   meta_scripts.c    <script>: JSON-LD handed on, dates in script data
 *   meta_headlines.c  the <h1>s and <h2>s read as headline candidates
 */
#ifndef GL_META_WALK_H
#define GL_META_WALK_H

#include "meta_int.h"

#define GL_META_GATHER_MAX_NODES 200 /* nodes visited per candidate element */
#define GL_META_MAX_SCRIPTS 128 /* scripts kept for a late date search; more are read at once */
#define GL_META_MAX_KEYS 192 /* entries of meta_tags.c's key table, at most */

/* The attributes the walk reads on every element, found in one pass. */
typedef struct gl_meta_elem_attrs {
    const gl_attr *itemprop, *property, *role, *rel;
    bool modal; /* aria-modal="true" */
} gl_meta_elem_attrs;

/* meta_tags.c's <meta> names grouped by first letter (table order kept
 * within a group), built once per page: a lookup then reads one group,
 * not the table. */
typedef struct gl_meta_key_index {
    uint16_t start[28]; /* group g is order[start[g] .. start[g + 1]) */
    uint16_t order[GL_META_MAX_KEYS];
    uint8_t len[GL_META_MAX_KEYS]; /* of each key: most candidates fail on it */
    bool built;
} gl_meta_key_index;

/* The class-hint words' first two letters: row[first byte] has bit
 * (second byte & 31), first[first byte] the words that start with it.
 * Built once per page. */
typedef struct gl_meta_class_rows {
    uint32_t row[256];
    uint16_t first[256];
    bool built;
} gl_meta_class_rows;

/* The boilerplate words a class token may start with (the @token words
 * of data/vocab/class_words.txt), by first letter: this runs for every
 * token of every class list. Built once per page. */
#define GL_META_BP_PER_LETTER 8
typedef struct gl_meta_bp_rows {
    uint8_t word[26][GL_META_BP_PER_LETTER], n[26];
    bool built;
} gl_meta_bp_rows;

/* Where the walk is, and what it has seen that later elements weigh. */
typedef struct gl_meta_walk {
    const gl_node *boiler_end; /* first node after the current boilerplate subtree */
    bool in_boiler;
    const gl_node *dialog_end; /* first node after the current dialog */
    bool in_dialog; /* inside a pop-up (<dialog>, role=dialog, aria-modal): no headline */
    gl_meta_heads hd;     /* the <h1>s, for the title family */
    gl_meta_seen_dates sd; /* dates the date family weighs after the walk */
    const gl_node *title_node;
    bool after_h1;
    size_t text_after_h1;
    bool text_date_found, weak_date_found, boiler_date_found;
    bool inline_script_date_found;
    size_t weak_scanned;
    gl_page_hints marks; /* bylines and date lines, for the extractor */
    const gl_node *credit; /* the byline element whose names won, for co-authors */
    const gl_node *article_end; /* first node after the first <article> */
    bool in_article;
    bool sentence_date_found; /* a date inside a sentence after the headline */
    /* the last short dated line, and the text since (for the next <h1>) */
    gl_date pre_h1;
    bool pre_h1_set;
    size_t pre_h1_text;
    size_t script_scanned;
    const gl_node *scripts[GL_META_MAX_SCRIPTS]; /* not yet read for a date, in page order */
    size_t nscripts;
    gl_meta_key_index mki;
    gl_meta_class_rows ckr;
    gl_meta_bp_rows bpr;
    gl_lead_filter lf; /* byline leads by their first two letters */
    bool lf_built;
} gl_meta_walk;

/* An element handed to the extractor as a byline / a date line. */
static inline void gl_meta_mark_byline(gl_meta_walk *w, const gl_node *n)
{
    if (w->marks.nbylines < GL_HINTS_MAX_MARKS) w->marks.bylines[w->marks.nbylines++] = n;
}
static inline void gl_meta_mark_dateline(gl_meta_walk *w, const gl_node *n)
{
    if (w->marks.ndatelines < GL_HINTS_MAX_MARKS)
        w->marks.datelines[w->marks.ndatelines++] = n;
}

/* Visible dates are worth looking for while the page has given no trusted
 * date, or until one shown date is known (to compare a UTC timestamp with). */
static inline bool gl_meta_need_dates(const gl_meta_ctx *c)
{
    return c->b.field[GALLEY_FIELD_PUBLISHED].prio < GL_PRIO_TIME || c->vis_prio == 0;
}

static inline bool gl_meta_has(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* ---- meta_text.c: the DOM as the readers see it */
/* Text of `n`'s subtree, bounded (GL_META_GATHER_MAX_NODES nodes),
 * squashed, into `out` (NUL-terminated); returns its length. Elements for
 * which `over` (may be NULL) says so are stepped over with their subtree
 * (scripts and styles always). With `glue`, text of two elements that
 * touch without a space is parted by '|'. */
size_t gl_meta_gather_ex(const gl_node *n, char *out, size_t cap,
                         bool (*over)(const gl_node *), bool glue);
/* gl_meta_gather_ex with nothing stepped over, without / with glue. */
size_t gl_meta_gather(const gl_node *n, char *out, size_t cap);
size_t gl_meta_gather_byline(const gl_node *n, char *out, size_t cap);
/* The text nodes of a small subtree, each followed by a space. */
size_t gl_meta_gather_parts(const gl_node *n, char *out, size_t cap);
/* Bytes of `s` that are not white space, counted up to `cap`. */
size_t gl_meta_ink(const char *s, size_t n, size_t cap);
/* An attribute's value and length (`len` may be NULL), or NULL. */
const char *gl_meta_attr(const gl_node *n, const char *name, size_t *len);
/* A value that reads as a URL or a path, not a name. */
bool gl_meta_url_like(const char *s, size_t n);
/* Whether an element sits in a list item or a table cell, a few levels up. */
bool gl_meta_in_list(const gl_node *n);
/* Lower-cased "class id " of `n` into out (bounded) when `want`, else
 * empty; fills `ea` in the same pass over the attributes. */
size_t gl_meta_class_id(const gl_node *n, char *out, size_t cap, bool want,
                        gl_meta_elem_attrs *ea);
/* Lower-cased "class id " of one element, bounded. */
void gl_meta_class_of(const gl_node *e, char *out, size_t cap);
/* What a class/id string hints at: GL_VOCAB_CLASS_HINTS_* bits. */
unsigned gl_meta_class_kinds(gl_meta_class_rows *r, const char *ci);
/* Subtrees whose dates and bylines are not the article's: nav, forms,
 * landmarks outside the article, boilerplate class words. */
bool gl_meta_boilerplate(gl_meta_bp_rows *bpr, const gl_node *n, const char *ci,
                         const gl_attr *role, bool in_article);

/* ---- meta_tags.c: <html lang>, <meta>, <link rel>, <a rel=license> */
void gl_meta_read_html_lang(gl_meta_ctx *c, const gl_node *n);
void gl_meta_read_meta(gl_meta_ctx *c, gl_meta_key_index *ix, const gl_node *n);
/* <link rel=canonical|image_src|license href> (`rel` may be NULL). */
void gl_meta_read_link(gl_meta_ctx *c, const gl_node *n, const gl_attr *rel);
/* <a rel="license" href>: the licence link (`rel` may be NULL). */
void gl_meta_read_license_link(gl_meta_ctx *c, const gl_node *n, const gl_attr *rel);

/* ---- meta_microdata.c: one element's itemprop / property value `p` */
void gl_meta_read_itemprop(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *p,
                           size_t pn, const char *src);

/* ---- meta_bylines.c */
/* An element whose class names a poster's user name. */
void gl_meta_byline_user(gl_meta_ctx *c, const gl_node *n, const char *ci);
/* An element whose class names an author box. */
void gl_meta_byline_class(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *ci);
/* <a rel="author"> (`rel` may be NULL). */
void gl_meta_byline_rel(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const gl_attr *rel);
/* A text block that opens with a byline lead: "By X", or "By" alone with
 * the name in the next element. */
void gl_meta_byline_line(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n);

/* ---- meta_datelines.c */
/* Whether an element's text is an ISO timestamp with its 'T'. */
bool gl_meta_raw_timestamp(const gl_node *n);
/* <time datetime> (HTML 4.5.14), or its text. */
void gl_meta_read_time(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *ci);
/* An element whose class names a date line. */
void gl_meta_dateline_class(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *ci);
/* A text node outside boilerplate: labelled dates, the first date after
 * the headline, weak dates kept for after the walk. */
void gl_meta_read_text_date(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *t);
/* A text node in boilerplate: a date as the last resort. */
void gl_meta_boiler_date(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *t);
/* At an <h1>: the short date line just above it is the story's. */
void gl_meta_headline_date(gl_meta_ctx *c, gl_meta_walk *w);
/* <li id="footer-info-lastmod">: a wiki's last edit. */
void gl_meta_read_wiki_lastmod(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n);

/* ---- meta_scripts.c */
/* A <script>: JSON-LD read at once; any other kept for a date. */
void gl_meta_read_script(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n);
/* Reads the kept scripts in page order until one gives a date. */
void gl_meta_scan_scripts(gl_meta_ctx *c, gl_meta_walk *w);

/* ---- meta_headlines.c */
/* An <h1> outside boilerplate: its text (kickers and datelines left out)
 * and whether it is the site's logo, appended to `hd`. `ci` is its class
 * string, empty when the walk read none. */
void gl_meta_read_h1(gl_meta_ctx *c, gl_meta_heads *hd, const gl_node *n, const char *ci);
/* An <h2> outside boilerplate, appended to `hd`. */
void gl_meta_read_h2(gl_meta_ctx *c, gl_meta_heads *hd, const gl_node *n);

#endif
