#!/usr/bin/env python3
"""Agreement of galley's encoding choice with the datasets' known charsets.

For every page whose "source" charset is known in
../shared/datasets/*/encodings.json, runs the CLI over the dataset's html/
folder (JSON Lines, one record per page, its "encoding" field) and counts
the pages decoded in that charset. A pure-ASCII page counts as agreeing
whatever ASCII-compatible encoding it keeps (all decode it alike). Reads the
datasets at run time; copies nothing from them.

usage: bench/encoding-agreement.py BUILD_DIR [DATASETS_DIR]
"""
import gzip
import json
import os
import subprocess
import sys

ASCII_INCOMPATIBLE = {"UTF-16LE", "UTF-16BE", "replacement"}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    datasets = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "..", "shared",
                                                                   "datasets")
    cli = os.path.join(build, "galley")
    total = agree = exact = 0
    for name in sorted(os.listdir(datasets)):
        enc_path = os.path.join(datasets, name, "encodings.json")
        html = os.path.join(datasets, name, "html")
        if not os.path.isfile(enc_path) or not os.path.isdir(html):
            continue
        with open(enc_path, encoding="utf-8") as f:
            known = {k: v["source"] for k, v in json.load(f).items() if v.get("source")}
        run = subprocess.run([cli, "-q", "-f", "jsonl", html], capture_output=True, check=False)
        got = {}
        for line in run.stdout.split(b"\n"):  # not splitlines(): U+2028 is no record end
            if not line.strip():
                continue
            rec = json.loads(line.decode("utf-8", "replace"))
            page = os.path.basename(rec.get("source") or "")
            for suffix in (".html.gz", ".html", ".htm"):
                if page.endswith(suffix):
                    page = page[: -len(suffix)]
                    break
            got[page] = rec.get("encoding")
        d_total = d_agree = 0
        misses = []
        for page, want in sorted(known.items()):
            enc = got.get(page)
            d_total += 1
            if enc and enc.lower() == want.lower():
                exact += 1
                d_agree += 1
                continue
            with gzip.open(os.path.join(html, page + ".html.gz")) as f:
                ascii_only = max(f.read(), default=0) < 0x80
            if ascii_only and enc and enc not in ASCII_INCOMPATIBLE:
                d_agree += 1
            else:
                misses.append("%s: %s, want %s" % (page, enc, want))
        total += d_total
        agree += d_agree
        print("%-18s %5d / %5d" % (name, d_agree, d_total))
        for m in misses[:10]:
            print("    " + m)
    print("all                %5d / %5d  (%d by exact name)" % (agree, total, exact))
    return 0 if agree == total else 1


if __name__ == "__main__":
    sys.exit(main())
