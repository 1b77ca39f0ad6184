/*
 * meta_board.h -- the candidate board: every metadata value is offered
 * here with a priority, a source and a rule id; per field the best offer
 * wins. The bottom of src/meta: it knows nothing of the DOM or of any
 * field's rules, only slots, priorities and the trace. Internal to src/meta.
 */
#ifndef GL_META_BOARD_H
#define GL_META_BOARD_H

#include "../core/trace.h"
#include "../article/article.h"

/* How far each kind of source is trusted; an offer wins over the slot's
 * value only with a strictly higher priority. */
enum {
    GL_PRIO_JSONLD = 100,
    GL_PRIO_JSONLD_PAGE = 92, /* WebPage-level JSON-LD */
    GL_PRIO_META = 90,        /* <meta property/name> */
    GL_PRIO_MICRODATA = 80,
    GL_PRIO_TIME = 70,
    GL_PRIO_BYLINE = 60,
    GL_PRIO_TEXT = 40,
    GL_PRIO_URL = 30,
    GL_PRIO_WEAK = 10
};
/* The page's own <h1> as the title: not a source that offers during the
 * walk, a decision after it (the trace shows it with this priority). */
#define GL_PRIO_HEADLINE (GL_PRIO_TIME - 5)

typedef struct gl_cand {
    const char *v; /* in the board's scratch arena or the DOM */
    int prio;
    const char *src;  /* the source family: "json-ld", "meta", "byline", ... */
    const char *rule; /* the deciding rule's id; NULL: meta.<field>.<src> */
} gl_cand;

typedef struct gl_board {
    gl_arena *scratch; /* owns the copied values; the caller's */
    gl_trace *trace;   /* NULL: no trace */
    gl_cand field[GALLEY_FIELD_COUNT_];
} gl_board;

/* Empty board over the caller's arena and trace (trace may be NULL). */
void gl_board_init(gl_board *b, gl_arena *scratch, gl_trace *trace);

/* Collapses white space runs to one space and trims; in place. */
size_t gl_meta_squash(char *s, size_t n);
/* A value as a slot keeps it: copied into the scratch arena, references
 * decoded, white space squashed. NULL on OOM. */
char *gl_board_dup(gl_board *b, const char *v, size_t n);

/* Records an offer in the trace only (the value as a slot would keep it);
 * for offers that lose before they reach a slot. No-op without a trace. */
void gl_board_note(gl_board *b, galley_field f, const char *v, size_t n, int prio,
                   const char *src, const char *rule);
/* Offers `v` for field `f` into `slot` (a field's own slot or a private one,
 * such as one title source's): traced, then kept when `prio` beats the
 * slot's. `v` NULL is ignored. */
void gl_board_offer_slot(gl_board *b, galley_field f, gl_cand *slot, const char *v, size_t n,
                         int prio, const char *src, const char *rule);
/* Offers `v` for the single-valued field `f` (its own slot). */
void gl_board_offer(gl_board *b, galley_field f, const char *v, size_t n, int prio,
                    const char *src, const char *rule);

/* An after-walk decision: a rule that weighed the offers sets the slot of
 * `f` to `v` (copied as it is) with `prio` and `src`, whatever the slot
 * held; traced as an offer under `rule`. */
void gl_board_decide(gl_board *b, galley_field f, const char *v, size_t n, int prio,
                     const char *src, const char *rule);
/* A decision after the board is gone (after extraction): traced as an
 * offer under `rule`, then written into the article. */
void gl_board_decided(gl_article *a, galley_field f, const char *v, size_t n, int prio,
                      const char *src, const char *rule);
/* Writes the winning offer of `f` into the article (nothing when none). */
void gl_board_publish(gl_board *b, gl_article *a, galley_field f);

#endif
