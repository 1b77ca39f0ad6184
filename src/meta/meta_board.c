/* meta_board.c -- the candidate board (meta_board.h): slots, priorities,
 * the copy a slot keeps, and the trace of every offer. */
#include "../encoding/encoding.h"
#include "meta_board.h"

size_t gl_meta_squash(char *s, size_t n)
{
    size_t o = 0;
    bool sp = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool ws = gl_is_ascii_ws(c) || c == 0x0b;
        if (!ws && c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
            ws = true; /* NBSP */
            i++;
        }
        if (ws) {
            sp = o > 0;
            continue;
        }
        if (sp) s[o++] = ' ';
        sp = false;
        s[o++] = (char)c;
    }
    if (o < n) s[o] = 0;
    return o;
}

void gl_board_init(gl_board *b, gl_arena *scratch, gl_trace *trace)
{
    memset(b, 0, sizeof *b);
    b->scratch = scratch;
    b->trace = trace;
}

char *gl_board_dup(gl_board *b, const char *v, size_t n)
{
    char *s = gl_arena_strndup(b->scratch, v, n);
    if (!s) return NULL;
    if (memchr(s, '&', n)) n = gl_decode_char_refs(s, n);
    /* every mojibake run holds U+00C2..U+00F4, whose UTF-8 starts 0xC3 */
    if (memchr(s, 0xc3, n)) n = gl_enc_repair_mojibake(s, n);
    size_t k = gl_meta_squash(s, n);
    s[k] = 0;
    return s;
}

/* Every offer goes to the trace, the ones that lose too. */
void gl_board_note(gl_board *b, galley_field f, const char *v, size_t n, int prio,
                   const char *src, const char *rule)
{
    if (!b->trace || !v) return;
    const char *s = gl_board_dup(b, v, n);
    if (s && *s) gl_trace_cand_add(b->trace, (int)f, s, strlen(s), prio, src, rule);
}

void gl_board_offer_slot(gl_board *b, galley_field f, gl_cand *slot, const char *v, size_t n,
                         int prio, const char *src, const char *rule)
{
    gl_board_note(b, f, v, n, prio, src, rule);
    if (!v || prio <= slot->prio) return;
    char *s = gl_board_dup(b, v, n);
    if (!s || !*s) return;
    slot->v = s;
    slot->prio = prio;
    slot->src = src;
    slot->rule = rule;
}

void gl_board_offer(gl_board *b, galley_field f, const char *v, size_t n, int prio,
                    const char *src, const char *rule)
{
    if ((unsigned)f >= GALLEY_FIELD_COUNT_) return;
    gl_board_offer_slot(b, f, &b->field[f], v, n, prio, src, rule);
}

void gl_board_publish(gl_board *b, gl_article *a, galley_field f)
{
    const gl_cand *k = &b->field[f];
    if (k->v && *k->v) gl_article_set(a, f, k->v, strlen(k->v), k->src);
}

void gl_board_decide(gl_board *b, galley_field f, const char *v, size_t n, int prio,
                     const char *src, const char *rule)
{
    if ((unsigned)f >= GALLEY_FIELD_COUNT_ || !v) return;
    char *s = gl_arena_strndup(b->scratch, v, n);
    if (!s) return;
    if (b->trace) gl_trace_cand_add(b->trace, (int)f, s, n, prio, src, rule);
    b->field[f] = (gl_cand){s, prio, src, rule};
}

void gl_board_decided(gl_article *a, galley_field f, const char *v, size_t n, int prio,
                      const char *src, const char *rule)
{
    if (a->trace) gl_trace_cand_add(a->trace, (int)f, v, n, prio, src, rule);
    gl_article_set(a, f, v, n, src);
}
