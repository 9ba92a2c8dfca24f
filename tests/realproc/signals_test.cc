// Nothing survives racecheck (label `realproc`): real signals to a real `racecheck run`, one test
// per signal. After each: racecheck's trial processes are gone, no /dev/shm entry appeared, and
// the private TMPDIR is empty (after SIGKILL, once the next `racecheck run` has removed what the
// killed one could not). Each racecheck carries a marker on its command line (a --seed nobody
// else uses) so that its processes, which are forks of it, can be counted in /proc.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/realproc.h"

namespace racecheck {
namespace {

using testing::NoneLeft;
using testing::PrivateTmp;
using testing::ProcessesWith;
using testing::ShmEntries;
using testing::SpawnRacecheck;
using testing::TrialRuns;
using testing::WaitExit;

// ticket.yaml with 20 clients: the locked variant's trial takes about 2 s, so trial processes
// are there to be signalled.
std::vector<std::string> TicketRun(const std::string& marker) {
  return {"run", "models/ticket.yaml", "--set", "clients=20", "--trials", "5", marker};
}

// Sends `sig` to a racecheck run in the middle of a trial; it must stop, clean up, report what
// finished and exit 3.
void StopsCleanly(int sig, const std::string& marker) {
  PrivateTmp tmp;
  const std::set<std::string> shm = ShmEntries();
  pid_t pid = SpawnRacecheck(TicketRun(marker));
  REQUIRE(TrialRuns(marker));
  usleep(100000);
  kill(pid, sig);
  CHECK(WaitExit(pid) == 3);
  CHECK(NoneLeft(marker, 1.0));
  CHECK(ShmEntries() == shm);
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("SIGTERM to racecheck run: stops, cleans up, exit 3", "[realproc]") {
  StopsCleanly(SIGTERM, "--seed=9100001");
}

TEST_CASE("SIGHUP to racecheck run: stops, cleans up, exit 3", "[realproc]") {
  StopsCleanly(SIGHUP, "--seed=9100002");
}

TEST_CASE("SIGQUIT to racecheck run: stops, cleans up, exit 3", "[realproc]") {
  StopsCleanly(SIGQUIT, "--seed=9100003");
}

TEST_CASE("SIGINT to racecheck run: stops, cleans up, exit 3", "[realproc]") {
  StopsCleanly(SIGINT, "--seed=9100004");
}

TEST_CASE("SIGTERM with --format json: the document says what finished, exit 3", "[realproc]") {
  PrivateTmp tmp;
  const std::string marker = "--seed=9100005";
  const std::string out_path = tmp.path() + ".json";
  int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(out >= 0);
  std::vector<std::string> args = TicketRun(marker);
  args.push_back("--format");
  args.push_back("json");
  pid_t pid = SpawnRacecheck(args, out);
  ::close(out);
  REQUIRE(TrialRuns(marker));
  usleep(100000);
  kill(pid, SIGTERM);
  CHECK(WaitExit(pid) == 3);
  CHECK(NoneLeft(marker, 1.0));
  CHECK(tmp.Entries() == 0);
  std::ifstream in(out_path);
  nlohmann::json doc = nlohmann::json::parse(in);
  std::remove(out_path.c_str());
  CHECK(doc["format"] == "racecheck-run");
  CHECK(doc["interrupted"] == true);
  CHECK(doc["exit_code"] == 3);
}

TEST_CASE(
    "SIGKILL to racecheck run: its processes die with it, the next run removes its "
    "directory",
    "[realproc]") {
  PrivateTmp tmp;
  const std::set<std::string> shm = ShmEntries();
  const std::string marker = "--seed=9100006";
  pid_t pid = SpawnRacecheck(TicketRun(marker));
  REQUIRE(TrialRuns(marker));
  usleep(100000);
  kill(pid, SIGKILL);
  CHECK(WaitExit(pid) == -SIGKILL);
  // The kernel kills the children when their parent dies (PR_SET_PDEATHSIG).
  CHECK(NoneLeft(marker, 10.0));
  CHECK(ShmEntries() == shm);
  // The directory of the killed run is left (nothing could remove it), named after its owner.
  std::vector<std::string> left = tmp.Names();
  REQUIRE(left.size() == 1);
  CHECK(left[0].rfind("racecheck-run-" + std::to_string(pid) + "-", 0) == 0);
  // The next run removes it and says so.
  std::string cmd = std::string("cd '") + RACECHECK_SOURCE_DIR + "' && '" + RACECHECK_BINARY +
                    "' run models/print_race.yaml --time-scale 0.01 --trials 1 --prints none";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string text;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  pclose(p);
  CHECK_THAT(text,
             Catch::Contains("removed 1 trial directory left by a racecheck run that was killed"));
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("SIGPIPE: racecheck run | head -3 leaves nothing behind, exit 3", "[realproc]") {
  PrivateTmp tmp;
  const std::set<std::string> shm = ShmEntries();
  const std::string marker = "--seed=9100007";
  int fds[2];
  REQUIRE(pipe2(fds, O_CLOEXEC) == 0);  // racecheck must not inherit the read end
  pid_t pid = SpawnRacecheck({"run", "models/print_race.yaml", "--prints", "all", "--trials",
                              "1000", "--time-scale", "0.01", marker},
                             fds[1]);
  ::close(fds[1]);
  // Read three lines, as `head -3` does, then close the pipe.
  int lines = 0;
  char c;
  while (lines < 3 && ::read(fds[0], &c, 1) == 1) lines += c == '\n';
  ::close(fds[0]);
  CHECK(lines == 3);
  CHECK(WaitExit(pid) == 3);
  CHECK(NoneLeft(marker, 1.0));
  CHECK(ShmEntries() == shm);
  CHECK(tmp.Entries() == 0);
}

}  // namespace
}  // namespace racecheck
