/*
 * parser.c -- the parser object (tokenizer + tree builder) and the whole
 * bytes-to-DOM pipeline: size cap, sniff and decode, build.
 */
#include <stdlib.h>

#include "../encoding/encoding.h"
#include "treebuilder.h"

gl_parser *gl_parser_new(void)
{
    gl_parser *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->tok = gl_tokenizer_new();
    if (!p->tok) {
        free(p);
        return NULL;
    }
    gl_buf_init(&p->table_text);
    return p;
}

void gl_parser_free(gl_parser *p)
{
    if (!p) return;
    gl_tokenizer_free(p->tok);
    free(p->stack);
    free(p->meta);
    free(p->top);
    free(p->keytmp);
    free(p->keys);
    free(p->afe);
    free(p->tmodes);
    gl_buf_free(&p->table_text);
    free(p);
}

/* Large stacks and lists from a hostile document are not kept for the
 * next one: a worker's parser returns to a modest footprint. */
static void trim(gl_parser *p)
{
    if (p->capstack > 65536) {
        free(p->stack);
        free(p->meta);
        p->stack = NULL;
        p->meta = NULL;
        p->capstack = 0;
    }
    if (p->ntop > 65536) {
        free(p->top);
        free(p->keytmp);
        free(p->keys);
        p->top = NULL;
        p->keytmp = NULL;
        p->keys = NULL;
        p->ntop = p->capkeys = p->nkeys = 0;
    }
    if (p->capafe > 65536) {
        free(p->afe);
        p->afe = NULL;
        p->capafe = 0;
    }
    if (p->table_text.alloc > (1u << 20)) gl_buf_free(&p->table_text);
}

/* Per-document budgets: selectedcontent copies and the arena chunk size. */
static void set_budgets(gl_parser *p, size_t len)
{
    p->sc_budget = len + 4096;
    /* Real pages make about one node per 20 input bytes; the formatting
     * list's reconstruction can make one per entry per paragraph, a tree
     * quadratic in the input. Eight nodes per byte bounds that bomb well
     * above any real page (the max_nodes option still applies below it). */
    p->nodes_per_input = len > (SIZE_MAX - 4096) / 8 ? SIZE_MAX : len * 8 + 4096;
    size_t cap = len / 4;
    if (cap < (8u << 10)) cap = 8u << 10;
    if (cap > (4u << 20)) cap = 4u << 20;
    p->chunk_cap = (cap + 4095) & ~(size_t)4095;
}

static galley_status run(gl_parser *p, const char *input, size_t len,
                         const galley_options *opts, const gl_deadline *deadline)
{
    if (!opts) opts = gl_options_default();
    gl_tokenizer_set_max_attrs(p->tok, opts->max_attrs >= 0 ? (size_t)opts->max_attrs : 0);
    gl_deadline none = {0};
    galley_status st = gl_tokenizer_run(p->tok, deadline ? deadline : &none);
    if (gl_tokenizer_attrs_dropped(p->tok) && p->doc->status == GALLEY_OK)
        p->doc->status = GALLEY_LIMIT_ATTRS;
    p->doc->parse_errors += gl_tokenizer_errors(p->tok);
    gl_tb_finish(p);
    trim(p);
    (void)input;
    (void)len;
    if (p->fail != GALLEY_OK) return p->fail;
    /* the sink stopping the tokenizer is a tripped cap, already recorded */
    if (st == GALLEY_ERR_INVALID_ARG) return GALLEY_OK;
    return st;
}

galley_status gl_parser_parse(gl_parser *p, gl_doc *doc, const char *input, size_t len,
                              const galley_options *opts, const gl_deadline *deadline)
{
    if (!p || !doc) return GALLEY_ERR_INVALID_ARG;
    p->doc = doc;
    gl_tokenizer_reset(p->tok, input, len, gl_tb_sink, p);
    set_budgets(p, len);
    gl_tb_begin(p, opts);
    return run(p, input, len, opts, deadline);
}

galley_status gl_parser_parse_fragment(gl_parser *p, gl_doc *doc, const char *input,
                                       size_t len, const char *context, galley_ns ns,
                                       const galley_options *opts,
                                       const gl_deadline *deadline)
{
    if (!p || !doc || !context) return GALLEY_ERR_INVALID_ARG;
    p->doc = doc;
    gl_tokenizer_reset(p->tok, input, len, gl_tb_sink, p);
    set_budgets(p, len);
    if (!gl_tb_begin_fragment(p, opts, context, ns)) {
        gl_tb_finish(p);
        return p->fail != GALLEY_OK ? p->fail : GALLEY_ERR_NOMEM;
    }
    return run(p, input, len, opts, deadline);
}

gl_doc *gl_parse_bytes(gl_parser *p, const char *bytes, size_t len, const char *charset,
                       const galley_options *opts, const gl_deadline *deadline,
                       galley_error *err)
{
    if (!opts) opts = gl_options_default();
    if (!bytes && len) {
        gl_error_set(err, GALLEY_ERR_INVALID_ARG, 0, "NULL input");
        return NULL;
    }
    if (opts->max_input_bytes > 0 && (uint64_t)len > (uint64_t)opts->max_input_bytes) {
        gl_error_set(err, GALLEY_ERR_TOO_LARGE, 0, "input of %zu bytes exceeds the cap of %lld",
                     len, (long long)opts->max_input_bytes);
        return NULL;
    }
    gl_parser *own = NULL;
    if (!p) {
        p = own = gl_parser_new();
        if (!p) {
            gl_error_set(err, GALLEY_ERR_NOMEM, 0, NULL);
            return NULL;
        }
    }
    /* first arena chunk: about what a page of this size needs at first */
    size_t first = len < (2u << 10) ? (4u << 10) : len * 2;
    gl_doc *doc = gl_doc_new_sized(false, first < (64u << 10) ? first : (64u << 10));
    if (!doc) {
        gl_parser_free(own);
        gl_error_set(err, GALLEY_ERR_NOMEM, 0, NULL);
        return NULL;
    }
    size_t tlen = 0;
    const char *enc = NULL;
    galley_encoding_basis basis = GALLEY_ENC_DEFAULT;
    char *text = gl_decode_document(bytes ? bytes : "", len, charset, &tlen, &enc, &basis, err);
    if (!text) {
        gl_doc_free(doc);
        gl_parser_free(own);
        return NULL;
    }
    /* the decoder's buffer may have grown by doubling: give back the slack,
     * the text lives as long as the document */
    char *fit = realloc(text, tlen + 1);
    if (fit) text = fit;
    doc->text = text;
    doc->text_len = tlen;
    if (enc) doc->encoding = enc;
    doc->encoding_basis = basis;
    galley_status st = gl_parser_parse(p, doc, text, tlen, opts, deadline);
    gl_parser_free(own);
    if (st != GALLEY_OK) {
        gl_error_set(err, st, 0, NULL);
        gl_doc_free(doc);
        return NULL;
    }
    return doc;
}
