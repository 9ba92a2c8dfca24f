// The reference interpreter's semantics, walking the Model's step tree. See ref_interp.h and,
// for the rules implemented, reference.h and docs/model-format.md.
#include "tests/reference/ref_interp.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "tests/reference/reference.h"

namespace racecheck::reference {
namespace {

// docs/model-format.md, "The default range": 16 bits, widened to hold the initial value.
constexpr int64_t kDefaultLo = -32768;
constexpr int64_t kDefaultHi = 32767;
// docs/model-format.md, `atomic`: a group that never ends is a `runtime` violation "after 2^20
// instructions": a step may run at most this many of the group's steps.
constexpr int64_t kMaxAtomicSteps = int64_t{1} << 20;
// docs/model-format.md, "Semaphores": `name: k` has a maximum of max(k, 255).
constexpr int64_t kDefaultSemaphoreMax = 255;
// docs/model-format.md, "Queues": an item is an int in [-32768, 32767], the default range.
constexpr int64_t kQueueItemLo = -32768, kQueueItemHi = 32767;
// How deep the holder of an rlock may take it (the engine's SyncInfo::kMaxDepth, written again).
constexpr int64_t kMaxRlockDepth = 255;

// Calls visit(step, path) for every step of `steps` (whose paths are parent + one level with
// `branch`) and, while visit returns true, for the steps nested in it, in source order.
void ForEachStep(const std::vector<Step>& steps, const Path& parent, int branch,
                 const std::function<bool(const Step&, const Path&)>& visit) {
  for (size_t i = 0; i < steps.size(); ++i) {
    Path here = parent;
    here.push_back(static_cast<int32_t>(2 * i) + branch);
    if (!visit(steps[i], here)) continue;
    ForEachStep(steps[i].body, here, 0, visit);
    ForEachStep(steps[i].orelse, here, 1, visit);
  }
}

std::string Where(const SourceText& t) {
  return "line " + std::to_string(t.loc.line) + " '" + t.text + "'";
}

bool HasLoop(const std::vector<Step>& steps) {
  return std::any_of(steps.begin(), steps.end(), [](const Step& st) {
    return st.kind == StepKind::kFor || HasLoop(st.body) || HasLoop(st.orelse);
  });
}

bool IdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `text` with every whole word `name` replaced by "(value)". In a print's format only the
// `{expr}` holes are expressions: the words of the text around them stay as written.
std::string Substitute(const std::string& text, const std::string& name, int64_t value,
                       bool format) {
  std::string out;
  int depth = format ? 0 : 1;  // inside a `{...}` hole (always, for an expression)
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (format && (c == '{' || c == '}')) {
      if (i + 1 < text.size() && text[i + 1] == c && depth == 0) {  // `{{`, `}}`: a brace
        out += text.substr(i, 2);
        i += 2;
        continue;
      }
      depth = c == '{' ? 1 : 0;
      out += c;
      ++i;
      continue;
    }
    if (depth > 0 && IdentStart(c) && (i == 0 || !IdentChar(text[i - 1]))) {
      size_t end = i;
      while (end < text.size() && IdentChar(text[end])) ++end;
      const std::string word = text.substr(i, end - i);
      out += word == name ? "(" + std::to_string(value) + ")" : word;
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

// Step `st` (and the steps nested in it) with loop variable `name` replaced by `value`.
void SubstituteStep(Step& st, const std::string& name, int64_t value) {
  st.text.text = Substitute(st.text.text, name, value, st.kind == StepKind::kPrint);
  if (st.guard) st.guard->text = Substitute(st.guard->text, name, value, false);
  if (st.from) st.from->text = Substitute(st.from->text, name, value, false);
  st.to.text = Substitute(st.to.text, name, value, false);
  for (Step& b : st.body) SubstituteStep(b, name, value);
  for (Step& b : st.orelse) SubstituteStep(b, name, value);
}

}  // namespace

// docs/model-format.md, `for`: "the steps repeated, once per value of the range, as if written
// out one after the other with the loop variable replaced by its value; the loop takes no
// step of its own". Done here literally: each `for` becomes its body written out per value, the
// variable replaced in the text. A `when:` beside the `for` guards all the copies.
bool Interpreter::Unroll(std::vector<Step>& steps, const ConstantFn& constant, int64_t* budget,
                         std::string* error) {
  std::vector<Step> out;
  for (Step& st : steps) {
    if (st.kind != StepKind::kFor) {
      if (!Unroll(st.body, constant, budget, error) ||
          !Unroll(st.orelse, constant, budget, error)) {
        return false;
      }
      out.push_back(std::move(st));
      continue;
    }
    std::string why;
    std::optional<Value> from = Value{0, false};
    if (st.from) from = constant(*st.from, &why);
    std::optional<Value> to = constant(st.to, &why);
    if (!from || !to || from->is_bool || to->is_bool) {
      *error = Where(st.text) + ": bad range " + why;
      return false;
    }
    std::vector<Step> copies;
    for (int64_t v = from->v; v < to->v; ++v) {
      if (--*budget < 0) {
        *error = Where(st.text) + ": too many iterations for the reference";
        return false;
      }
      for (const Step& b : st.body) {
        Step copy = b;
        SubstituteStep(copy, st.loop_var.text, v);
        copies.push_back(std::move(copy));
      }
    }
    if (!Unroll(copies, constant, budget, error)) return false;  // the loops inside
    if (st.guard) {  // one `when:` keeps or drops them all
      Step when;
      when.kind = StepKind::kWhen;
      when.loc = st.loc;
      when.text = *st.guard;
      when.body = std::move(copies);
      out.push_back(std::move(when));
    } else {
      for (Step& c : copies) out.push_back(std::move(c));
    }
  }
  steps = std::move(out);
  return true;
}

std::unique_ptr<Interpreter> Interpreter::Build(const Model& written, bool without_locks,
                                                std::string* error) {
  std::unique_ptr<Interpreter> in(new Interpreter());
  in->model_ = &written;
  in->without_locks_ = without_locks;

  // Params, then shared variables: the names of every scope but a step's own locals and self.
  std::map<std::string, Binding> globals;
  for (const ParamDecl& p : written.params) {
    Binding b;
    b.kind = Binding::Kind::kConstant;
    b.constant = Value{p.default_value, p.is_bool};
    globals[p.name.text] = b;
  }
  // A constant expression over params (and `self`, when allowed): instances, initial values,
  // ranges, semaphore counts.
  auto constant = [&](const SourceText& text, bool allow_self, int64_t self,
                      std::string* why) -> std::optional<Value> {
    std::unique_ptr<Expr> e = ParseExpr(text.text, why);
    if (!e) return std::nullopt;
    const Lookup lookup = [&](const std::string& name) -> std::optional<Binding> {
      if (name == "self") {
        if (!allow_self) return std::nullopt;
        Binding b;
        b.kind = Binding::Kind::kSelf;
        return b;
      }
      auto it = globals.find(name);
      if (it == globals.end() || it->second.kind != Binding::Kind::kConstant) return std::nullopt;
      return it->second;
    };
    if (!Bind(*e, lookup, why)) return std::nullopt;
    EvalResult r = Eval(*e, Env{nullptr, nullptr, self});
    if (r.error != EvalError::kNone) {
      *why = DescribeError(r);
      return std::nullopt;
    }
    return r.value;
  };
  // `for` loops written out (Unroll). Only then a copy of the model: the others keep the
  // written model's steps, whose addresses the tests compare with the engine's.
  const bool loops = std::any_of(written.processes.begin(), written.processes.end(),
                                 [](const ProcessDecl& pd) { return HasLoop(pd.steps); });
  if (loops) {
    in->unrolled_ = std::make_unique<Model>(written);
    int64_t budget = 100000;
    const ConstantFn params = [&](const SourceText& t, std::string* why) {
      return constant(t, false, 0, why);
    };
    for (ProcessDecl& pd : in->unrolled_->processes) {
      if (!in->Unroll(pd.steps, params, &budget, error)) return nullptr;
    }
    in->model_ = in->unrolled_.get();
    for (const ProcessDecl& pd : written.processes) {
      ForEachStep(pd.steps, Path{}, 0, [&](const Step& st, const Path&) {
        in->written_steps_[{st.loc.line, st.loc.col}] = &st;
        return true;
      });
    }
  }
  const Model& model = *in->model_;
  // A variable's type, range and initial value.
  auto var = [&](const VarDecl& d, bool allow_self, int64_t self, Var* v, int64_t* init) -> bool {
    std::string why;
    std::optional<Value> iv = constant(d.init, allow_self, self, &why);
    if (!iv) {
      *error = "initial value of '" + d.name.text + "' (" + Where(d.init) + "): " + why;
      return false;
    }
    v->name = d.name.text;
    v->is_bool = iv->is_bool;
    *init = iv->v;
    if (v->is_bool) {
      if (d.range_lo) {
        *error = "'" + d.name.text + "' is a bool and has a range";
        return false;
      }
      v->lo = 0;
      v->hi = 1;
      return true;
    }
    if (d.range_lo && d.range_hi) {
      std::optional<Value> lo = constant(*d.range_lo, allow_self, self, &why);
      std::optional<Value> hi = constant(*d.range_hi, allow_self, self, &why);
      if (!lo || !hi || lo->is_bool || hi->is_bool || lo->v > hi->v || iv->v < lo->v ||
          iv->v > hi->v) {
        *error = "bad range of '" + d.name.text + "' " + why;
        return false;
      }
      v->lo = lo->v;
      v->hi = hi->v;
    } else {
      v->lo = std::min(kDefaultLo, iv->v);
      v->hi = std::max(kDefaultHi, iv->v);
    }
    return true;
  };

  // An array's length (docs/model-format.md, "Arrays"): an int of 1 or more; 0 for no array.
  auto length_of = [&](const std::optional<SourceText>& a, const std::string& name,
                       int64_t* length) -> bool {
    *length = 0;
    if (!a) return true;
    std::string why;
    std::optional<Value> n = constant(*a, false, 0, &why);
    if (!n || n->is_bool || n->v < 1 || n->v > 100000) {
      *error = "bad length of array '" + name + "' " + why;
      return false;
    }
    *length = n->v;
    return true;
  };
  for (const VarDecl& d : model.shared) {
    Var v;
    int64_t init = 0, length = 0;
    if (!var(d, false, 0, &v, &init) || !length_of(d.array, d.name.text, &length)) return nullptr;
    Binding b;
    b.kind = length > 0 ? Binding::Kind::kSharedArray : Binding::Kind::kShared;
    b.index = static_cast<int>(in->shared_.size());
    b.is_bool = v.is_bool;
    b.length = length;
    globals[d.name.text] = b;
    in->shared_names_[d.name.text] = b;
    for (int64_t e = 0; e < std::max<int64_t>(length, 1); ++e) {
      in->shared_.push_back(v);
      in->shared_init_.push_back(init);
    }
  }
  for (const SyncDecl& d : model.syncs) {
    Sync s;
    s.name = d.name.text;
    s.is_semaphore = d.is_semaphore;
    s.reentrant = d.reentrant;
    if (d.reentrant_if) {
      std::string why;
      std::optional<Value> r = constant(*d.reentrant_if, false, 0, &why);
      if (!r || !r->is_bool) {
        *error = "bad 'reentrant' of lock '" + s.name + "' " + why;
        return nullptr;
      }
      s.reentrant = r->v != 0;
    }
    s.owner_only = s.reentrant;
    if (d.owner_only && !s.reentrant) {
      std::string why;
      std::optional<Value> r = constant(*d.owner_only, false, 0, &why);
      if (!r || !r->is_bool) {
        *error = "bad 'owner_only' of lock '" + s.name + "' " + why;
        return nullptr;
      }
      s.owner_only = r->v != 0;
    }
    int64_t length = 0;
    if (!length_of(d.array, d.name.text, &length)) return nullptr;
    Binding b;
    b.kind = Binding::Kind::kSync;
    b.index = static_cast<int>(in->syncs_.size());  // made absolute below
    b.length = length;
    b.semaphore = d.is_semaphore;
    in->sync_names_[d.name.text] = b;
    if (d.is_semaphore) {
      std::string why;
      std::optional<Value> init = constant(d.init, false, 0, &why);
      if (!init || init->is_bool || init->v < 0) {
        *error = "bad initial count of semaphore '" + s.name + "' " + why;
        return nullptr;
      }
      s.init = init->v;
      s.max = std::max(init->v, kDefaultSemaphoreMax);
      if (d.max) {
        std::optional<Value> mx = constant(*d.max, false, 0, &why);
        if (!mx || mx->is_bool || mx->v < s.init) {
          *error = "bad max of semaphore '" + s.name + "' " + why;
          return nullptr;
        }
        s.max = mx->v;
      }
    }
    for (int64_t e = 0; e < std::max<int64_t>(length, 1); ++e) in->syncs_.push_back(s);
  }
  // Locks and semaphores follow the shared variables in a state: `held(l)` reads them there;
  // then the depths of the rlocks.
  for (auto& [name, b] : in->sync_names_) {
    b.index += static_cast<int>(in->shared_.size());
    globals[name] = b;
  }
  int depths = 0;
  for (Sync& y : in->syncs_) {
    if (y.reentrant) {
      y.depth = static_cast<int>(in->shared_.size() + in->syncs_.size()) + depths++;
    }
  }

  // Properties that read the state (params and shared variables only).
  const Lookup property_scope = [&](const std::string& name) -> std::optional<Binding> {
    auto it = globals.find(name);
    if (it == globals.end()) return std::nullopt;
    return it->second;
  };
  for (const auto* list : {&model.invariants, &model.finals}) {
    const bool inv = list == &model.invariants;
    for (const PropertyDecl& pd : *list) {
      std::string why;
      std::unique_ptr<Expr> e = ParseExpr(pd.expr.text, &why);
      if (!e || !Bind(*e, property_scope, &why)) {
        *error = "property '" + pd.name.text + "': " + why;
        return nullptr;
      }
      std::string key = PropertyKey(inv ? "invariant" : "final", pd.name.text, 0, 0);
      in->property_keys_.push_back(key);
      (inv ? in->invariants_ : in->finals_).emplace_back(key, std::move(e));
    }
  }

  // Templates: locals' types (from instance 0's initial values), steps, then the processes.
  const int n_shared = static_cast<int>(in->shared_.size());
  int next_field = n_shared + static_cast<int>(in->syncs_.size()) + depths;
  // Barriers: their two counters follow; each process then keeps, after its locals, whether it
  // has arrived at the barrier it waits at (a `wait:` on a barrier is two steps).
  for (const BarrierDecl& d : model.barriers) {
    std::string why;
    std::optional<Value> n = constant(d.parties, false, 0, &why);
    if (!n || n->is_bool || n->v < 1) {
      *error = "bad parties of barrier '" + d.name.text + "' " + why;
      return nullptr;
    }
    Barrier b;
    b.parties = n->v;
    b.waiting = next_field++;
    b.open = next_field++;
    in->barrier_names_[d.name.text] = static_cast<int>(in->barriers_.size());
    in->barriers_.push_back(b);
  }
  for (const QueueDecl& d : model.queues) {
    std::string why;
    std::optional<Value> n = constant(d.maxsize, false, 0, &why);
    if (!n || n->is_bool || n->v < 1 || n->v > 1024) {
      *error = "bad maxsize of queue '" + d.name.text + "' " + why;
      return nullptr;
    }
    Queue q;
    q.maxsize = n->v;
    q.size = next_field++;
    q.first = next_field;
    next_field += static_cast<int>(n->v);
    in->queue_names_[d.name.text] = static_cast<int>(in->queues_.size());
    in->queues_.push_back(q);
  }
  // Conditions: two counters each.
  for (const ConditionDecl& d : model.conditions) {
    const std::string& lock = d.lock ? d.lock->text : d.name.text;
    auto it = in->sync_names_.find(lock);
    if (it == in->sync_names_.end() || it->second.semaphore || it->second.length > 0) {
      *error = "condition '" + d.name.text + "': no such lock '" + lock + "'";
      return nullptr;
    }
    Cond c;
    c.lock = it->second.index - n_shared;
    if (d.spurious) {
      std::string why;
      std::optional<Value> v = constant(*d.spurious, false, 0, &why);
      if (!v || !v->is_bool) {
        *error = "bad 'spurious' of condition '" + d.name.text + "' " + why;
        return nullptr;
      }
      c.spurious = v->v != 0;
    }
    c.sleeping = next_field++;
    c.notified = next_field++;
    in->cond_names_[d.name.text] = static_cast<int>(in->conds_.size());
    in->conds_.push_back(c);
  }
  const int barrier_slot = model.barriers.empty() ? 0 : 1;
  const int cond_slot = model.conditions.empty() ? 0 : 1;
  for (size_t ti = 0; ti < model.processes.size(); ++ti) {
    const ProcessDecl& pd = model.processes[ti];
    Template t;
    t.decl = &pd;
    int slots = 0;
    for (const VarDecl& d : pd.locals) {
      Var v;
      int64_t init = 0, length = 0;
      if (!var(d, true, 0, &v, &init) || !length_of(d.array, d.name.text, &length)) {
        return nullptr;
      }
      t.local_names.push_back(d.name.text);
      t.local_bool.push_back(v.is_bool);
      t.local_first.push_back(slots);
      t.local_length.push_back(length);
      slots += static_cast<int>(std::max<int64_t>(length, 1));
    }
    in->templates_.push_back(std::move(t));
    if (!in->PrepareSteps(pd.steps, static_cast<int>(ti), error)) return nullptr;
    // Outermost atomic groups: only their first step may block.
    bool atomic_ok = true;
    ForEachStep(pd.steps, Path{}, 0, [&](const Step& st, const Path& here) {
      if (st.kind != StepKind::kAtomic || !atomic_ok) return true;
      atomic_ok = in->CheckAtomic(in->templates_[ti], here, error);
      return false;  // the outermost group decides: do not look for groups inside it
    });
    if (!atomic_ok) return nullptr;

    std::string why;
    std::optional<Value> n = constant(pd.instances, false, 0, &why);
    if (!n || n->is_bool || n->v < 0 || n->v > 10000) {
      *error = "bad instance count of '" + pd.name.text + "' " + why;
      return nullptr;
    }
    for (int64_t i = 0; i < n->v; ++i) {
      Proc p;
      p.name = pd.name.text + "#" + std::to_string(i);
      p.tmpl = static_cast<int>(ti);
      p.self = i;
      p.base = next_field;
      if (barrier_slot) p.arrived = next_field + 1 + slots;
      if (cond_slot) p.cond_phase = next_field + 1 + slots + barrier_slot;
      next_field += 1 + slots + barrier_slot + cond_slot;
      for (size_t k = 0; k < pd.locals.size(); ++k) {
        Var v;
        int64_t init = 0;
        if (!var(pd.locals[k], true, i, &v, &init)) return nullptr;
        if (v.is_bool != in->templates_[ti].local_bool[k]) {
          *error = "the type of local '" + v.name + "' depends on self";
          return nullptr;
        }
        for (int64_t e = 0; e < std::max<int64_t>(in->templates_[ti].local_length[k], 1); ++e) {
          p.locals.push_back(v);
          p.local_init.push_back(init);
        }
      }
      in->procs_.push_back(std::move(p));
    }
  }
  for (const char* builtin : {"deadlock", "lock_misuse", "range", "runtime"}) {
    in->property_keys_.push_back(PropertyKey(builtin, "", 0, 0));
  }
  return in;
}

bool Interpreter::PrepareSteps(const std::vector<Step>& steps, int tmpl, std::string* error) {
  const Template& t = templates_[tmpl];
  // A step's names: `self`, the template's locals, params and shared variables.
  const Lookup scope = [&](const std::string& name) -> std::optional<Binding> {
    Binding b;
    if (name == "self") {
      b.kind = Binding::Kind::kSelf;
      return b;
    }
    for (size_t k = 0; k < t.local_names.size(); ++k) {
      if (t.local_names[k] == name) {
        b.kind = t.local_length[k] > 0 ? Binding::Kind::kLocalArray : Binding::Kind::kLocal;
        b.index = t.local_first[k];
        b.is_bool = t.local_bool[k];
        b.length = t.local_length[k];
        return b;
      }
    }
    for (const ParamDecl& p : model_->params) {
      if (p.name.text == name) {
        b.kind = Binding::Kind::kConstant;
        b.constant = Value{p.default_value, p.is_bool};
        return b;
      }
    }
    if (auto it = shared_names_.find(name); it != shared_names_.end()) return it->second;
    if (auto it = sync_names_.find(name); it != sync_names_.end()) return it->second;
    return std::nullopt;
  };
  // A `when:` condition: params only, decided once.
  auto decide = [&](const SourceText& text, bool* out, std::string* why) -> bool {
    std::unique_ptr<Expr> e = ParseExpr(text.text, why);
    const Lookup params = [&](const std::string& name) -> std::optional<Binding> {
      std::optional<Binding> b = scope(name);
      if (!b || b->kind != Binding::Kind::kConstant) return std::nullopt;
      return b;
    };
    if (!e || !Bind(*e, params, why)) return false;
    EvalResult r = Eval(*e, Env{});
    if (r.error != EvalError::kNone || !r.value.is_bool) {
      *why = "a 'when' that is not a bool constant";
      return false;
    }
    *out = r.value.v != 0;
    return true;
  };
  for (const Step& st : steps) {
    StepInfo info;
    std::string why;
    if (st.guard && !decide(*st.guard, &info.kept, &why)) {
      *error = Where(*st.guard) + ": " + why;
      return false;
    }
    switch (st.kind) {
      case StepKind::kWhen:
        if (!decide(st.text, &info.kept, &why)) {
          *error = Where(st.text) + ": " + why;
          return false;
        }
        break;
      case StepKind::kPut: {  // Queue.put(value)
        auto q = queue_names_.find(st.queue.text);
        info.expr = ParseExpr(st.text.text, &why);
        if (q == queue_names_.end() || !info.expr || !Bind(*info.expr, scope, &why)) {
          *error = Where(st.text) + ": bad put " + why;
          return false;
        }
        info.queue = q->second;
        break;
      }
      case StepKind::kAssign:
      case StepKind::kGet:      // target = Queue.get(): an assignment whose value is the item
      case StepKind::kSet:      // Event.set(): the event's bool becomes true
      case StepKind::kClear: {  // Event.clear(): false
        if (st.kind == StepKind::kGet) {
          auto q = queue_names_.find(st.queue.text);
          if (q == queue_names_.end()) {
            *error = Where(st.text) + ": unknown queue '" + st.queue.text + "'";
            return false;
          }
          info.queue = q->second;
        }
        const std::string text =
            st.kind == StepKind::kAssign ? st.text.text
            : st.kind == StepKind::kGet
                ? st.text.text + " = 0"
                : st.text.text + (st.kind == StepKind::kSet ? " = true" : " = false");
        std::optional<ParsedAssign> a = ParseAssign(text, &why);
        if (!a || !Bind(*a->value, scope, &why)) {
          *error = Where(st.text) + ": " + why;
          return false;
        }
        std::optional<Binding> target = scope(a->target);
        const bool array = target && (target->kind == Binding::Kind::kLocalArray ||
                                      target->kind == Binding::Kind::kSharedArray);
        if (!target || array != (a->index != nullptr) ||
            (target->kind != Binding::Kind::kLocal && target->kind != Binding::Kind::kShared &&
             !array)) {
          *error = Where(st.text) + ": cannot assign to '" + a->target + "'";
          return false;
        }
        if (a->index && !Bind(*a->index, scope, &why)) {
          *error = Where(st.text) + ": " + why;
          return false;
        }
        info.target_local =
            target->kind == Binding::Kind::kLocal || target->kind == Binding::Kind::kLocalArray;
        info.target = target->index;
        info.index = std::move(a->index);
        info.length = target->length;
        info.expr = std::move(a->value);
        break;
      }
      case StepKind::kNotify:
      case StepKind::kNotifyAll: {
        auto c = cond_names_.find(st.text.text);
        if (c == cond_names_.end()) {
          *error = Where(st.text) + ": no such condition";
          return false;
        }
        info.cond = c->second;
        break;
      }
      case StepKind::kWait:
        if (auto b = barrier_names_.find(st.text.text); b != barrier_names_.end()) {
          info.barrier = b->second;  // Barrier.wait()
          break;
        }
        if (auto c = cond_names_.find(st.text.text); c != cond_names_.end()) {
          info.cond = c->second;  // Condition.wait()
          break;
        }
        [[fallthrough]];  // Event.wait(): waits until the event's bool is true
      case StepKind::kIf:
      case StepKind::kWhile:
      case StepKind::kAwait:
      case StepKind::kAssert:
        info.expr = ParseExpr(st.text.text, &why);
        if (!info.expr || !Bind(*info.expr, scope, &why)) {
          *error = Where(st.text) + ": " + why;
          return false;
        }
        if (st.kind == StepKind::kAssert) {
          info.property = PropertyKey("assert", "", st.loc.line, st.loc.col);
          if (std::find(property_keys_.begin(), property_keys_.end(), info.property) ==
              property_keys_.end()) {
            property_keys_.push_back(info.property);
          }
        }
        break;
      case StepKind::kPrint: {
        std::optional<ParsedFormat> f = ParseFormat(st.text.text, &why);
        if (!f) {
          *error = Where(st.text) + ": " + why;
          return false;
        }
        for (std::unique_ptr<Expr>& e : f->values) {
          if (!Bind(*e, scope, &why)) {
            *error = Where(st.text) + ": " + why;
            return false;
          }
        }
        info.format = std::move(*f);
        break;
      }
      case StepKind::kAcquire:
      case StepKind::kRelease: {
        // A condition's name stands for its lock (`with cond:`).
        if (auto c = cond_names_.find(st.text.text); c != cond_names_.end()) {
          info.sync = conds_[static_cast<size_t>(c->second)].lock;
          break;
        }
        // `lock`, or `fork[i]`: parsed as an expression, a name or an element; a Value's own
        // lock, `n.get_lock()`, is a name no expression can be.
        if (auto own = sync_names_.find(st.text.text);
            own != sync_names_.end() && st.text.text.find('.') != std::string::npos) {
          info.sync = own->second.index - static_cast<int>(shared_.size());
          break;
        }
        std::unique_ptr<Expr> ref = ParseExpr(st.text.text, &why);
        const Expr* name = ref == nullptr              ? nullptr
                           : ref->node == Node::kIndex ? ref->a.get()
                           : ref->node == Node::kName  ? ref.get()
                                                       : nullptr;
        auto it = name != nullptr ? sync_names_.find(name->name) : sync_names_.end();
        if (it == sync_names_.end() || (it->second.length > 0) != (ref->node == Node::kIndex)) {
          *error = Where(st.text) + ": no such lock or semaphore";
          return false;
        }
        info.sync = it->second.index - static_cast<int>(shared_.size());
        if (ref->node == Node::kIndex) {
          if (!Bind(*ref->b, scope, &why)) {
            *error = Where(st.text) + ": " + why;
            return false;
          }
          info.index = std::move(ref->b);
          info.length = it->second.length;
        }
        break;
      }
      case StepKind::kSleep:
      case StepKind::kAtomic:
        break;
      case StepKind::kFor:  // written out by Unroll
        *error = Where(st.text) + ": a 'for' left in the steps";
        return false;
    }
    steps_[&st] = std::move(info);
    if (!PrepareSteps(st.body, tmpl, error) || !PrepareSteps(st.orelse, tmpl, error)) {
      return false;
    }
  }
  return true;
}

// docs/model-format.md, `atomic`: "Only the first step of a group may block (an acquire or an
// await): once a group has started, it must not stop halfway." The first step is the one the
// group's position settles at; in the lock-free variant acquires are gone and never block.
bool Interpreter::CheckAtomic(const Template& t, const Path& group, std::string* error) {
  const Path first = Settle(t, Enter(group, 0));
  const Step& g = StepAt(t, group);
  bool ok = true;
  ForEachStep(g.body, group, 0, [&](const Step& st, const Path& here) {
    const bool blocks = st.kind == StepKind::kAwait || st.kind == StepKind::kWait ||
                        st.kind == StepKind::kPut || st.kind == StepKind::kGet ||
                        (st.kind == StepKind::kAcquire && !without_locks_);
    if (ok && blocks && here != first) {
      *error = "line " + std::to_string(st.loc.line) +
               ": a step that can block is not the first of its atomic group";
      ok = false;
    }
    return ok;
  });
  return ok;
}

const std::vector<Step>& Interpreter::ListOf(const Template& t, const Path& path) const {
  const std::vector<Step>* list = &t.decl->steps;
  for (size_t k = 0; k + 1 < path.size(); ++k) {
    const Step& st = (*list)[static_cast<size_t>(path[k] >> 1)];
    list = (path[k + 1] & 1) != 0 ? &st.orelse : &st.body;
  }
  return *list;
}

const Step& Interpreter::StepAt(const Template& t, const Path& path) const {
  return ListOf(t, path)[static_cast<size_t>(path.back() >> 1)];
}

// From a candidate position (possibly past the end of a list, or at a sleep, a removed lock
// operation or an atomic group) to the next step that runs, or the end (the empty path).
Path Interpreter::Settle(const Template& t, Path path) const {
  while (!path.empty()) {
    const std::vector<Step>& list = ListOf(t, path);
    const size_t i = static_cast<size_t>(path.back() >> 1);
    if (i >= list.size()) {  // the list is done: back to the step that owns it
      path.pop_back();
      if (path.empty()) return path;  // the template's steps are done: the end
      if (StepAt(t, path).kind == StepKind::kWhile) return path;  // test the loop again
      path = Advance(std::move(path));  // after the if or the atomic group
      continue;
    }
    const Step& st = list[i];
    const bool removed =
        (without_locks_ && (st.kind == StepKind::kAcquire || st.kind == StepKind::kRelease)) ||
        (st.guard && !steps_.at(&st).kept);
    if (st.kind == StepKind::kSleep || removed) {  // not steps: go on after them
      path = Advance(std::move(path));
    } else if (st.kind == StepKind::kWhen) {  // the list it keeps, as if written in its place
      path = Enter(std::move(path), steps_.at(&st).kept ? 0 : 1);
    } else if (st.kind == StepKind::kAtomic) {  // a group is its steps
      path = Enter(std::move(path), 0);
    } else {
      return path;
    }
  }
  return path;
}

// The length of the path of the outermost atomic group that contains the step at `path`, or 0.
size_t Interpreter::OutermostAtomic(const Template& t, const Path& path) const {
  const std::vector<Step>* list = &t.decl->steps;
  for (size_t k = 0; k + 1 < path.size(); ++k) {
    const Step& st = (*list)[static_cast<size_t>(path[k] >> 1)];
    if (st.kind == StepKind::kAtomic) return k + 1;
    list = (path[k + 1] & 1) != 0 ? &st.orelse : &st.body;
  }
  return 0;
}

int64_t Interpreter::Intern(Template& t, const Path& path) {
  auto [it, fresh] = t.ids.emplace(path, static_cast<int64_t>(t.paths.size()));
  if (fresh) t.paths.push_back(path);
  return it->second;
}

State Interpreter::Initial() {
  State s = shared_init_;
  for (const Sync& y : syncs_) s.push_back(y.is_semaphore ? y.init : 0);  // locks start free
  for (const Sync& y : syncs_) {
    if (y.reentrant) s.push_back(0);  // an rlock's depth
  }
  for (size_t b = 0; b < barriers_.size(); ++b) s.insert(s.end(), {0, 0});  // waiting, open
  for (const Queue& q : queues_) s.insert(s.end(), static_cast<size_t>(1 + q.maxsize), 0);
  for (size_t c = 0; c < conds_.size(); ++c) s.insert(s.end(), {0, 0});  // sleeping, notified
  for (const Proc& p : procs_) {
    Template& t = templates_[static_cast<size_t>(p.tmpl)];
    s.push_back(Intern(t, Settle(t, Path{0})));
    s.insert(s.end(), p.local_init.begin(), p.local_init.end());
    if (p.arrived >= 0) s.push_back(0);
    if (p.cond_phase >= 0) s.push_back(0);
  }
  return s;
}

bool Interpreter::Finished(const State& s, int p) const {
  const Proc& pr = procs_[static_cast<size_t>(p)];
  return templates_[static_cast<size_t>(pr.tmpl)].paths[static_cast<size_t>(s[pr.base])].empty();
}

const Step* Interpreter::NextStepOf(const State& s, int p) const {
  if (Finished(s, p)) return nullptr;
  const Proc& pr = procs_[static_cast<size_t>(p)];
  const Template& t = templates_[static_cast<size_t>(pr.tmpl)];
  const Path& path = t.paths[static_cast<size_t>(s[pr.base])];
  const size_t group = OutermostAtomic(t, path);
  const Step* step = group > 0
                         ? &StepAt(t, Path(path.begin(), path.begin() + static_cast<long>(group)))
                         : &StepAt(t, path);
  if (unrolled_ == nullptr) return step;
  // A copy that a `for` loop wrote out: the step of the loop's body, as written.
  auto it = written_steps_.find({step->loc.line, step->loc.col});
  return it != written_steps_.end() ? it->second : step;
}

Env Interpreter::EnvOf(const State& s, int p) const {
  const Proc& pr = procs_[static_cast<size_t>(p)];
  return Env{s.data(), s.data() + pr.base + 1, pr.self};
}

int Interpreter::SyncOf(const State& s, int p, const StepInfo& info, EvalError* why) const {
  if (!info.index) return info.sync;
  EvalResult r = Eval(*info.index, EnvOf(s, p));
  if (r.error == EvalError::kType || (r.error == EvalError::kNone && r.value.is_bool)) {
    Fail("lock index: " + DescribeError(r));
    return -1;
  }
  if (r.error != EvalError::kNone || r.value.v < 0 || r.value.v >= info.length) {
    if (why != nullptr) *why = r.error == EvalError::kNone ? EvalError::kIndex : r.error;
    return -1;
  }
  return info.sync + static_cast<int>(r.value.v);
}

// Does `step` (which process p is at) wait in s?
bool Interpreter::Blocks(const State& s, int p, const Step& step) const {
  const StepInfo& info = steps_.at(&step);
  if (step.kind == StepKind::kAcquire) {
    const int sync = SyncOf(s, p, info);
    if (sync < 0) return false;  // a failing index: the step runs, and fails
    const int64_t v = s[static_cast<size_t>(shared_.size()) + static_cast<size_t>(sync)];
    const Sync& y = syncs_[static_cast<size_t>(sync)];
    if (y.reentrant) return v != 0 && v != p + 1;  // its holder takes it again
    return y.is_semaphore ? v == 0 : v != 0;
  }
  if (step.kind == StepKind::kPut || step.kind == StepKind::kGet) {  // full / empty
    const Queue& q = queues_[static_cast<size_t>(info.queue)];
    const int64_t size = s[static_cast<size_t>(q.size)];
    return step.kind == StepKind::kPut ? size == q.maxsize : size == 0;
  }
  if (info.cond >= 0) {
    const Cond& c = conds_[static_cast<size_t>(info.cond)];
    const int64_t notified = s[static_cast<size_t>(c.notified)];
    if (step.kind != StepKind::kWait) return notified > 0;  // notify: after the last one's
    switch (s[static_cast<size_t>(procs_[static_cast<size_t>(p)].cond_phase)]) {
      case 0:  // to sleep: after the last notify's sleepers have woken
        return notified > 0;
      case 1:  // asleep: until notified (or at any time, with spurious wake-ups)
        return notified == 0 && !c.spurious;
      default: {  // woken: until the lock is free (or its own, an rlock)
        const int64_t v = s[static_cast<size_t>(shared_.size()) + static_cast<size_t>(c.lock)];
        return v != 0 && v != p + 1;
      }
    }
  }
  if (info.barrier >= 0) {  // arriving waits while it is open, leaving until it is
    const Barrier& b = barriers_[static_cast<size_t>(info.barrier)];
    const bool arrived = s[static_cast<size_t>(procs_[static_cast<size_t>(p)].arrived)] != 0;
    const bool open = s[static_cast<size_t>(b.open)] != 0;
    return arrived ? !open : open;
  }
  if (step.kind == StepKind::kAwait || step.kind == StepKind::kWait) {
    EvalResult r = Eval(*info.expr, EnvOf(s, p));
    if (r.error == EvalError::kType || (r.error == EvalError::kNone && !r.value.is_bool)) {
      error_ = error_.empty() ? "await: " + DescribeError(r) : error_;
      return true;
    }
    return r.error == EvalError::kNone && r.value.v == 0;  // a failing condition can move
  }
  return false;
}

bool Interpreter::Enabled(const State& s, int p) const {
  if (Finished(s, p)) return false;
  const Proc& pr = procs_[static_cast<size_t>(p)];
  const Template& t = templates_[static_cast<size_t>(pr.tmpl)];
  return !Blocks(s, p, StepAt(t, t.paths[static_cast<size_t>(s[pr.base])]));
}

StepOutcome Interpreter::TakeStep(State& s, int p) {
  const Proc& pr = procs_[static_cast<size_t>(p)];
  Template& t = templates_[static_cast<size_t>(pr.tmpl)];
  Path path = t.paths[static_cast<size_t>(s[pr.base])];
  const size_t group = OutermostAtomic(t, path);
  const size_t sync_base = shared_.size();
  std::string pending;  // a violation after which the step goes on (owner_only)
  for (int64_t executed = 1;; ++executed) {
    const Step& st = StepAt(t, path);
    const StepInfo& info = steps_.at(&st);
    const Env env = EnvOf(s, p);
    // An expression that failed: ZeroDivisionError and IndexError end the process; an int64
    // overflow is racecheck's bound (Python's ints have none), with nothing after it.
    auto failed = [&](EvalError e) {
      return e == EvalError::kOverflow ? Violation("runtime") : Raise(s, p, t, "runtime");
    };
    // A condition's value; nullopt after a runtime error (or a type error, recorded).
    auto cond = [&](bool* value) -> std::optional<StepOutcome> {
      EvalResult r = Eval(*info.expr, env);
      if (r.error == EvalError::kDivByZero || r.error == EvalError::kOverflow ||
          r.error == EvalError::kIndex) {
        return failed(r.error);
      }
      if (r.error == EvalError::kType || !r.value.is_bool) {
        Fail(Where(st.text) + ": " +
             (r.error == EvalError::kType ? DescribeError(r) : "an int condition"));
        return Violation("runtime");
      }
      *value = r.value.v != 0;
      return std::nullopt;
    };
    Path next;
    bool c = false;
    switch (st.kind) {
      case StepKind::kPut: {
        const Queue& q = queues_[static_cast<size_t>(info.queue)];
        EvalResult r = Eval(*info.expr, env);
        if (r.error == EvalError::kDivByZero || r.error == EvalError::kOverflow ||
            r.error == EvalError::kIndex) {
          return failed(r.error);
        }
        if (r.error == EvalError::kType || r.value.is_bool) {
          Fail(Where(st.text) + ": put: a value that is not an int");
          return Violation("runtime");
        }
        int64_t& size = s[static_cast<size_t>(q.size)];
        if (size >= q.maxsize) {
          Fail(Where(st.text) + ": a put into a full queue");
          return Violation("runtime");
        }
        if (r.value.v < kQueueItemLo || r.value.v > kQueueItemHi) return Violation("range");
        s[static_cast<size_t>(q.first + size)] = r.value.v;
        ++size;
        next = Advance(path);
        break;
      }
      case StepKind::kAssign:
      case StepKind::kGet:
      case StepKind::kSet:
      case StepKind::kClear: {
        EvalResult r{Value{0, false}, EvalError::kNone};
        if (st.kind == StepKind::kGet) {  // the first item; taken off once it is stored
          const Queue& q = queues_[static_cast<size_t>(info.queue)];
          if (s[static_cast<size_t>(q.size)] == 0) {
            Fail(Where(st.text) + ": a get from an empty queue");
            return Violation("runtime");
          }
          r.value.v = s[static_cast<size_t>(q.first)];
        } else {
          r = Eval(*info.expr, env);
        }
        if (r.error == EvalError::kDivByZero || r.error == EvalError::kOverflow ||
            r.error == EvalError::kIndex) {
          return failed(r.error);
        }
        int target = info.target;
        if (info.index) {  // the value first, then the index
          EvalResult i = Eval(*info.index, env);
          if (i.error == EvalError::kType || (i.error == EvalError::kNone && i.value.is_bool)) {
            Fail(Where(st.text) + ": index: " + DescribeError(i));
            return Violation("runtime");
          }
          if (i.error != EvalError::kNone) return failed(i.error);
          if (i.value.v < 0 || i.value.v >= info.length) return Raise(s, p, t, "runtime");
          target += static_cast<int>(i.value.v);
        }
        const Var& v = info.target_local ? pr.locals[static_cast<size_t>(target)]
                                         : shared_[static_cast<size_t>(target)];
        if (r.error == EvalError::kType || r.value.is_bool != v.is_bool) {
          Fail(Where(st.text) + ": " +
               (r.error == EvalError::kType ? DescribeError(r) : "a value of the wrong type"));
          return Violation("runtime");
        }
        if (r.value.v < v.lo || r.value.v > v.hi) return Violation("range");
        const size_t at = info.target_local ? static_cast<size_t>(pr.base + 1 + target)
                                            : static_cast<size_t>(target);
        s[at] = r.value.v;
        if (st.kind == StepKind::kGet) {
          const Queue& q = queues_[static_cast<size_t>(info.queue)];
          int64_t& size = s[static_cast<size_t>(q.size)];
          for (int64_t k = 1; k < size; ++k) {
            s[static_cast<size_t>(q.first + k - 1)] = s[static_cast<size_t>(q.first + k)];
          }
          s[static_cast<size_t>(q.first + size - 1)] = 0;
          --size;
        }
        next = Advance(path);
        break;
      }
      case StepKind::kIf:
        if (auto out = cond(&c)) return *out;
        next = Enter(path, c ? 0 : 1);  // then, or else (an absent else is an empty list)
        break;
      case StepKind::kWhile:
        if (auto out = cond(&c)) return *out;
        next = c ? Enter(path, 0) : Advance(path);
        break;
      case StepKind::kNotify:
      case StepKind::kNotifyAll: {
        const Cond& cd = conds_[static_cast<size_t>(info.cond)];
        if (!without_locks_ && s[sync_base + static_cast<size_t>(cd.lock)] != p + 1) {
          return Raise(s, p, t, "lock_misuse");  // Python: "cannot notify on un-acquired lock"
        }
        int64_t& sleeping = s[static_cast<size_t>(cd.sleeping)];
        const int64_t woken =
            st.kind == StepKind::kNotify ? std::min<int64_t>(sleeping, 1) : sleeping;
        sleeping -= woken;
        s[static_cast<size_t>(cd.notified)] += woken;
        next = Advance(path);
        break;
      }
      case StepKind::kWait:
        if (info.cond >= 0) {
          const Cond& cd = conds_[static_cast<size_t>(info.cond)];
          int64_t& phase = s[static_cast<size_t>(pr.cond_phase)];
          int64_t& owner = s[sync_base + static_cast<size_t>(cd.lock)];
          const Sync& y = syncs_[static_cast<size_t>(cd.lock)];
          next = path;       // the wait's next part, unless this one ends it
          if (phase == 0) {  // give the lock up (its holder only) and sleep
            if (!without_locks_) {
              if (owner != p + 1) return Raise(s, p, t, "lock_misuse");
              if (y.reentrant) {
                int64_t& depth = s[static_cast<size_t>(y.depth)];
                if (depth != 1) return Violation("runtime");  // held more than once
                depth = 0;
              }
              owner = 0;
            }
            ++s[static_cast<size_t>(cd.sleeping)];
            phase = 1;
          } else if (phase == 1) {  // wake: a notified wake-up, else a spurious one
            int64_t& notified = s[static_cast<size_t>(cd.notified)];
            if (notified > 0) {
              --notified;
            } else {
              --s[static_cast<size_t>(cd.sleeping)];
            }
            phase = without_locks_ ? 0 : 2;
            if (without_locks_) next = Advance(path);
          } else {  // take the lock back
            owner = p + 1;
            if (y.reentrant) s[static_cast<size_t>(y.depth)] = 1;
            phase = 0;
            next = Advance(path);
          }
          break;
        }
        if (info.barrier >= 0) {
          const Barrier& b = barriers_[static_cast<size_t>(info.barrier)];
          int64_t& arrived = s[static_cast<size_t>(pr.arrived)];
          int64_t& waiting = s[static_cast<size_t>(b.waiting)];
          int64_t& open = s[static_cast<size_t>(b.open)];
          if (arrived == 0) {  // arrive: the last of the parties opens it; stay at the wait
            arrived = 1;
            if (++waiting == b.parties) open = 1;
            next = path;
          } else {  // leave: the last one out closes it
            arrived = 0;
            if (--waiting == 0) open = 0;
            next = Advance(path);
          }
          break;
        }
        [[fallthrough]];
      case StepKind::kAwait:
        if (auto out = cond(&c)) return *out;
        if (!c) {
          Fail(Where(st.text) + ": an await that waits in the middle of an atomic group");
          return Violation("runtime");
        }
        next = Advance(path);
        break;
      case StepKind::kAssert:
        if (auto out = cond(&c)) return *out;
        if (!c) return Raise(s, p, t, info.property);
        next = Advance(path);
        break;
      case StepKind::kAcquire: {
        EvalError why = EvalError::kNone;
        const int sync = SyncOf(s, p, info, &why);
        if (sync < 0) return failed(why);
        int64_t& v = s[sync_base + static_cast<size_t>(sync)];
        const Sync& y = syncs_[static_cast<size_t>(sync)];
        const bool free = y.is_semaphore ? v > 0 : v == 0 || (y.reentrant && v == p + 1);
        if (!free) {
          Fail(Where(st.text) + ": an acquire that waits in the middle of an atomic group");
          return Violation("runtime");
        }
        if (y.reentrant) {
          int64_t& depth = s[static_cast<size_t>(y.depth)];
          if (depth == kMaxRlockDepth) return Violation("runtime");
          ++depth;
        }
        v = y.is_semaphore ? v - 1 : p + 1;
        next = Advance(path);
        break;
      }
      case StepKind::kRelease: {
        EvalError why = EvalError::kNone;
        const int sync = SyncOf(s, p, info, &why);
        if (sync < 0) return failed(why);
        const Sync& y = syncs_[static_cast<size_t>(sync)];
        int64_t& v = s[sync_base + static_cast<size_t>(sync)];
        if (y.is_semaphore) {
          if (v + 1 > y.max) return Raise(s, p, t, "range");  // BoundedSemaphore: ValueError
          v = v + 1;
        } else if (v == 0 || (v != p + 1 && y.reentrant)) {  // ValueError; RLock: RuntimeError
          return Raise(s, p, t, "lock_misuse");
        } else if (v != p + 1) {  // Lock: anyone may release it; owner_only reports that
          v = 0;
          if (y.owner_only) pending = "lock_misuse";  // reported when the step ends
        } else if (!y.reentrant || --s[static_cast<size_t>(y.depth)] == 0) {
          v = 0;  // an rlock: free at the last of its holder's releases
        }
        next = Advance(path);
        break;
      }
      case StepKind::kPrint:
        for (const std::unique_ptr<Expr>& e : info.format.values) {
          EvalResult r = Eval(*e, env);
          if (r.error == EvalError::kDivByZero || r.error == EvalError::kOverflow ||
              r.error == EvalError::kIndex) {
            return failed(r.error);
          }
          if (r.error == EvalError::kType) {
            Fail(Where(st.text) + ": " + DescribeError(r));
            return Violation("runtime");
          }
        }
        next = Advance(path);
        break;
      case StepKind::kSleep:
      case StepKind::kAtomic:
      case StepKind::kWhen:
      case StepKind::kFor:  // written out by Unroll
        Fail(Where(st.text) + ": a position that is not settled");
        return Violation("runtime");
    }
    next = Settle(t, std::move(next));
    const bool same_group =
        group > 0 && next.size() > group &&
        std::equal(path.begin(), path.begin() + static_cast<ptrdiff_t>(group), next.begin());
    if (!same_group) {
      s[static_cast<size_t>(pr.base)] = Intern(t, next);
      if (!pending.empty()) return StepOutcome{true, pending, true};
      return StepOutcome{};
    }
    if (executed == kMaxAtomicSteps) return Violation("runtime");  // a group that never ends
    path = std::move(next);
  }
}

bool Interpreter::Terminal(const State& s) const {
  for (int p = 0; p < num_processes(); ++p) {
    if (!Finished(s, p)) return false;
  }
  return true;
}

// An invariant or final holds when it evaluates to true; a runtime error means it does not.
bool Interpreter::Holds(const Expr& e, const State& s) const {
  EvalResult r = Eval(e, Env{s.data(), nullptr, 0});
  if (r.error == EvalError::kType || (r.error == EvalError::kNone && !r.value.is_bool)) {
    if (error_.empty()) error_ = "property: " + DescribeError(r);
    return true;
  }
  return r.error == EvalError::kNone && r.value.v != 0;
}

std::vector<std::string> Interpreter::ViolatedInvariants(const State& s) const {
  std::vector<std::string> out;
  for (const auto& [key, e] : invariants_) {
    if (!Holds(*e, s)) out.push_back(key);
  }
  return out;
}

std::vector<std::string> Interpreter::ViolatedFinals(const State& s) const {
  std::vector<std::string> out;
  for (const auto& [key, e] : finals_) {
    if (!Holds(*e, s)) out.push_back(key);
  }
  return out;
}

std::vector<int64_t> Interpreter::SharedValues(const State& s) const {
  return std::vector<int64_t>(s.begin(), s.begin() + static_cast<ptrdiff_t>(shared_.size()));
}

}  // namespace racecheck::reference
