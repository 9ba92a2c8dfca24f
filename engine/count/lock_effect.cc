// CompareWithLocks (lock_effect.h).
#include "engine/count/lock_effect.h"

#include <set>
#include <utility>

#include "engine/support/check.h"

namespace racecheck {

namespace {

// An acquire or a release that is a step of its own (one inside an atomic group belongs to the
// group's step, which is an other step and happens when it happens).
bool IsSyncStep(const PInstr& in) {
  return (in.kind == InstrKind::kAcquire || in.kind == InstrKind::kRelease) && in.group_begin < 0;
}

// Walks template t's code from `from` (with the process holding no lock taken since its last
// other step: phase 0) to the next steps that are neither acquires nor releases, checking that
// a release never follows an acquire and that no acquire is followed by the end.
WhyNot CheckFrom(const System& sys, const Template& t, int32_t from, int32_t group) {
  std::set<std::pair<int32_t, int>> seen;
  std::vector<std::pair<int32_t, int>> todo = {{from, 0}};
  while (!todo.empty()) {
    auto [pc, phase] = todo.back();
    todo.pop_back();
    if (!seen.insert({pc, phase}).second) continue;
    const PInstr& in = t.code[pc];
    const bool same_group = group >= 0 && in.group_begin == group;
    const bool transparent =
        same_group || !IsStepKind(in.kind) || (!t.local_only.empty() && t.local_only[pc]);
    if (!transparent) {
      const int line = in.step != nullptr ? in.step->loc.line : 0;
      if (in.kind == InstrKind::kEnd) {
        if (phase == 1) {
          return {.stop = CountStop::kAcquireThenEnd, .process = t.name};
        }
        continue;
      }
      if (!IsSyncStep(in)) continue;  // the next other step: this stretch is fine
      if (sys.syncs()[in.sync].is_semaphore) return {.stop = CountStop::kSemaphores};
      if (in.kind == InstrKind::kRelease && phase == 1) {
        return {.stop = CountStop::kReleaseAfterAcquire, .process = t.name, .line = line};
      }
      if (in.kind == InstrKind::kAcquire) phase = 1;
    }
    int32_t next[2];
    for (int i = 0, k = InstrSuccessors(t, pc, next); i < k; ++i) todo.push_back({next[i], phase});
  }
  return {};
}

// A step of process p under the normal form: its pending acquires, its next other step, then
// the releases right after it. Blocked if an acquire is; a violation ends it.
StepResult NormalFormStep(const System& sys, const uint64_t* in, int p, uint64_t* out) {
  thread_local std::vector<uint64_t> cur, next;
  cur.assign(in, in + sys.words());
  next.resize(cur.size());
  bool other_done = false;
  int32_t raw = 0;
  for (;;) {
    const PInstr& in = sys.NextInstr(cur.data(), p);
    const bool sync = IsSyncStep(in);
    if (other_done && !(sync && in.kind == InstrKind::kRelease)) break;
    StepResult r = sys.TryStep(cur.data(), p, next.data());
    if (r.status != StepStatus::kOk) {
      if (r.status == StepStatus::kViolation) r.raw_steps += raw;
      return r;
    }
    raw += r.raw_steps;
    cur.swap(next);
    if (!sync) other_done = true;
  }
  std::copy(cur.begin(), cur.end(), out);
  StepResult r;
  r.raw_steps = raw;
  return r;
}

}  // namespace

WhyNot LockDisciplineProblem(const System& system) {
  // A condition's wait gives its lock up between the acquire and the release that the normal
  // form pairs.
  if (!system.conditions().empty()) return {.stop = CountStop::kConditions};
  for (const Template& t : system.templates()) {
    if (WhyNot why = CheckFrom(system, t, t.entry, -1); !why.empty()) return why;
    for (int32_t pc = 0; pc < static_cast<int32_t>(t.code.size()); ++pc) {
      const PInstr& in = t.code[pc];
      if (!IsStepKind(in.kind) || IsSyncStep(in) || in.kind == InstrKind::kEnd) continue;
      if (!t.local_only.empty() && t.local_only[pc]) continue;
      if (in.group_begin >= 0 && in.group_begin != pc) continue;  // inside a group: its start
      int32_t next[2];
      for (int i = 0, k = InstrSuccessors(t, pc, next); i < k; ++i) {
        if (WhyNot why = CheckFrom(system, t, next[i], in.group_begin); !why.empty()) {
          return why;
        }
      }
    }
  }
  return {};
}

LockEffect CompareWithLocks(const System& locked_plain, const System& locked_fused,
                            const ScheduleCounts& lock_free_complete, const CountOptions& options) {
  LockEffect out;
  const System& locked = options.every_step ? locked_plain : locked_fused;
  if (!lock_free_complete.clean_known || lock_free_complete.complete.infinite) {
    out.not_computed.stop = CountStop::kLockFreeInfinite;
    return out;
  }
  if (WhyNot why = LockDisciplineProblem(locked); !why.empty()) {
    out.not_computed = std::move(why);
    return out;
  }
  CountGraphOptions go;
  go.symmetry = options.symmetry;
  go.max_states = options.max_states;
  go.interrupt = options.interrupt;
  go.settle_private = !options.every_step;
  go.step = NormalFormStep;
  const CountGraph g = BuildCountGraph(locked, go);
  out.states = g.states;
  if (!g.complete) {
    out.not_computed = g.stopped;
    out.not_computed.with_locks = true;
    return out;
  }
  const ScheduleCounts allowed = CountSchedules(locked, g, /*complete_only=*/true);
  if (!allowed.clean_known || allowed.complete.infinite) {
    out.not_computed.stop = CountStop::kLockedInfinite;
    return out;
  }
  out.computed = true;
  out.lock_free = lock_free_complete.complete.value;
  out.lock_free_violating = lock_free_complete.complete.value;
  out.lock_free_violating -= lock_free_complete.clean.value;
  out.allowed = allowed.complete.value;
  out.allowed_violating = allowed.complete.value;
  out.allowed_violating -= allowed.clean.value;
  out.forbidden = out.lock_free;
  out.forbidden -= out.allowed;
  out.forbidden_harmless = lock_free_complete.clean.value;
  out.forbidden_harmless -= allowed.clean.value;
  out.forbidden_violating = out.forbidden;
  out.forbidden_violating -= out.forbidden_harmless;
  // The normal form's schedules are lock-free schedules: more would be our bug.
  RC_CHECK(!(out.lock_free < out.allowed));
  RC_CHECK(!(lock_free_complete.clean.value < allowed.clean.value));
  return out;
}

}  // namespace racecheck
