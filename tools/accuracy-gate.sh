#!/usr/bin/env bash
# Accuracy gate: extracts every page of the evaluation datasets with the CLI,
# scores the output with the shared scorer, and fails when a metric falls
# below its floor in tests/accuracy-floors.txt (lines: DATASET METRIC FLOOR).
#
# Metrics are score.py --json fields flattened: shingle_f1, wordbag_f1,
# snippets_f1 (and their _p, _r), title_acc, date_acc, authors_acc.
# Skips (exit 0, "skipped") when the datasets or the scorer are absent, e.g.
# outside the project's machines: they are third-party pages kept next to
# the checkout, never in it.
#
# Environment: GALLEY_BIN (default $GALLEY_BUILD/galley, GALLEY_BUILD being
# tools/test.sh's gcc build dir, default build; built if missing),
# GALLEY_DATASETS (../shared/datasets), GALLEY_SCORE
# (../shared/tools/score.py), GATE_OUT (build/accuracy: outputs and scores),
# GATE_FLOORS (tests/accuracy-floors.txt).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

DATASETS=${GALLEY_DATASETS:-../shared/datasets}
SCORE=${GALLEY_SCORE:-../shared/tools/score.py}
BIN=${GALLEY_BIN:-${GALLEY_BUILD:-build}/galley}
FLOORS=${GATE_FLOORS:-tests/accuracy-floors.txt}
OUT=${GATE_OUT:-$(dirname "$BIN")/accuracy}
SETS=(scrapinghub-aeb wcxb-dev trafilatura-eval htmldate-eval wceb-cetd wceb-cleanportaleval)

if [[ ! -f $SCORE ]]; then
    echo "accuracy gate: skipped (no scorer at $SCORE)"
    exit 0
fi
present=()
for s in "${SETS[@]}"; do
    [[ -f $DATASETS/$s/ground-truth.json && -d $DATASETS/$s/html ]] && present+=("$s")
done
if [[ ${#present[@]} -eq 0 ]]; then
    echo "accuracy gate: skipped (no datasets under $DATASETS)"
    exit 0
fi

if [[ ! -x $BIN ]]; then
    dir=$(dirname "$BIN")
    echo "accuracy gate: building $BIN"
    { cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
        cmake --build "$dir" -j"${JOBS:-$(nproc)}" --target galley_cli >/dev/null; } || {
        echo "accuracy gate: FAILED (cannot build $BIN)"
        exit 1
    }
fi

mkdir -p "$OUT"
rc=0
for s in "${present[@]}"; do
    t0=$(date +%s)
    if ! "$BIN" -f jsonl -q "$DATASETS/$s/html" >"$OUT/$s.jsonl" 2>"$OUT/$s.err"; then
        echo "accuracy gate: $s: galley exited with an error:"
        tail -5 "$OUT/$s.err"
        rc=1
    fi
    t1=$(date +%s)
    if ! python3 "$SCORE" "$DATASETS/$s" "$OUT/$s.jsonl" --json >"$OUT/$s.score.json"; then
        echo "accuracy gate: $s: scoring failed"
        rc=1
        continue
    fi
    echo "  $s: extracted in $((t1 - t0)) s, scored in $(($(date +%s) - t1)) s"
done

python3 - "$FLOORS" "$OUT" "${present[@]}" <<'PY' || rc=1
import json, os, sys
floors_path, out, present = sys.argv[1], sys.argv[2], set(sys.argv[3:])
def flat(r):
    m = {}
    for k, v in r.items():
        if isinstance(v, dict):
            for kk, vv in v.items():
                if kk != 'n':
                    m[f'{k}_{kk}'] = vv
    return m
scores = {}
for s in present:
    try:
        with open(os.path.join(out, s + '.score.json')) as f:
            scores[s] = flat(json.load(f))
    except (OSError, ValueError):
        pass
for s in sorted(scores):
    print(f'{s}: ' + ' '.join(f'{k}={v:.3f}' for k, v in sorted(scores[s].items())
                              if k.endswith(('_f1', '_acc'))))
below, checked = [], 0
floors = []
if os.path.exists(floors_path):
    with open(floors_path) as f:
        for n, line in enumerate(f, 1):
            line = line.split('#', 1)[0].split()
            if not line:
                continue
            if len(line) != 3:
                sys.exit(f'{floors_path}:{n}: want DATASET METRIC FLOOR')
            floors.append((line[0], line[1], float(line[2])))
for ds, metric, floor in floors:
    if ds not in present:
        print(f'  skip  {ds} {metric} (dataset absent)')
        continue
    got = scores.get(ds, {}).get(metric)
    checked += 1
    if got is None:
        below.append(f'{ds} {metric}: no value (floor {floor:.3f})')
        print(f'  FAIL  {ds} {metric} missing, floor {floor:.3f}')
    elif got + 1e-9 < floor:
        below.append(f'{ds} {metric}: {got:.3f} < floor {floor:.3f}')
        print(f'  FAIL  {ds} {metric} {got:.3f} < {floor:.3f}')
    else:
        print(f'  ok    {ds} {metric} {got:.3f} >= {floor:.3f}')
if below:
    print(f'accuracy gate: FAILED, {len(below)} of {checked} metrics below their floor:')
    for b in below:
        print('  ' + b)
    sys.exit(1)
print(f'accuracy gate: passed ({checked} metrics at or above their floor)')
PY
exit $rc
