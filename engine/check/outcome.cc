// The exit-code table (outcome.h).
#include "engine/check/outcome.h"

namespace racecheck {

int ExitCode(Outcome outcome) {
  switch (outcome) {
#define RACECHECK_OUTCOME_CODE(name, code, meaning) \
  case Outcome::name:                               \
    return code;
    RACECHECK_OUTCOMES(RACECHECK_OUTCOME_CODE)
#undef RACECHECK_OUTCOME_CODE
  }
  return 2;
}

Outcome OutcomeOf(Verdict verdict) {
  switch (verdict) {
    case Verdict::kHolds:
      return Outcome::kHolds;
    case Verdict::kViolated:
      return Outcome::kViolated;
    case Verdict::kIncomplete:
      return Outcome::kIncomplete;
  }
  return Outcome::kIncomplete;
}

}  // namespace racecheck
