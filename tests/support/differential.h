// Test helper: the two comparisons of the differential tests (reduction_test, random_models_
// test, fingerprint_test), written once. Header-only; call from inside a Catch2 test.
//  - CheckAgreesWithPlain: a reduced search against the plain one (same verdict, violated
//    properties and terminal outcomes, no more states, counterexamples that, concretized,
//    replay on the plain model to the same violation).
//  - CheckSameSearch: two runs that must be the very same search (thread counts, stores): the
//    same counts and the same stored paths to the same violations.
#ifndef RACECHECK_TESTS_SUPPORT_DIFFERENTIAL_H_
#define RACECHECK_TESTS_SUPPORT_DIFFERENTIAL_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/trace/concretize.h"
#include "engine/trace/replay.h"

namespace racecheck::testing {

inline std::vector<int32_t> ViolatedProperties(const ExploreResult& r) {
  std::vector<int32_t> v;
  for (const PropertyOutcome& o : r.violations) v.push_back(o.property);
  return v;
}

// `ref` is the plain search (no reduction, --all, outcomes collected) of `plain`; `r` a search
// whose counterexamples, as schedules of `plain`, are `counterexamples` (one per violation).
inline void CheckAgreesWithPlain(const System& plain, const ExploreResult& ref,
                                 const ExploreResult& r,
                                 const std::vector<Counterexample>& counterexamples) {
  CHECK(r.verdict == ref.verdict);
  CHECK(ViolatedProperties(r) == ViolatedProperties(ref));
  CHECK(r.terminal_outcomes == ref.terminal_outcomes);
  CHECK(r.stats.states <= ref.stats.states);
  REQUIRE(counterexamples.size() == r.violations.size());
  for (const Counterexample& o : counterexamples) {
    const Trace t = Replay(plain, o.schedule, o.property);
    INFO("schedule of " << o.schedule.size() << " steps: " << t.status.message());
    CHECK(t.ok());
    CHECK(t.violation.property == o.property);
    CHECK(t.unused == 0);
  }
}

// The same for a search of `searched` (plain or built with reductions) with `symmetry` (null:
// none), whose counterexamples are concretized here.
inline void CheckAgreesWithPlain(const System& plain, const ExploreResult& ref,
                                 const System& searched, const Symmetry* symmetry,
                                 const ExploreResult& r) {
  CheckAgreesWithPlain(plain, ref, r, ConcretizeCounterexamples(searched, symmetry, r));
}

inline void CheckSameSearch(const ExploreResult& a, const ExploreResult& b) {
  CHECK(a.verdict == b.verdict);
  CHECK(a.incomplete == b.incomplete);
  CHECK(a.stats.states == b.stats.states);
  CHECK(a.stats.transitions == b.stats.transitions);
  CHECK(a.stats.terminal_states == b.stats.terminal_states);
  CHECK(a.stats.depth == b.stats.depth);
  CHECK(a.stats.reduced_states == b.stats.reduced_states);
  CHECK(a.terminal_outcomes == b.terminal_outcomes);
  REQUIRE(a.violations.size() == b.violations.size());
  for (size_t i = 0; i < a.violations.size(); ++i) {
    CHECK(a.violations[i].property == b.violations[i].property);
    CHECK(a.violations[i].violating_states == b.violations[i].violating_states);
    CHECK(a.violations[i].path == b.violations[i].path);
  }
}

}  // namespace racecheck::testing

#endif  // RACECHECK_TESTS_SUPPORT_DIFFERENTIAL_H_
