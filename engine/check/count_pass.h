// CountPass: `racecheck check`'s counting pass over a loaded model — each variant's schedules
// (engine/count/counts.h) and least time (model_time.h), and what the locks forbid
// (lock_effect.h). Separate from the search: it builds its own graphs, never stops at a
// violation and never uses the partial-order reduction, so the counterexamples the search
// prints do not change and the counts do not depend on it.
//
// Every variant is counted at one granularity (counts.h), so that the columns compare: under
// CountSteps::kAuto, every step if each variant's every-step graph fits in max_every_states,
// else the shared steps of all of them.
//
// Deterministic. Check() may run it on a thread of its own while the search runs; it reads
// the variants' Systems only.
#ifndef RACECHECK_ENGINE_CHECK_COUNT_PASS_H_
#define RACECHECK_ENGINE_CHECK_COUNT_PASS_H_

#include <memory>
#include <string>
#include <vector>

#include "engine/check/variants.h"
#include "engine/count/counts.h"
#include "engine/count/lock_effect.h"
#include "engine/count/model_time.h"

namespace racecheck {

struct CountPassResult {
  std::vector<VariantCounts> counts;  // per variant, in LoadedModel::variants order
  std::vector<ModelTime> times;
  LockEffect lock_effect;  // when the model as written and its lock-free variant were loaded
  // Under CountSteps::kAuto, when the shared steps were counted instead of every step: why,
  // the variant whose every-step graph did not fit within the bound in states ("" and 0
  // otherwise).
  std::string every_step_variant;
  uint64_t every_step_bound = 0;
};

// What the pass reads: the variants' Systems, which must not change or go while it runs
// (Check moves the owning pointers around meanwhile, so it takes these first).
struct CountInput {
  struct Variant {
    std::string name;
    bool elided = false;
    const System* plain = nullptr;
    const System* fused = nullptr;  // null: the search did not build one; CountPass does
  };
  std::shared_ptr<const Model> model;
  std::vector<Variant> variants;

  explicit CountInput(const LoadedModel& loaded);
};

// REQUIRES: options.enabled. Never throws: when memory runs out, every count says
// CountStop::kOutOfMemory.
CountPassResult CountPass(const CountInput& input, const CountOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_COUNT_PASS_H_
