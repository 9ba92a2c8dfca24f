// The reference interpreter: a second, independent oracle for the engine's plain search.
//
// What it implements. Given a loaded Model (engine/model/ast.h, from the engine's YAML loader:
// the file's shape is not what it checks), it explores every reachable state of the model as
// docs/model-format.md defines it, by a naive breadth-first search with no reduction at all,
// and reports the same figures as Explore() of the plain search with --all and outcomes
// collected: states, transitions, terminal states, depth, the violated properties with their
// violating-state counts and shortest counterexample lengths, and the terminal outcomes.
//
//  - The steps are walked as the tree they are in the Model. A process's position is the path
//    from its template's step list down to the step it runs next (list index, and then/else);
//    sleeps, atomic group boundaries and (in the lock-free variant) acquire/release are passed
//    over when the position is settled, so a stored position always names a step that runs
//    (an assignment, an if/while test, acquire, release, await, assert, print) or the end.
//  - Expressions are the Model's text, parsed by the reference's own parser and evaluated by
//    its own tree walker (ref_expr.h): no engine/expr compiler, folder, Code or evaluator.
//  - Params (with --set already applied by the loader), instances and `self`, int and bool
//    variables, declared and default ranges (-32768..32767 widened to the initial value), ghost
//    variables (ordinary variables here), locks (owner) and semaphores (init, max), the
//    lock-free variant, invariants, final properties, assert, deadlock, lock misuse, range
//    (assignments and semaphore releases), runtime (division by zero, int64 overflow, an atomic
//    group running more than 2^20 steps).
//  - After a step violation, as docs/model-format.md ("After a violation") says Python goes
//    on: an exception (a false assert, division by zero, an index out of range, releasing a
//    lock nobody holds or an rlock another holds, a BoundedSemaphore released above its bound,
//    a wait or notify without the lock) ends the process, with what its step wrote before; a
//    lock with `owner_only` released by another process is freed and its releaser goes on. A
//    value outside its range, an int64 overflow and racecheck's other bounds have no successor.
//    A plain lock released by a process that does not hold it is freed, with no violation.
//  - Counting, as the docs and the engine's search define it: a step of an enabled process is a
//    transition, also when it violates a property (it then stores its successor, if it has one)
//    or reaches a known state; a blocked or finished process adds none. A step violation is counted
//    once per state and property; invariants in every stored state (all of those violated); finals
//    in every terminal state; deadlock in a non-terminal state where no process can move. The
//    shortest counterexample of a property is the least number of steps from the initial state to a
//    violating state (plus the violating step, for step properties).
//
// What it deliberately does differently (simplicity over speed). A state is a plain
// std::vector<int64_t> (every shared value, every lock owner and semaphore count, and per
// process an interned id of its AST path and its locals), kept in a std::set; names in
// expressions are resolved once to what they denote, and evaluation walks the tree each time.
// No packing, no hashing, no threads, no reductions, no parent links (only distances).
//
// Interpretations where the docs say little: an invariant or final whose evaluation fails
// (division by zero, overflow) is violated; an `await` whose condition fails to evaluate can
// move, and its step is a `runtime` violation; `x % -1` is 0, also for the least int64 (the
// result fits, so it is no overflow). Where they are plain, it follows them even against the
// engine's habits: a `print` value that fails to evaluate is a `runtime` violation, as in any
// expression (the engine printed "<error>" and went on, until this oracle found it).
//
// Known limits. It checks only what a model must satisfy to be explored (names, types as
// values flow, ranges, semaphore bounds, blocking steps inside atomic groups); it is no
// substitute for the engine's diagnostics, and a model the engine rejects is not compared.
// Memory and time grow with the state count (a few microseconds and a few hundred bytes per
// state): meant for models of up to some 10^5 states. Not thread-safe; one search at a time.
#ifndef RACECHECK_TESTS_REFERENCE_REFERENCE_H_
#define RACECHECK_TESTS_REFERENCE_REFERENCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/model/ast.h"

namespace racecheck::reference {

struct Options {
  bool without_locks = false;  // the lock-free variant: every acquire and release removed
  uint64_t max_states = 0;     // stop (incomplete) after storing this many; 0: no bound
};

struct PropertyResult {
  uint64_t violating_states = 0;
  uint64_t shortest = 0;  // steps in a shortest counterexample
};

struct Result {
  uint64_t states = 0;
  uint64_t transitions = 0;
  uint64_t terminal_states = 0;
  uint64_t depth = 0;    // the greatest breadth-first distance of a stored state
  bool complete = true;  // false: max_states stopped the search
  // Keyed by PropertyKey(): "invariant 'name'", "final 'name'", "assert L:C" (the step's line
  // and column), "deadlock", "lock_misuse", "range", "runtime".
  std::map<std::string, PropertyResult> violations;
  // The shared variables' values (declaration order, bools 0/1) in every terminal state.
  std::set<std::vector<int64_t>> terminal_outcomes;
  // Every property the model has, keyed as above (built-ins included).
  std::set<std::string> properties;
};

// Explores the model. nullopt, with `*error` set, when the reference cannot (a name it cannot
// resolve, a value of the wrong type, an initial value outside its range, ...).
std::optional<Result> Explore(const Model& model, const Options& options, std::string* error);

// The key of a property as Result uses it. `kind` is one of "invariant", "final", "assert",
// "deadlock", "lock_misuse", "range", "runtime"; `name` for invariants and finals; `line` and
// `col` for asserts.
std::string PropertyKey(const std::string& kind, const std::string& name, int line, int col);

// The whole result on a few lines, for test messages.
std::string Describe(const Result& r);

}  // namespace racecheck::reference

#endif  // RACECHECK_TESTS_REFERENCE_REFERENCE_H_
