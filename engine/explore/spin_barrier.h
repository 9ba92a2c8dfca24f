// SpinBarrier: a reusable barrier for a fixed number of threads that spins a little before it
// sleeps.
//
// The parallel breadth-first search passes four barriers per round, and a round lasts about
// a millisecond. std::barrier puts a waiting thread to sleep at once, so every barrier costs a
// futex wake-up, which in a virtual machine takes some 100 µs (measured: a quarter of the
// wall time of a 2-thread search went to waiting at barriers, both threads alike). Spinning
// for up to kSpins pauses first makes a barrier cost about nothing when the threads arrive
// close together; a thread that waits longer sleeps as before.
// Thread-safety: ArriveAndWait from the `n` threads, each once per phase.
#ifndef RACECHECK_ENGINE_EXPLORE_SPIN_BARRIER_H_
#define RACECHECK_ENGINE_EXPLORE_SPIN_BARRIER_H_

#include <atomic>
#include <cstdint>

namespace racecheck {

class SpinBarrier {
 public:
  explicit SpinBarrier(int n) : n_(n) {}
  SpinBarrier(const SpinBarrier&) = delete;
  SpinBarrier& operator=(const SpinBarrier&) = delete;

  void ArriveAndWait() {
    const uint32_t phase = phase_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == n_) {
      arrived_.store(0, std::memory_order_relaxed);  // before the release below
      phase_.store(phase + 1, std::memory_order_release);
      phase_.notify_all();
      return;
    }
    for (int i = 0; i < kSpins; ++i) {
      if (phase_.load(std::memory_order_acquire) != phase) return;
      Pause();
    }
    while (phase_.load(std::memory_order_acquire) == phase) {
      phase_.wait(phase, std::memory_order_acquire);
    }
  }

 private:
  static constexpr int kSpins = 1 << 14;  // about 100 µs
  static void Pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }

  alignas(64) std::atomic<int> arrived_{0};
  alignas(64) std::atomic<uint32_t> phase_{0};
  const int n_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_SPIN_BARRIER_H_
