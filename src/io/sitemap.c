/*
 * sitemap.c -- the URLs of a sitemap or a feed, read with expat:
 *   - sitemaps (sitemaps.org 0.9): <urlset> with <url><loc>, <lastmod>, and
 *     Google News' <news:news> (<news:publication_date>, <news:title>);
 *     <sitemapindex> with <sitemap><loc>, <lastmod>;
 *   - RSS 2.0 (<rss><channel><item><link>, <pubDate>, <title>), RSS 1.0 /
 *     RDF (<rdf:RDF><item><link>, <dc:date>) and Atom 1.0 (<feed><entry>
 *     <link rel="alternate" href>, <published>/<updated>, <title>).
 * Elements are matched by local name, so any namespace prefix works. A gzip
 * body (1f 8b) is inflated first, within the same byte cap.
 *
 * Why expat and not libxml2: a push parser with a small surface, fed the
 * bytes as they are; galley needs no tree, no XPath, no DTD. Safety: any
 * entity declaration stops the parse (no billion laughs, whatever the
 * expat version), external entities and the external DTD are never loaded
 * (no handler is set, parameter entities stay off), and the nesting depth,
 * the bytes and the entries are capped.
 */
#include <expat.h>
#include <stdlib.h>

#include "../meta/meta_int.h"
#include "discover.h"
#include "io.h"

#define GL_XML_FIELD_MAX 8192 /* bytes kept of one text field */

enum { X_LOC, X_LINK, X_NEWS_DATE, X_LASTMOD, X_PUBLISHED, X_UPDATED, X_PUBDATE, X_DCDATE,
       X_TITLE, X_N };
/* the text-bearing children of an entry, by local name */
static const char *const field_name[X_N] = {"loc",     "link",      "publication_date",
                                             "lastmod", "published", "updated",
                                             "pubDate", "date",      "title"};

typedef struct xml_state {
    XML_Parser p;
    gl_urlset *set;
    const char *base;
    int depth, max_depth;
    int entry_depth;       /* depth of the open entry element, 0 when none */
    int field;             /* X_* whose text is being gathered, -1 none */
    int field_depth;
    gl_buf val[X_N];       /* the open entry's fields */
    bool has[X_N];
    galley_status stop;    /* why the parse was stopped, GALLEY_OK when not */
    char stop_msg[120];
} xml_state;

static const char *local_name(const char *name)
{
    const char *sp = strrchr(name, ' '); /* "uri local" with namespaces */
    name = sp ? sp + 1 : name;
    const char *colon = strrchr(name, ':'); /* an unbound prefix stays */
    return colon ? colon + 1 : name;
}

static void halt(xml_state *s, galley_status st, const char *msg)
{
    if (s->stop == GALLEY_OK) {
        s->stop = st;
        snprintf(s->stop_msg, sizeof s->stop_msg, "%s", msg);
    }
    XML_StopParser(s->p, XML_FALSE);
}

static bool push_entry(gl_urlset *set, char *url, const char *date, const char *title,
                       bool sitemap)
{
    if (set->n == set->cap) {
        size_t nc = set->cap ? set->cap * 2 : 64;
        gl_url_entry *ne = realloc(set->e, nc * sizeof *ne);
        if (!ne) return false;
        set->e = ne;
        set->cap = nc;
    }
    gl_url_entry *e = &set->e[set->n];
    memset(e, 0, sizeof *e);
    e->url = url;
    e->sitemap = sitemap;
    e->date_s = INT64_MIN;
    gl_date d;
    if (date && gl_meta_date_parse(date, strlen(date), 0, &d)) {
        char iso[32];
        gl_meta_date_format(&d, iso);
        e->date = strdup(iso);
        if (!e->date) return false;
        int64_t t = gl_meta_date_days(&d) * 86400;
        if (d.has_time) t += (int64_t)d.h * 3600 + d.mi * 60 + d.s;
        if (d.has_tz) t -= (int64_t)d.tz_min * 60;
        e->date_s = t;
    }
    if (title && *title && !(e->title = strdup(title))) {
        free(e->date);
        return false;
    }
    set->n++;
    return true;
}

static void end_entry(xml_state *s)
{
    const char *u = s->has[X_LOC] ? s->val[X_LOC].data : s->has[X_LINK] ? s->val[X_LINK].data
                                                                        : NULL;
    /* the first date that reads as one: a broken news date does not hide
     * a good lastmod */
    const char *date = NULL;
    gl_date probe;
    for (int k = X_NEWS_DATE; k <= X_DCDATE && !date; k++)
        if (s->has[k] && s->val[k].len && gl_meta_date_parse(s->val[k].data, s->val[k].len, 0, &probe))
            date = s->val[k].data;
    char *url = u ? gl_url_normalize(s->base, u, strlen(u)) : NULL;
    if (!url) {
        s->set->dropped++;
    } else if (s->set->n >= s->set->max_entries) {
        free(url);
        halt(s, GALLEY_LIMIT_NODES, "more entries than the cap");
    } else if (!push_entry(s->set, url, date, s->has[X_TITLE] ? s->val[X_TITLE].data : NULL,
                           s->set->kind == GL_URLSET_INDEX)) {
        free(url);
        halt(s, GALLEY_ERR_NOMEM, "out of memory");
    }
    for (int k = 0; k < X_N; k++) {
        s->has[k] = false;
        s->val[k].len = 0;
    }
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
    xml_state *s = ud;
    if (++s->depth > s->max_depth) {
        halt(s, GALLEY_LIMIT_DEPTH, "elements nested deeper than the cap");
        return;
    }
    const char *ln = local_name(name);
    if (s->depth == 1) {
        static const struct { const char *n; gl_urlset_kind k; } roots[] = {
            {"urlset", GL_URLSET_SITEMAP}, {"sitemapindex", GL_URLSET_INDEX},
            {"rss", GL_URLSET_RSS},        {"RDF", GL_URLSET_RDF},
            {"feed", GL_URLSET_ATOM},
        };
        for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
            if (strcmp(ln, roots[i].n) == 0) s->set->kind = roots[i].k;
        if (s->set->kind == GL_URLSET_UNKNOWN)
            halt(s, GALLEY_ERR_UNSUPPORTED, "neither a sitemap nor an RSS, Atom or RDF feed");
        return;
    }
    if (!s->entry_depth) {
        bool entry = false;
        switch (s->set->kind) {
        case GL_URLSET_SITEMAP: entry = strcmp(ln, "url") == 0; break;
        case GL_URLSET_INDEX: entry = strcmp(ln, "sitemap") == 0; break;
        case GL_URLSET_RSS:
        case GL_URLSET_RDF: entry = strcmp(ln, "item") == 0; break;
        case GL_URLSET_ATOM: entry = strcmp(ln, "entry") == 0; break;
        default: break;
        }
        if (entry) s->entry_depth = s->depth;
        return;
    }
    if (s->field >= 0) return; /* markup inside a field: its text still counts */
    if (s->set->kind == GL_URLSET_ATOM && strcmp(ln, "link") == 0) {
        const char *href = NULL, *rel = NULL;
        for (size_t i = 0; atts[i] && atts[i + 1]; i += 2) {
            const char *an = local_name(atts[i]);
            if (strcmp(an, "href") == 0) href = atts[i + 1];
            else if (strcmp(an, "rel") == 0) rel = atts[i + 1];
        }
        if (href && !s->has[X_LINK] && (!rel || strcmp(rel, "alternate") == 0)) {
            s->val[X_LINK].len = 0;
            s->has[X_LINK] = gl_buf_append(&s->val[X_LINK], href, strlen(href)) &&
                             gl_buf_cstr(&s->val[X_LINK]);
        }
        return;
    }
    for (int k = 0; k < X_N; k++)
        if (strcmp(ln, field_name[k]) == 0 && !s->has[k]) {
            s->field = k;
            s->field_depth = s->depth;
            s->val[k].len = 0;
            return;
        }
}

static void XMLCALL on_end(void *ud, const char *name)
{
    (void)name;
    xml_state *s = ud;
    if (s->field >= 0 && s->depth == s->field_depth) {
        gl_buf *b = &s->val[s->field];
        /* white space around a URL or date is layout */
        size_t a = 0, e = b->len;
        while (a < e && gl_is_ascii_ws((unsigned char)b->data[a])) a++;
        while (e > a && gl_is_ascii_ws((unsigned char)b->data[e - 1])) e--;
        if (a) memmove(b->data, b->data + a, e - a);
        b->len = e - a;
        s->has[s->field] = gl_buf_cstr(b) != NULL;
        s->field = -1;
    }
    if (s->entry_depth && s->depth == s->entry_depth) {
        end_entry(s);
        s->entry_depth = 0;
    }
    s->depth--;
}

static void XMLCALL on_text(void *ud, const char *t, int len)
{
    xml_state *s = ud;
    if (s->field < 0 || len <= 0) return;
    gl_buf *b = &s->val[s->field];
    size_t room = b->len < GL_XML_FIELD_MAX ? GL_XML_FIELD_MAX - b->len : 0;
    size_t n = (size_t)len < room ? (size_t)len : room;
    if (n && !gl_buf_append(b, t, n)) halt(s, GALLEY_ERR_NOMEM, "out of memory");
}

/* Entity declarations, internal or external, stop the parse: sitemaps and
 * feeds need none, and refusing them is what makes entity expansion
 * attacks (billion laughs) and external entities impossible. */
static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param,
                                   const XML_Char *value, int value_len, const XML_Char *base,
                                   const XML_Char *system_id, const XML_Char *public_id,
                                   const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)system_id;
    (void)public_id, (void)notation;
    halt(ud, GALLEY_ERR_UNSUPPORTED, "an entity declaration (refused: no entities in XML)");
}

/* Parses the XML in data[0, len) into `set`. */
static void parse_xml(gl_urlset *set, const char *data, size_t len, const char *base,
                      int max_depth)
{
    xml_state s;
    memset(&s, 0, sizeof s);
    s.set = set;
    s.base = base;
    s.max_depth = max_depth;
    s.field = -1;
    for (int k = 0; k < X_N; k++) gl_buf_init(&s.val[k]);
    s.p = XML_ParserCreateNS(NULL, ' ');
    if (!s.p) {
        set->status = GALLEY_ERR_NOMEM;
        snprintf(set->msg, sizeof set->msg, "out of memory");
        return;
    }
    XML_SetUserData(s.p, &s);
    XML_SetElementHandler(s.p, on_start, on_end);
    XML_SetCharacterDataHandler(s.p, on_text);
    XML_SetEntityDeclHandler(s.p, on_entity_decl);
    XML_SetParamEntityParsing(s.p, XML_PARAM_ENTITY_PARSING_NEVER);
    /* fed in pieces so that a length past INT_MAX never reaches expat */
    size_t off = 0;
    enum XML_Status st = XML_STATUS_OK;
    do {
        size_t n = len - off < ((size_t)1 << 20) ? len - off : (size_t)1 << 20;
        st = XML_Parse(s.p, data + off, (int)n, off + n == len);
        off += n;
    } while (st == XML_STATUS_OK && off < len);
    if (s.stop != GALLEY_OK) {
        set->status = s.stop;
        snprintf(set->msg, sizeof set->msg, "%s", s.stop_msg);
    } else if (st != XML_STATUS_OK) {
        set->status = GALLEY_ERR_CORRUPT;
        snprintf(set->msg, sizeof set->msg, "XML error at line %lu: %s",
                 (unsigned long)XML_GetCurrentLineNumber(s.p),
                 XML_ErrorString(XML_GetErrorCode(s.p)));
    } else if (set->kind == GL_URLSET_UNKNOWN) {
        set->status = GALLEY_ERR_CORRUPT;
        snprintf(set->msg, sizeof set->msg, "no XML element");
    }
    XML_ParserFree(s.p);
    for (int k = 0; k < X_N; k++) gl_buf_free(&s.val[k]);
}

gl_urlset *gl_urlset_parse(const char *data, size_t len, const char *base, int64_t max_bytes,
                           int max_depth, size_t max_entries)
{
    gl_urlset *set = calloc(1, sizeof *set);
    if (!set) return NULL;
    set->max_entries = max_entries ? max_entries : GL_URLSET_MAX_ENTRIES;
    uint64_t cap = max_bytes > 0 ? (uint64_t)max_bytes : GL_DEFAULT_MAX_BYTES;
    if (max_depth <= 0) max_depth = 512;
    if (len > cap) {
        set->status = GALLEY_ERR_TOO_LARGE;
        snprintf(set->msg, sizeof set->msg, "larger than %llu bytes", (unsigned long long)cap);
        return set;
    }
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) {
        /* a .xml.gz: inflated whole, within the same cap */
        gl_dec d;
        gl_buf out;
        gl_buf_init(&out);
        if (!gl_dec_open_mem(&d, data, len, cap)) {
            free(set);
            return NULL;
        }
        char chunk[16384];
        long k;
        bool ok = true;
        while ((k = gl_dec_read(&d, chunk, sizeof chunk)) > 0 && ok) {
            if (out.len + (size_t)k > cap) {
                set->status = GALLEY_ERR_TOO_LARGE;
                snprintf(set->msg, sizeof set->msg, "inflates past %llu bytes",
                         (unsigned long long)cap);
                ok = false;
            } else if (!gl_buf_append(&out, chunk, (size_t)k)) {
                set->status = GALLEY_ERR_NOMEM;
                snprintf(set->msg, sizeof set->msg, "out of memory");
                ok = false;
            }
        }
        if (ok && k < 0) {
            set->status = d.err == GALLEY_ERR_TOO_LARGE ? GALLEY_ERR_TOO_LARGE : GALLEY_ERR_CORRUPT;
            snprintf(set->msg, sizeof set->msg, "gzip: %.140s", d.msg);
            ok = false;
        }
        gl_dec_close(&d);
        if (ok) parse_xml(set, out.data ? out.data : "", out.len, base, max_depth);
        gl_buf_free(&out);
        return set;
    }
    parse_xml(set, data, len, base, max_depth);
    return set;
}

void gl_urlset_free(gl_urlset *set)
{
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) {
        free(set->e[i].url);
        free(set->e[i].date);
        free(set->e[i].title);
    }
    free(set->e);
    free(set);
}
