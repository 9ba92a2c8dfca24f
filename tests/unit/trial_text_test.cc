// How a trial's result is told (engine/runner/trial_text.h), in English and in Chinese, on
// trials made by hand from models/deadlock.yaml: `left` takes a then b, `right` takes b then a
// (locks: [a, b], so a is sync 0 and b sync 1; left#0 is process 0, right#0 process 1). The
// English texts are the ones the runner kept before they were told through the catalogue.
#include "engine/runner/trial_text.h"

#include <catch2/catch.hpp>

#include "tests/support/test_models.h"

namespace racecheck {
namespace {

constexpr int32_t kA = 0, kB = 1;
constexpr int kLeft = 0, kRight = 1;

// The deadlock: left#0 holds a and waits for b; right#0 holds b and waits for a.
TrialResult Deadlocked() {
  TrialResult t;
  t.trial = 1;
  t.blocked = true;
  t.values = {0};
  t.processes.resize(2);
  t.processes[kLeft] = {ProcEnd::kStuck, "", kB, -1, kRight};
  t.processes[kRight] = {ProcEnd::kStuck, "", kA, -1, kLeft};
  t.stuck = 2;
  t.violated = {1};  // 'deadlock' comes after the final property 'both_done' (property 0)
  return t;
}

TEST_CASE("a deadlocked trial in both languages: its key, its cycle, each stuck process",
          "[runner][lang]") {
  std::unique_ptr<System> sys = testing::LoadShipped("deadlock.yaml", 0, false);
  REQUIRE(sys->syncs()[kA].name == "a");
  REQUIRE(sys->properties()[1].name == "deadlock");
  const TrialResult t = Deadlocked();
  CHECK(OutcomeKey(*sys, t) == "transfers=0; violates deadlock; 2 stuck");
  // The built-in property named in the reader's language (PropertyName).
  CHECK(OutcomeKey(*sys, t, Lang::kZh) == "transfers=0；违反 死锁；2 个卡住");
  // From left#0 along "held by": right#0 holds b, and right#0 waits for a, which left#0
  // holds: back at the start, a cycle.
  CHECK(BlockedText(*sys, t) ==
        "left#0 waits for 'b', held by right#0, which waits for 'a', held by left#0 (a cycle)");
  CHECK(BlockedText(*sys, t, Lang::kZh) ==
        "left#0 等待 'b'，它被 right#0 持有；right#0 又等待 'a'，它被 left#0 持有（形成一个环）");
  CHECK(ProcessReason(*sys, t, kLeft) == "waits in sem_wait for 'b', held by right#0");
  CHECK(ProcessEndLine(*sys, t, kLeft, Lang::kEn) ==
        "stuck: waits in sem_wait for 'b', held by right#0");
  CHECK(ProcessEndLine(*sys, t, kRight, Lang::kZh) ==
        "卡住：在 sem_wait 中等待 'a'，它被 left#0 持有");
  CHECK(FinalUncheckedText(*sys, t) == "2 processes are stuck");
  CHECK(FinalUncheckedText(*sys, t, Lang::kZh) == "2 个进程卡住");
}

TEST_CASE("a trial that timed out, and holders that are gone, in both languages",
          "[runner][lang]") {
  std::unique_ptr<System> sys = testing::LoadShipped("deadlock.yaml", 0, false);
  TrialResult t;
  t.values = {0};
  t.processes.resize(2);
  // left#0 ran (or slept) past the timeout; right#0 waited for a, which left#0 held.
  t.processes[kLeft] = {ProcEnd::kTimedOut, "", -1, -1, -1};
  t.processes[kRight] = {ProcEnd::kTimedOut, "", kA, -1, kLeft};
  t.timed_out_processes = 2;
  CHECK(OutcomeKey(*sys, t) == "transfers=0; 2 timed out");
  CHECK(ProcessEndLine(*sys, t, kLeft, Lang::kEn) ==
        "timed out while running or sleeping (raise --timeout)");
  CHECK(ProcessEndLine(*sys, t, kRight, Lang::kEn) ==
        "timed out while it waits in sem_wait for 'a', held by left#0 (raise --timeout)");
  CHECK(ProcessEndLine(*sys, t, kLeft, Lang::kZh) == "在运行或 sleep 时超时（可加大 --timeout）");
  CHECK(ProcessEndLine(*sys, t, kRight, Lang::kZh) ==
        "超时，当时它在 sem_wait 中等待 'a'，它被 left#0 持有（可加大 --timeout）");
  // Interrupted: the timeout is not what stopped them.
  t.interrupted = true;
  CHECK(ProcessEndLine(*sys, t, kLeft, Lang::kEn) ==
        "timed out: still running when the run was interrupted");
  CHECK(ProcessEndLine(*sys, t, kLeft, Lang::kZh) == "超时：运行被中断时还在运行");
  CHECK(OutcomeKey(*sys, t, Lang::kZh) == "transfers=0；已中断");
  t.interrupted = false;
  // The holder crashed, or finished without releasing: said after "held by".
  t.processes[kLeft] = {ProcEnd::kCrashed, "killed by signal 9", -1, -1, -1};
  t.timed_out_processes = 1;
  t.crashed = 1;
  CHECK(ProcessReason(*sys, t, kRight) ==
        "timed out while it waits in sem_wait for 'a', held by left#0, which crashed (raise "
        "--timeout)");
  CHECK(ProcessEndLine(*sys, t, kLeft, Lang::kEn) == "crashed: killed by signal 9");
  // A crashed process's own reason is the child's, as written.
  CHECK(ProcessEndLine(*sys, t, kLeft, Lang::kZh) == "已崩溃：killed by signal 9");
  CHECK(ProcessReason(*sys, t, kRight, Lang::kZh) ==
        "超时，当时它在 sem_wait 中等待 'a'，它被 left#0 持有（已崩溃）（可加大 --timeout）");
  t.processes[kLeft] = {ProcEnd::kFinished, "", -1, -1, -1};
  CHECK(ProcessReason(*sys, t, kRight) ==
        "timed out while it waits in sem_wait for 'a', held by left#0, which finished without "
        "releasing it (raise --timeout)");
  CHECK(ProcessReason(*sys, t, kRight, Lang::kZh) ==
        "超时，当时它在 sem_wait 中等待 'a'，它被 left#0 持有，而 left#0 结束时没有释放它（可加大 "
        "--timeout）");
  CHECK(FinalUncheckedText(*sys, t) == "1 process timed out");
  // Nobody holds what it waits for.
  t.processes[kRight].holder = -1;
  CHECK(ProcessReason(*sys, t, kRight, Lang::kZh) ==
        "超时，当时它在 sem_wait 中等待 'a'，但没有未结束的进程持有它（可加大 --timeout）");
}

}  // namespace
}  // namespace racecheck
