/*
 * batch.c -- the crawl-scale driver behind galley_batch_run(): enumerates
 * inputs (files, directories, stdin), extracts every document and writes one
 * record per document in input order.
 *
 * This first cut is single-threaded; the worker pool, WARC and URL inputs
 * build on the same item -> render -> emit path.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>

#include "../core/core.h"
#include "../output/output.h"

#define GL_BATCH_DIR_DEPTH_MAX 64

GALLEY_API void galley_batch_config_init(galley_batch_config *c)
{
    if (!c) return;
    memset(c, 0, sizeof(*c));
    c->struct_size = sizeof(*c);
    c->format = GALLEY_FORMAT_TEXT;
    c->timeout_ms = 1000;
    c->max_bytes = 64 << 20;
    c->max_member_bytes = 256 << 20;
    c->fetch_timeout_ms = 30000;
    c->fetch_connect_timeout_ms = 10000;
    c->fetch_parallel = 4;
    c->out = stdout;
    c->err = stderr;
}

typedef struct gl_batch {
    const galley_batch_config *cfg;
    galley_options opts; /* cfg->opts with the batch's time and size caps */
    galley_batch_summary sum;
    FILE *out, *err;
    gl_buf render;
    uint64_t seq;
    bool fatal;     /* output failed: stop */
    bool input_err; /* a top-level input could not be opened */
} gl_batch;

static const char *format_ext(galley_format f, int jsonl)
{
    if (jsonl) return "json";
    switch (f) {
    case GALLEY_FORMAT_MARKDOWN: return "md";
    case GALLEY_FORMAT_JSON: return "json";
    case GALLEY_FORMAT_HTML: return "html";
    case GALLEY_FORMAT_XML: return "xml";
    default: return "txt";
    }
}

/* A file name safe on any file system: [A-Za-z0-9._-] only, bounded, never
 * starting with a dot; prefixed by the sequence number so names are unique
 * and sort in input order. */
static void safe_name(char *dst, size_t cap, uint64_t seq, const char *src, const char *ext)
{
    const char *base = src ? src : "stdin";
    const char *slash = strrchr(base, '/');
    if (slash && slash[1]) base = slash + 1;
    char stem[96];
    size_t n = 0;
    for (const char *p = base; *p && n < sizeof stem - 1; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (c == '.' && n > 0);
        stem[n++] = ok ? (char)c : '_';
    }
    stem[n] = 0;
    /* drop the input's own extensions (.html, .html.gz, ...) */
    static const char *const exts[] = {".html.gz", ".htm.gz", ".html", ".htm", ".xhtml", ".gz"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t el = strlen(exts[i]);
        if (n > el && gl_ascii_ieq(stem + n - el, el, exts[i])) {
            stem[n - el] = 0;
            break;
        }
    }
    snprintf(dst, cap, "%08llu-%s.%s", (unsigned long long)seq, stem[0] ? stem : "doc", ext);
}

/* Writes one finished record. Returns false on a fatal output failure. */
static bool emit(gl_batch *b, uint64_t seq, const char *source, const char *text, size_t len,
                 galley_status st, const char *errmsg)
{
    const galley_batch_config *cfg = b->cfg;
    if (cfg->output_dir) {
        if (!text) {
            if (!cfg->quiet)
                fprintf(b->err, "galley: %s: %s: %s\n", source ? source : "-",
                        galley_status_name(st), errmsg ? errmsg : "");
            return true;
        }
        char name[160];
        safe_name(name, sizeof name, seq, source, format_ext(cfg->format, cfg->jsonl));
        size_t plen = strlen(cfg->output_dir) + 1 + strlen(name) + 1;
        char *path = malloc(plen);
        if (!path) return false;
        snprintf(path, plen, "%s/%s", cfg->output_dir, name);
        FILE *f = fopen(path, "wb");
        bool ok = f && fwrite(text, 1, len, f) == len;
        if (ok && (len == 0 || text[len - 1] != '\n')) ok = fputc('\n', f) != EOF;
        if (f && fclose(f) != 0) ok = false;
        if (!ok) fprintf(b->err, "galley: cannot write %s: %s\n", path, strerror(errno));
        free(path);
        return ok;
    }
    if (!text) {
        if (!cfg->quiet)
            fprintf(b->err, "galley: %s: %s: %s\n", source ? source : "-", galley_status_name(st),
                    errmsg ? errmsg : "");
        return true;
    }
    if (len && fwrite(text, 1, len, b->out) != len) return false;
    if ((len == 0 || text[len - 1] != '\n') && fputc('\n', b->out) == EOF) return false;
    return true;
}

/* Extracts one document (or turns a known failure into an error record) and
 * writes its record. `bytes` may be NULL when `pre` is a failure. */
static void process_doc(gl_batch *b, const char *source, const char *url, const char *charset,
                        const char *warc_id, const char *warc_date, const char *bytes,
                        size_t len, galley_status pre, const char *pre_msg)
{
    const galley_batch_config *cfg = b->cfg;
    uint64_t seq = b->seq++;
    b->sum.read++;
    b->sum.bytes += len;
    galley_error err = {0};
    galley_article *a = NULL;
    galley_status st = pre;
    const char *msg = pre_msg;
    if (st == GALLEY_OK) {
        a = galley_extract(bytes, len, url, charset, &b->opts, &err);
        if (!a) {
            st = err.code != GALLEY_OK ? err.code : GALLEY_ERR_NOMEM;
            msg = err.msg;
        } else {
            /* no body found or a tripped tree cap still make a record;
             * a timeout keeps what was extracted but is an error */
            galley_status as = galley_article_status(a);
            if (as == GALLEY_ERR_TIMEOUT || as == GALLEY_ERR_NOMEM) st = as;
        }
    }
    gl_buf *r = &b->render;
    gl_buf_clear(r);
    bool ok;
    if (cfg->jsonl) {
        gl_record_info info = {source, url, warc_id, warc_date, st,
                               st != GALLEY_OK ? (msg && msg[0] ? msg : galley_status_str(st)) : NULL};
        ok = gl_render_json_record(r, st == GALLEY_OK || a ? a : NULL, &info);
    } else if (st == GALLEY_OK || (a && st == GALLEY_ERR_TIMEOUT)) {
        ok = gl_render(r, a, cfg->format);
    } else {
        ok = true;
        r = NULL;
    }
    if (!ok) {
        st = GALLEY_ERR_NOMEM;
        msg = "out of memory while rendering";
        if (cfg->jsonl) {
            gl_buf_clear(&b->render);
            gl_record_info info = {source, url, warc_id, warc_date, st, msg};
            r = gl_render_json_record(&b->render, NULL, &info) ? &b->render : NULL;
        } else {
            r = NULL;
        }
    }
    if (st == GALLEY_OK) {
        b->sum.extracted++;
    } else {
        b->sum.errors++;
        b->sum.errors_by_status[st < 32 ? st : 31]++;
    }
    if (!emit(b, seq, source, r ? r->data : NULL, r ? r->len : 0, st,
              msg && msg[0] ? msg : galley_status_str(st)))
        b->fatal = true;
    galley_article_free(a);
}

/* Reads a whole file (gzip or plain; zlib tells them apart by their bytes)
 * and processes it as one HTML document. */
static void process_file(gl_batch *b, const char *path, int fd_in)
{
    int fd = fd_in >= 0 ? fd_in : open(path, O_RDONLY);
    if (fd < 0) {
        char m[200];
        snprintf(m, sizeof m, "cannot open: %s", strerror(errno));
        process_doc(b, path, NULL, NULL, NULL, NULL, NULL, 0, GALLEY_ERR_IO, m);
        return;
    }
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        if (fd_in < 0) close(fd);
        process_doc(b, path, NULL, NULL, NULL, NULL, NULL, 0, GALLEY_ERR_NOMEM, "out of memory");
        return;
    }
    gl_buf data;
    gl_buf_init(&data);
    size_t max = b->cfg->max_bytes > 0 ? (size_t)b->cfg->max_bytes : (size_t)64 << 20;
    galley_status st = GALLEY_OK;
    char m[200] = "";
    for (;;) {
        if (data.len > max) {
            st = GALLEY_ERR_TOO_LARGE;
            snprintf(m, sizeof m, "document exceeds %zu bytes", max);
            break;
        }
        if (!gl_buf_reserve(&data, 65536)) {
            st = GALLEY_ERR_NOMEM;
            snprintf(m, sizeof m, "out of memory");
            break;
        }
        int n = gzread(gz, data.data + data.len, 65536);
        if (n < 0) {
            int zerr;
            const char *zm = gzerror(gz, &zerr);
            st = zerr == Z_ERRNO ? GALLEY_ERR_IO : GALLEY_ERR_CORRUPT;
            snprintf(m, sizeof m, "read failed: %s", zerr == Z_ERRNO ? strerror(errno) : zm);
            break;
        }
        if (n == 0) break;
        data.len += (size_t)n;
    }
    gzclose_r(gz); /* closes fd too; stdin is not read again */
    process_doc(b, path, NULL, NULL, NULL, NULL, st == GALLEY_OK ? data.data : NULL,
                st == GALLEY_OK ? data.len : 0, st, m);
    gl_buf_free(&data);
}

static bool wanted_name(const char *name)
{
    static const char *const exts[] = {".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t el = strlen(exts[i]);
        if (n > el && gl_ascii_ieq(name + n - el, el, exts[i])) return true;
    }
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One directory being walked: its sorted entries and where we are. */
typedef struct dir_frame {
    char *path;
    char **names;
    size_t n, i;
} dir_frame;

static void frame_free(dir_frame *f)
{
    for (size_t k = 0; k < f->n; k++) free(f->names[k]);
    free(f->names);
    free(f->path);
}

static bool frame_open(dir_frame *f, const char *path)
{
    memset(f, 0, sizeof(*f));
    f->path = strdup(path);
    DIR *d = opendir(path);
    if (!d || !f->path) {
        if (d) closedir(d);
        return false;
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ., .., hidden files */
        if (f->n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nn = realloc(f->names, nc * sizeof *nn);
            if (!nn) break;
            f->names = nn;
            cap = nc;
        }
        char *s = strdup(e->d_name);
        if (!s) break;
        f->names[f->n++] = s;
    }
    closedir(d);
    if (f->n) qsort(f->names, f->n, sizeof *f->names, cmp_str);
    return true;
}

/* Walks a directory tree without recursion, in sorted (strcmp) pre-order,
 * processing every HTML file. Symbolic links to directories are not
 * followed, so loops cannot occur; depth is capped. */
static void process_dir(gl_batch *b, const char *root)
{
    dir_frame stack[GL_BATCH_DIR_DEPTH_MAX];
    size_t depth = 0;
    if (!frame_open(&stack[0], root)) {
        char m[200];
        snprintf(m, sizeof m, "cannot read directory: %s", strerror(errno));
        frame_free(&stack[0]);
        process_doc(b, root, NULL, NULL, NULL, NULL, NULL, 0, GALLEY_ERR_IO, m);
        return;
    }
    depth = 1;
    while (depth && !b->fatal) {
        dir_frame *f = &stack[depth - 1];
        if (f->i == f->n) {
            frame_free(f);
            depth--;
            continue;
        }
        const char *name = f->names[f->i++];
        size_t plen = strlen(f->path) + 1 + strlen(name) + 1;
        char *path = malloc(plen);
        if (!path) continue;
        snprintf(path, plen, "%s/%s", f->path, name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (depth < GL_BATCH_DIR_DEPTH_MAX) {
                if (frame_open(&stack[depth], path))
                    depth++;
                else
                    frame_free(&stack[depth]);
            }
        } else if (wanted_name(name)) {
            process_file(b, path, -1);
        }
        free(path);
    }
    while (depth) frame_free(&stack[--depth]);
}

GALLEY_API int galley_batch_run(const galley_batch_config *cfg, galley_batch_summary *sum)
{
    if (sum) memset(sum, 0, sizeof(*sum));
    if (!cfg || cfg->struct_size < sizeof(*cfg) ||
        (cfg->ninputs && !cfg->inputs) || (cfg->nurls && !cfg->urls))
        return GALLEY_EXIT_USAGE;
    if (!cfg->ninputs && !cfg->nurls && !cfg->urls_file) return GALLEY_EXIT_USAGE;
    gl_batch b;
    memset(&b, 0, sizeof b);
    b.cfg = cfg;
    b.out = cfg->out ? cfg->out : stdout;
    b.err = cfg->err ? cfg->err : stderr;
    b.opts = *(cfg->opts ? cfg->opts : gl_options_default());
    if (cfg->timeout_ms > 0) b.opts.timeout_ms = cfg->timeout_ms;
    if (cfg->max_bytes > 0) b.opts.max_input_bytes = cfg->max_bytes;
    gl_buf_init(&b.render);
    if (cfg->output_dir) {
        struct stat st;
        if (stat(cfg->output_dir, &st) != 0 && mkdir(cfg->output_dir, 0777) != 0) {
            fprintf(b.err, "galley: cannot create %s: %s\n", cfg->output_dir, strerror(errno));
            return GALLEY_EXIT_IO;
        }
    }
    uint64_t t0 = gl_now_ns();
    for (size_t i = 0; i < cfg->ninputs && !b.fatal; i++) {
        const char *in = cfg->inputs[i];
        if (!in) continue;
        if (strcmp(in, "-") == 0) {
            process_file(&b, "-", dup(STDIN_FILENO));
            continue;
        }
        struct stat st;
        if (stat(in, &st) != 0) {
            char m[200];
            snprintf(m, sizeof m, "cannot open: %s", strerror(errno));
            process_doc(&b, in, NULL, NULL, NULL, NULL, NULL, 0, GALLEY_ERR_IO, m);
            b.input_err = true;
        } else if (S_ISDIR(st.st_mode)) {
            process_dir(&b, in);
        } else {
            process_file(&b, in, -1);
        }
    }
    if (fflush(b.out) != 0) b.fatal = true;
    b.sum.elapsed_s = (double)(gl_now_ns() - t0) / 1e9;
    gl_buf_free(&b.render);
    if (!cfg->quiet) {
        double mb = (double)b.sum.bytes / 1e6;
        double el = b.sum.elapsed_s > 0 ? b.sum.elapsed_s : 1e-9;
        fprintf(b.err, "galley: read %llu, extracted %llu, skipped %llu, errors %llu",
                (unsigned long long)b.sum.read, (unsigned long long)b.sum.extracted,
                (unsigned long long)b.sum.skipped, (unsigned long long)b.sum.errors);
        for (int s = 0; s < 32; s++)
            if (b.sum.errors_by_status[s])
                fprintf(b.err, " %s=%llu", galley_status_name((galley_status)s),
                        (unsigned long long)b.sum.errors_by_status[s]);
        fprintf(b.err, "; %.2f s, %.1f docs/s, %.2f MB/s\n", b.sum.elapsed_s,
                (double)b.sum.read / el, mb / el);
    }
    if (sum) *sum = b.sum;
    if (b.fatal) {
        fprintf(b.err, "galley: write failed: %s\n", strerror(errno));
        return GALLEY_EXIT_IO;
    }
    return b.input_err ? GALLEY_EXIT_IO : GALLEY_EXIT_OK;
}
