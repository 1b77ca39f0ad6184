/* Publication dates through the public API: one small hand-written page per
 * rule of the date choice (which source wins, the publisher's local day,
 * machine values in odd shapes). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

/* 2025-05-01T00:00:00Z: dates after 2025-05-02 are in the future */
#define REF_TIME 1746057600

static const char *body =
    "<p>The committee met on Tuesday to weigh the proposal, which would change how the "
    "city funds its libraries over the next ten years.</p>"
    "<p>Members heard from residents, librarians and the finance office before the vote, "
    "and several asked for more time to study the figures.</p>";

/* Extracts `head` + `<body>` + `inner` + body text and checks the day of the
 * publication date (NULL: none). */
static void check_pub(const char *head, const char *inner, const char *want)
{
    char html[12288];
    snprintf(html, sizeof html,
             "<html><head><title>Library funding</title>%s</head><body>%s%s"
             "<footer>Contact</footer></body></html>",
             head, inner, body);
    galley_options *o = galley_options_new();
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_REFERENCE_TIME, REF_TIME), GALLEY_OK);
    galley_error err;
    galley_article *a = galley_extract(html, strlen(html), NULL, NULL, o, &err);
    galley_options_free(o);
    ck_assert_msg(a != NULL, "extract failed: %s", err.msg);
    const char *got = galley_article_field(a, GALLEY_FIELD_PUBLISHED);
    if (!want)
        ck_assert_msg(got == NULL, "%s | %s gave %s", head, inner, got);
    else
        ck_assert_msg(got && strncmp(got, want, 10) == 0, "%s | %s gave %s, want %s", head,
                      inner, got ? got : "(null)", want);
    galley_article_free(a);
}

START_TEST(bare_meta_date_yields_to_shown_date)
{
    /* a bare <meta name="date"> is often the last save: a <time> wins */
    check_pub("<meta name=\"date\" content=\"2024-03-09T10:00:00+01:00\">",
              "<article><h1>Library funding</h1><time>02.03.2024, 12:01</time>", "2024-03-02");
    /* a labelled line wins too */
    check_pub("<meta name=\"date\" content=\"2024-03-09\">",
              "<article><h1>Library funding</h1><p>Erstellt am: 02.03.2024</p>", "2024-03-02");
    /* and alone it is still the date */
    check_pub("<meta name=\"date\" content=\"2024-03-09\">",
              "<article><h1>Library funding</h1>", "2024-03-09");
    /* a named publication date keeps its rank over a <time> */
    check_pub("<meta property=\"article:published_time\" content=\"2024-03-09\">",
              "<article><h1>Library funding</h1><time>02.03.2024</time>", "2024-03-09");
}
END_TEST

START_TEST(local_day_of_a_utc_timestamp)
{
    const char *late = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                       "\"datePublished\":\"2024-03-01T22:30:00Z\"}</script>";
    /* a late UTC time, the page shows the next day (a zone east of UTC) */
    check_pub(late, "<article><h1>Library funding</h1><div class=\"date\">2. März 2024</div>",
              "2024-03-02");
    /* month words in capitals, non-ASCII ones too (the shared case fold) */
    check_pub(late, "<article><h1>Library funding</h1><div class=\"date\">2. MÄRZ 2024</div>",
              "2024-03-02");
    check_pub(late, "<article><h1>Library funding</h1><div class=\"date\">2 МАРТА 2024</div>",
              "2024-03-02");
    /* the URL carries the next day */
    char head[512];
    snprintf(head, sizeof head, "%s<link rel=\"canonical\" "
             "href=\"https://news.example/2024/03/02/library-funding\">", late);
    check_pub(head, "<article><h1>Library funding</h1>", "2024-03-02");
    /* an early UTC time, the URL carries the day before (a zone west of UTC) */
    check_pub("<meta property=\"article:published_time\" content=\"2024-03-02T03:10:00Z\">"
              "<link rel=\"canonical\" href=\"https://news.example/2024/03/01/funding\">",
              "<article><h1>Library funding</h1>", "2024-03-01");
    /* in the afternoon no zone moves the day: the timestamp stands */
    check_pub("<meta property=\"article:published_time\" content=\"2024-03-01T15:00:00Z\">"
              "<link rel=\"canonical\" href=\"https://news.example/2024/03/02/funding\">",
              "<article><h1>Library funding</h1>", "2024-03-01");
    /* a time with its own offset is local already: the URL's next day is not taken */
    check_pub("<meta property=\"article:published_time\" content=\"2024-03-01T23:10:00+01:00\">"
              "<link rel=\"canonical\" href=\"https://news.example/2024/03/02/funding\">",
              "<article><h1>Library funding</h1>", "2024-03-01");
}
END_TEST

START_TEST(machine_value_shapes)
{
    /* one-digit seconds still carry the time and zone */
    check_pub("<meta property=\"article:published_time\" content=\"2024-03-01T23:15:0Z\">",
              "<article><h1>Library funding</h1><p class=\"date\">02 marzo 2024</p>",
              "2024-03-02");
}
END_TEST

START_TEST(which_shown_date_is_the_story_s)
{
    /* a label is the one nearest the date: a version string between them
     * ("erstellt (v2/rev3/...)") does not make a footer date the story's */
    check_pub("", "<h1>Library funding</h1><p>12.01.2024</p>"
              "<p>Vorlage erstellt (v2/rev3/09.03.2024)</p>", "2024-01-12");
    /* a later dated line inside an <article> (a list of other stories) does
     * not displace the first dated line */
    check_pub("", "<p class=\"date\">15 March 2024</p><h1>Library funding</h1>"
              "<article><p class=\"date\">13 February 2024</p></article>", "2024-03-15");
    /* a date told inside a sentence (a caption) yields to a line that is
     * only the date */
    check_pub("", "<h1>Library funding</h1><div>The mayor speaks at the opening of the "
              "new reading room in the east wing of the central library, January 16, 2024. "
              "Photo by the city press office</div><p>January 18, 2024</p>", "2024-01-18");
    /* ... but is the date when no such line follows */
    check_pub("", "<h1>Library funding</h1><div>The mayor speaks at the opening of the "
              "new reading room in the east wing of the central library, January 16, 2024. "
              "Photo by the city press office</div>", "2024-01-16");
    /* a date line right above the headline beats a list date below it */
    check_pub("", "<p class=\"kicker\">\n   21. Jan 2024\n   //\n Dana Roe\n   </p>"
              "<h1>Library funding</h1><p><small>30.01.2024 &middot; Sport</small></p>",
              "2024-01-21");
    /* ... unless that line is the update date */
    check_pub("<meta property=\"article:published_time\" content=\"2023-07-14T10:00:00Z\">"
              "<meta property=\"article:modified_time\" content=\"2024-03-11T10:00:00Z\">",
              "<p><span class=\"date-modified\"><span>Last Updated: </span> March 11, 2024"
              "</span></p><h1>Library funding</h1>", "2023-07-14");
}
END_TEST

START_TEST(labels_in_many_languages_and_places)
{
    const char *meta = "<meta name=\"date\" content=\"2024-03-09\">";
    /* the label in its own element just before the date's */
    check_pub(meta, "<h1>Library funding</h1><span>Erschienen am:</span> <h2>\n  02.03.2024\n</h2>",
              "2024-03-02");
    check_pub(meta, "<h1>Library funding</h1><p>\xec\x9e\x85\xeb\xa0\xa5 2024.03.02 10:15</p>",
              "2024-03-02"); /* Korean "input" */
    check_pub(meta,
              "<h1>Library funding</h1><p>\xd0\x9e\xd0\xbf\xd1\x83\xd0\xb1\xd0\xbb\xd0\xb8"
              "\xd0\xba\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe: 02.03.2024</p>",
              "2024-03-02"); /* Russian "published" */
    check_pub(meta, "<h1>Library funding</h1><p>Julkaistu 2.3.2024</p>", "2024-03-02");
    /* a "pubdate" <time> after the story's date line is a comment's */
    check_pub("", "<article><h1>Library funding</h1><p>Le <time datetime=\"2024-03-02T13:49:45Z\">"
              "2 mars 2024</time></p><div><p>Un lecteur</p><time datetime=\"2024-04-22T07:30:29Z\" "
              "pubdate>22 avril</time></div>", "2024-03-02");
}
END_TEST

START_TEST(separators_and_disagreeing_sources)
{
    /* a day range gives its first day */
    check_pub("", "<h1>Library funding</h1><p>Wochenbericht 14. - 20. Januar 2024</p>", "2024-01-14");
    check_pub("", "<h1>Library funding</h1><p>Tagung 23.\xe2\x80\x93" "26.8.2023</p>", "2023-08-23");
    check_pub("", "<h1>Library funding</h1><p>Stand 2023-08-26</p>", "2023-08-26");
    /* a no-break space and a bullet before the date separate it like spaces */
    check_pub("", "<h1>Library funding</h1><p>City desk&nbsp;&nbsp;&bull;&nbsp;&nbsp;02.02.2024</p>",
              "2024-02-02");
    /* a caption's date yields to the page's labelled update date when the
     * label sits in its own element, far below the headline */
    char inner[6144];
    size_t o = (size_t)snprintf(inner, sizeof inner,
                                "<h1>Library funding</h1><div><span>Photo: the reading room "
                                "seen from the gallery of the east wing on 31.05.2023 (left) "
                                "and the plan (right)</span></div><p>");
    for (int i = 0; i < 140; i++)
        o += (size_t)snprintf(inner + o, sizeof inner - o, "More words on the plan. ");
    snprintf(inner + o, sizeof inner - o, "</p><div><label>Letzte \xc3\x84nderung:</label>"
             "<div> 14.01.2024 um 09:25 </div></div>");
    check_pub("", inner, "2024-01-14");
    /* JSON-LD and <meta> disagree: the day the page shows decides */
    check_pub("<meta property=\"article:published_time\" content=\"2024-01-06T08:29:34\">"
              "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
              "\"datePublished\":\"2024-01-04T07:29:00Z\"}</script>",
              "<h1>Library funding</h1><div class=\"info\">06.01.2024</div>", "2024-01-06");
    /* ... and without a shown day JSON-LD stands */
    check_pub("<meta property=\"article:published_time\" content=\"2024-01-06T08:29:34\">"
              "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
              "\"datePublished\":\"2024-01-04T07:29:00Z\"}</script>",
              "<h1>Library funding</h1>", "2024-01-04");
}
END_TEST

START_TEST(shown_update_date_near_the_headline_only)
{
    const char *head = "<meta property=\"article:published_time\" content=\"2024-01-13T18:54:00+01:00\">"
                       "<meta property=\"article:modified_time\" content=\"2024-01-14T09:13:22+01:00\">";
    /* the page shows only the update day, under the headline: it wins */
    check_pub(head, "<h1>Library funding</h1><time datetime=\"2024-01-14T09:13:22+01:00\">14. 01. "
              "2024</time>", "2024-01-14");
    /* a reader's comment of that day far below the story is no shown date */
    char inner[6144];
    size_t o = (size_t)snprintf(inner, sizeof inner, "<h1>Library funding</h1><p>");
    for (int i = 0; i < 140; i++)
        o += (size_t)snprintf(inner + o, sizeof inner - o, "More words on the plan. ");
    snprintf(inner + o, sizeof inner - o, "</p><ul><li><h4>A reader</h4><time datetime=\""
             "2024-01-14T13:47:02+01:00\">14. 01. 2024, 13:47</time><p>Well said.</p></li></ul>");
    check_pub(head, inner, "2024-01-13");
}
END_TEST

START_TEST(today_bar_is_not_the_story_s_date)
{
    /* a header's date with its weekday, above the headline, is the day the
     * page was served: the story's own line under the headline wins */
    check_pub("", "<div class=\"navtop\"><span class=\"date\">Mittwoch, 06. November 2024</span>"
              "</div><div class=\"menu\"><a href=\"/\">Startseite</a> <a href=\"/k\">Kultur"
              "</a> <a href=\"/p\">Politik</a> <a href=\"/s\">Sport</a></div><h1>Library funding</h1>"
              "<p>31. Oktober 2024</p>", "2024-10-31");
    /* right above the headline, the weekday is part of the story's line */
    check_pub("", "<p class=\"published-date\">martes 17 de marzo de 2020</p><h1>Library "
              "funding</h1><p>Some 12 words.</p>", "2020-03-17");
    check_pub("", "<div class=\"top\"><time datetime=\"2024-11-06T13:56:20+01:00\">Mittwoch, 06. "
              "November 2024</time></div><p>Startseite Kultur Politik Sport</p><h1>Library funding</h1>"
              "<p>31. Oktober 2024</p>",
              "2024-10-31");
    check_pub("", "<div class=\"edition\"><span class=\"date\">lun. 5 ao\xc3\xbbt 2024</span> "
              "<span>Edition du soir, la gazette locale</span></div><h1>Library funding</h1><ul class=\"info\"><li>27 juin 2024</li></ul>", "2024-06-27");
    /* among stray dates above the headline, the "today" line comes last */
    check_pub("", "<span id=\"uhr\">Donnerstag, 16. Februar 2024</span><div class=\"box\"><span>"
              "14. Februar 2024</span><p>Ski night with music and pictures from the slopes</p>"
              "</div><h1>Library funding</h1>", "2024-02-14");
    /* without the weekday it is the date line above the headline */
    check_pub("", "<div class=\"top\"><span class=\"date\">06. November 2024</span></div>"
              "<h1>Library funding</h1><p>31. Oktober 2024</p>", "2024-11-06");
    /* in the article, a weekday is part of the story's own date line */
    check_pub("", "<article><span class=\"date\">Friday, 1 November 2024</span><h1>Library "
              "funding</h1></article>", "2024-11-01");
}
END_TEST

START_TEST(bare_meta_date_yields_to_a_date_line)
{
    const char *head = "<meta name=\"date\" content=\"2024-03-09\">";
    /* the page's own date line (a date class) beats the last-save day */
    check_pub(head, "<h2>Library funding</h2><span class=\"date\">02.03.2024</span>", "2024-03-02");
    /* a dated item of a list (events, other stories) does not */
    check_pub(head, "<h2>Library funding</h2><ul><li><span class=\"date\">29.03.2024 18:00</span> "
              "Wine tasting</li></ul>", "2024-03-09");
    /* a shown update day before it makes it a later save */
    check_pub(head, "<h1>Library funding</h1><p><span class=\"stand\">Stand: 02.03.2024 18:00 "
              "Uhr</span></p>", "2024-03-02");
    /* nor a "today" line with its weekday */
    check_pub(head, "<h1>Radio</h1><span class=\"date\">Montag, 11.03.2024</span>", "2024-03-09");
}
END_TEST

START_TEST(comment_box_dates)
{
    /* a <time> in a box whose class has a "comment" part is a reader's */
    check_pub("", "<h1>Library funding</h1><p>von Ann am 20.09.2024</p><div class=\"kb-recipe-"
              "comment-box\"><time datetime=\"2024-09-23T18:19:06+02:00\">23.09.24</time>"
              "<p>Great tip!</p></div>", "2024-09-20");
    /* a comment counter in the story's meta line is no comment */
    check_pub("", "<h1>Library funding</h1><p>von Ann am 20.09.2024</p><div class=\"post-"
              "comments-link\"><time datetime=\"2024-09-23T18:19:06+02:00\">23.09.24</time>"
              "</div>", "2024-09-23");
}
END_TEST

START_TEST(wiki_last_edit_footer)
{
    /* a wiki page is dated by its footer's last edit, not by a date told in
     * the text nor by the page's creation in JSON-LD */
    const char *foot = "<ul><li id=\"footer-info-lastmod\">This page was last edited on 29 "
                       "January 2024, at 13:22.</li></ul>";
    char inner[1024];
    snprintf(inner, sizeof inner, "<h1>Library funding</h1><p>Next meeting: 5. Februar 2024</p>%s",
             foot);
    check_pub("", inner, "2024-01-29");
    check_pub("<script type=\"application/ld+json\">{\"@type\":\"Article\",\"datePublished\":"
              "\"2005-07-26T16:22:26-07:00\"}</script>", inner, "2024-01-29");
}
END_TEST

START_TEST(content_type_beside_a_bar_is_no_label)
{
    /* "Publication | 17 January, 2024" names a teaser's kind, not its
     * publication: the first dated line stays */
    check_pub("", "<h1>Forests</h1><div><h3>River clean-up pledge</h3><span class=\"date\">Blog entry "
              "by Ann Lee | 28 April, 2024</span></div><div><h3>Dirty bankers</h3><span class=\""
              "date\">Publication | 17 January, 2024 at 1:00</span></div>", "2024-04-28");
    /* a real label still counts */
    check_pub("", "<h1>Forests</h1><div><span class=\"date\">28 April, 2024</span></div><p>"
              "Published: 17 January, 2024</p>", "2024-01-17");
}
END_TEST

START_TEST(printed_timestamp_is_not_a_shown_date)
{
    /* a <time> whose text is the raw timestamp is machine data; the day
     * shown under the headline is the update day, and it wins */
    check_pub("", "<div><time itemprop=\"datePublished\" datetime=\"2024-10-27T20:35:36+01:00\">"
              "2024-10-27T20:35:36+01:00</time><time itemprop=\"dateModified\" datetime=\""
              "2024-10-28T13:21:30+01:00\">2024-10-28T13:21:30+01:00</time></div><h1>Library "
              "funding</h1><p class=\"article-meta\">Berlin, 28.10.2024, 058/24</p>", "2024-10-28");
    /* written for readers, the same <time> is the shown date and stays */
    check_pub("", "<div><time itemprop=\"datePublished\" datetime=\"2024-10-27T20:35:36+01:00\">"
              "27.10.2024</time><time itemprop=\"dateModified\" datetime=\""
              "2024-10-28T13:21:30+01:00\">2024-10-28T13:21:30+01:00</time></div><h1>Library "
              "funding</h1><p class=\"article-meta\">Berlin, 28.10.2024, 058/24</p>", "2024-10-27");
}
END_TEST

START_TEST(date_written_by_a_short_script)
{
    /* a page whose only date is written by a script call: the last resort */
    check_pub("", "<h1>Library funding</h1><table><tr><td><script>showDate(\"2024/04/17 01:43:09"
              "\")</script> views 7</td></tr></table>", "2024-04-17");
    /* any date the page shows comes first */
    check_pub("", "<h1>Library funding</h1><p>Posted 12.04.2024</p><script>showDate(\"2024/04/17"
              " 01:43:09\")</script>", "2024-04-12");
}
END_TEST

START_TEST(date_badge_in_parts)
{
    /* a date badge whose day and year touch ("04</span><span>2013") */
    check_pub("", "<h1>Library funding</h1><div class=\"date\"><span class=\"month\">Apr</span> "
              "<span class=\"day\">04</span><span class=\"year\">2024</span></div><p>From 12 "
              "Nov 2024 on, the branch opens.</p>", "2024-04-04");
    check_pub("", "<div class=\"datum\"><span class=\"monat\">Feb</span> <span class=\"tag\">"
              "18</span><span class=\"jahr\">2024</span></div><h2>Library funding</h2><p>Das Projekt startete am 20.11.23, ein paar Tage "
              "sp\xc3\xa4ter kam das Paket.</p>", "2024-02-18");
}
END_TEST

START_TEST(teaser_byline_dates_in_lists)
{
    /* an author-class line in a list item dates another story's teaser */
    check_pub("", "<h1>Library funding</h1><p>24.01.2024 11:38</p><ul><li><a href=\"/o\"><h3>"
              "Whales off Norway</h3><span class=\"t-author\">09.10.2023</span></a></li></ul>",
              "2024-01-24");
    /* outside a list it is the story's byline with its date */
    check_pub("", "<h1>Library funding</h1><div class=\"author\">By Ann Lee, 09.10.2023</div>",
              "2023-10-09");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("meta_date");
    TCase *tc = tcase_create("meta_date");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, bare_meta_date_yields_to_shown_date);
    tcase_add_test(tc, local_day_of_a_utc_timestamp);
    tcase_add_test(tc, machine_value_shapes);
    tcase_add_test(tc, which_shown_date_is_the_story_s);
    tcase_add_test(tc, labels_in_many_languages_and_places);
    tcase_add_test(tc, separators_and_disagreeing_sources);
    tcase_add_test(tc, shown_update_date_near_the_headline_only);
    tcase_add_test(tc, today_bar_is_not_the_story_s_date);
    tcase_add_test(tc, bare_meta_date_yields_to_a_date_line);
    tcase_add_test(tc, teaser_byline_dates_in_lists);
    tcase_add_test(tc, date_badge_in_parts);
    tcase_add_test(tc, date_written_by_a_short_script);
    tcase_add_test(tc, printed_timestamp_is_not_a_shown_date);
    tcase_add_test(tc, content_type_beside_a_bar_is_no_label);
    tcase_add_test(tc, wiki_last_edit_footer);
    tcase_add_test(tc, comment_box_dates);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
