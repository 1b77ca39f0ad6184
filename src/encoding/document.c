/*
 * document.c -- gl_decode_document: the encoding of a page, decided by its
 * declarations and checked against the evidence of its bytes.
 *
 * Pages on the live web often declare one encoding and are written in
 * another. The declaration (BOM, transport, <meta>, XML) is the starting
 * point; it is overridden when the bytes contradict it:
 *   - bytes that are (nearly all) valid non-ASCII UTF-8 are UTF-8 whatever
 *     a legacy declaration says;
 *   - a declared UTF-8 that is not (nearly) valid, a declared legacy
 *     encoding that decodes implausibly, and a missing declaration go to
 *     the guesser (guess.c).
 * A BOM is never overridden.
 */
#include <stdlib.h>

#include "encoding.h"

/* The prescan window for documents: larger than the browsers' 1024 bytes,
 * since pages put long scripts and comments before their <meta charset>. */
#define DOC_PRESCAN_WINDOW (8u << 10)

/* UTF-8 is kept when valid sequences outnumber invalid ones this many
 * times: a few stray bytes in a UTF-8 page (a cut-off or pasted character)
 * do not make it legacy text, while legacy text rarely forms valid UTF-8
 * sequences (EUC-KR Hangul does in about one pair out of four). */
#define UTF8_MAJORITY 8

static bool is_multibyte_legacy(int e)
{
    return gl_enc_table[e].kind == GL_DEC_ICONV;
}

/* ESC $ @, ESC $ B (JIS X 0208) or ESC ( J (JIS X 0201 Roman) in 7-bit
 * text: ISO-2022-JP. */
static bool looks_iso2022jp(const unsigned char *p, size_t n)
{
    if (n > GL_GUESS_SCAN) n = GL_GUESS_SCAN;
    for (const unsigned char *e = memchr(p, 0x1B, n); e;
         e = memchr(e + 1, 0x1B, n - (size_t)(e + 1 - p))) {
        size_t left = n - (size_t)(e - p);
        if (left >= 3 &&
            ((e[1] == '$' && (e[2] == '@' || e[2] == 'B')) || (e[1] == '(' && e[2] == 'J')))
            return true;
        if (left < 3) break;
    }
    return false;
}

/* UTF-16LE or UTF-16BE when at least 40% of the first 4 KiB's byte pairs
 * have a NUL high byte and almost none a NUL low byte; else -1. */
static int utf16_pattern(const unsigned char *p, size_t n)
{
    if (n > 4096) n = 4096;
    size_t pairs = n / 2, zero_even = 0, zero_odd = 0;
    if (pairs < 8) return -1;
    for (size_t i = 0; i + 1 < n; i += 2) {
        zero_even += p[i] == 0;
        zero_odd += p[i + 1] == 0;
    }
    if (zero_odd * 10 >= pairs * 4 && zero_even * 20 < pairs) return GL_ENC_UTF_16LE;
    if (zero_even * 10 >= pairs * 4 && zero_odd * 20 < pairs) return GL_ENC_UTF_16BE;
    return -1;
}

/* True when a byte 0x80..0x9F occurs in the first GL_GUESS_SCAN bytes. */
static bool has_c1_byte(const unsigned char *p, size_t n)
{
    if (n > GL_GUESS_SCAN) n = GL_GUESS_SCAN;
    for (size_t i = 0; i < n; i++)
        if ((p[i] & 0xE0) == 0x80) return true;
    return false;
}

/* Decides the encoding of p[0..n) (after any BOM); sets *basis and the
 * UTF-8 evidence *u (one pass over the bytes). */
static int decide(const unsigned char *p, size_t n, const char *transport,
                  galley_encoding_basis *basis, gl_utf8_stats *u)
{
    gl_utf8_scan(p, n, u);
    bool has_high = u->multibyte || u->invalid || u->cut;
    int declared = -1;
    galley_encoding_basis dbasis = GALLEY_ENC_DEFAULT;
    if (transport && *transport) {
        declared = gl_enc_from_transport(transport);
        dbasis = GALLEY_ENC_TRANSPORT;
    }
    if (declared < 0) declared = gl_enc_prescan(p, n, DOC_PRESCAN_WINDOW, &dbasis);
    /* BOM-less UTF-16 shows as NUL bytes in every other position (markup
     * is ASCII); it is taken whatever the declaration says. */
    int u16 = utf16_pattern(p, n);
    if (u16 >= 0) {
        *basis = declared == u16 ? dbasis : GALLEY_ENC_FALLBACK;
        return u16;
    }
    /* A declaration of UTF-16 on an ASCII-compatible page, or of
     * "replacement", would make the page unreadable: judge by evidence. */
    if (declared >= 0 && (gl_enc_table[declared].kind == GL_DEC_REPLACEMENT ||
                          declared == GL_ENC_UTF_16LE || declared == GL_ENC_UTF_16BE))
        declared = -1;

    if (!has_high) {
        if (declared >= 0) {
            *basis = dbasis;
            return declared;
        }
        if (looks_iso2022jp(p, n)) {
            *basis = GALLEY_ENC_FALLBACK;
            return GL_ENC_ISO_2022_JP;
        }
        *basis = GALLEY_ENC_VALID_UTF8;
        return GL_ENC_UTF_8;
    }
    if (declared >= 0 && gl_enc_table[declared].kind != GL_DEC_UTF8 &&
        gl_enc_table[declared].kind != GL_DEC_SBCS && !is_multibyte_legacy(declared)) {
        /* UTF-16 by XML declaration, x-user-defined: trust it */
        *basis = dbasis;
        return declared;
    }

    bool utf8_valid = gl_utf8_stats_valid(u);
    bool utf8_mostly = u->multibyte > 0 && u->multibyte >= UTF8_MAJORITY * u->invalid;
    if (declared == GL_ENC_UTF_8) {
        /* a sequence cut by the end of the page is no evidence against it */
        if (utf8_valid || utf8_mostly || u->invalid == 0) {
            *basis = dbasis;
            return declared;
        }
    } else if (declared >= 0) {
        /* Valid non-ASCII UTF-8 under a legacy declaration is UTF-8: legacy
         * text almost never forms only valid sequences. A multi-byte legacy
         * declaration needs a few sequences, as its pairs can form valid
         * UTF-8 by chance. Nearly valid UTF-8 (a stray byte among many
         * sequences) is UTF-8 too. */
        size_t need = is_multibyte_legacy(declared) ? 4 : 1;
        if ((utf8_valid && u->multibyte >= need) || (utf8_mostly && u->multibyte >= 16)) {
            *basis = GALLEY_ENC_FALLBACK;
            return GL_ENC_UTF_8;
        }
    } else {
        if (utf8_valid) {
            *basis = GALLEY_ENC_VALID_UTF8;
            return GL_ENC_UTF_8;
        }
        if (utf8_mostly) {
            *basis = GALLEY_ENC_FALLBACK;
            return GL_ENC_UTF_8;
        }
    }

    size_t high;
    int guess = gl_enc_guess(p, n, declared == GL_ENC_UTF_8 ? -1 : declared, &high);
    if (guess < 0) guess = declared >= 0 ? declared : GL_ENC_WINDOWS_1252;
    if (declared >= 0 && guess == declared) {
        *basis = dbasis;
        return declared;
    }
    /* Declared ISO-8859-15 (no candidate of the guesser) reads Western
     * text like windows-1252 but for its euro sign and a few letters: keep
     * it unless bytes 0x80..0x9F (C1 controls in it, punctuation in
     * windows-1252) say the page is windows-1252. */
    if (declared == GL_ENC_ISO_8859_15 && guess == GL_ENC_WINDOWS_1252 && !has_c1_byte(p, n)) {
        *basis = dbasis;
        return declared;
    }
    if (declared < 0 && guess == GL_ENC_WINDOWS_1252) {
        *basis = GALLEY_ENC_DEFAULT;
        return guess;
    }
    *basis = GALLEY_ENC_FALLBACK;
    return guess;
}

char *gl_decode_document(const char *bytes, size_t len, const char *transport_charset,
                         size_t *out_len, const char **encoding, galley_encoding_basis *basis,
                         galley_error *err)
{
    const unsigned char *p = (const unsigned char *)(bytes ? bytes : "");
    size_t n = bytes ? len : 0, bom_len;
    int enc = gl_enc_bom(p, n, &bom_len);
    galley_encoding_basis b = GALLEY_ENC_BOM;
    gl_utf8_stats u = {0, 1, false}; /* "unknown" until scanned */
    if (enc >= 0) {
        p += bom_len;
        n -= bom_len;
    } else {
        enc = decide(p, n, transport_charset, &b, &u);
    }
    gl_buf out;
    gl_buf_init(&out);
    galley_status st;
    if (enc == GL_ENC_UTF_8 && u.invalid == 0 && !u.cut) /* known valid: a copy */
        st = gl_buf_append(&out, (const char *)p, n) ? GALLEY_OK : GALLEY_ERR_NOMEM;
    else
        st = gl_enc_decode((gl_enc_id)enc, p, n, &out, NULL);
    if (st == GALLEY_ERR_ENCODING) {
        /* no iconv converter on this system: windows-1252 keeps the text
         * readable where it is ASCII */
        gl_buf_clear(&out);
        enc = GL_ENC_WINDOWS_1252;
        b = GALLEY_ENC_DEFAULT;
        st = gl_enc_decode((gl_enc_id)enc, p, n, &out, NULL);
    }
    char *s = st == GALLEY_OK ? gl_buf_detach(&out, out_len) : NULL;
    if (!s) {
        gl_buf_free(&out);
        if (out_len) *out_len = 0;
        gl_error_set(err, GALLEY_ERR_NOMEM, 0, "out of memory decoding %zu bytes", n);
        return NULL;
    }
    if (encoding) *encoding = gl_enc_table[enc].name;
    if (basis) *basis = b;
    return s;
}
