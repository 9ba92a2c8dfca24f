// ScheduleCounts: how many schedules a model has, how many violate each property, and the
// chance of a violation under a random scheduler — computed exactly by dynamic programming
// over its state graph (count_graph.h), so the cost grows with the states, not the schedules.
//
// Definitions (docs/cli.md, "Schedules"). A schedule is a sequence of steps from the initial
// state that cannot be extended: it ends *complete* (every process finished), *stuck* (a
// deadlock: no process can move) or *failed* (its last step violated a step property: assert,
// lock misuse, range, runtime). A schedule violates an invariant when it passes through a state
// that violates it, a final property when it ends complete in one, a step property when its
// last step violates it, and `deadlock` when it ends stuck. The *random scheduler* picks, at
// every step, one of the processes that can move, each equally likely; a violation's
// probability is that the schedule it produces violates the property.
//
// From a state s with transitions to t_i (multiplicity m_i: the concrete processes a
// transition stands for) and E(s) processes that can move,
//   N(s) = [s terminal] + sum_i m_i N(t_i)          P(s) = sum_i (m_i / E(s)) P(t_i)
// and for an invariant violated in s, N_viol(s) = N(s) and P_viol(s) = 1. On an acyclic graph
// these are exact (N as integers of any size; P in double precision). Where a cycle can be
// followed (a `while` that can spin), every state of the cycle that can reach an end has
// infinitely many schedules: the count is "infinite", and the probabilities of the cycle's
// states are solved by iteration (an absorbing Markov chain) to `precision`.
//
// Pure functions of the graph; thread-compatible.
#ifndef RACECHECK_ENGINE_COUNT_SCHEDULE_COUNTS_H_
#define RACECHECK_ENGINE_COUNT_SCHEDULE_COUNTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/count/big_int.h"
#include "engine/count/count_graph.h"
#include "engine/semantics/system.h"

namespace racecheck {

// A number of schedules: exact, or infinitely many (a cycle is on the way to an end).
struct ScheduleNumber {
  BigInt value;
  bool infinite = false;
};

// A property with at least one violating schedule.
struct PropertySchedules {
  int32_t property = -1;
  ScheduleNumber schedules;  // the schedules that violate it
  // schedules / all schedules, and 1 minus that, computed exactly then rounded (the second
  // keeps its precision when the first is close to 1). NaN when either count is infinite.
  double fraction = 0, fraction_rest = 0;
  // Under the random scheduler: the chance of a violating schedule, and of one that ends
  // without violating it (the two add up to 1 less the chance of never ending).
  double probability = 0, probability_rest = 0;
  std::string exact_probability;  // "7/8" when small enough to print; "" otherwise
};

struct ScheduleCounts {
  ScheduleNumber complete, stuck, failed, total;  // total = complete + stuck + failed
  // The schedules that violate no property at all (`clean_known` false: a cycle through a
  // violating state made it too hard to count; only then).
  ScheduleNumber clean;
  bool clean_known = true;
  double p_complete = 0, p_stuck = 0, p_failed = 0, p_clean = 0;  // random scheduler
  std::vector<PropertySchedules> violated;                        // in property order
  bool cyclic = false;   // some cycle can be followed (counts through it are infinite)
  double precision = 0;  // bound on the error of the iterated probabilities (0: none iterated)
};

// Counts the schedules of `graph`, built from `system` (which names the properties). With
// `complete_only`, a schedule that ends stuck or failed is not counted at all (then `total`
// is `complete`, and each property's figure counts the complete schedules that violate it).
// REQUIRES: graph.complete.
ScheduleCounts CountSchedules(const System& system, const CountGraph& graph,
                              bool complete_only = false);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_SCHEDULE_COUNTS_H_
