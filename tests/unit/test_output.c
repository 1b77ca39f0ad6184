/* Serializers and article accessors, seen through the public API: pages are
 * extracted with galley_extract() and rendered in every format. The pages
 * are tiny and unambiguous so that what is tested is the output, not the
 * extractor's choices. */
#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

#define FILLER                                                                                 \
    "This paragraph is long enough to look like body text to any extractor, with "           \
    "several clauses, commas, and a full stop at the end of it."

static galley_article *extract(const char *html)
{
    galley_error err;
    memset(&err, 0, sizeof err);
    galley_article *a =
        galley_extract(html, strlen(html), "https://example.org/news/a.html", NULL, NULL, &err);
    ck_assert_msg(a != NULL, "extract failed: %s", err.msg);
    return a;
}

static char *render(const galley_article *a, galley_format f)
{
    size_t len = 0;
    char *s = galley_article_render(a, f, &len);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(strlen(s), len);
    return s;
}

static json_object *parse_json(const char *s)
{
    json_tokener *tok = json_tokener_new();
    json_object *o = json_tokener_parse_ex(tok, s, (int)strlen(s));
    enum json_tokener_error e = json_tokener_get_error(tok);
    ck_assert_msg(e == json_tokener_success, "invalid JSON (%s): %s",
                  json_tokener_error_desc(e), s);
    /* one object, nothing after it */
    ck_assert_int_eq((int)json_tokener_get_parse_end(tok), (int)strlen(s));
    json_tokener_free(tok);
    ck_assert(json_object_is_type(o, json_type_object));
    return o;
}

/* True when the bytes are valid UTF-8. */
static int utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t k = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
        if (k == 9 || i + k > n - 1) return 0;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80) return 0;
        i += k + 1;
    }
    return 1;
}

static const char *const record_keys[] = {
    "source", "url", "status", "error", "title", "authors", "published", "modified",
    "site_name", "description", "language", "image", "categories", "tags", "organizations",
    "page_type", "free", "confidence", "language_confidence", "encoding", "sources", "text",
    "blocks", "comments",
};

START_TEST(json_record_is_valid_and_complete)
{
    galley_article *a = extract(
        "<html lang=en><head><title>A \"quoted\" \\ title</title></head><body><article>"
        "<p>" FILLER "</p><p>Second \"paragraph\" with a back\\slash and a tab\there.</p>"
        "</article></body></html>");
    char *s = render(a, GALLEY_FORMAT_JSON);
    ck_assert_ptr_null(strchr(s, '\n'));
    json_object *o = parse_json(s);
    for (size_t i = 0; i < sizeof record_keys / sizeof *record_keys; i++)
        ck_assert_msg(json_object_object_get_ex(o, record_keys[i], NULL), "missing key %s",
                      record_keys[i]);
    json_object *v;
    json_object_object_get_ex(o, "status", &v);
    ck_assert_str_eq(json_object_get_string(v), "ok");
    json_object_object_get_ex(o, "text", &v);
    size_t tlen;
    const char *text = galley_article_text(a, &tlen);
    ck_assert_str_eq(json_object_get_string(v), text);
    ck_assert_ptr_nonnull(strstr(text, "back\\slash"));
    ck_assert_ptr_nonnull(strstr(text, "\"paragraph\""));
    json_object_object_get_ex(o, "blocks", &v);
    ck_assert(json_object_is_type(v, json_type_array));
    ck_assert_int_ge((int)json_object_array_length(v), 2);
    json_object *b0 = json_object_array_get_idx(v, 0), *t;
    json_object_object_get_ex(b0, "type", &t);
    ck_assert_str_eq(json_object_get_string(t), "paragraph");
    json_object_put(o);
    galley_free(s);
    galley_article_free(a);
}
END_TEST

START_TEST(json_escapes_controls_and_line_separators)
{
    /* U+0001 via a character reference, U+2028/U+2029, an invalid byte */
    galley_article *a = extract(
        "<html><head><meta charset=utf-8></head><body><article><p>" FILLER
        " ctrl[&#1;] ls[&#x2028;] ps[&#x2029;] bad[\xff] nul-ref[&#0;] del[\x7f]</p>"
        "</article></body></html>");
    char *s = render(a, GALLEY_FORMAT_JSON);
    ck_assert(utf8_ok((const unsigned char *)s, strlen(s)));
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) ck_assert_uint_ge(*p, 0x20);
    ck_assert_ptr_null(strstr(s, "\xE2\x80\xA8"));
    ck_assert_ptr_null(strstr(s, "\xE2\x80\xA9"));
    ck_assert_ptr_nonnull(strstr(s, "\\u2028"));
    ck_assert_ptr_nonnull(strstr(s, "\\u2029"));
    ck_assert_ptr_nonnull(strstr(s, "ctrl[\\u0001]"));
    json_object *o = parse_json(s);
    json_object_put(o);
    galley_free(s);
    galley_article_free(a);
}
END_TEST

START_TEST(text_format_shapes)
{
    galley_article *a = extract(
        "<html><body><article><h2>Section</h2><p>" FILLER "</p>"
        "<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>"
        "<ol><li>first</li><li>second</li></ol>"
        "<table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>"
        "<p>" FILLER "</p></article></body></html>");
    size_t n;
    const char *t = galley_article_text(a, &n);
    ck_assert_uint_eq(strlen(t), n);
    ck_assert_msg(strstr(t, "- one\n- two\n  - nested") != NULL, "lists: %s", t);
    ck_assert_msg(strstr(t, "1. first\n2. second") != NULL, "ordered: %s", t);
    ck_assert_msg(strstr(t, "Name | Value\na | 1") != NULL, "table: %s", t);
    ck_assert_msg(strstr(t, "Section\n\n") != NULL, "blank line between blocks: %s", t);
    ck_assert(n == 0 || t[n - 1] != '\n');
    char *r = render(a, GALLEY_FORMAT_TEXT);
    ck_assert_uint_eq(strlen(r), n + 1); /* the text plus the file's newline */
    ck_assert(strncmp(r, t, n) == 0);
    galley_free(r);
    galley_article_free(a);
}
END_TEST

START_TEST(markdown_escapes_and_inline)
{
    galley_article *a = extract(
        "<html><head><title>T</title></head><body><article><p>" FILLER "</p>"
        "<p>Stars *not em* and _under_ and [brackets] and a <em>real one</em> and "
        "<strong>bold</strong> and <code>x `y` z</code> and a <a href=\"/rel\">link</a> and "
        "a <a href=\"javascript:alert(1)\">bad link</a>.</p>"
        "<p># not a heading</p><p>1. not a list</p>"
        "<p>A tag-like &lt;b&gt; stays text, and so does 2 &lt; 3 or utm_source.</p>"
        "<blockquote><p>quoted</p><p>twice</p></blockquote>"
        "<pre><code class=\"language-python\">print(1)\n```\n</code></pre>"
        "</article></body></html>");
    char *md = render(a, GALLEY_FORMAT_MARKDOWN);
    ck_assert_msg(strstr(md, "\\*not em\\*") != NULL, "%s", md);
    ck_assert_msg(strstr(md, "\\_under\\_") != NULL, "%s", md);
    /* no link definitions are ever written: a lone [x] is literal text */
    ck_assert_msg(strstr(md, "[brackets] and") != NULL, "%s", md);
    ck_assert_msg(strstr(md, "*real one*") != NULL, "%s", md);
    ck_assert_msg(strstr(md, "**bold**") != NULL, "%s", md);
    /* escapes only where the character would change the meaning */
    ck_assert_msg(strstr(md, "A tag-like \\<b> stays text, and so does 2 < 3 or utm_source.") != NULL,
                  "%s", md);
    ck_assert_msg(strstr(md, "``x `y` z``") != NULL, "%s", md);
    ck_assert_msg(strstr(md, "[link](https://example.org/rel)") != NULL ||
                      strstr(md, "[link](/rel)") != NULL,
                  "%s", md);
    ck_assert_msg(strstr(md, "javascript") == NULL, "%s", md);
    ck_assert_msg(strstr(md, "\\# not a heading") != NULL, "%s", md);
    ck_assert_msg(strstr(md, "1\\. not a list") != NULL, "%s", md);
    ck_assert_msg(strstr(md, "> quoted\n>\n> twice") != NULL, "%s", md);
    ck_assert_msg(strstr(md, "````python\nprint(1)\n```\n````") != NULL, "%s", md);
    galley_free(md);
    galley_article_free(a);
}
END_TEST

START_TEST(html_and_xml_escape)
{
    galley_article *a = extract(
        "<html lang=\"en\"><head><title>Tags &lt;b&gt; &amp; \"quotes\"</title></head><body>"
        "<article><p>" FILLER "</p><p>Text with &lt;script&gt;alert(1)&lt;/script&gt; and "
        "&amp; and ctrl[&#1;] and <a href=\"javascript:x()\">js</a>.</p>"
        "<figure><img src=\"/i.jpg\" alt='a \"q\"'><figcaption>Cap &lt;1&gt;</figcaption>"
        "</figure></article></body></html>");
    char *h = render(a, GALLEY_FORMAT_HTML);
    ck_assert_ptr_null(strstr(h, "<script"));
    ck_assert_ptr_nonnull(strstr(h, "&lt;script&gt;"));
    ck_assert_ptr_nonnull(strstr(h, "<h1>Tags &lt;b&gt; &amp; \"quotes\"</h1>"));
    ck_assert_ptr_null(strstr(h, "javascript"));
    ck_assert_ptr_nonnull(strstr(h, "<article>"));
    ck_assert_ptr_nonnull(strstr(h, "</html>"));
    char *x = render(a, GALLEY_FORMAT_XML);
    ck_assert(strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc", 43) == 0);
    ck_assert_ptr_nonnull(strstr(x, "title=\"Tags &lt;b&gt; &amp; &quot;quotes&quot;\""));
    ck_assert_ptr_nonnull(strstr(x, "<main>"));
    ck_assert_ptr_nonnull(strstr(x, "</doc>\n"));
    /* well-formed for control characters: none but tab/LF/CR survive */
    for (const char *s = h; *s; s++)
        ck_assert((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t' || *s == '\r');
    for (const char *s = x; *s; s++)
        ck_assert((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t' || *s == '\r');
    /* every '&' starts an entity or character reference */
    for (const char *s = x; (s = strchr(s, '&')) != NULL; s++)
        ck_assert(strncmp(s, "&amp;", 5) == 0 || strncmp(s, "&lt;", 4) == 0 ||
                  strncmp(s, "&gt;", 4) == 0 || strncmp(s, "&quot;", 6) == 0 ||
                  strncmp(s, "&#", 2) == 0);
    galley_free(h);
    galley_free(x);
    galley_article_free(a);
}
END_TEST

START_TEST(deep_nesting_renders)
{
    /* nested lists as deep as the tree cap allows: walks are iterative */
    enum { DEPTH = 3000 };
    size_t cap = DEPTH * 18 + 512;
    char *html = malloc(cap);
    ck_assert_ptr_nonnull(html);
    size_t n = (size_t)snprintf(html, cap, "<html><body><article><p>%s</p>", FILLER);
    for (int i = 0; i < DEPTH; i++) n += (size_t)snprintf(html + n, cap - n, "<ul><li>x");
    n += (size_t)snprintf(html + n, cap - n, "</article></body></html>");
    galley_article *a = extract(html);
    for (int f = GALLEY_FORMAT_TEXT; f <= GALLEY_FORMAT_XML; f++) {
        char *s = render(a, (galley_format)f);
        galley_free(s);
    }
    galley_article_free(a);
    free(html);
}
END_TEST

START_TEST(accessors_take_null)
{
    ck_assert_ptr_null(galley_article_render(NULL, GALLEY_FORMAT_JSON, NULL));
    ck_assert_ptr_null(galley_article_text(NULL, NULL));
    ck_assert_ptr_null(galley_article_field(NULL, GALLEY_FIELD_TITLE));
    ck_assert_ptr_null(galley_article_field_source(NULL, GALLEY_FIELD_TITLE));
    ck_assert_uint_eq(galley_article_list_count(NULL, GALLEY_FIELD_AUTHORS), 0);
    ck_assert_ptr_null(galley_article_list_item(NULL, GALLEY_FIELD_AUTHORS, 0));
    ck_assert_ptr_null(galley_article_blocks(NULL));
    ck_assert_ptr_null(galley_article_comments(NULL));
    ck_assert_ptr_null(galley_block_next(NULL));
    ck_assert_ptr_null(galley_block_first_child(NULL));
    ck_assert_ptr_null(galley_block_attr(NULL, "src"));
    ck_assert_int_eq(galley_block_level(NULL), 0);
    ck_assert_int_eq(galley_article_status(NULL), GALLEY_ERR_INVALID_ARG);
    galley_article_free(NULL);

    galley_article *a = extract("<html><head><title>X</title></head><body><article><p>" FILLER
                                "</p><ol start=\"7\"><li>seven</li></ol></article></body></html>");
    ck_assert_ptr_null(galley_article_field(a, GALLEY_FIELD_AUTHORS)); /* a list field */
    ck_assert_ptr_null(galley_article_field(a, (galley_field)99));
    ck_assert_ptr_null(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 1000));
    const galley_block *b = galley_article_blocks(a);
    for (; b && galley_block_get_type(b) != GALLEY_BLOCK_LIST; b = galley_block_next(b)) {
        size_t len;
        const char *t = galley_block_text(b, &len);
        ck_assert_uint_eq(strlen(t), len);
    }
    if (b) {
        ck_assert_int_eq(galley_block_level(b), 1);
        ck_assert_str_eq(galley_block_attr(b, "start"), "7");
        ck_assert_ptr_null(galley_block_attr(b, "nonsense"));
    }
    galley_article_free(a);
}
END_TEST

START_TEST(error_record_has_every_key)
{
    FILE *out = tmpfile(), *err = tmpfile();
    ck_assert_ptr_nonnull(out);
    const char *inputs[] = {"/nonexistent/galley/page.html"};
    galley_batch_config c;
    galley_batch_config_init(&c);
    c.inputs = inputs;
    c.ninputs = 1;
    c.jsonl = 1;
    c.format = GALLEY_FORMAT_JSON;
    c.quiet = 1;
    c.out = out;
    c.err = err;
    galley_batch_run(&c, NULL);
    rewind(out);
    char line[8192];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, out));
    line[strcspn(line, "\n")] = '\0';
    json_object *o = parse_json(line);
    for (size_t i = 0; i < sizeof record_keys / sizeof *record_keys; i++)
        ck_assert_msg(json_object_object_get_ex(o, record_keys[i], NULL), "missing key %s",
                      record_keys[i]);
    json_object *v;
    json_object_object_get_ex(o, "status", &v);
    ck_assert_str_ne(json_object_get_string(v), "ok");
    json_object_object_get_ex(o, "error", &v);
    ck_assert(json_object_is_type(v, json_type_string));
    json_object_object_get_ex(o, "authors", &v);
    ck_assert(json_object_is_type(v, json_type_array));
    json_object_object_get_ex(o, "title", &v);
    ck_assert_ptr_null(v);
    json_object_put(o);
    fclose(out);
    fclose(err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("output");
    tcase_add_test(tc, json_record_is_valid_and_complete);
    tcase_add_test(tc, json_escapes_controls_and_line_separators);
    tcase_add_test(tc, text_format_shapes);
    tcase_add_test(tc, markdown_escapes_and_inline);
    tcase_add_test(tc, html_and_xml_escape);
    tcase_add_test(tc, deep_nesting_renders);
    tcase_add_test(tc, accessors_take_null);
    tcase_add_test(tc, error_record_has_every_key);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
