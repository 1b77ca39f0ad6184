/* render.c -- gl_render: one entry point over the serializers. */
#include "output_int.h"

bool gl_render(gl_buf *out, const gl_article *a, galley_format fmt)
{
    if (!out || !a) return false;
    switch (fmt) {
    case GALLEY_FORMAT_TEXT: {
        size_t start = out->len;
        bool ok = gl_render_text(out, a->blocks);
        /* a text file ends with a newline */
        if (out->len > start) gl_buf_putc(out, '\n');
        return ok && !out->failed;
    }
    case GALLEY_FORMAT_MARKDOWN: return gl_render_markdown(out, a);
    case GALLEY_FORMAT_JSON: return gl_render_json_record(out, a, NULL);
    case GALLEY_FORMAT_HTML: return gl_render_html(out, a);
    case GALLEY_FORMAT_XML: return gl_render_xml(out, a);
    case GALLEY_FORMAT_INSPECT: return gl_render_inspect(out, a);
    }
    return false;
}
