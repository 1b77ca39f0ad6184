/* trace_json.c -- the decision trace (core/trace.h) as one JSON object:
 * the readings of the page and which won, the text blocks of the winning
 * reading in page order with the rule that kept or dropped each, and every
 * metadata field with all its candidates. Schema in docs/extraction.md. */
#include <stdlib.h>

#include "output_int.h"

static void figures(gl_buf *out, const gl_trace_note *n)
{
    gl_buf_append(out, ",\"figures\":{", 12);
    for (uint16_t i = 0; i < n->nfig; i++) {
        if (i) gl_buf_putc(out, ',');
        gl_json_cstr_or_null(out, n->fig[i].name);
        gl_buf_putc(out, ':');
        double v = n->fig[i].v;
        if (v != v || v > 1e300 || v < -1e300) v = 0; /* no NaN or inf in JSON */
        gl_buf_printf(out, "%.6g", v);
    }
    gl_buf_putc(out, '}');
}

static int by_pos(const void *pa, const void *pb)
{
    const gl_trace_block *a = *(const gl_trace_block *const *)pa;
    const gl_trace_block *b = *(const gl_trace_block *const *)pb;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A field's final value: single fields as they are, list fields joined. */
static const char *final_value(const gl_article *a, galley_field f, gl_buf *tmp)
{
    const gl_strlist *l = gl_article_list_of(a, f);
    if (!l) return a->field[f]; /* hostname and licence come after the lists */
    if (!l->n) return NULL;
    gl_buf_clear(tmp);
    for (size_t i = 0; i < l->n; i++) {
        if (i) gl_buf_append(tmp, "; ", 2);
        gl_buf_puts(tmp, l->v[i]);
    }
    return gl_buf_cstr(tmp);
}

static void cand_rule(gl_buf *out, const char *field, const gl_trace_cand *c, bool offered)
{
    if (c->rule) {
        gl_json_cstr_or_null(out, c->rule);
        return;
    }
    /* meta.<field>.<source> for an offer; a value written after the walk,
     * over the offers, says so */
    gl_buf r;
    gl_buf_init(&r);
    if (!offered && strcmp(field, "page_type") == 0) gl_buf_puts(&r, "pagetype.");
    else gl_buf_printf(&r, "meta.%s.%s", field, offered ? "" : "after_walk.");
    gl_buf_puts(&r, c->source ? c->source : "unknown");
    gl_json_str(out, r.data ? r.data : "", r.len);
    gl_buf_free(&r);
}

static void fields(gl_buf *out, const gl_article *a, const gl_trace *t)
{
    const gl_trace_cand *cv = (const gl_trace_cand *)(const void *)t->cands.data;
    size_t nc = t->cands.len / sizeof *cv;
    gl_buf tmp;
    gl_buf_init(&tmp);
    gl_buf_append(out, "\"fields\":{", 10);
    bool firstf = true;
    for (int f = 0; f < GALLEY_FIELD_COUNT_; f++) {
        const char *name = gl_field_json_name((galley_field)f);
        const char *v = final_value(a, (galley_field)f, &tmp);
        const char *src = a->field_src[f];
        /* the winner: an offer of the final value; for list fields (whose
         * offers are raw bylines and keyword strings) the best offer from
         * the final source; else the last write, made after the walk */
        long win = -1, last_write = -1;
        int best = -1;
        size_t ncf = 0;
        for (size_t i = 0; i < nc; i++) {
            if (cv[i].field != f) continue;
            if (cv[i].prio < 0) {
                last_write = (long)i;
                continue;
            }
            ncf++;
            if (v && strcmp(cv[i].value, v) == 0 && cv[i].prio > best) {
                win = (long)i;
                best = cv[i].prio;
            }
        }
        if (win < 0 && v && gl_article_list_of(a, (galley_field)f) && src) {
            for (size_t i = 0; i < nc; i++)
                if (cv[i].field == f && cv[i].prio > best && cv[i].source &&
                    strcmp(cv[i].source, src) == 0) {
                    win = (long)i;
                    best = cv[i].prio;
                }
        }
        bool after = win < 0 && v && last_write >= 0;
        if (!v && !ncf) continue;
        if (!firstf) gl_buf_putc(out, ',');
        firstf = false;
        gl_json_cstr_or_null(out, name);
        gl_buf_append(out, ":{\"value\":", 10);
        gl_json_cstr_or_null(out, v);
        gl_buf_append(out, ",\"source\":", 10);
        gl_json_cstr_or_null(out, v ? src : NULL);
        gl_buf_append(out, ",\"rule\":", 8);
        if (win >= 0) cand_rule(out, name, &cv[win], true);
        else if (after) cand_rule(out, name, &cv[last_write], false);
        else gl_buf_puts(out, "null");
        gl_buf_append(out, ",\"candidates\":[", 15);
        bool firstc = true;
        for (size_t i = 0; i < nc; i++) {
            if (cv[i].field != f || (cv[i].prio < 0 && !(after && (long)i == last_write)))
                continue;
            if (!firstc) gl_buf_putc(out, ',');
            firstc = false;
            gl_buf_append(out, "{\"value\":", 9);
            gl_json_cstr_or_null(out, cv[i].value);
            gl_buf_append(out, ",\"source\":", 10);
            gl_json_cstr_or_null(out, cv[i].source);
            gl_buf_append(out, ",\"rule\":", 8);
            cand_rule(out, name, &cv[i], cv[i].prio >= 0);
            gl_buf_append(out, ",\"priority\":", 12);
            if (cv[i].prio >= 0) gl_buf_printf(out, "%d", cv[i].prio);
            else gl_buf_puts(out, "null");
            gl_buf_append(out, ",\"won\":", 7);
            gl_buf_puts(out, (long)i == win || (after && (long)i == last_write) ? "true" : "false");
            gl_buf_putc(out, '}');
        }
        gl_buf_append(out, "]}", 2);
    }
    gl_buf_putc(out, '}');
    gl_buf_free(&tmp);
}

bool gl_render_trace_json(gl_buf *out, const gl_article *a)
{
    const gl_trace *t = a ? a->trace : NULL;
    if (!t) {
        gl_buf_puts(out, "null");
        return !out->failed;
    }
    uint16_t won = gl_trace_won(t);
    const gl_trace_reading *rv = (const gl_trace_reading *)(const void *)t->readings.data;
    size_t nr = t->readings.len / sizeof *rv;
    const gl_trace_step *sv = (const gl_trace_step *)(const void *)t->steps.data;
    size_t ns = t->steps.len / sizeof *sv;

    gl_buf_append(out, "{\"complete\":", 12);
    gl_buf_puts(out, t->failed ? "false" : "true");
    gl_buf_append(out, ",\"reading\":", 11);
    gl_json_cstr_or_null(out, won < nr ? rv[won].note.rule : NULL);
    gl_buf_append(out, ",\"readings\":[", 13);
    for (size_t r = 0; r < nr; r++) {
        if (r) gl_buf_putc(out, ',');
        gl_buf_append(out, "{\"rule\":", 8);
        gl_json_cstr_or_null(out, rv[r].note.rule);
        gl_buf_append(out, ",\"won\":", 7);
        gl_buf_puts(out, r == won ? "true" : "false");
        figures(out, &rv[r].note);
        gl_buf_append(out, ",\"steps\":[", 10);
        bool first = true;
        for (size_t i = 0; i < ns; i++) {
            if (sv[i].reading != r) continue;
            if (!first) gl_buf_putc(out, ',');
            first = false;
            gl_buf_append(out, "{\"rule\":", 8);
            gl_json_cstr_or_null(out, sv[i].note.rule);
            figures(out, &sv[i].note);
            gl_buf_putc(out, '}');
        }
        gl_buf_append(out, "]}", 2);
    }
    gl_buf_putc(out, ']');

    /* the winning reading's blocks in page order */
    const gl_trace_block *bv = (const gl_trace_block *)(const void *)t->blocks.data;
    size_t nb = t->blocks.len / sizeof *bv, k = 0, kept = 0;
    const gl_trace_block **order = nb ? malloc(nb * sizeof *order) : NULL;
    if (nb && !order) return false;
    for (size_t i = 0; i < nb; i++)
        if (bv[i].reading == won) order[k++] = &bv[i];
    if (k) qsort(order, k, sizeof *order, by_pos);
    gl_buf_append(out, ",\"blocks\":[", 11);
    for (size_t i = 0; i < k; i++) {
        const gl_trace_block *b = order[i];
        if (i) gl_buf_putc(out, ',');
        gl_buf_append(out, "{\"type\":", 8);
        gl_json_cstr_or_null(out, b->type ? gl_block_type_name(b->type) : "text");
        gl_buf_append(out, ",\"text\":", 8);
        gl_json_cstr_or_null(out, b->text);
        gl_buf_printf(out, ",\"chars\":%u,\"kept\":%s,\"rule\":", b->chars,
                      b->note.kept ? "true" : "false");
        gl_json_cstr_or_null(out, b->note.rule);
        figures(out, &b->note);
        gl_buf_putc(out, '}');
        if (b->note.kept) kept++;
    }
    free(order);
    gl_buf_printf(out, "],\"counts\":{\"kept\":%zu,\"dropped\":%zu},", kept, k - kept);

    fields(out, a, t);
    gl_buf_append(out, ",\"page_type\":{\"inputs\":{", 24);
    for (uint16_t i = 0; i < t->pt_ninputs; i++) {
        if (i) gl_buf_putc(out, ',');
        gl_json_cstr_or_null(out, t->pt_inputs[i].name);
        gl_buf_printf(out, ":%.6g", t->pt_inputs[i].v);
    }
    gl_buf_append(out, "}}}", 3);
    return !out->failed;
}
