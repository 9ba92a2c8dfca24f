// The search state every algorithm shares (search_state.h).
#include "engine/explore/search_state.h"

#include <algorithm>

#include "engine/support/check.h"

namespace racecheck {

SearchState::SearchState(const System& system, const ExploreOptions& options)
    : sys_(system), opt_(options), start_(std::chrono::steady_clock::now()) {}

void SearchState::PrepareScratch(Scratch& w) const {
  const size_t n = static_cast<size_t>(sys_.num_processes());
  w.succ.resize(n * static_cast<size_t>(sys_.words()));
  w.hashes.resize(n);
  w.procs.resize(n);
  w.step_violated.assign(sys_.properties().size(), 0);
}

void SearchState::Initial(uint64_t* s) const {
  sys_.Initial(s);
  Canonical(s);
}

void SearchState::CheckNewState(Scratch& w, const uint64_t* s, uint32_t idx, uint32_t parent,
                                int32_t process) const {
  const bool terminal = sys_.CheckState(s, opt_.all, [&](int32_t property) {
    w.found.push_back({parent, process, property, idx, -1});
  });
  if (!terminal) return;
  ++w.terminal;
  if (opt_.collect_outcomes) {
    std::vector<int64_t> values;
    for (const VarInfo& v : sys_.shared()) values.push_back(sys_.layout().field(v.field).Get(s));
    w.outcomes.insert(std::move(values));
  }
}

bool SearchState::RoundChecks(uint64_t stored, uint64_t memory, uint64_t growth) {
  if (opt_.interrupt != nullptr && opt_.interrupt->load(std::memory_order_relaxed)) {
    Stop({.kind = SearchStop::Kind::kInterrupted});
    return true;
  }
  // Stop before the next growth of the visited set could take the memory past the bound.
  if (opt_.max_memory_bytes != 0 && memory + growth >= opt_.max_memory_bytes) {
    if (opt_.max_memory_origin.empty()) {
      Stop({.kind = SearchStop::Kind::kMaxMemory, .in_use = memory >> 20});
    } else {
      Stop({.kind = SearchStop::Kind::kDefaultMemory,
            .bound = opt_.max_memory_bytes >> 20,
            .in_use = memory >> 20,
            .detail = opt_.max_memory_origin});
    }
    return true;
  }
  if (opt_.max_states != 0 && stored >= opt_.max_states) {
    Stop({.kind = SearchStop::Kind::kMaxStates, .bound = opt_.max_states});
    return true;
  }
  if (opt_.progress && expanded_ >= next_progress_) {
    next_progress_ = expanded_ + (1 << 16);
    Report(stored, memory);
    opt_.progress(stats_);
  }
  return false;
}

void SearchState::Report(uint64_t stored, uint64_t memory) {
  stats_.states = stored;
  stats_.memory_bytes = memory;
  stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

ExploreResult SearchState::Finish(uint64_t stored, uint64_t memory) {
  Report(stored, memory);
  ExploreResult r;
  r.stats = stats_;
  if (opt_.strategy == Strategy::kBfs) r.stats.frontier = 0;
  for (auto& [prop, outcome] : violations_) r.violations.push_back(std::move(outcome));
  r.terminal_outcomes.assign(outcomes_.begin(), outcomes_.end());
  if (!r.violations.empty()) {
    r.verdict = Verdict::kViolated;
    if (!incomplete_.empty()) r.incomplete = incomplete_;
  } else if (!incomplete_.empty()) {
    r.verdict = Verdict::kIncomplete;
    r.incomplete = incomplete_;
  } else {
    r.verdict = Verdict::kHolds;
  }
  return r;
}

void SearchState::Violation(int32_t property, uint32_t state, int32_t extra_process) {
  auto it = violations_.find(property);
  if (it == violations_.end()) {
    PropertyOutcome o;
    o.property = property;
    o.violating_states = 1;
    o.path.stored = PathTo(state);
    o.path.extra = extra_process;
    o.path.trim_last = sys_.properties()[property].kind == PropertyKind::kInvariant;
    o.path.canonical = opt_.symmetry != nullptr;
    violations_.emplace(property, std::move(o));
  } else {
    ++it->second.violating_states;
  }
  if (!opt_.all) stop_ = true;
}

std::vector<int32_t> SearchState::PathTo(uint32_t state) const {
  std::vector<int32_t> path;
  for (uint32_t s = state; parents_.At(s)->state != kNoParent; s = parents_.At(s)->state) {
    path.push_back(parents_.At(s)->process);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace racecheck
