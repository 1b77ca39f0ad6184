/*
 * warc_count.h -- the fuzz target's accounting oracle: an independent,
 * deliberately simple count of the records in a WARC, for comparison with
 * what galley_warc_next() returns (documents + skipped + errors).
 *
 * It shares no code with src/io/: it decompresses the whole input at once
 * (zlib for gzip members, one libzstd stream for zstd frames), then walks
 * the bytes in memory by the rules docs/batch.md states:
 *   - a record starts at a version line ("WARC/1.x", "WARC/0.17",
 *     "WARC/0.18" ending in LF or CRLF) found by scanning;
 *   - a header block that does not end (blank line) within 64 KiB is one
 *     record: scanning goes on one byte after its start when 64 KiB or more
 *     follow it, else the input ends with it;
 *   - a missing or invalid Content-Length: one record, scanning resumes
 *     after its header;
 *   - a block that fits max_bytes + 64 KiB: one record; it must be followed
 *     by CRLF CRLF (or line breaks up to the end, or two or more line
 *     breaks and then the next "W"), else scanning resumes after its header;
 *     a block longer than what is left: one record (truncated), resume
 *     after its header;
 *   - a larger block is one record streamed past by its claimed length,
 *     with no trailer check; in a plain input that ends before it, it is
 *     truncated (resume after its header); in a compressed one it stops
 *     where the member it opened ends, if that comes first. A record start
 *     inside that span (after a blank line, a version line and a header
 *     block with a non-empty WARC-Type and a valid Content-Length) ends it:
 *     scanning resumes there, unless the member did not cut the span, the
 *     claimed end is within max_bytes + 64 KiB of the inner start, and CRLF
 *     CRLF sits at the claimed end followed by the end of the input or
 *     "WARC/" -- then the claim stands.
 * It gives a verdict only where those rules are the whole story: a plain
 * input, or a compressed one that decompresses cleanly -- every byte in a
 * gzip member or zstd frame, no checksum error, no dictionary -- to no more
 * than the member cap. Damaged compressed inputs are the flip sweep's
 * (tests/unit/test_warc_damage.c).
 */
#ifndef WARC_COUNT_H
#define WARC_COUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define WC_HDR_MAX (64u << 10)

typedef struct wc_buf {
    unsigned char *p;
    size_t n, cap;
    size_t *ends; /* decompressed offsets where members end */
    size_t nends, ends_cap;
    bool over;    /* went past the limit */
} wc_buf;

static bool wc_put(wc_buf *b, const unsigned char *p, size_t n, size_t limit)
{
    if (!n) return true;
    if (b->n + n > limit) {
        b->over = true;
        return false;
    }
    if (b->n + n > b->cap) {
        size_t nc = (b->n + n) * 2;
        unsigned char *np = realloc(b->p, nc);
        if (!np) return false;
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    return true;
}

static bool wc_end(wc_buf *b)
{
    if (b->nends == b->ends_cap) {
        size_t nc = b->ends_cap ? b->ends_cap * 2 : 16;
        size_t *ne = realloc(b->ends, nc * sizeof *ne);
        if (!ne) return false;
        b->ends = ne;
        b->ends_cap = nc;
    }
    b->ends[b->nends++] = b->n;
    return true;
}

/* gzip members back to back, nothing else. */
static bool wc_gunzip(const unsigned char *in, size_t n, size_t limit, wc_buf *out)
{
    size_t pos = 0;
    unsigned char tmp[16384];
    while (pos < n) {
        if (n - pos < 3 || in[pos] != 0x1f || in[pos + 1] != 0x8b || in[pos + 2] != 8) return false;
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, 31) != Z_OK) return false;
        z.next_in = (unsigned char *)(uintptr_t)(in + pos);
        z.avail_in = (uInt)(n - pos);
        int r;
        do {
            z.next_out = tmp;
            z.avail_out = sizeof tmp;
            r = inflate(&z, Z_NO_FLUSH);
            if (!wc_put(out, tmp, sizeof tmp - z.avail_out, limit)) r = Z_DATA_ERROR;
        } while (r == Z_OK);
        pos = n - z.avail_in;
        inflateEnd(&z);
        if (r != Z_STREAM_END || !wc_end(out)) return false;
    }
    return true;
}

/* zstd frames back to back (no skippable frame, no dictionary). */
static bool wc_unzstd(const unsigned char *in, size_t n, size_t limit, wc_buf *out)
{
    size_t pos = 0;
    unsigned char tmp[16384];
    ZSTD_DCtx *z = ZSTD_createDCtx();
    if (!z) return false;
    bool ok = true;
    while (ok && pos < n) {
        if (n - pos < 4 || memcmp(in + pos, "\x28\xb5\x2f\xfd", 4) != 0) {
            ok = false;
            break;
        }
        ZSTD_DCtx_reset(z, ZSTD_reset_session_only);
        ZSTD_inBuffer ib = {in, n, pos};
        size_t r;
        do {
            ZSTD_outBuffer ob = {tmp, sizeof tmp, 0};
            r = ZSTD_decompressStream(z, &ob, &ib);
            if (ZSTD_isError(r) || !wc_put(out, tmp, ob.pos, limit)) {
                ok = false;
                break;
            }
            if (r && ib.pos == ib.size && ob.pos < sizeof tmp) { /* truncated */
                ok = false;
                break;
            }
        } while (r != 0);
        pos = ib.pos;
        if (ok && !wc_end(out)) ok = false;
    }
    ZSTD_freeDCtx(z);
    return ok;
}

static bool wc_version_at(const unsigned char *p, size_t avail)
{
    size_t k;
    if (avail >= 9 && !memcmp(p, "WARC/1.", 7) && p[7] >= '0' && p[7] <= '9') k = 8;
    else if (avail >= 10 && (!memcmp(p, "WARC/0.17", 9) || !memcmp(p, "WARC/0.18", 9))) k = 9;
    else return false;
    return avail > k && (p[k] == '\n' || (p[k] == '\r' && avail > k + 1 && p[k + 1] == '\n'));
}

/* ASCII whitespace as WHATWG has it: tab, LF, FF, CR, space (not VT). */
static bool wc_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int wc_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The value of the first field `name` (lower case) in the header block
 * h[0, n), trimmed, as [*a, *b): false when there is none. The version
 * line is no field. */
static bool wc_field(const unsigned char *h, size_t n, const char *name, size_t *va, size_t *vb)
{
    size_t nl = strlen(name), i = 0;
    while (i < n && h[i] != '\n') i++;
    while (i < n) {
        size_t line = ++i, eol = line;
        while (eol < n && h[eol] != '\n') eol++;
        size_t colon = line;
        while (colon < eol && h[colon] != ':') colon++;
        bool match = colon < eol && colon - line == nl;
        for (size_t k = 0; match && k < nl; k++)
            match = wc_lower(h[line + k]) == name[k];
        if (match) {
            size_t a = colon + 1, b = eol;
            while (a < b && wc_space(h[a])) a++;
            while (b > a && wc_space(h[b - 1])) b--;
            *va = a;
            *vb = b;
            return true;
        }
        i = eol;
    }
    return false;
}

/* Content-Length of the header block h[0, n): -1 when missing or invalid
 * (empty, over 18 digits, not all digits). */
static int64_t wc_content_length(const unsigned char *h, size_t n)
{
    size_t a, b;
    if (!wc_field(h, n, "content-length", &a, &b) || b == a || b - a > 18) return -1;
    int64_t v = 0;
    for (size_t k = a; k < b; k++) {
        if (h[k] < '0' || h[k] > '9') return -1;
        v = v * 10 + (h[k] - '0');
    }
    return v;
}

/* Offset just past the blank line ending the header block at d + s, or 0
 * when it does not end within 64 KiB (or the input). */
static size_t wc_header_end(const unsigned char *d, size_t n, size_t s)
{
    size_t lim = n - s < WC_HDR_MAX ? n - s : WC_HDR_MAX;
    for (size_t i = 0; i + 1 < lim; i++) {
        if (d[s + i] != '\n') continue;
        if (d[s + i + 1] == '\n') return i + 2;
        if (d[s + i + 1] == '\r' && i + 2 < lim && d[s + i + 2] == '\n') return i + 3;
    }
    return 0;
}

/* True when a record starts at d + q inside another's claimed block. */
static bool wc_inner_start(const unsigned char *d, size_t n, size_t q)
{
    if (!(d[q - 1] == '\n' && (d[q - 2] == '\n' || !memcmp(d + q - 4, "\r\n\r\n", 4))))
        return false;
    if (!wc_version_at(d + q, n - q)) return false;
    size_t hend = wc_header_end(d, n, q), a, b;
    return hend && wc_field(d + q, hend, "warc-type", &a, &b) && b > a &&
           wc_content_length(d + q, hend) >= 0;
}

/* The records in d[0, n) by the rules above; `ends` are member ends (none
 * for a plain input). */
static size_t wc_count_records(const unsigned char *d, size_t n, uint64_t max_bytes,
                               const size_t *ends, size_t nends)
{
    size_t count = 0, pos = 0;
    for (;;) {
        size_t s = pos;
        while (s < n && !(d[s] == 'W' && wc_version_at(d + s, n - s))) s++;
        if (s >= n) return count;
        count++;
        size_t hend = wc_header_end(d, n, s);
        if (!hend) {
            if (n - s < WC_HDR_MAX) return count; /* the rest is this header */
            pos = s + 1;
            continue;
        }
        int64_t clen = wc_content_length(d + s, hend);
        if (clen < 0) {
            pos = s + hend;
            continue;
        }
        uint64_t need = hend + (uint64_t)clen;
        if ((uint64_t)clen > max_bytes + WC_HDR_MAX) { /* streamed past */
            uint64_t stop = s + need;
            bool cut = false;
            for (size_t k = 0; k < nends; k++) { /* the member it opened */
                if ((k ? ends[k - 1] : 0) != s || ends[k] == s) continue;
                if (ends[k] < stop) stop = ends[k], cut = true;
                break;
            }
            if (!nends && stop > n) { /* plain and too short: truncated */
                pos = s + hend;
                continue;
            }
            size_t q = s + hend;
            while (q + 5 <= stop && q + 5 <= n && !(d[q] == 'W' && wc_inner_start(d, n, q))) q++;
            if (q + 5 <= stop && q + 5 <= n) { /* a record inside the claim */
                bool honest = !cut && stop - q <= max_bytes + WC_HDR_MAX && stop + 4 <= n &&
                              !memcmp(d + stop, "\r\n\r\n", 4) &&
                              (stop + 4 == n || (stop + 9 <= n && !memcmp(d + stop + 4, "WARC/", 5)));
                pos = honest ? (size_t)stop : q;
                continue;
            }
            if (stop >= n) return count;
            pos = (size_t)stop;
            continue;
        }
        if (need > n - s) { /* truncated */
            pos = s + hend;
            continue;
        }
        const unsigned char *t = d + s + need;
        size_t left = n - s - (size_t)need, tl = left < 4 ? left : 4, i = 0;
        while (i < tl && (t[i] == '\r' || t[i] == '\n')) i++;
        bool ok = (tl == 4 && i == 4) || left == i || (i >= 2 && i < tl && t[i] == 'W');
        pos = ok ? s + (size_t)need + i : s + hend;
    }
}

/* The oracle: the number of records in `in`, or -1 for no verdict. */
static long wc_count(const unsigned char *in, size_t n, uint64_t max_bytes, uint64_t max_member)
{
    wc_buf b;
    memset(&b, 0, sizeof b);
    long r = -1;
    bool gz = n >= 3 && in[0] == 0x1f && in[1] == 0x8b && in[2] == 8;
    bool zs = n >= 4 && !memcmp(in, "\x28\xb5\x2f\xfd", 4);
    /* a damaged magic (all but one byte right, and room for a member) or a
     * skippable frame: no verdict */
    bool near = (n >= 18 && (in[0] == 0x1f) + (in[1] == 0x8b) + (in[2] == 8) == 2) ||
                (n >= 9 && (in[0] == 0x28) + (in[1] == 0xb5) + (in[2] == 0x2f) + (in[3] == 0xfd) == 3) ||
                (n >= 4 && (in[0] & 0xf0) == 0x50 && in[1] == 0x2a && in[2] == 0x4d && in[3] == 0x18);
    if (gz || zs) {
        if ((gz ? wc_gunzip : wc_unzstd)(in, n, (size_t)max_member, &b))
            r = (long)wc_count_records(b.p, b.n, max_bytes, b.ends, b.nends);
    } else if (!near && !(n >= 3 && in[0] == 0x1f && in[1] == 0x8b)) {
        r = (long)wc_count_records(in, n, max_bytes, NULL, 0);
    }
    free(b.p);
    free(b.ends);
    return r;
}

#endif
