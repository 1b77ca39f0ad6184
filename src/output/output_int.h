/*
 * output_int.h -- helpers shared by the serializers of the output module:
 * inline span rendering, escapers (the block walker is src/article/bwalk.h).
 * Private to src/output.
 */
#ifndef GL_OUTPUT_INT_H
#define GL_OUTPUT_INT_H

#include "../article/bwalk.h"
#include "output.h"

/* ---- inline spans. The renderer cleans a block's spans first (bounds,
 * UTF-8 boundaries, white space trimmed off the edges, one span of a kind at
 * a time, no link in a link) and keeps the output well-formed when spans
 * overlap by closing and reopening them. */
typedef struct gl_inline_sink {
    void (*open)(void *ctx, const gl_block *b, const gl_span *s);
    void (*close)(void *ctx, const gl_block *b, const gl_span *s);
    /* a run of the block's text; may contain '\n' (line breaks) */
    void (*text)(void *ctx, const char *s, size_t n, bool in_code);
    void *ctx;
} gl_inline_sink;

enum {
    /* Markdown: a code span cannot hold markup, so spans that start or end
     * inside one are dropped. */
    GL_INLINE_NO_MARKUP_IN_CODE = 1u << 0,
};

/* Renders text+spans of `b` through `sink`. False on OOM. */
bool gl_render_inline(const gl_block *b, unsigned flags, const gl_inline_sink *sink);

/* ---- escapers and small helpers */
/* JSON string with quotes; invalid UTF-8 becomes U+FFFD; control
 * characters, U+2028 and U+2029 are escaped. */
bool gl_json_str(gl_buf *out, const char *s, size_t n);
bool gl_json_cstr_or_null(gl_buf *out, const char *s);
/* YAML double-quoted scalar (the JSON form, plus escapes YAML needs). */
bool gl_yaml_str(gl_buf *out, const char *s, size_t n);
/* HTML/XML character data or attribute value (attr != 0: also escapes '"'
 * and keeps tabs and newlines as character references). Invalid UTF-8 and
 * characters XML 1.0 forbids become U+FFFD. */
bool gl_markup_escape(gl_buf *out, const char *s, size_t n, bool attr);
/* Removes C0 controls other than tab and newline, DEL and C1 controls
 * (U+0080-U+009F) from out->data[from, len), in place: text and Markdown
 * go to terminals, where ESC and the C1 CSI start control sequences and
 * BEL rings. The formats with escapes (JSON, HTML, XML) escape or replace
 * them instead. */
void gl_strip_controls(gl_buf *out, size_t from);
/* False for URLs whose scheme runs code or embeds data (javascript:,
 * vbscript:, data:): HTML and Markdown output leave them out. */
bool gl_url_is_safe(const char *url);

/* Name of a block type in the JSON schema ("paragraph", "list_item", ...). */
const char *gl_block_type_name(unsigned type);
/* An ordered list's first number: `start` when the page gave one, else 1. */
static inline int64_t gl_list_start(const gl_block *list)
{
    return (list && list->start) ? list->start : 1;
}

/* True when the body opens with a heading that repeats the title, so a
 * format that prints the title itself should not print it twice. */
bool gl_body_repeats_title(const gl_article *a);

/* The YAML front matter of --front-matter: "---", one "key: value" line
 * per known field (title, authors, published, modified, url, hostname,
 * site_name, language, license), "---", a blank line. */
bool gl_render_front_matter(gl_buf *out, const gl_article *a);

bool gl_render_markdown(gl_buf *out, const gl_article *a);
bool gl_render_html(gl_buf *out, const gl_article *a);
bool gl_render_xml(gl_buf *out, const gl_article *a);
/* inspect.c: the inspector page over the JSON record and its trace */
bool gl_render_inspect(gl_buf *out, const gl_article *a);

#endif
