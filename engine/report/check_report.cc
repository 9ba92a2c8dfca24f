#include "engine/report/check_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/report/final_values_report.h"
#include "engine/report/schedule_report.h"
#include "engine/report/why_not_text.h"
#include "engine/support/check.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"
#include "engine/trace/describe.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"
#include "engine/trace/replay.h"
#include "engine/trace/report_json.h"
#include "engine/trace/schedule.h"

namespace racecheck {

namespace {

using fmt::arg;

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

std::string SearchCell(const CheckResult& report, const VariantResult& v) {
  const ExploreResult& r = v.result;
  const Lang lang = report.lang;
  if (r.verdict == Verdict::kHolds) return Say(lang, Msg::kSearchComplete);
  if (!r.incomplete.empty()) {
    return Say(lang, Msg::kSearchStopped, arg("reason", SearchStopText(r.incomplete, lang)));
  }
  return Say(lang, report.all ? Msg::kSearchComplete : Msg::kSearchFirstViolation);
}

const VariantResult* FindVariant(const CheckResult& report, bool locks) {
  for (const VariantResult& v : report.variants) {
    if (v.locks == locks) return &v;
  }
  return nullptr;
}

std::string PropertyList(const System& sys, Lang lang) {
  std::string out;
  for (size_t i = 0; i < sys.properties().size(); ++i) {
    const PropertyInfo& p = sys.properties()[i];
    if (p.kind == PropertyKind::kLockMisuse && !sys.has_sync()) continue;
    out += "  " + DescribeProperty(sys, static_cast<int32_t>(i), lang) + "\n";
  }
  return out;
}

// The sync objects of the model as written, which its lock-free variant drops all at once, as
// the conclusions name them: their noun ("lock", "semaphores", "locks and semaphores"; 锁,
// 信号量) and English's grammar for it.
struct SyncWords {
  std::string syncs, them, are, themselves, s;
};
SyncWords SyncWordsOf(const System& sys, Lang lang) {
  size_t semaphores = 0;
  for (const SyncInfo& y : sys.syncs()) semaphores += y.is_semaphore ? 1 : 0;
  const size_t n = sys.syncs().size();
  const Msg noun = semaphores == 0   ? (n == 1 ? Msg::kSyncLock : Msg::kSyncLocks)
                   : semaphores == n ? (n == 1 ? Msg::kSyncSemaphore : Msg::kSyncSemaphores)
                                     : Msg::kSyncBoth;
  const bool one = n == 1;
  return {Say(lang, noun), one ? "it" : "them", one ? "is" : "are", one ? "itself" : "themselves",
          one ? "s" : ""};
}

// What the model's verdicts with and without its sync objects show about them: "The lock 'lock'
// is needed." when there is one; with several, only that they are needed together, for the
// lock-free variant drops them all at once.
std::string Needed(const System& sys, Lang lang) {
  if (sys.syncs().size() == 1) {
    const SyncInfo& y = sys.syncs()[0];
    return Say(lang, y.is_semaphore ? Msg::kNeededSemaphore : Msg::kNeededLock,
               arg("name", y.name));
  }
  std::string names;
  for (size_t i = 0; i < sys.syncs().size(); ++i) {
    if (i > 0) {
      names += Say(lang, i + 1 == sys.syncs().size() ? Msg::kListLastSep : Msg::kListSep);
    }
    names += "'" + sys.syncs()[i].name + "'";
  }
  return Say(lang, Msg::kNeededTogether, arg("names", names));
}

}  // namespace

std::string CheckConclusion(const CheckResult& report) {
  const Lang lang = report.lang;
  const VariantResult* with = FindVariant(report, true);
  const VariantResult* without = FindVariant(report, false);
  if (with != nullptr && without != nullptr) {
    Verdict a = with->result.verdict, b = without->result.verdict;
    const SyncWords w = SyncWordsOf(*with->system, lang);
    const auto syncs = arg("syncs", w.syncs);
    const auto them = arg("_them", w.them);
    if (a == Verdict::kHolds && b == Verdict::kViolated) {
      return Say(lang, Msg::kConcLocksNeeded, arg("n", Thousands(with->result.stats.states)), syncs,
                 them, arg("needed", Needed(*with->system, lang))) +
             "\n";
    }
    if (a == Verdict::kHolds && b == Verdict::kHolds) {
      return Say(lang, Msg::kConcNotNeeded, syncs, them, arg("_are", w.are)) + "\n";
    }
    if (a == Verdict::kViolated && b == Verdict::kHolds) {
      return Say(lang, Msg::kConcLocksCause, syncs, arg("_themselves", w.themselves),
                 arg("_s", w.s)) +
             "\n";
    }
    if (a == Verdict::kViolated) return Say(lang, Msg::kConcBothViolated, syncs, them) + "\n";
    return Say(lang, Msg::kConcPairUnfinished) + "\n";
  }
  const VariantResult& v = report.variants.front();
  switch (v.result.verdict) {
    case Verdict::kHolds:
      return Say(lang, Msg::kConcHolds) + "\n";
    case Verdict::kViolated:
      return Say(lang, Msg::kConcViolated) + "\n";
    case Verdict::kIncomplete:
      return Say(lang, Msg::kConcUnfinished) + "\n";
  }
  return "";
}

std::string VerdictCell(const VariantResult& v, Lang lang) {
  std::string names;
  for (const PropertyOutcome& o : v.result.violations) {
    if (!names.empty()) names += ", ";
    names += PropertyName(*v.system, o.property, lang);
  }
  return VerdictText(v.result.verdict, names, lang);
}

std::string VerdictText(Verdict verdict, const std::string& violated, Lang lang) {
  switch (verdict) {
    case Verdict::kHolds:
      return Say(lang, Msg::kVerdictHolds);
    case Verdict::kIncomplete:
      return Say(lang, Msg::kVerdictIncomplete);
    case Verdict::kViolated:
      break;
  }
  return Say(lang, Msg::kVerdictViolated, arg("names", violated));
}

std::string RenderCheckText(const CheckResult& report) {
  for (const VariantResult& v : report.variants) {  // each violation has its counterexample
    RC_CHECK(v.counterexamples.size() == v.result.violations.size());
  }
  const Model& model = *report.model;
  const System& first = *report.variants.front().system;
  const Lang lang = report.lang;
  std::string out =
      Say(lang, Msg::kHeadModel, arg("name", model.name), arg("path", report.model_path)) + "\n";
  if (!first.params().empty()) {
    std::string list;
    for (const ParamValue& p : first.params()) {
      list += fmt::format("{}{}={}", list.empty() ? "" : " ", p.name,
                          p.is_bool ? (p.value ? "true" : "false") : std::to_string(p.value));
    }
    out += Say(lang, Msg::kHeadParams, arg("list", list)) + "\n";
  }
  out += Say(lang, Msg::kHeadProcesses, arg("n", first.num_processes())) + "\n";
  out += Say(lang, Msg::kHeadProperties) + "\n" + PropertyList(first, lang);
  out += "\n";

  // The summary table: one column per variant.
  std::vector<std::pair<std::string, std::vector<std::string>>> rows = {
      {"", {}},
      {Say(lang, Msg::kRowVerdict), {}},
      {Say(lang, Msg::kRowStates), {}},
      {Say(lang, Msg::kRowTransitions), {}},
      {Say(lang, Msg::kRowTerminal), {}},
      {Say(lang, Msg::kRowDepth), {}},
      {Say(lang, Msg::kRowSearch), {}}};
  for (const VariantResult& v : report.variants) {
    const ExploreStats& s = v.result.stats;
    rows[0].second.push_back(v.locks && v.system->uses_sync_ops()
                                 ? Say(lang, Msg::kWithLocks, arg("variant", VariantTitle(v, lang)))
                                 : VariantTitle(v, lang));
    rows[1].second.push_back(VerdictCell(v, lang));
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
        c += Say(lang, Msg::kViolatingIn, arg("name", PropertyName(*v.system, o.property, lang)),
                 arg("n", Thousands(o.violating_states)),
                 arg("of", Thousands(v.result.stats.states)));
      }
      cells.push_back(c.empty() ? Say(lang, Msg::kNone) : c);
    }
    rows.push_back({Say(lang, Msg::kRowViolatingStates), cells});
  }
  for (TableRow& row : ScheduleRows(report)) rows.push_back(std::move(row));
  out += AlignedTable(rows);

  out += "\n" + ScheduleLegend(report);
  for (const std::string& p : ScheduleParagraphs(report)) out += "\n" + p;
  if (const std::string finals = FinalValuesText(report); !finals.empty()) out += "\n" + finals;
  out += "\n";
  for (const VariantResult& v : report.variants) {
    out += Say(lang, Msg::kReductionsHead, arg("variant", VariantTitle(v, lang))) + "\n";
    for (const std::string& line : v.reductions_text.empty() ? v.reductions : v.reductions_text) {
      out += "  " + line + "\n";
    }
    if (report.fingerprint) {
      out += Say(lang, Msg::kFingerprintNote,
                 arg("bound", fmt::format("{:.1e}", v.result.collision_bound))) +
             "\n";
    }
    if (v.result.stats.reduced_states > 0) {
      out += Say(lang, Msg::kPorStates, arg("a", Thousands(v.result.stats.reduced_states)),
                 arg("b", Thousands(v.result.stats.states))) +
             "\n";
    }
  }
  const VariantResult* locked = FindVariant(report, true);
  for (const VariantResult& v : report.variants) {
    for (const Counterexample& o : v.counterexamples) {
      const System& sys = *v.system;
      Trace trace = Replay(sys, o.schedule, o.property);
      const size_t len = o.schedule.size();
      const bool bfs = report.strategy == "bfs";
      const Msg heading = len == 1 ? (bfs ? Msg::kCexHeadingBfsOne : Msg::kCexHeadingOne)
                                   : (bfs ? Msg::kCexHeadingBfs : Msg::kCexHeading);
      out += "\n" +
             Say(lang, heading, arg("variant", VariantTitle(v, lang)),
                 arg("property", DescribeProperty(sys, o.property, lang)), arg("n", len)) +
             "\n\n";
      RenderTextOptions text_options;
      text_options.lang = lang;
      out += RenderTraceText(sys, trace, text_options);
      std::vector<std::string> why = Explain(sys, trace, lang);
      if (!why.empty()) out += "\n" + Say(lang, Msg::kWhatHappened) + "\n" + WrapParagraphs(why);
      if (!v.locks && locked != nullptr) {
        std::string lock_why = ExplainLock(*locked->system, trace, lang);
        if (!lock_why.empty()) out += "\n" + WrapParagraphs({lock_why});
      }
      const std::string command = fmt::format(
          "racecheck replay {} {}{}{}{}--schedule {}", ShellQuote(report.model_path),
          SetFlags(model), v.locks ? "" : "--without-locks ",
          report.all ? "--property " + ShellQuote(sys.properties()[o.property].name) + " " : "",
          lang == Lang::kEn ? "" : fmt::format("--lang {} ", LangName(lang)),
          ShellQuote(FormatSchedule(sys, o.schedule)));
      out += "\n" + Say(lang, Msg::kReplayIt, arg("command", command)) + "\n";
    }
  }
  if (!report.granularity.empty()) out += "\n";
  for (const AtomicReadWrite& a : report.granularity) {
    // Wrapped, but never inside `code`: its spaces are held as \x01 while wrapping.
    // CheckNote's text (the JSON's, which is English), in the report's language.
    std::string text = Say(lang, Msg::kNote, arg("text", CheckNote(first, a, lang)));
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
  out += "\n" + CheckConclusion(report);
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
    if (!p.goal.empty()) props.back()["goal"] = p.goal;
  }
  doc["properties"] = props;
  json variants = json::array();
  for (const VariantResult& v : report.variants) {
    const ExploreResult& r = v.result;
    json jv;
    jv["name"] = v.name;
    jv["locks"] = v.locks;
    jv["verdict"] = VerdictName(r.verdict);
    jv["complete"] = r.incomplete.empty() && (r.verdict == Verdict::kHolds || report.all);
    jv["incomplete_reason"] =
        r.incomplete.empty() ? json(nullptr) : json(SearchStopText(r.incomplete, Lang::kEn));
    jv["states"] = r.stats.states;
    jv["transitions"] = r.stats.transitions;
    jv["terminal_states"] = r.stats.terminal_states;
    jv["depth"] = r.stats.depth;
    jv["schedules"] = report.counting ? SchedulesJson(v) : json(nullptr);
    jv["time"] = report.counting ? TimeJson(v) : json(nullptr);
    jv["final_values"] = report.final_values ? FinalValuesJson(v) : json(nullptr);
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
  // Why the shared steps were counted, in English (docs/cli.md); the text report says it
  // with Msg::kSharedOnly.
  doc["every_step_skipped"] =
      report.every_step_variant.empty()
          ? json(nullptr)
          : json(fmt::format("counting every step of '{}' needs more than {} states",
                             report.every_step_variant, Thousands(report.every_step_bound)));
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
