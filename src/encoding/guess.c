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

/* Sample: at most this many bytes, non-ASCII bytes kept with one byte
 * before and two after (a trail byte of Shift_JIS, Big5 and GBK may be
 * ASCII, and the byte after it tells whether the character sits inside a
 * Latin word). */
#define SAMPLE_MAX (4u << 10)

typedef enum model {
    M_LATIN_W,  /* Western European */
    M_LATIN_CE, /* Central European */
    M_CYR,
    M_ZH_HANS,
    M_ZH_HANT,
    M_JA,
    M_KO,
    M_GREEK,
    M_HEBREW,
    M_ARABIC,
    M_THAI
} model;

typedef struct candidate {
    gl_enc_id enc;
    model m;
} candidate;

/* Ties go to the earlier candidate: windows-1252 is the web's default,
 * ISO-8859-2 decodes Czech text the same as windows-1250 does, windows-1253
 * Greek the same as ISO-8859-7. */
static const candidate CANDIDATES[] = {
    {GL_ENC_WINDOWS_1252, M_LATIN_W},
    {GL_ENC_WINDOWS_1254, M_LATIN_W},
    {GL_ENC_ISO_8859_2, M_LATIN_CE},
    {GL_ENC_WINDOWS_1250, M_LATIN_CE},
    {GL_ENC_WINDOWS_1251, M_CYR},
    {GL_ENC_KOI8_R, M_CYR},
    {GL_ENC_GBK, M_ZH_HANS},
    {GL_ENC_BIG5, M_ZH_HANT},
    {GL_ENC_SHIFT_JIS, M_JA},
    {GL_ENC_EUC_JP, M_JA},
    {GL_ENC_EUC_KR, M_KO},
    {GL_ENC_WINDOWS_1253, M_GREEK},
    {GL_ENC_ISO_8859_7, M_GREEK},
    {GL_ENC_WINDOWS_1255, M_HEBREW},
    {GL_ENC_WINDOWS_1256, M_ARABIC},
    {GL_ENC_WINDOWS_874, M_THAI},
};
#define NCAND (sizeof CANDIDATES / sizeof CANDIDATES[0])

/* Head start of the declared encoding, per non-ASCII byte: another
 * encoding must be clearly more plausible to override a declaration, and
 * a few bytes are no evidence (the SMALL term fades as the sample grows).
 * With no declaration windows-1252, the web's default, gets the SMALL
 * term only. */
#define DECLARED_BONUS 0.15
#define SMALL_BONUS 4.0

/* Latin models: weight and languages of each code point U+00A0..U+024F,
 * built per call from the lists below (no global mutable state). A
 * decoding that needs letters of several languages at once (Polish ą with
 * Czech ř, Spanish ñ with Polish ż) is a wrong one: Latin text scores as
 * its best single language. Letters in no list count for every language. */
#define LAT_LO 0xA0
#define LAT_HI 0x250
#define LANGS 9
#define ALL_LANGS ((1u << LANGS) - 1)
#define KEEP_W (-99.0f) /* set_chars: languages only */
typedef struct latin_w {
    float w[LAT_HI - LAT_LO];
    uint16_t langs[LAT_HI - LAT_LO];
} latin_w;

static void set_chars(latin_w *t, const char *utf8, float w, unsigned langs)
{
    size_t n = strlen(utf8), i = 0;
    while (i < n) {
        size_t adv;
        uint32_t cp = gl_utf8_decode(utf8 + i, n - i, &adv);
        if (cp >= LAT_LO && cp < LAT_HI) {
            size_t k = cp - LAT_LO;
            if (w != KEEP_W) t->w[k] = w;
            if (langs)
                t->langs[k] = (uint16_t)((t->langs[k] == ALL_LANGS ? 0 : t->langs[k]) | langs);
        }
        i += adv;
    }
}

/* Punctuation and signs that text in any Latin script uses (no-break
 * space, soft hyphen, quotes, currency, fractions...). */
static const char LATIN_PUNCT[] = "\u00A0\u00AD«»°©®·§´£¥¢½¼¾²³±×µªº";

enum { FR = 1, DE = 2, ES = 4, PT = 8, IT = 16, NORD = 32, NL = 64, CA = 128, TR = 256 };
enum { PL = 1, CS = 2, SK = 4, HU = 8, RO = 16, HR = 32 };

static void latin_tables(latin_w *west, latin_w *ce)
{
    for (size_t i = 0; i < LAT_HI - LAT_LO; i++) {
        uint32_t cp = (uint32_t)(LAT_LO + i);
        /* Latin-1 symbols rare in prose (¤ ¦ ¨ ¶ ¹ ...) cost a little */
        west->w[i] = ce->w[i] = cp < 0xC0 ? -0.5f : 0.0f;
        west->langs[i] = ce->langs[i] = ALL_LANGS;
    }
    set_chars(west, LATIN_PUNCT, 0.5f, 0);
    set_chars(ce, LATIN_PUNCT, 0.5f, 0);

    set_chars(west, "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŒŠŽŸ", 0.5f, 0);
    set_chars(west, "ìòýðþãõšžÿû", 0.6f, 0);
    set_chars(west, "éèàùçâêîôëïüöäßñáíóúœ¿¡åæøğış", 1.5f, 0);
    set_chars(west, "ĞİŞ", 0.5f, 0);
    set_chars(west, "ğĞıİşŞçÇöÖüÜ", KEEP_W, TR);
    set_chars(west, "àÀ", KEEP_W, FR | PT | IT | CA);
    set_chars(west, "âÂêÊôÔ", KEEP_W, FR | PT);
    set_chars(west, "äÄöÖ", KEEP_W, DE | NORD);
    set_chars(west, "áÁíÍóÓúÚ", KEEP_W, ES | PT | CA | NORD);
    set_chars(west, "ãÃõÕ", KEEP_W, PT);
    set_chars(west, "åÅæÆøØðÐþÞýÝ", KEEP_W, NORD);
    set_chars(west, "çÇ", KEEP_W, FR | PT | CA);
    set_chars(west, "èÈ", KEEP_W, FR | IT | CA);
    set_chars(west, "éÉ", KEEP_W, FR | ES | PT | IT | NORD | NL | CA);
    set_chars(west, "ëËïÏ", KEEP_W, FR | NL | CA);
    set_chars(west, "ìÌ", KEEP_W, IT);
    set_chars(west, "îÎûÛÿŸœŒ", KEEP_W, FR);
    set_chars(west, "ñÑ¿¡", KEEP_W, ES);
    set_chars(west, "òÒ", KEEP_W, IT | CA);
    set_chars(west, "ùÙ", KEEP_W, FR | IT);
    set_chars(west, "üÜ", KEEP_W, DE | ES | CA);
    set_chars(west, "ß", KEEP_W, DE);

    set_chars(ce, "ĄĆĘŁŃÓŚŹŻČĎĚŇŘŠŤŮŽÁÉÍÝÚÄÖÜÔĹĽŔŐŰĂÂÎȘȚŞŢ", 0.5f, 0);
    set_chars(ce, "ĺŕăâîșțşţßëçđ", 0.6f, 0);
    set_chars(ce, "ąćęłńóśźżčďěňřšťůžáéíýúäöüôľőű", 1.5f, 0);
    set_chars(ce, "ąĄęĘłŁńŃśŚźŹżŻ", KEEP_W, PL);
    set_chars(ce, "ćĆ", KEEP_W, PL | HR);
    set_chars(ce, "óÓ", KEEP_W, PL | CS | SK | HU);
    set_chars(ce, "áÁéÉíÍúÚýÝ", KEEP_W, CS | SK | HU);
    set_chars(ce, "čČšŠžŽ", KEEP_W, CS | SK | HR);
    set_chars(ce, "ěĚřŘůŮ", KEEP_W, CS);
    set_chars(ce, "ďĎňŇťŤ", KEEP_W, CS | SK);
    set_chars(ce, "ľĽĺĹŕŔäÄôÔ", KEEP_W, SK);
    set_chars(ce, "öÖüÜőŐűŰ", KEEP_W, HU);
    set_chars(ce, "ăĂâÂîÎșȘțȚşŞţŢ", KEEP_W, RO);
    set_chars(ce, "đĐ", KEEP_W, HR);
}

static inline bool bit(const uint8_t *bits, uint32_t i)
{
    return (bits[i >> 3] >> (i & 7)) & 1;
}

static inline bool is_ascii_letter(uint32_t cp)
{
    return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
}
static inline bool is_latin_letter(uint32_t cp)
{
    return cp >= 0xC0 && cp < LAT_HI && cp != 0xD7 && cp != 0xF7;
}
static inline bool is_cyr_lower(uint32_t cp)
{
    return (cp >= 0x0430 && cp <= 0x045F) || cp == 0x0491;
}
static inline bool is_cjk(uint32_t cp)
{
    return cp >= 0x4E00 && cp <= 0x9FFF;
}
static inline bool is_kana(uint32_t cp)
{
    return cp >= 0x3041 && cp <= 0x30FF;
}
static inline bool is_hangul(uint32_t cp)
{
    return cp >= 0xAC00 && cp <= 0xD7A3;
}
/* CJK and general punctuation: ideographic space and brackets, fullwidth
 * forms, dashes and quotes, middle dot, arrows, geometric marks. */
static inline bool is_cjk_punct(uint32_t cp)
{
    return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E) ||
           (cp >= 0x2010 && cp <= 0x203B) || cp == 0xB7 || cp == 0xD7 ||
           (cp >= 0x2190 && cp <= 0x2193) || (cp >= 0x25A0 && cp <= 0x25CF) ||
           (cp >= 0x2605 && cp <= 0x2606);
}

/* Context of a character in the sample. */
typedef struct ctx {
    uint32_t prev, next; /* neighbouring code points (0 at the ends) */
} ctx;

/* Score of one non-ASCII code point under model m, in context c. Latin
 * accents sit inside words; Cyrillic words do not mix with Latin letters
 * nor put capitals after small letters; CJK text comes in runs (a lone
 * ideograph inside a Latin word is mis-decoded Latin). */
static float weight(model m, uint32_t cp, const ctx *c, const latin_w *west, const latin_w *ce)
{
    if (cp == 0xFFFD || (cp >= 0x80 && cp < 0xA0)) return -8.0f; /* error, C1 */
    if (cp >= 0xE000 && cp <= 0xF8FF) return -5.0f;              /* private use */
    bool by_latin = is_ascii_letter(c->prev) || is_ascii_letter(c->next);
    bool in_word = is_ascii_letter(c->prev) && is_ascii_letter(c->next);
    switch (m) {
    case M_LATIN_W:
    case M_LATIN_CE: {
        if (cp >= 0x2013 && cp <= 0x2026) return 0.5f; /* dashes, quotes, bullet, ellipsis */
        if (cp == 0x20AC || cp == 0x2122 || cp == 0x2030 || cp == 0x2039 || cp == 0x203A ||
            cp == 0x02C7 || cp == 0x02D8 || cp == 0x02DD)
            return 0.3f;
        if (cp < LAT_LO || cp >= LAT_HI) return -1.0f;
        float w = (m == M_LATIN_W ? west : ce)->w[cp - LAT_LO];
        /* a letter touching no letter is a symbol mis-decoded, save the
         * one-letter words à, è, é */
        if (w > 0.0f && is_latin_letter(cp) && !is_latin_letter(c->prev) &&
            !is_latin_letter(c->next) && !by_latin && cp != 0xE0 && cp != 0xE8 && cp != 0xE9)
            return -0.3f;
        return w;
    }
    case M_CYR:
        if (by_latin && cp >= 0x0400 && cp <= 0x04FF) return -0.5f;
        /* a capital after a small letter: mojibake of a multi-byte encoding */
        if (is_cyr_lower(c->prev) && ((cp >= 0x0400 && cp <= 0x042F) || cp == 0x0490)) return -1.0f;
        if (cp >= 0x0400 && cp <= 0x045F && !(c->prev >= 0x0400 && c->prev <= 0x045F) &&
            !(c->next >= 0x0400 && c->next <= 0x045F)) {
            /* a letter alone: only the one-letter words в с к у о и а я */
            static const char words[] = "вскуоиаяВСКУОИАЯ";
            char u[3];
            gl_utf8_encode(cp, u);
            bool word = false;
            for (size_t i = 0; i + 1 < sizeof words; i += 2)
                word = word || (words[i] == u[0] && words[i + 1] == u[1]);
            if (!word) return -0.3f;
        }
        if (cp >= 0x0430 && cp <= 0x044F) {
            /* о е а и н т с р в л к м д п у я ы ь: the commonest */
            static const char common[] = "оеаинтсрвлкмдпуяыь";
            char u[3];
            gl_utf8_encode(cp, u);
            for (size_t i = 0; i + 1 < sizeof common; i += 2)
                if (common[i] == u[0] && common[i + 1] == u[1]) return 1.5f;
            return 1.0f;
        }
        if (cp == 0x0451 || cp == 0x0454 || cp == 0x0456 || cp == 0x0457 || cp == 0x0491 ||
            cp == 0x045E)
            return 1.0f;                               /* ё, Ukrainian, Belarusian */
        if (cp >= 0x0450 && cp <= 0x045F) return 0.3f; /* Serbian, Macedonian */
        if ((cp >= 0x0400 && cp <= 0x042F) || cp == 0x0490) return 0.3f; /* capitals */
        if (cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB0 || cp == 0xA9 || cp == 0x2116 ||
            (cp >= 0x2013 && cp <= 0x2026))
            return 0.3f;
        return -1.0f;
    case M_ZH_HANS:
    case M_ZH_HANT:
        if (in_word) return -1.0f;
        if (is_cjk(cp)) {
            /* real text draws a third of its characters from the top tier;
             * a wrong decoding spreads over the whole table */
            uint32_t k = cp - 0x4E00;
            if (bit(m == M_ZH_HANS ? gl_top_hans : gl_top_hant, k)) return 3.0f;
            if (bit(m == M_ZH_HANS ? gl_common_hans : gl_common_hant, k)) return 1.5f;
            return bit(m == M_ZH_HANS ? gl_gb2312_l1 : gl_big5_l1, k) ? 0.6f : 0.0f;
        }
        if (is_cjk_punct(cp)) return 0.5f;
        if (is_kana(cp)) return -1.5f;
        if (is_hangul(cp)) return -2.0f;
        return -1.0f;
    case M_JA:
        if (in_word) return -1.0f;
        /* kana: two bytes each, and what single-byte scripts lack */
        if (cp >= 0x3041 && cp <= 0x309F) return 3.0f; /* hiragana */
        if (cp >= 0x30A0 && cp <= 0x30FF) return 2.0f; /* katakana */
        if (is_cjk(cp)) {
            uint32_t k = cp - 0x4E00;
            if (bit(gl_top_hans, k) || bit(gl_top_hant, k)) return 1.5f;
            if (bit(gl_common_hans, k) || bit(gl_common_hant, k)) return 1.0f;
            return bit(gl_jis_l1, k) ? 0.6f : 0.2f;
        }
        if (is_cjk_punct(cp)) return 0.5f;
        if (cp >= 0xFF61 && cp <= 0xFF9F) return -0.5f; /* halfwidth katakana */
        if (is_hangul(cp)) return -2.0f;
        return -1.0f;
    case M_GREEK:
    case M_HEBREW:
    case M_ARABIC:
    case M_THAI:
        return 0.0f; /* scored by script_weight */
    case M_KO:
        if (in_word) return -1.0f;
        if (is_hangul(cp)) {
            uint32_t k = cp - 0xAC00;
            if (bit(gl_top_hangul, k)) return 3.0f;
            if (bit(gl_common_hangul, k)) return 2.0f;
            /* syllables outside KS X 1001 come from the extension Microsoft
             * added, rare in text and where stray byte pairs land */
            return bit(gl_ksx1001_hangul, k) ? 1.0f : -0.5f;
        }
        if (is_cjk(cp) || (cp >= 0xF900 && cp <= 0xFAFF)) return 0.2f; /* hanja */
        if (is_cjk_punct(cp)) return 0.5f;
        return -1.0f; /* lone jamo, kana, Greek, Cyrillic, box drawing... */
    }
    return 0.0f;
}

/* Alphabetic scripts other than Latin and Cyrillic: letters score, the
 * commonest more; a letter touching a Latin letter or standing alone
 * (save one-letter words) costs, as do word-position errors (Greek final
 * sigma inside a word, Hebrew final forms inside a word). */
typedef struct script {
    uint32_t lo, hi;    /* letters */
    const char *common; /* the commonest letters, UTF-8 */
    const char *words;  /* letters that stand alone as words */
} script;

static const script SCRIPTS[] = {
    [M_GREEK - M_GREEK] = {0x0386, 0x03CE, "αειοτνσςηκρπυμλ", "οηήωά"},
    [M_HEBREW - M_GREEK] = {0x05D0, 0x05EA, "יוהאלרמתבש", ""},
    [M_ARABIC - M_GREEK] = {0x0621, 0x064A, "الينمرتوبهعفدكس", "و"},
    [M_THAI - M_GREEK] = {0x0E01, 0x0E4E, "านรอกเงมยลวดทสิ่ต", ""},
};

#define NSCRIPTS (sizeof SCRIPTS / sizeof SCRIPTS[0])
enum { S_COMMON = 1, S_WORD = 2 };
/* Per script, flags of the code points lo..lo+127 (built once per guess). */
typedef struct script_flags {
    uint8_t f[NSCRIPTS][0x80];
} script_flags;

static void flag_chars(uint8_t *f, uint32_t lo, const char *utf8, uint8_t flag)
{
    size_t n = strlen(utf8), i = 0;
    while (i < n) {
        size_t adv;
        uint32_t cp = gl_utf8_decode(utf8 + i, n - i, &adv);
        if (cp >= lo && cp - lo < 0x80) f[cp - lo] |= flag;
        i += adv;
    }
}

static void script_tables(script_flags *sf)
{
    memset(sf, 0, sizeof *sf);
    for (size_t k = 0; k < NSCRIPTS; k++) {
        flag_chars(sf->f[k], SCRIPTS[k].lo, SCRIPTS[k].common, S_COMMON);
        flag_chars(sf->f[k], SCRIPTS[k].lo, SCRIPTS[k].words, S_WORD);
    }
}

static float script_weight(model m, uint32_t cp, const ctx *c, const script_flags *sf)
{
    const script *sc = &SCRIPTS[m - M_GREEK];
    const uint8_t *flags = sf->f[m - M_GREEK];
    bool letter = cp >= sc->lo && cp <= sc->hi;
    bool prev_in = c->prev >= sc->lo && c->prev <= sc->hi;
    bool next_in = c->next >= sc->lo && c->next <= sc->hi;
    if (letter) {
        if (is_ascii_letter(c->prev) || is_ascii_letter(c->next)) return -0.5f;
        if (cp == c->prev && cp == c->next) return -1.0f; /* a letter thrice: a symbol row */
        if (!prev_in && !next_in && !(flags[cp - sc->lo] & S_WORD)) return -0.3f;
        if (m == M_GREEK) {
            if (cp == 0x03C2 && next_in) return -1.0f; /* final sigma inside a word */
            if (cp < 0x03AC && c->prev >= 0x03AC && c->prev <= 0x03CE)
                return -1.0f; /* capital after a small letter */
            if (cp < 0x03AC) return 0.3f;
        }
        if (m == M_THAI) {
            /* vowel signs and tone marks sit on a consonant (a tone mark may
             * follow a vowel sign); leading vowels precede one */
            bool prev_cons = c->prev >= 0x0E01 && c->prev <= 0x0E2E;
            bool upper_vowel = c->prev == 0x0E31 || (c->prev >= 0x0E34 && c->prev <= 0x0E39);
            bool mark = cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || cp >= 0x0E47;
            if (mark && !prev_cons && !(cp >= 0x0E48 && cp <= 0x0E4C && upper_vowel)) return -1.5f;
            if (cp >= 0x0E40 && cp <= 0x0E44 && !(c->next >= 0x0E01 && c->next <= 0x0E2E))
                return -1.5f;
        }
        if (m == M_HEBREW) {
            bool final =
                cp == 0x05DA || cp == 0x05DD || cp == 0x05DF || cp == 0x05E3 || cp == 0x05E5;
            if (final) return next_in ? -1.0f : 2.0f;
        }
        return (flags[cp - sc->lo] & S_COMMON) ? 1.5f : 1.0f;
    }
    if (m == M_HEBREW && cp >= 0x05B0 && cp <= 0x05C7) return prev_in ? 0.3f : -1.0f; /* points */
    if (m == M_ARABIC && cp >= 0x064B && cp <= 0x0652) return prev_in ? 0.3f : -1.0f; /* harakat */
    if (m == M_ARABIC && (cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x0640 ||
                          (cp >= 0x0660 && cp <= 0x06D2)))
        return 0.5f; /* Arabic punctuation, digits, Persian and Urdu letters */
    if (m == M_ARABIC && cp >= 0xC0 && cp <= 0xFF) return 0.0f; /* French letters of 1256 */
    if (cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB0 || cp == 0xA9 || cp == 0x20AC ||
        (cp >= 0x2013 && cp <= 0x2026) || cp == 0x05BE || cp == 0x05F3 || cp == 0x05F4 ||
        cp == 0x0E3F)
        return 0.3f;
    return -1.0f;
}

/* Sum of weights over the UTF-8 text t[0..n); Latin text scores as its
 * best single language. */
static double score_text(model m, const char *t, size_t n, const latin_w *west, const latin_w *ce,
                         const script_flags *sf)
{
    double s = 0.0, lang[LANGS] = {0};
    const latin_w *lat = m == M_LATIN_W ? west : m == M_LATIN_CE ? ce : NULL;
    ctx c = {0, 0};
    size_t i = 0, adv = 0;
    uint32_t cp = n ? gl_utf8_decode(t, n, &adv) : 0;
    while (i < n) {
        size_t nadv = 0;
        uint32_t next = i + adv < n ? gl_utf8_decode(t + i + adv, n - i - adv, &nadv) : 0;
        if (cp >= 0x80) {
            c.next = next;
            float w = m >= M_GREEK && cp != 0xFFFD && !(cp >= 0x80 && cp < 0xA0) &&
                              !(cp >= 0xE000 && cp <= 0xF8FF)
                          ? script_weight(m, cp, &c, sf)
                          : weight(m, cp, &c, west, ce);
            unsigned langs = lat && w > 0.0f && cp >= LAT_LO && cp < LAT_HI
                                 ? lat->langs[cp - LAT_LO]
                                 : ALL_LANGS;
            if (lat) {
                for (int g = 0; g < LANGS; g++)
                    if (langs & (1u << g)) lang[g] += w;
            } else {
                s += w;
            }
        }
        c.prev = cp;
        i += adv;
        cp = next;
        adv = nadv;
    }
    if (lat) {
        s = lang[0];
        for (int g = 1; g < LANGS; g++)
            if (lang[g] > s) s = lang[g];
    }
    return s;
}

/* Copies the non-ASCII bytes of p (with one neighbour each side) into
 * sample, a single space standing for each stretch left out. */
static size_t build_sample(const unsigned char *p, size_t n, unsigned char *sample, size_t *high)
{
    size_t o = 0, h = 0, next = 0; /* next: first index not yet copied */
    bool any = false;
    if (n > GL_GUESS_SCAN) n = GL_GUESS_SCAN;
    for (size_t i = 0; i < n && o + 5 < SAMPLE_MAX; i++) {
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
        size_t from = i > 0 ? i - 1 : 0, to = i + 2 < n ? i + 2 : n - 1;
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
    /* gb18030 is GBK's superset: score it as GBK, report it as declared */
    int asked = declared;
    if (declared == GL_ENC_GB18030) declared = GL_ENC_GBK;
    bool modelled = false;
    for (size_t c = 0; c < NCAND; c++)
        modelled = modelled || (int)CANDIDATES[c].enc == declared;
    if (declared >= 0 && !modelled && gl_enc_table[declared].kind == GL_DEC_SBCS) {
        /* a single-byte encoding the guesser has no model for (Baltic,
         * Nordic, Vietnamese, DOS and Mac code pages...): it stands unless
         * it decodes the sample into errors and C1 controls */
        gl_buf out;
        gl_buf_init(&out);
        gl_dec_stats st;
        size_t c1 = 0;
        bool ok = gl_enc_decode((gl_enc_id)declared, sample, sn, &out, &st) == GALLEY_OK;
        for (size_t i = 0; ok && i + 1 < out.len; i++)
            c1 += (unsigned char)out.data[i] == 0xC2 &&
                  ((unsigned char)out.data[i + 1] & 0xE0) == 0x80;
        gl_buf_free(&out);
        if (ok && (st.errors + c1) * 50 <= high) {
            free(sample);
            return declared;
        }
    }
    latin_w west, ce;
    latin_tables(&west, &ce);
    script_flags sf;
    script_tables(&sf);
    gl_buf out;
    gl_buf_init(&out);
    int best = -1;
    double best_score = 0.0;
    for (size_t c = 0; c < NCAND; c++) {
        gl_buf_clear(&out);
        gl_dec_stats st;
        if (gl_enc_decode(CANDIDATES[c].enc, sample, sn, &out, &st) != GALLEY_OK) continue;
        /* a decoding with errors for a quarter of the bytes cannot win:
         * spare scoring it */
        if (st.errors * 4 > high && best >= 0) continue;
        double s = score_text(CANDIDATES[c].m, out.data, out.len, &west, &ce, &sf) / (double)high;
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
    return best == declared ? asked : best;
}
