// SearchState: what every search algorithm shares, whatever its order and its visited set —
// the parent links, the violations found, the statistics, the successor generator (Expand, with
// the reductions' choices), the check of each new state, and the bounds, interrupt and progress
// checks. The algorithms (sequential_bfs.cc, parallel_bfs.cc, dfs.cc) own their visited set and
// their frontier and call in here; what here reads a visited set (Add, RoundChecks, Finish) is
// a template over the VisitedSet concept, compiled for the algorithm's store.
//
// Invariants: parents() has one entry per stored state, the initial state's naming kNoParent;
// violations are recorded in the order of the search, the first of each property with its path.
// Thread-safety: Expand and CheckNewState may run on several threads at once, each with its
// own Scratch; everything else from one thread, while no worker runs.
#ifndef RACECHECK_ENGINE_EXPLORE_SEARCH_STATE_H_
#define RACECHECK_ENGINE_EXPLORE_SEARCH_STATE_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <new>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/explore/visited_set.h"
#include "engine/semantics/system.h"
#include "engine/state/store.h"
#include "engine/support/hash.h"

namespace racecheck {

constexpr uint32_t kNoParent = 0xffffffffu;
// The breadth-first searches work in rounds of this many frontier states (fewer at the end of a
// level). Without --all they stop at the end of the round in which a violation shows, whatever
// the number of threads, so that every count they print is the same for every thread count.
constexpr uint64_t kBfsRound = 1 << 12;

// How a stored state was first reached: from state `state` by a step of `process`.
struct Parent {
  uint32_t state;
  int32_t process;
};

// A violation seen by a thread, not yet recorded: of `property`, in stored state `state`, or by
// the step of `extra` from it (-1: in the state itself). (at, process) orders violations as the
// sequential breadth-first search meets them (FoundBefore).
struct Found {
  uint32_t at;
  int32_t process;
  int32_t property;
  uint32_t state;
  int32_t extra;
};
inline bool FoundBefore(const Found& a, const Found& b) {
  return a.at != b.at ? a.at < b.at : a.process < b.process;
}

// What one thread writes while it expands states and checks new ones; merged into the
// SearchState by Drain (the parallel search drains every worker's between rounds).
struct Scratch {
  std::vector<uint64_t> succ, hashes;  // Expand: the successors, words() each, and their hashes
  std::vector<int32_t> procs;          // Expand: the process of each successor
  std::vector<int32_t> touched;        // Expand: the properties marked in step_violated
  std::vector<uint8_t> step_violated;  // by property: a step violated it in this state
  std::vector<Found> found;
  std::set<std::vector<int64_t>> outcomes;
  uint64_t transitions = 0, terminal = 0, reduced = 0;
};

class SearchState {
 public:
  SearchState(const System& system, const ExploreOptions& options);
  SearchState(const SearchState&) = delete;
  SearchState& operator=(const SearchState&) = delete;

  const System& system() const { return sys_; }
  const ExploreOptions& options() const { return opt_; }
  ExploreStats& stats() { return stats_; }
  ChunkedArray<Parent>& parents() { return parents_; }
  bool stopped() const { return stop_; }
  // Stops the search with an incomplete verdict unless a violation is found.
  void Stop(SearchStop why) {
    incomplete_ = std::move(why);
    stop_ = true;
  }
  // Stops the search because the kernel refused memory; `what` is the exception's what() (an
  // OutOfMemory from a store, or any std::bad_alloc): "out of memory: mmap of 16.0 MiB failed:
  // Cannot allocate memory (...)".
  void StopOutOfMemory(const std::string& what) {
    Stop({.kind = SearchStop::Kind::kOutOfMemory, .detail = what});
  }
  // Counts states handed to Expand, for the progress calls.
  void CountExpanded(uint64_t n) { expanded_ += n; }

  // Sizes w's buffers for Expand (and step_violated for every property).
  void PrepareScratch(Scratch& w) const;
  // The initial state, canonical, into s[0 .. words()).
  void Initial(uint64_t* s) const;
  void Canonical(uint64_t* s) const {
    if (opt_.symmetry != nullptr) opt_.symmetry->Canonicalize(s);
  }
  // Under symmetry, process p's successors are those of p - 1 when the two are interchangeable.
  bool Twin(const uint64_t* s, int p) const {
    return opt_.symmetry != nullptr && opt_.symmetry->SameAsPrevious(s, p);
  }
  // Partial-order reduction: the first process whose step alone stands for all the successors
  // of s (PartialOrder::Eligible, enabled, not a violation, and moving its pc forward: the
  // cycle proviso), with that successor, not yet canonical, in `out`; -1: expand every process.
  int32_t Ample(const uint64_t* s, uint64_t* out) const {
    if (opt_.partial_order == nullptr) return -1;
    for (int p = 0; p < sys_.num_processes(); ++p) {
      if (!opt_.partial_order->Eligible(s, p)) continue;
      const StepResult r = sys_.TryStep(s, p, out);
      if (r.status == StepStatus::kOk && sys_.Pc(out, p) > sys_.Pc(s, p)) return p;
    }
    return -1;
  }

  // The successors of state s into w.succ, w.hashes and w.procs, canonical and hashed, in
  // process order (`prefetch` gets each hash as soon as it is known): the partial-order step
  // alone, or the step of every enabled process but twins. Counts into w.transitions and
  // w.reduced. A step violation goes to `violation(property, process)`, once per property; a
  // deadlock (no process can move, s not terminal) to `violation(property, -1)`. Returns the
  // number of successors. REQUIRES: PrepareScratch(w).
  template <class Prefetch, class OnViolation>
  int Expand(Scratch& w, const uint64_t* s, const Prefetch& prefetch,
             const OnViolation& violation) const;

  // Checks the state properties of s, stored at index idx and reached from `parent` by a step
  // of `process`: violations go to w.found, a terminal state to w.terminal and w.outcomes.
  void CheckNewState(Scratch& w, const uint64_t* s, uint32_t idx, uint32_t parent,
                     int32_t process) const;
  // Records what w found and counted (one thread), and empties it.
  void Drain(Scratch& w);

  // Stores s in `visited` if new, links its parent and checks it (one thread); returns its
  // index and whether it was new (as VisitedSet::Insert).
  template <VisitedSet V>
  std::pair<uint32_t, bool> Add(V& visited, Scratch& w, const uint64_t* s, uint64_t hash,
                                uint32_t parent, int32_t process);

  // A violation of `property` in stored state `state` (or by the step of `extra_process` from
  // it): the first of its property keeps the path there. Without --all, stops the search.
  void Violation(int32_t property, uint32_t state, int32_t extra_process);

  // Between rounds (one thread): the interrupt, the bounds, a progress call. True to stop.
  template <VisitedSet V>
  bool RoundChecks(const V& visited) {
    return RoundChecks(visited.size(), visited.memory_bytes() + parents_.memory_bytes(),
                       visited.growth_bytes());
  }
  // The result, with the statistics taken now.
  template <VisitedSet V>
  ExploreResult Finish(const V& visited) {
    return Finish(visited.size(), visited.memory_bytes() + parents_.memory_bytes());
  }

 private:
  bool RoundChecks(uint64_t stored, uint64_t memory, uint64_t growth);
  void Report(uint64_t stored, uint64_t memory);
  ExploreResult Finish(uint64_t stored, uint64_t memory);
  // The processes of the stored transitions from the initial state to `state`.
  std::vector<int32_t> PathTo(uint32_t state) const;

  const System& sys_;
  const ExploreOptions& opt_;
  ChunkedArray<Parent> parents_;
  std::chrono::steady_clock::time_point start_;
  ExploreStats stats_;
  std::map<int32_t, PropertyOutcome> violations_;
  std::set<std::vector<int64_t>> outcomes_;
  bool stop_ = false;
  SearchStop incomplete_;
  uint64_t expanded_ = 0;
  uint64_t next_progress_ = 1 << 16;
};

template <class Prefetch, class OnViolation>
int SearchState::Expand(Scratch& w, const uint64_t* s, const Prefetch& prefetch,
                        const OnViolation& violation) const {
  const int n = sys_.num_processes();
  const int ww = sys_.words();
  if (const int32_t a = Ample(s, w.succ.data()); a >= 0) {
    ++w.transitions;
    ++w.reduced;
    Canonical(w.succ.data());
    w.hashes[0] = HashWords(w.succ.data(), ww);
    w.procs[0] = a;
    prefetch(w.hashes[0]);
    return 1;
  }
  int count = 0;
  bool any = false;
  for (int p = 0; p < n; ++p) {
    if (Twin(s, p)) continue;
    uint64_t* out = w.succ.data() + static_cast<size_t>(count) * ww;
    const StepResult r = sys_.TryStep(s, p, out);
    if (r.status == StepStatus::kBlocked) continue;
    any = true;
    ++w.transitions;
    if (r.status == StepStatus::kViolation) {
      // Counted once per state and property (several processes may fail the same way).
      if (!w.step_violated[r.property]) {
        w.step_violated[r.property] = 1;
        w.touched.push_back(r.property);
        violation(r.property, p);
      }
      // With --all the search goes on where Python would (StepResult::successor).
      if (!r.successor || !opt_.all) continue;
    }
    Canonical(out);
    w.hashes[count] = HashWords(out, ww);
    w.procs[count] = p;
    prefetch(w.hashes[count]);
    ++count;
  }
  for (int32_t prop : w.touched) w.step_violated[prop] = 0;
  w.touched.clear();
  if (!any && !sys_.Terminal(s)) violation(sys_.deadlock_property(), -1);
  return count;
}

inline void SearchState::Drain(Scratch& w) {
  if (!w.found.empty()) {
    for (const Found& f : w.found) Violation(f.property, f.state, f.extra);
    w.found.clear();
  }
  stats_.transitions += w.transitions;
  stats_.terminal_states += w.terminal;
  stats_.reduced_states += w.reduced;
  w.transitions = w.terminal = w.reduced = 0;
  if (!w.outcomes.empty()) {
    outcomes_.insert(w.outcomes.begin(), w.outcomes.end());
    w.outcomes.clear();
  }
}

template <VisitedSet V>
std::pair<uint32_t, bool> SearchState::Add(V& visited, Scratch& w, const uint64_t* s, uint64_t hash,
                                           uint32_t parent, int32_t process) {
  const std::pair<uint32_t, bool> at = visited.Insert(s, hash);
  if (!at.second) return at;
  *parents_.Append() = Parent{parent, process};
  CheckNewState(w, s, at.first, parent, process);
  Drain(w);
  return at;
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPLORE_SEARCH_STATE_H_
