// LeastTime (model_time.h).
#include "engine/count/model_time.h"

#include <cmath>
#include <limits>
#include <map>
#include <queue>

#include "engine/count/count_view.h"
#include "engine/count/word_table.h"
#include "engine/support/check.h"

namespace racecheck {

namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
constexpr uint32_t kNoParent = 0xffffffffu;

int64_t Nanoseconds(double seconds) { return std::llround(seconds * 1e9); }

// Collects the sleeps a step passes.
class SleepRecorder : public StepRecorder {
 public:
  SleepRecorder(const Template& t, bool upper) : t_(t), upper_(upper) {}
  void Pass(int32_t pc) override {
    const PInstr& in = t_.code[pc];
    if (in.kind == InstrKind::kSleep) ns += Nanoseconds(upper_ ? in.sleep_hi : in.sleep_lo);
  }
  int64_t ns = 0;

 private:
  const Template& t_;
  bool upper_;
};

// A timed state's key: the globals' index, then per (local type, time still asleep) that some
// process is in, its index and how many, as the count view's entries (count_view.h).

class TimeSearch {
 public:
  TimeSearch(const System& sys, bool upper, const CountOptions& options)
      : sys_(sys), upper_(upper), opt_(options), view_(sys, options.symmetry), globals_(view_) {
    scratch_.resize(static_cast<size_t>(sys.words()));
    out_.resize(static_cast<size_t>(sys.words()));
    sys.Initial(scratch_.data());
  }

  // The least time in nanoseconds, or kNever with *why set.
  int64_t Run(WhyNot* why, std::vector<std::pair<std::string, double>>* held) {
    if (*why = view_.KeyLimit(); !why->empty()) return kNever;
    std::vector<uint64_t> s(static_cast<size_t>(sys_.words()));
    sys_.Initial(s.data());
    std::vector<uint32_t> key = {globals_.Intern(s.data())};
    std::map<uint32_t, uint32_t> counts;
    for (int p = 0; p < sys_.num_processes(); ++p) {
      ++counts[Kind(static_cast<uint32_t>(view_.ReadType(s.data(), p)), 0)];
    }
    for (auto [k, c] : counts) key.push_back(Entry(k, c));
    const uint32_t root = Add(key, 0, kNoParent, 0, 0);
    queue_.push({0, root});
    while (!queue_.empty()) {
      const auto [time, at] = queue_.top();
      queue_.pop();
      if (time > best_[at] || settled_[at]) continue;
      const uint32_t goal = Instant(time, at, why);
      if (!why->empty()) return kNever;
      if (goal != kNoParent) {
        Held(goal, held);
        return time;
      }
    }
    why->stop = CountStop::kNoneFinishes;
    return kNever;
  }

  uint64_t states() const { return states_.size(); }

 private:
  struct Outcome {
    StepStatus status;
    uint32_t globals, type;
    int64_t sleep;
  };

  // The index of (local type, time left asleep).
  uint32_t Kind(uint32_t type, int64_t left) {
    auto [it, fresh] = kind_ids_.try_emplace({type, left}, static_cast<uint32_t>(kinds_.size()));
    if (fresh) kinds_.push_back({type, left});
    return it->second;
  }

  const Outcome& Step(uint32_t gid, uint32_t type) {
    auto [it, fresh] = memo_.try_emplace({gid, type}, Outcome{StepStatus::kBlocked, 0, 0, 0});
    if (!fresh) return it->second;
    const int p = view_.ClassFirst(view_.TypeClass(static_cast<int>(type)));
    view_.Write(globals_.Words(gid), static_cast<int>(type), p, scratch_.data());
    if (!sys_.Enabled(scratch_.data(), p)) return it->second;
    SleepRecorder rec(sys_.templates()[sys_.processes()[p].tmpl], upper_);
    const StepResult r = sys_.Step(scratch_.data(), p, out_.data(), &rec);
    it->second.status = r.status;
    if (r.status == StepStatus::kOk) {
      it->second.globals = globals_.Intern(out_.data());
      it->second.type = static_cast<uint32_t>(view_.ReadType(out_.data(), p));
      it->second.sleep = rec.ns;
    }
    return it->second;
  }

  // Stores a timed state reached at `time` (from `parent`, by a step that sleeps `sleep` while
  // holding the locks of `holds`, a bit per lock); returns its index.
  uint32_t Add(const std::vector<uint32_t>& key, int64_t time, uint32_t parent, int64_t sleep,
               uint64_t holds) {
    const auto [at, fresh] = states_.Insert(key.data(), static_cast<uint32_t>(key.size()));
    if (fresh) {
      best_.push_back(kNever);
      settled_.push_back(0);
      color_.push_back(0);
      parent_.push_back(kNoParent);
      sleep_.push_back(0);
      holds_.push_back(0);
    }
    if (time < best_[at]) {
      best_[at] = time;
      parent_[at] = parent;
      sleep_[at] = sleep;
      holds_[at] = holds;
    }
    return at;
  }

  // The successor of `key` where one process of kind `from` becomes kind `to`.
  static std::vector<uint32_t> Moved(const std::vector<uint32_t>& key, uint32_t globals,
                                     uint32_t from, uint32_t to) {
    std::map<uint32_t, uint32_t> counts;
    for (size_t i = 1; i < key.size(); ++i) counts[EntryType(key[i])] += EntryCount(key[i]);
    if (--counts[from] == 0) counts.erase(from);
    ++counts[to];
    std::vector<uint32_t> out = {globals};
    for (auto [k, c] : counts) out.push_back(Entry(k, c));
    return out;
  }

  // Explores every state reachable at `time` from `at` by steps of processes awake at that
  // moment (depth first, to see a loop of such steps); from each state where no awake process
  // can move, time jumps to the next wake-up. Returns a finished state with no one asleep, if
  // one is reached at this moment.
  uint32_t Instant(int64_t time, uint32_t root, WhyNot* why) {
    std::vector<std::pair<uint32_t, size_t>> stack = {{root, 1}};
    settled_[root] = 1;
    color_[root] = 1;
    std::vector<uint32_t> key;
    while (!stack.empty()) {
      const uint32_t at = stack.back().first;
      size_t& next = stack.back().second;
      key.assign(states_.Get(at), states_.Get(at) + states_.Length(at));
      if (opt_.max_states != 0 && states_.size() > opt_.max_states) {
        *why = {.stop = CountStop::kTimedStates, .bound = opt_.max_states};
        return kNoParent;
      }
      if (opt_.interrupt != nullptr && opt_.interrupt->load()) {
        why->stop = CountStop::kInterrupted;
        return kNoParent;
      }
      if (next == 1) {  // first visit: is it quiescent?
        bool can_move = false, finished = true;
        int64_t wake = kNever;
        for (size_t i = 1; i < key.size(); ++i) {
          const auto [type, left] = kinds_[EntryType(key[i])];
          if (!view_.TypeFinished(static_cast<int>(type))) finished = false;
          if (left > 0) {
            wake = std::min(wake, left);
          } else if (!view_.TypeFinished(static_cast<int>(type)) &&
                     Step(key[0], type).status != StepStatus::kBlocked) {
            can_move = true;
          }
        }
        if (!can_move) {
          if (wake == kNever && finished) return at;
          if (wake != kNever) Advance(key, time, wake, at);
        }
      }
      if (next >= key.size()) {
        color_[at] = 2;
        stack.pop_back();
        continue;
      }
      const uint32_t kind = EntryType(key[next++]);
      const auto [type, left] = kinds_[kind];
      if (left > 0 || view_.TypeFinished(static_cast<int>(type))) continue;
      const Outcome o = Step(key[0], type);
      if (o.status != StepStatus::kOk) continue;  // blocked, or a failing step: no finish
      const uint32_t to = Kind(o.type, o.sleep);
      uint64_t holds = 0;
      for (int l = 0; l < view_.num_locks() && l < 64; ++l) {
        if (view_.TypeHolds(static_cast<int>(o.type), l)) holds |= uint64_t{1} << l;
      }
      const uint32_t succ = Add(Moved(key, o.globals, kind, to), time, at, o.sleep, holds);
      if (color_[succ] == 1) {
        why->stop = CountStop::kBusyWait;
        return kNoParent;
      }
      if (color_[succ] == 0 && !settled_[succ] && best_[succ] == time) {
        settled_[succ] = 1;
        color_[succ] = 1;
        stack.push_back({succ, 1});
      }
    }
    return kNoParent;
  }

  // From a state where no awake process can move: time jumps by `wake`.
  void Advance(const std::vector<uint32_t>& key, int64_t time, int64_t wake, uint32_t at) {
    std::map<uint32_t, uint32_t> counts;
    for (size_t i = 1; i < key.size(); ++i) {
      const auto [type, left] = kinds_[EntryType(key[i])];
      counts[Kind(type, left - std::min(left, wake))] += EntryCount(key[i]);
    }
    std::vector<uint32_t> out = {key[0]};
    for (auto [k, c] : counts) out.push_back(Entry(k, c));
    const uint32_t succ = Add(out, time + wake, at, 0, 0);
    if (best_[succ] == time + wake && !settled_[succ]) queue_.push({time + wake, succ});
  }

  // The sleep held per lock along the path to `goal`.
  void Held(uint32_t goal, std::vector<std::pair<std::string, double>>* held) const {
    std::vector<int64_t> by_lock(static_cast<size_t>(view_.num_locks()), 0);
    for (uint32_t s = goal; s != kNoParent; s = parent_[s]) {
      for (int l = 0; l < view_.num_locks() && l < 64; ++l) {
        if ((holds_[s] >> l) & 1) by_lock[l] += sleep_[s];
      }
    }
    int l = 0;
    for (const SyncInfo& sy : sys_.syncs()) {
      if (sy.is_semaphore) continue;
      if (by_lock[l] > 0) held->push_back({sy.name, by_lock[l] / 1e9});
      ++l;
    }
  }

  const System& sys_;
  const bool upper_;
  const CountOptions& opt_;
  CountingView view_;
  std::vector<uint64_t> scratch_, out_;
  WordTable states_;
  GlobalsTable globals_;
  std::map<std::pair<uint32_t, int64_t>, uint32_t> kind_ids_;
  std::vector<std::pair<uint32_t, int64_t>> kinds_;
  std::map<std::pair<uint32_t, uint32_t>, Outcome> memo_;
  std::vector<int64_t> best_, sleep_;
  std::vector<uint8_t> settled_, color_;
  std::vector<uint32_t> parent_;
  std::vector<uint64_t> holds_;
  std::priority_queue<std::pair<int64_t, uint32_t>, std::vector<std::pair<int64_t, uint32_t>>,
                      std::greater<>>
      queue_;
};

bool HasSleeps(const System& sys, bool* ranges) {
  bool any = false;
  for (const Template& t : sys.templates()) {
    for (const PInstr& in : t.code) {
      if (in.kind != InstrKind::kSleep) continue;
      any = any || in.sleep_hi > 0;
      *ranges = *ranges || in.sleep_lo != in.sleep_hi;
    }
  }
  return any;
}

}  // namespace

ModelTime LeastTime(const System& system, const CountOptions& options) {
  ModelTime out;
  out.no_sleeps = !HasSleeps(system, &out.ranges);
  if (out.no_sleeps) {
    out.not_computed.stop = CountStop::kNoSleeps;
    return out;
  }
  WhyNot why;
  TimeSearch lower(system, false, options);
  const int64_t lo = lower.Run(&why, &out.held);
  out.states = lower.states();
  if (lo == kNever) {
    out.not_computed = why;
    out.held.clear();
    return out;
  }
  int64_t hi = lo;
  if (out.ranges) {
    std::vector<std::pair<std::string, double>> unused;
    TimeSearch upper(system, true, options);
    hi = upper.Run(&why, &unused);
    if (hi == kNever) {
      out.not_computed = why;
      out.held.clear();
      return out;
    }
  }
  out.computed = true;
  out.least = lo / 1e9;
  out.least_upper = hi / 1e9;
  return out;
}

}  // namespace racecheck
