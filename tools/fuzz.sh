#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (with ASan and UBSan) in build-asan/ (the
# build tools/sanitize.sh runs the suite in: tools/configure-asan.sh) and runs each for SECONDS
# (default 60) — from its corpus so far, fuzz/regressions/<target>/,
# fuzz/seeds/<target>/ and, for the model target, every model of models/ and tests/models/.
# Exits 1 if any target crashed, timed out (one input slower than 10 s) or ran out of memory
# (2 GB); the input that did it is saved under build-asan/artifacts/<target>/: fix the bug and
# add the input to fuzz/regressions/<target>/, where every build's unit tests replay it.
#
#   tools/fuzz.sh 30        30 s per target (what .ci/run does)
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")/.."
build=${RACECHECK_FUZZ_BUILD:-build-asan}
targets=(model expression schedule)

tools/configure-asan.sh "$build"  # the sanitizer build of tools/sanitize.sh: built once
cmake --build "$build" -j2 --target "${targets[@]/%/_fuzzer}" >/dev/null

rm -rf "$build/seeds" && mkdir -p "$build/seeds/model"
for f in models/*.yaml tests/models/*/model.yaml; do
  cp "$f" "$build/seeds/model/$(echo "$f" | tr / _)"
done
for t in expression schedule; do mkdir -p "$build/seeds/$t" && cp fuzz/seeds/$t/* "$build/seeds/$t/"; done

failed=()
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
  log="$build/fuzz-$t.log"
  echo "fuzz: $t for ${seconds} s" >&2
  if ! "$build/fuzz/${t}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t/" \
      "$build/corpus/$t" "fuzz/regressions/$t" "$build/seeds/$t" >"$log" 2>&1; then
    failed+=("$t")
    tail -n 40 "$log" >&2
  fi
  grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$log" | sed "s/^/  $t: /" >&2 || true
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
echo "fuzz: no crash, timeout or out-of-memory in ${#targets[@]} targets" >&2
