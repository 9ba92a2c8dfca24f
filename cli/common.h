// Pieces shared by the racecheck commands: the model options, loading a model into its
// variants (printing diagnostics), and number formatting for humans.
#ifndef RACECHECK_CLI_COMMON_H_
#define RACECHECK_CLI_COMMON_H_

#include <CLI/CLI.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/model/ast.h"
#include "engine/semantics/system.h"
#include "engine/support/numbers.h"
#include "engine/trace/concretize.h"

namespace racecheck::cli {

struct CommonOptions {
  std::string model_path;
  std::vector<std::string> sets;
  std::string format = "text";
};

// MODEL, --set, --format.
void AddModelOptions(CLI::App& app, CommonOptions& common);

// Parses `args` (without the program and command names). Returns -1 to go on, or the exit
// code to return now (0 after --help, 2 after a usage error, printed to stderr).
int ParseArgs(CLI::App& app, const std::vector<std::string>& args);

struct Variant {
  std::string name;  // "as written", "without locks"
  bool elided = false;
  std::unique_ptr<System> system;   // the plain model: traces and schedules refer to it
  std::unique_ptr<System> reduced;  // built with reduce_locals, for the search; null if off
};

struct LoadedModel {
  std::shared_ptr<const Model> model;
  std::vector<Variant> variants;  // the model as written first, when checked
};

// Loads and compiles the model: the variant as written and, when the model uses locks or
// semaphores, the lock-free one; only the lock-free one with `only_without_locks`. Prints
// diagnostics to stderr and returns nullopt on a model error.
// With `reduce_locals`, each variant also gets a `reduced` System for the search.
std::optional<LoadedModel> LoadAndBuild(const CommonOptions& common, bool only_without_locks,
                                        bool reduce_locals = false);

// Which reductions a search may use (each applies only where its analysis finds something).
struct SearchReductions {
  bool symmetry = true;
  bool partial_order = true;
};

// Searches one variant, as `racecheck check` and `racecheck run --counterexample` both do:
// builds the symmetry and partial-order reductions of the System searched (v.reduced, else
// v.system), explores it with `options` (whose symmetry and partial_order it sets), turns every
// counterexample into a schedule of the plain model (trace/concretize.h) and shortens it there,
// into `counterexamples` (one per violation, in order). With `reductions`, also says what they
// are (DescribeReductions).
ExploreResult SearchVariant(const Variant& v, ExploreOptions options, SearchReductions use,
                            std::vector<Counterexample>* counterexamples,
                            std::vector<std::string>* reductions = nullptr);

std::optional<uint64_t> ParseSize(const std::string& text);  // "512M", "4G", "1000"
std::string Bytes(uint64_t n);                               // "12.3 MiB"

}  // namespace racecheck::cli

#endif  // RACECHECK_CLI_COMMON_H_
