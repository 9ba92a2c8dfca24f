// The counting pass of `racecheck check`, one variant at a time: build the variant's whole
// state graph in the counting view (count_graph.h) and count its schedules
// (schedule_counts.h). Separate from the search, which stops at the first violation and may
// use the partial-order reduction: the counts never depend on either.
//
// What a step is, for counting. By default a schedule is an order of the *shared* steps — the
// steps that read or write a shared variable or take or give a lock; a step that touches only
// the process's own locals (a print, a test of its own copy: Template::local_only) goes with
// the step before it, as the local-step reduction fuses it. Two schedules that differ only in
// where such a private step falls are one: the same steps, in the same order, reach the same
// states. This is what scales: at 100 clients the lock-free ticket model has 4.4 million such
// states, and counting every private step as a choice of its own would need about 10^12.
// With `every_step`, every step of the plain model counts (the plain System, as replay runs
// it) — exact where that graph is small.
//
// Deterministic; call from one thread at a time per System.
#ifndef RACECHECK_ENGINE_COUNT_COUNTS_H_
#define RACECHECK_ENGINE_COUNT_COUNTS_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "engine/count/count_graph.h"
#include "engine/count/schedule_counts.h"
#include "engine/semantics/system.h"

namespace racecheck {

struct CountOptions {
  bool enabled = true;
  // The most states a graph may have; beyond, the counts are skipped (and the report says
  // how to get them). A bound in states rather than seconds, so that the report is the same
  // on every machine. About 100 bytes per state (the lock-free ticket model).
  uint64_t max_states = kDefaultMaxStates;
  bool every_step = false;  // count every step of the plain model (see above)
  bool symmetry = true;     // identical processes as counts; off only to test that it agrees
  const std::atomic<bool>* interrupt = nullptr;

  static constexpr uint64_t kDefaultMaxStates = 10'000'000;
};

// One variant's counts, or why there are none.
struct VariantCounts {
  bool counted = false;
  std::string skipped;  // when !counted: why, for "skipped: ..." ("" when counting was off)
  bool every_step = false;
  uint64_t states = 0, transitions = 0;  // of the graph counted
  ScheduleCounts schedules;
};

// Counts the schedules of a variant: `plain` is its plain System, `fused` the same built with
// BuildOptions::reduce_locals (counted by default). With `graph`, also hands back the graph
// counted (for the comparison of the two variants, lock_effect.h).
VariantCounts CountVariant(const System& plain, const System& fused, const CountOptions& options,
                           CountGraph* graph = nullptr);

// The graph CountVariant counts, with the same options (its `complete` may be false).
CountGraph BuildVariantGraph(const System& plain, const System& fused, const CountOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_COUNTS_H_
