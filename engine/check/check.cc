// Check (check.h).
#include "engine/check/check.h"

#include <thread>

#include "engine/check/count_pass.h"
#include "engine/check/memory_bound.h"
#include "engine/explore/search_plan.h"

namespace racecheck {

CheckResult Check(const CheckOptions& options) {
  CheckResult out;
  ExploreOptions eo = options.explore;
  if (Status valid = CheckExploreOptions(eo); !valid.ok()) {
    out.outcome = Outcome::kBadInput;
    out.error = valid.message();
    return out;
  }
  if (options.max_memory) {
    eo.max_memory_bytes = *options.max_memory;
  } else {
    const MemoryBound bound = DefaultMemoryBound();
    eo.max_memory_bytes = bound.bytes;
    eo.max_memory_origin = bound.origin;
  }

  LoadResult load = LoadVariants(options.model, options.without_locks, options.local_reduction);
  if (!load.loaded) {
    out.outcome = Outcome::kBadInput;
    out.diagnostics = std::move(load.diagnostics);
    return out;
  }
  LoadedModel& loaded = *load.loaded;
  out.model_path = options.model.path;
  out.lang = options.model.lang;
  out.model = loaded.model;
  out.strategy = eo.strategy == Strategy::kDfs ? "dfs" : "bfs";
  out.all = eo.all;
  out.fingerprint = eo.fingerprint;
  // The counting pass reads only the variants' Systems: on a thread of its own while the
  // searches run, unless one thread was asked for.
  CountPassResult counted;
  std::thread counter;
  CountOptions co = options.counts;
  co.interrupt = eo.interrupt;
  out.counting = co.enabled;
  const CountInput count_input(loaded);
  if (co.enabled) {
    if (eo.threads == 1) {
      counted = CountPass(count_input, co);
    } else {
      counter = std::thread([&] { counted = CountPass(count_input, co); });
    }
  }
  for (Variant& v : loaded.variants) {
    if (options.progress) {
      eo.progress = [&options, &v](const ExploreStats& s) { options.progress(v.name, s); };
    }
    VariantResult vr;
    vr.name = v.name;
    vr.locks = !v.elided;
    if (eo.interrupt != nullptr && eo.interrupt->load()) {
      vr.result.verdict = Verdict::kIncomplete;
      vr.result.incomplete_reason = "interrupted";
    } else {
      vr.result = SearchVariant(v, eo, options.reductions, &vr.counterexamples, &vr.reductions,
                                &vr.reductions_text, options.model.lang);
    }
    vr.system = std::move(v.system);
    if (options.variant_done) options.variant_done(vr.name, vr.result.stats);
    out.variants.push_back(std::move(vr));
  }
  if (counter.joinable()) counter.join();
  if (co.enabled) {
    for (size_t i = 0; i < out.variants.size(); ++i) {
      out.variants[i].counts = std::move(counted.counts[i]);
      out.variants[i].time = std::move(counted.times[i]);
    }
    out.lock_effect = std::move(counted.lock_effect);
    out.every_step_skipped = std::move(counted.every_step_skipped);
  }
  for (AtomicReadWrite& a : AtomicReadWrites(*out.variants.front().system)) {
    if (!a.in_atomic) out.granularity.push_back(std::move(a));
  }
  out.outcome = OutcomeOf(out.variants.front().result.verdict);
  return out;
}

}  // namespace racecheck
