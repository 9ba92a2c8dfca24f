// Locks (locks.h).
#include "engine/check/locks.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/model/loader.h"
#include "engine/support/diagnostics.h"
#include "engine/trace/describe.h"

namespace racecheck {

namespace {

bool IsLockOp(const Step& s, const std::string& lock) {
  return (s.kind == StepKind::kAcquire || s.kind == StepKind::kRelease) && s.text.text == lock;
}

// Does a step below the top level of `steps` take or give back `lock`?
bool UsesLockInside(const std::vector<Step>& steps, const std::string& lock, bool top) {
  for (const Step& s : steps) {
    if (!top && IsLockOp(s, lock)) return true;
    if (UsesLockInside(s.body, lock, false) || UsesLockInside(s.orelse, lock, false)) return true;
  }
  return false;
}

Step SyncStep(StepKind kind, const std::string& lock, const SourceLoc& loc) {
  Step s;
  s.kind = kind;
  s.loc = loc;
  s.source = std::string(kind == StepKind::kAcquire ? "acquire: " : "release: ") + lock;
  s.text = {lock, loc};
  return s;
}

// Checks `model` as written (no lock removed) the way `check` does.
void CheckModel(const Model& model, const LocksOptions& o, LockPlacement* out) {
  auto shared = std::make_shared<const Model>(model);
  DiagnosticSink diags;
  BuildOptions plain_opt;
  plain_opt.limits = o.model.limits;
  std::unique_ptr<System> plain = System::Build(shared, plain_opt, diags);
  BuildOptions reduced_opt = plain_opt;
  reduced_opt.reduce_locals = o.local_reduction;
  std::unique_ptr<System> reduced = System::Build(shared, reduced_opt, diags);
  if (!plain || !reduced) {
    out->verdict = Verdict::kIncomplete;
    out->property = "the placement does not compile";
    return;
  }
  ExploreOptions eo;
  eo.threads = 1;
  std::vector<Counterexample> cx;
  const ExploreResult r = SearchSystem(*plain, *reduced, eo, o.reductions, &cx);
  out->verdict = r.verdict;
  out->states = r.stats.states;
  // The least time is that of the fused System (private steps take no time anyway).
  std::unique_ptr<System> fused;
  if (!reduced_opt.reduce_locals) {
    BuildOptions fused_opt = plain_opt;
    fused_opt.reduce_locals = true;
    fused = System::Build(shared, fused_opt, diags);
  }
  const System& timed = fused ? *fused : *reduced;
  out->time = LeastTime(timed, CountOptions{});
  if (!r.violations.empty() && !cx.empty()) {
    out->property = plain->properties()[r.violations.front().property].name;
    out->property_shown = PropertyName(*plain, r.violations.front().property, o.model.lang);
    out->counterexample = static_cast<int>(cx.front().schedule.size());
  }
}

}  // namespace

LocksResult Locks(const LocksOptions& options) {
  LocksResult out;
  DiagnosticSink diags(options.model.lang);
  std::vector<ParamOverride> overrides;
  for (const std::string& s : options.model.sets) overrides.push_back({s});
  std::optional<Model> loaded =
      options.model.text
          ? LoadModelText(options.model.path, *options.model.text, overrides, diags,
                          options.model.limits)
          : LoadModelFile(options.model.path, overrides, diags, options.model.limits);
  out.diagnostics = diags.Render();
  if (!loaded) {
    out.outcome = Outcome::kBadInput;
    return out;
  }
  const Model& model = *loaded;
  out.model_path = options.model.path;
  out.lang = options.model.lang;
  out.model = std::make_shared<const Model>(model);
  Model base = model;
  std::string lock;
  for (const SyncDecl& y : model.syncs) {
    if (!y.is_semaphore) {
      lock = y.name.text;
      break;
    }
  }
  if (lock.empty()) {
    lock = "lock";
    SyncDecl y;
    y.name = {lock, SourceLoc{}};
    base.syncs.insert(base.syncs.begin(), y);
  }
  out.lock = lock;

  LockPlacement written;
  written.kind = PlacementKind::kAsWritten;
  written.region = "as written";
  CheckModel(model, options, &written);
  out.placements.push_back(written);

  // The templates whose lock moves: those that use it at the top level, else all of them.
  std::vector<size_t> templates;
  for (size_t t = 0; t < model.processes.size(); ++t) {
    if (UsesLockInside(model.processes[t].steps, lock, true)) {
      out.inside_compound.push_back(model.processes[t].name.text);
      continue;
    }
    for (const Step& s : model.processes[t].steps) {
      if (IsLockOp(s, lock)) {
        templates.push_back(t);
        break;
      }
    }
  }
  if (templates.empty() && out.inside_compound.empty()) {
    for (size_t t = 0; t < model.processes.size(); ++t) templates.push_back(t);
  }
  for (size_t t : templates) {
    const ProcessDecl& proc = model.processes[t];
    // The template's steps without its lock operations, and the region the model locks.
    std::vector<Step> units;
    int written_first = -1, written_last = -1;
    bool inside = false;
    for (const Step& s : proc.steps) {
      if (IsLockOp(s, lock)) {
        inside = s.kind == StepKind::kAcquire;
        continue;
      }
      if (inside && s.kind != StepKind::kSleep) {
        if (written_first < 0) written_first = static_cast<int>(units.size());
        written_last = static_cast<int>(units.size());
      }
      units.push_back(s);
    }
    auto with_steps = [&](std::vector<Step> steps) {
      Model m = base;
      m.processes[t].steps = std::move(steps);
      return m;
    };
    LockPlacement none;
    none.kind = PlacementKind::kNoLock;
    none.tmpl = proc.name.text;
    none.region = "no lock";
    CheckModel(with_steps(units), options, &none);
    out.placements.push_back(none);
    const size_t first_region = out.placements.size();
    for (size_t i = 0; i < units.size(); ++i) {
      if (units[i].kind == StepKind::kSleep) continue;
      for (size_t j = i; j < units.size(); ++j) {
        if (units[j].kind == StepKind::kSleep) continue;
        std::vector<Step> steps(units.begin(), units.begin() + i);
        steps.push_back(SyncStep(StepKind::kAcquire, lock, units[i].loc));
        steps.insert(steps.end(), units.begin() + i, units.begin() + j + 1);
        steps.push_back(SyncStep(StepKind::kRelease, lock, units[j].loc));
        steps.insert(steps.end(), units.begin() + j + 1, units.end());
        LockPlacement p;
        p.tmpl = proc.name.text;
        p.first_line = units[i].loc.line;
        p.last_line = units[j].loc.line;
        for (size_t k = i; k <= j; ++k) p.steps += units[k].kind != StepKind::kSleep;
        p.region = i == j ? fmt::format("L{} {}", p.first_line, units[i].source)
                          : fmt::format("L{}-L{} {} ... {}", p.first_line, p.last_line,
                                        units[i].source, units[j].source);
        p.same_as_written =
            static_cast<int>(i) == written_first && static_cast<int>(j) == written_last;
        CheckModel(with_steps(std::move(steps)), options, &p);
        out.placements.push_back(p);
      }
    }
    int smallest = -1;
    for (size_t k = first_region; k < out.placements.size(); ++k) {
      const LockPlacement& p = out.placements[k];
      if (p.verdict == Verdict::kHolds && (smallest < 0 || p.steps < smallest)) smallest = p.steps;
    }
    for (size_t k = first_region; k < out.placements.size(); ++k) {
      LockPlacement& p = out.placements[k];
      p.smallest_safe = p.verdict == Verdict::kHolds && p.steps == smallest;
    }
  }
  return out;
}

}  // namespace racecheck
