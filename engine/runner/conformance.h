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
// When no such order exists the result names the first operation that cannot be placed at the
// furthest point the search reached, and why, in plain words. A crashed operation (a torn read)
// can never be placed: the trial is reported diverged at once.
//
// TerminalOutcomes is the independent check: a breadth-first enumeration of the model's
// reachable terminal and deadlocked states, keeping the shared-variable values.
// Pure functions of their inputs; thread-safe.
#ifndef RACECHECK_ENGINE_RUNNER_CONFORMANCE_H_
#define RACECHECK_ENGINE_RUNNER_CONFORMANCE_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "engine/runner/region.h"
#include "engine/runner/store.h"
#include "engine/semantics/system.h"

namespace racecheck {

// How a process of a trial ended, as the parent saw it (one table).
enum class ProcEnd : uint8_t {
  kFinished,  // ran every step
  kCrashed,   // died: a torn read, an OS error, or killed by a signal it was not sent by us
  kViolated,  // a step violated a property (assert, lock misuse, range)
  kStuck,     // still running when the trial timed out (killed by the runner)
};
const char* ProcEndName(ProcEnd e);

struct TrialObservation {
  std::vector<LogOp> ops;             // in any order
  std::vector<ProcEnd> ends;          // per process
  std::vector<std::string> reasons;   // per process: why it crashed / violated
  bool final_ok = true;               // the final store could be read
  std::vector<int64_t> final_store;   // per StoreVars::store_vars
  std::vector<int64_t> final_ghosts;  // per StoreVars::ghost_vars
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
  int placed = 0;              // operations placed at the furthest point reached
  int total = 0;               // operations logged
  std::string where;           // "client#3 step 'c = count' (operation 17 of 60)"
  std::string reason;          // plain words
  uint64_t nodes = 0;          // search nodes visited
  std::vector<int32_t> order;  // explained: the processes in the order found
};

struct ConformanceOptions {
  uint64_t max_nodes = 2000000;
};

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
