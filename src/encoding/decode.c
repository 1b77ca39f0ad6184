/*
 * decode.c -- decoders from every WHATWG encoding to UTF-8.
 *
 * Own code for UTF-8 (the Encoding Standard's decoder, maximal-subpart
 * replacement), UTF-16LE/BE, the single-byte tables, x-user-defined and
 * replacement; glibc iconv for the CJK multi-byte encodings.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>

#include "encoding.h"

#define ASCII_MASK 0x8080808080808080ull

/* Bytes of leading ASCII at p (8 at a time). */
static inline size_t ascii_prefix(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & ASCII_MASK) break;
        i += 8;
    }
    while (i < n && p[i] < 0x80)
        i++;
    return i;
}

static const char FFFD[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/* UTF-8 of a BMP code point >= U+0080 (2 or 3 bytes), inlined for the
 * table decoders' inner loop. */
static inline char *put_bmp(char *o, uint32_t cp)
{
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return o + 2;
    }
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return o + 3;
}

/* ---- UTF-8 (Encoding Standard 8.1.1). One walker serves the decoder
 * (out != NULL) and the scanner (out == NULL): valid stretches are copied
 * in bulk, each maximal subpart of an ill-formed sequence becomes one
 * U+FFFD. With `cut`, an incomplete sequence at the very end is not
 * counted but flagged there (the scanner's view of a page cut short). */
static bool utf8_walk(const unsigned char *p, size_t n, gl_buf *out, size_t *multibyte,
                      size_t *invalid, bool *cut, bool bounded)
{
    size_t i = 0, run = 0, mb = 0, bad = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i += ascii_prefix(p + i, n - i);
            continue;
        }
        /* fast paths: the common well-formed 2- and 3-byte sequences (E0
         * and ED have narrower second bytes and take the general path) */
        if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
            mb++;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) {
            i += 3;
            mb++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F; /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F; /* <= U+10FFFF */
        } else
            need = 0;
        size_t j = i + 1;
        if (need) {
            size_t k = 0;
            for (; k < need && j < n; k++, j++) {
                if (p[j] < lo || p[j] > hi) break;
                lo = 0x80;
                hi = 0xBF;
            }
            if (k == need) {
                mb++;
                i = j;
                continue;
            }
            if (j >= n && cut) { /* cut by the end of the buffer */
                *cut = true;
                i = n;
                break;
            }
        }
        /* ill-formed: [i, j) is the maximal subpart; p[j] is reprocessed */
        bad++;
        /* the scanner stops once the bytes are clearly not UTF-8: legacy
         * text is mostly high bytes, each one a slow step here */
        if (bounded && bad >= 256 && mb < bad * 8) {
            if (multibyte) *multibyte = mb;
            if (invalid) *invalid = bad;
            return true;
        }
        if (out) {
            if (!gl_buf_append(out, (const char *)p + run, i - run)) return false;
            if (!gl_buf_append(out, FFFD, 3)) return false;
        }
        i = j;
        run = i;
    }
    if (out && !gl_buf_append(out, (const char *)p + run, n - run)) return false;
    if (multibyte) *multibyte = mb;
    if (invalid) *invalid = bad;
    return true;
}

void gl_utf8_scan(const unsigned char *p, size_t n, gl_utf8_stats *st)
{
    st->cut = false;
    utf8_walk(p, n, NULL, &st->multibyte, &st->invalid, &st->cut, true);
}

/* ---- single-byte encodings: ASCII runs copied, the rest through the
 * table. The output is reserved up front (<= 3 bytes per high byte). */
static bool sbcs_decode(const uint16_t *table, const unsigned char *p, size_t n, gl_buf *out,
                        size_t *errors)
{
    size_t high = 0;
    for (size_t i = 0; i < n; i++)
        high += p[i] >> 7;
    if (!gl_buf_reserve(out, n + 2 * high)) return false;
    char *o = out->data + out->len;
    size_t i = 0, bad = 0;
    while (i < n) {
        size_t a = ascii_prefix(p + i, n - i);
        memcpy(o, p + i, a);
        o += a;
        i += a;
        if (i >= n) break;
        do { /* a run of high bytes */
            uint32_t cp = table[p[i] - 0x80];
            if (cp == 0xFFFF) {
                cp = 0xFFFD;
                bad++;
            }
            o = put_bmp(o, cp);
            i++;
        } while (i < n && p[i] >= 0x80);
    }
    out->len = (size_t)(o - out->data);
    *errors += bad;
    return true;
}

static bool xuser_decode(const unsigned char *p, size_t n, gl_buf *out)
{
    if (!gl_buf_reserve(out, 3 * n)) return false;
    char *o = out->data + out->len;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x80)
            *o++ = (char)p[i];
        else
            o = put_bmp(o, 0xF780u + (p[i] - 0x80u));
    }
    out->len = (size_t)(o - out->data);
    return true;
}

/* ---- UTF-16 (Encoding Standard 14.2). Unpaired surrogates and an odd
 * final byte become U+FFFD. */
static bool utf16_decode(const unsigned char *p, size_t n, bool be, gl_buf *out, size_t *errors)
{
    if (!gl_buf_reserve(out, n / 2 * 3 + 3)) return false;
    char *o = out->data + out->len;
    uint32_t lead = 0;
    size_t i = 0, bad = 0;
    for (; i + 1 < n; i += 2) {
        uint32_t u = be ? ((uint32_t)p[i] << 8 | p[i + 1]) : ((uint32_t)p[i + 1] << 8 | p[i]);
        if (lead) {
            if (u >= 0xDC00 && u <= 0xDFFF) {
                o += gl_utf8_encode(0x10000 + ((lead - 0xD800) << 10) + (u - 0xDC00), o);
                lead = 0;
                continue;
            }
            lead = 0; /* unpaired lead; u is processed below */
            o += gl_utf8_encode(0xFFFD, o);
            bad++;
        }
        if (u >= 0xD800 && u <= 0xDBFF)
            lead = u;
        else if (u >= 0xDC00 && u <= 0xDFFF) {
            o += gl_utf8_encode(0xFFFD, o);
            bad++;
        } else
            o += gl_utf8_encode(u, o);
    }
    if (lead || i < n) { /* dangling lead surrogate or odd byte: one U+FFFD */
        o += gl_utf8_encode(0xFFFD, o);
        bad++;
    }
    out->len = (size_t)(o - out->data);
    *errors += bad;
    return true;
}

/* ---- glibc iconv for the multi-byte encodings. A malformed byte becomes
 * U+FFFD and decoding resumes at the next byte (so an ASCII byte after a
 * bad lead is kept, as the WHATWG decoders do); a sequence cut by the end
 * is one U+FFFD. Every iteration consumes input or grows the output, so
 * the loop ends. */
static galley_status iconv_decode(const char *name, const unsigned char *p, size_t n, gl_buf *out,
                                  size_t *errors, uint32_t byte80)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return GALLEY_ERR_ENCODING;
    galley_status st = GALLEY_OK;
    char *in = (char *)p;
    size_t inleft = n, bad = 0;
    if (!gl_buf_reserve(out, n + n / 2 + 16)) st = GALLEY_ERR_NOMEM;
    while (st == GALLEY_OK) {
        char *o = out->data + out->len;
        size_t oleft = out->alloc - out->len - 1; /* keep room for the NUL */
        size_t r = inleft ? iconv(cd, &in, &inleft, &o, &oleft) : iconv(cd, NULL, NULL, &o, &oleft);
        int e = errno;
        out->len = (size_t)(o - out->data);
        if (r != (size_t)-1) {
            if (inleft == 0 && in != NULL) {
                in = NULL; /* one more round to flush the shift state */
                continue;
            }
            break;
        }
        if (e == E2BIG) {
            if (!gl_buf_reserve(out, out->alloc - out->len + 64)) st = GALLEY_ERR_NOMEM;
            continue;
        }
        if (e == EILSEQ && byte80 && (unsigned char)*in == 0x80) {
            /* a lone 0x80 that WHATWG maps and glibc does not */
            if (!gl_buf_put_cp(out, byte80)) {
                st = GALLEY_ERR_NOMEM;
                break;
            }
            in++;
            inleft--;
            continue;
        }
        if (!gl_buf_append(out, FFFD, 3)) {
            st = GALLEY_ERR_NOMEM;
            break;
        }
        bad++;
        if (e == EILSEQ && inleft > 1) {
            in++;
            inleft--;
            continue;
        }
        break; /* EINVAL (cut at the end), EILSEQ on the last byte, other */
    }
    iconv_close(cd);
    *errors += bad;
    return st;
}

galley_status gl_enc_decode(gl_enc_id enc, const unsigned char *p, size_t n, gl_buf *out,
                            gl_dec_stats *stats)
{
    if (enc < 0 || enc >= GL_ENC_COUNT) return GALLEY_ERR_ENCODING;
    const gl_enc_info *info = &gl_enc_table[enc];
    size_t start = out->len, errors = 0;
    galley_status st = GALLEY_OK;
    bool ok = true;
    switch (info->kind) {
    case GL_DEC_UTF8:
        if (!gl_buf_reserve(out, n)) return GALLEY_ERR_NOMEM;
        ok = utf8_walk(p, n, out, NULL, &errors, NULL, false);
        break;
    case GL_DEC_SBCS:
        ok = sbcs_decode(gl_sbcs_tables[info->sbcs], p, n, out, &errors);
        break;
    case GL_DEC_ICONV:
        /* WHATWG decodes a lone 0x80 as the euro sign in GBK/gb18030 and
         * as U+0080 in Shift_JIS, where glibc sees an error */
        st = iconv_decode(info->iconv_name, p, n, out, &errors,
                          enc == GL_ENC_GBK || enc == GL_ENC_GB18030 ? 0x20AC
                          : enc == GL_ENC_SHIFT_JIS                  ? 0x80
                                                                     : 0);
        break;
    case GL_DEC_UTF16LE:
    case GL_DEC_UTF16BE:
        ok = utf16_decode(p, n, info->kind == GL_DEC_UTF16BE, out, &errors);
        break;
    case GL_DEC_REPLACEMENT:
        if (n > 0) {
            ok = gl_buf_append(out, FFFD, 3);
            errors = 1;
        }
        break;
    case GL_DEC_XUSER:
        ok = xuser_decode(p, n, out);
        break;
    }
    if (!ok) st = GALLEY_ERR_NOMEM;
    if (stats) {
        size_t lead = 0;
        for (size_t i = start; i < out->len; i++)
            lead += ((unsigned char)out->data[i] >= 0xC0);
        stats->errors = errors;
        stats->nonascii = lead;
    }
    return st;
}

GALLEY_API char *galley_decode(const char *bytes, size_t len, const char *encoding, size_t *out_len,
                               galley_error *err)
{
    if (out_len) *out_len = 0;
    if ((!bytes && len) || !encoding) {
        gl_error_set(err, GALLEY_ERR_INVALID_ARG, 0, "galley_decode: NULL argument");
        return NULL;
    }
    int enc = gl_enc_lookup(encoding, strlen(encoding));
    if (enc < 0) {
        gl_error_set(err, GALLEY_ERR_ENCODING, 0, "unknown encoding \"%s\"", encoding);
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)(bytes ? bytes : "");
    /* The Encoding Standard's "decode": a BOM overrides the encoding given
     * and is removed. */
    size_t bom_len = 0;
    int bom = gl_enc_bom(p, len, &bom_len);
    if (bom >= 0) {
        enc = bom;
        p += bom_len;
        len -= bom_len;
    }
    gl_buf b;
    gl_buf_init(&b);
    galley_status st = gl_enc_decode((gl_enc_id)enc, p, len, &b, NULL);
    if (st != GALLEY_OK) {
        gl_buf_free(&b);
        gl_error_set(err, st, 0,
                     st == GALLEY_ERR_NOMEM ? "out of memory decoding %s" : "no converter for %s",
                     gl_enc_table[enc].name);
        return NULL;
    }
    size_t n;
    char *s = gl_buf_detach(&b, &n);
    if (!s) {
        gl_error_set(err, GALLEY_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    if (out_len) *out_len = n;
    return s;
}
