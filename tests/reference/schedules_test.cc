// The counting pass (engine/count/) against the reference's brute force (ref_schedules.h): for
// the shipped models at small sizes, every fixture, and random models, the engine's schedule
// counts (by ending and by property), the schedules that violate nothing, the random
// scheduler's probabilities, and what the locks remove must equal what walking every schedule
// one by one gives — both with every step counted (the plain System) and with private steps
// going with the step before them (the fused System, against distinct projections of the
// plain schedules). The engine's counts with symmetry must also equal its counts without.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/count/counts.h"
#include "engine/count/lock_effect.h"
#include "engine/model/loader.h"
#include "engine/semantics/system.h"
#include "tests/reference/random_expr_models.h"
#include "tests/reference/ref_schedules.h"
#include "tests/reference/reference.h"
#include "tests/support/random_models.h"
#include "tests/support/test_models.h"

#ifndef RACECHECK_SOURCE_DIR
#error "RACECHECK_SOURCE_DIR must name the repository root"
#endif

namespace racecheck {
namespace {

namespace fs = std::filesystem;
using reference::Ending;

std::string Key(const System& sys, int32_t id) {
  const PropertyInfo& p = sys.properties()[static_cast<size_t>(id)];
  switch (p.kind) {
    case PropertyKind::kInvariant:
      return reference::PropertyKey("invariant", p.name, 0, 0);
    case PropertyKind::kFinal:
      return reference::PropertyKey("final", p.name, 0, 0);
    case PropertyKind::kAssert:
      return reference::PropertyKey("assert", "", p.loc.line, p.loc.col);
    case PropertyKind::kDeadlock:
      return "deadlock";
    case PropertyKind::kLockMisuse:
      return "lock_misuse";
    case PropertyKind::kRange:
      return "range";
    case PropertyKind::kRuntime:
      return "runtime";
  }
  return "?";
}

std::unique_ptr<System> Build(const std::shared_ptr<const Model>& model, bool elide, bool fuse) {
  DiagnosticSink diags;
  BuildOptions bo;
  bo.elide_sync = elide;
  bo.reduce_locals = fuse;
  return System::Build(model, bo, diags);
}

// The steps the engine's local analysis calls private, by their place in the model.
std::function<bool(const Step*)> PrivateSteps(const System& fused) {
  auto steps = std::make_shared<std::set<const Step*>>();
  for (const Template& t : fused.templates()) {
    for (size_t pc = 0; pc < t.code.size(); ++pc) {
      if (t.local_only[pc] && t.code[pc].step != nullptr) steps->insert(t.code[pc].step);
    }
  }
  return [steps](const Step* s) { return steps->count(s) != 0; };
}

uint64_t Small(const ScheduleNumber& n) {
  REQUIRE_FALSE(n.infinite);
  REQUIRE(n.value.FitsUint64());
  return n.value.ToUint64();
}

struct Tally {
  int compared = 0, violated = 0, skipped = 0, cyclic = 0;
  int lock_compared = 0, lock_skipped = 0, lock_forbidding = 0;
  int exact = 0;  // exact fractions compared
  // The brute force walks at most this many schedules per variant (else the variant is
  // skipped): its cost is one walk per schedule.
  uint64_t max_schedules = reference::ScheduleOptions{}.max_schedules;
};

void SameCounts(const ScheduleCounts& a, const ScheduleCounts& b) {
  CHECK(a.total.value == b.total.value);
  CHECK(a.total.infinite == b.total.infinite);
  CHECK(a.clean.value == b.clean.value);
  CHECK(a.cyclic == b.cyclic);
  REQUIRE(a.violated.size() == b.violated.size());
  for (size_t i = 0; i < a.violated.size(); ++i) {
    CHECK(a.violated[i].property == b.violated[i].property);
    CHECK(a.violated[i].schedules.value == b.violated[i].schedules.value);
    CHECK(a.violated[i].schedules.infinite == b.violated[i].schedules.infinite);
    CHECK(a.violated[i].probability == Approx(b.violated[i].probability).margin(1e-12));
  }
  CHECK(a.p_complete == Approx(b.p_complete).margin(1e-12));
}

// One variant of `model`, at one granularity: the engine's counts against the brute force.
void Compare(const std::shared_ptr<const Model>& model, bool without_locks, bool every_step,
             Tally* tally) {
  INFO((without_locks ? "without locks" : "as written")
       << (every_step ? ", every step" : ", shared steps"));
  std::unique_ptr<System> plain = Build(model, without_locks, false);
  std::unique_ptr<System> fused = Build(model, without_locks, true);
  REQUIRE(plain != nullptr);
  REQUIRE(fused != nullptr);
  CountOptions co;
  co.every_step = every_step;
  co.max_states = 200000;
  co.final_values = true;
  const VariantCounts engine = CountVariant(*plain, *fused, co);
  co.symmetry = false;
  const VariantCounts unreduced = CountVariant(*plain, *fused, co);
  reference::ScheduleOptions ro;
  ro.max_schedules = tally->max_schedules;
  ro.without_locks = without_locks;
  if (!every_step) ro.is_private = PrivateSteps(*fused);
  std::string error;
  const reference::ScheduleTally ref = reference::EnumerateSchedules(*model, ro, &error);
  INFO("reference error: " << error);
  REQUIRE(error.empty());
  if (engine.counted && unreduced.counted) {
    SameCounts(engine.schedules, unreduced.schedules);
    // Symmetry merges states, never valuations: the same rows without it.
    REQUIRE(engine.finals.rows.size() == unreduced.finals.rows.size());
    for (size_t i = 0; i < engine.finals.rows.size(); ++i) {
      CHECK(engine.finals.rows[i].values == unreduced.finals.rows[i].values);
      CHECK(engine.finals.rows[i].schedules.value == unreduced.finals.rows[i].schedules.value);
    }
  }
  if (!ref.enumerated) {
    if (ref.cyclic && engine.counted) {
      // Some schedules loop: the engine says so, and its probabilities (solved by iteration)
      // are those of the reference's own chain.
      const ScheduleCounts& c = engine.schedules;
      CHECK(c.cyclic);
      const reference::ScheduleTally chain =
          reference::ChainProbabilities(*model, ro, 5000, &error);
      if (chain.enumerated) {
        CHECK(c.p_complete == Approx(chain.p_ending.at(Ending::kComplete)).margin(1e-9));
        CHECK(c.p_stuck == Approx(chain.p_ending.at(Ending::kStuck)).margin(1e-9));
        CHECK(c.p_failed == Approx(chain.p_ending.at(Ending::kFailed)).margin(1e-9));
        CHECK(c.p_clean == Approx(chain.p_clean).margin(1e-9));
        for (const PropertySchedules& p : c.violated) {
          const std::string key = Key(*fused, p.property);
          INFO("property " << key);
          REQUIRE(chain.p_violating.count(key) == 1);
          CHECK(p.probability == Approx(chain.p_violating.at(key)).margin(1e-9));
        }
        ++tally->cyclic;
      }
    }
    ++tally->skipped;
    return;
  }
  REQUIRE(engine.counted);
  REQUIRE(unreduced.counted);
  const ScheduleCounts& c = engine.schedules;
  CHECK_FALSE(c.cyclic);
  auto at = [&](Ending e) {
    auto it = ref.by_ending.find(e);
    return it == ref.by_ending.end() ? uint64_t{0} : it->second;
  };
  CHECK(Small(c.complete) == at(Ending::kComplete));
  CHECK(Small(c.stuck) == at(Ending::kStuck));
  CHECK(Small(c.failed) == at(Ending::kFailed));
  CHECK(Small(c.clean) == ref.clean);
  std::map<std::string, uint64_t> engine_violating;
  for (const PropertySchedules& p : c.violated) {
    const std::string key = Key(*fused, p.property);
    INFO("property " << key);
    engine_violating[key] = Small(p.schedules);
    auto pv = ref.p_violating.find(key);
    REQUIRE(pv != ref.p_violating.end());
    CHECK(p.probability == Approx(pv->second).margin(1e-12));
    CHECK(p.probability + p.probability_rest == Approx(1.0).margin(1e-12));
    // The exact fraction, against the reference's sum of products of 1/(processes that can
    // move) over every schedule, in exact arithmetic.
    auto px = ref.exact_violating.find(key);
    REQUIRE(px != ref.exact_violating.end());
    if (!p.exact_probability.empty()) {
      CHECK(p.exact_probability == px->second.get_str());
      ++tally->exact;
    } else {
      // Not printed only when too long to read (or the graph too large to do it exactly).
      CHECK((px->second.get_num().get_str().size() > 12 ||
             px->second.get_den().get_str().size() > 12 || engine.states > 20000));
    }
  }
  std::map<std::string, uint64_t> ref_violating;
  for (const auto& [k, n] : ref.violating) {
    if (n != 0) ref_violating[k] = n;
  }
  CHECK(engine_violating == ref_violating);
  auto chance = [&](Ending e) {
    auto it = ref.p_ending.find(e);
    return it == ref.p_ending.end() ? 0.0 : it->second;
  };
  CHECK(c.p_complete == Approx(chance(Ending::kComplete)).margin(1e-12));
  CHECK(c.p_stuck == Approx(chance(Ending::kStuck)).margin(1e-12));
  CHECK(c.p_failed == Approx(chance(Ending::kFailed)).margin(1e-12));
  CHECK(c.p_clean == Approx(ref.p_clean).margin(1e-12));
  // The final values (--outcomes): per valuation, the complete schedules that end so and the
  // chance of it, against the walk's; together, every complete schedule.
  REQUIRE(engine.finals.computed);
  std::map<std::string, uint64_t> engine_finals;
  std::map<std::string, double> engine_p_finals;
  for (const FinalValuation& r : engine.finals.rows) {
    std::string key;
    for (int64_t x : r.values) key += (key.empty() ? "" : ",") + std::to_string(x);
    engine_finals[key] += Small(r.schedules);
    engine_p_finals[key] += r.probability;
  }
  CHECK(engine_finals == ref.final_values);
  CHECK(Small(engine.finals.complete) == at(Ending::kComplete));
  for (const auto& [key, p] : ref.p_final_values) {
    INFO("final values " << key);
    CHECK(engine_p_finals[key] == Approx(p).margin(1e-12));
  }
  ++tally->compared;
  if (!c.violated.empty()) ++tally->violated;
}

// What the locks remove: the engine's normal form against the projections of every complete
// locked schedule (acquires and releases dropped) among the complete lock-free ones.
void CompareLocks(const std::shared_ptr<const Model>& model, bool every_step, Tally* tally) {
  INFO("what the locks remove" << (every_step ? ", every step" : ", shared steps"));
  std::unique_ptr<System> locked = Build(model, false, false);
  std::unique_ptr<System> locked_fused = Build(model, false, true);
  std::unique_ptr<System> free = Build(model, true, false);
  std::unique_ptr<System> free_fused = Build(model, true, true);
  if (!locked || !locked_fused || !free || !free_fused) return;
  CountOptions co;
  co.every_step = every_step;
  co.max_states = 200000;
  CountGraph graph = BuildVariantGraph(*free, *free_fused, co);
  if (!graph.complete) return;
  const ScheduleCounts lock_free =
      CountSchedules(every_step ? *free : *free_fused, graph, /*complete_only=*/true);
  const LockEffect e = CompareWithLocks(*locked, *locked_fused, lock_free, co);
  reference::ScheduleOptions ro;
  ro.max_schedules = tally->max_schedules;
  ro.drop_sync = true;
  if (!every_step) ro.is_private = PrivateSteps(*locked_fused);
  std::string error;
  const reference::ScheduleTally with = reference::EnumerateSchedules(*model, ro, &error);
  ro.without_locks = true;
  ro.drop_sync = false;
  if (!every_step) ro.is_private = PrivateSteps(*free_fused);
  const reference::ScheduleTally without = reference::EnumerateSchedules(*model, ro, &error);
  if (!e.computed || !with.enumerated || !without.enumerated) {
    ++tally->lock_skipped;
    return;
  }
  uint64_t allowed = 0, allowed_violating = 0, violating = 0;
  for (const auto& [proj, bad] : without.complete_projections) violating += bad ? 1 : 0;
  for (const auto& [proj, bad] : with.complete_projections) {
    INFO("locked schedule, projected: " << proj);
    auto it = without.complete_projections.find(proj);
    REQUIRE(it != without.complete_projections.end());  // a lock-free schedule
    CHECK(it->second == bad);                           // with the same violations
    ++allowed;
    allowed_violating += bad ? 1 : 0;
  }
  const uint64_t total = without.complete_projections.size();
  CHECK(e.lock_free.ToUint64() == total);
  CHECK(e.lock_free_violating.ToUint64() == violating);
  CHECK(e.allowed.ToUint64() == allowed);
  CHECK(e.allowed_violating.ToUint64() == allowed_violating);
  CHECK(e.forbidden.ToUint64() == total - allowed);
  CHECK(e.forbidden_violating.ToUint64() == violating - allowed_violating);
  CHECK(e.forbidden_harmless.ToUint64() == (total - violating) - (allowed - allowed_violating));
  ++tally->lock_compared;
  if (total != allowed) ++tally->lock_forbidding;
}

void CompareAll(const std::shared_ptr<const Model>& model, Tally* tally) {
  for (bool every_step : {true, false}) {
    Compare(model, false, every_step, tally);
    if (!model->syncs.empty()) {
      Compare(model, true, every_step, tally);
      CompareLocks(model, every_step, tally);
    }
  }
}

std::shared_ptr<const Model> LoadText(const std::string& text) {
  return testing::LoadModelTreeText("random.yaml", text);
}

bool Builds(const std::shared_ptr<const Model>& model) {
  return model != nullptr && Build(model, false, false) && Build(model, true, false);
}

TEST_CASE("schedules: the shipped models' counts are those of every schedule walked",
          "[reference][schedules]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"models/ticket.yaml", {"clients=1"}},
      {"models/ticket.yaml", {"clients=2"}},
      {"models/ticket.yaml", {"clients=3"}},
      {"models/ticket.yaml", {"clients=2", "tickets=2"}},
      {"models/counter.yaml", {}},
      {"models/deadlock.yaml", {}},
      {"models/pool.yaml", {"workers=3"}},
      {"models/print_race.yaml", {"workers=2"}},
      {"models/print_race.yaml", {}},
      {"models/buffer.yaml", {"producers=1", "items=1", "capacity=1"}},
      {"models/rlock.yaml", {}},
      {"models/rlock.yaml", {"RLOCK=false"}},
      {"models/barrier.yaml", {"N=2"}},
      {"models/barrier.yaml", {"N=2", "BARRIER=false"}},
      {"models/queue.yaml", {}},
      {"models/queue.yaml", {"EXTRA=1"}},
      {"models/condition.yaml", {}},
      {"models/condition.yaml", {"WHILE=false", "SPURIOUS=true"}},
  };
  Tally tally;
  for (const auto& [file, sets] : cases) {
    INFO(file << (sets.empty() ? "" : " --set " + sets[0]));
    std::shared_ptr<const Model> model = testing::LoadModelTree(file, sets);
    REQUIRE(model != nullptr);
    const int skipped = tally.skipped;
    CompareAll(model, &tally);
    if (tally.skipped != skipped) WARN("not all compared (too many schedules to walk)");
  }
  WARN("shipped models: " << tally.compared << " variants compared, " << tally.lock_compared
                          << " lock comparisons (" << tally.lock_forbidding
                          << " forbid something)");
  // The lock-free ticket at 3 clients, every step counted, has 10,733,940 schedules: too many
  // to walk one by one (and so its lock comparison too).
  CHECK(tally.skipped <= 2);
  CHECK(tally.exact >= 8);
  CHECK(tally.lock_compared >= 8);
  CHECK(tally.lock_forbidding >= 6);
}

TEST_CASE("schedules: every fixture's counts are those of every schedule walked",
          "[reference][schedules]") {
  Tally tally;
  for (const fs::directory_entry& e :
       fs::directory_iterator(fs::path(RACECHECK_SOURCE_DIR) / "tests" / "models")) {
    if (!fs::exists(e.path() / "model.yaml")) continue;
    const std::string name = e.path().filename().string();
    std::shared_ptr<const Model> model =
        testing::LoadModelTree("tests/models/" + name + "/model.yaml", {});
    if (!Builds(model)) continue;
    INFO("tests/models/" << name);
    CompareAll(model, &tally);
  }
  WARN("fixtures: " << tally.compared << " variants compared (" << tally.skipped << " skipped, "
                    << tally.cyclic << " of them cyclic), " << tally.lock_compared
                    << " lock comparisons");
  CHECK(tally.compared >= 60);
  CHECK(tally.cyclic >= 1);
}

TEST_CASE("schedules: random models' counts are those of every schedule walked",
          "[reference][schedules][random]") {
  Tally tally;
  // 20,000 schedules per variant, not 200,000: the walks of the few large models took 100 of
  // the test's 120 s, and the cap skips only 56 of the 756 variants compared (700 compared, the
  // same 10 lock comparisons that forbid something).
  tally.max_schedules = 20000;
  // 200 seeds: since the generator also makes arrays and semaphore arrays (issue 11), fewer of
  // its models have a lock comparison (none with semaphores), and 150 seeds gave only 8 in
  // which the lock forbids something.
  for (int seed = 1; seed <= 200; ++seed) {
    const std::string text = testing::ModelGen(static_cast<uint64_t>(seed)).Model();
    INFO("seed " << seed << ":\n" << text);
    CompareAll(LoadText(text), &tally);
  }
  for (int seed = 1; seed <= 100; ++seed) {
    const std::string text = testing::ExprModelGen(static_cast<uint64_t>(seed)).Model();
    INFO("expression seed " << seed << ":\n" << text);
    std::shared_ptr<const Model> model = LoadText(text);
    if (!Builds(model)) continue;
    CompareAll(model, &tally);
  }
  WARN("random models: " << tally.compared << " variants compared (" << tally.violated
                         << " violated), " << tally.skipped << " skipped (" << tally.cyclic
                         << " cyclic), " << tally.lock_compared << " lock comparisons ("
                         << tally.lock_forbidding << " forbid something), " << tally.lock_skipped
                         << " not comparable, " << tally.exact << " exact chances");
  CHECK(tally.compared >= 300);
  CHECK(tally.exact >= 50);
  CHECK(tally.violated >= tally.compared / 10);
  CHECK(tally.lock_compared >= 30);
  CHECK(tally.lock_forbidding >= 10);
}

}  // namespace
}  // namespace racecheck
