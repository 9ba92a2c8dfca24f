// The report of `racecheck locks` (a LocksResult): one row per lock placement — the region
// (first-last source line and its steps), the verdict, the counterexample's length, the states
// the search stored, and marks for the region the model itself locks and the smallest safe
// regions. Text for people, one versioned JSON document, one HTML page. Presentation only;
// deterministic. Pure; thread-safe. REQUIRES: result.has_report().
#ifndef RACECHECK_ENGINE_REPORT_LOCKS_REPORT_H_
#define RACECHECK_ENGINE_REPORT_LOCKS_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "engine/check/locks.h"

namespace racecheck {

std::string RenderLocksText(const LocksResult& result);
nlohmann::json RenderLocksJson(const LocksResult& result);
std::string RenderLocksHtml(const LocksResult& result);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_LOCKS_REPORT_H_
