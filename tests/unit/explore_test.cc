// The explorer on small models with exact counts worked out by hand (tests/models/*/expected.md)
// or by an independent method (closed forms derived in bench/README.md). Every counterexample
// is replayed through the semantics and must reach the same violation.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "engine/explore/explorer.h"
#include "engine/model/loader.h"
#include "engine/trace/concretize.h"
#include "engine/trace/replay.h"
#include "tests/support/differential.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

std::unique_ptr<System> BuildPath(const std::string& path, bool elide,
                                  const std::vector<std::string>& sets) {
  BuildOptions opt;
  opt.elide_sync = elide;
  return testing::BuildModelFile(path, sets, opt);
}

std::unique_ptr<System> BuildFixture(const std::string& name, bool elide,
                                     const std::vector<std::string>& sets = {}) {
  return BuildPath("tests/models/" + name + "/model.yaml", elide, sets);
}

std::unique_ptr<System> BuildShipped(const std::string& file, bool elide,
                                     const std::vector<std::string>& sets = {}) {
  return BuildPath("models/" + file, elide, sets);
}

// Replays every counterexample and checks that it ends in the violation it claims. With --all,
// a counterexample for one property may pass through states that break another invariant
// (models/buffer.yaml without locks: the final property's path breaks within_capacity on the
// way), so the replay looks for the property claimed.
void CheckCounterexamplesReplay(const System& sys, const ExploreResult& r) {
  for (const Counterexample& o : ConcretizeCounterexamples(sys, nullptr, r)) {
    Trace t = Replay(sys, o.schedule, o.property);
    INFO(t.status.message());
    REQUIRE(t.ok());
    CHECK(t.violation.property == o.property);
    CHECK(t.unused == 0);
  }
}

ExploreResult Run(const System& sys, Strategy strategy, bool all) {
  ExploreOptions opt;
  opt.strategy = strategy;
  opt.all = all;
  return Explore(sys, opt);
}

TEST_CASE("get() alone without the lock: 20 states, 26 transitions, 1 oversell", "[explore]") {
  auto sys = BuildFixture("get_alone", /*elide=*/true);
  for (Strategy s : {Strategy::kBfs, Strategy::kDfs}) {
    ExploreResult r = Run(*sys, s, /*all=*/true);
    CHECK(r.verdict == Verdict::kViolated);
    CHECK(r.stats.states == 20);
    CHECK(r.stats.transitions == 26);
    CHECK(r.stats.terminal_states == 3);
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].property == testing::PropertyNamed(*sys, "no_oversell"));
    CHECK(r.violations[0].violating_states == 1);
    if (s == Strategy::kBfs) CHECK(r.stats.depth == 6);
    CheckCounterexamplesReplay(*sys, r);
  }
}

TEST_CASE("get() alone without the lock: BFS stops at a shortest oversell", "[explore]") {
  auto sys = BuildFixture("get_alone", true);
  ExploreResult r = Run(*sys, Strategy::kBfs, false);
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.violations.size() == 1);
  // Both clients read count = 1 (2 steps), test (2), then both write (2): 6 steps, no fewer.
  CHECK(ConcretizeCounterexamples(*sys, nullptr, r)[0].schedule.size() == 6);
  CHECK(r.stats.states <= 20);  // the oversell is at the deepest level: all may be stored
  CheckCounterexamplesReplay(*sys, r);
}

TEST_CASE("get() alone with the lock: 19 states, 18 transitions, no oversell", "[explore]") {
  auto sys = BuildFixture("get_alone", false);
  for (Strategy s : {Strategy::kBfs, Strategy::kDfs}) {
    for (bool all : {false, true}) {
      ExploreResult r = Run(*sys, s, all);
      CHECK(r.verdict == Verdict::kHolds);
      CHECK(r.stats.states == 19);
      CHECK(r.stats.transitions == 18);
      CHECK(r.stats.terminal_states == 2);
      CHECK(r.stats.depth == 9);
      CHECK(r.violations.empty());
    }
  }
}

TEST_CASE("read/write clients match the closed forms for N = 1..6", "[explore]") {
  for (int n = 1; n <= 6; ++n) {
    auto sys = BuildFixture("bench_read_write", false, {"clients=" + std::to_string(n)});
    auto p = [](int b, int e) { return static_cast<uint64_t>(std::llround(std::pow(b, e))); };
    const uint64_t states = p(2, n) + p(5, n) - p(4, n);
    const uint64_t transitions = n * p(2, n) + 3 * n * (p(5, n - 1) - p(4, n - 1));
    const uint64_t violating = p(5, n) - p(4, n) - n * p(4, n - 1);
    ExploreResult r = Run(*sys, Strategy::kBfs, true);
    INFO("N = " << n);
    CHECK(r.stats.states == states);
    CHECK(r.stats.transitions == transitions);
    CHECK(r.stats.terminal_states == p(2, n) - 1);
    CHECK(r.stats.depth == static_cast<uint32_t>(2 * n));
    if (violating == 0) {
      CHECK(r.verdict == Verdict::kHolds);
    } else {
      REQUIRE(r.violations.size() == 1);
      CHECK(r.violations[0].violating_states == violating);
      CheckCounterexamplesReplay(*sys, r);
    }
  }
}

TEST_CASE("deadlock.yaml: opposite lock orders deadlock after 2 steps", "[explore]") {
  auto sys = BuildShipped("deadlock.yaml", false);
  ExploreResult r = Run(*sys, Strategy::kBfs, false);
  REQUIRE(r.verdict == Verdict::kViolated);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].property == sys->deadlock_property());
  CHECK(ConcretizeCounterexamples(*sys, nullptr, r)[0].schedule == std::vector<int32_t>{0, 1});
  CheckCounterexamplesReplay(*sys, r);
  // Without the locks, both run to the end: nothing to wait for.
  auto free = BuildShipped("deadlock.yaml", true);
  CHECK(Run(*free, Strategy::kBfs, true).verdict == Verdict::kHolds);
}

TEST_CASE("max-states gives an honest incomplete verdict", "[explore]") {
  auto sys = BuildShipped("ticket.yaml", false);
  ExploreOptions opt;
  opt.max_states = 50;
  ExploreResult r = Explore(*sys, opt);
  CHECK(r.verdict == Verdict::kIncomplete);
  CHECK(r.stats.states == 50);
  CHECK(r.incomplete.kind == SearchStop::Kind::kMaxStates);
  CHECK(r.incomplete.bound == 50);
}

TEST_CASE("an interrupt stops the search as incomplete", "[explore]") {
  auto sys = BuildShipped("ticket.yaml", false, {"clients=5"});
  std::atomic<bool> stop{true};
  ExploreOptions opt;
  opt.interrupt = &stop;
  ExploreResult r = Explore(*sys, opt);
  CHECK(r.verdict == Verdict::kIncomplete);
  CHECK(r.incomplete.kind == SearchStop::Kind::kInterrupted);
}

TEST_CASE("every shipped model: BFS and DFS agree on verdicts and counts", "[explore]") {
  for (const char* file : {"ticket.yaml", "counter.yaml", "deadlock.yaml", "pool.yaml",
                           "print_race.yaml", "philosophers.yaml", "peterson.yaml", "bank.yaml",
                           "buffer.yaml", "rlock.yaml", "barrier.yaml", "queue.yaml"}) {
    for (bool elide : {false, true}) {
      // The shipped ticket model has the tutorial's 100 clients: too many for a plain search.
      auto sys =
          BuildShipped(file, elide,
                       std::string(file) == "ticket.yaml" ? std::vector<std::string>{"clients=3"}
                                                          : std::vector<std::string>{});
      ExploreResult bfs = Run(*sys, Strategy::kBfs, true);
      ExploreResult dfs = Run(*sys, Strategy::kDfs, true);
      INFO(file << (elide ? " without locks" : " as written"));
      CHECK(bfs.verdict == dfs.verdict);
      CHECK(bfs.stats.states == dfs.stats.states);
      CHECK(bfs.stats.transitions == dfs.stats.transitions);
      CHECK(bfs.stats.terminal_states == dfs.stats.terminal_states);
      REQUIRE(bfs.violations.size() == dfs.violations.size());
      for (size_t i = 0; i < bfs.violations.size(); ++i) {
        CHECK(bfs.violations[i].property == dfs.violations[i].property);
        CHECK(bfs.violations[i].violating_states == dfs.violations[i].violating_states);
        CHECK(bfs.violations[i].path.stored.size() <= dfs.violations[i].path.stored.size());
      }
      CheckCounterexamplesReplay(*sys, bfs);
      CheckCounterexamplesReplay(*sys, dfs);
    }
  }
}

TEST_CASE("the explorer is deterministic: the same result for every thread count", "[explore]") {
  // Each breadth-first search below is run on 1, 2, 3 and 5 threads (DFS runs on one thread:
  // other counts are refused by CheckExploreOptions, so it is run once more on 1) and every
  // field of the result must be the same. The cases make
  // the parallel search split real work: levels wider than one round of 4096 states, and a
  // search that stops at the end of the round in which its first violation shows, inside such
  // a level; with and without reductions.
  struct Case {
    const char* name;
    std::unique_ptr<System> sys;
    bool all;
    bool reduce;  // symmetry and partial order (on a System built with reduce_locals)
  };
  BuildOptions plain_build, reduced_build;
  reduced_build.reduce_locals = true;
  BuildOptions plain_free = plain_build, reduced_free = reduced_build;
  plain_free.elide_sync = reduced_free.elide_sync = true;
  std::vector<Case> cases;
  // 61,869 states over 15 levels (2^7 + 5^7 - 4^7, bench/README.md), the widest over 4096.
  cases.push_back({"bench_read_write N=7 --all",
                   testing::BuildModelFile("tests/models/bench_read_write/model.yaml",
                                           {"clients=7"}, plain_build),
                   true, false});
  // Stops at the first oversell, 10 steps deep, in a level of more than one round.
  cases.push_back({"ticket N=7 without locks",
                   testing::BuildModelFile("models/ticket.yaml", {"clients=7"}, plain_free), false,
                   false});
  cases.push_back({"ticket N=4 as written --all",
                   testing::BuildModelFile("models/ticket.yaml", {"clients=4"}, plain_build), true,
                   false});
  cases.push_back({"ticket N=20 as written, reduced",
                   testing::BuildModelFile("models/ticket.yaml", {"clients=20"}, reduced_build),
                   false, true});
  cases.push_back({"ticket N=20 without locks, reduced, --all",
                   testing::BuildModelFile("models/ticket.yaml", {"clients=20"}, reduced_free),
                   true, true});
  cases.push_back({"counter without locks",
                   testing::BuildModelFile("models/counter.yaml", {}, plain_free), false, false});
  for (Case& c : cases) {
    Symmetry symmetry(*c.sys);
    PartialOrder partial_order(*c.sys);
    for (Strategy strategy : {Strategy::kBfs, Strategy::kDfs}) {
      ExploreOptions opt;
      opt.strategy = strategy;
      opt.all = c.all;
      opt.collect_outcomes = true;
      if (c.reduce) {
        opt.symmetry = &symmetry;
        opt.partial_order = &partial_order;
      }
      opt.threads = 1;
      const ExploreResult one = Explore(*c.sys, opt);
      INFO(c.name << (strategy == Strategy::kDfs ? ", dfs" : ", bfs"));
      REQUIRE(one.verdict != Verdict::kIncomplete);
      const std::vector<int> counts =
          strategy == Strategy::kDfs ? std::vector<int>{1} : std::vector<int>{1, 2, 3, 5};
      for (int threads : counts) {
        opt.threads = threads;
        const ExploreResult r = Explore(*c.sys, opt);
        INFO("threads = " << threads);
        testing::CheckSameSearch(r, one);
      }
    }
  }
}

}  // namespace
}  // namespace racecheck
