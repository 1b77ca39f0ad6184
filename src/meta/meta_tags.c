/* meta_tags.c -- the page's declared metadata in HTML tags: <html lang>
 * (HTML 3.2.6.2), <meta name|property|itemprop|http-equiv content>
 * (HTML 4.2.5; OpenGraph og:* and article:* properties, ogp.me; Twitter
 * cards twitter:*, with its label/data pairs; Dublin Core dc.* and
 * dcterms.*; Highwire citation_*; Parse.ly, Sailthru and kin), RDFa
 * prefixes ("schema:"), <link rel=canonical|image_src|license> and
 * <a rel=license> (HTML 4.6.7). Each value is offered to the board under
 * its source (meta, opengraph, twitter, microdata). */
#include <stdio.h>

#include "meta_walk.h"

/* <html lang> or xml:lang: the language the page declares. */
void gl_meta_read_html_lang(gl_meta_ctx *c, const gl_node *n)
{
    size_t an = 0;
    const char *av;
    if ((av = gl_meta_attr(n, "lang", &an)) || (av = gl_meta_attr(n, "xml:lang", &an)))
        gl_meta_offer(c, GALLEY_FIELD_LANGUAGE, av, an, GL_PRIO_META, "html-lang");
}

typedef enum mk {
    MK_NONE, MK_TITLE, MK_OGTITLE, MK_TWTITLE, MK_PUB, MK_PUB_WEAK, MK_MOD, MK_AUTHOR,
    MK_AUTHOR_URL, MK_SITE, MK_SITE_WEAK, MK_DESC, MK_OGDESC, MK_TWDESC, MK_LANG, MK_URL,
    MK_IMAGE, MK_TWIMAGE, MK_SECTION, MK_TAG, MK_KEYWORDS, MK_TYPE
} mk;

static const struct {
    const char *k;
    mk v;
} meta_keys[] = {
    {"og:title", MK_OGTITLE}, {"twitter:title", MK_TWTITLE}, {"title", MK_TITLE},
    {"dc.title", MK_TITLE}, {"dcterms.title", MK_TITLE}, {"citation_title", MK_TITLE},
    {"parsely-title", MK_TITLE}, {"sailthru.title", MK_TITLE}, {"headline", MK_TITLE},
    {"article:published_time", MK_PUB}, {"og:published_time", MK_PUB},
    {"article:published", MK_PUB}, {"published_time", MK_PUB}, {"datepublished", MK_PUB},
    {"date_published", MK_PUB}, {"publishdate", MK_PUB}, {"publish-date", MK_PUB},
    {"publish_date", MK_PUB}, {"pubdate", MK_PUB}, {"publication_date", MK_PUB},
    {"publication-date", MK_PUB}, {"dc.date.issued", MK_PUB}, {"dc.date.created", MK_PUB},
    {"dcterms.issued", MK_PUB}, {"dcterms.created", MK_PUB}, {"dc.created", MK_PUB},
    {"citation_publication_date", MK_PUB}, {"citation_date", MK_PUB},
    {"citation_online_date", MK_PUB}, {"prism.publicationdate", MK_PUB},
    {"parsely-pub-date", MK_PUB}, {"sailthru.date", MK_PUB}, {"article.published", MK_PUB},
    {"article_date_original", MK_PUB}, {"originalpublicationdate", MK_PUB},
    {"original-publish-date", MK_PUB}, {"cxenseparse:recs:publishtime", MK_PUB},
    {"bt:pubdate", MK_PUB}, {"datecreated", MK_PUB}, {"date.created", MK_PUB},
    {"creation_date", MK_PUB}, {"ptime", MK_PUB}, {"displaydate", MK_PUB},
    {"og:article:published_time", MK_PUB}, {"rnews:datepublished", MK_PUB},
    {"article.created", MK_PUB}, {"content_create_date", MK_PUB}, {"pub_date", MK_PUB},
    {"published-date", MK_PUB}, {"publish-time", MK_PUB}, {"published", MK_PUB},
    {"release_date", MK_PUB}, {"date", MK_PUB_WEAK}, {"dc.date", MK_PUB_WEAK},
    {"dcterms.date", MK_PUB_WEAK}, {"created", MK_PUB_WEAK}, {"date-created", MK_PUB_WEAK},
    {"article:modified_time", MK_MOD}, {"og:updated_time", MK_MOD},
    {"article:modified", MK_MOD}, {"modified_time", MK_MOD}, {"datemodified", MK_MOD},
    {"date_modified", MK_MOD}, {"last-modified", MK_MOD}, {"lastmod", MK_MOD},
    {"dc.date.modified", MK_MOD}, {"dcterms.modified", MK_MOD}, {"revised", MK_MOD},
    {"updated_time", MK_MOD}, {"article.updated", MK_MOD}, {"utime", MK_MOD},
    {"modified", MK_MOD}, {"dateupdated", MK_MOD}, {"og:article:modified_time", MK_MOD},
    {"sailthru.lastmodified", MK_MOD},
    {"author", MK_AUTHOR}, {"article:author", MK_AUTHOR_URL}, {"og:article:author", MK_AUTHOR_URL},
    {"dc.creator", MK_AUTHOR}, {"dcterms.creator", MK_AUTHOR}, {"citation_author", MK_AUTHOR},
    {"parsely-author", MK_AUTHOR}, {"sailthru.author", MK_AUTHOR}, {"byl", MK_AUTHOR},
    {"byline", MK_AUTHOR}, {"authors", MK_AUTHOR}, {"cxenseparse:author", MK_AUTHOR},
    {"article.author", MK_AUTHOR}, {"book:author", MK_AUTHOR_URL}, {"dc.creator.name", MK_AUTHOR},
    {"og:site_name", MK_SITE}, {"application-name", MK_SITE_WEAK},
    {"apple-mobile-web-app-title", MK_SITE_WEAK}, {"dc.publisher", MK_SITE_WEAK},
    {"publisher", MK_SITE_WEAK}, {"copyright", MK_NONE},
    {"description", MK_DESC}, {"og:description", MK_OGDESC}, {"twitter:description", MK_TWDESC},
    {"dc.description", MK_DESC}, {"dcterms.description", MK_DESC},
    {"content-language", MK_LANG}, {"og:locale", MK_LANG}, {"dc.language", MK_LANG},
    {"dcterms.language", MK_LANG}, {"language", MK_LANG}, {"inlanguage", MK_LANG},
    {"og:url", MK_URL}, {"twitter:url", MK_URL},
    {"og:image", MK_IMAGE}, {"og:image:url", MK_IMAGE}, {"og:image:secure_url", MK_IMAGE},
    {"twitter:image", MK_TWIMAGE}, {"twitter:image:src", MK_TWIMAGE},
    {"article:section", MK_SECTION}, {"og:article:section", MK_SECTION},
    {"parsely-section", MK_SECTION}, {"category", MK_SECTION}, {"section", MK_SECTION},
    {"article:tag", MK_TAG}, {"og:article:tag", MK_TAG}, {"keywords", MK_KEYWORDS},
    {"news_keywords", MK_KEYWORDS}, {"parsely-tags", MK_KEYWORDS}, {"sailthru.tags", MK_KEYWORDS},
    {"og:type", MK_TYPE},
};

#define MK_COUNT (sizeof meta_keys / sizeof meta_keys[0])

_Static_assert(MK_COUNT <= GL_META_MAX_KEYS, "gl_meta_key_index holds every key");

static int mk_group(int lower_first)
{
    return lower_first >= 'a' && lower_first <= 'z' ? lower_first - 'a' : 26;
}

static void mk_index_build(gl_meta_key_index *ix)
{
    for (size_t i = 0; i < MK_COUNT; i++) ix->len[i] = (uint8_t)strlen(meta_keys[i].k);
    uint16_t pos[27] = {0};
    for (size_t i = 0; i < MK_COUNT; i++) pos[mk_group((unsigned char)meta_keys[i].k[0])]++;
    ix->start[0] = 0;
    for (int g = 0; g < 27; g++) ix->start[g + 1] = (uint16_t)(ix->start[g] + pos[g]);
    for (int g = 0; g < 27; g++) pos[g] = ix->start[g];
    for (size_t i = 0; i < MK_COUNT; i++)
        ix->order[pos[mk_group((unsigned char)meta_keys[i].k[0])]++] = (uint16_t)i;
    ix->built = true;
}

static mk meta_key(gl_meta_key_index *ix, const char *k, size_t n)
{
    if (!k || n == 0 || n > 40) return MK_NONE;
    if (!ix->built) mk_index_build(ix);
    int f = gl_lower((unsigned char)k[0]);
    int g = mk_group(f);
    for (size_t j = ix->start[g]; j < ix->start[g + 1]; j++) {
        size_t i = ix->order[j];
        if (ix->len[i] == n && (unsigned char)meta_keys[i].k[0] == f &&
            gl_ascii_ieq(k, n, meta_keys[i].k))
            return meta_keys[i].v;
    }
    return MK_NONE;
}

void gl_meta_read_meta(gl_meta_ctx *c, gl_meta_key_index *ix, const gl_node *n)
{
    /* content, property, name, itemprop, http-equiv in one pass over the
     * attributes (the first of each, as gl_node_attr finds them) */
    const gl_attr *ca = NULL, *ka[4] = {NULL, NULL, NULL, NULL};
    for (uint32_t i = 0; i < n->nattrs; i++) {
        const gl_attr *a = &n->attrs[i];
        if (a->ns != GALLEY_NS_NONE) continue;
        const gl_attr **slot = NULL;
        switch (a->name_len) {
        case 4: if (memcmp(a->name, "name", 4) == 0) slot = &ka[1]; break;
        case 7: if (memcmp(a->name, "content", 7) == 0) slot = &ca; break;
        case 8:
            if (memcmp(a->name, "property", 8) == 0) slot = &ka[0];
            else if (memcmp(a->name, "itemprop", 8) == 0) slot = &ka[2];
            break;
        case 10: if (memcmp(a->name, "http-equiv", 10) == 0) slot = &ka[3]; break;
        default: break;
        }
        if (slot && !*slot) *slot = a;
    }
    if (!ca) return;
    size_t vn = ca->value_len;
    const char *v = ca->value;
    while (vn && gl_is_ascii_ws((unsigned char)*v)) v++, vn--;
    if (!vn) return;
    for (int ki = 0; ki < 4; ki++) {
        if (!ka[ki]) continue;
        size_t kn = ka[ki]->value_len;
        const char *k = ka[ki]->value;
        while (kn && gl_is_ascii_ws((unsigned char)*k)) k++, kn--;
        while (kn && gl_is_ascii_ws((unsigned char)k[kn - 1])) kn--;
        /* RDFa may list several properties and prefixes ("schema:"). */
        /* Twitter's label/data pairs: "twitter:label1" = "Written by" */
        if (kn > 13 && kn < 16 && gl_ascii_ieq(k, 13, "twitter:label") &&
            (gl_meta_author_has_lead(v, vn) || gl_ascii_ieq(v, vn, "author"))) {
            snprintf(c->tw_author_data, sizeof c->tw_author_data, "twitter:data%.*s",
                     (int)(kn - 13), k + 13);
            continue;
        }
        if (c->tw_author_data[0] && kn == strlen(c->tw_author_data) &&
            gl_ascii_ieq(k, kn, c->tw_author_data)) {
            gl_meta_offer_author(c, v, vn, GL_PRIO_META - 2, "twitter");
            continue;
        }
        mk m = meta_key(ix, k, kn);
        if (m == MK_NONE && kn > 7 && gl_ascii_ieq(k, 7, "schema:"))
            m = meta_key(ix, k + 7, kn - 7);
        const char *src = ki == 2 ? "microdata" : "meta";
        if (m == MK_NONE && kn >= 4 && kn < 40 && ki < 3) {
            /* an unlisted name that says publication date ("sw-pubdate",
             * "x:uploaded"): below the known names and <time> */
            char low[40];
            for (size_t i = 0; i < kn; i++) low[i] = (char)gl_lower((unsigned char)k[i]);
            low[kn] = 0;
            if ((strstr(low, "pubdate") || strstr(low, "publish") || strstr(low, "upload") ||
                 strstr(low, "created") || strstr(low, "date")) &&
                !strstr(low, "modif") && !strstr(low, "updat") && !strstr(low, "expir") &&
                !strstr(low, "valid") && !strstr(low, "revis") && !strstr(low, "birth") &&
                !strstr(low, "end") && !strstr(low, "start") && !strstr(low, "event") &&
                !strstr(low, "lastmod"))
                gl_meta_offer_date(c, GALLEY_FIELD_PUBLISHED, v, vn, GL_PRIO_TIME + 2, src);
            continue;
        }
        if (kn > 3 && (gl_ascii_ieq(k, 3, "og:") || gl_ascii_ieq(k, 8, "article:")))
            src = "opengraph";
        if (kn > 8 && gl_ascii_ieq(k, 8, "twitter:")) src = "twitter";
        int prio = ki == 2 ? GL_PRIO_MICRODATA + 5 : GL_PRIO_META;
        switch (m) {
        case MK_NONE: continue;
        case MK_TITLE: gl_board_offer_slot(&c->b, GALLEY_FIELD_TITLE, &c->t_meta, v, vn, prio, src, NULL); break;
        case MK_OGTITLE: gl_board_offer_slot(&c->b, GALLEY_FIELD_TITLE, &c->t_og, v, vn, prio, src, NULL); break;
        case MK_TWTITLE: gl_board_offer_slot(&c->b, GALLEY_FIELD_TITLE, &c->t_og, v, vn, prio - 2, src, NULL); break;
        case MK_PUB:
            if (ki < 2 && !c->meta_pub_set &&
                gl_meta_date_parse(v, vn, c->date_flags, &c->meta_pub) &&
                gl_meta_date_plausible(&c->meta_pub, c->ref_time))
                c->meta_pub_set = true;
            gl_meta_offer_date(c, GALLEY_FIELD_PUBLISHED, v, vn, prio, src);
            break;
        case MK_PUB_WEAK:
            /* a bare "date" in <meta> is often the CMS's last-save day: a
             * date the page shows (<time>, a dated line) beats it */
            gl_meta_offer_date(c, GALLEY_FIELD_PUBLISHED, v, vn,
                               ki == 2 ? prio - 8 : META_WEAK_PRIO, src);
            break;
        case MK_MOD: gl_meta_offer_date(c, GALLEY_FIELD_MODIFIED, v, vn, prio, src); break;
        case MK_AUTHOR_URL:
            if (gl_meta_url_like(v, vn)) break;
            /* fallthrough */
        case MK_AUTHOR:
            if (!gl_meta_url_like(v, vn)) gl_meta_offer_author(c, v, vn, prio, src);
            break;
        case MK_SITE: gl_meta_offer(c, GALLEY_FIELD_SITE_NAME, v, vn, prio, src); break;
        case MK_SITE_WEAK:
            gl_meta_offer(c, GALLEY_FIELD_SITE_NAME, v, vn, GL_PRIO_WEAK + 10, src);
            break;
        case MK_DESC: gl_meta_offer(c, GALLEY_FIELD_DESCRIPTION, v, vn, prio - 3, src); break;
        case MK_OGDESC: gl_meta_offer(c, GALLEY_FIELD_DESCRIPTION, v, vn, prio, src); break;
        case MK_TWDESC: gl_meta_offer(c, GALLEY_FIELD_DESCRIPTION, v, vn, prio - 4, src); break;
        case MK_LANG: gl_meta_offer(c, GALLEY_FIELD_LANGUAGE, v, vn, prio - 2, src); break;
        case MK_URL: gl_meta_offer(c, GALLEY_FIELD_URL, v, vn, prio - 5, src); break;
        case MK_IMAGE: gl_meta_offer(c, GALLEY_FIELD_IMAGE, v, vn, prio + 15, src); break;
        case MK_TWIMAGE: gl_meta_offer(c, GALLEY_FIELD_IMAGE, v, vn, prio, src); break;
        case MK_SECTION: gl_meta_offer_list(c, GALLEY_FIELD_CATEGORIES, v, vn, prio); break;
        case MK_TAG: gl_meta_offer_list(c, GALLEY_FIELD_TAGS, v, vn, prio); break;
        case MK_KEYWORDS: gl_meta_offer_list(c, GALLEY_FIELD_TAGS, v, vn, prio - 2); break;
        case MK_TYPE: {
            const char *pt = gl_meta_page_type(v, vn);
            if (pt) gl_meta_offer(c, GALLEY_FIELD_PAGE_TYPE, pt, strlen(pt), prio, src);
            break;
        }
        }
    }
}

/* <link rel=canonical> (RFC 6596), rel=image_src, rel=license. */
void gl_meta_read_link(gl_meta_ctx *c, const gl_node *n, const gl_attr *rel)
{
    size_t an = 0;
    const char *av;
    if (!rel || !(av = gl_meta_attr(n, "href", &an))) return;
    if (gl_ascii_ieq(rel->value, rel->value_len, "canonical"))
        gl_meta_offer(c, GALLEY_FIELD_URL, av, an, GL_PRIO_META, "meta");
    else if (gl_ascii_ieq(rel->value, rel->value_len, "image_src"))
        gl_meta_offer(c, GALLEY_FIELD_IMAGE, av, an, GL_PRIO_META - 5, "meta");
    else if (gl_meta_rel_has(rel->value, rel->value_len, "license"))
        gl_meta_offer_license(c, av, an, true, GL_PRIO_META, "meta");
}

/* <a rel="license" href>: a Creative Commons URL names the licence best;
 * else the link's words, else the URL. */
void gl_meta_read_license_link(gl_meta_ctx *c, const gl_node *n, const gl_attr *rel)
{
    size_t an = 0;
    const char *av;
    if (!rel || !gl_meta_rel_has(rel->value, rel->value_len, "license") ||
        !(av = gl_meta_attr(n, "href", &an)))
        return;
    char buf[GL_META_GATHER_MAX];
    size_t bn = gl_meta_gather(n, buf, sizeof buf);
    bool cc = strstr(av, "creativecommons.org/") != NULL;
    if (!cc && bn >= 2 && bn <= 100)
        gl_meta_offer_license(c, buf, bn, false, GL_PRIO_META - 5, "link");
    else
        gl_meta_offer_license(c, av, an, true, GL_PRIO_META - 5, "link");
}
