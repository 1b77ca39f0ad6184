/* main.c -- the galley command: argv -> galley_options + galley_batch_config
 * -> galley_batch_run(). Thin over the public header; every option here is
 * listed in --help, docs/galley.1 and docs/cli.md (tests/cli/help.sh). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "galley.h"

static const char usage_text[] =
    "Usage: galley [options] FILE|DIR|- ...\n"
    "Extracts the article (text, metadata, structure) from web pages: HTML files,\n"
    "directories of them (recursively; every file, judged by its bytes), WARC\n"
    "archives, standard input (-) and URLs.\n"
    "\n"
    "Output:\n"
    "  -f, --format FMT       text, markdown, json, jsonl, html, xml, csv or inspect\n"
    "                         (the inspector page) (default: text for one file,\n"
    "                         jsonl for a directory, many inputs or URLs); json of\n"
    "                         several documents is one array; text, markdown, html\n"
    "                         and xml of several documents put a line\n"
    "                         \"==> SOURCE <==\" before each\n"
    "      --front-matter     text and markdown start with a YAML header of the\n"
    "                         metadata (title, authors, dates, url, site, language)\n"
    "  -o, --output-dir DIR   write one file per document into DIR instead of stdout\n"
    "  -j, --jobs N           worker threads (default: number of cores)\n"
    "  -q, --quiet            no progress line and no summary on stderr\n"
    "\n"
    "Inputs:\n"
    "      --url URL          fetch and extract URL (repeatable)\n"
    "      --urls FILE        fetch the URLs listed in FILE, one a line\n"
    "      --page-url URL     the URL of a single local page, to resolve its links\n"
    "      --charset LABEL    character encoding of local inputs (default: sniffed)\n"
    "\n"
    "Discovery (docs/discovery.md):\n"
    "      --sitemap URL      extract the pages a sitemap lists; a site root reads\n"
    "                         robots.txt's Sitemap lines, else /sitemap.xml\n"
    "                         (repeatable)\n"
    "      --feed URL         extract the items of an RSS, Atom or RDF feed, or of\n"
    "                         the feeds a page links (repeatable)\n"
    "      --crawl URL        extract the pages a breadth-first crawl from URL\n"
    "                         finds on its host, articles first (repeatable)\n"
    "      --max-pages N      most pages taken from discovery (default 10000)\n"
    "      --crawl-depth N    links followed from a crawl's start (default 2)\n"
    "      --max-sitemaps N   most sitemaps and feeds read (default 1000)\n"
    "      --since DATE       only sitemap and feed entries dated DATE or later\n"
    "      --list             print the discovered URLs (with their date, after a\n"
    "                         tab) instead of extracting; --urls reads the list\n"
    "\n"
    "Fetching, for every URL (docs/discovery.md):\n"
    "      --user-agent UA    User-Agent of every request (default galley/VERSION);\n"
    "                         its first word picks the robots.txt group\n"
    "      --ignore-robots    do not read robots.txt\n"
    "      --delay-ms N       pause between two requests to one host, or its\n"
    "                         robots.txt Crawl-delay when longer (default 1000)\n"
    "      --per-host N       requests at a time to one host (default 1)\n"
    "      --retries N        retries of a 429, 503 or dropped connection (default 2)\n"
    "      --max-retry-after-ms N  longest Retry-After waited for (default 60000)\n"
    "      --max-redirects N  redirects followed per URL (default 10)\n"
    "      --max-hosts N      hosts remembered (robots.txt, pacing); past it idle\n"
    "                         ones are forgotten (default 10000)\n"
    "\n"
    "Extraction:\n"
    "      --mode MODE        precision, balanced (default) or recall\n"
    "      --comments         return the comment thread separately\n"
    "      --no-metadata      body only: no title, authors, dates, ...\n"
    "      --no-images        leave figures and images out of the body\n"
    "      --captions         put figure captions in the plain text too (text\n"
    "                         format, the \"text\" of JSON and CSV); by default\n"
    "                         they stay with their figures\n"
    "      --no-links         leave link targets out of the body\n"
    "      --no-tables        leave tables out of the body\n"
    "      --explain          add a \"trace\" to each JSON record: why each block was\n"
    "                         kept or dropped and where each field came from\n"
    "      --tune NAME=VALUE  expert: override a named threshold of body extraction\n"
    "                         (repeatable); --tune list prints the names, types and\n"
    "                         values in the chosen mode, and exits\n"
    "      --reference-time T dates after T (ISO 8601 or unix seconds) are rejected\n"
    "                         (default: now)\n"
    "\n"
    "Corpus filters (a dropped document is not written; the summary counts it):\n"
    "      --language LIST    keep documents in these languages (en,de: the\n"
    "                         detected language's primary subtag)\n"
    "      --min-language-confidence X  language confidence floor for --language\n"
    "                         (0-1, default 0.5)\n"
    "      --page-type LIST   keep these page types (article,forum,...)\n"
    "      --min-confidence X keep documents whose article confidence is >= X (0-1)\n"
    "      --require LIST     keep documents that have these fields\n"
    "                         (title,published,authors,...)\n"
    "      --min-words N      keep documents of at least N words\n"
    "      --dedup MODE       exact (same normalised text) or near (fingerprints\n"
    "                         within --dedup-distance bits): drop later duplicates\n"
    "      --dedup-distance N Hamming distance for --dedup near (0-7, default 5)\n"
    "\n"
    "Limits (a tripped limit gives an error record, never a crash):\n"
    "      --timeout-ms N     CPU time budget per document (default 1000; 0: none)\n"
    "      --max-bytes N      largest document in bytes (default 67108864)\n"
    "      --max-depth N      deepest element nesting kept (default 512)\n"
    "      --max-nodes N      most DOM nodes per document (default 4000000)\n"
    "      --max-attrs N      most attributes per element (default 256)\n"
    "      --max-member-bytes N  most one WARC record may inflate to inside a gzip\n"
    "                         member or zstd frame (default 268435456)\n"
    "      --fetch-timeout-ms N  total time per request (default 30000)\n"
    "      --connect-timeout-ms N  time to connect per URL (default 10000)\n"
    "      --fetch-parallel N connections at a time for --url/--urls (default 4)\n"
    "      --max-dir-depth N  directory levels walked, the given one being 1\n"
    "                         (default 64; a deeper directory is an error record)\n"
    "\n"
    "  -h, --help             print this help and exit\n"
    "  -V, --version          print the version and exit\n"
    "\n"
    "Exit status: 0 the run completed (failed documents are error records),\n"
    "1 the run's only document failed (the reason is on stderr, even with -q),\n"
    "2 usage error, 3 fatal input/output error, 4 out of memory.\n";

enum {
    OPT_URL = 256,
    OPT_URLS,
    OPT_PAGE_URL,
    OPT_CHARSET,
    OPT_MODE,
    OPT_COMMENTS,
    OPT_NO_METADATA,
    OPT_NO_IMAGES,
    OPT_CAPTIONS,
    OPT_NO_LINKS,
    OPT_NO_TABLES,
    OPT_EXPLAIN,
    OPT_TIMEOUT_MS,
    OPT_MAX_BYTES,
    OPT_MAX_DEPTH,
    OPT_MAX_NODES,
    OPT_MAX_ATTRS,
    OPT_REFERENCE_TIME,
    OPT_MAX_MEMBER_BYTES,
    OPT_FETCH_TIMEOUT_MS,
    OPT_CONNECT_TIMEOUT_MS,
    OPT_FETCH_PARALLEL,
    OPT_MAX_DIR_DEPTH,
    OPT_FRONT_MATTER,
    OPT_LANGUAGE,
    OPT_MIN_LANGUAGE_CONFIDENCE,
    OPT_PAGE_TYPE,
    OPT_MIN_CONFIDENCE,
    OPT_REQUIRE,
    OPT_MIN_WORDS,
    OPT_DEDUP,
    OPT_DEDUP_DISTANCE,
    OPT_USER_AGENT,
    OPT_IGNORE_ROBOTS,
    OPT_DELAY_MS,
    OPT_PER_HOST,
    OPT_RETRIES,
    OPT_MAX_RETRY_AFTER_MS,
    OPT_MAX_REDIRECTS,
    OPT_MAX_HOSTS,
    OPT_SITEMAP,
    OPT_FEED,
    OPT_CRAWL,
    OPT_MAX_PAGES,
    OPT_CRAWL_DEPTH,
    OPT_MAX_SITEMAPS,
    OPT_SINCE,
    OPT_LIST,
    OPT_TUNE,
};

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"output-dir", required_argument, NULL, 'o'},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"url", required_argument, NULL, OPT_URL},
    {"urls", required_argument, NULL, OPT_URLS},
    {"page-url", required_argument, NULL, OPT_PAGE_URL},
    {"charset", required_argument, NULL, OPT_CHARSET},
    {"mode", required_argument, NULL, OPT_MODE},
    {"comments", no_argument, NULL, OPT_COMMENTS},
    {"no-metadata", no_argument, NULL, OPT_NO_METADATA},
    {"no-images", no_argument, NULL, OPT_NO_IMAGES},
    {"captions", no_argument, NULL, OPT_CAPTIONS},
    {"no-links", no_argument, NULL, OPT_NO_LINKS},
    {"no-tables", no_argument, NULL, OPT_NO_TABLES},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"timeout-ms", required_argument, NULL, OPT_TIMEOUT_MS},
    {"max-bytes", required_argument, NULL, OPT_MAX_BYTES},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
    {"max-attrs", required_argument, NULL, OPT_MAX_ATTRS},
    {"reference-time", required_argument, NULL, OPT_REFERENCE_TIME},
    {"max-member-bytes", required_argument, NULL, OPT_MAX_MEMBER_BYTES},
    {"fetch-timeout-ms", required_argument, NULL, OPT_FETCH_TIMEOUT_MS},
    {"connect-timeout-ms", required_argument, NULL, OPT_CONNECT_TIMEOUT_MS},
    {"fetch-parallel", required_argument, NULL, OPT_FETCH_PARALLEL},
    {"max-dir-depth", required_argument, NULL, OPT_MAX_DIR_DEPTH},
    {"front-matter", no_argument, NULL, OPT_FRONT_MATTER},
    {"language", required_argument, NULL, OPT_LANGUAGE},
    {"min-language-confidence", required_argument, NULL, OPT_MIN_LANGUAGE_CONFIDENCE},
    {"page-type", required_argument, NULL, OPT_PAGE_TYPE},
    {"min-confidence", required_argument, NULL, OPT_MIN_CONFIDENCE},
    {"require", required_argument, NULL, OPT_REQUIRE},
    {"min-words", required_argument, NULL, OPT_MIN_WORDS},
    {"dedup", required_argument, NULL, OPT_DEDUP},
    {"dedup-distance", required_argument, NULL, OPT_DEDUP_DISTANCE},
    {"user-agent", required_argument, NULL, OPT_USER_AGENT},
    {"ignore-robots", no_argument, NULL, OPT_IGNORE_ROBOTS},
    {"delay-ms", required_argument, NULL, OPT_DELAY_MS},
    {"per-host", required_argument, NULL, OPT_PER_HOST},
    {"retries", required_argument, NULL, OPT_RETRIES},
    {"max-retry-after-ms", required_argument, NULL, OPT_MAX_RETRY_AFTER_MS},
    {"max-redirects", required_argument, NULL, OPT_MAX_REDIRECTS},
    {"max-hosts", required_argument, NULL, OPT_MAX_HOSTS},
    {"sitemap", required_argument, NULL, OPT_SITEMAP},
    {"feed", required_argument, NULL, OPT_FEED},
    {"crawl", required_argument, NULL, OPT_CRAWL},
    {"max-pages", required_argument, NULL, OPT_MAX_PAGES},
    {"crawl-depth", required_argument, NULL, OPT_CRAWL_DEPTH},
    {"max-sitemaps", required_argument, NULL, OPT_MAX_SITEMAPS},
    {"since", required_argument, NULL, OPT_SINCE},
    {"list", no_argument, NULL, OPT_LIST},
    {"tune", required_argument, NULL, OPT_TUNE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "galley: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'galley --help'.\n");
    return GALLEY_EXIT_USAGE;
}

/* A non-negative decimal integer, the whole argument. */
static int parse_count(const char *s, int64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+') return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end) return 0;
    *out = v;
    return 1;
}

/* A number in [0, 1], the whole argument. */
static int parse_fraction(const char *s, double *out)
{
    if (!s || !*s) return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !(v >= 0 && v <= 1)) return 0;
    *out = v;
    return 1;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), without timegm(),
 * which is not in POSIX. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* The earliest reference time that can keep a date: galley keeps no date
 * before 1990 (docs/metadata.md), so an earlier one would reject them all. */
#define REFERENCE_TIME_MIN 631152000 /* 1990-01-01T00:00:00Z */
/* The largest UTC offset in use (+14:00, Kiribati). */
#define UTC_OFFSET_MAX_MIN (14 * 60)

/* Unix seconds, or ISO 8601: YYYY-MM-DD[(T| )HH:MM[:SS[.fff]][Z|(+|-)HH[[:]MM]]],
 * every field in range (2025-02-31, 24:00, +99:99 are refused). A date alone
 * means the whole day: its last second, UTC. */
static int parse_time(const char *s, int64_t *out)
{
    if (parse_count(s, out)) return *out >= REFERENCE_TIME_MIN;
    int y, mo, d, h = 23, mi = 59, se = 59;
    size_t n = strlen(s);
    if (n < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return 0;
    const char *p = s + 10;
    int64_t off = 0;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(p, 2, &h) || p[2] != ':' || !digits(p + 3, 2, &mi) || h > 23 || mi > 59)
            return 0;
        p += 5;
        se = 0;
        if (*p == ':') {
            if (!digits(p + 1, 2, &se) || se > 60) return 0; /* 60: a leap second */
            p += 3;
            if (*p == '.' || *p == ',') {
                p++;
                if (*p < '0' || *p > '9') return 0;
                while (*p >= '0' && *p <= '9') p++;
            }
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh, om = 0;
            int sign = *p == '-' ? -1 : 1;
            p++;
            if (!digits(p, 2, &oh)) return 0;
            p += 2;
            if (*p == ':' || (*p >= '0' && *p <= '9')) {
                if (*p == ':') p++;
                if (!digits(p, 2, &om)) return 0;
                p += 2;
            }
            if (om > 59 || oh * 60 + om > UTC_OFFSET_MAX_MIN) return 0;
            off = sign * (int64_t)(oh * 3600 + om * 60);
        }
    }
    if (*p) return 0;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
    return *out >= REFERENCE_TIME_MIN;
}

/* --tune NAME=VALUE */
static int parse_tune(galley_options *opts, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char name[64];
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof name) return 0;
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    char *end;
    errno = 0;
    double v = strtod(eq + 1, &end);
    if (end == eq + 1 || *end || errno) return 0;
    return galley_options_set_tune(opts, name, v) == GALLEY_OK;
}

/* --tune list: one line a threshold, "name type value" in the options' mode */
static void print_tunes(const galley_options *opts)
{
    galley_mode mode = (galley_mode)galley_options_get_int(opts, GALLEY_OPT_MODE);
    const char *name, *type;
    double v;
    for (size_t i = 0; (name = galley_tune_name(i, opts, mode, &type, &v)); i++)
        printf(strcmp(type, "float") == 0 ? "%s\t%s\t%.7g\n" : "%s\t%s\t%.15g\n", name, type,
               v);
}

static int is_dir(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

/* A WARC archive holds many documents: JSON Lines is its natural default. */
static int looks_like_warc(const char *path)
{
    return ends_with(path, ".warc") || ends_with(path, ".warc.gz") ||
           ends_with(path, ".warc.zst") || ends_with(path, ".arc.gz");
}

int main(int argc, char **argv)
{
    galley_options *opts = galley_options_new();
    const char **urls = calloc((size_t)argc + 1, sizeof *urls);
    /* discovery's start URLs, by option: --sitemap, --feed, --crawl */
    const char **starts[3] = {calloc((size_t)argc + 1, sizeof(char *)),
                              calloc((size_t)argc + 1, sizeof(char *)),
                              calloc((size_t)argc + 1, sizeof(char *))};
    size_t nstarts[3] = {0, 0, 0};
    if (!opts || !urls || !starts[0] || !starts[1] || !starts[2]) {
        fprintf(stderr, "galley: out of memory\n");
        return GALLEY_EXIT_NOMEM;
    }
    galley_batch_config cfg;
    galley_batch_config_init(&cfg);
    size_t nurls = 0;
    const char *format = NULL;
    int rc = GALLEY_EXIT_OK;
    int64_t v;
    int tune_list = 0;

/* a bad value ends the run with a usage error */
#define FAIL(...)                                                                              \
    do {                                                                                       \
        rc = usage_error(__VA_ARGS__);                                                         \
        goto done;                                                                             \
    } while (0)
#define SET_OPT(o, val, name)                                                                  \
    do {                                                                                       \
        if (galley_options_set_int(opts, (o), (val)) != GALLEY_OK)                             \
            FAIL("value out of range for %s", name);                                           \
    } while (0)

    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:j:qhV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            format = optarg;
            break;
        case 'o':
            cfg.output_dir = optarg;
            break;
        case 'j':
            if (!parse_count(optarg, &v) || v > 4096) FAIL("bad --jobs value '%s'", optarg);
            cfg.jobs = (int)v;
            break;
        case 'q':
            cfg.quiet = 1;
            break;
        case OPT_URL:
            urls[nurls++] = optarg;
            break;
        case OPT_URLS:
            cfg.urls_file = optarg;
            break;
        case OPT_PAGE_URL:
            cfg.page_url = optarg;
            break;
        case OPT_CHARSET:
            if (!galley_encoding_for_label(optarg, strlen(optarg)))
                FAIL("unknown character encoding '%s'", optarg);
            cfg.charset = optarg;
            break;
        case OPT_MODE:
            if (strcmp(optarg, "precision") == 0) v = GALLEY_MODE_PRECISION;
            else if (strcmp(optarg, "balanced") == 0) v = GALLEY_MODE_BALANCED;
            else if (strcmp(optarg, "recall") == 0) v = GALLEY_MODE_RECALL;
            else FAIL("unknown --mode '%s' (precision, balanced, recall)", optarg);
            SET_OPT(GALLEY_OPT_MODE, v, "--mode");
            break;
        case OPT_COMMENTS: SET_OPT(GALLEY_OPT_COMMENTS, 1, "--comments"); break;
        case OPT_NO_METADATA: SET_OPT(GALLEY_OPT_METADATA, 0, "--no-metadata"); break;
        case OPT_NO_IMAGES: SET_OPT(GALLEY_OPT_IMAGES, 0, "--no-images"); break;
        case OPT_CAPTIONS: SET_OPT(GALLEY_OPT_CAPTIONS, 1, "--captions"); break;
        case OPT_NO_LINKS: SET_OPT(GALLEY_OPT_LINKS, 0, "--no-links"); break;
        case OPT_NO_TABLES: SET_OPT(GALLEY_OPT_TABLES, 0, "--no-tables"); break;
        case OPT_EXPLAIN: SET_OPT(GALLEY_OPT_TRACE, 1, "--explain"); break;
        case OPT_TIMEOUT_MS:
            if (!parse_count(optarg, &v)) FAIL("bad --timeout-ms value '%s'", optarg);
            SET_OPT(GALLEY_OPT_TIMEOUT_MS, v, "--timeout-ms");
            cfg.timeout_ms = v;
            break;
        case OPT_MAX_BYTES:
            if (!parse_count(optarg, &v) || v == 0) FAIL("bad --max-bytes value '%s'", optarg);
            SET_OPT(GALLEY_OPT_MAX_INPUT_BYTES, v, "--max-bytes");
            cfg.max_bytes = v;
            break;
        case OPT_MAX_DEPTH:
            if (!parse_count(optarg, &v)) FAIL("bad --max-depth value '%s'", optarg);
            SET_OPT(GALLEY_OPT_MAX_DEPTH, v, "--max-depth");
            break;
        case OPT_MAX_NODES:
            if (!parse_count(optarg, &v)) FAIL("bad --max-nodes value '%s'", optarg);
            SET_OPT(GALLEY_OPT_MAX_NODES, v, "--max-nodes");
            break;
        case OPT_MAX_ATTRS:
            if (!parse_count(optarg, &v)) FAIL("bad --max-attrs value '%s'", optarg);
            SET_OPT(GALLEY_OPT_MAX_ATTRS, v, "--max-attrs");
            break;
        case OPT_REFERENCE_TIME:
            if (!parse_time(optarg, &v))
                FAIL("bad --reference-time '%s' (a valid ISO 8601 date or date-time, or unix "
                     "seconds, not before 1990-01-01)",
                     optarg);
            SET_OPT(GALLEY_OPT_REFERENCE_TIME, v, "--reference-time");
            break;
        case OPT_MAX_MEMBER_BYTES:
            if (!parse_count(optarg, &v) || v == 0)
                FAIL("bad --max-member-bytes value '%s'", optarg);
            cfg.max_member_bytes = v;
            break;
        case OPT_FETCH_TIMEOUT_MS:
            if (!parse_count(optarg, &v) || v == 0)
                FAIL("bad --fetch-timeout-ms value '%s'", optarg);
            cfg.fetch_timeout_ms = v;
            break;
        case OPT_CONNECT_TIMEOUT_MS:
            if (!parse_count(optarg, &v) || v == 0)
                FAIL("bad --connect-timeout-ms value '%s'", optarg);
            cfg.fetch_connect_timeout_ms = v;
            break;
        case OPT_FETCH_PARALLEL:
            if (!parse_count(optarg, &v) || v == 0 || v > 64)
                FAIL("bad --fetch-parallel value '%s' (1-64)", optarg);
            cfg.fetch_parallel = (int)v;
            break;
        case OPT_USER_AGENT:
            if (!*optarg || strpbrk(optarg, "\r\n")) FAIL("bad --user-agent '%s'", optarg);
            cfg.user_agent = optarg;
            break;
        case OPT_IGNORE_ROBOTS: cfg.ignore_robots = 1; break;
        case OPT_DELAY_MS:
            if (!parse_count(optarg, &v) || v > 3600000) FAIL("bad --delay-ms value '%s'", optarg);
            cfg.delay_ms = v;
            break;
        case OPT_PER_HOST:
            if (!parse_count(optarg, &v) || v == 0 || v > 64)
                FAIL("bad --per-host value '%s' (1-64)", optarg);
            cfg.per_host = (int)v;
            break;
        case OPT_RETRIES:
            if (!parse_count(optarg, &v) || v > 10) FAIL("bad --retries value '%s' (0-10)", optarg);
            cfg.retries = (int)v;
            break;
        case OPT_MAX_RETRY_AFTER_MS:
            if (!parse_count(optarg, &v)) FAIL("bad --max-retry-after-ms value '%s'", optarg);
            cfg.max_retry_after_ms = v;
            break;
        case OPT_MAX_REDIRECTS:
            if (!parse_count(optarg, &v) || v > 100)
                FAIL("bad --max-redirects value '%s' (0-100)", optarg);
            cfg.max_redirects = (int)v;
            break;
        case OPT_MAX_HOSTS:
            if (!parse_count(optarg, &v) || v == 0) FAIL("bad --max-hosts value '%s'", optarg);
            cfg.max_hosts = v;
            break;
        case OPT_SITEMAP: starts[0][nstarts[0]++] = optarg; break;
        case OPT_FEED: starts[1][nstarts[1]++] = optarg; break;
        case OPT_CRAWL: starts[2][nstarts[2]++] = optarg; break;
        case OPT_MAX_PAGES:
            if (!parse_count(optarg, &v) || v == 0) FAIL("bad --max-pages value '%s'", optarg);
            cfg.max_pages = v;
            break;
        case OPT_CRAWL_DEPTH:
            if (!parse_count(optarg, &v) || v > 100) FAIL("bad --crawl-depth value '%s' (0-100)", optarg);
            cfg.crawl_depth = (int)v;
            break;
        case OPT_MAX_SITEMAPS:
            if (!parse_count(optarg, &v) || v == 0) FAIL("bad --max-sitemaps value '%s'", optarg);
            cfg.max_sitemaps = v;
            break;
        case OPT_SINCE:
            if (!parse_time(optarg, &v) || !strchr(optarg, '-'))
                FAIL("bad --since '%s' (an ISO 8601 date or date-time)", optarg);
            cfg.since = optarg;
            break;
        case OPT_LIST: cfg.list_only = 1; break;
        case OPT_TUNE:
            if (strcmp(optarg, "list") == 0) {
                tune_list = 1;
                break;
            }
            if (!parse_tune(opts, optarg))
                FAIL("bad --tune '%s' (NAME=VALUE; galley --tune list shows the names)",
                     optarg);
            break;
        case OPT_LANGUAGE: cfg.languages = optarg; break;
        case OPT_PAGE_TYPE: cfg.page_types = optarg; break;
        case OPT_REQUIRE: cfg.require = optarg; break; /* names checked by the batch */
        case OPT_MIN_LANGUAGE_CONFIDENCE:
            if (!parse_fraction(optarg, &cfg.min_language_confidence))
                FAIL("bad --min-language-confidence '%s' (0 to 1)", optarg);
            break;
        case OPT_MIN_CONFIDENCE:
            if (!parse_fraction(optarg, &cfg.min_confidence))
                FAIL("bad --min-confidence '%s' (0 to 1)", optarg);
            break;
        case OPT_MIN_WORDS:
            if (!parse_count(optarg, &v)) FAIL("bad --min-words value '%s'", optarg);
            cfg.min_words = v;
            break;
        case OPT_DEDUP:
            if (strcmp(optarg, "exact") == 0) cfg.dedup = GALLEY_DEDUP_EXACT;
            else if (strcmp(optarg, "near") == 0) cfg.dedup = GALLEY_DEDUP_NEAR;
            else if (strcmp(optarg, "none") == 0) cfg.dedup = GALLEY_DEDUP_NONE;
            else FAIL("unknown --dedup '%s' (exact, near, none)", optarg);
            break;
        case OPT_DEDUP_DISTANCE:
            if (!parse_count(optarg, &v) || v > 7) FAIL("bad --dedup-distance '%s' (0-7)", optarg);
            cfg.dedup_distance = (int)v;
            break;
        case OPT_MAX_DIR_DEPTH:
            if (!parse_count(optarg, &v) || v == 0 || v > 4096)
                FAIL("bad --max-dir-depth value '%s' (1-4096)", optarg);
            cfg.max_dir_depth = (int)v;
            break;
        case OPT_FRONT_MATTER:
            cfg.render_flags |= GALLEY_RENDER_FRONT_MATTER;
            break;
        case 'h':
            fputs(usage_text, stdout);
            goto done;
        case 'V':
            printf("galley %s\n", galley_version());
            goto done;
        case ':':
            FAIL("option '%s' needs a value", argv[optind - 1]);
        default:
            FAIL("unknown option '%s'", argv[optind - 1]);
        }
    }

    if (tune_list) {
        print_tunes(opts);
        goto done;
    }

    cfg.inputs = (const char *const *)(argv + optind);
    cfg.ninputs = (size_t)(argc - optind);
    cfg.urls = urls;
    cfg.nurls = nurls;
    cfg.sitemaps = starts[0];
    cfg.nsitemaps = nstarts[0];
    cfg.feeds = starts[1];
    cfg.nfeeds = nstarts[1];
    cfg.crawl = starts[2];
    cfg.ncrawl = nstarts[2];
    cfg.opts = opts;
    size_t ndisc = nstarts[0] + nstarts[1] + nstarts[2];
    if (cfg.ninputs == 0 && nurls == 0 && !cfg.urls_file && !ndisc)
        FAIL("%s", "no input (give FILE, DIR, - for standard input, --url, --urls, --sitemap, "
                   "--feed or --crawl)");

    if ((nurls || cfg.urls_file || ndisc) && !galley_has_feature(GALLEY_FEATURE_FETCH))
        FAIL("%s", "--url, --urls, --sitemap, --feed and --crawl are not available in this "
                   "build of galley (it was configured with -DGALLEY_FETCH=OFF, without libcurl)");
    if (cfg.list_only && (!ndisc || cfg.ninputs || nurls || cfg.urls_file))
        FAIL("%s", "--list lists what --sitemap, --feed and --crawl discover, and takes no "
                   "other input");
    if (cfg.since && !nstarts[0] && !nstarts[1])
        FAIL("%s", "--since applies to --sitemap and --feed");

    int many = cfg.ninputs + nurls + ndisc > 1 || cfg.urls_file || ndisc ||
               (cfg.ninputs == 1 && (is_dir(cfg.inputs[0]) || looks_like_warc(cfg.inputs[0])));
    if (cfg.page_url && (cfg.ninputs != 1 || nurls || cfg.urls_file || is_dir(cfg.inputs[0])))
        FAIL("%s", "--page-url applies to one local file or standard input");
    if (!format) format = many ? "jsonl" : "text";
    if (strcmp(format, "text") == 0 || strcmp(format, "txt") == 0) {
        cfg.format = GALLEY_FORMAT_TEXT;
    } else if (strcmp(format, "markdown") == 0 || strcmp(format, "md") == 0) {
        cfg.format = GALLEY_FORMAT_MARKDOWN;
    } else if (strcmp(format, "json") == 0 || strcmp(format, "jsonl") == 0) {
        /* the same record either way, so that a JSON document also carries
         * its source and a failed one still gets its error record; several
         * documents in -f json make one JSON array */
        cfg.format = GALLEY_FORMAT_JSON;
        cfg.jsonl = 1;
        cfg.json_array = many && strcmp(format, "json") == 0;
    } else if (strcmp(format, "html") == 0) {
        cfg.format = GALLEY_FORMAT_HTML;
    } else if (strcmp(format, "xml") == 0) {
        cfg.format = GALLEY_FORMAT_XML;
    } else if (strcmp(format, "inspect") == 0) {
        /* the inspector page is a view of the trace */
        cfg.format = GALLEY_FORMAT_INSPECT;
        SET_OPT(GALLEY_OPT_TRACE, 1, "-f inspect");
    } else if (strcmp(format, "csv") == 0) {
        cfg.format = GALLEY_FORMAT_CSV;
    } else {
        FAIL("unknown format '%s' (text, markdown, json, jsonl, html, xml, csv, inspect)", format);
    }
    cfg.doc_headers = many;

    galley_batch_summary sum;
    rc = galley_batch_run(&cfg, &sum);
    if (fflush(stdout) != 0 && rc == GALLEY_EXIT_OK) {
        fprintf(stderr, "galley: write failed: %s\n", strerror(errno));
        rc = GALLEY_EXIT_IO;
    }
done:
    galley_options_free(opts);
    free(urls);
    for (int i = 0; i < 3; i++) free(starts[i]);
    return rc;
#undef FAIL
#undef SET_OPT
}
