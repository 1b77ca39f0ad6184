/* meta_jsonld.c -- schema.org metadata from JSON-LD blocks, parsed with
 * json-c. Broken JSON (raw newlines in strings, trailing commas, HTML
 * comment wrappers) is cleaned and parsed again. */
#include <json-c/json.h>
#include <stdlib.h>

#include "meta_int.h"

#define JSONLD_MAX_BYTES (4u << 20)
#define JSONLD_MAX_NODES 4096 /* objects visited per block */
#define JSONLD_MAX_IDS 256

static bool type_is(json_object *o, const char *const *names, const char **which)
{
    json_object *t;
    if (!json_object_object_get_ex(o, "@type", &t)) return false;
    size_t nt = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
    for (size_t i = 0; i < nt && i < 8; i++) {
        json_object *ti = json_object_is_type(t, json_type_array) ? json_object_array_get_idx(t, i) : t;
        if (!json_object_is_type(ti, json_type_string)) continue;
        const char *s = json_object_get_string(ti);
        /* "schema:NewsArticle", "http://schema.org/NewsArticle" */
        const char *c = strrchr(s, '/');
        if (c) s = c + 1;
        c = strrchr(s, ':');
        if (c) s = c + 1;
        for (size_t k = 0; names[k]; k++)
            if (strcmp(s, names[k]) == 0) {
                if (which) *which = names[k];
                return true;
            }
    }
    return false;
}

static const char *const article_types[] = {
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle",
    "TechArticle", "ScholarlyArticle", "Report", "LiveBlogPosting", "SocialMediaPosting",
    "DiscussionForumPosting", "SatiricalArticle", "AdvertiserContentArticle", "Recipe",
    "HowTo", "Review", "Blog", "MedicalScholarlyArticle", "Posting", NULL};
static const char *const page_types[] = {
    "WebPage", "ItemPage", "CollectionPage", "QAPage", "AboutPage", "ProfilePage",
    "SearchResultsPage", "FAQPage", "MedicalWebPage", "ContactPage", "CheckoutPage", NULL};
static const char *const site_types[] = {"WebSite", NULL};
static const char *const org_types[] = {
    "Organization", "NewsMediaOrganization", "Corporation", "LocalBusiness",
    "EducationalOrganization", "GovernmentOrganization", "NGO", "OnlineBusiness", "Store",
    "Brand", NULL};
static const char *const person_types[] = {"Person", NULL};
static const char *const other_types[] = {"Product", "ItemList", "BreadcrumbList",
                                          "QAPage", "DiscussionForumPosting", NULL};

static const char *str_of(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v)) return NULL;
    if (json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0)
        v = json_object_array_get_idx(v, 0);
    if (json_object_is_type(v, json_type_string)) return json_object_get_string(v);
    return NULL;
}

typedef struct idmap {
    const char *id[JSONLD_MAX_IDS];
    json_object *obj[JSONLD_MAX_IDS];
    size_t n;
} idmap;

static json_object *resolve(const idmap *m, json_object *o)
{
    if (!json_object_is_type(o, json_type_object)) return o;
    const char *id = str_of(o, "@id");
    if (!id || json_object_object_length(o) > 2) return o;
    for (size_t i = 0; i < m->n; i++)
        if (m->obj[i] != o && strcmp(m->id[i], id) == 0) return m->obj[i];
    return o;
}

static void person_name(gl_meta_ctx *c, json_object *p, char *buf, size_t cap)
{
    buf[0] = 0;
    const char *nm = str_of(p, "name");
    if (nm) {
        snprintf(buf, cap, "%s", nm);
        return;
    }
    const char *g = str_of(p, "givenName"), *f = str_of(p, "familyName");
    if (g || f) snprintf(buf, cap, "%s%s%s", g ? g : "", g && f ? " " : "", f ? f : "");
}

static void take_authors(gl_meta_ctx *c, const idmap *m, json_object *av, int prio)
{
    size_t na = json_object_is_type(av, json_type_array) ? json_object_array_length(av) : 1;
    char buf[256];
    for (size_t i = 0; i < na && i < 16; i++) {
        json_object *x = json_object_is_type(av, json_type_array) ? json_object_array_get_idx(av, i) : av;
        x = resolve(m, x);
        if (json_object_is_type(x, json_type_string)) {
            const char *s = json_object_get_string(x);
            gl_meta_offer_author(c, s, strlen(s), prio, "json-ld");
        } else if (json_object_is_type(x, json_type_object)) {
            person_name(c, x, buf, sizeof buf);
            if (!buf[0]) continue;
            if (type_is(x, org_types, NULL) && !type_is(x, person_types, NULL))
                gl_meta_offer_org(c, buf, strlen(buf));
            else {
                c->person_decl = type_is(x, person_types, NULL);
                gl_meta_offer_author(c, buf, strlen(buf), prio, "json-ld");
                c->person_decl = false;
            }
        }
    }
}

static void take_image(gl_meta_ctx *c, const idmap *m, json_object *o, int prio)
{
    json_object *v;
    if (!json_object_object_get_ex(o, "image", &v)) return;
    if (json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0)
        v = json_object_array_get_idx(v, 0);
    v = resolve(m, v);
    const char *u = NULL;
    if (json_object_is_type(v, json_type_string)) u = json_object_get_string(v);
    else if (json_object_is_type(v, json_type_object)) {
        u = str_of(v, "url");
        if (!u) u = str_of(v, "contentUrl");
    }
    if (u && *u) gl_meta_offer(c, GALLEY_FIELD_IMAGE, u, strlen(u), prio, "json-ld");
}

static void take_keywords(gl_meta_ctx *c, json_object *o, const char *key, galley_field f,
                          int prio)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v)) return;
    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        gl_meta_offer_list(c, f, s, strlen(s), prio);
    } else if (json_object_is_type(v, json_type_array)) {
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n && i < 64; i++) {
            json_object *x = json_object_array_get_idx(v, i);
            if (!json_object_is_type(x, json_type_string)) continue;
            const char *s = json_object_get_string(x);
            gl_meta_offer_list(c, f, s, strlen(s), prio);
        }
    }
}

static void take_article(gl_meta_ctx *c, const idmap *m, json_object *o, int prio,
                         const char *type)
{
    const char *s;
    if (prio == GL_PRIO_JSONLD) c->jsonld_article = true;
    /* "name" is too often a FAQ question, a product or the site */
    s = str_of(o, "headline");
    if (s) gl_board_offer_slot(&c->b, GALLEY_FIELD_TITLE, &c->t_jsonld, s, strlen(s), prio, "json-ld", NULL);
    if ((s = str_of(o, "datePublished")) || (s = str_of(o, "dateCreated")) ||
        (s = str_of(o, "uploadDate")))
        gl_meta_offer_date(c, GALLEY_FIELD_PUBLISHED, s, strlen(s), prio, "json-ld");
    if ((s = str_of(o, "dateModified")))
        gl_meta_offer_date(c, GALLEY_FIELD_MODIFIED, s, strlen(s), prio, "json-ld");
    if ((s = str_of(o, "description")))
        gl_meta_offer(c, GALLEY_FIELD_DESCRIPTION, s, strlen(s), prio, "json-ld");
    if ((s = str_of(o, "inLanguage")))
        gl_meta_offer(c, GALLEY_FIELD_LANGUAGE, s, strlen(s), prio, "json-ld");
    json_object *v;
    if (json_object_object_get_ex(o, "author", &v)) take_authors(c, m, v, prio);
    else if (json_object_object_get_ex(o, "creator", &v)) take_authors(c, m, v, prio - 1);
    if (json_object_object_get_ex(o, "publisher", &v)) {
        v = resolve(m, v);
        if (json_object_is_type(v, json_type_object) && (s = str_of(v, "name")))
            gl_meta_offer(c, GALLEY_FIELD_SITE_NAME, s, strlen(s), prio - 5, "json-ld");
    }
    take_image(c, m, o, prio);
    take_keywords(c, o, "articleSection", GALLEY_FIELD_CATEGORIES, prio);
    take_keywords(c, o, "keywords", GALLEY_FIELD_TAGS, prio);
    if (json_object_object_get_ex(o, "isAccessibleForFree", &v)) {
        bool free_ = json_object_is_type(v, json_type_boolean)
                         ? json_object_get_boolean(v)
                         : (json_object_is_type(v, json_type_string) &&
                            gl_ascii_ieq(json_object_get_string(v),
                                         strlen(json_object_get_string(v)), "true"));
        gl_meta_offer(c, GALLEY_FIELD_FREE, free_ ? "true" : "false", free_ ? 4 : 5, prio,
                      "json-ld");
    }
    if (json_object_object_get_ex(o, "license", &v)) {
        /* a URL or a name, or a CreativeWork naming it */
        v = resolve(m, v);
        if (json_object_is_type(v, json_type_object)) {
            if ((s = str_of(v, "url")) || (s = str_of(v, "@id")))
                gl_meta_offer_license(c, s, strlen(s), true, prio, "json-ld");
            else if ((s = str_of(v, "name")))
                gl_meta_offer_license(c, s, strlen(s), false, prio, "json-ld");
        } else if (json_object_is_type(v, json_type_string)) {
            s = json_object_get_string(v);
            bool url = strstr(s, "://") || s[0] == '/';
            gl_meta_offer_license(c, s, strlen(s), url, prio, "json-ld");
        }
    }
    if ((s = str_of(o, "url")) && strncmp(s, "http", 4) == 0)
        gl_meta_offer(c, GALLEY_FIELD_URL, s, strlen(s), prio - 20, "json-ld");
    const char *pt = gl_meta_page_type(type, strlen(type));
    if (pt) gl_meta_offer(c, GALLEY_FIELD_PAGE_TYPE, pt, strlen(pt), prio, "json-ld");
}

static void visit(gl_meta_ctx *c, const idmap *m, json_object *o)
{
    const char *type = NULL;
    if (type_is(o, article_types, &type)) {
        take_article(c, m, o, GL_PRIO_JSONLD, type);
    } else if (type_is(o, page_types, &type)) {
        take_article(c, m, o, GL_PRIO_JSONLD_PAGE, type);
    } else if (type_is(o, site_types, NULL)) {
        const char *s = str_of(o, "name");
        if (s) gl_meta_offer(c, GALLEY_FIELD_SITE_NAME, s, strlen(s), GL_PRIO_JSONLD_PAGE - 4, "json-ld");
    } else if (type_is(o, org_types, NULL)) {
        const char *s = str_of(o, "name");
        if (s) gl_meta_offer(c, GALLEY_FIELD_SITE_NAME, s, strlen(s), GL_PRIO_WEAK + 5, "json-ld");
    } else if (type_is(o, other_types, &type)) {
        const char *pt = gl_meta_page_type(type, strlen(type));
        if (pt) gl_meta_offer(c, GALLEY_FIELD_PAGE_TYPE, pt, strlen(pt), GL_PRIO_JSONLD - 1, "json-ld");
    }
}

/* Cleans common breakage in place: raw control characters inside strings
 * become spaces, trailing commas before } or ] go, HTML comment and CDATA
 * wrappers go. */
static size_t clean_json(char *s, size_t n)
{
    size_t o = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (in_str) {
            if (ch == '\\' && i + 1 < n) {
                s[o++] = ch;
                s[o++] = s[++i];
                continue;
            }
            if (ch == '"') in_str = false;
            else if ((unsigned char)ch < 0x20) ch = ' ';
            s[o++] = ch;
            continue;
        }
        if (ch == '"') {
            in_str = true;
            s[o++] = ch;
            continue;
        }
        if (ch == '}' || ch == ']') {
            size_t k = o;
            while (k && gl_is_ascii_ws((unsigned char)s[k - 1])) k--;
            if (k && s[k - 1] == ',') o = k - 1;
        }
        if (ch == '<' && i + 3 < n && memcmp(s + i, "<!--", 4) == 0) { i += 3; continue; }
        if (ch == '-' && i + 2 < n && memcmp(s + i, "-->", 3) == 0) { i += 2; continue; }
        if (ch == '<' && i + 8 < n && memcmp(s + i, "<![CDATA[", 9) == 0) { i += 8; continue; }
        if (ch == ']' && i + 2 < n && memcmp(s + i, "]]>", 3) == 0) { i += 2; continue; }
        s[o++] = ch;
    }
    return o;
}

/* One parser and the walk's buffers for all the blocks of a page: a
 * json_tokener costs a few allocations, the buffers 36 KB. */
struct gl_jsonld {
    json_tokener *tok;
    idmap ids;
    json_object *order[JSONLD_MAX_NODES];
};

void gl_meta_jsonld_free(gl_meta_ctx *c)
{
    if (!c || !c->jsonld) return;
    json_tokener_free(c->jsonld->tok);
    free(c->jsonld);
    c->jsonld = NULL;
}

static json_object *parse(json_tokener *tok, const char *s, size_t n)
{
    json_tokener_reset(tok);
    json_object *o = json_tokener_parse_ex(tok, s, (int)n);
    if (json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(o);
        o = NULL;
    }
    return o;
}

/* Whether a type name, as type_is() reads it, can make visit() act. */
static bool type_used(const char *s, size_t n)
{
    const char *const *lists[] = {article_types, page_types, site_types, org_types, other_types};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t k = 0; lists[l][k]; k++) {
            const char *t = lists[l][k];
            /* other types act only through the page type they map to */
            if (strlen(t) == n && memcmp(t, s, n) == 0)
                return lists[l] != other_types || gl_meta_page_type(t, n) != NULL;
        }
    return false;
}

/* Whether a block may name a type visit() uses, read from its text before
 * parsing: every "@type" value, a string or an array of strings, is looked
 * up. Anything unusual (escapes, other values) counts as may. Blocks with
 * breadcrumbs, events, offers only are common and never parsed. */
static bool types_may_matter(const char *s, size_t n)
{
    const char *end = s + n;
    for (const char *p = s; (p = memchr(p, '\\', (size_t)(end - p))) && p + 1 < end; p += 2)
        if (p[1] == 'u') return true; /* a key may be escaped */
    for (const char *p = s; p < end && (p = memchr(p, '@', (size_t)(end - p)));) {
        p++;
        if (end - p < 6 || memcmp(p, "type", 4) != 0 || (p[4] != '"' && p[4] != '\'')) continue;
        const char *v = p + 5;
        while (v < end && gl_is_ascii_ws((unsigned char)*v)) v++;
        if (v >= end || *v != ':') return true;
        v++;
        while (v < end && gl_is_ascii_ws((unsigned char)*v)) v++;
        bool arr = v < end && *v == '[';
        if (arr) v++;
        for (;;) {
            while (v < end && gl_is_ascii_ws((unsigned char)*v)) v++;
            if (v >= end || (*v != '"' && *v != '\'')) return true;
            char q = *v++;
            const char *b = v;
            while (v < end && *v != q && *v != '\\') v++;
            if (v >= end || *v != q) return true;
            /* "schema:NewsArticle", "http://schema.org/NewsArticle" */
            const char *nm = b;
            for (const char *x = b; x < v; x++)
                if (*x == '/') nm = x + 1;
            for (const char *x = nm; x < v; x++)
                if (*x == ':') nm = x + 1;
            if (type_used(nm, (size_t)(v - nm))) return true;
            v++;
            if (!arr) break;
            while (v < end && gl_is_ascii_ws((unsigned char)*v)) v++;
            if (v < end && *v == ',') {
                v++;
                continue;
            }
            if (v < end && *v == ']') break;
            return true;
        }
        p = v;
    }
    return false;
}

void gl_meta_jsonld(gl_meta_ctx *c, const char *text, size_t n)
{
    if (!text || n == 0 || n > JSONLD_MAX_BYTES) return;
    while (n && gl_is_ascii_ws((unsigned char)*text)) text++, n--;
    if (!n || !types_may_matter(text, n)) return;
    if (!c->jsonld) {
        c->jsonld = malloc(sizeof *c->jsonld);
        if (!c->jsonld) return;
        c->jsonld->tok = json_tokener_new_ex(64);
        if (!c->jsonld->tok) {
            gl_meta_jsonld_free(c);
            return;
        }
    }
    json_tokener *tok = c->jsonld->tok;
    json_object *root = parse(tok, text, n);
    if (!root) {
        char *cp = malloc(n + 1);
        if (!cp) return;
        memcpy(cp, text, n);
        size_t cn = clean_json(cp, n);
        /* a stray ';' or text after the value */
        while (cn && (gl_is_ascii_ws((unsigned char)cp[cn - 1]) || cp[cn - 1] == ';')) cn--;
        cp[cn] = 0;
        size_t b = 0;
        while (b < cn && cp[b] != '{' && cp[b] != '[') b++;
        root = parse(tok, cp + b, cn - b);
        free(cp);
        if (!root) return;
    }
    /* iterative walk over objects and arrays with a bounded stack; first
     * pass collects @id targets so that {"@id": ...} references resolve */
    json_object *stack[256];
    idmap *m = &c->jsonld->ids;
    json_object **order = c->jsonld->order;
    m->n = 0;
    size_t sp = 0, visited = 0;
    stack[sp++] = root;
    while (sp && visited < JSONLD_MAX_NODES) {
        json_object *o = stack[--sp];
        if (json_object_is_type(o, json_type_array)) {
            /* push in reverse so the first items come out first; when the
             * stack is short of room the first items are the ones kept */
            size_t len = json_object_array_length(o);
            if (len > 256 - sp) len = 256 - sp;
            for (size_t i = len; i-- > 0;) stack[sp++] = json_object_array_get_idx(o, i);
            continue;
        }
        if (!json_object_is_type(o, json_type_object)) continue;
        order[visited++] = o;
        const char *id = str_of(o, "@id");
        if (id && m->n < JSONLD_MAX_IDS && json_object_object_length(o) > 2) {
            m->id[m->n] = id;
            m->obj[m->n++] = o;
        }
        json_object *g;
        if (json_object_object_get_ex(o, "@graph", &g) && sp < 256) stack[sp++] = g;
        /* nested main entities: "mainEntity", "mainEntityOfPage" objects with a type */
        if (json_object_object_get_ex(o, "mainEntity", &g) && sp < 256) stack[sp++] = g;
    }
    for (size_t i = 0; i < visited; i++) visit(c, m, order[i]);
    json_object_put(root);
}
