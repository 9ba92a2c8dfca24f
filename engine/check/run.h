// RunModel: `racecheck run`'s pipeline as one call — load the model, decide what to run (both
// variants, or a forced schedule: a token or the checker's own counterexample), run the trials
// on real processes (runner/runner.h), judge each one against the model, and return everything a
// renderer needs, with the summary per variant and the outcome.
//
//   RunOptions --> RunModel(observer) --> RunResult --> a renderer (engine/report/render.h)
//
// Trials take time, so the caller may pass a RunObserver: it hears of the plan before the first
// trial and of each trial as it starts and ends (for a header, a trial's prints, a progress
// line). How many trials: as asked; else one when the schedule is forced (it is deterministic);
// else as many as fit in a time budget, at least three per variant. Before the first trial it
// removes the trial directories a racecheck killed outright left behind. Prints nothing itself.
// Call from one thread.
#ifndef RACECHECK_ENGINE_CHECK_RUN_H_
#define RACECHECK_ENGINE_CHECK_RUN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/check/outcome.h"
#include "engine/check/variants.h"
#include "engine/runner/conformance.h"
#include "engine/runner/runner.h"

namespace racecheck {

// Which trials show what their processes print.
enum class PrintsShown : uint8_t { kFirst, kAll, kNone };

// With no trial count asked, the trials of each variant: at least this many, and no more than
// the budget allows (or kMaxBudgetTrials).
constexpr int kMinBudgetTrials = 3;
constexpr int kMaxBudgetTrials = 1000;

struct RunOptions {
  ModelRequest model;
  bool without_locks = false;  // run only the lock-free variant
  // Per variant; 0: one when the schedule is forced, else as many as fit in `budget_seconds`.
  int trials = 0;
  double budget_seconds = 30;
  // Per trial: store, time scale, seed, start interval, limits, faults, interrupt. `timeout` 0
  // means DefaultTimeout; `gated`, `schedule` and `capture_prints` are set by RunModel.
  TrialOptions trial;
  std::string schedule;         // force this token on every variant where it runs
  bool counterexample = false;  // force the checker's counterexample (excludes `schedule`)
  PrintsShown prints = PrintsShown::kFirst;
  // False when the report is a document on stdout (JSON): then prints are not kept at all.
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
  // The least time the model allows for one trial (engine/count/model_time.h: every process
  // moving as soon as it can, steps taking no time, sleeps at their lower bound and scaled by
  // the trials' time scale), beside the measured one; unset for a forced schedule, or when the
  // model has no sleeps or a busy wait.
  std::optional<double> predicted_seconds;
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
  int trials = 0;                // per variant: as asked, or 1 when forced; 0: chosen by the budget
  double budget_seconds = 0;     // when trials == 0
  TrialOptions trial;            // as run: the timeout resolved, `gated` set when forced
  Lang lang = Lang::kEn;         // the language of the text report (ModelRequest::lang)
  std::string forced_note;       // what is forced, in English (ForcedNote); "" when nothing is
  std::string forced_source;     // "counterexample" or "schedule"; "" when nothing is forced
  std::string forced_schedule;   // the forced schedule's token: as typed, or the counterexample's
  int32_t forced_property = -1;  // the counterexample's property (of the run that is forced)
  // The variants a forced schedule does not run on (elided: the lock-free one), and why.
  std::vector<std::pair<bool, std::string>> forced_skipped;
  // The same errors in `lang`, when that is not English (else empty).
  std::vector<std::string> forced_skipped_text;
  bool has_prints = false;  // the model has print steps
  int orphans_removed = 0;  // trial directories of killed racecheck runs removed first
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
  // Trial `trial` (1-based) of variant `run` starts.
  virtual void TrialStarting(const RunResult& result, const VariantRun& run, int trial) {}
  // It ended (interrupted ones too, which the summary leaves out); `shows_prints`: its prints
  // were kept to be shown (TrialResult::prints).
  virtual void TrialEnded(const RunResult& result, const VariantRun& run, const TrialResult& trial,
                          bool shows_prints) {}
};

RunResult RunModel(const RunOptions& options, RunObserver* observer = nullptr);

// What is forced, for a reader: "the checker's shortest counterexample of the model without
// locks (violates 'no_oversell'): client#0 client#1 ...", "the schedule 'client#0 client#1'";
// "" when nothing is.
std::string ForcedNote(const RunResult& result, Lang lang);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_RUN_H_
