/*
 * pagetype.h -- what kind of page this is (article, listing, collection,
 * product, forum, documentation, service) and how likely it is an article.
 * Internal interface.
 */
#ifndef GL_PAGETYPE_H
#define GL_PAGETYPE_H

#include "../dom/dom.h"
#include "../article/article.h"

/* Classifies the page from one walk over `doc` (declared schema.org types,
 * og:type, microdata, repeated cards, prices and cart buttons, forum and
 * documentation furniture, calls to action), the page URL (`url`, may be
 * NULL: the canonical URL in the article is used instead) and the shape of
 * the body already extracted into `a`. Call after extraction and metadata.
 * Sets GALLEY_FIELD_PAGE_TYPE (overriding raw metadata hints such as
 * "website"), its source ("classifier", or the metadata source when a
 * reliable declaration decided) and a->confidence, the probability in [0,1]
 * that the page is an article. Reads the DOM only; linear in its size;
 * allocates nothing but the field strings (copied into `a`'s arena). */
void gl_page_classify(const gl_doc *doc, gl_article *a, const char *url);
/* The probability that `url` is an article's, from the URL's features
 * alone (the classifier's weights, the page's features zero): how a crawl
 * ranks links it has not fetched yet. Pure; thread-safe. */
double gl_page_url_article_prob(const char *url);

#endif
