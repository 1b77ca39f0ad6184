/*
 * meta.h -- article metadata: title, authors, dates, site, description,
 * language, canonical URL, lead image, categories, tags, page type hints,
 * accessibility. Internal interface.
 */
#ifndef GL_META_H
#define GL_META_H

#include "../dom/dom.h"
#include "../extract/article.h"

/* First pass, before body extraction: reads JSON-LD, OpenGraph, <meta>,
 * microdata, <time>, bylines and the URL; fills `a`'s fields with their
 * sources; marks the byline, date line and headline elements in the DOM
 * (GL_NF_BYLINE, GL_NF_DATELINE, GL_NF_HEADLINE) so the extractor leaves
 * them out of the body. `url` may be NULL. */
galley_status gl_meta_extract(gl_doc *doc, gl_article *a, const char *url,
                              const galley_options *opts, const gl_deadline *deadline);

/* Second pass, after body extraction: fallbacks that need the body's text
 * (language identification, dates in the text). */
galley_status gl_meta_finish(gl_doc *doc, gl_article *a, const galley_options *opts);

#endif
