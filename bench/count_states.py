#!/usr/bin/env python3
"""count_states.py: reachable states of bench/ticket_bench.yaml, by brute force, for any N.

An independent check on racecheck's state counts: this file shares no code with racecheck and
re-implements the model's semantics from the spec, not from the engine:

  state   = (count, sold, pcs, cs), one pc and one c per client
  pc      = R (before the read `c = count`), W (before the atomic write), D (done)
  initial = count = 1, sold = 0, every client at R with c = 0
  R -> W  : c = count
  W -> D  : atomic { if c > 0: count = c - 1; sold = sold + 1 }   (one step)
  locals are not reset; states are distinct tuples (no symmetry reduction, no other reduction)

It prints, for each N, the reachable states, the transitions (successor edges, counted with
duplicates), the BFS depth, the states that violate `sold <= 1`, the states where every client
is done, and the closed form 2^N + 5^N - 4^N; it checks every column against the closed forms
derived in bench/README.md and prints MISMATCH (and exits 1) where they differ.

With --racecheck BINARY it also runs racecheck on bench/ticket_bench.yaml for each N, with no
reduction (--no-reduce --all --threads 1 --format json), and checks that its states,
transitions, depth, violating states and terminal states are exactly these counts; a row where
they differ is marked MISMATCH too (and the exit code is 1). ctest runs it so (label: slow).

  python3 bench/count_states.py            N = 1..8 by BFS, in seconds
                                           (N = 1..10: ~6 minutes on a busy 2-cpu box, 0.7 GB)
  python3 bench/count_states.py 1 10       N = 1..10
  python3 bench/count_states.py 3          N = 3 only
  python3 bench/count_states.py --racecheck build/racecheck 1 8
"""
import json
import os
import subprocess
import sys

MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ticket_bench.yaml")

R, W, D = 0, 1, 2


def successors(state):
    """The successors of `state`, one per client that can still move, in client order."""
    count, sold, pcs, cs = state
    for i, pc in enumerate(pcs):
        if pc == R:    # c = count
            yield (count, sold, pcs[:i] + (W,) + pcs[i + 1:], cs[:i] + (count,) + cs[i + 1:])
        elif pc == W:  # atomic { if c > 0: count = c - 1; sold = sold + 1 }
            c = cs[i]
            if c > 0:
                yield (c - 1, sold + 1, pcs[:i] + (D,) + pcs[i + 1:], cs)
            else:
                yield (count, sold, pcs[:i] + (D,) + pcs[i + 1:], cs)


def pack(state):
    """A state as one int (the visited set holds ints, not tuples: N = 10 then fits in ~1 GB)."""
    count, sold, pcs, cs = state
    key = count * 64 + sold
    for pc, c in zip(pcs, cs):
        key = key * 8 + pc * 2 + c
    return key


def unpack(key, n):
    pcs, cs = [], []
    for _ in range(n):
        d = key & 7
        key >>= 3
        pcs.append(d >> 1)
        cs.append(d & 1)
    return (key >> 6, key & 63, tuple(reversed(pcs)), tuple(reversed(cs)))


def explore(n):
    """Breadth-first search; returns (states, transitions, depth, violating, all-done states)."""
    init = (1, 0, (R,) * n, (0,) * n)
    seen = {pack(init)}
    frontier = [pack(init)]
    transitions = 0
    depth = 0
    bad = 1 if init[1] > 1 else 0
    done = 1 if n == 0 else 0
    while frontier:
        nxt = []
        for key in frontier:
            for t in successors(unpack(key, n)):
                transitions += 1
                k = pack(t)
                if k not in seen:
                    seen.add(k)
                    nxt.append(k)
                    if t[1] > 1:  # the invariant sold <= 1 fails here
                        bad += 1
                    if all(pc == D for pc in t[2]):  # terminal: every client done
                        done += 1
        if nxt:
            depth += 1
        frontier = nxt
    return len(seen), transitions, depth, bad, done


def closed_form(n):
    return 2 ** n + 5 ** n - 4 ** n


def closed_form_transitions(n):
    # every state has one successor per client at R or W (see README)
    return n * 2 ** n + 3 * n * (5 ** (n - 1) - 4 ** (n - 1))


def closed_form_bad(n):
    # count = 0 states with at least two clients in class D1 (see README): 5^N - 4^N - N*4^(N-1)
    return 5 ** n - 4 ** n - n * 4 ** (n - 1)


def racecheck_counts(binary, n):
    """racecheck's (states, transitions, depth, violating, terminal) for N = n, or an error text."""
    cmd = [binary, MODEL, "--set", f"clients={n}", "--all", "--no-reduce", "--threads", "1",
           "--format", "json"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode not in (0, 1):  # 0: holds (N = 1), 1: violated; anything else failed
        return f"{' '.join(cmd)} exited {run.returncode}: {run.stderr.strip()}"
    try:
        variant = json.loads(run.stdout)["variants"][0]
        bad = sum(v["violating_states"] for v in variant["violations"]
                  if v["property"] == "at_most_one_sold")
        if not variant["complete"]:
            return "racecheck's search is incomplete"
        return (variant["states"], variant["transitions"], variant["depth"], bad,
                variant["terminal_states"])
    except (ValueError, KeyError, IndexError, TypeError) as e:
        return f"cannot read racecheck's JSON report: {e!r}"


def main(argv):
    binary = None
    if len(argv) >= 3 and argv[1] == "--racecheck":
        binary = argv[2]
        argv = argv[:1] + argv[3:]
    lo, hi = 1, 8
    if len(argv) == 2:
        lo = hi = int(argv[1])
    elif len(argv) >= 3:
        lo, hi = int(argv[1]), int(argv[2])
    print(f"{'N':>3} {'states':>12} {'transitions':>13} {'depth':>6} {'violating':>12} "
          f"{'all done':>9} {'2^N+5^N-4^N':>12}{'  racecheck' if binary else ''}")
    ok = True
    for n in range(lo, hi + 1):
        states, transitions, depth, bad, done = explore(n)
        cf = closed_form(n)
        agree = (states == cf and transitions == closed_form_transitions(n) and
                 bad == closed_form_bad(n) and depth == 2 * n and done == 2 ** n - 1)
        rc = ""
        if binary:
            got = racecheck_counts(binary, n)
            want = (states, transitions, depth, bad, done)
            if got == want:
                rc = "  agrees"
            else:
                agree = False
                rc = f"  {got}" if isinstance(got, str) else (
                    "  (states, transitions, depth, violating, all done) = " + str(got))
        ok = ok and agree
        print(f"{n:>3} {states:>12} {transitions:>13} {depth:>6} {bad:>12} {done:>9} {cf:>12}"
              f"{rc}{'' if agree else '   MISMATCH'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
