/*
 * fuzz_urlset -- libFuzzer target for the sitemap and feed reader
 * (galley_urlset_parse): sitemaps, indexes, Google News, RSS 2.0, Atom,
 * RDF, gzip bodies, and hostile XML (entities, deep nesting).
 *
 * Input: byte 0 picks small caps (bit 0: 4 KiB of input and 8 levels of
 * nesting, so the cap paths are reached with small inputs) and a base URL
 * (bit 1); the rest is the document. Checks beyond the sanitizers: every
 * entry's URL is an absolute http(s) URL that galley_url_normalize() leaves
 * as it is (normalisation is idempotent); every string the set returns is
 * read whole; a set that failed says why (a message).
 * Seeds: fuzz/seeds/fuzz_urlset/ (each format, written for galley).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

static unsigned touch(const char *p)
{
    unsigned s = 0;
    for (; p && *p; p++) s += (unsigned char)*p;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t mode = data[0];
    galley_options *o = galley_options_new();
    if (!o) return 0;
    if (mode & 1) {
        galley_options_set_int(o, GALLEY_OPT_MAX_INPUT_BYTES, 4096);
        galley_options_set_int(o, GALLEY_OPT_MAX_DEPTH, 8);
    }
    const char *base = (mode & 2) ? "https://example.com/news/feed.xml" : NULL;
    galley_urlset *s = galley_urlset_parse((const char *)data + 1, size - 1, base, o);
    if (s) {
        const char *msg = NULL;
        galley_status st = galley_urlset_status(s, &msg);
        if (!msg || (st != GALLEY_OK && !*msg)) __builtin_trap();
        unsigned sum = touch(galley_urlset_kind(s));
        for (size_t i = 0; i < galley_urlset_count(s); i++) {
            const char *u = galley_urlset_url(s, i);
            if (!u || (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0))
                __builtin_trap();
            char *again = galley_url_normalize(NULL, u);
            if (!again || strcmp(again, u) != 0) __builtin_trap(); /* not idempotent */
            galley_free(again);
            sum += touch(galley_urlset_date(s, i)) + touch(galley_urlset_title(s, i));
        }
        if (galley_urlset_url(s, galley_urlset_count(s)) != NULL) __builtin_trap();
        (void)sum;
        galley_urlset_free(s);
    }
    galley_options_free(o);
    return 0;
}
