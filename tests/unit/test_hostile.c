/* Hostile input through the public API: galley_extract, then
 * galley_article_render in every format. Each case must not crash, must
 * return within a generous linear time budget (a quadratic path blows it),
 * must report caps as statuses, and must give well-formed output: valid
 * UTF-8 without NUL bytes, JSON that json-c parses as one object on one
 * line, XML whose tags balance and whose text is escaped.
 *
 * GALLEY_HOSTILE_SLACK multiplies every budget (sanitizer builds). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <check.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "galley.h"

/* ---- a growable byte buffer (test-only) ---- */
typedef struct sb {
    char *p;
    size_t n, cap;
} sb;

static void sb_put(sb *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 4096;
        while (c < b->n + n + 1) c *= 2;
        b->p = realloc(b->p, c);
        ck_assert_ptr_nonnull(b->p);
        b->cap = c;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void sb_puts(sb *b, const char *s) { sb_put(b, s, strlen(s)); }
static void sb_rep(sb *b, const char *s, size_t times)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < times; i++) sb_put(b, s, n);
}
static void sb_printf(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sb *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    ck_assert(k >= 0 && (size_t)k < sizeof tmp);
    sb_put(b, tmp, (size_t)k);
}

static const char *HEAD = "<!DOCTYPE html><html><head><title>Hostile page</title></head><body>";
static const char *PROSE =
    "<p>The committee met on a grey morning to weigh the plan for the river crossing, and "
    "after a long debate it agreed that the old bridge should be kept for walkers.</p>";

/* ---- timing ----
 * CPU time of this process (each check test runs in a forked child), not
 * wall time: the budgets below catch a quadratic path, and a machine busy
 * with other work stretches wall time many times over (seen: budgets missed
 * at a load of 18 on 2 cores) while leaving the CPU time the input costs
 * as it is. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static double slack(void)
{
    const char *s = getenv("GALLEY_HOSTILE_SLACK");
    double f = s ? atof(s) : 1.0;
    if (f <= 0) f = 1.0;
    return SANITIZED ? 4 * f : f; /* ASan+UBSan run several times slower */
}
/* 3 s plus 2 s per MB: far above linear cost on a loaded 2-core box, far
 * below any quadratic path on these sizes. */
static double budget_ms(size_t len) { return (3000.0 + (double)len / 1e6 * 2000.0) * slack(); }

/* ---- validity checks ---- */
static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t k;
        unsigned cp, min;
        if ((c & 0xE0) == 0xC0) k = 1, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0) k = 2, cp = c & 0x0F, min = 0x800;
        else if ((c & 0xF8) == 0xF0) k = 3, cp = c & 0x07, min = 0x10000;
        else return 0;
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += k + 1;
    }
    return 1;
}

static void check_str(const char *what, const char *s, size_t n)
{
    ck_assert_msg(s != NULL, "%s: NULL", what);
    ck_assert_msg(strlen(s) == n, "%s: NUL byte inside (strlen %zu, len %zu)", what, strlen(s),
                  n);
    ck_assert_msg(utf8_valid((const unsigned char *)s, n), "%s: invalid UTF-8", what);
}

static void check_json(const char *s, size_t n, galley_status st)
{
    const char *nl = memchr(s, '\n', n);
    ck_assert_msg(nl == NULL || nl == s + n - 1, "JSON spans more than one line");
    json_tokener *tok = json_tokener_new_ex(100000);
    ck_assert_ptr_nonnull(tok);
    json_object *o = json_tokener_parse_ex(tok, s, (int)n);
    enum json_tokener_error e = json_tokener_get_error(tok);
    ck_assert_msg(e == json_tokener_success, "JSON does not parse: %s (at %zu of %zu)",
                  json_tokener_error_desc(e), json_tokener_get_parse_end(tok), n);
    size_t end = json_tokener_get_parse_end(tok);
    while (end < n && (s[end] == '\n' || s[end] == ' ')) end++;
    ck_assert_msg(end == n, "JSON: bytes after the object");
    ck_assert_msg(json_object_is_type(o, json_type_object), "JSON: not an object");
    json_object *v;
    ck_assert_msg(json_object_object_get_ex(o, "status", &v), "JSON: no status");
    ck_assert_str_eq(json_object_get_string(v), galley_status_name(st));
    json_object_put(o);
    json_tokener_free(tok);
}

static int name_ch(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
}

/* Cheap XML well-formedness: balanced elements, one root, quoted attribute
 * values without '<', escaped text, entity references complete, no control
 * characters XML 1.0 forbids. */
static void check_xml(const char *s, size_t n)
{
    size_t cap = 1024, sp = 0, roots = 0;
    size_t *st = malloc(cap * sizeof *st), *sl = malloc(cap * sizeof *sl);
    ck_assert(st && sl);
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            ck_abort_msg("XML: control byte 0x%02x at %zu", c, i);
        if (c == '&') {
            size_t j = i + 1;
            if (j < n && s[j] == '#') {
                j++;
                if (j < n && s[j] == 'x') j++;
            }
            size_t k = j;
            while (k < n && (name_ch((unsigned char)s[k]))) k++;
            ck_assert_msg(k > j && k < n && s[k] == ';', "XML: bare '&' at %zu", i);
            i = k + 1;
            continue;
        }
        if (c == '>' && i >= 2 && s[i - 1] == ']' && s[i - 2] == ']')
            ck_abort_msg("XML: ']]>' in text at %zu", i);
        if (c != '<') { i++; continue; }
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = strstr(s + i + 4, "-->");
            ck_assert_msg(e != NULL, "XML: unterminated comment");
            i = (size_t)(e - s) + 3;
            continue;
        }
        if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
            const char *e = strstr(s + i + 9, "]]>");
            ck_assert_msg(e != NULL, "XML: unterminated CDATA");
            i = (size_t)(e - s) + 3;
            continue;
        }
        if (n - i >= 2 && s[i + 1] == '?') {
            const char *e = strstr(s + i + 2, "?>");
            ck_assert_msg(e != NULL, "XML: unterminated PI");
            i = (size_t)(e - s) + 2;
            continue;
        }
        if (n - i >= 2 && s[i + 1] == '!') { /* doctype */
            const char *e = memchr(s + i, '>', n - i);
            ck_assert_msg(e != NULL, "XML: unterminated declaration");
            i = (size_t)(e - s) + 1;
            continue;
        }
        int close = i + 1 < n && s[i + 1] == '/';
        size_t j = i + 1 + (size_t)close, ns = j;
        while (j < n && name_ch((unsigned char)s[j])) j++;
        ck_assert_msg(j > ns, "XML: '<' not starting a tag at %zu", i);
        size_t nl = j - ns;
        if (close) {
            while (j < n && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t')) j++;
            ck_assert_msg(j < n && s[j] == '>', "XML: bad end tag at %zu", i);
            ck_assert_msg(sp > 0, "XML: end tag without start at %zu", i);
            sp--;
            ck_assert_msg(sl[sp] == nl && memcmp(s + st[sp], s + ns, nl) == 0,
                          "XML: mismatched end tag at %zu", i);
            i = j + 1;
            continue;
        }
        /* attributes */
        int empty = 0;
        for (;;) {
            while (j < n && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r')) j++;
            ck_assert_msg(j < n, "XML: unterminated start tag");
            if (s[j] == '>') { j++; break; }
            if (s[j] == '/' && j + 1 < n && s[j + 1] == '>') { empty = 1; j += 2; break; }
            size_t an = j;
            while (j < n && name_ch((unsigned char)s[j])) j++;
            ck_assert_msg(j > an && j < n && s[j] == '=', "XML: bad attribute at %zu", j);
            j++;
            ck_assert_msg(j < n && (s[j] == '"' || s[j] == '\''), "XML: unquoted value");
            char q = s[j++];
            while (j < n && s[j] != q) {
                ck_assert_msg(s[j] != '<', "XML: '<' in attribute value at %zu", j);
                j++;
            }
            ck_assert_msg(j < n, "XML: unterminated attribute value");
            j++;
        }
        if (sp == 0) roots++;
        if (!empty) {
            if (sp == cap) {
                cap *= 2;
                st = realloc(st, cap * sizeof *st);
                sl = realloc(sl, cap * sizeof *sl);
                ck_assert(st && sl);
            }
            st[sp] = ns;
            sl[sp++] = nl;
        }
        i = j;
    }
    ck_assert_msg(sp == 0, "XML: %zu elements left open", sp);
    ck_assert_msg(roots == 1, "XML: %zu root elements", roots);
    free(st);
    free(sl);
}

/* Iterative walk of the block tree: every text and attribute is valid. */
static size_t check_blocks(const galley_block *first)
{
    size_t cap = 1024, sp = 0, count = 0;
    const galley_block **stack = malloc(cap * sizeof *stack);
    ck_assert_ptr_nonnull(stack);
    if (first) stack[sp++] = first;
    static const char *const attrs[] = {"src", "alt", "caption", "language", "href", "start"};
    while (sp) {
        const galley_block *b = stack[--sp];
        count++;
        size_t len = 0;
        const char *t = galley_block_text(b, &len);
        check_str("block text", t, len);
        for (size_t k = 0; k < sizeof attrs / sizeof *attrs; k++) {
            const char *v = galley_block_attr(b, attrs[k]);
            if (v) check_str("block attr", v, strlen(v));
        }
        const galley_block *nx = galley_block_next(b), *ch = galley_block_first_child(b);
        if (sp + 2 > cap) {
            cap *= 2;
            stack = realloc(stack, cap * sizeof *stack);
            ck_assert_ptr_nonnull(stack);
        }
        if (nx) stack[sp++] = nx;
        if (ch) stack[sp++] = ch;
    }
    free(stack);
    return count;
}

typedef struct outcome {
    galley_status status; /* article status, or the error code when NULL */
    int null;             /* galley_extract returned NULL */
    double ms;            /* extraction wall time */
    size_t blocks, text_len;
} outcome;

/* Statuses an article may carry after hostile input: caps are news, not
 * failures. */
static int status_ok(galley_status s)
{
    return s == GALLEY_OK || s == GALLEY_ERR_NO_CONTENT || s == GALLEY_LIMIT_DEPTH ||
           s == GALLEY_LIMIT_NODES || s == GALLEY_LIMIT_ATTRS;
}

static outcome run_opts(const char *name, const char *bytes, size_t len, const char *charset,
                        const galley_options *o)
{
    outcome r;
    memset(&r, 0, sizeof r);
    galley_error err;
    memset(&err, 0, sizeof err);
    double budget = budget_ms(len), t0 = now_ms();
    galley_article *a =
        galley_extract(bytes, len, "https://example.test/path/page.html", charset, o, &err);
    r.ms = now_ms() - t0;
    ck_assert_msg(r.ms < budget, "%s: extraction took %.0f ms, budget %.0f ms for %zu bytes",
                  name, r.ms, budget, len);
    if (!a) {
        ck_assert_msg(err.code != GALLEY_OK, "%s: NULL without an error code", name);
        check_str("error message", err.msg, strlen(err.msg));
        r.null = 1;
        r.status = err.code;
        fprintf(stderr, "hostile %-28s %9zu bytes  %7.0f ms  NULL: %s\n", name, len, r.ms,
                galley_status_name(err.code));
        return r;
    }
    r.status = galley_article_status(a);
    ck_assert_msg(status_ok(r.status), "%s: article status %s", name,
                  galley_status_name(r.status));
    for (int f = 0; f < GALLEY_FIELD_COUNT_; f++) {
        const char *v = galley_article_field(a, (galley_field)f);
        if (v) check_str("field", v, strlen(v));
        size_t nl = galley_article_list_count(a, (galley_field)f);
        for (size_t i = 0; i < nl; i++) {
            const char *it = galley_article_list_item(a, (galley_field)f, i);
            check_str("list item", it, strlen(it));
        }
    }
    double c = galley_article_confidence(a);
    ck_assert(c >= 0.0 && c <= 1.0);
    c = galley_article_language_confidence(a);
    ck_assert(c >= 0.0 && c <= 1.0);
    r.blocks = check_blocks(galley_article_blocks(a)) + check_blocks(galley_article_comments(a));
    const char *text = galley_article_text(a, &r.text_len);
    check_str("article text", text, r.text_len);

    static const galley_format fmts[] = {GALLEY_FORMAT_TEXT, GALLEY_FORMAT_MARKDOWN,
                                         GALLEY_FORMAT_JSON, GALLEY_FORMAT_HTML,
                                         GALLEY_FORMAT_XML};
    static const char *const fnames[] = {"text", "markdown", "json", "html", "xml"};
    for (size_t k = 0; k < 5; k++) {
        size_t n = 0;
        double t1 = now_ms();
        char *out = galley_article_render(a, fmts[k], &n);
        double ms = now_ms() - t1;
        ck_assert_msg(out != NULL, "%s: render %s failed", name, fnames[k]);
        ck_assert_msg(ms < budget, "%s: render %s took %.0f ms", name, fnames[k], ms);
        check_str(fnames[k], out, n);
        if (fmts[k] == GALLEY_FORMAT_JSON) check_json(out, n, r.status);
        if (fmts[k] == GALLEY_FORMAT_XML) check_xml(out, n);
        galley_free(out);
    }
    fprintf(stderr, "hostile %-28s %9zu bytes  %7.0f ms  %-10s %zu blocks, %zu text bytes\n",
            name, len, r.ms, galley_status_name(r.status), r.blocks, r.text_len);
    galley_article_free(a);
    return r;
}

static outcome run(const char *name, const sb *b) { return run_opts(name, b->p, b->n, NULL, NULL); }

/* A NULL result is a failure unless the case says otherwise. */
static void run_ok(const char *name, sb *b)
{
    outcome r = run(name, b);
    ck_assert_msg(!r.null, "%s: extraction failed: %s", name, galley_status_name(r.status));
    free(b->p);
}

/* ---- deep nesting ---- */
static void nested(const char *name, const char *open, const char *close, size_t n)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, PROSE);
    sb_rep(&b, open, n);
    sb_puts(&b, PROSE);
    sb_puts(&b, "deep text");
    if (close) sb_rep(&b, close, n);
    sb_puts(&b, PROSE);
    sb_puts(&b, "</body></html>");
    outcome r = run(name, &b);
    ck_assert_msg(!r.null, "%s: %s", name, galley_status_name(r.status));
    free(b.p);
}

START_TEST(deep_div) { nested("100k nested div", "<div>", "</div>", 100000); }
END_TEST
START_TEST(deep_div_unclosed) { nested("100k unclosed div", "<div>", NULL, 100000); }
END_TEST
START_TEST(deep_table) { nested("100k nested table", "<table><tr><td>", NULL, 100000); }
END_TEST
START_TEST(deep_li) { nested("100k li", "<li>", NULL, 100000); }
END_TEST
START_TEST(deep_ul_li) { nested("100k nested ul/li", "<ul><li>", NULL, 100000); }
END_TEST
START_TEST(deep_blockquote)
{
    nested("100k nested blockquote", "<blockquote>", "</blockquote>", 100000);
}
END_TEST
START_TEST(deep_a) { nested("100k nested a", "<a href=\"/x\">", NULL, 100000); }
END_TEST
START_TEST(deep_b) { nested("100k nested b", "<b>", "</b>", 100000); }
END_TEST
START_TEST(deep_mixed) { nested("100k mixed nest", "<div><span><em>", NULL, 100000); }
END_TEST
START_TEST(unclosed_b_1m) { nested("1M unclosed b", "<b>", NULL, 1000000); }
END_TEST

START_TEST(adoption_soup)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_rep(&b, "<b>1<i>2<a href=#>3<p>4</b>5</i>6</a>7</p><s><u>8<div>9</s>0</u></div>", 50000);
    run_ok("adoption soup x50k", &b);
}
END_TEST

START_TEST(adoption_soup_tables)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_rep(&b, "<b><table><tr><td><i>x</b>y<table><a>z</td></i></a></table>", 50000);
    run_ok("table/formatting soup x50k", &b);
}
END_TEST

/* ---- sheer size ---- */
START_TEST(text_20mb)
{
    sb b = {0};
    const char *w = "plain words without any markup at all, ";
    size_t wl = strlen(w);
    for (size_t i = 0; b.n < 20u << 20; i++) {
        sb_put(&b, w, wl);
        if (i % 40 == 39) sb_puts(&b, "\n\n");
    }
    /* with no markup at all it is no page (content.c), found in one pass */
    galley_error err;
    double t0 = now_ms();
    ck_assert_ptr_null(galley_extract(b.p, b.n, NULL, NULL, NULL, &err));
    ck_assert_int_eq(err.code, GALLEY_ERR_NOT_HTML);
    ck_assert_msg(now_ms() - t0 < budget_ms(b.n), "not_html took %.0f ms", now_ms() - t0);
    /* one <p> in front: a 20 MB text node through the whole pipeline */
    sb t = {0};
    sb_puts(&t, "<p>");
    sb_put(&t, b.p, b.n);
    free(b.p);
    run_ok("20 MB text after one tag", &t);
}
END_TEST

/* One long block first: the language sample once took it whole, overran
 * its cap and failed the extraction as out of memory. */
START_TEST(long_first_block)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<article><p>");
    sb_rep(&b, "a long paragraph of words \xc3\xa9t\xc3\xa9 ", 300);
    sb_puts(&b, "</p>");
    sb_puts(&b, PROSE);
    sb_puts(&b, "<pre>");
    sb_rep(&b, "code line\n", 2000);
    sb_puts(&b, "</pre></article>");
    outcome r = run("10 KB first paragraph", &b);
    ck_assert_msg(!r.null, "%s", galley_status_name(r.status));
    ck_assert_int_eq(r.status, GALLEY_OK);
    free(b.p);
}
END_TEST

/* Titles and bylines are gathered into a 600-byte buffer: the cut must not
 * split a character (the fuzzer's first finding). */
START_TEST(long_multibyte_title)
{
    for (int shift = 0; shift < 4; shift++) {
        sb b = {0};
        sb_puts(&b, "<!DOCTYPE html><html><head><title>");
        sb_rep(&b, "x", (size_t)shift);
        sb_rep(&b, "\xe6\x97\xa5\xf0\x9f\x98\x80\xc3\xa9", 200);
        sb_puts(&b, "</title></head><body><article><h1>");
        sb_rep(&b, "y", (size_t)shift);
        sb_rep(&b, "\xf0\x9f\x98\x80\xc3\xa9\xe6\x97\xa5 ", 200);
        sb_puts(&b, "</h1><p class=byline>By ");
        sb_rep(&b, "\xc3\xa9", 400 + shift);
        sb_puts(&b, "</p>");
        sb_puts(&b, PROSE);
        sb_puts(&b, "</article></body></html>");
        run_ok("600+ byte multibyte title", &b);
    }
}
END_TEST

START_TEST(attr_value_5mb)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<p title=\"");
    for (size_t i = 0; i < (5u << 20) / 64; i++)
        sb_puts(&b, "abcdefghijklmnopqrstuvwxyz0123456789 &amp; &lt;&#x1F600; \xc3\xa9tat ");
    sb_puts(&b, "\">hello</p>");
    sb_puts(&b, PROSE);
    sb_puts(&b, "<img src=\"");
    sb_rep(&b, "z", 5u << 20);
    sb_puts(&b, "\" alt=x>");
    run_ok("5 MB attribute values", &b);
}
END_TEST

START_TEST(attrs_500k)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<div");
    for (int i = 0; i < 500000; i++) sb_printf(&b, " a%d=%d", i, i);
    sb_puts(&b, ">");
    sb_puts(&b, PROSE);
    sb_puts(&b, "</div><p");
    sb_rep(&b, " dup=1", 500000); /* duplicates: dropped by the tokenizer */
    sb_puts(&b, ">x</p>");
    outcome r = run("500k attributes", &b);
    ck_assert_msg(!r.null, "%s", galley_status_name(r.status));
    ck_assert_msg(r.status == GALLEY_LIMIT_ATTRS, "status %s", galley_status_name(r.status));
    free(b.p);
}
END_TEST

/* ---- unterminated constructs (each followed by 1 MB that they swallow) ---- */
static void unterminated(const char *name, const char *open)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, PROSE);
    sb_puts(&b, open);
    for (size_t i = 0; i < 8000; i++) {
        sb_puts(&b, "<p>inside <!-- <script> </b> -- - --! <![CDATA[ ]] &amp &#x; </");
        sb_puts(&b, "scrip <textarea </style </title \"' ' \" > >\n");
    }
    run_ok(name, &b);
}
START_TEST(unterminated_comment) { unterminated("unterminated comment", "<!--"); }
END_TEST
START_TEST(unterminated_script) { unterminated("unterminated script", "<script><!--<script>"); }
END_TEST
START_TEST(unterminated_style) { unterminated("unterminated style", "<style>"); }
END_TEST
START_TEST(unterminated_textarea) { unterminated("unterminated textarea", "<textarea>"); }
END_TEST
START_TEST(unterminated_title) { unterminated("unterminated title", "<title>"); }
END_TEST
START_TEST(unterminated_attr) { unterminated("unterminated attribute", "<p class=\"a"); }
END_TEST
START_TEST(unterminated_attr_sq) { unterminated("unterminated attribute '", "<a href='x"); }
END_TEST
START_TEST(unterminated_tag) { unterminated("unterminated tag", "<div a b c d e f"); }
END_TEST
START_TEST(unterminated_doctype) { unterminated("unterminated doctype", "<!DOCTYPE html PUBLIC \""); }
END_TEST
START_TEST(unterminated_cdata)
{
    unterminated("unterminated cdata", "<svg><![CDATA[");
}
END_TEST
START_TEST(unterminated_plaintext) { unterminated("plaintext", "<plaintext>"); }
END_TEST

/* ---- bytes ---- */
static void page_with_everything(sb *b)
{
    sb_puts(b, "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>T &amp; t</title>"
               "<meta name=author content=\"A. Writer\"><meta property=og:title content=OG>"
               "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
               "\"H\",\"author\":{\"name\":\"J. Doe\"},\"datePublished\":\"2020-01-02\"}</script>"
               "<style>p{}</style></head><body><article><h1>Head</h1><p class=byline>By Ann Lee"
               "</p><time datetime=2020-01-02>Jan 2</time>");
    sb_puts(b, PROSE);
    sb_puts(b, "<ul><li>one<li>two</ul><table><tr><th>h<td>d</table><pre><code>x<y</code></pre>"
               "<figure><img src=a.png alt=A><figcaption>cap</figcaption></figure>"
               "<blockquote>q</blockquote><!-- c --><textarea>t</textarea>");
    sb_puts(b, PROSE);
    sb_puts(b, "</article></body></html>");
}

START_TEST(nul_everywhere)
{
    sb p = {0}, b = {0};
    page_with_everything(&p);
    for (int rep = 0; rep < 200; rep++)
        for (size_t i = 0; i < p.n; i++) {
            sb_put(&b, p.p + i, 1);
            sb_put(&b, "", 1);
        }
    run_ok("NUL after every byte", &b);
    /* NULs only in some places: tag names, attributes, text */
    static const char mix[] = "<p\0 a\0=\"\0\"><b\0>x\0y</b\0><!--\0--><script>\0</script>";
    sb c = {0};
    for (int rep = 0; rep < 2000; rep++) sb_put(&c, mix, sizeof mix - 1);
    sb_puts(&c, PROSE);
    run_ok("NUL in markup", &c);
    free(p.p);
}
END_TEST

START_TEST(invalid_utf8)
{
    static const char *const bad[] = {
        "\xc0\x80",         "\xc1\xbf",     "\xe0\x80\x80", "\xe0\x9f\xbf",
        "\xed\xa0\x80",     "\xed\xbf\xbf", "\xf0\x80\x80\x80",
        "\xf4\x90\x80\x80", "\xf5\x80",     "\xf8\x88\x80\x80\x80",
        "\xfc\x84\x80\x80\x80\x80",         "\x80",         "\xbf\xbf",
        "\xc3",             "\xe2\x82",     "\xf0\x9f\x98", "\xfe\xff", "\xef\xbb\xbf"};
    size_t nb = sizeof bad / sizeof *bad;
    for (int decl = 0; decl < 2; decl++) {
        sb b = {0};
        sb_puts(&b, decl ? "<!DOCTYPE html><meta charset=utf-8><title>" : "<title>");
        for (size_t i = 0; i < nb; i++) sb_puts(&b, bad[i]);
        sb_puts(&b, "</title><script type=application/ld+json>{\"headline\":\"");
        for (size_t i = 0; i < nb; i++) sb_puts(&b, bad[i]);
        sb_puts(&b, "\",\"author\":\"\xc0\xaf\"}</script><body><article>");
        for (int rep = 0; rep < 20000; rep++) {
            sb_printf(&b, "<p title=\"%s\" %s=1>", bad[rep % nb], bad[(rep + 3) % nb]);
            sb_puts(&b, "word ");
            sb_puts(&b, bad[rep % nb]);
            sb_puts(&b, bad[(rep * 7) % nb]);
            sb_puts(&b, " more words in a sentence.</p>");
        }
        run_ok(decl ? "invalid UTF-8, declared" : "invalid UTF-8, sniffed", &b);
    }
}
END_TEST

START_TEST(wrong_declared_encoding)
{
    sb b = {0};
    sb_puts(&b, "<!DOCTYPE html><html><head><meta charset=shift_jis><title>Caf\xc3\xa9 "
                "\xe6\x97\xa5\xe6\x9c\xac</title></head><body><article>");
    for (int i = 0; i < 2000; i++)
        sb_puts(&b, "<p>Na\xc3\xafve caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
                    "\xf0\x9f\x98\x80 text that is UTF-8 under a wrong label.</p>");
    sb_puts(&b, "</article></body></html>");
    outcome r = run_opts("utf-8 declared shift_jis", b.p, b.n, NULL, NULL);
    ck_assert(!r.null);
    r = run_opts("utf-8, transport utf-16le", b.p, b.n, "utf-16le", NULL);
    ck_assert(!r.null);
    r = run_opts("utf-8, transport bogus", b.p, b.n, "x-no-such-charset", NULL);
    ck_assert_msg(!r.null || r.status == GALLEY_ERR_ENCODING, "%s",
                  galley_status_name(r.status));
    r = run_opts("utf-8, transport replacement", b.p, b.n, "iso-2022-kr", NULL);
    ck_assert(!r.null || r.status == GALLEY_ERR_ENCODING);
    free(b.p);
    sb c = {0};
    sb_puts(&c, "<meta charset=utf-16><meta http-equiv=content-type content='text/html;"
                "charset=x-user-defined'><title>t</title>");
    sb_rep(&c, PROSE, 1000);
    run_ok("meta utf-16 on 8-bit bytes", &c);
}
END_TEST

START_TEST(utf16_no_bom)
{
    sb p = {0};
    page_with_everything(&p);
    for (int be = 0; be < 2; be++) {
        sb b = {0};
        for (int rep = 0; rep < 100; rep++)
            for (size_t i = 0; i < p.n; i++) {
                char u[2] = {be ? 0 : p.p[i], be ? p.p[i] : 0};
                sb_put(&b, u, 2);
            }
        run_ok(be ? "UTF-16BE without BOM" : "UTF-16LE without BOM", &b);
    }
    /* the same bytes with the BOM and an odd length */
    sb b = {0};
    sb_put(&b, "\xff\xfe", 2);
    for (size_t i = 0; i < p.n; i++) sb_put(&b, (char[2]){p.p[i], 0}, 2);
    sb_put(&b, "\x41", 1);
    run_ok("UTF-16LE with BOM, odd length", &b);
    /* lone surrogates */
    sb d = {0};
    sb_put(&d, "\xff\xfe", 2);
    for (int i = 0; i < 10000; i++) sb_put(&d, "<\0p\0>\0\x00\xd8\x41\0\x00\xdc\x00\xdc", 14);
    run_ok("UTF-16LE lone surrogates", &d);
    free(p.p);
}
END_TEST

/* ---- JSON-LD ---- */
static void jsonld_page(sb *b, const char *json_head, const char *rep, size_t times,
                        const char *json_tail)
{
    sb_puts(b, "<!DOCTYPE html><html><head><title>JSON-LD page</title>"
               "<script type=\"application/ld+json\">");
    sb_puts(b, json_head);
    sb_rep(b, rep, times);
    sb_puts(b, json_tail);
    sb_puts(b, "</script></head><body><article>");
    sb_rep(b, PROSE, 5);
    sb_puts(b, "</article></body></html>");
}

START_TEST(jsonld_1mb)
{
    sb b = {0};
    jsonld_page(&b, "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
                    "\"headline\":\"Big\",\"articleBody\":\"",
                "body text \\u00e9 \\\" \\\\ \\ud83d\\ude00 ", 30000, "\",\"keywords\":[");
    for (int i = 0; i < 20000; i++) sb_printf(&b, "%s\"kw%d\"", i ? "," : "", i);
    sb_puts(&b, "]}</script></body></html>");
    run_ok("JSON-LD 1 MB", &b);
}
END_TEST

START_TEST(jsonld_deep_arrays)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    jsonld_page(&b, "", "[", 100000, "");
    sb_rep(&b, "]", 100000);
    run_ok("JSON-LD arrays 100k deep", &b);
    sb c = {0};
    jsonld_page(&c, "{\"@type\":\"Article\",\"author\":", "{\"@type\":\"Person\",\"name\":", 100000,
                "\"x\"");
    sb_rep(&c, "}", 100001);
    run_ok("JSON-LD objects 100k deep", &c);
    sb d = {0};
    jsonld_page(&d, "", "[{\"@graph\":", 50000, "1"); /* unbalanced */
    run_ok("JSON-LD unbalanced 50k deep", &d);
    sb e = {0};
    jsonld_page(&e, "{\"@type\":\"Article\",\"headline\":\"h\",\"author\":", "[", 60, "\"deep\"");
    sb_rep(&e, "]", 60);
    sb_puts(&e, "}");
    run_ok("JSON-LD author 60 arrays deep", &e);
}
END_TEST

START_TEST(jsonld_100k_authors)
{
    sb b = {0};
    sb_puts(&b, "<!DOCTYPE html><html><head><title>Many authors</title>"
                "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                "\"headline\":\"Many\",\"author\":[");
    for (int i = 0; i < 100000; i++)
        sb_printf(&b, "%s{\"@type\":\"Person\",\"name\":\"Author Number%d\"}", i ? "," : "", i);
    sb_puts(&b, "]}</script></head><body><article>");
    sb_rep(&b, PROSE, 5);
    sb_puts(&b, "</article></body></html>");
    run_ok("JSON-LD 100k authors", &b);
    sb c = {0};
    for (int i = 0; i < 2000; i++)
        sb_puts(&c, "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":"
                    "\"Same Person\",\"headline\":\"again\"}</script>");
    sb_rep(&c, PROSE, 5);
    run_ok("2000 JSON-LD blocks", &c);
}
END_TEST

/* ---- many elements ---- */
START_TEST(meta_100k)
{
    sb b = {0};
    sb_puts(&b, "<!DOCTYPE html><html><head><title>Metas</title>");
    static const char *const names[] = {"author", "article:tag", "keywords", "og:title",
                                        "description", "article:published_time",
                                        "article:section", "og:image", "twitter:creator"};
    for (int i = 0; i < 100000; i++)
        sb_printf(&b, "<meta name=\"%s\" property=\"%s\" content=\"value %d, 2020-01-%02d\">",
                  names[i % 9], names[(i + 4) % 9], i, i % 28 + 1);
    sb_puts(&b, "</head><body><article>");
    sb_rep(&b, PROSE, 5);
    sb_puts(&b, "</article></body></html>");
    run_ok("100k meta", &b);
}
END_TEST

START_TEST(time_100k)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<article>");
    sb_rep(&b, PROSE, 3);
    for (int i = 0; i < 100000; i++)
        sb_printf(&b, "<time datetime=\"20%02d-%02d-%02dT10:%02d:00Z\" pubdate>day %d</time> ",
                  i % 30, i % 12 + 1, i % 28 + 1, i % 60, i);
    sb_puts(&b, "</article></body></html>");
    run_ok("100k time", &b);
}
END_TEST

START_TEST(img_srcset)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<article>");
    sb_rep(&b, PROSE, 3);
    for (int i = 0; i < 100000; i++) {
        sb_printf(&b, "<img src=\"/i/%d.jpg\" alt=\"pic %d\" srcset=\"", i, i);
        for (int k = 0; k < 10; k++) sb_printf(&b, "/i/%d-%d.jpg %dw, ", i, k, 100 * (k + 1));
        sb_puts(&b, "\">");
    }
    sb_puts(&b, "</article></body></html>");
    run_ok("100k img, srcset of 10", &b);
    /* 100k x 1000 candidates would be ~1.2 GB, far over the 64 MiB input
     * cap; 1000 images with 1000 candidates each keep the per-attribute
     * work honest. */
    sb c = {0};
    sb_puts(&c, HEAD);
    sb_puts(&c, "<article>");
    sb_rep(&c, PROSE, 3);
    for (int i = 0; i < 1000; i++) {
        sb_printf(&c, "<figure><img src=\"/i/%d.jpg\" srcset=\"", i);
        for (int k = 0; k < 1000; k++) sb_printf(&c, "/i/%d.jpg %dw,", k, k + 1);
        sb_puts(&c, " ,,, junk 5q, data:x,y 2x\"><figcaption>c</figcaption></figure>");
    }
    sb_puts(&c, "</article></body></html>");
    run_ok("1000 img, srcset of 1000", &c);
}
END_TEST

START_TEST(table_50k_rows)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<table><thead><tr><th>Name<th>Value<th>Note</thead><tbody>");
    for (int i = 0; i < 50000; i++)
        sb_printf(&b, "<tr><td>row %d<td>%d<td>some words in the cell</tr>", i, i * 7);
    sb_puts(&b, "</tbody></table></body></html>");
    run_ok("50k-row table body", &b);
}
END_TEST

START_TEST(paragraphs_100k)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<article>");
    sb_rep(&b, PROSE, 100000);
    sb_puts(&b, "</article>");
    run_ok("100k paragraphs", &b);
}
END_TEST

/* ---- tiny ---- */
START_TEST(tiny_inputs)
{
    static const struct {
        const char *name, *bytes;
        size_t len;
    } t[] = {{"empty", "", 0},
             {"lone <", "<", 1},
             {"lone &", "&", 1},
             {"UTF-8 BOM only", "\xef\xbb\xbf", 3},
             {"UTF-16LE BOM only", "\xff\xfe", 2},
             {"UTF-16BE BOM only", "\xfe\xff", 2},
             {"NUL only", "\0", 1},
             {"</", "</", 2},
             {"<!", "<!", 2},
             {"<!--", "<!--", 4},
             {"<a", "<a", 2},
             {"&#", "&#", 2},
             {"&#x1F6000000000;", "&#x1F6000000000;", 16},
             {"<svg><![CDATA[", "<svg><![CDATA[", 14},
             {"<table><caption><table>", "<table><caption><table>", 23},
             {"<template><template>", "<template><template>", 20},
             {"<frameset><frameset>", "<frameset><frameset>", 20}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        outcome r = run_opts(t[i].name, t[i].bytes, t[i].len, NULL, NULL);
        /* bytes with no markup at all ("&", a NUL) are no page (content.c) */
        int markup = memchr(t[i].bytes, '<', t[i].len) || t[i].len == 0 ||
                      (unsigned char)t[i].bytes[0] >= 0xEF;
        ck_assert_msg(!r.null || (!markup && r.status == GALLEY_ERR_NOT_HTML), "%s: %s",
                      t[i].name, galley_status_name(r.status));
    }
    /* NULL bytes with length 0 is an empty page */
    galley_error err;
    galley_article *a = galley_extract(NULL, 0, NULL, NULL, NULL, &err);
    ck_assert_ptr_nonnull(a);
    galley_article_free(a);
    a = galley_extract(NULL, 5, NULL, NULL, NULL, &err);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(err.code, GALLEY_ERR_INVALID_ARG);
}
END_TEST

/* ---- caps ---- */
static galley_options *opts_with(galley_option k, int64_t v)
{
    galley_options *o = galley_options_new();
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(galley_options_set_int(o, k, v), GALLEY_OK);
    return o;
}

START_TEST(cap_input_bytes)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_rep(&b, PROSE, 100);
    galley_options *o = opts_with(GALLEY_OPT_MAX_INPUT_BYTES, 1000);
    outcome r = run_opts("max input bytes 1000", b.p, b.n, NULL, o);
    ck_assert(r.null && r.status == GALLEY_ERR_TOO_LARGE);
    r = run_opts("max input bytes, at the cap", b.p, 1000, NULL, o);
    ck_assert(!r.null);
    galley_options_free(o);
    free(b.p);
}
END_TEST

START_TEST(cap_nodes)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<article>");
    sb_rep(&b, PROSE, 100000);
    galley_options *o = opts_with(GALLEY_OPT_MAX_NODES, 1000);
    outcome r = run_opts("max nodes 1000", b.p, b.n, NULL, o);
    ck_assert(!r.null);
    ck_assert_msg(r.status == GALLEY_LIMIT_NODES, "%s", galley_status_name(r.status));
    ck_assert(r.text_len > 0 && r.text_len < 1000 * 200);
    galley_options_free(o);
    free(b.p);
}
END_TEST

START_TEST(cap_depth)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_rep(&b, "<div>", 100000);
    sb_rep(&b, PROSE, 10);
    galley_options *o = opts_with(GALLEY_OPT_MAX_DEPTH, 16);
    outcome r = run_opts("max depth 16", b.p, b.n, NULL, o);
    ck_assert(!r.null);
    ck_assert_msg(r.status == GALLEY_LIMIT_DEPTH, "%s", galley_status_name(r.status));
    ck_assert_msg(r.text_len > 0, "text under the depth cap was lost");
    galley_options_free(o);
    /* the default cap trips too, and keeps the text */
    r = run_opts("default depth cap", b.p, b.n, NULL, NULL);
    ck_assert(!r.null && r.status == GALLEY_LIMIT_DEPTH && r.text_len > 0);
    free(b.p);
}
END_TEST

START_TEST(cap_attrs)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<p");
    for (int i = 0; i < 100; i++) sb_printf(&b, " x%d=1", i);
    sb_puts(&b, ">");
    sb_rep(&b, PROSE, 5);
    galley_options *o = opts_with(GALLEY_OPT_MAX_ATTRS, 10);
    outcome r = run_opts("max attrs 10", b.p, b.n, NULL, o);
    ck_assert(!r.null && r.status == GALLEY_LIMIT_ATTRS);
    galley_options_free(o);
    free(b.p);
}
END_TEST

START_TEST(cap_timeout)
{
    sb b = {0};
    sb_puts(&b, HEAD);
    sb_puts(&b, "<article>");
    while (b.n < (20u << 20)) sb_puts(&b, PROSE);
    galley_options *o = opts_with(GALLEY_OPT_TIMEOUT_MS, 1);
    galley_error err;
    memset(&err, 0, sizeof err);
    double t0 = now_ms();
    galley_article *a = galley_extract(b.p, b.n, NULL, NULL, o, &err);
    double ms = now_ms() - t0;
    fprintf(stderr, "hostile 1 ms timeout, %zu bytes: %.0f ms, %s\n", b.n, ms,
            a ? "article" : galley_status_name(err.code));
    ck_assert_ptr_null(a);
    ck_assert_int_eq(err.code, GALLEY_ERR_TIMEOUT);
    ck_assert_msg(ms < 1000 * slack(), "1 ms timeout took %.0f ms", ms);
    /* deep nesting: the slow paths check the deadline too */
    sb c = {0};
    sb_puts(&c, HEAD);
    sb_rep(&c, "<b><i><a href=#><p>x</b>y</i>z</a></p>", 200000);
    t0 = now_ms();
    a = galley_extract(c.p, c.n, NULL, NULL, o, &err);
    ms = now_ms() - t0;
    fprintf(stderr, "hostile 1 ms timeout, soup %zu bytes: %.0f ms\n", c.n, ms);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(err.code, GALLEY_ERR_TIMEOUT);
    ck_assert_msg(ms < 1000 * slack(), "1 ms timeout took %.0f ms", ms);
    galley_options_free(o);
    free(b.p);
    free(c.p);
}
END_TEST

/* Every option at its most hostile setting at once. */
START_TEST(options_extremes)
{
    sb b = {0};
    page_with_everything(&b);
    galley_options *o = galley_options_new();
    ck_assert_ptr_nonnull(o);
    for (int mode = 0; mode < 3; mode++)
        for (int bits = 0; bits < 64; bits++) {
            galley_options_set_int(o, GALLEY_OPT_MODE, mode);
            galley_options_set_int(o, GALLEY_OPT_COMMENTS, bits & 1);
            galley_options_set_int(o, GALLEY_OPT_METADATA, (bits >> 1) & 1);
            galley_options_set_int(o, GALLEY_OPT_IMAGES, (bits >> 2) & 1);
            galley_options_set_int(o, GALLEY_OPT_LINKS, (bits >> 3) & 1);
            galley_options_set_int(o, GALLEY_OPT_TABLES, (bits >> 4) & 1);
            galley_options_set_int(o, GALLEY_OPT_MAX_NODES, (bits >> 5) ? 3 : 4000000);
            galley_options_set_int(o, GALLEY_OPT_MAX_DEPTH, (bits >> 5) ? 1 : 512);
            galley_options_set_int(o, GALLEY_OPT_MAX_ATTRS, (bits >> 5) ? 0 : 256);
            outcome r = run_opts("options", b.p, b.n, NULL, o);
            ck_assert(!r.null);
        }
    /* out-of-range values are refused and leave the option as it was */
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_MAX_NODES, -1), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_int(o, (galley_option)999, 1), GALLEY_ERR_INVALID_ARG);
    galley_options_free(o);
    free(b.p);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hostile");
    struct {
        const char *name;
        const TTest *t;
    } const cases[] = {
        {"deep", deep_div},
        {"deep", deep_div_unclosed},
        {"deep", deep_table},
        {"deep", deep_li},
        {"deep", deep_ul_li},
        {"deep", deep_blockquote},
        {"deep", deep_a},
        {"deep", deep_b},
        {"deep", deep_mixed},
        {"deep", unclosed_b_1m},
        {"soup", adoption_soup},
        {"soup", adoption_soup_tables},
        {"size", text_20mb},
        {"size", long_first_block},
        {"size", long_multibyte_title},
        {"size", attr_value_5mb},
        {"size", attrs_500k},
        {"unterminated", unterminated_comment},
        {"unterminated", unterminated_script},
        {"unterminated", unterminated_style},
        {"unterminated", unterminated_textarea},
        {"unterminated", unterminated_title},
        {"unterminated", unterminated_attr},
        {"unterminated", unterminated_attr_sq},
        {"unterminated", unterminated_tag},
        {"unterminated", unterminated_doctype},
        {"unterminated", unterminated_cdata},
        {"unterminated", unterminated_plaintext},
        {"bytes", nul_everywhere},
        {"bytes", invalid_utf8},
        {"bytes", wrong_declared_encoding},
        {"bytes", utf16_no_bom},
        {"jsonld", jsonld_1mb},
        {"jsonld", jsonld_deep_arrays},
        {"jsonld", jsonld_100k_authors},
        {"many", meta_100k},
        {"many", time_100k},
        {"many", img_srcset},
        {"many", table_50k_rows},
        {"many", paragraphs_100k},
        {"tiny", tiny_inputs},
        {"caps", cap_input_bytes},
        {"caps", cap_nodes},
        {"caps", cap_depth},
        {"caps", cap_attrs},
        {"caps", cap_timeout},
        {"caps", options_extremes},
    };
    TCase *tc = NULL;
    const char *cur = NULL;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (!cur || strcmp(cur, cases[i].name) != 0) {
            tc = tcase_create(cases[i].name);
            tcase_set_timeout(tc, 600);
            suite_add_tcase(s, tc);
            cur = cases[i].name;
        }
        tcase_add_test(tc, cases[i].t);
    }
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
