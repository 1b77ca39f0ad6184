"""The runner's one task: extract every record of one WARC into one shard.

Runs on a Dask worker. The shard is written under a temporary name unique to
this attempt (`.NAME.PID.RANDOM.tmp`, in the output directory) and renamed to
`NAME` only once it is complete and synced, so a shard that exists is whole;
an attempt cut short (worker killed, machine lost) leaves only a temporary
file, which the next attempt or run ignores and the driver removes. Two
attempts of one task write the same bytes, so if both finish, either rename
leaves the same shard.

Failures that another attempt cannot mend (missing input, not a WARC, an HTTP
error status) come back as a result with `error` set and are not retried;
anything else raises, and Dask retries the task.
"""

import ctypes
import hashlib
import json
import os
import secrets
import time
import urllib.error

import distributed
import zstandard

import galley

from .inputs import is_url, open_url


class _HashingWriter:
    """File-like sink that counts and hashes what it passes on."""

    def __init__(self, f):
        self.f = f
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, b):
        self.sha.update(b)
        self.size += len(b)
        return self.f.write(b)

    def flush(self):
        self.f.flush()


class _CountingReader:
    """A streaming HTTP response that counts the bytes read from it."""

    def __init__(self, r):
        self.r = r
        self.count = 0

    def read(self, n=-1):
        b = self.r.read(n)
        self.count += len(b)
        return b

    def close(self):
        self.r.close()


def _open_input(inp, url_timeout):
    """What read_warc reads: the path itself (None here), or a streaming
    HTTP response."""
    if is_url(inp):
        return _CountingReader(open_url(inp, url_timeout))
    return None


def _write_records(reader, sink, zstd_level):
    """Writes each record, the JSON line the library made, to the shard;
    returns the tallies of what was written."""
    lines = ok = dup = 0
    errors = {}
    seen = set()
    cctx = zstandard.ZstdCompressor(level=zstd_level)
    with cctx.stream_writer(sink, closefd=False) as z:
        for line in reader:
            rec = json.loads(line)
            z.write(line.encode("utf-8"))
            z.write(b"\n")
            lines += 1
            st = rec.get("status")
            if st == "ok":
                ok += 1
            else:
                errors[st] = errors.get(st, 0) + 1
            rid = rec.get("warc_record_id")
            if rid is not None:
                if rid in seen:
                    dup += 1
                seen.add(rid)
    return lines, ok, errors, dup


# Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536 (its
# "pre-spawn-environ"), so glibc hands memory back to the kernel whenever
# 64 KiB are free at the top of the heap, and an explicit threshold also
# pins the mmap threshold at 128 KiB. galley frees each page's arena after
# its record, so every record then faults its memory in again: measured 3x
# the CPU per record (0.35 s -> 1.0-1.4 s for 181 pages). When the variable
# asks for less, the task restores the ceilings glibc's own dynamic rule
# reaches on 64-bit (trim 64 MiB, mmap 32 MiB); a worker then keeps at most
# that much freed memory, beside the pages its caps bound.
_TRIM_THRESHOLD = 64 << 20
_MMAP_THRESHOLD = 32 << 20
_M_TRIM_THRESHOLD = -1  # mallopt parameters, glibc's malloc.h
_M_MMAP_THRESHOLD = -3
_malloc_tuned = False


def _tune_malloc():
    global _malloc_tuned
    if _malloc_tuned:
        return
    _malloc_tuned = True
    try:
        asked = int(os.environ.get("MALLOC_TRIM_THRESHOLD_", ""))
    except ValueError:
        return  # not set: glibc's dynamic thresholds are in force
    if asked >= _TRIM_THRESHOLD:
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    except (OSError, AttributeError):  # not glibc: nothing to undo
        pass


def extract_shard(inp, out_dir, name, options, zstd_level=3, url_timeout=60.0):
    """Extracts WARC `inp` (path or URL) into `out_dir/name`; returns the
    shard's manifest entry (a dict), or a dict with `error` for an input that
    no retry can mend. Raises for anything else."""
    _tune_malloc()
    t0 = time.monotonic()
    c0 = time.process_time()
    final = os.path.join(out_dir, name)
    tmp = os.path.join(out_dir, ".%s.%d.%s.tmp" % (name, os.getpid(), secrets.token_hex(4)))
    entry = {"input": inp, "shard": name}
    try:
        stream = _open_input(inp, url_timeout)
    except urllib.error.HTTPError as e:
        return dict(entry, error="%s: HTTP %d %s" % (inp, e.code, e.reason))
    except FileNotFoundError:
        return dict(entry, error="%s: no such file on this worker" % inp)
    try:
        with open(tmp, "wb") as raw:
            sink = _HashingWriter(raw)
            try:
                reader = galley.read_warc(stream if stream is not None else inp,
                                          format="json", **options)
                lines, ok, errors, dup = _write_records(reader, sink, zstd_level)
            except FileNotFoundError:
                return dict(entry, error="%s: no such file on this worker" % inp)
            except IsADirectoryError:
                return dict(entry, error="%s: is a directory" % inp)
            except PermissionError:
                return dict(entry, error="%s: permission denied" % inp)
            raw.flush()
            os.fsync(raw.fileno())
        if reader.read + reader.skipped == 0:
            return dict(entry, error="%s: not a WARC archive (no WARC record in %d bytes)"
                        % (inp, stream.count if stream is not None else os.path.getsize(inp)))
        _check(inp, reader, lines, ok, errors)
        os.replace(tmp, final)
        tmp = None
        _sync_dir(out_dir)
    finally:
        if stream is not None:
            stream.close()
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    entry.update(read=reader.read, extracted=reader.extracted, skipped=reader.skipped,
                 errors=dict(sorted(errors.items())), records=lines, duplicates=dup,
                 junk_bytes=reader.junk_bytes,
                 input_bytes=stream.count if stream is not None else os.path.getsize(inp),
                 bytes=sink.size, sha256=sink.sha.hexdigest(),
                 seconds=round(time.monotonic() - t0, 3),
                 cpu_seconds=round(time.process_time() - c0, 3), worker=_worker(),
                 options=options)
    return entry


def _check(inp, reader, lines, ok, errors):
    """Records out must be the HTML records in: the reader's count of pages
    read is what was written, line for line, and its extracted count the ok
    lines. A mismatch is a defect, never a shard."""
    if lines != reader.read or ok != reader.extracted:
        raise RuntimeError("%s: wrote %d records (%d ok, errors %s) but the reader counted "
                           "read %d, extracted %d" % (inp, lines, ok, errors,
                                                      reader.read, reader.extracted))


def _worker():
    try:
        return distributed.get_worker().address
    except ValueError:  # called outside a worker (tests, a plain call)
        return None


def _sync_dir(d):
    """Makes the rename durable: a shard that exists after a crash is whole."""
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
