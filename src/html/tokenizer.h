/*
 * tokenizer.h -- the WHATWG HTML tokenizer (HTML Standard 13.2.5), internal
 * interface used by the tree builder. The public galley_tokenize() wraps it.
 *
 * The tokenizer reads a complete UTF-8 buffer (already decoded; the input
 * stream preprocessing of CR/LF is done here). Tokens handed to the sink
 * point into the input (unchanged text runs) or into the tokenizer's own
 * reusable buffers, are not NUL-terminated, and are valid only during
 * the callback. Character tokens are runs: adjacent characters are merged.
 */
#ifndef GL_TOKENIZER_H
#define GL_TOKENIZER_H

#include "../core/core.h"

typedef struct gl_tokenizer gl_tokenizer;

/* Return 0 to go on, non-zero to stop the tokenizer. The sink may call
 * gl_tokenizer_set_state / set_cdata_allowed before returning; the change
 * applies from the next input character. */
typedef int (*gl_token_sink)(void *ud, const galley_token *tok);

/* A reusable tokenizer (one per worker). NULL on OOM. */
gl_tokenizer *gl_tokenizer_new(void);
void gl_tokenizer_free(gl_tokenizer *t);
/* Points the tokenizer at `input` and resets all state to DATA. */
void gl_tokenizer_reset(gl_tokenizer *t, const char *input, size_t len, gl_token_sink sink,
                        void *ud);
void gl_tokenizer_set_state(gl_tokenizer *t, galley_tokenizer_state s);
/* Name of the last start tag emitted, for "appropriate end tag" checks. */
void gl_tokenizer_set_last_start_tag(gl_tokenizer *t, const char *name, size_t len);
/* Whether "<![CDATA[" opens a CDATA section (adjusted current node is not in
 * the HTML namespace); the tree builder keeps this current. */
void gl_tokenizer_set_cdata_allowed(gl_tokenizer *t, bool allowed);
/* Attributes past this count on one tag are dropped (0 = none allowed);
 * gl_tokenizer_attrs_dropped() tells whether it happened. */
void gl_tokenizer_set_max_attrs(gl_tokenizer *t, size_t max_attrs);
bool gl_tokenizer_attrs_dropped(const gl_tokenizer *t);
/* Runs to EOF (emitting the EOF token) or until the sink stops it or the
 * deadline passes (checked every few thousand characters). Returns
 * GALLEY_OK, GALLEY_ERR_TIMEOUT, GALLEY_ERR_NOMEM, or GALLEY_ERR_INVALID_ARG
 * when the sink stopped it. */
galley_status gl_tokenizer_run(gl_tokenizer *t, const gl_deadline *deadline);
size_t gl_tokenizer_errors(const gl_tokenizer *t);

#endif
