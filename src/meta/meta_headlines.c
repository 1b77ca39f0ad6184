/* meta_headlines.c -- the page's headings read as headline candidates
 * (HTML 4.3.6 h1-h6): each <h1>'s text with its kicker, subtitle,
 * screen-reader label, dateline and buttons left out (data/vocab/
 * headline_aside_classes.txt), and whether it is the site's logo or name
 * rather than a headline (data/vocab/logo_classes.txt, a link to the home
 * page); the first <h2>s, for a headline set as an h2 under a section's
 * h1. Which one is the title is meta_title.c's decision. */
#include "meta_walk.h"

/* Whether the class string names a label for screen readers (the @hidden
 * words of data/vocab/class_words.txt). */
static bool assistive_class(const char *ci)
{
    return gl_vocab_in(gl_vocab_class_words, GL_VOCAB_CLASS_WORDS_N, GL_VOCAB_CLASS_WORDS_HIDDEN,
                       ci);
}

/* A line inside a headline that is not the headline: the kicker above it
 * ("Klimaschutz", "Local News |"), a subtitle, a label for screen readers
 * ("Headline:"), a dateline (data/vocab/headline_aside_classes.txt), a
 * button's label. */
static bool head_aside(const gl_node *e)
{
    if (e->ns != GALLEY_NS_HTML) return false;
    if (e->tag == GL_TAG_SMALL || e->tag == GL_TAG_TIME) return true; /* a dateline */
    if (gl_meta_is_control(e)) return true; /* "Listen", "Translate" set in the h1 */
    const gl_attr *h = gl_node_attr(e, "aria-hidden");
    if (h && gl_ascii_ieq(h->value, h->value_len, "true")) return true;
    char ci[128];
    gl_meta_class_of(e, ci, sizeof ci);
    return ci[0] && (gl_vocab_in(gl_vocab_headline_aside_classes,
                                 GL_VOCAB_HEADLINE_ASIDE_CLASSES_N, 0, ci) ||
                     assistive_class(ci));
}

/* A link to the site's home page: "/", "./", "https://host/", also inside
 * an archive's rewritten URL ("https://archive/web/2014/http://host/"). */
static bool home_href(const char *h, size_t n)
{
    size_t b = 0;
    for (size_t i = 0; i + 3 <= n; i++)
        if (h[i] == ':' && h[i + 1] == '/' && h[i + 2] == '/') b = i + 3;
    if (b) {
        while (b < n && h[b] != '/' && h[b] != '?' && h[b] != '#') b++;
        if (b == n) return true;
    } else {
        if (n >= 2 && h[0] == '.' && h[1] == '/') b = 1;
        if (b >= n || h[b] != '/') return false;
    }
    /* at the path: "/" alone, or the index page */
    const char *p = h + b;
    size_t pn = n - b;
    return gl_ascii_ieq(p, pn, "/") || gl_ascii_ieq(p, pn, "/index.html") ||
           gl_ascii_ieq(p, pn, "/index.php");
}

/* An <h1> that is the site's logo or name rather than a headline: a logo
 * class (data/vocab/logo_classes.txt) or a screen-reader label, or text
 * that is all one link to the home page. */
static bool h1_is_logo(const gl_node *h1, const char *ci, size_t textn)
{
    if (ci[0] && (gl_vocab_in(gl_vocab_logo_classes, GL_VOCAB_LOGO_CLASSES_N, 0, ci) ||
                  assistive_class(ci)))
        return true;
    size_t visited = 0;
    for (const gl_node *d = h1->first_child ? h1 : NULL; d && visited < 64;
         d = gl_walk_next(h1, d, false), visited++) {
        if (!gl_is_html(d, GL_TAG_A)) continue;
        const gl_attr *href = gl_node_attr(d, "href");
        if (!href || !home_href(href->value, href->value_len)) return false;
        char buf[GL_META_GATHER_MAX];
        return gl_meta_gather(d, buf, sizeof buf) + 2 >= textn;
    }
    return false;
}

void gl_meta_read_h1(gl_meta_ctx *c, gl_meta_heads *hd, const gl_node *n, const char *ci)
{
    if (hd->nh1 >= GL_META_MAX_H1) return;
    char buf[GL_META_GATHER_MAX];
    size_t bn = gl_meta_gather_ex(n, buf, sizeof buf, head_aside, false);
    if (!bn) bn = gl_meta_gather(n, buf, sizeof buf); /* all of it was asides */
    for (size_t i = 0; i < bn; i++)
        if (buf[i] == '\n') buf[i] = ' ';
    /* documentation generators append a pilcrow or '#' link */
    while (bn && (buf[bn - 1] == ' ' || buf[bn - 1] == '#')) bn--;
    if (bn >= 2 && (unsigned char)buf[bn - 2] == 0xc2 && (unsigned char)buf[bn - 1] == 0xb6)
        bn -= 2;
    while (bn && buf[bn - 1] == ' ') bn--;
    /* what a dropped kicker leaves: "Kicker: Headline" */
    size_t lead = 0;
    while (lead < bn &&
           (buf[lead] == ' ' || buf[lead] == ':' || buf[lead] == '|' || buf[lead] == '-'))
        lead++;
    if (bn - lead < 2 || bn - lead >= 400) return;
    char *s = gl_board_dup(&c->b, buf + lead, bn - lead);
    if (!s) return;
    hd->h1[hd->nh1] = n;
    char hci[128]; /* the walk reads no class in boilerplate */
    if (!ci[0]) gl_meta_class_of(n, hci, sizeof hci);
    hd->h1_logo[hd->nh1] = h1_is_logo(n, ci[0] ? ci : hci, bn - lead);
    hd->h1_text[hd->nh1++] = s;
}

void gl_meta_read_h2(gl_meta_ctx *c, gl_meta_heads *hd, const gl_node *n)
{
    if (hd->nh2 >= GL_META_MAX_H2) return;
    char buf[GL_META_GATHER_MAX];
    size_t bn = gl_meta_gather(n, buf, sizeof buf);
    char *s = bn >= 8 && bn < 300 ? gl_board_dup(&c->b, buf, bn) : NULL;
    if (s) hd->h2_text[hd->nh2++] = s;
}
