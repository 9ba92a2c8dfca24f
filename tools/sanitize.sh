#!/usr/bin/env bash
# Builds the test suite with sanitizers and runs it (issue 10), each build in its own directory:
#   build-asan/  ASan + UBSan, every error fatal (-fno-sanitize-recover=all): the whole suite
#                (unit, cli and realproc tests);
#   build-tsan/  TSan: the tests that run the search on several threads (--threads 2..5, the
#                determinism, reduction and random-model tests).
# Exits non-zero at the first build or test that fails. g++ by default; CXX=clang++ works too.
#
#   tools/sanitize.sh            both, as .ci/run does
#   tools/sanitize.sh asan|tsan  one of them
set -euo pipefail
cd "$(dirname "$0")/.."
what=both
for arg in "$@"; do
  case "$arg" in
    asan|tsan) what=$arg ;;
    *) echo "usage: tools/sanitize.sh [asan|tsan]" >&2; exit 2 ;;
  esac
done

# -O1 keeps the builds quick and the stacks readable; None: only these flags.
configure() {  # DIR FLAGS
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g -fno-omit-frame-pointer $2" \
    -DCMAKE_EXE_LINKER_FLAGS="$2" >/dev/null
}

if [ "$what" != tsan ]; then
  echo "sanitize: ASan+UBSan build (build-asan)" >&2
  configure build-asan "-fsanitize=address,undefined -fno-sanitize-recover=all"
  cmake --build build-asan -j2 >/dev/null
  # Less one test: the walk of every schedule of 350 random models (65 s in the plain build,
  # where it runs; over 15 minutes under ASan). The counting code it checks runs here anyway,
  # in the counts, CLI and fuzz-regression tests.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan -j2 --output-on-failure --timeout 900 \
    -E "^schedules: random models"
fi

if [ "$what" != asan ]; then
  echo "sanitize: TSan build (build-tsan)" >&2
  configure build-tsan "-fsanitize=thread"
  cmake --build build-tsan -j2 --target unit_tests cli_tests racecheck >/dev/null
  # The tests whose searches run on several threads.
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    ctest --test-dir build-tsan -j2 --output-on-failure --timeout 900 \
    -R "thread|random models|partial order: the ticket model"
fi
echo "sanitize: clean" >&2
