#!/usr/bin/env bash
# run_real_bench.sh: how cheap is a real process in `racecheck run`, next to the tutorial's
# Python? Two measurements, side by side in one run:
#   1. start and join 100 processes (racecheck: bench/process_start.yaml, one trivial step
#      each; Python: multiprocessing.Process, bench/process_start.py);
#   2. 100 trials of the ticket race with 100 clients, no lock, sleeps x 0.01 (racecheck:
#      models/ticket.yaml --without-locks; Python: the tutorial's script, process_start_ticket.py).
# Usage: bench/run_real_bench.sh [BUILD_DIR] [TRIALS]   (defaults: build-run, 100)
# Timings go to stdout as a table; nothing is left behind (each tool cleans its temp dirs).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-run}
TRIALS=${2:-100}
RC="$BUILD/racecheck"
[ -x "$RC" ] || { echo "build racecheck first: cmake --build $BUILD" >&2; exit 2; }

median_of() {  # racecheck run --format json on stdin -> "median_ms explained trials"
  python3 -c '
import json, sys
d = json.load(sys.stdin)
v = d["variants"][0]
print("%.1f %d %d %d %d" % (v["median_seconds"] * 1000, v["explained"], v["trials"],
                            v["violating"], v["crashed"]))'
}

echo "== 1. start and join 100 processes (median of 20) =="
read -r rc_ms rc_expl rc_n _ _ < <("$RC" run bench/process_start.yaml --trials 20 --format json |
                                  median_of)
echo "racecheck run: ${rc_ms} ms per 100 processes ($(python3 -c "print(round($rc_ms / 100, 2))") ms per process; each trial also logged and checked: $rc_expl of $rc_n explained)"
python3 bench/process_start.py 100 20

echo
echo "== 2. $TRIALS trials of ticket.yaml, 100 clients, no lock, --time-scale 0.01 =="
t0=$(date +%s.%N)
read -r rc_ms rc_expl rc_n rc_bad rc_crash < <("$RC" run models/ticket.yaml --set clients=100 \
    --without-locks --time-scale 0.01 --trials "$TRIALS" --format json | median_of)
t1=$(date +%s.%N)
echo "racecheck run: total $(python3 -c "print(round($t1 - $t0, 1))") s, median trial ${rc_ms} ms, oversold in $rc_bad trials, trials with a crashed client $rc_crash, explained $rc_expl of $rc_n"
python3 bench/process_start_ticket.py 100 "$TRIALS" 0.01
