// The report of a check: the model as written and its lock-free variant side by side, then the
// shortest counterexample of each variant that fails, with its explanation. Text for people,
// one versioned JSON document for tools (schema in docs/cli.md). Presentation only: it renders
// results the explorer produced and replays their schedules; it decides nothing.
//
// Deterministic: no timings, no addresses, no hash order; the same inputs give the same bytes.
#ifndef RACECHECK_ENGINE_REPORT_CHECK_REPORT_H_
#define RACECHECK_ENGINE_REPORT_CHECK_REPORT_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/semantics/system.h"
#include "engine/trace/concretize.h"

namespace racecheck {

// The version of the JSON document; bumped when a field changes meaning or goes away.
constexpr int kCheckJsonVersion = 1;

struct VariantResult {
  std::string name;     // "as written" or "without locks"
  bool locks = true;    // false for the lock-free variant
  std::unique_ptr<System> system;  // the plain model; counterexample schedules refer to it
  ExploreResult result;
  // result.violations[i]'s counterexample, a schedule of `system` (trace/concretize.h).
  std::vector<Counterexample> counterexamples;
  std::vector<std::string> reductions;  // DescribeReductions of the System searched
};

// What the reductions of the searched System did, one line each: "symmetry: 'client' (3
// interchangeable instances)", "local steps fused, dead locals reset", what the partial-order
// analysis found, or why one is off. `symmetry` was built on `searched`; `symmetry_used` says
// whether the search used it; `partial_order` is the one the search used (null: off).
std::vector<std::string> DescribeReductions(const System& searched, const Symmetry& symmetry,
                                            bool symmetry_used,
                                            const PartialOrder* partial_order);

// The number of interleavings of the plain model's steps, without any reduction, for teaching:
// (sum k_i)! / prod k_i! over the processes, k_i the most steps process i can take. Printed
// exactly when small, else as "about 2.3 x 10^157"; "unbounded" when a process can loop.
std::string RawInterleavings(const System& plain);

struct CheckReport {
  std::string model_path;
  std::shared_ptr<const Model> model;
  std::string strategy = "bfs";
  bool all = false;
  bool fingerprint = false;  // the searches stored fingerprints only (ExploreOptions::fingerprint)
  std::vector<VariantResult> variants;  // the model as written first, if checked
};

std::string RenderCheckText(const CheckReport& report);
nlohmann::json RenderCheckJson(const CheckReport& report);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_CHECK_REPORT_H_
