// Conformance: does the model explain what the real processes did in one trial?
//
// Input: the trial's operation log (one LogOp per step, stamped with a global sequence number as
// it started and as it ended), how each process ended, and the final store and ghost values.
// The trial is *explained* when some total order of the operations (a) respects real time: A
// comes before B whenever A ended before B started, (b) keeps each process's program order, and
// (c) is a schedule the model accepts, each step reading from the store exactly the values the
// model says it reads and writing exactly what the model says it writes, and ends in the
// observed final values. This is linearizability (Knossos, Porcupine) with the model as the
// sequential specification. The search is a depth-first backtracking search over
// (per-process position, model state), memoised on visited pairs and bounded by `max_nodes`.
//
// Two more orders are known and kept: acquisitions of one lock or semaphore are placed in the
// order they succeeded (LogOp::acquire_order, LogOp::sync), and the steps that touched ghost
// variables or the mirror of the locks, semaphores, barriers, queues and conditions in the order
// they did (LogOp::ghost_order, taken under the ghost mutex), so the search never guesses them;
// the final mirror must be the order's. Along the order it finds, every state is checked against
// the invariants: a trial violates one when some explaining order passes through a violating state
// (with ghost-only invariants every order passes through the same ghost states; when an invariant
// reads a store variable, the search goes on looking for such an order, within its bound).
//
// When no such order exists the result names the first operation that cannot be placed at the
// furthest point the search reached, and why, in plain words. A crashed operation (a torn read)
// can never be placed: the trial is reported diverged at once.
//
// TerminalOutcomes is the independent check: a breadth-first enumeration of the model's
// reachable terminal and deadlocked states, keeping the shared-variable values.
// Pure functions of their inputs; thread-safe.
#ifndef RACECHECK_ENGINE_RUNNER_CONFORMANCE_H_
#define RACECHECK_ENGINE_RUNNER_CONFORMANCE_H_

#include <atomic>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "engine/runner/region.h"
#include "engine/runner/store.h"
#include "engine/semantics/system.h"
#include "engine/support/lang.h"

namespace racecheck {

// How a process of a trial ended, as the parent saw it (one table).
enum class ProcEnd : uint8_t {
  kFinished,  // ran every step
  kCrashed,   // died: a torn read, an OS error, or killed by a signal it was not sent by us
  kViolated,  // a step violated a property (assert, lock misuse, range)
  kStuck,     // blocked for good: proven to wait for a lock, semaphore or condition that no
              // running process can give it (killed by the runner)
  kTimedOut,  // still running, sleeping or waiting when the trial timed out or was interrupted
};
const char* ProcEndName(ProcEnd e);
// The same for a reader, in `lang`: "crashed" / "已崩溃".
std::string ProcEndText(ProcEnd e, Lang lang);

struct TrialObservation {
  std::vector<LogOp> ops;             // in any order
  std::vector<ProcEnd> ends;          // per process
  std::vector<std::string> reasons;   // per process: why it crashed / violated
  bool final_ok = true;               // the final store could be read
  std::vector<int64_t> final_store;   // per StoreVars::store_vars
  std::vector<int64_t> final_ghosts;  // per StoreVars::ghost_vars
  std::vector<int64_t> final_sync;    // per StoreVars::sync_fields (the Region's mirror)
  bool log_overflowed = false;
};

enum class ConformanceVerdict : uint8_t {
  kExplained,   // an order exists (see above)
  kDiverged,    // no order exists; `where` and `reason` say which operation and why
  kUndecided,   // the search bound was reached first
  kNotChecked,  // the log overflowed or the trial was interrupted
};
const char* ConformanceVerdictName(ConformanceVerdict v);  // "explained", "diverged", ...

struct Conformance {
  ConformanceVerdict verdict = ConformanceVerdict::kNotChecked;
  // kDiverged: the operations placed before the one `where` names, which is operation
  // placed + 1 of `total` in that order ("the end of the trial" when placed == total).
  // kUndecided: the most operations any order placed.
  int placed = 0;
  int total = 0;       // operations logged
  std::string where;   // "client#3 step 'c = count' (operation 17 of 60, stamps 33..34)"
  std::string reason;  // plain words
  // `where` and `reason` in ConformanceOptions::lang, for the text report; empty when that is
  // English (`where` and `reason`, which JSON carries, are always English).
  std::string where_text;
  std::string reason_text;
  // kDiverged, when the divergence is on a variable that a step of the model reads and writes
  // in one atomic step: says so and suggests the split (see AtomicReadWrites). In English, and
  // in ConformanceOptions::lang (empty when that is English).
  std::string granularity;
  std::string granularity_text;
  uint64_t nodes = 0;          // search nodes visited
  std::vector<int32_t> order;  // explained: the processes in the order found
  // kExplained: the state properties (invariants) checked at every point of the order. When an
  // explaining order passes through a state that violates one, `violated_property` is its
  // index, reached after operation `violated_at` (0: the initial state) of that order, which
  // `violated_where` names; the order found is then one that does.
  int32_t violated_property = -1;
  int violated_at = 0;
  std::string violated_where;
  LogOp violated_op;  // the operation `violated_where` names (violated_at > 0): DescribeOp
  // False when an invariant reads a (non-ghost) store variable and the search for an explaining
  // order that violates it stopped at its bound: other orders were not all examined.
  bool orders_exhausted = true;
};

struct ConformanceOptions {
  uint64_t max_nodes = 2000000;
  const std::atomic<bool>* interrupt = nullptr;  // polled: then the verdict is kNotChecked
  Lang lang = Lang::kEn;                         // of Conformance::where_text and reason_text
};

// Conformance::where and reason in `lang`.
const std::string& ConformanceWhere(const Conformance& c, Lang lang);
const std::string& ConformanceReason(const Conformance& c, Lang lang);
const std::string& ConformanceGranularity(const Conformance& c, Lang lang);

// Operation `op` as the `position`-th of `total` in an order, for a reader: "client#3 step 'c =
// count' (operation 17 of 60, stamps 33..34)"; an atomic group is named by its steps.
std::string DescribeOp(const System& sys, const LogOp& op, int position, int total,
                       Lang lang = Lang::kEn);

Conformance CheckConformance(const System& sys, const StoreVars& vars, const TrialObservation& obs,
                             const ConformanceOptions& options);

// The shared values (System::shared() order) of every reachable state where all processes have
// finished (`stuck` false) or none can move (`stuck` true).
struct OutcomeSet {
  bool complete = false;  // false: the bound was reached, the set is partial
  uint64_t states = 0;
  std::set<std::pair<bool, std::vector<int64_t>>> outcomes;
};
OutcomeSet TerminalOutcomes(const System& sys, uint64_t max_states);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_CONFORMANCE_H_
