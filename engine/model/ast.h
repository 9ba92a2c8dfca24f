// The syntax tree of a racecheck model, as written in its YAML file (see docs/model-format.md).
//
// Produced by the loader (loader.h), consumed by the compiler in semantics/. Expressions are kept
// as their source text plus the location where that text starts; the expression compiler
// (expr/) parses them and reports positions inside them. Nothing here is evaluated: parameter
// values, instance counts and initial values are still text. Immutable once loaded; safe to
// read from several threads.
#ifndef RACECHECK_ENGINE_MODEL_AST_H_
#define RACECHECK_ENGINE_MODEL_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/support/source.h"

namespace racecheck {

// An expression or statement as written: its text and where that text starts in the file.
struct SourceText {
  std::string text;
  SourceLoc loc;  // of the first character of `text`
};

struct Name {
  std::string text;
  SourceLoc loc;
};

// `clients: 10` under `params:`. The default is an integer literal (or true/false).
struct ParamDecl {
  Name name;
  int64_t default_value = 0;
  bool is_bool = false;
  SourceLoc value_loc;
  // Set when `--set name=value` overrode the default; value_loc then points into the --set text.
  bool overridden = false;
};

// A shared variable (`shared:`) or a process local (`locals:`).
//   count: tickets                       # int (or bool, from the initial value's type)
//   sold: {init: 0, ghost: true}         # bookkeeping, only to state properties
//   c: {init: 0, range: [0, tickets]}    # declared range: fewer bits per state
//   flag: {array: N, init: false}        # an array of N, each element starting at init
struct VarDecl {
  Name name;
  std::optional<SourceText> array;     // the number of elements, an expression over params
  SourceText init;                     // an expression over params (and `self` for locals)
  std::optional<SourceText> range_lo;  // both or neither
  std::optional<SourceText> range_hi;
  bool ghost = false;
  // Declared under `events:` (multiprocessing.Event): a shared bool, initially false, that the
  // steps `set:`, `clear:` and `wait:` act on, and that expressions read by its name.
  bool event = false;
};

// `locks: [lock]`, `rlocks: [account]` or a semaphore `slots: 2` / `slots: {init: 2, max: 2}`;
// arrays of them: `locks: {fork: N}`, `slots: {array: N, init: 1}`.
struct SyncDecl {
  Name name;
  std::optional<SourceText> array;  // the number of elements, an expression over params
  bool is_semaphore = false;
  // `rlocks:` (multiprocessing.RLock): a lock its holder may take again; each acquire needs its
  // release, and only the holder may release it.
  bool reentrant = false;
  // `locks: {account: {reentrant: RLOCK}}`: a param expression that decides `reentrant`.
  std::optional<SourceText> reentrant_if;
  // `locks: {lock: {owner_only: true}}` (or a param): only the holder may release it, as an
  // RLock's holder alone may. A plain multiprocessing.Lock has no owner: any process may release
  // it, and that frees it; a release by another process is then `lock_misuse`.
  std::optional<SourceText> owner_only;
  SourceText init;                // semaphores only
  std::optional<SourceText> max;  // semaphores only
};

// `barriers: {b: 3}` (multiprocessing.Barrier(3)): `wait: b` blocks until `parties` processes
// wait at it, then lets them all go.
struct BarrierDecl {
  Name name;
  SourceText parties;  // an expression over params
};

// `queues: {q: 2}` (multiprocessing.Queue(maxsize=2)): a FIFO of ints that `q.put(e)` appends
// to (blocking while full) and `x = q.get()` takes from (blocking while empty).
struct QueueDecl {
  Name name;
  SourceText maxsize;  // an expression over params
};

// `conditions: {c: mutex}` (multiprocessing.Condition(mutex)) or `conditions: [c]`
// (Condition(), with its own RLock, declared as an rlock named c): `wait: c` gives up the lock,
// sleeps until a `notify: c` / `notify_all: c` wakes it, then takes the lock back.
struct ConditionDecl {
  Name name;
  std::optional<Name> lock;  // absent: its own rlock, named as the condition
  // `spurious: true` (or a param expression): a sleeper may also wake without a notify, as the
  // docs allow; off by default.
  std::optional<SourceText> spurious;
};

// The kinds of step: one row each, with its name and its meaning. The name is the key that writes
// the step in YAML (`acquire: lock`), except for kAssign, which is written as a plain string.
// The rows are in the order the loader lists the keys in its messages.
#define RACECHECK_STEP_KINDS(X)                                                                    \
  X(kAssign, "assign", "`x = expr` (also `x += e`, `x -= e`): one atomic read-compute-write")      \
  X(kPrint, "print", "`print: \"text {expr}\"`: an output event recorded in the trace")            \
  X(kAcquire, "acquire",                                                                           \
    "`acquire: name`: take a lock (blocks while held) or P() a semaphore (blocks at 0)")           \
  X(kRelease, "release",                                                                           \
    "`release: name`: give back a lock (violation if not held) or V() a semaphore")                \
  X(kAwait, "await", "`await: cond`: blocks until cond holds, then one step")                      \
  X(kAssert, "assert", "`assert: cond`: a violation when cond is false")                           \
  X(kSleep, "sleep",                                                                               \
    "`sleep: 0.1` or `sleep: [0, 1]`: not an interleaving point; timing for real runs")            \
  X(kAtomic, "atomic", "`atomic:` [steps]: the group executes as one step")                        \
  X(kIf, "if", "`if: cond` + `then:` [+ `else:`]: evaluating cond is one step")                    \
  X(kWhile, "while", "`while: cond` + `do:`: each evaluation of cond is one step")                 \
  X(kWhen, "when",                                                                                 \
    "`when: param_cond` + `then:` [+ `else:`]: one list kept at load time; no step of its own")    \
  X(kSet, "set", "`set: event`: Event.set(), the event becomes true; one step")                    \
  X(kClear, "clear", "`clear: event`: Event.clear(), the event becomes false; one step")           \
  X(kWait, "wait",                                                                                 \
    "`wait: event`: Event.wait(), blocks until the event is set; one step. `wait: barrier`: "      \
    "Barrier.wait(), two steps: arrive, then leave once all parties have arrived. `wait: cond`: "  \
    "Condition.wait(), three steps: give up the lock and sleep, wake, take the lock back")         \
  X(kFor, "for",                                                                                   \
    "`for: i in range(K)` + `do:`: the steps repeated, unrolled at load time; no step of its own") \
  X(kPut, "put", "`q.put(expr)`: Queue.put(), blocks while the queue is full; one step")           \
  X(kGet, "get", "`x = q.get()`: Queue.get(), blocks while the queue is empty; one step")          \
  X(kNotify, "notify",                                                                             \
    "`notify: c`: Condition.notify(), wakes one process waiting on c, if any; one step")           \
  X(kNotifyAll, "notify_all",                                                                      \
    "`notify_all: c`: Condition.notify_all(), wakes every process waiting on c; one step")

enum class StepKind {
#define RACECHECK_STEP_KIND_ENUM(kind, name, meaning) kind,
  RACECHECK_STEP_KINDS(RACECHECK_STEP_KIND_ENUM)
#undef RACECHECK_STEP_KIND_ENUM
};

// The kinds written as a plain string, not as a mapping with their key: `x = e`, `q.put(e)`,
// `x = q.get()`.
constexpr bool IsStringStep(StepKind k) {
  return k == StepKind::kAssign || k == StepKind::kPut || k == StepKind::kGet;
}

// Every step kind, in table order.
inline constexpr StepKind kAllStepKinds[] = {
#define RACECHECK_STEP_KIND_LIST(kind, name, meaning) StepKind::kind,
    RACECHECK_STEP_KINDS(RACECHECK_STEP_KIND_LIST)
#undef RACECHECK_STEP_KIND_LIST
};

// The kind's name: "assign", "print", "acquire", ...
constexpr const char* StepKindName(StepKind k) {
  switch (k) {
#define RACECHECK_STEP_KIND_NAME(kind, name, meaning) \
  case StepKind::kind:                                \
    return name;
    RACECHECK_STEP_KINDS(RACECHECK_STEP_KIND_NAME)
#undef RACECHECK_STEP_KIND_NAME
  }
  return "?";
}

struct Step {
  StepKind kind = StepKind::kAssign;
  SourceLoc loc;             // of the step (the list item)
  std::string source;        // the step's source text as shown in traces, e.g. "c = count"
  SourceText text;           // kAssign: "x = e"; kIf/kWhile/kAwait/kAssert: the condition;
                             // kPrint: the format string; kAcquire/kRelease: the name;
                             // kPut: the value; kGet: the target ("x", "a[i]")
  Name queue;                // kPut, kGet: the queue
  double sleep_lo = 0;       // kSleep, seconds
  double sleep_hi = 0;       // kSleep; == sleep_lo for a fixed sleep
  std::vector<Step> body;    // kIf: then; kWhile, kFor: do; kAtomic: the group
  std::vector<Step> orelse;  // kIf, kWhen: else
  // `when: param_cond` written beside another kind's key (`{acquire: mutex, when: LOCKED}`):
  // the step is kept only when it holds, decided at load time.
  std::optional<SourceText> guard;
  // kFor, `for: i in range(A, B)`: the loop variable and the bounds, expressions over params
  // (and enclosing loop variables); `range(B)` has no `from` and starts at 0.
  Name loop_var;
  std::optional<SourceText> from;
  SourceText to;
};

struct ProcessDecl {
  Name name;
  SourceText instances;  // expression over params; "1" when absent
  std::vector<VarDecl> locals;
  std::vector<Step> steps;
};

// `invariants:` / `final:` entries: `no_oversell: sold <= tickets`, or the long form
// `no_oversell: {holds: sold <= tickets, goal: "make {tickets + 1} clients buy"}`.
struct PropertyDecl {
  Name name;
  SourceText expr;
  // What breaking it means, in the model's words, for `racecheck play`'s goal line: a text
  // with `{expr}` holes over params, as `print` writes them.
  std::optional<SourceText> goal;
};

struct Model {
  std::shared_ptr<const SourceFile> file;
  std::string name;  // `model:`; the file's stem when absent
  std::vector<ParamDecl> params;
  std::vector<VarDecl> shared;
  std::vector<SyncDecl> syncs;  // locks, rlocks, then semaphores, in file order within each
  std::vector<BarrierDecl> barriers;
  std::vector<QueueDecl> queues;
  std::vector<ConditionDecl> conditions;
  std::vector<ProcessDecl> processes;
  std::vector<PropertyDecl> invariants;
  std::vector<PropertyDecl> finals;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_MODEL_AST_H_
