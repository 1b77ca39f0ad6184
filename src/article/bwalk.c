/* bwalk.c -- the block walker (see bwalk.h). */
#include <stdlib.h>

#include "bwalk.h"

void gl_bwalk_init(gl_bwalk *w, const gl_block *first)
{
    memset(w, 0, sizeof *w);
    w->first = first;
    w->stack = w->inline_;
    w->cap = GL_BWALK_INLINE;
}

void gl_bwalk_init_tree(gl_bwalk *w, const gl_block *root)
{
    gl_bwalk_init(w, root);
    w->one = true;
}

void gl_bwalk_free(gl_bwalk *w)
{
    if (w->stack != w->inline_) free(w->stack);
    w->stack = w->inline_;
    w->cap = GL_BWALK_INLINE;
    w->depth = 0;
}

static bool walk_push(gl_bwalk *w, const gl_block *b, size_t index)
{
    if (w->depth == w->cap) {
        if (w->cap >= GL_BWALK_MAX_DEPTH) return false;
        size_t nc = w->cap * 2;
        gl_bwalk_frame *ns;
        if (w->stack == w->inline_) {
            ns = malloc(nc * sizeof *ns);
            if (ns) memcpy(ns, w->inline_, w->depth * sizeof *ns);
        } else {
            ns = realloc(w->stack, nc * sizeof *ns);
        }
        if (!ns) return false;
        w->stack = ns;
        w->cap = nc;
    }
    w->stack[w->depth].b = b;
    w->stack[w->depth].index = index;
    w->depth++;
    return true;
}

gl_bwalk_ev gl_bwalk_next(gl_bwalk *w, const gl_block **b)
{
    if (w->failed) return GL_BWALK_DONE;
    if (!w->started) {
        w->started = true;
        if (!w->first) return w->last = GL_BWALK_DONE;
        if (!walk_push(w, w->first, 0)) goto fail;
        *b = w->first;
        return w->last = GL_BWALK_ENTER;
    }
    if (w->last == GL_BWALK_DONE || w->depth == 0) return GL_BWALK_DONE;
    gl_bwalk_frame top = w->stack[w->depth - 1];
    if (w->last == GL_BWALK_ENTER) {
        bool skip = w->skip;
        w->skip = false;
        if (!skip && top.b->first_child) {
            if (!walk_push(w, top.b->first_child, 0)) goto fail;
            *b = top.b->first_child;
            return w->last = GL_BWALK_ENTER;
        }
        *b = top.b;
        return w->last = GL_BWALK_EXIT;
    }
    /* last was EXIT of the top block: leave it */
    w->depth--;
    if (w->one && w->depth == 0) return w->last = GL_BWALK_DONE;
    if (top.b->next) {
        if (!walk_push(w, top.b->next, top.index + 1)) goto fail;
        *b = top.b->next;
        return w->last = GL_BWALK_ENTER;
    }
    if (w->depth == 0) return w->last = GL_BWALK_DONE;
    *b = w->stack[w->depth - 1].b;
    return w->last = GL_BWALK_EXIT;
fail:
    w->failed = true;
    return w->last = GL_BWALK_DONE;
}

const gl_block *gl_bwalk_next_block(gl_bwalk *w)
{
    const gl_block *b = NULL;
    gl_bwalk_ev ev;
    while ((ev = gl_bwalk_next(w, &b)) == GL_BWALK_EXIT) {}
    return ev == GL_BWALK_ENTER ? b : NULL;
}
