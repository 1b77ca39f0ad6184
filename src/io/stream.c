/*
 * stream.c -- a decompressing byte stream: plain, gzip (RFC 1952) member by
 * member, zstd frame by frame. Common Crawl writes one gzip member per WARC
 * record, so a corrupt or oversized member costs one record: the stream
 * reports it, skips to the next member's magic bytes and goes on.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#ifdef GALLEY_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "io.h"

#define GL_DEC_IN_CAP (256u << 10)
/* whole-member inflation (libdeflate) stages at most this much; larger
 * members stream through zlib */
#define GL_DEC_STAGE_MAX (8u << 20)

static const unsigned char GZ_MAGIC[3] = {0x1f, 0x8b, 0x08};
static const unsigned char ZSTD_MAGIC[4] = {0x28, 0xb5, 0x2f, 0xfd};
/* first byte of the skippable frame that holds a warc-zstd dictionary */
#define ZSTD_DICT_FRAME 0x5d
/* the smallest gzip member (header, empty final block, trailer) and zstd
 * frame (magic, header, one block header) */
#define GL_GZ_MEMBER_MIN 18
#define GL_ZSTD_FRAME_MIN 9
/* a dictionary larger than this is not one (zstd's trainer makes ~110 KB) */
#define GL_DEC_DICT_MAX (16u << 20)

static void dec_init(gl_dec *d, uint64_t max_member)
{
    memset(d, 0, sizeof(*d));
    d->fd = -1;
    d->max_member = max_member;
}

bool gl_dec_open_fd(gl_dec *d, int fd, uint64_t max_member)
{
    dec_init(d, max_member);
    d->fd = fd;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        off_t at = lseek(fd, 0, SEEK_CUR); /* the size still to read */
        if (at >= 0 && at <= st.st_size) d->raw_size = (uint64_t)(st.st_size - at);
    }
    d->in = d->in_buf = malloc(GL_DEC_IN_CAP);
    d->in_cap = GL_DEC_IN_CAP;
    return d->in_buf != NULL;
}

bool gl_dec_open_mem(gl_dec *d, const void *data, size_t len, uint64_t max_member)
{
    /* the window is the memory itself: nothing is copied, nothing mapped */
    dec_init(d, max_member);
    d->in = data;
    d->in_len = d->in_cap = len;
    d->raw_read = d->raw_size = len;
    d->in_eof = true;
    /* a first stage sized to the input, not to the largest page: members
     * of a small buffer are small (it grows on demand all the same) */
    d->stage_want = 16u << 10;
    while (d->stage_want < (1u << 20) && d->stage_want < 4 * len) d->stage_want *= 2;
    return true;
}

void gl_dec_close(gl_dec *d)
{
    if (d->z) {
        inflateEnd(d->z);
        free(d->z);
    }
    if (d->zs) ZSTD_freeDStream(d->zs);
#ifdef GALLEY_HAVE_LIBDEFLATE
    if (d->ld) libdeflate_free_decompressor(d->ld);
#endif
    free(d->stage);
    free(d->in_buf);
    memset(d, 0, sizeof(*d));
    d->fd = -1;
}

/* Moves unread input to the front and reads more. False when nothing more
 * could be read (end of input or a read error, which ends the stream). */
static bool in_fill(gl_dec *d)
{
    if (d->in_eof) return false; /* always so for a memory source */
    if (d->in_pos) {
        memmove(d->in_buf, d->in_buf + d->in_pos, d->in_len - d->in_pos);
        d->in_len -= d->in_pos;
        d->in_pos = 0;
    }
    size_t room = d->in_cap - d->in_len;
    if (!room) return true;
    size_t got = 0;
    for (;;) {
        ssize_t n = read(d->fd, d->in_buf + d->in_len, room);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* a non-blocking fd (a shell may leave stdin so) with no
             * data yet: wait for some, as a blocking read would */
            struct pollfd pfd = {.fd = d->fd, .events = POLLIN};
            if (poll(&pfd, 1, -1) >= 0 || errno == EINTR) continue;
        }
        if (n < 0) {
            d->pending = GALLEY_ERR_IO;
            snprintf(d->msg, sizeof d->msg, "read failed: %s", strerror(errno));
            d->in_eof = true;
            return false;
        }
        got = (size_t)n;
        break;
    }
    if (!got) {
        d->in_eof = true;
        return false;
    }
    d->in_len += got;
    d->raw_read += got;
    return true;
}

/* Ensures at least `n` unread input bytes; false when the input ends first. */
static bool in_need(gl_dec *d, size_t n)
{
    while (d->in_len - d->in_pos < n)
        if (!in_fill(d)) return false;
    return true;
}

/* Skips input up to the next occurrence of `magic` at or after the current
 * position. Linear: every input byte is looked at once, bar the magic's
 * length kept across refills. */
static bool resync(gl_dec *d, const unsigned char *magic, size_t mlen)
{
    for (;;) {
        const unsigned char *p = d->in + d->in_pos;
        size_t avail = d->in_len - d->in_pos;
        if (avail >= mlen) {
            const unsigned char *hit = gl_memmem(p, avail, magic, mlen);
            if (hit) {
                d->in_pos = (size_t)(hit - d->in);
                return true;
            }
            d->in_pos = d->in_len - (mlen - 1);
        }
        if (!in_fill(d)) {
            d->in_pos = d->in_len;
            return false;
        }
    }
}

/* The source offset of the next unread input byte. */
static uint64_t raw_pos(const gl_dec *d)
{
    return d->raw_read - (d->in_len - d->in_pos);
}

/* A member starts at in_pos; nothing of it has been handed out yet. */
static void member_begin(gl_dec *d)
{
    gl_dec_member *m = &d->log[++d->nmembers % GL_DEC_LOG];
    memset(m, 0, sizeof *m);
    m->seq = d->nmembers;
    m->raw_start = raw_pos(d);
    m->out_start = d->out_total;
}

/* The current member ended cleanly at in_pos, having given `pending` bytes
 * not yet handed out on top of those already counted in out_total. */
static void member_end(gl_dec *d, uint64_t pending)
{
    gl_dec_member *m = &d->log[d->nmembers % GL_DEC_LOG];
    if (!d->nmembers || m->done) return;
    m->raw_end = raw_pos(d);
    m->out_end = d->out_total + pending;
    m->done = true;
}

/* After the current member failed at in_pos, finds where the next one
 * starts. A member cut short (truncated, or damaged so that its inflater
 * ran on into what follows) has its successor's magic before the failure
 * point; an error in its trailer (CRC32, ISIZE) leaves in_pos right on it.
 * So the search starts one byte past the failed member's own magic, as far
 * back as the window still holds. A member that began inside bytes already
 * searched again this way does not send the search back once more: no byte
 * is inflated more than twice, and the reader stays linear. */
static bool resync_failed(gl_dec *d, const unsigned char *magic, size_t mlen)
{
    uint64_t here = raw_pos(d), win0 = d->raw_read - d->in_len;
    const gl_dec_member *m = &d->log[d->nmembers % GL_DEC_LOG];
    uint64_t from = here;
    if (d->nmembers && m->raw_start >= d->rescan_end && m->raw_start < here) {
        from = m->raw_start + 1 > win0 ? m->raw_start + 1 : win0;
        d->rescan_end = here;
    } else if (d->nmembers && m->raw_start == here) {
        from = here + 1; /* failed on its magic: step past it */
    }
    d->in_pos = (size_t)(from - win0);
    if (d->in_pos > d->in_len) d->in_pos = d->in_len;
    return resync(d, magic, mlen);
}

/* After a member went over the cap at in_pos: its successor lies ahead. */
static bool resync_ahead(gl_dec *d, const unsigned char *magic, size_t mlen)
{
    const gl_dec_member *m = &d->log[d->nmembers % GL_DEC_LOG];
    if (d->nmembers && m->raw_start == raw_pos(d) && d->in_pos < d->in_len) d->in_pos++;
    return resync(d, magic, mlen);
}

static long fail(gl_dec *d, galley_status st)
{
    d->err = st;
    /* nothing of this member reached the caller: a whole record vanished,
     * which the WARC reader must still count */
    d->lost_member = d->member_given == 0;
    d->in_member = false;
    return -1;
}

/* All but one byte of a magic, with room for a whole member after it: a
 * member whose magic was damaged. It is a lost member (one unnamed error
 * record), not junk to skip, so that the record it held does not vanish
 * without a word. Fewer bytes than the smallest member are stray bytes. */
static bool near_magic(gl_dec *d, const unsigned char *magic, size_t mlen)
{
    if (!in_need(d, mlen == 3 ? GL_GZ_MEMBER_MIN : GL_ZSTD_FRAME_MIN)) return false;
    const unsigned char *p = d->in + d->in_pos;
    size_t same = 0;
    for (size_t i = 0; i < mlen; i++) same += p[i] == magic[i];
    return same + 1 == mlen;
}

/* Fails the member at in_pos whose magic is damaged, and finds the next. */
static long fail_damaged_magic(gl_dec *d, const unsigned char *magic, size_t mlen)
{
    snprintf(d->msg, sizeof d->msg, "%s: damaged magic bytes", mlen == 3 ? "gzip" : "zstd");
    d->member_given = 0;
    d->in_pos++;
    resync(d, magic, mlen);
    return fail(d, GALLEY_ERR_CORRUPT);
}

/* A failure after `keep` bytes of the member were put in the caller's
 * buffer: they go out now (a WARC reader can still name the record) and
 * the error comes with the next read. */
static long fail_after(gl_dec *d, galley_status st, size_t keep)
{
    long rc = fail(d, st);
    if (!keep) return rc;
    d->pending = d->err;
    d->lost_member = false;
    return (long)keep;
}

/* Of the `got` bytes just produced, those still under the member cap. */
static size_t under_cap(const gl_dec *d, size_t got)
{
    uint64_t over = d->member_out - d->max_member;
    return got > over ? got - (size_t)over : 0;
}

#ifdef GALLEY_HAVE_LIBDEFLATE
/* Inflates the gzip member at in_pos in one call into the stage. libdeflate
 * is 2-3x faster than zlib's streaming inflate, which matters because the
 * reader thread inflates for every worker. Needs the whole member in the
 * input window: a member larger than the window, or a corrupt one, returns
 * false with nothing consumed, and zlib streams it instead (and reports
 * corruption precisely). */
static bool fast_member(gl_dec *d)
{
    if (!d->ld) {
        d->ld = libdeflate_alloc_decompressor();
        if (!d->ld) return false;
    }
    /* members are usually small: top the window up only when it is low, so
     * compaction stays cheap */
    if (d->in_len - d->in_pos < (GL_DEC_IN_CAP >> 2)) {
        while (d->in_len - d->in_pos < GL_DEC_IN_CAP && in_fill(d)) {
        }
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!d->stage || d->stage_cap < d->stage_want) {
            /* the stage holds nothing worth keeping here: no realloc copy.
             * It starts at the largest size a member needed so far, so big
             * pages do not fail a partial inflation every time. */
            free(d->stage);
            if (!d->stage_want) d->stage_want = 1u << 20;
            d->stage_cap = d->stage_want;
            d->stage = malloc(d->stage_cap);
            if (!d->stage) {
                d->stage_cap = 0;
                return false;
            }
        }
        size_t used = 0, got = 0;
        enum libdeflate_result r =
            libdeflate_gzip_decompress_ex(d->ld, d->in + d->in_pos, d->in_len - d->in_pos,
                                          d->stage, d->stage_cap, &used, &got);
        if (r == LIBDEFLATE_SUCCESS) {
            d->in_pos += used;
            d->stage_pos = 0;
            d->stage_len = got;
            d->member_out = 0; /* counted as it is handed out */
            d->member_given = 0;
            return true;
        }
        if (r == LIBDEFLATE_INSUFFICIENT_SPACE && d->stage_cap < GL_DEC_STAGE_MAX) {
            d->stage_want = d->stage_cap * 2;
            attempt--; /* growing is not a retry */
            continue;
        }
        if (r != LIBDEFLATE_BAD_DATA || d->in_eof) return false;
        /* maybe cut off by the window: fill it once and retry */
        while (d->in_len - d->in_pos < GL_DEC_IN_CAP && in_fill(d)) {
        }
    }
    return false;
}
#endif

/* The caller's buffer, offered for a swap with the stage (gl_dec_read_into). */
typedef struct dec_swap {
    unsigned char **buf;
    size_t *alloc;
} dec_swap;

static long read_gzip(gl_dec *d, unsigned char *dst, size_t cap, const dec_swap *sw)
{
    z_stream *z = d->z;
    for (;;) {
        if (d->stage_pos < d->stage_len) {
            size_t n = d->stage_len - d->stage_pos;
            if (n > cap) n = cap;
            d->member_out += n;
            if (d->max_member && d->member_out > d->max_member) {
                /* the cap counts what one record takes of the member (the
                 * reader restarts the count at each record's end). The
                 * part under it still goes out, so that a WARC reader can
                 * name the record it fails; the rest of the member goes. */
                size_t keep = under_cap(d, n);
                memcpy(dst, d->stage + d->stage_pos, keep);
                d->stage_len = d->stage_pos = 0;
                snprintf(d->msg, sizeof d->msg, "gzip member inflates past %llu bytes",
                         (unsigned long long)d->max_member);
                return fail_after(d, GALLEY_ERR_TOO_LARGE, keep);
            }
            memcpy(dst, d->stage + d->stage_pos, n);
            d->stage_pos += n;
            return (long)n;
        }
        if (!d->in_member) {
            if (!in_need(d, 3)) {
                d->in_pos = d->in_len; /* a stray byte or two at the end */
                return 0;
            }
            if (memcmp(d->in + d->in_pos, GZ_MAGIC, 3) != 0) {
                if (near_magic(d, GZ_MAGIC, 3))
                    return fail_damaged_magic(d, GZ_MAGIC, 3);
                /* bytes between members: skip to the next member */
                if (!resync(d, GZ_MAGIC, 3)) return 0;
                continue;
            }
            member_begin(d);
#ifdef GALLEY_HAVE_LIBDEFLATE
            if (fast_member(d)) {
                member_end(d, d->stage_len);
                if (sw && d->stage_len < d->stage_cap &&
                    (!d->max_member || d->stage_len <= d->max_member)) {
                    /* the whole member changes hands: no copy. The stage
                     * takes the caller's (empty) buffer in exchange. */
                    unsigned char *mine = d->stage;
                    size_t mine_cap = d->stage_cap, got = d->stage_len;
                    d->stage = *sw->buf;
                    d->stage_cap = *sw->alloc;
                    *sw->buf = mine;
                    *sw->alloc = mine_cap;
                    d->stage_pos = d->stage_len = 0;
                    d->member_out = got;
                    return (long)got;
                }
                continue;
            }
#endif
            if (inflateReset2(z, 31) != Z_OK) {
                snprintf(d->msg, sizeof d->msg, "gzip: cannot reset inflater");
                return fail(d, GALLEY_ERR_NOMEM);
            }
            d->in_member = true;
            d->member_out = 0;
            d->member_given = 0;
        }
        if (d->in_pos == d->in_len && !in_fill(d)) {
            galley_status st = d->pending ? d->pending : GALLEY_ERR_CORRUPT;
            d->pending = GALLEY_OK;
            if (st == GALLEY_ERR_CORRUPT) {
                snprintf(d->msg, sizeof d->msg, "gzip: truncated member");
                resync_failed(d, GZ_MAGIC, 3); /* it may have run over one */
            }
            return fail(d, st);
        }
        z->next_in = (unsigned char *)(uintptr_t)(d->in + d->in_pos);
        z->avail_in = (uInt)(d->in_len - d->in_pos);
        z->next_out = dst;
        z->avail_out = (uInt)cap;
        int r = inflate(z, Z_NO_FLUSH);
        d->in_pos = d->in_len - z->avail_in;
        size_t got = cap - z->avail_out;
        d->member_out += got;
        if (r == Z_STREAM_END) {
            d->in_member = false;
        } else if (r != Z_OK && r != Z_BUF_ERROR) {
            snprintf(d->msg, sizeof d->msg, "gzip: %s", z->msg ? z->msg : "corrupt data");
            resync_failed(d, GZ_MAGIC, 3);
            return fail_after(d, r == Z_MEM_ERROR ? GALLEY_ERR_NOMEM : GALLEY_ERR_CORRUPT, got);
        }
        if (d->max_member && d->member_out > d->max_member) {
            snprintf(d->msg, sizeof d->msg, "gzip member inflates past %llu bytes",
                     (unsigned long long)d->max_member);
            resync_ahead(d, GZ_MAGIC, 3);
            return fail_after(d, GALLEY_ERR_TOO_LARGE, under_cap(d, got));
        }
        if (r == Z_STREAM_END) member_end(d, got);
        if (got) return (long)got;
    }
}

/* A skippable frame's magic, 0x184D2A5? little-endian (RFC 8878 3.1.2). */
static bool is_skippable(const unsigned char *p)
{
    return (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18;
}

/* Makes room in an fd source's window for `n` unread bytes and reads them;
 * false when the input ends first or memory runs out. */
static bool in_need_grow(gl_dec *d, size_t n)
{
    if (d->in_buf && d->in_cap < n) {
        memmove(d->in_buf, d->in_buf + d->in_pos, d->in_len - d->in_pos);
        d->in_len -= d->in_pos;
        d->in_pos = 0;
        unsigned char *nb = realloc(d->in_buf, n);
        if (!nb) return false;
        d->in = d->in_buf = nb;
        d->in_cap = n;
    }
    return in_need(d, n);
}

/* The IIPC warc-zstd layout opens with a skippable frame (magic 0x184D2A5D)
 * holding the dictionary every later frame was compressed with, itself
 * plain or zstd-compressed. Loads it into the decoder and steps over the
 * frame. Returns 0 to go on, or -1 when it cannot be used: the frame is
 * stepped over all the same, and each frame after it fails on its own (an
 * unnamed error record each), so that none vanishes. */
static long load_dict(gl_dec *d)
{
    const char *why = NULL;
    void *own = NULL;
    size_t skip = 0;
    if (!in_need(d, 8)) {
        why = "truncated dictionary frame";
        goto bad;
    }
    const unsigned char *p = d->in + d->in_pos;
    size_t n = (size_t)p[4] | (size_t)p[5] << 8 | (size_t)p[6] << 16 | (size_t)p[7] << 24;
    if (n > GL_DEC_DICT_MAX) {
        why = "dictionary frame too large";
        goto bad;
    }
    if (!in_need_grow(d, 8 + n)) {
        why = "truncated dictionary frame";
        goto bad;
    }
    skip = 8 + n;
    const unsigned char *dict = d->in + d->in_pos + 8;
    size_t dn = n;
    if (n >= 4 && memcmp(dict, ZSTD_MAGIC, 4) == 0) { /* compressed itself */
        unsigned long long full = ZSTD_getFrameContentSize(dict, n);
        if (full == ZSTD_CONTENTSIZE_UNKNOWN || full == ZSTD_CONTENTSIZE_ERROR ||
            full > GL_DEC_DICT_MAX || !(own = malloc(full ? (size_t)full : 1))) {
            why = "unreadable dictionary";
            goto bad;
        }
        dn = ZSTD_decompress(own, (size_t)full, dict, n);
        if (ZSTD_isError(dn)) {
            why = "corrupt dictionary";
            goto bad;
        }
        dict = own;
    }
    if (ZSTD_isError(ZSTD_DCtx_loadDictionary(d->zs, dict, dn))) {
        why = "unusable dictionary";
        goto bad;
    }
    free(own);
    d->in_pos += 8 + n;
    return 0;
bad:
    free(own);
    snprintf(d->msg, sizeof d->msg, "zstd: %s", why);
    d->in_pos = skip ? d->in_pos + skip : d->in_len;
    d->lost_member = false;
    d->err = GALLEY_ERR_CORRUPT;
    d->in_member = false;
    return -1;
}

static long read_zstd(gl_dec *d, unsigned char *dst, size_t cap)
{
    ZSTD_DStream *zs = d->zs;
    for (;;) {
        if (!d->in_member) {
            if (!in_need(d, 4)) {
                d->in_pos = d->in_len; /* a few stray bytes: no frame */
                return 0;
            }
            const unsigned char *p = d->in + d->in_pos;
            if (memcmp(p, ZSTD_MAGIC, 4) != 0 && !is_skippable(p)) {
                if (near_magic(d, ZSTD_MAGIC, 4)) return fail_damaged_magic(d, ZSTD_MAGIC, 4);
                /* bytes between frames: skip to the next frame, as
                 * between gzip members (they are no record) */
                if (!resync(d, ZSTD_MAGIC, 4)) return 0;
                continue;
            }
            if (p[0] == ZSTD_DICT_FRAME && d->nmembers == 0) {
                long r = load_dict(d);
                if (r) return r;
                continue;
            }
            ZSTD_DCtx_reset(zs, ZSTD_reset_session_only);
            member_begin(d);
            d->in_member = true;
            d->member_out = 0;
            d->member_given = 0;
        }
        if (d->in_pos == d->in_len && !in_fill(d)) {
            if (d->nmembers && raw_pos(d) == d->log[d->nmembers % GL_DEC_LOG].raw_start) {
                /* the input ended where a frame would start */
                d->in_member = false;
                return 0;
            }
            galley_status st = d->pending ? d->pending : GALLEY_ERR_CORRUPT;
            d->pending = GALLEY_OK;
            if (st == GALLEY_ERR_CORRUPT) {
                snprintf(d->msg, sizeof d->msg, "zstd: truncated frame");
                resync_failed(d, ZSTD_MAGIC, 4);
            }
            return fail(d, st);
        }
        ZSTD_inBuffer ib = {d->in, d->in_len, d->in_pos};
        ZSTD_outBuffer ob = {dst, cap, 0};
        size_t r = ZSTD_decompressStream(zs, &ob, &ib);
        d->in_pos = ib.pos;
        d->member_out += ob.pos;
        if (ZSTD_isError(r)) {
            snprintf(d->msg, sizeof d->msg, "zstd: %s", ZSTD_getErrorName(r));
            resync_failed(d, ZSTD_MAGIC, 4);
            return fail_after(d, GALLEY_ERR_CORRUPT, ob.pos);
        }
        if (r == 0) d->in_member = false; /* frame done and flushed */
        if (d->max_member && d->member_out > d->max_member) {
            snprintf(d->msg, sizeof d->msg, "zstd frame inflates past %llu bytes",
                     (unsigned long long)d->max_member);
            resync_ahead(d, ZSTD_MAGIC, 4);
            return fail_after(d, GALLEY_ERR_TOO_LARGE, under_cap(d, ob.pos));
        }
        if (r == 0) member_end(d, ob.pos);
        if (ob.pos) return (long)ob.pos;
    }
}

static long dec_read(gl_dec *d, void *dst, size_t cap, const dec_swap *sw)
{
    d->lost_member = false;
    if (d->pending) {
        d->err = d->pending;
        d->pending = GALLEY_OK;
        return -1;
    }
    if (cap > (1u << 30)) cap = 1u << 30; /* fits uInt and long */
    if (d->kind == GL_DEC_UNKNOWN) {
        in_need(d, 4);
        size_t avail = d->in_len - d->in_pos;
        const unsigned char *p = d->in + d->in_pos;
        /* a damaged first magic still tells the format: the member is
         * reported lost, the rest read */
        if (avail >= 3 && (memcmp(p, GZ_MAGIC, 3) == 0 || near_magic(d, GZ_MAGIC, 3))) {
            d->z = calloc(1, sizeof(z_stream));
            if (!d->z || inflateInit2(d->z, 31) != Z_OK) {
                free(d->z);
                d->z = NULL;
                snprintf(d->msg, sizeof d->msg, "out of memory");
                d->kind = GL_DEC_PLAIN;
                d->in_eof = true;
                d->in_pos = d->in_len;
                return fail(d, GALLEY_ERR_NOMEM);
            }
            d->kind = GL_DEC_GZIP;
        } else if (avail >= 4 && (memcmp(p, ZSTD_MAGIC, 4) == 0 || is_skippable(p) ||
                                  near_magic(d, ZSTD_MAGIC, 4))) {
            d->zs = ZSTD_createDStream();
            if (!d->zs) {
                snprintf(d->msg, sizeof d->msg, "out of memory");
                d->kind = GL_DEC_PLAIN;
                d->in_eof = true;
                d->in_pos = d->in_len;
                return fail(d, GALLEY_ERR_NOMEM);
            }
            d->kind = GL_DEC_ZSTD;
        } else {
            d->kind = GL_DEC_PLAIN;
        }
    }
    long n;
    switch (d->kind) {
    case GL_DEC_GZIP: n = read_gzip(d, dst, cap, sw); break;
    case GL_DEC_ZSTD: n = read_zstd(d, dst, cap); break;
    default:
        if (d->in_pos == d->in_len) in_fill(d);
        n = (long)(d->in_len - d->in_pos);
        if ((size_t)n > cap) n = (long)cap;
        memcpy(dst, d->in + d->in_pos, (size_t)n);
        d->in_pos += (size_t)n;
        break;
    }
    if (n == 0 && d->pending) { /* a read error ended the input */
        d->err = d->pending;
        d->pending = GALLEY_OK;
        return -1;
    }
    if (n > 0) {
        d->member_given += (uint64_t)n;
        d->out_total += (uint64_t)n;
    }
    return n;
}

long gl_dec_read(gl_dec *d, void *dst, size_t cap)
{
    return dec_read(d, dst, cap, NULL);
}

long gl_dec_read_into(gl_dec *d, unsigned char **buf, size_t *alloc)
{
    if (!*buf || *alloc < 2) return 0; /* no room even for a copy */
    dec_swap sw = {buf, alloc};
    return dec_read(d, *buf, *alloc - 1, &sw);
}
