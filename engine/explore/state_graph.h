// StateGraph: the reachable state graph as a search stored it, for drawing (`--format dot`):
// every stored state (canonical under symmetry, fused local steps as one transition) and every
// transition, numbered as the search numbers them (the initial state is 0). A step that
// violates a property reaches no state: it is an edge to kNoState with that property.
//
// Filled by the sequential breadth-first search when ExploreOptions::graph points at one (the
// plan runs that search then, on one thread). So the counts match ExploreStats: states.size() /
// words == stats.states and edges.size() == stats.transitions. Not thread-safe; one per search.
#ifndef RACECHECK_ENGINE_EXPLORE_STATE_GRAPH_H_
#define RACECHECK_ENGINE_EXPLORE_STATE_GRAPH_H_

#include <cstdint>
#include <vector>

namespace racecheck {

struct StateGraphEdge {
  static constexpr uint32_t kNoState = UINT32_MAX;
  uint32_t from = 0;
  uint32_t to = kNoState;  // kNoState: the step violated `property`
  int32_t process = -1;    // the process that moved (of the System searched)
  int32_t property = -1;   // for a violating step; else -1
};

struct StateGraph {
  int words = 0;                      // of each state (System::words of the System searched)
  std::vector<uint64_t> states;       // state i at [i * words, (i + 1) * words)
  std::vector<StateGraphEdge> edges;  // in the order the search ran them

  size_t size() const { return words == 0 ? 0 : states.size() / words; }
  const uint64_t* state(size_t i) const { return states.data() + i * words; }
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_STATE_GRAPH_H_
