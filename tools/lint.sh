#!/usr/bin/env bash
# Checks the house rules that a tool can check, and fails on a violation:
#   clang-format  every C++ file is formatted as .clang-format says (Google base, 100 columns);
#   test names    no Catch test name has ';' (ctest would pass it without running it);
#   one catalogue no Chinese word in engine/ or cli/ outside the *_zh.cc catalogues (and
#                 comments): a word that differs by language is a message (messages.h);
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
# A Catch test name with ';' is cut there by catch_discover_tests into two filters that match no
# test, and ctest then passes a test that never ran.
if ! python3 - "${sources[@]}" <<'PY'
import re, sys
bad = []
for path in sys.argv[1:]:
    text = open(path, encoding='utf-8').read()
    for m in re.finditer(r'TEST_CASE\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
        name = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
        if ';' in name:
            bad.append(f'{path}:{text.count(chr(10), 0, m.start()) + 1}: {name}')
print('\n'.join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
then
  echo "lint: a test name above has ';', which ctest cannot run; say it another way" >&2
  exit 1
fi
# Every text a reader sees in Chinese is in the Chinese catalogue (the diagnostics' one too),
# so that a language lives in its catalogue files; a Chinese word in code is a branch on the
# language that the next language would miss.
if ! python3 - "${sources[@]}" <<'PY'
import re, sys
bad = []
cjk = re.compile('[\u4e00-\u9fff]')  # words (punctuation may drive line breaking)
for path in sys.argv[1:]:
    if not path.startswith(('engine/', 'cli/')) or re.search(r'_zh\.(cc|h)$', path):
        continue
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        code = line.split('//', 1)[0]
        if cjk.search(code):
            bad.append(f'{path}:{n}: {line.strip()}')
print('\n'.join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
then
  echo "lint: Chinese above outside the catalogue; make it a message (engine/support/messages.h)" >&2
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
