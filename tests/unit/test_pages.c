/* Declarative extraction tests: every tests/pages/NAME.html is extracted
 * through the library and checked against NAME.expected.txt (the exact text
 * output) and/or NAME.expected.json. tests/cli/pages.sh runs the same pages
 * through the CLI; tests/pages/README.md describes the format.
 *
 * expected.json keys (all optional):
 *   title, site_name, page_type    exact
 *   published, modified           the value starts with the expected string
 *   language                      exact; "en" also accepts "en-US"
 *   authors                       exact list, in order
 *   must_contain / must_not_contain   snippets of the text (white space
 *                                     folded), present / absent
 *   once                          snippets present exactly once
 *   in_order                      snippets present in this order
 *   comments_must_contain         snippets of the comment thread; the page
 *                                 is then extracted with comments on
 *   dropped_by                    {snippet: rule}: a text block holding the
 *                                 snippet is dropped by that rule in the
 *                                 trace (a rule ending in "." names a family)
 *   from_rule                     {field: rule}: the rule of the field's
 *                                 winning candidate; either key extracts
 *                                 with GALLEY_OPT_TRACE */
#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

#define PAGES_DIR TESTS_DIR "/pages"
#define MAX_PAGES 256

static char *pages[MAX_PAGES];
static int npages;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_pages(void)
{
    DIR *d = opendir(PAGES_DIR);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && npages < MAX_PAGES) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".html") == 0)
            pages[npages++] = strndup(e->d_name, n - 5);
    }
    closedir(d);
    qsort(pages, (size_t)npages, sizeof *pages, cmp_str);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    size_t r;
    while (s && (r = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2) s = realloc(s, cap *= 2);
    }
    fclose(f);
    if (s) s[n] = '\0';
    if (len) *len = n;
    return s;
}

/* Folds runs of white space to one space and trims the ends. */
static char *fold_ws(const char *s)
{
    char *o = malloc(strlen(s) + 1), *p = o;
    int sp = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            sp = p != o;
            continue;
        }
        if (sp) *p++ = ' ';
        sp = 0;
        *p++ = *s;
    }
    *p = '\0';
    return o;
}

static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static int count_occurrences(const char *hay, const char *needle)
{
    int n = 0;
    size_t m = strlen(needle);
    if (!m) return 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += m) n++;
    return n;
}

static const char *str_or(const char *s) { return s ? s : "(null)"; }

/* All text of the comment blocks, depth first, with an explicit stack. */
static char *comment_text(const galley_article *a)
{
    size_t cap = 4096, n = 0, sp = 0;
    char *out = malloc(cap);
    const galley_block *stack[256];
    const galley_block *b = galley_article_comments(a);
    out[0] = '\0';
    while (b || sp) {
        if (!b) {
            b = stack[--sp];
            continue;
        }
        size_t len;
        const char *t = galley_block_text(b, &len);
        while (n + len + 2 > cap) out = realloc(out, cap *= 2);
        memcpy(out + n, t, len);
        n += len;
        out[n++] = ' ';
        out[n] = '\0';
        if (galley_block_first_child(b) && sp < 256) {
            stack[sp++] = galley_block_next(b);
            b = galley_block_first_child(b);
        } else {
            b = galley_block_next(b);
        }
    }
    return out;
}

static void check_json(const char *name, const galley_article *a, json_object *exp)
{
    static const struct {
        const char *key;
        galley_field f;
        int prefix;
    } fields[] = {
        {"title", GALLEY_FIELD_TITLE, 0},        {"site_name", GALLEY_FIELD_SITE_NAME, 0},
        {"page_type", GALLEY_FIELD_PAGE_TYPE, 0}, {"published", GALLEY_FIELD_PUBLISHED, 1},
        {"modified", GALLEY_FIELD_MODIFIED, 1},   {"language", GALLEY_FIELD_LANGUAGE, 2},
    };
    json_object *v;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (!json_object_object_get_ex(exp, fields[i].key, &v)) continue;
        const char *want = json_object_get_string(v);
        const char *got = galley_article_field(a, fields[i].f);
        int ok;
        if (!want || json_object_is_type(v, json_type_null)) ok = got == NULL;
        else if (!got) ok = 0;
        else if (fields[i].prefix == 1) ok = strncmp(got, want, strlen(want)) == 0;
        else if (fields[i].prefix == 2)
            ok = strcmp(got, want) == 0 ||
                 (!strchr(want, '-') && strncmp(got, want, strlen(want)) == 0 &&
                  got[strlen(want)] == '-');
        else ok = strcmp(got, want) == 0;
        ck_assert_msg(ok, "%s: %s is \"%s\", expected \"%s\"", name, fields[i].key, str_or(got),
                      str_or(want));
    }
    if (json_object_object_get_ex(exp, "authors", &v)) {
        size_t n = json_object_array_length(v), got = galley_article_list_count(a, GALLEY_FIELD_AUTHORS);
        ck_assert_msg(n == got, "%s: %zu authors (first \"%s\"), expected %zu", name, got,
                      str_or(galley_article_list_item(a, GALLEY_FIELD_AUTHORS, 0)), n);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(strcmp(json_object_get_string(json_object_array_get_idx(v, i)),
                                 galley_article_list_item(a, GALLEY_FIELD_AUTHORS, i)) == 0,
                          "%s: author %zu is \"%s\"", name, i,
                          galley_article_list_item(a, GALLEY_FIELD_AUTHORS, i));
    }
    char *text = fold_ws(galley_article_text(a, NULL));
    const char *pos = text;
    static const char *const lists[] = {"must_contain", "must_not_contain", "once", "in_order"};
    for (size_t l = 0; l < 4; l++) {
        if (!json_object_object_get_ex(exp, lists[l], &v)) continue;
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            char *snip = fold_ws(json_object_get_string(json_object_array_get_idx(v, i)));
            int n = count_occurrences(text, snip);
            switch (l) {
            case 0: ck_assert_msg(n > 0, "%s: text lacks \"%s\"", name, snip); break;
            case 1: ck_assert_msg(n == 0, "%s: text has \"%s\"", name, snip); break;
            case 2: ck_assert_msg(n == 1, "%s: \"%s\" found %d times, expected once", name, snip, n); break;
            default: {
                const char *p = strstr(pos, snip);
                ck_assert_msg(p != NULL, "%s: \"%s\" missing or out of order", name, snip);
                pos = p + strlen(snip);
            }
            }
            free(snip);
        }
    }
    free(text);
    if (json_object_object_get_ex(exp, "comments_must_contain", &v)) {
        char *raw = comment_text(a), *ct = fold_ws(raw);
        for (size_t i = 0; i < json_object_array_length(v); i++) {
            char *snip = fold_ws(json_object_get_string(json_object_array_get_idx(v, i)));
            ck_assert_msg(strstr(ct, snip) != NULL, "%s: comments lack \"%s\"", name, snip);
            free(snip);
        }
        free(raw);
        free(ct);
    }
}

static bool rule_is(const char *got, const char *want)
{
    if (!got) return false;
    size_t n = strlen(want);
    if (n && want[n - 1] == '.') return strncmp(got, want, n) == 0;
    return strcmp(got, want) == 0;
}

static const char *get_str(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

/* dropped_by and from_rule, against galley_article_trace(). */
static void check_trace(const char *name, const galley_article *a, json_object *exp)
{
    json_object *drops = NULL, *froms = NULL;
    json_object_object_get_ex(exp, "dropped_by", &drops);
    json_object_object_get_ex(exp, "from_rule", &froms);
    if (!drops && !froms) return;
    const char *tj = galley_article_trace(a, NULL);
    ck_assert_msg(tj != NULL, "%s: no trace", name);
    json_object *tr = json_tokener_parse(tj);
    ck_assert_msg(tr != NULL, "%s: the trace is not JSON", name);
    json_object *blocks = NULL, *fields = NULL;
    ck_assert(json_object_object_get_ex(tr, "blocks", &blocks));
    ck_assert(json_object_object_get_ex(tr, "fields", &fields));
    if (drops) {
        json_object_object_foreach(drops, snip_raw, rule_v)
        {
            const char *want = json_object_get_string(rule_v);
            char *snip = fold_ws(snip_raw);
            const char *seen = NULL;
            bool found = false;
            for (size_t i = 0; i < json_object_array_length(blocks) && !found; i++) {
                json_object *b = json_object_array_get_idx(blocks, i), *kept;
                char *bt = fold_ws(get_str(b, "text"));
                if (strstr(bt, snip)) {
                    json_object_object_get_ex(b, "kept", &kept);
                    seen = get_str(b, "rule");
                    found = !json_object_get_boolean(kept) && rule_is(seen, want);
                }
                free(bt);
            }
            ck_assert_msg(found, "%s: \"%s\" not dropped by %s (last seen with rule %s)", name,
                          snip, want, seen ? seen : "none");
            free(snip);
        }
    }
    if (froms) {
        json_object_object_foreach(froms, field, rule_v)
        {
            json_object *f = NULL;
            json_object_object_get_ex(fields, field, &f);
            const char *got = f ? get_str(f, "rule") : NULL;
            ck_assert_msg(rule_is(got, json_object_get_string(rule_v)),
                          "%s: %s comes from rule %s, expected %s", name, field,
                          got ? got : "none", json_object_get_string(rule_v));
        }
    }
    json_object_put(tr);
}

START_TEST(page)
{
    const char *name = pages[_i];
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.html", PAGES_DIR, name);
    size_t len;
    char *html = slurp(path, &len);
    ck_assert_msg(html != NULL, "cannot read %s", path);
    galley_error err;
    memset(&err, 0, sizeof err);
    snprintf(path, sizeof path, "%s/%s.expected.md", PAGES_DIR, name);
    char *want_md = slurp(path, NULL);
    snprintf(path, sizeof path, "%s/%s.expected.json", PAGES_DIR, name);
    char *js = slurp(path, NULL);
    galley_options *opts = galley_options_new();
    ck_assert_ptr_nonnull(opts);
    if (js && strstr(js, "\"comments_must_contain\""))
        galley_options_set_int(opts, GALLEY_OPT_COMMENTS, 1);
    /* "captions": true -- the checks read the text with figure captions */
    if (js && strstr(js, "\"captions\": true"))
        galley_options_set_int(opts, GALLEY_OPT_CAPTIONS, 1);
    /* the trace only observes: every other check holds with it on */
    if (js && (strstr(js, "\"dropped_by\"") || strstr(js, "\"from_rule\"")))
        galley_options_set_int(opts, GALLEY_OPT_TRACE, 1);
    galley_article *a = galley_extract(html, len, NULL, NULL, opts, &err);
    ck_assert_msg(a != NULL, "%s: extract failed: %s", name, err.msg);
    int checked = 0;

    snprintf(path, sizeof path, "%s/%s.expected.txt", PAGES_DIR, name);
    char *want = slurp(path, NULL);
    if (want) {
        char *got = strdup(galley_article_text(a, NULL));
        rtrim(want);
        rtrim(got);
        ck_assert_msg(strcmp(got, want) == 0, "%s: text differs\n--- got:\n%s\n--- expected:\n%s",
                      name, got, want);
        free(got);
        free(want);
        checked++;
    }
    if (want_md) {
        char *got = galley_article_render(a, GALLEY_FORMAT_MARKDOWN, NULL);
        ck_assert_ptr_nonnull(got);
        rtrim(want_md);
        rtrim(got);
        ck_assert_msg(strcmp(got, want_md) == 0,
                      "%s: Markdown differs\n--- got:\n%s\n--- expected:\n%s", name, got, want_md);
        galley_free(got);
        free(want_md);
        checked++;
    }
    if (js) {
        json_object *exp = json_tokener_parse(js);
        ck_assert_msg(exp != NULL, "%s: invalid JSON", path);
        check_json(name, a, exp);
        check_trace(name, a, exp);
        /* "modes": the same checks again in each mode named */
        json_object *modes;
        if (json_object_object_get_ex(exp, "modes", &modes))
            for (size_t i = 0; i < json_object_array_length(modes); i++) {
                const char *m = json_object_get_string(json_object_array_get_idx(modes, i));
                int mode = !strcmp(m, "precision") ? GALLEY_MODE_PRECISION
                           : !strcmp(m, "recall")  ? GALLEY_MODE_RECALL
                           : !strcmp(m, "balanced") ? GALLEY_MODE_BALANCED
                                                    : -1;
                ck_assert_msg(mode >= 0, "%s: unknown mode \"%s\"", name, m);
                char label[256];
                snprintf(label, sizeof label, "%s (--mode %s)", name, m);
                galley_options_set_int(opts, GALLEY_OPT_MODE, mode);
                galley_article *am = galley_extract(html, len, NULL, NULL, opts, &err);
                ck_assert_msg(am != NULL, "%s: extract failed: %s", label, err.msg);
                check_json(label, am, exp);
                check_trace(label, am, exp);
                galley_article_free(am);
            }
        json_object_put(exp);
        free(js);
        checked++;
    }
    ck_assert_msg(checked, "%s: no expected.txt or expected.json", name);
    galley_article_free(a);
    galley_options_free(opts);
    free(html);
}
END_TEST

int main(void)
{
    list_pages();
    if (npages == 0) {
        fprintf(stderr, "no pages in %s\n", PAGES_DIR);
        return 77;
    }
    Suite *s = suite_create("pages");
    TCase *tc = tcase_create("pages");
    tcase_add_loop_test(tc, page, 0, npages);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    for (int i = 0; i < npages; i++) free(pages[i]);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
