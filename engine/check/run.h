// RunModel: `racecheck run`'s pipeline as one call — load the model, decide what to run (both
// variants, or a forced schedule: a token or the checker's own counterexample), run the trials
// on real processes (runner/runner.h), judge each one against the model, and return everything a
// renderer needs, with the summary per variant and the outcome.
//
//   RunOptions --> RunModel(observer) --> RunResult --> a renderer (engine/report/render.h)
//
// Real processes print while the trials run, so the caller may pass a RunObserver: it hears of
// the plan before the first trial and of each trial as it starts and ends (for a header, a
// heading above a trial's prints, a progress line). Prints nothing itself. Call from one thread.
#ifndef RACECHECK_ENGINE_CHECK_RUN_H_
#define RACECHECK_ENGINE_CHECK_RUN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/check/outcome.h"
#include "engine/check/variants.h"
#include "engine/runner/conformance.h"
#include "engine/runner/runner.h"

namespace racecheck {

// Which trials show what their processes print.
enum class PrintsShown : uint8_t { kFirst, kAll, kNone };

struct RunOptions {
  ModelRequest model;
  bool without_locks = false;  // run only the lock-free variant
  int trials = 20;             // per variant
  // Per trial: store, time scale, seed, start interval, limits, faults, interrupt. `timeout` 0
  // means DefaultTimeout; `gated`, `schedule` and `show_prints` are set by RunModel.
  TrialOptions trial;
  std::string schedule;         // force this token on every variant where it runs
  bool counterexample = false;  // force the checker's counterexample (excludes `schedule`)
  PrintsShown prints = PrintsShown::kFirst;
  // False when the report is a document on stdout (JSON): then no process prints at all.
  bool prints_allowed = true;
};

// One variant's trials.
struct VariantRun {
  std::string name;                 // "as written" or "without locks"
  bool elided = false;              // the lock-free variant
  std::unique_ptr<System> system;   // the plain model, which the processes execute
  std::unique_ptr<System> reduced;  // the same with reduce_locals, for the checker's searches
  std::vector<int32_t> schedule;    // the forced schedule (empty: not forced)
  OutcomeSet outcomes;              // the checker's terminal outcomes
  std::vector<TrialResult> trials;  // the trials that finished, in order
  VariantSummary summary;
};

struct RunResult {
  // kHolds / kViolated: the variants that decide (the model as written when it ran, else every
  // variant run) had no bad trial / had one; kIncomplete: interrupted, an operating-system
  // failure (`error`), or an undecided or unchecked trial; kBadInput: nothing ran.
  Outcome outcome = Outcome::kHolds;
  std::string error;        // kBadInput: why; kIncomplete: the OS failure, if any
  std::string diagnostics;  // a model mistake, rendered
  // Known before the first trial (RunObserver::Planned):
  std::string model_path;
  std::shared_ptr<const Model> model;
  int trials = 0;           // per variant, as asked
  TrialOptions trial;       // as run: the timeout resolved, `gated` set when forced
  std::string forced_note;  // what is forced, for people; "" when nothing is
  bool has_prints = false;  // the model has print steps
  std::vector<VariantRun> runs;
  // Known at the end:
  bool interrupted = false;

  bool has_report() const { return !runs.empty(); }
};

// Hears of a run as it goes. Every method is called on RunModel's thread.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // The plan is made (result.runs, trial options, forced_note); no trial has started.
  virtual void Planned(const RunResult& result) {}
  // Trial `trial` (1-based) of variant `run` starts; its processes print iff `shows_prints`.
  virtual void TrialStarting(const RunResult& result, const VariantRun& run, int trial,
                             bool shows_prints) {}
  virtual void TrialEnded(const RunResult& result, const VariantRun& run, int trial) {}
};

RunResult RunModel(const RunOptions& options, RunObserver* observer = nullptr);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_RUN_H_
