#!/usr/bin/python3
"""Checks galley's Markdown against its text output with cmark-gfm.

For every page, galley's Markdown (-f markdown) is rendered to HTML by
Debian's cmark-gfm (CommonMark + the GFM table and strikethrough
extensions); the words of the rendered HTML's text must be the words of
galley's text output (-f text), in the same order. A needless or missing
escape, a list that swallows its neighbour, raw HTML passed through, or an
emphasis marker shown literally all break the agreement. The Markdown must
also hold no HTML (no comments, no inline tags).

  md_check.py GALLEY NAME=DIR|FILE... [--max-show N] [--min-agree PCT]

Each argument is a directory of pages (read as galley reads a directory)
or one page, labelled NAME in the report. Prints per-set agreement: pages
whose words agree / pages with a body. Exit 1 when a set is under
--min-agree (default 100), 77 when cmark-gfm is missing.
"""
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

WORD = re.compile(r"\w+", re.UNICODE)
# cmark-gfm's safe mode puts this in place of raw HTML (tags, comments)
RAW_HTML = "<!-- raw HTML omitted -->"


# inline elements do not separate words ("<em>expand</em>ed" is one word)
INLINE = {"a", "em", "strong", "code", "del", "sub", "sup", "span"}


class TextOf(html.parser.HTMLParser):
    """Text content of rendered HTML (attributes such as alt are not text),
    with the numbers of ordered list items written out as the text format
    writes them ("3. ")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.lists = []  # next number of each open list; None: bullets

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE:
            self.parts.append(" ")
        if tag == "ol":
            start = dict(attrs).get("start") or "1"
            self.lists.append(int(start) if start.isdigit() else 1)
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            self.parts.append("%d. " % self.lists[-1])
            self.lists[-1] += 1

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self.parts.append(" ")
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()


def words(s):
    return WORD.findall(s)


def render(md, cmark):
    r = subprocess.run([cmark, "-e", "table", "-e", "strikethrough"],
                       input=md.encode("utf-8"), stdout=subprocess.PIPE, check=True)
    return r.stdout.decode("utf-8", "replace")


def text_words(rendered):
    p = TextOf()
    p.feed(rendered)
    p.close()
    # convert_charrefs already decoded the references once, as a browser
    # does; decoding again would turn a shown "&lt;" into "<"
    return words("".join(p.parts))


def run_galley(galley, fmt, path, outdir):
    os.makedirs(outdir)
    # no time budget: a loaded machine must not change what is compared;
    # Markdown shows figures with their captions, so the text must have them
    subprocess.run([galley, "-q", "-j", "2", "--timeout-ms", "0", "--captions", "-f", fmt, "-o",
                    outdir, path],
                   stdout=subprocess.DEVNULL, check=False)
    return sorted(os.listdir(outdir))


def check_set(galley, cmark, path, tmp, show):
    md_files = run_galley(galley, "markdown", path, os.path.join(tmp, "md"))
    txt_files = run_galley(galley, "text", path, os.path.join(tmp, "txt"))
    by_seq = {f.split("-", 1)[0]: f for f in txt_files}
    total = agree = 0
    bad = []
    for f in md_files:
        t = by_seq.get(f.split("-", 1)[0])
        if t is None:
            continue
        md = open(os.path.join(tmp, "md", f), encoding="utf-8").read()
        text = open(os.path.join(tmp, "txt", t), encoding="utf-8").read()
        want = words(text)
        if not want:
            continue
        total += 1
        out = render(md, cmark)
        got = text_words(out)
        # the Markdown opens with the title as "# " unless the body does
        if md.startswith("# "):
            first = md.split("\n", 1)[0]
            tw = text_words(render(first, cmark))
            n = len(tw)
            if got[:n] == tw and (want[:n] != tw or got[n:2 * n] == tw):
                got = got[n:]
        raw = RAW_HTML in out
        if got == want and not raw:
            agree += 1
        elif len(bad) < show:
            if raw:
                why = "raw HTML in the Markdown"
            else:
                i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b),
                         min(len(got), len(want)))
                why = "word %d: markdown %r / text %r" % (i, got[max(0, i - 3):i + 4],
                                                          want[max(0, i - 3):i + 4])
            bad.append("%s: %s" % (f, why))
    return total, agree, bad


def main(argv):
    args = []
    show, min_agree = 5, 100.0
    it = iter(argv[2:])
    for a in it:
        if a == "--max-show":
            show = int(next(it))
        elif a == "--min-agree":
            min_agree = float(next(it))
        else:
            args.append(a)
    if len(argv) < 3 or not args:
        print(__doc__, file=sys.stderr)
        return 2
    galley = argv[1]
    cmark = shutil.which("cmark-gfm")
    if not cmark:
        print("cmark-gfm not installed (apt-get install cmark-gfm)")
        return 77
    rc = 0
    for a in args:
        name, _, path = a.rpartition("=")
        name = name or os.path.basename(path.rstrip("/"))
        with tempfile.TemporaryDirectory() as tmp:
            total, agree, bad = check_set(galley, cmark, path, tmp, show)
        pct = 100.0 * agree / total if total else 100.0
        print("%-20s %5d / %5d pages agree (%.2f%%)" % (name, agree, total, pct))
        for b in bad:
            print("    " + b)
        if pct < min_agree:
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
