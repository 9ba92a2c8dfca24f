// The report of a real run (a RunResult): for people, a header before the first trial, what the
// processes of a trial printed (after the trials whose prints are shown; folded when many
// processes print), and the summary per variant with the side by side table at the end; for
// tools, one versioned JSON document (schema in docs/real-mode.md). Presentation only.
// Deterministic given the result (timings are in the result, measured).
#ifndef RACECHECK_ENGINE_REPORT_RUN_REPORT_H_
#define RACECHECK_ENGINE_REPORT_RUN_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "engine/check/run.h"

namespace racecheck {

// The version of the JSON document; bumped when a field changes meaning or goes away.
// 2: `forced` is the schedule as an array of process names; `placed` and `where` count in the
// same order; times are measured from the start barrier.
constexpr int kRunJsonVersion = 2;

// Above this many processes printing, a trial's prints are folded: a run of lines with the same
// text becomes one line naming its processes.
constexpr int kFoldPrintsAbove = 10;

// What runs and how: model, processes, trials, store, time scale, seed, timeout, what is forced.
std::string RenderRunHeaderText(const RunResult& result);
// "-- trial 3, without locks: what the processes printed --" and the lines.
std::string RenderRunTrialPrintsText(const RunResult& result, const VariantRun& run,
                                     const TrialResult& trial);
// The summary of every variant, then the two side by side.
std::string RenderRunText(const RunResult& result);
nlohmann::json RenderRunJson(const RunResult& result);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_RUN_REPORT_H_
