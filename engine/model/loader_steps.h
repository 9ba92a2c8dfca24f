// The `steps:` of a process template: YAML list -> std::vector<Step> (ast.h), internal to the
// loader. Checks the shape of each step (a known step kind, the keys it allows, sleep times) and
// reports problems to the reader's DiagnosticSink; a bad step is left out. Never throws.
#ifndef RACECHECK_ENGINE_MODEL_LOADER_STEPS_H_
#define RACECHECK_ENGINE_MODEL_LOADER_STEPS_H_

#include <string_view>
#include <vector>

#include "engine/model/ast.h"
#include "engine/model/yaml_reader.h"

namespace racecheck {

// Reads the list of steps `list`, the value of key `key` ("steps", "then", "do", ...) found at
// `key_loc`.
std::vector<Step> ReadSteps(YamlReader& reader, const YAML::Node& list, std::string_view key,
                            const SourceLoc& key_loc);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_MODEL_LOADER_STEPS_H_
