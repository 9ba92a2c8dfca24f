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

}  // namespace
}  // namespace racecheck
