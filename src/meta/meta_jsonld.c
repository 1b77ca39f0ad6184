/* meta_jsonld.c -- schema.org metadata from JSON-LD blocks, read with
 * meta_json.c. Broken JSON (HTML comment and CDATA wrappers, text before
 * the value) is cleaned and parsed again. */
#include <stdio.h>
#include <stdlib.h>

#include "meta_int.h"
#include "meta_json.h"

#define JSONLD_MAX_BYTES (4u << 20)
#define JSONLD_MAX_NODES 4096 /* objects visited per block */
#define JSONLD_MAX_IDS 256
#define JSONLD_MAX_VALUES (1u << 18) /* values of one block (a tree of 16 MiB at most) */

/* One block being read: its tree and decoded strings live in `ar`. */
typedef struct block {
    gl_meta_ctx *c;
    gl_arena ar;
    const char *id[JSONLD_MAX_IDS];
    gl_jv *obj[JSONLD_MAX_IDS];
    size_t nid;
} block;

static bool type_is(block *b, gl_jv *o, const char *const *names, const char **which)
{
    gl_jv *t = gl_jv_get(&b->ar, o, "@type");
    if (!t) return false;
    size_t nt = gl_jv_is(t, GL_JV_ARRAY) ? gl_jv_len(t) : 1;
    gl_jv *ti = gl_jv_is(t, GL_JV_ARRAY) ? t->first : t;
    for (size_t i = 0; i < nt && i < 8; i++, ti = ti ? ti->next : NULL) {
        const char *s = gl_jv_str(&b->ar, ti);
        if (!s) continue;
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

static const char *str_of(block *b, gl_jv *o, const char *key)
{
    gl_jv *v = gl_jv_get(&b->ar, o, key);
    if (gl_jv_is(v, GL_JV_ARRAY) && gl_jv_len(v) > 0) v = v->first;
    return gl_jv_str(&b->ar, v);
}

static gl_jv *resolve(block *b, gl_jv *o)
{
    if (!gl_jv_is(o, GL_JV_OBJECT)) return o;
    const char *id = str_of(b, o, "@id");
    if (!id || gl_jv_keys(&b->ar, o, 3) > 2) return o;
    for (size_t i = 0; i < b->nid; i++)
        if (b->obj[i] != o && strcmp(b->id[i], id) == 0) return b->obj[i];
    return o;
}

static void person_name(block *b, gl_jv *p, char *buf, size_t cap)
{
    buf[0] = 0;
    const char *nm = str_of(b, p, "name");
    if (nm) {
        snprintf(buf, cap, "%s", nm);
        return;
    }
    const char *g = str_of(b, p, "givenName"), *f = str_of(b, p, "familyName");
    if (g || f) snprintf(buf, cap, "%s%s%s", g ? g : "", g && f ? " " : "", f ? f : "");
}

static void take_authors(block *b, gl_jv *av, int prio)
{
    gl_meta_ctx *c = b->c;
    size_t na = gl_jv_is(av, GL_JV_ARRAY) ? gl_jv_len(av) : 1;
    gl_jv *x0 = gl_jv_is(av, GL_JV_ARRAY) ? av->first : av;
    char buf[256];
    for (size_t i = 0; i < na && i < 16; i++, x0 = x0 ? x0->next : NULL) {
        gl_jv *x = resolve(b, x0);
        if (gl_jv_is(x, GL_JV_STRING)) {
            const char *s = gl_jv_str(&b->ar, x);
            if (s) gl_meta_offer_author(c, s, strlen(s), prio, "json-ld");
        } else if (gl_jv_is(x, GL_JV_OBJECT)) {
            person_name(b, x, buf, sizeof buf);
            if (!buf[0]) continue;
            if (type_is(b, x, org_types, NULL) && !type_is(b, x, person_types, NULL))
                gl_meta_offer_org(c, buf, strlen(buf));
            else {
                c->person_decl = type_is(b, x, person_types, NULL);
                gl_meta_offer_author(c, buf, strlen(buf), prio, "json-ld");
                c->person_decl = false;
            }
        }
    }
}

static void take_image(block *b, gl_jv *o, int prio)
{
    gl_jv *v = gl_jv_get(&b->ar, o, "image");
    if (!v) return;
    if (gl_jv_is(v, GL_JV_ARRAY) && gl_jv_len(v) > 0) v = v->first;
    v = resolve(b, v);
    const char *u = NULL;
    if (gl_jv_is(v, GL_JV_STRING)) u = gl_jv_str(&b->ar, v);
    else if (gl_jv_is(v, GL_JV_OBJECT)) {
        u = str_of(b, v, "url");
        if (!u) u = str_of(b, v, "contentUrl");
    }
    if (u && *u) gl_meta_offer(b->c, GALLEY_FIELD_IMAGE, u, strlen(u), prio, "json-ld");
}

static void take_keywords(block *b, gl_jv *o, const char *key, galley_field f, int prio)
{
    gl_jv *v = gl_jv_get(&b->ar, o, key);
    if (!v) return;
    if (gl_jv_is(v, GL_JV_STRING)) {
        const char *s = gl_jv_str(&b->ar, v);
        if (s) gl_meta_offer_list(b->c, f, s, strlen(s), prio);
    } else if (gl_jv_is(v, GL_JV_ARRAY)) {
        size_t i = 0;
        for (gl_jv *x = v->first; x && i < 64; x = x->next, i++) {
            const char *s = gl_jv_str(&b->ar, x);
            if (s) gl_meta_offer_list(b->c, f, s, strlen(s), prio);
        }
    }
}

static void take_article(block *b, gl_jv *o, int prio, const char *type)
{
    gl_meta_ctx *c = b->c;
    const char *s;
    if (prio == GL_PRIO_JSONLD) c->jsonld_article = true;
    /* "name" is too often a FAQ question, a product or the site */
    s = str_of(b, o, "headline");
    if (s) gl_meta_offer_slot(c, &c->t_jsonld, s, strlen(s), prio, "json-ld");
    if ((s = str_of(b, o, "datePublished")) || (s = str_of(b, o, "dateCreated")) ||
        (s = str_of(b, o, "uploadDate")))
        gl_meta_offer_date(c, GALLEY_FIELD_PUBLISHED, s, strlen(s), prio, "json-ld");
    if ((s = str_of(b, o, "dateModified")))
        gl_meta_offer_date(c, GALLEY_FIELD_MODIFIED, s, strlen(s), prio, "json-ld");
    if ((s = str_of(b, o, "description")))
        gl_meta_offer(c, GALLEY_FIELD_DESCRIPTION, s, strlen(s), prio, "json-ld");
    if ((s = str_of(b, o, "inLanguage")))
        gl_meta_offer(c, GALLEY_FIELD_LANGUAGE, s, strlen(s), prio, "json-ld");
    gl_jv *v;
    if ((v = gl_jv_get(&b->ar, o, "author"))) take_authors(b, v, prio);
    else if ((v = gl_jv_get(&b->ar, o, "creator"))) take_authors(b, v, prio - 1);
    if ((v = gl_jv_get(&b->ar, o, "publisher"))) {
        v = resolve(b, v);
        if (gl_jv_is(v, GL_JV_OBJECT) && (s = str_of(b, v, "name")))
            gl_meta_offer(c, GALLEY_FIELD_SITE_NAME, s, strlen(s), prio - 5, "json-ld");
    }
    take_image(b, o, prio);
    take_keywords(b, o, "articleSection", GALLEY_FIELD_CATEGORIES, prio);
    take_keywords(b, o, "keywords", GALLEY_FIELD_TAGS, prio);
    if ((v = gl_jv_get(&b->ar, o, "isAccessibleForFree"))) {
        const char *fs = gl_jv_str(&b->ar, v);
        bool free_ = gl_jv_is(v, GL_JV_BOOL) ? v->t
                                                 : (fs && gl_ascii_ieq(fs, strlen(fs), "true"));
        gl_meta_offer(c, GALLEY_FIELD_FREE, free_ ? "true" : "false", free_ ? 4 : 5, prio,
                      "json-ld");
    }
    if ((s = str_of(b, o, "url")) && strncmp(s, "http", 4) == 0)
        gl_meta_offer(c, GALLEY_FIELD_URL, s, strlen(s), prio - 20, "json-ld");
    const char *pt = gl_meta_page_type(type, strlen(type));
    if (pt) gl_meta_offer(c, GALLEY_FIELD_PAGE_TYPE, pt, strlen(pt), prio, "json-ld");
}

static void visit(block *b, gl_jv *o)
{
    gl_meta_ctx *c = b->c;
    const char *type = NULL;
    if (type_is(b, o, article_types, &type)) {
        take_article(b, o, GL_PRIO_JSONLD, type);
    } else if (type_is(b, o, page_types, &type)) {
        take_article(b, o, GL_PRIO_JSONLD_PAGE, type);
    } else if (type_is(b, o, site_types, NULL)) {
        const char *s = str_of(b, o, "name");
        if (s) gl_meta_offer(c, GALLEY_FIELD_SITE_NAME, s, strlen(s), GL_PRIO_JSONLD_PAGE - 4, "json-ld");
    } else if (type_is(b, o, org_types, NULL)) {
        const char *s = str_of(b, o, "name");
        if (s) gl_meta_offer(c, GALLEY_FIELD_SITE_NAME, s, strlen(s), GL_PRIO_WEAK + 5, "json-ld");
    } else if (type_is(b, o, other_types, &type)) {
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

void gl_meta_jsonld(gl_meta_ctx *c, const char *text, size_t n)
{
    if (!text || n == 0 || n > JSONLD_MAX_BYTES) return;
    while (n && gl_is_ascii_ws((unsigned char)*text)) text++, n--;
    if (!n) return;
    block *b = malloc(sizeof *b);
    gl_jv **order = malloc(sizeof *order * JSONLD_MAX_NODES);
    char *cp = NULL;
    if (!b || !order) goto done;
    b->c = c;
    b->nid = 0;
    gl_arena_init(&b->ar, n < 4096 ? 8192 : 2 * n);
    gl_jv *root = gl_jv_parse(&b->ar, text, n, JSONLD_MAX_VALUES);
    if (!root) {
        cp = malloc(n + 1);
        if (!cp) goto done_arena;
        memcpy(cp, text, n);
        size_t cn = clean_json(cp, n);
        /* a stray ';' or text after the value */
        while (cn && (gl_is_ascii_ws((unsigned char)cp[cn - 1]) || cp[cn - 1] == ';')) cn--;
        cp[cn] = 0;
        size_t k = 0;
        while (k < cn && cp[k] != '{' && cp[k] != '[') k++;
        root = gl_jv_parse(&b->ar, cp + k, cn - k, JSONLD_MAX_VALUES);
        if (!root) goto done_arena;
    }
    /* iterative walk over objects and arrays with a bounded stack; first
     * pass collects @id targets so that {"@id": ...} references resolve */
    gl_jv *stack[256];
    size_t sp = 0, visited = 0;
    stack[sp++] = root;
    while (sp && visited < JSONLD_MAX_NODES) {
        gl_jv *o = stack[--sp];
        if (gl_jv_is(o, GL_JV_ARRAY)) {
            /* the first items come out first; when the stack is short of
             * room the first items are the ones kept */
            size_t len = gl_jv_len(o);
            if (len > 256 - sp) len = 256 - sp;
            gl_jv *x = o->first;
            for (size_t i = 0; i < len; i++, x = x->next) stack[sp + len - 1 - i] = x;
            sp += len;
            continue;
        }
        if (!gl_jv_is(o, GL_JV_OBJECT)) continue;
        order[visited++] = o;
        const char *id = str_of(b, o, "@id");
        if (id && b->nid < JSONLD_MAX_IDS && gl_jv_keys(&b->ar, o, 3) > 2) {
            b->id[b->nid] = id;
            b->obj[b->nid++] = o;
        }
        gl_jv *g;
        if ((g = gl_jv_get(&b->ar, o, "@graph")) && sp < 256) stack[sp++] = g;
        /* nested main entities: "mainEntity", "mainEntityOfPage" objects with a type */
        if ((g = gl_jv_get(&b->ar, o, "mainEntity")) && sp < 256) stack[sp++] = g;
    }
    for (size_t i = 0; i < visited; i++) visit(b, order[i]);
done_arena:
    gl_arena_destroy(&b->ar);
done:
    free(cp);
    free(order);
    free(b);
}
