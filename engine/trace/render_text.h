// The counterexample as text: a table a student can follow step by step, then the violated
// property, the final values of the shared variables and the schedule token.
//
//   +----+--------------------------+--------------------------+-----------------+
//   | #  | client#0                 | client#1                 | shared after    |
//   +----+--------------------------+--------------------------+-----------------+
//   |  1 | L6 c = count             |                          | count=1 sold=0  |
//   |    |   read count=1 → c=1     |                          |                 |
//
// One row per step (row 0 is the initial state); one column per process that appears in the
// schedule, in process order (the others are not shown); in the moving process's cell each
// instruction as "L<line> <source>" followed by what it read and wrote, its prints, and the
// sleeps and removed lock operations passed after it. Cells wrap to keep the table near
// `width` columns; columns are aligned by display width (a CJK character takes two columns).
// Byte-for-byte deterministic. Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_TRACE_RENDER_TEXT_H_
#define RACECHECK_ENGINE_TRACE_RENDER_TEXT_H_

#include <string>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"
#include "engine/trace/replay.h"

namespace racecheck {

struct RenderTextOptions {
  int width = 110;  // the table aims at this many columns (it may need more for many processes)
  Lang lang = Lang::kEn;  // the language of headings and labels (messages.h)
};

// The table alone, each line ending in a newline.
std::string RenderTraceTable(const System& system, const Trace& trace,
                             const RenderTextOptions& options = {});

// The lines after the table:
//   violated: invariant 'no_oversell' (line 30: sold <= tickets) after step 10 — sold = 2, ...
//   final values: count=0 sold=2
//   schedule: client#0 client#0 client#1 ...
// (or "cannot replay: step 3: ..." / "no property is violated ..." in place of the first line).
std::string RenderTraceSummary(const System& system, const Trace& trace,
                               const RenderTextOptions& options = {});

// What was violated and when, with the values involved: "invariant 'no_oversell' (line 30:
// sold <= tickets) after step 10 — sold = 2, tickets = 1"; "" when nothing is violated.
std::string ViolationText(const System& system, const Trace& trace, Lang lang = Lang::kEn);

// "violated: " and ViolationText, without the newline; "" when nothing is violated.
std::string DescribeViolation(const System& system, const Trace& trace, Lang lang = Lang::kEn);

// Why the trace could not be replayed (Trace::status), in `lang`: a process that cannot move is
// told in that language ("step 3: 'client#1' cannot run: it waits for 'lock', held by
// client#0 ..."); other errors as they are. "" when the trace is ok.
std::string ReplayError(const System& system, const Trace& trace, Lang lang = Lang::kEn);

// The table followed by the summary.
std::string RenderTraceText(const System& system, const Trace& trace,
                            const RenderTextOptions& options = {});

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_TRACE_RENDER_TEXT_H_
