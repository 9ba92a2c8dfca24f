// The visited set as the search sees it: a C++20 concept over the three stores, so that each
// algorithm is compiled for its store (static dispatch: no virtual call and no branch on the
// kind of store in the per-state loop).
//
//   StateStore    (state/store.h)          every state, for the sequential BFS and the DFS
//   ShardedStore  (state/sharded_store.h)  every state, for the parallel BFS, which inserts
//                                          through its own two-phase protocol besides Insert
//   FingerprintLevels (below)              a FingerprintSet plus the full states of two BFS
//                                          levels, for the fingerprint BFS
//
// A visited set names each state by a dense 32-bit index in the order of first insertion;
// State(i) gives its words for as long as the set keeps it (all of them, except for
// FingerprintLevels). Not thread-safe: the parallel BFS calls these from one thread at a time.
#ifndef RACECHECK_ENGINE_EXPLORE_VISITED_SET_H_
#define RACECHECK_ENGINE_EXPLORE_VISITED_SET_H_

#include <concepts>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/state/fingerprint_set.h"
#include "engine/state/sharded_store.h"
#include "engine/state/store.h"

namespace racecheck {

template <class V>
concept VisitedSet = requires(V& v, const V& cv, const uint64_t* s, uint64_t hash, uint32_t i) {
  // Inserts s (hash from HashWords) if new: its index and true; else the index of the stored
  // copy, if the set knows it (FingerprintLevels gives 0), and false.
  { v.Insert(s, hash) } -> std::same_as<std::pair<uint32_t, bool>>;
  { cv.Prefetch(hash) } -> std::same_as<void>;  // hint: s with this hash comes next
  { cv.State(i) } -> std::same_as<const uint64_t*>;
  { cv.size() } -> std::convertible_to<uint64_t>;          // states inserted
  { cv.memory_bytes() } -> std::convertible_to<uint64_t>;  // bytes in use
  // Bytes its next growth takes on top of memory_bytes() for a moment (a table doubling while
  // the old one is held): a memory bound must leave room for them.
  { cv.growth_bytes() } -> std::convertible_to<uint64_t>;
};

// A visited set that keeps the words of recent states only: before the breadth-first search
// expands level [start, end) it calls BeginLevel, and State(i) is then valid for i >= start.
template <class V>
concept LevelVisitedSet = VisitedSet<V> && requires(V& v, uint64_t n) {
  v.BeginLevel(n, n);
};

// The fingerprint search's visited set: each state is known by its fingerprint alone
// (FingerprintSet, with its collision bound), and the full states are kept only for the level
// being expanded (cur_) and the next one (next_), which the search needs to expand.
class FingerprintLevels {
 public:
  explicit FingerprintLevels(int words) : words_(static_cast<size_t>(words)) {}

  std::pair<uint32_t, bool> Insert(const uint64_t* s, uint64_t hash) {
    if (!set_.Insert(hash)) return {0, false};
    next_.insert(next_.end(), s, s + words_);
    return {static_cast<uint32_t>(set_.size() - 1), true};
  }
  void Prefetch(uint64_t hash) const { set_.Prefetch(hash); }
  // REQUIRES: i in the level being expanded or the next one.
  const uint64_t* State(uint32_t i) const {
    return i >= level_end_ ? next_.data() + (i - level_end_) * words_
                           : cur_.data() + (i - level_start_) * words_;
  }
  uint64_t size() const { return set_.size(); }
  uint64_t memory_bytes() const {
    return set_.memory_bytes() + (cur_.capacity() + next_.capacity()) * sizeof(uint64_t);
  }
  uint64_t growth_bytes() const {
    return set_.growth_bytes() + next_.capacity() * sizeof(uint64_t);  // next_ may double
  }
  // Level [start, end) is about to be expanded: its states (the next level so far) become the
  // current ones; those of the level before are dropped. REQUIRES: end == size().
  void BeginLevel(uint64_t start, uint64_t end) {
    cur_.swap(next_);
    next_.clear();
    level_start_ = start;
    level_end_ = end;
  }
  const FingerprintSet& fingerprints() const { return set_; }

 private:
  size_t words_;
  FingerprintSet set_;
  std::vector<uint64_t> cur_, next_;  // the states of [level_start_, level_end_), then later
  uint64_t level_start_ = 0, level_end_ = 0;
};

static_assert(VisitedSet<StateStore>);
static_assert(VisitedSet<ShardedStore>);
static_assert(LevelVisitedSet<FingerprintLevels>);
static_assert(!LevelVisitedSet<StateStore>);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_VISITED_SET_H_
