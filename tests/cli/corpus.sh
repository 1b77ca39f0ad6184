#!/bin/sh
# Corpus filters and duplicate removal (issue 14, Deliver 3 and 4):
# --language, --page-type, --min-confidence, --require, --min-words,
# --dedup exact|near. Filtered documents are not written, are counted by
# reason, read = extracted + filtered + skipped + errors, and the output
# does not depend on -j (the first of a duplicate group is kept).
# argv: build dir, source dir. Exit 77 skips.
set -eu
BUILD=$1
GALLEY=$BUILD/galley
[ -x "$GALLEY" ] || { echo "no $GALLEY"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fail() { echo "corpus: $*"; exit 1; }

python3 - "$T/in" <<'EOF'
import os, sys
d = sys.argv[1]
os.makedirs(d)
import random
rng = random.Random(7)
WORDS = ("river council bridge mill walker cyclist plan member crossing harbour bakery rye "
         "loaf starter jar founder granddaughter stone road morning evening market square "
         "garden lantern meadow orchard pebble copper willow thistle granite ember").split()
def prose(n):  # n invented sentences, each its own
    return [" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(n)]
def paras(k):
    return [" ".join(prose(5)) for _ in range(k)]
DE = ("Der Gemeinderat hat am Dienstag über den Plan für eine neue Brücke beraten, und die "
      "meisten Mitglieder waren sich einig, dass Fußgänger und Radfahrer sie teilen sollen. "
      "Die alte Mühle am Fluss soll erhalten bleiben und ein kleines Museum werden. "
      "Im Frühjahr beginnen die Arbeiten am Ufer, wenn das Wasser wieder niedriger steht. ")
def page(name, lang, title, body, byline=True, nav=""):
    t = "<title>%s</title>" % title if title else ""
    by = '<p class="byline">By <a rel="author" href="/a/jo">Jo Example</a></p>' if byline else ""
    html = ('<!DOCTYPE html><html lang="%s"><head>%s<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
            '<body>%s<article><h1>%s</h1>%s%s</article></body></html>') % (
        lang, t, nav, title or "", by, "".join("<p>%s</p>" % p for p in body))
    open(os.path.join(d, name), "w", encoding="utf-8").write(html)
A = paras(4)
page("a-en.html", "en", "Footbridge plan", A)
page("b-de.html", "de", "Brückenplan", [DE, DE.replace("Dienstag", "Montag"), DE.replace("alte", "neue")])
page("c-notitle.html", "en", None, paras(4))
page("d-short.html", "en", "Short note", [" ".join(prose(3))])
# e: a's body under other boilerplate (exact and near duplicate of a)
page("e-dup.html", "en", "Footbridge plan", A,
     nav="<nav><ul><li><a href=/x>Home</a></li><li><a href=/y>World</a></li></ul></nav>")
# f: a with one sentence added (a near duplicate, not an exact one)
page("f-near.html", "en", "Footbridge plan", A[:3] + [A[3] + " One more line was added here."])
EOF
printf '\x89PNG\r\n\x1a\n0000IHDR' >"$T/in/logo.png"   # a counted skip

counts() { # stderr file -> "read extracted filtered skipped errors reasons"
python3 - "$1" <<'EOF'
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r"read (\d+), extracted (\d+), skipped (\d+), errors (\d+)", s)
f = re.search(r"filtered (\d+) \(([^)]*)\)", s)
r, e, sk, x = map(int, m.groups())
fl = int(f.group(1)) if f else 0
assert r == e + fl + sk + x, "read %d != %d + %d + %d + %d" % (r, e, fl, sk, x)
print(e, fl, f.group(2) if f else "-")
EOF
}
run() { # expected "extracted filtered reasons", then options
    want=$1; shift
    "$GALLEY" -f jsonl -j 2 "$@" "$T/in" >"$T/out" 2>"$T/err" || fail "$*: exit $?"
    got=$(counts "$T/err") || fail "$*: $(cat "$T/err")"
    [ "$got" = "$want" ] || fail "$*: got '$got', expected '$want': $(tail -1 "$T/err")"
    n=$(wc -l <"$T/out")
    [ "$n" -eq "${want%% *}" ] || fail "$*: $n records written, expected ${want%% *}"
}
run "6 0 -"
run "5 1 language 1" --language en
run "1 5 language 5" --language de,fr
run "6 0 -" --language EN,de --min-language-confidence 0.4
run "5 1 require 1" --require title,published
run "5 1 min_words 1" --min-words 100
run "0 6 page_type 6" --page-type forum
run "6 0 -" --page-type article,forum,listing,product,other,homepage,collection
run "4 2 duplicate 2" --dedup near
run "5 1 duplicate 1" --dedup exact
run "3 3 language 1, duplicate 2" --dedup near --language en
grep -q '"source":"[^"]*a-en.html"' "$T/out" || fail "--dedup near did not keep the first of the group"

# the same output whatever -j is
"$GALLEY" -q -f jsonl -j 1 --dedup near "$T/in" >"$T/j1"
"$GALLEY" -q -f jsonl -j 4 --dedup near "$T/in" >"$T/j4"
cmp -s "$T/j1" "$T/j4" || fail "--dedup near: -j 1 and -j 4 differ"

# bad values are usage errors
for bad in "--require nosuchfield" "--min-confidence 2" "--dedup fuzzy" "--dedup-distance 9"; do
    rc=0; "$GALLEY" -q $bad "$T/in" >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 2 ] || fail "$bad: exit $rc, expected 2"
done
echo "corpus: ok"
