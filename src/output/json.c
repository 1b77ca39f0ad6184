/* json.c -- the JSON / JSON Lines record (schema in docs/cli.md). Written by
 * hand: a tiny escaper is all it needs, and it keeps the output byte-exact
 * and deterministic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "output_int.h"

static void key(gl_buf *out, const char *k)
{
    gl_buf_putc(out, ',');
    gl_buf_putc(out, '"');
    gl_buf_puts(out, k);
    gl_buf_append(out, "\":", 2);
}

static void num(gl_buf *out, double v)
{
    if (!isfinite(v)) v = 0;
    /* %.4g in the C locale (the library never calls setlocale) */
    gl_buf_printf(out, "%.4g", v);
}

static void str_array(gl_buf *out, const gl_strlist *l)
{
    gl_buf_putc(out, '[');
    for (size_t i = 0; l && i < l->n; i++) {
        if (i) gl_buf_putc(out, ',');
        gl_json_cstr_or_null(out, l->v[i]);
    }
    gl_buf_putc(out, ']');
}

/* Optional string member: written only when present. */
static void opt_str(gl_buf *out, const char *k, const char *v)
{
    if (!v) return;
    key(out, k);
    gl_json_cstr_or_null(out, v);
}

static bool has_text_member(const gl_block *b)
{
    switch (b->type) {
    case GALLEY_BLOCK_LIST:
    case GALLEY_BLOCK_TABLE:
    case GALLEY_BLOCK_TABLE_ROW:
    case GALLEY_BLOCK_RULE:
    case GALLEY_BLOCK_QUOTE:
    case GALLEY_BLOCK_FIGURE:
        return b->text_len > 0;
    default:
        return true;
    }
}

/* Code points in t[0, n): the JSON offsets count code points, so that
 * text[start:end] picks the link's text in Python and most JSON readers. */
static size_t cp_count(const char *t, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)t[i] & 0xC0) != 0x80;
    return k;
}

/* "links":[{text, href, start, end}] when the block has inline links.
 * Offsets are found in one left-to-right pass (links come in text order). */
static void json_links(gl_buf *out, const gl_block *b)
{
    uint32_t i = 0, after = 0, pos = 0;
    size_t cp = 0;
    gl_span s;
    bool first = true;
    while (gl_block_next_link(b, &i, &after, &s)) {
        if (first) key(out, "links"), gl_buf_putc(out, '[');
        else gl_buf_putc(out, ',');
        first = false;
        cp += cp_count(b->text + pos, s.start - pos);
        size_t len = cp_count(b->text + s.start, s.end - s.start);
        gl_buf_append(out, "{\"text\":", 8);
        gl_json_str(out, b->text + s.start, s.end - s.start);
        key(out, "href");
        gl_json_cstr_or_null(out, s.href);
        gl_buf_printf(out, ",\"start\":%zu,\"end\":%zu}", cp, cp + len);
        pos = s.start;
    }
    if (!first) gl_buf_putc(out, ']');
}

/* Blocks as a JSON array of {type, text, ..., children}. */
static bool json_blocks(gl_buf *out, const gl_block *first)
{
    gl_bwalk w;
    gl_bwalk_init(&w, first);
    const gl_block *b;
    gl_bwalk_ev ev;
    gl_buf_putc(out, '[');
    while ((ev = gl_bwalk_next(&w, &b)) != GL_BWALK_DONE) {
        if (ev == GL_BWALK_EXIT) {
            if (b->first_child) gl_buf_append(out, "]}", 2);
            continue;
        }
        if (w.stack[w.depth - 1].index) gl_buf_putc(out, ',');
        gl_buf_append(out, "{\"type\":\"", 9);
        gl_buf_puts(out, gl_block_type_name(b->type));
        gl_buf_putc(out, '"');
        if (has_text_member(b)) {
            key(out, "text");
            gl_json_str(out, b->text, b->text_len);
            json_links(out, b);
        }
        switch (b->type) {
        case GALLEY_BLOCK_HEADING:
            key(out, "level");
            gl_buf_printf(out, "%d", b->level < 1 ? 1 : b->level > 6 ? 6 : b->level);
            break;
        case GALLEY_BLOCK_LIST:
            key(out, "ordered");
            gl_buf_puts(out, b->level ? "true" : "false");
            if (b->level && b->start) {
                key(out, "start");
                gl_buf_printf(out, "%ld", (long)b->start);
            }
            break;
        case GALLEY_BLOCK_TABLE_CELL:
            key(out, "header");
            gl_buf_puts(out, b->level ? "true" : "false");
            break;
        default:
            break;
        }
        opt_str(out, "src", b->src);
        opt_str(out, "alt", b->alt);
        opt_str(out, "caption", b->caption);
        opt_str(out, "language", b->language);
        opt_str(out, "href", b->href);
        if (b->first_child) key(out, "children"), gl_buf_putc(out, '[');
        else gl_buf_putc(out, '}');
    }
    bool ok = !w.failed;
    gl_bwalk_free(&w);
    gl_buf_putc(out, ']');
    return ok && !out->failed;
}

static const char *field(const gl_article *a, galley_field f)
{
    return a ? a->field[f] : NULL;
}

bool gl_render_json_record(gl_buf *out, const gl_article *a, const gl_record_info *info)
{
    galley_status st = info ? info->status : (a ? a->status : GALLEY_ERR_INVALID_ARG);
    if (info && st == GALLEY_OK && a) st = a->status;
    const char *err = NULL;
    if (st != GALLEY_OK) {
        err = info && info->error && *info->error ? info->error
              : a && a->error[0]                  ? a->error
                                                  : galley_status_str(st);
    }

    gl_buf_append(out, "{\"source\":", 10);
    gl_json_cstr_or_null(out, info ? info->source : NULL);
    const char *url = field(a, GALLEY_FIELD_URL);
    if (!url && info) url = info->url;
    key(out, "url");
    gl_json_cstr_or_null(out, url);
    if (info && info->warc) { /* every key, null when unknown: one schema */
        key(out, "target_uri");
        gl_json_cstr_or_null(out, info->target_uri);
        key(out, "warc_filename");
        gl_json_cstr_or_null(out, info->warc_filename);
        key(out, "warc_offset");
        if (info->warc_offset >= 0) gl_buf_printf(out, "%lld", (long long)info->warc_offset);
        else gl_buf_puts(out, "null");
        key(out, "warc_length");
        if (info->warc_length >= 0) gl_buf_printf(out, "%lld", (long long)info->warc_length);
        else gl_buf_puts(out, "null");
        key(out, "warc_record_id");
        gl_json_cstr_or_null(out, info->warc_record_id);
        key(out, "warc_date");
        gl_json_cstr_or_null(out, info->warc_date);
        key(out, "http_status");
        if (info->http_status > 0) gl_buf_printf(out, "%d", info->http_status);
        else gl_buf_puts(out, "null");
        key(out, "content_type");
        gl_json_cstr_or_null(out, info->content_type);
    }
    key(out, "status");
    gl_json_cstr_or_null(out, galley_status_name(st));
    key(out, "error");
    gl_json_cstr_or_null(out, err);

    key(out, "title");
    gl_json_cstr_or_null(out, field(a, GALLEY_FIELD_TITLE));
    key(out, "authors");
    str_array(out, a ? &a->authors : NULL);
    static const galley_field singles[] = {
        GALLEY_FIELD_PUBLISHED, GALLEY_FIELD_MODIFIED, GALLEY_FIELD_SITE_NAME,
        GALLEY_FIELD_DESCRIPTION, GALLEY_FIELD_LANGUAGE, GALLEY_FIELD_IMAGE,
        GALLEY_FIELD_HOSTNAME, GALLEY_FIELD_LICENSE,
    };
    for (size_t i = 0; i < sizeof singles / sizeof *singles; i++) {
        key(out, gl_field_json_name(singles[i]));
        gl_json_cstr_or_null(out, field(a, singles[i]));
    }
    key(out, "categories");
    str_array(out, a ? &a->categories : NULL);
    key(out, "tags");
    str_array(out, a ? &a->tags : NULL);
    key(out, "organizations");
    str_array(out, a ? &a->organizations : NULL);
    key(out, "page_type");
    gl_json_cstr_or_null(out, field(a, GALLEY_FIELD_PAGE_TYPE));
    key(out, "free");
    const char *fr = field(a, GALLEY_FIELD_FREE);
    gl_buf_puts(out, !fr ? "null" : strcmp(fr, "false") == 0 ? "false" : "true");
    key(out, "confidence");
    if (a) num(out, a->confidence);
    else gl_buf_puts(out, "null");
    key(out, "language_confidence");
    if (a) num(out, a->language_confidence);
    else gl_buf_puts(out, "null");
    key(out, "encoding");
    gl_json_cstr_or_null(out, a ? a->encoding : NULL);
    /* the fingerprint as 16 hex digits: a JSON number past 2^53 would lose
     * bits in most readers */
    key(out, "word_count");
    if (a) gl_buf_printf(out, "%llu", (unsigned long long)a->word_count);
    else gl_buf_puts(out, "null");
    key(out, "fingerprint");
    if (a) gl_buf_printf(out, "\"%016llx\"", (unsigned long long)a->fingerprint);
    else gl_buf_puts(out, "null");

    key(out, "sources");
    gl_buf_putc(out, '{');
    bool firstsrc = true;
    for (int f = 0; a && f < GALLEY_FIELD_COUNT_; f++) {
        if (!a->field_src[f]) continue;
        if (!firstsrc) gl_buf_putc(out, ',');
        firstsrc = false;
        gl_buf_putc(out, '"');
        gl_buf_puts(out, gl_field_json_name((galley_field)f));
        gl_buf_append(out, "\":", 2);
        gl_json_cstr_or_null(out, a->field_src[f]);
    }
    gl_buf_putc(out, '}');

    bool ok = true;
    key(out, "text");
    if (a) {
        gl_buf body;
        gl_buf_init(&body);
        ok = gl_render_text(&body, a->blocks, a->captions_in_text);
        gl_json_str(out, body.data, body.len);
        gl_buf_free(&body);
    } else {
        gl_buf_append(out, "\"\"", 2);
    }
    key(out, "blocks");
    ok = json_blocks(out, a ? a->blocks : NULL) && ok;
    key(out, "comments");
    ok = json_blocks(out, a ? a->comments : NULL) && ok;
    if (a && a->trace) {
        /* only when asked for (GALLEY_OPT_TRACE, CLI --explain) */
        key(out, "trace");
        ok = gl_render_trace_json(out, a) && ok;
    }
    gl_buf_putc(out, '}');
    return ok && !out->failed;
}
