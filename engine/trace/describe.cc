// Display helpers for traces (describe.h).
#include "engine/trace/describe.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "engine/support/messages.h"
#include "engine/support/text_width.h"

namespace racecheck {

namespace {

// A piece of text that a line may end after: a run of characters without spaces or wide
// characters, or one wide (CJK) character together with the closing punctuation after it.
struct WrapUnit {
  std::string_view text;
  int spaces_before = 0;  // spaces between it and the unit before
};

// The byte length of the closing punctuation at byte i, or 0.
size_t ClosingPunct(std::string_view text, size_t i) {
  // ，。、：；！？）」』》 and their kin never start a line.
  static constexpr std::string_view kClosing[] = {"，", "。", "、", "：", "；", "！", "？",
                                                  "）", "」", "』", "》", "——", "……"};
  for (std::string_view c : kClosing) {
    if (text.substr(i, c.size()) == c) return c.size();
  }
  return 0;
}

std::vector<WrapUnit> SplitUnits(std::string_view body) {
  std::vector<WrapUnit> units;
  size_t i = 0;
  int spaces = 0;
  auto take_closing = [&]() {
    while (i < body.size()) {
      const size_t len = ClosingPunct(body, i);
      if (len == 0) break;
      i += len;
    }
  };
  while (i < body.size()) {
    if (body[i] == ' ') {
      ++spaces;
      ++i;
      continue;
    }
    const size_t start = i;
    const TextChar first = CharAt(body, i);
    if (first.cols == 2 || ClosingPunct(body, i) > 0) {
      i += ClosingPunct(body, i) > 0 ? ClosingPunct(body, i) : first.bytes;
      take_closing();
    } else {
      while (i < body.size() && body[i] != ' ') {
        if (ClosingPunct(body, i) > 0) {
          take_closing();
          break;
        }
        const TextChar c = CharAt(body, i);
        if (c.cols == 2) break;
        i += c.bytes;
      }
    }
    units.push_back({body.substr(start, i - start), units.empty() ? 0 : spaces});
    spaces = 0;
  }
  return units;
}

}  // namespace

std::vector<std::string> WrapText(std::string_view text, int width, int indent) {
  size_t lead = 0;
  while (lead < text.size() && text[lead] == ' ') ++lead;
  const std::string first_prefix(lead, ' ');
  const std::string next_prefix(lead + static_cast<size_t>(indent), ' ');
  std::string_view body = text.substr(lead);

  std::vector<std::string> lines;
  std::string cur;
  bool any = false;
  auto room = [&]() {
    const std::string& prefix = lines.empty() ? first_prefix : next_prefix;
    return std::max(4, width - static_cast<int>(prefix.size()));
  };
  auto flush = [&]() {
    lines.push_back((lines.empty() ? first_prefix : next_prefix) + cur);
    cur.clear();
    any = false;
  };
  // A name and its value stay on one line, and so does a figure: "rounds = 2" and
  // "2.0 x 10^503" are one unit each (a line that ended at "rounds =" read as a sentence cut
  // short) -- when the whole fits on a line; else their parts wrap as words.
  const std::vector<WrapUnit> raw = SplitUnits(body);
  const int full = std::max(4, width - static_cast<int>(next_prefix.size()));
  std::vector<WrapUnit> units;
  for (size_t k = 0; k < raw.size(); ++k) {
    const std::string_view t = raw[k].text;
    const bool inside = !units.empty() && k + 1 < raw.size() && raw[k].spaces_before == 1 &&
                        raw[k + 1].spaces_before == 1;
    const bool times = inside && t == "x" && !units.back().text.empty() &&
                       std::isdigit(static_cast<unsigned char>(units.back().text.back())) &&
                       raw[k + 1].text.substr(0, 3) == "10^";
    const std::string_view next = inside ? raw[k + 1].text : std::string_view();
    // A value, not an expression: "n = 3,", "ok = false" (code such as "x = x + 1" wraps as it
    // may).
    const bool value =
        !next.empty() &&
        (std::isdigit(static_cast<unsigned char>(next[0])) ||
         (next[0] == '-' && next.size() > 1 && std::isdigit(static_cast<unsigned char>(next[1]))) ||
         next.substr(0, 4) == "true" || next.substr(0, 5) == "false");
    if (inside && ((t == "=" && value) || times)) {
      const char* from = units.back().text.data();
      const std::string_view whole(from, static_cast<size_t>(next.data() + next.size() - from));
      if (DisplayWidth(whole) <= full) {
        units.back().text = whole;
        ++k;
        continue;
      }
    }
    units.push_back(raw[k]);
  }
  for (const WrapUnit& u : units) {
    std::string_view word = u.text;
    const int sep = any ? u.spaces_before : 0;
    if (any && DisplayWidth(cur) + sep + DisplayWidth(word) <= room()) {
      cur.append(static_cast<size_t>(sep), ' ');
      cur += word;
      continue;
    }
    if (any) flush();
    while (DisplayWidth(word) > room()) {
      size_t cut = PrefixBytes(word, room());
      cur = std::string(word.substr(0, cut));
      flush();
      word = word.substr(cut);
    }
    cur = std::string(word);
    any = true;
  }
  flush();
  return lines;
}

int64_t FieldValue(const System& system, int field, const uint64_t* s) {
  return system.layout().field(field).Get(s);
}

int SharedIndexOfField(const System& system, int field) {
  const std::vector<VarInfo>& shared = system.shared();
  for (size_t i = 0; i < shared.size(); ++i) {
    if (shared[i].field == field) return static_cast<int>(i);
  }
  return -1;
}

int SyncIndexOfField(const System& system, int field) {
  const std::vector<SyncInfo>& syncs = system.syncs();
  for (size_t i = 0; i < syncs.size(); ++i) {
    if (syncs[i].field == field) return static_cast<int>(i);
  }
  return -1;
}

std::string FieldLabel(const System& system, int field, int viewer) {
  std::string name = system.FieldName(field);
  if (viewer >= 0 && viewer < system.num_processes()) {
    const std::string prefix = system.processes()[viewer].name + ".";
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0) {
      return name.substr(prefix.size());
    }
  }
  return name;
}

std::string FieldAssign(const System& system, int field, int64_t value, int viewer, Lang lang) {
  return FieldLabel(system, field, viewer) + "=" + system.FormatValue(field, value, lang);
}

std::string SharedSummary(const System& system, const uint64_t* s, Lang lang) {
  std::string out;
  auto add = [&](int field) {
    if (field < 0) return;
    if (!out.empty()) out += ' ';
    out += FieldAssign(system, field, FieldValue(system, field, s), -1, lang);
  };
  for (const VarInfo& v : system.shared()) add(v.field);
  if (!system.options().elide_sync) {
    for (const SyncInfo& y : system.syncs()) add(y.field);
  }
  for (const QueueInfo& q : system.queues()) {  // `q=[3, 1]`, first out first
    if (!out.empty()) out += ' ';
    out += q.name + "=[";
    const int64_t size = FieldValue(system, q.size_field, s);
    for (int64_t k = 0; k < size; ++k) {
      out += (k > 0 ? ", " : "") +
             std::to_string(FieldValue(system, q.first_item + static_cast<int>(k), s));
    }
    out += "]";
  }
  return out;
}

namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

}  // namespace

std::string ValuesInText(const System& system, std::string_view text, const uint64_t* s) {
  std::vector<std::string> seen;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsNameStart(text[i])) {
      // Skip a number or other character as a whole, so "x1" in "0x1" is not a name.
      if (IsNameChar(text[i])) {
        while (i < text.size() && IsNameChar(text[i])) ++i;
      } else {
        ++i;
      }
      continue;
    }
    size_t start = i;
    while (i < text.size() && IsNameChar(text[i])) ++i;
    std::string name(text.substr(start, i - start));
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    std::string value;
    bool found = false;
    for (const VarInfo& v : system.shared()) {
      if (v.name == name) {
        value = system.FormatValue(v.field, FieldValue(system, v.field, s));
        found = true;
        break;
      }
    }
    if (!found) {
      for (const ParamValue& p : system.params()) {
        if (p.name == name) {
          value = p.is_bool ? (p.value != 0 ? "true" : "false") : std::to_string(p.value);
          found = true;
          break;
        }
      }
    }
    if (!found) continue;  // a keyword (and, not, min, ...) or something not in the state
    if (!out.empty()) out += ", ";
    out += name + " = " + value;
  }
  return out;
}

namespace {

bool Contains(const std::vector<Step>& steps, const Step* inner) {
  for (const Step& s : steps) {
    if (&s == inner || Contains(s.body, inner) || Contains(s.orelse, inner)) return true;
  }
  return false;
}

const Step* FindAtomic(const std::vector<Step>& steps, const Step* inner) {
  for (const Step& s : steps) {
    if (s.kind == StepKind::kAtomic) {
      if (Contains(s.body, inner)) return &s;
      continue;
    }
    if (const Step* a = FindAtomic(s.body, inner)) return a;
    if (const Step* a = FindAtomic(s.orelse, inner)) return a;
  }
  return nullptr;
}

}  // namespace

std::string PassedInstrText(const PInstr& in, Lang lang) {
  if (in.kind == InstrKind::kSleep) {
    return in.sleep_lo == in.sleep_hi ? Say(lang, Msg::kSleeps, fmt::arg("s", in.sleep_lo))
                                      : Say(lang, Msg::kSleepsRange, fmt::arg("lo", in.sleep_lo),
                                            fmt::arg("hi", in.sleep_hi));
  }
  if (in.kind == InstrKind::kElided && in.step != nullptr) {
    return Say(lang, Msg::kRemoved, fmt::arg("source", in.step->source));
  }
  return "";
}

const Step* EnclosingAtomic(const System& system, int tmpl, const Step* inner) {
  if (inner == nullptr || tmpl < 0 || tmpl >= static_cast<int>(system.model().processes.size())) {
    return nullptr;
  }
  return FindAtomic(system.model().processes[tmpl].steps, inner);
}

std::string PropertyName(const System& system, int32_t property, Lang lang) {
  if (property < 0 || property >= static_cast<int32_t>(system.properties().size())) return "";
  const PropertyInfo& p = system.properties()[property];
  if (lang == Lang::kEn) return p.name;
  switch (p.kind) {
    case PropertyKind::kInvariant:
    case PropertyKind::kFinal:
      return p.name;
    case PropertyKind::kAssert:
      return p.loc.known() ? Say(lang, Msg::kNameAssert, fmt::arg("line", p.loc.line)) : p.name;
    case PropertyKind::kDeadlock:
      return Say(lang, Msg::kNameDeadlock);
    case PropertyKind::kLockMisuse:
      return Say(lang, Msg::kNameLockMisuse);
    case PropertyKind::kRange:
      return Say(lang, Msg::kNameRange);
    case PropertyKind::kRuntime:
      return Say(lang, Msg::kNameRuntime);
  }
  return p.name;
}

std::string DescribeProperty(const System& system, int32_t property, Lang lang) {
  using fmt::arg;
  if (property < 0 || property >= static_cast<int32_t>(system.properties().size())) {
    return Say(lang, Msg::kPropUnknown);
  }
  const PropertyInfo& p = system.properties()[property];
  switch (p.kind) {
    case PropertyKind::kInvariant:
    case PropertyKind::kFinal: {
      const std::string kind =
          Say(lang, p.kind == PropertyKind::kInvariant ? Msg::kKindInvariant : Msg::kKindFinal);
      if (p.loc.known()) {
        return Say(lang, Msg::kPropNamed, arg("kind", kind), arg("name", p.name),
                   arg("line", p.loc.line), arg("text", p.text));
      }
      return Say(lang, Msg::kPropNamedNoLine, arg("kind", kind), arg("name", p.name),
                 arg("text", p.text));
    }
    case PropertyKind::kAssert:
      if (p.loc.known()) {
        return Say(lang, Msg::kPropAssert, arg("line", p.loc.line), arg("text", p.text));
      }
      return Say(lang, Msg::kPropAssertNoLine, arg("text", p.text));
    case PropertyKind::kDeadlock:
      return Say(lang, Msg::kPropDeadlock);
    case PropertyKind::kLockMisuse:
      return Say(lang,
                 system.has_owner_only_lock() ? Msg::kPropLockMisuseOwned : Msg::kPropLockMisuse);
    case PropertyKind::kRange:
      return Say(lang, Msg::kPropRange);
    case PropertyKind::kRuntime:
      return Say(lang, Msg::kPropRuntime);
  }
  return Say(lang, Msg::kPropUnknown);
}

std::string WaitDescription(const System& system, const uint64_t* s, int p, Lang lang) {
  using fmt::arg;
  if (system.Finished(s, p)) return Say(lang, Msg::kWaitFinished);
  if (system.Enabled(s, p)) return "";
  const PInstr& in = system.NextInstr(s, p);
  const std::string where = in.step != nullptr
                                ? Say(lang, Msg::kWaitWhere, arg("line", in.step->loc.line),
                                      arg("source", in.step->source))
                                : std::string();
  if (in.kind == InstrKind::kAcquire && in.sync >= 0 && system.SyncOf(s, p, in) >= 0) {
    const SyncInfo& y = system.syncs()[system.SyncOf(s, p, in)];
    const int64_t v = FieldValue(system, y.field, s);
    if (y.is_semaphore) {
      return Say(lang, Msg::kWaitSemaphore, arg("sync", y.name), arg("where", where));
    }
    if (v == p + 1) {
      return Say(lang, Msg::kWaitReentrant, arg("sync", y.name), arg("where", where));
    }
    if (v > 0 && v <= system.num_processes()) {
      return Say(lang, Msg::kWaitHeld, arg("sync", y.name),
                 arg("holder", system.processes()[v - 1].name), arg("where", where));
    }
  }
  if (in.kind == InstrKind::kAwait && in.step != nullptr) {
    return Say(lang, Msg::kWaitAwait, arg("cond", in.step->text.text), arg("where", where));
  }
  if (in.kind == InstrKind::kLeave) {
    const BarrierInfo& b = system.barriers()[in.sync];
    return Say(lang, Msg::kWaitBarrier, arg("barrier", b.name),
               arg("n", FieldValue(system, b.waiting_field, s)), arg("parties", b.parties),
               arg("where", where));
  }
  if (in.kind == InstrKind::kArrive) {
    return Say(lang, Msg::kWaitBarrierOpen, arg("barrier", system.barriers()[in.sync].name),
               arg("where", where));
  }
  if (in.kind == InstrKind::kCondWake) {
    return Say(lang, Msg::kWaitNotify, arg("cond", system.conditions()[in.sync].name),
               arg("where", where));
  }
  if (in.kind == InstrKind::kCondWait || in.kind == InstrKind::kNotify ||
      in.kind == InstrKind::kNotifyAll) {
    const ConditionInfo& c = system.conditions()[in.sync];
    return Say(lang, Msg::kWaitWoken, arg("cond", c.name),
               arg("n", FieldValue(system, c.tokens_field, s)), arg("where", where));
  }
  if (in.kind == InstrKind::kPut || in.kind == InstrKind::kGet) {
    const QueueInfo& q = system.queues()[in.sync];
    return in.kind == InstrKind::kPut
               ? Say(lang, Msg::kWaitQueueFull, arg("queue", q.name), arg("n", q.maxsize),
                     arg("where", where))
               : Say(lang, Msg::kWaitQueueEmpty, arg("queue", q.name), arg("where", where));
  }
  return Say(lang, Msg::kWaitBlocked, arg("where", where));
}

std::string DeadlockDetail(const System& system, const uint64_t* s, Lang lang) {
  constexpr int kMaxListed = 8;
  std::string out;
  int listed = 0, more = 0;
  for (int p = 0; p < system.num_processes(); ++p) {
    if (system.Finished(s, p)) continue;
    if (listed == kMaxListed) {
      ++more;
      continue;
    }
    if (!out.empty()) out += Say(lang, Msg::kClauseSep);
    out += system.processes()[p].name + " " + WaitDescription(system, s, p, lang);
    ++listed;
  }
  if (more > 0) out += Say(lang, Msg::kAndMore, fmt::arg("n", more));
  return out;
}

std::string DescribeInstr(const System& system, int tmpl, int32_t pc) {
  const Template& t = system.templates()[tmpl];
  if (pc < 0 || pc >= static_cast<int32_t>(t.code.size())) return "";
  const PInstr& in = t.code[pc];
  if (in.step == nullptr) return in.kind == InstrKind::kEnd ? "(end)" : "";
  // `wait: b` on a barrier is two steps, on a condition three: say which.
  const bool take_back = (in.kind == InstrKind::kAcquire || in.kind == InstrKind::kElided) &&
                         in.step->kind == StepKind::kWait;
  const std::string phase = in.kind == InstrKind::kArrive || in.kind == InstrKind::kLeave
                                ? fmt::format(" ({})", InstrKindName(in.kind))
                            : in.kind == InstrKind::kCondWait ? " (sleep)"
                            : in.kind == InstrKind::kCondWake ? " (wake)"
                            : take_back                       ? " (lock)"
                                                              : "";
  if (!in.loop.empty())
    return fmt::format("L{} {}{} [{}]", in.step->loc.line, in.step->source, phase, in.loop);
  return fmt::format("L{} {}{}", in.step->loc.line, in.step->source, phase);
}

}  // namespace racecheck
