/* Links as data and URL resolution, through the public API: inline links
 * in the C API and the JSON record, and every URL (links, figures, lead
 * image, canonical URL) resolved by RFC 3986 against the page URL or
 * <base href>. Every page here is written for the test. */
#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

#define PROSE                                                                                  \
    "The harbour board met on Tuesday evening to settle the future of the old pier, "       \
    "which has stood on the east shore since the town was founded and now needs repair. "

static galley_article *extract_url(const char *html, const char *url)
{
    galley_error err;
    memset(&err, 0, sizeof err);
    galley_article *a = galley_extract(html, strlen(html), url, NULL, NULL, &err);
    ck_assert_msg(a != NULL, "galley_extract failed: %s", err.msg);
    return a;
}

/* The href of the first link of the first paragraph of a page made of one
 * paragraph linking to `href`. */
static char *resolve_via_page(const char *base, const char *href)
{
    char html[2048];
    snprintf(html, sizeof html,
             "<html><body><article><p>%s Read <a href=\"%s\">the board's report</a> for "
             "more.</p><p>%s</p></article></body></html>",
             PROSE, href, PROSE);
    galley_article *a = extract_url(html, base);
    const galley_block *b = galley_article_blocks(a);
    ck_assert_ptr_nonnull(b);
    galley_link l;
    size_t n = galley_block_links(b, &l, 1);
    char *r = n ? strdup(l.href) : NULL;
    galley_article_free(a);
    return r;
}

/* RFC 3986 section 5.4.1 (normal examples) and some of 5.4.2 (abnormal) */
START_TEST(rfc3986_examples)
{
    static const char *const cases[][2] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g#s/../x", "http://a/b/c/g#s/../x"},
        {"http://a/b/./c/../d", "http://a/b/d"}, /* absolute: dots go too */
        {"//h/x/../y", "http://h/y"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *r = resolve_via_page("http://a/b/c/d;p?q", cases[i][0]);
        ck_assert_msg(r && strcmp(r, cases[i][1]) == 0, "%s -> %s, want %s", cases[i][0],
                      r ? r : "(none)", cases[i][1]);
        free(r);
    }
}
END_TEST

/* One <base href>: the lead image, the figure, the links and the canonical
 * URL all come out absolute and without dot segments. */
static const char base_page[] =
    "<html><head><base href=\"https://example.com/news/2024/\">"
    "<link rel=\"canonical\" href=\"https://example.com/./news/2024/./pier.html\">"
    "<meta property=\"og:image\" content=\"../img/pier.jpg\"><title>The pier</title></head>"
    "<body><article><h1>The pier</h1><p>" PROSE
    "Learn more <a href=\"../more/pier.html?utm_source=x\">here</a>. The caf\xc3\xa9 "
    "owners read <a href=\"/a/./b/../c.html\">the report</a>.</p>"
    "<figure><img src=\"../img/pier.jpg\"><figcaption>The pier at low tide</figcaption></figure>"
    "<p>" PROSE "</p></article></body></html>";

START_TEST(base_href_everywhere)
{
    galley_article *a = extract_url(base_page, NULL);
    ck_assert_str_eq(galley_article_field(a, GALLEY_FIELD_IMAGE),
                     "https://example.com/news/img/pier.jpg");
    ck_assert_str_eq(galley_article_field(a, GALLEY_FIELD_URL),
                     "https://example.com/news/2024/pier.html");
    const galley_block *b = galley_article_blocks(a);
    while (b && galley_block_get_type(b) != GALLEY_BLOCK_PARAGRAPH) b = galley_block_next(b);
    ck_assert_ptr_nonnull(b);
    galley_link l[4];
    ck_assert_uint_eq(galley_block_links(b, NULL, 0), 2);
    ck_assert_uint_eq(galley_block_links(b, l, 4), 2);
    ck_assert_str_eq(l[0].href, "https://example.com/news/more/pier.html?utm_source=x");
    ck_assert_str_eq(l[1].href, "https://example.com/a/c.html");
    size_t tl;
    const char *t = galley_block_text(b, &tl);
    ck_assert_uint_le(l[1].end, tl);
    /* byte offsets */
    ck_assert_int_eq((int)(l[0].end - l[0].start), 4);
    ck_assert(memcmp(t + l[0].start, "here", 4) == 0);
    ck_assert(memcmp(t + l[1].start, "the report", 10) == 0);
    const galley_block *f = b;
    while (f && galley_block_get_type(f) != GALLEY_BLOCK_FIGURE) f = galley_block_next(f);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(galley_block_attr(f, "src"), "https://example.com/news/img/pier.jpg");

    /* Markdown and HTML carry the same absolute URLs */
    char *md = galley_article_render(a, GALLEY_FORMAT_MARKDOWN, NULL);
    ck_assert_msg(strstr(md, "(https://example.com/news/more/pier.html?utm_source=x)") &&
                      strstr(md, "(https://example.com/news/img/pier.jpg)"),
                  "%s", md);
    galley_free(md);
    galley_article_free(a);
}
END_TEST

START_TEST(page_url_dots_removed)
{
    galley_article *a = extract_url("<html><body><article><p>" PROSE "</p><p>" PROSE
                                    "</p></article></body></html>",
                                    "https://example.com/a/./b/../story.html");
    ck_assert_str_eq(galley_article_field(a, GALLEY_FIELD_URL),
                     "https://example.com/a/story.html");
    galley_article_free(a);
}
END_TEST

/* JSON blocks carry links with code point offsets into the block's text. */
START_TEST(json_links_code_points)
{
    galley_article *a = extract_url(base_page, NULL);
    char *js = galley_article_render(a, GALLEY_FORMAT_JSON, NULL);
    json_object *o = json_tokener_parse(js);
    ck_assert_msg(o != NULL, "invalid JSON: %s", js);
    json_object *blocks = json_object_object_get(o, "blocks");
    json_object *para = NULL;
    for (size_t i = 0; i < json_object_array_length(blocks); i++) {
        json_object *b = json_object_array_get_idx(blocks, i);
        if (json_object_object_get(b, "links")) {
            para = b;
            break;
        }
    }
    ck_assert_ptr_nonnull(para);
    json_object *links = json_object_object_get(para, "links");
    ck_assert_uint_eq(json_object_array_length(links), 2);
    const char *text = json_object_get_string(json_object_object_get(para, "text"));
    for (size_t i = 0; i < 2; i++) {
        json_object *l = json_object_array_get_idx(links, i);
        int st = json_object_get_int(json_object_object_get(l, "start"));
        int en = json_object_get_int(json_object_object_get(l, "end"));
        const char *lt = json_object_get_string(json_object_object_get(l, "text"));
        /* walk st code points into the text */
        const char *p = text;
        for (int k = 0; k < st; k++) {
            p++;
            while (((unsigned char)*p & 0xC0) == 0x80) p++;
        }
        ck_assert_msg(strncmp(p, lt, strlen(lt)) == 0, "link %zu at %d: %.20s", i, st, p);
        ck_assert_int_eq(en - st, (int)strlen(lt)); /* ASCII link texts */
    }
    /* the second link comes after "café": its code point offset is one
     * less than its byte offset */
    galley_link bl[2];
    const galley_block *b = galley_article_blocks(a);
    while (galley_block_links(b, NULL, 0) == 0) b = galley_block_next(b);
    galley_block_links(b, bl, 2);
    int st1 = json_object_get_int(
        json_object_object_get(json_object_array_get_idx(links, 1), "start"));
    ck_assert_int_eq(st1 + 1, (int)bl[1].start);
    json_object_put(o);
    galley_free(js);
    galley_article_free(a);
}
END_TEST

START_TEST(no_links_option)
{
    galley_options *o = galley_options_new();
    galley_options_set_int(o, GALLEY_OPT_LINKS, 0);
    galley_article *a = galley_extract(base_page, strlen(base_page), NULL, NULL, o, NULL);
    ck_assert_ptr_nonnull(a);
    for (const galley_block *b = galley_article_blocks(a); b; b = galley_block_next(b))
        ck_assert_uint_eq(galley_block_links(b, NULL, 0), 0);
    ck_assert_uint_eq(galley_block_links(NULL, NULL, 0), 0);
    galley_article_free(a);
    galley_options_free(o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("links");
    TCase *tc = tcase_create("links");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, rfc3986_examples);
    tcase_add_test(tc, base_href_everywhere);
    tcase_add_test(tc, page_url_dots_removed);
    tcase_add_test(tc, json_links_code_points);
    tcase_add_test(tc, no_links_option);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
