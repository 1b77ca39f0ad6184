#!/bin/sh
# tools/fit-tune.py end to end on invented sets: five tiny "datasets" whose
# gold keeps a list of links inside the story, which post.link_list drops by
# default. The sweep must see switching drop_link_list off gain, the fit
# must keep that change, the header it writes and the wrapper it makes must
# carry it, and cv must run over folds by site.  argv: build dir, source dir.
build=$1 src=$2
bin=$build/galley
[ -x "$bin" ] || { echo "no $bin"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "no /usr/bin/python3"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

/usr/bin/python3 - "$tmp/data" <<'PY' || exit 1
import json, os, sys
root = sys.argv[1]
story = ("The harbour board met on Tuesday evening to decide the future of the old ferry "
         "pier, which has stood unused since the storm of last winter damaged its pilings.")
after = ("Engineers told the board that repairs would cost less than a new pier, but warned "
         "that the work could not begin before the spring tides, when the water is calmest.")
items = ["Ferry timetables for the coming summer", "Harbour board minutes of every meeting",
         "Tide tables for the harbour mouth"]
for s in ["scrapinghub-aeb", "wcxb-dev", "trafilatura-eval", "wceb-cetd",
          "wceb-cleanportaleval"]:
    os.makedirs(os.path.join(root, s, "html"))
    gt = {}
    for i, host in enumerate(["a.example", "b.example", "c.example", "d.example"]):
        pid = "p%d" % i
        lis = "".join("<li><a href='/%d'>%s, part %d</a></li>" % (k, t, i)
                      for k, t in enumerate(items))
        html = ("<!DOCTYPE html><html><head><title>Pier %d</title></head><body>"
                "<nav><a href='/'>Home</a></nav><main><article><h1>Pier %d</h1>"
                "<p>%s</p><ul>%s</ul><p>%s</p></article></main></body></html>"
                % (i, i, story, lis, after))
        with open(os.path.join(root, s, "html", pid + ".html"), "w") as f:
            f.write(html)
        body = "\n".join([story] + ["%s, part %d" % (t, i) for t in items] + [after])
        g = {"url": "https://%s/news/pier-%d" % (host, i), "articleBody": body,
             "page_type": "article"}
        if s == "trafilatura-eval":
            g = {"url": g["url"], "with": ["%s, part %d" % (items[2], i), story[:60]],
                 "without": ["Home"]}
        gt[pid] = g
    with open(os.path.join(root, s, "ground-truth.json"), "w") as f:
        json.dump(gt, f)
PY

ft() { GALLEY_DATASETS="$tmp/data" /usr/bin/python3 "$src/tools/fit-tune.py" "$@" --galley "$bin" --cache "$tmp/cache"; }
out=$(ft sweep --only drop_link_list 2>&1) || { echo "sweep failed: $out"; exit 1; }
printf '%s\n' "$out" | grep -qE 'drop_link_list=0 +\+0\.[0-9]*[1-9]' ||
  { echo "the sweep should see drop_link_list=0 gain:"; printf '%s\n' "$out"; fail=1; }
out=$(ft fit --write "$tmp/fitted.h" --wrapper "$tmp/w" 2>&1) || { echo "fit failed: $out"; exit 1; }
printf '%s\n' "$out" | grep -q -- '--tune drop_link_list=0' ||
  { echo "the fit should keep drop_link_list=0:"; printf '%s\n' "$out"; fail=1; }
grep -q 'X(drop_link_list, 0) /\* table: 1 \*/' "$tmp/fitted.h" ||
  { echo "the header should carry the fitted row:"; cat "$tmp/fitted.h"; fail=1; }
"$tmp/w/galley" -q -f text "$tmp/data/wcxb-dev/html/p0.html" | grep -q 'Tide tables for the harbour mouth' ||
  { echo "the wrapper should extract with the fit"; fail=1; }
"$bin" -q -f text "$tmp/data/wcxb-dev/html/p0.html" | grep -q 'Tide tables for the harbour mouth' &&
  { echo "without the fit the list should go (the test would prove nothing)"; fail=1; }
out=$(ft cv -k 2 2>&1) || { echo "cv failed: $out"; exit 1; }
printf '%s\n' "$out" | grep -qE '^objective +weighted +[0-9.]+ +[0-9.]+ +[0-9.]+$' ||
  { echo "cv should print the objective row:"; printf '%s\n' "$out"; fail=1; }
out=$(GALLEY_DATASETS="$tmp/data" /usr/bin/python3 "$src/tools/fit-tune.py" fit --galley "$bin" \
      --cache "$tmp/none" 2>&1) && { echo "fit without a sweep should fail"; fail=1; }
printf '%s\n' "$out" | grep -q 'no sweep in' || { echo "no clear error without a sweep: $out"; fail=1; }
[ $fail = 0 ] && echo "fit_tune.sh: ok"
exit $fail
