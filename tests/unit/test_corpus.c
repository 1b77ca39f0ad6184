/* What a corpus needs from one article (issue 14): binary input is never an
 * article; word_count and the SimHash fingerprint, stable and near for
 * near-identical bodies. Invented pages only. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

#define HEAD "<!DOCTYPE html><html lang=en><head><title>Harbour bakery</title></head><body><article>"
#define P1 "<p>A small bakery on the harbour road has started baking rye loaves again after twenty years.</p>"
#define P2 "<p>The starter was kept alive by the founder's granddaughter in a stone jar on a cold shelf.</p>"
#define P3 "<p>Queues formed before dawn on Saturday, and the first batch sold out within the hour.</p>"
#define TAIL "</article></body></html>"

static galley_article *extract(const char *html)
{
    galley_error err;
    galley_article *a = galley_extract(html, strlen(html), NULL, NULL, NULL, &err);
    ck_assert_msg(a != NULL, "extraction failed: %s", err.msg);
    return a;
}

START_TEST(binary_input_is_not_html)
{
    static const struct {
        const char *what, *bytes;
        size_t len;
    } t[] = {
        {"PNG", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 24},
        {"PDF", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", 45},
        {"ELF", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16},
        {"JSON", "{\"title\": \"<b>not a page</b>\", \"n\": [1, 2]}", 42},
        {"text", "User-agent: *\nDisallow: /private/\n", 34},
        {"binary", "ab\x01\x02\x03\x04 cd <p>x</p>", 18},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        galley_error err;
        memset(&err, 0, sizeof err);
        galley_article *a = galley_extract(t[i].bytes, t[i].len, NULL, NULL, NULL, &err);
        ck_assert_msg(a == NULL, "%s came out as an article", t[i].what);
        ck_assert_int_eq(err.code, GALLEY_ERR_NOT_HTML);
        ck_assert_msg(strstr(err.msg, "not HTML") != NULL, "%s: %s", t[i].what, err.msg);
    }
    /* markup first is a page, even with a stray NUL */
    static const char nul_page[] = HEAD P1 "<p>x\0y</p>" P2 P3 TAIL;
    galley_error err;
    galley_article *a = galley_extract(nul_page, sizeof nul_page - 1, NULL, NULL, NULL, &err);
    ck_assert_ptr_nonnull(a);
    galley_article_free(a);
}
END_TEST

START_TEST(word_count_and_fingerprint)
{
    galley_article *a = extract(HEAD P1 P2 P3 TAIL);
    /* 16 + 18 + 15 words; "founder's" is two (the apostrophe separates) */
    ck_assert_uint_eq(galley_article_word_count(a), 49);
    uint64_t fp = galley_article_fingerprint(a);
    /* the recipe in docs/cli.md gives this value on every platform (a
     * ten-line Python rendering of the docs' words agrees); a change of
     * recipe must change this line and the docs together */
    ck_assert_msg(fp == UINT64_C(0x0cb6b6624e5ffae9), "fingerprint %016llx", (unsigned long long)fp);
    /* case, punctuation and markup around the words do not matter */
    galley_article *b = extract(HEAD "<p>A SMALL bakery, on the <b>harbour</b> road, has started baking "
                                     "rye loaves again -- after twenty years!</p>" P2 P3 TAIL);
    ck_assert_uint_eq(galley_article_fingerprint(b), fp);
    /* one sentence more: a few bits apart; another text: far */
    galley_article *c = extract(HEAD P1 P2 P3 "<p>The mayor came too.</p>" TAIL);
    galley_article *d = extract(HEAD "<p>The river council met on Tuesday to weigh the plan for a new "
                                     "footbridge near the old mill by the weir.</p><p>Most members "
                                     "agreed that walkers and cyclists should share the crossing when "
                                     "it opens next spring.</p>" TAIL);
    int near = galley_fingerprint_distance(fp, galley_article_fingerprint(c));
    int far = galley_fingerprint_distance(fp, galley_article_fingerprint(d));
    ck_assert_msg(near <= 12 && far >= 16, "near %d, far %d", near, far);
    ck_assert_int_eq(galley_fingerprint_distance(0, ~(uint64_t)0), 64);
    galley_article_free(a);
    galley_article_free(b);
    galley_article_free(c);
    galley_article_free(d);
    ck_assert_uint_eq(galley_article_word_count(NULL), 0);
    ck_assert_uint_eq(galley_article_fingerprint(NULL), 0);
}
END_TEST

START_TEST(cjk_characters_are_words)
{
    /* each ideograph counts as a word: scripts without spaces still get a
     * count and a fingerprint */
    galley_article *a = extract("<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title>t</title>"
                                "</head><body><article><p>\xe6\xb8\xaf\xe5\x8f\xa3\xe7\x9a\x84\xe9\x9d\xa2"
                                "\xe5\x8c\x85\xe5\xba\x97\xe9\x87\x8d\xe6\x96\xb0\xe5\xbc\x80\xe4\xb8\x9a"
                                "\xe4\xba\x86\xe3\x80\x82 rye</p></article></body></html>");
    ck_assert_uint_eq(galley_article_word_count(a), 12);
    ck_assert_uint_ne(galley_article_fingerprint(a), 0);
    galley_article_free(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("corpus");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, binary_input_is_not_html);
    tcase_add_test(tc, word_count_and_fingerprint);
    tcase_add_test(tc, cjk_characters_are_words);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
