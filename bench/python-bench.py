#!/usr/bin/python3
"""python-bench -- galley's throughput through Python beside the C extract-bench.

    bench/python-bench.py DIR [--rounds N]

Loads the .html / .html.gz / .htm / .htm.gz pages of DIR (not recursive,
sorted by name: extract-bench's corpus), then alternates N times (default 5)
between one round of the C `extract-bench DIR --rounds 1` and one Python
round of `galley.Extractor(timeout_ms=0).extract(page)` over every page, so
that both see the same machine load. Both use the library's defaults (no
time budget, metadata on) and one thread, count process CPU time, and keep
their best round. The Python round includes what a user pays: argument
checks, the JSON record the library renders, and json.loads into a dict
(extract-bench renders nothing, so the overhead is an upper bound).

The C build is found through the GALLEY_BUILD environment variable (default
"build"); the galley package is imported from $GALLEY_BUILD/python when that
build has the extension (-DGALLEY_PYTHON=ON), else from the installed
package.

Last line: `python: X pages/s  c: Y pages/s  overhead: Z%`.
"""
import argparse
import gzip
import os
import re
import subprocess
import sys
import time


def load_pages(d):
    pages = []
    for name in sorted(os.listdir(d)):
        if not name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
            continue
        path = os.path.join(d, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        pages.append(data)
    return pages


def import_galley(build):
    local = os.path.join(build, "python")
    if os.path.exists(os.path.join(local, "galley", "_galley.abi3.so")):
        sys.path.insert(0, os.path.abspath(local))
    import galley

    return galley


def python_round(ex, pages):
    failed = 0
    t0 = time.process_time()
    for p in pages:
        try:
            ex.extract(p)
        except Exception:  # ExtractionError: counted like extract-bench's failures
            failed += 1
    return time.process_time() - t0, failed


C_LINE = re.compile(r"galley: ([0-9.]+) pages/s")


def c_round(bench, d):
    out = subprocess.run([bench, d, "--rounds", "1"], check=True, capture_output=True,
                         text=True).stdout
    m = C_LINE.search(out)
    if not m:
        raise SystemExit(f"python-bench: no result line from {bench}:\n{out}")
    return float(m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    build = os.environ.get("GALLEY_BUILD", "build")
    bench = os.path.join(build, "bench", "extract-bench")
    if not os.access(bench, os.X_OK):
        raise SystemExit(f"python-bench: no {bench} (build galley, or set GALLEY_BUILD)")
    galley = import_galley(build)
    pages = load_pages(args.dir)
    if not pages:
        raise SystemExit(f"python-bench: no .html or .html.gz pages in {args.dir}")
    mb = sum(len(p) for p in pages) / 1e6
    print(f"corpus: {len(pages)} pages, {mb:.2f} MB ({args.dir})")
    print(f"galley {galley.__version__} from {os.path.dirname(galley.__file__)}")
    ex = galley.Extractor(timeout_ms=0)
    python_round(ex, pages)  # warm-up, like extract-bench's untimed pass
    best_py, best_c = 0.0, 0.0
    for r in range(args.rounds):
        c = c_round(bench, args.dir)
        t, failed = python_round(ex, pages)
        py = len(pages) / t
        print(f"round {r + 1}: python {py:.1f} pages/s ({failed} without article)  "
              f"c {c:.1f} pages/s")
        best_py, best_c = max(best_py, py), max(best_c, c)
    overhead = (best_c - best_py) / best_c * 100
    print(f"python: {best_py:.1f} pages/s  c: {best_c:.1f} pages/s  overhead: {overhead:.1f}%")


if __name__ == "__main__":
    main()
