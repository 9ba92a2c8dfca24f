#!/usr/bin/env bash
# Installs the Debian packages racecheck needs to build and test, when they are missing.
# Run as root on Debian 12. Does nothing (and needs no network) when all are present.
set -euo pipefail
# libutf8proc-dev: display widths for tables with wide characters (--lang zh, Chinese prints).
# clang-format, clang-tidy: tools/lint.sh. python3: ctest runs bench/count_states.py and
# tests/golden/cli/ticket_counts.py, independent counts of states. clang and its runtime
# libraries (libFuzzer, the sanitizers) build fuzz/ (tools/fuzz.sh). libgmp-dev: the schedule
# counts are integers of any size (engine/count/big_int.h; gmpxx in the reference tests).
# chromium: the `browser` tests render `--format html` headless; graphviz: `--format dot` is
# drawn with `dot -Tsvg`; tmux: `racecheck play`'s pseudo-terminal tests. ccache: CMakeLists.txt
# compiles through it when present, so that CI's four builds of a clean clone reuse earlier ones.
# fonts-wqy-microhei: a Chinese font (1.6 MB), so that the --lang zh pages Chromium screenshots
# and the graphs `dot` draws here show Chinese characters, not empty boxes.
packages=(cmake g++ make libcli11-dev libfmt-dev catch2 libyaml-cpp-dev nlohmann-json3-dev libgmp-dev
          libutf8proc-dev pkg-config
          clang-format clang-tidy python3 clang libclang-rt-14-dev chromium graphviz tmux ccache
          fonts-wqy-microhei)
# Optional: SPIN (bench/ compares against it), and gcc and GNU time for its benchmarks.
if [ "${RACECHECK_BENCH_DEPS:-0}" = 1 ]; then packages+=(spin gcc time); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
