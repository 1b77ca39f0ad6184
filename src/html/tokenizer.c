/*
 * tokenizer.c -- the WHATWG HTML tokenizer (HTML Standard 13.2.5).
 *
 * One state machine over a complete UTF-8 buffer. Every state of 13.2.5 is a
 * case below, in the spec's order, with its section number. The machine
 * works on bytes: only ASCII bytes are ever significant, so a multi-byte
 * UTF-8 sequence is copied through unchanged by the "anything else" branch
 * of every state. Input-stream preprocessing (13.2.3.5: CR LF and lone CR
 * become LF) happens in getch().
 *
 * Speed: the hot states (data, RCDATA, RAWTEXT, script data, attribute
 * values, comments, CDATA, tag and attribute names) first skip a run of
 * uninteresting bytes with a 16-bytes-at-a-time scan and copy it in one go;
 * only the byte that ends the run goes through the per-character code.
 *
 * Lone surrogates: the input is taken as bytes; a surrogate encoded
 * WTF-8-style (ED A0..BF xx) passes through unchanged like any other
 * non-ASCII sequence.
 *
 * Memory: every buffer grows at most 3x the input (a NUL byte becoming
 * U+FFFD is the worst case; no character reference expands more: "&nGt;"
 * gives 6 bytes for 5), so the caller's input size cap bounds them all.
 * Character tokens point into the input itself when the run is a plain
 * slice of it, else into t->text; either way valid during the callback.
 */
#include <stdlib.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define GL_TOK_SSE2 1
#endif

#include "entities.h"
#include "tokenizer.h"

enum {
    S_DATA, S_RCDATA, S_RAWTEXT, S_SCRIPT_DATA, S_PLAINTEXT, S_TAG_OPEN, S_END_TAG_OPEN,
    S_TAG_NAME, S_RCDATA_LT, S_RCDATA_END_TAG_OPEN, S_RCDATA_END_TAG_NAME, S_RAWTEXT_LT,
    S_RAWTEXT_END_TAG_OPEN, S_RAWTEXT_END_TAG_NAME, S_SCRIPT_LT, S_SCRIPT_END_TAG_OPEN,
    S_SCRIPT_END_TAG_NAME, S_SCRIPT_ESCAPE_START, S_SCRIPT_ESCAPE_START_DASH,
    S_SCRIPT_ESCAPED, S_SCRIPT_ESCAPED_DASH, S_SCRIPT_ESCAPED_DASH_DASH,
    S_SCRIPT_ESCAPED_LT, S_SCRIPT_ESCAPED_END_TAG_OPEN, S_SCRIPT_ESCAPED_END_TAG_NAME,
    S_SCRIPT_DOUBLE_ESCAPE_START, S_SCRIPT_DOUBLE_ESCAPED, S_SCRIPT_DOUBLE_ESCAPED_DASH,
    S_SCRIPT_DOUBLE_ESCAPED_DASH_DASH, S_SCRIPT_DOUBLE_ESCAPED_LT,
    S_SCRIPT_DOUBLE_ESCAPE_END, S_BEFORE_ATTR_NAME, S_ATTR_NAME, S_AFTER_ATTR_NAME,
    S_BEFORE_ATTR_VALUE, S_ATTR_VALUE_DQ, S_ATTR_VALUE_SQ, S_ATTR_VALUE_UQ,
    S_AFTER_ATTR_VALUE_QUOTED, S_SELF_CLOSING_START_TAG, S_BOGUS_COMMENT,
    S_MARKUP_DECL_OPEN, S_COMMENT_START, S_COMMENT_START_DASH, S_COMMENT, S_COMMENT_LT,
    S_COMMENT_LT_BANG, S_COMMENT_LT_BANG_DASH, S_COMMENT_LT_BANG_DASH_DASH,
    S_COMMENT_END_DASH, S_COMMENT_END, S_COMMENT_END_BANG, S_DOCTYPE,
    S_BEFORE_DOCTYPE_NAME, S_DOCTYPE_NAME, S_AFTER_DOCTYPE_NAME,
    S_AFTER_DOCTYPE_PUBLIC_KEYWORD, S_BEFORE_DOCTYPE_PUBLIC_ID, S_DOCTYPE_PUBLIC_ID_DQ,
    S_DOCTYPE_PUBLIC_ID_SQ, S_AFTER_DOCTYPE_PUBLIC_ID, S_BETWEEN_DOCTYPE_PUBLIC_SYSTEM_IDS,
    S_AFTER_DOCTYPE_SYSTEM_KEYWORD, S_BEFORE_DOCTYPE_SYSTEM_ID, S_DOCTYPE_SYSTEM_ID_DQ,
    S_DOCTYPE_SYSTEM_ID_SQ, S_AFTER_DOCTYPE_SYSTEM_ID, S_BOGUS_DOCTYPE, S_CDATA_SECTION,
    S_CDATA_SECTION_BRACKET, S_CDATA_SECTION_END, S_CHARREF, S_NAMED_CHARREF,
    S_AMBIGUOUS_AMPERSAND, S_NUMERIC_CHARREF, S_HEX_CHARREF_START, S_DEC_CHARREF_START,
    S_HEX_CHARREF, S_DEC_CHARREF
};

typedef struct attr_rec {
    size_t name_off, name_len, val_off, val_len;
} attr_rec;

/* Slot of the duplicate-attribute hash; `gen` tells which tag filled it so
 * the table never needs clearing between tags. */
typedef struct attr_slot {
    uint32_t gen, idx;
} attr_slot;

/* Tags with more attributes than this check duplicates through the hash. */
#define ATTR_LINEAR_MAX 8
/* Input bytes between two deadline checks. */
#define DEADLINE_STRIDE 4096

struct gl_tokenizer {
    const unsigned char *in;
    size_t len, pos;
    int state, return_state;
    gl_token_sink sink;
    void *ud;

    gl_buf text;       /* pending character run, when not a slice of the input */
    const unsigned char *tx_ptr; /* pending character run as an input slice */
    size_t tx_len;
    bool tx_in_buf;
    gl_buf tname;      /* tag name */
    gl_buf abuf;       /* attribute names and values, back to back */
    gl_buf cbuf;       /* comment data, doctype name */
    gl_buf pub, sys;   /* doctype identifiers */
    gl_buf tmp;        /* the spec's temporary buffer */
    gl_buf last_start; /* name of the last start tag emitted */

    attr_rec *recs;
    size_t nrecs, recs_cap;
    galley_token_attr *attrs;
    size_t attrs_cap;
    attr_slot *slots;
    size_t slots_cap; /* power of two, 0 before first use */
    uint32_t gen;
    bool attr_pending, attr_drop;
    attr_rec cur;

    bool is_end, self_closing;
    bool dt_name_missing, dt_pub_missing, dt_sys_missing, force_quirks;
    uint32_t charref_code;

    bool has_last_start, cdata_allowed, attrs_dropped;
    size_t max_attrs;
    size_t errors;
    size_t next_check;
    bool oom, stopped, done;
};

/* ---- byte classes ---------------------------------------------------- */

static inline bool is_alpha(int c) { return (unsigned)((c | 0x20) - 'a') < 26; }
static inline bool is_digit(int c) { return (unsigned)(c - '0') < 10; }
static inline bool is_alnum(int c) { return is_alpha(c) || is_digit(c); }
static inline bool is_hex(int c) { return is_digit(c) || (unsigned)((c | 0x20) - 'a') < 6; }
/* The tokenizer's whitespace: TAB, LF, FF, SPACE (CR is gone by then). */
static inline bool is_ws(int c) { return c == '\t' || c == '\n' || c == '\f' || c == ' '; }

/* Bytes that end the fast copy of a tag name / attribute name / unquoted
 * attribute value (1), or that are copied lower-cased (2). */
enum { STOP_TAG = 1, STOP_ANAME = 2, STOP_UQ = 4 };
static const unsigned char stop_tab[256] = {
    ['\t'] = 7, ['\n'] = 7, ['\f'] = 7, [' '] = 7, ['\r'] = 7, [0] = 7, ['>'] = 7,
    ['/'] = STOP_TAG | STOP_ANAME, ['='] = STOP_ANAME | STOP_UQ, ['"'] = STOP_ANAME | STOP_UQ,
    ['\''] = STOP_ANAME | STOP_UQ, ['<'] = STOP_ANAME | STOP_UQ, ['`'] = STOP_UQ,
    ['&'] = STOP_UQ,
};

/* Offset of the first byte of p[0..n) equal to a, b, c or d; n if none. */
static inline size_t scan4(const unsigned char *p, size_t n, unsigned char a, unsigned char b,
                           unsigned char c, unsigned char d)
{
    size_t i = 0;
#ifdef GL_TOK_SSE2
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b);
    const __m128i vc = _mm_set1_epi8((char)c), vd = _mm_set1_epi8((char)d);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd)));
        unsigned mask = (unsigned)_mm_movemask_epi8(m);
        if (mask) return i + (size_t)__builtin_ctz(mask);
    }
#else
    /* Portable word-at-a-time: a byte of x ^ (b * 0x01..01) is zero where x
     * holds b; the usual "has a zero byte" test finds any of them. */
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const uint64_t ma = a * ones, mb = b * ones, mc = c * ones, md = d * ones;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        uint64_t xa = x ^ ma, xb = x ^ mb, xc = x ^ mc, xd = x ^ md;
        uint64_t z = ((xa - ones) & ~xa) | ((xb - ones) & ~xb) | ((xc - ones) & ~xc) |
                     ((xd - ones) & ~xd);
        if (z & highs) break; /* the byte loop below finds the exact spot */
    }
#endif
    for (; i < n; i++) {
        unsigned char x = p[i];
        if (x == a || x == b || x == c || x == d) return i;
    }
    return n;
}

/* Length of the run at p[0..n) with no byte of class `stop`. */
static inline size_t span_until(const unsigned char *p, size_t n, unsigned stop)
{
    size_t i = 0;
    while (i < n && !(stop_tab[p[i]] & stop)) i++;
    return i;
}

/* ---- buffers (an append failure latches t->oom) ---------------------- */

static void fail_oom(gl_tokenizer *t)
{
    t->oom = true;
    t->next_check = 0; /* the main loop looks at t->oom */
}

static inline void put(gl_tokenizer *t, gl_buf *b, const void *s, size_t n)
{
    if (gl_unlikely(!gl_buf_append(b, (const char *)s, n))) fail_oom(t);
}

static inline void put1(gl_tokenizer *t, gl_buf *b, int c)
{
    if (gl_unlikely(!gl_buf_putc(b, (char)c))) fail_oom(t);
}

/* Appends p[0..n) to b with ASCII upper case lowered. */
static void put_lower(gl_tokenizer *t, gl_buf *b, const unsigned char *p, size_t n)
{
    if (!gl_buf_reserve(b, n)) {
        fail_oom(t);
        return;
    }
    char *o = b->data + b->len;
    for (size_t i = 0; i < n; i++) o[i] = (char)gl_lower(p[i]);
    b->len += n;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

static inline const char *cstr(gl_buf *b)
{
    if (!b->data) return "";
    b->data[b->len] = '\0'; /* gl_buf always keeps room for it */
    return b->data;
}

/* ---- input ----------------------------------------------------------- */

/* Next input character after preprocessing (CR LF and CR -> LF), -1 at EOF. */
static inline int getch(gl_tokenizer *t)
{
    if (gl_unlikely(t->pos >= t->len)) return -1;
    int c = t->in[t->pos++];
    if (gl_unlikely(c == '\r')) {
        if (t->pos < t->len && t->in[t->pos] == '\n') t->pos++;
        return '\n';
    }
    return c;
}

/* ---- emitting -------------------------------------------------------- */

/* Once the sink has asked to stop it hears nothing more, even from the
 * rest of the current step (a tag right after the text run it flushed). */
static void deliver(gl_tokenizer *t, const galley_token *tok)
{
    if (!t->stopped && t->sink(t->ud, tok) != 0) {
        t->stopped = true;
        t->next_check = 0; /* the main loop looks at t->stopped */
    }
}

/* The pending character run is either a slice of the input (the common
 * case: text between two tags, handed over without a copy) or, once
 * anything that is not the next input byte joins it, a copy in t->text. */
static void flush_text(gl_tokenizer *t)
{
    galley_token tok = {0};
    tok.type = GALLEY_TOKEN_CHARACTER;
    if (t->tx_in_buf) {
        tok.data = cstr(&t->text);
        tok.data_len = t->text.len;
        t->text.len = 0;
        t->tx_in_buf = false;
    } else {
        if (t->tx_len == 0) return;
        tok.data = (const char *)t->tx_ptr;
        tok.data_len = t->tx_len;
        t->tx_len = 0;
    }
    deliver(t, &tok);
}

static void text_to_buf(gl_tokenizer *t)
{
    t->text.len = 0;
    put(t, &t->text, t->tx_ptr, t->tx_len);
    t->tx_len = 0;
    t->tx_in_buf = true;
}

/* Emits input bytes p[0..n) as characters. */
static inline void emit_input(gl_tokenizer *t, const unsigned char *p, size_t n)
{
    if (!t->tx_in_buf) {
        if (t->tx_len == 0) {
            t->tx_ptr = p;
            t->tx_len = n;
            return;
        }
        if (t->tx_ptr + t->tx_len == p) {
            t->tx_len += n;
            return;
        }
        text_to_buf(t);
    }
    put(t, &t->text, p, n);
}

static inline void emit_chars(gl_tokenizer *t, const void *s, size_t n)
{
    if (!t->tx_in_buf) text_to_buf(t);
    put(t, &t->text, s, n);
}

static inline void emit_char(gl_tokenizer *t, int c)
{
    if (!t->tx_in_buf) text_to_buf(t);
    put1(t, &t->text, c);
}

static void emit_eof(gl_tokenizer *t)
{
    flush_text(t);
    galley_token tok = {0};
    tok.type = GALLEY_TOKEN_EOF;
    tok.data = "";
    deliver(t, &tok);
    t->done = true;
    t->next_check = 0;
}

static void emit_comment(gl_tokenizer *t)
{
    flush_text(t);
    galley_token tok = {0};
    tok.type = GALLEY_TOKEN_COMMENT;
    tok.data = cstr(&t->cbuf);
    tok.data_len = t->cbuf.len;
    deliver(t, &tok);
}

static void new_doctype(gl_tokenizer *t)
{
    t->cbuf.len = t->pub.len = t->sys.len = 0;
    t->dt_name_missing = t->dt_pub_missing = t->dt_sys_missing = true;
    t->force_quirks = false;
}

/* A quote opens the public or system identifier: it is now present and
 * empty; returns the quoted state to go to. */
static int open_doctype_id(gl_tokenizer *t, bool pub, int quote)
{
    if (pub) {
        t->pub.len = 0;
        t->dt_pub_missing = false;
        return quote == '"' ? S_DOCTYPE_PUBLIC_ID_DQ : S_DOCTYPE_PUBLIC_ID_SQ;
    }
    t->sys.len = 0;
    t->dt_sys_missing = false;
    return quote == '"' ? S_DOCTYPE_SYSTEM_ID_DQ : S_DOCTYPE_SYSTEM_ID_SQ;
}

static void emit_doctype(gl_tokenizer *t)
{
    flush_text(t);
    galley_token tok = {0};
    tok.type = GALLEY_TOKEN_DOCTYPE;
    if (!t->dt_name_missing) {
        tok.data = cstr(&t->cbuf);
        tok.data_len = t->cbuf.len;
    }
    if (!t->dt_pub_missing) {
        tok.public_id = cstr(&t->pub);
        tok.public_id_len = t->pub.len;
    }
    if (!t->dt_sys_missing) {
        tok.system_id = cstr(&t->sys);
        tok.system_id_len = t->sys.len;
    }
    tok.force_quirks = t->force_quirks;
    deliver(t, &tok);
}

/* ---- tags and attributes --------------------------------------------- */

static void new_tag(gl_tokenizer *t, bool end)
{
    t->is_end = end;
    t->self_closing = false;
    t->tname.len = 0;
    t->abuf.len = 0;
    t->nrecs = 0;
    t->attr_pending = false;
    t->attr_drop = false;
    if (++t->gen == 0) { /* wrapped: old stamps could alias, so clear */
        if (t->slots) memset(t->slots, 0, t->slots_cap * sizeof *t->slots);
        t->gen = 1;
    }
}

static uint32_t name_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void slots_insert(gl_tokenizer *t, uint32_t idx)
{
    const attr_rec *r = &t->recs[idx];
    size_t mask = t->slots_cap - 1;
    size_t i = name_hash(t->abuf.data + r->name_off, r->name_len) & mask;
    while (t->slots[i].gen == t->gen) i = (i + 1) & mask; /* load <= 1/2 */
    t->slots[i].gen = t->gen;
    t->slots[i].idx = idx;
}

/* Adds the newest committed attribute to the hash, which exists once a tag
 * has more than ATTR_LINEAR_MAX attributes. It is (re)filled with all of
 * them when first used for this tag or when it grows; growth doubles, so
 * the total rehash work stays linear. */
static bool slots_add_last(gl_tokenizer *t)
{
    size_t need = (t->nrecs + 1) * 2;
    bool rebuild = t->nrecs == ATTR_LINEAR_MAX + 1;
    if (need > t->slots_cap) {
        size_t cap = t->slots_cap ? t->slots_cap : 64;
        while (cap < need) cap *= 2;
        attr_slot *s = calloc(cap, sizeof *s);
        if (!s) return false;
        free(t->slots);
        t->slots = s;
        t->slots_cap = cap;
        rebuild = true;
    }
    if (rebuild) {
        for (size_t i = 0; i < t->nrecs; i++) slots_insert(t, (uint32_t)i);
    } else {
        slots_insert(t, (uint32_t)(t->nrecs - 1));
    }
    return true;
}

static bool is_duplicate(gl_tokenizer *t, const char *name, size_t n)
{
    if (t->nrecs <= ATTR_LINEAR_MAX) {
        for (size_t i = 0; i < t->nrecs; i++) {
            const attr_rec *r = &t->recs[i];
            if (r->name_len == n && memcmp(t->abuf.data + r->name_off, name, n) == 0)
                return true;
        }
        return false;
    }
    size_t mask = t->slots_cap - 1;
    size_t i = name_hash(name, n) & mask;
    while (t->slots[i].gen == t->gen) {
        const attr_rec *r = &t->recs[t->slots[i].idx];
        if (r->name_len == n && memcmp(t->abuf.data + r->name_off, name, n) == 0) return true;
        i = (i + 1) & mask;
    }
    return false;
}

static void finish_attr(gl_tokenizer *t)
{
    if (!t->attr_pending) return;
    t->attr_pending = false;
    if (t->attr_drop) {
        t->abuf.len = t->cur.name_off;
        return;
    }
    t->cur.val_len = t->abuf.len - t->cur.val_off;
    if (t->nrecs == t->recs_cap) {
        size_t cap = t->recs_cap ? t->recs_cap * 2 : 16;
        attr_rec *r = realloc(t->recs, cap * sizeof *r);
        if (!r) {
            fail_oom(t);
            return;
        }
        t->recs = r;
        t->recs_cap = cap;
    }
    t->recs[t->nrecs++] = t->cur;
    if (t->nrecs > ATTR_LINEAR_MAX && !slots_add_last(t)) fail_oom(t);
}

static void start_attr(gl_tokenizer *t)
{
    finish_attr(t);
    t->attr_pending = true;
    t->attr_drop = false;
    t->cur.name_off = t->abuf.len;
}

/* Leaving the attribute name state (13.2.5.33): drop duplicates and
 * attributes past the cap. */
static void attr_name_done(gl_tokenizer *t)
{
    t->cur.name_len = t->abuf.len - t->cur.name_off;
    if (is_duplicate(t, t->abuf.data ? t->abuf.data + t->cur.name_off : "", t->cur.name_len)) {
        t->errors++; /* duplicate-attribute */
        t->attr_drop = true;
    } else if (t->nrecs >= t->max_attrs) {
        t->attrs_dropped = true;
        t->attr_drop = true;
    }
    if (t->attr_drop) t->abuf.len = t->cur.name_off;
    t->cur.val_off = t->abuf.len;
}

static inline void attr_val_put(gl_tokenizer *t, const void *s, size_t n)
{
    if (!t->attr_drop) put(t, &t->abuf, s, n);
}

static inline bool appropriate_end_tag(const gl_tokenizer *t)
{
    return t->has_last_start && t->tname.len == t->last_start.len &&
           memcmp(t->tname.data, t->last_start.data, t->tname.len) == 0;
}

static void emit_tag(gl_tokenizer *t)
{
    finish_attr(t);
    flush_text(t);
    galley_token tok = {0};
    tok.type = t->is_end ? GALLEY_TOKEN_END_TAG : GALLEY_TOKEN_START_TAG;
    tok.data = cstr(&t->tname);
    tok.data_len = t->tname.len;
    if (t->is_end) {
        if (t->nrecs || t->self_closing) t->errors++; /* end-tag-with-attributes etc. */
    } else {
        tok.self_closing = t->self_closing;
        if (t->nrecs) {
            if (t->nrecs > t->attrs_cap) {
                size_t cap = t->attrs_cap ? t->attrs_cap : 16;
                while (cap < t->nrecs) cap *= 2;
                galley_token_attr *a = realloc(t->attrs, cap * sizeof *a);
                if (!a) {
                    fail_oom(t);
                    return;
                }
                t->attrs = a;
                t->attrs_cap = cap;
            }
            cstr(&t->abuf);
            for (size_t i = 0; i < t->nrecs; i++) {
                const attr_rec *r = &t->recs[i];
                t->attrs[i].name = t->abuf.data + r->name_off;
                t->attrs[i].name_len = r->name_len;
                t->attrs[i].value = t->abuf.data + r->val_off;
                t->attrs[i].value_len = r->val_len;
            }
            tok.attrs = t->attrs;
            tok.nattrs = t->nrecs;
        }
        /* the name becomes the last start tag: swap buffers rather than copy
         * (tok.data keeps pointing at it; the next tag clears t->tname). Done
         * before the callback so that a sink's set_last_start_tag wins. */
        gl_buf b = t->last_start;
        t->last_start = t->tname;
        t->tname = b;
        t->has_last_start = true;
    }
    deliver(t, &tok);
}

/* ---- character references -------------------------------------------- */

static inline bool return_is_attr(const gl_tokenizer *t)
{
    return t->return_state == S_ATTR_VALUE_DQ || t->return_state == S_ATTR_VALUE_SQ ||
           t->return_state == S_ATTR_VALUE_UQ;
}

/* "Flush code points consumed as a character reference" (13.2.4). */
static void flush_charref(gl_tokenizer *t, const void *s, size_t n)
{
    if (return_is_attr(t)) attr_val_put(t, s, n);
    else emit_chars(t, s, n);
}

/* The same for code points that are input bytes as written. */
static void flush_charref_input(gl_tokenizer *t, const unsigned char *p, size_t n)
{
    if (return_is_attr(t)) attr_val_put(t, p, n);
    else emit_input(t, p, n);
}

/* Byte k of entity e's name, -1 past its end (a shorter name sorts first). */
static inline int entity_at(const gl_entity *e, size_t k)
{
    return k < e->name_len ? (unsigned char)e->name[k] : -1;
}

/* Longest entity name that is a prefix of p[0..n); NULL if none. The table
 * is sorted, so the entries sharing the first k bytes with p form one range;
 * each byte narrows it by two binary searches on that byte alone, and the
 * range's first entry is an exact match when its length is k. At most
 * GL_ENTITY_MAX_NAME bytes are looked at, so each '&' costs O(1). */
static const gl_entity *entity_longest(const unsigned char *p, size_t n)
{
    size_t lo = 0, hi = GL_ENTITY_COUNT;
    const gl_entity *best = NULL;
    size_t lim = n < GL_ENTITY_MAX_NAME ? n : GL_ENTITY_MAX_NAME;
    for (size_t k = 0; k < lim; k++) {
        int c = p[k];
        if (!is_alnum(c) && c != ';') break;
        size_t a = lo, b = hi;
        while (a < b) { /* first entry whose byte k is >= c */
            size_t mid = a + (b - a) / 2;
            if (entity_at(&gl_entities[mid], k) < c) a = mid + 1;
            else b = mid;
        }
        lo = a;
        b = hi;
        while (a < b) { /* first entry whose byte k is > c */
            size_t mid = a + (b - a) / 2;
            if (entity_at(&gl_entities[mid], k) <= c) a = mid + 1;
            else b = mid;
        }
        hi = a;
        if (lo == hi) break;
        if (gl_entities[lo].name_len == k + 1) best = &gl_entities[lo];
        if (c == ';') break;
    }
    return best;
}

/* 13.2.5.80 Numeric character reference end state, minus the switch. */
static void numeric_end(gl_tokenizer *t)
{
    /* Windows-1252 meanings of 0x80..0x9F; 0 where the code stays. */
    static const uint16_t c1[32] = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
        0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    uint32_t cp = t->charref_code;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        t->errors++;
        cp = 0xFFFD;
    } else if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
        t->errors++; /* noncharacter: kept */
    } else if (cp == 0x0D || (cp < 0x20 && !is_ws((int)cp)) || (cp >= 0x7F && cp <= 0x9F)) {
        t->errors++;
        if (cp >= 0x80 && cp <= 0x9F && c1[cp - 0x80]) cp = c1[cp - 0x80];
    }
    char u[4];
    size_t n = gl_utf8_encode(cp, u);
    flush_charref(t, u, n);
    t->state = t->return_state;
}

/* ---- public ---------------------------------------------------------- */

gl_tokenizer *gl_tokenizer_new(void)
{
    gl_tokenizer *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->max_attrs = SIZE_MAX;
    return t;
}

void gl_tokenizer_free(gl_tokenizer *t)
{
    if (!t) return;
    gl_buf_free(&t->text);
    gl_buf_free(&t->tname);
    gl_buf_free(&t->abuf);
    gl_buf_free(&t->cbuf);
    gl_buf_free(&t->pub);
    gl_buf_free(&t->sys);
    gl_buf_free(&t->tmp);
    gl_buf_free(&t->last_start);
    free(t->recs);
    free(t->attrs);
    free(t->slots);
    free(t);
}

void gl_tokenizer_reset(gl_tokenizer *t, const char *input, size_t len, gl_token_sink sink,
                        void *ud)
{
    t->in = (const unsigned char *)(input ? input : "");
    t->len = input ? len : 0;
    t->pos = 0;
    t->state = S_DATA;
    t->return_state = S_DATA;
    t->sink = sink;
    t->ud = ud;
    gl_buf_clear(&t->text);
    t->tx_len = 0;
    t->tx_in_buf = false;
    gl_buf_clear(&t->tname);
    gl_buf_clear(&t->abuf);
    gl_buf_clear(&t->cbuf);
    gl_buf_clear(&t->pub);
    gl_buf_clear(&t->sys);
    gl_buf_clear(&t->tmp);
    gl_buf_clear(&t->last_start);
    t->nrecs = 0;
    t->attr_pending = t->attr_drop = false;
    t->has_last_start = false;
    t->cdata_allowed = false;
    t->attrs_dropped = false;
    t->errors = 0;
    t->next_check = 0;
    t->oom = t->stopped = t->done = false;
}

void gl_tokenizer_set_state(gl_tokenizer *t, galley_tokenizer_state s)
{
    switch (s) {
    case GALLEY_TS_RCDATA: t->state = S_RCDATA; break;
    case GALLEY_TS_RAWTEXT: t->state = S_RAWTEXT; break;
    case GALLEY_TS_SCRIPT_DATA: t->state = S_SCRIPT_DATA; break;
    case GALLEY_TS_PLAINTEXT: t->state = S_PLAINTEXT; break;
    case GALLEY_TS_CDATA_SECTION: t->state = S_CDATA_SECTION; break;
    default: t->state = S_DATA; break;
    }
}

void gl_tokenizer_set_last_start_tag(gl_tokenizer *t, const char *name, size_t len)
{
    t->last_start.len = 0;
    t->has_last_start = name != NULL;
    if (name) put(t, &t->last_start, name, len);
}

void gl_tokenizer_set_cdata_allowed(gl_tokenizer *t, bool allowed) { t->cdata_allowed = allowed; }
void gl_tokenizer_set_max_attrs(gl_tokenizer *t, size_t max_attrs) { t->max_attrs = max_attrs; }
bool gl_tokenizer_attrs_dropped(const gl_tokenizer *t) { return t->attrs_dropped; }
size_t gl_tokenizer_errors(const gl_tokenizer *t) { return t->errors; }

/* ---- the state machine ----------------------------------------------- */

#define ERR() (t->errors++)
#define SWITCH(s) (t->state = (s))
#define RECONSUME(s) (t->pos = cpos, t->state = (s))

/* Appends p[0..n) of the input to a buffer and moves past it. */
#define TAKE(buf, n)                                                                       \
    do {                                                                                   \
        size_t n_ = (n);                                                                   \
        if (n_) {                                                                          \
            put(t, (buf), t->in + t->pos, n_);                                             \
            t->pos += n_;                                                                  \
        }                                                                                  \
    } while (0)

/* Emits the next n input bytes as characters and moves past them. */
#define TAKE_TEXT(n)                                                                       \
    do {                                                                                   \
        size_t n_ = (n);                                                                   \
        if (n_) {                                                                          \
            emit_input(t, t->in + t->pos, n_);                                             \
            t->pos += n_;                                                                  \
        }                                                                                  \
    } while (0)

/* Shared body of the RCDATA/RAWTEXT/script-data "end tag name" states
 * (13.2.5.11, .14, .17, .25): returns after setting the next state. */
static void end_tag_name_state(gl_tokenizer *t, size_t cpos, int c, int text_state)
{
    if (is_ws(c) && appropriate_end_tag(t)) {
        SWITCH(S_BEFORE_ATTR_NAME);
    } else if (c == '/' && appropriate_end_tag(t)) {
        SWITCH(S_SELF_CLOSING_START_TAG);
    } else if (c == '>' && appropriate_end_tag(t)) {
        SWITCH(S_DATA);
        emit_tag(t);
    } else if (is_alpha(c)) {
        put1(t, &t->tname, gl_lower(c));
        put1(t, &t->tmp, c);
    } else {
        emit_chars(t, "</", 2);
        emit_chars(t, t->tmp.data ? t->tmp.data : "", t->tmp.len);
        RECONSUME(text_state);
    }
}

galley_status gl_tokenizer_run(gl_tokenizer *t, const gl_deadline *deadline)
{
    if (!t || !t->sink) return GALLEY_ERR_INVALID_ARG;
    const unsigned char *in = t->in;
    /* Each iteration consumes at least one character, or reconsumes it in
     * a state that will; no state looks back, so the work is linear. */
    for (;;) {
        /* One compare per step: setting oom, stopped or done also zeroes
         * next_check, so the rare conditions are all looked at here. */
        if (gl_unlikely(t->pos >= t->next_check)) {
            if (t->done || t->oom || t->stopped) break;
            t->next_check = t->pos + DEADLINE_STRIDE;
            if (deadline && deadline->at_ns && gl_deadline_passed(deadline))
                return GALLEY_ERR_TIMEOUT;
        }
        size_t cpos = t->pos;
        int c;
        switch (t->state) {
        /* 13.2.5.1 Data state */
        case S_DATA:
            TAKE_TEXT(scan4(in + t->pos, t->len - t->pos, '<', '&', '\r', 0));
            cpos = t->pos;
            c = getch(t);
            if (c == '&') { /* U+0026 AMPERSAND */
                t->return_state = S_DATA;
                SWITCH(S_CHARREF);
            } else if (c == '<') { /* U+003C LESS-THAN SIGN */
                SWITCH(S_TAG_OPEN);
            } else if (c == 0) { /* U+0000 NULL: emitted as is */
                ERR();
                emit_input(t, in + cpos, 1);
            } else if (c == -1) {
                emit_eof(t);
            } else {
                emit_char(t, c);
            }
            break;

        /* 13.2.5.2 RCDATA state */
        case S_RCDATA:
            TAKE_TEXT(scan4(in + t->pos, t->len - t->pos, '<', '&', '\r', 0));
            cpos = t->pos;
            c = getch(t);
            if (c == '&') {
                t->return_state = S_RCDATA;
                SWITCH(S_CHARREF);
            } else if (c == '<') {
                SWITCH(S_RCDATA_LT);
            } else if (c == 0) {
                ERR();
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                emit_eof(t);
            } else {
                emit_char(t, c);
            }
            break;

        /* 13.2.5.3 RAWTEXT state, 13.2.5.4 Script data state */
        case S_RAWTEXT:
        case S_SCRIPT_DATA:
            TAKE_TEXT(scan4(in + t->pos, t->len - t->pos, '<', '<', '\r', 0));
            cpos = t->pos;
            c = getch(t);
            if (c == '<') {
                SWITCH(t->state == S_RAWTEXT ? S_RAWTEXT_LT : S_SCRIPT_LT);
            } else if (c == 0) {
                ERR();
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                emit_eof(t);
            } else {
                emit_char(t, c);
            }
            break;

        /* 13.2.5.5 PLAINTEXT state */
        case S_PLAINTEXT:
            TAKE_TEXT(scan4(in + t->pos, t->len - t->pos, '\r', '\r', 0, 0));
            c = getch(t);
            if (c == 0) {
                ERR();
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                emit_eof(t);
            } else {
                emit_char(t, c);
            }
            break;

        /* 13.2.5.6 Tag open state */
        case S_TAG_OPEN:
            c = getch(t);
            if (c == '!') {
                SWITCH(S_MARKUP_DECL_OPEN);
            } else if (c == '/') {
                SWITCH(S_END_TAG_OPEN);
            } else if (is_alpha(c)) {
                new_tag(t, false);
                RECONSUME(S_TAG_NAME);
            } else if (c == '?') {
                ERR(); /* unexpected-question-mark-instead-of-tag-name */
                t->cbuf.len = 0;
                RECONSUME(S_BOGUS_COMMENT);
            } else if (c == -1) {
                ERR();
                emit_char(t, '<');
                emit_eof(t);
            } else {
                ERR(); /* invalid-first-character-of-tag-name */
                emit_input(t, in + cpos - 1, 1); /* the '<' */
                RECONSUME(S_DATA);
            }
            break;

        /* 13.2.5.7 End tag open state */
        case S_END_TAG_OPEN:
            c = getch(t);
            if (is_alpha(c)) {
                new_tag(t, true);
                RECONSUME(S_TAG_NAME);
            } else if (c == '>') {
                ERR(); /* missing-end-tag-name */
                SWITCH(S_DATA);
            } else if (c == -1) {
                ERR();
                emit_chars(t, "</", 2);
                emit_eof(t);
            } else {
                ERR();
                t->cbuf.len = 0;
                RECONSUME(S_BOGUS_COMMENT);
            }
            break;

        /* 13.2.5.8 Tag name state */
        case S_TAG_NAME: {
            size_t n = span_until(in + t->pos, t->len - t->pos, STOP_TAG);
            put_lower(t, &t->tname, in + t->pos, n);
            t->pos += n;
            c = getch(t);
            if (is_ws(c)) {
                SWITCH(S_BEFORE_ATTR_NAME);
            } else if (c == '/') {
                SWITCH(S_SELF_CLOSING_START_TAG);
            } else if (c == '>') {
                SWITCH(S_DATA);
                emit_tag(t);
            } else if (c == 0) {
                ERR();
                put(t, &t->tname, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR(); /* eof-in-tag */
                emit_eof(t);
            } else {
                put1(t, &t->tname, gl_lower(c));
            }
            break;
        }

        /* 13.2.5.9 RCDATA less-than sign state */
        case S_RCDATA_LT:
            c = getch(t);
            if (c == '/') {
                t->tmp.len = 0;
                SWITCH(S_RCDATA_END_TAG_OPEN);
            } else {
                emit_input(t, in + cpos - 1, 1); /* the '<' */
                RECONSUME(S_RCDATA);
            }
            break;

        /* 13.2.5.10 RCDATA end tag open state */
        case S_RCDATA_END_TAG_OPEN:
            c = getch(t);
            if (is_alpha(c)) {
                new_tag(t, true);
                RECONSUME(S_RCDATA_END_TAG_NAME);
            } else {
                emit_chars(t, "</", 2);
                RECONSUME(S_RCDATA);
            }
            break;

        /* 13.2.5.11 RCDATA end tag name state */
        case S_RCDATA_END_TAG_NAME:
            c = getch(t);
            end_tag_name_state(t, cpos, c, S_RCDATA);
            break;

        /* 13.2.5.12 RAWTEXT less-than sign state */
        case S_RAWTEXT_LT:
            c = getch(t);
            if (c == '/') {
                t->tmp.len = 0;
                SWITCH(S_RAWTEXT_END_TAG_OPEN);
            } else {
                emit_input(t, in + cpos - 1, 1); /* the '<' */
                RECONSUME(S_RAWTEXT);
            }
            break;

        /* 13.2.5.13 RAWTEXT end tag open state */
        case S_RAWTEXT_END_TAG_OPEN:
            c = getch(t);
            if (is_alpha(c)) {
                new_tag(t, true);
                RECONSUME(S_RAWTEXT_END_TAG_NAME);
            } else {
                emit_chars(t, "</", 2);
                RECONSUME(S_RAWTEXT);
            }
            break;

        /* 13.2.5.14 RAWTEXT end tag name state */
        case S_RAWTEXT_END_TAG_NAME:
            c = getch(t);
            end_tag_name_state(t, cpos, c, S_RAWTEXT);
            break;

        /* 13.2.5.15 Script data less-than sign state */
        case S_SCRIPT_LT:
            c = getch(t);
            if (c == '/') {
                t->tmp.len = 0;
                SWITCH(S_SCRIPT_END_TAG_OPEN);
            } else if (c == '!') {
                SWITCH(S_SCRIPT_ESCAPE_START);
                emit_chars(t, "<!", 2);
            } else {
                emit_input(t, in + cpos - 1, 1); /* the '<' */
                RECONSUME(S_SCRIPT_DATA);
            }
            break;

        /* 13.2.5.16 Script data end tag open state */
        case S_SCRIPT_END_TAG_OPEN:
            c = getch(t);
            if (is_alpha(c)) {
                new_tag(t, true);
                RECONSUME(S_SCRIPT_END_TAG_NAME);
            } else {
                emit_chars(t, "</", 2);
                RECONSUME(S_SCRIPT_DATA);
            }
            break;

        /* 13.2.5.17 Script data end tag name state */
        case S_SCRIPT_END_TAG_NAME:
            c = getch(t);
            end_tag_name_state(t, cpos, c, S_SCRIPT_DATA);
            break;

        /* 13.2.5.18 Script data escape start state */
        case S_SCRIPT_ESCAPE_START:
            c = getch(t);
            if (c == '-') {
                SWITCH(S_SCRIPT_ESCAPE_START_DASH);
                emit_char(t, '-');
            } else {
                RECONSUME(S_SCRIPT_DATA);
            }
            break;

        /* 13.2.5.19 Script data escape start dash state */
        case S_SCRIPT_ESCAPE_START_DASH:
            c = getch(t);
            if (c == '-') {
                SWITCH(S_SCRIPT_ESCAPED_DASH_DASH);
                emit_char(t, '-');
            } else {
                RECONSUME(S_SCRIPT_DATA);
            }
            break;

        /* 13.2.5.20 Script data escaped state */
        case S_SCRIPT_ESCAPED:
            TAKE_TEXT(scan4(in + t->pos, t->len - t->pos, '-', '<', '\r', 0));
            c = getch(t);
            if (c == '-') {
                SWITCH(S_SCRIPT_ESCAPED_DASH);
                emit_char(t, '-');
            } else if (c == '<') {
                SWITCH(S_SCRIPT_ESCAPED_LT);
            } else if (c == 0) {
                ERR();
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR(); /* eof-in-script-html-comment-like-text */
                emit_eof(t);
            } else {
                emit_char(t, c);
            }
            break;

        /* 13.2.5.21 Script data escaped dash state */
        case S_SCRIPT_ESCAPED_DASH:
            c = getch(t);
            if (c == '-') {
                SWITCH(S_SCRIPT_ESCAPED_DASH_DASH);
                emit_char(t, '-');
            } else if (c == '<') {
                SWITCH(S_SCRIPT_ESCAPED_LT);
            } else if (c == 0) {
                ERR();
                SWITCH(S_SCRIPT_ESCAPED);
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                SWITCH(S_SCRIPT_ESCAPED);
                emit_char(t, c);
            }
            break;

        /* 13.2.5.22 Script data escaped dash dash state */
        case S_SCRIPT_ESCAPED_DASH_DASH:
            c = getch(t);
            if (c == '-') {
                emit_char(t, '-');
            } else if (c == '<') {
                SWITCH(S_SCRIPT_ESCAPED_LT);
            } else if (c == '>') {
                SWITCH(S_SCRIPT_DATA);
                emit_char(t, '>');
            } else if (c == 0) {
                ERR();
                SWITCH(S_SCRIPT_ESCAPED);
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                SWITCH(S_SCRIPT_ESCAPED);
                emit_char(t, c);
            }
            break;

        /* 13.2.5.23 Script data escaped less-than sign state */
        case S_SCRIPT_ESCAPED_LT:
            c = getch(t);
            if (c == '/') {
                t->tmp.len = 0;
                SWITCH(S_SCRIPT_ESCAPED_END_TAG_OPEN);
            } else if (is_alpha(c)) {
                t->tmp.len = 0;
                emit_char(t, '<');
                RECONSUME(S_SCRIPT_DOUBLE_ESCAPE_START);
            } else {
                emit_char(t, '<');
                RECONSUME(S_SCRIPT_ESCAPED);
            }
            break;

        /* 13.2.5.24 Script data escaped end tag open state */
        case S_SCRIPT_ESCAPED_END_TAG_OPEN:
            c = getch(t);
            if (is_alpha(c)) {
                new_tag(t, true);
                RECONSUME(S_SCRIPT_ESCAPED_END_TAG_NAME);
            } else {
                emit_chars(t, "</", 2);
                RECONSUME(S_SCRIPT_ESCAPED);
            }
            break;

        /* 13.2.5.25 Script data escaped end tag name state */
        case S_SCRIPT_ESCAPED_END_TAG_NAME:
            c = getch(t);
            end_tag_name_state(t, cpos, c, S_SCRIPT_ESCAPED);
            break;

        /* 13.2.5.26 Script data double escape start state */
        case S_SCRIPT_DOUBLE_ESCAPE_START:
        /* 13.2.5.31 Script data double escape end state (mirror image) */
        case S_SCRIPT_DOUBLE_ESCAPE_END: {
            bool start = t->state == S_SCRIPT_DOUBLE_ESCAPE_START;
            c = getch(t);
            if (is_ws(c) || c == '/' || c == '>') {
                bool is_script = t->tmp.len == 6 && memcmp(t->tmp.data, "script", 6) == 0;
                if (start) SWITCH(is_script ? S_SCRIPT_DOUBLE_ESCAPED : S_SCRIPT_ESCAPED);
                else SWITCH(is_script ? S_SCRIPT_ESCAPED : S_SCRIPT_DOUBLE_ESCAPED);
                emit_char(t, c);
            } else if (is_alpha(c)) {
                if (t->tmp.len < 16) put1(t, &t->tmp, gl_lower(c)); /* only "script" matters */
                else t->tmp.len = 16;
                emit_char(t, c);
            } else {
                RECONSUME(start ? S_SCRIPT_ESCAPED : S_SCRIPT_DOUBLE_ESCAPED);
            }
            break;
        }

        /* 13.2.5.27 Script data double escaped state */
        case S_SCRIPT_DOUBLE_ESCAPED:
            TAKE_TEXT(scan4(in + t->pos, t->len - t->pos, '-', '<', '\r', 0));
            c = getch(t);
            if (c == '-') {
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED_DASH);
                emit_char(t, '-');
            } else if (c == '<') {
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED_LT);
                emit_char(t, '<');
            } else if (c == 0) {
                ERR();
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                emit_char(t, c);
            }
            break;

        /* 13.2.5.28 Script data double escaped dash state */
        case S_SCRIPT_DOUBLE_ESCAPED_DASH:
            c = getch(t);
            if (c == '-') {
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED_DASH_DASH);
                emit_char(t, '-');
            } else if (c == '<') {
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED_LT);
                emit_char(t, '<');
            } else if (c == 0) {
                ERR();
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED);
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED);
                emit_char(t, c);
            }
            break;

        /* 13.2.5.29 Script data double escaped dash dash state */
        case S_SCRIPT_DOUBLE_ESCAPED_DASH_DASH:
            c = getch(t);
            if (c == '-') {
                emit_char(t, '-');
            } else if (c == '<') {
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED_LT);
                emit_char(t, '<');
            } else if (c == '>') {
                SWITCH(S_SCRIPT_DATA);
                emit_char(t, '>');
            } else if (c == 0) {
                ERR();
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED);
                emit_chars(t, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                SWITCH(S_SCRIPT_DOUBLE_ESCAPED);
                emit_char(t, c);
            }
            break;

        /* 13.2.5.30 Script data double escaped less-than sign state */
        case S_SCRIPT_DOUBLE_ESCAPED_LT:
            c = getch(t);
            if (c == '/') {
                t->tmp.len = 0;
                SWITCH(S_SCRIPT_DOUBLE_ESCAPE_END);
                emit_char(t, '/');
            } else {
                RECONSUME(S_SCRIPT_DOUBLE_ESCAPED);
            }
            break;

        /* 13.2.5.32 Before attribute name state */
        case S_BEFORE_ATTR_NAME:
            c = getch(t);
            if (is_ws(c)) {
                /* ignore */
            } else if (c == '/' || c == '>' || c == -1) {
                RECONSUME(S_AFTER_ATTR_NAME);
            } else if (c == '=') {
                ERR(); /* unexpected-equals-sign-before-attribute-name */
                start_attr(t);
                put1(t, &t->abuf, '=');
                SWITCH(S_ATTR_NAME);
            } else {
                start_attr(t);
                RECONSUME(S_ATTR_NAME);
            }
            break;

        /* 13.2.5.33 Attribute name state */
        case S_ATTR_NAME: {
            size_t n = span_until(in + t->pos, t->len - t->pos, STOP_ANAME);
            put_lower(t, &t->abuf, in + t->pos, n);
            t->pos += n;
            cpos = t->pos;
            c = getch(t);
            if (is_ws(c) || c == '/' || c == '>' || c == -1) {
                attr_name_done(t);
                RECONSUME(S_AFTER_ATTR_NAME);
            } else if (c == '=') {
                attr_name_done(t);
                SWITCH(S_BEFORE_ATTR_VALUE);
            } else if (c == 0) {
                ERR();
                put(t, &t->abuf, REPLACEMENT, 3);
            } else {
                if (c == '"' || c == '\'' || c == '<') ERR();
                put1(t, &t->abuf, gl_lower(c));
            }
            break;
        }

        /* 13.2.5.34 After attribute name state */
        case S_AFTER_ATTR_NAME:
            c = getch(t);
            if (is_ws(c)) {
                /* ignore */
            } else if (c == '/') {
                SWITCH(S_SELF_CLOSING_START_TAG);
            } else if (c == '=') {
                SWITCH(S_BEFORE_ATTR_VALUE);
            } else if (c == '>') {
                SWITCH(S_DATA);
                emit_tag(t);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                start_attr(t);
                RECONSUME(S_ATTR_NAME);
            }
            break;

        /* 13.2.5.35 Before attribute value state */
        case S_BEFORE_ATTR_VALUE:
            c = getch(t);
            if (is_ws(c)) {
                /* ignore */
            } else if (c == '"') {
                SWITCH(S_ATTR_VALUE_DQ);
            } else if (c == '\'') {
                SWITCH(S_ATTR_VALUE_SQ);
            } else if (c == '>') {
                ERR(); /* missing-attribute-value */
                SWITCH(S_DATA);
                emit_tag(t);
            } else {
                RECONSUME(S_ATTR_VALUE_UQ);
            }
            break;

        /* 13.2.5.36 Attribute value (double-quoted) state
         * 13.2.5.37 Attribute value (single-quoted) state */
        case S_ATTR_VALUE_DQ:
        case S_ATTR_VALUE_SQ: {
            unsigned char q = t->state == S_ATTR_VALUE_DQ ? '"' : '\'';
            size_t n = scan4(in + t->pos, t->len - t->pos, q, '&', '\r', 0);
            attr_val_put(t, in + t->pos, n);
            t->pos += n;
            c = getch(t);
            if (c == q) {
                SWITCH(S_AFTER_ATTR_VALUE_QUOTED);
            } else if (c == '&') {
                t->return_state = t->state;
                SWITCH(S_CHARREF);
            } else if (c == 0) {
                ERR();
                attr_val_put(t, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR(); /* eof-in-tag */
                emit_eof(t);
            } else {
                char ch = (char)c;
                attr_val_put(t, &ch, 1);
            }
            break;
        }

        /* 13.2.5.38 Attribute value (unquoted) state */
        case S_ATTR_VALUE_UQ: {
            size_t n = span_until(in + t->pos, t->len - t->pos, STOP_UQ);
            attr_val_put(t, in + t->pos, n);
            t->pos += n;
            cpos = t->pos;
            c = getch(t);
            if (is_ws(c)) {
                SWITCH(S_BEFORE_ATTR_NAME);
            } else if (c == '&') {
                t->return_state = S_ATTR_VALUE_UQ;
                SWITCH(S_CHARREF);
            } else if (c == '>') {
                SWITCH(S_DATA);
                emit_tag(t);
            } else if (c == 0) {
                ERR();
                attr_val_put(t, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                if (c == '"' || c == '\'' || c == '<' || c == '=' || c == '`') ERR();
                char ch = (char)c;
                attr_val_put(t, &ch, 1);
            }
            break;
        }

        /* 13.2.5.39 After attribute value (quoted) state */
        case S_AFTER_ATTR_VALUE_QUOTED:
            c = getch(t);
            if (is_ws(c)) {
                SWITCH(S_BEFORE_ATTR_NAME);
            } else if (c == '/') {
                SWITCH(S_SELF_CLOSING_START_TAG);
            } else if (c == '>') {
                SWITCH(S_DATA);
                emit_tag(t);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                ERR(); /* missing-whitespace-between-attributes */
                RECONSUME(S_BEFORE_ATTR_NAME);
            }
            break;

        /* 13.2.5.40 Self-closing start tag state */
        case S_SELF_CLOSING_START_TAG:
            c = getch(t);
            if (c == '>') {
                t->self_closing = true;
                SWITCH(S_DATA);
                emit_tag(t);
            } else if (c == -1) {
                ERR();
                emit_eof(t);
            } else {
                ERR(); /* unexpected-solidus-in-tag */
                RECONSUME(S_BEFORE_ATTR_NAME);
            }
            break;

        /* 13.2.5.41 Bogus comment state */
        case S_BOGUS_COMMENT:
            TAKE(&t->cbuf, scan4(in + t->pos, t->len - t->pos, '>', '\r', 0, 0));
            c = getch(t);
            if (c == '>') {
                SWITCH(S_DATA);
                emit_comment(t);
            } else if (c == -1) {
                emit_comment(t);
                emit_eof(t);
            } else if (c == 0) {
                ERR();
                put(t, &t->cbuf, REPLACEMENT, 3);
            } else {
                put1(t, &t->cbuf, c);
            }
            break;

        /* 13.2.5.42 Markup declaration open state */
        case S_MARKUP_DECL_OPEN: {
            const unsigned char *p = in + t->pos;
            size_t left = t->len - t->pos;
            if (left >= 2 && p[0] == '-' && p[1] == '-') {
                t->pos += 2;
                t->cbuf.len = 0;
                SWITCH(S_COMMENT_START);
            } else if (left >= 7 && gl_ascii_ieq((const char *)p, 7, "doctype")) {
                t->pos += 7;
                SWITCH(S_DOCTYPE);
            } else if (left >= 7 && memcmp(p, "[CDATA[", 7) == 0) {
                t->pos += 7;
                if (t->cdata_allowed) {
                    SWITCH(S_CDATA_SECTION);
                } else {
                    ERR(); /* cdata-in-html-content */
                    t->cbuf.len = 0;
                    put(t, &t->cbuf, "[CDATA[", 7);
                    SWITCH(S_BOGUS_COMMENT);
                }
            } else {
                ERR(); /* incorrectly-opened-comment */
                t->cbuf.len = 0;
                SWITCH(S_BOGUS_COMMENT);
            }
            break;
        }

        /* 13.2.5.43 Comment start state */
        case S_COMMENT_START:
            c = getch(t);
            if (c == '-') {
                SWITCH(S_COMMENT_START_DASH);
            } else if (c == '>') {
                ERR(); /* abrupt-closing-of-empty-comment */
                SWITCH(S_DATA);
                emit_comment(t);
            } else {
                RECONSUME(S_COMMENT);
            }
            break;

        /* 13.2.5.44 Comment start dash state */
        case S_COMMENT_START_DASH:
            c = getch(t);
            if (c == '-') {
                SWITCH(S_COMMENT_END);
            } else if (c == '>') {
                ERR();
                SWITCH(S_DATA);
                emit_comment(t);
            } else if (c == -1) {
                ERR(); /* eof-in-comment */
                emit_comment(t);
                emit_eof(t);
            } else {
                put1(t, &t->cbuf, '-');
                RECONSUME(S_COMMENT);
            }
            break;

        /* 13.2.5.45 Comment state */
        case S_COMMENT:
            TAKE(&t->cbuf, scan4(in + t->pos, t->len - t->pos, '-', '<', '\r', 0));
            c = getch(t);
            if (c == '<') {
                put1(t, &t->cbuf, '<');
                SWITCH(S_COMMENT_LT);
            } else if (c == '-') {
                SWITCH(S_COMMENT_END_DASH);
            } else if (c == 0) {
                ERR();
                put(t, &t->cbuf, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR();
                emit_comment(t);
                emit_eof(t);
            } else {
                put1(t, &t->cbuf, c);
            }
            break;

        /* 13.2.5.46 Comment less-than sign state */
        case S_COMMENT_LT:
            c = getch(t);
            if (c == '!') {
                put1(t, &t->cbuf, '!');
                SWITCH(S_COMMENT_LT_BANG);
            } else if (c == '<') {
                put1(t, &t->cbuf, '<');
            } else {
                RECONSUME(S_COMMENT);
            }
            break;

        /* 13.2.5.47 Comment less-than sign bang state */
        case S_COMMENT_LT_BANG:
            c = getch(t);
            if (c == '-') SWITCH(S_COMMENT_LT_BANG_DASH);
            else RECONSUME(S_COMMENT);
            break;

        /* 13.2.5.48 Comment less-than sign bang dash state */
        case S_COMMENT_LT_BANG_DASH:
            c = getch(t);
            if (c == '-') SWITCH(S_COMMENT_LT_BANG_DASH_DASH);
            else RECONSUME(S_COMMENT_END_DASH);
            break;

        /* 13.2.5.49 Comment less-than sign bang dash dash state */
        case S_COMMENT_LT_BANG_DASH_DASH:
            c = getch(t);
            if (c != '>' && c != -1) ERR(); /* nested-comment */
            RECONSUME(S_COMMENT_END);
            break;

        /* 13.2.5.50 Comment end dash state */
        case S_COMMENT_END_DASH:
            c = getch(t);
            if (c == '-') {
                SWITCH(S_COMMENT_END);
            } else if (c == -1) {
                ERR();
                emit_comment(t);
                emit_eof(t);
            } else {
                put1(t, &t->cbuf, '-');
                RECONSUME(S_COMMENT);
            }
            break;

        /* 13.2.5.51 Comment end state */
        case S_COMMENT_END:
            c = getch(t);
            if (c == '>') {
                SWITCH(S_DATA);
                emit_comment(t);
            } else if (c == '!') {
                SWITCH(S_COMMENT_END_BANG);
            } else if (c == '-') {
                put1(t, &t->cbuf, '-');
            } else if (c == -1) {
                ERR();
                emit_comment(t);
                emit_eof(t);
            } else {
                put(t, &t->cbuf, "--", 2);
                RECONSUME(S_COMMENT);
            }
            break;

        /* 13.2.5.52 Comment end bang state */
        case S_COMMENT_END_BANG:
            c = getch(t);
            if (c == '-') {
                put(t, &t->cbuf, "--!", 3);
                SWITCH(S_COMMENT_END_DASH);
            } else if (c == '>') {
                ERR(); /* incorrectly-closed-comment */
                SWITCH(S_DATA);
                emit_comment(t);
            } else if (c == -1) {
                ERR();
                emit_comment(t);
                emit_eof(t);
            } else {
                put(t, &t->cbuf, "--!", 3);
                RECONSUME(S_COMMENT);
            }
            break;

        /* 13.2.5.53 DOCTYPE state */
        case S_DOCTYPE:
            c = getch(t);
            if (is_ws(c)) {
                SWITCH(S_BEFORE_DOCTYPE_NAME);
            } else if (c == '>') {
                RECONSUME(S_BEFORE_DOCTYPE_NAME);
            } else if (c == -1) {
                ERR(); /* eof-in-doctype */
                new_doctype(t);
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else {
                ERR(); /* missing-whitespace-before-doctype-name */
                RECONSUME(S_BEFORE_DOCTYPE_NAME);
            }
            break;

        /* 13.2.5.54 Before DOCTYPE name state */
        case S_BEFORE_DOCTYPE_NAME:
            c = getch(t);
            if (is_ws(c)) {
                /* ignore */
            } else if (c == 0) {
                ERR();
                new_doctype(t);
                t->dt_name_missing = false;
                put(t, &t->cbuf, REPLACEMENT, 3);
                SWITCH(S_DOCTYPE_NAME);
            } else if (c == '>') {
                ERR(); /* missing-doctype-name */
                new_doctype(t);
                t->force_quirks = true;
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == -1) {
                ERR();
                new_doctype(t);
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else {
                new_doctype(t);
                t->dt_name_missing = false;
                put1(t, &t->cbuf, gl_lower(c));
                SWITCH(S_DOCTYPE_NAME);
            }
            break;

        /* 13.2.5.55 DOCTYPE name state */
        case S_DOCTYPE_NAME:
            c = getch(t);
            if (is_ws(c)) {
                SWITCH(S_AFTER_DOCTYPE_NAME);
            } else if (c == '>') {
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == 0) {
                ERR();
                put(t, &t->cbuf, REPLACEMENT, 3);
            } else if (c == -1) {
                ERR();
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else {
                put1(t, &t->cbuf, gl_lower(c));
            }
            break;

        /* 13.2.5.56 After DOCTYPE name state */
        case S_AFTER_DOCTYPE_NAME:
            c = getch(t);
            if (is_ws(c)) {
                /* ignore */
            } else if (c == '>') {
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == -1) {
                ERR();
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else if (t->len - cpos >= 6 &&
                       gl_ascii_ieq((const char *)in + cpos, 6, "public")) {
                t->pos = cpos + 6;
                SWITCH(S_AFTER_DOCTYPE_PUBLIC_KEYWORD);
            } else if (t->len - cpos >= 6 &&
                       gl_ascii_ieq((const char *)in + cpos, 6, "system")) {
                t->pos = cpos + 6;
                SWITCH(S_AFTER_DOCTYPE_SYSTEM_KEYWORD);
            } else {
                ERR(); /* invalid-character-sequence-after-doctype-name */
                t->force_quirks = true;
                RECONSUME(S_BOGUS_DOCTYPE);
            }
            break;

        /* 13.2.5.57 After DOCTYPE public keyword state
         * 13.2.5.63 After DOCTYPE system keyword state */
        case S_AFTER_DOCTYPE_PUBLIC_KEYWORD:
        case S_AFTER_DOCTYPE_SYSTEM_KEYWORD: {
            bool pub = t->state == S_AFTER_DOCTYPE_PUBLIC_KEYWORD;
            c = getch(t);
            if (is_ws(c)) {
                SWITCH(pub ? S_BEFORE_DOCTYPE_PUBLIC_ID : S_BEFORE_DOCTYPE_SYSTEM_ID);
            } else if (c == '"' || c == '\'') {
                ERR(); /* missing-whitespace-after-doctype-*-keyword */
                SWITCH(open_doctype_id(t, pub, c));
            } else if (c == '>') {
                ERR();
                t->force_quirks = true;
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == -1) {
                ERR();
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else {
                ERR();
                t->force_quirks = true;
                RECONSUME(S_BOGUS_DOCTYPE);
            }
            break;
        }

        /* 13.2.5.58 Before DOCTYPE public identifier state
         * 13.2.5.64 Before DOCTYPE system identifier state */
        case S_BEFORE_DOCTYPE_PUBLIC_ID:
        case S_BEFORE_DOCTYPE_SYSTEM_ID: {
            bool pub = t->state == S_BEFORE_DOCTYPE_PUBLIC_ID;
            c = getch(t);
            if (is_ws(c)) {
                /* ignore */
            } else if (c == '"' || c == '\'') {
                SWITCH(open_doctype_id(t, pub, c));
            } else if (c == '>') {
                ERR();
                t->force_quirks = true;
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == -1) {
                ERR();
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else {
                ERR();
                t->force_quirks = true;
                RECONSUME(S_BOGUS_DOCTYPE);
            }
            break;
        }

        /* 13.2.5.59-60 DOCTYPE public identifier (double/single-quoted)
         * 13.2.5.65-66 DOCTYPE system identifier (double/single-quoted) */
        case S_DOCTYPE_PUBLIC_ID_DQ:
        case S_DOCTYPE_PUBLIC_ID_SQ:
        case S_DOCTYPE_SYSTEM_ID_DQ:
        case S_DOCTYPE_SYSTEM_ID_SQ: {
            int s = t->state;
            bool pub = s == S_DOCTYPE_PUBLIC_ID_DQ || s == S_DOCTYPE_PUBLIC_ID_SQ;
            int q = (s == S_DOCTYPE_PUBLIC_ID_DQ || s == S_DOCTYPE_SYSTEM_ID_DQ) ? '"' : '\'';
            gl_buf *b = pub ? &t->pub : &t->sys;
            c = getch(t);
            if (c == q) {
                SWITCH(pub ? S_AFTER_DOCTYPE_PUBLIC_ID : S_AFTER_DOCTYPE_SYSTEM_ID);
            } else if (c == 0) {
                ERR();
                put(t, b, REPLACEMENT, 3);
            } else if (c == '>') {
                ERR(); /* abrupt-doctype-*-identifier */
                t->force_quirks = true;
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == -1) {
                ERR();
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else {
                put1(t, b, c);
            }
            break;
        }

        /* 13.2.5.61 After DOCTYPE public identifier state
         * 13.2.5.62 Between DOCTYPE public and system identifiers state */
        case S_AFTER_DOCTYPE_PUBLIC_ID:
        case S_BETWEEN_DOCTYPE_PUBLIC_SYSTEM_IDS: {
            bool after = t->state == S_AFTER_DOCTYPE_PUBLIC_ID;
            c = getch(t);
            if (is_ws(c)) {
                if (after) SWITCH(S_BETWEEN_DOCTYPE_PUBLIC_SYSTEM_IDS);
            } else if (c == '>') {
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == '"' || c == '\'') {
                if (after) ERR(); /* missing-whitespace-between-doctype-... */
                t->sys.len = 0;
                t->dt_sys_missing = false;
                SWITCH(c == '"' ? S_DOCTYPE_SYSTEM_ID_DQ : S_DOCTYPE_SYSTEM_ID_SQ);
            } else if (c == -1) {
                ERR();
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else {
                ERR();
                t->force_quirks = true;
                RECONSUME(S_BOGUS_DOCTYPE);
            }
            break;
        }

        /* 13.2.5.67 After DOCTYPE system identifier state */
        case S_AFTER_DOCTYPE_SYSTEM_ID:
            c = getch(t);
            if (is_ws(c)) {
                /* ignore */
            } else if (c == '>') {
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == -1) {
                ERR();
                t->force_quirks = true;
                emit_doctype(t);
                emit_eof(t);
            } else {
                ERR(); /* unexpected-character-after-doctype-system-identifier */
                RECONSUME(S_BOGUS_DOCTYPE); /* does not set force-quirks */
            }
            break;

        /* 13.2.5.68 Bogus DOCTYPE state */
        case S_BOGUS_DOCTYPE:
            /* everything up to '>' is ignored: skip it in one go */
            t->pos += scan4(in + t->pos, t->len - t->pos, '>', '>', 0, 0);
            c = getch(t);
            if (c == '>') {
                SWITCH(S_DATA);
                emit_doctype(t);
            } else if (c == -1) {
                emit_doctype(t);
                emit_eof(t);
            } else if (c == 0) {
                ERR();
            }
            break;

        /* 13.2.5.69 CDATA section state */
        case S_CDATA_SECTION:
            TAKE_TEXT(scan4(in + t->pos, t->len - t->pos, ']', '\r', '\r', ']'));
            c = getch(t);
            if (c == ']') {
                SWITCH(S_CDATA_SECTION_BRACKET);
            } else if (c == -1) {
                ERR(); /* eof-in-cdata */
                emit_eof(t);
            } else {
                emit_char(t, c); /* U+0000 too: the tree builder deals with it */
            }
            break;

        /* 13.2.5.70 CDATA section bracket state */
        case S_CDATA_SECTION_BRACKET:
            c = getch(t);
            if (c == ']') {
                SWITCH(S_CDATA_SECTION_END);
            } else {
                emit_char(t, ']');
                RECONSUME(S_CDATA_SECTION);
            }
            break;

        /* 13.2.5.71 CDATA section end state */
        case S_CDATA_SECTION_END:
            c = getch(t);
            if (c == ']') {
                emit_char(t, ']');
            } else if (c == '>') {
                SWITCH(S_DATA);
            } else {
                emit_chars(t, "]]", 2);
                RECONSUME(S_CDATA_SECTION);
            }
            break;

        /* 13.2.5.72 Character reference state */
        case S_CHARREF:
            c = getch(t);
            if (is_alnum(c)) {
                RECONSUME(S_NAMED_CHARREF);
            } else if (c == '#') {
                t->charref_code = 0;
                SWITCH(S_NUMERIC_CHARREF);
            } else {
                flush_charref_input(t, in + cpos - 1, 1); /* the '&' */
                RECONSUME(t->return_state);
            }
            break;

        /* 13.2.5.73 Named character reference state */
        case S_NAMED_CHARREF: {
            const gl_entity *e = entity_longest(in + t->pos, t->len - t->pos);
            if (!e) {
                flush_charref_input(t, in + t->pos - 1, 1); /* the '&' */
                SWITCH(S_AMBIGUOUS_AMPERSAND);
                break;
            }
            size_t start = t->pos;
            t->pos += e->name_len;
            bool semi = e->name[e->name_len - 1] == ';';
            int next = t->pos < t->len ? in[t->pos] : -1;
            if (!semi && return_is_attr(t) && (next == '=' || is_alnum(next))) {
                /* historical: "&copy=" in an attribute stays as written */
                flush_charref_input(t, in + start - 1, e->name_len + 1); /* '&' too */
            } else {
                if (!semi) ERR(); /* missing-semicolon-after-character-reference */
                flush_charref(t, e->utf8, e->utf8_len);
            }
            SWITCH(t->return_state);
            break;
        }

        /* 13.2.5.74 Ambiguous ampersand state */
        case S_AMBIGUOUS_AMPERSAND:
            c = getch(t);
            if (is_alnum(c)) {
                flush_charref_input(t, in + cpos, 1);
            } else {
                if (c == ';') ERR(); /* unknown-named-character-reference */
                RECONSUME(t->return_state);
            }
            break;

        /* 13.2.5.75 Numeric character reference state */
        case S_NUMERIC_CHARREF:
            c = getch(t);
            if (c == 'x' || c == 'X') SWITCH(S_HEX_CHARREF_START);
            else RECONSUME(S_DEC_CHARREF_START);
            break;

        /* 13.2.5.76 Hexadecimal character reference start state */
        case S_HEX_CHARREF_START:
            c = getch(t);
            if (is_hex(c)) {
                RECONSUME(S_HEX_CHARREF);
            } else {
                ERR(); /* absence-of-digits-in-numeric-character-reference */
                flush_charref(t, "&#", 2);
                flush_charref(t, in + cpos - 1, 1); /* the 'x' or 'X' */
                RECONSUME(t->return_state);
            }
            break;

        /* 13.2.5.77 Decimal character reference start state */
        case S_DEC_CHARREF_START:
            c = getch(t);
            if (is_digit(c)) {
                RECONSUME(S_DEC_CHARREF);
            } else {
                ERR();
                flush_charref(t, "&#", 2);
                RECONSUME(t->return_state);
            }
            break;

        /* 13.2.5.78 Hexadecimal character reference state
         * 13.2.5.79 Decimal character reference state */
        case S_HEX_CHARREF:
        case S_DEC_CHARREF: {
            bool hex = t->state == S_HEX_CHARREF;
            c = getch(t);
            if (hex ? is_hex(c) : is_digit(c)) {
                uint32_t v = is_digit(c) ? (uint32_t)(c - '0') : (uint32_t)((c | 0x20) - 'a' + 10);
                uint32_t code = t->charref_code * (hex ? 16u : 10u) + v;
                /* saturate past U+10FFFF: the value only matters as "too big" */
                t->charref_code = code > 0x10FFFF ? 0x110000 : code;
            } else if (c == ';') {
                numeric_end(t);
            } else {
                ERR(); /* missing-semicolon-after-character-reference */
                t->pos = cpos;
                numeric_end(t);
            }
            break;
        }

        default:
            t->state = S_DATA;
            break;
        }
    }
    if (t->oom) return GALLEY_ERR_NOMEM;
    if (t->stopped) return GALLEY_ERR_INVALID_ARG;
    return GALLEY_OK;
}
