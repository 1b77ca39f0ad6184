#!/usr/bin/python3
"""Runs readability-lxml (Debian's python3-readability) over a dataset's
pages, one process, single-threaded; writes {id: {text, title}} as JSON.
    /usr/bin/python3 readability_lxml.py DATASET_DIR OUT.json STATS.json
A page that raises or takes longer than the per-page limit counts as empty.
Timing covers parsing and extraction only (files are read first)."""
import gzip
import json
import os
import signal
import sys
import time

import lxml.html
import readability
from readability import Document

PAGE_LIMIT_S = int(os.environ.get('GALLEY_COMPARE_PAGE_TIMEOUT', '30'))


class Timeout(Exception):
    pass


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
    out, failures, total, secs = {}, 0, 0, 0.0
    for f in files:
        # read outside the timed part, one page at a time
        with open(os.path.join(html_dir, f), 'rb') as fh:
            b = fh.read()
        if f.endswith('.gz'):
            b = gzip.decompress(b)
        pid = f.split('.htm')[0]
        total += len(b)
        t0 = time.perf_counter()
        signal.alarm(PAGE_LIMIT_S)
        try:
            doc = Document(b)
            summary = doc.summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ''
            out[pid] = {'text': text, 'title': doc.short_title() or None, 'authors': []}
        except Exception:  # Timeout included: counts as empty output
            failures += 1
            out[pid] = {'text': '', 'title': None, 'authors': []}
        finally:
            signal.alarm(0)
            secs += time.perf_counter() - t0
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
        json.dump({'pages': len(files), 'bytes': total, 'seconds': secs,
                   'failures': failures, 'version': str(ver)}, fh)


if __name__ == '__main__':
    main()
