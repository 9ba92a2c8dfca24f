// The parallel breadth-first search (parallel_bfs.h).
#include "engine/explore/parallel_bfs.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/explore/search_plan.h"
#include "engine/explore/spin_barrier.h"
#include "engine/state/round_set.h"
#include "engine/state/sharded_store.h"
#include "engine/support/check.h"
#include "engine/support/hash.h"

namespace racecheck {
namespace {

constexpr uint32_t kNoIndex = 0xffffffffu;

// The first copy of a successor in its worker's share of the round, as its owner sees it.
struct Candidate {
  uint64_t hash;
  uint32_t at;  // its position in the worker's candidates (Worker::words, Worker::from)
};

// What one thread owns, written by that thread only (each worker writes what the others read
// in arrays of its own: few cache lines travel between cores). Cache lines of its own.
// Candidates go to the owner of their shard through out[u]; the owner answers in
// fresh[t] (which of them are new); their worker numbers the new ones and answers in
// index[u]; next round, the owner makes their table entries final from last_fresh and
// last_index. Its Scratch serves Expand and CheckNewState; `found` is merged by thread 0.
struct alignas(64) Worker : Scratch {
  // As a worker, of its share of the round:
  std::vector<uint64_t> words;              // the candidates' states, words() each, in order
  std::vector<Parent> from;                 // how each candidate was reached, in order
  std::vector<uint8_t> owner;               // the owner of each candidate, in order
  std::vector<std::vector<Candidate>> out;  // by owner, in candidate order
  std::vector<uint64_t> per_shard;          // candidates by shard
  std::vector<std::vector<uint32_t>> index, last_index;  // by owner, like out: kNoIndex or
                                                         // the store index given
  size_t expand_found = 0;                               // found[0, expand_found) are BfsExpand's
  RoundSet seen;                                         // the candidates, by state
  // As an owner, of workers_[t].out[me]: 0 (a copy) or 1 + the provisional table entry.
  std::vector<std::vector<uint64_t>> fresh, last_fresh;  // by worker
  std::vector<uint64_t> fresh_from;                      // by worker: how many are new
};

class ParallelSearch {
 public:
  ParallelSearch(SearchState& search, int threads)
      : search_(search),
        sys_(search.system()),
        opt_(search.options()),
        nthreads_(threads),
        store_(search.system().words()) {}

  ExploreResult Run();

 private:
  void BfsExpand(Worker& w, uint64_t from, uint64_t to);
  void BfsDedup(int u);
  void BfsCommit(int t);

  SearchState& search_;
  const System& sys_;
  const ExploreOptions& opt_;
  const int nthreads_;
  ShardedStore store_;
  std::vector<Worker> workers_;
  uint64_t round_from_ = 0, round_to_ = 0;  // the frontier states of the current round
  uint64_t allowed_ = 0;                    // new states the round may still store
  uint64_t round_base_ = 0;                 // the store's size before the round
};

// Phase 1 (worker): run every process of frontier states [from, to); keep the first copy of
// each successor as a candidate, in (state, process) order, listed for the worker that owns its
// shard.
void ParallelSearch::BfsExpand(Worker& w, uint64_t from, uint64_t to) {
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
    const int count = search_.Expand(
        w, store_.State(at_state), [&w](uint64_t hash) { w.seen.Prefetch(hash); },
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
void ParallelSearch::BfsDedup(int u) {
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
        store_.PrefetchEntry(fresh[k + kAhead] - 1);
      }
      if (fresh[k] != 0 && index[k] != kNoIndex) store_.Commit(fresh[k] - 1, index[k]);
    }
  }
  for (int sh = u; sh < ShardedStore::kShards; sh += nw) {
    uint64_t extra = 0;
    for (const Worker& w : workers_) extra += w.per_shard[sh];
    store_.Reserve(sh, extra);
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
    for (size_t k = 0; k < std::min(kAhead, m); ++k) store_.Prefetch(o[k].hash);
    for (size_t k = 0; k < m; ++k) {
      if (k + kAhead < m) store_.Prefetch(o[k + kAhead].hash);
      const Candidate& c = o[k];
      uint64_t entry = 0;
      const bool is_new = store_.InsertProvisional(
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
void ParallelSearch::BfsCommit(int t) {
  const int nw = static_cast<int>(workers_.size());
  Worker& w = workers_[t];
  uint64_t rank = 0, total = 0;
  for (int x = 0; x < nw; ++x) {
    for (const Worker& v : workers_) {
      if (x < t) rank += v.fresh_from[x];
      total += v.fresh_from[x];
    }
  }
  RC_CHECK(round_base_ + std::min(total, allowed_) <= store_.reserved());
  const size_t ww = static_cast<size_t>(sys_.words());
  size_t next[256] = {};  // the next candidate of each owner (nw <= 256: owners are bytes)
  const size_t m = w.owner.size();
  for (size_t at = 0; at < m; ++at) {
    const uint8_t u = w.owner[at];
    const size_t k = next[u]++;
    if (workers_[u].fresh[t][k] == 0) continue;
    if (rank >= allowed_) break;
    const uint64_t idx = round_base_ + rank++;
    std::memcpy(store_.MutableState(static_cast<uint32_t>(idx)), w.words.data() + at * ww,
                ww * sizeof(uint64_t));
    const Parent& from = w.from[at];
    *search_.parents().At(idx) = from;
    w.index[u][k] = static_cast<uint32_t>(idx);  // its table entry: next round (BfsDedup)
    search_.CheckNewState(w, store_.State(static_cast<uint32_t>(idx)), static_cast<uint32_t>(idx),
                          from.state, from.process);
  }
  // Violations in (parent, process) order: BfsExpand's and these are each in that order.
  std::inplace_merge(w.found.begin(), w.found.begin() + static_cast<ptrdiff_t>(w.expand_found),
                     w.found.end(), FoundBefore);
}

ExploreResult ParallelSearch::Run() {
  RC_CHECK(nthreads_ >= 1 && nthreads_ <= kMaxThreads);  // owners are bytes (BfsCommit)
  const size_t nw = static_cast<size_t>(nthreads_);
  const int n = sys_.num_processes();
  ExploreStats& stats = search_.stats();
  ChunkedArray<Parent>& parents = search_.parents();
  workers_.assign(nw, Worker());
  for (Worker& w : workers_) {
    search_.PrepareScratch(w);
    w.out.resize(nw);
    w.index.resize(nw);
    w.last_index.resize(nw);
    w.fresh.resize(nw);
    w.last_fresh.resize(nw);
    w.per_shard.assign(ShardedStore::kShards, 0);
    w.fresh_from.assign(nw, 0);
  }
  // The initial state: no round runs yet, so the store takes it in one phase.
  {
    std::vector<uint64_t> init(static_cast<size_t>(sys_.words()));
    search_.Initial(init.data());
    search_.Add(store_, workers_[0], init.data(), HashWords(init.data(), sys_.words()), kNoParent,
                -1);
  }
  // Rounds of at most kBfsRound frontier states, never crossing a level (so depth is exact).
  uint64_t cursor = 0, level_end = 1;
  bool done = search_.stopped() || search_.RoundChecks(store_);
  auto plan = [&]() {  // thread 0, between rounds
    if (done) return;
    if (cursor == level_end) {
      if (store_.size() == level_end) {
        done = true;
        return;
      }
      ++stats.depth;
      level_end = store_.size();
    }
    round_from_ = cursor;
    round_to_ = std::min(level_end, cursor + kBfsRound);
    cursor = round_to_;
    search_.CountExpanded(round_to_ - round_from_);
    round_base_ = store_.size();
    allowed_ = UINT64_MAX;
    if (opt_.max_states != 0) {
      allowed_ = opt_.max_states > round_base_ ? opt_.max_states - round_base_ : 0;
    }
    // Room for every successor of the round (each is at most one new state), so that the
    // workers write states and parents with no allocation.
    const uint64_t room = std::min<uint64_t>((round_to_ - round_from_) * n, allowed_);
    const uint64_t cap = std::min(round_base_ + room, ShardedStore::kMaxStates);
    store_.ReserveStates(cap);
    while (parents.size() < cap) parents.Append();
  };
  auto merge = [&]() {  // thread 0: violations in the order of the sequential search
    uint64_t fresh = 0;
    for (Worker& x : workers_) {  // worker by worker: in (parent, process) order
      for (uint64_t f : x.fresh_from) fresh += f;
      search_.Drain(x);
    }
    store_.Resize(round_base_ + std::min(fresh, allowed_));
    stats.frontier = store_.size() - cursor;
    done = search_.stopped() || search_.RoundChecks(store_);
  };
  // When the kernel refuses memory in any phase (a store's chunk or table, a buffer), that
  // thread records it in the phase's own flag; after the barrier that ends the phase every
  // thread reads that flag and leaves the loop, so that all pass the same barriers and the
  // search stops incomplete. One flag per phase, because a flag is read after its barrier while
  // fast threads may already run (and fail in) the next phase.
  enum Phase { kPlan, kExpand, kDedup, kCommit, kMerge, kPhases };
  std::atomic<bool> failed[kPhases] = {};
  std::mutex failure_mu;
  std::string failure;
  auto guarded = [&](Phase phase, auto&& body) {
    try {
      body();
    } catch (const std::bad_alloc& e) {
      std::lock_guard<std::mutex> lock(failure_mu);
      if (failure.empty()) failure = e.what();
      failed[phase].store(true);
    }
  };
  SpinBarrier sync(nthreads_);
  auto work = [&](int t) {
    Worker& w = workers_[t];
    for (;;) {
      if (t == 0 && !failed[kMerge].load()) guarded(kPlan, plan);
      sync.ArriveAndWait();  // plan and the last merge written
      if (done || failed[kPlan].load() || failed[kMerge].load()) return;
      const uint64_t span = round_to_ - round_from_;
      guarded(kExpand, [&] {
        BfsExpand(w, round_from_ + span * t / nthreads_, round_from_ + span * (t + 1) / nthreads_);
      });
      sync.ArriveAndWait();
      if (failed[kExpand].load()) return;
      guarded(kDedup, [&] { BfsDedup(t); });
      sync.ArriveAndWait();
      if (failed[kDedup].load()) return;
      guarded(kCommit, [&] { BfsCommit(t); });
      sync.ArriveAndWait();
      if (failed[kCommit].load()) return;
      if (t == 0) guarded(kMerge, merge);
    }
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < nthreads_; ++t) helpers.emplace_back(work, t);
  work(0);
  for (std::thread& th : helpers) th.join();
  if (!failure.empty()) search_.StopOutOfMemory(failure);
  return search_.Finish(store_);
}

}  // namespace

ExploreResult ParallelBfs(SearchState& search, int threads) {
  ParallelSearch parallel(search, threads);
  return parallel.Run();
}

}  // namespace racecheck
