#!/bin/sh
# tools/rule-diff: the same build twice changes no page; balanced against
# recall mode over the invented pages of tests/pages names changed pages
# and the rules behind them.  argv: build dir, source dir.
build=$1 src=$2
bin=$build/galley
[ -x "$bin" ] || { echo "no $bin"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "no /usr/bin/python3"; exit 77; }
tool=$src/tools/rule-diff
fail=0
out=$("$tool" "$bin" "$bin" "$src/tests/pages") || { echo "rule-diff failed"; exit 1; }
printf '%s\n' "$out" | grep -qE '^pages: [1-9][0-9]*, changed: 0$' ||
  { echo "same build twice should change nothing:"; printf '%s\n' "$out"; fail=1; }
out=$("$tool" "$bin" "$bin --mode recall" "$src/tests/pages") || { echo "rule-diff failed"; exit 1; }
printf '%s\n' "$out" | grep -qE '^pages: [1-9][0-9]*, changed: [1-9]' ||
  { echo "recall mode should change some page:"; printf '%s\n' "$out"; fail=1; }
# every changed page names a rule id of the trace (family.rule)
printf '%s\n' "$out" | grep -qE '^  (dropped|kept) by [a-z]+\.[a-z_]+' ||
  { echo "no block change names its rule:"; printf '%s\n' "$out"; fail=1; }
printf '%s\n' "$out" | grep -qE '^  [a-z]+\.[a-z_.]+ -> [a-z]+\.[a-z_.]+: [0-9]+ pages, [0-9]+$' ||
  { echo "no rule tally:"; printf '%s\n' "$out"; fail=1; }
[ $fail = 0 ] && echo "rule_diff.sh: ok"
exit $fail
