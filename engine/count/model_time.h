// ModelTime: the least time a model's processes need to finish, from its sleeps — what the
// lock costs in time.
//
// The timing it assumes: a step takes no time; a `sleep` makes its process wait that long
// before its next step (a range counts at its lower bound, and separately at its upper bound);
// processes run in parallel, and each moves as soon as it can — as real processes do: none
// waits by choice (a process that can move at a moment does so before time goes on; which of
// several goes first is open, as in the checker). Under that timing the least time over all
// the orders the scheduler may pick is found by Dijkstra's algorithm over timed states (the
// state, in the counting view, plus how long each sleeping process still sleeps): all the
// steps possible at one moment are explored, then time jumps to the next wake-up.
//
// E.g. the ticket model: with the lock the clients take turns, and each sleeps while it holds
// the lock; without it they all sleep at once.
//
// Not computed (and `not_computed` says why) when the model has no sleeps, when a process can
// loop without sleeping (a busy wait: the model says nothing about how long that takes), when
// no schedule finishes, or when the timed states exceed the counting bound. Deterministic;
// call from one thread.
#ifndef RACECHECK_ENGINE_COUNT_MODEL_TIME_H_
#define RACECHECK_ENGINE_COUNT_MODEL_TIME_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/count/counts.h"
#include "engine/count/why_not.h"
#include "engine/semantics/system.h"

namespace racecheck {

struct ModelTime {
  bool computed = false;
  bool no_sleeps = false;  // the model never sleeps: there is no time to tell
  WhyNot not_computed;     // why not, when !computed
  bool ranges = false;     // some sleep is a range [lo, hi] with lo < hi
  double least = 0;        // seconds, every sleep at its lower bound
  double least_upper = 0;  // seconds, every sleep at its upper bound
  // Along one fastest schedule (lower bounds): per lock, the seconds some process sleeps while
  // holding it (lock name, seconds), for the locks held while sleeping.
  std::vector<std::pair<std::string, double>> held;
  uint64_t states = 0;  // timed states explored (lower bounds)
};

// The least time of `system` (a variant's fused System: private steps take no time anyway).
// Uses options.max_states, options.symmetry and options.interrupt.
ModelTime LeastTime(const System& system, const CountOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_MODEL_TIME_H_
