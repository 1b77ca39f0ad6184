#!/bin/sh
# Hostile pages through the CLI: a directory of pathological documents (deep
# nesting, formatting soup, untagged megabytes, NULs, broken UTF-8, BOM-less
# UTF-16, deep JSON-LD, attribute floods, unterminated constructs, a zero-byte
# file, a truncated .html.gz) gives exactly one JSON line per input, in input
# order, with the right status, and exit 0; --timeout-ms 5 on a big page
# gives status "timeout"; caps given on the command line come back as
# statuses. argv: build dir, source dir. Exit 77 skips.
set -eu
BUILD=$1
GALLEY=$BUILD/galley
[ -x "$GALLEY" ] || { echo "no $GALLEY"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fail() { echo "hostile: $*"; exit 1; }

mkdir -p "$T/in"
python3 - "$T/in" <<'EOF'
import gzip, os, sys
d = sys.argv[1]
head = b"<!DOCTYPE html><html><head><title>Hostile</title></head><body>"
prose = (b"<p>The committee met on a grey morning to weigh the plan for the river "
         b"crossing, and agreed that the old bridge should be kept for walkers.</p>")
page = head + b"<article>" + prose + prose.replace(b"committee", b"council") + b"</article></body></html>"
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
w("a01-nested-div.html", head + prose + b"<div>" * 100000 + prose + b"</div>" * 100000)
w("a02-unclosed-b.html", head + prose + b"<b>" * 300000 + b"x")
w("a03-soup.html", head + b"<b>1<i>2<a href=#>3<p>4</b>5</i>6</a>7</p>" * 20000)
w("a04-text.html", b"plain words without markup " * 200000)
w("a05-nul.html", b"\0".join(bytes([c]) for c in page) * 20)
w("a06-bad-utf8.html", b"<meta charset=utf-8>" + page.replace(b"grey", b"\xc0\x80\xed\xa0\x80\xf8\x88\x80\x80\x80\xff") * 50)
w("a07-utf16-nobom.html", page.decode().encode("utf-16-le"))
w("a08-jsonld-deep.html", b"<script type=application/ld+json>" + b"[" * 100000 + b"]" * 100000 + b"</script>" + page)
w("a09-attrs.html", head + b"<div" + b"".join(b" a%d=1" % i for i in range(100000)) + b">" + prose)
w("a10-comment.html", head + prose + b"<!--" + prose * 5000)
w("a11-script.html", head + prose + b"<script><!--<script>" + prose * 5000)
w("a12-empty.html", b"")
w("a13-lt.html", b"<")
w("a14-bom.html", b"\xef\xbb\xbf")
w("a15-truncated.html.gz", gzip.compress(page * 100)[:200])
w("a16-good.html.gz", gzip.compress(page))
w("a17-table.html", head + b"<table>" + b"<tr><td>cell<td>cell</tr>" * 50000 + b"</table>")
w("a18-page.html", page)
EOF

# 1. no time limit: every status is decided by the page, not the clock
"$GALLEY" -f jsonl -j 2 --timeout-ms 0 "$T/in" >"$T/out" 2>"$T/err" || fail "exit $?: $(tail -3 "$T/err")"
python3 - "$T" <<'EOF'
import json, os, sys
T = sys.argv[1]
lines = open(T + "/out", "rb").read().split(b"\n")
assert lines[-1] == b"", "output does not end with a newline"
recs = [json.loads(l) for l in lines[:-1]]
# a04-text.html has no markup: in a directory walk it is a counted skip
files = sorted(f for f in os.listdir(T + "/in") if f != "a04-text.html")
names = [os.path.basename(r["source"]) for r in recs]
assert names == files, ("records not one per input, in order", names, files)
st = {n: r["status"] for n, r in zip(names, recs)}
want = {
    "a01-nested-div.html": "limit_depth",
    "a02-unclosed-b.html": "limit_depth",
    "a03-soup.html": "ok",
    "a05-nul.html": "ok",
    "a06-bad-utf8.html": "ok",
    "a07-utf16-nobom.html": "ok",
    "a08-jsonld-deep.html": "ok",
    "a09-attrs.html": "limit_attrs",
    "a10-comment.html": "ok",
    "a11-script.html": "ok",
    "a12-empty.html": "no_content",
    "a13-lt.html": "ok",
    "a14-bom.html": "no_content",
    "a15-truncated.html.gz": "corrupt",
    "a16-good.html.gz": "ok",
    "a17-table.html": "ok",
    "a18-page.html": "ok",
}
bad = {n: (st[n], w) for n, w in want.items() if st[n] != w}
assert not bad, bad
for n, r in zip(names, recs):
    if r["status"] in ("ok", "limit_depth", "limit_attrs"):
        assert r.get("text"), (n, "no text")
    if r["status"] not in ("ok",):
        assert r.get("error"), (n, "an error status without a message")
EOF
grep -q "read 18, extracted 11, skipped 1, errors 6 .*; skipped: not_html 1;" "$T/err" ||
    fail "summary: $(tail -1 "$T/err")"

# 2. the default 1 s budget: statuses may become timeouts, never anything else
"$GALLEY" -q -f jsonl -j 2 "$T/in" >"$T/out" 2>"$T/err" || fail "default timeout: exit $?"
python3 - "$T" <<'EOF'
import json, os, sys
T = sys.argv[1]
recs = [json.loads(l) for l in open(T + "/out")]
assert [os.path.basename(r["source"]) for r in recs] == sorted(
    f for f in os.listdir(T + "/in") if f != "a04-text.html")
ok = {"ok", "no_content", "limit_depth", "limit_attrs", "timeout", "corrupt"}
assert all(r["status"] in ok for r in recs), [r["status"] for r in recs]
EOF

# 3. --timeout-ms 5 on a big page
python3 -c '
import sys
p = b"<p>" + b"words in a long paragraph, " * 40 + b"</p>"
sys.stdout.buffer.write(b"<!DOCTYPE html><title>Big</title><article>" + p * 40000 + b"<b>" * 200000)
' >"$T/big.html"
# (one document that fails: exit 1)
rc=0; "$GALLEY" -q -f jsonl --timeout-ms 5 "$T/big.html" >"$T/out" || rc=$?
[ "$rc" -eq 1 ] || fail "--timeout-ms 5: exit $rc, expected 1"
python3 -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert len(r) == 1 and r[0]["status"] == "timeout", [x["status"] for x in r]
' "$T/out"

# 4. caps from the command line (no time limit: sanitizer builds are slow),
# one page through stdin and one file
rc=0; "$GALLEY" -q -f jsonl --timeout-ms 0 --max-depth 8 - <"$T/in/a01-nested-div.html" >"$T/out" || rc=$?
[ "$rc" -eq 1 ] || fail "--max-depth: exit $rc, expected 1"
grep -q '"status":"limit_depth"' "$T/out" || fail "--max-depth 8: $(head -c 300 "$T/out")"
rc=0; "$GALLEY" -q -f jsonl --timeout-ms 0 --max-nodes 50 "$T/in/a17-table.html" >"$T/out" || rc=$?
[ "$rc" -eq 1 ] || fail "--max-nodes: exit $rc, expected 1"
grep -q '"status":"limit_nodes"' "$T/out" || fail "--max-nodes 50: $(head -c 300 "$T/out")"
"$GALLEY" -q -f jsonl --timeout-ms 0 --max-bytes 1000 "$T/in/a04-text.html" "$T/in/a18-page.html" >"$T/out" ||
    fail "--max-bytes: exit $?"
python3 -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert [x["status"] for x in r] == ["too_large", "ok"], [x["status"] for x in r]
' "$T/out"

# 5. every format over the whole directory into files: one file per good page
for f in text markdown json html xml; do
    "$GALLEY" -q -f $f -o "$T/o-$f" --timeout-ms 0 "$T/in" 2>/dev/null || fail "-f $f: exit $?"
done
echo "hostile: 1 passed, 0 failed"
