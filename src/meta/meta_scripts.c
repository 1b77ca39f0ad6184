/* meta_scripts.c -- the page's <script>s: a JSON-LD block
 * (type="application/ld+json", JSON-LD 1.1 in HTML; read by
 * meta_jsonld.c) at once; any other kept, to be searched after the walk
 * for a publication date under a JSON key of the page's data
 * (data/vocab/script_date_keys.txt) when nothing better turned up, and a
 * short script that writes a date into the page taken as a last resort. */
#include "meta_walk.h"

#define SCRIPT_DATE_BUDGET 262144 /* script bytes searched for a date key */

/* A date as a quoted string in a short inline script; offered as a last
 * resort. */
static bool inline_script_date(gl_meta_ctx *c, const gl_node *t)
{
    const char *q = memchr(t->data, '"', t->data_len);
    if (!q) q = memchr(t->data, '\'', t->data_len);
    if (!q) return false;
    size_t off = (size_t)(q + 1 - t->data);
    gl_date d;
    size_t pos;
    if (!gl_meta_date_find(q + 1, t->data_len - off, 0, &d, &pos) || pos > 2 ||
        !gl_meta_date_plausible(&d, c->ref_time))
        return false;
    char iso[40];
    d.has_time = d.has_tz = false;
    size_t k = gl_meta_date_format(&d, iso);
    gl_meta_offer(c, GALLEY_FIELD_PUBLISHED, iso, k, GL_PRIO_WEAK - 6, "script");
    return true;
}

/* Page data in scripts (app state, analytics) often carries the publication
 * date under a JSON key (data/vocab/script_date_keys.txt); the first one is
 * kept as a last resort. Bounded by
 * SCRIPT_DATE_BUDGET bytes per page. */
static void script_date(gl_meta_ctx *c, gl_meta_walk *w, const char *s, size_t n)
{
    const gl_vocab_entry *keys = gl_vocab_script_date_keys;
    enum { NKEYS = GL_VOCAB_SCRIPT_DATE_KEYS_N };
    if (w->script_scanned >= SCRIPT_DATE_BUDGET) return;
    if (n > SCRIPT_DATE_BUDGET - w->script_scanned) n = SCRIPT_DATE_BUDGET - w->script_scanned;
    w->script_scanned += n;
    /* the keys' first letters (low five bits): most quotes stop at this test */
    uint32_t firsts = 0;
    for (size_t j = 0; j < NKEYS; j++) firsts |= 1u << (keys[j].s[0] & 31);
    for (const char *q = memchr(s, '"', n); q; q = memchr(q + 1, '"', (size_t)(s + n - q - 1))) {
        size_t rest = (size_t)(s + n - q - 1);
        if (!rest) break;
        if (!((firsts >> (gl_lower((unsigned char)q[1]) & 31)) & 1u)) continue;
        for (size_t j = 0; j < NKEYS; j++) {
            size_t kn = keys[j].n;
            if (rest < kn + 12 || !gl_ascii_ieq(q + 1, kn, keys[j].s)) continue;
            const char *v = q + 1 + kn, *end = s + n;
            while (v < end && (*v == ' ' || *v == ':' || *v == '\\')) v++;
            if (v >= end || *v != '"') continue;
            v++;
            const char *e = v;
            while (e < end && e - v < 40 && *e != '"' && *e != '\\') e++;
            gl_date d;
            if (gl_meta_date_parse(v, (size_t)(e - v), 0, &d) &&
                gl_meta_date_plausible(&d, c->ref_time)) {
                w->sd.script_date = d;
                w->sd.script_date_found = true;
                return;
            }
        }
        if (q + 1 >= s + n) break;
    }
}

/* Reads the kept scripts in page order, as the walk would have, until one
 * gives a date. */
void gl_meta_scan_scripts(gl_meta_ctx *c, gl_meta_walk *w)
{
    for (size_t i = 0; i < w->nscripts && !w->sd.script_date_found; i++)
        for (const gl_node *t = w->scripts[i]->first_child; t; t = t->next)
            if (t->type == GALLEY_NODE_TEXT) script_date(c, w, t->data, t->data_len);
    w->nscripts = 0;
}

void gl_meta_read_script(gl_meta_ctx *c, gl_meta_walk *w, const gl_node *n)
{
    size_t an = 0;
    const char *av = gl_meta_attr(n, "type", &an);
    if (av && an >= 19 && gl_ascii_ieq(av, 19, "application/ld+json")) {
        for (const gl_node *t = n->first_child; t; t = t->next)
            if (t->type == GALLEY_NODE_TEXT) gl_meta_jsonld(c, t->data, t->data_len);
        return;
    }
    /* a short script that writes the date into the page
     * (showDate("2020/04/17 01:43")): a last resort */
    if (!w->inline_script_date_found && n->first_child &&
        n->first_child->type == GALLEY_NODE_TEXT && !n->first_child->next &&
        n->first_child->data_len < 160 &&
        c->b.field[GALLEY_FIELD_PUBLISHED].prio < GL_PRIO_WEAK - 6 &&
        inline_script_date(c, n->first_child))
        w->inline_script_date_found = true;
    if (!w->sd.script_date_found) {
        /* read after the walk, when no better date turned up */
        if (w->nscripts == GL_META_MAX_SCRIPTS) gl_meta_scan_scripts(c, w);
        if (!w->sd.script_date_found) w->scripts[w->nscripts++] = n;
    }
}
