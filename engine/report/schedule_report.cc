// The check report's words about schedules, chance and time (schedule_report.h). Every
// sentence a reader sees about them is built here.
#include "engine/report/schedule_report.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "engine/report/why_not_text.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"
#include "engine/support/text_width.h"
#include "engine/trace/describe.h"
#include "engine/trace/explain.h"

namespace racecheck {

namespace {

using fmt::arg;

// Counts longer than this many digits go into the table as "about 2.0 x 10^503" and are
// printed in full under it.
constexpr size_t kTableDigits = 15;
// Counts longer than this are not printed in full at all (JSON has them).
constexpr size_t kParagraphDigits = 80;

// -158 -> "⁻¹⁵⁸".
std::string Superscript(int e) {
  static constexpr const char* kDigits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string out;
  for (char c : std::to_string(e)) out += c == '-' ? "⁻" : kDigits[c - '0'];
  return out;
}

}  // namespace

std::string PowerOfTen(const std::string& m, int e, Lang lang) {
  return Say(lang, Msg::kPowerOfTen, arg("m", m), arg("_e", e), arg("_sup", Superscript(e)));
}

namespace {

// m x 10^e, m with one decimal, of the number whose decimal logarithm is `l` (a count may be
// far beyond a double's range; its logarithm is not): 2.8e-158 -> "2.8 x 10^-158".
std::string PowerFromLog10(double l, Lang lang) {
  int e = static_cast<int>(std::floor(l));
  double m = std::pow(10.0, l - e);
  if (std::round(m * 10) >= 100) {  // 9.97 is "1.0 x 10^(e+1)", not "10.0 x 10^e"
    m /= 10;
    ++e;
  }
  return PowerOfTen(fmt::format("{:.1f}", m), e, lang);
}

std::string Sci(double x, Lang lang = Lang::kEn) { return PowerFromLog10(std::log10(x), lang); }

bool Long(const ScheduleNumber& n) { return !n.infinite && n.value.Digits() > kTableDigits; }

// "12", "1,234,567", "about 2.0 x 10^503", "infinitely many".
std::string Count(const ScheduleNumber& n, Lang lang = Lang::kEn) {
  if (n.infinite) return Say(lang, Msg::kCountInfinite);
  if (!Long(n)) return Thousands(n.value.ToUint64());
  return Say(lang, Msg::kCountAbout, arg("x", PowerFromLog10(n.value.Log10(), lang)));
}

// 1500 -> "1,500"; 3.6e157 -> "3.6 x 10^157".
std::string Large(double x, Lang lang) {
  return x < 1e6 ? Thousands(static_cast<uint64_t>(std::llround(x))) : Sci(x, lang);
}

// A share of a whole, `part` and `rest` adding up to 1: "60%", "37.5%", "1 in 4,000", "all but
// 1 in 3.6 x 10^157" (each figure given with its own precision, so that neither end is lost).
std::string Share(double part, double rest, Lang lang) {
  if (std::isnan(part)) return "";
  if (rest <= 0) return "100%";
  if (part <= 0) return "0%";
  if (rest < 1e-3) return Say(lang, Msg::kShareAllBut, arg("x", Large(1 / rest, lang)));
  if (part < 1e-3) return Say(lang, Msg::kShareOneIn, arg("x", Large(1 / part, lang)));
  std::string s = fmt::format("{:.1f}", part * 100);
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s + "%";
}

// 10.2 -> "10.2 s"; 0.25 -> "0.25 s".
std::string Seconds(double s) {
  std::string t = fmt::format("{:.3f}", s);
  while (t.back() == '0') t.pop_back();
  if (t.back() == '.') t.pop_back();
  return t + " s";
}

std::string Plural(const BigInt& n, const std::string& one, const std::string& many) {
  return n.FitsUint64() && n.ToUint64() == 1 ? one : many;
}

std::string Num(const BigInt& n) {
  ScheduleNumber s;
  s.value = n;
  return Count(s);
}

// "the 840" / "about 2.0 x 10^503" (after "of").
std::string The(const BigInt& n) {
  const std::string s = Num(n);
  return s.rfind("about ", 0) == 0 ? s : "the " + s;
}

// "all 700 that violate" / "every one that violates" (when there are about 2.0 x 10^503).
std::string AllThatViolate(const BigInt& n) {
  const std::string s = Num(n);
  return s.rfind("about ", 0) == 0 ? "every one that violates" : "all " + s + " that violate";
}

const PropertySchedules* Violated(const VariantResult& v, const std::string& name) {
  for (const PropertySchedules& p : v.counts.schedules.violated) {
    if (v.system->properties()[p.property].name == name) return &p;
  }
  return nullptr;
}

// The properties some variant's schedules violate, by name, in the order first met.
std::vector<std::string> ViolatedNames(const CheckResult& report) {
  std::vector<std::string> names;
  for (const VariantResult& v : report.variants) {
    if (!v.counts.counted) continue;
    for (const PropertySchedules& p : v.counts.schedules.violated) {
      const std::string& n = v.system->properties()[p.property].name;
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
  }
  return names;
}

// The property called `name` (the engine's name: the key ViolatedNames and Violated use) as the
// report's language names it (PropertyName).
std::string Shown(const CheckResult& report, const std::string& name) {
  for (const VariantResult& v : report.variants) {
    const std::vector<PropertyInfo>& props = v.system->properties();
    for (size_t k = 0; k < props.size(); ++k) {
      if (props[k].name == name)
        return PropertyName(*v.system, static_cast<int32_t>(k), report.lang);
    }
  }
  return name;
}

const VariantResult* Find(const CheckResult& report, bool locks) {
  for (const VariantResult& v : report.variants) {
    if (v.locks == locks) return &v;
  }
  return nullptr;
}

std::string Capital(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}
// The verb agreeing with LocksIn(sys, Lang::kEn).
std::string Verb(const System& sys, const char* one, const char* many) {
  return sys.syncs().size() == 1 ? one : many;
}
std::string It(const System& sys) { return sys.syncs().size() == 1 ? "it" : "them"; }
std::string Its(const System& sys) { return sys.syncs().size() == 1 ? "its" : "their"; }

std::string TimeCell(const ModelTime& t) {
  if (!t.computed) return "-";
  if (t.ranges && t.least_upper != t.least) {
    return Seconds(t.least).substr(0, Seconds(t.least).size() - 2) + "-" + Seconds(t.least_upper);
  }
  return Seconds(t.least);
}

// "the lock", "the semaphore", "the locks", "the semaphores", "the locks and semaphores", in
// `lang` (semaphores are locks of a kind here).
std::string LocksIn(const System& sys, Lang lang) {
  size_t semaphores = 0;
  for (const SyncInfo& s : sys.syncs()) semaphores += s.is_semaphore ? 1 : 0;
  const size_t n = sys.syncs().size();
  if (semaphores == 0) return Say(lang, n == 1 ? Msg::kTheLock : Msg::kTheLocks);
  if (semaphores == n) return Say(lang, n == 1 ? Msg::kTheSemaphore : Msg::kTheSemaphores);
  return Say(lang, Msg::kTheLocksAndSemaphores);
}

// "the 100 'client' processes", "the 3 processes", "the process", in `lang`.
std::string ProcessesIn(const System& sys, Lang lang) {
  const int n = sys.num_processes();
  if (n == 1) return Say(lang, Msg::kTheProcess);
  if (sys.templates().size() == 1) {
    return Say(lang, Msg::kTheTemplateProcesses, arg("n", n), arg("name", sys.templates()[0].name));
  }
  return Say(lang, Msg::kTheProcesses, arg("n", n));
}

// "10.2 s"; with sleep ranges "0 s with every sleep at its shortest, 3 s at its longest".
std::string AtLeastIn(const ModelTime& t, Lang lang) {
  if (!t.ranges || t.least_upper == t.least) return Seconds(t.least);
  return Say(lang, Msg::kAtLeastRange, arg("lo", Seconds(t.least)),
             arg("hi", Seconds(t.least_upper)));
}

// Num(n) in the report's language.
std::string NumIn(const BigInt& n, Lang lang) {
  ScheduleNumber s;
  s.value = n;
  if (!Long(s)) return Say(lang, Msg::kCountInText, arg("x", Thousands(n.ToUint64())));
  return Say(lang, Msg::kCountAboutInText, arg("x", PowerFromLog10(n.Log10(), lang)));
}

// `digits` on lines of at most `width` columns, the first after `head`, the others indented.
std::string WrapDigits(const std::string& head, const std::string& digits, size_t width) {
  std::string out = head;
  size_t col = head.size();
  for (size_t i = 0; i < digits.size();) {
    if (col >= width) {
      out += "\n    ";
      col = 4;
    }
    const size_t take = std::min(width - col, digits.size() - i);
    out += digits.substr(i, take);
    col += take;
    i += take;
  }
  return out + "\n";
}

std::string Paragraph(const std::string& text) { return WrapParagraphs({text}, 100); }

}  // namespace

std::string VariantTitle(const VariantResult& v, Lang lang) {
  return Say(lang, v.locks ? Msg::kVariantAsWritten : Msg::kVariantWithoutLocks);
}

std::string AlignedTable(const std::vector<TableRow>& rows) {
  size_t columns = 0;
  for (const auto& [label, cells] : rows) columns = std::max(columns, cells.size());
  int label_w = 0;
  std::vector<int> col_w(columns, 0);
  for (const auto& [label, cells] : rows) {
    label_w = std::max(label_w, DisplayWidth(label));
    for (size_t i = 0; i < cells.size(); ++i) col_w[i] = std::max(col_w[i], DisplayWidth(cells[i]));
  }
  std::string out;
  for (const auto& [label, cells] : rows) {
    std::string line = "  " + PadRight(label, label_w);
    for (size_t i = 0; i < cells.size(); ++i) {
      line += "   " + PadRight(cells[i], i + 1 < cells.size() ? col_w[i] : 0);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string ScheduleCountText(const ScheduleNumber& n, Lang lang) { return Count(n, lang); }

std::string ShareText(double part, double rest, Lang lang) { return Share(part, rest, lang); }

std::string CountJson(const ScheduleNumber& n) {
  return n.infinite ? "infinite" : n.value.ToString();
}

std::string TimeCellText(const ModelTime& t) { return TimeCell(t); }

std::vector<TableRow> ScheduleRows(const CheckResult& report) {
  std::vector<TableRow> rows;
  if (!report.counting) return rows;
  const Lang lang = report.lang;
  bool every = true;
  for (const VariantResult& v : report.variants) every = every && v.counts.every_step;
  TableRow total{Say(lang, every ? Msg::kRowSchedules : Msg::kRowSchedulesShared), {}};
  for (const VariantResult& v : report.variants) {
    if (!v.counts.counted) {
      total.second.push_back(Say(lang, Msg::kNotCounted));
      continue;
    }
    const ScheduleCounts& c = v.counts.schedules;
    std::string cell = Count(c.total, lang);
    std::vector<std::string> parts;
    if (c.stuck.infinite || !c.stuck.value.IsZero() || c.failed.infinite ||
        !c.failed.value.IsZero()) {
      if (c.complete.infinite || !c.complete.value.IsZero()) {
        parts.push_back(Say(lang, Msg::kCountComplete, arg("n", Count(c.complete, lang))));
      }
      if (c.stuck.infinite || !c.stuck.value.IsZero())
        parts.push_back(Say(lang, Msg::kCountStuck, arg("n", Count(c.stuck, lang))));
      if (c.failed.infinite || !c.failed.value.IsZero()) {
        parts.push_back(Say(lang, Msg::kCountFailed, arg("n", Count(c.failed, lang))));
      }
    }
    if (!parts.empty()) {
      std::string list;
      for (size_t i = 0; i < parts.size(); ++i) {
        list += (i ? Say(lang, Msg::kCountPartSep) : "") + parts[i];
      }
      cell = Say(lang, Msg::kCountParts, arg("n", cell), arg("parts", list));
    }
    total.second.push_back(cell);
  }
  rows.push_back(total);
  for (const std::string& name : ViolatedNames(report)) {
    TableRow count{Say(lang, Msg::kRowViolate, arg("name", Shown(report, name))), {}};
    TableRow chance{Say(lang, Msg::kRowAtRandom), {}};
    for (const VariantResult& v : report.variants) {
      if (!v.counts.counted) {
        count.second.push_back("");
        chance.second.push_back("");
        continue;
      }
      const PropertySchedules* p = Violated(v, name);
      if (p == nullptr) {
        count.second.push_back(Say(lang, Msg::kNone));
        chance.second.push_back("0%");
        continue;
      }
      const std::string share = Share(p->fraction, p->fraction_rest, lang);
      const std::string n = Count(p->schedules, lang);
      count.second.push_back(
          share.empty() ? n : Say(lang, Msg::kCountCell, arg("n", n), arg("share", share)));
      std::string c = Share(p->probability, p->probability_rest, lang);
      if (!p->exact_probability.empty() && p->exact_probability != "1") {
        c += Say(lang, Msg::kExactly, arg("f", p->exact_probability));
      }
      chance.second.push_back(c);
    }
    rows.push_back(count);
    rows.push_back(chance);
  }
  bool any_time = false;
  for (const VariantResult& v : report.variants) any_time = any_time || v.time.computed;
  if (any_time) {
    TableRow time{Say(lang, Msg::kRowLeastTime), {}};
    for (const VariantResult& v : report.variants) time.second.push_back(TimeCell(v.time));
    rows.push_back(time);
  }
  return rows;
}

std::string ScheduleLegend(const CheckResult& report) {
  const Lang lang = report.lang;
  std::string text = Say(lang, Msg::kLegendStates);
  if (report.all) text += Say(lang, Msg::kLegendViolatingStates);
  if (report.counting) {
    bool every = true;
    for (const VariantResult& v : report.variants) every = every && v.counts.every_step;
    text += Say(lang, every ? Msg::kLegendEvery : Msg::kLegendShared);
    double precision = 0;
    for (const VariantResult& v : report.variants) {
      if (v.counts.counted && v.counts.schedules.cyclic) {
        precision = std::max(precision, v.counts.schedules.precision);
      }
    }
    if (precision > 0)
      text += Say(lang, Msg::kLegendInfinite, arg("precision", Sci(precision, lang)));
    if (!ViolatedNames(report).empty()) text += Say(lang, Msg::kLegendRandom);
    bool any_time = false;
    for (const VariantResult& v : report.variants) any_time = any_time || v.time.computed;
    if (any_time) text += Say(lang, Msg::kLegendTime);
  }
  std::string out;
  for (const std::string& line : WrapText(Say(lang, Msg::kLegendParens, arg("text", text)), 94)) {
    out += "  " + line + "\n";
  }
  return out;
}

std::vector<std::string> ScheduleParagraphs(const CheckResult& report) {
  std::vector<std::string> out;
  if (!report.counting) return out;
  const Lang lang = report.lang;
  // Counts too long for the table, when they are not too long to read.
  std::string exact;
  bool longer = false;
  auto add = [&](const std::string& head, const ScheduleNumber& n) {
    if (!Long(n)) return;
    if (n.value.Digits() > kParagraphDigits) {
      longer = true;
      return;
    }
    exact += WrapDigits(head, n.value.ToString(), 100);
  };
  for (const VariantResult& v : report.variants) {
    if (!v.counts.counted) continue;
    const ScheduleCounts& c = v.counts.schedules;
    add(Say(lang, Msg::kExactTotal, arg("variant", VariantTitle(v, lang))), c.total);
    for (const PropertySchedules& p : c.violated) {
      add(Say(lang, Msg::kExactViolate, arg("variant", VariantTitle(v, lang)),
              arg("name", PropertyName(*v.system, p.property, lang))),
          p.schedules);
    }
  }
  if (!exact.empty()) out.push_back(Say(lang, Msg::kExactHead) + "\n" + exact);
  if (longer) {
    out.push_back(Paragraph(Say(lang, Msg::kExactLonger,
                                arg("others", exact.empty() ? "" : Say(lang, Msg::kExactOthers)),
                                arg("n", kParagraphDigits))));
  }
  // Why the shared steps were counted instead of every step.
  if (!report.every_step_variant.empty()) {
    std::string variant = report.every_step_variant;
    for (const VariantResult& v : report.variants) {
      if (v.name == report.every_step_variant) variant = VariantTitle(v, lang);
    }
    out.push_back(Paragraph(Say(lang, Msg::kSharedOnly, arg("variant", variant),
                                arg("n", Thousands(report.every_step_bound)))));
  }
  // Counts skipped, and how to get them.
  for (const VariantResult& v : report.variants) {
    if (v.counts.counted || v.counts.skipped.empty()) continue;
    const CountStop stop = v.counts.skipped.stop;
    std::string how =
        stop == CountStop::kInterrupted   ? ""
        : stop == CountStop::kOutOfMemory ? Say(lang, Msg::kSkippedMemory)
        : stop == CountStop::kLocalStates || stop == CountStop::kClassSize
            ? Say(lang, Msg::kSkippedSmaller)
            : Say(lang, Msg::kSkippedBound,
                  arg("shared", v.counts.every_step ? Say(lang, Msg::kSkippedShared) : ""));
    out.push_back(Paragraph(Say(lang, Msg::kSkippedCounts, arg("variant", VariantTitle(v, lang)),
                                arg("why", WhyNotText(v.counts.skipped, lang)), arg("how", how))));
  }
  // What the locks remove.
  const VariantResult* with = Find(report, true);
  const VariantResult* without = Find(report, false);
  const LockEffect& e = report.lock_effect;
  if (with != nullptr && without != nullptr && without->counts.counted) {
    const System& sys = *with->system;
    const std::string locks = LocksIn(sys, lang);
    if (!e.computed) {
      out.push_back(Paragraph(Say(lang, Msg::kLockNotCounted, arg("locks", locks),
                                  arg("_removes", Verb(sys, "removes", "remove")),
                                  arg("why", WhyNotText(e.not_computed, lang)))));
    } else {
      std::vector<std::string> names;
      for (const PropertySchedules& p : without->counts.schedules.violated) {
        names.push_back("'" + PropertyName(*without->system, p.property, lang) + "'");
      }
      const std::string what = names.size() == 1 ? names[0] : Say(lang, Msg::kSomeProperty);
      const std::string steps =
          Say(lang, without->counts.every_step ? Msg::kStepsEvery : Msg::kStepsShared);
      // "of the 840 orders in which the steps of the 2 'client' processes can run to the end
      // without the lock, the lock allows 56; it forbids 784: all 700 that violate ..."
      std::string text =
          Say(lang, Msg::kLockHead, arg("locks", locks),
              arg("_removes", Verb(sys, "removes", "remove")), arg("_the_total", The(e.lock_free)),
              arg("_total", NumIn(e.lock_free, lang)),
              arg("_orders", Plural(e.lock_free, "order", "orders")), arg("steps", steps),
              arg("processes", ProcessesIn(sys, lang)), arg("_it", It(sys)), arg("_its", Its(sys)),
              arg("_allows", Verb(sys, "allows", "allow")), arg("allowed", NumIn(e.allowed, lang)));
      // (fmt::arg keeps a reference: the strings live here.)
      const std::string it_text = It(sys);
      const std::string forbids_text = Verb(sys, "forbids", "forbid");
      const std::string forbidden_text = NumIn(e.forbidden, lang);
      const auto it = arg("_it", it_text);
      const auto forbids = arg("_forbids", forbids_text);
      const auto forbidden = arg("forbidden", forbidden_text);
      if (e.forbidden.IsZero()) {
        text += Say(lang, Msg::kLockAll);
      } else if (e.lock_free_violating.IsZero()) {
        text += Say(lang, Msg::kLockOnlyTime, it, forbids, forbidden, arg("locks", locks),
                    arg("_costs", Verb(sys, "costs", "cost")));
      } else {
        text += Say(lang, Msg::kLockForbids, it, forbids, forbidden);
        text += e.forbidden_violating == e.lock_free_violating
                    ? Say(lang, Msg::kLockForbidsAll,
                          arg("_all_that_violate", AllThatViolate(e.lock_free_violating)),
                          arg("_n", NumIn(e.lock_free_violating, lang)), arg("what", what))
                    : Say(lang, Msg::kLockForbidsSome, arg("k", NumIn(e.forbidden_violating, lang)),
                          arg("m", NumIn(e.lock_free_violating, lang)), arg("what", what));
        text += e.forbidden_harmless.IsZero()
                    ? Say(lang, Msg::kLockNoHarmless)
                    : Say(lang, Msg::kLockHarmless, arg("n", NumIn(e.forbidden_harmless, lang)),
                          arg("_ones", Plural(e.forbidden_harmless, "one", "ones")));
      }
      if (!e.allowed_violating.IsZero()) {
        text += Say(lang, Msg::kLockStillAllows, arg("_It", Capital(It(sys))),
                    arg("_allows", Verb(sys, "allows", "allow")),
                    arg("n", NumIn(e.allowed_violating, lang)),
                    arg("_orders_that_violate",
                        Plural(e.allowed_violating, "order that violates", "orders that violate")),
                    arg("what", what), arg("_locks", locks));
      }
      out.push_back(Paragraph(text));
    }
  }
  // What they cost in time.
  const VariantResult& first = report.variants.front();
  if (with != nullptr && without != nullptr && with->time.computed && without->time.computed) {
    const System& sys = *with->system;
    std::string text =
        Say(lang, Msg::kTimeBoth, arg("locks", LocksIn(sys, lang)),
            arg("processes", ProcessesIn(sys, lang)), arg("with", AtLeastIn(with->time, lang)),
            arg("_it", It(sys)), arg("without", AtLeastIn(without->time, lang)));
    for (const auto& [lock, seconds] : with->time.held) {
      text += Say(lang, Msg::kTimeHeld, arg("lock", lock), arg("s", Seconds(seconds)));
    }
    out.push_back(Paragraph(text));
  } else if (first.time.computed && report.variants.size() == 1) {
    out.push_back(
        Paragraph(Say(lang, Msg::kTimeOne, arg("processes", ProcessesIn(*first.system, lang)),
                      arg("t", AtLeastIn(first.time, lang)))));
  }
  for (const VariantResult& v : report.variants) {
    if (v.time.computed || v.time.not_computed.empty() || v.time.no_sleeps) {
      continue;
    }
    out.push_back(Paragraph(Say(lang, Msg::kTimeNot, arg("variant", VariantTitle(v, lang)),
                                arg("why", WhyNotText(v.time.not_computed, lang)))));
  }
  return out;
}

nlohmann::json SchedulesJson(const VariantResult& v) {
  using nlohmann::json;
  const VariantCounts& vc = v.counts;
  json j;
  j["counted"] = vc.counted;
  j["skipped"] =
      vc.counted || vc.skipped.empty() ? json(nullptr) : json(WhyNotText(vc.skipped, Lang::kEn));
  j["steps"] = vc.every_step ? "every" : "shared";
  j["graph_states"] = vc.states;
  j["graph_transitions"] = vc.transitions;
  if (!vc.counted) return j;
  const ScheduleCounts& c = vc.schedules;
  j["total"] = CountJson(c.total);
  j["complete"] = CountJson(c.complete);
  j["stuck"] = CountJson(c.stuck);
  j["failed"] = CountJson(c.failed);
  j["clean"] = c.clean_known ? json(CountJson(c.clean)) : json(nullptr);
  j["cyclic"] = c.cyclic;
  j["precision"] = c.precision;
  j["random"] = {{"complete", c.p_complete},
                 {"stuck", c.p_stuck},
                 {"failed", c.p_failed},
                 {"clean", c.p_clean}};
  json props = json::array();
  for (const PropertySchedules& p : c.violated) {
    props.push_back({{"property", v.system->properties()[p.property].name},
                     {"schedules", CountJson(p.schedules)},
                     {"fraction", p.fraction},
                     {"fraction_rest", p.fraction_rest},
                     {"probability", p.probability},
                     {"probability_rest", p.probability_rest},
                     {"probability_exact",
                      p.exact_probability.empty() ? json(nullptr) : json(p.exact_probability)}});
  }
  j["violations"] = props;
  return j;
}

nlohmann::json TimeJson(const VariantResult& v) {
  using nlohmann::json;
  const ModelTime& t = v.time;
  json j;
  j["computed"] = t.computed;
  j["not_computed"] = t.computed ? json(nullptr) : json(WhyNotText(t.not_computed, Lang::kEn));
  j["least_seconds"] = t.computed ? json(t.least) : json(nullptr);
  j["least_seconds_upper"] = t.computed ? json(t.least_upper) : json(nullptr);
  j["ranges"] = t.ranges;
  json held = json::array();
  for (const auto& [lock, seconds] : t.held) held.push_back({{"lock", lock}, {"seconds", seconds}});
  j["held"] = held;
  j["timed_states"] = t.states;
  return j;
}

nlohmann::json LockEffectJson(const CheckResult& report) {
  using nlohmann::json;
  if (!report.counting || Find(report, true) == nullptr || Find(report, false) == nullptr) {
    return nullptr;
  }
  const LockEffect& e = report.lock_effect;
  json j;
  j["computed"] = e.computed;
  j["not_computed"] = e.computed ? json(nullptr) : json(WhyNotText(e.not_computed, Lang::kEn));
  if (!e.computed) return j;
  j["lock_free"] = e.lock_free.ToString();
  j["lock_free_violating"] = e.lock_free_violating.ToString();
  j["allowed"] = e.allowed.ToString();
  j["allowed_violating"] = e.allowed_violating.ToString();
  j["forbidden"] = e.forbidden.ToString();
  j["forbidden_violating"] = e.forbidden_violating.ToString();
  j["forbidden_harmless"] = e.forbidden_harmless.ToString();
  j["normal_form_states"] = e.states;
  return j;
}

}  // namespace racecheck
