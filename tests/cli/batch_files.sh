#!/bin/sh
# Files, directories and stdin through the CLI: sorted recursive walk, one
# JSON Lines record per document (errors included), -o DIR file names,
# stdin, --page-url, -q, and the exit status for a missing input.
# argv: build dir, source dir. Exit 77 skips.
set -eu
BUILD=$1
GALLEY=$BUILD/galley
[ -x "$GALLEY" ] || { echo "no $GALLEY"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fail() { echo "batch_files: $*"; exit 1; }

PAGE='<!DOCTYPE html><html><head><title>A page</title></head><body><article><h1>Heading</h1><p>A first paragraph with enough plain words in it to count as the body of an article.</p><p>A second paragraph, just as plain, that carries the story to its end.</p></article></body></html>'
mkdir -p "$T/in/sub/deeper" "$T/in/.hidden"
printf '%s' "$PAGE" >"$T/in/b.html"
printf '%s' "$PAGE" | gzip -c >"$T/in/a.html.gz"
printf '%s' "$PAGE" | gzip -c | head -c 40 >"$T/in/c.html.gz"   # truncated gzip
: >"$T/in/d.htm"                                                 # empty page
printf '%s' "$PAGE" >"$T/in/sub/deeper/e.html"
printf '%s' "$PAGE" >"$T/in/sub/f.HTML"
printf '%s' "$PAGE" >"$T/in/.hidden/g.html"                      # skipped: hidden
printf 'not a page' >"$T/in/notes.txt"                           # skipped: not HTML

"$GALLEY" -f jsonl -j 2 "$T/in" >"$T/out" 2>"$T/err" || fail "exit $?"
python3 - "$T" <<'EOF'
import json, re, sys
T = sys.argv[1]
recs = [json.loads(l) for l in open(T + "/out")]
names = [r["source"][len(T) + 4:] for r in recs]
want = ["a.html.gz", "b.html", "c.html.gz", "d.htm", "sub/deeper/e.html", "sub/f.HTML"]
assert names == want, names
st = [r["status"] for r in recs]
assert st[0] == st[1] == st[4] == st[5] == "ok", st
assert st[2] == "corrupt" and recs[2]["error"], recs[2]
m = re.search(r"read (\d+), extracted (\d+), skipped (\d+), errors (\d+)", open(T + "/err").read())
r, e, s, x = map(int, m.groups())
# notes.txt (no markup) and .hidden are counted skips: read = extracted + skipped + errors
assert r == 8 and s == 2 and e + x == 6 and e == st.count("ok"), m.group(0)
EOF

# one file per document, named in input order
"$GALLEY" -q -f markdown -o "$T/md" "$T/in" 2>"$T/err" || fail "-o exit $?"
[ -s "$T/md/00000000-a.md" ] || fail "no 00000000-a.md: $(ls "$T/md")"
[ -s "$T/md/00000004-e.md" ] || fail "no 00000004-e.md: $(ls "$T/md")"
[ ! -e "$T/md/00000002-c.md" ] || fail "a failed document got a file"
grep -q corrupt "$T/err" || fail "the failed document was not reported on stderr"
grep -q "^galley: read" "$T/err" && fail "-q printed a summary"

# stdin, with the page URL given
printf '%s' "$PAGE" | "$GALLEY" -q -f jsonl --page-url http://example.test/p - >"$T/out" ||
    fail "stdin exit $?"
python3 -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
assert len(r) == 1 and r[0]["source"] == "-" and r[0]["status"] == "ok", r
assert r[0]["url"] == "http://example.test/p", r[0]["url"]
' "$T/out"

# a missing input: exit 3, and still one (error) record
set +e
"$GALLEY" -q -f jsonl "$T/in/b.html" "$T/missing.html" >"$T/out" 2>/dev/null
rc=$?
set -e
[ "$rc" -eq 3 ] || fail "missing input: exit $rc, expected 3"
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "missing input: $(wc -l <"$T/out") records, expected 2"
grep -q '"status":"io"' "$T/out" || fail "missing input: no io error record"
echo "batch_files: ok"
