#!/usr/bin/env python3
"""ticket_counts.py: the figures of `racecheck models/ticket.yaml`, recomputed from first principles.

An independent check on tests/golden/cli/ticket.txt. This file shares no code with racecheck: it
re-implements models/ticket.yaml's semantics and the three reductions from their descriptions
(docs/architecture.md, "Reductions" and "Partial-order reduction"), enumerates the state space
breadth-first as racecheck's search does, and prints the figures of the report's table: states,
transitions, terminal states, depth, states expanded by one process alone, verdict. It also
checks them against the closed forms derived by hand in tests/golden/cli/ticket.md.

  python3 tests/golden/cli/ticket_counts.py                 N = 1..8 and 100, all reductions
  python3 tests/golden/cli/ticket_counts.py 3 --no-reduce   one N, one set of reductions
  python3 tests/golden/cli/ticket_counts.py --check --racecheck build/racecheck
        the test (ctest `ticket_counts_script`): the closed forms for N = 1..12 and 100, and
        racecheck's JSON figures for N = 1..4 under each of the 8 combinations of reductions,
        for N = 5, 6, 10 with all of them (each with and without --all) and for N = 100 (without);
        both variants; exit 1 on any mismatch

The model, one client, step by step (pc = the step's place in the program, in program order):

  pc  step (models/ticket.yaml)          shared reads  shared writes  locals
  0   seen = count                       count                        writes seen
  1   print "remaining tickets: {seen}"                               reads seen
  2   acquire: lock                      (blocks while another client holds the lock)
  3   c = count   (then sleep: no step)  count                        writes c
  4   if c > 0    (then sleep: no step)                               reads c; false: to 7
  5   atomic {count = c - 1; sold += 1}  sold          count, sold    reads c
  6   print "purchase succeeded"
  7   release: lock
  8   (finished)

Without locks (`--without-locks`), 2 and 7 are no steps at all: 1 goes on to 3, 4 (false) and 6
to 8. A client holds the lock at pcs 3..7 (every release is done by the holder, so the owner
field is implied by the pcs). Shared: count = tickets = 1, sold = 0; invariant sold <= 1.

The reductions, as documented:
  local (fusion + dead locals): steps 1, 4, 6 read only the client's own locals (a print, a test;
      not in an atomic group, on no cycle), so each runs fused with the step before it; no
      assert or range check can fail in them. A local dead at the pc where a step ends (not read
      before it is overwritten) is reset to its initial 0: seen is live only at pc 1, c only at
      pcs 4 and 5. Off with --no-local-reduction.
  symmetry: the N clients are interchangeable (no step reads self): a state is stored with its
      clients sorted by (pc, seen, c); from a stored state, of several identical clients only the
      first is run (the others give the same state up to a permutation). Off with --no-symmetry.
  partial order: in a state, the first client (in stored order) whose step qualifies runs alone.
      A step qualifies when it acquires nothing; releases only a lock it holds; each shared
      variable it reads is written by no other client, or every write of it anywhere is made
      holding a lock the client holds; each shared variable it writes is read and written by no
      other client, or every access of it is made holding such a lock; and if it writes a
      variable the invariant reads (sold), then sold is frozen the same way (as if read).
      Dynamically: it is enabled and moves the pc forward (every step here does). Off with
      --no-partial-order.
The search: breadth-first, level by level, successors in client order; without --all it stops
at the end of the round (4096 states of one level) in which a violation first shows. Its depth
is the last level it expanded; transitions count every step run (also to known states); a
terminal state is one where every client has finished.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys

MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "models",
                     "ticket.yaml")

END = 8
LOCAL_ONLY = {1, 4, 6}           # steps that touch only the client's locals
LIVE = {1: {"seen"}, 4: {"c"}, 5: {"c"}}  # live locals per pc (backward liveness by hand)
HOLDING = range(3, 8)            # pcs at which a client holds the lock (with locks)
READS = {0: {"count"}, 3: {"count"}, 5: {"sold"}}
WRITES = {5: {"count", "sold"}}
INVARIANT_READS = {"sold"}       # no_oversell: sold <= tickets (tickets is a param: a constant)
ROUND = 1 << 12                  # frontier states per round of racecheck's BFS


def next_pc(pc, c, locks):
    """The pc after the step at pc (c: the client's c after the step), skipping non-steps."""
    if pc == 4:
        nxt = 5 if c > 0 else 7
    else:
        nxt = pc + 1
    if not locks and nxt in (2, 7):  # acquire and release are elided: no steps
        nxt += 1
    return nxt


def step(count, sold, clients, i, locks):
    """One plain step of client i; returns (count, sold, local) or None when it is blocked."""
    pc, seen, c = clients[i]
    if pc == END:
        return None
    if pc == 0:
        seen = count
    elif pc == 2:
        if any(o[0] in HOLDING for j, o in enumerate(clients) if j != i):
            return None
    elif pc == 3:
        c = count
    elif pc == 5:
        count, sold = c - 1, sold + 1
    # 1, 4, 6 (print, test) and 7 (release by the holder) change no data
    return count, sold, (next_pc(pc, c, locks), seen, c)


def reduced_step(count, sold, clients, i, locks, local):
    """A step of client i as the search runs it: with `local`, fused with the local steps after
    it, and the locals dead at its new pc reset to 0."""
    r = step(count, sold, clients, i, locks)
    if r is None or not local:
        return r
    count, sold, loc = r
    while loc[0] in LOCAL_ONLY:
        count, sold, loc = step(count, sold, clients[:i] + (loc,) + clients[i + 1:], i, locks)
    pc, seen, c = loc
    live = LIVE.get(pc, set())
    return count, sold, (pc, seen if "seen" in live else 0, c if "c" in live else 0)


class StepNeeds:
    """The partial-order analysis of the model (see the docstring): for each pc, None when its
    step never runs alone, else whether the client must hold the lock for it to."""

    def __init__(self, n, locks):
        held = lambda pc: {"lock"} if locks and pc in HOLDING else set()
        others = n >= 2  # another client exists (every access is by some client)
        pcs = [pc for pc in range(END) if locks or pc not in (2, 7)]
        write_guard, access_guard = {}, {}
        for pc in pcs:
            for v in READS.get(pc, ()):
                access_guard[v] = access_guard.get(v, {"lock"}) & held(pc)
            for v in WRITES.get(pc, ()):
                write_guard[v] = write_guard.get(v, {"lock"}) & held(pc)
                access_guard[v] = access_guard.get(v, {"lock"}) & held(pc)

        def guard(v, write):  # None: never; else the set of locks needed
            if not others or (not write and v not in write_guard):
                return set()
            g = access_guard[v] if write else write_guard[v]
            return g if g else None

        self.need = {}
        for pc in pcs:
            if pc == 2:
                self.need[pc] = None  # acquires
                continue
            need = {"lock"} if pc == 7 else set()  # releases the (clean) lock it holds
            reqs = [guard(v, False) for v in READS.get(pc, ())]
            reqs += [guard(v, True) for v in WRITES.get(pc, ())]
            if WRITES.get(pc, set()) & INVARIANT_READS:
                reqs += [guard(v, False) for v in INVARIANT_READS]
            for r in reqs:
                need = None if r is None or need is None else need | r
            self.need[pc] = need

    def eligible(self, loc, locks):
        need = self.need.get(loc[0])
        if need is None:
            return False
        return not need or (locks and loc[0] in HOLDING)


def explore(n, locks=True, local=True, symmetry=True, partial_order=True, all_=False):
    """Breadth-first search as racecheck's; returns the report's figures."""
    needs = StepNeeds(n, locks) if partial_order else None
    canon = (lambda t: tuple(sorted(t))) if symmetry else (lambda t: t)
    init = (1, 0, canon(((0, 0, 0),) * n))
    seen = {init}
    level = [init]
    f = dict(states=1, transitions=0, terminal=0, reduced=0, depth=0, violating=0)
    stop = False
    while level:
        nxt = []
        for start in range(0, len(level), ROUND):  # rounds never cross a level
            for s in level[start:start + ROUND]:
                count, sold, clients = s
                succs = []
                ample = None
                if needs is not None:
                    for i in range(n):
                        if needs.eligible(clients[i], locks):
                            r = reduced_step(count, sold, clients, i, locks, local)
                            if r is not None:  # enabled (and every step moves forward)
                                ample = [(i, r)]
                                break
                if ample is not None:
                    f["reduced"] += 1
                    succs = ample
                else:
                    for i in range(n):
                        if symmetry and i > 0 and clients[i] == clients[i - 1]:
                            continue  # a twin of the client before it
                        r = reduced_step(count, sold, clients, i, locks, local)
                        if r is not None:
                            succs.append((i, r))
                for i, (c2, s2, loc) in succs:
                    f["transitions"] += 1
                    t = (c2, s2, canon(clients[:i] + (loc,) + clients[i + 1:]))
                    if t in seen:
                        continue
                    seen.add(t)
                    nxt.append(t)
                    f["states"] += 1
                    if all(loc[0] == END for loc in t[2]):
                        f["terminal"] += 1
                    if s2 > 1:  # no_oversell: sold <= tickets fails
                        f["violating"] += 1
                        stop = stop or not all_
            if stop:
                break
        if stop or not nxt:
            break
        f["depth"] += 1
        level = nxt
    f["verdict"] = "violated" if f["violating"] else "holds"
    if not all_:
        del f["violating"]
    return f


def closed_form(n, locks):
    """The figures derived by hand in ticket.md (all reductions, no --all); None where the hand
    derivation does not cover n."""
    if locks:
        if n == 1:
            return dict(states=6, transitions=5, terminal=1, reduced=4, depth=5, verdict="holds")
        return dict(states=(n + 1) * (n + 2) // 2 + n * (n + 1) + n,
                    transitions=2 * n * n + 4 * n - 1, terminal=1, reduced=n * (n + 1),
                    depth=4 * n + 1, verdict="holds")
    if n == 1:
        return dict(states=4, transitions=3, terminal=1, reduced=3, depth=3, verdict="holds")
    if n == 2:
        return dict(states=11, transitions=12, terminal=2, reduced=0, depth=5, verdict="violated")
    if n >= 6:
        return dict(states=25, transitions=35, terminal=0, reduced=0, depth=5, verdict="violated")
    return None


FLAGS = [("local", "--no-local-reduction"), ("symmetry", "--no-symmetry"),
         ("partial_order", "--no-partial-order")]


def racecheck_figures(binary, n, modes, all_):
    """racecheck's figures for both variants, from its JSON report."""
    cmd = [binary, MODEL, "--set", f"clients={n}", "--format", "json", "-q"]
    cmd += [flag for key, flag in FLAGS if not modes[key]]
    if all_:
        cmd.append("--all")
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    doc = json.loads(out)
    figures = []
    for v in doc["variants"]:
        f = dict(states=v["states"], transitions=v["transitions"],
                 terminal=v["terminal_states"], reduced=v["reduced_states"], depth=v["depth"],
                 verdict=v["verdict"])
        if all_:
            f["violating"] = sum(o["violating_states"] for o in v["violations"])
        figures.append(f)
    return figures


def check(binary):
    ok = True

    def compare(what, got, want):
        nonlocal ok
        if got != want:
            ok = False
            print(f"MISMATCH {what}:\n  expected {want}\n  got      {got}")

    for n in list(range(1, 13)) + [100]:
        for locks in (True, False):
            want = closed_form(n, locks)
            if want is not None:
                compare(f"N={n} {'with' if locks else 'without'} locks, enumeration vs closed form",
                        explore(n, locks), want)
    if binary:
        every = dict(local=True, symmetry=True, partial_order=True)
        cases = [(n, dict(zip([k for k, _ in FLAGS], bits)), all_)
                 for n in range(1, 5)
                 for bits in itertools.product((True, False), repeat=3)
                 for all_ in (False, True)]
        cases += [(n, every, all_) for n in (5, 6, 10) for all_ in (False, True)]
        cases.append((100, every, False))
        for n, modes, all_ in cases:
            engine = racecheck_figures(binary, n, modes, all_)
            for locks, got in zip((True, False), engine):
                mine = explore(n, locks, all_=all_, **modes)
                flags = [flag for key, flag in FLAGS if not modes[key]] + ["--all"] * all_
                compare(f"N={n} {'with' if locks else 'without'} locks{''.join(' ' + f for f in flags)}"
                        ": racecheck (got) vs the enumeration (expected)", got, mine)
        if ok:
            print(f"racecheck agrees with the enumeration in {len(cases)} runs")
    print("all figures agree" if ok else "FAILED")
    return 0 if ok else 1


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("n", nargs="*", type=int, help="client counts (default 1..8 and 100)")
    p.add_argument("--no-reduce", action="store_true")
    for key, flag in FLAGS:
        p.add_argument(flag, dest=f"no_{key}", action="store_true")
    p.add_argument("--all", action="store_true")
    p.add_argument("--check", action="store_true", help="compare (see above); exit 1 on mismatch")
    p.add_argument("--racecheck", help="with --check: the racecheck binary to compare with")
    a = p.parse_args(argv[1:])
    if a.check:
        return check(a.racecheck)
    modes = {key: not (a.no_reduce or getattr(a, f"no_{key}")) for key, _ in FLAGS}
    for n in a.n or list(range(1, 9)) + [100]:
        for locks in (True, False):
            f = explore(n, locks, all_=a.all, **modes)
            print(f"N={n:<4} {'with locks   ' if locks else 'without locks'} " +
                  " ".join(f"{k}={v}" for k, v in f.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
