/*
 * content.c -- is this input HTML at all? Decided by its bytes, never by a
 * file name or a claimed type: an image, a PDF, a program or a JSON file
 * must not come out as an "article" of its raw bytes.
 *
 * Only positive evidence says "not HTML", so that odd but real pages (text
 * before the first tag, no doctype, stray NULs, UTF-16) still go through:
 *   1. a known binary signature at the start (named in the message);
 *   then, unless a UTF-16 BOM or a first '<' (after a UTF-8 BOM and white
 *   space; "<\0" and "\0<" are UTF-16 without a BOM) says markup comes:
 *   2. a binary byte in the first GL_CONTENT_BINARY_WINDOW bytes, as the
 *      WHATWG MIME Sniffing Standard defines them (7.1 "binary data byte":
 *      0x00-0x08, 0x0B, 0x0E-0x1A, 0x1C-0x1F);
 *   3. JSON: the first non-white byte is '{' or '[' (no page starts so);
 *   4. no markup anywhere: no '<' followed by a letter, '!', '/' or '?'.
 * Empty and all-white input is left to extraction (an empty page: no
 * content), which is what it is.
 */
#include <string.h>

#include "content.h"

/* Window for the binary-byte test: the MIME sniffing standard's 1445-byte
 * resource header is of the same order; a page's head is text. */
#define GL_CONTENT_BINARY_WINDOW 1024

typedef struct gl_magic {
    const char *bytes;
    size_t len;
    size_t at; /* offset of the signature */
    const char *what;
} gl_magic;

#define M(s, at, what) {s, sizeof(s) - 1, at, what}
static const gl_magic magics[] = {
    M("\x89PNG\r\n\x1a\n", 0, "PNG image"),
    M("GIF87a", 0, "GIF image"),
    M("GIF89a", 0, "GIF image"),
    M("\xff\xd8\xff", 0, "JPEG image"),
    M("RIFF", 0, "RIFF media (WebP, WAV, AVI)"),
    M("ftyp", 4, "MP4/ISO media"),
    M("%PDF-", 0, "PDF document"),
    M("\x7f" "ELF", 0, "ELF executable"),
    M("PK\x03\x04", 0, "ZIP archive (or an office document)"),
    M("\x1f\x8b", 0, "gzip data (compressed twice?)"),
    M("\x28\xb5\x2f\xfd", 0, "zstd data (compressed twice?)"),
    M("wOFF", 0, "WOFF font"),
    M("wOF2", 0, "WOFF2 font"),
    M("\0asm", 0, "WebAssembly module"),
    M("OggS", 0, "Ogg media"),
};
#undef M

static bool binary_byte(unsigned char c)
{
    return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F);
}

static bool starts_tag(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '/' || c == '?';
}

const char *gl_content_not_html(const char *bytes, size_t len)
{
    const unsigned char *p = (const unsigned char *)bytes;
    if (!p || !len) return NULL;
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
        const gl_magic *m = &magics[i];
        if (len >= m->at + m->len && memcmp(p + m->at, m->bytes, m->len) == 0) return m->what;
    }
    /* a UTF-16 BOM explains zero bytes; so does a first "<" of UTF-16
     * without one ("<\0" or "\0<") */
    if ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)) return NULL;
    size_t i = len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && gl_is_ascii_ws(p[i])) i++;
    if (i == len) return NULL;
    /* markup first: a page, even with stray NULs (the tokenizer copes) */
    if (p[i] == '<' || (p[i] == 0 && i + 1 < len && p[i + 1] == '<')) return NULL;
    size_t win = len < GL_CONTENT_BINARY_WINDOW ? len : GL_CONTENT_BINARY_WINDOW;
    for (size_t k = 0; k < win; k++)
        if (binary_byte(p[k])) return "binary data";
    if (p[i] == '{' || p[i] == '[') return "JSON or other data";
    /* memchr finds each '<' in turn: linear in the input */
    for (const unsigned char *q = p + i; (q = memchr(q, '<', len - (size_t)(q - p))) != NULL; q++)
        if ((size_t)(q - p) + 1 < len && starts_tag(q[1])) return NULL;
    return "text without markup";
}
