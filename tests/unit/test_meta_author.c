/* Author credits seen through the public API: groups credited by name
 * ("Acme Team"), the desk credited when no person is ("Redaktion"), and
 * bylines whose fields sit in elements that touch without a space. */
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

/* the page's authors joined with "; " */
static const char *authors(const galley_article *a, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < galley_article_list_count(a, GALLEY_FIELD_AUTHORS); i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? "; " : "",
                              galley_article_list_item(a, GALLEY_FIELD_AUTHORS, i));
    return buf;
}

static void check_authors(const char *head, const char *byline, const char *want)
{
    char page[4096], got[512];
    snprintf(page, sizeof page,
             "<html><head><title>Council weighs funding plan</title>%s</head><body><article>"
             "<h1>Council weighs funding plan</h1>%s" BODY "</article></body></html>",
             head, byline);
    galley_article *a = extract(page);
    ck_assert_msg(strcmp(authors(a, got, sizeof got), want) == 0, "%s%s: got \"%s\", want \"%s\"",
                  head, byline, got, want);
    galley_article_free(a);
}

/* a group credited by its own name keeps the name whole; a person
 * followed by the site's desk is the person */
START_TEST(group_credits)
{
    check_authors("<meta name=\"author\" content=\"The Harbour Team\">", "", "The Harbour Team");
    check_authors("", "<p class=\"byline\">By Harbour Staff</p>", "Harbour Staff");
    check_authors("<meta name=\"author\" content=\"Redaktion Nordlicht Seiten\">", "",
                  "Redaktion Nordlicht Seiten");
    check_authors("<meta property=\"og:site_name\" content=\"Harbour Notes\">",
                  "<p class=\"byline\">By Jane Doe Harbour Notes Staff</p>", "Jane Doe");
    /* role words stay roles */
    check_authors("", "<p class=\"byline\">By Jane Doe, Staff Writer</p>", "Jane Doe");
    check_authors("<meta name=\"author\" content=\"Senior Editor Jane Doe\">", "", "Jane Doe");
}
END_TEST

/* "Redaktion", "By Staff", "The Editors": the desk's credit is the author
 * when no person is named, and gives way to one who is */
START_TEST(desk_credit_when_no_person)
{
    check_authors("<meta name=\"twitter:label1\" content=\"Geschrieben von\">"
                  "<meta name=\"twitter:data1\" content=\"Redaktion\">",
                  "", "Redaktion");
    check_authors("", "<p class=\"byline\">By The Editors</p>", "The Editors");
    check_authors("<meta name=\"author\" content=\"Staff\">",
                  "<p class=\"byline\">By Jane Doe</p>", "Jane Doe");
    check_authors("<meta name=\"author\" content=\"admin\">", "", "");
}
END_TEST

/* a lead after a word or two ("Recipe by"), a dot operator between the
 * name and the next field; a name particle is no lead */
START_TEST(inner_lead_and_separators)
{
    check_authors("", "<p class=\"byline\">Recipe by PJ Hamel</p>", "PJ Hamel");
    check_authors("", "<p class=\"byline\">By Ben Applebaum-Bauch \xe2\x8b\x85 Review</p>",
                  "Ben Applebaum-Bauch");
    check_authors("", "<p class=\"byline\">Von Christoph von Eichhorn</p>",
                  "Christoph von Eichhorn");
}
END_TEST

/* fields of a byline laid out apart by the style sheet, their elements
 * touching without a space */
START_TEST(glued_byline_fields)
{
    check_authors("", "<div class=\"author-box\"><a href=\"/a/lkw\">Lena Kowal</a>"
                      "<span>December 3, 2025</span></div>", "Lena Kowal");
    check_authors("", "<div class=\"author-box\"><a href=\"/a/mho\">Marta Holm</a>"
                      "<span>Founder at Birchcraft</span></div>", "Marta Holm");
    check_authors("", "<div class=\"author\"><span>Beitrag</span><span>von Jan Novak</span>"
                      "</div>", "Jan Novak");
    /* the lead in a screen-reader label of its own, after a bar */
    check_authors("", "<div class=\"article_meta_info\"><span class=\"screen-reader-text\">"
                      "| By </span><span>Cara Stiles</span> | <span>April 13, 2020</span></div>",
                  "Cara Stiles");
    /* separators in elements of their own still list the names */
    check_authors("", "<div class=\"autor\"><a href=\"/a/1\">Isabel Caro</a><span>, </span>"
                      "<a href=\"/a/2\">Ana Ruiz</a><span> y </span><a href=\"/a/3\">José "
                      "Wilson</a></div>", "Isabel Caro; Ana Ruiz; José Wilson");
}
END_TEST

/* the declared author against the byline the page shows: a first name or
 * an account spelled in full, the site or an organisation where the
 * byline names people */
START_TEST(byline_spells_declared_author)
{
#define LD(name)                                                                          \
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":"        \
    "{\"@type\":\"Person\",\"name\":\"" name "\"}}</script>"
    check_authors(LD("Nils"), "<p class=\"byline\">Von Nils Pickert</p>", "Nils Pickert");
    check_authors(LD("janekowalczyk"), "<p class=\"author\">Jane Kowalczyk</p>",
                  "Jane Kowalczyk");
    check_authors("<meta property=\"og:site_name\" content=\"Makronom\">"
                  "<meta name=\"author\" content=\"Makronom\">",
                  "<p class=\"byline\">Von Clara Löw, Siddharth Prakash und Klaus Jacob</p>",
                  "Clara Löw; Siddharth Prakash; Klaus Jacob");
    check_authors("<meta name=\"author\" content=\"Bund der Verbraucher e.V.\">",
                  "<p class=\"byline\">By Leonora Holling</p>", "Leonora Holling");
    /* one declared name among those the byline lists: the byline's list */
    check_authors(LD("Rudolf Fischer"), "<p class=\"byline\">Von Rudolf Fischer und Simon "
                  "Kohler</p>", "Rudolf Fischer; Simon Kohler");
    /* a different person is not the same name: the declared one stays */
    check_authors(LD("Jane Doe"), "<p class=\"byline\">By John Roe</p>", "Jane Doe");
    /* nor is a byline that names no one in full */
    check_authors("<meta property=\"og:site_name\" content=\"Harbour Notes\">"
                  "<meta name=\"author\" content=\"The Harbour Notes Team\">",
                  "<p class=\"byline\">By Harbour</p>", "The Harbour Notes Team");
#undef LD
}
END_TEST

/* a forum's crawler view served in <noscript> (parsed as markup): the
 * first post's microdata names the poster; the posters' names stay in the
 * thread's text */
#define POST(user, day, text)                                                                \
    "<div class=\"topic-body crawler-post\"><div class=\"crawler-post-meta\">"               \
    "<span class=\"creator\" itemprop=\"author\" itemscope "                                 \
    "itemtype=\"http://schema.org/Person\"><a itemprop=\"url\" href=\"/u/" user "\">"        \
    "<span itemprop=\"name\">" user "</span></a></span> <time itemprop=\"datePublished\" "   \
    "datetime=\"2024-05-0" day "T10:00:00Z\">May " day ", 2024, 10:00am</time></div>"        \
    "<div class=\"post\" itemprop=\"text\"><p>" text "</p></div></div>"
START_TEST(posters_in_noscript_crawler_view)
{
    const char *html =
        "<html><head><title>Update broken - Community</title>"
        "<script type=\"application/ld+json\">{\"@type\":\"DiscussionForumPosting\","
        "\"headline\":\"Update broken\"}</script></head><body><div id=\"app\"></div><noscript>"
        "<div itemscope itemtype=\"http://schema.org/DiscussionForumPosting\">"
        "<h1>Update broken</h1>"
        POST("DaleJack", "3", "The committee met on Tuesday to weigh the proposal, which would "
             "change how the city funds its libraries over the next ten years.")
        POST("Kestrel", "4", "Members heard from residents, librarians and the finance office "
             "before the vote, and several asked for more time to study the figures.")
        "</div></noscript></body></html>";
    galley_article *a = extract(html);
    char got[512];
    ck_assert_str_eq(authors(a, got, sizeof got), "DaleJack");
    const char *text = galley_article_text(a, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "Kestrel"));
    galley_article_free(a);
}
END_TEST
#undef POST

/* a poster's user name ("username" class) names the thread's starter
 * when no byline names anyone */
START_TEST(thread_starter_user_name)
{
    check_authors("", "<p class=\"muted\">Discussion in 'Hosting' started by "
                      "<a href=\"/members/tobin.42/\" class=\"username\">tobin</a>, "
                      "Jan 3, 2025.</p>",
                  "tobin");
    check_authors("", "<p class=\"byline\">By Jane Doe</p><div class=\"login\">"
                      "<span class=\"username\">guest42</span></div>",
                  "Jane Doe");
    check_authors("", "<dl class=\"postprofile\"><dt class=\"avatar-username\">"
                      "<span class=\"username\">AquaCare</span></dt></dl>",
                  "AquaCare");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("meta_author");
    TCase *tc = tcase_create("meta_author");
    tcase_add_test(tc, group_credits);
    tcase_add_test(tc, desk_credit_when_no_person);
    tcase_add_test(tc, glued_byline_fields);
    tcase_add_test(tc, inner_lead_and_separators);
    tcase_add_test(tc, byline_spells_declared_author);
    tcase_add_test(tc, posters_in_noscript_crawler_view);
    tcase_add_test(tc, thread_starter_user_name);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
