// WordTable: a set of sequences of 32-bit words (of any length), each named by a dense 32-bit
// index in the order of first insertion — the visited set of the counting graph
// (count_graph.h) and its tables of globals. Sequences live one after another in one array; an
// open-addressing table of 8-byte slots (32 bits of hash, 32 bits of index) finds them.
// Not thread-safe.
#ifndef RACECHECK_ENGINE_COUNT_WORD_TABLE_H_
#define RACECHECK_ENGINE_COUNT_WORD_TABLE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/support/pod_vector.h"

namespace racecheck {

class WordTable {
 public:
  WordTable();
  static uint64_t Hash(const uint32_t* w, uint32_t n);
  // Fetches the table slot where a sequence of this hash is looked for first.
  void Prefetch(uint64_t hash) const;
  // The index of w[0 .. n), stored now if new (second: whether it was). `hash` is Hash(w, n).
  std::pair<uint32_t, bool> Insert(const uint32_t* w, uint32_t n, uint64_t hash);
  std::pair<uint32_t, bool> Insert(const uint32_t* w, uint32_t n) {
    return Insert(w, n, Hash(w, n));
  }
  uint32_t size() const { return static_cast<uint32_t>(offset_.size() - 1); }
  const uint32_t* Get(uint32_t i) const { return arena_.data() + offset_[i]; }
  uint32_t Length(uint32_t i) const { return static_cast<uint32_t>(offset_[i + 1] - offset_[i]); }
  uint64_t memory_bytes() const {
    return 4 * arena_.capacity() + 8 * (offset_.capacity() + slots_.capacity());
  }
  // Frees the memory; the table is empty afterwards.
  void Clear();

 private:
  void Grow();
  PodVector<uint32_t> arena_;   // grows without copying (pod_vector.h)
  PodVector<uint64_t> offset_;  // size() + 1 entries
  PodVector<uint64_t> slots_;   // (hash high 32 bits << 32) | (index + 1); 0: empty
  int bits_ = 10;               // slots_.size() == 1 << bits_
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_WORD_TABLE_H_
