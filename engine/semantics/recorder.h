// StepRecorder: what the transition system reports while it executes one step, for traces.
//
// The search never records (it passes no recorder, and the recording code is compiled out of
// its loop); the trace renderer, replay and the real-process runner's conformance check do.
// Callbacks arrive in execution order. A recorder also chooses the language of the text that
// explains a violating step (StepResult::detail; English unless it is given another), so that a
// report renders the step in its reader's language. Not thread-safe; one per replay.
#ifndef RACECHECK_ENGINE_SEMANTICS_RECORDER_H_
#define RACECHECK_ENGINE_SEMANTICS_RECORDER_H_

#include <cstdint>
#include <string>

#include "engine/support/lang.h"

namespace racecheck {

class StepRecorder {
 public:
  explicit StepRecorder(Lang lang = Lang::kEn) : lang_(lang) {}
  virtual ~StepRecorder() = default;
  // The language of StepResult::detail for the steps this recorder records.
  Lang lang() const { return lang_; }
  // Instruction `pc` of the process's template is about to execute (a step, or part of one).
  virtual void Execute(int32_t pc) {}
  // Control passed through non-step instruction `pc` (a sleep or an elided lock operation)
  // after the step, on the way to the next settled pc.
  virtual void Pass(int32_t pc) {}
  // A state field was read / written (shared variables, locals, lock owners, semaphores).
  virtual void Read(int field, int64_t value) {}
  virtual void Write(int field, int64_t old_value, int64_t new_value) {}
  // A print step produced this text.
  virtual void Print(const std::string& text) {}

 private:
  Lang lang_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_RECORDER_H_
