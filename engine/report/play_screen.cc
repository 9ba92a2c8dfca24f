// The screen of `racecheck play` (play_screen.h).
#include "engine/report/play_screen.h"

#include <fmt/format.h>

#include <set>

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

std::string Goal(const System& sys) {
  std::string out;
  for (const PropertyInfo& p : sys.properties()) {
    if (p.kind != PropertyKind::kInvariant && p.kind != PropertyKind::kFinal &&
        p.kind != PropertyKind::kAssert) {
      continue;
    }
    out += out.empty() ? "" : ", or ";
    if (!p.goal.empty()) {  // the model's own words, then the property they break
      out +=
          fmt::format("{} (breaks {} '{}': {})", p.goal,
                      p.kind == PropertyKind::kInvariant ? "the invariant" : "the final property",
                      p.name, p.text);
    } else if (p.kind == PropertyKind::kAssert) {
      out += fmt::format("make the assert at line {} fail ({})", p.loc.line, p.text);
    } else {
      out +=
          fmt::format("make {} '{}' false ({})",
                      p.kind == PropertyKind::kInvariant ? "the invariant" : "the final property",
                      p.name, p.text);
    }
  }
  if (sys.has_sync() && !sys.options().elide_sync)
    out += out.empty() ? "make the processes deadlock" : ", or a deadlock";
  return out.empty() ? "break a property" : out;
}

std::string Schedule(const System& sys, const std::vector<int32_t>& steps) {
  std::string out;
  for (int32_t p : steps) out += (out.empty() ? "" : " ") + sys.processes()[p].name;
  return out;
}

// "L38 atomic: count = c - 1; sold = sold + 1": process p's next step as written (a whole
// `atomic:` group for one of its instructions), or "(finished)".
std::string NextStep(const System& sys, const uint64_t* s, int p) {
  if (sys.Finished(s, p)) return "(finished)";
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
  const Continuation& c = hint.here;
  switch (c.kind) {
    case Continuation::Kind::kViolatedNow:
      return "hint: " + DescribeProperty(sys, c.property) + " is already violated";
    case Continuation::Kind::kFound:
      return fmt::format("hint: {} ({} step{}) breaks {}", Schedule(sys, c.steps), c.steps.size(),
                         c.steps.size() == 1 ? "" : "s", DescribeProperty(sys, c.property));
    case Continuation::Kind::kUnknown:
      return fmt::format("hint: no violation within the first {} states from here", c.states);
    case Continuation::Kind::kNone:
      break;
  }
  std::string out = "hint: no violation can be reached from here";
  if (hint.without_locks && hint.without_locks->kind == Continuation::Kind::kFound) {
    out += fmt::format(" — the lock prevents it (without locks: {} more step{}; press l)",
                       hint.without_locks->steps.size(),
                       hint.without_locks->steps.size() == 1 ? "" : "s");
  }
  return out;
}

std::string RenderPlayScreen(const PlayGame& game, const PlayScreenOptions& o) {
  const System& sys = game.system();
  const Paint paint{o.color};
  const uint64_t* s = game.state().data();
  std::vector<std::string> head;
  std::string params;
  for (const ParamValue& p : sys.params()) params += fmt::format(" {}={}", p.name, p.value);
  head.push_back(paint("1", "racecheck play") +
                 fmt::format(" — {} ({}),{} — {}", game.model().name, game.model_path(), params,
                             game.locks() && game.has_lock_free_variant()
                                 ? "as written (with locks)"
                                 : game.variant_name()));
  head.push_back(paint("1;32", "goal: ") + Goal(sys));
  head.push_back(
      fmt::format("shared: {}    steps taken: {}", SharedSummary(sys, s), game.schedule().size()));
  head.push_back("");
  for (const ShownProcess& sp : ShownProcesses(game)) {
    const int p = sp.process;
    const std::string next = NextStep(sys, s, p);
    const std::string why = WaitDescription(sys, s, p);
    std::string line = fmt::format("  [{}] {:<10} {:<38} ", sp.key, sys.processes()[p].name, next);
    line += why.empty() ? paint("32", "can move") : paint("2", why);
    head.push_back(line);
    if (sp.hidden_like > 0) {
      head.push_back(fmt::format("      (+{} more like {} that have not moved)", sp.hidden_like,
                                 sys.processes()[p].name));
    }
  }
  head.push_back("");

  std::vector<std::string> tail;
  if (game.over()) {
    const Trace& t = game.trace();
    tail.push_back(paint("1;31", DescribeViolation(sys, t)));
    std::string why = WrapParagraphs(Explain(sys, t), std::max(40, o.width - 2));
    size_t at = 0;
    while (at < why.size()) {
      size_t end = why.find('\n', at);
      if (end == std::string::npos) end = why.size();
      tail.push_back(why.substr(at, end - at));
      at = end + 1;
    }
    const int shortest = game.ShortestCounterexample();
    tail.push_back(fmt::format("You needed {} step{}; the checker's counterexample has {}.",
                               game.schedule().size(), game.schedule().size() == 1 ? "" : "s",
                               shortest));
    tail.push_back("schedule: " + Schedule(sys, game.schedule()));
  }
  if (o.hint) tail.push_back(DescribeHint(game, *o.hint));
  if (!o.message.empty()) tail.push_back(o.message);
  tail.push_back(paint("2", std::string("keys: a process's key moves it · u undo · r restart · ") +
                                (game.has_lock_free_variant() ? "l locks on/off · " : "") +
                                "h hint · q quit"));

  std::vector<std::string> table;
  if (game.schedule().empty()) {
    table.push_back("(no step taken yet: press a process's key)");
  } else {
    const std::string text = RenderTraceTable(sys, game.trace(), {o.width});
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
      cut.push_back(fmt::format("  ... {} earlier lines ...", table.size() - (room - 1)));
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
