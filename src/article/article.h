/*
 * article.h -- the one document model between extraction and output.
 * Extraction and metadata fill a gl_article; serializers read it. Everything
 * an article holds lives in its own arena (the DOM it came from may be
 * freed first).
 */
#ifndef GL_ARTICLE_H
#define GL_ARTICLE_H

#include "../core/core.h"
#include "../core/trace.h"
#include "../dom/dom.h"

/* Inline span over a block's text: byte offsets [start, end). */
typedef enum gl_span_kind {
    GL_SPAN_EM = 1,
    GL_SPAN_STRONG = 2,
    GL_SPAN_CODE = 3,
    GL_SPAN_LINK = 4, /* href */
    GL_SPAN_BREAK = 5, /* a <br>: zero-width at start, text holds '\n' there */
    GL_SPAN_SUB = 6,
    GL_SPAN_SUP = 7
} gl_span_kind;

typedef struct gl_span {
    uint32_t start, end;
    uint8_t kind;
    const char *href; /* LINK only, absolute when the page URL is known */
} gl_span;

typedef struct galley_block gl_block;
struct galley_block {
    uint8_t type;  /* galley_block_type */
    uint8_t level; /* heading 1-6; list: 1 ordered; cell: 1 header */
    uint32_t text_len;
    char *text;    /* plain text, NUL-terminated, never NULL ("" if none) */
    gl_span *spans;
    uint32_t nspans;
    /* figure: src, alt, caption; code: language; list: start */
    const char *src, *alt, *caption, *language, *href;
    int32_t start;
    uint32_t trace_id; /* its record in the article's trace, 0 when untraced */
    const gl_node *from; /* paragraph: the text node it begins with (where it was read);
                          * points into the page's DOM, so it is read by post-processing
                          * only: the article outlives the DOM, nothing after extraction
                          * may follow it */
    gl_block *first_child, *last_child, *next;
};

typedef struct gl_strlist {
    const char **v;
    size_t n, cap;
} gl_strlist;

typedef struct galley_article gl_article;
struct galley_article {
    gl_arena arena;
    galley_status status;
    char error[160];
    /* single-valued fields, indexed by galley_field (< GALLEY_FIELD_AUTHORS) */
    const char *field[GALLEY_FIELD_COUNT_];
    const char *field_src[GALLEY_FIELD_COUNT_];
    /* list fields */
    gl_strlist authors, categories, tags, organizations;
    /* body measures, written once by gl_article_measure (output/measure.c) */
    uint64_t word_count;
    uint64_t fingerprint;       /* 64-bit SimHash of the body */
    uint64_t text_hash;         /* hash of the normalised body text (dedup) */
    double confidence;          /* page is an article */
    double language_confidence;
    const char *encoding;       /* charset the page was decoded from */
    /* the document's base URL (<base href> resolved against the page URL,
     * else the page URL), which every relative URL resolves against; NULL
     * when the page gives neither */
    const char *base_url;
    galley_encoding_basis encoding_basis;
    gl_block *blocks, *blocks_tail;
    gl_block *comments, *comments_tail;
    /* plain text of the body, made on demand by the output module; figure
     * captions are part of it only with GALLEY_OPT_CAPTIONS */
    bool captions_in_text;
    char *text;
    size_t text_len;
    /* why each block and value was chosen: NULL unless GALLEY_OPT_TRACE;
     * owned by the article */
    gl_trace *trace;
};

gl_article *gl_article_new(void);
void gl_article_free(gl_article *a);
/* Copies a string into the article's arena. */
const char *gl_article_strdup(gl_article *a, const char *s, size_t len);
/* Sets a single-valued field (copied) with its source; overwrites. */
bool gl_article_set(gl_article *a, galley_field f, const char *value, size_t len,
                    const char *source);
/* Appends to a list field (copied); skips exact duplicates. */
bool gl_article_list_add(gl_article *a, galley_field f, const char *value, size_t len);
gl_strlist *gl_article_list(gl_article *a, galley_field f);
/* The same, read-only (NULL for a field that is not a list). */
const gl_strlist *gl_article_list_of(const gl_article *a, galley_field f);
/* Allocates a zeroed block in the article's arena (text = ""). */
gl_block *gl_block_new(gl_article *a, galley_block_type type);
void gl_block_append_child(gl_block *parent, gl_block *child);
void gl_article_append_block(gl_article *a, gl_block *b);
void gl_article_append_comment(gl_article *a, gl_block *b);

/* Cleans span `s` of `b` as every output shows spans: clamped to the
 * text, on code point boundaries, white space trimmed off its edges (next
 * to white space, emphasis is not emphasis in Markdown). False when
 * nothing is left. */
bool gl_span_trim(const gl_block *b, gl_span *s);

/* The next inline link of `b` from span index *i on, as every output shows
 * it: clamped to the text, on code point boundaries, white space trimmed
 * off its edges; empty links and links overlapping the previous one
 * (ending at *after; 0 to start) are skipped. Advances *i and *after.
 * False when there are no more. Linear over the spans in all. */
bool gl_block_next_link(const gl_block *b, uint32_t *i, uint32_t *after, gl_span *out);

/* Decodes the character references left in text that has already been
 * through the tokenizer (JSON-LD strings, values escaped twice), in place;
 * the result is never longer. Returns the new length (charref.c). */
size_t gl_decode_char_refs(char *s, size_t n);

/* The one URL resolver (RFC 3986 5.2): `ref` (len bytes; white space at its
 * edges ignored) against `base` (NUL-terminated, may be NULL), dot segments
 * removed (5.2.4) from every result, absolute references included. A
 * relative `ref` with no absolute base comes back as written. Returns a copy
 * in the article's arena, or NULL for an empty or javascript: reference and
 * on OOM. Implemented in src/article/url.c. */
const char *gl_url_resolve(gl_article *a, const char *base, const char *ref, size_t len);
/* The same resolution into a malloc'd string (caller frees), for callers
 * outside an article (discovery: sitemaps, feeds, crawled links). */
char *gl_url_resolve_heap(const char *base, const char *ref, size_t len);
/* The five components of RFC 3986 section 3; a component that is absent
 * has has_* false (an empty query "?" is present and empty). Pointers are
 * into the split string. */
typedef struct gl_url_parts {
    const char *scheme, *auth, *path, *query, *frag;
    size_t scheme_n, auth_n, path_n, query_n, frag_n;
    bool has_scheme, has_auth, has_query, has_frag;
} gl_url_parts;
/* Splits s[0, n) by RFC 3986 appendix B; never fails. */
void gl_url_split(const char *s, size_t n, gl_url_parts *p);
/* The host of an absolute URL (inside `url`: no user info, no port, IPv6
 * brackets kept) and its length in *n, or NULL when it has none. */
const char *gl_url_host(const char *url, size_t *n);

/* The document's base URL: the first <base href> in <head> resolved
 * against `url`, else `url` itself (normalised), else NULL. Copied into
 * `a`'s arena. Set it as a->base_url before the metadata and body passes. */
const char *gl_url_document_base(gl_article *a, gl_node *root, const char *url);

#endif
