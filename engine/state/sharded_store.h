// ShardedStore: the visited-state set of the parallel breadth-first search.
//
// Like StateStore (store.h) — each state stored once, in chunks that never move, named by a
// dense 32-bit index — but its hash table is split into kShards independent shards chosen by
// the top bits of a state's hash, so that several threads insert at once, each into the shards
// it owns, with no locks. Insertion is two-phase so that indices are assigned in a fixed order
// whatever the number of threads:
//   1. InsertProvisional: the owner of the shard looks the state up; a new state gets a
//      provisional entry naming its candidate number (no index yet);
//   2. Commit: once every candidate is known, indices are handed out in candidate order,
//      states are copied in (any thread, disjoint indices, below the ReserveStates bound), and
//      each provisional entry becomes a real one; then Resize makes them count.
// Thread-safety: InsertProvisional/Reserve on one shard from one thread at a time; Commit and
// MutableState on distinct entries from any thread; ReserveStates and Resize from one thread
// while none of the others runs.
#ifndef RACECHECK_ENGINE_STATE_SHARDED_STORE_H_
#define RACECHECK_ENGINE_STATE_SHARDED_STORE_H_

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "engine/state/store.h"

namespace racecheck {

class ShardedStore {
 public:
  static constexpr int kShardBits = 6;
  static constexpr int kShards = 1 << kShardBits;
  static constexpr uint64_t kMaxStates = 0x7ffffff0ULL;  // index < 2^31: the top bit is taken

  explicit ShardedStore(int words);

  static int ShardOf(uint64_t hash) { return static_cast<int>(hash >> (64 - kShardBits)); }

  // Makes room in `shard` for `extra` more entries under the load factor.
  void Reserve(int shard, uint64_t extra);
  void Prefetch(uint64_t hash) const {
    const Shard& sh = shards_[ShardOf(hash)];
    PrefetchLine(&sh.table[sh.Slot(Tag(hash))]);
  }

  // Phase 1. Returns true when s is neither stored nor provisionally inserted; it then holds a
  // provisional entry for candidate `cand` (< 2^31), named by *entry (< 2^40; for Commit and
  // PrefetchEntry; valid until the next Reserve of the shard). `candidate(c)` gives the words of
  // candidate c, for comparing against provisional entries. REQUIRES: Reserve made room.
  template <class Candidate>
  bool InsertProvisional(const uint64_t* s, uint64_t hash, uint32_t cand, uint64_t* entry,
                         const Candidate& candidate);

  // Phase 2. ReserveStates makes indices below n writable through MutableState; Resize makes
  // size() n. REQUIRES (Resize): n <= reserved().
  void ReserveStates(uint64_t n);
  void Resize(uint64_t n);
  uint64_t reserved() const { return states_.size(); }
  uint64_t* MutableState(uint32_t i) { return states_.At(i); }
  // Makes a provisional entry a real one, naming state `index`.
  void Commit(uint64_t entry, uint32_t index) {
    uint64_t& e = shards_[entry >> 32].table[entry & 0xffffffffULL];
    e = (e & ~0xffffffffULL) | (static_cast<uint64_t>(index) + 1);
  }
  void PrefetchEntry(uint64_t entry) const {
    PrefetchLine(&shards_[entry >> 32].table[entry & 0xffffffffULL]);
  }

  // Both phases at once, from one thread, for a state inserted on its own (the initial state):
  // like StateStore::Insert. REQUIRES: no other thread runs and no provisional entry is
  // waiting for its Commit (e.g. before the parallel search's first round).
  std::pair<uint32_t, bool> Insert(const uint64_t* s, uint64_t hash);

  const uint64_t* State(uint32_t i) const { return states_.At(i); }
  uint64_t size() const { return size_; }
  int words() const { return words_; }
  uint64_t memory_bytes() const;
  // Bytes the growth of every shard's table would add for a moment (new tables beside the old).
  uint64_t growth_bytes() const;

 private:
  static constexpr uint64_t kProvisional = uint64_t{1} << 31;
  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 20); }
  // A cache line each: the owners of neighbouring shards write `used` at the same time.
  struct alignas(64) Shard {
    HugeArray<uint64_t> table;  // 0 empty; else (tag << 32) | (index + 1) or (cand | kProv) + 1
    uint32_t shift = 0;
    uint64_t used = 0;
    uint64_t Slot(uint32_t tag) const { return tag >> shift; }
  };
  static constexpr uint64_t kAbsent = ~uint64_t{0};
  // Looks for s in its shard: the entry's value of the equal state (an index, or a candidate
  // with kProvisional set, whose state `candidate` gives), or kAbsent with *pos at the empty
  // slot where s would go. The one probe of both Insert and InsertProvisional.
  template <class Candidate>
  uint64_t Probe(const Shard& sh, uint32_t tag, const uint64_t* s, const Candidate& candidate,
                 uint64_t* pos) const;

  int words_;
  ChunkedArray<uint64_t> states_;
  uint64_t size_ = 0;
  std::vector<Shard> shards_;
};

template <class Candidate>
uint64_t ShardedStore::Probe(const Shard& sh, uint32_t tag, const uint64_t* s,
                             const Candidate& candidate, uint64_t* pos) const {
  const uint64_t mask = sh.table.size() - 1;
  const size_t bytes = sizeof(uint64_t) * static_cast<size_t>(words_);
  for (*pos = sh.Slot(tag);; *pos = (*pos + 1) & mask) {
    const uint64_t e = sh.table[*pos];
    if (e == 0) return kAbsent;
    if (static_cast<uint32_t>(e >> 32) != tag) continue;
    const uint64_t v = (e & 0xffffffffULL) - 1;
    const uint64_t* t =
        (v & kProvisional) ? candidate(static_cast<uint32_t>(v & ~kProvisional)) : states_.At(v);
    if (words_ == 1 ? t[0] == s[0] : std::memcmp(t, s, bytes) == 0) return v;
  }
}

template <class Candidate>
bool ShardedStore::InsertProvisional(const uint64_t* s, uint64_t hash, uint32_t cand,
                                     uint64_t* entry, const Candidate& candidate) {
  Shard& sh = shards_[ShardOf(hash)];
  const uint32_t tag = Tag(hash);
  uint64_t pos;
  if (Probe(sh, tag, s, candidate, &pos) != kAbsent) return false;
  sh.table[pos] = (static_cast<uint64_t>(tag) << 32) | ((cand | kProvisional) + 1);
  ++sh.used;
  *entry = (static_cast<uint64_t>(ShardOf(hash)) << 32) | pos;
  return true;
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_STATE_SHARDED_STORE_H_
