// Outcome: how a request to the engine ended, the same four ways for every command, and the
// process exit code each one means. The one table of exit codes; cli/ and the JSON documents
// both read it.
#ifndef RACECHECK_ENGINE_CHECK_OUTCOME_H_
#define RACECHECK_ENGINE_CHECK_OUTCOME_H_

#include <cstdint>

#include "engine/explore/explorer.h"

namespace racecheck {

// X(name, exit code, meaning)
#define RACECHECK_OUTCOMES(X)                                                                  \
  X(kHolds, 0,                                                                                 \
    "the properties hold (check), the schedule violates nothing (replay), every "              \
    "trial was explained and good (run)")                                                      \
  X(kViolated, 1, "a property is violated, or a real trial broke one or diverged")             \
  X(kBadInput, 2, "the model, the command line or the schedule is wrong; nothing was decided") \
  X(kIncomplete, 3, "a bound, an interrupt or an operating-system failure stopped the work")

enum class Outcome : uint8_t {
#define RACECHECK_OUTCOME_ENUM(name, code, meaning) name,
  RACECHECK_OUTCOMES(RACECHECK_OUTCOME_ENUM)
#undef RACECHECK_OUTCOME_ENUM
};

// The process exit code of an outcome: 0, 1, 2 or 3.
int ExitCode(Outcome outcome);

// A search's verdict as an outcome (holds 0, violated 1, incomplete 3).
Outcome OutcomeOf(Verdict verdict);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_OUTCOME_H_
