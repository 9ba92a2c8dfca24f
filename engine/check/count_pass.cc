// CountPass (count_pass.h).
#include "engine/check/count_pass.h"

#include "engine/support/check.h"
#include "engine/support/diagnostics.h"

namespace racecheck {

CountInput::CountInput(const LoadedModel& loaded) : model(loaded.model) {
  for (const racecheck::Variant& v : loaded.variants) {
    variants.push_back({v.elided, v.system.get(), v.reduced.get()});
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
  ScheduleCounts lock_free_complete;
  for (const Variant& v : input.variants) {
    const System& f = fused(v);
    CountGraph graph;
    VariantCounts c = CountVariant(*v.plain, f, options, &graph);
    if (&v == lock_free && locked != nullptr && c.counted) {
      // The comparison counts complete schedules only: count them apart when some end
      // otherwise.
      const ScheduleCounts& s = c.schedules;
      const bool others = s.stuck.infinite || s.failed.infinite || !s.stuck.value.IsZero() ||
                          !s.failed.value.IsZero();
      lock_free_complete =
          others ? CountSchedules(options.every_step ? *v.plain : f, graph, true) : s;
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
      out.lock_effect =
          CompareWithLocks(*locked->plain, fused(*locked), lock_free_complete, options);
    }
  }
  return out;
}

}  // namespace racecheck
