/* arena.c -- chunked bump allocator. */
#include <stdlib.h>

#include "core.h"

struct gl_arena_chunk {
    gl_arena_chunk *prev;
    size_t size;
    /* payload follows, aligned to max_align_t */
    _Alignas(16) char data[];
};

#define GL_ARENA_MAX_CHUNK (1u << 22) /* chunks double up to 4 MiB */

void gl_arena_init(gl_arena *a, size_t first_chunk)
{
    a->head = NULL;
    a->ptr = a->end = NULL;
    a->chunk_size = first_chunk ? first_chunk : 16384;
    a->total = 0;
}

static bool arena_new_chunk(gl_arena *a, size_t need)
{
    size_t size = a->chunk_size;
    if (size < need) size = need;
    gl_arena_chunk *c = malloc(sizeof(*c) + size);
    if (!c) return false;
    c->prev = a->head;
    c->size = size;
    a->head = c;
    a->ptr = c->data;
    a->end = c->data + size;
    a->total += size;
    if (a->chunk_size < GL_ARENA_MAX_CHUNK) a->chunk_size *= 2;
    return true;
}

void *gl_arena_alloc(gl_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (n == 0) n = 8;
    if (gl_unlikely((size_t)(a->end - a->ptr) < n || !a->ptr)) {
        if (n > ((size_t)-1) / 2 || !arena_new_chunk(a, n)) return NULL;
    }
    void *p = a->ptr;
    a->ptr += n;
    return p;
}

void *gl_arena_calloc(gl_arena *a, size_t n)
{
    void *p = gl_arena_alloc(a, n);
    if (p) memset(p, 0, n);
    return p;
}

char *gl_arena_strndup(gl_arena *a, const char *s, size_t n)
{
    char *p = gl_arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *gl_arena_grow(gl_arena *a, void *p, size_t old_n, size_t new_n)
{
    size_t old_r = (old_n + 7) & ~(size_t)7;
    size_t new_r = (new_n + 7) & ~(size_t)7;
    if (p && (char *)p + old_r == a->ptr && (size_t)(a->end - (char *)p) >= new_r) {
        a->ptr = (char *)p + new_r;
        return p;
    }
    void *q = gl_arena_alloc(a, new_n);
    if (q && p && old_n) memcpy(q, p, old_n < new_n ? old_n : new_n);
    return q;
}

void gl_arena_reset(gl_arena *a)
{
    gl_arena_chunk *c = a->head;
    if (!c) return;
    /* keep the oldest chunk only: it is the smallest, fine for small docs.
     * Keep the newest instead, since it is the largest and a worker's next
     * document is likely of similar size. */
    gl_arena_chunk *keep = c;
    c = c->prev;
    while (c) {
        gl_arena_chunk *p = c->prev;
        free(c);
        c = p;
    }
    keep->prev = NULL;
    a->head = keep;
    a->ptr = keep->data;
    a->end = keep->data + keep->size;
    a->total = keep->size;
}

void gl_arena_destroy(gl_arena *a)
{
    gl_arena_chunk *c = a->head;
    while (c) {
        gl_arena_chunk *p = c->prev;
        free(c);
        c = p;
    }
    a->head = NULL;
    a->ptr = a->end = NULL;
    a->total = 0;
}
