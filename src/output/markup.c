/* markup.c -- HTML (a clean standalone article) and XML (galley's TEI-like
 * schema, documented in docs/cli.md). Both escape every string and replace
 * characters XML 1.0 forbids, so the output is well-formed whatever the
 * page held. */
#include <stdio.h>

#include "output_int.h"

typedef struct mk {
    gl_buf *out;
    bool xml;
} mk;

static void esc(gl_buf *out, const char *s) { gl_markup_escape(out, s, strlen(s), false); }

static void attr(gl_buf *out, const char *name, const char *v)
{
    if (!v) return;
    gl_buf_putc(out, ' ');
    gl_buf_puts(out, name);
    gl_buf_append(out, "=\"", 2);
    gl_markup_escape(out, v, strlen(v), true);
    gl_buf_putc(out, '"');
}

/* ---- inline spans */

static void mk_open(void *ctx, const gl_block *b, const gl_span *s)
{
    mk *m = ctx;
    GL_UNUSED(b);
    static const char *const html[] = {[GL_SPAN_EM] = "<em>", [GL_SPAN_STRONG] = "<strong>",
                                       [GL_SPAN_CODE] = "<code>", [GL_SPAN_SUB] = "<sub>",
                                       [GL_SPAN_SUP] = "<sup>"};
    static const char *const xml[] = {[GL_SPAN_EM] = "<hi rend=\"italic\">",
                                      [GL_SPAN_STRONG] = "<hi rend=\"bold\">",
                                      [GL_SPAN_CODE] = "<hi rend=\"code\">",
                                      [GL_SPAN_SUB] = "<hi rend=\"sub\">",
                                      [GL_SPAN_SUP] = "<hi rend=\"sup\">"};
    if (s->kind == GL_SPAN_LINK) {
        if (m->xml) {
            gl_buf_puts(m->out, "<ref");
            attr(m->out, "target", s->href);
            gl_buf_putc(m->out, '>');
        } else {
            gl_buf_puts(m->out, "<a");
            attr(m->out, "href", gl_url_is_safe(s->href) ? s->href : NULL);
            gl_buf_putc(m->out, '>');
        }
        return;
    }
    if (s->kind < sizeof html / sizeof *html && html[s->kind])
        gl_buf_puts(m->out, m->xml ? xml[s->kind] : html[s->kind]);
}

static void mk_close(void *ctx, const gl_block *b, const gl_span *s)
{
    mk *m = ctx;
    GL_UNUSED(b);
    static const char *const html[] = {[GL_SPAN_EM] = "</em>", [GL_SPAN_STRONG] = "</strong>",
                                       [GL_SPAN_CODE] = "</code>", [GL_SPAN_LINK] = "</a>",
                                       [GL_SPAN_SUB] = "</sub>", [GL_SPAN_SUP] = "</sup>"};
    if (s->kind >= sizeof html / sizeof *html || !html[s->kind]) return;
    if (m->xml) gl_buf_puts(m->out, s->kind == GL_SPAN_LINK ? "</ref>" : "</hi>");
    else gl_buf_puts(m->out, html[s->kind]);
}

static void mk_text(void *ctx, const char *s, size_t n, bool in_code)
{
    mk *m = ctx;
    GL_UNUSED(in_code);
    const char *e = s + n;
    while (s < e) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        const char *stop = nl ? nl : e;
        gl_markup_escape(m->out, s, (size_t)(stop - s), false);
        if (!nl) break;
        gl_buf_puts(m->out, m->xml ? "<lb/>" : "<br>");
        s = nl + 1;
    }
}

static bool mk_inline(mk *m, const gl_block *b)
{
    gl_inline_sink sink = {mk_open, mk_close, mk_text, m};
    return gl_render_inline(b, 0, &sink);
}

/* ---- blocks */

static bool mk_blocks(mk *m, const gl_block *first, int indent)
{
    gl_buf *out = m->out;
    gl_bwalk w;
    gl_bwalk_init(&w, first);
    const gl_block *b;
    gl_bwalk_ev ev;
    bool ok = true;
    while ((ev = gl_bwalk_next(&w, &b)) != GL_BWALK_DONE) {
        bool enter = ev == GL_BWALK_ENTER;
        int lv = b->level < 1 ? 1 : b->level > 6 ? 6 : b->level;
        char tag[16];
        const char *name;
        switch (b->type) {
        case GALLEY_BLOCK_HEADING:
            if (m->xml) {
                name = "head";
            } else {
                snprintf(tag, sizeof tag, "h%d", lv);
                name = tag;
            }
            break;
        case GALLEY_BLOCK_LIST:
            name = m->xml ? "list" : b->level ? "ol" : "ul";
            break;
        case GALLEY_BLOCK_LIST_ITEM: name = m->xml ? "item" : "li"; break;
        case GALLEY_BLOCK_QUOTE: name = m->xml ? "quote" : "blockquote"; break;
        case GALLEY_BLOCK_TABLE: name = "table"; break;
        case GALLEY_BLOCK_TABLE_ROW: name = m->xml ? "row" : "tr"; break;
        case GALLEY_BLOCK_TABLE_CELL: name = m->xml ? "cell" : b->level ? "th" : "td"; break;
        case GALLEY_BLOCK_FIGURE: name = m->xml ? "graphic" : "figure"; break;
        case GALLEY_BLOCK_CODE: name = m->xml ? "code" : "pre"; break;
        case GALLEY_BLOCK_RULE: name = m->xml ? "rule" : "hr"; break;
        default: name = "p"; break;
        }
        if (!enter) {
            /* figures, code and rules are written whole at ENTER */
            bool whole = b->type == GALLEY_BLOCK_FIGURE || b->type == GALLEY_BLOCK_CODE ||
                         b->type == GALLEY_BLOCK_RULE;
            if (b->first_child && !whole) {
                gl_buf_append(out, "</", 2);
                gl_buf_puts(out, name);
                gl_buf_append(out, ">\n", 2);
            }
            continue;
        }
        for (int i = 0; i < indent; i++) gl_buf_putc(out, ' ');
        gl_buf_putc(out, '<');
        gl_buf_puts(out, name);
        /* attributes */
        switch (b->type) {
        case GALLEY_BLOCK_HEADING:
            if (m->xml) {
                snprintf(tag, sizeof tag, "h%d", lv);
                attr(out, "rend", tag);
            }
            break;
        case GALLEY_BLOCK_LIST:
            if (m->xml) attr(out, "rend", b->level ? "ordered" : "unordered");
            if (b->level && b->start && b->start != 1) {
                char n[24];
                snprintf(n, sizeof n, "%ld", (long)b->start);
                attr(out, "start", n);
            }
            break;
        case GALLEY_BLOCK_TABLE_CELL:
            if (m->xml && b->level) attr(out, "role", "head");
            break;
        case GALLEY_BLOCK_CODE:
            if (m->xml) attr(out, "lang", b->language);
            break;
        case GALLEY_BLOCK_FIGURE:
            if (m->xml) {
                attr(out, "src", b->src);
                attr(out, "alt", b->alt);
                attr(out, "caption", b->caption);
            }
            break;
        default:
            break;
        }
        if (b->type == GALLEY_BLOCK_RULE) {
            gl_buf_puts(out, m->xml ? "/>\n" : ">\n");
            gl_bwalk_skip(&w);
            continue;
        }
        if (b->type == GALLEY_BLOCK_FIGURE) {
            if (m->xml) {
                gl_buf_puts(out, "/>\n");
            } else {
                gl_buf_puts(out, ">");
                if (b->src && gl_url_is_safe(b->src)) {
                    gl_buf_puts(out, "<img");
                    attr(out, "src", b->src);
                    attr(out, "alt", b->alt ? b->alt : "");
                    gl_buf_putc(out, '>');
                }
                if (b->caption && *b->caption) {
                    gl_buf_puts(out, "<figcaption>");
                    esc(out, b->caption);
                    gl_buf_puts(out, "</figcaption>");
                }
                gl_buf_puts(out, "</figure>\n");
            }
            gl_bwalk_skip(&w);
            continue;
        }
        if (b->type == GALLEY_BLOCK_CODE) {
            gl_buf_putc(out, '>');
            if (!m->xml) {
                gl_buf_puts(out, "<code");
                if (b->language && *b->language) {
                    gl_buf_puts(out, " class=\"language-");
                    gl_markup_escape(out, b->language, strlen(b->language), true);
                    gl_buf_putc(out, '"');
                }
                gl_buf_putc(out, '>');
            }
            /* preformatted: line breaks stay line breaks */
            gl_markup_escape(out, b->text, b->text_len, false);
            gl_buf_puts(out, m->xml ? "</code>\n" : "</code></pre>\n");
            gl_bwalk_skip(&w);
            continue;
        }
        gl_buf_putc(out, '>');
        bool container = b->type == GALLEY_BLOCK_LIST || b->type == GALLEY_BLOCK_QUOTE ||
                         b->type == GALLEY_BLOCK_TABLE || b->type == GALLEY_BLOCK_TABLE_ROW;
        if (b->text_len) {
            /* a quote's own text is a paragraph of it */
            bool wrap = container;
            if (wrap) gl_buf_puts(out, "<p>");
            ok = mk_inline(m, b) && ok;
            if (wrap) gl_buf_puts(out, "</p>");
        }
        if (b->first_child) {
            gl_buf_putc(out, '\n');
        } else {
            gl_buf_append(out, "</", 2);
            gl_buf_puts(out, name);
            gl_buf_append(out, ">\n", 2);
        }
    }
    ok = ok && !w.failed;
    gl_bwalk_free(&w);
    return ok;
}

static const char *field(const gl_article *a, galley_field f) { return a->field[f]; }

static void join_list(gl_buf *out, const gl_strlist *l, const char *sep)
{
    for (size_t i = 0; i < l->n; i++) {
        if (i) gl_buf_puts(out, sep);
        gl_buf_puts(out, l->v[i]);
    }
}

bool gl_render_html(gl_buf *out, const gl_article *a)
{
    mk m = {out, false};
    const char *title = field(a, GALLEY_FIELD_TITLE);
    const char *lang = field(a, GALLEY_FIELD_LANGUAGE);
    gl_buf_puts(out, "<!DOCTYPE html>\n<html");
    attr(out, "lang", lang);
    gl_buf_puts(out, ">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    if (title) esc(out, title);
    gl_buf_puts(out, "</title>\n");
    const char *url = field(a, GALLEY_FIELD_URL);
    if (url && gl_url_is_safe(url)) {
        gl_buf_puts(out, "<link rel=\"canonical\"");
        attr(out, "href", url);
        gl_buf_puts(out, ">\n");
    }
    if (a->authors.n) {
        gl_buf tmp;
        gl_buf_init(&tmp);
        join_list(&tmp, &a->authors, ", ");
        gl_buf_puts(out, "<meta name=\"author\"");
        attr(out, "content", gl_buf_cstr(&tmp));
        gl_buf_puts(out, ">\n");
        gl_buf_free(&tmp);
    }
    const char *desc = field(a, GALLEY_FIELD_DESCRIPTION);
    if (desc) {
        gl_buf_puts(out, "<meta name=\"description\"");
        attr(out, "content", desc);
        gl_buf_puts(out, ">\n");
    }
    gl_buf_puts(out, "</head>\n<body>\n<article>\n<header>\n");
    if (title && !gl_body_repeats_title(a)) {
        gl_buf_puts(out, "<h1>");
        esc(out, title);
        gl_buf_puts(out, "</h1>\n");
    }
    if (a->authors.n) {
        gl_buf_puts(out, "<p class=\"byline\">");
        for (size_t i = 0; i < a->authors.n; i++) {
            if (i) gl_buf_puts(out, ", ");
            gl_buf_puts(out, "<span class=\"author\">");
            esc(out, a->authors.v[i]);
            gl_buf_puts(out, "</span>");
        }
        gl_buf_puts(out, "</p>\n");
    }
    const char *pub = field(a, GALLEY_FIELD_PUBLISHED);
    if (pub) {
        gl_buf_puts(out, "<p class=\"published\"><time");
        attr(out, "datetime", pub);
        gl_buf_putc(out, '>');
        esc(out, pub);
        gl_buf_puts(out, "</time></p>\n");
    }
    const char *site = field(a, GALLEY_FIELD_SITE_NAME);
    if (site) {
        gl_buf_puts(out, "<p class=\"site\">");
        esc(out, site);
        gl_buf_puts(out, "</p>\n");
    }
    gl_buf_puts(out, "</header>\n");
    bool ok = mk_blocks(&m, a->blocks, 0);
    if (a->comments) {
        gl_buf_puts(out, "<section class=\"comments\">\n<h2>Comments</h2>\n");
        ok = mk_blocks(&m, a->comments, 0) && ok;
        gl_buf_puts(out, "</section>\n");
    }
    gl_buf_puts(out, "</article>\n</body>\n</html>\n");
    return ok && !out->failed;
}

bool gl_render_xml(gl_buf *out, const gl_article *a)
{
    mk m = {out, true};
    gl_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc");
    static const struct {
        const char *name;
        galley_field f;
    } attrs[] = {
        {"title", GALLEY_FIELD_TITLE},         {"date", GALLEY_FIELD_PUBLISHED},
        {"modified", GALLEY_FIELD_MODIFIED},   {"sitename", GALLEY_FIELD_SITE_NAME},
        {"url", GALLEY_FIELD_URL},             {"description", GALLEY_FIELD_DESCRIPTION},
        {"language", GALLEY_FIELD_LANGUAGE},   {"image", GALLEY_FIELD_IMAGE},
        {"pagetype", GALLEY_FIELD_PAGE_TYPE},
    };
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
        attr(out, attrs[i].name, field(a, attrs[i].f));
    const struct {
        const char *name;
        const gl_strlist *l;
    } lists[] = {{"author", &a->authors}, {"categories", &a->categories}, {"tags", &a->tags}};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        if (!lists[i].l->n) continue;
        gl_buf tmp;
        gl_buf_init(&tmp);
        join_list(&tmp, lists[i].l, "; ");
        attr(out, lists[i].name, gl_buf_cstr(&tmp));
        gl_buf_free(&tmp);
    }
    char conf[32];
    snprintf(conf, sizeof conf, "%.4g", a->confidence == a->confidence ? a->confidence : 0.0);
    attr(out, "confidence", conf);
    gl_buf_puts(out, ">\n<main>\n");
    bool ok = mk_blocks(&m, a->blocks, 0);
    gl_buf_puts(out, "</main>\n");
    if (a->comments) {
        gl_buf_puts(out, "<comments>\n");
        ok = mk_blocks(&m, a->comments, 0) && ok;
        gl_buf_puts(out, "</comments>\n");
    }
    gl_buf_puts(out, "</doc>\n");
    return ok && !out->failed;
}
