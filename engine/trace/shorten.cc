// ShortenSchedule (shorten.h).
#include "engine/trace/shorten.h"

namespace racecheck {

namespace {

bool StateViolates(const System& sys, const uint64_t* s, int32_t property) {
  switch (sys.properties()[property].kind) {
    case PropertyKind::kInvariant:
      return !sys.Holds(property, s);
    case PropertyKind::kFinal:
      return sys.Terminal(s) && !sys.Holds(property, s);
    case PropertyKind::kDeadlock: {
      if (sys.Terminal(s)) return false;
      for (int p = 0; p < sys.num_processes(); ++p) {
        if (sys.Enabled(s, p)) return false;
      }
      return true;
    }
    case PropertyKind::kAssert:
    case PropertyKind::kLockMisuse:
    case PropertyKind::kRange:
    case PropertyKind::kRuntime:
      return false;  // a step property: only a step violates it
  }
  return false;
}

}  // namespace

bool EndsInViolation(const System& sys, const std::vector<int32_t>& schedule, int32_t property) {
  const size_t w = static_cast<size_t>(sys.words());
  std::vector<uint64_t> cur(w), next(w);
  sys.Initial(cur.data());
  for (size_t i = 0; i < schedule.size(); ++i) {
    const int32_t p = schedule[i];
    if (p < 0 || p >= sys.num_processes() || !sys.Enabled(cur.data(), p)) return false;
    const StepResult r = sys.Step(cur.data(), p, next.data());
    if (r.status == StepStatus::kViolation) {
      if (r.property == property) return i + 1 == schedule.size();
      if (!r.successor) return false;  // else on, as Replay goes on to its target (replay.h)
    }
    cur.swap(next);
  }
  return StateViolates(sys, cur.data(), property);
}

std::vector<int32_t> ShortenSchedule(const System& sys, std::vector<int32_t> schedule,
                                     int32_t property) {
  if (schedule.size() > kMaxShortenSteps || !EndsInViolation(sys, schedule, property)) {
    return schedule;
  }
  std::vector<int32_t> candidate;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < schedule.size();) {
      candidate = schedule;
      candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(i));
      if (EndsInViolation(sys, candidate, property)) {
        schedule.swap(candidate);
        changed = true;
      } else {
        ++i;
      }
    }
  }
  // An invariant: stop at the first state that violates it.
  if (sys.properties()[property].kind == PropertyKind::kInvariant) {
    const size_t w = static_cast<size_t>(sys.words());
    std::vector<uint64_t> cur(w), next(w);
    sys.Initial(cur.data());
    for (size_t i = 0; i < schedule.size(); ++i) {
      if (!sys.Holds(property, cur.data())) {
        schedule.resize(i);
        break;
      }
      sys.Step(cur.data(), schedule[i], next.data());
      cur.swap(next);
    }
  }
  return schedule;
}

}  // namespace racecheck
