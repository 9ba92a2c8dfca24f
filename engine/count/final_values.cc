// CountFinalValues, ResolveFinalVars (final_values.h).
#include "engine/count/final_values.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "engine/support/check.h"
#include "engine/support/messages.h"

namespace racecheck {

FinalValues CountFinalValues(const CountGraph& graph, int num_shared, std::vector<int> vars) {
  RC_CHECK(graph.complete && graph.final_of.size() == graph.states);
  FinalValues out;
  out.computed = true;
  if (vars.empty()) {
    for (int i = 0; i < num_shared; ++i) vars.push_back(i);
  }
  out.vars = vars;
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // Per recorded valuation and violation set, the schedules and the chance of ending there.
  struct Sum {
    BigInt schedules;
    bool infinite = false;
    double probability = 0;
  };
  std::map<std::pair<uint32_t, uint32_t>, Sum> sums;  // (graph.finals index, violated set)

  // Kahn's order: a state is taken once every transition into it has been; the states after a
  // cycle that can be followed never are (infinitely many schedules reach them).
  const uint32_t n = graph.states;
  std::vector<uint32_t> into(n, 0);
  for (uint32_t t : graph.target) ++into[t];
  std::vector<BigInt> schedules(n);
  std::vector<double> chance(n, 0.0);
  std::vector<bool> taken(n, false);
  std::vector<uint32_t> ready;
  if (n > 0) {
    schedules[0].Set(1);
    chance[0] = 1;
    if (into[0] == 0) ready.push_back(0);
  }
  for (size_t k = 0; k < ready.size(); ++k) {
    const uint32_t s = ready[k];
    taken[s] = true;
    if (graph.final_of[s] != CountGraph::kNoFinal) {
      Sum& sum = sums[{graph.final_of[s], graph.violated[s]}];
      sum.schedules += schedules[s];
      sum.probability += chance[s];
    }
    for (uint64_t e = graph.edge_begin[s]; e < graph.edge_begin[s + 1]; ++e) {
      const uint32_t t = graph.target[e];
      schedules[t].AddMul(schedules[s], graph.mult[e]);
      chance[t] += chance[s] * graph.mult[e] / graph.enabled[s];
      if (--into[t] == 0) ready.push_back(t);
    }
    schedules[s] = BigInt();  // every transition out of s is counted: free its digits
  }
  for (uint32_t s = 0; s < n; ++s) {
    if (!taken[s] && graph.final_of[s] != CountGraph::kNoFinal) {
      Sum& sum = sums[{graph.final_of[s], graph.violated[s]}];
      sum.infinite = true;
      sum.probability = nan;
    }
  }

  // Grouped by the values asked for (and the properties violated), in the order of the values.
  std::map<std::pair<std::vector<int64_t>, std::vector<int32_t>>, Sum> rows;
  for (auto& [key, sum] : sums) {
    std::vector<int64_t> values;
    for (int v : vars) values.push_back(graph.finals[key.first][static_cast<size_t>(v)]);
    Sum& row = rows[{std::move(values), graph.violation_sets[key.second]}];
    row.schedules += sum.schedules;
    row.infinite = row.infinite || sum.infinite;
    row.probability += sum.probability;
  }
  for (auto& [key, sum] : rows) {
    FinalValuation r;
    r.values = key.first;
    r.violated = key.second;
    r.schedules.value = std::move(sum.schedules);
    r.schedules.infinite = sum.infinite;
    r.probability = sum.probability;
    out.complete.value += r.schedules.value;
    out.complete.infinite = out.complete.infinite || r.schedules.infinite;
    out.rows.push_back(std::move(r));
  }
  for (FinalValuation& r : out.rows) {
    r.fraction = out.complete.infinite || r.schedules.infinite
                     ? nan
                     : BigInt::Ratio(r.schedules.value, out.complete.value);
  }
  return out;
}

std::vector<int> ResolveFinalVars(const System& system, const std::vector<std::string>& names,
                                  std::string* error, Lang lang) {
  std::vector<int> out;
  const std::vector<VarInfo>& shared = system.shared();
  for (const std::string& name : names) {
    bool found = false;
    for (size_t i = 0; i < shared.size(); ++i) {
      const std::string& v = shared[i].name;
      if (v == name || (v.size() > name.size() && v.compare(0, name.size(), name) == 0 &&
                        v[name.size()] == '[')) {
        out.push_back(static_cast<int>(i));
        found = true;
      }
    }
    if (!found) {
      std::vector<std::string> known;  // an array once, by its name
      for (const VarInfo& v : shared) {
        std::string base = v.name.substr(0, v.name.find('['));
        if (std::find(known.begin(), known.end(), base) == known.end()) known.push_back(base);
      }
      *error = known.empty()
                   ? Say(lang, Msg::kErrNoSharedVarNone, fmt::arg("name", name))
                   : Say(lang, Msg::kErrNoSharedVar, fmt::arg("name", name),
                         fmt::arg("list",
                                  fmt::format("{}", fmt::join(known, Say(lang, Msg::kNameSep)))));
      return {};
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace racecheck
