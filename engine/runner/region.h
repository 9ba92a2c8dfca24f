// Region: the shared memory of one trial, mapped by the parent before it forks the processes
// and inherited by them (mmap MAP_SHARED|MAP_ANONYMOUS: it has no name and vanishes with the
// last process that maps it).
//
// It holds: the global sequence counter that stamps every operation as it starts and as it
// ends; the operation log (a fixed array, appended to with an atomic index); the ghost
// (bookkeeping) variables and the mutex that makes their update atomic with their step, with a
// counter that numbers the steps that touch them in the order they did; the `--store memory`
// values and their lock (robust process-shared mutexes); one POSIX semaphore per lock or
// semaphore of the model, with a counter that numbers its acquisitions in the order they
// succeeded; the gate semaphores of a forced schedule (`go` per process, one `done`); the start
// barrier (a count of processes ready and a word they wait on); a slot per process where it
// says what it waits for and how it ended; per process and lock, how many units it holds; and
// the print arena, where processes append the lines their print steps write; and the mirror:
// the model's own state of every lock, semaphore, barrier, queue and condition
// (StoreVars::sync_fields), read and written only under the ghost mutex, with a process-shared
// condition variable that the barrier, queue and condition steps wait on. Layout:
// [header][sems][sync counters][slots][held][mirror][log][prints]. Every process may touch it;
// the atomics are the only synchronisation besides the semaphores and the mutexes.
//
// A lock's or semaphore's mirror follows its semaphore: an acquire updates it (under the ghost
// mutex) after sem_wait returned, a release before sem_post, so the mirror never shows fewer
// units taken than the semaphore has given out, and an acquirer always finds its unit free in
// it. That update is where the model's step happens: held(l), holder(l) and value(s) read it.
//
// What the parent reads to prove that a trial is stuck (runner.cc) is written so that a record
// never claims more than is true: a process marks itself waiting before sem_wait and unmarks
// after; it counts a unit held after sem_wait returned and uncounts it before sem_post. Every
// such change bumps `events`, so two equal readings of it bracket an unchanged picture.
#ifndef RACECHECK_ENGINE_RUNNER_REGION_H_
#define RACECHECK_ENGINE_RUNNER_REGION_H_

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
  uint64_t start = 0;  // taken before the step's first real operation (an acquire: once it got
                       // the semaphore, so that waiting for it does not count as the step)
  uint64_t end = 0;    // taken after its last
  OpKind kind = OpKind::kStep;
  int32_t property = -1;       // kViolation
  int64_t acquire_order = -1;  // an acquire: its rank among the acquisitions of its sync
  int64_t ghost_order = -1;    // a step that touched a ghost variable or the mirror: its rank
                               // among those
  int32_t sync = -1;           // an acquire: the lock or semaphore it took (an index chose it)
  uint32_t read_mask = 0;      // bit i: the step read store variable i, value in read_vals[i]
  uint32_t write_mask = 0;     // bit i: the step's store write put write_vals[i] for variable i
  int64_t read_vals[kMaxRunVars] = {};
  int64_t write_vals[kMaxRunVars] = {};
};

// How a process ended, as it reports it (kStarting/kRunning when it did not report).
enum class ProcState : int32_t { kStarting, kRunning, kFinished, kCrashed, kViolated };

// ProcSlot::waiting when the process polls an `await` condition.
constexpr int32_t kWaitingAwait = -2;
// ProcSlot::waiting when the process waits on the mirror's condition variable: a barrier's
// arrive or leave, a queue's put or get, a condition's wait, wake-up or notify (its step at
// waiting_pc is not enabled in the mirror: RunEnabled).
constexpr int32_t kWaitingCond = -3;

struct ProcSlot {
  std::atomic<int32_t> state;
  // What the process waits for: the index of the sync it waits for in sem_wait, kWaitingAwait,
  // or -1 (not waiting).
  std::atomic<int32_t> waiting;
  std::atomic<int32_t> waiting_pc;  // the pc of the step it waits at
  int32_t property;                 // kViolated
  char reason[240];                 // kCrashed / kViolated: what happened
  // kViolated: `reason` in the report's language (ChildConfig::lang); "" when that is English.
  char reason_text[240];
};

struct RegionHeader {
  std::atomic<uint64_t> seq;
  std::atomic<uint32_t> log_next;
  std::atomic<uint32_t> ready;    // processes waiting at the start barrier
  std::atomic<uint32_t> started;  // the barrier's word: 0 until the parent releases them
  double release_time;            // Os::Now() when the parent released them
  double start_interval;          // process p starts p * start_interval after the release
  std::atomic<uint64_t> events;   // bumped on every change of a slot's `waiting` or of `held`
  std::atomic<uint64_t> ghost_order;
  std::atomic<uint32_t> print_next;      // bytes of the print arena reserved
  std::atomic<uint32_t> prints_dropped;  // lines that did not fit
  std::atomic<uint32_t> print_end;       // where the first line that did not fit was to go
  // Robust process-shared mutexes: a process killed while holding one does not hang the others
  // (the next locker takes it over).
  pthread_mutex_t ghost_lock;      // guards ghosts (bookkeeping only, never real data) and
                                   // the mirror
  pthread_cond_t mirror_changed;   // with ghost_lock: broadcast when a step changed the mirror
  pthread_mutex_t store_lock;      // guards memory (--store memory: one op at a time)
  std::atomic<uint32_t> free_run;  // forced schedule over: children stop waiting on `go`
  std::atomic<uint32_t> dropped;   // fault injection: a write was dropped
  int64_t ghosts[kMaxRunVars];
  int64_t memory[kMaxRunVars];
};

class Region {
 public:
  // Maps and initialises the region: every semaphore starts at 0 (syncs are posted later), the
  // `mirror` words of the mirror at 0 (set by the parent before the fork).
  static Status Create(Os& os, int processes, int syncs, int mirror, uint32_t log_capacity,
                       uint32_t print_capacity, std::unique_ptr<Region>* out);
  ~Region() = default;

  // Destroys the semaphores and unmaps. Call once, from the parent, after every child ended.
  void Destroy(Os& os);

  RegionHeader* header() const { return header_; }
  OsSem* sync(int i) const { return sems_ + i; }
  OsSem* go(int p) const { return sems_ + syncs_ + p; }
  OsSem* done() const { return sems_ + syncs_ + processes_; }
  ProcSlot* slot(int p) const { return slots_ + p; }
  // Units of sync `s` that process p holds (a lock: 0 or 1).
  std::atomic<int32_t>& held(int p, int s) const { return held_[p * syncs_ + s]; }
  // The next acquisition rank of sync `s`.
  int64_t NextAcquireOrder(int s) { return acquire_order_[s].fetch_add(1); }
  // The mirror's words, per StoreVars::sync_fields. REQUIRES: the ghost mutex (or no child
  // running).
  int64_t* mirror() const { return mirror_; }
  int processes() const { return processes_; }
  int syncs() const { return syncs_; }
  const LogOp& op(uint32_t i) const { return log_[i]; }
  uint32_t log_size() const;
  uint32_t log_capacity() const { return log_capacity_; }
  bool log_overflowed() const;
  // Appends `op`; false (and the log marked overflowed) when the log is full.
  bool Append(const LogOp& op);
  // Next stamp of the global sequence.
  uint64_t Stamp() { return header_->seq.fetch_add(1, std::memory_order_seq_cst); }
  // Marks what process p waits for (a sync index, kWaitingAwait, or -1) at step `pc`, and bumps
  // `events`.
  void SetWaiting(int p, int32_t what, int32_t pc = -1);
  // Adds `delta` to the units of sync s that process p holds and bumps `events`.
  void AddHeld(int p, int s, int32_t delta);

  // Appends one printed line of process p; false (and counted as dropped) when it does not fit.
  bool AppendPrint(int p, const std::string& text);
  // Every printed line, in the order the processes printed them. Call after every child ended.
  struct Print {
    int process;
    std::string text;
  };
  // The lines printed, in the order reserved. A record whose process is not one of ours (torn
  // by a process stopped mid-print) is left out and counted in *torn.
  std::vector<Print> Prints(int* torn) const;

  // Locks one of the header's robust mutexes (for ghosts and the memory store).
  static void Lock(pthread_mutex_t* m);
  static void Unlock(pthread_mutex_t* m) { pthread_mutex_unlock(m); }
  // Waits at most `seconds` on the mirror's condition variable. REQUIRES: the ghost mutex, held
  // again on return (taken over if its holder died).
  void WaitMirror(double seconds);
  void MirrorChanged() { pthread_cond_broadcast(&header_->mirror_changed); }

 private:
  Region() = default;
  void* base_ = nullptr;
  size_t bytes_ = 0;
  int processes_ = 0, syncs_ = 0;
  int sems_ready_ = 0;
  bool mutexes_ready_ = false;
  uint32_t log_capacity_ = 0, print_capacity_ = 0;
  RegionHeader* header_ = nullptr;
  OsSem* sems_ = nullptr;
  std::atomic<int64_t>* acquire_order_ = nullptr;
  ProcSlot* slots_ = nullptr;
  std::atomic<int32_t>* held_ = nullptr;
  int64_t* mirror_ = nullptr;
  LogOp* log_ = nullptr;
  char* prints_ = nullptr;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_REGION_H_
