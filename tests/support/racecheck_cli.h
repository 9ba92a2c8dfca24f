// Test helper: runs the racecheck binary as a user would, from the source directory (so model
// paths print as written), and captures its exit code, stdout and stderr. Header-only; for the
// command-line tests (RACECHECK_BINARY and RACECHECK_SOURCE_DIR come from tests/CMakeLists.txt).
#ifndef RACECHECK_TESTS_SUPPORT_RACECHECK_CLI_H_
#define RACECHECK_TESTS_SUPPORT_RACECHECK_CLI_H_

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace racecheck::testing {

struct CliResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the shell command COMMAND in the source directory; stderr is captured apart.
inline CliResult Shell(const std::string& command) {
  static int counter = 0;
  const std::string err_path = "/tmp/racecheck_cli_test_" + std::to_string(getpid()) + "_" +
                               std::to_string(counter++) + ".err";
  const std::string cmd =
      std::string("cd '") + RACECHECK_SOURCE_DIR + "' && " + command + " 2>'" + err_path + "'";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = Slurp(err_path);
  std::remove(err_path.c_str());
  return r;
}

// The racecheck binary, quoted for a shell command.
inline std::string Binary() { return std::string("'") + RACECHECK_BINARY + "'"; }

// Runs `racecheck ARGS` (ARGS is shell text: quote as in a terminal), in the default language
// whatever the environment says (RACECHECK_LANG unset).
inline CliResult Racecheck(const std::string& args) {
  return Shell("env -u RACECHECK_LANG " + Binary() + " " + args);
}

// The JSON document a `--format json` run printed on stdout (its output shown if the test fails).
inline nlohmann::json JsonOut(const CliResult& r) {
  INFO(r.out << r.err);
  REQUIRE_FALSE(r.out.empty());
  return nlohmann::json::parse(r.out);
}

}  // namespace racecheck::testing

#endif  // RACECHECK_TESTS_SUPPORT_RACECHECK_CLI_H_
