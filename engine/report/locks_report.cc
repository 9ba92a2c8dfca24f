// The placement table of `racecheck locks` (locks_report.h).
#include "engine/report/locks_report.h"

#include <fmt/format.h>

#include "engine/report/check_report.h"
#include "engine/report/html_timeline.h"
#include "engine/report/schedule_report.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"
#include "engine/support/text_width.h"

namespace racecheck {

namespace {

using fmt::arg;

std::string VerdictText(const LockPlacement& p, Lang lang) {
  return VerdictText(p.verdict, p.property_shown, lang);
}

std::string Marks(const LockPlacement& p, Lang lang) {
  std::string out;
  if (p.same_as_written) out += Say(lang, Msg::kLocksMarkOwn);
  if (p.smallest_safe) {
    out += std::string(out.empty() ? "" : Say(lang, Msg::kLocksMarkSep)) +
           Say(lang, Msg::kLocksMarkSmallest);
  }
  return out;
}

std::string Length(const LockPlacement& p) {
  return p.counterexample < 0 ? "-" : std::to_string(p.counterexample);
}

// "0.5 s", "0.3-0.6 s"; "-" when not computed (no sleeps, a busy wait, a bound).
std::string Time(const LockPlacement& p) { return TimeCellText(p.time); }

// The region's cell: the model's own steps, or "no lock" / "as written" in the reader's
// language.
std::string Region(const LockPlacement& p, Lang lang) {
  switch (p.kind) {
    case PlacementKind::kNoLock:
      return Say(lang, Msg::kLocksNoLock);
    case PlacementKind::kAsWritten:
      return Say(lang, Msg::kVariantAsWritten);
    case PlacementKind::kRegion:
      break;
  }
  return p.region;
}

std::string Params(const LocksResult& r) {
  std::string out;
  for (const ParamDecl& p : r.model->params) {
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", p.name.text, p.default_value);
  }
  return out;
}

// Why each template left as written was left so, in `lang` (the JSON's notes are English).
std::vector<std::string> Notes(const LocksResult& r, Lang lang) {
  std::vector<std::string> out;
  for (const std::string& t : r.inside_compound) {
    out.push_back(Say(lang, Msg::kLocksInside, arg("process", t), arg("lock", r.lock)));
  }
  return out;
}

}  // namespace

std::string RenderLocksText(const LocksResult& r) {
  const Lang lang = r.lang;
  // The params line as the check report has it: none for a model without params.
  const std::string list = Params(r);
  std::string out =
      Say(lang, Msg::kHeadModel, arg("name", r.model->name), arg("path", r.model_path)) + "\n";
  if (!list.empty()) out += Say(lang, Msg::kHeadParams, arg("list", list)) + "\n";
  out += Say(lang, Msg::kLocksLockMoved, arg("lock", r.lock)) + "\n";
  std::string tmpl = "?";
  int width = 6;
  for (const LockPlacement& p : r.placements) {
    width = std::max(width, DisplayWidth(Region(p, lang)));
  }
  width = std::min(width, 60);
  // The columns, padded by display width (a Chinese heading takes two columns a character), each
  // at least as wide as its heading.
  const std::string heads[] = {Say(lang, Msg::kLocksColSteps), Say(lang, Msg::kLocksColVerdict),
                               Say(lang, Msg::kLocksColLength), Say(lang, Msg::kLocksColTime),
                               Say(lang, Msg::kLocksColStates)};
  int cols[] = {5, 24, 6, 10, 8};
  for (int i = 0; i < 5; ++i) cols[i] = std::max(cols[i], DisplayWidth(heads[i]));
  auto row = [&](const std::string& region, const std::string& steps, const std::string& verdict,
                 const std::string& length, const std::string& time, const std::string& states,
                 const std::string& marks) {
    std::string line = "  " + PadRight(region, width) + "  " + PadLeft(steps, cols[0]) + "  " +
                       PadRight(verdict, cols[1]) + "  " + PadLeft(length, cols[2]) + "  " +
                       PadLeft(time, cols[3]) + "  " + PadLeft(states, cols[4]) + "  " + marks;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  for (const LockPlacement& p : r.placements) {
    if (p.kind != PlacementKind::kAsWritten && p.tmpl != tmpl) {
      tmpl = p.tmpl;
      out += "\n" + Say(lang, Msg::kLocksPlacementsIn, arg("process", tmpl)) + "\n";
      out += row(Say(lang, Msg::kLocksColRegion), heads[0], heads[1], heads[2], heads[3], heads[4],
                 "");
    }
    if (p.kind == PlacementKind::kAsWritten) {
      out += "\n" +
             Say(lang, Msg::kLocksAsWritten, arg("verdict", VerdictText(p, lang)),
                 arg("_in", p.counterexample < 0
                                ? std::string()
                                : Say(lang, Msg::kLocksInSteps, arg("n", p.counterexample))),
                 arg("states", Thousands(p.states)),
                 arg("_time", p.time.computed ? Say(lang, Msg::kLocksLeastTime, arg("t", Time(p)))
                                              : std::string())) +
             "\n";
      continue;
    }
    std::string region = Region(p, lang);
    if (DisplayWidth(region) > width) {
      region = region.substr(0, PrefixBytes(region, width - 3)) + "...";
    }
    out +=
        row(region, p.kind == PlacementKind::kNoLock ? std::string("-") : std::to_string(p.steps),
            VerdictText(p, lang), Length(p), Time(p), Thousands(p.states), Marks(p, lang));
  }
  for (const std::string& note : Notes(r, lang)) {
    out += "\n" + Say(lang, Msg::kNote, arg("text", note)) + "\n";
  }
  out += "\n" + Say(lang, Msg::kLocksLegend) + "\n";
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
          {"placements", rows},          {"notes", Notes(r, Lang::kEn)}};
}

std::string RenderLocksHtml(const LocksResult& r) {
  const Lang lang = r.lang;
  std::string body =
      "<p>" +
      Say(lang, Msg::kHtmlLocksLine, arg("path", HtmlEscape(r.model_path)),
          arg("params", HtmlEscape(" " + Params(r))), arg("lock", HtmlEscape(r.lock))) +
      "</p>\n";
  body += "<table class=\"numbers\" id=\"placements\">\n<tr>";
  for (Msg m :
       {Msg::kLocksColTemplate, Msg::kLocksColRegion, Msg::kLocksColSteps, Msg::kLocksColVerdict,
        Msg::kLocksColLength, Msg::kLocksColTime, Msg::kLocksColStates}) {
    body += "<th>" + HtmlEscape(Say(lang, m)) + "</th>";
  }
  body += "<th></th></tr>\n";
  for (const LockPlacement& p : r.placements) {
    const std::string cls = p.verdict == Verdict::kHolds      ? "verdict-holds"
                            : p.verdict == Verdict::kViolated ? "verdict-violated"
                                                              : "verdict-other";
    body += fmt::format(
        "<tr class=\"placement\"><td>{}</td><td><code>{}</code></td><td>{}</td><td "
        "class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        HtmlEscape(p.tmpl), HtmlEscape(Region(p, lang)),
        p.kind == PlacementKind::kRegion ? p.steps : 0, cls, HtmlEscape(VerdictText(p, lang)),
        Length(p), Time(p), Thousands(p.states), HtmlEscape(Marks(p, lang)));
  }
  body += "</table>\n";
  for (const std::string& note : Notes(r, lang)) {
    body += "<p>" + HtmlEscape(Say(lang, Msg::kNote, arg("text", note))) + "</p>\n";
  }
  return HtmlPage("racecheck locks: " + r.model->name, body, lang);
}

}  // namespace racecheck
