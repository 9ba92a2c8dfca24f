// The depth-first search (Algorithm::kDfs): one thread, every state stored in a StateStore, a
// stack of (state, next process to try). A state's properties are checked when it is first
// stored, a deadlock when its last process has been tried and none could move. Its
// counterexamples are paths on the stack's tree, not shortest ones. Call from one thread.
#ifndef RACECHECK_ENGINE_EXPLORE_DFS_H_
#define RACECHECK_ENGINE_EXPLORE_DFS_H_

#include "engine/explore/explorer.h"
#include "engine/explore/search_state.h"

namespace racecheck {

ExploreResult Dfs(SearchState& search);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_DFS_H_
