#!/usr/bin/env bash
# Checks the house rules that a tool can check, and fails on a violation:
#   clang-format  every C++ file is formatted as .clang-format says (Google base, 100 columns);
#   clang-tidy    the naming rules of .clang-tidy, on engine/ and cli/.
# Usage: tools/lint.sh BUILD_DIR   (a configured build: clang-tidy reads its
# compile_commands.json). `tools/lint.sh --fix` reformats the tree instead of checking it.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(git ls-files 'engine/*.cc' 'engine/*.h' 'cli/*.cc' 'cli/*.h' \
                                    'tests/*.cc' 'tests/*.h' 'fuzz/*.cc' 'fuzz/*.h')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${sources[@]}"
  exit 0
fi
build=${1:?usage: tools/lint.sh BUILD_DIR | --fix}
echo "lint: clang-format on ${#sources[@]} files" >&2
if ! clang-format --dry-run --Werror "${sources[@]}"; then
  echo "lint: formatting differs; run 'tools/lint.sh --fix'" >&2
  exit 1
fi
mapfile -t units < <(git ls-files 'engine/*.cc' 'cli/*.cc')
echo "lint: clang-tidy on ${#units[@]} files" >&2
root=$(pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! printf '%s\n' "${units[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet \
       --header-filter="^$root/(engine|cli)/.*" >"$log" 2>/dev/null; then
  grep -E "(warning|error):" "$log" | sort -u >&2 || cat "$log" >&2
  echo "lint: clang-tidy found naming violations (.clang-tidy)" >&2
  exit 1
fi
echo "lint: clean" >&2
