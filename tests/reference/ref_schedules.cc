// The reference's schedule enumeration (ref_schedules.h).
#include "tests/reference/ref_schedules.h"

#include <cmath>
#include <memory>
#include <tuple>

#include "tests/reference/ref_interp.h"

namespace racecheck::reference {

namespace {

class Walker {
 public:
  Walker(Interpreter& in, const ScheduleOptions& o, ScheduleTally* t) : in_(in), o_(o), t_(t) {}

  // Every plain schedule, recorded as its projection.
  void Plain(const State& s, const std::set<std::string>& violated, const std::string& proj) {
    if (!t_->enumerated) return;
    if (t_->plain > o_.max_schedules) {
      t_->enumerated = false;
      return;
    }
    std::vector<int> enabled = Enabled(s);
    if (enabled.empty()) {
      std::set<std::string> v = violated;
      const Ending e = End(s, &v);
      Record(e, v, proj, e == Ending::kComplete ? Finals(s) : "");
      return;
    }
    on_path_.insert(s);
    for (int p : enabled) {
      const Step* step = in_.NextStepOf(s, p);
      State s2 = s;
      const StepOutcome o = in_.TakeStep(s2, p);
      const std::string self = std::to_string(p) + ",";
      if (o.violation) {
        std::set<std::string> v = violated;
        v.insert(o.property);
        Record(Ending::kFailed, v, proj + self, "");
        continue;
      }
      const bool hidden =
          (o_.is_private && o_.is_private(step)) ||
          (o_.drop_sync && (step->kind == StepKind::kAcquire || step->kind == StepKind::kRelease));
      if (on_path_.count(s2) != 0) {
        t_->cyclic = true;
        t_->enumerated = false;
        return;
      }
      std::set<std::string> v = violated;
      for (const std::string& k : in_.ViolatedInvariants(s2)) v.insert(k);
      Plain(s2, v, hidden ? proj : proj + self);
      if (!t_->enumerated) return;
    }
    on_path_.erase(s);
  }

  // The random scheduler, over fused steps (a step and the private ones after it).
  // `prob` and `exact` are the chance of the path so far, a double and a fraction: the product
  // of 1/(processes that can move) over its steps.
  void Random(const State& s, const std::set<std::string>& violated, double prob,
              const mpq_class& exact) {
    std::vector<int> enabled = Enabled(s);
    if (enabled.empty()) {
      std::set<std::string> v = violated;
      const Ending e = End(s, &v);
      Chance(e, v, prob, exact);
      if (e == Ending::kComplete) t_->p_final_values[Finals(s)] += prob;
      return;
    }
    const double w = prob / static_cast<double>(enabled.size());
    const mpq_class wx = exact / static_cast<unsigned long>(enabled.size());
    for (int p : enabled) {
      State s2 = s;
      const StepOutcome o = in_.TakeStep(s2, p);
      if (o.violation) {
        std::set<std::string> v = violated;
        v.insert(o.property);
        Chance(Ending::kFailed, v, w, wx);
        continue;
      }
      Fuse(s2, p);
      std::set<std::string> v = violated;
      for (const std::string& k : in_.ViolatedInvariants(s2)) v.insert(k);
      Random(s2, v, w, wx);
    }
  }

  // Runs the private steps after p's step (those that do not fail), as the engine fuses them.
  void Fuse(State& s, int p) {
    while (o_.is_private) {
      const Step* step = in_.NextStepOf(s, p);
      if (step == nullptr || !o_.is_private(step)) return;
      State s2 = s;
      if (in_.TakeStep(s2, p).violation) return;
      s = std::move(s2);
    }
  }

  void Finish() {
    for (const auto& [key, what] : seen_) {
      const auto& [e, v, finals] = what;
      ++t_->by_ending[e];
      if (e == Ending::kComplete) ++t_->final_values[finals];
      for (const std::string& k : v) ++t_->violating[k];
      if (e == Ending::kComplete && v.empty()) ++t_->clean;
      if (e == Ending::kComplete) t_->complete_projections[key.substr(2)] = !v.empty();
    }
  }

 private:
  std::vector<int> Enabled(const State& s) const {
    std::vector<int> out;
    for (int p = 0; p < in_.num_processes(); ++p) {
      if (in_.Enabled(s, p)) out.push_back(p);
    }
    return out;
  }
  Ending End(const State& s, std::set<std::string>* v) const {
    if (in_.Terminal(s)) {
      for (const std::string& k : in_.ViolatedFinals(s)) v->insert(k);
      return Ending::kComplete;
    }
    v->insert("deadlock");
    return Ending::kStuck;
  }
  // "2,0": the shared variables' values in s.
  std::string Finals(const State& s) const {
    std::string out;
    for (int64_t x : in_.SharedValues(s)) out += (out.empty() ? "" : ",") + std::to_string(x);
    return out;
  }
  void Record(Ending e, const std::set<std::string>& v, const std::string& proj,
              const std::string& finals) {
    ++t_->plain;
    const std::string key = std::to_string(static_cast<int>(e)) + ":" + proj;
    auto [it, fresh] = seen_.try_emplace(key, e, v, finals);
    // Schedules with one projection run the same non-private steps: they must agree (and
    // private steps write no shared variable, so they end with the same values too).
    if (!fresh && (std::get<1>(it->second) != v || std::get<2>(it->second) != finals)) {
      t_->enumerated = false;
    }
  }
  void Chance(Ending e, const std::set<std::string>& v, double p, const mpq_class& exact) {
    t_->p_ending[e] += p;
    for (const std::string& k : v) {
      t_->p_violating[k] += p;
      t_->exact_violating[k] += exact;
    }
    if (e == Ending::kComplete && v.empty()) t_->p_clean += p;
  }

  Interpreter& in_;
  const ScheduleOptions& o_;
  ScheduleTally* t_;
  std::set<State> on_path_;
  std::map<std::string, std::tuple<Ending, std::set<std::string>, std::string>> seen_;
};

}  // namespace

ScheduleTally EnumerateSchedules(const Model& model, const ScheduleOptions& options,
                                 std::string* error) {
  ScheduleTally t;
  std::unique_ptr<Interpreter> in = Interpreter::Build(model, options.without_locks, error);
  if (!in) {
    t.enumerated = false;
    return t;
  }
  Walker w(*in, options, &t);
  State s = in->Initial();
  std::set<std::string> v;
  for (const std::string& k : in->ViolatedInvariants(s)) v.insert(k);
  w.Plain(s, v, "");
  if (!t.enumerated) return t;
  w.Finish();
  // The random scheduler starts where the fused steps start: leading private steps done.
  for (int p = 0; p < in->num_processes(); ++p) w.Fuse(s, p);
  v.clear();
  for (const std::string& k : in->ViolatedInvariants(s)) v.insert(k);
  w.Random(s, v, 1.0, mpq_class(1));
  if (!in->error().empty()) {
    *error = in->error();
    t.enumerated = false;
  }
  return t;
}

ScheduleTally ChainProbabilities(const Model& model, const ScheduleOptions& options,
                                 uint64_t max_states, std::string* error) {
  ScheduleTally t;
  std::unique_ptr<Interpreter> in = Interpreter::Build(model, options.without_locks, error);
  if (!in) {
    t.enumerated = false;
    return t;
  }
  Walker w(*in, options, &t);
  // A chain state: the interpreter's state and the properties violated on the way to it.
  using Node = std::pair<State, std::set<std::string>>;
  std::map<Node, size_t> index;
  std::vector<Node> nodes;
  struct Edge {
    size_t to;  // a node, or kEnd with `end` set
    double weight;
    Ending end;
    std::set<std::string> violated;  // for an end
  };
  constexpr size_t kEnd = ~size_t{0};
  std::vector<std::vector<Edge>> edges;
  auto add = [&](Node n) {
    auto [it, fresh] = index.try_emplace(n, nodes.size());
    if (fresh) {
      nodes.push_back(std::move(n));
      edges.emplace_back();
    }
    return it->second;
  };
  State s = in->Initial();
  for (int p = 0; p < in->num_processes(); ++p) w.Fuse(s, p);
  std::set<std::string> v0;
  for (const std::string& k : in->ViolatedInvariants(s)) v0.insert(k);
  add({s, v0});
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes.size() > max_states) {
      t.enumerated = false;
      return t;
    }
    const Node node = nodes[i];
    std::vector<int> enabled;
    for (int p = 0; p < in->num_processes(); ++p) {
      if (in->Enabled(node.first, p)) enabled.push_back(p);
    }
    if (enabled.empty()) {
      std::set<std::string> v = node.second;
      Ending e = Ending::kComplete;
      if (in->Terminal(node.first)) {
        for (const std::string& k : in->ViolatedFinals(node.first)) v.insert(k);
      } else {
        e = Ending::kStuck;
        v.insert("deadlock");
      }
      edges[i].push_back({kEnd, 1.0, e, v});
      continue;
    }
    const double weight = 1.0 / static_cast<double>(enabled.size());
    for (int p : enabled) {
      State s2 = node.first;
      const StepOutcome o = in->TakeStep(s2, p);
      std::set<std::string> v = node.second;
      if (o.violation) {
        v.insert(o.property);
        edges[i].push_back({kEnd, weight, Ending::kFailed, v});
        continue;
      }
      w.Fuse(s2, p);
      for (const std::string& k : in->ViolatedInvariants(s2)) v.insert(k);
      const size_t to = add({std::move(s2), std::move(v)});
      edges[i].push_back({to, weight, Ending::kComplete, {}});
    }
  }
  // Value iteration, one quantity at a time: the chance of reaching an end that counts, or
  // (`absorbed`) a node that counts whatever follows (a violation, once passed, stays).
  auto solve = [&](const std::function<bool(const Edge&)>& counts,
                   const std::function<bool(const Node&)>& absorbed) {
    std::vector<double> x(nodes.size(), 0.0);
    std::vector<uint8_t> fixed(nodes.size(), 0);
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (absorbed(nodes[i])) {
        fixed[i] = 1;
        x[i] = 1;
      }
    }
    for (int sweep = 0; sweep < 100000; ++sweep) {
      double delta = 0;
      for (size_t i = nodes.size(); i-- > 0;) {
        if (fixed[i]) continue;
        double v = 0;
        for (const Edge& e : edges[i]) {
          v += e.weight * (e.to == kEnd ? (counts(e) ? 1.0 : 0.0) : x[e.to]);
        }
        delta = std::max(delta, std::abs(v - x[i]));
        x[i] = v;
      }
      if (delta <= 1e-15) break;
    }
    return x[0];
  };
  auto none = [](const Node&) { return false; };
  std::set<std::string> keys;
  for (const auto& list : edges) {
    for (const Edge& e : list) keys.insert(e.violated.begin(), e.violated.end());
  }
  for (Ending end : {Ending::kComplete, Ending::kStuck, Ending::kFailed}) {
    t.p_ending[end] = solve([end](const Edge& e) { return e.end == end; }, none);
  }
  for (const std::string& k : keys) {
    t.p_violating[k] = solve([&k](const Edge& e) { return e.violated.count(k) != 0; },
                             [&k](const Node& n) { return n.second.count(k) != 0; });
  }
  t.p_clean =
      solve([](const Edge& e) { return e.end == Ending::kComplete && e.violated.empty(); }, none);
  if (!in->error().empty()) {
    *error = in->error();
    t.enumerated = false;
  }
  return t;
}

}  // namespace racecheck::reference
