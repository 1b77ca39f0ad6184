/*
 * Damaged and unusual WARCs lose nothing (issue 11): a lying Content-Length,
 * a record over the member cap in a whole-file gzip or zstd, damaged gzip
 * members (trailer, truncation, inside the WARC header, CRC32), zstd with a
 * dictionary frame, an over-long header block, WARC/0.18, stacked and
 * multi-member content codings, binary payloads -- and a sweep that flips
 * every byte of a small per-record gzip and zstd WARC in turn: every run
 * keeps every undamaged record, byte for byte, and puts one record (named
 * or not) in the damaged one's place. Archives are built here, in C.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "galley.h"
#include "warc_build.h"

/* The i-th test page: distinct text, so a record's body names it. */
static void page(bytes *b, int i, size_t pad)
{
    char h[256];
    snprintf(h, sizeof h,
             "<html><head><title>Page %d</title></head><body><article><h1>Page %d</h1>", i, i);
    puts_(b, h);
    for (size_t k = 0; k <= pad; k++) {
        snprintf(h, sizeof h, "<p>Paragraph %zu of page %d says something plain.</p>", k, i);
        puts_(b, h);
    }
    puts_(b, "</article></body></html>");
}

/* A response record for page i at http://t/i (body `pad` paragraphs). */
static void page_record(bytes *out, int i, size_t pad)
{
    bytes pg = {0};
    char uri[32];
    page(&pg, i, pad);
    snprintf(uri, sizeof uri, "http://t/%d", i);
    response(out, uri, 200, "text/html; charset=utf-8", NULL, pg.p, pg.n);
    free(pg.p);
}

/* One zstd frame with a content checksum (as the zstd tool writes), with
 * an optional dictionary. */
static void zstd_frame(bytes *out, const void *p, size_t n, const void *dict, size_t dn)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ck_assert_ptr_nonnull(c);
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
    if (dict) ck_assert(!ZSTD_isError(ZSTD_CCtx_loadDictionary(c, dict, dn)));
    size_t cap = ZSTD_compressBound(n);
    char *buf = malloc(cap);
    size_t z = ZSTD_compress2(c, buf, cap, p, n);
    ck_assert(!ZSTD_isError(z));
    put(out, buf, z);
    free(buf);
    ZSTD_freeCCtx(c);
}

/* A skippable frame (RFC 8878 3.1.2) with magic 0x184D2A50 + low. */
static void skippable(bytes *out, unsigned low, const void *p, size_t n)
{
    unsigned char h[8] = {(unsigned char)(0x50 | low), 0x2a, 0x4d, 0x18, (unsigned char)n,
                          (unsigned char)(n >> 8), (unsigned char)(n >> 16),
                          (unsigned char)(n >> 24)};
    put(out, h, 8);
    put(out, p, n);
}

static size_t count_kind(const got *g, galley_warc_kind k)
{
    size_t c = 0;
    for (size_t i = 0; i < g->n; i++) c += g->kind[i] == k;
    return c;
}

/* Issue 11.1: a short record whose Content-Length claims more than
 * max_bytes + 64 KiB swallowed every later gzip member. */
START_TEST(lying_content_length)
{
    bytes b = {0}, one = {0};
    for (int i = 1; i <= 11; i++) {
        one.n = 0;
        page_record(&one, i, 2);
        gzip_member(&b, one.p, one.n, false);
        if (i == 1) {
            one.n = 0;
            record(&one, "request", "http://t/1", "application/http; msgtype=request",
                   "GET / HTTP/1.1\r\n\r\n", 18, 5L << 20); /* claims 5 MiB */
            gzip_member(&b, one.p, one.n, false);
            one.n = 0;
            bytes blk = {0};
            http(&blk, 200, "text/html", NULL, "<p>short</p>", 12);
            record(&one, "response", "http://t/liar", "application/http; msgtype=response",
                   blk.p, blk.n, 6L << 20);
            gzip_member(&b, one.p, one.n, false);
            free(blk.p);
        }
    }
    got g;
    read_got(b.p, b.n, 1 << 20, 0, true, &g);
    ck_assert_uint_eq(g.n, 13);
    ck_assert_uint_eq(count_kind(&g, GALLEY_WARC_DOCUMENT), 11);
    ck_assert_int_eq(g.kind[1], GALLEY_WARC_SKIPPED);
    ck_assert_int_eq(g.kind[2], GALLEY_WARC_ERROR);
    ck_assert_int_eq(g.status[2], GALLEY_ERR_CORRUPT);
    ck_assert_str_eq(g.uri[2], "http://t/liar");
    ck_assert_str_eq(g.uri[12], "http://t/11");
    got_free(&g);
    free(b.p);
    free(one.p);
}
END_TEST

/* Reads the archive through a pipe, as `cat x.warc | galley` does: the
 * reader cannot know its size, nor read back what it has passed. */
static void read_got_pipe(const void *p, size_t n, int64_t max_bytes, bool bodies, got *g)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        const char *c = p;
        while (n) {
            ssize_t k = write(fds[1], c, n);
            if (k <= 0) _exit(1);
            c += k;
            n -= (size_t)k;
        }
        _exit(0);
    }
    close(fds[1]);
    read_got_from(galley_warc_open_fd(fds[0], max_bytes, 0), bodies, g);
    close(fds[0]);
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* A non-HTML response of n bytes that are not text. */
static void blob_record(bytes *out, const char *uri, size_t n)
{
    char *blob = malloc(n);
    ck_assert_ptr_nonnull(blob);
    for (size_t k = 0; k < n; k++) blob[k] = (char)(k * 2654435761u >> 13);
    response(out, uri, 200, "video/mp4", NULL, blob, n);
    free(blob);
}

/* Issue 11.1 in a plain WARC: lying lengths that stay inside the archive
 * (a large record follows), so its size does not give the lie away, read
 * from memory and from a pipe, whose size nobody knows. The records inside
 * the claimed lengths are found by their headers. */
START_TEST(lying_length_plain)
{
    bytes b = {0}, blk = {0};
    page_record(&b, 1, 2);
    record(&b, "request", "http://t/1", "application/http; msgtype=request",
           "GET / HTTP/1.1\r\n\r\n", 18, 3L << 20); /* claims 3 MiB */
    http(&blk, 200, "text/html", NULL, "<p>short</p>", 12);
    record(&b, "response", "http://t/liar", "application/http; msgtype=response", blk.p, blk.n,
           2L << 20);
    for (int i = 2; i <= 11; i++) page_record(&b, i, 2);
    blob_record(&b, "http://t/video", 6u << 20);
    for (int pass = 0; pass < 2; pass++) {
        got g;
        if (pass == 0) read_got(b.p, b.n, 1 << 20, 0, true, &g);
        else read_got_pipe(b.p, b.n, 1 << 20, true, &g);
        ck_assert_msg(g.n == 14, "pass %d: %zu records", pass, g.n);
        ck_assert_uint_eq(count_kind(&g, GALLEY_WARC_DOCUMENT), 11);
        ck_assert_int_eq(g.kind[1], GALLEY_WARC_SKIPPED);
        ck_assert_int_eq(g.kind[2], GALLEY_WARC_ERROR);
        ck_assert_int_eq(g.status[2], GALLEY_ERR_CORRUPT);
        ck_assert_str_eq(g.uri[2], "http://t/liar");
        ck_assert_str_eq(g.uri[12], "http://t/11");
        ck_assert_str_eq(g.uri[13], "http://t/video");
        got_free(&g);
    }
    free(b.p);
    free(blk.p);
}
END_TEST

/* The other side of the rule above: a large record that honestly holds a
 * WARC (an archive served as a download) is one record, not the records
 * inside it, when its true end is close enough to be checked. */
START_TEST(embedded_warc_is_payload)
{
    bytes inner = {0}, blk = {0}, b = {0};
    for (int i = 50; i <= 51; i++) page_record(&inner, i, 2);
    {
        size_t pad = (3u << 19) - inner.n; /* 1.5 MiB of payload in all */
        char *z = malloc(pad);
        ck_assert_ptr_nonnull(z);
        for (size_t k = 0; k < pad; k++) z[k] = (char)(k * 2654435761u >> 13);
        put(&blk, z, pad);
        free(z);
        put(&blk, inner.p, inner.n); /* ends with its records' CRLF CRLF */
    }
    page_record(&b, 1, 2);
    response(&b, "http://t/archive.warc", 200, "application/warc", NULL, blk.p, blk.n);
    page_record(&b, 2, 2);
    for (int pass = 0; pass < 2; pass++) {
        got g;
        if (pass == 0) read_got(b.p, b.n, 1 << 20, 0, false, &g);
        else read_got_pipe(b.p, b.n, 1 << 20, false, &g);
        ck_assert_msg(g.n == 3, "pass %d: %zu records", pass, g.n);
        ck_assert_str_eq(g.uri[1], "http://t/archive.warc");
        ck_assert_int_eq(g.kind[1], GALLEY_WARC_SKIPPED);
        ck_assert_str_eq(g.uri[2], "http://t/2");
        got_free(&g);
    }
    free(inner.p);
    free(blk.p);
    free(b.p);
}
END_TEST

/* Issue 11.2: in a whole-file gzip or zstd, one legitimate record over the
 * member cap (a video) lost every record after it. */
START_TEST(whole_file_large_record)
{
    bytes plain = {0}, gz = {0}, zs = {0};
    for (int i = 1; i <= 5; i++) page_record(&plain, i, 2);
    {
        size_t vn = 5u << 20;
        char *video = malloc(vn);
        for (size_t k = 0; k < vn; k++) video[k] = (char)(k * 2654435761u >> 13);
        response(&plain, "http://t/video", 200, "video/mp4", NULL, video, vn);
        free(video);
    }
    for (int i = 6; i <= 10; i++) page_record(&plain, i, 2);
    gzip_member(&gz, plain.p, plain.n, false);
    zstd_frame(&zs, plain.p, plain.n, NULL, 0);
    const bytes *in[] = {&plain, &gz, &zs};
    for (int f = 0; f < 3; f++) {
        got g;
        read_got(in[f]->p, in[f]->n, 1 << 20, 2 << 20, true, &g);
        ck_assert_msg(g.n == 11, "input %d: %zu records", f, g.n);
        ck_assert_uint_eq(count_kind(&g, GALLEY_WARC_DOCUMENT), 10);
        ck_assert_int_eq(g.kind[5], GALLEY_WARC_SKIPPED);
        ck_assert_str_eq(g.uri[10], "http://t/10");
        got_free(&g);
    }
    free(plain.p);
    free(gz.p);
    free(zs.p);
}
END_TEST

/* Five records, one gzip member each; `spoil` damages member `which`. */
typedef void (*spoil_fn)(bytes *member);

static void five_members(bytes *b, int which, spoil_fn spoil, size_t *starts)
{
    bytes one = {0};
    for (int i = 1; i <= 5; i++) {
        one.n = 0;
        page_record(&one, i, 3);
        bytes m = {0};
        gzip_member(&m, one.p, one.n, false);
        if (i == which) spoil(&m);
        if (starts) starts[i - 1] = b->n;
        put(b, m.p, m.n);
        free(m.p);
    }
    free(one.p);
}

static void flip_isize(bytes *m)
{
    m->p[m->n - 2] ^= 0x40;
}

static void flip_crc(bytes *m)
{
    m->p[m->n - 6] ^= 0x01;
}

static void cut_half(bytes *m)
{
    m->n /= 2;
}

/* Damage inside the first deflate block, so that the member gives a few
 * bytes of its WARC header and then fails. */
static void break_in_header(bytes *m)
{
    m->n = 20;
    put(m, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
}

/* Checks: every record but `which` is the intact page; `which` is one
 * error record in its place. */
static void expect_one_error(spoil_fn spoil, int which, bool named)
{
    bytes b = {0};
    five_members(&b, which, spoil, NULL);
    got g;
    read_got(b.p, b.n, 0, 0, true, &g);
    ck_assert_uint_eq(g.n, 5);
    for (int i = 1; i <= 5; i++) {
        char uri[32];
        snprintf(uri, sizeof uri, "http://t/%d", i);
        if (i == which) {
            ck_assert_int_eq(g.kind[i - 1], GALLEY_WARC_ERROR);
            if (named) ck_assert_str_eq(g.uri[i - 1], uri);
            continue;
        }
        ck_assert_int_eq(g.kind[i - 1], GALLEY_WARC_DOCUMENT);
        ck_assert_str_eq(g.uri[i - 1], uri);
    }
    got_free(&g);
    free(b.p);
}

/* Issue 11.3: a damaged gzip member costs only its own record. */
START_TEST(damaged_gzip_members)
{
    expect_one_error(flip_isize, 2, true); /* resync past the next magic */
    expect_one_error(flip_crc, 3, true);   /* the CRC32 was ignored */
    expect_one_error(cut_half, 2, true);   /* took the next member along */
    expect_one_error(cut_half, 5, true);
    expect_one_error(break_in_header, 4, false); /* vanished as junk */
    expect_one_error(break_in_header, 1, false); /* the first: still a WARC */
}
END_TEST

/* Issue 11.4: the IIPC warc-zstd layout -- a dictionary in a skippable
 * frame first, every record a frame compressed with it -- plain or with the
 * dictionary itself zstd-compressed; and any leading skippable frame. */
START_TEST(zstd_dictionary)
{
    bytes dict = {0};
    /* a raw-content dictionary: what WARC records of this crawl share */
    for (int k = 0; k < 20; k++)
        puts_(&dict, "WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http; "
                     "msgtype=response\r\nHTTP/1.1 200 X\r\nContent-Type: text/html; "
                     "charset=utf-8\r\n<p>Paragraph of page says something plain.</p>");
    for (int layout = 0; layout < 3; layout++) {
        bytes z = {0}, one = {0};
        if (layout == 0) {
            skippable(&z, 0xd, dict.p, dict.n);
        } else if (layout == 1) {
            bytes cd = {0};
            zstd_frame(&cd, dict.p, dict.n, NULL, 0);
            skippable(&z, 0xd, cd.p, cd.n);
            free(cd.p);
        } else {
            skippable(&z, 0x0, "not a dictionary", 16); /* any skippable frame */
        }
        for (int i = 1; i <= 40; i++) {
            one.n = 0;
            page_record(&one, i, 1);
            zstd_frame(&z, one.p, one.n, layout < 2 ? dict.p : NULL, layout < 2 ? dict.n : 0);
        }
        got g;
        read_got(z.p, z.n, 0, 0, true, &g);
        ck_assert_msg(g.n == 40, "layout %d: %zu records", layout, g.n);
        ck_assert_uint_eq(count_kind(&g, GALLEY_WARC_DOCUMENT), 40);
        ck_assert_str_eq(g.uri[39], "http://t/40");
        ck_assert_ptr_nonnull(strstr(g.body[39], "<h1>Page 40</h1>"));
        got_free(&g);
        free(z.p);
        free(one.p);
    }
    free(dict.p);
}
END_TEST

/* Issue 11.7: a header block over 64 KiB was neither read nor skipped. */
START_TEST(long_header_block)
{
    bytes b = {0};
    page_record(&b, 1, 1);
    puts_(&b, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://t/long\r\nX-Pad: ");
    for (int k = 0; k < 70000; k++) puts_(&b, "a");
    puts_(&b, "\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n");
    page_record(&b, 2, 1);
    got g;
    read_got(b.p, b.n, 0, 0, true, &g);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_int_eq(g.kind[0], GALLEY_WARC_DOCUMENT);
    ck_assert_int_eq(g.kind[1], GALLEY_WARC_ERROR);
    ck_assert_int_eq(g.status[1], GALLEY_ERR_TOO_LARGE);
    ck_assert_str_eq(g.uri[1], "http://t/long");
    ck_assert_int_eq(g.kind[2], GALLEY_WARC_DOCUMENT);
    got_free(&g);
    free(b.p);
}
END_TEST

/* Issue 11.8: non-HTML bytes came out ok. */
START_TEST(payload_codings_and_versions)
{
    bytes pg = {0}, b = {0};
    page(&pg, 7, 40);
    /* WARC/0.18, as Heritrix wrote it: records, not one page */
    char h[256];
    for (int i = 0; i < 2; i++) {
        bytes blk = {0};
        http(&blk, 200, "text/html", NULL, pg.p, pg.n);
        snprintf(h, sizeof h,
                 "WARC/0.18\r\nWARC-Type: response\r\nWARC-Target-URI: http://t/old%d\r\n"
                 "Content-Length: %zu\r\n\r\n", i, blk.n);
        puts_(&b, h);
        put(&b, blk.p, blk.n);
        puts_(&b, "\r\n\r\n");
        free(blk.p);
    }
    /* gzip, gzip: gzipped twice */
    bytes g1 = {0}, g2 = {0};
    gzip_member(&g1, pg.p, pg.n, false);
    gzip_member(&g2, g1.p, g1.n, false);
    response(&b, "http://t/twice", 200, "text/html", "Content-Encoding: gzip, gzip\r\n", g2.p, g2.n);
    /* a payload of two gzip members: the page in two halves */
    bytes mm = {0};
    gzip_member(&mm, pg.p, pg.n / 2, false);
    gzip_member(&mm, pg.p + pg.n / 2, pg.n - pg.n / 2, false);
    response(&b, "http://t/members", 200, "text/html", "Content-Encoding: gzip\r\n", mm.p, mm.n);
    /* gzip bytes the header does not own to: not a page */
    response(&b, "http://t/binary", 200, "text/html", NULL, g1.p, g1.n);
    got g;
    read_got(b.p, b.n, 0, 0, true, &g);
    ck_assert_uint_eq(g.n, 5);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(g.kind[i], GALLEY_WARC_DOCUMENT);
        ck_assert_uint_eq(g.body_len[i], pg.n);
        ck_assert_int_eq(memcmp(g.body[i], pg.p, pg.n), 0);
    }
    ck_assert_str_eq(g.uri[0], "http://t/old0");
    ck_assert_int_eq(g.kind[4], GALLEY_WARC_ERROR);
    ck_assert_int_eq(g.status[4], GALLEY_ERR_NOT_HTML);
    got_free(&g);
    free(pg.p);
    free(b.p);
    free(g1.p);
    free(g2.p);
    free(mm.p);
}
END_TEST

/* The flip sweep over one archive of `nrec` records whose members start at
 * starts[] (a member's extent: up to the next start). For every byte
 * flipped: the records of the other members come out as they went in, in
 * order; the damaged member's record is one record in its place -- the
 * intact page (the byte did not matter), or an error, named or not -- never
 * a page with other bytes, never missing, never two. Returns how many
 * records the runs kept in all. */
static size_t sweep(const bytes *b, const size_t *starts, int nrec, bytes *want_body,
                    const char *what)
{
    size_t kept = 0;
    char *m = malloc(b->n);
    for (size_t pos = 0; pos < b->n; pos++) {
        memcpy(m, b->p, b->n);
        m[pos] ^= 0xff;
        int hit = 0;
        while (hit + 1 < nrec && starts[hit + 1] <= pos) hit++;
        got g;
        read_got(m, b->n, 0, 0, true, &g);
        ck_assert_msg(g.n == (size_t)nrec, "%s: byte %zu flipped (record %d): %zu records", what,
                      pos, hit + 1, g.n);
        for (int i = 0; i < nrec; i++) {
            char uri[32];
            snprintf(uri, sizeof uri, "http://t/%d", i + 1);
            bool intact = g.kind[i] == GALLEY_WARC_DOCUMENT && !strcmp(g.uri[i], uri) &&
                          g.body_len[i] == want_body[i].n &&
                          !memcmp(g.body[i], want_body[i].p, want_body[i].n);
            if (i != hit) {
                ck_assert_msg(intact, "%s: byte %zu flipped (record %d) cost record %d", what, pos,
                              hit + 1, i + 1);
            } else {
                ck_assert_msg(intact || g.kind[i] == GALLEY_WARC_ERROR,
                              "%s: byte %zu flipped: record %d passes as a page", what, pos,
                              hit + 1);
            }
            kept += intact;
        }
        got_free(&g);
    }
    free(m);
    return kept;
}

START_TEST(flip_sweep)
{
    enum { N = 5 };
    bytes gz = {0}, zs = {0}, body[N];
    size_t gstart[N], zstart[N];
    memset(body, 0, sizeof body);
    for (int i = 0; i < N; i++) {
        bytes one = {0};
        page_record(&one, i + 1, 0);
        page(&body[i], i + 1, 0);
        gstart[i] = gz.n;
        gzip_member(&gz, one.p, one.n, false);
        zstart[i] = zs.n;
        zstd_frame(&zs, one.p, one.n, NULL, 0);
        free(one.p);
    }
    size_t kg = sweep(&gz, gstart, N, body, "gzip");
    size_t kz = sweep(&zs, zstart, N, body, "zstd");
    printf("flip sweep: gzip %zu positions x %d records, %zu kept; zstd %zu x %d, %zu kept\n",
           gz.n, N, kg, zs.n, N, kz);
    for (int i = 0; i < N; i++) free(body[i].p);
    free(gz.p);
    free(zs.p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("warc_damage");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, lying_content_length);
    tcase_add_test(tc, lying_length_plain);
    tcase_add_test(tc, embedded_warc_is_payload);
    tcase_add_test(tc, whole_file_large_record);
    tcase_add_test(tc, damaged_gzip_members);
    tcase_add_test(tc, zstd_dictionary);
    tcase_add_test(tc, long_header_block);
    tcase_add_test(tc, payload_codings_and_versions);
    tcase_add_test(tc, flip_sweep);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
