/* meta_microdata.c -- values marked up in the page's elements: microdata
 * itemprop (HTML 5, "Microdata") and RDFa property, read against the
 * schema.org names (headline, datePublished, dateCreated, dateModified,
 * author/creator with a nested itemprop=name) and their Dublin Core
 * kin (date, issued, created, modified); prefixes ("schema:", "dc:")
 * dropped. The value is the element's content or datetime attribute, else
 * its text. Offered under the source "microdata" or "rdfa". */
#include "meta_walk.h"

void gl_meta_read_itemprop(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *p,
                           size_t pn, const char *src)
{
    /* "schema:author", "dc:creator", several space-separated values */
    const char *colon = memchr(p, ':', pn);
    if (colon) {
        pn -= (size_t)(colon + 1 - p);
        p = colon + 1;
    }
    const char *sp = memchr(p, ' ', pn);
    if (sp) pn = (size_t)(sp - p);
    char buf[GL_META_GATHER_MAX];
    size_t vn = 0;
    const char *v = gl_meta_attr(n, "content", &vn);
    if (!v) v = gl_meta_attr(n, "datetime", &vn);
    int prio = GL_PRIO_MICRODATA - (w->in_boiler ? 50 : 0);
    if (gl_ascii_ieq(p, pn, "headline")) {
        if (!v) v = buf, vn = gl_meta_gather(n, buf, sizeof buf);
        if (vn < 400) gl_board_offer_slot(&c->b, GALLEY_FIELD_TITLE, &c->t_micro, v, vn, prio, src, NULL);
    } else if (gl_ascii_ieq(p, pn, "datePublished") || gl_ascii_ieq(p, pn, "dateCreated") ||
               gl_ascii_ieq(p, pn, "date") || gl_ascii_ieq(p, pn, "issued") ||
               gl_ascii_ieq(p, pn, "created")) {
        if (!v) v = buf, vn = gl_meta_gather(n, buf, sizeof buf);
        /* a marked-up date the reader sees is the shown date; a raw
         * timestamp as its text ("2021-10-27T20:35:36+01:00") is machine
         * data left in the markup, not written for readers */
        if (n->tag != GL_TAG_META && !w->in_boiler && !gl_meta_raw_timestamp(n))
            gl_meta_note_shown_date(c, v, vn, prio, src);
        if (gl_meta_offer_date(c, GALLEY_FIELD_PUBLISHED, v, vn, prio, src) && !w->in_boiler &&
            n->tag != GL_TAG_META && gl_meta_gather(n, buf, sizeof buf) <= 150)
            gl_meta_mark_dateline(w, n);
    } else if (gl_ascii_ieq(p, pn, "dateModified") || gl_ascii_ieq(p, pn, "modified")) {
        if (!v) v = buf, vn = gl_meta_gather(n, buf, sizeof buf);
        gl_meta_offer_date(c, GALLEY_FIELD_MODIFIED, v, vn, prio, src);
    } else if (gl_ascii_ieq(p, pn, "author") || gl_ascii_ieq(p, pn, "creator")) {
        if (w->in_boiler || n->tag == GL_TAG_META || n->tag == GL_TAG_LINK) return;
        /* a nested itemprop=name holds the name; else the element's text */
        const gl_node *nm = NULL;
        size_t visited = 0;
        for (const gl_node *d = n->first_child; d && visited < GL_META_GATHER_MAX_NODES;
             d = gl_walk_next(n, d, false), visited++) {
            size_t dn;
            const char *dp = gl_meta_attr(d, "itemprop", &dn);
            if (dp && gl_ascii_ieq(dp, dn, "name")) {
                nm = d;
                break;
            }
        }
        if (nm) {
            const char *cv = gl_meta_attr(nm, "content", &vn);
            if (cv) v = cv;
            else v = buf, vn = gl_meta_gather(nm, buf, sizeof buf);
        } else if (!v) {
            v = buf, vn = gl_meta_gather(n, buf, sizeof buf);
        }
        if (vn && vn < 200 && !gl_meta_url_like(v, vn)) {
            gl_meta_offer_author(c, v, vn, prio, src);
            /* a thread's posters are part of the thread */
            const char *pt = c->b.field[GALLEY_FIELD_PAGE_TYPE].v;
            if ((!pt || strcmp(pt, "forum") != 0) && gl_meta_gather(n, buf, sizeof buf) < 200)
                gl_meta_mark_byline(w, n);
        }
    }
}
