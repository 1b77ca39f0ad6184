#!/bin/sh
# libgalley.so exports exactly the functions include/galley.h declares with
# GALLEY_API (the internal gl_* names and the C++ runtime's inline copies
# stay hidden), leaves none of its own names undefined, and carries a SONAME
# with the major version.  argv: build dir, source dir.
build=$1 src=$2
lib=$build/libgalley.so
[ -e "$lib" ] || { echo "no $lib"; exit 1; }
command -v nm >/dev/null && command -v readelf >/dev/null || { echo "no nm/readelf"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

grep -oE 'GALLEY_API [^(]*\(' "$src/include/galley.h" | grep -oE 'galley_[a-z0-9_]+ *\($' |
  tr -d '( ' | sort -u > "$tmp/declared"
nm -D --defined-only "$lib" | awk '{print $NF}' | sort -u > "$tmp/exported"
[ -s "$tmp/declared" ] || { echo "no GALLEY_API declarations found"; exit 1; }
if ! diff "$tmp/declared" "$tmp/exported" > "$tmp/diff"; then
  echo "exported symbols differ from galley.h (< declared only, > exported only):"
  cat "$tmp/diff"; fail=1
fi
own=$(nm -D --undefined-only "$lib" | awk '{print $NF}' | grep -E '^(gl_|galley_)')
[ -z "$own" ] || { echo "undefined references to galley's own symbols: $own"; fail=1; }
major=$(sed -nE 's/^project\(galley VERSION ([0-9]+)\..*/\1/p' "$src/CMakeLists.txt")
soname=$(readelf -d "$lib" | sed -nE 's/.*Library soname: \[(.*)\]/\1/p')
[ "$soname" = "libgalley.so.$major" ] || { echo "SONAME '$soname', expected libgalley.so.$major"; fail=1; }
[ $fail = 0 ] && echo "library_exports.sh: $(wc -l < "$tmp/exported") symbols, all declared; SONAME $soname"
exit $fail
