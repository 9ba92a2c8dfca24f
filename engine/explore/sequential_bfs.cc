// The breadth-first search on one thread (sequential_bfs.h).
#include "engine/explore/sequential_bfs.h"

#include <algorithm>
#include <vector>

#include "engine/explore/visited_set.h"

namespace racecheck {
namespace {

// One search loop for both visited sets, compiled for each (no branch on the kind of store),
// and with or without recording the state graph (ExploreOptions::graph, for a drawing): the
// search without it has no branch on it either.
template <bool kGraph, VisitedSet V>
void Run(SearchState& search, V& visited) {
  const System& sys = search.system();
  const ExploreOptions& opt = search.options();
  ExploreStats& stats = search.stats();
  Scratch w;
  search.PrepareScratch(w);
  const int ww = sys.words();
  std::vector<uint64_t> init(static_cast<size_t>(ww));
  search.Initial(init.data());
  StateGraph* graph = opt.graph;
  if constexpr (kGraph) {
    graph->words = ww;
    graph->states.assign(init.begin(), init.end());
  }
  search.Add(visited, w, init.data(), HashWords(init.data(), ww), kNoParent, -1);
  if constexpr (LevelVisitedSet<V>) visited.BeginLevel(0, 1);
  uint64_t cursor = 0, level_end = 1, round_end = 0;
  bool full = false;  // --max-states reached: the round goes on, storing nothing new
  while (true) {
    if (cursor == round_end) {
      if (search.stopped() || search.RoundChecks(visited)) return;
      if (cursor == level_end) {
        if (visited.size() == level_end) return;
        ++stats.depth;
        if constexpr (LevelVisitedSet<V>) visited.BeginLevel(level_end, visited.size());
        level_end = visited.size();
      }
      round_end = std::min(level_end, cursor + kBfsRound);
      search.CountExpanded(round_end - cursor);
      stats.frontier = visited.size() - cursor;
    }
    const uint32_t i = static_cast<uint32_t>(cursor++);
    const int count = search.Expand(
        w, visited.State(i), [&visited](uint64_t hash) { visited.Prefetch(hash); },
        [&search, i, graph](int32_t property, int32_t process) {
          if constexpr (kGraph) {
            if (process >= 0)
              graph->edges.push_back({i, StateGraphEdge::kNoState, process, property});
          } else {
            (void)graph;  // captured for the kGraph instantiation only
          }
          search.Violation(property, i, process);
        });
    stats.transitions += w.transitions;
    stats.reduced_states += w.reduced;
    w.transitions = w.reduced = 0;
    for (int k = 0; k < count && !full; ++k) {
      const uint64_t* succ = w.succ.data() + static_cast<size_t>(k) * ww;
      const std::pair<uint32_t, bool> at = search.Add(visited, w, succ, w.hashes[k], i, w.procs[k]);
      if constexpr (kGraph) {
        if (at.second) graph->states.insert(graph->states.end(), succ, succ + ww);
        graph->edges.push_back({i, at.first, w.procs[k], -1});
      }
      if (opt.max_states != 0 && visited.size() >= opt.max_states) full = true;
    }
  }
}

// Run, stopped with an incomplete verdict when the kernel refuses memory.
template <VisitedSet V>
void RunWithin(SearchState& search, V& visited) {
  try {
    if (search.options().graph != nullptr) {
      Run<true>(search, visited);
    } else {
      Run<false>(search, visited);
    }
  } catch (const std::bad_alloc& e) {
    search.StopOutOfMemory(e.what());
  }
}

}  // namespace

ExploreResult SequentialBfs(SearchState& search) {
  StateStore visited(search.system().words());
  RunWithin(search, visited);
  return search.Finish(visited);
}

ExploreResult FingerprintBfs(SearchState& search) {
  FingerprintLevels visited(search.system().words());
  RunWithin(search, visited);
  ExploreResult r = search.Finish(visited);
  r.collision_bound = FingerprintSet::CollisionBound(visited.size());
  return r;
}

}  // namespace racecheck
