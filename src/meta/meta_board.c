/* meta_board.c -- the candidate board (meta_board.h): slots, priorities,
 * the copy a slot keeps, and the trace of every offer. */
#include "../encoding/encoding.h"
#include "../html/entities.h"
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

size_t gl_board_decode_refs(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '&') {
            s[o++] = s[i++];
            continue;
        }
        size_t e = i + 1;
        while (e < n && e - i <= GL_ENTITY_MAX_NAME && s[e] != ';' && s[e] != '&' && s[e] != ' ')
            e++;
        if (e >= n || s[e] != ';') {
            s[o++] = s[i++];
            continue;
        }
        char enc[8];
        size_t k = 0;
        if (s[i + 1] == '#') {
            uint32_t cp = 0;
            bool hex = e > i + 2 && (s[i + 2] == 'x' || s[i + 2] == 'X');
            size_t j = i + (hex ? 3 : 2);
            bool ok = j < e;
            for (; j < e && ok; j++) {
                int ch = s[j], dv;
                if (ch >= '0' && ch <= '9') dv = ch - '0';
                else if (hex && gl_lower(ch) >= 'a' && gl_lower(ch) <= 'f') dv = gl_lower(ch) - 'a' + 10;
                else ok = false, dv = 0;
                cp = cp * (hex ? 16 : 10) + (uint32_t)dv;
                if (cp > 0x10FFFF) ok = false;
            }
            if (ok && cp && !(cp >= 0xD800 && cp <= 0xDFFF)) k = gl_utf8_encode(cp, enc);
        } else {
            /* binary search over the sorted table; names keep their ';' */
            size_t nl = e - i; /* name + ';' */
            size_t lo = 0, hi = GL_ENTITY_COUNT;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                const gl_entity *en = &gl_entities[mid];
                size_t ml = en->name_len < nl ? en->name_len : nl;
                int cmp = memcmp(en->name, s + i + 1, ml);
                if (cmp == 0) cmp = (int)en->name_len - (int)nl;
                if (cmp == 0) {
                    if (en->utf8_len <= nl + 1) {
                        memcpy(enc, en->utf8, en->utf8_len);
                        k = en->utf8_len;
                    }
                    break;
                }
                if (cmp < 0) lo = mid + 1;
                else hi = mid;
            }
        }
        if (!k) {
            s[o++] = s[i++];
            continue;
        }
        memcpy(s + o, enc, k);
        o += k;
        i = e + 1;
    }
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
    if (memchr(s, '&', n)) n = gl_board_decode_refs(s, n);
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
