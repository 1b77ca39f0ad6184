#!/usr/bin/env python3
"""Splits the evaluation datasets into k folds by site.

Every page of one site lands in the same fold, in every dataset: a site is
the registrable part of the page's host (``news.example.co.uk`` ->
``example.co.uk``), or, for sets without URLs, the source case named in the
set's ``meta.json`` (``nytimes_68`` -> ``nytimes``). The fold is a stable
hash of the site (CRC-32 mod k), so the split is the same on every machine
and across datasets that share sites (trafilatura-eval and htmldate-eval
share pages): a site is never in a training fold of one set and the held-out
fold of another.

    tools/folds.py ../shared/datasets/wcxb-dev            # per-fold page and site counts
    tools/folds.py ../shared/datasets/wcxb-dev --list 2   # the ids of fold 2

Used as a module by tools/cv.py (``fold_of``).
"""
import argparse
import json
import os
import re
import sys
import zlib
from collections import Counter
from urllib.parse import urlsplit

K_DEFAULT = 5

# Second-level labels under a two-letter country code that are not a site
# by themselves (example.co.uk, example.com.au, example.ac.jp).
GENERIC_SLD = {"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gv"}


def site_of_url(url):
    """The registrable part of a URL's host, lower-cased, or None.

    >>> site_of_url("https://News.Example.co.uk/a/b?c=1")
    'example.co.uk'
    >>> site_of_url("http://www.blog.example.com:8080/x")
    'example.com'
    >>> site_of_url("http://192.0.2.7/page")
    '192.0.2.7'
    >>> site_of_url("not a url") is None
    True
    """
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    if re.fullmatch(r"[0-9.]+|\[?[0-9a-f:]+\]?", host):
        return host
    labels = host.split(".")
    n = 2
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in GENERIC_SLD:
        n = 3
    return ".".join(labels[-n:])


def sites(dataset_dir):
    """{page id: site key} for every page of a dataset."""
    with open(os.path.join(dataset_dir, "ground-truth.json"), encoding="utf-8") as f:
        gt = json.load(f)
    meta = {}
    mpath = os.path.join(dataset_dir, "meta.json")
    if os.path.exists(mpath):
        with open(mpath, encoding="utf-8") as f:
            meta = json.load(f)
    out = {}
    for pid, g in gt.items():
        site = None
        for key in ("url", "source"):
            v = g.get(key)
            if isinstance(v, str) and "://" in v:
                site = site_of_url(v)
                if site:
                    break
        if not site and isinstance(meta.get(pid), dict) and meta[pid].get("case"):
            site = "case:" + re.sub(r"_\d+$", "", meta[pid]["case"]).lower()
        out[pid] = site or "page:" + pid  # no site known: the page is its own site
    return out


def fold_of_site(site, k=K_DEFAULT):
    return zlib.crc32(site.encode("utf-8")) % k


def fold_of(dataset_dir, k=K_DEFAULT):
    """{page id: fold number in [0, k)}."""
    return {pid: fold_of_site(s, k) for pid, s in sites(dataset_dir).items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset")
    ap.add_argument("-k", type=int, default=K_DEFAULT, help="number of folds (default 5)")
    ap.add_argument("--list", type=int, metavar="FOLD", help="print the page ids of one fold")
    a = ap.parse_args()
    if a.k < 2:
        sys.exit("folds: -k must be at least 2")
    st = sites(a.dataset)
    folds = {pid: fold_of_site(s, a.k) for pid, s in st.items()}
    if a.list is not None:
        for pid in sorted(p for p, f in folds.items() if f == a.list):
            print(pid)
        return
    pages = Counter(folds.values())
    nsites = Counter(fold_of_site(s, a.k) for s in set(st.values()))
    print(f"{os.path.basename(a.dataset.rstrip('/'))}: {len(st)} pages, "
          f"{len(set(st.values()))} sites, k={a.k}")
    for i in range(a.k):
        print(f"  fold {i}: {pages[i]} pages, {nsites[i]} sites")


if __name__ == "__main__":
    main()
