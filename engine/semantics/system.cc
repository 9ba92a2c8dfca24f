// The transition system: enabledness, one step, property checks. See system.h.
#include "engine/semantics/system.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "engine/expr/eval.h"
#include "engine/support/check.h"
#include "engine/support/messages.h"

namespace racecheck {

namespace {

// Evaluation context over a packed state, for one process (or none: local_base < 0).
template <bool kRecord>
struct StateCtx {
  const uint64_t* s;
  const Field* fields;
  int local_base;
  int64_t self;
  StepRecorder* rec;

  int64_t LoadShared(int32_t f) const {
    int64_t v = fields[f].Get(s);
    if constexpr (kRecord) rec->Read(f, v);
    return v;
  }
  int64_t LoadLocal(int32_t slot) const {
    int f = local_base + slot;
    int64_t v = fields[f].Get(s);
    if constexpr (kRecord) rec->Read(f, v);
    return v;
  }
  int64_t Self() const { return self; }
};

// Why an expression failed to evaluate, in `lang` (a step's violation detail).
std::string RuntimeError(EvalResult r, const std::string& source, Lang lang) {
  switch (r.error) {
    case EvalError::kDivByZero:
      return Say(lang, Msg::kStepDivByZero, fmt::arg("source", source));
    case EvalError::kIndex:
      return Say(lang, Msg::kStepIndex, fmt::arg("index", r.value), fmt::arg("source", source));
    case EvalError::kOverflow:
    case EvalError::kNone:
      break;
  }
  return Say(lang, Msg::kStepOverflow, fmt::arg("source", source));
}

}  // namespace

void System::Initial(uint64_t* s) const {
  std::memset(s, 0, sizeof(uint64_t) * static_cast<size_t>(words()));
  for (int f = 0; f < layout_.size(); ++f) layout_.field(f).Set(s, initial_values_[f]);
}

bool System::Enabled(const uint64_t* s, int p) const {
  const ProcessInfo& pi = processes_[p];
  const Template& t = templates_[pi.tmpl];
  const PInstr& in = t.code[layout_.field(pi.pc_field).Get(s)];
  switch (in.kind) {
    case InstrKind::kEnd:
      return false;
    case InstrKind::kAcquire: {
      const int32_t sync = SyncOf(s, p, in);
      if (sync < 0) return true;  // the index fails: the error surfaces in Step
      const SyncInfo& sy = syncs_[sync];
      const int64_t v = layout_.field(sy.field).Get(s);
      if (sy.is_semaphore) return v > 0;
      return v == 0 || (sy.reentrant && v == p + 1);
    }
    case InstrKind::kAwait: {
      StateCtx<false> ctx{s, layout_.fields(), pi.local_base, pi.index, nullptr};
      EvalResult r = Eval(in.expr, ctx);
      return r.error != EvalError::kNone || r.value != 0;  // an error surfaces in Step
    }
    case InstrKind::kArrive:  // not while it lets a group go
      return layout_.field(barriers_[in.sync].open_field).Get(s) == 0;
    case InstrKind::kLeave:  // once the group is complete
      return layout_.field(barriers_[in.sync].open_field).Get(s) != 0;
    case InstrKind::kPut:  // not while it is full
      return layout_.field(queues_[in.sync].size_field).Get(s) < queues_[in.sync].maxsize;
    case InstrKind::kGet:  // not while it is empty
      return layout_.field(queues_[in.sync].size_field).Get(s) > 0;
    case InstrKind::kCondWait:  // not while notified processes have not woken
    case InstrKind::kNotify:
    case InstrKind::kNotifyAll:
      return layout_.field(conditions_[in.sync].tokens_field).Get(s) == 0;
    case InstrKind::kCondWake:  // once notified (or at any time, with spurious wake-ups)
      return conditions_[in.sync].spurious ||
             layout_.field(conditions_[in.sync].tokens_field).Get(s) > 0;
    case InstrKind::kAssign:
    case InstrKind::kBranch:
    case InstrKind::kJump:
    case InstrKind::kSleep:
    case InstrKind::kRelease:
    case InstrKind::kElided:
    case InstrKind::kAssert:
    case InstrKind::kPrint:
      return true;
  }
  return true;
}

int32_t System::SyncOf(const uint64_t* s, int p, const PInstr& in, EvalResult* error) const {
  if (in.length == 0) return in.sync;
  const ProcessInfo& pi = processes_[p];
  StateCtx<false> ctx{s, layout_.fields(), pi.local_base, pi.index, nullptr};
  EvalResult r = Eval(in.index, ctx);
  if (r.error == EvalError::kNone && (r.value < 0 || r.value >= in.length)) {
    r = {r.value, EvalError::kIndex};
  }
  if (r.error != EvalError::kNone) {
    if (error != nullptr) *error = r;
    return -1;
  }
  return in.sync + static_cast<int32_t>(r.value);
}

StepResult System::TryStep(const uint64_t* in, int p, uint64_t* out) const {
  if (!Enabled(in, p)) {
    StepResult r;
    r.status = StepStatus::kBlocked;
    return r;
  }
  return StepImpl<false>(in, p, out, nullptr);
}

StepResult System::Step(const uint64_t* in, int p, uint64_t* out, StepRecorder* rec) const {
  return rec == nullptr ? StepImpl<false>(in, p, out, nullptr) : StepImpl<true>(in, p, out, rec);
}

template <bool kRecord>
StepResult System::StepImpl(const uint64_t* in, int p, uint64_t* out, StepRecorder* rec) const {
  std::memcpy(out, in, sizeof(uint64_t) * static_cast<size_t>(words()));
  const ProcessInfo& pi = processes_[p];
  const Template& t = templates_[pi.tmpl];
  const Field* fields = layout_.fields();
  const StateCtx<kRecord> ctx{out, fields, pi.local_base, pi.index, rec};
  int32_t pc = static_cast<int32_t>(fields[pi.pc_field].Get(out));
  int32_t raw_steps = 1;
  int32_t fused_at = -1;  // the pc of the local step being run fused, if any
  // Ends the step with the process settled at `at`: its pc, and its dead locals reset.
  auto settle = [&](int32_t at) {
    fields[pi.pc_field].Set(out, at);
    if (!t.dead_locals.empty()) {
      for (uint64_t dead = t.dead_locals[at]; dead != 0; dead &= dead - 1) {
        const int f = pi.local_base + __builtin_ctzll(dead);
        fields[f].Set(out, initial_values_[f]);
      }
    }
  };
  // What a violation leaves behind (StepResult::successor).
  enum class After : uint8_t {
    kNothing,  // no successor is defined
    kEnd,      // the process ends with the error, as a Python process with an exception does
  };
  // An expression that fails: Python raises (ZeroDivisionError, IndexError); an overflow is
  // racecheck's 64-bit bound, after which nothing is defined.
  auto after_error = [](EvalResult r) {
    return r.error == EvalError::kOverflow ? After::kNothing : After::kEnd;
  };
  // `detail` is a callable giving the text, in the recorder's language; it runs only when
  // recording (the search never needs it, and a violation may be met many times, once per state
  // that reaches it).
  auto violation = [&](int32_t property, const auto& detail, After after = After::kEnd) {
    StepResult r;
    if (pc == fused_at) {
      // A fused local step that fails is not fused after all: the step ends before it (a
      // failing instruction writes nothing), so the state in between, which other processes
      // may move on from, is stored; the failure shows when the process takes its next step.
      settle(pc);
      r.raw_steps = raw_steps - 1;
      return r;
    }
    r.status = StepStatus::kViolation;
    r.property = property;
    r.raw_steps = raw_steps;
    if (after == After::kEnd) {  // what the step wrote before the error stays written
      settle(t.end_pc);
      r.successor = true;
    }
    if constexpr (kRecord) r.detail = detail();
    return r;
  };
  // A violation after which the step goes on (a release that owner discipline forbids, which
  // Python carries out): reported when the step ends, with its state as the successor.
  int32_t pending = -1;
  std::string pending_detail;
  auto write = [&](int f, int64_t v) {
    if constexpr (kRecord) rec->Write(f, fields[f].Get(out), v);
    fields[f].Set(out, v);
  };
  for (int budget = kMaxAtomicInstrs;; --budget) {
    if (budget == 0) {
      return violation(
          runtime_property_,
          [&] { return Say(rec->lang(), Msg::kStepBudget, fmt::arg("n", kMaxAtomicInstrs)); },
          After::kNothing);
    }
    const PInstr& ins = t.code[pc];
    if constexpr (kRecord) rec->Execute(pc);
    int32_t next = pc + 1;
    switch (ins.kind) {
      case InstrKind::kAssign:
      case InstrKind::kGet: {  // `x = q.get()`: an assignment of the queue's first item
        EvalResult r{0, EvalError::kNone};
        if (ins.kind == InstrKind::kGet) {
          r.value = fields[queues_[ins.sync].first_item].Get(out);
          if constexpr (kRecord) rec->Read(queues_[ins.sync].first_item, r.value);
        } else {
          r = Eval(ins.expr, ctx);
        }
        if (r.error != EvalError::kNone) {
          return violation(
              runtime_property_, [&] { return RuntimeError(r, ins.step->source, rec->lang()); },
              after_error(r));
        }
        int f = PInstr::IsLocalTarget(ins.target) ? pi.local_base + PInstr::LocalSlot(ins.target)
                                                  : ins.target;
        int64_t element = -1;
        if (ins.length > 0) {  // `a[i] = e`: the value first, then the index (as Python)
          EvalResult i = Eval(ins.index, ctx);
          if (i.error == EvalError::kNone && (i.value < 0 || i.value >= ins.length)) {
            i.error = EvalError::kIndex;
          }
          if (i.error != EvalError::kNone) {
            return violation(
                runtime_property_, [&] { return RuntimeError(i, ins.step->source, rec->lang()); },
                after_error(i));
          }
          element = i.value;
          f += static_cast<int>(i.value);
        }
        if (!fields[f].InRange(r.value)) {
          return violation(
              range_property_,
              [&] {
                const std::string name =
                    element < 0 ? ins.target_name : fmt::format("{}[{}]", ins.target_name, element);
                return Say(rec->lang(), Msg::kStepOutOfRange, fmt::arg("name", name),
                           fmt::arg("value", r.value), fmt::arg("lo", fields[f].lo),
                           fmt::arg("hi", fields[f].hi));
              },
              After::kNothing);
        }
        if (ins.kind == InstrKind::kGet) {  // the others move up one place
          const QueueInfo& q = queues_[ins.sync];
          const int64_t size = fields[q.size_field].Get(out);
          RC_CHECK(size > 0);  // REQUIRES Enabled
          for (int k = 1; k < size; ++k) {
            write(q.first_item + k - 1, fields[q.first_item + k].Get(out));
          }
          write(q.first_item + static_cast<int>(size) - 1, 0);
          write(q.size_field, size - 1);
        }
        write(f, r.value);
        break;
      }
      case InstrKind::kBranch:
      case InstrKind::kAwait:
      case InstrKind::kAssert: {
        EvalResult r = Eval(ins.expr, ctx);
        if (r.error != EvalError::kNone) {
          return violation(
              runtime_property_, [&] { return RuntimeError(r, ins.step->source, rec->lang()); },
              after_error(r));
        }
        if (ins.kind == InstrKind::kBranch) {
          if (r.value == 0) next = ins.alt;
        } else if (ins.kind == InstrKind::kAssert) {
          if (r.value == 0) {
            return violation(ins.property, [&] {
              return Say(rec->lang(), Msg::kStepAssertFalse, fmt::arg("cond", ins.step->text.text));
            });
          }
        } else {
          RC_CHECK(r.value != 0);  // REQUIRES Enabled; groups block only at their start
        }
        break;
      }
      case InstrKind::kAcquire: {
        EvalResult bad{0, EvalError::kNone};
        const int32_t sync = SyncOf(out, p, ins, &bad);
        if (sync < 0) {
          return violation(
              runtime_property_, [&] { return RuntimeError(bad, ins.step->source, rec->lang()); },
              after_error(bad));
        }
        const SyncInfo& sy = syncs_[sync];
        const Field& f = fields[sy.field];
        int64_t v = f.Get(out);
        if constexpr (kRecord) rec->Read(sy.field, v);
        if (sy.is_semaphore) {
          RC_CHECK(v > 0);
          write(sy.field, v - 1);
        } else if (sy.reentrant) {
          RC_CHECK(v == 0 || v == p + 1);
          const int64_t depth = fields[sy.depth_field].Get(out);
          if (depth == SyncInfo::kMaxDepth) {
            return violation(
                runtime_property_,
                [&] {
                  return Say(rec->lang(), Msg::kStepRlockDepth, fmt::arg("p", pi.name),
                             fmt::arg("sync", sy.name), fmt::arg("n", depth + 1),
                             fmt::arg("max", SyncInfo::kMaxDepth));
                },
                After::kNothing);
          }
          write(sy.field, p + 1);
          write(sy.depth_field, depth + 1);
        } else {
          RC_CHECK(v == 0);
          write(sy.field, p + 1);
        }
        break;
      }
      case InstrKind::kRelease: {
        EvalResult bad{0, EvalError::kNone};
        const int32_t sync = SyncOf(out, p, ins, &bad);
        if (sync < 0) {
          return violation(
              runtime_property_, [&] { return RuntimeError(bad, ins.step->source, rec->lang()); },
              after_error(bad));
        }
        const SyncInfo& sy = syncs_[sync];
        const Field& f = fields[sy.field];
        int64_t v = f.Get(out);
        if constexpr (kRecord) rec->Read(sy.field, v);
        if (sy.is_semaphore) {
          if (v + 1 > sy.max) {
            return violation(range_property_, [&] {
              return Say(rec->lang(), Msg::kStepSemaphoreMax, fmt::arg("sync", sy.name),
                         fmt::arg("max", sy.max));
            });
          }
          write(sy.field, v + 1);
        } else {
          auto detail = [&] {
            return v == 0
                       ? Say(rec->lang(), Msg::kStepReleaseFree, fmt::arg("p", pi.name),
                             fmt::arg("sync", sy.name))
                       : Say(rec->lang(), Msg::kStepReleaseOther, fmt::arg("p", pi.name),
                             fmt::arg("sync", sy.name), fmt::arg("holder", processes_[v - 1].name));
          };
          // Nobody holds it: Python's ValueError (an rlock's RuntimeError when another holds
          // it). Another process holds a plain lock: Python frees it; owner discipline
          // (`owner_only`) reports it, and the step still frees it.
          if (v == 0 || (v != p + 1 && sy.reentrant)) return violation(lock_property_, detail);
          if (v != p + 1) {
            if (sy.owner_only && pending < 0) {
              pending = lock_property_;
              if constexpr (kRecord) pending_detail = detail();
            }
            write(sy.field, 0);
            break;
          }
          if (sy.reentrant) {  // the last of the holder's acquires frees it
            const int64_t depth = fields[sy.depth_field].Get(out);
            write(sy.depth_field, depth - 1);
            if (depth > 1) break;
          }
          write(sy.field, 0);
        }
        break;
      }
      case InstrKind::kArrive:
      case InstrKind::kLeave: {
        const BarrierInfo& b = barriers_[ins.sync];
        const int64_t waiting = fields[b.waiting_field].Get(out);
        if constexpr (kRecord) rec->Read(b.open_field, fields[b.open_field].Get(out));
        if (ins.kind == InstrKind::kArrive) {
          RC_CHECK(fields[b.open_field].Get(out) == 0 && waiting < b.parties);
          write(b.waiting_field, waiting + 1);
          if (waiting + 1 == b.parties) write(b.open_field, 1);  // the last one opens it
        } else {
          RC_CHECK(fields[b.open_field].Get(out) != 0 && waiting > 0);
          write(b.waiting_field, waiting - 1);
          if (waiting == 1) write(b.open_field, 0);  // the last one closes it
        }
        break;
      }
      case InstrKind::kPut: {
        const QueueInfo& q = queues_[ins.sync];
        EvalResult r = Eval(ins.expr, ctx);
        if (r.error != EvalError::kNone) {
          return violation(
              runtime_property_, [&] { return RuntimeError(r, ins.step->source, rec->lang()); },
              after_error(r));
        }
        const int64_t size = fields[q.size_field].Get(out);
        RC_CHECK(size < q.maxsize);
        const int item = q.first_item + static_cast<int>(size);
        if (!fields[item].InRange(r.value)) {
          return violation(range_property_, [&] {
            return Say(rec->lang(), Msg::kStepQueueOutOfRange, fmt::arg("queue", q.name),
                       fmt::arg("value", r.value), fmt::arg("lo", fields[item].lo),
                       fmt::arg("hi", fields[item].hi));
          });
        }
        write(item, r.value);
        write(q.size_field, size + 1);
        break;
      }
      case InstrKind::kCondWait:
      case InstrKind::kNotify:
      case InstrKind::kNotifyAll: {
        const ConditionInfo& c = conditions_[ins.sync];
        const bool wait = ins.kind == InstrKind::kCondWait;
        // Both need the lock, as Python's do, and a wait gives it up; not in the lock-free
        // variant, which has no locks.
        if (!options_.elide_sync) {
          const SyncInfo& sy = syncs_[c.lock];
          const int64_t v = fields[sy.field].Get(out);
          if constexpr (kRecord) rec->Read(sy.field, v);
          if (v != p + 1) {
            return violation(lock_property_, [&] {
              const Msg id = v == 0 ? (wait ? Msg::kStepWaitFree : Msg::kStepNotifyFree)
                                    : (wait ? Msg::kStepWaitOther : Msg::kStepNotifyOther);
              return Say(rec->lang(), id, fmt::arg("p", pi.name), fmt::arg("cond", c.name),
                         fmt::arg("sync", sy.name),
                         fmt::arg("holder", v == 0 ? std::string() : processes_[v - 1].name));
            });
          }
          if (wait && sy.reentrant) {
            const int64_t depth = fields[sy.depth_field].Get(out);
            if (depth != 1) {
              return violation(
                  runtime_property_,
                  [&] {
                    return Say(rec->lang(), Msg::kStepWaitRlockDepth, fmt::arg("p", pi.name),
                               fmt::arg("cond", c.name), fmt::arg("sync", sy.name),
                               fmt::arg("n", depth));
                  },
                  After::kNothing);
            }
            write(sy.depth_field, 0);
          }
          if (wait) write(sy.field, 0);
        }
        const int64_t sleeping = fields[c.sleeping_field].Get(out);
        const int64_t tokens = fields[c.tokens_field].Get(out);
        if constexpr (kRecord) rec->Read(c.tokens_field, tokens);
        RC_CHECK(tokens == 0);  // REQUIRES Enabled
        if (wait) {
          write(c.sleeping_field, sleeping + 1);
        } else {
          const int64_t woken =
              ins.kind == InstrKind::kNotify ? std::min<int64_t>(1, sleeping) : sleeping;
          if (woken > 0) {
            write(c.sleeping_field, sleeping - woken);
            write(c.tokens_field, woken);
          }
        }
        break;
      }
      case InstrKind::kCondWake: {
        const ConditionInfo& c = conditions_[ins.sync];
        const int64_t tokens = fields[c.tokens_field].Get(out);
        if constexpr (kRecord) rec->Read(c.tokens_field, tokens);
        if (tokens > 0) {
          write(c.tokens_field, tokens - 1);
        } else {  // a spurious wake-up: it was still counted as sleeping
          const int64_t sleeping = fields[c.sleeping_field].Get(out);
          RC_CHECK(c.spurious && sleeping > 0);
          write(c.sleeping_field, sleeping - 1);
        }
        break;
      }
      case InstrKind::kPrint: {
        // The values are expressions like any other: one that fails to evaluate is a `runtime`
        // violation (docs/model-format.md, "Expressions"). The text is built only to record it.
        std::string text;
        if constexpr (kRecord) text = ins.format.literals[0];
        for (size_t i = 0; i < ins.format.values.size(); ++i) {
          EvalResult r = Eval(ins.format.values[i], ctx);
          if (r.error != EvalError::kNone) {
            return violation(
                runtime_property_, [&] { return RuntimeError(r, ins.step->source, rec->lang()); },
                after_error(r));
          }
          if constexpr (kRecord) {
            if (ins.format.values[i].type == Type::kBool) {
              text += r.value ? "true" : "false";
            } else {
              text += std::to_string(r.value);
            }
            text += ins.format.literals[i + 1];
          }
        }
        if constexpr (kRecord) rec->Print(text);
        break;
      }
      case InstrKind::kJump:
      case InstrKind::kSleep:
      case InstrKind::kElided:
      case InstrKind::kEnd:
        RC_CHECK(false);  // pcs are settled; a finished process is not enabled
    }
    if constexpr (kRecord) NextStep(t, next, [&](int32_t q) { rec->Pass(q); });
    next = t.settle[next];
    if (ins.group_end >= 0 && next >= ins.group_begin && next < ins.group_end) {
      pc = next;
      continue;
    }
    if (!t.local_only.empty() && t.local_only[next] && pending < 0) {  // fuse the next,
      ++raw_steps;                                                     // purely local step
      pc = fused_at = next;
      continue;
    }
    settle(next);
    StepResult done;
    done.raw_steps = raw_steps;
    if (pending >= 0) {
      done.status = StepStatus::kViolation;
      done.property = pending;
      done.successor = true;
      done.detail = std::move(pending_detail);
    }
    return done;
  }
}

bool System::Holds(int32_t prop, const uint64_t* s) const {
  StateCtx<false> ctx{s, layout_.fields(), -1, 0, nullptr};
  EvalResult r = Eval(properties_[prop].expr, ctx);
  return r.error == EvalError::kNone && r.value != 0;
}

int32_t System::FirstViolatedInvariant(const uint64_t* s) const {
  for (int32_t id : invariant_ids_) {
    if (!Holds(id, s)) return id;
  }
  return -1;
}

bool System::Terminal(const uint64_t* s) const {
  for (int p = 0; p < num_processes(); ++p) {
    if (!Finished(s, p)) return false;
  }
  return true;
}

int32_t System::FirstViolatedFinal(const uint64_t* s) const {
  for (int32_t id : final_ids_) {
    if (!Holds(id, s)) return id;
  }
  return -1;
}

std::string System::FieldName(int field) const {
  const FieldDesc& d = field_desc_[field];
  switch (d.kind) {
    case FieldDesc::Kind::kShared:
      return d.owner >= 0 ? shared_[d.owner].name : "(padding)";
    case FieldDesc::Kind::kLocal:
      return processes_[d.owner].name + "." +
             templates_[processes_[d.owner].tmpl].locals[d.slot].name;
    case FieldDesc::Kind::kPc:
      return processes_[d.owner].name + ".pc";
    case FieldDesc::Kind::kLock:
    case FieldDesc::Kind::kSemaphore:
      return syncs_[d.owner].name;
    case FieldDesc::Kind::kDepth:
      return syncs_[d.owner].name + ".depth";
    case FieldDesc::Kind::kBarrierWaiting:
      return barriers_[d.owner].name + ".waiting";
    case FieldDesc::Kind::kBarrierOpen:
      return barriers_[d.owner].name + ".open";
    case FieldDesc::Kind::kQueueSize:
      return queues_[d.owner].name + ".size";
    case FieldDesc::Kind::kQueueItem:
      return fmt::format("{}[{}]", queues_[d.owner].name, d.slot);
    case FieldDesc::Kind::kCondSleeping:
      return conditions_[d.owner].name + ".sleeping";
    case FieldDesc::Kind::kCondTokens:
      return conditions_[d.owner].name + ".notified";
  }
  return "?";
}

bool System::FieldIsBool(int field) const {
  const FieldDesc& d = field_desc_[field];
  switch (d.kind) {
    case FieldDesc::Kind::kShared:
      return d.owner >= 0 && shared_[d.owner].type == Type::kBool;
    case FieldDesc::Kind::kLocal:
      return templates_[processes_[d.owner].tmpl].locals[d.slot].type == Type::kBool;
    case FieldDesc::Kind::kBarrierOpen:
      return true;
    default:
      return false;
  }
}

std::string System::FormatValue(int field, int64_t v, Lang lang) const {
  const FieldDesc& d = field_desc_[field];
  if (d.kind == FieldDesc::Kind::kLock) {
    return v == 0 ? std::string(MessageText(lang, Msg::kLockFree)) : processes_[v - 1].name;
  }
  if (FieldIsBool(field)) return v ? "true" : "false";
  return std::to_string(v);
}

}  // namespace racecheck
