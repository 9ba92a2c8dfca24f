#include "engine/state/layout.h"

#include "engine/support/check.h"

namespace racecheck {

uint32_t StateLayout::BitsFor(int64_t lo, int64_t hi) {
  RC_CHECK(lo <= hi);
  uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  uint32_t bits = 0;
  while (bits < 64 && (span >> bits) != 0) ++bits;
  return bits;
}

int StateLayout::Add(int64_t lo, int64_t hi, bool new_word) {
  Field f;
  f.lo = lo;
  f.hi = hi;
  f.bits = BitsFor(lo, hi);
  RC_CHECK(f.bits <= static_cast<uint32_t>(kMaxFieldBits));
  f.mask = f.bits == 0 ? 0 : (uint64_t{1} << f.bits) - 1;
  if (new_word || words_ == 0 || next_shift_ + f.bits > 64) {
    ++words_;
    next_shift_ = 0;
  }
  f.word = static_cast<uint32_t>(words_ - 1);
  // A 0-bit field may come right after a full word (next_shift_ == 64): it reads and writes
  // nothing, so any shift will do, and 0 keeps `x << shift` and `x >> shift` defined.
  f.shift = f.bits == 0 ? 0 : next_shift_;
  next_shift_ += f.bits;
  bits_used_ += static_cast<int>(f.bits);
  fields_.push_back(f);
  return size() - 1;
}

}  // namespace racecheck
