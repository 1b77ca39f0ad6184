/*
 * document.c -- gl_decode_document: decide the encoding of a page and decode
 * it to UTF-8. Interim version: BOM, UTF-8 and windows-1252 only.
 */
#include <stdlib.h>

#include "encoding.h"

/* WHATWG index-windows-1252 for 0x80..0x9F; the five bytes undefined in the
 * Microsoft table map to the matching C1 controls. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char *decode_1252(const unsigned char *p, size_t n, size_t *out_len)
{
    gl_buf b;
    gl_buf_init(&b);
    if (!gl_buf_reserve(&b, n + n / 2 + 1)) return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = p[i];
        if (cp >= 0x80 && cp < 0xA0) cp = cp1252_hi[cp - 0x80];
        if (!gl_buf_put_cp(&b, cp)) {
            gl_buf_free(&b);
            return NULL;
        }
    }
    return gl_buf_detach(&b, out_len);
}

static char *decode_utf8(const unsigned char *p, size_t n, size_t *out_len)
{
    gl_buf b;
    gl_buf_init(&b);
    if (!gl_buf_reserve(&b, n + 1)) return NULL;
    size_t i = 0;
    while (i < n) {
        size_t adv;
        uint32_t cp = gl_utf8_decode((const char *)p + i, n - i, &adv);
        if (!gl_buf_put_cp(&b, cp)) {
            gl_buf_free(&b);
            return NULL;
        }
        i += adv;
    }
    return gl_buf_detach(&b, out_len);
}

char *gl_decode_document(const char *bytes, size_t len, const char *transport_charset,
                         size_t *out_len, const char **encoding,
                         galley_encoding_basis *basis, galley_error *err)
{
    const unsigned char *p = (const unsigned char *)bytes;
    size_t n = bytes ? len : 0;
    char *out;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *encoding = "UTF-8";
        *basis = GALLEY_ENC_BOM;
        out = decode_utf8(p + 3, n - 3, out_len);
    } else if (transport_charset && *transport_charset) {
        size_t tl = strlen(transport_charset);
        if (gl_ascii_ieq(transport_charset, tl, "utf-8") || gl_ascii_ieq(transport_charset, tl, "utf8")) {
            *encoding = "UTF-8";
            out = decode_utf8(p, n, out_len);
        } else {
            *encoding = "windows-1252";
            out = decode_1252(p, n, out_len);
        }
        *basis = GALLEY_ENC_TRANSPORT;
    } else if (gl_utf8_valid(bytes ? bytes : "", n)) {
        *encoding = "UTF-8";
        *basis = GALLEY_ENC_VALID_UTF8;
        out = decode_utf8(p, n, out_len);
    } else {
        *encoding = "windows-1252";
        *basis = GALLEY_ENC_DEFAULT;
        out = decode_1252(p, n, out_len);
    }
    if (!out) gl_error_set(err, GALLEY_ERR_NOMEM, 0, "out of memory decoding %zu bytes", n);
    return out;
}
