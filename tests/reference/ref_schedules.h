// The reference's schedule counts: every schedule of a model enumerated one by one, with the
// reference interpreter (ref_interp.h), as the oracle of engine/count/ (schedule counts, random
// scheduler probabilities, what the locks remove). Brute force on purpose: no state graph, no
// dynamic programming, no symmetry — each maximal sequence of steps from the initial state is
// walked to its end, so its cost is the number of schedules (kept small by `max_schedules`).
//
// Two granularities. Plain: every step is a choice (a schedule is a sequence of process
// indices, one per step). With `is_private` (which steps touch only the process's own
// variables, as the engine's analysis says): a schedule is a sequence of the other steps, and
// two plain schedules that differ only in where private steps fall are one — counted by
// projecting each plain schedule (dropping its private steps that do not fail) and keeping the
// distinct projections; the random scheduler is then the one that picks among processes and
// runs a process's step together with the private steps after it (which this enumerates a
// second time, walking such "fused" steps). Not thread-safe.
#ifndef RACECHECK_TESTS_REFERENCE_REF_SCHEDULES_H_
#define RACECHECK_TESTS_REFERENCE_REF_SCHEDULES_H_

#include <gmpxx.h>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/model/ast.h"

namespace racecheck::reference {

struct ScheduleOptions {
  bool without_locks = false;
  // Private steps (null: every step counts).
  std::function<bool(const Step*)> is_private;
  // Also drop acquire and release steps from the projections (to compare with the lock-free
  // variant's schedules: lock_projections below).
  bool drop_sync = false;
  uint64_t max_schedules = 200000;  // stop (enumerated = false) beyond this many plain ones
};

// How a schedule ends.
enum class Ending { kComplete, kStuck, kFailed };

struct ScheduleTally {
  bool enumerated = true;  // false: more than max_schedules, or a cycle (then `cyclic`)
  bool cyclic = false;     // some state repeats along a schedule: infinitely many of them
  uint64_t plain = 0;      // plain schedules walked
  // Counts of schedules (distinct projections when is_private is set), by ending.
  std::map<Ending, uint64_t> by_ending;
  // Per property key (reference.h's PropertyKey), the schedules that violate it.
  std::map<std::string, uint64_t> violating;
  uint64_t clean = 0;  // the schedules that violate nothing
  // The random scheduler (over fused steps when is_private is set): the chance of each ending,
  // of violating each property, of violating nothing.
  std::map<Ending, double> p_ending;
  std::map<std::string, double> p_violating;
  std::map<std::string, mpq_class> exact_violating;  // the same, as exact fractions
  double p_clean = 0;
  // The complete schedules as projections (process indices joined by ','), each with whether it
  // violates some property.
  std::map<std::string, bool> complete_projections;
  // Per valuation of the shared variables at the end (their values in declaration order, joined
  // by ','), the complete schedules that end so, and the random scheduler's chance of it.
  std::map<std::string, uint64_t> final_values;
  std::map<std::string, double> p_final_values;
};

// Enumerates the schedules of `model`. Sets *error when the interpreter cannot run it.
ScheduleTally EnumerateSchedules(const Model& model, const ScheduleOptions& options,
                                 std::string* error);

// The random scheduler's probabilities where schedules can loop forever (so that they cannot be
// enumerated): the Markov chain over (state, properties violated so far), built with the
// interpreter and solved by plain value iteration from 0 until no value moves by more than
// 1e-15 (or `max_states` chain states are exceeded: then `enumerated` is false). Fills only
// `p_ending`, `p_violating` and `p_clean`.
ScheduleTally ChainProbabilities(const Model& model, const ScheduleOptions& options,
                                 uint64_t max_states, std::string* error);

}  // namespace racecheck::reference

#endif  // RACECHECK_TESTS_REFERENCE_REF_SCHEDULES_H_
