// SystemBuilder: compiles a Model (ast.h) into a System (system.h).
//
// Evaluates params, instance counts, initial values and ranges; lays out the state vector;
// compiles every step into flat instructions (compile_steps.cc) and every property into Code.
// Every mistake becomes a diagnostic; the builder collects as many as it can before giving up.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/expr/eval.h"
#include "engine/semantics/local_analysis.h"
#include "engine/semantics/system.h"
#include "engine/semantics/system_builder.h"
#include "engine/support/check.h"

namespace racecheck {

namespace {
// The range of an int variable declared without `range:`: 16 bits, widened to hold its initial
// value. Documented in docs/model-format.md ("Ranges").
constexpr int64_t kDefaultLo = -32768;
// A count kept in a state field (a semaphore's, a barrier's parties): at most 2^62 values, as
// for a range.
constexpr int64_t kMaxCount = (int64_t{1} << StateLayout::kMaxFieldBits) - 1;
constexpr int64_t kDefaultHi = 32767;
}  // namespace

Scope SystemBuilder::ParamScope(bool allow_self) const {
  Scope s = LimitedScope();
  s.allow_state = false;
  s.lookup = [this, allow_self](std::string_view name) -> std::optional<Symbol> {
    if (allow_self && name == "self") return Symbol{Symbol::Kind::kSelf, Type::kInt, 0, 0, {}};
    if (std::optional<Symbol> v = LoopSymbol(name)) return v;
    auto it = globals_.find(name);
    if (it == globals_.end()) return std::nullopt;
    return it->second;
  };
  s.candidate_lists = {&global_names_};
  for (const LoopVar& v : loops_) s.candidates.push_back(v.name);
  return s;
}

Scope SystemBuilder::StepScope(const Template& t) const {
  RC_CHECK(local_template_ == &t);  // BeginTemplate indexed its locals
  Scope s = LimitedScope();
  s.lookup = [this](std::string_view name) -> std::optional<Symbol> {
    if (name == "self") return Symbol{Symbol::Kind::kSelf, Type::kInt, 0, 0, {}};
    if (std::optional<Symbol> v = LoopSymbol(name)) return v;
    if (auto l = local_index_.find(name); l != local_index_.end()) return l->second;
    auto it = globals_.find(name);
    if (it == globals_.end()) return std::nullopt;
    return it->second;
  };
  s.candidate_lists = {&global_names_, &local_names_};
  for (const LoopVar& v : loops_) s.candidates.push_back(v.name);
  return s;
}

void SystemBuilder::BeginTemplate(size_t ti) {
  const Template& t = sys_->templates_[ti];
  const ProcessDecl& pd = m_.processes[ti];
  local_template_ = &t;
  local_index_.clear();
  local_names_.clear();
  for (size_t k = 0; k < pd.locals.size(); ++k) {
    const auto [slot, length] = local_slots_[ti][k];
    Symbol sym{Symbol::Kind::kLocal, t.locals[slot].type, slot, 0, pd.locals[k].name.loc};
    if (length > 0) {
      sym.kind = Symbol::Kind::kLocalArray;
      sym.length = length;
    }
    local_index_.emplace(pd.locals[k].name.text, sym);  // names are unique
    local_names_.push_back(pd.locals[k].name.text);
  }
}

std::optional<int64_t> SystemBuilder::ArraySize(const SourceText& e, const std::string& name) {
  std::optional<Code> code = CompileExpr(e, ParamScope(false), std::nullopt, diags_);
  if (!code) return std::nullopt;
  if (code->type != Type::kInt) {
    diags_.Error(e.loc, DiagMsg::kArraySizeNotInt, fmt::arg("name", name),
                 fmt::arg("type", TypeName(code->type)));
    return std::nullopt;
  }
  std::optional<int64_t> n = EvalConstant(*code, 0, e.loc, diags_);
  if (!n) return std::nullopt;
  const uint64_t max = sys_->options_.limits.variables;
  if (*n < 1 || static_cast<uint64_t>(*n) > max) {
    diags_.Error(e.loc, *n < 1 ? DiagMsg::kArrayTooSmall : DiagMsg::kArrayTooLarge,
                 fmt::arg("name", name), fmt::arg("n", *n),
                 fmt::arg("limit", LimitHint(diags_.lang(), "variables", max)));
    return std::nullopt;
  }
  return n;
}

Scope SystemBuilder::PropertyScope() const {
  Scope s = LimitedScope();
  s.explain_unknown = [this](std::string_view name) -> std::string {
    for (const ProcessDecl& pd : m_.processes) {
      for (const VarDecl& v : pd.locals) {
        if (v.name.text == name) {
          return diags_.Text(DiagMsg::kLocalInProperty, fmt::arg("name", v.name.text),
                             fmt::arg("process", pd.name.text));
        }
      }
    }
    return "";
  };
  s.lookup = [this](std::string_view name) -> std::optional<Symbol> {
    auto it = globals_.find(name);
    if (it == globals_.end()) return std::nullopt;
    return it->second;
  };
  s.candidate_lists = {&global_names_};
  return s;
}

std::optional<int64_t> SystemBuilder::Constant(const SourceText& text, Type want, bool allow_self,
                                               int64_t self_value, const char* what) {
  std::optional<Code> code = CompileExpr(text, ParamScope(allow_self), want, diags_);
  if (!code) return std::nullopt;
  return EvalConstant(*code, self_value, text.loc, diags_);
}

std::string SystemBuilder::GoalText(const SourceText& text) {
  std::optional<Format> f = CompileFormat(text, ParamScope(false), diags_);
  if (!f) return "";
  std::string out = f->literals[0];
  for (size_t i = 0; i < f->values.size(); ++i) {
    std::optional<int64_t> v = EvalConstant(f->values[i], 0, text.loc, diags_);
    if (!v) return "";
    if (f->values[i].type == Type::kBool) {
      out += *v != 0 ? "true" : "false";
    } else {
      out += std::to_string(*v);
    }
    out += f->literals[i + 1];
  }
  return out;
}

std::optional<SystemBuilder::Range> SystemBuilder::VarRange(const VarDecl& v, bool allow_self,
                                                            int64_t self_value) {
  std::optional<Code> code = CompileExpr(v.init, ParamScope(allow_self), std::nullopt, diags_);
  if (!code) return std::nullopt;
  std::optional<int64_t> init = EvalConstant(*code, self_value, v.init.loc, diags_);
  if (!init) return std::nullopt;
  Range r{0, 1, *init, code->type};
  if (code->type == Type::kBool) {
    if (v.range_lo) {
      diags_.Error(v.range_lo->loc, DiagMsg::kBoolRange, fmt::arg("name", v.name.text));
      return std::nullopt;
    }
    return r;
  }
  if (v.range_lo && v.range_hi) {
    std::optional<int64_t> lo = Constant(*v.range_lo, Type::kInt, allow_self, self_value, "");
    std::optional<int64_t> hi = Constant(*v.range_hi, Type::kInt, allow_self, self_value, "");
    if (!lo || !hi) return std::nullopt;
    if (*lo > *hi) {
      diags_.Error(v.range_lo->loc, DiagMsg::kRangeEmpty, fmt::arg("lo", *lo), fmt::arg("hi", *hi),
                   fmt::arg("name", v.name.text));
      return std::nullopt;
    }
    if (StateLayout::BitsFor(*lo, *hi) > StateLayout::kMaxFieldBits) {
      diags_.Error(v.range_lo->loc, DiagMsg::kRangeTooWide, fmt::arg("lo", *lo),
                   fmt::arg("hi", *hi), fmt::arg("name", v.name.text),
                   fmt::arg("bits", StateLayout::kMaxFieldBits));
      return std::nullopt;
    }
    if (*init < *lo || *init > *hi) {
      diags_.Error(v.init.loc, DiagMsg::kInitOutsideRange, fmt::arg("init", *init),
                   fmt::arg("name", v.name.text), fmt::arg("lo", *lo), fmt::arg("hi", *hi));
      return std::nullopt;
    }
    r.lo = *lo;
    r.hi = *hi;
    return r;
  }
  r.lo = std::min(kDefaultLo, *init);
  r.hi = std::max(kDefaultHi, *init);
  if (StateLayout::BitsFor(r.lo, r.hi) > StateLayout::kMaxFieldBits) {
    diags_.Error(v.init.loc, DiagMsg::kInitTooLarge, fmt::arg("init", *init),
                 fmt::arg("name", v.name.text));
    return std::nullopt;
  }
  return r;
}

std::unique_ptr<System> SystemBuilder::Build() {
  System& s = *sys_;
  // Params.
  for (const ParamDecl& p : m_.params) {
    s.params_.push_back({p.name.text, p.default_value, p.is_bool});
    Symbol sym{Symbol::Kind::kParam, p.is_bool ? Type::kBool : Type::kInt, 0, p.default_value,
               p.name.loc};
    globals_[p.name.text] = sym;
    global_names_.push_back(p.name.text);
  }
  // Shared variables: ranges first; fields are laid out below. An array counts its elements.
  if (m_.shared.size() > s.options_.limits.variables) {
    diags_.Error(
        m_.shared[s.options_.limits.variables].name.loc, DiagMsg::kTooManyShared,
        fmt::arg("n", m_.shared.size()),
        fmt::arg("limit", LimitHint(diags_.lang(), "variables", s.options_.limits.variables)));
    return nullptr;
  }
  std::vector<int64_t> shared_lengths;  // per declaration: 0, or the array's length
  uint64_t shared_elements = 0;
  for (const VarDecl& v : m_.shared) {
    if (v.event) event_names_.insert(v.name.text);
    int64_t length = 0;
    if (v.array) length = ArraySize(*v.array, v.name.text).value_or(0);
    shared_lengths.push_back(length);
    shared_elements += static_cast<uint64_t>(std::max<int64_t>(length, 1));
    std::optional<Range> r = VarRange(v, false, 0);
    if (!r) {
      shared_ranges_.push_back({0, 0, 0, Type::kInt});
      continue;
    }
    shared_ranges_.push_back(*r);
  }
  if (shared_elements > s.options_.limits.variables) {
    diags_.Error(
        m_.shared.back().name.loc, DiagMsg::kTooManySharedElements, fmt::arg("n", shared_elements),
        fmt::arg("limit", LimitHint(diags_.lang(), "variables", s.options_.limits.variables)));
    return nullptr;
  }
  // Templates and their instance counts; the processes and variables they make, bounded.
  const ModelLimits& limits = s.options_.limits;
  int64_t total = 0;
  uint64_t variables = shared_elements;
  for (const ProcessDecl& pd : m_.processes) {
    Template t;
    t.name = pd.name.text;
    // Local arrays: one slot per element, in declaration order.
    local_slots_.emplace_back();
    std::vector<VarInfo> slots;
    for (const VarDecl& v : pd.locals) {
      int64_t length = 0;
      if (v.array) length = ArraySize(*v.array, v.name.text).value_or(0);
      local_slots_.back().push_back({static_cast<int32_t>(slots.size()), length});
      for (int64_t i = 0; i < std::max<int64_t>(length, 1); ++i) {
        VarInfo info;
        info.name = length > 0 ? fmt::format("{}[{}]", v.name.text, i) : v.name.text;
        info.loc = v.name.loc;
        info.ghost = v.ghost;
        slots.push_back(std::move(info));
        if (slots.size() > limits.variables) break;
      }
    }
    std::optional<int64_t> n = Constant(pd.instances, Type::kInt, false, 0, "instances");
    const uint64_t room = limits.processes - static_cast<uint64_t>(total);
    if (n && (*n < 0 || static_cast<uint64_t>(*n) > room)) {
      if (*n < 0) {
        diags_.Error(pd.instances.loc, DiagMsg::kNegativeInstances, fmt::arg("name", t.name),
                     fmt::arg("n", *n));
      } else {
        diags_.Error(pd.instances.loc, DiagMsg::kTooManyProcesses, fmt::arg("name", t.name),
                     fmt::arg("n", static_cast<uint64_t>(total) + *n),
                     fmt::arg("limit", LimitHint(diags_.lang(), "processes", limits.processes)));
      }
      n.reset();
    }
    // At most 10^6 processes (kLimits) with at most 10^7 locals each (kLimits): no overflow.
    const uint64_t locals = std::min<uint64_t>(slots.size(), limits.variables + 1);
    if (n && variables <= limits.variables &&
        variables + static_cast<uint64_t>(*n) * locals > limits.variables) {
      diags_.Error(pd.instances.loc, DiagMsg::kTooManyVariables, fmt::arg("name", t.name),
                   fmt::arg("n", variables + static_cast<uint64_t>(*n) * locals),
                   fmt::arg("limit", LimitHint(diags_.lang(), "variables", limits.variables)));
      variables = limits.variables + 1;  // reported once
    } else if (n) {
      variables += static_cast<uint64_t>(*n) * locals;
    }
    t.instances = n ? static_cast<int>(*n) : 0;
    t.first_process = static_cast<int>(total);
    total += t.instances;
    t.locals = std::move(slots);
    s.templates_.push_back(std::move(t));
  }
  if (diags_.has_errors()) return nullptr;

  // Layout: shared variables, then each process (pc, locals), then locks and semaphores.
  StateLayout& layout = s.layout_;
  std::vector<int64_t> init;
  auto add_field = [&](int64_t lo, int64_t hi, int64_t value, System::FieldDesc desc,
                       bool new_word) {
    int f = layout.Add(lo, hi, new_word);
    init.push_back(value);
    s.field_desc_.push_back(desc);
    return f;
  };
  for (size_t i = 0; i < m_.shared.size(); ++i) {
    const VarDecl& v = m_.shared[i];
    const Range& r = shared_ranges_[i];
    const int64_t length = shared_lengths[i];
    int first = -1;
    for (int64_t e = 0; e < std::max<int64_t>(length, 1); ++e) {
      VarInfo info;
      info.name = length > 0 ? fmt::format("{}[{}]", v.name.text, e) : v.name.text;
      info.type = r.type;
      info.ghost = v.ghost;
      info.loc = v.name.loc;
      info.field = add_field(
          r.lo, r.hi, r.init,
          {System::FieldDesc::Kind::kShared, static_cast<int>(s.shared_.size()), 0}, false);
      if (e == 0) first = info.field;
      s.shared_.push_back(std::move(info));
    }
    Symbol sym{Symbol::Kind::kShared, r.type, first, 0, v.name.loc};
    if (length > 0) {
      sym.kind = Symbol::Kind::kSharedArray;
      sym.length = length;
    }
    globals_[v.name.text] = sym;
    global_names_.push_back(v.name.text);
  }
  // Syncs' fields come after every process's pc and locals: their numbers, known now, let
  // expressions (`held(lock)`) name them before the processes are laid out.
  int next_sync_field = layout.size();
  for (const Template& t : s.templates_) {
    next_sync_field += t.instances * (1 + static_cast<int>(t.locals.size()));
  }
  // Syncs before steps compile (steps name them); their fields come after the processes.
  for (const SyncDecl& d : m_.syncs) {
    SyncInfo si;
    si.name = d.name.text;
    si.is_semaphore = d.is_semaphore;
    si.reentrant = d.reentrant;
    if (d.reentrant_if) {
      si.reentrant = Constant(*d.reentrant_if, Type::kBool, false, 0, "reentrant").value_or(0) != 0;
    }
    si.owner_only = si.reentrant;
    if (d.owner_only && !si.reentrant) {
      si.owner_only = Constant(*d.owner_only, Type::kBool, false, 0, "owner_only").value_or(0) != 0;
    }
    si.loc = d.name.loc;
    int64_t length = 0;
    if (d.array) length = ArraySize(*d.array, d.name.text).value_or(0);
    if (d.is_semaphore) {
      std::optional<int64_t> v = Constant(d.init, Type::kInt, false, 0, "semaphore");
      if (v && *v < 0) {
        diags_.Error(d.init.loc, DiagMsg::kSemaphoreNegative, fmt::arg("name", si.name),
                     fmt::arg("n", *v));
      }
      if (v && *v > kMaxCount) {
        diags_.Error(d.init.loc, DiagMsg::kSemaphoreTooLarge, fmt::arg("name", si.name),
                     fmt::arg("n", *v), fmt::arg("max", kMaxCount),
                     fmt::arg("bits", StateLayout::kMaxFieldBits));
        v.reset();
      }
      si.init = v.value_or(0);
      si.max = std::max<int64_t>(si.init, 255);
      if (d.max) {
        std::optional<int64_t> mx = Constant(*d.max, Type::kInt, false, 0, "max");
        if (mx && *mx < si.init) {
          diags_.Error(d.max->loc, DiagMsg::kSemaphoreMaxBelow, fmt::arg("name", si.name),
                       fmt::arg("max", *mx), fmt::arg("init", si.init));
        } else if (mx && *mx > kMaxCount) {
          diags_.Error(d.max->loc, DiagMsg::kSemaphoreMaxTooLarge, fmt::arg("name", si.name),
                       fmt::arg("n", *mx), fmt::arg("max", kMaxCount),
                       fmt::arg("bits", StateLayout::kMaxFieldBits));
          mx.reset();
        }
        if (mx) si.max = *mx;
      }
    }
    const int first = static_cast<int>(s.syncs_.size());
    sync_index_.emplace(si.name, first);  // names are unique
    Symbol sym{Symbol::Kind::kSync, Type::kInt, next_sync_field, first, d.name.loc};
    sym.length = length;
    sym.semaphore = d.is_semaphore;
    globals_[d.name.text] = sym;
    global_names_.push_back(d.name.text);
    for (int64_t e = 0; e < std::max<int64_t>(length, 1); ++e) {
      SyncInfo element = si;
      if (length > 0) element.name = fmt::format("{}[{}]", si.name, e);
      s.syncs_.push_back(std::move(element));
      ++next_sync_field;
    }
  }
  // Barriers, before steps compile (`wait:` names them); their fields come last.
  for (const BarrierDecl& d : m_.barriers) {
    BarrierInfo b;
    b.name = d.name.text;
    b.loc = d.name.loc;
    std::optional<int64_t> n = Constant(d.parties, Type::kInt, false, 0, "barrier");
    if (n && (*n < 1 || *n > kMaxCount)) {
      diags_.Error(d.parties.loc, *n < 1 ? DiagMsg::kBarrierTooFew : DiagMsg::kBarrierTooMany,
                   fmt::arg("name", b.name), fmt::arg("n", *n), fmt::arg("max", kMaxCount),
                   fmt::arg("bits", StateLayout::kMaxFieldBits));
      n.reset();
    }
    b.parties = n.value_or(1);
    barrier_index_.emplace(b.name, static_cast<int>(s.barriers_.size()));
    s.barriers_.push_back(std::move(b));
  }
  // Queues, likewise.
  for (const QueueDecl& d : m_.queues) {
    QueueInfo q;
    q.name = d.name.text;
    q.loc = d.name.loc;
    constexpr int64_t kMaxQueue = 1024;
    std::optional<int64_t> n = Constant(d.maxsize, Type::kInt, false, 0, "queue");
    if (n && (*n < 1 || *n > kMaxQueue)) {
      diags_.Error(d.maxsize.loc, DiagMsg::kQueueMaxsize, fmt::arg("name", q.name),
                   fmt::arg("n", *n), fmt::arg("max", kMaxQueue));
      n.reset();
    }
    q.maxsize = n.value_or(1);
    queue_index_.emplace(q.name, static_cast<int>(s.queues_.size()));
    s.queues_.push_back(std::move(q));
  }
  // Conditions, likewise; each names its lock (one declared under `locks:` or `rlocks:`, not an
  // array's element), or has its own rlock of its name, which the loader declared.
  for (const ConditionDecl& d : m_.conditions) {
    ConditionInfo c;
    c.name = d.name.text;
    c.loc = d.name.loc;
    const Name& lock = d.lock ? *d.lock : d.name;
    auto at = sync_index_.find(lock.text);
    if (at == sync_index_.end() || s.syncs_[at->second].is_semaphore ||
        s.syncs_[at->second].name != lock.text) {
      std::vector<std::string> locks;
      for (const SyncInfo& y : s.syncs_) {
        if (!y.is_semaphore && y.name.find('[') == std::string::npos) locks.push_back(y.name);
      }
      const std::string hint = at == sync_index_.end() ? ClosestName(lock.text, locks) : "";
      const DiagMsg msg = at != sync_index_.end()
                              ? (s.syncs_[at->second].is_semaphore ? DiagMsg::kCondLockSemaphore
                                                                   : DiagMsg::kCondLockArray)
                          : hint.empty() ? DiagMsg::kUnknownLock
                                         : DiagMsg::kUnknownLockDidYouMean;
      diags_.Error(lock.loc, msg, fmt::arg("cond", c.name), fmt::arg("name", lock.text),
                   fmt::arg("suggestion", hint));
    } else {
      c.lock = at->second;
    }
    if (d.spurious) {
      c.spurious = Constant(*d.spurious, Type::kBool, false, 0, "spurious").value_or(0) != 0;
    }
    condition_index_.emplace(c.name, static_cast<int>(s.conditions_.size()));
    s.conditions_.push_back(std::move(c));
  }
  // Properties: invariants and finals first, so their indices are stable.
  for (const PropertyDecl& pd : m_.invariants) {
    int32_t id = AddProperty(pd.name.text, PropertyKind::kInvariant, pd.expr.text, pd.name.loc);
    std::optional<Code> c = CompileExpr(pd.expr, PropertyScope(), Type::kBool, diags_);
    if (c) s.properties_[id].expr = std::move(*c);
    if (c && s.properties_[id].expr.names_process) s.names_processes_ = true;
    if (pd.goal) s.properties_[id].goal = GoalText(*pd.goal);
    s.invariant_ids_.push_back(id);
  }
  for (const PropertyDecl& pd : m_.finals) {
    int32_t id = AddProperty(pd.name.text, PropertyKind::kFinal, pd.expr.text, pd.name.loc);
    std::optional<Code> c = CompileExpr(pd.expr, PropertyScope(), Type::kBool, diags_);
    if (c) s.properties_[id].expr = std::move(*c);
    if (c && s.properties_[id].expr.names_process) s.names_processes_ = true;
    if (pd.goal) s.properties_[id].goal = GoalText(*pd.goal);
    s.final_ids_.push_back(id);
  }
  // Locals' types (from their initial values, evaluated for instance 0) and the code.
  for (size_t ti = 0; ti < s.templates_.size(); ++ti) {
    Template& t = s.templates_[ti];
    const ProcessDecl& pd = m_.processes[ti];
    for (size_t k = 0; k < pd.locals.size(); ++k) {
      std::optional<Code> c =
          CompileExpr(pd.locals[k].init, ParamScope(true), std::nullopt, diags_);
      const auto [slot, length] = local_slots_[ti][k];
      for (int64_t e = 0; c && e < std::max<int64_t>(length, 1); ++e) {
        t.locals[slot + e].type = c->type;
      }
    }
    BeginTemplate(ti);
    CompileSteps(pd.steps, t, 0);
    FinishTemplate(t);
    for (const PInstr& in : t.code) {
      auto reads_self = [](const Code& c) {
        return std::any_of(c.code.begin(), c.code.end(),
                           [](const Instr& i) { return i.op == Op::kLoadSelf; });
      };
      if (reads_self(in.expr) || reads_self(in.index)) t.uses_self = true;
      if (in.expr.names_process || in.index.names_process) s.names_processes_ = true;
      // A print may name `self` for output alone; but a value that can fail (a runtime
      // violation) may fail for some instances and not for others.
      auto can_fail = [](const Code& c) {
        return std::any_of(c.code.begin(), c.code.end(), [](const Instr& i) {
          return i.op == Op::kNeg || i.op == Op::kAdd || i.op == Op::kSub || i.op == Op::kMul ||
                 i.op == Op::kDiv || i.op == Op::kMod;
        });
      };
      for (const Code& c : in.format.values) {
        if (reads_self(c) && can_fail(c)) t.uses_self = true;
        if (c.names_process) s.names_processes_ = true;
      }
    }
    if (s.options_.reduce_locals) AnalyzeLocals(t);
  }
  if (diags_.has_errors()) return nullptr;

  // Processes: pc and locals, evaluated per instance (`self` may appear in initial values).
  for (size_t ti = 0; ti < s.templates_.size(); ++ti) {
    Template& t = s.templates_[ti];
    const ProcessDecl& pd = m_.processes[ti];
    for (int i = 0; i < t.instances; ++i) {
      ProcessInfo p;
      p.name = fmt::format("{}#{}", t.name, i);
      p.tmpl = static_cast<int>(ti);
      p.index = i;
      int pnum = static_cast<int>(s.processes_.size());
      p.pc_field = add_field(0, t.end_pc, t.entry, {System::FieldDesc::Kind::kPc, pnum, 0}, false);
      for (size_t k = 0; k < pd.locals.size(); ++k) {
        std::optional<Range> r = VarRange(pd.locals[k], true, i);
        if (!r) return nullptr;
        const auto [slot, length] = local_slots_[ti][k];
        if (r->type != t.locals[slot].type) {
          diags_.Error(pd.locals[k].init.loc, DiagMsg::kLocalTypeSelf);
          return nullptr;
        }
        for (int64_t e = 0; e < std::max<int64_t>(length, 1); ++e) {
          int f =
              add_field(r->lo, r->hi, r->init,
                        {System::FieldDesc::Kind::kLocal, pnum, static_cast<int>(slot + e)}, false);
          if (slot + e == 0) p.local_base = f;
        }
      }
      s.processes_.push_back(std::move(p));
      if (static_cast<uint64_t>(layout.words()) > limits.state_words) {
        diags_.Error(
            pd.instances.loc, DiagMsg::kStateTooLarge, fmt::arg("n", limits.state_words),
            fmt::arg("limit", LimitHint(diags_.lang(), "state-words", limits.state_words)));
        return nullptr;
      }
    }
  }
  const int64_t nprocs = static_cast<int64_t>(s.processes_.size());
  RC_CHECK(s.syncs_.empty() ||
           layout.size() == next_sync_field - static_cast<int>(s.syncs_.size()));
  for (size_t i = 0; i < s.syncs_.size(); ++i) {
    SyncInfo& si = s.syncs_[i];
    if (si.is_semaphore) {
      si.field = add_field(0, si.max, si.init,
                           {System::FieldDesc::Kind::kSemaphore, static_cast<int>(i), 0}, false);
    } else {
      si.field =
          add_field(0, nprocs, 0, {System::FieldDesc::Kind::kLock, static_cast<int>(i), 0}, false);
    }
  }
  // An rlock's depth after every sync's own field: those are consecutive, an array's elements
  // one after another, as expressions (`held(r[i])`) index them.
  for (size_t i = 0; i < s.syncs_.size(); ++i) {
    SyncInfo& si = s.syncs_[i];
    if (!si.reentrant) continue;
    si.depth_field = add_field(0, SyncInfo::kMaxDepth, 0,
                               {System::FieldDesc::Kind::kDepth, static_cast<int>(i), 0}, false);
  }
  for (size_t i = 0; i < s.barriers_.size(); ++i) {
    BarrierInfo& b = s.barriers_[i];
    const int index = static_cast<int>(i);
    b.waiting_field =
        add_field(0, b.parties, 0, {System::FieldDesc::Kind::kBarrierWaiting, index, 0}, false);
    b.open_field = add_field(0, 1, 0, {System::FieldDesc::Kind::kBarrierOpen, index, 0}, false);
  }
  for (size_t i = 0; i < s.queues_.size(); ++i) {
    QueueInfo& q = s.queues_[i];
    const int index = static_cast<int>(i);
    q.size_field =
        add_field(0, q.maxsize, 0, {System::FieldDesc::Kind::kQueueSize, index, 0}, false);
    for (int64_t k = 0; k < q.maxsize; ++k) {
      const int f =
          add_field(kDefaultLo, kDefaultHi, 0,
                    {System::FieldDesc::Kind::kQueueItem, index, static_cast<int>(k)}, false);
      if (k == 0) q.first_item = f;
    }
  }
  for (size_t i = 0; i < s.conditions_.size(); ++i) {
    ConditionInfo& c = s.conditions_[i];
    const int index = static_cast<int>(i);
    c.sleeping_field =
        add_field(0, nprocs, 0, {System::FieldDesc::Kind::kCondSleeping, index, 0}, false);
    c.tokens_field =
        add_field(0, nprocs, 0, {System::FieldDesc::Kind::kCondTokens, index, 0}, false);
  }
  if (layout.words() == 0) add_field(0, 0, 0, {System::FieldDesc::Kind::kShared, -1, 0}, true);
  s.initial_values_ = std::move(init);

  s.deadlock_property_ =
      AddProperty("deadlock", PropertyKind::kDeadlock,
                  "some process has not finished and no process can move", SourceLoc{});
  s.lock_property_ =
      AddProperty("lock_misuse", PropertyKind::kLockMisuse,
                  s.has_owner_only_lock() ? "a process releases a lock that nobody holds, or one "
                                            "that only its holder may release"
                                          : "a process releases a lock that nobody holds",
                  SourceLoc{});
  s.range_property_ = AddProperty("range", PropertyKind::kRange,
                                  "every value stays inside its variable's range", SourceLoc{});
  // Models without arrays keep the description they always had (their reports are unchanged).
  const bool arrays =
      std::any_of(m_.shared.begin(), m_.shared.end(), [](const VarDecl& v) { return v.array; }) ||
      std::any_of(m_.syncs.begin(), m_.syncs.end(), [](const SyncDecl& d) { return d.array; }) ||
      std::any_of(m_.processes.begin(), m_.processes.end(), [](const ProcessDecl& pd) {
        return std::any_of(pd.locals.begin(), pd.locals.end(),
                           [](const VarDecl& v) { return v.array; });
      });
  s.runtime_property_ = AddProperty(
      "runtime", PropertyKind::kRuntime,
      arrays ? "no division by zero, overflow or index out of range; every atomic group ends"
             : "no division by zero or overflow; every atomic group ends",
      SourceLoc{});
  return std::move(sys_);
}

std::unique_ptr<System> System::Build(std::shared_ptr<const Model> model,
                                      const BuildOptions& options, DiagnosticSink& diags) {
  SystemBuilder b(std::move(model), options, diags);
  return b.Build();
}

}  // namespace racecheck
