// The real-run report (run_report.h).
#include "engine/report/run_report.h"

#include <fmt/format.h>

#include <set>

#include "engine/trace/describe.h"
#include "engine/trace/schedule.h"

namespace racecheck {

namespace {

// Lines of the summary that list trials stop after this many.
constexpr int kListed = 5;

std::string Seconds(double s) {
  return s < 1 ? fmt::format("{:.1f} ms", s * 1000) : fmt::format("{:.2f} s", s);
}

// `text` wrapped at 96 columns, every line indented by `indent` spaces.
std::string Wrapped(const std::string& text, int indent) {
  std::string out;
  for (const std::string& line : WrapText(text, 96 - indent, 0)) {
    out += std::string(indent, ' ') + line + "\n";
  }
  return out;
}

nlohmann::json ScheduleJson(const System& sys, const std::vector<int32_t>& schedule) {
  nlohmann::json names = nlohmann::json::array();
  for (int32_t p : schedule) names.push_back(sys.processes()[p].name);
  return names;
}

nlohmann::json TrialJson(const System& sys, const TrialResult& t) {
  nlohmann::json j = {{"trial", t.trial},
                      {"seconds", t.seconds},
                      {"start_seconds", t.start_seconds},
                      {"outcome", OutcomeKey(sys, t)},
                      {"final_store", t.final_text},
                      {"crashed", t.crashed},
                      {"stuck", t.stuck},
                      {"timed_out", t.timed_out_processes},
                      {"interrupted", t.interrupted}};
  nlohmann::json values = nlohmann::json::object();
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    values[sys.shared()[i].name] = t.values[i];
  }
  j["values"] = values;
  j["violated"] = nlohmann::json::array();
  for (int32_t k : t.violated) j["violated"].push_back(sys.properties()[k].name);
  const Conformance& c = t.conformance;
  j["violation"] = c.violated_property < 0
                       ? nlohmann::json(nullptr)
                       : nlohmann::json({{"property", sys.properties()[c.violated_property].name},
                                         {"after_operation", c.violated_at},
                                         {"where", c.violated_where}});
  j["final_unchecked"] =
      t.final_unchecked.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.final_unchecked);
  j["blocked"] = t.blocked ? nlohmann::json(t.blocked_how) : nlohmann::json(nullptr);
  j["processes"] = nlohmann::json::array();
  for (size_t p = 0; p < t.processes.size(); ++p) {
    if (t.processes[p].end == ProcEnd::kFinished) continue;
    j["processes"].push_back({{"name", sys.processes()[p].name},
                              {"end", ProcEndName(t.processes[p].end)},
                              {"reason", t.processes[p].reason}});
  }
  const bool diverged = c.verdict == ConformanceVerdict::kDiverged;
  j["conformance"] = {
      {"verdict", ConformanceVerdictName(c.verdict)},
      {"placed", c.placed},
      {"operations", c.total},
      // The operation `where` names: the next one after the `placed` ones.
      {"operation",
       diverged && c.placed < c.total ? nlohmann::json(c.placed + 1) : nlohmann::json(nullptr)},
      {"where", c.where.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.where)},
      {"reason", c.reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.reason)},
      {"granularity",
       c.granularity.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.granularity)},
      {"orders_exhausted", c.orders_exhausted}};
  j["reachable"] = t.reachable < 0 ? nlohmann::json(nullptr) : nlohmann::json(t.reachable == 1);
  return j;
}

// The lock's cost: how many times as long a trial takes with the locks as without, by median.
std::optional<double> LockCost(const RunResult& result) {
  const VariantSummary *with = nullptr, *without = nullptr;
  for (const VariantRun& run : result.runs) (run.elided ? without : with) = &run.summary;
  // A trial cut short by the timeout or a process blocked for good measures nothing.
  if (with == nullptr || without == nullptr || with->trials == 0 || without->trials == 0 ||
      without->median_seconds <= 0 || with->timed_out || without->timed_out || with->stuck ||
      without->stuck) {
    return std::nullopt;
  }
  return with->median_seconds / without->median_seconds;
}

std::string VariantText(const RunResult& result, const VariantRun& vr) {
  const System& sys = *vr.system;
  const VariantSummary& s = vr.summary;
  std::string out =
      fmt::format("\n== {}: {} trial{} ==\n", vr.name, s.trials, s.trials == 1 ? "" : "s");
  out += "outcomes (final values; properties violated; processes crashed, stuck or timed out):\n";
  for (const auto& [key, count] : s.histogram) out += fmt::format("  {:4d}  {}\n", count, key);
  out += fmt::format("trials violating a property: {} of {}\n", s.violating, s.trials);
  int shown = 0;
  for (const TrialResult& t : vr.trials) {
    const Conformance& c = t.conformance;
    if (c.violated_property < 0) continue;
    if (shown++ == kListed) {
      out += "  (more in --format json)\n";
      break;
    }
    if (shown == 1)
      out += "where an invariant broke (a state of the order that explains the trial):\n";
    out += fmt::format("  trial {}: '{}' after {}\n", t.trial,
                       sys.properties()[c.violated_property].name,
                       c.violated_at == 0 ? "no operation: the initial state" : c.violated_where);
  }
  shown = 0;
  for (const TrialResult& t : vr.trials) {
    if (!t.blocked) continue;
    if (shown++ == kListed) break;
    if (shown == 1) out += "blocked for good (the runner proved it and ended the trial):\n";
    out +=
        fmt::format("  trial {}: {}: {}\n", t.trial,
                    t.crashed == 0 ? "deadlock" : "stuck behind a crashed process", t.blocked_how);
  }
  if (s.final_unchecked > 0) {
    out += fmt::format(
        "the final propert{} not checked in {} of {} trials:\n",
        [&] {
          int finals = 0;
          for (const PropertyInfo& p : sys.properties()) {
            finals += p.kind == PropertyKind::kFinal;
          }
          return finals == 1 ? "y was" : "ies were";
        }(),
        s.final_unchecked, s.trials);
    shown = 0;
    for (const TrialResult& t : vr.trials) {
      if (t.final_unchecked.empty()) continue;
      if (shown++ == kListed) {
        out += "  (more in --format json)\n";
        break;
      }
      out += fmt::format("  trial {}: {}\n", t.trial, t.final_unchecked);
    }
  }
  out += fmt::format("explained by the model: {} of {}", s.explained, s.trials);
  if (s.diverged) out += fmt::format(", diverged: {}", s.diverged);
  if (s.undecided) out += fmt::format(", undecided: {}", s.undecided);
  if (s.not_checked) out += fmt::format(", not checked: {}", s.not_checked);
  out += "\n";
  if (vr.outcomes.complete) {
    out +=
        fmt::format("final outcomes the checker finds reachable: {}; observed outside them: {}\n",
                    vr.outcomes.outcomes.size(), s.unreachable);
  }
  if (s.trials > 0) {
    out += fmt::format("trial time, from the start barrier to the last exit: median {}",
                       Seconds(s.median_seconds));
    if (s.trials > 1) {
      out += fmt::format(" (min {}, max {})", Seconds(s.min_seconds), Seconds(s.max_seconds));
    }
    if (vr.predicted_seconds)
      out += fmt::format("; the model's least time {}", Seconds(*vr.predicted_seconds));
    out += fmt::format("\n  (starting the {} took {} more, not counted)\n",
                       sys.num_processes() == 1 ? std::string("process")
                                                : fmt::format("{} processes", sys.num_processes()),
                       Seconds(s.median_start_seconds));
  }
  shown = 0;
  for (const TrialResult& t : vr.trials) {
    for (size_t p = 0; p < t.processes.size() && shown < 12; ++p) {
      const ProcessResult& pr = t.processes[p];
      if (pr.end == ProcEnd::kFinished) continue;
      if (shown++ == 0) out += "processes that did not finish:\n";
      const std::string end = ProcEndName(pr.end);
      out += fmt::format("  trial {}: {} {}\n", t.trial, sys.processes()[p].name,
                         pr.reason.rfind(end, 0) == 0 ? pr.reason : end + ": " + pr.reason);
    }
  }
  shown = 0;
  for (const TrialResult& t : vr.trials) {
    const Conformance& c = t.conformance;
    if (c.verdict != ConformanceVerdict::kDiverged && c.verdict != ConformanceVerdict::kUndecided) {
      continue;
    }
    if (shown++ == kListed) {
      out += "  (more in --format json)\n";
      break;
    }
    if (shown == 1) out += "not explained by the model:\n";
    if (c.verdict == ConformanceVerdict::kUndecided) {
      out += fmt::format("  trial {} undecided: {}\n", t.trial, c.reason);
      continue;
    }
    out += fmt::format("  trial {} diverged at {}:\n", t.trial, c.where);
    out += Wrapped(c.reason, 6);
    if (!c.granularity.empty()) out += Wrapped(c.granularity, 6);
  }
  (void)result;
  return out;
}

// Folds runs of three or more consecutive lines with the same text into one line.
std::string FoldedPrints(const System& sys, const std::vector<PrintedLine>& lines) {
  constexpr size_t kMaxLines = 40;
  std::string out;
  size_t written = 0, i = 0;
  while (i < lines.size()) {
    size_t j = i;
    while (j < lines.size() && lines[j].text == lines[i].text) ++j;
    if (written == kMaxLines) {
      out += fmt::format("[... {} more lines ...]\n", lines.size() - i);
      break;
    }
    if (j - i >= 3) {
      out += fmt::format("{}, {}, ..., {} ({} processes): {}\n",
                         sys.processes()[lines[i].process].name,
                         sys.processes()[lines[i + 1].process].name,
                         sys.processes()[lines[j - 1].process].name, j - i, lines[i].text);
      i = j;
    } else {
      out += sys.processes()[lines[i].process].name + ": " + lines[i].text + "\n";
      ++i;
    }
    ++written;
  }
  return out;
}

}  // namespace

std::string RenderRunHeaderText(const RunResult& result) {
  const TrialOptions& o = result.trial;
  const int n = result.runs.front().system->num_processes();
  std::string trials;
  if (result.trials == 0) {
    trials = fmt::format(
        "as many trials per variant as fit in {:g} s (--budget), at least {}; --trials N for "
        "a fixed count",
        result.budget_seconds, kMinBudgetTrials);
  } else {
    trials = fmt::format("{} trial{} per variant", result.trials, result.trials == 1 ? "" : "s");
    if (o.gated && result.trials == 1) {
      trials +=
          " (the schedule is forced, so every trial would be the same; --trials N repeats it)";
    }
  }
  std::string out =
      fmt::format("racecheck run: {} ({}), {} process{} per trial, {}\n", result.model_path,
                  result.model->name, n, n == 1 ? "" : "es", trials);
  out += fmt::format(
      "store: {} in a private temporary directory; time scale {:g}; seed {}; timeout {:g} s per "
      "trial{}\n",
      StoreKindName(o.store), o.time_scale, o.seed, o.timeout,
      o.start_interval > 0 ? fmt::format("; {:g} s between process starts", o.start_interval) : "");
  out +=
      "each trial starts its processes, waits until all are ready, then releases them "
      "together: its time runs from there\n";
  if (o.gated) {
    out += fmt::format("forcing {}\nthen: every process runs freely, with its real sleeps\n",
                       result.forced_note);
  }
  if (result.orphans_removed > 0) {
    out += fmt::format("removed {} trial director{} left by a racecheck run that was killed\n",
                       result.orphans_removed, result.orphans_removed == 1 ? "y" : "ies");
  }
  return out;
}

std::string RenderRunTrialPrintsText(const RunResult& result, const VariantRun& run,
                                     const TrialResult& trial) {
  const System& sys = *run.system;
  std::set<int> printers;
  for (const PrintedLine& line : trial.prints) printers.insert(line.process);
  const bool fold = static_cast<int>(printers.size()) > kFoldPrintsAbove;
  std::string out =
      fmt::format("\n-- trial {}, {}: what the processes printed{} --\n", trial.trial, run.name,
                  fold ? fmt::format(" ({} lines from {} processes; runs of the "
                                     "same line folded)",
                                     trial.prints.size(), printers.size())
                       : "");
  if (fold) {
    out += FoldedPrints(sys, trial.prints);
  } else {
    for (const PrintedLine& line : trial.prints) {
      out += sys.processes()[line.process].name + ": " + line.text + "\n";
    }
  }
  if (trial.prints_dropped > 0) {
    out += fmt::format("[... {} more lines did not fit ...]\n", trial.prints_dropped);
  }
  if (trial.interrupted) out += "[interrupted]\n";
  (void)result;
  return out;
}

std::string RenderRunText(const RunResult& result) {
  std::string out;
  for (const VariantRun& run : result.runs) out += VariantText(result, run);
  if (result.runs.size() > 1) {
    out += fmt::format("\n{:<28}", "side by side");
    for (const VariantRun& run : result.runs) out += fmt::format("{:>16}", run.name);
    auto row = [&](const char* label, auto get) {
      out += fmt::format("\n{:<28}", label);
      for (const VariantRun& run : result.runs) out += fmt::format("{:>16}", get(run.summary));
    };
    row("trials", [](const VariantSummary& s) { return std::to_string(s.trials); });
    row("violating a property",
        [](const VariantSummary& s) { return std::to_string(s.violating); });
    row("with a crashed process",
        [](const VariantSummary& s) { return std::to_string(s.crashed); });
    row("with a stuck process", [](const VariantSummary& s) { return std::to_string(s.stuck); });
    row("with a timed-out process",
        [](const VariantSummary& s) { return std::to_string(s.timed_out); });
    row("explained by the model",
        [](const VariantSummary& s) { return std::to_string(s.explained); });
    row("median trial time", [](const VariantSummary& s) { return Seconds(s.median_seconds); });
    row("fastest", [](const VariantSummary& s) { return Seconds(s.min_seconds); });
    row("slowest", [](const VariantSummary& s) { return Seconds(s.max_seconds); });
    bool predicted = false;
    for (const VariantRun& run : result.runs) predicted = predicted || run.predicted_seconds;
    if (predicted) {
      out += fmt::format("\n{:<28}", "the model's least time");
      for (const VariantRun& run : result.runs) {
        out += fmt::format("{:>16}", run.predicted_seconds ? Seconds(*run.predicted_seconds) : "-");
      }
    }
    out += "\n";
    if (std::optional<double> cost = LockCost(result)) {
      const VariantRun *with = nullptr, *without = nullptr;
      for (const VariantRun& run : result.runs) (run.elided ? without : with) = &run;
      out += fmt::format(
          "the lock's cost: a trial takes {:.2f} times as long with the locks ({}) as without "
          "them ({}), by median\n",
          *cost, Seconds(with->summary.median_seconds), Seconds(without->summary.median_seconds));
      if (with->predicted_seconds && without->predicted_seconds) {
        out += fmt::format("  the model's least time: {} with them and {} without\n",
                           Seconds(*with->predicted_seconds), Seconds(*without->predicted_seconds));
      }
    }
  }
  const int n = result.runs.empty() ? 0 : result.runs.front().system->num_processes();
  if (!result.trial.gated && result.trial.start_interval == 0 && n > 1) {
    out += "\n" +
           Wrapped(fmt::format(
                       "why the outcomes differ from the tutorial's Python: here the {} processes "
                       "of a trial are released at once from a start barrier, so their first "
                       "steps all happen together; Python's multiprocessing starts one process "
                       "about every 15 ms, which spreads them over the trial, so fewer of them "
                       "overlap and races show less often. --start-interval 0.017 spaces the "
                       "starts like Python's.",
                       n),
                   0);
  }
  if (result.interrupted) out += "\ninterrupted: the summary covers the trials that finished\n";
  return out;
}

nlohmann::json RenderRunJson(const RunResult& result) {
  const TrialOptions& o = result.trial;
  nlohmann::json forced = nullptr;
  if (o.gated) {
    for (const VariantRun& run : result.runs) {
      if (!run.schedule.empty()) {
        forced = ScheduleJson(*run.system, run.schedule);
        break;
      }
    }
  }
  nlohmann::json doc = {
      {"format", "racecheck-run"},
      {"version", kRunJsonVersion},
      {"model", result.model_path},
      {"store", StoreKindName(o.store)},
      {"time_scale", o.time_scale},
      {"seed", o.seed},
      {"timeout", o.timeout},
      {"start_interval", o.start_interval},
      {"trials", result.trials == 0 ? nlohmann::json(nullptr) : nlohmann::json(result.trials)},
      {"budget_seconds",
       result.trials == 0 ? nlohmann::json(result.budget_seconds) : nlohmann::json(nullptr)},
      {"interrupted", result.interrupted},
      {"error", result.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.error)},
      {"forced", forced},
      {"forced_by", result.forced_source.empty() ? nlohmann::json(nullptr)
                                                 : nlohmann::json(result.forced_source)},
      {"forced_note", o.gated ? nlohmann::json(result.forced_note) : nullptr},
      {"orphans_removed", result.orphans_removed},
      {"exit_code", ExitCode(result.outcome)}};
  std::optional<double> cost = LockCost(result);
  doc["lock_cost"] = cost ? nlohmann::json(*cost) : nlohmann::json(nullptr);
  doc["variants"] = nlohmann::json::array();
  for (const VariantRun& run : result.runs) {
    const System& sys = *run.system;
    const VariantSummary& s = run.summary;
    nlohmann::json v = {
        {"name", run.name},
        {"locks", !run.elided},
        {"schedule",
         run.schedule.empty() ? nlohmann::json(nullptr) : ScheduleJson(sys, run.schedule)},
        {"trials", s.trials},
        {"violating", s.violating},
        {"crashed", s.crashed},
        {"stuck", s.stuck},
        {"timed_out", s.timed_out},
        {"final_unchecked", s.final_unchecked},
        {"explained", s.explained},
        {"diverged", s.diverged},
        {"undecided", s.undecided},
        {"not_checked", s.not_checked},
        {"unreachable", s.unreachable},
        {"median_seconds", s.median_seconds},
        {"min_seconds", s.min_seconds},
        {"max_seconds", s.max_seconds},
        {"median_start_seconds", s.median_start_seconds},
        {"predicted_seconds",
         run.predicted_seconds ? nlohmann::json(*run.predicted_seconds) : nlohmann::json(nullptr)}};
    v["histogram"] = nlohmann::json::array();
    for (const auto& [key, count] : s.histogram) {
      v["histogram"].push_back({{"outcome", key}, {"count", count}});
    }
    v["per_trial"] = nlohmann::json::array();
    for (const TrialResult& t : run.trials) v["per_trial"].push_back(TrialJson(sys, t));
    doc["variants"].push_back(v);
  }
  return doc;
}

}  // namespace racecheck
