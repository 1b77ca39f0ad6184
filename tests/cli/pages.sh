#!/bin/sh
# The declarative page tests (tests/pages) through the CLI: `galley -f json`
# must satisfy NAME.expected.json, and `galley -f text` / `-f markdown` must
# print NAME.expected.txt / NAME.expected.md exactly (trailing white space
# aside). Same rules as
# tests/unit/test_pages.c.  argv: build dir, source dir.
build=$1 src=$2
bin=$build/galley
[ -x "$bin" ] || { echo "no $bin"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
pages=$src/tests/pages
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for html in "$pages"/*.html; do
  [ -e "$html" ] || continue
  name=$(basename "$html" .html)
  n=$((n + 1))
  if [ -f "$pages/$name.expected.txt" ]; then
    "$bin" -q -f text "$html" > "$tmp/out.txt" || { echo "$name: galley exited $?"; fail=1; continue; }
    if ! python3 - "$tmp/out.txt" "$pages/$name.expected.txt" <<'PY'
import sys
got = open(sys.argv[1], encoding='utf-8').read().rstrip()
want = open(sys.argv[2], encoding='utf-8').read().rstrip()
sys.exit(0 if got == want else 1)
PY
    then
      echo "$name: text differs"; diff "$pages/$name.expected.txt" "$tmp/out.txt" | head -20; fail=1
    fi
  fi
  if [ -f "$pages/$name.expected.md" ]; then
    "$bin" -q -f markdown "$html" > "$tmp/out.md" || { echo "$name: galley exited $?"; fail=1; continue; }
    if ! python3 - "$tmp/out.md" "$pages/$name.expected.md" <<'PY'
import sys
got = open(sys.argv[1], encoding='utf-8').read().rstrip()
want = open(sys.argv[2], encoding='utf-8').read().rstrip()
sys.exit(0 if got == want else 1)
PY
    then
      echo "$name: Markdown differs"; diff "$pages/$name.expected.md" "$tmp/out.md" | head -20; fail=1
    fi
  fi
  if [ -f "$pages/$name.expected.json" ]; then
    copt=
    grep -q '"comments_must_contain"' "$pages/$name.expected.json" && copt=--comments
    grep -q '"captions": true' "$pages/$name.expected.json" && copt="$copt --captions"
    grep -qE '"(dropped_by|from_rule)"' "$pages/$name.expected.json" && copt="$copt --explain"
    # "modes": the same checks again in each mode named
    modes=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1])).get("modes", [])))' \
            "$pages/$name.expected.json")
    for mode in default $modes; do
    mopt= label=$name
    [ "$mode" = default ] || { mopt="--mode $mode"; label="$name (--mode $mode)"; }
    "$bin" -q -f json $copt $mopt "$html" > "$tmp/out.json" || { echo "$label: galley exited $?"; fail=1; continue; }
    python3 - "$tmp/out.json" "$pages/$name.expected.json" "$label" <<'PY' || fail=1
import json, re, sys
rec = json.loads(open(sys.argv[1], encoding='utf-8').read())
exp = json.load(open(sys.argv[2], encoding='utf-8'))
name = sys.argv[3]
bad = []
def fold(s): return re.sub(r'[ \t\r\n]+', ' ', s or '').strip()
for k in ('title', 'site_name', 'page_type'):
    if k in exp and rec.get(k) != exp[k]:
        bad.append(f'{k} is {rec.get(k)!r}, expected {exp[k]!r}')
for k in ('published', 'modified'):
    if k in exp and not (rec.get(k) or '').startswith(exp[k] or '\0'):
        bad.append(f'{k} is {rec.get(k)!r}, expected {exp[k]!r}...')
if 'language' in exp:
    got, want = rec.get('language') or '', exp['language']
    if not (got == want or ('-' not in want and got.startswith(want + '-'))):
        bad.append(f'language is {got!r}, expected {want!r}')
if 'authors' in exp and rec.get('authors') != exp['authors']:
    bad.append(f"authors are {rec.get('authors')!r}, expected {exp['authors']!r}")
text = fold(rec.get('text'))
for s in exp.get('must_contain', []):
    if fold(s) not in text: bad.append(f'text lacks {s!r}')
for s in exp.get('must_not_contain', []):
    if fold(s) in text: bad.append(f'text has {s!r}')
for s in exp.get('once', []):
    c = text.count(fold(s))
    if c != 1: bad.append(f'{s!r} found {c} times, expected once')
pos = 0
for s in exp.get('in_order', []):
    i = text.find(fold(s), pos)
    if i < 0:
        bad.append(f'{s!r} missing or out of order'); break
    pos = i + len(fold(s))
def block_text(blocks):
    out, stack = [], list(reversed(blocks))
    while stack:
        b = stack.pop()
        out.append(b.get('text') or '')
        stack.extend(reversed(b.get('children') or []))
    return fold(' '.join(out))
ctext = block_text(rec.get('comments') or [])
for s in exp.get('comments_must_contain', []):
    if fold(s) not in ctext: bad.append(f'comments lack {s!r}')
def rule_is(got, want):
    return got is not None and (got.startswith(want) if want.endswith('.') else got == want)
tr = rec.get('trace') or {}
for s, want in exp.get('dropped_by', {}).items():
    hits = [b for b in tr.get('blocks', []) if fold(s) in fold(b.get('text'))]
    if not any(not b['kept'] and rule_is(b['rule'], want) for b in hits):
        bad.append(f"{s!r} not dropped by {want} (rules seen: {[b['rule'] for b in hits]})")
for f, want in exp.get('from_rule', {}).items():
    got = (tr.get('fields', {}).get(f) or {}).get('rule')
    if not rule_is(got, want): bad.append(f'{f} comes from rule {got}, expected {want}')
for b in bad: print(f'{name}: {b}')
sys.exit(1 if bad else 0)
PY
    done
  fi
done
[ $n -gt 0 ] || { echo "no pages"; exit 77; }
[ $fail = 0 ] && echo "pages.sh: $n pages pass"
exit $fail
