// The HTML reports (html_report.h).
#include "engine/report/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/report/check_report.h"
#include "engine/report/html_timeline.h"
#include "engine/report/run_report.h"
#include "engine/support/numbers.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"
#include "engine/trace/replay.h"

namespace racecheck {

namespace {

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

// "model: ticket (models/ticket.yaml) · params: clients=2 tickets=1".
std::string ModelLine(const json& model) {
  std::string params;
  for (auto it = model["params"].begin(); it != model["params"].end(); ++it) {
    params += (params.empty() ? "" : " ") + it.key() + "=" + Scalar(it.value());
  }
  return fmt::format(
      "<p>model <b>{}</b> (<code>{}</code>) · params <code>{}</code> · {} processes</p>\n",
      Esc(model["name"].get<std::string>()), Esc(model["path"].get<std::string>()), Esc(params),
      Scalar(model["processes"]));
}

// The numbers of the variants table: its label and the JSON report's key.
struct NumberRow {
  const char* label;
  const char* key;
};
constexpr NumberRow kNumberRows[] = {{"states", "states"},
                                     {"transitions", "transitions"},
                                     {"terminal states", "terminal_states"},
                                     {"depth", "depth"}};

// A schedule count of the JSON report (a decimal string of any length, or "infinite") as the
// text report shows it: "840", "about 2.0 x 10^503", "infinitely many"; "-" when not counted.
std::string ScheduleCell(const json& v) {
  if (!v.contains("schedules") || !v["schedules"].value("counted", false)) return "-";
  const std::string total = v["schedules"]["total"].get<std::string>();
  if (total == "infinite") return "infinitely many";
  if (total.size() <= 15) return total;
  // The leading digits as a mantissa in [1, 10), rounded to one decimal as the text report does.
  double m = std::stod(total.substr(0, 16)) / 1e15;
  size_t e = total.size() - 1;
  if (std::round(m * 10) >= 100) {
    m /= 10;
    ++e;
  }
  return fmt::format("about {:.1f} x 10^{}", m, e);
}

// The variants side by side, as the text report's table.
std::string VariantsTable(const json& variants) {
  std::string out = "<table class=\"numbers\" id=\"variants\">\n<tr><th></th>";
  for (const json& v : variants) {
    out += fmt::format("<th>{}{}</th>", Esc(v["name"].get<std::string>()),
                       v["locks"].get<bool>() ? " (with locks)" : "");
  }
  out += "</tr>\n<tr><th>verdict</th>";
  for (const json& v : variants) {
    const std::string verdict = v["verdict"].get<std::string>();
    std::string text = verdict == "violated" ? "VIOLATED" : verdict;
    for (const json& o : v["violations"]) {
      text += (&o == &v["violations"].front() ? ": " : ", ") + o["property"].get<std::string>();
    }
    out += fmt::format("<td class=\"verdict {}\">{}</td>", VerdictClass(verdict), Esc(text));
  }
  out += "</tr>\n";
  for (const NumberRow& row : kNumberRows) {
    out += fmt::format("<tr><th>{}</th>", row.label);
    for (const json& v : variants) out += "<td>" + Esc(Scalar(v[row.key])) + "</td>";
    out += "</tr>\n";
  }
  out += "<tr><th>schedules</th>";
  for (const json& v : variants) out += "<td>" + Esc(ScheduleCell(v)) + "</td>";
  out += "</tr>\n<tr><th>least time</th>";
  for (const json& v : variants) {
    const bool timed = v.contains("time") && v["time"].value("computed", false);
    out += "<td>" +
           (timed ? fmt::format("{:g} s", v["time"]["least_seconds"].get<double>()) : "-") +
           "</td>";
  }
  out += "</tr>\n<tr><th>search</th>";
  for (const json& v : variants) {
    const bool complete = v["complete"].get<bool>();
    std::string text = complete ? "complete" : "stopped at the first violation";
    if (!v["incomplete_reason"].is_null()) text = v["incomplete_reason"].get<std::string>();
    out += "<td>" + Esc(text) + "</td>";
  }
  out += "</tr>\n</table>\n";
  return out;
}

// The outcome histogram of one variant as a horizontal bar chart.
std::string Histogram(const VariantRun& run) {
  const auto& h = run.summary.histogram;
  if (h.empty()) return "<p>no trial finished</p>\n";
  int most = 1;
  size_t longest = 0;
  for (const auto& [key, count] : h) {
    most = std::max(most, count);
    longest = std::max(longest, key.size());
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
        HtmlEscape(key), count, label_w - 8, y + 15, HtmlEscape(key), label_w, y, w, kRow - 6,
        label_w + w + 6, y + 15, count);
  }
  out += "</svg>\n";
  return out;
}

std::string Seconds(double s) {
  return s < 1 ? fmt::format("{:.1f} ms", s * 1000) : fmt::format("{:.2f} s", s);
}

}  // namespace

std::string RenderCheckHtml(const CheckResult& result) {
  const json doc = RenderCheckJson(result);
  std::string body = ModelLine(doc["model"]);
  body += "<h2>Verdicts</h2>\n" + VariantsTable(doc["variants"]);
  std::string conclusion = CheckConclusion(result);
  while (!conclusion.empty() && conclusion.back() == '\n') conclusion.pop_back();
  if (!conclusion.empty()) body += "<p class=\"conclusion\"><b>" + Esc(conclusion) + "</b></p>\n";
  int id = 0;
  for (size_t vi = 0; vi < result.variants.size(); ++vi) {
    const VariantResult& v = result.variants[vi];
    const json& jv = doc["variants"][vi];
    for (size_t i = 0; i < v.counterexamples.size(); ++i) {
      const Counterexample& cx = v.counterexamples[i];
      const json& jo = jv["violations"][i];
      const System& sys = *v.system;
      const Trace trace = Replay(sys, cx.schedule, cx.property);
      body += fmt::format(
          "<h2>{}: {} — {} step{}</h2>\n", Esc(v.name),
          Esc(jo["violation"].is_null() ? jo["property"].get<std::string>()
                                        : jo["violation"]["description"].get<std::string>()),
          cx.schedule.size(), cx.schedule.size() == 1 ? "" : "s");
      body += HtmlTimeline(sys, trace, fmt::format("t{}", id++));
      body += "<div class=\"explanation\"><b>What happened</b>\n" +
              Paragraphs(jo["explanation"].get<std::vector<std::string>>()) + "</div>\n";
      if (jo.contains("lock_explanation") && !jo["lock_explanation"].is_null()) {
        body += "<div class=\"lockwhy\"><p>" + Esc(jo["lock_explanation"].get<std::string>()) +
                "</p></div>\n";
      }
      body += "<p class=\"schedule\">schedule: <code>" + Esc(jo["schedule"].get<std::string>()) +
              "</code></p>\n";
    }
  }
  body += "<h3>Properties</h3>\n<ul>\n";
  for (const json& p : doc["properties"]) {
    body += fmt::format("<li><b>{}</b> ({}): {}</li>\n", Esc(p["name"].get<std::string>()),
                        Esc(p["kind"].get<std::string>()), Esc(p["text"].get<std::string>()));
  }
  body += "</ul>\n";
  for (const json& v : doc["variants"]) {
    body += "<h3>Reductions (" + Esc(v["name"].get<std::string>()) + ")</h3>\n<ul>\n";
    for (const json& r : v["reductions"]) body += "<li>" + Esc(r.get<std::string>()) + "</li>\n";
    body += "</ul>\n";
  }
  if (!doc["notes"].empty()) {
    body += "<h3>Notes</h3>\n<ul>\n";
    for (const json& n : doc["notes"])
      body += "<li>" + Esc(n["text"].get<std::string>()) + "</li>\n";
    body += "</ul>\n";
  }
  return HtmlPage("racecheck: " + doc["model"]["name"].get<std::string>(), body);
}

std::string RenderReplayHtml(const ReplayResult& result) {
  const System& sys = *result.system;
  const Trace& trace = *result.trace;
  std::string body = fmt::format("<p>model <code>{}</code> · variant <b>{}</b> · {} step{}</p>\n",
                                 Esc(result.model_path), Esc(result.variant), trace.steps.size(),
                                 trace.steps.size() == 1 ? "" : "s");
  const std::string violation = DescribeViolation(sys, trace);
  if (!trace.ok()) {
    body += "<p class=\"verdict-other\">cannot replay: " + Esc(trace.status.message()) + "</p>\n";
  } else if (!violation.empty()) {
    body += "<p class=\"verdict-violated\">" + Esc(violation) + "</p>\n";
  } else {
    body += "<p class=\"verdict-holds\">no property is violated along this schedule</p>\n";
  }
  body += HtmlTimeline(sys, trace, "t0");
  const std::vector<std::string> why = Explain(sys, trace);
  if (!why.empty()) {
    body += "<div class=\"explanation\"><b>What happened</b>\n" + Paragraphs(why) + "</div>\n";
  }
  return HtmlPage("racecheck replay: " + result.model->name, body);
}

std::string RenderRunHtml(const RunResult& result) {
  const json doc = RenderRunJson(result);
  std::string body =
      fmt::format("<p>model <code>{}</code> · real processes", Esc(result.model_path));
  if (!result.forced_note.empty()) body += " · " + Esc(result.forced_note);
  body += "</p>\n";
  if (result.interrupted) body += "<p class=\"verdict-other\">interrupted</p>\n";
  if (!result.error.empty()) body += "<p class=\"verdict-other\">" + Esc(result.error) + "</p>\n";
  body += "<table class=\"numbers\" id=\"runs\">\n<tr><th></th>";
  for (const VariantRun& run : result.runs) body += "<th>" + Esc(run.name) + "</th>";
  body += "</tr>\n";
  auto row = [&](const char* label, auto value) {
    body += std::string("<tr><th>") + label + "</th>";
    for (const VariantRun& run : result.runs) body += "<td>" + Esc(value(run)) + "</td>";
    body += "</tr>\n";
  };
  row("trials", [](const VariantRun& r) { return std::to_string(r.summary.trials); });
  row("violating", [](const VariantRun& r) { return std::to_string(r.summary.violating); });
  row("crashed / stuck / timed out", [](const VariantRun& r) {
    return fmt::format("{} / {} / {}", r.summary.crashed, r.summary.stuck, r.summary.timed_out);
  });
  row("explained by the model", [](const VariantRun& r) {
    return fmt::format("{} (diverged {}, undecided {})", r.summary.explained, r.summary.diverged,
                       r.summary.undecided);
  });
  row("time per trial (median)",
      [](const VariantRun& r) { return Seconds(r.summary.median_seconds); });
  row("time range", [](const VariantRun& r) {
    return Seconds(r.summary.min_seconds) + " – " + Seconds(r.summary.max_seconds);
  });
  row("predicted by the model", [](const VariantRun& r) {
    return r.predicted_seconds ? Seconds(*r.predicted_seconds) : std::string("—");
  });
  body += "</table>\n";
  for (const VariantRun& run : result.runs) {
    body += "<h2>Outcomes: " + Esc(run.name) + "</h2>\n" + Histogram(run);
  }
  body += fmt::format("<p>exit code {}</p>\n", Scalar(doc["exit_code"]));
  return HtmlPage("racecheck run: " + result.model->name, body);
}

}  // namespace racecheck
