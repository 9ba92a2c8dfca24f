#include "engine/state/store.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "engine/support/check.h"

namespace racecheck {

namespace {
constexpr int kInitialLog2 = 12;
constexpr size_t kHugePage = size_t{2} << 20;
}  // namespace

OutOfMemory::OutOfMemory(size_t bytes, int err) {
  std::snprintf(what_, sizeof what_, "mmap of %.1f MiB failed: %s",
                static_cast<double>(bytes) / (1 << 20), std::strerror(err));
}

void* AllocateHuge(size_t bytes) {
  if (bytes == 0) bytes = 1;
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw OutOfMemory(bytes, errno);
  if (bytes >= kHugePage) madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

void FreeHuge(void* p, size_t bytes) { munmap(p, bytes == 0 ? 1 : bytes); }

StateStore::StateStore(int words)
    : words_(words),
      states_(static_cast<size_t>(words)),
      table_(size_t{1} << kInitialLog2),
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
      const uint64_t* t = states_.At(idx);
      if (words_ == 1 ? t[0] == s[0] : std::memcmp(t, s, bytes) == 0) return {idx, false};
    }
  }
  RC_CHECK(states_.size() < kMaxStates);
  // Grow first, then append: if either allocation fails (OutOfMemory), the store is unchanged.
  if (states_.size() + 1 > grow_at_) Grow();
  uint32_t idx = static_cast<uint32_t>(states_.size());
  std::memcpy(states_.Append(), s, bytes);
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
  HugeArray<uint64_t> old(table_.size() * 2);
  std::swap(old, table_);  // `old` now holds the old table; table_ the new, zero-filled one
  --shift_;
  grow_at_ = table_.size() * 7 / 10;
  const uint64_t mask = table_.size() - 1;
  // Entries are visited in slot order; re-inserting keeps probe sequences valid because the
  // position depends only on the stored tag.
  for (size_t i = 0; i < old.size(); ++i) {
    const uint64_t e = old[i];
    if (e == 0) continue;
    uint64_t pos = Slot(static_cast<uint32_t>(e >> 32));
    while (table_[pos] != 0) pos = (pos + 1) & mask;
    table_[pos] = e;
  }
}

}  // namespace racecheck
