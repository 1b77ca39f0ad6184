#!/usr/bin/python3
"""Fit the named thresholds of body extraction (src/extract/tuning.h) on
training pages, and measure the fit on the pages it was not fitted on.

    tools/fit-tune.py sweep [--galley build/galley] [--cache DIR] [--only NAMES]
    tools/fit-tune.py cv    [--cache DIR] [-k 5]
    tools/fit-tune.py sites [--cache DIR]
    tools/fit-tune.py fit   [--cache DIR] [--train FILE] [--write HEADER]
                            [--wrapper DIR]

The model is the threshold table itself: every row of `galley --tune list`
(balanced mode) is a parameter. Fitting is greedy and shallow on purpose, so
that it has little room to learn the pages by heart:

  sweep  runs galley once per candidate value of every row (a flag flipped; a
         number times 0.67 and 1.5, or one step either way for small
         counts), all other rows at their defaults, over every page of the
         body sets, and caches each page's scorer counts per run
         (--cache, default build/fit-tune). A run is named by its --tune
         arguments; the default table is the run "base".
  fit    on the training pages (--train: "DATASET ID" lines as tools/cv.py
         writes them; default every page), ranks the single changes by what
         each gains on the objective over base, then adds them one at a time,
         best first, keeping a change only when a run of the combination
         gains at least MIN_GAIN on the training pages (one value per row,
         at most MAX_CHANGES rows). Prints the fitted changes; --write
         generates them into src/extract/tuning_fitted.h, --wrapper DIR
         writes DIR/galley, a galley with those --tune arguments (for
         tools/cv.py --fit).
  sites  for every swept change, how its effect spreads over sites: sites
         helped and hurt (summed word-bag F1 of their pages; snippets found
         minus unwanted ones found on trafilatura-eval), the net, and the net
         without the two sites it helps most. A table row whose default
         helps only a site or two (switching it off costs nothing once they
         are set aside) was likely written from those sites.
  cv     folds by site (tools/folds.py), fits on k-1 folds and scores the
         held-out fold with its fold's fit, and prints the objective and every
         set's headline metric in-sample and held-out beside base.

The objective weighs each body set's headline metric (the one its README
names) by how much of the hidden evaluation it stands for: WEIGHTS. Every
figure is computed with the shared scorer's own functions
(../shared/tools/score.py: shingle_triple, bag_f1, norm, as_list) and
aggregated the way its score() does; tools/cv.py --fit gives the same
held-out figures through score.py itself.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATASETS = os.environ.get("GALLEY_DATASETS", os.path.join(ROOT, "..", "shared", "datasets"))
SCORE = os.environ.get("GALLEY_SCORE", os.path.join(ROOT, "..", "shared", "tools", "score.py"))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(SCORE))
import folds as foldlib  # noqa: E402
import score as scorer  # noqa: E402

# set -> (headline metric, weight in the objective). The news sets (aeb's
# shingles) and the wcxb family are most of the unseen evaluation; the two
# SIGIR 2023 sets add breadth, but their gold keeps comments, which galley
# leaves out by design, so they weigh less.
WEIGHTS = {
    "scrapinghub-aeb": ("shingle", 2.0),
    "wcxb-dev": ("wordbag", 2.0),
    "trafilatura-eval": ("snippets", 1.0),
    "wceb-cetd": ("shingle", 0.5),
    "wceb-cleanportaleval": ("shingle", 0.5),
}
MIN_GAIN = 0.0005      # a change is kept only when the objective gains this much
MAX_CHANGES = 12       # rows changed by one fit at most
FACTORS = (0.67, 1.5)
GENERATED = "src/extract/tuning_fitted.h"


# ---- runs and their per-page counts

def neutral_args():
    """--tune arguments that put every row of tuning_fitted.h back to the
    table's value, so that a fit always starts from the hand-set table, not
    from the last fit built into the binary."""
    path = os.environ.get("GALLEY_FIT_HEADER", os.path.join(ROOT, GENERATED))
    args = []
    if os.path.exists(path):
        with open(path) as f:
            for m in re.finditer(r"X\((\w+), [^)]*\) /\* table: ([^ ]+) \*/", f.read()):
                args += ["--tune", "%s=%s" % (m.group(1), m.group(2))]
    return args


def tune_list(galley):
    out = subprocess.run([galley] + neutral_args() + ["--tune", "list"], check=True,
                         capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        name, typ, val = line.split("\t")
        rows.append((name, typ, float(val)))
    return rows


def candidates(name, typ, v):
    """The values tried for one row: a flag flipped, a number scaled."""
    if typ == "bool":
        return [1.0 - v]
    vals = set()
    if typ in ("int", "uint32_t") and abs(v) <= 6:
        vals = {v - 1, v + 1}
        if typ == "uint32_t":
            vals = {x for x in vals if x >= 0}
    else:
        for f in FACTORS:
            x = v * f
            if typ in ("int", "uint32_t"):
                x = float(round(x))
            vals.add(x)
    if name.endswith("_pct"):
        vals = {min(x, 100.0) for x in vals}
    if name.endswith("_p") or name.endswith("_density") or name.endswith("_share"):
        vals = {min(x, 1.0) for x in vals}
    vals.discard(v)
    return sorted(vals)


def fmt(v):
    return ("%d" % v) if v == int(v) else ("%.6g" % v)


def run_name(changes):
    return "base" if not changes else ",".join("%s=%s" % (n, fmt(v)) for n, v in sorted(changes))


class Gold:
    """Each set's gold, tokenised once."""

    def __init__(self):
        self.sets = {}
        for s in WEIGHTS:
            with open(os.path.join(DATASETS, s, "ground-truth.json"), encoding="utf8") as f:
                self.sets[s] = json.load(f)
        self.memo = {}  # (set, id, crc, length of the text) -> counts, across runs

    def page_counts(self, s, gid, text):
        g = self.sets[s][gid]
        c = {}
        if "articleBody" in g:
            c["sh"] = scorer.shingle_triple(g["articleBody"], text)
            lo = [t.lower() for t in scorer.toks(g["articleBody"])]
            c["wb"] = scorer.bag_f1(lo, [t.lower() for t in scorer.toks(text)])
        w = scorer.as_list(g.get("with"))
        wo = scorer.as_list(g.get("without"))
        if w or wo:
            t = scorer.norm(text)
            tp = sum(1 for x in w if scorer.norm(x) in t)
            fp = sum(1 for x in wo if scorer.norm(x) in t)
            c["sn"] = (tp, len(w) - tp, fp)
        return c


_KEYS = {}


def binary_key(galley):
    """Runs are cached per build: a new binary starts a new cache."""
    if galley not in _KEYS:
        with open(galley, "rb") as f:
            _KEYS[galley] = hashlib.sha1(f.read()).hexdigest()[:12]
    return _KEYS[galley]


def run(galley, changes, gold, cache):
    """Per-page counts of one run, {set: {id: counts}}, from the cache or galley."""
    name = run_name(changes)
    key = hashlib.sha1((binary_key(galley) + " ".join(neutral_args()) + name).encode()
                       ).hexdigest()[:16]
    path = os.path.join(cache, "runs", key + ".json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)["pages"]
    args = [galley, "-f", "jsonl", "-q", "-j", "2"] + neutral_args()
    for n, v in sorted(changes):
        args += ["--tune", "%s=%s" % (n, fmt(v))]
    pages = {}
    memo = gold.memo
    for s in WEIGHTS:
        out = subprocess.run(args + [os.path.join(DATASETS, s, "html")], capture_output=True,
                             text=True).stdout
        got = {}
        for line in out.splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            got[scorer.id_of(rec.get("source", ""))] = rec.get("text") or ""
        pages[s] = {}
        for gid in gold.sets[s]:
            text = got.get(gid, "")
            h = (s, gid, zlib.crc32(text.encode()), len(text))
            if h not in memo:
                memo[h] = gold.page_counts(s, gid, text)
            pages[s][gid] = memo[h]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump({"name": name, "pages": pages}, f)
    os.replace(path + ".tmp", path)
    return pages


# ---- figures, aggregated as score.py's score() does

def metric(kind, counts):
    if kind == "shingle":
        trip = [c["sh"] for c in counts if "sh" in c]
        ps = [scorer.ps(*x) for x in trip if x[0] + x[1] > 0]
        rs = [scorer.rs(*x) for x in trip if x[0] + x[2] > 0]
        p = sum(ps) / max(1, len(ps))
        r = sum(rs) / max(1, len(rs))
        return 2 * p * r / (p + r) if p + r else 0.0
    if kind == "wordbag":
        wb = [c["wb"][0] for c in counts if "wb" in c]
        return sum(wb) / len(wb) if wb else 0.0
    tp = sum(c["sn"][0] for c in counts if "sn" in c)
    fn = sum(c["sn"][1] for c in counts if "sn" in c)
    fp = sum(c["sn"][2] for c in counts if "sn" in c)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def page_value(c):
    """One page's worth in the sites table: word-bag F1, or the snippets."""
    if "wb" in c:
        return c["wb"][0]
    if "sn" in c:
        return float(c["sn"][0] - c["sn"][2])
    return 0.0


def figures(pages, ids):
    """{set: headline metric} over the pages in `ids` ({set: set of ids})."""
    out = {}
    for s, (kind, _) in WEIGHTS.items():
        out[s] = metric(kind, [pages[s][i] for i in ids[s] if i in pages[s]])
    return out


def objective(figs):
    tot = sum(w for _, w in WEIGHTS.values())
    return sum(figs[s] * w for s, (_, w) in WEIGHTS.items()) / tot


def all_ids(gold):
    return {s: set(gold.sets[s]) for s in WEIGHTS}


def read_train(path, gold):
    ids = {s: set() for s in WEIGHTS}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[0] in ids:
                ids[parts[0]].add(parts[1])
    return ids


# ---- the fit

def sweep_runs(cache):
    """The single changes the sweep ran: [(row, value), ...]."""
    idx = os.path.join(cache, "sweep.json")
    if not os.path.exists(idx):
        sys.exit("fit-tune: no sweep in %s: run `tools/fit-tune.py sweep --cache %s` first "
                 "(with the same --galley)" % (cache, cache))
    with open(idx) as f:
        return json.load(f)


def fit(galley, gold, cache, train, log=sys.stderr):
    base = run(galley, [], gold, cache)
    base_obj = objective(figures(base, train))
    singles = []
    for name, value in sweep_runs(cache):
        pages = run(galley, [(name, value)], gold, cache)
        gain = objective(figures(pages, train)) - base_obj
        if gain >= MIN_GAIN:
            singles.append((gain, name, value))
    singles.sort(reverse=True)
    chosen, cur = [], base_obj
    for gain, name, value in singles:
        if len(chosen) >= MAX_CHANGES:
            break
        if any(n == name for n, _ in chosen):
            continue
        trial = chosen + [(name, value)]
        obj = objective(figures(run(galley, trial, gold, cache), train))
        kept = obj - cur >= MIN_GAIN
        print("fit-tune: %-44s alone %+.4f  with the others %+.4f  %s"
              % (run_name([(name, value)]), gain, obj - cur, "kept" if kept else "no"),
              file=log)
        if kept:
            chosen, cur = trial, obj
    return chosen, base_obj, cur


def write_header(path, chosen, defaults):
    lines = [
        "/* tuning_fitted.h -- GENERATED by tools/fit-tune.py fit --write; do not edit.",
        " *",
        " * The rows of tuning.h's table that the fit moved, fitted on every page of",
        " * the body sets (tools/fit-tune.py's docstring says how; its cv command",
        " * gives the held-out figures). Each row: X(name, fitted value) with the",
        " * table's value in the comment, which fit-tune.py reads back to start the",
        " * next fit from the table. tuning.c applies them in balanced and recall",
        " * mode; a name that is no row of the table does not compile. */",
        "#ifndef GL_EXTRACT_TUNING_FITTED_H",
        "#define GL_EXTRACT_TUNING_FITTED_H",
        "",
        "#define GL_XTUNE_FITTED(X) \\",
    ]
    for n, v in sorted(chosen):
        lines.append("    X(%s, %s) /* table: %s */ \\" % (n, fmt(v), fmt(defaults[n])))
    lines += ["", "#endif", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["sweep", "fit", "cv", "sites"])
    ap.add_argument("--galley", default=os.path.join(ROOT, "build", "galley"))
    ap.add_argument("--cache", default=os.path.join(ROOT, "build", "fit-tune"))
    ap.add_argument("--only", help="sweep: these rows only (comma-separated)")
    ap.add_argument("--train", help="fit: training pages, 'DATASET ID' a line")
    ap.add_argument("--write", help="fit: generate the header here")
    ap.add_argument("--wrapper", help="fit: write DIR/galley running --galley with the fit")
    ap.add_argument("-k", type=int, default=foldlib.K_DEFAULT)
    a = ap.parse_args()
    galley = os.path.abspath(a.galley)
    os.makedirs(a.cache, exist_ok=True)
    gold = Gold()

    if a.command == "sweep":
        rows = tune_list(galley)
        only = set(a.only.split(",")) if a.only else None
        todo = [(n, v) for n, t, d in rows if not only or n in only for v in candidates(n, t, d)]
        base = run(galley, [], gold, a.cache)
        bobj = objective(figures(base, all_ids(gold)))
        for i, (n, v) in enumerate(todo):
            pages = run(galley, [(n, v)], gold, a.cache)
            print("sweep %3d/%d %-44s %+.4f" % (i + 1, len(todo), run_name([(n, v)]),
                                                 objective(figures(pages, all_ids(gold))) - bobj),
                  flush=True)
        idx = os.path.join(a.cache, "sweep.json")
        old = sweep_runs(a.cache) if os.path.exists(idx) else []
        with open(idx, "w") as f:
            json.dump(sorted({(n, v) for n, v in old} | set(todo)), f)
        return 0

    if a.command == "fit":
        train = read_train(a.train, gold) if a.train else all_ids(gold)
        chosen, b, c = fit(galley, gold, a.cache, train)
        print("fitted %d changes: objective %.4f -> %.4f on the training pages"
              % (len(chosen), b, c))
        for n, v in chosen:
            print("  --tune %s=%s" % (n, fmt(v)))
        if a.write:
            defaults = {n: d for n, _, d in tune_list(galley)}
            write_header(a.write, chosen, defaults)
        if a.wrapper:
            os.makedirs(a.wrapper, exist_ok=True)
            w = os.path.join(a.wrapper, "galley")
            tunes = " ".join(neutral_args() +
                             ["--tune %s=%s" % (n, fmt(v)) for n, v in chosen])
            with open(w, "w") as f:
                f.write("#!/bin/sh\nexec %s %s \"$@\"\n" % (galley, tunes))
            os.chmod(w, 0o755)
        return 0

    if a.command == "sites":
        site_of = {s: foldlib.sites(os.path.join(DATASETS, s)) for s in WEIGHTS}
        base = run(galley, [], gold, a.cache)
        print("%-44s %6s %6s %8s %8s %14s" % ("change", "helped", "hurt", "net", "top-2",
                                             "net w/o top-2"))
        for name, value in sweep_runs(a.cache):
            pages = run(galley, [(name, value)], gold, a.cache)
            per_site = {}
            for s in WEIGHTS:
                for i, c in pages[s].items():
                    d = page_value(c) - page_value(base[s][i])
                    if d:
                        k = (s, site_of[s].get(i, i))
                        per_site[k] = per_site.get(k, 0.0) + d
            vals = sorted(per_site.values(), reverse=True)
            net = sum(vals)
            print("%-44s %6d %6d %+8.2f %+8.2f %+14.2f"
                  % (run_name([(name, value)]), sum(1 for v in vals if v > 0.001),
                     sum(1 for v in vals if v < -0.001), net, sum(vals[:2]), net - sum(vals[:2])))
        return 0

    # cv: folds by site; each fold's pages scored with the fit of the others
    fold_of = {s: foldlib.fold_of(os.path.join(DATASETS, s), a.k) for s in WEIGHTS}
    base = run(galley, [], gold, a.cache)
    held = {s: {} for s in WEIGHTS}
    for f in range(a.k):
        train = {s: {i for i in gold.sets[s] if fold_of[s].get(i) != f} for s in WEIGHTS}
        chosen, b, c = fit(galley, gold, a.cache, train)
        print("fold %d: %s (training objective %.4f -> %.4f)" % (f, run_name(chosen), b, c))
        pages = run(galley, chosen, gold, a.cache)
        for s in WEIGHTS:
            for i in gold.sets[s]:
                if fold_of[s].get(i) == f:
                    held[s][i] = pages[s][i]
    chosen, _, _ = fit(galley, gold, a.cache, all_ids(gold))
    fitted = run(galley, chosen, gold, a.cache)
    ids = all_ids(gold)
    fb, fi, fh = figures(base, ids), figures(fitted, ids), figures(held, ids)
    print("\n%-22s %-9s %8s %10s %9s" % ("set", "metric", "base", "in-sample", "held-out"))
    for s, (kind, _) in WEIGHTS.items():
        print("%-22s %-9s %8.4f %10.4f %9.4f" % (s, kind, fb[s], fi[s], fh[s]))
    print("%-22s %-9s %8.4f %10.4f %9.4f" % ("objective", "weighted", objective(fb),
                                             objective(fi), objective(fh)))
    print("in-sample fit: %s" % run_name(chosen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
