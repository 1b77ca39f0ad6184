#define _POSIX_C_SOURCE 200809L
/*
 * Parser behaviour through the public API: tree shape, fragments,
 * serialization, caps, and pathological inputs that must stay linear.
 * Time bounds are generous (the suite also runs under ASan/UBSan) but far
 * below what a quadratic algorithm would need on these sizes.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "galley.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: robust to a loaded machine */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *repeat(const char *unit, size_t times, const char *prefix, const char *suffix,
                    size_t *len)
{
    size_t ul = strlen(unit), pl = strlen(prefix), sl = strlen(suffix);
    size_t n = pl + ul * times + sl;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, prefix, pl);
    for (size_t i = 0; i < times; i++) memcpy(s + pl + i * ul, unit, ul);
    memcpy(s + pl + ul * times, suffix, sl);
    s[n] = '\0';
    *len = n;
    return s;
}

/* child element of `n` named `name`, or NULL */
static galley_node *child(galley_node *n, const char *name)
{
    for (galley_node *c = galley_node_first_child(n); c; c = galley_node_next(c)) {
        size_t len;
        const char *s = galley_node_name(c, &len);
        if (galley_node_get_type(c) == GALLEY_NODE_ELEMENT && strcmp(s, name) == 0) return c;
    }
    return NULL;
}

static galley_node *body_of(galley_doc *d)
{
    galley_node *html = child(galley_doc_root(d), "html");
    ck_assert_ptr_nonnull(html);
    galley_node *body = child(html, "body");
    ck_assert_ptr_nonnull(body);
    return body;
}

/* Iterative walk: counts elements and the maximum element depth. */
static void measure(galley_node *root, size_t *elements, size_t *maxdepth)
{
    size_t count = 0, depth = 0, maxd = 0;
    galley_node *n = galley_node_first_child(root);
    while (n) {
        if (galley_node_get_type(n) == GALLEY_NODE_ELEMENT) {
            count++;
            if (depth + 1 > maxd) maxd = depth + 1;
        }
        if (galley_node_first_child(n)) {
            n = galley_node_first_child(n);
            depth++;
            continue;
        }
        while (n && !galley_node_next(n)) {
            n = galley_node_parent(n);
            if (n == root) n = NULL;
            else depth--;
        }
        if (n) n = galley_node_next(n);
    }
    *elements = count;
    *maxdepth = maxd;
}

static int valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = u[i] < 0x80 ? 1 : (u[i] >> 5) == 6 ? 2 : (u[i] >> 4) == 14 ? 3
                 : (u[i] >> 3) == 30 ? 4 : 0;
        if (!k || i + k > n) return 0;
        for (size_t j = 1; j < k; j++)
            if ((u[i + j] & 0xC0) != 0x80) return 0;
        if (k == 3 && u[i] == 0xED && u[i + 1] >= 0xA0) return 0;
        i += k;
    }
    return 1;
}

static char *serialize(galley_node *n, int outer)
{
    size_t len;
    char *s = galley_node_serialize(n, outer, &len);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(strlen(s), len);
    return s;
}

START_TEST(ordinary_page_shape)
{
    const char *html = "<!DOCTYPE html><title>T</title><p class=x>One<p>Two <b>bold</b>";
    galley_error err;
    galley_doc *d = galley_parse(html, strlen(html), NULL, NULL, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(galley_doc_status(d), GALLEY_OK);
    ck_assert_int_eq(galley_doc_quirks_mode(d), 0);
    galley_node *root = galley_doc_root(d);
    ck_assert_int_eq(galley_node_get_type(galley_node_first_child(root)), GALLEY_NODE_DOCTYPE);
    galley_node *body = body_of(d);
    char *s = serialize(body, 0);
    ck_assert_str_eq(s, "<p class=\"x\">One</p><p>Two <b>bold</b></p>");
    galley_free(s);
    galley_node *p = child(body, "p");
    ck_assert_str_eq(galley_node_get_attr(p, "class"), "x");
    char *text = galley_node_text_content(body, NULL);
    ck_assert_str_eq(text, "OneTwo bold");
    galley_free(text);
    galley_doc_free(d);
}
END_TEST

START_TEST(quirks_tables_and_misnesting)
{
    const char *html = "<table><tr><td>a<b>b</td></tr>x</table><p>1<b>2<i>3</b>4</i>5</p>";
    galley_doc *d = galley_parse(html, strlen(html), NULL, NULL, NULL);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(galley_doc_quirks_mode(d), 1);
    char *s = serialize(body_of(d), 0);
    ck_assert_str_eq(s, "x<table><tbody><tr><td>a<b>b</b></td></tr></tbody></table>"
                        "<p>1<b>2<i>3</i></b><i>4</i>5</p>");
    galley_free(s);
    galley_doc_free(d);
}
END_TEST

START_TEST(fragment_and_foreign)
{
    const char *in = "<svg viewbox='0 0 1 1'><foreignobject><p>x</p></foreignobject></svg>"
                     "<template><td>c</td></template>";
    galley_doc *d = galley_parse_fragment(in, strlen(in), "div", GALLEY_NS_HTML, NULL, NULL);
    ck_assert_ptr_nonnull(d);
    galley_node *root = galley_doc_root(d);
    ck_assert_int_eq(galley_node_get_type(root), GALLEY_NODE_FRAGMENT);
    galley_node *svg = child(root, "svg");
    ck_assert_ptr_nonnull(svg);
    ck_assert_int_eq(galley_node_ns(svg), GALLEY_NS_SVG);
    ck_assert_str_eq(galley_node_get_attr(svg, "viewBox"), "0 0 1 1");
    ck_assert_ptr_nonnull(child(svg, "foreignObject"));
    galley_node *tpl = child(root, "template");
    ck_assert_ptr_nonnull(galley_node_template_content(tpl));
    char *s = serialize(root, 0);
    ck_assert_str_eq(s, "<svg viewBox=\"0 0 1 1\"><foreignObject><p>x</p></foreignObject></svg>"
                        "<template><td>c</td></template>");
    galley_free(s);
    galley_doc_free(d);

    d = galley_parse_fragment("a</b>&amp;", 10, "title", GALLEY_NS_HTML, NULL, NULL);
    ck_assert_ptr_nonnull(d);
    s = serialize(galley_doc_root(d), 0);
    ck_assert_str_eq(s, "a&lt;/b&gt;&amp;");
    galley_free(s);
    galley_doc_free(d);
}
END_TEST

START_TEST(serializer_escapes_and_voids)
{
    const char *html = "<div title='a\"&b'>x&lt;y&nbsp;<br><script>if (a<b) {}</script>"
                       "<!--c--></div>";
    galley_doc *d = galley_parse(html, strlen(html), "utf-8", NULL, NULL);
    ck_assert_ptr_nonnull(d);
    galley_node *div = child(body_of(d), "div");
    char *s = serialize(div, 1);
    ck_assert_str_eq(s, "<div title=\"a&quot;&amp;b\">x&lt;y&nbsp;<br><script>if (a<b) {}"
                        "</script><!--c--></div>");
    galley_free(s);
    galley_doc_free(d);
}
END_TEST

START_TEST(scripting_flag_changes_noscript)
{
    const char *html = "<body><noscript><p>x</p></noscript>";
    galley_options *o = galley_options_new();
    galley_doc *d = galley_parse(html, strlen(html), NULL, o, NULL);
    galley_node *ns = child(body_of(d), "noscript");
    ck_assert_ptr_nonnull(child(ns, "p"));
    galley_doc_free(d);
    galley_options_set_int(o, GALLEY_OPT_SCRIPTING, 1);
    d = galley_parse(html, strlen(html), NULL, o, NULL);
    ns = child(body_of(d), "noscript");
    ck_assert_ptr_null(child(ns, "p"));
    ck_assert_int_eq(galley_node_get_type(galley_node_first_child(ns)), GALLEY_NODE_TEXT);
    galley_doc_free(d);
    galley_options_free(o);
}
END_TEST

START_TEST(deep_nesting_is_linear_and_capped)
{
    size_t len;
    char *html = repeat("<div>", 100000, "", "x", &len);
    double t0 = now_s();
    galley_doc *d = galley_parse(html, len, NULL, NULL, NULL);
    double dt = now_s() - t0;
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(dt < 5.0, "100,000 nested divs took %.2fs", dt);
    ck_assert_int_eq(galley_doc_status(d), GALLEY_LIMIT_DEPTH);
    size_t elements, depth;
    measure(galley_doc_root(d), &elements, &depth);
    ck_assert_uint_eq(elements, 100000 + 3);
    ck_assert_uint_le(depth, 512);
    galley_doc_free(d);
    free(html);
}
END_TEST

START_TEST(million_unclosed_b_is_linear)
{
    size_t len;
    char *html = repeat("<b>", 1000000, "<p>", "x</p><p>y", &len);
    double t0 = now_s();
    galley_doc *d = galley_parse(html, len, NULL, NULL, NULL);
    double dt = now_s() - t0;
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(dt < 10.0, "1,000,000 <b>s took %.2fs", dt);
    size_t elements, depth;
    measure(galley_doc_root(d), &elements, &depth);
    /* the second <p> reopens at most three <b>s (Noah's Ark) */
    ck_assert_uint_ge(elements, 1000000 + 5);
    ck_assert_uint_le(elements, 1000000 + 5 + 3);
    ck_assert_uint_le(depth, 512);
    galley_doc_free(d);
    free(html);
}
END_TEST

START_TEST(twenty_mb_of_text)
{
    size_t len;
    char *html = repeat("lorem ipsum dolor sit amet ", 20u << 20 >> 5, "", "", &len);
    ck_assert_uint_gt(len, 15u << 20);
    double t0 = now_s();
    galley_doc *d = galley_parse(html, len, NULL, NULL, NULL);
    double dt = now_s() - t0;
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(dt < 10.0, "20 MB of text took %.2fs", dt);
    galley_node *t = galley_node_first_child(body_of(d));
    ck_assert_int_eq(galley_node_get_type(t), GALLEY_NODE_TEXT);
    size_t tl;
    galley_node_data(t, &tl);
    ck_assert_uint_eq(tl, len);
    ck_assert_ptr_null(galley_node_next(t));
    galley_doc_free(d);
    free(html);
}
END_TEST

START_TEST(unterminated_constructs)
{
    static const char *cases[] = {"<p>a<!-- never closed", "<script>var a = '</scr",
                                  "<a href='never closed", "<textarea>abc", "<title>t",
                                  "<![CDATA[x", "<svg><![CDATA[x", "<!DOCTYPE", "</", "<a b c=",
                                  "<plaintext>a</plaintext>b", "&#x110000;&#0;&am"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        galley_doc *d = galley_parse(cases[i], strlen(cases[i]), NULL, NULL, NULL);
        ck_assert_msg(d != NULL, "case %zu", i);
        ck_assert_ptr_nonnull(body_of(d));
        char *s = serialize(galley_doc_root(d), 0);
        galley_free(s);
        galley_doc_free(d);
    }
    /* a long unterminated comment, script and attribute stay linear */
    static const char *openers[] = {"<!--", "<script>", "<a href='", "<textarea>"};
    for (size_t i = 0; i < 4; i++) {
        size_t len;
        char *html = repeat("a<b>c- -&amp; ", 300000, openers[i], "", &len);
        double t0 = now_s();
        galley_doc *d = galley_parse(html, len, NULL, NULL, NULL);
        ck_assert_ptr_nonnull(d);
        ck_assert_msg(now_s() - t0 < 5.0, "opener %zu slow", i);
        galley_doc_free(d);
        free(html);
    }
}
END_TEST

START_TEST(nul_bytes_and_invalid_utf8)
{
    const char html[] = "<p>a\0b</p><svg>c\0d</svg><table>\0x</table>\xff\xfe\xc3(\xe2\x82";
    galley_doc *d = galley_parse(html, sizeof html - 1, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(d);
    char *s = serialize(body_of(d), 0);
    ck_assert(valid_utf8(s, strlen(s)));
    ck_assert_ptr_nonnull(strstr(s, "<p>ab</p>"));
    ck_assert_ptr_nonnull(strstr(s, "<svg>c\xEF\xBF\xBD" "d</svg>"));
    galley_free(s);
    galley_doc_free(d);

    /* invalid sequences never reach the tree raw, whatever the decoder
     * decides the bytes are */
    const char bad[] = "<p>\xff\xc3(\xed\xa0\x80z</p>";
    d = galley_parse(bad, sizeof bad - 1, "utf-8", NULL, NULL);
    ck_assert_ptr_nonnull(d);
    galley_node *p = child(body_of(d), "p");
    size_t tl;
    const char *t = galley_node_data(galley_node_first_child(p), &tl);
    ck_assert(valid_utf8(t, tl));
    ck_assert_ptr_nonnull(strchr(t, 'z'));
    galley_doc_free(d);
}
END_TEST

START_TEST(caps_trip_with_valid_trees)
{
    galley_options *o = galley_options_new();
    galley_error err;

    galley_options_set_int(o, GALLEY_OPT_MAX_INPUT_BYTES, 10);
    ck_assert_ptr_null(galley_parse("<p>0123456789</p>", 17, NULL, o, &err));
    ck_assert_int_eq(err.code, GALLEY_ERR_TOO_LARGE);
    galley_options_set_int(o, GALLEY_OPT_MAX_INPUT_BYTES, 1 << 20);

    size_t len;
    char *html = repeat("<span>x</span>", 1000, "", "", &len);
    galley_options_set_int(o, GALLEY_OPT_MAX_NODES, 100);
    galley_doc *d = galley_parse(html, len, NULL, o, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(galley_doc_status(d), GALLEY_LIMIT_NODES);
    size_t elements, depth;
    measure(galley_doc_root(d), &elements, &depth);
    ck_assert_uint_le(elements, 100);
    ck_assert_ptr_nonnull(body_of(d));
    galley_doc_free(d);
    free(html);
    galley_options_set_int(o, GALLEY_OPT_MAX_NODES, 4000000);

    galley_options_set_int(o, GALLEY_OPT_MAX_ATTRS, 2);
    d = galley_parse("<p a=1 b=2 c=3 d=4>x", 20, NULL, o, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(galley_doc_status(d), GALLEY_LIMIT_ATTRS);
    ck_assert_uint_eq(galley_node_attr_count(child(body_of(d), "p")), 2);
    galley_doc_free(d);
    galley_options_set_int(o, GALLEY_OPT_MAX_ATTRS, 256);

    galley_options_set_int(o, GALLEY_OPT_MAX_DEPTH, 8);
    html = repeat("<div>", 50, "", "deep", &len);
    d = galley_parse(html, len, NULL, o, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(galley_doc_status(d), GALLEY_LIMIT_DEPTH);
    measure(galley_doc_root(d), &elements, &depth);
    ck_assert_uint_eq(elements, 53);
    ck_assert_uint_le(depth, 8);
    char *text = galley_node_text_content(galley_doc_root(d), NULL);
    ck_assert_str_eq(text, "deep");
    galley_free(text);
    galley_doc_free(d);
    free(html);
    galley_options_free(o);
}
END_TEST

START_TEST(timeout_ends_parsing)
{
    size_t len;
    char *html = repeat("<div><b><i>text &amp; more</i></b></div>", 1000000, "", "", &len);
    galley_options *o = galley_options_new();
    galley_options_set_int(o, GALLEY_OPT_TIMEOUT_MS, 1);
    galley_options_set_int(o, GALLEY_OPT_MAX_INPUT_BYTES, 1ll << 30);
    galley_error err;
    double t0 = now_s();
    galley_doc *d = galley_parse(html, len, NULL, o, &err);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(err.code, GALLEY_ERR_TIMEOUT);
    ck_assert_msg(now_s() - t0 < 2.0, "timeout not honoured");
    galley_options_free(o);
    free(html);
}
END_TEST

START_TEST(pathological_misnesting_is_linear)
{
    /* unclosed formatting elements with distinct attributes, repeated
     * misnested end tags, tables full of stray text */
    static const char *units[] = {"<a><div></a>", "<p><b><i><u></p>x",
                                  "<table>x<tr>y", "<span></nosuch>", "<object><p></p>",
                                  "<select><option>", "<svg><foo></bar>", "<li><dd><dt>"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        size_t len;
        char *html = repeat(units[i], 60000, "", "", &len);
        double t0 = now_s();
        galley_doc *d = galley_parse(html, len, NULL, NULL, NULL);
        double dt = now_s() - t0;
        ck_assert_ptr_nonnull(d);
        ck_assert_msg(dt < 5.0, "unit %zu took %.2fs", i, dt);
        galley_doc_free(d);
        free(html);
    }
    /* a deep stack under a misnested formatting element: every </b> runs
     * the adoption agency 8 times against 20,000 open divs; a list item
     * opened and closed under 50,000 divs */
    static const struct {
        const char *head, *unit, *tail;
        size_t units, tails;
    } deep[] = {{"<b><div>", "<div>", "</b>", 20000, 2000},
                {"", "<div>", "<li></li><dd></dd>", 50000, 5000},
                {"<p><object>", "<div>", "<div>", 50000, 5000},
                {"<b>", "<x>", "<div></b>", 20000, 2000}};
    for (size_t i = 0; i < sizeof deep / sizeof *deep; i++) {
        size_t hl = strlen(deep[i].head), ul = strlen(deep[i].unit), tl = strlen(deep[i].tail);
        size_t total = hl + ul * deep[i].units + tl * deep[i].tails, at = 0;
        char *h = malloc(total + 1);
        ck_assert_ptr_nonnull(h);
        memcpy(h, deep[i].head, hl);
        at = hl;
        for (size_t k = 0; k < deep[i].units; k++, at += ul) memcpy(h + at, deep[i].unit, ul);
        for (size_t k = 0; k < deep[i].tails; k++, at += tl) memcpy(h + at, deep[i].tail, tl);
        h[total] = '\0';
        double t0 = now_s();
        galley_doc *d = galley_parse(h, total, NULL, NULL, NULL);
        double dt = now_s() - t0;
        ck_assert_ptr_nonnull(d);
        ck_assert_msg(dt < 5.0, "deep case %zu took %.2fs", i, dt);
        galley_doc_free(d);
        free(h);
    }
    /* selectedcontent inside the option it copies, and 20,000 nested
     * selected options each copying all the ones inside it */
    const char *self = "<select><option><selectedcontent>A</selectedcontent>B<option>C";
    galley_doc *sd = galley_parse(self, strlen(self), NULL, NULL, NULL);
    ck_assert_ptr_nonnull(sd);
    galley_doc_free(sd);
    size_t nl;
    char *nested = repeat("<option selected><div>x", 20000,
                          "<select><button><selectedcontent></button>", "", &nl);
    double t1 = now_s();
    sd = galley_parse(nested, nl, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(sd);
    ck_assert_msg(now_s() - t1 < 5.0, "nested selected options slow");
    ck_assert_int_eq(galley_doc_status(sd), GALLEY_LIMIT_DEPTH);
    galley_doc_free(sd);
    free(nested);
    /* a reconstruction bomb: 3,000 distinct open <b>s re-created in each
     * of 3,000 paragraphs would be 9M elements from 56 KB; the node
     * ceiling tied to the input length (8 per byte) stops it */
    size_t bl = 0;
    char *bomb = malloc(3000 * 16 + 3000 * 8 + 64);
    ck_assert_ptr_nonnull(bomb);
    bl += (size_t)sprintf(bomb + bl, "<div>");
    for (int i = 0; i < 3000; i++) bl += (size_t)sprintf(bomb + bl, "<b id=%d>", i);
    bl += (size_t)sprintf(bomb + bl, "</div>");
    for (int i = 0; i < 3000; i++) bl += (size_t)sprintf(bomb + bl, "<p>x</p>");
    t1 = now_s();
    sd = galley_parse(bomb, bl, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(sd);
    ck_assert_msg(now_s() - t1 < 5.0, "reconstruction bomb slow");
    size_t be, bdepth;
    measure(galley_doc_root(sd), &be, &bdepth);
    ck_assert_uint_le(be, bl * 8 + 4096);
    galley_doc_free(sd);
    free(bomb);
    /* 100,000 formatting elements, all different, then their end tags */
    size_t n = 100000, len = 0;
    char *html = malloc(n * 32);
    ck_assert_ptr_nonnull(html);
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(html + len, "<b id=%zu>", i);
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(html + len, "</b>x");
    double t0 = now_s();
    galley_doc *d = galley_parse(html, len, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(now_s() - t0 < 5.0, "distinct <b>s slow");
    galley_doc_free(d);
    free(html);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("parser");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, ordinary_page_shape);
    tcase_add_test(tc, quirks_tables_and_misnesting);
    tcase_add_test(tc, fragment_and_foreign);
    tcase_add_test(tc, serializer_escapes_and_voids);
    tcase_add_test(tc, scripting_flag_changes_noscript);
    tcase_add_test(tc, deep_nesting_is_linear_and_capped);
    tcase_add_test(tc, million_unclosed_b_is_linear);
    tcase_add_test(tc, twenty_mb_of_text);
    tcase_add_test(tc, unterminated_constructs);
    tcase_add_test(tc, nul_bytes_and_invalid_utf8);
    tcase_add_test(tc, caps_trip_with_valid_trees);
    tcase_add_test(tc, timeout_ends_parsing);
    tcase_add_test(tc, pathological_misnesting_is_linear);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
