/* Page type and article confidence through the public API: one small
 * hand-written page per type (news article, forum thread, product, docs,
 * listing, service), the raw "website"/"webpage" hints never surviving,
 * and hostile shapes (deep nesting, broken JSON-LD, huge card grids). */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

static const char *const types[] = {"article", "listing",       "collection", "product",
                                    "forum",   "documentation", "service"};

static galley_article *extract(const char *html, const char *url)
{
    galley_error err;
    galley_article *a = galley_extract(html, strlen(html), url, NULL, NULL, &err);
    ck_assert_msg(a != NULL, "extract failed: %s", a ? "" : err.msg);
    return a;
}

static const char *type_of(const galley_article *a)
{
    const char *v = galley_article_field(a, GALLEY_FIELD_PAGE_TYPE);
    ck_assert_ptr_nonnull(v);
    bool known = false;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(v, types[i])) known = true;
    ck_assert_msg(known, "unknown page type %s", v);
    double c = galley_article_confidence(a);
    ck_assert(c >= 0.0 && c <= 1.0);
    return v;
}

static const char *prose =
    "<p>The committee met on Tuesday to weigh the proposal, which would change how the "
    "city funds its libraries over the next ten years, and heard from residents.</p>"
    "<p>Members heard from residents, librarians and the finance office before the vote, "
    "and several asked for more time to study the figures before deciding.</p>"
    "<p>A final decision is expected next month, after a second public hearing in the "
    "council chamber, officials said in a statement released on Wednesday.</p>"
    "<p>Library staff said that opening hours had already been cut twice in three years "
    "and that another cut would close two branches on weekends for good.</p>";

START_TEST(news_article)
{
    char html[8192];
    snprintf(html, sizeof html,
             "<!DOCTYPE html><html lang=\"en\"><head><title>Council weighs library plan</title>"
             "<meta property=\"og:type\" content=\"article\">"
             "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
             "\"@type\":\"NewsArticle\",\"headline\":\"Council weighs library plan\","
             "\"datePublished\":\"2024-03-05T10:20:00Z\",\"author\":{\"@type\":\"Person\","
             "\"name\":\"Ana Souza\"}}</script></head><body><main><article>"
             "<h1>Council weighs library plan</h1><p class=\"byline\">By Ana Souza</p>%s"
             "</article></main></body></html>",
             prose);
    galley_article *a = extract(html, "https://news.example.com/2024/03/05/council-weighs-library-plan");
    ck_assert_str_eq(type_of(a), "article");
    ck_assert_str_eq(galley_article_field_source(a, GALLEY_FIELD_PAGE_TYPE), "json-ld");
    ck_assert(galley_article_confidence(a) > 0.5);
    galley_article_free(a);
}
END_TEST

START_TEST(forum_thread_declared)
{
    /* a forum posting declared in JSON-LD decides alone, whatever the
     * page looks like */
    char html[8192];
    snprintf(html, sizeof html,
             "<html><head><title>Boiler pressure keeps dropping</title>"
             "<meta property=\"og:type\" content=\"website\">"
             "<script type=\"application/ld+json\">{\"@type\":\"DiscussionForumPosting\","
             "\"headline\":\"Boiler pressure keeps dropping\"}</script></head><body>"
             "<h1>Boiler pressure keeps dropping</h1>%s</body></html>",
             prose);
    galley_article *a = extract(html, NULL);
    ck_assert_str_eq(type_of(a), "forum");
    ck_assert_str_eq(galley_article_field_source(a, GALLEY_FIELD_PAGE_TYPE), "json-ld");
    ck_assert(galley_article_confidence(a) < 0.5);
    galley_article_free(a);
}
END_TEST

START_TEST(forum_thread_undeclared)
{
    /* posts with user names, join dates, post counts, reply/quote links */
    char html[32768];
    size_t k = (size_t)snprintf(html, sizeof html,
                                "<html><head><title>Boiler pressure keeps dropping | Home "
                                "Heating Forum</title></head><body><h1>Boiler pressure keeps "
                                "dropping</h1><div class=\"thread\">");
    for (int i = 0; i < 8; i++)
        k += (size_t)snprintf(html + k, sizeof html - k,
                              "<div class=\"message\"><div class=\"userinfo\"><a "
                              "class=\"username\" href=\"/members/u%d\">user%d</a><span>Joined"
                              "</span><span>Posts</span></div><time>Mar %d, 2024</time>"
                              "<blockquote>quoted text from above</blockquote><p>I had the "
                              "same problem with mine last winter; the expansion vessel needed "
                              "air and the valve was letting by.</p><a href=\"#\">Reply</a> "
                              "<a href=\"#\">Quote</a></div>",
                              i, i, i + 1);
    snprintf(html + k, sizeof html - k, "</div></body></html>");
    galley_article *a =
        extract(html, "https://forum.example.org/threads/boiler-pressure-keeps-dropping.1234/");
    ck_assert_str_eq(type_of(a), "forum");
    ck_assert_str_eq(galley_article_field_source(a, GALLEY_FIELD_PAGE_TYPE), "classifier");
    galley_article_free(a);
}
END_TEST

START_TEST(product_page)
{
    const char *html =
        "<html><head><title>Walnut desk lamp</title>"
        "<meta property=\"og:type\" content=\"product\">"
        "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":\"Walnut desk "
        "lamp\",\"offers\":{\"@type\":\"Offer\",\"price\":\"49.00\",\"priceCurrency\":\"USD\"},"
        "\"aggregateRating\":{\"@type\":\"AggregateRating\",\"ratingValue\":4.5}}</script>"
        "</head><body><div class=\"product-detail\"><h1>Walnut desk lamp</h1>"
        "<span class=\"price\">$49.00</span><p>A warm lamp turned from one piece of walnut, "
        "with a linen shade and a braided cable.</p><form action=\"/cart/add\">"
        "<label>Quantity</label><input type=\"number\" name=\"quantity\" value=\"1\">"
        "<button class=\"add-to-cart\">Add to cart</button></form><p>In stock</p>"
        "<p>Free shipping on orders over $50</p></div></body></html>";
    galley_article *a = extract(html, "https://shop.example.com/products/walnut-desk-lamp");
    ck_assert_str_eq(type_of(a), "product");
    ck_assert(galley_article_confidence(a) < 0.5);
    galley_article_free(a);
}
END_TEST

START_TEST(documentation_page)
{
    char html[16384];
    snprintf(html, sizeof html,
             "<html><head><title>itertools reference - Example Docs</title></head><body>"
             "<nav class=\"sidebar toc\"><p>On this page</p><ul><li><a href=\"#a\">chain</a>"
             "</li><li><a href=\"#b\">islice</a></li></ul></nav><div class=\"docs-content\">"
             "<h1>itertools</h1><p>This module implements iterator building blocks.</p>"
             "<h2>chain</h2><pre><code class=\"language-python\">chain('ABC', 'DEF')</code>"
             "</pre><p>Parameters: iterables. Returns: an iterator.</p><h2>islice</h2>"
             "<pre><code class=\"language-python\">islice('ABCDEFG', 2)</code></pre>"
             "<pre><code>for x in islice(data, 5): print(x)</code></pre><p>See also the "
             "recipes section.</p><p>Note that slices cannot be negative.</p></div>"
             "<a href=\"/prev\">Previous</a> <a href=\"/next\">Next</a></body></html>");
    galley_article *a = extract(html, "https://example.org/docs/library/itertools.html");
    ck_assert_str_eq(type_of(a), "documentation");
    galley_article_free(a);
}
END_TEST

START_TEST(listing_page)
{
    char html[32768];
    size_t k = (size_t)snprintf(html, sizeof html,
                                "<html><head><title>Science news - latest stories</title></head>"
                                "<body><h1>Science</h1><div class=\"river\">");
    for (int i = 0; i < 16; i++)
        k += (size_t)snprintf(html + k, sizeof html - k,
                              "<article class=\"card\"><h2><a href=\"/science/story-%d\">"
                              "Story number %d about a discovery</a></h2><p>A short teaser "
                              "of the story.</p><time>May %d</time></article>",
                              i, i, i + 1);
    snprintf(html + k, sizeof html - k,
             "</div><a href=\"/science/page/2\">Load more</a></body></html>");
    galley_article *a = extract(html, "https://news.example.com/category/science/");
    ck_assert_str_eq(type_of(a), "listing");
    ck_assert(galley_article_confidence(a) < 0.5);
    galley_article_free(a);
}
END_TEST

START_TEST(raw_hints_never_survive)
{
    /* og:type website and JSON-LD WebPage say nothing about the kind of
     * page: the answer is one of the seven types */
    const char *html =
        "<html><head><title>Emergency plumbing services - Example Plumbing Co</title>"
        "<meta property=\"og:type\" content=\"website\">"
        "<script type=\"application/ld+json\">{\"@type\":\"WebPage\"}</script></head><body>"
        "<section class=\"hero\"><h1>Emergency plumbing services</h1><p>We fix leaks, "
        "boilers and blocked drains across the county, day and night.</p>"
        "<a class=\"btn cta\" href=\"/contact\">Get a quote</a> <a href=\"tel:+15550100\">"
        "Call now</a></section><section class=\"features\"><h2>Why choose us</h2><p>Our "
        "engineers are certified and we offer fixed prices.</p><p>Your home is in good "
        "hands with our team.</p></section><section class=\"testimonials\"><h2>Testimonials"
        "</h2><p>They came within an hour.</p></section><a href=\"/contact\">Contact us</a>"
        "</body></html>";
    galley_article *a = extract(html, "https://plumbing.example.com/services/emergency");
    const char *t = type_of(a);
    ck_assert_str_ne(t, "website");
    ck_assert_str_ne(t, "webpage");
    ck_assert_str_eq(t, "service");
    galley_article_free(a);
}
END_TEST

START_TEST(hostile_shapes)
{
    /* 100,000 nested divs, a card grid of 20,000 siblings, broken JSON-LD
     * with an unterminated @type: the walk is iterative and bounded */
    size_t n = 100000, cap = n * 12 + 1000000;
    char *html = malloc(cap);
    ck_assert_ptr_nonnull(html);
    size_t k = 0;
    k += (size_t)snprintf(html + k, cap - k,
                          "<html><head><script type=\"application/ld+json\">{\"@type\":[\"Pro"
                          "</script><script type=\"application/ld+json\">{\"@type\"</script>"
                          "</head><body>");
    for (size_t i = 0; i < n; i++) k += (size_t)snprintf(html + k, cap - k, "<div>");
    k += (size_t)snprintf(html + k, cap - k, "deep");
    for (size_t i = 0; i < 20000 && k + 64 < cap; i++)
        k += (size_t)snprintf(html + k, cap - k, "<li class=\"c\"><a href=\"/\">$%zu</a></li>", i);
    galley_article *a = extract(html, "no scheme at all/p/x?t=");
    type_of(a);
    galley_article_free(a);
    a = extract("", NULL);
    type_of(a);
    galley_article_free(a);
    free(html);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pagetype");
    TCase *tc = tcase_create("pagetype");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, news_article);
    tcase_add_test(tc, forum_thread_declared);
    tcase_add_test(tc, forum_thread_undeclared);
    tcase_add_test(tc, product_page);
    tcase_add_test(tc, documentation_page);
    tcase_add_test(tc, listing_page);
    tcase_add_test(tc, raw_hints_never_survive);
    tcase_add_test(tc, hostile_shapes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
