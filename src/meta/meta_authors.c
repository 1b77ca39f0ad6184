/* meta_authors.c -- the authors field family: which offered names win.
 * A byline shown on the page against the declared authors, the site's own
 * account and organisations told from people, a desk credit when no person
 * is named. Reading a byline into names is meta_author.c's. */
#include "meta_int.h"

/* Letters and digits of s (ASCII lower-cased; bytes of non-ASCII
 * characters kept) into out, NUL-terminated: "Jane Kowalczyk" and
 * "janekowalczyk" fold alike. */
static size_t alnum_fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++)
        if (gl_meta_word_byte(s[i])) out[o++] = (char)gl_lower((unsigned char)s[i]);
    out[o] = 0;
    return o;
}

/* The site's own account spelled as one word ("koreadaily" on "The Korea
 * Daily", "examplenews" on "Example News"): letters and digits of both,
 * lower-cased, a leading "the" dropped from the site name. An exact match is
 * left to the personal-site rule. */
static bool site_account(const char *v, size_t n, const char *site)
{
    if (!site) return false;
    size_t sn = strlen(site);
    if (sn == n && gl_ascii_ieq(v, n, site)) return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] >= 0x80) return false; /* non-ASCII names: leave them */
    char a[96], b[96];
    size_t an = alnum_fold(v, n, a, sizeof a), bn = alnum_fold(site, sn, b, sizeof b);
    size_t off = (bn > 3 && memcmp(b, "the", 3) == 0 && an + 3 == bn) ? 3 : 0;
    return an >= 4 && an == bn - off && memcmp(a, b + off, an) == 0;
}

/* An author value that names the site or an organisation, not a person:
 * "Harbour Notes" on Harbour Notes, "Nordlicht-Stiftung e.V." */
static bool org_like(const char *v, const char *site)
{
    size_t n = strlen(v);
    if (gl_meta_author_is_org(v, n)) return true;
    if (n > 5 && (strstr(v, "e.V.") || strstr(v, "e. V."))) return true;
    if (!site) return false;
    char a[128], b[128];
    size_t an = alnum_fold(v, n, a, sizeof a), bn = alnum_fold(site, strlen(site), b, sizeof b);
    return an >= 4 && bn >= 4 && (strstr(b, a) || strstr(a, b));
}

/* Two words or more, each capitalised but for name particles ("de la",
 * "van", "von"): how a byline spells a person in full. */
static bool full_name(const char *v)
{
    static const char *const particles[] = {"de", "la", "le", "van", "von", "der", "den", "da",
                                            "di", "du", "dos", "del", "bin", "al", "y", "e",
                                            "ten", "ter", "zu", NULL};
    size_t words = 0;
    for (const char *p = v; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ') e++;
        words++;
        if (*p >= 'a' && *p <= 'z') {
            bool part = false;
            for (size_t k = 0; particles[k] && !part; k++)
                part = gl_ascii_ieq(p, (size_t)(e - p), particles[k]);
            if (!part) return false;
        }
        p = e;
    }
    return words >= 2 && words <= 5;
}

/* The declared authors against the byline shown on the page: a first
 * name or an account ("Jan", "janedoe1987") the byline spells in
 * full, and the site or an organisation where the byline names people,
 * give way to the byline. Returns the rule that decided so, or NULL. */
static const char *prefer_shown(gl_meta_ctx *c, const char *site)
{
    gl_namelist *sh = &c->shown_auth;
    if (!sh->n || !c->auth.n || c->auth_src == NULL || !strcmp(c->auth_src, "byline")) return NULL;
    bool orgs = true;
    for (size_t i = 0; i < c->auth.n && orgs; i++) orgs = org_like(c->auth.v[i], site);
    bool people = true;
    for (size_t j = 0; j < sh->n && people; j++)
        people = full_name(sh->v[j]) && !org_like(sh->v[j], site);
    if (orgs && people) {
        c->auth = *sh;
        c->auth_src = "byline";
        c->auth_person = false;
        return "meta.authors.shown_people";
    }
    /* one declared name that the byline lists among others: the byline
     * names them all */
    if (c->auth.n == 1 && sh->n > 1) {
        bool among = false, full = true;
        for (size_t j = 0; j < sh->n; j++) {
            among |= strlen(sh->v[j]) == strlen(c->auth.v[0]) &&
                     gl_ascii_ieq(sh->v[j], strlen(sh->v[j]), c->auth.v[0]);
            full &= full_name(sh->v[j]);
        }
        if (among && full) {
            c->auth = *sh;
            return "meta.authors.shown_list";
        }
    }
    /* one declared name only: in a list, the byline's full names would
     * repeat the others' words ("Doe, Jane") */
    for (size_t i = 0; i < c->auth.n && c->auth.n == 1; i++) {
        const char *v = c->auth.v[i];
        size_t vn = strlen(v);
        if (memchr(v, ' ', vn)) continue;
        char a[96], b[96];
        size_t an = alnum_fold(v, vn, a, sizeof a);
        for (size_t j = 0; j < sh->n && an >= 3; j++) {
            const char *f = sh->v[j];
            size_t fn = strlen(f);
            if (!full_name(f)) continue;
            bool longer = fn > vn + 1 && f[vn] == ' ' && gl_ascii_ieq(f, vn, v);
            if (longer || (memchr(f, ' ', fn) && alnum_fold(f, fn, b, sizeof b) == an &&
                           memcmp(a, b, an) == 0)) {
                c->auth.v[i] = sh->v[j];
                return "meta.authors.shown_full_name";
            }
        }
    }
    return NULL;
}

bool gl_meta_offer_author(gl_meta_ctx *c, const char *v, size_t n, int prio, const char *src)
{
    if (v && n) gl_board_note(&c->b, GALLEY_FIELD_AUTHORS, v, n, prio, src, NULL);
    if (v && n && prio > c->shown_prio && !strcmp(src, "byline")) {
        gl_namelist tmp = {0};
        if (gl_meta_author_split(&c->scratch, v, n, c->b.field[GALLEY_FIELD_SITE_NAME].v, &tmp)) {
            c->shown_auth = tmp;
            c->shown_prio = prio;
        }
    }
    if (!v || !n || prio < c->auth_prio) return false;
    if (memchr(v, '&', n)) {
        /* "Redacci&oacute;n" in JSON-LD: decode before ';' splits the name */
        char *d = gl_arena_strndup(&c->scratch, v, n);
        if (!d) return false;
        n = gl_decode_char_refs(d, n);
        v = d;
    }
    /* a declared Person named like the site is the owner of a personal site */
    const char *site = c->person_decl ? NULL : c->b.field[GALLEY_FIELD_SITE_NAME].v;
    if (prio > c->auth_prio) {
        gl_namelist tmp = {0};
        if (!gl_meta_author_split(&c->scratch, v, n, site, &tmp)) {
            size_t off = 0, dn = 0;
            if ((!c->desk || prio > c->desk_prio) && n < 60 &&
                (dn = gl_meta_author_desk(v, n, &off)) != 0) {
                c->desk = gl_board_dup(&c->b, v + off, dn);
                c->desk_src = src;
                c->desk_prio = prio;
            }
            return false;
        }
        /* the site's own CMS account is the publisher, not a person: keep it
         * as an organisation and let a byline naming a person win */
        size_t kept = 0;
        for (size_t i = 0; i < tmp.n; i++) {
            if (site_account(tmp.v[i], strlen(tmp.v[i]), c->b.field[GALLEY_FIELD_SITE_NAME].v))
                gl_meta_offer_org(c, tmp.v[i], strlen(tmp.v[i]));
            else
                tmp.v[kept++] = tmp.v[i];
        }
        tmp.n = kept;
        if (!kept) return false;
        c->auth = tmp;
        c->auth_prio = prio;
        c->auth_src = src;
        c->auth_person = c->person_decl;
        return true;
    }
    /* same source again: several <meta name=author> or a JSON-LD author
     * array add names; a second byline element or microdata author on the
     * page is a reviewer, a related story or a forum reply */
    if (strcmp(src, "json-ld") != 0 && strcmp(src, "meta") != 0 && strcmp(src, "opengraph") != 0)
        return false;
    return gl_meta_author_split(&c->scratch, v, n, site, &c->auth) > 0;
}

bool gl_meta_add_coauthors(gl_meta_ctx *c, const char *v, size_t n, int prio, bool glued)
{
    if (!v || !n || prio != c->auth_prio || !c->auth_src || strcmp(c->auth_src, "byline") != 0)
        return false;
    const char *site = c->b.field[GALLEY_FIELD_SITE_NAME].v;
    gl_namelist tmp = {0};
    if (!gl_meta_author_split(&c->scratch, v, n, site, &tmp)) return false;
    for (size_t i = 0; i < tmp.n; i++) /* people: a given name and a family name */
        if (!strchr(tmp.v[i], ' ')) return false;
    if (glued) {
        if (c->auth.n != 1) return false;
        const char *g = c->auth.v[0], *f = tmp.v[0];
        size_t fl = strlen(f);
        if (strlen(g) <= fl + 1 || strncmp(g, f, fl) != 0 || g[fl] != ' ') return false;
        /* the rest of the glued text is the next child's: names of two
         * words or more from it follow (a "Subscribe" or "Posts" does not) */
        gl_namelist rest = {0};
        gl_meta_author_split(&c->scratch, g + fl + 1, strlen(g + fl + 1), site, &rest);
        for (size_t i = 0; i < rest.n && tmp.n < 16; i++)
            if (strchr(rest.v[i], ' ')) tmp.v[tmp.n++] = rest.v[i];
        c->auth = tmp;
    } else {
        size_t before = c->auth.n;
        for (size_t i = 0; i < tmp.n && c->auth.n < 16; i++) {
            bool dup = false;
            for (size_t j = 0; j < c->auth.n; j++) dup |= strcmp(c->auth.v[j], tmp.v[i]) == 0;
            if (!dup) c->auth.v[c->auth.n++] = tmp.v[i];
        }
        if (c->auth.n == before) return false;
    }
    gl_board_note(&c->b, GALLEY_FIELD_AUTHORS, v, n, prio, "byline", "meta.authors.coauthor");
    return true;
}

void gl_meta_offer_org(gl_meta_ctx *c, const char *v, size_t n)
{
    if (!v || !n || c->orgs.n >= 16) return;
    char *s = gl_board_dup(&c->b, v, n);
    if (!s || !*s) return;
    for (size_t i = 0; i < c->orgs.n; i++)
        if (strcmp(c->orgs.v[i], s) == 0) return;
    c->orgs.v[c->orgs.n++] = s;
}

/* A decision over the names: the final list (as the trace shows a list
 * field, joined by "; ") is offered under `rule`. */
static void trace_decision(gl_meta_ctx *c, const char *rule, int prio)
{
    const gl_article *a = c->a;
    gl_buf j;
    gl_buf_init(&j);
    for (size_t i = 0; i < a->authors.n; i++) {
        if (i) gl_buf_append(&j, "; ", 2);
        gl_buf_puts(&j, a->authors.v[i]);
    }
    if (!j.failed && j.len)
        gl_trace_cand_add(a->trace, GALLEY_FIELD_AUTHORS, j.data, j.len, prio,
                          a->field_src[GALLEY_FIELD_AUTHORS], rule);
    gl_buf_free(&j);
}

void gl_meta_authors_settle(gl_meta_ctx *c)
{
    gl_article *a = c->a;
    const char *site = a->field[GALLEY_FIELD_SITE_NAME];
    /* authors: an organisation named as author, or the site itself, is not
     * a person */
    const char *rule = prefer_shown(c, site);
    int prio = c->auth_prio;
    if (!c->auth.n && c->desk) {
        /* no person named: the desk's credit */
        size_t dn = strlen(c->desk);
        if (dn) {
            gl_article_list_add(a, GALLEY_FIELD_AUTHORS, c->desk, dn);
            a->field_src[GALLEY_FIELD_AUTHORS] = c->desk_src;
            rule = "meta.authors.desk_credit";
            prio = c->desk_prio;
        }
    }
    for (size_t i = 0; i < c->auth.n; i++) {
        const char *v = c->auth.v[i];
        size_t vn = strlen(v);
        if ((site && !c->auth_person && strlen(site) == vn && gl_ascii_ieq(v, vn, site)) ||
            gl_meta_author_is_org(v, vn))
            gl_article_list_add(a, GALLEY_FIELD_ORGANIZATIONS, v, vn);
        else
            gl_article_list_add(a, GALLEY_FIELD_AUTHORS, v, vn);
    }
    if (a->authors.n && c->auth_src) a->field_src[GALLEY_FIELD_AUTHORS] = c->auth_src;
    if (rule && a->trace && a->authors.n) trace_decision(c, rule, prio);
    for (size_t i = 0; i < c->orgs.n; i++)
        gl_article_list_add(a, GALLEY_FIELD_ORGANIZATIONS, c->orgs.v[i], strlen(c->orgs.v[i]));
}
