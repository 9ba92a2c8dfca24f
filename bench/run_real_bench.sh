#!/usr/bin/env bash
# run_real_bench.sh: `racecheck run` against its references, side by side in one run, as ratios.
#   1. process start: start and join 100 processes. racecheck: bench/process_start.yaml (one
#      trivial step each; its JSON reports the start, from the first fork until every process
#      waits at the start barrier, and the run, from the release to the last exit); Python:
#      multiprocessing.Process, bench/process_start.py. Ratio: Python / racecheck.
#   2. the forced ticket run: `racecheck run models/ticket.yaml --counterexample` at the
#      defaults (100 clients, time scale 1), wall time of the whole command; with OLD=BINARY,
#      the same command of an older racecheck beside it (ratio old / new).
#   3. conformance: TRIALS trials per variant of ticket.yaml (100 clients, time scale 0.01) on
#      every store; how many trials were undecided (the search hit its bound), diverged and
#      explained; with OLD=BINARY, the older racecheck beside it.
#   4. the tutorial's script: TRIALS2 trials of 100 clients without the lock, time scale 0.01,
#      racecheck vs the tutorial's Python (bench/process_start_ticket.py), wall time of each.
# Usage: bench/run_real_bench.sh [BUILD_DIR] [TRIALS] [TRIALS2]   (defaults: build, 200, 100)
#        OLD=/path/to/old/racecheck bench/run_real_bench.sh ...   (adds the "old" columns)
#        ONLY="1 3" bench/run_real_bench.sh ...                    (only those sections)
# Timings go to stdout; nothing is left behind (each tool cleans its temporary directories).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TRIALS=${2:-200}
TRIALS2=${3:-100}
RC="$BUILD/racecheck"
OLD=${OLD:-}
ONLY=${ONLY:-1 2 3 4}
want() { [[ " $ONLY " == *" $1 "* ]]; }
[ -x "$RC" ] || { echo "build racecheck first: cmake --build $BUILD" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "# host: $(nproc) cpus, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# racecheck: $RC${OLD:+; old: $OLD}"

now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }

if want 1; then
echo
echo "== 1. start and join 100 processes (racecheck: median of 20 trials; python: of 20) =="
read -r rc_start rc_run < <("$RC" run bench/process_start.yaml --trials 20 --format json |
  python3 -c '
import json, sys
v = json.load(sys.stdin)["variants"][0]
print("%.3f %.3f" % (v["median_start_seconds"] * 1000, v["median_seconds"] * 1000))')
py=$(python3 bench/process_start.py 100 20)
py_ms=$(echo "$py" | sed -E 's/.*median ([0-9.]+) ms.*/\1/')
rc_ms=$(calc "round($rc_start + $rc_run, 1)")
echo "racecheck: start ${rc_start} ms + run and join ${rc_run} ms = ${rc_ms} ms per 100 processes" \
     "($(calc "round($rc_ms / 100, 3)") ms per process)"
echo "$py"
echo "python / racecheck: $(calc "round($py_ms / $rc_ms, 1)")x"
if [ -n "$OLD" ]; then
  # An older racecheck measures from the first fork to the last exit: start, run and join.
  old_ms=$("$OLD" run bench/process_start.yaml --trials 20 --format json | python3 -c '
import json, sys
print("%.1f" % (json.load(sys.stdin)["variants"][0]["median_seconds"] * 1000))')
  echo "old racecheck: ${old_ms} ms per 100 processes (from the first fork to the last exit)"
fi
fi

if want 2; then
echo
echo "== 2. racecheck run models/ticket.yaml --counterexample (defaults: 100 clients, time scale 1) =="
forced() {  # BINARY -> "seconds exit_code trials"
  # A file of its own: the caller goes on once the line is read, while this subshell ends.
  local t0 t1 code=0 out
  out=$(mktemp -p "$WORK")
  t0=$(now)
  "$1" run models/ticket.yaml --counterexample --format json >"$out" || code=$?
  t1=$(now)
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("%.2f %s %d" % (float(sys.argv[2]), sys.argv[3], d["variants"][0]["trials"]))' \
    "$out" "$(calc "$t1 - $t0")" "$code"
}
read -r new_s new_code new_trials < <(forced "$RC")
echo "racecheck: ${new_s} s, exit ${new_code}, ${new_trials} trial(s)"
if [ -n "$OLD" ]; then
  read -r old_s old_code old_trials < <(forced "$OLD")
  echo "old racecheck: ${old_s} s, exit ${old_code}, ${old_trials} trial(s)"
  echo "old / new: $(calc "round($old_s / $new_s, 1)")x"
fi
fi

if want 3; then
echo
echo "== 3. conformance: $TRIALS trials per variant, ticket.yaml, 100 clients, --time-scale 0.01 =="
conformance() {  # BINARY STORE -> one line per variant
  "$1" run models/ticket.yaml --trials "$TRIALS" --time-scale 0.01 --store "$2" --prints none \
      --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for v in d["variants"]:
    print("  %-13s %-14s trials %4d  undecided %3d  diverged %4d  explained %4d  not checked %d" % (
        sys.argv[1], v["name"], v["trials"], v["undecided"], v["diverged"], v["explained"],
        v["not_checked"]))' "$2"
}
for store in file atomic-file memory; do
  t0=$(now)
  echo "racecheck, --store $store:"
  conformance "$RC" "$store" || true
  echo "  ($(calc "round($(now) - $t0, 1)") s)"
  if [ -n "$OLD" ]; then
    echo "old racecheck, --store $store:"
    conformance "$OLD" "$store" || true
  fi
done
fi

if want 4; then
echo
echo "== 4. $TRIALS2 trials of ticket.yaml, 100 clients, no lock, --time-scale 0.01: racecheck vs the tutorial's Python =="
t0=$(now)
"$RC" run models/ticket.yaml --without-locks --time-scale 0.01 --trials "$TRIALS2" \
    --prints none --format json | python3 -c '
import json, sys
v = json.load(sys.stdin)["variants"][0]
print("racecheck run: median trial %.1f ms (+ %.1f ms to start the processes), oversold in %d "
      "trials, trials with a crashed client %d, explained %d of %d" % (
          v["median_seconds"] * 1000, v["median_start_seconds"] * 1000, v["violating"],
          v["crashed"], v["explained"], v["trials"]))' || true
rc_total=$(calc "round($(now) - $t0, 1)")
t0=$(now)
python3 bench/process_start_ticket.py 100 "$TRIALS2" 0.01
py_total=$(calc "round($(now) - $t0, 1)")
echo "total: racecheck ${rc_total} s (every trial also judged), python ${py_total} s;" \
     "python / racecheck: $(calc "round($py_total / $rc_total, 1)")x"
fi
