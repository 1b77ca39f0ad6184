/*
 * guess.c -- choosing a legacy encoding by evidence.
 *
 * Each candidate decodes a sample of the document's non-ASCII bytes and a
 * model of the language family the encoding serves scores the result per
 * non-ASCII byte: letters of the expected script score, common ones more;
 * characters the encoding's users rarely write (C1 controls, private use,
 * jamo in Korean, kana in Chinese...) and decode errors cost. A wrong
 * encoding yields characters spread evenly over its code table, which such
 * a model finds implausible.
 */
#include <stdlib.h>

#include "encoding.h"

/* Sample: at most this many bytes, non-ASCII bytes kept with one neighbour
 * on each side (a trail byte of Shift_JIS, Big5 and GBK may be ASCII). */
#define SAMPLE_MAX (16u << 10)

typedef enum model {
    M_LATIN_W,  /* Western European */
    M_LATIN_CE, /* Central European */
    M_CYR,
    M_ZH_HANS,
    M_ZH_HANT,
    M_JA,
    M_KO
} model;

typedef struct candidate {
    gl_enc_id enc;
    model m;
} candidate;

/* Ties go to the earlier candidate: windows-1252 is the web's default,
 * ISO-8859-2 decodes Czech text the same as windows-1250 does. */
static const candidate CANDIDATES[] = {
    {GL_ENC_WINDOWS_1252, M_LATIN_W},  {GL_ENC_ISO_8859_2, M_LATIN_CE},
    {GL_ENC_WINDOWS_1250, M_LATIN_CE}, {GL_ENC_WINDOWS_1251, M_CYR},
    {GL_ENC_KOI8_R, M_CYR},            {GL_ENC_GBK, M_ZH_HANS},
    {GL_ENC_BIG5, M_ZH_HANT},          {GL_ENC_SHIFT_JIS, M_JA},
    {GL_ENC_EUC_JP, M_JA},             {GL_ENC_EUC_KR, M_KO},
};
#define NCAND (sizeof CANDIDATES / sizeof CANDIDATES[0])

/* Head start of the declared encoding, per non-ASCII byte: another
 * encoding must be clearly more plausible to override a declaration, and
 * a few bytes are no evidence (the SMALL term fades as the sample grows).
 * With no declaration windows-1252, the web's default, gets the SMALL
 * term only. */
#define DECLARED_BONUS 0.35
#define SMALL_BONUS 4.0

/* Latin models: weights for U+00A0..U+024F, built per call from these
 * lists (no global mutable state). */
#define LAT_LO 0xA0
#define LAT_HI 0x250
typedef struct latin_w {
    float w[LAT_HI - LAT_LO];
} latin_w;

static void set_chars(latin_w *t, const char *utf8, float w)
{
    size_t n = strlen(utf8), i = 0;
    while (i < n) {
        size_t adv;
        uint32_t cp = gl_utf8_decode(utf8 + i, n - i, &adv);
        if (cp >= LAT_LO && cp < LAT_HI) t->w[cp - LAT_LO] = w;
        i += adv;
    }
}

/* Punctuation that text in any Latin script uses. */
static const char LATIN_PUNCT[] = "\u00A0«»°©®·§´";

static void latin_tables(latin_w *west, latin_w *ce)
{
    for (size_t i = 0; i < LAT_HI - LAT_LO; i++) {
        uint32_t cp = (uint32_t)(LAT_LO + i);
        /* Latin-1 symbols rare in prose (¤ ¦ ¨ ± ² ¶ ¼ × ...) cost a little */
        float base = cp < 0xC0 ? -0.5f : 0.0f;
        west->w[i] = base;
        ce->w[i] = base;
    }
    set_chars(west, LATIN_PUNCT, 0.5f);
    set_chars(ce, LATIN_PUNCT, 0.5f);
    set_chars(west, "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŒŠŽŸ", 0.5f);
    set_chars(west, "ìòýðþãõåæøšžÿ", 0.6f);
    set_chars(west, "éèàùçâêîôûëïüöäßñáíóúœ¿¡", 1.5f);
    set_chars(ce, "ĄĆĘŁŃÓŚŹŻČĎĚŇŘŠŤŮŽÁÉÍÝÚÄÖÜÔĹĽŔŐŰĂÂÎȘȚŞŢ", 0.5f);
    set_chars(ce, "ĺŕőűăâîșțşţßëç", 0.6f);
    set_chars(ce, "ąćęłńóśźżčďěňřšťůžáéíýúäöüôľ", 1.5f);
}

static inline bool bit(const uint8_t *bits, uint32_t i)
{
    return (bits[i >> 3] >> (i & 7)) & 1;
}

static inline bool is_cjk(uint32_t cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }
static inline bool is_kana(uint32_t cp) { return cp >= 0x3041 && cp <= 0x30FF; }
static inline bool is_hangul(uint32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }
/* CJK and general punctuation: ideographic space and brackets, fullwidth
 * forms, dashes and quotes, middle dot, arrows, geometric marks. */
static inline bool is_cjk_punct(uint32_t cp)
{
    return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E) ||
           (cp >= 0x2010 && cp <= 0x203B) || cp == 0xB7 || cp == 0xD7 ||
           (cp >= 0x2190 && cp <= 0x2193) || (cp >= 0x25A0 && cp <= 0x25CF) ||
           (cp >= 0x2605 && cp <= 0x2606);
}

/* Score of one non-ASCII code point under model m. `run`: the previous
 * character was non-ASCII too (Latin accents are mostly isolated);
 * `by_latin`: an ASCII letter touches it (Cyrillic words do not mix with
 * Latin letters, while a Latin accent mis-decoded as Cyrillic does). */
static float weight(model m, uint32_t cp, bool run, bool by_latin, const latin_w *west,
                    const latin_w *ce)
{
    if (cp == 0xFFFD || (cp >= 0x80 && cp < 0xA0)) return -8.0f; /* error, C1 */
    if (cp >= 0xE000 && cp <= 0xF8FF) return -5.0f;              /* private use */
    switch (m) {
    case M_LATIN_W:
    case M_LATIN_CE: {
        if (cp >= 0x2013 && cp <= 0x2026) return 0.5f; /* dashes, quotes, bullet, ellipsis */
        if (cp == 0x20AC || cp == 0x2122 || cp == 0x2030 || cp == 0x2039 || cp == 0x203A ||
            cp == 0x02C7 || cp == 0x02D8 || cp == 0x02DD)
            return 0.3f;
        if (cp < LAT_LO || cp >= LAT_HI) return -1.0f;
        float w = (m == M_LATIN_W ? west : ce)->w[cp - LAT_LO];
        if (run && w > 0.0f) w *= m == M_LATIN_W ? 0.35f : 0.6f;
        return w;
    }
    case M_CYR:
        if (by_latin && cp >= 0x0400 && cp <= 0x04FF) return -0.5f;
        if (cp >= 0x0430 && cp <= 0x044F) {
            /* о е а и н т с р в л к м д п у я ы ь: the commonest */
            static const char common[] = "оеаинтсрвлкмдпуяыь";
            char u[3];
            gl_utf8_encode(cp, u);
            for (size_t i = 0; i + 1 < sizeof common; i += 2)
                if (common[i] == u[0] && common[i + 1] == u[1]) return 1.5f;
            return 1.0f;
        }
        if (cp >= 0x0450 && cp <= 0x045F) return 1.0f; /* ё, Ukrainian, Serbian */
        if (cp == 0x0491) return 1.0f;
        if ((cp >= 0x0400 && cp <= 0x042F) || cp == 0x0490) return 0.3f; /* capitals */
        if (cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB0 || cp == 0xA9 ||
            cp == 0x2116 || (cp >= 0x2013 && cp <= 0x2026))
            return 0.3f;
        return -1.0f;
    case M_ZH_HANS:
    case M_ZH_HANT:
        if (is_cjk(cp)) {
            const uint8_t *bits = m == M_ZH_HANS ? gl_common_hans : gl_common_hant;
            return bit(bits, cp - 0x4E00) ? 2.0f : 0.5f;
        }
        if (is_cjk_punct(cp)) return 0.5f;
        if (is_kana(cp)) return -1.5f;
        if (is_hangul(cp)) return -2.0f;
        return -1.0f;
    case M_JA:
        if (cp >= 0x3041 && cp <= 0x309F) return 2.0f; /* hiragana */
        if (cp >= 0x30A0 && cp <= 0x30FF) return 1.5f; /* katakana */
        if (is_cjk(cp))
            return bit(gl_common_hans, cp - 0x4E00) || bit(gl_common_hant, cp - 0x4E00) ? 1.0f
                                                                                      : 0.4f;
        if (is_cjk_punct(cp)) return 0.5f;
        if (cp >= 0xFF61 && cp <= 0xFF9F) return -0.5f; /* halfwidth katakana */
        if (is_hangul(cp)) return -2.0f;
        return -1.0f;
    case M_KO:
        if (is_hangul(cp)) return bit(gl_common_hangul, cp - 0xAC00) ? 2.0f : 1.0f;
        if (is_cjk(cp) || (cp >= 0xF900 && cp <= 0xFAFF)) return 0.2f; /* hanja */
        if (is_cjk_punct(cp)) return 0.5f;
        if (cp >= 0x3131 && cp <= 0x318E) return -1.0f; /* lone jamo */
        return -1.0f;
    }
    return 0.0f;
}

/* Sum of weights over the UTF-8 text t[0..n). */
static double score_text(model m, const char *t, size_t n, const latin_w *west,
                         const latin_w *ce)
{
    double s = 0.0;
    bool run = false, after_latin = false;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            run = false;
            after_latin = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            i++;
            continue;
        }
        size_t adv;
        uint32_t cp = gl_utf8_decode(t + i, n - i, &adv);
        unsigned char next = i + adv < n ? (unsigned char)t[i + adv] | 0x20 : 0;
        bool by_latin = after_latin || (next >= 'a' && next <= 'z');
        s += weight(m, cp, run, by_latin, west, ce);
        run = true;
        after_latin = false;
        i += adv;
    }
    return s;
}

/* Copies the non-ASCII bytes of p (with one neighbour each side) into
 * sample, a single space standing for each stretch left out. */
static size_t build_sample(const unsigned char *p, size_t n, unsigned char *sample,
                           size_t *high)
{
    size_t o = 0, h = 0, next = 0; /* next: first index not yet copied */
    bool any = false;
    if (n > GL_GUESS_SCAN) n = GL_GUESS_SCAN;
    for (size_t i = 0; i < n && o + 4 < SAMPLE_MAX; i++) {
        if (p[i] < 0x80) {
            /* skip ASCII 8 bytes at a time: markup is most of a page */
            while (n - i >= 9) {
                uint64_t w;
                memcpy(&w, p + i + 1, 8);
                if (w & 0x8080808080808080ull) break;
                i += 8;
            }
            continue;
        }
        size_t from = i > 0 ? i - 1 : 0, to = i + 1 < n ? i + 1 : i;
        if (from < next) from = next;
        if (any && from > next) sample[o++] = ' ';
        for (size_t k = from; k <= to; k++) {
            sample[o++] = p[k];
            h += p[k] >> 7;
        }
        next = to + 1;
        any = true;
    }
    *high = h;
    return o;
}

int gl_enc_guess(const unsigned char *p, size_t n, int declared, size_t *high_bytes)
{
    *high_bytes = 0;
    unsigned char *sample = malloc(SAMPLE_MAX);
    if (!sample) return declared >= 0 ? declared : GL_ENC_WINDOWS_1252;
    size_t high;
    size_t sn = build_sample(p, n, sample, &high);
    *high_bytes = high;
    if (high == 0) {
        free(sample);
        return -1;
    }
    latin_w west, ce;
    latin_tables(&west, &ce);
    gl_buf out;
    gl_buf_init(&out);
    int best = -1;
    double best_score = 0.0;
    for (size_t c = 0; c < NCAND; c++) {
        gl_buf_clear(&out);
        if (gl_enc_decode(CANDIDATES[c].enc, sample, sn, &out, NULL) != GALLEY_OK) continue;
        double s = score_text(CANDIDATES[c].m, out.data, out.len, &west, &ce) / (double)high;
        if ((int)CANDIDATES[c].enc == declared)
            s += DECLARED_BONUS + SMALL_BONUS / (double)high;
        else if (declared < 0 && CANDIDATES[c].enc == GL_ENC_WINDOWS_1252)
            s += SMALL_BONUS / 2 / (double)high;
        if (best < 0 || s > best_score) {
            best = (int)CANDIDATES[c].enc;
            best_score = s;
        }
    }
    gl_buf_free(&out);
    free(sample);
    if (best < 0) best = declared >= 0 ? declared : GL_ENC_WINDOWS_1252;
    return best;
}
