// Differential tests on random models: a fixed-seed generator writes a few hundred small models
// that mix every construct the reductions reason about (shared and local variables, locks held
// around steps and nested, semaphores, atomic groups that acquire and release, awaits, loops on
// locals (some endless), asserts, out-of-range writes, a stray release), and every reduction, alone and
// combined, under both strategies, must agree with the plain search: the same verdict, the same
// violated properties (--all), the same terminal outcomes; every counterexample, and its
// shortened form, must replay on the plain model to the same violation; two threads and the
// fingerprint store must give the same figures as one thread and the full store. The fixtures
// are hand-made; these are what nobody thought of.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/model/loader.h"
#include "engine/semantics/partial_order.h"
#include "engine/semantics/symmetry.h"
#include "engine/trace/concretize.h"
#include "engine/trace/replay.h"
#include "engine/trace/shorten.h"
#include "tests/support/differential.h"

namespace racecheck {
namespace {

// Writes one model as YAML (flow style for the steps). Deterministic for a seed: it draws only
// raw 64-bit numbers from mt19937_64 (no distribution objects, whose output is not portable).
class ModelGen {
 public:
  explicit ModelGen(uint64_t seed) : rng_(seed) {}

  std::string Model() {
    std::string y = "shared:\n  x: {init: 0, range: [0, 3]}\n  y: {init: 0, range: [0, 3]}\n";
    y += "locks: [l0, l1]\nsemaphores: {s0: 1}\nprocesses:\n";
    // One model in three is partitioned: p0 uses only x, p1 only y, one instance each, so
    // that steps are independent and the invariants (which read both) make them visible.
    partitioned_ = R(3) == 0;
    const int templates = partitioned_ ? 2 : 1 + R(2);
    for (int t = 0; t < templates; ++t) {
      own_ = t == 0 ? "x" : "y";
      y += "  p" + std::to_string(t) + ":\n";
      y += "    instances: " + std::to_string(partitioned_ ? 1 : 1 + R(2)) + "\n";
      y += "    locals: {t: {init: 0, range: [0, 3]}}\n";
      y += "    steps: " + Steps(2 + R(3), 0) + "\n";
    }
    y += "invariants:\n";
    static const char* const kInvariants[] = {"x + y <= 5", "not (x == 2 and y == 2)",
                                             "x != 3", "y <= 2"};
    y += std::string("  inv: ") + kInvariants[partitioned_ ? R(2) : R(4)] + "\n";
    if (R(2) == 0) y += "final:\n  fin: x >= y\n";
    return y;
  }

 private:
  int R(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  static std::string Q(const std::string& s) { return "\"" + s + "\""; }

  // In a partitioned model, `V` stands for the template's own variable.
  std::string Own(std::string text) const {
    for (size_t i; (i = text.find('V')) != std::string::npos;) text.replace(i, 1, own_);
    return Q(text);
  }
  std::string Assign() {
    if (partitioned_) {
      static const char* const kOwn[] = {"V = (V + 1) % 4", "t = V", "V = t", "V = V + 1",
                                         "t = (t + 1) % 4"};
      return Own(kOwn[R(5)]);
    }
    static const char* const kAssign[] = {
        "x = (x + 1) % 4", "y = (y + t) % 4", "t = x", "x = t", "t = (t + 1) % 4",
        "y = x",           "x = x + 1",       "t = y", "y = (y + 1) % 4"};
    return Q(kAssign[R(9)]);
  }
  std::string Cond() {
    if (partitioned_) {
      static const char* const kOwn[] = {"V > 0", "t == 0", "t < V", "V != 1"};
      return Own(kOwn[R(4)]);
    }
    static const char* const kCond[] = {"x > 0", "t == 0", "x == y", "t < y", "y != 1"};
    return Q(kCond[R(5)]);
  }
  std::string Lock() { return R(3) == 0 ? "s0" : (R(2) == 0 ? "l0" : "l1"); }

  // A list of n steps at nesting depth d, and the same without the brackets.
  std::string Steps(int n, int d) { return "[" + Items(n, d) + "]"; }
  std::string Items(int n, int d) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += ", ";
      out += Step(d);
    }
    return out;
  }

  // One step, or a few (comma-separated items of the enclosing list).
  std::string Step(int d) {
    const int k = d >= 2 ? R(4) : R(12);
    switch (k) {
      case 0: case 1: case 2: return Assign();
      case 3: return R(2) == 0 ? "{assert: " + Cond() + "}" : "{print: \"p {x} {t}\"}";
      case 4: {  // a held lock around some steps
        const std::string l = Lock();
        return "{atomic: [{acquire: " + l + "}, " + Assign() + "]}, " + Items(1 + R(2), d + 1) +
               ", {release: " + l + "}";
      }
      case 5: {
        const std::string l = Lock();
        return "{acquire: " + l + "}, " + Items(1 + R(2), d + 1) + ", {release: " + l + "}";
      }
      case 6: return "{await: " + Cond() + "}";
      case 7: return "{if: " + Cond() + ", then: " + Steps(1 + R(2), d + 1) +
                     (R(2) == 0 ? ", else: " + Steps(1, d + 1) : "") + "}";
      case 8:
        if (R(3) == 0) return "{while: \"t < 4\", do: [\"t = (t + 1) % 4\"]}";  // spins forever
        return "{while: \"t < 2\", do: [\"t = t + 1\", " + Step(d + 1) + "]}";
      case 9: return "{atomic: [" + Assign() + ", " + Assign() + "]}";
      case 10: {
        const std::string l = Lock();
        return "{acquire: " + l + "}, {atomic: [" + Assign() + ", {release: " + l + "}]}";
      }
      default: return R(4) == 0 ? "{release: " + Lock() + "}" : Assign();  // sometimes stray
    }
  }

  std::mt19937_64 rng_;
  bool partitioned_ = false;
  std::string own_ = "x";
};

TEST_CASE("random models: every reduction agrees with the plain search", "[reduction][random]") {
  constexpr int kModels = 150;
  int checked = 0, holds = 0, violated = 0, reduced = 0, symmetric = 0;
  for (int seed = 1; seed <= kModels; ++seed) {
    const std::string text = ModelGen(static_cast<uint64_t>(seed)).Model();
    INFO("seed " << seed << ":\n" << text);
    DiagnosticSink diags;
    std::optional<racecheck::Model> parsed = LoadModelText("random.yaml", text, {}, diags);
    INFO(diags.Render());
    REQUIRE(parsed.has_value());  // the generator writes only valid models
    auto model = std::make_shared<const racecheck::Model>(std::move(*parsed));
    for (bool elide : {false, true}) {
      INFO((elide ? "without locks" : "as written"));
      BuildOptions bo;
      bo.elide_sync = elide;
      auto plain = System::Build(model, bo, diags);
      REQUIRE(plain != nullptr);
      bo.reduce_locals = true;
      auto fused = System::Build(model, bo, diags);
      REQUIRE(fused != nullptr);
      ExploreOptions base;
      base.all = true;
      base.collect_outcomes = true;
      base.max_states = 200000;
      const ExploreResult ref = Explore(*plain, base);
      if (ref.verdict == Verdict::kIncomplete || !ref.incomplete_reason.empty()) continue;
      ++checked;
      (ref.verdict == Verdict::kHolds ? holds : violated) += 1;
      for (const System* sys : {plain.get(), fused.get()}) {
        Symmetry symmetry(*sys);
        PartialOrder partial_order(*sys);
        for (int mask = 0; mask < 4; ++mask) {
          for (Strategy strategy : {Strategy::kBfs, Strategy::kDfs}) {
            ExploreOptions opt = base;
            opt.strategy = strategy;
            opt.symmetry = (mask & 1) ? &symmetry : nullptr;
            opt.partial_order = (mask & 2) ? &partial_order : nullptr;
            const ExploreResult r = Explore(*sys, opt);
            INFO("fused=" << (sys == fused.get()) << " symmetry=" << (mask & 1)
                          << " partial_order=" << (mask >> 1)
                          << " dfs=" << (strategy == Strategy::kDfs));
            testing::CheckAgreesWithPlain(*plain, ref, *sys, opt.symmetry, r);
            for (const Counterexample& o : ConcretizeCounterexamples(*sys, opt.symmetry, r)) {
              const std::vector<int32_t> s = ShortenSchedule(*plain, o.schedule, o.property);
              CHECK(s.size() <= o.schedule.size());
              CHECK(EndsInViolation(*plain, s, o.property));
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
