#include "engine/state/store.h"

#include <cstring>

#include "engine/support/check.h"

namespace racecheck {

namespace {
constexpr int kInitialLog2 = 12;
}

StateStore::StateStore(int words)
    : words_(words),
      states_(static_cast<size_t>(words)),
      table_(size_t{1} << kInitialLog2, 0),
      shift_(32 - kInitialLog2),
      grow_at_((size_t{1} << kInitialLog2) * 7 / 10) {}

std::pair<uint32_t, bool> StateStore::Insert(const uint64_t* s, uint64_t hash) {
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  const uint64_t mask = table_.size() - 1;
  const size_t bytes = sizeof(uint64_t) * static_cast<size_t>(words_);
  for (uint64_t pos = Slot(tag);; pos = (pos + 1) & mask) {
    uint64_t e = table_[pos];
    if (e == 0) break;
    if (static_cast<uint32_t>(e >> 32) == tag) {
      uint32_t idx = static_cast<uint32_t>(e) - 1;
      if (std::memcmp(states_.At(idx), s, bytes) == 0) return {idx, false};
    }
  }
  RC_CHECK(states_.size() < kMaxStates);
  uint32_t idx = static_cast<uint32_t>(states_.size());
  std::memcpy(states_.Append(), s, bytes);
  if (states_.size() > grow_at_) Grow();
  const uint64_t m = table_.size() - 1;
  uint64_t pos = Slot(tag);
  while (table_[pos] != 0) pos = (pos + 1) & m;
  table_[pos] = (static_cast<uint64_t>(tag) << 32) | (static_cast<uint64_t>(idx) + 1);
  return {idx, true};
}

int64_t StateStore::Find(const uint64_t* s, uint64_t hash) const {
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  const uint64_t mask = table_.size() - 1;
  const size_t bytes = sizeof(uint64_t) * static_cast<size_t>(words_);
  for (uint64_t pos = Slot(tag);; pos = (pos + 1) & mask) {
    uint64_t e = table_[pos];
    if (e == 0) return -1;
    if (static_cast<uint32_t>(e >> 32) == tag) {
      uint32_t idx = static_cast<uint32_t>(e) - 1;
      if (std::memcmp(states_.At(idx), s, bytes) == 0) return idx;
    }
  }
}

void StateStore::Grow() {
  RC_CHECK(shift_ > 0);
  std::vector<uint64_t> old;
  old.swap(table_);
  table_.assign(old.size() * 2, 0);
  --shift_;
  grow_at_ = table_.size() * 7 / 10;
  const uint64_t mask = table_.size() - 1;
  // Entries are visited in slot order; re-inserting keeps probe sequences valid because the
  // position depends only on the stored tag.
  for (uint64_t e : old) {
    if (e == 0) continue;
    uint64_t pos = Slot(static_cast<uint32_t>(e >> 32));
    while (table_[pos] != 0) pos = (pos + 1) & mask;
    table_[pos] = e;
  }
}

}  // namespace racecheck
