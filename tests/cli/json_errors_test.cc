// With --format json, a command that ends without a report (a usage error, a model mistake)
// still writes one JSON document on stdout — {"format": "racecheck-error", ...} with the exit
// code — for check, replay and run alike; the message stays on stderr. Text writes nothing on
// stdout then. And `racecheck check` notes the steps that read and write a shared variable in
// one atomic step (label: cli).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/racecheck_cli.h"

namespace racecheck {
namespace {

using testing::Racecheck;

nlohmann::json ErrorDoc(const testing::CliResult& r, const std::string& command) {
  INFO(r.out << r.err);
  REQUIRE_FALSE(r.out.empty());
  nlohmann::json doc = nlohmann::json::parse(r.out);
  CHECK(doc["format"] == "racecheck-error");
  CHECK(doc["version"] == 1);
  CHECK(doc["command"] == command);
  CHECK(doc["exit_code"] == r.exit_code);
  return doc;
}

TEST_CASE("json errors: a model mistake, for check, replay and run", "[cli]") {
  for (const std::string command : {"check", "replay", "run"}) {
    std::string extra = command == "replay" ? " --schedule 'client#0'" : "";
    testing::CliResult r =
        Racecheck(command + " tests/models/cli_typo/model.yaml --format json" + extra);
    CHECK(r.exit_code == 2);
    nlohmann::json doc = ErrorDoc(r, command);
    CHECK(doc["error"] == "the model is wrong");
    REQUIRE(doc["diagnostics"].size() == 1);
    CHECK_THAT(doc["diagnostics"][0].get<std::string>(),
               Catch::StartsWith("tests/models/cli_typo/model.yaml:10:13: error: unknown name "
                                 "'cont'; did you mean 'count'?"));
    CHECK_THAT(r.err, Catch::Contains("error: unknown name 'cont'"));  // stderr as always
  }
}

TEST_CASE("json errors: usage errors, before and after the flags are parsed", "[cli]") {
  testing::CliResult r = Racecheck("run models/ticket.yaml --format json --bogus");
  CHECK(r.exit_code == 2);
  CHECK(ErrorDoc(r, "run")["error"] == "The following argument was not expected: --bogus");
  r = Racecheck("replay models/ticket.yaml --format=json");
  CHECK(r.exit_code == 2);
  CHECK(ErrorDoc(r, "replay")["error"] == "--schedule is required");
  r = Racecheck("check models/ticket.yaml --format json --max-memory 12Q");
  CHECK(r.exit_code == 2);
  CHECK(ErrorDoc(r, "check")["error"] ==
        "--max-memory expects a size such as 512M or 4G, found '12Q'");
  r = Racecheck("run models/ticket.yaml --format json --schedule 'client#0' --counterexample");
  CHECK(r.exit_code == 2);
  CHECK(ErrorDoc(r, "run")["error"] == "--schedule and --counterexample exclude each other");
  // Text: the message on stderr, nothing on stdout.
  r = Racecheck("run models/ticket.yaml --bogus");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("--bogus"));
}

TEST_CASE("check notes a step that reads and writes a shared variable in one atomic step",
          "[cli]") {
  testing::CliResult r = Racecheck("check tests/models/doc_one_step/model.yaml");
  INFO(r.out);
  CHECK_THAT(r.out, Catch::Contains(
                        "note: line 9 reads and writes shared 'n' in one atomic step (`n = n + "
                        "1`); real processes\n      cannot; split it to see the race: `tmp = n` "
                        "then `n = tmp + 1` (with a local `tmp`)\n"));
  nlohmann::json doc = nlohmann::json::parse(
      Racecheck("check tests/models/doc_one_step/model.yaml --format json").out);
  REQUIRE(doc["notes"].size() == 1);
  CHECK(doc["notes"][0]["line"] == 9);
  CHECK(doc["notes"][0]["variable"] == "n");
  CHECK(doc["notes"][0]["split"] == "`tmp = n` then `n = tmp + 1` (with a local `tmp`)");
  // Once per step, not per variant: deadlock.yaml has two such steps, checked in two variants.
  r = Racecheck("check models/deadlock.yaml");
  size_t notes = 0;
  for (size_t at = r.out.find("note: line"); at != std::string::npos;
       at = r.out.find("note: line", at + 1)) {
    ++notes;
  }
  CHECK(notes == 2);
  // Written inside `atomic:` on purpose: no note. Split already (counter.yaml): no note.
  CHECK_THAT(Racecheck("check tests/models/doc_atomic/model.yaml").out, !Catch::Contains("note:"));
  CHECK_THAT(Racecheck("check models/counter.yaml").out, !Catch::Contains("note:"));
  CHECK_THAT(Racecheck("check models/ticket.yaml").out, !Catch::Contains("note:"));
}

}  // namespace
}  // namespace racecheck
