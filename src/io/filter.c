/*
 * filter.c -- the corpus filters of a batch (--language, --page-type,
 * --min-confidence, --require, --min-words): which extracted documents a
 * corpus keeps. They read the article only, so workers apply them in
 * parallel and the outcome does not depend on -j.
 */
#include <string.h>

#include "../output/output.h"
#include "corpus.h"

/* Calls `fn` on each item of a comma-separated list, white space trimmed;
 * stops when it returns true. True when some call did. */
static bool each_item(const char *list, bool (*fn)(const char *s, size_t n, const void *ctx),
                      const void *ctx)
{
    const char *p = list;
    while (p && *p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *s = p;
        while (n && gl_is_ascii_ws((unsigned char)*s)) s++, n--;
        while (n && gl_is_ascii_ws((unsigned char)s[n - 1])) n--;
        if (n && fn(s, n, ctx)) return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

static bool set(const char *list)
{
    return list && *list;
}

static bool same_item(const char *s, size_t n, const void *ctx)
{
    return gl_ascii_ieq(s, n, (const char *)ctx);
}

/* A field by its JSON key: single-valued fields and the list fields. */
static int field_by_name(const char *s, size_t n)
{
    for (int f = 0; f < GALLEY_FIELD_COUNT_; f++) {
        const char *name = gl_field_json_name((galley_field)f);
        if (name && gl_ascii_ieq(s, n, name)) return f;
    }
    return -1;
}

static bool unknown_field(const char *s, size_t n, const void *ctx)
{
    (void)ctx;
    return field_by_name(s, n) < 0;
}

static bool missing_field(const char *s, size_t n, const void *ctx)
{
    gl_article *a = (gl_article *)ctx;
    int f = field_by_name(s, n);
    if (f < 0) return true;
    gl_strlist *l = gl_article_list(a, (galley_field)f);
    if (l) return l->n == 0;
    return !a->field[f] || !a->field[f][0];
}

const char *gl_filter_validate(const galley_batch_config *cfg, char *msg, size_t cap)
{
    if (set(cfg->require) && each_item(cfg->require, unknown_field, NULL)) {
        snprintf(msg, cap, "unknown field in '%s' (title, published, modified, authors, "
                           "site_name, description, language, image, ...)", cfg->require);
        return msg;
    }
    if (!(cfg->min_confidence >= 0 && cfg->min_confidence <= 1) ||
        !(cfg->min_language_confidence >= 0 && cfg->min_language_confidence <= 1)) {
        snprintf(msg, cap, "a confidence floor must lie in [0, 1]");
        return msg;
    }
    if (cfg->min_words < 0) {
        snprintf(msg, cap, "min_words must not be negative");
        return msg;
    }
    if (cfg->dedup < GALLEY_DEDUP_NONE || cfg->dedup > GALLEY_DEDUP_NEAR || cfg->dedup_distance < 0 ||
        cfg->dedup_distance > 7) {
        snprintf(msg, cap, "dedup must be none, exact or near, with a distance of 0 to 7");
        return msg;
    }
    return NULL;
}

int gl_filter_check(const galley_batch_config *cfg, const gl_article *a)
{
    if (set(cfg->page_types)) {
        const char *pt = a->field[GALLEY_FIELD_PAGE_TYPE];
        if (!pt || !each_item(cfg->page_types, same_item, pt)) return GALLEY_FILTER_PAGE_TYPE;
    }
    if (cfg->min_confidence > 0 && a->confidence < cfg->min_confidence)
        return GALLEY_FILTER_CONFIDENCE;
    if (set(cfg->languages)) {
        /* the primary subtag: "en-GB" is "en" */
        const char *lang = a->field[GALLEY_FIELD_LANGUAGE];
        char primary[16];
        size_t n = 0;
        while (lang && lang[n] && lang[n] != '-' && lang[n] != '_' && n < sizeof primary - 1) {
            primary[n] = lang[n];
            n++;
        }
        primary[n] = 0;
        if (!n || a->language_confidence < cfg->min_language_confidence ||
            !each_item(cfg->languages, same_item, primary))
            return GALLEY_FILTER_LANGUAGE;
    }
    if (set(cfg->require) && each_item(cfg->require, missing_field, a)) return GALLEY_FILTER_REQUIRE;
    if (cfg->min_words > 0 && a->word_count < (uint64_t)cfg->min_words) return GALLEY_FILTER_MIN_WORDS;
    return -1;
}
