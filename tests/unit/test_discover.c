/* Discovery helpers through the public API: robots.txt as RFC 9309 reads
 * it (groups, longest match, "*" and "$", Crawl-delay, Sitemap lines) and
 * URL normalisation (tracking parameters, ports, case, fragments). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

static galley_robots *robots(const char *txt)
{
    galley_robots *r = galley_robots_parse(txt, strlen(txt), "galley/0.1 (+https://example.org)");
    ck_assert_ptr_nonnull(r);
    return r;
}

START_TEST(robots_groups)
{
    /* our group wins over "*", and two groups naming us are merged */
    galley_robots *r = robots("User-agent: *\nDisallow: /\n\n"
                              "User-agent: OtherBot\nUser-agent: GALLEY\nDisallow: /private\n"
                              "Crawl-delay: 2.5\n\n"
                              "User-agent: galley\nDisallow: /tmp/ # comment\n"
                              "Sitemap: https://example.com/sitemap.xml\n");
    ck_assert_int_eq(galley_robots_allowed(r, "/"), 1);
    ck_assert_int_eq(galley_robots_allowed(r, "/news/a"), 1);
    ck_assert_int_eq(galley_robots_allowed(r, "/private/x"), 0);
    ck_assert_int_eq(galley_robots_allowed(r, "/tmp/x"), 0);
    ck_assert_int_eq(galley_robots_crawl_delay_ms(r), 2500);
    ck_assert_uint_eq(galley_robots_sitemap_count(r), 1);
    ck_assert_str_eq(galley_robots_sitemap(r, 0), "https://example.com/sitemap.xml");
    ck_assert_ptr_null(galley_robots_sitemap(r, 1));
    galley_robots_free(r);
    /* no group names us: "*" applies */
    r = robots("User-agent: otherbot\nDisallow: /\nUser-agent: *\nDisallow: /search\n");
    ck_assert_int_eq(galley_robots_allowed(r, "/search?q=1"), 0);
    ck_assert_int_eq(galley_robots_allowed(r, "/news"), 1);
    ck_assert_int_eq(galley_robots_crawl_delay_ms(r), -1);
    galley_robots_free(r);
}
END_TEST

START_TEST(robots_longest_match)
{
    galley_robots *r = robots("User-agent: *\nDisallow: /news/\nAllow: /news/public\n"
                              "Disallow: /*.pdf$\nDisallow: /a*b*c\nAllow: /same\nDisallow: /same\n"
                              "Disallow:\n");
    ck_assert_int_eq(galley_robots_allowed(r, "/news/x"), 0);
    ck_assert_int_eq(galley_robots_allowed(r, "/news/public/x"), 1);
    ck_assert_int_eq(galley_robots_allowed(r, "/doc/file.pdf"), 0);
    ck_assert_int_eq(galley_robots_allowed(r, "/doc/file.pdf?x=1"), 1); /* $ anchors */
    ck_assert_int_eq(galley_robots_allowed(r, "/a-x-b-y-c-z"), 0);
    ck_assert_int_eq(galley_robots_allowed(r, "/a-x-c-b"), 1);
    ck_assert_int_eq(galley_robots_allowed(r, "/same"), 1); /* a tie: allow */
    ck_assert_int_eq(galley_robots_allowed(r, "/robots.txt"), 1);
    ck_assert_int_eq(galley_robots_allowed(NULL, "/x"), 1);
    ck_assert_int_eq(galley_robots_allowed(r, NULL), 0);
    galley_robots_free(r);
    /* everything disallowed, but /robots.txt itself */
    r = robots("user-agent: *\r\ndisallow: /\r\n");
    ck_assert_int_eq(galley_robots_allowed(r, "/"), 0);
    ck_assert_int_eq(galley_robots_allowed(r, "/robots.txt"), 1);
    galley_robots_free(r);
}
END_TEST

START_TEST(robots_hostile)
{
    /* many stars against a long path: the matcher is not exponential */
    size_t n = 200000;
    char *txt = malloc(n + 64);
    strcpy(txt, "User-agent: *\nDisallow: /");
    size_t k = strlen(txt);
    for (; k < n; k++) txt[k] = (k & 1) ? '*' : 'a';
    memcpy(txt + k, "b\n", 3);
    galley_robots *r = galley_robots_parse(txt, strlen(txt), NULL);
    ck_assert_ptr_nonnull(r);
    char *path = malloc(n + 2);
    path[0] = '/';
    memset(path + 1, 'a', n);
    path[n] = 0;
    ck_assert_int_eq(galley_robots_allowed(r, path), 1);
    galley_robots_free(r);
    free(path);
    free(txt);
    /* binary junk and NULs parse to nothing, never crash */
    const char junk[] = "\0\xff:\n:\nUser-agent\nDisallow /x\n\x01: y";
    r = galley_robots_parse(junk, sizeof junk, "galley");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(galley_robots_allowed(r, "/x"), 1);
    galley_robots_free(r);
    /* a NUL inside a Sitemap line ends it: no empty or truncated entry */
    const char nul[] = "Sitemap:\0junk\nSitemap: https://example.com/s.xml\0tail\n";
    r = galley_robots_parse(nul, sizeof nul - 1, "galley");
    ck_assert_uint_eq(galley_robots_sitemap_count(r), 1);
    ck_assert_str_eq(galley_robots_sitemap(r, 0), "https://example.com/s.xml");
    galley_robots_free(r);
    ck_assert_ptr_null(galley_robots_parse(NULL, 5, "galley"));
}
END_TEST

static void norm_is(const char *base, const char *in, const char *want)
{
    char *got = galley_url_normalize(base, in);
    if (!want) {
        ck_assert_msg(got == NULL, "%s: %s, expected none", in, got);
        return;
    }
    ck_assert_msg(got && strcmp(got, want) == 0, "%s: %s, expected %s", in, got ? got : "(null)",
                  want);
    galley_free(got);
}

START_TEST(url_normalize)
{
    norm_is(NULL, "HTTP://Example.COM:80/News/A?utm_source=x&id=3&UTM_Medium=y#top",
            "http://example.com/News/A?id=3");
    norm_is(NULL, "https://example.com:443", "https://example.com/");
    norm_is(NULL, "https://example.com:8443/a?fbclid=1", "https://example.com:8443/a");
    norm_is(NULL, "https://example.com./a/./b/../c?gclid=z&x", "https://example.com/a/c?x");
    norm_is("https://example.com/news/", "../about?a=1&b=2", "https://example.com/about?a=1&b=2");
    norm_is("https://example.com/news/", "story-1#comments", "https://example.com/news/story-1");
    norm_is(NULL, "https://user@Example.com/", "https://example.com/");
    norm_is(NULL, "ftp://example.com/file", NULL);
    norm_is(NULL, "file:///etc/passwd", NULL);
    norm_is(NULL, "mailto:someone@example.com", NULL);
    norm_is(NULL, "javascript:void(0)", NULL);
    norm_is(NULL, "/relative/without/base", NULL);
    norm_is(NULL, "http://:80/", NULL);
    /* tabs and newlines inside are dropped (WHATWG), other unsafe bytes
     * percent-encoded, so that normalising twice changes nothing */
    norm_is("https://example.com/news/", "..ub\n\n\n", "https://example.com/news/..ub");
    norm_is(NULL, "https://example.com/a b\tc\n/d\"<\xc3\xa9>", "https://example.com/a%20bc/d%22%3C%C3%A9%3E");
    norm_is(NULL, "https://example.com/a%20bc/d%22%3C%C3%A9%3E", "https://example.com/a%20bc/d%22%3C%C3%A9%3E");
    ck_assert_ptr_null(galley_url_normalize(NULL, NULL));
}
END_TEST

static galley_urlset *urlset(const char *xml, const char *base)
{
    galley_urlset *s = galley_urlset_parse(xml, strlen(xml), base, NULL);
    ck_assert_ptr_nonnull(s);
    return s;
}

START_TEST(sitemaps_and_feeds)
{
    galley_urlset *s = urlset(
        "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
        "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">"
        "<url><loc> https://Example.com/news/a?utm_source=x </loc><lastmod>2026-11-02</lastmod>"
        "<news:news><news:publication_date>2026-12-01T08:30:00+01:00</news:publication_date>"
        "<news:title>Harbour &amp; pier</news:title></news:news></url>"
        "<url><loc>https://example.com/b</loc></url>"
        "<url><loc>mailto:x@example.com</loc></url><url><loc>/c</loc>"
        "<news:news><news:publication_date>2026-12-0081T:30</news:publication_date></news:news>"
        "<lastmod>2026-11-03</lastmod></url></urlset>",
        "https://example.com/sitemap.xml");
    ck_assert_int_eq(galley_urlset_status(s, NULL), GALLEY_OK);
    ck_assert_str_eq(galley_urlset_kind(s), "urlset");
    ck_assert_uint_eq(galley_urlset_count(s), 3);
    ck_assert_str_eq(galley_urlset_url(s, 0), "https://example.com/news/a");
    ck_assert_str_eq(galley_urlset_date(s, 0), "2026-12-01T08:30:00+01:00"); /* news date first */
    ck_assert_str_eq(galley_urlset_title(s, 0), "Harbour & pier");
    ck_assert_ptr_null(galley_urlset_date(s, 1));
    ck_assert_str_eq(galley_urlset_url(s, 2), "https://example.com/c");
    ck_assert_str_eq(galley_urlset_date(s, 2), "2026-11-03"); /* the broken news date skipped */
    ck_assert_ptr_null(galley_urlset_url(s, 3));
    galley_urlset_free(s);

    s = urlset("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap>"
               "<loc>https://example.com/s1.xml.gz</loc><lastmod>2026-01-05</lastmod></sitemap>"
               "</sitemapindex>", NULL);
    ck_assert_str_eq(galley_urlset_kind(s), "sitemapindex");
    ck_assert_str_eq(galley_urlset_url(s, 0), "https://example.com/s1.xml.gz");
    galley_urlset_free(s);

    s = urlset("<rss version=\"2.0\"><channel><title>Town</title><link>https://example.com/</link>"
               "<item><title>Ferry</title><link>https://example.com/ferry#top</link>"
               "<pubDate>Sat, 05 Dec 2026 10:00:00 GMT</pubDate></item></channel></rss>", NULL);
    ck_assert_str_eq(galley_urlset_kind(s), "rss");
    ck_assert_uint_eq(galley_urlset_count(s), 1); /* the channel's link is no item */
    ck_assert_str_eq(galley_urlset_url(s, 0), "https://example.com/ferry");
    ck_assert_str_eq(galley_urlset_title(s, 0), "Ferry");
    ck_assert_ptr_nonnull(strstr(galley_urlset_date(s, 0), "2026-12-05"));
    galley_urlset_free(s);

    s = urlset("<feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"https://example.com/\"/>"
               "<entry><title>Choir</title><link rel=\"edit\" href=\"/edit/1\"/>"
               "<link rel=\"alternate\" href=\"news/choir\"/><updated>2026-12-03T10:00:00Z</updated>"
               "<published>2026-12-02T10:00:00Z</published></entry></feed>",
               "https://example.com/feeds/atom.xml");
    ck_assert_str_eq(galley_urlset_kind(s), "atom");
    ck_assert_uint_eq(galley_urlset_count(s), 1);
    ck_assert_str_eq(galley_urlset_url(s, 0), "https://example.com/feeds/news/choir");
    ck_assert_str_eq(galley_urlset_date(s, 0), "2026-12-02T10:00:00Z"); /* published first */
    galley_urlset_free(s);

    s = urlset("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
               "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
               "<channel><link>https://example.com/</link></channel><item>"
               "<link>https://example.com/rdf-item</link><dc:date>2026-12-04</dc:date></item>"
               "</rdf:RDF>", NULL);
    ck_assert_str_eq(galley_urlset_kind(s), "rdf");
    ck_assert_uint_eq(galley_urlset_count(s), 1);
    ck_assert_str_eq(galley_urlset_date(s, 0), "2026-12-04");
    galley_urlset_free(s);
}
END_TEST

START_TEST(hostile_xml)
{
    const char *msg;
    /* billion laughs: refused at the first entity declaration */
    galley_urlset *s = urlset(
        "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">]>"
        "<urlset><url><loc>https://example.com/&e;</loc></url></urlset>", NULL);
    ck_assert_int_eq(galley_urlset_status(s, &msg), GALLEY_ERR_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(msg, "entity"));
    ck_assert_uint_eq(galley_urlset_count(s), 0);
    galley_urlset_free(s);
    /* an external entity: refused, never read */
    s = urlset("<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
               "<urlset><url><loc>https://example.com/&x;</loc></url></urlset>", NULL);
    ck_assert_int_eq(galley_urlset_status(s, NULL), GALLEY_ERR_UNSUPPORTED);
    ck_assert_uint_eq(galley_urlset_count(s), 0);
    galley_urlset_free(s);
    /* an undeclared entity is an XML error, the entries before it kept */
    s = urlset("<urlset><url><loc>https://example.com/1</loc></url><url><loc>&zz;</loc></url>"
               "</urlset>", NULL);
    ck_assert_int_eq(galley_urlset_status(s, NULL), GALLEY_ERR_CORRUPT);
    ck_assert_uint_eq(galley_urlset_count(s), 1);
    galley_urlset_free(s);
    /* deep nesting stops at the depth cap, without recursion */
    size_t depth = 100000;
    char *deep = malloc(depth * 3 + 64);
    strcpy(deep, "<urlset>");
    size_t k = strlen(deep);
    for (size_t i = 0; i < depth; i++, k += 3) memcpy(deep + k, "<a>", 3);
    deep[k] = 0;
    s = urlset(deep, NULL);
    ck_assert_int_eq(galley_urlset_status(s, NULL), GALLEY_LIMIT_DEPTH);
    galley_urlset_free(s);
    free(deep);
    /* not a sitemap or feed; not XML; nothing */
    s = urlset("<html><body>hello</body></html>", NULL);
    ck_assert_int_eq(galley_urlset_status(s, NULL), GALLEY_ERR_UNSUPPORTED);
    galley_urlset_free(s);
    s = urlset("\x1f\x8b\x08garbage", NULL);
    ck_assert_int_ne(galley_urlset_status(s, NULL), GALLEY_OK);
    galley_urlset_free(s);
    s = urlset("", NULL);
    ck_assert_int_eq(galley_urlset_status(s, NULL), GALLEY_ERR_CORRUPT);
    galley_urlset_free(s);
    ck_assert_ptr_null(galley_urlset_parse(NULL, 3, NULL, NULL));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("discover");
    TCase *tc = tcase_create("discover");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, robots_groups);
    tcase_add_test(tc, robots_longest_match);
    tcase_add_test(tc, robots_hostile);
    tcase_add_test(tc, url_normalize);
    tcase_add_test(tc, sitemaps_and_feeds);
    tcase_add_test(tc, hostile_xml);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
