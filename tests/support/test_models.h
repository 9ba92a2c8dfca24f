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
#include "engine/model/loader.h"
#include "engine/semantics/system.h"
#include "engine/support/diagnostics.h"

namespace racecheck::testing {

// `path` is relative to the repository root, e.g. "models/ticket.yaml". Loads and builds it as
// the commands do (LoadVariants, engine/check/variants.h): `options.elide_sync` picks the
// variant without locks, `options.reduce_locals` its reduced System.
inline std::unique_ptr<System> BuildModelFile(const std::string& path,
                                              const std::vector<std::string>& sets,
                                              const BuildOptions& options) {
  ModelRequest request;
  request.path = std::string(RACECHECK_SOURCE_DIR) + "/" + path;
  request.sets = sets;
  LoadResult load = LoadVariants(request,
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

// The syntax tree of a model under the source tree (`relative` to its root), with --set
// overrides; nullptr when it does not load (fixtures made to fail, for instance).
inline std::shared_ptr<const Model> LoadModelTree(const std::string& relative,
                                                  const std::vector<std::string>& sets) {
  DiagnosticSink diags;
  std::vector<ParamOverride> overrides;
  for (const std::string& s : sets) overrides.push_back({s});
  std::optional<Model> m =
      LoadModelFile(std::string(RACECHECK_SOURCE_DIR) + "/" + relative, overrides, diags);
  if (!m) return nullptr;
  return std::make_shared<const Model>(std::move(*m));
}

// The syntax tree of a model's text (named `name` in diagnostics); fails the running test, with
// the diagnostics, when it does not load.
inline std::shared_ptr<const Model> LoadModelTreeText(const std::string& name,
                                                      const std::string& text) {
  DiagnosticSink diags;
  std::optional<Model> m = LoadModelText(name, text, {}, diags);
  INFO(diags.Render());
  REQUIRE(m.has_value());
  return std::make_shared<const Model>(std::move(*m));
}

// The index of the property named `name` in `sys`; fails the running test when there is none.
inline int32_t PropertyNamed(const System& sys, const std::string& name) {
  for (size_t i = 0; i < sys.properties().size(); ++i) {
    if (sys.properties()[i].name == name) return static_cast<int32_t>(i);
  }
  FAIL("no property " << name);
  return -1;
}

}  // namespace racecheck::testing

#endif  // RACECHECK_TESTS_SUPPORT_TEST_MODELS_H_
