#!/bin/sh
# Inputs by content, not by name (issue 14), and directory walks that lose
# nothing (issue 11, items 5 and 7):
#  - a wget-style mirror (page1, story?id=3, b.shtml, c.php, a.HTML) is read
#    whole; images, PDFs, programs, JSON and plain text are counted skips;
#  - the same non-HTML files named on the command line are not_html records;
#  - a FIFO named *.html is a counted skip (it used to block open() for ever);
#  - an unreadable subdirectory and a subtree past --max-dir-depth are error
#    records; read = extracted + skipped + errors;
#  - a one-document run whose document fails says why on stderr even with
#    -q, and exits 1.
# argv: build dir, source dir. Exit 77 skips.
set -eu
BUILD=$1
GALLEY=$BUILD/galley
[ -x "$GALLEY" ] || { echo "no $GALLEY"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
fail() { echo "inputs: $*"; exit 1; }

PAGE='<!DOCTYPE html><html><head><title>A page</title></head><body><article><h1>Heading</h1><p>A first paragraph with enough plain words in it to count as the body of an article.</p><p>A second paragraph, just as plain, that carries the story to its end.</p></article></body></html>'
M=$T/mirror
mkdir -p "$M/news/deep/deeper/deepest" "$M/locked"
for f in page1 'story?id=3' b.shtml c.php a.HTML news/index locked/secret.html \
    news/deep/d.html news/deep/deeper/deepest/e.html; do
    printf '%s' "$PAGE" >"$M/$f"
done
printf '%s' "$PAGE" | gzip -c >"$M/news/zipped"
python3 - "$M" <<'EOF'
import os, sys, zlib, struct
M = sys.argv[1]
def w(name, data):
    open(os.path.join(M, name), "wb").write(data)
png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(range(40)) * 4
w("logo.png", png)
w("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" * 4)
w("tool", b"\x7fELF\x02\x01\x01\x00" + bytes(200))
w("data.json", b'{"title": "<b>not a page</b>", "items": [1, 2, 3], "more": "' + b"x" * 80 + b'"}')
w("robots.txt", b"User-agent: *\nDisallow: /private/\nDisallow: /tmp/\nSitemap: /sitemap.xml\n")
EOF
mkfifo "$M/news/fifo.html"

# 1. the mirror: every HTML file by its bytes, the rest counted
timeout 60 "$GALLEY" -f jsonl -j 2 --max-dir-depth 3 "$M" >"$T/out" 2>"$T/err" ||
    fail "mirror: exit $? (a FIFO must not block): $(cat "$T/err")"
python3 - "$T" <<'EOF'
import json, re, sys
T = sys.argv[1]
recs = [json.loads(l) for l in open(T + "/out")]
got = {r["source"][len(T) + 8:]: r["status"] for r in recs}
want = {"a.HTML": "ok", "b.shtml": "ok", "c.php": "ok", "locked/secret.html": "ok",
        "news/deep/d.html": "ok", "news/deep/deeper": "limit_depth", "news/index": "ok",
        "news/zipped": "ok", "page1": "ok", "story?id=3": "ok"}
assert got == want, got
assert "deeper than" in [r for r in recs if r["status"] == "limit_depth"][0]["error"]
assert all(r["page_type"] != "article" or r["status"] == "ok" for r in recs)
m = re.search(r"read (\d+), extracted (\d+), skipped (\d+), errors (\d+).*; skipped: (.*?);",
              open(T + "/err").read())
assert m, open(T + "/err").read()
r, e, s, x = map(int, m.groups()[:4])
assert (e, x) == (9, 1) and r == e + s + x, m.group(0)
assert m.group(5) == "not_html 5, not_regular 1", m.group(5)
EOF

# 2. the same files named one by one: not_html records, never an article
for f in logo.png paper.pdf tool data.json robots.txt; do
    rc=0
    "$GALLEY" -q -f jsonl "$M/$f" >"$T/one" 2>"$T/one.err" || rc=$?
    [ "$rc" -eq 1 ] || fail "$f: exit $rc, expected 1"
    grep -q '"status":"not_html"' "$T/one" || fail "$f: $(head -c 300 "$T/one")"
    grep -q "not_html" "$T/one.err" || fail "$f: nothing on stderr with -q"
    rc=0
    "$GALLEY" -q "$M/$f" >"$T/one" 2>"$T/one.err" || rc=$?
    [ "$rc" -eq 1 ] || fail "$f -f text: exit $rc, expected 1"
    [ ! -s "$T/one" ] || fail "$f -f text printed $(head -c 100 "$T/one")"
    grep -q "not HTML" "$T/one.err" || fail "$f -f text: $(cat "$T/one.err")"
done

# 3. a page with no findable body: the reason on stderr, even with -q; exit 1
printf '<!DOCTYPE html><title>x</title><body><nav><a href=/>Home</a></nav></body>' >"$T/empty.html"
rc=0
"$GALLEY" -q "$T/empty.html" >/dev/null 2>"$T/e.err" || rc=$?
[ "$rc" -eq 1 ] || fail "no body: exit $rc, expected 1"
grep -q "no_content" "$T/e.err" || fail "no body: stderr says $(cat "$T/e.err")"
# ... while a run of two documents completes with 0
rc=0
"$GALLEY" -q "$T/empty.html" "$M/page1" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "two documents, one failed: exit $rc, expected 0"

# 4. an unreadable subdirectory: an error record, not silence. As root, drop
# the capabilities that read through permissions (else skip this part).
chmod 000 "$M/locked"
RUN=""
if [ "$(id -u)" -eq 0 ]; then
    if command -v capsh >/dev/null && capsh --drop=cap_dac_override,cap_dac_read_search -- -c true 2>/dev/null; then
        RUN="capsh --drop=cap_dac_override,cap_dac_read_search --"
    fi
fi
if [ "$(id -u)" -ne 0 ] || [ -n "$RUN" ]; then
    if [ -n "$RUN" ]; then
        $RUN -c "'$GALLEY' -q -f jsonl --max-dir-depth 3 '$M' >'$T/out' 2>'$T/err'" || true
    else
        "$GALLEY" -q -f jsonl --max-dir-depth 3 "$M" >"$T/out" 2>"$T/err" || true
    fi
    python3 - "$T" <<'EOF'
import json, sys
T = sys.argv[1]
recs = {r["source"][len(T) + 8:]: r for r in map(json.loads, open(T + "/out"))}
assert "locked" in recs, sorted(recs)
assert recs["locked"]["status"] == "io" and "Permission denied" in recs["locked"]["error"], recs["locked"]
EOF
else
    echo "inputs: cannot drop read capabilities as root: unreadable directory not tested"
fi
chmod 755 "$M/locked"
echo "inputs: ok"
