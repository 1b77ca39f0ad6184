/*
 * trace.h -- the decision trace: why each text block was kept or dropped,
 * which reading of the page won, and every candidate offered for every
 * metadata field. Library-internal; galley_article_trace() renders it.
 *
 * A trace is optional (GALLEY_OPT_TRACE). Every site that decides holds a
 * `gl_trace *` that is NULL when tracing is off, so the cost of a site is
 * one branch. The trace only observes: nothing reads it back to decide.
 *
 * Rule ids are stable strings, "<family>.<rule>" (post.prompt,
 * select.outside, meta.title.opengraph); figures are the named numbers a
 * rule looked at. Every string handed in is either static (rule ids,
 * figure names, sources) or copied into the trace's arena (values, text).
 */
#ifndef GL_TRACE_H
#define GL_TRACE_H

#include "core.h"

typedef struct gl_trace_fig {
    const char *name; /* static */
    double v;
} gl_trace_fig;

/* A figure list literal for the calls below: GL_FIGS({"chars", 12}, ...)
 * expands to the array and its length. */
#define GL_FIGS(...)                                                                   \
    (const gl_trace_fig[]){__VA_ARGS__},                                               \
        sizeof((const gl_trace_fig[]){__VA_ARGS__}) / sizeof(gl_trace_fig)
#define GL_NOFIGS NULL, 0

/* A decision about a subtree or a block: the rule, whether it keeps, its
 * figures (in the trace's arena). */
typedef struct gl_trace_note {
    const char *rule;
    const gl_trace_fig *fig;
    uint16_t nfig;
    bool kept;
    bool silent; /* text under it is not content at all (script, style) */
} gl_trace_note;

/* One text block, in the page's order. */
typedef struct gl_trace_block {
    uint32_t pos;     /* document position of its node */
    uint32_t seq;     /* order of recording: ties in pos keep it */
    uint16_t reading; /* the reading that recorded it */
    uint8_t type;     /* galley_block_type, or 0 for text never built into a block */
    gl_trace_note note;
    const char *text; /* excerpt, NUL-terminated */
    uint32_t chars;   /* characters of the whole block */
} gl_trace_block;

/* A page-level step of a reading (select.best_score, read.thread, ...). */
typedef struct gl_trace_step {
    uint16_t reading;
    gl_trace_note note;
} gl_trace_step;

typedef struct gl_trace_reading {
    gl_trace_note note; /* rule read.*; kept: the reading gave the body */
} gl_trace_reading;

/* A candidate offered for a metadata field. */
typedef struct gl_trace_cand {
    int field; /* galley_field */
    int prio;
    const char *value, *source, *rule;
} gl_trace_cand;

typedef struct gl_trace {
    gl_arena arena;
    gl_buf blocks;   /* gl_trace_block[] */
    gl_buf steps;    /* gl_trace_step[] */
    gl_buf readings; /* gl_trace_reading[] */
    gl_buf cands;    /* gl_trace_cand[] */
    uint16_t reading; /* current reading */
    uint32_t seq;
    bool failed;      /* an allocation failed: the trace is incomplete */
    /* the page classifier's inputs, by name */
    const gl_trace_fig *pt_inputs;
    uint16_t pt_ninputs;
    char *json; /* rendered on demand (output module), freed with the trace */
    size_t json_len;
} gl_trace;

/* The longest block excerpt kept, in bytes (cut at a character boundary). */
#define GL_TRACE_EXCERPT 240

/* New, empty trace (caller frees with gl_trace_free), or NULL on OOM. */
gl_trace *gl_trace_new(void);
void gl_trace_free(gl_trace *t);

/* A note in the trace's arena (figures copied); NULL on OOM. */
const gl_trace_note *gl_trace_note_new(gl_trace *t, const char *rule, bool kept,
                                       const gl_trace_fig *fig, size_t nfig);

/* Starts a reading of the page named by `rule`; later blocks and steps
 * belong to it. Returns its number. */
uint16_t gl_trace_begin_reading(gl_trace *t, const char *rule, const gl_trace_fig *fig, size_t nfig);
/* Marks reading `r` as the one whose body was kept (others are not). */
void gl_trace_reading_won(gl_trace *t, uint16_t r);
/* The reading that won (the last marked; 0 when none was). */
uint16_t gl_trace_won(const gl_trace *t);

/* A page-level step of the current reading. */
void gl_trace_add_step(gl_trace *t, const char *rule, const gl_trace_fig *fig, size_t nfig);

/* Records a text block of the current reading; returns its id (> 0) for
 * gl_trace_block_set, or 0 on OOM. `note` may be NULL (decided later). */
uint32_t gl_trace_block_add(gl_trace *t, uint32_t pos, uint8_t type, const char *text,
                            size_t len, uint32_t chars, const gl_trace_note *note);
/* Block `id` (from gl_trace_block_add; 0 is ignored). */
gl_trace_block *gl_trace_block_at(gl_trace *t, uint32_t id);

/* Records a metadata candidate (value copied). */
void gl_trace_cand_add(gl_trace *t, int field, const char *value, size_t n, int prio,
                       const char *source, const char *rule);

#endif
