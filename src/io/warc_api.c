/* warc_api.c -- the public WARC reader (galley_warc_*) over gl_warc. */
#include <stdlib.h>

#include "io.h"
#include "../output/output.h"

struct galley_warc {
    gl_dec dec;
    gl_warc w;
    gl_warc_rec rec;
};

GALLEY_API galley_warc *galley_warc_open_memory(const void *data, size_t len, int64_t max_bytes,
                                                int64_t max_member_bytes)
{
    galley_warc *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    if (!gl_dec_open_mem(&g->dec, data ? data : "", data ? len : 0,
                         max_member_bytes > 0 ? (uint64_t)max_member_bytes : GL_DEFAULT_MAX_MEMBER_BYTES)) {
        gl_dec_close(&g->dec);
        free(g);
        return NULL;
    }
    gl_warc_init(&g->w, &g->dec, max_bytes > 0 ? (uint64_t)max_bytes : 0);
    return g;
}

GALLEY_API galley_warc *galley_warc_open_fd(int fd, int64_t max_bytes, int64_t max_member_bytes)
{
    if (fd < 0) return NULL;
    galley_warc *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    if (!gl_dec_open_fd(&g->dec, fd,
                        max_member_bytes > 0 ? (uint64_t)max_member_bytes : GL_DEFAULT_MAX_MEMBER_BYTES)) {
        gl_dec_close(&g->dec);
        free(g);
        return NULL;
    }
    gl_warc_init(&g->w, &g->dec, max_bytes > 0 ? (uint64_t)max_bytes : 0);
    return g;
}

GALLEY_API int galley_warc_next(galley_warc *g, galley_warc_record *rec)
{
    if (!g || !rec) return 0;
    memset(rec, 0, sizeof *rec);
    if (!gl_warc_next(&g->w, &g->rec)) return 0;
    const gl_warc_rec *r = &g->rec;
    rec->kind = r->kind == GL_WARC_DOC    ? GALLEY_WARC_DOCUMENT
                : r->kind == GL_WARC_SKIP ? GALLEY_WARC_SKIPPED
                                          : GALLEY_WARC_ERROR;
    rec->status = r->kind == GL_WARC_ERROR ? r->status : GALLEY_OK;
    rec->message = r->kind == GL_WARC_ERROR ? r->msg : "";
    rec->type = r->type;
    rec->target_uri = r->target_uri;
    rec->record_id = r->record_id;
    rec->date = r->date;
    rec->charset = r->charset;
    rec->body = r->kind == GL_WARC_DOC ? r->body : NULL;
    rec->body_len = r->kind == GL_WARC_DOC ? r->body_len : 0;
    rec->http_status = r->http_status;
    rec->offset = r->offset;
    rec->warc_offset = r->warc_offset;
    rec->warc_length = r->warc_length;
    rec->content_type = r->content_type;
    return 1;
}

/* The record the batch writes for a WARC record (batch.c's item_info() and
 * process()): the same gl_render_json_record, fed from the public record. */
GALLEY_API char *galley_warc_record_render(const galley_warc_record *rec,
                                           const galley_article *a, const char *source,
                                           galley_status status, const char *error,
                                           size_t *len)
{
    if (len) *len = 0;
    if (!rec || rec->kind == GALLEY_WARC_SKIPPED) return NULL;
    if (rec->kind == GALLEY_WARC_ERROR) {
        a = NULL;
        status = rec->status != GALLEY_OK ? rec->status : GALLEY_ERR_CORRUPT;
        error = rec->message;
    } else if (a) {
        status = GALLEY_OK; /* the article carries its own status */
        error = NULL;
    } else if (status == GALLEY_OK) {
        status = GALLEY_ERR_INVALID_ARG; /* a failure must say what failed */
    }
    gl_record_info info = {
        .source = source,
        .url = rec->target_uri,
        .warc_record_id = rec->record_id,
        .warc_date = rec->date,
        .status = status,
        .error = error,
        .warc = true,
        .target_uri = rec->target_uri,
        .warc_filename = source,
        .warc_offset = rec->warc_offset,
        .warc_length = rec->warc_length,
        .http_status = rec->http_status,
        .content_type = rec->content_type,
    };
    gl_buf out;
    gl_buf_init(&out);
    if (!gl_render_json_record(&out, a, &info)) {
        gl_buf_free(&out);
        return NULL;
    }
    return gl_buf_detach(&out, len);
}

GALLEY_API uint64_t galley_warc_junk_bytes(const galley_warc *g)
{
    return g ? g->w.junk : 0;
}

GALLEY_API void galley_warc_free(galley_warc *g)
{
    if (!g) return;
    gl_warc_rec_clear(&g->rec);
    gl_warc_destroy(&g->w);
    gl_dec_close(&g->dec);
    free(g);
}
