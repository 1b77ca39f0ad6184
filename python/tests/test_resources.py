"""No leaks, no reference-count drift, the GIL released while C works."""
import gc
import io
import os
import sys
import threading
import time
import tracemalloc

import pytest

import galley
from conftest import page, response

N = 10_000
# Under ASan (tools/test.sh) the allocator's quarantine holds freed memory:
# RSS says nothing there, the Python heap and ASan itself still do.
ASAN = bool(os.environ.get("GALLEY_ASAN"))


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def steady(fn, n=N, warm=500, rss_slack_kb=4096, py_slack=256 * 1024):
    """Runs fn n times after a warm-up; the Python heap (tracemalloc) and
    the process RSS must stay flat."""
    for _ in range(warm):
        fn()
    gc.collect()
    tracemalloc.start()
    before_py = tracemalloc.get_traced_memory()[0]
    before_rss = rss_kb()
    for _ in range(n):
        fn()
    gc.collect()
    grown_py = tracemalloc.get_traced_memory()[0] - before_py
    tracemalloc.stop()
    grown_rss = rss_kb() - before_rss
    assert grown_py < py_slack, f"Python heap grew by {grown_py} bytes over {n} calls"
    if not ASAN:
        assert grown_rss < rss_slack_kb, f"RSS grew by {grown_rss} kB over {n} calls"


SMALL = page(1, paragraphs=3).encode()


def test_extract_memory_steady():
    ex = galley.Extractor()
    steady(lambda: ex.extract(SMALL, "https://example.com/a"))


def test_text_format_and_str_input_memory_steady():
    ex = galley.Extractor(format="text")
    html = SMALL.decode()
    steady(lambda: ex.extract(html))


def test_error_path_memory_steady():
    ex = galley.Extractor(max_bytes=64)

    def fail():
        try:
            ex.extract(SMALL)
        except galley.ExtractionError:
            pass

    def nocontent():
        try:
            galley.extract(b"<html><title>t</title></html>")
        except galley.ExtractionError:
            pass

    steady(fail)
    steady(nocontent)


def test_bad_arguments_memory_steady():
    def bad():
        for kw in (dict(mode="x"), dict(timeout_ms=-1), dict(charset="nope")):
            try:
                galley.extract(SMALL, **kw)
            except (TypeError, ValueError):
                pass

    steady(bad, n=N // 3)


def test_read_warc_memory_steady():
    data = b"".join(response(i) for i in range(5))

    def run():
        for _ in galley.read_warc(io.BytesIO(data)):
            pass

    steady(run, n=1000, warm=50)


def test_reference_counts_do_not_drift():
    html = page(2).encode()
    url = "https://example.com/refcount"
    text = html.decode()
    ex = galley.Extractor()
    counts = [sys.getrefcount(o) for o in (html, url, text, ex, galley.ExtractionError)]
    for _ in range(N):
        ex.extract(html, url)
        ex.extract(text, url, format="text")
        try:
            ex.extract(html, url, charset="nope")
        except ValueError:
            pass
    for _ in range(1000):
        try:
            galley.extract(b"", url)
        except galley.ExtractionError:
            pass
    gc.collect()
    assert counts == [sys.getrefcount(o) for o in (html, url, text, ex, galley.ExtractionError)]


def test_threads_give_the_same_results():
    pages = [page(i, paragraphs=4 + i % 5).encode() for i in range(40)]
    ex = galley.Extractor(reference_time=2_000_000_000)
    want = [ex.extract(p) for p in pages]
    got = [None] * len(pages)

    def work(k):
        for i in range(k, len(pages), 4):
            got[i] = ex.extract(pages[i])

    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert got == want


def test_gil_is_released_during_extraction():
    # one long extraction; a Python thread ticking every millisecond must
    # keep ticking meanwhile (with the GIL held it would stall for the
    # whole call)
    big = page(3, paragraphs=20000).encode()
    ex = galley.Extractor(timeout_ms=0)
    t0 = time.perf_counter()
    ex.extract(big)
    alone = time.perf_counter() - t0
    if alone < 0.05:
        pytest.skip(f"extraction too quick to observe ({alone:.3f} s)")
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.01)
    start = time.perf_counter()
    ex.extract(big)
    end = time.perf_counter()
    done.set()
    t.join()
    during = [x for x in ticks if start <= x <= end]
    gaps = [b - a for a, b in zip([start] + during, during + [end])]
    assert max(gaps) < 0.5 * (end - start), (max(gaps), end - start)
