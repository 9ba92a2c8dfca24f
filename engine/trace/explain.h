// Plain-language explanations of a counterexample, generated from the Trace's own reads and
// writes (nothing here knows any particular model or variable name).
//
// Explain finds, in order of the step where it shows:
//   - a lost update: process A read shared x, another process B wrote x, then A wrote x without
//     reading it again (the write rests on a stale read); when B's write rested on the same value
//     too, it is told as "both read x = v before either wrote";
//   - failing that, a stale read: A read x, B changed x, then A wrote some other shared variable;
//   - interleaved output: A printed a line inside a part of its code that a removed lock guarded,
//     and B printed before A left it (which lines, at which steps);
// then, by the kind of the violated property:
//   - invariant or final, when no race was told: how each shared variable the property names got
//     its value (who set it to what at which step); for a final, the values at the end;
//   - assert: what the failing step read; lock misuse: who released which lock, held by whom;
//   - deadlock: who waits for which lock, held by whom, and the circular wait if any;
// and ends with the violated property. Every step a story names is a step of the trace, by the
// process the table shows moving there. ExplainLock tells, for a trace of the lock-free
// variant, where the locks of the model as written would have stopped it (explain_lock.cc).
// Texts in the reader's language (engine/support/messages.h).
// Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_TRACE_EXPLAIN_H_
#define RACECHECK_ENGINE_TRACE_EXPLAIN_H_

#include <string>
#include <vector>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"
#include "engine/trace/replay.h"

namespace racecheck {

// The explanation as paragraphs (unwrapped sentences), e.g.
//   "client#0 read count = 1 at step 5 and client#1 read count = 1 at step 6, before either of
//    them wrote count. client#0 wrote count = 0 at step 8; client#1 then wrote count = 0 at
//    step 10, based on its stale read: client#0's update is lost."
// Empty for a trace that could not be replayed.
std::vector<std::string> Explain(const System& system, const Trace& trace, Lang lang = Lang::kEn);

// For `lockfree_trace`, replayed on the lock-free variant (BuildOptions::elide_sync) of the
// model that `locked_system` was built from (same pcs): the first process that reached a removed
// acquire of a lock another process held, and still could not have it at its next move, e.g.
//   "With the lock, client#0 would have waited at 'acquire: lock' (line 31) after step 4,
//    because client#1 took 'lock' at step 3 and still holds it at the end of this trace — so
//    client#0 could not have read count (step 5) until client#1 had written it (step 10)."
// The steps are those of the table: the waiting process reached its acquire (passed it in the
// lock-free trace) after the holder had passed its own.
// "" when the locks would not have stopped this trace.
std::string ExplainLock(const System& locked_system, const Trace& lockfree_trace,
                        Lang lang = Lang::kEn);

// Paragraphs wrapped at `width` columns, separated by blank lines, each line ending in '\n'.
std::string WrapParagraphs(const std::vector<std::string>& paragraphs, int width = 100);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_TRACE_EXPLAIN_H_
