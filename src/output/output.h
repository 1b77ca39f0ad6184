/*
 * output.h -- serializers over the article model: text, Markdown, JSON,
 * HTML, XML. Internal interface; galley_article_render() wraps it.
 */
#ifndef GL_OUTPUT_H
#define GL_OUTPUT_H

#include "../article/article.h"

/* What a batch knows about one record beyond the article itself. Any field
 * may be NULL. */
typedef struct gl_record_info {
    const char *source;         /* input path, URL, or "-" */
    const char *url;            /* page URL (WARC-Target-URI, fetched URL) */
    const char *warc_record_id; /* WARC-Record-ID */
    const char *warc_date;      /* WARC-Date */
    galley_status status;       /* GALLEY_OK or the failure */
    const char *error;          /* message for a failure */
    /* Provenance of a WARC record, written only when `warc` is set. */
    bool warc;
    const char *target_uri;     /* WARC-Target-URI, whatever `url` says */
    const char *warc_filename;  /* the WARC file as named on input */
    int64_t warc_offset;        /* of its gzip member / zstd frame; -1: */
    int64_t warc_length;        /* unknown (shared member), written null */
    int http_status;            /* 0: none, written null */
    const char *content_type;   /* HTTP Content-Type */
} gl_record_info;

/* Appends `a` rendered in `fmt` to `out`; `flags` are GALLEY_RENDER_*.
 * CSV gives the header row and the article's row. False on OOM. */
bool gl_render(gl_buf *out, const gl_article *a, galley_format fmt, unsigned flags);

/* CSV (RFC 4180): the header row, and one record's row (`a` may be NULL
 * for an error record; `info` as for JSON); both end in CRLF. */
bool gl_render_csv_header(gl_buf *out);
bool gl_render_csv_record(gl_buf *out, const gl_article *a, const gl_record_info *info);

/* Plain-text body: blocks separated by a blank line, no trailing newline.
 * A figure is its caption when `captions` (GALLEY_OPT_CAPTIONS, the
 * article's captions_in_text), else it is left out: the plain text is the
 * prose, and the evaluation sets' gold bodies leave captions out too. A
 * body with no text but its figures' (a photo story) is their captions
 * either way. */
bool gl_render_text(gl_buf *out, const gl_block *first, bool captions);

/* Sets a->word_count, a->fingerprint and a->text_hash from the body blocks
 * (measure.c says how). False on OOM (the measures are then partial). */
bool gl_article_measure(gl_article *a);

/* Public name of a field in JSON ("site_name", ...), NULL past the end. */
const char *gl_field_json_name(galley_field f);

/* Appends one JSON object on one line (no trailing newline) for a record:
 * the article's fields, blocks and text plus `info`. `a` may be NULL for an
 * error record, which still carries every key (nulls / empty arrays).
 * False on OOM. */
bool gl_render_json_record(gl_buf *out, const gl_article *a, const gl_record_info *info);

/* Appends the article's decision trace as one JSON object ("null" when
 * the article carries none). False on OOM. */
bool gl_render_trace_json(gl_buf *out, const gl_article *a);

#endif
