// Variants: a model file loaded and compiled into the systems the commands work on — the model
// as written and, when it uses locks or semaphores, the same model with every acquire/release
// removed ("without locks"), each as the plain System (schedules and traces refer to it) and
// optionally a reduced one for the search (BuildOptions::reduce_locals).
//
// The first step of every command (check, replay, run). A model mistake is a result here, not an
// error: the rendered diagnostics (file:line:col: error: ...) come back in `diagnostics`.
// Call from any thread; the result is immutable once built.
#ifndef RACECHECK_ENGINE_CHECK_VARIANTS_H_
#define RACECHECK_ENGINE_CHECK_VARIANTS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/ast.h"
#include "engine/model/limits.h"
#include "engine/semantics/system.h"
#include "engine/support/lang.h"

namespace racecheck {

// Which model to load, as a user names it.
struct ModelRequest {
  std::string path;               // the YAML file (with `text`: only its name in diagnostics)
  std::vector<std::string> sets;  // "--set" overrides as typed, e.g. "clients=3"
  ModelLimits limits;             // how large a model may be ("--limit NAME=N")
  // The model's text, instead of reading `path` (which still names it in diagnostics): for
  // tests and the fuzz targets (fuzz/).
  std::optional<std::string> text;
  Lang lang = Lang::kEn;  // the language reports about it speak ("--lang zh")
};

struct Variant {
  std::string name;                 // "as written" or "without locks"
  bool elided = false;              // the lock-free variant (BuildOptions::elide_sync)
  std::unique_ptr<System> system;   // the plain model
  std::unique_ptr<System> reduced;  // built with reduce_locals, for the search; null if not asked
};

struct LoadedModel {
  std::shared_ptr<const Model> model;
  std::vector<Variant> variants;  // the model as written first, when it was asked for
};

struct LoadResult {
  std::optional<LoadedModel> loaded;  // nullopt: the model is wrong (see diagnostics)
  std::string diagnostics;            // rendered; may hold warnings even on success
};

// Loads and compiles the model: the variant as written and, when the model uses locks or
// semaphores, the lock-free one; only the lock-free one with `only_without_locks`. With
// `reduce_locals`, each variant also gets its `reduced` System.
LoadResult LoadVariants(const ModelRequest& request, bool only_without_locks, bool reduce_locals);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_VARIANTS_H_
