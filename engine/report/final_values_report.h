// The check report's table of final values (`racecheck check --outcomes`): how the complete
// schedules end, one row per valuation of the shared variables asked for, one column per
// variant (engine/count/final_values.h computes them). Presentation only; pure functions.
#ifndef RACECHECK_ENGINE_REPORT_FINAL_VALUES_REPORT_H_
#define RACECHECK_ENGINE_REPORT_FINAL_VALUES_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "engine/check/check.h"

namespace racecheck {

// Rows shown in the text; the rest are counted in a line under them (JSON has them all).
inline constexpr size_t kMaxFinalValueRows = 40;

// The table with its heading and legend, or "" when the report has no final values.
std::string FinalValuesText(const CheckResult& report);

// A variant's "final_values" (docs/cli.md): null when not asked for or not counted.
nlohmann::json FinalValuesJson(const VariantResult& v);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_FINAL_VALUES_REPORT_H_
