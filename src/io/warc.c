/*
 * warc.c -- WARC 1.0/1.1 record reader (ISO 28500) over a decompressing
 * stream. Every record starts with "WARC/1.x", named header fields and a
 * blank line, then Content-Length bytes of block and CRLF CRLF.
 *
 * Robustness: junk between records is skipped by scanning for "WARC/1.";
 * a record whose block is short (truncated) or not followed by CRLF CRLF
 * (wrong Content-Length) is reported as corrupt and scanning resumes just
 * after its header, so a record hidden in the bad one's claimed length is
 * not lost. A decompression error marks a break in the stream: no record
 * may straddle it.
 */
#include <stdlib.h>
#include <zlib.h>
#include <zstd.h>

#include "io.h"

#define GL_WARC_HDR_MAX (64u << 10)   /* WARC or HTTP header block */
#define GL_WARC_CHUNK (256u << 10)    /* decompressed bytes read at a time */
#define GL_WARC_CHUNK_MIN (4u << 10)  /* ... at the least, for small sources */
#define GL_WARC_KEEP (4u << 20)       /* buffer kept between records */
#define GL_WARC_MAX_CODINGS 4         /* Content-Encoding codings undone */

void gl_warc_init(gl_warc *w, gl_dec *dec, uint64_t max_bytes)
{
    memset(w, 0, sizeof(*w));
    w->dec = dec;
    w->max_bytes = max_bytes ? max_bytes : GL_DEFAULT_MAX_BYTES;
    /* a small source is read in small steps: a 2 KB archive in memory need
     * not fault in half a megabyte of buffer (the fuzzer runs thousands) */
    w->chunk = GL_WARC_CHUNK;
    while (dec->raw_size && w->chunk > GL_WARC_CHUNK_MIN && w->chunk / 4 >= dec->raw_size)
        w->chunk /= 2;
}

void gl_warc_destroy(gl_warc *w)
{
    free(w->buf);
    free(w->spans);
    w->spans = NULL;
    w->nspans = w->spans_cap = 0;
    w->buf = NULL;
    w->len = w->pos = w->cap = 0;
}

void gl_warc_rec_clear(gl_warc_rec *rec)
{
    free(rec->target_uri);
    free(rec->record_id);
    free(rec->date);
    free(rec->charset);
    free(rec->content_type);
    free(rec->body_mem ? rec->body_mem : rec->body);
    memset(rec, 0, sizeof(*rec));
    rec->warc_offset = rec->warc_length = -1;
}

/* Copies the decoder's member log into spans, after each read. The last
 * span copied may have been open then: it is updated. */
static void sync_spans(gl_warc *w)
{
    const gl_dec *d = w->dec;
    if (!d->nmembers) return;
    uint64_t from = w->synced ? w->synced : 1;
    if (d->nmembers >= GL_DEC_LOG && from < d->nmembers - GL_DEC_LOG + 1)
        from = d->nmembers - GL_DEC_LOG + 1;
    for (uint64_t s = from; s <= d->nmembers; s++) {
        const gl_dec_member *m = &d->log[s % GL_DEC_LOG];
        if (w->nspans && w->spans[w->nspans - 1].seq == s) {
            w->spans[w->nspans - 1] = *m;
            continue;
        }
        if (w->nspans == w->spans_cap) {
            size_t nc = w->spans_cap ? w->spans_cap * 2 : 8;
            gl_dec_member *ns = realloc(w->spans, nc * sizeof *ns);
            if (!ns) break; /* costs offsets only */
            w->spans = ns;
            w->spans_cap = nc;
        }
        w->spans[w->nspans++] = *m;
    }
    w->synced = d->nmembers;
}

/* Forgets the spans wholly before the unread bytes. Spans are as many as
 * the members whose bytes sit in the buffer. */
static void prune_spans(gl_warc *w)
{
    uint64_t at = w->base + w->pos;
    size_t k = 0;
    while (k < w->nspans && ((w->spans[k].done && w->spans[k].out_end <= at) ||
                             (k + 1 < w->nspans && w->spans[k + 1].out_start <= at)))
        k++;
    if (!k) return;
    memmove(w->spans, w->spans + k, (w->nspans - k) * sizeof *w->spans);
    w->nspans -= k;
}

/* Reads more decompressed bytes at the end of the buffer. False when no more
 * can come: the end of the stream, or a break (decoder error) sitting at the
 * end of the buffer that the caller has not yet stepped over. Keeps offsets
 * relative to `pos` valid: compaction moves [pos, len) to the front. */
static bool more(gl_warc *w)
{
    if (w->eof || w->has_brk) return false;
    if (w->pos && (w->pos == w->len || w->cap - w->len < w->chunk)) {
        memmove(w->buf, w->buf + w->pos, w->len - w->pos);
        w->base += w->pos;
        w->len -= w->pos;
        w->pos = 0;
    }
    if (w->cap - w->len < w->chunk) {
        size_t nc = w->cap ? w->cap * 2 : 2 * w->chunk;
        /* a fresh buffer is sized for the decoder's swap (it becomes its
         * stage), so that it need not be replaced there */
        if (!w->cap && nc < w->dec->stage_want) nc = w->dec->stage_want;
        while (nc - w->len < w->chunk) nc *= 2;
        char *nb = realloc(w->buf, nc + 1);
        if (!nb) {
            w->eof = true;
            return false;
        }
        w->buf = nb;
        w->cap = nc;
    }
    long n;
    if (w->len == 0) { /* nothing to keep: a whole member may come by swap */
        unsigned char *ub = (unsigned char *)w->buf;
        size_t alloc = w->cap + 1;
        n = gl_dec_read_into(w->dec, &ub, &alloc);
        w->buf = (char *)ub;
        w->cap = alloc - 1;
    } else {
        n = gl_dec_read(w->dec, w->buf + w->len, w->cap - w->len);
    }
    if (w->dec->kind != GL_DEC_PLAIN) sync_spans(w);
    if (n > 0) {
        w->len += (size_t)n;
        return true;
    }
    if (n == 0) {
        w->eof = true;
        return false;
    }
    w->has_brk = true;
    w->brk = w->len;
    w->brk_lost = w->dec->lost_member;
    if (w->dec->lost_member) { /* a whole member, maybe a whole record, gone */
        if (w->lost < UINT_MAX) w->lost++;
        w->lost_status = w->dec->err;
        snprintf(w->lost_msg, sizeof w->lost_msg, "%s", w->dec->msg);
        if (w->base + w->len == 0) w->lost_at_start = true;
    }
    return false;
}

/* Ensures `n` unread bytes from pos; false when the stream ends or breaks
 * first. */
static bool ensure(gl_warc *w, size_t n)
{
    while (w->len - w->pos < n)
        if (!more(w)) return false;
    return true;
}

/* Steps over a break at the end of the buffer: what follows it is a new,
 * independent part of the stream. */
static void drop_break(gl_warc *w)
{
    /* a member that failed after giving some bytes, none of which began a
     * record ("WARC/1" and then the damage): the record it held is as lost
     * as one whose member gave nothing, and is reported the same way */
    const gl_dec *d = w->dec;
    if (!w->brk_lost && d->kind != GL_DEC_PLAIN && d->nmembers &&
        w->started <= d->log[d->nmembers % GL_DEC_LOG].out_start) {
        if (w->lost < UINT_MAX) w->lost++;
        w->lost_status = d->err;
        snprintf(w->lost_msg, sizeof w->lost_msg, "%s", d->msg);
    }
    w->junk += w->len - w->pos;
    w->pos = w->len;
    w->has_brk = false;
}

/* Gives back memory after an unusually large record. */
static void shrink(gl_warc *w)
{
    if (w->cap <= GL_WARC_KEEP || w->len - w->pos > GL_WARC_KEEP / 2) return;
    memmove(w->buf, w->buf + w->pos, w->len - w->pos);
    w->base += w->pos;
    w->len -= w->pos;
    w->pos = 0;
    char *nb = realloc(w->buf, GL_WARC_KEEP + 1);
    if (nb) {
        w->buf = nb;
        w->cap = GL_WARC_KEEP;
    }
}

/* A version line: "WARC/1.x" (ISO 28500), or "WARC/0.17" / "WARC/0.18",
 * the drafts Heritrix wrote before 1.0, whose records read the same. */
static bool is_version_at(const char *p, size_t avail)
{
    if (avail < 9 || memcmp(p, "WARC/", 5) != 0) return false;
    size_t k;
    if (p[5] == '1' && p[6] == '.' && p[7] >= '0' && p[7] <= '9') k = 8;
    else if (memcmp(p + 5, "0.1", 3) == 0 && (p[8] == '7' || p[8] == '8')) k = 9;
    else return false;
    return avail > k && (p[k] == '\n' || (p[k] == '\r' && avail > k + 1 && p[k + 1] == '\n'));
}

/* The longest version line with its CRLF: "WARC/0.18\r\n". */
#define GL_WARC_VERSION_MAX 11

/* Moves pos to the next version line. False at the end of the stream.
 * Linear: bytes before the last possible partial match are dropped before
 * reading more. */
static bool find_start(gl_warc *w)
{
    for (;;) {
        if (!w->buf) { /* nothing read yet */
            if (more(w)) continue;
            if (w->has_brk) {
                drop_break(w);
                if (w->lost) return false; /* report it before going on */
                continue;
            }
            return false;
        }
        const char *b = w->buf + w->pos;
        size_t avail = w->len - w->pos, off = 0;
        bool wait = false;
        while (off + 5 <= avail) {
            const char *hit = gl_memmem(b + off, avail - off, "WARC/", 5);
            if (!hit) break;
            size_t k = (size_t)(hit - b);
            if (avail - k < GL_WARC_VERSION_MAX && !w->eof) { /* need the whole line */
                off = k;
                wait = true;
                break;
            }
            if (is_version_at(hit, avail - k)) {
                w->junk += k;
                w->pos += k;
                return true;
            }
            off = k + 1;
        }
        size_t drop = wait ? off : (avail > 4 ? avail - 4 : 0);
        w->junk += drop;
        w->pos += drop;
        if (!more(w)) {
            if (w->has_brk) {
                drop_break(w);
                if (w->lost) return false; /* report it before going on */
                continue;
            }
            if (wait) continue; /* the end came: decide on what there is */
            w->junk += w->len - w->pos;
            w->pos = w->len;
            return false;
        }
    }
}

/* Offset from pos just past the blank line ending the header block, or 0 when
 * there is none within GL_WARC_HDR_MAX before the stream ends or breaks. */
static size_t header_end(gl_warc *w, size_t from)
{
    for (;;) {
        size_t avail = w->len - w->pos;
        if (avail > GL_WARC_HDR_MAX) avail = GL_WARC_HDR_MAX;
        const char *b = w->buf + w->pos;
        for (size_t i = from; i + 1 < avail; i++) {
            if (b[i] != '\n') continue;
            if (b[i + 1] == '\n') return i + 2;
            if (b[i + 1] == '\r' && i + 2 < avail && b[i + 2] == '\n') return i + 3;
        }
        if (w->len - w->pos >= GL_WARC_HDR_MAX || !more(w)) return 0;
        from = avail > 2 ? avail - 2 : 0;
    }
}

/* A header field found in a header block: offsets into the block. */
typedef struct hfield {
    const char *v;
    size_t n;
} hfield;

static void trim(const char **v, size_t *n)
{
    while (*n && gl_is_ascii_ws((unsigned char)**v)) (*v)++, (*n)--;
    while (*n && gl_is_ascii_ws((unsigned char)(*v)[*n - 1])) (*n)--;
}

/* Finds the header named `name` (case-insensitive) in a header block of
 * lines "Name: value"; folded continuation lines are not joined (the fields
 * we read are short). Skips the first line (version or status line). */
static bool header_get(const char *h, size_t n, const char *name, hfield *out)
{
    size_t nl = strlen(name);
    const char *end = h + n;
    const char *line = memchr(h, '\n', n);
    while (line && line < end) {
        line++;
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol) eol = end;
        const char *colon = memchr(line, ':', (size_t)(eol - line));
        if (colon && (size_t)(colon - line) == nl && gl_ascii_ieq(line, nl, name)) {
            out->v = colon + 1;
            out->n = (size_t)(eol - colon - 1);
            trim(&out->v, &out->n);
            return true;
        }
        line = eol;
    }
    return false;
}

static char *dup_n(const char *v, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, v, n);
    s[n] = 0;
    return s;
}

static char *dup_field(const char *h, size_t n, const char *name)
{
    hfield f;
    if (!header_get(h, n, name, &f)) return NULL;
    /* WARC 1.0 wrote WARC-Target-URI in angle brackets: drop them */
    if (f.n >= 2 && f.v[0] == '<' && f.v[f.n - 1] == '>') f.v++, f.n -= 2;
    return dup_n(f.v, f.n);
}

bool gl_ctype_charset(const char *ct, size_t len, char *out, size_t cap)
{
    if (!ct || cap == 0) return false;
    for (size_t i = 0; i + 7 <= len; i++) {
        if (!gl_ascii_ieq(ct + i, 7, "charset")) continue;
        size_t j = i + 7;
        while (j < len && (ct[j] == ' ' || ct[j] == '\t')) j++;
        if (j >= len || ct[j] != '=') continue;
        j++;
        while (j < len && (ct[j] == ' ' || ct[j] == '\t')) j++;
        char q = 0;
        if (j < len && (ct[j] == '"' || ct[j] == '\'')) q = ct[j++];
        size_t k = 0;
        while (j < len && k + 1 < cap) {
            char c = ct[j];
            if (q ? c == q : (c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n'))
                break;
            out[k++] = c;
            j++;
        }
        out[k] = 0;
        return k > 0;
    }
    return false;
}

bool gl_ctype_is_html(const char *ct, size_t len)
{
    size_t n = 0;
    while (n < len && ct[n] != ';') n++;
    trim(&ct, &n);
    return gl_ascii_ieq(ct, n, "text/html") || gl_ascii_ieq(ct, n, "application/xhtml+xml") ||
           gl_ascii_ieq(ct, n, "application/xhtml") || gl_ascii_ieq(ct, n, "text/xhtml") ||
           gl_ascii_ieq(ct, n, "application/vnd.wap.xhtml+xml");
}

/* Without a Content-Type: HTML when the first non-blank byte opens a tag. */
static bool sniff_html(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
        (unsigned char)p[2] == 0xbf)
        i = 3;
    while (i < n && i < 512 && gl_is_ascii_ws((unsigned char)p[i])) i++;
    return i < n && p[i] == '<';
}

static void set_err(gl_warc_rec *rec, galley_status st, const char *fmt, const char *arg)
{
    rec->kind = GL_WARC_ERROR;
    rec->status = st;
    snprintf(rec->msg, sizeof rec->msg, fmt, arg ? arg : "");
}

static bool is_hex(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Undoes chunked transfer coding (RFC 9112 7.1) into `out`. False when the
 * framing is broken; what decoded so far stays in `out`. */
static bool dechunk(const char *p, size_t n, gl_buf *out)
{
    size_t i = 0;
    while (i < n) {
        uint64_t sz = 0;
        size_t digits = 0;
        while (i < n) {
            int c = gl_lower((unsigned char)p[i]);
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0) break;
            if (sz > (UINT64_MAX >> 4)) return false;
            sz = sz * 16 + (uint64_t)v;
            digits++;
            i++;
        }
        if (!digits) return false;
        const char *eol = memchr(p + i, '\n', n - i); /* chunk extensions */
        if (!eol) return false;
        i = (size_t)(eol - p) + 1;
        if (sz == 0) return true; /* trailers, if any, do not matter */
        if (sz > n - i) {
            gl_buf_append(out, p + i, n - i);
            return false;
        }
        if (!gl_buf_append(out, p + i, (size_t)sz)) return false;
        i += (size_t)sz;
        if (i < n && p[i] == '\r') i++;
        if (i < n && p[i] == '\n') i++;
    }
    return true; /* ended without the last chunk: keep what we have */
}

/* Inflates a gzip, zlib or raw deflate payload into `out` (capped). A gzip
 * payload may be several members (RFC 1952 2.2): all are inflated. */
static galley_status inflate_payload(const char *p, size_t n, gl_buf *out, bool raw)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, raw ? -15 : 47) != Z_OK) return GALLEY_ERR_NOMEM;
    z.next_in = (unsigned char *)(uintptr_t)p;
    z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    galley_status st = GALLEY_OK;
    for (;;) {
        if (!gl_buf_reserve(out, 65536)) {
            st = out->cap && out->alloc ? GALLEY_ERR_TOO_LARGE : GALLEY_ERR_NOMEM;
            break;
        }
        size_t room = out->alloc - out->len - 1;
        if (out->cap && room > out->cap - out->len) room = out->cap - out->len;
        if (room == 0) {
            st = GALLEY_ERR_TOO_LARGE;
            break;
        }
        z.next_out = (unsigned char *)out->data + out->len;
        z.avail_out = (uInt)(room > 1u << 30 ? 1u << 30 : room);
        uInt before = z.avail_out;
        int r = inflate(&z, Z_NO_FLUSH);
        out->len += before - z.avail_out;
        if (r == Z_STREAM_END && !raw && z.avail_in >= 2 && z.next_in[0] == 0x1f &&
            z.next_in[1] == 0x8b) {
            if (inflateReset(&z) != Z_OK) {
                st = GALLEY_ERR_NOMEM;
                break;
            }
            continue; /* the next member */
        }
        if (r == Z_STREAM_END) break;
        if (r == Z_BUF_ERROR && z.avail_in == 0) break; /* truncated: keep what came */
        if (r != Z_OK && r != Z_BUF_ERROR) {
            st = GALLEY_ERR_CORRUPT;
            break;
        }
        if (out->cap && out->len >= out->cap) {
            st = GALLEY_ERR_TOO_LARGE;
            break;
        }
    }
    inflateEnd(&z);
    return st;
}

static galley_status zstd_payload(const char *p, size_t n, gl_buf *out)
{
    ZSTD_DStream *zs = ZSTD_createDStream();
    if (!zs) return GALLEY_ERR_NOMEM;
    ZSTD_inBuffer ib = {p, n, 0};
    galley_status st = GALLEY_OK;
    while (ib.pos < ib.size) {
        if (!gl_buf_reserve(out, 65536)) {
            st = out->cap ? GALLEY_ERR_TOO_LARGE : GALLEY_ERR_NOMEM;
            break;
        }
        size_t room = out->alloc - out->len - 1;
        if (out->cap && room > out->cap - out->len) room = out->cap - out->len;
        ZSTD_outBuffer ob = {out->data + out->len, room, 0};
        size_t r = ZSTD_decompressStream(zs, &ob, &ib);
        out->len += ob.pos;
        if (ZSTD_isError(r)) {
            st = GALLEY_ERR_CORRUPT;
            break;
        }
        if (out->cap && out->len >= out->cap) {
            st = GALLEY_ERR_TOO_LARGE;
            break;
        }
        if (ob.pos == 0 && r != 0 && ib.pos == ib.size) break;
    }
    ZSTD_freeDStream(zs);
    return st;
}

static bool take_body(gl_warc *w, gl_warc_rec *rec, const char *p, size_t n)
{
    if (w->may_hand && p >= w->buf && p + n <= w->buf + w->len) {
        /* the buffer holds nothing after this record: the body keeps it.
         * The byte after the body is the trailer's, already checked. */
        size_t off = (size_t)(p - w->buf), used = off + n + 1;
        char *mem = w->buf;
        if (w->cap + 1 > ((size_t)2 << 20) && used < (w->cap + 1) / 2) {
            /* a stage grown for a huge page: give back the unused tail, so
             * that records in flight do not each pin megabytes. Smaller
             * stages go as they are: shrinking them would cost the reader
             * a fresh, faulting buffer for every record. */
            char *nb = realloc(mem, used);
            if (nb) mem = nb;
        }
        rec->body_mem = mem;
        rec->body = mem + off;
        rec->body[n] = 0;
        rec->body_len = n;
        w->handed = true;
        return true;
    }
    rec->body = malloc(n + 1);
    if (!rec->body) return false;
    memcpy(rec->body, p, n);
    rec->body[n] = 0;
    rec->body_len = n;
    return true;
}

/* Moves the buffer's data into the record (no copy). */
static bool take_buf(gl_warc_rec *rec, gl_buf *b)
{
    if (!gl_buf_cstr(b)) return false;
    rec->body = gl_buf_detach(b, &rec->body_len);
    return rec->body != NULL;
}

/* Undoes one content coding `tok` of `p` into `out` (emptied first).
 * Returns 1 when done, 0 when the bytes do not show the coding (archivers
 * often store the payload decoded with the header kept; unknown codings
 * are taken as stored that way too), -1 on failure with *st set. */
static int undo_coding(const char *tok, size_t tn, const char *p, size_t n, gl_buf *out,
                       galley_status *st)
{
    const unsigned char *u = (const unsigned char *)p;
    out->len = 0;
    if (gl_ascii_ieq(tok, tn, "gzip") || gl_ascii_ieq(tok, tn, "x-gzip") ||
        gl_ascii_ieq(tok, tn, "deflate")) {
        if (n >= 2 && u[0] == 0x1f && u[1] == 0x8b) {
            *st = inflate_payload(p, n, out, false);
        } else if (gl_ascii_ieq(tok, tn, "deflate") && !sniff_html(p, n)) {
            bool zlib_hdr = n >= 2 && (u[0] & 0x0f) == 8 && ((u[0] << 8) | u[1]) % 31 == 0;
            *st = inflate_payload(p, n, out, !zlib_hdr);
        } else {
            return 0;
        }
    } else if (gl_ascii_ieq(tok, tn, "zstd")) {
        if (n < 4 || memcmp(u, "\x28\xb5\x2f\xfd", 4) != 0) return 0;
        *st = zstd_payload(p, n, out);
    } else if (gl_ascii_ieq(tok, tn, "br") && !sniff_html(p, n)) {
        *st = GALLEY_ERR_UNSUPPORTED;
    } else {
        return 0;
    }
    return *st == GALLEY_OK ? 1 : -1;
}

/* True when a payload opens with the signature of a compressed or binary
 * format: whatever its Content-Type said, it is no page (a coding the
 * header did not name, or a file served as text/html). */
static bool binary_magic(const char *p, size_t n)
{
    static const struct {
        const char *sig;
        size_t n;
    } sigs[] = {
        {"\x1f\x8b", 2},         {"\x28\xb5\x2f\xfd", 4}, {"BZh", 3}, {"\xfd" "7zXZ\x00", 6},
        {"PK\x03\x04", 4},       {"%PDF-", 5},             {"\x89PNG\r\n\x1a\n", 8},
        {"GIF8", 4},               {"\xff\xd8\xff", 3},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (n >= sigs[i].n && memcmp(p, sigs[i].sig, sigs[i].n) == 0) return true;
    return false;
}

/* Parses an HTTP response block: status, headers, and decides whether the
 * payload is an HTML document. `complete` is false when only the start of
 * the block is at hand (for records too large to hold); then only the
 * decision is made. */
static void http_response(gl_warc *w, gl_warc_rec *rec, const char *blk, size_t n, bool complete)
{
    if (n < 12 || memcmp(blk, "HTTP/", 5) != 0) {
        rec->kind = GL_WARC_SKIP; /* not HTTP (dns:, ftp:, ...) */
        return;
    }
    const char *sp = memchr(blk, ' ', n < 32 ? n : 32);
    if (sp && (size_t)(sp - blk) + 4 <= n) {
        int code = 0;
        for (int k = 1; k <= 3; k++) {
            char c = sp[k];
            if (c < '0' || c > '9') {
                code = 0;
                break;
            }
            code = code * 10 + (c - '0');
        }
        rec->http_status = code;
    }
    /* end of HTTP headers */
    size_t hl = 0, lim = n < GL_WARC_HDR_MAX ? n : GL_WARC_HDR_MAX;
    for (size_t i = 0; i + 1 < lim; i++) {
        if (blk[i] != '\n') continue;
        if (blk[i + 1] == '\n') { hl = i + 2; break; }
        if (blk[i + 1] == '\r' && i + 2 < lim && blk[i + 2] == '\n') { hl = i + 3; break; }
    }
    size_t hdr_n = hl ? hl : lim;
    hfield ct = {0}, te = {0}, ce = {0};
    bool has_ct = header_get(blk, hdr_n, "Content-Type", &ct) && ct.n > 0;
    header_get(blk, hdr_n, "Transfer-Encoding", &te);
    header_get(blk, hdr_n, "Content-Encoding", &ce);
    if (has_ct) rec->content_type = dup_n(ct.v, ct.n);
    const char *payload = blk + hl;
    size_t plen = hl ? n - hl : 0;
    bool html = has_ct ? gl_ctype_is_html(ct.v, ct.n) : (hl && sniff_html(payload, plen));
    if (!html) {
        rec->kind = GL_WARC_SKIP;
        return;
    }
    if (rec->http_status < 200 || rec->http_status > 299) {
        /* redirects, errors: not the page itself */
        rec->kind = GL_WARC_SKIP;
        return;
    }
    if (has_ct) {
        char cs[64];
        if (gl_ctype_charset(ct.v, ct.n, cs, sizeof cs)) rec->charset = strdup(cs);
    }
    if (!hl) {
        set_err(rec, GALLEY_ERR_CORRUPT, "HTTP headers do not end%s", "");
        return;
    }
    if (!complete) {
        set_err(rec, GALLEY_ERR_TOO_LARGE, "record exceeds max_bytes%s", "");
        return;
    }
    gl_buf tmp, dec;
    gl_buf_init(&tmp);
    gl_buf_init(&dec);
    tmp.cap = dec.cap = (size_t)w->max_bytes;
    /* Archivers differ: some store the payload as sent (chunked), others
     * decoded with the header kept. Only undo a coding the bytes show. */
    if (te.n && gl_memmem(te.v, te.n, "chunked", 7) && plen && is_hex((unsigned char)payload[0])) {
        bool ok = dechunk(payload, plen, &tmp);
        if (tmp.failed) {
            set_err(rec, tmp.len >= tmp.cap ? GALLEY_ERR_TOO_LARGE : GALLEY_ERR_NOMEM,
                    "chunked payload exceeds max_bytes%s", "");
            goto out;
        }
        if (!ok && tmp.len == 0) {
            set_err(rec, GALLEY_ERR_CORRUPT, "broken chunked transfer coding%s", "");
            goto out;
        }
        payload = tmp.data ? tmp.data : "";
        plen = tmp.len;
    }
    if (ce.n && plen) {
        /* codings apply in the order listed ("gzip, gzip" was gzipped
         * twice): undo them from the last, each only while the bytes show
         * it. The result goes to `dec` each time, the previous one moving
         * to `tmp` (which still backs `payload`), then freed. */
        const char *cv = ce.v;
        size_t cn = ce.n;
        for (int round = 0; cn && plen && round < GL_WARC_MAX_CODINGS; round++) {
            size_t e = cn;
            while (e && (cv[e - 1] == ',' || gl_is_ascii_ws((unsigned char)cv[e - 1]))) e--;
            size_t b = e;
            while (b && cv[b - 1] != ',') b--;
            const char *tok = cv + b;
            size_t tn = e - b;
            trim(&tok, &tn);
            cn = b;
            galley_status st = GALLEY_OK;
            int r = undo_coding(tok, tn, payload, plen, &dec, &st);
            if (r == 0) break; /* the bytes do not show it: stored decoded */
            if (r < 0) {
                set_err(rec, st,
                        st == GALLEY_ERR_TOO_LARGE   ? "payload inflates past max_bytes%s"
                        : st == GALLEY_ERR_CORRUPT   ? "corrupt compressed payload%s"
                        : st == GALLEY_ERR_UNSUPPORTED ? "unsupported Content-Encoding%s"
                                                     : "out of memory%s", "");
                goto out;
            }
            gl_buf t = tmp; /* the decoded bytes become the payload */
            tmp = dec;
            dec = t;
            gl_buf_clear(&dec);
            payload = tmp.data ? tmp.data : "";
            plen = tmp.len;
        }
    }
    if (binary_magic(payload, plen)) {
        set_err(rec, GALLEY_ERR_NOT_HTML, "payload is compressed or binary data, not HTML%s", "");
        goto out;
    }
    if (plen > w->max_bytes) {
        set_err(rec, GALLEY_ERR_TOO_LARGE, "payload exceeds max_bytes%s", "");
        goto out;
    }
    rec->kind = GL_WARC_DOC;
    if (payload == tmp.data) {
        if (!take_buf(rec, &tmp)) set_err(rec, GALLEY_ERR_NOMEM, "out of memory%s", "");
    } else if (!take_body(w, rec, payload, plen)) {
        set_err(rec, GALLEY_ERR_NOMEM, "out of memory%s", "");
    }
out:
    gl_buf_free(&tmp);
    gl_buf_free(&dec);
}

/* The record types of ISO 28500 (WARC 1.1, 6.2 to 6.9). */
static bool known_type(const char *t)
{
    static const char *const types[] = {"warcinfo", "response", "resource", "request",
                                        "metadata", "revisit",  "conversion", "continuation"};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(t, types[i]) == 0) return true;
    return false;
}

/* True for records that may hold a page: responses, resources, and records
 * whose WARC-Type is missing or unknown (a damaged header may have hidden
 * a response). Only these turn into error records when broken; a broken
 * request or metadata record is skipped. */
static bool may_be_doc(const gl_warc_rec *rec)
{
    return strcmp(rec->type, "response") == 0 || strcmp(rec->type, "resource") == 0 ||
           !known_type(rec->type);
}

/* Decides what a record is from its type, WARC Content-Type and the start
 * of its block, and for an HTML document with the whole block at hand,
 * fills in the body. */
static void classify(gl_warc *w, gl_warc_rec *rec, const char *h, size_t hn, const char *blk,
                     size_t n, bool complete)
{
    if (strcmp(rec->type, "response") == 0) {
        http_response(w, rec, blk, n, complete);
    } else if (strcmp(rec->type, "resource") == 0) {
        hfield ct;
        if (!header_get(h, hn, "Content-Type", &ct) || !gl_ctype_is_html(ct.v, ct.n)) {
            rec->kind = GL_WARC_SKIP;
            return;
        }
        char cs[64];
        if (gl_ctype_charset(ct.v, ct.n, cs, sizeof cs)) rec->charset = strdup(cs);
        if (!complete || n > w->max_bytes) {
            set_err(rec, GALLEY_ERR_TOO_LARGE, "record exceeds max_bytes%s", "");
            return;
        }
        rec->kind = GL_WARC_DOC;
        if (!take_body(w, rec, blk, n)) set_err(rec, GALLEY_ERR_NOMEM, "out of memory%s", "");
    } else if (!known_type(rec->type)) {
        set_err(rec, GALLEY_ERR_CORRUPT, "missing or unknown WARC-Type%s", "");
    } else {
        rec->kind = GL_WARC_SKIP;
    }
}

/* The span that starts exactly at decompressed offset `at` and gave bytes
 * (an empty member before it starts there too), or -1. */
static long span_at(const gl_warc *w, uint64_t at)
{
    for (size_t k = 0; k < w->nspans; k++)
        if (w->spans[k].out_start == at && !(w->spans[k].done && w->spans[k].out_end == at))
            return (long)k;
    return -1;
}

/* Locates the record at pos, `len` bytes with its trailer, in the source:
 * a plain WARC record by its own bytes, a compressed one by the member it
 * fills alone (Common Crawl's index offset and length). A member still open
 * right at the record's end is read on, so that its checksum is checked
 * before the record is believed. False when that check failed: every byte
 * of the record came, but the member is corrupt (a CRC32 or length
 * mismatch), so the bytes cannot be trusted. */
static bool place(gl_warc *w, gl_warc_rec *rec, uint64_t len)
{
    uint64_t start = w->base + w->pos, end = start + len;
    if (w->dec->kind == GL_DEC_PLAIN) {
        rec->warc_offset = (int64_t)start;
        rec->warc_length = (int64_t)len;
        return true;
    }
    long k = span_at(w, start);
    if (k < 0) return true;
    if (!w->spans[k].done && (size_t)k + 1 == w->nspans && w->base + w->len == end) {
        more(w); /* ends the member, or breaks, or gives more of it */
        k = span_at(w, start);
        if (k < 0) return true;
    }
    const gl_dec_member *m = &w->spans[k];
    if (m->done) {
        if (m->out_end == end) {
            rec->warc_offset = (int64_t)m->raw_start;
            rec->warc_length = (int64_t)(m->raw_end - m->raw_start);
        }
        return true;
    }
    return !(w->has_brk && w->base + w->brk == end);
}


/* True when a record starts at buf[at] (at >= pos + 4): right after a
 * blank line (the previous record's CRLF CRLF, or a lenient LF LF), a
 * version line, and a header block that ends within GL_WARC_HDR_MAX and
 * names a WARC-Type and a numeric Content-Length. Unless the blank line is
 * missing, pos moves to `at` (the bytes before are let go), and more may be
 * read. */
static bool record_start_at(gl_warc *w, size_t at)
{
    const char *p = w->buf + at;
    if (p[-1] != '\n' || !(p[-2] == '\n' || memcmp(p - 4, "\r\n\r\n", 4) == 0)) return false;
    w->pos = at;
    ensure(w, GL_WARC_VERSION_MAX);
    if (!is_version_at(w->buf + w->pos, w->len - w->pos)) return false;
    size_t hend = header_end(w, 0);
    const char *h = w->buf + w->pos;
    hfield f;
    if (!hend || !header_get(h, hend, "WARC-Type", &f) || !f.n ||
        !header_get(h, hend, "Content-Length", &f) || !f.n || f.n > 18)
        return false;
    for (size_t i = 0; i < f.n; i++)
        if (f.v[i] < '0' || f.v[i] > '9') return false;
    return true;
}

/* True when a record whose header starts at pos, with `len` bytes of
 * header and block as it claims, ends there as a record does: CRLF CRLF,
 * then the end of the stream or the next version line. Holds the bytes up
 * to there. */
static bool honest_end(gl_warc *w, uint64_t len)
{
    size_t n = (size_t)len;
    if (!ensure(w, n + 4) || memcmp(w->buf + w->pos + n, "\r\n\r\n", 4) != 0) return false;
    if (!ensure(w, n + 4 + 5)) return w->eof && !w->has_brk && w->len - w->pos == n + 4;
    return memcmp(w->buf + w->pos + n + 4, "WARC/", 5) == 0;
}

/* Streams past the record at pos, `len` bytes as its header claims, that is
 * too large to hold. Three things may end it early:
 * - it opened a gzip member or zstd frame, and that member ends first: in
 *   the per-record layout a record never spans members, so its
 *   Content-Length lied (or the record was cut). Unless what it holds is
 *   still too large, it is corrupt, and reading
 *   resumes at the next member -- not past the claimed length, which would
 *   swallow every later record;
 * - another record starts inside the claimed length (record_start_at()).
 *   In a plain WARC or a whole-file gzip nothing else shows that a length
 *   lies, and a pipe cannot be read back. When the claimed end is within
 *   max_bytes + GL_WARC_HDR_MAX of that start, the bytes up to it are held
 *   and the claim is checked (honest_end()): a record that really ends
 *   there -- an archive carried as a download -- stays one record.
 *   Otherwise the inner record wins: the outer one is corrupt, and reading
 *   resumes at the inner one. (So a large record whose payload is itself a
 *   plain WARC, further than that from its end, reads as the records it
 *   carries: no record is lost either way.);
 * - the stream breaks or ends.
 * The bytes of the claimed block do not count toward the member cap: they
 * are thrown away as they come, not held, and a whole-file gzip must go on
 * past a legitimate large record (a video) to the records after it. */
static void stream_past(gl_warc *w, gl_warc_rec *rec, uint64_t hend, uint64_t len)
{
    uint64_t start = w->base + w->pos, stop = start + len;
    uint64_t scan = start + hend; /* where the inner-record search goes on */
    long k = w->dec->kind == GL_DEC_PLAIN ? -1 : span_at(w, start);
    bool cut = false;
    for (;;) {
        if (k >= 0 && w->spans[k].done && w->spans[k].out_end < stop) {
            stop = w->spans[k].out_end;
            cut = true;
        }
        if (w->base + w->pos >= stop) break;
        uint64_t end = w->base + w->len < stop ? w->base + w->len : stop;
        while (scan + 5 <= end) {
            size_t si = (size_t)(scan - w->base);
            const char *hit = gl_memmem(w->buf + si, (size_t)(end - scan), "WARC/", 5);
            if (!hit) break;
            uint64_t inner = w->base + (uint64_t)(hit - w->buf);
            if (record_start_at(w, (size_t)(hit - w->buf))) {
                if (cut || stop - inner > w->max_bytes + GL_WARC_HDR_MAX ||
                    !honest_end(w, stop - inner)) {
                    if (may_be_doc(rec))
                        set_err(rec, GALLEY_ERR_CORRUPT,
                                "Content-Length runs past the start of the next record%s", "");
                    else
                        rec->kind = GL_WARC_SKIP;
                } else {
                    w->pos += (size_t)(stop - inner); /* it was honest: read on after it */
                }
                gl_dec_mark(w->dec);
                return;
            }
            scan = inner + 5; /* pos may have moved up to inner, and more come */
            end = w->base + w->len < stop ? w->base + w->len : stop;
        }
        if (end >= stop) {
            w->pos = (size_t)(stop - w->base);
            break;
        }
        /* a version line may straddle the next read: search again from the
         * last four bytes, and keep the four before them for the blank line */
        if (end - 4 > scan) scan = end - 4;
        if (scan - 4 > w->base + w->pos) w->pos = (size_t)(scan - 4 - w->base);
        gl_dec_mark(w->dec);
        if (!more(w)) {
            w->pos = w->len; /* what there is belongs to this record */
            break;
        }
    }
    gl_dec_mark(w->dec);
    if (cut && stop - start - hend <= w->max_bytes) { /* small after all: it lied */
        if (may_be_doc(rec))
            set_err(rec, GALLEY_ERR_CORRUPT, "Content-Length runs past the record's member%s", "");
        else
            rec->kind = GL_WARC_SKIP;
    } else if (w->base + w->pos < stop && rec->kind == GL_WARC_ERROR && w->has_brk) {
        snprintf(rec->msg, sizeof rec->msg, "record exceeds max_bytes; %.100s", w->dec->msg);
    }
}

/* The named fields of a WARC header block (or of as much as there is). */
static void read_fields(gl_warc_rec *rec, const char *h, size_t n)
{
    hfield f;
    if (header_get(h, n, "WARC-Type", &f)) {
        size_t k = f.n < sizeof rec->type - 1 ? f.n : sizeof rec->type - 1;
        for (size_t i = 0; i < k; i++) rec->type[i] = (char)gl_lower((unsigned char)f.v[i]);
        rec->type[k] = 0;
    }
    rec->target_uri = dup_field(h, n, "WARC-Target-URI");
    rec->record_id = dup_field(h, n, "WARC-Record-ID");
    rec->date = dup_field(h, n, "WARC-Date");
    if (strcmp(rec->type, "response") != 0) /* a response's is its HTTP one */
        rec->content_type = dup_field(h, n, "Content-Type");
}

/* A version line at pos whose header block does not end: cut by a break (a
 * member damaged inside its header), by the end of the stream, or longer
 * than GL_WARC_HDR_MAX. A record started here all the same: it is counted
 * as its type says (skipped when it names a type that holds no page),
 * otherwise it is an error record named from what header there is. */
static void unended_header(gl_warc *w, gl_warc_rec *rec)
{
    size_t avail = w->len - w->pos;
    bool too_long = avail >= GL_WARC_HDR_MAX;
    if (too_long) avail = GL_WARC_HDR_MAX;
    rec->offset = w->base + w->pos;
    read_fields(rec, w->buf + w->pos, avail);
    if (!may_be_doc(rec) && !w->has_brk)
        rec->kind = GL_WARC_SKIP;
    else if (too_long)
        set_err(rec, GALLEY_ERR_TOO_LARGE, "WARC header block exceeds 64 KiB%s", "");
    else if (w->has_brk)
        set_err(rec, w->dec->err ? w->dec->err : GALLEY_ERR_CORRUPT,
                "record cut short in its header: %.100s", w->dec->msg);
    else
        set_err(rec, GALLEY_ERR_CORRUPT, "truncated record header%s", "");
    /* an over-long header is scanned on (a record may follow inside it);
     * a cut one holds nothing more */
    w->pos += too_long ? 1 : w->len - w->pos;
}

int gl_warc_next(gl_warc *w, gl_warc_rec *rec)
{
    gl_warc_rec_clear(rec);
    shrink(w);
    prune_spans(w);
    for (;;) {
        if (w->lost) {
            /* a member that failed as a whole (a bomb, corrupt deflate data)
             * held a record nobody can name: it still gets its error record,
             * so that a batch loses nothing silently */
            w->lost--;
            rec->offset = w->base + w->pos;
            set_err(rec, w->lost_status ? w->lost_status : GALLEY_ERR_CORRUPT,
                    "unreadable record: %.130s", w->lost_msg);
            return 1;
        }
        if (!find_start(w)) {
            if (w->lost) continue;
            return 0;
        }
        w->started = w->base + w->pos + 1;
        size_t hend = header_end(w, 0);
        if (!hend) {
            unended_header(w, rec);
            return 1;
        }
        const char *h = w->buf + w->pos;
        rec->offset = w->base + w->pos;
        read_fields(rec, h, hend);
        hfield f;
        uint64_t clen = 0;
        bool have_len = header_get(h, hend, "Content-Length", &f) && f.n > 0 && f.n <= 18;
        for (size_t i = 0; have_len && i < f.n; i++) {
            if (f.v[i] < '0' || f.v[i] > '9') have_len = false;
            else clen = clen * 10 + (uint64_t)(f.v[i] - '0');
        }
        if (!have_len) {
            w->pos += hend;
            if (may_be_doc(rec)) set_err(rec, GALLEY_ERR_CORRUPT, "missing or invalid Content-Length%s", "");
            else rec->kind = GL_WARC_SKIP;
            return 1;
        }
        if (clen <= w->max_bytes + GL_WARC_HDR_MAX) {
            size_t need = hend + (size_t)clen;
            if (!ensure(w, need)) {
                if (w->has_brk) /* its type may be the damage: an error anyway */
                    set_err(rec, w->dec->err, "record cut short: %.100s", w->dec->msg);
                else if (!may_be_doc(rec))
                    rec->kind = GL_WARC_SKIP;
                else
                    set_err(rec, GALLEY_ERR_CORRUPT, "truncated record%s", "");
                w->pos += hend; /* a record may hide in the claimed length */
                return 1;
            }
            /* the block must end in CRLF CRLF (or the stream just ends) */
            ensure(w, need + 4);
            h = w->buf + w->pos; /* ensure() may have moved the buffer */
            const char *t = w->buf + w->pos + need;
            size_t tl = w->len - w->pos - need;
            if (tl > 4) tl = 4;
            size_t i = 0;
            while (i < tl && (t[i] == '\r' || t[i] == '\n')) i++;
            bool at_end = w->eof && !w->has_brk && w->len - w->pos - need == i;
            /* CRLF CRLF; or the stream ends in line breaks; or a lenient
             * writer's shorter trailer right before the next record */
            bool trailer_ok = (tl == 4 && i == 4) || at_end || (i >= 2 && i < tl && t[i] == 'W');
            if (!trailer_ok) {
                if (may_be_doc(rec) || w->has_brk)
                    set_err(rec, GALLEY_ERR_CORRUPT,
                            "record does not end after Content-Length bytes%s", "");
                else
                    rec->kind = GL_WARC_SKIP;
                w->pos += hend;
                return 1;
            }
            if (!place(w, rec, need + i)) { /* whatever its type says */
                set_err(rec, w->dec->err ? w->dec->err : GALLEY_ERR_CORRUPT,
                        "record's member is corrupt: %.100s", w->dec->msg);
                w->pos += need + i;
                gl_dec_mark(w->dec);
                return 1;
            }
            h = w->buf + w->pos; /* place() may have read on */
            w->may_hand = !w->has_brk && w->len - w->pos == need + i;
            classify(w, rec, h, hend, h + hend, (size_t)clen, true);
            w->may_hand = false;
            w->pos += need + i;
            if (w->handed) { /* the record owns the buffer now */
                w->handed = false;
                w->base += w->len;
                w->buf = NULL;
                w->pos = w->len = w->cap = 0;
            }
            gl_dec_mark(w->dec);
            return 1;
        }
        if (w->dec->kind == GL_DEC_PLAIN && w->dec->raw_size &&
            rec->offset + hend + clen > w->dec->raw_size) {
            /* a plain file too short for the claimed length: truncated, or
             * the length lies. Streaming past it would swallow every record
             * after it, so it is treated as one held record cut short */
            if (may_be_doc(rec)) set_err(rec, GALLEY_ERR_CORRUPT, "truncated record%s", "");
            else rec->kind = GL_WARC_SKIP;
            w->pos += hend;
            return 1;
        }
        /* too large to hold: decide from its start, then stream past it */
        ensure(w, hend + GL_WARC_HDR_MAX);
        h = w->buf + w->pos;
        size_t have = w->len - w->pos - hend;
        classify(w, rec, h, hend, h + hend, have < clen ? have : (size_t)clen, false);
        stream_past(w, rec, hend, hend + clen);
        return 1;
    }
}

bool gl_warc_sniff(gl_warc *w)
{
    for (;;) {
        ensure(w, 64);
        size_t i = w->pos;
        while (i < w->len && i - w->pos < 64 && gl_is_ascii_ws((unsigned char)w->buf[i])) i++;
        if (w->len - i >= 8 &&
            (memcmp(w->buf + i, "WARC/1.", 7) == 0 || memcmp(w->buf + i, "WARC/0.1", 8) == 0))
            return true;
        /* a first member that failed in its first bytes (or gave none):
         * look at what follows it. If that is a WARC, the lost record is
         * reported in its place; if not, the document is the error. */
        if (!w->has_brk || w->dec->kind == GL_DEC_PLAIN || w->len - w->pos >= 64) return false;
        drop_break(w);
        w->sniff_dropped = true;
    }
}

int gl_warc_read_all(gl_warc *w, char **out, size_t *len, galley_status *st, char *msg,
                     size_t msgcap)
{
    *out = NULL;
    *len = 0;
    while (w->len - w->pos <= w->max_bytes && more(w)) {
    }
    if (w->sniff_dropped || (w->lost_at_start && !w->has_brk)) {
        /* the document's first member failed */
        *st = w->lost_status ? w->lost_status : GALLEY_ERR_CORRUPT;
        snprintf(msg, msgcap, "%s", w->lost_msg[0] ? w->lost_msg : w->dec->msg);
        return 0;
    }
    if (w->has_brk) {
        *st = w->dec->err;
        snprintf(msg, msgcap, "%s", w->dec->msg);
        return 0;
    }
    if (w->len - w->pos > w->max_bytes) {
        *st = GALLEY_ERR_TOO_LARGE;
        snprintf(msg, msgcap, "document exceeds %llu bytes", (unsigned long long)w->max_bytes);
        return 0;
    }
    size_t n = w->len - w->pos;
    if (!w->buf) {
        w->buf = malloc(1);
        if (!w->buf) {
            *st = GALLEY_ERR_NOMEM;
            snprintf(msg, msgcap, "out of memory");
            return 0;
        }
        w->cap = 0;
    }
    memmove(w->buf, w->buf + w->pos, n);
    w->buf[n] = 0; /* cap + 1 bytes are allocated */
    *out = w->buf;
    *len = n;
    w->buf = NULL;
    w->pos = w->len = w->cap = 0;
    return 1;
}
