/* meta_site.c -- the page-level fields: site name, description, page
 * type hints, canonical URL, licence, lead image, language, categories
 * and tags. Which offer wins, and the language checked against the body
 * text after extraction. */
#include <stdio.h>

#include "meta_int.h"

#define LANG_QUICK 384 /* bytes that confirm a declared language */
#define LANG_UNDECLARED_QUICK 1024 /* bytes that usually find one */

void gl_meta_offer_list(gl_meta_ctx *c, galley_field f, const char *v, size_t n, int prio)
{
    gl_namelist *l = f == GALLEY_FIELD_CATEGORIES ? &c->cats : &c->tags;
    int *lp = f == GALLEY_FIELD_CATEGORIES ? &c->cats_prio : &c->tags_prio;
    if (v && n) gl_board_note(&c->b, f, v, n, prio, prio > GL_PRIO_META ? "json-ld" : "meta", NULL);
    if (!v || prio < *lp) return;
    if (prio > *lp) {
        l->n = 0;
        *lp = prio;
    }
    size_t b = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && v[i] != ',' && v[i] != ';') continue;
        const char *p = v + b;
        size_t k = i - b;
        b = i + 1;
        while (k && gl_is_ascii_ws((unsigned char)*p)) p++, k--;
        while (k && gl_is_ascii_ws((unsigned char)p[k - 1])) k--;
        if (!k || k > 100 || l->n >= 16) continue;
        char *s = gl_board_dup(&c->b, p, k);
        if (!s) return;
        bool dup = false;
        for (size_t j = 0; j < l->n; j++)
            if (strcmp(l->v[j], s) == 0) dup = true;
        if (!dup) l->v[l->n++] = s;
    }
}

const char *gl_meta_page_type(const char *t, size_t n)
{
    static const struct {
        const char *k, *v;
    } map[] = {
        {"article", "article"}, {"newsarticle", "article"}, {"blogposting", "article"},
        {"reportagenewsarticle", "article"}, {"analysisnewsarticle", "article"},
        {"opinionnewsarticle", "article"}, {"reviewnewsarticle", "article"},
        {"backgroundnewsarticle", "article"}, {"techarticle", "article"},
        {"scholarlyarticle", "article"}, {"report", "article"}, {"liveblogposting", "article"},
        {"satiricalarticle", "article"}, {"blog", "article"}, {"product", "product"},
        {"og:product", "product"}, {"product.item", "product"}, {"itemlist", "listing"},
        {"collectionpage", "listing"}, {"searchresultspage", "listing"},
        {"discussionforumposting", "forum"}, {"qapage", "forum"}, {"question", "forum"},
        {"socialmediaposting", "forum"}, {"profilepage", "profile"}, {"profile", "profile"},
        {"video.other", "video"}, {"videoobject", "video"}, {"video.episode", "video"},
        {"recipe", "recipe"}, {"howto", "article"}, {"review", "article"},
        {"faqpage", "documentation"}, {"website", "website"}, {"webpage", "webpage"},
        {"event", "event"}, {"jobposting", "job"}, {"course", "course"},
        {"podcastepisode", "audio"}, {"music.song", "audio"}, {"book", "book"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strlen(map[i].k) == n && gl_ascii_ieq(t, n, map[i].k)) return map[i].v;
    return NULL;
}

static void normalise_lang(const char *in, char *out, size_t cap)
{
    /* "en_US" -> "en-US", "EN-us" -> "en-US", "zh-CN" -> "zh-Hans" */
    size_t o = 0;
    int part = 0;
    size_t plen = 0;
    char tmp[32];
    for (const char *p = in; *p && o + 1 < sizeof tmp; p++) {
        char ch = *p;
        if (ch == '_') ch = '-';
        /* a BCP 47 tag is ASCII letters, digits and hyphens: anything else
         * ends it (a list, or text run into the attribute) */
        bool tag_char = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                        (ch >= '0' && ch <= '9') || ch == '-';
        if (!tag_char) break;
        tmp[o++] = ch;
    }
    tmp[o] = 0;
    o = 0;
    for (size_t i = 0; tmp[i] && o + 1 < cap; i++) {
        char ch = tmp[i];
        if (ch == '-') {
            part++;
            plen = 0;
            out[o++] = '-';
            continue;
        }
        size_t j = i;
        while (tmp[j] && tmp[j] != '-') j++;
        size_t sublen = j - i + plen;
        if (part == 0) ch = (char)gl_lower((unsigned char)ch);
        else if (sublen == 2 && plen == 0) ch = (ch >= 'a' && ch <= 'z') ? (char)(ch - 32) : ch;
        else if (sublen == 2) ch = (ch >= 'a' && ch <= 'z') ? (char)(ch - 32) : ch;
        else if (sublen == 4 && plen == 0) ch = (ch >= 'a' && ch <= 'z') ? (char)(ch - 32) : ch;
        else ch = (char)gl_lower((unsigned char)ch);
        plen++;
        out[o++] = ch;
    }
    out[o] = 0;
    if (strncmp(out, "zh-", 3) == 0) {
        const char *r = out + 3;
        if (!strcmp(r, "CN") || !strcmp(r, "SG") || !strcmp(r, "Hans-CN")) snprintf(out, cap, "zh-Hans");
        else if (!strcmp(r, "TW") || !strcmp(r, "HK") || !strcmp(r, "MO") || !strcmp(r, "Hant-TW"))
            snprintf(out, cap, "zh-Hant");
    }
    /* a primary subtag must be 2-3 letters */
    size_t pl = 0;
    while (out[pl] && out[pl] != '-') pl++;
    bool ok = pl >= 2 && pl <= 3;
    for (size_t i = 0; i < pl; i++)
        if (out[i] < 'a' || out[i] > 'z') ok = false;
    if (!ok) out[0] = 0;
}

/* Absolute URL of `ref` against `base` (may be NULL), through the one
 * resolver; `ref` itself when it cannot be resolved. */
static const char *absolute(gl_meta_ctx *c, const char *ref, const char *base)
{
    const char *r = ref ? gl_url_resolve(c->a, base, ref, strlen(ref)) : NULL;
    return r ? r : ref;
}

void gl_meta_site_settle(gl_meta_ctx *c, const char *url)
{
    gl_article *a = c->a;
    gl_board_publish(&c->b, a, GALLEY_FIELD_DESCRIPTION);
    gl_board_publish(&c->b, a, GALLEY_FIELD_FREE);
    if (c->b.field[GALLEY_FIELD_URL].v) {
        const gl_cand k = c->b.field[GALLEY_FIELD_URL];
        const char *u = absolute(c, k.v, a->base_url);
        gl_board_decide(&c->b, GALLEY_FIELD_URL, u, strlen(u), k.prio, k.src, "meta.url.resolved");
    } else if (url) {
        const char *u = absolute(c, url, NULL); /* dot segments removed */
        gl_board_decide(&c->b, GALLEY_FIELD_URL, u, strlen(u), GL_PRIO_URL, "url",
                        "meta.url.page_url");
    }
    gl_board_publish(&c->b, a, GALLEY_FIELD_URL);
    gl_meta_offer_hostname(c);
    gl_board_publish(&c->b, a, GALLEY_FIELD_HOSTNAME);
    gl_board_publish(&c->b, a, GALLEY_FIELD_LICENSE);
    if (c->b.field[GALLEY_FIELD_IMAGE].v) {
        /* against the document's base URL, else the canonical URL */
        const gl_cand k = c->b.field[GALLEY_FIELD_IMAGE];
        const char *u = absolute(c, k.v, a->base_url ? a->base_url : a->field[GALLEY_FIELD_URL]);
        gl_board_decide(&c->b, GALLEY_FIELD_IMAGE, u, strlen(u), k.prio, k.src,
                        "meta.image.resolved");
    }
    gl_board_publish(&c->b, a, GALLEY_FIELD_IMAGE);
    if (c->b.field[GALLEY_FIELD_LANGUAGE].v) {
        char tag[32];
        normalise_lang(c->b.field[GALLEY_FIELD_LANGUAGE].v, tag, sizeof tag);
        const gl_cand k = c->b.field[GALLEY_FIELD_LANGUAGE];
        if (tag[0]) {
            gl_board_decide(&c->b, GALLEY_FIELD_LANGUAGE, tag, strlen(tag), k.prio, k.src,
                            "meta.language.normalised");
            gl_board_publish(&c->b, a, GALLEY_FIELD_LANGUAGE);
        }
    }
    for (size_t i = 0; i < c->cats.n; i++)
        gl_article_list_add(a, GALLEY_FIELD_CATEGORIES, c->cats.v[i], strlen(c->cats.v[i]));
    for (size_t i = 0; i < c->tags.n; i++)
        gl_article_list_add(a, GALLEY_FIELD_TAGS, c->tags.v[i], strlen(c->tags.v[i]));
}

static bool same_language(const char *a, const char *b)
{
    size_t la = strcspn(a, "-"), lb = strcspn(b, "-");
    if (la != lb || memcmp(a, b, la) != 0) return false;
    /* zh-Hans vs zh-Hant differ; other regions do not matter */
    if (la == 2 && memcmp(a, "zh", 2) == 0 && a[2] && b[2]) return strcmp(a, b) == 0;
    return true;
}

void gl_meta_language_settle(gl_article *a, gl_buf *text, const galley_options *opts)
{
    const char *declared = a->field[GALLEY_FIELD_LANGUAGE];
    if (opts->language_detect) {
        char tag[16];
        /* short bodies: the title and description help */
        if (text->len < 200) {
            if (a->field[GALLEY_FIELD_TITLE]) {
                gl_buf_puts(text, a->field[GALLEY_FIELD_TITLE]);
                gl_buf_putc(text, '\n');
            }
            if (a->field[GALLEY_FIELD_DESCRIPTION]) gl_buf_puts(text, a->field[GALLEY_FIELD_DESCRIPTION]);
        }
        /* checking a declaration needs less text than finding a language */
        size_t sample = declared && text->len > 1024 ? 1024 : text->len;
        double conf = -1;
        /* the declared language's function words fill the first bytes:
         * CLD2 (the costliest step of the metadata) would say the same */
        bool confirmed = declared && sample > LANG_QUICK &&
                         gl_meta_lang_confirm(text->data, LANG_QUICK, declared);
        if (!confirmed && declared && sample > LANG_QUICK) {
            /* CLD2's cost grows with the text: a declaration the first
             * bytes confirm needs no more; a doubt gets the whole sample */
            conf = gl_meta_lang_detect(text->data, LANG_QUICK, tag);
            if (!(conf >= 0 && tag[0] && same_language(declared, tag)))
                conf = gl_meta_lang_detect(text->data, sample, tag);
        } else if (!confirmed && sample) {
            /* no declaration: the first kilobyte settles most pages; the
             * whole sample only when CLD2 is unsure there */
            if (sample > 2 * LANG_UNDECLARED_QUICK) {
                conf = gl_meta_lang_detect(text->data, LANG_UNDECLARED_QUICK, tag);
                if (!(conf >= 0.9 && tag[0])) conf = gl_meta_lang_detect(text->data, sample, tag);
            } else {
                conf = gl_meta_lang_detect(text->data, sample, tag);
            }
        }
        if (confirmed) {
            a->language_confidence = 1.0;
        } else if (conf >= 0 && tag[0]) {
            if (declared && same_language(declared, tag)) {
                a->language_confidence = 1.0;
            } else if (!declared || (conf >= 0.7 && text->len >= 200)) {
                /* no declaration, or one the text plainly contradicts (a
                 * template's lang="en" on a German page) */
                gl_board_decided(a, GALLEY_FIELD_LANGUAGE, tag, strlen(tag), GL_PRIO_TEXT,
                                 "detector", "meta.language.detector");
                a->language_confidence = conf;
            } else {
                a->language_confidence = 0.5;
            }
        } else if (declared) {
            a->language_confidence = 0.5;
        }
    }
}
