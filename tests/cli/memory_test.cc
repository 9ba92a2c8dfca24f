// Under an address-space limit (`prlimit --as`, `ulimit -v`, a container), a search that
// outgrows it ends as 'incomplete' with its report and exit 3: by the default memory bound,
// which is taken from the limit, or, with no bound at all (--max-memory 0), when the kernel
// refuses memory. Before, it ran until mmap failed and aborted with "internal error".
// Real processes under a real limit (prlimit from util-linux).
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/racecheck_cli.h"

namespace {

using racecheck::testing::Binary;
using racecheck::testing::CliResult;
using racecheck::testing::Shell;

#ifdef RACECHECK_SANITIZED
constexpr bool kSanitized = true;  // ASan and TSan reserve terabytes of shadow address space
#else
constexpr bool kSanitized = false;
#endif

// ticket with 10 clients and no reduction has about 40 million states with the lock: far more
// than 400 MB of address space holds (35 bytes a state).
const std::string kBig = "models/ticket.yaml --set clients=10 --no-reduce -q";

TEST_CASE("an address-space limit: the default bound stops the search, with a report", "[cli]") {
  if (kSanitized) return;  // nothing to learn: the sanitizers' own shadow memory cannot map
  for (const char* threads : {"--threads 1", "--threads 2", "--strategy dfs", "--fingerprint"}) {
    INFO(threads);
    const CliResult r = Shell("prlimit --as=400000000 " + Binary() + " " + kBig + " " + threads);
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("stopped: reached the default memory bound") != std::string::npos);
    CHECK(r.out.find("(3/4 of the room under RLIMIT_AS)") != std::string::npos);
    CHECK(r.out.find("conclusion: the search of the model as written did not finish") !=
          std::string::npos);
    CHECK(r.err.find("internal error") == std::string::npos);
  }
}

TEST_CASE("an address-space limit and no bound: the refused mmap stops the search", "[cli]") {
  if (kSanitized) return;
  for (const char* threads : {"--threads 1", "--threads 2", "--threads 3", "--strategy dfs"}) {
    INFO(threads);
    const CliResult r =
        Shell("prlimit --as=400000000 " + Binary() + " " + kBig + " --max-memory 0 " + threads);
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("stopped: out of memory: mmap of") != std::string::npos);
    CHECK(r.out.find("Cannot allocate memory") != std::string::npos);
    CHECK(r.err.find("internal error") == std::string::npos);
  }
}

TEST_CASE("an address-space limit while counting: the counts say so, the check is unharmed",
          "[cli]") {
  if (kSanitized) return;
  // The lock-free ticket's graph of shared steps at 100 clients needs about 400 MB; the search
  // needs a few.
  const CliResult r =
      Shell("prlimit --as=150000000 " + Binary() + " models/ticket.yaml -q --threads 1");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("schedules without locks: not counted, because it ran out of memory") !=
        std::string::npos);
  CHECK(r.out.find("conclusion: the model holds with its lock (") != std::string::npos);
  CHECK(r.err.find("internal error") == std::string::npos);
}

}  // namespace
