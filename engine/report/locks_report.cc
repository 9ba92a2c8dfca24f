// The placement table of `racecheck locks` (locks_report.h).
#include "engine/report/locks_report.h"

#include <fmt/format.h>

#include "engine/report/html_timeline.h"
#include "engine/report/schedule_report.h"
#include "engine/support/numbers.h"

namespace racecheck {

namespace {

std::string VerdictText(const LockPlacement& p) {
  if (p.verdict == Verdict::kViolated) return "VIOLATED: " + p.property;
  return VerdictName(p.verdict);
}

std::string Marks(const LockPlacement& p) {
  std::string out;
  if (p.same_as_written) out += "the model's own";
  if (p.smallest_safe) out += std::string(out.empty() ? "" : "; ") + "smallest safe";
  return out;
}

std::string Length(const LockPlacement& p) {
  return p.counterexample < 0 ? "-" : std::to_string(p.counterexample);
}

// "0.5 s", "0.3-0.6 s"; "-" when not computed (no sleeps, a busy wait, a bound).
std::string Time(const LockPlacement& p) { return TimeCellText(p.time); }

std::string Params(const LocksResult& r) {
  std::string out;
  for (const ParamDecl& p : r.model->params) {
    out += fmt::format(" {}={}", p.name.text, p.default_value);
  }
  return out;
}

}  // namespace

std::string RenderLocksText(const LocksResult& r) {
  std::string out = fmt::format("model: {} ({})\nparams:{}\nlock moved: '{}'\n", r.model->name,
                                r.model_path, Params(r), r.lock);
  std::string tmpl = "?";
  size_t width = 6;
  for (const LockPlacement& p : r.placements) width = std::max(width, p.region.size());
  width = std::min<size_t>(width, 60);
  for (const LockPlacement& p : r.placements) {
    if (p.kind != PlacementKind::kAsWritten && p.tmpl != tmpl) {
      tmpl = p.tmpl;
      out += fmt::format("\nlock placements in '{}':\n", tmpl);
      out += fmt::format("  {:<{}}  {:>5}  {:<24}  {:>6}  {:>10}  {:>8}\n", "region", width,
                         "steps", "verdict", "length", "least time", "states");
    }
    if (p.kind == PlacementKind::kAsWritten) {
      out += fmt::format("\nthe model as written: {}{}, {} states{}\n", VerdictText(p),
                         p.counterexample < 0 ? "" : fmt::format(" in {} steps", p.counterexample),
                         Thousands(p.states),
                         p.time.computed ? ", least time " + Time(p) : std::string());
      continue;
    }
    std::string region = p.region;
    if (region.size() > width) region = region.substr(0, width - 3) + "...";
    std::string line =
        fmt::format("  {:<{}}  {:>5}  {:<24}  {:>6}  {:>10}  {:>8}  {}", region, width,
                    p.kind == PlacementKind::kNoLock ? std::string("-") : std::to_string(p.steps),
                    VerdictText(p), Length(p), Time(p), Thousands(p.states), Marks(p));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  for (const std::string& note : r.notes) out += "\nnote: " + note + "\n";
  out +=
      "\n(steps: the interleaving steps inside the lock; length: the steps of the shortest\n"
      "counterexample the check prints; least time: how long the processes need at least, from\n"
      "the sleeps, each moving as soon as it can -- a lock that covers a sleep makes the others\n"
      "wait it out; states: how many the search stored)\n";
  return out;
}

nlohmann::json RenderLocksJson(const LocksResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const LockPlacement& p : r.placements) {
    const char* kind = p.kind == PlacementKind::kAsWritten ? "as written"
                       : p.kind == PlacementKind::kNoLock  ? "no lock"
                                                           : "region";
    rows.push_back(
        {{"kind", kind},
         {"template", p.tmpl.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.tmpl)},
         {"region", p.region},
         {"first_line", p.first_line == 0 ? nlohmann::json(nullptr) : nlohmann::json(p.first_line)},
         {"last_line", p.last_line == 0 ? nlohmann::json(nullptr) : nlohmann::json(p.last_line)},
         {"steps", p.steps},
         {"verdict", VerdictName(p.verdict)},
         {"property", p.property.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.property)},
         {"length",
          p.counterexample < 0 ? nlohmann::json(nullptr) : nlohmann::json(p.counterexample)},
         {"states", p.states},
         {"least_seconds",
          p.time.computed ? nlohmann::json(p.time.least) : nlohmann::json(nullptr)},
         {"least_seconds_upper",
          p.time.computed ? nlohmann::json(p.time.least_upper) : nlohmann::json(nullptr)},
         {"same_as_written", p.same_as_written},
         {"smallest_safe", p.smallest_safe}});
  }
  return {{"format", "racecheck-locks"}, {"version", 1},
          {"model", r.model_path},       {"lock", r.lock},
          {"placements", rows},          {"notes", r.notes}};
}

std::string RenderLocksHtml(const LocksResult& r) {
  std::string body = fmt::format(
      "<p>model <code>{}</code> · params <code>{}</code> · lock "
      "<code>{}</code></p>\n",
      HtmlEscape(r.model_path), HtmlEscape(Params(r)), HtmlEscape(r.lock));
  body +=
      "<table class=\"numbers\" id=\"placements\">\n<tr><th>template</th><th>region</th>"
      "<th>steps</th><th>verdict</th><th>length</th><th>least time</th><th>states</th>"
      "<th></th></tr>\n";
  for (const LockPlacement& p : r.placements) {
    const std::string cls = p.verdict == Verdict::kHolds      ? "verdict-holds"
                            : p.verdict == Verdict::kViolated ? "verdict-violated"
                                                              : "verdict-other";
    body += fmt::format(
        "<tr class=\"placement\"><td>{}</td><td><code>{}</code></td><td>{}</td><td "
        "class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        HtmlEscape(p.tmpl), HtmlEscape(p.region), p.kind == PlacementKind::kRegion ? p.steps : 0,
        cls, HtmlEscape(VerdictText(p)), Length(p), Time(p), Thousands(p.states),
        HtmlEscape(Marks(p)));
  }
  body += "</table>\n";
  for (const std::string& note : r.notes) body += "<p>note: " + HtmlEscape(note) + "</p>\n";
  return HtmlPage("racecheck locks: " + r.model->name, body);
}

}  // namespace racecheck
