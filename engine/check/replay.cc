// ReplayModel (replay.h).
#include "engine/check/replay.h"

#include "engine/support/messages.h"
#include "engine/trace/render_text.h"
#include "engine/trace/schedule.h"

namespace racecheck {

ReplayResult ReplayModel(const ReplayOptions& options) {
  ReplayResult out;
  out.model_path = options.model.path;
  out.lang = options.model.lang;
  out.variant = options.without_locks ? "without locks" : "as written";
  LoadResult load = LoadVariants(options.model, options.without_locks, /*reduce_locals=*/false);
  if (!load.loaded) {
    out.outcome = Outcome::kBadInput;
    out.diagnostics = std::move(load.diagnostics);
    return out;
  }
  out.model = load.loaded->model;
  out.system = std::move(load.loaded->variants.front().system);
  const System& sys = *out.system;
  Result<std::vector<int32_t>> parsed = ParseSchedule(sys, options.schedule, out.lang);
  if (!parsed.ok()) {
    out.outcome = Outcome::kBadInput;
    out.error = parsed.status().message();
    return out;
  }
  int32_t target = -1;
  if (!options.property.empty()) {
    for (size_t i = 0; i < sys.properties().size(); ++i) {
      if (sys.properties()[i].name == options.property) target = static_cast<int32_t>(i);
    }
    if (target < 0) {
      out.outcome = Outcome::kBadInput;
      out.error = Say(out.lang, Msg::kErrNoProperty, fmt::arg("name", options.property));
      return out;
    }
  }
  out.trace = Replay(sys, *parsed, target);
  if (!out.trace->ok()) {
    out.outcome = Outcome::kBadInput;
    out.error = ReplayError(sys, *out.trace, out.lang);
  } else {
    out.outcome = out.trace->violated() ? Outcome::kViolated : Outcome::kHolds;
  }
  return out;
}

}  // namespace racecheck
