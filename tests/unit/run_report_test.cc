// Tests of the real-run report (engine/report/run_report.h) on results made by hand: what the
// summary says about times, the lock's cost, undecided trials, blocked trials and prints.
#include "engine/report/run_report.h"

#include <catch2/catch.hpp>

#include "tests/support/test_models.h"

namespace racecheck {
namespace {

VariantRun Variant(bool elided, std::vector<double> seconds) {
  VariantRun run;
  run.name = elided ? "without locks" : "as written";
  run.elided = elided;
  run.system = testing::LoadShipped("ticket.yaml", 2, elided);
  for (size_t i = 0; i < seconds.size(); ++i) {
    TrialResult t;
    t.trial = static_cast<int>(i) + 1;
    t.seconds = seconds[i];
    t.start_seconds = 0.001;
    t.values = {0, 1};
    t.processes.resize(2);
    t.conformance.verdict = ConformanceVerdict::kExplained;
    run.trials.push_back(std::move(t));
  }
  run.summary = Summarize(*run.system, run.trials);
  return run;
}

TEST_CASE("run report: median and spread per variant, the lock's cost as their ratio", "[report]") {
  RunResult result;
  result.runs.push_back(Variant(false, {0.9, 1.2, 0.6}));
  result.runs.push_back(Variant(true, {0.3, 0.2, 0.4}));
  const std::string text = RenderRunText(result);
  INFO(text);
  CHECK_THAT(text,
             Catch::Contains("trial time, from the start barrier to the last exit: median 900.0 ms "
                             "(min 600.0 ms, max 1.20 s)\n  (starting the 2 processes took 1.0 ms "
                             "more, not counted)"));
  CHECK_THAT(text, Catch::Contains("the lock's cost: a trial takes 3.00 times as long with the "
                                   "locks (900.0 ms) as without them (300.0 ms), by median"));
  CHECK_THAT(text, Catch::Contains("why the outcomes differ from the tutorial's Python"));
  CHECK_THAT(text, Catch::Contains("--start-interval 0.017"));
  // The model's least time (RunModel fills it for free runs): shown when set.
  CHECK_THAT(text, !Catch::Contains("least time"));
  result.runs[0].predicted_seconds = 0.5;
  result.runs[1].predicted_seconds = 0.3;
  CHECK_THAT(RenderRunText(result),
             Catch::Contains("the model's least time: 500.0 ms with them and 300.0 ms without"));
  CHECK_THAT(RenderRunText(result), Catch::Contains("the model's least time 500.0 ms"));
  nlohmann::json doc = RenderRunJson(result);
  CHECK(doc["lock_cost"] == Approx(3.0));
  CHECK(doc["variants"][0]["min_seconds"] == Approx(0.6));
  CHECK(doc["variants"][0]["max_seconds"] == Approx(1.2));
  CHECK(doc["variants"][0]["predicted_seconds"] == Approx(0.5));
  // Trials cut short by the timeout measure nothing: no cost then.
  result.runs[0].trials[0].timed_out_processes = 1;
  result.runs[0].summary = Summarize(*result.runs[0].system, result.runs[0].trials);
  CHECK_THAT(RenderRunText(result), !Catch::Contains("the lock's cost"));
}

TEST_CASE("run report: an undecided trial says why, not 'undecided at -:'", "[report]") {
  RunResult result;
  result.runs.push_back(Variant(false, {0.1}));
  Conformance& c = result.runs[0].trials[0].conformance;
  c.verdict = ConformanceVerdict::kUndecided;
  c.reason = "no decision after 2000000 search nodes (at most 200 of 602 operations placed)";
  result.runs[0].summary = Summarize(*result.runs[0].system, result.runs[0].trials);
  const std::string text = RenderRunText(result);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("  trial 1 undecided: no decision after 2000000 search nodes"));
  CHECK_THAT(text, !Catch::Contains("at -"));
}

TEST_CASE("run report: the final property not checked, and why", "[report]") {
  RunResult result;
  result.runs.push_back(Variant(false, {0.1, 0.1}));
  result.runs[0].system = testing::BuildModelFile("models/counter.yaml", {}, BuildOptions{});
  // Trial 2: one process crashed, so its final property could not be checked.
  result.runs[0].trials[1].processes[1].end = ProcEnd::kCrashed;
  result.runs[0].trials[1].crashed = 1;
  result.runs[0].trials[1].final_unchecked = "1 process crashed";
  result.runs[0].summary = Summarize(*result.runs[0].system, result.runs[0].trials);
  CHECK_THAT(RenderRunText(result),
             Catch::Contains("the final property was not checked in 1 of 2 trials:\n  trial 2: "
                             "1 process crashed\n"));
}

TEST_CASE("run report: prints are folded when more than 10 processes print", "[report]") {
  RunResult result;
  VariantRun run = Variant(true, {});
  run.system = testing::LoadShipped("ticket.yaml", 12, true);
  TrialResult t;
  t.trial = 1;
  t.prints.push_back({3, "remaining tickets: 1"});
  for (int p = 0; p < 12; ++p) {
    if (p != 3) t.prints.push_back({p, "remaining tickets: 1"});
  }
  t.prints.push_back({5, "purchase succeeded"});
  const std::string text = RenderRunTrialPrintsText(result, run, t);
  CHECK(text ==
        "\n-- trial 1, without locks: what the processes printed (13 lines from 12 processes; "
        "runs of the same line folded) --\n"
        "client#3, client#0, ..., client#11 (12 processes): remaining tickets: 1\n"
        "client#5: purchase succeeded\n");
  // Ten processes or fewer: every line as it was printed.
  run.system = testing::LoadShipped("ticket.yaml", 2, true);
  TrialResult few;
  few.trial = 2;
  few.prints = {{1, "remaining tickets: 1"}, {0, "remaining tickets: 1"}};
  CHECK(RenderRunTrialPrintsText(result, run, few) ==
        "\n-- trial 2, without locks: what the processes printed --\n"
        "client#1: remaining tickets: 1\nclient#0: remaining tickets: 1\n");
}

TEST_CASE("run report in Chinese: headings, verdict lines, the table aligned by display width",
          "[report][lang]") {
  RunResult result;
  result.lang = Lang::kZh;
  result.runs.push_back(Variant(false, {0.9, 1.2, 0.6}));
  result.runs.push_back(Variant(true, {0.3, 0.2, 0.4}));
  result.runs[0].predicted_seconds = 0.5;
  result.runs[1].predicted_seconds = 0.3;
  // Every lock-free trial oversold, after client#1's step at operation 3 of 8 (stamps 5..6).
  for (TrialResult& t : result.runs[1].trials) {
    t.values = {0, 2};
    t.violated = {0};
    t.conformance.violated_property = 0;
    t.conformance.violated_at = 3;
    t.conformance.total = 8;
    t.conformance.violated_op.process = 1;
    t.conformance.violated_op.pc = 0;
    t.conformance.violated_op.start = 5;
    t.conformance.violated_op.end = 6;
  }
  result.runs[1].summary = Summarize(*result.runs[1].system, result.runs[1].trials);
  const std::string text = RenderRunText(result);
  INFO(text);
  for (const char* line :
       {"\n== 按原样：3 次试验 ==\n", "\n结果（最终值；违反的性质；崩溃、卡住或超时的进程）：\n",
        "\n     3  count=0 sold=1\n", "\n违反性质的试验：3 次中有 0 次\n",
        "\n模型能解释的试验：3 次中有 3 次\n",
        // The measured median beside the model's least time.
        "\n试验用时（从同时放行到最后一个进程退出）：中位数 900.0 ms（最短 600.0 ms，最长 1.20 "
        "s）；模型算出的最少用时 500.0 ms\n  （启动 2 个进程另外花了 1.0 ms，不计在内）\n",
        "\n== 去掉锁：3 次试验 ==\n", "\n     3  count=0 sold=2；违反 no_oversell\n",
        "\n违反性质的试验：3 次中有 3 次\n",
        "\n不变式在哪里被打破（取自能解释这次试验的那个顺序）：\n",
        "（第 3 个操作，共 8 个；时间戳 5..6）之后不成立\n",
        "\n锁的代价：按中位数，有锁时一次试验的用时（900.0 ms）是没有锁时（300.0 ms）的 3.00 倍\n"
        "  模型算出的最少用时：有锁 500.0 ms，没有锁 300.0 ms\n",
        "\n为什么结果和教程里的 Python 不一样："}) {
    CHECK_THAT(text, Catch::Contains(line));
  }
  CHECK_THAT(text, Catch::Contains("  第 1 次试验：'no_oversell' 在 client#1 的步骤 '"));
  // The side by side table: labels padded to 28 columns, cells right-aligned in 16, counted in
  // display columns (a Chinese character takes two). "对照" is 4 columns: 24 spaces after it;
  // "按原样" is 6: 10 spaces before it. "试验次数" is 8: 20 spaces; "3" is 1: 15 spaces.
  // "试验用时中位数" is 14: 14 spaces; "900.0 ms" is 8: 8 spaces.
  const std::string pad24(24, ' '), pad10(10, ' '), pad20(20, ' '), pad15(15, ' '), pad14(14, ' '),
      pad8(8, ' ');
  CHECK_THAT(text, Catch::Contains("\n\n对照" + pad24 + pad10 + "按原样" + pad10 + "去掉锁\n"));
  CHECK_THAT(text, Catch::Contains("\n试验次数" + pad20 + pad15 + "3" + pad15 + "3\n"));
  CHECK_THAT(text, Catch::Contains("\n违反性质" + pad20 + pad15 + "0" + pad15 + "3\n"));
  CHECK_THAT(text,
             Catch::Contains("\n试验用时中位数" + pad14 + pad8 + "900.0 ms" + pad8 + "300.0 ms\n"));
  // No English heading is left.
  for (const char* english : {"trial", "side by side", "explained by", "least time", "outcomes",
                              "violating", "the lock's cost", "why the outcomes differ"}) {
    CHECK_THAT(text, !Catch::Contains(english));
  }
}

TEST_CASE("run report header in both languages: what is forced, and the trials", "[report][lang]") {
  RunResult result;
  result.model = testing::LoadModelTree("models/ticket.yaml", {"clients=2"});
  REQUIRE(result.model != nullptr);
  result.model_path = "models/ticket.yaml";
  result.runs.push_back(Variant(true, {}));
  result.runs[0].schedule = {0, 1};
  result.trials = 1;
  result.trial.gated = true;
  result.trial.timeout = 5.5;
  result.forced_source = "counterexample";
  result.forced_schedule = "client#0 client#1";
  result.forced_property = 0;
  CHECK(RenderRunHeaderText(result) ==
        "racecheck run: models/ticket.yaml (ticket), 2 processes per trial, 1 trial per variant "
        "(the schedule is forced, so every trial would be the same; --trials N repeats it)\n"
        "store: file in a private temporary directory; time scale 1; seed 1; timeout 5.5 s per "
        "trial\n"
        "each trial starts its processes, waits until all are ready, then releases them "
        "together: its time runs from there\n"
        "forcing the checker's shortest counterexample of the model without locks (violates "
        "'no_oversell'): client#0 client#1\n"
        "then: every process runs freely, with its real sleeps\n");
  result.lang = Lang::kZh;
  CHECK(RenderRunHeaderText(result) ==
        "racecheck run：models/ticket.yaml（ticket），每次试验 2 个进程，每个变体 1 "
        "次试验（调度是强制"
        "的，每次试验都一样；--trials N 可以重复它）\n"
        "存储：file，放在一个私有的临时目录里；时间倍率 1；随机种子 1；每次试验超时 5.5 秒\n"
        "每次试验先启动全部进程，等它们都准备好，再同时放行：试验从这一刻开始计时\n"
        "强制执行检查器找到的“去掉锁”模型的最短反例（违反 'no_oversell'）：client#0 client#1\n"
        "然后：每个进程自由运行，真的 sleep\n");
  // A schedule as typed, which one variant could not run.
  result.forced_source = "schedule";
  result.forced_skipped = {{false, "step 1: 'client#0' cannot run"}};
  CHECK(ForcedNote(result, Lang::kEn) ==
        "the schedule 'client#0 client#1'\n(not run on the model as written: step 1: 'client#0' "
        "cannot run)");
  CHECK(ForcedNote(result, Lang::kZh) ==
        "调度 'client#0 client#1'\n（没有在“按原样”模型上运行：step 1: 'client#0' cannot run）");
  // A plan made in Chinese has the error in Chinese too (RunResult::forced_skipped_text); the
  // English note, which JSON carries, keeps the English error.
  result.forced_skipped_text = {"第 1 步：'client#0' 不能运行"};
  CHECK(ForcedNote(result, Lang::kZh) ==
        "调度 'client#0 client#1'\n（没有在“按原样”模型上运行：第 1 步：'client#0' 不能运行）");
  CHECK(ForcedNote(result, Lang::kEn) ==
        "the schedule 'client#0 client#1'\n(not run on the model as written: step 1: 'client#0' "
        "cannot run)");
}

}  // namespace
}  // namespace racecheck
