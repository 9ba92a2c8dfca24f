#!/usr/bin/env bash
# Configures DIR (default build-asan) as the one sanitizer build that tools/sanitize.sh runs
# the suite in and tools/fuzz.sh builds its libFuzzer targets in: clang, -O1, every library
# compiled with ASan, UBSan (every error fatal) and libFuzzer's coverage instrumentation
# (-DRACECHECK_FUZZ=ON). Both scripts call this, with the same arguments, so the second finds
# the build up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B "${1:-build-asan}" -DCMAKE_CXX_COMPILER=clang++ -DRACECHECK_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g" >/dev/null
