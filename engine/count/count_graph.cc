// BuildCountGraph (count_graph.h).
#include "engine/count/count_graph.h"

#include <algorithm>
#include <map>

#include "engine/count/count_view.h"
#include "engine/count/word_table.h"
#include "engine/support/check.h"
#include "engine/support/hash.h"

namespace racecheck {

namespace {

// A state's key, in 32-bit words: the index of its globals (in a table of them), then the
// count view's entries (count_view.h): per local type that some process is in, how many. A
// class larger than kMaxEntryCount is not counted, so a multiplicity fits CountGraph::mult's
// 16 bits.
constexpr uint32_t kMaxTypes = kMaxEntryTypes;

// What the step of a process of one local type does from given globals (memoized: the same
// pair comes back in many states).
struct StepOutcome {
  StepStatus status;
  int32_t property;
  uint32_t type;     // the mover's new local type
  uint32_t globals;  // the new globals' index
  uint64_t freed;    // the locks it freed while another process held them (rare)
};

// uint64 -> uint32, open addressing; for the memo of steps.
class FlatMap {
 public:
  FlatMap() : keys_(1024, kEmpty), values_(1024, 0) {}
  // The value of `key`, or nullptr.
  const uint32_t* Find(uint64_t key) const {
    for (uint64_t pos = Mix64(key) & (keys_.size() - 1);; pos = (pos + 1) & (keys_.size() - 1)) {
      if (keys_[pos] == key) return &values_[pos];
      if (keys_[pos] == kEmpty) return nullptr;
    }
  }
  void Put(uint64_t key, uint32_t value) {
    if ((size_ + 1) * 10 > keys_.size() * 7) Grow();
    Place(key, value);
    ++size_;
  }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  void Place(uint64_t key, uint32_t value) {
    uint64_t pos = Mix64(key) & (keys_.size() - 1);
    while (keys_[pos] != kEmpty) pos = (pos + 1) & (keys_.size() - 1);
    keys_[pos] = key;
    values_[pos] = value;
  }
  void Grow() {
    std::vector<uint64_t> k(keys_.size() * 2, kEmpty);
    std::vector<uint32_t> v(values_.size() * 2, 0);
    k.swap(keys_);
    v.swap(values_);
    for (size_t i = 0; i < k.size(); ++i) {
      if (k[i] != kEmpty) Place(k[i], v[i]);
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  size_t size_ = 0;
};

class Builder {
 public:
  Builder(const System& system, const CountGraphOptions& options)
      : sys_(system), opt_(options), view_(system, options.symmetry), globals_(view_) {
    scratch_.resize(static_cast<size_t>(system.words()));
    out_.resize(static_cast<size_t>(system.words()));
    system.Initial(scratch_.data());
  }

  CountGraph Build() {
    CountGraph g;
    g.violation_sets.push_back({});
    std::vector<uint64_t> s(static_cast<size_t>(sys_.words()));
    sys_.Initial(s.data());
    if (opt_.settle_private) SettlePrivate(s.data());
    if (WhyNot limit = view_.KeyLimit(); !limit.empty()) {
      g.complete = false;
      g.stopped = std::move(limit);
      return g;
    }
    std::vector<uint32_t> key = {globals_.Intern(s.data())};
    std::map<int, uint32_t> counts;
    for (int p = 0; p < sys_.num_processes(); ++p) ++counts[view_.ReadType(s.data(), p)];
    for (auto [t, c] : counts) key.push_back(Entry(static_cast<uint32_t>(t), c));
    states_.Insert(key.data(), static_cast<uint32_t>(key.size()));

    g.edge_begin.push_back(0);
    if (opt_.max_states != 0) {  // most graphs that large are near it: grow once, not often
      g.edge_begin.reserve(std::min<uint64_t>(opt_.max_states, 1 << 20) + 1);
    }
    for (uint32_t at = 0; at < states_.size(); ++at) {
      if ((at & 1023) == 0 && opt_.interrupt != nullptr && opt_.interrupt->load()) {
        stopped_.stop = CountStop::kInterrupted;
      } else if (opt_.max_states != 0 && states_.size() > opt_.max_states) {
        stopped_ = {.stop = CountStop::kStates, .bound = opt_.max_states};
      }
      if (!stopped_.empty()) break;
      Expand(g, at);
      g.edge_begin.push_back(g.target.size());
    }
    g.complete = stopped_.empty();
    g.stopped = stopped_;
    g.states = static_cast<uint32_t>(g.kind.size());
    g.types = static_cast<uint32_t>(view_.num_types());
    g.transitions = g.target.size() + g.ends.size();
    return g;
  }

 private:
  void SettlePrivate(uint64_t* s) {
    for (int p = 0; p < sys_.num_processes(); ++p) {
      const Template& t = sys_.templates()[sys_.processes()[p].tmpl];
      if (t.local_only.empty() || !t.local_only[sys_.Pc(s, p)]) continue;
      if (sys_.Step(s, p, out_.data()).status == StepStatus::kOk) {
        std::copy(out_.begin(), out_.end(), s);
      }
    }
  }

  // A step freed `freed` locks that other processes held (Python's Lock lets it): in the
  // successor's entries, from succ_[from] on, each holder (the one entry whose type holds the
  // lock: a lock has one holder) becomes its type without the lock. Kept sorted by type.
  void FreeHolders(uint64_t freed, size_t from) {
    std::map<uint32_t, uint32_t> counts;
    for (size_t i = from; i < succ_.size(); ++i)
      counts[EntryType(succ_[i])] += EntryCount(succ_[i]);
    for (; freed != 0; freed &= freed - 1) {
      const int lock = __builtin_ctzll(freed);
      for (auto it = counts.begin(); it != counts.end(); ++it) {
        if (!view_.TypeHolds(static_cast<int>(it->first), lock)) continue;
        const uint32_t without =
            static_cast<uint32_t>(view_.TypeWithout(static_cast<int>(it->first), lock));
        if (without >= kMaxTypes && stopped_.empty()) {
          stopped_ = {.stop = CountStop::kLocalStates, .bound = kMaxTypes - 1};
        }
        if (--it->second == 0) counts.erase(it);
        ++counts[without];
        break;
      }
    }
    succ_.resize(from);
    for (auto [t, c] : counts) succ_.push_back(Entry(t, c));
  }

  // The step of a process of type t from globals `gid`.
  StepOutcome Outcome(uint32_t gid, uint32_t t) {
    const uint64_t mk = uint64_t{gid} << 32 | t;
    if (const uint32_t* i = memo_.Find(mk)) return outcomes_[*i];
    const int p = view_.ClassFirst(view_.TypeClass(static_cast<int>(t)));
    view_.Write(globals_.Words(gid), static_cast<int>(t), p, scratch_.data());
    const StepResult r = opt_.step ? opt_.step(sys_, scratch_.data(), p, out_.data())
                                   : sys_.TryStep(scratch_.data(), p, out_.data());
    StepOutcome o{r.status, r.property, 0, 0, 0};
    if (r.status == StepStatus::kOk) {
      o.freed = view_.FreedFromOthers(scratch_.data(), out_.data(), p);
      o.globals = globals_.Intern(out_.data());
      o.type = static_cast<uint32_t>(view_.ReadType(out_.data(), p));
      if (o.type >= kMaxTypes && stopped_.empty()) {
        stopped_ = {.stop = CountStop::kLocalStates, .bound = kMaxTypes - 1};
      }
    }
    memo_.Put(mk, static_cast<uint32_t>(outcomes_.size()));
    outcomes_.push_back(o);
    return o;
  }

  uint32_t StateProperties(CountGraph& g, uint32_t gid, bool terminal) {
    const size_t at = size_t{gid} * 2 + terminal;
    if (at >= prop_ids_.size()) prop_ids_.resize(at + 1, kUnknown);
    if (prop_ids_[at] != kUnknown) return prop_ids_[at];
    std::vector<int32_t> v = view_.ViolatedStateProperties(globals_.Words(gid), terminal);
    uint32_t id = 0;
    if (!v.empty()) {
      auto it = std::find(g.violation_sets.begin(), g.violation_sets.end(), v);
      id = static_cast<uint32_t>(it - g.violation_sets.begin());
      if (it == g.violation_sets.end()) g.violation_sets.push_back(std::move(v));
    }
    prop_ids_[at] = id;
    return id;
  }

  void Expand(CountGraph& g, uint32_t at) {
    cur_.assign(states_.Get(at), states_.Get(at) + states_.Length(at));
    const uint32_t gid = cur_[0];
    const size_t n = cur_.size() - 1;
    const uint32_t* entries = cur_.data() + 1;
    bool terminal = true;
    uint32_t enabled = 0;
    succ_.clear();
    succ_at_.clear();
    succ_mult_.clear();
    for (size_t j = 0; j < n; ++j) {
      const uint32_t t = EntryType(entries[j]);
      const uint32_t c = EntryCount(entries[j]);
      if (view_.TypeFinished(static_cast<int>(t))) continue;
      terminal = false;
      const StepOutcome o = Outcome(gid, t);
      if (o.status == StepStatus::kBlocked) continue;
      enabled += c;
      if (o.status == StepStatus::kViolation) {
        g.ends.push_back({at, o.property, c});
        continue;
      }
      // The successor: one process moves from type t to type o.type.
      succ_at_.push_back(static_cast<uint32_t>(succ_.size()));
      succ_.push_back(o.globals);
      bool placed = false;
      for (size_t i = 0; i < n; ++i) {
        const uint32_t ti = EntryType(entries[i]);
        uint32_t ci = EntryCount(entries[i]);
        if (!placed && o.type <= ti) {
          if (o.type < ti) {
            succ_.push_back(Entry(o.type, 1));
          } else {
            ++ci;
          }
          placed = true;
        }
        if (i == j) --ci;
        if (ci > 0) succ_.push_back(Entry(ti, ci));
      }
      if (!placed) succ_.push_back(Entry(o.type, 1));
      if (o.freed != 0) FreeHolders(o.freed, succ_at_.back() + 1);
      succ_mult_.push_back(c);
    }
    // Hash every successor and fetch its slot, then insert them in order: the cache misses of
    // the lookups overlap.
    const size_t k = succ_at_.size();
    succ_at_.push_back(static_cast<uint32_t>(succ_.size()));
    hashes_.resize(k);
    for (size_t i = 0; i < k; ++i) {
      hashes_[i] = WordTable::Hash(succ_.data() + succ_at_[i], succ_at_[i + 1] - succ_at_[i]);
      states_.Prefetch(hashes_[i]);
    }
    for (size_t i = 0; i < k; ++i) {
      const uint32_t to =
          states_.Insert(succ_.data() + succ_at_[i], succ_at_[i + 1] - succ_at_[i], hashes_[i])
              .first;
      g.target.push_back(to);
      g.mult.push_back(static_cast<uint16_t>(succ_mult_[i]));
    }
    g.enabled.push_back(enabled);
    g.kind.push_back(terminal       ? CountGraph::Kind::kTerminal
                     : enabled == 0 ? CountGraph::Kind::kDeadlock
                                    : CountGraph::Kind::kInner);
    g.violated.push_back(StateProperties(g, gid, terminal));
    if (opt_.record_finals) g.final_of.push_back(terminal ? FinalOf(g, gid) : CountGraph::kNoFinal);
  }

  // The index in g.finals of the shared values of globals `gid`.
  uint32_t FinalOf(CountGraph& g, uint32_t gid) {
    if (gid >= final_ids_.size()) final_ids_.resize(gid + 1, kUnknown);
    if (final_ids_[gid] == kUnknown) {
      final_ids_[gid] = static_cast<uint32_t>(g.finals.size());
      g.finals.push_back(view_.SharedValues(globals_.Words(gid)));
    }
    return final_ids_[gid];
  }

  static constexpr uint32_t kUnknown = 0xffffffffu;
  const System& sys_;
  const CountGraphOptions& opt_;
  CountingView view_;
  WhyNot stopped_;
  std::vector<uint64_t> scratch_, out_;
  WordTable states_;
  GlobalsTable globals_;
  FlatMap memo_;
  std::vector<StepOutcome> outcomes_;
  std::vector<uint32_t> prop_ids_;   // per (globals, terminal): index into violation_sets
  std::vector<uint32_t> final_ids_;  // per globals: index into CountGraph::finals
  std::vector<uint32_t> cur_, succ_, succ_at_, succ_mult_;
  std::vector<uint64_t> hashes_;
};

}  // namespace

CountGraph BuildCountGraph(const System& system, const CountGraphOptions& options) {
  return Builder(system, options).Build();
}

}  // namespace racecheck
