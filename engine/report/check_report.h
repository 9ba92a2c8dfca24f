// The report of a check (a CheckResult): the model as written and its lock-free variant side by
// side, then the shortest counterexample of each variant that fails, with its explanation. Text
// for people, one versioned JSON document for tools (schema in docs/cli.md). Presentation only:
// it renders results Check() produced and replays their schedules; it decides nothing.
//
// Deterministic: no timings, no addresses, no hash order; the same inputs give the same bytes.
#ifndef RACECHECK_ENGINE_REPORT_CHECK_REPORT_H_
#define RACECHECK_ENGINE_REPORT_CHECK_REPORT_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/check/check.h"
#include "engine/semantics/system.h"

namespace racecheck {

// The version of the JSON document; bumped when a field changes meaning or goes away.
constexpr int kCheckJsonVersion = 1;

// The number of interleavings of the plain model's steps, without any reduction, for teaching:
// (sum k_i)! / prod k_i! over the processes, k_i the most steps process i can take. Printed
// exactly when small, else as "about 2.3 x 10^157"; "unbounded" when a process can loop.
std::string RawInterleavings(const System& plain);

std::string RenderCheckText(const CheckResult& result);
nlohmann::json RenderCheckJson(const CheckResult& result);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_CHECK_REPORT_H_
