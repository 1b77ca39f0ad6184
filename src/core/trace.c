/* trace.c -- recording the decision trace (trace.h). Rendering it is the
 * output module's job (src/output/trace_json.c). */
#include <stdlib.h>

#include "trace.h"

gl_trace *gl_trace_new(void)
{
    gl_trace *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    gl_arena_init(&t->arena, 16384);
    gl_buf_init(&t->blocks);
    gl_buf_init(&t->steps);
    gl_buf_init(&t->readings);
    gl_buf_init(&t->cands);
    return t;
}

void gl_trace_free(gl_trace *t)
{
    if (!t) return;
    gl_buf_free(&t->blocks);
    gl_buf_free(&t->steps);
    gl_buf_free(&t->readings);
    gl_buf_free(&t->cands);
    gl_arena_destroy(&t->arena);
    free(t->json);
    free(t);
}

static bool fill_note(gl_trace *t, gl_trace_note *n, const char *rule, bool kept,
                      const gl_trace_fig *fig, size_t nfig)
{
    memset(n, 0, sizeof *n);
    n->rule = rule;
    n->kept = kept;
    if (!nfig) return true;
    if (nfig > 256) nfig = 256;
    gl_trace_fig *f = gl_arena_alloc(&t->arena, nfig * sizeof *f);
    if (!f) return !(t->failed = true);
    memcpy(f, fig, nfig * sizeof *f);
    n->fig = f;
    n->nfig = (uint16_t)nfig;
    return true;
}

const gl_trace_note *gl_trace_note_new(gl_trace *t, const char *rule, bool kept,
                                       const gl_trace_fig *fig, size_t nfig)
{
    gl_trace_note *n = gl_arena_alloc(&t->arena, sizeof *n);
    if (!n || !fill_note(t, n, rule, kept, fig, nfig)) {
        t->failed = true;
        return NULL;
    }
    return n;
}

uint16_t gl_trace_begin_reading(gl_trace *t, const char *rule, const gl_trace_fig *fig, size_t nfig)
{
    gl_trace_reading r;
    fill_note(t, &r.note, rule, false, fig, nfig);
    if (t->readings.len / sizeof r >= UINT16_MAX ||
        !gl_buf_append(&t->readings, (const char *)&r, sizeof r)) {
        t->failed = true;
        return t->reading;
    }
    t->reading = (uint16_t)(t->readings.len / sizeof r - 1);
    return t->reading;
}

void gl_trace_reading_won(gl_trace *t, uint16_t r)
{
    gl_trace_reading *v = (gl_trace_reading *)(void *)t->readings.data;
    size_t n = t->readings.len / sizeof *v;
    for (size_t i = 0; i < n; i++) v[i].note.kept = i == r;
}

uint16_t gl_trace_won(const gl_trace *t)
{
    const gl_trace_reading *v = (const gl_trace_reading *)(const void *)t->readings.data;
    size_t n = t->readings.len / sizeof *v;
    for (size_t i = 0; i < n; i++)
        if (v[i].note.kept) return (uint16_t)i;
    return 0;
}

void gl_trace_add_step(gl_trace *t, const char *rule, const gl_trace_fig *fig, size_t nfig)
{
    gl_trace_step s;
    s.reading = t->reading;
    fill_note(t, &s.note, rule, true, fig, nfig);
    if (!gl_buf_append(&t->steps, (const char *)&s, sizeof s)) t->failed = true;
}

/* Length of at most `cap` bytes of UTF-8 `s` ending at a character boundary. */
static size_t utf8_cut(const char *s, size_t n, size_t cap)
{
    if (n <= cap) return n;
    size_t k = cap;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    return k;
}

uint32_t gl_trace_block_add(gl_trace *t, uint32_t pos, uint8_t type, const char *text,
                            size_t len, uint32_t chars, const gl_trace_note *note)
{
    gl_trace_block b;
    memset(&b, 0, sizeof b);
    b.pos = pos;
    b.seq = t->seq++;
    b.reading = t->reading;
    b.type = type;
    if (note) b.note = *note;
    b.chars = chars;
    size_t k = utf8_cut(text ? text : "", text ? len : 0, GL_TRACE_EXCERPT);
    b.text = gl_arena_strndup(&t->arena, text ? text : "", k);
    if (!b.text || !gl_buf_append(&t->blocks, (const char *)&b, sizeof b)) {
        t->failed = true;
        return 0;
    }
    return (uint32_t)(t->blocks.len / sizeof b);
}

gl_trace_block *gl_trace_block_at(gl_trace *t, uint32_t id)
{
    if (!id || id > t->blocks.len / sizeof(gl_trace_block)) return NULL;
    return (gl_trace_block *)(void *)t->blocks.data + (id - 1);
}

void gl_trace_cand_add(gl_trace *t, int field, const char *value, size_t n, int prio,
                       const char *source, const char *rule)
{
    gl_trace_cand c;
    c.field = field;
    c.prio = prio;
    c.source = source;
    c.rule = rule;
    c.value = gl_arena_strndup(&t->arena, value ? value : "",
                               value ? utf8_cut(value, n, 1024) : 0);
    if (!c.value || !gl_buf_append(&t->cands, (const char *)&c, sizeof c)) t->failed = true;
}
