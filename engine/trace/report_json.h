// A Trace as JSON (nlohmann::json), for `--json` reports:
//   {"schedule": "client#0 client#1 ...",
//    "steps": [{"index": 1, "process": "client#0", "line": 6, "source": "c = count",
//               "instructions": [{"line": 6, "source": "c = count"}], "passed": ["sleep: 0.1"],
//               "reads": {"count": 1}, "writes": {"c": 1}, "prints": ["remaining 1"],
//               "shared_after": {"count": 1, "sold": 0}, "violation": null}, ...],
//    "property": {"name": "no_oversell", "kind": "invariant", "text": "sold <= tickets",
//                 "line": 30, "step": 10, "detail": "sold = 2, tickets = 1",
//                 "description": "invariant 'no_oversell' (line 30: sold <= tickets)"} or null,
//    "final": {"count": 0, "sold": 2},
//    "error": null or "step 3: 'client#1' cannot run: ...",
//    "unused": 0}
// Values: bools as JSON booleans, lock owners as the process name (null when free), everything
// else as integers. A step's own locals are named without their process prefix ("c"); "line"
// and "source" are those of the step as written (the whole `atomic:` group for one),
// "instructions" lists every instruction it ran, and "passed" the sleeps and removed lock
// operations passed after it. Keys are sorted (nlohmann::json), so the output
// is deterministic. Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_TRACE_REPORT_JSON_H_
#define RACECHECK_ENGINE_TRACE_REPORT_JSON_H_

#include <cstdint>
#include <nlohmann/json.hpp>

#include "engine/semantics/system.h"
#include "engine/trace/replay.h"

namespace racecheck {

// The value of `field` as JSON (see above).
nlohmann::json FieldValueJson(const System& system, int field, int64_t value);

// The shared variables, locks and semaphores of state s: {"count": 1, "lock": null, ...}; no
// locks or semaphores for the lock-free variant (BuildOptions::elide_sync).
nlohmann::json StateJson(const System& system, const uint64_t* s);

// One step (see above).
nlohmann::json TraceStepJson(const System& system, const TraceStep& step);

// The violated property, or null when nothing is violated.
nlohmann::json ViolationJson(const System& system, const Trace& trace);

// The whole trace (see above).
nlohmann::json TraceJson(const System& system, const Trace& trace);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_TRACE_REPORT_JSON_H_
