// The pieces of racecheck's HTML reports (`--format html`): the page around a report (inline CSS
// and JavaScript, nothing loaded from the network), HTML escaping, and a schedule drawn as a
// timeline — an inline SVG with one swimlane per process that moved, one box per step (its
// source lines and the values it read and wrote), bars for who holds each lock when (dashed in
// the lock-free variant: where the removed lock would have been held), and an arrow from each
// racing read to the write that made it stale; under it a slider (and the arrow keys) that
// steps through the schedule and shows the shared values after each step.
//
// The page's DOM, which the browser test reads: each timeline is a <section class="timeline">
// with data-steps="N"; each lane a <g class="lane" data-process="client#0">; each step a
// <g class="step" data-step="i" data-process="...">; each stale-read arrow a <path
// class="stale">; each lock bar a <rect class="lock-bar">. The script marks the step the slider
// is on with the class "current" (and later ones "future").
//
// Pure functions of their arguments: the same trace gives the same bytes. Thread-safe.
#ifndef RACECHECK_ENGINE_REPORT_HTML_TIMELINE_H_
#define RACECHECK_ENGINE_REPORT_HTML_TIMELINE_H_

#include <string>
#include <string_view>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"
#include "engine/trace/replay.h"

namespace racecheck {

// `text` with &, <, >, " and ' escaped, for element content and attribute values.
std::string HtmlEscape(std::string_view text);

// A whole page: <!DOCTYPE html> with <html lang="en"> (or "zh-CN": the page's language), `title`
// in <title> and <h1>, the style sheet, `body`, and the script that drives the timelines'
// sliders.
std::string HtmlPage(std::string_view title, std::string_view body, Lang lang = Lang::kEn);

// The timeline of `trace`, replayed on `system` (see above), its labels, legend and tooltips in
// `lang`. `id` is unique in the page (it names the slider). REQUIRES: trace.ok() or its steps
// before the error are to be shown.
std::string HtmlTimeline(const System& system, const Trace& trace, std::string_view id,
                         Lang lang = Lang::kEn);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_HTML_TIMELINE_H_
