// RawInterleavings (check_report.h): how many orders of the steps exist with no reduction.
#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "engine/report/check_report.h"

namespace racecheck {

namespace {

// The most steps a process of template t can take, or -1 if it can loop.
int64_t LongestRun(const Template& t) {
  const int32_t n = static_cast<int32_t>(t.code.size());
  std::vector<int64_t> memo(n, -2);  // -2 unknown, -3 on the stack
  // The most steps from the step at pc on; control flow between steps is t.settle.
  std::function<int64_t(int32_t)> go = [&](int32_t pc) -> int64_t {
    if (memo[pc] == -3) return -1;
    if (memo[pc] != -2) return memo[pc];
    memo[pc] = -3;
    const PInstr& in = t.code[pc];
    const bool counts =
        in.kind != InstrKind::kEnd && (in.group_begin < 0 || pc == t.settle[in.group_begin]);
    int64_t best = 0;
    int32_t next[2];
    const int k = InstrSuccessors(t, pc, next);
    for (int i = 0; i < k; ++i) {
      int64_t r = go(t.settle[next[i]]);
      if (r < 0) {
        memo[pc] = -1;
        return -1;
      }
      best = std::max(best, r);
    }
    memo[pc] = best + (counts ? 1 : 0);
    return memo[pc];
  };
  return go(t.entry);
}

}  // namespace

std::string RawInterleavings(const System& plain) {
  // log10 of (sum k)! / prod k!, and the exact value while it fits in a double exactly.
  double log10_total = 0;
  int64_t sum = 0;
  std::vector<int64_t> ks;
  for (const ProcessInfo& p : plain.processes()) {
    int64_t k = LongestRun(plain.templates()[p.tmpl]);
    if (k < 0) return "unbounded (a process can loop)";
    ks.push_back(k);
    sum += k;
    log10_total -= std::lgamma(static_cast<double>(k) + 1) / std::log(10.0);
  }
  log10_total += std::lgamma(static_cast<double>(sum) + 1) / std::log(10.0);
  if (log10_total < 15) {
    return fmt::format("{:.0f}", std::round(std::pow(10.0, log10_total)));
  }
  double exponent = std::floor(log10_total);
  double mantissa = std::pow(10.0, log10_total - exponent);
  return fmt::format("about {:.1f} x 10^{:.0f}", mantissa, exponent);
}

}  // namespace racecheck
