// The report of a real run (a RunResult): for people, a header before the first trial, a
// heading above each trial whose processes print, and the summary per variant with the side by
// side table at the end; for tools, one versioned JSON document (schema in docs/real-mode.md).
// Presentation only. Deterministic given the result (timings are in the result, measured).
#ifndef RACECHECK_ENGINE_REPORT_RUN_REPORT_H_
#define RACECHECK_ENGINE_REPORT_RUN_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "engine/check/run.h"

namespace racecheck {

// What runs and how: model, processes, trials, store, time scale, seed, timeout, what is forced.
std::string RenderRunHeaderText(const RunResult& result);
// "-- trial 3, without locks: what the processes print --".
std::string RenderRunTrialHeadingText(const RunResult& result, const VariantRun& run, int trial);
// The summary of every variant, then the two side by side.
std::string RenderRunText(const RunResult& result);
nlohmann::json RenderRunJson(const RunResult& result);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_RUN_REPORT_H_
