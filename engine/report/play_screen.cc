// The screen of `racecheck play` (play_screen.h).
#include "engine/report/play_screen.h"

#include <fmt/format.h>

#include <set>

#include "engine/support/messages.h"
#include "engine/support/text_width.h"
#include "engine/trace/describe.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"

namespace racecheck {

namespace {

// Up to this many instances of a template that have not moved are all shown; more are folded
// into one representative.
constexpr int kShownUnmoved = 3;

constexpr char kKeys[] = "123456789abcdefgijkmnopstvwxyz";  // no h, l, q, r, u

struct Paint {
  bool on;
  std::string operator()(const char* code, const std::string& text) const {
    return on ? std::string("\x1b[") + code + "m" + text + "\x1b[0m" : text;
  }
};

using fmt::arg;

std::string Goal(const System& sys, Lang lang) {
  std::string out;
  for (const PropertyInfo& p : sys.properties()) {
    if (p.kind != PropertyKind::kInvariant && p.kind != PropertyKind::kFinal &&
        p.kind != PropertyKind::kAssert) {
      continue;
    }
    out += out.empty() ? "" : Say(lang, Msg::kPlayGoalOr);
    const std::string kind =
        Say(lang, p.kind == PropertyKind::kInvariant ? Msg::kPlayTheInvariant : Msg::kPlayTheFinal);
    if (!p.goal.empty()) {  // the model's own words, then the property they break
      out += Say(lang, Msg::kPlayGoalBreaks, arg("goal", p.goal), arg("kind", kind),
                 arg("name", p.name), arg("text", p.text));
    } else if (p.kind == PropertyKind::kAssert) {
      out += Say(lang, Msg::kPlayGoalAssert, arg("line", p.loc.line), arg("text", p.text));
    } else {
      out += Say(lang, Msg::kPlayGoalFalse, arg("kind", kind), arg("name", p.name),
                 arg("text", p.text));
    }
  }
  if (sys.has_sync() && !sys.options().elide_sync)
    out += Say(lang, out.empty() ? Msg::kPlayGoalDeadlock : Msg::kPlayGoalOrDeadlock);
  return out.empty() ? Say(lang, Msg::kPlayGoalAny) : out;
}

// English's plural ending for n things ("step" / "steps"); other languages ignore it.
const char* PluralS(size_t n) { return n == 1 ? "" : "s"; }

std::string Schedule(const System& sys, const std::vector<int32_t>& steps) {
  std::string out;
  for (int32_t p : steps) out += (out.empty() ? "" : " ") + sys.processes()[p].name;
  return out;
}

// "L38 atomic: count = c - 1; sold = sold + 1": process p's next step as written (a whole
// `atomic:` group for one of its instructions), or "(finished)".
std::string NextStep(const System& sys, const uint64_t* s, int p, Lang lang) {
  if (sys.Finished(s, p)) return Say(lang, Msg::kPlayFinished);
  const int tmpl = sys.processes()[p].tmpl;
  const PInstr& in = sys.NextInstr(s, p);
  if (in.step != nullptr && in.group_begin >= 0) {
    if (const Step* atomic = EnclosingAtomic(sys, tmpl, in.step); atomic != nullptr) {
      return fmt::format("L{} {}", atomic->loc.line, atomic->source);
    }
  }
  return DescribeInstr(sys, tmpl, sys.Pc(s, p));
}

}  // namespace

std::vector<ShownProcess> ShownProcesses(const PlayGame& game) {
  const System& sys = game.system();
  const std::set<int32_t> moved(game.schedule().begin(), game.schedule().end());
  std::vector<ShownProcess> out;
  for (const Template& t : sys.templates()) {
    int unmoved = 0;
    for (int k = 0; k < t.instances; ++k) unmoved += moved.count(t.first_process + k) == 0;
    const bool fold = unmoved > kShownUnmoved;
    bool representative = false;
    size_t rep = 0;  // the representative's place in `out`
    for (int k = 0; k < t.instances; ++k) {
      const int p = t.first_process + k;
      if (fold && moved.count(p) == 0) {
        if (representative) {
          ++out[rep].hidden_like;
          continue;
        }
        representative = true;
        rep = out.size();
      }
      out.push_back({0, p, 0});
    }
  }
  for (size_t i = 0; i < out.size(); ++i) out[i].key = i < sizeof(kKeys) - 1 ? kKeys[i] : ' ';
  return out;
}

std::string DescribeHint(const PlayGame& game, const PlayGame::Hint& hint) {
  const System& sys = game.system();
  const Lang lang = game.lang();
  const Continuation& c = hint.here;
  switch (c.kind) {
    case Continuation::Kind::kViolatedNow:
      return Say(lang, Msg::kHintViolatedNow,
                 arg("property", DescribeProperty(sys, c.property, lang)));
    case Continuation::Kind::kFound:
      return Say(lang, Msg::kHintFound, arg("schedule", Schedule(sys, c.steps)),
                 arg("n", c.steps.size()), arg("_s", PluralS(c.steps.size())),
                 arg("property", DescribeProperty(sys, c.property, lang)));
    case Continuation::Kind::kUnknown:
      return Say(lang, Msg::kHintUnknown, arg("n", c.states));
    case Continuation::Kind::kNone:
      break;
  }
  std::string out = Say(lang, Msg::kHintNone);
  if (hint.without_locks && hint.without_locks->kind == Continuation::Kind::kFound) {
    const size_t n = hint.without_locks->steps.size();
    out += Say(lang, Msg::kHintLockPrevents, arg("n", n), arg("_s", PluralS(n)));
  }
  return out;
}

std::string PlayVariantLabel(const PlayGame& game) {
  const Lang lang = game.lang();
  const std::string name =
      Say(lang, game.locks() ? Msg::kVariantAsWritten : Msg::kVariantWithoutLocks);
  return game.locks() && game.has_lock_free_variant()
             ? Say(lang, Msg::kWithLocks, arg("variant", name))
             : name;
}

std::string RenderPlayScreen(const PlayGame& game, const PlayScreenOptions& o) {
  const System& sys = game.system();
  const Lang lang = game.lang();
  const Paint paint{o.color};
  const uint64_t* s = game.state().data();
  std::vector<std::string> head;
  std::string params;
  for (const ParamValue& p : sys.params()) params += fmt::format(" {}={}", p.name, p.value);
  head.push_back(paint("1", "racecheck play") +
                 Say(lang, Msg::kPlayHead, arg("name", game.model().name),
                     arg("path", game.model_path()), arg("params", params),
                     arg("variant", PlayVariantLabel(game))));
  head.push_back(paint("1;32", Say(lang, Msg::kPlayGoal)) + Goal(sys, lang));
  head.push_back(Say(lang, Msg::kPlayShared, arg("values", SharedSummary(sys, s, lang)),
                     arg("n", game.schedule().size())));
  head.push_back("");
  for (const ShownProcess& sp : ShownProcesses(game)) {
    const int p = sp.process;
    const std::string next = NextStep(sys, s, p, lang);
    const std::string why = WaitDescription(sys, s, p, lang);
    // Padded by display width, so that a Chinese print or message keeps the columns.
    std::string line = fmt::format("  [{}] {} {} ", sp.key, PadRight(sys.processes()[p].name, 10),
                                   PadRight(next, 38));
    line += why.empty() ? paint("32", Say(lang, Msg::kPlayCanMove)) : paint("2", why);
    head.push_back(line);
    if (sp.hidden_like > 0) {
      head.push_back("      " + Say(lang, Msg::kPlayMoreLike, arg("n", sp.hidden_like),
                                    arg("name", sys.processes()[p].name)));
    }
  }
  head.push_back("");

  std::vector<std::string> tail;
  if (game.over()) {
    const Trace& t = game.trace();
    tail.push_back(paint("1;31", DescribeViolation(sys, t, lang)));
    std::string why = WrapParagraphs(Explain(sys, t, lang), std::max(40, o.width - 2));
    size_t at = 0;
    while (at < why.size()) {
      size_t end = why.find('\n', at);
      if (end == std::string::npos) end = why.size();
      tail.push_back(why.substr(at, end - at));
      at = end + 1;
    }
    const int shortest = game.ShortestCounterexample();
    tail.push_back(Say(lang, Msg::kPlayYouNeeded, arg("n", game.schedule().size()),
                       arg("m", shortest), arg("_s", PluralS(game.schedule().size()))));
    tail.push_back(Say(lang, Msg::kSchedule, arg("schedule", Schedule(sys, game.schedule()))));
  }
  if (o.hint) tail.push_back(DescribeHint(game, *o.hint));
  if (!o.message.empty()) tail.push_back(o.message);
  tail.push_back(
      paint("2", Say(lang, Msg::kPlayKeys,
                     arg("locks", game.has_lock_free_variant() ? Say(lang, Msg::kPlayKeyLocks)
                                                               : std::string()))));

  std::vector<std::string> table;
  if (game.schedule().empty()) {
    table.push_back(Say(lang, Msg::kPlayNoStep));
  } else {
    const std::string text = RenderTraceTable(sys, game.trace(), {o.width, lang});
    size_t at = 0;
    while (at < text.size()) {
      size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      table.push_back(text.substr(at, end - at));
      at = end + 1;
    }
  }
  if (o.height > 0) {
    const int room = o.height - static_cast<int>(head.size() + tail.size()) - 1;
    if (static_cast<int>(table.size()) > room && room > 4) {
      // Keep the header of the table (3 lines) and its last rows.
      std::vector<std::string> cut(table.begin(), table.begin() + 3);
      cut.push_back("  " + Say(lang, Msg::kPlayEarlierLines, arg("n", table.size() - (room - 1))));
      cut.insert(cut.end(), table.end() - (room - 4), table.end());
      table = std::move(cut);
    } else if (static_cast<int>(table.size()) > room) {
      table.clear();
    }
  }
  std::string out;
  for (const auto* part : {&head, &table, &tail}) {
    for (const std::string& line : *part) out += line + "\n";
    if (part == &table) out += "\n";
  }
  return out;
}

}  // namespace racecheck
