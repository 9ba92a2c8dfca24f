// Real-process tests of `racecheck run` (label `realproc`): real forks, files, semaphores.
// Kept fast with small time scales. Each test runs trials with TMPDIR pointing at a private
// directory, so "nothing left behind" is checked exactly: the directory is empty afterwards and
// no process of ours is left (no child, no zombie, no orphan carrying our marker).
#include "tests/support/realproc.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/explore/explorer.h"
#include "engine/model/loader.h"
#include "engine/runner/runner.h"
#include "engine/runner/trial_text.h"
#include "engine/trace/concretize.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

std::unique_ptr<System> Load(const std::string& file, int clients, bool elide) {
  return testing::LoadShipped(file, clients, elide);
}

using testing::ChildrenOf;
using testing::PrivateTmp;
using testing::ProcessesWith;
using testing::StateOf;

TEST_CASE("a forced counterexample oversells in every one of 20 runs", "[realproc]") {
  PrivateTmp tmp;
  auto sys = Load("ticket.yaml", 3, true);
  ExploreResult r = Explore(*sys, ExploreOptions{});
  REQUIRE(r.verdict == Verdict::kViolated);
  auto os = NewPosixOs();
  TrialOptions opt;
  opt.gated = true;
  opt.schedule = ConcretizeCounterexamples(*sys, nullptr, r).front().schedule;
  opt.time_scale = 0.01;
  for (int trial = 1; trial <= 20; ++trial) {
    TrialResult t;
    REQUIRE(RunTrial(*os, *sys, opt, trial, &t).ok());
    INFO("trial " << trial << ": " << OutcomeKey(*sys, t));
    CHECK(t.values == std::vector<int64_t>{0, 2});
    CHECK(t.final_text == "{\"count\": 0}");
    CHECK(OutcomeKey(*sys, t) == "count=0 sold=2; violates no_oversell");
    CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
  }
  CHECK(tmp.Entries() == 0);
  CHECK(ChildrenOf(getpid()).empty());
}

TEST_CASE("with the lock no trial oversells", "[realproc]") {
  // With the lock exactly one client buys: every trial ends count=0 sold=1. One more outcome is
  // possible and allowed: search()'s `seen = count` reads the file outside the lock, so on a
  // loaded machine it can meet the holder's in-place rewrite between truncate and write and
  // crash on the half-written file (a real torn read, which the model does not have). The
  // buyer still buys: count=0 sold=1; K crashed. Every other outcome fails the test. Each
  // observed outcome must be explained: the first by an order of the operations the model
  // accepts; the second as a divergence at a `seen = count` read (the only read made without
  // the lock, so the only one a write can tear).
  PrivateTmp tmp;
  auto sys = Load("ticket.yaml", 10, false);
  auto os = NewPosixOs();
  TrialOptions opt;
  opt.time_scale = 0.02;
  for (int trial = 1; trial <= 10; ++trial) {
    TrialResult t;
    REQUIRE(RunTrial(*os, *sys, opt, trial, &t).ok());
    const std::string key = OutcomeKey(*sys, t);
    INFO("trial " << trial << ": " << key << ": " << t.conformance.where << ": "
                  << t.conformance.reason);
    CHECK(t.values == std::vector<int64_t>{0, 1});
    CHECK(t.violated.empty());
    CHECK(t.stuck == 0);
    if (t.crashed == 0) {
      CHECK(key == "count=0 sold=1");
      CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
    } else {
      CHECK(key == "count=0 sold=1; " + std::to_string(t.crashed) + " crashed");
      CHECK(t.conformance.verdict == ConformanceVerdict::kDiverged);
      CHECK_THAT(t.conformance.where, Catch::Contains("step 'seen = count'"));
      CHECK_THAT(t.conformance.reason, Catch::Contains("half-written file"));
    }
  }
  CHECK(tmp.Entries() == 0);
  CHECK(ChildrenOf(getpid()).empty());
}

TEST_CASE("without the lock and without sleeps every trial is still explained", "[realproc]") {
  PrivateTmp tmp;
  auto sys = Load("ticket.yaml", 10, true);
  auto os = NewPosixOs();
  TrialOptions opt;
  opt.time_scale = 0.01;
  opt.store = StoreKind::kAtomicFile;
  for (int trial = 1; trial <= 10; ++trial) {
    TrialResult t;
    REQUIRE(RunTrial(*os, *sys, opt, trial, &t).ok());
    INFO(OutcomeKey(*sys, t) << ": " << t.conformance.where << ": " << t.conformance.reason);
    CHECK(t.crashed == 0);
    CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
  }
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("the memory store: oversells without the lock, every trial explained", "[realproc]") {
  PrivateTmp tmp;
  auto sys = Load("ticket.yaml", 10, true);
  auto os = NewPosixOs();
  TrialOptions opt;
  opt.time_scale = 0.01;
  opt.store = StoreKind::kMemory;
  // Free runs: how many clients read count = 1 before the first write depends on timing, so
  // sold can be anything from 1 (no oversell) to 10; count always ends 0 (the first reader
  // reads 1, and every write is c - 1 = 0). Every trial must be explained.
  for (int trial = 1; trial <= 5; ++trial) {
    TrialResult t;
    REQUIRE(RunTrial(*os, *sys, opt, trial, &t).ok());
    const std::string key = OutcomeKey(*sys, t);
    INFO(key << ": " << t.conformance.reason);
    REQUIRE(t.values.size() == 2);
    const int64_t sold = t.values[1];
    CHECK(t.values[0] == 0);
    CHECK(sold >= 1);
    CHECK(sold <= 10);
    CHECK(key ==
          "count=0 sold=" + std::to_string(sold) + (sold > 1 ? "; violates no_oversell" : ""));
    CHECK(t.final_text == "{\"count\": 0}");
    CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
  }
  // Forced: the oversell of the tutorial, written by hand from the model's steps (without
  // locks a client's steps are `seen = count`, print, `c = count`, `if c > 0`, the atomic
  // purchase, print). client#0 and client#1 both print the count, both read count = 1 into c,
  // both pass the test, then both buy; the other clients then run one by one, read 0 and buy
  // nothing. The oversell is certain: sold = 2, and the trial is explained.
  opt.gated = true;
  opt.schedule = {0, 0, 1, 1, 0, 1, 0, 1, 0, 1};
  for (int trial = 1; trial <= 3; ++trial) {
    TrialResult t;
    REQUIRE(RunTrial(*os, *sys, opt, trial, &t).ok());
    INFO("forced trial " << trial << ": " << OutcomeKey(*sys, t) << ": " << t.conformance.reason);
    CHECK(t.values == std::vector<int64_t>{0, 2});
    CHECK(OutcomeKey(*sys, t) == "count=0 sold=2; violates no_oversell");
    CHECK(t.final_text == "{\"count\": 0}");
    CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
  }
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("racecheck run --counterexample --format json: one document, exit 1", "[realproc]") {
  PrivateTmp tmp;
  std::string cmd =
      std::string(RACECHECK_BINARY) + " run " + RACECHECK_SOURCE_DIR +
      "/models/ticket.yaml --set clients=3 --counterexample --trials 3 --time-scale 0.01 "
      "--format json";
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  int status = pclose(pipe);
  CHECK(WEXITSTATUS(status) == 1);
  nlohmann::json doc = nlohmann::json::parse(out);
  CHECK(doc["format"] == "racecheck-run");
  REQUIRE(doc["variants"].size() == 1);
  const nlohmann::json& v = doc["variants"][0];
  CHECK(v["name"] == "without locks");
  CHECK(v["violating"] == 3);
  CHECK(v["explained"] == 3);
  REQUIRE(v["per_trial"].size() == 3);
  for (const auto& t : v["per_trial"]) {
    CHECK(t["outcome"] == "count=0 sold=2; violates no_oversell");
    CHECK(t["conformance"]["verdict"] == "explained");
    CHECK(t["reachable"] == true);
  }
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("a store that silently drops a write is caught", "[realproc]") {
  PrivateTmp tmp;
  auto sys = Load("ticket.yaml", 4, false);
  auto os = NewPosixOs();
  TrialOptions opt;
  opt.time_scale = 0.02;
  opt.faults.drop_first_write = true;
  opt.store = StoreKind::kAtomicFile;  // no torn reads: only the injected fault
  for (int trial = 1; trial <= 5; ++trial) {
    TrialResult t;
    REQUIRE(RunTrial(*os, *sys, opt, trial, &t).ok());
    INFO(OutcomeKey(*sys, t) << ": " << t.conformance.where << ": " << t.conformance.reason);
    CHECK(t.conformance.verdict == ConformanceVerdict::kDiverged);
    CHECK_THAT(t.conformance.reason, Catch::Contains("it read count = 1"));
  }
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("a pause between truncate and write makes torn reads, reported as such", "[realproc]") {
  PrivateTmp tmp;
  auto sys = Load("ticket.yaml", 20, true);
  auto os = NewPosixOs();
  TrialOptions opt;
  opt.time_scale = 0;
  opt.faults.torn_pause = 0.005;
  int torn = 0;
  for (int trial = 1; trial <= 20 && !(trial > 5 && torn > 0); ++trial) {
    TrialResult t;
    REQUIRE(RunTrial(*os, *sys, opt, trial, &t).ok());
    if (t.crashed > 0) {
      ++torn;
      CHECK(t.conformance.verdict == ConformanceVerdict::kDiverged);
      CHECK_THAT(t.conformance.reason, Catch::Contains("half-written file"));
    }
  }
  CHECK(torn > 0);
  // The same with an atomic rename: never torn.
  opt.store = StoreKind::kAtomicFile;
  opt.faults.torn_pause = 0;
  for (int trial = 1; trial <= 5; ++trial) {
    TrialResult t;
    REQUIRE(RunTrial(*os, *sys, opt, trial, &t).ok());
    CHECK(t.crashed == 0);
  }
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("the forced deadlock is proved at once, with its cycle, and cleaned up", "[realproc]") {
  // No timeout needed: once left#0 holds a and waits for b while right#0 holds b and waits for
  // a, nothing can change, and the runner proves it (the timeout is far away on purpose).
  PrivateTmp tmp;
  auto sys = Load("deadlock.yaml", 0, false);
  auto os = NewPosixOs();
  TrialOptions opt;
  opt.gated = true;
  opt.schedule = {0, 1};  // left#0 takes a, right#0 takes b
  opt.timeout = 60;
  TrialResult t;
  REQUIRE(RunTrial(*os, *sys, opt, 1, &t).ok());
  CHECK_FALSE(t.timed_out);
  CHECK(t.blocked);
  CHECK(OutcomeKey(*sys, t) == "transfers=0; violates deadlock; 2 stuck");
  CHECK(t.processes[0].end == ProcEnd::kStuck);
  CHECK(t.processes[0].reason == "waits in sem_wait for 'b', held by right#0");
  CHECK(t.processes[1].reason == "waits in sem_wait for 'a', held by left#0");
  CHECK(t.blocked_how ==
        "left#0 waits for 'b', held by right#0, which waits for 'a', held by left#0 (a cycle)");
  CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
  CHECK(tmp.Entries() == 0);
  CHECK(ChildrenOf(getpid()).empty());
}

TEST_CASE("a child killed with SIGKILL is reported crashed and nothing is left", "[realproc]") {
  PrivateTmp tmp;
  auto sys = Load("ticket.yaml", 3, true);  // no lock: the others need not wait for the victim
  auto os = NewPosixOs();
  const int me = getpid();
  // A helper process kills the first trial process it sees (not itself) with SIGKILL.
  pid_t helper = fork();
  REQUIRE(helper >= 0);
  if (helper == 0) {
    for (int i = 0; i < 2000; ++i) {
      for (int pid : ChildrenOf(me)) {
        if (pid != getpid() && getpgid(pid) != getpgid(0) && StateOf(pid) == 'S') {
          kill(pid, SIGKILL);
          _exit(0);
        }
      }
      usleep(1000);
    }
    _exit(1);
  }
  TrialOptions opt;
  opt.time_scale = 0.5;                // a trial takes about 0.35 s
  opt.store = StoreKind::kAtomicFile;  // no torn reads: the only crash is the kill
  opt.timeout = 5;
  TrialResult t;
  REQUIRE(RunTrial(*os, *sys, opt, 1, &t).ok());
  int status = 0;
  REQUIRE(waitpid(helper, &status, 0) == helper);
  CHECK(WEXITSTATUS(status) == 0);
  INFO(OutcomeKey(*sys, t));
  for (const ProcessResult& pr : t.processes) INFO(ProcEndName(pr.end) << " " << pr.reason);
  CHECK(t.crashed == 1);
  bool found = false;
  for (const ProcessResult& pr : t.processes) found = found || pr.reason == "killed by signal 9";
  CHECK(found);
  CHECK(tmp.Entries() == 0);
  CHECK(ChildrenOf(me).empty());
}

// Runs run_holder_dies (holder#0 takes the lock and sleeps 30 s with it; three waiters come
// 0.2 s later) while a helper process kills holder#0 (the leader of the trial's process group)
// once the trial has run for a second. The trial must end then, not at the 60 s timeout.
TrialResult RunAndKillHolder(const TrialOptions& opt) {
  auto sys = testing::BuildModelFile("tests/models/run_holder_dies/model.yaml", {}, BuildOptions{});
  auto os = NewPosixOs();
  const int me = getpid();
  pid_t helper = fork();
  REQUIRE(helper >= 0);
  if (helper == 0) {
    for (int i = 0; i < 2000; ++i) {
      for (int pid : ChildrenOf(me)) {
        if (pid != getpid() && getpgid(pid) == pid) {  // the first process forked: holder#0
          usleep(1000000);
          kill(pid, SIGKILL);
          _exit(0);
        }
      }
      usleep(10000);
    }
    _exit(1);
  }
  TrialResult t;
  REQUIRE(RunTrial(*os, *sys, opt, 1, &t).ok());
  int status = 0;
  REQUIRE(waitpid(helper, &status, 0) == helper);
  CHECK(WEXITSTATUS(status) == 0);
  INFO(OutcomeKey(*sys, t) << "; " << t.blocked_how);
  CHECK_FALSE(t.timed_out);
  CHECK(t.blocked);
  CHECK(OutcomeKey(*sys, t) == "n=0; 1 crashed; 3 stuck");
  CHECK(t.violated.empty());  // not a deadlock: the others waited for a process that died
  CHECK(t.processes[0].end == ProcEnd::kCrashed);
  CHECK(t.processes[0].reason ==
        "killed by signal 9 while holding 'lock' \u2014 the others waited for it");
  for (int p = 1; p < 4; ++p) {
    CHECK(t.processes[p].end == ProcEnd::kStuck);
    CHECK(t.processes[p].reason == "waits in sem_wait for 'lock', held by holder#0, which crashed");
  }
  return t;
}

TEST_CASE("a process killed holding the lock ends the trial at once: not a deadlock",
          "[realproc]") {
  PrivateTmp tmp;
  TrialOptions opt;
  opt.timeout = 60;
  RunAndKillHolder(opt);
  CHECK(tmp.Entries() == 0);
  CHECK(ChildrenOf(getpid()).empty());
}

TEST_CASE("a forced run whose mover is killed does not wait for it", "[realproc]") {
  // The schedule moves holder#0 twice: it takes the lock, then sleeps before its second step,
  // and is killed there. The runner stops forcing and lets the waiters run: they wait for the
  // lock the dead holder kept.
  PrivateTmp tmp;
  TrialOptions opt;
  opt.timeout = 60;
  opt.gated = true;
  opt.schedule = {0, 0};
  RunAndKillHolder(opt);
  CHECK(tmp.Entries() == 0);
  CHECK(ChildrenOf(getpid()).empty());
}

}  // namespace
}  // namespace racecheck
