#!/usr/bin/python3
"""Runs readability-lxml (Debian's python3-readability) over a dataset's
pages, one process, single-threaded; writes {id: {text, title}} as JSON.
    /usr/bin/python3 readability_lxml.py DATASET_DIR OUT.json STATS.json
A page that raises or takes longer than the per-page limit
(GALLEY_COMPARE_PAGE_TIMEOUT seconds, default 30; SIGALRM, which Python
handles between bytecodes, so a long call inside lxml ends first) counts as
empty; the address space is capped (GALLEY_COMPARE_HEAP_MB + 1 GB) so that a
page that needs too much memory raises MemoryError instead of exhausting
the machine. Timing (wall and CPU) covers parsing and extraction only
(files are read first); a stopped page is charged the time it took."""
import gzip
import json
import os
import resource
import signal
import sys
import time

import lxml.html
import readability
from readability import Document

PAGE_LIMIT_S = float(os.environ.get('GALLEY_COMPARE_PAGE_TIMEOUT', '30'))
HEAP_MB = int(os.environ.get('GALLEY_COMPARE_HEAP_MB', '4096'))


class Timeout(BaseException):
    """Not an Exception: readability wraps those in Unparseable."""


def on_alarm(signum, frame):
    raise Timeout()


def main():
    ds, out_path, stats_path = sys.argv[1:4]
    html_dir = os.path.join(ds, 'html')
    files = sorted(f for f in os.listdir(html_dir)
                   if f.endswith(('.html', '.htm', '.html.gz', '.htm.gz')))
    limit = int(os.environ.get('GALLEY_COMPARE_LIMIT', '0'))
    if limit > 0:
        files = files[:limit]
    signal.signal(signal.SIGALRM, on_alarm)
    cap = (HEAP_MB + 1024) << 20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    out, failures, timeouts, total, secs, cpu = {}, 0, 0, 0, 0.0, 0.0
    for f in files:
        # read outside the timed part, one page at a time
        with open(os.path.join(html_dir, f), 'rb') as fh:
            b = fh.read()
        if f.endswith('.gz'):
            b = gzip.decompress(b)
        pid = f.split('.htm')[0]
        total += len(b)
        t0, c0 = time.perf_counter(), time.process_time()
        signal.setitimer(signal.ITIMER_REAL, PAGE_LIMIT_S)
        try:
            doc = Document(b)
            summary = doc.summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ''
            out[pid] = {'text': text, 'title': doc.short_title() or None, 'authors': []}
        except (Exception, Timeout) as e:  # MemoryError included: empty output
            signal.setitimer(signal.ITIMER_REAL, 0)
            failures += 1
            timeouts += isinstance(e, Timeout)
            print(f'readability-lxml: {pid} {type(e).__name__}', file=sys.stderr)
            out[pid] = {'text': '', 'title': None, 'authors': []}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            secs += time.perf_counter() - t0
            cpu += time.process_time() - c0
    with open(out_path, 'w') as fh:
        json.dump(out, fh)
    ver = getattr(readability, '__version__', None)
    if not ver:
        try:
            from importlib.metadata import version
            ver = version('readability-lxml')
        except Exception:
            ver = 'debian python3-readability'
    with open(stats_path, 'w') as fh:
        json.dump({'pages': len(files), 'bytes': total, 'seconds': secs, 'cpu_seconds': cpu,
                   'failures': failures, 'timeouts': timeouts, 'version': str(ver)}, fh)


if __name__ == '__main__':
    main()
