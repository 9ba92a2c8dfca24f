// The reports of check, replay and run as one self-contained HTML page (`--format html`):
// inline CSS, JavaScript and SVG, nothing loaded from the network, so the file can be mailed or
// opened offline. A check shows both variants side by side (verdicts and the numbers of the
// report), then each counterexample as a timeline (html_timeline.h) with its explanation; a
// replay shows its trace; a run shows each variant's outcome histogram as a bar chart and the
// measured times. The figures are those of the JSON report (check_report.h, run_report.h), so
// the page and the other formats cannot disagree.
//
// Presentation only; deterministic (a run's page shows the times measured, which are part of
// its result). Pure functions; thread-safe. REQUIRES: result.has_report().
#ifndef RACECHECK_ENGINE_REPORT_HTML_REPORT_H_
#define RACECHECK_ENGINE_REPORT_HTML_REPORT_H_

#include <string>

#include "engine/check/check.h"
#include "engine/check/replay.h"
#include "engine/check/run.h"

namespace racecheck {

std::string RenderCheckHtml(const CheckResult& result);
std::string RenderReplayHtml(const ReplayResult& result);
std::string RenderRunHtml(const RunResult& result);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_HTML_REPORT_H_
