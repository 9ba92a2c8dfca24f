// Test helper: loads a model file under the source tree and builds its System through the
// engine's own entry point, failing the running Catch2 test (with the diagnostics) when either
// step reports an error. Header-only, shared by the unit, runner and real-process test
// executables.
#ifndef RACECHECK_TESTS_SUPPORT_TEST_MODELS_H_
#define RACECHECK_TESTS_SUPPORT_TEST_MODELS_H_

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/check/variants.h"
#include "engine/semantics/system.h"

namespace racecheck::testing {

// `path` is relative to the repository root, e.g. "models/ticket.yaml". Loads and builds it as
// the commands do (LoadVariants, engine/check/variants.h): `options.elide_sync` picks the
// variant without locks, `options.reduce_locals` its reduced System.
inline std::unique_ptr<System> BuildModelFile(const std::string& path,
                                              const std::vector<std::string>& sets,
                                              const BuildOptions& options) {
  LoadResult load = LoadVariants({std::string(RACECHECK_SOURCE_DIR) + "/" + path, sets, {}},
                                 /*only_without_locks=*/options.elide_sync,
                                 /*reduce_locals=*/options.reduce_locals);
  INFO(load.diagnostics);
  REQUIRE(load.loaded.has_value());
  Variant& v = load.loaded->variants.front();
  REQUIRE(v.elided == options.elide_sync);
  return options.reduce_locals ? std::move(v.reduced) : std::move(v.system);
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
