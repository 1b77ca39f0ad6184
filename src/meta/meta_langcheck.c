/* meta_langcheck.c -- confirms a declared language from its commonest
 * function words, so that CLD2 (about 300 instructions a byte) runs only
 * on pages whose declaration the words do not plainly confirm. */
#include "meta_int.h"
#include "meta_stopwords.h"

/* Bit of the language table for a tag's primary subtag, or 0. */
static unsigned lang_bit(const char *tag)
{
    size_t n = strcspn(tag, "-_");
    if (n != 2) return 0;
    for (unsigned i = 0; i < GL_STOP_NLANGS; i++)
        if (gl_lower((unsigned char)tag[0]) == gl_stop_langs[i][0] &&
            gl_lower((unsigned char)tag[1]) == gl_stop_langs[i][1])
            return 1u << i;
    return 0;
}

/* The languages a lower-case word (FNV-1a hash `h`) is a function word
 * of (bits), or 0. */
static unsigned word_langs(const char *w, size_t n, uint32_t h)
{
    for (size_t k = h & (GL_STOP_SLOTS - 1); gl_stop_words[k].w; k = (k + 1) & (GL_STOP_SLOTS - 1))
        if (gl_stop_words[k].len == n && memcmp(gl_stop_words[k].w, w, n) == 0)
            return gl_stop_words[k].langs;
    return 0;
}

/* Bytes of the separator at `i` (ASCII other than letters, no-break
 * space, guillemets, the general punctuation block: curly quotes and
 * apostrophes, dashes), or 0 at a letter. */
static size_t sep_len(const unsigned char *s, size_t i, size_t n)
{
    unsigned char ch = s[i];
    if (ch < 0x80) return (unsigned)((ch | 0x20) - 'a') < 26u ? 0 : 1;
    if (ch == 0xC2 && i + 1 < n && (s[i + 1] == 0xA0 || s[i + 1] == 0xAB || s[i + 1] == 0xBB))
        return 2;
    if (ch == 0xE2 && i + 2 < n && (s[i + 1] == 0x80 || s[i + 1] == 0x81)) return 3;
    return 0;
}

bool gl_meta_lang_confirm(const char *text, size_t n, const char *declared)
{
    unsigned want = declared ? lang_bit(declared) : 0;
    if (!want || !text) return false;
    const unsigned char *s = (const unsigned char *)text;
    size_t words = 0, hits = 0, foreign = 0, other[GL_STOP_NLANGS] = {0};
    char w[GL_STOP_MAX_WORD];
    for (size_t i = 0; i < n;) {
        size_t sl = sep_len(s, i, n);
        if (sl) {
            i += sl;
            continue;
        }
        size_t k = 0;
        uint32_t h = 0x811C9DC5u;
        for (; i < n && !sep_len(s, i, n); i++) {
            /* a character of another script than Latin (Greek, Cyrillic
             * and on; symbols and emoji aside): the listed languages are
             * written in Latin, and CLD2 weighs such text */
            if (s[i] >= 0xCD && s[i] <= 0xF4 && s[i] != 0xE2 &&
                !(s[i] == 0xF0 && i + 1 < n && s[i + 1] == 0x9F))
                foreign++;
            if (k < GL_STOP_MAX_WORD) {
                w[k] = (char)gl_lower(s[i]);
                h = (h ^ (unsigned char)w[k]) * 0x01000193u;
            }
            k++;
        }
        if (i >= n) break; /* the sample may end inside this word */
        words++;
        if (k > GL_STOP_MAX_WORD) continue;
        unsigned l = word_langs(w, k, h);
        if (l & want) hits++;
        else if (l)
            for (unsigned j = 0; j < GL_STOP_NLANGS; j++) other[j] += (l >> j) & 1u;
    }
    size_t rival = 0;
    for (unsigned j = 0; j < GL_STOP_NLANGS; j++)
        if (other[j] > rival) rival = other[j];
    /* running prose has a quarter to a half function words; a fifth, three
     * times those of any other listed language, leaves no doubt */
    return words >= 16 && foreign <= 2 && hits * 5 >= words && hits >= 3 * rival;
}
