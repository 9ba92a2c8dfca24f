// Replay: runs a schedule through the transition system and records everything each step did,
// as the Trace that the renderers (render_text.h, report_json.h, explain.h) turn into text.
//
// A Trace starts in System::Initial; step i (1-based) is one System::Step of schedule[i-1],
// recorded through a StepRecorder: the instructions executed, what each read, wrote and
// printed, then the sleeps and elided lock operations passed on the way to the next step. The
// replay stops at the first entry that cannot run (an error), at a step that violates a
// property, or at the first state that violates an invariant (checked in the initial state
// too); the rest of the schedule is then left unused. A step violation after which Python goes
// on (StepResult::successor) stops it only when it is the target's, or, with no target, the
// schedule's last entry: otherwise the replay goes on from its successor, and the step keeps
// its StepResult for the renderers. At the end of a schedule it checks for a
// deadlock, and in a terminal state for a violated `final` property.
//
// Replay is deterministic. A Trace is a plain value, the same in every language (its texts are
// English; StepDetail tells a step's violation in another); it refers to the System only by indices
// (processes, fields, pcs, properties), so render it with the System it was replayed on.
#ifndef RACECHECK_ENGINE_TRACE_REPLAY_H_
#define RACECHECK_ENGINE_TRACE_REPLAY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"
#include "engine/support/status.h"

namespace racecheck {

struct TraceRead {
  int field = -1;
  int64_t value = 0;
};

struct TraceWrite {
  int field = -1;
  int64_t old_value = 0;
  int64_t new_value = 0;
};

// One instruction that a step executed, or passed through after it.
struct TraceInstr {
  int32_t pc = -1;               // in the moving process's template
  bool passed = false;           // a jump, a sleep or an elided lock operation (StepRecorder::Pass)
  std::vector<TraceRead> reads;  // in the order the step read them
  std::vector<TraceWrite> writes;
  std::vector<std::string> prints;
};

struct TraceStep {
  int index = 0;  // 1-based position in the schedule
  int32_t process = -1;
  std::vector<TraceInstr> instrs;  // executed ones first, then passed ones, in order
  int64_t omitted = 0;             // instructions beyond the first 64 of a very long step
  std::vector<uint64_t> state;     // the state after the step (System::words() words)
  StepResult result;
};

// How the trace ends, as far as properties go.
struct TraceViolation {
  int32_t property = -1;  // index into System::properties(); -1: nothing is violated
  int step = 0;           // the step that violated it, or after which it is violated; 0: the
                          // initial state
  std::string detail;     // "sold = 2, tickets = 1"; a step's StepResult::detail; for a
                          // deadlock, each stuck process's WaitDescription
};

struct Trace {
  std::vector<int32_t> schedule;  // as given to Replay
  std::vector<uint64_t> initial;  // System::Initial
  std::vector<TraceStep> steps;   // the steps executed, in order
  TraceViolation violation;
  // An error when schedule entry `error_step` could not run, e.g. "step 3: 'client#1' cannot
  // run: it waits for 'lock', held by client#0 (line 12 'acquire: lock')". The steps before it
  // are recorded; no property is checked at the end.
  Status status;
  int error_step = 0;
  // Schedule entries left unused because a property was violated before them.
  int unused = 0;

  bool ok() const { return status.ok(); }
  bool violated() const { return violation.property >= 0; }
  // The state after the last step executed (the initial state if none).
  const std::vector<uint64_t>& final_state() const {
    return steps.empty() ? initial : steps.back().state;
  }
  // The state before step `index` (1-based).
  const std::vector<uint64_t>& state_before(int index) const {
    return index <= 1 ? initial : steps[index - 2].state;
  }
};

// Replays `schedule` (process indices) from the initial state. Never fails as a call: an
// impossible schedule (an unknown process index, a finished or blocked process) is part of the
// trace, in Trace::status.
// With `target` >= 0 (a property index), only that property's violation ends the replay (and
// a step violation with no successor): a counterexample for one property found by `--all` may
// pass through states that violate another invariant, or another step property.
Trace Replay(const System& system, const std::vector<int32_t>& schedule, int32_t target = -1);

// The detail of a step's violation (StepResult::detail, which Replay records in English) in
// `lang`: the step run again, from the state before it, with a recorder in that language. ""
// when the step violates nothing. `step` is one of trace.steps.
std::string StepDetail(const System& system, const Trace& trace, const TraceStep& step, Lang lang);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_TRACE_REPLAY_H_
