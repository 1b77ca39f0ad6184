#!/usr/bin/env bash
# The project's test command (README): from a fresh Debian 12 checkout,
#   1. installs the build dependencies (tools/install-deps.sh);
#   2. builds with gcc, Release, -Werror, and runs ctest;
#   3. installs that build to a staging prefix and builds a small program
#      against it (pkg-config shared and static, find_package), and once with
#      add_subdirectory and -DGALLEY_FETCH=OFF (tests/consumer/run.sh);
#   4. builds with clang, ASan+UBSan without recovery, -Werror, and runs ctest;
#   5. builds the libFuzzer targets (clang, ASan+UBSan) and runs each one for
#      FUZZ_SECONDS (default 20) on a seed corpus of the project's own pages;
#   6. installs the Python package (pip --no-build-isolation into a
#      throw-away directory) and runs its pytest suite under /usr/bin/python3,
#      then again over the ASan+UBSan build of the extension (step 4's build,
#      libasan preloaded).
# Ends with `tests: N passed, M failed` summed over both ctest runs, the
# consumer checks and the pytest runs; a build failure, or a pytest run that
# finds no tests, counts as one failed test. Exits non-zero on any failure or
# fuzzer finding. Build directories: GALLEY_BUILD (build),
# GALLEY_BUILD_ASAN (build-asan), GALLEY_BUILD_FUZZ (build-fuzz).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

GCC_DIR=${GALLEY_BUILD:-build}
ASAN_DIR=${GALLEY_BUILD_ASAN:-build-asan}
FUZZ_DIR=${GALLEY_BUILD_FUZZ:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
JOBS=${JOBS:-$(nproc)}
export JOBS GALLEY_BUILD_FUZZ=$FUZZ_DIR
start=$(date +%s)

tools/install-deps.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }

passed=0
failed=0
summary=()

# config NAME DIR CC CXX CMAKE-ARGS...
config() {
    local name=$1 dir=$2 cc=$3 cxx=$4
    shift 4
    echo "== $name: configure and build in $dir"
    mkdir -p "$dir"
    if ! CC=$cc CXX=$cxx cmake -S . -B "$dir" -DGALLEY_WERROR=ON "$@" >"$dir/configure.log" 2>&1; then
        tail -30 "$dir/configure.log"
        summary+=("$name: configure FAILED ($dir/configure.log)")
        failed=$((failed + 1))
        return
    fi
    if ! cmake --build "$dir" -j"$JOBS" >"$dir/build.log" 2>&1; then
        grep -E "error|warning" "$dir/build.log" | head -30
        summary+=("$name: build FAILED ($dir/build.log)")
        failed=$((failed + 1))
        return
    fi
    echo "== $name: ctest"
    (cd "$dir" && ctest -j2 --output-on-failure) 2>&1 | tee "$dir/ctest.log"
    local line total nfail nskip
    line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$dir/ctest.log" | tail -1)
    if [[ -z $line ]]; then
        summary+=("$name: ctest gave no result")
        failed=$((failed + 1))
        return
    fi
    nfail=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    total=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
    nskip=$(grep -cE "^[[:space:]]*[0-9]+ - .*\(Skipped\)" "$dir/ctest.log")
    passed=$((passed + total - nfail))
    failed=$((failed + nfail))
    summary+=("$name: $((total - nfail)) passed ($nskip of them skipped), $nfail failed")
}

config "gcc Release -Werror" "$GCC_DIR" gcc g++ -DCMAKE_BUILD_TYPE=Release

# a program built against the gcc build's install three ways, and galley
# pulled in with add_subdirectory without libcurl (tests/consumer/run.sh)
echo "== consumer: install, pkg-config, find_package, add_subdirectory"
out=$(CC=gcc tests/consumer/run.sh "$GCC_DIR" 2>&1)
echo "$out"
if [[ $(tail -1 <<<"$out") =~ ^consumer:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
    summary+=("$(tail -1 <<<"$out")")
else
    summary+=("consumer: no result")
    failed=$((failed + 1))
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
config "clang ASan+UBSan -Werror" "$ASAN_DIR" clang clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGALLEY_SANITIZE=ON \
    -DGALLEY_PYTHON=ON -DPython3_EXECUTABLE=/usr/bin/python3
unset ASAN_OPTIONS UBSAN_OPTIONS

echo "== fuzz smoke: ${FUZZ_SECONDS} s per target"
fuzz_bad=0
for src in fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    if out=$(tools/run-fuzz.sh "$t" "$FUZZ_SECONDS" 2>&1); then
        summary+=("$(tail -1 <<<"$out")")
    else
        echo "$out" | tail -25
        summary+=("$(tail -1 <<<"$out") (FAILED)")
        fuzz_bad=$((fuzz_bad + 1))
    fi
done

# pytest_run NAME LOG ENV... : runs the Python tests under /usr/bin/python3
# (-P: the checkout's python/ must not shadow the package under test) and
# adds their counts; exit 5 (no tests collected) is a failure.
pytest_run() {
    local name=$1 log=$2
    shift 2
    echo "== $name: pytest"
    env "$@" GALLEY_CLI="$(realpath -m "$GCC_DIR/galley")" /usr/bin/python3 -P -m pytest -p no:cacheprovider \
        -q -rfEs --junitxml="$log.xml" python/tests 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]} total nfail nskip
    if [[ $rc -eq 5 || ! -s $log.xml ]]; then
        summary+=("$name: pytest ran no tests (exit $rc)")
        failed=$((failed + 1))
        return
    fi
    read -r total nfail nskip < <(/usr/bin/python3 - "$log.xml" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
s = r if r.tag == "testsuite" else r.find("testsuite")
n = lambda k: int(s.get(k, 0))
print(n("tests"), n("failures") + n("errors"), n("skipped"))
PYEOF
    )
    if [[ $rc -ne 0 && $nfail -eq 0 ]]; then nfail=1; fi  # crashed or interrupted
    passed=$((passed + total - nfail))
    failed=$((failed + nfail))
    summary+=("$name: $((total - nfail)) passed ($nskip of them skipped), $nfail failed")
}

PY_DIR=$(mktemp -d)
echo "== python: pip install ./python into $PY_DIR"
if GALLEY_CMAKE_ARGS="-DGALLEY_WERROR=ON" /usr/bin/python3 -m pip install --no-build-isolation \
        --no-index --no-deps --target "$PY_DIR/site" ./python >"$PY_DIR/pip.log" 2>&1; then
    pytest_run "python (gcc, pip install)" "$PY_DIR/pytest.log" PYTHONPATH="$PY_DIR/site"
else
    tail -30 "$PY_DIR/pip.log"
    summary+=("python: pip install FAILED ($PY_DIR/pip.log)")
    failed=$((failed + 1))
fi
# The ASan+UBSan extension runs in the ordinary interpreter with the
# sanitizer runtime preloaded; PYTHONMALLOC=malloc lets ASan see Python's
# allocations; leak checking stays off (the interpreter keeps its objects
# at exit by design; the suite's own 10,000-call tests watch for leaks).
ASAN_RT=$(clang -print-file-name=libclang_rt.asan-x86_64.so 2>/dev/null)
if [[ -f $ASAN_DIR/python/galley/_galley.abi3.so && -f $ASAN_RT ]]; then
    # test_dask.py runs once, in the pass above: its dozen interpreters (a
    # Dask scheduler, workers, runners) each under the preloaded runtime take
    # minutes, and the extension calls they make are the ones test_warc.py
    # already runs here.
    pytest_run "python (ASan+UBSan extension)" "$PY_DIR/pytest-asan.log" \
        PYTEST_ADDOPTS="--ignore=python/tests/test_dask.py" \
        PYTHONPATH="$ASAN_DIR/python" LD_PRELOAD="$ASAN_RT" PYTHONMALLOC=malloc GALLEY_ASAN=1 \
        ASAN_OPTIONS=detect_leaks=0:strict_string_checks=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
    summary+=("python (ASan+UBSan extension): not built ($ASAN_DIR/python)")
    failed=$((failed + 1))
fi
rm -rf "$PY_DIR"

el=$(($(date +%s) - start))
echo "== summary"
printf '%s\n' "${summary[@]}"
printf 'duration: %dm%02ds\n' $((el / 60)) $((el % 60))
echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 && $fuzz_bad -eq 0 ]]
