/*
 * fuzz_extract -- libFuzzer target for galley_extract() and every output
 * format of galley_article_render().
 *
 * Input: byte 0 picks the options (mode, comments, metadata, images, links,
 * tables, a page URL or none); byte 1 bit 0 asks for a second extraction of
 * the same bytes whose JSON must equal the first (determinism); the rest is
 * the page. Every string the article hands back must be valid UTF-8 of the
 * length it claims, confidences must lie in [0,1], and the JSON rendering
 * must be one valid JSON object on one line.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "galley.h"
#include "fuzz_util.h"

#define CHECK(c)              \
    do {                      \
        if (!(c))             \
            __builtin_trap(); \
    } while (0)

static void check_cstr(const char *s)
{
    if (s)
        CHECK(valid_utf8((const unsigned char *)s, strlen(s)));
}

static void check_len(const char *s, size_t len)
{
    CHECK(s != NULL);
    CHECK(s[len] == '\0');
    CHECK(valid_utf8((const unsigned char *)s, len));
}

/* Blocks form a tree without parent links: an explicit stack of the next
 * sibling to resume at. Deeper than the stack, the walk stops descending. */
#define MAX_DEPTH 256

static void walk_blocks(const galley_block *b)
{
    const galley_block *stack[MAX_DEPTH];
    size_t depth = 0;
    static const char *const ATTRS[] = {"src", "alt", "caption", "language", "href", "start"};
    while (b || depth) {
        if (!b) {
            b = stack[--depth];
            continue;
        }
        galley_block_type t = galley_block_get_type(b);
        CHECK(t >= GALLEY_BLOCK_HEADING && t <= GALLEY_BLOCK_RULE);
        size_t len = 0;
        check_len(galley_block_text(b, &len), len);
        int level = galley_block_level(b);
        if (t == GALLEY_BLOCK_HEADING)
            CHECK(level >= 1 && level <= 6);
        for (size_t i = 0; i < sizeof ATTRS / sizeof ATTRS[0]; i++)
            check_cstr(galley_block_attr(b, ATTRS[i]));
        const galley_block *c = galley_block_first_child(b);
        if (c && depth < MAX_DEPTH) {
            stack[depth++] = galley_block_next(b);
            b = c;
        } else {
            b = galley_block_next(b);
        }
    }
}

static void check_json(const char *s, size_t len)
{
    /* one object on one line: a final newline at most */
    const char *nl = memchr(s, '\n', len);
    CHECK(!nl || nl == s + len - 1);
    /* galley's JSON nests two levels per block level (children arrays), and
     * reply threads or list soups nest blocks as deep as the tree cap
     * allows: json-c's default depth of 32 is the checker's limit, not a
     * fault of the output */
    json_tokener *tok = json_tokener_new_ex(4096);
    if (!tok)
        return;
    json_object *o = json_tokener_parse_ex(tok, s, (int)len);
    CHECK(o != NULL && json_object_is_type(o, json_type_object));
    size_t used = json_tokener_get_parse_end(tok);
    for (size_t i = used; i < len; i++)
        CHECK(s[i] == '\n' || s[i] == ' ' || s[i] == '\r');
    json_object_put(o);
    json_tokener_free(tok);
}

static char *render_json(const char *in, size_t len, const char *url, const galley_options *o,
                         size_t *out_len)
{
    galley_article *a = galley_extract(in, len, url, NULL, o, NULL);
    if (!a)
        return NULL;
    char *s = galley_article_render(a, GALLEY_FORMAT_JSON, out_len);
    galley_article_free(a);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned opt = data[0], flags = data[1];
    const char *in = (const char *)data + 2;
    size_t len = size - 2;

    galley_options *o = galley_options_new();
    if (!o)
        return 0;
    galley_options_set_int(o, GALLEY_OPT_MODE, opt % 3);
    galley_options_set_int(o, GALLEY_OPT_COMMENTS, (opt >> 2) & 1);
    galley_options_set_int(o, GALLEY_OPT_METADATA, !((opt >> 3) & 1));
    galley_options_set_int(o, GALLEY_OPT_IMAGES, !((opt >> 4) & 1));
    galley_options_set_int(o, GALLEY_OPT_LINKS, !((opt >> 5) & 1));
    galley_options_set_int(o, GALLEY_OPT_TABLES, !((opt >> 6) & 1));
    /* dates are judged against the clock unless fixed: fix it */
    galley_options_set_int(o, GALLEY_OPT_REFERENCE_TIME, 1767225600);
    const char *url = (opt & 0x80) ? "https://news.example.com/2025/03/story.html?id=7#top" : NULL;

    galley_error err;
    galley_article *a = galley_extract(in, len, url, NULL, o, &err);
    if (!a) {
        CHECK(err.code != GALLEY_OK);
        galley_options_free(o);
        return 0;
    }
    CHECK((unsigned)galley_article_status(a) < GALLEY_STATUS_COUNT_);
    for (int f = 0; f < GALLEY_FIELD_AUTHORS; f++) {
        const char *v = galley_article_field(a, (galley_field)f);
        check_cstr(v);
        if (!v)
            CHECK(galley_article_field_source(a, (galley_field)f) == NULL);
    }
    for (int f = GALLEY_FIELD_AUTHORS; f < GALLEY_FIELD_COUNT_; f++) {
        size_t n = galley_article_list_count(a, (galley_field)f);
        for (size_t i = 0; i < n; i++) {
            const char *v = galley_article_list_item(a, (galley_field)f, i);
            CHECK(v != NULL);
            check_cstr(v);
        }
    }
    double c = galley_article_confidence(a), lc = galley_article_language_confidence(a);
    CHECK(c >= 0.0 && c <= 1.0 && !isnan(c));
    CHECK(lc >= 0.0 && lc <= 1.0 && !isnan(lc));
    walk_blocks(galley_article_blocks(a));
    walk_blocks(galley_article_comments(a));
    size_t tlen = 0;
    check_len(galley_article_text(a, &tlen), tlen);

    char *json = NULL;
    size_t json_len = 0;
    for (int fmt = GALLEY_FORMAT_TEXT; fmt <= GALLEY_FORMAT_XML; fmt++) {
        size_t n = 0;
        char *s = galley_article_render(a, (galley_format)fmt, &n);
        if (!s)
            continue; /* only on OOM */
        check_len(s, n);
        if (fmt == GALLEY_FORMAT_JSON) {
            check_json(s, n);
            json = s, json_len = n;
        } else {
            galley_free(s);
        }
    }
    galley_article_free(a);

    if ((flags & 1) && json) {
        size_t n2 = 0;
        char *again = render_json(in, len, url, o, &n2);
        if (again)
            CHECK(n2 == json_len && memcmp(again, json, n2) == 0);
        galley_free(again);
    }
    galley_free(json);
    galley_options_free(o);
    return 0;
}
