#!/bin/sh
# Markdown that renders right: every page of tests/pages through
# `galley -f markdown`, rendered by cmark-gfm, must show the same words in
# the same order as `galley -f text`, and hold no raw HTML
# (tools/md_check.py; tools/md_check.py over /work/shared/datasets gives the
# figures in the README).  argv: build dir, source dir.
build=$1 src=$2
[ -x "$build/galley" ] || { echo "no $build/galley"; exit 77; }
command -v cmark-gfm >/dev/null || { echo "no cmark-gfm (tools/install-deps.sh)"; exit 77; }
exec /usr/bin/python3 "$src/tools/md_check.py" "$build/galley" "pages=$src/tests/pages" \
    --max-show 20 --min-agree 100
