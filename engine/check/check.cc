// Check (check.h).
#include "engine/check/check.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include "engine/check/count_pass.h"
#include "engine/check/memory_bound.h"
#include "engine/explore/search_plan.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"

namespace racecheck {

namespace {

// The states that violate a state property, and the edges of the counterexamples' paths.
void MarkGraph(const System& searched, const ExploreResult& r, VariantGraph* g) {
  const StateGraph& graph = g->graph;
  g->violated.assign(graph.size(), -1);
  for (size_t i = 0; i < graph.size(); ++i) {
    searched.CheckState(graph.state(i), false, [&](int32_t property) {
      if (g->violated[i] < 0) g->violated[i] = property;
    });
  }
  for (size_t i = 0; i < graph.size(); ++i) {
    if (g->violated[i] >= 0 || searched.Terminal(graph.state(i))) continue;
    bool moves = false;
    for (const StateGraphEdge& e : graph.edges) moves |= e.from == i;
    if (!moves) g->violated[i] = searched.deadlock_property();
  }
  std::map<std::pair<uint32_t, int32_t>, size_t> edge_of;  // (from, process) -> edge
  for (size_t e = 0; e < graph.edges.size(); ++e) {
    edge_of.emplace(std::make_pair(graph.edges[e].from, graph.edges[e].process), e);
  }
  g->on_path.assign(graph.edges.size(), false);
  for (const PropertyOutcome& o : r.violations) {
    uint32_t at = 0;
    std::vector<int32_t> steps = o.path.stored;
    if (o.path.extra >= 0) steps.push_back(o.path.extra);
    for (int32_t p : steps) {
      auto it = edge_of.find({at, p});
      if (it == edge_of.end()) break;
      g->on_path[it->second] = true;
      at = graph.edges[it->second].to;
      if (at == StateGraphEdge::kNoState) break;
    }
  }
}

}  // namespace

CheckResult Check(const CheckOptions& options) {
  CheckResult out;
  const Lang lang = options.model.lang;  // of the errors
  ExploreOptions eo = options.explore;
  if (Status valid = CheckExploreOptions(eo, lang); !valid.ok()) {
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

  if (options.final_values && (options.state_graph || !options.counts.enabled)) {
    out.outcome = Outcome::kBadInput;
    out.error =
        Say(lang, options.state_graph ? Msg::kErrOutcomesInGraph : Msg::kErrOutcomesNotCounted);
    return out;
  }
  if (options.state_graph) {
    if (eo.strategy == Strategy::kDfs || eo.fingerprint) {
      out.outcome = Outcome::kBadInput;
      out.error = Say(lang, Msg::kErrGraphNeedsBfs,
                      fmt::arg("flag", eo.fingerprint ? "--fingerprint" : "--strategy dfs"));
      return out;
    }
    eo.all = true;
    eo.threads = 1;
    if (eo.max_states == 0 || eo.max_states > kMaxGraphStates + 1) {
      eo.max_states = kMaxGraphStates + 1;
    }
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
  if (options.state_graph) co.enabled = false;  // a drawing of the graph shows no counts
  out.counting = co.enabled;
  if (options.final_values) {
    std::string error;
    co.final_vars =
        ResolveFinalVars(*loaded.variants.front().system, *options.final_values, &error, lang);
    if (!error.empty()) {
      out = CheckResult();
      out.outcome = Outcome::kBadInput;
      out.error = std::move(error);
      return out;
    }
    co.final_values = true;
    out.final_values = true;
  }
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
      vr.result.incomplete = {.kind = SearchStop::Kind::kInterrupted};
    } else {
      if (options.state_graph) eo.graph = &vr.graph.emplace().graph;
      vr.result = SearchVariant(v, eo, options.reductions, &vr.counterexamples, &vr.reductions,
                                &vr.reductions_text, options.model.lang);
      eo.graph = nullptr;
    }
    if (vr.graph) {
      if (vr.result.stats.states > kMaxGraphStates) {
        if (counter.joinable()) counter.join();  // (not running: co.enabled is off here)
        out = CheckResult();
        out.outcome = Outcome::kBadInput;
        out.error = Say(
            lang, Msg::kErrGraphTooLarge,
            fmt::arg("variant", lang == Lang::kEn ? v.name
                                                  : Say(lang, v.elided ? Msg::kVariantWithoutLocks
                                                                       : Msg::kVariantAsWritten)),
            fmt::arg("n", Thousands(kMaxGraphStates)));
        return out;
      }
      const System& searched = v.reduced ? *v.reduced : *v.system;
      MarkGraph(searched, vr.result, &*vr.graph);
      vr.graph->canonical = options.reductions.symmetry && Symmetry(searched).active();
      vr.graph->searched = std::move(v.reduced);
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
    out.every_step_variant = std::move(counted.every_step_variant);
    out.every_step_bound = counted.every_step_bound;
  }
  // One note per step as written: the copies a `for` makes of it share its place.
  std::set<std::tuple<int, int, int, int>> noted;
  for (AtomicReadWrite& a : AtomicReadWrites(*out.variants.front().system)) {
    if (a.in_atomic || !noted.insert({a.tmpl, a.loc.line, a.loc.col, a.var}).second) continue;
    out.granularity.push_back(std::move(a));
  }
  out.outcome = OutcomeOf(out.variants.front().result.verdict);
  return out;
}

}  // namespace racecheck
