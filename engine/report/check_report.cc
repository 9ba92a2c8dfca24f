#include "engine/report/check_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/report/schedule_report.h"
#include "engine/support/check.h"
#include "engine/support/numbers.h"
#include "engine/trace/describe.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"
#include "engine/trace/replay.h"
#include "engine/trace/report_json.h"
#include "engine/trace/schedule.h"

namespace racecheck {

namespace {

// "--set clients=3 " for every param given on the command line, so printed commands replay.
std::string SetFlags(const Model& model) {
  std::string out;
  for (const ParamDecl& p : model.params) {
    if (!p.overridden) continue;
    out += fmt::format(
        "--set {}={} ", p.name.text,
        p.is_bool ? (p.default_value ? "true" : "false") : std::to_string(p.default_value));
  }
  return out;
}

std::string ShellQuote(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '_' || c == '-')) {
      plain = false;
    }
  }
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string VerdictCell(const VariantResult& v) {
  const ExploreResult& r = v.result;
  if (r.verdict != Verdict::kViolated) return VerdictName(r.verdict);
  std::string names;
  for (const PropertyOutcome& o : r.violations) {
    if (!names.empty()) names += ", ";
    names += v.system->properties()[o.property].name;
  }
  return "VIOLATED: " + names;
}

std::string SearchCell(const CheckResult& report, const VariantResult& v) {
  const ExploreResult& r = v.result;
  if (r.verdict == Verdict::kHolds) return "complete";
  if (!r.incomplete_reason.empty()) return "stopped: " + r.incomplete_reason;
  return report.all ? "complete" : "stopped at the first violation";
}

const VariantResult* FindVariant(const CheckResult& report, bool locks) {
  for (const VariantResult& v : report.variants) {
    if (v.locks == locks) return &v;
  }
  return nullptr;
}

std::string PropertyList(const System& sys) {
  std::string out;
  for (size_t i = 0; i < sys.properties().size(); ++i) {
    const PropertyInfo& p = sys.properties()[i];
    if (p.kind == PropertyKind::kLockMisuse && !sys.has_sync()) continue;
    out += "  " + DescribeProperty(sys, static_cast<int32_t>(i)) + "\n";
  }
  return out;
}

std::string Conclusion(const CheckResult& report) {
  const VariantResult* with = FindVariant(report, true);
  const VariantResult* without = FindVariant(report, false);
  if (with != nullptr && without != nullptr) {
    Verdict a = with->result.verdict, b = without->result.verdict;
    if (a == Verdict::kHolds && b == Verdict::kViolated) {
      return fmt::format(
          "conclusion: with its locks the model holds ({} states explored); without them it is "
          "violated. The locks are needed.\n",
          Thousands(with->result.stats.states));
    }
    if (a == Verdict::kHolds && b == Verdict::kHolds) {
      return "conclusion: the model holds with its locks and without them: for these properties "
             "the locks are not needed.\n";
    }
    if (a == Verdict::kViolated && b == Verdict::kHolds) {
      return "conclusion: the model as written is violated, and without its locks it holds: the "
             "locks themselves cause the failure.\n";
    }
    if (a == Verdict::kViolated) {
      return "conclusion: the model as written is violated, with its locks and without them.\n";
    }
    return "conclusion: the search of the model as written did not finish; nothing is proved.\n";
  }
  const VariantResult& v = report.variants.front();
  switch (v.result.verdict) {
    case Verdict::kHolds:
      return "conclusion: every property holds in every reachable state.\n";
    case Verdict::kViolated:
      return "conclusion: the model is violated.\n";
    case Verdict::kIncomplete:
      return "conclusion: the search did not finish; nothing is proved.\n";
  }
  return "";
}

}  // namespace

std::string RenderCheckText(const CheckResult& report) {
  for (const VariantResult& v : report.variants) {  // each violation has its counterexample
    RC_CHECK(v.counterexamples.size() == v.result.violations.size());
  }
  const Model& model = *report.model;
  const System& first = *report.variants.front().system;
  std::string out = fmt::format("model: {} ({})\n", model.name, report.model_path);
  if (!first.params().empty()) {
    out += "params:";
    for (const ParamValue& p : first.params()) {
      out += fmt::format(" {}={}", p.name,
                         p.is_bool ? (p.value ? "true" : "false") : std::to_string(p.value));
    }
    out += "\n";
  }
  out += fmt::format("processes: {}\n", first.num_processes());
  out += "properties:\n" + PropertyList(first);
  out += "\n";

  // The summary table: one column per variant.
  std::vector<std::pair<std::string, std::vector<std::string>>> rows = {
      {"", {}},      {"verdict", {}}, {"states", {}}, {"transitions", {}}, {"terminal states", {}},
      {"depth", {}}, {"search", {}}};
  for (const VariantResult& v : report.variants) {
    const ExploreStats& s = v.result.stats;
    rows[0].second.push_back(v.locks && v.system->uses_sync_ops() ? v.name + " (with locks)"
                                                                  : v.name);
    rows[1].second.push_back(VerdictCell(v));
    rows[2].second.push_back(Thousands(s.states));
    rows[3].second.push_back(Thousands(s.transitions));
    rows[4].second.push_back(Thousands(s.terminal_states));
    rows[5].second.push_back(std::to_string(s.depth));
    rows[6].second.push_back(SearchCell(report, v));
  }
  if (report.all) {
    std::vector<std::string> cells;
    for (const VariantResult& v : report.variants) {
      std::string c;
      for (const PropertyOutcome& o : v.result.violations) {
        if (!c.empty()) c += ", ";
        c += ViolatingStatesCell(v.system->properties()[o.property].name, o.violating_states,
                                 v.result.stats.states);
      }
      cells.push_back(c.empty() ? "none" : c);
    }
    rows.push_back({"violating states", cells});
  }
  for (TableRow& row : ScheduleRows(report)) rows.push_back(std::move(row));
  size_t label_w = 0;
  std::vector<size_t> col_w(report.variants.size(), 0);
  for (const auto& [label, cells] : rows) {
    label_w = std::max(label_w, label.size());
    for (size_t i = 0; i < cells.size(); ++i) col_w[i] = std::max(col_w[i], cells[i].size());
  }
  for (const auto& [label, cells] : rows) {
    std::string line = fmt::format("  {:<{}}", label, label_w);
    for (size_t i = 0; i < cells.size(); ++i) {
      line += fmt::format("   {:<{}}", cells[i], i + 1 < cells.size() ? col_w[i] : 0);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }

  out += "\n" + ScheduleLegend(report);
  for (const std::string& p : ScheduleParagraphs(report)) out += "\n" + p;
  out += "\n";
  for (const VariantResult& v : report.variants) {
    out += fmt::format("reductions ({}):\n", v.name);
    for (const std::string& line : v.reductions) out += "  " + line + "\n";
    if (report.fingerprint) {
      out += fmt::format(
          "  store: 64-bit fingerprints only (--fingerprint); the chance that a "
          "collision hid a state is at most {:.1e}\n",
          v.result.collision_bound);
    }
    if (v.result.stats.reduced_states > 0) {
      out +=
          fmt::format("  partial-order: {} of {} states expanded by one process alone\n",
                      Thousands(v.result.stats.reduced_states), Thousands(v.result.stats.states));
    }
  }
  const VariantResult* locked = FindVariant(report, true);
  for (const VariantResult& v : report.variants) {
    for (const Counterexample& o : v.counterexamples) {
      const System& sys = *v.system;
      Trace trace = Replay(sys, o.schedule, o.property);
      const size_t len = o.schedule.size();
      out += fmt::format(
          "\n== {}: {} — {}{} step{} ==\n\n", v.name, DescribeProperty(sys, o.property),
          report.strategy == "bfs" ? "found breadth-first, " : "", len, len == 1 ? "" : "s");
      out += RenderTraceText(sys, trace);
      std::vector<std::string> why = Explain(sys, trace);
      if (!why.empty()) out += "\nwhat happened:\n" + WrapParagraphs(why);
      if (!v.locks && locked != nullptr) {
        std::string lock_why = ExplainLock(*locked->system, trace);
        if (!lock_why.empty()) out += "\n" + WrapParagraphs({lock_why});
      }
      out += fmt::format("\nreplay it: racecheck replay {} {}{}{}--schedule {}\n",
                         ShellQuote(report.model_path), SetFlags(model),
                         v.locks ? "" : "--without-locks ",
                         report.all ? "--property " + sys.properties()[o.property].name + " " : "",
                         ShellQuote(FormatSchedule(sys, o.schedule)));
    }
  }
  if (!report.granularity.empty()) out += "\n";
  for (const AtomicReadWrite& a : report.granularity) {
    // Wrapped, but never inside `code`: its spaces are held as \x01 while wrapping.
    std::string text = "note: " + CheckNote(first, a);
    bool code = false;
    for (char& c : text) {
      if (c == '`') code = !code;
      if (code && c == ' ') c = '\x01';
    }
    for (std::string line : WrapText(text, 96, 6)) {
      std::replace(line.begin(), line.end(), '\x01', ' ');
      out += line + "\n";
    }
  }
  out += "\n" + Conclusion(report);
  return out;
}

nlohmann::json RenderCheckJson(const CheckResult& report) {
  using nlohmann::json;
  const Model& model = *report.model;
  const System& first = *report.variants.front().system;
  json doc;
  doc["format"] = "racecheck-check";
  doc["version"] = kCheckJsonVersion;
  json params = json::object();
  for (const ParamValue& p : first.params()) {
    params[p.name] = p.is_bool ? json(p.value != 0) : json(p.value);
  }
  doc["model"] = {{"name", model.name},
                  {"path", report.model_path},
                  {"params", params},
                  {"processes", first.num_processes()}};
  doc["strategy"] = report.strategy;
  doc["all"] = report.all;
  doc["fingerprint"] = report.fingerprint;
  json props = json::array();
  for (size_t i = 0; i < first.properties().size(); ++i) {
    const PropertyInfo& p = first.properties()[i];
    props.push_back({{"name", p.name},
                     {"kind", PropertyKindName(p.kind)},
                     {"text", p.text},
                     {"line", p.loc.known() ? json(p.loc.line) : json(nullptr)}});
  }
  doc["properties"] = props;
  json variants = json::array();
  for (const VariantResult& v : report.variants) {
    const ExploreResult& r = v.result;
    json jv;
    jv["name"] = v.name;
    jv["locks"] = v.locks;
    jv["verdict"] = VerdictName(r.verdict);
    jv["complete"] = r.incomplete_reason.empty() && (r.verdict == Verdict::kHolds || report.all);
    jv["incomplete_reason"] =
        r.incomplete_reason.empty() ? json(nullptr) : json(r.incomplete_reason);
    jv["states"] = r.stats.states;
    jv["transitions"] = r.stats.transitions;
    jv["terminal_states"] = r.stats.terminal_states;
    jv["depth"] = r.stats.depth;
    jv["schedules"] = report.counting ? SchedulesJson(v) : json(nullptr);
    jv["time"] = report.counting ? TimeJson(v) : json(nullptr);
    jv["reductions"] = v.reductions;
    jv["reduced_states"] = r.stats.reduced_states;
    jv["collision_bound"] = report.fingerprint ? json(r.collision_bound) : json(nullptr);
    json violations = json::array();
    RC_CHECK(v.counterexamples.size() == r.violations.size());
    for (size_t i = 0; i < r.violations.size(); ++i) {
      const PropertyOutcome& o = r.violations[i];
      const std::vector<int32_t>& schedule = v.counterexamples[i].schedule;
      const System& sys = *v.system;
      const PropertyInfo& p = sys.properties()[o.property];
      Trace trace = Replay(sys, schedule, o.property);
      json jt = TraceJson(sys, trace);
      json jo;
      jo["property"] = p.name;
      jo["kind"] = PropertyKindName(p.kind);
      jo["violating_states"] = report.all ? json(o.violating_states) : json(nullptr);
      jo["schedule"] = FormatSchedule(sys, schedule);
      jo["length"] = schedule.size();
      // The trace's own "property" object (name, detail, step) goes under "violation".
      for (auto it = jt.begin(); it != jt.end(); ++it) {
        if (it.key() == "property") {
          jo["violation"] = it.value();
        } else if (!jo.contains(it.key())) {
          jo[it.key()] = it.value();
        }
      }
      std::vector<std::string> why = Explain(sys, trace);
      jo["explanation"] = why;
      const VariantResult* locked = FindVariant(report, true);
      if (!v.locks && locked != nullptr) {
        std::string lw = ExplainLock(*locked->system, trace);
        jo["lock_explanation"] = lw.empty() ? json(nullptr) : json(lw);
      }
      violations.push_back(jo);
    }
    jv["violations"] = violations;
    variants.push_back(jv);
  }
  doc["variants"] = variants;
  doc["lock_effect"] = LockEffectJson(report);
  doc["every_step_skipped"] =
      report.every_step_skipped.empty() ? json(nullptr) : json(report.every_step_skipped);
  json notes = json::array();
  for (const AtomicReadWrite& a : report.granularity) {
    notes.push_back({{"kind", "atomic read-modify-write"},
                     {"line", a.loc.line},
                     {"variable", first.shared()[a.var].name},
                     {"step", a.text},
                     {"split", a.split},
                     {"text", CheckNote(first, a)}});
  }
  doc["notes"] = notes;
  const Verdict head = report.variants.front().result.verdict;
  doc["exit_code"] = head == Verdict::kHolds ? 0 : head == Verdict::kViolated ? 1 : 3;
  return doc;
}

}  // namespace racecheck
