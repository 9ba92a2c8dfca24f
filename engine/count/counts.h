// The counting pass of `racecheck check`, one variant at a time: build the variant's whole
// state graph in the counting view (count_graph.h) and count its schedules
// (schedule_counts.h). Separate from the search, which stops at the first violation and may
// use the partial-order reduction: the counts never depend on either.
//
// What a step is, for counting. A schedule is an order of *every* step the trace table shows
// (a print is a step of its own): at `--set clients=2` the ticket model has 90 complete
// schedules with its lock and 840 without (tests/models/count_ticket2/expected.md derives
// them). Counted on the plain System (`every_step`).
//
// That graph grows fast: the lock-free ticket model at 14 clients has 7.7 million states in
// it, at 100 clients about 10^13 (a process between a step and its print is a local state of
// its own). So the pass (check/count_pass.h) may count instead, and say so, the *shared* steps:
// the steps that read or write a shared variable or take or give a lock; a step that touches
// only the process's own locals (a print, a test of its own copy: Template::local_only) goes
// with the step before it, as the local-step reduction fuses it (the fused System). Two
// schedules that differ only in where such a private step falls are then one. At 100 clients
// the lock-free ticket model has 4.4 million such states.
//
// Deterministic; call from one thread at a time per System.
#ifndef RACECHECK_ENGINE_COUNT_COUNTS_H_
#define RACECHECK_ENGINE_COUNT_COUNTS_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/count/count_graph.h"
#include "engine/count/final_values.h"
#include "engine/count/schedule_counts.h"
#include "engine/count/why_not.h"
#include "engine/semantics/system.h"

namespace racecheck {

// Which steps the pass counts (CountPass; CountVariant counts what `every_step` says).
enum class CountSteps {
  kAuto,    // every step where its graph fits in max_every_states, else the shared steps
  kEvery,   // every step, within max_states
  kShared,  // the shared steps, within max_states
};

struct CountOptions {
  bool enabled = true;
  CountSteps steps = CountSteps::kAuto;
  // The most states a graph may have; beyond, the counts are skipped (and the report says
  // how to get them). A bound in states rather than seconds, so that the report is the same
  // on every machine: its time budget. About 100 bytes per state counted step by step, 72
  // on the shared steps (peak RSS, the lock-free ticket at 11 to 12 and 60 to 100 clients). Under
  // kAuto, the every-step graphs are tried within the smaller max_every_states first (so that the
  // default report stays fast), then the shared steps are counted within max_states.
  uint64_t max_states = kDefaultMaxStates;
  uint64_t max_every_states = kDefaultMaxEveryStates;
  bool every_step = true;  // CountVariant: every step (the plain System), else the shared ones
  bool symmetry = true;    // identical processes as counts; off only to test that it agrees
  // Also the values the shared variables end with (VariantCounts::finals): of the variables
  // `final_vars` (indices into System::shared(); empty: all of them).
  bool final_values = false;
  std::vector<int> final_vars;
  const std::atomic<bool>* interrupt = nullptr;

  static constexpr uint64_t kDefaultMaxStates = 10'000'000;
  static constexpr uint64_t kDefaultMaxEveryStates = 600'000;
};

// One variant's counts, or why there are none.
struct VariantCounts {
  bool counted = false;
  WhyNot skipped;  // when !counted: why (empty when counting was off)
  bool every_step = false;
  uint64_t states = 0, transitions = 0;  // of the graph counted
  ScheduleCounts schedules;
  FinalValues finals;  // with CountOptions::final_values, when counted
};

// Counts the schedules of a variant: `plain` is its plain System, `fused` the same built with
// BuildOptions::reduce_locals (counted by default). With `graph`, also hands back the graph
// counted (for the comparison of the two variants, lock_effect.h).
VariantCounts CountVariant(const System& plain, const System& fused, const CountOptions& options,
                           CountGraph* graph = nullptr);

// CountVariant on `g`, a graph BuildVariantGraph built with the same options.
VariantCounts CountBuiltGraph(const System& plain, const System& fused, const CountOptions& options,
                              CountGraph g, CountGraph* graph = nullptr);

// The graph CountVariant counts, with the same options (its `complete` may be false).
CountGraph BuildVariantGraph(const System& plain, const System& fused, const CountOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_COUNTS_H_
