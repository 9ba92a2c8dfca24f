// ExplainLock (explain.h): where the locks of the model as written would have stopped a trace
// of its lock-free variant.
//
// In the lock-free trace an elided acquire or release is passed at the end of a step. With the
// locks, it would be a step of its own somewhere before the process's next step. Releases are
// taken as early as possible (right after the step that passed them) and acquires as late as
// possible (right before the process's next step), so a lock is reported only when no placement
// of the lock steps could have let the schedule through.
#include <fmt/format.h>

#include <deque>
#include <map>

#include "engine/trace/describe.h"
#include "engine/trace/explain.h"

namespace racecheck {
namespace {

struct SyncOp {
  int32_t pc = -1;
  int sync = -1;
  bool acquire = false;
};

// The acquire/release at `pc` of template `tmpl`, if it is one: an acquire/release of the model
// as written, or the kElided instruction the lock-free variant has in its place.
bool LockOp(const System& locked, int tmpl, int32_t pc, SyncOp* op) {
  const Template& t = locked.templates()[tmpl];
  if (pc < 0 || pc >= static_cast<int32_t>(t.code.size())) return false;
  const PInstr& in = t.code[pc];
  if (in.sync < 0 || in.sync >= static_cast<int>(locked.syncs().size())) return false;
  if (in.length > 0) return false;  // which element depends on the state: not explained
  bool acquire = false;
  if (in.kind == InstrKind::kAcquire || in.kind == InstrKind::kRelease) {
    acquire = in.kind == InstrKind::kAcquire;
  } else if (in.kind == InstrKind::kElided && in.step != nullptr) {
    acquire = in.step->kind == StepKind::kAcquire;
  } else {
    return false;
  }
  *op = SyncOp{pc, in.sync, acquire};
  return true;
}

// Lock operations that control flow passes from pc 0 to `target` without a step: those of the
// process's first step, which the lock-free variant settled away in its initial state.
std::vector<SyncOp> EntryOps(const System& locked, int tmpl, int32_t target) {
  std::vector<SyncOp> ops;
  const Template& t = locked.templates()[tmpl];
  // Past control flow, as NextStep, and past the lock steps too.
  WalkControlFlow(t, 0, [&](int32_t pc) {
    if (pc == target) return false;
    SyncOp op;
    if (!LockOp(locked, tmpl, pc, &op)) return !IsStepKind(t.code[pc].kind);
    ops.push_back(op);
    return true;
  });
  return ops;
}

struct Holding {
  int32_t process = -1;
  int since = 0;  // taken right before this step
};

class LockSimulation {
 public:
  LockSimulation(const System& locked, const Trace& trace)
      : locked_(locked),
        trace_(trace),
        holders_(locked.syncs().size()),
        count_(locked.syncs().size()) {
    for (size_t i = 0; i < locked.syncs().size(); ++i) count_[i] = locked.syncs()[i].init;
  }

  std::string Run() {
    std::map<int32_t, std::vector<SyncOp>> pending;
    std::vector<bool> moved(locked_.num_processes(), false);
    for (size_t k = 0; k < trace_.steps.size(); ++k) {
      const TraceStep& step = trace_.steps[k];
      const int32_t p = step.process;
      const int tmpl = locked_.processes()[p].tmpl;
      if (!moved[p]) {
        moved[p] = true;
        int32_t first_pc = step.instrs.empty() ? -1 : step.instrs.front().pc;
        pending[p] = EntryOps(locked_, tmpl, first_pc);
      }
      for (const SyncOp& op : pending[p]) {
        if (!op.acquire) {
          Release(op.sync, p);
          continue;
        }
        std::string blocked = Acquire(op, p, static_cast<int>(k));
        if (!blocked.empty()) return blocked;
      }
      pending[p].clear();
      for (const TraceInstr& ti : step.instrs) {
        SyncOp op;
        if (!ti.passed || !LockOp(locked_, tmpl, ti.pc, &op)) continue;
        if (op.acquire) {
          pending[p].push_back(op);
        } else {
          Release(op.sync, p);
        }
      }
    }
    return "";
  }

 private:
  void Release(int sync, int32_t p) {
    std::deque<Holding>& h = holders_[sync];
    for (auto it = h.begin(); it != h.end(); ++it) {
      if (it->process == p) {
        h.erase(it);
        break;
      }
    }
    if (locked_.syncs()[sync].is_semaphore) ++count_[sync];
  }

  // Takes `op` for p before step k; on a conflict, the explanation.
  std::string Acquire(const SyncOp& op, int32_t p, int k) {
    const SyncInfo& y = locked_.syncs()[op.sync];
    std::deque<Holding>& h = holders_[op.sync];
    const int index = trace_.steps[k].index;
    if (y.is_semaphore) {
      if (count_[op.sync] > 0) {
        --count_[op.sync];
        h.push_back({p, index});
        return "";
      }
      return SemaphoreBlocked(op, p, index);
    }
    if (h.empty() || h.front().process == p) {
      h.clear();
      h.push_back({p, index});
      return "";
    }
    return LockBlocked(op, p, k, h.front());
  }

  std::string WaitsAt(const SyncOp& op, int32_t p) const {
    const Template& t = locked_.templates()[locked_.processes()[p].tmpl];
    const Step* s = t.code[op.pc].step;
    if (s == nullptr) return fmt::format("'{}'", locked_.syncs()[op.sync].name);
    return fmt::format("'{}' (line {})", s->source, s->loc.line);
  }

  std::string LockBlocked(const SyncOp& op, int32_t b, int k, const Holding& holder) const {
    const int32_t a = holder.process;
    const std::string& lock = locked_.syncs()[op.sync].name;
    const int tmpl_a = locked_.processes()[a].tmpl;
    // When does A give the lock back?
    int release_after = 0;
    for (size_t j = k; j < trace_.steps.size() && release_after == 0; ++j) {
      const TraceStep& s = trace_.steps[j];
      if (s.process != a) continue;
      for (const TraceInstr& ti : s.instrs) {
        SyncOp r;
        if (ti.passed && LockOp(locked_, tmpl_a, ti.pc, &r) && !r.acquire && r.sync == op.sync) {
          release_after = s.index;
        }
      }
    }
    const std::string held = release_after > 0
                                 ? fmt::format("releases it only after step {}", release_after)
                                 : std::string("still holds it at the end of this trace");
    const int last = release_after > 0 ? release_after : static_cast<int>(trace_.steps.size());
    std::string text = fmt::format(
        "With the lock, {} would have waited at {} before step {}, because {} took '{}' before "
        "step {} and {}",
        Name(b), WaitsAt(op, b), trace_.steps[k].index, Name(a), lock, holder.since, held);
    // What B read that A was about to write while holding the lock.
    for (size_t r = k; r < trace_.steps.size(); ++r) {
      const TraceStep& sb = trace_.steps[r];
      if (sb.process != b || sb.index > last) continue;
      for (const TraceInstr& ti : sb.instrs) {
        for (const TraceRead& rd : ti.reads) {
          if (ti.passed || SharedIndexOfField(locked_, rd.field) < 0) continue;
          int w = WriteBy(a, rd.field, sb.index, last);
          if (w == 0) continue;
          return text + fmt::format(
                            " — so {} could not have read {} (step {}) until {} had "
                            "written it (step {}).",
                            Name(b), locked_.FieldName(rd.field), sb.index, Name(a), w);
        }
      }
    }
    return text + fmt::format(" — so {} could not have run step {} until {} released it.", Name(b),
                              trace_.steps[k].index, Name(a));
  }

  // The first step in (after, last] where process p wrote `field`, or 0.
  int WriteBy(int32_t p, int field, int after, int last) const {
    for (const TraceStep& s : trace_.steps) {
      if (s.process != p || s.index <= after || s.index > last) continue;
      for (const TraceInstr& ti : s.instrs) {
        for (const TraceWrite& w : ti.writes) {
          if (w.field == field) return s.index;
        }
      }
    }
    return 0;
  }

  std::string SemaphoreBlocked(const SyncOp& op, int32_t b, int index) const {
    std::string takers;
    const std::deque<Holding>& h = holders_[op.sync];
    for (size_t i = 0; i < h.size(); ++i) {
      if (i > 0) takers += i + 1 == h.size() ? " and " : ", ";
      takers += fmt::format("{} (before step {})", Name(h[i].process), h[i].since);
    }
    std::string why = takers.empty() ? std::string("its count was 0")
                                     : "its count was 0: " + takers + " had taken it";
    return fmt::format(
        "With the semaphore, {} would have waited at {} before step {}, because "
        "{}.",
        Name(b), WaitsAt(op, b), index, why);
  }

  std::string Name(int32_t p) const { return locked_.processes()[p].name; }

  const System& locked_;
  const Trace& trace_;
  std::vector<std::deque<Holding>> holders_;  // per sync: who holds it, oldest first
  std::vector<int64_t> count_;                // per semaphore: its count
};

}  // namespace

std::string ExplainLock(const System& locked_system, const Trace& lockfree_trace) {
  if (locked_system.num_processes() == 0) return "";
  return LockSimulation(locked_system, lockfree_trace).Run();
}

}  // namespace racecheck
