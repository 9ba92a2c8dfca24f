// The report of a replay (a ReplayResult): the step table and the plain-language explanation
// for people, or one versioned JSON document for tools (schema in docs/cli.md). Presentation
// only. Deterministic. REQUIRES: result.has_report().
#ifndef RACECHECK_ENGINE_REPORT_REPLAY_REPORT_H_
#define RACECHECK_ENGINE_REPORT_REPLAY_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "engine/check/replay.h"

namespace racecheck {

std::string RenderReplayText(const ReplayResult& result);
nlohmann::json RenderReplayJson(const ReplayResult& result);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_REPLAY_REPORT_H_
