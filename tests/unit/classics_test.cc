// The classic lessons shipped in models/ (philosophers.yaml, peterson.yaml, bank.yaml,
// buffer.yaml, rlock.yaml, barrier.yaml, queue.yaml, condition.yaml): their
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

#include "engine/check/check.h"
#include "engine/explore/explorer.h"
#include "engine/runner/store.h"
#include "engine/trace/concretize.h"
#include "engine/trace/describe.h"
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

// Every counterexample found replays to the violation it claims (as the report replays it: to
// that property, going on past another's step violation where Python goes on).
void CheckReplays(const System& sys, const ExploreResult& r) {
  for (const Counterexample& o : ConcretizeCounterexamples(sys, nullptr, r)) {
    Trace t = Replay(sys, o.schedule, o.property);
    REQUIRE(t.ok());
    CHECK(t.violation.property == o.property);
  }
}

// No test name here has a ';': catch_discover_tests cuts a name there (a CMake list), and ctest
// then runs two filters that match no test, and passes both.
TEST_CASE("philosophers.yaml: the cycle deadlocks, ordered forks do not", "[classics]") {
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

TEST_CASE("bank.yaml: opposite lock orders deadlock, ordered locking conserves money",
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

TEST_CASE("peterson.yaml: mutual exclusion holds, swapping the two writes breaks it",
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
    CHECK(r.violations[0].property == testing::PropertyNamed(*sys, "mutual_exclusion"));
    CHECK(r.violations[0].violating_states == b.bad);
    CHECK(ConcretizeCounterexamples(*sys, nullptr, r)[0].schedule.size() == 8);
  }
}

// models/buffer.yaml, told again from its comment: a process runs its list of operations in
// order; the loop's test is an operation of its own that goes on into the body while k < the
// process's share and past the end otherwise, and k += 1 goes back to the test; the mutex's
// acquire and release are there only with MUTEX=1 (its `when:`), and the lock-free variant has
// no acquire or release at all. Nothing is shared with the engine. A state: per process (pc, k,
// slot, item), then buf[0..capacity-1], in, out, next, got, stored, then the semaphores empty
// and full and the mutex's owner + 1 (0: free).
struct BufferParams {
  int producers, consumers, items, capacity;
  bool mutex;
  bool sync = true;  // false: the lock-free variant
};
enum class BufOp {
  kTest,      // while k < share
  kAcqEmpty,  // acquire: empty
  kAcqFull,   // acquire: full
  kAcqMutex,  // acquire: mutex
  kReadIn,    // slot = in
  kWrite,     // atomic { buf[slot] = next; next = next * 2; stored = stored + 1 }
  kMoveIn,    // in = (slot + 1) % capacity
  kReadOut,   // slot = out
  kTake,      // atomic { item = buf[slot]; stored = stored - 1 }
  kClear,     // buf[slot] = 0
  kMoveOut,   // out = (slot + 1) % capacity
  kRelMutex,  // release: mutex
  kRelFull,   // release: full
  kRelEmpty,  // release: empty
  kConsume,   // got = got + item
  kIncK,      // k = k + 1, back to the test
};
struct BufferBrute {
  BruteCounts counts;
  uint64_t overfull = 0;  // states where stored is outside 0..capacity (within_capacity)
  uint64_t wrong = 0;     // terminal states where got != next - 1 (every_item_consumed_once)
};
BufferBrute BruteBuffer(const BufferParams& bp) {
  auto keep = [&](BufOp op) {
    switch (op) {
      case BufOp::kAcqMutex:
      case BufOp::kRelMutex:
        return bp.mutex && bp.sync;
      case BufOp::kAcqEmpty:
      case BufOp::kAcqFull:
      case BufOp::kRelFull:
      case BufOp::kRelEmpty:
        return bp.sync;
      default:
        return true;
    }
  };
  auto program = [&](std::vector<BufOp> ops) {
    std::vector<BufOp> kept;
    for (BufOp op : ops) {
      if (keep(op)) kept.push_back(op);
    }
    return kept;
  };
  const std::vector<BufOp> producer =
      program({BufOp::kTest, BufOp::kAcqEmpty, BufOp::kAcqMutex, BufOp::kReadIn, BufOp::kWrite,
               BufOp::kMoveIn, BufOp::kRelMutex, BufOp::kRelFull, BufOp::kIncK});
  const std::vector<BufOp> consumer =
      program({BufOp::kTest, BufOp::kAcqFull, BufOp::kAcqMutex, BufOp::kReadOut, BufOp::kTake,
               BufOp::kClear, BufOp::kMoveOut, BufOp::kRelMutex, BufOp::kRelEmpty, BufOp::kConsume,
               BufOp::kIncK});
  const int n = bp.producers + bp.consumers;
  const int total = bp.producers * bp.items;
  const int cap = bp.capacity;
  const int kBuf = 4 * n, kIn = kBuf + cap, kOut = kIn + 1, kNext = kOut + 1, kGot = kNext + 1,
            kStored = kGot + 1, kEmpty = kStored + 1, kFull = kEmpty + 1, kMutex = kFull + 1;
  BruteState initial(static_cast<size_t>(kMutex + 1), 0);
  initial[kNext] = 1;
  initial[kEmpty] = cap;
  auto prog = [&](int p) -> const std::vector<BufOp>& {
    return p < bp.producers ? producer : consumer;
  };
  auto share = [&](int p) { return p < bp.producers ? bp.items : total / bp.consumers; };
  auto finished = [&](const BruteState& s, int p) {
    return s[4 * p] == static_cast<int>(prog(p).size());
  };
  auto moves = [&](const BruteState& s, int p) -> std::optional<BruteState> {
    if (finished(s, p)) return std::nullopt;
    BruteState t = s;
    int& pc = t[4 * p];
    int& k = t[4 * p + 1];
    int& slot = t[4 * p + 2];
    int& item = t[4 * p + 3];
    ++pc;
    switch (prog(p)[s[4 * p]]) {
      case BufOp::kTest:
        if (k >= share(p)) pc = static_cast<int>(prog(p).size());
        break;
      case BufOp::kAcqEmpty:
        if (s[kEmpty] == 0) return std::nullopt;
        --t[kEmpty];
        break;
      case BufOp::kAcqFull:
        if (s[kFull] == 0) return std::nullopt;
        --t[kFull];
        break;
      case BufOp::kAcqMutex:
        if (s[kMutex] != 0) return std::nullopt;
        t[kMutex] = p + 1;
        break;
      case BufOp::kReadIn:
        slot = s[kIn];
        break;
      case BufOp::kWrite:
        t[kBuf + slot] = s[kNext];
        t[kNext] = s[kNext] * 2;
        ++t[kStored];
        break;
      case BufOp::kMoveIn:
        t[kIn] = (slot + 1) % cap;
        break;
      case BufOp::kReadOut:
        slot = s[kOut];
        break;
      case BufOp::kTake:
        item = s[kBuf + slot];
        --t[kStored];
        break;
      case BufOp::kClear:
        t[kBuf + slot] = 0;
        break;
      case BufOp::kMoveOut:
        t[kOut] = (slot + 1) % cap;
        break;
      case BufOp::kRelMutex:
        REQUIRE(s[kMutex] == p + 1);
        t[kMutex] = 0;
        break;
      case BufOp::kRelFull:
        REQUIRE(s[kFull] < cap);  // never above its max
        ++t[kFull];
        break;
      case BufOp::kRelEmpty:
        REQUIRE(s[kEmpty] < cap);
        ++t[kEmpty];
        break;
      case BufOp::kConsume:
        t[kGot] = s[kGot] + item;
        break;
      case BufOp::kIncK:
        ++k;
        pc = 0;
        break;
    }
    return t;
  };
  auto all_finished = [&](const BruteState& s) {
    for (int p = 0; p < n; ++p) {
      if (!finished(s, p)) return false;
    }
    return true;
  };
  BufferBrute b;
  b.counts = Brute(initial, n, moves, finished, [&](const BruteState& s) {
    const bool overfull = s[kStored] < 0 || s[kStored] > cap;
    const bool wrong = all_finished(s) && s[kGot] != s[kNext] - 1;
    b.overfull += overfull ? 1 : 0;
    b.wrong += wrong ? 1 : 0;
    return overfull || wrong;
  });
  return b;
}

std::unique_ptr<System> BuildBuffer(const BufferParams& bp) {
  BuildOptions options;
  options.elide_sync = !bp.sync;
  return testing::BuildModelFile(
      "models/buffer.yaml",
      {"producers=" + std::to_string(bp.producers), "consumers=" + std::to_string(bp.consumers),
       "items=" + std::to_string(bp.items), "capacity=" + std::to_string(bp.capacity),
       std::string("MUTEX=") + (bp.mutex ? "1" : "0")},
      options);
}

// The violation of `name` in r, or nullptr.
const PropertyOutcome* FindViolation(const System& sys, const ExploreResult& r,
                                     const std::string& name) {
  for (const PropertyOutcome& v : r.violations) {
    if (v.property == testing::PropertyNamed(sys, name)) return &v;
  }
  return nullptr;
}

TEST_CASE("buffer.yaml: 1 producer, 1 consumer, 2 items, capacity 1: counted by hand",
          "[classics]") {
  // The producer's and the consumer's loops run a fixed number of times, so each process goes
  // down one line of steps, and a state is a pair (p, c) of how many steps each has taken: every
  // value in it follows from p and c (only the producer writes in and next; only the consumer
  // writes out and got; the consumer reads buf[0] between the producer's write and its next
  // write, as the semaphores order them below).
  //
  // With the mutex the producer's line is, by step number (p = steps taken):
  //   1 test, 2 acquire empty, 3 acquire mutex, 4 slot = in, 5 write, 6 in = ..., 7 release
  //   mutex, 8 release full, 9 k += 1; 10..18 the same for the second item; 19 the test that
  //   fails: p = 0..19. It holds the mutex at p in {3..6, 12..15}.
  // The consumer's: 1 test, 2 acquire full, 3 acquire mutex, 4 slot = out, 5 take, 6 clear,
  //   7 out = ..., 8 release mutex, 9 release empty, 10 got += item, 11 k += 1; 12..22 the
  //   second; 23 the last test: c = 0..23. It holds the mutex at c in {3..7, 14..18}.
  // What blocks: c >= 2 (past the first acquire full) needs p >= 8 (the first release full);
  // c >= 13 needs p >= 17; p >= 11 (past the second acquire empty; empty starts at 1) needs
  // c >= 9 (the first release empty); and not both inside the mutex. So the reachable pairs,
  // row by row (each reached by running the producer up to the row's first p, the consumer to
  // c, then the producer on):
  //   p = 0..7    c = 0..1     8 x 2  = 16
  //   p = 8..10   c = 0..12    3 x 13 = 39
  //   p = 11..16  c = 9..12    6 x 4  = 24   (the consumer never holds the mutex there)
  //   p = 17..19  c = 9..23    3 x 15 = 45
  // 124 states. A move is an edge to a neighbour in the same region (a blocked step is exactly
  // a step out of it): the producer's, p -> p + 1 at the same c, 7 x 2 + 2 + 2 x 13 + 4 + 5 x 4
  // + 4 + 2 x 15 = 100; the consumer's, within each row's interval (its top end is blocked or
  // finished), 8 x 1 + 3 x 12 + 6 x 3 + 3 x 14 = 104; 204 transitions; 1 terminal state,
  // (19, 23).
  //
  // Without the mutex (MUTEX=0) the lines lose their acquire and release of it: p = 0..15
  // (release full at steps 6 and 13, acquire empty at 2 and 9), c = 0..19 (acquire full at 2
  // and 11, release empty at 7 and 16). c >= 2 needs p >= 6, c >= 11 needs p >= 13, p >= 9
  // needs c >= 7:
  //   p = 0..5    c = 0..1     6 x 2  = 12
  //   p = 6..8    c = 0..10    3 x 11 = 33
  //   p = 9..12   c = 7..10    4 x 4  = 16
  //   p = 13..15  c = 7..19    3 x 13 = 39
  // 100 states; the producer's moves 5 x 2 + 2 + 2 x 11 + 4 + 3 x 4 + 4 + 2 x 13 = 80, the
  // consumer's 6 x 1 + 3 x 10 + 4 x 3 + 3 x 12 = 84: 164 transitions, 1 terminal state. Both
  // hold: with one producer and one consumer no index is shared, and the mutex is not needed.
  for (bool mutex : {true, false}) {
    INFO("MUTEX=" << mutex);
    const BufferParams bp{1, 1, 2, 1, mutex};
    const BufferBrute b = BruteBuffer(bp);
    CHECK(b.counts.states == (mutex ? 124u : 100u));
    CHECK(b.counts.transitions == (mutex ? 204u : 164u));
    CHECK(b.counts.terminal == 1);
    CHECK(b.counts.deadlocks == 0);
    CHECK(b.counts.bad == 0);
    auto sys = BuildBuffer(bp);
    REQUIRE(sys != nullptr);
    const ExploreResult r = PlainAll(*sys);
    CheckCounts(r, b.counts);
    CHECK(r.verdict == Verdict::kHolds);
  }
}

TEST_CASE("buffer.yaml: without the mutex two producers lose an item, counts by brute force",
          "[classics]") {
  // By hand: the semaphores let both producers in at once when two slots are free (empty starts
  // at capacity 2). Without the mutex both can read in = 0 before either moves it on; both write
  // buf[0], the second over the first, and the first item is lost; in ends where one write
  // would leave it, and the consumer later takes slot 1, which nobody wrote (item 0). So got
  // misses the lost item's number and every_item_consumed_once fails; the semaphores keep the
  // count of items between 0 and capacity, so within_capacity holds. With the mutex the three
  // steps slot = in, the write and in = ... of one producer cannot interleave with another's,
  // and nothing is lost. The final property is checked when every process has finished, and
  // every run to the end has the same length: the producers 2 x (2 x 7 + 1) = 30 steps without
  // the mutex, the consumer 4 x 9 + 1 = 37 (it takes all 4 items): the counterexample has 67
  // steps. The same with one producer and two consumers, who can both read out = 0 and take the
  // same item, while another is never taken. With one producer and one consumer the semaphores
  // suffice (no index is shared), and so they do with capacity 1 (empty lets one producer past
  // its acquire, and the next only once the item has been taken).
  struct Case {
    BufferParams bp;
    const char* violated;  // nullptr: holds
  };
  const std::vector<Case> cases = {
      {{2, 1, 2, 2, true}, nullptr},
      {{2, 1, 2, 2, false}, "every_item_consumed_once"},  // the shipped defaults
      {{2, 1, 1, 2, false}, "every_item_consumed_once"},
      {{1, 2, 2, 2, true}, nullptr},
      {{1, 2, 2, 2, false}, "every_item_consumed_once"},
      {{1, 1, 2, 2, false}, nullptr},
      {{2, 1, 2, 1, false}, nullptr},  // capacity 1: one item at a time, the mutex not needed
      {{2, 2, 1, 2, true}, nullptr},
  };
  for (const Case& c : cases) {
    const BufferParams& bp = c.bp;
    INFO("producers=" << bp.producers << " consumers=" << bp.consumers << " items=" << bp.items
                      << " capacity=" << bp.capacity << " MUTEX=" << bp.mutex);
    const BufferBrute b = BruteBuffer(bp);
    CHECK(b.counts.deadlocks == 0);
    CHECK(b.overfull == 0);
    auto sys = BuildBuffer(bp);
    REQUIRE(sys != nullptr);
    const ExploreResult r = PlainAll(*sys);
    CheckCounts(r, b.counts);
    CheckReplays(*sys, r);
    if (c.violated == nullptr) {
      CHECK(b.wrong == 0);
      CHECK(r.verdict == Verdict::kHolds);
      continue;
    }
    CHECK(b.wrong > 0);
    REQUIRE(r.verdict == Verdict::kViolated);
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].property == testing::PropertyNamed(*sys, c.violated));
    CHECK(r.violations[0].violating_states == b.wrong);
    if (bp.producers == 2 && bp.items == 2) {
      CHECK(ConcretizeCounterexamples(*sys, nullptr, r)[0].schedule.size() == 67);
    }
  }
  // The shipped defaults are the case above.
  auto shipped = testing::BuildModelFile("models/buffer.yaml", {"MUTEX=0"}, BuildOptions{});
  REQUIRE(shipped != nullptr);
  const ExploreResult r = PlainAll(*shipped);
  CHECK(r.stats.states == BruteBuffer({2, 1, 2, 2, false}).counts.states);
}

TEST_CASE("buffer.yaml without its semaphores: a consumer takes from the empty buffer",
          "[classics]") {
  // By hand: the lock-free variant removes the semaphores as well as the mutex, so nothing makes
  // the consumer wait for an item. Its first three steps (the loop's test, slot = out, the take)
  // bring stored to -1: within_capacity fails after 3 steps, and nothing shorter does (stored
  // changes only at a write or a take). Consumer#0 is process 2, after the two producers.
  // The counts, and how many states break each property, against the brute force.
  for (const BufferParams& bp :
       {BufferParams{1, 1, 2, 1, true, false}, BufferParams{2, 1, 1, 2, true, false}}) {
    INFO("producers=" << bp.producers << " items=" << bp.items);
    const BufferBrute b = BruteBuffer(bp);
    auto sys = BuildBuffer(bp);
    REQUIRE(sys != nullptr);
    const ExploreResult r = PlainAll(*sys);
    CheckCounts(r, b.counts);
    // Each counterexample replays to its own property (the one for the final property passes
    // through states that break within_capacity on the way).
    for (const Counterexample& o : ConcretizeCounterexamples(*sys, nullptr, r)) {
      const Trace t = Replay(*sys, o.schedule, o.property);
      REQUIRE(t.ok());
      CHECK(t.violation.property == o.property);
    }
    REQUIRE(r.verdict == Verdict::kViolated);
    const PropertyOutcome* overfull = FindViolation(*sys, r, "within_capacity");
    const PropertyOutcome* wrong = FindViolation(*sys, r, "every_item_consumed_once");
    REQUIRE(overfull != nullptr);
    REQUIRE(wrong != nullptr);
    CHECK(r.violations.size() == 2);
    CHECK(overfull->violating_states == b.overfull);
    CHECK(wrong->violating_states == b.wrong);
    ExploreOptions first;
    first.strategy = Strategy::kBfs;
    const ExploreResult f = Explore(*sys, first);
    REQUIRE(f.verdict == Verdict::kViolated);
    CHECK(f.violations[0].property == testing::PropertyNamed(*sys, "within_capacity"));
    const int32_t consumer = bp.producers;
    CHECK(ConcretizeCounterexamples(*sys, nullptr, f)[0].schedule ==
          std::vector<int32_t>{consumer, consumer, consumer});
  }
}

TEST_CASE("buffer.yaml: the schedules of 1 producer, 1 consumer, 1 item, capacity 1, by hand",
          "[classics]") {
  // The counting pass (every step counted), by hand. With the locks the producer's line is
  // 10 steps (test, acquire empty, acquire mutex, slot = in, write, in = ..., release mutex,
  // release full, k += 1, the last test) and the consumer's 12 (test, acquire full, acquire
  // mutex, slot = out, take, clear, out = ..., release mutex, release empty, got += item,
  // k += 1, the last test). Its acquire full (step 2) waits for the producer's release full
  // (step 8), so the mutex never makes anyone wait. A schedule is an interleaving of the two
  // lines in which the consumer's 2nd step comes after the producer's 8th: its 1st step goes
  // before one of the producer's first 8 (8 ways) and the 13 steps left interleave in C(13, 2)
  // = 78 ways, or it comes after the 8th and 14 steps interleave in C(14, 2) = 91 ways:
  // 8 x 78 + 91 = 715, none violating. Without the locks nothing waits: 6 producer steps
  // (test, slot = in, write, in = ..., k += 1, test) and 8 consumer steps (test, slot = out,
  // take, clear, out = ..., got += item, k += 1, test), C(14, 6) = 3003 schedules. stored goes
  // below 0, and the consumer takes item 0 (so got stays 0, not next - 1 = 1), exactly when
  // its 3rd step (the take) comes before the producer's 3rd (the write): with j = 0, 1, 2
  // producer steps before the take, C(2 + j, j) x C(11 - j, 5) = 462 + 3 x 252 + 6 x 126 =
  // 1974 schedules for each property. Under the random scheduler both processes can move
  // until the race is decided, and each needs 3 steps: 1/2 by symmetry.
  CheckOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/buffer.yaml",
             {"producers=1", "items=1", "capacity=1"},
             {},
             {}};
  o.explore.threads = 1;
  const CheckResult r = Check(o);
  REQUIRE(r.variants.size() == 2);
  auto num = [](const ScheduleNumber& n) { return n.infinite ? "infinite" : n.value.ToString(); };
  const ScheduleCounts& locked = r.variants[0].counts.schedules;
  const ScheduleCounts& free = r.variants[1].counts.schedules;
  REQUIRE(r.variants[0].counts.counted);
  REQUIRE(r.variants[1].counts.counted);
  CHECK(r.variants[0].counts.every_step);
  CHECK(r.variants[1].counts.every_step);
  CHECK(num(locked.total) == "715");
  CHECK(num(locked.complete) == "715");
  CHECK(locked.violated.empty());
  CHECK(num(free.total) == "3003");
  CHECK(num(free.complete) == "3003");
  REQUIRE(free.violated.size() == 2);
  for (const PropertySchedules& p : free.violated) {
    INFO(r.variants[1].system->properties()[p.property].name);
    CHECK(num(p.schedules) == "1974");
    CHECK(p.exact_probability == "1/2");
  }
}

TEST_CASE("rlock.yaml: the holder takes its RLock again, a Lock deadlocks on itself",
          "[classics]") {
  // The brute force, from the model's story: each client runs
  //   0 acquire, then twice (1/5 acquire, 2/6 b = balance, 3/7 balance = b + 1, 4/8 release),
  //   9 assert balance % 2 == 0, 10 release, 11 finished.
  // A state is {pc0, pc1, b0, b1, balance, owner + 1, depth}. An RLock may be taken by its
  // owner again (depth + 1) and is free at depth 0; a Lock only when free.
  // By hand: with the RLock the first acquire decides everything, since the holder keeps the
  // lock from its first step to its last: 2 orders of 11 steps each, so 1 + 2 x 22 = 45 states,
  // 44 transitions and 2 terminal states (balance 4; the first client's b ends at 1, the
  // second's at 3). With a Lock the first client's second acquire waits for itself: the
  // initial state, and the states after client 0 or client 1 took the lock, both stuck: 3
  // states, 2 transitions, 2 deadlocks.
  for (bool reentrant : {true, false}) {
    INFO("RLOCK=" << reentrant);
    auto moves = [&](const BruteState& s, int p) -> std::optional<BruteState> {
      BruteState t = s;
      int& pc = t[p];
      int& b = t[2 + p];
      int& balance = t[4];
      int& owner = t[5];
      int& depth = t[6];
      switch (s[p]) {
        case 0:
        case 1:
        case 5:
          if (owner != 0 && !(reentrant && owner == p + 1)) return std::nullopt;
          owner = p + 1;
          ++depth;
          break;
        case 2:
        case 6:
          b = balance;
          break;
        case 3:
        case 7:
          balance = b + 1;
          break;
        case 4:
        case 8:
        case 10:
          REQUIRE(owner == p + 1);
          if (--depth == 0) owner = 0;
          break;
        case 9:
          REQUIRE(balance % 2 == 0);  // the lock keeps each client's two deposits together
          break;
        default:
          return std::nullopt;
      }
      ++pc;
      return t;
    };
    auto finished = [](const BruteState& s, int p) { return s[p] == 11; };
    const BruteCounts b = Brute({0, 0, 0, 0, 0, 0, 0}, 2, moves, finished,
                                [](const BruteState& s) { return s[4] % 2 != 0; });
    CHECK(b.states == (reentrant ? 45 : 3));
    CHECK(b.transitions == (reentrant ? 44 : 2));
    CHECK(b.terminal == (reentrant ? 2 : 0));
    CHECK(b.deadlocks == (reentrant ? 0 : 2));
    auto sys = testing::BuildModelFile("models/rlock.yaml",
                                       {reentrant ? "RLOCK=true" : "RLOCK=false"}, BuildOptions{});
    REQUIRE(sys != nullptr);
    const ExploreResult r = PlainAll(*sys);
    CheckCounts(r, b);
    if (reentrant) {
      CHECK(r.verdict == Verdict::kHolds);
      continue;
    }
    CHECK(r.verdict == Verdict::kViolated);
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].property == sys->deadlock_property());
    CheckReplays(*sys, r);
    // The stuck client is told why: it waits for a lock it holds itself.
    std::vector<uint64_t> s(static_cast<size_t>(sys->words()));
    sys->Initial(s.data());
    std::vector<uint64_t> next(s.size());
    REQUIRE(sys->Step(s.data(), 0, next.data()).status == StepStatus::kOk);
    CHECK_THAT(WaitDescription(*sys, next.data(), 0),
               Catch::Contains("which it already holds (a lock is not re-entrant"));
  }
}

TEST_CASE("rlock.yaml: its schedules, by hand", "[classics]") {
  // As above: with the RLock, which client takes it first decides the whole schedule (2, both
  // complete); with a Lock, which client takes it first decides where both get stuck (2 stuck).
  for (bool reentrant : {true, false}) {
    INFO("RLOCK=" << reentrant);
    CheckOptions o;
    o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/rlock.yaml",
               {reentrant ? "RLOCK=true" : "RLOCK=false"},
               {},
               {}};
    o.explore.threads = 1;
    const CheckResult r = Check(o);
    REQUIRE_FALSE(r.variants.empty());
    REQUIRE(r.variants[0].counts.counted);
    const ScheduleCounts& c = r.variants[0].counts.schedules;
    CHECK(c.total.value.ToString() == "2");
    CHECK(c.complete.value.ToString() == (reentrant ? "2" : "0"));
    CHECK(c.stuck.value.ToString() == (reentrant ? "0" : "2"));
  }
}

TEST_CASE("an rlock: depth, held and holder, and a release by another process", "[classics]") {
  // p#0 takes r twice and gives it back once: r is still held, by p#0 (holder 0), at depth 1.
  // q#0 then releases it: Python's RLock raises RuntimeError (only the owner may release), and
  // racecheck reports lock misuse, naming the holder.
  auto model = testing::LoadModelTreeText("m.yaml",
                                          "shared: {h: false, who: -1}\n"
                                          "rlocks: [r]\n"
                                          "processes:\n"
                                          "  p:\n    steps:\n"
                                          "      - acquire: r\n      - acquire: r\n"
                                          "      - release: r\n"
                                          "      - h = held(r)\n      - who = holder(r)\n"
                                          "  q:\n    steps:\n      - release: r\n");
  DiagnosticSink sink;
  auto sys = System::Build(model, BuildOptions{}, sink);
  REQUIRE(sys != nullptr);
  std::vector<uint64_t> s(static_cast<size_t>(sys->words())), t(s.size());
  sys->Initial(s.data());
  for (int k = 0; k < 5; ++k) {
    REQUIRE(sys->Enabled(s.data(), 0));
    REQUIRE(sys->Step(s.data(), 0, t.data()).status == StepStatus::kOk);
    s.swap(t);
  }
  const SyncInfo& r = sys->syncs()[0];
  CHECK(r.reentrant);
  CHECK(sys->layout().field(r.field).Get(s.data()) == 1);  // p#0 + 1
  CHECK(sys->layout().field(r.depth_field).Get(s.data()) == 1);
  CHECK(sys->FieldName(r.depth_field) == "r.depth");
  CHECK(sys->layout().field(sys->shared()[0].field).Get(s.data()) == 1);  // h = true
  CHECK(sys->layout().field(sys->shared()[1].field).Get(s.data()) == 0);  // who = p#0
  REQUIRE(sys->Enabled(s.data(), 1));
  StepRecorder rec;  // records nothing; with it the step words its violation
  const StepResult bad = sys->Step(s.data(), 1, t.data(), &rec);
  CHECK(bad.status == StepStatus::kViolation);
  CHECK(sys->properties()[bad.property].kind == PropertyKind::kLockMisuse);
  CHECK(bad.detail == "q#0 releases 'r', which p#0 holds");
  // A recorder in Chinese words the same violation in Chinese (messages.h, kStepReleaseOther).
  StepRecorder zh(Lang::kZh);
  CHECK(sys->Step(s.data(), 1, t.data(), &zh).detail == "q#0 释放了 'r'，可持有它的是 p#0");
}

TEST_CASE("barrier.yaml: phase 2 waits for every part, counted by hand and by brute force",
          "[classics]") {
  // The brute force, from the model's story: worker i runs 0 part[i] = i + 1, 1 arrive, 2 leave,
  // 3 assert part[(i + 1) % N] != 0, 4 finished. Arriving waits while the barrier is open; the
  // N-th arrival opens it; leaving waits until it is open; the last to leave closes it. A state
  // is {pc[0..N), part[0..N), waiting, open}.
  // By hand: no worker leaves before all have arrived, so a reachable state is either "filling"
  // (every pc in {0, 1, 2}, not all 2: 3^N - 1 states) or "emptying" (every pc in {2, 3, 4}:
  // 3^N states, the open barrier with all at 2 among them); the pcs decide the rest. Each grid
  // has 2 moves per line along each of N axes, 3^(N-1) lines each: 2 N 3^(N-1) transitions per
  // grid. The asserts pass: every part is written before anyone leaves. 1 terminal state. The
  // schedules: the N two-step lines of phase 1 interleave in (2N)! / 2^N ways, and those of
  // phase 2 likewise: ((2N)! / 2^N)^2 (N=2: 36, N=3: 8,100).
  for (int n = 2; n <= 3; ++n) {
    INFO("N=" << n);
    auto moves = [n](const BruteState& s, int p) -> std::optional<BruteState> {
      BruteState t = s;
      int& waiting = t[2 * n];
      int& open = t[2 * n + 1];
      switch (s[p]) {
        case 0:
          t[n + p] = p + 1;
          break;
        case 1:
          if (open) return std::nullopt;
          if (++waiting == n) open = 1;
          break;
        case 2:
          if (!open) return std::nullopt;
          if (--waiting == 0) open = 0;
          break;
        case 3:
          REQUIRE(s[n + (p + 1) % n] != 0);
          break;
        default:
          return std::nullopt;
      }
      ++t[p];
      return t;
    };
    auto finished = [](const BruteState& s, int p) { return s[p] == 4; };
    const BruteCounts b = Brute(BruteState(static_cast<size_t>(2 * n + 2), 0), n, moves, finished,
                                [](const BruteState&) { return false; });
    const uint64_t grid = n == 2 ? 9 : 27;  // 3^N
    CHECK(b.states == 2 * grid - 1);
    CHECK(b.transitions == 2 * (2 * n * grid / 3));
    CHECK(b.terminal == 1);
    CHECK(b.deadlocks == 0);
    auto sys =
        testing::BuildModelFile("models/barrier.yaml", {"N=" + std::to_string(n)}, BuildOptions{});
    REQUIRE(sys != nullptr);
    const ExploreResult r = PlainAll(*sys);
    CHECK(r.verdict == Verdict::kHolds);
    CheckCounts(r, b);
    CheckOptions o;
    o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/barrier.yaml",
               {"N=" + std::to_string(n)},
               {},
               {}};
    o.explore.threads = 1;
    const CheckResult c = Check(o);
    REQUIRE(c.variants.size() == 1);  // no lock: no variant without it
    REQUIRE(c.variants[0].counts.counted);
    CHECK(c.variants[0].counts.schedules.complete.value.ToString() == (n == 2 ? "36" : "8100"));
    CHECK(c.variants[0].counts.schedules.total.value.ToString() == (n == 2 ? "36" : "8100"));
  }
  // Without the barrier, worker 0 can write and check before worker 1 has written.
  auto sys = testing::BuildModelFile("models/barrier.yaml", {"BARRIER=false"}, BuildOptions{});
  REQUIRE(sys != nullptr);
  const ExploreResult r = PlainAll(*sys);
  CHECK(r.verdict == Verdict::kViolated);
  CheckReplays(*sys, r);
  // A barrier that waits for more parties than ever come: every waiter is stuck, and says why.
  auto short_of =
      testing::BuildModelFile("tests/models/doc_barrier/model.yaml", {"PARTIES=3"}, BuildOptions{});
  REQUIRE(short_of != nullptr);
  const ExploreResult d = PlainAll(*short_of);
  REQUIRE(d.violations.size() == 1);
  CHECK(d.violations[0].property == short_of->deadlock_property());
  const Trace t = Replay(*short_of, {0, 1, 0, 1});
  REQUIRE(t.ok());
  CHECK(t.violation.property == short_of->deadlock_property());
  CHECK_THAT(t.violation.detail, Catch::Contains("where 2 of 3 parties have arrived"));
  // The trace names the two steps of one `wait: b` (line 15).
  const Template& worker = short_of->templates()[0];
  std::vector<std::string> waits;
  for (int32_t pc = 0; pc < static_cast<int32_t>(worker.code.size()); ++pc) {
    const InstrKind k = worker.code[pc].kind;
    if (k == InstrKind::kArrive || k == InstrKind::kLeave) {
      waits.push_back(DescribeInstr(*short_of, 0, pc));
    }
  }
  CHECK(waits == std::vector<std::string>{"L15 wait: b (arrive)", "L15 wait: b (leave)"});
}

TEST_CASE("queue.yaml: every item arrives once, get waits for put, counted by hand", "[classics]") {
  // The brute force, from the model's story, for P producers of I items and a queue of M: a
  // state is {pc[0..P) (items put), consumer pc (even: get next, odd: add x), x, total, size,
  // item[0..M)}. Producer i puts i * 10 + k (k = its pc) while size < M; the consumer's get
  // takes item[0] (the others move up) while size > 0; its add does total += x.
  // By hand, for 1 producer of 2 items and M = 1: put, get, then the second put and the first
  // add in either order, then get, add: 2 schedules, 8 states (initial, after put, after get,
  // after put or add, after both, after get, after add), 8 transitions, 1 terminal state. For
  // the shipped 2 producers of 2 items: the items go through the queue in one of C(4, 2) = 6
  // orders (each producer's own in order), and after each of the first 3 gets the consumer's
  // add and the next put go in either order: 6 x 2^3 = 48 schedules. total ends at
  // 0 + 1 + 10 + 11 = 22 in every one.
  struct Case {
    int producers, items, maxsize;
    uint64_t schedules;
  };
  for (const Case& k : {Case{1, 2, 1, 2}, Case{2, 2, 1, 48}, Case{2, 2, 2, 0}}) {
    const int p = k.producers, m = k.maxsize, n = p * k.items;
    INFO("producers=" << p << " items=" << k.items << " maxsize=" << m);
    const int c = p, x = p + 1, total = p + 2, size = p + 3, item = p + 4;
    auto moves = [&](const BruteState& s, int q) -> std::optional<BruteState> {
      BruteState t = s;
      if (q < p) {  // a producer
        if (s[q] == k.items || s[size] == m) return std::nullopt;
        t[item + s[size]] = q * 10 + s[q];
        ++t[size];
        ++t[q];
        return t;
      }
      if (s[c] == 2 * n) return std::nullopt;
      if (s[c] % 2 == 0) {  // get
        if (s[size] == 0) return std::nullopt;
        t[x] = s[item];
        for (int j = 1; j < s[size]; ++j) t[item + j - 1] = s[item + j];
        t[item + s[size] - 1] = 0;
        --t[size];
      } else {
        t[total] += s[x];
      }
      ++t[c];
      return t;
    };
    auto finished = [&](const BruteState& s, int q) {
      return q < p ? s[q] == k.items : s[c] == 2 * n;
    };
    int expected_total = 0;
    for (int i = 0; i < p; ++i) {
      for (int j = 0; j < k.items; ++j) expected_total += i * 10 + j;
    }
    const BruteCounts b =
        Brute(BruteState(static_cast<size_t>(item + m), 0), p + 1, moves, finished,
              [&](const BruteState& s) { return finished(s, c) && s[total] != expected_total; });
    CHECK(b.deadlocks == 0);
    CHECK(b.bad == 0);
    if (p == 1) {
      CHECK(b.states == 8);
      CHECK(b.transitions == 8);
      CHECK(b.terminal == 1);
    }
    const std::vector<std::string> sets = {"producers=" + std::to_string(p),
                                           "items=" + std::to_string(k.items),
                                           "maxsize=" + std::to_string(m)};
    auto sys = testing::BuildModelFile("models/queue.yaml", sets, BuildOptions{});
    REQUIRE(sys != nullptr);
    const ExploreResult r = PlainAll(*sys);
    CHECK(r.verdict == Verdict::kHolds);
    CheckCounts(r, b);
    if (k.schedules == 0) continue;
    CheckOptions o;
    o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/queue.yaml", sets, {}, {}};
    o.explore.threads = 1;
    const CheckResult cr = Check(o);
    REQUIRE(cr.variants.size() == 1);
    REQUIRE(cr.variants[0].counts.counted);
    CHECK(cr.variants[0].counts.schedules.total.value.ToString() == std::to_string(k.schedules));
    CHECK(cr.variants[0].counts.schedules.complete.value.ToString() == std::to_string(k.schedules));
  }
  // The shared column shows the queue's items, first out first: producer#0 puts 0, producer#1
  // puts 10 (maxsize 2).
  auto two = testing::BuildModelFile("models/queue.yaml", {"maxsize=2"}, BuildOptions{});
  REQUIRE(two != nullptr);
  const Trace puts = Replay(*two, {1, 0});
  REQUIRE(puts.ok());
  CHECK(SharedSummary(*two, puts.final_state().data()) == "total=0 q=[10, 0]");
  // One get too many: the consumer waits on the empty queue when everything has been put.
  auto extra = testing::BuildModelFile("models/queue.yaml", {"EXTRA=1"}, BuildOptions{});
  REQUIRE(extra != nullptr);
  const ExploreResult d = PlainAll(*extra);
  REQUIRE(d.violations.size() == 1);
  CHECK(d.violations[0].property == extra->deadlock_property());
  CheckReplays(*extra, d);
}

TEST_CASE("condition.yaml: a woken consumer rechecks in a while, counted by hand and brute force",
          "[classics]") {
  // The brute force, from the model's story (multiprocessing's Condition, as the model format
  // documents it): process 0 is the producer, 1..K the consumers. A state is {pc[0..K], items,
  // owner of cond's lock (process + 1, 0 free), sleeping, notified}.
  // Producer, round k (pc 4k + j): j=0 acquire, 1 items += 1, 2 notify (waits while a notified
  // consumer has not woken; moves one sleeper to notified), 3 release; finished at 4K.
  // Consumer: 0 acquire; 1 test items == 0 (true: 2, false: 5); 2 sleep (waits while notified
  // > 0; gives the lock up, sleeping + 1); 3 wake (waits until notified > 0, or with spurious
  // wake-ups goes at any time: takes a notified wake-up if there is one, else leaves sleeping);
  // 4 take the lock back, then back to the test (WHILE) or on to 5 (if); 5 assert items > 0;
  // 6 items -= 1; 7 release; finished at 8. A state where a consumer is at 5 with items == 0
  // is one whose next step fails the assert.
  struct Case {
    int consumers;
    bool while_loop, spurious;
  };
  for (const Case& k : {Case{1, true, false}, Case{2, true, false}, Case{3, true, false},
                        Case{2, true, true}, Case{2, false, false}, Case{1, false, true}}) {
    const int n = k.consumers, items = n + 1, owner = n + 2, sleeping = n + 3, notified = n + 4;
    INFO("consumers=" << n << " WHILE=" << k.while_loop << " SPURIOUS=" << k.spurious);
    auto finished = [&](const BruteState& s, int p) { return s[p] == (p == 0 ? 4 * n : 8); };
    auto bad = [&](const BruteState& s) {
      for (int p = 1; p <= n; ++p) {
        if (s[p] == 5 && s[items] == 0) return true;
      }
      return false;
    };
    auto moves = [&](const BruteState& s, int p) -> std::optional<BruteState> {
      if (finished(s, p) || (p > 0 && s[p] == 5 && s[items] == 0)) return std::nullopt;
      BruteState t = s;
      auto take = [&] {
        if (s[owner] != 0) return false;
        t[owner] = p + 1;
        return true;
      };
      if (p == 0) {
        switch (s[0] % 4) {
          case 0:
            if (!take()) return std::nullopt;
            break;
          case 1:
            ++t[items];
            break;
          case 2:
            if (s[notified] > 0) return std::nullopt;
            if (s[sleeping] > 0) {
              --t[sleeping];
              t[notified] = 1;
            }
            break;
          default:
            t[owner] = 0;
        }
        ++t[0];
        return t;
      }
      switch (s[p]) {
        case 0:
          if (!take()) return std::nullopt;
          t[p] = 1;
          break;
        case 1:
          t[p] = s[items] == 0 ? 2 : 5;
          break;
        case 2:
          if (s[notified] > 0) return std::nullopt;
          t[owner] = 0;
          ++t[sleeping];
          t[p] = 3;
          break;
        case 3:
          if (s[notified] > 0) {
            --t[notified];
          } else if (k.spurious) {
            --t[sleeping];
          } else {
            return std::nullopt;
          }
          t[p] = 4;
          break;
        case 4:
          if (!take()) return std::nullopt;
          t[p] = k.while_loop ? 1 : 5;
          break;
        case 5:
          t[p] = 6;  // items > 0 here: the failing assert has no successor
          break;
        case 6:
          --t[items];
          t[p] = 7;
          break;
        default:
          t[owner] = 0;
          t[p] = 8;
      }
      return t;
    };
    const BruteCounts b =
        Brute(BruteState(static_cast<size_t>(n + 5), 0), n + 1, moves, finished, bad);
    const std::vector<std::string> sets = {
        "consumers=" + std::to_string(n), std::string("WHILE=") + (k.while_loop ? "true" : "false"),
        std::string("SPURIOUS=") + (k.spurious ? "true" : "false")};
    auto sys = testing::BuildModelFile("models/condition.yaml", sets, BuildOptions{});
    REQUIRE(sys != nullptr);
    const ExploreResult r = PlainAll(*sys);
    // With a while every consumer gets an item and none sleeps for ever; with an if, a woken
    // consumer can find the item gone (another consumer took it between the notify and its
    // taking the lock back), and with spurious wake-ups even a lone consumer can.
    CHECK((b.bad > 0) == !k.while_loop);  // (a failing assert's state is a dead end here)
    CHECK(r.verdict == (k.while_loop ? Verdict::kHolds : Verdict::kViolated));
    if (k.while_loop) {
      CHECK(b.deadlocks == 0);
      CheckCounts(r, b);
    } else {
      CheckReplays(*sys, r);
    }
  }
  // By hand, one consumer. WHILE=true: if the producer takes the lock first, it runs its four
  // steps (the consumer waits for the lock), then the consumer its five: 1 schedule. If the
  // consumer does, it finds no item and sleeps; the producer takes the lock, adds the item and
  // notifies; the consumer's wake goes before or after the producer's release (2 schedules);
  // it takes the lock back, finds the item, takes it. 3 schedules, none failing.
  // WHILE=false, SPURIOUS=true: the producer first: 1 schedule as before. The consumer first,
  // asleep: either it wakes (spuriously) before the producer takes the lock, and then it takes
  // the lock back first (the assert fails: 1 schedule) or the producer does (its 3 other steps,
  // then the consumer's: 1); or the producer takes the lock first and the wake goes in any of
  // the 4 gaps after it (4). 7 schedules, 6 complete, 1 failing; at random, the failing one
  // needs the consumer first, its wake first, its lock first: 1/2 x 1/2 x 1/2 = 1/8.
  struct Hand {
    std::vector<std::string> sets;
    const char *total, *complete, *chance;
  };
  for (const Hand& h : {Hand{{"consumers=1"}, "3", "3", "0"},
                        Hand{{"consumers=1", "WHILE=false", "SPURIOUS=true"}, "7", "6", "1/8"}}) {
    INFO(h.sets[h.sets.size() - 1]);
    CheckOptions o;
    o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/condition.yaml", h.sets, {}, {}};
    o.explore.threads = 1;
    const CheckResult c = Check(o);
    REQUIRE(c.variants.size() == 2);
    REQUIRE(c.variants[0].counts.counted);
    CHECK(c.variants[0].counts.schedules.total.value.ToString() == h.total);
    CHECK(c.variants[0].counts.schedules.complete.value.ToString() == h.complete);
    const std::vector<PropertySchedules>& failing = c.variants[0].counts.schedules.violated;
    if (std::string(h.chance) == "0") {
      CHECK(failing.empty());
    } else {
      REQUIRE(failing.size() == 1);
      CHECK(failing[0].schedules.value.ToString() == "1");
      CHECK(failing[0].exact_probability == h.chance);
    }
    CHECK(!c.lock_effect.computed);  // the wait gives the lock up midway: not counted
  }
  {
    // With 2 consumers the producer's `for` writes `items += 1` (line 37) twice: it is noted
    // once, as written, not once per copy; the consumers' `items -= 1` (line 52) once too.
    CheckOptions o;
    o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/condition.yaml", {}, {}, {}};
    o.explore.threads = 1;
    const CheckResult c = Check(o);
    std::vector<int> noted;
    for (const AtomicReadWrite& a : c.granularity) noted.push_back(a.loc.line);
    CHECK(noted == std::vector<int>{37, 52});
  }
  // A notify is not remembered (doc_condition): if it comes before the wait, the waiter sleeps
  // for ever, and the report says so. The trace names the three steps of one wait.
  auto lost = testing::BuildModelFile("tests/models/doc_condition/model.yaml", {}, BuildOptions{});
  REQUIRE(lost != nullptr);
  const Trace t = Replay(*lost, {1, 1, 1, 1, 0, 0});
  REQUIRE(t.ok());
  CHECK(t.violation.property == lost->deadlock_property());
  CHECK_THAT(t.violation.detail,
             Catch::Contains("sleeps on condition 'c' until a notify wakes it"));
  const Template& waiter = lost->templates()[0];
  std::vector<std::string> steps;
  for (int32_t pc = 0; pc < static_cast<int32_t>(waiter.code.size()); ++pc) {
    if (waiter.code[pc].step != nullptr && waiter.code[pc].step->kind == StepKind::kWait) {
      steps.push_back(DescribeInstr(*lost, 0, pc));
    }
  }
  CHECK(steps == std::vector<std::string>{"L21 wait: c (sleep)", "L21 wait: c (wake)",
                                          "L21 wait: c (lock)"});
  // Waiting or notifying without the lock is Python's RuntimeError: lock_misuse.
  auto unlocked = testing::LoadModelTreeText("unlocked.yaml", R"(
locks: [m]
conditions: {c: m}
processes:
  p:
    steps:
      - notify: c
)");
  REQUIRE(unlocked != nullptr);
  DiagnosticSink diags;
  auto no_lock = System::Build(unlocked, BuildOptions{}, diags);
  REQUIRE(no_lock != nullptr);
  const Trace u = Replay(*no_lock, {0});
  CHECK(u.violation.property == testing::PropertyNamed(*no_lock, "lock_misuse"));
  CHECK(u.violation.detail == "p#0 notifies 'c' without holding its lock 'm'");
}

TEST_CASE(
    "real mode runs indexed locks, lock state, barriers, queues and conditions, and refuses one "
    "case",
    "[classics]") {
  // The Region mirrors every lock's, semaphore's, barrier's, queue's and condition's state:
  // philosophers'
  // fork[0..2] are 3 fields; doc_held's lock and semaphore 2; queue.yaml's q (maxsize 1) its
  // size and 1 item; barrier.yaml's b its waiting count and its open flag.
  StoreVars vars;
  auto phil = testing::BuildModelFile("models/philosophers.yaml", {}, BuildOptions{});
  REQUIRE(phil != nullptr);
  REQUIRE(vars.Init(*phil).ok());
  CHECK(vars.sync_fields.size() == 3);
  auto held = testing::BuildModelFile("tests/models/doc_held/model.yaml", {}, BuildOptions{});
  REQUIRE(held != nullptr);
  REQUIRE(vars.Init(*held).ok());
  CHECK(vars.sync_fields.size() == 2);
  auto queue = testing::BuildModelFile("models/queue.yaml", {}, BuildOptions{});
  REQUIRE(queue != nullptr);
  REQUIRE(vars.Init(*queue).ok());
  CHECK(vars.sync_fields.size() == 2);
  auto barrier = testing::BuildModelFile("models/barrier.yaml", {}, BuildOptions{});
  REQUIRE(barrier != nullptr);
  REQUIRE(vars.Init(*barrier).ok());
  CHECK(vars.sync_fields.size() == 2);
  // What stays refused: a lock chosen by an index that reads a lock's state (evaluated before
  // sem_wait, so not in the same step as the model's).
  DiagnosticSink diags;
  auto sys = System::Build(testing::LoadModelTreeText("by_state.yaml",
                                                      "model: by_state\n"
                                                      "locks: {l: 2}\n"
                                                      "processes:\n"
                                                      "  p:\n"
                                                      "    steps:\n"
                                                      "      - acquire: l[1 if held(l[0]) else 0]\n"
                                                      "      - release: l[0]\n"),
                           BuildOptions{}, diags);
  INFO(diags.Render());
  REQUIRE(sys != nullptr);
  Status st = vars.Init(*sys);
  CHECK_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("line 6 ('acquire: l[1 if held(l[0]) else 0]'): a lock "
                                           "or semaphore chosen by an index that reads a lock's"));
  // A condition runs for real: its rlock's holder and depth, then its sleeping and notified.
  auto cond = testing::BuildModelFile("models/condition.yaml", {}, BuildOptions{});
  REQUIRE(cond != nullptr);
  REQUIRE(vars.Init(*cond).ok());
  REQUIRE(vars.sync_fields.size() == 4);
  CHECK(cond->FieldName(vars.sync_fields[2]) == "cond.sleeping");
  CHECK(cond->FieldName(vars.sync_fields[3]) == "cond.notified");
  auto arrays = testing::BuildModelFile("tests/models/doc_arrays/model.yaml", {}, BuildOptions{});
  REQUIRE(arrays != nullptr);
  CHECK(vars.Init(*arrays).ok());
  CHECK(vars.store_vars.size() == 3);  // done[0], done[1], done[2]
}

TEST_CASE("real mode never wakes a sleeper spuriously, where the model may", "[classics]") {
  // condition.yaml with SPURIOUS=true: consumer#0 (process 1) takes the lock, finds no item and
  // goes to sleep (3 steps). The model lets it wake at once, with no notify; the real processes
  // wait for one (RunEnabled), and do take a wake-up once notified.
  auto sys = testing::BuildModelFile("models/condition.yaml", {"SPURIOUS=true"}, BuildOptions{});
  REQUIRE(sys != nullptr);
  std::vector<uint64_t> s(sys->words()), next(sys->words());
  sys->Initial(s.data());
  for (int k = 0; k < 3; ++k) {
    REQUIRE(sys->Step(s.data(), 1, next.data()).status == StepStatus::kOk);
    s.swap(next);
  }
  REQUIRE(sys->NextInstr(s.data(), 1).kind == InstrKind::kCondWake);
  CHECK(sys->Enabled(s.data(), 1));
  CHECK_FALSE(RunEnabled(*sys, s.data(), 1));
  // The producer (process 0): acquire, items += 1, notify: the sleeper is notified.
  for (int k = 0; k < 3; ++k) {
    REQUIRE(sys->Step(s.data(), 0, next.data()).status == StepStatus::kOk);
    s.swap(next);
  }
  CHECK(RunEnabled(*sys, s.data(), 1));
  // Any other step is as the model says: the producer's release, and consumer#1's acquire,
  // which waits for the lock the producer holds.
  CHECK(RunEnabled(*sys, s.data(), 0));
  CHECK(sys->Enabled(s.data(), 0));
  CHECK_FALSE(RunEnabled(*sys, s.data(), 2));
  CHECK_FALSE(sys->Enabled(s.data(), 2));
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
  // and the 8th step is the `runtime` violation, Python's IndexError: --all goes on to the state
  // where the process has ended (a 9th, terminal).
  auto index =
      testing::BuildModelFile("tests/models/doc_array_index/model.yaml", {}, BuildOptions{});
  REQUIRE(index != nullptr);
  const ExploreResult r = PlainAll(*index);
  REQUIRE(r.verdict == Verdict::kViolated);
  CHECK(r.stats.states == 9);
  CHECK(r.stats.transitions == 8);
  CHECK(r.stats.terminal_states == 1);
  CHECK(r.violations[0].property == testing::PropertyNamed(*index, "runtime"));
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
