// Display helpers shared by the trace renderers (text, explanation, JSON): how a field, a value,
// a state and a property are named for a reader, plus text wrapping for table cells.
//
// Internal to engine/trace/. Everything here is a pure function of its arguments; thread-safe.
#ifndef RACECHECK_ENGINE_TRACE_DESCRIBE_H_
#define RACECHECK_ENGINE_TRACE_DESCRIBE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"
#include "engine/support/text_width.h"

namespace racecheck {

// Splits `text` into lines of at most `width` display columns (text_width.h), breaking at spaces
// and around wide (CJK) characters, never before closing punctuation such as "，"; a word longer
// than the width is cut. Lines after the first start with `indent` spaces. Never returns no
// lines.
std::vector<std::string> WrapText(std::string_view text, int width, int indent = 0);

// The value of `field` in state s.
int64_t FieldValue(const System& system, int field, const uint64_t* s);

// The index of the shared variable / lock or semaphore stored in `field`, or -1.
int SharedIndexOfField(const System& system, int field);
int SyncIndexOfField(const System& system, int field);

// How `field` is named to a reader looking at process `viewer` (-1: no process): the viewer's
// own locals lose their "client#0." prefix; everything else is System::FieldName.
std::string FieldLabel(const System& system, int field, int viewer);

// "count=1", "c=1", "lock=client#0" (values through System::FormatValue, in `lang`).
std::string FieldAssign(const System& system, int field, int64_t value, int viewer,
                        Lang lang = Lang::kEn);

// The shared variables, then the locks and semaphores, in state s: "count=1 sold=0 lock=free"
// ("lock=空闲" in Chinese). The lock-free variant (BuildOptions::elide_sync) never uses its
// locks: they are left out.
std::string SharedSummary(const System& system, const uint64_t* s, Lang lang = Lang::kEn);

// The values, in state s, of the shared variables and params named in an expression's text, in
// order of first appearance: "sold = 2, tickets = 1". "" when it names none.
std::string ValuesInText(const System& system, std::string_view text, const uint64_t* s);

// An instruction a step passed over without running it, as the step's cell says, in `lang`:
// "(sleeps 0.1 s)", "(sleeps 0.1-0.3 s)", "(acquire: lock removed)"; "" for the others (a jump
// shows in the next step's line number).
std::string PassedInstrText(const PInstr& in, Lang lang);

// The outermost `atomic:` step of template `tmpl` that contains step `inner`, or nullptr.
const Step* EnclosingAtomic(const System& system, int tmpl, const Step* inner);

// A property's name in `lang`, where a report names it (a verdict, a table row, "violates
// ..."): a property the model names keeps its name ("no_oversell"); the engine's own are told in
// the language ("deadlock" / "死锁", "assert at line 20" / "第 20 行的断言"). English gives the
// engine's names as they are, as JSON does. "" for an index out of range.
std::string PropertyName(const System& system, int32_t property, Lang lang);

// A property as a reader sees it: "invariant 'no_oversell' (line 30: sold <= tickets)",
// "assert (line 12: x > 0)", "deadlock (some process has not finished and no process can move)".
std::string DescribeProperty(const System& system, int32_t property, Lang lang = Lang::kEn);

// Why process p cannot move in s, as the rest of a sentence about it: "waits for 'lock', held by
// client#0 (line 12 'acquire: lock')", "waits until 'x > 0', which is false (line 7 'await: x >
// 0')", "has finished". "" when p can move.
std::string WaitDescription(const System& system, const uint64_t* s, int p, Lang lang = Lang::kEn);

// Why no process can move in s, one clause per stuck process (at most 8, then "; and 3 more"):
// "client#0 waits for 'b', held by client#1 (line 7 'acquire: b'); client#1 waits for ...".
std::string DeadlockDetail(const System& system, const uint64_t* s, Lang lang = Lang::kEn);

// "L12 c = count": the line and source text of instruction `pc` of template `tmpl`, with the
// values of its `for` loops' variables when it is in one: "L14 x = x + i [i=2]".
std::string DescribeInstr(const System& system, int tmpl, int32_t pc);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_TRACE_DESCRIBE_H_
