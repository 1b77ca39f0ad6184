#define _POSIX_C_SOURCE 200809L
/*
 * Tokenizer behaviour through galley_tokenize(): what html5lib's suite does
 * not pin down (early stop, byte pass-through, run merging) and pathological
 * inputs that must stay linear. Time bounds are CPU seconds, generous enough
 * for ASan/UBSan, far below what a quadratic rescan would need.
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

static char *repeat(const char *prefix, const char *unit, size_t unit_len, size_t times,
                    size_t *len)
{
    size_t pl = strlen(prefix);
    size_t n = pl + unit_len * times;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, prefix, pl);
    for (size_t i = 0; i < times; i++) memcpy(s + pl + i * unit_len, unit, unit_len);
    s[n] = '\0';
    *len = n;
    return s;
}

/* Records tokens as one line each: "S name a=v ...", "E name", "C data",
 * "T text", "D name", "EOF". */
typedef struct rec {
    char out[4096];
    size_t n;
    size_t tokens, stop_after;
    size_t chars_tokens, attrs_total;
} rec;

static void rec_put(rec *r, const char *s, size_t n)
{
    if (r->n + n + 1 > sizeof r->out) n = sizeof r->out - r->n - 1;
    memcpy(r->out + r->n, s, n);
    r->n += n;
    r->out[r->n] = '\0';
}

static int on_token(void *ud, const galley_token *t)
{
    rec *r = ud;
    r->tokens++;
    switch (t->type) {
    case GALLEY_TOKEN_START_TAG:
        rec_put(r, "S ", 2);
        rec_put(r, t->data, t->data_len);
        for (size_t i = 0; i < t->nattrs; i++) {
            rec_put(r, " ", 1);
            rec_put(r, t->attrs[i].name, t->attrs[i].name_len);
            rec_put(r, "=", 1);
            rec_put(r, t->attrs[i].value, t->attrs[i].value_len);
        }
        r->attrs_total += t->nattrs;
        if (t->self_closing) rec_put(r, " /", 2);
        break;
    case GALLEY_TOKEN_END_TAG:
        rec_put(r, "E ", 2);
        rec_put(r, t->data, t->data_len);
        ck_assert_uint_eq(t->nattrs, 0);
        break;
    case GALLEY_TOKEN_COMMENT:
        rec_put(r, "C ", 2);
        rec_put(r, t->data, t->data_len);
        break;
    case GALLEY_TOKEN_CHARACTER:
        ck_assert_uint_gt(t->data_len, 0);
        r->chars_tokens++;
        rec_put(r, "T ", 2);
        rec_put(r, t->data, t->data_len);
        break;
    case GALLEY_TOKEN_DOCTYPE:
        rec_put(r, "D ", 2);
        if (t->data) rec_put(r, t->data, t->data_len);
        break;
    case GALLEY_TOKEN_EOF: rec_put(r, "EOF", 3); break;
    }
    rec_put(r, "\n", 1);
    return r->stop_after && r->tokens >= r->stop_after;
}

static void expect(const char *in, size_t len, galley_tokenizer_state st, const char *want)
{
    rec r = {0};
    ck_assert_int_eq(galley_tokenize(in, len, st, NULL, on_token, &r, NULL), GALLEY_OK);
    if (strlen(want) != r.n || memcmp(r.out, want, r.n) != 0)
        ck_abort_msg("tokens for \"%s\":\n%s\nwanted:\n%s", in, r.out, want);
}

#define EXPECT(in, want) expect(in, sizeof(in) - 1, GALLEY_TS_DATA, want)

START_TEST(tags_and_attributes)
{
    EXPECT("<DiV ID=a Class='b c' id=\"dup\" data-X>x</DiV foo=bar><br/>",
           "S div id=a class=b c data-x=\nT x\nE div\nS br /\nEOF\n");
    EXPECT("<a href=\"?a=1&copy=2&amp;b\">", "S a href=?a=1&copy=2&b\nEOF\n");
    EXPECT("<!DOCTYPE HTML><!--c--><?pi?>", "D html\nC c\nC ?pi?\nEOF\n");
}
END_TEST

START_TEST(text_runs_are_merged_and_normalised)
{
    /* one run across references, a NUL, CR LF and a stray '<' */
    const char in[] = "a&amp;b\0c\r\nd\re < f&notit;<p>";
    rec r = {0};
    ck_assert_int_eq(galley_tokenize(in, sizeof in - 1, GALLEY_TS_DATA, NULL, on_token, &r, NULL),
                     GALLEY_OK);
    ck_assert_uint_eq(r.chars_tokens, 1);
    const char want[] = "T a&b\0c\nd\ne < f\xC2\xACit;\nS p\nEOF\n";
    ck_assert_uint_eq(r.n, sizeof want - 1);
    ck_assert(memcmp(r.out, want, r.n) == 0);
    EXPECT("<a title='x\r\ny\rz'>", "S a title=x\ny\nz\nEOF\n");
}
END_TEST

START_TEST(bytes_pass_through)
{
    /* non-ASCII bytes, invalid UTF-8 and a WTF-8 lone surrogate are kept */
    const char in[] = "\xC3\xA9\xFF\xED\xA0\x80<x \xE2\x82\xAC=\xF0\x9F\x98\x80>";
    expect(in, sizeof in - 1, GALLEY_TS_DATA,
           "T \xC3\xA9\xFF\xED\xA0\x80\nS x \xE2\x82\xAC=\xF0\x9F\x98\x80\nEOF\n");
}
END_TEST

START_TEST(initial_states_and_end_tags)
{
    rec r = {0};
    const char in[] = "a<b>&amp;</x></script >z";
    ck_assert_int_eq(galley_tokenize(in, sizeof in - 1, GALLEY_TS_SCRIPT_DATA, "script",
                                     on_token, &r, NULL),
                     GALLEY_OK);
    ck_assert_str_eq(r.out, "T a<b>&amp;</x>\nE script\nT z\nEOF\n");
    expect("x<y>&lt;", 8, GALLEY_TS_RCDATA, "T x<y><\nEOF\n");
    expect("x\0y", 3, GALLEY_TS_PLAINTEXT, "T x\xEF\xBF\xBDy\nEOF\n");
}
END_TEST

START_TEST(early_stop_and_arguments)
{
    rec r = {0};
    r.stop_after = 2;
    const char in[] = "a<b>c<d>e";
    ck_assert_int_eq(galley_tokenize(in, sizeof in - 1, GALLEY_TS_DATA, NULL, on_token, &r, NULL),
                     GALLEY_ERR_INVALID_ARG);
    ck_assert_uint_eq(r.tokens, 2);
    ck_assert_int_eq(galley_tokenize(in, 3, GALLEY_TS_DATA, NULL, NULL, NULL, NULL),
                     GALLEY_ERR_INVALID_ARG);
    rec e = {0};
    size_t errs = 99;
    ck_assert_int_eq(galley_tokenize(NULL, 0, GALLEY_TS_DATA, NULL, on_token, &e, &errs),
                     GALLEY_OK);
    ck_assert_str_eq(e.out, "EOF\n");
    ck_assert_uint_eq(errs, 0);
}
END_TEST

/* Each input is tokenized at two sizes; CPU time must stay within a fixed
 * bound and grow about linearly (a quadratic rescan would grow 16x). */
typedef struct patho {
    const char *name, *prefix, *unit;
    size_t unit_len;
    galley_tokenizer_state st;
} patho;

static double tokenize_time(const patho *p, size_t bytes, rec *r)
{
    size_t len;
    char *s = repeat(p->prefix, p->unit, p->unit_len, bytes / p->unit_len, &len);
    double t0 = now_s();
    ck_assert_int_eq(galley_tokenize(s, len, p->st, "script", on_token, r, NULL), GALLEY_OK);
    double dt = now_s() - t0;
    free(s);
    return dt;
}

START_TEST(pathological_inputs_are_linear)
{
#define P(name, prefix, unit, st) {name, prefix, unit, sizeof(unit) - 1, st}
    static const patho cases[] = {
        P("text", "", "plain text, no tags ", GALLEY_TS_DATA),
        P("nul", "", "\0", GALLEY_TS_DATA),
        P("cr", "", "\r", GALLEY_TS_DATA),
        P("amp", "", "&", GALLEY_TS_DATA),
        P("long ref", "", "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", GALLEY_TS_DATA),
        P("lt", "", "<", GALLEY_TS_DATA),
        P("comment", "<!--", "a-b--c<!-", GALLEY_TS_DATA),
        P("script", "", "<!--<script>a</scrip", GALLEY_TS_SCRIPT_DATA),
        P("attr value", "<a b=\"", "x&amp;\0y", GALLEY_TS_DATA),
        P("dup attrs", "<a ", "b c d e ", GALLEY_TS_DATA),
        P("doctype", "<!DOCTYPE html PUBLIC \"", "a", GALLEY_TS_DATA),
        P("rcdata", "", "</scrip", GALLEY_TS_RCDATA),
    };
#undef P
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rec r = {0};
        double small = tokenize_time(&cases[i], 512u << 10, &r);
        double big = tokenize_time(&cases[i], 8u << 20, &r);
        if (big > 10.0 || (big > 0.2 && big > 40 * (small + 0.005)))
            ck_abort_msg("%s: 0.5 MB %.3f s, 8 MB %.3f s", cases[i].name, small, big);
    }
}
END_TEST

START_TEST(many_distinct_attributes)
{
    /* 400,000 names on one tag, half of them repeats: duplicate detection
     * must not be quadratic, and the default cap (256 per tag) holds. */
    size_t n = 400000, len = 3;
    char *s = malloc(n * 8 + 8);
    ck_assert_ptr_nonnull(s);
    memcpy(s, "<a ", 3);
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(s + len, "a%zu ", i % (n / 2));
    s[len++] = '>';
    rec r = {0};
    double t0 = now_s();
    ck_assert_int_eq(galley_tokenize(s, len, GALLEY_TS_DATA, NULL, on_token, &r, NULL),
                     GALLEY_OK);
    ck_assert_double_lt(now_s() - t0, 10.0);
    ck_assert_uint_eq(r.attrs_total, 256);
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tokenizer");
    TCase *tc = tcase_create("tokenizer");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, tags_and_attributes);
    tcase_add_test(tc, text_runs_are_merged_and_normalised);
    tcase_add_test(tc, bytes_pass_through);
    tcase_add_test(tc, initial_states_and_end_tags);
    tcase_add_test(tc, early_stop_and_arguments);
    tcase_add_test(tc, pathological_inputs_are_linear);
    tcase_add_test(tc, many_distinct_attributes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
