// RunModel (run.h).
#include "engine/check/run.h"

#include <fmt/format.h>
#include <malloc.h>

#include <chrono>
#include <new>

#include "engine/check/search.h"
#include "engine/count/model_time.h"
#include "engine/support/messages.h"
#include "engine/trace/describe.h"
#include "engine/trace/render_text.h"
#include "engine/trace/replay.h"
#include "engine/trace/schedule.h"

namespace racecheck {

namespace {

// States the enumeration of the model's terminal outcomes may visit before it gives up.
constexpr uint64_t kOutcomeStates = 200000;

bool HasPrints(const System& sys) {
  for (const Template& tm : sys.templates()) {
    for (const PInstr& ins : tm.code) {
      if (ins.kind == InstrKind::kPrint) return true;
    }
  }
  return false;
}

// Decides which variants run and what is forced on them. Returns "" or why nothing can run.
std::string Plan(const RunOptions& options, LoadedModel& loaded, RunResult& out) {
  const Lang lang = options.model.lang;  // of the errors
  auto add = [&out](Variant& v, std::vector<int32_t> schedule) {
    VariantRun run;
    run.name = v.name;
    run.elided = v.elided;
    run.system = std::move(v.system);
    run.reduced = std::move(v.reduced);
    run.schedule = std::move(schedule);
    out.runs.push_back(std::move(run));
  };
  if (options.counterexample) {
    for (Variant& v : loaded.variants) {
      // The same search and the same counterexample as `racecheck check` with its defaults.
      ExploreOptions eo;
      eo.threads = 0;  // all cores
      eo.interrupt = options.trial.interrupt;
      std::vector<Counterexample> counterexamples;
      ExploreResult r = SearchVariant(v, eo, SearchReductions(), &counterexamples);
      if (r.verdict != Verdict::kViolated) continue;
      const Counterexample& ce = counterexamples.front();
      out.forced_source = "counterexample";
      out.forced_schedule = FormatSchedule(*v.system, ce.schedule);
      out.forced_property = ce.property;
      add(v, ce.schedule);
      out.forced_note = ForcedNote(out, Lang::kEn);
      return "";
    }
    if (options.trial.interrupt != nullptr && options.trial.interrupt->load()) {
      return Say(lang, Msg::kErrInterruptedSearching);
    }
    return Say(lang, Msg::kErrNothingToForce);
  }
  if (!options.schedule.empty()) {
    std::string first_error;
    for (Variant& v : loaded.variants) {
      Result<std::vector<int32_t>> parsed = ParseSchedule(*v.system, options.schedule);
      std::string error, error_text;  // in English, and in the report's language
      if (parsed.ok()) {
        const Trace trace = Replay(*v.system, *parsed);
        if (trace.ok()) {
          add(v, *parsed);
          continue;
        }
        error = trace.status.message();
        error_text = ReplayError(*v.system, trace, lang);
      } else {
        error = parsed.status().message();
        error_text = ParseSchedule(*v.system, options.schedule, lang).status().message();
      }
      if (first_error.empty()) first_error = error_text;
      out.forced_skipped.emplace_back(v.elided, error);
      if (lang != Lang::kEn) out.forced_skipped_text.push_back(error_text);
    }
    if (out.runs.empty()) return first_error;
    out.forced_source = "schedule";
    out.forced_schedule = options.schedule;
    out.forced_note = ForcedNote(out, Lang::kEn);
    return "";
  }
  for (Variant& v : loaded.variants) add(v, {});
  return "";
}

}  // namespace

std::string ForcedNote(const RunResult& result, Lang lang) {
  using fmt::arg;
  auto variant = [lang](bool elided) {
    return Say(lang, elided ? Msg::kVariantWithoutLocks : Msg::kVariantAsWritten);
  };
  if (result.forced_source == "counterexample") {
    for (const VariantRun& run : result.runs) {
      if (run.schedule.empty()) continue;
      return Say(lang, Msg::kRunForcedCounterexample, arg("variant", variant(run.elided)),
                 arg("property", PropertyName(*run.system, result.forced_property, lang)),
                 arg("schedule", result.forced_schedule));
    }
  }
  if (result.forced_source != "schedule") return "";
  std::string out = Say(lang, Msg::kRunForcedSchedule, arg("schedule", result.forced_schedule));
  for (size_t i = 0; i < result.forced_skipped.size(); ++i) {
    const auto& [elided, error] = result.forced_skipped[i];
    // The error in `lang` when the plan was made in it (RunResult::forced_skipped_text).
    const bool told =
        lang != Lang::kEn && lang == result.lang && i < result.forced_skipped_text.size();
    out += Say(lang, Msg::kRunForcedSkipped, arg("variant", variant(elided)),
               arg("error", told ? result.forced_skipped_text[i] : error));
  }
  return out;
}

RunResult RunModel(const RunOptions& options, RunObserver* observer) {
  RunResult out;
  out.model_path = options.model.path;
  out.lang = options.model.lang;
  const std::atomic<bool>* interrupt = options.trial.interrupt;
  auto interrupted = [interrupt] { return interrupt != nullptr && interrupt->load(); };
  if (!options.schedule.empty() && options.counterexample) {
    out.outcome = Outcome::kBadInput;
    out.error = Say(options.model.lang, Msg::kErrScheduleAndCounterexample);
    return out;
  }
  // The reduced Systems serve the checker's searches (counterexample, outcomes); the real
  // processes execute the plain one, step by step.
  LoadResult load = LoadVariants(options.model, options.without_locks, /*reduce_locals=*/true);
  if (!load.loaded) {
    out.outcome = Outcome::kBadInput;
    out.diagnostics = std::move(load.diagnostics);
    return out;
  }
  out.model = load.loaded->model;
  if (std::string why = Plan(options, *load.loaded, out); !why.empty()) {
    out.runs.clear();
    out.outcome = interrupted() ? Outcome::kIncomplete : Outcome::kBadInput;
    out.interrupted = interrupted();
    out.error = std::move(why);
    return out;
  }
  const bool forced = !out.forced_note.empty();
  // A forced schedule is deterministic: one trial says it all, unless more are asked for.
  out.trials = options.trials > 0 ? options.trials : forced ? 1 : 0;
  out.budget_seconds = out.trials == 0 ? options.budget_seconds : 0;
  out.trial = options.trial;
  out.trial.lang = options.model.lang;
  out.trial.gated = forced;
  const System& first = *out.runs.front().system;
  if (out.trial.timeout <= 0) {
    out.trial.timeout = DefaultTimeout(first, out.trial.time_scale, out.trial.start_interval);
  }
  for (const VariantRun& run : out.runs) {
    if (Status runnable = CheckRunnable(*run.system, out.trial); !runnable.ok()) {
      out.runs.clear();
      out.outcome = Outcome::kBadInput;
      out.error = runnable.message();
      return out;
    }
  }
  out.has_prints = HasPrints(first);
  // The model's least time (engine/count/model_time.h) beside the measured one: for free runs
  // only (a forced schedule is paced step by step), with the sleeps scaled as the trials scale
  // them.
  if (!forced) {
    CountOptions co;
    co.interrupt = interrupt;
    try {
      for (VariantRun& run : out.runs) {
        const ModelTime t = LeastTime(*run.reduced, co);
        if (t.computed) run.predicted_seconds = t.least * out.trial.time_scale;
      }
    } catch (const std::bad_alloc&) {
      // No figure to show beside the measured one; the trials do not need it.
    }
  }
  std::unique_ptr<Os> os = NewPosixOs();
  out.orphans_removed = RemoveOrphanedTrialDirs(*os);
  if (observer != nullptr) observer->Planned(out);

  Status failure;
  const auto t_start = std::chrono::steady_clock::now();
  auto elapsed = [&t_start] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  };
  for (int t = 1; failure.ok() && !interrupted(); ++t) {
    if (out.trials > 0 && t > out.trials) break;
    if (out.trials == 0 && t > kMinBudgetTrials) {
      // Another round (one trial of each variant) fits if it takes what the others took.
      const double spent = elapsed();
      if (t > kMaxBudgetTrials || spent + spent / (t - 1) > out.budget_seconds) break;
    }
    for (VariantRun& run : out.runs) {
      if (interrupted()) break;
      TrialOptions o = out.trial;
      o.schedule = run.schedule;
      const bool shows = options.prints_allowed && out.has_prints &&
                         (options.prints == PrintsShown::kAll ||
                          (options.prints == PrintsShown::kFirst && t == 1));
      o.capture_prints = shows;
      if (observer != nullptr) observer->TrialStarting(out, run, t);
      TrialResult tr;
      failure = RunTrial(*os, *run.system, o, t, &tr);
      if (!failure.ok()) break;
      if (observer != nullptr) observer->TrialEnded(out, run, tr, shows);
      if (tr.interrupted) break;  // a partial trial: left out of the summary
      tr.prints.clear();          // shown; the summary does not need them
      run.trials.push_back(std::move(tr));
      malloc_trim(0);  // a small parent forks faster: give the search's memory back
    }
  }
  // The checker's terminal outcomes, enumerated after the trials (its memory would slow forks).
  for (VariantRun& run : out.runs) {
    run.outcomes = TerminalOutcomes(*run.reduced, kOutcomeStates);
    if (!run.outcomes.complete) continue;
    for (TrialResult& tr : run.trials) {
      if (tr.crashed == 0 && tr.timed_out_processes == 0 && tr.final_ok && !tr.interrupted) {
        tr.reachable = run.outcomes.outcomes.count({tr.stuck > 0, tr.values}) ? 1 : 0;
      }
    }
  }
  out.interrupted = interrupted();
  if (!failure.ok()) out.error = failure.message();
  // The model as written decides when it ran, else every variant run.
  bool bad = false, incomplete = false;
  bool ran_written = false;
  for (const VariantRun& run : out.runs) ran_written = ran_written || !run.elided;
  for (VariantRun& run : out.runs) {
    run.summary = Summarize(*run.system, run.trials);
    const VariantSummary& s = run.summary;
    if (!run.elided || !ran_written) {
      bad = bad || s.violating || s.crashed || s.stuck || s.diverged || s.unreachable;
      incomplete = incomplete || s.undecided || s.not_checked || s.timed_out;
    }
  }
  out.outcome = out.interrupted || !failure.ok() ? Outcome::kIncomplete
                : bad                            ? Outcome::kViolated
                : incomplete                     ? Outcome::kIncomplete
                                                 : Outcome::kHolds;
  return out;
}

}  // namespace racecheck
