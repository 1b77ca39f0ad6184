/*
 * batch.c -- the crawl-scale driver behind galley_batch_run().
 *
 * One producer (the calling thread) enumerates inputs -- files, directories,
 * stdin, WARC records, fetched URLs -- and hands documents to `jobs` worker
 * threads through a queue. Workers extract and render; the worker that
 * finishes the oldest outstanding document writes every record that is
 * ready, in sequence order, from a ring buffer. The producer never runs
 * more than `window` documents ahead of the writer, which bounds the queue,
 * the ring and therefore memory, however large the input.
 *
 * Records in = records out + error records: every document the producer
 * counts gets exactly one record, an error record when anything failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "../encoding/content.h"
#include "../output/output.h"
#include "corpus.h"
#include "discover.h"
#include "io.h"

#define GL_BATCH_DIR_DEPTH 64     /* default directory levels walked */
#define GL_BATCH_JOBS_MAX 256
#define GL_BATCH_WINDOW_PER_JOB 4  /* documents in flight per worker */
#define GL_BATCH_PROGRESS_NS 500000000ull
/* input bytes in flight beyond one document per worker: keeps peak memory
 * flat when an archive is full of large pages, while every worker can still
 * hold a document of any size (up to max_bytes) */
#define GL_BATCH_INFLIGHT_BYTES ((uint64_t)24 << 20)

GALLEY_API void galley_batch_config_init(galley_batch_config *c)
{
    if (!c) return;
    memset(c, 0, sizeof(*c));
    c->struct_size = sizeof(*c);
    c->format = GALLEY_FORMAT_TEXT;
    c->timeout_ms = GL_DEFAULT_TIMEOUT_MS;
    c->max_bytes = (int64_t)GL_DEFAULT_MAX_BYTES;
    c->max_member_bytes = (int64_t)GL_DEFAULT_MAX_MEMBER_BYTES;
    c->fetch_timeout_ms = GL_DEFAULT_FETCH_TIMEOUT_MS;
    c->fetch_connect_timeout_ms = GL_DEFAULT_FETCH_CONNECT_MS;
    c->fetch_parallel = GL_DEFAULT_FETCH_PARALLEL;
    c->delay_ms = GL_DEFAULT_DELAY_MS;
    c->per_host = GL_DEFAULT_PER_HOST;
    c->retries = GL_DEFAULT_RETRIES;
    c->max_retry_after_ms = GL_DEFAULT_MAX_RETRY_AFTER_MS;
    c->max_redirects = GL_DEFAULT_MAX_REDIRECTS;
    c->max_hosts = GL_DEFAULT_MAX_HOSTS;
    c->max_pages = GL_DEFAULT_MAX_PAGES;
    c->crawl_depth = GL_DEFAULT_CRAWL_DEPTH;
    c->max_sitemaps = GL_DEFAULT_MAX_SITEMAPS;
    c->out = stdout;
    c->err = stderr;
    c->min_language_confidence = GL_DEFAULT_MIN_LANGUAGE_CONFIDENCE;
    c->dedup_distance = GL_DEFAULT_DEDUP_DISTANCE;
}

/* One document on its way from the producer to the output. */
typedef struct gl_item {
    uint64_t seq;
    struct gl_item *next;   /* work queue */
    char *source;           /* input path, URL or "-" */
    char *url, *warc_id, *warc_date, *charset; /* may be NULL */
    bool warc;              /* a WARC record: url is its WARC-Target-URI */
    char *content_type;     /* WARC records: HTTP Content-Type, or NULL */
    int http_status;        /* WARC records: 0 when none */
    int64_t warc_offset, warc_length; /* -1 when unknown */
    bool url_name;          /* name output files after `url` */
    int crawl_depth;        /* a crawled page: its depth; -1 otherwise */
    char *bytes;            /* document (NULL for a known failure) */
    char *bytes_mem;        /* when set, the allocation holding `bytes` */
    size_t len;
    size_t held;            /* len counted in the in-flight budget */
    galley_status st;       /* known failure, then the outcome */
    char msg[sizeof(((galley_error *)0)->msg)];
    char *out;              /* rendered record, NULL when none */
    size_t out_len;
    int filter;             /* galley_filter_reason that drops it, or -1 */
    uint64_t text_hash, fingerprint; /* for duplicate removal */
} gl_item;

typedef struct gl_batch {
    const galley_batch_config *cfg;
    galley_options opts;    /* cfg->opts with the batch's time and size caps */
    FILE *out, *err;
    uint64_t max_bytes, max_member;

    pthread_mutex_t mu;
    pthread_cond_t work_cv;  /* queue has items, or closing */
    pthread_cond_t space_cv; /* the writer moved on */
    gl_item *qhead, *qtail;
    bool closing;
    gl_item **ring;          /* window slots, indexed by seq % window */
    size_t window;
    uint64_t next_seq, next_write;
    uint64_t inflight_bytes; /* input bytes reserved and not yet processed */
    size_t inflight_docs;    /* documents holding those bytes */
    bool fatal;              /* output failed: stop everything */
    int write_errno;
    galley_batch_summary sum;
    int nworkers;

    /* progress (written by the producer, read by the writer) */
    bool progress;
    uint64_t t0, last_progress;
    _Atomic uint64_t raw_done;
    uint64_t raw_total;      /* 0: unknown (directories, stdin, URLs) */
    uint64_t raw_base;       /* raw bytes of inputs already finished */
    bool input_err;          /* a top-level input could not be opened */
    gl_dedup dedup;          /* kept documents (writer only) */
    bool dedup_full;
    char first_fail[400];    /* "source: status: message" of the first error
                                record in JSON, for a one-document run */
    uint64_t written;        /* records written to `out` (separators, array) */
    gl_crawl *crawl;         /* --crawl frontier (producer only), or NULL */
    size_t crawl_inflight;   /* crawled pages being fetched */
} gl_batch;

static void item_free(gl_item *it)
{
    if (!it) return;
    free(it->source);
    free(it->url);
    free(it->warc_id);
    free(it->warc_date);
    free(it->charset);
    free(it->content_type);
    free(it->bytes_mem ? it->bytes_mem : it->bytes);
    free(it->out);
    free(it);
}

static gl_item *item_new(const char *source)
{
    gl_item *it = calloc(1, sizeof *it);
    if (!it) return NULL;
    it->filter = -1;
    it->crawl_depth = -1;
    it->source = strdup(source ? source : "-");
    if (!it->source) {
        free(it);
        return NULL;
    }
    return it;
}

/* ---------------------------------------------------------------- output */

static const char *format_ext(galley_format f, int jsonl)
{
    if (jsonl) return "json";
    switch (f) {
    case GALLEY_FORMAT_CSV: return "csv";
    case GALLEY_FORMAT_MARKDOWN: return "md";
    case GALLEY_FORMAT_JSON: return "json";
    case GALLEY_FORMAT_HTML: return "html";
    case GALLEY_FORMAT_XML: return "xml";
    case GALLEY_FORMAT_INSPECT: return "inspect.html";
    default: return "txt";
    }
}

/* A file name safe on any file system: [A-Za-z0-9._-] only, bounded, never
 * starting with a dot, prefixed by the sequence number so that names are
 * unique and sort in input order. Files are named after their base name,
 * URLs after host and path. */
static void safe_name(char *dst, size_t cap, uint64_t seq, const char *src, bool is_url,
                      const char *ext)
{
    const char *base = src ? src : "stdin";
    if (is_url) {
        const char *p = strstr(base, "://");
        if (p) base = p + 3;
    } else {
        size_t l = strlen(base);
        while (l > 1 && base[l - 1] == '/') l--;
        for (size_t i = l; i > 0; i--)
            if (base[i - 1] == '/' && i < l) {
                base += i;
                break;
            }
    }
    char stem[96];
    size_t n = 0;
    for (const char *p = base; *p && n < sizeof stem - 1; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (c == '.' && n > 0);
        if (!ok && n > 0 && stem[n - 1] == '_') continue; /* one _ per run */
        stem[n++] = ok ? (char)c : '_';
    }
    while (n && (stem[n - 1] == '_' || stem[n - 1] == '.')) n--;
    stem[n] = 0;
    /* drop the input's own extensions (.html, .html.gz, ...) */
    static const char *const exts[] = {".html.gz", ".htm.gz", ".html", ".htm", ".xhtml", ".gz"};
    for (size_t i = 0; !is_url && i < sizeof exts / sizeof exts[0]; i++) {
        size_t el = strlen(exts[i]);
        if (n > el && gl_ascii_ieq(stem + n - el, el, exts[i])) {
            stem[n - el] = 0;
            break;
        }
    }
    snprintf(dst, cap, "%08llu-%s.%s", (unsigned long long)seq, stem[0] ? stem : "doc", ext);
}

/* "==> SOURCE <==" before a document when several go to one stream (the
 * form head(1) and tail(1) use), after a blank line but for the first.
 * Control characters in the name become '?' so it stays one line. */
static bool write_doc_header(FILE *f, const char *source, bool blank)
{
    if (blank && fputc('\n', f) == EOF) return false;
    if (fputs("==> ", f) == EOF) return false;
    for (const char *p = source ? source : "-"; *p; p++)
        if (fputc((unsigned char)*p < 0x20 || *p == 0x7F ? '?' : *p, f) == EOF) return false;
    return fputs(" <==\n", f) != EOF;
}

/* Writes one finished record; called with mu held, in sequence order. */
static void write_item(gl_batch *b, gl_item *it)
{
    const galley_batch_config *cfg = b->cfg;
    /* duplicates are decided here, in input order, so that the first of a
     * group is kept whatever -j is */
    if (it->st == GALLEY_OK && it->filter < 0 && cfg->dedup) {
        int dup = gl_dedup_check(&b->dedup, it->text_hash, it->fingerprint);
        if (dup > 0) it->filter = GALLEY_FILTER_DUPLICATE;
        if (dup < 0 && !b->dedup_full) { /* out of memory: later documents are kept */
            b->dedup_full = true;
            fprintf(b->err, "galley: out of memory for duplicate removal: later documents "
                            "are not compared\n");
        }
    }
    if (it->filter >= 0) {
        b->sum.filtered++;
        b->sum.filtered_by_reason[it->filter]++;
        return;
    }
    if (it->st == GALLEY_OK) {
        b->sum.extracted++;
    } else {
        b->sum.errors++;
        b->sum.errors_by_status[it->st < 32 ? it->st : 31]++;
    }
    if (b->fatal) return;
    if (it->st != GALLEY_OK) {
        /* formats other than JSON and CSV have no place for the status: say it on
         * err (even when quiet, which silences progress and summary); a
         * JSON record holds it, and the one document of a run that fails
         * is also said at the end (galley_batch_run) */
        const char *why = it->msg[0] ? it->msg : galley_status_str(it->st);
        if (!cfg->jsonl && cfg->format != GALLEY_FORMAT_CSV) /* CSV rows hold it too */
            fprintf(b->err, "%sgalley: %s: %s: %s\n", b->progress ? "\r\033[K" : "",
                    it->source, galley_status_name(it->st), why);
        else if (!b->first_fail[0])
            snprintf(b->first_fail, sizeof b->first_fail, "%s: %s: %s", it->source,
                     galley_status_name(it->st), why);
    }
    if (!it->out) return; /* an error with no record in this format */
    const char *text = it->out;
    size_t len = it->out_len;
    bool nl = len == 0 || text[len - 1] != '\n';
    if (cfg->output_dir) {
        char name[160];
        safe_name(name, sizeof name, it->seq, it->url_name ? it->url : it->source, it->url_name,
                  format_ext(cfg->format, cfg->jsonl));
        size_t plen = strlen(cfg->output_dir) + 1 + strlen(name) + 1;
        char *path = malloc(plen);
        if (!path) {
            b->fatal = true;
            b->write_errno = ENOMEM;
            return;
        }
        snprintf(path, plen, "%s/%s", cfg->output_dir, name);
        FILE *f = fopen(path, "wb");
        bool ok = f && fwrite(text, 1, len, f) == len && (!nl || fputc('\n', f) != EOF);
        if (f && fclose(f) != 0) ok = false;
        if (!ok) {
            b->fatal = true;
            b->write_errno = errno;
            fprintf(b->err, "galley: cannot write %s: %s\n", path, strerror(errno));
        }
        free(path);
        return;
    }
    bool ok = true;
    if (cfg->jsonl && cfg->json_array) {
        /* "[" rec ",\n" rec ... "\n]": the closing bracket at the end of the run */
        ok = fputs(b->written ? ",\n" : "[", b->out) != EOF;
        while (len && text[len - 1] == '\n') len--;
        nl = false;
    } else if (cfg->doc_headers && !cfg->jsonl &&
               (cfg->format == GALLEY_FORMAT_TEXT || cfg->format == GALLEY_FORMAT_MARKDOWN ||
                cfg->format == GALLEY_FORMAT_HTML || cfg->format == GALLEY_FORMAT_XML)) {
        ok = write_doc_header(b->out, it->source, b->written > 0);
    }
    if (!ok || (len && fwrite(text, 1, len, b->out) != len) ||
        (nl && fputc('\n', b->out) == EOF)) {
        b->fatal = true;
        b->write_errno = errno;
    }
    b->written++;
}

static void progress_line(gl_batch *b, uint64_t now)
{
    double el = (double)(now - b->t0) / 1e9;
    if (el <= 0) el = 1e-9;
    uint64_t done = b->sum.extracted + b->sum.errors;
    fprintf(b->err, "\r\033[K%llu docs  %.1f docs/s  %.2f MB/s  ok %llu  errors %llu",
            (unsigned long long)done, (double)done / el, (double)b->sum.bytes / 1e6 / el,
            (unsigned long long)b->sum.extracted, (unsigned long long)b->sum.errors);
    if (b->raw_total) {
        double share = (double)atomic_load(&b->raw_done) / (double)b->raw_total;
        if (share > 1) share = 1;
        fprintf(b->err, "  %.1f%% read", share * 100);
        if (share > 0.001) fprintf(b->err, "  ETA %.0f s", el * (1 - share) / share);
    }
    fflush(b->err);
}

/* Puts a finished item in its ring slot and writes every record that is
 * ready. Called by workers (and by the producer when there are none). */
static void complete(gl_batch *b, gl_item *it)
{
    pthread_mutex_lock(&b->mu);
    bool freed = it->held > 0; /* the input was released: budget room */
    b->inflight_bytes -= it->held;
    if (freed) b->inflight_docs--;
    it->held = 0;
    b->ring[it->seq % b->window] = it;
    bool moved = false;
    for (;;) {
        gl_item **slot = &b->ring[b->next_write % b->window];
        gl_item *r = *slot;
        if (!r || r->seq != b->next_write) break;
        *slot = NULL;
        write_item(b, r);
        item_free(r);
        b->next_write++;
        moved = true;
    }
    if (moved || freed) pthread_cond_broadcast(&b->space_cv);
    if (moved) {
        if (b->progress) {
            uint64_t now = gl_now_ns();
            if (now - b->last_progress >= GL_BATCH_PROGRESS_NS) {
                b->last_progress = now;
                progress_line(b, now);
            }
        }
    }
    pthread_mutex_unlock(&b->mu);
}

/* --------------------------------------------------------------- workers */

/* What the JSON record says about `it` beyond its article. */
static gl_record_info item_info(const gl_item *it, const char *error)
{
    gl_record_info info = {it->source, it->url, it->warc_id, it->warc_date, it->st, error};
    if (it->warc) {
        info.warc = true;
        info.target_uri = it->url;
        info.warc_filename = it->source;
        info.warc_offset = it->warc_offset;
        info.warc_length = it->warc_length;
        info.http_status = it->http_status;
        info.content_type = it->content_type;
    }
    return info;
}

/* Extracts one document and renders its record into `r`, then moves it to
 * it->out. A failure turns into an error record. */
static void process(gl_batch *b, gl_item *it, gl_buf *r)
{
    const galley_batch_config *cfg = b->cfg;
    galley_article *a = NULL;
    if (it->st == GALLEY_OK) {
        galley_error err;
        memset(&err, 0, sizeof err);
        a = galley_extract(it->bytes ? it->bytes : "", it->len, it->url, it->charset, &b->opts,
                           &err);
        if (!a) {
            it->st = err.code != GALLEY_OK ? err.code : GALLEY_ERR_NOMEM;
            snprintf(it->msg, sizeof it->msg, "%s", err.msg);
        } else {
            /* the record carries the article's own status (no body found,
             * a tripped tree cap, timeout): count it as the record says */
            galley_status as = galley_article_status(a);
            if (as != GALLEY_OK) {
                it->st = as;
                snprintf(it->msg, sizeof it->msg, "%s", a->error[0] ? a->error : galley_status_str(as));
            } else {
                it->filter = gl_filter_check(cfg, a);
                it->text_hash = a->text_hash;
                it->fingerprint = a->fingerprint;
            }
        }
    }
    /* the input is not needed any more: keep memory flat */
    free(it->bytes_mem ? it->bytes_mem : it->bytes);
    it->bytes = it->bytes_mem = NULL;
    if (it->st != GALLEY_OK && !it->msg[0])
        snprintf(it->msg, sizeof it->msg, "%s", galley_status_str(it->st));
    gl_buf_clear(r);
    bool ok = true, have = true;
    if (it->filter >= 0) { /* filtered out: nothing to write */
        galley_article_free(a);
        return;
    }
    if (cfg->jsonl) {
        gl_record_info info = item_info(it, it->st != GALLEY_OK ? it->msg : NULL);
        ok = gl_render_json_record(r, a, &info);
    } else if (cfg->format == GALLEY_FORMAT_CSV) {
        /* a row for every document, failed ones too; the header row is
         * written once per run, or once per file with output_dir */
        gl_record_info info = {it->source, it->url,        it->warc_id,
                               it->warc_date, it->st, it->st != GALLEY_OK ? it->msg : NULL};
        if (cfg->output_dir) ok = gl_render_csv_header(r);
        ok = ok && gl_render_csv_record(r, a, &info);
    } else if (a) { /* partial results (timeout, caps) are still shown */
        ok = gl_render(r, a, cfg->format, cfg->render_flags);
    } else {
        have = false;
    }
    if (!ok) {
        it->st = GALLEY_ERR_NOMEM;
        snprintf(it->msg, sizeof it->msg, "out of memory while rendering");
        gl_buf_clear(r);
        have = false;
        if (cfg->jsonl) {
            gl_record_info info = item_info(it, it->msg);
            have = gl_render_json_record(r, NULL, &info);
        }
    }
    galley_article_free(a);
    if (have && r->len) {
        it->out = malloc(r->len);
        if (it->out) {
            memcpy(it->out, r->data, r->len);
            it->out_len = r->len;
        } else {
            it->st = GALLEY_ERR_NOMEM;
            snprintf(it->msg, sizeof it->msg, "out of memory");
            if (cfg->jsonl) { /* a small error record still keeps the count */
                gl_buf e;
                gl_buf_init(&e);
                gl_record_info info = item_info(it, it->msg);
                if (gl_render_json_record(&e, NULL, &info))
                    it->out = gl_buf_detach(&e, &it->out_len);
                gl_buf_free(&e);
            }
        }
    } else if (have) {
        it->out = malloc(1); /* an empty rendering is still a record */
        it->out_len = 0;
    }
    /* a huge rendering should not pin memory in the worker's buffer */
    if (r->alloc > ((size_t)4 << 20)) gl_buf_free(r);
}

static void *worker(void *arg)
{
    gl_batch *b = arg;
    gl_buf r;
    gl_buf_init(&r);
    for (;;) {
        pthread_mutex_lock(&b->mu);
        while (!b->qhead && !b->closing) pthread_cond_wait(&b->work_cv, &b->mu);
        gl_item *it = b->qhead;
        if (it) {
            b->qhead = it->next;
            if (!b->qhead) b->qtail = NULL;
        }
        bool fatal = b->fatal;
        pthread_mutex_unlock(&b->mu);
        if (!it) break;
        if (!fatal) process(b, it, &r);
        complete(b, it);
    }
    gl_buf_free(&r);
    return NULL;
}

/* -------------------------------------------------------------- producer */

/* Waits for room in the window and gives `it` the next sequence number.
 * False when the batch is stopping (the item is freed). */
static bool reserve(gl_batch *b, gl_item *it)
{
    /* one document per worker whatever its size, so that large pages are
     * extracted in parallel; past that, the byte budget */
    size_t per_worker = b->nworkers > 0 ? (size_t)b->nworkers : 1;
    pthread_mutex_lock(&b->mu);
    while (!b->fatal && (b->next_seq - b->next_write >= b->window ||
                         (b->inflight_docs >= per_worker &&
                          b->inflight_bytes + it->len > GL_BATCH_INFLIGHT_BYTES)))
        pthread_cond_wait(&b->space_cv, &b->mu);
    bool ok = !b->fatal;
    if (ok) {
        it->held = it->len;
        b->inflight_bytes += it->len;
        if (it->held) b->inflight_docs++;
        it->seq = b->next_seq++;
        b->sum.read++;
        b->sum.bytes += it->len;
    }
    pthread_mutex_unlock(&b->mu);
    if (!ok) item_free(it);
    return ok;
}

/* Hands a reserved item to the workers. */
static void dispatch(gl_batch *b, gl_item *it)
{
    if (b->nworkers == 0) { /* no thread could be started: work inline */
        gl_buf r;
        gl_buf_init(&r);
        process(b, it, &r);
        gl_buf_free(&r);
        complete(b, it);
        return;
    }
    pthread_mutex_lock(&b->mu);
    it->next = NULL;
    if (b->qtail) b->qtail->next = it;
    else b->qhead = it;
    b->qtail = it;
    pthread_cond_signal(&b->work_cv);
    pthread_mutex_unlock(&b->mu);
}

static bool submit(gl_batch *b, gl_item *it)
{
    if (!reserve(b, it)) return false;
    dispatch(b, it);
    return true;
}

/* Submits a failure as an error record. */
static void submit_error(gl_batch *b, const char *source, galley_status st, const char *fmt,
                         const char *arg)
{
    gl_item *it = item_new(source);
    if (!it) {
        b->input_err = true;
        return;
    }
    it->st = st;
    snprintf(it->msg, sizeof it->msg, fmt, arg ? arg : "");
    submit(b, it);
}

static bool stopping(gl_batch *b)
{
    pthread_mutex_lock(&b->mu);
    bool f = b->fatal;
    pthread_mutex_unlock(&b->mu);
    return f;
}

/* An input that is no document: counted in `read` and `skipped`, no record. */
static void count_skip(gl_batch *b, galley_skip_reason why)
{
    pthread_mutex_lock(&b->mu);
    b->sum.read++;
    b->sum.skipped++;
    b->sum.skipped_by_reason[(unsigned)why < GALLEY_SKIP_REASON_COUNT_ ? why : 0]++;
    pthread_mutex_unlock(&b->mu);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Reads one input stream: a WARC file (any number of records) or a single
 * HTML document, told apart by their bytes after decompression. A file met
 * in a directory walk (`in_dir`) whose bytes are not HTML is a counted
 * skip; a file named as an input gets a `not_html` error record (from
 * galley_extract, which judges the same way). */
static void process_stream(gl_batch *b, const char *path, int fd, bool in_dir)
{
    gl_dec dec;
    if (!gl_dec_open_fd(&dec, fd, b->max_member)) {
        submit_error(b, path, GALLEY_ERR_NOMEM, "out of memory%s", "");
        return;
    }
    gl_warc w;
    gl_warc_init(&w, &dec, b->max_bytes);
    if (gl_warc_sniff(&w)) {
        gl_warc_rec rec;
        memset(&rec, 0, sizeof rec);
        while (!stopping(b) && gl_warc_next(&w, &rec)) {
            atomic_store(&b->raw_done, b->raw_base + dec.raw_read);
            if (rec.kind == GL_WARC_SKIP) {
                count_skip(b, GALLEY_SKIP_WARC_RECORD);
                continue;
            }
            gl_item *it = item_new(path);
            if (!it) {
                b->input_err = true;
                break;
            }
            it->url = dup_or_null(rec.target_uri);
            it->url_name = it->url != NULL;
            it->warc_id = dup_or_null(rec.record_id);
            it->warc_date = dup_or_null(rec.date);
            it->charset = dup_or_null(rec.charset);
            it->warc = true;
            it->content_type = dup_or_null(rec.content_type);
            it->http_status = rec.http_status;
            it->warc_offset = rec.warc_offset;
            it->warc_length = rec.warc_length;
            if (rec.kind == GL_WARC_DOC) {
                it->bytes = rec.body;
                it->bytes_mem = rec.body_mem;
                it->len = rec.body_len;
                rec.body = rec.body_mem = NULL;
            } else {
                it->st = rec.status;
                snprintf(it->msg, sizeof it->msg, "%s", rec.msg);
            }
            submit(b, it);
        }
        gl_warc_rec_clear(&rec);
    } else {
        gl_item *it = item_new(path);
        if (it) {
            /* a lone local page may be given its URL and charset */
            it->charset = dup_or_null(b->cfg->charset);
            if (b->cfg->page_url && b->cfg->ninputs == 1) it->url = strdup(b->cfg->page_url);
            char m[160] = "";
            if (!gl_warc_read_all(&w, &it->bytes, &it->len, &it->st, m, sizeof m))
                snprintf(it->msg, sizeof it->msg, "%s", m);
            if (in_dir && it->st == GALLEY_OK && gl_content_not_html(it->bytes, it->len)) {
                item_free(it);
                count_skip(b, GALLEY_SKIP_NOT_HTML);
            } else {
                submit(b, it);
            }
        } else {
            b->input_err = true;
        }
    }
    b->raw_base += dec.raw_read;
    atomic_store(&b->raw_done, b->raw_base);
    gl_warc_destroy(&w);
    gl_dec_close(&dec);
}

static void process_path(gl_batch *b, const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        submit_error(b, path, GALLEY_ERR_IO, "cannot open: %s", strerror(errno));
        return;
    }
    process_stream(b, path, fd, false);
    close(fd);
}

/* Walks a directory tree (dirwalk.c) and reads every regular file in it,
 * judged by its bytes: a WARC archive gives its records, an HTML page one
 * document, anything else a counted skip. Each entry the walk cannot read
 * is an error record. */
static void process_dir(gl_batch *b, const char *root)
{
    gl_dirwalk w;
    size_t cap = b->cfg->max_dir_depth > 0 ? (size_t)b->cfg->max_dir_depth : GL_BATCH_DIR_DEPTH;
    if (!gl_dirwalk_open(&w, root, cap)) {
        submit_error(b, root, GALLEY_ERR_IO, "cannot read directory: %s", strerror(errno));
        return;
    }
    while (!stopping(b) && gl_dirwalk_next(&w)) {
        if (w.kind == GL_DIRWALK_FILE) process_stream(b, w.path, w.fd, true);
        else if (w.kind == GL_DIRWALK_SKIP) count_skip(b, w.skip);
        else submit_error(b, w.path, w.status, "%s", w.msg);
    }
    if (w.nomem) submit_error(b, root, GALLEY_ERR_NOMEM, "out of memory walking the directory%s", "");
    gl_dirwalk_close(&w);
}

/* ------------------------------------------------------------------ URLs */

static void on_fetched(void *ud, void *tag, gl_fetch_result *r)
{
    gl_batch *b = ud;
    gl_item *it = tag;
    it->st = r->status;
    snprintf(it->msg, sizeof it->msg, "%s", r->msg);
    if (r->url && (!it->url || strcmp(r->url, it->url) != 0)) {
        free(it->url);
        it->url = r->url; /* the page URL after redirects */
        r->url = NULL;
    }
    it->charset = r->charset;
    it->bytes = r->body;
    it->len = r->len;
    r->charset = r->body = NULL;
    if (it->crawl_depth >= 0) {
        b->crawl_inflight--;
        if (it->st == GALLEY_OK && !gl_crawl_page(b->crawl, it->url, it->crawl_depth, it->bytes,
                                                  it->len, it->charset))
            b->input_err = true; /* out of memory: the crawl stops growing */
    }
    pthread_mutex_lock(&b->mu);
    b->sum.bytes += it->len;
    pthread_mutex_unlock(&b->mu);
    dispatch(b, it);
}

#define GL_BATCH_URL_MAX 8192
/* A line this long (or a NUL byte) means the file is no list of URLs:
 * reading it stops with an error record rather than skipping forever
 * (--urls /dev/zero). */
#define GL_BATCH_URL_LINE_MAX ((size_t)1 << 20)

/* Reads the next URL from the list file: one a line, blank lines and lines
 * starting with # ignored. Returns a malloc'd string, or NULL at the end. A
 * line longer than GL_BATCH_URL_MAX comes back as its first bytes with
 * *too_long set (the rest of the line is skipped, never held). NULL with
 * *bad set (a message) when the file cannot be read as a list. */
static char *next_url_line(FILE *f, bool *too_long, const char **bad)
{
    char line[GL_BATCH_URL_MAX + 1];
    for (;;) {
        size_t n = 0, all = 0;
        int c;
        *too_long = false;
        errno = 0;
        while ((c = getc(f)) != EOF && c != '\n') {
            if (c == 0) {
                *bad = "a NUL byte: not a text file";
                return NULL;
            }
            if (++all > GL_BATCH_URL_LINE_MAX) {
                *bad = "a line longer than 1 MiB";
                return NULL;
            }
            if (n < GL_BATCH_URL_MAX) line[n++] = (char)c;
            else *too_long = true;
        }
        if (c == EOF && ferror(f)) {
            *bad = strerror(errno ? errno : EIO);
            return NULL;
        }
        if (c == EOF && n == 0 && !*too_long) return NULL;
        line[n] = 0;
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        size_t l = strlen(s);
        while (l && (s[l - 1] == '\r' || s[l - 1] == ' ' || s[l - 1] == '\t')) s[--l] = 0;
        /* a URL has no white space: what follows it (--list's date) is
         * a comment */
        l = strcspn(s, " \t");
        s[l] = 0;
        if (l && s[0] != '#') return strdup(s);
        if (c == EOF) return NULL;
    }
}

/* Waits until the window has room again (or the batch stops): while every
 * document in it is fetched and only workers can move it on, polling the
 * transfers would return at once and spin. */
static void wait_window(gl_batch *b)
{
    pthread_mutex_lock(&b->mu);
    while (!b->fatal && b->next_seq - b->next_write >= b->window)
        pthread_cond_wait(&b->space_cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
}

/* ---- discovery's reports */
static void disc_fail(void *ud, const char *source, galley_status st, const char *msg)
{
    gl_batch *b = ud;
    if (b->cfg->list_only) { /* no records in a list: the error stream says it */
        fprintf(b->err, "galley: %s: %s: %s\n", source, galley_status_name(st), msg);
        pthread_mutex_lock(&b->mu);
        b->sum.read++;
        b->sum.errors++;
        b->sum.errors_by_status[st]++;
        pthread_mutex_unlock(&b->mu);
        return;
    }
    submit_error(b, source, st, "%s", msg);
}

static bool disc_stop(void *ud) { return stopping(ud); }

static void list_line(gl_batch *b, const char *url, const char *date)
{
    if (b->fatal) return;
    int k = date ? fprintf(b->out, "%s\t%s\n", url, date) : fprintf(b->out, "%s\n", url);
    if (k < 0) {
        b->fatal = true;
        b->write_errno = errno;
    }
}

static void list_page(void *ud, const char *url)
{
    gl_batch *b = ud;
    b->sum.discovered++;
    list_line(b, url, NULL);
}

/* Discovery's first stage: the sitemaps and feeds (their failures become
 * error records, or lines on the error stream with --list), then the crawl's
 * start pages. */
static void discover_start(gl_batch *b, gl_fetch *f, gl_disc_out *dout)
{
    const galley_batch_config *cfg = b->cfg;
    dout->ud = b;
    dout->fail = disc_fail;
    dout->stop = disc_stop;
    if ((cfg->nsitemaps || cfg->nfeeds) && !gl_discover_sources(f, cfg, &b->opts, dout))
        b->input_err = true; /* out of memory: what was found goes on */
    b->sum.discovered += dout->n;
    if (cfg->list_only)
        for (size_t i = 0; i < dout->n; i++) list_line(b, dout->pages[i].url, dout->pages[i].date);
    if (!cfg->ncrawl) return;
    int64_t maxp = cfg->max_pages > 0 ? cfg->max_pages : GL_DEFAULT_MAX_PAGES;
    int depth = cfg->crawl_depth >= 0 ? cfg->crawl_depth : GL_DEFAULT_CRAWL_DEPTH;
    b->crawl = gl_crawl_new(depth, (uint64_t)maxp, &b->opts);
    if (!b->crawl) {
        b->input_err = true;
        return;
    }
    for (size_t i = 0; i < cfg->ncrawl; i++) {
        char *n = gl_url_normalize(NULL, cfg->crawl[i], strlen(cfg->crawl[i]));
        if (!n) disc_fail(b, cfg->crawl[i], GALLEY_ERR_FETCH, "not an absolute http or https URL");
        else if (!gl_crawl_seed(b->crawl, n)) b->input_err = true;
        free(n);
    }
    if (cfg->list_only) {
        gl_crawl_sink sink = {b, list_page, disc_fail, disc_stop};
        size_t par = cfg->fetch_parallel > 0 ? (size_t)cfg->fetch_parallel : GL_DEFAULT_FETCH_PARALLEL;
        if (!gl_crawl_list(f, b->crawl, par, &sink)) b->input_err = true;
    }
}

/* Fetches every URL (the --url list, the file, the pages discovery found,
 * then the crawl's) a few at a time, keeping the window: a URL gets its
 * sequence number when its transfer starts, and its record is written in
 * that order. */
static void process_urls(gl_batch *b)
{
    const galley_batch_config *cfg = b->cfg;
    bool disc = cfg->nsitemaps || cfg->nfeeds || cfg->ncrawl;
    FILE *list = NULL;
    if (cfg->urls_file) {
        list = strcmp(cfg->urls_file, "-") == 0 ? stdin : fopen(cfg->urls_file, "r");
        struct stat st;
        if (list && fstat(fileno(list), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(list);
            list = NULL;
            errno = EISDIR;
        }
        if (!list) {
            submit_error(b, cfg->urls_file, GALLEY_ERR_IO, "cannot open URL list: %s",
                         strerror(errno));
            b->input_err = true;
        }
    }
    if (!cfg->nurls && !list && !disc) return;
    gl_fetch *f = gl_fetch_new(cfg);
    if (!f) {
        for (size_t i = 0; i < cfg->nurls; i++)
            submit_error(b, cfg->urls[i], GALLEY_ERR_NOMEM, "cannot start libcurl%s", "");
        if (list && list != stdin) fclose(list);
        b->input_err = true;
        return;
    }
    gl_disc_out dout;
    memset(&dout, 0, sizeof dout);
    if (disc) discover_start(b, f, &dout);
    /* URLs queue in the fetcher up to the window, not just fetch_parallel:
     * it runs hosts in parallel, one request per host at a time, so a list
     * sorted by host still keeps several hosts busy */
    size_t queue = b->window;
    size_t ui = 0, di = 0;
    char *pending = NULL; /* next URL, read ahead from the file */
    int pending_depth = -1;
    bool pending_long = false;
    const char *list_bad = NULL; /* the list file cannot be read on */
    bool list_done = list == NULL;
    bool more = !cfg->list_only;
    while (!stopping(b)) {
        bool full = false;
        while (more && gl_fetch_running(f) < queue) {
            if (!pending && !list_bad) {
                pending_long = false;
                pending_depth = -1;
                if (ui < cfg->nurls) pending = strdup(cfg->urls[ui++]);
                else if (!list_done) list_done = !(pending = next_url_line(list, &pending_long, &list_bad)) && !list_bad;
                if (!pending && !list_bad && list_done) {
                    if (di < dout.n) {
                        pending = strdup(dout.pages[di++].url);
                    } else if (b->crawl && gl_crawl_next(b->crawl, &pending, &pending_depth)) {
                        /* taken */
                    } else if (b->crawl_inflight) {
                        break; /* the pages in flight may add links */
                    } else {
                        more = false;
                        break;
                    }
                }
                if (!pending && !list_bad) continue; /* OOM: the next one */
            }
            /* take a sequence number only when the window has room */
            pthread_mutex_lock(&b->mu);
            bool room = b->next_seq - b->next_write < b->window;
            pthread_mutex_unlock(&b->mu);
            if (!room) {
                full = true;
                break;
            }
            if (list_bad) { /* one error record, in its place, and the end of the list */
                submit_error(b, cfg->urls_file, GALLEY_ERR_IO, "cannot read URL list: %s",
                             list_bad);
                b->input_err = true;
                list_bad = NULL;
                list_done = true;
                continue;
            }
            gl_item *it = item_new(pending);
            if (it && !(it->url = strdup(pending))) {
                item_free(it);
                it = NULL;
            }
            if (!it) {
                free(pending);
                pending = NULL;
                b->input_err = true;
                continue;
            }
            it->url_name = true;
            if (pending_long) { /* in order, as an error record */
                it->st = GALLEY_ERR_FETCH;
                snprintf(it->msg, sizeof it->msg, "URL longer than %d bytes", GL_BATCH_URL_MAX);
                submit(b, it);
                free(pending);
                pending = NULL;
                continue;
            }
            if (!reserve(b, it)) { /* stopping; reserve() freed the item */
                free(pending);
                pending = NULL;
                break;
            }
            it->crawl_depth = pending_depth;
            if (!gl_fetch_add(f, pending, it, 0)) {
                it->st = GALLEY_ERR_NOMEM;
                snprintf(it->msg, sizeof it->msg, "out of memory");
                dispatch(b, it);
            } else if (pending_depth >= 0) {
                b->crawl_inflight++;
            }
            free(pending);
            pending = NULL;
        }
        if (!more && gl_fetch_running(f) == 0) {
            gl_fetch_poll(f, 0, on_fetched, b); /* failures that never started */
            break;
        }
        gl_fetch_poll(f, 100, on_fetched, b);
        if (full && gl_fetch_running(f) == 0) wait_window(b);
    }
    free(pending);
    const gl_fetch_stats *fs = gl_fetch_get_stats(f);
    b->sum.requests += fs->requests;
    b->sum.robots += fs->robots;
    b->sum.disallowed += fs->disallowed;
    b->sum.retried += fs->retried;
    gl_fetch_free(f);
    gl_disc_out_free(&dout);
    gl_crawl_free(b->crawl);
    b->crawl = NULL;
    if (list && list != stdin) fclose(list);
}

/* ------------------------------------------------------------------- run */

GALLEY_API const char *galley_filter_reason_name(galley_filter_reason r)
{
    static const char *const names[GALLEY_FILTER_REASON_COUNT_] = {
        [GALLEY_FILTER_PAGE_TYPE] = "page_type", [GALLEY_FILTER_CONFIDENCE] = "confidence",
        [GALLEY_FILTER_LANGUAGE] = "language",   [GALLEY_FILTER_REQUIRE] = "require",
        [GALLEY_FILTER_MIN_WORDS] = "min_words", [GALLEY_FILTER_DUPLICATE] = "duplicate",
    };
    return (unsigned)r < GALLEY_FILTER_REASON_COUNT_ && names[r] ? names[r] : "unknown";
}

GALLEY_API const char *galley_skip_reason_name(galley_skip_reason r)
{
    static const char *const names[GALLEY_SKIP_REASON_COUNT_] = {
        [GALLEY_SKIP_WARC_RECORD] = "warc_record", [GALLEY_SKIP_NOT_HTML] = "not_html",
        [GALLEY_SKIP_NOT_REGULAR] = "not_regular", [GALLEY_SKIP_SYMLINK_DIR] = "symlink_dir",
        [GALLEY_SKIP_HIDDEN] = "hidden",
    };
    return (unsigned)r < GALLEY_SKIP_REASON_COUNT_ && names[r] ? names[r] : "unknown";
}

static const char *status_name(int k) { return galley_status_name((galley_status)k); }
static const char *filter_name(int k) { return galley_filter_reason_name((galley_filter_reason)k); }
static const char *skip_name(int k) { return galley_skip_reason_name((galley_skip_reason)k); }

/* "<open>name n, name n<close>" over the non-zero counts; nothing when all
 * are zero. */
static void print_counts(FILE *f, const char *open, const char *close, const uint64_t *v, int n,
                         const char *(*name)(int))
{
    const char *sep = open;
    for (int k = 0; k < n; k++)
        if (v[k]) {
            fprintf(f, "%s%s %llu", sep, name(k), (unsigned long long)v[k]);
            sep = ", ";
        }
    if (sep != open) fputs(close, f);
}

static void print_summary(gl_batch *b)
{
    const galley_batch_summary *s = &b->sum;
    double el = s->elapsed_s > 0 ? s->elapsed_s : 1e-9;
    if (b->progress) fputs("\r\033[K", b->err);
    fprintf(b->err, "galley: read %llu, extracted %llu, skipped %llu, errors %llu",
            (unsigned long long)s->read, (unsigned long long)s->extracted,
            (unsigned long long)s->skipped, (unsigned long long)s->errors);
    print_counts(b->err, " (", ")", s->errors_by_status, 32, status_name);
    if (s->filtered) fprintf(b->err, ", filtered %llu", (unsigned long long)s->filtered);
    print_counts(b->err, " (", ")", s->filtered_by_reason, GALLEY_FILTER_REASON_COUNT_, filter_name);
    print_counts(b->err, "; skipped: ", "", s->skipped_by_reason, GALLEY_SKIP_REASON_COUNT_, skip_name);
    if (s->discovered) fprintf(b->err, "; discovered %llu", (unsigned long long)s->discovered);
    if (s->requests)
        fprintf(b->err, "; requests %llu (robots.txt %llu), disallowed %llu, retried %llu",
                (unsigned long long)s->requests, (unsigned long long)s->robots,
                (unsigned long long)s->disallowed, (unsigned long long)s->retried);
    fprintf(b->err, "; %.2f s, %.1f docs/s, %.2f MB/s\n", s->elapsed_s, (double)s->read / el,
            (double)s->bytes / 1e6 / el);
    fflush(b->err);
}

static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

GALLEY_API int galley_batch_run(const galley_batch_config *ucfg, galley_batch_summary *sum)
{
    if (sum) memset(sum, 0, sizeof(*sum));
    /* a caller built against an older, shorter struct gets defaults for the
     * fields it does not know */
    if (!ucfg || ucfg->struct_size < offsetof(galley_batch_config, charset)) return GALLEY_EXIT_USAGE;
    galley_batch_config cfgv;
    galley_batch_config_init(&cfgv);
    memcpy(&cfgv, ucfg, ucfg->struct_size < sizeof cfgv ? ucfg->struct_size : sizeof cfgv);
    cfgv.struct_size = sizeof cfgv;
    const galley_batch_config *cfg = &cfgv;
    if ((cfg->ninputs && !cfg->inputs) || (cfg->nurls && !cfg->urls)) return GALLEY_EXIT_USAGE;
    bool disc = cfg->nsitemaps || cfg->nfeeds || cfg->ncrawl;
    if (!cfg->ninputs && !cfg->nurls && !cfg->urls_file && !disc) return GALLEY_EXIT_USAGE;
    if ((cfg->nsitemaps && !cfg->sitemaps) || (cfg->nfeeds && !cfg->feeds) ||
        (cfg->ncrawl && !cfg->crawl))
        return GALLEY_EXIT_USAGE;
    int64_t since;
    if (!gl_discover_since(cfg->since, &since)) {
        fprintf(cfg->err ? cfg->err : stderr, "galley: bad since date '%s' (ISO 8601)\n",
                cfg->since);
        return GALLEY_EXIT_USAGE;
    }
    if ((int)cfg->format < 0 || cfg->format > GALLEY_FORMAT_CSV) return GALLEY_EXIT_USAGE;
    char fmsg[200];
    if (gl_filter_validate(cfg, fmsg, sizeof fmsg)) {
        fprintf(cfg->err ? cfg->err : stderr, "galley: %s\n", fmsg);
        return GALLEY_EXIT_USAGE;
    }

    gl_batch *b = calloc(1, sizeof *b);
    if (!b) return GALLEY_EXIT_NOMEM;
    b->cfg = cfg;
    b->out = cfg->out ? cfg->out : stdout;
    b->err = cfg->err ? cfg->err : stderr;
    b->opts = *(cfg->opts ? cfg->opts : gl_options_default());
    /* 0: no time budget */
    b->opts.timeout_ms = cfg->timeout_ms >= 0 ? cfg->timeout_ms : GL_DEFAULT_TIMEOUT_MS;
    b->max_bytes = cfg->max_bytes > 0 ? (uint64_t)cfg->max_bytes : GL_DEFAULT_MAX_BYTES;
    b->max_member = cfg->max_member_bytes > 0 ? (uint64_t)cfg->max_member_bytes
                                              : GL_DEFAULT_MAX_MEMBER_BYTES;
    if ((uint64_t)b->opts.max_input_bytes > b->max_bytes) b->opts.max_input_bytes = (int64_t)b->max_bytes;

    if (cfg->output_dir) {
        struct stat st;
        if (stat(cfg->output_dir, &st) != 0 && mkdir(cfg->output_dir, 0777) != 0) {
            fprintf(b->err, "galley: cannot create %s: %s\n", cfg->output_dir, strerror(errno));
            free(b);
            return GALLEY_EXIT_IO;
        }
        if (stat(cfg->output_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(b->err, "galley: %s is not a directory\n", cfg->output_dir);
            free(b);
            return GALLEY_EXIT_IO;
        }
    }
    int jobs = cfg->jobs > 0 ? cfg->jobs : online_cpus();
    if (jobs > GL_BATCH_JOBS_MAX) jobs = GL_BATCH_JOBS_MAX;
    int par = cfg->fetch_parallel > 0 ? cfg->fetch_parallel : 4;
    b->window = (size_t)jobs * GL_BATCH_WINDOW_PER_JOB + (size_t)par;
    b->ring = calloc(b->window, sizeof *b->ring);
    if (!b->ring) {
        free(b);
        return GALLEY_EXIT_NOMEM;
    }
    if (!gl_dedup_init(&b->dedup, (galley_dedup)cfg->dedup, cfg->dedup_distance)) {
        gl_dedup_free(&b->dedup);
        free(b->ring);
        free(b);
        return GALLEY_EXIT_NOMEM;
    }
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->work_cv, NULL);
    pthread_cond_init(&b->space_cv, NULL);
    b->progress = !cfg->quiet && isatty(fileno(b->err));
    b->t0 = b->last_progress = gl_now_ns();

    /* the share of input read is known when every input is a regular file */
    bool known = cfg->nurls == 0 && !cfg->urls_file && !disc;
    for (size_t i = 0; i < cfg->ninputs && known; i++) {
        struct stat st;
        if (!cfg->inputs[i] || strcmp(cfg->inputs[i], "-") == 0 || stat(cfg->inputs[i], &st) != 0 ||
            !S_ISREG(st.st_mode))
            known = false;
        else
            b->raw_total += (uint64_t)st.st_size;
    }
    if (!known) b->raw_total = 0;

    if (cfg->format == GALLEY_FORMAT_CSV && !cfg->jsonl && !cfg->output_dir && !cfg->list_only) {
        gl_buf h;
        gl_buf_init(&h);
        bool hok = gl_render_csv_header(&h) && fwrite(h.data, 1, h.len, b->out) == h.len;
        gl_buf_free(&h);
        if (!hok) {
            b->fatal = true;
            b->write_errno = errno;
        }
    }

    pthread_t tids[GL_BATCH_JOBS_MAX];
    for (int i = 0; i < jobs; i++) {
        if (pthread_create(&tids[b->nworkers], NULL, worker, b) != 0) break;
        b->nworkers++;
    }

    for (size_t i = 0; i < cfg->ninputs && !stopping(b); i++) {
        const char *in = cfg->inputs[i];
        if (!in) continue;
        if (strcmp(in, "-") == 0) {
            process_stream(b, "-", STDIN_FILENO, false);
            continue;
        }
        struct stat st;
        if (stat(in, &st) != 0) {
            submit_error(b, in, GALLEY_ERR_IO, "cannot open: %s", strerror(errno));
            b->input_err = true;
        } else if (S_ISDIR(st.st_mode)) {
            process_dir(b, in);
        } else {
            process_path(b, in);
        }
    }
    if (!stopping(b)) process_urls(b);

    pthread_mutex_lock(&b->mu);
    b->closing = true;
    pthread_cond_broadcast(&b->work_cv);
    pthread_mutex_unlock(&b->mu);
    for (int i = 0; i < b->nworkers; i++) pthread_join(tids[i], NULL);

    if (!b->fatal && cfg->jsonl && cfg->json_array && !cfg->output_dir && !cfg->list_only &&
        fputs(b->written ? "\n]\n" : "[]\n", b->out) == EOF) {
        b->fatal = true;
        b->write_errno = errno;
    }
    bool fatal = b->fatal;
    if (!fatal && !cfg->output_dir && fflush(b->out) != 0) {
        fatal = true;
        b->write_errno = errno;
    }
    b->sum.elapsed_s = (double)(gl_now_ns() - b->t0) / 1e9;
    /* a run of one document that failed: scripts see it in the exit
     * status, people on err whatever the format and `quiet` */
    bool one_failed = b->sum.extracted + b->sum.errors == 1 && b->sum.errors == 1;
    /* a list: failed when its sources failed and it is empty */
    if (cfg->list_only) one_failed = b->sum.discovered == 0 && b->sum.errors > 0;
    if (one_failed && b->first_fail[0] && !cfg->list_only) fprintf(b->err, "galley: %s\n", b->first_fail);
    if (!cfg->quiet) print_summary(b);
    if (fatal) fprintf(b->err, "galley: writing output failed: %s\n", strerror(b->write_errno));
    if (sum) *sum = b->sum;
    int rc = fatal || b->input_err ? GALLEY_EXIT_IO
             : one_failed          ? GALLEY_EXIT_FAILED
                                   : GALLEY_EXIT_OK;
    /* items left in the ring after a fatal stop */
    for (size_t i = 0; i < b->window; i++) item_free(b->ring[i]);
    free(b->ring);
    gl_dedup_free(&b->dedup);
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->work_cv);
    pthread_cond_destroy(&b->space_cv);
    free(b);
    return rc;
}
