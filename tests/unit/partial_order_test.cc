// Partial-order reduction (engine/semantics/partial_order.h): what the analysis decides, and
// exact counts of reduced searches on fixtures worked out by hand (tests/models/por_*/
// expected.md). The differential tests in reduction_test.cc check it against the plain search
// on every model.
#include "engine/semantics/partial_order.h"

#include <catch2/catch.hpp>

#include "engine/explore/explorer.h"
#include "engine/trace/concretize.h"
#include "engine/trace/replay.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

std::unique_ptr<System> Fixture(const std::string& name, bool elide = false) {
  BuildOptions opt;
  opt.elide_sync = elide;
  return testing::BuildModelFile("tests/models/" + name + "/model.yaml", {}, opt);
}

struct Counts {
  uint64_t states, transitions, reduced;
};

// Explores sys exhaustively (--all) with the partial-order reduction on or off, with `strategy`,
// and checks that every counterexample replays.
ExploreResult Search(const System& sys, bool por, Strategy strategy = Strategy::kBfs,
                     int threads = 1) {
  PartialOrder partial_order(sys);
  ExploreOptions opt;
  opt.all = true;
  opt.collect_outcomes = true;
  opt.strategy = strategy;
  opt.threads = threads;
  opt.partial_order = por ? &partial_order : nullptr;
  ExploreResult r = Explore(sys, opt);
  for (const Counterexample& o : ConcretizeCounterexamples(sys, nullptr, r)) {
    Trace t = Replay(sys, o.schedule, o.property);
    INFO(t.status.message());
    CHECK(t.ok());
    CHECK(t.violation.property == o.property);
  }
  return r;
}

void CheckCounts(const ExploreResult& r, Counts want) {
  CHECK(r.stats.states == want.states);
  CHECK(r.stats.transitions == want.transitions);
  CHECK(r.stats.reduced_states == want.reduced);
}

TEST_CASE("partial order: independent processes run one after the other", "[partial_order]") {
  auto sys = Fixture("por_independent");
  PartialOrder po(*sys);
  CHECK(po.active());
  REQUIRE(po.notes().size() == 1);
  CHECK(po.notes()[0] == "partial-order: steps on 'x', 'y' (one process each) run alone");
  CheckCounts(Search(*sys, false), {16, 24, 0});
  for (Strategy s : {Strategy::kBfs, Strategy::kDfs}) {
    ExploreResult r = Search(*sys, true, s);
    CheckCounts(r, {7, 6, 6});
    CHECK(r.verdict == Verdict::kHolds);
    CHECK(r.stats.terminal_states == 1);
  }
}

TEST_CASE("partial order: a step an invariant sees does not run alone", "[partial_order]") {
  auto sys = Fixture("por_visible");
  PartialOrder po(*sys);
  CHECK_FALSE(po.active());
  const ExploreResult plain = Search(*sys, false);
  const ExploreResult reduced = Search(*sys, true);
  CheckCounts(plain, {16, 24, 0});
  CheckCounts(reduced, {16, 24, 0});
  REQUIRE(reduced.violations.size() == 1);
  CHECK(reduced.violations[0].violating_states == 1);  // (2, 2)
}

TEST_CASE("partial order: a lock holder's steps run alone", "[partial_order]") {
  auto sys = Fixture("por_locked");
  PartialOrder po(*sys);
  REQUIRE(po.notes().size() == 2);
  CHECK(po.notes()[0] == "partial-order: while holding 'lock', a process's steps on 'n' run alone");
  CHECK(po.notes()[1] == "partial-order: steps that touch only the process's own locals run alone");
  CheckCounts(Search(*sys, false), {21, 28, 0});
  for (Strategy s : {Strategy::kBfs, Strategy::kDfs}) {
    INFO("dfs=" << (s == Strategy::kDfs));
    const ExploreResult r = Search(*sys, true, s);
    CheckCounts(r, {14, 14, 10});
    CHECK(r.verdict == Verdict::kHolds);
  }
  // Without locks, n is written by both clients unprotected: only `c = 1` runs alone.
  auto lockfree = Fixture("por_locked", /*elide=*/true);
  CheckCounts(Search(*lockfree, false), {9, 12, 0});
  CheckCounts(Search(*lockfree, true), {6, 6, 2});
}

TEST_CASE("partial order: the cycle proviso keeps a spinning process from hiding a violation",
          "[partial_order]") {
  auto sys = Fixture("por_ignoring");
  const ExploreResult plain = Search(*sys, false);
  CheckCounts(plain, {8, 12, 0});
  for (Strategy s : {Strategy::kBfs, Strategy::kDfs}) {
    INFO("dfs=" << (s == Strategy::kDfs));
    const ExploreResult r = Search(*sys, true, s);
    CHECK(r.verdict == Verdict::kViolated);
    REQUIRE(r.violations.size() == 1);
    if (s == Strategy::kBfs) {
      CheckCounts(r, {6, 6, 4});
      CHECK(r.violations[0].violating_states == 4);
    }
  }
}

TEST_CASE("partial order: a lock someone else may release protects nothing", "[partial_order]") {
  auto sys = Fixture("por_unclean");
  PartialOrder po(*sys);
  CHECK_FALSE(po.active());
  const ExploreResult plain = Search(*sys, false), reduced = Search(*sys, true);
  CHECK(reduced.stats.states == plain.stats.states);
  CHECK(reduced.verdict == Verdict::kViolated);  // the second release
}

TEST_CASE(
    "partial order: the ticket model — reads of count and the purchase run alone in the "
    "lock",
    "[partial_order]") {
  auto sys = testing::LoadShipped("ticket.yaml", 3, false);
  PartialOrder po(*sys);
  REQUIRE(!po.notes().empty());
  CHECK(po.notes()[0] ==
        "partial-order: while holding 'lock', a process's steps on 'sold' and reads of 'count' "
        "run alone");
  // search() reads count outside the lock, so the write of count cannot run alone; the
  // holder's other steps and every purely local step (print, the test c > 0) can.
  const ExploreResult plain = Search(*sys, false), reduced = Search(*sys, true);
  CHECK(reduced.stats.states < plain.stats.states);
  CHECK(reduced.stats.reduced_states > 0);
  CHECK(reduced.terminal_outcomes == plain.terminal_outcomes);
  CHECK(reduced.verdict == plain.verdict);
  // And every thread count gives the same figures.
  for (int threads : {2, 3}) {
    const ExploreResult r = Search(*sys, true, Strategy::kBfs, threads);
    CHECK(r.stats.states == reduced.stats.states);
    CHECK(r.stats.transitions == reduced.stats.transitions);
    CHECK(r.stats.reduced_states == reduced.stats.reduced_states);
  }
}

}  // namespace
}  // namespace racecheck
