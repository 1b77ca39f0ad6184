#!/usr/bin/python3
"""Precision and recall of galley's duplicate removal (--dedup exact|near).

Builds a test set in a temporary directory (never in the repository) from
the evaluation pages in /work/shared/datasets: the pages of every site with
two or more pages there are the originals (true non-duplicates from the
same sites); for some of them it writes three near-duplicates each:

  boiler  boilerplate changed: a new navigation bar, sidebar and footer
  para    a paragraph of invented words added after the longest paragraph
  dates   every year and ISO date in the page moved

Originals sort before variants (0-orig/ < 1-var/), so the first of each
group in input order is the original. galley runs once without --dedup (the
fingerprints and word counts, for the distance figures) and once per mode;
a variant missing from a dedup run is a true positive, an original missing
is a false positive. Pages whose extraction is not `ok` are left out.

Usage: tools/dedup-eval.py [--galley build/galley] [--variants N]
       [--distances 2,3,4,5] [--keep DIR]
"""
import argparse
import collections
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from urllib.parse import urlsplit

DATA = "/work/shared/datasets"
SETS = ["trafilatura-eval", "wcxb-dev", "scrapinghub-aeb"]

WORDS = ("amber orchard lantern pebble meadow copper harbor willow thistle "
         "granite ember falcon ridge marble quill saffron tundra velvet "
         "beacon cobalt drift fern glacier hollow ivory juniper kestrel "
         "lagoon mosaic nimbus opal prairie quartz russet summit timber").split()


def invented(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def boiler(html, rng):
    nav = "<nav><ul>" + "".join(
        '<li><a href="/s/%d">%s</a></li>' % (i, invented(rng, 2).title()) for i in range(8)) + "</ul></nav>"
    aside = "<aside><h3>Most read</h3><ul>" + "".join(
        '<li><a href="/r/%d">%s</a></li>' % (i, invented(rng, 6).capitalize()) for i in range(5)) + "</ul></aside>"
    foot = "<footer><p>%s. Copyright 2031 Example Press.</p><p>%s</p></footer>" % (
        invented(rng, 12).capitalize(), invented(rng, 10).capitalize())
    m = re.search(r"<body[^>]*>", html, re.I)
    at = m.end() if m else 0
    html = html[:at] + nav + html[at:]
    e = html.lower().rfind("</body>")
    e = e if e >= 0 else len(html)
    return html[:e] + aside + foot + html[e:]


def para(html, rng):
    best, at = 0, -1
    for m in re.finditer(r"<p[\s>].*?</p>", html, re.I | re.S):
        text = re.sub(r"<[^>]*>", "", m.group(0))
        if len(text) > best:
            best, at = len(text), m.end()
    if at < 0:
        return None
    return html[:at] + "<p>%s.</p>" % invented(rng, 45).capitalize() + html[at:]


def dates(html, rng):
    html = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})",
                  lambda m: "%s-%s-%02d" % (m.group(1), m.group(2), 1 + (int(m.group(3)) + 3) % 28), html)
    return re.sub(r"\b(19[5-9]\d|20[0-3]\d)\b", lambda m: str(int(m.group(1)) + 1), html)


KINDS = [("boiler", boiler), ("para", para), ("dates", dates)]


def load_pages():
    pages, seen_url = [], set()
    for s in SETS:
        gt = json.load(open(os.path.join(DATA, s, "ground-truth.json"), encoding="utf-8"))
        for pid, rec in sorted(gt.items()):
            url = rec.get("url")
            path = os.path.join(DATA, s, "html", pid + ".html.gz")
            if not url or url in seen_url or not os.path.exists(path):
                continue
            seen_url.add(url)
            host = urlsplit(url).netloc.lower()
            host = host[4:] if host.startswith("www.") else host
            pages.append((host, s, pid, path))
    return pages


def run(galley, d, extra):
    r = subprocess.run([galley, "-q", "-f", "jsonl", "-j", "2", "--timeout-ms", "0"] + extra + [d],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if r.returncode not in (0, 1):
        sys.exit("galley failed (%d): %s" % (r.returncode, r.stderr.decode()[-500:]))
    return {os.path.relpath(x["source"], d): x for x in map(json.loads, r.stdout.splitlines())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--galley", default="build/galley")
    ap.add_argument("--variants", type=int, default=150, help="originals that get variants")
    ap.add_argument("--distances", default="2,3,4,5,6")
    ap.add_argument("--keep", help="build the set in this directory and keep it")
    a = ap.parse_args()
    rng = random.Random(14)
    by_host = collections.defaultdict(list)
    for p in load_pages():
        by_host[p[0]].append(p)
    origs = [p for h in sorted(by_host) if len(by_host[h]) >= 2 for p in by_host[h]]
    d = a.keep or tempfile.mkdtemp(prefix="galley-dedup-")
    os.makedirs(os.path.join(d, "0-orig"), exist_ok=True)
    os.makedirs(os.path.join(d, "1-var"), exist_ok=True)
    name = {}
    for host, s, pid, path in origs:
        n = "0-orig/%s-%s.html" % (re.sub(r"[^A-Za-z0-9.-]", "_", host), pid[:16])
        name[pid] = n
        shutil.copyfile(path, os.path.join(d, n + ".gz"))
    chosen = rng.sample(origs, min(a.variants, len(origs)))
    var_of = {}
    for host, s, pid, path in chosen:
        html = gzip.open(path).read().decode("latin-1")  # bytes kept as they are
        for kind, fn in KINDS:
            v = fn(html, rng)
            if v is None:
                continue
            n = "1-var/%s-%s.html" % (pid[:16], kind)
            open(os.path.join(d, n), "wb").write(v.encode("latin-1"))
            var_of[n] = (name[pid] + ".gz", kind)
    print("set: %s: %d originals from %d sites, %d variants of %d originals" % (
        d, len(origs), sum(1 for h in by_host if len(by_host[h]) >= 2), len(var_of), len(chosen)))

    base = run(a.galley, d, [])
    ok = {k for k, r in base.items() if r["status"] == "ok"}
    pos = [v for v, (o, _) in var_of.items() if v in ok and o in ok]
    # originals whose text equals another original's are duplicates in the
    # data itself (one page under two ids): neither side is judged
    norm = lambda k: " ".join(re.findall(r"\w+", base[k]["text"].lower()))
    seen = collections.Counter(norm(o) for o in ok if o.startswith("0-orig/"))
    twins = {o for o in ok if o.startswith("0-orig/") and seen[norm(o)] > 1}
    neg = [o for o in ok if o.startswith("0-orig/") and o not in twins]
    pos = [v for v in pos if var_of[v][0] not in twins]
    fp = {k: int(base[k]["fingerprint"], 16) for k in ok}
    dist = lambda x, y: bin(fp[x] ^ fp[y]).count("1")
    kinds = collections.Counter(var_of[v][1] for v in pos)
    print("judged: %d variants (%s), %d originals (%d left out: the same text as another)" % (
        len(pos), ", ".join("%s %d" % kv for kv in sorted(kinds.items())), len(neg), len(twins)))
    vd = collections.defaultdict(list)
    for v in pos:
        vd[var_of[v][1]].append(dist(v, var_of[v][0]))
    for k in sorted(vd):
        xs = sorted(vd[k])
        print("distance variant-original, %s: median %d, 90th pct %d, max %d" % (
            k, xs[len(xs) // 2], xs[int(len(xs) * 0.9)], xs[-1]))
    same_site = []
    groups = collections.defaultdict(list)
    for o in neg:
        groups[o[7:].rsplit("-", 1)[0]].append(o)
    for g in groups.values():
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                same_site.append(dist(g[i], g[j]))
    same_site.sort()
    if same_site:
        print("distance between pages of one site: %d pairs, min %d, 1st pct %d, median %d" % (
            len(same_site), same_site[0], same_site[len(same_site) // 100], same_site[len(same_site) // 2]))

    modes = [("exact", ["--dedup", "exact"])] + [
        ("near %s" % k, ["--dedup", "near", "--dedup-distance", k]) for k in a.distances.split(",")]
    for label, extra in modes:
        kept = run(a.galley, d, extra)
        tp = sum(1 for v in pos if v not in kept)
        fn = len(pos) - tp
        fpos = [o for o in neg if o not in kept]
        prec = tp / (tp + len(fpos)) if tp + len(fpos) else 1.0
        rec = tp / len(pos) if pos else 1.0
        per = ", ".join("%s %.2f" % (k, sum(1 for v in pos if var_of[v][1] == k and v not in kept) /
                                     max(1, kinds[k])) for k in sorted(kinds))
        print("%-8s precision %.3f recall %.3f (TP %d, FN %d, FP %d; recall by kind: %s)" % (
            label, prec, rec, tp, fn, len(fpos), per))
    if not a.keep:
        shutil.rmtree(d)


if __name__ == "__main__":
    main()
