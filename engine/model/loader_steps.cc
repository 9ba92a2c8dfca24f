#include "engine/model/loader_steps.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <regex>

namespace racecheck {
namespace {

// The step kind whose key (StepKindName) is `key`, or nullopt. Every kind but kAssign is written
// as a mapping with its key; an assignment is a plain string.
std::optional<StepKind> KindOfKey(const std::string& key) {
  for (StepKind k : kAllStepKinds) {
    if (!IsStringStep(k) && key == StepKindName(k)) return k;
  }
  return std::nullopt;
}

// The keys that step kinds allow besides their own, one line each.
struct ExtraKeys {
  StepKind kind;
  const char* keys[2];  // nullptr when unused
};

constexpr ExtraKeys kExtraKeys[] = {
    {StepKind::kIf, {"then", "else"}},    // if: cond, then: [steps], else: [steps]
    {StepKind::kWhile, {"do"}},           // while: cond, do: [steps]
    {StepKind::kWhen, {"then", "else"}},  // when: param_cond, then: [steps], else: [steps]
    {StepKind::kFor, {"do"}},             // for: i in range(K), do: [steps]
};

// The keys of the step kinds that key `key` (then, else, do) goes with ("'while' or 'for'", in
// `lang`), or "" when it is no such key.
std::string OwnerOfExtraKey(const std::string& key, Lang lang) {
  std::vector<std::string> owners;
  for (const ExtraKeys& e : kExtraKeys) {
    for (const char* extra : e.keys) {
      if (extra && key == extra) owners.push_back(fmt::format("'{}'", StepKindName(e.kind)));
    }
  }
  std::string out;
  for (size_t i = 0; i + 1 < owners.size(); ++i) out += (i == 0 ? "" : ", ") + owners[i];
  if (owners.size() < 2) return owners.empty() ? "" : owners[0];
  return SayDiag(lang, DiagMsg::kListOr, fmt::arg("list", out), fmt::arg("last", owners.back()));
}

bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentifierChar(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9'); }

// `s` on one line, for a trace.
std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// The longest sleep a step may take, in seconds: a real run sleeps for real (docs/real-mode.md),
// and longer ones are mistakes (or `1e300`, which no clock can count).
constexpr int kMaxSleep = 86400;

std::optional<double> ParseSeconds(const std::string& text) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

class StepReader {
 public:
  explicit StepReader(YamlReader& reader) : r_(reader) {}

  std::vector<Step> List(const YAML::Node& list, std::string_view key, const SourceLoc& key_loc) {
    std::vector<Step> steps;
    SourceLoc list_loc = r_.Loc(list, key_loc);
    if (!list.IsSequence()) {
      r_.Error(list_loc, DiagMsg::kStepsNotList, fmt::arg("key", key),
               fmt::arg("found", r_.Describe(list)));
      return steps;
    }
    for (auto it = list.begin(); it != list.end(); ++it) {
      std::optional<Step> step = One(*it, list_loc);
      if (step) steps.push_back(std::move(*step));
    }
    return steps;
  }

 private:
  std::optional<Step> One(const YAML::Node& item, const SourceLoc& list_loc) {
    if (!item.IsDefined() || item.IsNull()) {
      r_.Error(r_.EmptyItemLoc(item, list_loc), DiagMsg::kEmptyStep);
      return std::nullopt;
    }
    if (item.IsScalar()) {
      std::optional<SourceText> text = r_.Expr(item, list_loc, r_.Text(DiagMsg::kAStep));
      if (!text) return std::nullopt;
      Step s;
      s.kind = StepKind::kAssign;
      s.loc = text->loc;
      s.source = OneLine(text->text);
      s.text = std::move(*text);
      MethodCall(s);
      return s;
    }
    SourceLoc loc = r_.Loc(item, list_loc);
    if (item.IsSequence()) {
      r_.Error(loc, DiagMsg::kStepIsList);
      return std::nullopt;
    }
    std::vector<YamlEntry> entries = r_.Entries(item);
    if (entries.empty()) {
      r_.Error(loc, DiagMsg::kEmptyStep);
      return std::nullopt;
    }
    const YamlEntry* kind_entry = nullptr;
    // `when:` beside another kind's key is that step's load-time guard.
    const YamlEntry* guard = nullptr;
    for (const YamlEntry& e : entries) {
      if (e.key == "when" && entries.size() > 1 &&
          std::any_of(entries.begin(), entries.end(), [](const YamlEntry& o) {
            return o.key != "when" && o.key != "then" && o.key != "else" && KindOfKey(o.key);
          })) {
        guard = &e;
      }
    }
    for (const YamlEntry& e : entries) {
      if (&e == guard || !KindOfKey(e.key)) continue;
      if (kind_entry) {
        r_.Error(e.key_loc, DiagMsg::kStepTwoKinds, fmt::arg("first", kind_entry->key),
                 fmt::arg("second", e.key));
        return std::nullopt;
      }
      kind_entry = &e;
    }
    if (!kind_entry) {
      UnknownStep(entries);
      return std::nullopt;
    }
    const StepKind kind = *KindOfKey(kind_entry->key);
    std::vector<std::string> allowed = {StepKindName(kind)};
    for (const ExtraKeys& e : kExtraKeys) {
      if (e.kind != kind) continue;
      for (const char* extra : e.keys) {
        if (extra) allowed.push_back(extra);
      }
    }
    if (kind != StepKind::kWhen) allowed.push_back("when");
    r_.CheckKeys(entries, r_.Text(DiagMsg::kWhatStep, fmt::arg("name", StepKindName(kind))),
                 allowed);

    Step s;
    s.kind = kind;
    s.loc = entries.front().key_loc;
    s.text.loc = kind_entry->value_loc;
    Fill(s, *kind_entry, entries);
    if (guard != nullptr) {
      s.guard =
          r_.Expr(guard->value, guard->key_loc, r_.Text(DiagMsg::kWhatKey, fmt::arg("key", "when")),
                  r_.Text(DiagMsg::kExpectGuard));
    }
    return s;
  }

  // Python's method calls, written as Python writes them (a name, a dot, the method: nothing
  // else an expression can be), turn the plain-string step `s` into the step they mean:
  // `q.put(e)` and `x = q.get()` into kPut / kGet, and `lock.acquire()`, `lock.release()`,
  // `ev.set()`, `ev.clear()`, `ev.wait()` (also a barrier's or a condition's), `c.notify()`,
  // `c.notify_all()` into the step whose key is the method's name. Anything else stays an
  // assignment.
  static void MethodCall(Step& s) {
    static const std::regex put_call(R"(^(\s*)([A-Za-z_]\w*)\s*\.\s*put\s*\((.*)\)\s*$)");
    static const std::regex get_call(
        R"(^(.*[^=!<>+\-*/%\s])\s*=\s*([A-Za-z_]\w*)\s*\.\s*get\s*\(\s*\)\s*$)");
    // The object: a name, an element `fork[i]` (for a lock), or a Value's `n.get_lock()`.
    static const std::regex no_value_call(
        R"(^\s*([A-Za-z_]\w*(?:\[[^=\]]*\]|\s*\.\s*get_lock\s*\(\s*\))?)\s*\.\s*)"
        R"((acquire|release|set|clear|wait|notify|notify_all)\s*\(\s*\)\s*$)");
    const std::string& t = s.text.text;
    if (t.find('.') == std::string::npos) return;
    std::smatch m;
    if (std::regex_match(t, m, no_value_call)) {
      s.kind = *KindOfKey(m[2].str());
      std::string object = m[1].str();
      if (object.find("get_lock") != std::string::npos) {  // written as the lock's name is
        object.erase(std::remove_if(object.begin(), object.end(),
                                    [](char c) { return c == ' ' || c == '\t'; }),
                     object.end());
      }
      s.text = SourceText{object, s.text.loc.Shifted(static_cast<int>(m.position(1)),
                                                     static_cast<int>(m.length(1)))};
    } else if (std::regex_match(t, m, put_call)) {
      s.kind = StepKind::kPut;
      s.queue = Name{m[2].str(), s.text.loc.Shifted(static_cast<int>(m.position(2)),
                                                    static_cast<int>(m.length(2)))};
      s.text = SourceText{m[3].str(), s.text.loc.Shifted(static_cast<int>(m.position(3)),
                                                         static_cast<int>(m.length(3)))};
    } else if (std::regex_match(t, m, get_call)) {
      s.kind = StepKind::kGet;
      s.queue = Name{m[2].str(), s.text.loc.Shifted(static_cast<int>(m.position(2)),
                                                    static_cast<int>(m.length(2)))};
      s.text = SourceText{m[1].str(), s.text.loc.Shifted(0, static_cast<int>(m.length(1)))};
    }
  }

  // Reports a mapping step whose keys name no step kind.
  void UnknownStep(const std::vector<YamlEntry>& entries) {
    std::vector<std::string> kinds;
    for (StepKind k : kAllStepKinds) {
      if (!IsStringStep(k)) kinds.push_back(StepKindName(k));
    }
    for (const YamlEntry& e : entries) {
      if (!OwnerOfExtraKey(e.key, r_.lang()).empty()) continue;
      std::string suggestion = ClosestName(e.key, kinds);
      if (!suggestion.empty()) {
        r_.Error(e.key_loc, DiagMsg::kUnknownStepDidYouMean, fmt::arg("step", e.key),
                 fmt::arg("suggestion", suggestion));
      } else {
        r_.Error(e.key_loc, DiagMsg::kUnknownStep, fmt::arg("step", e.key),
                 fmt::arg("list", QuotedList(kinds)));
      }
      return;
    }
    const YamlEntry& e = entries.front();
    r_.Error(e.key_loc, DiagMsg::kKeyWithout, fmt::arg("key", e.key),
             fmt::arg("owner", OwnerOfExtraKey(e.key, r_.lang())));
  }

  void Fill(Step& s, const YamlEntry& head, const std::vector<YamlEntry>& entries) {
    const std::string& key = head.key;
    std::string what = r_.Text(DiagMsg::kWhatKey, fmt::arg("key", key));
    switch (s.kind) {
      case StepKind::kPrint:
      case StepKind::kAcquire:
      case StepKind::kRelease:
      case StepKind::kAwait:
      case StepKind::kAssert:
      case StepKind::kSet:
      case StepKind::kClear:
      case StepKind::kWait:
      case StepKind::kNotify:
      case StepKind::kNotifyAll: {
        const DiagMsg expected = s.kind == StepKind::kPrint ? DiagMsg::kExpectString
                                 : s.kind == StepKind::kAcquire || s.kind == StepKind::kRelease
                                     ? DiagMsg::kExpectLockName
                                 : s.kind == StepKind::kSet || s.kind == StepKind::kClear
                                     ? DiagMsg::kExpectEventName
                                 : s.kind == StepKind::kWait ? DiagMsg::kExpectWaitName
                                 : s.kind == StepKind::kNotify || s.kind == StepKind::kNotifyAll
                                     ? DiagMsg::kExpectConditionName
                                     : DiagMsg::kExpectCondition;
        if (auto text = r_.Expr(head.value, head.key_loc, what, r_.Text(expected))) {
          s.text = std::move(*text);
        }
        std::string shown = OneLine(s.text.text);
        s.source = s.kind == StepKind::kPrint ? fmt::format("{}: \"{}\"", key, shown)
                                              : fmt::format("{}: {}", key, shown);
        break;
      }
      case StepKind::kSleep:
        Sleep(s, head);
        break;
      case StepKind::kAtomic:
        s.source = "atomic";
        s.body = List(head.value, key, head.key_loc);
        break;
      case StepKind::kIf:
      case StepKind::kWhile:
      case StepKind::kWhen: {
        if (auto text =
                r_.Expr(head.value, head.key_loc, what, r_.Text(DiagMsg::kExpectCondition))) {
          s.text = std::move(*text);
        }
        s.source = fmt::format("{} {}", key, OneLine(s.text.text));
        const char* body_key = s.kind == StepKind::kWhile ? "do" : "then";
        const YamlEntry* body = Find(entries, body_key);
        if (!body) {
          r_.Error(head.key_loc, DiagMsg::kBodyMissing, fmt::arg("key", key),
                   fmt::arg("body", body_key));
        } else {
          s.body = List(body->value, body_key, body->key_loc);
        }
        if (const YamlEntry* orelse = Find(entries, "else"); orelse && s.kind != StepKind::kWhile) {
          s.orelse = List(orelse->value, "else", orelse->key_loc);
        }
        break;
      }
      case StepKind::kFor: {
        if (auto text =
                r_.Expr(head.value, head.key_loc, what, r_.Text(DiagMsg::kExpectLoopHeader))) {
          s.text = std::move(*text);
          LoopHeader(s);
        }
        s.source = fmt::format("for {}", OneLine(s.text.text));
        if (const YamlEntry* body = Find(entries, "do"); !body) {
          r_.Error(head.key_loc, DiagMsg::kForWithoutDo);
        } else {
          s.body = List(body->value, "do", body->key_loc);
        }
        break;
      }
      case StepKind::kAssign:
      case StepKind::kPut:
      case StepKind::kGet:
        break;
    }
  }

  // `for: i in range(B)` or `for: i in range(A, B)`, Python's loop over a range: the loop
  // variable into s.loop_var, the bounds' texts (with their own locations) into s.from and s.to.
  // The bounds are compiled (and must be constant) when the model is built.
  void LoopHeader(Step& s) {
    const std::string& text = s.text.text;
    const SourceLoc& loc = s.text.loc;
    auto fail = [&] { r_.Error(loc, DiagMsg::kForShape, fmt::arg("text", OneLine(text))); };
    size_t i = 0;
    auto skip_space = [&] {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    };
    auto word = [&]() -> std::pair<size_t, size_t> {
      skip_space();
      size_t start = i;
      if (i < text.size() && IsIdentifierStart(text[i])) {
        while (i < text.size() && IsIdentifierChar(text[i])) ++i;
      }
      return {start, i - start};
    };
    const auto [var_at, var_len] = word();
    const auto [in_at, in_len] = word();
    const auto [range_at, range_len] = word();
    skip_space();
    if (var_len == 0 || text.compare(in_at, in_len, "in") != 0 ||
        text.compare(range_at, range_len, "range") != 0 || i >= text.size() || text[i] != '(') {
      fail();
      return;
    }
    // The arguments: split at the commas outside nested parentheses, up to the closing one.
    std::vector<std::pair<size_t, size_t>> args;
    size_t arg_at = ++i;
    int depth = 0;
    for (; i < text.size(); ++i) {
      if (text[i] == '(') ++depth;
      if (text[i] == ')' && depth-- == 0) break;
      if (text[i] == ',' && depth == 0) {
        args.push_back({arg_at, i - arg_at});
        arg_at = i + 1;
      }
    }
    if (i >= text.size()) {
      fail();
      return;
    }
    args.push_back({arg_at, i - arg_at});
    ++i;
    skip_space();
    if (i != text.size() || args.size() > 2) {
      fail();
      return;
    }
    std::vector<SourceText> bounds;
    for (auto [at, len] : args) {
      const std::string_view raw = std::string_view(text).substr(at, len);
      const size_t lead = raw.find_first_not_of(" \t");
      if (lead == std::string_view::npos) {
        fail();
        return;
      }
      const std::string_view arg = raw.substr(lead, raw.find_last_not_of(" \t") - lead + 1);
      bounds.push_back(SourceText{std::string(arg), loc.Shifted(static_cast<int>(at + lead),
                                                                static_cast<int>(arg.size()))});
    }
    s.loop_var = Name{text.substr(var_at, var_len),
                      loc.Shifted(static_cast<int>(var_at), static_cast<int>(var_len))};
    if (bounds.size() == 2) s.from = std::move(bounds[0]);
    s.to = std::move(bounds.back());
  }

  static const YamlEntry* Find(const std::vector<YamlEntry>& entries, const char* key) {
    for (const YamlEntry& e : entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }

  // `sleep: 0.1` or `sleep: [lo, hi]`, in seconds, 0 <= lo <= hi.
  void Sleep(Step& s, const YamlEntry& head) {
    const YAML::Node& v = head.value;
    const std::string expected = r_.Text(DiagMsg::kSleepExpected);
    if (v.IsScalar()) {
      std::optional<double> secs = Seconds(v, head.value_loc, expected);
      s.sleep_lo = s.sleep_hi = secs.value_or(0);
      s.text = SourceText{v.Scalar(), head.value_loc};
      s.source = "sleep: " + OneLine(v.Scalar());
      return;
    }
    if (!v.IsSequence()) {
      r_.Error(head.value_loc, DiagMsg::kExpectedFound, fmt::arg("expected", expected),
               fmt::arg("found", r_.Describe(v)));
      return;
    }
    SourceLoc list_loc = FlowListLoc(head.value_loc);
    if (v.size() != 2) {
      r_.Error(list_loc, v.size() == 1 ? DiagMsg::kSleepRangeOne : DiagMsg::kSleepRangeMany,
               fmt::arg("n", v.size()));
      return;
    }
    std::optional<double> lo = Seconds(v[0], list_loc, expected);
    std::optional<double> hi = Seconds(v[1], list_loc, expected);
    std::string lo_text = v[0].IsScalar() ? v[0].Scalar() : "?";
    std::string hi_text = v[1].IsScalar() ? v[1].Scalar() : "?";
    if (lo && hi && *lo > *hi) {
      r_.Error(list_loc, DiagMsg::kSleepRangeEmpty, fmt::arg("lo", lo_text),
               fmt::arg("hi", hi_text));
    }
    s.sleep_lo = lo.value_or(0);
    s.sleep_hi = hi.value_or(0);
    s.text = SourceText{fmt::format("[{}, {}]", lo_text, hi_text), head.value_loc};
    s.source = fmt::format("sleep: [{}, {}]", lo_text, hi_text);
  }

  std::optional<double> Seconds(const YAML::Node& v, const SourceLoc& fallback,
                                const std::string& expected) {
    SourceLoc loc = r_.Loc(v, fallback);
    std::optional<double> secs = v.IsScalar() ? ParseSeconds(v.Scalar()) : std::nullopt;
    if (!secs) {
      r_.Error(loc, DiagMsg::kExpectedFound, fmt::arg("expected", expected),
               fmt::arg("found", r_.Describe(v)));
    } else if (*secs < 0) {
      r_.Error(loc, DiagMsg::kSleepNegative, fmt::arg("value", v.Scalar()));
      return std::nullopt;
    } else if (*secs > kMaxSleep) {
      r_.Error(loc, DiagMsg::kSleepTooLong, fmt::arg("value", v.Scalar()),
               fmt::arg("max", kMaxSleep));
      return std::nullopt;
    }
    return secs;
  }

  // `loc` of a flow list `[a, b]` widened to its closing bracket when that is on the same line.
  SourceLoc FlowListLoc(SourceLoc loc) const {
    std::string_view line = loc.file->Line(loc.line);
    size_t open = static_cast<size_t>(loc.col - 1);
    if (open >= line.size() || line[open] != '[') return loc;
    size_t close = line.find(']', open);
    if (close != std::string_view::npos) loc.length = static_cast<int>(close - open + 1);
    return loc;
  }

  YamlReader& r_;
};

}  // namespace

std::vector<Step> ReadSteps(YamlReader& reader, const YAML::Node& list, std::string_view key,
                            const SourceLoc& key_loc) {
  return StepReader(reader).List(list, key, key_loc);
}

}  // namespace racecheck
