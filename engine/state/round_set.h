// RoundSet: a small set of states that live in a caller's buffer, for one worker's share of one
// round of the parallel breadth-first search. Siblings in the breadth-first order reach the
// same states (p then q, q then p), so most duplicate successors fall in the same share; this
// set drops them while the share is expanded, in cache, before the shared store is consulted.
//
// An open-addressing table of 8-byte slots (32 bits of hash, 32 bits of buffer position),
// sized by Clear for the most states the share can hold (load factor at most 1/2), so that
// Insert never grows it; Clear empties only the slots in use (most shares hold a fraction of
// that most). Not thread-safe: one per worker.
#ifndef RACECHECK_ENGINE_STATE_ROUND_SET_H_
#define RACECHECK_ENGINE_STATE_ROUND_SET_H_

#include <cstdint>
#include <cstring>
#include <vector>

namespace racecheck {

class RoundSet {
 public:
  // Empties the set and makes room for up to `most` states.
  void Clear(size_t most) {
    size_t size = 1024;
    while (size < 2 * most) size *= 2;
    if (size > table_.size()) {
      table_.assign(size, 0);
    } else {
      for (uint64_t pos : used_) table_[pos] = 0;
    }
    used_.clear();
  }

  // Returns true when s (of `words` words, hash `hash`) is new, remembering that it is at
  // position `at` of the caller's buffer; `state(at)` gives the words at a position.
  // REQUIRES: fewer than `most` states inserted since Clear; at < 2^32 - 1.
  template <class State>
  bool Insert(const uint64_t* s, int words, uint64_t hash, uint32_t at, const State& state) {
    const uint64_t mask = table_.size() - 1;
    const uint32_t tag = static_cast<uint32_t>(hash);
    uint64_t pos = (hash >> 32) & mask;
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
    return true;
  }

 private:
  std::vector<uint64_t> table_;  // 0 empty; else (tag << 32) | (at + 1)
  std::vector<uint64_t> used_;   // the slots filled since Clear
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_STATE_ROUND_SET_H_
