// ShortestContinuation: from a given state of a System (not only the initial one), the shortest
// sequence of steps that reaches a violation of a property: a state that violates an invariant
// or a `final` property, a deadlock, or a step that violates a property (assert, lock misuse,
// range, runtime). For `racecheck play`'s hint, which asks it from wherever the player is.
//
// A plain breadth-first search (no reduction: every step is one of the plain model, so the
// answer is a schedule the player can type), successors in process order, bounded by
// `max_states`. Deterministic. Call from any thread.
#ifndef RACECHECK_ENGINE_EXPLORE_CONTINUATION_H_
#define RACECHECK_ENGINE_EXPLORE_CONTINUATION_H_

#include <cstdint>
#include <vector>

#include "engine/semantics/system.h"

namespace racecheck {

struct Continuation {
  enum class Kind : uint8_t {
    kFound,        // `steps` reach a violation of `property`
    kNone,         // every state reachable from the start was explored: no violation
    kUnknown,      // max_states was reached first
    kViolatedNow,  // the start state itself violates `property` (steps is empty)
  };
  Kind kind = Kind::kNone;
  std::vector<int32_t> steps;  // process indices
  int32_t property = -1;
  uint64_t states = 0;  // explored
};

// With `movers`, only the processes p with (*movers)[p] move (the others stay where they are):
// a continuation found is then a shortest one among those processes only, and kNone says only
// that those processes cannot reach a violation by themselves.
Continuation ShortestContinuation(const System& system, const std::vector<uint64_t>& start,
                                  uint64_t max_states = 1000000,
                                  const std::vector<bool>* movers = nullptr);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_CONTINUATION_H_
