/* Title choice seen through the public API: the headline element against
 * the page's other titles, with the lines a headline element can hold that
 * are not the headline (kickers, subtitles, screen-reader labels) and the
 * <h1>s that hold the site's logo or name. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article_util.h"
#include "galley.h"

static galley_article *extract(const char *html) { return gt_extract(html, 0); }

#define BODY                                                                              \
    "<p>The committee met on Tuesday to weigh the proposal, which would change how the " \
    "city funds its libraries over the next ten years.</p>"                              \
    "<p>Members heard from residents, librarians and the finance office before the "     \
    "vote, and several asked for more time to study the figures.</p>"

/* the kicker above a headline, marked by its class, and the separator a
 * screen reader hears are not part of the title */
START_TEST(kicker_inside_headline)
{
    const char *html =
        "<html><head><title>Libraries: Council weighs funding plan | Town Crier</title>"
        "</head><body><article><h1><span class=\"article-heading__kicker\">Libraries</span>"
        "<span class=\"visually-hidden\">: </span>"
        "<span class=\"article-heading__title\">Council weighs funding plan</span></h1>" BODY
        "</article></body></html>";
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Council weighs funding plan");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_TITLE), "h1");
    galley_article_free(a);

    /* German "Dachzeile", an overline with a colon of its own, a <small>
     * topic line above a break */
    const char *more[][2] = {
        {"<h1><span class=\"dachzeile\">Nach der Wahl</span> "
         "<span class=\"headline\">Rat vertagt die Entscheidung</span></h1>",
         "Rat vertagt die Entscheidung"},
        {"<h1 class=\"ts-title\"><span class=\"ts-overline\">Budget</span>"
         "<span class=\"ts-colon\">: </span><span>Council weighs funding plan</span></h1>",
         "Council weighs funding plan"},
        {"<h1><small>Libraries</small><br>Council weighs funding plan</h1>",
         "Council weighs funding plan"},
        {"<h1 class=\"entry-title\">Council weighs funding plan "
         "<span class=\"entry-subtitle\">What the vote means for readers</span></h1>",
         "Council weighs funding plan"},
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        char page[2048];
        snprintf(page, sizeof page, "<html><head><title>x</title></head><body><article>%s"
                 BODY "</article></body></html>", more[i][0]);
        a = extract(page);
        ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), more[i][1]);
        galley_article_free(a);
    }

    /* a skipped part leaves its neighbours apart, not glued */
    a = extract("<html><body><article><h1><span>Libraries</span><span aria-hidden=\"true\">"
                " \xe2\x80\x93 </span><span>Council weighs funding plan</span></h1>" BODY
                "</article></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Libraries Council weighs funding plan");
    galley_article_free(a);

    /* a headline that is all kicker-classed keeps its text */
    a = extract("<html><body><article><h1><span class=\"kicker\">Council weighs funding "
                "plan</span></h1>" BODY "</article></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Council weighs funding plan");
    galley_article_free(a);
}
END_TEST

/* an <h1> holding the site's logo or name is not the headline, even though
 * the <title> holds the same words as its site affix */
START_TEST(logo_h1_is_not_the_headline)
{
    const char *logos[] = {
        "<h1 class=\"site-title\">Harbour Notes</h1>",
        "<h1 id=\"header\"><a href=\"https://harbour.example/\">Harbour Notes</a></h1>",
        "<h1><a href=\"/\" title=\"Home\">Harbour Notes</a></h1>",
        "<h1 class=\"header__logo\"><a href=\"https://harbour.example/news/\">Harbour Notes</a></h1>",
    };
    for (size_t i = 0; i < sizeof logos / sizeof logos[0]; i++) {
        char page[2048];
        snprintf(page, sizeof page,
                 "<html><head><title>A walk along the old pier | Harbour Notes</title></head>"
                 "<body><header>%s</header><article><h2 class=\"entry-title\">A walk along "
                 "the old pier</h2>" BODY "</article></body></html>",
                 logos[i]);
        galley_article *a = extract(page);
        ck_assert_msg(strcmp(gt_field(a, GALLEY_FIELD_TITLE), "A walk along the old pier") == 0,
                      "case %zu: %s", i, gt_field(a, GALLEY_FIELD_TITLE));
        galley_article_free(a);
    }
    /* the site's name, declared, in a bare <h1> */
    galley_article *a = extract(
        "<html><head><title>A walk along the old pier - Harbour Notes</title>"
        "<meta property=\"og:site_name\" content=\"Harbour Notes\"></head><body>"
        "<h1>Harbour Notes</h1><article><h2>A walk along the old pier</h2>" BODY
        "</article></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "A walk along the old pier");
    galley_article_free(a);
    /* a headline that links to its own story is still the headline */
    a = extract("<html><head><title>A walk along the old pier | Harbour Notes</title></head>"
                "<body><article><h1><a href=\"/2024/05/old-pier\">A walk along the old "
                "pier</a></h1>" BODY "</article></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "A walk along the old pier");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_TITLE), "h1");
    galley_article_free(a);
}
END_TEST

/* the <title>'s affix is the site even when no site name is declared */
START_TEST(h1_holding_the_title_affix)
{
    galley_article *a = extract(
        "<html><head><title>Discuss the 7.1 release here - example.org</title></head><body>"
        "<h1>example.org</h1><div class=\"post\"><h3>Discuss the 7.1 release here</h3>" BODY
        "</div></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Discuss the 7.1 release here");
    galley_article_free(a);
}
END_TEST

/* a date printed inside the headline element, and the declared site's
 * name after any separator, are not the title */
START_TEST(date_and_site_inside_headline)
{
    galley_article *a = extract(
        "<html><head><title>x</title></head><body><article><h1><a href=\"/p/1\">"
        "<time datetime=\"2025-12-18\">Dec 18 2025</time> Preparing a transition</a></h1>"
        BODY "</article></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Preparing a transition");
    galley_article_free(a);
    a = extract("<html><head><meta property=\"og:site_name\" content=\"Gallery Weekly\"></head>"
                "<body><article><h1>Best exhibitions of the year \xe2\x80\x93 Gallery Weekly</h1>" BODY
                "</article></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Best exhibitions of the year");
    galley_article_free(a);
}
END_TEST

/* a section's heading ("Select an option") shares no word with the
 * title the <title> and og:title agree on: that title wins */
START_TEST(section_heading_against_agreed_title)
{
    galley_article *a = extract(
        "<html><head><title>How we found the leak | Sample Security</title>"
        "<meta property=\"og:title\" content=\"How we found the leak\"></head><body>"
        "<h1>Select an option</h1><article>" BODY "</article></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "How we found the leak");
    galley_article_free(a);
    /* a compound shares its stem: "Wasserschutz" and "Wasserschutzberatung" */
    a = extract("<html><head><title>Wasserschutz-Service</title>"
                "<meta property=\"og:title\" content=\"Wasserschutz-Service\"></head><body>"
                "<article><h1>Wasserschutzberatung f\xc3\xbcr Betriebe</h1>" BODY
                "</article></body></html>");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Wasserschutzberatung f\xc3\xbcr Betriebe");
    galley_article_free(a);
}
END_TEST

/* only a <title>: a part with twice the words of every other is the
 * headline, wherever it stands */
START_TEST(title_tag_breadcrumbs)
{
    const char *cases[][2] = {
        {"Harbour Notes \xc2\xbb Blog Archive \xc2\xbb Mending nets on a cold winter "
         "morning",
         "Mending nets on a cold winter morning"},
        {"Jane's Garden Shed | Notes on moving a greenhouse to the south wall",
         "Notes on moving a greenhouse to the south wall"},
        {"Weekly market prices fall | Town Crier", "Weekly market prices fall"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char page[1024];
        snprintf(page, sizeof page, "<html><head><title>%s</title></head><body><article>"
                 BODY "</article></body></html>", cases[i][0]);
        galley_article *a = extract(page);
        ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), cases[i][1]);
        galley_article_free(a);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("meta_title");
    TCase *tc = tcase_create("meta_title");
    tcase_add_test(tc, kicker_inside_headline);
    tcase_add_test(tc, logo_h1_is_not_the_headline);
    tcase_add_test(tc, h1_holding_the_title_affix);
    tcase_add_test(tc, date_and_site_inside_headline);
    tcase_add_test(tc, section_heading_against_agreed_title);
    tcase_add_test(tc, title_tag_breadcrumbs);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
