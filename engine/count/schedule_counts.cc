// CountSchedules (schedule_counts.h).
#include "engine/count/schedule_counts.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/state/store.h"
#include "engine/support/check.h"

namespace racecheck {

namespace {

constexpr uint32_t kNone = 0xffffffffu;
// Probabilities solved by iteration stop when no value moves by more than this in a sweep (a
// few units in the last place of a double near 1), or after kMaxSweeps sweeps.
constexpr double kTolerance = 1e-14;
constexpr int kMaxSweeps = 100000;
// Exact probabilities (rationals) are computed on acyclic graphs up to this many states, and
// printed when numerator and denominator have at most kExactDigits digits.
constexpr uint32_t kExactStates = 20000;
constexpr size_t kExactDigits = 12;

// The figures of a state, as integers and as probabilities: how many schedules from it end
// complete, stuck, failed, violating nothing, then per tracked property its violating ones;
// the probabilities then have, per tracked property, the chance of ending without violating it.
enum Figure { kComplete = 0, kStuck = 1, kFailed = 2, kClean = 3, kTracked = 4 };

// Values of the states being worked on, in reusable slots: a state's values are dropped once
// every transition into it has been used, so only a frontier of them is alive at a time.
class Slots {
 public:
  Slots(uint32_t states, int nbig, int nprob) : nbig_(nbig), nprob_(nprob) {
    slot_.assign(states, kNone);
  }
  uint32_t Get(uint32_t s) const { return slot_[s]; }
  uint32_t Alloc(uint32_t s) {
    uint32_t k;
    if (!free_.empty()) {
      k = free_.back();
      free_.pop_back();
    } else {
      k = static_cast<uint32_t>(inf_.size() / static_cast<size_t>(nbig_));
      big_.resize(big_.size() + static_cast<size_t>(nbig_));
      inf_.resize(inf_.size() + static_cast<size_t>(nbig_));
      p_.resize(p_.size() + static_cast<size_t>(nprob_));
    }
    for (int f = 0; f < nbig_; ++f) {
      big(k)[f].SetZero();
      inf(k)[f] = 0;
    }
    for (int f = 0; f < nprob_; ++f) p(k)[f] = 0;
    slot_[s] = k;
    return k;
  }
  void Release(uint32_t s) {
    free_.push_back(slot_[s]);
    slot_[s] = kNone;
  }
  // Fetches, ahead of their use, where state s's values are / its values / their digits.
  void PrefetchIndex(uint32_t s) const { PrefetchLine(&slot_[s]); }
  void PrefetchValues(uint32_t s) {
    const uint32_t k = slot_[s];
    if (k == kNone) return;
    PrefetchLine(big(k));
    PrefetchLine(p(k));
  }
  void PrefetchLimbs(uint32_t s) {
    const uint32_t k = slot_[s];
    if (k == kNone) return;
    for (int f = 0; f < nbig_; ++f) PrefetchLine(big(k)[f].raw()->_mp_d);
  }
  BigInt* big(uint32_t k) { return big_.data() + static_cast<size_t>(k) * nbig_; }
  uint8_t* inf(uint32_t k) { return inf_.data() + static_cast<size_t>(k) * nbig_; }
  double* p(uint32_t k) { return p_.data() + static_cast<size_t>(k) * nprob_; }

 private:
  int nbig_, nprob_;
  PodVector<uint32_t> slot_;  // read at random through the graph's targets: huge pages help
  std::vector<uint32_t> free_;
  std::vector<BigInt> big_;
  std::vector<uint8_t> inf_;
  std::vector<double> p_;
};

// The strongly connected components of the graph, sinks first (Tarjan's algorithm, without
// recursion): (*order)[(*start)[c] .. (*start)[c + 1]) are the states of component c.
void Components(const CountGraph& g, std::vector<uint32_t>* order, std::vector<uint32_t>* start) {
  const uint32_t n = g.states;
  std::vector<uint32_t> index(n, kNone), low(n, 0);
  std::vector<uint8_t> on_stack(n, 0);
  std::vector<uint32_t> stack;
  std::vector<std::pair<uint32_t, uint64_t>> call;  // (state, next edge)
  uint32_t counter = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    call.push_back({root, g.edge_begin[root]});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      auto& [v, e] = call.back();
      if (e < g.edge_begin[v + 1]) {
        const uint32_t w = g.target[e++];
        if (index[w] == kNone) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, g.edge_begin[w]});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const uint32_t done = v;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
      if (low[done] == index[done]) {
        start->push_back(static_cast<uint32_t>(order->size()));
        uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          order->push_back(w);
        } while (w != done);
      }
    }
  }
  start->push_back(static_cast<uint32_t>(order->size()));
}

class Counter {
 public:
  Counter(const System& sys, const CountGraph& g, bool complete_only)
      : g_(g), complete_only_(complete_only) {
    const int np = static_cast<int>(sys.properties().size());
    tracked_of_.assign(static_cast<size_t>(np), -1);
    std::vector<uint8_t> seen(static_cast<size_t>(np), 0);
    for (const std::vector<int32_t>& set : g.violation_sets) {
      for (int32_t p : set) seen[p] = 1;
    }
    for (const CountGraph::End& e : g.ends) seen[e.property] = 1;
    for (CountGraph::Kind k : g.kind) {
      if (k == CountGraph::Kind::kDeadlock) seen[sys.deadlock_property()] = 1;
    }
    for (int p = 0; p < np; ++p) {
      if (!seen[p]) continue;
      tracked_of_[p] = static_cast<int>(tracked_.size());
      if (p == sys.deadlock_property()) deadlock_ = static_cast<int>(tracked_.size());
      tracked_.push_back(p);
      const PropertyKind k = sys.properties()[p].kind;
      state_prop_.push_back(k == PropertyKind::kInvariant || k == PropertyKind::kFinal);
    }
    num_tracked_ = static_cast<int>(tracked_.size());
    end_begin_.assign(g.states + 1, 0);
    for (const CountGraph::End& e : g.ends) ++end_begin_[e.state + 1];
    for (uint32_t s = 0; s < g.states; ++s) end_begin_[s + 1] += end_begin_[s];
  }

  ScheduleCounts Run() {
    const uint32_t n = g_.states;
    Slots slots(n, kTracked + num_tracked_, kTracked + 2 * num_tracked_);
    PodVector<uint32_t> uses(n, 0);
    bool forward = true;
    for (uint32_t s = 0; s < n; ++s) {
      for (uint64_t e = g_.edge_begin[s]; e < g_.edge_begin[s + 1]; ++e) {
        ++uses[g_.target[e]];
        if (g_.target[e] <= s) forward = false;
      }
    }
    ScheduleCounts out;
    // Drops the values no longer needed once the states [first, last) are done.
    auto done = [&](const uint32_t* first, const uint32_t* last) {
      for (const uint32_t* v = first; v != last; ++v) {
        for (uint64_t e = g_.edge_begin[*v]; e < g_.edge_begin[*v + 1]; ++e) {
          const uint32_t t = g_.target[e];
          if (--uses[t] == 0 && t != 0) slots.Release(t);
        }
      }
    };
    if (forward) {  // every transition goes to a later state: the reverse order is topological
      complement_ = true;
      // A state's successors' values are scattered in memory: fetch them a few states ahead,
      // in three stages (where the slot is, the slot, the digits).
      constexpr uint32_t kAhead = 12;
      auto each_target = [&](uint32_t v, const auto& f) {
        for (uint64_t e = g_.edge_begin[v]; e < g_.edge_begin[v + 1]; ++e) f(g_.target[e]);
      };
      for (uint32_t s = n; s-- > 0;) {
        if (s >= kAhead) each_target(s - kAhead, [&](uint32_t t) { slots.PrefetchIndex(t); });
        if (s >= 2 * kAhead / 3) {
          each_target(s - 2 * kAhead / 3, [&](uint32_t t) { slots.PrefetchValues(t); });
        }
        if (s >= kAhead / 3) {
          each_target(s - kAhead / 3, [&](uint32_t t) { slots.PrefetchLimbs(t); });
        }
        Acyclic(slots, s);
        done(&s, &s + 1);
      }
    } else {
      std::vector<uint32_t>& order = order_;
      std::vector<uint32_t> start;
      Components(g_, &order, &start);
      for (size_t c = 0; c + 1 < start.size(); ++c) {
        const uint32_t* first = order.data() + start[c];
        const uint32_t* last = order.data() + start[c + 1];
        bool loop = last - first > 1;
        for (uint64_t e = g_.edge_begin[*first]; !loop && e < g_.edge_begin[*first + 1]; ++e) {
          loop = g_.target[e] == *first;
        }
        if (loop) {
          out.cyclic = true;
          Cyclic(slots, first, last, &out.precision, &out.clean_known);
        } else {
          Acyclic(slots, *first);
        }
        done(first, last);
      }
    }
    Collect(slots, &out);
    if (!out.cyclic && n <= kExactStates) Exact(&out);
    return out;
  }

 private:
  // The integer figure that holds tracked property t's count in a state: the schedules that
  // violate it, or (complement_, for an invariant or final) those that do not.
  bool Complemented(int t) const { return complement_ && state_prop_[t]; }

  // Where schedules end in s itself: complete, stuck, or by failing steps.
  void AddOwnEnds(uint32_t s, BigInt* big, double* p) const {
    const CountGraph::Kind kind = g_.kind[s];
    if (kind == CountGraph::Kind::kTerminal ||
        (kind == CountGraph::Kind::kDeadlock && !complete_only_)) {
      const bool stuck = kind == CountGraph::Kind::kDeadlock;
      big[stuck ? kStuck : kComplete].Set(1);
      p[stuck ? kStuck : kComplete] = 1;
      if (!stuck) {
        big[kClean].Set(1);
        p[kClean] = 1;
      }
      for (int t = 0; t < num_tracked_; ++t) {
        if (Complemented(t)) big[kTracked + t].Set(1);
        p[kTracked + num_tracked_ + t] = stuck && t == deadlock_ ? 0 : 1;
      }
    }
    if (complete_only_) return;
    const double e = g_.enabled[s];
    for (uint32_t i = end_begin_[s]; i < end_begin_[s + 1]; ++i) {
      const CountGraph::End& end = g_.ends[i];
      const int tt = tracked_of_[end.property];
      const double w = end.mult / e;
      big[kFailed].AddSmall(end.mult);
      p[kFailed] += w;
      big[kTracked + tt].AddSmall(end.mult);
      p[kTracked + tt] += w;
      for (int t = 0; t < num_tracked_; ++t) {
        if (t != tt && Complemented(t)) big[kTracked + t].AddSmall(end.mult);
        if (t != tt) p[kTracked + num_tracked_ + t] += w;
      }
    }
  }

  // An invariant (or, in a terminal state, a final property) violated in s: every schedule
  // through s violates it, and none is clean.
  void ApplyStateProperties(uint32_t s, BigInt* big, uint8_t* inf, double* p) const {
    const std::vector<int32_t>& set = g_.violation_sets[g_.violated[s]];
    if (set.empty()) return;
    big[kClean].SetZero();
    inf[kClean] = 0;
    p[kClean] = 0;
    for (int32_t prop : set) {
      const int t = tracked_of_[prop];
      p[kTracked + t] = 1;
      p[kTracked + num_tracked_ + t] = 0;
      if (Complemented(t)) {
        big[kTracked + t].SetZero();
        continue;
      }
      big[kTracked + t] = big[kComplete];
      big[kTracked + t] += big[kStuck];
      big[kTracked + t] += big[kFailed];
      inf[kTracked + t] = inf[kComplete] | inf[kStuck] | inf[kFailed];
    }
  }

  // The figures of state s, from its successors' (all done).
  void Acyclic(Slots& slots, uint32_t s) {
    const uint32_t k = slots.Alloc(s);
    BigInt* big = slots.big(k);
    uint8_t* inf = slots.inf(k);
    double* p = slots.p(k);
    AddOwnEnds(s, big, p);
    // The figures that a violation here sets whatever the successors say are not summed.
    const int nbig = kTracked + num_tracked_;
    skip_.assign(static_cast<size_t>(nbig), 0);
    const std::vector<int32_t>& set = g_.violation_sets[g_.violated[s]];
    if (!set.empty()) skip_[kClean] = 1;
    for (int32_t prop : set) skip_[kTracked + tracked_of_[prop]] = 1;
    const double e = g_.enabled[s];
    for (uint64_t i = g_.edge_begin[s]; i < g_.edge_begin[s + 1]; ++i) {
      const uint32_t k2 = slots.Get(g_.target[i]);
      const uint32_t m = g_.mult[i];
      const BigInt* b2 = slots.big(k2);
      const uint8_t* inf2 = slots.inf(k2);
      const double* p2 = slots.p(k2);
      for (int f = 0; f < nbig; ++f) {
        if (skip_[f] || b2[f].IsZero()) {
        } else if (m == 1) {
          big[f] += b2[f];
        } else {
          big[f].AddMul(b2[f], m);
        }
        inf[f] |= inf2[f];
      }
      const double w = m / e;
      for (int f = 0; f < kTracked + 2 * num_tracked_; ++f) p[f] += w * p2[f];
    }
    ApplyStateProperties(s, big, inf, p);
  }

  // A strongly connected component with a cycle: each of its counts is 0 or infinite (every
  // state of it can loop before it leaves), decided by what leaves it; the probabilities are
  // solved by Gauss-Seidel sweeps.
  void Cyclic(Slots& slots, const uint32_t* first, const uint32_t* last, double* precision,
              bool* clean_known) {
    std::vector<uint32_t> members(first, last);
    std::sort(members.begin(), members.end());
    auto inside = [&](uint32_t t) { return std::binary_search(members.begin(), members.end(), t); };
    const int nbig = kTracked + num_tracked_, nprob = kTracked + 2 * num_tracked_;
    for (uint32_t s : members) slots.Alloc(s);
    // Counts: a figure is infinite when some schedule counted by it leaves the component.
    std::vector<uint8_t> exits(static_cast<size_t>(nbig), 0);
    std::vector<uint8_t> violates(static_cast<size_t>(num_tracked_), 0);
    std::vector<BigInt> own(static_cast<size_t>(nbig));
    std::vector<double> own_p(static_cast<size_t>(nprob));
    bool any_violation = false;
    for (uint32_t s : members) {
      for (BigInt& b : own) b.SetZero();
      AddOwnEnds(s, own.data(), own_p.data());
      for (int f = 0; f < nbig; ++f) exits[f] |= !own[f].IsZero();
      for (uint64_t i = g_.edge_begin[s]; i < g_.edge_begin[s + 1]; ++i) {
        if (inside(g_.target[i])) continue;
        const uint32_t k2 = slots.Get(g_.target[i]);
        for (int f = 0; f < nbig; ++f) {
          exits[f] |= slots.inf(k2)[f] || !slots.big(k2)[f].IsZero();
        }
      }
      for (int32_t prop : g_.violation_sets[g_.violated[s]]) {
        violates[tracked_of_[prop]] = 1;
        any_violation = true;
      }
    }
    const bool any_end = exits[kComplete] || exits[kStuck] || exits[kFailed];
    for (int t = 0; t < num_tracked_; ++t) {
      if (violates[t] && any_end) exits[kTracked + t] = 1;
    }
    // A clean schedule avoids the violating states; through them, how many loops remain is
    // not worked out here.
    if (any_violation && exits[kClean]) *clean_known = false;
    for (uint32_t s : members) {
      const uint32_t k = slots.Get(s);
      for (int f = 0; f < nbig; ++f) slots.inf(k)[f] = exits[f];
    }
    // Probabilities: x = b + A x, b from what leaves the component.
    std::vector<double> b(members.size() * static_cast<size_t>(nprob), 0.0);
    for (size_t i = 0; i < members.size(); ++i) {
      const uint32_t s = members[i];
      double* bi = b.data() + i * static_cast<size_t>(nprob);
      AddOwnEnds(s, own.data(), bi);
      const double e = g_.enabled[s];
      for (uint64_t j = g_.edge_begin[s]; j < g_.edge_begin[s + 1]; ++j) {
        if (inside(g_.target[j])) continue;
        const double* p2 = slots.p(slots.Get(g_.target[j]));
        for (int f = 0; f < nprob; ++f) bi[f] += g_.mult[j] / e * p2[f];
      }
    }
    // The transitions inside the component, by member: (member index, weight).
    std::vector<std::vector<std::pair<uint32_t, double>>> in_edges(members.size());
    for (size_t i = 0; i < members.size(); ++i) {
      const uint32_t s = members[i];
      const double e = g_.enabled[s];
      for (uint64_t j = g_.edge_begin[s]; j < g_.edge_begin[s + 1]; ++j) {
        if (!inside(g_.target[j])) continue;
        const auto at = std::lower_bound(members.begin(), members.end(), g_.target[j]);
        in_edges[i].push_back({static_cast<uint32_t>(at - members.begin()), g_.mult[j] / e});
      }
    }
    std::vector<double*> x(members.size());
    for (size_t i = 0; i < members.size(); ++i) x[i] = slots.p(slots.Get(members[i]));
    double delta = 1;
    std::vector<double> v(static_cast<size_t>(nprob));
    for (int sweep = 0; sweep < kMaxSweeps && delta > kTolerance; ++sweep) {
      delta = 0;
      for (size_t i = 0; i < members.size(); ++i) {
        const double* bi = b.data() + i * static_cast<size_t>(nprob);
        std::copy(bi, bi + nprob, v.begin());
        for (const auto& [k, w] : in_edges[i]) {
          for (int f = 0; f < nprob; ++f) v[f] += w * x[k][f];
        }
        const uint32_t s = members[i];
        if (!g_.violation_sets[g_.violated[s]].empty()) v[kClean] = 0;
        for (int32_t prop : g_.violation_sets[g_.violated[s]]) {
          const int t = tracked_of_[prop];
          v[kTracked + t] = 1;
          v[kTracked + num_tracked_ + t] = 0;
        }
        for (int f = 0; f < nprob; ++f) {
          delta = std::max(delta, std::abs(v[f] - x[i][f]));
          x[i][f] = v[f];
        }
      }
    }
    *precision = std::max(*precision, std::max(delta, kTolerance));
  }

  void Collect(Slots& slots, ScheduleCounts* out) const {
    const uint32_t k = slots.Get(0);
    const BigInt* big = slots.big(k);
    const uint8_t* inf = slots.inf(k);
    const double* p = slots.p(k);
    auto number = [&](int f) {
      ScheduleNumber n;
      n.value = big[f];
      n.infinite = inf[f] != 0;
      if (n.infinite) n.value.SetZero();
      return n;
    };
    out->complete = number(kComplete);
    out->stuck = number(kStuck);
    out->failed = number(kFailed);
    out->clean = number(kClean);
    out->total.value = big[kComplete];
    out->total.value += big[kStuck];
    out->total.value += big[kFailed];
    out->total.infinite = inf[kComplete] || inf[kStuck] || inf[kFailed];
    if (out->total.infinite) out->total.value.SetZero();
    out->p_complete = p[kComplete];
    out->p_stuck = p[kStuck];
    out->p_failed = p[kFailed];
    out->p_clean = p[kClean];
    for (int t = 0; t < num_tracked_; ++t) {
      PropertySchedules ps;
      ps.property = tracked_[t];
      const bool stuck = t == deadlock_;
      const int f = stuck ? kStuck : kTracked + t;
      ps.schedules = number(f);
      if (Complemented(t)) {  // the figure counted the schedules that do not violate it
        ps.schedules.value = out->total.value;
        ps.schedules.value -= big[f];
      }
      ps.probability = p[f];
      ps.probability_rest = stuck ? p[kComplete] + p[kFailed] : p[kTracked + num_tracked_ + t];
      if (ps.schedules.infinite || out->total.infinite || out->total.value.IsZero()) {
        ps.fraction = ps.fraction_rest = std::numeric_limits<double>::quiet_NaN();
      } else {
        BigInt rest = out->total.value;
        rest -= ps.schedules.value;
        ps.fraction = BigInt::Ratio(ps.schedules.value, out->total.value);
        ps.fraction_rest = BigInt::Ratio(rest, out->total.value);
      }
      if (ps.schedules.infinite || !ps.schedules.value.IsZero()) out->violated.push_back(ps);
    }
  }

  // The violation probabilities as exact fractions, on a small acyclic graph.
  void Exact(ScheduleCounts* out) const {
    if (complete_only_) return;
    const uint32_t n = g_.states;
    const size_t figures = static_cast<size_t>(num_tracked_);
    std::vector<mpq_t> q(static_cast<size_t>(n) * figures);
    for (mpq_t& x : q) mpq_init(x);
    mpq_t w, tmp;
    mpq_init(w);
    mpq_init(tmp);
    for (uint32_t k = 0; k < n; ++k) {  // successors first
      const uint32_t s = order_.empty() ? n - 1 - k : order_[k];
      mpq_t* x = q.data() + static_cast<size_t>(s) * figures;
      for (uint64_t i = g_.edge_begin[s]; i < g_.edge_begin[s + 1]; ++i) {
        mpq_set_ui(w, g_.mult[i], g_.enabled[s]);
        mpq_canonicalize(w);
        const mpq_t* y = q.data() + static_cast<size_t>(g_.target[i]) * figures;
        for (size_t u = 0; u < figures; ++u) {
          mpq_mul(tmp, w, y[u]);
          mpq_add(x[u], x[u], tmp);
        }
      }
      for (uint32_t i = end_begin_[s]; i < end_begin_[s + 1]; ++i) {
        const CountGraph::End& end = g_.ends[i];
        mpq_set_ui(w, end.mult, g_.enabled[s]);
        mpq_canonicalize(w);
        mpq_add(x[tracked_of_[end.property]], x[tracked_of_[end.property]], w);
      }
      if (g_.kind[s] == CountGraph::Kind::kDeadlock && deadlock_ >= 0) {
        mpq_set_ui(x[deadlock_], 1, 1);
      }
      for (int32_t prop : g_.violation_sets[g_.violated[s]]) {
        mpq_set_ui(x[tracked_of_[prop]], 1, 1);
      }
    }
    for (PropertySchedules& ps : out->violated) {
      const mpq_t& x = q[static_cast<size_t>(tracked_of_[ps.property])];
      if (mpz_sizeinbase(mpq_numref(x), 10) > kExactDigits ||
          mpz_sizeinbase(mpq_denref(x), 10) > kExactDigits) {
        continue;
      }
      char buf[2 * kExactDigits + 8];
      gmp_snprintf(buf, sizeof buf, "%Qd", x);
      ps.exact_probability = buf;
    }
    mpq_clear(w);
    mpq_clear(tmp);
    for (mpq_t& x : q) mpq_clear(x);
  }

  const CountGraph& g_;
  const bool complete_only_;
  std::vector<int32_t> tracked_;     // the properties with a violation somewhere, in order
  std::vector<uint8_t> state_prop_;  // per tracked: an invariant or final (else a step property)
  std::vector<int> tracked_of_;      // property -> tracked index, or -1
  int deadlock_ = -1;                // tracked index of `deadlock`, or -1
  int num_tracked_ = 0;
  std::vector<uint32_t> end_begin_;
  std::vector<uint8_t> skip_;
  // Without a cycle but with transitions to earlier states: an order with successors first
  // (empty when the reverse of the states' order is one).
  std::vector<uint32_t> order_;
  // Acyclic, processed in reverse order: the figure of an invariant or final property counts
  // the schedules that do *not* violate it (zero in every state past a violation, so most of
  // the additions of a model that fails early are skipped); Collect subtracts.
  bool complement_ = false;
};

}  // namespace

ScheduleCounts CountSchedules(const System& system, const CountGraph& graph, bool complete_only) {
  RC_CHECK(graph.complete);
  return Counter(system, graph, complete_only).Run();
}

}  // namespace racecheck
