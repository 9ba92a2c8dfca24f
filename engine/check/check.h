// Check: the model checker as one call — `racecheck check`'s whole pipeline, from a model file
// to everything a renderer needs. Loads the model into its variants (variants.h), searches each
// one with the reductions asked for (search.h), and returns the results side by side.
//
//   CheckOptions --> Check() --> CheckResult --> a renderer (engine/report/render.h)
//
// Decides nothing about presentation and prints nothing. Deterministic: the same options give
// the same result whatever `explore.threads` is. Call from one thread; the search starts its
// own workers and calls `progress` from the calling thread.
#ifndef RACECHECK_ENGINE_CHECK_CHECK_H_
#define RACECHECK_ENGINE_CHECK_CHECK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/check/outcome.h"
#include "engine/check/search.h"
#include "engine/check/variants.h"
#include "engine/count/counts.h"
#include "engine/count/lock_effect.h"
#include "engine/count/model_time.h"
#include "engine/explore/explorer.h"
#include "engine/semantics/granularity.h"

namespace racecheck {

struct CheckOptions {
  ModelRequest model;
  bool without_locks = false;  // check only the lock-free variant
  // Strategy, bounds, threads, fingerprint, interrupt: as given. `symmetry`, `partial_order`
  // and `progress` are set by Check(); `max_memory_bytes` is replaced by `max_memory` below.
  ExploreOptions explore;
  // The memory bound of each search; nullopt: DefaultMemoryBound() (memory_bound.h); 0: none.
  std::optional<uint64_t> max_memory;
  bool local_reduction = true;  // fuse local steps, reset dead locals (BuildOptions)
  SearchReductions reductions;  // symmetry, partial order
  // The counting pass (engine/count/): schedules, violation probabilities, least time, what
  // the locks forbid. Separate from the search, whose reductions it never uses; `interrupt`
  // is set by Check() from `explore`.
  CountOptions counts;
  // The values the shared variables end with, per variant (VariantCounts::finals): of the
  // shared variables named (an array's name: all its elements; empty: all of them). Needs the
  // counting pass; refused with state_graph. An unknown name is kBadInput.
  std::optional<std::vector<std::string>> final_values;
  // Keep each variant's reachable state graph (VariantResult::graph) for a renderer that draws
  // it (Renderer::state_graph): every state is then explored (as with `all`), breadth-first on
  // one thread, and a graph of more than kMaxGraphStates states is refused (kBadInput).
  bool state_graph = false;
  // Called about every 2^16 expanded states with the variant searched and its statistics.
  std::function<void(const std::string& variant, const ExploreStats&)> progress;
  // Called when a variant's search ends (for --stats lines and clearing a progress line).
  std::function<void(const std::string& variant, const ExploreStats&)> variant_done;
};

// More states than anyone can read in a drawing: CheckOptions::state_graph refuses them.
constexpr uint64_t kMaxGraphStates = 2000;

// A variant's state graph, with what a drawing highlights.
struct VariantGraph {
  StateGraph graph;
  // The System searched (reduced, canonical states); null: the plain one (VariantResult::system).
  std::unique_ptr<System> searched;
  std::vector<int32_t> violated;  // per state: the first property it violates, or -1
  std::vector<bool> on_path;      // per edge: on the path of a counterexample the search found
  // The states are canonical under symmetry: interchangeable processes are sorted, so a state
  // says where the instances of a template are, not which one is where.
  bool canonical = false;
};

// One variant's search.
struct VariantResult {
  std::string name;                // "as written" or "without locks"
  bool locks = true;               // false for the lock-free variant
  std::unique_ptr<System> system;  // the plain model; counterexample schedules refer to it
  ExploreResult result;
  // result.violations[i]'s counterexample, a schedule of `system` (trace/concretize.h).
  std::vector<Counterexample> counterexamples;
  std::vector<std::string> reductions;       // DescribeReductions of the System searched (English)
  std::vector<std::string> reductions_text;  // the same in the request's language
  VariantCounts counts;  // its schedules (counts.h); `counted` false when skipped or not asked
  ModelTime time;        // the least time its processes need (model_time.h)
  std::optional<VariantGraph> graph;  // with CheckOptions::state_graph
};

struct CheckResult {
  Outcome outcome = Outcome::kHolds;  // the model as written decides (the first variant)
  std::string error;                  // kBadInput: why (a message for "racecheck: error: ...")
  std::string diagnostics;  // kBadInput from a model mistake: rendered file:line:col errors
  // The rest is filled when the model loaded.
  std::string model_path;
  Lang lang = Lang::kEn;  // the language of the text report (ModelRequest::lang)
  std::shared_ptr<const Model> model;
  std::string strategy = "bfs";  // "bfs" or "dfs"
  bool all = false;
  bool fingerprint = false;  // the searches stored fingerprints only (ExploreOptions::fingerprint)
  std::vector<VariantResult> variants;  // the model as written first, if checked
  bool counting = false;                // the counting pass ran (CountOptions::enabled)
  bool final_values = false;            // and counted the final values (CheckOptions)
  LockEffect lock_effect;               // with both variants counted: what the locks forbid
  // Under CountSteps::kAuto, when the shared steps were counted because every step did not
  // fit: the variant that did not, and the bound in states (CountPassResult); "" otherwise.
  std::string every_step_variant;
  uint64_t every_step_bound = 0;
  // The steps that read and write one shared variable in a single atomic step, outside any
  // `atomic:` group (which is written so on purpose): real processes cannot do that, so the
  // model hides a race they have. Once per step and variable, of the first variant's System.
  std::vector<AtomicReadWrite> granularity;

  bool has_report() const { return !variants.empty(); }
};

CheckResult Check(const CheckOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_CHECK_H_
