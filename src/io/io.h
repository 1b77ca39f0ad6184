/*
 * io.h -- the io module's internal interface: a decompressing byte stream
 * (plain, gzip member by member, zstd frame by frame), a WARC 1.0/1.1 record
 * reader over it, and URL fetching with libcurl. batch.c drives them.
 */
#ifndef GL_IO_H
#define GL_IO_H

#include "../core/core.h"
#include "defaults.h"

/* ---- decompressing stream. The compression is recognised by the first
 * bytes (1f 8b gzip, 28 b5 2f fd zstd, anything else plain). Corrupt data
 * and members that inflate past `max_member` are reported once, then the
 * stream resynchronises at the next member's magic bytes and goes on. */
typedef enum gl_dec_kind { GL_DEC_UNKNOWN = 0, GL_DEC_PLAIN, GL_DEC_GZIP, GL_DEC_ZSTD } gl_dec_kind;

/* One gzip member or zstd frame: where it lies in the source and which
 * decompressed bytes it gave. A WARC record alone in its member is located
 * by these (the offset and length a Common Crawl index gives). */
typedef struct gl_dec_member {
    uint64_t seq;                /* 1, 2, ... in source order */
    uint64_t raw_start, raw_end; /* source bytes [start, end); end set when done */
    uint64_t out_start, out_end; /* decompressed bytes [start, end), likewise */
    bool done;                   /* ended cleanly, checksums matched */
} gl_dec_member;
/* The decoder keeps the last few members: one read ends at most one member
 * that gave bytes and starts at most one; empty members in between may push
 * older ones out, which costs only their offsets. */
#define GL_DEC_LOG 8

typedef struct gl_dec {
    int fd;                     /* source fd, or -1 for memory */
    unsigned char *in_buf;      /* the window's storage for an fd source */
    const unsigned char *in;    /* compressed input window: in_buf, or the
                                   whole memory source itself (no copy) */
    size_t in_pos, in_len, in_cap;
    uint64_t rescan_end;        /* source offset up to which a failed
                                   member's bytes were searched again */
    bool in_eof;
    gl_dec_kind kind;
    bool in_member;             /* inside a gzip member / zstd frame */
    void *z;                    /* z_stream */
    void *zs;                   /* ZSTD_DStream */
    void *ld;                   /* libdeflate decompressor, when built with it */
    unsigned char *stage;       /* a whole member inflated at once */
    size_t stage_pos, stage_len, stage_cap;
    size_t stage_want;          /* the size a member last needed */
    uint64_t member_out;        /* bytes out of the current member */
    uint64_t member_given;      /* of those, bytes handed to the caller */
    bool lost_member;           /* the last error took a whole member, none
                                   of which reached the caller */
    uint64_t max_member;        /* 0: no cap */
    uint64_t raw_read;          /* source bytes read so far (progress) */
    uint64_t raw_size;          /* the source's size when known (memory, a
                                   regular file), else 0 */
    uint64_t out_total;         /* decompressed bytes handed out so far */
    gl_dec_member log[GL_DEC_LOG]; /* members by seq % GL_DEC_LOG */
    uint64_t nmembers;          /* members started so far */
    galley_status pending;      /* error to report on the next read */
    galley_status err;          /* last error reported */
    char msg[160];
} gl_dec;

/* Opens over an fd (not closed by gl_dec_close) or over memory (not
 * copied; must outlive the stream). False on OOM. */
bool gl_dec_open_fd(gl_dec *d, int fd, uint64_t max_member);
bool gl_dec_open_mem(gl_dec *d, const void *data, size_t len, uint64_t max_member);
/* Reads up to `cap` decompressed bytes: > 0 bytes, 0 at the end, -1 on an
 * error (d->err, d->msg); reading again after an error goes on after it. */
long gl_dec_read(gl_dec *d, void *dst, size_t cap);
/* Reads like gl_dec_read into *buf (up to *alloc - 1 bytes, so a NUL still
 * fits), for a caller whose buffer holds nothing it needs: a gzip member
 * inflated whole comes back by exchanging *buf with the decoder's staging
 * buffer instead of a copy (*buf and *alloc change; free the new *buf as
 * before). Returns 0 when *buf is NULL or too small, as at the end. */
long gl_dec_read_into(gl_dec *d, unsigned char **buf, size_t *alloc);
/* Restarts the per-member byte count (a WARC record ended cleanly), so the
 * cap bounds one record of a whole-file gzip rather than the file. */
static inline void gl_dec_mark(gl_dec *d) { d->member_out = 0; }
void gl_dec_close(gl_dec *d);

/* ---- WARC reader (WARC 1.0 / 1.1, ISO 28500). */
typedef enum gl_warc_kind {
    GL_WARC_DOC = 1,   /* an HTML document to extract: body/charset/uri set */
    GL_WARC_SKIP = 2,  /* not an HTML response/resource: counted, no record */
    GL_WARC_ERROR = 3  /* an HTML record that failed: status/msg set */
} gl_warc_kind;

typedef struct gl_warc_rec {
    gl_warc_kind kind;
    galley_status status;
    char msg[160];
    char type[24];       /* WARC-Type */
    char *target_uri;    /* malloc'd or NULL */
    char *record_id;     /* malloc'd or NULL */
    char *date;          /* malloc'd or NULL */
    char *charset;       /* malloc'd or NULL: transport charset */
    char *content_type;  /* malloc'd or NULL: the HTTP Content-Type of a
                            response, the WARC one of other records */
    char *body;          /* payload (DOC only), NUL-terminated: malloc'd, */
    char *body_mem;      /* or inside this allocation when not NULL (the
                            reader's buffer, handed over without a copy) */
    size_t body_len;
    int http_status;     /* 0 when not an HTTP response */
    uint64_t offset;     /* decompressed offset of the record in the stream */
    int64_t warc_offset; /* source offset and length of the gzip member or */
    int64_t warc_length; /* zstd frame holding just this record (plain WARC:
                            of the record); -1 when it shares one */
} gl_warc_rec;

typedef struct gl_warc {
    gl_dec *dec;
    char *buf;           /* decompressed bytes [pos, len) not yet consumed */
    size_t pos, len, cap;
    size_t brk;          /* offset in buf of a discontinuity, if has_brk */
    bool has_brk;
    bool brk_lost;       /* the break's member gave nothing (counted in lost) */
    bool eof;
    uint64_t base;       /* stream offset of buf[0] */
    uint64_t max_bytes;  /* payload cap per document */
    size_t chunk;        /* decompressed bytes read at a time */
    uint64_t junk;       /* bytes skipped while resynchronising */
    unsigned lost;       /* whole members lost to errors, not yet reported */
    galley_status lost_status;
    char lost_msg[160];
    bool lost_at_start;  /* a member was lost before any byte was read */
    bool may_hand;       /* the record being classified ends the buffer: its
                            body may keep the buffer rather than a copy */
    bool handed;         /* ... and did */
    gl_dec_member *spans; /* members met in the buffer, oldest first */
    size_t nspans, spans_cap;
    uint64_t synced;     /* decoder members copied into spans */
    uint64_t started;    /* 1 + stream offset of the last record start found,
                            0 when none */
    bool sniff_dropped;  /* sniffing stepped over a break at the start */
} gl_warc;

void gl_warc_init(gl_warc *w, gl_dec *dec, uint64_t max_bytes);
void gl_warc_destroy(gl_warc *w);
/* True when the stream starts (after optional whitespace) with "WARC/1.". */
bool gl_warc_sniff(gl_warc *w);
/* Reads the next record into `rec` (fields reset first; release with
 * gl_warc_rec_clear). Returns 1 for a record, 0 at the end of the stream. */
int gl_warc_next(gl_warc *w, gl_warc_rec *rec);
void gl_warc_rec_clear(gl_warc_rec *rec);
/* Reads the rest of the stream as one document (non-WARC input): 1 with
 * *out (malloc'd, NUL-terminated) and *len, or 0 with status/msg set. */
int gl_warc_read_all(gl_warc *w, char **out, size_t *len, galley_status *st, char *msg,
                     size_t msgcap);

/* ---- directory walk (dirwalk.c): sorted pre-order, iterative, symbolic
 * links to directories not followed, depth capped. */
typedef struct gl_dir_frame {
    char *path;
    char **names;  /* sorted entries of the directory */
    size_t n, i;
} gl_dir_frame;

typedef enum gl_dirwalk_kind {
    GL_DIRWALK_FILE = 1,  /* a regular file: read `fd` (owned by the walk) */
    GL_DIRWALK_SKIP = 2,  /* not an input: counted under `skip` */
    GL_DIRWALK_ERROR = 3  /* deserves an error record: `status`, `msg` */
} gl_dirwalk_kind;

typedef struct gl_dirwalk {
    gl_dir_frame *stack;  /* the listings on the current path only */
    size_t depth, max_depth;
    char depth_str[24];
    /* the current entry, valid until the next call */
    char *path;
    int fd;
    gl_dirwalk_kind kind;
    galley_skip_reason skip;
    galley_status status;
    char msg[160];
    bool nomem;           /* the walk stopped early: out of memory */
} gl_dirwalk;

/* Lists `root`; false with errno set when it cannot be read. `max_depth`
 * counts the root as level 1. */
bool gl_dirwalk_open(gl_dirwalk *w, const char *root, size_t max_depth);
/* Moves to the next entry (closing the previous one's fd): 1, or 0 at the
 * end (or on OOM: w->nomem). */
int gl_dirwalk_next(gl_dirwalk *w);
void gl_dirwalk_close(gl_dirwalk *w);

/* ---- helpers */
/* memmem() is a GNU extension; this one is portable and linear enough for
 * short needles (memchr finds each candidate first byte). */
static inline const void *gl_memmem(const void *hay, size_t n, const void *needle, size_t m)
{
    const unsigned char *h = hay, *nd = needle;
    if (m == 0) return hay;
    while (n >= m) {
        const unsigned char *p = memchr(h, nd[0], n - m + 1);
        if (!p) return NULL;
        if (memcmp(p, nd, m) == 0) return p;
        n -= (size_t)(p - h) + 1;
        h = p + 1;
    }
    return NULL;
}

/* Finds `charset=` in a Content-Type value; copies the label to `out`.
 * True when found. */
bool gl_ctype_charset(const char *ct, size_t len, char *out, size_t cap);
/* True for text/html, application/xhtml+xml and kin. */
bool gl_ctype_is_html(const char *ct, size_t len);

/* ---- URL fetching with the libcurl multi interface, politely (fetch.c;
 * fetch_off.c in a build without libcurl). */
#define GL_FETCH_USER_AGENT "galley/" GALLEY_VERSION_STRING
enum {
    GL_FETCH_ANY_TYPE = 1u << 0, /* any Content-Type (sitemaps, feeds), not only HTML */
    GL_FETCH_ROBOTS = 1u << 1    /* only the host's robots.txt, read (once) even with
                                    ignore_robots; the result has no body, and
                                    gl_fetch_robots() gives the rules */
};
typedef struct gl_fetch gl_fetch;
typedef struct galley_robots gl_robots;
typedef struct gl_fetch_result {
    galley_status status;
    char msg[200];
    long http_status;
    char *body;          /* NUL-terminated; taken by setting it to NULL, else
                            freed after the callback, like the others */
    size_t len;
    char *url;           /* final URL after redirects */
    char *charset;       /* or NULL */
    char *content_type;  /* or NULL */
} gl_fetch_result;
typedef void (*gl_fetch_done_fn)(void *ud, void *tag, gl_fetch_result *r);

/* What the fetcher did, for the summary. */
typedef struct gl_fetch_stats {
    uint64_t requests;   /* HTTP requests made, robots.txt included */
    uint64_t robots;     /* robots.txt requests */
    uint64_t disallowed; /* URLs robots.txt kept us from */
    uint64_t retried;    /* retries after 429, 503 or a dropped connection */
    uint64_t redirects;  /* redirects met */
    uint64_t hosts_forgotten; /* idle hosts dropped past max_hosts */
} gl_fetch_stats;

gl_fetch *gl_fetch_new(const galley_batch_config *cfg);
void gl_fetch_free(gl_fetch *f);
/* Queues `url` (GL_FETCH_* `flags`); `done` is called from gl_fetch_poll
 * with `tag`, exactly once, whatever happens. False on OOM (nothing
 * queued). */
bool gl_fetch_add(gl_fetch *f, const char *url, void *tag, unsigned flags);
/* URLs added and not yet reported. */
size_t gl_fetch_running(const gl_fetch *f);
/* Drives transfers for up to `ms` milliseconds, calling `done` for every
 * finished URL. */
void gl_fetch_poll(gl_fetch *f, int ms, gl_fetch_done_fn done, void *ud);
const gl_fetch_stats *gl_fetch_get_stats(const gl_fetch *f);
/* The robots.txt rules read for the host of `url`, NULL when none were
 * read or the answer had none. Valid until the next gl_fetch_add,
 * gl_fetch_poll or gl_fetch_robots (past max_hosts, an idle host is
 * forgotten when another comes). */
const gl_robots *gl_fetch_robots(gl_fetch *f, const char *url);

#endif
