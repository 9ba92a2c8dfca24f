// ExplainLock (explain.h): where the locks of the model as written would have stopped a trace
// of its lock-free variant.
//
// The story follows the table it is printed under. In the lock-free trace a removed acquire or
// release is passed at the end of a step, and the table shows it there ("(acquire: lock
// removed)"); with the locks, that is where the process reaches it. A release gives the lock
// back at once. An acquire takes the lock at once when it is free; when it is not, the process
// waits there, and it is reported only if the lock is still taken when the process makes its
// next move in the trace (it may have been given back in between). So the process named as
// waiting is always one that reached its acquire after the holder had taken the lock.
// The acquires and releases of a process's first step are passed in the lock-free variant's
// initial state; they count as reached just before the process's first move.
#include <fmt/format.h>

#include <deque>
#include <map>

#include "engine/support/messages.h"
#include "engine/trace/describe.h"
#include "engine/trace/explain.h"

namespace racecheck {
namespace {

using fmt::arg;

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

// When a lock was taken or reached: at the end of step `step`, or just before it.
struct StepPoint {
  int step = 0;
  bool before = false;
};

struct Holding {
  int32_t process = -1;
  StepPoint since;
};

struct Waiting {
  SyncOp op;
  StepPoint reached;
};

class LockSimulation {
 public:
  LockSimulation(const System& locked, const Trace& trace, Lang lang)
      : locked_(locked),
        trace_(trace),
        lang_(lang),
        holders_(locked.syncs().size()),
        count_(locked.syncs().size()),
        depth_(locked.syncs().size(), 0) {
    for (size_t i = 0; i < locked.syncs().size(); ++i) count_[i] = locked.syncs()[i].init;
  }

  std::string Run() {
    std::map<int32_t, std::vector<Waiting>> waiting;
    std::vector<bool> moved(locked_.num_processes(), false);
    for (size_t k = 0; k < trace_.steps.size(); ++k) {
      const TraceStep& step = trace_.steps[k];
      const int32_t p = step.process;
      const int tmpl = locked_.processes()[p].tmpl;
      const StepPoint before{step.index, true};
      if (!moved[p]) {
        moved[p] = true;
        const int32_t first_pc = step.instrs.empty() ? -1 : step.instrs.front().pc;
        for (const SyncOp& op : EntryOps(locked_, tmpl, first_pc)) {
          if (!op.acquire) {
            Release(op.sync, p);
          } else if (!TryAcquire(op, p, before)) {
            waiting[p].push_back({op, before});
          }
        }
      }
      // A process that waits at an acquire cannot make this move until it has the lock.
      for (const Waiting& w : waiting[p]) {
        if (!TryAcquire(w.op, p, before)) return Blocked(w, p, static_cast<int>(k));
      }
      waiting[p].clear();
      for (const TraceInstr& ti : step.instrs) {
        SyncOp op;
        if (!ti.passed || !LockOp(locked_, tmpl, ti.pc, &op)) continue;
        if (!op.acquire) {
          Release(op.sync, p);
        } else if (!TryAcquire(op, p, {step.index, false})) {
          waiting[p].push_back({op, {step.index, false}});
        }
      }
    }
    return "";
  }

 private:
  void Release(int sync, int32_t p) {
    // An rlock taken again by its holder is free at the last of its releases.
    if (locked_.syncs()[sync].reentrant && --depth_[sync] > 0) return;
    std::deque<Holding>& h = holders_[sync];
    for (auto it = h.begin(); it != h.end(); ++it) {
      if (it->process == p) {
        h.erase(it);
        break;
      }
    }
    if (locked_.syncs()[sync].is_semaphore) ++count_[sync];
  }

  // Takes `op` for p at `when`; false when it is taken.
  bool TryAcquire(const SyncOp& op, int32_t p, StepPoint when) {
    const SyncInfo& y = locked_.syncs()[op.sync];
    std::deque<Holding>& h = holders_[op.sync];
    if (y.is_semaphore) {
      if (count_[op.sync] <= 0) return false;
      --count_[op.sync];
      h.push_back({p, when});
      return true;
    }
    if (!h.empty() && h.front().process != p) return false;
    if (y.reentrant && !h.empty()) {  // the holder takes its rlock again: held since before
      ++depth_[op.sync];
      return true;
    }
    depth_[op.sync] = 1;
    h.clear();
    h.push_back({p, when});
    return true;
  }

  std::string When(StepPoint at) const {
    return at.before ? Say(lang_, Msg::kWhenBeforeStep, arg("n", at.step))
                     : Say(lang_, Msg::kWhenAfterStep, arg("n", at.step));
  }
  std::string Since(StepPoint at) const {
    return at.before ? Say(lang_, Msg::kSinceBeforeStep, arg("n", at.step))
                     : Say(lang_, Msg::kSinceAtStep, arg("n", at.step));
  }

  std::string WaitsAt(const SyncOp& op, int32_t p) const {
    const Template& t = locked_.templates()[locked_.processes()[p].tmpl];
    const Step* s = t.code[op.pc].step;
    if (s == nullptr) return fmt::format("'{}'", locked_.syncs()[op.sync].name);
    return Say(lang_, Msg::kWaitsAt, arg("source", s->source), arg("line", s->loc.line));
  }

  // Process b waited at w.op and still could not take it before trace step k (0-based).
  std::string Blocked(const Waiting& w, int32_t b, int k) const {
    if (locked_.syncs()[w.op.sync].is_semaphore) return SemaphoreBlocked(w, b);
    const Holding& holder = holders_[w.op.sync].front();
    const int32_t a = holder.process;
    const int tmpl_a = locked_.processes()[a].tmpl;
    // When does A give the lock back? (An rlock: at the release that ends its last hold.)
    int release_after = 0;
    int64_t depth = locked_.syncs()[w.op.sync].reentrant ? depth_[w.op.sync] : 1;
    for (size_t j = k; j < trace_.steps.size() && release_after == 0; ++j) {
      const TraceStep& s = trace_.steps[j];
      if (s.process != a) continue;
      for (const TraceInstr& ti : s.instrs) {
        SyncOp r;
        if (!ti.passed || !LockOp(locked_, tmpl_a, ti.pc, &r) || r.sync != w.op.sync) continue;
        depth += r.acquire ? 1 : -1;
        if (!r.acquire && depth == 0 && release_after == 0) release_after = s.index;
      }
    }
    const std::string held = release_after > 0
                                 ? Say(lang_, Msg::kReleasesAfter, arg("n", release_after))
                                 : Say(lang_, Msg::kStillHolds);
    const int last = release_after > 0 ? release_after : static_cast<int>(trace_.steps.size());
    std::string so;
    // What B read that A was about to write while holding the lock.
    for (size_t r = k; r < trace_.steps.size() && so.empty(); ++r) {
      const TraceStep& sb = trace_.steps[r];
      if (sb.process != b || sb.index > last) continue;
      for (const TraceInstr& ti : sb.instrs) {
        for (const TraceRead& rd : ti.reads) {
          if (!so.empty() || ti.passed || SharedIndexOfField(locked_, rd.field) < 0) continue;
          const int wrote = WriteBy(a, rd.field, sb.index, last);
          if (wrote == 0) continue;
          so = Say(lang_, Msg::kCouldNotRead, arg("b", Name(b)),
                   arg("x", locked_.FieldName(rd.field)), arg("r", sb.index), arg("a", Name(a)),
                   arg("w", wrote));
        }
      }
    }
    if (so.empty()) {
      so = Say(lang_, Msg::kCouldNotRun, arg("b", Name(b)), arg("n", trace_.steps[k].index),
               arg("a", Name(a)));
    }
    return Say(lang_, Msg::kLockWaited, arg("b", Name(b)), arg("at", WaitsAt(w.op, b)),
               arg("when", When(w.reached)), arg("a", Name(a)),
               arg("lock", locked_.syncs()[w.op.sync].name), arg("since", Since(holder.since)),
               arg("held", held), arg("so", so));
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

  std::string SemaphoreBlocked(const Waiting& w, int32_t b) const {
    std::string takers;
    const std::deque<Holding>& h = holders_[w.op.sync];
    for (size_t i = 0; i < h.size(); ++i) {
      if (i > 0) takers += Say(lang_, i + 1 == h.size() ? Msg::kListLastSep : Msg::kListSep);
      takers +=
          Say(lang_, Msg::kSemTaker, arg("p", Name(h[i].process)), arg("since", Since(h[i].since)));
    }
    const std::string why = takers.empty() ? Say(lang_, Msg::kSemCountZero)
                                           : Say(lang_, Msg::kSemTakenBy, arg("takers", takers));
    return Say(lang_, Msg::kSemaphoreWaited, arg("b", Name(b)), arg("at", WaitsAt(w.op, b)),
               arg("when", When(w.reached)), arg("why", why));
  }

  std::string Name(int32_t p) const { return locked_.processes()[p].name; }

  const System& locked_;
  const Trace& trace_;
  Lang lang_;
  std::vector<std::deque<Holding>> holders_;  // per sync: who holds it, oldest first
  std::vector<int64_t> count_;                // per semaphore: its count
  std::vector<int64_t> depth_;                // per rlock: how many times its holder holds it
};

}  // namespace

std::string ExplainLock(const System& locked_system, const Trace& lockfree_trace, Lang lang) {
  if (locked_system.num_processes() == 0) return "";
  return LockSimulation(locked_system, lockfree_trace, lang).Run();
}

}  // namespace racecheck
