/* meta_dates.c -- the date fields (published, modified): which offered
 * date wins. Dates are offered during the walk; after it the weak text
 * dates, the script's, the <title>'s, the URL's and the wiki footer's are
 * weighed against what the page shows, and a UTC timestamp gives way to
 * the publisher's local day. Reading dates is meta_date.c's. */
#include <time.h>

#include "meta_int.h"

bool gl_meta_offer_date(gl_meta_ctx *c, galley_field f, const char *v, size_t n, int prio,
                        const char *src)
{
    if (v && prio <= c->b.field[f].prio) gl_board_note(&c->b, f, v, n, prio, src, NULL);
    if (!v || prio <= c->b.field[f].prio) return false;
    gl_date d;
    if (!gl_meta_date_parse(v, n, c->date_flags, &d)) return false;
    if (!gl_meta_date_plausible(&d, c->ref_time)) return false;
    char iso[40];
    size_t k = gl_meta_date_format(&d, iso);
    gl_meta_offer(c, f, iso, k, prio, src);
    return true;
}


/* Remembers a publication date shown to readers, to compare with the
 * machine-readable one. */
void gl_meta_note_shown_date(gl_meta_ctx *c, const char *v, size_t n, int prio, const char *src)
{
    gl_date d;
    if (prio <= c->vis_prio || !gl_meta_date_parse(v, n, c->date_flags, &d) ||
        !gl_meta_date_plausible(&d, c->ref_time))
        return;
    c->vis = d;
    c->vis_prio = prio;
    c->vis_src = src;
    c->vis_far = c->past_window;
}

/* The modified date stands for the published one (its slot, priority and
 * source), under `rule`. */
static void decide_as_modified(gl_meta_ctx *c, const char *rule)
{
    const gl_cand m = c->b.field[GALLEY_FIELD_MODIFIED];
    gl_board_decide(&c->b, GALLEY_FIELD_PUBLISHED, m.v, strlen(m.v), m.prio, m.src, rule);
}

void gl_meta_dates_seen(gl_meta_ctx *c, const gl_meta_seen_dates *w, const gl_node *head)
{
    /* the weak text dates: the first one after the headline element, else
     * the first one on the page */
    if (w->nweak && c->b.field[GALLEY_FIELD_PUBLISHED].prio < GL_PRIO_WEAK + 5) {
        size_t pick = 0;
        bool after = false;
        if (head) {
            /* else the first before it that is no "today" line */
            for (size_t i = 0; i < w->nweak && !after; i++)
                if (w->weak_index[i] > head->index) {
                    pick = i;
                    after = true;
                }
            for (size_t i = 0; i < w->nweak && !after; i++)
                if (!w->weak_today[i]) {
                    pick = i;
                    break;
                }
        }
        char iso[40];
        size_t k = gl_meta_date_format(&w->weak[pick], iso);
        gl_board_offer(&c->b, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_WEAK + 5, "text",
                       after ? "meta.published.text_after_headline" : "meta.published.text_first");
    }
    /* only stray text dates besides a labelled update date: the update date */
    if (w->update_date_found && c->b.field[GALLEY_FIELD_PUBLISHED].prio < GL_PRIO_TEXT &&
        c->b.field[GALLEY_FIELD_MODIFIED].v)
        decide_as_modified(c, "meta.published.update_only");
}

void gl_meta_dates_settle(gl_meta_ctx *c, const gl_meta_seen_dates *w, const char *title,
                          const char *url)
{
    gl_article *a = c->a;
    if (w->script_date_found) {
        char iso[40];
        size_t k = gl_meta_date_format(&w->script_date, iso);
        gl_board_offer(&c->b, GALLEY_FIELD_PUBLISHED, iso, k, SCRIPT_DATE_PRIO, "script",
                       "meta.published.script_data");
    }
    /* a date in the <title> or the description ("Notizia del 14 Gennaio
     * 2020"): better than a stray date in the text */
    if (c->b.field[GALLEY_FIELD_PUBLISHED].prio < GL_PRIO_TEXT) {
        const char *ds[2] = {title, c->b.field[GALLEY_FIELD_DESCRIPTION].v};
        for (int i = 0; i < 2; i++) {
            gl_date d;
            if (ds[i] && gl_meta_date_find(ds[i], strlen(ds[i]), c->date_flags, &d, NULL) &&
                gl_meta_date_plausible(&d, c->ref_time)) {
                char iso[40];
                size_t k = gl_meta_date_format(&d, iso);
                gl_board_offer(&c->b, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_TEXT - 2, "text",
                               i == 0 ? "meta.published.title_text"
                                      : "meta.published.description_text");
                break;
            }
        }
    }
    /* dates: the URL's date when the page offers nothing as trusted */
    gl_date ud;
    if ((url && gl_meta_date_from_url(url, &ud)) ||
        (c->b.field[GALLEY_FIELD_URL].v && gl_meta_date_from_url(c->b.field[GALLEY_FIELD_URL].v, &ud))) {
        if (gl_meta_date_plausible(&ud, c->ref_time) &&
            c->b.field[GALLEY_FIELD_PUBLISHED].prio < GL_PRIO_TIME) {
            char iso[40];
            size_t k = gl_meta_date_format(&ud, iso);
            /* keep a text date of the same day (it may carry more) */
            const char *cur = c->b.field[GALLEY_FIELD_PUBLISHED].v;
            if (!cur || strncmp(cur, iso, 10) != 0)
                gl_board_offer(&c->b, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_TIME, "url",
                               "meta.published.url_path");
        }
    }
    /* the page shows its update date (the machine dateModified) where the
     * date goes, and no other: readers date the page by the shown day */
    if (c->b.field[GALLEY_FIELD_PUBLISHED].v && c->b.field[GALLEY_FIELD_MODIFIED].v && c->vis_prio &&
        !c->vis_far &&
        c->b.field[GALLEY_FIELD_PUBLISHED].prio >= GL_PRIO_TIME &&
        c->b.field[GALLEY_FIELD_MODIFIED].prio >= GL_PRIO_TIME) {
        gl_date pd, md;
        const char *pv = c->b.field[GALLEY_FIELD_PUBLISHED].v, *mv = c->b.field[GALLEY_FIELD_MODIFIED].v;
        if (gl_meta_date_parse(pv, strlen(pv), 0, &pd) && gl_meta_date_parse(mv, strlen(mv), 0, &md) &&
            gl_meta_date_days(&c->vis) == gl_meta_date_days(&md) &&
            gl_meta_date_days(&md) > gl_meta_date_days(&pd)) {
            char iso[40];
            size_t k = gl_meta_date_format(&md, iso);
            gl_board_decide(&c->b, GALLEY_FIELD_PUBLISHED, iso, k,
                            c->b.field[GALLEY_FIELD_PUBLISHED].prio, c->vis_src,
                            "meta.published.shown_update");
        }
    }
    /* JSON-LD's publication day against the <meta> one: the page's shown
     * day decides between them */
    if (c->vis_prio && c->meta_pub_set && c->b.field[GALLEY_FIELD_PUBLISHED].v &&
        c->b.field[GALLEY_FIELD_PUBLISHED].prio > GL_PRIO_META) {
        gl_date pd;
        const char *pv = c->b.field[GALLEY_FIELD_PUBLISHED].v;
        if (gl_meta_date_parse(pv, strlen(pv), 0, &pd) &&
            gl_meta_date_days(&c->vis) == gl_meta_date_days(&c->meta_pub) &&
            gl_meta_date_days(&pd) != gl_meta_date_days(&c->meta_pub)) {
            char iso[40];
            size_t k = gl_meta_date_format(&c->meta_pub, iso);
            gl_board_decide(&c->b, GALLEY_FIELD_PUBLISHED, iso, k,
                            c->b.field[GALLEY_FIELD_PUBLISHED].prio, "meta",
                            "meta.published.shown_day_meta");
        }
    }
    /* a timestamp given in UTC (or another zone) whose day is next to the
     * day the page shows, or its URL's day: the publisher's local day wins,
     * when the hour lies where a zone offset can move the day */
    bool have_url_day = ((url && gl_meta_date_from_url(url, &ud)) ||
                         (c->b.field[GALLEY_FIELD_URL].v &&
                          gl_meta_date_from_url(c->b.field[GALLEY_FIELD_URL].v, &ud))) &&
                        gl_meta_date_plausible(&ud, c->ref_time);
    if (c->b.field[GALLEY_FIELD_PUBLISHED].v && (c->vis_prio || have_url_day)) {
        gl_date pd;
        const char *pv = c->b.field[GALLEY_FIELD_PUBLISHED].v;
        if (gl_meta_date_parse(pv, strlen(pv), 0, &pd) && pd.has_time && pd.has_tz) {
            /* the URL's day first (the publisher's own), then the shown day */
            for (int pass = 0; pass < 2; pass++) {
                if (pass == 0 ? !have_url_day : !c->vis_prio) continue;
                const gl_date *loc = pass == 0 ? &ud : &c->vis;
                const char *lsrc = pass == 0 ? "url" : c->vis_src;
                int64_t delta = gl_meta_date_days(loc) - gl_meta_date_days(&pd);
                /* a time given with a non-zero offset is already local: only
                 * the shown day before (the old rule) is taken; a UTC time
                 * moves back only early in the morning (the Americas'
                 * evening), forward only late in the evening (Europe, Asia) */
                bool utc = pd.tz_min == 0;
                if (!((delta == -1 && (pass == 1 ? pd.h < 12 : utc && pd.h < 8)) ||
                      (delta == 1 && utc && pd.h >= 22)))
                    continue;
                char iso[40];
                gl_date v = *loc;
                v.has_time = v.has_tz = false;
                size_t k = gl_meta_date_format(&v, iso);
                gl_board_decide(&c->b, GALLEY_FIELD_PUBLISHED, iso, k,
                                c->b.field[GALLEY_FIELD_PUBLISHED].prio, lsrc,
                                pass == 0 ? "meta.published.local_day_url"
                                          : "meta.published.local_day_shown");
                break;
            }
        }
    }
    if (w->lastmod_set) {
        char iso[40];
        size_t k = gl_meta_date_format(&w->lastmod, iso);
        gl_board_offer(&c->b, GALLEY_FIELD_MODIFIED, iso, k, GL_PRIO_JSONLD + 1, "text",
                       "meta.modified.wiki_footer");
        gl_board_offer(&c->b, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_JSONLD + 1, "text",
                       "meta.published.wiki_footer");
    }
    /* a bare <meta name="date"> after the update day the page shows ("Stand:
     * 28.04.2020") is a later save: the page was there by the shown day */
    if (c->b.field[GALLEY_FIELD_PUBLISHED].v && c->b.field[GALLEY_FIELD_MODIFIED].v &&
        c->b.field[GALLEY_FIELD_PUBLISHED].prio == META_WEAK_PRIO) {
        gl_date pd, md;
        const char *pv = c->b.field[GALLEY_FIELD_PUBLISHED].v, *mv = c->b.field[GALLEY_FIELD_MODIFIED].v;
        if (gl_meta_date_parse(pv, strlen(pv), 0, &pd) && gl_meta_date_parse(mv, strlen(mv), 0, &md) &&
            gl_meta_date_days(&md) < gl_meta_date_days(&pd))
            decide_as_modified(c, "meta.published.later_save");
    }
    if (!c->b.field[GALLEY_FIELD_PUBLISHED].v && c->b.field[GALLEY_FIELD_IMAGE].v &&
        gl_meta_date_from_url(c->b.field[GALLEY_FIELD_IMAGE].v, &ud) &&
        gl_meta_date_plausible(&ud, c->ref_time)) {
        /* uploads filed by day (".../2016/05/04/x.png") */
        char iso[40];
        size_t k = gl_meta_date_format(&ud, iso);
        gl_board_offer(&c->b, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_WEAK - 8, "url",
                       "meta.published.image_path");
    }
    if (!c->b.field[GALLEY_FIELD_PUBLISHED].v && c->b.field[GALLEY_FIELD_MODIFIED].v)
        decide_as_modified(c, "meta.published.from_modified");
    gl_board_publish(&c->b, a, GALLEY_FIELD_PUBLISHED);
    gl_board_publish(&c->b, a, GALLEY_FIELD_MODIFIED);
}

void gl_meta_dates_from_body(gl_article *a, const gl_buf *text, const galley_options *opts)
{
    /* a date in the first lines of the body, when the page declared none */
    if (!a->field[GALLEY_FIELD_PUBLISHED] && text->len) {
        gl_date d;
        size_t n = text->len < 400 ? text->len : 400;
        int64_t ref = opts->reference_time > 0 ? opts->reference_time : (int64_t)time(NULL);
        if (gl_meta_date_find(text->data, n, 0, &d, NULL) && gl_meta_date_plausible(&d, ref)) {
            char iso[40];
            size_t k = gl_meta_date_format(&d, iso);
            gl_board_decided(a, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_WEAK, "text",
                             "meta.published.body_text");
        }
    }
}
