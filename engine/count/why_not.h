// WhyNot: why a count was not worked out — a variant's schedules (counts.h), its least time
// (model_time.h), or what its locks remove (lock_effect.h) — as one reason of a closed set,
// CountStop, with the few figures some reasons need. The engine says which reason; the report
// words it in the reader's language through the message catalogue
// (engine/report/why_not_text.h), and in English in JSON.
//
// A plain value type; thread-safe as any.
#ifndef RACECHECK_ENGINE_COUNT_WHY_NOT_H_
#define RACECHECK_ENGINE_COUNT_WHY_NOT_H_

#include <cstdint>
#include <string>

namespace racecheck {

// The reasons, and the figures of WhyNot each one uses.
enum class CountStop : uint8_t {
  kNone,  // no reason: counted, or counting was off
  // Any count.
  kInterrupted,  // an interrupt (Ctrl-C, a deadline) stopped it
  kOutOfMemory,  // memory ran out while counting
  kStates,       // its graph has more than `bound` states
  kLocalStates,  // its processes have more than `bound` local states (a count view's limit)
  kClassSize,    // more than `bound` identical processes in one class (a count view's limit)
  // The least time (model_time.h).
  kNoSleeps,      // the model never sleeps
  kNoneFinishes,  // no schedule finishes: each one gets stuck
  kTimedStates,   // more than `bound` timed states
  kBusyWait,      // a process can loop without sleeping
  // What the locks remove (lock_effect.h).
  kSemaphores,           // the model uses semaphores, which the normal form cannot count
  kConditions,           // the model uses conditions, whose wait gives a lock up midway
  kAcquireThenEnd,       // in template `process`, an acquire is followed by the process's end
  kReleaseAfterAcquire,  // in template `process`, the release at `line` follows an acquire
  kLockFreeInfinite,     // the model without its locks has infinitely many schedules
  kLockFreeNotCounted,   // the model without its locks was not counted
  kLockedInfinite,       // the model with its locks has infinitely many schedules
};

struct WhyNot {
  CountStop stop = CountStop::kNone;
  uint64_t bound = 0;   // kStates, kLocalStates, kClassSize, kTimedStates
  std::string process;  // kAcquireThenEnd, kReleaseAfterAcquire: the template's name
  int line = 0;         // kReleaseAfterAcquire: the release's line
  // kInterrupted, kStates, kLocalStates: it is the graph of the model with its locks that
  // stopped so (lock_effect.h), not the variant's own.
  bool with_locks = false;

  bool empty() const { return stop == CountStop::kNone; }
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_WHY_NOT_H_
