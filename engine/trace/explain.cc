// Explanations of races and deadlocks in a trace (explain.h). ExplainLock is in explain_lock.cc.
#include "engine/trace/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/trace/describe.h"
#include "engine/trace/render_text.h"

namespace racecheck {
namespace {

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
  AccessTable(const System& system, const Trace& trace) : system_(system), trace_(trace) {
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
  std::string Val(int field, int64_t v) const { return system_.FormatValue(field, v); }
  std::string Is(int field, int64_t v) const { return Var(field) + " = " + Val(field, v); }

 private:
  const System& system_;
  const Trace& trace_;
  std::vector<std::vector<Access>> steps_;
};

// " (together with sold = 2)": the other shared variables step k wrote.
std::string AlsoWrote(const AccessTable& t, int k, int field) {
  std::string list;
  for (const Access& a : t.StepAt(k)) {
    if (a.field == field || !a.wrote) continue;
    if (!list.empty()) list += ", ";
    list += t.Is(a.field, a.new_value);
  }
  return list.empty() ? "" : " (together with " + list + ")";
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
      if (writes.size() > 1) {
        more = fmt::format(", and {} more write{} to {} followed", writes.size() - 1,
                           writes.size() == 2 ? "" : "s", t.Var(x));
      }
      std::string text;
      if (r >= 0 && t.Find(r, x)->read_value == v) {
        // Both read the same value before either wrote.
        int first = std::min(i, r), second = std::max(i, r);
        text = fmt::format(
            "{} read {} at step {} and {} read {} at step {}, before either of them wrote {}. "
            "{} wrote {} at step {}{}; {} then wrote {} at step {}{}, based on its stale read: "
            "{}'s update is lost.",
            t.Name(t.Proc(first)), t.Is(x, v), t.Index(first), t.Name(t.Proc(second)), t.Is(x, v),
            t.Index(second), t.Var(x), t.Name(b), t.Is(x, wb), t.Index(j0), more, t.Name(a),
            t.Is(x, acc.new_value), t.Index(k), AlsoWrote(t, k, x), t.Name(b));
      } else {
        text = fmt::format(
            "{} read {} at step {}. Before it wrote, {} wrote {} (step {}){}. {} then wrote {} at "
            "step {}{}, based on its stale read: {}'s update is lost.",
            t.Name(a), t.Is(x, v), t.Index(i), t.Name(b), t.Is(x, wb), t.Index(j0), more, t.Name(a),
            t.Is(x, acc.new_value), t.Index(k), AlsoWrote(t, k, x), t.Name(b));
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
        out->push_back(fmt::format(
            "{} read {} at step {}. {} then changed {} to {} (step {}), but {} went on to write {} "
            "at step {}, acting on the old value of {}.",
            t.Name(a), t.Is(x, v), t.Index(i), t.Name(t.Proc(j)), t.Var(x), t.Val(x, w->new_value),
            t.Index(j), t.Name(a), t.Is(wy->field, wy->new_value), t.Index(k), t.Var(x)));
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

std::string ExplainDeadlock(const System& system, const Trace& trace) {
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
      text += fmt::format("{}{} took '{}'{} and now waits for '{}' (line {}), held by {}",
                          i == 0 ? "" : "; ", system.processes()[q].name, system.syncs()[held].name,
                          took > 0 ? fmt::format(" at step {}", took) : std::string(),
                          system.syncs()[wanted[q]].name, in.step ? in.step->loc.line : 0,
                          system.processes()[waits_for[q]].name);
    }
    text += fmt::format(
        ". Each waits for a lock that {} holds — a circular wait, so {} of them "
        "can ever move.",
        cycle.size() == 2 ? "the other" : "another one of them",
        cycle.size() == 2 ? "neither" : "none");
    return text;
  }
  std::string text = "No process can move: ";
  bool first = true;
  for (int p = 0; p < n; ++p) {
    if (system.Finished(s, p)) continue;
    text += (first ? "" : "; ") + system.processes()[p].name + " " + WaitDescription(system, s, p);
    if (waits_for[p] >= 0 && system.Finished(s, waits_for[p])) {
      text += fmt::format(", which has finished without releasing it");
    }
    first = false;
  }
  return text + ".";
}

}  // namespace

std::vector<std::string> Explain(const System& system, const Trace& trace) {
  std::vector<std::string> out;
  if (!trace.ok()) return out;
  AccessTable table(system, trace);
  std::vector<int> reported;
  FindLostUpdates(table, &reported, &out);
  if (out.empty()) FindStaleRead(table, &out);
  const TraceViolation& v = trace.violation;
  if (v.property >= 0 && system.properties()[v.property].kind == PropertyKind::kDeadlock) {
    out.push_back(ExplainDeadlock(system, trace));
  }
  if (v.property >= 0) {
    std::string line = DescribeViolation(system, trace);
    const std::string prefix = "violated: ";
    if (line.compare(0, prefix.size(), prefix) == 0) line = line.substr(prefix.size());
    out.push_back("Result: " + line + ".");
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
