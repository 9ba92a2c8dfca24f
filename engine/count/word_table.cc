// WordTable (word_table.h).
#include "engine/count/word_table.h"

#include <cstring>

#include "engine/state/store.h"
#include "engine/support/check.h"
#include "engine/support/hash.h"

namespace racecheck {

namespace {

// A slot's position comes from the top bits of the hash, which the slot keeps: the table grows
// without reading the sequences again.
inline uint64_t Position(uint64_t tag, int bits) { return tag >> (32 - bits); }

}  // namespace

WordTable::WordTable() { Clear(); }

void WordTable::Clear() {
  arena_.clear();
  offset_.clear();
  offset_.push_back(0);
  slots_.assign(size_t{1} << 10, 0);
  bits_ = 10;
}

uint64_t WordTable::Hash(const uint32_t* w, uint32_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  uint32_t i = 0;
  for (; i + 1 < n; i += 2) {
    h = Mix64(h ^ ((uint64_t{w[i]} << 32 | w[i + 1]) + 0x9e3779b97f4a7c15ULL * (i + 1)));
  }
  if (i < n) h = Mix64(h ^ (w[i] + 0x9e3779b97f4a7c15ULL * (i + 1)));
  return h;
}

void WordTable::Prefetch(uint64_t hash) const {
  PrefetchLine(slots_.data() + Position(hash >> 32, bits_));
}

std::pair<uint32_t, bool> WordTable::Insert(const uint32_t* w, uint32_t n, uint64_t hash) {
  const uint64_t tag = hash >> 32;
  const uint64_t mask = slots_.size() - 1;
  for (uint64_t pos = Position(tag, bits_);; pos = (pos + 1) & mask) {
    const uint64_t slot = slots_[pos];
    if (slot == 0) {
      const uint32_t index = size();
      slots_[pos] = (tag << 32) | (uint64_t{index} + 1);
      arena_.append(w, w + n);
      offset_.push_back(arena_.size());
      if (uint64_t{size()} * 10 > slots_.size() * 7) Grow();
      return {index, true};
    }
    if ((slot >> 32) != tag) continue;
    const uint32_t index = static_cast<uint32_t>(slot & 0xffffffffu) - 1;
    if (Length(index) == n && std::memcmp(Get(index), w, n * sizeof(uint32_t)) == 0) {
      return {index, false};
    }
  }
}

void WordTable::Grow() {
  PodVector<uint64_t> old;
  old.swap(slots_);
  RC_CHECK(bits_ < 32);
  slots_.assign(old.size() * 2, 0);
  ++bits_;
  const uint64_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    uint64_t pos = Position(slot >> 32, bits_);
    while (slots_[pos] != 0) pos = (pos + 1) & mask;
    slots_[pos] = slot;
  }
}

}  // namespace racecheck
