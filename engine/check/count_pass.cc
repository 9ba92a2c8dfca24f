// CountPass (count_pass.h).
#include "engine/check/count_pass.h"

#include <algorithm>
#include <new>

#include "engine/support/check.h"
#include "engine/support/diagnostics.h"

namespace racecheck {

CountInput::CountInput(const LoadedModel& loaded) : model(loaded.model) {
  for (const racecheck::Variant& v : loaded.variants) {
    variants.push_back({v.name, v.elided, v.system.get(), v.reduced.get()});
  }
}

namespace {

CountPassResult CountPassImpl(const CountInput& input, const CountOptions& options) {
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
  // Counts every variant at one granularity; `lock_free_complete` gets the lock-free
  // variant's complete schedules (for the comparison with the locks).
  auto count_all = [&](const CountOptions& co, ScheduleCounts* lock_free_complete) {
    std::vector<VariantCounts> counts;
    for (const Variant& v : input.variants) {
      const System& f = fused(v);
      CountGraph graph;
      VariantCounts c = CountVariant(*v.plain, f, co, &graph);
      if (&v == lock_free && locked != nullptr && c.counted) {
        // The comparison counts complete schedules only: count them apart when some end
        // otherwise.
        const ScheduleCounts& s = c.schedules;
        const bool others = s.stuck.infinite || s.failed.infinite || !s.stuck.value.IsZero() ||
                            !s.failed.value.IsZero();
        *lock_free_complete =
            others ? CountSchedules(co.every_step ? *v.plain : f, graph, true) : s;
      }
      graph = CountGraph();  // free it before the next variant
      counts.push_back(std::move(c));
    }
    return counts;
  };
  // The granularity: every step, or the shared steps (counts.h).
  CountOptions co = options;
  co.every_step = options.steps != CountSteps::kShared;
  ScheduleCounts lock_free_complete;
  if (options.steps != CountSteps::kAuto) {
    out.counts = count_all(co, &lock_free_complete);
  } else {
    // The shared steps first: their graphs are smaller than every step's (each state of one is
    // a state of the other, the dead locals aside), so when one has more states than
    // max_every_states, every step cannot fit and is not tried.
    co.every_step = false;
    out.counts = count_all(co, &lock_free_complete);
    // A shared-step graph that was not counted for another reason than its size (too many
    // identical processes, say) says nothing of every step's: then neither is tried.
    const Variant* too_large = nullptr;
    bool other_stop = false;
    for (size_t i = 0; i < out.counts.size() && too_large == nullptr; ++i) {
      const VariantCounts& c = out.counts[i];
      if (!c.counted && c.skipped.stop != CountStop::kStates) {
        other_stop = true;
      } else if (!c.counted || c.states > options.max_every_states) {
        too_large = &input.variants[i];
      }
    }
    CountOptions every = options;
    every.every_step = true;
    every.max_states = std::min(options.max_states, options.max_every_states);
    if (too_large == nullptr && !other_stop) {
      ScheduleCounts every_complete;
      std::vector<VariantCounts> counts = count_all(every, &every_complete);
      for (size_t i = 0; i < counts.size() && too_large == nullptr; ++i) {
        if (!counts[i].counted) too_large = &input.variants[i];
      }
      if (too_large == nullptr) {
        out.counts = std::move(counts);
        lock_free_complete = std::move(every_complete);
        co = every;
      }
    }
    const bool interrupted = options.interrupt != nullptr && options.interrupt->load();
    if (too_large != nullptr && !interrupted) {
      out.every_step_variant = too_large->name;
      out.every_step_bound = every.max_states;
    }
  }
  for (const Variant& v : input.variants) out.times.push_back(LeastTime(fused(v), options));
  if (locked != nullptr && lock_free != nullptr) {
    const VariantCounts& c = out.counts[lock_free == &input.variants[0] ? 0 : 1];
    if (!c.counted) {
      out.lock_effect.not_computed.stop = CountStop::kLockFreeNotCounted;
    } else {
      out.lock_effect = CompareWithLocks(*locked->plain, fused(*locked), lock_free_complete, co);
    }
  }
  return out;
}

}  // namespace

CountPassResult CountPass(const CountInput& input, const CountOptions& options) {
  RC_CHECK(options.enabled);
  // The graphs are large: when memory runs out (an address-space limit, say), the counts are
  // skipped and say so, and the search's report is unharmed.
  try {
    return CountPassImpl(input, options);
  } catch (const std::bad_alloc&) {
    CountPassResult out;
    out.counts.resize(input.variants.size());
    out.times.resize(input.variants.size());
    for (VariantCounts& c : out.counts) {
      c.skipped.stop = CountStop::kOutOfMemory;
      c.every_step = options.steps != CountSteps::kShared;
    }
    for (ModelTime& t : out.times) t.not_computed.stop = CountStop::kOutOfMemory;
    out.lock_effect.not_computed.stop = CountStop::kOutOfMemory;
    return out;
  }
}

}  // namespace racecheck
