// Test helper: loads a model file under the source tree and builds its System, failing the
// running Catch2 test (with the diagnostics) when either step reports an error. Header-only,
// shared by the unit, runner and real-process test executables.
#ifndef RACECHECK_TESTS_SUPPORT_TEST_MODELS_H_
#define RACECHECK_TESTS_SUPPORT_TEST_MODELS_H_

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "engine/model/loader.h"
#include "engine/semantics/system.h"

namespace racecheck::testing {

// `path` is relative to the repository root, e.g. "models/ticket.yaml".
inline std::unique_ptr<System> BuildModelFile(const std::string& path,
                                              const std::vector<std::string>& sets,
                                              const BuildOptions& options) {
  DiagnosticSink diags;
  std::vector<ParamOverride> overrides;
  for (const std::string& s : sets) overrides.push_back({s});
  std::optional<Model> model =
      LoadModelFile(std::string(RACECHECK_SOURCE_DIR) + "/" + path, overrides, diags);
  INFO(diags.Render());
  REQUIRE(model.has_value());
  auto sys = System::Build(std::make_shared<const Model>(std::move(*model)), options, diags);
  INFO(diags.Render());
  REQUIRE(sys != nullptr);
  return sys;
}

// A shipped model (models/FILE), with `clients` set when > 0, as written or lock-free.
inline std::unique_ptr<System> LoadShipped(const std::string& file, int clients, bool elide) {
  BuildOptions options;
  options.elide_sync = elide;
  std::vector<std::string> sets;
  if (clients > 0) sets.push_back("clients=" + std::to_string(clients));
  return BuildModelFile("models/" + file, sets, options);
}

}  // namespace racecheck::testing

#endif  // RACECHECK_TESTS_SUPPORT_TEST_MODELS_H_
