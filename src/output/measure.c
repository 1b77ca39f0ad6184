/*
 * measure.c -- the article's word count, its 64-bit SimHash fingerprint and
 * the hash of its normalised text, made in one pass over the body blocks.
 * The one writer of gl_article.word_count, .fingerprint and .text_hash
 * (galley_extract() calls it once per article).
 *
 * Words. The text of each body block (comments excluded) is cut into
 * tokens: a run of letters and digits (ASCII folded to lower case; any
 * non-ASCII code point that is not punctuation or a space counts as a
 * letter) is one token; a CJK ideograph or kana is a token by itself (those
 * scripts put no spaces between words); everything else separates. Blocks
 * separate too. word_count is the number of tokens.
 *
 * Fingerprint (Charikar's SimHash). Each token is hashed with 64-bit FNV-1a
 * over its (folded) UTF-8 bytes; every window of GL_SHINGLE consecutive
 * tokens (a shingle; the whole text when it has fewer) is hashed by mixing
 * its token hashes (rotations 0, 21, 42, then the SplitMix64 finaliser);
 * each shingle adds +1 to bit counter b when bit b of its hash is set and -1
 * otherwise; bit b of the fingerprint is set when counter b ends above 0.
 * An empty body gives 0. Only fixed-width integer arithmetic on the bytes:
 * the value is the same on every run and every platform. Texts that share
 * most shingles have fingerprints a few bits apart (Hamming distance).
 *
 * Normalised text. text_hash chains the token hashes in order: two bodies
 * with the same words in the same order (case, punctuation and white space
 * aside) have the same text_hash; that is what --dedup exact compares.
 */
#include "output_int.h"

#define GL_SHINGLE 3
#define GL_FNV_OFFSET 0xcbf29ce484222325ull
#define GL_FNV_PRIME 0x100000001b3ull

static uint64_t rotl(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

/* SplitMix64's finaliser: every input bit reaches every output bit. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

typedef enum { CP_SEP = 0, CP_WORD, CP_ALONE } cp_class;

static cp_class classify(uint32_t cp)
{
    if (cp < 0x80) {
        bool alnum = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        return alnum ? CP_WORD : CP_SEP;
    }
    /* Latin-1 punctuation and symbols, general and supplemental
     * punctuation, CJK symbols, CJK compatibility forms, fullwidth ASCII
     * punctuation, specials */
    if ((cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
        (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
        (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
        (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0xFFF0))
        return CP_SEP;
    /* kana, CJK ideographs (with extension A, compatibility, planes 2-3) */
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x20000 && cp <= 0x3FFFF))
        return CP_ALONE;
    return CP_WORD;
}

/* SimHash votes are counted bit-sliced: lane k of swar[i] counts the
 * shingles whose bit 8k + i is set, 8 additions per shingle instead of 64;
 * the byte lanes are emptied into ones[] before they can overflow. */
#define GL_SWAR_LANE 0x0101010101010101ull
#define GL_SWAR_FLUSH 255

typedef struct measure {
    uint64_t swar[8];
    unsigned in_swar;       /* shingles in swar[] since the last flush */
    uint64_t ones[64];      /* shingles with bit b set */
    uint64_t shingles;
    uint64_t last[GL_SHINGLE]; /* the latest token hashes, oldest first */
    uint64_t words;
    uint64_t text_hash;
    uint64_t tok;           /* FNV state of the token being read */
    bool in_word;
} measure;

static void flush_swar(measure *m)
{
    for (unsigned i = 0; i < 8; i++) {
        for (unsigned k = 0; k < 8; k++) m->ones[8 * k + i] += (m->swar[i] >> (8 * k)) & 0xff;
        m->swar[i] = 0;
    }
    m->in_swar = 0;
}

static void add_shingle(measure *m, uint64_t h)
{
    for (unsigned i = 0; i < 8; i++) m->swar[i] += (h >> i) & GL_SWAR_LANE;
    m->shingles++;
    if (++m->in_swar == GL_SWAR_FLUSH) flush_swar(m);
}

static uint64_t shingle_hash(const uint64_t *t, size_t n)
{
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) x ^= i ? rotl(t[i], (unsigned)(21 * i)) : t[i];
    return mix64(x);
}

static void end_token(measure *m)
{
    if (!m->in_word) return;
    m->in_word = false;
    uint64_t t = m->tok;
    m->text_hash = (rotl(m->text_hash, 5) ^ t) * GL_FNV_PRIME;
    memmove(m->last, m->last + 1, (GL_SHINGLE - 1) * sizeof *m->last);
    m->last[GL_SHINGLE - 1] = t;
    if (++m->words >= GL_SHINGLE) add_shingle(m, shingle_hash(m->last, GL_SHINGLE));
}

/* ASCII letters and digits (classify() says the same for < 0x80). */
static const bool ascii_word[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1,
    ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
    ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

static void feed(measure *m, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned char a = s[i];
        if (a < 0x80) { /* ASCII, most of most pages: no decoding */
            if (ascii_word[a]) {
                if (!m->in_word) {
                    m->in_word = true;
                    m->tok = GL_FNV_OFFSET;
                }
                m->tok = (m->tok ^ (unsigned char)gl_lower(a)) * GL_FNV_PRIME;
            } else {
                end_token(m);
            }
            i++;
            continue;
        }
        size_t len; /* invalid bytes decode to U+FFFD, a separator */
        uint32_t cp = gl_utf8_decode(text + i, n - i, &len);
        if (!len) len = 1;
        cp_class c = classify(cp);
        if (c == CP_SEP) {
            end_token(m);
        } else {
            if (c == CP_ALONE) end_token(m);
            if (!m->in_word) {
                m->in_word = true;
                m->tok = GL_FNV_OFFSET;
            }
            for (size_t k = 0; k < len; k++) {
                unsigned char b = s[i + k];
                if (b >= 'A' && b <= 'Z') b = (unsigned char)(b + 32);
                m->tok = (m->tok ^ b) * GL_FNV_PRIME;
            }
            if (c == CP_ALONE) end_token(m);
        }
        i += len;
    }
    end_token(m); /* a block boundary ends a word */
}

bool gl_article_measure(gl_article *a)
{
    measure m;
    memset(&m, 0, sizeof m);
    gl_bwalk w;
    gl_bwalk_init(&w, a->blocks);
    const gl_block *b;
    gl_bwalk_ev ev;
    while ((ev = gl_bwalk_next(&w, &b)) != GL_BWALK_DONE)
        if (ev == GL_BWALK_ENTER && b->text_len) feed(&m, b->text, b->text_len);
    bool ok = !w.failed;
    gl_bwalk_free(&w);
    /* a text shorter than one shingle is one shingle of what it has */
    if (m.words && m.words < GL_SHINGLE)
        add_shingle(&m, shingle_hash(m.last + GL_SHINGLE - m.words, (size_t)m.words));
    flush_swar(&m);
    uint64_t fp = 0; /* bit b: more shingles have it set than not */
    for (unsigned k = 0; k < 64; k++)
        if (2 * m.ones[k] > m.shingles) fp |= (uint64_t)1 << k;
    a->word_count = m.words;
    a->fingerprint = fp;
    a->text_hash = m.words ? m.text_hash : 0;
    return ok;
}
