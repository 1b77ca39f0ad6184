#!/bin/sh
# The galley command's contract: exit codes, every format on one page,
# JSON Lines over a directory and stdin, --output-dir, error records.
# argv: build dir, source dir.
build=$1 src=$2
bin=$build/galley
[ -x "$bin" ] || { echo "no $bin"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
page=$src/tests/pages/rich-structure.html
[ -f "$page" ] || { echo "no $page"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, then a command that must succeed
  d=$1; shift
  if ! "$@"; then echo "FAIL: $d"; fail=1; fi
}
rc() { "$@" >/dev/null 2>&1; echo $?; }

# usage errors exit 2
check "no input exits 2" test "$(rc "$bin")" = 2
check "unknown option exits 2" test "$(rc "$bin" --no-such-option "$page")" = 2
check "unknown format exits 2" test "$(rc "$bin" -f docx "$page")" = 2
check "bad number exits 2" test "$(rc "$bin" --timeout-ms ten "$page")" = 2
check "bad mode exits 2" test "$(rc "$bin" --mode fast "$page")" = 2
check "unknown charset exits 2" test "$(rc "$bin" --charset no-such-charset "$page")" = 2
check "bad reference time exits 2" test "$(rc "$bin" --reference-time yesterday "$page")" = 2
check "--page-url with a directory exits 2" test "$(rc "$bin" --page-url https://example.org/ "$src/tests/pages")" = 2
check "unknown --tune name exits 2" test "$(rc "$bin" --tune no_such_row=1 "$page")" = 2
check "bad --tune value exits 2" test "$(rc "$bin" --tune drop_link_list=2 "$page")" = 2
check "--tune without = exits 2" test "$(rc "$bin" --tune drop_link_list "$page")" = 2
check "--tune list names the rows with the override" sh -c "'$bin' --tune climb_mass=1.25 --tune list \
  | grep -q '^climb_mass	float	1.25\$'"
check "--tune list shows the mode's value" sh -c "test \"\$('$bin' --mode precision --tune list \
  | grep '^climb	')\" = 'climb	bool	0'"
check "--help exits 0" test "$(rc "$bin" --help)" = 0
check "--version prints the version" sh -c "'$bin' --version | grep -q '^galley [0-9]'"

# every format renders the page and exits 0
for f in text markdown json jsonl html xml; do
  "$bin" -q -f "$f" "$page" > "$tmp/out.$f"; r=$?
  check "-f $f exits 0 (got $r)" test $r = 0
  check "-f $f writes something" test -s "$tmp/out.$f"
done
check "json output parses" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/out.json"
check "xml output is well-formed" python3 -c "import sys,xml.dom.minidom as m; m.parse(sys.argv[1])" "$tmp/out.xml"
check "html output has the article" grep -q '<article>' "$tmp/out.html"
check "markdown has the title heading" grep -q '^# A field guide to sourdough starters' "$tmp/out.markdown"
check "text is the default for one file" sh -c "'$bin' -q '$page' | cmp -s - '$tmp/out.text'"
cap='A healthy starter doubles within six hours of feeding.'
check "the text leaves figure captions out" sh -c "! grep -qF '$cap' '$tmp/out.text'"
check "--captions puts them in the text" sh -c "'$bin' -q --captions '$page' | grep -qxF '$cap'"
check "--captions: in the JSON text; the figure block has it either way" python3 - "$bin" "$page" "$cap" <<'PY'
import json, subprocess, sys
bin, page, cap = sys.argv[1:]
for opt in ([], ['--captions']):
    rec = json.loads(subprocess.run([bin, '-q', '-f', 'json', *opt, page], capture_output=True).stdout)
    figs = [b for b in rec['blocks'] if b['type'] == 'figure']
    assert figs and figs[0].get('caption') == cap, figs
    assert (cap in rec['text']) == bool(opt), (opt, rec['text'][:200])
PY
check "options are accepted" sh -c "'$bin' -q --mode precision --comments --no-images --no-links --no-tables \
  --no-metadata --timeout-ms 5000 --max-bytes 1000000 --max-depth 100 --max-nodes 100000 --max-attrs 50 \
  --reference-time 2030-01-01T00:00:00Z --charset utf-8 --page-url https://example.org/a/ '$page' >/dev/null"

# JSON Lines over a directory: one valid record per page, in order
"$bin" -q "$src/tests/pages" > "$tmp/dir.jsonl"; r=$?
check "directory run exits 0" test $r = 0
n=$(ls "$src"/tests/pages/*.html | wc -l)
check "one record per page ($n)" test "$(wc -l < "$tmp/dir.jsonl")" = "$n"
check "records are valid JSON with every key" python3 - "$tmp/dir.jsonl" <<'PY'
import json, sys
keys = ["source", "url", "status", "error", "title", "authors", "published", "modified", "site_name",
        "description", "language", "image", "categories", "tags", "page_type", "confidence",
        "text", "blocks", "sources", "encoding", "comments"]
srcs = []
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    missing = [k for k in keys if k not in d]
    if missing: sys.exit(f"missing {missing}")
    srcs.append(d["source"])
if srcs != sorted(srcs): sys.exit("records out of input order")
PY

# stdin
check "stdin gives the same text" sh -c "'$bin' -q - < '$page' | cmp -s - '$tmp/out.text'"

# --page-url resolves relative images
"$bin" -q -f markdown --page-url https://example.org/bread/guide.html "$page" > "$tmp/abs.md"
check "--page-url makes image URLs absolute" grep -q 'https://example.org/img/starter-jar.jpg' "$tmp/abs.md"

# output dir: one file per document
mkdir "$tmp/outdir"
"$bin" -q -f markdown -o "$tmp/outdir" "$src/tests/pages" >/dev/null
check "--output-dir writes one file per page" test "$(ls "$tmp/outdir" | wc -l)" = "$n"

# a missing input is an error record, not a crash
"$bin" -q -f jsonl "$tmp/does-not-exist.html" "$page" > "$tmp/err.jsonl" 2>/dev/null; r=$?
check "missing input: run still completes (exit 0 or 3, got $r)" test $r = 0 -o $r = 3
check "missing input: error record then the page" python3 - "$tmp/err.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(recs) == 2, recs
assert recs[0]["status"] != "ok" and recs[0]["error"], recs[0]
assert recs[0]["authors"] == [] and recs[0]["blocks"] == [] and recs[0]["title"] is None
assert recs[1]["status"] == "ok"
PY

[ $fail = 0 ] && echo "cli.sh: all checks pass"
exit $fail
