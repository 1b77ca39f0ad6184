#!/usr/bin/env bash
# Builds (if needed) and runs one libFuzzer target for a while.
#
#   tools/run-fuzz.sh TARGET SECONDS      e.g. tools/run-fuzz.sh fuzz_parse 600
#
# TARGET is the name of a fuzz/fuzz_*.c file. The build lives in
# ${GALLEY_BUILD_FUZZ:-build-fuzz} (clang, ASan+UBSan without recovery,
# libFuzzer). The seed corpus is made from the small pages the project
# writes itself (examples/, tests/pages/) with the two option bytes every
# HTML target reads first set to defaults, plus fuzz/seeds/TARGET/ and
# fuzz/regressions/TARGET/ as they are (raw target inputs); new inputs the
# fuzzer finds accumulate in BUILD/fuzz-corpus/TARGET between runs.
# Crashes land in BUILD/fuzz-artifacts/. The last line is
#   fuzz TARGET: S s, N execs, findings: K
# and the exit status is non-zero when there was a finding.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD

if [[ $# -ne 2 || ! -f fuzz/$1.c || ! $2 =~ ^[0-9]+$ ]]; then
    echo "usage: tools/run-fuzz.sh TARGET SECONDS   (TARGET: one of fuzz/fuzz_*.c without .c)" >&2
    exit 2
fi
TARGET=$1
SECONDS_=$2
BUILD=${GALLEY_BUILD_FUZZ:-build-fuzz}
JOBS=${JOBS:-$(nproc)}

mkdir -p "$BUILD"
# configured every time (cheap once cached) so that new fuzz_*.c files appear
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGALLEY_FUZZ=ON -DGALLEY_SANITIZE=ON -DGALLEY_TESTS=OFF -DGALLEY_BENCH=OFF \
    >"$BUILD/configure.log" 2>&1 || { cat "$BUILD/configure.log"; exit 2; }
cmake --build "$BUILD" -j"$JOBS" --target "$TARGET" >"$BUILD/build-$TARGET.log" 2>&1 || {
    tail -40 "$BUILD/build-$TARGET.log"
    echo "fuzz $TARGET: build failed"
    exit 2
}
BIN=$BUILD/fuzz/$TARGET

# Seeds: the targets read two option bytes before the input (see each
# fuzz_*.c); zero bytes mean the plain defaults (fuzz_extract: mode 1,
# balanced). WARC-style targets take raw files.
SEEDS=$BUILD/fuzz-seeds/$TARGET
CORPUS=$BUILD/fuzz-corpus/$TARGET
ARTIFACTS=$BUILD/fuzz-artifacts
rm -rf "$SEEDS"
mkdir -p "$SEEDS" "$CORPUS" "$ARTIFACTS"
case $TARGET in
    fuzz_extract) PREFIX='\001\000' ;;
    fuzz_tokenize | fuzz_parse) PREFIX='\000\000' ;;
    *) PREFIX= ;;
esac
n=0
add_seed() { # file
    local f=$1 out
    out=$SEEDS/$(printf '%04d' "$n")-$(basename "$f" .gz)
    if [[ -n $PREFIX ]]; then
        { printf %b "$PREFIX"; if [[ $f == *.gz ]]; then gzip -dc "$f"; else cat "$f"; fi; } | head -c 65536 >"$out"
    else
        if [[ $f == *.gz && $f != *.warc.gz ]]; then gzip -dc "$f"; else cat "$f"; fi | head -c 262144 >"$out"
    fi
    n=$((n + 1))
}
if [[ -n $PREFIX ]]; then
    while IFS= read -r -d '' f; do add_seed "$f"; done < <(
        find examples tests/pages -type f \
            \( -name '*.html' -o -name '*.htm' -o -name '*.html.gz' \) -size -512k -print0 2>/dev/null | sort -z)
elif [[ $TARGET == fuzz_warc ]]; then
    while IFS= read -r -d '' f; do add_seed "$f"; done < <(
        find tests -type f \( -name '*.warc' -o -name '*.warc.gz' \
            -o -name '*.warc.zst' \) -size -512k -print0 2>/dev/null | sort -z)
fi
for d in "fuzz/seeds/$TARGET" "fuzz/regressions/$TARGET"; do
    [[ -d $d ]] || continue
    while IFS= read -r -d '' f; do
        cp "$f" "$SEEDS/$(printf '%04d' "$n")-$(basename "$f")"
        n=$((n + 1))
    done < <(find "$d" -type f ! -name '*.md' -print0 | sort -z)
done

DICT=()
[[ -n $PREFIX && -f fuzz/html.dict ]] && DICT=(-dict=fuzz/html.dict)
[[ $TARGET == fuzz_urlset && -f fuzz/xml.dict ]] && DICT=(-dict=fuzz/xml.dict)
LOG=$BUILD/fuzz-$TARGET.log
echo "fuzz $TARGET: ${SECONDS_} s, $n seeds, corpus $CORPUS, log $LOG"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$BIN" -max_total_time="$SECONDS_" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$ARTIFACTS/$TARGET-" "${DICT[@]}" \
    "$CORPUS" "$SEEDS" >"$LOG" 2>&1
rc=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOG" | tail -1)
secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$LOG" | tail -1)
findings=0
if [[ $rc -ne 0 ]]; then
    findings=1
    grep -E "ERROR: |runtime error|Test unit written|SUMMARY" "$LOG" | head -20
    echo "stack: $ROOT/$LOG"
fi
echo "fuzz $TARGET: ${secs:-?} s, ${execs:-?} execs, findings: $findings"
exit $rc
