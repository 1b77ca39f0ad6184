/*
 * fuzz_parse -- libFuzzer target for the tree builder: galley_parse() on
 * whole documents and galley_parse_fragment() with a context element.
 *
 * Input: byte 0 picks whole document (with a transport charset, or none) or
 * fragment (with a context element and namespace); byte 1 picks the options,
 * among them tiny depth, node and attribute caps so the cap paths run; the
 * rest is the page. The resulting tree is walked without recursion and its
 * links checked (parent, previous and next agree), then serialized, and the
 * strings the API hands back must be valid UTF-8 of the length it claims.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "galley.h"
#include "fuzz_util.h"

#define CHECK(c)                 \
    do {                         \
        if (!(c))                \
            __builtin_trap();    \
    } while (0)

static const char *const CHARSETS[] = {NULL,        "utf-8",     "windows-1252", "shift_jis",
                                       "euc-kr",    "gb18030",   "utf-16le",     "utf-16be",
                                       "iso-2022-jp", "koi8-r",  "big5",         "bogus"};
#define NCHARSETS (sizeof CHARSETS / sizeof CHARSETS[0])

static const struct {
    const char *name;
    galley_ns ns;
} CONTEXTS[] = {
    {"body", GALLEY_NS_HTML},     {"div", GALLEY_NS_HTML},      {"html", GALLEY_NS_HTML},
    {"table", GALLEY_NS_HTML},    {"tbody", GALLEY_NS_HTML},    {"tr", GALLEY_NS_HTML},
    {"td", GALLEY_NS_HTML},       {"select", GALLEY_NS_HTML},   {"template", GALLEY_NS_HTML},
    {"title", GALLEY_NS_HTML},    {"textarea", GALLEY_NS_HTML}, {"script", GALLEY_NS_HTML},
    {"style", GALLEY_NS_HTML},    {"plaintext", GALLEY_NS_HTML}, {"noscript", GALLEY_NS_HTML},
    {"frameset", GALLEY_NS_HTML}, {"head", GALLEY_NS_HTML},     {"colgroup", GALLEY_NS_HTML},
    {"svg", GALLEY_NS_SVG},       {"foreignObject", GALLEY_NS_SVG}, {"desc", GALLEY_NS_SVG},
    {"math", GALLEY_NS_MATHML},   {"mi", GALLEY_NS_MATHML},     {"annotation-xml", GALLEY_NS_MATHML},
};
#define NCONTEXTS (sizeof CONTEXTS / sizeof CONTEXTS[0])


static void check_string(const char *s, size_t len, int want_utf8)
{
    if (!s)
        return;
    CHECK(strlen(s) <= len); /* may hold U+0000 only if len says so */
    CHECK(s[len] == '\0');
    if (want_utf8)
        CHECK(valid_utf8((const unsigned char *)s, len));
}

/* Iterative pre-order walk checking the links of every node. Template
 * contents are separate trees: their roots wait on a small stack (a fuzzer
 * may skip the excess). */
#define MAX_PENDING 64

static void walk(const galley_node *top, int want_utf8)
{
    const galley_node *pending[MAX_PENDING];
    size_t npending = 0;
    pending[npending++] = top;
    while (npending) {
        const galley_node *root = pending[--npending];
        const galley_node *n = root;
        while (n) {
            size_t len = 0;
            galley_node_type t = galley_node_get_type(n);
            CHECK(t >= GALLEY_NODE_DOCUMENT && t <= GALLEY_NODE_FRAGMENT);
            const char *name = galley_node_name(n, &len);
            if (name)
                check_string(name, len, want_utf8);
            const char *data = galley_node_data(n, &len);
            if (data)
                check_string(data, len, want_utf8);
            size_t na = galley_node_attr_count(n);
            for (size_t i = 0; i < na; i++) {
                const char *an = NULL, *av = NULL;
                size_t avl = 0;
                galley_ns ns = GALLEY_NS_NONE;
                CHECK(galley_node_attr(n, i, &an, &av, &avl, &ns));
                CHECK(an && av);
                check_string(av, avl, want_utf8);
            }
            const galley_node *tc = galley_node_template_content(n);
            if (tc) {
                CHECK(galley_node_get_type(tc) == GALLEY_NODE_FRAGMENT);
                if (npending < MAX_PENDING)
                    pending[npending++] = tc;
            }
            const galley_node *c = galley_node_first_child(n);
            if (c) {
                CHECK(galley_node_parent(c) == n);
                CHECK(galley_node_prev(c) == NULL);
                n = c;
                continue;
            }
            /* no children: climb until a node with a next sibling */
            while (n != root) {
                const galley_node *nx = galley_node_next(n);
                if (nx) {
                    CHECK(galley_node_prev(nx) == n);
                    CHECK(galley_node_parent(nx) == galley_node_parent(n));
                    break;
                }
                const galley_node *p = galley_node_parent(n);
                CHECK(p && galley_node_last_child(p) == n);
                n = p;
            }
            n = (n == root) ? NULL : galley_node_next(n);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const char *in = (const char *)data + 2;
    size_t len = size - 2;
    unsigned sel = data[0], opt = data[1];

    galley_options *o = galley_options_new();
    if (!o)
        return 0;
    /* low bits: tiny caps, so that tripping them is fuzzed as well */
    if (opt & 1)
        galley_options_set_int(o, GALLEY_OPT_MAX_DEPTH, 1 + (opt >> 4));
    if (opt & 2)
        galley_options_set_int(o, GALLEY_OPT_MAX_NODES, 1 + 4 * (opt >> 4));
    if (opt & 4)
        galley_options_set_int(o, GALLEY_OPT_MAX_ATTRS, opt >> 5);
    if (opt & 8)
        galley_options_set_int(o, GALLEY_OPT_SCRIPTING, 1);

    galley_error err;
    galley_doc *d;
    int want_utf8;
    if (sel % 4 < 2) {
        d = galley_parse(in, len, CHARSETS[(sel / 4) % NCHARSETS], o, &err);
        want_utf8 = 1; /* decoding replaces what is not valid */
    } else {
        unsigned k = (sel / 4) % NCONTEXTS;
        d = galley_parse_fragment(in, len, CONTEXTS[k].name, CONTEXTS[k].ns, o, &err);
        want_utf8 = valid_utf8(data + 2, len);
    }
    if (d) {
        galley_status st = galley_doc_status(d);
        CHECK(st == GALLEY_OK || st == GALLEY_LIMIT_DEPTH || st == GALLEY_LIMIT_NODES ||
              st == GALLEY_LIMIT_ATTRS);
        const galley_node *root = galley_doc_root(d);
        if (root) {
            walk(root, want_utf8);
            size_t n = 0;
            char *html = galley_node_serialize(root, 0, &n);
            check_string(html, n, want_utf8);
            galley_free(html);
            char *text = galley_node_text_content(root, &n);
            check_string(text, n, want_utf8);
            galley_free(text);
        }
        galley_doc_free(d);
    } else {
        /* a NULL result always says why */
        CHECK(err.code != GALLEY_OK);
    }
    galley_options_free(o);
    return 0;
}
