/* meta_date.c -- reading dates: machine values (ISO 8601 and kin), dates
 * written for people in several languages, dates in URL paths. */
#include <time.h>

#include "meta_int.h"

/* Month words, lower case (ASCII folded only; the non-ASCII forms are given
 * as they are usually written). Longest forms first within a month is not
 * needed: a word must match an entry whole. */
#define MW(w, m) {w, sizeof(w) - 1, m}
static const struct {
    const char *w;
    uint8_t len;
    uint8_t m;
} months[] = {
    /* en */
    MW("january", 1), MW("february", 2), MW("march", 3), MW("april", 4), MW("may", 5), MW("june", 6),
    MW("july", 7), MW("august", 8), MW("september", 9), MW("october", 10), MW("november", 11),
    MW("december", 12), MW("jan", 1), MW("feb", 2), MW("mar", 3), MW("apr", 4), MW("jun", 6), MW("jul", 7),
    MW("aug", 8), MW("sep", 9), MW("sept", 9), MW("oct", 10), MW("nov", 11), MW("dec", 12),
    /* de */
    MW("januar", 1), MW("j\xc3\xa4nner", 1), MW("jaenner", 1), MW("februar", 2), MW("feber", 2),
    MW("m\xc3\xa4rz", 3), MW("maerz", 3), MW("m\xc3\xa4r", 3), MW("mrz", 3), MW("mai", 5), MW("juni", 6),
    MW("juli", 7), MW("oktober", 10), MW("okt", 10), MW("dezember", 12), MW("dez", 12),
    /* fr */
    MW("janvier", 1), MW("janv", 1), MW("f\xc3\xa9vrier", 2), MW("fevrier", 2), MW("f\xc3\xa9vr", 2),
    MW("fevr", 2), MW("mars", 3), MW("avril", 4), MW("avr", 4), MW("juin", 6), MW("juillet", 7),
    MW("juil", 7), MW("ao\xc3\xbbt", 8), MW("aout", 8), MW("septembre", 9), MW("octobre", 10),
    MW("novembre", 11), MW("d\xc3\xa9" "cembre", 12), MW("decembre", 12), MW("d\xc3\xa9" "c", 12),
    /* es */
    MW("enero", 1), MW("ene", 1), MW("febrero", 2), MW("marzo", 3), MW("abril", 4), MW("abr", 4),
    MW("mayo", 5), MW("junio", 6), MW("julio", 7), MW("agosto", 8), MW("ago", 8), MW("septiembre", 9),
    MW("setiembre", 9), MW("octubre", 10), MW("noviembre", 11), MW("diciembre", 12), MW("dic", 12),
    /* it */
    MW("gennaio", 1), MW("gen", 1), MW("febbraio", 2), MW("aprile", 4), MW("maggio", 5), MW("mag", 5),
    MW("giugno", 6), MW("giu", 6), MW("luglio", 7), MW("lug", 7), MW("settembre", 9), MW("set", 9),
    MW("ottobre", 10), MW("ott", 10), MW("dicembre", 12),
    /* pt */
    MW("janeiro", 1), MW("fevereiro", 2), MW("fev", 2), MW("mar\xc3\xa7o", 3), MW("marco", 3),
    MW("maio", 5), MW("junho", 6), MW("julho", 7), MW("setembro", 9), MW("outubro", 10), MW("out", 10),
    MW("novembro", 11), MW("dezembro", 12),
    /* nl */
    MW("januari", 1), MW("februari", 2), MW("maart", 3), MW("mei", 5), MW("augustus", 8),
    MW("oktober", 10),
    /* sv, da, no */
    MW("augusti", 8), MW("maj", 5),
    /* pl: genitive and nominative */
    MW("stycznia", 1), MW("lutego", 2), MW("marca", 3), MW("kwietnia", 4), MW("maja", 5),
    MW("czerwca", 6), MW("lipca", 7), MW("sierpnia", 8), MW("wrze\xc5\x9bnia", 9),
    MW("pa\xc5\xba" "dziernika", 10), MW("listopada", 11), MW("grudnia", 12),
    MW("stycze\xc5\x84", 1), MW("luty", 2), MW("marzec", 3), MW("kwiecie\xc5\x84", 4),
    MW("czerwiec", 6), MW("lipiec", 7), MW("sierpie\xc5\x84", 8), MW("wrzesie\xc5\x84", 9),
    MW("pa\xc5\xba" "dziernik", 10), MW("listopad", 11), MW("grudzie\xc5\x84", 12),
    /* ru: genitive and nominative */
    MW("\xd1\x8f\xd0\xbd\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8f", 1),
    MW("\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8f", 2),
    MW("\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0", 3),
    MW("\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8f", 4),
    MW("\xd0\xbc\xd0\xb0\xd1\x8f", 5),
    MW("\xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8f", 6),
    MW("\xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8f", 7),
    MW("\xd0\xb0\xd0\xb2\xd0\xb3\xd1\x83\xd1\x81\xd1\x82\xd0\xb0", 8),
    MW("\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 9),
    MW("\xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 10),
    MW("\xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 11),
    MW("\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8f", 12),
    MW("\xd1\x8f\xd0\xbd\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8c", 1),
    MW("\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8c", 2),
    MW("\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82", 3),
    MW("\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8c", 4),
    MW("\xd0\xbc\xd0\xb0\xd0\xb9", 5),
    MW("\xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8c", 6),
    MW("\xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8c", 7),
    MW("\xd0\xb0\xd0\xb2\xd0\xb3\xd1\x83\xd1\x81\xd1\x82", 8),
    MW("\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 9),
    MW("\xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 10),
    MW("\xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 11),
    MW("\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8c", 12),
    /* ar (Egyptian / Gulf names) */
    MW("\xd9\x8a\xd9\x86\xd8\xa7\xd9\x8a\xd8\xb1", 1),
    MW("\xd9\x81\xd8\xa8\xd8\xb1\xd8\xa7\xd9\x8a\xd8\xb1", 2),
    MW("\xd9\x85\xd8\xa7\xd8\xb1\xd8\xb3", 3),
    MW("\xd8\xa3\xd8\xa8\xd8\xb1\xd9\x8a\xd9\x84", 4),
    MW("\xd9\x85\xd8\xa7\xd9\x8a\xd9\x88", 5),
    MW("\xd9\x8a\xd9\x88\xd9\x86\xd9\x8a\xd9\x88", 6),
    MW("\xd9\x8a\xd9\x88\xd9\x84\xd9\x8a\xd9\x88", 7),
    MW("\xd8\xa3\xd8\xba\xd8\xb3\xd8\xb7\xd8\xb3", 8),
    MW("\xd8\xb3\xd8\xa8\xd8\xaa\xd9\x85\xd8\xa8\xd8\xb1", 9),
    MW("\xd8\xa3\xd9\x83\xd8\xaa\xd9\x88\xd8\xa8\xd8\xb1", 10),
    MW("\xd9\x86\xd9\x88\xd9\x81\xd9\x85\xd8\xa8\xd8\xb1", 11),
    MW("\xd8\xaf\xd9\x8a\xd8\xb3\xd9\x85\xd8\xa8\xd8\xb1", 12),
};

static inline bool is_digit(int c) { return c >= '0' && c <= '9'; }
/* a letter for word scanning: ASCII letters and any non-ASCII byte */
static inline bool is_wordc(int c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u || c >= 0x80;
}

static int month_word(const char *s, size_t n)
{
    char low[40];
    if (n < 3 || n > 31) return 0;
    /* "März", "МАРТА": the vocabulary's case fold (core.h) */
    gl_utf8_lower_copy(s, n, low);
    /* called at every word start of scanned text: compare the length and
     * first byte before the bytes */
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
        if (months[i].len == n && months[i].w[0] == low[0] && memcmp(months[i].w, low, n) == 0)
            return months[i].m;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

static bool ymd_ok(int y, int m, int d)
{
    return y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int64_t gl_meta_date_days(const gl_date *dt)
{
    /* days from civil (proleptic Gregorian) */
    int64_t y = dt->y - (dt->mo <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (dt->mo + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + dt->d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The largest UTC offset in use (+14:00): how far a page's local clock may
 * run ahead of the reference time when its date names no zone. */
#define GL_DATE_UTC_OFFSET_MAX_S (14 * 3600)

bool gl_meta_date_plausible(const gl_date *d, int64_t ref)
{
    if (!ymd_ok(d->y, d->mo, d->d) || d->y < 1990) return false;
    if (ref <= 0) ref = (int64_t)time(NULL);
    /* a date with time and zone is an instant; otherwise its earliest
     * reading: a date alone from its first second, anywhere on Earth */
    int64_t t = gl_meta_date_days(d) * 86400;
    if (d->has_time) t += (int64_t)d->h * 3600 + d->mi * 60 + d->s;
    t -= d->has_time && d->has_tz ? (int64_t)d->tz_min * 60 : GL_DATE_UTC_OFFSET_MAX_S;
    return t <= ref;
}

size_t gl_meta_date_format(const gl_date *d, char *out)
{
    int k;
    if (!d->has_time) {
        k = snprintf(out, 32, "%04d-%02d-%02d", d->y, d->mo, d->d);
    } else if (!d->has_tz) {
        k = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", d->y, d->mo, d->d, d->h, d->mi,
                     d->s);
    } else if (d->tz_min == 0) {
        k = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", d->y, d->mo, d->d, d->h, d->mi,
                     d->s);
    } else {
        int t = d->tz_min < 0 ? -d->tz_min : d->tz_min;
        k = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d->y, d->mo, d->d,
                     d->h, d->mi, d->s, d->tz_min < 0 ? '-' : '+', (t / 60) % 100, t % 60);
    }
    return k > 0 ? (size_t)k : 0;
}

/* Reads exactly `w` digits at s[*i]; -1 when not there. */
static int digits(const char *s, size_t n, size_t *i, int w)
{
    int v = 0;
    for (int k = 0; k < w; k++) {
        if (*i + (size_t)k >= n || !is_digit((unsigned char)s[*i + k])) return -1;
        v = v * 10 + (s[*i + k] - '0');
    }
    *i += (size_t)w;
    return v;
}

/* Reads 1-2 digits (not followed by a third); -1 when not there. */
static int digits12(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    if (k >= n || !is_digit((unsigned char)s[k])) return -1;
    int v = s[k++] - '0';
    if (k < n && is_digit((unsigned char)s[k])) v = v * 10 + (s[k++] - '0');
    if (k < n && is_digit((unsigned char)s[k])) return -1;
    *i = k;
    return v;
}

/* Optional time after a date: [T ]HH:MM[:SS[.frac]][Z|+HH[:]MM]. */
static void parse_time(const char *s, size_t n, size_t i, gl_date *d)
{
    if (i >= n || (s[i] != 'T' && s[i] != 't' && s[i] != ' ')) return;
    i++;
    int h = digits(s, n, &i, 2);
    if (h < 0 || h > 23 || i >= n || s[i] != ':') return;
    i++;
    int mi = digits(s, n, &i, 2);
    if (mi < 0 || mi > 59) return;
    int sec = 0;
    if (i < n && s[i] == ':') {
        i++;
        sec = digits12(s, n, &i); /* "23:15:0Z" is seen in the wild */
        if (sec < 0 || sec > 60) return;
        if (i < n && (s[i] == '.' || s[i] == ','))
            for (i++; i < n && is_digit((unsigned char)s[i]); i++) {}
    }
    d->h = h;
    d->mi = mi;
    d->s = sec > 59 ? 59 : sec;
    d->has_time = true;
    while (i < n && s[i] == ' ') i++;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        d->has_tz = true;
        d->tz_min = 0;
    } else if (i + 2 < n + 0 && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1;
        size_t j = i + 1;
        int th = digits(s, n, &j, 2);
        if (th < 0 || th > 14) return;
        int tm = 0;
        if (j < n && s[j] == ':') j++;
        if (j < n && is_digit((unsigned char)s[j])) {
            tm = digits(s, n, &j, 2);
            if (tm < 0 || tm > 59) return;
        }
        d->has_tz = true;
        d->tz_min = sign * (th * 60 + tm);
    }
}

static bool parse_iso(const char *s, size_t n, gl_date *d)
{
    size_t i = 0;
    while (i < n && gl_is_ascii_ws((unsigned char)s[i])) i++;
    memset(d, 0, sizeof *d);
    int y = digits(s, n, &i, 4);
    if (y < 0) return false;
    int m, dd;
    if (i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
        char sep = s[i++];
        m = digits12(s, n, &i);
        if (m < 0 || i >= n || s[i] != sep) return false;
        i++;
        dd = digits12(s, n, &i);
        if (dd < 0) return false;
    } else {
        m = digits(s, n, &i, 2);
        dd = digits(s, n, &i, 2);
        if (m < 0 || dd < 0 || (i < n && is_digit((unsigned char)s[i]))) return false;
    }
    if (!ymd_ok(y, m, dd)) return false;
    d->y = y;
    d->mo = m;
    d->d = dd;
    parse_time(s, n, i, d);
    return true;
}

bool gl_meta_date_parse(const char *s, size_t n, int flags, gl_date *out)
{
    if (!s || !n) return false;
    if (parse_iso(s, n, out)) return true;
    return gl_meta_date_find(s, n, flags, out, NULL);
}

/* A four-digit year at s[*i] (not part of a longer number); -1 if none. */
static int year4(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    int y = digits(s, n, &k, 4);
    if (y < 0 || (k < n && is_digit((unsigned char)s[k]))) return -1;
    *i = k;
    return y;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') i++;
        else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) i += 2; /* NBSP */
        else break;
    }
    return i;
}

/* Reads a word (letters) at s[i]; returns its end. */
static size_t word_end(const char *s, size_t n, size_t i)
{
    while (i < n && is_wordc((unsigned char)s[i]) &&
           !((unsigned char)s[i] == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0))
        i++;
    return i;
}

/* "de " / "del " between day, month and year (es, pt), "г." after year (ru). */
static size_t skip_de(const char *s, size_t n, size_t i)
{
    if (i + 3 <= n && (s[i] == 'd' || s[i] == 'D') && s[i + 1] == 'e') {
        size_t k = i + 2;
        if (k < n && s[k] == 'l') k++;
        if (k < n && s[k] == ' ') return skip_sp(s, n, k);
    }
    return i;
}

/* Day-first with a month word at s[i] (a digit): "28 April 2025",
 * "28. April 2025", "28 de abril de 2025", "1er mai 2025". */
static bool try_dmy_word(const char *s, size_t n, size_t i, gl_date *d)
{
    size_t k = i;
    int day = digits12(s, n, &k);
    if (day < 1 || day > 31) return false;
    if (k < n && s[k] == '.') k++;
    /* ordinal suffixes: st nd rd th er º */
    if (k + 2 <= n && (memcmp(s + k, "st", 2) == 0 || memcmp(s + k, "nd", 2) == 0 ||
                       memcmp(s + k, "rd", 2) == 0 || memcmp(s + k, "th", 2) == 0 ||
                       memcmp(s + k, "er", 2) == 0))
        k += 2;
    else if (k + 2 <= n && (unsigned char)s[k] == 0xc2 && (unsigned char)s[k + 1] == 0xba)
        k += 2;
    size_t k2 = skip_sp(s, n, k);
    if (k2 == k && !(k < n && is_wordc((unsigned char)s[k]) && s[k - 1] == '.')) {
        /* "28April" is not a date; "28.April" is */
        if (!(k > i && s[k - 1] == '.')) return false;
    }
    k = skip_de(s, n, k2);
    size_t we = word_end(s, n, k);
    int m = month_word(s + k, we - k);
    if (!m) return false;
    k = we;
    if (k < n && s[k] == '.') k++;
    if (k < n && s[k] == ',') k++;
    k = skip_sp(s, n, k);
    k = skip_de(s, n, k);
    int y = year4(s, n, &k);
    if (y < 0 || !ymd_ok(y, m, day)) return false;
    memset(d, 0, sizeof *d);
    d->y = y;
    d->mo = m;
    d->d = day;
    return true;
}

/* Month word first: "April 28, 2025", "Apr. 28th 2025". s[i] starts a word. */
static bool try_mdy_word(const char *s, size_t n, size_t i, gl_date *d)
{
    size_t we = word_end(s, n, i);
    size_t k = we;
    if (k < n && s[k] == '.') k++;
    k = skip_sp(s, n, k);
    /* cheap test first: this runs at every word of scanned text */
    if (k >= n || !is_digit((unsigned char)s[k])) return false;
    int m = month_word(s + i, we - i);
    if (!m) return false;
    int day = digits12(s, n, &k);
    if (day < 1) return false;
    if (k + 2 <= n && (memcmp(s + k, "st", 2) == 0 || memcmp(s + k, "nd", 2) == 0 ||
                       memcmp(s + k, "rd", 2) == 0 || memcmp(s + k, "th", 2) == 0))
        k += 2;
    if (k < n && s[k] == ',') k++;
    k = skip_sp(s, n, k);
    int y = year4(s, n, &k);
    if (y < 0 || !ymd_ok(y, m, day)) return false;
    memset(d, 0, sizeof *d);
    d->y = y;
    d->mo = m;
    d->d = day;
    return true;
}

/* One space after a dot in "4. 2. 2022": ASCII, NBSP, thin or narrow
 * no-break space. */
static size_t skip_thin(const char *s, size_t n, size_t k)
{
    if (k < n && s[k] == ' ') return k + 1;
    if (k + 1 < n && (unsigned char)s[k] == 0xc2 && (unsigned char)s[k + 1] == 0xa0) return k + 2;
    if (k + 2 < n && (unsigned char)s[k] == 0xe2 && (unsigned char)s[k + 1] == 0x80 &&
        ((unsigned char)s[k + 2] == 0x89 || (unsigned char)s[k + 2] == 0xaf))
        return k + 3;
    return k;
}

/* Numeric forms starting at a digit: yyyy-mm-dd, dd.mm.yyyy, mm/dd/yyyy,
 * and the CJK "2025년 4월 28일" / "2025年4月28日". */
static bool try_numeric(const char *s, size_t n, size_t i, int flags, gl_date *d)
{
    size_t k = i;
    int y = year4(s, n, &k);
    if (y >= 0) {
        /* CJK */
        size_t j = skip_sp(s, n, k);
        if (j + 3 <= n && ((memcmp(s + j, "\xeb\x85\x84", 3) == 0) || /* 년 */
                           (memcmp(s + j, "\xe5\xb9\xb4", 3) == 0))) { /* 年 */
            bool ko = s[j] == '\xeb';
            j = skip_sp(s, n, j + 3);
            int m = digits12(s, n, &j);
            if (m < 0) return false;
            j = skip_sp(s, n, j);
            if (j + 3 > n || memcmp(s + j, ko ? "\xec\x9b\x94" : "\xe6\x9c\x88", 3) != 0)
                return false; /* 월 / 月 */
            j = skip_sp(s, n, j + 3);
            int day = digits12(s, n, &j);
            if (day < 0 || !ymd_ok(y, m, day)) return false;
            memset(d, 0, sizeof *d);
            d->y = y, d->mo = m, d->d = day;
            return true;
        }
        if (k < n && (s[k] == '-' || s[k] == '/' || s[k] == '.')) {
            char sep = s[k++];
            int m = digits12(s, n, &k);
            if (m < 0 || k >= n || s[k] != sep) return false;
            k++;
            int day = digits12(s, n, &k);
            if (day < 0 || !ymd_ok(y, m, day)) return false;
            memset(d, 0, sizeof *d);
            d->y = y, d->mo = m, d->d = day;
            parse_time(s, n, k, d);
            return true;
        }
        return false;
    }
    k = i;
    int a = digits12(s, n, &k);
    if (a < 0 || k >= n) return false;
    char sep = s[k];
    if (sep != '.' && sep != '/' && sep != '-') return false;
    k++;
    if (sep == '.') k = skip_thin(s, n, k);
    int b = digits12(s, n, &k);
    if (b < 0 || k >= n || s[k] != sep) return false;
    k++;
    if (sep == '.') k = skip_thin(s, n, k);
    int yy = year4(s, n, &k);
    if (yy < 0) {
        /* two-digit year only in the dotted form "28.04.25" */
        size_t k2 = k;
        int y2 = digits(s, n, &k2, 2);
        if (sep != '.' || y2 < 0 || (k2 < n && (is_digit((unsigned char)s[k2]) || s[k2] == '.')))
            return false;
        yy = y2 + (y2 < 70 ? 2000 : 1900);
    }
    int day, m;
    if (a > 12 && b <= 12) day = a, m = b;
    else if (b > 12 && a <= 12) m = a, day = b;
    else if (sep == '/' && (flags & GL_DATE_MDY)) m = a, day = b;
    else day = a, m = b;
    if (!ymd_ok(yy, m, day)) return false;
    memset(d, 0, sizeof *d);
    d->y = yy, d->mo = m, d->d = day;
    return true;
}

/* ASCII digits among 8 bytes: one bit 7 per digit byte, summed by a
 * multiply. Bytes >= 0x80 are no digits. */
static unsigned digits8(uint64_t x)
{
    uint64_t h = x & 0x7f7f7f7f7f7f7f7full;
    uint64_t ge0 = h + 0x5050505050505050ull; /* bit 7: byte >= '0' */
    uint64_t gt9 = h + 0x4646464646464646ull; /* bit 7: byte > '9' */
    uint64_t d = (ge0 & ~gt9 & ~x & 0x8080808080808080ull) >> 7;
    return (unsigned)((d * 0x0101010101010101ull) >> 56);
}

/* At least `want` ASCII digits in s[0..n), counted eight bytes at a time. */
static bool has_digits(const char *s, size_t n, size_t want)
{
    size_t have = 0, i = 0;
    uint64_t x;
    for (; i + 8 <= n; i += 8) {
        memcpy(&x, s + i, 8);
        have += digits8(x);
        if (have >= want) return true;
    }
    x = 0;
    memcpy(&x, s + i, n - i); /* the tail, padded with NULs (no digits) */
    return have + digits8(x) >= want;
}

/* A day range ending in the date at s[i] ("14. - 20. Januar 2022",
 * "23.-26.8.2017"): the first day, or 0. */
static int range_start(const char *s, size_t i, int day)
{
    size_t k = i;
    while (k > 0 && s[k - 1] == ' ') k--;
    if (k >= 3 && (unsigned char)s[k - 3] == 0xe2 && (unsigned char)s[k - 2] == 0x80 &&
        ((unsigned char)s[k - 1] == 0x93 || (unsigned char)s[k - 1] == 0x94))
        k -= 3; /* en or em dash */
    else if (k >= 1 && s[k - 1] == '-')
        k--;
    else
        return 0;
    while (k > 0 && s[k - 1] == ' ') k--;
    if (k < 2 || s[k - 1] != '.' || !is_digit((unsigned char)s[k - 2])) return 0;
    k -= 2;
    int d = s[k] - '0';
    if (k > 0 && is_digit((unsigned char)s[k - 1])) {
        d += 10 * (s[k - 1] - '0');
        k--;
    }
    if (k > 0 && (is_digit((unsigned char)s[k - 1]) || s[k - 1] == '.')) return 0;
    return d >= 1 && d < day ? d : 0;
}

bool gl_meta_date_find(const char *s, size_t n, int flags, gl_date *out, size_t *pos)
{
    if (!s) return false;
    /* every form read below holds at least four ASCII digits (a year, or
     * day, month and a two-digit year): most text has fewer, and counting
     * them is cheaper than trying each word. A form with fewer digits must
     * lower this. */
    if (!has_digits(s, n, 4)) return false;
    /* one left-to-right pass; every attempt reads a bounded number of bytes,
     * so the scan is linear */
    bool prev_word = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* no-break space and general punctuation (U+2000..U+206F: thin
         * spaces, dashes, bullets) separate words like ASCII spaces do:
         * "Schweiz&nbsp;&bull;&nbsp;02.02.2022" */
        if ((c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) ||
            (c == 0xe2 && i + 2 < n && ((unsigned char)s[i + 1] & 0xfe) == 0x80)) {
            i += c == 0xc2 ? 1 : 2;
            prev_word = false;
            continue;
        }
        bool boundary = !prev_word;
        prev_word = is_wordc(c) || is_digit(c);
        if (!boundary || !prev_word) continue;
        if (is_digit(c)) {
            if (try_numeric(s, n, i, flags, out) || try_dmy_word(s, n, i, out)) {
                /* a range gives its first day (an event's or a report's start) */
                int first = range_start(s, i, out->d);
                if (first) {
                    out->d = first;
                    out->has_time = out->has_tz = false;
                }
                if (pos) *pos = i;
                return true;
            }
        } else if (is_wordc(c)) {
            if (try_mdy_word(s, n, i, out)) {
                if (pos) *pos = i;
                return true;
            }
        }
    }
    return false;
}

/* Weekday names, lower case, full and usual short forms (en, de, fr, es,
 * it, pt, nl). */
static const char *const weekdays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonnabend", "sonntag", "mo", "di", "mi", "do", "fr",
    "sa", "so", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lun",
    "mar", "mer", "jeu", "ven", "sam", "dim", "lunes", "martes", "mi\xc3\xa9rcoles", "miercoles",
    "jueves", "viernes", "s\xc3\xa1" "bado", "sabado", "domingo", "luned\xc3\xac", "marted\xc3\xac",
    "mercoled\xc3\xac", "gioved\xc3\xac", "venerd\xc3\xac", "sabato", "domenica",
    "segunda-feira", "ter\xc3\xa7" "a-feira", "quarta-feira", "quinta-feira", "sexta-feira",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
};

bool gl_meta_date_weekday_before(const char *s, size_t pos)
{
    /* back over the separators between the name and the date: ", ", ". " */
    size_t e = pos;
    int seps = 0;
    while (e > 0 && seps < 4 &&
           (s[e - 1] == ' ' || s[e - 1] == ',' || s[e - 1] == '.' || s[e - 1] == '\t' ||
            s[e - 1] == '\n' || ((unsigned char)s[e - 1] == 0xa0 && e >= 2 &&
                                 (unsigned char)s[e - 2] == 0xc2))) {
        e -= (unsigned char)s[e - 1] == 0xa0 ? 2 : 1;
        seps++;
    }
    if (e == pos) return false;
    size_t b = e;
    while (b > 0 && (is_wordc((unsigned char)s[b - 1]) || s[b - 1] == '-') && e - b < 24) b--;
    if (b > 0 && (is_wordc((unsigned char)s[b - 1]) || is_digit((unsigned char)s[b - 1])))
        return false;
    size_t n = e - b;
    if (n < 2 || n > 20) return false;
    char low[24];
    for (size_t i = 0; i < n; i++) low[i] = (char)gl_lower((unsigned char)s[b + i]);
    for (size_t i = 0; i < sizeof weekdays / sizeof weekdays[0]; i++)
        if (strlen(weekdays[i]) == n && memcmp(weekdays[i], low, n) == 0) {
            /* the two-letter German forms only with their dot ("Mi. 5.") */
            return n > 2 || s[e] == '.';
        }
    return false;
}

bool gl_meta_date_from_url(const char *url, gl_date *out)
{
    if (!url) return false;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p) return false;
    size_t n = strlen(p);
    for (size_t i = 0; i + 8 <= n; i++) {
        if (p[i] != '/' && p[i] != '-' && p[i] != '_') continue;
        size_t k = i + 1;
        int y = digits(p, n, &k, 4);
        if (y < 1990 || y > 2099) continue;
        int m, d;
        if (k < n && (p[k] == '/' || p[k] == '-' || p[k] == '_')) {
            char sep = p[k++];
            m = digits12(p, n, &k);
            if (m < 1 || k >= n || p[k] != sep) continue;
            k++;
            d = digits12(p, n, &k);
        } else {
            m = digits(p, n, &k, 2);
            d = digits(p, n, &k, 2);
            if (k < n && is_digit((unsigned char)p[k])) continue;
        }
        if (m < 1 || d < 1 || !ymd_ok(y, m, d)) continue;
        if (k < n && p[k] != '/' && p[k] != '-' && p[k] != '_' && p[k] != '.' && p[k] != '?' &&
            p[k] != '#')
            continue;
        memset(out, 0, sizeof *out);
        out->y = y, out->mo = m, out->d = d;
        return true;
    }
    /* day first: /29-10-2021 (month first only when the first part is no day
     * of a month, 10-29-2021) */
    for (size_t i = 0; i + 11 <= n; i++) {
        if (p[i] != '/' && p[i] != '-' && p[i] != '_') continue;
        size_t k = i + 1;
        int a = digits(p, n, &k, 2);
        if (a < 1 || k >= n || p[k] != '-') continue;
        k++;
        int b = digits(p, n, &k, 2);
        if (b < 1 || k >= n || p[k] != '-') continue;
        k++;
        int y = digits(p, n, &k, 4);
        if (y < 1990 || y > 2099 || (k < n && is_digit((unsigned char)p[k]))) continue;
        if (k < n && p[k] != '/' && p[k] != '-' && p[k] != '_' && p[k] != '.' && p[k] != '?' &&
            p[k] != '#')
            continue;
        int d = a, m = b;
        if (m > 12) d = b, m = a;
        if (!ymd_ok(y, m, d)) continue;
        memset(out, 0, sizeof *out);
        out->y = y, out->mo = m, out->d = d;
        return true;
    }
    return false;
}
