#!/usr/bin/env bash
# tools/fit-fold.sh TRAIN FOLD OUT -- post.model fitted on TRAIN's pages, built into OUT/galley.
#
# For tools/cv.py --fit 'tools/fit-fold.sh {train} {fold} {out}': TRAIN lists
# the training pages ("DATASET ID" a line; "all": every page), OUT gets a
# galley whose post.model keeps what it finds the article's
# (post_model_keeps on), with weights fitted on TRAIN alone. The tree is
# copied once per cv run (next to OUT, or into $GALLEY_FIT_WORK) and built
# as it is: that binary (WORK/galley-export) exports the features, which
# tools/fit-blocks.py caches. The copy's post_model_keeps is then switched
# on, and each fold writes its fitted header into the copy and rebuilds.
# The repository's own tree is never touched.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TRAIN=$1 FOLD=$2 OUT=$3
WORK=${GALLEY_FIT_WORK:-$(dirname "$OUT")/fit-blocks}
TREE=$WORK/tree BUILD=$WORK/build
HEADER=src/extract/blockmodel_weights.h TUNING=src/extract/tuning.h
mkdir -p "$OUT" "$WORK"
if [ ! -x "$WORK/galley-export" ]; then
    rm -rf "$TREE" "$BUILD"
    mkdir -p "$TREE"
    tar -C "$ROOT" --exclude=./build --exclude=./.git -cf - . | tar -C "$TREE" -xf -
    cmake -S "$TREE" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" -j2 --target galley_cli >/dev/null
    cp "$BUILD/galley" "$WORK/galley-export"
    sed -i 's/X(bool, post_model_keeps, false, false, false)/X(bool, post_model_keeps, true, true, false)/' \
        "$TREE/$TUNING"
    grep -q 'X(bool, post_model_keeps, true, true, false)' "$TREE/$TUNING" ||
        { echo "fit-fold: no post_model_keeps row to switch on in $TUNING" >&2; exit 1; }
fi
args=(--galley "$WORK/galley-export" --cache "$WORK/cache" --write "$TREE/$HEADER")
[ "$TRAIN" = all ] || args+=(--train "$TRAIN")
echo "fit-fold: fold $FOLD" >&2
python3 "$ROOT/tools/fit-blocks.py" "${args[@]}"
cmake --build "$BUILD" -j2 --target galley_cli >/dev/null
cp "$BUILD/galley" "$OUT/galley"
