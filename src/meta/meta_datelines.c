/* meta_datelines.c -- the dates a page shows its readers: <time datetime>
 * (HTML 4.5.14) and its text, elements whose class names a date line,
 * dates in text labelled as published or updated (data/vocab/
 * date_labels_*.txt) or first after the headline, a date line just above
 * the headline, a wiki's "last edited" footer, and the weak stray dates
 * the date family weighs after the walk. A shown publication date is
 * also noted (gl_meta_note_shown_date) for the family to weigh the
 * machine-readable ones against. Reading a date string is meta_date.c's;
 * which date wins, meta_dates.c's. */
#include "meta_walk.h"

/* Whether an element's text is an ISO timestamp with its 'T' (machine
 * data printed as is). */
bool gl_meta_raw_timestamp(const gl_node *n)
{
    char buf[64];
    size_t bn = gl_meta_gather(n, buf, sizeof buf);
    size_t i = 0;
    while (i < bn && gl_is_ascii_ws((unsigned char)buf[i])) i++;
    if (bn - i < 11) return false;
    for (size_t k = 0; k < 10; k++)
        if ((k == 4 || k == 7) ? buf[i + k] != '-' : !(buf[i + k] >= '0' && buf[i + k] <= '9'))
            return false;
    return buf[i + 10] == 'T';
}

/* A header's "today" bar ("Mittwoch, 01. November 2023", "lun. 5 août"):
 * a date with its weekday, outside the article and above the headline, is
 * the day the page was served, not the story's. */
static bool today_bar(const gl_meta_ctx *c, const gl_meta_walk *w, const char *s, size_t n)
{
    if (w->in_article || w->after_h1) return false;
    gl_date d;
    size_t pos;
    return gl_meta_date_find(s, n, c->date_flags, &d, &pos) && gl_meta_date_weekday_before(s, pos);
}

/* A <time> element (offers meta.published.time, meta.modified.time); "pubdate",
 * itemprop or a publish class makes it the publication date. */
void gl_meta_read_time(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *ci)
{
    size_t vn = 0;
    const char *v = gl_meta_attr(n, "datetime", &vn);
    bool pub = gl_node_attr(n, "pubdate") != NULL;
    size_t ipn = 0;
    const char *ip = gl_meta_attr(n, "itemprop", &ipn);
    if (ip && gl_ascii_ieq(ip, ipn, "datePublished")) pub = true;
    if (gl_meta_has(ci, "publish") || gl_meta_has(ci, "posted") || gl_meta_has(ci, "entry-date")) pub = true;
    /* WordPress themes mark the post date "entry-date published updated" (hAtom):
     * "updated" there does not make it the modification date */
    bool mod = (ip && gl_ascii_ieq(ip, ipn, "dateModified")) ||
               (!pub && (gl_meta_has(ci, "updat") || gl_meta_has(ci, "modif")));
    char buf[GL_META_GATHER_MAX];
    size_t bn = 0;
    if (!v) {
        bn = gl_meta_gather(n, buf, sizeof buf);
        v = buf;
        vn = bn;
    }
    /* "pubdate" also marks each comment's date in some systems: after the
     * story's own date line it ranks as a plain <time> */
    if (pub && w->marks.ndatelines && !(ip && gl_ascii_ieq(ip, ipn, "datePublished"))) pub = false;
    int prio = pub ? GL_PRIO_TIME + 5 : GL_PRIO_TIME - (w->in_article ? 2 : 5);
    /* a <time> in a quote is an embedded post's (tweet, Instagram) date */
    bool quoted = false;
    int up = 0;
    for (const gl_node *p = n->parent; p && up < 32 && !quoted; p = p->parent, up++)
        quoted = gl_is_html(p, GL_TAG_BLOCKQUOTE);
    bool today = false;
    if (!w->in_article && !w->after_h1) {
        char tb[GL_META_GATHER_MAX];
        size_t tn = v == buf ? bn : gl_meta_gather(n, tb, sizeof tb);
        today = today_bar(c, w, v == buf ? buf : tb, tn);
    }
    if (w->in_boiler || quoted || today) prio = GL_PRIO_WEAK + 2;
    if (!mod && !w->in_boiler && !quoted && !today && !gl_meta_raw_timestamp(n))
        gl_meta_note_shown_date(c, v, vn, prio, "time");
    if (mod) {
        gl_meta_offer_date(c, GALLEY_FIELD_MODIFIED, v, vn, prio, "time");
    } else if (gl_meta_offer_date(c, GALLEY_FIELD_PUBLISHED, v, vn, prio, "time")) {
        if (!w->in_boiler) gl_meta_mark_dateline(w, n);
    }
}

typedef gl_vocab_entry label;

/* Whether one of `labels` (lower-case, ASCII first byte) ends within the
 * `window` bytes before `pos`. The first-byte test rejects almost every
 * position, so the scan costs about one compare per byte of the window. */
static bool label_before(const char *s, size_t pos, size_t window, const label *labels,
                         size_t nlabels)
{
    /* the label is the nearest one: no digit between it and the date
     * ("erstellt (v3.3/rev3/09.03.2016)" is no label of that date) */
    size_t from = pos > window ? pos - window : 0;
    for (size_t i = pos; i > from; i--)
        /* nor one behind a bar: "Publication | 17 January" is a teaser's
         * content type beside its date */
        if ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '|') {
            from = i;
            break;
        }
    for (size_t i = from; i < pos; i++) {
        int ch = gl_lower((unsigned char)s[i]);
        for (size_t j = 0; j < nlabels; j++)
            if ((unsigned char)labels[j].s[0] == ch && i + labels[j].n <= pos &&
                gl_ascii_ieq(s + i, labels[j].n, labels[j].s))
                return true;
    }
    return false;
}

/* An update label just before a date (data/vocab/date_labels_updated.txt):
 * Stand, Letzte Änderung, updated, mis à jour, обновлено, 수정, 更新. */
static bool update_label(const char *s, size_t pos)
{
    return label_before(s, pos, 30, gl_vocab_date_labels_updated, GL_VOCAB_DATE_LABELS_UPDATED_N);
}

/* A publication label just before a date
 * (data/vocab/date_labels_published.txt): published, publié, pubblicato,
 * veröffentlicht, created on, posted, опубликовано, 입력, 发布. */
static bool published_label(const char *s, size_t pos)
{
    return label_before(s, pos, 40, gl_vocab_date_labels_published,
                        GL_VOCAB_DATE_LABELS_PUBLISHED_N);
}

/* Rule meta.published.after_update: "Updated March 5, 2024 | Published
 * March 1, 2024" -- a line that opens with its update date goes on to the
 * publication date, labelled as such. The date after the first publication
 * label past `pos`, or false. Lines are short (a date line, 150 bytes). */
static bool published_after(const gl_meta_ctx *c, const char *s, size_t n, size_t pos, gl_date *out)
{
    for (size_t j = pos + 1; j < n; j++) {
        if (!published_label(s, j)) continue;
        size_t p = 0;
        return gl_meta_date_find(s + j, n - j, c->date_flags, out, &p) &&
               published_label(s, j + p) && gl_meta_date_plausible(out, c->ref_time);
    }
    return false;
}

/* An element whose class names a date line: its date attributes, else a
 * short text with a date ("Updated ..." after "Published ..."). */
void gl_meta_dateline_class(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n, const char *ci)
{
    char buf[GL_META_GATHER_MAX];
    size_t bn = gl_meta_gather(n, buf, sizeof buf);
    if (!bn || bn > 150) return;
    /* a date line: attributes first, then the text */
    const char *a;
    size_t an = 0;
    bool mod = gl_meta_has(ci, "updat") || gl_meta_has(ci, "modif");
    galley_field f = mod ? GALLEY_FIELD_MODIFIED : GALLEY_FIELD_PUBLISHED;
    /* inside the article: above a first date line outside it, but a later
     * dated line (a list of other stories) does not displace the first */
    int prio = GL_PRIO_BYLINE - 5 + (w->in_article && !w->marks.ndatelines ? 3 : 0);
    if (((a = gl_meta_attr(n, "datetime", &an)) || (a = gl_meta_attr(n, "content", &an)) ||
         (a = gl_meta_attr(n, "data-date", &an)) || (a = gl_meta_attr(n, "title", &an))) &&
        gl_meta_offer_date(c, f, a, an, prio, "time")) {
        if (!mod) gl_meta_mark_dateline(w, n);
        return;
    }
    /* text: a date in a short element; "Updated ..." after "Published ..." */
    gl_date d;
    size_t pos;
    if (!gl_meta_date_find(buf, bn, c->date_flags, &d, &pos)) {
        /* a date badge in parts: <span class="day">04</span><span
         * class="year">2013</span> reads "042013" glued */
        if (bn >= 40) return;
        bn = gl_meta_gather_parts(n, buf, sizeof buf);
        if (!gl_meta_date_find(buf, bn, c->date_flags, &d, &pos)) return;
    }
    if (!gl_meta_date_plausible(&d, c->ref_time)) return;
    if (!w->in_article && !w->after_h1 && gl_meta_date_weekday_before(buf, pos)) return;
    /* "Updated: April 28" in a published-looking box */
    bool upd = false;
    for (size_t i = 0; i + 6 < pos && i < 64; i++)
        if (gl_ascii_ieq(buf + i, 7, "updated") || gl_ascii_ieq(buf + i, 7, "aktuali")) upd = true;
    char iso[40];
    size_t k = gl_meta_date_format(&d, iso);
    /* a bare <meta name="date"> is often the CMS's last save: the page's own
     * date line beats it, but not a dated item of a list (events, teasers)
     * nor a "today" line with its weekday */
    if (c->b.field[GALLEY_FIELD_PUBLISHED].prio == META_WEAK_PRIO && !gl_meta_in_list(n) &&
        !gl_meta_date_weekday_before(buf, pos))
        prio = META_WEAK_PRIO + 1;
    if (!upd && !mod) gl_meta_note_shown_date(c, iso, k, prio, "text");
    gl_date pd;
    if (upd && published_after(c, buf, bn, pos, &pd)) {
        char piso[40];
        size_t pk = gl_meta_date_format(&pd, piso);
        gl_meta_note_shown_date(c, piso, pk, prio, "text");
        if (prio > c->b.field[GALLEY_FIELD_PUBLISHED].prio) {
            gl_board_offer(&c->b, GALLEY_FIELD_PUBLISHED, piso, pk, prio, "text",
                           "meta.published.after_update");
            gl_meta_mark_dateline(w, n);
        }
    }
    if (upd || mod) {
        gl_meta_offer(c, GALLEY_FIELD_MODIFIED, iso, k, prio, "text");
    } else if (prio > c->b.field[GALLEY_FIELD_PUBLISHED].prio) {
        gl_meta_offer(c, GALLEY_FIELD_PUBLISHED, iso, k, prio, "text");
        gl_meta_mark_dateline(w, n);
    }
}

/* The short text just before a text node, in a sibling element or in the
 * sibling before its parent ("<span>Erschienen am:</span> <h2>DATE</h2>"),
 * into buf; 0 if none. */
static size_t label_element(const gl_node *t, char *buf, size_t cap)
{
    for (int up = 0; t && up < 2; t = t->parent, up++) {
        const gl_node *prev = t->prev;
        while (prev && prev->type == GALLEY_NODE_TEXT && gl_meta_ink(prev->data, prev->data_len, 1) == 0)
            prev = prev->prev;
        if (prev) {
            if (prev->type != GALLEY_NODE_ELEMENT) return 0;
            size_t bn = gl_meta_gather(prev, buf, cap);
            return bn < 40 ? bn : 0;
        }
    }
    return 0;
}

/* Whether the element around a text, or the label just before it, says
 * "updated": <span class="date-modified"><span>Last Updated:</span> DATE. */
static bool update_context(const gl_node *t)
{
    const gl_node *p = t->parent;
    for (int up = 0; p && up < 2; p = p->parent, up++) {
        const char *cl = gl_node_attr_value(p, "class");
        if (!cl) continue;
        char low[96];
        size_t i = 0;
        for (; cl[i] && i < sizeof low - 1; i++) low[i] = (char)gl_lower((unsigned char)cl[i]);
        low[i] = 0;
        if (gl_meta_has(low, "updat") || gl_meta_has(low, "modif")) return true;
    }
    char buf[GL_META_GATHER_MAX];
    size_t bn = label_element(t, buf, sizeof buf);
    return bn && update_label(buf, bn);
}

void gl_meta_read_text_date(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *t)
{
    /* a labelled publication date near the headline still beats a <time> */
    bool need = gl_meta_need_dates(c);
    if (!need && !(w->after_h1 && c->b.field[GALLEY_FIELD_PUBLISHED].prio < LABEL_DATE_PRIO))
        return;
    if (t->data_len < 6) return;
    /* a paragraph may open with its date ("Karlsruhe, (12.11.2021). ..."):
     * the first bytes only, so that dates told in the story stay out */
    size_t n = t->data_len > 300 ? 120 : t->data_len;
    gl_date d;
    size_t pos = 0;
    if (!gl_meta_date_find(t->data, n, c->date_flags, &d, &pos)) return;
    if (!gl_meta_date_plausible(&d, c->ref_time)) return;
    char iso[40];
    size_t k = gl_meta_date_format(&d, iso);
    char lb[GL_META_GATHER_MAX];
    size_t lbn;
    if (!w->in_boiler && (w->after_h1 || w->in_article) &&
        LABEL_DATE_PRIO > c->b.field[GALLEY_FIELD_PUBLISHED].prio &&
        (published_label(t->data, pos) ||
         (gl_meta_ink(t->data, pos, 1) == 0 && (lbn = label_element(t, lb, sizeof lb)) &&
          published_label(lb, lbn)))) {
        /* "Published: ...", "Veröffentlicht am ...", "Publié le ...": the
         * page says which date is the publication date */
        gl_meta_note_shown_date(c, iso, k, LABEL_DATE_PRIO, "text");
        gl_meta_offer(c, GALLEY_FIELD_PUBLISHED, iso, k, LABEL_DATE_PRIO, "text");
        if (t->parent && t->data_len < 120) gl_meta_mark_dateline(w, t->parent);
        return;
    }
    if (!need) return;
    bool upd = !w->in_boiler && (update_label(t->data, pos) ||
                                 (gl_meta_ink(t->data, pos, 1) == 0 && update_context(t)));
    if (!w->in_boiler && !upd && gl_meta_ink(t->data, t->data_len, 80) < 80) {
        w->pre_h1 = d;
        w->pre_h1_set = true;
        w->pre_h1_text = 0;
    }
    if (upd) {
        /* "Stand: ...", "Letzte Änderung: ...", "Last updated ...": the page's
         * own update date, its date when nothing better is found */
        gl_meta_offer(c, GALLEY_FIELD_MODIFIED, iso, k, GL_PRIO_BYLINE - 5, "text");
        w->sd.update_date_found = true;
        gl_date pd;
        if (!w->in_boiler && (w->after_h1 || w->in_article) &&
            LABEL_DATE_PRIO > c->b.field[GALLEY_FIELD_PUBLISHED].prio &&
            published_after(c, t->data, n, pos, &pd)) {
            char piso[40];
            size_t pk = gl_meta_date_format(&pd, piso);
            gl_meta_note_shown_date(c, piso, pk, LABEL_DATE_PRIO, "text");
            gl_board_offer(&c->b, GALLEY_FIELD_PUBLISHED, piso, pk, LABEL_DATE_PRIO, "text",
                           "meta.published.after_update");
            if (t->parent && t->data_len < 120) gl_meta_mark_dateline(w, t->parent);
            return;
        }
    }
    if (w->after_h1 && !w->text_date_found && t->data_len > 100 && pos > 40) {
        /* a date told inside a sentence (a caption, "from the 23rd to the
         * 26.8.2017") is weaker than a line that is the date: noted, and
         * the search goes on */
        if (!w->sentence_date_found) {
            w->sentence_date_found = true;
            gl_meta_offer(c, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_TEXT - 1, "text");
        }
    } else if (w->after_h1 && !w->text_date_found) {
        w->text_date_found = true;
        gl_meta_note_shown_date(c, iso, k, GL_PRIO_TEXT + 5, "text");
        gl_meta_offer(c, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_TEXT + 5, "text");
        if (t->parent && t->data_len < 120) {
            /* the date's own line only, never a paragraph around it */
            char buf[GL_META_GATHER_MAX];
            if (gl_meta_gather(t->parent, buf, sizeof buf) <= 150) gl_meta_mark_dateline(w, t->parent);
        }
    } else if (!w->weak_date_found && w->sd.nweak < GL_META_MAX_WEAK_DATES) {
        /* kept with their place; the one after the chosen headline wins */
        w->sd.weak[w->sd.nweak] = d;
        w->sd.weak_today[w->sd.nweak] =
            !w->in_article && !w->after_h1 && gl_meta_date_weekday_before(t->data, pos);
        w->sd.weak_index[w->sd.nweak++] = t->index;
        if (w->sd.nweak == GL_META_MAX_WEAK_DATES) w->weak_date_found = true;
    }
}

/* A wiki's footer line "This page was last edited on 7 April 2020"
 * (<li id="footer-info-lastmod">, "footer-lastmod"): a wiki page is dated by
 * its last edit, whatever date the page was first created on. */
void gl_meta_read_wiki_lastmod(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n)
{
    size_t idn = 0;
    const char *id = gl_meta_attr(n, "id", &idn);
    if (!id || idn < 7 || idn > 40) return;
    char low[41];
    for (size_t i = 0; i < idn; i++) low[i] = (char)gl_lower((unsigned char)id[i]);
    low[idn] = 0;
    if (!strstr(low, "footer") || !strstr(low, "lastmod")) return;
    char buf[GL_META_GATHER_MAX];
    size_t bn = gl_meta_gather(n, buf, sizeof buf);
    gl_date d;
    if (bn && bn < 200 && gl_meta_date_find(buf, bn, c->date_flags, &d, NULL) &&
        gl_meta_date_plausible(&d, c->ref_time)) {
        w->sd.lastmod = d;
        w->sd.lastmod_set = true;
    }
}

/* Last resort: a date in boilerplate (a side box with "Datum"); offers
 * only rise during the walk, so once a date beats it, none is looked for. */
void gl_meta_boiler_date(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *t)
{
    if (t->data_len < 6 || t->data_len >= 200 ||
        c->b.field[GALLEY_FIELD_PUBLISHED].prio >= GL_PRIO_WEAK - 5)
        return;
    gl_date d;
    if (gl_meta_date_find(t->data, t->data_len, c->date_flags, &d, NULL) &&
        gl_meta_date_plausible(&d, c->ref_time)) {
        char iso[40];
        size_t k = gl_meta_date_format(&d, iso);
        gl_meta_offer(c, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_WEAK - 5, "text");
        w->boiler_date_found = true;
    }
}

/* A date line right above the headline ("21. Jan 2022 // Name",
 * "02.02.2022 10:16 - Section") is the story's. */
void gl_meta_headline_date(gl_meta_ctx *c, gl_meta_walk *w)
{
    if (w->pre_h1_set && w->pre_h1_text < 24 && gl_meta_need_dates(c)) {
        char iso[40];
        size_t k = gl_meta_date_format(&w->pre_h1, iso);
        gl_meta_note_shown_date(c, iso, k, GL_PRIO_TEXT + 6, "text");
        gl_meta_offer(c, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_TEXT + 6, "text");
        w->text_date_found = true;
    }
    w->pre_h1_set = false;
}
