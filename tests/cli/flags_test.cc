// Numeric flags are checked as typed: a negative count, a number too large for its type, "nan",
// "inf" or a value out of range is refused with exit 2 and a message naming the flag, what it
// expects and what it found, never wrapped around, clamped or replaced by a default.
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/racecheck_cli.h"

namespace {

using racecheck::testing::Racecheck;

struct Case {
  const char* args;
  const char* message;  // a substring of stderr
};

TEST_CASE("numeric flags: bad values are refused with the flag, the range and the value", "[cli]") {
  const Case cases[] = {
      {"models/ticket.yaml --max-states -1",
       "--max-states: expected a whole number from 0 to 4294967280, found '-1'"},
      {"models/ticket.yaml --max-states 99999999999999999999", "found '99999999999999999999'"},
      {"models/ticket.yaml --max-states 1e3", "found '1e3'"},
      {"run models/ticket.yaml --timeout -1",
       "--timeout: expected a number above 0 and at most 86400, found '-1'"},
      {"run models/ticket.yaml --timeout nan", "--timeout: expected a number above 0"},
      {"run models/ticket.yaml --timeout 0", "found '0'"},
      {"run models/ticket.yaml --time-scale nan",
       "--time-scale: expected a number of at least 0 and at most 1000, found 'nan'"},
      {"run models/ticket.yaml --time-scale inf", "found 'inf'"},
      {"run models/ticket.yaml --time-scale 1e300", "found '1e300'"},
      {"run models/ticket.yaml --start-interval -0.5", "--start-interval: expected"},
      {"run models/ticket.yaml --trials 0", "--trials: expected a whole number from 1"},
      {"run models/ticket.yaml --trials 2x", "found '2x'"},
      {"run models/ticket.yaml --seed -3", "--seed: expected a whole number"},
      {"run models/ticket.yaml --max-processes -5", "--max-processes: expected"},
      {"run models/ticket.yaml --max-search-nodes 0", "--max-search-nodes: expected"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const racecheck::testing::CliResult r = Racecheck(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(r.out.empty());
  }
}

TEST_CASE("numeric flags: --max-states 0 means no bound, as the help says", "[cli]") {
  const racecheck::testing::CliResult r =
      Racecheck("models/ticket.yaml --set clients=2 --max-states 0");
  CHECK(r.exit_code == 0);
  CHECK(Racecheck("check --help").out.find("0: no bound") != std::string::npos);
}

TEST_CASE("a usage error names the command's own help", "[cli]") {
  const racecheck::testing::CliResult r = Racecheck("run models/ticket.yaml --trials 0");
  CHECK(r.err.find("run 'racecheck run --help' for the options") != std::string::npos);
  CHECK(Racecheck("models/ticket.yaml --bogus").err.find("run 'racecheck --help'") !=
        std::string::npos);
}

}  // namespace
