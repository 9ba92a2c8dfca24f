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
//   - `acquire` is sem_wait on the lock's or semaphore's real POSIX semaphore, `release` is
//     sem_post; `await` polls the store (every millisecond) until its condition holds;
//   - sleeps passed after a step really sleep (scaled, random ranges drawn from the seed);
//   - prints go to standard output as "client#3: text".
// Each step is logged in the Region with stamps taken before its first real operation and after
// its last. Under a forced schedule (`gated`), the process waits for its `go` semaphore before
// each step and posts `done` after it, until the parent sets free_run.
// Returns the exit code: 0 finished, 1 a property was violated, 3 crashed, 4 an OS error.
#ifndef RACECHECK_ENGINE_RUNNER_CHILD_H_
#define RACECHECK_ENGINE_RUNNER_CHILD_H_

#include <cstdint>

#include "engine/runner/os.h"
#include "engine/runner/region.h"
#include "engine/runner/store.h"
#include "engine/semantics/system.h"

namespace racecheck {

struct ChildConfig {
  const System* sys = nullptr;
  Os* os = nullptr;
  Region* region = nullptr;
  Store* store = nullptr;
  const StoreVars* vars = nullptr;
  int process = 0;
  bool gated = false;
  bool show_prints = false;
  double time_scale = 1.0;
  uint64_t seed = 1;
  int trial = 0;
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
