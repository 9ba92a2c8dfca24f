// The breadth-first search on one thread, over the full store or over fingerprints.
//
// It visits states in rounds of kBfsRound frontier states, never crossing a level, exactly as
// the parallel search does (parallel_bfs.h), so that both number states alike and stop at the
// same point: the end of the round in which the first violation shows (without --all), or the
// round in which --max-states is reached. Each successor goes straight into the visited set,
// its table slot prefetched while the state's other successors are computed.
// Call from one thread.
#ifndef RACECHECK_ENGINE_EXPLORE_SEQUENTIAL_BFS_H_
#define RACECHECK_ENGINE_EXPLORE_SEQUENTIAL_BFS_H_

#include <cstdint>

#include "engine/explore/explorer.h"
#include "engine/explore/search_state.h"

namespace racecheck {

// Every state stored in a StateStore (Algorithm::kSequentialBfs).
ExploreResult SequentialBfs(SearchState& search);
// Fingerprints only, and the states of two levels (Algorithm::kFingerprintBfs); the result
// carries the collision bound.
ExploreResult FingerprintBfs(SearchState& search);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_SEQUENTIAL_BFS_H_
