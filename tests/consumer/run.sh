#!/usr/bin/env bash
# Builds tests/consumer/consumer.c against galley the ways a user would, and
# runs each build:
#   install        `cmake --install BUILD --prefix STAGE` gives the full tree
#   pc-shared      cc ... $(pkg-config --cflags --libs galley)
#   pc-static      the same with `pkg-config --static`, libgalley.a linked
#   find-package   find_package(galley): galley::galley and galley_static
#   subdirectory   add_subdirectory(galley source) with -DGALLEY_FETCH=OFF:
#                  the build without libcurl, its CLI's --url refusal, its
#                  installed galley.pc and libgalley.so without libcurl
# Usage: tests/consumer/run.sh BUILD_DIR (a built galley tree). Ends with
# `consumer: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd) || exit 2
here=$src/tests/consumer
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
CC=${CC:-cc}
CFLAGS_CHECK=(-std=c11 -Wall -Wextra -Werror)
jobs=${JOBS:-2}
passed=0
failed=0

# check NAME COMMAND...: one line per check; the log's tail on failure
check() {
    local name=$1
    shift
    if "$@" >"$tmp/$name.log" 2>&1; then
        echo "ok    $name"
        passed=$((passed + 1))
    else
        echo "FAIL  $name"
        tail -20 "$tmp/$name.log" | sed 's/^/      /'
        failed=$((failed + 1))
    fi
}

fetch=$(sed -nE 's/^GALLEY_FETCH:BOOL=(.*)/\1/p' "$build/CMakeCache.txt")
case $fetch in ON | on | 1 | TRUE | true) fetch=1 ;; *) fetch=0 ;; esac
major=$(sed -nE 's/^project\(galley VERSION ([0-9]+)\..*/\1/p' "$src/CMakeLists.txt")

install_tree() {
    cmake --install "$build" --prefix "$stage" || return 1
    local want=(bin/galley include/galley.h "lib*/libgalley.a" "lib*/libgalley.so"
                "lib*/libgalley.so.$major" "lib*/pkgconfig/galley.pc"
                "lib*/cmake/galley/galleyConfig.cmake" share/man/man1/galley.1) f
    for f in "${want[@]}"; do
        compgen -G "$stage/$f" >/dev/null || { echo "missing $f"; return 1; }
    done
    find "$stage" -type f -o -type l | sed "s|^$stage/||" | sort
}
check install install_tree
pcdir=$(dirname "$(compgen -G "$stage/lib*/pkgconfig/galley.pc" | head -1)")
libdir=$(dirname "$pcdir")
export PKG_CONFIG_PATH=$pcdir

needs() { readelf -d "$1" | grep -q "NEEDED.*\[$2"; }

pc_shared() {
    # shellcheck disable=SC2046
    "$CC" "${CFLAGS_CHECK[@]}" -o "$tmp/pc-shared" "$here/consumer.c" \
        $(pkg-config --cflags --libs galley) || return 1
    needs "$tmp/pc-shared" "libgalley.so.$major" || { echo "not linked to libgalley.so.$major"; return 1; }
    LD_LIBRARY_PATH=$libdir "$tmp/pc-shared" "$fetch"
}
check pc-shared pc_shared

pc_static() {
    # the README's command: libgalley.a by name (-l: picks the file), then
    # the static list without -lgalley
    local libs
    libs=$(pkg-config --static --libs galley | sed 's/-lgalley //') || return 1
    echo "libs: $libs"
    # shellcheck disable=SC2046,SC2086
    "$CC" "${CFLAGS_CHECK[@]}" -o "$tmp/pc-static" "$here/consumer.c" \
        $(pkg-config --cflags galley) -l:libgalley.a $libs || return 1
    ! needs "$tmp/pc-static" libgalley || { echo "linked to libgalley.so"; return 1; }
    "$tmp/pc-static" "$fetch"
}
check pc-static pc_static

find_pkg() {
    cmake -S "$here" -B "$tmp/fp" -DCMAKE_PREFIX_PATH="$stage" -DCMAKE_BUILD_TYPE=Release &&
        cmake --build "$tmp/fp" -j"$jobs" && (cd "$tmp/fp" && ctest --output-on-failure)
}
check find-package find_pkg

subdirectory() {
    cmake -S "$here" -B "$tmp/sub" -DGALLEY_SOURCE="$src" -DCMAKE_BUILD_TYPE=Release \
        -DGALLEY_WERROR=ON &&
        cmake --build "$tmp/sub" -j"$jobs" && (cd "$tmp/sub" && ctest --output-on-failure) ||
        return 1
    local out rc
    out=$("$tmp/sub/galley/galley" --url http://example.com/a 2>&1)
    rc=$?
    echo "galley --url: exit $rc: $out"
    [[ $rc -eq 2 && $out == *"not available in this build"* ]] || return 1
    cmake --install "$tmp/sub" --prefix "$tmp/stage-off" || return 1
    ! grep -q libcurl "$tmp"/stage-off/lib*/pkgconfig/galley.pc || { echo "galley.pc names libcurl"; return 1; }
    ! needs "$(compgen -G "$tmp/stage-off/lib*/libgalley.so.$major" | head -1)" libcurl ||
        { echo "libgalley.so needs libcurl"; return 1; }
}
check subdirectory subdirectory

echo "consumer: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
