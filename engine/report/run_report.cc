// The real-run report (run_report.h).
#include "engine/report/run_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "engine/report/schedule_report.h"
#include "engine/runner/trial_text.h"
#include "engine/support/messages.h"
#include "engine/support/text_width.h"
#include "engine/trace/describe.h"
#include "engine/trace/schedule.h"

namespace racecheck {

namespace {

using fmt::arg;

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

// The variant's name in the report's language: "as written" / "without locks".
std::string VariantName(const VariantRun& vr, Lang lang) {
  return Say(lang, vr.elided ? Msg::kVariantWithoutLocks : Msg::kVariantAsWritten);
}

std::string VariantText(const RunResult& result, const VariantRun& vr) {
  const Lang lang = result.lang;
  const System& sys = *vr.system;
  const VariantSummary& s = vr.summary;
  std::string out = "\n" +
                    Say(lang, Msg::kRunVariantHead, arg("variant", VariantName(vr, lang)),
                        arg("n", s.trials), arg("_s", s.trials == 1 ? "" : "s")) +
                    "\n";
  out += Say(lang, Msg::kRunOutcomesHead) + "\n";
  // The histogram is keyed by the English outcome (its order too); each key in the report's
  // language, from a trial that has it.
  std::map<std::string, std::string> keys;
  if (lang != Lang::kEn) {
    for (const TrialResult& t : vr.trials)
      keys.emplace(OutcomeKey(sys, t), OutcomeKey(sys, t, lang));
  }
  for (const auto& [key, count] : s.histogram) {
    const auto it = keys.find(key);
    out += fmt::format("  {:4d}  {}\n", count, it == keys.end() ? key : it->second);
  }
  out += Say(lang, Msg::kRunViolating, arg("n", s.violating), arg("of", s.trials)) + "\n";
  const std::string more = Say(lang, Msg::kRunMoreInJson) + "\n";
  int shown = 0;
  for (const TrialResult& t : vr.trials) {
    const Conformance& c = t.conformance;
    if (c.violated_property < 0) continue;
    if (shown++ == kListed) {
      out += more;
      break;
    }
    if (shown == 1) out += Say(lang, Msg::kRunWhereHead) + "\n";
    const std::string property = PropertyName(sys, c.violated_property, lang);
    out += (c.violated_at == 0
                ? Say(lang, Msg::kRunWhereBrokeInitial, arg("trial", t.trial),
                      arg("property", property))
                : Say(lang, Msg::kRunWhereBroke, arg("trial", t.trial), arg("property", property),
                      arg("where", DescribeOp(sys, c.violated_op, c.violated_at, c.total, lang)))) +
           "\n";
  }
  shown = 0;
  for (const TrialResult& t : vr.trials) {
    if (!t.blocked) continue;
    if (shown++ == kListed) break;
    if (shown == 1) out += Say(lang, Msg::kRunBlockedHead) + "\n";
    out += Say(lang, t.crashed == 0 ? Msg::kRunBlockedDeadlock : Msg::kRunBlockedCrashed,
               arg("trial", t.trial), arg("how", BlockedText(sys, t, lang))) +
           "\n";
  }
  if (s.final_unchecked > 0) {
    int finals = 0;
    for (const PropertyInfo& p : sys.properties()) finals += p.kind == PropertyKind::kFinal;
    out += Say(lang, finals == 1 ? Msg::kRunFinalUncheckedOne : Msg::kRunFinalUncheckedMany,
               arg("n", s.final_unchecked), arg("of", s.trials)) +
           "\n";
    shown = 0;
    for (const TrialResult& t : vr.trials) {
      if (t.final_unchecked.empty()) continue;
      if (shown++ == kListed) {
        out += more;
        break;
      }
      out += Say(lang, Msg::kRunTrialLine, arg("trial", t.trial),
                 arg("text", FinalUncheckedText(sys, t, lang))) +
             "\n";
    }
  }
  out += Say(lang, Msg::kRunExplained, arg("n", s.explained), arg("of", s.trials));
  if (s.diverged) out += Say(lang, Msg::kRunDivergedCount, arg("n", s.diverged));
  if (s.undecided) out += Say(lang, Msg::kRunUndecidedCount, arg("n", s.undecided));
  if (s.not_checked) out += Say(lang, Msg::kRunNotCheckedCount, arg("n", s.not_checked));
  out += "\n";
  if (vr.outcomes.complete) {
    out += Say(lang, Msg::kRunReachable, arg("n", vr.outcomes.outcomes.size()),
               arg("outside", s.unreachable)) +
           "\n";
  }
  if (s.trials > 0) {
    out += Say(lang, Msg::kRunTrialTime, arg("median", Seconds(s.median_seconds)));
    if (s.trials > 1) {
      out += Say(lang, Msg::kRunMinMax, arg("min", Seconds(s.min_seconds)),
                 arg("max", Seconds(s.max_seconds)));
    }
    if (vr.predicted_seconds)
      out += Say(lang, Msg::kRunModelLeast, arg("t", Seconds(*vr.predicted_seconds)));
    const std::string start = Seconds(s.median_start_seconds);
    out += "\n" +
           (sys.num_processes() == 1 ? Say(lang, Msg::kRunStartingOne, arg("t", start))
                                     : Say(lang, Msg::kRunStartingMany,
                                           arg("n", sys.num_processes()), arg("t", start))) +
           "\n";
  }
  shown = 0;
  for (const TrialResult& t : vr.trials) {
    for (size_t p = 0; p < t.processes.size() && shown < 12; ++p) {
      if (t.processes[p].end == ProcEnd::kFinished) continue;
      if (shown++ == 0) out += Say(lang, Msg::kRunUnfinishedHead) + "\n";
      out += Say(lang, Msg::kRunUnfinished, arg("trial", t.trial),
                 arg("process", sys.processes()[p].name),
                 arg("how", ProcessEndLine(sys, t, static_cast<int>(p), lang))) +
             "\n";
    }
  }
  shown = 0;
  for (const TrialResult& t : vr.trials) {
    const Conformance& c = t.conformance;
    if (c.verdict != ConformanceVerdict::kDiverged && c.verdict != ConformanceVerdict::kUndecided) {
      continue;
    }
    if (shown++ == kListed) {
      out += more;
      break;
    }
    if (shown == 1) out += Say(lang, Msg::kRunNotExplainedHead) + "\n";
    if (c.verdict == ConformanceVerdict::kUndecided) {
      out += Say(lang, Msg::kRunUndecidedTrial, arg("trial", t.trial),
                 arg("reason", ConformanceReason(c, lang))) +
             "\n";
      continue;
    }
    out += Say(lang, Msg::kRunDivergedTrial, arg("trial", t.trial),
               arg("where", ConformanceWhere(c, lang))) +
           "\n";
    out += Wrapped(ConformanceReason(c, lang), 6);
    if (!c.granularity.empty()) out += Wrapped(ConformanceGranularity(c, lang), 6);
  }
  return out;
}

// Folds runs of three or more consecutive lines with the same text into one line.
std::string FoldedPrints(const System& sys, const std::vector<PrintedLine>& lines, Lang lang) {
  constexpr size_t kMaxLines = 40;
  std::string out;
  size_t written = 0, i = 0;
  while (i < lines.size()) {
    size_t j = i;
    while (j < lines.size() && lines[j].text == lines[i].text) ++j;
    if (written == kMaxLines) {
      out += Say(lang, Msg::kRunMoreLines, arg("n", lines.size() - i)) + "\n";
      break;
    }
    if (j - i >= 3) {
      out += Say(lang, Msg::kRunFoldedLine, arg("first", sys.processes()[lines[i].process].name),
                 arg("second", sys.processes()[lines[i + 1].process].name),
                 arg("last", sys.processes()[lines[j - 1].process].name), arg("n", j - i),
                 arg("text", lines[i].text)) +
             "\n";
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
  const Lang lang = result.lang;
  const TrialOptions& o = result.trial;
  const int n = result.runs.front().system->num_processes();
  std::string trials;
  if (result.trials == 0) {
    trials = Say(lang, Msg::kRunTrialsBudget, arg("s", fmt::format("{:g}", result.budget_seconds)),
                 arg("min", kMinBudgetTrials));
  } else {
    trials = Say(lang, Msg::kRunTrialsFixed, arg("n", result.trials),
                 arg("_s", result.trials == 1 ? "" : "s"));
    if (o.gated && result.trials == 1) trials += Say(lang, Msg::kRunTrialsForced);
  }
  std::string out =
      Say(lang, Msg::kRunHead, arg("path", result.model_path), arg("name", result.model->name),
          arg("n", n), arg("_es", n == 1 ? "" : "es"), arg("trials", trials)) +
      "\n";
  out += Say(lang, Msg::kRunStore, arg("store", StoreKindName(o.store)),
             arg("scale", fmt::format("{:g}", o.time_scale)), arg("seed", o.seed),
             arg("timeout", fmt::format("{:g}", o.timeout)),
             arg("interval", o.start_interval > 0
                                 ? Say(lang, Msg::kRunStartInterval,
                                       arg("s", fmt::format("{:g}", o.start_interval)))
                                 : "")) +
         "\n";
  out += Say(lang, Msg::kRunBarrier) + "\n";
  if (o.gated) out += Say(lang, Msg::kRunForcing, arg("what", ForcedNote(result, lang))) + "\n";
  if (result.orphans_removed > 0) {
    out += Say(lang, Msg::kRunOrphans, arg("n", result.orphans_removed),
               arg("_ies", result.orphans_removed == 1 ? "y" : "ies")) +
           "\n";
  }
  return out;
}

std::string RenderRunTrialPrintsText(const RunResult& result, const VariantRun& run,
                                     const TrialResult& trial) {
  const Lang lang = result.lang;
  const System& sys = *run.system;
  std::set<int> printers;
  for (const PrintedLine& line : trial.prints) printers.insert(line.process);
  const bool fold = static_cast<int>(printers.size()) > kFoldPrintsAbove;
  std::string out =
      "\n" +
      Say(lang, Msg::kRunPrintsHead, arg("trial", trial.trial),
          arg("variant", VariantName(run, lang)),
          arg("folded", fold ? Say(lang, Msg::kRunPrintsFolded, arg("lines", trial.prints.size()),
                                   arg("processes", printers.size()))
                             : "")) +
      "\n";
  if (fold) {
    out += FoldedPrints(sys, trial.prints, lang);
  } else {
    for (const PrintedLine& line : trial.prints) {
      out += sys.processes()[line.process].name + ": " + line.text + "\n";
    }
  }
  if (trial.prints_dropped > 0) {
    out += Say(lang, Msg::kRunPrintsDropped, arg("n", trial.prints_dropped)) + "\n";
  }
  if (trial.interrupted) out += Say(lang, Msg::kRunInterruptedMark) + "\n";
  return out;
}

std::string RenderRunText(const RunResult& result) {
  const Lang lang = result.lang;
  std::string out;
  for (const VariantRun& run : result.runs) out += VariantText(result, run);
  if (result.runs.size() > 1) {
    // The side by side table, aligned by display width: labels at least 28 columns, cells 16.
    std::vector<TableRow> rows;
    auto row = [&](Msg label, auto get) {
      TableRow r{Say(lang, label), {}};
      for (const VariantRun& run : result.runs) r.second.push_back(get(run));
      rows.push_back(std::move(r));
    };
    auto count = [&](Msg label, int VariantSummary::*field) {
      row(label, [field](const VariantRun& run) { return std::to_string(run.summary.*field); });
    };
    row(Msg::kRunSideBySide, [lang](const VariantRun& run) { return VariantName(run, lang); });
    count(Msg::kRunRowTrials, &VariantSummary::trials);
    count(Msg::kRunRowViolating, &VariantSummary::violating);
    count(Msg::kRunRowCrashed, &VariantSummary::crashed);
    count(Msg::kRunRowStuck, &VariantSummary::stuck);
    count(Msg::kRunRowTimedOut, &VariantSummary::timed_out);
    count(Msg::kRunRowExplained, &VariantSummary::explained);
    row(Msg::kRunRowMedian,
        [](const VariantRun& run) { return Seconds(run.summary.median_seconds); });
    row(Msg::kRunRowFastest,
        [](const VariantRun& run) { return Seconds(run.summary.min_seconds); });
    row(Msg::kRunRowSlowest,
        [](const VariantRun& run) { return Seconds(run.summary.max_seconds); });
    bool predicted = false;
    for (const VariantRun& run : result.runs) predicted = predicted || run.predicted_seconds;
    if (predicted) {
      row(Msg::kRunRowModelLeast, [](const VariantRun& run) {
        return run.predicted_seconds ? Seconds(*run.predicted_seconds) : std::string("-");
      });
    }
    int label_w = 28, cell_w = 16;
    for (const TableRow& r : rows) {
      label_w = std::max(label_w, DisplayWidth(r.first) + 2);
      for (const std::string& cell : r.second) cell_w = std::max(cell_w, DisplayWidth(cell) + 2);
    }
    out += "\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i > 0) out += "\n";
      out += PadRight(rows[i].first, label_w);
      for (const std::string& cell : rows[i].second) out += PadLeft(cell, cell_w);
    }
    out += "\n";
    if (std::optional<double> cost = LockCost(result)) {
      const VariantRun *with = nullptr, *without = nullptr;
      for (const VariantRun& run : result.runs) (run.elided ? without : with) = &run;
      out += Say(lang, Msg::kRunLockCost, arg("x", fmt::format("{:.2f}", *cost)),
                 arg("with", Seconds(with->summary.median_seconds)),
                 arg("without", Seconds(without->summary.median_seconds))) +
             "\n";
      if (with->predicted_seconds && without->predicted_seconds) {
        out += Say(lang, Msg::kRunLockCostModel, arg("with", Seconds(*with->predicted_seconds)),
                   arg("without", Seconds(*without->predicted_seconds))) +
               "\n";
      }
    }
  }
  const int n = result.runs.empty() ? 0 : result.runs.front().system->num_processes();
  if (!result.trial.gated && result.trial.start_interval == 0 && n > 1) {
    out += "\n" + Wrapped(Say(lang, Msg::kRunWhyDiffer, arg("n", n)), 0);
  }
  if (result.interrupted) out += "\n" + Say(lang, Msg::kRunInterrupted) + "\n";
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
