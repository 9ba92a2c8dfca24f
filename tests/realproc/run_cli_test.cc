// `racecheck run` as a user runs it (label `realproc`): what it reports and how it exits on the
// shipped models, with real processes. Each test runs with a private TMPDIR, which must be empty
// afterwards. No test asserts a time: where a behaviour is about time (a trial that is not held
// up), the margin is ten times or more.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/racecheck_cli.h"
#include "tests/support/realproc.h"

namespace racecheck {
namespace {

using testing::PrivateTmp;
using testing::Racecheck;

using testing::JsonOut;

TEST_CASE("run print_race --counterexample: the violation in the middle of the trial, exit 1",
          "[realproc]") {
  // The forced schedule puts two processes between "running" and "done" at once (inside = 2);
  // by the end inside is back to 0, so only the states along the way show it.
  PrivateTmp tmp;
  testing::CliResult r = Racecheck("run models/print_race.yaml --counterexample --time-scale 0.01");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("inside=0; violates lines_stay_together"));
  CHECK_THAT(r.out, Catch::Contains("trials violating a property: 1 of 1"));
  CHECK_THAT(r.out, Catch::Contains("trial 1: 'lines_stay_together' after work#1 step"));
  CHECK_THAT(r.out, Catch::Contains("(operation 4 of 9"));

  nlohmann::json doc = JsonOut(
      Racecheck("run models/print_race.yaml --counterexample --time-scale 0.01 --format json"));
  CHECK(doc["exit_code"] == 1);
  CHECK(doc["trials"] == 1);  // forced: one trial by default
  CHECK(doc["forced"] == nlohmann::json::array({"work#0", "work#1", "work#0", "work#1"}));
  CHECK(doc["forced_by"] == "counterexample");
  REQUIRE(doc["variants"].size() == 1);
  const nlohmann::json& v = doc["variants"][0];
  CHECK(v["schedule"] == doc["forced"]);
  REQUIRE(v["per_trial"].size() == 1);
  const nlohmann::json& t = v["per_trial"][0];
  CHECK(t["violated"] == nlohmann::json::array({"lines_stay_together"}));
  CHECK(t["violation"]["property"] == "lines_stay_together");
  CHECK(t["violation"]["after_operation"] == 4);
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("a forced run is one trial, and after the schedule everyone runs freely", "[realproc]") {
  // ticket.yaml, 100 clients: the counterexample moves client#0 and client#1 (about 0.6 s of
  // their sleeps, one step at a time); then the other 98 each sleep 0.1 s. One after another
  // that is 9.8 s, past the 6 s timeout; run freely, all of them sleep at once and the trial
  // ends in about 1 s (3 s on a machine loaded to 14 runnable processes per 2 cores).
  PrivateTmp tmp;
  nlohmann::json doc = JsonOut(Racecheck(
      "run models/ticket.yaml --set clients=100 --counterexample --timeout 6 --format json"));
  CHECK(doc["exit_code"] == 1);
  CHECK(doc["trials"] == 1);
  REQUIRE(doc["variants"].size() == 1);
  REQUIRE(doc["variants"][0]["per_trial"].size() == 1);
  const nlohmann::json& t = doc["variants"][0]["per_trial"][0];
  CHECK(t["outcome"] == "count=0 sold=2; violates no_oversell");
  CHECK(t["timed_out"] == 0);
  CHECK(t["conformance"]["verdict"] == "explained");
  // --trials still repeats it on request.
  nlohmann::json two = JsonOut(Racecheck(
      "run models/ticket.yaml --set clients=3 --counterexample --trials 2 --time-scale 0.01 "
      "--format json"));
  CHECK(two["trials"] == 2);
  CHECK(two["variants"][0]["per_trial"].size() == 2);
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("a short --timeout on a correct locked run says 'timed out', not deadlock, exit 3",
          "[realproc]") {
  // With the lock, 10 clients take turns: at least 0.3 + 9 x 0.1 = 1.2 s. At 1 s they are
  // sleeping or waiting for a lock that a sleeping client holds: nothing is deadlocked. (1 s,
  // not less: on a loaded machine, or under a sanitizer, the processes may need a good part of
  // a second to reach their first acquire. Not more than 10 clients: the report lists 12
  // processes that did not finish, and the one holding the lock must be among them.)
  PrivateTmp tmp;
  testing::CliResult r =
      Racecheck("run models/ticket.yaml --set clients=10 --trials 1 --timeout 1 --prints none");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains("timed out while running or sleeping (raise --timeout)"));
  CHECK_THAT(r.out, Catch::Contains("timed out while it waits in sem_wait for 'lock', held by"));
  CHECK_THAT(r.out, Catch::Contains("trials violating a property: 0 of 1"));
  CHECK_THAT(r.out, !Catch::Contains("deadlock"));
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("a process that never ends is 'timed out while running', not a deadlock", "[realproc]") {
  // The atomic-file store: the timeout's kill can land inside a write, and an in-place rewrite
  // (the file store) then leaves the file unreadable (seen once under ASan on a loaded machine).
  PrivateTmp tmp;
  testing::CliResult r = Racecheck(
      "run tests/models/run_endless/model.yaml --trials 1 --timeout 0.3 --store atomic-file");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains("x=0; 1 timed out"));
  CHECK_THAT(r.out,
             Catch::Contains("spinner#0 timed out while running or sleeping (raise --timeout)"));
  CHECK_THAT(r.out, !Catch::Contains("deadlock"));
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("run deadlock.yaml --counterexample: the deadlock is proved, its cycle reported, exit 1",
          "[realproc]") {
  // The default timeout is 5 s; the runner does not wait for it.
  PrivateTmp tmp;
  nlohmann::json doc =
      JsonOut(Racecheck("run models/deadlock.yaml --counterexample --timeout 60 --format json"));
  CHECK(doc["exit_code"] == 1);
  const nlohmann::json& t = doc["variants"][0]["per_trial"][0];
  CHECK(t["outcome"] == "transfers=0; violates deadlock; 2 stuck");
  CHECK(t["final_unchecked"] == "2 processes are stuck");  // both_done is about finished runs
  CHECK(t["blocked"] ==
        "left#0 waits for 'b', held by right#0, which waits for 'a', held by left#0 (a cycle)");
  CHECK(t["timed_out"] == 0);
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("the model's least time beside the measured one: a bound no trial beats", "[realproc]") {
  // ticket at 4 clients, sleeps scaled by 0.1: with the lock the clients take turns, 0.1 *
  // (0.3 + 3 * 0.1) = 60 ms; without, they all sleep at once, 30 ms (model_time.h). A real
  // trial sleeps at least that long: its measured time cannot be shorter.
  PrivateTmp tmp;
  nlohmann::json doc = JsonOut(Racecheck(
      "run models/ticket.yaml --set clients=4 --time-scale 0.1 --trials 2 --format json"));
  REQUIRE(doc["variants"].size() == 2);
  CHECK(doc["variants"][0]["predicted_seconds"] == Approx(0.06));
  CHECK(doc["variants"][1]["predicted_seconds"] == Approx(0.03));
  for (const nlohmann::json& v : doc["variants"]) {
    CHECK(v["min_seconds"].get<double>() >= v["predicted_seconds"].get<double>() * 0.95);
  }
  testing::CliResult text =
      Racecheck("run models/ticket.yaml --set clients=4 --time-scale 0.1 --trials 1");
  CHECK_THAT(text.out, Catch::Contains("the model's least time 60.0 ms"));
  CHECK_THAT(text.out, Catch::Contains("the model's least time: 60.0 ms with them and 30.0 ms "
                                       "without"));
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("the default trial count comes from --budget: at least 3 per variant", "[realproc]") {
  PrivateTmp tmp;
  nlohmann::json doc = JsonOut(
      Racecheck("run models/print_race.yaml --time-scale 0.001 --budget 0.2 --format json"));
  CHECK(doc["trials"] == nullptr);
  CHECK(doc["budget_seconds"] == 0.2);
  REQUIRE(doc["variants"].size() == 2);
  for (const nlohmann::json& v : doc["variants"]) {
    CHECK(v["trials"] >= 3);
    CHECK(v["trials"] <= 1000);
  }
  testing::CliResult text = Racecheck("run models/print_race.yaml --time-scale 0.001 --budget 0.2");
  CHECK_THAT(text.out, Catch::Contains("as many trials per variant as fit in 0.2 s (--budget), at "
                                       "least 3"));
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("prints: the first trial of each variant, folded when many processes print",
          "[realproc]") {
  PrivateTmp tmp;
  testing::CliResult r = Racecheck(
      "run models/ticket.yaml --set clients=30 --trials 2 --time-scale 0.01 --store atomic-file");
  INFO(r.out << r.err);
  // One section per variant (trial 1 only), each folded: 30 processes print.
  CHECK_THAT(r.out, Catch::Contains("-- trial 1, as written: what the processes printed ("));
  CHECK_THAT(r.out, Catch::Contains("-- trial 1, without locks: what the processes printed ("));
  CHECK_THAT(r.out, !Catch::Contains("-- trial 2"));
  CHECK_THAT(r.out, Catch::Contains("runs of the same line folded) --"));
  CHECK_THAT(r.out, Catch::Contains("processes): remaining tickets: "));
  // The times and the lock's cost.
  CHECK_THAT(r.out, Catch::Contains("trial time, from the start barrier to the last exit: median"));
  CHECK_THAT(r.out, Catch::Contains("the lock's cost: a trial takes"));
  CHECK_THAT(r.out, Catch::Contains("why the outcomes differ from the tutorial's Python"));
  CHECK(tmp.Entries() == 0);
}

// Columns a line takes on a terminal, counted here independently of racecheck's utf8proc
// widths: two for the East Asian wide and fullwidth blocks (Markus Kuhn's wcwidth ranges: CJK,
// Hangul, fullwidth forms), one for anything else. Enough for a report whose only wide
// characters are Chinese text and fullwidth punctuation.
int Columns(const std::string& s) {
  int cols = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6);
    cols += wide ? 2 : 1;
    i += len;
  }
  return cols;
}

TEST_CASE("run --lang zh: a Chinese report, its side by side table aligned by display width",
          "[realproc][lang]") {
  // Three clients, two trials of each variant, sleeps a hundredth as long: well under a second.
  PrivateTmp tmp;
  testing::CliResult r =
      Racecheck("run models/ticket.yaml --lang zh --set clients=3 --trials 2 --time-scale 0.01");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  for (const char* text :
       {"racecheck run：models/ticket.yaml（ticket），每次试验 3 个进程，每个变体 2 次试验\n",
        "\n每次试验先启动全部进程，等它们都准备好，再同时放行：试验从这一刻开始计时\n",
        "\n-- 第 1 次试验，按原样：各进程打印的内容 --\n", "\n== 按原样：2 次试验 ==\n",
        "\n== 去掉锁：2 次试验 ==\n", "\n结果（最终值；违反的性质；崩溃、卡住或超时的进程）：\n",
        "\n违反性质的试验：2 次中有 0 次\n", "\n模型能解释的试验：2 次中有 2 次\n",
        "\n试验用时（从同时放行到最后一个进程退出）：中位数 ", "；模型算出的最少用时 ",
        "\n锁的代价：按中位数，有锁时一次试验的用时（", "\n  模型算出的最少用时：有锁 ",
        "\n为什么结果和教程里的 Python 不一样："}) {
    CHECK_THAT(r.out, Catch::Contains(text));
  }
  for (const char* english : {"trial time", "side by side", "explained by the model",
                              "the model's least time", "violating a property", "lock's cost"}) {
    CHECK_THAT(r.out, !Catch::Contains(english));
  }
  // The side by side table: from its heading to the line after its last row. Every row as wide
  // as the heading, and every first cell ending in the same column (cells are right-aligned).
  const size_t from = r.out.find("\n对照");
  REQUIRE(from != std::string::npos);
  const size_t to = r.out.find("\n锁的代价", from);
  REQUIRE(to != std::string::npos);
  std::vector<std::string> rows;
  for (size_t at = from + 1; at < to;) {
    const size_t end = r.out.find('\n', at);
    rows.push_back(r.out.substr(at, end - at));
    at = end + 1;
  }
  CHECK(rows.size() == 11);  // the heading; trials, 5 counts, 3 times; the model's least time
  const int width = Columns(rows.front());
  CHECK(width == 28 + 16 + 16);
  for (const std::string& row : rows) {
    INFO(row);
    CHECK(Columns(row) == width);
    // The first cell ends at column 28 + 16: the character before it is not a space.
    size_t bytes = 0;
    int cols = 0;
    while (bytes < row.size() && cols < 28 + 16) {
      size_t len = 1;
      while (bytes + len < row.size() &&
             (static_cast<unsigned char>(row[bytes + len]) & 0xC0) == 0x80)
        ++len;
      cols += Columns(row.substr(bytes, len));
      bytes += len;
    }
    CHECK(cols == 28 + 16);
    CHECK(row[bytes - 1] != ' ');
  }
  CHECK(tmp.Entries() == 0);
}

}  // namespace
}  // namespace racecheck
