/*
 * WARC reader and batch driver, through the public API: record kinds,
 * resynchronisation, gzip members, zstd frames, bombs, every truncation
 * point, and "records in = records out + error records" for galley_batch_run
 * over WARCs, directories and URLs. Archives are built here, in C.
 */
#include <check.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "galley.h"

#include "warc_build.h"

/* The mixed archive most tests use; returns the number of records that
 * must give an output record (documents + errors). */
static void mixed(bytes *b, bool members)
{
    bytes one = {0};
#define EMIT()                                                                                 \
    do {                                                                                       \
        if (members) gzip_member(b, one.p, one.n, false);                                      \
        else put(b, one.p, one.n);                                                             \
        one.n = 0;                                                                             \
    } while (0)
    record(&one, "warcinfo", NULL, "application/warc-fields", "a: b\r\n", 6, -1);
    EMIT();
    response(&one, "http://t/1", 200, "text/html; charset=windows-1252", NULL, PAGE, strlen(PAGE));
    EMIT();
    record(&one, "request", "http://t/1", "application/http; msgtype=request",
           "GET / HTTP/1.1\r\n\r\n", 18, -1);
    EMIT();
    put(b, "garbage \x00\x01 between WARC/1.0 records\n", 37); /* junk, not compressed */
    record(&one, "resource", "http://t/2", "text/html; charset=utf-8", PAGE, strlen(PAGE), -1);
    EMIT();
    response(&one, "http://t/3", 200, "image/png", NULL, "\x89PNG", 4);
    EMIT();
    response(&one, "http://t/4", 404, "text/html", NULL, PAGE, strlen(PAGE));
    EMIT();
    {
        /* chunked transfer of a gzip-coded payload */
        bytes gz = {0}, ch = {0};
        gzip_member(&gz, PAGE, strlen(PAGE), false);
        for (size_t k = 0; k < gz.n; k += 50) {
            size_t c = gz.n - k < 50 ? gz.n - k : 50;
            char hx[16];
            snprintf(hx, sizeof hx, "%zx\r\n", c);
            puts_(&ch, hx);
            put(&ch, gz.p + k, c);
            puts_(&ch, "\r\n");
        }
        puts_(&ch, "0\r\n\r\n");
        response(&one, "http://t/5", 200, "text/html",
                 "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", ch.p, ch.n);
        free(gz.p);
        free(ch.p);
    }
    EMIT();
    /* Content-Length 300 bytes too long: the next record hides inside */
    {
        bytes blk = {0};
        http(&blk, 200, "text/html", NULL, PAGE, strlen(PAGE));
        record(&one, "response", "http://t/6", "application/http; msgtype=response", blk.p, blk.n,
               (long)blk.n + 300);
        one.n -= 4; /* no trailer: the record really is short */
        free(blk.p);
    }
    EMIT();
    response(&one, "http://t/7", 200, "text/html", NULL, PAGE, strlen(PAGE));
    EMIT();
    free(one.p);
#undef EMIT
}

START_TEST(reader_kinds_and_resync)
{
    bytes b = {0};
    mixed(&b, false);
    got s;
    read_got(b.p, b.n, 0, 0, false, &s);
    /* warcinfo, 1, request, 2, png, 404, 5, 6 (corrupt), 7 */
    ck_assert_uint_eq(s.n, 9);
    ck_assert_int_eq(s.kind[0], GALLEY_WARC_SKIPPED);
    ck_assert_int_eq(s.kind[1], GALLEY_WARC_DOCUMENT);
    ck_assert_str_eq(s.uri[1], "http://t/1");
    ck_assert_str_eq(s.charset[1], "windows-1252");
    ck_assert(s.has_headline[1]);
    ck_assert_int_eq(s.kind[2], GALLEY_WARC_SKIPPED);
    ck_assert_int_eq(s.kind[3], GALLEY_WARC_DOCUMENT);
    ck_assert_str_eq(s.charset[3], "utf-8");
    ck_assert_uint_eq(s.body_len[3], strlen(PAGE));
    ck_assert_int_eq(s.kind[4], GALLEY_WARC_SKIPPED);
    ck_assert_int_eq(s.kind[5], GALLEY_WARC_SKIPPED);
    ck_assert_int_eq(s.kind[6], GALLEY_WARC_DOCUMENT); /* dechunked and inflated */
    ck_assert_uint_eq(s.body_len[6], strlen(PAGE));
    ck_assert(s.has_headline[6]);
    ck_assert_int_eq(s.kind[7], GALLEY_WARC_ERROR);
    ck_assert_int_eq(s.status[7], GALLEY_ERR_CORRUPT);
    ck_assert_int_eq(s.kind[8], GALLEY_WARC_DOCUMENT);
    ck_assert_str_eq(s.uri[8], "http://t/7");
    free(b.p);
}
END_TEST

START_TEST(reader_gzip_members_zstd_whole_file)
{
    bytes plain = {0}, gz = {0}, whole = {0};
    mixed(&plain, false);
    mixed(&gz, true);
    gzip_member(&whole, plain.p, plain.n, false);
    got a, g, w;
    read_got(plain.p, plain.n, 0, 0, false, &a);
    read_got(gz.p, gz.n, 0, 0, false, &g);
    read_got(whole.p, whole.n, 0, 0, false, &w);
    ck_assert_uint_eq(g.n, a.n);
    ck_assert_uint_eq(w.n, a.n);
    for (size_t i = 0; i < a.n; i++) {
        ck_assert_int_eq(g.kind[i], a.kind[i]);
        ck_assert_int_eq(w.kind[i], a.kind[i]);
        ck_assert_str_eq(g.uri[i], a.uri[i]);
    }
    /* zstd: one frame per record, and junk between frames */
    bytes zs = {0};
    size_t cap = ZSTD_compressBound(plain.n);
    char *buf = malloc(cap);
    size_t half = plain.n / 2;
    const char *cut = strstr(plain.p + half, "WARC/1.1");
    ck_assert_ptr_nonnull(cut);
    size_t k = (size_t)(cut - plain.p);
    size_t z1 = ZSTD_compress(buf, cap, plain.p, k, 3);
    ck_assert(!ZSTD_isError(z1));
    put(&zs, buf, z1);
    put(&zs, "junk", 4);
    size_t z2 = ZSTD_compress(buf, cap, plain.p + k, plain.n - k, 3);
    ck_assert(!ZSTD_isError(z2));
    put(&zs, buf, z2);
    got z;
    read_got(zs.p, zs.n, 0, 0, false, &z);
    ck_assert_uint_eq(z.n, a.n);
    for (size_t i = 0; i < a.n; i++) ck_assert_int_eq(z.kind[i], a.kind[i]);
    free(buf);
    free(zs.p);
    free(plain.p);
    free(gz.p);
    free(whole.p);
}
END_TEST

START_TEST(reader_bombs_and_corrupt_members)
{
    bytes b = {0}, one = {0};
    response(&one, "http://t/1", 200, "text/html", NULL, PAGE, strlen(PAGE));
    gzip_member(&b, one.p, one.n, false);
    /* member bomb: 8 MB of zeros behind an honest header, member cap 1 MB */
    gzip_bomb(&b,
              "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://t/bomb\r\n"
              "Content-Length: 8388700\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
              8u << 20);
    /* a member that breaks after an intact header */
    one.n = 0;
    response(&one, "http://t/broken", 200, "text/html", NULL, PAGE, strlen(PAGE));
    gzip_member(&b, one.p, one.n / 2, true);
    /* payload bomb: Content-Encoding gzip inflating past max_bytes */
    bytes pb = {0};
    gzip_bomb(&pb, "<html>", 4u << 20);
    one.n = 0;
    response(&one, "http://t/payload-bomb", 200, "text/html", "Content-Encoding: gzip\r\n", pb.p,
             pb.n);
    gzip_member(&b, one.p, one.n, false);
    one.n = 0;
    response(&one, "http://t/last", 200, "text/html", NULL, PAGE, strlen(PAGE));
    gzip_member(&b, one.p, one.n, false);
    got s;
    read_got(b.p, b.n, 1 << 20, 1 << 20, false, &s);
    ck_assert_uint_eq(s.n, 5);
    ck_assert_int_eq(s.kind[0], GALLEY_WARC_DOCUMENT);
    ck_assert_int_eq(s.kind[1], GALLEY_WARC_ERROR);
    ck_assert_int_eq(s.status[1], GALLEY_ERR_TOO_LARGE);
    ck_assert_str_eq(s.uri[1], "http://t/bomb");
    ck_assert_int_eq(s.kind[2], GALLEY_WARC_ERROR);
    ck_assert_int_eq(s.status[2], GALLEY_ERR_CORRUPT);
    ck_assert_str_eq(s.uri[2], "http://t/broken");
    ck_assert_int_eq(s.kind[3], GALLEY_WARC_ERROR);
    ck_assert_int_eq(s.status[3], GALLEY_ERR_TOO_LARGE);
    ck_assert_int_eq(s.kind[4], GALLEY_WARC_DOCUMENT);
    ck_assert_str_eq(s.uri[4], "http://t/last");
    free(pb.p);
    free(one.p);
    free(b.p);
}
END_TEST

/* Every prefix of an archive: no crash, and never more records than whole. */
START_TEST(reader_every_truncation_point)
{
    bytes b = {0}, gz = {0};
    for (int i = 0; i < 3; i++) {
        char uri[32];
        snprintf(uri, sizeof uri, "http://t/%d", i);
        response(&b, uri, 200, "text/html", NULL, PAGE, strlen(PAGE));
    }
    gzip_member(&gz, b.p, b.n, false);
    for (size_t n = 0; n <= b.n; n++) {
        got s;
        read_got(b.p, n, 0, 0, false, &s);
        ck_assert_uint_le(s.n, 3);
        size_t docs = 0;
        for (size_t i = 0; i < s.n; i++) docs += s.kind[i] == GALLEY_WARC_DOCUMENT;
        /* all but (at most) the record cut off are whole documents */
        ck_assert_uint_ge(docs + 1, s.n);
    }
    for (size_t n = 0; n <= gz.n; n += 7) {
        got s;
        read_got(gz.p, n, 0, 0, false, &s);
        ck_assert_uint_le(s.n, 3);
    }
    free(b.p);
    free(gz.p);
}
END_TEST

/* ---- galley_batch_run */

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/galley-test-warc-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_tmpdir(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void write_file(const char *name, const void *p, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(p, 1, n, f), n);
    fclose(f);
}

/* Runs a batch with JSON Lines into memory; returns the exit code and
 * fills `lines` (parsed) and `sum`. */
static int run(galley_batch_config *c, json_object **lines, size_t *nlines, size_t max,
               galley_batch_summary *sum)
{
    FILE *out = tmpfile(), *err = tmpfile();
    ck_assert_ptr_nonnull(out);
    c->out = out;
    c->err = err;
    c->jsonl = 1;
    int rc = galley_batch_run(c, sum);
    rewind(out);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    *nlines = 0;
    while ((n = getline(&line, &cap, out)) > 0) {
        ck_assert_int_eq(line[n - 1], '\n');
        ck_assert_uint_lt(*nlines, max);
        lines[*nlines] = json_tokener_parse(line);
        ck_assert_ptr_nonnull(lines[*nlines]);
        (*nlines)++;
    }
    free(line);
    fclose(out);
    fclose(err);
    return rc;
}

/* Offsets and lengths the reader gives each record, with content types. */
typedef struct placed {
    int64_t off[16], len[16];
    char ctype[16][48];
    int http[16];
    size_t n;
} placed;

static void read_placed(const void *p, size_t n, placed *pl)
{
    memset(pl, 0, sizeof *pl);
    galley_warc *w = galley_warc_open_memory(p, n, 0, 0);
    ck_assert_ptr_nonnull(w);
    galley_warc_record r;
    while (galley_warc_next(w, &r)) {
        ck_assert_uint_lt(pl->n, 16);
        pl->off[pl->n] = r.warc_offset;
        pl->len[pl->n] = r.warc_length;
        pl->http[pl->n] = r.http_status;
        snprintf(pl->ctype[pl->n], sizeof pl->ctype[0], "%s", r.content_type ? r.content_type : "");
        pl->n++;
    }
    galley_warc_free(w);
}

/* Provenance: each record of a per-record gzip or zstd WARC is located by
 * its member's offset and length (as a Common Crawl index gives them), a
 * plain WARC's by its own bytes; a whole-file gzip's records share their
 * member, so they have none. */
START_TEST(reader_provenance)
{
    bytes plain = {0}, gz = {0}, zs = {0}, whole = {0}, one = {0};
    int64_t starts[4], lens[4], gstarts[4], glens[4], zstarts[4], zlens[4];
    for (int i = 0; i < 4; i++) {
        one.n = 0;
        char uri[32];
        snprintf(uri, sizeof uri, "http://t/p%d", i);
        if (i == 2)
            record(&one, "metadata", uri, "application/warc-fields", "a: b\r\n", 6, -1);
        else
            response(&one, uri, 200, "text/html; charset=utf-8", NULL, PAGE, strlen(PAGE));
        starts[i] = (int64_t)plain.n;
        lens[i] = (int64_t)one.n;
        put(&plain, one.p, one.n);
        gstarts[i] = (int64_t)gz.n;
        gzip_member(&gz, one.p, one.n, false);
        glens[i] = (int64_t)gz.n - gstarts[i];
        char zb[4096];
        size_t zn = ZSTD_compress(zb, sizeof zb, one.p, one.n, 3);
        ck_assert(!ZSTD_isError(zn));
        zstarts[i] = (int64_t)zs.n;
        put(&zs, zb, zn);
        zlens[i] = (int64_t)zn;
    }
    gzip_member(&whole, plain.p, plain.n, false);
    placed a, g, z, w;
    read_placed(plain.p, plain.n, &a);
    read_placed(gz.p, gz.n, &g);
    read_placed(zs.p, zs.n, &z);
    read_placed(whole.p, whole.n, &w);
    ck_assert_uint_eq(a.n, 4);
    ck_assert_uint_eq(g.n, 4);
    ck_assert_uint_eq(z.n, 4);
    ck_assert_uint_eq(w.n, 4);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(a.off[i], starts[i]);
        ck_assert_int_eq(a.len[i], lens[i]);
        ck_assert_int_eq(g.off[i], gstarts[i]);
        ck_assert_int_eq(g.len[i], glens[i]);
        ck_assert_int_eq(z.off[i], zstarts[i]);
        ck_assert_int_eq(z.len[i], zlens[i]);
        ck_assert_int_eq(w.off[i], -1);
        ck_assert_int_eq(w.len[i], -1);
        ck_assert_str_eq(g.ctype[i], i == 2 ? "application/warc-fields" : "text/html; charset=utf-8");
        ck_assert_int_eq(g.http[i], i == 2 ? 0 : 200);
    }
    free(plain.p);
    free(gz.p);
    free(zs.p);
    free(whole.p);
    free(one.p);
}
END_TEST

static const char *jstr(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
        return NULL;
    return json_object_get_string(v);
}

START_TEST(batch_nothing_lost)
{
    make_tmpdir();
    bytes b = {0};
    mixed(&b, true);
    /* and a member bomb before the last record */
    gzip_bomb(&b,
              "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://t/bomb\r\n"
              "Content-Length: 8388700\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
              8u << 20);
    write_file("x.warc.gz", b.p, b.n);
    char path[512];
    snprintf(path, sizeof path, "%s/x.warc.gz", tmpdir);
    const char *inputs[] = {path};
    static const char *const want[] = {"http://t/1", "http://t/2", "http://t/5", "http://t/6",
                                       "http://t/7", "http://t/bomb"};
    for (int jobs = 1; jobs <= 3; jobs += 2) {
        galley_batch_config c;
        galley_batch_config_init(&c);
        c.inputs = inputs;
        c.ninputs = 1;
        c.jobs = jobs;
        c.max_bytes = 1 << 20;
        c.max_member_bytes = 2 << 20;
        json_object *lines[16];
        size_t n;
        galley_batch_summary sum;
        ck_assert_int_eq(run(&c, lines, &n, 16, &sum), GALLEY_EXIT_OK);
        ck_assert_uint_eq(n, 6);
        ck_assert_uint_eq(sum.read, 10); /* skipped records count as read */
        ck_assert_uint_eq(sum.extracted + sum.errors + sum.skipped, sum.read);
        ck_assert_uint_eq(sum.skipped, 4);
        ck_assert_uint_eq(sum.skipped_by_reason[GALLEY_SKIP_WARC_RECORD], 4);
        ck_assert_uint_eq(sum.errors_by_status[GALLEY_ERR_CORRUPT], 1);
        ck_assert_uint_eq(sum.errors_by_status[GALLEY_ERR_TOO_LARGE], 1);
        for (size_t i = 0; i < n; i++) {
            ck_assert_str_eq(jstr(lines[i], "url"), want[i]);
            ck_assert_str_eq(jstr(lines[i], "target_uri"), want[i]);
            ck_assert_str_eq(jstr(lines[i], "warc_filename"), path);
            if (i < 5) { /* the bomb's header has no id or date */
                ck_assert_ptr_nonnull(jstr(lines[i], "warc_record_id"));
                ck_assert_str_eq(jstr(lines[i], "warc_date"), "2024-05-06T07:08:09Z");
            }
            json_object_put(lines[i]);
        }
    }
    free(b.p);
    rm_tmpdir();
}
END_TEST

START_TEST(batch_directory_sorted_and_output_dir)
{
    make_tmpdir();
    char sub[512];
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    ck_assert_int_eq(mkdir(sub, 0777), 0);
    write_file("b.html", PAGE, strlen(PAGE));
    bytes gz = {0};
    gzip_member(&gz, PAGE, strlen(PAGE), false);
    write_file("a.html.gz", gz.p, gz.n);
    write_file("bad.html.gz", gz.p, gz.n / 2); /* truncated gzip */
    write_file("sub/c.htm", PAGE, strlen(PAGE));
    write_file("notes.txt", "not a page", 10);
    const char *inputs[] = {tmpdir};
    galley_batch_config c;
    galley_batch_config_init(&c);
    c.inputs = inputs;
    c.ninputs = 1;
    c.jobs = 2;
    json_object *lines[8];
    size_t n;
    galley_batch_summary sum;
    ck_assert_int_eq(run(&c, lines, &n, 8, &sum), GALLEY_EXIT_OK);
    ck_assert_uint_eq(n, 4);
    static const char *const tail[] = {"/a.html.gz", "/b.html", "/bad.html.gz", "/sub/c.htm"};
    for (size_t i = 0; i < n; i++) {
        const char *src = jstr(lines[i], "source");
        ck_assert_str_eq(src + strlen(src) - strlen(tail[i]), tail[i]);
        ck_assert_str_eq(jstr(lines[i], "status"), i == 2 ? "corrupt" : "ok");
        json_object_put(lines[i]);
    }
    ck_assert_uint_eq(sum.read, 5); /* notes.txt: no markup, a counted skip */
    ck_assert_uint_eq(sum.skipped_by_reason[GALLEY_SKIP_NOT_HTML], 1);
    ck_assert_uint_eq(sum.errors, 1);

    /* one file per document under output_dir, named in input order */
    char outdir[512];
    snprintf(outdir, sizeof outdir, "%s/out", tmpdir);
    galley_batch_config_init(&c);
    c.inputs = inputs;
    c.ninputs = 1;
    c.output_dir = outdir;
    c.format = GALLEY_FORMAT_MARKDOWN;
    c.quiet = 1;
    FILE *err = tmpfile();
    c.err = err;
    ck_assert_int_eq(galley_batch_run(&c, &sum), GALLEY_EXIT_OK);
    fclose(err);
    struct stat st;
    char p[600];
    snprintf(p, sizeof p, "%s/00000000-a.md", outdir);
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_int_gt(st.st_size, 0);
    snprintf(p, sizeof p, "%s/00000003-c.md", outdir);
    ck_assert_int_eq(stat(p, &st), 0);
    free(gz.p);
    rm_tmpdir();
}
END_TEST

START_TEST(batch_usage_and_io_errors)
{
    ck_assert_int_eq(galley_batch_run(NULL, NULL), GALLEY_EXIT_USAGE);
    galley_batch_config c;
    galley_batch_config_init(&c);
    ck_assert_int_eq(galley_batch_run(&c, NULL), GALLEY_EXIT_USAGE); /* no input */
    const char *inputs[] = {"/nonexistent/galley/input.html"};
    c.inputs = inputs;
    c.ninputs = 1;
    json_object *lines[2];
    size_t n;
    galley_batch_summary sum;
    ck_assert_int_eq(run(&c, lines, &n, 2, &sum), GALLEY_EXIT_IO);
    ck_assert_uint_eq(n, 1); /* still one (error) record */
    ck_assert_str_eq(jstr(lines[0], "status"), "io");
    json_object_put(lines[0]);
    ck_assert_uint_eq(sum.read, 1);
    ck_assert_uint_eq(sum.errors_by_status[GALLEY_ERR_IO], 1);
}
END_TEST

/* Fetch timeout and byte cap need config the CLI does not expose: start the
 * test server of tests/cli/fetch_test.py and call galley_batch_run. */
START_TEST(batch_fetch_timeout)
{
    if (!GALLEY_TEST_FETCH) return; /* batch_urls_by_feature */
    char script[512];
    snprintf(script, sizeof script, "%s/cli/fetch_test.py", TESTS_DIR);
    if (access(script, R_OK) != 0 || system("python3 -c 'pass' 2>/dev/null") != 0) return;
    int to_child[2], from_child[2];
    ck_assert_int_eq(pipe(to_child), 0);
    ck_assert_int_eq(pipe(from_child), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(to_child[0], 0);
        dup2(from_child[1], 1);
        close(to_child[1]);
        close(from_child[0]);
        execlp("python3", "python3", script, "--serve", (char *)NULL);
        _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    char port[16] = "";
    ssize_t k = read(from_child[0], port, sizeof port - 1);
    if (k <= 0) { /* no server: nothing to test here */
        close(to_child[1]);
        waitpid(pid, NULL, 0);
        return;
    }
    port[k] = 0;
    port[strcspn(port, "\r\n")] = 0;
    char slow[64], ok[64], endless[64];
    snprintf(slow, sizeof slow, "http://127.0.0.1:%s/slow", port);
    snprintf(ok, sizeof ok, "http://127.0.0.1:%s/ok", port);
    snprintf(endless, sizeof endless, "http://127.0.0.1:%s/endless", port);
    const char *urls[] = {slow, ok, endless};
    galley_batch_config c;
    galley_batch_config_init(&c);
    c.urls = urls;
    c.nurls = 3;
    c.fetch_timeout_ms = 700;
    c.delay_ms = 0; /* one host: the per-host pause would add up */
    c.max_bytes = 200000;
    json_object *lines[4];
    size_t n;
    galley_batch_summary sum;
    uint64_t rc = (uint64_t)run(&c, lines, &n, 4, &sum);
    close(to_child[1]); /* the server stops when its stdin closes */
    waitpid(pid, NULL, 0);
    ck_assert_uint_eq(rc, GALLEY_EXIT_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(jstr(lines[0], "status"), "timeout");
    ck_assert_ptr_nonnull(strstr(jstr(lines[0], "error"), "imed out"));
    ck_assert_str_eq(jstr(lines[1], "status"), "ok");
    ck_assert_str_eq(jstr(lines[2], "status"), "too_large");
    for (size_t i = 0; i < n; i++) json_object_put(lines[i]);
    ck_assert_double_lt(sum.elapsed_s, 3.0); /* the slow URL did not hold the batch */
}
END_TEST

/* A build without URL fetching (-DGALLEY_FETCH=OFF) says so, and a batch
 * given URLs gives one `unsupported` record per URL, in order -- more URLs
 * than fetch_parallel, so the stand-in fetcher's window is crossed. */
START_TEST(batch_urls_by_feature)
{
    ck_assert_int_eq(galley_has_feature(GALLEY_FEATURE_FETCH), GALLEY_TEST_FETCH);
    ck_assert_int_eq(galley_has_feature((galley_feature)999), 0);
    if (GALLEY_TEST_FETCH) return; /* fetching itself: batch_fetch_timeout */
    const char *urls[] = {"http://example.com/1", "http://example.com/2", "http://example.com/3",
                          "http://example.com/4", "http://example.com/5", "http://example.com/6"};
    galley_batch_config c;
    galley_batch_config_init(&c);
    c.urls = urls;
    c.nurls = 6;
    c.fetch_parallel = 2;
    json_object *lines[8];
    size_t n;
    galley_batch_summary sum;
    ck_assert_int_eq(run(&c, lines, &n, 8, &sum), GALLEY_EXIT_OK);
    ck_assert_uint_eq(n, 6);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(jstr(lines[i], "url"), urls[i]);
        ck_assert_str_eq(jstr(lines[i], "status"), "unsupported");
        ck_assert_ptr_nonnull(strstr(jstr(lines[i], "error"), "GALLEY_FETCH=OFF"));
        json_object_put(lines[i]);
    }
    ck_assert_uint_eq(sum.read, 6);
    ck_assert_uint_eq(sum.errors_by_status[GALLEY_ERR_UNSUPPORTED], 6);
}
END_TEST

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    Suite *s = suite_create("warc");
    TCase *tc = tcase_create("warc");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, reader_kinds_and_resync);
    tcase_add_test(tc, reader_gzip_members_zstd_whole_file);
    tcase_add_test(tc, reader_bombs_and_corrupt_members);
    tcase_add_test(tc, reader_every_truncation_point);
    tcase_add_test(tc, reader_provenance);
    tcase_add_test(tc, batch_nothing_lost);
    tcase_add_test(tc, batch_directory_sorted_and_output_dir);
    tcase_add_test(tc, batch_usage_and_io_errors);
    tcase_add_test(tc, batch_fetch_timeout);
    tcase_add_test(tc, batch_urls_by_feature);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
