// The depth-first search (dfs.h).
#include "engine/explore/dfs.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "engine/state/store.h"

namespace racecheck {

namespace {

void Run(SearchState& search, StateStore& store) {
  struct Frame {
    uint32_t state;
    int32_t next;
    bool moved;  // did any process move from this state?
  };
  const System& sys = search.system();
  const ExploreOptions& opt = search.options();
  ExploreStats& stats = search.stats();
  Scratch w;  // for Add: what the check of a new state finds
  std::vector<uint64_t> succ(static_cast<size_t>(sys.words()));
  std::vector<uint64_t> init(static_cast<size_t>(sys.words()));
  search.Initial(init.data());
  search.Add(store, w, init.data(), HashWords(init.data(), sys.words()), kNoParent, -1);
  std::vector<Frame> stack;
  stack.push_back({0, 0, false});
  const int n = sys.num_processes();
  uint64_t expanded = 0;
  // The (state, property) pairs whose step violation is counted: once per state and property,
  // as the breadth-first Expand counts it, however many processes fail the same way there.
  // Touched only on a violation.
  std::unordered_set<uint64_t> step_violations;
  while (!stack.empty() && !search.stopped()) {
    if ((++expanded & 1023) == 0) {
      search.CountExpanded(1024);
      if (search.RoundChecks(store)) break;
    }
    stats.depth = std::max<uint32_t>(stats.depth, static_cast<uint32_t>(stack.size() - 1));
    Frame& f = stack.back();
    const uint64_t* s = store.State(f.state);
    int p = f.next;
    StepResult r;
    const int32_t a = p == 0 && !f.moved ? search.Ample(s, succ.data()) : -1;
    if (a >= 0) {
      p = a;
      ++stats.reduced_states;
    } else {
      for (; p < n; ++p) {
        if (search.Twin(s, p)) continue;
        r = sys.TryStep(s, p, succ.data());
        if (r.status != StepStatus::kBlocked) break;
      }
    }
    if (p == n) {
      if (!f.moved && !sys.Terminal(s)) search.Violation(sys.deadlock_property(), f.state, -1);
      stack.pop_back();
      continue;
    }
    f.next = a >= 0 ? n : p + 1;
    f.moved = true;
    ++stats.transitions;
    const uint32_t here = f.state;
    if (r.status == StepStatus::kViolation) {
      const uint64_t key = uint64_t{here} << 32 | static_cast<uint32_t>(r.property);
      if (step_violations.insert(key).second) search.Violation(r.property, here, p);
      // With --all the search goes on where Python would (StepResult::successor).
      if (!r.successor || !opt.all) continue;
    }
    search.Canonical(succ.data());
    auto [idx, inserted] =
        search.Add(store, w, succ.data(), HashWords(succ.data(), sys.words()), here, p);
    if (inserted && !search.stopped()) stack.push_back({idx, 0, false});
    stats.frontier = stack.size();
    if (opt.max_states != 0 && store.size() >= opt.max_states && !search.stopped()) {
      search.Stop({.kind = SearchStop::Kind::kMaxStates, .bound = opt.max_states});
    }
  }
}

}  // namespace

ExploreResult Dfs(SearchState& search) {
  StateStore store(search.system().words());
  try {
    Run(search, store);
  } catch (const std::bad_alloc& e) {  // a store's chunk or table, or the stack
    search.StopOutOfMemory(e.what());
  }
  return search.Finish(store);
}

}  // namespace racecheck
