// StateStore: the visited-state set. Each reachable state is stored once, as `words` packed
// words, and named by a dense 32-bit index in the order of first insertion.
//
// States live in fixed-size chunks that never move (so a pointer returned by State() stays
// valid), and an open-addressing table of 8-byte slots (32 bits of hash, 32 bits of index)
// finds them; the table's position bits come from the stored hash bits, so it grows without
// touching the states. Insert allocates nothing except when a chunk fills or the table grows.
// Memory per state: words*8 bytes + at most 16 bytes of table (load factor kept in [0.35,0.7]).
// Not thread-safe.
#ifndef RACECHECK_ENGINE_STATE_STORE_H_
#define RACECHECK_ENGINE_STATE_STORE_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace racecheck {

// Fetches the cache line of p ahead of a read. An asm statement rather than __builtin_prefetch,
// which GCC 12 deletes as dead code when the address is loaded from memory (as in
// ShardedStore::Prefetch: no prefetch instruction was emitted at all).
inline void PrefetchLine(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

// A zero-filled array of n T's from mmap, backed by transparent huge pages where the kernel
// allows (fewer TLB misses on the random accesses of the visited set). Frees with munmap.
template <class T>
class HugeArray {
 public:
  HugeArray() = default;
  explicit HugeArray(size_t n);
  HugeArray(HugeArray&& o) noexcept : p_(o.p_), n_(o.n_) {
    o.p_ = nullptr;
    o.n_ = 0;
  }
  HugeArray& operator=(HugeArray&& o) noexcept {
    std::swap(p_, o.p_);
    std::swap(n_, o.n_);
    return *this;
  }
  ~HugeArray();
  T& operator[](size_t i) { return p_[i]; }
  const T& operator[](size_t i) const { return p_[i]; }
  T* get() const { return p_; }
  size_t size() const { return n_; }

 private:
  T* p_ = nullptr;
  size_t n_ = 0;
};

// Thrown by AllocateHuge when the kernel refuses memory (mmap fails: an address-space or data
// limit, a cgroup, no overcommit). The searches catch it and stop with an incomplete verdict
// (explore/); it never crosses the engine's API.
class OutOfMemory : public std::bad_alloc {
 public:
  OutOfMemory(size_t bytes, int err);
  // "mmap of 16.0 MiB failed: Cannot allocate memory".
  const char* what() const noexcept override { return what_; }

 private:
  char what_[160];
};

void* AllocateHuge(size_t bytes);  // throws OutOfMemory when mmap fails
void FreeHuge(void* p, size_t bytes);

template <class T>
HugeArray<T>::HugeArray(size_t n) : p_(static_cast<T*>(AllocateHuge(n * sizeof(T)))), n_(n) {}
template <class T>
HugeArray<T>::~HugeArray() {
  if (p_ != nullptr) FreeHuge(p_, n_ * sizeof(T));
}

// A growable array of elements of `stride` T's, in chunks that never move once written. A chunk
// holds a power of two of elements, at most 2^18 and at most about kMaxChunkBytes, so that a
// large element (a wide state) does not reserve address space out of proportion to what is
// used. Memory is taken from the kernel a chunk at a time (AllocateHuge: may throw
// OutOfMemory); the pages of a chunk become resident as elements are written.
template <class T>
class ChunkedArray {
 public:
  static constexpr size_t kMaxChunkBytes = size_t{16} << 20;
  static constexpr int kMaxChunkBits = 18;

  explicit ChunkedArray(size_t stride = 1)
      : stride_(stride), bits_(ChunkBits(stride)), mask_((size_t{1} << bits_) - 1) {}
  // Appends one element of `stride` T's; returns a pointer to it (uninitialised). The array is
  // unchanged if a new chunk cannot be allocated (OutOfMemory).
  T* Append() {
    if ((size_ & mask_) == 0) chunks_.emplace_back((mask_ + 1) * stride_);
    T* p = chunks_.back().get() + (size_ & mask_) * stride_;
    ++size_;
    return p;
  }
  T* At(size_t i) { return chunks_[i >> bits_].get() + (i & mask_) * stride_; }
  const T* At(size_t i) const { return chunks_[i >> bits_].get() + (i & mask_) * stride_; }
  size_t size() const { return size_; }
  // Bytes in use: the elements appended, rounded up to whole pages of the last chunk.
  size_t memory_bytes() const {
    constexpr size_t kPage = 4096;
    const size_t used = size_ * stride_ * sizeof(T);
    return std::min(reserved_bytes(), (used + kPage - 1) / kPage * kPage);
  }
  // Bytes of address space reserved: every chunk, whole.
  size_t reserved_bytes() const { return chunks_.size() * (mask_ + 1) * stride_ * sizeof(T); }

 private:
  static int ChunkBits(size_t stride) {
    int bits = kMaxChunkBits;
    while (bits > 0 && (size_t{1} << bits) * stride * sizeof(T) > kMaxChunkBytes) --bits;
    return bits;
  }

  size_t stride_;
  int bits_;
  size_t mask_;
  size_t size_ = 0;
  std::vector<HugeArray<T>> chunks_;
};

class StateStore {
 public:
  // The most states one store holds (indices are 32-bit; the top value is reserved).
  static constexpr uint64_t kMaxStates = 0xfffffff0ULL;

  explicit StateStore(int words);

  // Inserts state s (whose hash is `hash`, from HashWords). Returns its index and whether it
  // was new. REQUIRES: size() < kMaxStates.
  std::pair<uint32_t, bool> Insert(const uint64_t* s, uint64_t hash);
  // Index of s if stored, else -1.
  int64_t Find(const uint64_t* s, uint64_t hash) const;
  // Hints that a state with this hash is about to be inserted (fetches its table slot).
  void Prefetch(uint64_t hash) const {
    __builtin_prefetch(&table_[Slot(static_cast<uint32_t>(hash >> 32))]);
  }

  const uint64_t* State(uint32_t i) const { return states_.At(i); }
  uint64_t size() const { return states_.size(); }
  int words() const { return words_; }
  // Bytes in use: the states and the table.
  uint64_t memory_bytes() const { return states_.memory_bytes() + table_.size() * 8; }
  // Bytes the next growth of the table adds for a moment on top of memory_bytes(): the new
  // table, twice the old, while the old one is still held.
  uint64_t growth_bytes() const { return table_.size() * 16; }

 private:
  void Grow();
  uint64_t Slot(uint32_t tag) const { return tag >> shift_; }

  int words_;
  ChunkedArray<uint64_t> states_;
  HugeArray<uint64_t> table_;  // 0 = empty; else (tag << 32) | (index + 1)
  uint32_t shift_;             // position = tag >> shift_ (32 - log2(table size))
  uint64_t grow_at_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_STATE_STORE_H_
