// SearchVariant: one variant of a model searched as `racecheck check` does it — the reductions
// set up on the System searched, the search, and every counterexample turned into a short
// schedule of the plain model. Shared by `check` and `run --counterexample`, so that the two
// commands can never find different counterexamples.
//
// Call from one thread (the search starts its own workers).
#ifndef RACECHECK_ENGINE_CHECK_SEARCH_H_
#define RACECHECK_ENGINE_CHECK_SEARCH_H_

#include <string>
#include <vector>

#include "engine/check/variants.h"
#include "engine/explore/explorer.h"
#include "engine/semantics/partial_order.h"
#include "engine/semantics/symmetry.h"
#include "engine/trace/concretize.h"

namespace racecheck {

// Which reductions a search may use (each applies only where its analysis finds something).
// Local-step fusion is chosen earlier, by building the variant's `reduced` System.
struct SearchReductions {
  bool symmetry = true;
  bool partial_order = true;
};

// Searches `v.reduced` (else `v.system`) with `options`, whose `symmetry` and `partial_order` it
// sets from `use`; turns every counterexample into a schedule of the plain model
// (trace/concretize.h) and shortens it there (ShortenSchedule), into `counterexamples` (one per
// violation, in order). With `reductions`, also says what the reductions are
// (DescribeReductions, in English), and with `reductions_text` the same in `lang`.
// REQUIRES: CheckExploreOptions(options).ok().
ExploreResult SearchVariant(const Variant& v, ExploreOptions options, SearchReductions use,
                            std::vector<Counterexample>* counterexamples,
                            std::vector<std::string>* reductions = nullptr,
                            std::vector<std::string>* reductions_text = nullptr,
                            Lang lang = Lang::kEn);

// The same for a plain System and the System searched: `plain` itself, or one built from the
// same model and variant with reduce_locals. SearchVariant calls it with v.system and v.reduced.
ExploreResult SearchSystem(const System& plain, const System& searched, ExploreOptions options,
                           SearchReductions use, std::vector<Counterexample>* counterexamples,
                           std::vector<std::string>* reductions = nullptr,
                           std::vector<std::string>* reductions_text = nullptr,
                           Lang lang = Lang::kEn);

// What the reductions of the searched System did, one line each: "symmetry: 'client' (3
// interchangeable instances)", "local steps fused, dead locals reset", what the partial-order
// analysis found, or why one is off. `symmetry` was built on `searched`; `symmetry_used` says
// whether the search used it; `partial_order` is the one the search used (null: off).
std::vector<std::string> DescribeReductions(const System& searched, const Symmetry& symmetry,
                                            bool symmetry_used, const PartialOrder* partial_order,
                                            Lang lang = Lang::kEn);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_SEARCH_H_
