// PodVector<T>: a growable array of a trivially copyable T, for the few arrays that grow to
// hundreds of megabytes (the counting graph's states and edges). It grows with realloc, which
// glibc serves for a large block with mremap: the pages move without being copied, and the old
// and the new block never both take memory. std::vector copies each time it doubles, so at
// 10^7 entries most of its cost is memmove and first-touch page faults, and its peak is three
// times the data.
//
// Only what those arrays need: push_back, resize, reserve, clear, indexing, iteration. Throws
// std::bad_alloc when memory runs out, as std::vector would. Not thread-safe.
#ifndef RACECHECK_ENGINE_SUPPORT_POD_VECTOR_H_
#define RACECHECK_ENGINE_SUPPORT_POD_VECTOR_H_

#include <cstddef>
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
  ~PodVector() { std::free(data_); }

  void swap(PodVector& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
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
    std::free(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }

 private:
  void Grow(size_t at_least) {
    size_t c = capacity_ < 16 ? 16 : capacity_ + capacity_ / 2;
    Reallocate(c < at_least ? at_least : c);
  }
  void Reallocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    void* p = std::realloc(data_, n * sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    capacity_ = n;
  }

  T* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_POD_VECTOR_H_
