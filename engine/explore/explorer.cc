// Explore: the search plan's algorithm over its visited set (explorer.h, search_plan.h).
#include "engine/explore/explorer.h"

#include "engine/explore/dfs.h"
#include "engine/explore/parallel_bfs.h"
#include "engine/explore/search_plan.h"
#include "engine/explore/search_state.h"
#include "engine/explore/sequential_bfs.h"

namespace racecheck {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kHolds:
      return "holds";
    case Verdict::kViolated:
      return "violated";
    case Verdict::kIncomplete:
      return "incomplete";
  }
  return "?";
}

ExploreResult Explore(const System& system, const ExploreOptions& options) {
  const SearchPlan plan = ChooseAlgorithm(options);  // checks the options
  SearchState search(system, options);
  switch (plan.algorithm) {
    case Algorithm::kSequentialBfs:
      return SequentialBfs(search);
    case Algorithm::kFingerprintBfs:
      return FingerprintBfs(search);
    case Algorithm::kParallelBfs:
      return ParallelBfs(search, plan.threads);
    case Algorithm::kDfs:
      return Dfs(search);
  }
  return {};
}

}  // namespace racecheck
