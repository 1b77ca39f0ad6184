/* Metadata seen through the public API: small hand-written pages, one per
 * shape (bylines at the end of the text, JSON-LD graphs with references and
 * broken JSON, author lists, dates in several languages, organisations as
 * authors, microdata, language identification, hostile nesting). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article_util.h"
#include "galley.h"

/* 2025-05-01T00:00:00Z: dates after 2025-05-02 are in the future */
#define REF_TIME 1746057600

static galley_article *extract(const char *html) { return gt_extract(html, REF_TIME); }

static const char *body =
    "<p>The committee met on Tuesday to weigh the proposal, which would change how the "
    "city funds its libraries over the next ten years.</p>"
    "<p>Members heard from residents, librarians and the finance office before the vote, "
    "and several asked for more time to study the figures.</p>"
    "<p>A final decision is expected next month, after a second public hearing in the "
    "council chamber.</p>";

/* Issue 17: a declared title and description that a CMS encoded twice
 * (UTF-8 read as windows-1252, or as ISO-8859-1 with its C1 controls,
 * then written as UTF-8) come out as the text they were; lone accented
 * letters and a real "Â" stay. */
START_TEST(mojibake_in_declared_fields)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<meta property=\"og:title\" content=\"A DIY Investor\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s "
             "guide to calculators\">"
             "<meta property=\"og:description\" content=\"Caf\xc3\x83\xc2\xa9 owners \xc3\xa2\xc2\x80"
             "\xc2\x99 plans \xc3\xa2\xe2\x82\xac\xe2\x80\x9c 25\xc3\x82\xc2\xb0" "C, S\xc3\xa3o Paulo, \xc3\x82 la carte\">"
             "</head><body><main><article>%s</article></main></body></html>",
             body);
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE),
                     "A DIY Investor\xe2\x80\x99s guide to calculators");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_DESCRIPTION),
                     "Caf\xc3\xa9 owners \xe2\x80\x99 plans \xe2\x80\x93 25\xc2\xb0" "C, S\xc3\xa3o Paulo, "
                     "\xc3\x82 la carte");
    galley_article_free(a);
}
END_TEST

START_TEST(closing_byline_and_date_bar)
{
    /* a WordPress-style news page: date bar above the headline, the title
     * with a site suffix, and the byline in the last paragraph */
    char html[4096];
    snprintf(html, sizeof html,
             "<!DOCTYPE html><html lang=\"en-US\"><head>"
             "<title>Council weighs library funding plan | The Sample Daily</title>"
             "<meta property=\"og:site_name\" content=\"The Sample Daily\">"
             "<meta property=\"og:type\" content=\"article\">"
             "</head><body><div class=\"top-bar\"><span>Monday, April 28, 2025</span></div>"
             "<main><article><h1>Council weighs library funding plan</h1>%s"
             "<p>BY KIM SEO-YEON [kim.seoyeon@example.com]</p></article></main>"
             "<footer><p>Copyright 2024 The Sample Daily</p></footer></body></html>",
             body);
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Council weighs library funding plan");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_TITLE), "h1");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_SITE_NAME), "The Sample Daily");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PUBLISHED), "2025-04-28");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_LANGUAGE), "en-US");
    ck_assert_uint_eq(galley_article_list_count(a, GALLEY_FIELD_AUTHORS), 1);
    ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 0), "Kim Seo-yeon");
    /* the byline paragraph is metadata, not body */
    const char *text = galley_article_text(a, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_null(strstr(text, "KIM SEO-YEON"));
    galley_article_free(a);
}
END_TEST

START_TEST(jsonld_graph_with_references_and_breakage)
{
    /* Yoast-style @graph: the article's author is an @id reference; the
     * block has a raw newline inside a string and a trailing comma */
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>Ferry timetable changes - Harbour News</title>"
             "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
             "\"@graph\":[{\"@type\":\"NewsArticle\",\"@id\":\"#a\",\"headline\":\"Ferry "
             "timetable\nchanges\",\"datePublished\":\"2024-03-05T10:20:00+01:00\","
             "\"dateModified\":\"2024-03-06T08:00:00+01:00\",\"author\":{\"@id\":\"#p1\"},"
             "\"isAccessibleForFree\":false,\"articleSection\":\"Transport\","
             "\"publisher\":{\"@id\":\"#org\"},\"image\":{\"@type\":\"ImageObject\","
             "\"url\":\"https://example.com/ferry.jpg\"},},"
             "{\"@type\":\"Person\",\"@id\":\"#p1\",\"name\":\"Ana Souza\",\"url\":\"x\"},"
             "{\"@type\":\"Organization\",\"@id\":\"#org\",\"name\":\"Harbour News\",\"url\":\"y\"}]}"
             "</script></head><body><article><h2>Ferry timetable changes</h2>%s</article>"
             "</body></html>",
             body);
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Ferry timetable changes");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PUBLISHED), "2024-03-05T10:20:00+01:00");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_PUBLISHED), "json-ld");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_MODIFIED), "2024-03-06T08:00:00+01:00");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_FREE), "false");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_IMAGE), "https://example.com/ferry.jpg");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PAGE_TYPE), "article");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_SITE_NAME), "Harbour News");
    ck_assert_uint_eq(galley_article_list_count(a, GALLEY_FIELD_AUTHORS), 1);
    ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 0), "Ana Souza");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_AUTHORS), "json-ld");
    ck_assert_uint_eq(galley_article_list_count(a, GALLEY_FIELD_CATEGORIES), 1);
    ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_CATEGORIES, 0), "Transport");
    galley_article_free(a);
}
END_TEST

START_TEST(author_lists_roles_and_organisations)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>Tide tables</title>"
             "<meta name=\"author\" content=\"By Jane Doe and John Roe, Staff Writers\">"
             "<script type=\"application/ld+json\">{\"@type\":\"WebPage\",\"author\":"
             "{\"@type\":\"Organization\",\"name\":\"Coastal Press Agency\"}}</script>"
             "</head><body><h1>Tide tables for the spring</h1>%s</body></html>",
             body);
    galley_article *a = extract(html);
    /* meta author (a person list) outranks nothing here but is the only
     * person source; the organisation goes to ORGANIZATIONS */
    ck_assert_uint_eq(galley_article_list_count(a, GALLEY_FIELD_AUTHORS), 2);
    ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 0), "Jane Doe");
    ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 1), "John Roe");
    ck_assert_uint_eq(galley_article_list_count(a, GALLEY_FIELD_ORGANIZATIONS), 1);
    ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_ORGANIZATIONS, 0),
                     "Coastal Press Agency");
    galley_article_free(a);
}
END_TEST

/* a personal site: the declared Person is the site's owner, not an
 * organisation; an Organization named like the site still is one */
START_TEST(author_personal_site)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>Notes | Kim Vale</title>"
             "<meta property=\"og:site_name\" content=\"Kim Vale\">"
             "<script type=\"application/ld+json\">{\"@type\":\"BlogPosting\","
             "\"headline\":\"Notes\",\"author\":{\"@type\":\"Person\",\"name\":\"Kim Vale\"}}"
             "</script></head><body><h1>Notes</h1>%s</body></html>",
             body);
    galley_article *a = extract(html);
    ck_assert_uint_eq(galley_article_list_count(a, GALLEY_FIELD_AUTHORS), 1);
    ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 0), "Kim Vale");
    ck_assert_uint_eq(galley_article_list_count(a, GALLEY_FIELD_ORGANIZATIONS), 0);
    galley_article_free(a);
}
END_TEST

static void check_byline(const char *byline, const char *const *want, size_t nwant)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>Notes</title></head><body><article><h1>Garden notes for "
             "May</h1><div class=\"byline\">%s</div>%s</article></body></html>",
             byline, body);
    galley_article *a = extract(html);
    size_t n = galley_article_list_count(a, GALLEY_FIELD_AUTHORS);
    ck_assert_msg(n == nwant, "'%s': %zu authors, want %zu", byline, n, nwant);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, i), want[i]);
    galley_article_free(a);
}

START_TEST(byline_shapes)
{
    const char *one[] = {"Maria Lopez"};
    const char *none[] = {NULL};
    check_byline("By Maria Lopez | April 3, 2025 | 5 min read", one, 1);
    check_byline("Von Maria Lopez, 03.04.2025", one, 1);
    check_byline("Por Maria Lopez @mlopez", one, 1);
    check_byline("Maria Lopez, Correspondent", one, 1);
    const char *three[] = {"Ann Lee", "Bo Kim", "Cy Hart"};
    check_byline("By Ann Lee, Bo Kim and Cy Hart", three, 3);
    check_byline("Ann Lee, Bo Kim &amp; Cy Hart", three, 3);
    const char *two[] = {"Jean Martin", "Paul Petit"};
    check_byline("Par Jean Martin et Paul Petit", two, 2);
    check_byline("Par&nbsp;<a href=\"/p/mlopez\">Maria Lopez</a>", one, 1);
    check_byline("Ein Artikel von <strong>Maria Lopez</strong> | 03.04.2025", one, 1);
    check_byline("<b>Von:</b><br><br>Maria Lopez", one, 1);
    check_byline("Is this the end?", none, 0);
    check_byline("By <a href=\"/2025/07\">Jul</a>", none, 0);
    check_byline("admin", none, 0);
    check_byline("https://example.com/authors/someone", none, 0);
}
END_TEST

static void check_date(const char *snippet, const char *want)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>Notes</title></head><body><article><h1>Garden notes for "
             "May</h1><p class=\"date\">%s</p>%s</article><footer>&copy; 2024</footer>"
             "</body></html>",
             snippet, body);
    galley_article *a = extract(html);
    const char *got = galley_article_field(a, GALLEY_FIELD_PUBLISHED);
    if (!want) ck_assert_msg(got == NULL, "'%s' gave %s", snippet, got);
    else ck_assert_msg(got && strncmp(got, want, 10) == 0, "'%s' gave %s, want %s", snippet,
                       got ? got : "(null)", want);
    galley_article_free(a);
}

START_TEST(visible_dates_in_many_forms)
{
    check_date("Monday, April 28, 2025", "2025-04-28");
    check_date("28 April 2025", "2025-04-28");
    check_date("Ver\xc3\xb6" "ffentlicht am 28.04.2025", "2025-04-28");
    check_date("2025-04-28", "2025-04-28");
    check_date("28/04/2025", "2025-04-28");
    check_date("2025\xeb\x85\x84 4\xec\x9b\x94 28\xec\x9d\xbc", "2025-04-28"); /* Korean */
    check_date("2025\xe5\xb9\xb4" "4\xe6\x9c\x88" "28\xe6\x97\xa5", "2025-04-28"); /* CJK */
    check_date("28. April 2025", "2025-04-28");
    check_date("28 avril 2025", "2025-04-28");
    check_date("28 de abril de 2025", "2025-04-28");
    check_date("28 kwietnia 2025", "2025-04-28");
    check_date("28 \xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8f 2025", "2025-04-28");
    check_date("1 maart 2025", "2025-03-01");
    /* the future and the distant past are not publication dates */
    check_date("June 3, 2031", NULL);
    check_date("June 3, 1985", NULL);
}
END_TEST

START_TEST(machine_dates_outrank_text_and_url)
{
    const char *html =
        "<html><head><title>Report</title>"
        "<meta property=\"article:published_time\" content=\"2030-01-01T00:00:00Z\">"
        "<meta name=\"citation_publication_date\" content=\"2023/07/14\">"
        "<link rel=\"canonical\" href=\"https://example.com/2022/01/02/report\">"
        "</head><body><h1>Annual report on river levels</h1><p>Posted 5 May 2021</p>"
        "<p>Text.</p></body></html>";
    galley_article *a = extract(html);
    /* the 2030 value is in the future (reference time 2025): rejected */
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PUBLISHED), "2023-07-14");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_PUBLISHED), "meta");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_URL), "https://example.com/2022/01/02/report");
    galley_article_free(a);

    const char *html2 = "<html><head><title>Report</title>"
                        "<link rel=\"canonical\" href=\"https://example.com/2022/01/02/report\">"
                        "</head><body><h1>Annual report on river levels</h1><p>Text.</p>"
                        "</body></html>";
    a = extract(html2);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PUBLISHED), "2022-01-02");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_PUBLISHED), "url");
    galley_article_free(a);
}
END_TEST

START_TEST(shown_dates_decide)
{
    /* the page shows only its update date, which is the machine dateModified */
    const char *html =
        "<html><head><title>Report</title><script type=\"application/ld+json\">"
        "{\"@type\":\"NewsArticle\",\"headline\":\"Annual report on river levels\","
        "\"datePublished\":\"2021-11-29T14:13:37Z\","
        "\"dateModified\":\"2022-01-12T14:27:30Z\"}</script></head>"
        "<body><article><h1>Annual report on river levels</h1>"
        "<div class=\"meta-date\">12.01.2022</div><p>Text.</p></article></body></html>";
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PUBLISHED), "2022-01-12T14:27:30Z");
    galley_article_free(a);

    /* a labelled date beats the first date after the headline */
    const char *html2 = "<html><head><title>Report</title></head><body>"
                        "<h1>Annual report on river levels</h1><p>Updated 1 March 2022</p>"
                        "<p>Written: 2022-02-03 15:03 / Updated: 2022-03-01</p>"
                        "<p>Text.</p></body></html>";
    a = extract(html2);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PUBLISHED), "2022-02-03T15:03:00");
    galley_article_free(a);

    /* the date only in a script's page data */
    const char *html3 = "<html><head><title>Report</title><script>window.state = "
                        "{\"id\":7,\"publishedDate\":\"2021-03-04T10:00:00Z\"};</script>"
                        "</head><body><h1>Annual report on river levels</h1>"
                        "<p>Text.</p></body></html>";
    a = extract(html3);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PUBLISHED), "2021-03-04T10:00:00Z");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_PUBLISHED), "script");
    galley_article_free(a);
}
END_TEST

START_TEST(microdata_and_time)
{
    char html[4096];
    snprintf(html, sizeof html,
             "<html><head><title>Bridge repairs begin | Town Crier</title></head><body>"
             "<article itemscope itemtype=\"https://schema.org/Article\">"
             "<h1 itemprop=\"headline\">Bridge repairs begin</h1>"
             "<span itemprop=\"author\" itemscope itemtype=\"https://schema.org/Person\">"
             "<span itemprop=\"name\">Olu Bello</span></span>"
             "<time datetime=\"2024-11-02T09:00:00-05:00\" itemprop=\"datePublished\">Nov 2"
             "</time>%s</article></body></html>",
             body);
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Bridge repairs begin");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_PUBLISHED), "2024-11-02T09:00:00-05:00");
    ck_assert_uint_eq(galley_article_list_count(a, GALLEY_FIELD_AUTHORS), 1);
    ck_assert_str_eq(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 0), "Olu Bello");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_AUTHORS), "microdata");
    galley_article_free(a);
}
END_TEST

START_TEST(title_affixes_and_opengraph)
{
    const char *html = "<html><head><title>Town Crier - Weekly market prices fall</title>"
                       "<meta property=\"og:title\" content=\"Weekly market prices fall | Town "
                       "Crier\"><meta property=\"og:site_name\" content=\"Town Crier\">"
                       "<meta property=\"og:description\" content=\"Prices fell again.\">"
                       "<meta property=\"og:image\" content=\"/img/market.jpg\">"
                       "<meta property=\"og:url\" content=\"https://crier.example/market\">"
                       "</head><body><p>Text.</p></body></html>";
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_TITLE), "Weekly market prices fall");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_TITLE), "opengraph");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_DESCRIPTION), "Prices fell again.");
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_IMAGE), "https://crier.example/img/market.jpg");
    galley_article_free(a);
}
END_TEST

START_TEST(language_from_text_when_undeclared)
{
    const char *html =
        "<html><head><title>Der Stadtrat</title></head><body><article><h1>Der Stadtrat "
        "berät über die Bibliotheken</h1>"
        "<p>Der Ausschuss hat am Dienstag über den Vorschlag beraten, mit dem die Stadt ihre "
        "Bibliotheken in den nächsten zehn Jahren anders finanzieren würde.</p>"
        "<p>Die Mitglieder hörten Bürgerinnen und Bürger, Bibliothekare und die Kämmerei an, "
        "bevor sie abstimmten, und mehrere baten um mehr Zeit für die Zahlen.</p>"
        "<p>Eine endgültige Entscheidung wird im nächsten Monat erwartet, nach einer zweiten "
        "öffentlichen Anhörung im Ratssaal.</p></article></body></html>";
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_LANGUAGE), "de");
    ck_assert_str_eq(gt_src(a, GALLEY_FIELD_LANGUAGE), "detector");
    ck_assert(galley_article_language_confidence(a) > 0.5);
    galley_article_free(a);
}
END_TEST

/* a lang attribute with text run into it keeps only its tag: the field
 * must stay a BCP 47 tag (ASCII), never a cut through a character */
START_TEST(language_attribute_with_text_run_in)
{
    const char *html =
        "<html lang=\"zh-CN\xe7\x82\xb9\xe6\x95\xb4\xe6\xb1\x9f\xe7\x95\x94\">"
        "<head><title>t</title></head><body><article><h1>Headline</h1>"
        "<p>\xe8\xbf\x90\xe8\xa1\x8c\xe5\x88\x97\xe8\xbd\xa6\xe4\xbb\x8e</p>"
        "</article></body></html>";
    galley_article *a = extract(html);
    ck_assert_str_eq(gt_field(a, GALLEY_FIELD_LANGUAGE), "zh-Hans");
    galley_article_free(a);
    a = extract("<html lang=\"\xe4\xb8\xad\xe6\x96\x87\"><body><p>x</p></body></html>");
    const char *l = gt_field(a, GALLEY_FIELD_LANGUAGE);
    for (const char *p = l ? l : ""; *p; p++) ck_assert((unsigned char)*p < 0x80);
    galley_article_free(a);
}
END_TEST

START_TEST(hostile_input)
{
    /* 100,000 nested elements with a byline class at the bottom, a huge
     * unterminated JSON-LD block, and an empty page: no crash, no recursion */
    size_t depth = 100000;
    size_t cap = depth * 30 + 4096;
    char *html = malloc(cap);
    ck_assert_ptr_nonnull(html);
    size_t o = (size_t)snprintf(html, cap, "<html><head><script type=\"application/ld+json\">"
                                           "{\"@graph\":[[[[[[[[[[</script></head><body>");
    for (size_t i = 0; i < depth; i++) o += (size_t)snprintf(html + o, cap - o, "<div class=\"author date\">");
    o += (size_t)snprintf(html + o, cap - o, "By Someone Real on 3 May 2024");
    galley_options *opts = galley_options_new();
    galley_error err;
    galley_article *a = galley_extract(html, o, NULL, NULL, opts, &err);
    if (a) galley_article_free(a);
    a = galley_extract("", 0, NULL, NULL, opts, &err);
    if (a) galley_article_free(a);
    galley_options_free(opts);
    free(html);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("meta");
    TCase *tc = tcase_create("meta");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, closing_byline_and_date_bar);
    tcase_add_test(tc, jsonld_graph_with_references_and_breakage);
    tcase_add_test(tc, author_lists_roles_and_organisations);
    tcase_add_test(tc, author_personal_site);
    tcase_add_test(tc, byline_shapes);
    tcase_add_test(tc, visible_dates_in_many_forms);
    tcase_add_test(tc, machine_dates_outrank_text_and_url);
    tcase_add_test(tc, shown_dates_decide);
    tcase_add_test(tc, microdata_and_time);
    tcase_add_test(tc, title_affixes_and_opengraph);
    tcase_add_test(tc, language_from_text_when_undeclared);
    tcase_add_test(tc, language_attribute_with_text_run_in);
    tcase_add_test(tc, hostile_input);
    tcase_add_test(tc, mojibake_in_declared_fields);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
