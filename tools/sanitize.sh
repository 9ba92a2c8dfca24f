#!/usr/bin/env bash
# Builds the test suite with sanitizers and runs it (issue 10), each build in its own directory:
#   build-asan/  clang, ASan + UBSan, every error fatal (-fno-sanitize-recover=all), with the
#                libFuzzer instrumentation too: the same build gives tools/fuzz.sh its targets,
#                so CI compiles the engine with ASan once, not twice. The unit, CLI and
#                real-process tests, less those listed below;
#   build-tsan/  g++, TSan: the unit tests that run the search on several threads (2..5: the
#                determinism, reduction and random-model tests, and Check() with its counting
#                thread beside the searches); only unit_tests is built.
# Exits non-zero at the first build or test that fails.
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

if [ "$what" != tsan ]; then
  echo "sanitize: ASan+UBSan build (build-asan, clang)" >&2
  tools/configure-asan.sh build-asan
  # The product and its tests; not reference_tests (the second interpreter is an oracle, not
  # the product: the plain build runs it) -- nor the fuzzers, which tools/fuzz.sh builds here.
  cmake --build build-asan -j2 --target racecheck unit_tests cli_tests realproc_tests >/dev/null
  # Left out here (the plain build runs them all), to keep CI within its budget:
  #   browser_html_report, play_tmux, play_tmux_zh, zh_table_widths: their time goes to
  #     Chromium, tmux's waits and Python (the HTML, the screen and the tables are rendered here
  #     anyway, in the unit tests);
  #   the bad-input catalogue again in Chinese: the English one runs here, through the same
  #     code; the Chinese adds only the texts (47 s under ASan);
  #   the byte-for-byte comparisons of whole front-door reports (the goldens, the ticket's
  #     figures and counts script, the Chinese lesson): each counts the 100-client ticket's 4.4
  #     million states again, a minute apiece under ASan, through code the unit tests run here
  #     on smaller models;
  #   the thread-count comparisons (the plain build runs them; TSan the unit one, below);
  #   and CTest's stand-in for the tests of reference_tests, not built here (_NOT_BUILT).
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan -j2 --output-on-failure --timeout 900 \
    -E "_NOT_BUILT|^browser_html_report$|^play_tmux$|^play_tmux_zh$|^zh_table_widths$|^every bad input's diagnostics are in Chinese|^golden reports|^ticket.yaml's figures|^ticket_counts_script$|^a Chinese lesson|^output is deterministic|^thread counts: identical"
fi

if [ "$what" != asan ]; then
  echo "sanitize: TSan build (build-tsan)" >&2
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=thread" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
  cmake --build build-tsan -j2 --target unit_tests >/dev/null
  # The tests whose searches run on several threads.
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    ctest --test-dir build-tsan -j2 --output-on-failure --timeout 900 \
    -R "thread|random models|partial order: the ticket model"
fi
echo "sanitize: clean" >&2
