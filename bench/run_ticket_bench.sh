#!/usr/bin/env bash
# run_ticket_bench.sh: racecheck against SPIN 6.5.2 on the ticket race, side by side.
#
# For each N it checks bench/ticket_spin.pml with SPIN (pan built with gcc -O2 -DSAFETY, run
# with -c0: exhaustive, do not stop at errors) and bench/ticket_bench.yaml with racecheck
# (--all: exhaustive, count violations, do not stop), times each run with GNU time (wall
# seconds and peak RSS), and prints one table. SPIN's compile is not timed. Both tools find
# the violation of sold <= 1 for N >= 2: pan reports errors, racecheck exits 1; both expected.
#
#   bench/run_ticket_bench.sh              N = 2..10
#   bench/run_ticket_bench.sh 2 11         N = 2..11 (N = 11: SPIN ~4.3 GB and minutes)
#   bench/run_ticket_bench.sh 10           N = 10 only
#   RACECHECK=build-bench/racecheck bench/run_ticket_bench.sh 8 10
#
# Environment:
#   RACECHECK=path        racecheck binary (default: build/racecheck next to this folder);
#                         when it is missing, only SPIN runs and racecheck's columns show '-'
#   SPIN_NOREDUCE=0       skip the second SPIN build with -DNOREDUCE (partial-order reduction
#                         off); by default it runs too and gets its own table
#   PAN_RUN_FLAGS=...     pan's flags (default: -c0 -m100000)
#   CLOCK=cpu             states/s (and the ratios) from CPU seconds instead of wall seconds:
#                         steadier on a loaded machine (both tools are single-threaded)
#   KEEP=1                keep the temporary folder (pan sources, outputs) and print its path
#
# The main comparison is against SPIN's defaults (partial-order reduction on), as the reference
# figures are; the -DNOREDUCE table is the like-for-like one, since racecheck has no reduction.
# states/s = stored states / wall seconds; bytes/state = peak RSS / stored states. The two tools
# count different states (see bench/README.md), so the table also shows the plain time ratio.
# SC2034: spin_default/spin_noreduce are read through a nameref; SC2059: print_table's header and
# rows share one printf format in a variable, on purpose.
# shellcheck disable=SC2034,SC2059
set -euo pipefail

lo=${1:-2}
hi=${2:-${1:-10}}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
RACECHECK=${RACECHECK:-$root/build/racecheck}
SPIN_NOREDUCE=${SPIN_NOREDUCE:-1}
PAN_RUN_FLAGS=${PAN_RUN_FLAGS:--c0 -m100000}
CLOCK=${CLOCK:-wall}
GNU_TIME=/usr/bin/time

die() { echo "run_ticket_bench.sh: $*" >&2; exit 2; }
[[ $lo =~ ^[0-9]+$ && $hi =~ ^[0-9]+$ && $lo -ge 1 && $lo -le $hi ]] ||
  die "usage: run_ticket_bench.sh [N_LO [N_HI]] (1 <= N_LO <= N_HI), found '$*'"
[[ $CLOCK == wall || $CLOCK == cpu ]] || die "CLOCK must be wall or cpu, found '$CLOCK'"
[[ -x $GNU_TIME ]] || die "GNU time is missing: apt-get install -y time"
command -v spin >/dev/null || die "spin is missing: apt-get install -y spin"
command -v gcc >/dev/null || die "gcc is missing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ticket_bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
  echo "keeping $tmp" >&2
else
  trap 'rm -rf "$tmp"' EXIT
fi

# racecheck's optional flags: only pass what its --help lists.
have_rc=0
rc_flags=(--all --stats --quiet)
if [[ -x $RACECHECK ]]; then
  have_rc=1
  # The top-level --help lists commands; check's options are under 'check --help': read both.
  rc_help=$({ "$RACECHECK" --help; "$RACECHECK" check --help; } 2>&1 || true)
  if grep -q -- '--threads' <<<"$rc_help"; then rc_flags+=(--threads 1); fi
  if grep -q -- '--no-reduce' <<<"$rc_help"; then rc_flags+=(--no-reduce); fi
else
  echo "note: no racecheck binary at '$RACECHECK' (set RACECHECK=...): SPIN only" >&2
fi

# Arithmetic helpers (awk: bash has no floats). '-' propagates as "no value".
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN {
  if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf(f, a / b) }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "-") print "-"; else printf("%.1f", k / 1024) }'; }
bps() { awk -v k="$1" -v s="$2" 'BEGIN {
  if (k == "-" || s == "-" || s + 0 == 0) print "-"; else printf("%.0f", k * 1024 / s) }'; }

# A run's figures: "states wall_s cpu_s rss_kib" ("- - - -" when there are none). GNU time's
# -o file ends with "%e %U %S %M" (a "Command exited with non-zero status" line may precede it).
figures() { tail -n 1 "$2" | awk -v st="$1" '{ printf("%s %s %.2f %s\n", st, $1, $2 + $3, $4) }'; }

# run_pan N MODE -> figures; MODE is default or noreduce.
run_pan() {
  local n=$1 mode=$2 dir="$tmp/pan_$1_$2" defs=(-O2 -DSAFETY)
  [[ $mode == noreduce ]] && defs+=(-DNOREDUCE)
  mkdir -p "$dir"
  if ! (cd "$dir" && spin "-DN=$n" -a "$here/ticket_spin.pml" >spin.out 2>&1 &&
        gcc "${defs[@]}" -o pan pan.c >gcc.out 2>&1); then
    echo "spin/gcc failed for N=$n ($mode); see $dir" >&2
    echo "- - - -"; return
  fi
  # pan's exit status reflects the errors it found; -c0 makes them expected. Judge the output.
  # shellcheck disable=SC2086
  (cd "$dir" && "$GNU_TIME" -f "%e %U %S %M" -o time.txt ./pan $PAN_RUN_FLAGS >pan.out 2>&1) || true
  local states
  states=$(awk '/states, stored/ { print $1; exit }' "$dir/pan.out")
  if [[ -z $states ]] || grep -q "out of memory" "$dir/pan.out"; then
    echo "pan did not finish for N=$n ($mode):" >&2
    tail -n 5 "$dir/pan.out" >&2
    echo "- - - -"; return
  fi
  figures "$states" "$dir/time.txt"
}

# run_rc N -> figures.
run_rc() {
  local n=$1 dir="$tmp/rc_$1" status=0
  if [[ $have_rc != 1 ]]; then echo "- - - -"; return; fi
  mkdir -p "$dir"
  "$GNU_TIME" -f "%e %U %S %M" -o "$dir/time.txt" "$RACECHECK" "$here/ticket_bench.yaml" \
    --set "clients=$n" "${rc_flags[@]}" >"$dir/out.txt" 2>"$dir/err.txt" || status=$?
  # 0: the invariant holds (N = 1); 1: violated (N >= 2). Anything else is a failed run.
  local states
  states=$(sed -n 's/^stats ([^)]*): \([0-9]*\) states,.*/\1/p' "$dir/err.txt" | head -n 1)
  if [[ ($status -ne 0 && $status -ne 1) || -z $states ]]; then
    echo "racecheck failed for N=$n (exit $status):" >&2
    tail -n 5 "$dir/err.txt" >&2
    echo "- - - -"; return
  fi
  figures "$states" "$dir/time.txt"
}

echo "# ticket race: racecheck vs SPIN $(spin -V | awk '{ print $3 }'), N = $lo..$hi"
echo "# host: $(nproc) cpus, $(awk '/MemTotal/ { printf("%.1f GiB", $2 / 1048576) }' /proc/meminfo)," \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# pan: gcc -O2 -DSAFETY [-DNOREDUCE]; ./pan $PAN_RUN_FLAGS"
if [[ $have_rc == 1 ]]; then
  echo "# racecheck: $RACECHECK <model> --set clients=N ${rc_flags[*]}"
fi
echo "# time: GNU time: s = wall seconds (%e), cpu = user + sys seconds (%U + %S), MiB = peak RSS"
echo "#       (%M); states/s = states / ${CLOCK} seconds; SPIN's compile is not timed"

declare -A spin_default spin_noreduce rc
for ((n = lo; n <= hi; n++)); do
  echo "N=$n: pan (default) ..." >&2
  spin_default[$n]=$(run_pan "$n" default)
  if [[ $SPIN_NOREDUCE == 1 ]]; then
    echo "N=$n: pan (-DNOREDUCE) ..." >&2
    spin_noreduce[$n]=$(run_pan "$n" noreduce)
  fi
  echo "N=$n: racecheck ..." >&2
  rc[$n]=$(run_rc "$n")
done

# print_table TITLE ARRAY-NAME: one row per N, SPIN figures from the named array.
print_table() {
  local title=$1
  local -n spin_row=$2
  local fmt='%3s | %11s %7s %7s %10s %7s %7s | %11s %7s %7s %10s %7s %7s | %6s %9s %6s\n'
  echo
  echo "## $title"
  printf "$fmt" N "spin states" s cpu states/s MiB B/state "rc states" s cpu states/s MiB B/state \
    "rate x" "B/state x" "time x"
  local n ss sw sc sk rs rw rc_cpu rk s_rate r_rate s_bps r_bps s_t r_t
  for ((n = lo; n <= hi; n++)); do
    read -r ss sw sc sk <<<"${spin_row[$n]}"
    read -r rs rw rc_cpu rk <<<"${rc[$n]}"
    if [[ $CLOCK == cpu ]]; then s_t=$sc r_t=$rc_cpu; else s_t=$sw r_t=$rw; fi
    s_rate=$(div "$ss" "$s_t" "%.0f")
    r_rate=$(div "$rs" "$r_t" "%.0f")
    s_bps=$(bps "$sk" "$ss")
    r_bps=$(bps "$rk" "$rs")
    printf "$fmt" "$n" "$ss" "$sw" "$sc" "$s_rate" "$(mib "$sk")" "$s_bps" \
      "$rs" "$rw" "$rc_cpu" "$r_rate" "$(mib "$rk")" "$r_bps" \
      "$(div "$r_rate" "$s_rate" "%.2f")" "$(div "$r_bps" "$s_bps" "%.2f")" \
      "$(div "$s_t" "$r_t" "%.2f")"
  done
}

print_table "racecheck vs SPIN defaults (gcc -O2 -DSAFETY: partial-order reduction on)" \
  spin_default
if [[ $SPIN_NOREDUCE == 1 ]]; then
  print_table "racecheck vs SPIN without reduction (gcc -O2 -DSAFETY -DNOREDUCE)" spin_noreduce
fi
echo
echo "seconds for states/s and the ratios: $CLOCK"
cat <<'EOF'
rate x    = racecheck states/s / SPIN states/s         (> 1: racecheck stores states faster)
B/state x = racecheck bytes/state / SPIN bytes/state   (< 1: racecheck uses less memory per state)
time x    = SPIN seconds / racecheck seconds           (> 1: racecheck finishes sooner)
'-' = no figure: the tool is missing or failed, or a run too short for GNU time's 0.01 s.
EOF

# racecheck's counts against the closed form 2^N + 5^N - 4^N (bench/README.md).
if [[ $have_rc == 1 ]]; then
  bad=""
  for ((n = lo; n <= hi; n++)); do
    read -r rs _ <<<"${rc[$n]}"
    expected=$(( (1 << n) + 5 ** n - 4 ** n ))
    [[ $rs == "$expected" ]] || bad+=" N=$n: $rs states, expected $expected;"
  done
  if [[ -z $bad ]]; then
    echo "racecheck's state counts match 2^N + 5^N - 4^N for N = $lo..$hi"
  else
    echo "racecheck's state counts DIFFER from 2^N + 5^N - 4^N:$bad"
  fi
fi
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
