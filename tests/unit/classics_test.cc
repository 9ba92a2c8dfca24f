// The classic lessons shipped in models/ (philosophers.yaml, peterson.yaml, bank.yaml): their
// verdicts derived by hand, and their state and transition counts against a brute-force search
// written here from the story each model tells, sharing nothing with the engine (no loader, no
// compiler, no semantics): a state is a vector of small integers and each lesson spells out its
// own moves.
#include <catch2/catch.hpp>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/runner/store.h"
#include "engine/trace/concretize.h"
#include "engine/trace/replay.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

using BruteState = std::vector<int>;

struct BruteCounts {
  uint64_t states = 0;
  uint64_t transitions = 0;
  uint64_t terminal = 0;   // every process finished
  uint64_t deadlocks = 0;  // some process not finished, none can move
  uint64_t bad = 0;        // states where the lesson's invariant fails
};

// Breadth-first over every reachable state. `moves(s, p)` is process p's successor, if it can
// move; `finished(s, p)` and `bad(s)` as the lesson says.
BruteCounts Brute(const BruteState& initial, int processes,
                  const std::function<std::optional<BruteState>(const BruteState&, int)>& moves,
                  const std::function<bool(const BruteState&, int)>& finished,
                  const std::function<bool(const BruteState&)>& bad) {
  BruteCounts c;
  std::set<BruteState> seen{initial};
  std::deque<BruteState> todo{initial};
  while (!todo.empty()) {
    const BruteState s = todo.front();
    todo.pop_front();
    ++c.states;
    if (bad(s)) ++c.bad;
    int enabled = 0, done = 0;
    for (int p = 0; p < processes; ++p) {
      done += finished(s, p) ? 1 : 0;
      std::optional<BruteState> t = moves(s, p);
      if (!t) continue;
      ++enabled;
      ++c.transitions;
      if (seen.insert(*t).second) todo.push_back(*t);
    }
    if (done == processes) ++c.terminal;
    if (done < processes && enabled == 0) ++c.deadlocks;
  }
  return c;
}

// Processes that only take and give back locks between steps that touch no lock: each is a list
// of operations. A state is the processes' positions, then each lock's owner + 1 (0: free).
struct LockOp {
  enum Kind { kAcquire, kRelease, kOther } kind;
  int lock;
};
BruteCounts BruteLocks(const std::vector<std::vector<LockOp>>& procs, int locks) {
  const int n = static_cast<int>(procs.size());
  BruteState initial(static_cast<size_t>(n + locks), 0);
  auto finished = [&](const BruteState& s, int p) {
    return s[p] == static_cast<int>(procs[p].size());
  };
  auto moves = [&](const BruteState& s, int p) -> std::optional<BruteState> {
    if (finished(s, p)) return std::nullopt;
    const LockOp& op = procs[p][s[p]];
    BruteState t = s;
    ++t[p];
    if (op.kind == LockOp::kAcquire) {
      if (s[n + op.lock] != 0) return std::nullopt;
      t[n + op.lock] = p + 1;
    } else if (op.kind == LockOp::kRelease) {
      REQUIRE(s[n + op.lock] == p + 1);  // the lessons release only what they hold
      t[n + op.lock] = 0;
    }
    return t;
  };
  return Brute(initial, n, moves, finished, [](const BruteState&) { return false; });
}

ExploreResult PlainAll(const System& sys) {
  ExploreOptions opt;
  opt.strategy = Strategy::kBfs;
  opt.all = true;
  return Explore(sys, opt);
}

void CheckCounts(const ExploreResult& r, const BruteCounts& b) {
  CHECK(r.stats.states == b.states);
  CHECK(r.stats.transitions == b.transitions);
  CHECK(r.stats.terminal_states == b.terminal);
}

int32_t Property(const System& sys, const std::string& name) {
  for (size_t i = 0; i < sys.properties().size(); ++i) {
    if (sys.properties()[i].name == name) return static_cast<int32_t>(i);
  }
  return -1;
}

// Every counterexample found replays to the violation it claims.
void CheckReplays(const System& sys, const ExploreResult& r) {
  for (const Counterexample& o : ConcretizeCounterexamples(sys, nullptr, r)) {
    Trace t = Replay(sys, o.schedule);
    REQUIRE(t.ok());
    CHECK(t.violation.property == o.property);
  }
}

TEST_CASE("philosophers.yaml: the cycle deadlocks; ordered forks do not", "[classics]") {
  // By hand: if every philosopher takes its left fork (fork[self]) first, then fork[i] is held
  // by philosopher i for every i and each waits for fork[(i + 1) % N], held by its neighbour —
  // the state after N steps, and BFS finds nothing shorter (no one can be stuck earlier: a fork
  // is missing only while someone holds it). With ASYM=1, philosopher N - 1 wants fork[0] first
  // like philosopher 0, so the waits cannot go all the way round: no deadlock, and everyone
  // eats (meals == N at the end).
  for (int n = 2; n <= 4; ++n) {
    for (int asym = 0; asym <= 1; ++asym) {
      INFO("N=" << n << " ASYM=" << asym);
      auto sys = testing::BuildModelFile("models/philosophers.yaml",
                                         {"N=" + std::to_string(n), "ASYM=" + std::to_string(asym)},
                                         BuildOptions{});
      REQUIRE(sys != nullptr);
      std::vector<std::vector<LockOp>> procs;
      for (int i = 0; i < n; ++i) {
        const int left = i, right = (i + 1) % n;
        const int first = asym ? std::min(left, right) : left;
        const int second = asym ? std::max(left, right) : right;
        procs.push_back({{LockOp::kAcquire, first},
                         {LockOp::kAcquire, second},
                         {LockOp::kOther, 0},  // meals = meals + 1
                         {LockOp::kRelease, left},
                         {LockOp::kRelease, right}});
      }
      const BruteCounts b = BruteLocks(procs, n);
      CHECK(b.deadlocks == (asym ? 0u : 1u));
      const ExploreResult r = PlainAll(*sys);
      CheckCounts(r, b);
      CheckReplays(*sys, r);
      if (asym) {
        CHECK(r.verdict == Verdict::kHolds);
        continue;
      }
      REQUIRE(r.verdict == Verdict::kViolated);
      REQUIRE(r.violations.size() == 1);
      CHECK(r.violations[0].property == sys->deadlock_property());
      std::vector<int32_t> everyone_once;
      for (int i = 0; i < n; ++i) everyone_once.push_back(i);
      CHECK(ConcretizeCounterexamples(*sys, nullptr, r)[0].schedule == everyone_once);
    }
  }
}

TEST_CASE("bank.yaml: opposite lock orders deadlock; ordered locking conserves money",
          "[classics]") {
  // By hand: transfer#0 locks acct[0] then acct[1], transfer#1 acct[1] then acct[0]; after each
  // has taken its first lock, each waits for the other's: a deadlock after 2 steps. With
  // ORDERED=1 both take acct[0] first: whoever gets it runs the whole transfer, and the money
  // (10 + 10) is still 20 at the end.
  for (int ordered = 0; ordered <= 1; ++ordered) {
    INFO("ORDERED=" << ordered);
    auto sys = testing::BuildModelFile("models/bank.yaml", {"ORDERED=" + std::to_string(ordered)},
                                       BuildOptions{});
    REQUIRE(sys != nullptr);
    std::vector<std::vector<LockOp>> procs;
    for (int i = 0; i < 2; ++i) {
      const int src = i, dst = 1 - i;
      procs.push_back({{LockOp::kAcquire, ordered ? 0 : src},
                       {LockOp::kAcquire, ordered ? 1 : dst},
                       {LockOp::kOther, 0},  // bal[src] -= AMOUNT
                       {LockOp::kOther, 0},  // bal[dst] += AMOUNT
                       {LockOp::kRelease, dst},
                       {LockOp::kRelease, src}});
    }
    const BruteCounts b = BruteLocks(procs, 2);
    const ExploreResult r = PlainAll(*sys);
    CheckCounts(r, b);
    CheckReplays(*sys, r);
    if (ordered) {
      CHECK(b.deadlocks == 0);
      CHECK(r.verdict == Verdict::kHolds);
    } else {
      CHECK(b.deadlocks == 1);
      REQUIRE(r.verdict == Verdict::kViolated);
      CHECK(r.violations[0].property == sys->deadlock_property());
      CHECK(ConcretizeCounterexamples(*sys, nullptr, r)[0].schedule == std::vector<int32_t>{0, 1});
    }
    // Without the locks nothing waits and the money is conserved (each update is one step).
    BuildOptions free;
    free.elide_sync = true;
    auto unlocked =
        testing::BuildModelFile("models/bank.yaml", {"ORDERED=" + std::to_string(ordered)}, free);
    CHECK(PlainAll(*unlocked).verdict == Verdict::kHolds);
  }
}

TEST_CASE("peterson.yaml: mutual exclusion holds; swapping the two writes breaks it",
          "[classics]") {
  // A state: pc0, pc1, flag[0], flag[1], turn, inside. Positions: 0 and 1 the two writes (flag
  // then turn; with SWAP turn then flag), 2 the await, 3 inside += 1, 4 inside -= 1, 5 flag
  // down, 6 finished.
  // By hand, SWAP=1: proc#0 sets turn = 1; proc#1 sets turn = 0, raises flag[1], passes its
  // await (flag[0] is still down) and enters; proc#0 raises flag[0] and passes its await (turn
  // is 0, its own) and enters: inside == 2 after 8 steps, schedule 0 1 1 1 1 0 0 0. Nothing
  // shorter exists: each process needs its two writes, its await and its entry. With SWAP=0 the
  // brute force finds no state with both inside.
  for (int swap = 0; swap <= 1; ++swap) {
    INFO("SWAP=" << swap);
    auto moves = [&](const BruteState& s, int p) -> std::optional<BruteState> {
      BruteState t = s;
      const int other = 1 - p;
      int& pc = t[p];
      switch (s[p]) {
        case 0:
        case 1: {
          const bool write_flag = (s[p] == 0) != (swap == 1);
          if (write_flag) {
            t[2 + p] = 1;
          } else {
            t[4] = other;
          }
          break;
        }
        case 2:
          if (!(s[2 + other] == 0 || s[4] == p)) return std::nullopt;
          break;
        case 3:
          ++t[5];
          break;
        case 4:
          --t[5];
          break;
        case 5:
          t[2 + p] = 0;
          break;
        default:
          return std::nullopt;
      }
      ++pc;
      return t;
    };
    const BruteCounts b = Brute(
        {0, 0, 0, 0, 0, 0}, 2, moves, [](const BruteState& s, int p) { return s[p] == 6; },
        [](const BruteState& s) { return s[5] > 1; });
    auto sys = testing::BuildModelFile("models/peterson.yaml", {"SWAP=" + std::to_string(swap)},
                                       BuildOptions{});
    REQUIRE(sys != nullptr);
    const ExploreResult r = PlainAll(*sys);
    CheckCounts(r, b);
    CheckReplays(*sys, r);
    CHECK(b.deadlocks == 0);
    if (swap == 0) {
      CHECK(b.bad == 0);
      CHECK(r.verdict == Verdict::kHolds);
      continue;
    }
    CHECK(b.bad > 0);
    REQUIRE(r.verdict == Verdict::kViolated);
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].property == Property(*sys, "mutual_exclusion"));
    CHECK(r.violations[0].violating_states == b.bad);
    CHECK(ConcretizeCounterexamples(*sys, nullptr, r)[0].schedule.size() == 8);
  }
}

TEST_CASE("real mode refuses what it cannot run yet, clearly; shared arrays it runs",
          "[classics]") {
  auto phil = testing::BuildModelFile("models/philosophers.yaml", {}, BuildOptions{});
  REQUIRE(phil != nullptr);
  StoreVars vars;
  Status st = vars.Init(*phil);
  CHECK_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("line 33 ('acquire: fork[left]'): a lock or semaphore "
                                           "chosen by an index is not supported"));
  auto held = testing::BuildModelFile("tests/models/doc_held/model.yaml", {}, BuildOptions{});
  REQUIRE(held != nullptr);
  st = vars.Init(*held);
  CHECK_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("reading a lock or semaphore (held, holder, value)"));
  auto arrays = testing::BuildModelFile("tests/models/doc_arrays/model.yaml", {}, BuildOptions{});
  REQUIRE(arrays != nullptr);
  CHECK(vars.Init(*arrays).ok());
  CHECK(vars.store_vars.size() == 3);  // done[0], done[1], done[2]
}

TEST_CASE("doc_arrays, doc_array_index, por_lock_query: counts worked by hand", "[classics]") {
  // tests/models/doc_arrays/expected.md: 8 states, 12 transitions, 1 terminal state.
  auto arrays = testing::BuildModelFile("tests/models/doc_arrays/model.yaml", {}, BuildOptions{});
  REQUIRE(arrays != nullptr);
  const ExploreResult a = PlainAll(*arrays);
  CHECK(a.verdict == Verdict::kHolds);
  CHECK(a.stats.states == 8);
  CHECK(a.stats.transitions == 12);
  CHECK(a.stats.terminal_states == 1);
  // One process: three rounds of (test, a[i] = 1, i += 1) with i = 0, 1, 2; the third a[i]
  // is a[2], past the end of an array of 2: 7 steps reach 7 new states (8 with the initial one)
  // and the 8th step is the `runtime` violation.
  auto index =
      testing::BuildModelFile("tests/models/doc_array_index/model.yaml", {}, BuildOptions{});
  REQUIRE(index != nullptr);
  const ExploreResult r = PlainAll(*index);
  REQUIRE(r.verdict == Verdict::kViolated);
  CHECK(r.stats.states == 8);
  CHECK(r.stats.transitions == 8);
  CHECK(r.violations[0].property == Property(*index, "runtime"));
  CHECK(ConcretizeCounterexamples(*index, nullptr, r)[0].schedule.size() == 8);
  CheckReplays(*index, r);
  // tests/models/por_lock_query/expected.md: 8 states, 8 transitions, 2 terminal states.
  auto query =
      testing::BuildModelFile("tests/models/por_lock_query/model.yaml", {}, BuildOptions{});
  REQUIRE(query != nullptr);
  const ExploreResult q = PlainAll(*query);
  CHECK(q.verdict == Verdict::kViolated);
  CHECK(q.stats.states == 8);
  CHECK(q.stats.transitions == 8);
  CHECK(q.stats.terminal_states == 2);
}

}  // namespace
}  // namespace racecheck
