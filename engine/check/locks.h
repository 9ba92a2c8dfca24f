// Locks: `racecheck locks`'s pipeline as one call — where must the lock go? For each process
// template that uses a lock (when none does: each template), it moves one lock around every
// contiguous run of the template's top-level steps in turn (the other templates as written),
// and checks each placement, the template with no lock at all, and the model as written, and
// says how long the processes then need at least (the lock's price in time: model_time.h).
//
//   LocksOptions --> Locks() --> LocksResult --> a renderer (engine/report/render.h)
//
// A template that takes the lock inside an `if`, `while` or `atomic` is left as written (a note
// says so). A placement's region is a run of top-level steps that starts and ends at a step that is
// an interleaving point (not a `sleep:`); the lock is the template's own (the model's first lock,
// or a new one named 'lock', when it has none). Each check is the search `check` runs (BFS,
// the reductions asked for). Deterministic. Call from one thread.
#ifndef RACECHECK_ENGINE_CHECK_LOCKS_H_
#define RACECHECK_ENGINE_CHECK_LOCKS_H_

#include <memory>
#include <string>
#include <vector>

#include "engine/check/outcome.h"
#include "engine/check/search.h"
#include "engine/check/variants.h"
#include "engine/count/model_time.h"

namespace racecheck {

struct LocksOptions {
  ModelRequest model;
  bool local_reduction = true;
  SearchReductions reductions;
};

enum class PlacementKind : uint8_t { kAsWritten, kNoLock, kRegion };

struct LockPlacement {
  PlacementKind kind = PlacementKind::kRegion;
  std::string tmpl;    // the template whose lock moves ("" for the model as written)
  int first_line = 0;  // kRegion: the first and last source lines of the region
  int last_line = 0;
  int steps = 0;       // kRegion: interleaving steps inside the lock (sleeps not counted)
  std::string region;  // "L33-L42 (c = count ... if: c > 0)"; "no lock"; "as written"
  Verdict verdict = Verdict::kHolds;
  std::string property;          // the first property violated, if any (JSON: its own name)
  std::string property_shown;    // the same as a report in the request's language names it
  int counterexample = -1;       // its length (steps of the plain model); -1: none
  uint64_t states = 0;           // the search's
  ModelTime time;                // the least time the processes need (count/model_time.h)
  bool same_as_written = false;  // the region the model itself locks
  bool smallest_safe = false;    // it holds, and no region of fewer steps holds
};

struct LocksResult {
  Outcome outcome = Outcome::kHolds;  // kBadInput on a model mistake; else kHolds
  std::string error;
  std::string diagnostics;
  std::string model_path;
  std::shared_ptr<const Model> model;
  std::string lock;                       // the lock moved
  std::vector<LockPlacement> placements;  // as written, then per template: no lock, regions
  // The templates left as written because they take the lock inside a compound step (the
  // report's notes, worded by the renderers).
  std::vector<std::string> inside_compound;
  Lang lang = Lang::kEn;  // the language the text and HTML reports speak (ModelRequest::lang)

  bool has_report() const { return !placements.empty(); }
};

LocksResult Locks(const LocksOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_LOCKS_H_
