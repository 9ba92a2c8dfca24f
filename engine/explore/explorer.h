// The explorer: explicit-state search of a System's reachable states (the search policy).
//
// Breadth-first by default, so the first violation found of a property comes with a shortest
// path of stored transitions (a shortest schedule of the plain model when no reduction fuses
// steps); depth-first on request. Each reachable state is stored once in a visited set; the
// path to any stored state is rebuilt from parent links. The search stops at the first
// violation unless `all` is set, in which case it explores everything and counts, for each
// property, the reachable states that violate it (keeping the shortest counterexample of each).
// Deterministic: states are numbered in the order of the sequential breadth-first search
// ((parent, process) order) whatever the number of threads, so verdicts, counts and
// counterexamples do not depend on `threads` or on timing. The breadth-first search works in
// rounds of frontier states; without `all` it stops at the end of the round in which the first
// violation shows. Call from one thread; it starts its own workers.
//
// The search reports each counterexample as a SearchPath: transitions of the System searched,
// on its (canonical, fused) states. trace/concretize.h turns it into a schedule of the plain
// model; nothing here is one. Which algorithm runs for which options: search_plan.h.
#ifndef RACECHECK_ENGINE_EXPLORE_EXPLORER_H_
#define RACECHECK_ENGINE_EXPLORE_EXPLORER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/explore/state_graph.h"
#include "engine/semantics/partial_order.h"
#include "engine/semantics/symmetry.h"
#include "engine/semantics/system.h"

namespace racecheck {

enum class Strategy : uint8_t { kBfs, kDfs };

enum class Verdict : uint8_t {
  kHolds,       // every reachable state explored, no property violated
  kViolated,    // at least one property violated (a counterexample exists)
  kIncomplete,  // a bound or an interrupt stopped the search before it finished, no violation
};
const char* VerdictName(Verdict v);  // "holds", "violated", "incomplete"

struct ExploreOptions {
  Strategy strategy = Strategy::kBfs;
  bool all = false;               // explore everything, count violations per property
  uint64_t max_states = 0;        // 0: no bound
  uint64_t max_memory_bytes = 0;  // 0: no bound
  // Where max_memory_bytes comes from, when not from --max-memory (e.g. "3/4 of the physical
  // memory"): said when the search stops there.
  std::string max_memory_origin;
  // Collect the values of the shared variables in every terminal state (ExploreResult::
  // terminal_outcomes). Reductions never change this set.
  bool collect_outcomes = false;
  // Worker threads: 0 (auto) is every hardware thread, at most kMaxThreads, for the
  // breadth-first search over the full store, and 1 for the other algorithms; n > 0 is exactly
  // n. Only the breadth-first search over the full store runs on several threads
  // (search_plan.h). Results are identical for every thread count.
  int threads = 1;
  // Symmetry reduction: store only canonical states (null: off). Built from the same System.
  const Symmetry* symmetry = nullptr;
  // Fingerprint-only store (TLC's): remember each visited state by its 64-bit hash alone, and
  // keep full states only for the BFS level being expanded and the next one. Much less memory
  // for large states; a collision may hide a state (FingerprintSet::CollisionBound). BFS only,
  // on one thread (CheckExploreOptions refuses it with DFS or with threads > 1).
  bool fingerprint = false;
  // Partial-order reduction: where the step of one process alone is a persistent set, explore
  // only that step (null: off). Built from the same System. Verdicts and terminal outcomes do
  // not change; BFS counterexamples are then short, not always shortest.
  const PartialOrder* partial_order = nullptr;
  // Record the state graph here (state_graph.h; null: not recorded). The breadth-first search
  // then runs on one thread whatever `threads` says; CheckExploreOptions refuses it with
  // --strategy dfs and --fingerprint (neither keeps the states).
  StateGraph* graph = nullptr;
  // Polled by the search; set it (e.g. from a SIGINT handler) to stop with kIncomplete.
  const std::atomic<bool>* interrupt = nullptr;
  // Called about every 2^16 expanded states with the statistics so far (for progress lines).
  std::function<void(const struct ExploreStats&)> progress;
};

struct ExploreStats {
  uint64_t states = 0;           // distinct reachable states stored
  uint64_t transitions = 0;      // steps executed (including ones reaching known states)
  uint64_t terminal_states = 0;  // states where every process has finished
  uint64_t reduced_states = 0;   // states expanded by one process alone (partial order)
  uint64_t frontier = 0;         // states stored but not yet expanded (at the time of the call)
  uint32_t depth = 0;            // BFS: the deepest level reached; DFS: the deepest stack
  uint64_t memory_bytes = 0;     // bytes held by the state store
  double seconds = 0;            // wall time
};

// How the search reached a violated property: the transitions it stored, from the initial
// state, as process numbers of the System searched (canonical under symmetry, a fused step as
// one). Not a schedule of the plain model: trace/concretize.h makes it one, re-executing it with
// the same System and Symmetry. For a step property (assert, lock misuse, range, arithmetic)
// `extra` is the process whose step from the last state violates it; for an invariant or a
// deadlock the last state violates it (`extra` is -1).
struct SearchPath {
  std::vector<int32_t> stored;  // one process per stored transition
  int32_t extra = -1;           // the violating step of a step property, else -1
  // An invariant: only the first plain step of the last transition counts (it broke the
  // invariant; the local steps fused after it cannot change a shared variable).
  bool trim_last = false;
  bool canonical = false;  // the states were canonical (ExploreOptions::symmetry was set)
  bool operator==(const SearchPath&) const = default;
};

struct PropertyOutcome {
  int32_t property = -1;
  uint64_t violating_states = 0;  // with ExploreOptions::all; else 1
  SearchPath path;                // the first found (a shortest one under BFS)
};

// Why a search stopped before it was complete, for the report to word in its language
// (engine/report/why_not_text.h): "reached --max-states 1000", "interrupted", ...
struct SearchStop {
  enum class Kind : uint8_t {
    kNone,           // the search was not stopped
    kInterrupted,    // SIGINT/SIGTERM (ExploreOptions::interrupt)
    kMaxStates,      // `bound` states stored (--max-states)
    kMaxMemory,      // --max-memory: `in_use` MiB in use
    kDefaultMemory,  // the default memory bound: `in_use` of `bound` MiB; `detail`: its origin
    kOutOfMemory,    // the kernel refused memory; `detail`: what failed
  };
  Kind kind = Kind::kNone;
  uint64_t bound = 0;
  uint64_t in_use = 0;
  std::string detail;
  bool empty() const { return kind == Kind::kNone; }
  bool operator==(const SearchStop&) const = default;
};

struct ExploreResult {
  Verdict verdict = Verdict::kHolds;
  SearchStop incomplete;  // why it stopped early; empty when it did not
  ExploreStats stats;
  std::vector<PropertyOutcome> violations;  // ordered by property index
  // With collect_outcomes: the distinct shared-variable valuations of terminal states, in
  // System::shared() order, sorted.
  std::vector<std::vector<int64_t>> terminal_outcomes;
  // With ExploreOptions::fingerprint: an upper bound on the probability that a fingerprint
  // collision hid a state from the search (so that the verdict could be wrong); else 0.
  double collision_bound = 0;
};

// Searches the reachable states of `system`. REQUIRES: CheckExploreOptions(options).ok()
// (search_plan.h); the options' symmetry and partial order were built from `system`.
ExploreResult Explore(const System& system, const ExploreOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_EXPLORER_H_
