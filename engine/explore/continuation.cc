// ShortestContinuation (continuation.h).
#include "engine/explore/continuation.h"

#include <algorithm>
#include <unordered_map>

#include "engine/support/hash.h"

namespace racecheck {

namespace {

// The first state property s violates (invariant, final, deadlock), or -1.
int32_t StateViolation(const System& sys, const uint64_t* s) {
  int32_t found = -1;
  const bool terminal = sys.CheckState(s, false, [&](int32_t p) {
    if (found < 0) found = p;
  });
  if (found >= 0 || terminal) return found;
  for (int p = 0; p < sys.num_processes(); ++p) {
    if (sys.Enabled(s, p)) return -1;
  }
  return sys.deadlock_property();
}

struct WordsHash {
  size_t operator()(const std::vector<uint64_t>& w) const {
    return HashWords(w.data(), static_cast<int>(w.size()));
  }
};

}  // namespace

Continuation ShortestContinuation(const System& sys, const std::vector<uint64_t>& start,
                                  uint64_t max_states, const std::vector<bool>* movers) {
  Continuation out;
  if (int32_t v = StateViolation(sys, start.data()); v >= 0) {
    out.kind = Continuation::Kind::kViolatedNow;
    out.property = v;
    return out;
  }
  // Each state's index: its parent and the process that reached it. Only the visited map's keys
  // own the states; `order` points at them (node-based: stable).
  struct Node {
    uint32_t parent;
    int32_t process;
  };
  std::unordered_map<std::vector<uint64_t>, uint32_t, WordsHash> index;
  std::vector<const std::vector<uint64_t>*> order;
  std::vector<Node> nodes;
  order.push_back(&index.emplace(start, 0).first->first);
  nodes.push_back({UINT32_MAX, -1});
  auto path_to = [&](uint32_t i, int32_t last) {
    std::vector<int32_t> steps;
    if (last >= 0) steps.push_back(last);
    for (; nodes[i].parent != UINT32_MAX; i = nodes[i].parent) steps.push_back(nodes[i].process);
    std::reverse(steps.begin(), steps.end());
    return steps;
  };
  std::vector<uint64_t> succ(sys.words());
  for (size_t at = 0; at < order.size(); ++at) {
    const std::vector<uint64_t>& s = *order[at];
    for (int p = 0; p < sys.num_processes(); ++p) {
      if (movers != nullptr && !(*movers)[p]) continue;
      const StepResult r = sys.TryStep(s.data(), p, succ.data());
      if (r.status == StepStatus::kBlocked) continue;
      if (r.status == StepStatus::kViolation) {
        out.kind = Continuation::Kind::kFound;
        out.property = r.property;
        out.steps = path_to(static_cast<uint32_t>(at), p);
        out.states = order.size();
        return out;
      }
      auto [it, fresh] = index.emplace(succ, static_cast<uint32_t>(order.size()));
      if (!fresh) continue;
      order.push_back(&it->first);
      nodes.push_back({static_cast<uint32_t>(at), p});
      if (int32_t v = StateViolation(sys, succ.data()); v >= 0) {
        out.kind = Continuation::Kind::kFound;
        out.property = v;
        out.steps = path_to(static_cast<uint32_t>(order.size() - 1), -1);
        out.states = order.size();
        return out;
      }
      if (order.size() >= max_states) {
        out.kind = Continuation::Kind::kUnknown;
        out.states = order.size();
        return out;
      }
    }
  }
  out.kind = Continuation::Kind::kNone;
  out.states = order.size();
  return out;
}

}  // namespace racecheck
