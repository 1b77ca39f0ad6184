/*
 * post.c -- post-processing of the block list, and the page's type and
 * confidence.
 *
 * Works on the emitted blocks rather than the DOM: repeated lines (sticky
 * headers, captions twice), ad labels, bylines, sign-up and share prompts,
 * cookie notices and the date/weather fragments that sit before the first
 * real paragraph. Duplicates are found through a hash set, so the pass is
 * linear in the number of blocks.
 */
#include <stdlib.h>

#include "../article/bwalk.h"
#include "../article/vocab.h"
#include "extract_int.h"

/* Thresholds: tuning.h, from first_para_min_chars to gallery_story_min_chars. */

/* Lower-cased copy of at most `cap` bytes, letters and digits kept (ASCII
 * and the capitals gl_utf8_lower2() knows folded), everything else folded to
 * single spaces. */
static size_t fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    bool sp = true;
    for (size_t i = 0; i < n && k < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0xC3 && ch <= 0xD0 && i + 1 < n && k + 1 < cap &&
            ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            unsigned char b0 = ch, b1 = (unsigned char)s[i + 1];
            gl_utf8_lower2(&b0, &b1);
            out[k++] = (char)b0;
            out[k++] = (char)b1;
            i++;
            sp = false;
        } else if (ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z')) {
            out[k++] = (char)gl_lower(ch);
            sp = false;
        } else if (!sp) {
            out[k++] = ' ';
            sp = true;
        }
    }
    while (k && out[k - 1] == ' ') k--;
    return k;
}

/* Ad labels: data/vocab/ad_labels.txt (folded, like fold() writes). */
bool gl_extract_is_ad_label(const char *s, size_t n)
{
    if (n > 48) return false;
    char f[64];
    size_t k = fold(s, n, f, sizeof f);
    size_t st = 0;
    while (st < k && f[st] == ' ') st++;
    for (size_t i = 0; i < GL_VOCAB_AD_LABELS_N; i++) {
        size_t l = gl_vocab_ad_labels[i].n;
        if (k - st == l && memcmp(f + st, gl_vocab_ad_labels[i].s, l) == 0) return true;
    }
    return false;
}

/* "Anzeige, enthält Affiliate Links", "ANZEIGE - Heute ...": a line that
 * opens with an ad label and a dash, comma or colon is the ad's. */
static bool is_ad_prefixed(const char *s, size_t n)
{
    if (n > 200) return false;
    size_t st = 0;
    while (st < n && (s[st] == '*' || s[st] == ' ' || s[st] == '[' || s[st] == '(')) st++;
    for (size_t i = 0; i < GL_VOCAB_AD_LABELS_N; i++) {
        if (!(gl_vocab_ad_labels[i].tags & GL_VOCAB_AD_LABELS_OPENS)) continue;
        const char *w = gl_vocab_ad_labels[i].s;
        size_t l = gl_vocab_ad_labels[i].n;
        if (n - st <= l) continue;
        bool eq = true;
        for (size_t j = 0; j < l && eq; j++)
            eq = gl_lower((unsigned char)s[st + j]) == (unsigned char)w[j];
        if (!eq) continue;
        size_t k = st + l;
        while (k < n && s[k] == ' ') k++;
        if (k < n && (s[k] == ',' || s[k] == '-' || s[k] == ':' || s[k] == '|' || s[k] == '.' ||
                      s[k] == ']' || s[k] == ')' || (unsigned char)s[k] == 0xE2 /* dashes */))
            return true;
    }
    return false;
}

/* Where `needle` first occurs in hay[0..n), or NULL (an empty needle too). */
static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0 || m > n) return NULL;
    const char *p = hay, *end = hay + n - m + 1;
    while (p < end && (p = memchr(p, needle[0], (size_t)(end - p))) != NULL) {
        if (memcmp(p, needle, m) == 0) return p;
        p++;
    }
    return NULL;
}

static bool contains(const char *hay, size_t n, const char *needle)
{
    return needle[0] == 0 || find(hay, n, needle) != NULL;
}

/* Whether the line `s` is prose: a sentence of prompt_prose_min_words words
 * or more that ends with a full stop, a question mark or a colon (an
 * exclamation mark is a call's). */
static bool prose_sentence(const gl_xtune *t, const char *s, size_t n, size_t words)
{
    size_t e = n;
    while (e && (s[e - 1] == ' ' || s[e - 1] == '\n')) e--;
    return words >= t->prompt_prose_min_words && e && s[e - 1] != '!' &&
           gl_extract_ends_sentence(s, n, true);
}

/* The figures of post.prompt_in_prose, for the trace. */
#define PROSE_FIGS(t, n)                                                                           \
    GL_FIGS({"chars", (n)}, {"min_words", (t)->prompt_prose_min_words},                           \
            {"min_before", (t)->prompt_prose_min_before})

/* Short prompts around articles: sign up, share, read more, follow
 * (data/vocab/prompts.txt). A phrase that names a thing (@noun: "comments",
 * "most popular") prompt_prose_min_before words or more into a sentence of
 * prose is the sentence's word ("... embarrassed by these comments and I
 * regret them."): *in_prose is set, and it is no prompt. */
static bool is_prompt(const gl_xtune *t, const char *s, size_t n, bool *in_prose)
{
    *in_prose = false;
    if (n > 160) return false;
    char f[200];
    size_t k = fold(s, n, f, sizeof f);
    size_t words = 1;
    for (size_t i = 0; i < k; i++) words += f[i] == ' ';
    int prose = -1; /* not yet known */
    /* the phrases are written folded: lower case, single spaces */
    for (size_t i = 0; i < GL_VOCAB_PROMPTS_N; i++) {
        const char *at = find(f, k, gl_vocab_prompts[i].s);
        if (!at) continue;
        if (gl_vocab_prompts[i].tags & GL_VOCAB_PROMPTS_NOUN) {
            if (prose < 0) prose = prose_sentence(t, s, n, words);
            size_t before = 0;
            for (const char *q = f; q < at; q++) before += *q == ' ';
            if (prose && before >= t->prompt_prose_min_before) {
                *in_prose = true;
                continue;
            }
        }
        *in_prose = false;
        return true;
    }
    return false;
}

/* A copyright line or the site's terms (data/vocab/legal_notices.txt). */
static bool is_legal_notice(const gl_xtune *t, const char *s, size_t n)
{
    if (n > t->legal_notice_max_chars) return false;
    char f[640];
    size_t k = fold(s, n, f, sizeof f);
    for (size_t i = 0; i < GL_VOCAB_LEGAL_NOTICES_N; i++)
        if (contains(f, k, gl_vocab_legal_notices[i].s)) return true;
    return false;
}

/* Photo credits left as lines of their own (data/vocab/credit_leads.txt,
 * credit_phrases.txt). */
static bool is_credit(const char *s, size_t n)
{
    if (n > 100) return false;
    char f[128];
    size_t k = fold(s, n, f, sizeof f);
    /* "Augusta National/Getty Images": an agency's name in a short line */
    if (n < 60)
        for (size_t i = 0; i < GL_VOCAB_CREDIT_PHRASES_N; i++)
            if ((gl_vocab_credit_phrases[i].tags & GL_VOCAB_CREDIT_PHRASES_AGENCY) &&
                contains(f, k, gl_vocab_credit_phrases[i].s))
                return true;
    /* "AFP / JANE DOE", "REUTERS/John Doe": an agency, a slash, a name */
    if (n < 50 && memchr(s, '/', n)) {
        size_t upper = 0, lower = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)s[i];
            if (ch >= 'A' && ch <= 'Z') upper++;
            else if (ch >= 'a' && ch <= 'z') lower++;
        }
        size_t sl = (size_t)((const char *)memchr(s, '/', n) - s);
        bool agency = sl >= 2 && sl <= 12;
        for (size_t i = 0; agency && i < sl; i++)
            if ((unsigned char)s[i] >= 'a' && (unsigned char)s[i] <= 'z') agency = false;
        if (agency && upper >= 4 && lower * 2 <= upper + lower) return true;
    }
    for (size_t i = 0; i < GL_VOCAB_CREDIT_PHRASES_N; i++) {
        const gl_vocab_entry *w = &gl_vocab_credit_phrases[i];
        if ((w->tags & GL_VOCAB_CREDIT_PHRASES_OPENS) && k >= w->n && memcmp(f, w->s, w->n) == 0)
            return true;
    }
    for (size_t i = 0; i < GL_VOCAB_CREDIT_LEADS_N; i++) {
        size_t l = gl_vocab_credit_leads[i].n;
        if (k >= l && memcmp(f, gl_vocab_credit_leads[i].s, l) == 0 && (k == l || f[l] == ' ')) {
            /* "Photo: X" reads "photo x": a colon was there if the raw text has one */
            return memchr(s, ':', n) != NULL;
        }
    }
    return false;
}

/* A heading that announces other stories ("More in Sports", "More from
 * the author", "Related"): the list right under it is a teaser list even
 * when its items carry excerpts, which the link-density test misses
 * (data/vocab/more_headings.txt). */
static bool is_more_heading(const char *s, size_t n)
{
    if (n > 80) return false;
    char f[96];
    size_t k = fold(s, n, f, sizeof f);
    for (size_t i = 0; i < GL_VOCAB_MORE_HEADINGS_N; i++) {
        size_t l = gl_vocab_more_headings[i].n;
        if (k >= l && memcmp(f, gl_vocab_more_headings[i].s, l) == 0) return true;
    }
    return false;
}

/* "cookie" and one of data/vocab/cookie_words.txt */
static bool is_cookie_notice(const char *s, size_t n)
{
    if (n > 600) return false;
    char f[640];
    size_t k = fold(s, n, f, sizeof f);
    if (!contains(f, k, "cookie")) return false;
    for (size_t i = 0; i < GL_VOCAB_COOKIE_WORDS_N; i++)
        if (contains(f, k, gl_vocab_cookie_words[i].s)) return true;
    return false;
}

/* A byline left as a line of its own: it opens with a byline lead tagged
 * @line in data/vocab/byline_leads.txt ("By ") and does not end like a
 * sentence. */
static bool is_byline(const gl_xtune *t, const char *s, size_t n)
{
    if (n < 4 || n > t->byline_max_chars) return false;
    bool lead = false;
    for (size_t i = 0; i < GL_VOCAB_BYLINE_LEADS_N && !lead; i++) {
        const gl_vocab_entry *w = &gl_vocab_byline_leads[i];
        lead = (w->tags & GL_VOCAB_BYLINE_LEADS_LINE) && n > w->n && s[w->n] == ' ' &&
               gl_ascii_ieq(s, w->n, w->s);
    }
    /* a byline does not end like a sentence */
    return lead && (s[n - 1] != '.' || n < t->byline_sentence_min_chars);
}

/* Date bars, weather and ticker fragments: short, made of numbers. */
static bool is_numeric_fragment(const gl_xtune *t, const char *s, size_t n)
{
    if (n > t->numeric_fragment_max_chars) return false;
    size_t digits = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= '0' && ch <= '9') digits++;
        else if (ch >= 0x80 || ((ch | 32) >= 'a' && (ch | 32) <= 'z')) letters++;
    }
    return digits > 0 && digits * t->numeric_fragment_digit_part >= (digits + letters);
}

/* Date lines ("Updated 11:21 pm CST, Tuesday, November 19, 2019",
 * "Publié le 3 mars 2021 à 10h"): every word is a number or a word of
 * dates and times (data/vocab/date_line_words.txt). */
static bool is_date_line(const char *s, size_t n)
{
    if (n > 80 || n < 6) return false;
    char f[96];
    size_t k = fold(s, n, f, sizeof f);
    size_t toks = 0, datey = 0, digits = 0;
    for (size_t i = 0; i < k;) {
        while (i < k && f[i] == ' ') i++;
        size_t j = i;
        while (j < k && f[j] != ' ') j++;
        if (j == i) break;
        toks++;
        bool num = true;
        for (size_t q = i; q < j; q++)
            if (f[q] < '0' || f[q] > '9') num = false;
        if (num) {
            digits++;
            datey++;
        } else {
            /* "19th", "3rd": a number with its suffix */
            size_t q = i;
            while (q < j && f[q] >= '0' && f[q] <= '9') q++;
            bool hit = q > i;
            for (size_t w = 0; !hit && w < GL_VOCAB_DATE_LINE_WORDS_N; w++)
                hit = gl_vocab_date_line_words[w].n == j - q &&
                      memcmp(gl_vocab_date_line_words[w].s, f + q, j - q) == 0;
            if (hit) datey++;
            else return false;
        }
        i = j;
    }
    return digits > 0 && toks >= 2 && datey == toks;
}

uint32_t gl_extract_link_bytes(const gl_block *b)
{
    uint32_t l = 0;
    for (uint32_t i = 0; i < b->nspans; i++)
        if (b->spans[i].kind == GL_SPAN_LINK) l += b->spans[i].end - b->spans[i].start;
    return l > b->text_len ? b->text_len : l;
}

/* Set of text hashes (open addressing). Never more than half full: past
 * that it stops remembering, so lookups stay O(1) and never loop. */
typedef struct hset {
    uint64_t *v;
    const char **txt; /* a prefix key's text (arena-owned), to check a near repeat */
    uint32_t *len;
    size_t cap, n;
} hset;

static uint64_t hash_text(const char *s, size_t n);

/* Near repeats (a caption with and without its credit, a teaser cut with
 * an ellipsis) are one text begun again: the shorter is the start of the
 * longer. Texts of 80 bytes or more get a key for their first 80 too, and a
 * match on it counts only when that holds -- two paragraphs that merely
 * open alike (terms in each currency, answers of a FAQ) are both content. */
#define NEAR_PREFIX_BYTES 80
static bool seen_text(hset *hs, const char *t, size_t n, bool add);

static void hset_init(hset *hs, size_t cap)
{
    hs->cap = cap;
    hs->n = 0;
    hs->v = calloc(cap, sizeof *hs->v);
    hs->txt = calloc(cap, sizeof *hs->txt);
    hs->len = calloc(cap, sizeof *hs->len);
    if (hs->v && hs->txt && hs->len) return;
    free(hs->v);
    free(hs->txt);
    free(hs->len);
    hs->v = NULL; /* remembers nothing: no repeat is found */
    hs->txt = NULL;
    hs->len = NULL;
}

static void hset_free(hset *hs)
{
    free(hs->v);
    free(hs->txt);
    free(hs->len);
}

/* The length of `s` without a closing ellipsis ("...", U+2026) and the
 * spaces before it. */
static size_t without_ellipsis(const char *s, size_t n)
{
    for (;;) {
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) n--;
        if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0) n -= 3;
        else if (n >= 1 && s[n - 1] == '.' && n >= 3 && s[n - 2] == '.' && s[n - 3] == '.') n -= 3;
        else return n;
    }
}

/* True when the shorter of a and b, less a closing ellipsis, is the start of
 * the longer: bytes compared as hash_text reads them (spaces and newlines
 * skipped, ASCII case folded). */
static bool near_repeat(const char *a, size_t an, const char *b, size_t bn)
{
    if (an > bn) {
        const char *t = a;
        size_t tn = an;
        a = b, an = bn, b = t, bn = tn;
    }
    an = without_ellipsis(a, an);
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && (a[i] == ' ' || a[i] == '\n')) i++;
        while (j < bn && (b[j] == ' ' || b[j] == '\n')) j++;
        if (i == an) return true;
        if (j == bn || gl_lower((unsigned char)a[i]) != gl_lower((unsigned char)b[j])) return false;
        i++, j++;
    }
}

/* True when `h` was seen before; otherwise remembers it when `add`. A
 * prefix key (t non-NULL) is seen only when its text and t are near
 * repeats (near_repeat). */
static bool seen(hset *hs, uint64_t h, bool add, const char *t, size_t n)
{
    if (!hs->v) return false;
    size_t i = (size_t)h & (hs->cap - 1);
    while (hs->v[i] && hs->v[i] != h) i = (i + 1) & (hs->cap - 1);
    if (hs->v[i] == h) return !t || near_repeat(hs->txt[i], hs->len[i], t, n);
    if (add && hs->n * 2 < hs->cap) {
        hs->v[i] = h;
        hs->txt[i] = t;
        hs->len[i] = (uint32_t)n;
        hs->n++;
    }
    return false;
}

static bool seen_text(hset *hs, const char *t, size_t n, bool add)
{
    bool full = seen(hs, hash_text(t, n), add, NULL, 0);
    if (n < NEAR_PREFIX_BYTES) return full;
    bool pre = seen(hs, hash_text(t, NEAR_PREFIX_BYTES) ^ 0x9e3779b97f4a7c15ull, add, t, n);
    return full || pre;
}

/* Takes `it`, the child after `prev` (NULL: the first), out of `parent`. */
static void unlink_child(gl_block *parent, gl_block *prev, gl_block *it)
{
    if (prev) prev->next = it->next;
    else parent->first_child = it->next;
    if (parent->last_child == it) parent->last_child = prev;
}

/* Items that are prompts, ad labels, copyright lines or repeats leave the
 * list. */
static void prune_items(gl_xctx *c, gl_block *list, hset *hs, hset *hi)
{
    const gl_xtune *t = c->tune;
    gl_block *prev = NULL;
    for (gl_block *it = list->first_child; it;) {
        gl_block *next = it->next;
        const char *why = NULL;
        bool prose = false;
        if (it->type == GALLEY_BLOCK_LIST_ITEM && !it->first_child && it->text_len) {
            if (gl_extract_is_ad_label(it->text, it->text_len)) why = "post.item_ad_label";
            else if (it->text_len < t->prompt_max_chars && is_prompt(t, it->text, it->text_len, &prose))
                why = "post.item_prompt";
            else if (it->text_len >= t->item_repeat_min_chars &&
                     seen_text(hs, it->text, it->text_len, false))
                why = "post.item_duplicate";
        }
        bool drop = why != NULL;
        if (!why && prose && c->tr)
            gl_xtrace_keep(c, it, "post.prompt_in_prose", PROSE_FIGS(t, it->text_len));
        if (why && c->tr)
            gl_xtrace_drop(c, it, why, GL_FIGS({"chars", it->text_len},
                                              {"prompt_max_chars", t->prompt_max_chars},
                                              {"repeat_min_chars", t->item_repeat_min_chars}));
        /* items may repeat each other (a plan, a schedule); they are
         * remembered apart, for captions and paragraphs that repeat them */
        if (!drop && it->text_len >= t->item_repeat_min_chars) seen_text(hi, it->text, it->text_len, true);
        if (drop) unlink_child(list, prev, it);
        else prev = it;
        it = next;
    }
}

/* Rules post.quote_prompt and post.quote_repeat: a quotation's own line
 * that is a prompt (a forum's "Click to expand..." under a quoted post)
 * goes, and so does a line of item_repeat_min_chars or more that repeats
 * a paragraph read before (a reply quoting an earlier post, a pull quote
 * repeating the story): the page's text holds it once. The rest of the
 * quotation stays; one left empty goes as post.empty. */
static void prune_quote(gl_xctx *c, gl_block *quote, hset *hs)
{
    const gl_xtune *t = c->tune;
    gl_block *prev = NULL;
    for (gl_block *p = quote->first_child; p;) {
        gl_block *next = p->next;
        bool prose = false;
        const char *why = NULL;
        if (p->type == GALLEY_BLOCK_PARAGRAPH && !p->first_child && p->text_len) {
            if (p->text_len < t->prompt_max_chars && is_prompt(t, p->text, p->text_len, &prose))
                why = "post.quote_prompt";
            else if (p->text_len >= t->item_repeat_min_chars &&
                     seen_text(hs, p->text, p->text_len, false))
                why = "post.quote_repeat";
        }
        if (why) {
            if (c->tr)
                gl_xtrace_drop(c, p, why,
                               GL_FIGS({"chars", p->text_len}, {"prompt_max_chars", t->prompt_max_chars},
                                       {"repeat_min_chars", t->item_repeat_min_chars}));
            unlink_child(quote, prev, p);
        } else {
            prev = p;
        }
        p = next;
    }
}

/* A list whose items are mostly links: related stories, tag clouds. */
static void count_link_items(const gl_xtune *t, const gl_block *list, size_t *items,
                             size_t *linky)
{
    for (const gl_block *it = list->first_child; it; it = it->next) {
        if (it->type != GALLEY_BLOCK_LIST_ITEM) continue;
        (*items)++;
        if (it->text_len &&
            (uint64_t)gl_extract_link_bytes(it) * 100 >=
                (uint64_t)it->text_len * t->link_item_min_link_pct)
            (*linky)++;
    }
}

/* Lists that follow each other with nothing between them are one list set
 * in columns (a layout table, a multi-column block): they are judged
 * together, so one column is not kept and its neighbour dropped. The run
 * starts at `list`; lists met before it were judged with it. */
static bool link_list_run(const gl_xtune *t, const gl_block *list)
{
    size_t items = 0, linky = 0;
    for (const gl_block *b = list; b && b->type == GALLEY_BLOCK_LIST; b = b->next)
        count_link_items(t, b, &items, &linky);
    return items >= 2 && (uint64_t)linky * 100 >= (uint64_t)items * t->link_list_min_item_pct;
}

static uint64_t hash_text(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\n') continue;
        h ^= (uint64_t)gl_lower(ch);
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

/* total characters of text under a block (children included) */
static size_t block_chars(const gl_block *b)
{
    size_t t = 0;
    gl_bwalk w;
    gl_bwalk_init_tree(&w, b);
    for (const gl_block *k; (k = gl_bwalk_next_block(&w));) t += k->text_len;
    gl_bwalk_free(&w);
    return t;
}

/* A slideshow built into the body: a run of gallery_min_figures or more
 * pictures, each followed by at most one short line (its slide text), is
 * the story's gallery, not the story. It leaves when the body has a story
 * of its own outside the run (gallery_story_min_chars of paragraphs), so
 * a page that is only pictures keeps them. Not in recall mode. */
static bool gallery_slide(const gl_xtune *t, const gl_block *b, const gl_block *prev)
{
    if (b->type == GALLEY_BLOCK_FIGURE) return b->text_len > 0;
    return b->type == GALLEY_BLOCK_PARAGRAPH && prev && prev->type == GALLEY_BLOCK_FIGURE &&
           prev->text_len > 0 && b->text_len < t->gallery_caption_max_chars;
}

static void drop_gallery(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    gl_article *a = c->a;
    size_t story = 0; /* paragraph text outside runs of slides */
    size_t best = 0;  /* figures in the longest run */
    gl_block *start = NULL, *run = NULL, *rprev = NULL, *before = NULL, *prev = NULL;
    size_t figs = 0, run_text = 0;
    for (gl_block *b = a->blocks;; b = b->next) {
        if (b && gallery_slide(t, b, prev)) {
            if (!figs && b->type == GALLEY_BLOCK_FIGURE) {
                run = b;
                rprev = prev;
                run_text = 0;
            }
            if (run) {
                if (b->type == GALLEY_BLOCK_FIGURE) figs++;
                else run_text += b->text_len;
            }
        } else {
            if (figs > best) {
                best = figs;
                start = run;
                before = rprev;
            } else if (run) {
                story += run_text; /* a short run's lines count as story */
            }
            figs = 0;
            run = NULL;
            if (!b) break;
            if (b->type == GALLEY_BLOCK_PARAGRAPH) story += b->text_len;
        }
        prev = b;
    }
    if (best < t->gallery_min_figures || story < t->gallery_story_min_chars) return;
    /* unlink the run: from `start` while the blocks are slides */
    gl_block *b = start, *p = before;
    while (b && gallery_slide(t, b, p)) {
        if (c->tr)
            gl_xtrace_drop(c, b, "post.gallery",
                           GL_FIGS({"figures", best}, {"story_chars", story},
                                   {"min_figures", t->gallery_min_figures},
                                   {"story_min_chars", t->gallery_story_min_chars}));
        p = b;
        b = b->next;
    }
    if (before) before->next = b;
    else a->blocks = b;
    if (!b) a->blocks_tail = before;
}

/* Whether the text ends as a sentence does: ".", "!", "?" (and ":" with
 * `colon`), U+3002 IDEOGRAPHIC FULL STOP or U+2026 HORIZONTAL ELLIPSIS,
 * before any closing quotes or bracket (" ' ) ” ’ »). */
bool gl_extract_ends_sentence(const char *s, size_t n, bool colon)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) n--;
    for (;;) {
        if (n && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')')) n--;
        else if (n >= 3 && (unsigned char)s[n - 3] == 0xe2 && (unsigned char)s[n - 2] == 0x80 &&
                 ((unsigned char)s[n - 1] == 0x9d || (unsigned char)s[n - 1] == 0x99))
            n -= 3;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 && (unsigned char)s[n - 1] == 0xbb) n -= 2;
        else break;
    }
    if (n >= 3 && (unsigned char)s[n - 3] == 0xe3 && (unsigned char)s[n - 2] == 0x80 &&
        (unsigned char)s[n - 1] == 0x82)
        return true;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xe2 && (unsigned char)s[n - 2] == 0x80 &&
        (unsigned char)s[n - 1] == 0xa6)
        return true;
    return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?' || (colon && s[n - 1] == ':'));
}

/* The box a paragraph was read in: the parent of its block element (NULL
 * when not known). */
static const gl_node *para_box(const gl_block *b)
{
    const gl_node *p = b->from ? b->from->parent : NULL;
    /* bounded by the tree's depth cap */
    while (p && p->type == GALLEY_NODE_ELEMENT && !gl_extract_is_block_tag(p)) p = p->parent;
    return p && p->type == GALLEY_NODE_ELEMENT ? p->parent : NULL;
}

/* Rule post.repeat_content: a paragraph said again is the article's own
 * (a chorus, a refrain, a quote the story comes back to) when its first
 * time was a paragraph of the same box (the body's, not a slide, a card or
 * a page part printed twice), at least repeat_min_between new paragraphs of
 * first_para_min_chars lie between the two, it holds no link, and not both
 * blocks beside it repeat too: a run of three repeats is a part of the page
 * printed twice (a mobile and a desktop copy, a sticky header), and a teaser
 * or a caption comes back at once. A label need not end like a sentence: a
 * meal plan's "Eat every 2-3 hours", an interview's recurring question, a
 * recipe's "Portion: ..." come back in each part of a structured article. Returns
 * one flag a top-level block (NULL on OOM: every repeat then goes). Linear:
 * one hash table of the paragraphs, one prefix count. */
static bool *content_repeats(const gl_xctx *c, size_t nb)
{
    const gl_xtune *t = c->tune;
    size_t cap = 16;
    while (cap < nb * 2) cap *= 2;
    bool *keep = calloc(nb, sizeof *keep), *rep = calloc(nb, sizeof *rep);
    size_t *first = calloc(nb, sizeof *first), *cnt = calloc(nb + 1, sizeof *cnt);
    uint64_t *key = calloc(cap, sizeof *key);
    size_t *at = calloc(cap, sizeof *at);
    const gl_node **box = calloc(nb, sizeof *box);
    bool ok = keep && rep && first && cnt && key && at && box;
    size_t i = 0;
    for (const gl_block *b = c->a->blocks; ok && b; b = b->next, i++) {
        first[i] = i;
        if (b->type != GALLEY_BLOCK_PARAGRAPH || b->text_len < 2) continue;
        box[i] = para_box(b);
        uint64_t h = hash_text(b->text, b->text_len);
        size_t k = (size_t)h & (cap - 1);
        while (key[k] && key[k] != h) k = (k + 1) & (cap - 1);
        if (key[k]) {
            first[i] = at[k];
            rep[i] = true;
        } else {
            key[k] = h;
            at[k] = i;
        }
    }
    /* cnt[k]: new paragraphs of a real length among blocks [0, k) */
    i = 0;
    for (const gl_block *b = c->a->blocks; ok && b; b = b->next, i++)
        cnt[i + 1] = cnt[i] + (b->type == GALLEY_BLOCK_PARAGRAPH && !rep[i] &&
                               b->text_len >= t->first_para_min_chars);
    i = 0;
    for (const gl_block *b = c->a->blocks; ok && b; b = b->next, i++) {
        bool in_run = i && rep[i - 1] && i + 1 < nb && rep[i + 1];
        if (!rep[i] || in_run || gl_extract_link_bytes(b) || !box[i] || box[i] != box[first[i]])
            continue;
        keep[i] = cnt[i] - cnt[first[i] + 1] >= t->repeat_min_between;
    }
    free(rep);
    free(first);
    free(cnt);
    free(key);
    free(at);
    free(box);
    if (!ok) {
        free(keep);
        return NULL;
    }
    return keep;
}

void gl_extract_post(gl_xctx *c)
{
    const gl_xtune *t = c->tune;
    gl_article *a = c->a;
    size_t nb = 0;
    for (gl_block *b = a->blocks; b; b = b->next) nb++;
    if (!nb) return;
    if (c->tune->drop_gallery) drop_gallery(c);
    hset hs, hi;
    size_t hs_cap = 64;
    while (hs_cap < nb * 4) hs_cap *= 2;
    hset_init(&hs, hs_cap); /* out of memory: no repeat is found */
    hset_init(&hi, 256);
    bool *content_repeat = content_repeats(c, nb);
    size_t ord = 0; /* b's place in the list as built */

    /* first substantial paragraph: fragments before it are date bars */
    gl_block *first_para = NULL;
    for (gl_block *b = a->blocks; b; b = b->next)
        if (b->type == GALLEY_BLOCK_PARAGRAPH && b->text_len >= t->first_para_min_chars) {
            first_para = b;
            break;
        }

    /* the model's view of the blocks as built, for its second opinions:
     * measured only when they can keep a block or the trace shows them */
    gl_bmodel *bm = t->post_model && (t->post_model_keeps || c->tr) ? gl_blockmodel_new(c) : NULL;
    gl_block *prev = NULL, *b = a->blocks;
    bool before_first = first_para != NULL;
    bool after_more = false; /* the previous block was a "More in X" heading */
    bool run_linky = false;  /* the run of adjacent lists b belongs to is links */
    const gl_block *orig_prev = NULL; /* b's predecessor before any drop */
    size_t kept = 0;
    while (b) {
        gl_block *next = b->next;
        const char *why = NULL; /* the rule that drops b */
        bool judged = false;    /* post.model has written b's note */
        if (b == first_para) before_first = false;
        bool more = after_more;
        after_more = false;
        if (b->type == GALLEY_BLOCK_HEADING && !c->listing && t->drop_more_heading &&
            is_more_heading(b->text, b->text_len)) {
            why = "post.more_heading";
            after_more = true;
        } else if (b->type == GALLEY_BLOCK_LIST && more) {
            why = "post.after_more_heading";
        } else if (b->type == GALLEY_BLOCK_PARAGRAPH || b->type == GALLEY_BLOCK_HEADING) {
            const char *tx = b->text;
            size_t n = b->text_len;
            bool prose = false;
            if (gl_extract_is_ad_label(tx, n) || is_ad_prefixed(tx, n)) why = "post.ad_label";
            else if (is_cookie_notice(tx, n)) why = "post.cookie_notice";
            else if (n < t->prompt_max_chars && is_prompt(t, tx, n, &prose)) why = "post.prompt";
            else if (is_credit(tx, n)) why = "post.credit";
            else if (b->type == GALLEY_BLOCK_PARAGRAPH && is_byline(t, tx, n) &&
                     (before_first || next == NULL))
                why = "post.byline";
            else if (before_first && (is_numeric_fragment(t, tx, n) || is_date_line(tx, n)))
                why = "post.date_fragment";
            else if (b->type == GALLEY_BLOCK_PARAGRAPH && n < t->link_para_max_chars &&
                     (uint64_t)gl_extract_link_bytes(b) * 100 >=
                         (uint64_t)n * t->link_para_min_link_pct &&
                     (nb > 1 || c->ignore_soft) && !c->listing)
                why = "post.link_paragraph";
            if (!why && prose && c->tr) gl_xtrace_keep(c, b, "post.prompt_in_prose", PROSE_FIGS(t, n));
            if (why && bm && strcmp(why, "post.link_paragraph") == 0) {
                judged = true;
                if (gl_blockmodel_keeps(c, bm, (uint32_t)ord, why, GL_NOFIGS)) why = NULL;
            }
            if (!why && n >= 2) {
                bool again = seen_text(&hs, tx, n, true);
                /* a short heading said before is a section label ("Pros",
                 * "Cons", "Ingredients" in each part of a review or a
                 * round-up): only a repeat right after itself is a sticky
                 * header, and one repeating a list item a table of
                 * contents. Listings repeat card labels ("New", "Sale"). */
                if (b->type == GALLEY_BLOCK_HEADING && n < t->label_max_chars && !c->listing)
                    again = (prev && prev->type == GALLEY_BLOCK_HEADING && prev->text_len == n &&
                             memcmp(prev->text, tx, n) == 0);
                if (again && b->type == GALLEY_BLOCK_PARAGRAPH && content_repeat &&
                    content_repeat[ord]) {
                    again = false;
                    if (c->tr)
                        gl_xtrace_keep(c, b, "post.repeat_content",
                                       GL_FIGS({"chars", n},
                                               {"min_between", t->repeat_min_between}));
                }
                if (again || seen_text(&hi, tx, n, false)) why = "post.duplicate";
            }
        } else if (b->type == GALLEY_BLOCK_LIST || b->type == GALLEY_BLOCK_TABLE ||
                   b->type == GALLEY_BLOCK_QUOTE) {
            if (b->type == GALLEY_BLOCK_QUOTE) prune_quote(c, b, &hs);
            if (b->type == GALLEY_BLOCK_LIST) {
                prune_items(c, b, &hs, &hi);
                if (!orig_prev || orig_prev->type != GALLEY_BLOCK_LIST)
                    run_linky = link_list_run(t, b);
            }
            if (block_chars(b) == 0) why = "post.empty";
            else if (b->type == GALLEY_BLOCK_LIST && t->drop_link_list && !c->listing &&
                     run_linky) {
                why = "post.link_list";
                judged = bm != NULL;
                if (gl_blockmodel_keeps(c, bm, (uint32_t)ord, why, GL_NOFIGS)) why = NULL;
            }
        } else if (b->type == GALLEY_BLOCK_FIGURE && b->caption && b->text_len &&
                   gl_extract_is_ad_label(b->text, b->text_len)) {
            why = "post.ad_figure"; /* a picture labelled as an ad is the ad */
        } else if (b->type == GALLEY_BLOCK_FIGURE) {
            /* a caption already read (in a slideshow, or as a paragraph)
             * is not read twice; the image stays */
            /* and a caption that is only a credit is no caption */
            if (b->caption && b->text_len >= 2 &&
                (is_credit(b->text, b->text_len) ||
                 seen_text(&hs, b->text, b->text_len, true) ||
                 seen_text(&hi, b->text, b->text_len, false))) {
                if (c->tr) gl_xtrace_drop(c, b, "post.caption_repeat", GL_NOFIGS);
                b->caption = NULL;
                b->text = (char *)"";
                b->text_len = 0;
                if (!b->src) why = "post.caption_repeat";
            }
        } else if (b->type == GALLEY_BLOCK_RULE) {
            if (!prev) why = "post.leading_rule";
        }
        bool drop = why != NULL;
        if (drop && c->tr && !judged) {
            size_t n = block_chars(b);
            gl_xtrace_drop(c, b, why,
                           GL_FIGS({"chars", n},
                                   {"link_chars", b->text_len ? gl_extract_link_bytes(b) : 0},
                                   {"before_first_paragraph", before_first},
                                   {"prompt_max_chars", t->prompt_max_chars},
                                   {"link_paragraph_max_chars", t->link_para_max_chars}));
        }
        if (drop) {
            if (prev) prev->next = next;
            else a->blocks = next;
            if (a->blocks_tail == b) a->blocks_tail = prev;
        } else {
            prev = b;
            kept++;
        }
        orig_prev = b;
        b = next;
        ord++;
    }
    free(content_repeat);
    /* the site's legal notices end the body ("All rights reserved", "use of
     * this site constitutes acceptance of our User Agreement"): from the
     * first of the last legal_tail_blocks blocks that carries one, the
     * footer's short paragraphs go, when nothing longer follows */
    if (t->drop_legal_notice && a->blocks) {
        size_t nb2 = 0;
        for (gl_block *q = a->blocks; q; q = q->next) nb2++;
        gl_block *before = NULL, *from = NULL;
        size_t i = 0;
        for (gl_block *q = a->blocks, *p = NULL; q; p = q, q = q->next, i++) {
            bool tail = i + t->legal_tail_blocks >= nb2 && i > 0;
            if (!from && tail && q->type == GALLEY_BLOCK_PARAGRAPH &&
                is_legal_notice(t, q->text, q->text_len)) {
                from = q;
                before = p;
            } else if (from && (q->type != GALLEY_BLOCK_PARAGRAPH ||
                                q->text_len > t->legal_notice_max_chars)) {
                from = NULL; /* something else follows: the notice is the article's */
            }
        }
        if (from) {
            if (c->tr)
                for (gl_block *q = from; q; q = q->next)
                    gl_xtrace_drop(c, q, "post.legal_notice",
                                   GL_FIGS({"chars", q->text_len},
                                           {"max_chars", t->legal_notice_max_chars},
                                           {"tail_blocks", t->legal_tail_blocks}));
            before->next = NULL;
            a->blocks_tail = before;
        }
    }
    /* a trailing rule separates nothing; a trailing heading ("More news",
     * "Tags") headed a box that was removed */
    gl_block *last = NULL, *before = NULL;
    for (gl_block *q = a->blocks; q; q = q->next)
        if (q->type != GALLEY_BLOCK_RULE && q->type != GALLEY_BLOCK_HEADING) {
            before = last;
            last = q;
        }
    /* a short unpunctuated line closing the body is a credit or a label
     * ("The Associated Press", "Updated 5:10 pm") */
    if (last && before && last->type == GALLEY_BLOCK_PARAGRAPH && last->text_len < t->closing_max_chars &&
        t->drop_closing_line && !c->listing) {
        char e = last->text[last->text_len - 1];
        if (e != '.' && e != '!' && e != '?' && e != ')' && e != '"') last = before;
    }
    if (last) {
        if (c->tr)
            for (gl_block *q = last->next; q; q = q->next)
                gl_xtrace_drop(c, q, q->type == GALLEY_BLOCK_PARAGRAPH ? "post.closing_line"
                                                                       : "post.trailing_heading",
                               GL_FIGS({"chars", q->text_len}, {"max_chars", t->closing_max_chars}));
        last->next = NULL;
        a->blocks_tail = last;
    }
    hset_free(&hs);
    hset_free(&hi);
    gl_blockmodel_free(bm);
}
