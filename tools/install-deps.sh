#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine needs to build and test galley.
# Idempotent: when every package is already installed it touches nothing (no
# apt-get update), so it is cheap to run at the start of every test run.
#
#   build:      cmake make gcc g++ (the project enables C and CXX: cld2's
#               wrapper is C++) pkg-config libjson-c-dev zlib1g-dev
#               libzstd-dev libcurl4-openssl-dev libexpat1-dev (sitemaps
#               and feeds)
#   optional:   libcld2-dev (language identification; the build skips it
#               when absent), libxml2-dev (parse-bench's baseline)
#   python:     python3-dev python3-setuptools python3-pip python3-wheel
#               (build and install the package, python/), python3-venv
#               (the README's install into a venv), python3-pytest (its tests)
#   dask:       python3-dask python3-distributed (the Dask runner, galley.dask,
#               and its tests' scheduler and workers), python3-zstandard (its
#               .jsonl.zst shards)
#   tests:      check (unit tests), python3 (scorer, CLI tests),
#               cmark-gfm (renders the Markdown output in tests),
#               time (/usr/bin/time -v for memory figures)
#   browser test: chromium (headless, loads the inspector page; the test
#               is skipped without it)
#   sanitizers and fuzzers: clang libclang-rt-14-dev (ASan, UBSan,
#               libFuzzer runtimes) llvm (llvm-symbolizer for stack traces)
set -euo pipefail

PKGS=(cmake make gcc g++ pkg-config
      libjson-c-dev zlib1g-dev libzstd-dev libcurl4-openssl-dev libexpat1-dev
      libcld2-dev libxml2-dev libdeflate-dev
      check python3 python3-yaml time chromium cmark-gfm
      python3-dev python3-setuptools python3-pip python3-wheel python3-venv python3-pytest
      python3-dask python3-distributed python3-zstandard
      clang libclang-rt-14-dev llvm)

missing=()
for p in "${PKGS[@]}"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $st == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#PKGS[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
