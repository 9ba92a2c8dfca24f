// The explorer's search loops (BFS and DFS) over a StateStore. See explorer.h.
#include "engine/explore/explorer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <set>

#include "engine/state/store.h"
#include "engine/support/check.h"
#include "engine/support/hash.h"

namespace racecheck {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kHolds: return "holds";
    case Verdict::kViolated: return "violated";
    case Verdict::kIncomplete: return "incomplete";
  }
  return "?";
}

namespace {

constexpr uint32_t kNoParent = 0xffffffffu;

// The search state shared by both strategies: the store, parent links, counters, violations.
class Search {
 public:
  Search(const System& sys, const ExploreOptions& opt)
      : sys_(sys), opt_(opt), store_(sys.words()), start_(std::chrono::steady_clock::now()) {}

  ExploreResult Run();

 private:
  struct Parent {
    uint32_t state;
    int32_t process;
  };

  // Stores s if new; returns its index and whether it was new. Checks the state properties of a
  // new state. Returns false in `keep_going` when the search must stop.
  std::pair<uint32_t, bool> Add(const uint64_t* s, uint64_t hash, uint32_t parent,
                                int32_t process);
  // Expands state i: runs every enabled process. Calls `on_new(index)` for new successors.
  template <class OnNew>
  void Expand(uint32_t i, OnNew on_new);
  void Violation(int32_t property, uint32_t state, int32_t extra_process);
  bool ShouldStop();
  std::vector<int32_t> PathTo(uint32_t state) const;
  // The schedule of the plain model behind a path of stored (canonical, fused) transitions.
  // With `trim_last`, the last transition counts only its first step: an invariant is broken
  // by that step (fused local steps after it cannot change a shared variable).
  std::vector<int32_t> Concretize(const std::vector<int32_t>& path, int32_t extra,
                                  bool trim_last) const;
  void Canonical(uint64_t* s) const {
    if (opt_.symmetry != nullptr) opt_.symmetry->Canonicalize(s);
  }
  void Bfs();
  void Dfs();
  void Report();

  const System& sys_;
  const ExploreOptions& opt_;
  StateStore store_;
  ChunkedArray<Parent> parents_;
  std::chrono::steady_clock::time_point start_;
  ExploreStats stats_;
  std::map<int32_t, PropertyOutcome> violations_;
  std::set<std::vector<int64_t>> outcomes_;
  bool stop_ = false;
  std::string incomplete_;
  uint64_t expanded_ = 0;
  uint64_t next_progress_ = 1 << 16;
  std::vector<uint64_t> succ_;          // successors of the state being expanded
  std::vector<uint64_t> succ_hash_;
  std::vector<int32_t> succ_proc_;
  std::vector<uint8_t> step_violated_;  // per property, for the state being expanded
  std::vector<int32_t> touched_;        // properties set in step_violated_
};

std::pair<uint32_t, bool> Search::Add(const uint64_t* s, uint64_t hash, uint32_t parent,
                                      int32_t process) {
  auto [idx, inserted] = store_.Insert(s, hash);
  if (!inserted) return {idx, false};
  Parent* pp = parents_.Append();
  pp->state = parent;
  pp->process = process;
  int32_t inv = sys_.FirstViolatedInvariant(s);
  if (inv >= 0) {
    Violation(inv, idx, -1);
    // With --all, count every violated invariant of this state, not only the first.
    if (opt_.all) {
      for (size_t p = inv + 1; p < sys_.properties().size(); ++p) {
        if (sys_.properties()[p].kind == PropertyKind::kInvariant && !sys_.Holds(p, s)) {
          Violation(static_cast<int32_t>(p), idx, -1);
        }
      }
    }
  }
  if (sys_.Terminal(s)) {
    ++stats_.terminal_states;
    if (opt_.collect_outcomes) {
      std::vector<int64_t> values;
      for (const VarInfo& v : sys_.shared()) values.push_back(sys_.layout().field(v.field).Get(s));
      outcomes_.insert(std::move(values));
    }
    int32_t fin = sys_.FirstViolatedFinal(s);
    if (fin >= 0) {
      Violation(fin, idx, -1);
      if (opt_.all) {
        for (size_t p = fin + 1; p < sys_.properties().size(); ++p) {
          if (sys_.properties()[p].kind == PropertyKind::kFinal && !sys_.Holds(p, s)) {
            Violation(static_cast<int32_t>(p), idx, -1);
          }
        }
      }
    }
  }
  if (opt_.max_states != 0 && store_.size() >= opt_.max_states && !stop_) {
    stop_ = true;
    incomplete_ = "reached --max-states " + std::to_string(opt_.max_states);
  }
  return {idx, true};
}

void Search::Violation(int32_t property, uint32_t state, int32_t extra_process) {
  auto it = violations_.find(property);
  if (it == violations_.end()) {
    PropertyOutcome o;
    o.property = property;
    o.violating_states = 1;
    o.shortest.property = property;
    const bool invariant = sys_.properties()[property].kind == PropertyKind::kInvariant;
    o.shortest.schedule = Concretize(PathTo(state), extra_process, invariant);
    violations_.emplace(property, std::move(o));
  } else {
    ++it->second.violating_states;
  }
  if (!opt_.all) stop_ = true;
}

std::vector<int32_t> Search::PathTo(uint32_t state) const {
  std::vector<int32_t> path;
  for (uint32_t s = state; parents_.At(s)->state != kNoParent; s = parents_.At(s)->state) {
    path.push_back(parents_.At(s)->process);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<int32_t> Search::Concretize(const std::vector<int32_t>& path, int32_t extra,
                                        bool trim_last) const {
  const int n = sys_.num_processes();
  const size_t w = static_cast<size_t>(sys_.words());
  std::vector<uint64_t> cur(w), next(w), canon(w);
  std::vector<int32_t> concrete(static_cast<size_t>(n));  // canonical process -> concrete one
  auto relabel = [&]() {
    if (opt_.symmetry == nullptr) {
      std::iota(concrete.begin(), concrete.end(), 0);
      return;
    }
    canon = cur;
    opt_.symmetry->Canonicalize(canon.data(), concrete.data());
  };
  std::vector<int32_t> raw;
  int32_t last_raw_steps = 1;
  auto step = [&](int32_t q) {
    const int32_t p = concrete[q];
    StepResult r = sys_.Step(cur.data(), p, next.data());
    raw.insert(raw.end(), static_cast<size_t>(r.raw_steps), p);
    last_raw_steps = r.raw_steps;
    return r;
  };
  sys_.Initial(cur.data());
  relabel();
  for (int32_t q : path) {
    RC_CHECK(step(q).status == StepStatus::kOk);
    cur.swap(next);
    relabel();
  }
  if (extra >= 0) {
    step(extra);
  } else if (trim_last && !path.empty()) {
    raw.resize(raw.size() - static_cast<size_t>(last_raw_steps - 1));
  }
  return raw;
}

bool Search::ShouldStop() {
  if (stop_) return true;
  if ((++expanded_ & 1023) == 0) {
    if (opt_.interrupt != nullptr && opt_.interrupt->load(std::memory_order_relaxed)) {
      stop_ = true;
      incomplete_ = "interrupted";
      return true;
    }
    uint64_t mem = store_.memory_bytes() + parents_.memory_bytes();
    if (opt_.max_memory_bytes != 0 && mem >= opt_.max_memory_bytes) {
      stop_ = true;
      incomplete_ = "reached --max-memory (" + std::to_string(mem >> 20) + " MiB in use)";
      return true;
    }
    if (opt_.progress && expanded_ >= next_progress_) {
      next_progress_ = expanded_ + (1 << 16);
      Report();
      opt_.progress(stats_);
    }
  }
  return false;
}

template <class OnNew>
void Search::Expand(uint32_t i, OnNew on_new) {
  // Two passes: compute every successor and prefetch its slot in the visited set, then insert
  // them in process order. The prefetches overlap the cache misses of the lookups.
  const int n = sys_.num_processes();
  const int w = sys_.words();
  const uint64_t* s = store_.State(i);
  int count = 0;
  bool any = false;
  for (int p = 0; p < n; ++p) {
    uint64_t* out = succ_.data() + static_cast<size_t>(count) * w;
    StepResult r = sys_.TryStep(s, p, out);
    if (r.status == StepStatus::kBlocked) continue;
    any = true;
    ++stats_.transitions;
    if (r.status == StepStatus::kOk) Canonical(out);
    if (r.status == StepStatus::kViolation) {
      // Counted once per state and property (several processes may fail the same way).
      if (!step_violated_[r.property]) {
        step_violated_[r.property] = 1;
        touched_.push_back(r.property);
        Violation(r.property, i, p);
        if (stop_) break;
      }
      continue;
    }
    succ_hash_[count] = HashWords(out, w);
    succ_proc_[count] = p;
    store_.Prefetch(succ_hash_[count]);
    ++count;
  }
  for (int k = 0; k < count && !stop_; ++k) {
    auto [idx, inserted] =
        Add(succ_.data() + static_cast<size_t>(k) * w, succ_hash_[k], i, succ_proc_[k]);
    if (inserted) on_new(idx);
  }
  for (int32_t prop : touched_) step_violated_[prop] = 0;
  touched_.clear();
  if (!any && !sys_.Terminal(s)) Violation(sys_.deadlock_property(), i, -1);
}

void Search::Bfs() {
  uint64_t level_end = store_.size();
  for (uint64_t cursor = 0; cursor < store_.size(); ++cursor) {
    if (ShouldStop()) return;
    if (cursor == level_end) {
      ++stats_.depth;
      level_end = store_.size();
    }
    Expand(static_cast<uint32_t>(cursor), [](uint32_t) {});
    stats_.frontier = store_.size() - cursor - 1;
  }
}

void Search::Dfs() {
  struct Frame {
    uint32_t state;
    int32_t next;
  };
  std::vector<Frame> stack;
  stack.push_back({0, 0});
  // DFS expands a state one successor at a time so that the stack is a real path.
  const int n = sys_.num_processes();
  std::vector<uint8_t> seen_enabled;  // per stack level: did any process move?
  seen_enabled.push_back(0);
  while (!stack.empty()) {
    if (ShouldStop()) return;
    stats_.depth = std::max<uint32_t>(stats_.depth, static_cast<uint32_t>(stack.size() - 1));
    Frame& f = stack.back();
    const uint64_t* s = store_.State(f.state);
    int p = f.next;
    while (p < n && !sys_.Enabled(s, p)) ++p;
    if (p == n) {
      if (!seen_enabled.back() && !sys_.Terminal(s)) {
        Violation(sys_.deadlock_property(), f.state, -1);
      }
      stack.pop_back();
      seen_enabled.pop_back();
      continue;
    }
    f.next = p + 1;
    seen_enabled.back() = 1;
    ++stats_.transitions;
    uint32_t here = f.state;
    StepResult r = sys_.Step(s, p, succ_.data());
    if (r.status == StepStatus::kViolation) {
      Violation(r.property, here, p);
      continue;
    }
    Canonical(succ_.data());
    auto [idx, inserted] = Add(succ_.data(), HashWords(succ_.data(), sys_.words()), here, p);
    if (inserted && !stop_) {
      stack.push_back({idx, 0});
      seen_enabled.push_back(0);
    }
    stats_.frontier = stack.size();
  }
}

void Search::Report() {
  stats_.states = store_.size();
  stats_.memory_bytes = store_.memory_bytes() + parents_.memory_bytes();
  stats_.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

ExploreResult Search::Run() {
  const size_t n = static_cast<size_t>(std::max(1, sys_.num_processes()));
  succ_.assign(n * static_cast<size_t>(sys_.words()), 0);
  succ_hash_.assign(n, 0);
  succ_proc_.assign(n, 0);
  step_violated_.assign(sys_.properties().size(), 0);
  std::vector<uint64_t> init(static_cast<size_t>(sys_.words()));
  sys_.Initial(init.data());
  Canonical(init.data());
  Add(init.data(), HashWords(init.data(), sys_.words()), kNoParent, -1);
  if (!stop_) {
    if (opt_.strategy == Strategy::kBfs) {
      Bfs();
    } else {
      Dfs();
    }
  }
  Report();
  ExploreResult r;
  r.stats = stats_;
  if (opt_.strategy == Strategy::kBfs) r.stats.frontier = 0;
  for (auto& [prop, outcome] : violations_) r.violations.push_back(std::move(outcome));
  r.terminal_outcomes.assign(outcomes_.begin(), outcomes_.end());
  if (!r.violations.empty()) {
    r.verdict = Verdict::kViolated;
    if (!incomplete_.empty()) r.incomplete_reason = incomplete_;
  } else if (!incomplete_.empty()) {
    r.verdict = Verdict::kIncomplete;
    r.incomplete_reason = incomplete_;
  } else {
    r.verdict = Verdict::kHolds;
  }
  return r;
}

}  // namespace

ExploreResult Explore(const System& system, const ExploreOptions& options) {
  Search search(system, options);
  return search.Run();
}

}  // namespace racecheck
