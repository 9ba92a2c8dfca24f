// ReplayModel: `racecheck replay`'s pipeline as one call — load the model (one variant), parse a
// schedule token, replay it step by step (trace/replay.h), and return everything a renderer
// needs. Prints nothing. Deterministic. Call from any thread.
#ifndef RACECHECK_ENGINE_CHECK_REPLAY_H_
#define RACECHECK_ENGINE_CHECK_REPLAY_H_

#include <memory>
#include <optional>
#include <string>

#include "engine/check/outcome.h"
#include "engine/check/variants.h"
#include "engine/trace/replay.h"

namespace racecheck {

struct ReplayOptions {
  ModelRequest model;
  bool without_locks = false;  // replay on the lock-free variant
  std::string schedule;        // the token a counterexample prints: "client#0 client#1 ..."
  std::string property;        // "": stop at any violation; else only at this property's
};

struct ReplayResult {
  // kHolds: the schedule ran and violates nothing; kViolated: it reaches a violation;
  // kBadInput: the model, the schedule or the property is wrong (`error`, `diagnostics`), or
  // an entry of the schedule cannot run (then `trace` holds the steps before it).
  Outcome outcome = Outcome::kHolds;
  std::string error;
  std::string diagnostics;
  std::string model_path;
  Lang lang = Lang::kEn;  // the language of the text report (ModelRequest::lang)
  std::string variant;    // "as written" or "without locks"
  std::shared_ptr<const Model> model;
  std::unique_ptr<System> system;  // the System replayed on
  std::optional<Trace> trace;      // set once the schedule parsed

  bool has_report() const { return trace.has_value(); }
};

ReplayResult ReplayModel(const ReplayOptions& options);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_REPLAY_H_
