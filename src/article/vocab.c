/* vocab.c -- lookups over the generated word lists (vocab.h). Lists are
 * short (at most a few hundred entries) and searched linearly; readers in
 * hot loops build their own filters over the same tables. */
#include <string.h>

#include "../core/core.h"
#include "vocab.h"

const gl_vocab_entry *gl_vocab_find(const gl_vocab_entry *list, size_t n, unsigned tags,
                                    const char *s, size_t len)
{
    if (!len) return NULL;
    int f = gl_lower((unsigned char)s[0]);
    for (size_t i = 0; i < n; i++) {
        const gl_vocab_entry *e = &list[i];
        if (e->n != len || gl_lower((unsigned char)e->s[0]) != f) continue;
        if (tags && !(e->tags & tags)) continue;
        if (gl_ascii_ieq(s, len, e->s)) return e;
    }
    return NULL;
}

bool gl_vocab_in(const gl_vocab_entry *list, size_t n, unsigned tags, const char *hay)
{
    for (size_t i = 0; i < n; i++)
        if ((!tags || (list[i].tags & tags)) && strstr(hay, list[i].s)) return true;
    return false;
}
