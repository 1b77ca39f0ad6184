/*
 * fuzz_warc -- libFuzzer target for the WARC reader (galley_warc_*): record
 * framing, resynchronisation, gzip/zstd members, HTTP chunked and content
 * codings.
 *
 * Input: byte 0 picks small caps (so the too-large and member-bomb paths are
 * reached with small inputs); the rest is the archive, read from memory
 * (the fd source shares the same decoder). Every byte of every string the
 * reader returns is read so that ASan sees any pointer outside live memory.
 * Accounting oracle: the records the reader returns (documents + skipped +
 * errors) must equal what an independent, simple reader of the same bytes
 * counts (fuzz/warc_count.h), wherever that one gives a verdict (plain
 * input, or compressed input that decompresses cleanly): so a lost or
 * doubled record is a finding, not just a crash.
 * Seeds: fuzz/seeds/fuzz_warc/ (plain, gzip per record, whole-file gzip,
 * zstd; synthetic records, byte 0 included).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "galley.h"
#include "warc_count.h"

static unsigned touch(const char *p, size_t n)
{
    unsigned s = 0;
    if (n && !p) __builtin_trap(); /* a length without data */
    for (size_t i = 0; i < n; i++) s += (unsigned char)p[i];
    return s;
}

static unsigned touch_str(const char *p)
{
    return p ? touch(p, strlen(p)) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    static const int64_t caps[4] = {0, 64, 4096, 1 << 20};
    int64_t max_bytes = caps[data[0] & 3];
    int64_t max_member = caps[(data[0] >> 2) & 3];
    galley_warc *w = galley_warc_open_memory(data + 1, size - 1, max_bytes, max_member);
    if (!w) return 0;
    galley_warc_record rec;
    unsigned sum = 0;
    size_t n = 0;
    while (galley_warc_next(w, &rec)) {
        if (++n > 1000000) __builtin_trap(); /* no progress: a loop */
        sum += touch_str(rec.message) + touch_str(rec.type) + touch_str(rec.target_uri) +
               touch_str(rec.record_id) + touch_str(rec.date) + touch_str(rec.charset);
        if (rec.kind == GALLEY_WARC_DOCUMENT) {
            if (!rec.body || rec.body[rec.body_len] != 0) __builtin_trap();
            if (max_bytes && (int64_t)rec.body_len > max_bytes) __builtin_trap();
            sum += touch(rec.body, rec.body_len);
        } else if (rec.body) {
            __builtin_trap();
        }
        if ((rec.kind == GALLEY_WARC_ERROR) != (rec.status != GALLEY_OK)) __builtin_trap();
    }
    galley_warc_free(w);
    long want = wc_count(data + 1, size - 1, max_bytes ? (uint64_t)max_bytes : (uint64_t)64 << 20,
                         max_member ? (uint64_t)max_member : (uint64_t)256 << 20);
    if (want >= 0 && (size_t)want != n) __builtin_trap(); /* a record lost or doubled */
    return (int)(sum & 0);
}
