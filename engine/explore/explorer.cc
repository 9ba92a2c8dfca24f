// The explorer's search loops (BFS and DFS) over a StateStore. See explorer.h.
#include "engine/explore/explorer.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <map>
#include <numeric>
#include <set>

#include "engine/explore/spin_barrier.h"
#include "engine/state/round_set.h"
#include "engine/state/fingerprint_set.h"
#include "engine/state/sharded_store.h"
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
constexpr uint32_t kNoIndex = 0xffffffffu;
// The breadth-first search works in rounds of this many frontier states (fewer at the end of a
// level). Without --all it stops at the end of the round in which a violation shows, whatever
// the number of threads, so that every count it prints is the same for every thread count.
constexpr uint64_t kBfsRound = 1 << 12;

// The search state shared by both strategies: the store, parent links, counters, violations.
class Search {
 public:
  Search(const System& sys, const ExploreOptions& opt)
      : sys_(sys), opt_(opt), start_(std::chrono::steady_clock::now()) {
    if (opt.fingerprint) {
      RC_CHECK(opt.strategy == Strategy::kBfs);
      fp_store_.emplace();
    } else if (opt.strategy == Strategy::kBfs && opt.threads > 1) {
      bfs_store_.emplace(sys.words());
    } else {
      store_.emplace(sys.words());
    }
  }

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
  void Violation(int32_t property, uint32_t state, int32_t extra_process);
  std::vector<int32_t> PathTo(uint32_t state) const;
  // The schedule of the plain model behind a path of stored (canonical, fused) transitions.
  // With `trim_last`, the last transition counts only its first step: an invariant is broken
  // by that step (fused local steps after it cannot change a shared variable).
  std::vector<int32_t> Concretize(const std::vector<int32_t>& path, int32_t extra,
                                  bool trim_last) const;
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
  void Bfs();
  void SequentialBfs();
  void Dfs();
  void Report();
  const uint64_t* StateAt(uint32_t i) const {
    if (fp_store_) {  // only the level being expanded and the next one are kept
      const size_t ww = static_cast<size_t>(sys_.words());
      return i >= fp_level_end_ ? fp_next_.data() + (i - fp_level_end_) * ww
                                : fp_cur_.data() + (i - fp_level_start_) * ww;
    }
    return bfs_store_ ? bfs_store_->State(i) : store_->State(i);
  }
  uint64_t Stored() const {
    if (fp_store_) return fp_store_->size();
    return bfs_store_ ? bfs_store_->size() : store_->size();
  }
  uint64_t MemoryBytes() const {
    if (fp_store_) {
      return fp_store_->memory_bytes() + parents_.memory_bytes() +
             (fp_cur_.capacity() + fp_next_.capacity()) * sizeof(uint64_t);
    }
    return (bfs_store_ ? bfs_store_->memory_bytes() : store_->memory_bytes()) +
           parents_.memory_bytes();
  }
  // Fingerprint mode, at the start of BFS level [start, end): its states become the current
  // ones, and the previous level's are dropped.
  void NextLevel(uint64_t start, uint64_t end) {
    if (!fp_store_) return;
    fp_cur_.swap(fp_next_);
    fp_next_.clear();
    fp_level_start_ = start;
    fp_level_end_ = end;
  }
  void PrefetchStore(uint64_t hash) const {
    if (fp_store_) {
      fp_store_->Prefetch(hash);
    } else {
      store_->Prefetch(hash);
    }
  }

  // The parallel breadth-first search: rounds of up to kBfsRound states of one level, each
  // expanded by all workers (each dropping the duplicates within its share), deduplicated
  // shard by shard, and numbered in the order of the sequential search, so results do not
  // depend on the number of threads.
  //
  // The first copy of a successor in its worker's share of the round, as its owner sees it.
  struct Candidate {
    uint64_t hash;
    uint32_t at;  // its position in the worker's candidates (Worker::words, Worker::from)
  };
  struct Found {  // a violation seen by a worker, ordered by (at, process): FoundBefore
    uint32_t at;
    int32_t process;
    int32_t property;
    uint32_t state;
    int32_t extra;
  };
  static bool FoundBefore(const Found& a, const Found& b) {
    return a.at != b.at ? a.at < b.at : a.process < b.process;
  }
  // What one thread owns, written by that thread only (each worker writes what the others read
  // in arrays of its own: few cache lines travel between cores). Cache lines of its own.
  // Candidates go to the owner of their shard through out[u]; the owner answers in
  // fresh[t] (which of them are new); their worker numbers the new ones and answers in
  // index[u]; next round, the owner makes their table entries final from last_fresh and
  // last_index.
  struct alignas(64) Worker {
    // As a worker, of its share of the round:
    std::vector<uint64_t> words;  // the candidates' states, sys_.words() each, in order
    std::vector<Parent> from;     // how each candidate was reached, in order
    std::vector<uint8_t> owner;   // the owner of each candidate, in order
    std::vector<std::vector<Candidate>> out;  // by owner, in candidate order
    std::vector<uint64_t> per_shard;          // candidates by shard
    std::vector<std::vector<uint32_t>> index, last_index;  // by owner, like out: kNoIndex or
                                                           // the store index given
    size_t expand_found = 0;  // found[0, expand_found) are BfsExpand's
    RoundSet seen;            // the candidates, by state
    // As an owner, of workers_[t].out[me]: 0 (a copy) or 1 + the provisional table entry.
    std::vector<std::vector<uint64_t>> fresh, last_fresh;  // by worker
    std::vector<uint64_t> fresh_from;  // by worker: how many are new
    std::vector<uint64_t> succ, hashes;
    std::vector<int32_t> procs;
    std::vector<int32_t> touched;  // Expand: the properties marked in step_violated
    std::vector<Found> found;
    std::set<std::vector<int64_t>> outcomes;
    std::vector<uint8_t> step_violated;
    uint64_t transitions = 0, terminal = 0, reduced = 0;
  };
  // The successors of frontier state s into w.succ, w.hashes and w.procs, canonical and
  // hashed, in process order (`prefetch` gets each hash as soon as it is known): the
  // partial-order step alone, or the step of every enabled process but twins. Counts into
  // w.transitions and w.reduced. A step violation goes to `violation(property, process)`, once
  // per property; a deadlock (no process can move, s not terminal) to `violation(property, -1)`.
  // Returns the number of successors. Shared by both breadth-first searches.
  template <class Prefetch, class OnViolation>
  int Expand(Worker& w, const uint64_t* s, const Prefetch& prefetch,
             const OnViolation& violation);
  void BfsExpand(Worker& w, uint64_t from, uint64_t to);
  void BfsDedup(int u);
  void BfsCommit(int t);
  void CheckNewState(Worker& w, uint32_t idx, uint32_t parent, int32_t process);
  bool RoundChecks();

  const System& sys_;
  const ExploreOptions& opt_;
  std::optional<StateStore> store_;         // DFS, and BFS on one thread
  std::optional<FingerprintSet> fp_store_;  // BFS with ExploreOptions::fingerprint
  std::vector<uint64_t> fp_cur_, fp_next_;  // fingerprint mode: the states of two levels
  uint64_t fp_level_start_ = 0, fp_level_end_ = 0;
  std::optional<ShardedStore> bfs_store_;  // BFS on several threads
  ChunkedArray<Parent> parents_;
  std::vector<Worker> workers_;
  uint64_t round_from_ = 0, round_to_ = 0;  // the frontier states of the current round
  uint64_t allowed_ = 0;                    // new states the round may still store
  uint64_t round_base_ = 0;                 // the store's size before the round
  std::chrono::steady_clock::time_point start_;
  ExploreStats stats_;
  std::map<int32_t, PropertyOutcome> violations_;
  std::set<std::vector<int64_t>> outcomes_;
  bool stop_ = false;
  std::string incomplete_;
  uint64_t expanded_ = 0;
  uint64_t next_progress_ = 1 << 16;
};


// Checks the state properties of state idx, new in the store: invariants, and in a terminal
// state the final properties. Violations go to w.found, ordered by how the state was reached.
void Search::CheckNewState(Worker& w, uint32_t idx, uint32_t parent, int32_t process) {
  const uint64_t* s = StateAt(idx);
  const auto& props = sys_.properties();
  auto found = [&](int32_t prop) { w.found.push_back({parent, process, prop, idx, -1}); };
  int32_t inv = sys_.FirstViolatedInvariant(s);
  if (inv >= 0) {
    found(inv);
    // With --all, count every violated invariant of this state, not only the first.
    for (size_t p = inv + 1; opt_.all && p < props.size(); ++p) {
      if (props[p].kind == PropertyKind::kInvariant && !sys_.Holds(p, s)) found(p);
    }
  }
  if (!sys_.Terminal(s)) return;
  ++w.terminal;
  if (opt_.collect_outcomes) {
    std::vector<int64_t> values;
    for (const VarInfo& v : sys_.shared()) values.push_back(sys_.layout().field(v.field).Get(s));
    w.outcomes.insert(std::move(values));
  }
  int32_t fin = sys_.FirstViolatedFinal(s);
  if (fin >= 0) {
    found(fin);
    for (size_t p = fin + 1; opt_.all && p < props.size(); ++p) {
      if (props[p].kind == PropertyKind::kFinal && !sys_.Holds(p, s)) found(p);
    }
  }
}

// Between rounds (one thread): interrupts, bounds, progress. True to stop.
bool Search::RoundChecks() {
  if (opt_.interrupt != nullptr && opt_.interrupt->load(std::memory_order_relaxed)) {
    incomplete_ = "interrupted";
    return stop_ = true;
  }
  const uint64_t mem = MemoryBytes();
  if (opt_.max_memory_bytes != 0 && mem >= opt_.max_memory_bytes) {
    incomplete_ = "reached --max-memory (" + std::to_string(mem >> 20) + " MiB in use)";
    return stop_ = true;
  }
  if (opt_.max_states != 0 && Stored() >= opt_.max_states) {
    incomplete_ = "reached --max-states " + std::to_string(opt_.max_states);
    return stop_ = true;
  }
  if (opt_.progress && expanded_ >= next_progress_) {
    next_progress_ = expanded_ + (1 << 16);
    Report();
    opt_.progress(stats_);
  }
  return false;
}

template <class Prefetch, class OnViolation>
int Search::Expand(Worker& w, const uint64_t* s, const Prefetch& prefetch,
                   const OnViolation& violation) {
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
      continue;
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

// Phase 1 (worker): run every process of frontier states [from, to); keep the first copy of
// each successor as a candidate, in (state, process) order, listed for the worker that owns its
// shard.
void Search::BfsExpand(Worker& w, uint64_t from, uint64_t to) {
  const int n = sys_.num_processes();
  const int nw = static_cast<int>(workers_.size());
  const int ww = sys_.words();
  std::swap(w.index, w.last_index);  // read by the owners in this round's dedup phase
  for (std::vector<Candidate>& o : w.out) o.clear();
  w.words.clear();
  w.from.clear();
  w.owner.clear();
  std::fill(w.per_shard.begin(), w.per_shard.end(), 0);
  w.seen.Clear();
  auto state = [&w, ww](uint32_t at) { return w.words.data() + static_cast<size_t>(at) * ww; };
  w.found.clear();
  for (uint64_t i = from; i < to; ++i) {
    const uint32_t at_state = static_cast<uint32_t>(i);
    const int count = Expand(
        w, StateAt(at_state), [&w](uint64_t hash) { w.seen.Prefetch(hash); },
        [&w, at_state, n](int32_t property, int32_t process) {
          // Ordered by (state, process); a deadlock after the state's step violations.
          w.found.push_back({at_state, process < 0 ? n : process, property, at_state, process});
        });
    for (int k = 0; k < count; ++k) {
      const uint64_t* succ = w.succ.data() + static_cast<size_t>(k) * ww;
      const uint32_t at = static_cast<uint32_t>(w.owner.size());
      if (!w.seen.Insert(succ, ww, w.hashes[k], at, state)) continue;
      const int shard = ShardedStore::ShardOf(w.hashes[k]);
      const int u = shard % nw;
      w.words.insert(w.words.end(), succ, succ + ww);
      w.from.push_back({static_cast<uint32_t>(i), w.procs[k]});
      w.out[u].push_back({w.hashes[k], at});
      w.owner.push_back(static_cast<uint8_t>(u));
      ++w.per_shard[shard];
    }
  }
  w.expand_found = w.found.size();
  for (int u = 0; u < nw; ++u) w.index[u].assign(w.out[u].size(), kNoIndex);
}

// Phase 2 (worker u): look up every candidate sent to u, in candidate order (worker by worker),
// so that the first copy of a state in the round is the fresh one.
void Search::BfsDedup(int u) {
  const int nw = static_cast<int>(workers_.size());
  Worker& me = workers_[u];
  // First the entries of the states committed last round become final, by their owner (so
  // that no table line is written by two threads).
  std::swap(me.fresh, me.last_fresh);
  constexpr size_t kAhead = 16;  // prefetch table slots a little ahead
  for (int t = 0; t < nw; ++t) {
    const std::vector<uint64_t>& fresh = me.last_fresh[t];
    const std::vector<uint32_t>& index = workers_[t].last_index[u];
    const size_t m = fresh.size();
    for (size_t k = 0; k < m; ++k) {
      if (k + kAhead < m && fresh[k + kAhead] != 0) {
        bfs_store_->PrefetchEntry(fresh[k + kAhead] - 1);
      }
      if (fresh[k] != 0 && index[k] != kNoIndex) bfs_store_->Commit(fresh[k] - 1, index[k]);
    }
  }
  for (int sh = u; sh < ShardedStore::kShards; sh += nw) {
    uint64_t extra = 0;
    for (const Worker& w : workers_) extra += w.per_shard[sh];
    bfs_store_->Reserve(sh, extra);
  }
  const size_t ww = static_cast<size_t>(sys_.words());
  auto words = [this, ww](int t, uint32_t at) { return workers_[t].words.data() + at * ww; };
  // Candidate numbers run through u's lists of worker 0, 1, ...
  auto candidate = [this, u, &words](uint32_t c) {
    int t = 0;
    while (c >= workers_[t].out[u].size()) c -= static_cast<uint32_t>(workers_[t++].out[u].size());
    return words(t, workers_[t].out[u][c].at);
  };
  uint32_t base = 0;
  for (int t = 0; t < nw; ++t) {
    const std::vector<Candidate>& o = workers_[t].out[u];
    std::vector<uint64_t>& fresh = me.fresh[t];
    const size_t m = o.size();
    fresh.resize(m);
    uint64_t count = 0;
    for (size_t k = 0; k < std::min(kAhead, m); ++k) bfs_store_->Prefetch(o[k].hash);
    for (size_t k = 0; k < m; ++k) {
      if (k + kAhead < m) bfs_store_->Prefetch(o[k + kAhead].hash);
      const Candidate& c = o[k];
      uint64_t entry = 0;
      const bool is_new = bfs_store_->InsertProvisional(
          words(t, c.at), c.hash, base + static_cast<uint32_t>(k), &entry, candidate);
      fresh[k] = is_new ? entry + 1 : 0;
      count += is_new;
    }
    me.fresh_from[t] = count;
    base += static_cast<uint32_t>(m);
  }
}

// Phase 3 (worker t): store t's fresh candidates at their indices (in candidate order, after
// those of workers 0..t-1), link their parents, and check their properties.
void Search::BfsCommit(int t) {
  const int nw = static_cast<int>(workers_.size());
  Worker& w = workers_[t];
  uint64_t rank = 0, total = 0;
  for (int x = 0; x < nw; ++x) {
    for (const Worker& v : workers_) {
      if (x < t) rank += v.fresh_from[x];
      total += v.fresh_from[x];
    }
  }
  RC_CHECK(round_base_ + std::min(total, allowed_) <= bfs_store_->reserved());
  const size_t ww = static_cast<size_t>(sys_.words());
  size_t next[256] = {};  // the next candidate of each owner (nw <= 256: owners are bytes)
  const size_t m = w.owner.size();
  for (size_t at = 0; at < m; ++at) {
    const uint8_t u = w.owner[at];
    const size_t k = next[u]++;
    if (workers_[u].fresh[t][k] == 0) continue;
    if (rank >= allowed_) break;
    const uint64_t idx = round_base_ + rank++;
    std::memcpy(bfs_store_->MutableState(static_cast<uint32_t>(idx)), w.words.data() + at * ww,
                ww * sizeof(uint64_t));
    const Parent& from = w.from[at];
    *parents_.At(idx) = from;
    w.index[u][k] = static_cast<uint32_t>(idx);  // its table entry: next round (BfsDedup)
    CheckNewState(w, static_cast<uint32_t>(idx), from.state, from.process);
  }
  // Violations in (parent, process) order: BfsExpand's and these are each in that order.
  std::inplace_merge(w.found.begin(), w.found.begin() + static_cast<ptrdiff_t>(w.expand_found),
                     w.found.end(), FoundBefore);
}

void Search::Bfs() {
  const int nthreads = std::max(1, opt_.threads);
  RC_CHECK(nthreads <= 256);
  const int n = sys_.num_processes();
  const size_t ww = static_cast<size_t>(sys_.words());
  workers_.assign(static_cast<size_t>(nthreads), Worker());
  for (Worker& w : workers_) {
    w.out.resize(static_cast<size_t>(nthreads));
    w.index.resize(static_cast<size_t>(nthreads));
    w.last_index.resize(static_cast<size_t>(nthreads));
    w.fresh.resize(static_cast<size_t>(nthreads));
    w.last_fresh.resize(static_cast<size_t>(nthreads));
    w.per_shard.assign(ShardedStore::kShards, 0);
    w.fresh_from.assign(static_cast<size_t>(nthreads), 0);
    w.succ.resize(static_cast<size_t>(n) * ww);
    w.hashes.resize(static_cast<size_t>(n));
    w.procs.resize(static_cast<size_t>(n));
    w.step_violated.assign(sys_.properties().size(), 0);
  }
  // The initial state.
  std::vector<uint64_t> init(ww);
  sys_.Initial(init.data());
  Canonical(init.data());
  {
    const uint64_t h = HashWords(init.data(), sys_.words());
    bfs_store_->Reserve(ShardedStore::ShardOf(h), 1);
    uint64_t entry = 0;
    bfs_store_->InsertProvisional(init.data(), h, 0, &entry, [](uint32_t) {
      return static_cast<const uint64_t*>(nullptr);  // never called: the table is empty
    });
    bfs_store_->ReserveStates(1);
    bfs_store_->Resize(1);
    parents_.Append();
    std::memcpy(bfs_store_->MutableState(0), init.data(), init.size() * sizeof(uint64_t));
    *parents_.At(0) = Parent{kNoParent, -1};
    bfs_store_->Commit(entry, 0);
    CheckNewState(workers_[0], 0, kNoParent, -1);
    for (const Found& f : workers_[0].found) Violation(f.property, f.state, f.extra);
    workers_[0].found.clear();
    stats_.terminal_states += workers_[0].terminal;
    workers_[0].terminal = 0;
    outcomes_.insert(workers_[0].outcomes.begin(), workers_[0].outcomes.end());
    workers_[0].outcomes.clear();
  }
  // Rounds of at most kBfsRound frontier states, never crossing a level (so depth is exact).
  uint64_t cursor = 0, level_end = 1;
  bool done = stop_ || RoundChecks();
  auto plan = [&]() {  // thread 0, between rounds
    if (done) return;
    if (cursor == level_end) {
      if (Stored() == level_end) {
        done = true;
        return;
      }
      ++stats_.depth;
      level_end = Stored();
    }
    round_from_ = cursor;
    round_to_ = std::min(level_end, cursor + kBfsRound);
    cursor = round_to_;
    expanded_ += round_to_ - round_from_;
    round_base_ = Stored();
    allowed_ = UINT64_MAX;
    if (opt_.max_states != 0) {
      allowed_ = opt_.max_states > round_base_ ? opt_.max_states - round_base_ : 0;
    }
    // Room for every successor of the round (each is at most one new state), so that the
    // workers write states and parents with no allocation.
    const uint64_t room = std::min<uint64_t>((round_to_ - round_from_) * n, allowed_);
    const uint64_t cap = std::min(round_base_ + room, ShardedStore::kMaxStates);
    bfs_store_->ReserveStates(cap);
    while (parents_.size() < cap) parents_.Append();
  };
  auto merge = [&]() {  // thread 0: violations in the order of the sequential search
    uint64_t fresh = 0;
    for (Worker& x : workers_) {  // worker by worker: in (parent, process) order
      for (uint64_t f : x.fresh_from) fresh += f;
      for (const Found& f : x.found) Violation(f.property, f.state, f.extra);
      stats_.transitions += x.transitions;
      stats_.terminal_states += x.terminal;
      stats_.reduced_states += x.reduced;
      x.transitions = x.terminal = x.reduced = 0;
      outcomes_.insert(x.outcomes.begin(), x.outcomes.end());
      x.outcomes.clear();
    }
    bfs_store_->Resize(round_base_ + std::min(fresh, allowed_));
    stats_.frontier = Stored() - cursor;
    done = stop_ || RoundChecks();
  };
  SpinBarrier sync(nthreads);
  auto work = [&](int t) {
    Worker& w = workers_[t];
    for (;;) {
      if (t == 0) plan();
      sync.ArriveAndWait();
      if (done) return;
      const uint64_t span = round_to_ - round_from_;
      BfsExpand(w, round_from_ + span * t / nthreads, round_from_ + span * (t + 1) / nthreads);
      sync.ArriveAndWait();
      BfsDedup(t);
      sync.ArriveAndWait();
      BfsCommit(t);
      sync.ArriveAndWait();
      if (t == 0) merge();
    }
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < nthreads; ++t) helpers.emplace_back(work, t);
  work(0);
  for (std::thread& th : helpers) th.join();
}

// The breadth-first search on one thread: the same rounds, order and results as Bfs(), with
// no candidate buffers (each successor goes straight into the store, its table slot
// prefetched while the state's other successors are computed).
void Search::SequentialBfs() {
  workers_.assign(1, Worker());
  Worker& w = workers_[0];
  w.step_violated.assign(sys_.properties().size(), 0);
  const int n = sys_.num_processes();
  const int ww = sys_.words();
  w.succ.resize(static_cast<size_t>(n) * ww);
  w.hashes.resize(static_cast<size_t>(n));
  w.procs.resize(static_cast<size_t>(n));
  std::vector<uint64_t> init(static_cast<size_t>(ww));
  sys_.Initial(init.data());
  Canonical(init.data());
  Add(init.data(), HashWords(init.data(), ww), kNoParent, -1);
  NextLevel(0, 1);
  uint64_t cursor = 0, level_end = 1, round_end = 0;
  bool full = false;  // --max-states reached: the round goes on, storing nothing new
  while (true) {
    if (cursor == round_end) {
      if (stop_ || RoundChecks()) return;
      if (cursor == level_end) {
        if (Stored() == level_end) return;
        ++stats_.depth;
        NextLevel(level_end, Stored());
        level_end = Stored();
      }
      round_end = std::min(level_end, cursor + kBfsRound);
      expanded_ += round_end - cursor;
      stats_.frontier = Stored() - cursor;
    }
    const uint32_t i = static_cast<uint32_t>(cursor++);
    const int count = Expand(
        w, StateAt(i), [this](uint64_t hash) { PrefetchStore(hash); },
        [this, i](int32_t property, int32_t process) { Violation(property, i, process); });
    stats_.transitions += w.transitions;
    stats_.reduced_states += w.reduced;
    w.transitions = w.reduced = 0;
    for (int k = 0; k < count && !full; ++k) {
      Add(w.succ.data() + static_cast<size_t>(k) * ww, w.hashes[k], i, w.procs[k]);
      if (opt_.max_states != 0 && Stored() >= opt_.max_states) full = true;
    }
  }
}

// Stores s if new (sequential BFS, DFS); returns its index and whether it was new, after
// checking its state properties. In fingerprint mode the index of a known state is not kept
// (0 is returned with false).
std::pair<uint32_t, bool> Search::Add(const uint64_t* s, uint64_t hash, uint32_t parent,
                                      int32_t process) {
  uint32_t idx = 0;
  if (fp_store_) {
    if (!fp_store_->Insert(hash)) return {0, false};
    idx = static_cast<uint32_t>(fp_store_->size() - 1);
    fp_next_.insert(fp_next_.end(), s, s + sys_.words());
  } else {
    auto [at, inserted] = store_->Insert(s, hash);
    if (!inserted) return {at, false};
    idx = at;
  }
  Parent* pp = parents_.Append();
  pp->state = parent;
  pp->process = process;
  Worker& w = workers_[0];
  CheckNewState(w, idx, parent, process);
  for (const Found& f : w.found) Violation(f.property, f.state, f.extra);
  w.found.clear();
  stats_.terminal_states += w.terminal;
  w.terminal = 0;
  outcomes_.insert(w.outcomes.begin(), w.outcomes.end());
  w.outcomes.clear();
  return {idx, true};
}

void Search::Dfs() {
  struct Frame {
    uint32_t state;
    int32_t next;
    bool moved;  // did any process move from this state?
  };
  workers_.assign(1, Worker());
  std::vector<uint64_t> succ(static_cast<size_t>(sys_.words()));
  std::vector<uint64_t> init(static_cast<size_t>(sys_.words()));
  sys_.Initial(init.data());
  Canonical(init.data());
  Add(init.data(), HashWords(init.data(), sys_.words()), kNoParent, -1);
  std::vector<Frame> stack;
  stack.push_back({0, 0, false});
  const int n = sys_.num_processes();
  while (!stack.empty() && !stop_) {
    if ((++expanded_ & 1023) == 0 && RoundChecks()) return;
    stats_.depth = std::max<uint32_t>(stats_.depth, static_cast<uint32_t>(stack.size() - 1));
    Frame& f = stack.back();
    const uint64_t* s = store_->State(f.state);
    int p = f.next;
    StepResult r;
    const int32_t a = p == 0 && !f.moved ? Ample(s, succ.data()) : -1;
    if (a >= 0) {
      p = a;
      ++stats_.reduced_states;
    } else {
      for (; p < n; ++p) {
        if (Twin(s, p)) continue;
        r = sys_.TryStep(s, p, succ.data());
        if (r.status != StepStatus::kBlocked) break;
      }
    }
    if (p == n) {
      if (!f.moved && !sys_.Terminal(s)) Violation(sys_.deadlock_property(), f.state, -1);
      stack.pop_back();
      continue;
    }
    f.next = a >= 0 ? n : p + 1;
    f.moved = true;
    ++stats_.transitions;
    const uint32_t here = f.state;
    if (r.status == StepStatus::kViolation) {
      Violation(r.property, here, p);
      continue;
    }
    Canonical(succ.data());
    auto [idx, inserted] = Add(succ.data(), HashWords(succ.data(), sys_.words()), here, p);
    if (inserted && !stop_) stack.push_back({idx, 0, false});
    stats_.frontier = stack.size();
    if (opt_.max_states != 0 && store_->size() >= opt_.max_states && !stop_) {
      incomplete_ = "reached --max-states " + std::to_string(opt_.max_states);
      stop_ = true;
    }
  }
}

void Search::Report() {
  stats_.states = Stored();
  stats_.memory_bytes = MemoryBytes();
  stats_.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

ExploreResult Search::Run() {
  if (opt_.strategy == Strategy::kBfs) {
    if (bfs_store_) {
      Bfs();
    } else {
      SequentialBfs();
    }
  } else {
    Dfs();
  }
  Report();
  ExploreResult r;
  r.stats = stats_;
  if (opt_.strategy == Strategy::kBfs) r.stats.frontier = 0;
  for (auto& [prop, outcome] : violations_) r.violations.push_back(std::move(outcome));
  r.terminal_outcomes.assign(outcomes_.begin(), outcomes_.end());
  if (fp_store_) r.collision_bound = FingerprintSet::CollisionBound(fp_store_->size());
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

}  // namespace

ExploreResult Explore(const System& system, const ExploreOptions& options) {
  Search search(system, options);
  return search.Run();
}

}  // namespace racecheck
