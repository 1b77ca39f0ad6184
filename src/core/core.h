/*
 * core.h -- library-internal helpers shared by every module: arena
 * allocator, growable buffers, UTF-8 helpers, error reporting, options.
 * Internal names carry the `gl_` prefix; nothing here is exported.
 */
#ifndef GL_CORE_H
#define GL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "galley.h"

#if defined(__GNUC__)
#define gl_likely(x) __builtin_expect(!!(x), 1)
#define gl_unlikely(x) __builtin_expect(!!(x), 0)
#else
#define gl_likely(x) (x)
#define gl_unlikely(x) (x)
#endif

#define GL_UNUSED(x) ((void)(x))

/* ---- arena: bump allocator owning every node and string of a document.
 * Chunks are malloc'd and freed together; nothing is freed one by one.
 * gl_arena_alloc returns NULL on OOM (never aborts). */
typedef struct gl_arena_chunk gl_arena_chunk;
typedef struct gl_arena {
    gl_arena_chunk *head;   /* current chunk */
    char *ptr, *end;        /* free space in the current chunk */
    size_t chunk_size;      /* size of the next ordinary chunk */
    size_t total;           /* bytes obtained from malloc */
} gl_arena;

void gl_arena_init(gl_arena *a, size_t first_chunk);
void *gl_arena_alloc(gl_arena *a, size_t n);        /* 8-byte aligned */
void *gl_arena_calloc(gl_arena *a, size_t n);
char *gl_arena_strndup(gl_arena *a, const char *s, size_t n); /* NUL-terminated */
/* Grows the most recent allocation `p` of `old_n` bytes to `new_n` in place
 * when it sits at the arena's tip; otherwise copies. NULL on OOM. */
void *gl_arena_grow(gl_arena *a, void *p, size_t old_n, size_t new_n);
/* Frees all chunks but the first, rewinds: the arena is ready for reuse. */
void gl_arena_reset(gl_arena *a);
void gl_arena_destroy(gl_arena *a);

/* ---- growable byte buffer on malloc. Every append returns false on OOM or
 * when the buffer would exceed `cap` (0 = no cap); the buffer then keeps its
 * old content and sets `failed`. */
typedef struct gl_buf {
    char *data;
    size_t len, alloc;
    size_t cap;
    bool failed;
} gl_buf;

void gl_buf_init(gl_buf *b);
void gl_buf_free(gl_buf *b);
bool gl_buf_reserve(gl_buf *b, size_t extra);
bool gl_buf_append(gl_buf *b, const char *s, size_t n);
bool gl_buf_puts(gl_buf *b, const char *s);
bool gl_buf_putc(gl_buf *b, char c);
bool gl_buf_printf(gl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends code point `cp` as UTF-8. */
bool gl_buf_put_cp(gl_buf *b, uint32_t cp);
/* Ensures a terminating NUL (not counted in len); returns data or NULL. */
char *gl_buf_cstr(gl_buf *b);
/* Hands the malloc'd data over to the caller and re-initialises the buffer. */
char *gl_buf_detach(gl_buf *b, size_t *len);
static inline void gl_buf_clear(gl_buf *b) { b->len = 0; b->failed = false; }

/* ---- UTF-8 */
/* Encodes cp into out (>= 4 bytes); returns the number of bytes. */
size_t gl_utf8_encode(uint32_t cp, char *out);
/* Decodes one code point at s (n bytes available); sets *adv to the bytes
 * consumed (>= 1). Invalid sequences return 0xFFFD and consume one byte. */
uint32_t gl_utf8_decode(const char *s, size_t n, size_t *adv);
/* True when all n bytes are valid UTF-8. */
bool gl_utf8_valid(const char *s, size_t n);
/* Lower-cases, in place, the two-byte UTF-8 sequence b0 b1 when it is a
 * capital of Latin-1, Latin Extended-A, Greek or Cyrillic (the result is
 * two bytes too); anything else is left as it is. With gl_lower() for
 * ASCII, the case fold of every word list galley matches text against. */
void gl_utf8_lower2(unsigned char *b0, unsigned char *b1);
/* Lower-cased copy of n bytes into out (n bytes): ASCII and the two-byte
 * capitals of gl_utf8_lower2(); same length, other bytes copied. */
void gl_utf8_lower_copy(const char *s, size_t n, char *out);

/* ---- ASCII helpers (locale-independent) */
static inline int gl_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline bool gl_is_ascii_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
/* b NUL-terminated. Inline: callers loop over keyword tables with it, and
 * the first byte rejects most candidates without a call. */
static inline bool gl_ascii_ieq(const char *a, size_t alen, const char *b)
{
    if (alen == 0) return b[0] == '\0';
    if (!b[0] || gl_lower((unsigned char)a[0]) != gl_lower((unsigned char)b[0])) return false;
    size_t i = 1;
    for (; i < alen; i++) {
        if (!b[i] || gl_lower((unsigned char)a[i]) != gl_lower((unsigned char)b[i])) return false;
    }
    return b[i] == '\0';
}

/* ---- errors */
void gl_error_set(galley_error *err, galley_status code, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- options: the concrete struct behind galley_options. */
#define GL_OPTIONS_MAX_TUNE 32 /* thresholds overridden at once (galley_options_set_tune) */
struct galley_options {
    int64_t max_input_bytes;
    int64_t max_depth;
    int64_t max_nodes;
    int64_t max_attrs;
    int64_t timeout_ms;
    int64_t mode;
    int64_t comments;
    int64_t metadata;
    int64_t reference_time;
    int64_t images;
    int64_t links;
    int64_t tables;
    int64_t scripting;
    int64_t language_detect;
    int64_t trace;
    int64_t captions;
    /* galley_options_set_tune: overrides of body extraction's named
     * thresholds (src/extract/tuning.h), by their row in its table */
    uint16_t ntune;
    struct {
        uint16_t id;
        double value;
    } tune[GL_OPTIONS_MAX_TUNE];
};
/* The defaults, for callers that passed NULL options. */
const galley_options *gl_options_default(void);

/* ---- time budget, in CPU time of the thread that started it (start and
 * check on the same thread). A deadline of 0 means none. Checks are cheap
 * enough to call every few thousand tokens/nodes. */
typedef struct gl_deadline {
    uint64_t at_ns;     /* CLOCK_MONOTONIC: the budget may be spent from here */
    uint64_t cpu_at_ns; /* CLOCK_THREAD_CPUTIME_ID: it is spent (0: unknown,
                           wall time decides) */
} gl_deadline;
void gl_deadline_start(gl_deadline *d, int64_t timeout_ms);
bool gl_deadline_passed(const gl_deadline *d);
uint64_t gl_now_ns(void);

#endif
