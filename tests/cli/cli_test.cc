// The racecheck command line, run as a user would: exit codes, diagnostics on stderr, golden
// output, valid JSON, determinism, and every printed `replay it:` command reaching the violation
// it claims. RACECHECK_BINARY and RACECHECK_SOURCE_DIR come from tests/CMakeLists.txt.
#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `racecheck ARGS` from the source directory (so model paths print as written).
RunResult Racecheck(const std::string& args) {
  static int counter = 0;
  std::string err_path = "/tmp/racecheck_cli_test_" + std::to_string(getpid()) + "_" +
                         std::to_string(counter++) + ".err";
  std::string cmd = std::string("cd '") + RACECHECK_SOURCE_DIR + "' && '" + RACECHECK_BINARY +
                    "' " + args + " 2>'" + err_path + "'";
  RunResult r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = Slurp(err_path);
  std::remove(err_path.c_str());
  return r;
}

std::string Golden(const std::string& name) {
  return std::string(RACECHECK_SOURCE_DIR) + "/tests/golden/cli/" + name;
}

void CheckGolden(const std::string& name, const std::string& actual) {
  if (std::getenv("RACECHECK_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(Golden(name)) << actual;
  }
  CHECK(actual == Slurp(Golden(name)));
}

TEST_CASE("ticket.yaml: exit 0, oversell without the lock, holds with it", "[cli]") {
  RunResult r = Racecheck("models/ticket.yaml");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("VIOLATED: no_oversell") != std::string::npos);
  CHECK(r.out.find("conclusion: with its locks the model holds") != std::string::npos);
  CheckGolden("ticket.txt", r.out);
}

TEST_CASE("exit codes of the shipped models", "[cli]") {
  CHECK(Racecheck("models/counter.yaml").exit_code == 0);
  CHECK(Racecheck("models/pool.yaml").exit_code == 0);
  CHECK(Racecheck("models/print_race.yaml").exit_code == 0);
  CHECK(Racecheck("models/deadlock.yaml").exit_code == 1);
  // The lock-free variant alone: the exit code follows it.
  CHECK(Racecheck("models/ticket.yaml --without-locks").exit_code == 1);
  CHECK(Racecheck("models/deadlock.yaml --without-locks").exit_code == 0);
}

TEST_CASE("a misspelt variable: file:line:col, the source line, a caret, exit 2", "[cli]") {
  RunResult r = Racecheck("tests/models/cli_typo/model.yaml");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "tests/models/cli_typo/model.yaml:10:13: error: unknown name 'cont'; did you mean "
        "'count'?\n"
        "   10 |       - c = cont\n"
        "      |             ^~~~\n");
}

TEST_CASE("a property naming a local says why, exit 2", "[cli]") {
  RunResult r = Racecheck("tests/models/cli_property_local/model.yaml");
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "tests/models/cli_property_local/model.yaml:11:8: error: 't' is a local of 'p'; a "
        "property may use only params and shared variables (declare it under 'shared:')\n"
        "   11 |   bad: t == 0\n"
        "      |        ^\n");
}

TEST_CASE("usage errors exit 2", "[cli]") {
  CHECK(Racecheck("").exit_code == 2);
  CHECK(Racecheck("models/missing.yaml").exit_code == 2);
  RunResult bad_set = Racecheck("models/ticket.yaml --set client=3");
  CHECK(bad_set.exit_code == 2);
  CHECK(bad_set.err.find("unknown param 'client'") != std::string::npos);
  CHECK(Racecheck("models/ticket.yaml --strategy sideways").exit_code == 2);
  CHECK(Racecheck("models/ticket.yaml --max-memory lots").exit_code == 2);
  CHECK(Racecheck("models/ticket.yaml --no-such-flag").exit_code == 2);
  RunResult absurd = Racecheck("models/ticket.yaml --set clients=100000000");
  CHECK(absurd.exit_code == 2);
  CHECK(absurd.err.find("at most") != std::string::npos);
}

TEST_CASE("help teaches and exits 0", "[cli]") {
  RunResult top = Racecheck("--help");
  CHECK(top.exit_code == 0);
  CHECK(top.out.find("exit codes") != std::string::npos);
  RunResult check = Racecheck("check --help");
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("--max-states") != std::string::npos);
  CHECK(check.out.find("--no-partial-order") != std::string::npos);
  CHECK(check.out.find("--fingerprint") != std::string::npos);
  CHECK(Racecheck("replay --help").exit_code == 0);
}

TEST_CASE("max-states: incomplete, exit 3", "[cli]") {
  RunResult r = Racecheck("models/ticket.yaml --max-states 10");
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("stopped: reached --max-states 10") != std::string::npos);
}

TEST_CASE("format json: one valid document with both variants", "[cli]") {
  RunResult r = Racecheck("models/ticket.yaml --set clients=4 --format json");
  CHECK(r.exit_code == 0);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  CHECK(doc["format"] == "racecheck-check");
  CHECK(doc["version"] == 1);
  CHECK(doc["model"]["params"]["clients"] == 4);
  REQUIRE(doc["variants"].size() == 2);
  CHECK(doc["variants"][0]["name"] == "as written");
  CHECK(doc["variants"][0]["verdict"] == "holds");
  CHECK(doc["variants"][1]["verdict"] == "violated");
  const nlohmann::json& v = doc["variants"][1]["violations"][0];
  CHECK(v["property"] == "no_oversell");
  CHECK(v["steps"].size() == v["length"].get<size_t>());
  CHECK(doc["exit_code"] == 0);
}

TEST_CASE("the partial-order reduction: said in the report and in JSON, off with its flag",
          "[cli]") {
  // counter.yaml: while a worker holds the lock its steps on n run alone.
  RunResult on = Racecheck("models/counter.yaml --format json");
  RunResult off = Racecheck("models/counter.yaml --format json --no-partial-order");
  REQUIRE(on.exit_code == 0);
  REQUIRE(off.exit_code == 0);
  const nlohmann::json a = nlohmann::json::parse(on.out)["variants"][0];
  const nlohmann::json b = nlohmann::json::parse(off.out)["variants"][0];
  CHECK(a["verdict"] == b["verdict"]);
  CHECK(a["reduced_states"].get<uint64_t>() > 0);
  CHECK(b["reduced_states"] == 0);
  CHECK(a["transitions"].get<uint64_t>() < b["transitions"].get<uint64_t>());
  CHECK(a["reductions"].dump().find("while holding 'lock'") != std::string::npos);
  CHECK(b["reductions"].dump().find("no partial-order reduction") != std::string::npos);
  RunResult text = Racecheck("models/counter.yaml");
  CHECK(text.out.find("states expanded by one process alone") != std::string::npos);
}

TEST_CASE("fingerprint store (--fingerprint): the same verdict, the collision bound printed; bfs only",
          "[cli]") {
  RunResult r = Racecheck("models/ticket.yaml --set clients=5 --fingerprint");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("store: 64-bit fingerprints only (--fingerprint); the chance that a "
                   "collision hid a state is at most") != std::string::npos);
  RunResult j = Racecheck("models/ticket.yaml --set clients=5 --fingerprint --format json");
  const nlohmann::json doc = nlohmann::json::parse(j.out);
  CHECK(doc["fingerprint"] == true);
  CHECK(doc["variants"][0]["collision_bound"].get<double>() > 0);
  CHECK(doc["variants"][0]["collision_bound"].get<double>() < 1e-9);
  RunResult plain = Racecheck("models/ticket.yaml --set clients=5 --format json");
  CHECK(nlohmann::json::parse(plain.out)["variants"][0]["collision_bound"].is_null());
  CHECK(nlohmann::json::parse(plain.out)["variants"][0]["states"] ==
        doc["variants"][0]["states"]);
  RunResult dfs = Racecheck("models/ticket.yaml --fingerprint --strategy dfs");
  CHECK(dfs.exit_code == 2);
  CHECK(dfs.err == "racecheck: error: --fingerprint works only with --strategy bfs\n");
}

TEST_CASE("thread count (--threads): all cores by default, 1 where only one works, refused "
          "with dfs, --fingerprint, or above 256", "[cli]") {
  // The default (all cores) runs DFS and the fingerprint search on one thread, silently.
  CHECK(Racecheck("models/ticket.yaml --set clients=3 --strategy dfs").err == "");
  CHECK(Racecheck("models/ticket.yaml --set clients=3 --fingerprint").err == "");
  CHECK(Racecheck("models/ticket.yaml --set clients=3 --threads 0").exit_code == 0);
  CHECK(Racecheck("models/ticket.yaml --set clients=3 --strategy dfs --threads 1").exit_code == 0);
  RunResult dfs = Racecheck("models/ticket.yaml --strategy dfs --threads 4");
  CHECK(dfs.exit_code == 2);
  CHECK(dfs.err == "racecheck: error: --threads 4 works only with --strategy bfs\n");
  RunResult fp = Racecheck("models/ticket.yaml --fingerprint --threads 2");
  CHECK(fp.exit_code == 2);
  CHECK(fp.err == "racecheck: error: --threads 2 works only without --fingerprint (the "
                  "fingerprint search runs on one thread)\n");
  RunResult many = Racecheck("models/ticket.yaml --threads 300");
  CHECK(many.exit_code == 2);
  CHECK(many.err == "racecheck: error: --threads expects 0 (all cores) or 1 to 256 worker "
                    "threads, found 300\n");
}

TEST_CASE("output is deterministic", "[cli]") {
  for (const char* args : {"models/counter.yaml", "models/ticket.yaml --set clients=4 --all",
                           "models/pool.yaml --format json", "models/deadlock.yaml --strategy dfs"}) {
    RunResult a = Racecheck(args);
    RunResult b = Racecheck(args);
    INFO(args);
    CHECK(a.out == b.out);
    CHECK(a.exit_code == b.exit_code);
  }
}

TEST_CASE("every printed schedule replays to the same violation", "[cli]") {
  for (const char* args : {"models/ticket.yaml", "models/counter.yaml", "models/deadlock.yaml",
                           "models/pool.yaml", "models/print_race.yaml",
                           "models/ticket.yaml --set clients=4 --all",
                           "models/counter.yaml --strategy dfs"}) {
    RunResult r = Racecheck(args);
    INFO(args);
    size_t pos = 0;
    int replays = 0;
    while ((pos = r.out.find("replay it: racecheck ", pos)) != std::string::npos) {
      size_t begin = pos + std::string("replay it: racecheck ").size();
      size_t end = r.out.find('\n', begin);
      std::string replay_args = r.out.substr(begin, end - begin);
      // The violation line of this counterexample, to compare with the replay's.
      size_t header = r.out.rfind("\n== ", pos);
      size_t vline = r.out.find("\nviolated: ", header);
      std::string violated = r.out.substr(vline + 1, r.out.find('\n', vline + 1) - vline - 1);
      RunResult rr = Racecheck(replay_args);
      INFO(replay_args);
      CHECK(rr.exit_code == 1);
      CHECK(rr.out.find(violated) != std::string::npos);
      ++replays;
      pos = end;
    }
    CHECK(replays >= 1);
  }
}

TEST_CASE("replay: an impossible schedule names the first step that cannot run", "[cli]") {
  RunResult r = Racecheck("replay models/ticket.yaml --schedule 'client#0 client#0 client#0 "
                          "client#1 client#1 client#1'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("step 6: 'client#1' cannot run") != std::string::npos);
  RunResult unknown = Racecheck("replay models/ticket.yaml --schedule 'clinet#0'");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("did you mean 'client#0'") != std::string::npos);
}

}  // namespace
