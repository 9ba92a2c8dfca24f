// How a trial's result is told to a reader, in a language (engine/support/messages.h): the key
// of the outcome histogram, why the final properties were not checked, how a process that did
// not finish ended and why, and how the processes were blocked for good.
//
// The runner keeps the English texts in its results (TrialResult::final_unchecked and
// blocked_how, ProcessResult::reason: JSON carries them) by calling these functions with
// Lang::kEn; a report in another language tells the same data again with them. Only a crashed
// process's own reason (what the child reported) stays as it was written. Pure functions;
// thread-safe.
#ifndef RACECHECK_ENGINE_RUNNER_TRIAL_TEXT_H_
#define RACECHECK_ENGINE_RUNNER_TRIAL_TEXT_H_

#include <string>

#include "engine/runner/runner.h"
#include "engine/semantics/system.h"
#include "engine/support/lang.h"

namespace racecheck {

// "count=0 sold=2; violates no_oversell; 3 crashed": the histogram key of a trial (English:
// VariantSummary::histogram, the JSON's "outcome").
std::string OutcomeKey(const System& sys, const TrialResult& t, Lang lang = Lang::kEn);

// Why the `final` properties cannot be checked on the trial ("1 process crashed, 2 processes
// are stuck"), or "" when they can, or when the model has none.
std::string FinalUncheckedText(const System& sys, const TrialResult& t, Lang lang = Lang::kEn);

// Why process p did not finish: for one the runner stopped (kStuck, kTimedOut) told from what it
// waited for ("waits in sem_wait for 'b', held by right#0"); else ProcessResult::reason.
// REQUIRES: t.processes[p].end != kFinished.
std::string ProcessReason(const System& sys, const TrialResult& t, int p, Lang lang = Lang::kEn);

// How process p ended, and why, for a list of the processes that did not finish: "stuck: waits
// in sem_wait for 'b', held by right#0", "timed out while running or sleeping (raise
// --timeout)". REQUIRES: t.processes[p].end != kFinished.
std::string ProcessEndLine(const System& sys, const TrialResult& t, int p, Lang lang);

// How the stopped processes of a blocked trial wait for one another, from the first one along
// "held by": "left#0 waits for 'b', held by right#0, which waits for 'a', held by left#0 (a
// cycle)". "" when nobody was stopped.
std::string BlockedText(const System& sys, const TrialResult& t, Lang lang = Lang::kEn);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_TRIAL_TEXT_H_
