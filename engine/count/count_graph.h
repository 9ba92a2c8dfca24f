// CountGraph: the whole reachable state graph of a System, in the counting view
// (count_view.h), with every transition's multiplicity — what the dynamic programs of
// schedule_counts.h run on.
//
// A state stands for all the concrete states that are a permutation of it; from it, one
// transition per local type that can move, whose multiplicity is the number of processes in
// that type (the concrete process choices it stands for). Transitions into states are kept
// (CSR: edge_begin, target, mult); a step that violates a property (assert, lock misuse,
// range, runtime) ends the schedule there and is kept as an End. Nothing is reduced but the
// permutations: no partial order, so every interleaving is there.
//
// Built breadth-first, so states are numbered in the order of the search and the result is
// the same on every machine. Not thread-safe; the System must outlive the graph only while it
// is built.
#ifndef RACECHECK_ENGINE_COUNT_COUNT_GRAPH_H_
#define RACECHECK_ENGINE_COUNT_COUNT_GRAPH_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/count/why_not.h"
#include "engine/semantics/system.h"
#include "engine/support/pod_vector.h"

namespace racecheck {

// One step of process p, as System::TryStep (kBlocked when p cannot move).
using StepFunction =
    std::function<StepResult(const System&, const uint64_t* in, int p, uint64_t* out)>;

struct CountGraphOptions {
  bool symmetry = true;     // identical processes as counts (count_view.h)
  uint64_t max_states = 0;  // stop, incomplete, beyond this many; 0: no bound
  const std::atomic<bool>* interrupt = nullptr;
  // Start from the initial state with every process's leading private steps done: a process
  // whose first step touches only its own locals (Template::local_only; only a System built
  // with reduce_locals has them) runs it, fused with the private steps after it, as if it had
  // gone with a step before it. Then the schedules are those of the steps that are not private.
  bool settle_private = false;
  StepFunction step;  // null: System::TryStep
  // Record the shared variables' values of every terminal state (CountGraph::finals).
  bool record_finals = false;
};

struct CountGraph {
  enum class Kind : uint8_t { kInner, kTerminal, kDeadlock };
  // A step that violates `property`, by `mult` processes of one type, from `state`.
  struct End {
    uint32_t state;
    int32_t property;
    uint32_t mult;
  };

  bool complete = true;  // false: a bound or an interrupt stopped the building
  WhyNot stopped;        // why, when not complete: kInterrupted, kStates or kLocalStates
  uint32_t states = 0;
  uint64_t transitions = 0;  // steps into states plus ends, each counted once per local type
  uint32_t types = 0;        // local types met
  // The large arrays grow without copying (pod_vector.h).
  PodVector<uint64_t> edge_begin;  // states + 1 entries
  PodVector<uint32_t> target;      // per transition into a state
  // Its multiplicity: at most the processes in one class, and System::Build refuses more than
  // 10,000 processes.
  PodVector<uint16_t> mult;
  PodVector<uint32_t> enabled;  // per state: concrete processes that can move
  PodVector<Kind> kind;
  PodVector<uint32_t> violated;                      // per state: an index into violation_sets
  std::vector<std::vector<int32_t>> violation_sets;  // [0] is empty: invariants (and finals)
  PodVector<End> ends;                               // in state order
  // With CountGraphOptions::record_finals: per state, the index into `finals` of its shared
  // variables' values when it is kTerminal, else kNoFinal; `finals` holds each distinct
  // valuation once (System::shared() order), in the order first met.
  static constexpr uint32_t kNoFinal = 0xffffffffu;
  PodVector<uint32_t> final_of;
  std::vector<std::vector<int64_t>> finals;
};

CountGraph BuildCountGraph(const System& system, const CountGraphOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_COUNT_GRAPH_H_
