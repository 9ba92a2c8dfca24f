// Golden diagnostics: every folder tests/models/diag_<case>/ holds a model.yaml that must fail to
// load and expected.txt, the exact rendered diagnostics (worked out by hand from model.yaml). The
// model is loaded under its path relative to the repository, so the file names in expected.txt
// do not depend on where the tree is checked out.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/model/loader.h"

#ifndef RACECHECK_SOURCE_DIR
#error "RACECHECK_SOURCE_DIR must name the repository root"
#endif

namespace racecheck {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The diag_* folders under tests/models, sorted by name.
std::vector<std::string> DiagCases() {
  std::vector<std::string> cases;
  fs::path root = fs::path(RACECHECK_SOURCE_DIR) / "tests" / "models";
  for (const fs::directory_entry& e : fs::directory_iterator(root)) {
    std::string name = e.path().filename().string();
    if (e.is_directory() && name.rfind("diag_", 0) == 0) cases.push_back(name);
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

TEST_CASE("loader diagnostics match the golden fixtures", "[loader]") {
  std::vector<std::string> cases = DiagCases();
  REQUIRE(cases.size() >= 6);
  for (const std::string& c : cases) {
    DYNAMIC_SECTION(c) {
      std::string relative = "tests/models/" + c + "/model.yaml";
      fs::path dir = fs::path(RACECHECK_SOURCE_DIR) / "tests" / "models" / c;
      REQUIRE(fs::exists(dir / "model.yaml"));
      REQUIRE(fs::exists(dir / "expected.txt"));
      DiagnosticSink sink;
      std::optional<Model> model = LoadModelText(relative, ReadAll(dir / "model.yaml"), {}, sink);
      CHECK_FALSE(model.has_value());
      CHECK(sink.Render() == ReadAll(dir / "expected.txt"));
    }
  }
}

}  // namespace
}  // namespace racecheck
