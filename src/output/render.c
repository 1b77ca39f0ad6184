/* render.c -- gl_render: one entry point over the serializers. */
#include "output_int.h"

/* The text format: the body, then the comment thread (when asked for and
 * found) after a "--- Comments ---" line; ends with a newline. */
static bool render_text(gl_buf *out, const gl_article *a)
{
    size_t start = out->len;
    bool ok = gl_render_text(out, a->blocks, a->captions_in_text);
    if (a->comments) {
        if (out->len > start) gl_buf_append(out, "\n\n", 2);
        gl_buf_puts(out, "--- Comments ---\n\n");
        ok = gl_render_text(out, a->comments, a->captions_in_text) && ok;
    }
    /* a text file ends with a newline */
    if (out->len > start) gl_buf_putc(out, '\n');
    return ok && !out->failed;
}

bool gl_render(gl_buf *out, const gl_article *a, galley_format fmt, unsigned flags)
{
    if (!out || !a) return false;
    bool fm = (flags & GALLEY_RENDER_FRONT_MATTER) &&
              (fmt == GALLEY_FORMAT_TEXT || fmt == GALLEY_FORMAT_MARKDOWN);
    if (fm && !gl_render_front_matter(out, a)) return false;
    switch (fmt) {
    case GALLEY_FORMAT_TEXT: return render_text(out, a);
    case GALLEY_FORMAT_MARKDOWN: return gl_render_markdown(out, a);
    case GALLEY_FORMAT_JSON: return gl_render_json_record(out, a, NULL);
    case GALLEY_FORMAT_HTML: return gl_render_html(out, a);
    case GALLEY_FORMAT_XML: return gl_render_xml(out, a);
    case GALLEY_FORMAT_INSPECT: return gl_render_inspect(out, a);
    case GALLEY_FORMAT_CSV:
        return gl_render_csv_header(out) && gl_render_csv_record(out, a, NULL);
    }
    return false;
}
