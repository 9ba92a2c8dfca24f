// Granularity: the steps of a model that read and write the same shared variable in one atomic
// step — `n = n + 1`, or an `atomic:` group that reads `n` and writes it. The checker takes such a
// step whole; real processes cannot (they read, then write, and another write can land in
// between), so a model written that way hides the lost update that real processes show.
// `racecheck check` notes the plain steps (not those inside `atomic:`, which are written so on
// purpose); `racecheck run` names them when a trial diverges on their variable.
//
// Ghost variables are left out: real mode updates them atomically with their step. So are
// variables that only one process reads or writes: there is no race to see. Pure functions of
// the System; thread-safe.
#ifndef RACECHECK_ENGINE_SEMANTICS_GRANULARITY_H_
#define RACECHECK_ENGINE_SEMANTICS_GRANULARITY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"

namespace racecheck {

struct AtomicReadWrite {
  int tmpl = 0;                // index into System::templates()
  int32_t begin = 0, end = 0;  // the pcs the step spans, [begin, end) (a group: the whole group)
  int var = -1;                // index into System::shared()
  bool in_atomic = false;      // inside an `atomic:` group
  SourceLoc loc;               // the step (a group: its first step)
  std::string text;            // the step as written, "n = n + 1" (a group: "atomic:")
  // A plain assignment: the split that shows the race, "`tmp = n` then `n = tmp + 1` (with a
  // local `tmp`)" (SplitText in English; JSON's "split"); "" for a step inside a group.
  std::string split;
  // Its parts: the local, the read "tmp = n" and the write "n = tmp + 1" (empty with `split`).
  std::string split_tmp, split_read, split_write;
};

// In template order, then pc order, then variable order; one entry per (step, variable).
std::vector<AtomicReadWrite> AtomicReadWrites(const System& sys);

// The split of a plain assignment in `lang` (messages.h): "`tmp = n` then `n = tmp + 1` (with a
// local `tmp`)"; "" when there is none.
std::string SplitText(const AtomicReadWrite& a, Lang lang = Lang::kEn);

// The note `racecheck check` prints, in `lang`: "line 12 reads and writes shared 'n' in one
// atomic step (`n = n + 1`); real processes cannot; split it to see the race: `tmp = n` then
// `n = tmp + 1` (with a local `tmp`)".
std::string CheckNote(const System& sys, const AtomicReadWrite& a, Lang lang = Lang::kEn);

// What `racecheck run` adds to a divergence on the step's variable, in `lang`.
std::string DivergenceNote(const System& sys, const AtomicReadWrite& a, Lang lang = Lang::kEn);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_GRANULARITY_H_
