#!/usr/bin/env bash
# run_scale_bench.sh: the "scale" targets (issue 4), each measured in one run, next to SPIN 6.5.2
# where SPIN has a say. Four parts, one table each, then a summary of target, figure, ratio and
# met / not met:
#
#   ticket      models/ticket.yaml at its defaults (100 clients, 1 ticket). The default run
#               checks both variants: the locked one exhaustively, the lock-free one until its
#               shortest oversell. racecheck has no flag to check only the locked variant, so
#               the locked figure is the whole default run (an upper bound: it includes start-up
#               and the lock-free search); the table also shows the locked search alone, by
#               --stats, and the default run minus a --without-locks run.
#               Targets: locked exhaustive < 1 s, lock-free oversell < 1 s.
#   largest     lock-free ticket race, exhaustive (bench/ticket_bench.yaml --all): the largest
#               N that finishes within LIMIT seconds, racecheck (default reductions and threads)
#               against SPIN (bench/ticket_spin.pml, pan defaults). racecheck's N is searched by
#               doubling, then bisection; every probe is printed. SPIN is probed at SPIN_N only
#               (and below it if that fails): N = 11 takes ~250 s and ~4.3 GB, so it is not run
#               unless SPIN_SEARCH=1, which probes upwards under the same limit.
#               Target: racecheck's N >= 3 x SPIN's N.
#   throughput  no reduction, one thread: bench/run_ticket_bench.sh at N = THROUGHPUT_N, i.e.
#               states/s and bytes/state against SPIN's defaults and against SPIN -DNOREDUCE.
#               Targets: states/s >= 2 x SPIN's; bytes/state <= SPIN's.
#   threads     racecheck --no-reduce --all at N = THREADS_N with --threads 1 and --threads 2:
#               wall and cpu seconds, speedup = wall(1 thread) / wall(2 threads).
#               Target: speedup >= 1.6.
#
#   bench/run_scale_bench.sh                  every part (~10-15 minutes on an idle 2-cpu machine)
#   bench/run_scale_bench.sh largest threads  only these parts, in this order
#   QUICK=1 bench/run_scale_bench.sh          smoke run: small N, 2 s limit; under a minute
#   RACECHECK=build-bench/racecheck LIMIT=30 bench/run_scale_bench.sh largest
#
# Environment:
#   RACECHECK=path     racecheck binary (default: build/racecheck at the repo root)
#   LIMIT=60           seconds allowed per run in 'largest' (GNU timeout, SIGINT then SIGKILL)
#   LARGEST_START=10   racecheck's first N in 'largest'; doubled until a run does not finish
#   LARGEST_MAX=4096   stop doubling here (the result is then reported as ">= N")
#   LARGEST_RES=1      stop bisecting when the bracket is this narrow (1: the exact largest N)
#   SPIN_N=10          SPIN's probe in 'largest' (the reference: ~22-28 s at 10, ~250 s at 11)
#   SPIN_SEARCH=1      also probe SPIN above SPIN_N, each run bounded by LIMIT
#   THROUGHPUT_N=10    N for 'throughput' (run_ticket_bench.sh; CLOCK=cpu passes through)
#   THREADS_N=10       N for 'threads'
#   TICKET_REPEAT=3    runs of each 'ticket' measurement; the fastest (by wall) is kept
#   QUICK=1            defaults for a smoke run: LIMIT=2 LARGEST_START=4 SPIN_N=7
#                      THROUGHPUT_N=7 THREADS_N=8 TICKET_REPEAT=1 (explicit settings still win)
#   KEEP=1             keep the temporary folder (outputs of every run) and print its path
#
# Timings come from GNU time (/usr/bin/time -f "%e %U %S %M": wall, user, sys, peak RSS).
# racecheck's exit codes (docs/cli.md): 0 holds, 1 violated (expected for the lock-free ticket
# race), 2 model or usage error, 3 incomplete; a run stopped by timeout shows as 'timeout'.
# Other agents' work on the same machine inflates every figure: the load average is printed at
# the start and the end; rerun on an idle machine for figures to quote.
# SC2059: the tables' header and rows share one printf format in a variable, on purpose.
# shellcheck disable=SC2059
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  q_limit=2 q_start=4 q_spin=7 q_tput=7 q_threads=8 q_repeat=1
else
  q_limit=60 q_start=10 q_spin=10 q_tput=10 q_threads=10 q_repeat=3
fi
RACECHECK=${RACECHECK:-$root/build/racecheck}
LIMIT=${LIMIT:-$q_limit}
LARGEST_START=${LARGEST_START:-$q_start}
LARGEST_MAX=${LARGEST_MAX:-4096}
LARGEST_RES=${LARGEST_RES:-1}
SPIN_N=${SPIN_N:-$q_spin}
SPIN_SEARCH=${SPIN_SEARCH:-0}
THROUGHPUT_N=${THROUGHPUT_N:-$q_tput}
THREADS_N=${THREADS_N:-$q_threads}
TICKET_REPEAT=${TICKET_REPEAT:-$q_repeat}
PAN_RUN_FLAGS=${PAN_RUN_FLAGS:--c0 -m100000}
GNU_TIME=/usr/bin/time
usage="usage: run_scale_bench.sh [all|ticket|largest|throughput|threads ...]"

die() { echo "run_scale_bench.sh: $*" >&2; exit 2; }
is_count() { [[ $1 =~ ^[0-9]+$ && $1 -ge 1 ]]; }

parts=()
for arg in "${@:-all}"; do
  case $arg in
    all) parts+=(ticket largest throughput threads) ;;
    ticket | largest | throughput | threads) parts+=("$arg") ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) die "$usage; found '$arg'" ;;
  esac
done
for var in LIMIT LARGEST_START LARGEST_MAX LARGEST_RES SPIN_N THROUGHPUT_N THREADS_N \
  TICKET_REPEAT; do
  is_count "${!var}" || die "$var must be a whole number >= 1, found '${!var}'"
done
[[ -x $GNU_TIME ]] || die "GNU time is missing: apt-get install -y time"
command -v timeout >/dev/null || die "GNU timeout is missing (coreutils)"
[[ -x $RACECHECK ]] || die "no racecheck binary at '$RACECHECK' (set RACECHECK=...)"
RACECHECK=$(realpath "$RACECHECK")  # every run starts in its own folder
if [[ " ${parts[*]} " == *" largest "* || " ${parts[*]} " == *" throughput "* ]]; then
  command -v spin >/dev/null || die "spin is missing: apt-get install -y spin"
  command -v gcc >/dev/null || die "gcc is missing"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/scale_bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
  echo "keeping $tmp" >&2
else
  trap 'rm -rf "$tmp"' EXIT
fi

# Arithmetic helpers (awk: bash has no floats). '-' propagates as "no value".
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN {
  if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf(f, a / b) }'; }
sub_s() { awk -v a="$1" -v b="$2" 'BEGIN {
  if (a == "-" || b == "-") print "-"; else printf("%.2f", a - b) }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "-") print "-"; else printf("%.1f", k / 1024) }'; }
# lt A B: true when A < B (false when either is '-').
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "-" && b != "-" && a + 0 < b + 0) }'; }
met() { if "$@"; then echo met; else echo "NOT met"; fi; }

# timed DIR [timeout LIMIT] CMD...: run CMD in DIR under GNU time (stdout, stderr to files).
# Afterwards DIR/figures holds "exit wall_s cpu_s rss_kib"; with timeout, exit 124 = too slow.
timed() {
  local dir=$1 status=0
  shift
  mkdir -p "$dir"
  (cd "$dir" && "$GNU_TIME" -f "%e %U %S %M" -o time.txt "$@" >out.txt 2>err.txt) || status=$?
  # time.txt ends with "%e %U %S %M"; a "Command exited with non-zero status" line may precede.
  tail -n 1 "$dir/time.txt" | awk -v st="$status" '{ printf("%s %s %.2f %s\n", st, $1, $2 + $3, $4) }' \
    >"$dir/figures"
}
bounded=(timeout -s INT -k 10 "$LIMIT")  # a run of 'largest': SIGINT at LIMIT, SIGKILL 10 s on

# rc_stats FILE VARIANT -> "states seconds" from racecheck's --stats line, or "- -".
rc_stats() {
  sed -n "s/^stats ($2): \([0-9]*\) states,.* \([0-9.]*\) s, .*/\1 \2/p" "$1" | head -n 1 |
    grep . || echo "- -"
}

verdict() {
  case $1 in
    0) echo "holds (0)" ;;
    1) echo "violated (1)" ;;
    2) echo "error (2)" ;;
    3) echo "incomplete (3)" ;;
    124) echo "timeout (> ${LIMIT} s)" ;;
    137) echo "killed (137)" ;;
    *) echo "exit $1" ;;
  esac
}

summary=()  # rows "target|figure|ratio|met", printed at the end
add_summary() { summary+=("$1|$2|$3|$4"); }

echo "# racecheck scale targets (issue 4), side by side with SPIN $(spin -V 2>/dev/null |
  awk '{ print $3 }')"
echo "# host: $(nproc) cpus, $(awk '/MemTotal/ { printf("%.1f GiB", $2 / 1048576) }' /proc/meminfo)," \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# racecheck: $RACECHECK ($("$RACECHECK" --version 2>/dev/null || echo "version unknown")," \
  "tree $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "unknown"))"
quick_note=""
[[ $QUICK == 1 ]] && quick_note="; QUICK=1: a smoke run, not figures to quote"
echo "# parts: ${parts[*]}; LIMIT=$LIMIT s$quick_note"
echo "# time: GNU time: s = wall seconds, cpu = user + sys seconds, MiB = peak RSS"

# ---- 1. ticket.yaml at its defaults -----------------------------------------------------------

# best_of DIR CMD...: TICKET_REPEAT runs of CMD; DIR/best is the fastest one's folder.
best_of() {
  local dir=$1 i best="" best_s=""
  shift
  for ((i = 1; i <= TICKET_REPEAT; i++)); do
    timed "$dir/$i" "$@"
    local s
    s=$(awk '{ print $2 }' "$dir/$i/figures")
    if [[ -z $best ]] || lt "$s" "$best_s"; then best="$dir/$i" best_s=$s; fi
  done
  ln -s "$best" "$dir/best"
}

part_ticket() {
  local model=$root/models/ticket.yaml dir=$tmp/ticket
  echo
  echo "## 1. models/ticket.yaml at its defaults (best of $TICKET_REPEAT runs each)"
  echo "#  both:      racecheck models/ticket.yaml --stats -q           (exit 0: the lock holds)"
  echo "#  lock-free: racecheck models/ticket.yaml --without-locks --stats -q   (exit 1: oversell)"
  echo "#  racecheck has no flag that checks only the locked variant: see 'locked'"
  best_of "$dir/both" "$RACECHECK" "$model" --stats -q
  best_of "$dir/free" "$RACECHECK" "$model" --without-locks --stats -q
  local b_st b_s b_cpu b_k f_st f_s f_cpu f_k
  read -r b_st b_s b_cpu b_k <"$dir/both/best/figures"
  read -r f_st f_s f_cpu f_k <"$dir/free/best/figures"
  local lw_states lw_s ln_states ln_s fw_states fw_s
  read -r lw_states lw_s < <(rc_stats "$dir/both/best/err.txt" "as written")
  read -r ln_states ln_s < <(rc_stats "$dir/both/best/err.txt" "without locks")
  read -r fw_states fw_s < <(rc_stats "$dir/free/best/err.txt" "without locks")
  local fmt='%-34s %-14s %9s %8s %7s %7s %8s\n'
  printf "$fmt" run verdict states "search s" s cpu MiB
  printf "$fmt" "default run: as written (locked)" "$(verdict "$b_st")" "$lw_states" "$lw_s" \
    "$b_s" "$b_cpu" "$(mib "$b_k")"
  printf "$fmt" "default run: without locks" "" "$ln_states" "$ln_s" "" "" ""
  printf "$fmt" "--without-locks run" "$(verdict "$f_st")" "$fw_states" "$fw_s" "$f_s" "$f_cpu" \
    "$(mib "$f_k")"
  local diff
  diff=$(sub_s "$b_s" "$f_s")
  echo "locked: whole default run $b_s s (upper bound: start-up + both variants); locked search" \
    "alone $lw_s s by --stats; default run - --without-locks run = $diff s"
  echo "lock-free: --without-locks run $f_s s (whole process); search $fw_s s by --stats"
  [[ $b_st == 0 ]] || echo "warning: the default run exited $b_st, expected 0 (the lock holds)"
  [[ $f_st == 1 ]] || echo "warning: the --without-locks run exited $f_st, expected 1 (oversell)"
  add_summary "ticket: locked exhaustive < 1 s" "$b_s s whole run ($lw_s s search)" \
    "$(div "$b_s" 1 "%.2f") of 1 s" "$(met lt "$b_s" 1)"
  add_summary "ticket: lock-free oversell < 1 s" "$f_s s whole run ($fw_s s search)" \
    "$(div "$f_s" 1 "%.2f") of 1 s" "$(met lt "$f_s" 1)"
}

# ---- 2. largest N within LIMIT seconds --------------------------------------------------------

probe_fmt='%-9s %6s %8s %7s %11s %8s  %s\n'

# probe_rc N: one racecheck run bounded by LIMIT; prints its row; true when it finished in time.
probe_rc() {
  local n=$1 dir=$tmp/largest/rc_$1 st s cpu k states
  timed "$dir" "${bounded[@]}" "$RACECHECK" "$here/ticket_bench.yaml" --set "clients=$n" --all \
    --stats -q
  read -r st s cpu k <"$dir/figures"
  read -r states _ < <(rc_stats "$dir/err.txt" "as written")
  printf "$probe_fmt" racecheck "$n" "$s" "$cpu" "$states" "$(mib "$k")" "$(verdict "$st")" >&2
  printf "$probe_fmt" racecheck "$n" "$s" "$cpu" "$states" "$(mib "$k")" "$(verdict "$st")" \
    >>"$tmp/largest/probes"
  [[ $st == 0 || $st == 1 ]]
}

# probe_spin N: pan for N (compile not timed), run bounded by LIMIT; true when it finished.
probe_spin() {
  local n=$1 dir=$tmp/largest/spin_$1 st s cpu k states
  mkdir -p "$dir"
  if ! (cd "$dir" && spin "-DN=$n" -a "$here/ticket_spin.pml" >spin.out 2>&1 &&
        gcc -O2 -DSAFETY -o pan pan.c >gcc.out 2>&1); then
    echo "spin/gcc failed for N=$n; see $dir" >&2
    return 1
  fi
  # shellcheck disable=SC2086
  timed "$dir" "${bounded[@]}" ./pan $PAN_RUN_FLAGS
  read -r st s cpu k <"$dir/figures"
  states=$(awk '/states, stored/ { print $1; exit }' "$dir/out.txt")
  local done=0 what
  # pan's exit status reflects the errors -c0 lets it count; finished = in time, with a count.
  if [[ $st != 124 && -n $states ]] && ! grep -q "out of memory" "$dir/out.txt"; then
    done=1 what="finished (exit $st)"
  else
    what=$(verdict "$st")
  fi
  printf "$probe_fmt" spin "$n" "$s" "$cpu" "${states:--}" "$(mib "$k")" "$what" >&2
  printf "$probe_fmt" spin "$n" "$s" "$cpu" "${states:--}" "$(mib "$k")" "$what" \
    >>"$tmp/largest/probes"
  [[ $done == 1 ]]
}

part_largest() {
  mkdir -p "$tmp/largest"
  : >"$tmp/largest/probes"
  echo
  echo "## 2. lock-free ticket race, exhaustive: the largest N within $LIMIT s"
  echo "#  racecheck: bench/ticket_bench.yaml --set clients=N --all --stats -q (default reductions"
  echo "#             and threads: $(nproc) cpus); exit 1 = violated, expected"
  echo "#  spin:      bench/ticket_spin.pml, gcc -O2 -DSAFETY, ./pan $PAN_RUN_FLAGS (one thread;"
  echo "#             partial-order reduction on); compile not timed"
  echo "#  every run: timeout -s INT $LIMIT; states = racecheck's --stats / pan's 'states, stored'"
  echo "probes (also on stderr as they run):" >&2
  printf "$probe_fmt" tool N s cpu states MiB verdict >&2

  # racecheck: double from LARGEST_START while runs finish, then bisect [lo finished, hi not].
  local lo=0 hi=0 n=$LARGEST_START capped=0
  while :; do
    if probe_rc "$n"; then
      lo=$n
      if ((n >= LARGEST_MAX)); then capped=1; break; fi
      n=$((n * 2 > LARGEST_MAX ? LARGEST_MAX : n * 2))
    else
      hi=$n
      break
    fi
  done
  if [[ $capped == 0 ]]; then
    while ((hi - lo > LARGEST_RES)); do
      n=$(((lo + hi) / 2))
      if probe_rc "$n"; then lo=$n; else hi=$n; fi
    done
  fi

  # SPIN: SPIN_N, then down while it does not finish, or up while it does (SPIN_SEARCH=1).
  local s_lo=0 s_hi=0
  n=$SPIN_N
  if probe_spin "$n"; then
    s_lo=$n
    if [[ $SPIN_SEARCH == 1 ]]; then
      while probe_spin $((n + 1)); do n=$((n + 1)); s_lo=$n; done
      s_hi=$((n + 1))
    fi
  else
    s_hi=$n
    while ((n > 1)); do
      n=$((n - 1))
      if probe_spin "$n"; then s_lo=$n; break; fi
    done
  fi

  printf "$probe_fmt" tool N s cpu states MiB verdict
  sort -k1,1 -k2,2n "$tmp/largest/probes"
  local rc_n=$lo spin_note
  [[ $capped == 1 ]] && rc_n=">=$lo"
  if [[ $s_hi == 0 ]]; then
    spin_note="N = $((s_lo + 1)) not run: SPIN_SEARCH=1 probes it"
    ((s_lo + 1 == 11)) && spin_note+="; reference: ~250 s and ~4.3 GB at N = 11"
  else
    spin_note="N = $s_hi did not finish within $LIMIT s"
  fi
  local rc_note="racecheck: largest N within $LIMIT s = $rc_n"
  if ((LARGEST_RES > 1 && capped == 0)); then rc_note+=" (N = $hi did not finish)"; fi
  echo "$rc_note"
  echo "spin:      largest N within $LIMIT s = $s_lo ($spin_note)"
  local ratio
  ratio=$(div "$lo" "$s_lo" "%.2f")
  echo "ratio:     $ratio x SPIN's N (target >= 3)"
  add_summary "largest N in $LIMIT s >= 3 x SPIN's" "racecheck $rc_n, SPIN $s_lo" "${ratio} x" \
    "$(met awk -v r="$ratio" 'BEGIN { exit !(r != "-" && r + 0 >= 3) }')"
}

# ---- 3. unreduced throughput against SPIN (bench/run_ticket_bench.sh) ------------------------

part_throughput() {
  local n=$THROUGHPUT_N out=$tmp/throughput.txt
  echo
  echo "## 3. throughput without reduction, one thread, N = $n: bench/run_ticket_bench.sh $n"
  RACECHECK=$RACECHECK "$here/run_ticket_bench.sh" "$n" | tee "$out"
  # The row of N in each table ends with: rate x, B/state x, time x.
  local table
  for table in defaults without; do
    local label s_rate s_bps r_rate r_bps rate bps
    # Fields: N | spin: states s cpu states/s MiB B/state | rc: the same | rate x B/state x time x
    read -r s_rate s_bps r_rate r_bps rate bps < <(awk -v n="$n" -v t="$table" '
      /^## / { on = index($0, t) > 0 }
      on && $1 == n && $2 == "|" { print $6, $8, $13, $15, $17, $18; exit }' "$out" | grep . ||
      echo "- - - - - -")
    if [[ $table == defaults ]]; then label="SPIN"; else label="SPIN -DNOREDUCE"; fi
    # Targets: at least 2 x SPIN's states/s, no more bytes per state than SPIN.
    add_summary "throughput N=$n vs $label: states/s >= 2 x" "rc $r_rate, spin $s_rate" \
      "$rate x" "$(met awk -v r="$rate" 'BEGIN { exit !(r != "-" && r + 0 >= 2) }')"
    add_summary "throughput N=$n vs $label: bytes/state <= 1 x" "rc $r_bps, spin $s_bps" \
      "$bps x" "$(met awk -v r="$bps" 'BEGIN { exit !(r != "-" && r + 0 <= 1) }')"
  done
}

# ---- 4. parallel speedup ----------------------------------------------------------------------

part_threads() {
  local n=$THREADS_N dir=$tmp/threads t
  echo
  echo "## 4. parallel speedup: bench/ticket_bench.yaml --set clients=$n --no-reduce --all"
  echo "#  load average before: $(cut -d' ' -f1-3 /proc/loadavg) (another busy process takes a core"
  echo "#  from the 2-thread run: then its cpu/s stays near 1 and the speedup means nothing)"
  [[ $(nproc) -ge 2 ]] || echo "warning: $(nproc) cpu: two threads cannot run in parallel here"
  local fmt='%7s %11s %8s %8s %8s %8s %10s  %s\n'
  printf "$fmt" threads states s cpu cpu/s MiB states/s verdict
  declare -A wall cpu
  for t in 1 2; do
    timed "$dir/$t" "$RACECHECK" "$here/ticket_bench.yaml" --set "clients=$n" --no-reduce --all \
      --stats -q --threads "$t"
    local st s c k states
    read -r st s c k <"$dir/$t/figures"
    read -r states _ < <(rc_stats "$dir/$t/err.txt" "as written")
    wall[$t]=$s cpu[$t]=$c
    printf "$fmt" "$t" "$states" "$s" "$c" "$(div "$c" "$s" "%.2f")" "$(mib "$k")" \
      "$(div "$states" "$s" "%.0f")" "$(verdict "$st")"
  done
  local speedup
  speedup=$(div "${wall[1]}" "${wall[2]}" "%.2f")
  echo "speedup (wall 1 thread / wall 2 threads): $speedup x (target >= 1.6);" \
    "cpu 2 threads / cpu 1 thread: $(div "${cpu[2]}" "${cpu[1]}" "%.2f")"
  echo "cpu/s of the 2-thread run: near 2 = both cores worked; near 1 = one core (busy machine)"
  add_summary "2-thread speedup >= 1.6 (N=$n, no reduce)" "${wall[1]} s -> ${wall[2]} s wall" \
    "$speedup x" "$(met awk -v r="$speedup" 'BEGIN { exit !(r != "-" && r + 0 >= 1.6) }')"
}

for part in "${parts[@]}"; do
  "part_$part"
done

echo
echo "## summary"
fmt='%-50s %-34s %-12s %s\n'
printf "$fmt" target figure ratio met
for row in "${summary[@]}"; do
  IFS='|' read -r target figure ratio ok <<<"$row"
  printf "$fmt" "$target" "$figure" "$ratio" "$ok"
done
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
