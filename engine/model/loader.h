// The YAML loader: model file -> Model (ast.h). The only code that includes yaml-cpp.
//
// Checks the shape of the file (known keys, the right kind of node, no duplicate names, params
// given with --set exist and are integers or booleans) and reports every problem as a diagnostic
// with the exact file:line:col. It does not parse expressions; the compiler does. Never throws.
#ifndef RACECHECK_ENGINE_MODEL_LOADER_H_
#define RACECHECK_ENGINE_MODEL_LOADER_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/model/ast.h"
#include "engine/model/limits.h"
#include "engine/support/diagnostics.h"

namespace racecheck {

// One `--set name=value` from the command line, in the order given.
struct ParamOverride {
  std::string text;  // "clients=10" as typed
};

// Reads and loads `path`. Returns nullopt when there were errors (all reported to `diags`).
// A missing or unreadable file is a diagnostic too ("racecheck: error: cannot open ..."), and
// so is a file beyond `limits` (model size, YAML depth, alias expansion) or that is not UTF-8
// text (input_checks.h).
std::optional<Model> LoadModelFile(const std::string& path,
                                   const std::vector<ParamOverride>& overrides,
                                   DiagnosticSink& diags, const ModelLimits& limits = {});

// The same from text in memory; `name` is used in diagnostics as the file name.
std::optional<Model> LoadModelText(const std::string& name, const std::string& text,
                                   const std::vector<ParamOverride>& overrides,
                                   DiagnosticSink& diags, const ModelLimits& limits = {});

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_MODEL_LOADER_H_
