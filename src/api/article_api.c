/* article_api.c -- the public accessors of galley_article and galley_block,
 * and rendering. Thin: the article model is src/extract/article.h. */
#include <stdlib.h>

#include "../output/output.h"

GALLEY_API void galley_article_free(galley_article *a)
{
    gl_article_free(a);
}

GALLEY_API galley_status galley_article_status(const galley_article *a)
{
    return a ? a->status : GALLEY_ERR_INVALID_ARG;
}

static const gl_strlist *list_of(const galley_article *a, galley_field f)
{
    return a ? gl_article_list_of(a, f) : NULL;
}

GALLEY_API const char *galley_article_field(const galley_article *a, galley_field f)
{
    if (!a || (unsigned)f >= GALLEY_FIELD_COUNT_ || list_of(a, f)) return NULL;
    return a->field[f];
}

GALLEY_API const char *galley_article_field_source(const galley_article *a, galley_field f)
{
    if (!a || (unsigned)f >= GALLEY_FIELD_COUNT_) return NULL;
    return a->field_src[f];
}

GALLEY_API size_t galley_article_list_count(const galley_article *a, galley_field f)
{
    const gl_strlist *l = list_of(a, f);
    return l ? l->n : 0;
}

GALLEY_API const char *galley_article_list_item(const galley_article *a, galley_field f,
                                                size_t i)
{
    const gl_strlist *l = list_of(a, f);
    return l && i < l->n ? l->v[i] : NULL;
}

GALLEY_API double galley_article_confidence(const galley_article *a)
{
    return a ? a->confidence : 0.0;
}

GALLEY_API double galley_article_language_confidence(const galley_article *a)
{
    return a ? a->language_confidence : 0.0;
}

GALLEY_API const galley_block *galley_article_blocks(const galley_article *a)
{
    return a ? a->blocks : NULL;
}

GALLEY_API const galley_block *galley_article_comments(const galley_article *a)
{
    return a ? a->comments : NULL;
}

GALLEY_API galley_block_type galley_block_get_type(const galley_block *b)
{
    return b ? (galley_block_type)b->type : (galley_block_type)0;
}

GALLEY_API const galley_block *galley_block_next(const galley_block *b)
{
    return b ? b->next : NULL;
}

GALLEY_API const galley_block *galley_block_first_child(const galley_block *b)
{
    return b ? b->first_child : NULL;
}

GALLEY_API const char *galley_block_text(const galley_block *b, size_t *len)
{
    if (!b) {
        if (len) *len = 0;
        return NULL;
    }
    if (len) *len = b->text ? b->text_len : 0;
    return b->text ? b->text : "";
}

GALLEY_API int galley_block_level(const galley_block *b)
{
    return b ? b->level : 0;
}

/* "start" is an integer in the model but the accessor returns a string that
 * the block must own; the block is const and the library keeps no mutable
 * global state, so the usual values come from a read-only table. */
#define D10(p) p "0", p "1", p "2", p "3", p "4", p "5", p "6", p "7", p "8", p "9"
#define D100(h) D10(h "0"), D10(h "1"), D10(h "2"), D10(h "3"), D10(h "4"), D10(h "5"), \
                D10(h "6"), D10(h "7"), D10(h "8"), D10(h "9")
static const char *const numbers[1000] = {
    D10(""),    D10("1"),   D10("2"),   D10("3"),   D10("4"),   D10("5"),   D10("6"),
    D10("7"),   D10("8"),   D10("9"),   D100("1"),  D100("2"),  D100("3"),  D100("4"),
    D100("5"),  D100("6"),  D100("7"),  D100("8"),  D100("9"),
};
#undef D10
#undef D100

GALLEY_API const char *galley_block_attr(const galley_block *b, const char *name)
{
    if (!b || !name) return NULL;
    if (strcmp(name, "src") == 0) return b->src;
    if (strcmp(name, "alt") == 0) return b->alt;
    if (strcmp(name, "caption") == 0) return b->caption;
    if (strcmp(name, "language") == 0) return b->language;
    if (strcmp(name, "href") == 0) return b->href;
    if (strcmp(name, "start") == 0) {
        /* absent (0) or out of the table's range: NULL */
        if (b->type != GALLEY_BLOCK_LIST || b->start <= 0 || b->start >= 1000) return NULL;
        return numbers[b->start];
    }
    return NULL;
}

GALLEY_API size_t galley_block_links(const galley_block *b, galley_link *out, size_t cap)
{
    if (!b) return 0;
    uint32_t i = 0, after = 0;
    size_t n = 0;
    gl_span s;
    while (gl_block_next_link(b, &i, &after, &s)) {
        if (out && n < cap) {
            out[n].href = s.href;
            out[n].start = s.start;
            out[n].end = s.end;
        }
        n++;
    }
    return n;
}

GALLEY_API char *galley_article_render(const galley_article *a, galley_format fmt,
                                       size_t *len)
{
    return galley_article_render_opt(a, fmt, 0, len);
}

GALLEY_API char *galley_article_render_opt(const galley_article *a, galley_format fmt,
                                           unsigned flags, size_t *len)
{
    if (len) *len = 0;
    if (!a) return NULL;
    gl_buf out;
    gl_buf_init(&out);
    if (!gl_render(&out, a, fmt, flags)) {
        gl_buf_free(&out);
        return NULL;
    }
    return gl_buf_detach(&out, len);
}

GALLEY_API const char *galley_article_text(const galley_article *a, size_t *len)
{
    if (len) *len = 0;
    if (!a) return NULL;
    /* made once, on first use, and kept with the article (article.h): the
     * cache is why two threads must not make the first call at once */
    gl_article *m = (gl_article *)a;
    if (!m->text) {
        gl_buf out;
        gl_buf_init(&out);
        if (!gl_render_text(&out, a->blocks, a->captions_in_text)) { /* the body alone */
            gl_buf_free(&out);
            return NULL;
        }
        size_t n;
        char *t = gl_buf_detach(&out, &n);
        if (!t) {
            t = calloc(1, 1);
            n = 0;
            if (!t) return NULL;
        }
        m->text = t;
        m->text_len = n;
    }
    if (len) *len = m->text_len;
    return m->text;
}

GALLEY_API const char *galley_article_trace(const galley_article *a, size_t *len)
{
    if (len) *len = 0;
    if (!a || !a->trace) return NULL;
    /* rendered once, on first use, and kept with the trace (as
     * galley_article_text's cache: not two first calls at once) */
    gl_trace *t = a->trace;
    if (!t->json) {
        gl_buf out;
        gl_buf_init(&out);
        if (!gl_render_trace_json(&out, a)) {
            gl_buf_free(&out);
            return NULL;
        }
        t->json = gl_buf_detach(&out, &t->json_len);
        if (!t->json) return NULL;
    }
    if (len) *len = t->json_len;
    return t->json;
}

GALLEY_API uint64_t galley_article_word_count(const galley_article *a)
{
    return a ? a->word_count : 0;
}

GALLEY_API uint64_t galley_article_fingerprint(const galley_article *a)
{
    return a ? a->fingerprint : 0;
}

GALLEY_API int galley_fingerprint_distance(uint64_t x, uint64_t y)
{
    return __builtin_popcountll(x ^ y);
}
