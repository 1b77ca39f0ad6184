/* csv.c -- one row per document (RFC 4180): the record's metadata columns
 * and the body text. Fields are quoted when they hold a comma, a quote, CR
 * or LF (quotes doubled); rows end in CRLF. Columns in docs/cli.md. */
#include <math.h>
#include <stdio.h>

#include "output_int.h"

static const char *const columns[] = {
    "source", "url", "hostname", "status", "error", "title", "authors", "published",
    "modified", "site_name", "description", "language", "image", "license", "categories",
    "tags", "page_type", "confidence", "text",
};

static void field(gl_buf *out, bool first, const char *s, size_t n)
{
    if (!first) gl_buf_putc(out, ',');
    if (!s) return;
    size_t start = out->len;
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        gl_buf_append(out, s, n);
        gl_strip_controls(out, start); /* spreadsheets and terminals read it */
        return;
    }
    gl_buf_putc(out, '"');
    for (const char *p = s, *e = s + n; p < e;) {
        const char *q = memchr(p, '"', (size_t)(e - p));
        const char *stop = q ? q + 1 : e;
        gl_buf_append(out, p, (size_t)(stop - p));
        if (q) gl_buf_putc(out, '"'); /* "" */
        p = stop;
    }
    gl_buf_putc(out, '"');
    gl_strip_controls(out, start);
}

static void cfield(gl_buf *out, const char *s) { field(out, false, s, s ? strlen(s) : 0); }

/* a list column: the items joined by "; " */
static void list(gl_buf *out, const gl_strlist *l)
{
    gl_buf j;
    gl_buf_init(&j);
    for (size_t i = 0; l && i < l->n; i++) {
        if (i) gl_buf_append(&j, "; ", 2);
        gl_buf_puts(&j, l->v[i]);
    }
    if (j.failed) out->failed = true;
    field(out, false, j.data, j.len);
    gl_buf_free(&j);
}

bool gl_render_csv_header(gl_buf *out)
{
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
        field(out, i == 0, columns[i], strlen(columns[i]));
    gl_buf_append(out, "\r\n", 2);
    return !out->failed;
}

bool gl_render_csv_record(gl_buf *out, const gl_article *a, const gl_record_info *info)
{
    galley_status st = info ? info->status : a ? a->status : GALLEY_ERR_INVALID_ARG;
    if (info && st == GALLEY_OK && a) st = a->status;
    const char *err = NULL;
    if (st != GALLEY_OK)
        err = info && info->error && *info->error ? info->error
              : a && a->error[0]                  ? a->error
                                                  : galley_status_str(st);
    const char *const *f = a ? a->field : NULL;
    const char *src = info && info->source ? info->source : "";
    field(out, true, src, strlen(src));
    const char *url = f ? f[GALLEY_FIELD_URL] : NULL;
    cfield(out, url ? url : info ? info->url : NULL);
    cfield(out, f ? f[GALLEY_FIELD_HOSTNAME] : NULL);
    cfield(out, galley_status_name(st));
    cfield(out, err);
    cfield(out, f ? f[GALLEY_FIELD_TITLE] : NULL);
    list(out, a ? &a->authors : NULL);
    static const galley_field singles[] = {
        GALLEY_FIELD_PUBLISHED, GALLEY_FIELD_MODIFIED, GALLEY_FIELD_SITE_NAME,
        GALLEY_FIELD_DESCRIPTION, GALLEY_FIELD_LANGUAGE, GALLEY_FIELD_IMAGE,
        GALLEY_FIELD_LICENSE,
    };
    for (size_t i = 0; i < sizeof singles / sizeof *singles; i++)
        cfield(out, f ? f[singles[i]] : NULL);
    list(out, a ? &a->categories : NULL);
    list(out, a ? &a->tags : NULL);
    cfield(out, f ? f[GALLEY_FIELD_PAGE_TYPE] : NULL);
    char conf[32] = "";
    if (a) snprintf(conf, sizeof conf, "%.4g", isfinite(a->confidence) ? a->confidence : 0);
    cfield(out, a ? conf : NULL);
    bool ok = true;
    if (a) {
        gl_buf body;
        gl_buf_init(&body);
        ok = gl_render_text(&body, a->blocks, a->captions_in_text);
        if (body.failed) out->failed = true;
        field(out, false, body.data ? body.data : "", body.len);
        gl_buf_free(&body);
    } else {
        cfield(out, NULL);
    }
    gl_buf_append(out, "\r\n", 2);
    return ok && !out->failed;
}
