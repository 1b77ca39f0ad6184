/* Main-content extraction seen through the public API: what stays in the
 * body, what goes, and the shape of the blocks. Every page here is written
 * for the test. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

static galley_article *extract_opts(const char *html, const galley_options *o)
{
    galley_error err;
    memset(&err, 0, sizeof err);
    galley_article *a = galley_extract(html, strlen(html), "https://example.com/news/story.html",
                                       NULL, o, &err);
    ck_assert_msg(a != NULL, "galley_extract failed: %s", err.msg);
    return a;
}

static galley_article *extract(const char *html) { return extract_opts(html, NULL); }

static const char *body(const galley_article *a)
{
    const char *t = galley_article_text(a, NULL);
    return t ? t : "";
}

#define HAS(a, s) ck_assert_msg(strstr(body(a), s) != NULL, "missing \"%s\" in:\n%s", s, body(a))
#define LACKS(a, s) ck_assert_msg(strstr(body(a), s) == NULL, "unwanted \"%s\" in:\n%s", s, body(a))

/* Depth-first search of the block tree (tests only: small trees). */
static const galley_block *find_block(const galley_block *b, galley_block_type t, int nth)
{
    const galley_block *stack[64];
    int sp = 0;
    for (; b; b = galley_block_next(b)) stack[sp++] = b;
    /* reverse so that document order is kept */
    for (int i = 0; i < sp / 2; i++) {
        const galley_block *x = stack[i];
        stack[i] = stack[sp - 1 - i];
        stack[sp - 1 - i] = x;
    }
    while (sp) {
        const galley_block *x = stack[--sp];
        if (galley_block_get_type(x) == t && nth-- == 0) return x;
        const galley_block *kids[64];
        int nk = 0;
        for (const galley_block *k = galley_block_first_child(x); k && nk < 64;
             k = galley_block_next(k))
            kids[nk++] = k;
        while (nk && sp < 64) stack[sp++] = kids[--nk];
    }
    return NULL;
}

static size_t count_children(const galley_block *b)
{
    size_t n = 0;
    for (const galley_block *k = galley_block_first_child(b); k; k = galley_block_next(k)) n++;
    return n;
}

static const char *PROSE1 =
    "<p>The harbour board met on Tuesday evening to decide the future of the old ferry pier, "
    "which has stood unused since the storm of last winter damaged its pilings.</p>";
static const char *PROSE2 =
    "<p>Engineers told the board that repairs would cost less than a new pier, but warned "
    "that the work could not begin before the spring tides, when the water is calmest.</p>";
static const char *PROSE3 =
    "<p>Residents who spoke at the meeting were divided, with some asking for the pier to be "
    "turned into a promenade and others wanting the ferry service back as soon as possible.</p>";

static char *page(const char *head, const char *before, const char *article, const char *after)
{
    size_t n = strlen(head) + strlen(before) + strlen(article) + strlen(after) + 256;
    char *p = malloc(n);
    snprintf(p, n,
             "<!DOCTYPE html><html><head><title>Pier to reopen next spring</title>%s</head>"
             "<body>%s<main><article>%s</article></main>%s</body></html>",
             head, before, article, after);
    return p;
}

START_TEST(boilerplate_goes)
{
    char art[4096];
    snprintf(art, sizeof art,
             "<h1>Pier to reopen next spring</h1>%s"
             "<p>Advertisement</p>%s"
             "<div class=\"share-buttons\"><a href=\"/s/fb\">Share on Facebook</a> "
             "<a href=\"/s/tw\">Share on Twitter</a></div>%s",
             PROSE1, PROSE2, PROSE3);
    char *html = page(
        "",
        "<div id=\"cookie-consent\">We use cookies to improve your experience. Accept all</div>"
        "<header class=\"site-header\"><a href=\"/\">Harbour Gazette</a></header>"
        "<nav><ul><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li>"
        "<li><a href=\"/weather\">Weather</a></li></ul></nav>",
        art,
        "<aside class=\"sidebar\"><h3>Most read</h3><ul><li><a href=\"/a\">Fishing quota "
        "row deepens</a></li><li><a href=\"/b\">Lighthouse keeper retires</a></li></ul></aside>"
        "<div class=\"related-posts\"><h3>Related</h3><ul><li><a href=\"/c\">Ferry timetable "
        "cut</a></li><li><a href=\"/d\">Storm damage bill grows</a></li></ul></div>"
        "<div class=\"newsletter-signup\">Sign up for our newsletter and get the news first."
        "</div><footer>Copyright Harbour Gazette. All rights reserved.</footer>");
    galley_article *a = extract(html);
    ck_assert_int_eq(galley_article_status(a), GALLEY_OK);
    HAS(a, "The harbour board met on Tuesday evening");
    HAS(a, "Engineers told the board");
    HAS(a, "turned into a promenade");
    LACKS(a, "Sport");
    LACKS(a, "Harbour Gazette");
    LACKS(a, "Fishing quota");
    LACKS(a, "Ferry timetable cut");
    LACKS(a, "newsletter");
    LACKS(a, "cookies");
    LACKS(a, "Advertisement");
    LACKS(a, "Share on");
    LACKS(a, "All rights reserved");
    /* the heading that repeats the title is the title's, not the body's */
    LACKS(a, "Pier to reopen");
    ck_assert_ptr_null(galley_article_comments(a));
    galley_article_free(a);
    free(html);
}
END_TEST

START_TEST(structure_stays)
{
    char art[8192];
    snprintf(art, sizeof art,
             "%s<h2>What the engineers found</h2>%s"
             "<ul><li>Three pilings cracked</li><li>Deck boards <em>rotten</em>"
             "<ol start=\"4\"><li>north end</li><li>south end</li></ol></li>"
             "<li>Railings sound</li></ul>"
             "<blockquote><p>We can have it open by May if the weather holds.</p></blockquote>"
             "<table><thead><tr><th>Option</th><th>Cost</th></tr></thead>"
             "<tbody><tr><td>Repair</td><td>1.2m</td></tr><tr><td>Rebuild</td><td>4.5m</td></tr>"
             "</tbody></table>"
             "<figure><img src=\"data:image/gif;base64,R0lGOD\" data-src=\"/img/pier.jpg\" "
             "alt=\"The old pier at low tide\"><figcaption>The old pier at low tide</figcaption>"
             "</figure>"
             "<pre><code class=\"language-python\">cost = 1.2e6\nprint(cost)</code></pre>"
             "<hr>%s<p>Read the <a href=\"../reports/pier.pdf\">full report</a> online.</p>",
             PROSE1, PROSE2, PROSE3);
    char *html = page("", "", art, "");
    galley_article *a = extract(html);
    const galley_block *bl = galley_article_blocks(a);
    ck_assert_ptr_nonnull(bl);

    const galley_block *h = find_block(bl, GALLEY_BLOCK_HEADING, 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(galley_block_level(h), 2);
    ck_assert_str_eq(galley_block_text(h, NULL), "What the engineers found");

    const galley_block *ul = find_block(bl, GALLEY_BLOCK_LIST, 0);
    ck_assert_ptr_nonnull(ul);
    ck_assert_int_eq(galley_block_level(ul), 0);
    ck_assert_uint_eq(count_children(ul), 3);
    const galley_block *item2 = galley_block_next(galley_block_first_child(ul));
    ck_assert_str_eq(galley_block_text(item2, NULL), "Deck boards rotten");
    const galley_block *ol = galley_block_first_child(item2);
    ck_assert_ptr_nonnull(ol);
    ck_assert_int_eq(galley_block_get_type(ol), GALLEY_BLOCK_LIST);
    ck_assert_int_eq(galley_block_level(ol), 1);
    ck_assert_str_eq(galley_block_attr(ol, "start"), "4");
    ck_assert_uint_eq(count_children(ol), 2);

    const galley_block *q = find_block(bl, GALLEY_BLOCK_QUOTE, 0);
    ck_assert_ptr_nonnull(q);
    ck_assert_str_eq(galley_block_text(galley_block_first_child(q), NULL),
                     "We can have it open by May if the weather holds.");

    const galley_block *t = find_block(bl, GALLEY_BLOCK_TABLE, 0);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(count_children(t), 3);
    const galley_block *th = galley_block_first_child(galley_block_first_child(t));
    ck_assert_int_eq(galley_block_level(th), 1);
    ck_assert_str_eq(galley_block_text(th, NULL), "Option");

    const galley_block *f = find_block(bl, GALLEY_BLOCK_FIGURE, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(galley_block_attr(f, "src"), "https://example.com/img/pier.jpg");
    ck_assert_str_eq(galley_block_attr(f, "caption"), "The old pier at low tide");
    ck_assert_ptr_null(galley_block_attr(f, "alt")); /* caption equal to alt: once */

    const galley_block *code = find_block(bl, GALLEY_BLOCK_CODE, 0);
    ck_assert_ptr_nonnull(code);
    ck_assert_str_eq(galley_block_attr(code, "language"), "python");
    ck_assert_str_eq(galley_block_text(code, NULL), "cost = 1.2e6\nprint(cost)");

    ck_assert_ptr_nonnull(find_block(bl, GALLEY_BLOCK_RULE, 0));

    char *md = galley_article_render(a, GALLEY_FORMAT_MARKDOWN, NULL);
    ck_assert_ptr_nonnull(md);
    ck_assert_msg(strstr(md, "https://example.com/reports/pier.pdf") != NULL,
                  "relative link not resolved:\n%s", md);
    galley_free(md);
    /* the plain text is the prose: the caption stays with its figure ... */
    LACKS(a, "The old pier at low tide");
    char *js = galley_article_render(a, GALLEY_FORMAT_JSON, NULL);
    ck_assert_ptr_nonnull(js);
    ck_assert_msg(strstr(js, "\"caption\":\"The old pier at low tide\"") != NULL, "%s", js);
    galley_free(js);
    galley_article_free(a);
    /* ... unless GALLEY_OPT_CAPTIONS puts it in the text too */
    galley_options *o = galley_options_new();
    ck_assert_int_eq(galley_options_get_int(o, GALLEY_OPT_CAPTIONS), 0);
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_CAPTIONS, 2), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_CAPTIONS, 1), GALLEY_OK);
    a = extract_opts(html, o);
    HAS(a, "Rebuild | 4.5m\n\nThe old pier at low tide\n\ncost = 1.2e6");
    galley_article_free(a);
    galley_options_free(o);
    free(html);
}
END_TEST

START_TEST(layout_table_flattens)
{
    char art[4096];
    snprintf(art, sizeof art, "<table><tr><td>%s%s%s</td></tr></table>", PROSE1, PROSE2, PROSE3);
    char *html = page("", "", art, "");
    galley_article *a = extract(html);
    ck_assert_ptr_null(find_block(galley_article_blocks(a), GALLEY_BLOCK_TABLE, 0));
    ck_assert_ptr_nonnull(find_block(galley_article_blocks(a), GALLEY_BLOCK_PARAGRAPH, 2));
    HAS(a, "Engineers told the board");
    galley_article_free(a);
    free(html);
}
END_TEST

START_TEST(hidden_goes)
{
    char art[4096];
    snprintf(art, sizeof art,
             "%s<p style=\"display: none\">Secret one.</p>%s<div hidden>Secret two.</div>"
             "<p aria-hidden=\"true\">Secret three.</p><span class=\"sr-only\">Secret four."
             "</span><script>var secret = 5;</script>%s",
             PROSE1, PROSE2, PROSE3);
    char *html = page("", "", art, "");
    galley_article *a = extract(html);
    HAS(a, "Engineers told the board");
    LACKS(a, "Secret");
    LACKS(a, "secret");
    galley_article_free(a);
    free(html);
}
END_TEST

START_TEST(cjk_short_article_stays)
{
    const char *html =
        "<html><head><title>港口码头明年春天重新开放</title></head><body>"
        "<nav><a href=\"/\">首页</a> <a href=\"/news\">新闻</a></nav>"
        "<div class=\"content\"><p>港口委员会周二晚上开会，决定旧渡轮码头的未来。去年冬天的风暴"
        "损坏了码头的桩基，此后码头一直闲置。</p><p>工程师告诉委员会，维修费用低于新建码头，"
        "但工程要到春季潮汐时才能开始。</p></div>"
        "<footer>版权所有</footer></body></html>";
    galley_article *a = extract(html);
    ck_assert_int_eq(galley_article_status(a), GALLEY_OK);
    HAS(a, "港口委员会周二晚上开会");
    HAS(a, "工程师告诉委员会");
    LACKS(a, "首页");
    LACKS(a, "版权所有");
    galley_article_free(a);
}
END_TEST

START_TEST(comments_apart)
{
    char art[4096];
    snprintf(art, sizeof art, "%s%s%s", PROSE1, PROSE2, PROSE3);
    char *html = page("", "", art,
                      "<section id=\"comments\"><h3>2 comments</h3><ol class=\"comment-list\">"
                      "<li class=\"comment\"><p>I used to fish from that pier every summer, "
                      "please bring it back.</p></li><li class=\"comment\"><p>A promenade "
                      "would be far better for the town.</p></li></ol></section>");
    galley_article *a = extract(html);
    LACKS(a, "fish from that pier");
    ck_assert_ptr_null(galley_article_comments(a));
    galley_article_free(a);

    galley_options *o = galley_options_new();
    galley_options_set_int(o, GALLEY_OPT_COMMENTS, 1);
    a = extract_opts(html, o);
    HAS(a, "turned into a promenade");
    LACKS(a, "fish from that pier");
    const galley_block *c = galley_article_comments(a);
    ck_assert_ptr_nonnull(c);
    const galley_block *found = NULL;
    const galley_block_type kinds[2] = {GALLEY_BLOCK_PARAGRAPH, GALLEY_BLOCK_LIST_ITEM};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 16 && !found; i++) {
            const galley_block *p = find_block(c, kinds[k], i);
            if (!p) break;
            if (strstr(galley_block_text(p, NULL), "fish from that pier")) found = p;
        }
    ck_assert_ptr_nonnull(found);
    galley_article_free(a);
    galley_options_free(o);
    free(html);
}
END_TEST

/* A teaser list under a "More in X" heading goes even when its items
 * carry excerpts (too little link text for the link-list rule). */
START_TEST(more_in_teasers_go)
{
    char art[8192];
    snprintf(art, sizeof art,
             "<h1>Pier to reopen next spring</h1>%s%s%s"
             "<h2>More in Harbour News</h2><ul>"
             "<li><a href=\"/a\">Ferry timetable cut</a> Winter crossings will run twice a "
             "day from January, the operator said, after a fall in passenger numbers.</li>"
             "<li><a href=\"/b\">Storm damage bill grows</a> Repairs to the sea wall will "
             "cost more than first thought, the council heard on Monday night.</li></ul>",
             PROSE1, PROSE2, PROSE3);
    char *html = page("", "", art, "");
    galley_article *a = extract(html);
    HAS(a, "The harbour board met on Tuesday evening");
    HAS(a, "turned into a promenade");
    LACKS(a, "More in Harbour News");
    LACKS(a, "Winter crossings");
    LACKS(a, "Repairs to the sea wall");
    galley_article_free(a);
    free(html);
}
END_TEST

START_TEST(empty_page_no_content)
{
    galley_article *a = extract("<html><body><nav><a href=\"/\">Home</a></nav></body></html>");
    ck_assert_int_eq(galley_article_status(a), GALLEY_ERR_NO_CONTENT);
    ck_assert_ptr_null(galley_article_blocks(a));
    galley_article_free(a);
}
END_TEST

/* Two paragraphs under 100,000 nested <div>s; its length in *len. */
static char *deep_page(size_t *len)
{
    size_t depth = 100000;
    size_t n = depth * 11 + 1024;
    char *html = malloc(n);
    size_t k = 0;
    k += (size_t)snprintf(html + k, n - k, "<html><body>");
    for (size_t i = 0; i < depth; i++) k += (size_t)snprintf(html + k, n - k, "<div>");
    k += (size_t)snprintf(html + k, n - k, "%s%s", PROSE1, PROSE2);
    for (size_t i = 0; i < depth; i++) k += (size_t)snprintf(html + k, n - k, "</div>");
    *len = k;
    return html;
}

START_TEST(deep_nesting_survives)
{
    size_t k;
    char *html = deep_page(&k);
    galley_error err;
    galley_article *a = galley_extract(html, k, NULL, NULL, NULL, &err);
    ck_assert_ptr_nonnull(a);
    HAS(a, "Engineers told the board");
    galley_article_free(a);
    free(html);
}
END_TEST

/* GALLEY_OPT_TRACE: NULL without it; with it, JSON owned by the article
 * (the same pointer on every call) naming the rule of a dropped block, and
 * the body exactly as without the trace. */
START_TEST(trace_api)
{
    char *html = page("", "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>",
                      "<h1>Pier to reopen next spring</h1><p>Sign up for our newsletter</p>",
                      "");
    size_t n = strlen(html);
    char *full = malloc(n + 1024);
    /* the prose inside the article */
    char *cut = strstr(html, "</article>");
    snprintf(full, n + 1024, "%.*s%s%s%s%s", (int)(cut - html), html, PROSE1, PROSE2, PROSE3,
             cut);
    size_t len = 1;
    ck_assert_ptr_null(galley_article_trace(NULL, &len));
    ck_assert_uint_eq(len, 0);
    galley_article *plain = extract(full);
    ck_assert_ptr_null(galley_article_trace(plain, &len));
    galley_options *o = galley_options_new();
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_TRACE, 1), GALLEY_OK);
    galley_article *a = extract_opts(full, o);
    const char *t = galley_article_trace(a, &len);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(len, strlen(t));
    ck_assert_ptr_eq(galley_article_trace(a, NULL), t);
    ck_assert_msg(strstr(t, "\"text\":\"Sign up for our newsletter\",\"chars\":26,\"kept\":false,"
                            "\"rule\":\"post.prompt\"") != NULL, "no post.prompt in %s", t);
    ck_assert_msg(strstr(t, "\"rule\":\"soft.nav\"") != NULL, "no soft.nav in %s", t);
    ck_assert_str_eq(body(a), body(plain));
    galley_article_free(a);
    galley_article_free(plain);
    galley_options_free(o);
    free(full);
    free(html);
}
END_TEST

/* post.model's second opinion on a link paragraph: whichever way it goes,
 * the block's note gives the probability, the cut-off and each feature's
 * value and contribution. */
START_TEST(trace_post_model)
{
    char art[4096];
    snprintf(art, sizeof art,
             "<h1>Pier to reopen next spring</h1>%s"
             "<p><a href=\"/a\">Harbour works</a> <a href=\"/b\">Ferry times</a></p>%s%s",
             PROSE1, PROSE2, PROSE3);
    char *html = page("", "", art, "");
    galley_options *o = galley_options_new();
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_TRACE, 1), GALLEY_OK);
    galley_article *a = extract_opts(html, o);
    const char *t = galley_article_trace(a, NULL);
    ck_assert_ptr_nonnull(t);
    const char *at = strstr(t, "\"text\":\"Harbour works Ferry times\"");
    ck_assert_msg(at != NULL, "no link paragraph in %s", t);
    static const char kept[] = "\"rule\":\"post.model\"",
                      dropped[] = "\"rule\":\"post.link_paragraph\"";
    const char *rule = strstr(at, "\"rule\":");
    ck_assert_msg(strncmp(rule, kept, sizeof kept - 1) == 0 ||
                      strncmp(rule, dropped, sizeof dropped - 1) == 0,
                  "not judged by post.model: %s", at);
    ck_assert_msg(strstr(at, "\"keep_p\":") && strstr(at, "\"c.link_density\":"),
                  "no model figures in %s", at);
    galley_article_free(a);
    galley_options_free(o);
    free(html);
}
END_TEST

/* The trace's walks are iterative too. */
START_TEST(trace_deep_nesting)
{
    size_t k;
    char *html = deep_page(&k);
    galley_options *o = galley_options_new();
    galley_options_set_int(o, GALLEY_OPT_TRACE, 1);
    galley_error err;
    galley_article *a = galley_extract(html, k, NULL, NULL, o, &err);
    ck_assert_ptr_nonnull(a);
    HAS(a, "Engineers told the board");
    const char *t = galley_article_trace(a, NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(strstr(t, "Engineers told the board"));
    galley_article_free(a);
    galley_options_free(o);
    free(html);
}
END_TEST

/* galley_options_set_tune: a named threshold overridden, bad names and values refused */
START_TEST(tune_overrides)
{
    galley_options *o = galley_options_new();
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(galley_options_set_tune(o, "no_such_row", 1), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_tune(o, "drop_link_list", 2), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_tune(o, "para_min_chars", -1), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_tune(o, "para_min_chars", 2.5), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_tune(NULL, "climb_mass", 1), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_tune(o, NULL, 1), GALLEY_ERR_INVALID_ARG);

    /* the list: every row once, the override seen in every mode */
    const char *name, *type;
    double v, before = -1;
    size_t i, found = 0;
    for (i = 0; (name = galley_tune_name(i, NULL, GALLEY_MODE_BALANCED, &type, &v)); i++)
        if (strcmp(name, "climb_mass") == 0) {
            ck_assert_str_eq(type, "float");
            before = v;
            found = i;
        }
    ck_assert_uint_gt(i, 50);
    ck_assert(before > 0);
    ck_assert_int_eq(galley_options_set_tune(o, "climb_mass", before * 2), GALLEY_OK);
    ck_assert_int_eq(galley_options_set_tune(o, "climb_mass", before * 3), GALLEY_OK); /* replaces */
    galley_tune_name(found, o, GALLEY_MODE_RECALL, NULL, &v);
    ck_assert(v > before * 2.9 && v < before * 3.1);
    galley_tune_name(found, NULL, GALLEY_MODE_BALANCED, NULL, &v);
    ck_assert(v == before); /* the defaults are untouched */

    /* the override reaches extraction: a list of links inside the article goes by
     * default (post.link_list) and stays when that rule is switched off */
    char *html = page("", "",
                      "<h1>Pier to reopen next spring</h1>"
                      "<p>The harbour board met on Tuesday evening to decide the future of the "
                      "old ferry pier, which has stood unused since the storm of last winter.</p>"
                      "<ul><li><a href=\"/a\">Ferry timetables for the coming summer</a></li>"
                      "<li><a href=\"/b\">Harbour board minutes of every meeting</a></li>"
                      "<li><a href=\"/c\">Tide tables for the harbour mouth</a></li></ul>"
                      "<p>Engineers told the board that repairs would cost less than a new pier, "
                      "but warned that the work could not begin before the spring tides.</p>",
                      "");
    galley_article *a = extract_opts(html, NULL);
    HAS(a, "Engineers told the board");
    LACKS(a, "Tide tables for the harbour mouth");
    galley_article_free(a);
    ck_assert_int_eq(galley_options_set_tune(o, "drop_link_list", 0), GALLEY_OK);
    a = extract_opts(html, o);
    HAS(a, "Engineers told the board");
    HAS(a, "Tide tables for the harbour mouth");
    galley_article_free(a);

    /* thirty-two rows at most on one options object */
    size_t set = 2; /* climb_mass, drop_link_list */
    for (i = 0; (name = galley_tune_name(i, NULL, GALLEY_MODE_BALANCED, &type, &v)); i++) {
        if (strcmp(name, "climb_mass") == 0 || strcmp(name, "drop_link_list") == 0) continue;
        galley_status st = galley_options_set_tune(o, name, v);
        ck_assert_int_eq(st, set < 32 ? GALLEY_OK : GALLEY_ERR_INVALID_ARG);
        if (st == GALLEY_OK) set++;
    }
    ck_assert_uint_eq(set, 32);
    free(html);
    galley_options_free(o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("extract");
    TCase *tc = tcase_create("extract");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, boilerplate_goes);
    tcase_add_test(tc, structure_stays);
    tcase_add_test(tc, layout_table_flattens);
    tcase_add_test(tc, hidden_goes);
    tcase_add_test(tc, cjk_short_article_stays);
    tcase_add_test(tc, comments_apart);
    tcase_add_test(tc, more_in_teasers_go);
    tcase_add_test(tc, empty_page_no_content);
    tcase_add_test(tc, deep_nesting_survives);
    tcase_add_test(tc, trace_api);
    tcase_add_test(tc, trace_post_model);
    tcase_add_test(tc, trace_deep_nesting);
    tcase_add_test(tc, tune_overrides);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
