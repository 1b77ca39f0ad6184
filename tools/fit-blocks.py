#!/usr/bin/env python3
"""Fits post.model, the second opinion on the link rules: src/extract/blockmodel_weights.h.

    tools/fit-blocks.py --galley EXPORT_BIN [--train FILE] [--write [PATH]]
    tools/fit-blocks.py --galley EXPORT_BIN --cv        # quick proxy CV, no builds
    tools/fit-blocks.py --blank --write PATH            # the unfitted header

post.link_paragraph and post.link_list drop a block by its links; before
they do, post.model (src/extract/blockmodel.c) may keep it. Features:
galley's own. EXPORT_BIN is a galley whose post.model judges but keeps
nothing (post_model_keeps off, as in the tree: every drop stays with its
rule, whatever the weights); run with --explain, its trace gives each
judged block the value of every feature (BM_FEATURES, after the figure
"block", the block's number). The items of a list share their block's
figures; their excerpts are joined. build/galley serves; tools/fit-fold.sh
also leaves one in its work directory. For the tree's own header:

    tools/fit-blocks.py --galley build/galley --write
    tools/fit-fold.sh all 0 /tmp/fb/out     # /tmp/fb/out/galley: keeps on, fitted on all

Label: a block belongs to the article when at least half of its word
trigrams (lower-cased \\w+ tokens of the trace's excerpt) are trigrams of the
page's gold body (articleBody of scrapinghub-aeb, wcxb-dev, wceb-cetd,
wceb-cleanportaleval); on trafilatura-eval, a block holding one of the
page's "without" snippets is not, one holding a "with" snippet is. A label,
not a metric: figures come from tools/cv.py.

Model: L2-penalised logistic regression (Newton steps on standardised
features, bias unpenalised), each block weighted by its words. The cut-off
is the probability from which keeping a judged block gives the best mean
gain over the sets of a training proxy -- the mean per-page word F1 (the
block's words and gold share standing in for the scorer's tokens), on
trafilatura-eval the snippets' F1 -- without losing more than --max-loss
on any set; it stays over 1 (every drop stays with its rule) unless the
gain reaches --min-gain.

--train FILE restricts the fit to the pages listed ("DATASET ID" a line,
as tools/cv.py --fit writes it). --cv prints that proxy per fold (folds by
site, tools/folds.py), fitted on the other folds. Features are cached per
binary in --cache (default /tmp/fit-blocks-cache).
"""
import argparse
import hashlib
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter
from operator import mul

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import folds as foldlib  # noqa: E402
from cv import page_id  # noqa: E402

DATASETS = os.environ.get("GALLEY_DATASETS", os.path.join(ROOT, "..", "shared", "datasets"))
BODY_SETS = ["scrapinghub-aeb", "wcxb-dev", "wceb-cetd", "wceb-cleanportaleval"]
SNIPPET_SETS = ["trafilatura-eval"]
HEADER = os.path.join(ROOT, "src", "extract", "blockmodel_weights.h")
WORD = re.compile(r"\w+")


def words(s):
    return WORD.findall(s.lower())


def export(galley, dataset, cache):
    """{"names": [...], "pages": [[page id, body text, [[features, text, words]]]]} of
    one set: the body galley gave, and each judged block's features, its
    excerpts joined, and its word count (the excerpt's scaled to the block's
    length)."""
    key = hashlib.sha1(open(galley, "rb").read()).hexdigest()[:12]
    path = os.path.join(cache, f"{dataset}.{key}.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    names, pages = None, []
    proc = subprocess.Popen([galley, "-f", "jsonl", "-q", "--explain",
                             os.path.join(DATASETS, dataset, "html")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for line in proc.stdout:
        r = json.loads(line)
        pid = page_id(os.path.basename(r.get("source") or ""))
        blocks = {}
        for b in (r.get("trace") or {}).get("blocks") or []:
            fig = b.get("figures") or {}
            if "keep_p" not in fig or "block" not in fig:
                continue
            if names is None:
                keys = list(fig)
                names = [n for n in keys[keys.index("block") + 1:] if not n.startswith("c.")]
            ent = blocks.setdefault(int(fig["block"]), [[fig[n] for n in names], "", 0.0])
            text = b.get("text") or ""
            # the excerpt stands for the whole text: its words scaled to the block's length
            scale = max(1.0, (b.get("chars") or 0) / max(1, len(text)))
            ent[1] += " " + text
            ent[2] += len(words(text)) * scale
        pages.append([pid, r.get("text") or "", [v for v in blocks.values() if v[2] > 0]])
    proc.wait()
    out = {"names": names or [], "pages": pages}
    os.makedirs(cache, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f)
    return out


def shingles(w, k=3):
    return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)}


def label(dataset, pages):
    """[(page id, (gold words, body words, body words in the gold),
    [(features, words, gold share)])]: the share of a
    block's word trigrams found in the gold body (a block under three words:
    1 when it occurs in the gold as it is)."""
    with open(os.path.join(DATASETS, dataset, "ground-truth.json"), encoding="utf-8") as f:
        gt = json.load(f)
    out = []
    for pid, body_text, blocks in pages:
        body = (gt.get(pid) or {}).get("articleBody")
        if not body:
            continue
        gw = words(body)
        gs, joined = shingles(gw), " " + " ".join(gw) + " "
        rows = []
        for x, btext, n in blocks:
            w = words(btext)
            if len(w) >= 3:
                sh = [tuple(w[i:i + 3]) for i in range(len(w) - 2)]
                share = sum(t in gs for t in sh) / len(sh)
            else:
                share = 1.0 if (" " + " ".join(w) + " ") in joined else 0.0
            rows.append((x, n, share))
        bag = Counter(gw)
        got = Counter(words(body_text))
        out.append((pid, (len(gw), sum(got.values()), sum((got & bag).values())), rows))
    return out


def label_snippets(dataset, pages):
    """The same rows for a set with snippets instead of a gold body
    (trafilatura-eval): a block holding a "without" snippet (or held in
    one) is not the article's (share 0), one with a "with" snippet is
    (share 1), others are left out. No proxy figure (gold words None)."""
    with open(os.path.join(DATASETS, dataset, "ground-truth.json"), encoding="utf-8") as f:
        gt = json.load(f)
    norm = lambda t: " ".join(t.split())  # noqa: E731
    out = []
    for pid, _, blocks in pages:
        g = gt.get(pid) or {}
        sw = [norm(x) for x in g.get("without") or [] if norm(x)]
        sk = [norm(x) for x in g.get("with") or [] if norm(x)]
        rows = []
        for x, btext, n in blocks:
            t = norm(btext)
            if not t:
                continue
            if any(q in t or t in q for q in sw):
                rows.append((x, n, 0.0))
            elif any(q in t or t in q for q in sk):
                rows.append((x, n, 1.0))
        out.append((pid, None, rows))
    return out


def solve(a, b):
    """x with a x = b (Gaussian elimination with partial pivoting; a is small)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


WEIGHTS = {"log": math.log1p, "sqrt": math.sqrt, "words": float}


def fit(rows, lam, iters=12, weight="log"):
    """Raw-feature weights of a weighted L2 logistic regression over rows of
    (features, words, gold share); feature 0 is the bias."""
    d = len(rows[0][0])
    n = len(rows)
    cols = [[r[0][k] for r in rows] for k in range(d)]
    ys = [1.0 if r[2] >= 0.5 else 0.0 for r in rows]
    sw = [WEIGHTS[weight](r[1]) for r in rows]
    tot = sum(sw)
    mu = [sum(map(mul, sw, c)) / tot for c in cols]
    sd = [math.sqrt(max(0.0, sum(s * (v - mu[k]) ** 2 for s, v in zip(sw, cols[k])) / tot))
          for k, c in enumerate(cols)]
    live = [k for k in range(d) if k == 0 or sd[k] > 1e-9]
    z = [[1.0] * n if k == 0 else [(v - mu[k]) / sd[k] for v in cols[k]] for k in live]
    w = [0.0] * len(live)
    for _ in range(iters):
        s = [0.0] * n
        for wk, zk in zip(w, z):
            if wk:
                s = [a + wk * b for a, b in zip(s, zk)]
        p = [1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, v)))) for v in s]
        r = [q * (pi - y) for q, pi, y in zip(sw, p, ys)]
        h = [q * pi * (1 - pi) for q, pi in zip(sw, p)]
        g = [sum(map(mul, r, zk)) / tot + (lam * w[j] if j else 0.0) for j, zk in enumerate(z)]
        hz = [list(map(mul, h, zk)) for zk in z]
        H = [[sum(map(mul, hz[i], z[j])) / tot + (lam if i == j and i else 0.0)
              for j in range(len(z))] for i in range(len(z))]
        step = solve(H, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(v) for v in step) < 1e-6:
            break
    raw = [0.0] * d
    for j, k in enumerate(live):
        if k == 0:
            raw[0] += w[j]
        else:
            raw[k] = w[j] / sd[k]
            raw[0] -= w[j] * mu[k] / sd[k]
    return raw


def prob(w, x):
    v = sum(map(mul, w, x))
    return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, v))))


def page_f1(pages, w, cut):
    """Mean per-page word F1 when the judged blocks at or over `cut` stay."""
    tot = 0.0
    n = 0
    for counts, rows in pages:
        if counts is None:
            continue
        gold_n, t, m = counts
        n += 1
        for r in rows:
            if prob(w, r[0]) >= cut:
                t += r[1]
                m += r[1] * r[2]
        if not gold_n or not t:
            continue
        p, rc = m / t, min(1.0, m / gold_n)
        tot += 2 * p * rc / (p + rc) if p + rc else 0.0
    return tot / max(1, n)


NEVER = 2.0  # a cut-off no probability reaches: every drop stays with its rule
CUTS = [i / 40 for i in range(4, 40)]
# trafilatura-eval's snippet counts with galley's body (its README, the
# scorer's summed counts): a kept "with" snippet turns a miss into a hit,
# a kept "without" snippet is a false hit
SNIPPET_BASE = (2792, 256, 159)  # true hits, false hits, misses


def snippet_f1(rows, w, cut):
    tp, fp, fn = SNIPPET_BASE
    for r in rows:
        if prob(w, r[0]) >= cut:
            if r[2] >= 0.5:
                tp, fn = tp + 1, fn - 1
            else:
                fp += 1
    return 2 * tp / (2 * tp + fp + fn)


def set_f1(pages, w, cut):
    if pages and pages[0][0] is None:
        return snippet_f1([r for _, rows in pages for r in rows], w, cut)
    return page_f1(pages, w, cut)


def choose_cut(by_set, w, min_gain, max_loss):
    """The cut-off with the best mean gain over the sets (each set's
    training proxy: mean page word F1, or the snippets' F1) among those
    losing no more than max_loss on any set; NEVER unless it gains min_gain."""
    base = {s: set_f1(p, w, NEVER) for s, p in by_set.items()}
    best, cut = 0.0, NEVER
    for c in CUTS:
        gains = [set_f1(p, w, c) - base[s] for s, p in by_set.items()]
        g = sum(gains) / len(gains)
        if min(gains) >= -max_loss and g > best:
            best, cut = g, c
    if best < min_gain:
        return NEVER, 0.0
    return cut, best


def write_header(path, names, w, cut, note):
    lines = [f"/* blockmodel_weights.h -- generated by tools/fit-blocks.py ({note}); do not edit.",
             " * The weights of post.model's features (src/extract/blockmodel.c, BM_FEATURES,",
             " * same order) and the probability from which a block the link rules would",
             " * drop stays (over 1: never). */",
             f"#define GL_BLOCKMODEL_KEEP_P {cut:.3f}",
             f"static const double bm_weights[{len(names)}] = {{"]
    width = max(len(n) for n in names)
    for n, v in zip(names, w):
        lines.append(f"    /* {n:<{width}} */ {v:.6f},")
    lines.append("};")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--galley", help="a galley built with the unfitted header")
    ap.add_argument("--train", help="fit on these pages only (DATASET ID a line)")
    ap.add_argument("--sets", default=",".join(BODY_SETS + SNIPPET_SETS))
    ap.add_argument("--lam", type=float, default=0.3, help="L2 penalty (standardised features)")
    ap.add_argument("--min-gain", type=float, default=0.0005,
                    help="the cut-off must raise the sets' mean training proxy by this much")
    ap.add_argument("--max-loss", type=float, default=0.0005,
                    help="... and lower no set's training proxy by more than this")
    ap.add_argument("--weight", choices=sorted(WEIGHTS), default="words",
                    help="each block's weight in the fit, by its words")
    ap.add_argument("--cache", default="/tmp/fit-blocks-cache")
    ap.add_argument("--cv", action="store_true", help="proxy figures per fold by site")
    ap.add_argument("--write", nargs="?", const=HEADER, help="write the header (default: the tree's)")
    ap.add_argument("--blank", action="store_true", help="the unfitted header")
    a = ap.parse_args()

    if a.blank:
        # the number of features is the trace's; without a binary, the source's
        src = open(os.path.join(ROOT, "src", "extract", "blockmodel.c"), encoding="utf-8").read()
        body = src.split("#define BM_FEATURES(X)", 1)[1].split("\n\n", 1)[0]
        names = re.findall(r"X\((\w+),", body)
        write_header(a.write or HEADER, names, [0.0] * len(names), NEVER,
                     "--blank: unfitted, every weight 0 and the cut-off over 1, so post.model "
                     "traces every block it judges and every drop stays with its rule")
        return
    if not a.galley:
        sys.exit("fit-blocks: --galley is needed")
    sets = [s for s in a.sets.split(",") if s]
    data, names = {}, None
    for s in sets:
        e = export(a.galley, s, a.cache)
        names = names or e["names"]
        if e["names"] and e["names"] != names:
            sys.exit(f"fit-blocks: {s}: features differ from the other sets'")
        data[s] = (label_snippets if s in SNIPPET_SETS else label)(s, e["pages"])
    if not names:
        sys.exit("fit-blocks: no post.model block in the trace (is the model on in this mode?)")

    if a.cv:
        fold = {s: foldlib.fold_of(os.path.join(DATASETS, s)) for s in sets}
        for f in range(foldlib.K_DEFAULT):
            train = [r for s in sets for pid, g, rows in data[s] if fold[s].get(pid) != f for r in rows]
            w = fit(train, a.lam, weight=a.weight)
            tp = {s: [(g, rows) for pid, g, rows in data[s] if fold[s].get(pid) != f] for s in sets}
            cut, _ = choose_cut(tp, w, a.min_gain, a.max_loss)
            line = [f"fold {f}: cut {cut:.3f}"]
            for s in sets:
                hp = [(g, rows) for pid, g, rows in data[s] if fold[s].get(pid) == f]
                if hp and s in SNIPPET_SETS:
                    kept = [r[2] for g, rows in hp for r in rows if prob(w, r[0]) >= cut]
                    line.append(f"{s} kept with {sum(kept):.0f} without {len(kept) - sum(kept):.0f}")
                elif hp:
                    line.append(f"{s} {page_f1(hp, w, NEVER):.4f}->{page_f1(hp, w, cut):.4f}")
            print("  ".join(line), flush=True)
        return

    keep = None
    if a.train:
        keep = set()
        with open(a.train, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    keep.add((parts[0], parts[1]))
    by_set = {s: [(g, rows) for pid, g, rows in data[s] if keep is None or (s, pid) in keep]
              for s in sets}
    pages = [p for v in by_set.values() for p in v]
    rows = [r for g, rr in pages for r in rr]
    w = fit(rows, a.lam, weight=a.weight)
    cut, gain = choose_cut(by_set, w, a.min_gain, a.max_loss)
    print(f"fit-blocks: {len(pages)} pages, {len(rows)} blocks; cut {cut:.3f}; "
          f"training proxy gain {gain:+.4f} (mean over the sets)", file=sys.stderr)
    for n, v in zip(names, w):
        print(f"  {n:<20} {v:+.4f}", file=sys.stderr)
    if a.write:
        note = (f"lam {a.lam:g}, {len(pages)} pages of {','.join(sets)}"
                + (f", training pages of {os.path.basename(a.train)}" if a.train else ", all pages"))
        write_header(a.write, names, w, cut, note)


if __name__ == "__main__":
    main()
