// The real-run report (run_report.h).
#include "engine/report/run_report.h"

#include <fmt/format.h>

namespace racecheck {

namespace {

std::string Seconds(double s) {
  return s < 1 ? fmt::format("{:.1f} ms", s * 1000) : fmt::format("{:.2f} s", s);
}

nlohmann::json TrialJson(const System& sys, const TrialResult& t) {
  nlohmann::json j = {{"trial", t.trial},
                      {"seconds", t.seconds},
                      {"outcome", OutcomeKey(sys, t)},
                      {"final_store", t.final_text},
                      {"crashed", t.crashed},
                      {"stuck", t.stuck},
                      {"interrupted", t.interrupted}};
  nlohmann::json values = nlohmann::json::object();
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    values[sys.shared()[i].name] = t.values[i];
  }
  j["values"] = values;
  j["violated"] = nlohmann::json::array();
  for (int32_t k : t.violated) j["violated"].push_back(sys.properties()[k].name);
  j["processes"] = nlohmann::json::array();
  for (size_t p = 0; p < t.processes.size(); ++p) {
    if (t.processes[p].end == ProcEnd::kFinished) continue;
    j["processes"].push_back({{"name", sys.processes()[p].name},
                              {"end", ProcEndName(t.processes[p].end)},
                              {"reason", t.processes[p].reason}});
  }
  j["conformance"] = {{"verdict", ConformanceVerdictName(t.conformance.verdict)},
                      {"where", t.conformance.where},
                      {"reason", t.conformance.reason},
                      {"placed", t.conformance.placed},
                      {"operations", t.conformance.total}};
  j["reachable"] = t.reachable < 0 ? nlohmann::json(nullptr) : nlohmann::json(t.reachable == 1);
  return j;
}

std::string VariantText(const VariantRun& vr) {
  const System& sys = *vr.system;
  const VariantSummary& s = vr.summary;
  std::string out =
      fmt::format("\n== {}: {} trial{} ==\n", vr.name, s.trials, s.trials == 1 ? "" : "s");
  out += "outcomes (final values; properties violated; processes crashed or stuck):\n";
  for (const auto& [key, count] : s.histogram) out += fmt::format("  {:4d}  {}\n", count, key);
  out += fmt::format("trials violating a property: {} of {}\n", s.violating, s.trials);
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
  out += fmt::format("median wall time per trial: {}\n", Seconds(s.median_seconds));
  int shown = 0;
  for (const TrialResult& t : vr.trials) {
    for (size_t p = 0; p < t.processes.size() && shown < 12; ++p) {
      const ProcessResult& pr = t.processes[p];
      if (pr.end == ProcEnd::kFinished) continue;
      if (shown++ == 0) out += "processes that did not finish:\n";
      out += fmt::format("  trial {}: {} {}: {}\n", t.trial, sys.processes()[p].name,
                         ProcEndName(pr.end), pr.reason);
    }
  }
  shown = 0;
  for (const TrialResult& t : vr.trials) {
    if (t.conformance.verdict != ConformanceVerdict::kDiverged &&
        t.conformance.verdict != ConformanceVerdict::kUndecided) {
      continue;
    }
    if (shown++ == 5) {
      out += "  (more in --format json)\n";
      break;
    }
    if (shown == 1) out += "not explained by the model:\n";
    out += fmt::format(
        "  trial {} {} at {}:\n      {}\n", t.trial, ConformanceVerdictName(t.conformance.verdict),
        t.conformance.where.empty() ? "-" : t.conformance.where, t.conformance.reason);
  }
  return out;
}

}  // namespace

std::string RenderRunHeaderText(const RunResult& result) {
  const TrialOptions& o = result.trial;
  std::string out = fmt::format(
      "racecheck run: {} ({}), {} processes per trial, {} trial{} per variant\n", result.model_path,
      result.model->name, result.runs.front().system->num_processes(), result.trials,
      result.trials == 1 ? "" : "s");
  out += fmt::format(
      "store: {} in a private temporary directory; time scale {:g}; seed {}; timeout {:g} s per "
      "trial{}\n",
      StoreKindName(o.store), o.time_scale, o.seed, o.timeout,
      o.start_interval > 0 ? fmt::format("; {:g} s between process starts", o.start_interval) : "");
  if (o.gated) {
    out += fmt::format(
        "forcing {}\nthen: the lowest-numbered process the model lets move, until all finish or "
        "none can\n",
        result.forced_note);
  }
  return out;
}

std::string RenderRunTrialHeadingText(const RunResult& result, const VariantRun& run, int trial) {
  return fmt::format("\n-- trial {}, {}: what the processes print --\n", trial, run.name);
}

std::string RenderRunText(const RunResult& result) {
  std::string out;
  for (const VariantRun& run : result.runs) out += VariantText(run);
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
    row("explained by the model",
        [](const VariantSummary& s) { return std::to_string(s.explained); });
    row("median wall time", [](const VariantSummary& s) { return Seconds(s.median_seconds); });
    out += "\n";
  }
  if (result.interrupted) out += "\ninterrupted: the summary covers the trials that finished\n";
  return out;
}

nlohmann::json RenderRunJson(const RunResult& result) {
  const TrialOptions& o = result.trial;
  nlohmann::json doc = {
      {"format", "racecheck-run"},
      {"version", 1},
      {"model", result.model_path},
      {"store", StoreKindName(o.store)},
      {"time_scale", o.time_scale},
      {"seed", o.seed},
      {"timeout", o.timeout},
      {"start_interval", o.start_interval},
      {"trials", result.trials},
      {"interrupted", result.interrupted},
      {"error", result.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.error)},
      {"forced", o.gated ? nlohmann::json(result.forced_note) : nullptr},
      {"exit_code", ExitCode(result.outcome)}};
  doc["variants"] = nlohmann::json::array();
  for (const VariantRun& run : result.runs) {
    const System& sys = *run.system;
    const VariantSummary& s = run.summary;
    nlohmann::json v = {{"name", run.name},
                        {"locks", !run.elided},
                        {"trials", s.trials},
                        {"violating", s.violating},
                        {"crashed", s.crashed},
                        {"stuck", s.stuck},
                        {"explained", s.explained},
                        {"diverged", s.diverged},
                        {"undecided", s.undecided},
                        {"not_checked", s.not_checked},
                        {"unreachable", s.unreachable},
                        {"median_seconds", s.median_seconds}};
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
