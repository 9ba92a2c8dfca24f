// Hashing of packed state vectors. Fast, well mixed, deterministic across runs and machines.
#ifndef RACECHECK_ENGINE_SUPPORT_HASH_H_
#define RACECHECK_ENGINE_SUPPORT_HASH_H_

#include <cstdint>

namespace racecheck {

// The 64-bit finalizer of MurmurHash3 (fmix64): a bijection with full avalanche.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t HashWords(const uint64_t* w, int n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ static_cast<uint64_t>(n);
  for (int i = 0; i < n; ++i) h = Mix64(h ^ (w[i] + 0x9e3779b97f4a7c15ULL * (i + 1)));
  return h;
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_HASH_H_
