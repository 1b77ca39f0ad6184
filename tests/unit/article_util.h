/* Helpers the metadata tests share: extract a page through the public API
 * and read its fields. Header-only (each test is one executable). */
#ifndef GALLEY_TEST_ARTICLE_UTIL_H
#define GALLEY_TEST_ARTICLE_UTIL_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "galley.h"

/* Extracts `html` with default options; a reference time > 0 bounds dates
 * as a crawl date would. Fails the test when extraction fails. */
static inline galley_article *gt_extract(const char *html, int64_t ref_time)
{
    galley_options *o = galley_options_new();
    ck_assert_ptr_nonnull(o);
    if (ref_time > 0)
        ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_REFERENCE_TIME, ref_time),
                         GALLEY_OK);
    galley_error err;
    galley_article *a = galley_extract(html, strlen(html), NULL, NULL, o, &err);
    galley_options_free(o);
    ck_assert_msg(a != NULL, "extract failed: %s", a ? "" : err.msg);
    return a;
}

/* A field's value, or "(null)" so that string asserts can print it. */
static inline const char *gt_field(const galley_article *a, galley_field f)
{
    const char *v = galley_article_field(a, f);
    return v ? v : "(null)";
}

/* Where a field's value came from, or "(null)". */
static inline const char *gt_src(const galley_article *a, galley_field f)
{
    const char *v = galley_article_field_source(a, f);
    return v ? v : "(null)";
}

#endif
