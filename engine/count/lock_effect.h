// LockEffect: what a model's locks do to its schedules — of the schedules of the model without
// its locks, how many the locks still allow, and how many they forbid, harmful or harmless.
//
// The two variants' schedules cannot be compared as they are (the locked one has acquire and
// release steps), so each locked schedule is projected onto the lock-free steps: its acquires
// and releases are dropped. A complete lock-free schedule is *allowed* when it is the
// projection of a complete locked schedule.
//
// How they are counted: by one normal form. Given a lock-free schedule, let each process take
// its locks as late as possible (its acquires right before its next other step) and give them
// back as early as possible (its releases right after its step before them). If any locked
// schedule projects onto it, this one does: its holding intervals lie inside that schedule's,
// which were disjoint already. So the allowed schedules are exactly the complete schedules of
// the locked model run under this normal form (a step of a process = its pending acquires, its
// next other step, then the releases that follow), counted like any other (schedule_counts.h).
// The argument needs a simple discipline, checked on the code first: locks only (no
// semaphores), and between two other steps of a process (or before its first, or after its
// last) its releases come before its acquires. Otherwise `not_computed` says why.
//
// Pure function of its inputs; call from one thread.
#ifndef RACECHECK_ENGINE_COUNT_LOCK_EFFECT_H_
#define RACECHECK_ENGINE_COUNT_LOCK_EFFECT_H_

#include <cstdint>
#include <string>

#include "engine/count/big_int.h"
#include "engine/count/counts.h"
#include "engine/count/why_not.h"

namespace racecheck {

struct LockEffect {
  bool computed = false;
  WhyNot not_computed;  // why not, when !computed (empty when counting was off)
  // All counts are of complete schedules (every process finished), of the lock-free steps.
  BigInt lock_free;            // the lock-free model's
  BigInt lock_free_violating;  // of them, the ones that violate some property
  BigInt allowed;              // of lock_free, the ones the locks allow
  BigInt allowed_violating;    // of allowed, the ones that still violate a property
  BigInt forbidden;            // lock_free - allowed
  BigInt forbidden_violating;  // of forbidden, the ones that violate a property
  BigInt forbidden_harmless;   // of forbidden, the ones that violate none
  uint64_t states = 0;         // states of the locked model under the normal form
};

// Compares the locked System `locked_plain` (its fused form `locked_fused`, counted as
// options.every_step says) with the lock-free variant's counts, `lock_free_complete` (counted
// with the same options and complete_only).
LockEffect CompareWithLocks(const System& locked_plain, const System& locked_fused,
                            const ScheduleCounts& lock_free_complete, const CountOptions& options);

// Why the normal form cannot count `system`'s locks (empty when it can): kSemaphores, or a
// process that acquires and then releases or ends with no other step in between
// (kReleaseAfterAcquire, kAcquireThenEnd).
WhyNot LockDisciplineProblem(const System& system);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_LOCK_EFFECT_H_
