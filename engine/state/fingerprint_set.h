// FingerprintSet: the visited set of a fingerprint-only search (TLC's FPSet): each state is
// remembered by its 64-bit hash alone, 8 bytes however large the state. Two distinct states with
// the same fingerprint are taken for one, and the second is never explored: a search of n states
// misses one with probability at most n(n-1)/2 / 2^64 (CollisionBound), assuming the hash
// (support/hash.h) spreads states uniformly. Open addressing with linear probing; the table
// doubles at load 1/2. Fingerprint 0 marks an empty slot, so a hash of 0 is stored as 1.
// Not thread-safe: one thread at a time.
#ifndef RACECHECK_ENGINE_STATE_FINGERPRINT_SET_H_
#define RACECHECK_ENGINE_STATE_FINGERPRINT_SET_H_

#include <cstdint>

#include "engine/state/store.h"

namespace racecheck {

class FingerprintSet {
 public:
  FingerprintSet();

  // Adds the fingerprint `hash`; true if it was not there.
  bool Insert(uint64_t hash);
  // Hints that `hash` is about to be inserted (fetches its slot).
  void Prefetch(uint64_t hash) const { PrefetchLine(&table_[Slot(hash)]); }

  uint64_t size() const { return size_; }
  uint64_t memory_bytes() const { return table_.size() * sizeof(uint64_t); }
  // Bytes the next growth of the table adds for a moment (the new table beside the old).
  uint64_t growth_bytes() const { return table_.size() * 2 * sizeof(uint64_t); }

  // An upper bound on the probability that a search which stored n fingerprints missed a state
  // through a collision: n(n-1)/2 pairs, each colliding with probability 2^-64.
  static double CollisionBound(uint64_t n);

 private:
  uint64_t Slot(uint64_t hash) const { return hash >> shift_; }
  void Grow();

  HugeArray<uint64_t> table_;
  uint32_t shift_;  // slot = hash >> shift_ (the top bits)
  uint64_t size_ = 0;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_STATE_FINGERPRINT_SET_H_
