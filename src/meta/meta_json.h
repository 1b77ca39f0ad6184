/*
 * meta_json.h -- a small JSON reader for JSON-LD blocks: one pass builds a
 * tree in an arena; strings stay raw until asked for. Internal to src/meta.
 *
 * It accepts what json-c accepts without its strict flag (the library the
 * JSON-LD code used before): single-quoted strings, comments, trailing
 * commas, case-insensitive true/false/null, NaN and Infinity, raw control
 * characters in strings, any text after the value; nesting stops at 64.
 */
#ifndef GL_META_JSON_H
#define GL_META_JSON_H

#include "../core/core.h"

typedef enum gl_jv_type {
    GL_JV_NULL, GL_JV_BOOL, GL_JV_NUMBER, GL_JV_STRING, GL_JV_ARRAY, GL_JV_OBJECT
} gl_jv_type;

typedef struct gl_jv gl_jv;
struct gl_jv {
    gl_jv *first, *next; /* children of an array or object; the next sibling */
    const char *s;         /* string: raw bytes between the quotes */
    const char *k;         /* member of an object: its key, raw */
    const char *dec;       /* the string decoded, once asked for */
    uint32_t n, kn;        /* bytes of s and k */
    uint32_t count;        /* children */
    uint8_t type;          /* gl_jv_type */
    bool t;                /* boolean value */
    bool esc, kesc;        /* s / k hold escapes */
};

/* Parses the first JSON value of `s` (n bytes) into `arena`, at most
 * `max_values` values. NULL on a syntax error, over the cap or out of
 * memory. The tree points into `s`, which must outlive it. */
gl_jv *gl_jv_parse(gl_arena *arena, const char *s, size_t n, size_t max_values);

static inline bool gl_jv_is(const gl_jv *v, gl_jv_type t)
{
    return v ? v->type == t : t == GL_JV_NULL;
}
/* Children of an array (0 for anything else). */
static inline size_t gl_jv_len(const gl_jv *v)
{
    return v && v->type == GL_JV_ARRAY ? v->count : 0;
}
/* Item i of an array, or NULL. Linear in i. */
gl_jv *gl_jv_idx(const gl_jv *v, size_t i);
/* The value of `key` in an object (the last one when a key repeats, as
 * json-c keeps it); NULL when absent or `o` is no object. */
gl_jv *gl_jv_get(gl_arena *arena, const gl_jv *o, const char *key);
/* Keys of an object, a repeated key counted once, counting stops at `max`. */
size_t gl_jv_keys(gl_arena *arena, const gl_jv *o, size_t max);
/* A string value decoded (NUL-terminated, in `arena`), or NULL when `v` is
 * no string or out of memory. */
const char *gl_jv_str(gl_arena *arena, gl_jv *v);

#endif
