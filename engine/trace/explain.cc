// Explanations of races and deadlocks in a trace (explain.h). ExplainLock is in explain_lock.cc.
#include "engine/trace/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "engine/support/messages.h"
#include "engine/trace/describe.h"
#include "engine/trace/render_text.h"

namespace racecheck {
namespace {

using fmt::arg;

// What one step did to one shared variable.
struct Access {
  int field = -1;
  bool read = false;
  int64_t read_value = 0;  // the first value read
  bool wrote = false;
  int64_t new_value = 0;  // the last value written
};

// The shared-variable accesses of every step, in order of first appearance within the step.
class AccessTable {
 public:
  AccessTable(const System& system, const Trace& trace, Lang lang)
      : system_(system), trace_(trace), lang_(lang) {
    for (const TraceStep& s : trace.steps) {
      std::vector<Access> acc;
      auto slot = [&](int field) -> Access& {
        for (Access& a : acc) {
          if (a.field == field) return a;
        }
        acc.push_back(Access{field});
        return acc.back();
      };
      for (const TraceInstr& ti : s.instrs) {
        if (ti.passed) continue;
        for (const TraceRead& r : ti.reads) {
          if (SharedIndexOfField(system, r.field) < 0) continue;
          Access& a = slot(r.field);
          if (!a.read) a.read_value = r.value;
          a.read = true;
        }
        for (const TraceWrite& w : ti.writes) {
          if (SharedIndexOfField(system, w.field) < 0) continue;
          Access& a = slot(w.field);
          a.wrote = true;
          a.new_value = w.new_value;
        }
      }
      steps_.push_back(std::move(acc));
    }
  }

  int StepCount() const { return static_cast<int>(steps_.size()); }
  const std::vector<Access>& StepAt(int k) const { return steps_[k]; }
  const Access* Find(int k, int field) const {
    for (const Access& a : steps_[k]) {
      if (a.field == field) return &a;
    }
    return nullptr;
  }
  bool Reads(int k, int field) const {
    const Access* a = Find(k, field);
    return a != nullptr && a->read;
  }
  bool Writes(int k, int field) const {
    const Access* a = Find(k, field);
    return a != nullptr && a->wrote;
  }
  int32_t Proc(int k) const { return trace_.steps[k].process; }
  int Index(int k) const { return trace_.steps[k].index; }
  // The last step before `k` in which process p read `field`, or -1.
  int LastRead(int k, int32_t p, int field) const {
    for (int j = k - 1; j >= 0; --j) {
      if (Proc(j) == p && Reads(j, field)) return j;
    }
    return -1;
  }

  std::string Name(int32_t p) const { return system_.processes()[p].name; }
  std::string Var(int field) const { return system_.FieldName(field); }
  std::string Val(int field, int64_t v) const { return system_.FormatValue(field, v, lang_); }
  std::string Is(int field, int64_t v) const { return Var(field) + " = " + Val(field, v); }
  Lang lang() const { return lang_; }
  const System& system() const { return system_; }
  const Trace& trace() const { return trace_; }

 private:
  const System& system_;
  const Trace& trace_;
  Lang lang_;
  std::vector<std::vector<Access>> steps_;
};

// " (together with sold = 2)": the other shared variables step k wrote.
std::string AlsoWrote(const AccessTable& t, int k, int field) {
  std::string list;
  for (const Access& a : t.StepAt(k)) {
    if (a.field == field || !a.wrote) continue;
    if (!list.empty()) list += Say(t.lang(), Msg::kListSep);
    list += t.Is(a.field, a.new_value);
  }
  return list.empty() ? "" : Say(t.lang(), Msg::kTogetherWith, arg("list", list));
}

// Lost updates: A read x at i, others wrote x in (i, k), A wrote x at k without reading it in k.
void FindLostUpdates(const AccessTable& t, std::vector<int>* reported,
                     std::vector<std::string>* out) {
  constexpr size_t kMaxFindings = 2;
  for (int k = 0; k < t.StepCount() && out->size() < kMaxFindings; ++k) {
    const int32_t a = t.Proc(k);
    for (const Access& acc : t.StepAt(k)) {
      const int x = acc.field;
      if (!acc.wrote || acc.read) continue;
      if (std::find(reported->begin(), reported->end(), x) != reported->end()) continue;
      const int i = t.LastRead(k, a, x);
      if (i < 0) continue;
      std::vector<int> writes;  // by other processes, between A's read and A's write
      for (int j = i + 1; j < k; ++j) {
        if (t.Proc(j) != a && t.Writes(j, x)) writes.push_back(j);
      }
      if (writes.empty()) continue;
      const int j0 = writes.front();
      const int32_t b = t.Proc(j0);
      const int64_t v = t.Find(i, x)->read_value;
      const int64_t wb = t.Find(j0, x)->new_value;
      const int r = t.Reads(j0, x) ? -1 : t.LastRead(j0, b, x);
      std::string more;
      if (writes.size() == 2) {
        more = Say(t.lang(), Msg::kMoreWritesOne, arg("x", t.Var(x)));
      } else if (writes.size() > 2) {
        more = Say(t.lang(), Msg::kMoreWritesMany, arg("n", writes.size() - 1), arg("x", t.Var(x)));
      }
      std::string text;
      if (r >= 0 && t.Find(r, x)->read_value == v) {
        // Both read the same value before either wrote.
        int first = std::min(i, r), second = std::max(i, r);
        text = Say(t.lang(), Msg::kLostUpdateBoth, arg("a", t.Name(t.Proc(first))),
                   arg("x_is", t.Is(x, v)), arg("i", t.Index(first)),
                   arg("b", t.Name(t.Proc(second))), arg("j", t.Index(second)), arg("x", t.Var(x)),
                   arg("w", t.Name(b)), arg("w_is", t.Is(x, wb)), arg("jw", t.Index(j0)),
                   arg("more", more), arg("lost", t.Name(a)), arg("l_is", t.Is(x, acc.new_value)),
                   arg("k", t.Index(k)), arg("also", AlsoWrote(t, k, x)));
      } else {
        text = Say(t.lang(), Msg::kLostUpdateOne, arg("a", t.Name(a)), arg("x_is", t.Is(x, v)),
                   arg("i", t.Index(i)), arg("b", t.Name(b)), arg("b_is", t.Is(x, wb)),
                   arg("j", t.Index(j0)), arg("more", more), arg("a_is", t.Is(x, acc.new_value)),
                   arg("k", t.Index(k)), arg("also", AlsoWrote(t, k, x)));
      }
      reported->push_back(x);
      out->push_back(std::move(text));
      break;
    }
  }
}

// Stale reads: A read x at i, another process changed x at j > i, then A wrote some other shared
// variable y at k > j without reading x again.
void FindStaleRead(const AccessTable& t, std::vector<std::string>* out) {
  // last_read[p]: field -> the last step in which process p read it.
  std::map<int32_t, std::map<int, int>> last_read;
  for (int k = 0; k < t.StepCount(); ++k) {
    const int32_t a = t.Proc(k);
    std::map<int, int>& reads = last_read[a];
    // The variables A read before, the most recent read first.
    std::vector<std::pair<int, int>> candidates;  // (step, field)
    for (const auto& [field, step] : reads) candidates.emplace_back(step, field);
    std::sort(candidates.begin(), candidates.end(), [](const auto& l, const auto& r) {
      return l.first != r.first ? l.first > r.first : l.second < r.second;
    });
    for (const auto& [i, x] : candidates) {
      if (t.Reads(k, x)) continue;
      const Access* wy = nullptr;
      for (const Access& acc : t.StepAt(k)) {
        if (acc.wrote && acc.field != x) {
          wy = &acc;
          break;
        }
      }
      if (wy == nullptr) break;
      const int64_t v = t.Find(i, x)->read_value;
      for (int j = i + 1; j < k; ++j) {
        const Access* w = t.Find(j, x);
        if (t.Proc(j) == a || w == nullptr || !w->wrote || w->new_value == v) continue;
        out->push_back(Say(t.lang(), Msg::kStaleRead, arg("a", t.Name(a)), arg("x", t.Var(x)),
                           arg("x_is", t.Is(x, v)), arg("i", t.Index(i)),
                           arg("b", t.Name(t.Proc(j))), arg("v", t.Val(x, w->new_value)),
                           arg("j", t.Index(j)), arg("y_is", t.Is(wy->field, wy->new_value)),
                           arg("k", t.Index(k))));
        return;
      }
    }
    for (const Access& acc : t.StepAt(k)) {
      if (acc.read) reads[acc.field] = k;
    }
  }
}

// The step at which process p last took lock `sync` in the trace, or 0.
int TookLockAt(const System& system, const Trace& trace, int sync, int32_t p) {
  const int field = system.syncs()[sync].field;
  int at = 0;
  for (const TraceStep& s : trace.steps) {
    for (const TraceInstr& ti : s.instrs) {
      for (const TraceWrite& w : ti.writes) {
        if (w.field == field && w.new_value == p + 1) at = s.index;
      }
    }
  }
  return at;
}

std::string ExplainDeadlock(const System& system, const Trace& trace, Lang lang) {
  const uint64_t* s = trace.final_state().data();
  const int n = system.num_processes();
  std::vector<int32_t> waits_for(n, -1);  // the lock holder p waits for
  std::vector<int> wanted(n, -1);         // the lock p waits for
  for (int p = 0; p < n; ++p) {
    if (system.Finished(s, p)) continue;
    const PInstr& in = system.NextInstr(s, p);
    const int32_t sync = in.kind == InstrKind::kAcquire ? system.SyncOf(s, p, in) : -1;
    if (sync < 0) continue;
    const SyncInfo& y = system.syncs()[sync];
    if (y.is_semaphore) continue;
    const int64_t owner = FieldValue(system, y.field, s) - 1;
    if (owner < 0 || owner == p) continue;
    waits_for[p] = static_cast<int32_t>(owner);
    wanted[p] = sync;
  }
  // A circular wait: follow waits_for from each process in order.
  for (int start = 0; start < n; ++start) {
    std::vector<int32_t> path;
    int32_t p = start;
    while (p >= 0 && std::find(path.begin(), path.end(), p) == path.end()) {
      path.push_back(p);
      p = waits_for[p];
    }
    if (p < 0) continue;
    std::vector<int32_t> cycle(std::find(path.begin(), path.end(), p), path.end());
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    std::string text;
    for (size_t i = 0; i < cycle.size(); ++i) {
      const int32_t q = cycle[i];
      const int32_t prev = cycle[(i + cycle.size() - 1) % cycle.size()];
      const int held = wanted[prev];
      const int took = TookLockAt(system, trace, held, q);
      const PInstr& in = system.NextInstr(s, q);
      if (i > 0) text += Say(lang, Msg::kClauseSep);
      text += Say(lang, Msg::kDeadlockLink, arg("p", system.processes()[q].name),
                  arg("held", system.syncs()[held].name),
                  arg("at", took > 0 ? Say(lang, Msg::kTookAt, arg("n", took))
                                     : Say(lang, Msg::kTookAtUnknown)),
                  arg("wanted", system.syncs()[wanted[q]].name),
                  arg("line", in.step ? in.step->loc.line : 0),
                  arg("holder", system.processes()[waits_for[q]].name));
    }
    return text + Say(lang, cycle.size() == 2 ? Msg::kCircularTwo : Msg::kCircularMany);
  }
  std::string list;
  for (int p = 0; p < n; ++p) {
    if (system.Finished(s, p)) continue;
    if (!list.empty()) list += Say(lang, Msg::kClauseSep);
    list += system.processes()[p].name + " " + WaitDescription(system, s, p, lang);
    if (waits_for[p] >= 0 && system.Finished(s, waits_for[p])) {
      // Did it end at a violation (an exception), or at its last step?
      int died = 0;
      for (const TraceStep& st : trace.steps) {
        if (st.process == waits_for[p] && st.result.status == StepStatus::kViolation) {
          died = st.index;
        }
      }
      list += died > 0 ? Say(lang, Msg::kDiedHolding, arg("n", died))
                       : Say(lang, Msg::kFinishedHolding);
    }
  }
  return Say(lang, Msg::kNoProcessCanMove, arg("list", list));
}

// Lock operations of the model as written that the lock-free variant removed (kElided).
bool ElidedAcquire(const System& system, int32_t p, const TraceInstr& ti) {
  const Template& t = system.templates()[system.processes()[p].tmpl];
  if (!ti.passed || ti.pc < 0 || ti.pc >= static_cast<int32_t>(t.code.size())) return false;
  const PInstr& in = t.code[ti.pc];
  return in.kind == InstrKind::kElided && in.step != nullptr && in.step->kind == StepKind::kAcquire;
}
bool ElidedRelease(const System& system, int32_t p, const TraceInstr& ti) {
  const Template& t = system.templates()[system.processes()[p].tmpl];
  if (!ti.passed || ti.pc < 0 || ti.pc >= static_cast<int32_t>(t.code.size())) return false;
  const PInstr& in = t.code[ti.pc];
  return in.kind == InstrKind::kElided && in.step != nullptr && in.step->kind == StepKind::kRelease;
}

// Interleaved output: in the lock-free variant, process A printed a line inside the part of its
// code that a lock guarded in the model as written (between a removed acquire and its release),
// and another process B printed a line before A left that part.
void FindInterleavedOutput(const AccessTable& t, std::vector<std::string>* out) {
  const System& system = t.system();
  const Trace& trace = t.trace();
  const int n = system.num_processes();
  std::vector<bool> inside(n, false);
  // Per process: its last line printed inside the guarded part (step index, text), if any.
  std::vector<std::pair<int, std::string>> open(n, {0, std::string()});
  for (const TraceStep& step : trace.steps) {
    const int32_t p = step.process;
    for (const TraceInstr& ti : step.instrs) {
      for (const std::string& line : ti.prints) {
        for (int32_t a = 0; a < n; ++a) {
          if (a == p || !inside[a] || open[a].first == 0) continue;
          // B = p printed while A was inside, after one of A's lines. A's next line, if any.
          int k = 0;
          std::string next;
          for (size_t j = static_cast<size_t>(step.index); j < trace.steps.size() && k == 0; ++j) {
            const TraceStep& later = trace.steps[j];
            if (later.process != a) continue;
            for (const TraceInstr& lt : later.instrs) {
              if (ElidedRelease(system, a, lt)) break;
              if (!lt.prints.empty()) {
                k = later.index;
                next = lt.prints.front();
                break;
              }
            }
            for (const TraceInstr& lt : later.instrs) {
              if (ElidedRelease(system, a, lt) && k == 0) k = -1;
            }
          }
          if (k > 0) {
            out->push_back(Say(t.lang(), Msg::kInterleavedBetween, arg("b", t.Name(p)),
                               arg("line", line), arg("j", step.index), arg("a", t.Name(a)),
                               arg("first", open[a].second), arg("i", open[a].first),
                               arg("next", next), arg("k", k)));
          } else {
            out->push_back(Say(t.lang(), Msg::kInterleavedOpen, arg("b", t.Name(p)),
                               arg("line", line), arg("j", step.index), arg("a", t.Name(a)),
                               arg("first", open[a].second), arg("i", open[a].first)));
          }
          return;
        }
      }
      if (!ti.prints.empty() && inside[p]) open[p] = {step.index, ti.prints.back()};
      if (ElidedAcquire(system, p, ti)) inside[p] = true;
      if (ElidedRelease(system, p, ti)) {
        inside[p] = false;
        open[p] = {0, std::string()};
      }
    }
  }
}

// The names of the shared variables that `text` (a property's condition) mentions, as fields in
// order of first appearance.
std::vector<int> SharedFieldsIn(const System& system, std::string_view text) {
  std::vector<int> fields;
  size_t i = 0;
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (i < text.size()) {
    if (!name_char(text[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && name_char(text[i])) ++i;
    const std::string_view name = text.substr(start, i - start);
    for (const VarInfo& v : system.shared()) {
      if (v.name == name && std::find(fields.begin(), fields.end(), v.field) == fields.end()) {
        fields.push_back(v.field);
      }
    }
  }
  return fields;
}

// How the shared variables of the violated property got their values: "in_use went from 0 to 3:
// worker#0 set it to 1 at step 1, worker#1 to 2 at step 2, worker#2 to 3 at step 3."
void FindHistory(const AccessTable& t, const PropertyInfo& prop, std::vector<std::string>* out) {
  constexpr size_t kMaxChanges = 6;
  for (int x : SharedFieldsIn(t.system(), prop.text)) {
    std::vector<int> changes;  // steps that changed x
    for (int k = 0; k < t.StepCount(); ++k) {
      const Access* a = t.Find(k, x);
      if (a != nullptr && a->wrote) changes.push_back(k);
    }
    if (changes.empty()) continue;
    const int64_t from = FieldValue(t.system(), x, t.trace().initial.data());
    const int64_t to = t.Find(changes.back(), x)->new_value;
    std::string list;
    const size_t skip = changes.size() > kMaxChanges ? changes.size() - kMaxChanges : 0;
    for (size_t c = skip; c < changes.size(); ++c) {
      const int k = changes[c];
      if (c > skip) list += Say(t.lang(), Msg::kListSep);
      list += Say(t.lang(), c == skip ? Msg::kHistoryFirst : Msg::kHistoryNext,
                  arg("p", t.Name(t.Proc(k))), arg("v", t.Val(x, t.Find(k, x)->new_value)),
                  arg("k", t.Index(k)));
    }
    if (skip > 0)
      list += Say(t.lang(), Msg::kListSep) + Say(t.lang(), Msg::kHistoryMore, arg("n", skip));
    out->push_back(Say(t.lang(), Msg::kHistory, arg("x", t.Var(x)), arg("from", t.Val(x, from)),
                       arg("to", t.Val(x, to)), arg("changes", list)));
  }
}

// A violation by the last step itself (an assert that fails, a release of a lock the process
// does not hold): what that step did.
void FindStepViolation(const AccessTable& t, const PropertyInfo& prop,
                       std::vector<std::string>* out) {
  const System& system = t.system();
  const Trace& trace = t.trace();
  if (trace.steps.empty()) return;
  const TraceStep& step = trace.steps.back();
  const int32_t p = step.process;
  const Template& code = system.templates()[system.processes()[p].tmpl];
  for (auto it = step.instrs.rbegin(); it != step.instrs.rend(); ++it) {
    const TraceInstr& ti = *it;
    if (ti.passed || ti.pc < 0 || ti.pc >= static_cast<int32_t>(code.code.size())) continue;
    const PInstr& in = code.code[ti.pc];
    const int line = in.step != nullptr ? in.step->loc.line : 0;
    if (prop.kind == PropertyKind::kAssert && in.kind == InstrKind::kAssert) {
      std::string values;
      for (const TraceRead& r : ti.reads) {
        if (!values.empty()) values += Say(t.lang(), Msg::kListSep);
        values +=
            FieldLabel(system, r.field, p) + " = " + system.FormatValue(r.field, r.value, t.lang());
      }
      out->push_back(values.empty()
                         ? Say(t.lang(), Msg::kAssertFailedNoValues, arg("k", step.index),
                               arg("p", t.Name(p)), arg("cond", prop.text), arg("line", line))
                         : Say(t.lang(), Msg::kAssertFailed, arg("k", step.index),
                               arg("p", t.Name(p)), arg("cond", prop.text), arg("line", line),
                               arg("values", values)));
      return;
    }
    if (prop.kind == PropertyKind::kLockMisuse && in.kind == InstrKind::kRelease && in.sync >= 0) {
      const SyncInfo& y = system.syncs()[in.sync];
      const int64_t owner = FieldValue(system, y.field, trace.state_before(step.index).data()) - 1;
      if (owner >= 0 && owner < system.num_processes() && owner != p) {
        out->push_back(Say(t.lang(), Msg::kMisuseOther, arg("k", step.index), arg("p", t.Name(p)),
                           arg("sync", y.name), arg("line", line),
                           arg("holder", t.Name(static_cast<int32_t>(owner)))));
      } else {
        out->push_back(Say(t.lang(), Msg::kMisuseFree, arg("k", step.index), arg("p", t.Name(p)),
                           arg("sync", y.name), arg("line", line)));
      }
      return;
    }
  }
}

}  // namespace

std::vector<std::string> Explain(const System& system, const Trace& trace, Lang lang) {
  std::vector<std::string> out;
  if (!trace.ok()) return out;
  AccessTable table(system, trace, lang);
  std::vector<int> reported;
  FindLostUpdates(table, &reported, &out);
  if (out.empty()) FindStaleRead(table, &out);
  const TraceViolation& v = trace.violation;
  if (v.property >= 0) {
    const PropertyInfo& prop = system.properties()[v.property];
    const bool race_told = !out.empty();
    FindInterleavedOutput(table, &out);
    switch (prop.kind) {
      case PropertyKind::kDeadlock:
        out.push_back(ExplainDeadlock(system, trace, lang));
        break;
      case PropertyKind::kAssert:
      case PropertyKind::kLockMisuse:
        FindStepViolation(table, prop, &out);
        break;
      case PropertyKind::kFinal: {
        if (race_told) break;  // the race says why the end is wrong
        FindHistory(table, prop, &out);
        const std::string values = ValuesInText(system, prop.text, trace.final_state().data());
        if (!values.empty()) {
          out.push_back(
              Say(lang, Msg::kFinalAllDone, arg("values", values), arg("cond", prop.text)));
        }
        break;
      }
      case PropertyKind::kInvariant:
        if (!race_told) FindHistory(table, prop, &out);
        break;
      case PropertyKind::kRange:
      case PropertyKind::kRuntime:
        break;  // the step's detail says what went wrong
    }
    const std::string line = ViolationText(system, trace, lang);
    out.push_back(Say(lang, Msg::kResult, arg("violation", line)));
  }
  return out;
}

std::string WrapParagraphs(const std::vector<std::string>& paragraphs, int width) {
  std::string out;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (i > 0) out += "\n";
    for (const std::string& l : WrapText(paragraphs[i], width)) out += l + "\n";
  }
  return out;
}

}  // namespace racecheck
