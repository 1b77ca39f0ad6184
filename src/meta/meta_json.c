/* meta_json.c -- the JSON reader behind JSON-LD (meta_json.h). One pass,
 * no recursion: open arrays and objects sit on a fixed stack of 64. It
 * replaced json-c there, whose per-object hash tables and per-key copies
 * cost about 70 instructions a byte of JSON-LD; most of a block is never
 * looked at, so strings are decoded only when read. */
#include "meta_json.h"

#define MAX_DEPTH 64 /* json-c's default: a value 64 levels down fails */

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Skips white space and comments from *p; false on an unclosed comment or
 * a '/' that opens none. */
static bool skip_ws(const char *s, size_t n, size_t *p)
{
    size_t i = *p;
    for (;;) {
        while (i < n && is_ws((unsigned char)s[i])) i++;
        if (i >= n || s[i] != '/') break;
        if (i + 1 >= n) return false;
        if (s[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/')) j++;
            if (j + 1 >= n) return false;
            i = j + 2;
        } else if (s[i + 1] == '/') {
            const char *e = memchr(s + i, '\n', n - i);
            if (!e) return false;
            i = (size_t)(e - s) + 1;
        } else {
            return false;
        }
    }
    *p = i;
    return true;
}

/* A string from the quote at *p: its raw span; false on a bad escape or
 * no closing quote. */
static bool scan_string(const char *s, size_t n, size_t *p, const char **out, uint32_t *len,
                        bool *esc)
{
    char q = s[*p];
    size_t b = *p + 1, i = b;
    bool e = false;
    const char *qq = NULL;
    for (;;) {
        /* the closing quote or a backslash, whichever comes first; each
         * byte is searched once (an escaped quote moves the search on) */
        if (!qq || qq < s + i) qq = memchr(s + i, q, n - i);
        if (!qq) return false;
        const char *bs = memchr(s + i, '\\', (size_t)(qq - s) - i);
        if (!bs) {
            i = (size_t)(qq - s);
            break;
        }
        e = true;
        i = (size_t)(bs - s) + 1;
        if (i >= n) return false;
        switch (s[i]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            i++;
            break;
        case 'u':
            if (i + 4 >= n) return false;
            for (int k = 1; k <= 4; k++)
                if (hexval((unsigned char)s[i + k]) < 0) return false;
            i += 5;
            break;
        default: return false;
        }
    }
    if (i - b > UINT32_MAX) return false;
    *out = s + b;
    *len = (uint32_t)(i - b);
    *esc = e;
    *p = i + 1;
    return true;
}

/* Whether the word w (lower case) is at s + p, in any case: json-c reads
 * true, false, null, NaN and Infinity so, and leaves what follows to the
 * next step. */
static bool word_at(const char *s, size_t n, size_t p, const char *w)
{
    size_t k = strlen(w);
    return n - p >= k && gl_ascii_ieq(s + p, k, w);
}

gl_jv *gl_jv_parse(gl_arena *arena, const char *s, size_t n, size_t max_values)
{
    gl_jv *stack[MAX_DEPTH], *tail[MAX_DEPTH];
    size_t sp = 0, p = 0, values = 0;
    gl_jv *root = NULL;
    bool want_value = true; /* else: after a value, a ',' or a closing bracket */
    if (!skip_ws(s, n, &p)) return NULL;
    for (;;) {
        if (!want_value) {
            if (sp == 0) {
                /* text after the value is ignored, but not an open comment */
                return skip_ws(s, n, &p) ? root : NULL;
            }
            if (!skip_ws(s, n, &p) || p >= n) return NULL;
            gl_jv *top = stack[sp - 1];
            char c = s[p++];
            if (c == ',') want_value = true;
            else if (c != (top->type == GL_JV_ARRAY ? ']' : '}')) return NULL;
            else sp--;
            continue;
        }
        if (!skip_ws(s, n, &p) || p >= n) return NULL;
        gl_jv *top = sp ? stack[sp - 1] : NULL;
        const char *key = NULL;
        uint32_t kn = 0;
        bool kesc = false;
        if (top && top->type == GL_JV_OBJECT) {
            /* a key, or the end (empty object or a trailing comma) */
            if (s[p] == '}') {
                p++;
                sp--;
                want_value = false;
                continue;
            }
            if (s[p] != '"' && s[p] != '\'') return NULL;
            if (!scan_string(s, n, &p, &key, &kn, &kesc)) return NULL;
            if (!skip_ws(s, n, &p) || p >= n || s[p] != ':') return NULL;
            p++;
            if (!skip_ws(s, n, &p) || p >= n) return NULL;
        } else if (top && s[p] == ']') {
            p++;
            sp--;
            want_value = false;
            continue;
        }
        if (sp >= MAX_DEPTH || ++values > max_values) return NULL;
        gl_jv *v = gl_arena_alloc(arena, sizeof *v);
        if (!v) return NULL;
        memset(v, 0, sizeof *v);
        v->k = key;
        v->kn = kn;
        v->kesc = kesc;
        unsigned char c = (unsigned char)s[p];
        if (c == '{' || c == '[') {
            v->type = c == '{' ? GL_JV_OBJECT : GL_JV_ARRAY;
            p++;
        } else if (c == '"' || c == '\'') {
            v->type = GL_JV_STRING;
            if (!scan_string(s, n, &p, &v->s, &v->n, &v->esc)) return NULL;
        } else if ((c >= '0' && c <= '9') || c == '-') {
            /* json-c's number: a sign first or after '.' or 'e', one '.'
             * before one 'e', and a digit before the 'e' */
            size_t b = p;
            bool dot = false, exp = false, sign_ok = true, mant = false;
            for (; p < n; p++) {
                char d = s[p];
                bool sign = sign_ok && (d == '-' || (d == '+' && p > b));
                sign_ok = false;
                if (d >= '0' && d <= '9') mant |= !exp;
                else if ((d == 'e' || d == 'E') && !exp) exp = dot = sign_ok = true;
                else if (d == '.' && !dot) dot = sign_ok = true;
                else if (!sign) break;
            }
            /* json-c then reads it with strtod and lets only trailing
             * signs and exponent marks go unread: "1.-5" fails, "1.-" not */
            size_t e = p;
            while (e > b && (s[e - 1] == 'e' || s[e - 1] == 'E' || s[e - 1] == '+' || s[e - 1] == '-'))
                e--;
            for (size_t i = b; i + 1 < e; i++)
                if (s[i] == '.' && (s[i + 1] == '-' || s[i + 1] == '+')) return NULL;
            if (!mant) {
                if (p - b != 1 || !word_at(s, n, p, "infinity")) return NULL; /* "-Infinity" */
                p += 8;
            }
            v->type = GL_JV_NUMBER;
        } else if (word_at(s, n, p, "true") || word_at(s, n, p, "false")) {
            v->type = GL_JV_BOOL;
            v->t = (c | 0x20) == 't';
            p += v->t ? 4 : 5;
        } else if (word_at(s, n, p, "null")) {
            v->type = GL_JV_NULL;
            p += 4;
        } else if (word_at(s, n, p, "nan") || word_at(s, n, p, "infinity")) {
            v->type = GL_JV_NUMBER;
            p += (c | 0x20) == 'n' ? 3 : 8;
        } else {
            return NULL;
        }
        /* json-c waits for more input after a number or a word that ends
         * it: a failure */
        if (!top && p == n && v->type != GL_JV_STRING && v->type != GL_JV_OBJECT &&
            v->type != GL_JV_ARRAY)
            return NULL;
        if (top) {
            if (top->first) tail[sp - 1]->next = v;
            else top->first = v;
            tail[sp - 1] = v;
            top->count++;
        } else {
            root = v;
        }
        if (v->type == GL_JV_OBJECT || v->type == GL_JV_ARRAY) {
            stack[sp++] = v;
            want_value = true;
        } else {
            want_value = false;
        }
    }
}

gl_jv *gl_jv_idx(const gl_jv *v, size_t i)
{
    if (!v || v->type != GL_JV_ARRAY) return NULL;
    gl_jv *x = v->first;
    while (x && i--) x = x->next;
    return x;
}

/* Appends code point cp as UTF-8. */
static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static uint32_t hex4(const char *s)
{
    uint32_t u = 0;
    for (int k = 0; k < 4; k++) u = u << 4 | (uint32_t)hexval((unsigned char)s[k]);
    return u;
}

/* Decodes a raw string whose escapes scan_string checked. A surrogate that
 * is not half of a pair becomes U+FFFD, as in json-c. Never longer than
 * the raw text. */
static const char *decode(gl_arena *arena, const char *s, size_t n)
{
    char *out = gl_arena_alloc(arena, n + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '\\') {
            out[o++] = s[i++];
            continue;
        }
        char e = s[i + 1];
        i += 2;
        switch (e) {
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            uint32_t u = hex4(s + i);
            i += 4;
            if (u >= 0xD800 && u <= 0xDBFF && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u') {
                uint32_t lo = hex4(s + i + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                } else {
                    u = 0xFFFD; /* the second escape is read on its own next */
                }
            } else if (u >= 0xD800 && u <= 0xDFFF) {
                u = 0xFFFD;
            }
            o += put_utf8(out + o, u);
            break;
        }
        default: out[o++] = e; break; /* '"', '\\', '/' */
        }
    }
    out[o] = 0;
    return out;
}

const char *gl_jv_str(gl_arena *arena, gl_jv *v)
{
    if (!v || v->type != GL_JV_STRING) return NULL;
    if (!v->dec) v->dec = v->esc ? decode(arena, v->s, v->n) : gl_arena_strndup(arena, v->s, v->n);
    return v->dec;
}

/* Whether member m's key is `key` (a C string: json-c's keys end at a NUL
 * that an escape put in). */
static bool key_is(gl_arena *arena, gl_jv *m, const char *key, size_t kl)
{
    if (m->kesc) {
        const char *d = decode(arena, m->k, m->kn);
        if (!d) return false;
        m->k = d;
        m->kn = (uint32_t)strlen(d);
        m->kesc = false;
    }
    return m->kn == kl && memcmp(m->k, key, kl) == 0;
}

gl_jv *gl_jv_get(gl_arena *arena, const gl_jv *o, const char *key)
{
    if (!o || o->type != GL_JV_OBJECT) return NULL;
    size_t kl = strlen(key);
    gl_jv *found = NULL;
    for (gl_jv *m = o->first; m; m = m->next)
        if (key_is(arena, m, key, kl)) found = m;
    return found;
}

size_t gl_jv_keys(gl_arena *arena, const gl_jv *o, size_t max)
{
    if (!o || o->type != GL_JV_OBJECT) return 0;
    size_t k = 0;
    for (gl_jv *m = o->first; m && k < max; m = m->next) {
        key_is(arena, m, "", 0); /* decodes an escaped key */
        bool seen = false;
        for (gl_jv *e = o->first; e != m && !seen; e = e->next)
            seen = key_is(arena, e, m->k, m->kn);
        if (!seen) k++;
    }
    return k;
}
