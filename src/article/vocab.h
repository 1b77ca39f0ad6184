/*
 * vocab.h -- galley's vocabulary: the word lists of data/vocab/ (one file a list)
 * (boilerplate class words, byline leads, prompt phrases, date labels,
 * ...), generated into vocab_gen.h/.c by tools/gen_vocab.py, and the
 * lookups meta and extract share. Below both src/meta and src/extract, so
 * each list has one copy that both read.
 *
 * The tables are constant: safe from any thread.
 */
#ifndef GL_VOCAB_H
#define GL_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include "vocab_gen.h"

/* The first entry of list[0..n) that carries one of the bits of `tags`
 * (0: any entry) and equals s[0..len) ASCII case-insensitively, or NULL. */
const gl_vocab_entry *gl_vocab_find(const gl_vocab_entry *list, size_t n, unsigned tags,
                                    const char *s, size_t len);

/* Whether some entry of list[0..n) carrying one of the bits of `tags`
 * (0: any) occurs in the NUL-terminated `hay` (byte for byte). */
bool gl_vocab_in(const gl_vocab_entry *list, size_t n, unsigned tags, const char *hay);

#endif
