// Concretize (concretize.h).
#include "engine/trace/concretize.h"

#include <numeric>

#include "engine/support/check.h"

namespace racecheck {

std::vector<int32_t> ConcreteSchedule(const System& searched, const Symmetry* symmetry,
                                      const SearchPath& path) {
  RC_CHECK(path.canonical == (symmetry != nullptr));  // the search's own Symmetry, or none
  const int n = searched.num_processes();
  const size_t w = static_cast<size_t>(searched.words());
  std::vector<uint64_t> cur(w), next(w), canon(w);
  std::vector<int32_t> concrete(static_cast<size_t>(n));  // canonical process -> concrete one
  auto relabel = [&]() {
    if (symmetry == nullptr) {
      std::iota(concrete.begin(), concrete.end(), 0);
      return;
    }
    canon = cur;
    symmetry->Canonicalize(canon.data(), concrete.data());
  };
  std::vector<int32_t> raw;
  int32_t last_raw_steps = 1;
  auto step = [&](int32_t q) {
    RC_CHECK(q >= 0 && q < n);
    const int32_t p = concrete[q];
    StepResult r = searched.Step(cur.data(), p, next.data());
    raw.insert(raw.end(), static_cast<size_t>(r.raw_steps), p);
    last_raw_steps = r.raw_steps;
    return r;
  };
  searched.Initial(cur.data());
  relabel();
  for (int32_t q : path.stored) {
    // A stored transition ran, or violated a property and went on where Python goes on.
    const StepResult r = step(q);
    RC_CHECK(r.status == StepStatus::kOk || r.successor);
    cur.swap(next);
    relabel();
  }
  if (path.extra >= 0) {
    step(path.extra);
  } else if (path.trim_last && !path.stored.empty()) {
    // An invariant is broken by the first plain step of the last transition: the local steps
    // fused after it cannot change a shared variable.
    raw.resize(raw.size() - static_cast<size_t>(last_raw_steps - 1));
  }
  return raw;
}

std::vector<Counterexample> ConcretizeCounterexamples(const System& searched,
                                                      const Symmetry* symmetry,
                                                      const ExploreResult& result) {
  std::vector<Counterexample> out;
  out.reserve(result.violations.size());
  for (const PropertyOutcome& o : result.violations) {
    out.push_back({o.property, ConcreteSchedule(searched, symmetry, o.path)});
  }
  return out;
}

}  // namespace racecheck
