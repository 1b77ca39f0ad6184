/* extract_api.c -- galley_extract(): bytes to article.
 *
 * parse (size cap, sniff, decode, build) -> metadata (marks the byline,
 * date line and headline) -> body -> metadata fallbacks that need the body.
 * One deadline from GALLEY_OPT_TIMEOUT_MS covers the whole call. */
#include <stdio.h>

#include "../encoding/content.h"
#include "../extract/extract.h"
#include "../extract/pagetype.h"
#include "../html/parser.h"
#include "../meta/meta.h"
#include "../output/output.h"

static galley_article *fail(gl_article *a, gl_doc *doc, galley_error *err, galley_status s,
                            const char *what)
{
    gl_error_set(err, s, 0, "%s: %s", what, galley_status_str(s));
    gl_article_free(a);
    gl_doc_free(doc);
    return NULL;
}

GALLEY_API galley_article *galley_extract(const char *bytes, size_t len, const char *url,
                                          const char *charset, const galley_options *opts,
                                          galley_error *err)
{
    if (!bytes && len) {
        gl_error_set(err, GALLEY_ERR_INVALID_ARG, 0, "NULL input with non-zero length");
        return NULL;
    }
    if (!opts) opts = gl_options_default();
    if (opts->max_input_bytes > 0 && (uint64_t)len > (uint64_t)opts->max_input_bytes) {
        gl_error_set(err, GALLEY_ERR_TOO_LARGE, 0, "input of %zu bytes exceeds the cap of %lld",
                     len, (long long)opts->max_input_bytes);
        return NULL;
    }
    /* bytes that are no page never become an "article" of themselves */
    const char *what = gl_content_not_html(bytes, len);
    if (what) {
        gl_error_set(err, GALLEY_ERR_NOT_HTML, 0, "not HTML: %s", what);
        return NULL;
    }
    gl_deadline dl;
    gl_deadline_start(&dl, opts->timeout_ms);

    gl_doc *doc = gl_parse_bytes(NULL, bytes ? bytes : "", len, charset, opts, &dl, err);
    if (!doc) return NULL;
    gl_article *a = gl_article_new();
    if (!a) return fail(NULL, doc, err, GALLEY_ERR_NOMEM, "article");
    a->encoding = doc->encoding;
    a->encoding_basis = doc->encoding_basis;
    a->captions_in_text = opts->captions != 0;
    if (opts->trace) {
        a->trace = gl_trace_new();
        if (!a->trace) return fail(a, doc, err, GALLEY_ERR_NOMEM, "trace");
    }

    a->base_url = gl_url_document_base(a, doc->root, url);
    galley_status s = GALLEY_OK;
    gl_page_hints hints = {0}; /* metadata -> extractor */
    if (opts->metadata) {
        s = gl_meta_extract(doc, a, url, opts, &dl, &hints);
        if (s != GALLEY_OK) return fail(a, doc, err, s, "metadata");
    }
    gl_page_scan scan; /* the classifier's view of the DOM, read once */
    gl_page_scan_doc(doc, a, url, &scan);
    s = gl_extract_body(doc, a, url, &hints, &scan, opts, &dl);
    if (s != GALLEY_OK && s != GALLEY_ERR_NO_CONTENT) return fail(a, doc, err, s, "extraction");
    galley_status body = s;
    if (opts->metadata) {
        s = gl_meta_finish(doc, a, opts);
        if (s == GALLEY_ERR_NOMEM) return fail(a, doc, err, s, "metadata");
    }
    gl_page_classify(doc, a, url, &scan); /* page type and article confidence */
    if (!gl_article_measure(a)) return fail(a, doc, err, GALLEY_ERR_NOMEM, "measure");
    if (gl_deadline_passed(&dl)) return fail(a, doc, err, GALLEY_ERR_TIMEOUT, "extraction");
    /* a tripped parser cap still gives a usable article; the cap is news */
    a->status = body != GALLEY_OK ? body : doc->status;
    if (a->status != GALLEY_OK)
        snprintf(a->error, sizeof a->error, "%s", galley_status_str(a->status));
    gl_doc_free(doc);
    return a;
}
