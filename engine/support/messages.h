// The message catalogue: every text a student reads in a report (headings, table headings,
// explanations, conclusions), one id per message, with one text per language.
//
// The ids and what each message is for are listed once, in RACECHECK_MESSAGES below; the texts
// are in one file per language (messages_en.cc, messages_zh.cc), each a table of
// {Msg::kId, "text"} rows that the compiler checks is complete (every id exactly once). To add
// a message: one line here, one row in each language's file, and Say(lang, Msg::kId, ...) where
// it is printed.
//
// Texts are fmt format strings with named arguments, so that a translation may put them in any
// order: Say(lang, Msg::kAtStep, fmt::arg("n", 3)) -> "at step 3" / "在第 3 步". A text takes
// exactly the named arguments its line below lists, and a caller passes all of them.
// Pure functions over constant tables; thread-safe.
#ifndef RACECHECK_ENGINE_SUPPORT_MESSAGES_H_
#define RACECHECK_ENGINE_SUPPORT_MESSAGES_H_

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/support/catalogue.h"
#include "engine/support/lang.h"

// X(id, what the message is for {its named arguments})
// Every language's text of a message takes the same named arguments, except those whose name
// starts with '_': a language's grammar (English's "it"/"them", a verb's number, "the"), which
// each language takes only if it needs them; the caller passes them all.
#define RACECHECK_MESSAGES(X)                                                                      \
  /* Counterexample table (trace/render_text.cc). */                                               \
  X(kColShared, "heading of the last column: shared variables after the step")                     \
  X(kInitialState, "first row's cell: the initial state")                                          \
  X(kRead, "what an instruction read {values}")                                                    \
  X(kSets, "what an instruction wrote when it read nothing {values}")                              \
  X(kPrints, "what a print printed {text}")                                                        \
  X(kSleeps, "a sleep passed after a step {s}")                                                    \
  X(kSleepsRange, "a sleep of a range passed after a step {lo} {hi}")                              \
  X(kRemoved, "an acquire/release removed in the lock-free variant {source}")                      \
  X(kMoreInstrs, "a very long step cut short {n}")                                                 \
  X(kViolatesStep, "a step that violates a property {name}")                                       \
  X(kViolatesStepDetail, "a step that violates a property, with why {name} {detail}")              \
  X(kViolationEnds,                                                                                \
    "under a violating step that is not the last: Python's exception ended the "                   \
    "process {process}")                                                                           \
  X(kViolationGoesOn, "under a violating release that Python carries out {process}")               \
  X(kHiddenOne, "below the table: one process not shown")                                          \
  X(kHiddenMany, "below the table: processes not shown {n}")                                       \
  X(kInInitialState, "when a property is violated: in the initial state")                          \
  X(kAtStep, "when a step property is violated {n}")                                               \
  X(kAfterStep, "when a state property is violated {n}")                                           \
  X(kViolationWhat, "what was violated and when {property} {when}")                                \
  X(kViolated, "the line naming the violation {what}")                                             \
  X(kViolationDetail, "appended to kViolated: the values involved {detail}")                       \
  X(kCannotReplay, "a schedule entry that cannot run {message}")                                   \
  X(kCannotRun, "why a schedule entry cannot run {n} {p} {why}")                                   \
  X(kUnusedOne, "one schedule entry left over after the violation")                                \
  X(kUnusedMany, "schedule entries left over after the violation {n}")                             \
  X(kNoViolation, "a replayed schedule that violates nothing")                                     \
  X(kFinalValues, "the shared variables at the end {values}")                                      \
  X(kScheduleEmpty, "the schedule line for an empty schedule")                                     \
  X(kSchedule, "the schedule line {schedule}")                                                     \
  /* Properties and waits (trace/describe.cc). */                                                  \
  X(kKindInvariant, "the kind of an `invariants:` property")                                       \
  X(kKindFinal, "the kind of a `final:` property")                                                 \
  X(kPropNamed, "a named property {kind} {name} {line} {text}")                                    \
  X(kPropNamedNoLine, "a named property without a line {kind} {name} {text}")                      \
  X(kPropAssert, "an assert step {line} {text}")                                                   \
  X(kPropAssertNoLine, "an assert step without a line {text}")                                     \
  X(kPropDeadlock, "the built-in deadlock property")                                               \
  X(kPropLockMisuse, "the built-in lock-misuse property, in a model whose locks have no owner")    \
  X(kPropLockMisuseOwned,                                                                          \
    "the built-in lock-misuse property, in a model with an rlock or an "                           \
    "owner_only lock")                                                                             \
  X(kPropRange, "the built-in range property")                                                     \
  X(kPropRuntime, "the built-in runtime property")                                                 \
  X(kPropUnknown, "a property index out of range")                                                 \
  X(kNameDeadlock, "the built-in deadlock property's name, where a name goes")                     \
  X(kNameLockMisuse, "the built-in lock-misuse property's name")                                   \
  X(kNameRange, "the built-in range property's name")                                              \
  X(kNameRuntime, "the built-in runtime property's name")                                          \
  X(kNameAssert, "an assert's name {line}")                                                        \
  X(kWaitFinished, "a process that has finished")                                                  \
  X(kWaitWhere, "where a process waits {line} {source}")                                           \
  X(kWaitSemaphore, "waiting for a semaphore at 0 {sync} {where}")                                 \
  X(kWaitReentrant, "waiting for a lock it holds itself {sync} {where}")                           \
  X(kWaitHeld, "waiting for a lock another process holds {sync} {holder} {where}")                 \
  X(kWaitAwait, "waiting for a condition {cond} {where}")                                          \
  X(kWaitBarrier, "waiting at a barrier until all parties arrive {barrier} {n} {parties} {where}") \
  X(kWaitBarrierOpen, "waiting to arrive at a barrier that lets a group go {barrier} {where}")     \
  X(kWaitQueueFull, "waiting to put into a full queue {queue} {n} {where}")                        \
  X(kWaitQueueEmpty, "waiting to get from an empty queue {queue} {where}")                         \
  X(kWaitNotify, "waiting on a condition until notified {cond} {where}")                           \
  X(kWaitWoken, "waiting until processes notified on a condition wake {cond} {n} {where}")         \
  X(kWaitBlocked, "blocked for another reason {where}")                                            \
  X(kAndMore, "a list cut short {n}")                                                              \
  /* Explanations (trace/explain.cc). */                                                           \
  X(kLostUpdateBoth,                                                                               \
    "two read the same value, both wrote {a} {b} {x} {x_is} {i} {j} {w} "                          \
    "{w_is} {jw} {more} {lost} {l_is} {k} {also}")                                                 \
  X(kLostUpdateOne,                                                                                \
    "one read, another wrote, the first overwrote {a} {x_is} {i} {b} {b_is} "                      \
    "{j} {more} {a_is} {k} {also}")                                                                \
  X(kMoreWritesOne, "one more write to the variable {x}")                                          \
  X(kMoreWritesMany, "more writes to the variable {n} {x}")                                        \
  X(kTogetherWith, "other variables the same step wrote {list}")                                   \
  X(kStaleRead, "a decision on a value that changed {a} {x} {x_is} {i} {b} {v} {j} {y_is} {k}")    \
  X(kInterleavedBetween,                                                                           \
    "a line printed between two of another's {b} {line} {j} {a} {first} "                          \
    "{i} {next} {k}")                                                                              \
  X(kInterleavedOpen,                                                                              \
    "a line printed while another had more to print {b} {line} {j} {a} "                           \
    "{first} {i}")                                                                                 \
  X(kHistory, "how a variable of the property changed {x} {from} {to} {changes}")                  \
  X(kHistoryFirst, "the first change in kHistory {p} {v} {k}")                                     \
  X(kHistoryNext, "a later change in kHistory {p} {v} {k}")                                        \
  X(kHistoryMore, "changes left out of kHistory {n}")                                              \
  X(kAssertFailed, "an assert that failed {k} {p} {cond} {line} {values}")                         \
  X(kAssertFailedNoValues, "an assert that failed, reading nothing {k} {p} {cond} {line}")         \
  X(kMisuseFree, "releasing a lock nobody held {k} {p} {sync} {line}")                             \
  X(kMisuseOther, "releasing a lock another held {k} {p} {sync} {line} {holder}")                  \
  X(kFinalAllDone, "a final property false at the end {values} {cond}")                            \
  X(kDeadlockLink, "one process in a circular wait {p} {at} {held} {wanted} {line} {holder}")      \
  X(kTookAt, "when the process took the lock {n}")                                                 \
  X(kTookAtUnknown, "when it is not known when it took the lock")                                  \
  X(kCircularTwo, "end of a circular wait of two")                                                 \
  X(kCircularMany, "end of a circular wait of more than two")                                      \
  X(kNoProcessCanMove, "a deadlock without a circular wait {list}")                                \
  X(kFinishedHolding, "the holder finished without releasing")                                     \
  X(kDiedHolding, "after the holder's name: it ended at a violation, holding the lock {n}")        \
  X(kResult, "the last paragraph: the violation {violation}")                                      \
  X(kListSep, "between items of a list")                                                           \
  X(kListLastSep, "before the last item of a list")                                                \
  X(kClauseSep, "between clauses of one sentence")                                                 \
  /* Where the locks would have stopped a lock-free trace (trace/explain_lock.cc). */              \
  X(kLockWaited,                                                                                   \
    "a process that would have waited for a lock {b} {at} {when} {a} {lock} "                      \
    "{since} {held} {so}")                                                                         \
  X(kSemaphoreWaited, "a process that would have waited for a semaphore {b} {at} {when} {why}")    \
  X(kWhenAfterStep, "reached an acquire at the end of a step {n}")                                 \
  X(kWhenBeforeStep, "reached an acquire before its first step {n}")                               \
  X(kSinceAtStep, "took a lock at the end of a step {n}")                                          \
  X(kSinceBeforeStep, "took a lock before a step {n}")                                             \
  X(kWaitsAt, "the acquire step waited at {source} {line}")                                        \
  X(kReleasesAfter, "the holder releases later {n}")                                               \
  X(kStillHolds, "the holder never releases in the trace")                                         \
  X(kCouldNotRead, "what the lock would have ordered {b} {x} {r} {a} {w}")                         \
  X(kCouldNotRun, "what the lock would have delayed {b} {n} {a}")                                  \
  X(kSemCountZero, "why a semaphore blocks, nobody known")                                         \
  X(kSemTakenBy, "why a semaphore blocks {takers}")                                                \
  X(kSemTaker, "one taker of a semaphore {p} {since}")                                             \
  /* The check report (report/check_report.cc). */                                                 \
  X(kHeadModel, "first line {name} {path}")                                                        \
  X(kHeadParams, "the params line {list}")                                                         \
  X(kHeadProcesses, "how many processes {n}")                                                      \
  X(kHeadProperties, "heading of the list of properties")                                          \
  X(kVariantAsWritten, "the model as written")                                                     \
  X(kVariantWithoutLocks, "the lock-free variant")                                                 \
  X(kWithLocks, "summary column of the model as written, when it uses locks {variant}")            \
  X(kRowVerdict, "summary row label")                                                              \
  X(kRowStates, "summary row label")                                                               \
  X(kRowTransitions, "summary row label")                                                          \
  X(kRowTerminal, "summary row label")                                                             \
  X(kRowDepth, "summary row label")                                                                \
  X(kRowSearch, "summary row label")                                                               \
  X(kRowViolatingStates, "summary row label (--all)")                                              \
  X(kVerdictHolds, "verdict cell")                                                                 \
  X(kVerdictViolated, "verdict cell {names}")                                                      \
  X(kVerdictIncomplete, "verdict cell")                                                            \
  X(kSearchComplete, "search cell")                                                                \
  X(kSearchStopped, "search cell {reason}")                                                        \
  X(kSearchFirstViolation, "search cell")                                                          \
  X(kViolatingIn, "violating-states cell {name} {n} {of}")                                         \
  X(kNone, "an empty cell")                                                                        \
  X(kRowSchedules, "summary row label: schedules of every step")                                   \
  X(kRowSchedulesShared, "summary row label: schedules of shared steps")                           \
  X(kRowViolate, "summary row label, indented {name}")                                             \
  X(kRowAtRandom, "summary row label, indented")                                                   \
  X(kRowLeastTime, "summary row label")                                                            \
  X(kNotCounted, "schedules cell of a variant not counted")                                        \
  X(kPowerOfTen, "m times 10 to the e (the exponent as {_e}, or as superscript {_sup}) {m}")       \
  X(kCountAbout, "a count too long for the table, in kPowerOfTen {x}")                             \
  X(kCountCell, "a count and the share it is of the whole {n} {share}")                            \
  X(kCountParts, "a count and what it is made of {n} {parts}")                                     \
  X(kCountPartSep, "between the parts of kCountParts")                                             \
  X(kCountInfinite, "an infinite count")                                                           \
  X(kCountInText, "an exact count in a sentence; zh: with the spaces around it {x}")               \
  X(kCountAboutInText, "kCountAbout in a sentence; zh: with the spaces around it {x}")             \
  X(kTheLock, "what the lock-free variant removes, in a sentence: one lock")                       \
  X(kTheLocks, "the same: several locks")                                                          \
  X(kTheSemaphore, "the same: one semaphore")                                                      \
  X(kTheSemaphores, "the same: several semaphores")                                                \
  X(kTheLocksAndSemaphores, "the same: locks and semaphores")                                      \
  X(kTheProcess, "the processes of a model that has one")                                          \
  X(kTheTemplateProcesses, "the processes of a model with one template {n} {name}")                \
  X(kTheProcesses, "the processes of a model with several templates {n}")                          \
  X(kSomeProperty, "what the lock forbids when several properties are violated")                   \
  X(kStepsEvery, "what the schedules order, counted step by step")                                 \
  X(kStepsShared, "what the schedules order, counted on the shared steps")                         \
  X(kLegendParens, "the legend under the table in its parentheses {text}")                         \
  X(kCountComplete, "part of a schedules cell {n}")                                                \
  X(kCountStuck, "part of a schedules cell {n}")                                                   \
  X(kCountFailed, "part of a schedules cell {n}")                                                  \
  X(kShareAllBut, "a share close to 1 {x}")                                                        \
  X(kShareOneIn, "a share close to 0 {x}")                                                         \
  X(kExactly, "an exact probability after its decimal {f}")                                        \
  X(kLegendStates, "legend under the summary")                                                     \
  X(kLegendViolatingStates, "legend under the summary (--all)")                                    \
  X(kLegendEvery, "legend: schedules of every step")                                               \
  X(kLegendShared, "legend: schedules of shared steps")                                            \
  X(kLegendInfinite, "legend: infinitely many {precision}")                                        \
  X(kLegendRandom, "legend: at random")                                                            \
  X(kLegendTime, "legend: least time")                                                             \
  X(kFinalValuesHead, "heading of the final values table (--outcomes)")                            \
  X(kFinalValuesLegend, "legend under the final values table")                                     \
  X(kFinalValuesViolates, "a valuation whose end state violates {values} {names}")                 \
  X(kFinalValuesCell, "a cell: {n} schedules, {share} of them")                                    \
  X(kFinalValuesRandom, "a cell and the chance at random {cell} {p}")                              \
  X(kFinalValuesMore, "after the rows shown {n}")                                                  \
  X(kExactHead, "heading of the exact counts too long for the table")                              \
  X(kExactTotal, "an exact count line head {variant}")                                             \
  X(kExactViolate, "an exact count line head {variant} {name}")                                    \
  X(kExactOthers, "the others (of the exact counts), before kExactLonger")                         \
  X(kExactLonger, "exact counts too long to print {others} {n}")                                   \
  X(kSharedOnly, "why the shared steps were counted {variant} {n}")                                \
  X(kSkippedCounts, "a variant's counts skipped {variant} {why} {how}")                            \
  X(kSkippedMemory, "how to get counts that ran out of memory")                                    \
  X(kSkippedBound, "how to get counts beyond the bound {shared}")                                  \
  X(kSkippedShared, "part of kSkippedBound")                                                       \
  X(kSkippedSmaller, "how to get counts the count view cannot hold")                               \
  X(kLockNotCounted, "what the locks remove, not counted {locks} {why}")                           \
  X(kLockHead, "what the locks remove {locks} {steps} {processes} {allowed}")                      \
  X(kLockAll, "the locks forbid nothing")                                                          \
  X(kLockOnlyTime, "the locks forbid only harmless orders {forbidden} {locks}")                    \
  X(kLockForbids, "the locks forbid {forbidden}")                                                  \
  X(kLockForbidsAll, "every violating order is forbidden {what}")                                  \
  X(kLockForbidsSome, "some violating orders are forbidden {k} {m} {what}")                        \
  X(kLockNoHarmless, "no harmless order is forbidden")                                             \
  X(kLockHarmless, "harmless orders forbidden too {n}")                                            \
  X(kLockStillAllows, "violating orders still allowed {n} {what}")                                 \
  X(kTimeBoth, "the least time with and without the locks {locks} {processes} {with} {without}")   \
  X(kTimeHeld, "the time slept holding a lock {lock} {s}")                                         \
  X(kTimeOne, "the least time of one variant {processes} {t}")                                     \
  X(kTimeNot, "the least time not worked out {variant} {why}")                                     \
  X(kAtLeastRange, "a least time with sleep ranges {lo} {hi}")                                     \
  /* Why a count was not worked out (report/why_not_text.cc; CountStop in count/why_not.h). */     \
  X(kStopInterrupted, "why not: an interrupt stopped it")                                          \
  X(kStopOutOfMemory, "why not: memory ran out")                                                   \
  X(kStopStates, "why not: more states than the bound {n}")                                        \
  X(kStopLocalStates, "why not: more local states than the count view holds {n}")                  \
  X(kStopClassSize, "why not: more identical processes than the count view holds {n}")             \
  X(kStopNoSleeps, "why no time: the model never sleeps")                                          \
  X(kStopNoneFinishes, "why no time: every schedule gets stuck")                                   \
  X(kStopTimedStates, "why no time: more timed states than the bound {n}")                         \
  X(kStopBusyWait, "why no time: a loop without a sleep")                                          \
  X(kStopSemaphores, "why the locks' effect is not counted: semaphores")                           \
  X(kStopConditions, "why the locks' effect is not counted: conditions")                           \
  X(kStopAcquireThenEnd, "why not counted: an acquire right before the end {process}")             \
  X(kStopReleaseAfterAcquire, "why not: a release right after an acquire {process} {line}")        \
  X(kStopLockFreeInfinite, "why not counted: the lock-free model's schedules are infinite")        \
  X(kStopLockFreeNotCounted, "why not counted: the lock-free model was not counted")               \
  X(kStopLockedInfinite, "why not counted: the locked model's schedules are infinite")             \
  X(kStopWithLocks, "why not counted: the locked model's graph stopped {why}")                     \
  /* Why a search stopped early (report/why_not_text.cc; SearchStop in explore/explorer.h). */     \
  X(kSearchInterrupted, "search stopped: an interrupt")                                            \
  X(kSearchMaxStates, "search stopped: --max-states {n}")                                          \
  X(kSearchMaxMemory, "search stopped: --max-memory {mib}")                                        \
  X(kSearchDefaultMemory, "search stopped: the default memory bound {mib} {bound} {origin}")       \
  X(kSearchOutOfMemory, "search stopped: the kernel refused memory {what}")                        \
  X(kReductionsHead, "heading of a variant's reductions {variant}")                                \
  X(kLocalFused, "reductions: the local-step reduction on")                                        \
  X(kNoLocal, "reductions: the local-step reduction off")                                          \
  X(kNoSymmetry, "reductions: symmetry off")                                                       \
  X(kSymInterchangeable, "reductions: a template's instances merged {n} {name}")                   \
  X(kSymNoSelf, "reductions: a template not merged, it reads self {name}")                         \
  X(kSymHolder, "reductions: symmetry off, holder() names processes {name}")                       \
  X(kSymNotSame, "reductions: a template not merged, its instances differ {name}")                 \
  X(kNoPor, "reductions: partial order off")                                                       \
  X(kPorHolding, "partial order under a lock {lock} {what}")                                       \
  X(kPorStepsOn, "what runs alone under the lock {names}")                                         \
  X(kPorReadsOf, "what runs alone under the lock {names}")                                         \
  X(kPorStepsAndReads, "what runs alone under the lock {all} {reads}")                             \
  X(kPorOwn, "partial order on variables of one process each {names}")                             \
  X(kPorLocal, "partial order on local steps")                                                     \
  X(kPorNone, "partial order finds nothing")                                                       \
  X(kNameSep, "between quoted names in a list")                                                    \
  X(kFingerprintNote, "fingerprint store's risk {bound}")                                          \
  X(kPorStates, "partial-order states {a} {b}")                                                    \
  X(kCexHeading, "heading of a counterexample {variant} {property} {n}")                           \
  X(kCexHeadingOne, "heading of a counterexample of one step {variant} {property}")                \
  X(kCexHeadingBfs, "heading of a breadth-first counterexample {variant} {property} {n}")          \
  X(kCexHeadingBfsOne, "the same, of one step {variant} {property}")                               \
  X(kWhatHappened, "heading of the explanation")                                                   \
  X(kReplayIt, "the command that replays a counterexample {command}")                              \
  X(kNote, "a note on the model {text}")                                                           \
  X(kGranularityNote,                                                                              \
    "a step that reads and writes a shared variable at once {line} {var} "                         \
    "{text} {split}")                                                                              \
  X(kGranularitySplit, "how to split it, appended to kGranularityNote {split}")                    \
  X(kGranularitySteps, "the split: two steps with a local between them {read} {write} {tmp}")      \
  X(kDivergenceAtomicGroup,                                                                        \
    "run: a divergence on a variable an atomic group reads and writes {line} {var}")               \
  X(kDivergenceAtomicStep,                                                                         \
    "run: a divergence on a variable one step reads and writes {text} {line} {var} {split}")       \
  X(kSyncLock, "what the lock-free variant removes, in a conclusion: one lock")                    \
  X(kSyncLocks, "several locks")                                                                   \
  X(kSyncSemaphore, "one semaphore")                                                               \
  X(kSyncSemaphores, "several semaphores")                                                         \
  X(kSyncBoth, "locks and semaphores")                                                             \
  X(kConcLocksNeeded, "conclusion: holds with, violated without {n} {syncs} {needed}")             \
  X(kNeededLock, "the one sync object is needed: a lock {name}")                                   \
  X(kNeededSemaphore, "the one sync object is needed: a semaphore {name}")                         \
  X(kNeededTogether, "several removed at once are needed together, not each {names}")              \
  X(kConcNotNeeded, "conclusion: holds with and without {syncs}")                                  \
  X(kConcLocksCause, "conclusion: violated with, holds without {syncs}")                           \
  X(kConcBothViolated, "conclusion: violated with and without {syncs}")                            \
  X(kConcPairUnfinished, "conclusion: the search of the model as written did not finish")          \
  X(kConcHolds, "conclusion of one variant: holds")                                                \
  X(kConcViolated, "conclusion of one variant: violated")                                          \
  X(kConcUnfinished, "conclusion of one variant: unfinished")                                      \
  /* The real-run report (report/run_report.cc), and how a trial is told */                        \
  /* (runner/trial_text.cc, runner/conformance.cc, check/run.cc, cli/run.cc). */                   \
  X(kRunHead, "first line {path} {name} {n} {trials}")                                             \
  X(kRunTrialsBudget, "how many trials: as the budget allows {s} {min}")                           \
  X(kRunTrialsFixed, "how many trials: a fixed number {n}")                                        \
  X(kRunTrialsForced, "appended to kRunTrialsFixed: one forced trial")                             \
  X(kRunStore, "store and options {store} {scale} {seed} {timeout} {interval}")                    \
  X(kRunStartInterval, "appended to kRunStore: the start interval {s}")                            \
  X(kRunBarrier, "how a trial starts its processes")                                               \
  X(kRunForcing, "what is forced, then what follows {what}")                                       \
  X(kRunForcedCounterexample, "a forced counterexample {variant} {property} {schedule}")           \
  X(kRunForcedSchedule, "a forced schedule as typed {schedule}")                                   \
  X(kRunForcedSkipped, "a variant the schedule does not run on {variant} {error}")                 \
  X(kRunOrphans, "trial directories of killed runs removed {n}")                                   \
  X(kRunProgress, "stderr progress line {trial} {of} {variant}")                                   \
  X(kRunProgressBudget, "stderr progress line, by the budget {trial} {variant} {s}")               \
  X(kRunPrintsHead, "heading of a trial's prints {trial} {variant} {folded}")                      \
  X(kRunPrintsFolded, "appended to kRunPrintsHead when folded {lines} {processes}")                \
  X(kRunFoldedLine, "processes that printed one line {first} {second} {last} {n} {text}")          \
  X(kRunMoreLines, "prints left out of a folded list {n}")                                         \
  X(kRunPrintsDropped, "prints that did not fit the arena {n}")                                    \
  X(kRunInterruptedMark, "a trial's prints cut by an interrupt")                                   \
  X(kRunVariantHead, "heading of a variant's summary {variant} {n}")                               \
  X(kRunOutcomesHead, "heading of the histogram of outcomes")                                      \
  X(kRunViolating, "trials violating a property {n} {of}")                                         \
  X(kRunMoreInJson, "a list cut short: the rest is in JSON")                                       \
  X(kRunWhereHead, "heading of where an invariant broke")                                          \
  X(kRunWhereBroke, "where an invariant broke {trial} {property} {where}")                         \
  X(kRunWhereBrokeInitial, "an invariant false in the initial state {trial} {property}")           \
  X(kRunOp, "an operation of a trial {process} {step} {n} {of} {from} {to}")                       \
  X(kRunBlockedHead, "heading of the trials blocked for good")                                     \
  X(kRunBlockedDeadlock, "a trial that deadlocked {trial} {how}")                                  \
  X(kRunBlockedCrashed, "a trial stuck behind a crashed process {trial} {how}")                    \
  X(kRunFinalUncheckedOne, "heading: the final property not checked {n} {of}")                     \
  X(kRunFinalUncheckedMany, "heading: the final properties not checked {n} {of}")                  \
  X(kRunTrialLine, "one trial in a list {trial} {text}")                                           \
  X(kRunExplained, "trials the model explains {n} {of}")                                           \
  X(kRunDivergedCount, "appended to kRunExplained {n}")                                            \
  X(kRunUndecidedCount, "appended to kRunExplained {n}")                                           \
  X(kRunNotCheckedCount, "appended to kRunExplained {n}")                                          \
  X(kRunReachable, "final outcomes reachable and observed outside {n} {outside}")                  \
  X(kRunTrialTime, "the median trial time {median}")                                               \
  X(kRunMinMax, "appended to kRunTrialTime {min} {max}")                                           \
  X(kRunModelLeast, "appended to kRunTrialTime: the model's least time {t}")                       \
  X(kRunStartingOne, "the time to start one process {t}")                                          \
  X(kRunStartingMany, "the time to start the processes {n} {t}")                                   \
  X(kRunUnfinishedHead, "heading of the processes that did not finish")                            \
  X(kRunUnfinished, "a process that did not finish {trial} {process} {how}")                       \
  X(kRunNotExplainedHead, "heading of the trials the model does not explain")                      \
  X(kRunUndecidedTrial, "a trial not decided {trial} {reason}")                                    \
  X(kRunDivergedTrial, "a trial that diverged from the model {trial} {where}")                     \
  X(kRunSideBySide, "heading of the side-by-side table")                                           \
  X(kRunRowTrials, "side-by-side row label")                                                       \
  X(kRunRowViolating, "side-by-side row label")                                                    \
  X(kRunRowCrashed, "side-by-side row label")                                                      \
  X(kRunRowStuck, "side-by-side row label")                                                        \
  X(kRunRowTimedOut, "side-by-side row label")                                                     \
  X(kRunRowExplained, "side-by-side row label")                                                    \
  X(kRunRowMedian, "side-by-side row label")                                                       \
  X(kRunRowFastest, "side-by-side row label")                                                      \
  X(kRunRowSlowest, "side-by-side row label")                                                      \
  X(kRunRowModelLeast, "side-by-side row label")                                                   \
  X(kRunLockCost, "the measured cost of the locks {x} {with} {without}")                           \
  X(kRunLockCostModel, "the model's least time, with and without {with} {without}")                \
  X(kRunWhyDiffer, "why the outcomes differ from the tutorial's Python {n}")                       \
  X(kRunInterrupted, "the summary of an interrupted run")                                          \
  X(kKeyUnreadable, "outcome key: the final store could not be read")                              \
  X(kKeyViolates, "outcome key: properties violated {names}")                                      \
  X(kKeySep, "outcome key: between property names")                                                \
  X(kKeyCrashed, "outcome key: processes crashed {n}")                                             \
  X(kKeyStuck, "outcome key: processes stuck {n}")                                                 \
  X(kKeyTimedOut, "outcome key: processes timed out {n}")                                          \
  X(kKeyInterrupted, "outcome key: the trial was interrupted")                                     \
  X(kUncheckedCrashed, "why no final check: processes crashed {n}")                                \
  X(kUncheckedViolated, "why no final check: processes stopped at a violation {n}")                \
  X(kUncheckedStuck, "why no final check: processes stuck {n}")                                    \
  X(kUncheckedTimedOut, "why no final check: processes timed out {n}")                             \
  X(kUncheckedUnreadable, "why no final check: the final store could not be read")                 \
  X(kEndFinished, "how a process ended")                                                           \
  X(kEndCrashed, "how a process ended")                                                            \
  X(kEndViolated, "how a process ended")                                                           \
  X(kEndStuck, "how a process ended")                                                              \
  X(kEndTimedOut, "how a process ended")                                                           \
  X(kEndReason, "how a process ended, and why {end} {reason}")                                     \
  X(kWaitsInSemWait, "a stopped process waited for a lock or semaphore {sync}")                    \
  X(kWaitsNoHolder, "appended to kWaitsInSemWait: nobody holds it")                                \
  X(kHeldBy, "appended to a wait: who holds the lock {holder}")                                    \
  X(kHolderEnded, "appended to kHeldBy: the holder ended badly {end}")                             \
  X(kHolderFinished, "appended to kHeldBy: the holder finished holding it")                        \
  X(kWaitsAtAwait, "a stopped process waited at an await {cond}")                                  \
  X(kStillRunning, "a process running when the run was interrupted")                               \
  X(kTimedOutRunning, "a process that timed out running or sleeping")                              \
  X(kTimedOutWaiting, "a process that timed out waiting {what}")                                   \
  X(kChainFirstLock, "a blocked chain: the first process waits for a lock {p} {sync}")             \
  X(kChainFirstAwait, "a blocked chain: the first process waits at an await {p}")                  \
  X(kChainNextLock, "a blocked chain: the holder waits for a lock {sync}")                         \
  X(kChainNextAwait, "a blocked chain: the holder waits at an await")                              \
  X(kChainCycle, "a blocked chain that comes back to its start")                                   \
  /* Why a trial does not conform to the model (runner/conformance.cc). */                         \
  X(kConfCrashed, "an operation crashed {why}")                                                    \
  X(kConfCrashedTorn, "an operation crashed reading a half-written file {why}")                    \
  X(kConfInterrupted, "the conformance check was interrupted")                                     \
  X(kConfTrialInterrupted, "the trial was interrupted, so it was not checked")                     \
  X(kConfLogOverflow, "the operation log overflowed, so the trial was not checked")                \
  X(kConfUndecided, "the search bound was reached {nodes} {placed} {total}")                       \
  X(kConfOperation, "the operation where no order could go on {n} {total}")                        \
  X(kConfNoOrder, "no operation fits the recorded lock and ghost orders")                          \
  X(kConfEndOfTrial, "the divergence is at the end of the trial {n} {total}")                      \
  X(kConfInitialState, "an invariant is violated in the initial state")                            \
  X(kConfElsewhere, "the model's process is at another step")                                      \
  X(kConfCannotRun, "the model's process is blocked there {why}")                                  \
  X(kConfRead, "a read the model does not allow {var} {got} {model}")                              \
  X(kConfReportedViolation, "a violation the model's step does not make")                          \
  X(kConfModelViolates, "the model's step violates a property the real one did not {property}")    \
  X(kConfWrote, "a write the model does not allow {var} {got} {model}")                            \
  X(kConfFinishedEarly, "a process finished out of the model's order {process}")                   \
  X(kConfFinalUnreadable, "the final store file could not be read")                                \
  X(kConfFinalStore, "the final store differs from the order's end {var} {got} {model}")           \
  X(kConfGhosts, "the bookkeeping variables do not match")                                         \
  X(kConfFinalSync, "the final sync state differs from the order's end {field} {got} {model}")     \
  X(kChainWhich, "joins the next link of a chain of waits to the process it names")                \
  /* What the real processes' parent says about them (runner/supervisor.cc, cli/run.cc). */        \
  X(kProcNotReaped, "a process that was not reaped")                                               \
  X(kProcExited, "a process that exited early {code}")                                             \
  X(kProcKilled, "a process killed by a signal {signal}")                                          \
  X(kProcWhileHolding, "appended: it ended holding a lock {sync}")                                 \
  X(kProcOthersWaited, "appended: the others waited for that lock")                                \
  X(kRunStoppedStdout, "stderr: the run stopped because stdout was closed")                        \
  X(kRunStoppedBy, "stderr: the run stopped by a signal {signal}")                                 \
  /* Why a step violates a property (semantics/system.cc; StepResult::detail). */                  \
  X(kStepAssertFalse, "an assert step found its condition false {cond}")                           \
  X(kStepOutOfRange, "a write outside a variable's range {name} {value} {lo} {hi}")                \
  X(kStepQueueOutOfRange, "a put outside a queue's item range {queue} {value} {lo} {hi}")          \
  X(kStepDivByZero, "a division by zero {source}")                                                 \
  X(kStepIndex, "an index out of range {index} {source}")                                          \
  X(kStepOverflow, "an arithmetic overflow {source}")                                              \
  X(kStepBudget, "an atomic group or fused local steps that do not end {n}")                       \
  X(kStepRlockDepth, "an rlock taken once too often {p} {sync} {n} {max}")                         \
  X(kStepSemaphoreMax, "a semaphore released above its max {sync} {max}")                          \
  X(kStepReleaseFree, "a release of a lock nobody holds {p} {sync}")                               \
  X(kStepReleaseOther, "a release of a lock another process holds {p} {sync} {holder}")            \
  X(kStepWaitFree, "a wait on a condition whose lock nobody holds {p} {cond} {sync}")              \
  X(kStepWaitOther, "a wait on a condition whose lock another holds {p} {cond} {sync} {holder}")   \
  X(kStepNotifyFree, "a notify of a condition whose lock nobody holds {p} {cond} {sync}")          \
  X(kStepNotifyOther,                                                                              \
    "a notify of a condition whose lock another holds {p} {cond} {sync} {holder}")                 \
  X(kStepWaitRlockDepth, "a wait holding its rlock more than once {p} {cond} {sync} {n}")          \
  /* Errors of a command (check/check.cc, check/run.cc, check/replay.cc, cli/), after */           \
  /* "racecheck: error: ", which stays as it is. */                                                \
  X(kErrOutcomesInGraph, "--outcomes with --format dot")                                           \
  X(kErrOutcomesNotCounted, "--outcomes with --count-states 0")                                    \
  X(kErrGraphNeedsBfs, "--format dot with --strategy dfs or --fingerprint {flag}")                 \
  X(kErrGraphTooLarge, "--format dot of a graph too large to draw {variant} {n}")                  \
  X(kErrMaxMemory, "--max-memory that is not a size {text}")                                       \
  X(kErrScheduleAndCounterexample, "run: --schedule and --counterexample together")                \
  X(kErrInterruptedSearching, "run --counterexample: interrupted during the search")               \
  X(kErrNothingToForce, "run --counterexample: no variant has a counterexample")                   \
  X(kErrNoProperty, "replay --property: no such property {name}")                                  \
  X(kErrThreads, "--threads out of range {max} {n}")                                               \
  X(kErrFingerprintDfs, "--fingerprint with --strategy dfs")                                       \
  X(kErrThreadsDfs, "--threads N with --strategy dfs {n}")                                         \
  X(kErrGraphRecorded, "a state graph with dfs or --fingerprint (search_plan.cc) {flag}")          \
  X(kErrThreadsFingerprint, "--threads N with --fingerprint {n}")                                  \
  X(kErrNoSharedVarNone, "--outcomes-of a variable, in a model without shared ones {name}")        \
  X(kErrNoSharedVar, "--outcomes-of an unknown variable {name} {list}")                            \
  X(kErrMaxProcesses, "run: more processes than --max-processes {n} {max}")                        \
  X(kSchedEmpty, "an empty schedule, of a model without processes")                                \
  X(kSchedEmptyExample, "an empty schedule {example}")                                             \
  X(kSchedEntry, "which entry of a schedule, appended to its process's name {n}")                  \
  X(kSchedUnknownDidYouMean, "an unknown process in a schedule {name} {where} {hint}")             \
  X(kSchedUnknownNoProcesses, "an unknown process, and the model has none {name} {where}")         \
  X(kSchedUnknown, "an unknown process in a schedule {name} {where} {example}")                    \
  /* Values (semantics/system.cc FormatValue). */                                                  \
  X(kLockFree, "a lock that nobody holds, in the state column")                                    \
  /* Real mode's models it cannot run (runner/store.cc, runner/runner.cc). */                      \
  X(kErrRunTooManyVars, "real mode: too many shared or ghost variables {max}")                     \
  X(kErrRunUnsupported, "real mode: a step it cannot run yet {line} {source} {kind}")              \
  X(kErrRunSyncIndex,                                                                              \
    "real mode: a lock chosen by an index that reads a lock's state {line} {source}")              \
  X(kErrRunTornNeedsFile, "real mode: the torn-write fault without the in-place file store")       \
  /* The play screen (report/play_screen.cc, check/play.cc, cli/play.cc). */                       \
  X(kPlayHead, "the first line, after 'racecheck play' {name} {path} {params} {variant}")          \
  X(kPlayGoal, "the goal line's label, before the goal")                                           \
  X(kPlayTheInvariant, "an invariant, in kPlayGoalBreaks and kPlayGoalFalse")                      \
  X(kPlayTheFinal, "a final property, in kPlayGoalBreaks and kPlayGoalFalse")                      \
  X(kPlayGoalBreaks, "a goal in the model's words {goal} {kind} {name} {text}")                    \
  X(kPlayGoalAssert, "the goal of breaking an assert {line} {text}")                               \
  X(kPlayGoalFalse, "the goal of breaking a property {kind} {name} {text}")                        \
  X(kPlayGoalOr, "between goals")                                                                  \
  X(kPlayGoalDeadlock, "the goal of a deadlock, alone")                                            \
  X(kPlayGoalOrDeadlock, "the goal of a deadlock, after other goals")                              \
  X(kPlayGoalAny, "the goal when there is no property to break")                                   \
  X(kPlayShared, "the shared values and how many steps were taken {values} {n}")                   \
  X(kPlayCanMove, "a process that can move")                                                       \
  X(kPlayFinished, "a finished process's next step")                                               \
  X(kPlayMoreLike, "instances folded into one shown {n} {name}")                                   \
  X(kPlayNoStep, "in place of the table before the first move")                                    \
  X(kPlayEarlierLines, "the table cut to fit the terminal {n}")                                    \
  X(kPlayYouNeeded, "the steps the player needed and the checker's counterexample's {n} {m} {_s}") \
  X(kPlayKeys, "the keys line {locks}")                                                            \
  X(kPlayKeyLocks, "the l key in kPlayKeys, when the model has locks")                             \
  X(kHintViolatedNow, "hint: a property is already violated {property}")                           \
  X(kHintFound, "hint: the shortest way to a violation {schedule} {n} {property} {_s}")            \
  X(kHintUnknown, "hint: none within a bound {n}")                                                 \
  X(kHintNone, "hint: no violation can be reached")                                                \
  X(kHintLockPrevents, "appended to kHintNone: without locks there is one {n} {_s}")               \
  X(kPlayNothingToUndo, "u with no move to undo")                                                  \
  X(kPlayRestarted, "r done")                                                                      \
  X(kPlayNoLocks, "l in a model without locks")                                                    \
  X(kPlayNowPlaying, "l done: the variant now played {variant} {kept}")                            \
  X(kPlayDropped, "appended to kPlayNowPlaying: moves dropped {n}")                                \
  X(kPlayAllKept, "appended to kPlayNowPlaying: every move kept")                                  \
  X(kPlayUnknownKey, "a key or name that moves no process {input}")                                \
  X(kPlayNoSuchProcess, "a process index out of range")                                            \
  X(kPlayGameOver, "a move after a property broke {property}")                                     \
  X(kPlayCannotMove, "a process that cannot move, and why {p} {why}")                              \
  /* The HTML report (report/html_report.cc, report/html_timeline.cc); texts may hold markup. */   \
  X(kHtmlModelLine, "the check page's model line (HTML) {name} {path} {params} {n}")               \
  X(kHtmlVerdicts, "heading of the variants table")                                                \
  X(kHtmlCounterexample, "heading of a counterexample {variant} {violation} {n} {_s}")             \
  X(kHtmlWhatHappened, "heading of an explanation")                                                \
  X(kHtmlProperties, "heading of the properties")                                                  \
  X(kHtmlReductions, "heading of a variant's reductions {variant}")                                \
  X(kHtmlNotes, "heading of the notes")                                                            \
  X(kHtmlReplayLine, "the replay page's model line (HTML) {path} {variant} {n} {_s}")              \
  X(kHtmlNoViolation, "a replayed schedule that violates nothing")                                 \
  X(kHtmlRunLine, "the run page's model line (HTML) {path}")                                       \
  X(kHtmlInterrupted, "a run that was interrupted")                                                \
  X(kHtmlTrials, "run table row label")                                                            \
  X(kHtmlViolating, "run table row label")                                                         \
  X(kHtmlCrashedStuck, "run table row label")                                                      \
  X(kHtmlExplained, "run table row label")                                                         \
  X(kHtmlExplainedCell, "run table cell {n} {diverged} {undecided}")                               \
  X(kHtmlMedian, "run table row label")                                                            \
  X(kHtmlRange, "run table row label")                                                             \
  X(kHtmlPredicted, "run table row label")                                                         \
  X(kHtmlOutcomes, "heading of a variant's outcome histogram {variant}")                           \
  X(kHtmlNoTrialFinished, "an empty histogram")                                                    \
  X(kHtmlExitCode, "the run page's last line {code}")                                              \
  X(kHtmlMoreInstrs, "a step box cut short {n}")                                                   \
  X(kHtmlNoInstr, "a step box without instructions")                                               \
  X(kHtmlLockBar, "a lock bar's tooltip {lock} {p} {first} {last}")                                \
  X(kHtmlRemovedLockBar, "a removed lock bar's tooltip {lock} {p} {first} {last}")                 \
  X(kHtmlStaleTitle, "a stale-read arrow's tooltip {field} {from} {to}")                           \
  X(kHtmlStaleLabel, "a stale-read arrow's label {field}")                                         \
  X(kHtmlSlider, "the slider's label")                                                             \
  X(kHtmlLegendKeys, "legend: how to step")                                                        \
  X(kHtmlLegendLock, "legend: the lock bars")                                                      \
  X(kHtmlLegendStale, "legend: the stale-read arrows")                                             \
  X(kHtmlNowInitial, "under the slider at step 0 (the script fills in {shared})")                  \
  X(kHtmlNowAfter, "under the slider at step k of n (the script fills in {k}, {n}, {shared})")     \
  /* racecheck locks (engine/report/locks_report.cc) */                                            \
  X(kLocksLockMoved, "locks: the lock moved {lock}")                                               \
  X(kLocksAsWritten, "locks: the model as written {verdict} {_in} {states} {_time}")               \
  X(kLocksInSteps, "part of kLocksAsWritten: the counterexample's length {n}")                     \
  X(kLocksLeastTime, "part of kLocksAsWritten: the least time {t}")                                \
  X(kLocksPlacementsIn, "locks: the table head of a template {process}")                           \
  X(kLocksColRegion, "locks column")                                                               \
  X(kLocksColSteps, "locks column")                                                                \
  X(kLocksColVerdict, "locks column")                                                              \
  X(kLocksColLength, "locks column")                                                               \
  X(kLocksColTime, "locks column")                                                                 \
  X(kLocksColStates, "locks column")                                                               \
  X(kLocksColTemplate, "locks column (HTML)")                                                      \
  X(kLocksNoLock, "locks: the region of the placement without the lock")                           \
  X(kLocksMarkOwn, "locks: the model's own placement")                                             \
  X(kLocksMarkSmallest, "locks: the smallest safe placement")                                      \
  X(kLocksMarkSep, "locks: between two marks")                                                     \
  X(kLocksInside, "locks: a template left as written {process} {lock}")                            \
  X(kLocksLegend, "locks: what the columns mean")                                                  \
  X(kHtmlLocksLine, "locks HTML: the model line {path} {params} {lock}")                           \
  X(kDotModel, "DOT: the model in the title, with its params {name} {params}")                     \
  X(kDotTitle, "DOT: the graph's title, one variant {model}")                                      \
  X(kDotTitleBoth, "DOT: the graph's title, both variants {model}")                                \
  X(kDotCluster, "DOT: a variant's cluster {variant} {verdict} {states} {transitions}")            \
  X(kDotDone, "DOT: where a finished process is")

namespace racecheck {

enum class Msg : uint16_t {
#define RACECHECK_MESSAGE_ENUM(id, meaning) id,
  RACECHECK_MESSAGES(RACECHECK_MESSAGE_ENUM)
#undef RACECHECK_MESSAGE_ENUM
};

inline constexpr size_t kMessageCount = 0
#define RACECHECK_MESSAGE_COUNT(id, meaning) +1
    RACECHECK_MESSAGES(RACECHECK_MESSAGE_COUNT)
#undef RACECHECK_MESSAGE_COUNT
    ;

// One row of a language's table (catalogue.h checks and indexes them).
using MessageEntry = CatalogueEntry<Msg>;

// Each language's texts by id (messages_en.cc, messages_zh.cc).
std::string_view EnglishText(Msg id);
std::string_view ChineseText(Msg id);

// The text of `id` in `lang`.
std::string_view MessageText(Lang lang, Msg id);

// The id's name, "kAtStep": for tests.
std::string_view MessageName(Msg id);

// The message formatted with its named arguments (fmt::arg("n", 3), ...).
template <typename... Args>
std::string Say(Lang lang, Msg id, const Args&... args) {
  return fmt::format(fmt::runtime(MessageText(lang, id)), args...);
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_MESSAGES_H_
