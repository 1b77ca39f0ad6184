/*
 * charref.c -- character references in text that has left the tokenizer:
 * values read from attributes already decoded once, JSON-LD strings,
 * script-held metadata, where publishers write "&amp;" or "&#8217;" a second
 * time. Named references use the tokenizer's table (WHATWG HTML 13.5,
 * src/html/entities.h) and must end in ';' here, unlike in the tokenizer's
 * attribute and text states (HTML 13.2.5.72): text outside markup has no
 * legacy forms. Numeric references follow 13.2.5.80's limits: no NUL, no
 * surrogate, nothing above U+10FFFF; a reference that is not one stays as
 * written.
 */
#include "../encoding/encoding.h"
#include "../html/entities.h"
#include "article.h"

size_t gl_decode_char_refs(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '&') {
            s[o++] = s[i++];
            continue;
        }
        size_t e = i + 1;
        while (e < n && e - i <= GL_ENTITY_MAX_NAME && s[e] != ';' && s[e] != '&' && s[e] != ' ')
            e++;
        if (e >= n || s[e] != ';') {
            s[o++] = s[i++];
            continue;
        }
        char enc[8];
        size_t k = 0;
        if (s[i + 1] == '#') {
            uint32_t cp = 0;
            bool hex = e > i + 2 && (s[i + 2] == 'x' || s[i + 2] == 'X');
            size_t j = i + (hex ? 3 : 2);
            bool ok = j < e;
            for (; j < e && ok; j++) {
                int ch = s[j], dv;
                if (ch >= '0' && ch <= '9') dv = ch - '0';
                else if (hex && gl_lower(ch) >= 'a' && gl_lower(ch) <= 'f') dv = gl_lower(ch) - 'a' + 10;
                else ok = false, dv = 0;
                cp = cp * (hex ? 16 : 10) + (uint32_t)dv;
                if (cp > 0x10FFFF) ok = false;
            }
            if (ok && cp && !(cp >= 0xD800 && cp <= 0xDFFF)) k = gl_utf8_encode(cp, enc);
        } else {
            /* binary search over the sorted table; names keep their ';' */
            size_t nl = e - i; /* name + ';' */
            size_t lo = 0, hi = GL_ENTITY_COUNT;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                const gl_entity *en = &gl_entities[mid];
                size_t ml = en->name_len < nl ? en->name_len : nl;
                int cmp = memcmp(en->name, s + i + 1, ml);
                if (cmp == 0) cmp = (int)en->name_len - (int)nl;
                if (cmp == 0) {
                    if (en->utf8_len <= nl + 1) {
                        memcpy(enc, en->utf8, en->utf8_len);
                        k = en->utf8_len;
                    }
                    break;
                }
                if (cmp < 0) lo = mid + 1;
                else hi = mid;
            }
        }
        if (!k) {
            s[o++] = s[i++];
            continue;
        }
        memcpy(s + o, enc, k);
        o += k;
        i = e + 1;
    }
    return o;
}
