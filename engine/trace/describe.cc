// Display helpers for traces (describe.h).
#include "engine/trace/describe.h"

#include <fmt/format.h>

#include <algorithm>

namespace racecheck {

int DisplayWidth(std::string_view text) {
  int n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

namespace {

// The byte length of the first `cols` code points of `text`.
size_t PrefixBytes(std::string_view text, int cols) {
  size_t i = 0;
  int seen = 0;
  while (i < text.size()) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (seen == cols) break;
      ++seen;
    }
    ++i;
  }
  return i;
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
  auto room = [&]() {
    const std::string& prefix = lines.empty() ? first_prefix : next_prefix;
    return std::max(4, width - static_cast<int>(prefix.size()));
  };
  auto flush = [&]() {
    lines.push_back((lines.empty() ? first_prefix : next_prefix) + cur);
    cur.clear();
  };
  size_t i = 0;
  bool any_word = false;
  while (i <= body.size()) {
    size_t end = body.find(' ', i);
    if (end == std::string_view::npos) end = body.size();
    std::string_view word = body.substr(i, end - i);
    i = end + 1;
    if (any_word && DisplayWidth(cur) + 1 + DisplayWidth(word) <= room()) {
      cur += ' ';
      cur += word;
      continue;
    }
    if (any_word) flush();
    any_word = true;
    while (DisplayWidth(word) > room()) {
      size_t cut = PrefixBytes(word, room());
      cur = std::string(word.substr(0, cut));
      flush();
      word = word.substr(cut);
    }
    cur = std::string(word);
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

std::string FieldAssign(const System& system, int field, int64_t value, int viewer) {
  return FieldLabel(system, field, viewer) + "=" + system.FormatValue(field, value);
}

std::string SharedSummary(const System& system, const uint64_t* s) {
  std::string out;
  auto add = [&](int field) {
    if (field < 0) return;
    if (!out.empty()) out += ' ';
    out += FieldAssign(system, field, FieldValue(system, field, s), -1);
  };
  for (const VarInfo& v : system.shared()) add(v.field);
  if (!system.options().elide_sync) {
    for (const SyncInfo& y : system.syncs()) add(y.field);
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

const Step* EnclosingAtomic(const System& system, int tmpl, const Step* inner) {
  if (inner == nullptr || tmpl < 0 || tmpl >= static_cast<int>(system.model().processes.size())) {
    return nullptr;
  }
  return FindAtomic(system.model().processes[tmpl].steps, inner);
}

std::string DescribeProperty(const System& system, int32_t property) {
  if (property < 0 || property >= static_cast<int32_t>(system.properties().size())) {
    return "an unknown property";
  }
  const PropertyInfo& p = system.properties()[property];
  switch (p.kind) {
    case PropertyKind::kInvariant:
    case PropertyKind::kFinal:
      if (p.loc.known()) {
        return fmt::format("{} '{}' (line {}: {})", PropertyKindName(p.kind), p.name, p.loc.line,
                           p.text);
      }
      return fmt::format("{} '{}' ({})", PropertyKindName(p.kind), p.name, p.text);
    case PropertyKind::kAssert:
      if (p.loc.known()) return fmt::format("assert (line {}: {})", p.loc.line, p.text);
      return fmt::format("assert ({})", p.text);
    case PropertyKind::kDeadlock:
    case PropertyKind::kLockMisuse:
    case PropertyKind::kRange:
    case PropertyKind::kRuntime: {
      std::string name = p.name;
      std::replace(name.begin(), name.end(), '_', ' ');
      return fmt::format("{} ({})", name, p.text);
    }
  }
  return "an unknown property";
}

std::string WaitDescription(const System& system, const uint64_t* s, int p) {
  if (system.Finished(s, p)) return "has finished";
  if (system.Enabled(s, p)) return "";
  const PInstr& in = system.NextInstr(s, p);
  const std::string where = in.step != nullptr
                                ? fmt::format(" (line {} '{}')", in.step->loc.line, in.step->source)
                                : std::string();
  if (in.kind == InstrKind::kAcquire && in.sync >= 0 && system.SyncOf(s, p, in) >= 0) {
    const SyncInfo& y = system.syncs()[system.SyncOf(s, p, in)];
    const int64_t v = FieldValue(system, y.field, s);
    if (y.is_semaphore) return fmt::format("waits for '{}', which is at 0{}", y.name, where);
    if (v == p + 1) {
      return fmt::format("waits for '{}', which it already holds (a lock is not re-entrant){}",
                         y.name, where);
    }
    if (v > 0 && v <= system.num_processes()) {
      return fmt::format("waits for '{}', held by {}{}", y.name, system.processes()[v - 1].name,
                         where);
    }
  }
  if (in.kind == InstrKind::kAwait && in.step != nullptr) {
    return fmt::format("waits until '{}', which is false{}", in.step->text.text, where);
  }
  std::string reason = system.BlockedReason(s, p);
  return reason.empty() ? "is blocked" + where : reason;
}

std::string DescribeInstr(const System& system, int tmpl, int32_t pc) {
  const Template& t = system.templates()[tmpl];
  if (pc < 0 || pc >= static_cast<int32_t>(t.code.size())) return "";
  const PInstr& in = t.code[pc];
  if (in.step == nullptr) return in.kind == InstrKind::kEnd ? "(end)" : "";
  return fmt::format("L{} {}", in.step->loc.line, in.step->source);
}

}  // namespace racecheck
