// Differential tests on random models: a fixed-seed generator writes a few hundred small models
// that mix every construct the reductions reason about (shared and local variables, locks held
// around steps and nested, semaphores, atomic groups that acquire and release, awaits, loops on
// locals (some endless), asserts, out-of-range writes, a stray release), and every reduction, alone
// and combined, under both strategies, must agree with the plain search: the same verdict, the same
// violated properties (--all), the same terminal outcomes; every counterexample, and its
// shortened form, must replay on the plain model to the same violation; two threads and the
// fingerprint store must give the same figures as one thread and the full store. The fixtures
// are hand-made; these are what nobody thought of.
#include "tests/support/random_models.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/check/search.h"
#include "engine/check/variants.h"
#include "engine/explore/explorer.h"
#include "engine/semantics/partial_order.h"
#include "engine/semantics/symmetry.h"
#include "engine/trace/concretize.h"
#include "engine/trace/replay.h"
#include "engine/trace/shorten.h"
#include "tests/support/differential.h"

namespace racecheck {
namespace {

using testing::ModelGen;

TEST_CASE("random models: every reduction agrees with the plain search", "[reduction][random]") {
  constexpr int kModels = 150;
  int checked = 0, holds = 0, violated = 0, reduced = 0, symmetric = 0;
  for (int seed = 1; seed <= kModels; ++seed) {
    const std::string text = ModelGen(static_cast<uint64_t>(seed)).Model();
    INFO("seed " << seed << ":\n" << text);
    // Loaded and built as the commands do: each variant's plain System and its reduced one.
    ModelRequest request;
    request.path = "random.yaml";
    request.text = text;
    LoadResult load = LoadVariants(request, /*only_without_locks=*/false, /*reduce_locals=*/true);
    INFO(load.diagnostics);
    REQUIRE(load.loaded.has_value());  // the generator writes only valid models
    for (const Variant& v : load.loaded->variants) {
      INFO(v.name);
      const System* plain = v.system.get();
      const System* fused = v.reduced.get();
      ExploreOptions base;
      base.all = true;
      base.collect_outcomes = true;
      base.max_states = 200000;
      const ExploreResult ref = Explore(*plain, base);  // the oracle: no reduction at all
      if (ref.verdict == Verdict::kIncomplete || !ref.incomplete.empty()) continue;
      ++checked;
      (ref.verdict == Verdict::kHolds ? holds : violated) += 1;
      for (const System* sys : {plain, fused}) {
        Symmetry symmetry(*sys);
        PartialOrder partial_order(*sys);
        for (int mask = 0; mask < 4; ++mask) {
          for (Strategy strategy : {Strategy::kBfs, Strategy::kDfs}) {
            ExploreOptions opt = base;
            opt.strategy = strategy;
            // The search `check` runs: the reductions, the search, counterexamples concretized
            // and shortened on the plain model.
            std::vector<Counterexample> counterexamples;
            const ExploreResult r = SearchSystem(
                *plain, *sys, opt, {(mask & 1) != 0, (mask & 2) != 0}, &counterexamples);
            INFO("fused=" << (sys == fused) << " symmetry=" << (mask & 1) << " partial_order="
                          << (mask >> 1) << " dfs=" << (strategy == Strategy::kDfs));
            testing::CheckAgreesWithPlain(*plain, ref, r, counterexamples);
            for (const Counterexample& o : counterexamples) {
              CHECK(EndsInViolation(*plain, o.schedule, o.property));
            }
          }
        }
        // Two threads, and the fingerprint store: the very same search.
        ExploreOptions opt = base;
        opt.symmetry = &symmetry;
        opt.partial_order = &partial_order;
        const ExploreResult one = Explore(*sys, opt);
        if (one.stats.reduced_states > 0) ++reduced;
        if (symmetry.active()) ++symmetric;
        opt.threads = 2;
        const ExploreResult two = Explore(*sys, opt);
        opt.threads = 1;
        opt.fingerprint = true;  // and a fingerprint-only store (one thread)
        const ExploreResult fp = Explore(*sys, opt);
        testing::CheckSameSearch(two, one);
        testing::CheckSameSearch(fp, one);
      }
    }
  }
  // Nearly every model is small enough for the plain search; if the generator drifted so that
  // few are, this test would check little.
  // And the mix must exercise what is tested: both verdicts, and the reductions at work.
  INFO("checked " << checked << ", holds " << holds << ", violated " << violated
                  << ", partial order reduced " << reduced << ", symmetric " << symmetric);
  CHECK(checked >= 2 * kModels * 9 / 10);
  CHECK(holds >= checked / 10);
  CHECK(violated >= checked / 10);
  CHECK(reduced >= checked / 5);
  CHECK(symmetric >= checked / 5);
}

}  // namespace
}  // namespace racecheck
