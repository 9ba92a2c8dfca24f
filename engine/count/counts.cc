// CountVariant (counts.h).
#include "engine/count/counts.h"

namespace racecheck {

CountGraph BuildVariantGraph(const System& plain, const System& fused,
                             const CountOptions& options) {
  CountGraphOptions go;
  go.symmetry = options.symmetry;
  go.max_states = options.max_states;
  go.interrupt = options.interrupt;
  go.settle_private = !options.every_step;
  go.record_finals = options.final_values;
  return BuildCountGraph(options.every_step ? plain : fused, go);
}

VariantCounts CountVariant(const System& plain, const System& fused, const CountOptions& options,
                           CountGraph* graph) {
  if (!options.enabled) {
    VariantCounts out;
    out.every_step = options.every_step;
    return out;
  }
  return CountBuiltGraph(plain, fused, options, BuildVariantGraph(plain, fused, options), graph);
}

VariantCounts CountBuiltGraph(const System& plain, const System& fused, const CountOptions& options,
                              CountGraph g, CountGraph* graph) {
  VariantCounts out;
  out.every_step = options.every_step;
  out.states = g.states;
  out.transitions = g.transitions;
  if (!g.complete) {
    out.skipped = g.stopped;
  } else {
    out.counted = true;
    const System& counted = options.every_step ? plain : fused;
    out.schedules = CountSchedules(counted, g);
    if (options.final_values) {
      out.finals =
          CountFinalValues(g, static_cast<int>(counted.shared().size()), options.final_vars);
    }
  }
  if (graph != nullptr) *graph = std::move(g);
  return out;
}

}  // namespace racecheck
