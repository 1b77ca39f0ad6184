/* meta.c -- metadata pass: first version reads <title> only; the full
 * collector (JSON-LD, OpenGraph, <meta>, microdata, bylines, dates) follows. */
#include "meta.h"

static void collapse_ws(gl_buf *b)
{
    size_t o = 0;
    bool sp = false;
    for (size_t i = 0; i < b->len; i++) {
        char c = b->data[i];
        if (gl_is_ascii_ws((unsigned char)c)) {
            sp = o > 0;
            continue;
        }
        if (sp) b->data[o++] = ' ';
        sp = false;
        b->data[o++] = c;
    }
    b->len = o;
}

galley_status gl_meta_extract(gl_doc *doc, gl_article *a, const char *url,
                              const galley_options *opts, const gl_deadline *deadline)
{
    GL_UNUSED(url);
    GL_UNUSED(opts);
    GL_UNUSED(deadline);
    if (!doc || !a || !doc->root) return GALLEY_ERR_INVALID_ARG;
    galley_status st = GALLEY_OK;
    for (gl_node *n = doc->root; n; n = gl_walk_next(doc->root, n, false)) {
        if (gl_is_html(n, GL_TAG_TITLE) && !a->field[GALLEY_FIELD_TITLE]) {
            gl_buf b;
            gl_buf_init(&b);
            b.cap = 4096;
            gl_node_gather_text(n, &b);
            collapse_ws(&b);
            if (b.len && !gl_article_set(a, GALLEY_FIELD_TITLE, b.data, b.len, "title"))
                st = GALLEY_ERR_NOMEM;
            gl_buf_free(&b);
            break;
        }
    }
    return st;
}

galley_status gl_meta_finish(gl_doc *doc, gl_article *a, const galley_options *opts)
{
    GL_UNUSED(doc);
    GL_UNUSED(opts);
    if (!a) return GALLEY_ERR_INVALID_ARG;
    return GALLEY_OK;
}
