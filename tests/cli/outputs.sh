#!/bin/sh
# Outputs users can feed on (issue 14): -f json of several documents is one
# JSON array; text/markdown of several documents are separated by
# "==> SOURCE <==" lines; --comments shows in the text format; --front-matter
# is a YAML header with quoted values; -f csv is RFC 4180 with one header
# row per run; hostname and license fields.  argv: build dir, source dir.
build=$1 src=$2
bin=$build/galley
[ -x "$bin" ] || { echo "no $bin"; exit 77; }
py=/usr/bin/python3
[ -x $py ] || { echo "no $py"; exit 77; }
pages=$src/tests/pages
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { d=$1; shift; if ! "$@"; then echo "FAIL: $d"; fail=1; fi; }

# an invented page with a licence, a tricky title and a comment thread
cat > "$tmp/lic.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Yes: "the #1 pier" - Harbour Notes</title>
<link rel="canonical" href="https://News.Example.com:8443/a/./b/../pier.html">
</head><body><article><h1>Yes: "the #1 pier"</h1>
<p>The harbour board met on Tuesday evening to settle the future of the old pier, which has
stood on the east shore since the town was founded and now needs careful repair.</p>
<p>Engineers told the board that the pilings could last another decade with new braces,
and the fishing club offered volunteers to repaint the rails before the summer.</p>
</article>
<footer><a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">Some rights reserved</a></footer>
</body></html>
HTML
cat > "$tmp/ld.html" <<'HTML'
<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Tide tables",
"license":"https://example.org/terms/reuse"}</script></head><body><article>
<p>The tide tables for the coming month were published by the harbour office on Monday, with
the highest tides expected in the second week and a warning for the low quay.</p>
<p>Boat owners are asked to check their moorings before the spring tides arrive and to report
loose rings to the harbour master's office on the quay.</p></article></body></html>
HTML

# -f json: one object for one input, one array for several, [] for none
"$bin" -q -f json "$tmp/lic.html" > "$tmp/one.json"
check "one input: one JSON object" $py -c "
import json,sys; d=json.load(open('$tmp/one.json')); assert isinstance(d, dict), d"
"$bin" -q -f json "$tmp/lic.html" "$tmp/ld.html" "$tmp/missing.html" > "$tmp/many.json"
check "several inputs: one JSON array, error record included" $py -c "
import json; d=json.load(open('$tmp/many.json'))
assert isinstance(d, list) and len(d) == 3, d
assert [r['status'] for r in d] == ['ok', 'ok', 'io'], [r['status'] for r in d]"
mkdir "$tmp/empty"
"$bin" -q -f json "$tmp/empty" > "$tmp/none.json"
check "no documents: []" $py -c "
import json; assert json.load(open('$tmp/none.json')) == []"
"$bin" -q -f jsonl "$tmp/lic.html" "$tmp/ld.html" > "$tmp/many.jsonl"
check "jsonl stays one object a line" test "$(wc -l < "$tmp/many.jsonl")" = 2

# hostname and license
check "hostname and CC licence" $py -c "
import json; d=json.load(open('$tmp/many.json'))
assert d[0]['hostname'] == 'news.example.com', d[0]['hostname']
assert d[0]['url'] == 'https://News.Example.com:8443/a/pier.html', d[0]['url']
assert d[0]['license'] == 'CC BY-SA 4.0', d[0]['license']
assert d[0]['sources']['license'] == 'link', d[0]['sources']
assert d[1]['license'] == 'https://example.org/terms/reuse', d[1]['license']
assert d[1]['hostname'] is None"

# text and markdown: documents separated visibly
for f in text markdown; do
  "$bin" -q -f $f "$tmp/lic.html" "$tmp/ld.html" > "$tmp/many.$f"
  check "$f: a header line per document" $py -c "
lines = open('$tmp/many.$f', encoding='utf-8').read().split('\n')
heads = [i for i, l in enumerate(lines) if l.startswith('==> ') and l.endswith(' <==')]
assert [lines[i] for i in heads] == ['==> $tmp/lic.html <==', '==> $tmp/ld.html <=='], heads
assert heads[0] == 0 and lines[heads[1] - 1] == '', lines[heads[1] - 1]"
done
"$bin" -q -f text "$tmp/lic.html" > "$tmp/one.txt"
check "one document: no header line" sh -c "! grep -q '^==> ' '$tmp/one.txt'"

# --comments in every format
for f in text markdown html xml json; do
  "$bin" -q -f $f --comments "$pages/blog-comments.html" > "$tmp/c.$f"
  check "--comments in $f" grep -q "Terracotta dries out faster too" "$tmp/c.$f"
done
check "text: comments after a marked line" grep -q "^--- Comments ---$" "$tmp/c.text"

# --front-matter: YAML, quoted, the metadata
for f in text markdown; do
  "$bin" -q -f $f --front-matter "$tmp/lic.html" > "$tmp/fm.$f"
  check "$f --front-matter is YAML with the metadata" $py - "$tmp/fm.$f" <<'PY'
import json, sys
s = open(sys.argv[1], encoding='utf-8').read()
assert s.startswith('---\n'), s[:40]
head, body = s[4:].split('\n---\n', 1)
try:
    import yaml
    meta = yaml.safe_load(head)
except ImportError:  # each value is a JSON string, a valid YAML scalar
    meta = {k: json.loads(v) for k, v in (l.split(': ', 1) for l in head.split('\n'))}
assert meta['title'] == 'Yes: "the #1 pier"', meta
assert meta['hostname'] == 'news.example.com' and meta['license'] == 'CC BY-SA 4.0', meta
assert meta['language'] == 'en' and meta['url'].startswith('https://'), meta
assert 'harbour board' in body
PY
done
"$bin" -q -f json --front-matter "$tmp/lic.html" > "$tmp/fm.json"
check "--front-matter leaves JSON alone" $py -c "import json; json.load(open('$tmp/fm.json'))"

# -f csv: RFC 4180, one header row per run, a row per document
"$bin" -q -f csv "$tmp/lic.html" "$tmp/ld.html" "$tmp/missing.html" > "$tmp/out.csv"
check "csv: header once, a row per document, CRLF" $py - "$tmp/out.csv" <<'PY'
import csv, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.endswith(b'\r\n') and raw.count(b'\r\nsource,') == 0, raw[:80]
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert rows[0][:4] == ['source', 'url', 'hostname', 'status'] and rows[0][-1] == 'text', rows[0]
assert len(rows) == 4, len(rows)
h = rows[0]
r = dict(zip(h, rows[1]))
assert r['title'] == 'Yes: "the #1 pier"' and r['license'] == 'CC BY-SA 4.0', r
assert 'harbour board' in r['text'] and '\n\n' in r['text'], r['text'][:80]
assert dict(zip(h, rows[3]))['status'] == 'io'
PY

[ $fail = 0 ] && echo "outputs: ok"
exit $fail
