/* frontmatter.c -- the YAML header of --front-matter, the shape static-site
 * generators and RAG loaders read before a Markdown or text body. Every
 * value is a double-quoted scalar, so no title or name can change the
 * YAML's structure ("Yes", "null", "#1", ": " stay strings). */
#include "output_int.h"

static void scalar(gl_buf *out, const char *key, const char *v)
{
    if (!v || !*v) return; /* absent fields are left out, not null */
    gl_buf_puts(out, key);
    gl_buf_append(out, ": ", 2);
    gl_yaml_str(out, v, strlen(v));
    gl_buf_putc(out, '\n');
}

bool gl_render_front_matter(gl_buf *out, const gl_article *a)
{
    gl_buf_append(out, "---\n", 4);
    scalar(out, "title", a->field[GALLEY_FIELD_TITLE]);
    if (a->authors.n) {
        gl_buf_puts(out, "authors:\n");
        for (size_t i = 0; i < a->authors.n; i++) {
            gl_buf_append(out, "  - ", 4);
            gl_yaml_str(out, a->authors.v[i], strlen(a->authors.v[i]));
            gl_buf_putc(out, '\n');
        }
    }
    static const galley_field rest[] = {
        GALLEY_FIELD_PUBLISHED, GALLEY_FIELD_MODIFIED, GALLEY_FIELD_URL,
        GALLEY_FIELD_HOSTNAME,  GALLEY_FIELD_SITE_NAME, GALLEY_FIELD_LANGUAGE,
        GALLEY_FIELD_LICENSE,
    };
    for (size_t i = 0; i < sizeof rest / sizeof *rest; i++)
        scalar(out, gl_field_json_name(rest[i]), a->field[rest[i]]);
    gl_buf_append(out, "---\n\n", 5);
    return !out->failed;
}
