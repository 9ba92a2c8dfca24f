// RoundSet: a small set of states that live in a caller's buffer, for one worker's share of one
// round of the parallel breadth-first search. Siblings in the breadth-first order reach the
// same states (p then q, q then p), so most duplicate successors fall in the same share; this
// set drops them while the share is expanded, in cache, before the shared store is consulted.
//
// An open-addressing table of 8-byte slots (32 bits of hash, 32 bits of buffer position); the
// position comes from the stored hash bits, so it grows (load factor at most 1/2) without the
// states. Clear empties only the slots in use, and shrinks a table that the last share left
// mostly empty: a table no larger than needed stays in the core's cache from round to round.
// Not thread-safe: one per worker.
#ifndef RACECHECK_ENGINE_STATE_ROUND_SET_H_
#define RACECHECK_ENGINE_STATE_ROUND_SET_H_

#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/state/store.h"

namespace racecheck {

class RoundSet {
 public:
  RoundSet() { Resize(kMinLog2); }

  // Empties the set; shrinks the table when the last share used under 1/8 of it.
  void Clear() {
    int log2 = kMinLog2;
    while ((size_t{1} << log2) < 4 * used_.size()) ++log2;
    if (log2 < 31 - shift_) {
      used_.clear();
      Resize(log2);
      return;
    }
    for (uint64_t pos : used_) table_[pos] = 0;
    used_.clear();
  }

  void Prefetch(uint64_t hash) const { PrefetchLine(&table_[Pos(static_cast<uint32_t>(hash))]); }

  // Returns true when s (of `words` words, hash `hash`) is new, remembering that it is at
  // position `at` of the caller's buffer; `state(at)` gives the words at a position.
  // REQUIRES: at < 2^32 - 1.
  template <class State>
  bool Insert(const uint64_t* s, int words, uint64_t hash, uint32_t at, const State& state) {
    const uint64_t mask = table_.size() - 1;
    const uint32_t tag = static_cast<uint32_t>(hash);
    uint64_t pos = Pos(tag);
    for (;; pos = (pos + 1) & mask) {
      const uint64_t e = table_[pos];
      if (e == 0) break;
      if (static_cast<uint32_t>(e >> 32) != tag) continue;
      const uint64_t* t = state(static_cast<uint32_t>(e) - 1);
      if (words == 1 ? t[0] == s[0]
                     : std::memcmp(t, s, sizeof(uint64_t) * static_cast<size_t>(words)) == 0) {
        return false;
      }
    }
    table_[pos] = (static_cast<uint64_t>(tag) << 32) | (static_cast<uint64_t>(at) + 1);
    used_.push_back(pos);
    if (2 * used_.size() > table_.size()) Resize(33 - shift_);
    return true;
  }

 private:
  static constexpr int kMinLog2 = 10;
  uint64_t Pos(uint32_t tag) const { return tag >> shift_; }
  // Rebuilds the table with 2^log2 slots, keeping its entries.
  void Resize(int log2) {
    std::vector<uint64_t> old(size_t{1} << log2, 0);
    old.swap(table_);
    shift_ = 32 - log2;
    const uint64_t mask = table_.size() - 1;
    for (uint64_t& pos : used_) {
      const uint64_t e = old[pos];
      pos = Pos(static_cast<uint32_t>(e >> 32));
      while (table_[pos] != 0) pos = (pos + 1) & mask;
      table_[pos] = e;
    }
  }

  std::vector<uint64_t> table_;  // 0 empty; else (tag << 32) | (at + 1)
  std::vector<uint64_t> used_;   // the slots filled since Clear
  int shift_ = 32;               // position = tag >> shift_ (32 - log2(table size))
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_STATE_ROUND_SET_H_
