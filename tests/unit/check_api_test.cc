// The engine's entry points (engine/check: Check, ReplayModel, RunModel) and the renderer table
// (engine/report/render.h), called as cli/ calls them. The figures are the hand-counted ones of
// the fixtures (tests/models/*/expected.md) and of the golden report (tests/golden/cli/).
#include <catch2/catch.hpp>
#include <string>

#include "engine/check/check.h"
#include "engine/check/replay.h"
#include "engine/check/run.h"
#include "engine/report/render.h"

namespace racecheck {
namespace {

std::string Path(const std::string& rel) { return std::string(RACECHECK_SOURCE_DIR) + "/" + rel; }

CheckOptions Options(const std::string& rel, std::vector<std::string> sets = {}) {
  CheckOptions o;
  o.model = {Path(rel), std::move(sets), {}, {}};
  o.explore.threads = 1;
  return o;
}

TEST_CASE("Check: both variants of the ticket, the locked one decides the outcome", "[check]") {
  CheckOptions o = Options("models/ticket.yaml", {"clients=2"});
  const CheckResult r = Check(o);
  REQUIRE(r.has_report());
  CHECK(r.outcome == Outcome::kHolds);
  CHECK(ExitCode(r.outcome) == 0);
  REQUIRE(r.variants.size() == 2);
  CHECK(r.variants[0].name == "as written");
  CHECK(r.variants[0].result.verdict == Verdict::kHolds);
  CHECK(r.variants[1].name == "without locks");
  CHECK(r.variants[1].result.verdict == Verdict::kViolated);
  // The counterexample is a schedule of the plain model: 10 steps, as the golden report says.
  REQUIRE(r.variants[1].result.violations.size() == 1);
  REQUIRE(r.variants[1].counterexamples.size() == 1);
  CHECK(r.variants[1].counterexamples[0].schedule.size() == 10);
  CHECK(r.diagnostics.empty());
  CHECK(r.error.empty());
}

TEST_CASE("Check on several threads: the counting pass beside the searches, the same report",
          "[check]") {
  // With more than one thread, Check() counts on a thread of its own while the parallel
  // searches run (tools/sanitize.sh runs this under TSan). The text report, counts, final
  // values and counterexamples included, must be byte for byte the one-thread report.
  for (const std::string& rel : {"models/ticket.yaml", "models/counter.yaml",
                                 "models/philosophers.yaml", "models/pool.yaml"}) {
    INFO(rel);
    CheckOptions o =
        Options(rel, rel == "models/ticket.yaml" ? std::vector<std::string>{"clients=4"}
                                                 : std::vector<std::string>{});
    o.final_values = std::vector<std::string>{};
    const std::string one = FindRenderer("text")->check(Check(o));
    for (int threads : {2, 4}) {
      o.explore.threads = threads;
      CHECK(FindRenderer("text")->check(Check(o)) == one);
    }
  }
}

TEST_CASE("Check: --without-locks checks one variant, which then decides", "[check]") {
  CheckOptions o = Options("models/ticket.yaml", {"clients=2"});
  o.without_locks = true;
  const CheckResult r = Check(o);
  REQUIRE(r.variants.size() == 1);
  CHECK(r.variants[0].name == "without locks");
  CHECK(r.outcome == Outcome::kViolated);
  CHECK(ExitCode(r.outcome) == 1);
}

TEST_CASE("Check: a model mistake is a bad-input result with rendered diagnostics", "[check]") {
  const CheckResult r = Check(Options("tests/models/cli_typo/model.yaml"));
  CHECK_FALSE(r.has_report());
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK(ExitCode(r.outcome) == 2);
  CHECK(r.diagnostics.find("model.yaml:10:13: error: unknown name 'cont'; did you mean 'count'?") !=
        std::string::npos);
}

TEST_CASE("Check: a bound gives incomplete (exit 3)", "[check]") {
  CheckOptions o = Options("models/ticket.yaml", {"clients=3"});
  o.explore.max_states = 10;
  const CheckResult r = Check(o);
  CHECK(r.outcome == Outcome::kIncomplete);
  CHECK(ExitCode(r.outcome) == 3);
}

TEST_CASE("Check: options the search cannot honour are refused before loading", "[check]") {
  CheckOptions o = Options("models/ticket.yaml");
  o.explore.fingerprint = true;
  o.explore.strategy = Strategy::kDfs;
  const CheckResult r = Check(o);
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK(r.error == "--fingerprint works only with --strategy bfs");
  CHECK_FALSE(r.has_report());
  o.explore.fingerprint = false;
  o.explore.threads = 4;
  CHECK(Check(o).error == "--threads 4 works only with --strategy bfs");
}

TEST_CASE("Check: the reductions asked for are the ones used", "[check]") {
  CheckOptions o = Options("models/ticket.yaml", {"clients=3"});
  o.local_reduction = false;
  o.reductions = {false, false};
  const CheckResult plain = Check(o);
  const CheckResult reduced = Check(Options("models/ticket.yaml", {"clients=3"}));
  REQUIRE(plain.has_report());
  REQUIRE(reduced.has_report());
  CHECK(plain.variants[0].reductions == std::vector<std::string>{"no local-step reduction",
                                                                 "no symmetry reduction",
                                                                 "no partial-order reduction"});
  CHECK(reduced.variants[0].result.stats.states < plain.variants[0].result.stats.states);
  CHECK(plain.outcome == reduced.outcome);
}

TEST_CASE("ReplayModel: the oversell replays to its violation, and mistakes are bad input",
          "[check]") {
  ReplayOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=2"}, {}, {}};
  o.without_locks = true;
  o.schedule =
      "client#0 client#1 client#0 client#1 client#0 client#1 client#0 client#1 "
      "client#0 client#1";
  ReplayResult r = ReplayModel(o);
  REQUIRE(r.has_report());
  CHECK(r.outcome == Outcome::kViolated);
  CHECK(r.trace->violated());
  CHECK(r.variant == "without locks");

  o.schedule = "clinet#0";
  r = ReplayModel(o);
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK_FALSE(r.has_report());
  CHECK(r.error.find("did you mean 'client#0'") != std::string::npos);

  o.schedule = "client#0";
  o.property = "nope";
  r = ReplayModel(o);
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK(r.error == "the model has no property 'nope'");
}

TEST_CASE("ReplayModel: a step that cannot run keeps the steps before it", "[check]") {
  ReplayOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=2"}, {}, {}};
  // client#0 takes the lock at its third step (seen = count, print, acquire); client#1 then
  // reads and prints, and waits at its acquire: step 6 cannot run.
  o.schedule = "client#0 client#0 client#0 client#1 client#1 client#1";
  const ReplayResult r = ReplayModel(o);
  CHECK(r.outcome == Outcome::kBadInput);
  REQUIRE(r.has_report());
  CHECK(r.trace->steps.size() == 5);
  CHECK(r.error.find("step 6") != std::string::npos);
  CHECK(r.error.find("held by client#0") != std::string::npos);
}

TEST_CASE("RunModel: refusals come back as bad input before any process starts", "[check]") {
  RunOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=2"}, {}, {}};
  o.schedule = "bogus#1";
  RunResult r = RunModel(o);
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK_FALSE(r.has_report());
  CHECK(r.error.find("bogus#1") != std::string::npos);

  o.counterexample = true;
  r = RunModel(o);
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK(r.error == "--schedule and --counterexample exclude each other");

  o = RunOptions();
  o.model = {Path("models/ticket.yaml"), {"clients=5"}, {}, {}};
  o.trial.max_processes = 3;
  r = RunModel(o);
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK_FALSE(r.error.empty());
}

TEST_CASE("the renderer table: one row per format, an entry per command", "[render]") {
  CHECK(FormatsFor(Command::kCheck) == std::vector<std::string>{"text", "json", "html", "dot"});
  CHECK(FormatsFor(Command::kReplay) == std::vector<std::string>{"text", "json", "html"});
  CHECK(FormatsFor(Command::kRun) == std::vector<std::string>{"text", "json", "html"});
  CHECK(FormatsHelp(Command::kReplay) ==
        "text (default), json (one versioned document) or html (one self-contained page: "
        "timelines, verdicts, histograms)");
  CHECK(FindRenderer("xml") == nullptr);
  const Renderer* text = FindRenderer("text");
  const Renderer* json = FindRenderer("json");
  REQUIRE(text != nullptr);
  REQUIRE(json != nullptr);
  CHECK_FALSE(text->document);
  CHECK(json->document);

  const CheckResult r = Check(Options("models/ticket.yaml", {"clients=2"}));
  const std::string t = text->check(r);
  CHECK(t.rfind("model: ticket", 0) == 0);
  CHECK(t.find("VIOLATED: no_oversell") != std::string::npos);
  const std::string j = json->check(r);
  CHECK(j.find("\"format\": \"racecheck-check\"") != std::string::npos);
  CHECK(j.find("\"exit_code\": 0") != std::string::npos);
}

}  // namespace
}  // namespace racecheck
