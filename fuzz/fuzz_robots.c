/*
 * fuzz_robots -- libFuzzer target for the robots.txt parser and matcher
 * (galley_robots_parse, galley_robots_allowed) and URL normalisation
 * (galley_url_normalize).
 *
 * Input: the robots.txt, whole. Its lines' values also serve as the paths
 * asked about (so patterns meet paths that nearly match them), and its first
 * line as a URL to normalise. Checks beyond the sanitizers: /robots.txt is
 * always allowed (RFC 9309 2.2.2); asking twice gives the same answer; a
 * Crawl-delay is -1 or non-negative; every Sitemap line is returned whole;
 * normalising a normalised URL changes nothing.
 * Seeds: fuzz/seeds/fuzz_robots/ (written for galley).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *txt = (const char *)data;
    galley_robots *r = galley_robots_parse(txt, size, "galley/1.0");
    if (!r) return 0;
    if (!galley_robots_allowed(r, "/robots.txt")) __builtin_trap();
    if (galley_robots_crawl_delay_ms(r) < -1) __builtin_trap();
    for (size_t i = 0; i < galley_robots_sitemap_count(r); i++) {
        const char *sm = galley_robots_sitemap(r, i);
        if (!sm || !*sm) __builtin_trap();
        (void)strlen(sm);
    }
    /* each line's value (after ':') as a path, up to a few dozen lines */
    char path[512];
    size_t i = 0, asked = 0;
    while (i < size && asked < 64) {
        size_t e = i;
        while (e < size && data[e] != '\n') e++;
        const char *colon = memchr(txt + i, ':', e - i);
        if (colon) {
            size_t n = (size_t)(txt + e - colon - 1);
            if (n > sizeof path - 2) n = sizeof path - 2;
            path[0] = '/';
            memcpy(path + 1, colon + 1, n);
            path[n + 1] = 0;
            int a = galley_robots_allowed(r, path);
            if (a != galley_robots_allowed(r, path)) __builtin_trap();
            asked++;
        }
        i = e + 1;
    }
    galley_robots_free(r);
    /* the first line as a URL: normalisation is idempotent */
    size_t n = 0;
    while (n < size && n < 2048 && data[n] != '\n') n++;
    char *u = malloc(n + 1);
    if (!u) return 0;
    memcpy(u, data, n);
    u[n] = 0;
    if (strlen(u) == n) {
        char *a = galley_url_normalize("https://example.com/a/b", u);
        if (a) {
            char *b = galley_url_normalize(NULL, a);
            if (!b || strcmp(a, b) != 0) __builtin_trap();
            galley_free(b);
            galley_free(a);
        }
    }
    free(u);
    return 0;
}
