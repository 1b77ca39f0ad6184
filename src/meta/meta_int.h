/*
 * meta_int.h -- helpers shared by the metadata module's files (dates,
 * authors, JSON-LD, language), the state the field families decide from
 * (gl_meta_ctx) and each family's entry points. The walk and its readers
 * (one file per kind of source) are declared in meta_walk.h. Internal to
 * src/meta.
 */
#ifndef GL_META_INT_H
#define GL_META_INT_H

#include "../article/vocab.h"
#include "meta.h"
#include "meta_board.h"

/* ---- dates (meta_date.c) */
typedef struct gl_date {
    int y, mo, d;
    int h, mi, s;
    int tz_min;     /* offset east of UTC in minutes, when has_tz */
    bool has_time, has_tz;
} gl_date;

enum {
    GL_DATE_MDY = 1 /* ambiguous n/n/yyyy reads month first (US English) */
};

/* Machine-readable value (ISO 8601, "YYYY-MM-DD HH:MM", RFC 2822, "YYYYMMDD"):
 * the whole value, surrounding space allowed. Falls back to the first human
 * date in the value. */
bool gl_meta_date_parse(const char *s, size_t n, int flags, gl_date *out);
/* First human-written date in free text ("April 28, 2025", "28.04.2025",
 * "2025년 4월 28일", month names in several languages). `*pos` (may be
 * NULL) gets the offset where it starts. */
bool gl_meta_date_find(const char *s, size_t n, int flags, gl_date *out, size_t *pos);
/* Whether a weekday name ("Mittwoch, ", "lun. ", "Friday ") stands just
 * before the date that starts at s[pos]: a date line that names the day. */
bool gl_meta_date_weekday_before(const char *s, size_t pos);
/* Date in a URL path: /2025/04/28/, /2025-04-28, /20250428/. */
bool gl_meta_date_from_url(const char *url, gl_date *out);
/* Not before 1990-01-01 and not after `ref` (unix seconds; <= 0: now): a
 * date with time and zone compared exactly, one without a zone given the
 * largest UTC offset (14 h) of slack. */
bool gl_meta_date_plausible(const gl_date *d, int64_t ref);
/* ISO 8601: date, plus time and zone where known. `out` >= 32 bytes. */
size_t gl_meta_date_format(const gl_date *d, char *out);
/* Days since 1970-01-01 of the calendar date. */
int64_t gl_meta_date_days(const gl_date *d);

/* ---- authors (meta_author.c) */
typedef struct gl_namelist {
    char *v[16];
    size_t n;
} gl_namelist;
/* Cleans a byline or author value into person names appended to `out`
 * (strings in `arena`). `site` (may be NULL) is the site name, rejected as
 * a person. Returns the number of names added. */
size_t gl_meta_author_split(gl_arena *arena, const char *s, size_t n, const char *site,
                            gl_namelist *out);
/* True when the string reads like a byline lead ("By", "Von", "Par" ...). */
bool gl_meta_author_has_lead(const char *s, size_t n);
/* A quick test before gl_meta_author_has_lead: false means it would say
 * false. Built from the lead list (the first two letters of each). */
typedef struct gl_lead_filter {
    uint32_t pair[256]; /* by first byte: bits of the second byte's class */
} gl_lead_filter;
void gl_meta_author_lead_filter(gl_lead_filter *lf);
bool gl_meta_author_may_lead(const gl_lead_filter *lf, const char *s, size_t n);
/* True for values that name an organisation rather than a person. */
bool gl_meta_author_is_org(const char *s, size_t n);
/* For a byline that credits the desk, no person ("Redaktion", "By Staff",
 * "The Editors"): the credit's length, its offset in *off; else 0. */
size_t gl_meta_author_desk(const char *s, size_t n, size_t *off);

/* ---- language (meta_lang.cc) */
/* Identifies the language of UTF-8 `text`: writes a BCP 47 tag into `tag`
 * (>= 16 bytes) and returns the confidence in [0,1], or -1 when unknown or
 * when CLD2 is not compiled in. */
double gl_meta_lang_detect(const char *text, size_t n, char *tag);
/* True when the function words of `text` plainly say the language of the
 * tag `declared` (a few common languages); false when they do not or the
 * language is not listed (meta_langcheck.c). */
bool gl_meta_lang_confirm(const char *text, size_t n, const char *declared);

/* ---- what the walk hands the field families */
#define GL_META_GATHER_MAX 600  /* text looked at per candidate element */
#define GL_META_MAX_H1 8
#define GL_META_MAX_H2 4
#define GL_META_MAX_WEAK_DATES 6
#define LABEL_DATE_PRIO (GL_PRIO_TIME + 2) /* "Published: <date>" */
#define META_WEAK_PRIO (GL_PRIO_TIME - 6)  /* a bare <meta name="date"> */
#define SCRIPT_DATE_PRIO (GL_PRIO_TEXT - 5) /* a date key in a script's data */

/* The headline candidates: the page's <h1>s in order and the <title>. */
typedef struct gl_meta_heads {
    const gl_node *h1[GL_META_MAX_H1];
    const char *h1_text[GL_META_MAX_H1];
    bool h1_logo[GL_META_MAX_H1]; /* the site's logo or name, not a headline */
    size_t nh1;
    const char *title; /* the <title>'s text; NULL when the page has none */
    /* the first <h2>s outside boilerplate: a headline set as an h2 under
     * a section's h1 */
    const char *h2_text[GL_META_MAX_H2];
    size_t nh2;
} gl_meta_heads;

/* Dates the walk saw that are weighed only after it. */
typedef struct gl_meta_seen_dates {
    gl_date weak[GL_META_MAX_WEAK_DATES]; /* stray dates in the text */
    uint32_t weak_index[GL_META_MAX_WEAK_DATES];
    bool weak_today[GL_META_MAX_WEAK_DATES]; /* written with its weekday, outside the article */
    size_t nweak;
    bool update_date_found; /* a labelled update date in the text */
    /* a publication date in a script's data ("publishedDate":"...") */
    gl_date script_date;
    bool script_date_found;
    gl_date lastmod; /* a wiki's "last edited on" footer line */
    bool lastmod_set;
} gl_meta_seen_dates;

/* ---- the walk's state: the board, and what the field families keep */
typedef struct gl_meta_ctx {
    gl_arena scratch;
    gl_article *a;
    const galley_options *opts;
    int64_t ref_time;
    int date_flags;
    gl_board b; /* the single-valued fields' slots */
    const gl_node *headline; /* the element holding the chosen title */
    /* title candidates */
    gl_cand t_jsonld, t_og, t_meta, t_micro;
    /* authors: the names of the best source only */
    gl_namelist auth;
    int auth_prio;
    const char *auth_src;
    bool person_decl; /* the value being offered is a declared Person */
    bool auth_person; /* the kept names came from a declared Person */
    /* the names of the best byline shown on the page, kept even when a
     * declared author outranks it: it may spell the same name in full */
    gl_namelist shown_auth;
    int shown_prio;
    /* a desk credit ("Redaktion"): the author when no person is named */
    const char *desk;
    const char *desk_src;
    int desk_prio;
    gl_namelist orgs;
    gl_namelist cats, tags;
    int cats_prio, tags_prio;
    bool jsonld_article; /* an Article-like JSON-LD object was seen */
    /* the best publication date shown on the page (<time>, date lines) */
    gl_date vis;
    int vis_prio;
    const char *vis_src;
    bool past_window;  /* the walk is far below the headline */
    bool vis_far;      /* the shown date was seen there */
    gl_date meta_pub; /* the <meta> publication date, beside JSON-LD's */
    bool meta_pub_set;
    char tw_author_data[16]; /* "twitter:dataN" whose label said "Written by" */
    struct gl_jsonld *jsonld; /* the JSON parser and buffers, kept across blocks */
} gl_meta_ctx;

/* meta_url.c. A licence longer than this is no licence name or URL. */
#define GL_META_LICENSE_MAX 300
/* Offers a licence: a URL (`is_url`: resolved against the base URL;
 * Creative Commons URLs become "CC BY-SA 4.0") or a name. */
void gl_meta_offer_license(gl_meta_ctx *c, const char *v, size_t n, bool is_url, int prio,
                           const char *src);
/* True when the space-separated rel value holds the token (ASCII case-insensitive). */
bool gl_meta_rel_has(const char *rel, size_t n, const char *tok);
/* Rule meta.hostname.url: HOSTNAME decided from the URL field's winning
 * value: its host, lower-cased, without port. */
void gl_meta_offer_hostname(gl_meta_ctx *c);

/* Offers a value for a single-valued field on the board, under the rule
 * meta.<field>.<src>. */
static inline void gl_meta_offer(gl_meta_ctx *c, galley_field f, const char *v, size_t n,
                                 int prio, const char *src)
{
    gl_board_offer(&c->b, f, v, n, prio, src, NULL);
}
/* ---- dates (meta_dates.c): which offered date wins */
/* Offers a date (any readable form) for PUBLISHED or MODIFIED. */
bool gl_meta_offer_date(gl_meta_ctx *c, galley_field f, const char *v, size_t n, int prio,
                        const char *src);
/* Remembers a publication date shown to readers, to weigh the
 * machine-readable ones against after the walk. */
void gl_meta_note_shown_date(gl_meta_ctx *c, const char *v, size_t n, int prio, const char *src);
/* After the walk, before the scripts are read: the weak text dates (the
 * first after `head`, the headline element, may be NULL) and a lone
 * labelled update date. */
void gl_meta_dates_seen(gl_meta_ctx *c, const gl_meta_seen_dates *w, const gl_node *head);
/* The rest of the date decisions, then PUBLISHED and MODIFIED written into
 * the article. `title` (the <title>'s text) and `url` may be NULL. */
void gl_meta_dates_settle(gl_meta_ctx *c, const gl_meta_seen_dates *w, const char *title,
                          const char *url);
/* After extraction: a date in the body's first lines when none was found. */
void gl_meta_dates_from_body(gl_article *a, const gl_buf *text, const galley_options *opts);

/* ---- title (meta_title.c) */
/* Chooses the title from the title slots and the headline candidates,
 * writes TITLE (and SITE_NAME from the <title>'s affix when the page named
 * no site); returns the element holding the title (the headline hint), or
 * NULL. Call after SITE_NAME is written. */
const gl_node *gl_meta_title_settle(gl_meta_ctx *c, const gl_meta_heads *h);
/* True for an element a reader presses rather than reads (<button>,
 * role="button", a link to "#" or "javascript:"): its label is not part of
 * a headline. NULL-free; reads the node only. */
bool gl_meta_is_control(const gl_node *e);

/* ---- page-level fields (meta_site.c) */
/* Writes description, URL, host name, licence, image,
 * language, categories and tags into the article. `url` may be NULL. */
void gl_meta_site_settle(gl_meta_ctx *c, const char *url);
/* After extraction: the language checked or found from the body's text
 * (`text` may be extended with the title and description). */
void gl_meta_language_settle(gl_article *a, gl_buf *text, const galley_options *opts);
/* ---- authors (meta_authors.c): which offered names win */
/* Offers a byline / author value: split into names. */
bool gl_meta_offer_author(gl_meta_ctx *c, const char *v, size_t n, int prio, const char *src);
/* Adds the names in byline text v[0, n) to the winning byline's names
 * (rule meta.authors.coauthor) when the byline at `prio` won; with
 * `glued`, only when the one name kept begins with the first name of v,
 * which then replaces it. True when names were added. */
bool gl_meta_add_coauthors(gl_meta_ctx *c, const char *v, size_t n, int prio, bool glued);
void gl_meta_offer_org(gl_meta_ctx *c, const char *v, size_t n);
/* Writes AUTHORS and ORGANIZATIONS: the declared names against the byline
 * shown, organisations and the site told from people, else a desk credit.
 * Call after SITE_NAME is written. */
void gl_meta_authors_settle(gl_meta_ctx *c);
/* Offers a comma-separated or single category/tag value. */
void gl_meta_offer_list(gl_meta_ctx *c, galley_field f, const char *v, size_t n, int prio);
/* Maps a schema.org @type or og:type to a page type ("article", ...), or NULL. */
const char *gl_meta_page_type(const char *type, size_t n);

/* ---- text helpers */
/* a letter or digit, or part of a non-ASCII character */
static inline bool gl_meta_word_byte(char ch)
{
    unsigned char u = (unsigned char)ch;
    return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
}
/* Words of s[0..n) separated by spaces (meta_title.c). */
size_t gl_meta_count_words(const char *s, size_t n);

/* ---- JSON-LD (meta_jsonld.c): one <script type=application/ld+json>. */
void gl_meta_jsonld(gl_meta_ctx *c, const char *text, size_t n);
/* Frees what gl_meta_jsonld kept in `c` (NULL-safe). */
void gl_meta_jsonld_free(gl_meta_ctx *c);

#endif
