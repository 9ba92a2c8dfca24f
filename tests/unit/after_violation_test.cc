// What happens after a step violation (docs/model-format.md, "After a violation"): Python's
// Lock lets any process release it; an exception ends its process and the others go on; with
// --all the search, the replay and the shortening go on from there. Every count below is
// worked out by hand in the comment above it, from the model's story alone.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/trace/concretize.h"
#include "engine/trace/describe.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"
#include "engine/trace/replay.h"
#include "engine/trace/shorten.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

std::unique_ptr<System> Build(const std::string& text) {
  DiagnosticSink sink;
  auto sys = System::Build(testing::LoadModelTreeText("after.yaml", text), BuildOptions{}, sink);
  INFO(sink.Render());
  REQUIRE(sys != nullptr);
  return sys;
}

ExploreResult All(const System& sys, Strategy strategy = Strategy::kBfs) {
  ExploreOptions opt;
  opt.strategy = strategy;
  opt.all = true;
  return Explore(sys, opt);
}

const PropertyOutcome* Found(const ExploreResult& r, int32_t property) {
  for (const PropertyOutcome& o : r.violations) {
    if (o.property == property) return &o;
  }
  return nullptr;
}

// p takes the lock and ends holding it; q releases it. With `owner_only`, q's release is lock
// misuse; without it, it is what Python's Lock allows.
std::string ReleaseByOther(bool owner_only) {
  return std::string("model: by_other\nshared:\n  x: 0\nlocks:\n") +
         (owner_only ? "  l: {owner_only: true}\n" : "  - l\n") +
         "processes:\n"
         "  p:\n    steps:\n      - acquire: l\n"
         "  q:\n    steps:\n      - release: l\n";
}

TEST_CASE("a Lock released by another process is freed, as Python's Lock is", "[after]") {
  auto sys = Build(ReleaseByOther(false));
  const Field& lock = sys->layout().field(sys->syncs()[0].field);
  std::vector<uint64_t> s(static_cast<size_t>(sys->words())), t(s.size()), u(s.size());
  sys->Initial(s.data());
  REQUIRE(sys->Step(s.data(), 0, t.data()).status == StepStatus::kOk);  // p takes it
  CHECK(lock.Get(t.data()) == 1);
  StepRecorder rec;
  const StepResult r = sys->Step(t.data(), 1, u.data(), &rec);  // q releases p's lock
  CHECK(r.status == StepStatus::kOk);
  CHECK(lock.Get(u.data()) == 0);
  CHECK(sys->Terminal(u.data()));

  // Releasing it while nobody holds it is Python's ValueError: lock misuse, and q ends there.
  const StepResult bad = sys->Step(s.data(), 1, u.data(), &rec);
  CHECK(bad.status == StepStatus::kViolation);
  CHECK(bad.property == testing::PropertyNamed(*sys, "lock_misuse"));
  CHECK(bad.detail == "q#0 releases 'l', which is not held");
  CHECK(bad.successor);
  CHECK(sys->Finished(u.data(), 1));
  CHECK_FALSE(sys->Finished(u.data(), 0));
  CHECK(lock.Get(u.data()) == 0);
}

TEST_CASE("owner_only: a release by another process is lock misuse, and frees the lock",
          "[after]") {
  auto sys = Build(ReleaseByOther(true));
  CHECK(sys->syncs()[0].owner_only);
  // The property's description says what it now covers; without owner_only it does not.
  CHECK(DescribeProperty(*sys, testing::PropertyNamed(*sys, "lock_misuse"), Lang::kEn) ==
        "lock misuse (a process releases a lock that nobody holds, or one that only its holder "
        "may release)");
  auto python = Build(ReleaseByOther(false));
  CHECK(DescribeProperty(*python, testing::PropertyNamed(*python, "lock_misuse"), Lang::kEn) ==
        "lock misuse (a process releases a lock that nobody holds)");
  const Field& lock = sys->layout().field(sys->syncs()[0].field);
  std::vector<uint64_t> s(static_cast<size_t>(sys->words())), t(s.size()), u(s.size());
  sys->Initial(s.data());
  REQUIRE(sys->Step(s.data(), 0, t.data()).status == StepStatus::kOk);
  StepRecorder rec;
  const StepResult r = sys->Step(t.data(), 1, u.data(), &rec);
  CHECK(r.status == StepStatus::kViolation);
  CHECK(r.property == testing::PropertyNamed(*sys, "lock_misuse"));
  CHECK(r.detail == "q#0 releases 'l', which p#0 holds");
  CHECK(r.successor);  // as Python goes on: the lock freed, q past its release
  CHECK(lock.Get(u.data()) == 0);
  CHECK(sys->Terminal(u.data()));
}

TEST_CASE("with --all the search goes on after a release of a lock another holds or of a free one",
          "[after]") {
  // States (p's pc, q's pc, lock), with p: 0 acquire, 1 end; q: 0 release, 1 end.
  //   A (0,0,free): p takes it -> B (1,0,p); q releases the free lock: lock misuse, q ends ->
  //                 C (0,1,free).
  //   B (1,0,p):    q releases p's lock -> D (1,1,free): Python's Lock; with owner_only the
  //                 same successor, after a lock misuse.
  //   C (0,1,free): p takes it -> E (1,1,p).
  //   D, E:         terminal.
  // 5 states, 4 transitions, 2 terminal; lock misuse in A only (1 state), with owner_only in A
  // and B (2 states). Before, the search stopped at each misuse: 2 states (A, B), and B's
  // release was a misuse either way.
  for (const bool owner_only : {false, true}) {
    INFO("owner_only " << owner_only);
    auto sys = Build(ReleaseByOther(owner_only));
    for (const Strategy strategy : {Strategy::kBfs, Strategy::kDfs}) {
      const ExploreResult r = All(*sys, strategy);
      CHECK(r.stats.states == 5);
      CHECK(r.stats.transitions == 4);
      CHECK(r.stats.terminal_states == 2);
      const PropertyOutcome* misuse = Found(r, testing::PropertyNamed(*sys, "lock_misuse"));
      REQUIRE(misuse != nullptr);
      CHECK(misuse->violating_states == (owner_only ? 2U : 1U));
    }
  }
}

// p dies of a false assert while it holds the lock; q then waits for ever.
constexpr const char* kDiesHolding = R"(model: dies_holding
shared:
  x: 0
locks: [l]
processes:
  p:
    steps:
      - acquire: l
      - assert: x == 1
  q:
    steps:
      - acquire: l
      - release: l
)";

TEST_CASE("a process that dies holding a lock: the others deadlock, found only by going on",
          "[after]") {
  // States (p's pc, q's pc, lock), p: 0 acquire, 1 assert, E ended; q: 0 acquire, 1 release,
  // 2 end. The assert fails whenever p reaches it (x stays 0); p ends there, holding l (a dead
  // process's multiprocessing.Lock stays taken).
  //   (0,0,free) -> p: (1,0,p); q: (0,1,q)
  //   (1,0,p)    -> p: assert fails, successor (E,0,p); q waits
  //   (E,0,p)    -> nobody can move, q has not finished: deadlock
  //   (0,1,q)    -> q: (0,2,free); p waits
  //   (0,2,free) -> p: (1,2,p)
  //   (1,2,p)    -> p: assert fails, successor (E,2,p): terminal
  // 7 states, 6 transitions, 1 terminal; the assert fails in 2 states, deadlock in 1.
  auto sys = Build(kDiesHolding);
  const ExploreResult r = All(*sys);
  CHECK(r.stats.states == 7);
  CHECK(r.stats.transitions == 6);
  CHECK(r.stats.terminal_states == 1);
  const PropertyOutcome* deadlock = Found(r, sys->deadlock_property());
  REQUIRE(deadlock != nullptr);
  CHECK(deadlock->violating_states == 1);
  int32_t asserted = -1;
  for (const PropertyOutcome& o : r.violations) {
    if (sys->properties()[o.property].kind == PropertyKind::kAssert) asserted = o.property;
  }
  REQUIRE(asserted >= 0);
  CHECK(Found(r, asserted)->violating_states == 2);

  // Its counterexample replays through the failed assert to the deadlock, and the table says
  // that p ended there.
  for (const Counterexample& cx : ConcretizeCounterexamples(*sys, nullptr, r)) {
    const Trace t = Replay(*sys, cx.schedule, cx.property);
    REQUIRE(t.ok());
    CHECK(t.violation.property == cx.property);
    if (cx.property != sys->deadlock_property()) continue;
    CHECK(cx.schedule == std::vector<int32_t>{0, 0});  // p takes l, p's assert fails
    REQUIRE(t.steps.size() == 2);
    CHECK(t.steps[1].result.status == StepStatus::kViolation);
    const std::string table = RenderTraceTable(*sys, t, {});
    CHECK(table.find("p#0 ends here, with the error; the others go on") != std::string::npos);
    std::string story;
    for (const std::string& line : Explain(*sys, t, Lang::kEn)) story += line;
    INFO(story);
    CHECK(story.find("held by p#0 (line 12 'acquire: l'), which ended with the error of step 2 "
                     "without releasing it") != std::string::npos);
    // With no target the same schedule stops at its last step's violation, the assert.
    CHECK(Replay(*sys, cx.schedule).violation.property == asserted);
    // The shortening goes through the failed assert too, and keeps both steps.
    CHECK(EndsInViolation(*sys, {0, 0}, sys->deadlock_property()));
    CHECK_FALSE(EndsInViolation(*sys, {0}, sys->deadlock_property()));
    CHECK(ShortenSchedule(*sys, {0, 0}, sys->deadlock_property()) == std::vector<int32_t>{0, 0});
  }
}

TEST_CASE("without --all nothing changes, and a value out of its range has no successor",
          "[after]") {
  auto sys = Build(kDiesHolding);
  ExploreOptions opt;
  opt.strategy = Strategy::kBfs;
  const ExploreResult first = Explore(*sys, opt);
  REQUIRE(first.violations.size() == 1);  // the assert, found first; the search stops there
  CHECK(sys->properties()[first.violations[0].property].kind == PropertyKind::kAssert);

  auto ranged = Build(
      "model: ranged\nshared:\n  x: {init: 0, range: [0, 1]}\n"
      "processes:\n  p:\n    steps:\n      - x = 2\n      - x = 0\n");
  std::vector<uint64_t> s(static_cast<size_t>(ranged->words())), t(s.size());
  ranged->Initial(s.data());
  const StepResult r = ranged->Step(s.data(), 0, t.data());
  CHECK(r.status == StepStatus::kViolation);
  CHECK(r.property == testing::PropertyNamed(*ranged, "range"));
  CHECK_FALSE(r.successor);
  const ExploreResult all = All(*ranged);
  CHECK(all.stats.states == 1);  // nothing after it
}

}  // namespace
}  // namespace racecheck
