/*
 * hints.h -- what the metadata pass tells the body extractor about the
 * page: the type the page declares and the elements that belong to the
 * metadata (headline, bylines, date lines). Passed explicitly from
 * gl_meta_extract to gl_extract_body instead of DOM flag bits or article
 * fields, so the page type and confidence keep one writer (the page
 * classifier). Internal; below both src/meta and src/extract.
 */
#ifndef GL_HINTS_H
#define GL_HINTS_H

#include "../dom/dom.h"

/* Byline and date line elements passed on: more are a template's
 * repetition (teasers), not the article's own. */
#define GL_HINTS_MAX_MARKS 8

typedef struct gl_page_hints {
    /* The page type the page declares (JSON-LD @type, og:type, microdata)
     * in galley's names ("article", "forum", "product", ...); NULL when
     * it declares none. Lives as long as the article. */
    const char *declared_type;
    /* The element holding the chosen title; NULL when none holds it. */
    const gl_node *headline;
    /* Byline / author boxes and date lines near the headline: metadata,
     * left out of the body. */
    const gl_node *bylines[GL_HINTS_MAX_MARKS];
    size_t nbylines;
    const gl_node *datelines[GL_HINTS_MAX_MARKS];
    size_t ndatelines;
} gl_page_hints;

#endif
