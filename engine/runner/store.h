// Store: where a trial keeps the model's shared (non-ghost) variables for real, and how a
// process reads and writes them.
//
//   kInPlaceFile (default)  one JSON file `db` in the trial's temporary directory, holding every
//                           non-ghost shared variable: {"count": 1, "open": true}. A read opens
//                           and parses it (json.load(open('db'))); a write rewrites it in place:
//                           open with O_TRUNC, then write (json.dump(d, open('db', 'w'))). A
//                           reader that comes between the two finds an empty or partial file.
//   kAtomicFile             the same file, written as db.tmp.<process> then renamed over db:
//                           a reader sees the old or the new content, never a mix.
//   kMemory                 the values in the shared Region; each read or write of the whole
//                           set is atomic (a robust mutex around the copy), nothing else is.
//
// A write always writes the writer's whole current view of the variables, as json.dump(dic)
// writes the whole dict. Values are integers or true/false. StoreVars maps the model's
// variables to store slots (store variables) and ghost slots (bookkeeping variables, which
// live in the Region instead). A Store is copied into each child; it holds no open files.
#ifndef RACECHECK_ENGINE_RUNNER_STORE_H_
#define RACECHECK_ENGINE_RUNNER_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/runner/os.h"
#include "engine/runner/region.h"
#include "engine/semantics/system.h"
#include "engine/support/lang.h"
#include "engine/support/result.h"

namespace racecheck {

// The store choices (one table; see above).
enum class StoreKind : uint8_t { kInPlaceFile, kAtomicFile, kMemory };
const char* StoreKindName(StoreKind k);  // "file", "atomic-file", "memory"

// Test-only faults, injected to prove that the conformance check catches them.
struct StoreFaults {
  bool drop_first_write = false;  // the first write of a trial is silently not performed
  double torn_pause = 0;          // seconds between truncate and write (in-place file only)
};

// System::Enabled as the real processes honour it: the same, except that a condition's wake-up
// needs a notify (c.notified > 0). The model may let a sleeper wake spuriously (`spurious:
// true`); real mode never produces such a wake-up, which the model allows but never requires.
bool RunEnabled(const System& sys, const uint64_t* s, int p);

struct StoreVars {
  std::vector<int> store_vars;  // indices into System::shared() of the non-ghost variables
  std::vector<int> ghost_vars;  // ... of the ghost variables
  // State fields mirrored in the Region: each lock's or semaphore's field (and an rlock's
  // depth), each barrier's waiting and open, each queue's size and items, each condition's
  // sleeping and notified.
  std::vector<int> sync_fields;
  // Fills them from `sys`; an error when there are more than kMaxRunVars of a kind, or when the
  // model does what the real processes cannot do faithfully (see store.cc), told in `lang`.
  Status Init(const System& sys, Lang lang = Lang::kEn);
  // The position of state field `field` in sync_fields, or -1.
  int SyncSlot(int field) const;
};

// What one read of the store found.
struct StoreRead {
  int64_t values[kMaxRunVars] = {};  // per StoreVars::store_vars, when parse_error is empty
  // Non-empty when the content cannot be understood (a torn read, a missing key, a value
  // outside the variable's range): what a client would have died of, e.g.
  // "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)".
  std::string parse_error;
  std::string raw;  // the bytes read (the memory store: their JSON text), for reports
};

class Store {
 public:
  Store(Os* os, StoreKind kind, StoreFaults faults, std::string dir, const System* sys,
        const StoreVars* vars, Region* region);

  // Writes the initial values (parent, before the processes start).
  Status Init(const int64_t* values);
  // Reads every store variable. An error only when the operating system fails: content that
  // cannot be understood is what a client would have read, so it is a StoreRead too.
  Result<StoreRead> Read();
  // Writes every store variable (the writer's whole view).
  Status Write(const int64_t* values, int process);

  const std::string& path() const { return path_; }
  // The JSON text of `values` ({"count": 1}).
  std::string Format(const int64_t* values) const;

 private:
  // Fills values from the file's text; "" when it could be understood, else the parse error.
  std::string Parse(const std::string& text, int64_t* values) const;

  Os* os_;
  StoreKind kind_;
  StoreFaults faults_;
  std::string dir_, path_;
  const System* sys_;
  const StoreVars* vars_;
  Region* region_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_RUNNER_STORE_H_
