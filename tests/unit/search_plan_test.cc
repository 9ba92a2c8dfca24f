// The search plan (engine/explore/search_plan.h): which option combinations are refused and with
// what message, the one clamp of the thread count, the algorithm chosen for each combination;
// then the four algorithms against each other on every shipped model (the very same search
// where they must be: thread counts, full store or fingerprints; the same state space for DFS),
// with every counterexample concretized (engine/trace/concretize.h) and replayed.
#include "engine/explore/search_plan.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/semantics/partial_order.h"
#include "engine/semantics/symmetry.h"
#include "engine/state/sharded_store.h"
#include "engine/support/hash.h"
#include "engine/trace/concretize.h"
#include "engine/trace/replay.h"
#include "tests/support/differential.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

// The search's result carries paths of the System searched, never a schedule: a caller must
// go through trace/concretize.h to get one (this would not compile the other way round).
template <class T>
concept CarriesSchedule = requires(const T& t) {
  t.schedule;
}
|| requires(const T& t) { t.shortest; };
static_assert(!CarriesSchedule<PropertyOutcome>);
static_assert(!CarriesSchedule<SearchPath>);
static_assert(CarriesSchedule<Counterexample>);

ExploreOptions Options(Strategy strategy, int threads, bool fingerprint) {
  ExploreOptions opt;
  opt.strategy = strategy;
  opt.threads = threads;
  opt.fingerprint = fingerprint;
  return opt;
}

std::string Refusal(const ExploreOptions& opt) {
  const Status s = CheckExploreOptions(opt);
  return s.ok() ? "ok" : s.message();
}

TEST_CASE("search plan: every combination that can run is accepted", "[search_plan]") {
  for (int threads : {0, 1}) {
    for (Strategy strategy : {Strategy::kBfs, Strategy::kDfs}) {
      CHECK(Refusal(Options(strategy, threads, false)) == "ok");
    }
    CHECK(Refusal(Options(Strategy::kBfs, threads, true)) == "ok");
  }
  for (int threads : {2, 3, kMaxThreads}) {
    CHECK(Refusal(Options(Strategy::kBfs, threads, false)) == "ok");
  }
  CHECK(Refusal(ExploreOptions()) == "ok");
}

TEST_CASE("search plan: each combination that cannot run is refused with its message",
          "[search_plan]") {
  CHECK(Refusal(Options(Strategy::kDfs, 0, true)) ==
        "--fingerprint works only with --strategy bfs");
  CHECK(Refusal(Options(Strategy::kDfs, 1, true)) ==
        "--fingerprint works only with --strategy bfs");
  CHECK(Refusal(Options(Strategy::kDfs, 4, false)) == "--threads 4 works only with --strategy bfs");
  CHECK(Refusal(Options(Strategy::kBfs, 2, true)) ==
        "--threads 2 works only without --fingerprint (the fingerprint search runs on one "
        "thread)");
  CHECK(Refusal(Options(Strategy::kBfs, kMaxThreads + 1, false)) ==
        "--threads expects 0 (all cores) or 1 to 256 worker threads, found 257");
  CHECK(Refusal(Options(Strategy::kBfs, 100000, false)) ==
        "--threads expects 0 (all cores) or 1 to 256 worker threads, found 100000");
  CHECK(Refusal(Options(Strategy::kBfs, -1, false)) ==
        "--threads expects 0 (all cores) or 1 to 256 worker threads, found -1");
}

TEST_CASE("search plan: the thread count is clamped to [1, 256] in one place", "[search_plan]") {
  // Auto (0) on machines of every size, including ones with more than kMaxThreads threads,
  // where an unclamped count once aborted the parallel search.
  CHECK(ResolveThreads(0, 0) == 1);  // hardware_concurrency() unknown
  CHECK(ResolveThreads(0, 1) == 1);
  CHECK(ResolveThreads(0, 8) == 8);
  CHECK(ResolveThreads(0, 256) == 256);
  CHECK(ResolveThreads(0, 257) == kMaxThreads);
  CHECK(ResolveThreads(0, 100000) == kMaxThreads);
  // This machine.
  CHECK(ResolveThreads(0) >= 1);
  CHECK(ResolveThreads(0) <= kMaxThreads);
  // Explicit counts: as asked within range (the options check refuses the others first).
  CHECK(ResolveThreads(3, 1) == 3);
  CHECK(ResolveThreads(100000) == kMaxThreads);
  CHECK(ResolveThreads(-5) == 1);
}

TEST_CASE("search plan: one algorithm per combination", "[search_plan]") {
  auto plan = [](Strategy s, int threads, bool fp) {
    return ChooseAlgorithm(Options(s, threads, fp));
  };
  CHECK(plan(Strategy::kBfs, 1, false).algorithm == Algorithm::kSequentialBfs);
  CHECK(plan(Strategy::kBfs, 1, false).threads == 1);
  CHECK(plan(Strategy::kBfs, 3, false).algorithm == Algorithm::kParallelBfs);
  CHECK(plan(Strategy::kBfs, 3, false).threads == 3);
  for (int threads : {0, 1}) {  // auto is one thread where only one can work, silently
    CHECK(plan(Strategy::kBfs, threads, true).algorithm == Algorithm::kFingerprintBfs);
    CHECK(plan(Strategy::kBfs, threads, true).threads == 1);
    CHECK(plan(Strategy::kDfs, threads, false).algorithm == Algorithm::kDfs);
    CHECK(plan(Strategy::kDfs, threads, false).threads == 1);
  }
  const SearchPlan automatic = plan(Strategy::kBfs, 0, false);
  CHECK(automatic.threads == ResolveThreads(0));
  CHECK(automatic.algorithm ==
        (ResolveThreads(0) > 1 ? Algorithm::kParallelBfs : Algorithm::kSequentialBfs));
  CHECK(std::string(AlgorithmName(Algorithm::kParallelBfs)) == "parallel bfs");
}

TEST_CASE("sharded store: Insert from one thread, before any round", "[search_plan]") {
  ShardedStore store(2);
  const uint64_t a[2] = {1, 2}, b[2] = {3, 4};
  CHECK(store.Insert(a, HashWords(a, 2)) == std::pair<uint32_t, bool>{0, true});
  CHECK(store.Insert(b, HashWords(b, 2)) == std::pair<uint32_t, bool>{1, true});
  CHECK(store.Insert(a, HashWords(a, 2)) == std::pair<uint32_t, bool>{0, false});
  CHECK(store.size() == 2);
  CHECK(std::memcmp(store.State(1), b, sizeof(b)) == 0);
}

// Every counterexample of r, concretized, replays on `plain` to the property it claims.
void CheckReplays(const System& plain, const System& searched, const Symmetry* symmetry,
                  const ExploreResult& r) {
  for (const Counterexample& c : ConcretizeCounterexamples(searched, symmetry, r)) {
    const Trace t = Replay(plain, c.schedule, c.property);
    INFO(t.status.message());
    CHECK(t.ok());
    CHECK(t.violation.property == c.property);
    CHECK(t.unused == 0);
  }
}

TEST_CASE("every algorithm: the same search where it must be, on every shipped model",
          "[search_plan]") {
  for (const char* file : {"ticket.yaml", "counter.yaml", "deadlock.yaml", "pool.yaml",
                           "print_race.yaml", "philosophers.yaml", "peterson.yaml", "bank.yaml",
                           "buffer.yaml", "rlock.yaml", "barrier.yaml", "queue.yaml"}) {
    for (bool elide : {false, true}) {
      const int clients = std::string(file) == "ticket.yaml" ? 4 : 0;
      auto plain = testing::LoadShipped(file, clients, elide);
      BuildOptions bo;
      bo.elide_sync = elide;
      bo.reduce_locals = true;
      std::vector<std::string> sets;
      if (clients > 0) sets.push_back("clients=" + std::to_string(clients));
      auto reduced = testing::BuildModelFile(std::string("models/") + file, sets, bo);
      Symmetry symmetry(*reduced);
      PartialOrder partial_order(*reduced);
      for (int mode : {0, 1, 2}) {  // first violation; --all; --max-states 9
        ExploreOptions opt;
        opt.all = mode == 1;
        opt.max_states = mode == 2 ? 9 : 0;
        opt.collect_outcomes = true;
        opt.symmetry = &symmetry;
        opt.partial_order = &partial_order;
        INFO(file << (elide ? " without locks" : " as written") << " mode " << mode);
        const ExploreResult sequential = Explore(*reduced, opt);
        CheckReplays(*plain, *reduced, &symmetry, sequential);
        for (int threads : {0, 2, 3}) {
          opt.threads = threads;
          testing::CheckSameSearch(Explore(*reduced, opt), sequential);
        }
        opt.threads = 0;  // auto: one thread for the fingerprint search and for DFS
        opt.fingerprint = true;
        testing::CheckSameSearch(Explore(*reduced, opt), sequential);
        opt.fingerprint = false;
        if (mode != 1) continue;
        opt.strategy = Strategy::kDfs;  // another order: the same reachable states
        const ExploreResult dfs = Explore(*reduced, opt);
        CHECK(dfs.verdict == sequential.verdict);
        CHECK(dfs.stats.states == sequential.stats.states);
        CHECK(dfs.stats.transitions == sequential.stats.transitions);
        CHECK(dfs.stats.terminal_states == sequential.stats.terminal_states);
        CHECK(dfs.terminal_outcomes == sequential.terminal_outcomes);
        CHECK(testing::ViolatedProperties(dfs) == testing::ViolatedProperties(sequential));
        CheckReplays(*plain, *reduced, &symmetry, dfs);
      }
    }
  }
}

}  // namespace
}  // namespace racecheck
