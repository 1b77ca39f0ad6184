/* meta_bylines.c -- the bylines a page shows: elements whose class names
 * an author (data/vocab/class_hints.txt) or a forum poster, rel="author"
 * links (HTML 4.6.7), "By X" lines and a lone "By" label with the name in
 * the next element, and co-authors beside the credited element
 * (meta.authors.coauthor). Each is offered as meta.authors.byline and
 * handed to the extractor as a byline mark. Turning a byline string into
 * names is meta_author.c's; which names win, meta_authors.c's. */
#include "meta_walk.h"

/* Whether only list separators -- white space, ",", ";", "&", "|", a middle
 * dot, "and"/"und"/"et"/"y"/"e" -- stand between sibling a and a later
 * sibling b: one byline's names, not an author and a reviewer. */
static bool separators_between(const gl_node *a, const gl_node *b)
{
    int hops = 0;
    for (const gl_node *x = a->next; x && x != b; x = x->next) {
        if (++hops > 4 || x->type == GALLEY_NODE_ELEMENT) return false;
        if (x->type != GALLEY_NODE_TEXT) continue;
        char t[16];
        size_t k = 0;
        for (size_t i = 0; i < x->data_len; i++) {
            unsigned char ch = (unsigned char)x->data[i];
            if (gl_is_ascii_ws(ch) || ch == ',' || ch == ';' || ch == '&' || ch == '|') continue;
            if (ch == 0xc2 && i + 1 < x->data_len && (unsigned char)x->data[i + 1] == 0xb7) {
                i++; /* middle dot */
                continue;
            }
            if (k + 1 >= sizeof t) return false;
            t[k++] = (char)gl_lower(ch);
        }
        t[k] = 0;
        if (k && strcmp(t, "and") && strcmp(t, "und") && strcmp(t, "et") && strcmp(t, "y") &&
            strcmp(t, "e"))
            return false;
    }
    return true;
}

/* Rule meta.authors.coauthor: a byline element at the winning byline's
 * priority that gave no name of its own (the same source again) is a
 * co-author when it sits beside the credited element (two rel="author"
 * links in one box), or inside it with its name beginning the credited
 * element's glued text ("Lena Ortiz Sam Whitlock" from two <span
 * class="author">s): the child's name and the rest of the glued text
 * then replace the glued name. */
static void offer_coauthor(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *v, size_t vn,
                           int prio)
{
    const gl_node *k = w->credit;
    if (!k || !n->parent) return;
    if (n->parent == k->parent && n->tag == k->tag && separators_between(k, n)) {
        w->credit = n; /* a third name follows the second */
        if (gl_meta_add_coauthors(c, v, vn, prio, false)) gl_meta_mark_byline(w, n);
    } else if (n->parent == k && gl_meta_add_coauthors(c, v, vn, prio, true)) {
        gl_meta_mark_byline(w, n);
    }
}

/* A label alone ("By", "Written by", "Autor:") whose name sits in the next
 * element. */
static void label_byline(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *txt, size_t tn)
{
    if (tn > 24 || !gl_meta_author_has_lead(txt, tn)) return;
    gl_namelist tmp = {0};
    if (gl_meta_author_split(&c->scratch, txt, tn, NULL, &tmp)) return; /* has a name itself */
    const gl_node *nx = n->next;
    /* blank text and line breaks between the label and the name */
    while (nx && (nx->type == GALLEY_NODE_TEXT || (nx->type == GALLEY_NODE_ELEMENT && nx->tag == GL_TAG_BR))) {
        if (nx->type == GALLEY_NODE_ELEMENT) {
            nx = nx->next;
            continue;
        }
        size_t i = 0;
        while (i < nx->data_len && gl_is_ascii_ws((unsigned char)nx->data[i])) i++;
        if (i < nx->data_len) break;
        nx = nx->next;
    }
    if (!nx) return;
    char buf[GL_META_GATHER_MAX];
    size_t bn = nx->type == GALLEY_NODE_TEXT ? 0 : gl_meta_gather(nx, buf, sizeof buf);
    if (nx->type == GALLEY_NODE_TEXT) {
        bn = nx->data_len < sizeof buf - 1 ? nx->data_len : sizeof buf - 1;
        memcpy(buf, nx->data, bn);
        buf[bn] = 0;
    }
    if (bn && bn < 120 && gl_meta_offer_author(c, buf, bn, GL_PRIO_BYLINE - 2, "byline")) {
        gl_meta_mark_byline(w, n);
        if (nx->type == GALLEY_NODE_ELEMENT) gl_meta_mark_byline(w, nx);
    }
}

/* a closing or opening byline paragraph: "By X", "BY X [mail]" */
static bool byline_para(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *txt, size_t tn)
{
    if (tn < 4 || tn > 160 || !gl_meta_author_has_lead(txt, tn)) return false;
    /* "by" leading an ordinary sentence is not a byline: few words only,
     * or an e-mail address in brackets */
    size_t words = gl_meta_count_words(txt, tn);
    bool mail = memchr(txt, '@', tn) != NULL;
    if (words > 10 && !mail) return false;
    int prio = GL_PRIO_BYLINE - 5;
    if (gl_meta_offer_author(c, txt, tn, prio, "byline") || c->auth_prio > prio) {
        gl_namelist tmp = {0};
        if (gl_meta_author_split(&c->scratch, txt, tn, NULL, &tmp)) {
            gl_meta_mark_byline(w, n);
            return true;
        }
    }
    return false;
}

/* A forum poster's user-name class (meta.authors.byline), offered
 * below any byline. */
void gl_meta_byline_user(gl_meta_ctx *c, const gl_node *n, const char *ci)
{
    /* a poster's user name: the thread's starter when no byline names
     * anyone; the names stay in a thread's text */
    if (c->auth_prio < GL_PRIO_BYLINE - 10 && !gl_meta_has(ci, "avatar")) {
        char ub[GL_META_GATHER_MAX];
        size_t un = gl_meta_gather_byline(n, ub, sizeof ub);
        if (un && un < 60) gl_meta_offer_author(c, ub, un, GL_PRIO_BYLINE - 10, "byline");
    }
}

/* An author box (meta.authors.byline): its names, a co-author beside the
 * credited box, and the date a byline may carry ("By X on April 28"). */
void gl_meta_byline_class(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *ci)
{
    /* a portrait or a biography box is no byline */
    if (gl_meta_has(ci, "avatar") || gl_meta_has(ci, "image") || gl_meta_has(ci, "photo") ||
        gl_meta_has(ci, "img") || gl_meta_has(ci, "bio") || gl_meta_has(ci, "description"))
        return;
    char buf[GL_META_GATHER_MAX];
    size_t bn = gl_meta_gather_byline(n, buf, sizeof buf);
    if (!bn || bn > 300) return;
    if (bn <= 200 && gl_meta_offer_author(c, buf, bn, GL_PRIO_BYLINE, "byline")) {
        gl_meta_mark_byline(w, n);
        w->credit = n;
    } else if (bn <= 120 && c->auth_prio == GL_PRIO_BYLINE) {
        offer_coauthor(c, w, n, buf, bn, GL_PRIO_BYLINE);
    } else if (bn <= 120 && c->auth_prio > GL_PRIO_BYLINE) {
        gl_namelist tmp = {0};
        if (gl_meta_author_split(&c->scratch, buf, bn, NULL, &tmp)) gl_meta_mark_byline(w, n);
    }
    /* "By X on April 28, 2025" (looked for only when it could win); not
     * in a list item, where it dates another story's teaser */
    gl_date d;
    if (GL_PRIO_BYLINE - 5 > c->b.field[GALLEY_FIELD_PUBLISHED].prio && !gl_meta_in_list(n) &&
        gl_meta_date_find(buf, bn, c->date_flags, &d, NULL) &&
        gl_meta_date_plausible(&d, c->ref_time))
        gl_meta_offer_date(c, GALLEY_FIELD_PUBLISHED, buf, bn, GL_PRIO_BYLINE - 5, "byline");
}

/* rel="author" (HTML 4.6.7.2; possibly among other tokens): the
 * link's text names the author, above an author class. */
void gl_meta_byline_rel(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const gl_attr *rel)
{
    if (!rel || rel->value_len < 6) return;
    const char *av = rel->value;
    size_t an = rel->value_len;
    bool is_author = false;
    for (size_t i = 0; i + 6 <= an; i++)
        if (gl_ascii_ieq(av + i, 6, "author")) is_author = true;
    if (!is_author) return;
    char buf[GL_META_GATHER_MAX];
    size_t bn = gl_meta_gather_byline(n, buf, sizeof buf);
    if (!bn || bn >= 100) return;
    if (gl_meta_offer_author(c, buf, bn, GL_PRIO_BYLINE + 5, "byline")) {
        gl_meta_mark_byline(w, n);
        w->credit = n;
    } else {
        offer_coauthor(c, w, n, buf, bn, GL_PRIO_BYLINE + 5);
    }
}

/* "By X" lines; only short ones, checked cheaply first (the lead filter
 * on the first two letters of the first text). */
void gl_meta_byline_line(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n)
{
    const gl_node *f = n->first_child;
    while (f && f->type == GALLEY_NODE_ELEMENT && f->first_child &&
           (f->tag == GL_TAG_STRONG || f->tag == GL_TAG_B || f->tag == GL_TAG_EM ||
            f->tag == GL_TAG_I || f->tag == GL_TAG_SPAN))
        f = f->first_child;
    if (!f || f->type != GALLEY_NODE_TEXT || f->data_len < 2 || f->data_len > 160) return;
    size_t i = 0;
    while (i < f->data_len && gl_is_ascii_ws((unsigned char)f->data[i])) i++;
    if (!w->lf_built) {
        gl_meta_author_lead_filter(&w->lf);
        w->lf_built = true;
    }
    if (gl_meta_author_may_lead(&w->lf, f->data + i, f->data_len - i) &&
        gl_meta_author_has_lead(f->data + i, f->data_len - i)) {
        char buf[GL_META_GATHER_MAX];
        size_t bn = gl_meta_gather(n, buf, sizeof buf);
        if (!byline_para(c, w, n, buf, bn)) label_byline(c, w, n, buf, bn);
    }
}
