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
// 2: "interleavings" gone; "schedules", "time" per variant and "lock_effect" added.
constexpr int kCheckJsonVersion = 2;

std::string RenderCheckText(const CheckResult& result);
// The text report's last line, "conclusion: ..." (newline-terminated), in the report's
// language: what the two variants' verdicts mean together.
std::string CheckConclusion(const CheckResult& result);
nlohmann::json RenderCheckJson(const CheckResult& result);
// A verdict as the reports' cells give it, in `lang`: "holds", "incomplete", or "VIOLATED:
// NAMES" (`violated`: the names of the properties, already joined).
std::string VerdictText(Verdict verdict, const std::string& violated, Lang lang);
// A variant's verdict cell in `lang`: VerdictText with the names of the properties it violates
// (PropertyName: the engine's own in the language). The text, HTML and DOT reports all use it.
std::string VerdictCell(const VariantResult& v, Lang lang);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_CHECK_REPORT_H_
