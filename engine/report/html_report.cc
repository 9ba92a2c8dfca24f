// The HTML reports (html_report.h).
#include "engine/report/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/report/check_report.h"
#include "engine/report/html_timeline.h"
#include "engine/report/run_report.h"
#include "engine/report/schedule_report.h"
#include "engine/report/why_not_text.h"
#include "engine/runner/trial_text.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"
#include "engine/support/text_width.h"
#include "engine/trace/describe.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"
#include "engine/trace/replay.h"
#include "engine/trace/schedule.h"

namespace racecheck {

namespace {

using fmt::arg;
using nlohmann::json;

std::string Esc(const std::string& text) { return HtmlEscape(text); }

// A JSON scalar as text: strings without quotes, null as "—".
std::string Scalar(const json& j) {
  if (j.is_null()) return "—";
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_unsigned()) return Thousands(j.get<uint64_t>());
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  return j.dump();
}

std::string VerdictClass(const std::string& verdict) {
  if (verdict == "holds") return "verdict-holds";
  if (verdict == "violated") return "verdict-violated";
  return "verdict-other";
}

std::string Paragraphs(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) out += "<p>" + Esc(p) + "</p>\n";
  return out;
}

// English's plural ending for n things ("step" / "steps"); other languages ignore it.
const char* PluralS(size_t n) { return n == 1 ? "" : "s"; }

// "model ticket (models/ticket.yaml) · params clients=2 tickets=1 · 2 processes".
std::string ModelLine(const json& model, Lang lang) {
  std::string params;
  for (auto it = model["params"].begin(); it != model["params"].end(); ++it) {
    params += (params.empty() ? "" : " ") + it.key() + "=" + Scalar(it.value());
  }
  return "<p>" +
         Say(lang, Msg::kHtmlModelLine, arg("name", Esc(model["name"].get<std::string>())),
             arg("path", Esc(model["path"].get<std::string>())), arg("params", Esc(params)),
             arg("n", Scalar(model["processes"]))) +
         "</p>\n";
}

// The numbers of the variants table: its label (the text report's) and the JSON report's key.
struct NumberRow {
  Msg label;
  const char* key;
};
constexpr NumberRow kNumberRows[] = {{Msg::kRowStates, "states"},
                                     {Msg::kRowTransitions, "transitions"},
                                     {Msg::kRowTerminal, "terminal_states"},
                                     {Msg::kRowDepth, "depth"}};

// A schedule count of the JSON report (a decimal string of any length, or "infinite") as the
// text report shows it: "840", "about 2.0 x 10^503", "infinitely many"; "-" when not counted.
std::string ScheduleCell(const json& v, Lang lang) {
  if (!v.contains("schedules") || !v["schedules"].value("counted", false)) return "-";
  const std::string total = v["schedules"]["total"].get<std::string>();
  if (total == "infinite") return Say(lang, Msg::kCountInfinite);
  if (total.size() <= 15) return total;
  // The leading digits as a mantissa in [1, 10), rounded to one decimal as the text report does.
  double m = std::stod(total.substr(0, 16)) / 1e15;
  size_t e = total.size() - 1;
  if (std::round(m * 10) >= 100) {
    m /= 10;
    ++e;
  }
  return Say(lang, Msg::kCountAbout,
             arg("x", PowerOfTen(fmt::format("{:.1f}", m), static_cast<int>(e), lang)));
}

// The variants side by side, as the text report's table.
std::string VariantsTable(const CheckResult& result, const json& variants) {
  const Lang lang = result.lang;
  std::string out = "<table class=\"numbers\" id=\"variants\">\n<tr><th></th>";
  for (const VariantResult& v : result.variants) {
    const std::string name = VariantTitle(v, lang);
    out +=
        "<th>" + Esc(v.locks ? Say(lang, Msg::kWithLocks, arg("variant", name)) : name) + "</th>";
  }
  out += "</tr>\n<tr><th>" + Say(lang, Msg::kRowVerdict) + "</th>";
  for (size_t i = 0; i < result.variants.size(); ++i) {
    out += fmt::format("<td class=\"verdict {}\">{}</td>",
                       VerdictClass(variants[i]["verdict"].get<std::string>()),
                       Esc(VerdictCell(result.variants[i], lang)));
  }
  out += "</tr>\n";
  for (const NumberRow& row : kNumberRows) {
    out += "<tr><th>" + Say(lang, row.label) + "</th>";
    for (const json& v : variants) out += "<td>" + Esc(Scalar(v[row.key])) + "</td>";
    out += "</tr>\n";
  }
  out += "<tr><th>" + Say(lang, Msg::kRowSchedules) + "</th>";
  for (const json& v : variants) out += "<td>" + Esc(ScheduleCell(v, lang)) + "</td>";
  out += "</tr>\n<tr><th>" + Say(lang, Msg::kRowLeastTime) + "</th>";
  for (const json& v : variants) {
    const bool timed = v.contains("time") && v["time"].value("computed", false);
    out += "<td>" +
           (timed ? fmt::format("{:g} s", v["time"]["least_seconds"].get<double>()) : "-") +
           "</td>";
  }
  out += "</tr>\n<tr><th>" + Say(lang, Msg::kRowSearch) + "</th>";
  for (size_t i = 0; i < result.variants.size(); ++i) {
    const json& v = variants[i];
    const bool complete = v["complete"].get<bool>();
    std::string text = Say(lang, complete ? Msg::kSearchComplete : Msg::kSearchFirstViolation);
    const SearchStop& stop = result.variants[i].result.incomplete;
    if (!stop.empty()) text = SearchStopText(stop, lang);
    out += "<td>" + Esc(text) + "</td>";
  }
  out += "</tr>\n</table>\n";
  return out;
}

// The outcome histogram of one variant as a horizontal bar chart.
std::string Histogram(const VariantRun& run, Lang lang) {
  const auto& h = run.summary.histogram;
  if (h.empty()) return "<p>" + Say(lang, Msg::kHtmlNoTrialFinished) + "</p>\n";
  // Keyed by the English outcome (data-outcome, as JSON); each label in the page's language,
  // from a trial that has it, as the text report does.
  std::map<std::string, std::string> labels;
  if (lang != Lang::kEn) {
    for (const TrialResult& t : run.trials) {
      labels.emplace(OutcomeKey(*run.system, t), OutcomeKey(*run.system, t, lang));
    }
  }
  auto label = [&labels](const std::string& key) {
    const auto it = labels.find(key);
    return it == labels.end() ? key : it->second;
  };
  int most = 1;
  size_t longest = 0;
  for (const auto& [key, count] : h) {
    most = std::max(most, count);
    longest = std::max(longest, static_cast<size_t>(DisplayWidth(label(key))));
  }
  constexpr int kBar = 360, kRow = 24;
  const int label_w = static_cast<int>(longest) * 7 + 20;  // 12px monospace: ~7 px a char
  const int height = static_cast<int>(h.size()) * kRow + 10;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"histogram\" width=\"{}\" height=\"{}\">\n",
      label_w + kBar + 60, height);
  for (size_t i = 0; i < h.size(); ++i) {
    const auto& [key, count] = h[i];
    const int y = static_cast<int>(i) * kRow + 4;
    const int w = std::max(2, count * kBar / most);
    out += fmt::format(
        "<g class=\"outcome\" data-outcome=\"{}\" data-count=\"{}\"><text x=\"{}\" y=\"{}\" "
        "text-anchor=\"end\">{}</text><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
        "fill=\"#3c78d8\"/><text x=\"{}\" y=\"{}\">{}</text></g>\n",
        HtmlEscape(key), count, label_w - 8, y + 15, HtmlEscape(label(key)), label_w, y, w,
        kRow - 6, label_w + w + 6, y + 15, count);
  }
  out += "</svg>\n";
  return out;
}

std::string Seconds(double s) {
  return s < 1 ? fmt::format("{:.1f} ms", s * 1000) : fmt::format("{:.2f} s", s);
}

}  // namespace

std::string RenderCheckHtml(const CheckResult& result) {
  const Lang lang = result.lang;
  const json doc = RenderCheckJson(result);
  std::string body = ModelLine(doc["model"], lang);
  body +=
      "<h2>" + Say(lang, Msg::kHtmlVerdicts) + "</h2>\n" + VariantsTable(result, doc["variants"]);
  std::string conclusion = CheckConclusion(result);
  while (!conclusion.empty() && conclusion.back() == '\n') conclusion.pop_back();
  if (!conclusion.empty()) body += "<p class=\"conclusion\"><b>" + Esc(conclusion) + "</b></p>\n";
  const VariantResult* locked = nullptr;
  for (const VariantResult& v : result.variants) {
    if (v.locks && locked == nullptr) locked = &v;
  }
  int id = 0;
  for (const VariantResult& v : result.variants) {
    for (const Counterexample& cx : v.counterexamples) {
      const System& sys = *v.system;
      const Trace trace = Replay(sys, cx.schedule, cx.property);
      // As the JSON report describes it, in the report's language.
      const std::string violation = trace.violated()
                                        ? DescribeProperty(sys, trace.violation.property, lang)
                                        : PropertyName(sys, cx.property, lang);
      body += "<h2>" +
              Say(lang, Msg::kHtmlCounterexample, arg("variant", Esc(VariantTitle(v, lang))),
                  arg("violation", Esc(violation)), arg("n", cx.schedule.size()),
                  arg("_s", PluralS(cx.schedule.size()))) +
              "</h2>\n";
      body += HtmlTimeline(sys, trace, fmt::format("t{}", id++), lang);
      body += "<div class=\"explanation\"><b>" + Say(lang, Msg::kHtmlWhatHappened) + "</b>\n" +
              Paragraphs(Explain(sys, trace, lang)) + "</div>\n";
      if (!v.locks && locked != nullptr) {
        const std::string lock_why = ExplainLock(*locked->system, trace, lang);
        if (!lock_why.empty()) {
          body += "<div class=\"lockwhy\"><p>" + Esc(lock_why) + "</p></div>\n";
        }
      }
      body += "<p class=\"schedule\">" +
              Say(lang, Msg::kSchedule,
                  arg("schedule", "<code>" + Esc(FormatSchedule(sys, cx.schedule)) + "</code>")) +
              "</p>\n";
    }
  }
  body += "<h3>" + Say(lang, Msg::kHtmlProperties) + "</h3>\n<ul>\n";
  if (lang == Lang::kEn) {  // the JSON report's names and kinds
    for (const json& p : doc["properties"]) {
      body += fmt::format("<li><b>{}</b> ({}): {}</li>\n", Esc(p["name"].get<std::string>()),
                          Esc(p["kind"].get<std::string>()), Esc(p["text"].get<std::string>()));
    }
  } else {  // as the text report lists them
    const System& first = *result.variants.front().system;
    for (size_t i = 0; i < first.properties().size(); ++i) {
      if (first.properties()[i].kind == PropertyKind::kLockMisuse && !first.has_sync()) continue;
      body += "<li>" + Esc(DescribeProperty(first, static_cast<int32_t>(i), lang)) + "</li>\n";
    }
  }
  body += "</ul>\n";
  for (const VariantResult& v : result.variants) {
    body += "<h3>" + Say(lang, Msg::kHtmlReductions, arg("variant", Esc(VariantTitle(v, lang)))) +
            "</h3>\n<ul>\n";
    for (const std::string& r : v.reductions_text.empty() ? v.reductions : v.reductions_text) {
      body += "<li>" + Esc(r) + "</li>\n";
    }
    body += "</ul>\n";
  }
  if (!result.granularity.empty()) {
    const System& first = *result.variants.front().system;
    body += "<h3>" + Say(lang, Msg::kHtmlNotes) + "</h3>\n<ul>\n";
    for (const AtomicReadWrite& a : result.granularity) {
      body += "<li>" + Esc(CheckNote(first, a, lang)) + "</li>\n";
    }
    body += "</ul>\n";
  }
  return HtmlPage("racecheck: " + doc["model"]["name"].get<std::string>(), body, lang);
}

std::string RenderReplayHtml(const ReplayResult& result) {
  const Lang lang = result.lang;
  const System& sys = *result.system;
  const Trace& trace = *result.trace;
  const std::string variant =
      lang == Lang::kEn ? result.variant
                        : Say(lang, result.variant == "without locks" ? Msg::kVariantWithoutLocks
                                                                      : Msg::kVariantAsWritten);
  std::string body = "<p>" +
                     Say(lang, Msg::kHtmlReplayLine, arg("path", Esc(result.model_path)),
                         arg("variant", Esc(variant)), arg("n", trace.steps.size()),
                         arg("_s", PluralS(trace.steps.size()))) +
                     "</p>\n";
  const std::string violation = DescribeViolation(sys, trace, lang);
  if (!trace.ok()) {
    body += "<p class=\"verdict-other\">" +
            Esc(Say(lang, Msg::kCannotReplay, arg("message", trace.status.message()))) + "</p>\n";
  } else if (!violation.empty()) {
    body += "<p class=\"verdict-violated\">" + Esc(violation) + "</p>\n";
  } else {
    body += "<p class=\"verdict-holds\">" + Say(lang, Msg::kHtmlNoViolation) + "</p>\n";
  }
  body += HtmlTimeline(sys, trace, "t0", lang);
  const std::vector<std::string> why = Explain(sys, trace, lang);
  if (!why.empty()) {
    body += "<div class=\"explanation\"><b>" + Say(lang, Msg::kHtmlWhatHappened) + "</b>\n" +
            Paragraphs(why) + "</div>\n";
  }
  return HtmlPage("racecheck replay: " + result.model->name, body, lang);
}

std::string RenderRunHtml(const RunResult& result) {
  const Lang lang = result.lang;
  const json doc = RenderRunJson(result);
  std::string body = "<p>" + Say(lang, Msg::kHtmlRunLine, arg("path", Esc(result.model_path)));
  const std::string forced = lang == Lang::kEn ? result.forced_note : ForcedNote(result, lang);
  if (!result.forced_note.empty()) body += " · " + Esc(forced);
  body += "</p>\n";
  if (result.interrupted) {
    body += "<p class=\"verdict-other\">" + Say(lang, Msg::kHtmlInterrupted) + "</p>\n";
  }
  if (!result.error.empty()) body += "<p class=\"verdict-other\">" + Esc(result.error) + "</p>\n";
  auto variant = [lang](const VariantRun& run) {
    return lang == Lang::kEn
               ? run.name
               : Say(lang, run.elided ? Msg::kVariantWithoutLocks : Msg::kVariantAsWritten);
  };
  body += "<table class=\"numbers\" id=\"runs\">\n<tr><th></th>";
  for (const VariantRun& run : result.runs) body += "<th>" + Esc(variant(run)) + "</th>";
  body += "</tr>\n";
  auto row = [&](Msg label, auto value) {
    body += "<tr><th>" + Say(lang, label) + "</th>";
    for (const VariantRun& run : result.runs) body += "<td>" + Esc(value(run)) + "</td>";
    body += "</tr>\n";
  };
  row(Msg::kHtmlTrials, [](const VariantRun& r) { return std::to_string(r.summary.trials); });
  row(Msg::kHtmlViolating, [](const VariantRun& r) { return std::to_string(r.summary.violating); });
  row(Msg::kHtmlCrashedStuck, [](const VariantRun& r) {
    return fmt::format("{} / {} / {}", r.summary.crashed, r.summary.stuck, r.summary.timed_out);
  });
  row(Msg::kHtmlExplained, [lang](const VariantRun& r) {
    return Say(lang, Msg::kHtmlExplainedCell, arg("n", r.summary.explained),
               arg("diverged", r.summary.diverged), arg("undecided", r.summary.undecided));
  });
  row(Msg::kHtmlMedian, [](const VariantRun& r) { return Seconds(r.summary.median_seconds); });
  row(Msg::kHtmlRange, [](const VariantRun& r) {
    return Seconds(r.summary.min_seconds) + " – " + Seconds(r.summary.max_seconds);
  });
  row(Msg::kHtmlPredicted, [](const VariantRun& r) {
    return r.predicted_seconds ? Seconds(*r.predicted_seconds) : std::string("—");
  });
  body += "</table>\n";
  for (const VariantRun& run : result.runs) {
    body += "<h2>" + Say(lang, Msg::kHtmlOutcomes, arg("variant", Esc(variant(run)))) + "</h2>\n" +
            Histogram(run, lang);
  }
  body += "<p>" + Say(lang, Msg::kHtmlExitCode, arg("code", Scalar(doc["exit_code"]))) + "</p>\n";
  return HtmlPage("racecheck run: " + result.model->name, body, lang);
}

}  // namespace racecheck
