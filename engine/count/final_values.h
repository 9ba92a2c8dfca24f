// FinalValues: the values the shared variables can end with — every valuation in which some
// complete schedule (every process finished) ends, with how many schedules end in it and the
// chance that the random scheduler's schedule does (schedule_counts.h defines both). The
// lost-update counter at 2 workers and 2 rounds: n ends as 2, 3 or 4 without its lock, and only
// as 4 with it.
//
// Counted on a CountGraph built with record_finals, by a forward pass over it: the schedules
// into a state, F(t) = [t initial] + sum over transitions s -> t of m * F(s), and the chance to
// pass through it likewise with m / E(s) (E(s): the processes that can move in s). Exact on an
// acyclic graph (integers of any size; probabilities in double precision). A terminal state
// after a cycle that can be followed has infinitely many schedules, and its chance is not
// computed (NaN).
//
// Rows are grouped by the values of the variables asked for (all of them by default) and by
// the properties the terminal state violates (a final property, or an invariant, in that
// state), and sorted by values. Pure functions; thread-compatible.
#ifndef RACECHECK_ENGINE_COUNT_FINAL_VALUES_H_
#define RACECHECK_ENGINE_COUNT_FINAL_VALUES_H_

#include <string>
#include <vector>

#include "engine/count/count_graph.h"
#include "engine/count/schedule_counts.h"
#include "engine/semantics/system.h"
#include "engine/support/lang.h"

namespace racecheck {

struct FinalValuation {
  std::vector<int64_t> values;    // per FinalValues::vars
  std::vector<int32_t> violated;  // the properties violated in the end state, in order
  ScheduleNumber schedules;       // the complete schedules that end here
  double fraction = 0;            // of all the complete schedules (NaN when one is infinite)
  double probability = 0;         // that the random scheduler ends here (NaN: not computed)
};

struct FinalValues {
  bool computed = false;
  std::vector<int> vars;  // indices into System::shared(), in its order
  std::vector<FinalValuation> rows;
  ScheduleNumber complete;  // all the complete schedules (the sum of the rows)
};

// The valuations of `vars` (indices into System::shared(); empty: every shared variable) that
// the complete schedules of `graph` end in. REQUIRES: graph.complete, built with
// record_finals.
FinalValues CountFinalValues(const CountGraph& graph, int num_shared, std::vector<int> vars);

// The indices into system.shared() of the variables `names` asks for: a name is a shared
// variable, or an array (all its elements). Sorted, without repeats. On an unknown name, sets
// *error ("no shared variable 'x' (the shared variables: count, sold)", in `lang`) and returns
// {}.
std::vector<int> ResolveFinalVars(const System& system, const std::vector<std::string>& names,
                                  std::string* error, Lang lang = Lang::kEn);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_FINAL_VALUES_H_
