// Every input that ever crashed or hung racecheck (fuzz/regressions/<target>/), run through the
// same entry point as its libFuzzer target (fuzz/fuzz_entry.h) with the same bounds, in every
// build: a crash or an abort fails the test binary, a hang its time check.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_entry.h"

namespace racecheck {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> Inputs(const std::string& target) {
  std::vector<fs::path> files;
  for (const auto& e :
       fs::directory_iterator(fs::path(RACECHECK_SOURCE_DIR) / "fuzz" / "regressions" / target)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs each input of `target` through `entry`; each must return within `seconds`.
void RunAll(const std::string& target, void (*entry)(const uint8_t*, size_t), size_t at_least) {
  std::vector<fs::path> files = Inputs(target);
  REQUIRE(files.size() >= at_least);  // the corpus is there: the test cannot pass empty
  for (const fs::path& f : files) {
    INFO("fuzz/regressions/" << target << "/" << f.filename().string());
    const std::string data = Bytes(f);
    const auto t0 = std::chrono::steady_clock::now();
    entry(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(seconds < 20.0);
  }
}

TEST_CASE("fuzz regressions: models that crashed or hung load, check and render", "[fuzz]") {
  RunAll("model", fuzz::FuzzModel, 12);
}

TEST_CASE("fuzz regressions: expressions that crashed compile and evaluate", "[fuzz]") {
  RunAll("expression", fuzz::FuzzExpression, 5);
}

TEST_CASE("fuzz regressions: schedules replay or are refused", "[fuzz]") {
  RunAll("schedule", fuzz::FuzzSchedule, 4);
}

}  // namespace
}  // namespace racecheck
