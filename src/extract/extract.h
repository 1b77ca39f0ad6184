/*
 * extract.h -- main-content extraction: cleaning, scoring, selection,
 * post-processing into typed blocks. Internal interface.
 */
#ifndef GL_EXTRACT_H
#define GL_EXTRACT_H

#include "../article/hints.h"
#include "../dom/dom.h"
#include "../article/article.h"
#include "pagetype.h"

/* Finds the article body in `doc` and appends it to `a` as blocks (and the
 * comment thread when opts->comments). Leaves out the headline, byline and
 * date line elements of `hints` (the metadata pass's; may be NULL) and
 * reads its declared page type. `scan` (may be NULL: no page-type
 * strategies) is the classifier's scan of the page, from which the body's
 * reading per page type is chosen. Writes neither the page type nor the
 * confidence (the page classifier's). `url` (may be NULL) resolves
 * relative links and images. May modify flags in the DOM.
 * Returns GALLEY_OK, GALLEY_ERR_NO_CONTENT (article left with no blocks),
 * GALLEY_ERR_TIMEOUT or GALLEY_ERR_NOMEM. */
galley_status gl_extract_body(gl_doc *doc, gl_article *a, const char *url,
                              const gl_page_hints *hints, const gl_page_scan *scan,
                              const galley_options *opts,
                              const gl_deadline *deadline);

#endif
