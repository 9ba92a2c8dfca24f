// Tests of the real-process runner's trial logic (RunTrial, OutcomeKey, Summarize) against a
// fake operating system: "forked" children run inline, one after another, so a trial is a
// deterministic sequential run; files, shared memory and semaphores are counted so that the
// tests can check that a trial leaves nothing behind on every path.
#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

#include "engine/model/loader.h"
#include "engine/runner/runner.h"
#include "engine/runner/trial_text.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

class FakeOs : public Os {
 public:
  int fail_fork_at = -1;        // the fork with this index fails with EAGAIN
  int hang_from = -1;           // children with index >= this never end (until killed)
  double fork_cost = 0;         // seconds of the fake clock each fork takes
  std::set<int> garbage_reads;  // these reads (0-based, in order) find a half-written file
  int reads = 0;
  const std::atomic<bool>* interrupt_when_hung = nullptr;

  double clock = 0;
  int forks = 0;
  std::vector<int> kills;                            // signals sent
  std::map<int, std::optional<ChildExit>> children;  // pid -> exit once ended
  std::map<std::string, std::string> files;
  std::set<std::string> dirs;
  std::map<int, uint64_t> alive;  // other processes: pid -> start time
  int live_maps = 0, live_sems = 0;

  Status Fork(int pgid, const std::function<int()>& body, int* pid) override {
    int index = forks++;
    if (index == fail_fork_at) return Status::FromErrno("fork", EAGAIN);
    clock += fork_cost;
    *pid = 100 + index;
    if (hang_from >= 0 && index >= hang_from) {
      children[*pid] = std::nullopt;
      return Status::Ok();
    }
    ChildExit e;
    e.pid = *pid;
    e.exited = true;
    e.code = body();
    children[*pid] = e;
    return Status::Ok();
  }
  Status TryWait(int, std::optional<ChildExit>* out) override {
    out->reset();
    if (children.empty()) return Status::FromErrno("waitpid", ECHILD);
    for (auto it = children.begin(); it != children.end(); ++it) {
      if (it->second) {
        *out = it->second;
        children.erase(it);
        return Status::Ok();
      }
    }
    return Status::Ok();
  }
  int Pid() override { return 1; }
  bool ParentIs(int pid) override { return pid == 1; }
  std::optional<uint64_t> ProcessStartTime(int pid) override {
    if (pid == 1) return 7;
    auto it = alive.find(pid);
    return it == alive.end() ? std::nullopt : std::optional<uint64_t>(it->second);
  }
  Status KillGroup(int, int sig) override {
    kills.push_back(sig);
    for (auto& [pid, e] : children) {
      if (!e) e = ChildExit{pid, false, 0, sig};
    }
    return Status::Ok();
  }
  double Now() override { return clock; }
  void Sleep(double s) override { clock += s; }
  std::string TempRoot() override { return "/fake/tmp"; }
  Status MakeTempDir(const std::string& prefix, std::string* path) override {
    *path = "/fake/tmp/" + prefix + std::to_string(dirs.size());
    dirs.insert(*path);
    return Status::Ok();
  }
  Status ListDir(const std::string& path, std::vector<std::string>* names) override {
    names->clear();
    for (const std::string& d : dirs) {
      if (d.rfind(path + "/", 0) == 0) names->push_back(d.substr(path.size() + 1));
    }
    return Status::Ok();
  }
  Status RemoveTree(const std::string& path) override {
    dirs.erase(path);
    for (auto it = files.begin(); it != files.end();) {
      it = it->first.rfind(path + "/", 0) == 0 ? files.erase(it) : std::next(it);
    }
    return Status::Ok();
  }
  Status ReadFile(const std::string& path, std::string* data) override {
    if (!files.count(path)) return Status::FromErrno("open " + path, ENOENT);
    *data = garbage_reads.count(reads++) ? "{" : files[path];
    return Status::Ok();
  }
  Status WriteInPlace(const std::string& path, const std::string& data, double) override {
    files[path] = data;
    return Status::Ok();
  }
  Status WriteAndRename(const std::string&, const std::string& path,
                        const std::string& data) override {
    files[path] = data;
    return Status::Ok();
  }
  Status MapShared(size_t bytes, void** addr) override {
    *addr = std::calloc(1, bytes);
    ++live_maps;
    return Status::Ok();
  }
  void Unmap(void* addr, size_t) override {
    std::free(addr);
    --live_maps;
  }
  Status SemInit(OsSem* s, unsigned value) override {
    std::memcpy(s->bytes, &value, sizeof value);
    ++live_sems;
    return Status::Ok();
  }
  Status SemWait(OsSem* s, double timeout, bool* timed_out) override {
    unsigned v;
    std::memcpy(&v, s->bytes, sizeof v);
    *timed_out = false;
    if (v == 0) {
      if (timeout < 0) return Status::Error("fake: sem_wait would block forever");
      clock += timeout;
      *timed_out = true;
      return Status::Ok();
    }
    --v;
    std::memcpy(s->bytes, &v, sizeof v);
    return Status::Ok();
  }
  Status SemPost(OsSem* s) override {
    unsigned v;
    std::memcpy(&v, s->bytes, sizeof v);
    ++v;
    std::memcpy(s->bytes, &v, sizeof v);
    return Status::Ok();
  }
  int SemValue(OsSem* s) override {
    unsigned v;
    std::memcpy(&v, s->bytes, sizeof v);
    return static_cast<int>(v);
  }
  void SemDestroy(OsSem*) override { --live_sems; }
  // Nothing waits in the fake: children run inline, before the parent releases them, so a
  // waiter finds its word changed at once.
  Status WaitWhile(std::atomic<uint32_t>* word, uint32_t value, double, bool* timed_out) override {
    *timed_out = false;
    if (word->load() == value) word->store(value + 1);
    return Status::Ok();
  }
  void WakeAll(std::atomic<uint32_t>*) override {}
  void FlushStdio() override {}

  bool Clean() const { return dirs.empty() && files.empty() && live_maps == 0 && live_sems == 0; }
};

std::unique_ptr<System> Load(const std::string& file, int clients, bool elide) {
  return testing::LoadShipped(file, clients, elide);
}

TEST_CASE("fake os: a sequential trial of ticket sells one ticket and is explained", "[runner]") {
  auto sys = Load("ticket.yaml", 3, true);
  FakeOs os;
  TrialOptions opt;
  opt.capture_prints = true;
  TrialResult t;
  Status st = RunTrial(os, *sys, opt, 1, &t);
  REQUIRE(st.ok());
  CHECK(t.values == std::vector<int64_t>{0, 1});
  CHECK(t.final_text == "{\"count\": 0}");
  CHECK(t.violated.empty());
  CHECK(t.crashed == 0);
  CHECK(t.stuck == 0);
  CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
  // client#0: seen, print, c, if, purchase, print; the others find count = 0: seen, print, c, if.
  CHECK(t.conformance.total == 6 + 4 + 4);
  CHECK(OutcomeKey(*sys, t) == "count=0 sold=1");
  REQUIRE(t.prints.size() >= 3);
  CHECK(t.prints[0].process == 0);
  CHECK(t.prints[0].text == "remaining tickets: 1");
  CHECK(t.prints[1].process == 0);
  CHECK(t.prints[1].text == "purchase succeeded");
  CHECK(t.prints[2].process == 1);
  CHECK(t.prints[2].text == "remaining tickets: 0");
  // The sleeps ran, scaled: client#0 slept 0.1 + 0.2, the others 0.1.
  CHECK(os.clock == Approx(0.5));
  CHECK(os.kills.empty());
  CHECK(os.Clean());
}

TEST_CASE("fake os: a process stopped at a violation says why, and in Chinese for a zh report",
          "[runner]") {
  auto sys = testing::BuildModelFile("tests/models/doc_div_zero/model.yaml", {}, BuildOptions{});
  for (Lang lang : {Lang::kEn, Lang::kZh}) {
    FakeOs os;
    TrialOptions opt;
    opt.lang = lang;
    TrialResult t;
    REQUIRE(RunTrial(os, *sys, opt, 1, &t).ok());
    REQUIRE(t.processes.size() == 1);
    CHECK(t.processes[0].end == ProcEnd::kViolated);
    // English for JSON in both; the report's language beside it.
    CHECK(t.processes[0].reason == "division by zero in 'share = 100 / people'");
    CHECK(t.processes[0].reason_text ==
          (lang == Lang::kEn ? "" : "'share = 100 / people' 中除以零"));
    CHECK(os.Clean());
  }
}

TEST_CASE("fake os: the time scale scales the sleeps", "[runner]") {
  auto sys = Load("ticket.yaml", 2, true);
  FakeOs os;
  TrialOptions opt;
  opt.time_scale = 0.01;
  TrialResult t;
  REQUIRE(RunTrial(os, *sys, opt, 1, &t).ok());
  CHECK(os.clock == Approx(0.004));
}

TEST_CASE("fake os: a failed fork gives a clear error and cleans up", "[runner]") {
  auto sys = Load("ticket.yaml", 3, false);
  FakeOs os;
  os.fail_fork_at = 1;
  TrialResult t;
  Status st = RunTrial(os, *sys, TrialOptions{}, 1, &t);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::StartsWith("fork: Resource temporarily unavailable"));
  CHECK_THAT(st.message(), Catch::Contains("after starting 1 of 3 processes"));
  CHECK(os.kills == std::vector<int>{SIGKILL});
  CHECK(os.children.empty());  // the started one was reaped
  CHECK(os.Clean());
}

TEST_CASE("fake os: processes still running at the timeout are 'timed out', not a deadlock",
          "[runner]") {
  // They were never proved blocked (here they never even started a step): the timeout says
  // nothing about a deadlock, so the trial violates nothing and says to raise --timeout.
  auto sys = Load("ticket.yaml", 3, false);
  FakeOs os;
  os.hang_from = 1;
  TrialOptions opt;
  opt.timeout = 2;
  TrialResult t;
  REQUIRE(RunTrial(os, *sys, opt, 1, &t).ok());
  CHECK(t.timed_out);
  CHECK(t.stuck == 0);
  CHECK(t.timed_out_processes == 2);
  CHECK_FALSE(t.blocked);
  CHECK(t.processes[0].end == ProcEnd::kFinished);
  CHECK(t.processes[1].end == ProcEnd::kTimedOut);
  CHECK(t.processes[1].reason == "timed out while running or sleeping (raise --timeout)");
  CHECK(os.kills == std::vector<int>{SIGKILL});
  CHECK(t.seconds >= 2);
  CHECK(OutcomeKey(*sys, t) == "count=0 sold=1; 2 timed out");
  CHECK(t.violated.empty());
  CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
  CHECK(os.children.empty());
  CHECK(os.Clean());
}

TEST_CASE("fake os: an interrupt stops the trial, nothing is judged, nothing is left", "[runner]") {
  auto sys = Load("ticket.yaml", 2, true);
  FakeOs os;
  os.hang_from = 0;
  std::atomic<bool> stop{true};
  TrialOptions opt;
  opt.interrupt = &stop;
  TrialResult t;
  REQUIRE(RunTrial(os, *sys, opt, 1, &t).ok());
  CHECK(t.interrupted);
  CHECK(t.timed_out_processes == 2);
  CHECK(t.processes[0].reason == "still running when the run was interrupted");
  CHECK(t.conformance.verdict == ConformanceVerdict::kNotChecked);
  CHECK(os.Clean());
}

TEST_CASE("fake os: a store that drops a write is caught by the conformance check", "[runner]") {
  auto sys = Load("ticket.yaml", 2, false);
  FakeOs os;
  TrialOptions opt;
  opt.faults.drop_first_write = true;
  TrialResult t;
  REQUIRE(RunTrial(os, *sys, opt, 1, &t).ok());
  // client#0's purchase never reached the file: client#1 buys the same ticket.
  CHECK(t.values == std::vector<int64_t>{0, 2});
  CHECK(OutcomeKey(*sys, t) == "count=0 sold=2; violates no_oversell");
  REQUIRE(t.conformance.verdict == ConformanceVerdict::kDiverged);
  CHECK_THAT(t.conformance.where, Catch::Contains("client#1 step 'seen = count'"));
  CHECK_THAT(t.conformance.reason, Catch::Contains("it read count = 1"));
}

TEST_CASE("fake os: a torn file crashes its reader like a JSON decode error", "[runner]") {
  auto sys = Load("ticket.yaml", 1, true);
  FakeOs os;
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  Store store(&os, StoreKind::kInPlaceFile, {}, "/d", sys.get(), &vars, nullptr);
  os.files["/d/db"] = "";
  Result<StoreRead> read = store.Read();
  REQUIRE(read.ok());
  CHECK_THAT(read->parse_error,
             Catch::StartsWith("json.decoder.JSONDecodeError: Expecting value: line 1 "
                               "column 1 (char 0)"));
  os.files["/d/db"] = "{\"cou";
  read = store.Read();
  REQUIRE(read.ok());
  CHECK_THAT(read->parse_error, Catch::StartsWith("json.decoder.JSONDecodeError"));
  CHECK(read->raw == "{\"cou");
  os.files["/d/db"] = "{\"other\": 1}";
  read = store.Read();
  REQUIRE(read.ok());
  CHECK_THAT(read->parse_error, Catch::StartsWith("KeyError: 'count'"));
  os.files["/d/db"] = "{\"count\": 1}";
  read = store.Read();
  REQUIRE(read.ok());
  CHECK(read->parse_error.empty());
  CHECK(read->values[0] == 1);
  // A file that cannot be read at all is the operating system failing, not content.
  os.files.erase("/d/db");
  read = store.Read();
  REQUIRE_FALSE(read.ok());
  CHECK_THAT(read.status().message(), Catch::StartsWith("open /d/db: "));
}

TEST_CASE("fake os: a trial's time starts at the start barrier, not at the first fork",
          "[runner]") {
  // Three processes of one step that takes no time; each fork takes 1 s of the fake clock.
  // Starting them is not part of the trial: it is reported apart.
  auto sys = testing::BuildModelFile("bench/process_start.yaml", {"n=3"}, BuildOptions{});
  FakeOs os;
  os.fork_cost = 1;
  TrialResult t;
  REQUIRE(RunTrial(os, *sys, TrialOptions{}, 1, &t).ok());
  CHECK(t.start_seconds == Approx(3));
  CHECK(t.seconds == Approx(0));
  CHECK(t.conformance.verdict == ConformanceVerdict::kExplained);
  CHECK(os.Clean());
}

TEST_CASE("fake os: a crash says the final property was not checked, and what the crash held",
          "[runner]") {
  // counter.yaml: worker#0 runs both rounds; worker#1 then takes the lock and its read finds a
  // half-written file: it crashes holding the lock. n = 2 is right, but `final` is about
  // finished runs, so it is not checked, and the report says why.
  auto sys = testing::BuildModelFile("models/counter.yaml", {}, BuildOptions{});
  FakeOs os;
  os.garbage_reads = {2};  // worker#0 read twice; worker#1's first read is torn
  TrialResult t;
  REQUIRE(RunTrial(os, *sys, TrialOptions{}, 1, &t).ok());
  CHECK(OutcomeKey(*sys, t) == "n=2; 1 crashed");
  CHECK(t.violated.empty());
  CHECK(t.final_unchecked == "1 process crashed");
  CHECK(t.processes[1].end == ProcEnd::kCrashed);
  CHECK_THAT(t.processes[1].reason, Catch::StartsWith("json.decoder.JSONDecodeError"));
  CHECK_THAT(t.processes[1].reason, Catch::EndsWith(" while holding 'lock'"));
  VariantSummary s = Summarize(*sys, {t});
  CHECK(s.final_unchecked == 1);
  CHECK(os.Clean());
}

TEST_CASE("fake os: a divergence on a read-modify-write step says so and suggests the split",
          "[runner]") {
  // `n = n + 1` is one step in the model; the processes read n, then write it. worker#0's write
  // is lost (the fault), so worker#1 reads n = 0 where the model has n = 1.
  auto sys = testing::BuildModelFile("tests/models/run_lost_update/model.yaml", {}, BuildOptions{});
  FakeOs os;
  TrialOptions opt;
  opt.faults.drop_first_write = true;
  TrialResult t;
  REQUIRE(RunTrial(os, *sys, opt, 1, &t).ok());
  REQUIRE(t.conformance.verdict == ConformanceVerdict::kDiverged);
  CHECK_THAT(t.conformance.reason, Catch::Contains("it read n = 0"));
  CHECK_THAT(t.conformance.granularity,
             Catch::Contains("'n = n + 1' (line 11) reads and writes shared 'n' in one atomic "
                             "step"));
  CHECK_THAT(t.conformance.granularity, Catch::Contains("`tmp = n` then `n = tmp + 1`"));
  CHECK(t.conformance.granularity_text.empty());  // English: nothing beside it
  CHECK(ConformanceGranularity(t.conformance, Lang::kEn) == t.conformance.granularity);
  // In Chinese for a Chinese report, the English kept for JSON.
  FakeOs os_zh;
  TrialOptions opt_zh = opt;
  opt_zh.lang = Lang::kZh;
  TrialResult zh;
  REQUIRE(RunTrial(os_zh, *sys, opt_zh, 1, &zh).ok());
  REQUIRE(zh.conformance.verdict == ConformanceVerdict::kDiverged);
  CHECK(zh.conformance.granularity == t.conformance.granularity);
  const std::string& text = ConformanceGranularity(zh.conformance, Lang::kZh);
  CHECK_THAT(text, Catch::Contains("模型的步骤 'n = n + 1'（第 11 行）在一个原子步骤里既读又写共享"
                                   "变量 'n'"));
  CHECK_THAT(text, Catch::Contains("先 `tmp = n`，再 `n = tmp + 1`，其中 `tmp` 是一个局部变量"));
  CHECK_THAT(text, !Catch::Contains("then"));
  // A divergence on a variable that no such step writes says nothing of the kind.
  auto ticket = Load("ticket.yaml", 2, false);
  FakeOs os2;
  TrialResult t2;
  REQUIRE(RunTrial(os2, *ticket, opt, 1, &t2).ok());
  REQUIRE(t2.conformance.verdict == ConformanceVerdict::kDiverged);
  CHECK(t2.conformance.granularity.empty());
}

TEST_CASE("orphaned trial directories: removed when their owner is gone, kept while it runs",
          "[runner]") {
  FakeOs os;
  os.alive[200] = 55;                                  // pid 200 runs, started at 55
  os.dirs = {"/fake/tmp/racecheck-run-200-55-aaaaaa",  // its owner runs: kept
             "/fake/tmp/racecheck-run-200-54-bbbbbb",  // pid reused by another process: removed
             "/fake/tmp/racecheck-run-300-9-cccccc",   // no such process: removed
             "/fake/tmp/racecheck-run-1-7-dddddd",     // this process's own: kept
             "/fake/tmp/racecheck-run-eeeeee",         // no owner in the name: not ours to judge
             "/fake/tmp/other"};
  os.files["/fake/tmp/racecheck-run-300-9-cccccc/db"] = "{}";
  CHECK(RemoveOrphanedTrialDirs(os) == 2);
  CHECK(os.dirs == std::set<std::string>{"/fake/tmp/racecheck-run-200-55-aaaaaa",
                                         "/fake/tmp/racecheck-run-1-7-dddddd",
                                         "/fake/tmp/racecheck-run-eeeeee", "/fake/tmp/other"});
  CHECK(os.files.empty());
  CHECK(TrialDirPrefix(os) == "racecheck-run-1-7-");
}

TEST_CASE("runner limits: process count, default timeout", "[runner]") {
  auto sys = Load("ticket.yaml", 12, false);
  TrialOptions opt;
  opt.max_processes = 10;
  CHECK(CheckRunnable(*sys, opt).message() ==
        "the model has 12 processes; real mode runs at most 10 per trial (--max-processes)");
  FakeOs os;
  TrialResult t;
  Status st = RunTrial(os, *sys, opt, 1, &t);
  CHECK_FALSE(st.ok());
  CHECK(os.forks == 0);
  CHECK(os.Clean());
  // 5 s + 2 * (12 clients * 0.3 s) * scale
  CHECK(DefaultTimeout(*sys, 1.0) == Approx(12.2));
  CHECK(DefaultTimeout(*sys, 0.01) == Approx(5.072));
}

TEST_CASE("summary: histogram by count then key, median wall time", "[runner]") {
  auto sys = Load("ticket.yaml", 2, true);
  std::vector<TrialResult> trials(4);
  double secs[] = {0.4, 0.1, 0.3, 0.2};
  for (int i = 0; i < 4; ++i) {
    trials[i].values = {0, i == 0 ? 1 : 2};
    if (i > 0) trials[i].violated = {0};
    trials[i].seconds = secs[i];
    trials[i].conformance.verdict = ConformanceVerdict::kExplained;
  }
  VariantSummary s = Summarize(*sys, trials);
  CHECK(s.trials == 4);
  CHECK(s.violating == 3);
  CHECK(s.explained == 4);
  CHECK(s.median_seconds == Approx(0.25));
  REQUIRE(s.histogram.size() == 2);
  CHECK(s.histogram[0] == std::pair<std::string, int>{"count=0 sold=2; violates no_oversell", 3});
  CHECK(s.histogram[1] == std::pair<std::string, int>{"count=0 sold=1", 1});
}

}  // namespace
}  // namespace racecheck
