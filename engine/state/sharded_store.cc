#include "engine/state/sharded_store.h"

#include "engine/support/check.h"

namespace racecheck {

namespace {
constexpr int kInitialLog2 = 10;
}

ShardedStore::ShardedStore(int words)
    : words_(words), states_(static_cast<size_t>(words)), shards_(kShards) {
  for (Shard& sh : shards_) {
    sh.table = HugeArray<uint64_t>(size_t{1} << kInitialLog2);
    sh.shift = 32 - kInitialLog2;
  }
}

void ShardedStore::Reserve(int shard, uint64_t extra) {
  Shard& sh = shards_[shard];
  while ((sh.used + extra) * 10 > sh.table.size() * 7) {
    RC_CHECK(sh.shift > 0);
    HugeArray<uint64_t> old(sh.table.size() * 2);
    std::swap(old, sh.table);  // `old` holds the old table; sh.table the new, zero-filled one
    --sh.shift;
    const uint64_t mask = sh.table.size() - 1;
    for (size_t i = 0; i < old.size(); ++i) {
      const uint64_t e = old[i];
      if (e == 0) continue;
      uint64_t pos = sh.Slot(static_cast<uint32_t>(e >> 32));
      while (sh.table[pos] != 0) pos = (pos + 1) & mask;
      sh.table[pos] = e;
    }
  }
}

void ShardedStore::ReserveStates(uint64_t n) {
  RC_CHECK(n <= kMaxStates);
  while (states_.size() < n) states_.Append();
}

void ShardedStore::Resize(uint64_t n) {
  RC_CHECK(n <= states_.size());
  size_ = n;
}

std::pair<uint32_t, bool> ShardedStore::Insert(const uint64_t* s, uint64_t hash) {
  Reserve(ShardOf(hash), 1);
  Shard& sh = shards_[ShardOf(hash)];
  const uint32_t tag = Tag(hash);
  const size_t bytes = sizeof(uint64_t) * static_cast<size_t>(words_);
  uint64_t pos;
  const uint64_t found = Probe(
      sh, tag, s,
      [](uint32_t) -> const uint64_t* {
        RC_CHECK(false);  // REQUIRES: no entry waits for its Commit
        return nullptr;
      },
      &pos);
  if (found != kAbsent) return {static_cast<uint32_t>(found), false};
  const uint32_t index = static_cast<uint32_t>(size_);
  ReserveStates(size_ + 1);
  std::memcpy(states_.At(index), s, bytes);
  sh.table[pos] = (static_cast<uint64_t>(tag) << 32) | (static_cast<uint64_t>(index) + 1);
  ++sh.used;
  Resize(size_ + 1);
  return {index, true};
}

uint64_t ShardedStore::memory_bytes() const {
  uint64_t bytes = states_.memory_bytes();
  for (const Shard& sh : shards_) bytes += sh.table.size() * 8;
  return bytes;
}

uint64_t ShardedStore::growth_bytes() const {
  uint64_t bytes = 0;
  for (const Shard& sh : shards_) bytes += sh.table.size() * 16;
  return bytes;
}

}  // namespace racecheck
