// SystemBuilder (system_builder.h), the steps: a template's step tree compiled into flat
// instructions (program.h), with `atomic:` groups marked by their [begin, end) range, then the
// template finished: settled pcs, and the local-step analysis when reductions are on.
#include <fmt/format.h>

#include <algorithm>

#include "engine/expr/eval.h"
#include "engine/semantics/local_analysis.h"
#include "engine/semantics/system_builder.h"
#include "engine/support/check.h"

namespace racecheck {

void SystemBuilder::CompileSteps(const std::vector<Step>& steps, Template& t, int atomic_depth) {
  for (const Step& s : steps) {
    if (unroll_failed_) return;
    CompileStep(s, t, atomic_depth);
  }
}

std::optional<Symbol> SystemBuilder::LoopSymbol(std::string_view name) const {
  for (auto v = loops_.rbegin(); v != loops_.rend(); ++v) {
    if (v->name == name) {
      Symbol sym{Symbol::Kind::kParam, Type::kInt, 0, v->value, v->loc};
      sym.loop_var = true;
      return sym;
    }
  }
  return std::nullopt;
}

// `for: i in range(A, B)`: the body compiled once per value of i, A to B - 1, with i a constant
// in each copy (as a param is): the loop itself takes no step. The bounds are constants over
// params and enclosing loop variables. The copies together are bounded by the loop-steps limit.
void SystemBuilder::CompileFor(const Step& step, Template& t, int atomic_depth) {
  const std::string& name = step.loop_var.text;
  if (name.empty()) return;  // the loader reported the header
  std::optional<int64_t> from = int64_t{0};
  if (step.from) from = Constant(*step.from, Type::kInt, false, 0, "for");
  std::optional<int64_t> to = Constant(step.to, Type::kInt, false, 0, "for");
  if (!from || !to) return;
  // The loop variable names a constant of its own: it must not hide another name.
  std::string hidden;
  if (name == "self") {
    hidden = diags_.Text(DiagMsg::kHiddenSelf);
  } else if (LoopSymbol(name)) {
    hidden = diags_.Text(DiagMsg::kHiddenLoopVar);
  } else if (local_index_.count(name) > 0) {
    hidden = diags_.Text(DiagMsg::kHiddenLocal);
  } else if (auto g = globals_.find(name); g != globals_.end()) {
    hidden = diags_.Text(g->second.kind == Symbol::Kind::kParam ? DiagMsg::kHiddenParam
                                                                : DiagMsg::kHiddenShared);
  } else if (sync_index_.count(name) > 0) {
    hidden = diags_.Text(DiagMsg::kHiddenSync);
  }
  if (!hidden.empty()) {
    diags_.Error(step.loop_var.loc, DiagMsg::kLoopVarHides, fmt::arg("name", name),
                 fmt::arg("hidden", hidden));
    return;
  }
  const uint64_t limit = sys_->options_.limits.loop_steps;
  for (int64_t v = *from; v < *to; ++v) {
    if (++unrolled_ > limit) {
      Diagnostic& d = diags_.Error(
          step.loc, DiagMsg::kLoopTooLong, fmt::arg("text", step.text.text), fmt::arg("n", limit),
          fmt::arg("limit", LimitHint(diags_.lang(), "loop-steps", limit)));
      d.notes.push_back({step.to.loc, diags_.Text(DiagMsg::kRangeEndsAt, fmt::arg("n", *to))});
      unroll_failed_ = true;
      return;
    }
    loops_.push_back(LoopVar{name, v, step.loop_var.loc});
    CompileSteps(step.body, t, atomic_depth);
    loops_.pop_back();
    if (unroll_failed_) return;
  }
}

void SystemBuilder::CompileStep(const Step& step, Template& t, int atomic_depth) {
  // `when:` is decided here, at load time: a step whose guard is false is not compiled at all.
  if (step.guard) {
    std::optional<int64_t> keep = Constant(*step.guard, Type::kBool, false, 0, "when");
    if (!keep || *keep == 0) return;
  }
  PInstr in;
  in.step = &step;
  switch (step.kind) {
    case StepKind::kFor:
      CompileFor(step, t, atomic_depth);
      return;
    case StepKind::kWhen: {
      std::optional<int64_t> keep = Constant(step.text, Type::kBool, false, 0, "when");
      if (!keep) return;
      CompileSteps(*keep != 0 ? step.body : step.orelse, t, atomic_depth);
      return;
    }
    case StepKind::kSet:
    case StepKind::kClear: {
      if (!CheckEvent(step)) return;
      // Event.set() / clear(): the event's bool written, as `name = true` would write it.
      const SourceText assign{
          step.text.text + (step.kind == StepKind::kSet ? " = true" : " = false"), step.text.loc};
      in.kind = InstrKind::kAssign;
      CompileAssign(assign, t, std::move(in), /*event_ok=*/true);
      return;
    }
    case StepKind::kPut: {
      in.sync = QueueOf(step);
      std::optional<Code> c = CompileExpr(step.text, StepScope(t), Type::kInt, diags_);
      if (in.sync < 0 || !c) return;
      in.expr = std::move(*c);
      in.kind = InstrKind::kPut;
      Emit(t, std::move(in));
      return;
    }
    case StepKind::kGet: {
      // `x = q.get()`: an assignment to x (a local, a shared variable, an element) whose value
      // is the queue's first item; `x = 0` gives the compiler the target to check.
      in.sync = QueueOf(step);
      if (in.sync < 0) return;
      in.kind = InstrKind::kGet;
      CompileAssign(SourceText{step.text.text + " = 0", step.text.loc}, t, std::move(in),
                    /*event_ok=*/false);
      return;
    }
    case StepKind::kWait: {
      if (auto b = barrier_index_.find(step.text.text); b != barrier_index_.end()) {
        // Barrier.wait(): arrive, then leave once the barrier opens; two steps, as a process
        // waiting at a barrier is seen waiting by the others.
        in.kind = InstrKind::kArrive;
        in.sync = b->second;
        PInstr leave = in;
        leave.kind = InstrKind::kLeave;
        Emit(t, std::move(in));
        Emit(t, std::move(leave));
        return;
      }
      if (auto c = condition_index_.find(step.text.text); c != condition_index_.end()) {
        // Condition.wait(): give up the lock and sleep, wake when notified, take the lock back
        // (an acquire; in the lock-free variant a removed one, as every acquire there).
        const ConditionInfo& cond = sys_->conditions_[c->second];
        in.kind = InstrKind::kCondWait;
        in.sync = c->second;
        PInstr wake = in;
        wake.kind = InstrKind::kCondWake;
        PInstr take = in;
        take.kind = sys_->options_.elide_sync ? InstrKind::kElided : InstrKind::kAcquire;
        take.sync = cond.lock;
        Emit(t, std::move(in));
        Emit(t, std::move(wake));
        if (cond.lock >= 0) Emit(t, std::move(take));
        sys_->uses_sync_ops_ = true;
        return;
      }
      if (!CheckEvent(step)) return;
      // Event.wait(): blocks until the event is set, as `await: name` would.
      std::optional<Code> c = CompileExpr(step.text, StepScope(t), Type::kBool, diags_);
      if (c) in.expr = std::move(*c);
      in.kind = InstrKind::kAwait;
      Emit(t, std::move(in));
      return;
    }
    case StepKind::kAssign:
      in.kind = InstrKind::kAssign;
      CompileAssign(step.text, t, std::move(in), /*event_ok=*/false);
      return;
    case StepKind::kNotify:
    case StepKind::kNotifyAll: {
      in.sync = ConditionOf(step);
      if (in.sync < 0) return;
      in.kind = step.kind == StepKind::kNotify ? InstrKind::kNotify : InstrKind::kNotifyAll;
      Emit(t, std::move(in));
      return;
    }
    case StepKind::kIf: {
      std::optional<Code> c = CompileExpr(step.text, StepScope(t), Type::kBool, diags_);
      if (c) in.expr = std::move(*c);
      in.kind = InstrKind::kBranch;
      int32_t branch = Emit(t, std::move(in));
      CompileSteps(step.body, t, atomic_depth);
      if (!step.orelse.empty()) {
        PInstr jump;
        jump.kind = InstrKind::kJump;
        jump.step = &step;
        int32_t j = Emit(t, std::move(jump));
        t.code[branch].alt = static_cast<int32_t>(t.code.size());
        CompileSteps(step.orelse, t, atomic_depth);
        t.code[j].alt = static_cast<int32_t>(t.code.size());
      } else {
        t.code[branch].alt = static_cast<int32_t>(t.code.size());
      }
      return;
    }
    case StepKind::kWhile: {
      std::optional<Code> c = CompileExpr(step.text, StepScope(t), Type::kBool, diags_);
      if (c) in.expr = std::move(*c);
      in.kind = InstrKind::kBranch;
      int32_t branch = Emit(t, std::move(in));
      CompileSteps(step.body, t, atomic_depth);
      PInstr jump;
      jump.kind = InstrKind::kJump;
      jump.step = &step;
      jump.alt = branch;
      Emit(t, std::move(jump));
      t.code[branch].alt = static_cast<int32_t>(t.code.size());
      return;
    }
    case StepKind::kAcquire:
    case StepKind::kRelease: {
      const std::string& text = step.text.text;
      const std::string name = text.substr(0, text.find_first_of("[ \t"));
      auto at = sync_index_.find(name);
      int found = at == sync_index_.end() ? -1 : at->second;
      if (auto c = condition_index_.find(name); found < 0 && c != condition_index_.end()) {
        // `with cond:` takes the condition's lock: `acquire: cond` names it.
        found = sys_->conditions_[c->second].lock;
        if (name != text) {
          diags_.Error(step.text.loc, DiagMsg::kCondNotArray, fmt::arg("name", name),
                       fmt::arg("step", StepKindName(step.kind)));
          return;
        }
        if (found < 0) return;  // its unknown lock is reported where it is declared
        in.sync = found;
        sys_->uses_sync_ops_ = true;
        in.kind = sys_->options_.elide_sync         ? InstrKind::kElided
                  : step.kind == StepKind::kAcquire ? InstrKind::kAcquire
                                                    : InstrKind::kRelease;
        Emit(t, std::move(in));
        return;
      }
      if (found < 0 && barrier_index_.count(name) > 0) {
        diags_.Error(step.text.loc.Shifted(0, static_cast<int>(name.size())), DiagMsg::kIsBarrier,
                     fmt::arg("name", name));
        return;
      }
      if (found < 0 && name == text) {
        std::string hint;
        if (!diags_.full()) {  // else the error is only counted: skip the suggestion
          std::vector<std::string> names;
          for (const SyncInfo& si : sys_->syncs_) names.push_back(si.name);
          hint = ClosestName(name, names);
        }
        Diagnostic& d =
            diags_.Error(step.text.loc.Shifted(0, static_cast<int>(name.size())),
                         hint.empty() ? DiagMsg::kUnknownSync : DiagMsg::kUnknownSyncDidYouMean,
                         fmt::arg("name", name), fmt::arg("suggestion", hint));
        if (sys_->syncs_.empty()) {
          d.notes.push_back({SourceLoc{}, diags_.Text(DiagMsg::kDeclareSync)});
        }
        return;
      }
      if (found < 0 || name != text) {  // an element of an array, or something to parse
        std::optional<SyncRef> ref = CompileSyncRef(step.text, StepScope(t), diags_);
        if (!ref) return;
        found = ref->sync;
        if (ref->index) {
          in.index = std::move(*ref->index);
          in.length = static_cast<int32_t>(ref->symbol.length);
        }
      } else if (sys_->syncs_[found].name != name) {  // the array named without an index
        const int64_t n =
            std::count_if(sys_->syncs_.begin(), sys_->syncs_.end(),
                          [&](const SyncInfo& y) { return y.name.rfind(name + "[", 0) == 0; });
        Diagnostic& d =
            diags_.Error(step.text.loc.Shifted(0, static_cast<int>(name.size())),
                         DiagMsg::kArrayNameOne, fmt::arg("name", name), fmt::arg("n", n));
        d.notes.push_back(
            {sys_->syncs_[found].loc, diags_.Text(DiagMsg::kDeclaredHere, fmt::arg("name", name))});
        return;
      }
      in.sync = found;
      sys_->uses_sync_ops_ = true;
      if (sys_->options_.elide_sync) {
        in.kind = InstrKind::kElided;
      } else {
        in.kind = step.kind == StepKind::kAcquire ? InstrKind::kAcquire : InstrKind::kRelease;
      }
      Emit(t, std::move(in));
      return;
    }
    case StepKind::kAwait:
    case StepKind::kAssert: {
      std::optional<Code> c = CompileExpr(step.text, StepScope(t), Type::kBool, diags_);
      if (c) in.expr = std::move(*c);
      if (step.kind == StepKind::kAwait) {
        in.kind = InstrKind::kAwait;
      } else {
        in.kind = InstrKind::kAssert;
        // One property per assert as written, however many times a loop repeats it.
        auto [at, fresh] = assert_property_.emplace(&step, -1);
        if (fresh) {
          at->second = AddProperty(fmt::format("assert at line {}", step.loc.line),
                                   PropertyKind::kAssert, step.text.text, step.loc);
        }
        in.property = at->second;
      }
      Emit(t, std::move(in));
      return;
    }
    case StepKind::kSleep:
      in.kind = InstrKind::kSleep;
      in.sleep_lo = step.sleep_lo;
      in.sleep_hi = step.sleep_hi;
      Emit(t, std::move(in));
      return;
    case StepKind::kPrint: {
      std::optional<Format> f = CompileFormat(step.text, StepScope(t), diags_);
      if (f) in.format = std::move(*f);
      in.kind = InstrKind::kPrint;
      Emit(t, std::move(in));
      return;
    }
    case StepKind::kAtomic: {
      int32_t begin = static_cast<int32_t>(t.code.size());
      CompileSteps(step.body, t, atomic_depth + 1);
      int32_t end = static_cast<int32_t>(t.code.size());
      if (atomic_depth > 0) return;  // the outermost group decides
      for (int32_t pc = begin; pc < end; ++pc) {
        t.code[pc].group_begin = begin;
        t.code[pc].group_end = end;
      }
      return;
    }
  }
}

// `x = e` (and the assignments `set:` and `clear:` stand for, `event_ok`) into one kAssign
// instruction, or the target of `x = q.get()` into `in`, a kGet (whose value is the queue's, not
// e). An event changes only by `set:` and `clear:`, as an Event object in Python does.
void SystemBuilder::CompileAssign(const SourceText& text, Template& t, PInstr in, bool event_ok) {
  std::optional<Assignment> a = CompileAssignment(text, StepScope(t), diags_);
  if (!a) return;
  if (!event_ok && IsEvent(a->target_name)) {
    diags_.Error(a->target_loc, DiagMsg::kIsEvent, fmt::arg("name", a->target_name));
    return;
  }
  const bool local =
      a->target.kind == Symbol::Kind::kLocal || a->target.kind == Symbol::Kind::kLocalArray;
  const int32_t at = static_cast<int32_t>(a->target.index + a->element);
  in.target = local ? ~at : at;
  in.target_name = a->target_name;
  if (a->target.is_array() && !a->index) {
    in.target_name = fmt::format("{}[{}]", a->target_name, a->element);
  }
  if (a->index) {
    in.index = std::move(*a->index);
    in.length = static_cast<int32_t>(a->target.length);
  }
  if (in.kind == InstrKind::kAssign) in.expr = std::move(a->value);
  Emit(t, std::move(in));
}

int SystemBuilder::ConditionOf(const Step& step) {
  const std::string& name = step.text.text;
  if (auto c = condition_index_.find(name); c != condition_index_.end()) return c->second;
  std::vector<std::string> names;
  for (const auto& [n, index] : condition_index_) names.push_back(n);
  const std::string hint = diags_.full() ? "" : ClosestName(name, names);
  const bool known = globals_.count(name) > 0 || sync_index_.count(name) > 0 ||
                     local_index_.count(name) > 0 || barrier_index_.count(name) > 0 ||
                     queue_index_.count(name) > 0;
  Diagnostic& d = diags_.Error(step.text.loc,
                               known          ? DiagMsg::kNotACondition
                               : hint.empty() ? DiagMsg::kUnknownCondition
                                              : DiagMsg::kUnknownConditionDidYouMean,
                               fmt::arg("name", name), fmt::arg("step", StepKindName(step.kind)),
                               fmt::arg("suggestion", hint));
  if (condition_index_.empty()) {
    d.notes.push_back({SourceLoc{}, diags_.Text(DiagMsg::kDeclareCondition)});
  }
  return -1;
}

int SystemBuilder::QueueOf(const Step& step) {
  if (auto q = queue_index_.find(step.queue.text); q != queue_index_.end()) return q->second;
  std::vector<std::string> names;
  for (const auto& [name, index] : queue_index_) names.push_back(name);
  const std::string hint = diags_.full() ? "" : ClosestName(step.queue.text, names);
  const bool known = globals_.count(step.queue.text) > 0 ||
                     sync_index_.count(step.queue.text) > 0 ||
                     local_index_.count(step.queue.text) > 0;
  Diagnostic& d =
      diags_.Error(step.queue.loc,
                   known          ? DiagMsg::kNotAQueue
                   : hint.empty() ? DiagMsg::kUnknownQueue
                                  : DiagMsg::kUnknownQueueDidYouMean,
                   fmt::arg("name", step.queue.text), fmt::arg("fn", StepKindName(step.kind)),
                   fmt::arg("suggestion", hint));
  if (queue_index_.empty()) d.notes.push_back({SourceLoc{}, diags_.Text(DiagMsg::kDeclareQueue)});
  return -1;
}

// `set:`, `clear:` and `wait:` take an event (declared under `events:`): true, or false after
// reporting what the name is instead.
bool SystemBuilder::CheckEvent(const Step& step) {
  const std::string& text = step.text.text;
  const std::string name = text.substr(0, text.find_first_of("[ \t"));
  const std::string rest = text.substr(name.size());
  if (IsEvent(name)) {
    if (rest.empty() || (rest.front() == '[' && rest.back() == ']')) return true;
    diags_.Error(step.text.loc, DiagMsg::kOneEvent, fmt::arg("step", StepKindName(step.kind)),
                 fmt::arg("name", name), fmt::arg("text", text));
    return false;
  }
  std::vector<std::string> events;
  if (!diags_.full()) {  // for the hint: the events, and for `wait:` the barriers
    events.assign(event_names_.begin(), event_names_.end());
    if (step.kind == StepKind::kWait) {
      for (const auto& [barrier, index] : barrier_index_) events.push_back(barrier);
      for (const auto& [cond, index] : condition_index_) events.push_back(cond);
    }
  }
  const bool wait = step.kind == StepKind::kWait;
  const bool or_barrier = wait && !barrier_index_.empty();
  const bool or_condition = wait && !condition_index_.empty();
  const SourceLoc at = step.text.loc.Shifted(0, static_cast<int>(name.size()));
  const std::string hint = ClosestName(name, events);
  const bool known =
      globals_.count(name) > 0 || sync_index_.count(name) > 0 || local_index_.count(name) > 0;
  const DiagMsg msg =
      known ? (wait ? DiagMsg::kNotAnEventOrBarrier : DiagMsg::kNotAnEvent)
      : hint.empty()
          ? (or_barrier && or_condition ? DiagMsg::kUnknownEventBarrierOrCondition
             : or_barrier               ? DiagMsg::kUnknownEventOrBarrier
             : or_condition             ? DiagMsg::kUnknownEventOrCondition
                                        : DiagMsg::kUnknownEvent)
          : (or_barrier && or_condition ? DiagMsg::kUnknownEventBarrierOrConditionDidYouMean
             : or_barrier               ? DiagMsg::kUnknownEventOrBarrierDidYouMean
             : or_condition             ? DiagMsg::kUnknownEventOrConditionDidYouMean
                                        : DiagMsg::kUnknownEventDidYouMean);
  Diagnostic& d =
      diags_.Error(at, msg, fmt::arg("name", name), fmt::arg("step", StepKindName(step.kind)),
                   fmt::arg("suggestion", hint));
  if (event_names_.empty() && !or_barrier && !or_condition) {
    d.notes.push_back({SourceLoc{}, diags_.Text(DiagMsg::kDeclareEvent)});
  }
  return false;
}

void SystemBuilder::FinishTemplate(Template& t) {
  PInstr end;
  end.kind = InstrKind::kEnd;
  t.end_pc = Emit(t, std::move(end));
  const int32_t n = static_cast<int32_t>(t.code.size());
  t.settle.resize(n);
  for (int32_t pc = 0; pc < n; ++pc) {
    t.settle[pc] = NextStep(t, pc);
    RC_CHECK(t.settle[pc] != kNoPc);  // control flow alone cannot loop: every loop has a branch
  }
  t.entry = t.settle[0];
  // Inside an atomic group only the first step may block: the group must not stop halfway.
  for (int32_t pc = 0; pc < n; ++pc) {
    const PInstr& in = t.code[pc];
    if (in.group_begin < 0 || t.settle[in.group_begin] == pc) continue;
    if (in.kind == InstrKind::kCondWait) {  // its later steps would block halfway
      Diagnostic& d = diags_.Error(in.step->loc, DiagMsg::kCondWaitInAtomic,
                                   fmt::arg("source", in.step->source));
      d.notes.push_back({t.code[in.group_begin].step->loc, diags_.Text(DiagMsg::kGroupStartsHere)});
      continue;
    }
    if (in.kind == InstrKind::kCondWake ||
        (in.kind == InstrKind::kAcquire && in.step->kind == StepKind::kWait)) {
      continue;  // reported at the wait's first step
    }
    bool blocking = in.kind == InstrKind::kAwait || in.kind == InstrKind::kAcquire ||
                    in.kind == InstrKind::kArrive || in.kind == InstrKind::kLeave ||
                    in.kind == InstrKind::kPut || in.kind == InstrKind::kGet ||
                    in.kind == InstrKind::kNotify || in.kind == InstrKind::kNotifyAll;
    if (blocking) {
      const char* what = in.kind == InstrKind::kAwait       ? "await"
                         : in.kind == InstrKind::kAcquire   ? "acquire"
                         : in.kind == InstrKind::kPut       ? "put"
                         : in.kind == InstrKind::kGet       ? "get"
                         : in.kind == InstrKind::kNotify    ? "notify"
                         : in.kind == InstrKind::kNotifyAll ? "notify_all"
                                                            : "wait";
      Diagnostic& d = diags_.Error(in.step->loc, DiagMsg::kAtomicFirstOnly, fmt::arg("step", what));
      d.notes.push_back({t.code[in.group_begin].step->loc, diags_.Text(DiagMsg::kGroupStartsHere)});
    }
  }
}

}  // namespace racecheck
