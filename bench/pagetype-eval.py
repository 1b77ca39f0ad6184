#!/usr/bin/env python3
"""Page-type accuracy of galley on a dataset with a gold `page_type` field
(wcxb-dev: article, listing, collection, product, forum, documentation,
service).

Runs `galley -f jsonl` over the dataset's html/ folder (or reads a JSONL file
given with --jsonl), matches records to gold ids by file name, and prints a
confusion matrix (rows gold, columns predicted), accuracy, per-type recall
and precision, and how well `confidence` separates articles from the rest.

The dataset is read at run time from outside the repository; nothing of it
is copied here.

Split: pages are halved by a hash of their id. `--split tune` (default) is
the half to look at while tuning rules; `--split held` is the held-out half,
to be read only to check for overfitting; `--split all` is both.

--with-url runs galley once per page with --page-url set to the gold URL
(slower: one process per page), as a crawler that knows each page's URL
would; without it the classifier sees only the URL the page declares
(canonical link, og:url).
"""
import argparse
import json
import os
import subprocess
import sys
import zlib

TYPES = ["article", "listing", "collection", "product", "forum", "documentation", "service"]


def half(pid):
    return "held" if zlib.crc32(pid.encode()) % 2 == 0 else "tune"


def page_id(source):
    base = os.path.basename(source or "")
    for ext in (".html.gz", ".html", ".htm"):
        if base.endswith(ext):
            return base[: -len(ext)]
    return base


def run_dir(binary, html_dir, jobs):
    cmd = [binary, "-f", "jsonl", "-q", "-j", str(jobs), html_dir]
    out = subprocess.run(cmd, check=False, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"galley exited with {out.returncode}: {out.stderr[-500:]}")
    return out.stdout.split("\n")


def run_with_url(binary, html_dir, gold, ids):
    lines = []
    for pid in ids:
        path = os.path.join(html_dir, pid + ".html.gz")
        cmd = [binary, "-f", "jsonl", "-q", "-j", "1", path]
        url = gold[pid].get("url")
        if url:
            cmd[1:1] = ["--page-url", url]
        out = subprocess.run(cmd, check=False, capture_output=True, text=True)
        lines.extend(out.stdout.split("\n"))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--dataset", default=os.path.join(here, "..", "..", "shared", "datasets", "wcxb-dev"))
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "galley"))
    ap.add_argument("--jsonl", help="read galley's JSONL output from this file instead of running galley")
    ap.add_argument("--save", help="also write galley's JSONL output here")
    ap.add_argument("--split", choices=["tune", "held", "all"], default="tune")
    ap.add_argument("--with-url", action="store_true", help="pass each page's gold URL (--page-url)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--errors", type=int, default=0, help="list up to N misclassified ids per gold type")
    args = ap.parse_args()

    gold = json.load(open(os.path.join(args.dataset, "ground-truth.json"), encoding="utf-8"))
    ids = sorted(p for p in gold if gold[p].get("page_type") and (args.split == "all" or half(p) == args.split))
    if args.jsonl:
        lines = open(args.jsonl, encoding="utf-8").read().split("\n")
    elif args.with_url:
        lines = run_with_url(args.bin, os.path.join(args.dataset, "html"), gold, ids)
    else:
        lines = run_dir(args.bin, os.path.join(args.dataset, "html"), args.jobs)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    pred, conf = {}, {}
    for line in lines:
        try:
            r = json.loads(line)
        except ValueError:
            continue
        pid = page_id(r.get("source"))
        pred[pid] = r.get("page_type") or "(none)"
        c = r.get("confidence")
        conf[pid] = c if isinstance(c, (int, float)) else 0.0

    cols = TYPES + sorted({pred.get(p, "(missing)") for p in ids} - set(TYPES))
    m = {t: {c: 0 for c in cols} for t in TYPES}
    for p in ids:
        m[gold[p]["page_type"]][pred.get(p, "(missing)")] += 1
    w = max(len(c) for c in cols) + 1
    print(f"split={args.split} pages={len(ids)} (rows gold, columns predicted)")
    print("gold\\pred".ljust(14) + "".join(c[:w - 1].rjust(w) for c in cols) + "  recall")
    ok = 0
    for t in TYPES:
        n = sum(m[t].values())
        ok += m[t][t]
        rec = m[t][t] / n if n else 0.0
        print(t.ljust(14) + "".join(str(m[t][c]).rjust(w) for c in cols) + f"  {rec:6.3f}")
    prec = []
    for c in TYPES:
        col = sum(m[t][c] for t in TYPES)
        prec.append(f"{c}={m[c][c] / col:.3f}" if col else f"{c}=-")
    print("precision: " + " ".join(prec))
    print(f"accuracy: {ok}/{len(ids)} = {ok / max(len(ids), 1):.4f}")
    macro = sum(m[t][t] / max(sum(m[t].values()), 1) for t in TYPES) / len(TYPES)
    print(f"macro recall: {macro:.4f}")

    # article confidence: AUC (articles vs the rest) and the 0.5 threshold
    pos = [conf.get(p, 0.0) for p in ids if gold[p]["page_type"] == "article"]
    neg = [conf.get(p, 0.0) for p in ids if gold[p]["page_type"] != "article"]
    if pos and neg:
        allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
        rank, i, rsum = 1, 0, 0.0
        while i < len(allv):
            j = i
            while j < len(allv) and allv[j][0] == allv[i][0]:
                j += 1
            avg = (rank + rank + (j - i) - 1) / 2
            rsum += avg * sum(1 for k in range(i, j) if allv[k][1])
            rank += j - i
            i = j
        auc = (rsum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))
        tp = sum(v >= 0.5 for v in pos)
        fp = sum(v >= 0.5 for v in neg)
        print(f"confidence: AUC {auc:.4f}; >=0.5: article precision {tp / max(tp + fp, 1):.3f} "
              f"recall {tp / len(pos):.3f}; mean {sum(pos) / len(pos):.3f} (articles) "
              f"{sum(neg) / len(neg):.3f} (others)")
    if args.errors:
        for t in TYPES:
            bad = [f"{p}->{pred.get(p, '(missing)')}" for p in ids
                   if gold[p]["page_type"] == t and pred.get(p) != t]
            if bad:
                print(f"{t}: " + " ".join(bad[: args.errors]))


if __name__ == "__main__":
    main()
