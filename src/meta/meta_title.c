/* meta_title.c -- the title field family: the <title>, og:title,
 * JSON-LD's headline, microdata and the page's <h1>s compared; site-name
 * affixes cut; the <title>'s site affix offered as the site name. */
#include "meta_int.h"

/* An h1 the <title> contains is the headline when it has this many bytes
 * (shorter ones are logos, "Home", "News"); a shorter one when it is a
 * whole part of the <title>, cut by its separators, of at least: */
#define GL_META_H1_IN_TITLE_MIN 8
#define GL_META_H1_PART_MIN 3

/* ASCII-folded, space-squashed comparison key of a title (bounded). */
static size_t title_key(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    bool sp = false;
    for (; *s && o + 1 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        if (gl_is_ascii_ws(ch)) {
            sp = o > 0;
            continue;
        }
        if (sp) {
            if (o + 2 >= cap) break; /* no room for the space and a letter */
            out[o++] = ' ';
        }
        sp = false;
        out[o++] = (char)gl_lower(ch);
    }
    out[o] = 0;
    return o;
}

static bool title_eq(const char *a, const char *b)
{
    char ka[512], kb[512];
    title_key(a, ka, sizeof ka);
    title_key(b, kb, sizeof kb);
    return ka[0] && strcmp(ka, kb) == 0;
}

static bool title_contains(const char *hay, const char *needle)
{
    char ka[1024], kb[512];
    title_key(hay, ka, sizeof ka);
    size_t nb = title_key(needle, kb, sizeof kb);
    return nb >= 3 && strstr(ka, kb) != NULL;
}

/* Whether two titles share a word of four letters or more (or one
 * begins the other: "Wasserschutz" and "Wasserschutzberatung"): a
 * headline shares one with the page's other titles, a "Contact us" or
 * "Latest news" heading does not. Both keys are short: the scan is
 * bounded. */
static bool share_word(const char *a, const char *b)
{
    char ka[512], kb[512];
    title_key(a, ka, sizeof ka);
    title_key(b, kb, sizeof kb);
    for (const char *p = ka; *p;) {
        while (*p && !gl_meta_word_byte(*p)) p++;
        const char *e = p;
        while (gl_meta_word_byte(*e)) e++;
        size_t L = (size_t)(e - p);
        for (const char *q = kb; L >= 4 && *q;) {
            while (*q && !gl_meta_word_byte(*q)) q++;
            const char *f = q;
            while (gl_meta_word_byte(*f)) f++;
            size_t M = (size_t)(f - q), k = L < M ? L : M;
            if (M >= 4 && (L == M || k >= 5) && memcmp(p, q, k) == 0) return true;
            q = f;
        }
        p = e;
    }
    return false;
}

size_t gl_meta_count_words(const char *s, size_t n)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = s[i] == ' ';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

static const char *const title_seps[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ",
                                         " :: ", " \xc2\xbb ", " \xc2\xb7 ", " \xe2\x80\xa2 ",
                                         " // ", " \xe2\x80\xba ", " ~ ", " \xe2\x80\x94", NULL};

static bool site_match(const char *part, size_t n, const char *site)
{
    if (!site || !*site || !n) return false;
    char kp[256], ks[256];
    size_t a = 0;
    for (size_t i = 0; i < n && a + 1 < sizeof kp; i++) kp[a++] = (char)gl_lower((unsigned char)part[i]);
    kp[a] = 0;
    title_key(site, ks, sizeof ks);
    return strcmp(kp, ks) == 0 || (a >= 4 && strstr(ks, kp)) || (strlen(ks) >= 4 && strstr(kp, ks));
}

#define TITLE_MAX_PARTS 8 /* parts a title is cut into; the rest stays in the last */

/* Cuts the title `t` at its separators (title_seps ending in a space):
 * the parts' spans into start[]/end[], their number returned (1 when the
 * title has no separator). Parts are few and short: the scan is bounded by
 * the title's length times the separators. */
static size_t title_parts(const char *t, const char *start[TITLE_MAX_PARTS],
                          const char *end[TITLE_MAX_PARTS])
{
    size_t np = 0, n = strlen(t);
    const char *b = t;
    for (size_t i = 0; i < n && np < TITLE_MAX_PARTS - 1;) {
        size_t L = 0;
        for (size_t k = 0; title_seps[k] && !L; k++) {
            size_t sl = strlen(title_seps[k]);
            if (title_seps[k][sl - 1] == ' ' && i + sl <= n && memcmp(t + i, title_seps[k], sl) == 0)
                L = sl;
        }
        if (!L) {
            i++;
            continue;
        }
        start[np] = b, end[np] = t + i, np++;
        i += L;
        b = t + i;
    }
    start[np] = b, end[np] = t + n, np++;
    return np;
}

/* The part of a title cut by separators that has three words or more and
 * twice the words of every other part, or NULL. */
static const char *longest_part(const char *t, size_t *outn)
{
    const char *start[TITLE_MAX_PARTS], *end[TITLE_MAX_PARTS];
    size_t np = title_parts(t, start, end);
    if (np < 2) return NULL;
    size_t best = 0, bw = 0, w[TITLE_MAX_PARTS];
    for (size_t k = 0; k < np; k++) {
        w[k] = gl_meta_count_words(start[k], (size_t)(end[k] - start[k]));
        if (w[k] > bw) bw = w[k], best = k;
    }
    if (bw < 3) return NULL;
    for (size_t k = 0; k < np; k++)
        if (k != best && w[k] * 2 > bw) return NULL;
    *outn = (size_t)(end[best] - start[best]);
    return start[best];
}

/* Whether `h` is a whole part of the title `t` cut by its separators
 * ("Science" in "Science - The Weekly Lens"), not the whole title. */
static bool title_part_eq(const char *t, const char *h)
{
    const char *start[TITLE_MAX_PARTS], *end[TITLE_MAX_PARTS];
    size_t np = title_parts(t, start, end), hn = strlen(h);
    for (size_t k = 0; np > 1 && k < np; k++)
        if ((size_t)(end[k] - start[k]) == hn && gl_ascii_ieq(start[k], hn, h)) return true;
    return false;
}

/* Strips " | Site" / "Site - " affixes. Writes the kept span into *out. */
static const char *const pipe_seps[] = {" | ", NULL};

static void strip_affixes_with(const char *t, const char *site, const char *const *seps,
                               const char **out, size_t *outn, const char **affix,
                               size_t *affixn);

static void strip_affixes(const char *t, const char *site, const char **out, size_t *outn,
                          const char **affix, size_t *affixn)
{
    strip_affixes_with(t, site, title_seps, out, outn, affix, affixn);
}

static void strip_affixes_with(const char *t, const char *site, const char *const *title_sep,
                               const char **out, size_t *outn, const char **affix,
                               size_t *affixn)
{
    const char *s = t;
    size_t n = strlen(t);
    *affix = NULL;
    *affixn = 0;
    for (int round = 0; round < 3; round++) {
        bool cut = false;
        /* suffix: the last separator */
        const char *best = NULL;
        size_t bl = 0;
        for (size_t k = 0; title_sep[k]; k++) {
            size_t L = strlen(title_sep[k]);
            char f = title_sep[k][0];
            for (size_t i = n; i-- > 0 && !(best && s + i <= best);) {
                if (s[i] == f && i + L <= n && memcmp(s + i, title_sep[k], L) == 0) {
                    if (!best || s + i > best) best = s + i, bl = L;
                    break;
                }
            }
        }
        if (best) {
            const char *tail = best + bl;
            size_t tn = (size_t)(s + n - tail);
            size_t hn = (size_t)(best - s);
            size_t tw = gl_meta_count_words(tail, tn), hw = gl_meta_count_words(s, hn);
            if (site_match(tail, tn, site) || (tw <= 4 && tw < hw && tn < hn)) {
                if (!*affix) *affix = tail, *affixn = tn;
                n = hn;
                cut = true;
            } else if (site_match(s, hn, site) || (hw <= 3 && hw < tw && hn * 2 < tn)) {
                /* prefix: "Site - Headline" */
                if (site_match(s, hn, site) && !*affix) *affix = s, *affixn = hn;
                if (site_match(s, hn, site) || hw <= 2) {
                    s = tail;
                    n = tn;
                    cut = true;
                }
            }
        }
        if (!cut) {
            /* "Site: Headline" only when the prefix is the site name */
            const char *col = memchr(s, ':', n);
            if (col && site_match(s, (size_t)(col - s), site)) {
                size_t skip = (size_t)(col - s) + 1;
                while (skip < n && s[skip] == ' ') skip++;
                s += skip;
                n -= skip;
                cut = true;
            }
        }
        if (!cut) break;
    }
    *out = s;
    *outn = n;
}

/* Rule meta.title.section_h1: the h1 names the page's section ("Allergies
 * Health Center", "Business Monday"), and the story's headline is elsewhere:
 * the page declares a headline of three words or more (og:title, JSON-LD)
 * that shares no word with the h1 and is not the site's name, or the
 * <title>, its site affix cut, is an <h2> of the page that shares no word
 * with the h1. */
static bool section_h1(const gl_meta_ctx *c, const gl_meta_heads *w, const char *h,
                       const char *ttag, const char *site)
{
    const gl_cand *decl[] = {&c->t_jsonld, &c->t_og};
    for (size_t k = 0; k < 2; k++) {
        const char *d = decl[k]->v;
        if (d && gl_meta_count_words(d, strlen(d)) >= 3 && !share_word(h, d) &&
            !(site && site_match(d, strlen(d), site)) && !title_eq(d, site ? site : ""))
            return true;
    }
    if (!ttag || !w->nh2) return false;
    const char *o, *affix;
    size_t on, affixn;
    strip_affixes(ttag, site, &o, &on, &affix, &affixn);
    if (gl_meta_count_words(o, on) < 3) return false;
    char key[512];
    size_t kn = on < sizeof key - 1 ? on : sizeof key - 1;
    memcpy(key, o, kn);
    key[kn] = 0;
    if (share_word(h, key)) return false;
    for (size_t i = 0; i < w->nh2; i++)
        if (title_eq(w->h2_text[i], key)) return true;
    return false;
}

/* An element a reader presses rather than reads: a <button>, an element
 * with role="button", a link that leads nowhere ("#", "javascript:"). */
bool gl_meta_is_control(const gl_node *e)
{
    if (e->type != GALLEY_NODE_ELEMENT || e->ns != GALLEY_NS_HTML) return false;
    if (e->tag == GL_TAG_BUTTON) return true;
    const gl_attr *r = gl_node_attr(e, "role");
    if (r && gl_ascii_ieq(r->value, r->value_len, "button")) return true;
    if (e->tag != GL_TAG_A) return false;
    const gl_attr *h = gl_node_attr(e, "href");
    return h && (gl_ascii_ieq(h->value, h->value_len, "#") ||
                 (h->value_len >= 11 && gl_ascii_ieq(h->value, 11, "javascript:")));
}

/* Rule meta.title.control_h1: every word of the h1 is a control's label
 * ("Original text", "Translate", "Listen" toggles a page builder set in an
 * <h1>): it names no story. Bounded like the logo check: a headline's
 * first 64 nodes. */
static bool h1_is_control(const gl_node *h1)
{
    bool label = false;
    size_t visited = 0;
    for (const gl_node *d = h1->first_child; d && visited < 64; visited++) {
        bool ctl = gl_meta_is_control(d);
        if (ctl) label = label || d->first_child != NULL;
        if (d->type == GALLEY_NODE_TEXT)
            for (size_t i = 0; i < d->data_len; i++)
                if (!gl_is_ascii_ws((unsigned char)d->data[i])) return false;
        d = gl_walk_next(h1, d, ctl);
    }
    return label && visited < 64;
}

const gl_node *gl_meta_title_settle(gl_meta_ctx *c, const gl_meta_heads *w)
{
    char tbuf[GL_META_GATHER_MAX];
    const char *ttag = NULL;
    if (w->title) {
        size_t tn = strlen(w->title);
        memcpy(tbuf, w->title, tn + 1);
        for (size_t i = 0; i < tn; i++)
            if (tbuf[i] == '\n') tbuf[i] = ' ';
        if (tn) ttag = tbuf;
    }
    const char *site = c->b.field[GALLEY_FIELD_SITE_NAME].v;
    const char *chosen = NULL;
    size_t chosen_n = 0;
    const char *src = NULL, *rule = NULL;
    int prio = GL_PRIO_HEADLINE;
    const gl_node *head = NULL;
    bool ctl[GL_META_MAX_H1];
    for (size_t i = 0; i < w->nh1; i++) ctl[i] = h1_is_control(w->h1[i]);
    /* 1. an h1 that another source confirms */
    const gl_cand *conf[] = {&c->t_jsonld, &c->t_og, &c->t_micro, &c->t_meta};
    for (size_t i = 0; i < w->nh1 && !chosen; i++)
        for (size_t k = 0; k < 4 && !chosen; k++)
            if (conf[k]->v && title_eq(w->h1_text[i], conf[k]->v)) {
                chosen = w->h1_text[i];
                src = "h1";
                rule = "meta.title.h1_confirmed";
                head = w->h1[i];
            }
    /* the <title>'s site affix: " | Site", "Site - " */
    const char *affix = NULL;
    size_t affixn = 0;
    if (ttag) {
        const char *o;
        size_t on;
        strip_affixes(ttag, site, &o, &on, &affix, &affixn);
    }
    /* 2. an h1 that the <title> contains: not the logo, which the <title>
     * holds as its site affix */
    for (size_t i = 0; i < w->nh1 && !chosen && ttag; i++) {
        const char *h = w->h1_text[i];
        size_t hn = strlen(h);
        if (!w->h1_logo[i] && !ctl[i] && !(site && title_eq(h, site)) &&
            !(affix && affixn == hn && gl_ascii_ieq(h, hn, affix)) &&
            ((hn >= GL_META_H1_IN_TITLE_MIN && title_contains(ttag, h)) ||
             (hn >= GL_META_H1_PART_MIN && title_part_eq(ttag, h)))) {
            chosen = h;
            src = "h1";
            /* a short h1 ("Flexbox", "Kayaks") only as a whole part of the
             * <title>: "Kayaks | Outdoor Co-op" */
            rule = hn >= GL_META_H1_IN_TITLE_MIN && title_contains(ttag, h) ? "meta.title.h1_in_title"
                                                                               : "meta.title.h1_title_part";
            head = w->h1[i];
        }
    }
    /* 3. the first h1 that reads like a headline: not the site's name, not
     * the <title>'s site affix */
    /* on pages declared as something other than an article (a product, a
     * home page, a forum), the <h1> is often a slogan or the site's logo */
    const char *pt = c->b.field[GALLEY_FIELD_PAGE_TYPE].v;
    bool articleish = !pt || !strcmp(pt, "article") || !strcmp(pt, "webpage");
    for (size_t i = 0; i < w->nh1 && !chosen && articleish; i++) {
        const char *h = w->h1_text[i];
        size_t hn = strlen(h);
        if (hn < 6 || gl_meta_count_words(h, hn) < 2 || w->h1_logo[i]) continue;
        if (ctl[i]) {
            gl_board_note(&c->b, GALLEY_FIELD_TITLE, h, hn, 0, "h1", "meta.title.control_h1");
            continue;
        }
        /* the <title> and og:title agree on a title with no word of this
         * h1's ("Contact us", "Latest news"): the h1 is a section's */
        if (ttag && c->t_og.v && title_contains(ttag, c->t_og.v) && !share_word(h, c->t_og.v))
            continue;
        if (section_h1(c, w, h, ttag, site)) {
            /* the h1 stays in the trace as refused; the declared headline
             * or the <title> is taken below */
            gl_board_note(&c->b, GALLEY_FIELD_TITLE, h, hn, 0, "h1", "meta.title.section_h1");
            break;
        }
        if (site && site_match(h, hn, site)) continue;
        if (affix && affixn == hn && gl_ascii_ieq(h, hn, affix)) continue;
        chosen = h;
        src = "h1";
        rule = "meta.title.h1_headline";
        head = w->h1[i];
        break;
    }
    if (!chosen) {
        const gl_cand *order[] = {&c->t_jsonld, &c->t_micro, &c->t_og, &c->t_meta};
        for (size_t k = 0; k < 4 && !chosen; k++)
            if (order[k]->v) {
                chosen = order[k]->v;
                src = order[k]->src;
                prio = order[k]->prio;
                rule = "meta.title.declared";
            }
        if (!chosen && ttag) {
            chosen = ttag;
            src = "title";
            prio = GL_PRIO_TEXT;
            rule = "meta.title.title_tag";
        }
        if (chosen) {
            const char *o;
            strip_affixes(chosen, site, &o, &chosen_n, &affix, &affixn);
            if (o != chosen || chosen_n != strlen(chosen))
                rule = !strcmp(src, "title") ? "meta.title.title_affix_cut"
                                             : "meta.title.declared_affix_cut";
            chosen = o;
            if (!strcmp(src, "title")) {
                /* "Site » Blog Archive » Headline", "Name's Home | Headline":
                 * a part with twice the words of every other is the headline */
                size_t ln = 0;
                const char *l = longest_part(ttag, &ln);
                if (l) chosen = l, chosen_n = ln, rule = "meta.title.title_longest_part";
            }
        }
    }
    /* 4. the first h1 that is not a control's label */
    for (size_t i = 0; i < w->nh1 && !chosen; i++)
        if (!ctl[i]) {
            chosen = w->h1_text[i];
            src = "h1";
            rule = "meta.title.first_h1";
            head = w->h1[i];
        }
    if (!site && affix && affixn && affixn < 80) {
        gl_board_decide(&c->b, GALLEY_FIELD_SITE_NAME, affix, affixn, GL_PRIO_TEXT, "title",
                        "meta.site_name.title_affix");
        gl_board_publish(&c->b, c->a, GALLEY_FIELD_SITE_NAME);
    }
    if (!chosen) return NULL;
    if (!chosen_n) chosen_n = strlen(chosen);
    if (head) {
        /* a headline element can carry a " | Section" or " | Site" tail too;
         * only the pipe: " - " in a headline is usually a subtitle */
        const char *o, *ha;
        size_t on, han;
        strip_affixes_with(chosen, site, pipe_seps, &o, &on, &ha, &han);
        if (on >= 8 && o == chosen) chosen_n = on; /* tails only */
        /* any separator before the declared site's name: "Headline – Site" */
        for (size_t k = 0; site && title_seps[k]; k++) {
            size_t L = strlen(title_seps[k]), sn = strlen(site);
            if (chosen_n > L + sn + 8 &&
                memcmp(chosen + chosen_n - sn - L, title_seps[k], L) == 0 &&
                gl_ascii_ieq(chosen + chosen_n - sn, sn, site)) {
                chosen_n -= sn + L;
                break;
            }
        }
    }
    gl_board_decide(&c->b, GALLEY_FIELD_TITLE, chosen, chosen_n, prio, src, rule);
    gl_board_publish(&c->b, c->a, GALLEY_FIELD_TITLE);
    if (!head) {
        /* mark the h1 that holds the chosen title, if any */
        for (size_t i = 0; i < w->nh1 && !head; i++)
            if (strlen(w->h1_text[i]) == chosen_n && memcmp(w->h1_text[i], chosen, chosen_n) == 0)
                head = w->h1[i];
    }
    return head;
}

