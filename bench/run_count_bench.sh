#!/usr/bin/env bash
# run_count_bench.sh: what the schedule counts (issue 13) cost the default front door.
#
# No reference tool counts schedules, so the comparison is with racecheck before them: the
# default report of each case (`racecheck MODEL`, which now counts every variant's schedules,
# the chance of a violation at random, the model's time and what the locks remove) against
# BASE, the racecheck without counts, and against this racecheck with counting off
# (--count-states 0), which is the cost of the search and the report alone. Then the counting
# granularities on the ticket model: every step (up to the sizes where its graph fits) and the
# shared steps (what the default falls back to at 100 clients).
#
#   bench/run_count_bench.sh
#   BASE=/work/base/build-rel/racecheck RACECHECK=build/racecheck REPEAT=3 CLOCK=cpu \
#     bench/run_count_bench.sh
#
# Environment:
#   RACECHECK=path   this racecheck (default: build/racecheck at the repo root)
#   BASE=path        the racecheck to compare with (default: /work/base/build-rel/racecheck)
#   REPEAT=3         runs per measurement; the fastest (by the clock below) is kept
#   CLOCK=cpu        cpu: user + system seconds (steady on a loaded machine); wall: elapsed
#
# Timings by GNU time (/usr/bin/time -f "%e %U %S %M"). The load average is printed at the start
# and the end: other work on the machine inflates wall times, much less cpu times.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
RACECHECK=${RACECHECK:-$root/build/racecheck}
BASE=${BASE:-/work/base/build-rel/racecheck}
REPEAT=${REPEAT:-3}
CLOCK=${CLOCK:-cpu}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure BIN ARGS...: prints "seconds peak_MiB" of the fastest of REPEAT runs.
measure() {
  local best="" mib=0
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >"$tmp/out" 2>/dev/null || true
    read -r wall user sys rss < <(tail -1 "$tmp/time")
    local t
    if [[ $CLOCK == cpu ]]; then t=$(echo "$user + $sys" | bc -l); else t=$wall; fi
    if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then
      best=$t
      mib=$((rss / 1024))
    fi
  done
  printf "%.3f %d\n" "$best" "$mib"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "racecheck: $RACECHECK; base: $BASE; clock: $CLOCK; best of $REPEAT"
echo
echo "## The default front door (racecheck MODEL)"
echo
fmt="| %-36s | %9s | %9s | %7s | %12s | %9s |\n"
printf "$fmt" "case" "base s" "new s" "new/base" "no counts s" "new MiB"
printf "$fmt" "---" "---" "---" "---" "---" "---"
cases=(
  "models/ticket.yaml"
  "models/ticket.yaml --set clients=10"
  "models/ticket.yaml --set clients=2"
  "models/counter.yaml"
  "models/print_race.yaml"
  "models/pool.yaml"
  "models/deadlock.yaml"
)
for c in "${cases[@]}"; do
  # shellcheck disable=SC2086
  read -r b _ < <(measure "$BASE" $c)
  # shellcheck disable=SC2086
  read -r n mib < <(measure "$RACECHECK" $c)
  # shellcheck disable=SC2086
  read -r o _ < <(measure "$RACECHECK" $c --count-states 0)
  ratio=$(echo "if ($b > 0) $n / $b else 0" | bc -l)
  printf "$fmt" "$c" "$b" "$n" "$(printf %.1f "$ratio")" "$o" "$mib"
done
echo
echo "## Counting granularities on the ticket model"
echo
fmt2="| %-8s | %-7s | %9s | %8s | %-40s |\n"
printf "$fmt2" "clients" "steps" "s" "MiB" "schedules (as written / without locks)"
printf "$fmt2" "---" "---" "---" "---" "---"
for n in 2 5 10 12 100; do
  for steps in every shared; do
    if [[ $steps == every && $n -gt 12 ]]; then continue; fi
    read -r t mib < <(measure "$RACECHECK" models/ticket.yaml --set clients=$n \
      --count-steps $steps --count-states 20000000)
    "$RACECHECK" models/ticket.yaml --set clients=$n --count-steps $steps \
      --count-states 20000000 --format json >"$tmp/doc" 2>/dev/null || true
    counts=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def short(v):
    s = v["schedules"]
    if not s["counted"]: return "skipped"
    t = s["total"]
    return t if len(t) <= 12 else "%s.%se%d" % (t[0], t[1], len(t) - 1)
print(" / ".join(short(v) for v in d["variants"]))' "$tmp/doc")
    printf "$fmt2" "$n" "$steps" "$t" "$mib" "$counts"
  done
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
