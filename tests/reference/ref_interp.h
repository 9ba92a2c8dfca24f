// The reference interpreter's semantics (internal to tests/reference/): a Model's initial
// state, which processes can move, what one step of a process does, which properties a state
// violates. No search here (ref_search.cc). See reference.h for what is implemented and how.
//
// A state is a flat vector of int64: the shared variables (declaration order), then every lock
// (owner process + 1, 0 when free) and semaphore (count) in Model::syncs order, then per
// process its position id and its locals. A position id names an AST path (Path), interned per
// template as the search meets it, so equal paths are equal ids. Not thread-safe: Step interns.
#ifndef RACECHECK_TESTS_REFERENCE_REF_INTERP_H_
#define RACECHECK_TESTS_REFERENCE_REF_INTERP_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/ast.h"
#include "tests/reference/ref_expr.h"

namespace racecheck::reference {

using State = std::vector<int64_t>;

// A position in a template's step tree: one entry per level, 2 * index + branch, where branch 1
// selects a step's `else` list and 0 its other list (then, do, the atomic group's steps) — or,
// at the first level, the template's steps. The empty path is the end (the process finished).
using Path = std::vector<int32_t>;

struct StepOutcome {
  bool violation = false;
  std::string property;  // for a violation: the property's key (reference.h)
  // A violation after which Python goes on: the state it goes on in is in `s` (the process
  // ended with its exception; or, for an `owner_only` lock released by another, the lock freed).
  bool successor = false;
};

class Interpreter {
 public:
  // nullptr and `*error` when the model cannot be explored (see reference.h, "Known limits").
  // `model` must outlive the Interpreter, which points into its steps (into a copy of them with
  // the `for` loops written out, when it has any).
  static std::unique_ptr<Interpreter> Build(const Model& model, bool without_locks,
                                            std::string* error);

  int num_processes() const { return static_cast<int>(procs_.size()); }
  const std::vector<std::string>& property_keys() const { return property_keys_; }

  State Initial();
  bool Finished(const State& s, int p) const;
  // The step process p runs next in s (inside an atomic group: the `atomic` step itself), as
  // written in the model (a copy that a `for` loop wrote out: the step of the loop's body);
  // nullptr when it has finished.
  const Step* NextStepOf(const State& s, int p) const;
  // Not finished, and not waiting at an acquire or an await.
  bool Enabled(const State& s, int p) const;
  // Runs one step of process p on s (the whole atomic group it starts, if any).
  // REQUIRES: Enabled(s, p). On a violation with no successor `s` is left in an unspecified
  // state.
  StepOutcome TakeStep(State& s, int p);
  bool Terminal(const State& s) const;
  // The keys of the invariants that s violates (of the finals, for a terminal s), in order.
  std::vector<std::string> ViolatedInvariants(const State& s) const;
  std::vector<std::string> ViolatedFinals(const State& s) const;
  std::vector<int64_t> SharedValues(const State& s) const;

  // The first error met while exploring (a type error, a step the semantics does not allow);
  // "" while there is none. The search stops when it is set.
  const std::string& error() const { return error_; }

 private:
  struct Var {
    std::string name;
    bool is_bool = false;
    int64_t lo = 0, hi = 1;
  };
  struct Sync {
    std::string name;
    bool is_semaphore = false;
    bool reentrant = false;   // an rlock: its depth is kept at state[depth]
    bool owner_only = false;  // only its holder may release it (an rlock always)
    int depth = -1;
    int64_t init = 0, max = 0;
  };
  // A barrier (CPython's threading.Barrier): `waiting` processes have arrived and not left;
  // `open` while the group that filled it leaves. Both are state indices.
  struct Barrier {
    int64_t parties = 1;
    int waiting = -1, open = -1;
  };
  // A queue: its size at state[size], its items from state[first] (the first `size` in use).
  struct Queue {
    int64_t maxsize = 1;
    int size = -1, first = -1;
  };
  // A condition (multiprocessing.Condition): `sleeping` waiters not notified yet, `notified`
  // ones that have not woken yet (state indices); any sleeper may take a notified wake-up.
  struct Cond {
    int lock = -1;  // its lock's index in syncs_
    bool spurious = false;
    int sleeping = -1, notified = -1;
  };
  struct Proc {
    std::string name;
    int tmpl = 0;
    int64_t self = 0;
    int arrived = -1;  // with barriers: state index of "arrived at the barrier it waits at"
    // With conditions: state index of where it is in a condition's wait: 0 not begun, 1 asleep,
    // 2 woken (taking the lock back).
    int cond_phase = -1;
    int base = 0;             // state index of its position id; locals follow
    std::vector<Var> locals;  // per instance: ranges may depend on `self`
    std::vector<int64_t> local_init;
  };
  // What a step's text says, parsed and bound once (keyed by the Step's address in the Model).
  struct StepInfo {
    std::unique_ptr<Expr> expr;   // if/while/await/assert condition; assignment value
    bool target_local = false;    // assignment target: a local slot or a shared variable
    int target = -1;              // (the first element, with `index`)
    std::unique_ptr<Expr> index;  // assignment, acquire, release: the element's index
    int64_t length = 0;           // with `index`: the array's length
    ParsedFormat format;          // print
    int sync = -1;                // acquire/release (the first element, with `index`)
    int barrier = -1;             // wait: a barrier's index (else an event's condition)
    int queue = -1;               // put, get: the queue's index
    int cond = -1;                // wait, notify, notify_all: the condition's index
    std::string property;         // assert: its key
    bool kept = true;             // `when:` (a guard, or the kind): the guard's value, decided once
  };
  struct Template {
    const ProcessDecl* decl = nullptr;
    std::vector<std::string> local_names;  // per declaration
    std::vector<bool> local_bool;          // per declaration
    std::vector<int> local_first;          // per declaration: its first slot
    std::vector<int64_t> local_length;     // per declaration: 0, or the array's length
    std::map<Path, int64_t> ids;           // interned positions
    std::vector<Path> paths;               // id -> path
  };

  Interpreter() = default;
  // A constant expression over params, or nullopt and `*why`.
  using ConstantFn = std::function<std::optional<Value>(const SourceText&, std::string*)>;
  // `steps` with every `for` loop written out; false and `*error` past `*budget` iterations.
  static bool Unroll(std::vector<Step>& steps, const ConstantFn& constant, int64_t* budget,
                     std::string* error);
  bool PrepareSteps(const std::vector<Step>& steps, int tmpl, std::string* error);
  bool CheckAtomic(const Template& t, const Path& group, std::string* error);

  // Tree navigation.
  const std::vector<Step>& ListOf(const Template& t, const Path& path) const;
  const Step& StepAt(const Template& t, const Path& path) const;
  static Path Advance(Path path) {
    path.back() += 2;
    return path;
  }
  static Path Enter(Path path, int branch) {
    path.push_back(branch);
    return path;
  }
  Path Settle(const Template& t, Path path) const;
  size_t OutermostAtomic(const Template& t, const Path& path) const;
  int64_t Intern(Template& t, const Path& path);

  Env EnvOf(const State& s, int p) const;
  // The sync an acquire/release names in s (its index evaluated); -1 when the index fails, with
  // why (kIndex: out of range) when asked.
  int SyncOf(const State& s, int p, const StepInfo& info, EvalError* why = nullptr) const;
  bool Blocks(const State& s, int p, const Step& step) const;
  bool Holds(const Expr& e, const State& s) const;
  // A violation with no successor (a bound of the model, not an exception of Python's).
  StepOutcome Violation(std::string property) const {
    return StepOutcome{true, std::move(property), false};
  }
  // A violation Python raises an exception for: process p ends, with what it wrote before.
  StepOutcome Raise(State& s, int p, Template& t, std::string property) {
    s[static_cast<size_t>(procs_[static_cast<size_t>(p)].base)] = Intern(t, Path{});
    return StepOutcome{true, std::move(property), true};
  }
  void Fail(const std::string& why) const {
    if (error_.empty()) error_ = why;
  }

  const Model* model_ = nullptr;     // the written model, or unrolled_
  std::unique_ptr<Model> unrolled_;  // the model with its `for` loops written out
  std::map<std::pair<int, int>, const Step*> written_steps_;  // with unrolled_: by line, column
  bool without_locks_ = false;
  std::vector<Var> shared_;
  std::vector<int64_t> shared_init_;
  std::vector<Sync> syncs_;
  std::vector<Barrier> barriers_;
  std::map<std::string, int> barrier_names_;
  std::vector<Queue> queues_;
  std::map<std::string, int> queue_names_;
  std::vector<Cond> conds_;
  std::map<std::string, int> cond_names_;
  std::map<std::string, Binding> sync_names_;    // per declaration: its kSync binding
  std::map<std::string, Binding> shared_names_;  // per declaration: its shared binding
  std::vector<Template> templates_;
  std::vector<Proc> procs_;
  std::map<const Step*, StepInfo> steps_;
  std::vector<std::pair<std::string, std::unique_ptr<Expr>>> invariants_, finals_;
  std::vector<std::string> property_keys_;
  mutable std::string error_;  // set by const evaluations too
};

}  // namespace racecheck::reference

#endif  // RACECHECK_TESTS_REFERENCE_REF_INTERP_H_
