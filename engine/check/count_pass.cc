// CountPass (count_pass.h).
#include "engine/check/count_pass.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/support/check.h"
#include "engine/support/diagnostics.h"
#include "engine/support/numbers.h"

namespace racecheck {

CountInput::CountInput(const LoadedModel& loaded) : model(loaded.model) {
  for (const racecheck::Variant& v : loaded.variants) {
    variants.push_back({v.name, v.elided, v.system.get(), v.reduced.get()});
  }
}

CountPassResult CountPass(const CountInput& input, const CountOptions& options) {
  RC_CHECK(options.enabled);
  using Variant = CountInput::Variant;
  CountPassResult out;
  const Variant* locked = nullptr;
  const Variant* lock_free = nullptr;
  for (const Variant& v : input.variants) (v.elided ? lock_free : locked) = &v;
  // The fused form of each variant, built here when the search did not ask for it.
  std::vector<std::unique_ptr<System>> built(input.variants.size());
  auto fused = [&](const Variant& v) -> const System& {
    if (v.fused != nullptr) return *v.fused;
    std::unique_ptr<System>& b = built[&v - input.variants.data()];
    if (b == nullptr) {
      BuildOptions bo;
      bo.elide_sync = v.elided;
      bo.reduce_locals = true;
      DiagnosticSink diags;
      b = System::Build(input.model, bo, diags);
      RC_CHECK(b != nullptr);  // the plain one built from the same model
    }
    return *b;
  };
  // The granularity: every step, or the shared steps (counts.h).
  CountOptions co = options;
  co.every_step = options.steps != CountSteps::kShared;
  // Under kAuto, the every-step graphs tried (kept to be counted if they all fit).
  std::vector<CountGraph> tried;
  if (options.steps == CountSteps::kAuto) {
    // Try every step within the smaller bound, variant by variant; the first that does not
    // fit decides for all.
    co.max_states = std::min(options.max_states, options.max_every_states);
    for (const Variant& v : input.variants) {
      tried.push_back(BuildVariantGraph(*v.plain, fused(v), co));
      if (tried.back().complete || tried.back().stopped == "interrupted") continue;
      co.every_step = false;
      out.every_step_skipped = fmt::format("counting every step of '{}' needs more than {} states",
                                           v.name, Thousands(co.max_states));
      tried.clear();
      break;
    }
    if (!co.every_step) co.max_states = options.max_states;
  }
  ScheduleCounts lock_free_complete;
  for (const Variant& v : input.variants) {
    const System& f = fused(v);
    CountGraph graph;
    const size_t i = static_cast<size_t>(&v - input.variants.data());
    VariantCounts c = tried.empty() ? CountVariant(*v.plain, f, co, &graph)
                                    : CountBuiltGraph(*v.plain, f, co, std::move(tried[i]), &graph);
    if (&v == lock_free && locked != nullptr && c.counted) {
      // The comparison counts complete schedules only: count them apart when some end
      // otherwise.
      const ScheduleCounts& s = c.schedules;
      const bool others = s.stuck.infinite || s.failed.infinite || !s.stuck.value.IsZero() ||
                          !s.failed.value.IsZero();
      lock_free_complete = others ? CountSchedules(co.every_step ? *v.plain : f, graph, true) : s;
    }
    graph = CountGraph();  // free it before the next variant
    out.counts.push_back(std::move(c));
    out.times.push_back(LeastTime(f, options));
  }
  if (locked != nullptr && lock_free != nullptr) {
    const VariantCounts& c = out.counts[lock_free == &input.variants[0] ? 0 : 1];
    if (!c.counted) {
      out.lock_effect.not_computed = "the model without its locks was not counted";
    } else {
      out.lock_effect = CompareWithLocks(*locked->plain, fused(*locked), lock_free_complete, co);
    }
  }
  return out;
}

}  // namespace racecheck
