// RawInterleavings (check_report.h): how many orders of the steps exist with no reduction.
#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "engine/report/check_report.h"

namespace racecheck {

namespace {

// The most steps a process of template t can take, or -1 if it can loop. A depth-first walk
// of the code with an explicit stack (a template can have millions of instructions).
int64_t LongestRun(const Template& t) {
  const int32_t n = static_cast<int32_t>(t.code.size());
  std::vector<int64_t> memo(n, -2);  // -2 unknown, -3 on the stack
  struct Frame {
    int32_t pc;
    int next;      // successors visited so far
    int64_t best;  // the longest run after pc among them
  };
  std::vector<Frame> stack{{0, 0, 0}};
  memo[0] = -3;
  while (!stack.empty()) {
    Frame& f = stack.back();
    int32_t next[2];
    if (f.next < InstrSuccessors(t, f.pc, next)) {
      int32_t q = next[f.next++];
      if (memo[q] == -3) return -1;  // a loop
      if (memo[q] == -2) {
        memo[q] = -3;
        stack.push_back({q, 0, 0});  // invalidates f
      } else {
        f.best = std::max(f.best, memo[q]);
      }
      continue;
    }
    const PInstr& in = t.code[f.pc];
    const bool counts = IsStepKind(in.kind) && in.kind != InstrKind::kEnd &&
                        (in.group_begin < 0 || f.pc == t.settle[in.group_begin]);
    memo[f.pc] = f.best + (counts ? 1 : 0);
    int64_t done = memo[f.pc];
    stack.pop_back();
    if (!stack.empty()) stack.back().best = std::max(stack.back().best, done);
  }
  return memo[0];
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
