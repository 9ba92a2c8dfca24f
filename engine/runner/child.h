// RunChild: the body of one real process of a trial (runs in the forked child).
//
// The process executes its template's steps with the checker's own semantics: it keeps a
// private copy of the state vector and calls System::Step on it. Around each step it does for
// real what the step does to shared things:
//   - a step that reads a shared (non-ghost) variable first reads the whole store into its copy
//     (one real read: open + parse the file); one that writes one writes its whole view back
//     after the step (one real write); a step touching no shared variable touches no file;
//   - ghost (bookkeeping) variables are loaded and stored under the Region's ghost mutex
//     around the System::Step call, so their update is atomic with the step;
//   - the model's state of the locks, semaphores, barriers, queues and conditions lives in the
//     Region's mirror (region.h); a step that touches it (an acquire, a release, a barrier's, a
//     queue's or a condition's step, an expression reading held/holder/value) runs whole under
//     the ghost mutex: mirror, store reads and store writes;
//   - `acquire` is sem_wait on the real POSIX semaphore of the lock or semaphore it names (an
//     index is evaluated as the step runs), then the mirror's update; a step that frees units
//     posts them after the mirror's update; `await` polls the store (every millisecond) until
//     its condition holds; a barrier's arrive and leave, a queue's put and get and a
//     condition's steps wait on the mirror's process-shared condition variable until the model
//     lets them go (as multiprocessing builds Barrier, Queue and Condition on shared locks): a
//     condition's wait gives its lock up like a release (the mirror's update, then sem_post),
//     its wake-up waits for a notify (never spuriously: RunEnabled), its re-acquire is an
//     acquire; the process says in its slot what it waits for, and counts the units it holds;
//   - sleeps passed after a step really sleep (scaled, random ranges drawn from the seed);
//   - prints are appended to the Region's print arena (the parent shows them), when asked.
// Each step is logged in the Region with stamps taken before its first real operation and after
// its last; an acquire is stamped once it got the semaphore, with its rank among the sync's
// acquisitions, and a step that touches a ghost variable or the mirror gets its rank among
// those.
// The process first waits at the start barrier until the parent releases every process at once
// (then, with a start interval, process p waits p intervals more). Under a forced schedule
// (`gated`), it waits for its `go` semaphore before each step and posts `done` after it, until
// the parent sets free_run. Every wait is timed, and a process whose parent is gone exits.
// Returns the exit code: 0 finished, 1 a property was violated, 3 crashed, 4 an OS error,
// 5 the parent is gone.
#ifndef RACECHECK_ENGINE_RUNNER_CHILD_H_
#define RACECHECK_ENGINE_RUNNER_CHILD_H_

#include <cstdint>

#include "engine/runner/os.h"
#include "engine/runner/region.h"
#include "engine/runner/store.h"
#include "engine/semantics/system.h"
#include "engine/support/lang.h"

namespace racecheck {

struct ChildConfig {
  const System* sys = nullptr;
  Os* os = nullptr;
  Region* region = nullptr;
  Store* store = nullptr;
  const StoreVars* vars = nullptr;
  int process = 0;
  int parent_pid = 0;  // the runner's process: the child exits when it is no longer its parent
  bool gated = false;
  bool capture_prints = false;  // append printed lines to the Region's print arena
  double time_scale = 1.0;
  uint64_t seed = 1;
  int trial = 0;
  Lang lang = Lang::kEn;  // of a violation's detail in ProcSlot::reason_text (TrialOptions::lang)
};

int RunChild(const ChildConfig& config);

// The random generator of sleeps: splitmix64, seeded per (seed, trial, process).
class SleepRng {
 public:
  SleepRng(uint64_t seed, int trial, int process);
  double Uniform(double lo, double hi);  // in [lo, hi]

 private:
  uint64_t state_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_CHILD_H_
