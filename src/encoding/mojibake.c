/* mojibake.c -- undoing text that was UTF-8, was read as windows-1252 (or
 * ISO-8859-1, which keeps 0x80..0x9F as C1 controls) and was written out
 * as UTF-8 again: "Earthâ€™s", "Earthâ\u0080\u0099s", "JOHNSONÂ®". A page
 * can carry such text in a correctly decoded document (a CMS that
 * double-encoded its og:title), where no choice of encoding helps.
 *
 * A run is repaired only when the bytes the characters stand for form one
 * whole UTF-8 sequence of two to four bytes for a character past U+007F:
 * a lead (0xC2..0xF4) and continuation bytes (0x80..0xBF). Real text
 * almost never spells that ("Ã©" is no French); a lone "é" or "Â" is left
 * alone. */
#include "encoding.h"

/* The byte that code point `cp` stands for when windows-1252 (or
 * ISO-8859-1) text is read as Unicode, or -1. */
static int byte_of(uint32_t cp)
{
    if (cp >= 0x80 && cp <= 0xFF) return (int)cp;
    const uint16_t *t = gl_sbcs_tables[gl_enc_table[GL_ENC_WINDOWS_1252].sbcs];
    for (int i = 0; i < 32; i++)
        if (t[i] == cp) return 0x80 + i;
    return -1;
}

size_t gl_enc_repair_mojibake(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t adv = 1;
        uint32_t cp = (unsigned char)s[i] < 0x80 ? (unsigned char)s[i] : gl_utf8_decode(s + i, n - i, &adv);
        int lead = byte_of(cp);
        size_t need = lead >= 0xC2 && lead <= 0xDF ? 1 : lead >= 0xE0 && lead <= 0xEF ? 2
                      : lead >= 0xF0 && lead <= 0xF4 ? 3 : 0;
        unsigned char seq[4];
        size_t j = i + adv, got = 0;
        if (need) {
            seq[0] = (unsigned char)lead;
            while (got < need && j < n) {
                size_t a2 = 1;
                uint32_t c2 = (unsigned char)s[j] < 0x80 ? (unsigned char)s[j] : gl_utf8_decode(s + j, n - j, &a2);
                int b = byte_of(c2);
                if (b < 0x80 || b > 0xBF) break;
                seq[++got] = (unsigned char)b;
                j += a2;
            }
        }
        size_t sa = 0;
        if (need && got == need && gl_utf8_valid((const char *)seq, need + 1) &&
            gl_utf8_decode((const char *)seq, need + 1, &sa) >= 0x80 && sa == need + 1) {
            memcpy(s + o, seq, need + 1); /* never longer than the run it replaces */
            o += need + 1;
            i = j;
            continue;
        }
        memmove(s + o, s + i, adv);
        o += adv;
        i += adv;
    }
    if (o < n) s[o] = 0;
    return o;
}
