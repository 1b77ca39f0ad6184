#!/usr/bin/python3
"""python-threads -- how galley's Python binding scales with threads.

    bench/python-threads.py DIR [--threads N] [--rounds R]

Loads the pages of DIR (as python-bench.py does), then alternates R times
(default 5) between one thread and N threads (default 2) extracting every
page with one shared galley.Extractor(timeout_ms=0), and keeps each side's
best wall-clock round. The GIL is released while the library works, so N
threads on N free cores approach N times one thread. Wall-clock time:
run it when the machine is quiet.

Last line: `threads: 1 X pages/s  N Y pages/s  speed-up: Z x`.
"""
import argparse
import importlib.util
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load_bench():
    spec = importlib.util.spec_from_file_location("python_bench",
                                                  os.path.join(HERE, "python-bench.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(ex, pages, nthreads):
    def work(k):
        for p in pages[k::nthreads]:
            try:
                ex.extract(p)
            except Exception:
                pass

    ts = [threading.Thread(target=work, args=(k,)) for k in range(nthreads)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return len(pages) / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    pb = load_bench()
    galley = pb.import_galley(os.environ.get("GALLEY_BUILD", "build"))
    pages = pb.load_pages(args.dir)
    if not pages:
        sys.exit(f"python-threads: no pages in {args.dir}")
    print(f"corpus: {len(pages)} pages ({args.dir}); galley from "
          f"{os.path.dirname(galley.__file__)}; {os.cpu_count()} cores")
    ex = galley.Extractor(timeout_ms=0)
    run(ex, pages, 1)  # warm-up
    best1 = bestn = 0.0
    for r in range(args.rounds):
        one = run(ex, pages, 1)
        many = run(ex, pages, args.threads)
        print(f"round {r + 1}: 1 thread {one:.1f} pages/s  {args.threads} threads "
              f"{many:.1f} pages/s  ({many / one:.2f}x)")
        best1, bestn = max(best1, one), max(bestn, many)
    print(f"threads: 1 {best1:.1f} pages/s  {args.threads} {bestn:.1f} pages/s  "
          f"speed-up: {bestn / best1:.2f}x")


if __name__ == "__main__":
    main()
