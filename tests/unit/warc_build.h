/* warc_build.h -- building WARC archives in the unit tests: records, HTTP
 * responses, gzip members and bombs (shared by test_warc.c and
 * test_warc_damage.c). */
#ifndef WARC_BUILD_H
#define WARC_BUILD_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "galley.h"

typedef struct bytes {
    char *p;
    size_t n, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        ck_assert_ptr_nonnull(b->p);
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void puts_(bytes *b, const char *s)
{
    put(b, s, strlen(s));
}

/* A WARC record; clen < 0 writes the true length. */
static void record(bytes *b, const char *type, const char *uri, const char *ctype,
                   const char *block, size_t blen, long clen)
{
    char h[1024];
    snprintf(h, sizeof h,
             "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
             "WARC-Date: 2024-05-06T07:08:09Z\r\n%s%s%sContent-Type: %s\r\n"
             "Content-Length: %ld\r\n\r\n",
             type, uri ? uri : "none", uri ? "WARC-Target-URI: " : "", uri ? uri : "",
             uri ? "\r\n" : "", ctype, clen < 0 ? (long)blen : clen);
    puts_(b, h);
    put(b, block, blen);
    puts_(b, "\r\n\r\n");
}

static const char PAGE[] =
    "<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>Headline</h1>"
    "<p>The first paragraph of the story has enough words to be the article body.</p>"
    "<p>The second paragraph goes on with more of the same plain sentences.</p>"
    "</article></body></html>";

/* An HTTP response block around `body`. */
static void http(bytes *b, int status, const char *ctype, const char *extra, const char *body,
                 size_t blen)
{
    char h[512];
    snprintf(h, sizeof h, "HTTP/1.1 %d X\r\n%s%s%s%s\r\n", status, ctype ? "Content-Type: " : "",
             ctype ? ctype : "", ctype ? "\r\n" : "", extra ? extra : "");
    puts_(b, h);
    put(b, body, blen);
}

static void response(bytes *b, const char *uri, int status, const char *ctype, const char *extra,
                     const char *body, size_t blen)
{
    bytes blk = {0};
    http(&blk, status, ctype, extra, body, blen);
    record(b, "response", uri, "application/http; msgtype=response", blk.p, blk.n, -1);
    free(blk.p);
}

/* One gzip member holding `n` bytes (or stopping after a full flush and
 * appending a corrupt block when `corrupt`). */
static void gzip_member(bytes *out, const void *p, size_t n, bool corrupt)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, n) + 64;
    unsigned char *buf = malloc(cap);
    z.next_in = (unsigned char *)(uintptr_t)p;
    z.avail_in = (uInt)n;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    deflate(&z, corrupt ? Z_FULL_FLUSH : Z_FINISH);
    put(out, buf, cap - z.avail_out);
    if (corrupt) put(out, "\xff\xff\xff\xff\xff\xff\xff\xff", 8); /* reserved block type */
    deflateEnd(&z);
    free(buf);
}

/* A member that inflates to `n` zero bytes after `head`. */
__attribute__((unused)) static void gzip_bomb(bytes *out, const char *head, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    static unsigned char zeros[65536], buf[65536];
    size_t left = n;
    z.next_in = (unsigned char *)(uintptr_t)head;
    z.avail_in = (uInt)strlen(head);
    for (;;) {
        if (!z.avail_in && left) {
            size_t k = left < sizeof zeros ? left : sizeof zeros;
            z.next_in = zeros;
            z.avail_in = (uInt)k;
            left -= k;
        }
        z.next_out = buf;
        z.avail_out = sizeof buf;
        int r = deflate(&z, left || z.avail_in ? Z_NO_FLUSH : Z_FINISH);
        put(out, buf, sizeof buf - z.avail_out);
        if (r == Z_STREAM_END) break;
    }
    deflateEnd(&z);
}

/* ---- reading archives */

/* What a reader returned, record by record. */
typedef struct got {
    galley_warc_kind kind[96];
    galley_status status[96];
    char uri[96][48];
    char charset[96][32];
    char *body[96]; /* DOCUMENT bodies, malloc'd, when asked for */
    size_t body_len[96];
    int has_headline[96];
    size_t n;
} got;

__attribute__((unused)) static void got_free(got *g)
{
    for (size_t i = 0; i < g->n; i++) free(g->body[i]);
    memset(g, 0, sizeof *g);
}

/* Reads every record of an opened reader into *g (keeping document bodies
 * when `bodies`; then free with got_free()), and frees the reader. */
static void read_got_from(galley_warc *w, bool bodies, got *g)
{
    memset(g, 0, sizeof *g);
    ck_assert_ptr_nonnull(w);
    galley_warc_record r;
    while (galley_warc_next(w, &r)) {
        ck_assert_uint_lt(g->n, 96);
        size_t i = g->n++;
        g->kind[i] = r.kind;
        g->status[i] = r.status;
        snprintf(g->uri[i], sizeof g->uri[i], "%s", r.target_uri ? r.target_uri : "");
        snprintf(g->charset[i], sizeof g->charset[i], "%s", r.charset ? r.charset : "");
        g->body_len[i] = r.body_len;
        g->has_headline[i] = r.body && strstr(r.body, "<h1>Headline</h1>") != NULL;
        if (r.kind == GALLEY_WARC_DOCUMENT) ck_assert_int_eq(r.body[r.body_len], 0);
        if (r.kind == GALLEY_WARC_ERROR) ck_assert_str_ne(r.message, "");
        if (bodies && r.kind == GALLEY_WARC_DOCUMENT) {
            g->body[i] = malloc(r.body_len + 1);
            ck_assert_ptr_nonnull(g->body[i]);
            memcpy(g->body[i], r.body, r.body_len + 1);
        }
    }
    galley_warc_free(w);
}

/* The same for the archive at p[0, n) in memory. */
static void read_got(const void *p, size_t n, int64_t max_bytes, int64_t max_member, bool bodies,
                     got *g)
{
    read_got_from(galley_warc_open_memory(p, n, max_bytes, max_member), bodies, g);
}

#endif
