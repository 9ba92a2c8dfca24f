// The reference's search: a naive breadth-first search over full state vectors in a std::set,
// level by level, with no reduction. See reference.h for what it counts and how.
#include <algorithm>
#include <sstream>

#include "tests/reference/ref_interp.h"
#include "tests/reference/reference.h"

namespace racecheck::reference {

std::string PropertyKey(const std::string& kind, const std::string& name, int line, int col) {
  if (kind == "invariant" || kind == "final") return kind + " '" + name + "'";
  if (kind == "assert") return "assert " + std::to_string(line) + ":" + std::to_string(col);
  return kind;
}

std::optional<Result> Explore(const Model& model, const Options& options, std::string* error) {
  std::unique_ptr<Interpreter> in = Interpreter::Build(model, options.without_locks, error);
  if (!in) return std::nullopt;
  Result r;
  r.properties.insert(in->property_keys().begin(), in->property_keys().end());
  // A violation of `property` whose counterexample has `length` steps.
  auto record = [&r](const std::string& property, uint64_t length) {
    auto [it, fresh] = r.violations.try_emplace(property);
    PropertyResult& p = it->second;
    p.shortest = fresh ? length : std::min(p.shortest, length);
    ++p.violating_states;
  };
  std::set<State> seen;
  std::vector<State> level, next;
  // Stores s, found at breadth-first distance d, if it is new, and checks its properties.
  auto add = [&](State s, uint64_t d) {
    if (!seen.insert(s).second) return;
    ++r.states;
    r.depth = std::max(r.depth, d);
    for (const std::string& p : in->ViolatedInvariants(s)) record(p, d);
    if (in->Terminal(s)) {
      ++r.terminal_states;
      r.terminal_outcomes.insert(in->SharedValues(s));
      for (const std::string& p : in->ViolatedFinals(s)) record(p, d);
    }
    next.push_back(std::move(s));
  };
  add(in->Initial(), 0);
  const int n = in->num_processes();
  for (uint64_t d = 0; !next.empty(); ++d) {
    level.swap(next);
    next.clear();
    for (const State& s : level) {
      if (options.max_states != 0 && r.states >= options.max_states) {
        r.complete = false;
        return r;
      }
      bool moved = false;
      std::set<std::string> failed;  // step properties violated from s: counted once each
      for (int p = 0; p < n; ++p) {
        if (!in->Enabled(s, p)) continue;
        moved = true;
        ++r.transitions;
        State t = s;
        const StepOutcome out = in->TakeStep(t, p);
        if (out.violation) {
          if (failed.insert(out.property).second) record(out.property, d + 1);
          if (!out.successor) continue;  // else on, as Python goes on (reference.h)
        }
        add(std::move(t), d + 1);
      }
      if (!moved && !in->Terminal(s)) record("deadlock", d);
      if (!in->error().empty()) {
        *error = in->error();
        return std::nullopt;
      }
    }
  }
  return r;
}

std::string Describe(const Result& r) {
  std::ostringstream o;
  o << "states " << r.states << ", transitions " << r.transitions << ", terminal "
    << r.terminal_states << ", depth " << r.depth << (r.complete ? "" : " (incomplete)") << "\n";
  for (const auto& [key, p] : r.violations) {
    o << "  violated " << key << ": " << p.violating_states << " states, shortest " << p.shortest
      << "\n";
  }
  o << "  terminal outcomes:";
  for (const std::vector<int64_t>& v : r.terminal_outcomes) {
    o << " (";
    for (size_t i = 0; i < v.size(); ++i) o << (i ? " " : "") << v[i];
    o << ")";
  }
  o << "\n";
  return o.str();
}

}  // namespace racecheck::reference
