/*
 * robots.c -- robots.txt as RFC 9309 (the Robots Exclusion Protocol) reads
 * it: groups of user-agent lines with their allow and disallow rules
 * (section 2.1), the group for our product token or else the "*" group
 * (2.2.1), the most specific (longest) matching rule deciding, an allow
 * winning a tie (2.2.2), "*" and "$" in patterns (2.2.3), "/robots.txt"
 * always allowed (2.2.2), and the first 500 KiB parsed (2.5). Crawl-delay
 * and Sitemap are the common extensions the RFC leaves to crawlers (2.2.4).
 */
#include <stdlib.h>

#include "discover.h"

typedef struct robots_rule {
    char *pat;
    size_t n;
    bool allow;
} robots_rule;

struct galley_robots {
    robots_rule *rules;    /* of the group that applies */
    size_t nrules;
    int64_t delay_ms;      /* Crawl-delay of that group, -1 when none */
    char **sitemaps;       /* Sitemap lines, in file order */
    size_t nsitemaps;
    bool disallow_all;     /* robots.txt unreachable (2.3.1.4) */
};

/* What one parse collects: the rules of the groups naming our token and of
 * the "*" groups, kept apart until the end tells which apply. */
typedef struct robots_acc {
    robots_rule *r[2];
    size_t n[2], cap[2];
    int64_t delay[2];
    bool seen[2]; /* 0: our token, 1: "*" */
} robots_acc;

static bool add_rule(robots_acc *a, int k, const char *p, size_t n, bool allow)
{
    if (a->n[k] == a->cap[k]) {
        size_t nc = a->cap[k] ? a->cap[k] * 2 : 16;
        robots_rule *nr = realloc(a->r[k], nc * sizeof *nr);
        if (!nr) return false;
        a->r[k] = nr;
        a->cap[k] = nc;
    }
    char *c = malloc(n + 1);
    if (!c) return false;
    memcpy(c, p, n);
    c[n] = 0;
    a->r[k][a->n[k]++] = (robots_rule){c, n, allow};
    return true;
}

static bool add_sitemap(gl_robots *r, const char *p, size_t n)
{
    if (r->nsitemaps >= GL_ROBOTS_MAX_SITEMAPS) return true; /* the rest ignored */
    char **ns = realloc(r->sitemaps, (r->nsitemaps + 1) * sizeof *ns);
    if (!ns) return false;
    r->sitemaps = ns;
    char *c = malloc(n + 1);
    if (!c) return false;
    memcpy(c, p, n);
    c[n] = 0;
    r->sitemaps[r->nsitemaps++] = c;
    return true;
}

/* The product token of a User-Agent string: "galley/0.1 (+url)" gives
 * "galley". */
static size_t product_token(const char *ua, size_t n)
{
    size_t k = 0;
    while (k < n && ua[k] != '/' && ua[k] != ' ' && ua[k] != '\t') k++;
    return k;
}

static bool key_is(const char *k, size_t kn, const char *want)
{
    return strlen(want) == kn && gl_ascii_ieq(k, kn, want);
}

/* Crawl-delay: seconds, fractions allowed; -1 when unreadable. */
static int64_t parse_delay(const char *v, size_t n)
{
    int64_t ms = 0;
    size_t i = 0;
    if (n == 0 || !(v[0] >= '0' && v[0] <= '9')) return -1;
    for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
        if (ms < (int64_t)1 << 40) ms = ms * 10 + (v[i] - '0');
    ms *= 1000;
    if (i < n && v[i] == '.') {
        int64_t scale = 100;
        for (i++; i < n && v[i] >= '0' && v[i] <= '9'; i++, scale /= 10) ms += (v[i] - '0') * scale;
    }
    return ms;
}

gl_robots *gl_robots_parse(const char *txt, size_t len, const char *user_agent)
{
    gl_robots *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->delay_ms = -1;
    if (len > GL_ROBOTS_MAX_BYTES) len = GL_ROBOTS_MAX_BYTES;
    /* our product token, NUL-terminated for the comparisons below */
    char ua[64];
    const char *uas = user_agent ? user_agent : "";
    size_t ua_n = product_token(uas, strlen(uas));
    if (ua_n >= sizeof ua) ua_n = sizeof ua - 1;
    memcpy(ua, uas, ua_n);
    ua[ua_n] = 0;
    robots_acc a;
    memset(&a, 0, sizeof a);
    a.delay[0] = a.delay[1] = -1;
    bool in_agents = false; /* the last line read was a user-agent line */
    bool cur[2] = {false, false}; /* the current group names us / "*" */
    bool ok = true;
    size_t i = 0;
    /* one pass, each byte looked at a bounded number of times */
    while (i < len && ok) {
        size_t e = i;
        /* a NUL ends a line too: no value may hide bytes behind one */
        while (e < len && txt[e] != '\n' && txt[e] != '\r' && txt[e] != '\0') e++;
        const char *line = txt + i;
        size_t ln = e - i;
        i = e + 1;
        const char *hash = memchr(line, '#', ln);
        if (hash) ln = (size_t)(hash - line);
        const char *colon = memchr(line, ':', ln);
        if (!colon) continue;
        const char *k = line, *v = colon + 1;
        size_t kn = (size_t)(colon - line), vn = ln - kn - 1;
        while (kn && gl_is_ascii_ws((unsigned char)*k)) k++, kn--;
        while (kn && gl_is_ascii_ws((unsigned char)k[kn - 1])) kn--;
        while (vn && gl_is_ascii_ws((unsigned char)*v)) v++, vn--;
        while (vn && gl_is_ascii_ws((unsigned char)v[vn - 1])) vn--;
        if (key_is(k, kn, "user-agent")) {
            if (!in_agents) cur[0] = cur[1] = false; /* a new group starts */
            in_agents = true;
            size_t tn = product_token(v, vn);
            if (tn == 1 && v[0] == '*') cur[1] = a.seen[1] = true;
            else if (ua_n && tn == ua_n && gl_ascii_ieq(v, tn, ua)) cur[0] = a.seen[0] = true;
            continue;
        }
        if (key_is(k, kn, "sitemap")) { /* not part of any group */
            if (vn) ok = add_sitemap(r, v, vn);
            continue;
        }
        bool allow = key_is(k, kn, "allow"), disallow = key_is(k, kn, "disallow");
        bool delay = key_is(k, kn, "crawl-delay");
        if (!allow && !disallow && !delay) continue; /* unknown lines: ignored */
        in_agents = false;
        for (int g = 0; g < 2 && ok; g++) {
            if (!cur[g]) continue;
            if (delay) {
                int64_t d = parse_delay(v, vn);
                if (d >= 0 && d > a.delay[g]) a.delay[g] = d;
            } else if (vn) { /* "Disallow:" with no path allows everything */
                ok = add_rule(&a, g, v, vn, allow);
            }
        }
    }
    int use = a.seen[0] ? 0 : 1;
    for (int g = 0; g < 2; g++) {
        if (g == use) {
            r->rules = a.r[g];
            r->nrules = a.n[g];
            r->delay_ms = a.delay[g];
            continue;
        }
        for (size_t j = 0; j < a.n[g]; j++) free(a.r[g][j].pat);
        free(a.r[g]);
    }
    if (!ok) {
        gl_robots_free(r);
        return NULL;
    }
    return r;
}

gl_robots *gl_robots_disallow_all(void)
{
    gl_robots *r = calloc(1, sizeof *r);
    if (r) {
        r->delay_ms = -1;
        r->disallow_all = true;
    }
    return r;
}

void gl_robots_free(gl_robots *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nrules; i++) free(r->rules[i].pat);
    free(r->rules);
    for (size_t i = 0; i < r->nsitemaps; i++) free(r->sitemaps[i]);
    free(r->sitemaps);
    free(r);
}

/* Whether pattern p[0, pn) matches a prefix of s[0, n) (2.2.3: "*" any run
 * of characters, a final "$" the end of the path). Greedy with one
 * backtrack point, the usual wildcard matcher: O(pn * n) at worst, never
 * exponential, no recursion. */
static bool match(const char *p, size_t pn, const char *s, size_t n)
{
    bool anchored = pn && p[pn - 1] == '$';
    if (anchored) pn--;
    size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;
    for (;;) {
        if (pi == pn) {
            if (!anchored || si == n) return true;
        } else if (p[pi] == '*') {
            star_p = pi++;
            star_s = si;
            continue;
        } else if (si < n && p[pi] == s[si]) {
            pi++, si++;
            continue;
        }
        /* mismatch (or an anchored pattern ended early): widen the last star */
        if (star_p == (size_t)-1 || star_s >= n) return false;
        pi = star_p + 1;
        si = ++star_s;
    }
}

bool gl_robots_allowed(const gl_robots *r, const char *path)
{
    if (!r) return true;
    size_t n = strlen(path);
    if (n >= 11 && memcmp(path, "/robots.txt", 11) == 0 && (n == 11 || path[11] == '?'))
        return true;
    if (r->disallow_all) return false;
    size_t best = 0;
    bool allowed = true, any = false;
    for (size_t i = 0; i < r->nrules; i++) {
        const robots_rule *u = &r->rules[i];
        if (!match(u->pat, u->n, path, n)) continue;
        if (!any || u->n > best || (u->n == best && u->allow)) {
            best = u->n;
            allowed = u->allow;
            any = true;
        }
    }
    return allowed;
}

int64_t gl_robots_delay_ms(const gl_robots *r) { return r ? r->delay_ms : -1; }

size_t gl_robots_nsitemaps(const gl_robots *r) { return r ? r->nsitemaps : 0; }

const char *gl_robots_sitemap(const gl_robots *r, size_t i)
{
    return r && i < r->nsitemaps ? r->sitemaps[i] : NULL;
}
