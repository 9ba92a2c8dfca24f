// The search plan: which algorithm Explore runs for a set of options, chosen once, and which
// combinations of options it refuses.
//
//   strategy  fingerprint  threads (resolved)   algorithm                       file
//   bfs       no           1                    kSequentialBfs   (StateStore)   sequential_bfs.cc
//   bfs       yes          1                    kFingerprintBfs  (fingerprints) sequential_bfs.cc
//   bfs       no           2..kMaxThreads       kParallelBfs     (ShardedStore) parallel_bfs.cc
//   dfs       no           1                    kDfs             (StateStore)   dfs.cc
//
// Every other combination is refused by CheckExploreOptions with a message for the user: the
// fingerprint search runs on one thread (its level buffers and its set are not sharded), and so
// does the depth-first search (its stack is one path). `threads` 0 means "auto": the hardware's
// threads clamped to [1, kMaxThreads] for the parallel search, and 1 where only one thread can
// work, silently. Stateless functions; thread-safe.
#ifndef RACECHECK_ENGINE_EXPLORE_SEARCH_PLAN_H_
#define RACECHECK_ENGINE_EXPLORE_SEARCH_PLAN_H_

#include <cstdint>

#include "engine/explore/explorer.h"
#include "engine/support/lang.h"
#include "engine/support/status.h"

namespace racecheck {

// The most worker threads a search runs (the parallel search names owners with a byte).
constexpr int kMaxThreads = 256;

// The one place that turns a requested thread count into a real one, always in
// [1, kMaxThreads]: 0 (auto) gives the hardware's threads (std::thread::hardware_concurrency(),
// or `hardware`; 0 when unknown) clamped to that range; other values are clamped too, though
// CheckExploreOptions refuses those outside [0, kMaxThreads] first, for the user to see.
int ResolveThreads(int requested);
int ResolveThreads(int requested, unsigned hardware);

// OK, or why these options cannot run together, as a message that names the flags: e.g.
// "--threads 4 works only with --strategy bfs". Explore REQUIRES it OK.
// The errors in `lang`.
Status CheckExploreOptions(const ExploreOptions& options, Lang lang = Lang::kEn);

enum class Algorithm : uint8_t {
  kSequentialBfs,   // breadth-first, one thread, every state stored (StateStore)
  kFingerprintBfs,  // breadth-first, one thread, fingerprints + two levels of states
  kParallelBfs,     // breadth-first, several threads, every state stored (ShardedStore)
  kDfs,             // depth-first, one thread, every state stored (StateStore)
};
const char* AlgorithmName(Algorithm a);  // "sequential bfs", ...

struct SearchPlan {
  Algorithm algorithm = Algorithm::kSequentialBfs;
  int threads = 1;  // resolved: 1 except for kParallelBfs
};

// With ExploreOptions::graph, always kSequentialBfs (the one that records it).
// REQUIRES: CheckExploreOptions(options).ok().
SearchPlan ChooseAlgorithm(const ExploreOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_SEARCH_PLAN_H_
