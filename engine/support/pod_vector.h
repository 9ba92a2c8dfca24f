// PodVector<T>: a growable array of a trivially copyable T, for the few arrays that grow to
// hundreds of megabytes (the counting graph's states and edges). A large one lives in a mapping
// of its own that grows with mremap: the pages move without being copied, and the old and the
// new block never both take memory. std::vector copies each time it doubles, so at 10^7
// entries most of its cost is memmove and first-touch page faults, and its peak is three times
// the data. (realloc would mremap too, but only above glibc's mmap threshold, which rises to
// 32 MiB as large blocks are freed.) The mapping asks for transparent huge pages, where the
// kernel leaves them to madvise as Debian's does: one page fault per 2 MiB instead of per 4 KiB,
// and fewer TLB misses when the array is read at random.
//
// Only what those arrays need: push_back, resize, reserve, clear, indexing, iteration. Throws
// std::bad_alloc when memory runs out, as std::vector would. Not thread-safe.
#ifndef RACECHECK_ENGINE_SUPPORT_POD_VECTOR_H_
#define RACECHECK_ENGINE_SUPPORT_POD_VECTOR_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace racecheck {

template <typename T>
class PodVector {
  static_assert(std::is_trivially_copyable_v<T>, "PodVector holds plain values only");

 public:
  PodVector() = default;
  PodVector(size_t n, const T& value) { assign(n, value); }
  PodVector(const PodVector& o) { *this = o; }
  PodVector(PodVector&& o) noexcept { swap(o); }
  PodVector& operator=(const PodVector& o) {
    if (this != &o) {
      clear();
      reserve(o.size_);
      if (o.size_ != 0) std::memcpy(data_, o.data_, o.size_ * sizeof(T));
      size_ = o.size_;
    }
    return *this;
  }
  PodVector& operator=(PodVector&& o) noexcept {
    PodVector(std::move(o)).swap(*this);
    return *this;
  }
  ~PodVector() { Free(); }

  void swap(PodVector& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    std::swap(mapped_bytes_, o.mapped_bytes_);
  }

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  void push_back(const T& value) {
    if (size_ == capacity_) Grow(size_ + 1);
    data_[size_++] = value;
  }
  // Appends [first, last).
  void append(const T* first, const T* last) {
    const size_t n = static_cast<size_t>(last - first);
    if (size_ + n > capacity_) Grow(size_ + n);
    if (n != 0) std::memcpy(data_ + size_, first, n * sizeof(T));
    size_ += n;
  }
  void resize(size_t n, const T& value = T()) {
    if (n > capacity_) Grow(n);
    for (size_t i = size_; i < n; ++i) data_[i] = value;
    size_ = n;
  }
  void assign(size_t n, const T& value) {
    size_ = 0;
    resize(n, value);
  }
  void reserve(size_t n) {
    if (n > capacity_) Reallocate(n);
  }
  // Empties the array and gives its memory back.
  void clear() {
    Free();
    data_ = nullptr;
    size_ = capacity_ = mapped_bytes_ = 0;
  }

 private:
  void Grow(size_t at_least) {
    size_t c = capacity_ < 16 ? 16 : capacity_ + capacity_ / 2;
    Reallocate(c < at_least ? at_least : c);
  }
  // From this many bytes on, the array has a mapping of its own; never under AddressSanitizer,
  // which checks the accesses to malloc's memory only.
#if defined(__SANITIZE_ADDRESS__)
  static constexpr size_t kMapBytes = static_cast<size_t>(-1);
#else
  static constexpr size_t kMapBytes = size_t{1} << 20;
#endif
  static constexpr size_t kPage = 4096;

  void Reallocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T) - kPage) throw std::bad_alloc();
    size_t bytes = n * sizeof(T);
    if (bytes < kMapBytes) {  // only while small: a mapped array never goes back
      void* p = std::realloc(data_, bytes);
      if (p == nullptr) throw std::bad_alloc();
      data_ = static_cast<T*>(p);
      capacity_ = n;
      return;
    }
    bytes = (bytes + kPage - 1) & ~(kPage - 1);
    void* p;
    if (mapped_bytes_ != 0) {
      p = mremap(data_, mapped_bytes_, bytes, MREMAP_MAYMOVE);
      if (p == MAP_FAILED) throw std::bad_alloc();
    } else {
      p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();
      if (size_ != 0) std::memcpy(p, data_, size_ * sizeof(T));
      std::free(data_);
    }
    mapped_bytes_ = bytes;
    madvise(p, bytes, MADV_HUGEPAGE);  // advice only: nothing changes if the kernel says no
    data_ = static_cast<T*>(p);
    capacity_ = bytes / sizeof(T);
  }
  void Free() {
    if (mapped_bytes_ != 0) {
      munmap(data_, mapped_bytes_);
    } else {
      std::free(data_);
    }
  }

  T* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
  size_t mapped_bytes_ = 0;  // data_ is a mapping of this many bytes; 0: malloc's
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_POD_VECTOR_H_
