/* article.c -- construction of the article model. */
#include <stdlib.h>

#include "article.h"

gl_article *gl_article_new(void)
{
    gl_article *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    gl_arena_init(&a->arena, 8192);
    return a;
}

void gl_article_free(gl_article *a)
{
    if (!a) return;
    gl_arena_destroy(&a->arena);
    gl_trace_free(a->trace);
    free(a->text);
    free(a);
}

const char *gl_article_strdup(gl_article *a, const char *s, size_t len)
{
    return gl_arena_strndup(&a->arena, s ? s : "", s ? len : 0);
}

bool gl_article_set(gl_article *a, galley_field f, const char *value, size_t len,
                    const char *source)
{
    if ((unsigned)f >= GALLEY_FIELD_COUNT_) return false;
    const char *v = gl_article_strdup(a, value, len);
    if (!v) return false;
    if (a->trace) gl_trace_cand_add(a->trace, (int)f, v, len, -1, source, NULL);
    a->field[f] = v;
    a->field_src[f] = source;
    return true;
}

const gl_strlist *gl_article_list_of(const gl_article *a, galley_field f)
{
    switch (f) {
    case GALLEY_FIELD_AUTHORS: return &a->authors;
    case GALLEY_FIELD_CATEGORIES: return &a->categories;
    case GALLEY_FIELD_TAGS: return &a->tags;
    case GALLEY_FIELD_ORGANIZATIONS: return &a->organizations;
    default: return NULL;
    }
}

gl_strlist *gl_article_list(gl_article *a, galley_field f)
{
    /* the same list, writable: `a` is not const here */
    return (gl_strlist *)gl_article_list_of(a, f);
}

bool gl_article_list_add(gl_article *a, galley_field f, const char *value, size_t len)
{
    gl_strlist *l = gl_article_list(a, f);
    if (!l) return false;
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == len && memcmp(l->v[i], value, len) == 0) return true;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 4;
        const char **nv = gl_arena_grow(&a->arena, (void *)l->v, l->cap * sizeof *nv,
                                        nc * sizeof *nv);
        if (!nv) return false;
        l->v = nv;
        l->cap = nc;
    }
    const char *s = gl_article_strdup(a, value, len);
    if (!s) return false;
    l->v[l->n++] = s;
    return true;
}

gl_block *gl_block_new(gl_article *a, galley_block_type type)
{
    gl_block *b = gl_arena_calloc(&a->arena, sizeof *b);
    if (!b) return NULL;
    b->type = (uint8_t)type;
    b->text = (char *)"";
    return b;
}

void gl_block_append_child(gl_block *parent, gl_block *child)
{
    child->next = NULL;
    if (parent->last_child) parent->last_child->next = child;
    else parent->first_child = child;
    parent->last_child = child;
}

void gl_article_append_block(gl_article *a, gl_block *b)
{
    b->next = NULL;
    if (a->blocks_tail) a->blocks_tail->next = b;
    else a->blocks = b;
    a->blocks_tail = b;
}

void gl_article_append_comment(gl_article *a, gl_block *b)
{
    b->next = NULL;
    if (a->comments_tail) a->comments_tail->next = b;
    else a->comments = b;
    a->comments_tail = b;
}

static bool is_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool gl_span_trim(const gl_block *b, gl_span *s)
{
    const char *t = b->text ? b->text : "";
    uint32_t n = b->text ? b->text_len : 0;
    if (s->end > n) s->end = n;
    while (s->start < s->end && ((unsigned char)t[s->start] & 0xC0) == 0x80) s->start++;
    while (s->end < n && ((unsigned char)t[s->end] & 0xC0) == 0x80) s->end++;
    while (s->start < s->end && is_space_byte((unsigned char)t[s->start])) s->start++;
    while (s->end > s->start && is_space_byte((unsigned char)t[s->end - 1])) s->end--;
    return s->start < s->end;
}

bool gl_block_next_link(const gl_block *b, uint32_t *i, uint32_t *after, gl_span *out)
{
    for (; b->spans && *i < b->nspans; (*i)++) {
        gl_span s = b->spans[*i];
        if (s.kind != GL_SPAN_LINK || !s.href) continue;
        if (!gl_span_trim(b, &s) || s.start < *after) continue;
        *after = s.end;
        (*i)++;
        *out = s;
        return true;
    }
    return false;
}
