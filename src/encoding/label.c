/*
 * label.c -- WHATWG Encoding Standard "get an encoding": label -> encoding.
 */
#include <stdlib.h>

#include "encoding.h"

static int cmp_label(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const gl_enc_label *)elem)->label);
}

int gl_enc_from_label(const char *label, size_t len)
{
    if (!label) return -1;
    /* ASCII whitespace per the Encoding Standard: TAB, LF, FF, CR, SPACE. */
    while (len > 0 && gl_is_ascii_ws((unsigned char)label[0])) {
        label++;
        len--;
    }
    while (len > 0 && gl_is_ascii_ws((unsigned char)label[len - 1]))
        len--;
    if (len == 0 || len > GL_ENC_LABEL_MAX) return -1;
    char key[GL_ENC_LABEL_MAX + 1];
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)label[i];
        if (c == 0 || c >= 0x80) return -1; /* every label is printable ASCII */
        key[i] = (char)gl_lower(c);
    }
    key[len] = '\0';
    const gl_enc_label *hit =
        bsearch(key, gl_enc_labels, GL_ENC_LABEL_COUNT, sizeof gl_enc_labels[0], cmp_label);
    return hit ? (int)hit->enc : -1;
}

int gl_enc_lookup(const char *name, size_t len)
{
    int e = gl_enc_from_label(name, len);
    if (e >= 0 || !name) return e;
    /* Canonical names that are not labels ("replacement" is not a label
     * of itself, but galley_decode accepts names too). */
    for (int i = 0; i < GL_ENC_COUNT; i++)
        if (gl_ascii_ieq(name, len, gl_enc_table[i].name)) return i;
    return -1;
}

int gl_enc_from_transport(const char *value)
{
    if (!value) return -1;
    size_t n = strlen(value);
    /* a whole Content-Type value: take its charset parameter */
    for (size_t i = 0; i + 8 <= n; i++) {
        if (gl_ascii_ieq(value + i, 8, "charset=")) {
            value += i + 8;
            n -= i + 8;
            size_t end = 0;
            while (end < n && value[end] != ';')
                end++;
            n = end;
            break;
        }
    }
    while (n > 0 && gl_is_ascii_ws((unsigned char)*value)) {
        value++;
        n--;
    }
    while (n > 0 && gl_is_ascii_ws((unsigned char)value[n - 1]))
        n--;
    if (n >= 2 && (value[0] == '"' || value[0] == '\'') && value[n - 1] == value[0]) {
        value++;
        n -= 2;
    }
    return gl_enc_from_label(value, n);
}

GALLEY_API const char *galley_encoding_for_label(const char *label, size_t len)
{
    int e = gl_enc_from_label(label, len);
    return e < 0 ? NULL : gl_enc_table[e].name;
}
