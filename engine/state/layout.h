// StateLayout: where each variable of a model lives in a packed state vector.
//
// A state is a fixed number of 64-bit words. Each field (a variable, a program counter, a lock
// owner, a semaphore count) holds an integer in a declared range [lo, hi], stored as the
// unsigned offset v - lo in the fewest bits that fit, never straddling a word. Reading and
// writing a field is a shift and a mask: the search's hot loop touches only these words.
// Immutable once built; safe to share between threads.
#ifndef RACECHECK_ENGINE_STATE_LAYOUT_H_
#define RACECHECK_ENGINE_STATE_LAYOUT_H_

#include <cstdint>
#include <vector>

namespace racecheck {

struct Field {
  uint32_t word = 0;
  uint32_t shift = 0;
  uint32_t bits = 0;  // 0 for a field with one possible value
  uint64_t mask = 0;  // (1 << bits) - 1
  int64_t lo = 0;
  int64_t hi = 0;

  bool InRange(int64_t v) const { return v >= lo && v <= hi; }
  int64_t Get(const uint64_t* s) const {
    return static_cast<int64_t>((s[word] >> shift) & mask) + lo;
  }
  // REQUIRES: InRange(v).
  void Set(uint64_t* s, int64_t v) const {
    uint64_t u = static_cast<uint64_t>(v - lo);
    s[word] = (s[word] & ~(mask << shift)) | (u << shift);
  }
};

class StateLayout {
 public:
  // The widest range a field may have: 62 bits, so that hi - lo + 1 cannot overflow.
  static constexpr int kMaxFieldBits = 62;

  // Bits needed for values in [lo, hi]. REQUIRES: lo <= hi.
  static uint32_t BitsFor(int64_t lo, int64_t hi);

  // Appends a field; returns its index. `new_word` starts it on a fresh word (used to keep each
  // process's fields together). REQUIRES: BitsFor(lo, hi) <= kMaxFieldBits.
  int Add(int64_t lo, int64_t hi, bool new_word = false);

  int words() const { return words_; }
  int size() const { return static_cast<int>(fields_.size()); }
  const Field& field(int i) const { return fields_[i]; }
  const Field* fields() const { return fields_.data(); }
  int bits_used() const { return bits_used_; }

 private:
  std::vector<Field> fields_;
  int words_ = 0;
  uint32_t next_shift_ = 64;  // bits used in the last word; 64 forces a new word
  int bits_used_ = 0;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_STATE_LAYOUT_H_
