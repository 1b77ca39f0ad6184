/*
 * pagetype.h -- what kind of page this is (article, listing, collection,
 * product, forum, documentation, service) and how likely it is an article.
 * Internal interface.
 */
#ifndef GL_PAGETYPE_H
#define GL_PAGETYPE_H

#include "../dom/dom.h"
#include "../article/article.h"

/* The page types, in the order of the classifier's score columns. */
enum {
    GL_PT_ARTICLE, GL_PT_LISTING, GL_PT_COLLECTION, GL_PT_PRODUCT, GL_PT_FORUM, GL_PT_DOCS,
    GL_PT_SERVICE, GL_PT_N
};

/* What the classifier reads from the DOM and the URL, gathered once per
 * page: the extractor guesses the page type from it before the body is
 * final, the classifier decides from it after. Plain data, no pointers. */
#define GL_PAGE_NFEATURES 128
typedef struct gl_page_scan {
    double f[GL_PAGE_NFEATURES];
} gl_page_scan;

/* Fills `ps` from one walk over `doc` and the page URL (`url`, or when
 * NULL the URL field of `a`; both may be NULL). Linear in the DOM. */
void gl_page_scan_doc(const gl_doc *doc, const gl_article *a, const char *url, gl_page_scan *ps);

/* The type the classifier gives the page of `ps` with the body now in `a`
 * (GL_PT_*), in *p_type that type's probability and in *p_article (may be
 * NULL) the article's. Writes nothing: the extractor's look at the page
 * before its body is final. Pure. */
int gl_page_guess(const gl_page_scan *ps, const gl_article *a, double *p_type, double *p_article);

/* Classifies the page from one walk over `doc` (declared schema.org types,
 * og:type, microdata, repeated cards, prices and cart buttons, forum and
 * documentation furniture, calls to action), the page URL (`url`, may be
 * NULL: the canonical URL in the article is used instead) and the shape of
 * the body already extracted into `a`. Call after extraction and metadata.
 * Sets GALLEY_FIELD_PAGE_TYPE (overriding raw metadata hints such as
 * "website"), its source ("classifier", or the metadata source when a
 * reliable declaration decided) and a->confidence, the probability in [0,1]
 * that the page is an article. Reads the DOM only; linear in its size;
 * allocates nothing but the field strings (copied into `a`'s arena).
 * `ps` is the page's scan when the caller has it; NULL: scanned here. */
void gl_page_classify(const gl_doc *doc, gl_article *a, const char *url, const gl_page_scan *ps);
/* The probability that `url` is an article's, from the URL's features
 * alone (the classifier's weights, the page's features zero): how a crawl
 * ranks links it has not fetched yet. Pure; thread-safe. */
double gl_page_url_article_prob(const char *url);

#endif
