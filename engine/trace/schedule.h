// Schedule tokens: the text form of a counterexample's schedule, for printing and for --replay.
//
// A schedule is the list of processes that move, one per step, from the initial state. Its text
// is the processes' names (ProcessInfo::name, always "template#index") separated by single
// spaces, e.g. "client#0 client#1 client#0 client#1". FormatSchedule and ParseSchedule are
// inverse on every non-empty schedule. Parsing accepts any run of whitespace between names.
// Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_TRACE_SCHEDULE_H_
#define RACECHECK_ENGINE_TRACE_SCHEDULE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"
#include "engine/support/result.h"

namespace racecheck {

// "client#0 client#1 ..."; "" for an empty schedule.
// REQUIRES: every entry is in [0, system.num_processes()).
std::string FormatSchedule(const System& system, const std::vector<int32_t>& schedule);

// Parses a schedule token into process indices. On a mistake, an error Status such as "unknown
// process 'clinet#0' (entry 3 of the schedule); did you mean 'client#0'?" or "empty schedule;
// expected process names separated by spaces, such as 'client#0 client#1'", in `lang`.
Result<std::vector<int32_t>> ParseSchedule(const System& system, std::string_view text,
                                           Lang lang = Lang::kEn);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_TRACE_SCHEDULE_H_
