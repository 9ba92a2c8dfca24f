// ShortenSchedule: makes a counterexample shorter by dropping the steps it does not need.
//
// The reductions (local-step fusion, partial order) keep every violation reachable but not
// every shortest path to it, so a breadth-first counterexample may carry steps of processes that
// play no part (a client printing while two others race). This removes steps one at a time,
// keeping a removal whenever the rest is still a schedule of the model that ends in a violation
// of the same property, until no single step can go; then cuts an invariant's schedule at the
// first state that violates it. The result is a schedule of `system`, never longer, and still a
// counterexample of `property`; it is not always a shortest one. Deterministic. Schedules longer
// than kMaxShortenSteps are returned as they are (the cost is quadratic in the length).
#ifndef RACECHECK_ENGINE_TRACE_SHORTEN_H_
#define RACECHECK_ENGINE_TRACE_SHORTEN_H_

#include <cstdint>
#include <vector>

#include "engine/semantics/system.h"

namespace racecheck {

constexpr size_t kMaxShortenSteps = 256;

// Does `schedule` run from the initial state, every step enabled and none violating a property
// before the last, and end in a violation of `property`: the last step violates it (a step
// property), or the state after it does (an invariant; a `final` property in a terminal state;
// a deadlock)?
bool EndsInViolation(const System& system, const std::vector<int32_t>& schedule, int32_t property);

// Returns `schedule` unchanged if !EndsInViolation(system, schedule, property).
std::vector<int32_t> ShortenSchedule(const System& system, std::vector<int32_t> schedule,
                                     int32_t property);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_TRACE_SHORTEN_H_
