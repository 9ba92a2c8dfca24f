// Concretize: the counterexample of the plain model behind a search's path.
//
// The search reports each violation as a SearchPath (explore/explorer.h): the stored
// transitions that lead to it, as process numbers of the System searched — canonical ones under
// symmetry, one per fused step under local reduction. This re-executes that path from the
// initial state on the same System to map each canonical process number back to the concrete
// process that moved (the permutation Symmetry::Canonicalize reports) and to expand each fused
// step into the plain steps it stands for (StepResult::raw_steps). The result is a schedule of
// the plain model (the same model built without reductions): it replays with trace/replay.h to
// the same violation. Only this produces a Counterexample, so a caller cannot hand a search's
// path to Replay by mistake. Stateless functions; thread-safe.
#ifndef RACECHECK_ENGINE_TRACE_CONCRETIZE_H_
#define RACECHECK_ENGINE_TRACE_CONCRETIZE_H_

#include <cstdint>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/semantics/symmetry.h"
#include "engine/semantics/system.h"

namespace racecheck {

// A counterexample: the processes that move, one per step, from the initial state, as a
// schedule of the plain model. For a step property (assert, lock misuse, range, arithmetic)
// the last step is the one that violates it; for an invariant or deadlock, the state after the
// last step violates it.
struct Counterexample {
  int32_t property = -1;
  std::vector<int32_t> schedule;  // process indices
};

// The plain schedule behind `path`. `searched` and `symmetry` are those of the search that
// found it (symmetry null when it used none). REQUIRES: path is a path of that search.
std::vector<int32_t> ConcreteSchedule(const System& searched, const Symmetry* symmetry,
                                      const SearchPath& path);

// The counterexample of every violated property of `result`, in the order of
// result.violations, for a search of `searched` with `symmetry`.
std::vector<Counterexample> ConcretizeCounterexamples(const System& searched,
                                                      const Symmetry* symmetry,
                                                      const ExploreResult& result);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_TRACE_CONCRETIZE_H_
