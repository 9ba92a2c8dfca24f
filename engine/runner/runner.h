// The real-process runner: runs one trial of a model on real forked processes (RunTrial) and
// summarises many (Summarize). The policy lives here; the processes' bodies are in child.h, the
// operating system behind os.h, the conformance check in conformance.h.
//
// A trial: make a private temporary directory (named after this process, so that a later run
// can remove it if this one is killed outright: RemoveOrphanedTrialDirs) and the shared Region,
// write the initial store, fork one process per instance (all in one new process group), wait
// until every one waits at the start barrier, release them all at once (the trial's time starts
// there: process creation is not part of it), optionally drive a forced schedule through the
// gate semaphores, reap every child, read the final store, then destroy the semaphores, unmap
// the Region and remove the directory: on every path, including OS failures, which come back
// as a Status after the cleanup. The trial's outcome is then judged: the conformance check of the
// operation log, with the invariants checked at every state of the order that explains it, and
// the final properties on the final values.
//
// While the processes run, the parent watches them: it ends the trial at once (SIGKILL to the
// group) on an interrupt, at the timeout, or when it has proved that every unfinished process is
// blocked for good — each waits for a lock or semaphore whose every unit is held by a process
// that is itself blocked or has ended (or for an `await` condition), and nothing changed for
// 50 ms. Blocked behind one another, they are a deadlock (the cycle is reported); blocked
// behind a process that crashed holding the lock, they are reported as such, and that is not a
// deadlock. A process still running or sleeping at the timeout is "timed out", not stuck.
//
// Forced schedules: the parent steps its own copy of the model along `schedule`, posting the
// moving process's `go` and waiting for its `done` (or its death); when the schedule ends, or
// its next step cannot run, every process runs freely, with its real sleeps. Call from one
// thread.
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
  bool gated = false;         // force `schedule`, then let every process run freely
  std::vector<int32_t> schedule;
  bool capture_prints = false;                   // keep what print steps print (prints)
  const std::atomic<bool>* interrupt = nullptr;  // polled; set by a signal handler
  uint64_t max_search_nodes = 2000000;
  Lang lang = Lang::kEn;  // of the texts a report shows beside their English (JSON) form
};

struct ProcessResult {
  ProcEnd end = ProcEnd::kFinished;
  std::string reason;  // in English (trial_text.h tells it in a language)
  // A process the runner stopped (kStuck, kTimedOut): what it waited for. `waits`: the index of
  // the lock or semaphore it waited for in sem_wait, kWaitingAwait at the `await` at `await_pc`,
  // kWaitingCond at the barrier's, queue's or condition's step at `await_pc`, or -1 (it ran or
  // slept); `holder`: the first other process that held that lock or semaphore, or -1.
  int32_t waits = -1;
  int32_t await_pc = -1;
  int holder = -1;
  // `reason` of a process that crashed in TrialOptions::lang, with what the parent says (exit
  // code, signal, a lock it held) in that language; empty when that is English. What the
  // process said about itself (an OS error, a parse error) is quoted as it said it.
  std::string reason_text;
};

// One line a print step printed.
struct PrintedLine {
  int process = 0;
  std::string text;
};

struct TrialResult {
  int trial = 0;             // 1-based
  double seconds = 0;        // wall time from the release at the start barrier to the last reap
  double start_seconds = 0;  // from the first fork until every process waited at the barrier
  bool interrupted = false;
  bool timed_out = false;
  // Every unfinished process was proved blocked for good (see above); `blocked_how` says how
  // (BlockedText, trial_text.h): "left#0 waits for 'b', held by right#0, which waits for 'a',
  // held by left#0".
  bool blocked = false;
  std::string blocked_how;
  bool final_ok = true;         // the final store could be read
  std::string final_text;       // the final store's content, e.g. {"count": 0}
  std::vector<int64_t> values;  // final shared values, System::shared() order
  // The final mirror: the locks', semaphores', barriers', queues' and conditions' state, per
  // StoreVars::sync_fields.
  std::vector<int64_t> sync_state;
  std::vector<ProcessResult> processes;
  int crashed = 0, stuck = 0, timed_out_processes = 0;
  std::vector<int32_t> violated;  // property indices, ascending
  // Why the `final` properties were not checked ("1 process crashed": FinalUncheckedText,
  // trial_text.h); "" when they were, or when the model has none.
  std::string final_unchecked;
  std::vector<PrintedLine> prints;  // with TrialOptions::capture_prints, in the order printed
  int prints_dropped = 0;           // lines that did not fit the print arena
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

// The name of this process's trial directories begins with this:
// "racecheck-run-<pid>-<start time>-".
std::string TrialDirPrefix(Os& os);
// Removes the trial directories in Os::TempRoot() left by a racecheck that no longer runs (one
// killed with SIGKILL, which could not clean up). Returns how many it removed.
int RemoveOrphanedTrialDirs(Os& os);

struct VariantSummary {
  int trials = 0;
  int violating = 0;        // trials with a violated property
  int crashed = 0;          // trials with a crashed process
  int stuck = 0;            // trials with a stuck process
  int timed_out = 0;        // trials with a process that timed out
  int final_unchecked = 0;  // trials whose `final` properties could not be checked
  int explained = 0, diverged = 0, undecided = 0, not_checked = 0;
  int unreachable = 0;  // final outcome not among the model's terminal outcomes
  // Trial times (TrialResult::seconds): the median and the range.
  double median_seconds = 0, min_seconds = 0, max_seconds = 0;
  double median_start_seconds = 0;  // TrialResult::start_seconds
  // By count, descending; then by key (OutcomeKey in English, trial_text.h).
  std::vector<std::pair<std::string, int>> histogram;
};
VariantSummary Summarize(const System& sys, const std::vector<TrialResult>& trials);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_RUNNER_H_
