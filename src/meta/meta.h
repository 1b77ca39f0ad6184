/*
 * meta.h -- article metadata: title, authors, dates, site, description,
 * language, canonical URL, lead image, categories, tags, page type hints,
 * accessibility. Internal interface.
 */
#ifndef GL_META_H
#define GL_META_H

#include "../article/hints.h"
#include "../dom/dom.h"
#include "../article/article.h"

/* First pass, before body extraction: reads JSON-LD, OpenGraph, <meta>,
 * microdata, <time>, bylines and the URL; fills `a`'s fields with their
 * sources (all but the page type, which the classifier writes). `hints`
 * (may be NULL) gets the declared page type and the headline, byline and
 * date line elements, for the extractor to leave out of the body; it is
 * cleared first, so it is valid (empty) on any error. `url` may be NULL.
 * Reads the DOM only. */
galley_status gl_meta_extract(gl_doc *doc, gl_article *a, const char *url,
                              const galley_options *opts, const gl_deadline *deadline,
                              gl_page_hints *hints);

/* Second pass, after body extraction: fallbacks that need the body's text
 * (language identification, dates in the text). */
galley_status gl_meta_finish(gl_doc *doc, gl_article *a, const galley_options *opts);

#endif
