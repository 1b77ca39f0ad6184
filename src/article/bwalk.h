/*
 * bwalk.h -- the one walker over an article's block tree, shared by
 * extraction, metadata and every serializer.
 *
 * Block trees come from untrusted pages, so they are walked with an explicit
 * stack, never recursion, cmark-style: every block yields ENTER, then its
 * children, then EXIT. While a block is current it is stack[depth - 1]; its
 * ancestors sit below it, so w->depth is the current block's level (1 for a
 * top-level block).
 *
 * The first GL_BWALK_INLINE levels live in the walker itself; deeper ones
 * are malloc'ed, so a walk over an ordinary tree allocates nothing. Call
 * gl_bwalk_free() after every walk. A walker is not to be copied once
 * initialised. Not thread safe per walker; separate walkers are
 * independent.
 */
#ifndef GL_BWALK_H
#define GL_BWALK_H

#include "article.h"

typedef enum gl_bwalk_ev { GL_BWALK_DONE = 0, GL_BWALK_ENTER = 1, GL_BWALK_EXIT = 2 } gl_bwalk_ev;

/* The one depth cap of every block walk. A corrupt (cyclic) tree cannot grow
 * the stack past it; extraction's trees are far shallower (the block
 * builder's frame cap is 256, the DOM's depth cap 512). A walk that reaches
 * it ends as on OOM (w->failed). */
#define GL_BWALK_MAX_DEPTH 65536

/* levels held inside the walker before it allocates */
#define GL_BWALK_INLINE 32

typedef struct gl_bwalk_frame {
    const gl_block *b;
    size_t index; /* position among its siblings */
} gl_bwalk_frame;

typedef struct gl_bwalk {
    gl_bwalk_frame *stack; /* `inline_` or malloc'ed */
    size_t depth, cap;
    const gl_block *first;
    gl_bwalk_ev last;
    bool started, skip, failed;
    bool one; /* the walk ends with the EXIT of `first`: its siblings are not walked */
    gl_bwalk_frame inline_[GL_BWALK_INLINE];
} gl_bwalk;

/* Walks `first`, its descendants, then its following siblings and theirs
 * (a whole block list, such as a->blocks). `first` may be NULL (an empty
 * walk). */
void gl_bwalk_init(gl_bwalk *w, const gl_block *first);
/* Walks `root` and its descendants only. `root` may be NULL. */
void gl_bwalk_init_tree(gl_bwalk *w, const gl_block *root);
/* Next event, with the block in *b. DONE at the end, or on OOM or at the
 * depth cap (w->failed). */
gl_bwalk_ev gl_bwalk_next(gl_bwalk *w, const gl_block **b);
/* The next block entered (pre-order, document order), or NULL at the end. */
const gl_block *gl_bwalk_next_block(gl_bwalk *w);
/* After ENTER: do not descend; the next event is the EXIT of this block. */
static inline void gl_bwalk_skip(gl_bwalk *w) { w->skip = true; }
/* The block `up` levels above the current one (0: its parent), or NULL. */
static inline const gl_block *gl_bwalk_up(const gl_bwalk *w, size_t up)
{
    return w->depth >= up + 2 ? w->stack[w->depth - 2 - up].b : NULL;
}
/* Frees what the walk allocated; the walker may be initialised again. */
void gl_bwalk_free(gl_bwalk *w);

#endif
