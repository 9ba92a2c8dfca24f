/*
 * ticket_spin.pml: the ticket race for SPIN, the twin of bench/ticket_bench.yaml.
 *
 * N clients each read the shared count into a local (one step), then, in one atomic step,
 * buy the ticket if the copy they read was positive. count starts at 1, so at most one
 * purchase should succeed; the invariant sold <= 1 fails as soon as two clients read
 * count = 1 before either writes. Used by bench/run_ticket_bench.sh to compare racecheck's
 * exhaustive search with SPIN's:
 *
 *   spin -DN=10 -a ticket_spin.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan -c0 -m100000
 *
 * The invariant is a never claim, not an assertion in a monitor process, because the claim
 * is what "checked in every reachable state" means in SPIN: the claim moves in lock step with
 * the system, once before the first step and once after every step, so assert(sold <= 1) is
 * evaluated in every reachable state and adds nothing to the state beyond its one control
 * state. A monitor process `active proctype monitor() { assert(sold <= 1) }` also reaches
 * every state (it may run at any interleaving point), but it is an extra process: its
 * program counter more than doubles the state space (7814 states instead of 3308 for N = 5),
 * and the check becomes one more interleaved step rather than a property of each state.
 * The claim is an invariant, hence stutter-invariant, so SPIN's partial-order reduction
 * (on by default; off with -DNOREDUCE) stays sound with it -- pan prints a generic warning
 * about this that can be ignored here.
 *
 * With the claim and default settings this model gives the reference figure of
 * 13,600,077 stored states for N = 10. SPIN's count is not racecheck's count (2^N + 5^N - 4^N,
 * see bench/README.md): a SPIN state also holds the claim's state, a client that has
 * finished sits at its end state until it dies (and clients die only in reverse pid order,
 * taking their local c with them), and partial-order reduction prunes some interleavings.
 */

#ifndef N
#define N 10
#endif

byte count = 1;   /* tickets left */
byte sold = 0;    /* purchases that succeeded */

active [N] proctype client() {
  byte c;
  c = count;      /* read: one step */
  atomic {        /* write: one step */
    if
    :: c > 0 -> count = c - 1; sold++
    :: else -> skip
    fi
  }
}

/* Invariant sold <= 1, checked in every reachable state (see above). */
never {
  do
  :: assert(sold <= 1)
  od
}
