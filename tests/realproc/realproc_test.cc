// Real-process tests of `racecheck run` (label `realproc`): real forks, files, semaphores.
// Kept fast with small time scales. Each test runs trials with TMPDIR pointing at a private
// directory, so "nothing left behind" is checked exactly: the directory is empty afterwards and
// no process of ours is left (no child, no zombie, no orphan carrying our marker).
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
#include "engine/trace/concretize.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

std::unique_ptr<System> Load(const std::string& file, int clients, bool elide) {
  return testing::LoadShipped(file, clients, elide);
}

// A private TMPDIR for the duration of a test.
class PrivateTmp {
 public:
  PrivateTmp() {
    char templ[] = "/tmp/racecheck-realproc-XXXXXX";
    REQUIRE(mkdtemp(templ) != nullptr);
    path_ = templ;
    old_ = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "";
    setenv("TMPDIR", path_.c_str(), 1);
  }
  ~PrivateTmp() {
    if (old_.empty())
      unsetenv("TMPDIR");
    else
      setenv("TMPDIR", old_.c_str(), 1);
    rmdir(path_.c_str());
  }
  int Entries() const {
    int n = 0;
    DIR* d = opendir(path_.c_str());
    while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
    closedir(d);
    return n;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_, old_;
};

// Processes whose parent is `ppid` (zombies included).
std::vector<int> ChildrenOf(int ppid) {
  std::vector<int> out;
  DIR* d = opendir("/proc");
  while (dirent* e = readdir(d)) {
    int pid = std::atoi(e->d_name);
    if (pid <= 0) continue;
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(f, line)) continue;
    size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state;
    int parent = 0;
    rest >> state >> parent;
    if (parent == ppid) out.push_back(pid);
  }
  closedir(d);
  return out;
}

// The state letter of /proc/PID/stat ('S' sleeping, 'Z' zombie, ...), or '?'.
char StateOf(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(f, line)) return '?';
  size_t close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ? '?' : line[close + 2];
}

// Processes whose command line contains `marker`.
int ProcessesWith(const std::string& marker) {
  int n = 0;
  DIR* d = opendir("/proc");
  while (dirent* e = readdir(d)) {
    int pid = std::atoi(e->d_name);
    if (pid <= 0 || pid == getpid()) continue;
    std::ifstream f("/proc/" + std::to_string(pid) + "/cmdline");
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    n += all.find(marker) != std::string::npos;
  }
  closedir(d);
  return n;
}

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

TEST_CASE("the forced deadlock is stuck, killed at the timeout, and cleaned up", "[realproc]") {
  PrivateTmp tmp;
  auto sys = Load("deadlock.yaml", 0, false);
  auto os = NewPosixOs();
  TrialOptions opt;
  opt.gated = true;
  opt.schedule = {0, 1};  // left#0 takes a, right#0 takes b
  opt.timeout = 0.3;
  TrialResult t;
  REQUIRE(RunTrial(*os, *sys, opt, 1, &t).ok());
  CHECK(t.timed_out);
  CHECK(OutcomeKey(*sys, t) == "transfers=0; violates deadlock; 2 stuck");
  CHECK(t.processes[0].reason == "waits in sem_wait for 'b'");
  CHECK(t.processes[1].reason == "waits in sem_wait for 'a'");
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

TEST_CASE("SIGINT to racecheck run stops it, exit 3, nothing is left", "[realproc]") {
  PrivateTmp tmp;
  const std::string marker = "--seed=424242";
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::string model = std::string(RACECHECK_SOURCE_DIR) + "/models/ticket.yaml";
    execl(RACECHECK_BINARY, "racecheck", "run", model.c_str(), "--set", "clients=10", "--trials",
          "5", marker.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until the trial processes run (racecheck and its children), even on a loaded machine;
  // the locked variant's trial takes about 1.2 s.
  for (int i = 0; i < 500 && ProcessesWith(marker) <= 1; ++i) usleep(10000);
  REQUIRE(ProcessesWith(marker) > 1);
  usleep(100000);
  kill(pid, SIGINT);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  usleep(50000);
  CHECK(ProcessesWith(marker) == 0);
  CHECK(tmp.Entries() == 0);
}

}  // namespace
}  // namespace racecheck
