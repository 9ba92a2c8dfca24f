// Region: the shared memory of one trial, mapped by the parent before it forks the processes
// and inherited by them (mmap MAP_SHARED|MAP_ANONYMOUS: it has no name and vanishes with the
// last process that maps it).
//
// It holds: the global sequence counter that stamps every operation as it starts and as it
// ends; the operation log (a fixed array, appended to with an atomic index); the ghost
// (bookkeeping) variables and the mutex that makes their update atomic with their step;
// the `--store memory` values and their lock (robust process-shared mutexes); one POSIX semaphore
// per lock or semaphore of the model, the gate semaphores of a forced schedule (`go` per process,
// one `done`); and a slot per process where it reports how it ended. Layout:
// [header][sems][slots][log]. Every process may touch it; the atomics are the only synchronisation
// besides the semaphores.
#ifndef RACECHECK_ENGINE_RUNNER_REGION_H_
#define RACECHECK_ENGINE_RUNNER_REGION_H_

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <memory>

#include "engine/runner/os.h"

namespace racecheck {

// The most shared variables of each kind (store, ghost) a model may have in real mode.
constexpr int kMaxRunVars = 16;

// The kinds of logged operation (one table).
enum class OpKind : uint8_t {
  kStep,       // one model step ran; reads/writes say what it did to the store
  kCrash,      // the step could not run: the process died (reason in its slot)
  kViolation,  // the step violated a property (an assert, lock misuse, range); the process stopped
};

// One logged operation: one step of one process, stamped from the global counter.
struct LogOp {
  int32_t process = -1;
  int32_t pc = -1;     // settled pc of the step in the process's template
  uint64_t start = 0;  // taken before the step's first real operation
  uint64_t end = 0;    // taken after its last
  OpKind kind = OpKind::kStep;
  int32_t property = -1;    // kViolation
  uint32_t read_mask = 0;   // bit i: the step read store variable i, value in read_vals[i]
  uint32_t write_mask = 0;  // bit i: the step's store write put write_vals[i] for variable i
  int64_t read_vals[kMaxRunVars] = {};
  int64_t write_vals[kMaxRunVars] = {};
};

// How a process ended, as it reports it (kStarting/kRunning when it did not report).
enum class ProcState : int32_t { kStarting, kRunning, kFinished, kCrashed, kViolated };

struct ProcSlot {
  std::atomic<int32_t> state;
  std::atomic<int32_t> waiting_sync;  // index of the sync it waits for in sem_wait, or -1
  int32_t property;                   // kViolated
  char reason[240];                   // kCrashed / kViolated: what happened
};

struct RegionHeader {
  std::atomic<uint64_t> seq;
  std::atomic<uint32_t> log_next;
  // Robust process-shared mutexes: a process killed while holding one does not hang the others
  // (the next locker takes it over).
  pthread_mutex_t ghost_lock;      // guards ghosts (bookkeeping only, never real data)
  pthread_mutex_t store_lock;      // guards memory (--store memory: one op at a time)
  std::atomic<uint32_t> free_run;  // forced schedule over: children stop waiting on `go`
  std::atomic<uint32_t> dropped;   // fault injection: a write was dropped
  int64_t ghosts[kMaxRunVars];
  int64_t memory[kMaxRunVars];
};

class Region {
 public:
  // Maps and initialises the region: every semaphore starts at 0 except syncs, set later.
  static Status Create(Os& os, int processes, int syncs, uint32_t log_capacity,
                       std::unique_ptr<Region>* out);
  ~Region() = default;

  // Destroys the semaphores and unmaps. Call once, from the parent, after every child ended.
  void Destroy(Os& os);

  RegionHeader* header() const { return header_; }
  OsSem* sync(int i) const { return sems_ + i; }
  OsSem* go(int p) const { return sems_ + syncs_ + p; }
  OsSem* done() const { return sems_ + syncs_ + processes_; }
  ProcSlot* slot(int p) const { return slots_ + p; }
  const LogOp& op(uint32_t i) const { return log_[i]; }
  uint32_t log_size() const;
  uint32_t log_capacity() const { return log_capacity_; }
  bool log_overflowed() const;
  // Appends `op`; false (and the log marked overflowed) when the log is full.
  bool Append(const LogOp& op);
  // Next stamp of the global sequence.
  uint64_t Stamp() { return header_->seq.fetch_add(1, std::memory_order_seq_cst); }

  // Locks one of the header's robust mutexes (for ghosts and the memory store).
  static void Lock(pthread_mutex_t* m);
  static void Unlock(pthread_mutex_t* m) { pthread_mutex_unlock(m); }

 private:
  Region() = default;
  void* base_ = nullptr;
  size_t bytes_ = 0;
  int processes_ = 0, syncs_ = 0;
  int sems_ready_ = 0;
  bool mutexes_ready_ = false;
  uint32_t log_capacity_ = 0;
  RegionHeader* header_ = nullptr;
  OsSem* sems_ = nullptr;
  ProcSlot* slots_ = nullptr;
  LogOp* log_ = nullptr;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_REGION_H_
