/*
 * tokenizer.c -- runs the html5lib-tests tokenizer .test files through
 * galley_tokenize(), once per initial state. Tokens are compared exactly
 * after merging adjacent Character tokens on both sides; attributes are
 * compared as sets (names are unique). Parse error codes are not compared.
 *
 * doubleEscaped tests: \uHHHH escapes are decoded after the JSON ones; a
 * surrogate pair becomes one code point, a lone surrogate is encoded
 * WTF-8-style (3 bytes, ED A0..BF xx), which the tokenizer passes through
 * like any other non-ASCII sequence. xmlViolation.test ("xmlViolationTests")
 * assumes infoset coercion and is not run.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "galley.h"
#include "h5.h"


/* Serializes a string field readably: printable ASCII as is, the rest as
 * \xHH, so a diff printed with -v is legible. */
static void sb_field(sbuf *b, const char *s, size_t n, int present)
{
    if (!present) {
        sb_str(b, " null");
        return;
    }
    sb_str(b, " \"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
            sb_put(b, &s[i], 1);
        } else {
            char tmp[8];
            snprintf(tmp, sizeof tmp, "\\x%02X", c);
            sb_str(b, tmp);
        }
    }
    sb_str(b, "\"");
}

/* Token list under construction; characters are held back to merge runs. */
typedef struct tlist {
    sbuf out;
    sbuf chars;
    int have_chars;
} tlist;

static void tl_flush(tlist *l)
{
    if (!l->have_chars) return;
    sb_str(&l->out, "Character");
    sb_field(&l->out, l->chars.d, l->chars.n, 1);
    sb_str(&l->out, "\n");
    l->chars.n = 0;
    l->have_chars = 0;
}

static void tl_chars(tlist *l, const char *s, size_t n)
{
    sb_put(&l->chars, s, n);
    l->have_chars = 1;
}

typedef struct kv {
    const char *k, *v;
    size_t kn, vn;
} kv;

static int kv_cmp(const void *a, const void *b)
{
    const kv *x = a, *y = b;
    size_t m = x->kn < y->kn ? x->kn : y->kn;
    int r = memcmp(x->k, y->k, m);
    if (r) return r;
    return (x->kn > y->kn) - (x->kn < y->kn);
}

static void tl_attrs(tlist *l, kv *a, size_t n)
{
    qsort(a, n, sizeof *a, kv_cmp);
    for (size_t i = 0; i < n; i++) {
        sb_field(&l->out, a[i].k, a[i].kn, 1);
        sb_str(&l->out, "=");
        sb_field(&l->out, a[i].v, a[i].vn, 1);
    }
}

static int sink(void *ud, const galley_token *tok)
{
    tlist *l = ud;
    switch (tok->type) {
    case GALLEY_TOKEN_CHARACTER: tl_chars(l, tok->data, tok->data_len); return 0;
    case GALLEY_TOKEN_EOF: tl_flush(l); return 0;
    default: break;
    }
    tl_flush(l);
    sbuf *o = &l->out;
    if (tok->type == GALLEY_TOKEN_DOCTYPE) {
        sb_str(o, "DOCTYPE");
        sb_field(o, tok->data, tok->data_len, tok->data != NULL);
        sb_field(o, tok->public_id, tok->public_id_len, tok->public_id != NULL);
        sb_field(o, tok->system_id, tok->system_id_len, tok->system_id != NULL);
        sb_str(o, tok->force_quirks ? " false" : " true");
    } else if (tok->type == GALLEY_TOKEN_START_TAG) {
        sb_str(o, "StartTag");
        sb_field(o, tok->data, tok->data_len, 1);
        kv *a = calloc(tok->nattrs + 1, sizeof *a);
        if (!a) abort();
        for (size_t i = 0; i < tok->nattrs; i++) {
            a[i].k = tok->attrs[i].name;
            a[i].kn = tok->attrs[i].name_len;
            a[i].v = tok->attrs[i].value;
            a[i].vn = tok->attrs[i].value_len;
        }
        tl_attrs(l, a, tok->nattrs);
        free(a);
        if (tok->self_closing) sb_str(o, " selfclosing");
    } else if (tok->type == GALLEY_TOKEN_END_TAG) {
        sb_str(o, "EndTag");
        sb_field(o, tok->data, tok->data_len, 1);
    } else if (tok->type == GALLEY_TOKEN_COMMENT) {
        sb_str(o, "Comment");
        sb_field(o, tok->data, tok->data_len, 1);
    }
    sb_str(o, "\n");
    return 0;
}

static size_t put_utf8(uint32_t cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) { /* surrogates included: WTF-8 */
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

static int hex4(const char *s, uint32_t *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = (c >= '0' && c <= '9') ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (d < 0) return 0;
        *v = *v * 16 + (uint32_t)d;
    }
    return 1;
}

/* The second round of unescaping of doubleEscaped tests, into `out`. */
static void unescape(const char *s, size_t n, sbuf *out)
{
    out->n = 0;
    sb_put(out, "", 0);
    for (size_t i = 0; i < n;) {
        uint32_t v, w;
        if (i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' && hex4(s + i + 2, &v)) {
            i += 6;
            if (v >= 0xD800 && v <= 0xDBFF && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' &&
                hex4(s + i + 2, &w) && w >= 0xDC00 && w <= 0xDFFF) {
                v = 0x10000 + ((v - 0xD800) << 10) + (w - 0xDC00);
                i += 6;
            }
            char u[4];
            sb_put(out, u, put_utf8(v, u));
        } else {
            sb_put(out, &s[i], 1);
            i++;
        }
    }
}

static void jstr(json_object *o, int dbl, sbuf *tmp, const char **s, size_t *n)
{
    *s = json_object_get_string(o);
    *n = (size_t)json_object_get_string_len(o);
    if (dbl) {
        unescape(*s, *n, tmp);
        *s = tmp->d;
        *n = tmp->n;
    }
}

/* Serializes the expected "output" array the same way sink() does. */
static void expected_tokens(json_object *out, int dbl, tlist *l)
{
    sbuf tmp = {0}, tmp2 = {0};
    size_t nt = json_object_array_length(out);
    for (size_t i = 0; i < nt; i++) {
        json_object *tk = json_object_array_get_idx(out, i);
        const char *type = json_object_get_string(json_object_array_get_idx(tk, 0));
        const char *s;
        size_t n;
        if (strcmp(type, "Character") == 0) {
            jstr(json_object_array_get_idx(tk, 1), dbl, &tmp, &s, &n);
            tl_chars(l, s, n);
            continue;
        }
        tl_flush(l);
        sbuf *o = &l->out;
        if (strcmp(type, "DOCTYPE") == 0) {
            sb_str(o, "DOCTYPE");
            for (int k = 1; k <= 3; k++) {
                json_object *f = json_object_array_get_idx(tk, (size_t)k);
                if (!f || json_object_is_type(f, json_type_null)) {
                    sb_field(o, NULL, 0, 0);
                } else {
                    jstr(f, dbl, &tmp, &s, &n);
                    sb_field(o, s, n, 1);
                }
            }
            sb_str(o, json_object_get_boolean(json_object_array_get_idx(tk, 4)) ? " true"
                                                                                : " false");
        } else if (strcmp(type, "StartTag") == 0) {
            sb_str(o, "StartTag");
            jstr(json_object_array_get_idx(tk, 1), dbl, &tmp, &s, &n);
            sb_field(o, s, n, 1);
            json_object *attrs = json_object_array_get_idx(tk, 2);
            size_t na = attrs ? (size_t)json_object_object_length(attrs) : 0;
            kv *a = calloc(na + 1, sizeof *a);
            sbuf *keep = calloc(2 * na + 1, sizeof *keep);
            if (!a || !keep) abort();
            size_t j = 0;
            if (attrs) {
                json_object_object_foreach(attrs, key, val)
                {
                    if (dbl) {
                        unescape(key, strlen(key), &keep[2 * j]);
                        a[j].k = keep[2 * j].d;
                        a[j].kn = keep[2 * j].n;
                        unescape(json_object_get_string(val),
                                 (size_t)json_object_get_string_len(val), &keep[2 * j + 1]);
                        a[j].v = keep[2 * j + 1].d;
                        a[j].vn = keep[2 * j + 1].n;
                    } else {
                        a[j].k = key;
                        a[j].kn = strlen(key);
                        a[j].v = json_object_get_string(val);
                        a[j].vn = (size_t)json_object_get_string_len(val);
                    }
                    j++;
                }
            }
            tl_attrs(l, a, j);
            for (size_t k = 0; k < 2 * na; k++) free(keep[k].d);
            free(keep);
            free(a);
            json_object *sc = json_object_array_get_idx(tk, 3);
            if (sc && json_object_get_boolean(sc)) sb_str(o, " selfclosing");
        } else if (strcmp(type, "EndTag") == 0) {
            sb_str(o, "EndTag");
            jstr(json_object_array_get_idx(tk, 1), dbl, &tmp, &s, &n);
            sb_field(o, s, n, 1);
        } else if (strcmp(type, "Comment") == 0) {
            sb_str(o, "Comment");
            jstr(json_object_array_get_idx(tk, 1), dbl, &tmp, &s, &n);
            sb_field(o, s, n, 1);
        } else {
            sb_str(o, "?");
            sb_str(o, type);
        }
        sb_str(o, "\n");
    }
    tl_flush(l);
    free(tmp.d);
    free(tmp2.d);
}

static int state_of(const char *name, galley_tokenizer_state *s)
{
    static const struct {
        const char *name;
        galley_tokenizer_state s;
    } map[] = {
        {"Data state", GALLEY_TS_DATA},       {"PLAINTEXT state", GALLEY_TS_PLAINTEXT},
        {"RCDATA state", GALLEY_TS_RCDATA},   {"RAWTEXT state", GALLEY_TS_RAWTEXT},
        {"Script data state", GALLEY_TS_SCRIPT_DATA},
        {"CDATA section state", GALLEY_TS_CDATA_SECTION},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].name, name) == 0) {
            *s = map[i].s;
            return 1;
        }
    return 0;
}

static void run_one(const char *file, json_object *test, galley_tokenizer_state st,
                    const char *stname, h5_counts *c, int verbose)
{
    json_object *o;
    int dbl = json_object_object_get_ex(test, "doubleEscaped", &o) && json_object_get_boolean(o);
    const char *last = NULL;
    if (json_object_object_get_ex(test, "lastStartTag", &o) &&
        json_object_is_type(o, json_type_string))
        last = json_object_get_string(o);
    sbuf input = {0};
    const char *in;
    size_t inlen;
    json_object_object_get_ex(test, "input", &o);
    jstr(o, dbl, &input, &in, &inlen);

    tlist got = {0}, want = {0};
    size_t nerr = 0;
    galley_status rc = galley_tokenize(in, inlen, st, last, sink, &got, &nerr);
    tl_flush(&got);
    json_object *out = NULL;
    json_object_object_get_ex(test, "output", &out);
    if (out) expected_tokens(out, dbl, &want);

    int ok = rc == GALLEY_OK && got.out.n == want.out.n &&
             (got.out.n == 0 || memcmp(got.out.d, want.out.d, got.out.n) == 0);
    if (ok) {
        c->passed++;
    } else {
        c->failed++;
        if (verbose) {
            json_object *d = NULL;
            json_object_object_get_ex(test, "description", &d);
            sbuf show = {0};
            sb_field(&show, in, inlen, 1);
            printf("FAIL tokenizer/%s [%s] %s\n  input:%s\n  want:\n%s  got (status %d):\n%s\n",
                   file, stname, d ? json_object_get_string(d) : "?", show.d,
                   want.out.d ? want.out.d : "", (int)rc, got.out.d ? got.out.d : "");
            free(show.d);
        }
    }
    free(input.d);
    free(got.out.d);
    free(got.chars.d);
    free(want.out.d);
    free(want.chars.d);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int h5_run_tokenizer(const char *dir, h5_counts *c, int verbose)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tokenizer", dir);
    c->passed = c->failed = c->skipped = 0;
    DIR *dh = opendir(path);
    if (!dh) return -1;
    char *names[256];
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(dh)) && nn < 256) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".test") == 0) names[nn++] = strdup(de->d_name);
    }
    closedir(dh);
    qsort(names, nn, sizeof names[0], name_cmp);
    int rc = 0;
    for (size_t i = 0; i < nn; i++) {
        char fp[8192];
        snprintf(fp, sizeof fp, "%s/%s", path, names[i]);
        size_t len = 0;
        char *text = h5_read_file(fp, &len);
        json_object *root = text ? json_tokener_parse(text) : NULL;
        free(text);
        if (!root) {
            fprintf(stderr, "tokenizer: cannot read %s\n", fp);
            rc = -1;
            free(names[i]);
            continue;
        }
        json_object *tests;
        if (json_object_object_get_ex(root, "tests", &tests)) {
            size_t nt = json_object_array_length(tests);
            for (size_t k = 0; k < nt; k++) {
                json_object *test = json_object_array_get_idx(tests, k);
                json_object *states;
                if (json_object_object_get_ex(test, "initialStates", &states)) {
                    size_t ns = json_object_array_length(states);
                    for (size_t s = 0; s < ns; s++) {
                        const char *sn =
                            json_object_get_string(json_object_array_get_idx(states, s));
                        galley_tokenizer_state st;
                        if (state_of(sn, &st)) run_one(names[i], test, st, sn, c, verbose);
                        else c->skipped++;
                    }
                } else {
                    run_one(names[i], test, GALLEY_TS_DATA, "Data state", c, verbose);
                }
            }
        }
        json_object_put(root);
        free(names[i]);
    }
    return rc;
}
