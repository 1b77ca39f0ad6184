/* meta_author.c -- turning byline strings into person names: leads ("By"),
 * roles, e-mail addresses, handles and dates removed, lists split,
 * all-caps names re-cased, generic values rejected. */
#include "meta_int.h"

#define AUTHOR_MAX 512 /* bytes of a byline looked at */

static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }

/* word at s[i..] equals w (ASCII case-insensitive) and ends there */
static bool word_at(const char *s, size_t n, size_t i, const char *w)
{
    if (i >= n || gl_lower((unsigned char)s[i]) != (unsigned char)w[0]) return false;
    size_t k = strlen(w);
    if (i + k > n) return false;
    for (size_t j = 0; j < k; j++)
        if (gl_lower((unsigned char)s[i + j]) != (unsigned char)w[j]) return false;
    if (i + k == n) return true;
    unsigned char c = (unsigned char)s[i + k];
    /* a no-break space ends the word ("Par&nbsp;X") */
    if (c == 0xc2 && i + k + 1 < n && (unsigned char)s[i + k + 1] == 0xa0) return true;
    return !(is_alpha(c) || c >= 0x80);
}

/* Byline leads ("By", "Von", "Written by"): data/vocab/byline_leads.txt,
 * longer leads before the ones they start or end with. */
static const gl_vocab_entry *const leads = gl_vocab_byline_leads;
#define NLEADS GL_VOCAB_BYLINE_LEADS_N

/* Role, job-title and desk words (data/vocab/author_words.txt), author
 * values that name nobody (author_generic.txt), outlet words (outlets.txt)
 * and organisations' last words (org_suffixes.txt). */
static bool author_word(const char *s, size_t n, unsigned tag)
{
    return gl_vocab_find(gl_vocab_author_words, GL_VOCAB_AUTHOR_WORDS_N, tag, s, n) != NULL;
}
static bool is_role(const char *s, size_t n)
{
    return author_word(s, n, GL_VOCAB_AUTHOR_WORDS_ROLE);
}
static bool is_title_lead(const char *s, size_t n)
{
    return author_word(s, n, GL_VOCAB_AUTHOR_WORDS_TITLE);
}
static bool is_group_word(const char *s, size_t n)
{
    return author_word(s, n, GL_VOCAB_AUTHOR_WORDS_GROUP);
}

static bool in_list(const char *s, size_t n, const char *const *list)
{
    if (!n) return false;
    int f = gl_lower((unsigned char)s[0]);
    for (size_t i = 0; list[i]; i++)
        if ((unsigned char)list[i][0] == f && gl_ascii_ieq(s, n, list[i]))
            return true;
    return false;
}

/* Where a byline lead may start in s: after space, dashes and bars. */
static size_t lead_start(const char *s, size_t n)
{
    size_t i = 0;
    /* "| By " in a screen-reader label between a kicker and the name */
    while (i < n && (gl_is_ascii_ws((unsigned char)s[i]) || s[i] == '-' || s[i] == '|')) i++;
    return i;
}

/* The class of a lead's or a text's second byte in gl_lead_filter: a
 * lower-case letter, a space, anything else (also a text's end). */
static unsigned second_class(int c)
{
    return c >= 'a' && c <= 'z' ? (unsigned)(c - 'a') : c == ' ' ? 26u : 27u;
}

void gl_meta_author_lead_filter(gl_lead_filter *lf)
{
    memset(lf, 0, sizeof *lf);
    for (size_t k = 0; k < NLEADS; k++) {
        unsigned char f = (unsigned char)leads[k].s[0];
        lf->pair[f] |= leads[k].s[1] ? 1u << second_class((unsigned char)leads[k].s[1]) : ~0u;
    }
}

bool gl_meta_author_may_lead(const gl_lead_filter *lf, const char *s, size_t n)
{
    size_t i = lead_start(s, n);
    if (i >= n) return false;
    int c2 = i + 1 < n ? gl_lower((unsigned char)s[i + 1]) : 0;
    return (lf->pair[(unsigned char)gl_lower((unsigned char)s[i])] >> second_class(c2)) & 1u;
}

/* The length of the byline lead that starts at s[i] ("by", "von", ...), or
 * 0. Runs for every short block: the first byte rejects without a call. */
static size_t lead_at(const char *s, size_t n, size_t i)
{
    int f = i < n ? gl_lower((unsigned char)s[i]) : 0;
    for (size_t k = 0; k < NLEADS; k++)
        if ((unsigned char)leads[k].s[0] == f && word_at(s, n, i, leads[k].s)) return leads[k].n;
    return 0;
}

bool gl_meta_author_has_lead(const char *s, size_t n)
{
    return lead_at(s, n, lead_start(s, n)) > 0;
}

bool gl_meta_author_is_org(const char *s, size_t n)
{
    size_t e = n;
    while (e && (s[e - 1] == ' ' || s[e - 1] == '.')) e--;
    size_t b = e;
    while (b && s[b - 1] != ' ') b--;
    if (b == 0) return false; /* one word: might be a person */
    return gl_vocab_find(gl_vocab_org_suffixes, GL_VOCAB_ORG_SUFFIXES_N, 0, s + b, e - b) != NULL;
}

static size_t count_spaces(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == ' ';
    return k;
}

/* Removes [..] and (..) groups, e-mail addresses, URLs and @handles. */
static size_t scrub(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '[' || c == '(' || c == '{') {
            char close = c == '[' ? ']' : c == '(' ? ')' : '}';
            size_t j = i + 1;
            while (j < n && s[j] != close) j++;
            i = j < n ? j + 1 : n;
            s[o++] = ' ';
            continue;
        }
        /* a token: up to the next space */
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != ',' && s[j] != ';' && s[j] != '|') j++;
        bool drop = false;
        if (j > i) {
            const char *at = memchr(s + i, '@', j - i);
            /* "Quill@maraquill": a name link glued to a handle link keeps
             * the name; an e-mail address ("jo@paper.com") goes whole */
            if (at && at > s + i && is_alpha((unsigned char)at[-1]) &&
                !memchr(at, '.', (size_t)(s + j - at))) {
                j = (size_t)(at - s);
                memmove(s + o, s + i, j - i);
                o += j - i;
                s[o++] = ' ';
                i = j;
                while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != ';' && s[i] != '|') i++;
                continue;
            }
            if (at) drop = true; /* e-mail or handle */
            if (j - i > 4 && (memcmp(s + i, "http", 4) == 0 || memcmp(s + i, "www.", 4) == 0))
                drop = true;
        }
        if (drop) {
            i = j;
            s[o++] = ' ';
            continue;
        }
        if (j == i) j = i + 1;
        memmove(s + o, s + i, j - i);
        o += j - i;
        i = j;
    }
    return o;
}

/* The name part ends at a field separator, a date, or a word like "Updated". */
static size_t cut_tail(const char *s, size_t n)
{
    static const char *const stops[] = {
        "updated", "published", "posted", "last", "aktualisiert", "veröffentlicht", "stand",
        "mis à jour", "publié", "actualizado", "publicado", "aggiornato", "pubblicato",
        "min read", "minute read", "minutes read", "read more", "follow", "share", "email",
        "e-mail", "twitter", "facebook", "linkedin", "comments", "kommentare", "photo:",
        "foto:", "bild:", "image:", "illustration", "illustrationen", "fotos", "mit fotos",
        "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "montag", "dienstag", "mittwoch", "donnerstag", "freitag",
        "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
        "dimanche", NULL};
    size_t cut = n;
    gl_date d;
    size_t pos;
    if (gl_meta_date_find(s, n, 0, &d, &pos) && pos < cut) cut = pos;
    for (size_t i = 0; i < cut; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '|' || c == '\n' || c == '\r' || c == '\t' || c == ':' || c == '/' ||
            c == '*' || c == '"') {
            /* "Autor: X" keeps X: a colon right after a lead is handled by the caller */
            if (c == ':' && i < 24 && gl_meta_author_has_lead(s, i)) continue;
            cut = i;
            break;
        }
        /* a number standing alone ends the name ("E-RYT 200", "5 min");
         * digits inside a word are a user name ("Pippin06") */
        if (c >= '0' && c <= '9' && (i == 0 || s[i - 1] == ' ')) {
            cut = i;
            break;
        }
        if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xbb) { /* » */
            cut = i;
            break;
        }
        if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xa2 || (unsigned char)s[i + 2] == 0x94 ||
             (unsigned char)s[i + 2] == 0x93)) { /* bullet, em dash, en dash */
            cut = i;
            break;
        }
        if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x8b &&
            (unsigned char)s[i + 2] == 0x85) { /* dot operator, a middle dot's look-alike */
            cut = i;
            break;
        }
        if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xb7) { /* middle dot */
            cut = i;
            break;
        }
        if (c == ' ' && i + 2 < n && s[i + 1] == '-' && s[i + 2] == ' ') {
            cut = i;
            break;
        }
        if (i == 0 || s[i - 1] == ' ') {
            int f = gl_lower(c); /* the first byte rejects without a call */
            for (size_t k = 0; stops[k]; k++)
                if ((unsigned char)stops[k][0] == f && word_at(s, n, i, stops[k])) {
                    cut = i;
                    break;
                }
            if (cut == i) break;
        }
    }
    return cut;
}

static void trim(const char **s, size_t *n)
{
    const char *p = *s;
    size_t k = *n;
    while (k && (gl_is_ascii_ws((unsigned char)*p) || *p == ',' || *p == '-' || *p == '.' ||
                 *p == ':' || *p == '\'' || *p == '"' || *p == '>'))
        p++, k--;
    while (k && (gl_is_ascii_ws((unsigned char)p[k - 1]) || p[k - 1] == ',' ||
                 p[k - 1] == '-' || p[k - 1] == ':' || p[k - 1] == '\'' || p[k - 1] == '"' ||
                 p[k - 1] == '<'))
        k--;
    *s = p;
    *n = k;
}

/* A credential or suffix that belongs to the name before it: "MD",
 * "Ph.D.", "RD", "Jr.". */
static bool is_credential(const char *s, size_t n)
{
    if (n == 0 || n > 8) return false;
    static const char *const sfx[] = {"jr", "jr.", "sr", "sr.", "ii", "iii", "ph.d.", "phd",
                                      "m.d.", "md", NULL};
    if (in_list(s, n, sfx)) return true;
    size_t up = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_upper(c)) up++;
        else if (c != '.' && c != '-' && !(c >= '0' && c <= '9') && c != ' ') return false;
    }
    return up >= 2 && up <= 6;
}

/* Splits at list separators; pieces are [start, end) pairs. */
static size_t split_list(const char *s, size_t n, size_t *starts, size_t *ends, size_t max)
{
    static const char *const conj[] = {"and", "und", "et", "y", "e", "i", "och", "en", "og",
                                       "und", NULL};
    size_t np = 0, b = 0;
    for (size_t i = 0; i <= n && np < max; i++) {
        size_t sep = 0;
        if (i == n) sep = 1;
        else if (s[i] == ',' || s[i] == ';' || s[i] == '&' || s[i] == '+') sep = 1;
        else if (i + 3 <= n && memcmp(s + i, "\xe3\x80\x81", 3) == 0) sep = 3; /* 、 */
        else if (s[i] == ' ' && i + 1 < n) {
            if (i + 5 <= n && memcmp(s + i + 1, "\xeb\xb0\x8f", 3) == 0 && (i + 4 == n || s[i + 4] == ' '))
                sep = 4; /* 및 */
            for (size_t k = 0; conj[k] && !sep; k++) {
                size_t L = strlen(conj[k]);
                if (i + 1 + L < n && s[i + 1 + L] == ' ' &&
                    memcmp(s + i + 1, conj[k], L) == 0)
                    sep = L + 1;
            }
        }
        if (!sep) continue;
        if (i > b) {
            starts[np] = b;
            ends[np] = i;
            np++;
        }
        b = i + sep;
        i = b - 1;
    }
    return np;
}

static bool plausible_name(const char *s, size_t n, const char *site)
{
    if (n < 2 || n > 80) return false;
    if (gl_vocab_find(gl_vocab_author_generic, GL_VOCAB_AUTHOR_GENERIC_N, 0, s, n)) return false;
    if (site && strlen(site) == n && gl_ascii_ieq(s, n, site)) return false;
    size_t words = 1, letters = 0, lowerwords = 0, digits = 0;
    bool word_start = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') {
            words++;
            word_start = true;
            continue;
        }
        if (c >= '0' && c <= '9') digits++;
        if (is_alpha(c) || c >= 0x80) letters++;
        if (word_start && c >= 'a' && c <= 'z') lowerwords++;
        word_start = false;
    }
    if (!letters || digits > 8) return false;
    /* template placeholders: "page.head.author", "{{author}}" */
    for (size_t i = 0; i + 1 < n; i++)
        if ((s[i] == '.' && s[i + 1] >= 'a' && s[i + 1] <= 'z') || s[i] == '{' || s[i] == '$' ||
            s[i] == '<' || s[i] == '=')
            return false;
    if (words > 6) return false;
    /* a question or exclamation is a headline, not a name */
    if (memchr(s, '?', n) || memchr(s, '!', n)) return false;
    /* a sentence, not a name: several lower-case words ("van", "de" allowed) */
    if (words >= 3 && lowerwords * 2 > words) return false;
    if (memchr(s, '.', n) && words == 1 && n > 4 && !memchr(s, ' ', n) &&
        (strstr(s, ".com") || strstr(s, ".de") || strstr(s, ".org")))
        return false;
    return true;
}

/* "LEE SEUNG-HO" -> "Lee Seung-ho": only when no ASCII lower-case letter. */
static void recase(char *s, size_t n)
{
    size_t up = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 'a' && s[i] <= 'z') return;
        if (is_upper((unsigned char)s[i])) up++;
    }
    if (up < 3) return;
    bool start = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') {
            start = true;
            continue;
        }
        if (is_upper(c) && !start) s[i] = (char)gl_lower(c);
        start = false;
    }
}

/* Word k (0-based) of s: [*b, *e). False past the last word. */
static bool word_k(const char *s, size_t n, size_t k, size_t *b, size_t *e)
{
    size_t i = 0;
    for (;;) {
        while (i < n && s[i] == ' ') i++;
        if (i >= n) return false;
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (!k--) {
            *b = i;
            *e = j;
            return true;
        }
        i = j;
    }
}

/* A word that starts with a capital: an ASCII one, or any non-ASCII start
 * ("Ørsted"), which this test cannot case. */
static bool capitalised(const char *w)
{
    return is_upper((unsigned char)w[0]) || (unsigned char)w[0] >= 0x80;
}

/* Name particles and initials that make a third word part of the name. */
static bool joins_name(const char *w, size_t n)
{
    static const char *const part[] = {"van", "von", "de", "da", "del", "della", "di", "du",
                                       "le", "la", "bin", "al", "el", "dos", "das", NULL};
    return in_list(w, n, part) || (n == 2 && w[1] == '.') || (n == 1);
}

/* Words 0..k-1 of s read as a person's name: capitalised (or an initial),
 * none a role word or an article ("Our Editorial Staff"). */
static bool name_words(const char *s, size_t n, size_t k)
{
    static const char *const art[] = {"the", "our", "die", "der", "das", "la", "le", "el", NULL};
    for (size_t j = 0; j < k; j++) {
        size_t b = 0, e = 0;
        if (!word_k(s, n, j, &b, &e) || !capitalised(s + b) || is_role(s + b, e - b) ||
            in_list(s + b, e - b, art))
            return false;
    }
    return true;
}

/* Rule meta.authors.tail: what follows a full name of two or three words
 * in the same piece and is not name: a job title of capitalised words
 * opened by a title word ("Dev Arun Senior Politics Reporter"), a place or
 * employer after a lower-case "in" ("Priya Nandakumar in Valve"), or an
 * outlet after a two-word name ("Tom Briggs New York Daily News",
 * "Tom Davies Associated Press"; a particle or an initial makes it three).
 * Returns the new length, and sets *title when a job title was cut. */
static size_t cut_name_tail(const char *s, size_t n, bool *title)
{
    size_t b = 0, e = 0, words = 0;
    *title = false;
    while (word_k(s, n, words, &b, &e)) words++;
    if (words < 3) return n;
    word_k(s, n, words - 1, &b, &e);
    if (words >= 4 && gl_vocab_find(gl_vocab_outlets, GL_VOCAB_OUTLETS_N, 0, s + b, e - b)) {
        size_t keep = 2;
        word_k(s, n, 1, &b, &e);
        if (joins_name(s + b, e - b)) keep = 3;
        if (name_words(s, n, keep)) {
            word_k(s, n, keep - 1, &b, &e);
            return e;
        }
    }
    for (size_t k = 2; k <= 3 && k < words; k++) {
        if (!name_words(s, n, k)) break;
        word_k(s, n, k, &b, &e);
        size_t wn = e - b, nb = 0, ne = 0;
        if (wn == 2 && memcmp(s + b, "in", 2) == 0) {
            if (word_k(s, n, k + 1, &nb, &ne) && capitalised(s + nb)) return b - 1;
            break;
        }
        if (!capitalised(s + b) || !is_title_lead(s + b, wn)) continue;
        bool phrase = true;
        for (size_t j = k + 1; j < words && phrase; j++) {
            size_t jb = 0, je = 0;
            word_k(s, n, j, &jb, &je);
            phrase = capitalised(s + jb) || gl_ascii_ieq(s + jb, je - jb, "of") ||
                     gl_ascii_ieq(s + jb, je - jb, "for") || gl_ascii_ieq(s + jb, je - jb, "and");
        }
        if (phrase) {
            *title = true;
            return b - 1;
        }
    }
    return n;
}

/* A piece that is a job title, not a name: a title word first, a role word
 * last, capitalised words between ("Senior Politics Reporter" after
 * "Dev Arun,"). */
static bool title_phrase(const char *s, size_t n)
{
    size_t b = 0, e = 0, words = 0;
    while (word_k(s, n, words, &b, &e)) words++;
    if (words < 2) return false;
    word_k(s, n, 0, &b, &e);
    if (!is_title_lead(s + b, e - b)) return false;
    word_k(s, n, words - 1, &b, &e);
    if (!is_role(s + b, e - b)) return false;
    for (size_t k = 1; k + 1 < words; k++) {
        word_k(s, n, k, &b, &e);
        if (!capitalised(s + b)) return false;
    }
    return true;
}

/* strips leading role words ("Staff Reporter John Smith") and trailing ones */
static void strip_roles(const char **s, size_t *n)
{
    for (int guard = 0; guard < 6; guard++) {
        size_t e = 0;
        while (e < *n && (*s)[e] != ' ') e++;
        if (e == *n || !is_role(*s, e)) break;
        *s += e + 1;
        *n -= e + 1;
    }
    for (int guard = 0; guard < 6; guard++) {
        size_t b = *n;
        while (b && (*s)[b - 1] != ' ') b--;
        if (b == 0 || !is_role(*s + b, *n - b)) break;
        *n = b - 1;
        trim(s, n);
    }
}

static bool all_roles(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != ' ') e++;
        if (!is_role(s + i, e - i) && !(e - i == 2 && gl_ascii_ieq(s + i, 2, "at")) &&
            !(e - i == 3 && gl_ascii_ieq(s + i, 3, "the")))
            return false;
        i = e + 1;
    }
    return true;
}

/* Whether the last word of s names a group of writers. */
static bool last_word_group(const char *s, size_t n)
{
    size_t b = n;
    while (b && s[b - 1] != ' ') b--;
    return is_group_word(s + b, n - b);
}

/* "Acme Team", "Redaktion Nordlicht Magazin": a group named by its own name; a
 * group word alone or among role words ("Staff Writer", "News Desk") is
 * no name. */
static bool group_credit(const char *s, size_t n)
{
    size_t e = 0;
    while (e < n && s[e] != ' ') e++;
    if (e == n || all_roles(s, n)) return false;
    if (last_word_group(s, n)) return true;
    return is_group_word(s, e) && !gl_ascii_ieq(s, e, "staff");
}

size_t gl_meta_author_desk(const char *s, size_t n, size_t *off)
{
    const char *b = s;
    while (n && (*s == ' ' || *s == '-' || *s == ':')) s++, n--;
    size_t L = lead_at(s, n, 0);
    s += L;
    n -= L;
    trim(&s, &n);
    *off = (size_t)(s - b);
    /* "the", "our", "die", "la": an article before the group word */
    const char *g = s;
    size_t gn = n, e = 0;
    while (e < gn && g[e] != ' ') e++;
    static const char *const art[] = {"the", "our", "die", "la", "de", "el", "le", NULL};
    if (e < gn && in_list(g, e, art)) g += e + 1, gn -= e + 1;
    return gn && n < 40 && all_roles(g, gn) && last_word_group(g, gn) ? n : 0;
}

size_t gl_meta_author_split(gl_arena *arena, const char *src, size_t srcn, const char *site,
                            gl_namelist *out)
{
    char buf[AUTHOR_MAX + 1];
    if (!src || !srcn) return 0;
    size_t n = srcn > AUTHOR_MAX ? AUTHOR_MAX : srcn;
    memcpy(buf, src, n);
    buf[n] = 0;
    n = gl_meta_squash(buf, n);
    n = scrub(buf, n);
    buf[n] = 0;
    n = gl_meta_squash(buf, n);
    /* a lead after one glued word is a lead: "Beitrag|von X" */
    const char *bar = memchr(buf, '|', n);
    if (bar && !memchr(buf, ' ', (size_t)(bar - buf)) &&
        gl_meta_author_has_lead(bar + 1, n - (size_t)(bar - buf) - 1))
        buf[bar - buf] = ' ';
    /* leads, repeatedly ("Text und Fotos: ..." is rare; "By: X" common) */
    const char *s = buf;
    for (int guard = 0; guard < 3; guard++) {
        size_t i = lead_start(s, n), L = lead_at(s, n, i);
        if (!L) break;
        i += L;
        /* "By|Jane Doe": the lead in an element of its own */
        while (i < n && (s[i] == ' ' || s[i] == ':' || s[i] == '|')) i++;
        s += i;
        n -= i;
    }
    /* "Recipe by X": the lead after a word or two */
    for (size_t i = 1, words = 0; i + 4 < n && words < 3; i++) {
        if (s[i - 1] != ' ') continue;
        words++;
        static const char *const inner[] = {"by", NULL}; /* "von", "de": name particles */
        size_t L = 0;
        for (size_t k = 0; inner[k] && !L; k++)
            if (word_at(s, n, i, inner[k])) L = strlen(inner[k]);
        /* a name follows: capitalised, a few words at most */
        if (L && i + L + 1 < n && s[i + L] == ' ' && is_upper((unsigned char)s[i + L + 1]) &&
            count_spaces(s + i + L + 1, n - i - L - 1) < 3) {
            s += i + L + 1;
            n -= i + L + 1;
            break;
        }
    }
    n = cut_tail(s, n);
    /* trailing connectors left before a cut date: "X on", "X am", "X le" */
    for (int guard = 0; guard < 2; guard++) {
        const char *p = s;
        size_t k = n;
        trim(&p, &k);
        size_t b = k;
        while (b && p[b - 1] != ' ') b--;
        static const char *const conn[] = {"on", "am", "le", "el", "il", "em", "op", "the",
                                           "at", "in", "den", "vom", "du", "del", NULL};
        if (b && in_list(p + b, k - b, conn)) n = (size_t)(p - s) + b - 1;
        else break;
    }
    size_t st[16], en[16];
    size_t np = split_list(s, n, st, en, 16);
    size_t added = 0;
    bool after_title = false;
    for (size_t k = 0; k < np && out->n < 16; k++) {
        const char *p = s + st[k];
        size_t len = en[k] - st[k];
        trim(&p, &len);
        if (!len) continue;
        if (is_credential(p, len) && added) {
            /* attach to the name before it */
            char *prev = out->v[out->n - 1];
            size_t pl = strlen(prev);
            char *m = gl_arena_alloc(arena, pl + 2 + len + 1);
            if (!m) return added;
            memcpy(m, prev, pl);
            memcpy(m + pl, ", ", 2);
            memcpy(m + pl + 2, p, len);
            m[pl + 2 + len] = 0;
            out->v[out->n - 1] = m;
            continue;
        }
        /* "Executive Editor and Master Gardener": after a job title that
         * was cut, a piece joined by a conjunction is more of the title */
        bool conj = k && st[k] > en[k - 1] && is_alpha((unsigned char)s[st[k] - 1]);
        if (after_title && conj) continue;
        after_title = false;
        if (all_roles(p, len) || title_phrase(p, len)) continue;
        bool group = group_credit(p, len);
        if (group && site) {
            /* "Jane Doe Harbour News Staff": a person, then the site's desk */
            size_t sl = strlen(site), b = len;
            while (b && p[b - 1] != ' ') b--;
            if (b > sl + 2 && p[b - sl - 2] == ' ' && gl_ascii_ieq(p + b - sl - 1, sl, site) &&
                memchr(p, ' ', b - sl - 2)) {
                len = b - sl - 2;
                group = false;
            }
        }
        if (!group) {
            len = cut_name_tail(p, len, &after_title);
            strip_roles(&p, &len);
        }
        trim(&p, &len);
        /* "Jane Doe Harbour News": the site's name glued after a full name */
        if (site) {
            size_t sl = strlen(site);
            if (sl && len > sl + 1 && p[len - sl - 1] == ' ' && gl_ascii_ieq(p + len - sl, sl, site) &&
                memchr(p, ' ', len - sl - 1)) {
                len -= sl + 1;
                trim(&p, &len);
            }
        }
        if (!plausible_name(p, len, site)) continue;
        char *v = gl_arena_strndup(arena, p, len);
        if (!v) return added;
        recase(v, len);
        bool dup = false;
        for (size_t j = 0; j < out->n; j++)
            if (strcmp(out->v[j], v) == 0) dup = true;
        if (dup) continue;
        out->v[out->n++] = v;
        added++;
    }
    return added;
}
