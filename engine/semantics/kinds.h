// The closed sets of kinds of a compiled program: the instruction kinds (program.h's PInstr) and
// the property kinds (PropertyInfo). Each is one X-macro table with a line of meaning per row;
// the enum, the list of all kinds, the name function and each attribute column's function are
// generated from it, so a new kind is one new row. Constant; usable from any thread.
#ifndef RACECHECK_ENGINE_SEMANTICS_KINDS_H_
#define RACECHECK_ENGINE_SEMANTICS_KINDS_H_

#include <cstdint>

namespace racecheck {

// The instruction kinds: one row each, with its name (what the runner's reports show for an
// instruction without a source step), whether it takes a step of its own (`step`: false for
// control flow, which a pc only passes on its way to the next step; a stored pc never rests
// there), and its meaning.
#define RACECHECK_INSTR_KINDS(X)                                                              \
  X(kAssign, "assign", true, "target := value; one step (or part of an atomic group)")        \
  X(kBranch, "branch", true,                                                                  \
    "if cond is false go to `alt`, else fall through; one step (`if` and `while` tests)")     \
  X(kJump, "jump", false, "go to `alt`; not a step (control flow only)")                      \
  X(kSleep, "sleep", false,                                                                   \
    "not a step in the model; the real runner sleeps [sleep_lo, sleep_hi] seconds")           \
  X(kAcquire, "acquire", true,                                                                \
    "lock: wait until free, take it; semaphore: wait until > 0, decrement")                   \
  X(kRelease, "release", true,                                                                \
    "lock: give back (violation if not the holder); semaphore: increment")                    \
  X(kElided, "elided", false,                                                                 \
    "an acquire/release removed by the lock-free variant; not a step, shown in traces")       \
  X(kAwait, "await", true, "wait until cond holds; one step")                                 \
  X(kAssert, "assert", true, "a violation of property `property` if cond is false; one step") \
  X(kPrint, "print", true, "an output event; one step")                                       \
  X(kArrive, "arrive", true,                                                                  \
    "barrier `sync`: wait while it lets the last group go, then arrive (the last one opens "  \
    "it); one step")                                                                          \
  X(kLeave, "leave", true,                                                                    \
    "barrier `sync`: wait until it is open, then leave (the last one closes it); one step")   \
  X(kPut, "put", true,                                                                        \
    "queue `sync`: wait while it is full, then append the value of `expr`; one step")         \
  X(kGet, "get", true,                                                                        \
    "queue `sync`: wait while it is empty, then take its first item into `target`; one step") \
  X(kCondWait, "cond-wait", true,                                                             \
    "condition `sync`, the first of `wait`'s steps: waits while notified processes have not " \
    "woken; gives up the condition's lock (lock_misuse if not its holder) and sleeps")        \
  X(kCondWake, "cond-wake", true,                                                             \
    "condition `sync`: wait until notified (or, with spurious wake-ups, at any time), then "  \
    "wake; the lock is taken back by the kAcquire that follows")                              \
  X(kNotify, "notify", true,                                                                  \
    "condition `sync`: wakes one sleeping process, if any (lock_misuse if not the lock's "    \
    "holder); waits while notified processes have not woken; one step")                       \
  X(kNotifyAll, "notify-all", true, "condition `sync`: as kNotify, for every sleeper")        \
  X(kEnd, "end", true, "the process has finished (where a finished process's pc rests)")

enum class InstrKind : uint8_t {
#define RACECHECK_INSTR_KIND_ENUM(kind, name, step, meaning) kind,
  RACECHECK_INSTR_KINDS(RACECHECK_INSTR_KIND_ENUM)
#undef RACECHECK_INSTR_KIND_ENUM
};

// Every instruction kind, in table order.
inline constexpr InstrKind kAllInstrKinds[] = {
#define RACECHECK_INSTR_KIND_LIST(kind, name, step, meaning) InstrKind::kind,
    RACECHECK_INSTR_KINDS(RACECHECK_INSTR_KIND_LIST)
#undef RACECHECK_INSTR_KIND_LIST
};

// The kind's name: "assign", "branch", "jump", ...
constexpr const char* InstrKindName(InstrKind k) {
  switch (k) {
#define RACECHECK_INSTR_KIND_NAME(kind, name, step, meaning) \
  case InstrKind::kind:                                      \
    return name;
    RACECHECK_INSTR_KINDS(RACECHECK_INSTR_KIND_NAME)
#undef RACECHECK_INSTR_KIND_NAME
  }
  return "?";
}

// True for the kinds that take a step of their own (as opposed to control flow), kEnd included.
constexpr bool IsStepKind(InstrKind k) {
  switch (k) {
#define RACECHECK_INSTR_KIND_STEP(kind, name, step, meaning) \
  case InstrKind::kind:                                      \
    return step;
    RACECHECK_INSTR_KINDS(RACECHECK_INSTR_KIND_STEP)
#undef RACECHECK_INSTR_KIND_STEP
  }
  return false;
}

// True for the steps of a condition (a wait's first two, notify, notify_all), whose `sync` is
// an index into System::conditions.
constexpr bool IsConditionKind(InstrKind k) {
  return k == InstrKind::kCondWait || k == InstrKind::kCondWake || k == InstrKind::kNotify ||
         k == InstrKind::kNotifyAll;
}

// The kinds of property: one row each, with its name (as in reports), whether a step violates it
// as it runs (`of_step`: assert, lock misuse, range, runtime) or a state does (`!of_step`:
// invariant, final, deadlock), and its meaning.
#define RACECHECK_PROPERTY_KINDS(X)                                                             \
  X(kInvariant, "invariant", false, "`invariants:` — must hold in every reachable state")       \
  X(kFinal, "final", false,                                                                     \
    "`final:` — must hold in every terminal state (all processes finished)")                    \
  X(kAssert, "assert", true, "an `assert:` step — its condition must hold when it runs")        \
  X(kDeadlock, "deadlock", false, "built in: some process has not finished and none can move")  \
  X(kLockMisuse, "lock misuse", true, "built in: a process releases a lock it may not release") \
  X(kRange, "range", true, "built in: a value outside its variable's range")                    \
  X(kRuntime, "runtime", true,                                                                  \
    "built in: division by zero, overflow, an index out of range, or an atomic group that "     \
    "never ends")

enum class PropertyKind : uint8_t {
#define RACECHECK_PROPERTY_KIND_ENUM(kind, name, of_step, meaning) kind,
  RACECHECK_PROPERTY_KINDS(RACECHECK_PROPERTY_KIND_ENUM)
#undef RACECHECK_PROPERTY_KIND_ENUM
};

// Every property kind, in table order.
inline constexpr PropertyKind kAllPropertyKinds[] = {
#define RACECHECK_PROPERTY_KIND_LIST(kind, name, of_step, meaning) PropertyKind::kind,
    RACECHECK_PROPERTY_KINDS(RACECHECK_PROPERTY_KIND_LIST)
#undef RACECHECK_PROPERTY_KIND_LIST
};

// The kind's name: "invariant", "final", "assert", "deadlock", "lock misuse", ...
constexpr const char* PropertyKindName(PropertyKind k) {
  switch (k) {
#define RACECHECK_PROPERTY_KIND_NAME(kind, name, of_step, meaning) \
  case PropertyKind::kind:                                         \
    return name;
    RACECHECK_PROPERTY_KINDS(RACECHECK_PROPERTY_KIND_NAME)
#undef RACECHECK_PROPERTY_KIND_NAME
  }
  return "?";
}

// True for the kinds that a step violates as it runs (StepStatus::kViolation); false for those
// that a state violates (checked on states the search reaches).
constexpr bool IsStepProperty(PropertyKind k) {
  switch (k) {
#define RACECHECK_PROPERTY_KIND_OF_STEP(kind, name, of_step, meaning) \
  case PropertyKind::kind:                                            \
    return of_step;
    RACECHECK_PROPERTY_KINDS(RACECHECK_PROPERTY_KIND_OF_STEP)
#undef RACECHECK_PROPERTY_KIND_OF_STEP
  }
  return false;
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_KINDS_H_
