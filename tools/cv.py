#!/usr/bin/env python3
"""Cross-validated accuracy: figures per fold (folds split by site) and pooled.

    tools/cv.py [--galley build/galley] [--sets aeb,wcxb-dev,...] [-k 5]
                [--fit 'CMD {train} {fold} {out}'] [--json] [--keep DIR]

For every dataset under ../shared/datasets, the pages are split into k folds
by site (tools/folds.py: one site, one fold, the same in every set). Every
figure is taken with the shared scorer (../shared/tools/score.py), unchanged:
a fold is scored as a dataset of its own (its ground truth restricted to the
fold's pages, the HTML linked, never copied).

Without --fit the one build extracts every page; the table then shows how
the build's figures spread over the folds, and the held-out column equals
the in-sample one -- hand-written rules cannot be re-written per fold.

With --fit, held-out figures are real cross-validation: for each fold F the
command is run with {train} a file of the page ids NOT in F (one
"DATASET ID" pair a line, all sets together), {fold} the number F and {out}
a directory for its result; it must leave an executable galley at
{out}/galley, fitted on the training pages only. That binary extracts fold
F's pages; the held-out predictions of all folds are pooled and scored.
The in-sample column is the build given by --galley (fitted on everything).

Columns: in-sample (the whole set, one build), held-out (pooled held-out
predictions), then each fold's own figure and the folds' minimum.
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import folds as foldlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATASETS = os.environ.get("GALLEY_DATASETS", os.path.join(ROOT, "..", "shared", "datasets"))
SCORE = os.environ.get("GALLEY_SCORE", os.path.join(ROOT, "..", "shared", "tools", "score.py"))

# The headline metric of each set (the one its README names), then the
# metadata metrics where the set has gold for them.
METRICS = {
    "scrapinghub-aeb": ["shingle.f1"],
    "wcxb-dev": ["wordbag.f1", "snippets.f1", "title.acc", "date.acc", "authors.acc"],
    "trafilatura-eval": ["snippets.f1", "title.acc", "date.acc", "authors.acc"],
    "htmldate-eval": ["date.acc"],
    "wceb-cetd": ["shingle.f1", "wordbag.f1"],
    "wceb-cleanportaleval": ["shingle.f1", "wordbag.f1"],
}
ALIASES = {"aeb": "scrapinghub-aeb", "wcxb": "wcxb-dev", "traf": "trafilatura-eval",
           "htmldate": "htmldate-eval", "cetd": "wceb-cetd", "cpe": "wceb-cleanportaleval"}


def page_id(name):
    """The page id of a file under html/, as the scorer reads it from "source"
    (ids may hold dots: "example.com-story.html.gz")."""
    for ext in (".html.gz", ".htm.gz", ".html", ".htm", ".gz"):
        if name.endswith(ext):
            return name[:-len(ext)]
    return name


def extract(galley, dataset, out_path, ids=None):
    """Runs galley over a dataset's pages (all, or only `ids`) into JSON Lines."""
    html = os.path.join(DATASETS, dataset, "html")
    if ids is None:
        args = [html]
    else:
        names = {page_id(n): n for n in os.listdir(html)}
        args = [os.path.join(html, names[i]) for i in sorted(ids) if i in names]
    with open(out_path, "wb") as out:
        # Many paths: hand them over in chunks to stay under ARG_MAX.
        for i in range(0, max(1, len(args)), 2000):
            chunk = args[i:i + 2000]
            if not chunk:
                break
            subprocess.run([galley, "-f", "jsonl", "-q"] + chunk, stdout=out, check=False)


def score(dataset, pred, ids=None):
    """score.py --json over the whole set, or over the pages `ids` only."""
    ds = os.path.join(DATASETS, dataset)
    tmp = None
    if ids is not None:
        tmp = tempfile.mkdtemp(prefix="cv-")
        with open(os.path.join(ds, "ground-truth.json"), encoding="utf-8") as f:
            gt = json.load(f)
        with open(os.path.join(tmp, "ground-truth.json"), "w", encoding="utf-8") as f:
            json.dump({i: g for i, g in gt.items() if i in ids}, f)
        os.symlink(os.path.abspath(os.path.join(ds, "html")), os.path.join(tmp, "html"))
        ds = tmp
    try:
        r = subprocess.run([sys.executable, SCORE, ds, pred, "--json"], capture_output=True,
                           text=True, check=True)
        return json.loads(r.stdout)
    finally:
        if tmp:
            shutil.rmtree(tmp)


def pick(res, metric):
    a, b = metric.split(".")
    v = res.get(a)
    return v.get(b) if isinstance(v, dict) else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--galley", default=os.path.join(os.environ.get("GALLEY_BUILD", "build"), "galley"))
    ap.add_argument("--sets", default=",".join(METRICS))
    ap.add_argument("-k", type=int, default=foldlib.K_DEFAULT)
    ap.add_argument("--fit", help="command fitting a build on {train}, for fold {fold}, into {out}")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    ap.add_argument("--keep", help="keep predictions and fitted builds in this directory")
    a = ap.parse_args()

    sets = [ALIASES.get(s, s) for s in a.sets.split(",") if s]
    sets = [s for s in sets if os.path.isfile(os.path.join(DATASETS, s, "ground-truth.json"))]
    if not sets:
        sys.exit(f"cv: no datasets under {DATASETS}")
    if not os.access(a.galley, os.X_OK):
        sys.exit(f"cv: no galley binary at {a.galley}")
    work = a.keep or tempfile.mkdtemp(prefix="galley-cv-")
    os.makedirs(work, exist_ok=True)
    fold = {s: foldlib.fold_of(os.path.join(DATASETS, s), a.k) for s in sets}

    # In-sample: one build over every page.
    pooled = {}
    for s in sets:
        pooled[s] = os.path.join(work, f"{s}.jsonl")
        extract(a.galley, s, pooled[s])

    # Held-out: with --fit, fold F's pages come from a build fitted without F.
    held = dict(pooled)
    if a.fit:
        for s in sets:
            held[s] = os.path.join(work, f"{s}.heldout.jsonl")
            open(held[s], "wb").close()
        for f in range(a.k):
            out = os.path.join(work, f"fit-{f}")
            os.makedirs(out, exist_ok=True)
            train = os.path.join(out, "train.txt")
            with open(train, "w", encoding="utf-8") as t:
                for s in sets:
                    for pid, pf in sorted(fold[s].items()):
                        if pf != f:
                            t.write(f"{s} {pid}\n")
            cmd = a.fit.format(train=shlex.quote(train), fold=f, out=shlex.quote(out))
            if subprocess.run(cmd, shell=True).returncode != 0:
                sys.exit(f"cv: the fit command failed for fold {f}: {cmd}")
            binary = os.path.join(out, "galley")
            for s in sets:
                ids = {p for p, pf in fold[s].items() if pf == f}
                if not ids:
                    continue
                part = os.path.join(out, f"{s}.jsonl")
                extract(binary, s, part, ids)
                with open(held[s], "ab") as dst, open(part, "rb") as src:
                    shutil.copyfileobj(src, dst)

    report = {}
    for s in sets:
        full = score(s, pooled[s])
        cross = score(s, held[s]) if a.fit else full
        per = []
        for f in range(a.k):
            ids = {p for p, pf in fold[s].items() if pf == f}
            per.append(score(s, held[s], ids) if ids else None)
        report[s] = {}
        for m in METRICS.get(s, ["shingle.f1"]):
            vals = [pick(r, m) if r else None for r in per]
            got = [v for v in vals if v is not None]
            report[s][m] = {"in_sample": pick(full, m), "held_out": pick(cross, m),
                            "folds": vals, "fold_min": min(got) if got else None,
                            "pages": [sum(1 for pf in fold[s].values() if pf == f) for f in range(a.k)]}

    if a.json:
        print(json.dumps({"k": a.k, "fitted": bool(a.fit), "sets": report}, indent=1))
    else:
        fmt = lambda v: "  -  " if v is None else f"{v:.3f}"  # noqa: E731
        print(f"k={a.k} folds by site; held-out = "
              + ("pooled predictions of builds fitted without their fold" if a.fit
                 else "in-sample (no --fit: hand-written rules, one build)"))
        print(f"{'set':22} {'metric':13} {'in-sample':>9} {'held-out':>8}  "
              + " ".join(f"{'f' + str(i):>5}" for i in range(a.k)) + "    min")
        for s, ms in report.items():
            for m, r in ms.items():
                print(f"{s:22} {m:13} {fmt(r['in_sample']):>9} {fmt(r['held_out']):>8}  "
                      + " ".join(f"{fmt(v):>5}" for v in r["folds"]) + f"  {fmt(r['fold_min'])}")
    if not a.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
