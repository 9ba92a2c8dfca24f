// The real-process runner: runs one trial of a model on real forked processes (RunTrial) and
// summarises many (Summarize). The policy lives here; the processes' bodies are in child.h, the
// operating system behind os.h, the conformance check in conformance.h.
//
// A trial: make a private temporary directory and the shared Region, write the initial store,
// fork one process per instance (all in one new process group), optionally drive a forced
// schedule through the gate semaphores, reap every child (killing the group with SIGKILL at the
// per-trial timeout or on interrupt), read the final store, then destroy the semaphores, unmap
// the Region and remove the directory: on every path, including OS failures, which come back
// as a Status after the cleanup. The trial's outcome is then judged: properties on the final
// values, and the conformance check of the operation log.
//
// Forced schedules: the parent steps its own copy of the model along `schedule`, posting the
// moving process's `go` and waiting for its `done`; after the schedule ends it keeps choosing,
// deterministically, the lowest-numbered process the model says can move, until every process
// finished or none can move; then it lets every process run freely (a real deadlock then stays
// stuck until the timeout). Call from one thread.
#ifndef RACECHECK_ENGINE_RUNNER_RUNNER_H_
#define RACECHECK_ENGINE_RUNNER_RUNNER_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/runner/conformance.h"
#include "engine/runner/os.h"
#include "engine/runner/store.h"
#include "engine/semantics/system.h"

namespace racecheck {

struct TrialOptions {
  StoreKind store = StoreKind::kInPlaceFile;
  StoreFaults faults;       // test-only
  double time_scale = 1.0;  // multiplies every sleep
  uint64_t seed = 1;        // random sleep ranges
  double timeout = 10;      // seconds per trial; then the trial is killed: "stuck"
  int max_processes = 1000;
  double start_interval = 0;  // seconds the parent waits between two forks (0: none);
                              // 0.017 mimics Python's cost of starting a process
  bool gated = false;         // force `schedule` (then lowest-numbered enabled process)
  std::vector<int32_t> schedule;
  bool show_prints = false;                      // children write "client#3: text" lines to stdout
  const std::atomic<bool>* interrupt = nullptr;  // polled; set by a SIGINT handler
  uint64_t max_search_nodes = 2000000;
};

struct ProcessResult {
  ProcEnd end = ProcEnd::kFinished;
  std::string reason;
};

struct TrialResult {
  int trial = 0;       // 1-based
  double seconds = 0;  // wall time from the first fork to the last reap
  bool interrupted = false;
  bool timed_out = false;
  bool final_ok = true;         // the final store could be read
  std::string final_text;       // the final store's content, e.g. {"count": 0}
  std::vector<int64_t> values;  // final shared values, System::shared() order
  std::vector<ProcessResult> processes;
  int crashed = 0, stuck = 0;
  std::vector<int32_t> violated;  // property indices, ascending
  Conformance conformance;
  int reachable = -1;  // final values among the model's terminal outcomes:
                       // 1 yes, 0 no, -1 not known
};

// OK when the runner can run `sys` with `options`; else an error naming the limit or model shape
// it refuses.
Status CheckRunnable(const System& sys, const TrialOptions& options);

// The default per-trial timeout: 5 s plus twice the sum of every process's longest sleeps,
// scaled (a fully serialised trial fits), plus the staggered starts.
double DefaultTimeout(const System& sys, double time_scale, double start_interval = 0);

Status RunTrial(Os& os, const System& sys, const TrialOptions& options, int trial,
                TrialResult* out);

// "count=0 sold=2; violates no_oversell; 3 crashed" — the histogram key of a trial.
std::string OutcomeKey(const System& sys, const TrialResult& t);

struct VariantSummary {
  int trials = 0;
  int violating = 0;  // trials with a violated property
  int crashed = 0;    // trials with a crashed process
  int stuck = 0;      // trials with a stuck process
  int explained = 0, diverged = 0, undecided = 0, not_checked = 0;
  int unreachable = 0;  // final outcome not among the model's terminal outcomes
  double median_seconds = 0;
  std::vector<std::pair<std::string, int>> histogram;  // by count, descending; then by key
};
VariantSummary Summarize(const System& sys, const std::vector<TrialResult>& trials);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_RUNNER_H_
