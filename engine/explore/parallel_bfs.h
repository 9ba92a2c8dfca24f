// The parallel breadth-first search (Algorithm::kParallelBfs): every state stored in a
// ShardedStore, `threads` workers (2 to kMaxThreads), the calling thread being worker 0.
//
// Rounds of up to kBfsRound frontier states of one level, each expanded by all workers (each
// dropping the duplicates within its share), deduplicated shard by shard by the shards' owners,
// and numbered in the order of the sequential search, so that verdicts, counts and
// counterexamples are those of SequentialBfs whatever the number of threads. Four barriers per
// round: expand, dedup, commit, merge (thread 0 merges and plans the next round).
#ifndef RACECHECK_ENGINE_EXPLORE_PARALLEL_BFS_H_
#define RACECHECK_ENGINE_EXPLORE_PARALLEL_BFS_H_

#include "engine/explore/explorer.h"
#include "engine/explore/search_state.h"

namespace racecheck {

ExploreResult ParallelBfs(SearchState& search, int threads);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_PARALLEL_BFS_H_
